//! Reading a data file into a polars frame: regular files only, one name per column, the
//! missing-value markers spreadsheets and databases export, and Parquet dictionary columns as
//! text. What polars cannot read becomes one line naming the file and, where it can be found,
//! the line.

use std::io::Read;
use std::path::Path;

use polars_core::prelude::*;

use polars_io::prelude::*;

use crate::base::error::{Error, Result};
use crate::base::files::{file_or_folder, PathKind};

/// Missing in every column, as polars reads the CSV.
const MISSING_EVERYWHERE: [&str; 3] = ["", "NA", "?"];

/// Also missing in a column whose other values are all numbers. In a text column these are
/// ordinary values (a class may be called `None`), so they cannot go to polars' reader.
const NUMERIC_MISSING_MARKERS: [&str; 9] = [
    "NULL", "null", "n/a", "N/A", "-", "#N/A", "None", "nan", "NaN",
];

/// True for the file names worthit reads.
pub fn is_data_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    name.ends_with(".csv") || name.ends_with(".csv.gz") || name.ends_with(".parquet")
}

/// Reads the file into a polars frame. polars is asked to infer types from every row, so a
/// column is never typed from a lucky first page. Then every column is made plain: missing
/// markers in numeric columns and NaN become missing, dictionary columns become text.
pub fn read_frame(path: &Path) -> Result<DataFrame> {
    if file_or_folder(path, "data file")? == PathKind::Folder {
        return Err(Error::input(format!(
            "{} is a folder without a worthit.toml; pass a CSV or Parquet file or a dataset folder",
            path.display()
        )));
    }
    let parquet = path.to_string_lossy().to_lowercase().ends_with(".parquet");
    if !parquet {
        check_csv_header(path)?;
    }
    let owned = path.to_path_buf();
    // polars reports most bad input as errors, but a malformed file can still reach an internal
    // assertion; a panic there must become the same one-line error, not a crash.
    let outcome = without_panic_message(move || {
        std::panic::catch_unwind(move || -> PolarsResult<DataFrame> {
            if parquet {
                let file = std::fs::File::open(&owned)?;
                ParquetReader::new(file).finish()
            } else {
                let null_values = MISSING_EVERYWHERE
                    .iter()
                    .map(|s| PlSmallStr::from(*s))
                    .collect();
                CsvReadOptions::default()
                    .with_has_header(true)
                    .with_infer_schema_length(None)
                    .with_parse_options(
                        CsvParseOptions::default()
                            .with_null_values(Some(NullValues::AllColumns(null_values))),
                    )
                    .try_into_reader_with_file_path(Some(owned))?
                    .finish()
            }
        })
    });
    let frame = match outcome {
        Ok(Ok(frame)) => frame,
        Ok(Err(err)) if parquet => return Err(damaged_parquet(path, &err.to_string())),
        Err(_) if parquet => return Err(damaged_parquet(path, "polars stopped reading it")),
        Ok(Err(err)) => {
            let reason =
                first_malformed_record(path).unwrap_or_else(|| first_line(&err.to_string()));
            return Err(Error::input(format!(
                "cannot read {} as CSV: {reason}",
                path.display()
            )));
        }
        Err(_) => {
            return Err(Error::input(format!(
                "cannot read {} as CSV: the file is malformed",
                path.display()
            )))
        }
    };
    plain_columns(frame, !parquet, path)
}

/// Runs `work` with the panic message silenced: a panic it catches is reported as one line by
/// the caller, not also as polars' backtrace on stderr.
fn without_panic_message<T>(work: impl FnOnce() -> T) -> T {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = work();
    std::panic::set_hook(previous);
    result
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().trim().to_string()
}

fn damaged_parquet(path: &Path, reason: &str) -> Error {
    Error::input(format!(
        "cannot read {} as Parquet: the file is damaged or incomplete, or not Parquet ({})",
        path.display(),
        first_line(reason)
    ))
}

/// Refuses a header that names a column twice, or leaves two columns without a name: polars
/// would rename the copy (`label_duplicated_0`) and use it as a feature, a duplicated target
/// then scoring perfectly.
fn check_csv_header(path: &Path) -> Result<()> {
    let cannot = |err: &dyn std::fmt::Display| {
        Error::input(format!("cannot read {}: {err}", path.display()))
    };
    let file = std::fs::File::open(path).map_err(|err| cannot(&err))?;
    let input: Box<dyn Read> = if path.to_string_lossy().to_lowercase().ends_with(".gz") {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(input);
    // A header that does not read is left to polars, whose error says more.
    let Ok(header) = reader.byte_headers() else {
        return Ok(());
    };
    let names: Vec<String> = header
        .iter()
        .map(|name| String::from_utf8_lossy(name).trim().to_string())
        .collect();
    let unnamed = names.iter().filter(|name| name.is_empty()).count();
    if unnamed > 1 {
        return Err(Error::input(format!(
            "{}: the header leaves {unnamed} columns without a name; name every column",
            path.display()
        )));
    }
    for (i, name) in names.iter().enumerate() {
        if let Some(j) = names[i + 1..].iter().position(|other| other == name) {
            return Err(Error::input(format!(
                "{}: the header names column `{name}` twice (columns {} and {}); rename or remove one",
                path.display(),
                i + 1,
                i + j + 2
            )));
        }
    }
    Ok(())
}

/// Every column as `from_frame` expects it: dictionary (categorical) columns as text, NaN as
/// missing, and in CSV text columns whose values are numbers apart from missing markers,
/// numbers with those markers missing.
fn plain_columns(frame: DataFrame, csv: bool, path: &Path) -> Result<DataFrame> {
    let columns = frame
        .columns()
        .iter()
        .map(|column| {
            let series = column.as_materialized_series();
            let plain = match series.dtype() {
                DataType::Categorical(..) | DataType::Enum(..) => {
                    series.cast(&DataType::String).map_err(|err| {
                        Error::input(format!(
                            "{}: column `{}`: {err}",
                            path.display(),
                            series.name()
                        ))
                    })?
                }
                DataType::Float64 | DataType::Float32 => nan_as_missing(series)?,
                DataType::String if csv => numbers_with_markers(series)?.unwrap_or(series.clone()),
                _ => series.clone(),
            };
            Ok(Column::from(plain))
        })
        .collect::<Result<Vec<Column>>>()?;
    DataFrame::new_infer_height(columns)
        .map_err(|err| Error::internal(format!("{}: {err}", path.display())))
}

fn nan_as_missing(series: &Series) -> Result<Series> {
    let values = series
        .cast(&DataType::Float64)
        .map_err(|err| Error::internal(format!("column `{}`: {err}", series.name())))?;
    let values = values
        .f64()
        .map_err(|err| Error::internal(format!("column `{}`: {err}", series.name())))?;
    if !values.iter().any(|v| v.is_some_and(f64::is_nan)) {
        return Ok(series.clone());
    }
    let cleaned: Float64Chunked = values.iter().map(|v| v.filter(|x| !x.is_nan())).collect();
    Ok(cleaned.with_name(series.name().clone()).into_series())
}

/// A text column whose every value is a number or a missing marker, as numbers (markers and NaN
/// missing); `None` when some value is neither, or no value is a number.
fn numbers_with_markers(series: &Series) -> Result<Option<Series>> {
    let text = series
        .str()
        .map_err(|err| Error::internal(format!("column `{}`: {err}", series.name())))?;
    let mut any_number = false;
    let mut values = Vec::with_capacity(text.len());
    for cell in text.iter() {
        let value = match cell.map(str::trim) {
            None => None,
            Some(cell) if cell.is_empty() || NUMERIC_MISSING_MARKERS.contains(&cell) => None,
            Some(cell) => match parse_number(cell) {
                Some(number) => {
                    any_number = true;
                    Some(number).filter(|x| !x.is_nan())
                }
                None => return Ok(None),
            },
        };
        values.push(value);
    }
    if !any_number {
        return Ok(None);
    }
    let numbers: Float64Chunked = values.into_iter().collect();
    Ok(Some(numbers.with_name(series.name().clone()).into_series()))
}

/// A cell as a number, as polars would read it in a numeric column (`1e3`, `-2.5`, `inf`).
pub(super) fn parse_number(cell: &str) -> Option<f64> {
    cell.trim().parse::<f64>().ok()
}

/// polars says what is wrong with a CSV but not where; the `csv` crate's strict reader finds the
/// first record that breaks the file's shape, with its line. Only plain (uncompressed) files.
fn first_malformed_record(path: &Path) -> Option<String> {
    if path.to_string_lossy().to_lowercase().ends_with(".gz") {
        return None;
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_path(path)
        .ok()?;
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => continue,
            Ok(false) => return None,
            Err(err) => {
                return Some(match err.kind() {
                    csv::ErrorKind::UnequalLengths {
                        pos,
                        expected_len,
                        len,
                    } => {
                        let line = pos.as_ref().map_or(0, |p| p.line());
                        format!("line {line} has {len} fields but the header has {expected_len}")
                    }
                    csv::ErrorKind::Utf8 { pos, .. } => {
                        let line = pos.as_ref().map_or(0, |p| p.line());
                        format!("line {line} is not valid UTF-8 text")
                    }
                    _ => err.to_string(),
                })
            }
        }
    }
}
