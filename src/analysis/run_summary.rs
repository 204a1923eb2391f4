//! The diminishing-returns analysis of one priced run: the functions of this module applied to
//! the run's trials, as stored in `results.json` under `analysis` and told in plain words.

use serde::{Deserialize, Serialize};

use super::extrapolate::Reading;
use super::stopping::NoiseSource;
use super::trials::{analyze_trials, DecisionTrials, SweepTrials, TrialsAnalysis};
use super::{
    compare_sentence, knee, pareto_frontier, verdict, FrontierPoint, Interval, Trial, Verdict,
};
use crate::base::error::Result;
use crate::base::stats::Z90;
use crate::value::schema::{ModelValue, Sensitivity, ValueResults};

/// The analysis of a run's sweep.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunAnalysis {
    /// Candidate trials analysed (the baseline is not a trial).
    pub trials: usize,
    /// Mean cost of a trial: its training compute plus the fixed trial cost (0 in metric units,
    /// where a trial has no price).
    pub cost_per_trial: f64,
    /// What the trials say about more trials.
    #[serde(flatten)]
    pub sweep: TrialsAnalysis,
    /// Every model's value (decision value over the horizon) against its cost (training, trial
    /// and serving), the baseline included; in metric units its test gain over the baseline
    /// against its training compute in core-seconds.
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
    /// Absent for a priced run (amounts in `value.currency`); for a run without `[value]`, the
    /// metric every amount is a gain in ([`super::metric_summary`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units: Option<super::metric_summary::MetricUnits>,
    /// The analysis in plain words, most important first.
    pub sentences: Vec<String>,
}

/// The model answer of a run that trained the baseline alone.
pub const BASELINE_ALONE: &str =
    "Keep the baseline: no candidate was trained, so there is nothing to ship instead.";

/// A run's sentences as every output orders them: the two answers first, then what supports
/// them.
#[derive(Debug, Clone, PartialEq)]
pub struct Answers<'a> {
    /// The verdict on the model, when candidates were compared with the baseline.
    pub verdict: Option<&'a str>,
    /// The one answer about tuning.
    pub tuning: Option<&'a str>,
    /// Every other sentence, in its order.
    pub evidence: Vec<&'a str>,
}

impl RunAnalysis {
    /// The one answer about tuning, which reports show beside the verdict.
    pub fn tuning_sentence(&self) -> Option<&str> {
        Some(self.sweep.tuning.as_ref()?.sentence.as_str())
    }

    /// Whether the run trained the baseline alone (`--trials 0`): no verdict, and the model
    /// answer is [`BASELINE_ALONE`].
    pub fn baseline_alone(&self) -> bool {
        self.verdict.is_none() && self.trials == 0
    }

    /// The sentences split into the two answers and their evidence. The verdict's sentence is
    /// the first when there is a verdict; a baseline alone (`--trials 0`) has none to take, and
    /// its model answer is [`BASELINE_ALONE`]: every run opens with both answers.
    pub fn answers(&self) -> Answers<'_> {
        let mut sentences = self.sentences.iter().map(String::as_str);
        let verdict = match self.verdict {
            Some(_) => sentences.next(),
            None if self.baseline_alone() => Some(BASELINE_ALONE),
            None => None,
        };
        let tuning = self.tuning_sentence();
        Answers {
            verdict,
            tuning,
            evidence: sentences.filter(|s| Some(*s) != tuning).collect(),
        }
    }

    /// Expected gain of doubling the trials, net of their cost, with its 90% band: `(mean, low,
    /// high)`. A priced run reads it as its tuning answer does ([`super::trials::TrialsAnalysis::doubling`]);
    /// a run without `[value]`, whose answer reads the test values, and a file written before
    /// that existed, from the extrapolated curve and its band at twice the trials.
    pub fn doubling_trials_band(&self) -> Option<(f64, f64, f64)> {
        if let Some(doubling) = &self.sweep.doubling {
            return Some((doubling.mean, doubling.low, doubling.high));
        }
        let points = &self.sweep.extrapolation.as_ref()?.points;
        let (now, doubled) = (points.first()?, points.get(1)?);
        let shift = now.mean + (doubled.n - now.n) as f64 * self.cost_per_trial;
        Some((
            doubled.mean - shift,
            doubled.low - shift,
            doubled.high - shift,
        ))
    }
}

/// The trials the priced tuning answer and `--stop auto` decide on, how to read them, and the
/// baseline's value they are set against: each candidate's net values from alternate halves of
/// the validation rows, cross-fitted ([`Reading::CrossFitted`]: each half selects for the other),
/// against the baseline's mean over the two halves, so no test row decides when a sweep stops.
/// When a model lacks the halves (metric-based values, or a file written before they existed)
/// the decision reads validation to select and test values, as the forecasts do.
pub fn decision_trials(
    candidates: &[&ModelValue],
    baseline: Option<&ModelValue>,
) -> (Vec<Trial>, Reading, Option<f64>) {
    let halves = candidates
        .iter()
        .map(|m| {
            m.validation_halves.map(|[first, second]| Trial {
                validation: first,
                test: second,
            })
        })
        .collect::<Option<Vec<Trial>>>();
    let baseline_halves = baseline.map(|b| b.validation_halves.map(|[a, b]| 0.5 * (a + b)));
    match (halves, baseline_halves) {
        (Some(trials), None) => (trials, Reading::CrossFitted, None),
        (Some(trials), Some(Some(both))) => (trials, Reading::CrossFitted, Some(both)),
        _ => (
            candidates
                .iter()
                .map(|m| Trial {
                    validation: m.validation_net_value,
                    test: m.net_value,
                })
                .collect(),
            Reading::Selected,
            baseline.map(|b| b.net_value),
        ),
    }
}

/// Analyses the priced run: `value` from `results.json`, `test_rows` the test rows behind it;
/// `auto_stopped`: whether `--stop auto` ended its sweep.
pub fn analyze(
    value: &ValueResults,
    test_rows: usize,
    seed: u64,
    auto_stopped: bool,
) -> Result<RunAnalysis> {
    let currency = value.currency.as_str();
    // The sweep's trials: a model trained elsewhere is priced and may be the best candidate, but
    // it says nothing about what more trials of this sweep would find.
    let candidates: Vec<_> = value.models.iter().filter(|m| m.is_sweep_trial()).collect();
    let trials: Vec<Trial> = candidates
        .iter()
        .map(|m| Trial {
            validation: m.validation_net_value,
            test: m.net_value,
        })
        .collect();
    let decision = decision_trials(&candidates, value.models.first());
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
                Some(d.p_positive),
                best.test_rows_that_differ,
            )?;
            sentences.push(super::words::sentence(&v.sentence));
            Some(v)
        }
        None => None,
    };
    // The noise of a validation net value is taken from the best candidate's test interval: the
    // same models on as many rows, so about the same standard error.
    let noise = value.best.as_ref().map_or(0.0, |b| {
        (b.difference.high - b.difference.low) / (2.0 * Z90)
    });
    let cost_range = trial_cost_range(value);
    let sweep = analyze_trials(
        &SweepTrials {
            trials: &trials,
            cost_per_trial,
            noise,
            noise_source: NoiseSource::StandardError,
            seed,
            currency,
            baseline: value.models.first().map(|b| b.net_value),
            metric: false,
            decision: Some(DecisionTrials {
                trials: &decision.0,
                reading: decision.1,
                baseline: decision.2,
            }),
            verdict_ships: verdict.as_ref().is_some_and(Verdict::ships_candidate),
            ceiling: None,
            // Each trial's cost with `trial_cost` at an end of its range instead of its central
            // value, as the scenarios price the models.
            trial_cost_ends: cost_range.map(|range| {
                let at = |end: f64| cost_per_trial - value.trial_cost + end;
                (at(range.low), at(range.high))
            }),
            auto_stopped,
        },
        &mut sentences,
    )?;
    if let (Some(given), Some(range), Some(ends)) =
        (&sweep.tuning, cost_range, &sweep.tuning_at_cost_ends)
    {
        let line = across_trial_cost(range, ends, value, given.kind);
        if let Some(at) = sentences.iter().position(|s| *s == given.sentence) {
            sentences.insert(at + 1, line);
        }
    }
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
        // Where the two cost the same to the shown digit (no costs priced), the sentence would
        // repeat the verdict's gain beside "costs 0 USD more to run".
        let costs_differ = !crate::base::format::reads_as_zero(best.cost - baseline.cost);
        let interval = value
            .best
            .as_ref()
            .map(|b| {
                format!(
                    " (90% interval of the net difference {})",
                    crate::base::format::interval(b.difference.low, b.difference.high, currency)
                )
            })
            .unwrap_or_default();
        // What it earns more is the net difference with the costs added back, resample by
        // resample. A run folder written before pricing kept it: the net difference's interval
        // moved by the costs, where they are the same in every resample (no business number
        // drawn, some of which move the costs).
        let fixed_costs = !value.gain_distribution.as_ref().is_some_and(|g| g.drawn);
        let earns_interval = value
            .best
            .as_ref()
            .and_then(|b| match b.difference_before_costs {
                Some(before) => Some((before.low, before.high)),
                None => fixed_costs.then(|| {
                    let costs = best.cost - baseline.cost;
                    (b.difference.low + costs, b.difference.high + costs)
                }),
            });
        let text = compare_sentence(&best, baseline, currency, earns_interval);
        if costs_differ {
            sentences.push(super::words::sentence(&format!(
                "{}{interval}",
                text.trim_end_matches('.')
            )));
        }
    }
    Ok(RunAnalysis {
        trials: n,
        cost_per_trial,
        sweep,
        models: points,
        frontier,
        knee: knee_point,
        verdict,
        learning: None,
        units: None,
        sentences,
    })
}

/// `trial_cost` given as a range (or a distribution): its ends, which the scenarios price.
fn trial_cost_range(value: &ValueResults) -> Option<&Sensitivity> {
    value
        .sensitivity
        .iter()
        .find(|s| s.parameter == "trial_cost")
}

/// Whether the tuning answer (of kind `given`) holds across `trial_cost`'s `range`: one sentence
/// beside it from the answers with every trial costing the range's low, then its high end.
fn across_trial_cost(
    range: &Sensitivity,
    (low, high): &(super::tuning::TuningAdvice, super::tuning::TuningAdvice),
    value: &ValueResults,
    given: super::tuning::TuningKind,
) -> String {
    use super::tuning::TuningKind;
    use crate::base::format::parameter;
    let currency = value.currency.as_str();
    let amount = |cost: f64| format!("{} {currency}", parameter(cost));
    if low.kind == given && high.kind == given {
        return format!(
            "The tuning answer is the same at both ends of trial_cost ({} and {} a trial).",
            parameter(range.low),
            amount(range.high)
        );
    }
    let what = |advice: &super::tuning::TuningAdvice| match advice.kind {
        TuningKind::Stop => "stop".to_string(),
        TuningKind::RunMore => format!(
            "run about {} more trials",
            crate::base::format::thousands(advice.more_trials as f64)
        ),
        TuningKind::DoesNotPay => "tuning does not pay".to_string(),
        TuningKind::TooFewTrials => "not enough trials to tell yet".to_string(),
    };
    format!(
        "The tuning answer depends on trial_cost: at its low end, {} a trial, it would be \"{}\"; at its high end, {}, \"{}\"; the answer above is at its central value, {}.",
        amount(range.low),
        what(low),
        amount(range.high),
        what(high),
        amount(value.trial_cost)
    )
}
