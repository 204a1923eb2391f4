//! Reading a table (CSV, gzipped CSV or Parquet, through polars) and turning it into features and
//! a target.
//!
//! Rules, also in the README:
//! - text columns become categorical features; numeric and boolean columns are numeric;
//! - empty cells, `NA` and `?` are missing; so are `NULL`, `n/a`, `-`, `#N/A`, `None`, `nan`
//!   and the like in a column whose other values are numbers, and NaN; rows whose target is
//!   missing, NaN or infinite are dropped;
//! - ID-like columns (text or integer, a different value in every row) and constant columns are
//!   dropped with a notice; so are the columns listed in `drop`;
//! - a column that is missing in every row is an error: it usually means a broken export.

pub mod feature_scores;
mod header;
pub mod prepared;
mod read;
mod sniff;
mod target;

pub use target::labels_name_their_positive;
use target::target_values;
pub mod split;

pub use read::{check_has_rows, is_data_file, read_frame};

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use polars_core::prelude::*;

use serde::Serialize;

use crate::base::error::{Error, Result};
use crate::base::format::first_few;
use crate::base::task::{Label, TaskKind};
use crate::base::text::shortened;
use crate::engine::binning::{RawColumn, MISSING_CODE};
use crate::engine::tree::MAX_FEATURES;

/// Integer targets with at most this many distinct values are taken as classes.
const MAX_INTEGER_CLASSES: usize = 20;

/// Bytes of the data frame freed between two returns of memory to the system while its columns
/// become features: glibc keeps freed blocks of up to 32 MiB for reuse, so trimming more often
/// returns little more.
const TRIM_EVERY_BYTES: usize = 32 << 20;

/// The reason of a column the config's `drop` lists (`results.json`'s `columns_dropped`).
const LISTED_IN_DROP: &str = "listed in drop";

/// What to read and how to interpret it.
#[derive(Debug, Clone)]
pub struct DataSpec {
    /// The data file.
    pub path: PathBuf,
    /// Target column.
    pub target: String,
    /// Task, when the user fixed it.
    pub task: Option<TaskKind>,
    /// Positive class, when the user fixed it.
    pub positive_class: Option<Label>,
    /// Columns to leave out.
    pub drop: Vec<String>,
}

/// A feature column.
#[derive(Debug, Clone)]
pub struct Feature {
    /// Column name.
    pub name: String,
    /// Values.
    pub values: FeatureValues,
    /// Rows with a missing value.
    pub missing: usize,
}

/// Values of a feature column.
#[derive(Debug, Clone)]
pub enum FeatureValues {
    /// Numbers; NaN is missing.
    Numeric(Vec<f64>),
    /// Category codes into `levels`; [`MISSING_CODE`] is missing.
    Categorical {
        /// Code of each row.
        codes: Vec<u32>,
        /// Category names, by code.
        levels: Vec<String>,
    },
}

impl Feature {
    /// The column as the binning code sees it.
    pub fn raw(&self) -> RawColumn<'_> {
        match &self.values {
            FeatureValues::Numeric(values) => RawColumn::Numeric(values),
            FeatureValues::Categorical { codes, .. } => RawColumn::Categorical(codes),
        }
    }

    /// `numeric` or `categorical`.
    pub fn kind(&self) -> &'static str {
        match self.values {
            FeatureValues::Numeric(_) => "numeric",
            FeatureValues::Categorical { .. } => "categorical",
        }
    }
}

/// The target, aligned with the feature rows.
#[derive(Debug, Clone)]
pub enum TargetValues {
    /// Class index per row.
    Classes {
        /// Class of each row.
        y: Vec<u32>,
        /// Class names, by index (sorted).
        classes: Vec<String>,
        /// Index of the positive class (binary tasks).
        positive: Option<u32>,
    },
    /// Numeric target.
    Values(Vec<f64>),
}

/// The sets of class names that are one name but for case and surrounding spaces (`yes`, `Yes`,
/// ` yes`), as a careless export writes one class: a binary target then reads as multiclass,
/// each spelling a class of its own.
pub fn classes_alike(classes: &[String]) -> Vec<Vec<&str>> {
    let key = |c: &str| c.trim().to_lowercase();
    let mut groups: Vec<Vec<&str>> = Vec::new();
    for class in classes {
        match groups.iter_mut().find(|g| key(g[0]) == key(class)) {
            Some(group) => group.push(class),
            None => groups.push(vec![class]),
        }
    }
    groups.retain(|g| g.len() > 1);
    groups
}

/// Why a column is not used.
#[derive(Debug, Clone, Serialize)]
pub struct DroppedColumn {
    /// Column name.
    pub name: String,
    /// Plain-words reason.
    pub reason: String,
}

/// A loaded dataset.
#[derive(Debug, Clone)]
pub struct Table {
    /// The data file.
    pub path: PathBuf,
    /// BLAKE3 hash of the file's bytes.
    pub hash: String,
    /// Data rows in the file.
    pub rows_in_file: usize,
    /// Rows dropped because the target was missing.
    pub rows_missing_target: usize,
    /// Row number in the file (0-based, header excluded) of each kept row.
    pub file_rows: Vec<u32>,
    /// Used features.
    pub features: Vec<Feature>,
    /// Columns not used, with the reason.
    pub dropped: Vec<DroppedColumn>,
    /// Target column name.
    pub target_name: String,
    /// Task.
    pub task: TaskKind,
    /// Target values.
    pub target: TargetValues,
    /// What reading the data noticed (rows dropped for their target, classes alike, numbers
    /// read as text, the positive class chosen); dropped columns are in `dropped`.
    pub notices: Vec<String>,
}

impl Table {
    /// Every notice the terminal prints: what reading the data noticed, then the columns the
    /// config's `drop` lists, in one line (the user listed them: until 2026-12-06 each had a
    /// line of its own, 8 lines before the first answer on a `worthit init` config for KDD),
    /// then each column dropped for a reason of its own (ID-like, constant) with that reason.
    pub fn terminal_notices(&self) -> Vec<String> {
        let (listed, found): (Vec<_>, Vec<_>) = self
            .dropped
            .iter()
            .partition(|column| column.reason == LISTED_IN_DROP);
        let listed: Vec<String> = listed
            .iter()
            .map(|column| format!("`{}`", shortened(&column.name)))
            .collect();
        let listed = match listed.len() {
            0 => None,
            1 => Some(format!("dropped column {}: {LISTED_IN_DROP}", listed[0])),
            n => Some(format!(
                "dropped {n} columns {LISTED_IN_DROP}: {}",
                first_few(&listed, 12)
            )),
        };
        let found = found.into_iter().map(|column| {
            let name = shortened(&column.name);
            format!("dropped column `{name}`: {}", column.reason)
        });
        self.notices
            .iter()
            .cloned()
            .chain(listed)
            .chain(found)
            .collect()
    }

    /// Number of rows kept.
    pub fn n_rows(&self) -> usize {
        self.file_rows.len()
    }

    /// The metrics of `predictions` (row-major, as models return them) for `rows` of the table.
    pub fn metrics(&self, rows: &[u32], predictions: &[f64]) -> crate::metrics::Metrics {
        use crate::metrics::{classification_metrics, regression_metrics};
        match &self.target {
            TargetValues::Classes {
                y,
                classes,
                positive,
            } => {
                let truth: Vec<u32> = rows.iter().map(|&r| y[r as usize]).collect();
                classification_metrics(&truth, predictions, classes.len(), *positive)
            }
            TargetValues::Values(values) => {
                let truth: Vec<f64> = rows.iter().map(|&r| values[r as usize]).collect();
                regression_metrics(&truth, predictions)
            }
        }
    }

    /// The metrics of `predictions` on each half of `rows`, alternate rows in their order (the
    /// halves the priced answer reads too): what tells, without test rows, whether the rows can
    /// rank the trials at all, and what one half picks on the other earns.
    pub fn metrics_of_halves(
        &self,
        rows: &[u32],
        predictions: &[f64],
    ) -> [crate::metrics::Metrics; 2] {
        let width = predictions.len() / rows.len().max(1);
        [0, 1].map(|parity| {
            let half: Vec<u32> = rows.iter().skip(parity).step_by(2).copied().collect();
            let predicted: Vec<f64> = predictions
                .chunks(width.max(1))
                .skip(parity)
                .step_by(2)
                .flatten()
                .copied()
                .collect();
            self.metrics(&half, &predicted)
        })
    }

    /// Raw feature columns for binning.
    pub fn raw_columns(&self) -> Vec<RawColumn<'_>> {
        self.features.iter().map(Feature::raw).collect()
    }

    /// Lets go of the feature values once they are binned (models read only the bins); names,
    /// kinds, category levels and missing counts stay.
    pub fn release_values(&mut self) {
        for feature in &mut self.features {
            match &mut feature.values {
                FeatureValues::Numeric(values) => *values = Vec::new(),
                FeatureValues::Categorical { codes, .. } => *codes = Vec::new(),
            }
        }
    }
}

/// Hashes a file's bytes (BLAKE3, hex).
pub fn hash_file(path: &Path) -> Result<String> {
    let mut hasher = blake3::Hasher::new();
    let mut file = std::fs::File::open(path)
        .map_err(|err| Error::input(format!("cannot open {}: {err}", path.display())))?;
    std::io::copy(&mut file, &mut hasher)
        .map_err(|err| Error::input(format!("cannot read {}: {err}", path.display())))?;
    Ok(hasher.finalize().to_hex().to_string())
}

/// Loads and checks a dataset.
pub fn load(spec: &DataSpec) -> Result<Table> {
    let frame = read_frame(&spec.path)?;
    let hash = hash_file(&spec.path)?;
    from_frame(frame, spec, hash)
}

/// Builds a [`Table`] from a frame already read. Takes the frame to let go of each column as soon
/// as its feature is built: the whole frame and all the features at once would need the data's
/// memory twice over.
pub fn from_frame(frame: DataFrame, spec: &DataSpec, hash: String) -> Result<Table> {
    let file = spec.path.display().to_string();
    let names: Vec<String> = frame
        .columns()
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    check_has_rows(&frame, &spec.path)?;
    let Some(target_column) = frame
        .columns()
        .iter()
        .find(|c| c.name().as_str() == spec.target)
    else {
        let listed = names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        // Among 80 columns the one meant (`Sale_Price` for `SalePrice`) is hard to spot.
        let hint = crate::base::suggest::nearest(&spec.target, &names)
            .map_or(String::new(), |near| format!("did you mean `{near}`? "));
        return Err(Error::input(format!(
            "{file}: no column `{}` to use as the target; {hint}the columns are {listed}",
            spec.target
        )));
    };
    for name in &spec.drop {
        if !names.contains(name) {
            let hint = crate::base::suggest::nearest(name, &names)
                .map_or(String::new(), |near| format!("; did you mean `{near}`?"));
            return Err(Error::input(format!(
                "{file}: `drop` names column `{name}`, which the file does not have{hint}"
            )));
        }
    }
    // Rows with a missing target cannot teach or test anything, and a NaN or infinite one would
    // make every metric NaN (`read_frame` has already made NaN missing).
    let numeric_target = target_column.dtype().is_primitive_numeric();
    let target_usable = usable_targets(target_column, &file)?;
    let file_rows: Vec<u32> = (0..frame.height() as u32)
        .filter(|&row| target_usable[row as usize])
        .collect();
    let rows_missing_target = frame.height() - file_rows.len();
    let unusable = if numeric_target {
        "missing, NaN or infinite"
    } else {
        "missing"
    };
    let mut notices = Vec::new();
    if file_rows.is_empty() {
        return Err(Error::input(format!(
            "{file}: target column `{}` is {unusable} in every row",
            spec.target
        )));
    }
    if rows_missing_target > 0 {
        notices.push(format!(
            "dropped {rows_missing_target} {} whose target `{}` is {unusable}",
            if rows_missing_target == 1 {
                "row"
            } else {
                "rows"
            },
            shortened(&spec.target)
        ));
    }
    let (task, target) = target_values(target_column, &file_rows, spec, &file)?;
    if let TargetValues::Classes { classes, .. } = &target {
        let alike = classes_alike(classes);
        if !alike.is_empty() {
            let groups: Vec<String> = alike
                .iter()
                .map(|group| {
                    let names: Vec<String> = group.iter().map(|c| format!("`{c}`")).collect();
                    names.join(", ")
                })
                .collect();
            notices.push(format!(
                "target `{}` has classes that differ only in case or spaces ({}): each is a class of its own here; if they are one, clean the column",
                shortened(&spec.target),
                groups.join("; ")
            ));
        }
    }
    if let TargetValues::Classes {
        classes,
        positive: Some(p),
        ..
    } = &target
    {
        if spec.positive_class.is_none() {
            notices.push(format!(
                "positive class: `{}` (set [data] positive_class to change it)",
                classes[*p as usize]
            ));
        }
    }

    let mut features = Vec::new();
    let mut dropped = Vec::new();
    let rows_in_file = frame.height();
    let mut freed_since_trim = 0;
    for (position, column) in frame.into_columns().into_iter().enumerate() {
        let name = column.name().to_string();
        if name == spec.target {
            continue;
        }
        if spec.drop.contains(&name) {
            dropped.push(DroppedColumn {
                name,
                reason: LISTED_IN_DROP.into(),
            });
            continue;
        }
        if name.trim().is_empty() && column.null_count() < column.len() {
            dropped.push(unnamed_column(&column, position + 1, &file)?);
            continue;
        }
        let kept = select_rows(&column, &file_rows, &file)?;
        freed_since_trim += column.as_materialized_series().estimated_size();
        drop(column);
        // The frame's memory goes back to the system as its columns go, not after the last
        // one, so the frame and the features it becomes are never both whole in memory; but
        // once per TRIM_EVERY_BYTES freed, not per column: a trim walks the whole heap, and
        // per column it took 18% of a run on a 3,000-column file.
        if freed_since_trim >= TRIM_EVERY_BYTES {
            crate::base::process::return_freed_memory();
            freed_since_trim = 0;
        }
        if kept.null_count() == kept.len() && name.trim().is_empty() {
            // A separator at the end of every line (a spreadsheet's export): a column with
            // neither name nor values. The error below could only say to `drop` a column that
            // has no name to drop it by.
            dropped.push(DroppedColumn {
                name,
                reason: "no name and no value in any row (a separator at the end of each line)"
                    .into(),
            });
            continue;
        }
        if kept.null_count() == kept.len() {
            return Err(Error::input(format!(
                "{file}: column `{name}` is empty in every row; add it to `drop` in worthit.toml or fix the export"
            )));
        }
        let distinct = kept
            .n_unique()
            .map_err(|err| Error::input(format!("{file}: column `{name}`: {err}")))?;
        let has_null = kept.null_count() > 0;
        let distinct_values = distinct - usize::from(has_null);
        if distinct_values <= 1 && !has_null {
            dropped.push(DroppedColumn {
                name,
                reason: "constant".into(),
            });
            continue;
        }
        let dtype = kept.dtype().clone();
        let id_like = (dtype == DataType::String || dtype.is_integer())
            && kept.null_count() == 0
            && distinct == kept.len()
            && kept.len() > 1;
        let date = dates_read_as_text(&kept);
        if id_like {
            let reason = match date {
                Some(_) => format!("ID-like: a different value in every row (dates; {ISO_ONLY})"),
                None => "ID-like: a different value in every row".into(),
            };
            dropped.push(DroppedColumn { name, reason });
            continue;
        }
        let shown = shortened(&name);
        if let Some(example) = date {
            notices.push(format!(
                "column `{shown}` is read as text (categories), though its values are dates (\"{example}\"): {ISO_ONLY}"
            ));
        } else if let Some(example) = numbers_read_as_text(&kept) {
            notices.push(format!(
                "column `{shown}` is read as text (categories), though most of its values are numbers: \"{example}\" is not a number"
            ));
        }
        features.push(feature_from(&kept, &name, &file)?);
    }
    if features.is_empty() && dropped.is_empty() {
        // "after dropping " with nothing after it, until 2026-12-06.
        return Err(Error::input(format!(
            "{file}: no feature columns: the file has only the target `{}`; a model needs columns to predict it from",
            shortened(&spec.target)
        )));
    }
    if features.is_empty() {
        return Err(Error::input(format!(
            "{file}: no feature columns left after dropping {}",
            dropped
                .iter()
                .map(|d| format!("`{}` ({})", shortened(&d.name), d.reason))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    if features.len() > MAX_FEATURES {
        return Err(Error::input(format!(
            "{file}: {} feature columns; at most {MAX_FEATURES} fit the tree layout",
            features.len()
        )));
    }
    Ok(Table {
        path: spec.path.clone(),
        hash,
        rows_in_file,
        rows_missing_target,
        file_rows,
        features,
        dropped,
        target_name: spec.target.clone(),
        task,
        target,
        notices,
    })
}

/// A column the header leaves without a name but that holds values, at `position` (from 1):
/// dropped when its values are the row numbers (0 to n-1 or 1 to n, in order), as pandas'
/// `to_csv()` writes its index, else refused, since it is a feature nobody could name. Until
/// 2026-12-06 such a column was a feature with a blank name (row numbers were dropped as
/// "ID-like", named ``).
fn unnamed_column(column: &Column, position: usize, file: &str) -> Result<DroppedColumn> {
    match row_numbers(column, position) {
        Some(reason) => Ok(DroppedColumn {
            name: column.name().to_string(),
            reason,
        }),
        None => Err(Error::input(format!(
            "{file}: column {position} has no name in the header but holds values other than the row numbers; name it in the header line (e.g. `id` or what it measures), or drop it with drop = [\"\"] in [data] of worthit.toml"
        ))),
    }
}

/// Why a column at `position` (from 1) can be left out, when it holds the row numbers in order
/// (0 to n-1 or 1 to n), as pandas' `to_csv()` writes its index; `None` when it holds anything
/// else.
pub fn row_numbers(column: &Column, position: usize) -> Option<String> {
    let numbers = column.cast(&DataType::Float64).ok()?;
    let values = numbers.f64().ok()?;
    let start = values.get(0)?;
    let counts_rows = values
        .iter()
        .enumerate()
        .all(|(i, value)| value == Some(start + i as f64));
    ((start == 0.0 || start == 1.0) && counts_rows).then(|| {
        format!(
            "column {position}, without a name, holds the row numbers {} to {}, as pandas' to_csv() writes its index (to_csv(index=False) leaves it out)",
            crate::base::format::thousands(start),
            crate::base::format::thousands(start + column.len() as f64 - 1.0)
        )
    })
}

/// Per row, whether the target is there and, when numeric, finite.
fn usable_targets(column: &Column, file: &str) -> Result<Vec<bool>> {
    let present = column.is_not_null();
    if !column.dtype().is_float() {
        return Ok(present.iter().map(|v| v.unwrap_or(false)).collect());
    }
    let values = column
        .cast(&DataType::Float64)
        .map_err(|err| Error::internal(format!("{file}: column `{}`: {err}", column.name())))?;
    let values = values
        .f64()
        .map_err(|err| Error::internal(format!("{file}: column `{}`: {err}", column.name())))?;
    Ok(values
        .iter()
        .map(|v| v.is_some_and(f64::is_finite))
        .collect())
}

/// Why a date column in another form stays text, as a notice or a dropped column's reason says.
const ISO_ONLY: &str = "only YYYY-MM-DD dates are read as days, since 01/02/2024 is the 1st of February to some and the 2nd of January to others";

/// A text column whose every value is a date in a form other than ISO's: its first value, for a
/// notice that it is read as categories.
fn dates_read_as_text(series: &Series) -> Option<String> {
    let text = series.str().ok()?;
    let mut cells = text.iter().flatten().peekable();
    let first = *cells.peek()?;
    cells
        .all(read::is_other_date)
        .then(|| crate::base::text::terminal_safe(first).into_owned())
}

/// A text column most of whose values are numbers (a unit, a decimal comma, a typo in a few
/// cells): the first value that is not one, for a notice that it is read as categories.
fn numbers_read_as_text(series: &Series) -> Option<String> {
    let text = series.str().ok()?;
    let (mut numbers, mut first_other, mut total) = (0usize, None, 0usize);
    for cell in text.iter().flatten() {
        total += 1;
        if read::parse_formatted_number(cell).is_some() {
            numbers += 1;
        } else if first_other.is_none() {
            first_other = Some(cell);
        }
    }
    (numbers * 2 > total)
        .then_some(first_other)
        .flatten()
        .map(|cell| {
            crate::base::text::terminal_safe(cell)
                .chars()
                .take(40)
                .collect()
        })
}

fn select_rows(column: &Column, rows: &[u32], file: &str) -> Result<Series> {
    let series = column.as_materialized_series();
    if rows.len() == series.len() {
        return Ok(series.clone());
    }
    let index = IdxCa::from_vec("index".into(), rows.iter().map(|&r| r as IdxSize).collect());
    series
        .take(&index)
        .map_err(|err| Error::internal(format!("{file}: column `{}`: {err}", column.name())))
}

/// Whether a column of `dtype` (as [`read_frame`] leaves it) can be a feature: text, numbers
/// and booleans; not a nested column (a list or struct) or raw bytes.
pub fn usable_as_feature(dtype: &DataType) -> bool {
    matches!(dtype, DataType::String | DataType::Boolean) || dtype.is_primitive_numeric()
}

fn feature_from(series: &Series, name: &str, file: &str) -> Result<Feature> {
    let missing = series.null_count();
    let values = match series.dtype() {
        DataType::String => {
            let text = series
                .str()
                .map_err(|err| Error::internal(format!("{file}: column `{name}`: {err}")))?;
            let mut levels: Vec<String> = Vec::new();
            let mut index: HashMap<&str, u32> = HashMap::new();
            let codes = text
                .iter()
                .map(|value| match value {
                    None => MISSING_CODE,
                    Some(value) => *index.entry(value).or_insert_with(|| {
                        levels.push(value.to_string());
                        (levels.len() - 1) as u32
                    }),
                })
                .collect();
            FeatureValues::Categorical { codes, levels }
        }
        dtype if usable_as_feature(dtype) => FeatureValues::Numeric(to_f64(series, name, file)?),
        other => {
            return Err(Error::input(format!(
            "{file}: column `{name}` has type {other}, which worthit cannot use; add it to `drop`"
        )))
        }
    };
    Ok(Feature {
        name: name.to_string(),
        values,
        missing,
    })
}

fn to_f64(series: &Series, name: &str, file: &str) -> Result<Vec<f64>> {
    let cast = series
        .cast(&DataType::Float64)
        .map_err(|err| Error::input(format!("{file}: column `{name}`: {err}")))?;
    let values = cast
        .f64()
        .map_err(|err| Error::internal(format!("{file}: column `{name}`: {err}")))?;
    Ok(values.iter().map(|v| v.unwrap_or(f64::NAN)).collect())
}
