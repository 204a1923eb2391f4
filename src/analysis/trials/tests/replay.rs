//! The replay sentence beside the tuning answer: where auto stop or the noise rule would have
//! stopped, worded so that it does not read as a second, opposite instruction.

use super::*;

#[test]
fn a_run_more_gives_a_dip_or_an_earlier_stop_as_a_finding_not_as_an_instruction() {
    // Sweeps of 20 trials, a few much better than the rest, each half of the validation rows
    // adding its own noise: where the answer is "run more" but the
    // trials run dipped below the cost before the last, break-even must not say that each trial
    // after the dip adds less than it costs ("each after it less") beside it (the first
    // example).
    use rand::{Rng, SeedableRng};
    const NOISE: f64 = 1.0;
    let (mut dips, mut runs, mut replays, mut noise_stops) = (0, 0, 0, 0);
    for seed in 0..60_u64 {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(seed);
        let halves: Vec<Trial> = (0..20)
            .map(|_| {
                let truth = 10.0 * rng.gen::<f64>().powi(4);
                let mut half = || truth + NOISE * rng.sample::<f64, _>(rand_distr::StandardNormal);
                Trial {
                    validation: half(),
                    test: half(),
                }
            })
            .collect();
        let sweep = SweepTrials {
            decision: Some(DecisionTrials {
                trials: &halves,
                reading: Reading::CrossFitted,
                baseline: Some(0.0),
            }),
            // Cheap trials: at 0.1 a trial, every run more of these sweeps is a close call, and
            // stops.
            cost_per_trial: 0.005,
            ..sweep_of(&halves, Some(0.0))
        };
        let mut sentences = Vec::new();
        let analysis = analyze_trials(&sweep, &mut sentences).unwrap();
        if analysis.tuning.as_ref().map(|t| t.kind) != Some(TuningKind::RunMore) {
            continue;
        }
        runs += 1;
        assert!(
            !sentences
                .iter()
                .any(|s| s.contains("and each after it less")),
            "{sentences:?}"
        );
        // Auto stop would have stopped earlier: the replay says why, and that the trials since
        // changed the answer, rather than stand as a second, opposite instruction.
        if let Some(at) = analysis
            .stop_replay
            .as_ref()
            .and_then(|r| r.auto)
            .filter(|&at| at < 20)
        {
            replays += 1;
            let replay = sentences
                .iter()
                .find(|s| s.starts_with(&format!("Auto stop would have stopped at {at} trials")))
                .unwrap_or_else(|| panic!("{sentences:?}"));
            assert!(
                replay.contains("and the trials since have changed the answer"),
                "{replay}"
            );
        }
        // The noise rule would have stopped earlier: the replay says that rule ignores the
        // price, and says so only there.
        let replay = sentences
            .iter()
            .find(|s| s.starts_with("Auto stop would") || s.starts_with("Neither auto stop"))
            .unwrap_or_else(|| panic!("{sentences:?}"));
        let noise_stopped = analysis
            .stop_replay
            .as_ref()
            .and_then(|r| r.noise_rule)
            .is_some_and(|at| at <= 20);
        noise_stops += usize::from(noise_stopped);
        assert_eq!(
            replay.contains(NOISE_RULE_IGNORES_PRICE),
            noise_stopped,
            "{replay}"
        );
        let found = analysis.break_even.as_ref().unwrap();
        if found.paid_up_to.is_none_or(|paid| paid < 20) {
            dips += 1;
            let said = sentences
                .iter()
                .find(|s| s.starts_with("On the trials run, "))
                .unwrap_or_else(|| panic!("{sentences:?}"));
            assert!(
                said.contains(&format!(" and trial {} added ", found.next_trial))
                    && said.contains(
                        ": a dip that the fitted curve, which the tuning answer reads, smooths over; the fitted curve"
                    ),
                "{said}"
            );
        }
    }
    assert!(
        dips > 0,
        "no run more beside a dip among the sweeps ({runs} run more, {replays} replays)"
    );
    assert!(
        replays > 0,
        "no run more after an earlier auto stop ({runs} run more)"
    );
    assert!(
        noise_stops > 0 && noise_stops < runs,
        "{noise_stops} of {runs} run more after an earlier noise stop"
    );
}

#[test]
fn a_stop_where_auto_stop_went_on_says_when_it_would_next_have_asked() {
    // The first 12 trials of the breast-cancer calibration pool, seed 3 (USD at 12.5 a trial):
    // each trial's net value on the two validation halves, on all the validation rows and on
    // the test rows. Auto stop heard "run about 10 more" at 10 trials and would next ask at 20;
    // at 12 the answer is *stop*. Without a word the replay read "auto stop would not have
    // stopped within 12 trials" beside it, as if the two disagreed.
    let rows: [[f64; 4]; 12] = [
        [
            -947380.9210528063,
            -1473696.7105264904,
            -929837.0614036836,
            -1035100.2192984205,
        ],
        [
            -982468.6403511235,
            -1438608.9912283164,
            -929837.0614037552,
            -982468.6403511235,
        ],
        [
            -912293.2017545073,
            -1438608.9912281914,
            -912293.2017545073,
            -1000012.5000001213,
        ],
        [
            -982468.6403522082,
            -1333345.833334664,
            -1000012.500001331,
            -1140363.377194313,
        ],
        [
            -1052644.078949,
            -1473696.7105279474,
            -1017556.3596507545,
            -1122819.5175454915,
        ],
        [
            -912293.2017587438,
            -1368433.5526359368,
            -824573.9035131298,
            -1000012.5000043579,
        ],
        [
            -912293.201754676,
            -1333345.8333336231,
            -807030.0438599391,
            -912293.201754676,
        ],
        [
            -1087731.798246022,
            -1473696.7105267239,
            -1052644.0789477765,
            -1122819.517544268,
        ],
        [
            -912293.2017567491,
            -1473696.710528679,
            -859661.6228093806,
            -964924.7807041175,
        ],
        [
            -982468.6403521498,
            -1333345.833334606,
            -1035100.2192995184,
            -1087731.7982468866,
        ],
        [
            -2000012.5000000203,
            -2000012.5000000203,
            -2000012.5000000203,
            -2000012.5000000203,
        ],
        [
            -1017556.3596501505,
            -1473696.7105273434,
            -964924.7807027821,
            -1070187.938597519,
        ],
    ];
    let pairs = |first: usize, second: usize| -> Vec<Trial> {
        rows.iter()
            .map(|r| Trial {
                validation: r[first],
                test: r[second],
            })
            .collect()
    };
    let (halves, trials) = (pairs(0, 1), pairs(2, 3));
    let sweep = SweepTrials {
        decision: Some(DecisionTrials {
            trials: &halves,
            reading: Reading::CrossFitted,
            baseline: Some(0.5 * (-1017543.8596494034 - 1403508.7719301053)),
        }),
        cost_per_trial: 12.5,
        seed: 3,
        currency: "USD",
        ..sweep_of(&trials, Some(-1105263.1578950174))
    };
    let mut sentences = Vec::new();
    let analysis = analyze_trials(&sweep, &mut sentences).unwrap();
    assert!(analysis.tuning.as_ref().is_some_and(stops), "{sentences:?}");
    assert_eq!(analysis.stop_replay.as_ref().unwrap().auto, None);
    let replay = sentences
        .iter()
        .find(|s| s.contains("stopped within 12 trials"))
        .unwrap_or_else(|| panic!("{sentences:?}"));
    assert!(
        replay.ends_with(&format!("{}20 trials.", NOT_ASKED_SINCE)),
        "{replay}"
    );
    // Cut to the 10 trials where auto stop asked, the replay has nothing to add.
    let sweep = SweepTrials {
        trials: &trials[..10],
        decision: Some(DecisionTrials {
            trials: &halves[..10],
            ..sweep.decision.unwrap()
        }),
        ..sweep
    };
    let mut sentences = Vec::new();
    analyze_trials(&sweep, &mut sentences).unwrap();
    assert!(
        !sentences.iter().any(|s| s.contains(NOT_ASKED_SINCE)),
        "{sentences:?}"
    );
}

#[test]
fn without_a_price_an_earlier_noise_stop_beside_an_answer_that_goes_on_says_why() {
    // Five trials whose validation halves disagree (the noise rule, which --stop auto applies
    // without [value], stops there), then four real differences the halves agree on: at 9 trials
    // the answer waits for 10, and the replay says why the rule stopped at 5 and that the trials
    // since changed it.
    let halves: Vec<Trial> = [
        (0.010, -0.010),
        (-0.010, 0.012),
        (0.005, -0.008),
        (-0.007, 0.006),
        (0.002, -0.001),
        (0.050, 0.051),
        (0.100, 0.099),
        (0.020, 0.021),
        (0.080, 0.079),
    ]
    .map(|(validation, test)| Trial { validation, test })
    .to_vec();
    let trials: Vec<Trial> = halves
        .iter()
        .map(|h| Trial {
            validation: 0.5 * (h.validation + h.test),
            test: 0.5 * (h.validation + h.test),
        })
        .collect();
    let sweep = SweepTrials {
        metric: true,
        cost_per_trial: 0.0,
        noise: 0.001,
        decision: Some(DecisionTrials {
            trials: &halves,
            reading: Reading::CrossFitted,
            baseline: Some(0.0),
        }),
        ..sweep_of(&trials, Some(0.0))
    };
    let mut sentences = Vec::new();
    let analysis = analyze_trials(&sweep, &mut sentences).unwrap();
    assert_eq!(
        analysis.tuning.as_ref().map(|t| t.kind),
        Some(TuningKind::TooFewTrials),
        "{sentences:?}"
    );
    assert_eq!(analysis.stop_replay.as_ref().unwrap().noise_rule, Some(5));
    assert!(
        sentences.iter().any(|s| s.ends_with(
            "would have stopped this sweep at 5 trials (of 9); there the validation rows could not yet tell those 5 trials apart, and the trials since have changed the answer."
        )),
        "{sentences:?}"
    );
}
