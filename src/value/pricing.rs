//! Prices every model of a run: decisions tuned to value on validation rows, value on test rows,
//! net of training, tuning and serving cost, and each candidate's difference to the baseline with
//! a paired-bootstrap interval, low/high scenarios and a sensitivity table.
//!
//! Decisions are fixed once, under the midpoint of every range: the threshold a team deploys is
//! tuned to its best estimate of the economics, and the scenarios and sensitivity table then ask
//! what that deployed model earns if the economics turn out otherwise.

use serde::{Deserialize, Serialize};

use super::bootstrap::{bootstrap_seed, resample_statistic, summarize, BootstrapSummary};
use super::config::{Scenario, ValueConfig, ValueKind};
use super::decision::{argmax_decisions, best_threshold, expected_cost_decisions, mean};
use super::payoff::RowPayoffs;
use super::resampled_metric::{MetricSampler, Truth};
use crate::base::error::{Error, Result};

/// Resamples of the bootstrap (the issue asks for at least 1,000; 2,000 keeps the 5% and 95%
/// percentiles steady to about 1% of the interval's width).
pub const RESAMPLES: usize = 2_000;

/// The truth of the validation and test rows.
#[derive(Debug, Clone)]
pub enum SplitTruth {
    /// Class indices.
    Classes {
        /// Validation rows' classes.
        validation: Vec<u32>,
        /// Test rows' classes.
        test: Vec<u32>,
        /// Class names, by index.
        classes: Vec<String>,
        /// Positive class of a binary task.
        positive: Option<u32>,
    },
    /// Numeric targets.
    Values {
        /// Validation rows' targets.
        validation: Vec<f64>,
        /// Test rows' targets.
        test: Vec<f64>,
    },
}

/// What the run knows besides the models: the section, the truth, and per-row payoffs.
pub struct PricingContext<'a> {
    /// The `[value]` section.
    pub config: &'a ValueConfig,
    /// Truth of validation and test rows.
    pub truth: SplitTruth,
    /// Per-row payoffs of validation and test rows for a resolved section (binary outcomes only;
    /// expressions need the data, which the caller has).
    pub payoffs: &'a dyn Fn(&ValueConfig) -> Result<(RowPayoffs, RowPayoffs)>,
    /// Decisions a year when the section does not say: the rows of the data, as if each were
    /// decided once a year.
    pub default_decisions_per_year: f64,
    /// Threads predictions were measured with (serving core time = wall time x threads).
    pub threads: usize,
    /// The run's seed (the bootstrap's stream is derived from it).
    pub seed: u64,
    /// The baseline's test metric, which `per_point` values count from (set while pricing).
    pub reference: std::cell::Cell<f64>,
}

/// One model as the pricing needs it.
pub struct ModelInput {
    /// Model name.
    pub name: String,
    /// Trial number; `None` for the baseline.
    pub trial: Option<u64>,
    /// Validation predictions, row-major.
    pub validation: Vec<f64>,
    /// Test predictions, row-major.
    pub test: Vec<f64>,
    /// CPU seconds of training.
    pub fit_cpu_seconds: f64,
    /// Wall seconds to predict 1,000 rows.
    pub predict_seconds_per_1000_rows: f64,
}

/// Everything `[value]` says about a run, as written to `results.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ValueResults {
    /// How models are priced.
    pub kind: ValueKind,
    /// Currency of every amount.
    pub currency: String,
    /// The priced metric (metric-based values only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    /// Decisions a year (midpoint of a range).
    pub decisions_per_year: f64,
    /// Whether `decisions_per_year` was assumed (the data's rows) rather than given.
    pub decisions_per_year_assumed: bool,
    /// Years the model is used (midpoint).
    pub horizon_years: f64,
    /// Price of a core-hour (midpoint; 0 when not given).
    pub core_hour: f64,
    /// Cost of a trial besides compute (midpoint; 0 when not given).
    pub trial_cost: f64,
    /// Bootstrap resamples behind every interval.
    pub resamples: usize,
    /// Every model's value, baseline first.
    pub models: Vec<ModelValue>,
    /// The candidate validation would pick (highest validation net value), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best: Option<BestCandidate>,
    /// The best candidate's difference to the baseline under the low, mid and high scenarios.
    pub scenarios: Vec<ScenarioResult>,
    /// Which uncertain number moves the best candidate's difference most, largest swing first.
    pub sensitivity: Vec<Sensitivity>,
    /// Binary outcomes: validation value per year against the decision threshold for the
    /// baseline and the best candidate, so reports can redraw the chart without the data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold_curves: Option<Vec<ThresholdCurve>>,
}

/// Thresholds a [`ThresholdCurve`] is evaluated at, besides 0: fine enough that the curve looks
/// smooth on a slide, coarse enough to keep `results.json` small.
pub const THRESHOLD_STEPS: usize = 100;

/// One model's validation value per year at evenly spaced decision thresholds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ThresholdCurve {
    /// Model name.
    pub name: String,
    /// `[threshold, value per year]` pairs, thresholds from 0 to 1.
    pub points: Vec<[f64; 2]>,
}

/// A binary model's test value per year split by outcome (each outcome's payoffs summed over
/// the rows it happened on); the four add up to `test_per_year`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct OutcomeValues {
    /// Predicted positive, actually positive.
    pub true_positives: f64,
    /// Predicted positive, actually negative.
    pub false_positives: f64,
    /// Predicted negative, actually positive.
    pub false_negatives: f64,
    /// Predicted negative, actually negative.
    pub true_negatives: f64,
}

/// One model's value.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ModelValue {
    /// Model name.
    pub name: String,
    /// Trial number; absent for the baseline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trial: Option<u64>,
    /// Binary tasks: predict positive when the positive-class probability is at least this
    /// (tuned on validation rows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    /// Mean value per decision on test rows (per-decision kinds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_per_decision: Option<f64>,
    /// Value per year on validation rows (what selection sees).
    pub validation_per_year: f64,
    /// Value per year on test rows.
    pub test_per_year: f64,
    /// Value per year on test rows with the default decision (0.5 cut-off, or the most likely
    /// class), to show what tuning the decision alone earns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_per_year_default: Option<f64>,
    /// Test value over the horizon.
    pub decision_value: f64,
    /// Compute cost of training it.
    pub training_cost: f64,
    /// The fixed cost of a trial (candidates only).
    pub trial_cost: f64,
    /// Compute cost of serving it over the horizon.
    pub serving_cost: f64,
    /// Net value: decision value - training - trial - serving cost.
    pub net_value: f64,
    /// The same with the validation value (what selecting by validation sees).
    pub validation_net_value: f64,
    /// Net value minus the baseline's, with its paired-bootstrap interval (candidates only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difference: Option<BootstrapSummary>,
    /// The net value's own bootstrap interval over test rows (`mean` is `net_value`). Absent in
    /// files written before it existed. `worthit compare` needs it to compare runs that share
    /// no test rows, where no paired interval exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub net_value_interval: Option<BootstrapSummary>,
    /// Binary outcomes: test value per year by outcome, for the payoff breakdown chart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcomes: Option<OutcomeValues>,
}

/// Two models priced together on the same test rows, for `worthit compare`.
#[derive(Debug, Clone)]
pub struct PairedComparison {
    /// The model compared against.
    pub baseline: ModelValue,
    /// The model under test.
    pub candidate: ModelValue,
    /// Candidate net value minus baseline net value, with its paired-bootstrap interval.
    pub difference: BootstrapSummary,
}

/// The candidate validation picks, and what the whole sweep cost to find it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BestCandidate {
    /// Its name.
    pub name: String,
    /// Its net value minus the baseline's (over the horizon), with interval.
    pub difference: BootstrapSummary,
    /// Training and trial cost of every candidate of the sweep.
    pub sweep_cost: f64,
    /// The difference after paying for the rest of the sweep too (its own cost is already in
    /// `difference`): was the sweep as a whole worth it.
    pub difference_after_sweep: BootstrapSummary,
}

/// The best candidate's position under one scenario.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScenarioResult {
    /// Low, mid or high end of every range.
    pub scenario: Scenario,
    /// Baseline net value.
    pub baseline_net_value: f64,
    /// Best candidate net value.
    pub best_net_value: f64,
    /// Their difference.
    pub difference: f64,
}

/// How one uncertain number moves the best candidate's difference to the baseline.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Sensitivity {
    /// The number, e.g. `fp` or `decisions_per_year`.
    pub parameter: String,
    /// Its low end.
    pub low: f64,
    /// Its high end.
    pub high: f64,
    /// The difference with this number at its low end (every other at its midpoint).
    pub difference_at_low: f64,
    /// The difference with this number at its high end.
    pub difference_at_high: f64,
    /// `|difference_at_high - difference_at_low|`.
    pub swing: f64,
}

/// A model's decisions, fixed under the midpoint economics.
enum Decisions {
    Binary {
        threshold: f64,
        validation: Vec<bool>,
        test: Vec<bool>,
        test_default: Vec<bool>,
    },
    Classes {
        validation: Vec<u32>,
        test: Vec<u32>,
        test_default: Vec<u32>,
    },
    Errors {
        validation: Vec<f64>,
        test: Vec<f64>,
    },
    Metric {
        validation: f64,
        test: f64,
    },
}

/// A model with its decisions.
struct Decided<'m> {
    input: &'m ModelInput,
    decisions: Decisions,
}

/// Models decided and valued under the midpoint economics, before any bootstrap.
struct Priced<'m> {
    kind: ValueKind,
    mid: ValueConfig,
    payoffs: Option<(RowPayoffs, RowPayoffs)>,
    baseline_index: usize,
    decided: Vec<Decided<'m>>,
    values: Vec<ModelValue>,
}

/// The economics resolved to plain numbers.
struct Economics {
    decisions_per_year: f64,
    horizon_years: f64,
    core_hour: f64,
    trial_cost: f64,
}

impl PricingContext<'_> {
    /// Prices `models` (the baseline is the one without a trial number).
    pub fn price(&self, models: &[ModelInput]) -> Result<ValueResults> {
        let Priced {
            kind,
            mid,
            payoffs: mid_payoffs,
            baseline_index,
            decided,
            mut values,
        } = self.decide_and_value(models)?;
        let baseline = &decided[baseline_index];
        let mut draws: Vec<Vec<f64>> = vec![Vec::new(); decided.len()];
        for (i, model) in decided.iter().enumerate() {
            let costs = values[i].net_value - values[i].decision_value;
            let (observed, resampled) =
                self.bootstrap(kind, &mid, mid_payoffs.as_ref(), model, None, costs)?;
            values[i].net_value_interval = Some(summarize(observed, resampled));
        }
        for (i, candidate) in decided.iter().enumerate() {
            if i != baseline_index {
                let offset = (values[i].net_value - values[i].decision_value)
                    - (values[baseline_index].net_value - values[baseline_index].decision_value);
                let (observed, resampled) = self.bootstrap(
                    kind,
                    &mid,
                    mid_payoffs.as_ref(),
                    candidate,
                    Some(baseline),
                    offset,
                )?;
                values[i].difference = Some(summarize(observed, resampled.clone()));
                draws[i] = resampled;
            }
        }
        let best_index = values
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != baseline_index)
            .max_by(|a, b| {
                a.1.validation_net_value
                    .total_cmp(&b.1.validation_net_value)
            })
            .map(|(i, _)| i);
        let economics = self.economics(&mid, kind);
        let best = match best_index {
            Some(i) => {
                let difference = values[i]
                    .difference
                    .ok_or_else(|| Error::internal("pricing: best candidate without interval"))?;
                let sweep_cost: f64 = values
                    .iter()
                    .filter(|v| v.trial.is_some())
                    .map(|v| v.training_cost + v.trial_cost)
                    .sum();
                let rest = sweep_cost - values[i].training_cost - values[i].trial_cost;
                let after: Vec<f64> = draws[i].iter().map(|d| d - rest).collect();
                Some(BestCandidate {
                    name: values[i].name.clone(),
                    difference,
                    sweep_cost,
                    difference_after_sweep: summarize(difference.mean - rest, after),
                })
            }
            None => None,
        };
        let (scenarios, sensitivity) = match best_index {
            Some(i) => (
                self.scenarios(kind, &decided[i], baseline)?,
                self.sensitivity(kind, &decided[i], baseline)?,
            ),
            None => (Vec::new(), Vec::new()),
        };
        let threshold_curves = match (kind, &mid_payoffs) {
            (ValueKind::Outcomes, Some((validation_payoffs, _))) => {
                let economics = self.economics(&mid, kind);
                let mut curves = Vec::new();
                for i in std::iter::once(baseline_index).chain(best_index) {
                    curves.push(self.threshold_curve(
                        &decided[i],
                        validation_payoffs,
                        economics.decisions_per_year,
                    )?);
                }
                Some(curves)
            }
            _ => None,
        };
        // Baseline first, then trials in order, as the run lists them.
        let baseline_value = values.remove(baseline_index);
        values.insert(0, baseline_value);
        Ok(ValueResults {
            kind,
            currency: self.config.currency.clone().unwrap_or_default(),
            metric: (kind == ValueKind::Metric).then(|| self.config.metric_name(self.regression())),
            decisions_per_year: economics.decisions_per_year,
            decisions_per_year_assumed: self.config.decisions_per_year.is_none(),
            horizon_years: economics.horizon_years,
            core_hour: economics.core_hour,
            trial_cost: economics.trial_cost,
            resamples: RESAMPLES,
            models: values,
            best,
            scenarios,
            sensitivity,
            threshold_curves,
        })
    }

    /// A binary model's validation value per year at every threshold step.
    fn threshold_curve(
        &self,
        decided: &Decided,
        payoffs: &RowPayoffs,
        decisions_per_year: f64,
    ) -> Result<ThresholdCurve> {
        let SplitTruth::Classes {
            validation,
            classes,
            positive: Some(positive),
            ..
        } = &self.truth
        else {
            return Err(Error::internal(
                "threshold curve of a task that is not binary",
            ));
        };
        let p = column(&decided.input.validation, classes.len(), *positive);
        let y: Vec<bool> = validation.iter().map(|c| c == positive).collect();
        let points = super::decision::value_curve(&p, &y, payoffs, THRESHOLD_STEPS)
            .into_iter()
            .map(|(t, v)| [t, v * decisions_per_year])
            .collect();
        Ok(ThresholdCurve {
            name: decided.input.name.clone(),
            points,
        })
    }

    /// A binary model's test value per year by outcome; `None` for other kinds of decisions.
    fn outcome_values(
        &self,
        payoffs: Option<&(RowPayoffs, RowPayoffs)>,
        decided: &Decided,
        decisions_per_year: f64,
    ) -> Option<OutcomeValues> {
        let (
            Decisions::Binary { test, .. },
            SplitTruth::Classes {
                test: y,
                positive: Some(positive),
                ..
            },
            Some((_, pay)),
        ) = (&decided.decisions, &self.truth, payoffs)
        else {
            return None;
        };
        let mut sums = [0.0; 4];
        for (i, (&predicted, &class)) in test.iter().zip(y).enumerate() {
            let actual = class == *positive;
            let slot = match (predicted, actual) {
                (true, true) => 0,
                (true, false) => 1,
                (false, true) => 2,
                (false, false) => 3,
            };
            sums[slot] += pay.payoff(i, actual, predicted);
        }
        let scale = decisions_per_year / test.len().max(1) as f64;
        Some(OutcomeValues {
            true_positives: sums[0] * scale,
            false_positives: sums[1] * scale,
            false_negatives: sums[2] * scale,
            true_negatives: sums[3] * scale,
        })
    }

    /// Every model's value (baseline first) without intervals: no bootstrap, no scenarios.
    pub fn price_points(&self, models: &[ModelInput]) -> Result<Vec<ModelValue>> {
        let Priced {
            baseline_index,
            mut values,
            ..
        } = self.decide_and_value(models)?;
        let baseline_value = values.remove(baseline_index);
        values.insert(0, baseline_value);
        Ok(values)
    }

    /// Decisions under the midpoint economics and each model's value, in `models` order.
    fn decide_and_value<'m>(&self, models: &'m [ModelInput]) -> Result<Priced<'m>> {
        let kind = self.config.kind()?;
        let mid = self.config.resolved(Scenario::Mid, None);
        let baseline_index = models
            .iter()
            .position(|m| m.trial.is_none())
            .ok_or_else(|| Error::internal("pricing: no baseline model"))?;
        let payoffs = match kind {
            ValueKind::Outcomes => Some((self.payoffs)(&mid)?),
            _ => None,
        };
        let decided: Vec<Decided> = models
            .iter()
            .map(|m| self.decide(kind, &mid, payoffs.as_ref(), m))
            .collect::<Result<_>>()?;
        if let Decisions::Metric { test, .. } = decided[baseline_index].decisions {
            self.reference.set(test);
        }
        let values: Vec<ModelValue> = decided
            .iter()
            .map(|d| self.value_of(kind, &mid, payoffs.as_ref(), d))
            .collect::<Result<_>>()?;
        Ok(Priced {
            kind,
            mid,
            payoffs,
            baseline_index,
            decided,
            values,
        })
    }

    fn regression(&self) -> bool {
        matches!(self.truth, SplitTruth::Values { .. })
    }

    fn economics(&self, resolved: &ValueConfig, kind: ValueKind) -> Economics {
        let at = |n: Option<super::Number>| n.map(|n| n.at(Scenario::Mid));
        Economics {
            // Metric-based values are per year already; decisions then only price serving.
            decisions_per_year: at(resolved.decisions_per_year).unwrap_or(match kind {
                ValueKind::Metric => 0.0,
                _ => self.default_decisions_per_year,
            }),
            horizon_years: at(resolved.horizon_years).unwrap_or(1.0),
            core_hour: at(resolved.core_hour).unwrap_or(0.0),
            trial_cost: at(resolved.trial_cost).unwrap_or(0.0),
        }
    }

    fn decide<'m>(
        &self,
        kind: ValueKind,
        mid: &ValueConfig,
        payoffs: Option<&(RowPayoffs, RowPayoffs)>,
        input: &'m ModelInput,
    ) -> Result<Decided<'m>> {
        let decisions = match (&self.truth, kind) {
            (
                SplitTruth::Classes {
                    validation,
                    classes,
                    positive,
                    ..
                },
                ValueKind::Outcomes,
            ) => {
                let (validation_payoffs, _) =
                    payoffs.ok_or_else(|| Error::internal("pricing: no payoffs"))?;
                let positive = positive
                    .ok_or_else(|| Error::internal("binary task without positive class"))?;
                let p_val = column(&input.validation, classes.len(), positive);
                let p_test = column(&input.test, classes.len(), positive);
                let y_val: Vec<bool> = validation.iter().map(|&c| c == positive).collect();
                let chosen = best_threshold(&p_val, &y_val, validation_payoffs);
                Decisions::Binary {
                    threshold: chosen.threshold,
                    validation: p_val.iter().map(|&p| p >= chosen.threshold).collect(),
                    test: p_test.iter().map(|&p| p >= chosen.threshold).collect(),
                    test_default: p_test.iter().map(|&p| p >= 0.5).collect(),
                }
            }
            (SplitTruth::Classes { classes, .. }, ValueKind::CostMatrix) => {
                let costs = mid.costs_for(classes, Scenario::Mid)?;
                let k = classes.len();
                Decisions::Classes {
                    validation: expected_cost_decisions(&input.validation, k, &costs),
                    test: expected_cost_decisions(&input.test, k, &costs),
                    test_default: argmax_decisions(&input.test, k),
                }
            }
            (SplitTruth::Values { validation, test }, ValueKind::Error) => Decisions::Errors {
                validation: input
                    .validation
                    .iter()
                    .zip(validation)
                    .map(|(p, t)| p - t)
                    .collect(),
                test: input.test.iter().zip(test).map(|(p, t)| p - t).collect(),
            },
            (_, ValueKind::Metric) => {
                let name = self.config.metric_name(self.regression());
                let (val, test) = (
                    self.metric_of(&name, &input.validation, true),
                    self.metric_of(&name, &input.test, false),
                );
                match (val, test) {
                    (Some(validation), Some(test)) => Decisions::Metric { validation, test },
                    _ => {
                        return Err(Error::input(format!(
                        "[value] metric = \"{name}\" is not defined for model `{}` on this data",
                        input.name
                    )))
                    }
                }
            }
            _ => return Err(Error::internal("pricing: value kind does not fit the task")),
        };
        Ok(Decided { input, decisions })
    }

    fn metric_of(&self, name: &str, predictions: &[f64], validation: bool) -> Option<f64> {
        let metrics = match &self.truth {
            SplitTruth::Classes {
                validation: v,
                test: t,
                classes,
                positive,
            } => crate::metrics::classification_metrics(
                if validation { v } else { t },
                predictions,
                classes.len(),
                *positive,
            ),
            SplitTruth::Values {
                validation: v,
                test: t,
            } => crate::metrics::regression_metrics(if validation { v } else { t }, predictions),
        };
        metrics.get(name)
    }

    /// Per-row values (validation, test, test with default decisions) under a resolved section;
    /// `None` for metric-based values, which have no per-row value.
    #[allow(clippy::type_complexity)]
    fn row_values(
        &self,
        resolved: &ValueConfig,
        payoffs: Option<&(RowPayoffs, RowPayoffs)>,
        decided: &Decided,
    ) -> Result<Option<(Vec<f64>, Vec<f64>, Option<Vec<f64>>)>> {
        Ok(match (&decided.decisions, &self.truth) {
            (
                Decisions::Binary {
                    validation,
                    test,
                    test_default,
                    ..
                },
                SplitTruth::Classes {
                    validation: y_val,
                    test: y_test,
                    positive: Some(positive),
                    ..
                },
            ) => {
                let (val_pay, test_pay) =
                    payoffs.ok_or_else(|| Error::internal("pricing: no payoffs"))?;
                let rows = |decided: &[bool], y: &[u32], pay: &RowPayoffs| -> Vec<f64> {
                    decided
                        .iter()
                        .zip(y)
                        .enumerate()
                        .map(|(i, (&d, &c))| pay.payoff(i, c == *positive, d))
                        .collect()
                };
                Some((
                    rows(validation, y_val, val_pay),
                    rows(test, y_test, test_pay),
                    Some(rows(test_default, y_test, test_pay)),
                ))
            }
            (
                Decisions::Classes {
                    validation,
                    test,
                    test_default,
                },
                SplitTruth::Classes {
                    validation: y_val,
                    test: y_test,
                    classes,
                    ..
                },
            ) => {
                let costs = resolved.costs_for(classes, Scenario::Mid)?;
                let rows = |decided: &[u32], y: &[u32]| -> Vec<f64> {
                    super::decision::multiclass_row_values(decided, y, &costs)
                };
                Some((
                    rows(validation, y_val),
                    rows(test, y_test),
                    Some(rows(test_default, y_test)),
                ))
            }
            (Decisions::Errors { validation, test }, _) => {
                let per_abs = resolved.per_abs_error.map_or(0.0, |n| n.at(Scenario::Mid));
                let per_sq = resolved
                    .per_squared_error
                    .map_or(0.0, |n| n.at(Scenario::Mid));
                let rows = |errors: &[f64]| -> Vec<f64> {
                    errors
                        .iter()
                        .map(|e| per_abs * e.abs() + per_sq * e * e)
                        .collect()
                };
                Some((rows(validation), rows(test), None))
            }
            (Decisions::Metric { .. }, _) => None,
            _ => return Err(Error::internal("pricing: decisions do not fit the truth")),
        })
    }

    /// A model's value under a resolved section (`resolved` has only fixed numbers).
    fn value_of(
        &self,
        kind: ValueKind,
        resolved: &ValueConfig,
        payoffs: Option<&(RowPayoffs, RowPayoffs)>,
        decided: &Decided,
    ) -> Result<ModelValue> {
        let economics = self.economics(resolved, kind);
        let input = decided.input;
        let (validation_per_year, test_per_year, test_per_year_default, test_per_decision) =
            match self.row_values(resolved, payoffs, decided)? {
                Some((val, test, default)) => {
                    let per_decision = mean(&test);
                    (
                        mean(&val) * economics.decisions_per_year,
                        per_decision * economics.decisions_per_year,
                        default.map(|d| mean(&d) * economics.decisions_per_year),
                        Some(per_decision),
                    )
                }
                None => match decided.decisions {
                    Decisions::Metric { validation, test } => {
                        let value = |metric: f64| {
                            resolved
                                .metric_value(
                                    metric,
                                    self.reference.get(),
                                    self.regression(),
                                    Scenario::Mid,
                                )
                                .unwrap_or(0.0)
                        };
                        (value(validation), value(test), None, None)
                    }
                    _ => return Err(Error::internal("pricing: no row values")),
                },
            };
        let horizon = economics.horizon_years;
        let training_cost = input.fit_cpu_seconds / 3600.0 * economics.core_hour;
        let trial_cost = if input.trial.is_some() {
            economics.trial_cost
        } else {
            0.0
        };
        let serving_core_seconds = input.predict_seconds_per_1000_rows / 1000.0
            * self.threads as f64
            * economics.decisions_per_year
            * horizon;
        let serving_cost = serving_core_seconds / 3600.0 * economics.core_hour;
        let costs = training_cost + trial_cost + serving_cost;
        Ok(ModelValue {
            name: input.name.clone(),
            trial: input.trial,
            threshold: match decided.decisions {
                Decisions::Binary { threshold, .. } => Some(threshold),
                _ => None,
            },
            test_per_decision,
            validation_per_year,
            test_per_year,
            test_per_year_default,
            decision_value: test_per_year * horizon,
            training_cost,
            trial_cost,
            serving_cost,
            net_value: test_per_year * horizon - costs,
            validation_net_value: validation_per_year * horizon - costs,
            difference: None,
            net_value_interval: None,
            outcomes: self.outcome_values(payoffs, decided, economics.decisions_per_year),
        })
    }

    /// Paired bootstrap over test rows of the candidate's net value minus the baseline's, in
    /// money over the horizon; `cost_offset` is the (fixed) difference of their costs, negated.
    /// Without a baseline it is the candidate's own net value (`cost_offset` = minus its costs).
    /// Returns the observed value and the resampled ones.
    fn bootstrap(
        &self,
        kind: ValueKind,
        mid: &ValueConfig,
        payoffs: Option<&(RowPayoffs, RowPayoffs)>,
        candidate: &Decided,
        baseline: Option<&Decided>,
        cost_offset: f64,
    ) -> Result<(f64, Vec<f64>)> {
        let economics = self.economics(mid, kind);
        let seed = bootstrap_seed(self.seed);
        let horizon = economics.horizon_years;
        let baseline_rows = match baseline {
            Some(b) => self.row_values(mid, payoffs, b)?.map(|(_, test, _)| test),
            None => None,
        };
        if let Some((_, c, _)) = self.row_values(mid, payoffs, candidate)? {
            let scale = economics.decisions_per_year * horizon;
            let diff: Vec<f64> = match &baseline_rows {
                Some(b) => c.iter().zip(b).map(|(c, b)| (c - b) * scale).collect(),
                None if baseline.is_some() => {
                    return Err(Error::internal("pricing: row values for one model only"))
                }
                None => c.iter().map(|c| c * scale).collect(),
            };
            let n = diff.len();
            let observed = mean(&diff) + cost_offset;
            let draws = resample_statistic(n, RESAMPLES, seed, |counts| {
                let total: f64 = counts
                    .iter()
                    .zip(&diff)
                    .map(|(&k, d)| f64::from(k) * d)
                    .sum();
                total / n as f64 + cost_offset
            });
            return Ok((observed, draws));
        }
        let name = self.config.metric_name(self.regression());
        let truth = match &self.truth {
            SplitTruth::Classes {
                test,
                classes,
                positive,
                ..
            } => Truth::Classes {
                y: test,
                n_classes: classes.len(),
                positive: *positive,
            },
            SplitTruth::Values { test, .. } => Truth::Values(test),
        };
        let regression = self.regression();
        let value = |metric: f64| {
            mid.metric_value(metric, self.reference.get(), regression, Scenario::Mid)
                .unwrap_or(f64::NAN)
                * horizon
        };
        let Decisions::Metric { test: ct, .. } = &candidate.decisions else {
            return Err(Error::internal("pricing: metric kind without metrics"));
        };
        let c = MetricSampler::new(&name, truth, &candidate.input.test);
        let b = match baseline {
            Some(baseline) => {
                let Decisions::Metric { test: bt, .. } = &baseline.decisions else {
                    return Err(Error::internal("pricing: metric kind without metrics"));
                };
                Some((*bt, MetricSampler::new(&name, truth, &baseline.input.test)))
            }
            None => None,
        };
        let observed = value(*ct) - b.as_ref().map_or(0.0, |(bt, _)| value(*bt)) + cost_offset;
        let n = match &self.truth {
            SplitTruth::Classes { test, .. } => test.len(),
            SplitTruth::Values { test, .. } => test.len(),
        };
        let draws = resample_statistic(n, RESAMPLES, seed, |counts| {
            value(c.evaluate(counts))
                - b.as_ref()
                    .map_or(0.0, |(_, sampler)| value(sampler.evaluate(counts)))
                + cost_offset
        });
        Ok((observed, draws))
    }

    /// Prices two models on the same rows and bootstraps the difference of their net values
    /// (`worthit compare` of two runs on the same data and split). Each keeps the trial cost its
    /// own run charged it (none for a run's baseline), so the difference is that of the net
    /// values the runs report, up to the serving-time measurement.
    pub fn compare_pair(
        &self,
        baseline: &ModelInput,
        candidate: &ModelInput,
    ) -> Result<PairedComparison> {
        let kind = self.config.kind()?;
        let mid = self.config.resolved(Scenario::Mid, None);
        let mid_payoffs = match kind {
            ValueKind::Outcomes => Some((self.payoffs)(&mid)?),
            _ => None,
        };
        let b = self.decide(kind, &mid, mid_payoffs.as_ref(), baseline)?;
        let c = self.decide(kind, &mid, mid_payoffs.as_ref(), candidate)?;
        if let Decisions::Metric { test, .. } = b.decisions {
            self.reference.set(test);
        }
        let baseline_value = self.value_of(kind, &mid, mid_payoffs.as_ref(), &b)?;
        let candidate_value = self.value_of(kind, &mid, mid_payoffs.as_ref(), &c)?;
        let offset = (candidate_value.net_value - candidate_value.decision_value)
            - (baseline_value.net_value - baseline_value.decision_value);
        let (observed, draws) =
            self.bootstrap(kind, &mid, mid_payoffs.as_ref(), &c, Some(&b), offset)?;
        Ok(PairedComparison {
            baseline: baseline_value,
            candidate: candidate_value,
            difference: summarize(observed, draws),
        })
    }

    /// Net values of `candidate` and `baseline` under a resolved section.
    fn difference_under(
        &self,
        kind: ValueKind,
        resolved: &ValueConfig,
        candidate: &Decided,
        baseline: &Decided,
    ) -> Result<(f64, f64)> {
        let payoffs = match kind {
            ValueKind::Outcomes => Some((self.payoffs)(resolved)?),
            _ => None,
        };
        let c = self.value_of(kind, resolved, payoffs.as_ref(), candidate)?;
        let b = self.value_of(kind, resolved, payoffs.as_ref(), baseline)?;
        Ok((b.net_value, c.net_value))
    }

    fn scenarios(
        &self,
        kind: ValueKind,
        candidate: &Decided,
        baseline: &Decided,
    ) -> Result<Vec<ScenarioResult>> {
        Scenario::ALL
            .iter()
            .map(|&scenario| {
                let resolved = self.config.resolved(scenario, None);
                let (base, best) = self.difference_under(kind, &resolved, candidate, baseline)?;
                Ok(ScenarioResult {
                    scenario,
                    baseline_net_value: base,
                    best_net_value: best,
                    difference: best - base,
                })
            })
            .collect()
    }

    fn sensitivity(
        &self,
        kind: ValueKind,
        candidate: &Decided,
        baseline: &Decided,
    ) -> Result<Vec<Sensitivity>> {
        let mut rows = self
            .config
            .uncertain()
            .into_iter()
            .map(|uncertain| {
                let at = |value: f64| -> Result<f64> {
                    let resolved = self
                        .config
                        .resolved(Scenario::Mid, Some((&uncertain.name, value)));
                    let (base, best) =
                        self.difference_under(kind, &resolved, candidate, baseline)?;
                    Ok(best - base)
                };
                let (difference_at_low, difference_at_high) =
                    (at(uncertain.low)?, at(uncertain.high)?);
                Ok(Sensitivity {
                    parameter: uncertain.name,
                    low: uncertain.low,
                    high: uncertain.high,
                    difference_at_low,
                    difference_at_high,
                    swing: (difference_at_high - difference_at_low).abs(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        rows.sort_by(|a, b| b.swing.total_cmp(&a.swing));
        Ok(rows)
    }
}

/// Column `k` of row-major predictions `width` wide.
fn column(predictions: &[f64], width: usize, k: u32) -> Vec<f64> {
    predictions
        .chunks_exact(width.max(1))
        .map(|row| row[k as usize])
        .collect()
}
