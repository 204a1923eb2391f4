//! Axis ranges, ticks and tick labels.

use plotters::prelude::*;

use super::super::usable;
use super::{Canvas, Font};
use crate::base::format::ticks as tick_labels;

/// What an axis counts, which decides its ticks and labels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scale {
    /// Any number: round steps, a little air beyond the data.
    Linear,
    /// Like `Linear` but ending exactly at round numbers around the data (a threshold's 0..1).
    Exact,
    /// Whole counts (trials): steps of at least 1.
    Count,
    /// Counts spread over decades (training rows): logarithmic.
    Log,
}

/// Whether zero belongs on an axis of amounts: where they come within their own span of it.
/// Further away, zero squeezes them into a strip of the plot (a Taiwan credit run's value a year,
/// -340M to -218M, filled the lowest third of an axis from 0), and the axis then spans the
/// amounts, whose labels give their distance from zero.
pub fn zero_within_reach(values: &[f64]) -> bool {
    let (lo, hi) = values
        .iter()
        .copied()
        .filter(|v| usable(*v))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    let span = hi - lo;
    !span.is_finite() || span <= 0.0 || lo.max(-hi).max(0.0) <= span
}

/// One axis: its range, ticks and tick labels.
#[derive(Debug, Clone)]
pub struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<(f64, String)>,
    pub scale: Scale,
}

impl Axis {
    /// An axis over `values` (unusable ones skipped) with at most `max_ticks` ticks, widened to
    /// include zero when `zero` is set; an empty or flat set of values still gets a sensible
    /// range.
    pub fn new(values: &[f64], scale: Scale, max_ticks: usize, zero: bool) -> Axis {
        let usable_values: Vec<f64> = values
            .iter()
            .copied()
            .filter(|v| usable(*v) && (scale != Scale::Log || *v > 0.0))
            .collect();
        if scale == Scale::Log {
            return Axis::log(&usable_values, max_ticks);
        }
        let mut lo = usable_values.iter().copied().fold(f64::INFINITY, f64::min);
        let mut hi = usable_values
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        if !(lo.is_finite() && hi.is_finite()) {
            (lo, hi) = (0.0, 1.0);
        }
        if zero {
            lo = lo.min(0.0);
            hi = hi.max(0.0);
        }
        if hi - lo <= 1e-12 * hi.abs().max(lo.abs()).max(1e-300) {
            // A flat series: give it room above and below so the line sits mid-chart.
            let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
            (lo, hi) = (lo - pad, hi + pad);
            if zero && lo >= -1e-300 {
                lo = 0.0;
            }
        }
        if scale == Scale::Linear && hi > lo {
            // A little air so points and lines at the extremes do not sit on the frame; never
            // across zero, where the sign of the axis changes meaning.
            let pad = (hi - lo) * 0.02;
            lo = if lo >= 0.0 {
                (lo - pad).max(0.0)
            } else {
                lo - pad
            };
            hi = if hi <= 0.0 {
                (hi + pad).min(0.0)
            } else {
                hi + pad
            };
        }
        let max_ticks = max_ticks.max(2);
        let mut step = nice_step((hi - lo) / (max_ticks - 1) as f64);
        if scale == Scale::Count {
            step = step.max(1.0).round();
        }
        let mut first = (lo / step).floor();
        let mut last = (hi / step).ceil();
        while last - first + 1.0 > max_ticks as f64 + 0.5 {
            step = nice_step(step * 1.01);
            first = (lo / step).floor();
            last = (hi / step).ceil();
        }
        let (lo, hi) = (first * step, last * step);
        let count = (last - first).round() as i64;
        let values: Vec<f64> = (0..=count).map(|i| (first + i as f64) * step).collect();
        Axis {
            lo,
            hi,
            ticks: labelled(values),
            scale,
        }
    }

    /// A log axis with ticks at 1, 2 and 5 times powers of ten, thinned to `max_ticks`.
    fn log(values: &[f64], max_ticks: usize) -> Axis {
        let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (lo, hi) = if lo.is_finite() && hi.is_finite() {
            (lo, hi)
        } else {
            (1.0, 10.0)
        };
        // Pad by a fifth of a decade so end points do not sit on the frame.
        let (lo, hi) = if hi / lo < 1.5 {
            (lo / 2.0, hi * 2.0)
        } else {
            let pad = 10f64.powf(((hi / lo).log10() * 0.08).max(0.05));
            (lo / pad, hi * pad)
        };
        let mut candidates = Vec::new();
        let mut power = 10f64.powf(lo.log10().floor());
        while power <= hi * 10.0 {
            for m in [1.0, 2.0, 5.0] {
                let v = m * power;
                if v >= lo && v <= hi {
                    candidates.push(v);
                }
            }
            power *= 10.0;
        }
        if candidates.len() > max_ticks {
            candidates.retain(|v| {
                let mantissa = v / 10f64.powf(v.log10().floor());
                (mantissa - 1.0).abs() < 1e-6
            });
        }
        Axis {
            lo,
            hi,
            ticks: labelled(candidates),
            scale: Scale::Log,
        }
    }

    /// Where `value` falls on the axis, 0 at `lo` and 1 at `hi`.
    pub fn fraction(&self, value: f64) -> f64 {
        if self.scale == Scale::Log {
            let value = value.max(self.lo * 1e-3);
            (value.ln() - self.lo.ln()) / (self.hi.ln() - self.lo.ln())
        } else {
            (value - self.lo) / (self.hi - self.lo)
        }
    }

    /// The widest tick label in `font`.
    pub(super) fn widest<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>, font: Font) -> f64 {
        self.ticks
            .iter()
            .map(|(_, label)| canvas.text_width(label, font))
            .fold(0.0, f64::max)
    }
}

/// Ticks at `values`, labelled alike by the one number formatter.
fn labelled(values: Vec<f64>) -> Vec<(f64, String)> {
    let labels = tick_labels(&values);
    values.into_iter().zip(labels).collect()
}

/// A round step near `raw`: 1, 2, 2.5 or 5 times a power of ten.
fn nice_step(raw: f64) -> f64 {
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

/// How to build one axis of an x-y chart.
pub struct AxisSpec<'s> {
    /// Every value the axis must show.
    pub values: &'s [f64],
    pub scale: Scale,
    /// Whether zero must be on the axis (money: a reader needs to see where gains turn to losses).
    pub zero: bool,
    /// Plain-word axis title, unit included.
    pub title: String,
    /// Put the ticks exactly here (e.g. at the measured training sizes) instead of at round
    /// numbers; empty for round numbers.
    pub ticks_at: &'s [f64],
}

impl AxisSpec<'_> {
    /// The axis, with at most `max_ticks` ticks.
    pub(super) fn axis(&self, max_ticks: usize) -> Axis {
        let mut axis = Axis::new(self.values, self.scale, max_ticks, self.zero);
        let fixed: Vec<f64> = self
            .ticks_at
            .iter()
            .copied()
            .filter(|v| *v >= axis.lo && *v <= axis.hi)
            .collect();
        if !fixed.is_empty() {
            axis.ticks = labelled(fixed);
        }
        axis
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_steps() {
        assert_eq!(nice_step(0.23), 0.25);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(1100.0), 2000.0);
    }

    #[test]
    fn ticks_of_amounts_under_a_cent_are_distinct_and_not_zero() {
        // Compute costs of small models: once, every tick of such an axis read "0".
        for (lo, hi) in [(0.001, 0.01), (1e-7, 6e-6), (8e-7, 6e-6), (2e-12, 9e-12)] {
            for scale in [Scale::Linear, Scale::Exact] {
                let axis = Axis::new(&[lo, hi], scale, 8, false);
                let labels: Vec<&str> = axis.ticks.iter().map(|(_, l)| l.as_str()).collect();
                assert!(labels.len() >= 3, "{labels:?}");
                let distinct: std::collections::BTreeSet<&str> = labels.iter().copied().collect();
                assert_eq!(distinct.len(), labels.len(), "{lo}..{hi}: {labels:?}");
                let nonzero = axis.ticks.iter().filter(|(v, _)| *v != 0.0);
                for (_, label) in nonzero {
                    assert!(
                        label.chars().any(|c| c.is_ascii_digit() && c != '0'),
                        "{lo}..{hi}: {labels:?}"
                    );
                }
            }
        }
        let axis = Axis::new(&[0.001, 0.01], Scale::Exact, 8, false);
        let labels: Vec<&str> = axis.ticks.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["0", "0.002", "0.004", "0.006", "0.008", "0.010"]);
    }
}
