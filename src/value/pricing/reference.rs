//! The rules of thumb every binary model has to beat: act on every case, act on no case (the
//! reference strategies of decision-curve analysis, Vickers & Elkin 2006, priced in money).
//!
//! A model that does not beat the better of the two adds nothing a one-line rule would not give,
//! whatever its metric says. The better of the two is chosen on validation rows, as the models
//! are, and the model's advantage over it is reported on test rows with a paired interval.

use super::super::bootstrap::BootstrapSummary;
use super::super::capacity::rows_allowed;
use super::super::config::ValueConfig;
use super::super::decision::mean;
use super::super::payoff::RowPayoffs;
use super::super::schema::{better_reference, ModelValue, ReferenceStrategy, Strategy};
use super::decide::{Decided, Decisions};
use super::uncertainty::Resampled;
use super::{Basis, Batch, ModelInput, PricingContext, Rows, SplitTruth};
use crate::base::error::Result;
use crate::base::random::{rng_for, Stream};
use rand::seq::index::sample;

/// The reference strategies' values, and the advantage over the better one of the models at
/// `compared` (indices into `decided` and `values`, which share an order; the first is the
/// baseline).
pub(super) struct References {
    pub(super) strategies: Vec<ReferenceStrategy>,
    pub(super) over: Vec<(usize, BootstrapSummary)>,
}

/// A rule has no model: no predictions, no training and no serving cost.
static NO_MODEL: ModelInput = ModelInput {
    name: String::new(),
    trial: None,
    external: false,
    own_trial_cost: None,
    validation: Vec::new(),
    test: Vec::new(),
    fit_cpu_seconds: 0.0,
    predict_seconds_per_1000_rows: 0.0,
};

/// One reference strategy, decided on every row, with its value a year on validation and test
/// rows.
pub(super) struct Rule {
    strategy: Strategy,
    decided: Decided<'static>,
    validation_per_year: f64,
    test_per_year: f64,
}

/// Where a pricing's [`Batch`] holds the references' statistics, rule by rule: the rule's value,
/// its difference to the baseline, and each compared model's advantage over it (the better rule
/// is known only from the rules' values; the other's are left unread).
pub(super) struct PendingReferences {
    rules: Vec<RulePlaces>,
}

/// Where one rule's statistics sit in a [`Batch`].
struct RulePlaces {
    value: usize,
    per_year: usize,
    difference: Option<usize>,
    /// Each compared model's index in the pricing, and its advantage's place.
    over: Vec<(usize, usize)>,
}

impl PendingReferences {
    /// The references, from the batch `resampled`.
    pub(super) fn finish(self, rules: &[Rule], resampled: &[Resampled]) -> References {
        let strategies: Vec<ReferenceStrategy> = rules
            .iter()
            .zip(&self.rules)
            .map(|(rule, places)| ReferenceStrategy {
                difference: places.difference.map(|at| resampled[at].summary()),
                strategy: rule.strategy,
                validation_per_year: rule.validation_per_year,
                test_per_year: rule.test_per_year,
                test_per_year_interval: Some(resampled[places.per_year].summary()),
                value: resampled[places.value].summary(),
            })
            .collect();
        let better = match better_reference(&strategies).map(|r| r.strategy) {
            Some(Strategy::ActOnAll) => 0,
            _ => 1,
        };
        let over = self.rules.get(better).map_or_else(Vec::new, |places| {
            places
                .over
                .iter()
                .map(|&(i, at)| (i, resampled[at].summary()))
                .collect()
        });
        References { strategies, over }
    }
}

impl PricingContext<'_> {
    /// Both reference strategies of a binary outcome pricing, decided. `None` unless the task
    /// is binary with payoffs.
    pub(super) fn reference_rules(
        &self,
        basis: Basis,
        mid: &ValueConfig,
        payoffs: Option<&(RowPayoffs, RowPayoffs)>,
    ) -> Result<Option<Vec<Rule>>> {
        let (
            Some(_),
            SplitTruth::Classes {
                validation,
                test,
                positive: Some(_),
                ..
            },
        ) = (payoffs, &self.truth)
        else {
            return Ok(None);
        };
        let economics = self.economics(mid, basis.kind);
        // Under capacity nobody can act on every case: the rule acts on as many as capacity
        // allows, picked at random, which is what acting without a model amounts to.
        let share = self.capacity_share(mid, basis.kind);
        let rows = |n: usize, act: bool, part: u64| -> Vec<bool> {
            match share {
                Some(share) if act => {
                    let mut rng = rng_for(self.seed, Stream::Capacity, part);
                    let mut acting = vec![false; n];
                    for i in sample(&mut rng, n, rows_allowed(share, n)) {
                        acting[i] = true;
                    }
                    acting
                }
                _ => vec![act; n],
            }
        };
        let mut rules = Vec::new();
        for (strategy, act) in [(Strategy::ActOnAll, true), (Strategy::ActOnNone, false)] {
            let test_rows = rows(test.len(), act, 1);
            let validation_rows = rows(validation.len(), act, 0);
            let decided = Decided {
                input: &NO_MODEL,
                decisions: Decisions::Binary {
                    threshold: if act { 0.0 } else { f64::INFINITY },
                    // A fixed rule fits nothing on validation rows: its halves are its own.
                    validation_crossed: validation_rows.clone(),
                    validation: validation_rows,
                    test: test_rows.clone(),
                    test_default: test_rows,
                },
            };
            let Some((val_rows, test_rows, _)) = self.row_values(mid, payoffs, &decided)? else {
                return Ok(None);
            };
            let per_year = |rows: &[f64]| mean(rows) * economics.decisions_per_year;
            rules.push(Rule {
                strategy,
                decided,
                validation_per_year: per_year(&val_rows),
                test_per_year: per_year(&test_rows),
            });
        }
        Ok(Some(rules))
    }

    /// Adds to `batch` each rule's value and its difference to the baseline (the first of
    /// `compared`), and each compared model's net value minus each rule's value (`compared`:
    /// indices into `decided` and `values`, which share an order).
    pub(super) fn add_references<'s>(
        &'s self,
        basis: Basis,
        mid: &ValueConfig,
        payoffs: Option<&(RowPayoffs, RowPayoffs)>,
        rules: &'s [Rule],
        (decided, values, compared): (&'s [Decided], &[ModelValue], &[usize]),
        batch: &mut Batch<'s>,
    ) -> Result<PendingReferences> {
        let compared: Vec<(usize, &Decided, &ModelValue)> = compared
            .iter()
            .filter_map(|&i| Some((i, decided.get(i)?, values.get(i)?)))
            .collect();
        let baseline = compared.first().map(|&(_, model, value)| (model, value));
        let mut places = Vec::with_capacity(rules.len());
        // A rule costs nothing and its value is not drawn: its value a year is its value over
        // the horizon, divided by the horizon, on each resample.
        let horizon = self.economics(mid, basis.kind).horizon_years;
        for Rule {
            decided: rule,
            test_per_year,
            ..
        } in rules
        {
            let (observed, value) =
                self.observed_and_statistic(Rows::Test, basis, mid, payoffs, (rule, None), 0.0)?;
            let value = batch.add_curve((
                vec![observed, *test_per_year],
                value.and_derived(move |_, value| value / horizon),
            ));
            let difference = match baseline {
                Some((model, value)) => {
                    let offset = value.decision_value - value.net_value;
                    let pair = (rule, Some(model));
                    Some(batch.add(self.observed_and_statistic(
                        Rows::Test,
                        basis,
                        mid,
                        payoffs,
                        pair,
                        offset,
                    )?))
                }
                None => None,
            };
            let mut over = Vec::with_capacity(compared.len());
            for &(i, model, value) in &compared {
                let costs = value.net_value - value.decision_value;
                let pair = (model, Some(rule));
                over.push((
                    i,
                    batch.add(self.observed_and_statistic(
                        Rows::Test,
                        basis,
                        mid,
                        payoffs,
                        pair,
                        costs,
                    )?),
                ));
            }
            places.push(RulePlaces {
                value: value.start,
                per_year: value.start + 1,
                difference,
                over,
            });
        }
        Ok(PendingReferences { rules: places })
    }
}
