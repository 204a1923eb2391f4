use super::*;
use crate::analysis::tuning::TuningKind;

fn model(name: &str, trial: Option<u64>, validation: f64, test: f64) -> MetricModel {
    MetricModel {
        name: name.to_string(),
        trial,
        external: false,
        validation,
        halves: None,
        test,
        compute: 1.0 + trial.unwrap_or(0) as f64,
    }
}

/// A run of `models` measured on `rows` test rows, with no scarce class, not stopped by
/// `--stop auto`.
fn metric_run<'a>(
    units: &'a MetricUnits,
    models: &'a [MetricModel],
    rows: usize,
    seed: u64,
) -> MetricRun<'a> {
    MetricRun {
        units,
        models,
        test_rows: rows,
        bounded_classes: 0,
        validation_bounded_classes: 0,
        seed,
        auto_stopped: false,
    }
}

/// A fixed bootstrap answer for whichever candidate is asked, recording who was asked.
fn fixed(
    mean: f64,
    low: f64,
    high: f64,
    asked: &mut Vec<String>,
) -> impl FnMut(&str) -> Result<BootstrapSummary> + '_ {
    move |name: &str| {
        asked.push(name.to_string());
        Ok(BootstrapSummary {
            mean,
            low,
            high,
            p_positive: 0.99,
            resamples: 2_000,
        })
    }
}

#[test]
fn rmse_lower_is_better_in_selection_gains_and_the_verdict() {
    let units = MetricUnits::of("rmse");
    assert!(!units.higher_is_better);
    assert_eq!(units.unit, "RMSE reduction");
    assert_eq!(units.gain(8.0, 10.0), 2.0);
    let models = vec![
        model("baseline", None, 10.0, 10.0),
        // Worse on validation: a higher error.
        model("trial-0001", Some(1), 12.0, 9.0),
        // Validation picks the lowest error, whatever test says.
        model("trial-0002", Some(2), 8.5, 8.8),
        model("trial-0003", Some(3), 9.0, 7.0),
    ];
    let run = metric_run(&units, &models, 500, 1);
    assert_eq!(run.best_candidate().unwrap().name, "trial-0002");
    let mut asked = Vec::new();
    let analysis = analyze(
        &run,
        &mut fixed(1.2, 0.5, 1.9, &mut asked),
        &mut fixed(1.2, 0.5, 1.9, &mut Vec::new()),
    )
    .unwrap();
    assert_eq!(asked, ["trial-0002"]);
    let verdict = analysis.verdict.as_ref().unwrap();
    assert_eq!(verdict.kind, VerdictKind::ShipCandidate);
    assert!(
        analysis.sentences[0].contains(
            "The candidate trial-0002 beats the baseline: its test RMSE minus the baseline's is -1.20, 90% interval -1.90 to -0.50 (lower is better)."
        ),
        "{}",
        analysis.sentences[0]
    );
    // Gains over the baseline, positive when the error is lower: 10 - 9, 10 - 8.8, 10 - 7.
    let tests: Vec<f64> = analysis
        .sweep
        .winners_curse
        .iter()
        .map(|b| b.test)
        .collect();
    assert_eq!(tests.len(), 3, "{:?}", analysis.sweep.winners_curse);
    assert!((tests[0] - 1.0).abs() < 1e-9 && (tests[2] - 1.2).abs() < 1e-9);
    let gains: Vec<f64> = analysis.models.iter().map(|p| p.value).collect();
    assert!(
        (gains[3] - 3.0).abs() < 1e-9 && gains[0] == 0.0,
        "{gains:?}"
    );
    assert_eq!(analysis.units, Some(units));
    assert_eq!(
        analysis.sweep.tuning.as_ref().unwrap().kind,
        TuningKind::TooFewTrials
    );
}

#[test]
fn roc_auc_verdict_reads_as_points_over_the_baseline() {
    let units = MetricUnits::of("roc_auc");
    let models = vec![
        model("baseline", None, 0.80, 0.79),
        model("trial-0004", Some(4), 0.86, 0.85),
    ];
    let run = metric_run(&units, &models, 2_000, 1);
    let mut asked = Vec::new();
    let analysis = analyze(
        &run,
        &mut fixed(0.060, 0.031, 0.088, &mut asked),
        &mut fixed(0.060, 0.031, 0.088, &mut Vec::new()),
    )
    .unwrap();
    assert_eq!(
        analysis.sentences[0],
        "The candidate trial-0004 beats the baseline: it is +0.06 ROC-AUC over the baseline on test rows, 90% interval +0.031 to +0.088."
    );
    // An interval that straddles 0 says how many test rows would settle it.
    let analysis = analyze(
        &run,
        &mut fixed(0.01, -0.01, 0.03, &mut asked),
        &mut fixed(0.01, -0.01, 0.03, &mut Vec::new()),
    )
    .unwrap();
    assert_eq!(analysis.verdict.unwrap().kind, VerdictKind::Inconclusive);
    assert!(
        analysis.sentences[0].contains("; it is +0.01 ROC-AUC over the baseline")
            && analysis.sentences[0]
                .contains("test rows (now 2,000) would settle it as often as not"),
        "{}",
        analysis.sentences[0]
    );
    // An interval held on 0 by ties (36 test rows, as scikit-learn's wines give): the share of
    // resamples with a gain sets the rows, where the width read "about 37 test rows (now 36)".
    let tied = |_: &str| {
        Ok(BootstrapSummary {
            mean: 0.0032,
            low: 0.0,
            high: 0.011,
            p_positive: 0.9,
            resamples: 2_000,
        })
    };
    let small = MetricRun {
        test_rows: 36,
        bounded_classes: 0,
        validation_bounded_classes: 0,
        ..run
    };
    let analysis = analyze(&small, &mut { tied }, &mut { tied }).unwrap();
    assert!(
        analysis.sentences[0]
            .contains("; about 60 test rows (now 36) would settle it as often as not"),
        "{}",
        analysis.sentences[0]
    );
}

/// Two models that rank every test row correctly tie on every resample: the interval, 0 to 0,
/// measures nothing, and the verdict says so; one short of perfect, in other words (the two
/// rank every row alike); with an interval of any width, it says nothing of it.
#[test]
fn a_tie_of_two_perfect_models_is_said_to_measure_nothing() {
    let units = MetricUnits::of("roc_auc");
    let verdict_of = |(baseline_test, candidate_test): (f64, f64), low: f64| {
        let models = vec![
            model("baseline", None, 0.99, baseline_test),
            model("trial-0001", Some(1), 0.995, candidate_test),
        ];
        let run = metric_run(&units, &models, 114, 1);
        let tie = |_: &str| {
            Ok(BootstrapSummary {
                mean: 0.0,
                low,
                high: 0.0,
                p_positive: 0.0,
                resamples: 2_000,
            })
        };
        analyze(&run, &mut { tie }, &mut { tie }).unwrap().sentences[0].clone()
    };
    let said = ", but both score a perfect ROC-AUC on these 114 test rows, so the rows cannot tell them apart";
    let perfect = verdict_of((1.0, 1.0), 0.0);
    assert!(
        perfect.starts_with("Keep the baseline") && perfect.contains(said),
        "{perfect}"
    );
    // Short of perfect, a tie on every resample (two models that rank every row alike) is
    // said to measure nothing too, in its own words.
    let alike = verdict_of((0.98, 0.98), 0.0);
    assert!(!alike.contains("both score a perfect"), "{alike}");
    assert!(
        alike.contains(
            ", but the two score the same ROC-AUC on every resample of these 114 test rows, so the rows cannot tell them apart"
        ),
        "{alike}"
    );
    let wide = verdict_of((1.0, 1.0), -0.001);
    assert!(
        !wide.contains("both score a perfect") && !wide.contains("every resample"),
        "{wide}"
    );
}

/// Twenty trials that never beat the baseline on test rows: the tuning answer says so in metric
/// words, with no money in it; and a sweep still climbing well above its noise runs more.
#[test]
fn the_tuning_answer_in_metric_units() {
    let units = MetricUnits::of("roc_auc");
    let mut models = vec![model("baseline", None, 0.80, 0.80)];
    for i in 1..=20u64 {
        let v = 0.70 + 0.005 * ((i * 7) % 20) as f64;
        models.push(model(&format!("trial-{i:04}"), Some(i), v, v - 0.02));
    }
    let run = metric_run(&units, &models, 1_000, 3);
    let analysis = analyze(
        &run,
        &mut fixed(-0.03, -0.05, -0.01, &mut Vec::new()),
        &mut fixed(-0.03, -0.05, -0.01, &mut Vec::new()),
    )
    .unwrap();
    let tuning = analysis.sweep.tuning.as_ref().unwrap();
    assert_eq!(tuning.kind, TuningKind::DoesNotPay, "{tuning:?}");
    assert!(
        tuning
            .sentence
            .starts_with("Tuning: it does not beat the baseline here; keep the baseline"),
        "{}",
        tuning.sentence
    );
    assert_eq!(analysis.verdict.unwrap().kind, VerdictKind::ShipBaseline);
    assert!(analysis.sweep.break_even.is_none() && analysis.sweep.continue_sweep.is_none());
    assert!(analysis
        .sweep
        .stop_replay
        .is_some_and(|r| r.cost_rule.is_none()));

    // Each trial better than the last by a wide margin, against a tiny noise: run more.
    let mut models = vec![model("baseline", None, 0.50, 0.50)];
    for i in 1..=12u64 {
        let v = 0.9 - 0.3 / (i as f64).sqrt();
        models.push(model(&format!("trial-{i:04}"), Some(i), v, v));
    }
    let run = MetricRun {
        models: &models,
        ..run
    };
    let analysis = analyze(
        &run,
        &mut fixed(0.3, 0.2999, 0.3001, &mut Vec::new()),
        &mut fixed(0.3, 0.2999, 0.3001, &mut Vec::new()),
    )
    .unwrap();
    let tuning = analysis.sweep.tuning.as_ref().unwrap();
    assert_eq!(tuning.kind, TuningKind::RunMore, "{tuning:?}");
    assert!(
        tuning.more_trials > 0 && tuning.more_trials <= 108,
        "{tuning:?}"
    );
    assert!(tuning.sentence.contains("ROC-AUC") && !tuning.sentence.contains("cost"));
}

/// A sweep that found its gain early and stays flat, against a wide noise: stop, and the
/// noise rule's replay agrees.
#[test]
fn a_flat_sweep_within_the_noise_stops() {
    let units = MetricUnits::of("roc_auc");
    let mut models = vec![model("baseline", None, 0.70, 0.70)];
    for i in 1..=16u64 {
        let v = 0.75 + 0.001 * ((i * 5) % 7) as f64;
        models.push(model(&format!("trial-{i:04}"), Some(i), v, v - 0.005));
    }
    let run = metric_run(&units, &models, 1_000, 5);
    let analysis = analyze(
        &run,
        &mut fixed(0.05, 0.02, 0.08, &mut Vec::new()),
        &mut fixed(0.05, 0.02, 0.08, &mut Vec::new()),
    )
    .unwrap();
    let tuning = analysis.sweep.tuning.as_ref().unwrap();
    assert_eq!(tuning.kind, TuningKind::Stop, "{tuning:?}");
    assert!(
        tuning
            .sentence
            .starts_with("Tuning: stop; a sweep 10x longer")
            && tuning.sentence.contains("ROC-AUC), less than its noise")
            && tuning.sentence.contains("(90% band 0 to "),
        "{}",
        tuning.sentence
    );
    assert_eq!(
        analysis.sweep.stop_replay.and_then(|r| r.noise_rule),
        Some(10)
    );
}

/// An inconclusive verdict whose interval bounds scarce classes' part of a macro average says
/// that more rows of those classes settle it, not a count of test rows (that part does not
/// shrink as more rows of the other classes come: KDD Cup 99's "about 1,100,000 test rows (now
/// 6,000)" was the plain rule read on such an interval).
#[test]
fn an_interval_over_scarce_classes_is_settled_by_their_rows_not_by_a_row_count() {
    let units = MetricUnits::of("roc_auc");
    let models = vec![
        model("baseline", None, 0.90, 0.90),
        model("trial-0001", Some(1), 0.93, 0.93),
    ];
    let plain = MetricRun {
        units: &units,
        models: &models,
        test_rows: 6_000,
        bounded_classes: 0,
        validation_bounded_classes: 0,
        seed: 1,
        auto_stopped: false,
    };
    let verdict_of = |run: &MetricRun| {
        analyze(
            run,
            &mut fixed(0.03, -0.4, 0.43, &mut Vec::new()),
            &mut fixed(0.03, -0.4, 0.43, &mut Vec::new()),
        )
        .unwrap()
        .verdict
        .unwrap()
    };
    let v = verdict_of(&plain);
    assert_eq!(v.kind, VerdictKind::Inconclusive);
    assert!(v.rows_needed.is_some(), "{v:?}");
    assert!(
        v.sentence
            .contains("test rows (now 6,000) would settle it as often as not"),
        "{}",
        v.sentence
    );
    for (classes, said) in [
        (1, "fewer than 5 rows of 1 class, whose part of the average the interval takes as anywhere from 0 to 1: more rows of that class would settle it"),
        (7, "fewer than 5 rows of each of 7 classes, whose part of the average the interval takes as anywhere from 0 to 1: more rows of those classes would settle it"),
    ] {
        let v = verdict_of(&MetricRun {
            bounded_classes: classes,
            validation_bounded_classes: 0,
            ..plain
        });
        assert_eq!(v.kind, VerdictKind::Inconclusive);
        assert_eq!(v.rows_needed, None);
        assert!(v.sentence.contains(said), "{}", v.sentence);
        assert!(!v.sentence.contains("(now 6,000)"), "{}", v.sentence);
    }
}
