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
        /// The validation rows decided for the cross-fitted halves ([`crossed_decisions`]).
        validation_crossed: Vec<bool>,
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

/// The validation decisions behind a binary model's two validation halves (alternate rows, as
/// `valuation::halves` splits them): each half's rows decided at the threshold fitted on the
/// other half, under the same capacity `share`. The shipped threshold is fitted on all the
/// validation rows, so a half's value at it would be in sample: each model's threshold fits both
/// halves' noise, a model's luck on one half is paid for on the other, and the halves' values
/// of a sweep's trials then correlate negatively (-0.5 to -0.9 on the calibration pools). Fitted
/// on the other half, each half's value is out of sample for its threshold, as the test value is.
fn crossed_decisions(
    p_val: &[f64],
    y_val: &[bool],
    payoffs: &RowPayoffs,
    share: Option<f64>,
) -> Vec<bool> {
    let n = p_val.len();
    let mut decisions = vec![false; n];
    let half = |parity: usize| -> Vec<usize> { (parity..n).step_by(2).collect() };
    for parity in 0..2 {
        let (fit, decide) = (half(1 - parity), half(parity));
        let p_fit: Vec<f64> = fit.iter().map(|&i| p_val[i]).collect();
        let y_fit: Vec<bool> = fit.iter().map(|&i| y_val[i]).collect();
        let threshold = fitted_threshold(&p_fit, &y_fit, &payoffs.select(&fit), share);
        let p_decide: Vec<f64> = decide.iter().map(|&i| p_val[i]).collect();
        let acting = acting_at(&p_decide, threshold, &payoffs.select(&decide), share);
        for (&row, act) in decide.iter().zip(acting) {
            decisions[row] = act;
        }
    }
    decisions
}

/// The threshold a binary model acts at, fitted on these rows: the cut that earns the most, or
/// under capacity `share` the best cut for the rows capacity lets it act on.
fn fitted_threshold(p: &[f64], y: &[bool], payoffs: &RowPayoffs, share: Option<f64>) -> f64 {
    let free = best_threshold(p, y, payoffs).threshold;
    match share {
        Some(share) => best_capped_threshold(
            p,
            y,
            payoffs,
            rows_allowed(share, p.len()),
            free,
            THRESHOLD_STEPS,
        ),
        None => free,
    }
}

/// The rows acted on at `threshold`; under capacity `share`, only as many as it allows, those
/// with the highest expected gain of acting.
fn acting_at(p: &[f64], threshold: f64, payoffs: &RowPayoffs, share: Option<f64>) -> Vec<bool> {
    let mut acting: Vec<bool> = p.iter().map(|&p| p >= threshold).collect();
    if let Some(share) = share {
        cap(
            &mut acting,
            &gain_of_acting(p, payoffs),
            rows_allowed(share, p.len()),
        );
    }
    acting
}

/// What each row earns under a binary model's `decided` actions, its class in `y` (`positive` the
/// class acted for).
fn binary_row_values(decided: &[bool], y: &[u32], positive: u32, payoffs: &RowPayoffs) -> Vec<f64> {
    decided
        .iter()
        .zip(y)
        .enumerate()
        .map(|(i, (&d, &c))| payoffs.payoff(i, c == positive, d))
        .collect()
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
                let share = self.capacity_share(mid, kind);
                let threshold = fitted_threshold(&p_val, &y_val, validation_payoffs, share);
                Decisions::Binary {
                    threshold,
                    validation_crossed: crossed_decisions(
                        &p_val,
                        &y_val,
                        validation_payoffs,
                        share,
                    ),
                    validation: acting_at(&p_val, threshold, validation_payoffs, share),
                    test: acting_at(&p_test, threshold, test_payoffs, share),
                    test_default: acting_at(&p_test, 0.5, test_payoffs, share),
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

    /// The per-row validation values the two cross-fitted halves are taken from: for a binary
    /// model the rows as [`crossed_decisions`] decides them, `None` otherwise (other decisions
    /// fit nothing on the validation rows, so their own validation values serve).
    pub(super) fn crossed_validation_rows(
        &self,
        payoffs: Option<&(RowPayoffs, RowPayoffs)>,
        decided: &Decided,
    ) -> Option<Vec<f64>> {
        match (&decided.decisions, &self.truth, payoffs) {
            (
                Decisions::Binary {
                    validation_crossed, ..
                },
                SplitTruth::Classes {
                    validation: y_val,
                    positive: Some(positive),
                    ..
                },
                Some((val_pay, _)),
            ) => Some(binary_row_values(
                validation_crossed,
                y_val,
                *positive,
                val_pay,
            )),
            _ => None,
        }
    }

    /// How many test rows `a` and `b` are valued differently under `resolved`: the rows their
    /// paired difference rests on, the others adding the same to both. `None` for metric-based
    /// values, which have no per-row value. A pricing counts them as it builds the difference's
    /// statistic ([`super::RowStatistic`]'s `carried_by`); this counts them apart, for the tests.
    #[cfg(test)]
    pub(super) fn test_rows_valued_differently(
        &self,
        resolved: &ValueConfig,
        payoffs: Option<&(RowPayoffs, RowPayoffs)>,
        (a, b): (&Decided, &Decided),
    ) -> Result<Option<u64>> {
        let test_values = |decided| {
            self.row_values(resolved, payoffs, decided)
                .map(|values| values.map(|(_, test, _)| test))
        };
        Ok(match (test_values(a)?, test_values(b)?) {
            (Some(a), Some(b)) => Some(a.iter().zip(&b).filter(|(x, y)| x != y).count() as u64),
            _ => None,
        })
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
                let rows = |decided: &[bool], y: &[u32], pay: &RowPayoffs| {
                    binary_row_values(decided, y, *positive, pay)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_half_is_decided_at_the_threshold_fitted_on_the_other() {
        // Acting earns 10 on a positive row and costs 5 on a negative one. The even rows (first
        // half) are best cut between 0.3 and 0.2, the odd rows (second half) between 0.8 and
        // 0.7; interleaved as `valuation::halves` splits them.
        let even = [(0.9, true), (0.3, true), (0.2, false), (0.1, false)];
        let odd = [(0.9, true), (0.8, true), (0.7, false), (0.6, false)];
        let rows: Vec<(f64, bool)> = even.iter().zip(&odd).flat_map(|(&e, &o)| [e, o]).collect();
        let p: Vec<f64> = rows.iter().map(|r| r.0).collect();
        let y: Vec<bool> = rows.iter().map(|r| r.1).collect();
        let payoffs = RowPayoffs::constant(rows.len(), 10.0, -5.0, 0.0, 0.0);
        let crossed = crossed_decisions(&p, &y, &payoffs, None);
        // Even rows at the odd rows' cut (0.7 to 0.8): only 0.9 acts, and the positive at 0.3
        // is missed, as a threshold that never saw it would miss it.
        let even_acts: Vec<bool> = crossed.iter().step_by(2).copied().collect();
        assert_eq!(even_acts, [true, false, false, false]);
        // Odd rows at the even rows' cut (0.2 to 0.3): all four act, both negatives included.
        let odd_acts: Vec<bool> = crossed.iter().skip(1).step_by(2).copied().collect();
        assert_eq!(odd_acts, [true, true, true, true]);
        // At the threshold fitted on all rows each half would be decided in sample instead.
        let whole = best_threshold(&p, &y, &payoffs).threshold;
        let in_sample: Vec<bool> = p.iter().map(|&p| p >= whole).collect();
        assert_ne!(in_sample, crossed);

        // Under capacity each half acts on at most its share of its own rows.
        let capped = crossed_decisions(&p, &y, &payoffs, Some(0.25));
        assert_eq!(capped.iter().step_by(2).filter(|&&a| a).count(), 1);
        assert_eq!(capped.iter().skip(1).step_by(2).filter(|&&a| a).count(), 1);
    }
}
