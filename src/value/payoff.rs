//! Per-row payoffs of the four binary outcomes, with expressions evaluated row by row
//! ([`super::expression`]).
//!
//! Payoffs are per row because an expression such as `fn = "-12 * MonthlyCharges"` makes a
//! missed churner cost more when the customer pays more; constant amounts are simply repeated.

use polars_core::prelude::*;

use super::config::{Amount, Scenario, ValueConfig, MAX_MAGNITUDE};
use super::expression::{parse_expression, parse_with_columns, shown};
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
    let subset = if has_expressions(config) {
        take_rows(frame, rows)?
    } else {
        DataFrame::empty()
    };
    payoffs_of_rows(config, &subset, rows, scenario)
}

/// Whether an outcome of `config` is an expression, which needs the data's rows.
fn has_expressions(config: &ValueConfig) -> bool {
    config
        .outcomes()
        .iter()
        .any(|(_, amount)| matches!(amount, Amount::Expr { .. }))
}

/// Rows `rows` of `frame`, in that order.
fn take_rows(frame: &DataFrame, rows: &[usize]) -> Result<DataFrame> {
    let height = frame.height();
    if let Some(&bad) = rows.iter().find(|&&r| r >= height) {
        return Err(Error::internal(format!(
            "row {bad} asked for payoffs, but the data has {height} rows"
        )));
    }
    let indices: Vec<IdxSize> = rows.iter().map(|&r| r as IdxSize).collect();
    let indices = IdxCa::from_vec(PlSmallStr::from_static("rows"), indices);
    frame
        .take(&indices)
        .map_err(|err| Error::internal(format!("cannot select rows: {err}")))
}

/// [`row_payoffs`] on `subset`, the data's rows `rows` already taken (an empty frame when no
/// outcome is an expression).
fn payoffs_of_rows(
    config: &ValueConfig,
    subset: &DataFrame,
    rows: &[usize],
    scenario: Scenario,
) -> Result<RowPayoffs> {
    let column = |key: &str, amount: &Option<Amount>| -> Result<Vec<f64>> {
        match amount {
            None => Ok(vec![0.0; rows.len()]),
            Some(Amount::Number(number)) => Ok(vec![number.at(scenario); rows.len()]),
            Some(Amount::Expr { text, times }) => {
                let times = times.map_or(1.0, |number| number.at(scenario));
                evaluate(key, text, times, subset, rows)
            }
        }
    };
    Ok(RowPayoffs {
        tp: column("tp", &config.tp)?,
        fp: column("fp", &config.fp)?,
        fn_: column("fn", &config.fn_)?,
        tn: column("tn", &config.tn)?,
    })
}

/// The validation and test rows of a run's data file, read once for every pricing of the run
/// that needs them (each check of `--stop auto`, the models', the learning curve's): parsing the
/// whole file again for each was most of a check's time on a large file. Kept are the rows and
/// the columns the payoff expressions of the section that first asked name; a pricing asking for
/// other rows or columns reads the file again.
#[derive(Default)]
pub struct PayoffRows {
    kept: std::sync::OnceLock<RowsRead>,
    /// The file the `[value]` section was read from (the worthit.toml of a run, the run.json of
    /// a repriced one), named with the data file in a payoff's error.
    config_file: Option<std::path::PathBuf>,
}

/// Rows of a data file with the columns some payoff expressions name (as written).
struct RowsRead {
    columns: Vec<String>,
    validation_rows: Vec<usize>,
    test_rows: Vec<usize>,
    validation: DataFrame,
    test: DataFrame,
}

impl PayoffRows {
    /// Rows for the `[value]` section read from `config_file`, which its errors name.
    pub fn of_config(config_file: Option<&std::path::Path>) -> PayoffRows {
        PayoffRows {
            kept: Default::default(),
            config_file: config_file.map(std::path::Path::to_path_buf),
        }
    }

    /// The validation and test payoffs of a resolved `config` under `scenario`, reading the
    /// data file `path` only if these rows and the columns its expressions name are not kept.
    pub fn payoffs(
        &self,
        config: &ValueConfig,
        path: &std::path::Path,
        (validation_rows, test_rows): (&[usize], &[usize]),
        scenario: Scenario,
    ) -> Result<(RowPayoffs, RowPayoffs)> {
        if !has_expressions(config) {
            let no_columns = DataFrame::empty();
            return Ok((
                payoffs_of_rows(config, &no_columns, validation_rows, scenario)?,
                payoffs_of_rows(config, &no_columns, test_rows, scenario)?,
            ));
        }
        let columns = expression_columns(config, None)?;
        let fits = |kept: &RowsRead| {
            kept.validation_rows == validation_rows
                && kept.test_rows == test_rows
                && columns.iter().all(|c| kept.columns.contains(c))
        };
        let named = |err| naming_file(path, self.config_file.as_deref(), err);
        let fresh;
        let read = match self.kept.get() {
            Some(kept) if fits(kept) => kept,
            Some(_) => {
                fresh = RowsRead::read(path, config, validation_rows, test_rows, named)?;
                &fresh
            }
            None => {
                let read = RowsRead::read(path, config, validation_rows, test_rows, named)?;
                self.kept.get_or_init(|| read)
            }
        };
        let on_rows = |frame: &DataFrame, rows: &[usize]| {
            payoffs_of_rows(config, frame, rows, scenario).map_err(named)
        };
        Ok((
            on_rows(&read.validation, &read.validation_rows)?,
            on_rows(&read.test, &read.test_rows)?,
        ))
    }
}

/// `err` about the data file `path`, saying so when it is the user's (a payoff that is no
/// number for some row names the row, and now the file), and naming the file its `[value]`
/// came from, `config_file`, as the section's other checks do
/// ([`ValueConfig::check`], through `app::input::check_value`): "w.toml (checked
/// against d.csv): [value] fn = ... gives -inf for data row 6".
fn naming_file(path: &std::path::Path, config_file: Option<&std::path::Path>, err: Error) -> Error {
    match (err, config_file) {
        (Error::Input(message), Some(config)) => Error::input(format!(
            "{} (checked against {}): {message}",
            config.display(),
            path.display()
        )),
        (Error::Input(message), None) => Error::input(format!("{}: {message}", path.display())),
        (other, _) => other,
    }
}

impl RowsRead {
    /// The columns of the data file `path` that the expressions of `config` name, on its
    /// validation and test rows; `named` words an error about the file.
    fn read(
        path: &std::path::Path,
        config: &ValueConfig,
        validation_rows: &[usize],
        test_rows: &[usize],
        named: impl Fn(Error) -> Error,
    ) -> Result<RowsRead> {
        let frame = crate::data::read_frame(path)?;
        let in_file: Vec<String> = frame
            .get_column_names()
            .iter()
            .map(|name| name.to_string())
            .collect();
        let columns = expression_columns(config, None)?;
        let spelled = expression_columns(config, Some(&in_file)).map_err(named)?;
        let frame = frame
            .select(spelled.iter().map(String::as_str))
            .map_err(|err| Error::internal(format!("cannot select payoff columns: {err}")))?;
        Ok(RowsRead {
            validation: take_rows(&frame, validation_rows)?,
            test: take_rows(&frame, test_rows)?,
            columns,
            validation_rows: validation_rows.to_vec(),
            test_rows: test_rows.to_vec(),
        })
    }
}

/// The columns the outcome expressions of `config` name, each once: as written, or as the data
/// spells them when given its `columns` (a name may differ from its column in case).
fn expression_columns(config: &ValueConfig, columns: Option<&[String]>) -> Result<Vec<String>> {
    let mut names: Vec<String> = Vec::new();
    for (key, amount) in config.outcomes() {
        if let Amount::Expr { text, .. } = amount {
            let expression = match columns {
                Some(columns) => parse_with_columns(key, text, columns)?,
                None => parse_expression(key, text)?,
            };
            for name in expression.column_names() {
                if !names.iter().any(|n| n == name) {
                    names.push(name.to_string());
                }
            }
        }
    }
    Ok(names)
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
