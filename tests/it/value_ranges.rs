//! The scenarios and the sensitivity (the tornado) with their 90% intervals, from a real priced
//! run with ranges: in `results.json` around their amounts, in both reports' tables and sentence,
//! in the tornado's caption, and absent from a run folder written before they were kept, which
//! still re-renders (the amounts alone) and gets them back when repriced.

use crate::common::*;
use crate::value::priced_fixture;
use serde_json::Value;
use worthit::base::format::{amount_interval, interval, money, signed_money};

/// The interval of `summary` (a `results.json` object with `low` and `high`) as a cell writes
/// it, after checking that it holds `amount`.
fn around(amount: f64, summary: &Value, difference: bool) -> String {
    let (low, high) = (
        summary["low"].as_f64().unwrap(),
        summary["high"].as_f64().unwrap(),
    );
    let slack = 1e-9 * amount.abs().max(1.0);
    assert!(
        low - slack <= amount && amount <= high + slack,
        "{amount} outside {summary}"
    );
    if difference {
        interval(low, high, "")
    } else {
        amount_interval(low, high, "")
    }
}

#[test]
fn scenarios_and_sensitivity_carry_their_intervals_and_an_older_run_renders_without() {
    let (temp, results) = priced_fixture();
    let run = temp.path().join("run");
    let value = &results["value"];
    let scenarios = value["scenarios"].as_array().unwrap();
    assert_eq!(scenarios.len(), 3);
    // No number is drawn here, so the midpoint's intervals are the net values' and the
    // difference's own.
    let mid = &scenarios[1];
    let best = &value["best"]["difference"];
    assert_eq!(mid["difference_interval"]["low"], best["low"]);
    assert_eq!(mid["difference_interval"]["high"], best["high"]);
    let markdown = std::fs::read_to_string(run.join("report.md")).unwrap();
    let html = std::fs::read_to_string(run.join("report.html")).unwrap();
    for scenario in scenarios {
        let (baseline, candidate, difference) = (
            scenario["baseline_net_value"].as_f64().unwrap(),
            scenario["best_net_value"].as_f64().unwrap(),
            scenario["difference"].as_f64().unwrap(),
        );
        let row = format!(
            "| {} ({}) | {} ({}) | {} ({}) |",
            money(baseline, ""),
            around(baseline, &scenario["baseline_net_value_interval"], false),
            money(candidate, ""),
            around(candidate, &scenario["best_net_value_interval"], false),
            signed_money(difference, ""),
            around(difference, &scenario["difference_interval"], true),
        );
        assert!(
            markdown.contains(&row),
            "report.md lacks `{row}`:\n{markdown}"
        );
        let cell = format!(
            "<td>{}<span class=\"interval\">{}</span></td>",
            signed_money(difference, ""),
            around(difference, &scenario["difference_interval"], true)
        );
        assert!(html.contains(&cell), "report.html lacks `{cell}`");
    }
    for row in value["sensitivity"].as_array().unwrap() {
        let ends: Vec<String> = ["low", "high"]
            .iter()
            .map(|end| {
                let amount = row[format!("difference_at_{end}")].as_f64().unwrap();
                let summary = &row[format!("difference_at_{end}_interval")];
                format!(
                    "{} ({})",
                    signed_money(amount, ""),
                    around(amount, summary, true)
                )
            })
            .collect();
        let cells = format!("| {} | {} |", ends[0], ends[1]);
        assert!(
            markdown.contains(&cells),
            "report.md lacks `{cells}`:\n{markdown}"
        );
    }
    let note = "Each amount has its 90% interval over resamples of the test rows, every number at those values.";
    assert_eq!(markdown.matches(note).count(), 2, "{markdown}");
    assert!(
        markdown.contains("With every range at its low end the best candidate's difference is ")
    );
    let low = &scenarios[0];
    let said = format!(
        "difference is {} EUR (90% interval {})",
        signed_money(low["difference"].as_f64().unwrap(), ""),
        interval(
            low["difference_interval"]["low"].as_f64().unwrap(),
            low["difference_interval"]["high"].as_f64().unwrap(),
            "EUR"
        )
    );
    assert!(
        markdown.contains(&said),
        "report.md lacks `{said}`:\n{markdown}"
    );
    assert!(
        html.contains("The whiskers are each end"),
        "the tornado's caption"
    );
    // A run folder written before they were kept re-renders, the amounts alone, and repricing it
    // gives them back.
    let mut older = results.clone();
    for item in older["value"]["scenarios"].as_array_mut().unwrap() {
        for key in [
            "baseline_net_value_interval",
            "best_net_value_interval",
            "difference_interval",
        ] {
            assert!(item.as_object_mut().unwrap().remove(key).is_some());
        }
    }
    for item in older["value"]["sensitivity"].as_array_mut().unwrap() {
        for key in ["difference_at_low_interval", "difference_at_high_interval"] {
            assert!(item.as_object_mut().unwrap().remove(key).is_some());
        }
    }
    std::fs::write(
        run.join("results.json"),
        serde_json::to_string_pretty(&older).unwrap(),
    )
    .unwrap();
    run_ok(temp.path(), &["report", "run"]);
    let markdown = std::fs::read_to_string(run.join("report.md")).unwrap();
    assert!(!markdown.contains(note), "{markdown}");
    let headings = "| scenario | baseline net value (EUR) | best candidate net value (EUR) | difference (EUR) |";
    assert!(markdown.contains(headings), "{markdown}");
    let row = format!(
        "| {} |",
        signed_money(mid["difference"].as_f64().unwrap(), "")
    );
    assert!(markdown.contains(&row), "{markdown}");
    run_ok(temp.path(), &["report", "run", "--reprice"]);
    assert_eq!(crate::common::results(&run)["value"], results["value"]);
}

/// Each end of a range is a statistic of the test rows' pass, and a cost matrix may hold a range
/// in every cell: only the 12 ranges that move the difference most get intervals, the rest
/// their points alone.
#[test]
fn only_the_widest_ranges_get_intervals() {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "three.csv", &three_class_csv(360));
    write(
        temp.path(),
        "w.toml",
        "[data]\ntarget = \"kind\"\n\n[value]\ncurrency = \"EUR\"\n\
         cost_matrix = { classes = [\"low\", \"mid\", \"high\"], matrix = [[[0, 1], [4, 6], [9, 11]], [[2, 3], [0, 1], [5, 8]], [[7, 12], [3, 4], [0, 2]]] }\n\
         decisions_per_year = [500, 2000]\nhorizon_years = [1, 3]\ncore_hour = [0.03, 0.1]\ntrial_cost = [1, 9]\n",
    );
    run_args("three.csv")
        .config("w.toml")
        .trials(2)
        .out("run")
        .quiet()
        .ok_in(temp.path());
    let results = crate::common::results(&temp.path().join("run"));
    let rows = results["value"]["sensitivity"].as_array().unwrap();
    assert!(rows.len() > 12, "{} ranges", rows.len());
    let swings: Vec<f64> = rows.iter().map(|r| r["swing"].as_f64().unwrap()).collect();
    assert!(swings.windows(2).all(|w| w[0] >= w[1]), "{swings:?}");
    for (i, row) in rows.iter().enumerate() {
        for end in ["low", "high"] {
            let interval = row.get(format!("difference_at_{end}_interval"));
            assert_eq!(interval.is_some(), i < 12, "row {i}: {row}");
        }
    }
    let markdown = std::fs::read_to_string(temp.path().join("run/report.md")).unwrap();
    // Markdown escapes `_`, `[` and `]` in the range's name.
    let escaped = |name: &str| {
        name.chars()
            .flat_map(|c| match c {
                '_' | '[' | ']' => vec!['\\', c],
                c => vec![c],
            })
            .collect::<String>()
    };
    let row_of = |i: usize| {
        let name = escaped(rows[i]["parameter"].as_str().unwrap());
        markdown
            .lines()
            .find(|line| line.starts_with(&format!("| {name} |")))
            .unwrap_or_else(|| panic!("no row for {name}:\n{markdown}"))
            .to_string()
    };
    // The amounts alone in the last row; with their intervals in the twelfth; the note under
    // the heading says which.
    let (twelfth, last) = (row_of(11), row_of(rows.len() - 1));
    assert!(twelfth.contains('('), "{twelfth}");
    assert!(!last.contains('('), "{last}");
    let note = "(every other range at its midpoint). The 12 ranges that move it most have their 90% intervals over resamples of the test rows, every number at those values; the others their amounts alone.";
    assert!(markdown.contains(note), "{markdown}");
}
