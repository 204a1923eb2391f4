//! Amounts of money in plain words, shared by every sentence this module writes.

use crate::report::markdown::thousands;

/// `amount` followed by `currency`, e.g. `2,100 EUR`, `3.4 EUR`, `-120 EUR`.
///
/// Amounts of 10 or more are rounded to whole units with thousands separators (cents on a
/// four-digit figure are noise next to the uncertainty of any estimate here); smaller amounts
/// keep two significant digits so a 0.45 EUR trial does not read as 0 EUR. Non-finite amounts
/// print as `n/a`.
pub fn money(amount: f64, currency: &str) -> String {
    format!("{} {currency}", number(amount))
}

/// `text` as a sentence: first letter capitalised, a full stop at the end.
pub fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out = match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    };
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

/// The number part of [`money`].
pub fn number(amount: f64) -> String {
    if !amount.is_finite() {
        return "n/a".to_string();
    }
    let size = amount.abs();
    if size >= 9.95 || size == 0.0 {
        return thousands(amount);
    }
    let decimals = (1 - size.log10().floor() as i32).max(0) as usize;
    let text = format!("{amount:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    if text == "-0" {
        "0".to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_large_and_keeps_small_amounts_visible() {
        assert_eq!(money(2100.4, "EUR"), "2,100 EUR");
        assert_eq!(money(-1_234_567.0, "USD"), "-1,234,567 USD");
        assert_eq!(money(3.44, "EUR"), "3.4 EUR");
        assert_eq!(money(3.0, "EUR"), "3 EUR");
        assert_eq!(money(0.4512, "EUR"), "0.45 EUR");
        assert_eq!(money(-0.004, "EUR"), "-0.004 EUR");
        assert_eq!(money(9.97, "EUR"), "10 EUR");
        assert_eq!(money(0.0, "EUR"), "0 EUR");
        assert_eq!(money(f64::NAN, "EUR"), "n/a EUR");
    }
}
