//! Axis ticks: one format for every tick of an axis, with `M`/`bn` suffixes on large scales.
//! Every other number on a chart is written by [`crate::base::format`].

/// Values beyond this size are treated like NaN: no real amount of money or count of rows is
/// that large, and keeping them would squash every other point against the axis.
const LIMIT: f64 = 1e15;

/// Whether a value can be drawn: finite and of a believable size.
pub(super) fn usable(value: f64) -> bool {
    value.is_finite() && value.abs() <= LIMIT
}

/// `value` with `decimals` decimals and a comma between thousands: `-12,500.50`.
pub(super) fn fixed(value: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, value.abs());
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text.as_str(), None),
    };
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3 + 2);
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
    // Rounding can turn a tiny negative number into "0"; a "-0" label would puzzle a reader.
    let is_zero = !text.bytes().any(|b| b.is_ascii_digit() && b != b'0');
    if value < 0.0 && !is_zero {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// The fewest decimals (at most 9) that show `value` exactly enough for a label.
fn decimals_for(value: f64) -> usize {
    let value = value.abs();
    if value == 0.0 || !value.is_finite() {
        return 0;
    }
    (0..9)
        .find(|&d| {
            let scaled = value * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() < 1e-6 * scaled.max(1.0)
        })
        .unwrap_or(9)
}

/// The divisor and suffix used for amounts this large, or `None` below a million (those get
/// thousands separators instead).
fn scale_of(magnitude: f64) -> Option<(f64, &'static str)> {
    if magnitude >= 1e12 {
        Some((1e12, "tn"))
    } else if magnitude >= 1e9 {
        Some((1e9, "bn"))
    } else if magnitude >= 1e6 {
        Some((1e6, "M"))
    } else {
        None
    }
}

/// One format shared by all tick labels of an axis, so they line up: same suffix, same decimals.
#[derive(Debug, Clone, Copy)]
pub(super) struct TickFormat {
    divisor: f64,
    suffix: &'static str,
    decimals: usize,
}

impl TickFormat {
    /// The format for ticks `step` apart on an axis whose largest magnitude is `magnitude`.
    pub(super) fn new(step: f64, magnitude: f64) -> Self {
        let (divisor, suffix) = scale_of(magnitude).unwrap_or((1.0, ""));
        TickFormat {
            divisor,
            suffix,
            decimals: decimals_for(step / divisor),
        }
    }

    /// The label of the tick at `value`.
    pub(super) fn label(&self, value: f64) -> String {
        if value.abs() < self.divisor * 1e-12 {
            // "0" reads better than "0.0M" or "0.00" at the origin.
            return "0".to_string();
        }
        format!(
            "{}{}",
            fixed(value / self.divisor, self.decimals),
            self.suffix
        )
    }
}

/// A round step near `raw`: 1, 2, 2.5 or 5 times a power of ten.
pub(super) fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let power = 10f64.powf(raw.log10().floor());
    let mantissa = raw / power;
    let nice = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .find(|&m| m >= mantissa - 1e-9)
        .unwrap_or(10.0);
    nice * power
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_and_signs() {
        assert_eq!(fixed(12_500.0, 0), "12,500");
        assert_eq!(fixed(-3_000.0, 0), "-3,000");
        assert_eq!(fixed(-0.0001, 2), "0.00");
        assert_eq!(fixed(1_234_567.891, 2), "1,234,567.89");
        assert_eq!(fixed(999.0, 0), "999");
    }

    #[test]
    fn ticks_share_a_format() {
        let format = TickFormat::new(2_500.0, 20_000.0);
        assert_eq!(format.label(12_500.0), "12,500");
        let format = TickFormat::new(500_000.0, 3_000_000.0);
        assert_eq!(format.label(2_500_000.0), "2.5M");
        assert_eq!(format.label(0.0), "0");
        let format = TickFormat::new(0.25, 1.0);
        assert_eq!(format.label(0.5), "0.50");
        assert_eq!(nice_step(0.23), 0.25);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(1100.0), 2000.0);
    }
}
