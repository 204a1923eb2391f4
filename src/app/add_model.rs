//! `worthit add-model`: adds a model trained elsewhere to a finished run from its predictions on
//! the run's validation and test rows, and prices it like any candidate.
//!
//! The predictions are checked whole before anything is written (exactly the run's validation
//! and test rows, once each; the run's classes; probabilities in [0, 1] summing to 1; no NaN),
//! then stored as `predictions/<name>.parquet` like worthit's own models', and the run is repriced
//! and re-rendered in a copy of its folder that replaces it only when everything is written, as
//! `worthit merge` lands a merged run. A model trained elsewhere is a candidate (in the value
//! table, the verdict and `worthit compare`) but no trial of the sweep: the diminishing-returns
//! curve and the sweep's cost leave it out.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use polars_core::prelude::*;

use super::render::write_reports;
use super::reopen::open_finished;
use super::reprice::reprice;
use crate::base::error::{io_error, Error, Result};
use crate::base::format::thousands;
use crate::data::split::Split;
use crate::data::{read_frame, Table, TargetValues};
use crate::model::train::Predictions;
use crate::model::{ExternalParams, ModelParams, ModelResult};
use crate::results::RunResults;
use crate::store::predictions::write_split_predictions;
use crate::store::staging::PendingRun;
use crate::value::number::{check_flag_amount, AmountFloor};

/// Probabilities of a row must sum to 1 within this; those within [`ROUNDED_SUM`] of 1 are
/// scaled to sum to 1.
const SUM_TOLERANCE: f64 = 1e-6;

/// How far from 1 probabilities written rounded can sum: three classes written to two decimals
/// (0.33 each) sum to 0.99. Until 2026-12-06 any sum off by more than [`SUM_TOLERANCE`] was
/// refused, so a file written with `float_format="%.2f"` could not be added.
const ROUNDED_SUM: f64 = 0.01;

/// What `worthit add-model` was asked.
#[derive(Debug, Clone)]
pub struct AddModelOptions {
    /// The finished run folder.
    pub dir: PathBuf,
    /// The predictions file (CSV, gzipped CSV or Parquet).
    pub predictions: PathBuf,
    /// The model's name in the run.
    pub name: String,
    /// Compute the training took, in core-seconds (absent: training is priced at 0).
    pub fit_seconds: Option<f64>,
    /// Compute to predict 1,000 rows, in core-seconds (absent: serving is priced at 0).
    pub predict_seconds_per_1000: Option<f64>,
    /// Fixed cost of the model besides compute, in the run's currency (absent: 0).
    pub trial_cost: Option<f64>,
    /// Replace a model of the same name that an earlier `add-model` added.
    pub replace: bool,
}

/// Adds the model and re-renders the run; gives the run folder and its new results.
pub fn add_model(options: &AddModelOptions) -> Result<(PathBuf, RunResults, Vec<String>)> {
    let dir = &options.dir;
    let (mut results, manifest) = open_finished(dir)?;
    check_name(&options.name)?;
    for (flag, value) in [
        ("--fit-seconds", options.fit_seconds),
        (
            "--predict-seconds-per-1000",
            options.predict_seconds_per_1000,
        ),
        ("--trial-cost", options.trial_cost),
    ] {
        if let Some(value) = value {
            check_flag_amount(flag, value, AmountFloor::Zero)?;
        }
    }
    make_room(&mut results, &options.name, options.replace, dir)?;
    check_outside(&options.predictions, dir)?;
    let (table, split) = manifest
        .reopen_data(&manifest.data_file, &results)?
        .map_err(|why| {
            Error::input(format!(
                "{why}, so predictions cannot be checked against the run's rows"
            ))
        })?;
    let (predictions, notices) = read_predictions(&options.predictions, &table, &split)?;
    let model = measure(options, &results, &table, &split, &predictions);

    // The data file and the predictions are inputs: the folder is never replaced if it holds
    // one (checked above with a clearer message for the predictions).
    let protected = vec![manifest.data_file.clone(), options.predictions.clone()];
    // Adding a model replaces the run through its staging folder, which would clear the
    // checkpoints an interrupted `--resume` left there.
    if let Some(staging) = crate::store::staging::interrupted_work(dir)? {
        return Err(Error::input(format!(
            "an interrupted --resume of {} left its finished trials in {}; continue it first (worthit run --resume {}) or remove that folder, then add the model",
            dir.display(),
            staging.display(),
            dir.display()
        )));
    }
    let pending = PendingRun::create(dir, true, protected)?;
    copy_tree(dir, pending.dir())?;
    write_split_predictions(&pending, &table, &split, &options.name, &predictions)?;
    results.models.push(model);
    reprice(pending.dir(), &manifest, &mut results)?;
    write_reports(&pending, &results)?;
    let dir = pending.commit()?;
    Ok((dir, results, notices))
}

/// Model names become file names in the run folder: letters, digits, `.`, `_` and `-` only,
/// starting with a letter or digit, and none of the names worthit gives its own models.
fn check_name(name: &str) -> Result<()> {
    let shown = crate::base::text::shortened(name);
    if let Some(why) = crate::store::predictions::unfit_model_name(name) {
        return Err(Error::input(format!("--name `{shown}`: {why}")));
    }
    let lower = name.to_ascii_lowercase();
    let is_trial = lower
        .strip_prefix("trial-")
        .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()));
    if lower == "baseline" || lower.starts_with("baseline-") || is_trial {
        return Err(Error::input(format!(
            "--name `{shown}`: `baseline`, `baseline-...` and `trial-N` are the names of worthit's own models; choose another"
        )));
    }
    Ok(())
}

/// Refuses a name already in the run (compared without case: the name is a file name), or,
/// with `replace`, drops the earlier model trained elsewhere of that name.
fn make_room(results: &mut RunResults, name: &str, replace: bool, dir: &Path) -> Result<()> {
    let same = |m: &ModelResult| m.name.eq_ignore_ascii_case(name);
    if results.learning_models.iter().any(same) {
        return Err(Error::input(format!(
            "{}: `{name}` is a model of the run's learning curve; choose another --name",
            dir.display()
        )));
    }
    let Some(at) = results.models.iter().position(same) else {
        return Ok(());
    };
    let existing = &results.models[at];
    if !existing.params.is_external() {
        return Err(Error::input(format!(
            "{}: `{}` is one of the run's own models; choose another --name",
            dir.display(),
            existing.name
        )));
    }
    if !replace {
        return Err(Error::input(format!(
            "{}: the run already has a model `{}`; choose another --name, or pass --replace to replace it",
            dir.display(),
            existing.name
        )));
    }
    results.models.remove(at);
    Ok(())
}

/// The predictions must be a file, outside the run folder (which is replaced whole), and the
/// command must not run from inside that folder.
fn check_outside(predictions: &Path, dir: &Path) -> Result<()> {
    if predictions.is_dir() {
        return Err(Error::input(format!(
            "--predictions {} is a folder; give the predictions file (CSV or Parquet)",
            predictions.display()
        )));
    }
    if !predictions.is_file() {
        return Err(Error::input(format!(
            "--predictions {}: no such file",
            predictions.display()
        )));
    }
    let Ok(folder) = dir.canonicalize() else {
        return Ok(());
    };
    if predictions
        .canonicalize()
        .is_ok_and(|file| file.starts_with(&folder))
    {
        return Err(Error::input(format!(
            "{} is inside the run folder {}; move it out first (add-model replaces the folder whole)",
            predictions.display(),
            dir.display()
        )));
    }
    if std::env::current_dir()
        .and_then(|cwd| cwd.canonicalize())
        .is_ok_and(|cwd| cwd.starts_with(&folder))
    {
        return Err(Error::input(format!(
            "the working directory is inside the run folder {}; run add-model from outside it (the folder is replaced whole)",
            dir.display()
        )));
    }
    Ok(())
}

/// The model's record: metrics from its predictions, costs as given.
fn measure(
    options: &AddModelOptions,
    results: &RunResults,
    table: &Table,
    split: &Split,
    predictions: &Predictions,
) -> ModelResult {
    // A candidate, not the baseline: a number after every other model's, and the family
    // `external` says it is no trial of the sweep.
    let trial = results
        .models
        .iter()
        .filter_map(|m| m.trial)
        .max()
        .map_or(0, |t| t + 1);
    let fit = options.fit_seconds.unwrap_or(0.0);
    // Serving is priced as wall time x the run's threads: core-seconds are stored as the wall
    // time they take on the run's threads.
    let per_1000 = options.predict_seconds_per_1000.unwrap_or(0.0) / results.threads.max(1) as f64;
    let rows = (split.validation.len() + split.test.len()) as f64;
    let source = options.predictions.file_name().map_or_else(
        || options.predictions.display().to_string(),
        |n| n.to_string_lossy().to_string(),
    );
    ModelResult {
        name: options.name.clone(),
        trial: Some(trial),
        params: ModelParams::External(ExternalParams {
            predictions: source,
            trial_cost: options.trial_cost,
            fit_timed: options.fit_seconds.is_some(),
            predict_timed: options.predict_seconds_per_1000.is_some(),
        }),
        validation: table.metrics(&split.validation, &predictions.validation),
        validation_halves: Some(
            table.metrics_of_halves(&split.validation, &predictions.validation),
        ),
        test: table.metrics(&split.test, &predictions.test),
        fit_seconds: fit,
        fit_cpu_seconds: fit,
        predict_seconds: per_1000 * rows / 1000.0,
        predict_seconds_per_1000_rows: per_1000,
        nodes: 0,
        bytes: 0,
        mean_depth: 0.0,
        test_interval: None,
        test_intervals: Vec::new(),
        test_gain: None,
    }
}

/// Copies the run folder `from` into the staging folder `to` (files and folders; no links).
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    let entries = std::fs::read_dir(from).map_err(|err| io_error("read", from, err))?;
    for entry in entries {
        let entry = entry.map_err(|err| io_error("read", from, err))?;
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        let kind = entry
            .file_type()
            .map_err(|err| io_error("inspect", &source, err))?;
        if kind.is_dir() {
            std::fs::create_dir_all(&target).map_err(|err| io_error("create", &target, err))?;
            copy_tree(&source, &target)?;
        } else if kind.is_file() {
            std::fs::copy(&source, &target).map_err(|err| io_error("copy", &source, err))?;
        }
    }
    Ok(())
}

/// Where a row of the predictions file is, for messages: a CSV line or a Parquet record.
fn place(path: &Path, index: usize) -> String {
    if path.to_string_lossy().to_lowercase().ends_with(".parquet") {
        format!("record {}", index + 1)
    } else {
        format!("line {}", index + 2)
    }
}

/// Reads and checks the predictions file against the run's table and split; gives the
/// predictions row-major in split order, as worthit's own models give them, and what was
/// forgiven on the way (a pandas index column, probabilities rounded).
fn read_predictions(
    path: &Path,
    table: &Table,
    split: &Split,
) -> Result<(Predictions, Vec<String>)> {
    let shown = path.display();
    let fail = |what: String| Error::input(format!("{shown}: {what}"));
    let mut frame = read_frame(path)?;
    let mut notices = Vec::new();
    // `to_csv()` without `index=False` writes pandas' index as a first column without a name.
    if let Some(position) = frame
        .get_column_names()
        .iter()
        .position(|name| name.trim().is_empty())
    {
        let column = &frame.columns()[position];
        let Some(why) = crate::data::row_numbers(column, position + 1) else {
            return Err(fail(format!(
                "column {} has no name in the header; name it `row` if it holds the run's row numbers, or leave it out",
                position + 1
            )));
        };
        notices.push(format!("{shown}: {why}: left out"));
        let name = column.name().clone();
        frame = frame.drop(&name).map_err(|err| fail(err.to_string()))?;
    }
    if frame.height() == 0 {
        return Err(fail(format!(
            "no rows; it needs a prediction for each of the run's {} validation and test rows",
            split.validation.len() + split.test.len()
        )));
    }
    let (columns, classes) = expected_columns(table);
    let wanted = columns.join(", ");
    for name in frame.get_column_names() {
        let name = name.as_str();
        if name == "row" || name == "part" || columns.iter().any(|c| c == name) {
            continue;
        }
        let text = crate::base::text::terminal_safe(name);
        return Err(fail(match (&classes, name.strip_prefix("p_")) {
            (Some(classes), Some(class)) => format!(
                "column `{text}`: `{}` is not a class of the run (its classes: {}; columns {wanted})",
                crate::base::text::terminal_safe(class),
                classes.join(", ")
            ),
            (None, _) if name.starts_with("p_") => format!(
                "column `{text}`: the run is a regression; write one `prediction` column (columns row, prediction)"
            ),
            _ => format!("unexpected column `{text}` (expected row, {wanted}; part is allowed)"),
        }));
    }
    for name in std::iter::once("row").chain(columns.iter().map(String::as_str)) {
        if frame.column(name).is_err() {
            let class = classes
                .as_ref()
                .and_then(|_| name.strip_prefix("p_"))
                .map(|c| format!(" (class {c})"))
                .unwrap_or_default();
            return Err(fail(format!(
                "no column `{name}`{class} (expected row, {wanted})"
            )));
        }
    }
    let rows = whole_numbers(&frame, path)?;
    let values = columns
        .iter()
        .map(|name| numbers(&frame, name, path))
        .collect::<Result<Vec<_>>>()?;

    // Where each validation and test row of the run goes: (test?, position in its part).
    let mut slot: HashMap<i64, (bool, usize)> = HashMap::new();
    for (test, rows) in [(false, &split.validation), (true, &split.test)] {
        for (i, &r) in rows.iter().enumerate() {
            slot.insert(i64::from(table.file_rows[r as usize]), (test, i));
        }
    }
    let train: std::collections::HashSet<i64> = split
        .train
        .iter()
        .map(|&r| i64::from(table.file_rows[r as usize]))
        .collect();
    let mut at: Vec<Option<usize>> = vec![None; slot.len()];
    let index_of = |test: bool, i: usize| if test { split.validation.len() + i } else { i };
    let mut placed = Vec::with_capacity(rows.len());
    for (k, &row) in rows.iter().enumerate() {
        let Some(&(test, i)) = slot.get(&row) else {
            let why = if train.contains(&row) {
                "a training row of the run; predict only its validation and test rows"
            } else {
                "not a row of the run's split (split.parquet)"
            };
            return Err(fail(format!("row {row} ({}): {why}", place(path, k))));
        };
        let index = index_of(test, i);
        if let Some(first) = at[index] {
            return Err(fail(format!(
                "row {row} appears twice ({} and {})",
                place(path, first),
                place(path, k)
            )));
        }
        at[index] = Some(k);
        placed.push((test, i));
    }
    let missing: Vec<(bool, usize)> = [(false, &split.validation), (true, &split.test)]
        .into_iter()
        .flat_map(|(test, rows)| (0..rows.len()).map(move |i| (test, i)))
        .filter(|&(test, i)| at[index_of(test, i)].is_none())
        .collect();
    if let Some(&(test, i)) = missing.first() {
        let rows = if test { &split.test } else { &split.validation };
        let part = if test { "test" } else { "validation" };
        return Err(fail(format!(
            "{} of the run's validation and test rows {} no prediction (first: row {}, a {part} row)",
            thousands(missing.len() as f64),
            if missing.len() == 1 { "has" } else { "have" },
            table.file_rows[rows[i] as usize]
        )));
    }

    let width = columns.len();
    let mut validation = vec![0.0; split.validation.len() * width];
    let mut test_values = vec![0.0; split.test.len() * width];
    for (c, (name, values)) in columns.iter().zip(values).enumerate() {
        for (k, value) in values.into_iter().enumerate() {
            if classes.is_some() && !(0.0..=1.0).contains(&value) {
                return Err(fail(format!(
                    "`{name}` is {value} at {} (row {}): probabilities lie in [0, 1]",
                    place(path, k),
                    rows[k]
                )));
            }
            let (test, i) = placed[k];
            let target = if test {
                &mut test_values
            } else {
                &mut validation
            };
            target[i * width + c] = value;
        }
    }
    if classes.is_some() {
        let mut rescaled = 0;
        for (k, &(test, i)) in placed.iter().enumerate() {
            let target = if test {
                &mut test_values
            } else {
                &mut validation
            };
            let row = &mut target[i * width..(i + 1) * width];
            let sum: f64 = row.iter().sum();
            if (sum - 1.0).abs() > ROUNDED_SUM {
                return Err(fail(format!(
                    "the probabilities of row {} ({}) sum to {sum}, not 1 (rounding within {ROUNDED_SUM} is accepted)",
                    rows[k],
                    place(path, k)
                )));
            }
            if (sum - 1.0).abs() > SUM_TOLERANCE {
                row.iter_mut().for_each(|p| *p /= sum);
                rescaled += 1;
            }
        }
        if rescaled > 0 {
            notices.push(format!(
                "{shown}: the probabilities of {} rows sum to within {ROUNDED_SUM} of 1 but not to 1, as rounded ones do: each such row is scaled to sum to 1",
                crate::base::format::thousands(rescaled as f64)
            ));
        }
    }
    Ok((
        Predictions {
            validation,
            test: test_values,
        },
        notices,
    ))
}

/// The prediction columns the run's task needs, and the class names of a classification.
fn expected_columns(table: &Table) -> (Vec<String>, Option<Vec<String>>) {
    match &table.target {
        TargetValues::Classes { classes, .. } => (
            classes.iter().map(|c| format!("p_{c}")).collect(),
            Some(classes.clone()),
        ),
        TargetValues::Values(_) => (vec!["prediction".to_string()], None),
    }
}

/// The `row` column: whole numbers, none missing.
fn whole_numbers(frame: &DataFrame, path: &Path) -> Result<Vec<i64>> {
    let fail = |what: String| Error::input(format!("{}: {what}", path.display()));
    let column = frame
        .column("row")
        .map_err(|err| fail(format!("no column `row` ({err})")))?;
    // A float column of whole numbers is what pandas writes for integers once a value was
    // missing; it was refused until 2026-12-06 as "holds f64, not whole numbers".
    if column.dtype().is_float() {
        let floats = column
            .cast(&DataType::Float64)
            .map_err(|err| fail(format!("column `row`: {err}")))?;
        let values = floats
            .f64()
            .map_err(|err| fail(format!("column `row`: {err}")))?;
        let unfit = values.iter().enumerate().find_map(|(k, v)| {
            v.filter(|v| !(v.fract() == 0.0 && v.abs() < 9e15))
                .map(|v| (k, v))
        });
        if let Some((k, value)) = unfit {
            return Err(fail(format!(
                "`row` is {value} at {}: not a row number (a whole number, the `row` of split.parquet)",
                place(path, k)
            )));
        }
    } else if !column.dtype().is_integer() {
        return Err(fail(format!(
            "column `row` holds {}, not whole numbers (the `row` of split.parquet)",
            column.dtype()
        )));
    }
    let column = column
        .cast(&DataType::Int64)
        .map_err(|err| fail(format!("column `row`: {err}")))?;
    let values = column
        .i64()
        .map_err(|err| fail(format!("column `row`: {err}")))?;
    values
        .iter()
        .enumerate()
        .map(|(k, v)| v.ok_or_else(|| fail(format!("`row` is missing at {}", place(path, k)))))
        .collect()
}

/// A prediction column as numbers: none missing, none NaN or infinite.
fn numbers(frame: &DataFrame, name: &str, path: &Path) -> Result<Vec<f64>> {
    let fail = |what: String| Error::input(format!("{}: {what}", path.display()));
    let column = frame
        .column(name)
        .map_err(|err| fail(format!("no column `{name}` ({err})")))?;
    if !column.dtype().is_primitive_numeric() {
        return Err(fail(format!(
            "column `{name}` holds {}, not numbers",
            column.dtype()
        )));
    }
    let column = column
        .cast(&DataType::Float64)
        .map_err(|err| fail(format!("column `{name}`: {err}")))?;
    let values = column
        .f64()
        .map_err(|err| fail(format!("column `{name}`: {err}")))?;
    values
        .iter()
        .enumerate()
        .map(|(k, v)| match v {
            None => Err(fail(format!(
                "`{name}` is missing (or NaN) at {}",
                place(path, k)
            ))),
            Some(v) if v.is_nan() => Err(fail(format!("`{name}` is NaN at {}", place(path, k)))),
            Some(v) if !v.is_finite() => Err(fail(format!(
                "`{name}` is not a finite number at {}",
                place(path, k)
            ))),
            Some(v) => Ok(v),
        })
        .collect()
}
