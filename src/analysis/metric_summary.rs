//! The diminishing-returns analysis of a run without `[value]`, in the units of its metric: the
//! same trials pipeline as a priced run ([`super::trials`]) on each candidate's gain over the
//! baseline, the verdict from the paired bootstrap of the metric on test rows, and the tuning
//! answer by the metric-noise rule ([`super::tuning::advise_metric`]).
//!
//! Every amount is a gain over the baseline, positive when better whatever the metric's
//! direction (`baseline RMSE - candidate RMSE`), so the functions written for money read it
//! unchanged; [`MetricUnits`] marks the analysis as such in `results.json`.

use serde::{Deserialize, Serialize};

use super::extrapolate::Reading;
use super::learning::{curve, LearningPoint};
use super::run_summary::RunAnalysis;
use super::stopping::NoiseSource;
use super::trials::{analyze_trials, DecisionTrials, SweepTrials};
use super::{pareto_frontier, verdict, FrontierPoint, Interval, Trial, Verdict, VerdictKind};
use crate::base::error::Result;
use crate::base::format::{interval, signed, thousands};
use crate::base::stats::Z90;
use crate::metrics::{best_possible, higher_is_better};
use crate::model::ModelResult;
use crate::value::bootstrap::BootstrapSummary;
use crate::value::resampled_metric::SCARCE_CLASS_ROWS;

/// What the amounts of an unpriced run's analysis are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricUnits {
    /// The metric, as `results.json` names it among the models' metrics (`roc_auc`, `rmse`).
    pub metric: String,
    /// Whether a higher value of the metric is better (the amounts are gains either way).
    pub higher_is_better: bool,
    /// The unit sentences and charts give the amounts, e.g. `ROC-AUC` or `RMSE reduction`.
    pub unit: String,
}

/// What the gains of a metric where lower is better are called after its name: an RMSE gain
/// is an "RMSE reduction".
pub const REDUCTION: &str = " reduction";

/// A metric's own unit from the unit of its gains: "RMSE" for "RMSE reduction". A noise or a
/// spread is a size in the metric, not a reduction of it.
pub fn level_unit(gain_unit: &str) -> &str {
    gain_unit.strip_suffix(REDUCTION).unwrap_or(gain_unit)
}

impl MetricUnits {
    /// The units of `metric`.
    pub fn of(metric: &str) -> MetricUnits {
        let higher = higher_is_better(metric);
        let name = display_name(metric);
        MetricUnits {
            metric: metric.to_string(),
            higher_is_better: higher,
            unit: if higher {
                name
            } else {
                format!("{name}{REDUCTION}")
            },
        }
    }

    /// The most a trial can gain over `baseline` on validation and on test rows: the metric's
    /// best possible value ([`best_possible`]) against the baseline's.
    pub fn ceiling(&self, baseline: &MetricModel) -> Trial {
        Trial {
            validation: self.room(baseline.validation),
            test: self.room(baseline.test),
        }
    }

    /// The most any model can gain over one scoring `reference`: the metric's best possible
    /// value against it.
    pub fn room(&self, reference: f64) -> f64 {
        self.gain(best_possible(&self.metric), reference)
    }

    /// The trials' gains over the baseline on the two validation halves, each against the
    /// baseline's on the same half, as the noise rule reads them (cross-fitted); `None` unless
    /// the baseline and every trial have both halves.
    pub fn halves_gains(
        &self,
        baseline: Option<[f64; 2]>,
        trials: impl IntoIterator<Item = Option<[f64; 2]>>,
    ) -> Option<Vec<Trial>> {
        let reference = baseline?;
        trials
            .into_iter()
            .map(|halves| {
                halves.map(|[first, second]| Trial {
                    validation: self.gain(first, reference[0]),
                    test: self.gain(second, reference[1]),
                })
            })
            .collect()
    }

    /// The gain of a model whose metric is `value` over one whose metric is `reference`.
    pub fn gain(&self, value: f64, reference: f64) -> f64 {
        if self.higher_is_better {
            value - reference
        } else {
            reference - value
        }
    }
}

/// A metric as reports name it.
pub fn display_name(metric: &str) -> String {
    match metric {
        "roc_auc" => "ROC-AUC",
        "pr_auc" => "PR-AUC",
        "rmse" => "RMSE",
        "mae" => "MAE",
        "r2" => "R2",
        "f1" => "F1",
        "log_loss" => "log loss",
        "brier" => "Brier score",
        "balanced_accuracy" => "balanced accuracy",
        other => other,
    }
    .to_string()
}

/// One model of the run, in the metric's own values.
#[derive(Debug, Clone)]
pub struct MetricModel {
    /// Model name.
    pub name: String,
    /// Trial number; `None` for the baseline.
    pub trial: Option<u64>,
    /// A model trained elsewhere (`worthit add-model`): a candidate, but no trial of the sweep.
    pub external: bool,
    /// The metric on validation rows.
    pub validation: f64,
    /// The metric on each half of the validation rows (alternate rows), when the run has them.
    pub halves: Option<[f64; 2]>,
    /// The metric on test rows.
    pub test: f64,
    /// Compute it took to train, in core-seconds.
    pub compute: f64,
}

impl MetricModel {
    /// Whether it is a trial of the sweep: a candidate not trained elsewhere.
    pub fn is_sweep_trial(&self) -> bool {
        self.trial.is_some() && !self.external
    }

    /// `model` in `metric`'s values; `None` when the metric is not defined for it on validation
    /// or test rows.
    pub fn of(model: &ModelResult, metric: &str) -> Option<MetricModel> {
        Some(MetricModel {
            name: model.name.clone(),
            trial: model.trial,
            external: model.params.is_external(),
            validation: model.validation.get(metric)?,
            halves: model.validation_halves_of(metric),
            test: model.test.get(metric)?,
            compute: model.fit_cpu_seconds,
        })
    }
}

/// The run to analyse.
pub struct MetricRun<'a> {
    /// Its units.
    pub units: &'a MetricUnits,
    /// Every model, the baseline first.
    pub models: &'a [MetricModel],
    /// Test rows behind the metrics.
    pub test_rows: usize,
    /// Classes the test rows hold too few rows of for the metric's test intervals to resample
    /// their part of its macro average, which the intervals bound instead
    /// (`value::resampled_metric::SCARCE_CLASS_ROWS`); 0 for any other metric.
    pub bounded_classes: usize,
    /// The same for the validation rows, whose interval of the best candidate's gain gives the
    /// noise the tuning answer weighs: above 0 it is a bound, and the sentences say so.
    pub validation_bounded_classes: usize,
    /// The run's seed.
    pub seed: u64,
    /// Whether `--stop auto` ended the sweep (its noise rule), so the replay says it did.
    pub auto_stopped: bool,
}

impl MetricRun<'_> {
    /// The candidate validation picks: the best validation metric (ties: the earlier trial).
    pub fn best_candidate(&self) -> Option<&MetricModel> {
        let reference = self.models.first()?.validation;
        let mut best: Option<(&MetricModel, f64)> = None;
        for model in self.models.iter().filter(|m| m.trial.is_some()) {
            let gain = self.units.gain(model.validation, reference);
            if best.is_none_or(|(_, top)| gain > top) {
                best = Some((model, gain));
            }
        }
        best.map(|(model, _)| model)
    }
}

/// Analyses `run`; `test_gain` and `validation_gain` are the paired bootstraps over test and over
/// validation rows of a candidate's gain over the baseline (by name), asked for the candidate
/// validation picks: the first for the verdict, the second for the noise the tuning answer
/// weighs.
pub fn analyze(
    run: &MetricRun,
    test_gain: &mut dyn FnMut(&str) -> Result<BootstrapSummary>,
    validation_gain: &mut dyn FnMut(&str) -> Result<BootstrapSummary>,
) -> Result<RunAnalysis> {
    let units = run.units;
    let unit = units.unit.as_str();
    let Some(baseline) = run.models.first() else {
        return Ok(empty(units));
    };
    let trials: Vec<Trial> = run
        .models
        .iter()
        .filter(|m| m.is_sweep_trial())
        .map(|m| Trial {
            validation: units.gain(m.validation, baseline.validation),
            test: units.gain(m.test, baseline.test),
        })
        .collect();
    // Each trial's gain on the two halves of the validation rows, against the baseline's on the
    // same half, when every trial and the baseline have them: what the metric-noise rule reads,
    // cross-fitted, so a pick is judged on rows it did not see.
    let halves = units.halves_gains(
        baseline.halves,
        run.models
            .iter()
            .filter(|m| m.is_sweep_trial())
            .map(|m| m.halves),
    );
    let mut sentences = Vec::new();
    let (verdict, noise) = match run.best_candidate() {
        Some(best) => {
            let d = test_gain(&best.name)?;
            let v = metric_verdict(&d, run, &best.name)?;
            sentences.push(super::words::sentence(&v.sentence));
            // The noise of the best's validation gain, from the validation rows: what `--stop
            // auto` weighs during the sweep (`app::run`), so the answer and the stop quote one
            // figure.
            let noise = validation_gain(&best.name)?;
            (Some(v), (noise.high - noise.low) / (2.0 * Z90))
        }
        None => (None, 0.0),
    };
    let sweep = analyze_trials(
        &SweepTrials {
            trials: &trials,
            cost_per_trial: 0.0,
            noise,
            noise_source: if run.validation_bounded_classes > 0 {
                NoiseSource::BoundedInterval
            } else {
                NoiseSource::StandardError
            },
            seed: run.seed,
            currency: unit,
            baseline: Some(0.0),
            metric: true,
            decision: halves.as_deref().map(|halves| DecisionTrials {
                trials: halves,
                reading: Reading::CrossFitted,
                baseline: Some(0.0),
            }),
            verdict_ships: verdict.as_ref().is_some_and(Verdict::ships_candidate),
            ceiling: Some(units.ceiling(baseline)),
            trial_cost_ends: None,
            auto_stopped: run.auto_stopped,
        },
        &mut sentences,
    )?;
    let models: Vec<FrontierPoint> = run
        .models
        .iter()
        .map(|m| FrontierPoint {
            label: m.name.clone(),
            cost: m.compute,
            value: units.gain(m.test, baseline.test),
        })
        .collect();
    Ok(RunAnalysis {
        trials: trials.len(),
        cost_per_trial: 0.0,
        sweep,
        frontier: pareto_frontier(&models),
        models,
        // The knee weighs value against cost, which needs both in money.
        knee: None,
        verdict,
        learning: None,
        units: Some(units.clone()),
        sentences,
    })
}

/// Adds the learning curve: `points` are the baseline retrained on shares of the rows, each with
/// its gain over the full baseline (the full baseline last, without one).
pub fn add_learning(analysis: &mut RunAnalysis, points: Vec<LearningPoint>) {
    let Some(units) = &analysis.units else {
        return;
    };
    let learning = curve(points, analysis.doubling_trials_band(), &units.unit, false);
    analysis.sentences.push(learning.sentence.clone());
    analysis.learning = Some(learning);
}

fn empty(units: &MetricUnits) -> RunAnalysis {
    RunAnalysis {
        trials: 0,
        cost_per_trial: 0.0,
        sweep: Default::default(),
        models: Vec::new(),
        frontier: Vec::new(),
        knee: None,
        verdict: None,
        learning: None,
        units: Some(units.clone()),
        sentences: Vec::new(),
    }
}

/// The verdict of [`verdict`] on a metric gain (any gain is worth having: there is no price to
/// clear), told in the metric's units. Where the interval bounds scarce classes' part of a macro
/// average, more test rows in general do not settle it (that part does not shrink as
/// `1/sqrt(rows)`): more rows of those classes do, and the sentence says so.
fn metric_verdict(
    gain: &BootstrapSummary,
    run: &MetricRun,
    candidate: &str,
) -> Result<super::Verdict> {
    let (units, rows) = (run.units, run.test_rows);
    let mut v = verdict(
        Interval {
            mean: gain.mean,
            low: gain.low,
            high: gain.high,
        },
        0.0,
        rows.max(1) as u64,
        candidate,
        &units.unit,
        Some(gain.p_positive),
        None,
    )?;
    if run.bounded_classes > 0 {
        v.rows_needed = None;
    }
    let name = display_name(&units.metric);
    let evidence = if units.higher_is_better {
        format!(
            "it is {} {name} over the baseline on test rows, 90% interval {}",
            signed(gain.mean),
            interval(gain.low, gain.high, "")
        )
    } else {
        // An error reads best as itself: lower than the baseline's, so negative.
        format!(
            "its test {name} minus the baseline's is {}, 90% interval {} (lower is better)",
            signed(-gain.mean),
            interval(-gain.high, -gain.low, "")
        )
    };
    let settle = match (run.bounded_classes, v.rows_needed) {
        (0, Some(total)) => super::verdict::settle_clause(total, rows as u64),
        (0, None) => "; no realistic number of test rows would settle it".to_string(),
        (1, _) => format!(
            "; the test rows hold fewer than {SCARCE_CLASS_ROWS} rows of 1 class, whose part of the average the interval takes as anywhere from 0 to 1: more rows of that class would settle it"
        ),
        (classes, _) => format!(
            "; the test rows hold fewer than {SCARCE_CLASS_ROWS} rows of each of {classes} classes, whose part of the average the interval takes as anywhere from 0 to 1: more rows of those classes would settle it"
        ),
    };
    v.sentence = match v.kind {
        VerdictKind::ShipCandidate => {
            format!("the candidate {candidate} beats the baseline: {evidence}")
        }
        VerdictKind::ShipBaseline => {
            format!(
                "keep the baseline: the candidate {candidate} does not beat it; {evidence}{}",
                tie_clause(gain, run, candidate)
            )
        }
        VerdictKind::Inconclusive => format!(
            "inconclusive: the candidate {candidate} may or may not beat the baseline; {evidence}, which includes no difference{settle}"
        ),
    };
    Ok(v)
}

/// Where the two models tie on every resample, the interval is 0 to 0 and measures nothing: a
/// clause saying so, else nothing. Both may score the best the metric allows on the test rows,
/// or score every row alike (for ROC-AUC, rank every row alike against the other class) short
/// of it. On the calibration pools such intervals held the population's own difference in 2 of
/// 20 test sets of a run's own size (`examples/rows_needed.rs`; README, calibration).
fn tie_clause(gain: &BootstrapSummary, run: &MetricRun, candidate: &str) -> String {
    if gain.low != 0.0 || gain.high != 0.0 {
        return String::new();
    }
    let best = crate::metrics::best_possible(&run.units.metric);
    let perfect = |name: &str| {
        run.models
            .iter()
            .find(|m| m.name == name)
            .is_some_and(|m| m.test == best)
    };
    let baseline = run.models.first().map(|m| m.name.as_str());
    let (metric, rows) = (
        display_name(&run.units.metric),
        thousands(run.test_rows as f64),
    );
    if baseline.is_some_and(perfect) && perfect(candidate) {
        format!(
            ", but both score a perfect {metric} on these {rows} test rows, so the rows cannot tell them apart: more rows, or rows the models find harder, would"
        )
    } else {
        format!(
            ", but the two score the same {metric} on every resample of these {rows} test rows, so the rows cannot tell them apart: more rows, or rows the models score differently, would"
        )
    }
}

#[cfg(test)]
mod tests;
