//! The rules of thumb every binary model has to beat: act on every case, act on no case (the
//! reference strategies of decision-curve analysis, Vickers & Elkin 2006, priced in money).
//!
//! A model that does not beat the better of the two adds nothing a one-line rule would not give,
//! whatever its metric says. The better of the two is chosen on validation rows, as the models
//! are, and the model's advantage over it is reported on test rows with a paired interval.

use super::super::bootstrap::{summarize, BootstrapSummary};
use super::super::capacity::rows_allowed;
use super::super::config::ValueConfig;
use super::super::decision::mean;
use super::super::payoff::RowPayoffs;
use super::super::schema::{better_reference, ModelValue, ReferenceStrategy, Strategy};
use super::decide::{Decided, Decisions};
use super::{Basis, ModelInput, PricingContext, SplitTruth};
use crate::base::error::{Error, Result};
use crate::base::random::{rng_for, Stream};
use rand::seq::index::sample;

/// The reference strategies' values, and the advantage over the better one of the models at
/// `compared` (indices into `decided` and `values`, which share an order; the first is the
/// baseline).
pub(super) struct References {
    pub(super) strategies: Vec<ReferenceStrategy>,
    pub(super) over: Vec<(usize, BootstrapSummary)>,
}

impl PricingContext<'_> {
    /// Both reference strategies of a binary outcome pricing, and each compared model's net
    /// value minus the better strategy's value. `None` unless the task is binary with payoffs.
    pub(super) fn references(
        &self,
        basis: Basis,
        mid: &ValueConfig,
        payoffs: Option<&(RowPayoffs, RowPayoffs)>,
        decided: &[Decided],
        values: &[ModelValue],
        compared: &[usize],
    ) -> Result<Option<References>> {
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
        // A rule has no model: no predictions, no training and no serving cost.
        let rule = ModelInput {
            name: String::new(),
            trial: None,
            external: false,
            own_trial_cost: None,
            validation: Vec::new(),
            test: Vec::new(),
            fit_cpu_seconds: 0.0,
            predict_seconds_per_1000_rows: 0.0,
        };
        let baseline = compared
            .first()
            .and_then(|&i| Some((decided.get(i)?, values.get(i)?)));
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
                input: &rule,
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
            rules.push((strategy, decided, per_year(&val_rows), per_year(&test_rows)));
        }
        let compared: Vec<(usize, &Decided, &ModelValue)> = compared
            .iter()
            .filter_map(|&i| Some((i, decided.get(i)?, values.get(i)?)))
            .collect();
        // One pass over the test rows' resamples: each rule's value and its difference to the
        // baseline, then each compared model over each rule (the better rule is known only
        // from the rules' values; the other's are left unread).
        let mut observed = Vec::new();
        let mut statistics = Vec::new();
        let mut add = |(value, statistic)| {
            observed.push(value);
            statistics.push(statistic);
        };
        for (_, rule, _, _) in &rules {
            add(self.observed_and_statistic(basis, mid, payoffs, (rule, None), 0.0)?);
            if let Some((model, value)) = baseline {
                let offset = value.decision_value - value.net_value;
                add(self.observed_and_statistic(
                    basis,
                    mid,
                    payoffs,
                    (rule, Some(model)),
                    offset,
                )?);
            }
        }
        for (_, rule, _, _) in &rules {
            for &(_, model, value) in &compared {
                let costs = value.net_value - value.decision_value;
                add(self.observed_and_statistic(
                    basis,
                    mid,
                    payoffs,
                    (model, Some(rule)),
                    costs,
                )?);
            }
        }
        let mut summaries = self
            .resample(statistics)?
            .into_iter()
            .zip(observed)
            .map(|(draws, observed)| summarize(observed, draws));
        let mut strategies = Vec::new();
        for &(strategy, _, validation_per_year, test_per_year) in &rules {
            let value = summaries
                .next()
                .ok_or_else(|| Error::internal("references: a rule's value unresampled"))?;
            strategies.push(ReferenceStrategy {
                difference: baseline.and_then(|_| summaries.next()),
                strategy,
                validation_per_year,
                test_per_year,
                value,
            });
        }
        let better = match better_reference(&strategies).map(|r| r.strategy) {
            Some(Strategy::ActOnAll) => 0,
            _ => 1,
        };
        let over = compared
            .iter()
            .map(|&(i, _, _)| i)
            .zip(summaries.skip(better * compared.len()))
            .collect();
        Ok(Some(References { strategies, over }))
    }
}
