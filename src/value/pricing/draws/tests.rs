//! Draws by hand: a distribution that draws one value prices as that number does; business
//! numbers whose draws alone move the difference give its interval and EVPI in closed form; a
//! drawn factor on a per-row payoff prices as the scaled expression.

use super::super::super::schema::ValueResults;
use super::super::tests::{self as pricing, parse, price_binary};
use super::super::ModelInput;

/// A binary model on the validation probabilities every model here shares, so all decide at
/// one threshold: only test probabilities and fit time tell them apart.
fn model(name: &str, trial: Option<u64>, test: &[f64], fit_cpu_seconds: f64) -> ModelInput {
    ModelInput {
        fit_cpu_seconds,
        ..pricing::model(name, trial, &[0.9, 0.7, 0.4, 0.2], test)
    }
}

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance
}

/// What the best candidate earns more than the baseline before costs, with its interval.
fn before_costs(priced: &ValueResults) -> crate::value::bootstrap::BootstrapSummary {
    priced
        .best
        .as_ref()
        .unwrap()
        .difference_before_costs
        .unwrap()
}

#[test]
fn a_distribution_with_one_value_prices_as_the_number() {
    let models = [
        model("baseline", None, &[0.8, 0.35, 0.1, 0.6], 3600.0),
        model("trial-0001", Some(1), &[0.7, 0.4, 0.45, 0.3], 1800.0),
    ];
    let fixed = price_binary(
        &parse("[value]\ntp = 10\nfp = -2\nfn = -5\ntn = 0\ndecisions_per_year = 1000\ncore_hour = 3\n"),
        &models,
    );
    let drawn = price_binary(
        &parse(
            "[value]\ntp = { dist = \"uniform\", low = 10, high = 10 }\nfp = -2\nfn = -5\ntn = 0\n\
             decisions_per_year = { dist = \"triangular\", low = 1000, mode = 1000, high = 1000 }\ncore_hour = 3\n",
        ),
        &models,
    );
    for (a, b) in fixed.models.iter().zip(&drawn.models) {
        assert_eq!(a.net_value, b.net_value);
        let (a, b) = (a.net_value_interval.unwrap(), b.net_value_interval.unwrap());
        assert!(
            close(a.low, b.low, 1e-6) && close(a.high, b.high, 1e-6),
            "{a:?} {b:?}"
        );
    }
    let (a, b) = (
        fixed.best.as_ref().unwrap().difference,
        drawn.best.as_ref().unwrap().difference,
    );
    assert!(close(a.low, b.low, 1e-6) && close(a.high, b.high, 1e-6));
    assert_eq!(a.p_positive, b.p_positive);
    // With no cost drawn, what the candidate earns more before costs is the net difference
    // moved by the fixed difference of their costs: 1,800 core-seconds less at 3 a core-hour.
    for priced in [&fixed, &drawn] {
        let best = priced.best.as_ref().unwrap();
        let before = best.difference_before_costs.unwrap();
        let shift = before.mean - best.difference.mean;
        assert!(close(shift, -1.5, 1e-9), "{shift}");
        assert!(
            close(before.low - best.difference.low, shift, 1e-6),
            "{before:?}"
        );
        assert!(
            close(before.high - best.difference.high, shift, 1e-6),
            "{before:?}"
        );
    }
    let information = drawn.information.unwrap();
    assert_eq!(
        information
            .parameters
            .iter()
            .map(|p| (p.parameter.as_str(), p.evppi))
            .collect::<Vec<_>>(),
        [("tp", 0.0), ("decisions_per_year", 0.0)]
    );
    assert!(fixed.information.unwrap().parameters.is_empty());
    assert!(!fixed.gain_distribution.unwrap().drawn);
}

#[test]
fn a_drawn_cost_alone_gives_its_percentiles_and_no_information_value() {
    // Both models decide alike, so every resample of rows leaves the difference at minus the
    // trial cost: the draws are the triangular's, whose 5th and 95th percentiles are 1.5 and 5
    // ((x - 1)² / 5 = 0.05 and (6 - x)² / 20 = 0.05). The candidate loses in every draw: EVPI 0.
    let test = [0.8, 0.35, 0.1, 0.6];
    let models = [
        model("baseline", None, &test, 0.0),
        model("trial-0001", Some(1), &test, 0.0),
    ];
    let priced = price_binary(
        &parse("[value]\ntp = 10\nfp = -2\ntrial_cost = { dist = \"triangular\", low = 1, mode = 2, high = 6 }\n"),
        &models,
    );
    let difference = priced.best.as_ref().unwrap().difference;
    assert!(close(difference.mean, -3.0, 1e-12), "{difference:?}");
    assert!(close(difference.high, -1.5, 0.1), "{difference:?}");
    assert!(close(difference.low, -5.0, 0.15), "{difference:?}");
    assert_eq!(difference.p_positive, 0.0);
    // Before costs the two earn the same in every resample: the drawn cost moves the net
    // difference, not what the candidate earns more (the net interval shifted by the central
    // cost would say -2 to +1.5).
    let before = before_costs(&priced);
    assert_eq!((before.mean, before.low, before.high), (0.0, 0.0, 0.0));
    let information = priced.information.unwrap();
    assert_eq!(information.evpi, 0.0);
    assert_eq!(information.parameters[0].evppi, 0.0);
}

#[test]
fn evpi_of_a_uniform_gain_matches_its_closed_form() {
    // The baseline trains an hour longer, the candidate pays 1 a trial: the difference is
    // core_hour - 1 with core_hour ~ U(0, 2), so U(-1, 1): shipping now earns E = 0, deciding
    // after learning core_hour earns E[max(U, 0)] = 1/4. EVPI = EVPPI(core_hour) = 0.25.
    let test = [0.8, 0.35, 0.1, 0.6];
    let models = [
        model("baseline", None, &test, 3600.0),
        model("trial-0001", Some(1), &test, 0.0),
    ];
    let priced = price_binary(
        &parse(
            "[value]\ntp = 10\nfp = -2\ntrial_cost = 1\ndecisions_per_year = 0\n\
             core_hour = { dist = \"uniform\", low = 0, high = 2 }\n",
        ),
        &models,
    );
    let information = priced.information.as_ref().unwrap();
    assert!(close(information.evpi, 0.25, 0.02), "{information:?}");
    assert_eq!(information.parameters[0].parameter, "core_hour");
    assert!(
        close(information.parameters[0].evppi, 0.25, 0.03),
        "{information:?}"
    );
    let difference = priced.best.as_ref().unwrap().difference;
    assert!(close(difference.low, -0.9, 0.05) && close(difference.high, 0.9, 0.05));
    assert!(close(difference.p_positive, 0.5, 0.05));
    // The drawn price of a core-hour moves the costs only: before them, no difference at all.
    let before = before_costs(&priced);
    assert!(
        close(before.low, 0.0, 1e-9) && close(before.high, 0.0, 1e-9),
        "{before:?}"
    );
    let histogram = priced.gain_distribution.unwrap();
    assert!(histogram.drawn);
    assert_eq!(histogram.counts.iter().sum::<u64>(), 2_000);
    assert_eq!(histogram.edges.len(), histogram.counts.len() + 1);
}

#[test]
fn metric_values_draw_the_price_of_a_point() {
    // Per point of ROC-AUC: the candidate's AUC 1 against the baseline's 0.75 is 25 points.
    // A point priced U(1000, 1000) prices as 1,000; U(0, 2000) keeps the mean and widens the
    // interval, and the draws never turn the gain into a loss.
    let models = [
        model("baseline", None, &[0.8, 0.65, 0.1, 0.6], 0.0),
        model("trial-0001", Some(0), &[0.7, 0.4, 0.45, 0.6], 0.0),
    ];
    let fixed = price_binary(&parse("[value]\nper_point = 1000\n"), &models);
    let one = price_binary(
        &parse("[value]\nper_point = { dist = \"uniform\", low = 1000, high = 1000 }\n"),
        &models,
    );
    let wide = price_binary(
        &parse("[value]\nper_point = { dist = \"uniform\", low = 0, high = 2000 }\n"),
        &models,
    );
    let difference = |v: &ValueResults| v.best.as_ref().unwrap().difference;
    let (a, b, c) = (difference(&fixed), difference(&one), difference(&wide));
    assert!(
        close(a.low, b.low, 1e-6) && close(a.high, b.high, 1e-6),
        "{a:?} {b:?}"
    );
    assert!(close(c.mean, a.mean, 1e-6));
    assert!(c.high > a.high && c.low >= 0.0, "{a:?} {c:?}");
    assert_eq!(wide.information.unwrap().evpi, 0.0);
}

/// `fn = { expr = "-amount", times = ... }`: the factor prices each row as a payoff does. At 5 it
/// prices as `"-5 * amount"`; drawn at 5 alone, the intervals are those; drawn over 0 to 10,
/// the same central values and decisions with a wider interval, EVPPI named `fn.times`; as a
/// range, the tornado's ends straddle the central difference linearly (decisions as deployed).
#[test]
fn a_factor_on_an_expression_prices_as_the_scaled_expression() {
    let models = [
        model("baseline", None, &[0.8, 0.35, 0.1, 0.6], 3600.0),
        model("trial-0001", Some(1), &[0.7, 0.4, 0.45, 0.3], 1800.0),
    ];
    let priced = |fn_: &str| {
        price_binary(
            &parse(&format!(
                "[value]\ntp = 10\nfp = -2\nfn = {fn_}\ndecisions_per_year = 1000\ncore_hour = 3\n"
            )),
            &models,
        )
    };
    let difference = |v: &ValueResults| v.best.as_ref().unwrap().difference;
    let scaled = priced("\"-5 * amount\"");
    let factor = priced("{ expr = \"-amount\", times = 5 }");
    let one_draw =
        priced("{ expr = \"-amount\", times = { dist = \"uniform\", low = 5, high = 5 } }");
    let wide = priced("{ expr = \"-amount\", times = { dist = \"uniform\", low = 0, high = 10 } }");
    for other in [&factor, &one_draw, &wide] {
        for (a, b) in scaled.models.iter().zip(&other.models) {
            assert_eq!((a.net_value, a.threshold), (b.net_value, b.threshold));
        }
    }
    let (a, b, c) = (
        difference(&scaled),
        difference(&one_draw),
        difference(&wide),
    );
    assert_eq!(a, difference(&factor));
    assert!(
        close(a.low, b.low, 1e-6) && close(a.high, b.high, 1e-6),
        "{a:?} {b:?}"
    );
    assert!(c.high - c.low > a.high - a.low + 1.0, "{a:?} {c:?}");
    let information = wide.information.unwrap();
    assert_eq!(information.parameters[0].parameter, "fn.times");
    assert!(wide.gain_distribution.unwrap().drawn);

    let ranged = priced("{ expr = \"-amount\", times = [3, 7] }");
    let row = &ranged.sensitivity[0];
    assert_eq!(
        (row.parameter.as_str(), row.low, row.high),
        ("fn.times", 3.0, 7.0)
    );
    assert!(row.swing > 1.0, "{row:?}");
    assert!(
        close(
            row.difference_at_low + row.difference_at_high,
            2.0 * difference(&ranged).mean,
            1e-6
        ),
        "{row:?} {:?}",
        difference(&ranged)
    );
}
