//! The frontier chart of a priced run: each model's net value against what its size costs.

use super::{baseline, best, subtitle, verdict_kind, AnyChart, Plot};
use crate::analysis::VerdictKind;
use crate::base::format::money;
use crate::report::plots::frontier::{FrontierChart, ModelPoint, NamedPoint};
use crate::results::RunResults;
use crate::value::schema::{ModelValue, ValueResults};

/// Every model's gain over the baseline against what its size costs, each candidate with its
/// paired 90% interval (`difference`: its net value minus the baseline's over resamples of the
/// test rows) as a whisker; the baseline stands at 0, without one. The gain, not the net value,
/// is what the whisker bounds: each model's own net value interval is wider than the difference
/// between two models scored on the same rows, and would hide it. The fixed cost of a trial is
/// left off the axis: it is the same for every trial of the sweep, so it would stack them all
/// on one cost and hide what model size costs (it is still in the net value). A model trained
/// elsewhere carries its own fixed cost (`add-model --trial-cost`), which the caption then
/// says. Where compute is not priced (`core_hour` 0) every model would cost 0 and stand on one
/// vertical line, so the axis is then the compute each model took to train.
pub(super) fn frontier(results: &RunResults, value: &ValueResults) -> Option<Plot> {
    let compute_cost = |m: &ModelValue| m.training_cost + m.serving_cost;
    let compute_priced = value.models.iter().any(|m| compute_cost(m) != 0.0);
    let cost = |m: &ModelValue| {
        if compute_priced {
            compute_cost(m)
        } else {
            results
                .models
                .iter()
                .find(|r| r.name == m.name)
                .map_or(f64::NAN, |r| r.fit_cpu_seconds)
        }
    };
    let mut chart = chart(value, &cost, verdict_kind(results))?;
    chart.subtitle = subtitle(results);
    if !compute_priced {
        chart.title = "Gain over the baseline against training compute".to_string();
        chart.cost_label = "Training compute".to_string();
        chart.cost_unit = "core-seconds".to_string();
    }
    Some(Plot {
        stem: "frontier",
        caption: frontier_caption(
            value.models.iter().any(|m| m.external),
            compute_priced,
            &chart,
            &value.currency,
        ),
        chart: AnyChart::Frontier(chart),
    })
}

/// The priced frontier's data, its costs priced by `cost`: each model's test net value minus
/// the baseline's, a candidate's with the 90% interval of that difference; `None` without a
/// baseline or a candidate.
pub(super) fn chart(
    value: &ValueResults,
    cost: &dyn Fn(&ModelValue) -> f64,
    kind: Option<VerdictKind>,
) -> Option<FrontierChart> {
    let base = baseline(value)?;
    let point = |m: &ModelValue| ModelPoint {
        cost: cost(m),
        value: m.net_value - base.net_value,
        interval: m.difference.map(|d| (d.low, d.high)),
    };
    let named = |m: &ModelValue, label: String| point(m).named(label);
    let trials: Vec<ModelPoint> = value
        .models
        .iter()
        .filter(|m| m.is_sweep_trial())
        .map(point)
        .collect();
    let best_name = best(value).map(|m| m.name.as_str());
    let external: Vec<NamedPoint> = value
        .models
        .iter()
        .filter(|m| m.external && Some(m.name.as_str()) != best_name)
        .map(|m| named(m, format!("{} (trained elsewhere)", m.name)))
        .collect();
    if trials.is_empty() && external.is_empty() {
        return None;
    }
    let recommended = best(value).map(|m| {
        named(
            m,
            match kind {
                Some(VerdictKind::ShipCandidate) => format!("recommended: {}", m.name),
                _ => format!("best by validation: {}", m.name),
            },
        )
    });
    let baseline_label = match kind {
        Some(VerdictKind::ShipBaseline) => "baseline (recommended)",
        _ => "baseline",
    };
    Some(FrontierChart {
        title: "Gain over the baseline against model cost".to_string(),
        subtitle: String::new(),
        cost_label: "Training and serving compute cost".to_string(),
        cost_unit: String::new(),
        value_label: super::metric::GAIN_AXIS.to_string(),
        trials,
        // Against itself: no interval.
        baseline: Some(NamedPoint {
            interval: None,
            ..named(base, baseline_label.to_string())
        }),
        recommended,
        external,
    })
}

/// The frontier chart's caption. The fixed cost of a trial is the same for every trial of the
/// sweep; a model trained elsewhere has its own (0 unless `add-model --trial-cost` gave one).
fn frontier_caption(
    external: bool,
    compute_priced: bool,
    chart: &FrontierChart,
    currency: &str,
) -> String {
    if !compute_priced {
        return format!(
            "Each candidate's net value on test rows (all costs paid) minus the baseline's, \
             against the compute it took to train: compute is not priced here (core_hour is 0 \
             or not set), so in money every model would cost the same.{} {}",
            whiskers_caption(chart),
            frontier_line(chart)
        );
    }
    let fixed = if external {
        "the fixed cost of a trial, the same for every trial of the sweep, and the fixed cost \
         given for each model trained elsewhere (0 unless given), are left off this axis"
    } else {
        "the fixed cost of a trial, the same for every candidate, is left off this axis"
    };
    format!(
        "Each candidate's net value on test rows (all costs paid) minus the baseline's, against \
         what its size costs: training and serving compute over the horizon ({fixed}; they are \
         in the net value).{}{} {}",
        whiskers_caption(chart),
        negligible_compute(chart, currency).unwrap_or_default(),
        frontier_line(chart)
    )
}

/// The frontier caption's sentence on its whiskers, priced or in metric units; empty when it
/// draws none (a run folder written before the intervals were kept).
pub(super) fn whiskers_caption(chart: &FrontierChart) -> &'static str {
    if chart.whiskers().is_empty() {
        ""
    } else {
        " Each whisker is that candidate's 90% interval over resamples of the test rows, paired \
         with the baseline: one that reaches below 0 is no clear gain."
    }
}

/// Below this share of the spread of the models' net values, the dearest model's compute is
/// said to cost next to nothing: the axis then reads in millionths of the currency.
const NEGLIGIBLE_COMPUTE_SHARE: f64 = 0.001;

/// Where compute is a rounding error next to the value at stake (Ames housing priced per
/// absolute error: at most 0.000038 USD a model, net values 2,600,000 USD apart), a sentence
/// that says so, lest an axis in millionths be read as a trade-off.
pub(super) fn negligible_compute(chart: &FrontierChart, currency: &str) -> Option<String> {
    let points: Vec<(f64, f64)> = chart
        .points()
        .into_iter()
        .filter(|(cost, value)| cost.is_finite() && value.is_finite())
        .collect();
    let dearest = points.iter().map(|p| p.0).fold(0.0, f64::max);
    let (low, high) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p.1), hi.max(p.1))
        });
    let spread = high - low;
    (spread > 0.0 && dearest < NEGLIGIBLE_COMPUTE_SHARE * spread).then(|| {
        format!(
            " Here no model's compute costs more than {} over the horizon, while the net values lie {} apart: model size costs next to nothing, and net value alone ranks the models.",
            money(dearest, currency),
            money(spread, currency)
        )
    })
}

/// The frontier caption's last sentence: what its line is, or why it has none.
pub(super) fn frontier_line(chart: &FrontierChart) -> &'static str {
    if chart.best_for_cost().len() > 1 {
        "The line joins the models no other model beats on both counts."
    } else {
        "No line is drawn: one model is at once the cheapest and the best, so it beats every \
         other model on both counts."
    }
}

#[cfg(test)]
mod tests {
    use super::{chart, frontier_line, negligible_compute, whiskers_caption};
    use crate::analysis::VerdictKind;
    use crate::report::plots::frontier::{FrontierChart, ModelPoint, NamedPoint};
    use crate::value::schema::{ModelValue, ValueResults};

    /// A priced run's value as `results.json` keeps it: the baseline, three trials (the second
    /// from a run folder written before its interval was kept) and a model trained elsewhere.
    fn priced() -> ValueResults {
        let difference = |mean: f64, low: f64, high: f64| {
            serde_json::json!({"mean": mean, "low": low, "high": high, "p_positive": 0.9,
                "resamples": 2000})
        };
        let model = |name: &str, trial: Option<u64>, net: f64, cost: f64| {
            serde_json::json!({"name": name, "trial": trial, "validation_per_year": 0.0,
                "test_per_year": 0.0, "decision_value": net, "training_cost": cost,
                "trial_cost": 13.0, "serving_cost": 0.0, "net_value": net,
                "validation_net_value": net})
        };
        let mut models = vec![
            model("baseline", None, -17_965.0, 0.00002),
            model("trial-0001", Some(1), -18_693.0, 0.00004),
            model("trial-0002", Some(2), -18_005.0, 0.00003),
            model("trial-0003", Some(3), -17_090.0, 0.00005),
            model("outside", Some(4), -17_500.0, 0.00001),
        ];
        models[1]["difference"] = difference(-728.0, -3_630.0, 1_674.0);
        models[3]["difference"] = difference(875.0, 307.0, 1_425.0);
        models[4]["difference"] = difference(465.0, -100.0, 1_000.0);
        models[4]["external"] = serde_json::json!(true);
        serde_json::from_value(serde_json::json!({
            "kind": "outcomes", "currency": "EUR", "decisions_per_year": 17_500.0,
            "decisions_per_year_assumed": false, "horizon_years": 2.0, "core_hour": 0.065,
            "trial_cost": 13.0, "resamples": 2000, "models": models,
            "best": {"name": "trial-0003", "difference": difference(875.0, 307.0, 1_425.0),
                "sweep_cost": 39.0, "difference_after_sweep": difference(849.0, 280.0, 1_400.0)},
            "scenarios": [], "sensitivity": []
        }))
        .expect("a priced run's value")
    }

    /// Each model stands at its test net value minus the baseline's, with the 90% interval of
    /// that paired difference (`difference`) as its whisker: the quantity the axis shows is the
    /// one the whisker bounds. The baseline, against itself, has none; a trial from a run folder
    /// written before the intervals were kept has none, and the caption speaks of whiskers only
    /// when one is drawn.
    #[test]
    fn every_candidate_carries_its_paired_interval_on_the_gain_axis() {
        let value = priced();
        let cost = |m: &ModelValue| m.training_cost + m.serving_cost;
        let chart = chart(&value, &cost, Some(VerdictKind::ShipCandidate)).expect("a chart");
        let gain = |net: f64| net + 17_965.0;
        assert_eq!(chart.value_label, "Gain over the baseline");
        assert_eq!(
            chart.trials,
            [
                ModelPoint {
                    cost: 0.00004,
                    value: gain(-18_693.0),
                    interval: Some((-3_630.0, 1_674.0)),
                },
                ModelPoint {
                    cost: 0.00003,
                    value: gain(-18_005.0),
                    interval: None,
                },
                ModelPoint {
                    cost: 0.00005,
                    value: gain(-17_090.0),
                    interval: Some((307.0, 1_425.0)),
                },
            ]
        );
        assert_eq!(
            chart.baseline,
            Some(NamedPoint {
                cost: 0.00002,
                value: 0.0,
                interval: None,
                label: "baseline".into(),
            })
        );
        assert_eq!(
            chart.recommended,
            Some(NamedPoint {
                cost: 0.00005,
                value: gain(-17_090.0),
                interval: Some((307.0, 1_425.0)),
                label: "recommended: trial-0003".into(),
            })
        );
        assert_eq!(chart.external.len(), 1);
        assert_eq!(chart.external[0].interval, Some((-100.0, 1_000.0)));
        // Drawn: the two trials' (the recommendation is trial-0003's, drawn once) and the
        // outside model's.
        assert_eq!(chart.whiskers().len(), 3);
        assert!(whiskers_caption(&chart).contains("90% interval over resamples of the test rows"));

        let mut older = value.clone();
        for model in &mut older.models {
            model.difference = None;
        }
        let older = super::chart(&older, &cost, None).expect("a chart");
        assert!(older.whiskers().is_empty());
        assert_eq!(whiskers_caption(&older), "");
    }

    /// The caption speaks of a line only when the chart draws one: a model at once the cheapest
    /// and the best leaves no line (adult income, unpriced: the best trial trained fastest).
    #[test]
    fn the_frontier_caption_names_a_line_only_when_there_is_one() {
        let point = |cost: f64, value: f64, label: &str| NamedPoint {
            cost,
            value,
            interval: None,
            label: label.to_string(),
        };
        let mut chart = FrontierChart {
            trials: [(0.14, 0.012), (1.4, 0.021), (0.5, 0.019)]
                .map(Into::into)
                .to_vec(),
            baseline: Some(point(0.6, 0.0, "baseline")),
            recommended: Some(point(0.13, 0.022, "beats the baseline: trial-0010")),
            ..Default::default()
        };
        assert_eq!(chart.best_for_cost(), vec![(0.13, 0.022)]);
        assert!(frontier_line(&chart).starts_with("No line is drawn"));
        chart.trials.push((0.1, 0.01).into());
        assert_eq!(chart.best_for_cost(), vec![(0.1, 0.01), (0.13, 0.022)]);
        assert!(frontier_line(&chart).starts_with("The line joins"));
    }

    /// Compute that costs millionths next to net values millions apart (Ames housing priced per
    /// absolute error) is said to cost next to nothing; compute of a size that matters is not.
    #[test]
    fn the_frontier_caption_says_when_compute_is_a_rounding_error() {
        let mut chart = FrontierChart {
            trials: [(0.000038, -2_750_000.0), (0.000001, -5_050_000.0)]
                .map(Into::into)
                .to_vec(),
            baseline: Some(NamedPoint {
                cost: 0.000015,
                value: -2_760_000.0,
                interval: None,
                label: "baseline".to_string(),
            }),
            ..Default::default()
        };
        assert_eq!(
            negligible_compute(&chart, "USD").as_deref(),
            Some(
                " Here no model's compute costs more than 0.000038 USD over the horizon, while the net values lie 2,300,000 USD apart: model size costs next to nothing, and net value alone ranks the models."
            )
        );
        // A dearest model at a tenth of the spread: the trade-off is real, nothing is said.
        chart.trials.push((230_000.0, -3_000_000.0).into());
        assert_eq!(negligible_compute(&chart, "USD"), None);
    }
}
