//! The `[value]` section of `worthit.toml`: what a decision is worth, how many decisions a year,
//! for how long, and what compute costs.
//!
//! Every number may be a range `[low, high]` because business figures are estimates; the four
//! binary outcomes may also be expressions over the row's columns (`fn = "-12 * MonthlyCharges"`),
//! because what a missed churner costs depends on the customer. Expressions are SQL expressions
//! (`greatest(...)`, `least(...)`, `abs(...)`, `CASE WHEN ...`), parsed by sqlparser and evaluated
//! row by row (`super::expression`).
//!
//! Sign convention: outcome amounts (`tp`, `fp`, `fn`, `tn`) are **payoffs** (money gained per
//! decision, negative for a loss), while `cost_matrix` holds **costs** (money lost, the negated
//! payoff) because that is how multiclass cost matrices are usually written. Value everywhere in
//! this module is payoff: a cost of 5 counts as a value of -5.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::capacity::{Capacity, CapacityShare};
use super::distribution::Distribution;
pub use super::number::Number;
use super::number::{FiniteNumber, NumberVisitor, TableEntry};

/// The two forms of a payoff's table, as errors show them.
const PAYOFF_FORMS: &str = "a distribution, { dist = \"triangular\", low = 1, mode = 2, high = 4 }, or a scaled expression, { expr = \"-amount\", times = [0.03, 0.08] }";
use crate::base::error::{Error, Result};

/// The `[value]` section.
///
/// ```toml
/// [value]
/// currency = "EUR"
/// tp = 0
/// fp = -8                # a wasted call
/// fn = "-greatest(0.02463333 * 0.25 * balance, 1)"
/// tn = 0
/// decisions_per_year = [40000, 60000]
/// horizon_years = 3
/// core_hour = 0.05
/// trial_cost = 2
/// ```
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ValueConfig {
    /// Currency code or symbol printed with amounts (reports only; no conversion).
    pub currency: Option<String>,
    /// Payoff of a true positive (predicted positive, actually positive). Absent means 0.
    pub tp: Option<Amount>,
    /// Payoff of a false positive (predicted positive, actually negative). Absent means 0.
    pub fp: Option<Amount>,
    /// Payoff of a false negative (predicted negative, actually positive). Absent means 0.
    #[serde(rename = "fn")]
    pub fn_: Option<Amount>,
    /// Payoff of a true negative (predicted negative, actually negative). Absent means 0.
    pub tn: Option<Amount>,
    /// Multiclass costs: rows are the actual class, columns the predicted class.
    pub cost_matrix: Option<CostMatrix>,
    /// Decisions the model makes per year (scales the per-decision value).
    pub decisions_per_year: Option<Number>,
    /// Years the model is in use (scales the yearly value).
    pub horizon_years: Option<Number>,
    /// Price of one CPU core-hour, for training, tuning and serving cost.
    pub core_hour: Option<Number>,
    /// Fixed cost per trial (a person's time to look at it, a job's overhead).
    pub trial_cost: Option<Number>,
    /// Metric-based value: the metric priced by `per_point` or `curve` (default: the task's
    /// primary metric, `roc_auc` or `rmse`).
    pub metric: Option<String>,
    /// Metric-based value: value per year of one point of improvement of `metric` (a point is
    /// `point`; improvement means up for scores, down for errors).
    pub per_point: Option<Number>,
    /// Size of one metric point for `per_point` (default 0.01).
    pub point: Option<f64>,
    /// Metric-based value: a piecewise-linear curve of `[metric, value per year]` points, flat
    /// beyond its ends.
    pub curve: Option<Vec<CurvePoint>>,
    /// Regression: value per decision of one unit of absolute error (negative: error costs).
    pub per_abs_error: Option<Number>,
    /// Regression: value per decision of one unit of squared error (negative: error costs).
    pub per_squared_error: Option<Number>,
    /// Decisions acted on per year at most (see [`super::capacity`]).
    pub capacity: Option<Capacity>,
    /// The same as a share of `decisions_per_year`, 0 to 1.
    pub capacity_share: Option<CapacityShare>,
    /// Multiclass under capacity: the class every row not reviewed gets (default: the first
    /// class of `cost_matrix.classes`).
    pub capacity_default: Option<String>,
}

/// One `[metric, value]` point of a value curve; the value may be a range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CurvePoint {
    /// The metric.
    pub metric: f64,
    /// Value per year at that metric.
    pub value: Number,
}

/// How a `[value]` section prices a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// Binary payoffs per decision (`tp`, `fp`, `fn`, `tn`).
    Outcomes,
    /// A multiclass cost matrix per decision.
    CostMatrix,
    /// Regression: value per unit of absolute or squared error per decision.
    Error,
    /// Value per year from a metric (`per_point` or `curve`).
    Metric,
}

/// One number of the section that is a range, by the name reports show for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Uncertain {
    /// Where it is, e.g. `fp`, `decisions_per_year`, `cost_matrix[u2r, normal]`, `curve[2]`.
    pub name: String,
    /// Low end.
    pub low: f64,
    /// High end.
    pub high: f64,
}

/// The `cost_matrix = { classes = [...], matrix = [[...], ...] }` table.
///
/// `matrix[a][p]` is the cost of predicting class `classes[p]` when the actual class is
/// `classes[a]`; a cost is the negated payoff, so a gain on a correct decision is a negative cost.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CostMatrix {
    /// Class names, as they appear in the target column, in the order of rows and columns.
    pub classes: Vec<String>,
    /// Square matrix of costs, one row per actual class.
    pub matrix: Vec<Vec<Number>>,
}

/// Which end of every range to use.
///
/// `Low` takes the low end of every range, `High` the high end, `Mid` the midpoint. Low is not
/// "pessimistic": for a cost such as `core_hour` the low end is the favourable one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scenario {
    /// The low end of every range.
    Low,
    /// The midpoint of every range.
    Mid,
    /// The high end of every range.
    High,
}

impl Scenario {
    /// All three scenarios, low to high.
    pub const ALL: [Scenario; 3] = [Scenario::Low, Scenario::Mid, Scenario::High];
}

/// An outcome payoff: a number, a range, or an expression over the row's columns.
#[derive(Debug, Clone, PartialEq)]
pub enum Amount {
    /// The same number (or range) for every row.
    Number(Number),
    /// An SQL expression evaluated per row, e.g. `"-12 * MonthlyCharges"`, times `times` when
    /// given (`{ expr = "-LIMIT_BAL", times = [0.4, 0.7] }`): a per-row payoff known only up to
    /// a factor, which is uncertain like any other number and named `<outcome>.times`.
    Expr {
        /// The expression.
        text: String,
        /// The factor it is multiplied by (1 when absent).
        times: Option<Number>,
    },
}

/// What the name of an expression's factor adds to its outcome's key (`fn.times`).
const TIMES_SUFFIX: &str = ".times";

/// The name reports and pins give the factor of the expression of outcome `key`.
pub fn times_name(key: &str) -> String {
    format!("{key}{TIMES_SUFFIX}")
}

/// The outcome (`tp`, `fp`, `fn`, `tn`) whose expression's factor `name` names, if it names one.
pub fn factor_outcome(name: &str) -> Option<&str> {
    name.strip_suffix(TIMES_SUFFIX)
        .filter(|key| matches!(*key, "tp" | "fp" | "fn" | "tn"))
}

impl ValueConfig {
    /// The binary outcome amounts as `(key, amount)`, absent ones omitted.
    pub fn outcomes(&self) -> Vec<(&'static str, &Amount)> {
        [
            ("tp", &self.tp),
            ("fp", &self.fp),
            ("fn", &self.fn_),
            ("tn", &self.tn),
        ]
        .into_iter()
        .filter_map(|(key, amount)| amount.as_ref().map(|amount| (key, amount)))
        .collect()
    }

    /// How this section prices models, or why it cannot (more than one way given, or none).
    pub fn kind(&self) -> Result<ValueKind> {
        let mut kinds = Vec::new();
        if let Some((key, _)) = self.outcomes().first() {
            kinds.push((*key, ValueKind::Outcomes));
        }
        if self.cost_matrix.is_some() {
            kinds.push(("cost_matrix", ValueKind::CostMatrix));
        }
        if self.per_abs_error.is_some() {
            kinds.push(("per_abs_error", ValueKind::Error));
        } else if self.per_squared_error.is_some() {
            kinds.push(("per_squared_error", ValueKind::Error));
        }
        if self.per_point.is_some() {
            kinds.push(("per_point", ValueKind::Metric));
        }
        if self.curve.is_some() {
            kinds.push(("curve", ValueKind::Metric));
        }
        match kinds[..] {
            [] => Err(Error::input(
                "[value] says nothing about what decisions are worth: give tp/fp/fn/tn, cost_matrix, per_point, curve or per_abs_error/per_squared_error",
            )),
            [(_, kind)] => Ok(kind),
            [(first, _), (second, _), ..] => Err(Error::input(format!(
                "[value] give one way to value models; found both {first} and {second}"
            ))),
        }
    }

    /// The section as pricing uses it: a binary target's `cost_matrix` becomes the four outcome
    /// payoffs (negated costs) with `positive` (an index into `classes`), so binary decisions are
    /// tuned by threshold whichever way the user wrote them.
    pub fn for_target(&self, classes: &[String], positive: Option<u32>) -> Result<ValueConfig> {
        let (Some(matrix), 2, Some(positive)) = (&self.cost_matrix, classes.len(), positive) else {
            return Ok(self.clone());
        };
        matrix.check(classes)?;
        let (Some(pos), Some(neg)) = (
            matrix.row_of(classes, positive as usize),
            matrix.row_of(classes, 1 - positive as usize),
        ) else {
            return Err(Error::internal("cost matrix classes checked but not found"));
        };
        let payoff = |actual: usize, predicted: usize| {
            Some(Amount::Number(match matrix.matrix[actual][predicted] {
                Number::Fixed(cost) => Number::Fixed(-cost),
                Number::Range(low, high) => Number::Range(-high, -low),
                Number::Dist(distribution) => Number::Dist(distribution.negated()),
            }))
        };
        Ok(ValueConfig {
            tp: payoff(pos, pos),
            fp: payoff(neg, pos),
            fn_: payoff(pos, neg),
            tn: payoff(neg, neg),
            cost_matrix: None,
            ..self.clone()
        })
    }

    /// The metric a metric-based section prices: `metric`, or the task's primary metric.
    pub fn metric_name(&self, regression: bool) -> String {
        self.metric
            .clone()
            .unwrap_or_else(|| if regression { "rmse" } else { "roc_auc" }.to_string())
    }

    /// Every number of the section, by the name reports show for it, in the order of the file's
    /// keys (outcome expressions, which are not numbers, left out; their factors in).
    pub fn named_numbers(&self) -> Vec<(String, Number)> {
        let mut found = Vec::new();
        let mut push = |name: String, number: Option<Number>| {
            if let Some(number) = number {
                found.push((name, number));
            }
        };
        for (key, amount) in self.outcomes() {
            match amount {
                Amount::Number(number) => push(key.to_string(), Some(*number)),
                Amount::Expr { times, .. } => push(times_name(key), *times),
            }
        }
        if let Some(matrix) = &self.cost_matrix {
            for (a, row) in matrix.matrix.iter().enumerate() {
                for (p, cell) in row.iter().enumerate() {
                    let (Some(actual), Some(predicted)) =
                        (matrix.classes.get(a), matrix.classes.get(p))
                    else {
                        continue;
                    };
                    push(format!("cost_matrix[{actual}, {predicted}]"), Some(*cell));
                }
            }
        }
        push("per_point".into(), self.per_point);
        for (i, point) in self.curve.iter().flatten().enumerate() {
            push(format!("curve[{}]", i + 1), Some(point.value));
        }
        push("per_abs_error".into(), self.per_abs_error);
        push("per_squared_error".into(), self.per_squared_error);
        push("decisions_per_year".into(), self.decisions_per_year);
        push("horizon_years".into(), self.horizon_years);
        push("core_hour".into(), self.core_hour);
        push("trial_cost".into(), self.trial_cost);
        found
    }

    /// Every number of the section given as a range or a distribution, by name, in the order of
    /// the file's keys, with the low and high ends the scenarios use.
    pub fn uncertain(&self) -> Vec<Uncertain> {
        self.named_numbers()
            .into_iter()
            .filter(|(_, number)| !matches!(number, Number::Fixed(_)))
            .map(|(name, number)| Uncertain {
                name,
                low: number.low(),
                high: number.high(),
            })
            .collect()
    }

    /// Every number of the section given as a distribution, by name, in the order of the file's
    /// keys: what each bootstrap resample draws.
    pub fn distributions(&self) -> Vec<(String, Distribution)> {
        self.named_numbers()
            .into_iter()
            .filter_map(|(name, number)| number.distribution().map(|d| (name, d)))
            .collect()
    }

    /// The section with every range and distribution resolved under `scenario`, except the
    /// numbers named in `pinned` (as [`ValueConfig::named_numbers`] names them), each pinned to
    /// its value.
    pub fn resolved(&self, scenario: Scenario, pinned: &[(&str, f64)]) -> ValueConfig {
        let fix = |name: &str, number: Option<Number>| -> Option<Number> {
            number.map(
                |n| match pinned.iter().find(|(pinned_name, _)| *pinned_name == name) {
                    Some((_, value)) => Number::Fixed(*value),
                    None => Number::Fixed(n.at(scenario)),
                },
            )
        };
        let amount = |name: &str, amount: &Option<Amount>| -> Option<Amount> {
            match amount {
                Some(Amount::Number(n)) => fix(name, Some(*n)).map(Amount::Number),
                Some(Amount::Expr { text, times }) => Some(Amount::Expr {
                    text: text.clone(),
                    times: fix(&times_name(name), *times),
                }),
                None => None,
            }
        };
        ValueConfig {
            currency: self.currency.clone(),
            tp: amount("tp", &self.tp),
            fp: amount("fp", &self.fp),
            fn_: amount("fn", &self.fn_),
            tn: amount("tn", &self.tn),
            cost_matrix: self.cost_matrix.as_ref().map(|matrix| CostMatrix {
                classes: matrix.classes.clone(),
                matrix: matrix
                    .matrix
                    .iter()
                    .enumerate()
                    .map(|(a, row)| {
                        row.iter()
                            .enumerate()
                            .map(|(p, cell)| {
                                let name = match (matrix.classes.get(a), matrix.classes.get(p)) {
                                    (Some(actual), Some(predicted)) => {
                                        format!("cost_matrix[{actual}, {predicted}]")
                                    }
                                    _ => String::new(),
                                };
                                fix(&name, Some(*cell)).unwrap_or(*cell)
                            })
                            .collect()
                    })
                    .collect(),
            }),
            decisions_per_year: fix("decisions_per_year", self.decisions_per_year),
            horizon_years: fix("horizon_years", self.horizon_years),
            core_hour: fix("core_hour", self.core_hour),
            trial_cost: fix("trial_cost", self.trial_cost),
            metric: self.metric.clone(),
            per_point: fix("per_point", self.per_point),
            point: self.point,
            curve: self.curve.as_ref().map(|curve| {
                curve
                    .iter()
                    .enumerate()
                    .map(|(i, point)| CurvePoint {
                        metric: point.metric,
                        value: fix(&format!("curve[{}]", i + 1), Some(point.value))
                            .unwrap_or(point.value),
                    })
                    .collect()
            }),
            per_abs_error: fix("per_abs_error", self.per_abs_error),
            per_squared_error: fix("per_squared_error", self.per_squared_error),
            capacity: self.capacity,
            capacity_share: self.capacity_share,
            capacity_default: self.capacity_default.clone(),
        }
    }

    /// Value per year of a model whose metric is `metric`, for a metric-based section under
    /// `scenario` (`None` for other kinds). `per_point` prices the improvement over `reference`
    /// (the baseline's metric), so the baseline is worth 0 and a candidate its gain; `curve`
    /// interpolates and is flat beyond its ends.
    pub fn metric_value(
        &self,
        metric: f64,
        reference: f64,
        regression: bool,
        scenario: Scenario,
    ) -> Option<f64> {
        if let Some(per_point) = self.per_point {
            let name = self.metric_name(regression);
            let sign = if crate::metrics::higher_is_better(&name) {
                1.0
            } else {
                -1.0
            };
            let points = (metric - reference) / self.point.unwrap_or(0.01);
            return Some(sign * per_point.at(scenario) * points);
        }
        let curve = self.curve.as_ref()?;
        let first = curve.first()?;
        let last = curve.last()?;
        if metric <= first.metric {
            return Some(first.value.at(scenario));
        }
        if metric >= last.metric {
            return Some(last.value.at(scenario));
        }
        curve.windows(2).find(|w| metric <= w[1].metric).map(|w| {
            let (left, right) = (w[0].value.at(scenario), w[1].value.at(scenario));
            let t = (metric - w[0].metric) / (w[1].metric - w[0].metric);
            left + t * (right - left)
        })
    }

    /// The cost matrix under `scenario`, reordered to `classes` (the data's class order):
    /// `result[a][p]` is the cost of predicting `classes[p]` when the actual class is
    /// `classes[a]`. Errors when there is no matrix or it does not match the classes.
    pub fn costs_for(&self, classes: &[String], scenario: Scenario) -> Result<Vec<Vec<f64>>> {
        let matrix = self
            .cost_matrix
            .as_ref()
            .ok_or_else(|| Error::input("[value] cost_matrix is missing"))?;
        matrix.check(classes)?;
        let position: Vec<usize> = (0..classes.len())
            .map(|class| {
                matrix.row_of(classes, class).ok_or_else(|| {
                    Error::input(format!(
                        "[value] cost_matrix lacks class `{}`",
                        classes[class]
                    ))
                })
            })
            .collect::<Result<_>>()?;
        Ok(position
            .iter()
            .map(|&a| {
                position
                    .iter()
                    .map(|&p| matrix.matrix[a][p].at(scenario))
                    .collect()
            })
            .collect())
    }
}

// Hand-written (de)serialisation: serde's untagged enums only say "did not match any variant",
// while these visitors say what was expected, and the config loader adds key and line.

/// Largest size of any number in `[value]`. A trillion decisions a year at a billion each is
/// 1e21 a year: products of such numbers stay far from overflow, while 1e308 would not.
pub const MAX_MAGNITUDE: f64 = 1e15;

/// Longest horizon, in years, a model is priced over.
const MAX_HORIZON_YEARS: f64 = 100.0;

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct AmountVisitor;
        impl<'de> Visitor<'de> for AmountVisitor {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number, a range [low, high], a distribution { dist = ..., ... }, an expression string or { expr = ..., times = ... }")
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> std::result::Result<Amount, E> {
                NumberVisitor.visit_i64(value).map(Amount::Number)
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> std::result::Result<Amount, E> {
                NumberVisitor.visit_u64(value).map(Amount::Number)
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> std::result::Result<Amount, E> {
                NumberVisitor.visit_f64(value).map(Amount::Number)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> std::result::Result<Amount, A::Error> {
                NumberVisitor.visit_seq(seq).map(Amount::Number)
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Amount, A::Error> {
                // Either a distribution `{ dist = ..., ... }` or a scaled expression
                // `{ expr = "...", times = ... }`; which one is known only at the end.
                let (mut expr, mut times, mut dist) = (None, None, None);
                let mut params: Vec<(String, f64)> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "expr" => expr = Some(map.next_value::<String>()?),
                        "times" => times = Some(map.next_value::<Number>()?),
                        "dist" => dist = Some(map.next_value::<String>()?),
                        _ => {
                            let value =
                                map.next_value::<TableEntry>()?.number(&key, PAYOFF_FORMS)?;
                            params.push((key, value));
                        }
                    }
                }
                match (expr, times) {
                    (Some(text), times) => {
                        if let Some(other) = dist
                            .map(|_| "dist")
                            .or(params.first().map(|(key, _)| key.as_str()))
                        {
                            return Err(de::Error::custom(format!(
                                "an expression's table takes `expr` and `times` only; found `{other}`"
                            )));
                        }
                        Ok(Amount::Expr {
                            text: checked_expression(&text)?,
                            times,
                        })
                    }
                    (None, Some(_)) => Err(de::Error::custom(
                        "`times` scales an expression; give it one, e.g. { expr = \"-amount\", times = [0.03, 0.08] }",
                    )),
                    (None, None) => super::number::distribution_number(dist, &params)
                        .map(Amount::Number)
                        .map_err(de::Error::custom),
                }
            }
            fn visit_str<E: de::Error>(self, text: &str) -> std::result::Result<Amount, E> {
                Ok(Amount::Expr {
                    text: checked_expression(text)?,
                    times: None,
                })
            }
        }
        deserializer.deserialize_any(AmountVisitor)
    }
}

/// `text` as an expression's text, once it parses: a syntax error is reported with the key and
/// line of the config, not when the rows are priced.
fn checked_expression<E: de::Error>(text: &str) -> std::result::Result<String, E> {
    super::expression::parse_sql(text)
        .map_err(|reason| E::custom(format!("{} {reason}", super::expression::shown(text))))?;
    Ok(text.to_string())
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            Amount::Number(number) => number.serialize(serializer),
            Amount::Expr { text, times: None } => serializer.serialize_str(text),
            Amount::Expr {
                text,
                times: Some(times),
            } => {
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry("expr", text)?;
                map.serialize_entry("times", times)?;
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for CurvePoint {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct PointVisitor;
        impl<'de> Visitor<'de> for PointVisitor {
            type Value = CurvePoint;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a point [metric, value], the value a number, a range [low, high] or a distribution")
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<CurvePoint, A::Error> {
                let metric = seq
                    .next_element::<FiniteNumber>()?
                    .ok_or_else(|| de::Error::custom("a curve point is [metric, value]; found []"))?
                    .0;
                let value = seq.next_element::<Number>()?.ok_or_else(|| {
                    de::Error::custom(format!(
                        "a curve point is [metric, value]; found [{metric}] without a value"
                    ))
                })?;
                if seq.next_element::<de::IgnoredAny>()?.is_some() {
                    return Err(de::Error::custom(
                        "a curve point is [metric, value], two entries; found more",
                    ));
                }
                Ok(CurvePoint { metric, value })
            }
        }
        deserializer.deserialize_seq(PointVisitor)
    }
}

impl Serialize for CurvePoint {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeTuple;
        let mut tuple = serializer.serialize_tuple(2)?;
        tuple.serialize_element(&self.metric)?;
        tuple.serialize_element(&self.value)?;
        tuple.end()
    }
}

mod check;
