//! Numbers as people read them: thousands separators, a currency, a sign on differences.

use crate::value::bootstrap::BootstrapSummary;

/// Formats a number with thousands separators and no decimals: 45211 -> "45,211".
pub fn thousands(value: f64) -> String {
    let rounded = value.round();
    let digits = format!("{}", rounded.abs() as u64);
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if rounded < 0.0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// A parameter value without needless decimals: 15000 -> "15,000", 0.03 -> "0.03".
pub fn short(value: f64) -> String {
    if value.abs() >= 1000.0 {
        thousands(value)
    } else {
        let text = format!("{value:.4}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// An amount with separators and its currency: "12,500 EUR"; amounts under 10 keep two
/// decimals ("3.25 EUR"), and under 1 up to three significant ones ("0.065 EUR"), because
/// rounding a price per core-hour to whole units hides what it is.
pub fn money(amount: f64, currency: &str) -> String {
    with_currency(plain(amount), currency)
}

/// A difference, always signed: "+2,747 EUR", "-380 EUR".
pub fn signed_money(amount: f64, currency: &str) -> String {
    let text = plain(amount);
    if amount >= 0.0 && !text.starts_with('-') {
        with_currency(format!("+{text}"), currency)
    } else {
        with_currency(text, currency)
    }
}

/// A 90% interval of a difference: "+382 to +4,840 EUR".
pub fn interval(summary: &BootstrapSummary, currency: &str) -> String {
    let sign = |v: f64| {
        let text = plain(v);
        if v >= 0.0 && !text.starts_with('-') {
            format!("+{text}")
        } else {
            text
        }
    };
    with_currency(
        format!("{} to {}", sign(summary.low), sign(summary.high)),
        currency,
    )
}

fn plain(amount: f64) -> String {
    if amount.abs() < 1.0 && amount != 0.0 {
        let decimals = (2 - amount.abs().log10().floor() as i32).clamp(2, 8) as usize;
        let text = format!("{amount:.decimals$}");
        let trimmed = text.trim_end_matches('0');
        let keep = trimmed.len().max(text.find('.').map_or(0, |dot| dot + 3));
        text[..keep.min(text.len())].to_string()
    } else if amount.abs() < 10.0 {
        let text = format!("{amount:.2}");
        // "-0.00" reads as a loss that is not there.
        if text == "-0.00" {
            "0.00".to_string()
        } else {
            text
        }
    } else {
        thousands(amount)
    }
}

fn with_currency(text: String, currency: &str) -> String {
    if currency.is_empty() {
        text
    } else {
        format!("{text} {currency}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(45211.0), "45,211");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(thousands(-1234567.4), "-1,234,567");
        assert_eq!(thousands(0.0), "0");
    }

    #[test]
    fn money_signs_and_separates() {
        assert_eq!(money(12500.4, "EUR"), "12,500 EUR");
        assert_eq!(money(3.254, "EUR"), "3.25 EUR");
        assert_eq!(signed_money(2746.6, "EUR"), "+2,747 EUR");
        assert_eq!(signed_money(-380.0, ""), "-380");
        assert_eq!(signed_money(-0.0, "USD"), "+0.00 USD");
        assert_eq!(money(0.065, "EUR"), "0.065 EUR");
        assert_eq!(money(0.03, "EUR"), "0.03 EUR");
        assert_eq!(money(0.000012345, "EUR"), "0.0000123 EUR");
        assert_eq!(money(43.2, "EUR"), "43 EUR");
        let summary = BootstrapSummary {
            mean: 1.0,
            low: -1234.0,
            high: 4840.4,
            p_positive: 0.7,
            resamples: 1000,
        };
        assert_eq!(interval(&summary, "EUR"), "-1,234 to +4,840 EUR");
    }
}
