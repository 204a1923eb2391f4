//! The threshold and capacity charts' curves of the models they compare, each point with its
//! 90% band over resamples of the rows it is measured on: a threshold curve's over the
//! validation rows', a capacity curve's over the test rows', drawn with the pricing's other
//! intervals of those rows (the same resamples, so the figures of one set of rows agree), every
//! point of a curve from one pass over a resample's rows ([`super::super::resampled_curve`]).

use std::ops::Range;

use super::super::capacity::{capped_value_curve, gain_of_acting, rows_allowed, CapacityRows};
use super::super::config::{ValueConfig, ValueKind};
use super::super::decision::value_curve;
use super::super::payoff::RowPayoffs;
use super::super::resampled_curve::{CapacityBand, ThresholdBand};
use super::super::schema::{CapacityCurve, ThresholdCurve, THRESHOLD_STEPS};
use super::decide::{column, Decided, Decisions};
use super::uncertainty::Resampled;
use super::{Batch, PricingContext, RowStatistic, Rows, SplitTruth};
use crate::base::error::{Error, Result};

/// A curve stored with a band for each of its points.
pub(super) trait Banded {
    fn set_bands(&mut self, bands: Vec<[f64; 2]>);
}

impl Banded for ThresholdCurve {
    fn set_bands(&mut self, bands: Vec<[f64; 2]>) {
        self.bands = Some(bands);
    }
}

impl Banded for CapacityCurve {
    fn set_bands(&mut self, bands: Vec<[f64; 2]>) {
        self.bands = Some(bands);
    }
}

/// Curves whose bands' statistics are in a batch, each with the places of its points there.
pub(super) struct PendingCurves<C> {
    curves: Vec<(C, Range<usize>)>,
}

impl<C: Banded> PendingCurves<C> {
    /// The curves with their bands, from the batch's resamples.
    pub(super) fn finish(self, resampled: &[Resampled]) -> Vec<C> {
        self.curves
            .into_iter()
            .map(|(mut curve, places)| {
                let bands = resampled[places]
                    .iter()
                    .map(|point| {
                        let summary = point.summary();
                        [summary.low, summary.high]
                    })
                    .collect();
                curve.set_bands(bands);
                curve
            })
            .collect()
    }
}

/// A curve's points (value per row, in the chart's units once scaled by `per_year`) and the
/// statistic of its band, the same values on a resample, to be added to a batch.
fn scaled(
    values: Vec<(f64, f64)>,
    x_scale: f64,
    per_year: f64,
    (of, rows, points): (Rows, usize, usize),
    band: impl Fn(&[u32], &mut [f64]) + Sync + 'static,
) -> (Vec<[f64; 2]>, (Vec<f64>, RowStatistic<'static>)) {
    let observed = values.iter().map(|&(_, v)| v * per_year).collect();
    let statistic = RowStatistic::curve(of, rows, points, move |_, counts, out| {
        band(counts, out);
        for value in out.iter_mut() {
            *value *= per_year;
        }
    });
    let points = values
        .into_iter()
        .map(|(x, v)| [x * x_scale, v * per_year])
        .collect();
    (points, (observed, statistic))
}

impl PricingContext<'_> {
    /// Binary outcomes: the validation value per year at every threshold step of the models at
    /// `charted` (their places in `decided`), their bands' statistics added to `on_validation`;
    /// `None` for other kinds of values.
    pub(super) fn add_threshold_curves(
        &self,
        (mid, kind): (&ValueConfig, ValueKind),
        payoffs: Option<&(RowPayoffs, RowPayoffs)>,
        (decided, charted): (&[Decided], &[usize]),
        on_validation: &mut Batch<'_>,
    ) -> Result<Option<PendingCurves<ThresholdCurve>>> {
        let (ValueKind::Outcomes, Some((payoffs, _))) = (kind, payoffs) else {
            return Ok(None);
        };
        let SplitTruth::Classes {
            validation,
            classes,
            positive: Some(positive),
            ..
        } = &self.truth
        else {
            return Err(Error::internal(
                "threshold curve of a task that is not binary",
            ));
        };
        let per_year = self.economics(mid, kind).decisions_per_year;
        let y: Vec<bool> = validation.iter().map(|c| c == positive).collect();
        let allowed = self
            .capacity_share(mid, kind)
            .map(|share| rows_allowed(share, y.len()));
        let mut curves = Vec::with_capacity(charted.len());
        for &i in charted {
            let p = column(&decided[i].input.validation, classes.len(), *positive);
            let values = match allowed {
                Some(allowed) => capped_value_curve(&p, &y, payoffs, allowed, THRESHOLD_STEPS),
                None => value_curve(&p, &y, payoffs, THRESHOLD_STEPS),
            };
            let band = ThresholdBand::new(&p, &y, payoffs, allowed, THRESHOLD_STEPS);
            let shape = (Rows::Validation, y.len(), band.points());
            let (points, statistic) = scaled(values, 1.0, per_year, shape, move |counts, out| {
                band.values(counts, out)
            });
            let curve = ThresholdCurve {
                name: decided[i].input.name.clone(),
                points,
                bands: None,
            };
            curves.push((curve, on_validation.add_curve(statistic)));
        }
        Ok(Some(PendingCurves { curves }))
    }

    /// Under capacity: the test value per year of the models at `charted` as capacity grows from
    /// 0 to every decision of a year, their bands' statistics added to `on_test`; `None` without
    /// capacity. Binary, the rows a model flags (probability at its threshold or above) taken in
    /// order of expected gain; multiclass, the rows its expected-cost decision changes, in order
    /// of expected cost avoided.
    pub(super) fn add_capacity_curves(
        &self,
        (mid, kind): (&ValueConfig, ValueKind),
        payoffs: Option<&(RowPayoffs, RowPayoffs)>,
        (decided, charted): (&[Decided], &[usize]),
        on_test: &mut Batch<'_>,
    ) -> Result<Option<PendingCurves<CapacityCurve>>> {
        if self.capacity_share(mid, kind).is_none() {
            return Ok(None);
        }
        let per_year = self.economics(mid, kind).decisions_per_year;
        let mut curves = Vec::with_capacity(charted.len());
        for &i in charted {
            let rows = self.capacity_rows(mid, &decided[i], payoffs.map(|(_, test)| test))?;
            let band = CapacityBand::new(&rows, THRESHOLD_STEPS);
            let shape = (Rows::Test, rows.idle.len(), band.points());
            let values = rows.curve(THRESHOLD_STEPS);
            let (points, statistic) =
                scaled(values, per_year, per_year, shape, move |counts, out| {
                    band.values(counts, out)
                });
            let curve = CapacityCurve {
                name: decided[i].input.name.clone(),
                points,
                bands: None,
            };
            curves.push((curve, on_test.add_curve(statistic)));
        }
        Ok(Some(PendingCurves { curves }))
    }

    /// What a model's capacity curve on the test rows is drawn from.
    fn capacity_rows(
        &self,
        mid: &ValueConfig,
        decided: &Decided,
        payoffs: Option<&RowPayoffs>,
    ) -> Result<CapacityRows> {
        let SplitTruth::Classes {
            test,
            classes,
            positive,
            ..
        } = &self.truth
        else {
            return Err(Error::internal("capacity curve of a task without classes"));
        };
        match (&decided.decisions, positive, payoffs) {
            (Decisions::Binary { threshold, .. }, Some(positive), Some(payoffs)) => {
                let p = column(&decided.input.test, classes.len(), *positive);
                let y: Vec<bool> = test.iter().map(|c| c == positive).collect();
                let acting: Vec<bool> = p.iter().map(|&p| p >= *threshold).collect();
                let gain = gain_of_acting(&p, payoffs);
                Ok(CapacityRows::binary(acting, gain, &y, payoffs))
            }
            (Decisions::Classes { .. }, _, _) => {
                let review = self.review(mid, classes, &decided.input.test)?;
                Ok(CapacityRows::classes(
                    &review.decisions,
                    review.gain,
                    review.default,
                    test,
                    &review.costs,
                ))
            }
            _ => Err(Error::internal(
                "capacity curve of decisions that are not classes",
            )),
        }
    }
}

#[cfg(test)]
mod tests;
