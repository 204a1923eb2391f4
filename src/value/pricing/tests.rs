//! Tests of pricing: values checked by hand on small confusion matrices, costs, scenarios,
//! sensitivity, metric-based values and the `worthit value` calculator; and what every pricing
//! test shares: a `[value]` section from its text, binary models from positive-class
//! probabilities, and pricing them on four validation and four test rows.

use std::path::Path;

use super::super::calculator::{quote, MetricReading};
use super::super::config::{Scenario, ValueConfig};
use super::super::payoff::{row_payoffs, RowPayoffs};
use super::super::schema::ValueResults;
use super::{ModelInput, PricingContext, Rows, SplitTruth};
use crate::base::error::Result;
use crate::config::Config;

// The fixtures below are shared with the tests of `draws`.

/// The `[value]` section of a `worthit.toml` text.
pub(super) fn parse(text: &str) -> ValueConfig {
    Config::parse(text, Path::new("w.toml"))
        .unwrap()
        .value
        .unwrap()
}

/// Two-column binary predictions from positive-class probabilities.
fn binary(p: &[f64]) -> Vec<f64> {
    p.iter().flat_map(|&p| [1.0 - p, p]).collect()
}

/// A binary model from its validation and test probabilities, fitted in one CPU hour.
pub(super) fn model(
    name: &str,
    trial: Option<u64>,
    validation: &[f64],
    test: &[f64],
) -> ModelInput {
    ModelInput {
        name: name.to_string(),
        trial,
        external: false,
        own_trial_cost: None,
        validation: binary(validation),
        test: binary(test),
        fit_cpu_seconds: 3600.0,
        predict_seconds_per_1000_rows: 1.0,
    }
}

/// The baseline and candidate of [`hand_computed_binary_pricing`], whose values it works out.
pub(super) fn hand_models() -> [ModelInput; 2] {
    [
        model(
            "baseline",
            None,
            &[0.9, 0.7, 0.4, 0.2],
            &[0.8, 0.35, 0.1, 0.6],
        ),
        model(
            "trial-0001",
            Some(0),
            &[0.9, 0.1, 0.8, 0.2],
            &[0.7, 0.4, 0.45, 0.3],
        ),
    ]
}

/// Prices binary models on validation y = [1, 0, 1, 0] and test y = [1, 0, 0, 1], four
/// decisions a year by default, seed 7; an expression may read column `amount`, 1 to 4 on both
/// sets of rows.
pub(super) fn price_binary(config: &ValueConfig, models: &[ModelInput]) -> ValueResults {
    with_binary_context(config, |context| context.price(models).unwrap())
}

/// `f` of the context [`price_binary`] prices in.
pub(super) fn with_binary_context<T>(
    config: &ValueConfig,
    f: impl FnOnce(&PricingContext) -> T,
) -> T {
    let payoffs = |resolved: &ValueConfig| -> Result<(RowPayoffs, RowPayoffs)> {
        let frame = polars_core::df!("amount" => [1.0, 2.0, 3.0, 4.0]).unwrap();
        let rows = [0, 1, 2, 3];
        Ok((
            row_payoffs(resolved, &frame, &rows, Scenario::Mid)?,
            row_payoffs(resolved, &frame, &rows, Scenario::Mid)?,
        ))
    };
    let context = PricingContext {
        config,
        truth: SplitTruth::Classes {
            validation: vec![1, 0, 1, 0],
            test: vec![1, 0, 0, 1],
            classes: vec!["no".into(), "yes".into()],
            positive: Some(1),
        },
        payoffs: &payoffs,
        default_decisions_per_year: 4.0,
        threads: 2,
        seed: 7,
    };
    f(&context)
}

/// A pricing resamples all its intervals in one pass over the test rows' resamples; each is
/// what a bootstrap of its own gives: every model's net value, each candidate's difference to
/// the baseline (two candidates, so one's cannot pass for the other's), and the baseline's
/// tuning of the decision. The learning curve's pricing of differences alone agrees.
#[test]
fn every_interval_of_a_pricing_is_a_bootstrap_of_its_own() {
    use super::super::bootstrap::{expanded_tail, summarize_at};
    let config = parse(
        "[value]\ntp = 10\nfp = -2\nfn = -5\ntn = 0\ndecisions_per_year = 1000\ncore_hour = 3\n",
    );
    let [baseline, first] = hand_models();
    let models = [
        baseline,
        first,
        model(
            "trial-0002",
            Some(1),
            &[0.6, 0.3, 0.7, 0.1],
            &[0.9, 0.2, 0.6, 0.4],
        ),
    ];
    with_binary_context(&config, |context| {
        let priced = context.price(&models).unwrap();
        let super::Priced {
            basis,
            mid,
            payoffs,
            baseline_index,
            decided,
            values,
        } = context.decide_and_value(&models).unwrap();
        assert_eq!(baseline_index, 0);
        let own = |model, against, offset| {
            let (observed, statistic) = context
                .observed_and_statistic(
                    Rows::Test,
                    basis,
                    &mid,
                    payoffs.as_ref(),
                    (model, against),
                    offset,
                )
                .unwrap();
            let tail = statistic.tail();
            let draws = context.resample(vec![statistic]).unwrap().pop().unwrap();
            Some(summarize_at(observed, draws, tail))
        };
        let fixed = |i: usize| values[i].net_value - values[i].decision_value;
        for (i, model) in decided.iter().enumerate() {
            assert_eq!(
                priced.models[i].net_value_interval,
                own(model, None, fixed(i))
            );
            if i > 0 {
                let offset = fixed(i) - fixed(0);
                let difference = own(model, Some(&decided[0]), offset);
                assert_eq!(priced.models[i].difference, difference, "{i}");
                // The difference's interval is expanded on the rows the two value differently.
                let differ = context
                    .test_rows_valued_differently(&mid, payoffs.as_ref(), (model, &decided[0]))
                    .unwrap()
                    .unwrap();
                let (_, statistic) = context
                    .observed_and_statistic(
                        Rows::Test,
                        basis,
                        &mid,
                        payoffs.as_ref(),
                        (model, Some(&decided[0])),
                        offset,
                    )
                    .unwrap();
                assert_eq!(statistic.tail(), expanded_tail(differ as usize), "{i}");
            }
        }
        assert_ne!(priced.models[1].difference, priced.models[2].difference);
        // The learning curve's models, priced in the same pass as candidates of the baseline,
        // get the differences a pricing of their own gives, each to the baseline and to the
        // model before it, and nothing else; the models' pricing beside them is what it is alone.
        let (with_learning, learning) = context.price_with_learning(&models, &models).unwrap();
        let steps: Vec<_> = learning.iter().map(|l| l.over_previous).collect();
        let step = own(&decided[2], Some(&decided[1]), fixed(2) - fixed(1));
        assert_eq!(steps, [None, None, step]);
        assert!(step.is_some_and(|step| step != priced.models[2].difference.unwrap()));
        for ((alone, full), beside) in learning
            .iter()
            .map(|l| &l.value)
            .zip(&priced.models)
            .zip(&with_learning.models)
        {
            assert_eq!(alone.name, full.name);
            assert_eq!(alone.difference, full.difference);
            assert_eq!(alone.net_value, full.net_value);
            assert!(alone.net_value_interval.is_none() && alone.decision_tuning.is_none());
            assert_eq!(
                (beside.difference, beside.net_value_interval),
                (full.difference, full.net_value_interval)
            );
        }
        let (observed, statistic) = context
            .decision_tuning(basis.kind, &mid, payoffs.as_ref(), &decided[0])
            .unwrap()
            .unwrap();
        let tail = statistic.tail();
        let draws = context.resample(vec![statistic]).unwrap().pop().unwrap();
        assert_eq!(
            priced.models[0].decision_tuning,
            Some(summarize_at(observed, draws, tail))
        );
    });
}

/// Prices `models` on `copies` copies of validation and test rows alike (y = [1, 0, 1, 0, 0],
/// each model's probabilities `copies` times over) with `seed`.
fn price_copies(
    config: &ValueConfig,
    models: &[ModelInput],
    copies: usize,
    seed: u64,
) -> ValueResults {
    let y: Vec<u32> = [1, 0, 1, 0, 0].repeat(copies);
    let payoffs = |resolved: &ValueConfig| -> Result<(RowPayoffs, RowPayoffs)> {
        let frame = polars_core::df!("amount" => vec![1.0; y.len()]).unwrap();
        let rows: Vec<usize> = (0..y.len()).collect();
        let rows = row_payoffs(resolved, &frame, &rows, Scenario::Mid)?;
        Ok((rows.clone(), rows))
    };
    let repeated: Vec<ModelInput> = models
        .iter()
        .map(|m| ModelInput {
            validation: m.validation.repeat(copies),
            test: m.test.repeat(copies),
            ..m.clone()
        })
        .collect();
    let context = PricingContext {
        config,
        truth: SplitTruth::Classes {
            validation: y.clone(),
            test: y.clone(),
            classes: vec!["no".into(), "yes".into()],
            positive: Some(1),
        },
        payoffs: &payoffs,
        default_decisions_per_year: 5.0,
        threads: 2,
        seed,
    };
    context.price(&repeated).unwrap()
}

/// Each model's validation net value comes with its own bootstrap interval over the validation
/// rows: around the point value, narrower on more rows, the same for the same seed on any
/// number of threads, and seeded apart from the test rows' (on rows identical to the test
/// rows, the same point value, another interval). A metric-based value resamples its metric.
#[test]
fn the_validation_net_value_has_its_own_interval_over_the_validation_rows() {
    let config = parse("[value]\ntp = 10\nfp = -2\nfn = -5\ntn = 0\ndecisions_per_year = 1000\n");
    let p = [0.9, 0.3, 0.55, 0.6, 0.1];
    let models = [
        model("baseline", None, &p, &p),
        model("trial-0001", Some(0), &[0.8, 0.2, 0.4, 0.7, 0.3], &p),
    ];
    let width = |v: &ValueResults, i: usize| {
        let interval = v.models[i].validation_net_value_interval.unwrap();
        interval.high - interval.low
    };
    let few = price_copies(&config, &models, 8, 3);
    let many = price_copies(&config, &models, 80, 3);
    for (v, i) in [(&few, 0), (&few, 1), (&many, 0), (&many, 1)] {
        let model = &v.models[i];
        let interval = model.validation_net_value_interval.unwrap();
        assert_eq!(interval.resamples, super::RESAMPLES);
        assert!(
            (interval.mean - model.validation_net_value).abs() < 1e-9,
            "{model:?}"
        );
        assert!(
            interval.low < interval.mean && interval.mean < interval.high,
            "{interval:?}"
        );
    }
    // Ten times the rows, about a third of the width (1 / sqrt(10)).
    for i in 0..2 {
        let ratio = width(&many, i) / width(&few, i);
        assert!((0.2..0.45).contains(&ratio), "{i}: {ratio}");
    }
    // The same seed, the same intervals, on one thread as on two; another seed, others.
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| price_copies(&config, &models, 8, 3))
    };
    let intervals = |v: &ValueResults| -> Vec<_> {
        v.models
            .iter()
            .map(|m| m.validation_net_value_interval)
            .collect()
    };
    assert_eq!(intervals(&on(1)), intervals(&few));
    assert_eq!(intervals(&on(2)), intervals(&few));
    assert_ne!(
        intervals(&price_copies(&config, &models, 80, 4)),
        intervals(&many)
    );
    // The baseline's validation rows are its test rows, decided at the same threshold: the
    // same net value, but resampled apart.
    let baseline = &many.models[0];
    assert!((baseline.validation_net_value - baseline.net_value).abs() < 1e-9);
    assert_ne!(
        baseline
            .validation_net_value_interval
            .map(|i| (i.low, i.high)),
        baseline.net_value_interval.map(|i| (i.low, i.high))
    );
    // Per point of ROC-AUC: the metric on the validation rows' resamples.
    let metric = price_copies(&parse("[value]\nper_point = 1000\n"), &models, 8, 3);
    for model in &metric.models {
        let interval = model.validation_net_value_interval.unwrap();
        assert!((interval.mean - model.validation_net_value).abs() < 1e-9);
        assert!(interval.low <= interval.mean && interval.mean <= interval.high);
        assert!(interval.low < interval.high, "{interval:?}");
    }
}

#[test]
fn hand_computed_binary_pricing() {
    // tp = 10, fp = -2, fn = -5, tn = 0; 1,000 decisions a year for 2 years; a core-hour costs 3
    // and a trial 7.
    let config = parse(
        "[value]\ntp = 10\nfp = -2\nfn = -5\ntn = 0\ndecisions_per_year = 1000\nhorizon_years = 2\ncore_hour = 3\ntrial_cost = 7\n",
    );
    // Baseline: validation [0.9, 0.7, 0.4, 0.2] -> best cut between 0.4 and 0.2 (0.3).
    // On test [0.8, 0.35, 0.1, 0.6] with y [1, 0, 0, 1]: tp, fp, tn, tp = 10 - 2 + 0 + 10 = 18,
    // 4.5 a decision. At 0.5: tp, tn, tn, tp = 20, 5 a decision.
    // Candidate: validation [0.9, 0.1, 0.8, 0.2] -> any cut in (0.2, 0.8] is perfect; the highest
    // best cut is midway between 0.8 and 0.2 = 0.5. Test [0.7, 0.4, 0.45, 0.3]: tp, tn, tn, fn =
    // 10 + 0 + 0 - 5 = 5, 1.25 a decision.
    let models = hand_models();
    let value = price_binary(&config, &models);
    let (base, cand) = (&value.models[0], &value.models[1]);
    assert!((base.threshold.unwrap() - 0.3).abs() < 1e-12);
    assert!((cand.threshold.unwrap() - 0.5).abs() < 1e-12);
    assert_eq!(base.test_per_decision, Some(4.5));
    assert_eq!(base.test_per_year, 4500.0);
    assert_eq!(base.test_per_year_default, Some(5000.0));
    // Tuning the decision alone: row by row the tuned cut-off loses 2 on the second test row
    // (a false positive the 0.5 cut-off avoids), -500 a year, with its paired bootstrap over the
    // 4 rows: none of them drawn (0), or up to 3 or 4 of them (-1,500, -2,000) at the ends.
    let tuning = base.decision_tuning.expect("the baseline's");
    assert_eq!(tuning.mean, -500.0);
    assert_eq!(tuning.high, 0.0);
    assert!(tuning.low <= -1000.0, "{tuning:?}");
    assert!(cand.decision_tuning.is_none());
    assert_eq!(cand.test_per_year, 1250.0);
    assert_eq!(base.decision_value, 9000.0);
    // Training: one CPU hour at 3. Serving: 1 s per 1,000 rows x 2 threads x 2,000 decisions
    // = 4 core-seconds, 4 / 3600 x 3. The trial cost only for the candidate.
    let serving = 4.0 / 3600.0 * 3.0;
    assert_eq!(base.training_cost, 3.0);
    assert!((base.serving_cost - serving).abs() < 1e-12);
    assert_eq!((base.trial_cost, cand.trial_cost), (0.0, 7.0));
    assert!((base.net_value - (9000.0 - 3.0 - serving)).abs() < 1e-9);
    assert!((cand.net_value - (2500.0 - 3.0 - 7.0 - serving)).abs() < 1e-9);
    // Validation: baseline earns 18 / 4 = 4.5, the candidate 20 / 4 = 5 a decision.
    assert_eq!(cand.validation_per_year, 5000.0);
    let difference = cand.difference.unwrap();
    assert!((difference.mean - (cand.net_value - base.net_value)).abs() < 1e-9);
    assert!(difference.low <= difference.mean && difference.mean <= difference.high);
    let best = value.best.as_ref().unwrap();
    assert_eq!(best.name, "trial-0001");
    assert_eq!(best.sweep_cost, 10.0);
    // With one candidate there is no other trial to pay for.
    assert_eq!(best.difference_after_sweep.mean, difference.mean);
}

/// A model trained elsewhere is a candidate (priced against the baseline, eligible as the best)
/// charged its own trial cost, and no part of the sweep's cost.
#[test]
fn a_model_trained_elsewhere_is_a_candidate_but_no_trial() {
    let config = parse(
        "[value]\ntp = 10\nfp = -2\nfn = -5\ntn = 0\ndecisions_per_year = 1000\nhorizon_years = 2\ncore_hour = 3\ntrial_cost = 7\n",
    );
    let baseline = model(
        "baseline",
        None,
        &[0.9, 0.7, 0.4, 0.2],
        &[0.8, 0.35, 0.1, 0.6],
    );
    let trial = model(
        "trial-0001",
        Some(0),
        &[0.9, 0.7, 0.4, 0.2],
        &[0.8, 0.35, 0.1, 0.6],
    );
    // Perfect on validation: validation picks it.
    let external = ModelInput {
        external: true,
        own_trial_cost: Some(50.0),
        ..model(
            "ours",
            Some(1),
            &[0.9, 0.1, 0.8, 0.2],
            &[0.9, 0.1, 0.2, 0.8],
        )
    };
    let value = price_binary(&config, &[baseline, trial, external]);
    let ours = &value.models[2];
    assert!(ours.external && !value.models[1].external);
    assert_eq!(ours.trial_cost, 50.0);
    assert_eq!(value.models[1].trial_cost, 7.0);
    assert!(ours.difference.is_some());
    let best = value.best.as_ref().unwrap();
    assert_eq!(best.name, "ours");
    // The sweep is the one trial: 1 core-hour at 3 plus 7. It did not find the best candidate,
    // so whether it paid is read on what it found, its one trial, whose own cost is already in
    // its difference.
    assert_eq!(best.sweep_cost, 10.0);
    assert_eq!(best.sweep_best.as_deref(), Some("trial-0001"));
    let found = value.models[1].difference.unwrap();
    assert!((best.difference_after_sweep.mean - found.mean).abs() < 1e-9);
    assert!(best.difference_after_sweep.mean < best.difference.mean);
}

#[test]
fn binary_cost_matrix_is_priced_as_outcomes() {
    let matrix = parse(
        "[value]\ncost_matrix = { classes = [\"yes\", \"no\"], matrix = [[0, 5], [[1, 3], 0]] }\n",
    );
    let classes = vec!["no".to_string(), "yes".to_string()];
    let outcomes = matrix.for_target(&classes, Some(1)).unwrap();
    let expected = parse("[value]\ntp = 0\nfp = [-3, -1]\nfn = -5\ntn = 0\n");
    assert_eq!(outcomes.tp, expected.tp);
    assert_eq!(outcomes.fp, expected.fp);
    assert_eq!(outcomes.fn_, expected.fn_);
    assert_eq!(outcomes.tn, expected.tn);
    assert!(outcomes.cost_matrix.is_none());
}

#[test]
fn scenarios_and_sensitivity_follow_the_ranges() {
    let config = parse(
        "[value]\ntp = 10\nfp = [-4, 0]\nfn = -5\ndecisions_per_year = [500, 1500]\nhorizon_years = 2\ntrial_cost = [0, 100]\n",
    );
    let models = hand_models();
    let value = price_binary(&config, &models);
    // Decisions fixed under the midpoint (fp = -2): the baseline makes one false positive on
    // test, the candidate none and one miss more. Per decision: baseline (10 + fp + 0 + 10) / 4,
    // candidate 5 / 4. Difference per decision: (5 - 20 - fp) / 4; over the horizon times
    // 2 x decisions a year, minus the trial cost.
    let difference =
        |fp: f64, decisions: f64, trial: f64| (5.0 - 20.0 - fp) / 4.0 * 2.0 * decisions - trial;
    let by_name = |name: &str| {
        value
            .sensitivity
            .iter()
            .find(|s| s.parameter == name)
            .unwrap()
    };
    let decisions = by_name("decisions_per_year");
    assert!((decisions.difference_at_low - difference(-2.0, 500.0, 50.0)).abs() < 1e-9);
    assert!((decisions.difference_at_high - difference(-2.0, 1500.0, 50.0)).abs() < 1e-9);
    let fp = by_name("fp");
    assert!((fp.difference_at_low - difference(-4.0, 1000.0, 50.0)).abs() < 1e-9);
    assert!((fp.difference_at_high - difference(0.0, 1000.0, 50.0)).abs() < 1e-9);
    // Sorted by swing: decisions (6,500) before fp (1,000) before trial_cost (100).
    let order: Vec<&str> = value
        .sensitivity
        .iter()
        .map(|s| s.parameter.as_str())
        .collect();
    assert_eq!(order, ["decisions_per_year", "fp", "trial_cost"]);
    let low = &value.scenarios[0];
    assert_eq!(low.scenario, Scenario::Low);
    assert!((low.difference - difference(-4.0, 500.0, 0.0)).abs() < 1e-9);
    let high = &value.scenarios[2];
    assert!((high.difference - difference(0.0, 1500.0, 100.0)).abs() < 1e-9);
}

#[test]
fn metric_values_per_point_and_curve() {
    let per_point = parse("[value]\nper_point = 5000\n");
    // Two points of AUC above the reference.
    let v = per_point
        .metric_value(0.83, 0.81, false, Scenario::Mid)
        .unwrap();
    assert!((v - 10_000.0).abs() < 1e-6, "{v}");
    // For an error metric, improvement is a decrease: RMSE down by 0.5 with a point of 0.1.
    let rmse = parse("[value]\nmetric = \"rmse\"\nper_point = [100, 300]\npoint = 0.1\n");
    let v = rmse.metric_value(2.0, 2.5, true, Scenario::High).unwrap();
    assert!((v - 1500.0).abs() < 1e-9, "{v}");
    let curve = parse("[value]\nmetric = \"accuracy\"\ncurve = [[0.8, 0], [0.9, [100, 300]]]\n");
    let at = |metric: f64, scenario| curve.metric_value(metric, 0.0, false, scenario).unwrap();
    assert_eq!(at(0.7, Scenario::Mid), 0.0);
    assert!((at(0.85, Scenario::Mid) - 100.0).abs() < 1e-9);
    assert!((at(0.85, Scenario::Low) - 50.0).abs() < 1e-9);
    assert_eq!(at(0.99, Scenario::High), 300.0);
}

/// A baseline that ranks one of the four test pairs wrong (ROC-AUC 0.75) and a candidate that
/// ranks them all right (1), which places two of the rows differently.
pub(super) fn ranked_apart() -> [ModelInput; 2] {
    [
        model(
            "baseline",
            None,
            &[0.9, 0.7, 0.4, 0.2],
            &[0.8, 0.65, 0.1, 0.6],
        ),
        model(
            "trial-0001",
            Some(0),
            &[0.9, 0.1, 0.8, 0.2],
            &[0.7, 0.4, 0.45, 0.6],
        ),
    ]
}

#[test]
fn metric_based_pricing_bootstraps_the_metric() {
    // Per point of ROC-AUC 1,000 a year. The candidate ranks the test rows perfectly (AUC 1),
    // the baseline gets one of four pairs wrong (AUC 0.75): 25 points, 25,000 a year.
    let config = parse("[value]\nper_point = 1000\n");
    let value = price_binary(&config, &ranked_apart());
    let (base, cand) = (&value.models[0], &value.models[1]);
    assert_eq!(base.test_per_year, 0.0);
    assert!(
        (cand.test_per_year - 25_000.0).abs() < 1e-6,
        "{}",
        cand.test_per_year
    );
    let d = cand.difference.unwrap();
    assert!((d.mean - 25_000.0).abs() < 1e-6);
    // Resamples that drop the baseline's wrong pair give 0, others more: never a loss.
    assert!(d.low >= 0.0 && d.high >= d.mean, "{d:?}");
}

#[test]
fn calculator_quotes_each_scenario() {
    let config =
        parse("[value]\ncurrency = \"EUR\"\nper_point = [2000, 4000]\nhorizon_years = 3\n");
    let q = quote(
        &config,
        "w.toml",
        &MetricReading::parse("roc_auc=0.81").unwrap(),
        &MetricReading::parse("roc_auc = 0.79").unwrap(),
    )
    .unwrap();
    let gains: Vec<f64> = q
        .scenarios
        .iter()
        .map(|s| s.difference_per_year.round())
        .collect();
    assert_eq!(gains, [4000.0, 6000.0, 8000.0]);
    assert_eq!(q.scenarios[1].difference_over_horizon.round(), 18_000.0);
    let mismatch = quote(
        &config,
        "w.toml",
        &MetricReading::parse("accuracy=0.81").unwrap(),
        &MetricReading::parse("accuracy=0.79").unwrap(),
    )
    .unwrap_err()
    .to_string();
    assert!(mismatch.contains("prices roc_auc"), "{mismatch}");
    let decisions = parse("[value]\nfp = -1\n");
    let err = quote(
        &decisions,
        "w.toml",
        &MetricReading::parse("roc_auc=0.81").unwrap(),
        &MetricReading::parse("roc_auc=0.79").unwrap(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with("w.toml:") && err.contains("metric-based"),
        "{err}"
    );
    assert!(MetricReading::parse("roc_auc").is_err());
    assert!(MetricReading::parse("roc_auc=abc").is_err());
}

#[test]
fn reference_strategies_by_hand() {
    use super::super::schema::{better_reference, Strategy};
    let config = parse(
        "[value]\ntp = 10\nfp = -2\nfn = -5\ntn = 0\ndecisions_per_year = 1000\nhorizon_years = 2\ncore_hour = 3\ntrial_cost = 7\n",
    );
    let models = hand_models();
    let value = price_binary(&config, &models);
    let [all, none] = value.references.as_slice() else {
        panic!(
            "two reference strategies expected, got {:?}",
            value.references
        );
    };
    // Validation y = [1, 0, 1, 0]: acting on all earns 10 - 2 + 10 - 2 = 16 over 4 rows, 4 a
    // decision; acting on none -5 + 0 - 5 + 0 = -10, -2.5 a decision.
    assert_eq!(all.strategy, Strategy::ActOnAll);
    assert_eq!(all.validation_per_year, 4000.0);
    assert_eq!(none.validation_per_year, -2500.0);
    // Test y = [1, 0, 0, 1]: the same sums; over 2 years 8,000 and -5,000, no compute cost.
    assert_eq!(all.test_per_year, 4000.0);
    assert_eq!(all.value.mean, 8000.0);
    assert_eq!(none.value.mean, -5000.0);
    assert!(all.value.low <= 8000.0 && 8000.0 <= all.value.high);
    let to_baseline = all.difference.unwrap();
    assert!((to_baseline.mean - (8000.0 - value.models[0].net_value)).abs() < 1e-9);
    assert_eq!(
        better_reference(&value.references).map(|r| r.strategy),
        Some(Strategy::ActOnAll)
    );
    // The baseline (9,000 before costs) beats acting on all; the candidate (2,500) does not.
    let (base, cand) = (&value.models[0], &value.models[1]);
    let base_over = base.over_reference.unwrap();
    assert!((base_over.mean - (base.net_value - 8000.0)).abs() < 1e-9);
    assert!(base_over.mean > 0.0);
    let cand_over = cand.over_reference.unwrap();
    assert!((cand_over.mean - (cand.net_value - 8000.0)).abs() < 1e-9);
    assert!(cand_over.mean < 0.0 && cand_over.low <= cand_over.mean);

    // With a costly false positive, acting on no case is the rule to beat: on validation acting
    // on all earns (10 - 20 + 10 - 20) / 4 = -5 a decision against -2.5.
    let costly = parse("[value]\ntp = 10\nfp = -20\nfn = -5\ntn = 0\ndecisions_per_year = 1000\n");
    let value = price_binary(&costly, &models);
    let better = better_reference(&value.references).unwrap();
    assert_eq!(better.strategy, Strategy::ActOnNone);
    assert_eq!(better.validation_per_year, -2500.0);
    // Each model's advantage is over that rule, not the other.
    for model in &value.models {
        let over = model.over_reference.unwrap();
        assert!((over.mean - (model.net_value - better.value.mean)).abs() < 1e-9);
    }
}

#[test]
fn no_reference_strategies_without_binary_outcomes() {
    // A metric-priced run has no case to act on.
    let config = parse("[value]\nper_point = 100\n");
    let models = hand_models();
    let value = price_binary(&config, &models);
    assert!(value.references.is_empty());
    assert!(value.models.iter().all(|m| m.over_reference.is_none()));
}

#[test]
fn capacity_that_binds_and_one_that_does_not() {
    let models = [model(
        "baseline",
        None,
        &[0.9, 0.7, 0.4, 0.2],
        &[0.8, 0.35, 0.1, 0.6],
    )];
    let economics = "[value]\ntp = 10\nfp = -2\nfn = -5\ntn = 0\ndecisions_per_year = 1000\n";
    // Without capacity the baseline acts above 0.3: on test rows 0, 1, 3 (tp, fp, tp), 18 over
    // 4 rows, 4,500 a year.
    let free = price_binary(&parse(economics), &models);
    assert_eq!(free.models[0].test_per_year, 4500.0);
    assert_eq!(free.capacity, None);
    // 250 of 1,000 decisions a year: 1 of the 4 rows. Validation p = [0.9, 0.7, 0.4, 0.2],
    // y = [1, 0, 1, 0]: every threshold up to 0.9 acts on row 0 alone (the highest expected gain
    // 17 p - 2), 10 - 5 = 5 over 4 rows, so the free threshold 0.3 stays. On test rows it flags
    // rows 0, 1, 3 and acts on row 0 (p 0.8): 10 + 0 + 0 - 5 = 5, 1,250 a year.
    let bound = price_binary(&parse(&format!("{economics}capacity = 250\n")), &models);
    assert_eq!(bound.capacity, Some(250.0));
    assert!((bound.models[0].threshold.unwrap() - 0.3).abs() < 1e-12);
    assert_eq!(bound.models[0].validation_per_year, 1250.0);
    assert_eq!(bound.models[0].test_per_year, 1250.0);
    // The same as a share.
    let share = price_binary(
        &parse(&format!("{economics}capacity_share = 0.25\n")),
        &models,
    );
    assert_eq!(share.models[0].test_per_year, 1250.0);
    // Under capacity validation re-tunes the threshold: with 2 rows allowed, 0.3 acts on rows 0
    // and 1 (10 - 2 - 5 = 3) while the first grid threshold above 0.7 acts on row 0 alone (5).
    // On test rows that threshold acts on row 0 alone: 5 over 4 rows.
    let two = price_binary(&parse(&format!("{economics}capacity = 500\n")), &models);
    assert!((two.models[0].threshold.unwrap() - 0.71).abs() < 1e-12);
    assert_eq!(two.models[0].validation_per_year, 1250.0);
    assert_eq!(two.models[0].test_per_year, 1250.0);
    // A capacity above what the model flags changes nothing.
    let loose = price_binary(&parse(&format!("{economics}capacity = 900\n")), &models);
    assert_eq!(loose.models[0].test_per_year, 4500.0);
    // The capacity curve over test rows (flagged rows 0, 3, 1 by gain): at capacity 0 both
    // positives are missed (-10 over 4 rows, -2,500 a year); one row 1,250; two (row 3 caught)
    // 5,000; three (row 1's false alarm) 4,500; four the same.
    let curve = &bound.capacity_curves.as_ref().unwrap()[0].points;
    let at = |x: f64| curve.iter().find(|p| (p[0] - x).abs() < 1e-9).unwrap()[1];
    assert_eq!(
        [at(0.0), at(250.0), at(500.0), at(750.0), at(1000.0)],
        [-2500.0, 1250.0, 5000.0, 4500.0, 4500.0]
    );
    // One more decision acted on a year: a tenth more capacity rounds to no new test row, so one
    // row more (250 decisions a year): row 3, caught (+10) instead of missed (-5). Each extra
    // decision is worth 15.
    let margin = bound.capacity_margin.as_ref().unwrap();
    assert_eq!(margin.name, "baseline");
    assert_eq!(margin.extra_per_year, 250.0);
    assert!((margin.value_per_decision.mean - 15.0).abs() < 1e-9);
    assert!(margin.value_per_decision.low <= margin.value_per_decision.high);
    // At 900 of 1,000 capacity already covers all 4 test rows: no margin to measure; without
    // capacity none either.
    assert!(loose.capacity_margin.is_none() && free.capacity_margin.is_none());
    // The rule of acting on every case acts on 1 random row of 4: acting adds 15 on a positive
    // and -2 on a negative to the -10 of acting on none, 5 or -12 over 4 rows.
    let all = &bound.references[0];
    assert!(
        [1250.0, -3000.0].contains(&all.test_per_year),
        "{}",
        all.test_per_year
    );
}

#[test]
fn multiclass_capacity_that_binds_and_one_that_does_not() {
    // Classes a, b, c; rows actual, columns predicted; the same four rows for validation and
    // test, actual b, c, a, a. Expected costs of a, b, c per row: 10, 0.6, 0.9 (b, saving 9.4
    // over a); 9, 2.5, 0.6 (c, saving 8.4); 1.5, 1.15, 0.95 (c, saving 0.55, but the row is an
    // a: a cost of 1); 0.7, 1.05, 0.98 (a, nothing to review).
    let proba = [
        0.1, 0.8, 0.1, 0.5, 0.1, 0.4, 0.9, 0.05, 0.05, 0.95, 0.03, 0.02,
    ];
    let models = [ModelInput {
        validation: proba.to_vec(),
        test: proba.to_vec(),
        ..model("baseline", None, &[], &[])
    }];
    let economics = "[value]\ndecisions_per_year = 400\ncost_matrix = { classes = [\"a\", \"b\", \"c\"], matrix = [[0, 1, 1], [10, 0, 1], [20, 5, 0]] }\n";
    let price = |extra: &str| -> ValueResults {
        let config = parse(&format!("{economics}{extra}"));
        let payoffs = |_: &ValueConfig| -> Result<(RowPayoffs, RowPayoffs)> {
            Err(crate::base::error::Error::internal(
                "no payoffs for a cost matrix",
            ))
        };
        let context = PricingContext {
            config: &config,
            truth: SplitTruth::Classes {
                validation: vec![1, 2, 0, 0],
                test: vec![1, 2, 0, 0],
                classes: vec!["a".into(), "b".into(), "c".into()],
                positive: None,
            },
            payoffs: &payoffs,
            default_decisions_per_year: 4.0,
            threads: 2,
            seed: 7,
        };
        context.price(&models).unwrap()
    };
    // Without capacity: rows 0 and 1 right, row 2 costs 1: -1 over 4 rows, -100 a year.
    let free = price("");
    assert_eq!(free.models[0].test_per_year, -100.0);
    assert!(free.capacity.is_none() && free.capacity_default.is_none());
    // 200 of 400 a year: two reviews, rows 0 and 1 (the largest savings); row 2 keeps a, right.
    let bound = price("capacity = 200\n");
    assert_eq!(bound.capacity, Some(200.0));
    assert_eq!(bound.capacity_default.as_deref(), Some("a"));
    assert_eq!(bound.models[0].validation_per_year, 0.0);
    assert_eq!(bound.models[0].test_per_year, 0.0);
    // The most likely class (b, a, a, a) under the same capacity: row 1, a c, taken as an a.
    assert_eq!(bound.models[0].test_per_year_default, Some(-2000.0));
    assert_eq!(price("capacity_share = 0.5\n").models[0].test_per_year, 0.0);
    // One review: row 0 alone, row 1's c taken as an a costs 20: -2,000 a year.
    assert_eq!(price("capacity = 100\n").models[0].test_per_year, -2000.0);
    // A capacity above the three rows worth reviewing changes nothing, and then more capacity
    // is worth nothing.
    let three = price("capacity = 300\n");
    assert_eq!(three.models[0].test_per_year, -100.0);
    assert_eq!(three.capacity_margin.unwrap().value_per_decision.mean, 0.0);
    let loose = price("capacity = 380\n");
    assert_eq!(loose.models[0].test_per_year, -100.0);
    // Another default class: with c by default, one review goes to row 0 (saving 0.3 over c,
    // against 0.28 for row 3); rows 2 and 3, both a, taken as c cost 1 each: -200 a year.
    let c = price("capacity = 100\ncapacity_default = \"c\"\n");
    assert_eq!(c.capacity_default.as_deref(), Some("c"));
    assert_eq!(c.models[0].test_per_year, -200.0);
    // The capacity curve: nobody reviewing, b and c taken as a cost 30 (-3,000 a year); then
    // row 0 (-2,000), row 1 (0), row 2 (-100), flat beyond.
    let curve = &bound.capacity_curves.as_ref().unwrap()[0].points;
    let at = |x: f64| curve.iter().find(|p| (p[0] - x).abs() < 1e-9).unwrap()[1];
    assert_eq!(
        [at(0.0), at(100.0), at(200.0), at(300.0), at(400.0)],
        [-3000.0, -2000.0, 0.0, -100.0, -100.0]
    );
    // One more review a year (a tenth of 200 rounds to no row, so one row, 100 a year): row 2,
    // whose c costs 1 where the default a was right.
    let margin = bound.capacity_margin.as_ref().unwrap();
    assert_eq!(margin.extra_per_year, 100.0);
    assert!((margin.value_per_decision.mean + 1.0).abs() < 1e-9);
    // At 380 of 400 capacity covers all 4 test rows: no margin to measure.
    assert!(loose.capacity_margin.is_none() && free.capacity_margin.is_none());
    // No rules of thumb for a multiclass task: there is no single case to act on.
    assert!(bound.references.is_empty());
}
