//! Each model's test value a year, and its value a year at the default decision (a 0.5
//! cut-off, or the likeliest class), with their 90% intervals over the test rows' resamples,
//! drawn with the pricing's other intervals of those rows.
//!
//! A value a year is the net value's statistic before the horizon and the costs: on each
//! resample `(net + costs) / horizon`, the costs and the horizon as that resample draws them (at
//! their central values without distributions). So it comes out of the net value's own pass,
//! with no sum over the rows of its own, and moves with the same draws of the business numbers
//! as the net value. At the default decision the model acts on other test rows, which takes a
//! statistic of its own, built as the net value's is.

use super::super::config::ValueConfig;
use super::super::payoff::RowPayoffs;
use super::super::schema::ModelValue;
use super::decide::{Decided, Decisions};
use super::draws::Drawn;
use super::uncertainty::Resampled;
use super::valuation::Economics;
use super::{Basis, Batch, ModelInput, PricingContext, RowStatistic, Rows};
use crate::base::error::Result;

/// Where a pricing's [`Batch`] holds one model's net value, its value a year and, for a model
/// with a default decision, its value a year at that decision.
pub(super) struct PerYearPlaces {
    net: usize,
    per_year: usize,
    default: Option<usize>,
}

impl PerYearPlaces {
    /// Sets `value`'s intervals of its net value, its value a year and its value a year at the
    /// default decision, from the batch `resampled`.
    pub(super) fn finish(&self, value: &mut ModelValue, resampled: &[Resampled]) {
        value.net_value_interval = Some(resampled[self.net].summary());
        value.test_per_year_interval = Some(resampled[self.per_year].summary());
        value.test_per_year_default_interval = self.default.map(|at| resampled[at].summary());
    }
}

impl<'s> RowStatistic<'s> {
    /// This statistic (one value a resample) followed by `derived` of its value on the same
    /// resample (from the resample's number and that value): two values from one pass.
    pub(super) fn and_derived(self, derived: impl Fn(usize, f64) -> f64 + Sync + 's) -> Self {
        self.with_derived(true, derived)
    }

    /// `derived` of this statistic's value (one a resample), in its place.
    fn derived(self, derived: impl Fn(usize, f64) -> f64 + Sync + 's) -> Self {
        self.with_derived(false, derived)
    }

    /// `derived` of this statistic's value on each resample, after that value if `keep` is
    /// true, in its place otherwise.
    fn with_derived(self, keep: bool, derived: impl Fn(usize, f64) -> f64 + Sync + 's) -> Self {
        debug_assert_eq!(self.width, 1, "a curve's values derived");
        let RowStatistic {
            of,
            rows,
            carried_by,
            statistic,
            ..
        } = self;
        let width = 1 + usize::from(keep);
        // The derived values (a net value per year, from over the horizon) are read from the
        // same rows, so they keep the rows that carry the statistic.
        RowStatistic {
            carried_by,
            ..RowStatistic::curve(of, rows, width, move |r, counts, out| {
                statistic(r, counts, &mut out[..1]);
                out[width - 1] = derived(r, out[0]);
            })
        }
    }
}

impl<'m> Decided<'m> {
    /// The model deciding its test rows as it would by default (the decisions behind
    /// `test_per_year_default`), its validation decisions as they are; `None` for decisions
    /// without a default.
    pub(super) fn at_default(&self) -> Option<Decided<'m>> {
        let decisions = match &self.decisions {
            Decisions::Binary {
                validation,
                validation_crossed,
                test_default,
                ..
            } => Decisions::Binary {
                threshold: 0.5,
                validation: validation.clone(),
                validation_crossed: validation_crossed.clone(),
                test: test_default.clone(),
                test_default: test_default.clone(),
            },
            Decisions::Classes {
                validation,
                test_default,
                ..
            } => Decisions::Classes {
                validation: validation.clone(),
                test: test_default.clone(),
                test_default: test_default.clone(),
            },
            Decisions::Errors { .. } | Decisions::Metric { .. } => return None,
        };
        Some(Decided {
            input: self.input,
            decisions,
        })
    }
}

impl PricingContext<'_> {
    /// Adds to `batch` a model's net value over the horizon (`net`, observed and the statistic
    /// [`PricingContext::bootstrap_drawn`] gives) with its value a year from the same pass, then,
    /// given `at_default` (the model as [`Decided::at_default`] decides it), its value a year at
    /// the default decision, drawn as the net value is. `value` is the model's, unresampled.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn add_per_year<'s>(
        &'s self,
        basis: Basis,
        mid: &ValueConfig,
        payoffs: Option<&(RowPayoffs, RowPayoffs)>,
        (model, at_default): (&'s Decided, Option<&'s Decided>),
        ((observed, net), value): ((f64, RowStatistic<'s>), &ModelValue),
        drawn: Option<&'s Drawn>,
        batch: &mut Batch<'s>,
    ) -> Result<PerYearPlaces> {
        let economics = self.economics(mid, basis.kind);
        let per_year = self.per_year_of_net(model.input, economics, drawn);
        let places = batch.add_curve((
            vec![observed, value.test_per_year],
            net.and_derived(per_year),
        ));
        let default = match (at_default, value.test_per_year_default) {
            (Some(decided), Some(observed)) => {
                let costs = value.net_value - value.decision_value;
                let [(_, net)] = self.bootstrap_drawn(
                    basis,
                    mid,
                    payoffs,
                    (decided, None),
                    costs,
                    ([Rows::Test], drawn),
                )?;
                let per_year = self.per_year_of_net(decided.input, economics, drawn);
                Some(batch.add((observed, net.derived(per_year))))
            }
            _ => None,
        };
        Ok(PerYearPlaces {
            net: places.start,
            per_year: places.start + 1,
            default,
        })
    }

    /// `input`'s value a year on resample `r` from its net value over the horizon there: the
    /// costs added back and the horizon divided out, both as resample `r` draws them with
    /// `drawn`, else as `central` has them.
    fn per_year_of_net(
        &self,
        input: &ModelInput,
        central: Economics,
        drawn: Option<&Drawn>,
    ) -> impl Fn(usize, f64) -> f64 + Sync + 'static {
        let costs_and_horizon = |economics: &Economics| {
            (
                self.costs(input, economics).total(),
                economics.horizon_years,
            )
        };
        let central = costs_and_horizon(&central);
        let each: Option<Vec<(f64, f64)>> =
            drawn.map(|drawn| drawn.economics.iter().map(costs_and_horizon).collect());
        move |r, net| {
            let (costs, horizon) = each.as_ref().map_or(central, |each| each[r]);
            (net + costs) / horizon
        }
    }
}

#[cfg(test)]
mod tests;
