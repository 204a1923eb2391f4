//! The per-row files of a run folder: `predictions/<model>.parquet` for every model and
//! `split.parquet`, written so a run can be priced, merged and re-rendered without training again.

use polars_core::prelude::*;

use polars_io::prelude::*;

use super::staging::PendingRun;
use crate::base::error::{io_error, Error, Result};
use crate::data::prepared::PreparedData;
use crate::data::split::Split;
use crate::data::{Table, TargetValues};
use crate::model::train::Predictions;

/// Longest model name (it names a file in the run folder).
pub const MAX_MODEL_NAME: usize = 64;

/// Why `name` cannot be a model's name, if it cannot: it names the file
/// `predictions/<name>.parquet`, so it is 1 to [`MAX_MODEL_NAME`] letters, digits, `.`, `_` or
/// `-`, starting with a letter or digit; a name from an edited `results.json` or `trials.jsonl`
/// such as `../../x` would read and write files outside the run folder.
pub fn unfit_model_name(name: &str) -> Option<String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    let fits = !name.is_empty()
        && name.len() <= MAX_MODEL_NAME
        && name.chars().all(allowed)
        && name.starts_with(|c: char| c.is_ascii_alphanumeric());
    (!fits).then(|| format!(
        "use 1 to {MAX_MODEL_NAME} letters, digits, `.`, `_` or `-`, starting with a letter or digit (it names a file in the run folder)"
    ))
}

/// Where the run folder `run_dir` keeps the predictions of `model`.
pub fn predictions_file(run_dir: &std::path::Path, model: &str) -> std::path::PathBuf {
    run_dir.join("predictions").join(format!("{model}.parquet"))
}

/// `predictions/<model>.parquet`: each validation and test row's file row, part and prediction
/// (`p_<class>` per class, or `prediction` for regression), for the value and bootstrap
/// analyses that need predictions, not only metrics.
pub fn write_predictions(
    pending: &PendingRun,
    prepared: &PreparedData,
    name: &str,
    predictions: &Predictions,
) -> Result<()> {
    write_split_predictions(pending, &prepared.table, &prepared.split, name, predictions)
}

/// [`write_predictions`] for a model worthit did not train (`worthit add-model`): the same file
/// from the run's table and split.
pub fn write_split_predictions(
    pending: &PendingRun,
    table: &Table,
    split: &Split,
    name: &str,
    predictions: &Predictions,
) -> Result<()> {
    let file_rows = &table.file_rows;
    let mut rows = Vec::new();
    let mut parts = Vec::new();
    for (part, indices) in [("validation", &split.validation), ("test", &split.test)] {
        for &row in indices.iter() {
            rows.push(file_rows[row as usize]);
            parts.push(part);
        }
    }
    let mut columns = vec![
        Column::new("row".into(), rows),
        Column::new("part".into(), parts),
    ];
    let names: Vec<String> = match &table.target {
        TargetValues::Classes { classes, .. } => classes.iter().map(|c| format!("p_{c}")).collect(),
        TargetValues::Values(_) => vec!["prediction".to_string()],
    };
    let width = names.len();
    for (k, column_name) in names.iter().enumerate() {
        let values: Vec<f64> = predictions
            .validation
            .chunks(width)
            .chain(predictions.test.chunks(width))
            .map(|row| row[k])
            .collect();
        columns.push(Column::new(column_name.as_str().into(), values));
    }
    let mut frame = DataFrame::new_infer_height(columns)
        .map_err(|err| Error::internal(format!("predictions table: {err}")))?;
    let path = predictions_file(pending.dir(), name);
    let folder = pending.dir().join("predictions");
    std::fs::create_dir_all(&folder).map_err(|err| io_error("create", &folder, err))?;
    let temporary = folder.join(format!(".{name}.parquet.tmp"));
    let file =
        std::fs::File::create(&temporary).map_err(|err| io_error("create", &temporary, err))?;
    ParquetWriter::new(file)
        .finish(&mut frame)
        .map_err(|err| Error::internal(format!("cannot write {}: {err}", path.display())))?;
    std::fs::rename(&temporary, &path).map_err(|err| io_error("rename into", &path, err))
}

/// `split.parquet`: the file row (0-based, header excluded) and part of every row used, so peers
/// (the benchmarks, a notebook) can reproduce the exact split.
pub fn write_split(pending: &PendingRun, prepared: &PreparedData) -> Result<()> {
    let file_rows = &prepared.table.file_rows;
    let mut rows = Vec::with_capacity(file_rows.len());
    let mut parts = Vec::with_capacity(file_rows.len());
    for (part, indices) in [
        ("train", &prepared.split.train),
        ("validation", &prepared.split.validation),
        ("test", &prepared.split.test),
    ] {
        for &row in indices.iter() {
            rows.push(file_rows[row as usize]);
            parts.push(part);
        }
    }
    let mut frame = DataFrame::new_infer_height(vec![
        Column::new("row".into(), rows),
        Column::new("part".into(), parts),
    ])
    .map_err(|err| Error::internal(format!("split table: {err}")))?;
    let path = pending.dir().join("split.parquet");
    let file = std::fs::File::create(&path).map_err(|err| io_error("create", &path, err))?;
    ParquetWriter::new(file)
        .finish(&mut frame)
        .map_err(|err| Error::internal(format!("cannot write {}: {err}", path.display())))?;
    Ok(())
}
