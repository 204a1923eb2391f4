//! The validation and test rows' statistics of a model built in one pass are those built one
//! kind of rows at a time, and each kind of rows gets its own rows' values.

use super::super::tests::{hand_models, parse, with_binary_context};
use super::super::{Priced, Rows};

/// One pass ([`PricingContext::bootstrap_drawn`] of both kinds of rows) gives, for each model
/// alone and each candidate against the baseline, the observed values and resamples of a pass
/// for each kind of rows; with ranges, with drawn distributions and for a metric-based value.
/// The validation rows' observed value is the model's validation net value, the test rows' its
/// net value, which differ here: values handed to the other kind of rows would fail.
#[test]
fn one_pass_over_both_kinds_of_rows_gives_each_its_own_statistic() {
    let sections = [
        "[value]\ntp = 10\nfp = -2\nfn = -5\ntn = 0\ndecisions_per_year = 1000\ncore_hour = 3\n",
        "[value]\ntp = { dist = \"uniform\", low = 8, high = 12 }\nfp = -2\nfn = -5\ntn = 0\n\
         decisions_per_year = 1000\ncore_hour = 3\n",
        "[value]\nper_point = 1000\ncore_hour = 3\n",
    ];
    let models = hand_models();
    for section in sections {
        let config = parse(section);
        with_binary_context(&config, |context| {
            let Priced {
                basis,
                mid,
                payoffs,
                decided,
                values,
                ..
            } = context.decide_and_value(&models).unwrap();
            let drawn = context.draw(basis.kind).unwrap();
            let costs = |i: usize| values[i].net_value - values[i].decision_value;
            let pairs = [
                ((&decided[0], None), costs(0)),
                ((&decided[1], None), costs(1)),
                ((&decided[1], Some(&decided[0])), costs(1) - costs(0)),
            ];
            for (k, (pair, offset)) in pairs.into_iter().enumerate() {
                let both = |rows| {
                    context
                        .bootstrap_drawn(
                            basis,
                            &mid,
                            payoffs.as_ref(),
                            pair,
                            offset,
                            (rows, drawn.as_ref()),
                        )
                        .unwrap()
                };
                let alone = |rows| {
                    let [one] = context
                        .bootstrap_drawn(
                            basis,
                            &mid,
                            payoffs.as_ref(),
                            pair,
                            offset,
                            ([rows], drawn.as_ref()),
                        )
                        .unwrap();
                    one
                };
                let [validation, test] = both([Rows::Validation, Rows::Test]);
                let (validation_alone, test_alone) = (alone(Rows::Validation), alone(Rows::Test));
                for ((together, alone), rows) in
                    [(validation, validation_alone), (test, test_alone)]
                        .into_iter()
                        .zip([Rows::Validation, Rows::Test])
                {
                    assert_eq!(together.0.to_bits(), alone.0.to_bits(), "{section} {k}");
                    assert_eq!(together.1.of, rows);
                    // Bit by bit: a resample the metric leaves undefined is NaN in both.
                    let draws = |statistic| -> Vec<u64> {
                        let mut draws = context.resample(vec![statistic]).unwrap();
                        draws.pop().unwrap().iter().map(|d| d.to_bits()).collect()
                    };
                    assert!(draws(together.1) == draws(alone.1), "{section} {k}");
                }
                // Each model alone: its own validation and test net values.
                if let (model, None) = pair {
                    let i = usize::from(!std::ptr::eq(model, &decided[0]));
                    let [validation, test] = both([Rows::Validation, Rows::Test]);
                    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
                    assert!(
                        close(validation.0, values[i].validation_net_value),
                        "{section} {i}: {} against {}",
                        validation.0,
                        values[i].validation_net_value
                    );
                    assert!(close(test.0, values[i].net_value), "{section} {i}");
                    // The candidate is right on every validation row, not on the test rows.
                    assert!(
                        i == 0 || !close(values[i].validation_net_value, values[i].net_value),
                        "{section} {i}: the rows must tell validation from test"
                    );
                }
            }
        });
    }
}

/// Drawn from a distribution of one value, each kind of rows' statistic built in one pass
/// resamples as the number itself does: its own rows' values, not the other kind's.
#[test]
fn drawn_statistics_of_both_kinds_of_rows_are_their_own_rows() {
    let fixed = "[value]\ntp = 10\nfp = -2\nfn = -5\ntn = 0\ndecisions_per_year = 1000\n";
    let drawn = "[value]\ntp = { dist = \"uniform\", low = 10, high = 10 }\nfp = -2\nfn = -5\n\
                 tn = 0\ndecisions_per_year = 1000\n";
    let models = hand_models();
    let resampled = |section: &str| -> Vec<Vec<f64>> {
        with_binary_context(&parse(section), |context| {
            let Priced {
                basis,
                mid,
                payoffs,
                decided,
                ..
            } = context.decide_and_value(&models).unwrap();
            let drawn = context.draw(basis.kind).unwrap();
            let statistics = context
                .bootstrap_drawn(
                    basis,
                    &mid,
                    payoffs.as_ref(),
                    (&decided[1], Some(&decided[0])),
                    0.0,
                    ([Rows::Validation, Rows::Test], drawn.as_ref()),
                )
                .unwrap();
            statistics
                .into_iter()
                .map(|(_, statistic)| {
                    let mut draws = context.resample(vec![statistic]).unwrap();
                    draws.pop().unwrap()
                })
                .collect()
        })
    };
    let (fixed, drawn) = (resampled(fixed), resampled(drawn));
    assert_ne!(fixed[0], fixed[1], "validation and test rows must differ");
    for (fixed, drawn) in fixed.iter().zip(&drawn) {
        for (f, d) in fixed.iter().zip(drawn) {
            assert!((f - d).abs() <= 1e-9 * f.abs().max(1.0), "{f} against {d}");
        }
    }
}

/// Each scenario's and each sensitivity end's amounts carry their interval over the test rows'
/// resamples, drawn with the other statistics of those rows: at the midpoint (no number drawn)
/// they are the net values' and the difference's own intervals, and a range of the trial cost,
/// which every resample pays alike, moves an interval by exactly what it moves its point.
#[test]
fn scenarios_and_sensitivity_carry_the_test_rows_intervals() {
    let config = super::super::tests::parse(
        "[value]\ntp = 10\nfp = [-4, 0]\nfn = -5\ndecisions_per_year = [500, 1500]\nhorizon_years = 2\ntrial_cost = [0, 100]\n",
    );
    let value = super::super::tests::price_binary(&config, &hand_models());
    let ends = |s: &crate::value::bootstrap::BootstrapSummary| (s.low, s.high);
    let mid = &value.scenarios[1];
    let best = value.best.as_ref().unwrap();
    assert_eq!(
        ends(mid.difference_interval.as_ref().unwrap()),
        ends(&best.difference)
    );
    assert_eq!(
        ends(mid.baseline_net_value_interval.as_ref().unwrap()),
        ends(value.models[0].net_value_interval.as_ref().unwrap())
    );
    assert_eq!(
        ends(mid.best_net_value_interval.as_ref().unwrap()),
        ends(value.models[1].net_value_interval.as_ref().unwrap())
    );
    // Not one interval shared by all: the low scenario (fp = -4, 500 decisions a year, no trial
    // cost) spreads less than the midpoint's 1,000 decisions.
    let low = value.scenarios[0].difference_interval.unwrap();
    let centre = mid.difference_interval.unwrap();
    assert!(
        low.high - low.low < centre.high - centre.low,
        "{low:?} {centre:?}"
    );
    let trial_cost = value
        .sensitivity
        .iter()
        .find(|s| s.parameter == "trial_cost")
        .unwrap();
    for (point, interval) in [
        (
            trial_cost.difference_at_low,
            trial_cost.difference_at_low_interval,
        ),
        (
            trial_cost.difference_at_high,
            trial_cost.difference_at_high_interval,
        ),
    ] {
        let interval = interval.unwrap();
        let shift = point - mid.difference;
        assert!(
            (interval.low - centre.low - shift).abs() < 1e-9,
            "{interval:?}"
        );
        assert!(
            (interval.high - centre.high - shift).abs() < 1e-9,
            "{interval:?}"
        );
        assert_eq!(interval.mean, point);
    }
    for row in &value.sensitivity {
        for interval in [
            row.difference_at_low_interval,
            row.difference_at_high_interval,
        ] {
            let interval = interval.unwrap();
            assert!(interval.low <= interval.high, "{row:?}");
        }
    }
}

/// A metric-based value's difference is expanded on the rows the two models' metric scores
/// differently, as the metric's own gain is, and names no rows "valued differently" (it has no
/// per-row values): here ROC-AUC, where the candidate places two of the four test rows
/// differently (a positive ranked below a negative, and that negative, by the baseline).
#[test]
fn a_metric_based_difference_is_expanded_on_the_rows_its_metric_scores_differently() {
    use super::super::super::bootstrap::{expanded_tail, summarize_at};
    let config = parse("[value]\nper_point = 1000\n");
    let models = super::super::tests::ranked_apart();
    with_binary_context(&config, |context| {
        let priced = context.price(&models).unwrap();
        let parts = context.decide_and_value(&models).unwrap();
        let costs = |i: usize| parts.values[i].net_value - parts.values[i].decision_value;
        let (observed, statistic) = context
            .observed_and_statistic(
                Rows::Test,
                parts.basis,
                &parts.mid,
                parts.payoffs.as_ref(),
                (&parts.decided[1], Some(&parts.decided[0])),
                costs(1) - costs(0),
            )
            .unwrap();
        assert_eq!(statistic.tail(), expanded_tail(2));
        let draws = context.resample(vec![statistic]).unwrap().pop().unwrap();
        let expanded = summarize_at(observed, draws, expanded_tail(2));
        assert_eq!(priced.models[1].difference, Some(expanded));
        let best = priced.best.unwrap();
        assert_eq!(best.difference, expanded);
        assert_eq!(best.test_rows_that_differ, None);
    });
}
