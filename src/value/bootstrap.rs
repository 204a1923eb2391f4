//! A seeded paired bootstrap of the difference candidate - baseline in mean value per decision.
//!
//! Paired: each resample draws test rows with replacement and takes *both* models' payoffs on
//! those same rows, so the row-to-row variation both models share (an expensive customer is
//! expensive for both) cancels, and the interval is about the difference, not about either model.

use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use crate::base::random::splitmix;
use crate::base::stats::quantile;

/// Fewest resamples worth reporting: below 1,000 the 5% and 95% percentiles move visibly from
/// seed to seed.
pub const MIN_RESAMPLES: usize = 1_000;

/// Coverage of the reported interval (percentiles 5% and 95%).
pub const LEVEL: f64 = 0.90;

/// Salt mixed into the run seed ("value" in ASCII), so the bootstrap's stream shares no numbers
/// with the split's or the trees' streams derived from the same seed.
const SALT: u64 = 0x0076_616c_7565;

/// The bootstrap's generator seed for a run seed.
///
/// It depends on the run seed only, not on the candidate: with the same number of test rows every
/// candidate is resampled on the same rows (common random numbers), so the intervals of two
/// candidates differ because the candidates differ, not because their resamples did.
pub fn bootstrap_seed(run_seed: u64) -> u64 {
    splitmix(run_seed ^ SALT)
}

/// Summary of the bootstrap distribution of mean(candidate - baseline).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BootstrapSummary {
    /// The observed mean difference on the actual test rows (the point estimate).
    pub mean: f64,
    /// 5th percentile of the resampled mean differences.
    pub low: f64,
    /// 95th percentile of the resampled mean differences.
    pub high: f64,
    /// Share of resamples in which the candidate beat the baseline (difference > 0).
    pub p_positive: f64,
    /// Number of resamples drawn.
    pub resamples: usize,
}

impl BootstrapSummary {
    /// The summary in other units, e.g. per decision to over the horizon with
    /// `factor = decisions_per_year * horizon_years` (`factor >= 0`; a negative factor swaps the
    /// ends and would make `p_positive` wrong, so it is treated as 0).
    pub fn scaled(&self, factor: f64) -> BootstrapSummary {
        let factor = factor.max(0.0);
        BootstrapSummary {
            mean: self.mean * factor,
            low: self.low * factor,
            high: self.high * factor,
            p_positive: if factor > 0.0 { self.p_positive } else { 0.0 },
            resamples: self.resamples,
        }
    }
}

/// Paired bootstrap of mean(candidate - baseline) over rows: `candidate[i]` and `baseline[i]`
/// are the two models' payoffs on test row `i`. Draws `max(resamples, MIN_RESAMPLES)` resamples
/// from a generator seeded with `seed` (use [`bootstrap_seed`]). `None` for no rows.
///
/// Panics if the two slices differ in length (a caller bug).
pub fn paired_bootstrap(
    candidate: &[f64],
    baseline: &[f64],
    resamples: usize,
    seed: u64,
) -> Option<BootstrapSummary> {
    assert_eq!(
        candidate.len(),
        baseline.len(),
        "paired rows differ in number"
    );
    let n = candidate.len();
    if n == 0 {
        return None;
    }
    let diff: Vec<f64> = candidate.iter().zip(baseline).map(|(c, b)| c - b).collect();
    let mean = diff.iter().sum::<f64>() / n as f64;
    let draws = resample_statistic(n, resamples, seed, |counts| {
        counts
            .iter()
            .zip(&diff)
            .map(|(&count, d)| count as f64 * d)
            .sum::<f64>()
            / n as f64
    });
    Some(summarize(mean, draws))
}

/// The statistic `stat` over `max(resamples, MIN_RESAMPLES)` bootstrap resamples of `n` rows.
/// A resample is given to `stat` as how many times each row was drawn (`counts[i]`), which lets
/// a statistic such as ROC-AUC be computed in one pass over presorted rows instead of sorting
/// every resample. The same `seed` and `n` give the same resamples, whatever the statistic.
pub fn resample_statistic(
    n: usize,
    resamples: usize,
    seed: u64,
    mut stat: impl FnMut(&[u32]) -> f64,
) -> Vec<f64> {
    let resamples = resamples.max(MIN_RESAMPLES);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut counts = vec![0u32; n];
    (0..resamples)
        .map(|_| {
            counts.fill(0);
            for _ in 0..n {
                counts[rng.gen_range(0..n)] += 1;
            }
            stat(&counts)
        })
        .collect()
}

/// Summarises resampled differences around the observed one: the 90% percentile interval and
/// the share of resamples above 0. NaN draws (a statistic undefined on a resample) are left out.
pub fn summarize(observed: f64, mut draws: Vec<f64>) -> BootstrapSummary {
    let resamples = draws.len();
    draws.retain(|d| !d.is_nan());
    if draws.is_empty() {
        return BootstrapSummary {
            mean: observed,
            low: observed,
            high: observed,
            p_positive: if observed > 0.0 { 1.0 } else { 0.0 },
            resamples,
        };
    }
    let positive = draws.iter().filter(|&&d| d > 0.0).count();
    draws.sort_by(f64::total_cmp);
    let tail = (1.0 - LEVEL) / 2.0;
    BootstrapSummary {
        mean: observed,
        low: quantile(&draws, tail),
        high: quantile(&draws, 1.0 - tail),
        p_positive: positive as f64 / draws.len() as f64,
        resamples,
    }
}
