//! Each value a year's interval against a bootstrap of it by hand: the test rows' payoffs under
//! the model's decisions (or the default ones), their mean times the decisions a year on each of
//! the pricing's resamples, the business numbers given as distributions priced afresh for each.

use super::super::super::bootstrap::{
    bootstrap_seed, expanded_tail, resample_statistic, summarize_at, weighted_sum, BootstrapSummary,
};
use super::super::super::config::{Scenario, ValueConfig, ValueKind};
use super::super::super::schema::ValueResults;
use super::super::decide::{Decided, Decisions};
use super::super::tests::{hand_models, model, parse, with_binary_context};
use super::super::{ModelInput, PricingContext, RESAMPLES};

/// The test rows' classes of [`with_binary_context`], as the payoffs read them.
const ACTUAL: [bool; 4] = [true, false, false, true];

/// The three models priced: the hand-computed pricing's two, and a second candidate.
fn models() -> Vec<ModelInput> {
    let mut models = hand_models().to_vec();
    models.push(model(
        "trial-0002",
        Some(1),
        &[0.6, 0.3, 0.7, 0.1],
        &[0.9, 0.2, 0.6, 0.4],
    ));
    models
}

/// Each test row's payoff when acting on `acting` under `resolved`, and its decisions a year.
fn rows_by_hand(
    context: &PricingContext,
    resolved: &ValueConfig,
    acting: &[bool],
) -> (Vec<f64>, f64) {
    let (_, payoffs) = (context.payoffs)(resolved).unwrap();
    let rows = ACTUAL
        .iter()
        .zip(acting)
        .enumerate()
        .map(|(i, (&actual, &act))| payoffs.payoff(i, actual, act))
        .collect();
    let per_year = context
        .economics(resolved, ValueKind::Outcomes)
        .decisions_per_year;
    (rows, per_year)
}

/// The bootstrap by hand of the value a year of acting on `acting`, observed at `observed`:
/// each resample's rows priced under `resolved(r)`, the section that resample draws, its
/// interval expanded on the rows whose payoff is not 0 at the central numbers (`central`).
fn by_hand(
    context: &PricingContext,
    (central, resolved): (&ValueConfig, impl Fn(usize) -> ValueConfig),
    acting: &[bool],
    observed: f64,
) -> BootstrapSummary {
    let (central_rows, _) = rows_by_hand(context, central, acting);
    let carrying = central_rows.iter().filter(|&&v| v != 0.0).count();
    let priced: Vec<(Vec<f64>, f64)> = (0..RESAMPLES)
        .map(|r| rows_by_hand(context, &resolved(r), acting))
        .collect();
    let draws = resample_statistic(4, RESAMPLES, bootstrap_seed(context.seed), |r, counts| {
        let (rows, per_year) = &priced[r];
        weighted_sum(counts, rows) / 4.0 * per_year
    });
    summarize_at(observed, draws, expanded_tail(carrying))
}

/// Equal up to the rounding of adding the costs back and dividing the horizon out, and around
/// its amount.
fn assert_same(priced: Option<BootstrapSummary>, by_hand: BootstrapSummary, what: &str) {
    let priced = priced.unwrap_or_else(|| panic!("{what}: no interval"));
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * (1.0 + b.abs());
    assert!(
        close(priced.mean, by_hand.mean)
            && close(priced.low, by_hand.low)
            && close(priced.high, by_hand.high)
            && priced.resamples == by_hand.resamples,
        "{what}: {priced:?} against {by_hand:?}"
    );
    assert!(
        priced.low <= priced.mean && priced.mean <= priced.high,
        "{what}: {priced:?}"
    );
    assert!(priced.low < priced.high, "{what}: {priced:?}");
}

/// Each model's test and default decisions.
fn decisions<'a>(decided: &'a Decided) -> (&'a [bool], &'a [bool]) {
    match &decided.decisions {
        Decisions::Binary {
            test, test_default, ..
        } => (test, test_default),
        _ => panic!("a binary model"),
    }
}

/// Checks every value a year of `priced` (priced under `config` in [`with_binary_context`])
/// against its bootstrap by hand, each resample's section from `resolved(r)`.
fn check_every_value_a_year(
    config: &ValueConfig,
    priced: &ValueResults,
    resolved: impl Fn(usize) -> ValueConfig + Copy,
) {
    let models = models();
    let central = config.resolved(Scenario::Mid, &[]);
    with_binary_context(config, |context| {
        let priced_models = context.decide_and_value(&models).unwrap();
        for (i, decided) in priced_models.decided.iter().enumerate() {
            let value = &priced.models[i];
            assert_eq!(value.name, decided.input.name);
            let (test, default) = decisions(decided);
            let name = &value.name;
            assert_same(
                value.test_per_year_interval,
                by_hand(context, (&central, resolved), test, value.test_per_year),
                &format!("{name} a year"),
            );
            let at_default = value.test_per_year_default.unwrap();
            assert_same(
                value.test_per_year_default_interval,
                by_hand(context, (&central, resolved), default, at_default),
                &format!("{name} at the default decision"),
            );
        }
        // The rules act on every row and on none; their values, over the horizon as a year,
        // draw no numbers.
        assert_eq!(priced.references.len(), 2);
        for (rule, act) in priced.references.iter().zip([true, false]) {
            assert_same(
                rule.test_per_year_interval,
                by_hand(
                    context,
                    (&central, |_| central.clone()),
                    &[act; 4],
                    rule.test_per_year,
                ),
                &format!("rule {act}"),
            );
        }
    });
}

/// With fixed numbers every resample prices its rows under the central section: each model's
/// value a year, at its decisions and at the default ones, and each rule's, is the bootstrap
/// of its rows' mean payoff times the decisions a year, costs and horizon (here 2 years, a
/// trial cost and compute) left out.
#[test]
fn every_value_a_year_is_a_bootstrap_of_its_test_rows() {
    let config = parse(
        "[value]\ntp = 10\nfp = -2\nfn = -5\ntn = 0\ndecisions_per_year = 1000\nhorizon_years = 2\ncore_hour = 3\ntrial_cost = 7\n",
    );
    let priced = with_binary_context(&config, |context| context.price(&models()).unwrap());
    // The models do not all decide alike, so their intervals differ.
    let intervals: Vec<_> = priced
        .models
        .iter()
        .map(|m| m.test_per_year_interval)
        .collect();
    assert_ne!(intervals[0], intervals[1]);
    assert_ne!(intervals[1], intervals[2]);
    let central = config.resolved(Scenario::Mid, &[]);
    check_every_value_a_year(&config, &priced, |_| central.clone());
}

/// With distributions each resample prices its rows under its own draw of the numbers, as the
/// net value's interval does; a drawn horizon moves the net value's interval but not the value
/// a year's (the numbers before it in the file draw the same either way).
#[test]
fn a_value_a_year_draws_the_numbers_that_price_its_rows_and_not_the_horizon() {
    let drawn = "[value]\ntp = { dist = \"uniform\", low = 6, high = 14 }\nfp = -2\nfn = -5\ntn = 0\n\
                 decisions_per_year = { dist = \"triangular\", low = 500, mode = 1000, high = 1500 }\n\
                 core_hour = 3\ntrial_cost = 7\n";
    let fixed_horizon = parse(&format!("{drawn}horizon_years = 2\n"));
    let drawn_horizon = parse(&format!(
        "{drawn}horizon_years = {{ dist = \"uniform\", low = 1, high = 3 }}\n"
    ));
    let price = |config: &ValueConfig| {
        with_binary_context(config, |context| context.price(&models()).unwrap())
    };
    let (fixed, moving) = (price(&fixed_horizon), price(&drawn_horizon));
    with_binary_context(&drawn_horizon, |context| {
        let drawn = context.draw(ValueKind::Outcomes).unwrap().unwrap();
        let resolved = |r: usize| {
            let pins: Vec<(&str, f64)> = drawn
                .names
                .iter()
                .map(String::as_str)
                .zip(drawn.values[r].iter().copied())
                .collect();
            drawn_horizon.resolved(Scenario::Mid, &pins)
        };
        let resolved: Vec<ValueConfig> = (0..RESAMPLES).map(resolved).collect();
        check_every_value_a_year(&drawn_horizon, &moving, |r| resolved[r].clone());
    });
    for (a, b) in fixed.models.iter().zip(&moving.models) {
        let (x, y) = (
            a.test_per_year_interval.unwrap(),
            b.test_per_year_interval.unwrap(),
        );
        assert!(
            (x.low - y.low).abs() < 1e-6 && (x.high - y.high).abs() < 1e-6,
            "{x:?} {y:?}"
        );
        assert_ne!(a.net_value_interval, b.net_value_interval);
    }
}
