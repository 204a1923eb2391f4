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
