//! Per-row payoffs of the four binary outcomes, with expressions evaluated row by row
//! ([`super::expression`]).
//!
//! Payoffs are per row because an expression such as `fn = "-12 * MonthlyCharges"` makes a
//! missed churner cost more when the customer pays more; constant amounts are simply repeated.

use polars_core::prelude::*;

use super::config::{Amount, Scenario, ValueConfig, MAX_MAGNITUDE};
use super::expression::{parse_with_columns, shown};
use crate::base::error::{Error, Result};

/// Payoffs of each outcome for each row of a set of rows (all four vectors have one entry per
/// row, in the order the rows were asked for).
#[derive(Debug, Clone, PartialEq)]
pub struct RowPayoffs {
    /// Payoff if the row is predicted positive and is positive.
    pub tp: Vec<f64>,
    /// Payoff if the row is predicted positive and is negative.
    pub fp: Vec<f64>,
    /// Payoff if the row is predicted negative and is positive.
    pub fn_: Vec<f64>,
    /// Payoff if the row is predicted negative and is negative.
    pub tn: Vec<f64>,
}

impl RowPayoffs {
    /// The same four payoffs for each of `n` rows.
    pub fn constant(n: usize, tp: f64, fp: f64, fn_: f64, tn: f64) -> RowPayoffs {
        RowPayoffs {
            tp: vec![tp; n],
            fp: vec![fp; n],
            fn_: vec![fn_; n],
            tn: vec![tn; n],
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.tp.len()
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.tp.is_empty()
    }

    /// The payoffs of `rows` (indices into these rows), in that order.
    pub fn select(&self, rows: &[usize]) -> RowPayoffs {
        let pick = |column: &[f64]| rows.iter().map(|&i| column[i]).collect();
        RowPayoffs {
            tp: pick(&self.tp),
            fp: pick(&self.fp),
            fn_: pick(&self.fn_),
            tn: pick(&self.tn),
        }
    }

    /// The payoff row `i` earns when `predicted_positive` and its actual class is `positive`.
    pub fn payoff(&self, i: usize, positive: bool, predicted_positive: bool) -> f64 {
        match (positive, predicted_positive) {
            (true, true) => self.tp[i],
            (false, true) => self.fp[i],
            (true, false) => self.fn_[i],
            (false, false) => self.tn[i],
        }
    }
}

/// Payoffs of the four outcomes for `rows` (0-based row indices into `frame`, the data file as
/// read by [`crate::data::read_frame`]; only read when an outcome is an expression) under
/// `scenario`. An absent outcome is worth 0.
///
/// Errors (one line, naming the key) when an expression names a missing column, is not numeric,
/// or gives no value or a non-finite value for one of the rows.
pub fn row_payoffs(
    config: &ValueConfig,
    frame: &DataFrame,
    rows: &[usize],
    scenario: Scenario,
) -> Result<RowPayoffs> {
    // Evaluate only on the rows wanted: test and validation are a fraction of the file.
    let needs_frame = config
        .outcomes()
        .iter()
        .any(|(_, amount)| matches!(amount, Amount::Expr { .. }));
    let subset = if needs_frame {
        let height = frame.height();
        if let Some(&bad) = rows.iter().find(|&&r| r >= height) {
            return Err(Error::internal(format!(
                "row {bad} asked for payoffs, but the data has {height} rows"
            )));
        }
        let indices: Vec<IdxSize> = rows.iter().map(|&r| r as IdxSize).collect();
        let indices = IdxCa::from_vec(PlSmallStr::from_static("rows"), indices);
        Some(
            frame
                .take(&indices)
                .map_err(|err| Error::internal(format!("cannot select rows: {err}")))?,
        )
    } else {
        None
    };
    let column = |key: &str, amount: &Option<Amount>| -> Result<Vec<f64>> {
        match (amount, &subset) {
            (None, _) => Ok(vec![0.0; rows.len()]),
            (Some(Amount::Number(number)), _) => Ok(vec![number.at(scenario); rows.len()]),
            (Some(Amount::Expr { text, times }), Some(subset)) => {
                let times = times.map_or(1.0, |number| number.at(scenario));
                evaluate(key, text, times, subset, rows)
            }
            (Some(Amount::Expr { .. }), None) => Err(Error::internal("expression without a frame")),
        }
    };
    Ok(RowPayoffs {
        tp: column("tp", &config.tp)?,
        fp: column("fp", &config.fp)?,
        fn_: column("fn", &config.fn_)?,
        tn: column("tn", &config.tn)?,
    })
}

/// Evaluates expression `text` (the value of `key`) times `times` on every row of `subset`;
/// `rows` are the file rows `subset` was taken from, only to name a row in errors.
fn evaluate(
    key: &str,
    text: &str,
    times: f64,
    subset: &DataFrame,
    rows: &[usize],
) -> Result<Vec<f64>> {
    let columns: Vec<String> = subset
        .get_column_names()
        .iter()
        .map(|name| name.to_string())
        .collect();
    let expr = parse_with_columns(key, text, &columns)?;
    let values = expr.numbers(subset).map_err(|failed| {
        // Name the file row (1-based, after the header) so the user can find it.
        let row = rows.get(failed.row).map_or(failed.row, |&r| r) + 1;
        Error::input(format!(
            "[value] {key} = {} cannot be evaluated for data row {row}: {}",
            shown(text),
            failed.reason
        ))
    })?;
    if values.len() != rows.len() {
        return Err(Error::internal(format!(
            "[value] {key} gave {} values for {} rows",
            values.len(),
            rows.len()
        )));
    }
    // The factor is named in errors only when there is one.
    let what = if times == 1.0 {
        shown(text)
    } else {
        format!("{} times {times}", shown(text))
    };
    values
        .into_iter()
        .zip(rows)
        .map(|(value, &row)| match value.map(|v| v * times) {
            Some(v) if v.is_finite() && v.abs() <= MAX_MAGNITUDE => Ok(v),
            // Name the file row (1-based, after the header) so the user can find it.
            Some(v) if v.is_finite() => Err(Error::input(format!(
                "[value] {key} = {what} gives {v:e} for data row {}, beyond ±1e15, larger than any business number",
                row + 1
            ))),
            Some(v) => Err(Error::input(format!(
                "[value] {key} = {what} gives {v} for data row {}",
                row + 1
            ))),
            None => Err(Error::input(format!(
                "[value] {key} = {what} gives no value for data row {} ({})",
                row + 1,
                expr.why_no_value()
            ))),
        })
        .collect()
}
