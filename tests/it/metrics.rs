//! Tests of `worthit::metrics`: hand-worked cases, scikit-learn fixtures, and edge cases.

use serde::Deserialize;
use worthit::metrics::{
    average_precision, classification_metrics, higher_is_better, regression_metrics, roc_auc,
    Metrics,
};

/// Relative tolerance against the reference numbers. The absolute floor only matters for
/// expected values of exactly 0, where a relative bound would demand bit equality.
fn close(actual: f64, expected: f64) -> bool {
    let diff = (actual - expected).abs();
    diff <= 1e-9 * actual.abs().max(expected.abs()) || diff <= 1e-15
}

fn assert_close(actual: Option<f64>, expected: f64, what: &str) {
    match actual {
        Some(a) => assert!(close(a, expected), "{what}: got {a}, expected {expected}"),
        None => panic!("{what}: got None, expected {expected}"),
    }
}

/// Rows of binary probabilities `[1 - p, p]` from p(class 1).
fn binary_proba(p1: &[f64]) -> Vec<f64> {
    p1.iter().flat_map(|&p| [1.0 - p, p]).collect()
}

// ---------------------------------------------------------------------------------------
// Hand-worked cases
// ---------------------------------------------------------------------------------------

#[test]
fn binary_four_rows_with_tied_scores() {
    // y = [1, 0, 1, 0], p(1) = [0.8, 0.8, 0.4, 0.2]; the first two rows tie across classes.
    let y = [1, 0, 1, 0];
    let p1 = [0.8, 0.8, 0.4, 0.2];
    let m = classification_metrics(&y, &binary_proba(&p1), 2, Some(1));

    // Predictions (argmax) = [1, 1, 0, 0]: rows 0 and 3 right -> accuracy 2/4.
    assert_close(m.accuracy, 0.5, "accuracy");
    // Recall of class 1 = 1/2 (row 0 of rows 0, 2); class 0 = 1/2 (row 3 of rows 1, 3).
    assert_close(m.balanced_accuracy, 0.5, "balanced_accuracy");
    // (positive, negative) pairs: (0.8, 0.8) tie = 0.5, (0.8, 0.2) = 1, (0.4, 0.8) = 0,
    // (0.4, 0.2) = 1 -> 2.5 / 4.
    assert_close(m.roc_auc, 0.625, "roc_auc");
    // Thresholds: 0.8 -> tp 1, fp 1: precision 1/2, recall 1/2; 0.4 -> tp 2, fp 1:
    // precision 2/3, recall 1. AP = 1/2 * 1/2 + 1/2 * 2/3 = 7/12.
    assert_close(m.pr_auc, 7.0 / 12.0, "pr_auc");
    // Per row -ln p(true): -ln 0.8, -ln 0.2, -ln 0.4, -ln 0.8, mean of the four.
    let ll = -(2.0 * 0.8f64.ln() + 0.2f64.ln() + 0.4f64.ln()) / 4.0;
    assert_close(m.log_loss, ll, "log_loss");
    // (0.8-1)^2 + 0.8^2 + (0.4-1)^2 + 0.2^2 = 0.04 + 0.64 + 0.36 + 0.04 = 1.08; / 4.
    assert_close(m.brier, 0.27, "brier");
    // Positive class: tp 1 (row 0), fp 1 (row 1), fn 1 (row 2): 2 / (2 + 1 + 1).
    assert_close(m.f1, 0.5, "f1");
    assert_eq!((m.rmse, m.mae, m.r2), (None, None, None));

    // The low-level functions agree with the combined call.
    let is_pos = [true, false, true, false];
    assert_close(roc_auc(&is_pos, &p1), 0.625, "roc_auc()");
    assert_close(
        average_precision(&is_pos, &p1),
        7.0 / 12.0,
        "average_precision()",
    );
}

#[test]
fn binary_positive_index_zero_flips_the_scores() {
    // Same data as above with the classes renamed: class 0 is now the positive one.
    let y = [0, 1, 0, 1];
    let p0 = [0.8, 0.8, 0.4, 0.2];
    let proba: Vec<f64> = p0.iter().flat_map(|&p| [p, 1.0 - p]).collect();
    let m = classification_metrics(&y, &proba, 2, Some(0));
    assert_close(m.roc_auc, 0.625, "roc_auc");
    assert_close(m.pr_auc, 7.0 / 12.0, "pr_auc");
    assert_close(m.brier, 0.27, "brier");
    assert_close(m.f1, 0.5, "f1");
}

#[test]
fn argmax_ties_go_to_the_lowest_class_index() {
    // Row [0.5, 0.5] predicts class 0 even though class 1 is positive and true: one wrong
    // row out of two, and the positive class then has tp 1, fn 1, fp 0 -> F1 2/3.
    let y = [1, 1];
    let proba = [0.5, 0.5, 0.1, 0.9];
    let m = classification_metrics(&y, &proba, 2, Some(1));
    assert_close(m.accuracy, 0.5, "accuracy");
    assert_close(m.f1, 2.0 / 3.0, "f1");
    // Only class 1 is present: ROC-AUC is undefined, but the other metrics are not.
    assert_eq!(m.roc_auc, None);
    assert_close(m.pr_auc, 1.0, "pr_auc");

    // Three-way tie in a multiclass row also goes to class 0.
    let m = classification_metrics(&[0], &[1.0 / 3.0; 3], 3, None);
    assert_close(m.accuracy, 1.0, "accuracy");
}

#[test]
fn three_class_confusion() {
    // y    = [0, 0, 0, 1, 1, 2]
    // pred = [0, 0, 1, 1, 2, 2]; each row puts 0.8 on its prediction, 0.1 elsewhere.
    let y = [0, 0, 0, 1, 1, 2];
    let pred = [0usize, 0, 1, 1, 2, 2];
    let proba: Vec<f64> = pred
        .iter()
        .flat_map(|&p| (0..3).map(move |c| if c == p { 0.8 } else { 0.1 }))
        .collect();
    let m = classification_metrics(&y, &proba, 3, None);

    // 4 of 6 right.
    assert_close(m.accuracy, 4.0 / 6.0, "accuracy");
    // Recall: class 0 2/3, class 1 1/2, class 2 1/1 -> (4/6 + 3/6 + 6/6) / 3 = 13/18.
    assert_close(m.balanced_accuracy, 13.0 / 18.0, "balanced_accuracy");
    // F1 = 2tp / (2tp + fp + fn): class 0 4/5, class 1 2/4, class 2 2/3.
    // Macro = (4/5 + 1/2 + 2/3) / 3 = (24 + 15 + 20) / 90 = 59/90.
    assert_close(m.f1, 59.0 / 90.0, "f1");
    // One-vs-rest ROC-AUC, wins + ties/2 over positive x negative pairs:
    //  class 0: scores pos [.8 .8 .1], neg [.1 .1 .1] -> 6 + 3*0.5 = 7.5 / 9 = 5/6
    //  class 1: pos [.8 .1], neg [.1 .1 .8 .1] -> (3 + .5) + (1.5) = 5 / 8
    //  class 2: pos [.8], neg [.1 .1 .1 .1 .8] -> 4 + .5 = 4.5 / 5 = 9/10
    // Macro = (100 + 75 + 108) / 120 / 3 = 283/360.
    assert_close(m.roc_auc, 283.0 / 360.0, "roc_auc");
    // One-vs-rest average precision:
    //  class 0: .8 -> tp 2 fp 0 (P 1, R 2/3); .1 -> tp 3 fp 3 (P 1/2, R 1): 2/3 + 1/6 = 5/6
    //  class 1: .8 -> tp 1 fp 1 (P 1/2, R 1/2); .1 -> tp 2 fp 4 (P 1/3, R 1): 1/4 + 1/6 = 5/12
    //  class 2: .8 -> tp 1 fp 1 (P 1/2, R 1): 1/2
    // Macro = (10 + 5 + 6) / 12 / 3 = 7/12.
    assert_close(m.pr_auc, 7.0 / 12.0, "pr_auc");
    // Right rows: -ln 0.8; wrong rows: -ln 0.1.
    let ll = -(4.0 * 0.8f64.ln() + 2.0 * 0.1f64.ln()) / 6.0;
    assert_close(m.log_loss, ll, "log_loss");
    // Multiclass Brier sums over classes and is not halved:
    //  right row: (0.8-1)^2 + 2 * 0.1^2 = 0.06; wrong row: (0.1-1)^2 + 0.8^2 + 0.1^2 = 1.46
    //  (4 * 0.06 + 2 * 1.46) / 6 = 3.16 / 6.
    assert_close(m.brier, 3.16 / 6.0, "brier");
}

#[test]
fn multiclass_macro_f1_counts_predicted_only_classes() {
    // y = [0, 0, 1], pred = [0, 2, 1]: class 2 is predicted but never true. Like sklearn's
    // default label set it still enters the macro F1 (with F1 0), while balanced accuracy
    // skips it: recall 1/2 and 1 -> 3/4; F1 = (2/3 + 1 + 0) / 3 = 5/9.
    let y = [0, 0, 1];
    let proba = [0.7, 0.2, 0.1, 0.2, 0.2, 0.6, 0.1, 0.8, 0.1];
    let m = classification_metrics(&y, &proba, 4, None);
    assert!(
        m.accuracy.is_none(),
        "proba has 3 columns, not 4: invalid input"
    );
    let m = classification_metrics(&y, &proba, 3, None);
    assert_close(m.balanced_accuracy, 0.75, "balanced_accuracy");
    assert_close(m.f1, 5.0 / 9.0, "f1");
}

#[test]
fn regression_three_rows() {
    // Errors 0, 1, 2: MAE 3/3 = 1, MSE (0 + 1 + 4) / 3 = 5/3.
    // Mean of y is 2, SS_tot = 1 + 0 + 1 = 2, SS_res = 5 -> R2 = 1 - 5/2 = -1.5.
    let m = regression_metrics(&[1.0, 2.0, 3.0], &[1.0, 3.0, 5.0]);
    assert_close(m.mae, 1.0, "mae");
    assert_close(m.rmse, (5.0f64 / 3.0).sqrt(), "rmse");
    assert_close(m.r2, -1.5, "r2");
    assert_eq!(m.accuracy, None);
    assert_eq!(m.roc_auc, None);
}

#[test]
fn regression_constant_target_follows_sklearn_force_finite() {
    assert_eq!(regression_metrics(&[2.0; 3], &[2.0; 3]).r2, Some(1.0));
    assert_eq!(
        regression_metrics(&[2.0; 3], &[2.0, 2.0, 3.0]).r2,
        Some(0.0)
    );
    // 0.1 is not exactly representable: a computed variance might not be 0, yet the target
    // is constant, so R2 must still follow the convention.
    assert_eq!(regression_metrics(&[0.1; 7], &[0.2; 7]).r2, Some(0.0));
    // One row: R2 undefined (sklearn: NaN), errors still defined.
    let m = regression_metrics(&[1.0], &[3.0]);
    assert_eq!(m.r2, None);
    assert_close(m.rmse, 2.0, "rmse");
    assert_close(m.mae, 2.0, "mae");
}

// ---------------------------------------------------------------------------------------
// scikit-learn fixtures
// ---------------------------------------------------------------------------------------

#[derive(Deserialize)]
struct Fixture {
    sklearn_version: String,
    classification: Vec<ClassificationCase>,
    regression: Vec<RegressionCase>,
}

#[derive(Deserialize)]
struct ClassificationCase {
    name: String,
    n_classes: usize,
    positive: Option<u32>,
    y_true: Vec<u32>,
    proba: Vec<Vec<f64>>,
    expected: Metrics,
}

#[derive(Deserialize)]
struct RegressionCase {
    name: String,
    y_true: Vec<f64>,
    predicted: Vec<f64>,
    expected: Metrics,
}

fn load_fixture() -> Fixture {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sklearn_metrics.json"
    );
    let text = std::fs::read_to_string(path).expect("read sklearn fixture");
    serde_json::from_str(&text).expect("parse sklearn fixture")
}

/// Every metric sklearn computed must be present and close, and nothing else present.
fn check_against(actual: &Metrics, expected: &Metrics, case: &str) {
    let names = |m: &Metrics| m.entries().iter().map(|e| e.0).collect::<Vec<_>>();
    assert_eq!(names(actual), names(expected), "{case}: metric set");
    for ((name, a), (_, e)) in actual.entries().into_iter().zip(expected.entries()) {
        assert!(close(a, e), "{case} {name}: got {a}, sklearn {e}");
    }
}

#[test]
fn matches_sklearn_classification_fixtures() {
    let fixture = load_fixture();
    assert!(fixture.sklearn_version.starts_with("1.9"));
    assert!(fixture.classification.len() >= 7);
    for case in &fixture.classification {
        assert!(case.proba.iter().all(|row| row.len() == case.n_classes));
        let flat: Vec<f64> = case.proba.concat();
        let m = classification_metrics(&case.y_true, &flat, case.n_classes, case.positive);
        check_against(&m, &case.expected, &case.name);
        // Every classification metric is in each case, so none can slip through untested.
        assert_eq!(m.entries().len(), 7, "{}", case.name);
    }
}

#[test]
fn matches_sklearn_regression_fixtures() {
    let fixture = load_fixture();
    assert!(fixture.regression.len() >= 4);
    for case in &fixture.regression {
        let m = regression_metrics(&case.y_true, &case.predicted);
        check_against(&m, &case.expected, &case.name);
        assert_eq!(m.entries().len(), 3, "{}", case.name);
    }
}

// ---------------------------------------------------------------------------------------
// Edge cases
// ---------------------------------------------------------------------------------------

#[test]
fn one_class_present_gives_no_roc_auc() {
    assert_eq!(roc_auc(&[true, true, true], &[0.1, 0.5, 0.9]), None);
    assert_eq!(roc_auc(&[false, false], &[0.1, 0.5]), None);
    // Average precision: undefined without positives, 1.0 with positives only (sklearn).
    assert_eq!(average_precision(&[false, false], &[0.1, 0.5]), None);
    assert_eq!(average_precision(&[true, true], &[0.1, 0.5]), Some(1.0));

    let m = classification_metrics(&[0, 0, 0], &binary_proba(&[0.2, 0.6, 0.4]), 2, Some(1));
    assert_eq!(m.roc_auc, None);
    assert_eq!(m.pr_auc, None);
    // Accuracy: argmax = [0, 1, 0] -> 2/3; log loss and Brier are still defined.
    assert_close(m.accuracy, 2.0 / 3.0, "accuracy");
    assert!(m.log_loss.is_some() && m.brier.is_some());
}

#[test]
fn multiclass_with_an_absent_class_averages_the_present_ones() {
    // Class 2 never occurs in y_true. sklearn gives NaN here; worthit averages classes 0
    // and 1, each of which is perfectly ranked by its own column -> 1.0.
    let y = [0, 1, 0, 1];
    let proba = [
        0.7, 0.2, 0.1, //
        0.1, 0.6, 0.3, //
        0.6, 0.1, 0.3, //
        0.2, 0.5, 0.3,
    ];
    let m = classification_metrics(&y, &proba, 3, None);
    assert_close(m.roc_auc, 1.0, "roc_auc");
    assert_close(m.pr_auc, 1.0, "pr_auc");

    // All rows of one class in a 3-class task: no class has negatives -> no ROC-AUC.
    let m = classification_metrics(&[1, 1], &[0.2, 0.5, 0.3, 0.1, 0.8, 0.1], 3, None);
    assert_eq!(m.roc_auc, None);
    assert_close(m.pr_auc, 1.0, "pr_auc");
}

#[test]
fn empty_input_gives_all_none() {
    assert_eq!(
        classification_metrics(&[], &[], 2, Some(1)),
        Metrics::default()
    );
    assert_eq!(
        classification_metrics(&[], &[], 3, None),
        Metrics::default()
    );
    assert_eq!(regression_metrics(&[], &[]), Metrics::default());
    assert_eq!(roc_auc(&[], &[]), None);
    assert_eq!(average_precision(&[], &[]), None);
    assert!(Metrics::default().entries().is_empty());
}

#[test]
fn invalid_input_gives_all_none_instead_of_panicking() {
    let ok = binary_proba(&[0.3, 0.7]);
    // Label out of range.
    assert_eq!(
        classification_metrics(&[0, 2], &ok, 2, Some(1)),
        Metrics::default()
    );
    // proba length not n_rows * n_classes.
    assert_eq!(
        classification_metrics(&[0, 1], &ok[..3], 2, Some(1)),
        Metrics::default()
    );
    // NaN or out-of-range probability.
    let nan = [0.5, 0.5, f64::NAN, 0.5];
    assert_eq!(
        classification_metrics(&[0, 1], &nan, 2, Some(1)),
        Metrics::default()
    );
    let neg = [1.5, -0.5, 0.5, 0.5];
    assert_eq!(
        classification_metrics(&[0, 1], &neg, 2, Some(1)),
        Metrics::default()
    );
    // positive given for a 3-class task, or out of range, or zero classes.
    let three = [0.2, 0.3, 0.5, 0.6, 0.3, 0.1];
    assert_eq!(
        classification_metrics(&[0, 1], &three, 3, Some(1)),
        Metrics::default()
    );
    assert_eq!(
        classification_metrics(&[0, 1], &ok, 2, Some(2)),
        Metrics::default()
    );
    assert_eq!(
        classification_metrics(&[0], &[], 0, None),
        Metrics::default()
    );
    // Regression: length mismatch or NaN.
    assert_eq!(regression_metrics(&[1.0, 2.0], &[1.0]), Metrics::default());
    assert_eq!(
        regression_metrics(&[1.0, f64::NAN], &[1.0, 2.0]),
        Metrics::default()
    );
    // Ranking: length mismatch or NaN score.
    assert_eq!(roc_auc(&[true, false], &[0.5]), None);
    assert_eq!(roc_auc(&[true, false], &[f64::NAN, 0.5]), None);
    assert_eq!(average_precision(&[true, false], &[f64::NAN, 0.5]), None);
}

#[test]
fn zero_and_one_probabilities_give_finite_log_loss() {
    // Row 0 is right with certainty, row 1 wrong with certainty. Clipping to
    // [EPSILON, 1 - EPSILON] gives -ln(1 - EPSILON) and -ln(EPSILON) ≈ 36.04.
    let m = classification_metrics(&[1, 1], &[0.0, 1.0, 1.0, 0.0], 2, Some(1));
    let expected = (-(1.0 - f64::EPSILON).ln() - f64::EPSILON.ln()) / 2.0;
    assert_close(m.log_loss, expected, "log_loss");
    assert!(m.log_loss.is_some_and(|v| v.is_finite() && v < 19.0));
    // Brier is exact for hard predictions: (1 - 1)^2 + (0 - 1)^2 over 2 rows.
    assert_close(m.brier, 0.5, "brier");

    // Perfect hard multiclass predictions: log loss is -ln(1 - EPSILON), essentially 0.
    let m = classification_metrics(&[2, 0], &[0.0, 0.0, 1.0, 1.0, 0.0, 0.0], 3, None);
    assert_close(m.log_loss, -(1.0 - f64::EPSILON).ln(), "log_loss");
    assert_close(m.brier, 0.0, "brier");
}

#[test]
fn ties_and_signed_zero_are_one_threshold() {
    // All scores equal (including -0.0 == 0.0): the ranking carries no information.
    assert_eq!(
        roc_auc(&[true, false, true, false], &[0.0, -0.0, 0.0, -0.0]),
        Some(0.5)
    );
    // A single threshold: precision = prevalence = 1/2.
    assert_eq!(
        average_precision(&[true, false, true, false], &[0.3; 4]),
        Some(0.5)
    );
    // Perfect and perfectly reversed rankings.
    assert_eq!(roc_auc(&[false, true], &[0.1, 0.9]), Some(1.0));
    assert_eq!(roc_auc(&[true, false], &[0.1, 0.9]), Some(0.0));
}

// ---------------------------------------------------------------------------------------
// Names, ordering and serialisation
// ---------------------------------------------------------------------------------------

#[test]
fn entries_follow_field_order_and_skip_missing() {
    let all = Metrics {
        accuracy: Some(1.0),
        balanced_accuracy: Some(2.0),
        roc_auc: Some(3.0),
        pr_auc: Some(4.0),
        log_loss: Some(5.0),
        brier: Some(6.0),
        f1: Some(7.0),
        rmse: Some(8.0),
        mae: Some(9.0),
        r2: Some(10.0),
    };
    let names: Vec<&str> = all.entries().iter().map(|e| e.0).collect();
    assert_eq!(
        names,
        [
            "accuracy",
            "balanced_accuracy",
            "roc_auc",
            "pr_auc",
            "log_loss",
            "brier",
            "f1",
            "rmse",
            "mae",
            "r2"
        ]
    );
    let values: Vec<f64> = all.entries().iter().map(|e| e.1).collect();
    assert_eq!(values, (1..=10).map(f64::from).collect::<Vec<_>>());

    let some = Metrics {
        roc_auc: Some(0.5),
        mae: Some(1.5),
        ..Metrics::default()
    };
    assert_eq!(some.entries(), vec![("roc_auc", 0.5), ("mae", 1.5)]);
}

#[test]
fn json_leaves_out_missing_metrics_and_round_trips() {
    let m = regression_metrics(&[1.0, 2.0, 3.0], &[1.0, 3.0, 5.0]);
    let json = serde_json::to_value(&m).expect("serialise");
    let keys: Vec<&String> = json.as_object().expect("object").keys().collect();
    assert_eq!(keys.len(), 3);
    for key in ["rmse", "mae", "r2"] {
        assert!(json.get(key).is_some(), "{key} missing from {json}");
    }
    let back: Metrics = serde_json::from_value(json).expect("deserialise");
    assert_eq!(back, m);
    // Absent keys read back as None.
    let empty: Metrics = serde_json::from_str("{}").expect("deserialise {}");
    assert_eq!(empty, Metrics::default());
    // Serialised names are the entries() names, so reports can use either.
    let c = classification_metrics(&[0, 1], &binary_proba(&[0.3, 0.7]), 2, Some(1));
    let json = serde_json::to_value(&c).expect("serialise");
    for (name, value) in c.entries() {
        assert_eq!(json.get(name).and_then(|v| v.as_f64()), Some(value));
    }
}

#[test]
fn direction_of_each_metric() {
    for name in [
        "accuracy",
        "balanced_accuracy",
        "roc_auc",
        "pr_auc",
        "f1",
        "r2",
    ] {
        assert!(higher_is_better(name), "{name}");
    }
    for name in ["log_loss", "brier", "rmse", "mae", "no_such_metric"] {
        assert!(!higher_is_better(name), "{name}");
    }
}

/// Each metric's possible values, as `worthit value` holds its readings to them: scores from 0
/// to 1 (R2 with no floor), losses from 0 (Brier to 2); an unknown name is not judged.
#[test]
fn a_metric_outside_its_possible_values_is_named() {
    use worthit::metrics::outside_range;
    assert_eq!(outside_range("roc_auc", 0.5), None);
    assert_eq!(
        outside_range("roc_auc", 1.5).as_deref(),
        Some("roc_auc lies between 0 and 1")
    );
    assert_eq!(outside_range("r2", -3.0), None);
    assert_eq!(outside_range("r2", 1.2).as_deref(), Some("r2 is at most 1"));
    assert_eq!(outside_range("rmse", 12_000.0), None);
    assert_eq!(
        outside_range("rmse", -1.0).as_deref(),
        Some("rmse is 0 or more")
    );
    assert_eq!(outside_range("brier", 1.5), None);
    assert_eq!(
        outside_range("brier", 2.5).as_deref(),
        Some("brier lies between 0 and 2")
    );
    assert_eq!(outside_range("custom_score", 99.0), None);
}

#[test]
fn a_perfect_ranking_has_average_precision_exactly_one_never_above() {
    // Nine positives, each its own threshold above every negative: adding 1/9 nine times gave
    // 1.0000000000000002, a pr_auc that `worthit report` on breast cancer then refused as a
    // value no run writes ("pr_auc is 1, but pr_auc lies between 0 and 1").
    for positives in 1..=60 {
        let mut is_pos = vec![true; positives];
        is_pos.extend([false; 3]);
        let score: Vec<f64> = (0..is_pos.len()).map(|i| 1.0 - i as f64 / 100.0).collect();
        assert_eq!(
            average_precision(&is_pos, &score),
            Some(1.0),
            "{positives} positives"
        );
    }
}
