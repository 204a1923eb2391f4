//! Distribution-free confidence bands for the tuning curve, after Lourie, Cho and He (2024),
//! "Show Your Work with Confidence: Confidence Bands for Tuning Curves".
//!
//! **Idea.** Whatever the distribution `F` of a trial's score, the values `F(x_(1)) <= ... <=
//! F(x_(N))` at the sorted scores of `N` independent trials are distributed as the order statistics
//! of `N` uniforms, and `F(x_(i))` is Beta(`i`, `N - i + 1`). A band that holds every `F(x_(i))`
//! at once with probability `confidence` is therefore exact for every `F`. The *median tuning
//! curve*, the median score of the best of `m` trials, is `F^-1(0.5^(1/m))` (the best of `m` is
//! below `x` with probability `F(x)^m`), so the band on `F` bounds it at every `m` at once.
//!
//! **Band.** Equal-tailed: `F(x_(i))` is held between the `gamma / 2` and `1 - gamma / 2`
//! quantiles of its Beta, with one `gamma` for every `i`, chosen so that all `N` hold together
//! with probability `confidence`. That `gamma` depends on `N` only; it is found by simulating
//! sorted uniforms (seeded, so the band is deterministic).
//!
//! **What it cannot do.** The band's lower edge at the best trial, `F(x_(N))`, is at most
//! `(1 - confidence)^(1/N)`-ish, so once `0.5^(1/m)` is above it (about `m > N ln 2 / ln(1 /
//! (1 - confidence))`, a quarter of `N` at 90%) nothing observed caps the curve: the upper end is
//! unbounded. No distribution-free band can say how much more a longer sweep than the one run
//! will find; that takes an assumption about the unseen tail, as [`super::extrapolate`] makes.

use rand::Rng;

use crate::base::error::{Error, Result};
use crate::base::random::{rng_for, Stream};
use crate::base::special::{beta_cdf, beta_quantile};
use crate::base::stats::quantile;

/// Simulated samples of sorted uniforms behind the band's per-point level.
const SIMULATIONS: usize = 4_000;

/// A simultaneous confidence band on the CDF of a trial's score at the sorted observed scores.
#[derive(Debug, Clone, PartialEq)]
pub struct CdfBand {
    /// The observed scores, ascending.
    pub scores: Vec<f64>,
    /// Lower bound of `F` at each score.
    pub lower: Vec<f64>,
    /// Upper bound of `F` at each score.
    pub upper: Vec<f64>,
}

/// Bounds on the median tuning curve at one sweep size; `None` where nothing observed bounds it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MedianBand {
    /// Number of trials in the sweep.
    pub n: usize,
    /// Lower bound of the median score of the best of `n` trials.
    pub low: Option<f64>,
    /// Upper bound of the median score of the best of `n` trials.
    pub high: Option<f64>,
}

impl CdfBand {
    /// The equal-tailed band at level `confidence` (in (0, 1)) for `scores`; an error for no
    /// scores, a non-finite score or a level outside (0, 1).
    pub fn new(scores: &[f64], confidence: f64) -> Result<CdfBand> {
        if scores.is_empty() || scores.iter().any(|s| !s.is_finite()) {
            return Err(Error::input(
                "a distribution-free band needs at least one score, all finite",
            ));
        }
        if !(confidence > 0.0 && confidence < 1.0) {
            return Err(Error::input(format!(
                "the band's confidence must be between 0 and 1, got {confidence}"
            )));
        }
        let n = scores.len();
        let half_gamma = per_point_tail(n, confidence);
        let mut sorted = scores.to_vec();
        sorted.sort_by(f64::total_cmp);
        let (lower, upper) = (1..=n)
            .map(|i| {
                let (a, b) = (i as f64, (n - i + 1) as f64);
                (
                    beta_quantile(half_gamma, a, b),
                    beta_quantile(1.0 - half_gamma, a, b),
                )
            })
            .unzip();
        Ok(CdfBand {
            scores: sorted,
            lower,
            upper,
        })
    }

    /// The same band for other scores of the same count: the levels depend on the count alone,
    /// and finding them is the band's whole cost. An error for another count or a non-finite
    /// score.
    pub fn rescored(&self, scores: &[f64]) -> Result<CdfBand> {
        if scores.len() != self.scores.len() || scores.iter().any(|s| !s.is_finite()) {
            return Err(Error::input(format!(
                "a band of {} scores cannot take {} scores, or a score is not finite",
                self.scores.len(),
                scores.len()
            )));
        }
        let mut sorted = scores.to_vec();
        sorted.sort_by(f64::total_cmp);
        Ok(CdfBand {
            scores: sorted,
            ..self.clone()
        })
    }

    /// Bounds on the median score of the best of `n` trials (`n > 0`).
    pub fn median_best_of(&self, n: usize) -> MedianBand {
        let level = 0.5_f64.powf(1.0 / n.max(1) as f64);
        // F(x_(i)) >= lower_i >= level puts the level's quantile at or below x_(i).
        let high = (0..self.scores.len())
            .find(|&i| self.lower[i] >= level)
            .map(|i| self.scores[i]);
        // Below x_(i), F < upper_i < level: the quantile is at least x_(i).
        let low = (0..self.scores.len())
            .rev()
            .find(|&i| self.upper[i] < level)
            .map(|i| self.scores[i]);
        MedianBand { n, low, high }
    }
}

/// Half the per-point level `gamma` that makes the equal-tailed band hold at all `n` points at
/// once with probability `confidence`: the `1 - confidence` quantile, over simulated sorted
/// uniforms, of the smallest tail probability any of them reaches under its own Beta.
fn per_point_tail(n: usize, confidence: f64) -> f64 {
    let mut rng = rng_for(n as u64, Stream::BandCalibration, 0);
    let mut uniforms = vec![0.0; n];
    let mut smallest: Vec<f64> = (0..SIMULATIONS)
        .map(|_| {
            uniforms.iter_mut().for_each(|u| *u = rng.gen::<f64>());
            uniforms.sort_by(f64::total_cmp);
            uniforms
                .iter()
                .enumerate()
                .map(|(i, &u)| {
                    let below = beta_cdf(u, (i + 1) as f64, (n - i) as f64);
                    below.min(1.0 - below)
                })
                .fold(f64::INFINITY, f64::min)
        })
        .collect();
    smallest.sort_by(f64::total_cmp);
    quantile(&smallest, 1.0 - confidence)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scores from a known distribution: the band must hold the true CDF at every point in
    /// about `confidence` of samples, never far below it.
    #[test]
    fn the_band_holds_the_true_cdf_as_often_as_it_says() {
        let confidence = 0.9;
        let n = 20;
        let mut rng = rng_for(11, Stream::BandCalibration, 99);
        let samples = 400;
        let mut held = 0;
        let levels = CdfBand::new(&vec![0.0; n], confidence).unwrap();
        for _ in 0..samples {
            // Exponential scores: F(x) = 1 - exp(-x).
            let scores: Vec<f64> = (0..n).map(|_| -(1.0 - rng.gen::<f64>()).ln()).collect();
            let band = levels.rescored(&scores).unwrap();
            let all = band.scores.iter().enumerate().all(|(i, &x)| {
                let truth = 1.0 - (-x).exp();
                band.lower[i] <= truth && truth <= band.upper[i]
            });
            held += usize::from(all);
        }
        let share = held as f64 / samples as f64;
        assert!((0.86..=0.94).contains(&share), "held in {share}");
    }

    #[test]
    fn the_median_of_the_best_is_bracketed_and_unbounded_beyond_the_data() {
        // Uniform scores on [0, 1]: the median of the best of m is 0.5^(1/m).
        let scores: Vec<f64> = (1..=40).map(|i| i as f64 / 41.0).collect();
        let band = CdfBand::new(&scores, 0.9).unwrap();
        let one = band.median_best_of(1);
        let (low, high) = (one.low.unwrap(), one.high.unwrap());
        assert!(low < 0.5 && 0.5 < high, "{low} {high}");
        let three = band.median_best_of(3);
        assert!(three.low.unwrap() < 0.5_f64.powf(1.0 / 3.0));
        // Twice the trials run: no upper end, as the module says.
        let twice = band.median_best_of(80);
        assert_eq!(twice.high, None);
        assert!(twice.low.is_some());
    }

    #[test]
    fn bad_input_is_an_error() {
        assert!(CdfBand::new(&[], 0.9).is_err());
        assert!(CdfBand::new(&[1.0, f64::NAN], 0.9).is_err());
        assert!(CdfBand::new(&[1.0], 1.0).is_err());
        let band = CdfBand::new(&[1.0, 2.0], 0.9).unwrap();
        assert!(band.rescored(&[1.0]).is_err());
        assert_eq!(band.rescored(&[3.0, 0.0]).unwrap().scores, vec![0.0, 3.0]);
    }
}
