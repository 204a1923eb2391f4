//! Reading a data file into a polars frame: regular files only, one name per column, the
//! missing-value markers spreadsheets and databases export, and Parquet dictionary columns as
//! text. What polars cannot read becomes one line naming the file and, where it can be found,
//! the line.

use std::io::Read;
use std::path::Path;

use polars_core::prelude::*;

use polars_io::prelude::*;

use super::header::{check_csv_header, CsvHeader};
use super::sniff::{
    check_not_another_format, damaged_parquet, duplicate_parquet_column, first_line,
    first_line_not_utf8, first_malformed_record, first_stray_quote,
};
use crate::base::error::{Error, Result};
use crate::base::files::{file_or_folder, PathKind};

/// Missing in every column, as polars reads the CSV.
pub(super) const MISSING_EVERYWHERE: [&str; 3] = ["", "NA", "?"];

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
    let header = if parquet {
        CsvHeader {
            separator: b',',
            names: Vec::new(),
        }
    } else {
        check_not_another_format(path)?;
        check_csv_header(path)?
    };
    let separator = header.separator;
    let owned = path.to_path_buf();
    // polars reports most bad input as errors, but a malformed file can still reach an internal
    // assertion; a panic there must become the same one-line error, not a crash.
    let outcome = without_panic_message(move || {
        std::panic::catch_unwind(move || -> PolarsResult<DataFrame> {
            if parquet {
                let file = std::fs::File::open(&owned)?;
                ParquetReader::new(file).finish()
            } else {
                let options = csv_options(separator);
                let size = std::fs::metadata(&owned).map_or(0, |m| m.len());
                let plain = !owned.to_string_lossy().to_lowercase().ends_with(".gz");
                if plain && size > 2 * PIECE_BYTES as u64 {
                    if let Some(frame) = read_csv_in_pieces(&owned, &options, PIECE_BYTES)? {
                        return Ok(frame);
                    }
                }
                options
                    .try_into_reader_with_file_path(Some(owned))?
                    .finish()
            }
        })
    });
    let frame = match outcome {
        Ok(Ok(frame)) => frame,
        Ok(Err(err)) if parquet => {
            // A column named twice is no damage: polars refuses to read it, and so do we, by name.
            let owned = path.to_path_buf();
            let twice = without_panic_message(move || {
                std::panic::catch_unwind(move || duplicate_parquet_column(&owned))
            });
            return Err(match twice.ok().flatten() {
                Some(message) => Error::input(format!("{}: {message}", path.display())),
                None => damaged_parquet(path, &err.to_string()),
            });
        }
        Err(_) if parquet => return Err(damaged_parquet(path, "polars stopped reading it")),
        Ok(Err(err)) => {
            let reason = first_malformed_record(path, separator)
                .or_else(|| first_stray_quote(path, separator))
                .or_else(|| first_line_not_utf8(path))
                .unwrap_or_else(|| first_line(&err.to_string()));
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
    if parquet {
        return plain_columns(frame, false, path);
    }
    let frame = header.as_written(frame, path)?;
    plain_columns(frame, true, path)
}

/// Refuses a table with a header and no rows, before anything reads its columns (a header
/// alone gave "cannot tell which column is the target" in `worthit init` until 2026-12-06).
pub fn check_has_rows(frame: &DataFrame, path: &Path) -> Result<()> {
    if frame.height() == 0 {
        return Err(Error::input(format!("{} has no data rows", path.display())));
    }
    Ok(())
}

/// How polars reads every CSV: a header, types inferred from every row, the markers of
/// [`MISSING_EVERYWHERE`] missing, fields split at `separator`; with semicolons, as a European
/// spreadsheet writes them, a comma is the decimal mark (`1,5`).
fn csv_options(separator: u8) -> CsvReadOptions {
    let null_values = MISSING_EVERYWHERE
        .iter()
        .map(|s| PlSmallStr::from(*s))
        .collect();
    CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(None)
        .with_parse_options(
            CsvParseOptions::default()
                .with_null_values(Some(NullValues::AllColumns(null_values)))
                .with_separator(separator)
                .with_decimal_comma(separator == b';'),
        )
}

/// Bytes of a plain CSV parsed at a time by [`read_csv_in_pieces`] (issue 16): polars maps the
/// whole file and holds its bytes and the parsed columns at once, which set the peak memory of a
/// large run (544 MB of text and 504 MB of columns at 3,000,000 rows x 21 columns).
const PIECE_BYTES: usize = 64 << 20;

/// Reads a plain CSV `piece_bytes` at a time, each piece parsed by polars with the header in
/// front, the pieces' columns then joined: the same frame as one read of the whole file, with
/// one piece of text in memory instead of all of it. Types are inferred per piece and must agree
/// (integers in one piece and decimals in another become decimals, as a whole read makes
/// them; a column without values in a piece takes the others' type); `None` when they do not,
/// when a piece does not parse, or when one record is longer than a piece, and the caller reads
/// the whole file, whose errors name the line.
fn read_csv_in_pieces(
    path: &Path,
    options: &CsvReadOptions,
    piece_bytes: usize,
) -> PolarsResult<Option<DataFrame>> {
    let mut file = std::fs::File::open(path)?;
    // The header, then the records not parsed yet; every piece is parsed from `buffer[..cut]`,
    // header included, and its records then drained.
    let mut buffer = Vec::new();
    let mut header_end = None;
    let mut at_end = false;
    let mut pieces = Vec::new();
    while !at_end {
        let want = header_end.unwrap_or(0) + piece_bytes;
        let filled = buffer.len();
        if filled < want {
            buffer.resize(want, 0);
            let read = fill(&mut file, &mut buffer[filled..])?;
            buffer.truncate(filled + read);
            at_end = filled + read < want;
        }
        let header = match header_end {
            Some(end) => end,
            None => match records_end(&buffer, true) {
                Some(end) => *header_end.insert(end),
                None => return Ok(None),
            },
        };
        let cut = if at_end {
            buffer.len()
        } else {
            match records_end(&buffer[header..], false) {
                Some(end) => header + end,
                None => return Ok(None),
            }
        };
        if cut > header {
            let reader = options
                .clone()
                .into_reader_with_file_handle(std::io::Cursor::new(&buffer[..cut]));
            match reader.finish() {
                // One chunk per column and piece: the parse's small chunks are freed for the next
                // piece to reuse, not kept for the life of the frame.
                Ok(mut piece) => pieces.push(std::mem::take(piece.rechunk_mut())),
                Err(_) => return Ok(None),
            }
        }
        buffer.drain(header..cut);
    }
    Ok(join_pieces(pieces))
}

/// Reads until `into` is full or the file ends; the bytes read.
fn fill(file: &mut std::fs::File, into: &mut [u8]) -> std::io::Result<usize> {
    let mut done = 0;
    while done < into.len() {
        match file.read(&mut into[done..])? {
            0 => break,
            n => done += n,
        }
    }
    Ok(done)
}

/// Where the first record of `bytes` ends (`first`), or the last complete one: just after a
/// line end outside a quoted field. A field is quoted only when it opens with a double quote
/// (inside it a doubled quote is one quote); a quote within an unquoted field (`12" pipe`) is
/// text. `None` when no record ends in `bytes`.
fn records_end(bytes: &[u8], first: bool) -> Option<usize> {
    #[derive(Clone, Copy)]
    enum At {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut at = At::FieldStart;
    let mut end = None;
    for (i, &byte) in bytes.iter().enumerate() {
        at = match (at, byte) {
            (At::Quoted, b'"') => At::QuoteInQuoted,
            (At::Quoted, _) => At::Quoted,
            (At::FieldStart, b'"') | (At::QuoteInQuoted, b'"') => At::Quoted,
            (_, b',') => At::FieldStart,
            (_, b'\n') => {
                end = Some(i + 1);
                if first {
                    break;
                }
                At::FieldStart
            }
            _ => At::Unquoted,
        };
    }
    end
}

/// The pieces of [`read_csv_in_pieces`] as one frame; `None` when their types disagree beyond
/// integers and decimals.
fn join_pieces(pieces: Vec<DataFrame>) -> Option<DataFrame> {
    let first = pieces.first()?;
    let mut types = Vec::new();
    for (i, column) in first.columns().iter().enumerate() {
        let mut seen: Vec<DataType> = pieces
            .iter()
            .filter_map(|piece| piece.columns().get(i))
            .filter(|c| c.null_count() < c.len())
            .map(|c| c.dtype().clone())
            .collect();
        seen.sort_by_key(|dtype| dtype.to_string());
        seen.dedup();
        types.push(match seen.as_slice() {
            [] => column.dtype().clone(),
            [only] => only.clone(),
            [a, b]
                if [a, b]
                    .iter()
                    .all(|t| matches!(t, DataType::Int64 | DataType::Float64)) =>
            {
                DataType::Float64
            }
            _ => return None,
        });
    }
    // One chunk per piece, as a whole read leaves one per parse thread's slice (33 at 3,000,000
    // rows): joining them into one would hold each column twice, in the allocator's eyes.
    let mut joined: Option<DataFrame> = None;
    for piece in pieces {
        if piece.width() != types.len() {
            return None;
        }
        let columns = piece
            .into_columns()
            .into_iter()
            .zip(&types)
            .map(|(column, dtype)| {
                if column.dtype() == dtype {
                    Ok(column)
                } else {
                    column.cast(dtype)
                }
            })
            .collect::<PolarsResult<Vec<Column>>>()
            .ok()?;
        let piece = DataFrame::new_infer_height(columns).ok()?;
        match joined.as_mut() {
            None => joined = Some(piece),
            Some(frame) => {
                frame.vstack_mut_owned(piece).ok()?;
            }
        }
    }
    joined
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

/// Every column as `from_frame` expects it: dictionary (categorical) columns as text, NaN as
/// missing, in CSV text columns whose values are numbers apart from missing markers, numbers
/// with those markers missing, and dates and times (Parquet's, or ISO text in a CSV) as days.
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
                // A database's NUMERIC or DECIMAL (amounts, rates) is a number like any other;
                // without its type polars could not read such a file at all ("damaged").
                DataType::Decimal(..) => series.cast(&DataType::Float64).map_err(|err| {
                    Error::input(format!(
                        "{}: column `{}`: {err}",
                        path.display(),
                        series.name()
                    ))
                })?,
                DataType::String if csv => match numbers_with_markers(series)? {
                    Some(numbers) => numbers,
                    None => iso_dates_as_days(series)?.unwrap_or(series.clone()),
                },
                DataType::Date
                | DataType::Datetime(..)
                | DataType::Duration(..)
                | DataType::Time => temporal_as_days(series)?,
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
    text_as_numbers(series, parse_formatted_number)
}

/// A cell as a number, plain ([`parse_number`]) or as a spreadsheet formats it: thousands
/// separators (`1,234.50`), a currency sign (`$ 79.52`, `79.52 €`, `-$5`) or a percent sign
/// (`12%`, read as 12). A column read this way is one of numbers a tree splits like any other;
/// read as text it was a category of its own values, and a model could not use it (an amount
/// exported as `"3,114.51"` that decides the label: ROC-AUC 0.48).
pub(super) fn parse_formatted_number(cell: &str) -> Option<f64> {
    if let Some(number) = parse_number(cell) {
        return Some(number);
    }
    const CURRENCY: &[char] = &['$', '€', '£', '¥'];
    let mut rest = cell.trim();
    rest = rest.strip_suffix('%').unwrap_or(rest).trim_end();
    let mut negative = false;
    if let Some(after) = rest.strip_prefix('-') {
        (negative, rest) = (true, after.trim_start());
    }
    rest = rest.trim_matches(CURRENCY).trim();
    if let Some(after) = rest.strip_prefix('-').filter(|_| !negative) {
        (negative, rest) = (true, after);
    }
    let (whole, fraction) = rest.split_once('.').unwrap_or((rest, ""));
    let digits = |text: &str| !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    let mut groups = whole.split(',');
    let first = groups.next()?;
    let grouped = groups.all(|group| group.len() == 3 && digits(group));
    let first_ok = digits(first) && (first.len() <= 3 || !whole.contains(','));
    if !(grouped && first_ok && (fraction.is_empty() || digits(fraction))) {
        return None;
    }
    let plain: String = whole.chars().filter(|&c| c != ',').collect();
    let number: f64 = format!(
        "{plain}.{}",
        if fraction.is_empty() { "0" } else { fraction }
    )
    .parse()
    .ok()?;
    Some(if negative { -number } else { number })
}

/// A text column read through `parse`, a cell's number or `None` when it is no such cell: the
/// numbers, with empty cells, missing markers and NaN missing; `None` when some other cell does
/// not parse, or no cell does.
fn text_as_numbers(series: &Series, parse: impl Fn(&str) -> Option<f64>) -> Result<Option<Series>> {
    let text = series
        .str()
        .map_err(|err| Error::internal(format!("column `{}`: {err}", series.name())))?;
    let mut any_parsed = false;
    let mut values = Vec::with_capacity(text.len());
    for cell in text.iter() {
        let value = match cell.map(str::trim) {
            None => None,
            Some(cell) if cell.is_empty() || NUMERIC_MISSING_MARKERS.contains(&cell) => None,
            Some(cell) => match parse(cell) {
                Some(number) => {
                    any_parsed = true;
                    Some(number).filter(|x| !x.is_nan())
                }
                None => return Ok(None),
            },
        };
        values.push(value);
    }
    if !any_parsed {
        return Ok(None);
    }
    let numbers: Float64Chunked = values.into_iter().collect();
    Ok(Some(numbers.with_name(series.name().clone()).into_series()))
}

/// Seconds in a day: dates and times become days (since 1970-01-01, or of a duration), a number
/// a tree splits on like any other.
const SECONDS_A_DAY: f64 = 86_400.0;

/// A text column whose every value is an ISO 8601 date or date and time (`2024-03-01`,
/// `2024-03-01 14:30`, `2024-03-01T14:30:00Z`) or a missing marker, as days since 1970-01-01
/// (times as fractions of a day, offsets applied); `None` when some value is neither, or no value
/// is a date. Only ISO forms: `01/02/2024` is the 1st of February or the 2nd of January
/// depending on who wrote it, and stays text (a category).
fn iso_dates_as_days(series: &Series) -> Result<Option<Series>> {
    use chrono::{DateTime, NaiveDate, NaiveDateTime};
    text_as_numbers(series, |cell| {
        // The cheap test first: most text columns fail on their first cell.
        let bytes = cell.as_bytes();
        if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let seconds = if let Ok(date) = NaiveDate::parse_from_str(cell, "%Y-%m-%d") {
            date.and_hms_opt(0, 0, 0)?.and_utc().timestamp() as f64
        } else if let Ok(moment) = DateTime::parse_from_rfc3339(cell) {
            moment.timestamp() as f64 + f64::from(moment.timestamp_subsec_nanos()) * 1e-9
        } else {
            let local = [
                "%Y-%m-%dT%H:%M:%S%.f",
                "%Y-%m-%d %H:%M:%S%.f",
                "%Y-%m-%dT%H:%M",
                "%Y-%m-%d %H:%M",
            ]
            .iter()
            .find_map(|format| NaiveDateTime::parse_from_str(cell, format).ok())?
            .and_utc();
            local.timestamp() as f64 + f64::from(local.timestamp_subsec_nanos()) * 1e-9
        };
        Some(seconds / SECONDS_A_DAY)
    })
}

/// Whether `cell` is a date in a form other than ISO's, which [`iso_dates_as_days`] leaves as
/// text: day or month first (`01/02/2024`, `1.2.24`, `01-02-2024`) or year first with slashes.
pub(super) fn is_other_date(cell: &str) -> bool {
    const FORMATS: [&str; 9] = [
        "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%d-%m-%Y", "%m-%d-%Y", "%Y/%m/%d", "%d/%m/%y",
        "%m/%d/%y", "%d.%m.%y",
    ];
    let cell = cell.trim();
    // The cheap test first: a date of this kind is 6 to 10 characters of digits and separators.
    (6..=10).contains(&cell.len())
        && cell
            .bytes()
            .all(|b| b.is_ascii_digit() || b"/.-".contains(&b))
        && FORMATS
            .iter()
            .any(|format| chrono::NaiveDate::parse_from_str(cell, format).is_ok())
}

/// A date, time, date-time or duration column (Parquet's) as days: since 1970-01-01, of the
/// duration, or of the day for a time of day.
fn temporal_as_days(series: &Series) -> Result<Series> {
    let per_day = match series.dtype() {
        DataType::Date => 1.0,
        DataType::Datetime(unit, _) | DataType::Duration(unit) => {
            SECONDS_A_DAY
                * match unit {
                    TimeUnit::Nanoseconds => 1e9,
                    TimeUnit::Microseconds => 1e6,
                    TimeUnit::Milliseconds => 1e3,
                }
        }
        // Nanoseconds since midnight.
        _ => SECONDS_A_DAY * 1e9,
    };
    let physical = series
        .to_physical_repr()
        .cast(&DataType::Float64)
        .map_err(|err| Error::internal(format!("column `{}`: {err}", series.name())))?;
    let values = physical
        .f64()
        .map_err(|err| Error::internal(format!("column `{}`: {err}", series.name())))?;
    let days: Float64Chunked = values.iter().map(|v| v.map(|v| v / per_day)).collect();
    Ok(days.with_name(series.name().clone()).into_series())
}

/// A cell as a number, as polars would read it in a numeric column (`1e3`, `-2.5`, `inf`).
pub(super) fn parse_number(cell: &str) -> Option<f64> {
    cell.trim().parse::<f64>().ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_in_other_forms_than_iso_are_told_apart_from_numbers_and_codes() {
        for date in [
            "01/02/2024",
            "31/12/2023",
            "12/31/2023",
            "1.2.24",
            "01-02-2024",
            "2024/03/01",
        ] {
            assert!(super::is_other_date(date), "{date}");
        }
        for other in [
            "2024-03-01",
            "1234567",
            "12/34/56",
            "3.14",
            "A-12-B",
            "01/02",
            "",
        ] {
            assert!(!super::is_other_date(other), "{other}");
        }
    }

    use super::*;

    fn whole(path: &Path) -> DataFrame {
        csv_options(b',')
            .try_into_reader_with_file_path(Some(path.to_path_buf()))
            .unwrap()
            .finish()
            .unwrap()
    }

    fn write(text: &str) -> tempfile::NamedTempFile {
        let file = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
        std::fs::write(file.path(), text).unwrap();
        file
    }

    /// Each way a quote breaks a CSV's quoting is found at its line; sound quoting is not.
    #[test]
    fn stray_quotes_are_found_at_their_line() {
        use super::super::sniff::first_stray_quote;
        let found = |text: &str| first_stray_quote(write(text).path(), b',');
        let head = "a,b\n1,x\n";
        let inside = found(&format!("{head}2,y\"z\n")).unwrap();
        assert!(
            inside.starts_with("line 3 has a quote inside a field")
                && inside.contains("column `b`"),
            "{inside}"
        );
        let after = found(&format!("{head}\"2\"2,y\n")).unwrap();
        assert!(
            after.starts_with("line 3 has text after") && after.contains("column `a`"),
            "{after}"
        );
        let open = found(&format!("{head}2,\"y\n3,z\n")).unwrap();
        assert!(
            open.starts_with("line 3 opens a quoted field that never closes"),
            "{open}"
        );
        assert_eq!(
            found(&format!("{head}2,\"y \"\"q\"\", z\"\r\n3,\"two\nlines\"\n")),
            None
        );
        // Another separator: a comma is then text.
        let semicolons = write("a;b\n1;\"x,y\"\n2;z\"\n");
        let inside = first_stray_quote(semicolons.path(), b';').unwrap();
        assert!(inside.starts_with("line 3 has a quote inside"), "{inside}");
    }

    #[test]
    fn spreadsheet_numbers_are_numbers() {
        for (cell, number) in [
            ("3,114.51", 3114.51),
            ("1,234,567", 1234567.0),
            ("$ 79.52", 79.52),
            ("79.52 €", 79.52),
            ("-$5", -5.0),
            ("$-5.25", -5.25),
            ("12%", 12.0),
            ("£1,000", 1000.0),
            ("7", 7.0),
        ] {
            assert_eq!(parse_formatted_number(cell), Some(number), "{cell}");
        }
        for cell in [
            "1,5", "12,34.5", "1234,567", "$", "12-34", "abc", "1.2.3", "--5", "%",
        ] {
            assert_eq!(parse_formatted_number(cell), None, "{cell}");
        }
    }

    #[test]
    fn iso_dates_and_times_are_days_since_1970() {
        let cells = [
            Some("1970-01-02"),
            Some("1970-01-01T12:00:00Z"),
            Some("1970-01-01 06:00"),
            Some("1970-01-01T01:00:00+01:00"),
            Some("1969-12-31"),
            Some("N/A"),
            None,
        ];
        let column = Series::new("d".into(), cells);
        let days = iso_dates_as_days(&column)
            .unwrap()
            .expect("every cell a date or missing");
        let days: Vec<Option<f64>> = days.f64().unwrap().iter().collect();
        assert_eq!(
            days,
            [
                Some(1.0),
                Some(0.5),
                Some(0.25),
                Some(0.0),
                Some(-1.0),
                None,
                None
            ]
        );
        // One cell that is no ISO date keeps the column text, as does a day-first date.
        for other in ["2024-13-01", "01/02/2024", "soon"] {
            let column = Series::new("d".into(), [Some("2024-01-05"), Some(other)]);
            assert!(iso_dates_as_days(&column).unwrap().is_none(), "{other}");
        }
    }

    #[test]
    fn a_csv_read_in_pieces_is_the_csv_read_whole() {
        // Integers that turn decimal late, a column missing in all early rows, quoted text with
        // commas, doubled quotes and line breaks, the missing markers, CRLF line ends and no
        // line end after the last record.
        let mut text = String::from("id,\"amount, EUR\",note,late,flag\r\n");
        for i in 0..400 {
            let amount = if i < 300 {
                format!("{i}")
            } else {
                format!("{i}.5")
            };
            let note = match i % 4 {
                0 => "\"a, b\"".to_string(),
                1 => format!("\"line one\nline \"\"{i}\"\"\""),
                2 => "NA".to_string(),
                _ => String::new(),
            };
            let late = if i < 250 {
                String::new()
            } else {
                format!("{}", i * 2)
            };
            text.push_str(&format!("{i},{amount},{note},{late},{}\r\n", i % 3 == 0));
        }
        text.push_str("400,1.25,last,7,false");
        let file = write(&text);
        let expected = whole(file.path());
        for piece_bytes in [200, 1_000, 100_000] {
            let pieces = read_csv_in_pieces(file.path(), &csv_options(b','), piece_bytes)
                .unwrap()
                .expect("the pieces agree on every type");
            assert!(
                pieces.equals_missing(&expected),
                "piece {piece_bytes}: {pieces:?}\n{expected:?}"
            );
            assert_eq!(pieces.schema(), expected.schema());
            if piece_bytes < 1_000 {
                assert!(pieces.columns()[0].n_chunks() > 10, "read in pieces");
            }
        }
        assert_eq!(expected.height(), 401);
        assert_eq!(
            expected.column("amount, EUR").unwrap().dtype(),
            &DataType::Float64
        );
    }

    #[test]
    fn pieces_that_disagree_leave_the_read_to_the_whole_file() {
        // `flag` is a truth value early and a number late: one column of text read whole, two
        // types in pieces.
        let mut text = String::from("x,flag\n");
        for i in 0..200 {
            let flag = if i < 150 {
                "true".to_string()
            } else {
                i.to_string()
            };
            text.push_str(&format!("{i},{flag}\n"));
        }
        let file = write(&text);
        assert!(read_csv_in_pieces(file.path(), &csv_options(b','), 300)
            .unwrap()
            .is_none());
        // A record longer than a piece cannot be cut.
        let long = write(&format!("x,text\n1,{}\n2,b\n", "a".repeat(500)));
        assert!(read_csv_in_pieces(long.path(), &csv_options(b','), 100)
            .unwrap()
            .is_none());
        // Whole, the mixed column is text.
        assert_eq!(
            whole(file.path()).column("flag").unwrap().dtype(),
            &DataType::String
        );
    }
}
