//! `worthit add-model`: a model trained elsewhere, added to a finished run from a predictions
//! file built here in Rust from the run's `split.parquet` and stored predictions (so CI needs no
//! Python), priced like a candidate, reported, compared; every bad file refused with one line
//! and the run folder left byte for byte as it was.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use polars_core::prelude::*;

use polars_io::prelude::*;
use serde_json::Value;

use crate::common::*;

/// A german-credit run with 2 trials, made once; tests work on copies of it.
fn german_run() -> &'static PathBuf {
    static RUN: OnceLock<PathBuf> = OnceLock::new();
    RUN.get_or_init(|| {
        let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("add-model-tests-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&scratch);
        std::fs::create_dir_all(&scratch).unwrap();
        let out = scratch.join("german");
        run_args(dataset("german-credit"))
            .trials(2)
            .out(&out)
            .quiet()
            .ok_in(&root());
        out
    })
}

/// A fresh copy of the shared run in a temporary folder: (folder holder, run folder).
fn fresh_run() -> (tempfile::TempDir, PathBuf) {
    let holder = tempfile::tempdir().unwrap();
    // The run alone in its parent folder: the files tests write sit beside that.
    let dir = holder.path().join("runs").join("run");
    copy_tree(german_run(), &dir);
    (holder, dir)
}

/// Every file under `dir` with its bytes, and the folders beside it (a staging folder left
/// behind would show there).
fn snapshot(dir: &Path) -> Snapshot {
    fn walk(dir: &Path, root: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, files);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                files.insert(path.strip_prefix(root).unwrap().to_path_buf(), bytes);
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(dir, dir, &mut files);
    let mut beside: Vec<String> = std::fs::read_dir(dir.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    beside.sort();
    Snapshot { files, beside }
}

/// A run folder's files and its parent's entries; compared without printing bytes.
#[derive(PartialEq)]
struct Snapshot {
    files: BTreeMap<PathBuf, Vec<u8>>,
    beside: Vec<String>,
}

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sizes: Vec<(&PathBuf, usize)> = self.files.iter().map(|(p, b)| (p, b.len())).collect();
        write!(f, "files {sizes:?}, beside {:?}", self.beside)
    }
}

/// A stored model's predictions (`row`, `part`, prediction columns).
fn stored(dir: &Path, model: &str) -> DataFrame {
    let path = dir.join("predictions").join(format!("{model}.parquet"));
    ParquetReader::new(std::fs::File::open(path).unwrap())
        .finish()
        .unwrap()
}

/// The run's `split.parquet`.
fn split(dir: &Path) -> DataFrame {
    ParquetReader::new(std::fs::File::open(dir.join("split.parquet")).unwrap())
        .finish()
        .unwrap()
}

/// Rows of a frame as (row, values of `columns`).
fn rows_of(frame: &DataFrame, columns: &[&str]) -> Vec<(i64, Vec<f64>)> {
    let rows: Vec<i64> = frame
        .column("row")
        .unwrap()
        .cast(&DataType::Int64)
        .unwrap()
        .i64()
        .unwrap()
        .into_no_null_iter()
        .collect();
    let values: Vec<Vec<f64>> = columns
        .iter()
        .map(|c| {
            frame
                .column(c)
                .unwrap()
                .f64()
                .unwrap()
                .into_no_null_iter()
                .collect()
        })
        .collect();
    rows.iter()
        .enumerate()
        .map(|(i, &r)| (r, values.iter().map(|v| v[i]).collect()))
        .collect()
}

/// A predictions CSV: header, then one line per row; values written as given (`{}` of f64, or
/// raw text through `raw`).
fn csv(header: &[&str], rows: &[(i64, Vec<String>)]) -> String {
    let mut text = header.join(",");
    text.push('\n');
    for (row, values) in rows {
        text.push_str(&format!("{row},{}\n", values.join(",")));
    }
    text
}

/// A predictions CSV `name` in `folder`: `row`, then `columns`, from numbers.
fn predictions_file(
    folder: &Path,
    name: &str,
    columns: &[&str],
    rows: &[(i64, Vec<f64>)],
) -> PathBuf {
    let header: Vec<&str> = std::iter::once("row")
        .chain(columns.iter().copied())
        .collect();
    write(folder, name, &csv(&header, &texts(rows)))
}

/// A stored model's `columns` as a predictions CSV `name` in `folder`, as another tool would
/// hand them back: (its rows, the file).
fn copy_of(
    dir: &Path,
    model: &str,
    columns: &[&str],
    folder: &Path,
    name: &str,
) -> (Vec<(i64, Vec<f64>)>, PathBuf) {
    let rows = rows_of(&stored(dir, model), columns);
    let file = predictions_file(folder, name, columns, &rows);
    (rows, file)
}

/// A run of `data` under `config` (both in `folder`) with 2 trials, finished in `folder/out`.
fn run_two_trials(folder: &Path, data: impl AsRef<Path>, config: &str, out: &str) -> PathBuf {
    run_args(data)
        .config(config)
        .trials(2)
        .out(out)
        .quiet()
        .ok_in(folder);
    folder.join(out)
}

fn texts(rows: &[(i64, Vec<f64>)]) -> Vec<(i64, Vec<String>)> {
    rows.iter()
        .map(|(r, v)| (*r, v.iter().map(|x| format!("{x}")).collect()))
        .collect()
}

const CLASSES: [&str; 2] = ["p_good", "p_bad"];

fn add(dir: &Path, file: &Path, name: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "add-model",
        dir.to_str().unwrap(),
        "--predictions",
        file.to_str().unwrap(),
        "--name",
        name,
    ];
    args.extend_from_slice(extra);
    worthit(&args)
}

/// [`add`], which must succeed.
fn added(dir: &Path, file: &Path, name: &str, extra: &[&str]) -> std::process::Output {
    let output = add(dir, file, name, extra);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    output
}

/// The entry of `models` (an array of `results.json`) named `name`.
/// `worthit compare` of the run's baseline against its model `candidate`, on the run in `dir`.
fn compare_with_baseline(dir: &Path, candidate: &str, extra: &[&str]) -> std::process::Output {
    let dir = dir.to_str().unwrap();
    let mut args = vec![
        "compare",
        dir,
        dir,
        "--baseline-model",
        "baseline",
        "--candidate-model",
        candidate,
    ];
    args.extend_from_slice(extra);
    worthit(&args)
}

fn named<'a>(models: &'a Value, name: &str) -> &'a Value {
    models
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == name)
        .unwrap_or_else(|| panic!("no model {name} in {models}"))
}

fn model_value<'a>(results: &'a Value, name: &str) -> &'a Value {
    named(&results["value"]["models"], name)
}

/// The baseline's own predictions under another name (as a CSV, without the `part` column)
/// differ from the baseline by its compute costs only: about 0, in every output; the external
/// model is a candidate but no trial, and `worthit compare` gates on it.
#[test]
fn a_copy_of_the_baseline_is_priced_at_no_difference_and_compared() {
    let (holder, dir) = fresh_run();
    let (rows, file) = copy_of(&dir, "baseline", &CLASSES, holder.path(), "copy.csv");
    let output = added(&dir, &file, "forest-copy", &[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("added `forest-copy`"), "{stdout}");
    assert!(
        stderr(&output).contains("priced at 0"),
        "{}",
        stderr(&output)
    );

    let results = results(&dir);
    let model = named(&results["models"], "forest-copy");
    assert_eq!(model["params"]["family"], "external");
    assert_eq!(model["params"]["predictions"], "copy.csv");
    let baseline = &results["models"][0];
    assert_eq!(model["test"]["roc_auc"], baseline["test"]["roc_auc"]);
    assert_eq!(
        model["validation"]["log_loss"],
        baseline["validation"]["log_loss"]
    );
    let value = model_value(&results, "forest-copy");
    assert_eq!(value["external"], true);
    assert_eq!(value["training_cost"], 0.0);
    assert_eq!(value["trial_cost"], 0.0);
    let difference = value["difference"]["mean"].as_f64().unwrap();
    assert!(difference.abs() < 0.01, "{difference}");
    assert_eq!(
        value["threshold"],
        model_value(&results, "baseline")["threshold"]
    );
    // No trial of the sweep: the curve still has the sweep's 2 trials.
    assert_eq!(results["analysis"]["trials"], 2);
    assert_eq!(results["sweep"]["trials_done"], 2);
    assert!(dir.join("predictions/forest-copy.parquet").is_file());
    let stored_copy = rows_of(&stored(&dir, "forest-copy"), &CLASSES);
    assert_eq!(stored_copy, rows);

    let md = std::fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(md.contains("| forest-copy | external |"), "{md}");
    assert!(
        md.contains(&format!(
            "| {} *(trained elsewhere)* | 0.",
            in_bold_if_chosen(&results, "forest-copy")
        )),
        "value table row: {md}"
    );
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.contains("forest-copy"));
    assert!(dir.join("plots/frontier.png").is_file());

    // The gate: is the model trained elsewhere still worth at least a plain forest?
    let gate = compare_with_baseline(&dir, "forest-copy", &["--format", "json"]);
    let json: Value =
        serde_json::from_slice(&gate.stdout).unwrap_or_else(|_| panic!("{}", stderr(&gate)));
    assert_eq!(json["paired"], true);
    assert_eq!(json["candidate"]["model"], "forest-copy");
    assert!(json["difference"]["mean"].as_f64().unwrap().abs() < 0.01);
    assert_eq!(gate.status.code(), Some(0), "{json}");

    // A second model of the same name is refused; --replace replaces it.
    let snapshot_before = snapshot(&dir);
    let again = add(&dir, &file, "forest-copy", &[]);
    let line = one_line_error(&again);
    assert!(line.contains("--replace"), "{line}");
    assert_eq!(snapshot(&dir), snapshot_before);
    added(
        &dir,
        &file,
        "forest-copy",
        &["--replace", "--trial-cost", "9"],
    );
    let results = crate::common::results(&dir);
    let named = results["models"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["name"] == "forest-copy")
        .count();
    assert_eq!(named, 1);
    assert_eq!(model_value(&results, "forest-copy")["trial_cost"], 9.0);
}

/// A different model in Parquet, with its costs: training at the run's core-hour price, its own
/// trial cost instead of the config's, and a difference computed against the baseline.
#[test]
fn a_model_trained_elsewhere_is_priced_with_the_costs_given() {
    let (holder, dir) = fresh_run();
    // Before: every model's fixed cost is the config's trial cost, and the caption says so.
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(
        html.contains("the fixed cost of a trial, the same for every candidate, is left off"),
        "frontier caption without models trained elsewhere"
    );
    // A perturbed forest: the first trial's probabilities pulled a little toward 0.5.
    let trial = rows_of(&stored(&dir, "trial-0001"), &CLASSES);
    let rows: Vec<i64> = trial.iter().map(|(r, _)| *r).collect();
    let bad: Vec<f64> = trial.iter().map(|(_, v)| 0.9 * v[1] + 0.05).collect();
    let good: Vec<f64> = bad.iter().map(|p| 1.0 - p).collect();
    let mut frame = DataFrame::new_infer_height(vec![
        Column::new("row".into(), rows),
        Column::new("p_bad".into(), bad),
        Column::new("p_good".into(), good),
    ])
    .unwrap();
    let file = holder.path().join("prod.parquet");
    ParquetWriter::new(std::fs::File::create(&file).unwrap())
        .finish(&mut frame)
        .unwrap();
    let output = added(
        &dir,
        &file,
        "production",
        &[
            "--fit-seconds",
            "7200",
            "--predict-seconds-per-1000",
            "0",
            "--trial-cost",
            "50",
        ],
    );
    assert!(
        !stderr(&output).contains("priced at 0"),
        "{}",
        stderr(&output)
    );
    let results = results(&dir);
    let value = model_value(&results, "production");
    let model = named(&results["models"], "production");
    assert_eq!(model["params"]["predictions"], "prod.parquet");
    assert_eq!(model["params"]["trial_cost"], 50.0);
    assert_eq!(model["fit_cpu_seconds"], 7200.0);
    let core_hour = results["value"]["core_hour"].as_f64().unwrap();
    let training = value["training_cost"].as_f64().unwrap();
    assert!((training - 2.0 * core_hour).abs() < 1e-9, "{training}");
    assert_eq!(value["trial_cost"], 50.0);
    assert_eq!(value["serving_cost"], 0.0);
    assert!(
        value["difference"]["low"].as_f64().unwrap()
            < value["difference"]["high"].as_f64().unwrap()
    );
    // The sweep's cost stays that of its trials.
    let sweep_cost = results["value"]["best"]["sweep_cost"].as_f64().unwrap();
    let trials: f64 = results["value"]["models"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m.get("trial").is_some() && m.get("external").is_none())
        .map(|m| m["training_cost"].as_f64().unwrap() + m["trial_cost"].as_f64().unwrap())
        .sum();
    assert!(
        (sweep_cost - trials).abs() < 1e-9,
        "{sweep_cost} against {trials}"
    );
    let md = std::fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(md.contains("| production *(trained elsewhere)* |"), "{md}");
    // The training time given is shown as given; no size was measured.
    assert!(md.contains("| 7200.00 core-s, given | — |"), "{md}");
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.contains("production <em>(trained elsewhere)</em>"));
    // Its own trial cost (50) is not the sweep's: the frontier caption no longer says the fixed
    // cost is the same for every candidate.
    assert!(!html.contains("the same for every candidate"));
    assert!(html.contains(
        "the same for every trial of the sweep, and the fixed cost given for each model trained \
         elsewhere (0 unless given), are left off this axis"
    ));
    // The frontier chart marks it apart from the trials, by name (or as the recommendation).
    let svg = std::fs::read_to_string(dir.join("plots/frontier.svg")).unwrap();
    let best = results["value"]["best"]["name"].as_str().unwrap();
    if best == "production" {
        assert!(svg.contains(": production"), "{best}");
    } else {
        assert!(svg.contains("production (trained elsewhere)"));
        assert!(svg.contains("Trained elsewhere"));
    }
}

/// Every kind of bad predictions file, and bad names: exit 2, one line naming the file and the
/// row, column or class, and the run folder byte for byte as it was.
#[test]
fn bad_prediction_files_exit_2_and_change_nothing() {
    let (holder, dir) = fresh_run();
    let good = rows_of(&stored(&dir, "baseline"), &CLASSES);
    let header = ["row", "p_good", "p_bad"];
    let parts = split(&dir);
    let training = parts.column("part").unwrap().str().unwrap().equal("train");
    let train_row = rows_of(&parts.filter(&training).unwrap(), &[])[0].0;
    let mut cases: Vec<(&str, String, &str)> = Vec::new();
    // (name, file text, what the message must name)
    cases.push((
        "missing",
        csv(&header, &texts(&good[1..])),
        "no prediction (first: row",
    ));
    let mut extra = texts(&good);
    extra.push((train_row, vec!["0.5".into(), "0.5".into()]));
    cases.push(("train-row", csv(&header, &extra), "a training row"));
    let mut unknown = texts(&good);
    unknown.push((99_999, vec!["0.5".into(), "0.5".into()]));
    cases.push(("unknown-row", csv(&header, &unknown), "row 99999"));
    let mut twice = texts(&good);
    twice.push(twice[3].clone());
    cases.push(("duplicate", csv(&header, &twice), "appears twice"));
    let with_class: Vec<(i64, Vec<String>)> = texts(&good)
        .into_iter()
        .map(|(r, mut v)| {
            v.push("0".into());
            (r, v)
        })
        .collect();
    cases.push((
        "unknown-class",
        csv(&["row", "p_good", "p_bad", "p_maybe"], &with_class),
        "`maybe` is not a class",
    ));
    let only_good: Vec<(i64, Vec<String>)> = texts(&good)
        .into_iter()
        .map(|(r, v)| (r, vec![v[0].clone()]))
        .collect();
    cases.push((
        "missing-class",
        csv(&["row", "p_good"], &only_good),
        "`p_bad` (class bad)",
    ));
    let mut range = texts(&good);
    range[5].1 = vec!["1.5".into(), "-0.5".into()];
    cases.push((
        "out-of-range",
        csv(&header, &range),
        "probabilities lie in [0, 1]",
    ));
    let mut sum = texts(&good);
    sum[7].1 = vec!["0.5".into(), "0.4".into()];
    cases.push(("sum", csv(&header, &sum), "sum to"));
    let mut nan = texts(&good);
    nan[2].1[1] = "NaN".into();
    cases.push(("nan", csv(&header, &nan), "NaN"));
    let regression: Vec<(i64, Vec<String>)> = texts(&good)
        .into_iter()
        .map(|(r, v)| (r, vec![v[1].clone()]))
        .collect();
    cases.push((
        "regression-column",
        csv(&["row", "prediction"], &regression),
        "column `prediction`",
    ));
    cases.push((
        "not-numbers",
        "row,p_good,p_bad\n1,a,b\n".to_string(),
        "not numbers",
    ));

    cases.push(("empty", "row,p_good,p_bad\n".to_string(), "no rows"));
    // A `row` with a fraction: `12.5` where `12` was.
    let first = good[3].0;
    let fraction =
        csv(&header, &texts(&good)).replacen(&format!("\n{first},"), &format!("\n{first}.5,"), 1);
    cases.push(("fraction-row", fraction, "not a row number"));
    let unnamed: Vec<(i64, Vec<String>)> = texts(&good)
        .into_iter()
        .map(|(r, mut v)| {
            v.insert(0, "7".into());
            (r, v)
        })
        .collect();
    cases.push((
        "unnamed-column",
        csv(&["row", "", "p_good", "p_bad"], &unnamed),
        "column 2 has no name",
    ));

    let before = snapshot(&dir);
    for (name, text, expected) in &cases {
        let file = write(holder.path(), &format!("{name}.csv"), text);
        let output = add(&dir, &file, "ext", &[]);
        let line = one_line_error(&output);
        assert!(line.contains(&format!("{name}.csv")), "{name}: {line}");
        assert!(line.contains(expected), "{name}: {line}");
        assert_eq!(snapshot(&dir), before, "{name} changed the run folder");
    }

    let ok = predictions_file(holder.path(), "ok.csv", &CLASSES, &good);
    for (name, expected) in [
        ("baseline", "worthit's own models"),
        ("trial-0001", "worthit's own models"),
        ("../escape", "letters, digits"),
        ("<b>x</b>", "letters, digits"),
        ("", "letters, digits"),
    ] {
        let line = one_line_error(&add(&dir, &ok, name, &[]));
        assert!(line.contains(expected), "{name}: {line}");
    }
    // A name of 5,000 characters is refused in a line of a few hundred, its start and end shown.
    let long = format!("{}end", "n".repeat(5_000));
    let line = one_line_error(&add(&dir, &ok, &long, &[]));
    assert!(
        line.len() < 400 && line.contains("…") && line.contains("nend`"),
        "{line}"
    );
    // A cost as given, or negative with a space (read as a number, not a flag), or past the
    // bound every business number keeps: each refused naming its flag and the range.
    for args in [
        &["--fit-seconds=-1"][..],
        &["--fit-seconds", "-5"],
        &["--trial-cost", "-1e308"],
        &["--predict-seconds-per-1000", "1e300"],
        &["--fit-seconds", "NaN"],
    ] {
        let line = one_line_error(&add(&dir, &ok, "ext", args));
        assert!(
            line.contains(args[0].split('=').next().unwrap())
                && line.contains("give a number from 0 to 1e15"),
            "{args:?}: {line}"
        );
    }
    // A predictions file inside the run folder would go with the folder when it is replaced.
    let inside = predictions_file(&dir, "inside.csv", &CLASSES, &good);
    let before_inside = snapshot(&dir);
    let line = one_line_error(&add(&dir, &inside, "ext", &[]));
    assert!(line.contains("inside the run folder"), "{line}");
    assert_eq!(snapshot(&dir), before_inside);
    std::fs::remove_file(&inside).unwrap();
    assert_eq!(snapshot(&dir), before);
    let line = one_line_error(&add(&dir, &holder.path().join("nope.csv"), "ext", &[]));
    assert!(line.contains("nope.csv: no such file"), "{line}");
    let from_inside = worthit_in(
        &dir,
        &[
            "add-model",
            ".",
            "--predictions",
            ok.to_str().unwrap(),
            "--name",
            "ext",
        ],
    );
    let line = one_line_error(&from_inside);
    assert!(line.contains("working directory is inside"), "{line}");
    assert_eq!(snapshot(&dir), before);
    // Not a run folder.
    let line = one_line_error(&add(holder.path(), &ok, "ext", &[]));
    assert!(line.contains("not a finished worthit run"), "{line}");
    // No folder at all: said so, not that it lacks a results.json.
    let line = one_line_error(&add(&holder.path().join("nope"), &ok, "ext", &[]));
    assert!(line.ends_with("nope: no such run folder"), "{line}");
}

/// A regression run: one `prediction` column, priced per absolute error; `p_` columns refused.
/// A file as pandas writes it by default is taken: its index as a first column without a name,
/// `row` as floats (as after a missing value), probabilities rounded so that they sum to 0.995.
#[test]
fn a_file_as_pandas_writes_it_is_taken_with_notes() {
    let (holder, dir) = fresh_run();
    let good = rows_of(&stored(&dir, "baseline"), &CLASSES);
    let mut text = String::from(",row,p_good,p_bad\n");
    for (i, (row, p)) in good.iter().enumerate() {
        text.push_str(&format!("{i},{row}.0,{},{}\n", p[0] * 0.995, p[1] * 0.995));
    }
    let file = write(holder.path(), "pandas.csv", &text);
    let output = added(&dir, &file, "pandas", &[]);
    let notes = stderr(&output);
    assert!(
        notes.contains("pandas.csv: column 1, without a name, holds the row numbers 0 to"),
        "{notes}"
    );
    assert!(
        notes.contains("is scaled to sum to 1")
            && notes.contains(&format!("of {} rows", good.len())),
        "{notes}"
    );
    // Scaled back, the probabilities are the baseline's own.
    let kept = rows_of(&stored(&dir, "pandas"), &CLASSES);
    assert_eq!(kept.len(), good.len());
    let by_row: BTreeMap<i64, &Vec<f64>> = good.iter().map(|(r, v)| (*r, v)).collect();
    for (row, values) in &kept {
        for (value, expected) in values.iter().zip(by_row[row].iter()) {
            assert!(
                (value - expected).abs() < 1e-9,
                "row {row}: {value} against {expected}"
            );
        }
    }
}

#[test]
fn a_regression_model_trained_elsewhere() {
    let holder = tempfile::tempdir().unwrap();
    let mut text = String::from("x1,x2,y\n");
    for i in 0..300u64 {
        let x1 = (i * 37 % 101) as f64 / 10.0;
        let x2 = (i * 53 % 97) as f64 / 9.7;
        let y = 3.0 * x1 + (x2 - 5.0).abs() + ((i * 7919) % 13) as f64 / 6.0;
        text.push_str(&format!("{x1},{x2},{y:.3}\n"));
    }
    write(holder.path(), "reg.csv", &text);
    write(
        holder.path(),
        "reg.toml",
        "[data]\ntarget = \"y\"\n\n[value]\nper_abs_error = -2\ndecisions_per_year = 1000\nhorizon_years = 1\n",
    );
    let dir = run_two_trials(holder.path(), "reg.csv", "reg.toml", "r");
    let baseline = rows_of(&stored(&dir, "baseline"), &["prediction"]);
    // The baseline shifted by 1: a worse model, by 2 a decision at most.
    let shifted: Vec<(i64, Vec<f64>)> = baseline
        .iter()
        .map(|(r, v)| (*r, vec![v[0] + 1.0]))
        .collect();
    let bad = predictions_file(holder.path(), "bad.csv", &["p_y"], &shifted);
    let before = snapshot(&dir);
    let line = one_line_error(&add(&dir, &bad, "shifted", &[]));
    assert!(
        line.contains("regression") && line.contains("bad.csv"),
        "{line}"
    );
    assert_eq!(snapshot(&dir), before);

    let file = predictions_file(holder.path(), "shifted.csv", &["prediction"], &shifted);
    added(&dir, &file, "shifted", &[]);
    let results = results(&dir);
    let value = model_value(&results, "shifted");
    assert_eq!(value["external"], true);
    let difference = value["difference"]["mean"].as_f64().unwrap();
    assert!(
        difference < 0.0 && difference > -2.0 * 1000.0 - 1e-6,
        "{difference}"
    );
    let model = named(&results["models"], "shifted");
    assert!(
        model["test"]["rmse"].as_f64().unwrap()
            > results["models"][0]["test"]["rmse"].as_f64().unwrap()
    );
    assert_eq!(results["analysis"]["trials"], 2);
}

/// A run without `[value]` answers in metric units: the model trained elsewhere gets its metrics
/// and shows in the report, and the analysis still counts only the sweep's trials.
#[test]
fn a_run_without_value_takes_a_model_trained_elsewhere_in_metric_units() {
    let holder = tempfile::tempdir().unwrap();
    let data = dataset("german-credit").join("german_credit.csv");
    write(
        holder.path(),
        "plain.toml",
        "[data]\ntarget = \"class\"\npositive_class = \"bad\"\n",
    );
    let dir = run_two_trials(holder.path(), &data, "plain.toml", "runs/plain");
    let (_, file) = copy_of(&dir, "trial-0002", &CLASSES, holder.path(), "t2.csv");
    let output = added(&dir, &file, "copy-of-t2", &[]);
    // Its gain over the baseline comes with the interval `worthit compare` gives the same pair.
    let said = String::from_utf8_lossy(&output.stdout).to_string();
    let gain = said
        .lines()
        .find_map(|line| line.strip_prefix("gain against the baseline: "))
        .unwrap_or_else(|| panic!("no gain line: {said}"));
    let (amount, _) = gain
        .split_once("; ")
        .unwrap_or_else(|| panic!("no interval: {gain}"));
    assert!(amount.contains(" ROC-AUC (90% interval "), "{gain}");
    let gate = compare_with_baseline(&dir, "copy-of-t2", &[]);
    let gate = String::from_utf8_lossy(&gate.stdout).to_string();
    assert!(
        gate.contains(&format!("difference {amount}; ")),
        "{gate}\n{gain}"
    );
    // No money, so no note about unpriced timings.
    assert!(
        !stderr(&output).contains("priced at 0"),
        "{}",
        stderr(&output)
    );
    let results = results(&dir);
    assert!(results.get("value").is_none());
    assert_eq!(results["analysis"]["units"]["metric"], "roc_auc");
    assert_eq!(results["analysis"]["trials"], 2);
    let copy = named(&results["models"], "copy-of-t2");
    let trial = named(&results["models"], "trial-0002");
    assert_eq!(copy["test"]["roc_auc"], trial["test"]["roc_auc"]);
    assert_eq!(copy["params"]["family"], "external");
    let md = std::fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(md.contains("| copy-of-t2 | external |"), "{md}");
    // Nothing measured its training or size, and the reports say so rather than show a 0.
    assert!(md.contains("| not given | — |"), "{md}");
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.contains("<td>not given</td><td>—</td>"), "{html}");
}

/// The prediction columns (`p_<class>`) of a stored model, in its order.
fn class_columns(frame: &DataFrame) -> Vec<String> {
    frame
        .get_column_names()
        .iter()
        .filter(|n| n.starts_with("p_"))
        .map(|n| n.to_string())
        .collect()
}

/// A three-class run priced with a cost matrix: a model trained elsewhere gives `p_<class>` for
/// every class, is priced with an interval and its own costs; a row whose probabilities do not
/// sum to 1, or a class left out, is refused with the run left as it was.
#[test]
fn a_multiclass_model_trained_elsewhere_is_priced_with_a_cost_matrix() {
    let holder = tempfile::tempdir().unwrap();
    write(holder.path(), "three.csv", &three_class_csv(360));
    write(
        holder.path(),
        "three.toml",
        "[data]\ntarget = \"kind\"\n\n[value]\ndecisions_per_year = 1000\nhorizon_years = 1\ntrial_cost = 2\n\n[value.cost_matrix]\nclasses = [\"low\", \"mid\", \"high\"]\nmatrix = [[0, 1, 3], [1, 0, 1], [3, 1, 0]]\n",
    );
    let dir = run_two_trials(holder.path(), "three.csv", "three.toml", "runs/three");
    let before_run = results(&dir);
    assert_eq!(before_run["target"]["task"], "multiclass");
    assert_eq!(before_run["value"]["kind"], "cost_matrix");

    // The baseline's probabilities pulled a fifth of the way toward uniform: still summing to 1.
    let baseline = stored(&dir, "baseline");
    let columns = class_columns(&baseline);
    assert_eq!(columns.len(), 3, "{columns:?}");
    let names: Vec<&str> = columns.iter().map(String::as_str).collect();
    let softened: Vec<(i64, Vec<f64>)> = rows_of(&baseline, &names)
        .into_iter()
        .map(|(r, v)| (r, v.iter().map(|p| 0.8 * p + 0.2 / 3.0).collect()))
        .collect();
    let mut header = vec!["row"];
    header.extend(&names);

    // Bad files first: the run must stay byte for byte as it was.
    let before = snapshot(&dir);
    let mut off = texts(&softened);
    off[4].1 = vec!["0.5".into(), "0.4".into(), "0.3".into()];
    let row = off[4].0;
    let file = write(holder.path(), "off.csv", &csv(&header, &off));
    let line = one_line_error(&add(&dir, &file, "soft", &[]));
    assert!(
        line.contains("off.csv") && line.contains(&format!("row {row}")) && line.contains("sum to"),
        "{line}"
    );
    assert_eq!(snapshot(&dir), before);
    let dropped = &names[1];
    let two: Vec<(i64, Vec<String>)> = texts(&softened)
        .into_iter()
        .map(|(r, v)| (r, vec![v[0].clone(), v[2].clone()]))
        .collect();
    let file = write(
        holder.path(),
        "two.csv",
        &csv(&["row", names[0], names[2]], &two),
    );
    let line = one_line_error(&add(&dir, &file, "soft", &[]));
    let class = dropped.strip_prefix("p_").unwrap();
    assert!(
        line.contains("two.csv") && line.contains(&format!("`{dropped}` (class {class})")),
        "{line}"
    );
    assert_eq!(snapshot(&dir), before);

    let file = predictions_file(holder.path(), "soft.csv", &names, &softened);
    added(
        &dir,
        &file,
        "soft",
        &["--trial-cost", "5", "--fit-seconds", "60"],
    );
    let results = results(&dir);
    let model = named(&results["models"], "soft");
    assert_eq!(model["params"]["family"], "external");
    assert_eq!(model["params"]["trial_cost"], 5.0);
    assert!(model["test"]["log_loss"].as_f64().unwrap() > 0.0);
    assert_eq!(results["value"]["kind"], "cost_matrix");
    let value = model_value(&results, "soft");
    assert_eq!(value["external"], true);
    assert_eq!(value["trial_cost"], 5.0);
    let (low, high) = (
        value["difference"]["low"].as_f64().unwrap(),
        value["difference"]["high"].as_f64().unwrap(),
    );
    let mean = value["difference"]["mean"].as_f64().unwrap();
    assert!(low < high && low <= mean && mean <= high, "{value}");
    assert_eq!(results["analysis"]["trials"], 2);
    assert_eq!(results["sweep"]["trials_done"], 2);
    let stored_soft = rows_of(&stored(&dir, "soft"), &names);
    assert_eq!(stored_soft, softened);
    let md = std::fs::read_to_string(dir.join("report.md")).unwrap();
    let row = format!(
        "| {} *(trained elsewhere)* |",
        in_bold_if_chosen(&results, "soft")
    );
    assert!(md.contains(&row), "{md}");
}

/// `worthit merge` carries a model added to a shard into the merged run (numbered after every
/// model of the sweep, out of `trials.jsonl`), and refuses one name added to two shards.
#[test]
fn merge_carries_a_model_added_to_a_shard() {
    let holder = tempfile::tempdir().unwrap();
    let sweep = run_args(dataset("german-credit"))
        .trials(2)
        .out("s")
        .quiet();
    for shard in ["0/2", "1/2"] {
        sweep.clone().arg("--shard", shard).ok_in(holder.path());
    }
    let (zero, one) = (
        holder.path().join("s-shard-0-of-2"),
        holder.path().join("s-shard-1-of-2"),
    );
    let (rows, file) = copy_of(&one, "baseline", &CLASSES, holder.path(), "copy.csv");
    added(&one, &file, "copy", &["--trial-cost", "3"]);

    run_ok(
        holder.path(),
        &["merge", "s-shard-0-of-2", "s-shard-1-of-2"],
    );
    let merged = holder.path().join("s");
    let results = results(&merged);
    let models = results["models"].as_array().unwrap();
    let names: Vec<&str> = models.iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["baseline", "trial-0001", "trial-0002", "copy"]);
    let copy = &models[3];
    assert_eq!(copy["params"]["family"], "external");
    // Trials count from 0: after trial-0002 (1), whatever number its shard gave it.
    assert_eq!(copy["trial"], 2);
    assert_eq!(model_value(&results, "copy")["external"], true);
    assert_eq!(model_value(&results, "copy")["trial_cost"], 3.0);
    assert_eq!(results["sweep"]["trials_done"], 2);
    assert_eq!(results["analysis"]["trials"], 2);
    assert_eq!(rows_of(&stored(&merged, "copy"), &CLASSES), rows);
    let checkpoint = std::fs::read_to_string(merged.join("trials.jsonl")).unwrap();
    assert_eq!(checkpoint.lines().count(), 3, "{checkpoint}");
    assert!(!checkpoint.contains("\"copy\""), "{checkpoint}");

    // The same name added to the other shard too: which one is meant?
    added(&zero, &file, "COPY", &[]);
    let output = worthit_in(
        holder.path(),
        &[
            "merge",
            "s-shard-0-of-2",
            "s-shard-1-of-2",
            "--out",
            "again",
        ],
    );
    let line = one_line_error(&output);
    assert!(
        line.contains("`copy`") && line.contains("add-model"),
        "{line}"
    );
    assert!(!holder.path().join("again").exists());
}

/// A sweep of trials that cost more than they can add, beside a model trained elsewhere that
/// clearly beats the baseline: the verdict ships that model, and the tuning answer, which says
/// "keep the baseline" while no candidate is worth shipping, says only to run no more trials
/// (the trials run are paid for whatever ships), so the two answers never give opposite
/// instructions; nor does `--stop auto`'s line, which gives no instruction on the model.
#[test]
fn tuning_that_does_not_pay_does_not_contradict_a_verdict_that_ships() {
    let holder = tempfile::tempdir().unwrap();
    let data = dataset("german-credit").join("german_credit.csv");
    write(
        holder.path(),
        "costly.toml",
        "seed = 42\n\n[data]\ntarget = \"class\"\npositive_class = \"bad\"\n\n[value]\ncurrency = \"cost units\"\ncost_matrix = { classes = [\"good\", \"bad\"], matrix = [[0, 1], [5, 0]] }\ndecisions_per_year = 1000\nhorizon_years = 3\ntrial_cost = 200\n",
    );
    run_args(&data)
        .config("costly.toml")
        .trials(10)
        .stop("auto")
        .out("run")
        .quiet()
        .ok_in(holder.path());
    let dir = holder.path().join("run");
    let before = results(&dir);
    let tuning = &before["recommendation"]["tuning"];
    assert_eq!(tuning["kind"], "does_not_pay", "{tuning}");
    assert_ne!(before["analysis"]["verdict"]["kind"], "ship_candidate");
    let said = tuning["sentence"].as_str().unwrap();
    assert!(said.contains("; keep the baseline ("), "{said}");
    let because = before["sweep"]["stopped_because"].as_str().unwrap();
    assert!(
        because.contains("it does not pay here (") && !because.contains("keep the baseline"),
        "{because}"
    );
    // A model that knows every label: p_bad 0.95 on the bad rows, 0.05 on the good ones.
    let text = std::fs::read_to_string(&data).unwrap();
    let bad: Vec<bool> = text
        .lines()
        .skip(1)
        .map(|line| line.rsplit(',').next() == Some("bad"))
        .collect();
    let rows: Vec<(i64, Vec<f64>)> = rows_of(&stored(&dir, "trial-0001"), &CLASSES)
        .into_iter()
        .map(|(row, _)| {
            let p_bad = if bad[row as usize] { 0.95 } else { 0.05 };
            (row, vec![1.0 - p_bad, p_bad])
        })
        .collect();
    let file = predictions_file(holder.path(), "oracle.csv", &CLASSES, &rows);
    let output = added(&dir, &file, "oracle", &[]);
    let after = results(&dir);
    assert_eq!(after["value"]["best"]["name"], "oracle");
    // The terminal gives both answers as they now stand (until 2026-12-05 the verdict alone,
    // while the tuning answer it had changed went unsaid).
    let printed = String::from_utf8_lossy(&output.stdout);
    for answer in ["model", "tuning"] {
        let sentence = after["recommendation"][answer]["sentence"]
            .as_str()
            .unwrap();
        assert!(
            printed.lines().any(|line| line == sentence),
            "{answer}: {printed}"
        );
    }
    // The sweep did not find the oracle: whether the sweep paid is read on its own best trial.
    let best = &after["value"]["best"];
    let trials: Vec<&Value> = after["value"]["models"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m.get("trial").is_some() && m.get("external").is_none())
        .collect();
    let found = trials
        .iter()
        .max_by(|a, b| {
            let net = |m: &Value| m["validation_net_value"].as_f64().unwrap();
            net(a).total_cmp(&net(b))
        })
        .unwrap();
    assert_eq!(best["sweep_best"], found["name"]);
    let own = found["training_cost"].as_f64().unwrap() + found["trial_cost"].as_f64().unwrap();
    let expected = found["difference"]["mean"].as_f64().unwrap()
        - (best["sweep_cost"].as_f64().unwrap() - own);
    let weighed = best["difference_after_sweep"]["mean"].as_f64().unwrap();
    assert!(
        (weighed - expected).abs() < 1e-6,
        "{weighed} against {expected}"
    );
    let model = &after["recommendation"]["model"];
    assert_eq!(model["kind"], "ship_candidate", "{model}");
    let tuning = &after["recommendation"]["tuning"];
    assert_eq!(tuning["kind"], "does_not_pay", "{tuning}");
    let said = tuning["sentence"].as_str().unwrap();
    assert!(
        said.starts_with("Tuning: it does not pay here; run no more trials")
            && said.contains("ship the candidate the verdict names")
            && !said.contains("keep the baseline"),
        "{said}"
    );
    // Both reports carry the answer as the run gives it, and no other instruction to keep the
    // baseline.
    let markdown = std::fs::read_to_string(dir.join("report.md")).unwrap();
    assert!(markdown.contains(&format!("> **{said}**")), "{markdown}");
    let trial = found["name"].as_str().unwrap();
    assert!(
        markdown.contains("> The best candidate was trained elsewhere; the whole sweep cost ")
            && markdown.contains(&format!(
                "and after paying for all of it the sweep's best trial, {trial}, is "
            )),
        "{markdown}"
    );
    let quoted: Vec<&str> = markdown.lines().filter(|l| l.starts_with('>')).collect();
    assert!(
        quoted
            .iter()
            .all(|l| !l.to_lowercase().contains("keep the baseline")),
        "{quoted:?}"
    );
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    let verdict_box = &html[html.find("<div class=\"verdict").unwrap()..];
    let verdict_box = &verdict_box[..verdict_box.find("</div>").unwrap()];
    assert!(
        verdict_box.contains("run no more trials")
            && !verdict_box.to_lowercase().contains("keep the baseline"),
        "{verdict_box}"
    );
}

/// A model's name as report.md's value table writes it: in bold where it is the candidate
/// chosen by validation net value.
fn in_bold_if_chosen(results: &serde_json::Value, name: &str) -> String {
    if results["value"]["best"]["name"] == name {
        format!("**{name}**")
    } else {
        name.to_string()
    }
}

#[test]
fn an_interrupted_resume_keeps_its_checkpoints_when_a_model_is_added() {
    let (holder, dir) = fresh_run();
    let (_, file) = copy_of(&dir, "baseline", &CLASSES, holder.path(), "copy.csv");
    // What a `--resume` killed mid-sweep leaves beside the run: its staging folder with the
    // trials it finished.
    let staging = dir.with_file_name(".run.partial");
    std::fs::create_dir_all(staging.join("predictions")).unwrap();
    std::fs::write(staging.join("trials.jsonl"), "{\"trial\": 3}\n").unwrap();
    std::fs::write(staging.join("predictions/trial-0003.parquet"), "pq").unwrap();
    let before = snapshot(&dir);
    let output = add(&dir, &file, "forest-copy", &[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains("an interrupted --resume of"), "{message}");
    assert!(message.contains(".run.partial"), "{message}");
    assert_eq!(message.trim().lines().count(), 1, "{message}");
    assert_eq!(
        std::fs::read_to_string(staging.join("trials.jsonl")).unwrap(),
        "{\"trial\": 3}\n"
    );
    assert!(staging.join("predictions/trial-0003.parquet").is_file());
    assert_eq!(snapshot(&dir), before);
}
