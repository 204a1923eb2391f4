//! The value table's values a year with their 90% intervals, from a real priced run: in
//! `results.json` around their amounts, in the amount's cell in both reports, and absent from a
//! run folder written before they were kept, which still re-renders (the amounts alone) and
//! gets them back when repriced.

use crate::common::*;
use crate::value::priced_fixture;
use serde_json::Value;
use worthit::base::format::{amount_interval, money};

/// Every value a year the value table shows, as its cell writes it, with its interval's text
/// if `results.json` keeps one: each model's at its decisions and at the default decision, then
/// each rule of thumb's.
fn values_a_year(value: &Value) -> Vec<(String, Option<String>)> {
    let cell = |amount: &Value, interval: &Value| {
        let amount = amount.as_f64().expect("a value a year");
        let interval = interval.is_object().then(|| {
            let (low, high) = (interval["low"].as_f64(), interval["high"].as_f64());
            let (low, high) = (low.unwrap(), high.unwrap());
            let slack = 1e-9 * amount.abs().max(1.0);
            assert!(
                low - slack <= amount && amount <= high + slack,
                "{amount} outside {interval}"
            );
            amount_interval(low, high, "")
        });
        (money(amount, ""), interval)
    };
    let mut cells = Vec::new();
    for model in value["models"].as_array().unwrap() {
        cells.push(cell(
            &model["test_per_year"],
            &model["test_per_year_interval"],
        ));
        cells.push(cell(
            &model["test_per_year_default"],
            &model["test_per_year_default_interval"],
        ));
    }
    for rule in value["references"].as_array().unwrap() {
        cells.push(cell(
            &rule["test_per_year"],
            &rule["test_per_year_interval"],
        ));
    }
    cells
}

/// Whether both reports of `run` show each of `cells` in a cell of its own: the amount with its
/// interval (beside it in report.md, under it in report.html), or alone.
fn assert_both_reports_show(run: &std::path::Path, cells: &[(String, Option<String>)]) {
    let markdown = std::fs::read_to_string(run.join("report.md")).unwrap();
    let html = std::fs::read_to_string(run.join("report.html")).unwrap();
    for (amount, interval) in cells {
        let (in_markdown, in_html) = match interval {
            Some(interval) => (
                format!("| {amount} ({interval}) |"),
                format!("<td>{amount}<span class=\"interval\">{interval}</span></td>"),
            ),
            None => (format!("| {amount} |"), format!("<td>{amount}</td>")),
        };
        assert!(
            markdown.contains(&in_markdown),
            "report.md lacks `{in_markdown}`"
        );
        assert!(html.contains(&in_html), "report.html lacks `{in_html}`");
    }
}

#[test]
fn each_value_a_year_has_its_interval_and_an_older_run_renders_without() {
    let (temp, results) = priced_fixture();
    let run = temp.path().join("run");
    let value = &results["value"];
    // The baseline and the trials, each at its decisions and at the default one, and both
    // rules of thumb: every one with its interval, in its amount's cell in both reports.
    let cells = values_a_year(value);
    assert!(cells.len() >= 2 * 4 + 2, "{cells:?}");
    assert!(cells.iter().all(|(_, interval)| interval.is_some()));
    assert_both_reports_show(&run, &cells);
    let markdown = std::fs::read_to_string(run.join("report.md")).unwrap();
    let headings = "| model | threshold | test value/year, 90% interval | at default decision, 90% interval | costs |";
    assert!(markdown.contains(headings), "{markdown}");
    // A run folder written before the values a year had intervals re-renders, the amounts
    // alone in their cells, and repricing it gives them back.
    let mut older = results.clone();
    for (list, keys) in [
        (
            "models",
            &["test_per_year_interval", "test_per_year_default_interval"][..],
        ),
        ("references", &["test_per_year_interval"][..]),
    ] {
        for item in older["value"][list].as_array_mut().unwrap() {
            for key in keys {
                assert!(item.as_object_mut().unwrap().remove(*key).is_some());
            }
        }
    }
    let stored = serde_json::to_string_pretty(&older).unwrap();
    std::fs::write(run.join("results.json"), stored).unwrap();
    run_ok(temp.path(), &["report", "run"]);
    let alone: Vec<(String, Option<String>)> = cells
        .iter()
        .map(|(amount, _)| (amount.clone(), None))
        .collect();
    assert_eq!(values_a_year(&crate::common::results(&run)["value"]), alone);
    assert_both_reports_show(&run, &alone);
    run_ok(temp.path(), &["report", "run", "--reprice"]);
    assert_eq!(crate::common::results(&run)["value"], results["value"]);
    assert_both_reports_show(&run, &cells);
}
