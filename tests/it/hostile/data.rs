//! Hostile input: data. What a careless export or a hostile path does to reading the table and
//! the config: NaN and infinite targets, duplicated column names, paths that are not regular
//! files (FIFOs, devices, symlink loops), missing-value markers in numeric columns, Parquet
//! dictionary columns and damaged Parquet files.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use crate::common::*;

/// Longest a case may take: every one of them either fails at once or trains one small forest.
/// A FIFO blocks a reader forever and `/dev/zero` never ends, so a run that does not finish in
/// time is killed and reported instead of hanging the test suite.
const LIMIT: Duration = Duration::from_secs(10);

/// `worthit run ARGS --out DIR/out` in `dir`; the output and the out folder.
fn run_in(dir: &Path, args: &[&str]) -> (Output, PathBuf) {
    let out = dir.join("out");
    let out_text = out.to_string_lossy().to_string();
    let mut full = vec!["run", "--trials", "0", "--threads", "2"];
    full.extend_from_slice(args);
    full.extend_from_slice(&["--out", &out_text]);
    (worthit_within(dir, &full, LIMIT), out)
}

/// Nothing was left in `dir` (the out folder's parent) by a failed run: no run folder, no hidden
/// staging folder.
fn assert_nothing_left(dir: &Path, out: &Path) {
    assert!(!out.exists(), "no run folder after an error");
    let leftovers: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|name| name.starts_with('.') || name.contains("partial"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no staging folders left: {leftovers:?}"
    );
}

/// Runs `worthit run ARGS` in `dir` and checks the error contract: exit code 2, one line, no
/// panic, nothing left behind. Returns the error line.
fn expect_input_error(dir: &Path, args: &[&str]) -> String {
    let (output, out) = run_in(dir, args);
    let err = one_line_error(&output);
    assert_nothing_left(dir, &out);
    err
}

/// Runs `worthit run ARGS` in `dir`, asserts success and returns stderr and `results.json`.
fn expect_run(dir: &Path, args: &[&str]) -> (String, serde_json::Value) {
    let (output, out) = run_in(dir, args);
    let err = stderr(&output);
    assert_eq!(
        output.status.code(),
        Some(0),
        "exit code for {args:?}: {err}"
    );
    (err, results(&out))
}

/// The `columns_used` entry of `results.json` for `name`.
fn column<'a>(results: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    results["dataset"]["columns_used"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("column `{name}` is used: {}", results["dataset"]))
}

/// A learnable regression CSV, `y = 3 x1 + x2`, with `bad` target cells at the rows of `at`.
fn regression_csv(rows: usize, bad: &[(usize, &str)]) -> String {
    let mut text = String::from("x1,x2,y\n");
    for i in 0..rows {
        let x1 = (i * 37 % 101) as f64 / 10.0;
        let x2 = (i * 53 % 97) as f64 / 97.0;
        let y = match bad.iter().find(|(row, _)| *row == i) {
            Some((_, cell)) => cell.to_string(),
            None => format!("{:.4}", 3.0 * x1 + x2),
        };
        text.push_str(&format!("{x1},{x2},{y}\n"));
    }
    text
}

// 1. NaN and infinite regression targets.

#[test]
fn nan_and_infinite_regression_targets_are_dropped_with_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    let bad = [(3, "NaN"), (10, "inf"), (17, "-inf"), (40, "nan"), (51, "")];
    write(dir.path(), "r.csv", &regression_csv(200, &bad));
    let (err, r) = expect_run(dir.path(), &["r.csv", "--target", "y"]);
    assert!(
        err.contains("dropped 5 rows whose target `y`"),
        "a notice says how many rows were dropped: {err}"
    );
    assert!(err.contains("NaN") && err.contains("infinite"), "{err}");
    assert_eq!(r["dataset"]["rows_in_file"], 200);
    assert_eq!(r["dataset"]["rows_used"], 195);
    let baseline = &r["models"][0];
    for metric in ["rmse", "mae", "r2"] {
        let value = baseline["test"][metric].as_f64();
        assert!(
            value.is_some_and(f64::is_finite),
            "test {metric} is a number: {}",
            baseline["test"]
        );
    }
}

#[test]
fn a_target_of_only_nan_and_infinity_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("x1,y\n");
    for i in 0..30 {
        text.push_str(&format!("{i},{}\n", ["NaN", "inf", "-inf"][i % 3]));
    }
    write(dir.path(), "r.csv", &text);
    let err = expect_input_error(dir.path(), &["r.csv", "--target", "y"]);
    assert!(err.contains("r.csv") && err.contains("`y`"), "{err}");
}

// 2. Duplicated column names.

#[test]
fn duplicate_column_names_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    // A duplicated target was renamed `label_duplicated_0` and used as a feature: a perfect score.
    let mut text = String::from("x1,label,label\n");
    for line in small_binary_csv(80).lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        text.push_str(&format!("{},{},{}\n", fields[0], fields[3], fields[3]));
    }
    write(dir.path(), "d.csv", &text);
    let err = expect_input_error(dir.path(), &["d.csv", "--target", "label"]);
    assert!(
        err.contains("d.csv") && err.contains("`label`") && err.contains("twice"),
        "{err}"
    );
    // A duplicated feature, quoted in the header, in a gzipped file.
    let mut text = String::from("\"x1\",x2,city,\"x1\",label\n");
    for line in small_binary_csv(80).lines().skip(1) {
        let x1 = line.split(',').next().unwrap();
        let (head, label) = line.rsplit_once(',').unwrap();
        text.push_str(&format!("{head},{x1},{label}\n"));
    }
    let file = std::fs::File::create(dir.path().join("d.csv.gz")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::default());
    std::io::Write::write_all(&mut gz, text.as_bytes()).unwrap();
    gz.finish().unwrap();
    let err = expect_input_error(dir.path(), &["d.csv.gz", "--target", "label"]);
    assert!(
        err.contains("d.csv.gz") && err.contains("`x1`") && err.contains("twice"),
        "{err}"
    );
    // Two columns without a name.
    write(dir.path(), "e.csv", "a,,\n1,2,3\n4,5,6\n7,8,9\n");
    let err = expect_input_error(dir.path(), &["e.csv", "--target", "a"]);
    assert!(
        err.contains("e.csv") && err.contains("without a name"),
        "{err}"
    );
}

#[test]
fn a_column_really_named_like_a_polars_copy_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("x1,x1_duplicated_0,label\n");
    for line in noisy_binary_csv(120, 7, false).lines().skip(1) {
        text.push_str(line);
        text.push('\n');
    }
    write(dir.path(), "d.csv", &text);
    let (_, r) = expect_run(dir.path(), &["d.csv", "--target", "label"]);
    assert_eq!(column(&r, "x1_duplicated_0")["kind"], "numeric");
}

#[test]
fn duplicate_column_names_in_parquet_are_refused() {
    // Until 2026-12-06 the file was "damaged or incomplete, or not Parquet".
    let dir = tempfile::tempdir().unwrap();
    copy_fixture("duplicate_columns.parquet", dir.path(), "dup.parquet");
    let err = expect_input_error(dir.path(), &["dup.parquet", "--target", "x"]);
    assert!(
        err.contains("dup.parquet: the file names column `label` twice (columns 2 and 3)"),
        "{err}"
    );
    assert!(!err.contains("damaged"), "{err}");
}

#[test]
fn a_quoted_header_name_has_its_doubled_quote_undone() {
    // polars kept `"ci""ty"` as `ci""ty` until 2026-12-06; every CSV reader reads `ci"ty`.
    let dir = tempfile::tempdir().unwrap();
    let text = small_binary_csv(200).replacen("city", "\"ci\"\"ty\"", 1);
    write(dir.path(), "d.csv", &text);
    let (_, r) = expect_run(dir.path(), &["d.csv", "--target", "label"]);
    assert_eq!(column(&r, "ci\"ty")["kind"], "categorical");
    let names = r["dataset"]["columns_used"].to_string();
    assert!(!names.contains("ci\\\"\\\"ty"), "{names}");
}

/// `small_binary_csv(rows)` with a first column without a name holding `index(row)`, as pandas'
/// `to_csv()` writes its index.
fn with_unnamed_first_column(rows: usize, index: impl Fn(usize) -> usize) -> String {
    small_binary_csv(rows)
        .lines()
        .enumerate()
        .map(|(i, line)| match i {
            0 => format!(",{line}\n"),
            _ => format!("{},{line}\n", index(i - 1)),
        })
        .collect()
}

#[test]
fn an_unnamed_column_of_row_numbers_is_dropped_and_another_unnamed_one_refused() {
    // Until 2026-12-06 such a column was a feature with a blank name (or, holding the row
    // numbers, dropped as "ID-like" under the name ``).
    let dir = tempfile::tempdir().unwrap();
    for (start, last) in [(0, 199), (1, 200)] {
        write(
            dir.path(),
            "d.csv",
            &with_unnamed_first_column(200, |i| i + start),
        );
        let (err, r) = expect_run(dir.path(), &["d.csv", "--target", "label"]);
        let notice = format!("column 1, without a name, holds the row numbers {start} to {last}, as pandas' to_csv() writes its index");
        assert!(err.contains(&notice), "{err}");
        let dropped = r["dataset"]["columns_dropped"].as_array().unwrap();
        assert!(dropped.iter().any(|c| c["name"] == ""), "{dropped:?}");
        assert!(
            !r["dataset"]["columns_used"]
                .to_string()
                .contains("\"name\":\"\""),
            "{}",
            r["dataset"]["columns_used"]
        );
        std::fs::remove_dir_all(dir.path().join("out")).unwrap();
    }
    // Anything else in it is a feature nobody can name: refused, saying how to name or drop it.
    write(
        dir.path(),
        "d.csv",
        &with_unnamed_first_column(200, |i| i % 7),
    );
    let err = expect_input_error(dir.path(), &["d.csv", "--target", "label"]);
    assert!(
        err.contains("d.csv: column 1 has no name in the header but holds values other than the row numbers; name it in the header line"),
        "{err}"
    );
    // ... and `drop = [""]` drops it.
    write(
        dir.path(),
        "w.toml",
        "[data]\ntarget = \"label\"\ndrop = [\"\"]\n",
    );
    let (_, r) = expect_run(dir.path(), &["d.csv", "--config", "w.toml"]);
    assert_eq!(
        r["dataset"]["columns_dropped"][0]["reason"],
        "listed in drop"
    );
}

#[test]
fn a_header_repeated_mid_file_is_refused_naming_its_line() {
    // Two exports joined with `cat`: until 2026-12-06 the second header was a row of data, and
    // every numeric column became text (categories).
    let dir = tempfile::tempdir().unwrap();
    let text = small_binary_csv(200);
    let lines: Vec<&str> = text.lines().collect();
    let joined = [&lines[..101], &lines[..1], &lines[101..]]
        .concat()
        .join("\n")
        + "\n";
    write(dir.path(), "d.csv", &joined);
    let err = expect_input_error(dir.path(), &["d.csv", "--target", "label"]);
    assert!(
        err.contains(
            "d.csv: line 102 repeats the header, as CSV files joined with their headers do"
        ),
        "{err}"
    );
    // A row that only starts like the header is data.
    let near = joined.replacen("\nx1,x2,city,label\n", "\nx1,x2,city,yes\n", 1);
    write(dir.path(), "d.csv", &near);
    expect_run(dir.path(), &["d.csv", "--target", "label"]);
}

#[test]
fn a_true_false_target_takes_its_classes_in_the_case_pandas_writes() {
    // pandas writes a bool column `True`/`False`, which polars reads as the classes `true` and
    // `false`; until 2026-12-06 `positive_class = "True"` was "not a class of `label`".
    let dir = tempfile::tempdir().unwrap();
    let text = small_binary_csv(200)
        .replace(",yes\n", ",True\n")
        .replace(",no\n", ",False\n");
    assert!(text.contains(",True\n") && text.contains(",False\n"));
    write(dir.path(), "d.csv", &text);
    for (named, positive) in [("True", "true"), ("FALSE", "false"), ("true", "true")] {
        write(
            dir.path(),
            "w.toml",
            &format!("[data]\ntarget = \"label\"\npositive_class = \"{named}\"\n"),
        );
        let (_, r) = expect_run(dir.path(), &["d.csv", "--config", "w.toml"]);
        assert_eq!(r["target"]["positive_class"], positive, "{named}");
        std::fs::remove_dir_all(dir.path().join("out")).unwrap();
    }
    // A cost matrix names them as the file does too (refused as "not a class" until then).
    write(
        dir.path(),
        "w.toml",
        "[data]\ntarget = \"label\"\n[value]\ncost_matrix = { classes = [\"False\", \"True\"], matrix = [[0, 1], [5, 0]] }\n",
    );
    let (_, r) = expect_run(dir.path(), &["d.csv", "--config", "w.toml"]);
    // A binary target's matrix is priced as its four outcomes, `fn` the cost of a missed `true`.
    assert_eq!(r["value"]["kind"], "outcomes");
    std::fs::remove_dir_all(dir.path().join("out")).unwrap();
    // Another name is still refused.
    write(
        dir.path(),
        "w.toml",
        "[data]\ntarget = \"label\"\npositive_class = \"Yes\"\n",
    );
    let err = expect_input_error(dir.path(), &["d.csv", "--config", "w.toml"]);
    assert!(
        err.contains("positive_class `Yes` is not a class of `label`"),
        "{err}"
    );
}

#[test]
fn long_column_names_are_shortened_in_prose_and_tables_and_whole_in_results() {
    // A 5,000-character name filled the terminal and both reports until 2026-12-06.
    let dir = tempfile::tempdir().unwrap();
    let long = format!("{}_end", "n".repeat(5_000));
    let text = small_binary_csv(200).replacen("x1", &long, 1);
    write(dir.path(), "d.csv", &text);
    let (output, out) = run_in(dir.path(), &["d.csv", "--target", "label"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let terminal = String::from_utf8_lossy(&output.stdout).to_string() + &stderr(&output);
    let shown = format!("{}…{}_end", "n".repeat(59), "n".repeat(16));
    assert_eq!(shown.chars().count(), 80);
    // The "what drives it" line names it, as the leakage warning does.
    assert!(terminal.contains("what drives it"), "{terminal}");
    assert!(terminal.contains(&format!("{shown} ")), "{terminal}");
    assert!(!terminal.contains(&"n".repeat(100)), "{terminal}");
    let r = results(&out);
    let used = r["dataset"]["columns_used"].as_array().unwrap();
    assert!(used.iter().any(|c| c["name"] == long.as_str()));
    assert!(r["feature_scores"]["features"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["name"] == long.as_str()));
    for report in ["report.md", "report.html"] {
        let text = std::fs::read_to_string(out.join(report)).unwrap();
        assert!(text.contains(&shown), "{report}");
        assert!(!text.contains(&"n".repeat(100)), "{report}");
    }
}

// 3. Paths that are not regular files.

#[cfg(unix)]
fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: `name` is a valid NUL-terminated path that outlives the call.
    let status = unsafe { libc::mkfifo(name.as_ptr(), 0o600) };
    assert_eq!(status, 0, "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn fifos_devices_and_symlink_loops_are_refused_as_data() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    mkfifo(&d.join("pipe.csv"));
    symlink("/dev/zero", d.join("zero.csv")).unwrap();
    symlink(d.join("pipe.csv"), d.join("to-pipe.csv")).unwrap();
    symlink(d.join("loop-b.csv"), d.join("loop-a.csv")).unwrap();
    symlink(d.join("loop-a.csv"), d.join("loop-b.csv")).unwrap();
    for (file, kind) in [
        ("pipe.csv", "FIFO"),
        ("to-pipe.csv", "FIFO"),
        ("zero.csv", "device"),
        ("/dev/zero", "device"),
    ] {
        let err = expect_input_error(d, &[file, "--target", "y"]);
        assert!(err.contains(file) && err.contains(kind), "{err}");
        assert!(err.contains("regular file"), "{err}");
    }
    let err = expect_input_error(d, &["loop-a.csv", "--target", "y"]);
    assert!(
        err.contains("loop-a.csv") && err.contains("symlink loop"),
        "{err}"
    );
    assert!(!err.contains("does not exist"), "{err}");
    // The same inside a dataset folder, where `[data] file` names the data.
    let folder = d.join("set");
    std::fs::create_dir(&folder).unwrap();
    mkfifo(&folder.join("data.csv"));
    write(
        &folder,
        "worthit.toml",
        "[data]\nfile = \"data.csv\"\ntarget = \"y\"\n",
    );
    let err = expect_input_error(d, &["set"]);
    assert!(err.contains("data.csv") && err.contains("FIFO"), "{err}");
}

#[cfg(unix)]
#[test]
fn fifos_devices_and_symlink_loops_are_refused_as_config() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "d.csv", &small_binary_csv(60));
    mkfifo(&d.join("pipe.toml"));
    symlink("/dev/zero", d.join("zero.toml")).unwrap();
    symlink(d.join("loop-b.toml"), d.join("loop-a.toml")).unwrap();
    symlink(d.join("loop-a.toml"), d.join("loop-b.toml")).unwrap();
    for (config, kind) in [
        ("pipe.toml", "FIFO"),
        ("zero.toml", "device"),
        ("/dev/zero", "device"),
        ("loop-a.toml", "symlink loop"),
    ] {
        let err = expect_input_error(d, &["d.csv", "--target", "label", "--config", config]);
        assert!(err.contains(config) && err.contains(kind), "{err}");
        assert!(!err.contains("does not exist"), "{err}");
    }
    // A dataset folder's own worthit.toml: a FIFO or a symlink loop is not "no config".
    let folder = d.join("set");
    std::fs::create_dir(&folder).unwrap();
    write(&folder, "d.csv", &small_binary_csv(60));
    mkfifo(&folder.join("worthit.toml"));
    let err = expect_input_error(d, &["set", "--target", "label"]);
    assert!(
        err.contains("worthit.toml") && err.contains("FIFO"),
        "{err}"
    );
    std::fs::remove_file(folder.join("worthit.toml")).unwrap();
    symlink(folder.join("worthit.toml"), folder.join("worthit.toml")).unwrap();
    let err = expect_input_error(d, &["set", "--target", "label"]);
    assert!(
        err.contains("worthit.toml") && err.contains("symlink loop"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_attribution_is_skipped_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("set");
    std::fs::create_dir(&folder).unwrap();
    write(&folder, "d.csv", &small_binary_csv(60));
    write(&folder, "worthit.toml", "[data]\ntarget = \"label\"\n");
    mkfifo(&folder.join("ATTRIBUTION.md"));
    let (_, r) = expect_run(dir.path(), &["set"]);
    assert_eq!(r["dataset"]["rows_in_file"], 60);
}

// 4. Missing-value markers in numeric columns.

#[test]
fn missing_markers_in_a_numeric_column_are_missing() {
    let dir = tempfile::tempdir().unwrap();
    let markers = [
        "NULL", "null", "NA", "n/a", "N/A", "-", "#N/A", "None", "nan", "NaN", "", "?",
    ];
    let mut text = String::from("x1,x2,count,city,label\n");
    let mut expected_missing = 0;
    for (i, line) in noisy_binary_csv(240, 3, false).lines().skip(1).enumerate() {
        let fields: Vec<&str> = line.split(',').collect();
        let (x2, count) = if i % 5 == 0 {
            expected_missing += 1;
            let marker = markers[(i / 5) % markers.len()];
            (marker.to_string(), marker.to_string())
        } else {
            (fields[1].to_string(), (i % 17).to_string())
        };
        // `None` is a value of a text column, not a marker: it stays a category.
        let city = ["Oslo", "None", "Pune"][i % 3];
        text.push_str(&format!(
            "{},{x2},{count},{city},{}\n",
            fields[0], fields[2]
        ));
    }
    write(dir.path(), "m.csv", &text);
    let (err, r) = expect_run(dir.path(), &["m.csv", "--target", "label"]);
    for name in ["x2", "count"] {
        let used = column(&r, name);
        assert_eq!(used["kind"], "numeric", "{name}: {used}");
        assert_eq!(used["missing"], expected_missing, "{name}: {used}");
    }
    let city = column(&r, "city");
    assert_eq!(city["kind"], "categorical", "{city}");
    assert_eq!(
        city["missing"], 0,
        "`None` in a text column is a value: {city}"
    );
    assert!(
        !err.contains("read as text"),
        "no notice for these columns: {err}"
    );
}

#[test]
fn a_missing_marker_in_a_numeric_target_drops_the_row() {
    let dir = tempfile::tempdir().unwrap();
    let bad = [(3, "NULL"), (10, "#N/A"), (17, "-")];
    write(dir.path(), "r.csv", &regression_csv(200, &bad));
    let (err, r) = expect_run(dir.path(), &["r.csv", "--target", "y"]);
    assert!(err.contains("dropped 3 rows whose target `y`"), "{err}");
    assert_eq!(r["target"]["task"], "regression", "{}", r["target"]);
    assert_eq!(r["dataset"]["rows_used"], 197);
}

#[test]
fn a_numeric_looking_column_read_as_text_gets_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("x1,weight,label\n");
    for (i, line) in noisy_binary_csv(150, 5, false).lines().skip(1).enumerate() {
        let fields: Vec<&str> = line.split(',').collect();
        let weight = match i {
            7 => "12kg".to_string(),
            30 => "\"3,5\"".to_string(),
            _ => format!("{}", i % 23),
        };
        text.push_str(&format!("{},{weight},{}\n", fields[0], fields[2]));
    }
    write(dir.path(), "w.csv", &text);
    let (err, r) = expect_run(dir.path(), &["w.csv", "--target", "label"]);
    let notice = err
        .lines()
        .find(|line| line.contains("`weight`"))
        .unwrap_or_else(|| panic!("a notice names the column: {err}"));
    assert!(
        notice.contains("\"12kg\""),
        "it shows an offending value: {notice}"
    );
    assert!(notice.contains("text"), "{notice}");
    assert_eq!(column(&r, "weight")["kind"], "categorical");
}

// 5. Parquet dictionary (pandas `category`) columns.

#[test]
fn parquet_dictionary_columns_are_categorical() {
    // As pandas writes a `category` column: int8 dictionary indices (fixture made by pyarrow).
    let dir = tempfile::tempdir().unwrap();
    copy_fixture("category.parquet", dir.path(), "cat.parquet");
    let (_, r) = expect_run(dir.path(), &["cat.parquet", "--target", "label"]);
    let city = column(&r, "city");
    assert_eq!(city["kind"], "categorical", "{city}");
    assert_eq!(r["target"]["classes"], serde_json::json!(["no", "yes"]));
    assert_eq!(r["dataset"]["rows_used"], 90);
}

#[test]
fn parquet_categorical_columns_written_by_polars_are_categorical() {
    use polars_core::prelude::*;
    use polars_io::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let rows = 90;
    let x: Vec<f64> = (0..rows).map(|i| (i * 37 % 101) as f64 / 10.0).collect();
    let labels: Vec<&str> = x
        .iter()
        .map(|&v| if v > 5.0 { "yes" } else { "no" })
        .collect();
    let cities: Vec<&str> = (0..rows).map(|i| ["Oslo", "Lima", "Pune"][i % 3]).collect();
    let categorical = DataType::from_categories(Categories::global());
    let city = Series::new("city".into(), cities)
        .cast(&categorical)
        .unwrap();
    let label = Series::new("label".into(), labels)
        .cast(&categorical)
        .unwrap();
    let mut frame =
        DataFrame::new_infer_height(vec![Column::new("x".into(), x), city.into(), label.into()])
            .unwrap();
    let file = std::fs::File::create(dir.path().join("cat.parquet")).unwrap();
    ParquetWriter::new(file).finish(&mut frame).unwrap();
    let (_, r) = expect_run(dir.path(), &["cat.parquet", "--target", "label"]);
    assert_eq!(column(&r, "city")["kind"], "categorical");
    assert_eq!(r["target"]["classes"], serde_json::json!(["no", "yes"]));
}

// 6. Damaged Parquet files.

#[test]
fn parquet_dates_times_and_small_integers_are_numbers() {
    // As pandas and Spark write them (fixture made by pyarrow). Until 2026-12-02 an int8 column
    // read "the file is damaged or incomplete, or not Parquet (cannot create series from Int8)",
    // a date column "(... from Date32)".
    let dir = tempfile::tempdir().unwrap();
    copy_fixture("types.parquet", dir.path(), "types.parquet");
    let (_, r) = expect_run(dir.path(), &["types.parquet", "--target", "label"]);
    for name in [
        "day", "at", "at_utc", "wait", "small", "count", "score", "flag",
    ] {
        assert_eq!(column(&r, name)["kind"], "numeric", "{name}");
    }
    // `label` says whether `day` falls in 2024: read as days, one split finds it.
    let scores = r["feature_scores"]["features"].as_array().unwrap();
    let alone = |name: &str| {
        scores.iter().find(|f| f["name"] == name).unwrap()["score"]
            .as_f64()
            .unwrap()
    };
    for name in ["day", "at", "at_utc", "wait"] {
        assert!(alone(name) > 0.95, "{name}: {}", alone(name));
    }
}

#[test]
fn parquet_decimals_are_numbers_and_a_struct_column_is_named() {
    // As a database or Spark exports them (fixture made by pyarrow): until 2026-12-05 either
    // column made the whole file read "damaged or incomplete, or not Parquet".
    let dir = tempfile::tempdir().unwrap();
    copy_fixture("decimal_struct.parquet", dir.path(), "export.parquet");
    // A nested record is no feature: one line naming it and what to do.
    let err = expect_input_error(dir.path(), &["export.parquet", "--target", "label"]);
    assert!(
        err.contains("export.parquet: column `address` has type struct")
            && err.contains("add it to `drop`"),
        "{err}"
    );
    // Dropped, the rest reads: the DECIMAL amount is a number, and it decides the label.
    write(
        dir.path(),
        "worthit.toml",
        "[data]\ntarget = \"label\"\ndrop = [\"address\"]\n",
    );
    let (_, r) = expect_run(dir.path(), &["export.parquet", "--config", "worthit.toml"]);
    assert_eq!(column(&r, "amount")["kind"], "numeric");
    let scores = r["feature_scores"]["features"].as_array().unwrap();
    let amount = scores.iter().find(|f| f["name"] == "amount").unwrap();
    assert!(amount["score"].as_f64().unwrap() > 0.95, "{amount}");
}

#[test]
fn semicolon_and_tab_separated_files_read() {
    // A German spreadsheet's export: semicolons, decimal commas, UTF-8 names. Until 2026-12-02:
    // "no column `y` to use as the target; the columns are `a;b;y`".
    let dir = tempfile::tempdir().unwrap();
    let mut next = uniform_stream(9);
    let mut text = String::from("Betrag;Anteil;Stadt;Kündigung\n");
    let mut tabs = String::from("a\tb\ty\n");
    for i in 0..300 {
        let amount = next() * 500.0;
        let share = next();
        text.push_str(&format!(
            "{};{};{};{}\n",
            format!("{amount:.2}").replace('.', ","),
            format!("{share:.3}").replace('.', ","),
            ["Köln", "Berlin"][i % 2],
            if amount > 250.0 { "ja" } else { "nein" }
        ));
        tabs.push_str(&format!(
            "{}\t{}\t{}\n",
            i % 13,
            i as f64 * 0.5,
            if i % 13 > 6 { "yes" } else { "no" }
        ));
    }
    write(dir.path(), "de.csv", &text);
    let (_, r) = expect_run(dir.path(), &["de.csv", "--target", "Kündigung"]);
    assert_eq!(column(&r, "Betrag")["kind"], "numeric");
    assert_eq!(column(&r, "Anteil")["kind"], "numeric");
    assert_eq!(column(&r, "Stadt")["kind"], "categorical");
    assert_eq!(r["models"][0]["test"]["roc_auc"], 1.0, "Betrag decides it");
    let tsv = tempfile::tempdir().unwrap();
    write(tsv.path(), "t.tsv", &tabs);
    let (_, r) = expect_run(tsv.path(), &["t.tsv", "--target", "y"]);
    assert_eq!(column(&r, "b")["kind"], "numeric");
}

#[test]
fn a_spreadsheet_export_reads_as_its_numbers() {
    // CRLF line ends, a separator at the end of every line, thousands separators, currency and
    // percent signs. Until 2026-12-02 the empty last column was an error that asked to `drop` a
    // column without a name, and `amount`, which decides the label, was a category of its own
    // values.
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("x1,amount,price,share,label,\r\n");
    let mut next = uniform_stream(3);
    for _ in 0..300 {
        let amount = next() * 5_000.0;
        let whole = amount as u64;
        text.push_str(&format!(
            "{:.3},\"{},{:03}.{:02}\",$ {:.2},{}%,{},\r\n",
            next(),
            whole / 1_000,
            whole % 1_000,
            (amount.fract() * 100.0) as u64,
            next() * 100.0,
            (next() * 100.0) as u32,
            if amount > 2_500.0 { "yes" } else { "no" }
        ));
    }
    write(dir.path(), "export.csv", &text);
    let (err, r) = expect_run(dir.path(), &["export.csv", "--target", "label"]);
    assert!(
        err.contains("dropped column ``: no name and no value in any row"),
        "{err}"
    );
    for name in ["x1", "amount", "price", "share"] {
        assert_eq!(column(&r, name)["kind"], "numeric", "{name}");
    }
    let scores = r["feature_scores"]["features"].as_array().unwrap();
    assert_eq!(scores[0]["name"], "amount");
    assert!(scores[0]["score"].as_f64().unwrap() > 0.9, "{scores:?}");
}

#[test]
fn iso_dates_in_a_csv_are_numbers_and_other_dates_stay_categories() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("day,at,local,label\n");
    for i in 0..120 {
        let (month, date) = (1 + i % 12, 1 + i % 28);
        let year = if i % 2 == 0 { 2023 } else { 2024 };
        let day = if i == 7 {
            "NA".to_string()
        } else {
            format!("{year}-{month:02}-{date:02}")
        };
        text.push_str(&format!(
            "{day},{year}-{month:02}-{date:02}T{:02}:30:00Z,{date:02}/{month:02}/{year},{}\n",
            i % 24,
            if year == 2024 { "yes" } else { "no" }
        ));
    }
    write(dir.path(), "d.csv", &text);
    let (_, r) = expect_run(dir.path(), &["d.csv", "--target", "label"]);
    assert_eq!(column(&r, "day")["kind"], "numeric");
    assert_eq!(column(&r, "day")["missing"], 1);
    assert_eq!(column(&r, "at")["kind"], "numeric");
    // Day first or month first depends on who wrote it: a category, not a guess, and a notice
    // says why.
    assert_eq!(column(&r, "local")["kind"], "categorical");
    let notices = notices(&r);
    assert!(
        notices.iter().any(|n| n.starts_with("column `local` is read as text (categories), though its values are dates (\"01/01/2023\"): only YYYY-MM-DD dates are read as days")),
        "{notices:?}"
    );
    assert!(!notices.iter().any(|n| n.contains("`day`")), "{notices:?}");
}

#[test]
fn a_damaged_parquet_file_says_what_failed() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = std::fs::read(root().join("tests/fixtures/category.parquet")).unwrap();
    // Zeros where the data pages were, as a file cut short by a full disk can hold; the footer
    // is intact, so polars only finds out reading the pages ("Invalid thrift").
    let footer = u32::from_le_bytes(bytes[bytes.len() - 8..bytes.len() - 4].try_into().unwrap());
    let end = bytes.len() - 8 - footer as usize;
    bytes[4..end].fill(0);
    std::fs::write(dir.path().join("z.parquet"), &bytes).unwrap();
    let err = expect_input_error(dir.path(), &["z.parquet", "--target", "label"]);
    assert!(
        err.contains("z.parquet") && err.contains("damaged or incomplete"),
        "{err}"
    );
}
