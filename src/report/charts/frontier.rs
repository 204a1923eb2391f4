//! The frontier chart of a priced run: each model's net value against what its size costs.

use super::{baseline, best, subtitle, verdict_kind, AnyChart, Plot};
use crate::analysis::VerdictKind;
use crate::base::format::money;
use crate::report::plots::frontier::{FrontierChart, NamedPoint};
use crate::results::RunResults;
use crate::value::schema::{ModelValue, ValueResults};

/// Every model's net value against what its size costs to train and serve. The fixed cost of a
/// trial is left off the axis: it is the same for every trial of the sweep, so it would stack
/// them all on one cost and hide what model size costs (it is still in the net value). A model
/// trained elsewhere carries its own fixed cost (`add-model --trial-cost`), which the caption
/// then says. Where compute is not priced (`core_hour` 0) every model would cost 0 and stand on
/// one vertical line, so the axis is then the compute each model took to train.
pub(super) fn frontier(results: &RunResults, value: &ValueResults) -> Option<Plot> {
    let base = baseline(value)?;
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
    let trials: Vec<(f64, f64)> = value
        .models
        .iter()
        .filter(|m| m.is_sweep_trial())
        .map(|m| (cost(m), m.net_value))
        .collect();
    let best_name = best(value).map(|m| m.name.as_str());
    let external: Vec<NamedPoint> = value
        .models
        .iter()
        .filter(|m| m.external && Some(m.name.as_str()) != best_name)
        .map(|m| NamedPoint {
            cost: cost(m),
            value: m.net_value,
            label: format!("{} (trained elsewhere)", m.name),
        })
        .collect();
    if trials.is_empty() && external.is_empty() {
        return None;
    }
    let kind = verdict_kind(results);
    let recommended = best(value).map(|m| NamedPoint {
        cost: cost(m),
        value: m.net_value,
        label: match kind {
            Some(VerdictKind::ShipCandidate) => format!("recommended: {}", m.name),
            _ => format!("best by validation: {}", m.name),
        },
    });
    let baseline_label = match kind {
        Some(VerdictKind::ShipBaseline) => "baseline (recommended)",
        _ => "baseline",
    };
    let (title, cost_label, cost_unit) = if compute_priced {
        (
            "Net value against model cost",
            "Training and serving compute cost",
            "",
        )
    } else {
        (
            "Net value against training compute",
            "Training compute",
            "core-seconds",
        )
    };
    let chart = FrontierChart {
        title: title.to_string(),
        subtitle: subtitle(results),
        cost_label: cost_label.to_string(),
        cost_unit: cost_unit.to_string(),
        value_label: String::new(),
        trials,
        baseline: Some(NamedPoint {
            cost: cost(base),
            value: base.net_value,
            label: baseline_label.to_string(),
        }),
        recommended,
        external,
    };
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
            "Each candidate's net value on test rows (all costs paid) against the compute it took \
             to train: compute is not priced here (core_hour is 0 or not set), so in money every \
             model would cost the same. {}",
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
        "Each candidate's net value on test rows (all costs paid) against what its size costs: \
         training and serving compute over the horizon ({fixed}; they are in the net value).{} {}",
        negligible_compute(chart, currency).unwrap_or_default(),
        frontier_line(chart)
    )
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
