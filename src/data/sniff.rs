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

/// The first quote that breaks a plain CSV's quoting, in words: a quote inside a field that does
/// not start with one (`116"`), or text after a quoted field's closing quote, or a quoted field
/// that never closes. The `csv` crate reads such a quote as a character and finds every line's
/// fields; polars opens a quoted field there and runs the following lines into it, and reports
/// only a count of rows in a chunk of bytes. `None` when the quoting is sound or the file is
/// gzipped.
pub(super) fn first_stray_quote(path: &Path, separator: u8) -> Option<String> {
    use std::io::BufRead;
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    if path.to_string_lossy().to_lowercase().ends_with(".gz") {
        return None;
    }
    let file = std::io::BufReader::new(std::fs::File::open(path).ok()?);
    let mut names: Vec<String> = Vec::new();
    let column = |names: &[String], field: usize| match names.get(field) {
        Some(name) => format!("column `{}`", crate::base::text::shortened(name)),
        None => format!("field {}", field + 1),
    };
    let (mut state, mut field, mut opened_at) = (State::FieldStart, 0, 0);
    for (index, line) in file.split(b'\n').enumerate() {
        let line = line.ok()?;
        let number = index + 1;
        if state != State::Quoted {
            field = 0;
        }
        for &byte in line.strip_suffix(b"\r").unwrap_or(&line) {
            state = match (state, byte) {
                (State::Quoted, b'"') => State::QuoteInQuoted,
                (State::Quoted, _) => State::Quoted,
                (State::QuoteInQuoted, b'"') => State::Quoted,
                (State::FieldStart, b'"') => {
                    opened_at = number;
                    State::Quoted
                }
                (State::Unquoted, b'"') => {
                    return Some(format!(
                        "line {number} has a quote inside a field that does not start with one ({}), which opens a quoted field there and runs the following lines into it: remove the quote, or quote the whole field and double the quote inside it",
                        column(&names, field)
                    ));
                }
                (State::QuoteInQuoted, _) if byte != separator => {
                    return Some(format!(
                        "line {number} has text after a quoted field's closing quote ({}): double a quote meant inside the field",
                        column(&names, field)
                    ));
                }
                (_, _) if byte == separator => {
                    field += 1;
                    State::FieldStart
                }
                (_, _) => State::Unquoted,
            };
        }
        if state != State::Quoted {
            state = State::FieldStart;
        }
        if index == 0 && state == State::FieldStart {
            names = csv::ReaderBuilder::new()
                .has_headers(false)
                .delimiter(separator)
                .from_reader(line.as_slice())
                .records()
                .next()
                .and_then(|record| record.ok())
                .map(|record| record.iter().map(str::to_string).collect())
                .unwrap_or_default();
        }
    }
    (state == State::Quoted).then(|| {
        format!("line {opened_at} opens a quoted field that never closes; close it with a quote, or double a quote meant inside it")
    })
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
