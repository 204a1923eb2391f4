use super::super::tests::stops_as_indistinct;
use super::*;
use crate::analysis::extrapolate::Bootstrap;

/// The metric answer on `trials` (gains over the baseline) with `noise` as the yardstick and
/// the metric's best possible gain `ceiling`.
fn metric_answer(trials: &[Trial], noise: f64, ceiling: Option<Trial>) -> TuningAdvice {
    metric_answer_with(trials, noise, ceiling, &[])
}

/// [`metric_answer`] with the curve's bootstrap `refits`, for the bands of its gains.
fn metric_answer_with(
    trials: &[Trial],
    noise: f64,
    ceiling: Option<Trial>,
    refits: &[SaturationFit],
) -> TuningAdvice {
    metric_answer_reading(
        trials,
        NoiseEvidence {
            se: noise,
            ..NoiseEvidence::default()
        },
        ceiling,
        refits,
    )
}

/// [`metric_answer_with`] weighing `evidence` (its noise and the trials' validation halves).
fn metric_answer_reading(
    trials: &[Trial],
    evidence: NoiseEvidence,
    ceiling: Option<Trial>,
    refits: &[SaturationFit],
) -> TuningAdvice {
    let curve = crate::analysis::expected_max_curve(trials, trials.len()).unwrap();
    let fit = Bootstrap::new(trials, 3).unwrap().point;
    advise_metric(&MetricTuningInput {
        trials,
        expected_best: &curve.means(),
        fit: Some(&fit),
        refits,
        evidence,
        unit: "ROC-AUC",
        seed: 3,
        ceiling,
        baseline: true,
    })
    .unwrap()
}

#[test]
fn a_metric_answer_stops_when_test_rows_do_not_bear_out_the_validation_rise() {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(11);
    // Trials whose validation gains spread by noise and whose test gains climb with them: the
    // test curve reaches the noise within a sweep ten times longer.
    let climbing: Vec<Trial> = (0..12)
        .map(|_| {
            let v: f64 = rng.gen_range(0.0..0.1);
            Trial {
                validation: v,
                test: v,
            }
        })
        .collect();
    let advice = metric_answer(&climbing, 0.002, None);
    assert_eq!(advice.kind, TuningKind::RunMore, "{advice:?}");
    assert_eq!(advice.noise, None, "only a stop for the noise carries it");
    assert!(
        advice
            .sentence
            .contains("about one standard error of the metric's noise"),
        "{}",
        advice.sentence
    );
    // The same validation gains with flat test gains: selection on validation rows still
    // rises, the test curve never reaches the noise, and the answer says so.
    let flat: Vec<Trial> = climbing
        .iter()
        .map(|t| Trial {
            validation: t.validation,
            test: 0.001 * t.validation,
        })
        .collect();
    let advice = metric_answer(&flat, 0.002, None);
    assert_eq!(advice.kind, TuningKind::Stop, "{advice:?}");
    assert_eq!(advice.more_trials, 0, "{advice:?}");
    // The noise it was set against, exact, for a reader of results.json.
    assert_eq!(advice.noise, Some(0.002), "{advice:?}");
    assert!(
        advice.sentence.starts_with("Tuning: stop;")
            && advice
                .sentence
                .contains("the test rows' curve expects a sweep 10x longer to add only")
            && advice.sentence.contains("selection flatters that rise")
            && !advice.sentence.contains("about one standard error"),
        "{}",
        advice.sentence
    );
    // With the curve's refits, each gain quoted comes with its 90% band, which holds it.
    let refits = Bootstrap::new(&climbing, 3).unwrap().next_fits(200);
    let advice = metric_answer_with(&climbing, 0.002, None, &refits);
    assert_eq!(advice.kind, TuningKind::RunMore, "{advice:?}");
    let (low, high) = (
        advice.expected_gain_low.unwrap(),
        advice.expected_gain_high.unwrap(),
    );
    assert!(
        low <= advice.expected_gain && advice.expected_gain <= high && low < high,
        "{advice:?}"
    );
    assert!(
        advice.sentence.contains(", 90% band "),
        "{}",
        advice.sentence
    );
    let refits = Bootstrap::new(&flat, 3).unwrap().next_fits(200);
    let advice = metric_answer_with(&flat, 0.002, None, &refits);
    assert_eq!(advice.kind, TuningKind::Stop, "{advice:?}");
    assert!(
        advice.sentence.contains(" (90% band "),
        "{}",
        advice.sentence
    );
    // A best trial at the metric's best possible value stops, whatever the noise.
    let top = climbing.iter().map(|t| t.validation).fold(0.0, f64::max);
    let ceiling = Trial {
        validation: top,
        test: 0.2,
    };
    let advice = metric_answer(&climbing, 0.005, Some(ceiling));
    assert_eq!(advice.kind, TuningKind::Stop, "{advice:?}");
    assert!(advice
        .sentence
        .contains("already reaches the best validation ROC-AUC"));
    // The baseline itself there (no room over it): keep it, at any count, even before the 10
    // trials any other answer waits for.
    let none_over = Trial {
        validation: 0.0,
        test: 0.0,
    };
    for done in [3, climbing.len()] {
        let advice = metric_answer(&climbing[..done], 0.005, Some(none_over));
        assert_eq!(advice.kind, TuningKind::DoesNotPay, "{advice:?}");
        assert!(advice.best_possible, "{advice:?}");
        assert!(
            advice
                .sentence
                .contains("it already scores the best validation ROC-AUC there is"),
            "{advice:?}"
        );
    }
}

#[test]
fn a_metric_answer_stops_early_only_where_the_halves_cannot_tell_the_trials_apart() {
    // Six trials gaining 0.01 to 0.06 over the baseline on validation and test rows; `disagree`
    // sets how far each trial's two validation halves pull apart.
    let trials: Vec<Trial> = (0..6)
        .map(|i| Trial {
            validation: 0.01 * (i + 1) as f64,
            test: 0.01 * (i + 1) as f64,
        })
        .collect();
    let halves = |disagree: f64| -> Vec<Trial> {
        trials
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let noise = disagree * if i % 2 == 0 { 1.0 } else { -1.0 };
                Trial {
                    validation: t.validation + noise,
                    test: t.validation - noise,
                }
            })
            .collect()
    };
    let answer = |trials: &[Trial], halves: &[Trial]| {
        let evidence = NoiseEvidence {
            se: 0.001,
            halves: Some(halves),
            ..NoiseEvidence::default()
        };
        metric_answer_reading(trials, evidence, None, &[])
    };
    // Halves that cannot tell the six apart: stop now, for that reason.
    let noisy = halves(0.2);
    let stop = answer(&trials, &noisy);
    assert_eq!(stop.kind, TuningKind::Stop, "{stop:?}");
    assert!(stop.indistinct);
    assert!(stops_as_indistinct(&stop, 6), "{}", stop.sentence);
    // Halves that agree: too few trials to tell yet, as before; and below 5 trials whatever
    // the halves.
    let alike = halves(0.001);
    assert_eq!(answer(&trials, &alike).kind, TuningKind::TooFewTrials);
    assert_eq!(
        answer(&trials[..4], &noisy[..4]).kind,
        TuningKind::TooFewTrials
    );
    // Trials all below the baseline: the early answer says so, as the answer from 10 on would.
    let below: Vec<Trial> = trials
        .iter()
        .map(|t| Trial {
            validation: t.validation - 0.1,
            test: t.test - 0.1,
        })
        .collect();
    let behind = answer(&below, &noisy);
    assert_eq!(behind.kind, TuningKind::DoesNotPay, "{behind:?}");
}

#[test]
fn a_metric_stop_for_the_noise_says_so_where_the_test_curve_still_gains_more() {
    // Validation gains spread by noise; test gains four times as steep: for some noise levels
    // the validation rise of a sweep 10x longer is below the noise while the test rows' curve,
    // which the doubling beside the answer reads, gains more than it by doubling the trials.
    use rand::{Rng, SeedableRng};
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(11);
    let trials: Vec<Trial> = (0..12)
        .map(|_| {
            let v: f64 = rng.gen_range(0.0..0.1);
            Trial {
                validation: v,
                test: 4.0 * v,
            }
        })
        .collect();
    let fit = Bootstrap::new(&trials, 3).unwrap().point;
    let doubling = fit.gain(12.0, 24.0);
    let (mut explained, mut below_noise) = (0, 0);
    for step in 1..=60 {
        let noise = 0.0005 * step as f64;
        let advice = metric_answer(&trials, noise, None);
        if advice.kind != TuningKind::Stop || !advice.sentence.contains("less than its noise") {
            continue;
        }
        let says = advice
            .sentence
            .contains(", though the test rows' fitted curve still rises by more than that noise (doubling the trials: +");
        assert_eq!(says, doubling > noise, "{noise}: {}", advice.sentence);
        explained += usize::from(says);
        // Below the noise, a doubling that gains more than the validation rise of the sweep 10x
        // longer is explained too, or "10x longer adds 0.00003" sits above "doubling adds 0.0015".
        let rise = noise_stop(
            &trials,
            &NoiseEvidence {
                se: noise,
                ..NoiseEvidence::default()
            },
            &NoiseRule::default(),
        )
        .unwrap()
        .remaining
        .unwrap();
        let says_too = advice
            .sentence
            .contains("; the test rows' fitted curve rises more, but still less than that noise (doubling the trials: +");
        assert_eq!(
            says_too,
            !says && doubling > rise,
            "{noise}: {}",
            advice.sentence
        );
        below_noise += usize::from(says_too);
    }
    assert!(
        explained > 0 && below_noise > 0,
        "doubling {doubling}: no noise level gave both cases ({explained}, {below_noise})"
    );
}

/// The noise is a size in the metric, not a gain: where lower is better the answer quotes it in
/// the metric's own unit ("standard error 0.5 RMSE"), and the rise it weighs as a reduction
/// (`analyze` wrote "676 val_rmse reduction" for a noise until 2026-12-06).
#[test]
fn a_stop_for_the_noise_quotes_it_in_the_metrics_own_unit() {
    let trials: Vec<Trial> = (0..12)
        .map(|i| {
            let gain = 0.01 * f64::from(i % 3);
            Trial {
                validation: gain,
                test: gain,
            }
        })
        .collect();
    let curve = crate::analysis::expected_max_curve(&trials, trials.len()).unwrap();
    let fit = Bootstrap::new(&trials, 3).unwrap().point;
    let advice = advise_metric(&MetricTuningInput {
        trials: &trials,
        expected_best: &curve.means(),
        fit: Some(&fit),
        refits: &[],
        evidence: NoiseEvidence {
            se: 0.5,
            ..NoiseEvidence::default()
        },
        unit: "RMSE reduction",
        seed: 3,
        ceiling: None,
        baseline: true,
    })
    .unwrap();
    assert_eq!(advice.kind, TuningKind::Stop, "{}", advice.sentence);
    assert!(
        advice
            .sentence
            .contains("less than its noise (standard error 0.50 RMSE)"),
        "{}",
        advice.sentence
    );
    assert!(
        advice.sentence.contains("RMSE reduction (90% band"),
        "{}",
        advice.sentence
    );
}

/// A noise read off a validation interval that bounds a macro average over scarce classes is
/// no standard error: the answer names it for what it is (a run of 30,000 KDD Cup 99 rows
/// without `[value]` quoted such a bound as "standard error" until 2026-12-07).
#[test]
fn a_noise_read_off_a_bounded_interval_is_not_called_a_standard_error() {
    let trials: Vec<Trial> = (0..12)
        .map(|i| {
            let gain = 0.001 * f64::from(i % 3);
            Trial {
                validation: gain,
                test: gain,
            }
        })
        .collect();
    let answer = |source| {
        metric_answer_reading(
            &trials,
            NoiseEvidence {
                se: 0.12,
                source,
                ..NoiseEvidence::default()
            },
            None,
            &[],
        )
    };
    let plain = answer(NoiseSource::StandardError);
    let bounded = answer(NoiseSource::BoundedInterval);
    assert_eq!(bounded.kind, TuningKind::Stop, "{}", bounded.sentence);
    assert_eq!(bounded.kind, plain.kind);
    assert!(
        plain.sentence.contains("(standard error 0.12 ROC-AUC)"),
        "{}",
        plain.sentence
    );
    assert!(
        !bounded.sentence.contains("standard error"),
        "{}",
        bounded.sentence
    );
    assert!(
        bounded.sentence.contains(
            "(read off the best model's validation interval, 0.12 ROC-AUC, an interval that takes the part of classes with under 5 validation rows as anywhere from 0 to 1, so wider than those rows' noise)"
        ),
        "{}",
        bounded.sentence
    );
}
