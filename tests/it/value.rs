//! `[value]` in runs and `worthit value`: every model priced, with intervals, from a real run.

use crate::common::*;
use serde_json::Value;

pub(crate) const VALUE: &str = "[data]\ntarget = \"label\"\npositive_class = \"yes\"\n\n[value]\ncurrency = \"EUR\"\ntp = 5\nfp = [-2, -1]\nfn = \"-0.5 * amount\"\ndecisions_per_year = [1000, 3000]\nhorizon_years = 2\ncore_hour = 0.05\ntrial_cost = 3\n";

/// A run folder `run` priced by [`VALUE`] on 1,500 noisy binary rows, on 2 threads: the
/// fixture of the tests that read its tables against its `results.json`, with those results.
pub(crate) fn priced_fixture() -> (tempfile::TempDir, Value) {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "data.csv", &noisy_binary_csv(1500, 4242, true));
    write(temp.path(), "worthit.toml", VALUE);
    let results = priced_run(temp.path(), "run", 2);
    (temp, results)
}

pub(crate) fn priced_run(dir: &std::path::Path, out: &str, threads: usize) -> Value {
    run_args("data.csv")
        .config("worthit.toml")
        .trials(3)
        .threads(threads)
        .out(out)
        .quiet()
        .ok_in(dir);
    results(&dir.join(out))
}

#[test]
fn runs_price_every_model_with_intervals() {
    let temp = tempfile::tempdir().unwrap();
    write(
        temp.path(),
        "data.csv",
        &noisy_binary_csv(1500, 12345, true),
    );
    write(temp.path(), "worthit.toml", VALUE);
    let results = priced_run(temp.path(), "run", 2);
    let value = &results["value"];
    assert_eq!(value["kind"], "outcomes");
    assert_eq!(value["decisions_per_year"], 2000.0);
    let models = value["models"].as_array().unwrap();
    assert_eq!(models.len(), 4);
    assert_eq!(models[0]["name"], "baseline");
    assert!(models[0].get("difference").is_none());
    // What each outcome brings a year comes with its 90% interval for the two models the
    // payoff chart compares, the baseline and the best candidate, and for no other.
    let best = value["best"]["name"].as_str().unwrap();
    for model in models {
        let outcomes = &model["outcomes"];
        let intervals = &outcomes["intervals"];
        if model["name"] != "baseline" && model["name"] != best {
            assert!(intervals.is_null(), "{model}");
            continue;
        }
        let fields = [
            "true_positives",
            "false_positives",
            "false_negatives",
            "true_negatives",
        ];
        for (slot, field) in fields.iter().enumerate() {
            let (low, high) = (
                intervals[slot][0].as_f64().unwrap(),
                intervals[slot][1].as_f64().unwrap(),
            );
            let point = outcomes[field].as_f64().unwrap();
            assert!(low <= point && point <= high, "{field}: {outcomes}");
            // Priced at 0 (true negatives here), an outcome is 0 in every resample.
            assert_eq!(point == 0.0, low == high, "{field}: {outcomes}");
        }
    }
    let html = std::fs::read_to_string(temp.path().join("run/report.html")).unwrap();
    assert!(
        html.contains("the whiskers, each one&#39;s 90% interval")
            || html.contains("the whiskers, each one's 90% interval"),
        "the payoff chart's caption names its whiskers"
    );
    for model in &models[1..] {
        let d = &model["difference"];
        let (low, mean, high) = (
            d["low"].as_f64().unwrap(),
            d["mean"].as_f64().unwrap(),
            d["high"].as_f64().unwrap(),
        );
        assert!(low <= mean && mean <= high, "{d}");
        assert!(d["resamples"].as_u64().unwrap() >= 1000);
        // The difference is the two net values' difference.
        let expected =
            model["net_value"].as_f64().unwrap() - models[0]["net_value"].as_f64().unwrap();
        assert!(
            (mean - expected).abs() < 1e-6 * expected.abs().max(1.0),
            "{mean} vs {expected}"
        );
        let threshold = model["threshold"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&threshold) || threshold.is_infinite());
    }
    // Decision tuning is reported beside the 0.5 cut-off.
    assert!(models[0]["test_per_year_default"].is_number());
    let best = &value["best"];
    assert!(best["name"].as_str().unwrap().starts_with("trial-"));
    // Three trials at 3 EUR each plus compute.
    assert!(best["sweep_cost"].as_f64().unwrap() >= 9.0);
    let sensitivity: Vec<&str> = value["sensitivity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["parameter"].as_str().unwrap())
        .collect();
    assert_eq!(sensitivity.len(), 2);
    assert!(sensitivity.contains(&"fp") && sensitivity.contains(&"decisions_per_year"));
    assert_eq!(value["scenarios"].as_array().unwrap().len(), 3);
    let report = std::fs::read_to_string(temp.path().join("run/report.md")).unwrap();
    assert!(report.contains("## Value"), "{report}");
    assert!(report.contains("90% interval"), "{report}");
    // The rules of thumb: two strategies with intervals, two table rows, and the baseline's and
    // best candidate's advantage over the better rule.
    let references = value["references"].as_array().unwrap();
    let strategies: Vec<&str> = references
        .iter()
        .map(|r| r["strategy"].as_str().unwrap())
        .collect();
    assert_eq!(strategies, ["act_on_all", "act_on_none"]);
    for r in references {
        let v = &r["value"];
        assert!(v["low"].as_f64().unwrap() <= v["mean"].as_f64().unwrap());
        assert!(v["mean"].as_f64().unwrap() <= v["high"].as_f64().unwrap());
        assert!(r["difference"]["mean"].is_number());
    }
    assert!(models[0]["over_reference"]["mean"].is_number());
    let best_name = best["name"].as_str().unwrap();
    let best_model = models.iter().find(|m| m["name"] == best_name).unwrap();
    assert!(best_model["over_reference"]["low"].is_number());
    assert!(report.contains("| *rule: act on every case* |"), "{report}");
    assert!(report.contains("| *rule: act on no case* |"), "{report}");
    assert!(
        report.contains("Rules of thumb over the horizon"),
        "{report}"
    );
    // The baseline's own net value and what tuning its decision alone earns, each with the
    // interval results.json holds.
    let baseline = &models[0];
    let own = &baseline["net_value_interval"];
    let amount = |key: &str, summary: &serde_json::Value| {
        let v = summary[key].as_f64().unwrap();
        assert!(v.is_finite(), "{summary}");
        v
    };
    assert!(amount("low", own) <= amount("high", own));
    let tuning = &baseline["decision_tuning"];
    assert!(amount("low", tuning) <= amount("mean", tuning));
    assert!(amount("mean", tuning) <= amount("high", tuning));
    let expected = baseline["test_per_year"].as_f64().unwrap()
        - baseline["test_per_year_default"].as_f64().unwrap();
    assert!((amount("mean", tuning) - expected).abs() < 1e-6 * expected.abs().max(1.0));
    assert!(models[1].get("decision_tuning").is_none(), "{}", models[1]);
    let line = |start: &str| {
        report
            .lines()
            .find(|l| l.contains(start))
            .unwrap_or_else(|| panic!("no {start}: {report}"))
            .to_string()
    };
    assert!(
        line("Baseline: net").contains(" over the horizon (90% interval "),
        "{report}"
    );
    assert!(
        line("Tuning the decision alone").contains(" a year, 90% interval "),
        "{report}"
    );
    // Each of its two figures a year has its own interval too (since 2026-12-07).
    assert_eq!(
        line("Tuning the decision alone")
            .matches("(90% interval ")
            .count(),
        2,
        "{report}"
    );
    let html = std::fs::read_to_string(temp.path().join("run/report.html")).unwrap();
    assert!(html.contains("<em>rule: act on no case</em>"));
}

#[test]
fn a_model_that_does_not_beat_acting_on_every_case_is_warned_about() {
    // A false alarm costs nothing and a catch earns 100: acting on every case is the best there
    // is, so no model can beat it once its compute is paid for.
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "data.csv", &noisy_binary_csv(600, 7, true));
    write(
        temp.path(),
        "worthit.toml",
        "[data]\ntarget = \"label\"\npositive_class = \"yes\"\n\n[value]\ntp = 100\nfp = 0\nfn = 0\ntn = 0\ncore_hour = 1\n",
    );
    let stdout = run_args("data.csv")
        .config("worthit.toml")
        .trials(1)
        .out("run")
        .ok_in(temp.path());
    let results = results(&temp.path().join("run"));
    let baseline = &results["value"]["models"][0];
    assert!(baseline["over_reference"]["mean"].as_f64().unwrap() < 0.0);
    let warning = "Warning: the baseline does not beat the rule to act on every case";
    assert!(stdout.contains(warning), "{stdout}");
    let report = std::fs::read_to_string(temp.path().join("run/report.md")).unwrap();
    assert!(report.contains(warning), "{report}");
}

#[test]
fn ranges_too_small_to_read_are_said_not_charted() {
    // The one range is the price of compute, and these models cost a fraction of a cent to run:
    // every end of it reads as the same difference, which a tornado would stretch over an axis.
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "data.csv", &noisy_binary_csv(600, 11, true));
    write(
        temp.path(),
        "worthit.toml",
        "[data]\ntarget = \"label\"\npositive_class = \"yes\"\n\n[value]\ntp = 50\nfp = -10\ncore_hour = [0.03, 0.10]\n",
    );
    let stdout = run_args("data.csv")
        .config("worthit.toml")
        .trials(2)
        .out("run")
        .ok_in(temp.path());
    let value = &results(&temp.path().join("run"))["value"];
    let swing = value["sensitivity"][0]["swing"].as_f64().unwrap();
    assert!(swing > 0.0 && swing < 0.005, "{value}");
    let sentence = "The ranges hardly move the best candidate's difference: it is ";
    assert!(stdout.contains(sentence), "{stdout}");
    assert!(
        stdout.contains("(core_hour from 0.03 to 0.1 moves it most, by "),
        "{stdout}"
    );
    // A swing the formatter writes as 0 is told as under the negligible, not as "by 0".
    let by = stdout
        .split("moves it most, by ")
        .nth(1)
        .unwrap_or_default();
    assert!(!by.starts_with("0)") && !by.starts_with("0 "), "{stdout}");
    if swing < 1e-6 {
        assert!(by.starts_with("less than 0.000001"), "{stdout}");
    }
    assert!(!stdout.contains("most influential"), "{stdout}");
    let report = std::fs::read_to_string(temp.path().join("run/report.md")).unwrap();
    assert!(report.contains(sentence), "{report}");
    let tornado = temp.path().join("run/plots/tornado.png");
    assert!(!tornado.exists());
    assert!(!report.contains("tornado"), "{report}");
    // A re-render removes the chart files its reports no longer show (here one left by an
    // earlier version), and only those.
    let kept = temp.path().join("run/plots/notes.png");
    std::fs::write(&tornado, b"stale").unwrap();
    std::fs::write(&kept, b"mine").unwrap();
    let output = worthit_in(temp.path(), &["report", "run"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!tornado.exists());
    assert!(kept.exists());
    assert!(temp.path().join("run/plots/trials.png").exists());
}

#[test]
fn value_does_not_depend_on_threads() {
    let temp = tempfile::tempdir().unwrap();
    write(
        temp.path(),
        "data.csv",
        &noisy_binary_csv(1200, 12345, true),
    );
    write(temp.path(), "worthit.toml", VALUE);
    let one = priced_run(temp.path(), "one", 1);
    let two = priced_run(temp.path(), "two", 2);
    // Costs come from measured times; decisions and decision values must be identical.
    for (a, b) in one["value"]["models"]
        .as_array()
        .unwrap()
        .iter()
        .zip(two["value"]["models"].as_array().unwrap())
    {
        for key in [
            "threshold",
            "validation_per_year",
            "test_per_year",
            "test_per_year_default",
        ] {
            assert_eq!(a[key], b[key], "{key} of {}", a["name"]);
        }
    }
}

#[test]
fn shipped_datasets_have_value_sections_that_run() {
    for name in ["german-credit", "telco-churn"] {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("run");
        run_args(dataset(name))
            .trials(2)
            .out(&out)
            .quiet()
            .ok_in(temp.path());
        let value = &results(&out)["value"];
        assert!(
            value["best"]["difference"]["low"].is_number(),
            "{name}: {value}"
        );
        let information = &value["information"];
        assert!(
            information["evpi"].as_f64().unwrap() >= 0.0,
            "{information}"
        );
        assert!(out.join("plots/gain_distribution.png").is_file());
        assert!(out.join("plots/gain_distribution.svg").is_file());
        if name == "german-credit" {
            // Its core_hour and trial_cost are ranges, which no resample draws: the value of
            // information says so, rather than leave them taken for drawn uncertainty.
            let report = std::fs::read_to_string(out.join("report.md")).unwrap();
            assert!(
                report.contains(
                    "That counts the test rows' sampling error alone: no business number is drawn. The ranges trial\\_cost, core\\_hour are tried at their ends in the scenarios and the sensitivity table"
                ),
                "{report}"
            );
        }
        if name == "telco-churn" {
            // Its horizon is a triangular distribution: drawn, priced alone, and reported.
            let parameters = information["parameters"].as_array().unwrap();
            assert_eq!(parameters.len(), 1, "{information}");
            assert_eq!(parameters[0]["parameter"], "horizon_years");
            assert!(parameters[0]["evppi"].as_f64().unwrap() >= 0.0);
            assert_eq!(value["gain_distribution"]["drawn"], true);
            // Decisions and point estimates use the mean, 2 years.
            assert_eq!(value["horizon_years"], 2.0);
            let horizon = value["sensitivity"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["parameter"] == "horizon_years")
                .unwrap();
            assert_eq!(
                (horizon["low"].as_f64(), horizon["high"].as_f64()),
                (Some(1.0), Some(3.0))
            );
            let report = std::fs::read_to_string(out.join("report.md")).unwrap();
            assert!(report.contains("Value of information"), "{report}");
            assert!(
                report.contains("knowing horizon\\_years exactly"),
                "{report}"
            );
            assert!(report.contains("plots/gain_distribution.png"), "{report}");
            let html = std::fs::read_to_string(out.join("report.html")).unwrap();
            assert!(html.contains("<h2>Value of information</h2>"));
            // The tornado's caption carries the value of information.
            let tornado = html.find("tornado").unwrap();
            assert!(html[tornado..].contains("(EVPPI)"), "{html}");
        } else {
            assert_eq!(value["gain_distribution"]["drawn"], false);
        }
    }
}

#[test]
fn bad_distributions_exit_2_naming_the_key_and_line() {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "data.csv", &noisy_binary_csv(200, 3, true));
    for (config, needle) in [
        (
            "fp = { dist = \"beta\", alpha = 0, beta = 2 }",
            "alpha = 0 must be above 0",
        ),
        (
            "fp = { dist = \"triangular\", low = 0, mode = 9, high = 4 }",
            "mode = 9 is outside",
        ),
        (
            "fp = { dist = \"normal\", mean = -3, sd = 0 }",
            "sd = 0 must be above 0",
        ),
        (
            "fp = { dist = \"pareto\", low = 1 }",
            "unknown dist `pareto`",
        ),
        (
            "fp = { dist = \"triangular\", low = -3, high = 0 }",
            "needs `mode`",
        ),
    ] {
        write(
            temp.path(),
            "worthit.toml",
            &format!(
                "[data]\ntarget = \"label\"\npositive_class = \"yes\"\n\n[value]\ntp = 5\n{config}\n"
            ),
        );
        let output = run_args("data.csv")
            .config("worthit.toml")
            .trials(0)
            .out("run")
            .output_in(temp.path());
        let err = one_line_error(&output);
        assert!(err.contains("`fp`"), "{config}: {err}");
        assert!(err.contains("line 7"), "{config}: {err}");
        assert!(err.contains(needle), "{config}: {err}");
    }
}

#[test]
fn kdd_cost_matrix_prices_a_multiclass_run() {
    let Some(data) = require_shared_dataset("kddcup99_10pct.csv.gz") else {
        return;
    };
    let temp = tempfile::tempdir().unwrap();
    // Every 20th connection, but every connection of the rare classes, so the test stays quick
    // and all five classes of the matrix are present.
    let mut text = String::new();
    let reader = std::io::BufReader::new(flate2::read::GzDecoder::new(
        std::fs::File::open(&data).unwrap(),
    ));
    for (i, line) in std::io::BufRead::lines(reader).enumerate() {
        let line = line.unwrap();
        let rare = line.ends_with(",u2r") || line.ends_with(",r2l") || line.ends_with(",probe");
        if i == 0 || i % 20 == 0 || rare {
            text.push_str(&line);
            text.push('\n');
        }
    }
    let data = write(temp.path(), "kdd.csv", &text);
    let config = root().join("examples/value/kddcup99.toml");
    let out = temp.path().join("run");
    run_args(&data)
        .config(&config)
        .trials(1)
        .out(&out)
        .quiet()
        .ok_in(temp.path());
    let value = &results(&out)["value"];
    assert_eq!(value["kind"], "cost_matrix");
    let baseline = &value["models"][0];
    // Expected-cost decisions never cost more than the most-likely-class ones by much, and on
    // this data both are small: costs are at most 4 per decision.
    let tuned = baseline["test_per_year"].as_f64().unwrap();
    assert!(tuned <= 0.0 && tuned > -4.0 * 5_000_000.0 * 0.05, "{tuned}");
    assert!(baseline["test_per_year_default"].is_number());
}

#[test]
fn value_calculator_prices_a_metric_gain() {
    let stdout = run_ok(
        &root(),
        &[
            "value",
            "--config",
            "examples/value/adult.toml",
            "--metric",
            "roc_auc=0.93",
            "--baseline",
            "roc_auc=0.91",
            "--format",
            "json",
        ],
    );
    let quote: Value = serde_json::from_str(&stdout).unwrap();
    // Two points at 4,000 / 6,500 / 9,000 USD a point.
    let gains: Vec<f64> = quote["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["difference_per_year"].as_f64().unwrap().round())
        .collect();
    assert_eq!(gains, [8000.0, 13000.0, 18000.0]);
    let text = run_ok(
        &root(),
        &[
            "value",
            "--config",
            "examples/value/adult.toml",
            "--metric",
            "roc_auc=0.93",
            "--baseline",
            "roc_auc=0.91",
        ],
    );
    assert!(text.contains("+13,000 USD a year"), "{text}");
    for (args, expected) in [
        (
            vec!["--metric", "roc_auc=0.9", "--baseline", "accuracy=0.8"],
            "give the same metric",
        ),
        (
            vec!["--metric", "roc_auc=x", "--baseline", "roc_auc=0.8"],
            "is not a number",
        ),
        // A metric outside the values it can take is a typo, not a gain worth 142,000 a year.
        (
            vec!["--metric", "roc_auc=1.5", "--baseline", "roc_auc=0.8"],
            "--metric roc_auc=1.5: roc_auc lies between 0 and 1",
        ),
        (
            vec!["--metric", "roc_auc=0.9", "--baseline", "roc_auc=-0.1"],
            "--baseline roc_auc=-0.1: roc_auc lies between 0 and 1",
        ),
        // Until 2026-12-06 the value was written out in 309 digits.
        (
            vec!["--metric", "roc_auc=1e308", "--baseline", "roc_auc=0.8"],
            "--metric roc_auc=1.0e308: roc_auc lies between 0 and 1",
        ),
    ] {
        let mut all = vec!["value", "--config", "examples/value/adult.toml"];
        all.extend(args);
        let err = one_line_error(&worthit(&all));
        assert!(err.contains(expected), "{err}");
        assert!(err.len() < 160, "one short line: {err}");
    }
    let output = worthit(&[
        "value",
        "--config",
        "datasets/bank-marketing/worthit.toml",
        "--metric",
        "roc_auc=0.8",
        "--baseline",
        "roc_auc=0.79",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output).lines().count(), 1, "{}", stderr(&output));
}

#[test]
fn bad_capacities_exit_2_naming_the_key_and_line() {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "data.csv", &noisy_binary_csv(200, 3, true));
    for (config, key, line) in [
        ("capacity = -5\n", "`capacity`", Some("line 7")),
        ("capacity_share = 2\n", "`capacity_share`", Some("line 7")),
        ("capacity = 5\ncapacity_share = 0.1\n", "capacity", None),
    ] {
        write(
            temp.path(),
            "worthit.toml",
            &format!(
                "[data]\ntarget = \"label\"\npositive_class = \"yes\"\n\n[value]\ntp = 5\n{config}"
            ),
        );
        let output = run_args("data.csv")
            .config("worthit.toml")
            .trials(0)
            .out("run")
            .output_in(temp.path());
        let err = one_line_error(&output);
        assert!(err.contains(key), "{config}: {err}");
        if let Some(line) = line {
            assert!(err.contains(line), "{config}: {err}");
        }
    }
}

#[test]
fn capacity_is_priced_charted_and_reported() {
    let temp = tempfile::tempdir().unwrap();
    write(
        temp.path(),
        "data.csv",
        &noisy_binary_csv(1500, 12345, true),
    );
    write(
        temp.path(),
        "worthit.toml",
        &format!("{VALUE}capacity_share = 0.05\n"),
    );
    let results = priced_run(temp.path(), "run", 2);
    let value = &results["value"];
    // 5% of the 2,000 decisions a year (the midpoint of the range).
    assert_eq!(value["capacity"], 100.0);
    let curves = value["capacity_curves"].as_array().unwrap();
    assert_eq!(curves.len(), 2);
    let points = curves[0]["points"].as_array().unwrap();
    assert_eq!(points[0][0], 0.0);
    assert_eq!(points.last().unwrap()[0], 2000.0);
    assert!(temp.path().join("run/plots/capacity.png").is_file());
    let report = std::fs::read_to_string(temp.path().join("run/report.md")).unwrap();
    assert!(
        report.contains("Capacity: at most 100 positive decisions"),
        "{report}"
    );
    assert!(report.contains("plots/capacity.png"), "{report}");
    assert!(
        report.contains("act on random cases up to capacity"),
        "{report}"
    );
    // The threshold chart's curves are capped, and its caption says so.
    let html = std::fs::read_to_string(temp.path().join("run/report.html")).unwrap();
    assert!(
        html.contains("threshold on, acting on at most the capacity"),
        "{html}"
    );
}

const THREE: &str = "[data]\ntarget = \"kind\"\n\n[value]\ndecisions_per_year = 1000\nhorizon_years = 1\ntrial_cost = 2\n";
const THREE_COSTS: &str =
    "\n[value.cost_matrix]\nclasses = [\"low\", \"mid\", \"high\"]\nmatrix = [[0, 1, 3], [1, 0, 1], [3, 1, 0]]\n";

#[test]
fn multiclass_capacity_is_priced_charted_and_reported() {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "three.csv", &three_class_csv(360));
    write(
        temp.path(),
        "worthit.toml",
        &format!("{THREE}capacity_share = 0.1\ncapacity_default = \"mid\"\n{THREE_COSTS}"),
    );
    run_args("three.csv")
        .config("worthit.toml")
        .trials(2)
        .out("run")
        .quiet()
        .ok_in(temp.path());
    let value = &results(&temp.path().join("run"))["value"];
    assert_eq!(value["kind"], "cost_matrix");
    assert_eq!(value["capacity"], 100.0);
    assert_eq!(value["capacity_default"], "mid");
    let curves = value["capacity_curves"].as_array().unwrap();
    assert_eq!(curves.len(), 2);
    let points = curves[0]["points"].as_array().unwrap();
    assert_eq!(points[0][0], 0.0);
    assert_eq!(points.last().unwrap()[0], 1000.0);
    // More reviews never cost in expectation, and on this data they help: the curve ends above
    // where it starts (everything taken as mid).
    let start = points[0][1].as_f64().unwrap();
    let end = points.last().unwrap()[1].as_f64().unwrap();
    assert!(end > start, "{start} {end}");
    assert!(value["capacity_margin"]["value_per_decision"]["mean"].is_number());
    assert!(temp.path().join("run/plots/capacity.png").is_file());
    let report = std::fs::read_to_string(temp.path().join("run/report.md")).unwrap();
    assert!(
        report.contains("Capacity: at most 100 decisions reviewed a year (10% of 1,000)"),
        "{report}"
    );
    assert!(report.contains("every other row gets mid"), "{report}");
    assert!(
        report.contains("More capacity: each further decision reviewed"),
        "{report}"
    );
    assert!(report.contains("plots/capacity.png"), "{report}");
}

#[test]
fn multiclass_capacity_errors_exit_2_naming_the_key() {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "three.csv", &three_class_csv(120));
    for (extra, needle) in [
        (
            "capacity = 50\ncapacity_default = \"medium\"\n",
            "capacity_default = \"medium\" is not a class of the target",
        ),
        (
            "capacity_default = \"mid\"\n",
            "give capacity or capacity_share with it",
        ),
    ] {
        write(
            temp.path(),
            "worthit.toml",
            &format!("{THREE}{extra}{THREE_COSTS}"),
        );
        let output = run_args("three.csv")
            .config("worthit.toml")
            .trials(0)
            .out("run")
            .output_in(temp.path());
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        let err = one_line_error(&output);
        assert!(err.contains(needle), "{extra}: {err}");
    }
}

/// A per-row payoff times a drawn factor, end to end: at the factor's mean it prices every model
/// as the expression multiplied out does; its draws widen the candidate's interval and are
/// priced by name (`fn.times`); `run.json` keeps it, so repricing gives the same values.
#[test]
fn a_per_row_payoff_times_a_drawn_factor_runs_end_to_end() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::copy(
        dataset("german-credit").join("german_credit.csv"),
        temp.path().join("data.csv"),
    )
    .unwrap();
    let run = |name: &str, fn_: &str| {
        write(
            temp.path(),
            &format!("{name}.toml"),
            &format!(
                "[data]\ntarget = \"class\"\npositive_class = \"bad\"\n\n[value]\nfp = -300\nfn = {fn_}\ndecisions_per_year = 1000\ntrial_cost = 5\n"
            ),
        );
        run_args("data.csv")
            .config(format!("{name}.toml"))
            .trials(2)
            .out(name)
            .quiet()
            .ok_in(temp.path());
        results(&temp.path().join(name))
    };
    let multiplied = run("multiplied", "\"-0.5 * credit_amount\"");
    let factor = run(
        "factor",
        "{ expr = \"-credit_amount\", times = { dist = \"uniform\", low = 0.25, high = 0.75 } }",
    );
    let net_values = |r: &Value| -> Vec<(Value, Value)> {
        r["value"]["models"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| (m["net_value"].clone(), m["threshold"].clone()))
            .collect()
    };
    assert_eq!(net_values(&multiplied), net_values(&factor));
    let width = |r: &Value| {
        let d = &r["value"]["best"]["difference"];
        d["high"].as_f64().unwrap() - d["low"].as_f64().unwrap()
    };
    assert!(
        width(&factor) > width(&multiplied),
        "{} {}",
        width(&factor),
        width(&multiplied)
    );
    let information = &factor["value"]["information"]["parameters"];
    assert_eq!(information[0]["parameter"], "fn.times", "{information}");
    assert_eq!(factor["value"]["sensitivity"][0]["parameter"], "fn.times");
    assert_eq!(factor["value"]["gain_distribution"]["drawn"], true);
    // report.html says how the factor is drawn, among the methods the run used.
    let html = std::fs::read_to_string(temp.path().join("factor").join("report.html")).unwrap();
    assert!(
        html.contains("A factor on a per-row payoff (fn.times) multiplies"),
        "{html}"
    );
    // What the candidate earns more, before costs, has its interval (the net difference's moved
    // by the costs) where the costs are the same in every resample; with a number drawn, which
    // may move them, it is said alone.
    let earns = |name: &str| {
        let report = std::fs::read_to_string(temp.path().join(name).join("report.md")).unwrap();
        report
            .lines()
            .find(|line| line.contains("after costs (90% interval of the net difference"))
            .unwrap_or_else(|| panic!("{report}"))
            .to_string()
    };
    let (fixed, drawn) = (earns("multiplied"), earns("factor"));
    let d = &multiplied["value"]["best"]["difference"];
    let costs = |r: &Value, name: &str| {
        let model = r["value"]["models"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == name)
            .unwrap();
        ["training_cost", "trial_cost", "serving_cost"]
            .iter()
            .map(|k| model[*k].as_f64().unwrap())
            .sum::<f64>()
    };
    let best = multiplied["value"]["best"]["name"].as_str().unwrap();
    let more = costs(&multiplied, best) - costs(&multiplied, "baseline");
    let expected = format!(
        "than the baseline (90% interval {})",
        worthit::base::format::interval(
            d["low"].as_f64().unwrap() + more,
            d["high"].as_f64().unwrap() + more,
            ""
        )
    );
    assert!(fixed.contains(&expected), "{fixed} lacks {expected}");
    // With the factor drawn, each resample adds back its own draw's costs: the interval is the
    // one pricing kept.
    let before = &factor["value"]["best"]["difference_before_costs"];
    let expected = format!(
        "than the baseline (90% interval {})",
        worthit::base::format::interval(
            before["low"].as_f64().unwrap(),
            before["high"].as_f64().unwrap(),
            ""
        )
    );
    assert!(drawn.contains(&expected), "{drawn} lacks {expected}");

    let dir = temp.path().join("factor");
    let output = worthit_in(temp.path(), &["report", dir.to_str().unwrap(), "--reprice"]);
    assert!(output.status.success(), "{output:?}");
    let repriced = results(&dir);
    assert_eq!(net_values(&repriced), net_values(&factor));
    assert_eq!(
        repriced["value"]["best"]["difference"],
        factor["value"]["best"]["difference"]
    );
}

/// The Taiwan credit example draws its loss given default as a factor on the credit limit: it
/// runs on the shared data as its header says, and reports that factor's value of information.
#[test]
fn the_taiwan_credit_example_draws_its_loss_given_default() {
    let Some(data) = require_shared_dataset("credit_default_taiwan.csv") else {
        return;
    };
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("run");
    run_args(&data)
        .config(root().join("examples/value/taiwan-credit.toml"))
        .trials(1)
        .out(&out)
        .quiet()
        .ok_in(temp.path());
    let value = &results(&out)["value"];
    assert_eq!(value["currency"], "TWD");
    assert_eq!(
        value["information"]["parameters"][0]["parameter"],
        "fn.times"
    );
    assert_eq!(
        value["information"]["parameters"][0]["distribution"],
        "triangular(low 0.45, mode 0.75, high 0.9)"
    );
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(report.contains("knowing fn.times exactly"), "{report}");
}

/// "Beats the rule of thumb" only where the 90% interval is clear of 0: German credit's baseline
/// is ahead of acting on every case at the central values, but its interval reaches below 0.
#[test]
fn a_model_ahead_of_the_rule_of_thumb_by_noise_is_not_said_to_beat_it() {
    let temp = tempfile::tempdir().unwrap();
    write(
        temp.path(),
        "worthit.toml",
        "seed = 42\n\n[data]\ntarget = \"class\"\npositive_class = \"bad\"\n\n[value]\ncurrency = \"cost units\"\ncost_matrix = { classes = [\"good\", \"bad\"], matrix = [[0, 1], [5, 0]] }\ndecisions_per_year = 1000\nhorizon_years = 3\n",
    );
    let stdout = run_args(dataset("german-credit").join("german_credit.csv"))
        .config("worthit.toml")
        .trials(1)
        .out("run")
        .ok_in(temp.path());
    let results = results(&temp.path().join("run"));
    let mut straddles = 0;
    for model in results["value"]["models"].as_array().unwrap() {
        let Some(over) = model.get("over_reference") else {
            continue;
        };
        let (mean, low) = (
            over["mean"].as_f64().unwrap(),
            over["low"].as_f64().unwrap(),
        );
        let who = if model.get("trial").is_none() {
            "the baseline".to_string()
        } else {
            format!("the best candidate, {},", model["name"].as_str().unwrap())
        };
        let said = |s: &str| stdout.contains(&format!("Net of its costs {who} {s}"));
        if low > 0.0 {
            assert!(said("beats the rule"), "{stdout}");
        } else if mean > 0.0 {
            straddles += 1;
            assert!(!said("beats the rule"), "{stdout}");
            assert!(said("is +"), "{stdout}");
            assert!(stdout.contains("includes no difference: it may or may not beat it."));
        }
    }
    assert!(straddles > 0, "{stdout}");
}

/// The sentence weighing what the best candidate earns more against what it costs more comes
/// only where their costs differ, and the line on the whole sweep's cost only where it cost
/// something: with no costs priced each would repeat the verdict's gain beside "costs 0 USD more
/// to run" or "cost 0 USD".
#[test]
fn what_the_candidate_earns_against_its_costs_is_said_only_where_costs_differ() {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "data.csv", &noisy_binary_csv(600, 11, true));
    let run = |name: &str, costs: &str| {
        write(
            temp.path(),
            &format!("{name}.toml"),
            &format!("[data]\ntarget = \"label\"\npositive_class = \"yes\"\n\n[value]\ntp = 50\nfp = -10\n{costs}"),
        );
        run_args("data.csv")
            .config(format!("{name}.toml"))
            .trials(2)
            .out(name)
            .ok_in(temp.path())
    };
    let free = run("free", "");
    assert!(!free.contains("more to run"), "{free}");
    assert!(!free.contains("The whole sweep cost"), "{free}");
    let report = std::fs::read_to_string(temp.path().join("free/report.html")).unwrap();
    assert!(!report.contains("The whole sweep cost"));
    let priced = run("priced", "trial_cost = 5\n");
    assert!(priced.contains(" more to run: "), "{priced}");
    assert!(
        priced.contains("The whole sweep cost 10; after paying for all of it"),
        "{priced}"
    );
    // What it earns more has its interval, also where a drawn number moves the costs: each
    // resample adds back its own draw's costs (`difference_before_costs`).
    let drawn = run(
        "drawn",
        "trial_cost = { dist = \"uniform\", low = 2, high = 8 }\n",
    );
    for said in [&priced, &drawn] {
        assert!(
            said.contains(" more than the baseline (90% interval "),
            "{said}"
        );
    }
    let results: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(temp.path().join("drawn/results.json")).unwrap(),
    )
    .unwrap();
    let before = &results["value"]["best"]["difference_before_costs"];
    let (low, high) = (
        before["low"].as_f64().unwrap(),
        before["high"].as_f64().unwrap(),
    );
    assert!(low <= before["mean"].as_f64().unwrap() && before["mean"].as_f64().unwrap() <= high);
}
