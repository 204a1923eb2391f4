//! Capacity: how many positive decisions a team can act on. A call centre makes so many calls a
//! year and a fraud team reviews so many cases a day, however many rows a model flags.
//!
//! Under capacity a binary model still says which rows are worth acting on (its tuned threshold),
//! then acts on only as many as capacity allows: those with the highest expected gain of acting,
//! `p * (tp - fn) + (1 - p) * (fp - tn)` from its own probability and the row's payoffs. With the
//! same payoffs for every row that is the highest probabilities first; with per-row payoffs a
//! large account outranks a small one at the same probability.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::config::{ValueConfig, ValueKind, MAX_MAGNITUDE};
use super::payoff::RowPayoffs;
use crate::base::error::{Error, Result};

/// `capacity`: positive decisions acted on per year at most.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Capacity(pub f64);

/// `capacity_share`: the share of decisions that can be acted on, 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CapacityShare(pub f64);

/// Reads a plain number and holds it to `check`, so an error carries the key and line the config
/// loader adds to any deserialisation error.
struct Bounded {
    expecting: &'static str,
    check: fn(f64) -> Option<String>,
}

impl Visitor<'_> for Bounded {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> std::result::Result<f64, E> {
        self.visit_f64(value as f64)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> std::result::Result<f64, E> {
        self.visit_f64(value as f64)
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> std::result::Result<f64, E> {
        match (self.check)(value) {
            Some(problem) => Err(E::custom(problem)),
            None => Ok(value),
        }
    }
}

impl<'de> Deserialize<'de> for Capacity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer
            .deserialize_any(Bounded {
                expecting: "a number of decisions a year, 0 or more",
                check: |value| {
                    if !value.is_finite() || value.abs() > MAX_MAGNITUDE {
                        Some(format!("{value} is not a number of decisions a year"))
                    } else if value < 0.0 {
                        Some(format!(
                            "{value} is below 0; capacity is how many decisions a year can be acted on"
                        ))
                    } else {
                        None
                    }
                },
            })
            .map(Capacity)
    }
}

impl<'de> Deserialize<'de> for CapacityShare {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer
            .deserialize_any(Bounded {
                expecting: "a share of decisions from 0 to 1",
                check: |value| {
                    (!(0.0..=1.0).contains(&value)).then(|| {
                        format!("{value} is not a share from 0 to 1 of the decisions a year")
                    })
                },
            })
            .map(CapacityShare)
    }
}

impl Serialize for Capacity {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.0)
    }
}

impl Serialize for CapacityShare {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.0)
    }
}

/// The share of decisions that can be acted on, from `capacity` (over `decisions_per_year`) or
/// `capacity_share` (the config check refuses both at once); `None` without a limit.
pub fn share(
    capacity: Option<Capacity>,
    capacity_share: Option<CapacityShare>,
    decisions_per_year: f64,
) -> Option<f64> {
    match (capacity, capacity_share) {
        (_, Some(CapacityShare(s))) => Some(s),
        (Some(Capacity(c)), None) if decisions_per_year > 0.0 => {
            Some((c / decisions_per_year).min(1.0))
        }
        // No decisions a year: nothing to act on, whatever the capacity.
        (Some(_), None) => Some(0.0),
        (None, None) => None,
    }
}

/// Refuses a capacity the section cannot apply: both keys at once, or a capacity on anything but
/// binary decisions (a multiclass cost matrix or a metric has no single "act" to ration);
/// `classes` is the number of the target's classes.
pub fn check(config: &ValueConfig, classes: usize) -> Result<()> {
    let key = match (config.capacity, config.capacity_share) {
        (Some(_), Some(_)) => {
            return Err(Error::input(
                "[value] give capacity (decisions a year) or capacity_share (a share of them), not both",
            ))
        }
        (Some(_), None) => "capacity",
        (None, Some(_)) => "capacity_share",
        (None, None) => return Ok(()),
    };
    let binary =
        classes == 2 && matches!(config.kind()?, ValueKind::Outcomes | ValueKind::CostMatrix);
    if !binary {
        return Err(Error::input(format!(
            "[value] {key} rations the positive decisions of a binary target priced by tp/fp/fn/tn or a 2 x 2 cost_matrix; this section or target is not one"
        )));
    }
    Ok(())
}

/// Rows of `n` that capacity `share` allows acting on (the nearest whole row).
pub fn rows_allowed(share: f64, n: usize) -> usize {
    ((share.clamp(0.0, 1.0) * n as f64).round() as usize).min(n)
}

/// Each row's expected gain of acting over not acting, from the model's probability `p` of the
/// positive class; a row without a probability is never worth acting on.
pub fn gain_of_acting(p: &[f64], payoffs: &RowPayoffs) -> Vec<f64> {
    p.iter()
        .enumerate()
        .map(|(i, &p)| {
            if p.is_nan() {
                f64::NEG_INFINITY
            } else {
                p * (payoffs.tp[i] - payoffs.fn_[i]) + (1.0 - p) * (payoffs.fp[i] - payoffs.tn[i])
            }
        })
        .collect()
}

/// The acting rows in the order capacity takes them: highest expected gain first, the lower row
/// on a tie (so the same rows are taken whatever the sort's internals).
fn by_gain(acting: &[bool], gain: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..acting.len()).filter(|&i| acting[i]).collect();
    order.sort_by(|&a, &b| gain[b].total_cmp(&gain[a]).then(a.cmp(&b)));
    order
}

/// Keeps at most `allowed` of the rows `acting`, those with the highest `gain`.
pub fn cap(acting: &mut [bool], gain: &[f64], allowed: usize) {
    for i in by_gain(acting, gain).into_iter().skip(allowed) {
        acting[i] = false;
    }
}

/// Mean value per row as capacity grows from acting on no row to acting on every row the model
/// would act on: `(share of rows allowed, mean value)` at `steps + 1` shares from 0 to 1. Beyond
/// the rows the model flags more capacity adds nothing, so the curve is flat there.
pub fn capacity_curve(
    acting: &[bool],
    gain: &[f64],
    y: &[bool],
    payoffs: &RowPayoffs,
    steps: usize,
) -> Vec<(f64, f64)> {
    let n = acting.len();
    let steps = steps.max(1);
    let order = by_gain(acting, gain);
    // At capacity 0 no row is acted on; each row taken adds what acting changes on it.
    let mut total: f64 = (0..n).map(|i| payoffs.payoff(i, y[i], false)).sum();
    let mut taken = 0;
    (0..=steps)
        .map(|k| {
            let share = k as f64 / steps as f64;
            let allowed = rows_allowed(share, n).min(order.len());
            while taken < allowed {
                let i = order[taken];
                total += payoffs.payoff(i, y[i], true) - payoffs.payoff(i, y[i], false);
                taken += 1;
            }
            (share, if n == 0 { 0.0 } else { total / n as f64 })
        })
        .collect()
}

/// Mean value per row at `steps + 1` thresholds from 0 to 1 when at most `allowed` rows are acted
/// on: the threshold chart's curve under capacity. O(steps x n), fine for a chart's 101 steps.
pub fn capped_value_curve(
    p: &[f64],
    y: &[bool],
    payoffs: &RowPayoffs,
    allowed: usize,
    steps: usize,
) -> Vec<(f64, f64)> {
    let steps = steps.max(1);
    let at = capped_values(p, y, payoffs, allowed);
    (0..=steps)
        .map(|k| {
            let threshold = k as f64 / steps as f64;
            (threshold, at(threshold))
        })
        .collect()
}

/// The threshold to deploy under capacity: `free` (the best without capacity) unless a threshold
/// of the chart's grid earns strictly more on these rows once at most `allowed` are acted on. A
/// lower threshold lets rows with a low probability but a large payoff compete for capacity; a
/// higher one keeps doubtful rows out when the model's probabilities rank badly.
pub fn best_capped_threshold(
    p: &[f64],
    y: &[bool],
    payoffs: &RowPayoffs,
    allowed: usize,
    free: f64,
    steps: usize,
) -> f64 {
    let at = capped_values(p, y, payoffs, allowed);
    let steps = steps.max(1);
    let mut best = (free, at(free));
    for k in 0..=steps {
        let threshold = k as f64 / steps as f64;
        let value = at(threshold);
        if value > best.1 + 1e-12 * best.1.abs().max(1.0) {
            best = (threshold, value);
        }
    }
    best.0
}

/// Mean value per row at a threshold when at most `allowed` rows are acted on, the flagged rows
/// taken by expected gain.
fn capped_values<'a>(
    p: &'a [f64],
    y: &'a [bool],
    payoffs: &'a RowPayoffs,
    allowed: usize,
) -> impl Fn(f64) -> f64 + 'a {
    let n = p.len();
    let gain = gain_of_acting(p, payoffs);
    let order = by_gain(&vec![true; n], &gain);
    let none: f64 = (0..n).map(|i| payoffs.payoff(i, y[i], false)).sum();
    move |threshold: f64| {
        let added: f64 = order
            .iter()
            .filter(|&&i| p[i] >= threshold)
            .take(allowed)
            .map(|&i| payoffs.payoff(i, y[i], true) - payoffs.payoff(i, y[i], false))
            .sum();
        if n == 0 {
            0.0
        } else {
            (none + added) / n as f64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacity_keeps_the_highest_expected_gains() {
        // tp = 10, fp = -2, fn = -5, tn = 0: gain of acting = 15 p - 2 (1 - p) = 17 p - 2.
        let payoffs = RowPayoffs::constant(4, 10.0, -2.0, -5.0, 0.0);
        let gain = gain_of_acting(&[0.9, 0.2, 0.6, f64::NAN], &payoffs);
        assert!((gain[0] - 13.3).abs() < 1e-12);
        assert!((gain[1] - 1.4).abs() < 1e-12);
        assert_eq!(gain[3], f64::NEG_INFINITY);
        // A capacity that binds: two of three flagged rows, the two most valuable.
        let mut acting = [true, true, true, false];
        cap(&mut acting, &gain, 2);
        assert_eq!(acting, [true, false, true, false]);
        // One that does not bind: the model flags fewer rows than capacity allows.
        let mut acting = [true, false, true, false];
        cap(&mut acting, &gain, 3);
        assert_eq!(acting, [true, false, true, false]);
        // Per-row payoffs: a large account at a lower probability outranks a small one.
        let mut rows = RowPayoffs::constant(2, 0.0, -1.0, -5.0, 0.0);
        rows.fn_[1] = -100.0;
        let gain = gain_of_acting(&[0.5, 0.2], &rows);
        // Row 0: 0.5 x 5 - 0.5 = 2; row 1: 0.2 x 100 - 0.8 = 19.2.
        let mut acting = [true, true];
        cap(&mut acting, &gain, 1);
        assert_eq!(acting, [false, true]);
    }

    fn parse(text: &str) -> crate::base::error::Result<crate::config::Config> {
        crate::config::Config::parse(text, std::path::Path::new("w.toml"))
    }

    #[test]
    fn bad_capacities_name_the_key_and_line() {
        for (text, key, what) in [
            ("[value]\ntp = 1\ncapacity = -1\n", "capacity", "below 0"),
            (
                "[value]\ntp = 1\ncapacity_share = 1.5\n",
                "capacity_share",
                "not a share from 0 to 1",
            ),
            (
                "[value]\ntp = 1\ncapacity = \"many\"\n",
                "capacity",
                "decisions a year",
            ),
        ] {
            let err = parse(text).unwrap_err().to_string();
            assert!(err.contains(&format!("`{key}`")), "{text}: {err}");
            assert!(err.contains(what), "{text}: {err}");
            assert!(err.contains("line 3"), "{text}: {err}");
            assert!(!err.contains('\n'), "{err}");
        }
        let section = |text: &str| parse(text).unwrap().value.unwrap();
        let classes = ["no".to_string(), "yes".to_string()];
        let both = section("[value]\ntp = 1\ncapacity = 5\ncapacity_share = 0.1\n");
        let err = both.check(&[], &classes).unwrap_err().to_string();
        assert!(
            err.contains("capacity") && err.contains("not both"),
            "{err}"
        );
        let metric = section("[value]\nper_point = 5\ncapacity = 5\n");
        let err = metric.check(&[], &classes).unwrap_err().to_string();
        assert!(err.starts_with("[value] capacity rations"), "{err}");
        let three = ["a".to_string(), "b".to_string(), "c".to_string()];
        let matrix = section(
            "[value]\ncapacity_share = 0.2\ncost_matrix = { classes = [\"a\", \"b\", \"c\"], matrix = [[0, 1, 1], [1, 0, 1], [1, 1, 0]] }\n",
        );
        let err = matrix.check(&[], &three).unwrap_err().to_string();
        assert!(err.starts_with("[value] capacity_share rations"), "{err}");
        assert!(section("[value]\ntp = 1\ncapacity = 0\n")
            .check(&[], &classes)
            .is_ok());
    }

    #[test]
    fn capacity_shares_from_either_key() {
        assert_eq!(share(Some(Capacity(5_000.0)), None, 20_000.0), Some(0.25));
        assert_eq!(share(Some(Capacity(50_000.0)), None, 20_000.0), Some(1.0));
        assert_eq!(share(None, Some(CapacityShare(0.1)), 20_000.0), Some(0.1));
        assert_eq!(share(Some(Capacity(5.0)), None, 0.0), Some(0.0));
        assert_eq!(share(None, None, 20_000.0), None);
        assert_eq!(rows_allowed(0.25, 10), 3);
        assert_eq!(rows_allowed(1.0, 10), 10);
    }

    #[test]
    fn capacity_curve_by_hand() {
        // y = [1, 0, 1, 0], acting on rows 0, 1, 2 with gains 13.3, 1.4, 8.2.
        let payoffs = RowPayoffs::constant(4, 10.0, -2.0, -5.0, 0.0);
        let y = [true, false, true, false];
        let gain = gain_of_acting(&[0.9, 0.2, 0.6, 0.1], &payoffs);
        let curve = capacity_curve(&[true, true, true, false], &gain, &y, &payoffs, 4);
        // Capacity 0: both positives missed, -10 over 4 rows. One row (share 0.25): row 0 caught,
        // -5 + 10 = 5 over 4. Two rows: row 2 too, 20 over 4. Three: row 1's false alarm, 18.
        // Four: no fourth flagged row, still 18.
        let values: Vec<f64> = curve.iter().map(|p| p.1 * 4.0).collect();
        assert_eq!(values, [-10.0, 5.0, 20.0, 18.0, 18.0]);
        assert_eq!(curve[2].0, 0.5);
        // The threshold chart under a capacity of one row: at threshold 0 the best row (0) is
        // taken, 5 over 4 rows; above 0.9 no row qualifies, -10.
        let curve = capped_value_curve(&[0.9, 0.2, 0.6, 0.1], &y, &payoffs, 1, 10);
        assert_eq!(curve[0].1 * 4.0, 5.0);
        assert_eq!(curve[9].1 * 4.0, 5.0);
        assert_eq!(curve[10].1 * 4.0, -10.0);
        // Under capacity a threshold only matters by which rows it keeps out: with one row
        // allowed every threshold up to 0.9 earns 5, so the free threshold stays.
        let p = [0.9, 0.2, 0.6, 0.1];
        assert_eq!(best_capped_threshold(&p, &y, &payoffs, 1, 0.15, 10), 0.15);
        // A false alarm ranked first by a badly ranking model: row 1 (negative) has the highest
        // probability. With one row allowed, a threshold above 0.95 would keep row 1 out but
        // acts on nothing (-10); 0.15 acts on row 1 (-12); no threshold of the grid keeps row 1
        // out and lets a positive in, so the best is acting on nothing at all.
        let bad = [0.5, 0.99, 0.6, 0.1];
        let t = best_capped_threshold(&bad, &y, &payoffs, 1, 0.15, 100);
        assert!(t > 0.99, "{t}");
    }
}
