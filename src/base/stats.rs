//! Small statistics shared by every layer: one quantile, one mean, one correlation and its
//! interval, one normal quantile.

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

/// The standard deviation of `values` as a spread of the values themselves (dividing by their
/// count, not count - 1); `None` for none.
pub fn deviation(values: &[f64]) -> Option<f64> {
    let centre = mean(values)?;
    let variance = values.iter().map(|v| (v - centre).powi(2)).sum::<f64>() / values.len() as f64;
    Some(variance.sqrt())
}

/// The standard deviation of `values` as an estimate of their population's (dividing by count -
/// 1); `None` for fewer than two.
pub fn sample_deviation(values: &[f64]) -> Option<f64> {
    let centre = mean(values).filter(|_| values.len() >= 2)?;
    let variance =
        values.iter().map(|v| (v - centre).powi(2)).sum::<f64>() / (values.len() - 1) as f64;
    Some(variance.sqrt())
}

/// Pearson's correlation of the pairs `(x, y)`; `None` for fewer than two pairs or when either
/// side does not vary (or is not finite), where no correlation is defined.
pub fn correlation(pairs: impl Iterator<Item = (f64, f64)> + Clone) -> Option<f64> {
    let count = pairs.clone().count() as f64;
    if count < 2.0 {
        return None;
    }
    let (mean_x, mean_y) = pairs.clone().fold((0.0, 0.0), |(sx, sy), (x, y)| {
        (sx + x / count, sy + y / count)
    });
    let (mut xx, mut yy, mut xy) = (0.0, 0.0, 0.0);
    for (x, y) in pairs {
        let (dx, dy) = (x - mean_x, y - mean_y);
        xx += dx * dx;
        yy += dy * dy;
        xy += dx * dy;
    }
    let r = xy / (xx * yy).sqrt();
    (xx > 0.0 && yy > 0.0 && r.is_finite()).then_some(r.clamp(-1.0, 1.0))
}

/// The 90% interval of a correlation `r` measured on `count` pairs, by Fisher's transformation:
/// `atanh(r)` is about normal with standard error `1 / sqrt(count - 3)`. `None` for fewer than
/// four pairs or an `r` outside -1 to 1.
pub fn correlation_interval(r: f64, count: usize) -> Option<(f64, f64)> {
    if count < 4 || !(-1.0..=1.0).contains(&r) {
        return None;
    }
    // atanh(±1) is infinite; tanh brings it back to ±1, an interval without width.
    let centre = r.atanh();
    let reach = Z90 / ((count - 3) as f64).sqrt();
    Some(((centre - reach).tanh(), (centre + reach).tanh()))
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
    fn deviation_divides_by_the_count() {
        // numpy.std([2, 4, 4, 4, 5, 5, 7, 9]) = 2.0
        assert_eq!(
            deviation(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]),
            Some(2.0)
        );
        assert_eq!(deviation(&[]), None);
    }

    #[test]
    fn correlation_matches_numpy_and_is_none_where_undefined() {
        // numpy.corrcoef([1, 2, 3, 4], [2, 1, 4, 3])[0, 1] = 0.6
        let pairs = [(1.0, 2.0), (2.0, 1.0), (3.0, 4.0), (4.0, 3.0)];
        let r = correlation(pairs.iter().copied()).unwrap();
        assert!((r - 0.6).abs() < 1e-12, "{r}");
        let reversed = pairs.iter().map(|&(x, y)| (x, -y));
        assert!((correlation(reversed).unwrap() + 0.6).abs() < 1e-12);
        assert_eq!(correlation([(1.0, 2.0)].into_iter()), None);
        assert_eq!(correlation([(1.0, 2.0), (1.0, 3.0)].into_iter()), None);
    }

    #[test]
    fn correlation_interval_is_fishers() {
        // r = 0.5 on 28 pairs: atanh(0.5) = 0.5493, standard error 1/5, so the interval is
        // tanh(0.5493 ± 0.3290) = 0.2168 to 0.7056.
        let (low, high) = correlation_interval(0.5, 28).unwrap();
        assert!(
            (low - 0.2168).abs() < 1e-4 && (high - 0.7056).abs() < 1e-4,
            "{low} {high}"
        );
        assert_eq!(correlation_interval(1.0, 10), Some((1.0, 1.0)));
        assert_eq!(correlation_interval(0.5, 3), None);
        assert_eq!(correlation_interval(1.5, 30), None);
    }

    #[test]
    fn normal_cdf_matches_known_points() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-7);
        assert!((normal_cdf(Z90) - 0.95).abs() < 1e-6);
        assert!((normal_cdf(-1.959_964) - 0.025).abs() < 1e-6);
    }
}
