//! The target column: its task (detected unless fixed), its classes or values, checked, and
//! the positive class of a binary target.

use std::collections::HashMap;

use polars_core::prelude::*;

use super::{select_rows, to_f64, DataSpec, TargetValues, MAX_INTEGER_CLASSES};
use crate::base::error::{Error, Result};
use crate::base::format::thousands;
use crate::base::task::TaskKind;

/// The least standard deviation a regression target may have: its metrics are written to 4
/// decimals, so a smaller one leaves too few digits to tell models apart.
const MIN_TARGET_SPREAD: f64 = 1e-3;

/// `series` with every `-0.0` written `0.0` (floats only; anything else as it is).
fn without_negative_zero(series: Series) -> Series {
    let negative_zero = |x: f64| x == 0.0 && x.is_sign_negative();
    let name = series.name().clone();
    if let Ok(values) = series.f64() {
        if values.iter().flatten().any(negative_zero) {
            let fixed: Float64Chunked = values.iter().map(|v| v.map(|x| x + 0.0)).collect();
            return fixed.with_name(name).into_series();
        }
    } else if let Ok(values) = series.f32() {
        if values.iter().flatten().any(|x| negative_zero(f64::from(x))) {
            let fixed: Float32Chunked = values.iter().map(|v| v.map(|x| x + 0.0)).collect();
            return fixed.with_name(name).into_series();
        }
    }
    series
}

/// Detects the task (unless fixed) and encodes the target.
pub(super) fn target_values(
    column: &Column,
    rows: &[u32],
    spec: &DataSpec,
    file: &str,
) -> Result<(TaskKind, TargetValues)> {
    let name = &spec.target;
    // "Every row" of the rows with a target: a file whose target is mostly empty is told so,
    // not that its one label fills every row.
    let every_row = || match column.len().saturating_sub(rows.len()) {
        0 => "every row".to_string(),
        missing => format!(
            "every row that has one ({} of the file's {} rows have none)",
            thousands(missing as f64),
            thousands(column.len() as f64)
        ),
    };
    let series = select_rows(column, rows, file)?;
    let dtype = series.dtype().clone();
    // `-0.0` and `0.0` are one number but two labels once written as text, and `round()` of a
    // small negative number writes `-0.0`.
    let series = without_negative_zero(series);
    let numeric = dtype.is_primitive_numeric();
    let task = match spec.task {
        Some(task) => task,
        None => detect_task(&series, numeric, name, file)?,
    };
    if task == TaskKind::Regression {
        if !numeric {
            let example = series
                .str()
                .ok()
                .and_then(|s| s.iter().flatten().next().map(str::to_string))
                .unwrap_or_default();
            return Err(Error::input(format!(
                "{file}: target `{name}` is not numeric (it holds text such as \"{example}\"), so it cannot be a regression target"
            )));
        }
        let values = to_f64(&series, name, file)?;
        let distinct = series.n_unique().unwrap_or(0);
        if distinct < 2 {
            return Err(Error::input(format!(
                "{file}: target `{name}` has the same value in {}; there is nothing to learn",
                every_row()
            )));
        }
        // The trees keep their leaves' values, and boosting its residuals (up to twice the
        // largest value), in `f32`: a larger target predicted infinity and every metric was
        // lost, so the run ended without its answers (1e300 and 1e140 until 2026-12-06).
        let largest = values.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        let limit = f64::from(f32::MAX) / 2.0;
        if largest > limit {
            return Err(Error::input(format!(
                "{file}: target `{name}` has values as large as {largest:.2e}, beyond the {limit:.1e} the trees can hold; divide it by a power of ten"
            )));
        }
        // The other end: metrics are written to 4 decimals and amounts under 0.000001 as 0 (so
        // a gate reads two such models as tied), which hid a candidate 70% worse in RMSE on a
        // target of about 1e-6.
        let spread = crate::base::stats::deviation(&values).unwrap_or(0.0);
        if spread < MIN_TARGET_SPREAD {
            let power = (-spread.log10()).ceil().max(1.0);
            return Err(Error::input(format!(
                "{file}: target `{name}` varies by only {spread:.1e} (its standard deviation), too little for worthit's metrics, written to 4 decimals; multiply it by 1e{power} (or another power of ten) and read the answers in those units"
            )));
        }
        return Ok((task, TargetValues::Values(values)));
    }
    let as_text = series
        .cast(&DataType::String)
        .map_err(|err| Error::input(format!("{file}: target `{name}`: {err}")))?;
    // The rows' labels stay in polars' text column: a `String` per row, and a copy to sort
    // them into classes, took 300 MB at 3,000,000 rows, the peak of reading.
    let labels = as_text
        .str()
        .map_err(|err| Error::internal(format!("{file}: target `{name}`: {err}")))?;
    let mut classes: Vec<String> = labels
        .iter()
        .map(Option::unwrap_or_default)
        .collect::<std::collections::HashSet<&str>>()
        .into_iter()
        .map(str::to_string)
        .collect();
    sort_labels(&mut classes, numeric);
    if classes.len() < 2 {
        return Err(Error::input(format!(
            "{file}: target `{name}` has one class (`{}`) in {}; a classifier needs two or more",
            classes.first().map_or("", String::as_str),
            every_row()
        )));
    }
    // A class seen once can be learnt or measured, not both: a target with fewer than two rows a
    // class (an identifier, free text) failed only at the split, with "the validation part would
    // be empty", which named neither the file nor the column.
    if 2 * classes.len() > labels.len() {
        return Err(Error::input(format!(
            "{file}: target `{name}` has {} classes among {} rows, fewer than two rows a class, so a classifier can learn too few of them; is it an identifier or free text? Pick another column with --target",
            thousands(classes.len() as f64),
            thousands(labels.len() as f64)
        )));
    }
    let task = match (task, classes.len()) {
        (TaskKind::Binary, n) if n > 2 && spec.task.is_some() => {
            return Err(Error::input(format!(
                "{file}: task = \"binary\" but target `{name}` has {n} classes; use task = \"multiclass\""
            )))
        }
        // Detected as two values, written as more labels: the labels are the classes.
        (TaskKind::Binary, _) if classes.len() > 2 => TaskKind::Multiclass,
        (TaskKind::Multiclass, 2) => TaskKind::Binary,
        (task, _) => task,
    };
    let index: HashMap<&str, u32> = classes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i as u32))
        .collect();
    let y: Vec<u32> = labels
        .iter()
        .map(|l| index[l.unwrap_or_default()])
        .collect();
    let positive = if task == TaskKind::Binary {
        Some(positive_class(&classes, &y, spec, file)?)
    } else {
        None
    };
    Ok((
        task,
        TargetValues::Classes {
            y,
            classes,
            positive,
        },
    ))
}

fn detect_task(series: &Series, numeric: bool, name: &str, file: &str) -> Result<TaskKind> {
    if !numeric {
        let distinct = series.n_unique().unwrap_or(0);
        return Ok(if distinct > 2 {
            TaskKind::Multiclass
        } else {
            TaskKind::Binary
        });
    }
    let values = to_f64(series, name, file)?;
    let integral = values.iter().all(|v| v.fract() == 0.0);
    let mut distinct = values.clone();
    distinct.sort_unstable_by(f64::total_cmp);
    distinct.dedup();
    Ok(if !integral || distinct.len() > MAX_INTEGER_CLASSES {
        TaskKind::Regression
    } else if distinct.len() > 2 {
        TaskKind::Multiclass
    } else {
        TaskKind::Binary
    })
}

/// Numeric labels sort by value (so 2 < 10), text labels alphabetically.
fn sort_labels(labels: &mut [String], numeric: bool) {
    if numeric {
        labels.sort_by(|a, b| {
            let (x, y) = (
                a.parse::<f64>().unwrap_or(f64::NAN),
                b.parse::<f64>().unwrap_or(f64::NAN),
            );
            x.total_cmp(&y).then_with(|| a.cmp(b))
        });
    } else {
        labels.sort();
    }
}

/// The configured positive class, else `1` / `true` when the labels are 0/1 or false/true, else
/// the minority class (the event a model is usually built to find).
/// Whether two sorted classes are 0/1, false/true or no/yes (in any case): labels that name
/// their positive class, the later one, which is then positive however common.
pub fn labels_name_their_positive(classes: &[String]) -> bool {
    let lower: Vec<String> = classes.iter().map(|c| c.to_lowercase()).collect();
    [["0", "1"], ["false", "true"], ["no", "yes"]]
        .iter()
        .any(|pair| lower == *pair)
}

fn positive_class(classes: &[String], y: &[u32], spec: &DataSpec, file: &str) -> Result<u32> {
    if let Some(label) = &spec.positive_class {
        let wanted = label.as_text();
        return crate::base::task::class_position(classes, &wanted)
            .map(|p| p as u32)
            .ok_or_else(|| {
                Error::input(format!(
                    "{file}: positive_class `{wanted}` is not a class of `{}`; the classes are {}",
                    spec.target,
                    classes
                        .iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            });
    }
    if labels_name_their_positive(classes) {
        return Ok(1);
    }
    let ones = y.iter().filter(|&&c| c == 1).count();
    Ok(if ones <= y.len() - ones { 1 } else { 0 })
}
