//! What worthit prints for scripts and CI, read as a CI job reads it: `run --format json`,
//! `compare --format json|markdown`, `analyze --format json|markdown`. Every value comes with its
//! interval, each fact is said once, and text from data is escaped in Markdown.

use crate::common::*;

/// Without `[value]`, report.md's line on the model validation picks gives both test scores
/// with their 90% intervals, as `run --format json`'s `best_by_validation` does (until
/// 2026-12-06 both gave the scores alone, though results.json keeps their intervals).
#[test]
fn an_unpriced_runs_best_by_validation_gives_its_test_interval_in_json_and_report() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "data.csv", &noisy_binary_csv(400, 1, false));
    let (json, _) = run_args("data.csv")
        .target("label")
        .trials(6)
        .out("r")
        .quiet()
        .json_in(tmp.path());
    let results = results(&tmp.path().join("r"));
    let models = results["models"].as_array().unwrap();
    let pick = &json["recommendation"]["best_by_validation"];
    assert_eq!(pick["name"], "trial-0003", "{json}");
    assert_eq!(pick["by"], "roc_auc");
    let model = |name: &str| models.iter().find(|m| m["name"] == name).unwrap();
    let best = model("trial-0003");
    assert_eq!(pick["test_low"], best["test_interval"]["low"]);
    assert_eq!(pick["test_high"], best["test_interval"]["high"]);
    let report = std::fs::read_to_string(tmp.path().join("r/report.md")).unwrap();
    let line = report
        .lines()
        .find(|l| l.starts_with("**Best by validation roc_auc: trial-0003**"))
        .unwrap_or_else(|| panic!("{report}"));
    let four = |v: &serde_json::Value| format!("{:.4}", v.as_f64().unwrap());
    let baseline = model("baseline");
    for who in [best, baseline] {
        let expected = format!(
            "{} (90% interval {} to {})",
            four(&who["test"]["roc_auc"]),
            four(&who["test_interval"]["low"]),
            four(&who["test_interval"]["high"])
        );
        assert!(line.contains(&expected), "{expected}: {line}");
    }
}

/// A run that trained the baseline alone (`--trials 0`) answers the model as the terminal does,
/// "Keep the baseline: no candidate was trained", in `run --format json` and `results.json`:
/// `ship_baseline`, with the candidate and its numbers `null` (until 2026-12-06 the whole answer
/// was `null`), priced or not.
#[test]
fn a_baseline_alone_answers_keep_the_baseline_in_json_as_on_the_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "data.csv", &noisy_binary_csv(300, 1, false));
    let priced = run_args(dataset("german-credit")).trials(0);
    let plain = run_args("data.csv").target("label").trials(0);
    for (name, run) in [("priced", priced), ("plain", plain)] {
        let (json, _) = run
            .clone()
            .quiet()
            .out(format!("{name}-json"))
            .json_in(tmp.path());
        let terminal = run.out(format!("{name}-text")).ok_in(tmp.path());
        let said = terminal
            .lines()
            .find(|l| l.starts_with("Keep the baseline"))
            .unwrap_or_else(|| panic!("{terminal}"));
        let model = &json["recommendation"]["model"];
        assert_eq!(model["kind"], "ship_baseline", "{name}: {json}");
        assert_eq!(model["sentence"], said, "{name}");
        assert_eq!(
            said,
            "Keep the baseline: no candidate was trained, so there is nothing to ship instead."
        );
        for key in ["candidate", "gain", "low", "high", "level"] {
            assert!(model[key].is_null(), "{name} {key}: {model}");
        }
        let stored = results(&tmp.path().join(format!("{name}-json")));
        assert_eq!(&stored["recommendation"]["model"], model, "{name}");
        // No candidate, no verdict and no best candidate, as before.
        assert!(json["verdict"].is_null(), "{name}: {json}");
        assert!(json["recommendation"]["best_candidate"].is_null(), "{name}");
    }
}

/// `worthit compare` gives each side's value with its 90% interval, in JSON (`net_value_low`,
/// `net_value_high`; `metric_value_low`, `metric_value_high` without `[value]`), on the terminal
/// and in Markdown's table, beside the difference's; until 2026-12-06 each side's value came
/// alone, and Markdown's lead repeated the difference's interval that its reason gives.
#[test]
fn compare_gives_each_sides_value_with_its_interval() {
    let tmp = tempfile::tempdir().unwrap();
    let base = tmp.path().join("base");
    let tuned = tmp.path().join("tuned");
    for (dir, trials) in [(&base, 0), (&tuned, 3)] {
        run_args(dataset("german-credit"))
            .trials(trials)
            .out(dir)
            .quiet()
            .ok_in(tmp.path());
    }
    let path = |p: &std::path::Path| p.to_str().unwrap().to_string();
    let (b, t) = (path(&base), path(&tuned));
    let output = worthit_in(tmp.path(), &["compare", &b, &t, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["paired"], true, "{json}");
    // Paired, both are priced under the baseline run's [value]: here the runs' own figures.
    for (side, dir) in [("baseline", &base), ("candidate", &tuned)] {
        let model = json[side]["model"].as_str().unwrap();
        let r = results(dir);
        let own = r["value"]["models"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == model)
            .unwrap();
        let close = |a: &serde_json::Value, b: &serde_json::Value| {
            (a.as_f64().unwrap() - b.as_f64().unwrap()).abs() < 1e-3
        };
        let interval = &own["net_value_interval"];
        assert!(
            close(&json[side]["net_value_low"], &interval["low"]),
            "{json}"
        );
        assert!(
            close(&json[side]["net_value_high"], &interval["high"]),
            "{json}"
        );
        assert!(
            json[side]["net_value_low"].as_f64() < json[side]["net_value_high"].as_f64(),
            "{json}"
        );
    }
    let output = worthit_in(tmp.path(), &["compare", &b, &t, "--format", "markdown"]);
    let markdown = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(
        markdown.contains("| | run | model | net value | 90% interval |"),
        "{markdown}"
    );
    let rows: Vec<&str> = markdown
        .lines()
        .filter(|l| l.starts_with("| baseline |") || l.starts_with("| candidate |"))
        .collect();
    assert_eq!(rows.len(), 2, "{markdown}");
    for row in rows {
        assert!(
            row.ends_with(" cost units |") && row.contains(" to "),
            "{row}"
        );
    }
    assert_eq!(markdown.matches("90% interval").count(), 2, "{markdown}");
    let text =
        String::from_utf8_lossy(&worthit_in(tmp.path(), &["compare", &b, &t]).stdout).to_string();
    let baseline_line = text.lines().find(|l| l.starts_with("baseline ")).unwrap();
    assert!(baseline_line.contains(" to "), "{text}");
}

/// Without `[value]`, each side's own test metric comes with its interval whether the runs pair
/// (from the same resamples as the gain) or not (the interval each run keeps).
#[test]
fn compare_without_value_gives_each_sides_metric_interval() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "data.csv", &noisy_binary_csv(400, 1, false));
    for (out, seed) in [("a", 42), ("b", 42), ("c", 7)] {
        run_args("data.csv")
            .target("label")
            .trials(3)
            .seed(seed)
            .out(out)
            .quiet()
            .ok_in(tmp.path());
    }
    for (other, paired) in [("b", true), ("c", false)] {
        let output = worthit_in(tmp.path(), &["compare", "a", other, "--format", "json"]);
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(json["paired"], paired, "{json}");
        for (side, dir) in [("baseline", "a"), ("candidate", other)] {
            let r = results(&tmp.path().join(dir));
            let model = r["models"]
                .as_array()
                .unwrap()
                .iter()
                .find(|m| m["name"] == json[side]["model"])
                .unwrap();
            let kept = &model["test_interval"];
            let close = |a: &serde_json::Value, b: &serde_json::Value| {
                (a.as_f64().unwrap() - b.as_f64().unwrap()).abs() < 1e-9
            };
            assert!(
                close(&json[side]["metric_value_low"], &kept["low"]),
                "{json}"
            );
            assert!(
                close(&json[side]["metric_value_high"], &kept["high"]),
                "{json}"
            );
            assert!(json[side].get("net_value_low").is_none(), "{json}");
        }
    }
}

/// `analyze --format json`'s `break_even` keeps the 90% band of the next trial's gain that its
/// sentence quotes (`next_gain_low`, `next_gain_high`); until 2026-12-06 only the sentence had it.
#[test]
fn analyze_json_keeps_the_band_of_the_next_trials_gain() {
    let json = priced_telco_log_json();
    let found = &json["break_even"];
    let f = |key: &str| {
        found[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{key}: {found}"))
    };
    let (gain, low, high) = (f("next_gain"), f("next_gain_low"), f("next_gain_high"));
    assert!(low < gain && gain < high, "{found}");
    let trial = found["next_trial"].as_u64().unwrap();
    let said = json["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s.as_str())
        .find(|s| s.contains(&format!("trial {trial} is expected to add ")))
        .unwrap_or_else(|| panic!("{json}"));
    assert!(said.contains(" (90% band "), "{said}");
}

/// `analyze --format json`'s `tuning` (and `results.json`'s `analysis.tuning`) has `null` where
/// a *run about K more trials*'s numbers do not apply, as the recommendation's tuning answer
/// does: until 2026-12-06 a *stop* gave `"expected_gain": 0.0` beside a sentence naming the
/// expected gain.
#[test]
fn a_stop_has_no_expected_gain_of_more_trials_in_json() {
    let json = priced_telco_log_json();
    let tuning = &json["tuning"];
    assert_eq!(tuning["kind"], "stop", "{tuning}");
    for key in ["more_trials", "expected_gain", "cost"] {
        assert!(
            tuning.get(key).is_some_and(|v| v.is_null()),
            "{key}: {tuning}"
        );
    }
    // A run's results.json stores the same, and its recommendation agrees.
    let tmp = tempfile::tempdir().unwrap();
    run_args(dataset("german-credit"))
        .trials(5)
        .out("r")
        .quiet()
        .ok_in(tmp.path());
    let r = results(&tmp.path().join("r"));
    let (stored, answer) = (&r["analysis"]["tuning"], &r["recommendation"]["tuning"]);
    assert_eq!(stored["kind"], "stop", "{stored}");
    for key in ["more_trials", "expected_gain", "cost"] {
        assert_eq!(stored[key], answer[key], "{key}");
        assert!(stored[key].is_null(), "{key}: {stored}");
    }
}

/// `worthit analyze --format json` of the Optuna telco log priced by its config.
fn priced_telco_log_json() -> serde_json::Value {
    let output = worthit_in(
        &root(),
        &[
            "analyze",
            "examples/sweeps/optuna-telco.csv",
            "--config",
            "examples/sweeps/telco-auc.toml",
            "--format",
            "json",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}
