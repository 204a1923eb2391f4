//! More data or more tuning: the baseline retrained on a share of the training rows, priced like
//! any model, against the value of more trials.
//!
//! **Method.** The baseline's parameters are fitted on nested subsets (10%, 25%, 50% of the
//! training rows, drawn once from the run seed; 100% is the baseline itself) and priced on the
//! same test rows, each with its paired-bootstrap difference to the full baseline. The *last
//! doubling* (50% to 100%) is measured, with its interval, and sits beside the extrapolated gain
//! of doubling the trials. A gain there is an upper guide to doubling the data again: one
//! doubling back, on the calibration pools, the later of two doublings added no more than the
//! earlier where that one gained in 52 of 66 runs (`examples/learning_doublings.rs`; README).

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

/// Builds the curve from the priced points (the full baseline last, with no difference) and
/// compares the last doubling with `tuning_gain`, the expected gain of doubling the trials net of
/// their cost with its 90% band `(mean, low, high)` (when known). `priced` is false for a run
/// without `[value]`, whose amounts are metric gains and whose trials cost nothing.
pub fn curve(
    points: Vec<LearningPoint>,
    tuning_gain: Option<(f64, f64, f64)>,
    currency: &str,
    priced: bool,
) -> LearningCurve {
    let half = points
        .iter()
        .find(|p| (p.fraction - 0.5).abs() < 1e-9)
        .and_then(|p| p.difference);
    // The half-data model's difference is (half - full); the doubling earned its negation.
    let last_doubling = half.map(|d| BootstrapSummary {
        mean: -d.mean,
        low: -d.high,
        high: -d.low,
        p_positive: 1.0 - d.p_positive,
        resamples: d.resamples,
    });
    let signed = |v: f64| crate::base::format::signed_money(v, currency);
    let interval = |low: f64, high: f64| crate::base::format::interval(low, high, currency);
    let sentence = match (last_doubling, tuning_gain) {
        (Some(d), Some((tuning, low, high))) => format!(
            "More data or more tuning: the last doubling of the training rows added {} (90% interval {}); doubling the trials is expected to add {}{} (90% band {}).",
            signed(d.mean),
            interval(d.low, d.high),
            signed(tuning),
            if priced { " net of their cost" } else { "" },
            interval(low, high)
        ),
        (Some(d), None) => format!(
            "More data: the last doubling of the training rows added {} (90% interval {}).",
            signed(d.mean),
            interval(d.low, d.high)
        ),
        _ => "More data: not measured (too few rows).".to_string(),
    };
    LearningCurve {
        points,
        last_doubling,
        sentence,
    }
}
