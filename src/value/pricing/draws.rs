//! The business numbers given as distributions, drawn once per bootstrap resample, and the
//! paired bootstrap that draws them with the test rows.
//!
//! Resample `r` draws every distribution from `rng_for(seed, ValueDraws, r)`, in the order of
//! the file's keys, and the test rows from the bootstrap's bank: the same draws for every model,
//! so a difference is paired in the numbers as in the rows. Decisions stay as deployed (tuned at
//! the central values); only what they earn and cost moves.
//!
//! Per-row values are linear in the numbers that price a row (outcome payoffs, cost-matrix
//! cells, error prices): a row's value is `v0 + Σ_j θ_j e_j`, with `v0` its value with those
//! numbers at 0 and `e_j` what number `j` adds per unit. Each resample then needs one weighted
//! sum per term over its rows, not a fresh pricing.

use super::super::bootstrap::weighted_sum;
use super::super::config::{factor_outcome, Scenario, ValueConfig, ValueKind};
use super::super::payoff::RowPayoffs;
use super::super::resampled_metric::{rows_drawn, MetricSampler};
use super::decide::{Decided, Decisions};
use super::valuation::Economics;
use super::{Basis, PricingContext, RowStatistic, Rows, RESAMPLES};
use crate::base::error::{Error, Result};
use crate::base::random::{rng_for, Stream};

/// The draws of one pricing.
pub(super) struct Drawn {
    /// The drawn numbers, by name, in the order of the file's keys.
    pub(super) names: Vec<String>,
    /// `values[r][j]`: number `j` in resample `r`.
    pub(super) values: Vec<Vec<f64>>,
    /// Each resample's section, every number at its central value but the drawn ones.
    configs: Vec<ValueConfig>,
    /// Each resample's volumes and prices.
    pub(super) economics: Vec<Economics>,
    /// Positions in `names` of the numbers that price a row.
    row_terms: Vec<usize>,
    /// The section with the row terms at 0, then one per row term with it at 1 (the others at
    /// 0), each with its per-row payoffs (binary outcomes).
    basis: Vec<(ValueConfig, Option<(RowPayoffs, RowPayoffs)>)>,
}

/// Whether the number called `name` prices a row (rather than scaling or costing the total): an
/// outcome's payoff or the factor of its expression, a cost-matrix cell, an error's price.
fn prices_a_row(name: &str) -> bool {
    matches!(
        name,
        "tp" | "fp" | "fn" | "tn" | "per_abs_error" | "per_squared_error"
    ) || factor_outcome(name).is_some()
        || name.starts_with("cost_matrix[")
}

impl PricingContext<'_> {
    /// The draws of every distribution of the section, `None` when it has none (the bootstrap
    /// then resamples test rows only, as for ranges).
    pub(super) fn draw(&self, kind: ValueKind) -> Result<Option<Drawn>> {
        let distributions = self.config.distributions();
        if distributions.is_empty() {
            return Ok(None);
        }
        let names: Vec<String> = distributions.iter().map(|(n, _)| n.clone()).collect();
        let resamples = RESAMPLES.max(super::super::bootstrap::MIN_RESAMPLES);
        let values: Vec<Vec<f64>> = (0..resamples)
            .map(|r| {
                let mut rng = rng_for(self.seed, Stream::ValueDraws, r as u64);
                distributions
                    .iter()
                    .map(|(_, d)| d.sample(&mut rng))
                    .collect()
            })
            .collect();
        let configs: Vec<ValueConfig> = values
            .iter()
            .map(|draw| {
                let pins: Vec<(&str, f64)> = names
                    .iter()
                    .map(String::as_str)
                    .zip(draw.iter().copied())
                    .collect();
                self.config.resolved(Scenario::Mid, &pins)
            })
            .collect();
        let economics = configs.iter().map(|c| self.economics(c, kind)).collect();
        let row_terms: Vec<usize> = (0..names.len())
            .filter(|&j| kind != ValueKind::Metric && prices_a_row(&names[j]))
            .collect();
        let mut basis = Vec::with_capacity(row_terms.len() + 1);
        for unit in std::iter::once(None).chain(row_terms.iter().map(Some)) {
            let pins: Vec<(&str, f64)> = row_terms
                .iter()
                .map(|j| (names[*j].as_str(), if Some(j) == unit { 1.0 } else { 0.0 }))
                .collect();
            let resolved = self.config.resolved(Scenario::Mid, &pins);
            let payoffs = match kind {
                ValueKind::Outcomes => Some((self.payoffs)(&resolved)?),
                _ => None,
            };
            basis.push((resolved, payoffs));
        }
        Ok(Some(Drawn {
            names,
            values,
            configs,
            economics,
            row_terms,
            basis,
        }))
    }

    /// [`PricingContext::observed_and_statistics`] (of each of `rows`' resamples only) without
    /// `drawn`; with them the observed values stay those at the central values and the resamples
    /// also draw the business numbers (resample `r` of the validation rows the same numbers as
    /// resample `r` of the test rows). Returns each of `rows`' observed value and statistic to
    /// resample ([`PricingContext::resample`]), each model's per-row values built once for all
    /// of them.
    pub(super) fn bootstrap_drawn<'s, const N: usize>(
        &'s self,
        basis: Basis,
        mid: &ValueConfig,
        payoffs: Option<&(RowPayoffs, RowPayoffs)>,
        (candidate, baseline): (&'s Decided, Option<&'s Decided>),
        cost_offset: f64,
        (rows, drawn): ([Rows; N], Option<&'s Drawn>),
    ) -> Result<[(f64, RowStatistic<'s>); N]> {
        let central = self.observed_and_statistics(
            rows,
            basis,
            mid,
            payoffs,
            (candidate, baseline),
            cost_offset,
        )?;
        match drawn {
            None => Ok(central),
            Some(drawn) => {
                let statistics = self.drawn_statistics(rows, basis, drawn, candidate, baseline)?;
                let paired: Vec<(f64, RowStatistic<'s>)> = central
                    .into_iter()
                    .zip(statistics)
                    // The rows that carry the difference are those the central numbers find.
                    .map(|((observed, central), statistic)| {
                        (
                            observed,
                            RowStatistic {
                                carried_by: central.carried_by,
                                ..statistic
                            },
                        )
                    })
                    .collect();
                super::per_rows(paired)
            }
        }
    }

    /// The paired bootstrap's statistic of the candidate's net value minus the baseline's (its
    /// own net value without a baseline) over the horizon, each resample with its own rows and
    /// draw of the business numbers: one for each of `rows`, in their order, each model's
    /// per-row values under each basis section built once for all of them.
    fn drawn_statistics<'s, const N: usize>(
        &'s self,
        rows: [Rows; N],
        basis: Basis,
        drawn: &'s Drawn,
        candidate: &'s Decided,
        baseline: Option<&'s Decided>,
    ) -> Result<[RowStatistic<'s>; N]> {
        let cost_difference: Vec<f64> = drawn
            .economics
            .iter()
            .map(|e| {
                self.costs(candidate.input, e).total()
                    - baseline.map_or(0.0, |b| self.costs(b.input, e).total())
            })
            .collect();
        if basis.kind != ValueKind::Metric {
            // For each of `rows`: per-row differences with the row terms at 0, then each term's
            // per-unit rows.
            let mut columns: [Vec<Vec<f64>>; N] =
                std::array::from_fn(|_| Vec::with_capacity(drawn.basis.len()));
            for (resolved, payoffs) in &drawn.basis {
                let values = |d: &Decided| {
                    self.row_values(resolved, payoffs.as_ref(), d)?
                        .ok_or_else(|| Error::internal("pricing: no row values"))
                };
                let c = values(candidate)?;
                let b = baseline.map(values).transpose()?;
                for (rows, columns) in rows.iter().zip(columns.iter_mut()) {
                    let mut column = rows.pick(&c).to_vec();
                    if let Some(b) = &b {
                        for (c, b) in column.iter_mut().zip(rows.pick(b)) {
                            *c -= b;
                        }
                    }
                    columns.push(column);
                }
            }
            let statistics = rows
                .into_iter()
                .zip(columns)
                .map(|(rows, mut columns)| {
                    let Some((base, terms)) = columns.split_first_mut() else {
                        return Err(Error::internal("pricing: no basis rows"));
                    };
                    for term in terms.iter_mut() {
                        for (t, b) in term.iter_mut().zip(base.iter()) {
                            *t -= b;
                        }
                    }
                    let n = base.len();
                    let cost_difference = cost_difference.clone();
                    let statistic = move |r: usize, counts: &[u32]| {
                        let (base, terms) = (&columns[0], &columns[1..]);
                        let draw = &drawn.values[r];
                        let economics = &drawn.economics[r];
                        let mut total = weighted_sum(counts, base);
                        for (term, &j) in terms.iter().zip(&drawn.row_terms) {
                            total += weighted_sum(counts, term) * draw[j];
                        }
                        total / n.max(1) as f64
                            * economics.decisions_per_year
                            * economics.horizon_years
                            - cost_difference[r]
                    };
                    Ok(RowStatistic::new(rows, n, statistic))
                })
                .collect::<Result<Vec<_>>>()?;
            return super::per_rows(statistics);
        }
        let name = self.config.metric_name(self.regression());
        let is_metric = |d: &Decided| matches!(d.decisions, Decisions::Metric { .. });
        if !is_metric(candidate) || baseline.is_some_and(|b| !is_metric(b)) {
            return Err(Error::internal("pricing: metric kind without metrics"));
        }
        let regression = self.regression();
        Ok(rows.map(|rows| {
            let truth = self.truth_of(rows);
            let c = MetricSampler::new(&name, truth, rows.of(candidate.input));
            let b = baseline.map(|b| MetricSampler::new(&name, truth, rows.of(b.input)));
            let cost_difference = cost_difference.clone();
            let statistic = move |r: usize, counts: &[u32]| {
                let config = &drawn.configs[r];
                let horizon = drawn.economics[r].horizon_years;
                let value = |metric: f64| {
                    config
                        .metric_value(metric, basis.reference, regression, Scenario::Mid)
                        .unwrap_or(f64::NAN)
                        * horizon
                };
                let drawn = rows_drawn(counts);
                value(c.evaluate_drawn(counts, drawn))
                    - b.as_ref()
                        .map_or(0.0, |s| value(s.evaluate_drawn(counts, drawn)))
                    - cost_difference[r]
            };
            RowStatistic::new(rows, self.rows(rows), statistic)
        }))
    }

    /// What `candidate` earns more than `baseline` before costs, with its interval: their net
    /// difference (`observed`, and `draws` in resample order, its interval's `tail`) with the
    /// difference of their costs added back, at the central numbers (`central`) for the observed
    /// value and, where business numbers are drawn, at each resample's draw for that resample (a
    /// drawn price of a core-hour or count of decisions moves the costs as it moves the values).
    pub(super) fn before_costs(
        &self,
        (candidate, baseline): (&Decided, &Decided),
        (observed, draws, tail): (f64, &[f64], f64),
        central: &Economics,
        drawn: Option<&Drawn>,
    ) -> Result<crate::value::bootstrap::BootstrapSummary> {
        let cost_difference = |economics: &Economics| {
            self.costs(candidate.input, economics).total()
                - self.costs(baseline.input, economics).total()
        };
        let shifted: Vec<f64> = match drawn {
            Some(drawn) if drawn.economics.len() != draws.len() => {
                return Err(Error::internal(
                    "pricing: draws and resamples differ in count",
                ));
            }
            Some(drawn) => draws
                .iter()
                .zip(&drawn.economics)
                .map(|(d, economics)| d + cost_difference(economics))
                .collect(),
            None => {
                let fixed = cost_difference(central);
                draws.iter().map(|d| d + fixed).collect()
            }
        };
        Ok(super::super::bootstrap::summarize_at(
            observed + cost_difference(central),
            shifted,
            tail,
        ))
    }
}

#[cfg(test)]
mod tests;
