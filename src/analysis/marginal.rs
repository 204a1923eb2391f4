//! What one more trial adds, against what it costs.
//!
//! The gain of trial `n` is `E(n) - E(n-1)`, the rise of an expected-maximum curve (empirical
//! from [`expected_max`](super::expected_max), or a fitted one from
//! [`extrapolate`](super::extrapolate) to look past the observed trials). The first trial has no
//! gain here: it is compared with the baseline by [`verdict`](super::verdict). Tuning *paid for
//! itself* up to the last `n` whose gain is at least the mean cost of a trial.

use crate::base::error::{Error, Result};
use crate::base::format::{interval, money, thousands};

/// The gain of one trial.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MarginalGain {
    /// The trial: growing the sweep from `n - 1` to `n` trials.
    pub n: usize,
    /// Expected selected test value with `n` trials.
    pub expected: f64,
    /// `E(n) - E(n-1)`.
    pub gain: f64,
}

/// Where trials stopped paying for themselves.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BreakEven {
    /// Mean cost of one trial.
    pub cost_per_trial: f64,
    /// Largest sweep size the curve covers.
    pub evaluated: usize,
    /// The last `n >= 2` whose gain is at least `cost_per_trial`; `None` if none was.
    pub paid_up_to: Option<usize>,
    /// The trial after `paid_up_to` (2 if none paid).
    pub next_trial: usize,
    /// Gain of `next_trial`; `None` when it lies beyond the curve (tuning still paid at its end).
    pub next_gain: Option<f64>,
    /// The 90% band of `next_gain` over the curve's refits, where one was drawn (a priced curve
    /// whose break-even lies within the trials run); absent otherwise, and in files written
    /// before 2026-12-06, when only the sentence quoted it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_gain_low: Option<f64>,
    /// High end of that band.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_gain_high: Option<f64>,
}

/// Gains of trials `2..=means.len()`, where `means[k]` is the expected value with `k + 1` trials.
pub fn marginal_gains(means: &[f64]) -> Vec<MarginalGain> {
    means
        .windows(2)
        .enumerate()
        .map(|(k, pair)| MarginalGain {
            n: k + 2,
            expected: pair[1],
            gain: pair[1] - pair[0],
        })
        .collect()
}

/// The break-even trial count of a curve (`means[k]` = expected value with `k + 1` trials) at a
/// mean cost per trial. An error for fewer than two points or a negative or non-finite cost.
pub fn break_even(means: &[f64], cost_per_trial: f64) -> Result<BreakEven> {
    if means.len() < 2 {
        return Err(Error::input(
            "a break-even count needs a curve of at least two trials",
        ));
    }
    if !cost_per_trial.is_finite() || cost_per_trial < 0.0 {
        return Err(Error::input(format!(
            "the cost of a trial must be a finite amount of at least 0, got {cost_per_trial}"
        )));
    }
    let gains = marginal_gains(means);
    let paid_up_to = gains
        .iter()
        .rev()
        .find(|g| g.gain >= cost_per_trial)
        .map(|g| g.n);
    let next_trial = paid_up_to.map_or(2, |n| n + 1);
    let next_gain = gains.iter().find(|g| g.n == next_trial).map(|g| g.gain);
    Ok(BreakEven {
        cost_per_trial,
        evaluated: means.len(),
        paid_up_to,
        next_trial,
        next_gain,
        next_gain_low: None,
        next_gain_high: None,
    })
}

/// A trial's gain, with the 90% `band` of it when there is one: "-15 USD (90% band -1,599 to
/// +3,959 USD)".
pub fn gain_with_band(gain: f64, band: Option<(f64, f64)>, currency: &str) -> String {
    match band {
        Some((low, high)) => format!(
            "{} (90% band {})",
            money(gain, currency),
            interval(low, high, currency)
        ),
        None => money(gain, currency),
    }
}

/// The break-even in one plain sentence, amounts in `currency`, e.g. "each trial up to trial 14
/// added more than it cost, and each after it less: trial 15 is expected to add 3 EUR and costs
/// 11 EUR". It speaks of each trial's own gain, not of the sweep against the baseline ("tuning
/// paid for itself", as it said until 2026-12-01, read as the opposite of a "does not pay" beside
/// it), and names the one trial whose gain it gives: on a concave curve every later trial adds
/// less ("each further trial is expected to add 12 USD", as it said until 2026-12-05, stood beside
/// "the next 5 trials are expected to add 1.26 USD" at 40 trials).
pub fn break_even_sentence(result: &BreakEven, currency: &str) -> String {
    let cost = money(result.cost_per_trial, currency);
    let band = result.next_gain_low.zip(result.next_gain_high);
    let gain = |gain: f64| gain_with_band(gain, band, currency);
    match (
        result.paid_up_to.map(|n| thousands(n as f64)),
        result.next_gain,
    ) {
        (None, Some(next)) => format!(
            "no trial after the first added more than it cost: a second trial is expected to add {} and costs {cost}",
            gain(next)
        ),
        (Some(n), Some(next)) => format!(
            "each trial up to trial {n} added more than it cost, and each after it less: trial {} is expected to add {} and costs {cost}",
            thousands(result.next_trial as f64),
            gain(next)
        ),
        (Some(n), None) => format!(
            "each trial still added more than it cost at {n} trials, the end of the curve (each trial costs {cost}); \
             where that stops lies beyond the trials run"
        ),
        // break_even always has a next gain when nothing paid (the curve has trial 2).
        (None, None) => format!("no trial after the first added more than it cost (each trial costs {cost})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::expected_max::{expected_max_curve, Trial};
    use rand::{Rng, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    #[test]
    fn gains_are_differences_of_the_curve() {
        let gains = marginal_gains(&[1.0, 4.0, 6.0, 6.5]);
        let pairs: Vec<(usize, f64)> = gains.iter().map(|g| (g.n, g.gain)).collect();
        assert_eq!(pairs, vec![(2, 3.0), (3, 2.0), (4, 0.5)]);
    }

    #[test]
    fn break_even_matches_the_analytic_count_for_uniform_scores() {
        // Scores uniform on [0, 1] and value V * score: E(n) = V n / (n + 1), so trial n adds
        // V / (n (n + 1)). With V = 10,000 and a cost of 20 that is >= 20 up to n = 21
        // (21 * 22 = 462 <= 500 < 506 = 22 * 23).
        let value = 10_000.0;
        let cost = 20.0;
        let analytic = (2..)
            .take_while(|&n: &usize| value / (n * (n + 1)) as f64 >= cost)
            .last()
            .unwrap();
        assert_eq!(analytic, 21);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(17);
        let trials: Vec<Trial> = (0..20_000)
            .map(|_| {
                let score: f64 = rng.gen();
                Trial {
                    validation: score,
                    test: value * score,
                }
            })
            .collect();
        let curve = expected_max_curve(&trials, 80).unwrap();
        let result = break_even(&curve.means(), cost).unwrap();
        let found = result.paid_up_to.unwrap();
        assert!(
            found.abs_diff(analytic) <= 1,
            "empirical {found}, analytic {analytic}"
        );
        let next = result.next_gain.unwrap();
        assert!(next < cost && next > 0.8 * cost, "{result:?}");
    }

    #[test]
    fn sentences_say_what_paid() {
        let paid = break_even(&[0.0, 50.0, 70.0, 78.0, 81.0], 5.0).unwrap();
        assert_eq!(paid.paid_up_to, Some(4));
        assert_eq!(
            break_even_sentence(&paid, "EUR"),
            "each trial up to trial 4 added more than it cost, and each after it less: trial 5 is expected to add 3.00 EUR and costs 5.00 EUR"
        );
        assert_eq!(
            break_even_sentence(
                &BreakEven {
                    next_gain_low: Some(-1.0),
                    next_gain_high: Some(7.5),
                    ..paid.clone()
                },
                "EUR"
            ),
            "each trial up to trial 4 added more than it cost, and each after it less: trial 5 is expected to add 3.00 EUR (90% band -1.00 to +7.50 EUR) and costs 5.00 EUR"
        );
        let never = break_even(&[100.0, 101.0, 101.5], 1_500.0).unwrap();
        assert_eq!(never.paid_up_to, None);
        assert_eq!(
            break_even_sentence(&never, "EUR"),
            "no trial after the first added more than it cost: a second trial is expected to add 1.00 EUR and costs 1,500 EUR"
        );
        let still = break_even(&[0.0, 5_000.0, 9_000.0], 1_000.0).unwrap();
        assert_eq!((still.paid_up_to, still.next_gain), (Some(3), None));
        assert!(break_even_sentence(&still, "USD")
            .starts_with("each trial still added more than it cost at 3 trials"));
    }

    #[test]
    fn rejects_short_curves_and_bad_costs() {
        assert!(break_even(&[1.0], 1.0).is_err());
        assert!(break_even(&[1.0, 2.0], -1.0).is_err());
        assert!(break_even(&[1.0, 2.0], f64::NAN).is_err());
    }
}
