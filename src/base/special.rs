//! Distribution functions the `[value]` distributions need and `rand_distr` does not give: the
//! standard normal density and quantile, the beta distribution's CDF and quantile, and Student's
//! t quantile (for the bootstrap's expanded percentile interval). Used for a distribution's
//! central value and its 5th and 95th percentiles and for an interval's levels, never for
//! drawing.

use super::stats::normal_cdf;

/// The standard normal density.
pub fn normal_pdf(x: f64) -> f64 {
    (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

/// The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9),
/// for `p` in (0, 1); the infinities at 0 and 1.
pub fn normal_quantile(p: f64) -> f64 {
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    const LOW: f64 = 0.02425;
    if p < LOW {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - LOW {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

/// Quantile `p` of a normal with `mean` and `sd` truncated to `[low, high]` (either end may be
/// infinite): the plain normal's quantile at `Φ(α) + p (Φ(β) - Φ(α))`, clamped to the ends.
pub fn truncated_normal_quantile(p: f64, mean: f64, sd: f64, low: f64, high: f64) -> f64 {
    let (a, b) = (
        normal_cdf((low - mean) / sd),
        normal_cdf((high - mean) / sd),
    );
    (mean + sd * normal_quantile(a + p * (b - a))).clamp(low, high)
}

/// The mean of a normal with `mean` and `sd` truncated to `[low, high]`:
/// `mean + sd (φ(α) - φ(β)) / (Φ(β) - Φ(α))`.
pub fn truncated_normal_mean(mean: f64, sd: f64, low: f64, high: f64) -> f64 {
    let (alpha, beta) = ((low - mean) / sd, (high - mean) / sd);
    let mass = normal_cdf(beta) - normal_cdf(alpha);
    if mass <= 0.0 {
        return mean.clamp(low, high);
    }
    let density = |z: f64| if z.is_finite() { normal_pdf(z) } else { 0.0 };
    (mean + sd * (density(alpha) - density(beta)) / mass).clamp(low, high)
}

/// The share of a normal with `mean` and `sd` that lies in `[low, high]`.
pub fn normal_mass(mean: f64, sd: f64, low: f64, high: f64) -> f64 {
    normal_cdf((high - mean) / sd) - normal_cdf((low - mean) / sd)
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7, nine terms: about 15 digits).
pub fn ln_gamma(x: f64) -> f64 {
    const G: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x) Γ(1 - x) = π / sin(π x).
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).abs().ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut sum = G[0];
    for (i, g) in G.iter().enumerate().skip(1) {
        sum += g / (x + i as f64);
    }
    let t = x + 7.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// The regularized incomplete beta function I_x(a, b): the CDF at `x` of a Beta(a, b), by its
/// continued fraction (modified Lentz), on the side where it converges fast.
pub fn beta_cdf(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front =
        (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln()).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_fraction(x, a, b) / a
    } else {
        1.0 - front * beta_fraction(1.0 - x, b, a) / b
    }
}

fn beta_fraction(x: f64, a: f64, b: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let mut c = 1.0;
    let mut d = 1.0 - (a + b) * x / (a + 1.0);
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..300 {
        let m = m as f64;
        for numerator in [
            m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0)),
        ] {
            d = 1.0 + numerator * d;
            if d.abs() < TINY {
                d = TINY;
            }
            c = 1.0 + numerator / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            h *= d * c;
        }
        if (d * c - 1.0).abs() < 1e-14 {
            break;
        }
    }
    h
}

/// Quantile `p` of a Beta(a, b) on [0, 1], by bisection on [`beta_cdf`] (to about 1e-12).
pub fn beta_quantile(p: f64, a: f64, b: f64) -> f64 {
    let (mut low, mut high) = (0.0_f64, 1.0_f64);
    for _ in 0..60 {
        let middle = 0.5 * (low + high);
        if beta_cdf(middle, a, b) < p {
            low = middle;
        } else {
            high = middle;
        }
    }
    0.5 * (low + high)
}

/// Quantile `p` of Student's t with `dof` degrees of freedom (`dof > 0`, `p` in (0, 1)), from
/// the beta distribution: for t > 0, P(|T| > t) = I_x(dof / 2, 1 / 2) with x = dof / (dof + t²).
pub fn student_t_quantile(p: f64, dof: f64) -> f64 {
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    if p == 0.5 {
        return 0.0;
    }
    let two_sided = 2.0 * p.min(1.0 - p);
    let x = beta_quantile(two_sided, dof / 2.0, 0.5);
    let t = (dof * (1.0 - x) / x).sqrt();
    if p > 0.5 {
        t
    } else {
        -t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_quantile_inverts_the_cdf() {
        assert!((normal_quantile(0.95) - 1.644_853_626_951_472).abs() < 1e-8);
        assert!((normal_quantile(0.5)).abs() < 1e-12);
        for p in [0.001, 0.05, 0.3, 0.7, 0.99] {
            assert!((normal_cdf(normal_quantile(p)) - p).abs() < 1e-6, "{p}");
        }
    }

    #[test]
    fn truncated_normal_by_hand() {
        // Truncated to [mean, inf): half-normal, mean + sd sqrt(2 / pi); its median is at
        // Φ⁻¹(0.75) sd above the mean.
        let m = truncated_normal_mean(10.0, 2.0, 10.0, f64::INFINITY);
        assert!((m - (10.0 + 2.0 * (2.0 / std::f64::consts::PI).sqrt())).abs() < 1e-6);
        let median = truncated_normal_quantile(0.5, 10.0, 2.0, 10.0, f64::INFINITY);
        assert!((median - (10.0 + 2.0 * 0.674_489_750_196_081_7)).abs() < 1e-5);
        // Untruncated: the plain normal.
        let q = truncated_normal_quantile(0.05, 0.0, 1.0, f64::NEG_INFINITY, f64::INFINITY);
        assert!((q + 1.644_853_626_951_472).abs() < 1e-6);
    }

    #[test]
    fn beta_functions_by_hand() {
        // Beta(1, 1) is uniform; Beta(2, 1) has CDF x²; Beta(1, 3) has CDF 1 - (1 - x)³.
        assert!((beta_cdf(0.3, 1.0, 1.0) - 0.3).abs() < 1e-12);
        assert!((beta_cdf(0.6, 2.0, 1.0) - 0.36).abs() < 1e-12);
        assert!((beta_cdf(0.2, 1.0, 3.0) - (1.0 - 0.8_f64.powi(3))).abs() < 1e-12);
        assert!((beta_quantile(0.25, 2.0, 1.0) - 0.5).abs() < 1e-9);
        assert!((ln_gamma(5.0) - 24.0_f64.ln()).abs() < 1e-12);
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-12);
    }

    #[test]
    fn student_t_quantiles_by_the_tables() {
        // The 95th percentiles of t with 1, 4, 9 and 30 degrees of freedom, as tabulated.
        for (dof, q) in [
            (1.0, 6.313_752),
            (4.0, 2.131_847),
            (9.0, 1.833_113),
            (30.0, 1.697_261),
        ] {
            assert!((student_t_quantile(0.95, dof) - q).abs() < 1e-5, "{dof}");
            assert!((student_t_quantile(0.05, dof) + q).abs() < 1e-5, "{dof}");
        }
        // Many degrees of freedom: the normal's.
        assert!((student_t_quantile(0.975, 1e6) - 1.959_964).abs() < 1e-4);
        assert_eq!(student_t_quantile(0.5, 3.0), 0.0);
    }
}
