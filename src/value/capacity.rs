//! Capacity: how many positive decisions a team can act on. A call centre makes so many calls a
//! year and a fraud team reviews so many cases a day, however many rows a model flags.
//!
//! Under capacity a binary model still says which rows are worth acting on (its tuned threshold),
//! then acts on only as many as capacity allows: those with the highest expected gain of acting,
//! `p * (tp - fn) + (1 - p) * (fp - tn)` from its own probability and the row's payoffs. With the
//! same payoffs for every row that is the highest probabilities first; with per-row payoffs a
//! large account outranks a small one at the same probability.
//!
//! A multiclass cost matrix has no single "act": under capacity a row nobody reviews gets the
//! default class (`capacity_default`, else the first class of `cost_matrix`), and reviewing a row
//! means taking the decision with the lowest expected cost. Capacity goes to the rows where that
//! avoids the most expected cost, the costliest mistakes first: the expected cost of the default
//! minus that of the best decision, from the model's class probabilities.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::config::{ValueConfig, ValueKind, MAX_MAGNITUDE};
use super::payoff::RowPayoffs;
use crate::base::error::{Error, Result};
use crate::base::task::class_position;

/// `capacity`: positive decisions acted on per year at most.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Capacity(pub f64);

/// `capacity_share`: the share of decisions that can be acted on, above 0 and at most 1.
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
                expecting: "a number of decisions a year, 1 or more",
                check: |value| {
                    if !value.is_finite() || value.abs() > MAX_MAGNITUDE {
                        Some(format!("{value:e} is not a number of decisions a year"))
                    } else if value < 1.0 {
                        Some(format!(
                            "{value} is below 1; capacity is how many decisions a year can be acted on, and under 1 every model acts on nothing (leave capacity out for no limit)"
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
                expecting: "a share of decisions above 0, at most 1",
                check: |value| {
                    if value == 0.0 {
                        // As `capacity` under 1: every model would act on nothing.
                        Some("0 acts on no decision, so every model prices at nothing; leave capacity_share out for no limit".to_string())
                    } else {
                        (!(0.0..=1.0).contains(&value)).then(|| {
                            format!("{value} is not a share from 0 to 1 of the decisions a year")
                        })
                    }
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

/// Refuses a capacity the section cannot apply: both keys at once, a capacity on anything but
/// classification decisions (a regression error or a metric has no "act" to ration), or a
/// `capacity_default` that is not a class of a multiclass target; `classes` are the target's
/// class names.
pub fn check(config: &ValueConfig, classes: &[String]) -> Result<()> {
    let key = match (config.capacity, config.capacity_share) {
        (Some(_), Some(_)) => {
            return Err(Error::input(
                "[value] give capacity (decisions a year) or capacity_share (a share of them), not both",
            ))
        }
        (Some(_), None) => "capacity",
        (None, Some(_)) => "capacity_share",
        (None, None) if config.capacity_default.is_some() => {
            return Err(Error::input(
                "[value] capacity_default is the class rows get when capacity leaves them unreviewed; give capacity or capacity_share with it",
            ))
        }
        (None, None) => return Ok(()),
    };
    let kind = config.kind()?;
    let binary = classes.len() == 2 && matches!(kind, ValueKind::Outcomes | ValueKind::CostMatrix);
    let multiclass = classes.len() > 2 && kind == ValueKind::CostMatrix;
    if !binary && !multiclass {
        return Err(Error::input(format!(
            "[value] {key} rations the decisions of a classification target priced by tp/fp/fn/tn or a cost_matrix; this section or target is not one"
        )));
    }
    match &config.capacity_default {
        Some(_) if binary => Err(Error::input(
            "[value] capacity_default is for multiclass cost matrices; a binary target's rows not acted on are predicted negative",
        )),
        Some(default) if class_position(classes, default).is_none() => {
            let hint = crate::base::suggest::nearest(default, classes)
                .map(|near| format!("; did you mean `{near}`?"))
                .unwrap_or_default();
            Err(Error::input(format!(
                "[value] capacity_default = \"{default}\" is not a class of the target (classes: {}){hint}",
                classes.join(", ")
            )))
        }
        _ => Ok(()),
    }
}

/// The class a multiclass row gets when capacity leaves it unreviewed, as an index into the
/// target's `classes`: `capacity_default`, or else the first class of `cost_matrix`.
pub fn default_class(config: &ValueConfig, classes: &[String]) -> Result<u32> {
    config
        .capacity_default
        .as_ref()
        .or_else(|| config.cost_matrix.as_ref()?.classes.first())
        .and_then(|name| class_position(classes, name))
        .map(|i| i as u32)
        .ok_or_else(|| Error::internal("capacity default class is not a class of the target"))
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

/// Each multiclass row's expected gain of reviewing it: the expected cost of the `default` class
/// minus that of the decision with the lowest expected cost, from the model's probabilities
/// (`proba` row-major, `k` per row; `costs[actual][predicted]`). A row whose best decision is the
/// default gains nothing; a row without probabilities is never worth reviewing.
pub fn gain_of_reviewing(proba: &[f64], k: usize, costs: &[Vec<f64>], default: u32) -> Vec<f64> {
    proba
        .chunks_exact(k.max(1))
        .map(|p| {
            if p.iter().any(|q| q.is_nan()) {
                return f64::NEG_INFINITY;
            }
            let expected =
                |d: usize| -> f64 { p.iter().zip(costs).map(|(q, row)| q * row[d]).sum() };
            let best = (0..k).map(expected).fold(f64::INFINITY, f64::min);
            expected(default as usize) - best
        })
        .collect()
}

/// The rows a multiclass model would review without a limit: those whose `decisions` differ from
/// the `default` class (a review that changes nothing uses no capacity).
fn reviewing(decisions: &[u32], gain: &[f64], default: u32) -> Vec<bool> {
    decisions
        .iter()
        .zip(gain)
        .map(|(&d, &g)| d != default && g > f64::NEG_INFINITY)
        .collect()
}

/// Multiclass decisions under capacity: `decisions` on at most `allowed` of the rows they would
/// change, those with the highest `gain`; every other row gets the `default` class.
pub fn cap_classes(decisions: &[u32], gain: &[f64], default: u32, allowed: usize) -> Vec<u32> {
    let mut acting = reviewing(decisions, gain, default);
    cap(&mut acting, gain, allowed);
    decisions
        .iter()
        .zip(acting)
        .map(|(&d, act)| if act { d } else { default })
        .collect()
}

/// The acting rows in the order capacity takes them: highest expected gain first, the lower row
/// on a tie (so the same rows are taken whatever the sort's internals).
pub(super) fn by_gain(acting: &[bool], gain: &[f64]) -> Vec<usize> {
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

/// What a capacity curve is drawn from: the rows a model would act on without a limit, each
/// row's expected gain (the order capacity takes them in), and each row's value when acted on
/// and when not. The curve's points and its band over resamples
/// ([`super::resampled_curve::CapacityBand`]) read the same rows.
#[derive(Debug, Clone)]
pub struct CapacityRows {
    /// Whether the model would act on the row without a limit.
    pub acting: Vec<bool>,
    /// The row's expected gain of acting.
    pub gain: Vec<f64>,
    /// The row's value when acted on.
    pub acted: Vec<f64>,
    /// The row's value when not.
    pub idle: Vec<f64>,
}

impl CapacityRows {
    /// A binary model's rows: `acting` those it flags, `y` whether each row is positive.
    pub fn binary(acting: Vec<bool>, gain: Vec<f64>, y: &[bool], payoffs: &RowPayoffs) -> Self {
        let values = |act: bool| -> Vec<f64> {
            (0..acting.len())
                .map(|i| payoffs.payoff(i, y[i], act))
                .collect()
        };
        let (acted, idle) = (values(true), values(false));
        CapacityRows {
            acting,
            gain,
            acted,
            idle,
        }
    }

    /// A multiclass model's rows: its `decisions` (without capacity) against the `default`
    /// class, with `y` the actual classes.
    pub fn classes(
        decisions: &[u32],
        gain: Vec<f64>,
        default: u32,
        y: &[u32],
        costs: &[Vec<f64>],
    ) -> Self {
        CapacityRows {
            acting: reviewing(decisions, &gain, default),
            acted: super::decision::multiclass_row_values(decisions, y, costs),
            idle: super::decision::multiclass_row_values(&vec![default; y.len()], y, costs),
            gain,
        }
    }

    /// The acting rows in the order capacity takes them.
    pub(super) fn order(&self) -> Vec<usize> {
        by_gain(&self.acting, &self.gain)
    }

    /// Mean value per row as capacity grows from acting on no row to acting on every row the
    /// model would act on: `(share of rows allowed, mean value)` at `steps + 1` shares from 0 to
    /// 1. Beyond the rows the model flags more capacity adds nothing, so the curve is flat there.
    pub fn curve(&self, steps: usize) -> Vec<(f64, f64)> {
        let n = self.acting.len();
        let steps = steps.max(1);
        let order = self.order();
        // At capacity 0 no row is acted on; each row taken adds what acting changes on it.
        let mut total: f64 = self.idle.iter().sum();
        let mut taken = 0;
        (0..=steps)
            .map(|k| {
                let share = k as f64 / steps as f64;
                let allowed = rows_allowed(share, n).min(order.len());
                while taken < allowed {
                    let i = order[taken];
                    total += self.acted[i] - self.idle[i];
                    taken += 1;
                }
                (share, if n == 0 { 0.0 } else { total / n as f64 })
            })
            .collect()
    }
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
            ("[value]\ntp = 1\ncapacity = -1\n", "capacity", "below 1"),
            (
                "[value]\ntp = 1\ncapacity_share = 1.5\n",
                "capacity_share",
                "not a share from 0 to 1",
            ),
            (
                "[value]\ntp = 1\ncapacity_share = 0\n",
                "capacity_share",
                "0 acts on no decision",
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
        let matrix = "cost_matrix = { classes = [\"a\", \"b\", \"c\"], matrix = [[0, 1, 1], [1, 0, 1], [1, 1, 0]] }\n";
        // A multiclass cost matrix takes capacity, with or without a default class.
        assert!(section(&format!("[value]\ncapacity_share = 0.2\n{matrix}"))
            .check(&[], &three)
            .is_ok());
        assert!(section(&format!(
            "[value]\ncapacity = 5\ncapacity_default = \"c\"\n{matrix}"
        ))
        .check(&[], &three)
        .is_ok());
        for (text, starts, what) in [
            (
                "[value]\ncapacity = 5\ncapacity_default = \"bb\"\n",
                "[value] capacity_default = \"bb\" is not a class",
                "did you mean `b`?",
            ),
            (
                "[value]\ncapacity_default = \"b\"\n",
                "[value] capacity_default is the class",
                "give capacity or capacity_share",
            ),
        ] {
            let err = section(&format!("{text}{matrix}"))
                .check(&[], &three)
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(starts) && err.contains(what), "{err}");
            assert!(!err.contains('\n'), "{err}");
        }
        let binary = section("[value]\ntp = 1\ncapacity = 5\ncapacity_default = \"no\"\n");
        let err = binary.check(&[], &classes).unwrap_err().to_string();
        assert!(err.contains("capacity_default is for multiclass"), "{err}");
        // Under 1 every model acts on nothing and prices at 0: refused since 2026-12-06.
        let err = parse("[value]\ntp = 1\ncapacity = 0\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("`capacity`") && err.contains("below 1"),
            "{err}"
        );
        assert!(section("[value]\ntp = 1\ncapacity = 1\n")
            .check(&[], &classes)
            .is_ok());
    }

    /// Costs (rows actual, columns predicted) over classes a, b, c with default a, and four rows
    /// whose probabilities make the expected costs easy to work by hand.
    fn three_classes() -> (Vec<Vec<f64>>, Vec<f64>) {
        let costs = vec![
            vec![0.0, 1.0, 1.0],
            vec![10.0, 0.0, 1.0],
            vec![20.0, 5.0, 0.0],
        ];
        let proba = vec![
            0.1, 0.8, 0.1, // E[cost] of a, b, c: 10, 0.6, 0.9: b, gain 9.4
            0.5, 0.1, 0.4, // 9, 2.5, 0.6: c, gain 8.4
            0.9, 0.05, 0.05, // 1.5, 1.15, 0.95: c, gain 0.55
            0.95, 0.03, 0.02, // 0.7, 1.05, 0.98: a, gain 0
        ];
        (costs, proba)
    }

    #[test]
    fn multiclass_capacity_reviews_the_costliest_mistakes_first() {
        let (costs, proba) = three_classes();
        let gain = gain_of_reviewing(&proba, 3, &costs, 0);
        for (got, want) in gain.iter().zip([9.4, 8.4, 0.55, 0.0]) {
            assert!((got - want).abs() < 1e-12, "{gain:?}");
        }
        let decisions = crate::value::decision::expected_cost_decisions(&proba, 3, &costs);
        assert_eq!(decisions, [1, 2, 2, 0]);
        // A capacity that binds: two reviews, the two largest gains; the rest get a.
        assert_eq!(cap_classes(&decisions, &gain, 0, 2), [1, 2, 0, 0]);
        assert_eq!(cap_classes(&decisions, &gain, 0, 1), [1, 0, 0, 0]);
        // One that does not: row 3's best decision is the default, so three reviews are all
        // the model wants and a fourth changes nothing.
        assert_eq!(cap_classes(&decisions, &gain, 0, 3), decisions);
        assert_eq!(cap_classes(&decisions, &gain, 0, 4), decisions);
        // Another default class moves the gains: with c by default row 3 is worth reviewing.
        let gain_c = gain_of_reviewing(&proba, 3, &costs, 2);
        assert!((gain_c[3] - 0.28).abs() < 1e-12, "{gain_c:?}");
        assert_eq!(gain_c[1], 0.0);
        assert_eq!(cap_classes(&decisions, &gain_c, 2, 1), [1, 2, 2, 2]);
        // A row without probabilities is never reviewed.
        let mut missing = proba.clone();
        missing[0] = f64::NAN;
        let gain = gain_of_reviewing(&missing, 3, &costs, 0);
        assert_eq!(gain[0], f64::NEG_INFINITY);
        assert_eq!(cap_classes(&decisions, &gain, 0, 4), [0, 2, 2, 0]);
    }

    #[test]
    fn multiclass_capacity_curve_by_hand() {
        let (costs, proba) = three_classes();
        let decisions = crate::value::decision::expected_cost_decisions(&proba, 3, &costs);
        let gain = gain_of_reviewing(&proba, 3, &costs, 0);
        // Actual classes b, c, a, a. Nobody reviewing: b and c taken for a cost 10 and 20. Row 0
        // reviewed saves 10, row 1 20; row 2's review predicts c for an a, costing 1.
        let curve = CapacityRows::classes(&decisions, gain, 0, &[1, 2, 0, 0], &costs).curve(4);
        let values: Vec<f64> = curve.iter().map(|p| p.1 * 4.0).collect();
        assert_eq!(values, [-30.0, -20.0, 0.0, -1.0, -1.0]);
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
        let acting = vec![true, true, true, false];
        let curve = CapacityRows::binary(acting, gain, &y, &payoffs).curve(4);
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
