//! What more trials are expected to add on the test rows' fitted curve of a run without
//! `[value]`, with the 90% band of its bootstrap refits: the one computation behind every gain
//! the metric answer ([`super::advise_metric`]) quotes and behind the doubling of the trials
//! stored beside it ([`crate::analysis::trials::TrialsAnalysis::doubling`]), which "More data or
//! more tuning" and the trials chart read. A *stop* quoted "(doubling the trials: +0.0011
//! ROC-AUC)" with no band while "More data or more tuning" gave "-0.0013 to +0.0031" for the same
//! doubling, computed apart (breast cancer, 12 trials).
//!
//! A gain is not floored at 0: the best trial by validation can do worse on the test rows
//! after more trials (selection on noisy validation rows), and the unpriced calibration's pools
//! show it. Floored, the doubling band held the pools' `E(2N) - E(N)` in 65 of 90 sweeps,
//! against 80 of 90 without the floor (2026-12-06). No answer changes with it: each decision
//! asks whether a gain is above a positive noise, or whether a sweep at or below the baseline
//! stays there.

use crate::analysis::expected_max::{Trial, BAND_HIGH, BAND_LOW};
use crate::analysis::extrapolate::{ExtrapolatedPoint, SaturationFit};
use crate::base::format::{interval, signed_money};
use crate::base::stats::quantile;

/// The test curve's gains from the trials run, each at most the room the metric leaves above the
/// sweep's expected best.
#[derive(Debug, Clone, Copy)]
pub struct MetricGains<'a> {
    /// The curve fitted to the trials, when there were enough of them.
    fit: Option<&'a SaturationFit>,
    /// Its bootstrap refits; none, no band.
    refits: &'a [SaturationFit],
    /// Trials run.
    n: usize,
    /// What the metric leaves above the sweep's expected best now.
    room: f64,
}

impl<'a> MetricGains<'a> {
    /// The gains of `fit` and `refits` from `expected_best.len()` trials, capped at `ceiling`'s
    /// test gain less the last of `expected_best` (no cap without a ceiling).
    pub fn new(
        fit: Option<&'a SaturationFit>,
        refits: &'a [SaturationFit],
        expected_best: &[f64],
        ceiling: Option<Trial>,
    ) -> MetricGains<'a> {
        let n = expected_best.len();
        let now = expected_best.last().copied().unwrap_or(0.0);
        MetricGains {
            fit,
            refits,
            n,
            room: ceiling.map_or(f64::INFINITY, |c| (c.test - now).max(0.0)),
        }
    }

    /// The gain from the trials run to `m` trials on the fitted curve; 0 without a fit.
    pub fn gain(&self, m: usize) -> f64 {
        self.fit.map_or(0.0, |fit| self.of(fit, m))
    }

    /// The 90% band of [`Self::gain`] over the refits; `None` without refits.
    pub fn band(&self, m: usize) -> Option<(f64, f64)> {
        if self.refits.is_empty() {
            return None;
        }
        let mut gains: Vec<f64> = self.refits.iter().map(|fit| self.of(fit, m)).collect();
        gains.sort_by(f64::total_cmp);
        Some((quantile(&gains, BAND_LOW), quantile(&gains, BAND_HIGH)))
    }

    /// The gain to `m` trials with its band (the point alone at both ends without refits);
    /// `None` without a fit.
    pub fn point(&self, m: usize) -> Option<ExtrapolatedPoint> {
        let fit = self.fit?;
        let mean = self.of(fit, m);
        let (low, high) = self.band(m).unwrap_or((mean, mean));
        Some(ExtrapolatedPoint {
            n: m,
            mean,
            low,
            high,
        })
    }

    /// The gain to `m` trials as the sentences quote it in `unit`: `+X (90% band A to B)` in
    /// running text, `+X, 90% band A to B` inside parentheses; `+X` alone without refits.
    pub fn quoted(&self, m: usize, in_parentheses: bool, unit: &str) -> String {
        let point = signed_money(self.gain(m), unit);
        match self.band(m) {
            Some((low, high)) if in_parentheses => {
                format!("{point}, 90% band {}", interval(low, high, unit))
            }
            Some((low, high)) => format!("{point} (90% band {})", interval(low, high, unit)),
            None => point,
        }
    }

    fn of(&self, fit: &SaturationFit, m: usize) -> f64 {
        fit.gain(self.n as f64, m as f64).min(self.room)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gains_may_be_losses_and_are_at_most_the_room_left() {
        let rising = SaturationFit {
            asymptote: 1.0,
            scale: 1.0,
            exponent: 0.5,
            rmse: 0.0,
        };
        let falling = SaturationFit {
            scale: -1.0,
            ..rising
        };
        let refits = [falling, rising, falling];
        let best = [0.1, 0.2, 0.3, 0.4];
        let free = MetricGains::new(Some(&rising), &refits, &best, None);
        let point = free.point(8).unwrap();
        assert_eq!(point.n, 8);
        assert!(point.mean > 0.0);
        assert_eq!(point.mean, free.gain(8));
        // A falling refit loses what the rising one gains: the band reaches below 0.
        assert_eq!(point.low, -point.mean);
        assert_eq!(Some((point.low, point.high)), free.band(8));
        let capped = MetricGains::new(
            Some(&rising),
            &refits,
            &best,
            Some(Trial {
                validation: 0.5,
                test: 0.41,
            }),
        );
        assert!((capped.gain(8) - 0.01).abs() < 1e-12);
        assert!(capped.point(8).unwrap().high <= 0.01 + 1e-12);
        assert_eq!(
            capped.quoted(8, true, "AUC"),
            format!(
                "{}, 90% band {}",
                signed_money(capped.gain(8), "AUC"),
                interval(-rising.gain(4.0, 8.0), capped.point(8).unwrap().high, "AUC")
            )
        );
        // Without refits a gain has no band, and without a fit no gain.
        let bare = MetricGains::new(Some(&rising), &[], &best, None);
        assert_eq!(bare.band(8), None);
        assert_eq!(
            bare.quoted(8, false, "AUC"),
            signed_money(bare.gain(8), "AUC")
        );
        assert!(MetricGains::new(None, &refits, &best, None)
            .point(8)
            .is_none());
    }
}
