//! `worthit compare`: the CI gate. Is the candidate run's model worth at least the baseline
//! run's, net of cost (or, for runs without `[value]`, in the baseline run's metric), beyond the
//! noise of a finite test set?
//!
//! Two runs on the same data and split are compared on the same test rows (a paired bootstrap,
//! as within a run), which cancels what the two models share; otherwise each run's own interval
//! (of a net value, or of a test metric) is combined under a normal approximation (unpaired,
//! wider). The verdict puts the 90% interval of the difference against one bar, so a CI job can
//! tell a loss from noise.

use std::path::Path;

use serde::Serialize;

use crate::base::error::Result;
use crate::base::format::{number, signed_money, within_negligible_of, NEGLIGIBLE};
use crate::value::bootstrap::LEVEL;
use crate::value::number::{check_flag_amount, AmountFloor};
use measure::{measure, Measured};
use runs::check_comparable;
pub use runs::{check_reference, check_same_kind, load_run, LoadedRun};

/// What the gate asks of the candidate.
#[derive(Debug, Clone, Default)]
pub struct GateOptions {
    /// The difference must be at least this (absent: no gain is required).
    pub min_gain: Option<f64>,
    /// The difference may be as low as minus this (0 when absent).
    pub max_loss: Option<f64>,
    /// An inconclusive verdict exits 0 instead of 3.
    pub inconclusive_ok: bool,
    /// The baseline run's model (default: the model the run would ship).
    pub baseline_model: Option<String>,
    /// The candidate run's model (default: the model the run would ship).
    pub candidate_model: Option<String>,
    /// Compare runs on different data (unpaired) instead of refusing them.
    pub allow_other_data: bool,
}

/// The gate's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The whole interval is at or above the bar.
    Pass,
    /// The whole interval is below the bar.
    Fail,
    /// The interval straddles the bar: the test set cannot tell.
    Inconclusive,
}

impl Verdict {
    /// Lower-case name, as in the JSON.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Inconclusive => "inconclusive",
        }
    }
}

/// One side of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// The run folder or `results.json` as given.
    pub file: String,
    /// Dataset name.
    pub dataset: String,
    /// BLAKE3 of its data file.
    pub data_blake3: String,
    /// The model compared.
    pub model: String,
    /// Its net value over the horizon (in paired mode, as priced together with the other side);
    /// absent when the runs are compared in metric units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net_value: Option<f64>,
    /// Low end of the net value's 90% interval over the test rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net_value_low: Option<f64>,
    /// High end of that interval.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net_value_high: Option<f64>,
    /// Its metric on its run's test rows, when the runs are compared in metric units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_value: Option<f64>,
    /// Low end of the metric's 90% interval over the test rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_value_low: Option<f64>,
    /// High end of that interval.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_value_high: Option<f64>,
}

impl Side {
    /// The side's amount (net value or metric) and its 90% interval, when it has one.
    pub fn amount(&self) -> (Option<f64>, Option<(f64, f64)>) {
        match self.net_value {
            Some(net) => (Some(net), self.net_value_low.zip(self.net_value_high)),
            None => (
                self.metric_value,
                self.metric_value_low.zip(self.metric_value_high),
            ),
        }
    }
}

/// The difference candidate - baseline in net value, or in metric units the candidate's gain
/// (positive is better whatever the metric's direction).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Difference {
    /// Observed difference.
    pub mean: f64,
    /// Low end of the 90% interval.
    pub low: f64,
    /// High end of the 90% interval.
    pub high: f64,
    /// Share of resamples (paired) or of the normal approximation (unpaired) above 0.
    pub p_positive: f64,
}

/// Everything `worthit compare` found, as `--format json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// pass, fail or inconclusive.
    pub verdict: Verdict,
    /// The process exit code this comparison gives.
    pub exit_code: i32,
    /// Why, in one sentence.
    pub reason: String,
    /// Whether both models were scored on the same resampled test rows.
    pub paired: bool,
    /// How the interval was made, in words.
    pub method: String,
    /// Currency of every amount; in metric units, the unit (`ROC-AUC`, `RMSE reduction`).
    pub currency: String,
    /// Years the net values are counted over (the baseline run's); absent in metric units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub horizon_years: Option<f64>,
    /// The metric compared when neither run has `[value]` (the baseline run's, e.g. `roc_auc`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    /// Coverage of the interval (0.9).
    pub level: f64,
    /// The run compared against.
    pub baseline: Side,
    /// The run under test.
    pub candidate: Side,
    /// Candidate net value minus baseline net value (in metric units, the candidate's gain).
    pub difference: Difference,
    /// The lowest difference that passes: max(-max_loss, min_gain).
    pub bar: f64,
    /// `--min-gain`, if given.
    pub min_gain: Option<f64>,
    /// `--max-loss` (0 by default).
    pub max_loss: f64,
    /// Things the reader should know (why not paired, differing settings).
    pub notes: Vec<String>,
}

/// Compares the run at `candidate` with the one at `baseline`.
pub fn compare_paths(
    baseline: &Path,
    candidate: &Path,
    options: &GateOptions,
) -> Result<Comparison> {
    compare(&load_run(baseline)?, &load_run(candidate)?, options)
}

/// Compares two loaded runs.
pub fn compare(base: &LoadedRun, cand: &LoadedRun, options: &GateOptions) -> Result<Comparison> {
    let max_loss = check_flag_amount(
        "--max-loss",
        options.max_loss.unwrap_or(0.0),
        AmountFloor::Zero,
    )?;
    if let Some(gain) = options.min_gain {
        check_flag_amount("--min-gain", gain, AmountFloor::None)?;
    }
    check_comparable(base, cand, options.allow_other_data)?;
    let Measured {
        paired,
        sides: [b_side, c_side],
        difference,
        method,
        currency,
        horizon_years,
        metric,
        notes,
    } = measure(base, cand, options)?;
    // Adding 0 turns the -0 of `--max-loss 0` into 0, which JSON would print as -0.0.
    let bar = options
        .min_gain
        .map_or(-max_loss, |gain| gain.max(-max_loss))
        + 0.0;
    let verdict = gate(&difference, bar);
    let exit_code = match verdict {
        Verdict::Pass => 0,
        Verdict::Fail => 1,
        Verdict::Inconclusive if options.inconclusive_ok => 0,
        Verdict::Inconclusive => 3,
    };
    let reason = reason(verdict, &difference, bar, &currency);
    Ok(Comparison {
        verdict,
        exit_code,
        reason,
        paired,
        method,
        currency,
        horizon_years,
        metric,
        level: LEVEL,
        baseline: b_side,
        candidate: c_side,
        difference,
        bar,
        min_gain: options.min_gain,
        max_loss,
        notes,
    })
}

/// The gate's verdict on the interval of `d` against `bar`. An interval within what every report
/// writes as 0 of the bar (two near-perfect models on one side and the other of it by a
/// hundred-millionth of ROC-AUC) is the bar itself, as a run compared with itself is: it passes.
fn gate(d: &Difference, bar: f64) -> Verdict {
    if d.low >= bar || within_negligible_of(d.low, d.high, bar) {
        Verdict::Pass
    } else if d.high < bar {
        Verdict::Fail
    } else {
        Verdict::Inconclusive
    }
}

fn reason(verdict: Verdict, d: &Difference, bar: f64, currency: &str) -> String {
    let bar_text = signed_money(bar, currency);
    if verdict == Verdict::Pass && d.low < bar {
        return format!(
            "the whole 90% interval lies within {} of the bar of {bar_text}: no difference to tell",
            number(NEGLIGIBLE)
        );
    }
    match verdict {
        Verdict::Pass => format!(
            "the whole 90% interval is at or above the bar of {bar_text} (its low end is {})",
            signed_money(d.low, currency)
        ),
        Verdict::Fail => format!(
            "the whole 90% interval is below the bar of {bar_text} (its high end is {})",
            signed_money(d.high, currency)
        ),
        Verdict::Inconclusive => format!(
            "the 90% interval ({} to {}) straddles the bar of {bar_text}: the test rows cannot tell",
            signed_money(d.low, currency),
            signed_money(d.high, currency)
        ),
    }
}

mod measure;
mod pairing;
mod render;
mod runs;

#[cfg(test)]
mod tests {
    use super::*;

    fn difference(low: f64, high: f64) -> Difference {
        Difference {
            mean: (low + high) / 2.0,
            low,
            high,
            p_positive: 0.5,
        }
    }

    #[test]
    fn an_interval_at_the_bar_passes_and_says_why() {
        // Two near-perfect classifiers: the candidate 0.00000003 ROC-AUC under to 0.0000002 over.
        let d = difference(-3e-8, 2e-7);
        assert_eq!(gate(&d, 0.0), Verdict::Pass);
        assert_eq!(
            reason(Verdict::Pass, &d, 0.0, "ROC-AUC"),
            "the whole 90% interval lies within 0.000001 of the bar of 0 ROC-AUC: no difference to tell"
        );
        // Past it, the same interval straddles the bar, and a clear one passes or fails.
        assert_eq!(gate(&difference(-3e-6, 2e-7), 0.0), Verdict::Inconclusive);
        assert_eq!(gate(&difference(0.0, 2.0), 0.0), Verdict::Pass);
        assert_eq!(gate(&difference(-2.0, -0.5), -0.1), Verdict::Fail);
        assert!(reason(Verdict::Pass, &difference(0.5, 2.0), 0.0, "EUR").starts_with("the whole"));
    }
}
