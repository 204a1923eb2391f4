use super::*;
use crate::analysis::expected_max::Trial;
use crate::analysis::extrapolate::Reading;

/// Six trials between 90 and 100 (standard deviation 3.4), each the same on both readings.
fn six_trials_from_90_to_100() -> Vec<Trial> {
    (0..6)
        .map(|i| {
            let value = 90.0 + 2.0 * i as f64;
            Trial {
                validation: value,
                test: value,
            }
        })
        .collect()
}

#[test]
fn the_optimistic_net_gain_is_below_zero_only_far_below_the_baseline() {
    // Six trials between 90 and 100 against a baseline of 200: even the best of sixty is
    // far below it.
    let trials = six_trials_from_90_to_100();
    let far = optimistic_net_gain(&trials, Reading::Selected, 200.0, 1.0, 7, None).unwrap();
    assert!(far < -50.0, "{far}");
    // Against a baseline of 95 the best trial already beats it.
    let near = optimistic_net_gain(&trials, Reading::Selected, 95.0, 1.0, 7, None).unwrap();
    assert!(near > 0.0, "{near}");
    // Same seed, same answer.
    assert_eq!(
        far,
        optimistic_net_gain(&trials, Reading::Selected, 200.0, 1.0, 7, None).unwrap()
    );
    assert!(optimistic_net_gain(&trials[..2], Reading::Selected, 200.0, 1.0, 7, None).is_err());
}

#[test]
fn an_early_does_not_pay_only_where_the_trials_cost_outweighs_their_spread() {
    // Six trials between 90 and 100 (standard deviation 3.4) far below a baseline of 200.
    let trials = six_trials_from_90_to_100();
    let answer = |cost| {
        advise_after(&trials, Reading::Selected, Some(200.0), cost, "EUR", 7)
            .unwrap()
            .kind
    };
    // Six trials at 1 EUR cost 6 EUR, more than their spread: the cost settles it.
    assert!(cost_outweighs_spread(&trials, 1.0));
    assert_eq!(answer(1.0), TuningKind::DoesNotPay);
    // At 0.10 EUR they cost 0.60 EUR: the verdict would rest on six values alone.
    assert!(!cost_outweighs_spread(&trials, 0.1));
    assert_eq!(answer(0.1), TuningKind::TooFewTrials);
    // From MIN_TRIALS on the regular rule decides, whatever the cost.
    let more: Vec<Trial> = trials.iter().cycle().take(MIN_TRIALS).copied().collect();
    let kind = advise_after(&more, Reading::Selected, Some(200.0), 0.1, "EUR", 7)
        .unwrap()
        .kind;
    assert_eq!(kind, TuningKind::DoesNotPay);
}

#[test]
fn an_early_stop_only_where_the_halves_cannot_tell_the_trials_apart() {
    // Six trials read on two validation halves, just above a baseline of 85 at a cost of 0.1
    // (no early "does not pay"). `disagree` sets how much of each trial's difference is real.
    let trials = |disagree: f64| -> Vec<Trial> {
        (0..6)
            .map(|i| {
                let skill = 90.0 + 2.0 * i as f64;
                let noise = disagree * if i % 2 == 0 { 1.0 } else { -1.0 };
                Trial {
                    validation: skill + noise,
                    test: skill - noise,
                }
            })
            .collect()
    };
    let answer = |trials: &[Trial]| {
        advise_after(trials, Reading::CrossFitted, Some(85.0), 0.1, "EUR", 7).unwrap()
    };
    // Halves that rank the six alike: too few trials to tell yet, as before.
    let alike = trials(0.1);
    assert!(HalvesAgreement::of(&alike, Reading::CrossFitted).is_some_and(|h| h.clear()));
    assert_eq!(answer(&alike).kind, TuningKind::TooFewTrials);
    // Halves whose noise swamps the trials' differences: stop now, and say why.
    let noisy = trials(8.0);
    let halves = HalvesAgreement::of(&noisy, Reading::CrossFitted).unwrap();
    assert!(!halves.clear(), "{halves:?}");
    let advice = answer(&noisy);
    assert_eq!(advice.kind, TuningKind::Stop, "{advice:?}");
    assert!(stops(&advice));
    assert!(stops_as_indistinct(&advice, 6), "{}", advice.sentence);
    // Not where the four trials still to come before 10 cost under 1% of the six's spread
    // (standard deviation 3.7): trials that cheap are better run than saved. From 10 on, the
    // trials weighed are as many again as have run.
    assert!(waiting_costs(&noisy, 0.1) && !waiting_costs(&noisy, 0.005));
    let twelve: Vec<Trial> = noisy.iter().chain(&noisy).copied().collect();
    assert!(waiting_costs(&twelve, 0.004) && !waiting_costs(&twelve, 0.002));
    let cheap = advise_after(&noisy, Reading::CrossFitted, Some(85.0), 0.005, "EUR", 7).unwrap();
    assert_eq!(cheap.kind, TuningKind::TooFewTrials, "{cheap:?}");
    // Nor before the early answer's fewest trials, nor for trials read without halves.
    assert_eq!(answer(&noisy[..4]).kind, TuningKind::TooFewTrials);
    let selected = advise_after(&noisy, Reading::Selected, Some(85.0), 0.1, "EUR", 7).unwrap();
    assert_eq!(selected.kind, TuningKind::TooFewTrials);
}

#[test]
fn a_does_not_pay_keeps_the_baseline_unless_the_verdict_ships_a_candidate() {
    let trials = six_trials_from_90_to_100();
    let advice = advise_after(&trials, Reading::Selected, Some(200.0), 1.0, "EUR", 7).unwrap();
    assert_eq!(advice.kind, TuningKind::DoesNotPay);
    assert!(
        advice.sentence.contains("; keep the baseline ("),
        "{}",
        advice.sentence
    );
    // Beside a verdict that does not ship, the answer is unchanged.
    assert_eq!(advice.clone().beside_verdict(false), advice);
    // Beside one that ships, it says only to run no more trials; the numbers stay.
    let shipping = advice.clone().beside_verdict(true);
    assert_eq!(shipping.kind, TuningKind::DoesNotPay);
    assert!(
        shipping
            .sentence
            .starts_with("Tuning: it does not pay here; run no more trials, but ship the candidate the verdict names")
            && !shipping.sentence.contains("keep the baseline"),
        "{}",
        shipping.sentence
    );
    let numbers = |s: &str| s[s.rfind(" (").unwrap()..].to_string();
    assert_eq!(numbers(&shipping.sentence), numbers(&advice.sentence));
    // Other answers are never reworded.
    let stop = TuningAdvice {
        kind: TuningKind::Stop,
        ..advice.clone()
    };
    assert_eq!(stop.clone().beside_verdict(true), stop);
    // The stop line gives the finding without an instruction on the model.
    let reason = advice.stop_reason();
    assert!(
        reason.starts_with("it does not pay here (after"),
        "{reason}"
    );
    assert!(!reason.contains("keep the baseline") && !reason.ends_with('.'));
}

/// A fit whose gain from n to n + 1 is about `scale * exponent * n^-(exponent + 1)`.
fn fit(asymptote: f64, scale: f64, exponent: f64) -> SaturationFit {
    SaturationFit {
        asymptote,
        scale,
        exponent,
        rmse: 0.0,
    }
}

fn curve(fit: &SaturationFit, n: usize) -> Vec<f64> {
    (1..=n).map(|k| fit.expected(k as f64)).collect()
}

#[test]
fn each_answer_where_the_rule_says() {
    // Still rising steeply at 20 trials against a cost of 2 a trial: run more, up to where a
    // trial adds about its cost (63 trials).
    let rising = fit(1000.0, 2000.0, 0.5);
    let values = curve(&rising, 20);
    let input = TuningInput {
        expected_best: &values,
        fit: Some(&rising),
        cost_per_trial: 2.0,
        baseline: Some(0.0),
        currency: "EUR",
        optimistic_net_gain: None,
        halves: None,
        waiting_costs: true,
    };
    let advice = advise(&input);
    assert_eq!(advice.kind, TuningKind::RunMore, "{advice:?}");
    assert!(advice.more_trials > 0 && advice.expected_gain > advice.cost);
    // At the K it names, the next trial adds less than a trial costs, and the one before
    // it more.
    let k = (20 + advice.more_trials) as f64;
    assert!(rising.gain(k, k + 1.0) < 2.0 && rising.gain(k - 1.0, k) >= 2.0);
    assert!(k < (FORECAST_REACH * 20) as f64 && advice.pays_until.is_none());
    assert!(
        advice.sentence.starts_with("Tuning: run about")
            && advice
                .sentence
                .contains(&format!("past {k} trials one more trial adds less")),
        "{}",
        advice.sentence
    );
    // At 1 a trial the curve pays up to about 100 trials, past the 80 (4 x 20) that forecasts
    // are checked at: run 60 more, then ask again, and say where the curve would go.
    let cheaper = advise(&TuningInput {
        cost_per_trial: 1.0,
        ..input
    });
    assert_eq!(cheaper.kind, TuningKind::RunMore, "{cheaper:?}");
    assert_eq!(cheaper.more_trials, FORECAST_REACH * 20 - 20);
    assert_eq!(cheaper.cost, 60.0);
    assert!(
        (cheaper.expected_gain - rising.gain(20.0, 80.0)).abs() < 1e-9,
        "{cheaper:?}"
    );
    let until = cheaper.pays_until.unwrap_or(0);
    let m = until as f64;
    assert!(rising.gain(m - 1.0, m) >= 1.0 && rising.gain(m, m + 1.0) < 1.0);
    assert!(
        cheaper.sentence.starts_with("Tuning: run about 60 more trials (expected +")
            && cheaper.sentence.contains(&format!(
                "then ask again; on the fitted curve trials pay for themselves up to about {until} trials, but worthit's forecasts are checked only up to 4 times the trials run."
            )),
        "{}",
        cheaper.sentence
    );
    // With the band of where the curve stops paying, over the refits, beside that size.
    let banded = cheaper.clone().with_pays_until_band(41.4, 2_500.0, "EUR");
    assert_eq!(
        (banded.pays_until_low, banded.pays_until_high),
        (Some(41), Some(2_500))
    );
    assert!(
        banded.sentence.contains(&format!(
            "pay for themselves up to about {until} trials (90% band 41 to 2,000 or more), but"
        )),
        "{}",
        banded.sentence
    );
    // A "run more" within the reach has no such band to give.
    let within = advice.clone().with_pays_until_band(41.0, 90.0, "EUR");
    assert_eq!(within, advice);
    // Free trials pay for any gain: the answer says that is why, not that one more trial
    // "adds less than it costs (0 EUR)"; the curve never stops paying, so the reach cuts it.
    let free = advise(&TuningInput {
        cost_per_trial: 0.0,
        ..input
    });
    assert_eq!(free.kind, TuningKind::RunMore, "{free:?}");
    assert_eq!(free.pays_until, Some(BREAK_EVEN_LIMIT * 20));
    assert!(
        free.sentence.contains(
            "for nothing), then ask again; on the fitted curve the sweep still gains at 2,000 trials, as far as it looks, but worthit's forecasts are checked only up to 4 times the trials run: the trials cost nothing here"
        ) && !free.sentence.contains("adds less than it costs"),
        "{}",
        free.sentence
    );

    // The same rising curve, but the validation halves do not clearly rank the trials
    // alike: its rise may be their noise, so stop, and say why.
    let unclear = HalvesAgreement {
        trials: 20,
        correlation: 0.1,
        low: -0.29,
        high: 0.46,
    };
    let advice = advise(&TuningInput {
        halves: Some(unclear),
        ..input
    });
    assert_eq!(advice.kind, TuningKind::Stop, "{advice:?}");
    assert!(
        advice
            .sentence
            .contains("do not clearly tell these trials apart after 20 trials (their two halves rank them with a correlation of 0.10, 90% interval -0.29 to 0.46)"),
        "{}",
        advice.sentence
    );
    // Unless the trials cost too little to be saved (as many again under 1% of their spread,
    // `waiting_costs` false): then run them, at most as many again, and ask again.
    let cheap = advise(&TuningInput {
        halves: Some(unclear),
        waiting_costs: false,
        ..input
    });
    assert_eq!(cheap.kind, TuningKind::RunMore, "{cheap:?}");
    assert!(cheap.ask_again && cheap.more_trials == 20, "{cheap:?}");
    assert!(
        cheap.expected_gain > 0.0
            && (cheap.expected_gain - rising.gain(20.0, 40.0)).abs() < 1e-9
            && cheap.cost == 40.0,
        "{cheap:?}"
    );
    assert!(
        cheap.sentence.starts_with("Tuning: run about 20 more trials (expected +")
            && cheap.sentence.contains("then ask again; the validation rows do not yet clearly tell these trials apart, but trials this cheap are better run than saved (20 more cost under 1% of the spread")
            && !cheap.sentence.contains("adds less than it costs"),
        "{}",
        cheap.sentence
    );
    let clear = HalvesAgreement {
        low: 0.2,
        correlation: 0.6,
        ..unclear
    };
    let advice = advise(&TuningInput {
        halves: Some(clear),
        ..input
    });
    assert_eq!(advice.kind, TuningKind::RunMore, "{advice:?}");

    // Flat: stop.
    let flat = fit(1000.0, 10.0, 2.0);
    let values = curve(&flat, 20);
    let advice = advise(&TuningInput {
        expected_best: &values,
        fit: Some(&flat),
        ..input
    });
    assert_eq!(advice.kind, TuningKind::Stop, "{advice:?}");

    // The same flat curve under a baseline it never beats after the sweep's cost.
    let advice = advise(&TuningInput {
        expected_best: &values,
        fit: Some(&flat),
        baseline: Some(1000.0),
        ..input
    });
    assert_eq!(advice.kind, TuningKind::DoesNotPay, "{advice:?}");
    assert!(advice.net_gain_now.is_some_and(|g| g < 0.0));

    // Too few trials.
    let advice = advise(&TuningInput {
        expected_best: &values[..4],
        ..input
    });
    assert_eq!(advice.kind, TuningKind::TooFewTrials);
    assert!(
        advice.sentence.contains("4 of at least 10"),
        "{}",
        advice.sentence
    );

    // Too few trials, but even the optimistic end of the sweep is below the baseline.
    let advice = advise(&TuningInput {
        expected_best: &values[..6],
        optimistic_net_gain: Some(-5.0),
        baseline: Some(1000.0),
        ..input
    });
    assert_eq!(advice.kind, TuningKind::DoesNotPay, "{advice:?}");
    assert!(
        advice.sentence.contains("after 6 trials") && advice.sentence.contains("-5.00 EUR"),
        "{}",
        advice.sentence
    );
    // Not before EARLY_MIN_TRIALS, and not when the optimistic end is above the baseline.
    for (trials, optimistic) in [(4, -5.0), (6, 5.0)] {
        let advice = advise(&TuningInput {
            expected_best: &values[..trials],
            optimistic_net_gain: Some(optimistic),
            ..input
        });
        assert_eq!(advice.kind, TuningKind::TooFewTrials);
    }

    // No fitted curve: nothing to project, so stop (or keep the baseline).
    let advice = advise(&TuningInput {
        fit: None,
        baseline: None,
        ..input
    });
    assert_eq!(advice.kind, TuningKind::Stop);
}

#[test]
fn a_cross_fitted_answer_reads_both_halves_alike() {
    // Trials whose two halves disagree: half one favours the early trials, half two the
    // later ones. Cross-fitted, exchanging the halves of every trial cannot change the
    // answer; read as select-then-measure it does.
    let trials: Vec<Trial> = (0..20)
        .map(|i| {
            let i = i as f64;
            Trial {
                validation: 100.0 + 3.0 * i - 0.2 * i * i,
                test: 90.0 + 1.5 * i + ((i * 7.0) % 5.0),
            }
        })
        .collect();
    let exchanged: Vec<Trial> = trials
        .iter()
        .map(|t| Trial {
            validation: t.test,
            test: t.validation,
        })
        .collect();
    let answer = |trials: &[Trial], reading| {
        advise_after(trials, reading, Some(95.0), 0.5, "EUR", 3).unwrap()
    };
    let cross = answer(&trials, Reading::CrossFitted);
    assert_eq!(cross, answer(&exchanged, Reading::CrossFitted));
    assert_ne!(
        answer(&trials, Reading::Selected).sentence,
        answer(&exchanged, Reading::Selected).sentence
    );
    // And --stop auto's replay, on the same reading, stops where that answer first stops.
    let at = answer_stop_with(
        EARLY_MIN_TRIALS,
        &trials,
        Reading::CrossFitted,
        Some(95.0),
        0.5,
        3,
    )
    .map(|found| found.map(|(at, _)| at))
    .unwrap();
    let stopped = at.expect("the sweep flattens: the answer stops it");
    assert!(stops(&answer(&trials[..stopped], Reading::CrossFitted)));
    assert_eq!(
        at,
        answer_stop_with(
            EARLY_MIN_TRIALS,
            &exchanged,
            Reading::CrossFitted,
            Some(95.0),
            0.5,
            3
        )
        .map(|found| found.map(|(at, _)| at))
        .unwrap()
    );
}

#[test]
fn paying_up_to_is_the_last_size_whose_next_trial_pays() {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(5);
    for case in 0..500 {
        let fit = SaturationFit {
            asymptote: 100.0,
            scale: match case % 5 {
                0 => -rng.gen_range(0.0..500.0),
                _ => rng.gen_range(0.0..5_000.0),
            },
            exponent: rng.gen_range(0.05..4.0),
            rmse: 0.0,
        };
        let n = rng.gen_range(1..40);
        let cost = rng.gen_range(0.0..3.0_f64).powi(4);
        let every = (n + 1..=BREAK_EVEN_LIMIT * n)
            .take_while(|&m| fit.gain((m - 1) as f64, m as f64) >= cost)
            .last()
            .unwrap_or(n);
        assert_eq!(
            paying_up_to(&fit, n, cost),
            every,
            "{fit:?} n {n} cost {cost}"
        );
    }
}

/// Whether `advice` is the *stop* because the validation rows cannot tell its `n` trials apart,
/// in the one wording every such stop has.
pub(super) fn stops_as_indistinct(advice: &TuningAdvice, n: usize) -> bool {
    advice.kind == TuningKind::Stop
        && advice.indistinct
        && advice.sentence.starts_with(&format!(
            "Tuning: stop; the validation rows do not clearly tell these trials apart after {n} trials (their two halves rank them with a correlation of "
        ))
        && (advice
            .sentence
            .ends_with("so more trials could be picked by the noise of those rows.")
            || advice.sentence.contains(
                "so more trials could be picked by the noise of those rows, though the fitted curve still rises"
            ))
}
