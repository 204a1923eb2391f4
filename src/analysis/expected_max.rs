//! Expected best test value against the number of trials (Dodge et al. 2019, "Show Your Work:
//! Improved Reporting of Experimental Results", expected validation performance).
//!
//! **Method.** Sort the `N` observed trials by validation score. If a sweep of `n` trials were
//! drawn at random *with replacement* from them, the trial of ascending rank `i` (1-based) would
//! be the validation-best with probability `(i/N)^n - ((i-1)/N)^n`. Trials with equal validation
//! scores form one group that shares its probability equally (a tie is broken at random). The
//! curve's value at `n` is the expected *test* value of the trial validation would select; at
//! `n = 1` it is the mean over all trials and for large `n` it approaches the test value of the
//! validation-best trial (the curve saturates at what was observed: see
//! [`extrapolate`](super::extrapolate) for beyond).
//!
//! **Band.** `low` and `high` are the 5% and 95% quantiles of that same discrete distribution:
//! the test value that one real sweep of `n` trials would plausibly end with (90% of such sweeps
//! land inside). It is the spread of outcomes between sweeps, not the uncertainty of the mean; the
//! latter is the bootstrap band of [`extrapolate`](super::extrapolate). A quantile `q` is the
//! smallest test value whose cumulative probability reaches `q`.
//!
//! **Cost.** One sort, then at most `O(N)` per `n` (powers are updated by one multiplication per
//! tie group and `n`, and a group whose power has fallen below the smallest normal float leaves
//! the walk for good); 1,000 trials up to `n = 1,000` take a few milliseconds, and past about
//! `n = 700` only the top `1 - exp(-708 / n)` of the trials are walked, so 100,000 trials up to
//! `n = 100,000` walk 4% of what every group at every `n` would.

use crate::base::error::{Error, Result};

/// Lower quantile of every 90% band in this module.
pub const BAND_LOW: f64 = 0.05;
/// Upper quantile of every 90% band in this module.
pub const BAND_HIGH: f64 = 0.95;

/// One finished trial of a sweep.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Trial {
    /// The score used to *select* among trials, measured on validation rows; higher is better.
    pub validation: f64,
    /// What the trial is worth if selected, measured on test rows (e.g. its net value in money).
    pub test: f64,
}

/// The expected selected test value at one sweep size.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CurvePoint {
    /// Number of trials in the sweep.
    pub n: usize,
    /// Expected test value of the validation-best of `n` trials.
    pub mean: f64,
    /// 5% quantile of that test value over sweeps of `n` trials.
    pub low: f64,
    /// 95% quantile of that test value over sweeps of `n` trials.
    pub high: f64,
    /// The unbiased estimate of that expected value, over the sweeps of `n` of the trials run
    /// drawn without replacement ([`without_replacement`]; what the extrapolation is fitted to):
    /// at the trials run, the test value of the sweep's own validation-best. Absent past them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unbiased: Option<f64>,
}

/// The expected-maximum curve for `n = 1..=max_n`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ExpectedMaxCurve {
    /// Number of observed trials the curve was computed from.
    pub observed: usize,
    /// One point per `n`, in increasing `n` starting at 1.
    pub points: Vec<CurvePoint>,
}

impl ExpectedMaxCurve {
    /// The expected values alone, `means()[k]` being the value at `n = k + 1` (the input of
    /// [`break_even`](super::marginal::break_even)).
    pub fn means(&self) -> Vec<f64> {
        self.points.iter().map(|point| point.mean).collect()
    }
}

/// The curve of expected selected test value for `n = 1..=max_n` (see the module documentation
/// for the method and the band). `max_n` may exceed the number of trials; the curve then
/// flattens towards the observed best. An error if `trials` is empty or holds a non-finite value.
pub fn expected_max_curve(trials: &[Trial], max_n: usize) -> Result<ExpectedMaxCurve> {
    let ranked = Ranked::new(trials)?;
    let mut by_test: Vec<usize> = (0..ranked.len()).collect();
    by_test.sort_by(|&a, &b| ranked.test[a].total_cmp(&ranked.test[b]));
    // Each rank's tie-averaged test value, as `without_replacement` reads them.
    let values: Vec<f64> = (0..ranked.len())
        .map(|rank| ranked.group_mean[ranked.group_of[rank]])
        .collect();
    let mut points = Vec::with_capacity(max_n);
    walk_curve::<true>(&ranked, max_n, |n, mean, share, live| {
        // The band walks only ranks that can still be the best, as the mean does: dropped
        // once they are half the list, so each rank is dropped once and a walk reads at most
        // twice the live ranks.
        let first_live = ranked.group_start(live);
        if 2 * (ranked.len() - first_live) < by_test.len() {
            by_test.retain(|&rank| rank >= first_live);
        }
        let (low, high) = band(&by_test, |rank| share[ranked.group_of[rank]], &ranked.test);
        let unbiased = (n <= values.len()).then(|| unbiased_at(&values, n));
        points.push(CurvePoint {
            n,
            mean,
            low,
            high,
            unbiased,
        });
    });
    Ok(ExpectedMaxCurve {
        observed: ranked.len(),
        points,
    })
}

/// The means of [`expected_max_curve`] alone, without the band (the larger part of its cost):
/// `means[k]` is the value at `n = k + 1`. An error if `trials` is empty or holds a non-finite
/// value.
pub fn expected_max_means(trials: &[Trial], max_n: usize) -> Result<Vec<f64>> {
    let ranked = Ranked::new(trials)?;
    let mut means = Vec::with_capacity(max_n);
    walk_curve::<false>(&ranked, max_n, |_, mean, _, _| means.push(mean));
    Ok(means)
}

/// Calls `point(n, mean, share, live)` for `n = 1..=max_n`, with the curve's mean at `n` and,
/// when `SHARES`, each tie group's probability per trial of being the best of `n` (module
/// documentation; without, the division that computes them is skipped, a third of the time at
/// 5,000 trials): the powers are updated by one multiplication per live group and `n`. Groups
/// before `live` have a power flushed to 0, so they are never the best of `n` or more trials and
/// their shares stay 0.
fn walk_curve<const SHARES: bool>(
    ranked: &Ranked,
    max_n: usize,
    mut point: impl FnMut(usize, f64, &[f64], usize),
) {
    let total = ranked.len() as f64;
    let groups = ranked.group_end.len();
    let ratios: Vec<f64> = ranked
        .group_end
        .iter()
        .map(|&end| end as f64 / total)
        .collect();
    let sizes: Vec<f64> = (0..groups)
        .map(|g| (ranked.group_end[g] - ranked.group_start(g)) as f64)
        .collect();
    let mut power = vec![1.0; groups];
    let mut share = vec![0.0; groups];
    // Ratios rise with the group, so powers flush to 0 from the lowest group up and stay there:
    // a long sweep's lower groups drop out of the walk (to n = N, about 22% of the group visits
    // at 10,000 trials and 4% at 100,000), and the curve is the same to the bit, since they only
    // ever added 0.
    let mut live = 0;
    for n in 1..=max_n {
        let mut below = 0.0;
        let mut mean = 0.0;
        for g in live..groups {
            power[g] *= ratios[g];
            // A power below the smallest normal float is flushed to 0: arithmetic on subnormal
            // floats is about a hundred times slower, and they are far below the last digit of
            // any mean (the top group's power is 1).
            if power[g] < f64::MIN_POSITIVE {
                power[g] = 0.0;
            }
            let p = (power[g] - below).max(0.0);
            below = power[g];
            mean += p * ranked.group_mean[g];
            if SHARES {
                share[g] = p / sizes[g];
            }
        }
        // The top group's ratio is 1, so its power never flushes and this stops.
        while live + 1 < groups && power[live] == 0.0 {
            live += 1;
        }
        point(n, mean, &share, live);
    }
}

/// The [`BAND_LOW`] and [`BAND_HIGH`] quantiles of a discrete distribution over `values`, walked
/// in ascending order `order`, with probability `probability(index)`.
fn band(order: &[usize], probability: impl Fn(usize) -> f64, values: &[f64]) -> (f64, f64) {
    // Rounding can leave the cumulative sum a hair under a quantile it reaches exactly.
    const SLACK: f64 = 1e-12;
    let mut cumulative = 0.0;
    let mut low = None;
    let mut last = f64::NAN;
    for &index in order {
        let p = probability(index);
        if p <= 0.0 {
            continue;
        }
        cumulative += p;
        last = values[index];
        if low.is_none() && cumulative >= BAND_LOW - SLACK {
            low = Some(values[index]);
        }
        if cumulative >= BAND_HIGH - SLACK {
            return (low.unwrap_or(last), last);
        }
    }
    (low.unwrap_or(last), last)
}

/// An error unless every trial is finite and there is at least one.
pub(crate) fn check(trials: &[Trial]) -> Result<()> {
    if trials.is_empty() {
        return Err(Error::input(
            "diminishing-returns analysis needs at least one trial",
        ));
    }
    check_finite(trials)
}

/// An error unless every trial is finite.
pub(crate) fn check_finite(trials: &[Trial]) -> Result<()> {
    if let Some(position) = trials
        .iter()
        .position(|t| !t.validation.is_finite() || !t.test.is_finite())
    {
        return Err(Error::input(format!(
            "trial {} has a non-finite validation score or test value",
            position + 1
        )));
    }
    Ok(())
}

/// The mean of [`expected_max_curve`] at `n` alone, without the rest of the curve or its band:
/// sorting the trials, then one pass over them, where the curve up to `n` takes `n` passes (a
/// band over 200 resamples of 1,000 trials took 1.1 s that way). An error if `trials` is empty or
/// holds a non-finite value.
pub fn expected_max_at(trials: &[Trial], n: usize) -> Result<f64> {
    Ok(Ranked::new(trials)?.expected_max_at(n))
}

/// Expected test value of the validation-best of `n` trials drawn *without replacement* from
/// `trials`: the unbiased estimate of what a sweep of `n` would give (the best of a draw has
/// rank at most `r` with probability `C(r, n) / C(N, n)`; ties share, as a random tie-break
/// would). At `n = N` it is the test value of the validation-best trial. An error for `n` of 0
/// or above the number of trials, or a non-finite value.
pub fn without_replacement(trials: &[Trial], n: usize) -> Result<f64> {
    let values = tie_averaged(trials)?;
    let total = values.len();
    if n == 0 || n > total {
        return Err(Error::input(format!(
            "the expected best of {n} trials drawn without replacement needs 1 to {total} trials"
        )));
    }
    Ok(unbiased_at(&values, n))
}

/// [`without_replacement`] at every sweep size from 1 to the number of trials.
pub fn without_replacement_curve(trials: &[Trial]) -> Result<Vec<f64>> {
    let values = tie_averaged(trials)?;
    Ok((1..=values.len())
        .map(|n| unbiased_at(&values, n))
        .collect())
}

/// [`without_replacement`] for tie-averaged test values in ascending validation order and `n`
/// from 1 to their number.
fn unbiased_at(values: &[f64], n: usize) -> f64 {
    // P(best rank <= r) for r = total down to n - 1, by C(r-1, n)/C(r, n) = (r - n)/r.
    let mut at_most = 1.0;
    let mut expected = 0.0;
    for r in (n..=values.len()).rev() {
        let below = at_most * (r - n) as f64 / r as f64;
        expected += (at_most - below) * values[r - 1];
        at_most = below;
    }
    expected
}

/// Checked trials (see [`check`]) in ascending order of validation score, equal scores in run
/// order, so results do not depend on the sort.
fn by_validation(trials: &[Trial]) -> Result<Vec<Trial>> {
    check(trials)?;
    // Integer keys in the order of `f64::total_cmp`, sorted stably so the run order breaks ties.
    // Bootstrap resamples rank trials hundreds of times per analysis, and from a few dozen
    // trials on a radix sort by key beats a comparison sort (of a thousand, the analysis of 1,000
    // trials spent a third of its time sorting until 2026-12-06).
    let mut sorted = trials.to_vec();
    if sorted.len() >= RADIX_FROM {
        radsort::sort_by_key(&mut sorted, |t| total_order_key(t.validation));
    } else {
        sorted.sort_by_key(|t| total_order_key(t.validation));
    }
    Ok(sorted)
}

/// Calls `group(start, end, mean test value)` for each run of equal validation scores in
/// `sorted`, in order.
fn for_each_tie(sorted: &[Trial], mut group: impl FnMut(usize, usize, f64)) {
    let mut start = 0;
    while start < sorted.len() {
        let mut end = start + 1;
        while end < sorted.len() && sorted[end].validation == sorted[start].validation {
            end += 1;
        }
        let sum: f64 = sorted[start..end].iter().map(|t| t.test).sum();
        group(start, end, sum / (end - start) as f64);
        start = end;
    }
}

/// Test values by ascending validation rank with every tie group's values replaced by the group
/// mean: the expected value of a random tie-break, which lets resamples treat each rank on its
/// own (what each bootstrap refit reads, without the rest of a [`Ranked`]). An error if `trials` is empty or holds a non-finite value.
pub(crate) fn tie_averaged(trials: &[Trial]) -> Result<Vec<f64>> {
    let sorted = by_validation(trials)?;
    let mut values = Vec::with_capacity(sorted.len());
    for_each_tie(&sorted, |start, end, mean| {
        values.extend(std::iter::repeat_n(mean, end - start))
    });
    Ok(values)
}

/// The fewest trials [`by_validation`] radix-sorts; a comparison sort is quicker below.
const RADIX_FROM: usize = 64;

/// An integer that orders as [`f64::total_cmp`] orders `value`.
fn total_order_key(value: f64) -> i64 {
    let bits = value.to_bits() as i64;
    // Negative floats order backwards by their bits: flip all but the sign bit.
    bits ^ (((bits >> 63) as u64) >> 1) as i64
}

/// Trials in ascending order of validation score, grouped into ties.
#[derive(Debug, Clone)]
pub(crate) struct Ranked {
    /// Test values by ascending validation rank.
    pub(crate) test: Vec<f64>,
    /// Exclusive end rank of each tie group, ascending.
    pub(crate) group_end: Vec<usize>,
    /// Mean test value of each tie group.
    pub(crate) group_mean: Vec<f64>,
    /// The tie group of each rank.
    pub(crate) group_of: Vec<usize>,
}

impl Ranked {
    /// Ranks checked trials; see [`check`].
    pub(crate) fn new(trials: &[Trial]) -> Result<Self> {
        let sorted = by_validation(trials)?;
        let mut group_end = Vec::new();
        let mut group_mean = Vec::new();
        let mut group_of = Vec::with_capacity(sorted.len());
        for_each_tie(&sorted, |start, end, mean| {
            group_of.extend(std::iter::repeat_n(group_end.len(), end - start));
            group_mean.push(mean);
            group_end.push(end);
        });
        Ok(Ranked {
            test: sorted.iter().map(|t| t.test).collect(),
            group_end,
            group_mean,
            group_of,
        })
    }

    /// [`expected_max_at`] of the ranked trials.
    pub(crate) fn expected_max_at(&self, n: usize) -> f64 {
        let total = self.len() as f64;
        let exponent = i32::try_from(n).unwrap_or(i32::MAX);
        let mut below = 0.0;
        let mut mean = 0.0;
        for (&end, &group_mean) in self.group_end.iter().zip(&self.group_mean) {
            let power = (end as f64 / total).powi(exponent);
            mean += (power - below).max(0.0) * group_mean;
            below = power;
        }
        mean
    }

    /// Number of trials.
    pub(crate) fn len(&self) -> usize {
        self.test.len()
    }

    /// First rank of tie group `g`.
    pub(crate) fn group_start(&self, g: usize) -> usize {
        if g == 0 {
            0
        } else {
            self.group_end[g - 1]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    fn random_trials(count: usize, seed: u64) -> Vec<Trial> {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        (0..count)
            .map(|_| {
                let skill: f64 = rng.gen();
                // Coarse validation scores force ties; test is skill plus noise, so the
                // validation-best is not always the test-best (the interesting case).
                Trial {
                    validation: (skill * 20.0).round() / 20.0,
                    test: 100.0 * skill + 30.0 * rng.gen::<f64>(),
                }
            })
            .collect()
    }

    /// Brute force: draw `n` trials with replacement, break validation ties at random, return
    /// the test value of the validation-best.
    fn simulate(trials: &[Trial], n: usize, rng: &mut Xoshiro256PlusPlus) -> f64 {
        let mut best: Option<(f64, f64, f64)> = None;
        for _ in 0..n {
            let trial = trials[rng.gen_range(0..trials.len())];
            let tie_break: f64 = rng.gen();
            let key = (trial.validation, tie_break, trial.test);
            if best.is_none_or(|b| (key.0, key.1) > (b.0, b.1)) {
                best = Some(key);
            }
        }
        best.map_or(f64::NAN, |b| b.2)
    }

    #[test]
    fn one_point_is_the_curve_at_that_point() {
        let trials = random_trials(40, 3);
        let curve = expected_max_curve(&trials, 60).unwrap();
        for n in [1, 2, 7, 40, 60] {
            let at = expected_max_at(&trials, n).unwrap();
            let mean = curve.points[n - 1].mean;
            assert!(
                (at - mean).abs() <= 1e-12 * mean.abs().max(1.0),
                "n = {n}: {at} vs {mean}"
            );
        }
        assert!(expected_max_at(&[], 1).is_err());
    }

    #[test]
    fn long_curves_keep_their_means_where_powers_turn_subnormal() {
        // 3,000 trials to n = 3,000: (i / N)^n falls below the smallest normal float for most
        // ranks long before the end, where the walk flushes it to 0.
        let trials = random_trials(3_000, 8);
        let means = expected_max_means(&trials, 3_000).unwrap();
        let curve = expected_max_curve(&trials, 3_000).unwrap();
        for n in [1, 10, 300, 1_500, 2_999, 3_000] {
            let at = expected_max_at(&trials, n).unwrap();
            assert!(
                (at - means[n - 1]).abs() <= 1e-9 * at.abs().max(1.0),
                "n = {n}: {at} vs {}",
                means[n - 1]
            );
            assert_eq!(means[n - 1], curve.points[n - 1].mean);
        }
    }

    #[test]
    fn long_curves_keep_their_bands_once_low_ranks_drop_out() {
        // Distinct validation scores: at n = 3,000 all but the top few percent of 3,000 ranks have
        // powers flushed to 0 and leave the walk; the band must be the one read over every rank.
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
        let trials: Vec<Trial> = (0..3_000)
            .map(|_| {
                let skill: f64 = rng.gen();
                Trial {
                    validation: skill,
                    test: 100.0 * skill + 30.0 * rng.gen::<f64>(),
                }
            })
            .collect();
        let curve = expected_max_curve(&trials, 3_000).unwrap();
        let ranked = Ranked::new(&trials).unwrap();
        let mut by_test: Vec<usize> = (0..ranked.len()).collect();
        by_test.sort_by(|&a, &b| ranked.test[a].total_cmp(&ranked.test[b]));
        let total = ranked.len() as f64;
        for n in [1, 50, 700, 2_000, 3_000] {
            let power = |rank: usize| (rank as f64 / total).powi(n as i32);
            let (low, high) = band(&by_test, |rank| power(rank + 1) - power(rank), &ranked.test);
            let point = curve.points[n - 1];
            assert_eq!((point.low, point.high), (low, high), "n = {n}");
            assert!(point.low < point.high, "n = {n}");
        }
    }

    #[test]
    fn curve_matches_monte_carlo_with_ties() {
        let trials = random_trials(40, 1);
        let curve = expected_max_curve(&trials, 60).unwrap();
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(2);
        for n in [1, 2, 5, 13, 40, 60] {
            let draws = 40_000;
            let mut values: Vec<f64> = (0..draws).map(|_| simulate(&trials, n, &mut rng)).collect();
            let mean = values.iter().sum::<f64>() / draws as f64;
            let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / draws as f64).sqrt();
            let point = curve.points[n - 1];
            assert_eq!(point.n, n);
            assert!(
                (point.mean - mean).abs() < 4.0 * sd / (draws as f64).sqrt() + 1e-9,
                "n = {n}: formula {} vs simulation {mean}",
                point.mean
            );
            values.sort_by(f64::total_cmp);
            let empirical_low = values[(0.05 * draws as f64) as usize];
            let empirical_high = values[(0.95 * draws as f64) as usize];
            // Discrete quantiles: the simulated ones must be the same atoms or a neighbour.
            assert!(
                (point.low - empirical_low).abs() < 8.0,
                "n = {n}: low {} vs {empirical_low}",
                point.low
            );
            assert!(
                (point.high - empirical_high).abs() < 8.0,
                "n = {n}: high {} vs {empirical_high}",
                point.high
            );
            assert!(point.low <= point.mean && point.mean <= point.high);
        }
    }

    #[test]
    fn curve_starts_at_the_mean_and_saturates_at_the_validation_best() {
        let trials = vec![
            Trial {
                validation: 0.1,
                test: 10.0,
            },
            Trial {
                validation: 0.9,
                test: 4.0,
            },
            Trial {
                validation: 0.5,
                test: 7.0,
            },
        ];
        let curve = expected_max_curve(&trials, 400).unwrap();
        assert!((curve.points[0].mean - 7.0).abs() < 1e-12);
        // n = 2: P(best rank 3) = 1 - 4/9, rank 2: 4/9 - 1/9, rank 1: 1/9.
        let two = 5.0 / 9.0 * 4.0 + 3.0 / 9.0 * 7.0 + 1.0 / 9.0 * 10.0;
        assert!((curve.points[1].mean - two).abs() < 1e-12);
        let last = curve.points[399];
        assert!((last.mean - 4.0).abs() < 1e-9);
        assert_eq!((last.low, last.high), (4.0, 4.0));
        // Selecting on validation here *loses* test value: the curve must fall, not rise.
        assert!(curve.points[10].mean < curve.points[0].mean);
    }

    #[test]
    fn tied_validation_scores_share_their_probability() {
        let trials = vec![
            Trial {
                validation: 1.0,
                test: 0.0,
            },
            Trial {
                validation: 1.0,
                test: 10.0,
            },
        ];
        let curve = expected_max_curve(&trials, 5).unwrap();
        for point in &curve.points {
            assert!((point.mean - 5.0).abs() < 1e-12);
            assert_eq!((point.low, point.high), (0.0, 10.0));
        }
    }

    #[test]
    fn rejects_empty_and_non_finite_input() {
        assert!(expected_max_curve(&[], 3).is_err());
        let bad = [Trial {
            validation: f64::NAN,
            test: 1.0,
        }];
        assert!(expected_max_curve(&bad, 3).is_err());
    }

    #[test]
    fn the_curve_carries_the_unbiased_estimate_up_to_the_trials_run() {
        let trials = random_trials(12, 7);
        let curve = expected_max_curve(&trials, 15).unwrap();
        for point in &curve.points {
            match point.unbiased {
                Some(value) => {
                    let expected = without_replacement(&trials, point.n).unwrap();
                    assert!((value - expected).abs() < 1e-9, "{point:?}");
                }
                None => assert!(point.n > trials.len(), "{point:?}"),
            }
        }
        assert_eq!(
            curve.points.iter().filter(|p| p.unbiased.is_some()).count(),
            12
        );
        // Without distinct validation scores the selected trial is a tie's mean; with them it is
        // the validation-best's own test value, where the with-replacement mean falls short.
        let distinct: Vec<Trial> = (0..8)
            .map(|i| Trial {
                validation: f64::from(i),
                test: f64::from(i * i % 5),
            })
            .collect();
        let last = *expected_max_curve(&distinct, 8)
            .unwrap()
            .points
            .last()
            .unwrap();
        assert_eq!(last.unbiased, Some(f64::from(7 * 7 % 5)));
        assert!(last.mean != f64::from(7 * 7 % 5), "{last:?}");
    }
}
