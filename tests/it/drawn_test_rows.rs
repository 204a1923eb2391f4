//! The test rows a priced difference rests on: a pair of a run's models priced on a test set
//! drawn from its test rows (`value::from_run::price_pair_on_test_rows`), as
//! `examples/rows_needed.rs` checks the priced verdict's interval against the difference on all
//! the test rows, and two models that decide every test row alike.

use crate::common::*;
use crate::value::priced_fixture;
use worthit::value::from_run::{
    price_pair, price_pair_on_test_rows, RunData, StoredModel, StoredPredictions,
};
use worthit::value::payoff::PayoffRows;

#[test]
fn a_pair_is_priced_on_the_test_rows_it_is_given() {
    let (temp, _) = priced_fixture();
    let dir = temp.path().join("run");
    let (results, manifest) = worthit::app::reopen::open_finished(&dir).unwrap();
    let (table, split) = manifest
        .reopen_data(&manifest.data_file, &results)
        .unwrap()
        .unwrap();
    let payoff_rows = PayoffRows::of_config(Some(&dir.join("run.json")));
    let data = RunData {
        table: &table,
        split: &split,
        threads: results.threads,
        seed: results.seed,
        payoff_rows: &payoff_rows,
    };
    let value = manifest.config.value.as_ref().unwrap();
    let baseline = results.models.iter().find(|m| m.trial.is_none()).unwrap();
    let candidate = results.models.iter().find(|m| m.trial == Some(0)).unwrap();
    let stored = StoredPredictions::read(&dir, &data, [baseline, candidate]).unwrap();
    let on = |rows: &[usize]| {
        price_pair_on_test_rows(value, &data, &stored, (baseline, candidate), rows)
            .unwrap()
            .difference
    };
    let n = split.test.len();
    let all: Vec<usize> = (0..n).collect();

    // All the test rows in their order are the split's own: the pair as `worthit compare`
    // prices it, interval and all.
    let stored_model = |model| StoredModel {
        dir: &dir,
        model,
        threads: results.threads,
    };
    let own = price_pair(
        value,
        &data,
        &stored_model(baseline),
        &stored_model(candidate),
    )
    .unwrap()
    .difference;
    assert_eq!(on(&all), own);

    // A difference of net values a year is a per-row mean, less fixed costs: every row twice
    // leaves it where it was, and the two halves' differences, weighed by their rows, give it.
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * (1.0 + a.abs().max(b.abs()));
    let twice: Vec<usize> = all.iter().flat_map(|&r| [r, r]).collect();
    assert!(
        close(on(&twice).mean, own.mean),
        "{} against {}",
        on(&twice).mean,
        own.mean
    );
    let (first, second) = all.split_at(n / 3);
    let (a, b) = (on(first).mean, on(second).mean);
    assert!(!close(a, b), "the halves differ: {a} and {b}");
    let weighed = (a * first.len() as f64 + b * second.len() as f64) / n as f64;
    assert!(close(weighed, own.mean), "{weighed} against {}", own.mean);
    // A row beyond the test rows is refused, not read out of bounds.
    let beyond = price_pair_on_test_rows(value, &data, &stored, (baseline, candidate), &[0, n]);
    assert!(beyond.is_err());
}

/// Where the best candidate and the baseline decide every test row alike (a class given by one
/// column, which every model finds), their difference is their costs': the verdict says so, and
/// `results.json` keeps the count of rows they value differently, 0.
#[test]
fn a_verdict_on_two_models_that_decide_every_row_alike_says_so() {
    let temp = tempfile::tempdir().unwrap();
    let mut next = uniform_stream(17);
    let mut text = String::from("x,noise,label\n");
    for _ in 0..600 {
        let x = next();
        let label = if x > 0.5 { "yes" } else { "no" };
        text.push_str(&format!("{x:.4},{:.4},{label}\n", next()));
    }
    write(temp.path(), "data.csv", &text);
    write(
        temp.path(),
        "worthit.toml",
        "[data]\ntarget = \"label\"\npositive_class = \"yes\"\n\n[value]\ntp = 5\nfp = -1\nfn = -3\ntn = 0\ntrial_cost = 2\n",
    );
    let stdout = run_args("data.csv")
        .config("worthit.toml")
        .trials(2)
        .out("run")
        .ok_in(temp.path());
    let results = results(&temp.path().join("run"));
    let best = &results["value"]["best"];
    assert_eq!(best["test_rows_that_differ"], 0, "{best}");
    let alike = "the two decide all 120 test rows alike, so the interval holds only their cost difference: these rows cannot tell their decisions apart, and more rows would.";
    assert!(stdout.contains(alike), "{stdout}");
    let model = results["recommendation"]["model"]["sentence"]
        .as_str()
        .unwrap();
    assert!(model.ends_with(alike), "{model}");
    assert!(model.starts_with("Keep the baseline"), "{model}");
    // `worthit compare` of the two notes it too.
    let output = worthit_in(
        temp.path(),
        &[
            "compare",
            "run",
            "run",
            "--baseline-model",
            "baseline",
            "--candidate-model",
            "trial-0002",
        ],
    );
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        said.contains("note       the two decide every test row alike, so the difference is their costs' alone"),
        "{said}"
    );
}
