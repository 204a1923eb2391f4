//! Tests of the value module: parsing and checking `[value]`, payoffs from expressions,
//! hand-computed values, the analytic optimum threshold and the bootstrap's coverage.

use std::path::Path;

use polars_core::prelude::*;

use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::bootstrap::{bootstrap_seed, paired_bootstrap, MIN_RESAMPLES};
use super::config::{Amount, Number, Scenario, ValueConfig};
use super::decision::{
    argmax_decisions, best_threshold, expected_cost_decisions, multiclass_row_values, row_values,
    value_at,
};
use super::payoff::{row_payoffs, RowPayoffs};
use crate::config::Config;

fn parse(text: &str) -> crate::base::error::Result<ValueConfig> {
    Config::parse(text, Path::new("w.toml")).map(|c| c.value.unwrap_or_default())
}

fn names(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn binary() -> Vec<String> {
    names(&["no", "yes"])
}

// ---------- config ----------

#[test]
fn parses_numbers_ranges_and_expressions() {
    let value = parse(
        "[value]\ncurrency = \"EUR\"\ntp = 0\nfp = -8.5\nfn = \"-greatest(0.02463333 * 0.25 * balance, 1)\"\n\
         tn = [1, 2]\ndecisions_per_year = [40000, 60000]\nhorizon_years = 3\ncore_hour = 0.05\ntrial_cost = 2\n",
    )
    .unwrap();
    assert_eq!(value.currency.as_deref(), Some("EUR"));
    assert_eq!(value.tp, Some(Amount::Number(Number::Fixed(0.0))));
    assert_eq!(value.fp, Some(Amount::Number(Number::Fixed(-8.5))));
    assert!(
        matches!(value.fn_, Some(Amount::Expr { ref text, times: None }) if text.contains("greatest"))
    );
    assert_eq!(value.tn, Some(Amount::Number(Number::Range(1.0, 2.0))));
    let volume = value.decisions_per_year.unwrap();
    assert_eq!(
        Scenario::ALL.map(|s| volume.at(s)),
        [40000.0, 50000.0, 60000.0]
    );
    value.check(&names(&["balance", "y"]), &binary()).unwrap();
}

#[test]
fn config_without_value_section_has_none() {
    let config = Config::parse("seed = 1\n", Path::new("w.toml")).unwrap();
    assert!(config.value.is_none());
}

#[test]
fn value_section_survives_a_toml_round_trip() {
    let text = "[value]\ntp = 3\nfn = \"-12 * MonthlyCharges\"\ntn = [0, 1.5]\n";
    let config = Config::parse(text, Path::new("w.toml")).unwrap();
    let written = toml::to_string(&config).unwrap();
    let again = Config::parse(&written, Path::new("w.toml")).unwrap();
    let (a, b) = (config.value.unwrap(), again.value.unwrap());
    assert_eq!((a.tp, a.fn_, a.tn), (b.tp, b.fn_, b.tn));
}

#[test]
fn unknown_key_is_named_with_a_suggestion() {
    let err = parse("[value]\ncore_hours = 1\n").unwrap_err().to_string();
    assert!(err.contains("line 2"), "{err}");
    assert!(err.contains("unknown key `core_hours`"), "{err}");
    assert!(err.contains("did you mean `core_hour`?"), "{err}");
    assert!(!err.contains('\n'));
}

#[test]
fn a_key_of_value_written_below_the_cost_matrix_is_told_where_it_goes() {
    let text = "[value]\ncurrency = \"EUR\"\n[value.cost_matrix]\nclasses = [\"a\", \"b\"]\n\
                matrix = [[0, 1], [1, 0]]\nhorizon_years = 2\n";
    let err = parse(text).unwrap_err().to_string();
    assert!(err.contains("line 6 (in [value.cost_matrix])"), "{err}");
    assert!(err.contains("unknown key `horizon_years`"), "{err}");
    assert!(
        err.contains("every key below the [value.cost_matrix] header belongs to it, so a key of [value] goes above that header"),
        "{err}"
    );
    assert!(!err.contains('\n'));
    // Moved above the header, it is read.
    let moved = "[value]\ncurrency = \"EUR\"\nhorizon_years = 2\n[value.cost_matrix]\n\
                 classes = [\"a\", \"b\"]\nmatrix = [[0, 1], [1, 0]]\n";
    assert!(parse(moved).is_ok());
}

#[test]
fn wrong_types_and_bad_ranges_name_the_key() {
    for (text, key, what) in [
        ("[value]\nfp = true\n", "fp", "expression string"),
        (
            "[value]\nhorizon_years = \"3\"\n",
            "horizon_years",
            "a number, a range [low, high] or a distribution",
        ),
        ("[value]\ntp = [5, 1]\n", "tp", "low end above its high end"),
        // Text inside a table is named by its key, with what a table here is.
        (
            "[value]\nper_point = { metric = \"roc_auc\", value = 1000 }\n",
            "per_point",
            "`metric = \"roc_auc\"` inside a table: a table here is a distribution, { dist = ",
        ),
        (
            "[value]\nfp = { expr = \"-amount\", factor = \"0.5\" }\n",
            "fp",
            "or a scaled expression, { expr = \"-amount\", times = [0.03, 0.08] }, whose other entries are numbers; if `factor` is a key of its own",
        ),
        ("[value]\ntp = [1, 2, 3]\n", "tp", "found 3 numbers"),
        ("[value]\ntp = [1]\n", "tp", "two numbers; found one"),
        ("[value]\ntp = []\n", "tp", "two numbers; found none"),
        (
            "[value]\nfp = [\"-0.08 * amount\", \"-0.03 * amount\"]\n",
            "fp",
            "\"-0.08 * amount\" is text, but a range's ends",
        ),
        (
            "[value]\nfn = \"-12 * (\"\n",
            "fn",
            "not a valid expression",
        ),
        (
            "[value]\nfp = [\"-0.08 * amount\", \"-0.03 * amount\"]\n",
            "fp",
            "fp = { expr = \"-amount\", times = [0.03, 0.08] }",
        ),
        (
            "[value]\nfn = { expr = \"-amount\", dist = \"uniform\" }\n",
            "fn",
            "an expression's table takes `expr` and `times` only; found `dist`",
        ),
        (
            "[value]\nfn = { expr = \"-amount\", scale = 2 }\n",
            "fn",
            "found `scale`",
        ),
        (
            "[value]\nfn = { times = [1, 2] }\n",
            "fn",
            "`times` scales an expression",
        ),
        (
            "[value]\nfn = { expr = \"-12 * (\", times = 2 }\n",
            "fn",
            "not a valid expression",
        ),
        (
            "[value]\nfn = { expr = \"-amount\", times = [2, 1] }\n",
            "fn",
            "low end above its high end",
        ),
    ] {
        let err = parse(text).unwrap_err().to_string();
        assert!(err.contains(&format!("`{key}`")), "{text}: {err}");
        assert!(err.contains(what), "{text}: {err}");
        assert!(err.contains("line 2"), "{text}: {err}");
        assert!(!err.contains('\n'), "{err}");
    }
}

/// A per-row payoff known up to a factor: the factor is a number like any other (a range or a
/// distribution, named `<outcome>.times`), resolved and pinned by that name, and written back as
/// it was read.
#[test]
fn an_expression_scaled_by_an_uncertain_factor() {
    let value = parse(
        "[value]\nfn = { expr = \"-balance\", times = [0.4, 0.7] }\n\
         fp = { expr = \"-MonthlyCharges\", times = { dist = \"uniform\", low = 1, high = 3 } }\n\
         tp = { expr = \"balance\" }\n",
    )
    .unwrap();
    assert_eq!(
        value.fn_,
        Some(Amount::Expr {
            text: "-balance".into(),
            times: Some(Number::Range(0.4, 0.7))
        })
    );
    assert_eq!(
        value.tp,
        Some(Amount::Expr {
            text: "balance".into(),
            times: None
        })
    );
    value
        .check(&names(&["balance", "MonthlyCharges", "y"]), &binary())
        .unwrap();
    let uncertain: Vec<(String, f64, f64)> = value
        .uncertain()
        .into_iter()
        .map(|u| (u.name, u.low, u.high))
        .collect();
    assert_eq!(
        uncertain,
        [("fp.times".into(), 1.0, 3.0), ("fn.times".into(), 0.4, 0.7)]
    );
    let drawn: Vec<String> = value.distributions().into_iter().map(|(n, _)| n).collect();
    assert_eq!(drawn, ["fp.times"]);

    // Each row's payoff is the expression times the factor under the scenario, or as pinned.
    let frame = bank_frame();
    let rows = [0, 1];
    let low = row_payoffs(&value, &frame, &rows, Scenario::Low).unwrap();
    assert_eq!(low.fn_, vec![-40.0, -4_000.0]);
    assert_eq!(low.fp, vec![-20.0, -70.5]);
    assert_eq!(low.tp, vec![100.0, 10_000.0]);
    let mid = row_payoffs(&value, &frame, &rows, Scenario::Mid).unwrap();
    assert!((mid.fn_[0] + 55.0).abs() < 1e-9, "{:?}", mid.fn_);
    assert_eq!(mid.fp, vec![-40.0, -141.0]);
    let pinned = value.resolved(Scenario::High, &[("fn.times", 2.0)]);
    assert_eq!(
        pinned.fn_,
        Some(Amount::Expr {
            text: "-balance".into(),
            times: Some(Number::Fixed(2.0))
        })
    );
    let at_pins = row_payoffs(&pinned, &frame, &rows, Scenario::Mid).unwrap();
    assert_eq!(at_pins.fn_, vec![-200.0, -20_000.0]);
    assert_eq!(at_pins.fp, vec![-60.0, -211.5]);

    // run.json keeps the section as TOML and JSON; both read back the same.
    let json = serde_json::to_string(&value).unwrap();
    let again: ValueConfig = serde_json::from_str(&json).unwrap();
    assert_eq!(
        (&again.tp, &again.fp, &again.fn_),
        (&value.tp, &value.fp, &value.fn_)
    );
    let config = Config::parse(
        "[value]\nfn = { expr = \"-balance\", times = [0.4, 0.7] }\n",
        Path::new("w.toml"),
    )
    .unwrap();
    let written = toml::to_string(&config).unwrap();
    let reread = Config::parse(&written, Path::new("w.toml")).unwrap();
    assert_eq!(reread.value.unwrap().fn_, value.fn_);

    // An error on a row names the factor with the expression.
    let huge = parse("[value]\nfn = { expr = \"-balance\", times = 1e10 }\n").unwrap();
    let err = row_payoffs(&huge, &frame, &[3], Scenario::Mid)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("fn = \"-balance\" times 10000000000 gives -1e16 for data row 4"),
        "{err}"
    );
}

#[test]
fn check_names_a_missing_column() {
    let value = parse("[value]\nfn = \"-12 * MonthlyCharge\"\n").unwrap();
    let err = value
        .check(&names(&["MonthlyCharges", "Churn"]), &binary())
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("[value] fn"), "{err}");
    assert!(err.contains("`MonthlyCharge`"), "{err}");
    assert!(err.contains("did you mean `MonthlyCharges`?"), "{err}");
}

#[test]
fn an_error_price_of_0_beside_one_that_is_not_is_taken() {
    let value = parse("[value]\nper_abs_error = 0\nper_squared_error = -0.5\n").unwrap();
    value.check(&names(&["x"]), &[]).unwrap();
}

#[test]
fn check_rejects_mismatched_setups() {
    let columns = names(&["x"]);
    let three = names(&["a", "b", "c"]);
    let cases = [
        ("[value]\nfp = -1\n", three.clone(), "give a cost_matrix"),
        ("[value]\nhorizon_years = 2\n", binary(), "says nothing about what decisions are worth"),
        // worthit init's placeholders uncommented as they are: every model would price at 0.
        (
            "[value]\ntp = [0, 0]\nfp = [0, 0]\nfn = 0\n",
            binary(),
            "[value] tp, fp, fn are all 0, so no decision is worth anything",
        ),
        (
            "[value]\ncost_matrix = { classes = [\"a\", \"b\", \"c\"], matrix = [[0, 0, 0], [0, 0, 0], [0, 0, [0, 0]]] }\n",
            three.clone(),
            "cost_matrix.matrix is all 0",
        ),
        // And a regression's: no error would cost anything.
        (
            "[value]\nper_abs_error = [0, 0]\n",
            vec![],
            "[value] per_abs_error is 0, so no error costs anything and every model prices at 0: put in what an error costs (the [0, 0] lines worthit init writes are placeholders)",
        ),
        (
            "[value]\nper_abs_error = 0\nper_squared_error = [0, 0]\n",
            vec![],
            "[value] per_abs_error, per_squared_error are all 0, so no error costs anything",
        ),
        ("[value]\nfp = -1\n", vec![], "the target is numeric (regression)"),
        ("[value]\nper_abs_error = -2\n", binary(), "are for regression targets"),
        ("[value]\nper_point = 100\nmetric = \"roc_aux\"\n", binary(), "did you mean `roc_auc`?"),
        ("[value]\nper_point = 100\nmetric = \"roc_auc\"\n", vec![], "not a metric of this task"),
        ("[value]\ncurve = [[0.8, 10], [0.7, 20]]\n", binary(), "curve metrics must increase"),
        ("[value]\ncurve = [[0.8, 10]]\n", binary(), "at least two"),
        ("[value]\nper_point = 1\npoint = 0\n", binary(), "point = 0 must be a positive"),
        ("[value]\nper_point = 1\ncurve = [[0.7, 0], [0.8, 1]]\n", binary(), "found both per_point and curve"),
        ("[value]\nfp = -1\ncore_hour = -1\n", binary(), "core_hour = -1 must not be negative"),
        (
            "[value]\ncost_matrix = { classes = [\"no\", \"maybe\"], matrix = [[0, 1], [1, 0]] }\n",
            binary(),
            "cost_matrix.classes has `maybe`",
        ),
        (
            "[value]\nfp = -1\ncost_matrix = { classes = [\"a\", \"b\", \"c\"], matrix = [[0, 1, 1], [1, 0, 1], [1, 1, 0]] }\n",
            three.clone(),
            "found both fp and cost_matrix",
        ),
        (
            "[value]\ncost_matrix = { classes = [\"a\", \"b\", \"d\"], matrix = [[0, 1, 1], [1, 0, 1], [1, 1, 0]] }\n",
            three.clone(),
            "cost_matrix.classes has `d`",
        ),
        (
            "[value]\ncost_matrix = { classes = [\"a\", \"b\"], matrix = [[0, 1], [1, 0]] }\n",
            three.clone(),
            "lacks the target's class `c`",
        ),
        (
            "[value]\ncost_matrix = { classes = [\"a\", \"b\", \"c\"], matrix = [[0, 1, 1], [1, 0], [1, 1, 0]] }\n",
            three.clone(),
            "row 2 has 2 entries",
        ),
    ];
    for (text, classes, what) in cases {
        let err = parse(text)
            .unwrap()
            .check(&columns, &classes)
            .unwrap_err()
            .to_string();
        assert!(err.contains(what), "{text}: {err}");
        assert!(err.starts_with("[value]"), "{err}");
    }
}

#[test]
fn cost_matrix_is_reordered_to_the_data_classes() {
    let value = parse(
        "[value]\ncost_matrix = { classes = [\"c\", \"a\", \"b\"], matrix = [[0, 1, 2], [3, 0, [4, 6]], [7, 8, 0]] }\n",
    )
    .unwrap();
    let classes = names(&["a", "b", "c"]);
    value.check(&[], &classes).unwrap();
    // Config rows/columns are c, a, b; data order is a, b, c.
    let costs = value.costs_for(&classes, Scenario::Mid).unwrap();
    assert_eq!(
        costs,
        vec![
            vec![0.0, 5.0, 3.0],
            vec![8.0, 0.0, 7.0],
            vec![1.0, 2.0, 0.0]
        ]
    );
    assert_eq!(
        value.costs_for(&classes, Scenario::High).unwrap()[0][1],
        6.0
    );
}

// ---------- payoffs ----------

fn bank_frame() -> DataFrame {
    df!(
        "balance" => [100.0, 10_000.0, -50.0, 1_000_000.0],
        "MonthlyCharges" => [20.0, 70.5, 0.0, 100.0],
        "job" => ["a", "b", "c", "d"],
    )
    .unwrap()
}

#[test]
fn expressions_are_evaluated_per_row_on_the_rows_asked_for() {
    let value = parse(
        "[value]\ntp = \"-5\"\nfp = [-3, -1]\nfn = \"-greatest(0.02463333 * 0.25 * balance, 1)\"\ntn = \"-12 * MonthlyCharges\"\n",
    )
    .unwrap();
    let frame = bank_frame();
    let rows = [3, 0, 2, 1];
    let payoffs = row_payoffs(&value, &frame, &rows, Scenario::Low).unwrap();
    assert_eq!(
        payoffs.tp,
        vec![-5.0; 4],
        "a constant expression applies to every row"
    );
    assert_eq!(payoffs.fp, vec![-3.0; 4]);
    let expected_fn: Vec<f64> = [1_000_000.0f64, 100.0, -50.0, 10_000.0]
        .iter()
        .map(|b| -(0.02463333 * 0.25 * b).max(1.0))
        .collect();
    for (got, want) in payoffs.fn_.iter().zip(&expected_fn) {
        assert!((got - want).abs() < 1e-9, "{got} vs {want}");
    }
    assert_eq!(payoffs.tn, vec![-1200.0, -240.0, 0.0, -846.0]);
    let high = row_payoffs(&value, &frame, &rows[..1], Scenario::High).unwrap();
    assert_eq!(high.fp, vec![-1.0]);
}

/// A run's pricings read the data file's rows once: later ones, with the same rows and columns,
/// take them as kept (even with the file gone); other rows read the file again. The payoffs are
/// those of the whole frame, also for a column named in another case than the data's.
#[test]
fn payoff_rows_are_read_once_per_run() {
    use super::payoff::PayoffRows;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bank.csv");
    std::fs::write(
        &path,
        "balance,MonthlyCharges,job\n100,20,a\n10000,70.5,b\n-50,0,c\n1000000,100,d\n",
    )
    .unwrap();
    let value = parse(
        "[value]\ntp = 1\nfn = { expr = \"-BALANCE\", times = [0.5, 1.5] }\ntn = \"-12 * MonthlyCharges\"\n",
    )
    .unwrap();
    let kept = PayoffRows::default();
    let (validation, test) = ([3, 0], [2, 1]);
    let first = kept
        .payoffs(&value, &path, (&validation, &test), Scenario::Mid)
        .unwrap();
    let frame = crate::data::read_frame(&path).unwrap();
    assert_eq!(
        first,
        (
            row_payoffs(&value, &frame, &validation, Scenario::Mid).unwrap(),
            row_payoffs(&value, &frame, &test, Scenario::Mid).unwrap()
        )
    );
    assert_eq!(first.0.fn_, vec![-1_000_000.0, -100.0]);
    assert_eq!(first.1.tn, vec![0.0, -846.0]);

    std::fs::remove_file(&path).unwrap();
    let pinned = value.resolved(Scenario::Mid, &[("fn.times", 2.0)]);
    let again = kept
        .payoffs(&pinned, &path, (&validation, &test), Scenario::Mid)
        .unwrap();
    assert_eq!(again.1.fn_, vec![100.0, -20_000.0]);
    let other_rows = kept.payoffs(&value, &path, (&[1], &test), Scenario::Mid);
    assert!(other_rows.is_err(), "other rows read the file again");
}

#[test]
fn payoff_errors_name_the_key_and_the_problem() {
    let frame = bank_frame();
    let with_null = df!("balance" => [Some(1.0), None]).unwrap();
    let cases: [(&str, &DataFrame, &str); 3] = [
        (
            "[value]\nfn = \"-balanc\"\n",
            &frame,
            "names column `balanc`",
        ),
        ("[value]\nfp = \"job\"\n", &frame, "cannot be evaluated"),
        (
            "[value]\ntp = \"balance * 2\"\n",
            &with_null,
            "no value for data row 2",
        ),
    ];
    for (text, frame, what) in cases {
        let value = parse(text).unwrap();
        let rows: Vec<usize> = (0..frame.height()).collect();
        let err = row_payoffs(&value, frame, &rows, Scenario::Mid)
            .unwrap_err()
            .to_string();
        assert!(err.contains(what), "{text}: {err}");
        assert!(err.starts_with("[value] "), "{err}");
        assert!(!err.contains('\n'), "{err}");
    }
}

// ---------- binary decisions ----------

#[test]
fn hand_computed_binary_values() {
    // Four rows; payoffs tp = 10, fp = -2, fn = -5, tn = 0.
    // Cut-offs and totals: none positive -10; above 0.9 only 5; down to 0.7: 3;
    // down to 0.4: 18; all positive: 16. Best: between 0.4 and 0.2, mean 18 / 4.
    let p = [0.9, 0.7, 0.4, 0.2];
    let y = [true, false, true, false];
    let payoffs = RowPayoffs::constant(4, 10.0, -2.0, -5.0, 0.0);
    let best = best_threshold(&p, &y, &payoffs);
    assert!((best.threshold - 0.3).abs() < 1e-12, "{best:?}");
    assert_eq!(best.value, 4.5);
    assert_eq!(value_at(0.5, &p, &y, &payoffs), 0.75);
    assert_eq!(value_at(best.threshold, &p, &y, &payoffs), best.value);
    assert_eq!(
        row_values(0.5, &p, &y, &payoffs),
        vec![10.0, -2.0, -5.0, 0.0]
    );
    // Positives earn nothing and false alarms cost: predicting nothing is best, and the tie with
    // the cut above 0.9 (also worth 0) keeps the higher threshold.
    let cautious = RowPayoffs::constant(4, 0.0, -1.0, 0.0, 0.0);
    let best = best_threshold(&p, &y, &cautious);
    assert_eq!((best.threshold, best.value), (f64::INFINITY, 0.0));
    // Free positives: predicting everything is best, threshold at the lowest probability.
    let eager = RowPayoffs::constant(4, 1.0, 0.0, -1.0, -1.0);
    let best = best_threshold(&p, &y, &eager);
    assert_eq!((best.threshold, best.value), (0.2, 0.5));
}

#[test]
fn per_row_payoffs_change_the_choice() {
    // Same probabilities, but the second positive is worth far more when caught.
    let p = [0.8, 0.6, 0.3];
    let y = [false, false, true];
    let mut payoffs = RowPayoffs::constant(3, 0.0, -1.0, -1.0, 0.0);
    assert_eq!(best_threshold(&p, &y, &payoffs).threshold, f64::INFINITY);
    payoffs.fn_[2] = -10.0;
    let best = best_threshold(&p, &y, &payoffs);
    assert_eq!((best.threshold, best.value), (0.3, -2.0 / 3.0));
}

#[test]
fn best_threshold_matches_brute_force_with_ties() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
    for _ in 0..200 {
        let n = rng.gen_range(1..30);
        // Probabilities on a coarse grid so ties are common.
        let p: Vec<f64> = (0..n).map(|_| rng.gen_range(0..6) as f64 / 5.0).collect();
        let y: Vec<bool> = (0..n).map(|_| rng.gen_bool(0.4)).collect();
        let mut draw = || {
            (0..n)
                .map(|_| rng.gen_range(-5.0..5.0))
                .collect::<Vec<f64>>()
        };
        let payoffs = RowPayoffs {
            tp: draw(),
            fp: draw(),
            fn_: draw(),
            tn: draw(),
        };
        let best = best_threshold(&p, &y, &payoffs);
        let mut cuts: Vec<f64> = p.clone();
        cuts.push(f64::INFINITY);
        let brute = cuts
            .iter()
            .map(|&t| value_at(t, &p, &y, &payoffs))
            .fold(f64::NEG_INFINITY, f64::max);
        assert!(
            (best.value - brute).abs() < 1e-9,
            "{} vs {brute}",
            best.value
        );
        let realised = value_at(best.threshold, &p, &y, &payoffs);
        assert!((best.value - realised).abs() < 1e-9);
    }
}

#[test]
fn threshold_lands_at_the_analytic_optimum_on_calibrated_probabilities() {
    // With tp = tn = 0, fp = -c_fp, fn = -c_fn and calibrated p, predicting positive costs
    // (1 - p) c_fp in expectation and predicting negative p c_fn: equal at c_fp / (c_fp + c_fn).
    for (seed, c_fp, c_fn) in [(1, 1.0, 3.0), (2, 4.0, 1.0), (3, 1.0, 1.0), (4, 5.0, 2.0)] {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let n = 400_000;
        let p: Vec<f64> = (0..n).map(|_| rng.gen::<f64>()).collect();
        let y: Vec<bool> = p.iter().map(|&q| rng.gen::<f64>() < q).collect();
        let payoffs = RowPayoffs::constant(n, 0.0, -c_fp, -c_fn, 0.0);
        let best = best_threshold(&p, &y, &payoffs);
        let optimum = c_fp / (c_fp + c_fn);
        assert!(
            (best.threshold - optimum).abs() < 0.02,
            "c_fp {c_fp}, c_fn {c_fn}: chose {} for optimum {optimum}",
            best.threshold
        );
        // The analytic expected cost at the optimum, for p ~ U(0, 1):
        // -(c_fn t^2 / 2 + c_fp (1 - t)^2 / 2).
        let expected = -(c_fn * optimum * optimum + c_fp * (1.0 - optimum).powi(2)) / 2.0;
        assert!(
            (best.value - expected).abs() < 0.01,
            "{} vs {expected}",
            best.value
        );
    }
}

// ---------- multiclass decisions ----------

#[test]
fn hand_computed_multiclass_decisions() {
    // Missing class 2 (say, fraud) is expensive; so it is predicted at modest probability.
    let costs = vec![
        vec![0.0, 1.0, 1.0],
        vec![1.0, 0.0, 1.0],
        vec![20.0, 20.0, 0.0],
    ];
    let proba = [
        0.7, 0.2, 0.1, // expected costs: 0.2 + 2 = 2.2, 0.7 + 2 = 2.7, 0.9 -> class 2
        0.9, 0.1, 0.0, // 0.1, 0.9, 1.0 -> class 0
        0.3, 0.68, 0.02, // 0.68 + 0.4 = 1.08, 0.3 + 0.4 = 0.7, 0.98 -> class 1
    ];
    let decided = expected_cost_decisions(&proba, 3, &costs);
    assert_eq!(decided, vec![2, 0, 1]);
    assert_eq!(argmax_decisions(&proba, 3), vec![0, 0, 1]);
    let actual = [0, 0, 2];
    assert_eq!(
        multiclass_row_values(&decided, &actual, &costs),
        vec![-1.0, 0.0, -20.0]
    );
}

// ---------- bootstrap ----------

#[test]
fn bootstrap_is_seeded_and_exact_on_constant_differences() {
    let candidate = [3.0, 1.0, 4.0, 1.0, 5.0];
    let baseline = [2.0, 0.0, 3.0, 0.0, 4.0];
    let summary = paired_bootstrap(&candidate, &baseline, 10, 1).unwrap();
    assert_eq!(summary.resamples, MIN_RESAMPLES);
    assert_eq!((summary.mean, summary.low, summary.high), (1.0, 1.0, 1.0));
    assert_eq!(summary.p_positive, 1.0);
    let scaled = summary.scaled(1000.0);
    assert_eq!(
        (scaled.mean, scaled.low, scaled.p_positive),
        (1000.0, 1000.0, 1.0)
    );
    assert!(paired_bootstrap(&[], &[], 1000, 1).is_none());

    let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
    let a: Vec<f64> = (0..100).map(|_| rng.gen_range(-1.0..2.0)).collect();
    let b: Vec<f64> = (0..100).map(|_| rng.gen_range(-1.0..1.0)).collect();
    let seed = bootstrap_seed(42);
    let first = paired_bootstrap(&a, &b, 2000, seed).unwrap();
    assert_eq!(first, paired_bootstrap(&a, &b, 2000, seed).unwrap());
    assert_ne!(
        first,
        paired_bootstrap(&a, &b, 2000, bootstrap_seed(43)).unwrap()
    );
    assert!(first.low < first.mean && first.mean < first.high);
    assert!((0.0..=1.0).contains(&first.p_positive));
}

#[test]
fn bootstrap_interval_covers_the_true_difference_at_its_nominal_rate() {
    // Per-row differences as from two classifiers' payoffs: the candidate catches a positive the
    // baseline missed (+3), makes an extra false alarm (-1) or agrees (0). True mean 0.3.
    let true_mean = 0.2 * 3.0 - 0.3;
    let (datasets, n) = (200, 200);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(2024);
    let mut covered = 0;
    for dataset in 0..datasets {
        let mut candidate = Vec::with_capacity(n);
        let mut baseline = Vec::with_capacity(n);
        for _ in 0..n {
            let u: f64 = rng.gen();
            let shared = rng.gen_range(-10.0..10.0); // row-level noise both models share
            let d = if u < 0.2 {
                3.0
            } else if u < 0.5 {
                -1.0
            } else {
                0.0
            };
            candidate.push(shared + d);
            baseline.push(shared);
        }
        let summary =
            paired_bootstrap(&candidate, &baseline, 1000, bootstrap_seed(dataset)).unwrap();
        if summary.low <= true_mean && true_mean <= summary.high {
            covered += 1;
        }
    }
    let coverage = covered as f64 / datasets as f64;
    // Nominal 0.90; with 200 datasets the rate's standard error is about 0.02.
    assert!((0.84..=0.96).contains(&coverage), "coverage {coverage}");
}

#[test]
fn value_curve_matches_value_at_every_threshold() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
    let n = 300;
    let mut p: Vec<f64> = (0..n).map(|_| rng.gen::<f64>()).collect();
    p[7] = f64::NAN;
    p[8] = 0.5;
    p[9] = 0.0;
    let y: Vec<bool> = (0..n).map(|_| rng.gen_bool(0.3)).collect();
    let payoffs = RowPayoffs {
        tp: (0..n).map(|i| 5.0 + i as f64 * 0.01).collect(),
        fp: vec![-2.0; n],
        fn_: (0..n).map(|_| -rng.gen::<f64>() * 10.0).collect(),
        tn: vec![0.1; n],
    };
    let curve = super::decision::value_curve(&p, &y, &payoffs, 100);
    assert_eq!(curve.len(), 101);
    for (threshold, value) in curve {
        let direct = value_at(threshold, &p, &y, &payoffs);
        assert!(
            (value - direct).abs() < 1e-9,
            "{threshold}: {value} vs {direct}"
        );
    }
}
