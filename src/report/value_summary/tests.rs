use super::{against_rule, information_sentence, own_interval};
use crate::value::bootstrap::BootstrapSummary;
use crate::value::schema::Information;

#[test]
fn a_model_s_own_net_value_carries_its_interval_where_the_run_has_one() {
    let own = BootstrapSummary {
        mean: 36_830.0,
        low: -601_754.0,
        high: 668_421.0,
        p_positive: 0.5,
        resamples: 2_000,
    };
    assert_eq!(
        own_interval(Some(&own), "EUR"),
        " (90% interval -601,754 to 668,421 EUR)"
    );
    assert_eq!(own_interval(None, "EUR"), "");
}

#[test]
fn only_an_interval_clear_of_0_beats_or_loses_to_the_rule_of_thumb() {
    let over = |mean: f64, low: f64, high: f64| BootstrapSummary {
        mean,
        low,
        high,
        p_positive: 0.5,
        resamples: 2_000,
    };
    let said = |o: &BootstrapSummary| {
        against_rule(
            "the best candidate, trial-0005,",
            "act on every case",
            o,
            "EUR",
        )
    };
    assert_eq!(
        said(&over(477_223.0, 461_969.0, 492_072.0)),
        "Net of its costs the best candidate, trial-0005, beats the rule to act on every case by 477,223 EUR (90% interval +461,969 to +492,072 EUR)."
    );
    assert!(said(&over(20.0, -5.0, 40.0)).ends_with("it may or may not beat it."));
    assert_eq!(
        said(&over(-81_591.0, -716_197.0, 431_084.0)),
        "Warning: the best candidate, trial-0005, is -81,591 EUR against the rule to act on every case net of its costs, and the 90% interval (-716,197 to +431,084 EUR) includes no difference: it is not shown to add anything over the rule of thumb."
    );
    assert_eq!(
        said(&over(-81_591.0, -116_197.0, -31_084.0)),
        "Warning: the best candidate, trial-0005, does not beat the rule to act on every case: -81,591 EUR against it net of its costs (90% interval -116,197 to -31,084 EUR), so it adds nothing over the rule of thumb."
    );
}

fn information(evpi: f64) -> Information {
    Information {
        evpi,
        draws: 2_000,
        bins: 20,
        parameters: Vec::new(),
    }
}

#[test]
fn information_that_changes_no_draw_is_worth_nothing_not_up_to_zero() {
    let sentence = information_sentence("trial-0011", &information(0.0), &["trial_cost"], "EUR");
    assert!(sentence.contains("would be worth nothing (EVPI 0 EUR over 2,000 draws: the same choice comes out ahead in every draw). That counts the test rows' sampling error alone: no business number is drawn. The range trial_cost is tried at its ends in the scenarios and the sensitivity table; to have it drawn here, write it as a distribution"), "{sentence}");
    assert!(!sentence.contains("up to"), "{sentence}");
    let sentence = information_sentence("trial-0011", &information(125.0), &[], "EUR");
    assert!(
        sentence.contains("would be worth up to 125 EUR (EVPI over 2,000 draws)"),
        "{sentence}"
    );
    let mut drawn = information(21.0);
    for (parameter, evppi) in [("horizon_years", 0.0), ("fn", 4.0)] {
        drawn
            .parameters
            .push(crate::value::schema::ParameterInformation {
                parameter: parameter.to_string(),
                distribution: "uniform(low 1, high 3)".to_string(),
                evppi,
            });
    }
    let sentence = information_sentence("trial-0001", &drawn, &[], "USD");
    assert!(sentence.ends_with("would be worth up to 21 USD (EVPI over 2,000 draws); knowing horizon_years exactly would be worth nothing, fn up to 4.00 USD (EVPPI)."), "{sentence}");
    drawn.parameters.swap(0, 1);
    let sentence = information_sentence("trial-0001", &drawn, &[], "USD");
    assert!(
        sentence.ends_with(
            "knowing fn exactly would be worth up to 4.00 USD, horizon_years nothing (EVPPI)."
        ),
        "{sentence}"
    );
}
