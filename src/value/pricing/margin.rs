//! What more capacity would be worth: the value of acting on a tenth more decisions a year than
//! capacity allows, per extra decision, with its paired interval over test rows. This is the
//! number behind "one more analyst is worth X" (multiply by the decisions an analyst handles).

use super::super::capacity::{cap, gain_of_acting, rows_allowed};
use super::super::config::ValueConfig;
use super::super::payoff::RowPayoffs;
use super::super::schema::CapacityMargin;
use super::decide::{column, Decided, Decisions};
use super::uncertainty::Resampled;
use super::{Basis, PricingContext, SplitTruth};
use crate::base::error::Result;

/// The extra capacity the margin is measured with, as a share of the capacity: small enough to be
/// a margin, large enough to add whole test rows.
const EXTRA: f64 = 0.1;

/// The decisions of a model with a tenth more capacity, to be priced against its own: what
/// [`MarginPlan::finish`] turns into [`CapacityMargin`] once their difference is resampled.
pub(super) struct MarginPlan<'m> {
    /// The model deciding with more capacity.
    pub(super) more: Decided<'m>,
    /// The extra decisions acted on a year.
    extra_per_year: f64,
    horizon_years: f64,
}

impl MarginPlan<'_> {
    /// The margin, from the resampled difference over the horizon of the model with more
    /// capacity over itself.
    pub(super) fn finish(&self, difference: &Resampled) -> CapacityMargin {
        // The bootstrap is over the horizon; the extra decisions are a year's.
        let per_decision = difference
            .summary()
            .scaled(1.0 / (self.extra_per_year * self.horizon_years.max(f64::MIN_POSITIVE)));
        CapacityMargin {
            name: self.more.input.name.clone(),
            extra_per_year: self.extra_per_year,
            value_per_decision: per_decision,
        }
    }
}

impl PricingContext<'_> {
    /// The decisions that measure the value per year of one more decision acted on a year for
    /// `decided`, a tenth added to capacity; `None` without capacity, without class decisions,
    /// or when capacity already covers every decision.
    pub(super) fn capacity_margin<'m>(
        &self,
        basis: Basis,
        mid: &ValueConfig,
        payoffs: Option<&(RowPayoffs, RowPayoffs)>,
        decided: &Decided<'m>,
    ) -> Result<Option<MarginPlan<'m>>> {
        let (
            Some(share),
            SplitTruth::Classes {
                classes, positive, ..
            },
        ) = (self.capacity_share(mid, basis.kind), &self.truth)
        else {
            return Ok(None);
        };
        let n = match &decided.decisions {
            Decisions::Binary { test, .. } => test.len(),
            Decisions::Classes { test, .. } => test.len(),
            _ => return Ok(None),
        };
        let economics = self.economics(mid, basis.kind);
        let more_share = (share * (1.0 + EXTRA)).min(1.0);
        // Whole rows: at least one more than capacity takes now, if there is one to take.
        let now = rows_allowed(share, n);
        let allowed = rows_allowed(more_share, n).max(now + 1).min(n);
        if allowed <= now || economics.decisions_per_year <= 0.0 || n == 0 {
            return Ok(None);
        }
        let decisions = match (&decided.decisions, positive, payoffs) {
            (
                Decisions::Binary {
                    threshold,
                    validation,
                    validation_crossed,
                    test_default,
                    ..
                },
                Some(positive),
                Some((_, test_payoffs)),
            ) => {
                let p = column(&decided.input.test, classes.len(), *positive);
                let mut acting: Vec<bool> = p.iter().map(|&p| p >= *threshold).collect();
                cap(&mut acting, &gain_of_acting(&p, test_payoffs), allowed);
                Decisions::Binary {
                    threshold: *threshold,
                    validation: validation.clone(),
                    validation_crossed: validation_crossed.clone(),
                    test: acting,
                    test_default: test_default.clone(),
                }
            }
            (
                Decisions::Classes {
                    validation,
                    test_default,
                    ..
                },
                _,
                _,
            ) => Decisions::Classes {
                validation: validation.clone(),
                test: self
                    .review(mid, classes, &decided.input.test)?
                    .capped_to(allowed),
                test_default: test_default.clone(),
            },
            _ => return Ok(None),
        };
        Ok(Some(MarginPlan {
            more: Decided {
                input: decided.input,
                decisions,
            },
            extra_per_year: (allowed - now) as f64 / n as f64 * economics.decisions_per_year,
            horizon_years: economics.horizon_years,
        }))
    }
}
