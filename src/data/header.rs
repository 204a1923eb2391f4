//! A CSV's header: read as every CSV reader reads it (the `csv` crate), its separator found,
//! checked (no name twice, at most one column unnamed), and held up against the frame polars
//! reads: names polars leaves escaped are written as the header writes them, and a data row that
//! repeats the header (CSV files joined with their headers) is refused, naming its line.

use std::io::Read;
use std::path::Path;

use polars_core::prelude::*;

use super::read::{parse_number, MISSING_EVERYWHERE};
use crate::base::error::{Error, Result};

/// A CSV's header as the `csv` crate reads it: its separator and its columns' names, a quoted
/// name's doubled quote one quote (`"ci""ty"` is `ci"ty`).
pub(super) struct CsvHeader {
    /// The field separator.
    pub separator: u8,
    /// The columns' names as written, quotes undone; empty when the header does not read.
    pub names: Vec<String>,
}

/// A `csv` crate reader of the file (gzipped or not), fields split at `separator`, its first
/// record the header, records of any length.
fn csv_reader(path: &Path, separator: u8) -> std::io::Result<csv::Reader<Box<dyn Read>>> {
    let file = std::fs::File::open(path)?;
    let input: Box<dyn Read> = if path.to_string_lossy().to_lowercase().ends_with(".gz") {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    Ok(csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .delimiter(separator)
        .from_reader(input))
}

/// The file's separator and header, checked: a header that names a column twice, or leaves
/// two columns without a name, is refused (polars would rename the copy, `label_duplicated_0`,
/// and use it as a feature, a duplicated target then scoring perfectly). The separator is a
/// comma unless the header holds none and a semicolon (a European spreadsheet's export), a tab
/// or a bar: read with commas, such a file was one column, and its target "not among the
/// columns `a;b;y`".
pub(super) fn check_csv_header(path: &Path) -> Result<CsvHeader> {
    let header = |separator: u8| -> Result<Option<Vec<String>>> {
        let mut reader = csv_reader(path, separator)
            .map_err(|err| Error::input(format!("cannot read {}: {err}", path.display())))?;
        // A header that does not read is left to polars, whose error says more.
        let Ok(header) = reader.byte_headers() else {
            return Ok(None);
        };
        Ok(Some(
            header
                .iter()
                .map(|name| String::from_utf8_lossy(name).into_owned())
                .collect(),
        ))
    };
    let Some(mut written) = header(b',')? else {
        return Ok(CsvHeader {
            separator: b',',
            names: Vec::new(),
        });
    };
    let mut separator = b',';
    if let [only] = written.as_slice() {
        if let Some(found) = [b';', b'\t', b'|']
            .into_iter()
            .find(|&other| only.contains(char::from(other)))
        {
            separator = found;
            written = header(found)?.unwrap_or_default();
        }
    }
    let names: Vec<String> = written.iter().map(|name| name.trim().to_string()).collect();
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
    Ok(CsvHeader {
        separator,
        names: written,
    })
}

impl CsvHeader {
    /// The frame polars read from the file at `path`, with each column named as the header
    /// writes it, and refused when a data row repeats the header (naming its line).
    pub(super) fn as_written(&self, frame: DataFrame, path: &Path) -> Result<DataFrame> {
        let frame = self.names_unescaped(frame, path)?;
        if let Some(row) = repeated_header_row(&frame) {
            let line = repeated_header_line(path, self.separator).map_or_else(
                || format!("data row {}", row + 1),
                |line| format!("line {line}"),
            );
            return Err(Error::input(format!(
                "{}: {line} repeats the header, as CSV files joined with their headers do; remove it (and any other copy of the header) and run again",
                path.display()
            )));
        }
        Ok(frame)
    }

    /// `frame` with each column's name's quotes undone as the header's are: polars keeps a
    /// quoted name's doubled quote, so `"ci""ty"` named a column `ci""ty` (until 2026-12-06),
    /// where every CSV reader reads `ci"ty`.
    fn names_unescaped(&self, mut frame: DataFrame, path: &Path) -> Result<DataFrame> {
        let renames: Vec<(String, String)> = frame
            .columns()
            .iter()
            .zip(&self.names)
            .map(|(column, name)| (column.name().to_string(), name))
            .filter(|(read, name)| read != *name && read.replace("\"\"", "\"") == **name)
            .map(|(read, name)| (read, name.clone()))
            .collect();
        for (read, name) in renames {
            frame
                .rename(&read, name.into())
                .map_err(|err| Error::internal(format!("{}: {err}", path.display())))?;
        }
        Ok(frame)
    }
}

/// The first data row that repeats the header, each cell its column's name (CSV files joined
/// with their headers): read as data, its names became a category of every column, and every
/// numeric column text (until 2026-12-06). Only rows whose first text column holds that
/// column's name are looked at; a header whose every name reads as a number or a missing marker
/// is not looked for.
fn repeated_header_row(frame: &DataFrame) -> Option<usize> {
    let first_text = frame
        .columns()
        .iter()
        .find(|c| c.dtype() == &DataType::String)?;
    let name = first_text.name().as_str();
    let text = first_text.str().ok()?;
    let is_name = |column: &Column, row: usize| {
        let name = column.name().as_str();
        match column.get(row) {
            Ok(AnyValue::Null) => MISSING_EVERYWHERE.contains(&name.trim()),
            Ok(AnyValue::String(cell)) => cell == name,
            Ok(AnyValue::StringOwned(cell)) => cell.as_str() == name,
            Ok(AnyValue::Boolean(cell)) => name.trim().eq_ignore_ascii_case(&cell.to_string()),
            Ok(cell) => cell
                .extract::<f64>()
                .is_some_and(|x| parse_number(name) == Some(x)),
            Err(_) => false,
        }
    };
    text.iter()
        .enumerate()
        .filter(|(_, cell)| *cell == Some(name))
        .map(|(row, _)| row)
        .find(|&row| frame.columns().iter().all(|column| is_name(column, row)))
}

/// The line of the first record of a CSV that repeats its header, field for field; `None` when
/// no record does.
fn repeated_header_line(path: &Path, separator: u8) -> Option<u64> {
    let mut reader = csv_reader(path, separator).ok()?;
    let header = reader.byte_headers().ok()?.clone();
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record).ok()? {
        if record == header {
            return record.position().map(csv::Position::line);
        }
    }
    None
}
