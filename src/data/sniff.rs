//! What a data file is before polars reads it, and why it could not be read: another format
//! given as CSV (a workbook, JSON, UTF-16 text), a Parquet file that names a column twice, and
//! the first line that breaks the format, so an error names it instead of repeating polars'
//! message. The CSV's separator and header are `super::header`'s.

use std::io::Read;
use std::path::Path;

use crate::base::error::{Error, Result};

pub(super) fn damaged_parquet(path: &Path, reason: &str) -> Error {
    Error::input(format!(
        "cannot read {} as Parquet: the file is damaged or incomplete, or not Parquet ({})",
        path.display(),
        first_line(reason)
    ))
}

/// Why a Parquet file polars would not read is refused when it names a column twice (pyarrow
/// writes such a file): the name and the two positions, as a CSV's header is refused; `None`
/// when every name is one column's. Until 2026-12-06 such a file was "damaged or incomplete".
pub(super) fn duplicate_parquet_column(path: &Path) -> Option<String> {
    use polars_io::prelude::ParquetReader;
    use polars_io::SerReader;
    let mut reader = ParquetReader::new(std::fs::File::open(path).ok()?);
    let metadata = reader.get_metadata().ok()?;
    let names: Vec<&str> = metadata
        .schema()
        .fields()
        .iter()
        .map(|field| field.name())
        .collect();
    names.iter().enumerate().find_map(|(i, name)| {
        let j = names[i + 1..].iter().position(|other| other == name)?;
        Some(format!(
            "the file names column `{name}` twice (columns {} and {}); rename or remove one where the file is written",
            i + 1,
            i + j + 2
        ))
    })
}

/// Refuses a file that is plainly not a CSV, by its first bytes: a spreadsheet workbook (a zip
/// archive: .xlsx, .ods; or the older OLE container: .xls), JSON, or UTF-16 text. Read as CSV,
/// an .xlsx file gave "has no data rows", and a UTF-16 one "line 2 has 4 fields but the header
/// has 3".
pub(super) fn check_not_another_format(path: &Path) -> Result<()> {
    if path.to_string_lossy().to_lowercase().ends_with(".gz") {
        return Ok(());
    }
    let mut start = [0u8; 64];
    let read = std::fs::File::open(path)
        .and_then(|mut file| file.read(&mut start))
        .unwrap_or(0);
    let start = &start[..read];
    // JSON opens with `{"` or `[{`, `["`, `[[` (whitespace between): a CSV header `[id],x` does not.
    let mut visible = start.iter().filter(|b| !b.is_ascii_whitespace());
    let json = matches!(
        (visible.next(), visible.next()),
        (Some(b'{'), Some(b'"')) | (Some(b'['), Some(b'{' | b'"' | b'['))
    );
    // Excel's "Unicode Text" and some database tools write UTF-16: a byte-order mark, or a zero
    // byte beside every ASCII character. Read as UTF-8 it split into nonsense fields.
    let zeros = start.iter().filter(|&&b| b == 0).count();
    if start.starts_with(&[0xFF, 0xFE]) || start.starts_with(&[0xFE, 0xFF]) || zeros * 4 > read {
        return Err(Error::input(format!(
            "{} is UTF-16 text (as Excel's \"Unicode Text\" saves it); worthit reads CSV in UTF-8: save it as \"CSV UTF-8\"",
            path.display()
        )));
    }
    let what = if start.starts_with(b"PK\x03\x04") {
        "a zip archive, as a spreadsheet workbook is (.xlsx, .ods)"
    } else if start.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        "an old Excel workbook (.xls)"
    } else if json {
        "JSON"
    } else {
        return Ok(());
    };
    Err(Error::input(format!(
        "{} is {what}, not a CSV file: worthit reads CSV (optionally gzipped) and Parquet; export the sheet or table as CSV",
        path.display()
    )))
}

/// polars says what is wrong with a CSV but not where; the `csv` crate's strict reader finds the
/// first record that breaks the file's shape, with its line. Only plain (uncompressed) files.
pub(super) fn first_malformed_record(path: &Path, separator: u8) -> Option<String> {
    if path.to_string_lossy().to_lowercase().ends_with(".gz") {
        return None;
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .delimiter(separator)
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

/// The first line of a plain CSV that is not UTF-8, in words (an export in Latin-1 or
/// Windows-1252, whose accented letters polars reports only as "invalid utf-8 sequence");
/// `None` when every line is UTF-8 or the file is gzipped.
pub(super) fn first_line_not_utf8(path: &Path) -> Option<String> {
    use std::io::BufRead;
    if path.to_string_lossy().to_lowercase().ends_with(".gz") {
        return None;
    }
    let file = std::io::BufReader::new(std::fs::File::open(path).ok()?);
    for (index, line) in file.split(b'\n').enumerate() {
        if std::str::from_utf8(&line.ok()?).is_err() {
            return Some(format!(
                "line {} is not UTF-8 text (a Latin-1 or Windows-1252 export?); save the file as UTF-8",
                index + 1
            ));
        }
    }
    None
}

/// The first line of an error message, trimmed.
pub(super) fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().trim().to_string()
}
