//! One model's value under a resolved `[value]` section: value per year on validation and test
//! rows, the costs of training, trials and serving, and binary outcomes.

use super::super::bootstrap::weighted_sum;
use super::super::config::{Scenario, ValueConfig, ValueKind};
use super::super::decision::mean;
use super::super::payoff::RowPayoffs;
use super::super::schema::{ModelValue, OutcomeValues};
use super::decide::{Decided, Decisions};
use super::{Basis, Carried, PricingContext, RowStatistic, Rows, SplitTruth};
use crate::base::error::{Error, Result};

/// The economics resolved to plain numbers.
#[derive(Debug, Clone, Copy)]
pub(super) struct Economics {
    pub(super) decisions_per_year: f64,
    pub(super) horizon_years: f64,
    pub(super) core_hour: f64,
    pub(super) trial_cost: f64,
}

/// What a model costs over the horizon besides its decisions.
pub(super) struct Costs {
    pub(super) training: f64,
    pub(super) trial: f64,
    pub(super) serving: f64,
}

impl Costs {
    pub(super) fn total(&self) -> f64 {
        self.training + self.trial + self.serving
    }
}

impl PricingContext<'_> {
    /// A model's training, trial and serving cost under `economics`.
    pub(super) fn costs(&self, input: &super::ModelInput, economics: &Economics) -> Costs {
        let training = input.fit_cpu_seconds / 3600.0 * economics.core_hour;
        // A model trained elsewhere pays its own trial cost (0 unless given), not the sweep's.
        let trial = match (input.own_trial_cost, input.trial) {
            (Some(cost), _) => cost,
            (None, Some(_)) if !input.external => economics.trial_cost,
            _ => 0.0,
        };
        let serving_core_seconds = input.predict_seconds_per_1000_rows / 1000.0
            * self.threads as f64
            * economics.decisions_per_year
            * economics.horizon_years;
        Costs {
            training,
            trial,
            serving: serving_core_seconds / 3600.0 * economics.core_hour,
        }
    }

    pub(super) fn economics(&self, resolved: &ValueConfig, kind: ValueKind) -> Economics {
        let at = |n: Option<super::super::Number>| n.map(|n| n.at(Scenario::Mid));
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

    /// A model's value under a resolved section (`resolved` has only fixed numbers).
    pub(super) fn value_of(
        &self,
        basis: Basis,
        resolved: &ValueConfig,
        payoffs: Option<&(RowPayoffs, RowPayoffs)>,
        decided: &Decided,
    ) -> Result<ModelValue> {
        let kind = basis.kind;
        let economics = self.economics(resolved, kind);
        let input = decided.input;
        let mut validation_halves_per_year = None;
        let (validation_per_year, test_per_year, test_per_year_default, test_per_decision) =
            match self.row_values(resolved, payoffs, decided)? {
                Some((val, test, default)) => {
                    let per_decision = mean(&test);
                    let crossed = self.crossed_validation_rows(payoffs, decided);
                    validation_halves_per_year = halves(crossed.as_deref().unwrap_or(&val))
                        .map(|h| h.map(|per_row| per_row * economics.decisions_per_year));
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
                                    basis.reference,
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
        let Costs {
            training: training_cost,
            trial: trial_cost,
            serving: serving_cost,
        } = self.costs(input, &economics);
        let costs = training_cost + trial_cost + serving_cost;
        Ok(ModelValue {
            name: input.name.clone(),
            trial: input.trial,
            external: input.external,
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
            validation_halves: validation_halves_per_year
                .map(|h| h.map(|per_year| per_year * horizon - costs)),
            // Resampled with the other intervals of a pricing (`PricingContext::price`).
            test_per_year_interval: None,
            test_per_year_default_interval: None,
            decision_tuning: None,
            difference: None,
            over_reference: None,
            net_value_interval: None,
            validation_net_value_interval: None,
            // By outcome: [`PricingContext::add_outcomes`], once the models the payoff chart
            // compares (a walk of their rows that also gives the whiskers) are known.
            outcomes: None,
        })
    }

    /// What tuning the decision alone earns a year on the test rows: each row's value with the
    /// decision tuned to value minus its value with the default decision, times the decisions a
    /// year; observed, and the statistic of its paired bootstrap. `None` where the decision has
    /// no default to compare with.
    pub(super) fn decision_tuning<'s>(
        &'s self,
        kind: ValueKind,
        resolved: &ValueConfig,
        payoffs: Option<&(RowPayoffs, RowPayoffs)>,
        decided: &Decided,
    ) -> Result<Option<(f64, RowStatistic<'s>)>> {
        let Some((_, tuned, Some(default))) = self.row_values(resolved, payoffs, decided)? else {
            return Ok(None);
        };
        let per_year = self.economics(resolved, kind).decisions_per_year;
        let gains: Vec<f64> = tuned
            .iter()
            .zip(&default)
            .map(|(t, d)| (t - d) * per_year)
            .collect();
        let n = gains.len();
        let observed = mean(&gains);
        let carrying = super::rows_carrying(&gains);
        let statistic =
            move |_: usize, counts: &[u32]| weighted_sum(counts, &gains) / n.max(1) as f64;
        Ok(Some((
            observed,
            RowStatistic::new(Rows::Test, n, statistic).carried_by(Carried::RowValues(carrying)),
        )))
    }

    /// Sets each of `values`' test value per year by outcome (binary outcomes; `None` for
    /// other kinds of decisions), `values` and `decided` in the same order, each model's test
    /// rows walked once: for the models at `charted` (the two the payoff chart compares) the
    /// walk also gives each outcome's statistic of the test rows' resamples, returned with the
    /// model's index, to be drawn with a pricing's other intervals.
    #[allow(clippy::type_complexity)]
    pub(super) fn add_outcomes(
        &self,
        payoffs: Option<&(RowPayoffs, RowPayoffs)>,
        (decided, values): (&[Decided], &mut [ModelValue]),
        decisions_per_year: f64,
        charted: &[usize],
    ) -> Vec<(usize, [(f64, RowStatistic<'static>); 4])> {
        let mut statistics = Vec::with_capacity(charted.len());
        for (i, (decided, value)) in decided.iter().zip(values.iter_mut()).enumerate() {
            if charted.contains(&i) {
                let Some(outcomes) = self.outcome_statistics(payoffs, decided, decisions_per_year)
                else {
                    continue;
                };
                value.outcomes = Some(outcome_values(outcomes.each_ref().map(|o| o.0)));
                statistics.push((i, outcomes));
            } else {
                value.outcomes = self.outcome_values(payoffs, decided, decisions_per_year);
            }
        }
        statistics
    }

    /// A binary model's test value per year by outcome; `None` for other kinds of decisions.
    pub(super) fn outcome_values(
        &self,
        payoffs: Option<&(RowPayoffs, RowPayoffs)>,
        decided: &Decided,
        decisions_per_year: f64,
    ) -> Option<OutcomeValues> {
        let rows = self.outcome_rows(payoffs, decided)?;
        let scale = decisions_per_year / rows[0].len().max(1) as f64;
        Some(outcome_values(
            rows.map(|slot| slot.iter().sum::<f64>() * scale),
        ))
    }

    /// Each test row's payoff in its outcome's slot (true positives, false positives, false
    /// negatives, true negatives) and 0 in the others, with the decisions as made: the rows
    /// behind [`OutcomeValues`]. `None` but for binary outcomes priced per decision.
    fn outcome_rows(
        &self,
        payoffs: Option<&(RowPayoffs, RowPayoffs)>,
        decided: &Decided,
    ) -> Option<[Vec<f64>; 4]> {
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
        let mut rows: [Vec<f64>; 4] = std::array::from_fn(|_| vec![0.0; test.len()]);
        for (i, (&predicted, &class)) in test.iter().zip(y).enumerate() {
            let actual = class == *positive;
            let slot = match (predicted, actual) {
                (true, true) => 0,
                (true, false) => 1,
                (false, true) => 2,
                (false, false) => 3,
            };
            rows[slot][i] = pay.payoff(i, actual, predicted);
        }
        Some(rows)
    }

    /// Each outcome's value per year ([`OutcomeValues`]) for `decided`, observed and as a
    /// statistic of the test rows' resamples, to be drawn with a pricing's other intervals.
    pub(super) fn outcome_statistics(
        &self,
        payoffs: Option<&(RowPayoffs, RowPayoffs)>,
        decided: &Decided,
        decisions_per_year: f64,
    ) -> Option<[(f64, RowStatistic<'static>); 4]> {
        let rows = self.outcome_rows(payoffs, decided)?;
        let n = rows[0].len();
        let scale = decisions_per_year / n.max(1) as f64;
        Some(rows.map(|slot| {
            let observed = slot.iter().sum::<f64>() * scale;
            let carrying = super::rows_carrying(&slot);
            let statistic = RowStatistic::new(Rows::Test, n, move |_, counts: &[u32]| {
                weighted_sum(counts, &slot) * scale
            });
            (observed, statistic.carried_by(Carried::RowValues(carrying)))
        }))
    }
}

/// The value by outcome of the four outcomes' values (true positives, false positives, false
/// negatives, true negatives), without intervals.
fn outcome_values(
    [true_positives, false_positives, false_negatives, true_negatives]: [f64; 4],
) -> OutcomeValues {
    OutcomeValues {
        true_positives,
        false_positives,
        false_negatives,
        true_negatives,
        intervals: None,
    }
}

/// Mean value per row of alternate validation rows (the 1st, 3rd, ... and the 2nd, 4th, ... in
/// file order: the validation rows are a random draw, so either half is one too);
/// `None` for fewer than two rows.
fn halves(rows: &[f64]) -> Option<[f64; 2]> {
    if rows.len() < 2 {
        return None;
    }
    let half = |parity: usize| {
        let values: Vec<f64> = rows.iter().skip(parity).step_by(2).copied().collect();
        mean(&values)
    };
    Some([half(0), half(1)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_take_alternate_rows_and_average_to_the_whole() {
        let rows = [1.0, 10.0, 3.0, 20.0, 5.0, 30.0];
        assert_eq!(halves(&rows), Some([3.0, 20.0]));
        // Equal halves: their mean is the mean of all rows, so the two halves' net values
        // average to the validation net value.
        let [first, second] = halves(&rows).unwrap();
        assert_eq!(0.5 * (first + second), mean(&rows));
        assert_eq!(halves(&[4.0]), None);
    }
}
