//! What a data file is before polars reads it, and why it could not be read: another format
//! given as CSV (a workbook, JSON, UTF-16 text), the CSV's separator and header, and the first
//! line that breaks the format, so an error names it instead of repeating polars' message.

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

/// The file's separator, and its header checked: a header that names a column twice, or leaves
/// two columns without a name, is refused (polars would rename the copy, `label_duplicated_0`,
/// and use it as a feature, a duplicated target then scoring perfectly). The separator is a
/// comma unless the header holds none and a semicolon (a European spreadsheet's export), a tab
/// or a bar: read with commas, such a file was one column, and its target "not among the
/// columns `a;b;y`".
pub(super) fn check_csv_header(path: &Path) -> Result<u8> {
    let header = |separator: u8| -> Result<Option<Vec<String>>> {
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
            .delimiter(separator)
            .from_reader(input);
        // A header that does not read is left to polars, whose error says more.
        let Ok(header) = reader.byte_headers() else {
            return Ok(None);
        };
        Ok(Some(
            header
                .iter()
                .map(|name| String::from_utf8_lossy(name).trim().to_string())
                .collect(),
        ))
    };
    let Some(mut names) = header(b',')? else {
        return Ok(b',');
    };
    let mut separator = b',';
    if let [only] = names.as_slice() {
        if let Some(found) = [b';', b'\t', b'|']
            .into_iter()
            .find(|&other| only.contains(char::from(other)))
        {
            separator = found;
            names = header(found)?.unwrap_or_default();
        }
    }
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
    Ok(separator)
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
