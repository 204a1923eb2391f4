//! Every kind of bad input gets a one-line error naming the problem, exit code 2, no panic, and
//! no run folder (not even a half-written one).

use std::path::Path;

use crate::common::*;

/// Runs `worthit run` with `args` in a fresh folder and checks the error contract; returns the
/// error line.
fn expect_input_error(dir: &Path, args: &[&str]) -> String {
    let out = dir.join("out");
    let out_text = out.to_string_lossy().to_string();
    let mut full = vec!["run"];
    full.extend_from_slice(args);
    full.extend_from_slice(&["--out", &out_text]);
    let output = worthit_in(dir, &full);
    let err = stderr(&output);
    assert_eq!(
        output.status.code(),
        Some(2),
        "exit code for {args:?}: {err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.starts_with("worthit: error: "), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!out.exists(), "no run folder after an error");
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no staging folders left: {leftovers:?}"
    );
    err
}

#[test]
fn missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let err = expect_input_error(dir.path(), &["nope.csv", "--target", "y"]);
    assert!(err.contains("nope.csv"), "{err}");
    assert!(err.contains("does not exist"), "{err}");
}

#[test]
fn unparsable_csv() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bad.csv",
        "a,b,y\n1,2,yes\n3,4,no,5,6,7\n\"unclosed,8,no\n",
    );
    let err = expect_input_error(dir.path(), &["bad.csv", "--target", "y"]);
    assert!(err.contains("bad.csv"), "{err}");
}

#[test]
fn binary_garbage_is_not_a_csv() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("junk.parquet"),
        [0u8, 159, 146, 150, 1, 2, 3],
    )
    .unwrap();
    let err = expect_input_error(dir.path(), &["junk.parquet", "--target", "y"]);
    assert!(
        err.contains("junk.parquet") && err.contains("Parquet"),
        "{err}"
    );
}

#[test]
fn unknown_target_lists_columns() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "d.csv", &small_binary_csv(50));
    let err = expect_input_error(dir.path(), &["d.csv", "--target", "lable"]);
    assert!(err.contains("`lable`"), "{err}");
    assert!(err.contains("did you mean `label`?"), "{err}");
    assert!(err.contains("`x1`, `x2`, `city`, `label`"), "{err}");
}

#[test]
fn workbooks_and_json_are_named_as_such() {
    // An .xlsx file read as CSV "has no data rows" until 2026-12-02.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("book.xlsx"),
        b"PK\x03\x04\x14\x00\x06\x00rest",
    )
    .unwrap();
    let err = expect_input_error(dir.path(), &["book.xlsx", "--target", "y"]);
    assert!(
        err.contains("book.xlsx is a zip archive, as a spreadsheet workbook is"),
        "{err}"
    );
    std::fs::write(
        dir.path().join("old.csv"),
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1],
    )
    .unwrap();
    let err = expect_input_error(dir.path(), &["old.csv", "--target", "y"]);
    assert!(err.contains("an old Excel workbook (.xls)"), "{err}");
    write(
        dir.path(),
        "rows.json",
        "[\n  {\"x\": 1, \"y\": \"a\"}\n]\n",
    );
    let err = expect_input_error(dir.path(), &["rows.json", "--target", "y"]);
    assert!(err.contains("rows.json is JSON, not a CSV file"), "{err}");
    // A CSV whose first column's name is in brackets is a CSV.
    let mut text = String::from("[id],x,y\n");
    for i in 0..60 {
        text.push_str(&format!(
            "{i},{},{}\n",
            i % 7,
            if i % 2 == 0 { "a" } else { "b" }
        ));
    }
    write(dir.path(), "brackets.csv", &text);
    let output = run_args("brackets.csv")
        .target("y")
        .trials(0)
        .out("r")
        .quiet()
        .output_in(dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn target_with_one_class() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "d.csv", "x,y\n1,a\n2,a\n3,a\n4,a\n5,a\n");
    let err = expect_input_error(dir.path(), &["d.csv", "--target", "y"]);
    assert!(err.contains("one class (`a`) in every row;"), "{err}");
    // A target empty in most rows: its one label is in every row that has one, not every row.
    write(dir.path(), "e.csv", "x,y\n1,a\n2,\n3,\n4,a\n5,\n");
    let err = expect_input_error(dir.path(), &["e.csv", "--target", "y"]);
    assert!(
        err.contains(
            "one class (`a`) in every row that has one (3 of the file's 5 rows have none)"
        ),
        "{err}"
    );
}

#[test]
fn target_with_a_class_a_row() {
    // An identifier as the target: until 2026-12-02 "too few rows to split: the validation part
    // would be empty", naming neither the file nor the column.
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("x,name\n");
    for i in 0..200 {
        text.push_str(&format!("{},customer-{i}\n", i % 7));
    }
    write(dir.path(), "d.csv", &text);
    let err = expect_input_error(dir.path(), &["d.csv", "--target", "name"]);
    assert!(
        err.contains("d.csv: target `name` has 200 classes among 200 rows"),
        "{err}"
    );
}

#[test]
fn too_few_rows_name_the_file() {
    // Split 2 / 1 / 1, this ran every model and reported no metric at all.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "d.csv", "x,y\n1,a\n2,b\n1,a\n2,b\n");
    let err = expect_input_error(dir.path(), &["d.csv", "--target", "y"]);
    assert!(
        err.contains("[split] validation = 0.2 leaves 1 of the 4 rows of d.csv with a target for validation, which needs at least 2: the file has too few rows to split"),
        "{err}"
    );
    write(dir.path(), "r.csv", "x,y\n1,3\n2,3\n1,3\n2,3\n5,4\n");
    let err = expect_input_error(dir.path(), &["r.csv", "--target", "y"]);
    assert!(
        err.contains("of the 5 rows of r.csv with a target for validation, which needs at least 2: set validation to 0.4 or more"),
        "{err}"
    );
    let mut values = String::from("x,y\n");
    for i in 0..6 {
        values.push_str(&format!("{},{}\n", i % 3, 0.25 * f64::from(i) + 0.1));
    }
    write(dir.path(), "v.csv", &values);
    let err = expect_input_error(dir.path(), &["v.csv", "--target", "y"]);
    assert!(
        err.contains("[split] validation = 0.2 leaves 0 of the 6 rows of v.csv with a target for validation, which needs at least 2"),
        "{err}"
    );
}

#[test]
fn a_split_share_too_small_names_its_key() {
    // Until 2026-12-06 `[split] validation = 0.001` read "d.csv: too few rows to split: the
    // validation part would be empty", blaming the data for the config's share.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "d.csv", &small_binary_csv(300));
    for (key, asked) in [("validation", "0.001"), ("test", "0.004")] {
        write(
            dir.path(),
            "w.toml",
            &format!("[data]\ntarget = \"label\"\n[split]\n{key} = {asked}\n"),
        );
        let err = expect_input_error(dir.path(), &["d.csv", "--config", "w.toml"]);
        assert!(
            err.contains(&format!("[split] {key} = {asked} leaves ")),
            "{err}"
        );
        assert!(
            err.contains(&format!("of the 300 rows of d.csv with a target for {key}, which needs at least 2: set {key} to 0.0067 or more")),
            "{err}"
        );
    }
}

#[test]
fn no_rows() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "d.csv", "x,y\n");
    let err = expect_input_error(dir.path(), &["d.csv", "--target", "y"]);
    assert!(err.contains("no data rows"), "{err}");
}

/// A file of the target alone, or whose other columns are all dropped, says which.
#[test]
fn no_feature_columns() {
    let dir = tempfile::tempdir().unwrap();
    let mut alone = String::from("y\n");
    let mut ids = String::from("id,y\n");
    for i in 0..60 {
        alone.push_str(&format!("{}\n", i % 2));
        ids.push_str(&format!("{i},{}\n", i % 2));
    }
    write(dir.path(), "alone.csv", &alone);
    write(dir.path(), "ids.csv", &ids);
    let err = expect_input_error(dir.path(), &["alone.csv", "--target", "y"]);
    assert!(
        err.ends_with("alone.csv: no feature columns: the file has only the target `y`; a model needs columns to predict it from\n"),
        "{err}"
    );
    let err = expect_input_error(dir.path(), &["ids.csv", "--target", "y"]);
    assert!(
        err.contains("ids.csv: no feature columns left after dropping `id` (ID-like"),
        "{err}"
    );
}

#[test]
fn all_missing_column() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("x,empty,y\n");
    for i in 0..40 {
        text.push_str(&format!("{i},,{}\n", if i % 2 == 0 { "a" } else { "b" }));
    }
    write(dir.path(), "d.csv", &text);
    let err = expect_input_error(dir.path(), &["d.csv", "--target", "y"]);
    assert!(
        err.contains("`empty`") && err.contains("every row"),
        "{err}"
    );
}

#[test]
fn non_numeric_regression_target() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "d.csv", &small_binary_csv(40));
    write(
        dir.path(),
        "w.toml",
        "[data]\ntarget = \"city\"\ntask = \"regression\"\n",
    );
    let err = expect_input_error(dir.path(), &["d.csv", "--config", "w.toml"]);
    assert!(
        err.contains("`city`") && err.contains("not numeric"),
        "{err}"
    );
}

/// A regression target too large for the trees' `f32` leaves (and boosting's residuals)
/// predicted infinity: every metric was lost, and the run ended without its two answers.
#[test]
fn a_regression_target_too_large_for_the_trees_is_refused_but_a_large_one_runs() {
    let dir = tempfile::tempdir().unwrap();
    let csv = |size: f64| {
        let mut next = uniform_stream(5);
        let mut text = String::from("x,amount\n");
        for _ in 0..300 {
            let x = next();
            text.push_str(&format!("{x},{:e}\n", size * (1.0 + x + 0.3 * next())));
        }
        text
    };
    write(dir.path(), "huge.csv", &csv(1e140));
    let err = expect_input_error(dir.path(), &["huge.csv", "--target", "amount"]);
    assert!(
        err.contains("huge.csv") && err.contains("`amount`") && err.contains("divide it"),
        "{err}"
    );
    // 1e30 is within reach: every model is scored, and the run gives both answers.
    write(dir.path(), "large.csv", &csv(1e30));
    run_args("large.csv")
        .target("amount")
        .trials(3)
        .out("large")
        .quiet()
        .ok_in(dir.path());
    let r = results(&dir.path().join("large"));
    for model in r["models"].as_array().unwrap() {
        assert!(
            model["test"]["rmse"].as_f64().unwrap().is_finite(),
            "{model}"
        );
    }
    assert!(r["recommendation"]["model"]["sentence"].is_string(), "{r}");
    assert!(r["recommendation"]["tuning"]["sentence"].is_string(), "{r}");
}

#[test]
fn unknown_config_key_suggests_nearest() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "d.csv", &small_binary_csv(40));
    write(
        dir.path(),
        "w.toml",
        "[data]\ntarget = \"label\"\npositive_clas = \"yes\"\n",
    );
    let err = expect_input_error(dir.path(), &["d.csv", "--config", "w.toml"]);
    assert!(err.contains("w.toml line 3"), "{err}");
    assert!(err.contains("did you mean `positive_class`?"), "{err}");
}

#[test]
fn config_type_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "d.csv", &small_binary_csv(40));
    write(
        dir.path(),
        "w.toml",
        "[data]\ntarget = \"label\"\n\n[baseline]\nn_trees = \"lots\"\n",
    );
    let err = expect_input_error(dir.path(), &["d.csv", "--config", "w.toml"]);
    assert!(err.contains("line 5") && err.contains("n_trees"), "{err}");
}

#[test]
fn unknown_positive_class_lists_classes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "d.csv", &small_binary_csv(40));
    write(
        dir.path(),
        "w.toml",
        "[data]\ntarget = \"label\"\npositive_class = \"Yes\"\n",
    );
    let err = expect_input_error(dir.path(), &["d.csv", "--config", "w.toml"]);
    assert!(
        err.contains("`Yes`") && err.contains("`no`, `yes`"),
        "{err}"
    );
}

#[test]
fn no_target_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "d.csv", &small_binary_csv(40));
    let err = expect_input_error(dir.path(), &["d.csv"]);
    // The column `worthit init` would take, named with why.
    assert!(
        err.contains("pass --target COLUMN (likely `label`, guessed from its name), or let `worthit init d.csv` write a worthit.toml with it"),
        "{err}"
    );
    // Where no column stands out, no guess is named.
    let numbers: String = (0..40).map(|i| format!("{i},{}\n", i * 7 % 40)).collect();
    write(dir.path(), "n.csv", &format!("a,b\n{numbers}"));
    let err = expect_input_error(dir.path(), &["n.csv"]);
    assert!(
        err.contains("pass --target COLUMN, or let `worthit init n.csv` guess it")
            && !err.contains("likely"),
        "{err}"
    );
    // With a config, the key to set in it.
    write(dir.path(), "w.toml", "seed = 3\n");
    let err = expect_input_error(dir.path(), &["d.csv", "--config", "w.toml"]);
    assert!(err.contains("set [data] target in w.toml"), "{err}");
}

#[test]
fn drop_names_a_missing_column() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "d.csv", &small_binary_csv(40));
    write(
        dir.path(),
        "w.toml",
        "[data]\ntarget = \"label\"\ndrop = [\"durationn\", \"x3\"]\n",
    );
    let err = expect_input_error(dir.path(), &["d.csv", "--config", "w.toml"]);
    assert!(err.contains("`durationn`"), "{err}");
    // A name near one of the file's: the suggestion.
    write(
        dir.path(),
        "near.toml",
        "[data]\ntarget = \"label\"\ndrop = [\"cty\"]\n",
    );
    let err = expect_input_error(dir.path(), &["d.csv", "--config", "near.toml"]);
    assert!(err.contains("did you mean `city`?"), "{err}");
}

#[test]
fn bad_model_parameter() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "d.csv", &small_binary_csv(40));
    write(
        dir.path(),
        "w.toml",
        "[data]\ntarget = \"label\"\n[baseline]\nmax_features = 1.5\n",
    );
    let err = expect_input_error(dir.path(), &["d.csv", "--config", "w.toml"]);
    assert!(err.contains("max_features"), "{err}");
}

#[test]
fn existing_run_folder_is_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "d.csv", &small_binary_csv(60));
    std::fs::create_dir(dir.path().join("taken")).unwrap();
    write(&dir.path().join("taken"), "keep.txt", "earlier run");
    let output = run_args("d.csv")
        .target("label")
        .out("taken")
        .output_in(dir.path());
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("--force"));
    let kept = std::fs::read_to_string(dir.path().join("taken/keep.txt")).unwrap();
    assert_eq!(kept, "earlier run");
}

#[test]
fn value_expression_naming_a_missing_column() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "d.csv", &small_binary_csv(40));
    write(
        dir.path(),
        "w.toml",
        "[data]\ntarget = \"label\"\n[value]\nfn = \"-12 * x3\"\nfp = -1\n",
    );
    let err = expect_input_error(dir.path(), &["d.csv", "--config", "w.toml"]);
    assert!(err.contains("[value] fn") && err.contains("`x3`"), "{err}");
    // The file the key is in comes first, then the data it was checked against.
    assert!(
        err.starts_with("worthit: error: w.toml (checked against d.csv): "),
        "{err}"
    );
}

/// A `[value]` number checked once the data is read (a negative volume) names the config file
/// the key is in, not only the data file.
#[test]
fn a_negative_value_number_names_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "d.csv", &small_binary_csv(40));
    write(
        dir.path(),
        "w.toml",
        "[data]\ntarget = \"label\"\n[value]\ntp = 1\ndecisions_per_year = -5\n",
    );
    let err = expect_input_error(dir.path(), &["d.csv", "--config", "w.toml"]);
    assert!(
        err.contains(
            "w.toml (checked against d.csv): [value] decisions_per_year = -5 must not be negative"
        ),
        "{err}"
    );
}

#[test]
fn a_missing_argument_is_named_on_the_one_line() {
    // The line used to end at "were not provided:", without the arguments' names.
    let dir = tempfile::tempdir().unwrap();
    let output = worthit_in(dir.path(), &["add-model", "run-folder"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(
        err.contains(
            "not provided: --predictions <FILE>, --name <NAME> (see `worthit add-model --help`)"
        ),
        "{err}"
    );
    let output = worthit_in(dir.path(), &["run", "--bogus"]);
    assert!(
        stderr(&output).contains("unexpected argument '--bogus' found (see `worthit run --help`)"),
        "{}",
        stderr(&output)
    );
}

/// `worthit analyze` without a config answers in the metric's units, and needs to know which
/// way is better; what prices trials needs a price.
#[test]
fn analyze_without_a_config_asks_for_what_it_cannot_guess() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "log.csv",
        "number,value,duration\n0,0.8,1\n1,0.81,2\n",
    );
    let analyze = |extra: &[&str]| {
        one_line_error(&worthit_in(
            dir.path(),
            &[&["analyze", "log.csv", "--metric", "value"][..], extra].concat(),
        ))
    };
    let err = analyze(&[]);
    assert!(
        err.contains("needs --direction maximize or minimize") && err.contains("`value`"),
        "{err}"
    );
    let err = analyze(&["--direction", "maximize", "--seconds", "duration"]);
    assert!(
        err.contains("--seconds and --cost price the trials"),
        "{err}"
    );
    for noise in ["--noise=-1", "--noise=0", "--noise=nan"] {
        let err = analyze(&["--direction", "maximize", noise]);
        assert!(
            err.contains("--noise is the metric's standard error"),
            "{noise}: {err}"
        );
    }
    let err = analyze(&["--direction", "maximize", "--config", "w.toml"]);
    assert!(
        err.contains("--direction") && err.contains("--config"),
        "{err}"
    );
    // Numbers a CSV holds but no subtraction can: the line is named, nothing panics.
    write(
        dir.path(),
        "far.csv",
        "number,value\n0,1e308\n1,-1e308\n2,0.5\n",
    );
    let err = one_line_error(&worthit_in(
        dir.path(),
        &[
            "analyze",
            "far.csv",
            "--metric",
            "value",
            "--direction",
            "maximize",
        ],
    ));
    assert!(err.contains("far.csv: line 3: metric -1.0e308"), "{err}");
    // A baseline's test score is needed to weigh a test column against it.
    write(
        dir.path(),
        "both.csv",
        "number,value,test\n0,0.8,0.79\n1,0.81,0.8\n",
    );
    let both = [
        "analyze",
        "both.csv",
        "--metric",
        "value",
        "--direction",
        "maximize",
    ];
    let err = one_line_error(&worthit_in(
        dir.path(),
        &[&both[..], &["--test-metric", "test", "--baseline", "0.8"]].concat(),
    ));
    assert!(
        err.contains("--baseline-test is needed with --test-metric"),
        "{err}"
    );
    let err = one_line_error(&worthit_in(
        dir.path(),
        &[&both[..], &["--baseline-test", "0.8"]].concat(),
    ));
    assert!(err.contains("--baseline <VALUE>"), "{err}");
    let err = one_line_error(&worthit_in(
        dir.path(),
        &[&both[..], &["--baseline", "inf"]].concat(),
    ));
    assert!(err.contains("--baseline must be a number"), "{err}");
}

/// Text that is not UTF-8 is named for what it is: UTF-16 (Excel's "Unicode Text") read as
/// "line 2 has 4 fields but the header has 3", Latin-1 as "invalid utf-8 sequence".
#[test]
fn csv_in_utf16_or_latin1_is_named_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "amount,city,label\n{}",
        "12.5,Köln,yes\n3.0,Zürich,no\n".repeat(20)
    );
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(dir.path().join("unicode.csv"), utf16).unwrap();
    let err = expect_input_error(dir.path(), &["unicode.csv", "--target", "label"]);
    assert!(
        err.contains("unicode.csv is UTF-16 text") && err.contains("save it as \"CSV UTF-8\""),
        "{err}"
    );
    // Latin-1: one byte per accented letter, which UTF-8 does not allow alone.
    let latin1: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
    std::fs::write(dir.path().join("latin.csv"), latin1).unwrap();
    let err = expect_input_error(dir.path(), &["latin.csv", "--target", "label"]);
    assert!(
        err.contains("latin.csv as CSV: line 2 is not UTF-8 text"),
        "{err}"
    );
}

/// A stray quote, which polars reports only as a count of rows in a chunk of bytes ("expected 1
/// rows, actual 227 rows, in chunk starting at byte offset 8122"), is named by its line and
/// column; sound quoting (a doubled quote, a separator and a line break inside quotes) reads.
#[test]
fn a_stray_quote_in_a_csv_is_named_by_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let rows: Vec<String> = (0..300)
        .map(|i| {
            format!(
                "{}.5,{},{}",
                i % 17,
                ["a", "b"][i % 2],
                ["yes", "no"][i % 3 % 2]
            )
        })
        .collect();
    let write = |name: &str, changed: &[(usize, &str)]| {
        let mut rows = rows.clone();
        for (at, row) in changed {
            rows[*at] = row.to_string();
        }
        std::fs::write(
            dir.path().join(name),
            format!("amount,city,label\n{}\n", rows.join("\n")),
        )
        .unwrap();
    };
    write("inside.csv", &[(40, "1.5,K\u{f6}\"ln,yes")]);
    let err = expect_input_error(dir.path(), &["inside.csv", "--target", "label"]);
    assert!(
        err.contains("inside.csv as CSV: line 42 has a quote inside a field that does not start with one (column `city`)"),
        "{err}"
    );
    write("after.csv", &[(40, "1.5,\"K\u{f6}ln\"x,yes")]);
    let err = expect_input_error(dir.path(), &["after.csv", "--target", "label"]);
    assert!(
        err.contains("after.csv as CSV: line 42 has text after a quoted field's closing quote (column `city`)"),
        "{err}"
    );
    write(
        "sound.csv",
        &[
            (40, "1.5,\"K\u{f6}\"\"ln, am Rhein\",yes"),
            (41, "2.5,\"two\nlines\",no"),
        ],
    );
    let output = worthit_in(
        dir.path(),
        &[
            "run",
            "sound.csv",
            "--target",
            "label",
            "--trials",
            "0",
            "--out",
            "sound",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn a_negative_zero_label_is_the_zero_class() {
    // `round()` of a small negative number writes `-0.0`: one class with `0.0`, not a third.
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("x,y\n");
    for i in 0..300 {
        let x = (i * 37 % 101) as f64 / 10.0;
        let label = match (x > 5.0, i % 10) {
            (true, _) => "1.0",
            (false, 0) => "-0.0",
            (false, _) => "0.0",
        };
        csv.push_str(&format!("{x},{label}\n"));
    }
    std::fs::write(dir.path().join("labels.csv"), csv).unwrap();
    let output = worthit_in(
        dir.path(),
        &[
            "run",
            "labels.csv",
            "--target",
            "y",
            "--trials",
            "0",
            "--out",
            "out",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let results: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/results.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(results["target"]["task"], "binary", "{}", results["target"]);
    assert_eq!(
        results["target"]["classes"],
        serde_json::json!(["0.0", "1.0"])
    );
}

#[test]
fn a_run_whose_predictions_are_gone_is_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "data.csv", &noisy_binary_csv(300, 3, false));
    run_args("data.csv")
        .target("label")
        .trials(1)
        .out("run")
        .quiet()
        .ok_in(dir.path());
    std::fs::remove_file(dir.path().join("run/predictions/trial-0001.parquet")).unwrap();
    for args in [
        &["run", "--resume", "run", "--trials", "3"][..],
        &["report", "run", "--reprice"][..],
    ] {
        let output = worthit_in(dir.path(), args);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(
            err.contains("predictions/trial-0001.parquet is missing, so run cannot be"),
            "{err}"
        );
        assert!(!err.contains("partial"), "{err}");
        assert!(!err.contains("trial-0002"), "no trial trained: {err}");
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_regression_target_too_small_to_measure_is_refused() {
    // Scaled by 1e-6, a candidate 70% worse in RMSE read as tied with the baseline: every
    // metric and difference fell below what the reports write.
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("x1,x2,y\n");
    for i in 0..400 {
        let (a, b) = (f64::from(i % 17) / 4.0, f64::from(i % 5));
        csv.push_str(&format!("{a},{b},{:e}\n", (3.0 * a + b * b) * 1e-6));
    }
    write(dir.path(), "tiny.csv", &csv);
    let err = expect_input_error(dir.path(), &["tiny.csv", "--target", "y", "--trials", "0"]);
    assert!(
        err.contains("tiny.csv: target `y` varies by only") && err.contains("multiply it by 1e6"),
        "{err}"
    );
}
