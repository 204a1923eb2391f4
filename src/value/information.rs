//! The value of information for the ship/keep decision: how much knowing the uncertain
//! quantities exactly would be worth before deciding whether to ship the best candidate or keep
//! the baseline.
//!
//! Both come from the same draws as the interval: draw `d` of the paired bootstrap is one test
//! resample with one draw of every business number given as a distribution, and `gain_d` the
//! candidate's net value minus the baseline's in it.
//!
//! - **EVPI** (expected value of perfect information): `E_d[max(gain_d, 0)] - max(E_d[gain_d], 0)`:
//!   what deciding after learning everything would earn over deciding now. It is 0 when one
//!   option wins in every draw.
//! - **EVPPI** of one number θ (partial: knowing θ alone):
//!   `E_θ[max(E[gain | θ], 0)] - max(E[gain], 0)`, by the usual binning estimator: the draws
//!   sorted by θ and cut into `√draws` bins of equal count (ties never split), `E[gain | θ]`
//!   the mean gain within a bin. The within-bin means carry some noise, which biases the
//!   estimate up; it is clamped to `[0, EVPI]`, where the exact value lies.

/// `E[max(gain, 0)] - max(E[gain], 0)` over `gains` (NaN draws left out); 0 for none.
pub fn evpi(gains: &[f64]) -> f64 {
    let kept: Vec<f64> = gains.iter().copied().filter(|g| !g.is_nan()).collect();
    if kept.is_empty() {
        return 0.0;
    }
    let n = kept.len() as f64;
    let mean = kept.iter().sum::<f64>() / n;
    let decided_after = kept.iter().map(|g| g.max(0.0)).sum::<f64>() / n;
    let value = decided_after - mean.max(0.0);
    let scale = kept.iter().map(|g| g.abs()).sum::<f64>() / n;
    if value <= ROUNDING * scale {
        0.0
    } else {
        value
    }
}

/// Bins of the EVPPI estimator for `draws` draws: `√draws`, at least 1.
pub fn bins_for(draws: usize) -> usize {
    ((draws as f64).sqrt().round() as usize).max(1)
}

/// EVPPI of the quantity whose draw `d` is `theta[d]`, with `gains[d]` the gain in that draw,
/// over `bins` bins of equal count (pairs with a NaN left out); clamped to `[0, evpi(gains)]`.
pub fn evppi(gains: &[f64], theta: &[f64], bins: usize) -> f64 {
    let mut pairs: Vec<(f64, f64)> = theta
        .iter()
        .zip(gains)
        .map(|(&t, &g)| (t, g))
        .filter(|(t, g)| !t.is_nan() && !g.is_nan())
        .collect();
    if pairs.is_empty() {
        return 0.0;
    }
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let n = pairs.len();
    let target = n.div_ceil(bins.max(1));
    let mean = pairs.iter().map(|(_, g)| g).sum::<f64>() / n as f64;
    let mut decided_after = 0.0;
    let (mut sum, mut count) = (0.0, 0usize);
    for (i, &(t, g)) in pairs.iter().enumerate() {
        sum += g;
        count += 1;
        let last = i + 1 == n;
        // A bin closes once full, but never between two equal values of θ: a quantity that
        // does not vary (or varies in steps) cannot tell draws apart within a step.
        if last || (count >= target && pairs[i + 1].0 != t) {
            decided_after += (sum / count as f64).max(0.0) * count as f64;
            (sum, count) = (0.0, 0);
        }
    }
    let value = decided_after / n as f64 - mean.max(0.0);
    let scale = pairs.iter().map(|(_, g)| g.abs()).sum::<f64>() / n as f64;
    if value <= ROUNDING * scale {
        return 0.0;
    }
    value.min(evpi(gains))
}

/// Differences of sums below this share of the mean absolute gain are rounding, not value: a
/// number that never changes the decision must come out as exactly 0.
const ROUNDING: f64 = 1e-9;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::random::{rng_for, Stream};
    use crate::base::special::normal_pdf;
    use crate::base::stats::normal_cdf;
    use rand_distr::Distribution as _;

    /// `E[max(X, 0)] - max(μ, 0)` for X ~ Normal(μ, σ): `μ Φ(μ/σ) + σ φ(μ/σ) - max(μ, 0)`.
    fn normal_evpi(mu: f64, sigma: f64) -> f64 {
        mu * normal_cdf(mu / sigma) + sigma * normal_pdf(mu / sigma) - mu.max(0.0)
    }

    fn normal_draws(n: usize, mu: f64, sigma: f64, index: u64) -> Vec<f64> {
        let mut rng = rng_for(7, Stream::ValueDraws, index);
        let normal = rand_distr::Normal::new(mu, sigma).unwrap();
        (0..n).map(|_| normal.sample(&mut rng)).collect()
    }

    #[test]
    fn evpi_is_zero_when_one_option_wins_every_draw() {
        assert_eq!(evpi(&[1.0, 5.0, 0.5, 12.0]), 0.0);
        assert_eq!(evpi(&[-1.0, -5.0, -0.5]), 0.0);
        assert_eq!(evpi(&[]), 0.0);
        let theta = [3.0, 1.0, 2.0, 4.0];
        assert_eq!(evppi(&[1.0, 5.0, 0.5, 12.0], &theta, 2), 0.0);
    }

    #[test]
    fn evpi_by_hand_on_four_draws() {
        // Gains -3, 1, 2, 4: mean 1, so ship now earns 1; knowing the draw earns
        // (0 + 1 + 2 + 4) / 4 = 1.75. EVPI 0.75.
        assert!((evpi(&[-3.0, 1.0, 2.0, 4.0]) - 0.75).abs() < 1e-12);
        // θ sorts the draws as -3, 1 | 2, 4: bin means -1 and 3, so knowing θ earns
        // (0 + 3) / 2 = 1.5 and is worth 0.5; a θ that pairs -3 with 4 tells nothing.
        let gains = [-3.0, 1.0, 2.0, 4.0];
        assert!((evppi(&gains, &[0.0, 1.0, 2.0, 3.0], 2) - 0.5).abs() < 1e-12);
        assert_eq!(evppi(&gains, &[0.0, 2.0, 3.0, 1.0], 2), 0.0);
        // A θ that never varies tells nothing, whatever the bins.
        assert_eq!(evppi(&gains, &[5.0; 4], 2), 0.0);
    }

    #[test]
    fn evpi_matches_the_normal_closed_form() {
        for (mu, sigma) in [(1.0, 2.0), (-0.5, 1.0), (0.0, 3.0)] {
            let gains = normal_draws(200_000, mu, sigma, 1);
            let expected = normal_evpi(mu, sigma);
            let found = evpi(&gains);
            assert!(
                (found - expected).abs() < 0.02 * sigma,
                "mu {mu} sigma {sigma}: {found} against {expected}"
            );
        }
    }

    #[test]
    fn evppi_of_the_driving_quantity_matches_its_closed_form() {
        // gain = θ + noise, θ ~ N(0.5, 1), noise ~ N(0, 1): E[gain | θ] = θ, so
        // EVPPI(θ) = E[max(θ, 0)] - max(0.5, 0), the closed form with σ = 1; the noise alone is
        // worth nothing known (EVPPI near 0) while EVPI is the closed form with σ = √2.
        let n = 40_000;
        let theta = normal_draws(n, 0.5, 1.0, 2);
        let noise = normal_draws(n, 0.0, 1.0, 3);
        let unrelated = normal_draws(n, 0.0, 1.0, 4);
        let gains: Vec<f64> = theta.iter().zip(&noise).map(|(t, e)| t + e).collect();
        let bins = bins_for(n);
        let driving = evppi(&gains, &theta, bins);
        assert!(
            (driving - normal_evpi(0.5, 1.0)).abs() < 0.03,
            "{driving} against {}",
            normal_evpi(0.5, 1.0)
        );
        assert!((evpi(&gains) - normal_evpi(0.5, 2f64.sqrt())).abs() < 0.03);
        assert!(evppi(&gains, &unrelated, bins) < 0.03);
    }
}
