//! The one way worthit writes numbers and money, in tables, sentences, chart labels and the
//! terminal alike, so the same amount reads the same everywhere:
//!
//! - 10 and more: whole units with thousands separators (`2,747`): cents on a four-digit figure
//!   are noise next to the uncertainty of any estimate here;
//! - 1 to 10: two decimals (`3.40`), as prices are written;
//! - under 1: two significant digits (`0.065`, `0.45`), so a price per core-hour or per row
//!   does not round to 0;
//! - 10^15 and more: scientific (`1.0e20`), still exact enough to read and never clipped;
//! - not finite: `n/a`. A zero never carries a sign.
//!
//! Money is the number, a space, then the currency (`2,747 EUR`); differences carry a sign
//! (`+2,747 EUR`, `-380 EUR`); intervals sign both ends (`-1,234 to +4,840 EUR`), and below 1
//! write both to the same decimals (`-0.0010 to +0.0057`).
//!
//! A chart axis' tick labels ([`ticks`]) follow the same grouping and signs, but share one
//! precision across the axis: a tick is an exact value a reader lines up with the others, so
//! the labels carry as many decimals as the ticks need to differ (`0.0025`, `0.0050`), and
//! `M`, `bn` and `tn` shorten the large scales.

/// Magnitude from which whole numbers switch to scientific notation: past it the digits are no
/// longer those of an `f64` anyway.
const SCIENTIFIC_FROM: f64 = 1e15;

/// A count or a whole amount with thousands separators: 45211 -> "45,211".
pub fn thousands(value: f64) -> String {
    if !value.is_finite() {
        return "n/a".to_string();
    }
    let rounded = value.round();
    if rounded.abs() >= SCIENTIFIC_FROM {
        return format!("{rounded:.1e}");
    }
    let grouped = group(&format!("{:.0}", rounded.abs()));
    if rounded < 0.0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// Commas between the thousands of the whole part of an unsigned decimal: "12500.5" ->
/// "12,500.5".
fn group(digits: &str) -> String {
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    let mut grouped = String::with_capacity(digits.len() + whole.len() / 3);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if let Some(fraction) = fraction {
        grouped.push('.');
        grouped.push_str(fraction);
    }
    grouped
}

/// Below this a number is written `0`: a millionth of a currency or of a metric is the rounding
/// error of a sum (two models that decide alike differed by 0.000000094 cost units), or a
/// difference nobody would act on (two near-perfect classifiers 0.00000005 ROC-AUC apart),
/// never a finding, and two significant digits of it read as one.
pub const NEGLIGIBLE: f64 = 1e-6;

/// Whether both ends of the interval `[low, high]` lie within [`NEGLIGIBLE`] of `point`: what
/// every report writes as `point` itself, so no finding either way (a verdict's tie, a gate's
/// bar reached, an interval written "within 0.000001 of 0").
pub fn within_negligible_of(low: f64, high: f64, point: f64) -> bool {
    (low - point).abs().max((high - point).abs()) < NEGLIGIBLE
}

/// A number as the rules above write it: `2,747`, `3.40`, `0.065`, `n/a`.
pub fn number(value: f64) -> String {
    if !value.is_finite() {
        return "n/a".to_string();
    }
    let size = value.abs();
    if size < NEGLIGIBLE {
        return "0".to_string();
    }
    let text = if size >= 9.995 {
        thousands(value)
    } else if size >= 0.995 {
        format!("{value:.2}")
    } else {
        // Two significant digits, but never fewer than two decimals ("0.50", not "0.5").
        let decimals = (1 - size.log10().floor() as i32).max(2) as usize;
        let text = format!("{value:.decimals$}");
        let dot = text.find('.').unwrap_or(text.len());
        let trimmed = text.trim_end_matches('0');
        text[..trimmed.len().max(dot + 3)].to_string()
    };
    if text
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        // "-0.00" reads as a loss that is not there.
        text.trim_start_matches('-').to_string()
    } else {
        text
    }
}

/// A number with a sign unless it is zero: `+2,747`, `-380`, `0`.
pub fn signed(value: f64) -> String {
    let text = number(value);
    if value > 0.0 && text != "n/a" && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("+{text}")
    } else {
        text
    }
}

/// An amount and its currency: `12,500 EUR`, `3.25 EUR`, `0.065 EUR`.
pub fn money(amount: f64, currency: &str) -> String {
    with_currency(number(amount), currency)
}

/// Whether `amount` is written as 0 ([`number`]): a cost that reads as nothing, beside which a
/// sentence about it would only repeat another.
pub fn reads_as_zero(amount: f64) -> bool {
    number(amount) == "0"
}

/// A difference, signed: `+2,747 EUR`, `-380 EUR`.
pub fn signed_money(amount: f64, currency: &str) -> String {
    with_currency(signed(amount), currency)
}

/// An interval of a difference, both ends signed: `+382 to +4,840 EUR`; one of no width is
/// `exactly +382 EUR` (not `+382 to +382 EUR`), and one whose ends both write as 0 is
/// `within 0.000001 of 0 EUR` (not `0 to 0 EUR`).
pub fn interval(low: f64, high: f64, currency: &str) -> String {
    ends(low, high, Signs::Both, currency)
}

/// An interval of an amount, not a difference, beside an amount shown unsigned:
/// `316,310 to 350,464 EUR`, `-1,859,649 to -701,754 USD`; one of no width is `exactly 0 USD`
/// (the rule to act on no case when leaving a case alone pays nothing).
pub fn amount_interval(low: f64, high: f64, currency: &str) -> String {
    ends(low, high, Signs::Negative, currency)
}

/// Which ends of an interval carry a sign: both (a difference), or a negative one only (an
/// amount).
#[derive(Clone, Copy)]
enum Signs {
    Both,
    Negative,
}

fn ends(low: f64, high: f64, signs: Signs, currency: &str) -> String {
    let write = match signs {
        Signs::Both => signed,
        Signs::Negative => number,
    };
    if low == high {
        with_currency(format!("exactly {}", write(low)), currency)
    } else if within_negligible_of(low, high, 0.0) {
        with_currency(format!("within {} of 0", number(NEGLIGIBLE)), currency)
    } else {
        let (low_text, high_text) = match shared_decimals(low, high) {
            Some(decimals) => (
                to_decimals(low, decimals, signs).unwrap_or_else(|| write(low)),
                to_decimals(high, decimals, signs).unwrap_or_else(|| write(high)),
            ),
            None => (write(low), write(high)),
        };
        let (low_text, high_text) = if low_text != high_text {
            (low_text, high_text)
        } else {
            match apart(low, high, signs, &low_text) {
                Some(apart) => apart,
                None => return with_currency(format!("about {low_text}"), currency),
            }
        };
        with_currency(format!("{low_text} to {high_text}"), currency)
    }
}

/// Two different ends that the rules above write alike ("+0.024 to +0.024", "+1,234 to +1,234"
/// read as a mistake), each written to the fewest further decimals, up to four, that tell them
/// apart: "+0.0240 to +0.0243"; `None` where even those do not.
fn apart(low: f64, high: f64, signs: Signs, written: &str) -> Option<(String, String)> {
    if low.abs().max(high.abs()) >= SCIENTIFIC_FROM {
        return None;
    }
    let decimals = written
        .split_once('.')
        .map_or(0, |(_, fraction)| fraction.len());
    (decimals + 1..=decimals + 4).find_map(|decimals| {
        let low_text = to_decimals(low, decimals, signs)?;
        let high_text = to_decimals(high, decimals, signs)?;
        (low_text != high_text).then_some((low_text, high_text))
    })
}

/// The decimals both ends of an interval under 1 are written to: those its larger end's two
/// significant digits need, so the ends line up ("+0.010 to +0.014", "-0.0010 to +0.0057", not
/// "+0.01 to +0.014" and "-0.001 to +0.0057", which read as if one end were known more finely
/// than the other). `None` from 1 on, where [`number`]'s own decimals already agree.
fn shared_decimals(low: f64, high: f64) -> Option<usize> {
    let larger = low.abs().max(high.abs());
    (low.is_finite() && high.is_finite() && (NEGLIGIBLE..0.995).contains(&larger))
        .then(|| (1 - larger.log10().floor() as i32).max(2) as usize)
}

/// `value` to `decimals` places, signed as `signs` asks; `None` where that writes it as 0: an
/// end near 0 keeps its own two significant digits there, since on which side of 0 it lies is
/// what a reader of the interval looks for ("+0.000002 to +0.0091" lies above it).
fn to_decimals(value: f64, decimals: usize, signs: Signs) -> Option<String> {
    let text = group(&format!("{:.decimals$}", value.abs()));
    if text.chars().all(|c| c == '0' || c == '.') {
        return None;
    }
    let sign = match (value < 0.0, signs) {
        (true, _) => "-",
        (false, Signs::Both) => "+",
        (false, Signs::Negative) => "",
    };
    Some(format!("{sign}{text}"))
}

/// A metric value (ROC-AUC, RMSE, ...) to four decimals, the precision its noise allows on
/// test sets of thousands of rows; `-` when there is none. From 10 on, six significant digits
/// with the thousands grouped (`30,187.4`, `301,874`): an RMSE of house prices read
/// `30187.4386` until 2026-12-06, digits no test set resolves and too many to take in. From
/// 10^12 on, in scientific notation with five significant digits: an RMSE of 2.9e149 took 150
/// digits until 2026-12-06.
pub fn metric(value: Option<f64>) -> String {
    match value {
        Some(v) if v.is_finite() && v.abs() >= 1e12 => format!("{v:.4e}"),
        Some(v) if v.is_finite() && v.abs() >= 10.0 => {
            let decimals = (5 - v.abs().log10().floor() as i32).clamp(0, 4) as usize;
            let grouped = group(&format!("{:.decimals$}", v.abs()));
            if v < 0.0 {
                format!("-{grouped}")
            } else {
                grouped
            }
        }
        Some(v) if v.is_finite() => format!("{v:.4}"),
        _ => "-".to_string(),
    }
}

/// A metric's interval, both ends as [`metric`] writes them: `0.4729 to 0.5851`.
pub fn metric_interval(low: f64, high: f64) -> String {
    format!("{} to {}", metric(Some(low)), metric(Some(high)))
}

/// A parameter as the user wrote it, without needless decimals: 15000 -> "15,000", 0.03 ->
/// "0.03", 0.125 -> "0.125" (a setting is exact, not an estimate to round).
pub fn parameter(value: f64) -> String {
    if !value.is_finite() || value.abs() >= 1000.0 {
        thousands(value)
    } else {
        let text = format!("{value:.4}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A span of years as a setting: "1 year", "2 years", "1.5 years".
pub fn years(value: f64) -> String {
    let unit = if value == 1.0 { "year" } else { "years" };
    format!("{} {unit}", parameter(value))
}

/// The first `most` of `items` joined by commas, followed by "and N more" when there are more:
/// the names an error offers the user to choose from, kept to a line.
pub fn first_few(items: &[String], most: usize) -> String {
    let shown = items[..items.len().min(most)].join(", ");
    match items.len().saturating_sub(most) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}

/// Most decimals a tick label gets before the axis switches to scientific notation: past it a
/// label is a row of zeros too long to read, and too wide for the last tick to fit the chart.
const TICK_DECIMALS: usize = 6;

/// The labels of one axis' ticks, in the order given, in one shared format: `2,500`, `12,500`;
/// `0.50`, `0.75`; `2.5M`; `0.0025`, `0.0050`; `5.0e-7`; zero is always `0`, a value that is
/// not finite `n/a`. Each label shows its tick exactly, so distinct ticks read distinctly
/// however small the axis' scale.
pub fn ticks(values: &[f64]) -> Vec<String> {
    let magnitude = values
        .iter()
        .filter(|v| v.is_finite())
        .fold(0.0, |m: f64, v| m.max(v.abs()));
    let over = |divisor: f64| -> Vec<f64> { values.iter().map(|v| v / divisor).collect() };
    // A suffix only where it shortens without adding decimals: "2.5M", but training sizes of
    // 75,000 to 1,200,000 rows stay whole rather than "0.075M". From 10^15 on, scientific, as
    // every other number: "100,000,000tn" is no easier to read.
    let shortened = [(1e12, "tn"), (1e9, "bn"), (1e6, "M")]
        .into_iter()
        .filter(|_| magnitude < SCIENTIFIC_FROM)
        .find(|(divisor, _)| magnitude >= *divisor)
        .and_then(|(divisor, suffix)| {
            exact_decimals(&over(divisor), 2).map(|decimals| (divisor, suffix, decimals))
        });
    let whole = || {
        exact_decimals(values, TICK_DECIMALS)
            .filter(|_| magnitude < SCIENTIFIC_FROM)
            .map(|decimals| (1.0, "", decimals))
    };
    // Exact decimals would run past the rows of zeros a reader can count: scientific, with the
    // fewest mantissa digits that still show every tick.
    let Some((divisor, suffix, decimals)) = shortened.or_else(whole) else {
        let mantissas = over(10f64.powf(magnitude.log10().floor()));
        let digits = exact_decimals(&mantissas, TICK_DECIMALS).unwrap_or(TICK_DECIMALS);
        return values
            .iter()
            .map(|&v| tick_label(v, || format!("{v:.digits$e}")))
            .collect();
    };
    let scaled = over(divisor);
    values
        .iter()
        .zip(&scaled)
        .map(|(&v, &s)| {
            tick_label(v, || {
                let text = group(&format!("{:.decimals$}", s.abs()));
                let sign = if s < 0.0 { "-" } else { "" };
                format!("{sign}{text}{suffix}")
            })
        })
        .collect()
}

/// A tick's label: `0` at zero (`0.00M` or `-0.0` would puzzle a reader), `n/a` when not finite,
/// else `written()`.
fn tick_label(value: f64, written: impl FnOnce() -> String) -> String {
    if !value.is_finite() {
        "n/a".to_string()
    } else if value == 0.0 {
        "0".to_string()
    } else {
        written()
    }
}

/// The fewest decimals, at most `most`, that write every finite value exactly to a millionth of
/// itself (so no nonzero value reads as 0 and no two ticks a step apart read alike); `None` when
/// more are needed.
fn exact_decimals(values: &[f64], most: usize) -> Option<usize> {
    (0..=most).find(|&d| {
        let power = 10f64.powi(d as i32);
        values
            .iter()
            .filter(|v| v.is_finite() && **v != 0.0)
            .all(|v| {
                let shifted = v * power;
                (shifted - shifted.round()).abs() <= 1e-6 * shifted.abs()
            })
    })
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
    fn a_huge_metric_is_written_in_scientific_notation_and_an_ordinary_one_in_decimals() {
        assert_eq!(metric(Some(0.81234)), "0.8123");
        // From 10 on, six significant digits, thousands grouped.
        assert_eq!(metric(Some(25_123.456_78)), "25,123.5");
        assert_eq!(metric(Some(30_187.438_6)), "30,187.4");
        assert_eq!(metric(Some(301_874.386)), "301,874");
        assert_eq!(metric(Some(1_234.567_8)), "1,234.57");
        assert_eq!(metric(Some(12.345_678)), "12.3457");
        assert_eq!(metric(Some(-15.25)), "-15.2500");
        assert_eq!(metric(Some(9.876_54)), "9.8765");
        assert_eq!(metric(Some(-3.5)), "-3.5000");
        assert_eq!(metric(Some(2.914_649_8e149)), "2.9146e149");
        assert_eq!(metric(Some(f64::INFINITY)), "-");
        assert_eq!(metric(None), "-");
    }

    #[test]
    fn both_ends_of_an_interval_under_one_share_their_decimals() {
        assert_eq!(interval(0.0101, 0.014, ""), "+0.010 to +0.014");
        assert_eq!(
            interval(-0.00101, 0.0057, "ROC-AUC"),
            "-0.0010 to +0.0057 ROC-AUC"
        );
        assert_eq!(amount_interval(0.5, 0.55, "EUR"), "0.50 to 0.55 EUR");
        // An end that would read 0 at the other's decimals keeps its side of 0.
        assert_eq!(interval(0.000002, 0.0091, ""), "+0.000002 to +0.0091");
        // From 1 on, each end as `number` writes it.
        assert_eq!(interval(-0.45, 1.07, ""), "-0.45 to +1.07");
        assert_eq!(interval(1.24, 3_120.0, "USD"), "+1.24 to +3,120 USD");
        assert_eq!(interval(-1_234.0, 4_840.0, "EUR"), "-1,234 to +4,840 EUR");
        assert_eq!(interval(f64::NAN, 0.5, ""), "n/a to +0.50");
    }

    /// Two different ends that would be written alike get the further decimals that tell them
    /// apart (KDD Cup 99's track record read "90% band +0.024 to +0.024 ROC-AUC"); ends closer
    /// than four more decimals see are "about" the one figure.
    #[test]
    fn different_ends_are_never_written_alike() {
        assert_eq!(
            interval(0.02401, 0.02404, "ROC-AUC"),
            "+0.02401 to +0.02404 ROC-AUC"
        );
        assert_eq!(interval(0.0240, 0.0243, ""), "+0.0240 to +0.0243");
        assert_eq!(
            interval(1_234.2, 1_234.4, "EUR"),
            "+1,234.2 to +1,234.4 EUR"
        );
        assert_eq!(interval(-3.404, -3.401, ""), "-3.404 to -3.401");
        assert_eq!(
            amount_interval(12_500.1, 12_500.3, "USD"),
            "12,500.1 to 12,500.3 USD"
        );
        assert_eq!(
            interval(0.024, 0.024 + 1e-12, "ROC-AUC"),
            "about +0.024 ROC-AUC"
        );
        assert_eq!(interval(2e15, 2.0000001e15, ""), "about +2.0e15");
    }

    #[test]
    fn first_few_names_the_rest_by_their_count() {
        let names: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        assert_eq!(first_few(&names, 8), "a, b, c");
        assert_eq!(first_few(&names, 3), "a, b, c");
        assert_eq!(first_few(&names, 2), "a, b and 1 more");
        assert_eq!(first_few(&[], 2), "");
    }

    #[test]
    fn years_agree_with_their_number() {
        assert_eq!(years(1.0), "1 year");
        assert_eq!(years(2.0), "2 years");
        assert_eq!(years(1.5), "1.5 years");
        assert_eq!(years(0.5), "0.5 years");
    }

    #[test]
    fn thousands_groups_digits_of_any_finite_number() {
        assert_eq!(thousands(45211.0), "45,211");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(thousands(-1234567.4), "-1,234,567");
        assert_eq!(thousands(0.0), "0");
        assert_eq!(thousands(1e14), "100,000,000,000,000");
        assert_eq!(thousands(1e20), "1.0e20");
        assert_eq!(thousands(-3.5e300), "-3.5e300");
        assert_eq!(thousands(f64::INFINITY), "n/a");
    }

    #[test]
    fn decimals_follow_magnitude() {
        assert_eq!(number(2746.6), "2,747");
        assert_eq!(number(43.2), "43");
        assert_eq!(number(9.996), "10");
        assert_eq!(number(3.4), "3.40");
        assert_eq!(number(1.0), "1.00");
        assert_eq!(number(0.4512), "0.45");
        assert_eq!(number(0.5), "0.50");
        assert_eq!(number(0.065), "0.065");
        assert_eq!(number(0.000012345), "0.000012");
        assert_eq!(number(-0.000000094), "0");
        assert_eq!(signed(0.000000094), "0");
        assert_eq!(number(-0.004), "-0.004");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(f64::NAN), "n/a");
    }

    #[test]
    fn money_signs_and_intervals() {
        assert_eq!(money(12500.4, "EUR"), "12,500 EUR");
        assert_eq!(money(3.254, "EUR"), "3.25 EUR");
        assert_eq!(money(7.0, ""), "7.00");
        assert_eq!(signed_money(2746.6, "EUR"), "+2,747 EUR");
        assert_eq!(signed_money(-380.0, ""), "-380");
        assert_eq!(signed_money(-0.0, "USD"), "0 USD");
        assert_eq!(signed_money(0.0, "USD"), "0 USD");
        assert_eq!(interval(-1234.0, 4840.4, "EUR"), "-1,234 to +4,840 EUR");
        // An amount's interval is signed as the amount is: only where negative.
        assert_eq!(
            amount_interval(-1234.0, 4840.4, "EUR"),
            "-1,234 to 4,840 EUR"
        );
        assert_eq!(signed(f64::NAN), "n/a");
        assert_eq!(amount_interval(0.0, 0.0, "USD"), "exactly 0 USD");
        // Two ends that both write as 0 are not "0 to 0".
        assert_eq!(
            interval(0.0, 1.7e-7, "ROC-AUC"),
            "within 0.000001 of 0 ROC-AUC"
        );
        assert_eq!(amount_interval(-3e-7, 2e-7, ""), "within 0.000001 of 0");
        assert_eq!(interval(0.0, 1.2e-6, ""), "0 to +0.0000012");
        assert_eq!(interval(382.0, 382.0, "EUR"), "exactly +382 EUR");
    }

    #[test]
    fn metrics_have_four_decimals() {
        assert_eq!(metric(Some(0.81234)), "0.8123");
        assert_eq!(metric(None), "-");
        assert_eq!(metric(Some(f64::NAN)), "-");
    }

    #[test]
    fn ticks_share_one_format_per_axis() {
        assert_eq!(ticks(&[0.0, 2_500.0, 12_500.0]), ["0", "2,500", "12,500"]);
        assert_eq!(ticks(&[-3_000.0, 0.0, 3_000.0]), ["-3,000", "0", "3,000"]);
        assert_eq!(ticks(&[0.0, 500_000.0, 2_500_000.0]), ["0", "0.5M", "2.5M"]);
        assert_eq!(ticks(&[0.25, 0.5, 0.75]), ["0.25", "0.50", "0.75"]);
        assert_eq!(ticks(&[-4.5e11, 3.5e12]), ["-0.45tn", "3.50tn"]);
        assert_eq!(
            ticks(&[1.0, 10.0, 100.0, 1_000.0]),
            ["1", "10", "100", "1,000"]
        );
        assert_eq!(
            ticks(&[75_000.0, 150_000.0, 1_200_000.0]),
            ["75,000", "150,000", "1,200,000"]
        );
        assert_eq!(ticks(&[f64::NAN, -0.0]), ["n/a", "0"]);
        // From 10^15 on, scientific like every other number (not "100,000,000tn").
        assert_eq!(ticks(&[0.0, 1e20, 2e20]), ["0", "1e20", "2e20"]);
        assert_eq!(ticks(&[-2.5e90, 5e90]), ["-2.5e90", "5.0e90"]);
        // Ticks computed as multiples of a step carry its float error; it must not show.
        assert_eq!(ticks(&[0.1 * 3.0, 0.1 * 6.0]), ["0.3", "0.6"]);
    }

    #[test]
    fn small_ticks_are_distinct_and_never_zero() {
        // A cost axis under a cent, and one under a millionth (where ticks once all read "0").
        for (step, count) in [
            (0.001, 10),
            (0.0025, 4),
            (1e-7, 10),
            (5e-7, 14),
            (2.5e-12, 8),
        ] {
            let values: Vec<f64> = (1..=count).map(|i| i as f64 * step).collect();
            let labels = ticks(&values);
            let distinct: std::collections::BTreeSet<&String> = labels.iter().collect();
            assert_eq!(distinct.len(), labels.len(), "{labels:?}");
            for label in &labels {
                assert!(
                    label.chars().any(|c| c.is_ascii_digit() && c != '0'),
                    "{labels:?}"
                );
            }
        }
        assert_eq!(ticks(&[0.0, 0.002, 0.004]), ["0", "0.002", "0.004"]);
        assert_eq!(ticks(&[0.0, 1e-6, 2e-6]), ["0", "0.000001", "0.000002"]);
        assert_eq!(ticks(&[0.0, 5e-7, 1e-6]), ["0", "5.0e-7", "1.0e-6"]);
        assert_eq!(ticks(&[2.5e-12, 5e-12]), ["2.5e-12", "5.0e-12"]);
    }

    #[test]
    fn parameters_keep_what_was_written() {
        assert_eq!(parameter(15000.0), "15,000");
        assert_eq!(parameter(0.03), "0.03");
        assert_eq!(parameter(2.0), "2");
        assert_eq!(parameter(0.125), "0.125");
    }
}
