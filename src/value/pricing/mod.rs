//! Prices every model of a run: decisions tuned to value on validation rows, value on test rows,
//! net of training, tuning and serving cost, and each candidate's difference to the baseline with
//! a paired-bootstrap interval, low/high scenarios and a sensitivity table.
//!
//! Decisions are fixed once, under the midpoint of every range: the threshold a team deploys is
//! tuned to its best estimate of the economics, and the scenarios and sensitivity table then ask
//! what that deployed model earns if the economics turn out otherwise.

mod curves;
mod decide;
mod draws;
mod learning;
mod margin;
mod per_year;
mod reference;
#[cfg(test)]
mod tests;
mod uncertainty;
mod valuation;
mod value_of_information;

use super::bootstrap::summarize_at;
use super::config::{Scenario, ValueConfig, ValueKind};
use super::payoff::RowPayoffs;
use super::schema::{BestCandidate, ModelValue, PairedComparison, ValueResults};
use crate::base::error::{Error, Result};
use decide::{Decided, Decisions};
pub use learning::LearningValue;
use uncertainty::{interval_tail, Carried};

/// Resamples of the bootstrap (the issue asks for at least 1,000; 2,000 keeps the 5% and 95%
/// percentiles steady to about 1% of the interval's width).
pub const RESAMPLES: usize = 2_000;

/// Which rows a bootstrap statistic resamples: the test rows, which report every interval, or
/// the validation rows, behind each model's validation net value interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rows {
    Validation,
    Test,
}

impl Rows {
    /// A model's predictions on these rows.
    fn of(self, input: &ModelInput) -> &[f64] {
        match self {
            Rows::Validation => &input.validation,
            Rows::Test => &input.test,
        }
    }

    /// These rows' per-row values of the (validation, test, test at the default decision)
    /// that [`PricingContext::row_values`] gives.
    fn pick(self, (validation, test, _): &(Vec<f64>, Vec<f64>, Option<Vec<f64>>)) -> &[f64] {
        match self {
            Rows::Validation => validation,
            Rows::Test => test,
        }
    }
}

/// `N` statistics built for `N` kinds of rows, as an array (what `Vec` to array needs: as many).
fn per_rows<T, const N: usize>(built: Vec<T>) -> Result<[T; N]> {
    built
        .try_into()
        .map_err(|_| Error::internal("pricing: statistics for other rows than asked"))
}

/// A bootstrap statistic of the test or validation rows, with how many rows it resamples, kept
/// to be drawn with the others of a pricing on the same rows ([`PricingContext::resample`]): one
/// value a resample, or a curve's `width` values from one pass over the resample's rows.
pub(super) struct RowStatistic<'s> {
    of: Rows,
    rows: usize,
    width: usize,
    /// The rows that carry it, which its interval is expanded on ([`interval_tail`]).
    carried_by: Carried,
    statistic: CurveStatistic<'s>,
}

/// A statistic's values on one resample, from its number and its rows' counts, written into
/// its slice.
type CurveStatistic<'s> = Box<dyn Fn(usize, &[u32], &mut [f64]) + Sync + 's>;

impl<'s> RowStatistic<'s> {
    fn new(of: Rows, rows: usize, statistic: impl Fn(usize, &[u32]) -> f64 + Sync + 's) -> Self {
        Self::curve(of, rows, 1, move |r, counts, out| {
            out[0] = statistic(r, counts);
        })
    }

    /// A statistic of `width` values a resample, which `statistic` writes into its slice.
    fn curve(
        of: Rows,
        rows: usize,
        width: usize,
        statistic: impl Fn(usize, &[u32], &mut [f64]) + Sync + 's,
    ) -> Self {
        RowStatistic {
            of,
            rows,
            width,
            carried_by: Carried::Unknown,
            statistic: Box::new(statistic),
        }
    }

    /// The statistic, carried by `rows` (see [`Carried`]).
    fn carried_by(self, rows: Carried) -> Self {
        RowStatistic {
            carried_by: rows,
            ..self
        }
    }

    /// The share of resamples its interval leaves out on each side.
    #[cfg(test)]
    fn tail(&self) -> f64 {
        interval_tail(self.carried_by)
    }
}

/// Each of `models` models but the baseline, paired with it.
fn against_baseline(models: usize, baseline: usize) -> Vec<(usize, usize)> {
    (0..models)
        .filter(|&i| i != baseline)
        .map(|i| (i, baseline))
        .collect()
}

/// How many of `values` are not 0: the rows that carry their mean.
fn rows_carrying(values: &[f64]) -> usize {
    values.iter().filter(|&&v| v != 0.0).count()
}

/// Bootstrap statistics of one set of rows gathered to be resampled in one pass
/// ([`PricingContext::resample_batch`]), each with its observed value. A batch is of one kind
/// of rows, fixed when it is made: a statistic of other rows added to it is a slip that
/// [`Batch::add`] asserts against in debug builds and [`PricingContext::resample_batch`] refuses
/// in any build (the test and validation rows have seeds of their own, so a statistic drawn with
/// the other's rows would read as an interval of its own rows).
pub(super) struct Batch<'s> {
    of: Rows,
    observed: Vec<f64>,
    statistics: Vec<RowStatistic<'s>>,
}

impl<'s> Batch<'s> {
    /// An empty batch of statistics of `of`.
    fn of(of: Rows) -> Self {
        Batch {
            of,
            observed: Vec::new(),
            statistics: Vec::new(),
        }
    }

    /// Adds a statistic (of this batch's rows) with its observed value; returns its place in
    /// the batch.
    fn add(&mut self, (observed, statistic): (f64, RowStatistic<'s>)) -> usize {
        self.add_curve((vec![observed], statistic)).start
    }

    /// Adds a statistic of as many values as `observed` holds, with their observed values;
    /// returns their places in the batch.
    fn add_curve(
        &mut self,
        (observed, statistic): (Vec<f64>, RowStatistic<'s>),
    ) -> std::ops::Range<usize> {
        debug_assert_eq!(
            statistic.of, self.of,
            "a statistic of other rows in a batch"
        );
        debug_assert_eq!(statistic.width, observed.len(), "a curve of other points");
        let start = self.observed.len();
        self.observed.extend(observed);
        self.statistics.push(statistic);
        start..self.observed.len()
    }
}

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
}

/// One model as the pricing needs it.
#[derive(Clone)]
pub struct ModelInput {
    /// Model name.
    pub name: String,
    /// Trial number; `None` for the baseline.
    pub trial: Option<u64>,
    /// A model trained elsewhere: a candidate that is no trial of the sweep.
    pub external: bool,
    /// A fixed cost charged instead of `[value] trial_cost` (a model trained elsewhere).
    pub own_trial_cost: Option<f64>,
    /// Validation predictions, row-major.
    pub validation: Vec<f64>,
    /// Test predictions, row-major.
    pub test: Vec<f64>,
    /// CPU seconds of training.
    pub fit_cpu_seconds: f64,
    /// Wall seconds to predict 1,000 rows.
    pub predict_seconds_per_1000_rows: f64,
}

/// What every valuation of one pricing shares: how values are computed, and the baseline's test
/// metric, which `per_point` values count from (0 for other kinds, which do not read it).
#[derive(Debug, Clone, Copy)]
struct Basis {
    kind: ValueKind,
    reference: f64,
}

impl Basis {
    /// The basis of models priced against `baseline`.
    fn against(kind: ValueKind, baseline: &Decided) -> Basis {
        let reference = match baseline.decisions {
            Decisions::Metric { test, .. } => test,
            _ => 0.0,
        };
        Basis { kind, reference }
    }
}

/// Models decided and valued under the midpoint economics, before any bootstrap.
struct Priced<'m> {
    basis: Basis,
    mid: ValueConfig,
    payoffs: Option<(RowPayoffs, RowPayoffs)>,
    baseline_index: usize,
    decided: Vec<Decided<'m>>,
    values: Vec<ModelValue>,
}

/// The candidate validation picks among those `keep` admits: the highest validation net value,
/// the baseline (`baseline_index`) left out.
fn best_by_validation(
    values: &[ModelValue],
    baseline_index: usize,
    keep: impl Fn(&ModelValue) -> bool,
) -> Option<usize> {
    values
        .iter()
        .enumerate()
        .filter(|(i, v)| *i != baseline_index && keep(v))
        .max_by(|a, b| {
            a.1.validation_net_value
                .total_cmp(&b.1.validation_net_value)
        })
        .map(|(i, _)| i)
}

impl PricingContext<'_> {
    /// Prices `models` (the baseline is the one without a trial number).
    pub fn price(&self, models: &[ModelInput]) -> Result<ValueResults> {
        Ok(self.price_with_learning(models, &[])?.0)
    }

    /// [`PricingContext::price`] of `models` and, over the same pass of the test rows'
    /// resamples, `learning` (a baseline, then the learning curve's models as its candidates, by
    /// share): their values, baseline first, each candidate with its difference to the baseline
    /// and to the candidate before it, each with its paired interval, and nothing else (no net
    /// value intervals, values by outcome, references, scenarios or curves). Empty when
    /// `learning` is.
    pub fn price_with_learning(
        &self,
        models: &[ModelInput],
        learning: &[ModelInput],
    ) -> Result<(ValueResults, Vec<LearningValue>)> {
        let Priced {
            basis,
            mid,
            payoffs: mid_payoffs,
            baseline_index,
            decided,
            mut values,
        } = self.decide_and_value(models)?;
        let kind = basis.kind;
        let baseline = &decided[baseline_index];
        let drawn = self.draw(kind)?;
        // Chosen on validation rows, so known before any resample.
        let best_index = best_by_validation(&values, baseline_index, |_| true);
        // The rules of thumb (a binary outcome pricing's) and the decisions with more capacity,
        // before the batch that borrows them.
        let rules = self.reference_rules(basis, &mid, mid_payoffs.as_ref())?;
        let margin_plan = self.capacity_margin(
            basis,
            &mid,
            mid_payoffs.as_ref(),
            &decided[best_index.unwrap_or(baseline_index)],
        )?;
        let at_default: Vec<Option<Decided>> = decided.iter().map(Decided::at_default).collect();
        // Every model's net value and value a year, every candidate's difference to the
        // baseline, the baseline's tuning of its decision and the rules of thumb, over one pass
        // of the test rows' resamples.
        let learning_priced = match learning {
            [] => None,
            _ => Some(self.decide_and_value(learning)?),
        };
        // Every model's validation net value over the validation rows' own resamples, drawn
        // first, so the test rows' bank of resamples stays the one kept for what follows. The
        // decisions stay as fitted (a binary model's threshold was fitted on these rows): the
        // interval is conditional on them, the spread of the rows' luck at that threshold.
        // Each model's per-row values are built once for both statistics.
        let mut on_validation = Batch::of(Rows::Validation);
        let mut batch = Batch::of(Rows::Test);
        let mut nets = Vec::with_capacity(decided.len());
        for (i, model) in decided.iter().enumerate() {
            let costs = values[i].net_value - values[i].decision_value;
            let [validation, test] = self.bootstrap_drawn(
                basis,
                &mid,
                mid_payoffs.as_ref(),
                (model, None),
                costs,
                ([Rows::Validation, Rows::Test], drawn.as_ref()),
            )?;
            on_validation.add(validation);
            nets.push(self.add_per_year(
                basis,
                &mid,
                mid_payoffs.as_ref(),
                (model, at_default[i].as_ref()),
                (test, &values[i]),
                drawn.as_ref(),
                &mut batch,
            )?);
        }
        // The threshold and capacity charts compare the baseline and the best candidate.
        let compared: Vec<usize> = std::iter::once(baseline_index).chain(best_index).collect();
        let charted = (decided.as_slice(), compared.as_slice());
        let threshold_curves = self.add_threshold_curves(
            (&mid, kind),
            mid_payoffs.as_ref(),
            charted,
            &mut on_validation,
        )?;
        let on_validation = self.resample_batch(on_validation)?;
        for (value, resampled) in values.iter_mut().zip(&on_validation) {
            value.validation_net_value_interval = Some(resampled.summary());
        }
        let threshold_curves = threshold_curves.map(|pending| pending.finish(&on_validation));
        let capacity_curves =
            self.add_capacity_curves((&mid, kind), mid_payoffs.as_ref(), charted, &mut batch)?;
        let differences = self.add_differences(
            basis,
            &mid,
            mid_payoffs.as_ref(),
            (
                &decided,
                &values,
                against_baseline(decided.len(), baseline_index),
            ),
            drawn.as_ref(),
            &mut batch,
        )?;
        let learning_places = match &learning_priced {
            Some(priced) => Some(self.add_learning(priced, drawn.as_ref(), &mut batch)?),
            None => None,
        };
        // What each outcome brings a year, with its interval for the two models the `payoff`
        // chart compares.
        let outcome_statistics: Vec<(usize, [usize; 4])> = self
            .add_outcomes(
                mid_payoffs.as_ref(),
                (&decided, &mut values),
                self.economics(&mid, kind).decisions_per_year,
                &compared,
            )
            .into_iter()
            .map(|(i, statistics)| (i, statistics.map(|statistic| batch.add(statistic))))
            .collect();
        // Only the baseline's is reported ("tuning the decision alone").
        let tuning = self
            .decision_tuning(kind, &mid, mid_payoffs.as_ref(), baseline)?
            .map(|tuning| batch.add(tuning));
        let references = match &rules {
            Some(rules) => Some(self.add_references(
                basis,
                &mid,
                mid_payoffs.as_ref(),
                rules,
                (&decided, &values, &compared),
                &mut batch,
            )?),
            None => None,
        };
        // The value of more capacity, for the model shipped (the best candidate, else the
        // baseline): the same model with a tenth more capacity against itself.
        let margin = match &margin_plan {
            Some(plan) => {
                let shipped = &decided[best_index.unwrap_or(baseline_index)];
                let pair = (&plan.more, Some(shipped));
                let difference = self.observed_and_statistic(
                    Rows::Test,
                    basis,
                    &mid,
                    mid_payoffs.as_ref(),
                    pair,
                    0.0,
                )?;
                Some((plan, batch.add(difference)))
            }
            None => None,
        };
        let uncertainty = match best_index {
            Some(i) => Some(self.add_uncertainty(basis, (&decided[i], baseline), &mut batch)?),
            None => None,
        };
        let mut resampled = self.resample_batch(batch)?;
        for (value, places) in values.iter_mut().zip(nets) {
            places.finish(value, &resampled);
        }
        let mut draws: Vec<Vec<f64>> = vec![Vec::new(); decided.len()];
        let mut carried = vec![Carried::Unknown; decided.len()];
        for (i, at) in differences {
            values[i].difference = Some(resampled[at].summary());
            draws[i] = std::mem::take(&mut resampled[at].draws);
            carried[i] = resampled[at].carried_by;
        }
        values[baseline_index].decision_tuning = tuning.map(|at| resampled[at].summary());
        for (i, places) in outcome_statistics {
            if let Some(outcomes) = values[i].outcomes.as_mut() {
                outcomes.intervals = Some(places.map(|at| {
                    let summary = resampled[at].summary();
                    [summary.low, summary.high]
                }));
            }
        }
        let learning_values = match (learning_priced, learning_places) {
            (Some(priced), Some(places)) => places.finish(priced, &resampled),
            _ => Vec::new(),
        };
        let economics = self.economics(&mid, kind);
        let best = match best_index {
            Some(i) => {
                let difference = values[i]
                    .difference
                    .ok_or_else(|| Error::internal("pricing: best candidate without interval"))?;
                // The sweep's trials only: a model trained elsewhere is no part of the sweep.
                let sweep_cost: f64 = values
                    .iter()
                    .filter(|v| v.is_sweep_trial())
                    .map(|v| v.training_cost + v.trial_cost)
                    .sum();
                // Whether the sweep paid is read on what it found: the best candidate, unless
                // that was trained elsewhere; then the sweep's own best trial (none: no sweep,
                // nothing to pay).
                let found = if values[i].external {
                    best_by_validation(&values, baseline_index, ModelValue::is_sweep_trial)
                } else {
                    Some(i)
                };
                let (found_mean, rest, found_at) = match found {
                    Some(j) => {
                        let found_difference = values[j].difference.ok_or_else(|| {
                            Error::internal("pricing: sweep trial without interval")
                        })?;
                        let own = values[j].training_cost + values[j].trial_cost;
                        (found_difference.mean, sweep_cost - own, j)
                    }
                    None => (difference.mean, 0.0, i),
                };
                let after: Vec<f64> = draws[found_at].iter().map(|d| d - rest).collect();
                let before_costs = self.before_costs(
                    (&decided[i], &decided[baseline_index]),
                    (difference.mean, &draws[i], interval_tail(carried[i])),
                    &economics,
                    drawn.as_ref(),
                )?;
                Some(BestCandidate {
                    name: values[i].name.clone(),
                    difference,
                    sweep_cost,
                    difference_after_sweep: summarize_at(
                        found_mean - rest,
                        after,
                        interval_tail(carried[found_at]),
                    ),
                    sweep_best: found.filter(|&j| j != i).map(|j| values[j].name.clone()),
                    difference_before_costs: Some(before_costs),
                    test_rows_that_differ: carried[i].valued_apart(),
                })
            }
            None => None,
        };
        let (information, gain_distribution) = match (best_index, &best) {
            (Some(i), Some(best)) => (
                Some(value_of_information::information(
                    &draws[i],
                    drawn.as_ref(),
                    self.config,
                )),
                Some(value_of_information::histogram(
                    &best.name,
                    &draws[i],
                    best.difference,
                    drawn.is_some(),
                )),
            ),
            _ => (None, None),
        };
        let (scenarios, sensitivity) = match uncertainty {
            Some(pending) => pending.finish(&resampled),
            None => (Vec::new(), Vec::new()),
        };
        let capacity_share = self.capacity_share(&mid, kind);
        let capacity_curves = capacity_curves.map(|pending| pending.finish(&resampled));
        let capacity_default = match (capacity_share, kind, &self.truth) {
            (Some(_), ValueKind::CostMatrix, SplitTruth::Classes { classes, .. }) => {
                let default = super::capacity::default_class(&mid, classes)?;
                Some(classes[default as usize].clone())
            }
            _ => None,
        };
        let capacity_margin = margin.map(|(plan, at)| plan.finish(&resampled[at]));
        let references = match (references, &rules) {
            (Some(pending), Some(rules)) => {
                let found = pending.finish(rules, &resampled);
                for (i, over) in found.over {
                    values[i].over_reference = Some(over);
                }
                found.strategies
            }
            _ => Vec::new(),
        };
        // Baseline first, then trials in order, as the run lists them.
        let baseline_value = values.remove(baseline_index);
        values.insert(0, baseline_value);
        let results = ValueResults {
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
            references,
            capacity: capacity_share.map(|share| share * economics.decisions_per_year),
            capacity_curves,
            capacity_margin,
            capacity_default,
            information,
            gain_distribution,
        };
        Ok((results, learning_values))
    }

    /// Adds to `batch` the paired bootstrap of each of `pairs`, `(model, other)` indices into
    /// `decided` (and `values`, in the same order): the model's net value minus the other's;
    /// returns each pair's model with its place in the batch.
    fn add_differences<'s>(
        &'s self,
        basis: Basis,
        mid: &ValueConfig,
        payoffs: Option<&(RowPayoffs, RowPayoffs)>,
        (decided, values, pairs): (&'s [Decided], &[ModelValue], Vec<(usize, usize)>),
        drawn: Option<&'s draws::Drawn>,
        batch: &mut Batch<'s>,
    ) -> Result<Vec<(usize, usize)>> {
        let fixed = |value: &ModelValue| value.net_value - value.decision_value;
        let mut differences = Vec::with_capacity(pairs.len());
        for (i, other) in pairs {
            let offset = fixed(&values[i]) - fixed(&values[other]);
            let [difference] = self.bootstrap_drawn(
                basis,
                mid,
                payoffs,
                (&decided[i], Some(&decided[other])),
                offset,
                ([Rows::Test], drawn),
            )?;
            differences.push((i, batch.add(difference)));
        }
        Ok(differences)
    }

    /// Every model's value (baseline first) without intervals: no bootstrap, no scenarios.
    pub fn price_points(&self, models: &[ModelInput]) -> Result<Vec<ModelValue>> {
        let Priced {
            basis,
            mid,
            payoffs,
            baseline_index,
            decided,
            mut values,
        } = self.decide_and_value(models)?;
        let decisions_per_year = self.economics(&mid, basis.kind).decisions_per_year;
        self.add_outcomes(
            payoffs.as_ref(),
            (&decided, &mut values),
            decisions_per_year,
            &[],
        );
        let baseline_value = values.remove(baseline_index);
        values.insert(0, baseline_value);
        Ok(values)
    }

    /// Decisions under the midpoint economics and each model's value, in `models` order, its
    /// value by outcome left to the caller ([`PricingContext::add_outcomes`]).
    fn decide_and_value<'m>(&self, models: &'m [ModelInput]) -> Result<Priced<'m>> {
        let kind = self.config.kind()?;
        let mid = self.config.resolved(Scenario::Mid, &[]);
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
        let basis = Basis::against(kind, &decided[baseline_index]);
        let values: Vec<ModelValue> = decided
            .iter()
            .map(|d| self.value_of(basis, &mid, payoffs.as_ref(), d))
            .collect::<Result<_>>()?;
        Ok(Priced {
            basis,
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

    /// How many of `rows` there are.
    fn rows(&self, rows: Rows) -> usize {
        match (&self.truth, rows) {
            (SplitTruth::Classes { validation, .. }, Rows::Validation) => validation.len(),
            (SplitTruth::Classes { test, .. }, Rows::Test) => test.len(),
            (SplitTruth::Values { validation, .. }, Rows::Validation) => validation.len(),
            (SplitTruth::Values { test, .. }, Rows::Test) => test.len(),
        }
    }

    /// The truth of `rows`, as the resampled metrics read it.
    fn truth_of(&self, rows: Rows) -> super::resampled_metric::Truth<'_> {
        match &self.truth {
            SplitTruth::Classes {
                validation,
                test,
                classes,
                positive,
            } => super::resampled_metric::Truth::Classes {
                y: match rows {
                    Rows::Validation => validation,
                    Rows::Test => test,
                },
                n_classes: classes.len(),
                positive: *positive,
            },
            SplitTruth::Values { validation, test } => {
                super::resampled_metric::Truth::Values(match rows {
                    Rows::Validation => validation,
                    Rows::Test => test,
                })
            }
        }
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
        let mid = self.config.resolved(Scenario::Mid, &[]);
        let mid_payoffs = match kind {
            ValueKind::Outcomes => Some((self.payoffs)(&mid)?),
            _ => None,
        };
        let b = self.decide(kind, &mid, mid_payoffs.as_ref(), baseline)?;
        let c = self.decide(kind, &mid, mid_payoffs.as_ref(), candidate)?;
        let basis = Basis::against(kind, &b);
        let mut baseline_value = self.value_of(basis, &mid, mid_payoffs.as_ref(), &b)?;
        let mut candidate_value = self.value_of(basis, &mid, mid_payoffs.as_ref(), &c)?;
        let decisions_per_year = self.economics(&mid, kind).decisions_per_year;
        for (value, decided) in [(&mut baseline_value, &b), (&mut candidate_value, &c)] {
            value.outcomes = self.outcome_values(mid_payoffs.as_ref(), decided, decisions_per_year);
        }
        let costs = |value: &ModelValue| value.net_value - value.decision_value;
        let drawn = self.draw(kind)?;
        // The difference, then each model's own net value (its interval, which the comparison
        // shows beside it), over the same resamples.
        let mut batch = Batch::of(Rows::Test);
        for (pair, offset) in [
            (
                (&c, Some(&b)),
                costs(&candidate_value) - costs(&baseline_value),
            ),
            ((&b, None), costs(&baseline_value)),
            ((&c, None), costs(&candidate_value)),
        ] {
            let [priced] = self.bootstrap_drawn(
                basis,
                &mid,
                mid_payoffs.as_ref(),
                pair,
                offset,
                ([Rows::Test], drawn.as_ref()),
            )?;
            batch.add(priced);
        }
        let resampled = self.resample_batch(batch)?;
        let rows_that_differ = resampled.first().and_then(|d| d.carried_by.valued_apart());
        let mut summaries = resampled.iter().map(uncertainty::Resampled::summary);
        let difference = summaries.next();
        baseline_value.net_value_interval = summaries.next();
        candidate_value.net_value_interval = summaries.next();
        Ok(PairedComparison {
            rows_that_differ,
            baseline: baseline_value,
            candidate: candidate_value,
            difference: difference
                .ok_or_else(|| Error::internal("pricing: a pair without its resamples"))?,
        })
    }
}
