use super::*;
use crate::analysis::uniform_sweep;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// The noise rule's evidence: a standard error alone.
fn se(se: f64) -> NoiseEvidence<'static> {
    NoiseEvidence {
        se,
        ..NoiseEvidence::default()
    }
}

/// A standard error and the metric's best possible value.
fn capped(se: f64, ceiling: f64) -> NoiseEvidence<'static> {
    NoiseEvidence {
        se,
        ceiling: Some(ceiling),
        halves: None,
        ..NoiseEvidence::default()
    }
}

#[test]
fn stops_a_flat_sweep() {
    // Validation varies but says nothing about test value, which is flat: selection buys
    // nothing, so five more trials at 10 EUR each cannot pay.
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(4);
    let trials: Vec<Trial> = (0..20)
        .map(|_| Trial {
            validation: rng.gen(),
            test: 1_000.0 + rng.gen::<f64>(),
        })
        .collect();
    let decision = should_stop(&trials, 10.0, &StopRule::default(), "EUR").unwrap();
    assert!(decision.stop, "{decision:?}");
    assert!(decision.probability.unwrap() >= 0.9);
    assert!(decision.expected_gain.unwrap() < 5.0);
    assert_eq!(decision.cost, 50.0);
    assert!(
        decision
            .reason
            .starts_with("stop: the next 5 trials are expected to add"),
        "{}",
        decision.reason
    );
}

#[test]
fn continues_a_steep_sweep() {
    // E(25) - E(20) = 100,000 * (25/26 - 20/21), about 1,100 EUR, against 50 EUR of cost.
    let trials = uniform_sweep(20, 100_000.0, 8);
    let decision = should_stop(&trials, 10.0, &StopRule::default(), "EUR").unwrap();
    assert!(!decision.stop, "{decision:?}");
    assert!(decision.probability.unwrap() < 0.5, "{decision:?}");
    assert!(decision.expected_gain.unwrap() > 300.0, "{decision:?}");
    assert!(
        decision.reason.starts_with("keep going"),
        "{}",
        decision.reason
    );
    // Before min_trials the rule does not apply at all.
    let early = should_stop(&trials[..5], 1e9, &StopRule::default(), "EUR").unwrap();
    assert!(!early.stop && early.probability.is_none());
}

#[test]
fn same_trials_same_decision() {
    let trials = uniform_sweep(30, 1_000.0, 3);
    let rule = StopRule::default();
    let a = should_stop(&trials, 2.0, &rule, "EUR").unwrap();
    let b = should_stop(&trials, 2.0, &rule, "EUR").unwrap();
    assert_eq!(a, b);
}

#[test]
fn noise_rule_compares_remaining_improvement_with_the_standard_error() {
    // A 10x longer sweep of uniform scores: 200/201 - 20/21, about 0.043.
    let trials = uniform_sweep(20, 1.0, 12);
    let loud = noise_stop(&trials, &se(0.1), &NoiseRule::default()).unwrap();
    assert!(loud.stop, "{loud:?}");
    let remaining = loud.remaining.unwrap();
    assert!(remaining > 0.015 && remaining < 0.1, "{loud:?}");
    let quiet = noise_stop(&trials, &se(0.005), &NoiseRule::default()).unwrap();
    assert!(!quiet.stop, "{quiet:?}");
    assert!(noise_stop(&trials, &se(-1.0), &NoiseRule::default()).is_err());
}

#[test]
fn the_noise_rule_reads_the_validation_halves_cross_fitted() {
    // Validation values spread widely, so the curve of the validation-best keeps rising
    // past a small noise; on two halves that are independent noise, a pick on one half
    // earns nothing on the other: stop.
    let trials = uniform_sweep(20, 1.0, 12);
    let rule = NoiseRule::default();
    assert!(!noise_stop(&trials, &se(0.005), &rule).unwrap().stop);
    let noise: Vec<Trial> = uniform_sweep(20, 1.0, 13)
        .iter()
        .zip(uniform_sweep(20, 1.0, 14))
        .map(|(a, b)| Trial {
            validation: a.validation,
            test: b.validation,
        })
        .collect();
    let evidence = NoiseEvidence {
        se: 0.005,
        ceiling: None,
        halves: Some(&noise),
        ..NoiseEvidence::default()
    };
    let unclear = noise_stop(&trials, &evidence, &rule).unwrap();
    assert!(
        unclear.stop && unclear.unclear_halves.is_some(),
        "{unclear:?}"
    );
    assert!(unclear
        .reason
        .contains("do not clearly tell these trials apart after 20 trials (their two halves rank them with a correlation of "));
    // Halves that agree (each the trial's value give or take a little): the rule reads
    // their cross-fitted curve, which still rises past the noise.
    let alike: Vec<Trial> = trials
        .iter()
        .enumerate()
        .map(|(i, t)| Trial {
            validation: t.validation + 0.01 * (i % 3) as f64,
            test: t.validation - 0.01 * (i % 2) as f64,
        })
        .collect();
    let clear = noise_stop(
        &trials,
        &NoiseEvidence {
            halves: Some(&alike),
            ..evidence
        },
        &rule,
    )
    .unwrap();
    assert!(!clear.stop && clear.unclear_halves.is_none(), "{clear:?}");
    // A replay reads the halves of each prefix, from 5 trials on: halves of pure noise stop it
    // there, before the rule's minimum of 10 for its rise.
    let replayed = replay(&trials, Some(0.0), &StopRule::default(), &evidence, &rule).unwrap();
    assert_eq!(replayed.noise_rule, Some(5));
    let early = noise_stop(
        &trials[..5],
        &NoiseEvidence {
            halves: Some(&noise[..5]),
            ..evidence
        },
        &rule,
    )
    .unwrap();
    assert!(early.stop && early.unclear_halves.is_some(), "{early:?}");
    // Below 5 trials, or with halves that agree, nothing stops it before 10.
    let four = NoiseEvidence {
        halves: Some(&noise[..4]),
        ..evidence
    };
    assert!(!noise_stop(&trials[..4], &four, &rule).unwrap().stop);
    let agreeing = NoiseEvidence {
        halves: Some(&alike[..7]),
        ..evidence
    };
    assert!(!noise_stop(&trials[..7], &agreeing, &rule).unwrap().stop);
}

#[test]
fn the_noise_rule_stops_at_the_metrics_best_possible_value() {
    // Scores uniform on [0, 1]: the best of 20 is below 1, and a longer sweep is expected to
    // gain more than a noise of 0.005 (as above), but never more than the room left to 1.
    let trials = uniform_sweep(20, 1.0, 12);
    let best = trials.iter().map(|t| t.validation).fold(0.0, f64::max);
    let rule = NoiseRule::default();
    let roomy = noise_stop(&trials, &capped(0.005, 1.0), &rule).unwrap();
    assert!(!roomy.stop, "{roomy:?}");
    let tight = noise_stop(&trials, &capped(0.005, best + 0.004), &rule).unwrap();
    assert!(tight.stop, "{tight:?}");
    assert!(
        (tight.remaining.unwrap() - 0.004).abs() < 1e-12,
        "{tight:?}"
    );
    // Reached: a paired noise of 0 (two perfect models) stops rather than clearing any gain.
    let reached = noise_stop(&trials, &capped(0.0, best), &rule).unwrap();
    assert!(reached.stop, "{reached:?}");
    assert_eq!(reached.remaining, Some(0.0));
    assert!(reached.reached_best_possible && !roomy.reached_best_possible);
    assert!(reached
        .reason
        .contains("best validation score the metric allows"));
    assert!(!noise_stop(&trials, &se(0.0), &rule).unwrap().stop);
    // A baseline already at the best possible value (no room over it) stops at any count, none
    // included: no trial can be chosen over it, so there is nothing to wait for.
    for done in [0, 3, 20] {
        let at_best = noise_stop(&trials[..done], &capped(0.005, 0.0), &rule).unwrap();
        assert!(at_best.stop && at_best.reached_best_possible, "{at_best:?}");
        assert!(
            at_best.reason.contains("the baseline already scores"),
            "{at_best:?}"
        );
    }
    assert!(
        !noise_stop(&trials[..3], &capped(0.005, 0.01), &rule)
            .unwrap()
            .stop
    );
    // Its replay says so: stopped before the first trial.
    let stops = |ceiling: f64| {
        replay(
            &trials,
            None,
            &StopRule::default(),
            &capped(0.005, ceiling),
            &rule,
        )
        .unwrap()
        .noise_rule
    };
    assert_eq!(stops(0.0), Some(0));
    assert_ne!(stops(1.0), Some(0));
    assert_eq!(noise_stopped_at(0), "before its first trial");
    assert_eq!(noise_stopped_at(1_200), "at 1,200 trials");
}

#[test]
fn replay_sentences_group_the_digits_of_long_sweeps() {
    let replay = StopReplay {
        trials: 5_000,
        auto: Some(1_348),
        cost_rule: None,
        noise_rule: Some(10),
    };
    assert_eq!(
        replay_sentence(&replay, false),
        "auto stop would have stopped at 1,348 trials, the noise rule at 10 (of 5,000)"
    );
    // Fewer trials than the noise rule reads: it did not get to decide, and the sentence says so.
    let short = StopReplay {
        trials: 5,
        auto: Some(5),
        cost_rule: None,
        noise_rule: None,
    };
    assert_eq!(
        replay_sentence(&short, false),
        "auto stop would have stopped at 5 trials; the noise rule decides only from 10 trials on (5 run)"
    );
    assert_eq!(
        replay_sentence(&StopReplay { auto: None, ..short }, false),
        "auto stop would not have stopped within 5 trials; the noise rule decides only from 10 trials on"
    );
    // Where auto stop ended the sweep at its last trial, the replay says it did.
    assert_eq!(
        replay_sentence(&short, true),
        "auto stop stopped this sweep at 5 trials; the noise rule decides only from 10 trials on"
    );
    let long = StopReplay {
        trials: 24,
        auto: Some(24),
        noise_rule: Some(12),
        ..short
    };
    assert_eq!(
        replay_sentence(&long, true),
        "auto stop stopped this sweep at 24 trials; the noise rule would have stopped it at 12"
    );
    assert_eq!(
        replay_sentence(
            &StopReplay {
                noise_rule: None,
                ..long
            },
            true
        ),
        "auto stop stopped this sweep at 24 trials; the noise rule would not have stopped it yet"
    );
    // `ended` says nothing where auto stop did not stop the sweep.
    assert_eq!(
        replay_sentence(&StopReplay { auto: None, ..long }, true),
        replay_sentence(&StopReplay { auto: None, ..long }, false)
    );
}

#[test]
fn replay_finds_where_each_rule_stops() {
    // Five more trials add 10,000 * 5 / ((n + 1)(n + 6)), below their 50 EUR from n = 29 on;
    // the rule wants 90% confidence, so it stops somewhat later, never earlier than 25.
    let trials = uniform_sweep(200, 10_000.0, 21);
    let rule = StopRule::default();
    let noise = NoiseRule::default();
    let result = replay(&trials, Some(10.0), &rule, &se(0.01), &noise).unwrap();
    let cost_stop = result.cost_rule.unwrap();
    assert!((25..=100).contains(&cost_stop), "{result:?}");
    // The replay agrees with asking the rule live at that trial, and the trial before.
    assert!(
        should_stop(&trials[..cost_stop], 10.0, &rule, "EUR")
            .unwrap()
            .stop
    );
    assert!(
        cost_stop <= REPLAY_EVERY_TRIAL_UP_TO,
        "checked after every trial up to here"
    );
    assert!(
        !should_stop(&trials[..cost_stop - 1], 10.0, &rule, "EUR")
            .unwrap()
            .stop
    );
    let noise_stop_at = result.noise_rule.unwrap();
    assert!(
        noise_stop(&trials[..noise_stop_at], &se(0.01), &noise)
            .unwrap()
            .stop
    );
    assert!(
        !noise_stop(&trials[..noise_stop_at - 1], &se(0.01), &noise)
            .unwrap()
            .stop
    );
    // `--stop auto` follows the tuning answer, which `analysis::trials` replays into `auto`.
    assert_eq!(result.auto, None);
    let answered = StopReplay {
        auto: Some(12),
        ..result.clone()
    };
    assert_eq!(
        replay_sentence(&answered, false),
        format!(
            "auto stop would have stopped at 12 trials, the noise rule at {noise_stop_at} (of 200)"
        )
    );
    // A steep, expensive-to-miss sweep never stops on cost.
    let steep = uniform_sweep(40, 1e7, 5);
    let result = replay(&steep, Some(1.0), &rule, &se(0.0), &noise).unwrap();
    assert_eq!((result.cost_rule, result.noise_rule), (None, None));
    assert_eq!(
        replay_sentence(&result, false),
        "neither auto stop nor the noise rule would have stopped within 40 trials"
    );
}

#[test]
fn the_noise_rules_rise_has_a_band_that_holds_it() {
    let trials = uniform_sweep(20, 1.0, 12);
    let rule = NoiseRule::default();
    let decision = noise_stop(&trials, &se(0.1), &rule).unwrap();
    let remaining = decision.remaining.unwrap();
    let (low, high) = noise_rise_band(&trials, &se(0.1), &rule, (200, 7))
        .unwrap()
        .unwrap();
    assert!(
        0.0 <= low && low <= remaining && remaining <= high && low < high,
        "{low} {remaining} {high}"
    );
    // The same seed draws the same band; the metric's room caps it.
    assert_eq!(
        noise_rise_band(&trials, &se(0.1), &rule, (200, 7)).unwrap(),
        Some((low, high))
    );
    let best = trials.iter().map(|t| t.validation).fold(0.0, f64::max);
    let (_, capped_high) = noise_rise_band(&trials, &capped(0.1, best + 0.001), &rule, (200, 7))
        .unwrap()
        .unwrap();
    assert!(capped_high <= 0.001 + 1e-12, "{capped_high}");
    // Before the rule's minimum trials there is nothing to band.
    assert_eq!(
        noise_rise_band(&trials[..5], &se(0.1), &rule, (200, 7)).unwrap(),
        None
    );
}

#[test]
fn the_noise_rule_stops_trials_that_all_score_alike_even_without_noise() {
    // A sweep log's trials that all score 0.8, with their spread (0) standing in for the noise:
    // no rise is more than no noise.
    let trials = vec![
        Trial {
            validation: 0.8,
            test: 0.8,
        };
        12
    ];
    let evidence = NoiseEvidence {
        se: 0.0,
        source: NoiseSource::TrialSpread,
        ..NoiseEvidence::default()
    };
    let decision = noise_stop(&trials, &evidence, &NoiseRule::default()).unwrap();
    assert!(decision.stop, "{decision:?}");
    assert_eq!(decision.remaining, Some(0.0));
    assert!(
        decision.reason.contains("taken as the trials' spread"),
        "{}",
        decision.reason
    );
}
