//! The `[value]` section of `worthit.toml`: what a decision is worth, how many decisions a year,
//! for how long, and what compute costs.
//!
//! Every number may be a range `[low, high]` because business figures are estimates; the four
//! binary outcomes may also be expressions over the row's columns (`fn = "-12 * MonthlyCharges"`),
//! because what a missed churner costs depends on the customer. Expressions are SQL expressions
//! evaluated by polars, so `greatest(...)`, `least(...)`, `abs(...)`, `CASE WHEN ...` all work and
//! nobody here maintains an expression parser.
//!
//! Sign convention: outcome amounts (`tp`, `fp`, `fn`, `tn`) are **payoffs** (money gained per
//! decision, negative for a loss), while `cost_matrix` holds **costs** (money lost, the negated
//! payoff) because that is how multiclass cost matrices are usually written. Value everywhere in
//! this module is payoff: a cost of 5 counts as a value of -5.

use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::error::{Error, Result};

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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

/// A number, or a range `[low, high]` for an uncertain one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// A known number.
    Fixed(f64),
    /// An estimate between `low` and `high` (`low <= high`, checked when parsed).
    Range(f64, f64),
}

impl Number {
    /// The number under `scenario`.
    pub fn at(self, scenario: Scenario) -> f64 {
        match self {
            Number::Fixed(value) => value,
            Number::Range(low, high) => match scenario {
                Scenario::Low => low,
                Scenario::Mid => 0.5 * (low + high),
                Scenario::High => high,
            },
        }
    }

    /// The lowest value the number can take.
    pub fn low(self) -> f64 {
        self.at(Scenario::Low)
    }
}

/// An outcome payoff: a number, a range, or an expression over the row's columns.
#[derive(Debug, Clone, PartialEq)]
pub enum Amount {
    /// The same number (or range) for every row.
    Number(Number),
    /// A polars SQL expression evaluated per row, e.g. `"-12 * MonthlyCharges"`.
    Expr(String),
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

    /// Checks the section against the data: `columns` are the data file's columns and
    /// `classes` the target's class names (empty for regression). Errors are one line naming the
    /// key, with a `[value]` prefix; the caller adds the file.
    pub fn check(&self, columns: &[String], classes: &[String]) -> Result<()> {
        for (key, number) in [
            ("decisions_per_year", self.decisions_per_year),
            ("horizon_years", self.horizon_years),
            ("core_hour", self.core_hour),
            ("trial_cost", self.trial_cost),
        ] {
            if let Some(number) = number {
                // Negative volumes or prices are always typos and would flip every verdict.
                if number.low() < 0.0 {
                    return Err(Error::input(format!(
                        "[value] {key} = {} must not be negative",
                        describe_number(number)
                    )));
                }
            }
        }
        if classes.len() < 2 {
            return Err(Error::input(
                "[value] needs a classification target (binary or multiclass); this target is not one",
            ));
        }
        let outcomes = self.outcomes();
        match (&self.cost_matrix, classes.len()) {
            (Some(_), _) if !outcomes.is_empty() => Err(Error::input(format!(
                "[value] give either tp/fp/fn/tn or cost_matrix, not both (found {} and cost_matrix)",
                outcomes[0].0
            ))),
            (Some(_), 2) => Err(Error::input(
                "[value] cost_matrix is for multiclass targets; this target is binary, so use tp, fp, fn and tn",
            )),
            (Some(matrix), _) => matrix.check(classes),
            (None, 2) => {
                if outcomes.is_empty() {
                    return Err(Error::input(
                        "[value] needs at least one of tp, fp, fn, tn for a binary target",
                    ));
                }
                for (key, amount) in outcomes {
                    if let Amount::Expr(text) = amount {
                        check_expression_columns(key, text, columns)?;
                    }
                }
                Ok(())
            }
            (None, n) => Err(Error::input(format!(
                "[value] the target has {n} classes: give a cost_matrix (tp/fp/fn/tn are for binary targets)"
            ))),
        }
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
        let position: Vec<usize> = classes
            .iter()
            .map(|class| {
                matrix
                    .classes
                    .iter()
                    .position(|c| c == class)
                    .ok_or_else(|| {
                        Error::input(format!("[value] cost_matrix lacks class `{class}`"))
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

impl CostMatrix {
    /// Checks the matrix is square, its classes are exactly the data's classes (in any order)
    /// and named once each.
    pub fn check(&self, classes: &[String]) -> Result<()> {
        let k = self.classes.len();
        for (i, class) in self.classes.iter().enumerate() {
            if self.classes[..i].contains(class) {
                return Err(Error::input(format!(
                    "[value] cost_matrix.classes names `{class}` twice"
                )));
            }
            if !classes.contains(class) {
                return Err(Error::input(format!(
                    "[value] cost_matrix.classes has `{class}`, which is not a class of the target (classes: {})",
                    quoted(classes)
                )));
            }
        }
        if let Some(missing) = classes.iter().find(|c| !self.classes.contains(c)) {
            return Err(Error::input(format!(
                "[value] cost_matrix.classes lacks the target's class `{missing}` (classes: {})",
                quoted(classes)
            )));
        }
        if self.matrix.len() != k {
            return Err(Error::input(format!(
                "[value] cost_matrix.matrix has {} rows; it needs {k}, one per class",
                self.matrix.len()
            )));
        }
        if let Some((row, cells)) = self.matrix.iter().enumerate().find(|(_, r)| r.len() != k) {
            return Err(Error::input(format!(
                "[value] cost_matrix.matrix row {} has {} entries; it needs {k}, one per class",
                row + 1,
                cells.len()
            )));
        }
        Ok(())
    }
}

/// Parses an expression with polars' SQL expression parser, naming the key on failure.
pub fn parse_expression(key: &str, text: &str) -> Result<polars::prelude::Expr> {
    parse_sql(text).map_err(|reason| Error::input(format!("[value] {key} = \"{text}\" {reason}")))
}

/// The parsed expression, or why it is not one (without the key, which callers add).
fn parse_sql(text: &str) -> std::result::Result<polars::prelude::Expr, String> {
    // polars can panic on some malformed input deep in its parser; that must be an input error.
    match std::panic::catch_unwind(|| polars::sql::sql_expr(text)) {
        Ok(Ok(expr)) => Ok(expr),
        Ok(Err(err)) => Err(format!("is not a valid expression: {err}")),
        Err(_) => Err("is not a valid expression".to_string()),
    }
}

/// Errors when `text` names a column that `columns` lacks, suggesting the nearest one.
fn check_expression_columns(key: &str, text: &str, columns: &[String]) -> Result<()> {
    let expr = parse_expression(key, text)?;
    for name in expr.meta().root_names() {
        if !columns.iter().any(|c| c.as_str() == name.as_str()) {
            let hint = crate::config::nearest(name.as_str(), columns)
                .map(|near| format!("; did you mean `{near}`?"))
                .unwrap_or_default();
            return Err(Error::input(format!(
                "[value] {key} = \"{text}\" names column `{name}`, which is not in the data{hint}"
            )));
        }
    }
    Ok(())
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn describe_number(number: Number) -> String {
    match number {
        Number::Fixed(value) => value.to_string(),
        Number::Range(low, high) => format!("[{low}, {high}]"),
    }
}

// Hand-written (de)serialisation: serde's untagged enums only say "did not match any variant",
// while these visitors say what was expected, and the config loader adds key and line.

struct NumberVisitor;

impl<'de> Visitor<'de> for NumberVisitor {
    type Value = Number;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number or a range [low, high]")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> std::result::Result<Number, E> {
        Ok(Number::Fixed(value as f64))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> std::result::Result<Number, E> {
        Ok(Number::Fixed(value as f64))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> std::result::Result<Number, E> {
        if !value.is_finite() {
            return Err(E::custom(format!("{value} is not a finite number")));
        }
        Ok(Number::Fixed(value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Number, A::Error> {
        let mut ends = Vec::with_capacity(2);
        while let Some(end) = seq.next_element::<FiniteNumber>()? {
            ends.push(end.0);
        }
        match ends[..] {
            [low, high] if low <= high => Ok(Number::Range(low, high)),
            [low, high] => Err(de::Error::custom(format!(
                "range [{low}, {high}] has its low end above its high end"
            ))),
            _ => Err(de::Error::custom(format!(
                "a range is [low, high], two numbers; found {} numbers",
                ends.len()
            ))),
        }
    }
}

/// One end of a range: a plain finite number.
struct FiniteNumber(f64);

impl<'de> Deserialize<'de> for FiniteNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct EndVisitor;
        impl<'de> Visitor<'de> for EndVisitor {
            type Value = f64;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> std::result::Result<f64, E> {
                Ok(value as f64)
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> std::result::Result<f64, E> {
                Ok(value as f64)
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> std::result::Result<f64, E> {
                NumberVisitor.visit_f64(value).map(|n| n.at(Scenario::Mid))
            }
        }
        deserializer.deserialize_any(EndVisitor).map(FiniteNumber)
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_any(NumberVisitor)
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        match *self {
            Number::Fixed(value) => serializer.serialize_f64(value),
            Number::Range(low, high) => [low, high].serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct AmountVisitor;
        impl<'de> Visitor<'de> for AmountVisitor {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number, a range [low, high] or an expression string")
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
            fn visit_str<E: de::Error>(self, text: &str) -> std::result::Result<Amount, E> {
                // Parse now so a syntax error is reported with the key and line of the config.
                parse_sql(text)
                    .map_err(|reason| E::custom(format!("\"{text}\" {reason}")))
                    .map(drop)?;
                Ok(Amount::Expr(text.to_string()))
            }
        }
        deserializer.deserialize_any(AmountVisitor)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Amount::Number(number) => number.serialize(serializer),
            Amount::Expr(text) => serializer.serialize_str(text),
        }
    }
}
