//! Business numbers given as distributions: `{ dist = "triangular", low, mode, high }`,
//! `normal` (`mean`, `sd`, optionally truncated to `low`/`high`), `lognormal` (`mu`, `sigma` of
//! the logarithm), `beta` (`alpha`, `beta`, on `[low, high]`, default `[0, 1]`: for rates) and
//! `uniform` (`low`, `high`: a range that is drawn).
//!
//! A distribution has a **central value**, its mean, at which decisions are tuned and point
//! estimates are given; **low and high ends** for the scenarios and the tornado (the given ends
//! of a uniform or triangular, the 5th and 95th percentiles of a normal, lognormal or beta);
//! and **draws**, one per bootstrap resample, from `rand_distr`.

use std::fmt;

use rand::Rng;
use rand_distr::Distribution as _;

use crate::base::special::{
    beta_quantile, normal_mass, truncated_normal_mean, truncated_normal_quantile,
};
use crate::base::stats::Z90;

/// The distributions a `[value]` number may be given as.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Distribution {
    /// Every value in `[low, high]` alike.
    Uniform {
        /// Low end.
        low: f64,
        /// High end.
        high: f64,
    },
    /// Triangular on `[low, high]`, most likely at `mode`.
    Triangular {
        /// Low end.
        low: f64,
        /// Most likely value.
        mode: f64,
        /// High end.
        high: f64,
    },
    /// Normal, truncated to `[low, high]` when given (an absent end is infinite).
    Normal {
        /// Mean before truncation.
        mean: f64,
        /// Standard deviation before truncation, above 0.
        sd: f64,
        /// Lowest value, if truncated.
        low: Option<f64>,
        /// Highest value, if truncated.
        high: Option<f64>,
    },
    /// Lognormal: `ln X` is normal with mean `mu` and standard deviation `sigma`; with
    /// `sign = -1` the number is `-X`, a loss (payoffs are negative for a loss).
    LogNormal {
        /// Mean of the logarithm.
        mu: f64,
        /// Standard deviation of the logarithm, above 0.
        sigma: f64,
        /// 1, or -1 for a negative number.
        sign: f64,
    },
    /// Beta(alpha, beta) stretched onto `[low, high]` (default `[0, 1]`).
    Beta {
        /// First shape, above 0.
        alpha: f64,
        /// Second shape, above 0.
        beta: f64,
        /// Low end.
        low: f64,
        /// High end.
        high: f64,
    },
}

/// The names of the distributions, as `dist` spells them.
pub const NAMES: [&str; 5] = ["uniform", "triangular", "normal", "lognormal", "beta"];

/// Smallest share of a normal its truncation may keep: below it the bounds, not the normal,
/// are the estimate, and drawing by rejection would be slow.
const MIN_TRUNCATED_MASS: f64 = 0.001;

/// Tries before a truncated normal draw falls back to the central value (with at least
/// [`MIN_TRUNCATED_MASS`] kept, 10,000 misses in a row happen with probability below 1e-4).
const MAX_TRIES: usize = 10_000;

impl Distribution {
    /// Builds a distribution from `dist = NAME` and its numeric parameters, checking each. The
    /// error is one sentence naming the parameter, for the config loader to prefix with the key
    /// and line.
    pub fn from_parts(
        name: &str,
        params: &[(String, f64)],
    ) -> std::result::Result<Distribution, String> {
        let allowed: &[&str] = match name {
            "uniform" => &["low", "high"],
            "triangular" => &["low", "mode", "high"],
            "normal" => &["mean", "sd", "low", "high"],
            "lognormal" => &["mu", "sigma", "sign"],
            "beta" => &["alpha", "beta", "low", "high"],
            _ => {
                let known: Vec<String> = NAMES.iter().map(|n| n.to_string()).collect();
                let hint = crate::base::suggest::nearest(name, &known)
                    .map(|near| format!("did you mean `{near}`? "))
                    .unwrap_or_default();
                return Err(format!(
                    "unknown dist `{name}`; {hint}(known: {})",
                    NAMES.join(", ")
                ));
            }
        };
        for (key, _) in params {
            if !allowed.contains(&key.as_str()) {
                return Err(format!(
                    "a {name} distribution has no parameter `{key}` (parameters: {})",
                    allowed.join(", ")
                ));
            }
        }
        let get = |key: &str| params.iter().find(|(k, _)| k == key).map(|(_, v)| *v);
        let need = |key: &str| {
            get(key).ok_or_else(|| {
                format!(
                    "a {name} distribution needs `{key}` (parameters: {})",
                    allowed.join(", ")
                )
            })
        };
        let positive = |key: &str| -> std::result::Result<f64, String> {
            let value = need(key)?;
            if value > 0.0 {
                Ok(value)
            } else {
                Err(format!("{name} parameter {key} = {value} must be above 0"))
            }
        };
        let ordered = |low: f64, high: f64| {
            if low <= high {
                Ok(())
            } else {
                Err(format!(
                    "{name} distribution has low = {low} above high = {high}"
                ))
            }
        };
        let distribution = match name {
            "uniform" => {
                let (low, high) = (need("low")?, need("high")?);
                ordered(low, high)?;
                Distribution::Uniform { low, high }
            }
            "triangular" => {
                let (low, mode, high) = (need("low")?, need("mode")?, need("high")?);
                ordered(low, high)?;
                if !(low..=high).contains(&mode) {
                    return Err(format!(
                        "triangular mode = {mode} is outside its range [{low}, {high}]"
                    ));
                }
                Distribution::Triangular { low, mode, high }
            }
            "normal" => {
                let (mean, sd) = (need("mean")?, positive("sd")?);
                let (low, high) = (get("low"), get("high"));
                let (a, b) = (
                    low.unwrap_or(f64::NEG_INFINITY),
                    high.unwrap_or(f64::INFINITY),
                );
                ordered(a, b)?;
                if normal_mass(mean, sd, a, b) < MIN_TRUNCATED_MASS {
                    return Err(format!(
                        "normal truncated to [{a}, {b}] keeps almost none of mean {mean}, sd {sd}; put the mean inside the bounds"
                    ));
                }
                Distribution::Normal {
                    mean,
                    sd,
                    low,
                    high,
                }
            }
            "lognormal" => {
                let (mu, sigma) = (need("mu")?, positive("sigma")?);
                let sign = get("sign").unwrap_or(1.0);
                if sign != 1.0 && sign != -1.0 {
                    return Err(format!(
                        "lognormal sign = {sign} must be 1 or -1 (-1 for a loss)"
                    ));
                }
                let distribution = Distribution::LogNormal { mu, sigma, sign };
                let reach = (mu + Z90 * sigma).exp();
                if !reach.is_finite() || reach > super::config::MAX_MAGNITUDE {
                    return Err(format!(
                        "lognormal mu = {mu}, sigma = {sigma} reaches beyond ±1e15 at its 95th percentile"
                    ));
                }
                distribution
            }
            "beta" => {
                let (alpha, beta) = (positive("alpha")?, positive("beta")?);
                let (low, high) = (get("low").unwrap_or(0.0), get("high").unwrap_or(1.0));
                ordered(low, high)?;
                Distribution::Beta {
                    alpha,
                    beta,
                    low,
                    high,
                }
            }
            _ => return Err(format!("unknown dist `{name}`")),
        };
        Ok(distribution)
    }

    /// The distribution of minus the number (a cost turned into a payoff).
    pub fn negated(&self) -> Distribution {
        match *self {
            Distribution::Uniform { low, high } => Distribution::Uniform {
                low: -high,
                high: -low,
            },
            Distribution::Triangular { low, mode, high } => Distribution::Triangular {
                low: -high,
                mode: -mode,
                high: -low,
            },
            Distribution::Normal {
                mean,
                sd,
                low,
                high,
            } => Distribution::Normal {
                mean: -mean,
                sd,
                low: high.map(|v| -v),
                high: low.map(|v| -v),
            },
            Distribution::LogNormal { mu, sigma, sign } => Distribution::LogNormal {
                mu,
                sigma,
                sign: -sign,
            },
            Distribution::Beta {
                alpha,
                beta,
                low,
                high,
            } => Distribution::Beta {
                alpha: beta,
                beta: alpha,
                low: -high,
                high: -low,
            },
        }
    }

    /// The name `dist` gives it.
    pub fn name(&self) -> &'static str {
        match self {
            Distribution::Uniform { .. } => "uniform",
            Distribution::Triangular { .. } => "triangular",
            Distribution::Normal { .. } => "normal",
            Distribution::LogNormal { .. } => "lognormal",
            Distribution::Beta { .. } => "beta",
        }
    }

    /// Its parameters as `dist` lists them, absent truncation ends left out.
    pub fn parameters(&self) -> Vec<(&'static str, f64)> {
        match *self {
            Distribution::Uniform { low, high } => vec![("low", low), ("high", high)],
            Distribution::Triangular { low, mode, high } => {
                vec![("low", low), ("mode", mode), ("high", high)]
            }
            Distribution::Normal {
                mean,
                sd,
                low,
                high,
            } => {
                let mut found = vec![("mean", mean), ("sd", sd)];
                found.extend(low.map(|v| ("low", v)));
                found.extend(high.map(|v| ("high", v)));
                found
            }
            Distribution::LogNormal { mu, sigma, sign } => {
                let mut found = vec![("mu", mu), ("sigma", sigma)];
                if sign < 0.0 {
                    found.push(("sign", sign));
                }
                found
            }
            Distribution::Beta {
                alpha,
                beta,
                low,
                high,
            } => vec![
                ("alpha", alpha),
                ("beta", beta),
                ("low", low),
                ("high", high),
            ],
        }
    }

    /// The central value: the mean. Decisions are tuned at it and point estimates use it.
    pub fn mean(&self) -> f64 {
        match *self {
            Distribution::Uniform { low, high } => 0.5 * (low + high),
            Distribution::Triangular { low, mode, high } => (low + mode + high) / 3.0,
            Distribution::Normal {
                mean,
                sd,
                low,
                high,
            } => match (low, high) {
                (None, None) => mean,
                _ => truncated_normal_mean(
                    mean,
                    sd,
                    low.unwrap_or(f64::NEG_INFINITY),
                    high.unwrap_or(f64::INFINITY),
                ),
            },
            Distribution::LogNormal { mu, sigma, sign } => sign * (mu + 0.5 * sigma * sigma).exp(),
            Distribution::Beta {
                alpha,
                beta,
                low,
                high,
            } => low + (high - low) * alpha / (alpha + beta),
        }
    }

    /// The low end the scenarios and the tornado use: the given low end of a uniform or
    /// triangular, the 5th percentile of the others.
    pub fn percentile_low(&self) -> f64 {
        self.end(0.05)
    }

    /// The high end: the given high end of a uniform or triangular, the 95th percentile of the
    /// others.
    pub fn percentile_high(&self) -> f64 {
        self.end(0.95)
    }

    fn end(&self, p: f64) -> f64 {
        let upper = p > 0.5;
        match *self {
            Distribution::Uniform { low, high } | Distribution::Triangular { low, high, .. } => {
                if upper {
                    high
                } else {
                    low
                }
            }
            Distribution::Normal {
                mean,
                sd,
                low,
                high,
            } => truncated_normal_quantile(
                p,
                mean,
                sd,
                low.unwrap_or(f64::NEG_INFINITY),
                high.unwrap_or(f64::INFINITY),
            ),
            Distribution::LogNormal { mu, sigma, sign } => {
                // For a loss the low end is minus the high percentile of the size.
                let z = if (sign > 0.0) == upper { Z90 } else { -Z90 };
                sign * (mu + z * sigma).exp()
            }
            Distribution::Beta {
                alpha,
                beta,
                low,
                high,
            } => low + (high - low) * beta_quantile(p, alpha, beta),
        }
    }

    /// The lowest value it can take (`-inf` for a normal without a low end).
    pub fn support_low(&self) -> f64 {
        match *self {
            Distribution::Uniform { low, .. }
            | Distribution::Triangular { low, .. }
            | Distribution::Beta { low, .. } => low,
            Distribution::Normal { low, .. } => low.unwrap_or(f64::NEG_INFINITY),
            Distribution::LogNormal { sign, .. } => {
                if sign > 0.0 {
                    0.0
                } else {
                    f64::NEG_INFINITY
                }
            }
        }
    }

    /// The highest value it can take (`inf` for a normal without a high end or a lognormal).
    pub fn support_high(&self) -> f64 {
        match *self {
            Distribution::Uniform { high, .. }
            | Distribution::Triangular { high, .. }
            | Distribution::Beta { high, .. } => high,
            Distribution::Normal { high, .. } => high.unwrap_or(f64::INFINITY),
            Distribution::LogNormal { sign, .. } => {
                if sign > 0.0 {
                    f64::INFINITY
                } else {
                    0.0
                }
            }
        }
    }

    /// One draw, from `rng` (a stream of [`crate::base::random::rng_for`]). Parameters were
    /// checked when parsed; should `rand_distr` still refuse them, the draw is the mean.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let drawn = match *self {
            Distribution::Uniform { low, high } => {
                if low < high {
                    rng.gen_range(low..=high)
                } else {
                    low
                }
            }
            Distribution::Triangular { low, mode, high } => if low < high {
                rand_distr::Triangular::new(low, high, mode)
                    .map(|d| d.sample(rng))
                    .ok()
            } else {
                Some(low)
            }
            .unwrap_or_else(|| self.mean()),
            Distribution::Normal {
                mean,
                sd,
                low,
                high,
            } => match rand_distr::Normal::new(mean, sd) {
                Ok(normal) => {
                    let (a, b) = (
                        low.unwrap_or(f64::NEG_INFINITY),
                        high.unwrap_or(f64::INFINITY),
                    );
                    // Truncation by rejection: the kept share is at least MIN_TRUNCATED_MASS.
                    (0..MAX_TRIES)
                        .map(|_| normal.sample(rng))
                        .find(|x| (a..=b).contains(x))
                        .unwrap_or_else(|| self.mean())
                }
                Err(_) => self.mean(),
            },
            Distribution::LogNormal { mu, sigma, sign } => rand_distr::LogNormal::new(mu, sigma)
                .map(|d| sign * d.sample(rng))
                .unwrap_or_else(|_| self.mean()),
            Distribution::Beta {
                alpha,
                beta,
                low,
                high,
            } => rand_distr::Beta::new(alpha, beta)
                .map(|d| low + (high - low) * d.sample(rng))
                .unwrap_or_else(|_| self.mean()),
        };
        drawn.clamp(-super::config::MAX_MAGNITUDE, super::config::MAX_MAGNITUDE)
    }
}

impl fmt::Display for Distribution {
    /// `triangular(low 1, mode 2, high 3)`.
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let parameters: Vec<String> = self
            .parameters()
            .iter()
            .map(|(key, value)| format!("{key} {value}"))
            .collect();
        write!(f, "{}({})", self.name(), parameters.join(", "))
    }
}

#[cfg(test)]
mod tests;
