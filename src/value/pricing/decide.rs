//! A model's decisions under the midpoint economics (binary threshold, expected-cost class,
//! regression error, or the metric itself) and the per-row values they earn.

use super::super::capacity::{
    best_capped_threshold, cap, cap_classes, default_class, gain_of_acting, gain_of_reviewing,
    rows_allowed, share,
};
use super::super::config::{Scenario, ValueConfig, ValueKind};
use super::super::decision::{argmax_decisions, best_threshold, expected_cost_decisions};
use super::super::payoff::RowPayoffs;
use super::super::schema::THRESHOLD_STEPS;
use super::{ModelInput, PricingContext, SplitTruth};
use crate::base::error::{Error, Result};

/// A model's decisions, fixed under the midpoint economics.
pub(super) enum Decisions {
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

/// A multiclass model's decisions on some rows without capacity, and what capacity needs to
/// ration them.
pub(super) struct Review {
    /// The expected-cost decision of each row.
    pub(super) decisions: Vec<u32>,
    /// Each row's expected gain of reviewing it over taking the default class.
    pub(super) gain: Vec<f64>,
    /// The class a row not reviewed gets (index into the target's classes).
    pub(super) default: u32,
    /// The midpoint costs, `costs[actual][predicted]`.
    pub(super) costs: Vec<Vec<f64>>,
}

impl Review {
    /// The decisions when capacity `share` of the rows can be reviewed.
    pub(super) fn capped(&self, share: f64) -> Vec<u32> {
        self.capped_to(rows_allowed(share, self.decisions.len()))
    }

    /// The decisions when at most `allowed` rows can be reviewed.
    pub(super) fn capped_to(&self, allowed: usize) -> Vec<u32> {
        cap_classes(&self.decisions, &self.gain, self.default, allowed)
    }
}

/// A model with its decisions.
pub(super) struct Decided<'m> {
    pub(super) input: &'m ModelInput,
    pub(super) decisions: Decisions,
}

impl PricingContext<'_> {
    pub(super) fn decide<'m>(
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
                let (validation_payoffs, test_payoffs) =
                    payoffs.ok_or_else(|| Error::internal("pricing: no payoffs"))?;
                let positive = positive
                    .ok_or_else(|| Error::internal("binary task without positive class"))?;
                let p_val = column(&input.validation, classes.len(), positive);
                let p_test = column(&input.test, classes.len(), positive);
                let y_val: Vec<bool> = validation.iter().map(|&c| c == positive).collect();
                let chosen = best_threshold(&p_val, &y_val, validation_payoffs);
                let share = self.capacity_share(mid, kind);
                let threshold = match share {
                    Some(share) => best_capped_threshold(
                        &p_val,
                        &y_val,
                        validation_payoffs,
                        rows_allowed(share, p_val.len()),
                        chosen.threshold,
                        THRESHOLD_STEPS,
                    ),
                    None => chosen.threshold,
                };
                let mut validation: Vec<bool> = p_val.iter().map(|&p| p >= threshold).collect();
                let mut test: Vec<bool> = p_test.iter().map(|&p| p >= threshold).collect();
                let mut test_default: Vec<bool> = p_test.iter().map(|&p| p >= 0.5).collect();
                if let Some(share) = share {
                    let gain = gain_of_acting(&p_val, validation_payoffs);
                    cap(&mut validation, &gain, rows_allowed(share, p_val.len()));
                    let gain = gain_of_acting(&p_test, test_payoffs);
                    let allowed = rows_allowed(share, p_test.len());
                    cap(&mut test, &gain, allowed);
                    cap(&mut test_default, &gain, allowed);
                }
                Decisions::Binary {
                    threshold,
                    validation,
                    test,
                    test_default,
                }
            }
            (SplitTruth::Classes { classes, .. }, ValueKind::CostMatrix) => {
                let validation = self.review(mid, classes, &input.validation)?;
                let test = self.review(mid, classes, &input.test)?;
                let test_default = argmax_decisions(&input.test, classes.len());
                match self.capacity_share(mid, kind) {
                    Some(share) => {
                        let allowed = rows_allowed(share, test.decisions.len());
                        Decisions::Classes {
                            validation: validation.capped(share),
                            test: test.capped(share),
                            test_default: cap_classes(
                                &test_default,
                                &test.gain,
                                test.default,
                                allowed,
                            ),
                        }
                    }
                    None => Decisions::Classes {
                        validation: validation.decisions,
                        test: test.decisions,
                        test_default,
                    },
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

    /// Multiclass decisions on rows `proba` without capacity, with each row's expected gain of
    /// reviewing it (see [`super::super::capacity`]).
    pub(super) fn review(
        &self,
        mid: &ValueConfig,
        classes: &[String],
        proba: &[f64],
    ) -> Result<Review> {
        let costs = mid.costs_for(classes, Scenario::Mid)?;
        let k = classes.len();
        let default = match mid.capacity.is_some() || mid.capacity_share.is_some() {
            true => default_class(mid, classes)?,
            false => 0,
        };
        Ok(Review {
            decisions: expected_cost_decisions(proba, k, &costs),
            gain: gain_of_reviewing(proba, k, &costs, default),
            default,
            costs,
        })
    }

    /// The share of decisions capacity allows acting on under `resolved`; `None` without one.
    pub(super) fn capacity_share(&self, resolved: &ValueConfig, kind: ValueKind) -> Option<f64> {
        let decisions_per_year = self.economics(resolved, kind).decisions_per_year;
        share(
            resolved.capacity,
            resolved.capacity_share,
            decisions_per_year,
        )
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
    pub(super) fn row_values(
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
                    super::super::decision::multiclass_row_values(decided, y, &costs)
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
}

/// Column `k` of row-major predictions `width` wide.
pub(super) fn column(predictions: &[f64], width: usize, k: u32) -> Vec<f64> {
    predictions
        .chunks_exact(width.max(1))
        .map(|row| row[k as usize])
        .collect()
}
