//! Hostile input: `[value]`. Payoff expressions too large to evaluate, exponent literals,
//! aggregates posing as per-row payoffs, business numbers too large for the arithmetic, and a
//! run.json edited before `worthit report --reprice`.

use std::path::Path;

use crate::common::*;

/// A folder with `d.csv` (x1, x2, amount, label) and `w.toml` holding `value` under `[value]`.
fn priced_folder(value: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "d.csv", &noisy_binary_csv(240, 11, true));
    write(
        dir.path(),
        "w.toml",
        &format!("[data]\ntarget = \"label\"\npositive_class = \"yes\"\n\n[value]\n{value}\n"),
    );
    dir
}

fn run(dir: &Path, out: &str) -> std::process::Output {
    worthit_in(
        dir,
        &[
            "run", "d.csv", "--config", "w.toml", "--trials", "1", "--out", out, "--quiet",
        ],
    )
}

/// Runs `[value] value` and asserts a one-line input error containing every one of `expect`,
/// with nothing left behind; returns the error line.
fn refused(value: &str, expect: &[&str]) -> String {
    let dir = priced_folder(value);
    let err = one_line_error(&run(dir.path(), "r"));
    for part in expect {
        assert!(err.contains(part), "`{part}` in: {err}");
    }
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|name| name != "d.csv" && name != "w.toml")
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    err
}

#[test]
fn expressions_too_large_to_evaluate_are_refused_in_one_line() {
    // 2,000 terms once overflowed a worker thread's stack (exit 134); 20,000 the main thread's.
    for terms in [2_000, 20_000] {
        let long = vec!["x1"; terms].join(" + ");
        refused(
            &format!("tp = \"{long}\"\nfp = -1"),
            &["tp", "characters long"],
        );
    }
    // Short enough in characters, but nested deeper than the evaluator walks.
    let deep = vec!["1"; 1_500].join("+");
    refused(&format!("tp = \"{deep}\"\nfp = -1"), &["tp", "nests"]);
    // A realistic formula is fine.
    let dir = priced_folder("tp = \"0.2 * amount - 2 + 0 * x1 * x2\"\nfp = -2");
    assert_eq!(run(dir.path(), "r").status.code(), Some(0));
}

#[test]
fn exponent_literals_read_like_the_numbers_they_are() {
    let plain =
        priced_folder("tp = \"1000 + 0 * x1\"\nfp = \"-20 + 0 * x1\"\ndecisions_per_year = 1000");
    let exponents =
        priced_folder("tp = \"1e3 + 0 * x1\"\nfp = \"-2E1 + 0 * x1\"\ndecisions_per_year = 1e3");
    for dir in [&plain, &exponents] {
        let output = run(dir.path(), "r");
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let net = |dir: &tempfile::TempDir| -> Vec<f64> {
        results(&dir.path().join("r"))["value"]["models"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["test_per_year"].as_f64().unwrap())
            .collect()
    };
    assert_eq!(net(&plain), net(&exponents));
}

#[test]
fn aggregates_and_windows_are_refused_as_payoffs() {
    for expression in [
        "sum(amount)",
        "avg(amount) OVER ()",
        "amount - max(amount)",
        "count(*)",
    ] {
        refused(
            &format!("tp = 1\nfn = \"-1 * {expression}\""),
            &["fn", "combines rows", "own row"],
        );
    }
}

#[test]
fn business_numbers_too_large_for_the_arithmetic_are_refused_naming_the_key() {
    refused("tp = 1e308\nfp = -1", &["w.toml", "`tp`", "1e15"]);
    refused(
        "tp = 5\nfp = -1\ndecisions_per_year = 1e300",
        &["`decisions_per_year`", "1e15"],
    );
    refused(
        "tp = 5\nfp = -1\ndecisions_per_year = 1e20",
        &["`decisions_per_year`"],
    );
    refused(
        "tp = 5\nfp = -1\nhorizon_years = 1000",
        &["horizon_years", "100 years"],
    );
    // Named in a few characters, not the 301 digits of 1e300 (until 2026-12-06).
    let line = refused(
        "tp = 5\nfp = -1\ncapacity = 1e300",
        &["`capacity`", "1e300 is not a number of decisions a year"],
    );
    assert!(line.len() < 200, "{line}");
    refused(
        "tp = \"amount * 1e300\"\nfp = -1",
        &["tp", "data row", "1e15"],
    );
    // Large but sensible numbers still price, and the totals print in full.
    let dir = priced_folder("tp = 2e9\nfp = -1e9\ndecisions_per_year = 1e12\nhorizon_years = 10");
    let output = run(dir.path(), "r");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let value = &results(&dir.path().join("r"))["value"];
    for model in value["models"].as_array().unwrap() {
        assert!(model["net_value"].as_f64().unwrap().is_finite(), "{model}");
    }
}

#[test]
fn reprice_validates_an_edited_run_json_as_a_run_does() {
    let dir = priced_folder("tp = 5\nfp = -1\nhorizon_years = 2");
    let output = run(dir.path(), "r");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let run_dir = dir.path().join("r");
    let manifest_path = run_dir.join("run.json");
    let original: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest_path).unwrap()).unwrap();
    let results_before = std::fs::read_to_string(run_dir.join("results.json")).unwrap();
    // Each edit of the stored config, and what the error must name.
    let edits = [
        (
            "horizon_years",
            "/config/value/horizon_years",
            serde_json::json!(-1.0),
        ),
        (
            "cost_matrix",
            "/config/value/cost_matrix",
            serde_json::json!({ "classes": ["no", "yes"], "matrix": [[0, 1], [5, 0]] }),
        ),
        ("[split]", "/config/split/test", serde_json::json!(1.5)),
    ];
    for (expect, pointer, edited) in edits {
        let mut manifest = original.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        manifest.pointer_mut(parent).unwrap()[key] = edited;
        std::fs::write(
            &manifest_path,
            serde_json::to_string_pretty(&manifest).unwrap(),
        )
        .unwrap();
        let output = worthit(&["report", run_dir.to_str().unwrap(), "--reprice"]);
        let err = one_line_error(&output);
        assert!(err.contains(expect), "`{expect}` in: {err}");
        assert_eq!(
            std::fs::read_to_string(run_dir.join("results.json")).unwrap(),
            results_before,
            "results.json untouched after {expect}"
        );
    }
}

/// A payoff that comes out infinite names the file its [value] came from and the key, with the
/// data file: the worthit.toml in `worthit run`, run.json in `worthit report --reprice` after an
/// edit (until 2026-12-06 both named the data file alone), the same words after it.
#[test]
fn an_infinite_payoff_names_its_config_file_in_run_and_reprice() {
    let infinite = "-exp(amount * 100)";
    let dir = priced_folder(&format!("tp = 5\nfp = \"{infinite}\""));
    let from_run = one_line_error(&run(dir.path(), "r"));
    let said = format!("[value] fp = \"{infinite}\" gives -inf for data row ");
    assert!(
        from_run.starts_with(&format!(
            "worthit: error: w.toml (checked against d.csv): {said}"
        )),
        "{from_run}"
    );
    let dir = priced_folder("tp = 5\nfp = \"-amount\"");
    let output = run(dir.path(), "r");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let manifest_path = dir.path().join("r/run.json");
    let mut manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest_path).unwrap()).unwrap();
    manifest["config"]["value"]["fp"] = infinite.into();
    std::fs::write(&manifest_path, manifest.to_string()).unwrap();
    let results_before = std::fs::read_to_string(dir.path().join("r/results.json")).unwrap();
    let from_reprice = one_line_error(&worthit_in(dir.path(), &["report", "r", "--reprice"]));
    assert!(
        from_reprice.starts_with("worthit: error: r/run.json (checked against /"),
        "{from_reprice}"
    );
    // The same key, the same row, the same words as the run's.
    let (_, reprice_says) = from_reprice.split_once("d.csv): ").unwrap();
    let (_, run_says) = from_run.split_once("d.csv): ").unwrap();
    assert_eq!(reprice_says, run_says);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("r/results.json")).unwrap(),
        results_before
    );
}

/// `worthit value --metric =0.9` says the metric's name is missing, and which it may be (until
/// 2026-12-06: "--metric is  but --baseline is roc_auc").
#[test]
fn a_metric_reading_without_a_name_is_refused_naming_the_metrics() {
    let err = one_line_error(&worthit(&[
        "value",
        "--config",
        root().join("examples/value/adult.toml").to_str().unwrap(),
        "--metric",
        "=0.9",
        "--baseline",
        "roc_auc=0.8",
    ]));
    assert!(
        err.contains("'--metric <METRIC=VALUE>': `=0.9`: give a metric name before `=` (METRIC=VALUE, e.g. roc_auc=0.81): one of accuracy, balanced_accuracy, roc_auc"),
        "{err}"
    );
}

/// `worthit value` holds a metric-based section to the checks `run` does: until 2026-12-06 it
/// priced an empty curve, a falling one and one with a repeated metric as fact (exit 0).
#[test]
fn value_refuses_the_curves_run_refuses() {
    for (curve, expect) in [
        ("[]", "at least two"),
        ("[[0.9, 0], [0.5, 100]]", "must increase"),
        ("[[0.5, 0], [0.5, 100], [0.9, 1000]]", "must increase"),
    ] {
        let section = format!("curve = {curve}");
        refused(&section, &["w.toml", "[value] curve", expect]);
        let dir = priced_folder(&section);
        let output = quote_roc_auc_gain(dir.path());
        let err = one_line_error(&output);
        for part in ["w.toml", "[value] curve", expect] {
            assert!(err.contains(part), "`{part}` in: {err}");
        }
    }
}

/// Settings that price nothing, or more than the arithmetic holds, or never finish, were
/// accepted until 2026-12-06: "over 0 years" gave every amount as 0, `capacity = 0` let every
/// model act on nothing, `point = 1e-300` gave "earns 2.5e301 more", a learning rate of 1e10
/// trained and 100 million baseline trees ran for ever.
#[test]
fn degenerate_settings_are_refused_naming_the_key() {
    refused(
        "tp = 5\nfp = -1\nhorizon_years = 0",
        &["w.toml", "horizon_years = 0 must be above 0"],
    );
    refused(
        "tp = 5\nfp = -1\nhorizon_years = [0, 2]",
        &["horizon_years", "must be above 0"],
    );
    refused(
        "tp = 5\nfp = -1\ncapacity = 0",
        &["w.toml", "`capacity`", "below 1"],
    );
    refused(
        "per_point = 1000\npoint = 1e-300",
        &["w.toml", "[value] point = ", "over 1e15"],
    );
    refused(
        "tp = 5\nfp = -1\n\n[sweep.boosting]\nlearning_rate = 1e10",
        &["w.toml", "[sweep] boosting.learning_rate: at most 1"],
    );
    refused(
        "tp = 5\nfp = -1\n\n[sweep.boosting]\nlearning_rate = [0.1, 2]",
        &["boosting.learning_rate"],
    );
    refused(
        "tp = 5\nfp = -1\n\n[baseline]\nn_trees = 100000000",
        &["w.toml", "[baseline] n_trees = 100000000 is over 100000"],
    );
    // `worthit value` refuses them too.
    for section in [
        "per_point = 1000\npoint = 1e-300",
        "per_point = 1000\nhorizon_years = 0",
    ] {
        let dir = priced_folder(section);
        let output = quote_roc_auc_gain(dir.path());
        assert!(one_line_error(&output).contains("w.toml"));
    }
}

/// `worthit value` on the folder's `w.toml`, pricing a ROC-AUC of 0.8 against 0.7.
fn quote_roc_auc_gain(dir: &std::path::Path) -> std::process::Output {
    worthit_in(
        dir,
        &[
            "value",
            "--config",
            "w.toml",
            "--metric",
            "roc_auc=0.8",
            "--baseline",
            "roc_auc=0.7",
        ],
    )
}

#[test]
fn a_negative_cost_off_the_cost_matrix_diagonal_is_refused_naming_the_cell() {
    // A cost is a loss; a negative one on a wrong call paid models to be wrong, and was priced
    // as written until 2026-12-06.
    refused(
        "cost_matrix = { classes = [\"no\", \"yes\"], matrix = [[0, -1], [5, 0]] }",
        &[
            "w.toml",
            "[value] cost_matrix[no, yes] = -1 is negative",
            "a wrong call (off the diagonal) cannot gain",
        ],
    );
    refused(
        "cost_matrix = { classes = [\"no\", \"yes\"], matrix = [[0, 1], [[-2, 5], 0]] }",
        &["cost_matrix[yes, no] = [-2, 5] is negative"],
    );
    refused(
        "cost_matrix = { classes = [\"no\", \"yes\"], matrix = [[0, { dist = \"normal\", mean = 1, sd = 0.5 }], [5, 0]] }",
        &["cost_matrix[no, yes]", "truncate a normal with low = 0"],
    );
    // On the diagonal a negative cost is a gain on a correct call, and is priced.
    let dir =
        priced_folder("cost_matrix = { classes = [\"no\", \"yes\"], matrix = [[0, 1], [5, -3]] }");
    let output = run(dir.path(), "r");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

/// A currency stands beside every amount, in every output: one of 10,000 characters made each
/// report sentence that long, and each chart that quoted it took minutes to draw, until
/// 2026-12-06. It is refused before any work, in `run` and `worthit value` alike; 80 characters
/// still price.
#[test]
fn a_currency_longer_than_a_name_is_refused_naming_the_key() {
    let long = "c".repeat(10_000);
    let section = format!("currency = \"{long}\"\ntp = 5\nfp = -1");
    refused(
        &section,
        &[
            "w.toml: [value] currency is 10,000 characters long",
            "keep it to 80",
        ],
    );
    let metric_based = format!("currency = \"{long}\"\nper_point = 100");
    let dir = priced_folder(&metric_based);
    let err = one_line_error(&quote_roc_auc_gain(dir.path()));
    assert!(
        err.contains("[value] currency is 10,000 characters"),
        "{err}"
    );
    let dir = priced_folder(&format!(
        "currency = \"{}\"\ntp = 5\nfp = -1",
        "c".repeat(80)
    ));
    let output = run(dir.path(), "r");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}
