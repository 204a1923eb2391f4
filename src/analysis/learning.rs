//! More data or more tuning: the baseline retrained on a share of the training rows, priced like
//! any model, against the value of more trials.
//!
//! **Method.** The baseline's parameters are fitted on nested subsets (10%, 25%, 50% of the
//! training rows, drawn once from the run seed; 100% is the baseline itself) and priced on the
//! same test rows, each with its paired-bootstrap difference to the full baseline and to the
//! share before it. The *last doubling* (50% to 100%) is measured, with its interval, beside the
//! one before it (25% to 50%), and sits beside the extrapolated gain of doubling the trials. A
//! gain there is an upper guide to doubling the data again: one doubling back, on the
//! calibration pools, the later of two doublings added no more than the earlier where that one
//! gained in 52 of 66 runs (`examples/learning_doublings.rs`; README), which the two doublings
//! side by side let a reader see.

use serde::{Deserialize, Serialize};

use crate::value::bootstrap::BootstrapSummary;

/// Shares of the training rows the baseline is retrained on (the full baseline is the 100%).
pub const FRACTIONS: [f64; 3] = [0.10, 0.25, 0.50];

/// [`FRACTIONS`] as a reader reads them: "10%, 25% and 50%".
pub fn fractions_in_words() -> String {
    let shares: Vec<String> = FRACTIONS
        .iter()
        .map(|f| format!("{:.0}%", f * 100.0))
        .collect();
    match shares.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// The model name of the baseline retrained on `fraction` of the training rows.
pub fn model_name(fraction: f64) -> String {
    format!("baseline-{:.0}pct-rows", fraction * 100.0)
}

/// One point of the learning curve.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LearningPoint {
    /// Share of the training rows.
    pub fraction: f64,
    /// Training rows used.
    pub rows: usize,
    /// Net value over the horizon (training and serving cost included).
    pub net_value: f64,
    /// Net value minus the full baseline's, with its paired-bootstrap interval (absent for the
    /// full baseline itself).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difference: Option<BootstrapSummary>,
    /// Net value minus the point before it's (the next smaller share), with its paired-bootstrap
    /// interval on the same resamples: what going from that share to this one added (absent for
    /// the smallest share, and in runs made before 2026-12-07).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub over_previous: Option<BootstrapSummary>,
}

/// The learning curve and what the last doubling of the data earned.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LearningCurve {
    /// Points from the smallest share to the full training set.
    pub points: Vec<LearningPoint>,
    /// Net value the last doubling of the training rows (50% to 100%) added, with interval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_doubling: Option<BootstrapSummary>,
    /// More data against more tuning, in plain words.
    pub sentence: String,
}

/// A doubling of the training rows: the step to a share from the share of half as many rows,
/// with what it added on the test rows (its own paired interval).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Doubling {
    /// Training rows before the doubling.
    pub from_rows: usize,
    /// Training rows after it.
    pub to_rows: usize,
    /// Net value (or metric gain) it added, with its 90% interval.
    pub added: BootstrapSummary,
}

/// The doublings the curve tells of, the one before the last first: to 50% and to 100% of the
/// training rows, each where both shares were measured with the step between them.
pub const TOLD_DOUBLINGS: [f64; 2] = [0.5, 1.0];

/// The doubling to the share `to` among `points`, if both shares are there with its step.
fn doubling(points: &[LearningPoint], to: f64) -> Option<Doubling> {
    points
        .windows(2)
        .find(|pair| {
            (pair[1].fraction - to).abs() < 1e-9 && (pair[0].fraction - to / 2.0).abs() < 1e-9
        })
        .and_then(|pair| {
            Some(Doubling {
                from_rows: pair[0].rows,
                to_rows: pair[1].rows,
                added: pair[1].over_previous?,
            })
        })
}

impl LearningCurve {
    /// The doubling to the share `to` (one of [`TOLD_DOUBLINGS`]), as the sentence tells it.
    pub fn doubling_to(&self, to: f64) -> Option<Doubling> {
        doubling(&self.points, to)
    }
}

/// Builds the curve from the priced points, in order of their shares (the full baseline last,
/// with no difference: what it adds over the point before it is that point's difference,
/// negated), and compares the last doubling, beside the one before it, with `tuning_gain`, the
/// expected gain of doubling the trials net of their cost with its 90% band `(mean, low, high)`
/// (when known). `priced` is false for a run without `[value]`, whose amounts are metric gains
/// and whose trials cost nothing.
pub fn curve(
    mut points: Vec<LearningPoint>,
    tuning_gain: Option<(f64, f64, f64)>,
    currency: &str,
    priced: bool,
) -> LearningCurve {
    if let [.., before, full] = points.as_mut_slice() {
        if full.difference.is_none() {
            // The point before's difference is (before - full); going on to full added its negation.
            full.over_previous = before.difference.map(|d| BootstrapSummary {
                mean: -d.mean,
                low: -d.high,
                high: -d.low,
                p_positive: 1.0 - d.p_positive,
                resamples: d.resamples,
            });
        }
    }
    let doubling_to = |to: f64| doubling(&points, to).map(|d| d.added);
    let last_doubling = doubling_to(1.0);
    let signed = |v: f64| crate::base::format::signed_money(v, currency);
    let interval = |low: f64, high: f64| crate::base::format::interval(low, high, currency);
    let doublings = last_doubling.map(|last| {
        let before = doubling_to(0.5).map_or(String::new(), |before| {
            format!(
                ", the one before it {} (90% interval {})",
                signed(before.mean),
                interval(before.low, before.high)
            )
        });
        format!(
            "the last doubling of the training rows added {} (90% interval {}){before}",
            signed(last.mean),
            interval(last.low, last.high)
        )
    });
    let sentence = match (doublings, tuning_gain) {
        (Some(doublings), Some((tuning, low, high))) => format!(
            "More data or more tuning: {doublings}; doubling the trials is expected to add {}{} (90% band {}).",
            signed(tuning),
            if priced { " net of their cost" } else { "" },
            interval(low, high)
        ),
        (Some(doublings), None) => format!("More data: {doublings}."),
        _ => "More data: not measured (too few rows).".to_string(),
    };
    LearningCurve {
        points,
        last_doubling,
        sentence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(mean: f64, low: f64, high: f64) -> BootstrapSummary {
        BootstrapSummary {
            mean,
            low,
            high,
            p_positive: 0.5,
            resamples: 2_000,
        }
    }

    fn point(fraction: f64, difference: Option<BootstrapSummary>) -> LearningPoint {
        LearningPoint {
            fraction,
            rows: (1_000.0 * fraction) as usize,
            net_value: difference.map_or(0.0, |d| d.mean),
            difference,
            over_previous: None,
        }
    }

    /// The last doubling is the half share's difference to the full baseline, negated, and the
    /// one before it is the half share's own step over the quarter: both in the sentence, each
    /// with its interval, and the full point keeps the last as its step.
    #[test]
    fn the_last_doubling_is_told_beside_the_one_before_it() {
        let mut points = vec![
            point(0.10, Some(summary(-900.0, -1_200.0, -600.0))),
            point(0.25, Some(summary(-500.0, -700.0, -300.0))),
            point(0.50, Some(summary(-100.0, -250.0, 40.0))),
            point(1.0, None),
        ];
        points[1].over_previous = Some(summary(400.0, 150.0, 650.0));
        points[2].over_previous = Some(summary(400.0, 200.0, 600.0));
        let learning = curve(points, Some((300.0, -50.0, 700.0)), "EUR", true);
        let last = learning.last_doubling.unwrap();
        assert_eq!((last.mean, last.low, last.high), (100.0, -40.0, 250.0));
        assert_eq!(learning.points[3].over_previous, Some(last));
        assert_eq!(
            TOLD_DOUBLINGS.map(|to| learning.doubling_to(to).map(|d| (
                d.from_rows,
                d.to_rows,
                d.added.mean
            ))),
            [Some((250, 500, 400.0)), Some((500, 1_000, 100.0))]
        );
        assert_eq!(
            learning.sentence,
            "More data or more tuning: the last doubling of the training rows added +100 EUR (90% interval -40 to +250 EUR), the one before it +400 EUR (90% interval +200 to +600 EUR); doubling the trials is expected to add +300 EUR net of their cost (90% band -50 to +700 EUR)."
        );
        // Without the step before (a run made before it was measured) or a quarter share (too
        // few rows), the last doubling alone; without the half share, none.
        let mut older = learning.points.clone();
        older[2].over_previous = None;
        let without = curve(older.clone(), None, "EUR", true);
        assert_eq!(
            without.sentence,
            "More data: the last doubling of the training rows added +100 EUR (90% interval -40 to +250 EUR)."
        );
        older.remove(1);
        older[1].over_previous = Some(summary(800.0, 500.0, 1_100.0));
        assert_eq!(curve(older, None, "EUR", true).sentence, without.sentence);
        let no_half = vec![
            point(0.25, Some(summary(-500.0, -700.0, -300.0))),
            point(1.0, None),
        ];
        let none = curve(no_half, None, "EUR", true);
        assert!(none.last_doubling.is_none());
        assert_eq!(none.sentence, "More data: not measured (too few rows).");
    }
}
