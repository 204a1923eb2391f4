//! The diminishing-returns analysis of one priced run: the functions of this module applied to
//! the run's trials, as stored in `results.json` under `analysis` and told in plain words.

use serde::{Deserialize, Serialize};

use super::{
    best_so_far, break_even, break_even_sentence, compare_sentence, expected_max_curve,
    extrapolate, knee, pareto_frontier, replay, replay_sentence, should_stop, verdict, BestSoFar,
    BreakEven, ExpectedMaxCurve, Extrapolation, FrontierPoint, Interval, NoiseRule, StopDecision,
    StopReplay, StopRule, Trial, Verdict,
};
use crate::error::Result;
use crate::value::pricing::ValueResults;

/// Bootstrap resamples behind the extrapolation band.
const EXTRAPOLATION_RESAMPLES: usize = 200;

/// z for a two-sided 90% normal interval: turns an interval's half-width into a standard error.
const Z90: f64 = 1.644_853_626_951_472_2;

/// The analysis of a run's sweep.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunAnalysis {
    /// Candidate trials analysed (the baseline is not a trial).
    pub trials: usize,
    /// Mean cost of a trial: its training compute plus the fixed trial cost.
    pub cost_per_trial: f64,
    /// Expected best test net value against trials, n = 1..=trials, with its band.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub curve: Option<ExpectedMaxCurve>,
    /// The curve beyond the observed trials (at N, 2N, 4N), with its bootstrap band.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extrapolation: Option<Extrapolation>,
    /// Where one more trial stopped paying for itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub break_even: Option<BreakEven>,
    /// Whether the next trials would pay, by the cost rule, at the end of the sweep.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continue_sweep: Option<StopDecision>,
    /// Where the cost rule and the metric-noise rule would have stopped this sweep.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_replay: Option<StopReplay>,
    /// Best-so-far (by validation) in run order: validation against test net value.
    pub winners_curse: Vec<BestSoFar>,
    /// Every model's value (decision value over the horizon) against its cost (training, trial
    /// and serving), the baseline included.
    pub models: Vec<FrontierPoint>,
    /// The Pareto frontier of `models`.
    pub frontier: Vec<FrontierPoint>,
    /// The frontier's knee (largest value minus cost).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub knee: Option<FrontierPoint>,
    /// Ship the baseline, ship the best candidate, or inconclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    /// The baseline retrained on shares of the training rows: more data or more tuning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learning: Option<super::learning::LearningCurve>,
    /// The analysis in plain words, most important first.
    pub sentences: Vec<String>,
}

impl RunAnalysis {
    /// Expected gain of doubling the trials, net of their cost, from the extrapolated curve, with
    /// the extrapolation's 90% band at twice the trials: `(mean, low, high)`.
    pub fn doubling_trials_band(&self) -> Option<(f64, f64, f64)> {
        let points = &self.extrapolation.as_ref()?.points;
        let (now, doubled) = (points.first()?, points.get(1)?);
        let shift = now.mean + (doubled.n - now.n) as f64 * self.cost_per_trial;
        Some((
            doubled.mean - shift,
            doubled.low - shift,
            doubled.high - shift,
        ))
    }
}

/// Analyses the priced run: `value` from `results.json`, `test_rows` the test rows behind it.
pub fn analyze(value: &ValueResults, test_rows: usize, seed: u64) -> Result<RunAnalysis> {
    let currency = value.currency.as_str();
    let candidates: Vec<_> = value.models.iter().filter(|m| m.trial.is_some()).collect();
    let trials: Vec<Trial> = candidates
        .iter()
        .map(|m| Trial {
            validation: m.validation_net_value,
            test: m.net_value,
        })
        .collect();
    let n = trials.len();
    let cost_per_trial = if n == 0 {
        0.0
    } else {
        candidates
            .iter()
            .map(|m| m.training_cost + m.trial_cost)
            .sum::<f64>()
            / n as f64
    };
    let mut sentences = Vec::new();
    let verdict = match &value.best {
        Some(best) => {
            let d = best.difference;
            let v = verdict(
                Interval {
                    mean: d.mean,
                    low: d.low,
                    high: d.high,
                },
                0.0,
                test_rows.max(1) as u64,
                &format!("candidate {}", best.name),
                currency,
            )?;
            sentences.push(super::words::sentence(&v.sentence));
            Some(v)
        }
        None => None,
    };
    let curve = if n > 0 {
        Some(expected_max_curve(&trials, n)?)
    } else {
        None
    };
    let break_even = match &curve {
        Some(curve) if n >= 2 => {
            let result = break_even(&curve.means(), cost_per_trial)?;
            sentences.push(super::words::sentence(&break_even_sentence(
                &result, currency,
            )));
            Some(result)
        }
        _ => None,
    };
    let rule = StopRule {
        seed,
        ..StopRule::default()
    };
    let enough = n >= super::extrapolate::MIN_TRIALS;
    let extrapolation = if enough {
        Some(extrapolate(
            &trials,
            &[n, 2 * n, 4 * n],
            EXTRAPOLATION_RESAMPLES,
            seed,
        )?)
    } else {
        None
    };
    // The empirical curve cannot see past the last trial; when tuning still paid there, the
    // fitted curve says roughly where it would stop paying.
    if let (Some(b), Some(e)) = (&break_even, &extrapolation) {
        if b.paid_up_to == Some(b.evaluated) && cost_per_trial > 0.0 {
            let limit = 100 * n.max(1);
            let found =
                (n + 1..=limit).find(|&m| e.fit.gain((m - 1) as f64, m as f64) < cost_per_trial);
            if let Some(last) = sentences.last_mut() {
                *last = match found {
                    Some(m) => format!(
                        "Tuning still paid for itself at {n} trials; the fitted curve puts break-even at about {} trials (each trial costs {}).",
                        m - 1,
                        super::words::money(cost_per_trial, currency)
                    ),
                    None => format!(
                        "Tuning still paid for itself at {n} trials, and the fitted curve does not flatten below the cost of a trial ({}) within {limit} trials.",
                        super::words::money(cost_per_trial, currency)
                    ),
                };
            }
        }
    }
    let continue_sweep = if enough {
        let decision = should_stop(&trials, cost_per_trial, &rule, currency)?;
        sentences.push(super::words::sentence(&decision.reason));
        Some(decision)
    } else {
        None
    };
    // The noise of a validation net value is taken from the best candidate's test interval: the
    // same models on as many rows, so about the same standard error.
    let noise = value.best.as_ref().map_or(0.0, |b| {
        (b.difference.high - b.difference.low) / (2.0 * Z90)
    });
    let stop_replay = if enough {
        let result = replay(&trials, cost_per_trial, &rule, noise, &NoiseRule::default())?;
        sentences.push(super::words::sentence(&replay_sentence(&result)));
        Some(result)
    } else {
        None
    };
    let points: Vec<FrontierPoint> = value
        .models
        .iter()
        .map(|m| FrontierPoint {
            label: m.name.clone(),
            cost: m.training_cost + m.trial_cost + m.serving_cost,
            value: m.decision_value,
        })
        .collect();
    let frontier = pareto_frontier(&points);
    let knee_point = knee(&frontier).and_then(|i| frontier.get(i).cloned());
    if let (Some(best), Some(baseline)) = (
        value
            .best
            .as_ref()
            .and_then(|b| points.iter().find(|p| p.label == b.name)),
        points.first(),
    ) {
        let best = FrontierPoint {
            label: format!("candidate {}", best.label),
            ..best.clone()
        };
        let interval = value
            .best
            .as_ref()
            .map(|b| {
                format!(
                    " (90% interval of the net difference {} to {})",
                    super::words::money(b.difference.low, currency),
                    super::words::money(b.difference.high, currency)
                )
            })
            .unwrap_or_default();
        let text = compare_sentence(&best, baseline, currency);
        sentences.push(super::words::sentence(&format!(
            "{}{interval}",
            text.trim_end_matches('.')
        )));
    }
    Ok(RunAnalysis {
        trials: n,
        cost_per_trial,
        curve,
        extrapolation,
        break_even,
        continue_sweep,
        stop_replay,
        winners_curse: best_so_far(&trials),
        models: points,
        frontier,
        knee: knee_point,
        verdict,
        learning: None,
        sentences,
    })
}
