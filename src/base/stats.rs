//! Small statistics shared by every layer: one quantile, one mean, one normal quantile.

/// The standard normal quantile at 95%: a two-sided 90% interval is mean ± `Z90` × sd.
pub const Z90: f64 = 1.644_853_626_951_472_2;

/// Quantile `q` of sorted non-empty `sorted`, interpolating linearly between order statistics
/// (the common "type 7" definition, numpy's default).
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    let position = q * (sorted.len() - 1) as f64;
    let below = position.floor() as usize;
    let above = (below + 1).min(sorted.len() - 1);
    let weight = position - below as f64;
    sorted[below] + weight * (sorted[above] - sorted[below])
}

/// The mean of `values`, `None` for none, so "nothing to average" is not mistaken for 0.
pub fn mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        None
    } else {
        Some(values.iter().sum::<f64>() / values.len() as f64)
    }
}

/// Standard normal CDF through erf (Abramowitz and Stegun 7.1.26, absolute error < 1.5e-7,
/// ample for a share printed as a whole percent).
pub fn normal_cdf(x: f64) -> f64 {
    let t_in = x.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * t_in);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-t_in * t_in).exp();
    if x >= 0.0 {
        0.5 * (1.0 + erf)
    } else {
        0.5 * (1.0 - erf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_interpolates_like_numpy() {
        let sorted = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&sorted, 0.0), 1.0);
        assert_eq!(quantile(&sorted, 1.0), 4.0);
        // numpy.quantile([1, 2, 3, 4], 0.9) = 3.7
        assert!((quantile(&sorted, 0.9) - 3.7).abs() < 1e-12);
        assert_eq!(quantile(&[5.0], 0.5), 5.0);
    }

    #[test]
    fn mean_of_nothing_is_none() {
        assert_eq!(mean(&[]), None);
        assert_eq!(mean(&[1.0, 2.0]), Some(1.5));
    }

    #[test]
    fn normal_cdf_matches_known_points() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-7);
        assert!((normal_cdf(Z90) - 0.95).abs() < 1e-6);
        assert!((normal_cdf(-1.959_964) - 0.025).abs() < 1e-6);
    }
}
