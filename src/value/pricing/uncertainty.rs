//! What the finite test set and the uncertain business numbers leave open: the paired bootstrap
//! of a candidate's difference to the baseline, the low/mid/high scenarios, and the sensitivity
//! of the difference to each uncertain number.

use super::super::bootstrap::{
    bootstrap_seed, expanded_tail, resample_statistics, summarize_at, validation_bootstrap_seed,
    weighted_sum, BootstrapSummary, TAIL,
};
use super::super::config::{Scenario, Uncertain, ValueConfig, ValueKind};
use super::super::decision::mean;
use super::super::payoff::RowPayoffs;
use super::super::resampled_metric::{rows_drawn, MetricSampler};
use super::super::schema::{ModelValue, ScenarioResult, Sensitivity};
use super::decide::{Decided, Decisions};
use super::{Basis, Batch, PricingContext, RowStatistic, Rows, RESAMPLES};
use crate::base::error::{Error, Result};

/// A statistic of a [`Batch`], resampled.
pub(super) struct Resampled {
    /// Its value on the test rows themselves.
    pub(super) observed: f64,
    /// Its values on the resamples, in resample order.
    pub(super) draws: Vec<f64>,
    /// The rows that carry it ([`RowStatistic`]'s).
    pub(super) carried_by: Carried,
}

impl Resampled {
    /// Its 90% interval around the observed value.
    pub(super) fn summary(&self) -> BootstrapSummary {
        summarize_at(
            self.observed,
            self.draws.clone(),
            interval_tail(self.carried_by),
        )
    }
}

/// The rows that carry a statistic: a mean is only as sure as the rows whose values move it, and
/// its interval is expanded on them ([`interval_tail`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Carried {
    /// Not counted: the plain percentile interval.
    Unknown,
    /// A mean of per-row values, carried by the rows whose value is not 0; for a difference of
    /// two models, the rows they value differently (a verdict's "rows that differ").
    RowValues(usize),
    /// A metric-based value, carried by the rows its metric's interval is expanded on: those the
    /// two models score differently, or those off a model's commonest term. They are not rows
    /// "valued differently": a metric has no per-row value.
    MetricRows(usize),
}

impl Carried {
    /// How many rows carry it, where counted.
    pub(super) fn rows(self) -> Option<usize> {
        match self {
            Carried::Unknown => None,
            Carried::RowValues(rows) | Carried::MetricRows(rows) => Some(rows),
        }
    }

    /// The rows two models value differently, where the statistic is their difference in per-row
    /// values.
    pub(super) fn valued_apart(self) -> Option<u64> {
        match self {
            Carried::RowValues(rows) => Some(rows as u64),
            Carried::Unknown | Carried::MetricRows(_) => None,
        }
    }
}

/// The share of resamples an interval leaves out on each side: [`TAIL`], or for a mean that
/// counted rows carry, Hesterberg's expanded percentile interval on them ([`expanded_tail`]).
pub(super) fn interval_tail(carried_by: Carried) -> f64 {
    carried_by.rows().map_or(TAIL, expanded_tail)
}

impl PricingContext<'_> {
    /// The paired bootstrap over `rows` (the test rows, but for a model's validation net value
    /// interval) of the candidate's net value minus the baseline's, in money over the horizon:
    /// its observed value and its statistic, to be resampled with others
    /// ([`PricingContext::resample_batch`]). `cost_offset` is the (fixed) difference of their
    /// costs, negated; without a baseline it is the candidate's own net value (`cost_offset` =
    /// minus its costs). Decisions stay as fitted: on validation rows the interval is
    /// conditional on the threshold fitted on those same rows.
    pub(super) fn observed_and_statistic<'s>(
        &'s self,
        rows: Rows,
        basis: Basis,
        mid: &ValueConfig,
        payoffs: Option<&(RowPayoffs, RowPayoffs)>,
        pair: (&'s Decided, Option<&'s Decided>),
        cost_offset: f64,
    ) -> Result<(f64, RowStatistic<'s>)> {
        let [one] = self.observed_and_statistics([rows], basis, mid, payoffs, pair, cost_offset)?;
        Ok(one)
    }

    /// [`PricingContext::observed_and_statistic`] of each of `rows`, in their order, from one
    /// pass: each model's per-row values are built once (for the validation and the test rows
    /// together) and each kind of rows takes its own.
    pub(super) fn observed_and_statistics<'s, const N: usize>(
        &'s self,
        rows: [Rows; N],
        basis: Basis,
        mid: &ValueConfig,
        payoffs: Option<&(RowPayoffs, RowPayoffs)>,
        (candidate, baseline): (&'s Decided, Option<&'s Decided>),
        cost_offset: f64,
    ) -> Result<[(f64, RowStatistic<'s>); N]> {
        let kind = basis.kind;
        let economics = self.economics(mid, kind);
        let horizon = economics.horizon_years;
        let baseline_values = match baseline {
            Some(b) => self.row_values(mid, payoffs, b)?,
            None => None,
        };
        if let Some(candidate_values) = self.row_values(mid, payoffs, candidate)? {
            if baseline.is_some() && baseline_values.is_none() {
                return Err(Error::internal("pricing: row values for one model only"));
            }
            let scale = economics.decisions_per_year * horizon;
            return Ok(rows.map(|rows| {
                let c = rows.pick(&candidate_values);
                // Counted before scaling: at 0 decisions a year the rows still differ.
                let carrying = match &baseline_values {
                    Some(b) => c.iter().zip(rows.pick(b)).filter(|(c, b)| c != b).count(),
                    None => super::rows_carrying(c),
                };
                let diff: Vec<f64> = match &baseline_values {
                    Some(b) => c
                        .iter()
                        .zip(rows.pick(b))
                        .map(|(c, b)| (c - b) * scale)
                        .collect(),
                    None => c.iter().map(|c| c * scale).collect(),
                };
                let n = diff.len();
                let observed = mean(&diff) + cost_offset;
                let statistic = move |_: usize, counts: &[u32]| {
                    weighted_sum(counts, &diff) / n as f64 + cost_offset
                };
                (
                    observed,
                    RowStatistic::new(rows, n, statistic).carried_by(Carried::RowValues(carrying)),
                )
            }));
        }
        let metrics_of = |decided: &Decided| match decided.decisions {
            Decisions::Metric { validation, test } => Ok((validation, test)),
            _ => Err(Error::internal("pricing: metric kind without metrics")),
        };
        let candidate_metrics = metrics_of(candidate)?;
        let baseline_metrics = baseline.map(metrics_of).transpose()?;
        let name = self.config.metric_name(self.regression());
        let regression = self.regression();
        Ok(rows.map(|rows| {
            let truth = self.truth_of(rows);
            let mid = mid.clone();
            let value = move |metric: f64| {
                mid.metric_value(metric, basis.reference, regression, Scenario::Mid)
                    .unwrap_or(f64::NAN)
                    * horizon
            };
            let on = |(validation, test): (f64, f64)| match rows {
                Rows::Validation => validation,
                Rows::Test => test,
            };
            let ct = on(candidate_metrics);
            let c = MetricSampler::new(&name, truth, rows.of(candidate.input));
            let b = baseline.zip(baseline_metrics).map(|(baseline, metrics)| {
                (
                    on(metrics),
                    MetricSampler::new(&name, truth, rows.of(baseline.input)),
                )
            });
            let observed = value(ct) - b.as_ref().map_or(0.0, |(bt, _)| value(*bt)) + cost_offset;
            // The value follows the metric, so its interval is expanded on the rows the metric's
            // own is: those the two score differently, or those off the model's commonest term.
            let carrying = match &b {
                Some((_, sampler)) => c.rows_scored_differently(sampler),
                None => c.rows_off_the_commonest(),
            };
            let statistic = move |_: usize, counts: &[u32]| {
                let drawn = rows_drawn(counts);
                value(c.evaluate_drawn(counts, drawn))
                    - b.as_ref().map_or(0.0, |(_, sampler)| {
                        value(sampler.evaluate_drawn(counts, drawn))
                    })
                    + cost_offset
            };
            (
                observed,
                RowStatistic::new(rows, self.rows(rows), statistic)
                    .carried_by(Carried::MetricRows(carrying)),
            )
        }))
    }

    /// Every statistic of `batch` over one pass of its rows' resamples
    /// ([`PricingContext::resample`]), with its observed value, in the order they were added.
    pub(super) fn resample_batch(&self, batch: Batch<'_>) -> Result<Vec<Resampled>> {
        if batch.statistics.iter().any(|s| s.of != batch.of) {
            return Err(Error::internal(
                "pricing: a statistic of other rows in a batch",
            ));
        }
        // A curve's points each take its statistic's rows.
        let carried: Vec<Carried> = batch
            .statistics
            .iter()
            .flat_map(|s| std::iter::repeat_n(s.carried_by, s.width))
            .collect();
        let draws = self.resample(batch.statistics)?;
        Ok(batch
            .observed
            .into_iter()
            .zip(draws)
            .zip(carried)
            .map(|((observed, draws), carried_by)| Resampled {
                observed,
                draws,
                carried_by,
            })
            .collect())
    }

    /// Each statistic over the same resamples of their rows (all the test rows' or all the
    /// validation rows'), each resample drawn once for them all (on a large set, drawing is most
    /// of the work): what one bootstrap each would give, each value of a curve's statistic in
    /// turn. The validation rows' resamples have a seed of their own
    /// ([`validation_bootstrap_seed`]).
    pub(super) fn resample(&self, statistics: Vec<RowStatistic<'_>>) -> Result<Vec<Vec<f64>>> {
        let Some(of) = statistics.first().map(|s| s.of) else {
            return Ok(Vec::new());
        };
        let n = self.rows(of);
        if statistics.iter().any(|s| s.of != of || s.rows != n) {
            return Err(Error::internal(
                "pricing: statistics of other rows resampled together",
            ));
        }
        let seed = match of {
            Rows::Test => bootstrap_seed(self.seed),
            Rows::Validation => validation_bootstrap_seed(self.seed),
        };
        let width = statistics.iter().map(|s| s.width).sum();
        Ok(resample_statistics(
            n,
            RESAMPLES,
            seed,
            width,
            |r, counts, out| {
                let mut rest = out;
                for statistic in &statistics {
                    let (own, after) = rest.split_at_mut(statistic.width);
                    (statistic.statistic)(r, counts, own);
                    rest = after;
                }
            },
        ))
    }

    /// The baseline's and `candidate`'s net values under `resolved` (a scenario, or one range at
    /// an end), with what [`PricingContext::add_under`] needs to add their statistics later.
    fn price_under(
        &self,
        basis: Basis,
        resolved: ValueConfig,
        (candidate, baseline): (&Decided, &Decided),
    ) -> Result<PricedUnder> {
        let payoffs = match basis.kind {
            ValueKind::Outcomes => Some((self.payoffs)(&resolved)?),
            _ => None,
        };
        let best = self.value_of(basis, &resolved, payoffs.as_ref(), candidate)?;
        let base = self.value_of(basis, &resolved, payoffs.as_ref(), baseline)?;
        // What each net value holds besides its decisions' value: the costs, fixed in every
        // resample of the rows.
        let fixed = |value: &ModelValue| value.net_value - value.decision_value;
        Ok(PricedUnder {
            baseline: (base.net_value, fixed(&base)),
            best: (best.net_value, fixed(&best)),
            resolved,
            payoffs,
        })
    }

    /// `priced`'s net values and their difference, those `adds` names added to `batch` as
    /// statistics of the test rows with their points as observed values. The decisions stay as
    /// fitted under the midpoint: an interval is the test rows' sampling error with every
    /// business number at that value.
    fn add_under<'s>(
        &'s self,
        basis: Basis,
        priced: &PricedUnder,
        (candidate, baseline): (&'s Decided, &'s Decided),
        adds: Adds,
        batch: &mut Batch<'s>,
    ) -> Result<Under> {
        let ((base, base_fixed), (best, best_fixed)) = (priced.baseline, priced.best);
        let payoffs = priced.payoffs.as_ref();
        let mut add = |pair: (&'s Decided, Option<&'s Decided>), offset: f64, point: f64| {
            let (_, statistic) = self.observed_and_statistic(
                Rows::Test,
                basis,
                &priced.resolved,
                payoffs,
                pair,
                offset,
            )?;
            Ok::<usize, Error>(batch.add((point, statistic)))
        };
        let difference = match adds {
            Adds::Points => None,
            Adds::Difference | Adds::NetValues => Some(add(
                (candidate, Some(baseline)),
                best_fixed - base_fixed,
                best - base,
            )?),
        };
        let net_values = if adds == Adds::NetValues {
            Some([
                add((baseline, None), base_fixed, base)?,
                add((candidate, None), best_fixed, best)?,
            ])
        } else {
            None
        };
        Ok(Under {
            baseline: base,
            best,
            difference,
            net_values,
        })
    }

    /// The scenarios (every range at its low end, midpoint or high end at once) and the
    /// sensitivity (each range alone at its ends, every other at its midpoint) of `candidate`
    /// against `baseline`, their statistics added to `batch` of the test rows: each point with
    /// its 90% interval once the batch is resampled ([`PendingUncertainty::finish`]).
    pub(super) fn add_uncertainty<'s>(
        &'s self,
        basis: Basis,
        pair: (&'s Decided, &'s Decided),
        batch: &mut Batch<'s>,
    ) -> Result<PendingUncertainty> {
        let scenarios = Scenario::ALL
            .iter()
            .map(|&scenario| {
                let priced = self.price_under(basis, self.config.resolved(scenario, &[]), pair)?;
                Ok((
                    scenario,
                    self.add_under(basis, &priced, pair, Adds::NetValues, batch)?,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        // Every range's ends priced first, then the intervals of those that move the difference
        // most: each end is a statistic of its own, and a cost matrix may have a range in every
        // cell.
        let mut ends = self
            .config
            .uncertain()
            .into_iter()
            .map(|uncertain| {
                let at = |value: f64| {
                    let resolved = self
                        .config
                        .resolved(Scenario::Mid, &[(&uncertain.name, value)]);
                    self.price_under(basis, resolved, pair)
                };
                let priced = [at(uncertain.low)?, at(uncertain.high)?];
                Ok((uncertain, priced))
            })
            .collect::<Result<Vec<_>>>()?;
        ends.sort_by(|(_, a), (_, b)| swing(b).total_cmp(&swing(a)));
        let sensitivity = ends
            .into_iter()
            .enumerate()
            .map(|(rank, (uncertain, [low, high]))| {
                let adds = if rank < SENSITIVITY_INTERVALS {
                    Adds::Difference
                } else {
                    Adds::Points
                };
                let low = self.add_under(basis, &low, pair, adds, batch)?;
                let high = self.add_under(basis, &high, pair, adds, batch)?;
                Ok((uncertain, [low, high]))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(PendingUncertainty {
            scenarios,
            sensitivity,
        })
    }
}

/// The sensitivity rows, the widest swing first, whose ends get intervals; the others are
/// given as points. Each end is a statistic of the test rows' pass: a cost matrix of 5 classes
/// with a range in every cell off its diagonal would add 40.
pub const SENSITIVITY_INTERVALS: usize = 12;

/// What [`PricingContext::add_under`] adds to the batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Adds {
    /// No statistic: the points alone.
    Points,
    /// The difference's.
    Difference,
    /// The difference's and both net values'.
    NetValues,
}

/// How far a range's two ends move the difference apart.
fn swing([low, high]: &[PricedUnder; 2]) -> f64 {
    let difference = |priced: &PricedUnder| priced.best.0 - priced.baseline.0;
    (difference(high) - difference(low)).abs()
}

/// The two models priced under one resolved section: each net value with the part of it fixed
/// in every resample of the rows (the costs), and what their statistics are drawn from.
struct PricedUnder {
    baseline: (f64, f64),
    best: (f64, f64),
    resolved: ValueConfig,
    payoffs: Option<(RowPayoffs, RowPayoffs)>,
}

/// What [`PricingContext::add_under`] priced: the two net values and their difference, with
/// their places in the batch.
pub(super) struct Under {
    baseline: f64,
    best: f64,
    /// The difference's place, when added.
    difference: Option<usize>,
    /// The baseline's and the candidate's net values' places, when added.
    net_values: Option<[usize; 2]>,
}

impl Under {
    fn difference(&self) -> f64 {
        self.best - self.baseline
    }
}

/// The scenarios and the sensitivity waiting for their batch to be resampled.
pub(super) struct PendingUncertainty {
    scenarios: Vec<(Scenario, Under)>,
    /// The widest swing first.
    sensitivity: Vec<(Uncertain, [Under; 2])>,
}

impl PendingUncertainty {
    /// The scenarios, low to high, and the sensitivity, the widest swing first, each amount with
    /// its interval from `resampled` (the batch they were added to).
    pub(super) fn finish(self, resampled: &[Resampled]) -> (Vec<ScenarioResult>, Vec<Sensitivity>) {
        let summary = |at: usize| resampled[at].summary();
        let scenarios = self
            .scenarios
            .into_iter()
            .map(|(scenario, under)| {
                let [baseline_interval, best_interval] = match under.net_values {
                    Some(places) => places.map(|at| Some(summary(at))),
                    None => [None, None],
                };
                ScenarioResult {
                    scenario,
                    baseline_net_value: under.baseline,
                    best_net_value: under.best,
                    difference: under.difference(),
                    baseline_net_value_interval: baseline_interval,
                    best_net_value_interval: best_interval,
                    difference_interval: under.difference.map(summary),
                }
            })
            .collect();
        // In the order they were added: the widest swing first.
        let sensitivity = self
            .sensitivity
            .into_iter()
            .map(|(uncertain, [low, high])| Sensitivity {
                parameter: uncertain.name,
                low: uncertain.low,
                high: uncertain.high,
                difference_at_low: low.difference(),
                difference_at_high: high.difference(),
                swing: (high.difference() - low.difference()).abs(),
                difference_at_low_interval: low.difference.map(summary),
                difference_at_high_interval: high.difference.map(summary),
            })
            .collect();
        (scenarios, sensitivity)
    }
}

#[cfg(test)]
mod tests;
