//! The charts of a run without `[value]`, in the units of its metric: the ones that need no
//! money (trials, frontier against compute, winner's curse, learning curve). Every amount in
//! the analysis is already a gain over the baseline ([`crate::analysis::metric_summary`]).

use super::super::plots::{
    frontier::{FrontierChart, ModelPoint, NamedPoint},
    learning::LearningChart,
    winners_curse::WinnersCurseChart,
};
use super::frontier::{frontier_line, whiskers_caption};
use super::{band_caption, best_so_far_band, subtitle, AnyChart, Plot};
use crate::analysis::metric_summary::{MetricModel, MetricUnits};
use crate::analysis::run_summary::RunAnalysis;
use crate::analysis::{FrontierPoint, VerdictKind};
use crate::model::ModelResult;
use crate::results::RunResults;

/// Every chart an unpriced run has data for, in the order a priced run shows them.
pub(super) fn build(results: &RunResults) -> Vec<Plot> {
    let Some(analysis) = &results.analysis else {
        return Vec::new();
    };
    let Some(units) = &analysis.units else {
        return Vec::new();
    };
    [
        super::trials::unpriced(results, analysis, units),
        frontier(results, analysis, units),
        winners_curse(results, analysis, units),
        learning(results, analysis, units),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The axis title of every gain; the chart adds the unit ("RMSE reduction" says what a gain of
/// an error metric is, so "(lower RMSE)" beside it said it twice).
pub(super) const GAIN_AXIS: &str = "Gain over the baseline";

/// A gain in words for captions: "ROC-AUC gain", but "RMSE reduction", which is one already.
pub(super) fn gain_of(units: &MetricUnits) -> String {
    if units.higher_is_better {
        format!("{} gain", units.unit)
    } else {
        units.unit.clone()
    }
}

/// Every model's test gain against the compute it took to train.
fn frontier(results: &RunResults, analysis: &RunAnalysis, units: &MetricUnits) -> Option<Plot> {
    let (baseline, candidates) = analysis.models.split_first()?;
    if candidates.is_empty() {
        return None;
    }
    // Models trained elsewhere are no trials of the sweep: marked by name, not drawn as trials.
    let is_external = |name: &str| {
        results
            .models
            .iter()
            .any(|m| m.name == name && m.params.is_external())
    };
    let best = analysis.sweep.winners_curse.last().and_then(|b| {
        // `best` counts the trials from 1, as the candidates follow the baseline.
        candidates.get(b.best.checked_sub(1)?)
    });
    let shipped = analysis
        .verdict
        .as_ref()
        .map(|v| v.kind == VerdictKind::ShipCandidate);
    // Each candidate's paired test gain with its 90% interval (`test_gain`), as the point's
    // whisker; the baseline stands at 0 without one.
    let point = |m: &FrontierPoint| ModelPoint {
        cost: m.cost,
        value: m.value,
        interval: gain_interval(&results.models, &m.label, &units.metric),
    };
    let named = |m: &FrontierPoint, label: String| point(m).named(label);
    let recommended = best.map(|m| {
        named(
            m,
            match shipped {
                Some(true) => format!("beats the baseline: {}", m.label),
                _ => format!("best by validation: {}", m.label),
            },
        )
    });
    let chart = FrontierChart {
        title: format!(
            "{} against training compute",
            crate::analysis::metric_summary::display_name(&units.metric)
        ),
        subtitle: subtitle(results),
        cost_label: "Training compute".to_string(),
        cost_unit: "core-seconds".to_string(),
        value_label: GAIN_AXIS.to_string(),
        trials: candidates
            .iter()
            .filter(|m| !is_external(&m.label))
            .map(point)
            .collect(),
        baseline: Some(NamedPoint {
            cost: baseline.cost,
            value: baseline.value,
            interval: None,
            label: "baseline".to_string(),
        }),
        recommended,
        external: candidates
            .iter()
            .filter(|m| is_external(&m.label))
            .map(|m| named(m, format!("{} (trained elsewhere)", m.label)))
            .collect(),
    };
    Some(Plot {
        stem: "frontier",
        caption: format!(
            "Each candidate's test {} over the baseline against the compute it took to train.{} {}",
            gain_of(units),
            whiskers_caption(&chart),
            frontier_line(&chart)
        ),
        chart: AnyChart::Frontier(chart),
    })
}

/// The model `name`'s paired test gain over the baseline in `metric`, its 90% interval as
/// (low, high); `None` for the baseline and where the run keeps none.
pub(super) fn gain_interval(
    models: &[ModelResult],
    name: &str,
    metric: &str,
) -> Option<(f64, f64)> {
    models
        .iter()
        .find(|m| m.name == name)?
        .test_gain
        .as_ref()
        .filter(|g| g.metric == metric)
        .map(|g| (g.low, g.high))
}

fn winners_curse(
    results: &RunResults,
    analysis: &RunAnalysis,
    units: &MetricUnits,
) -> Option<Plot> {
    let best = &analysis.sweep.winners_curse;
    if best.is_empty() {
        return None;
    }
    let points = |pick: fn(&crate::analysis::BestSoFar) -> f64| {
        best.iter().map(|b| (b.trials as f64, pick(b))).collect()
    };
    // The sweep's trials as the analysis read them (`metric_summary::analyze`: those with the
    // metric on both row sets), so a best-so-far's trial number finds its paired interval.
    let intervals: Vec<Option<(f64, f64)>> = results
        .models
        .iter()
        .filter(|m| m.is_sweep_trial() && MetricModel::of(m, &units.metric).is_some())
        .map(|m| {
            m.test_gain
                .as_ref()
                .filter(|g| g.metric == units.metric)
                .map(|g| (g.low, g.high))
        })
        .collect();
    let test_band = best_so_far_band(best, &intervals, 0.0);
    Some(Plot {
        stem: "winners_curse",
        caption: format!(
            "{} over the baseline of the best-by-validation candidate so far, on validation \
             rows (what selection saw) and on test rows (what it delivers){}. A gap that grows \
             with the trials is the price of picking the luckiest of many.",
            gain_of(units),
            band_caption(&test_band)
        ),
        chart: AnyChart::WinnersCurse(WinnersCurseChart {
            title: "Validation and test gain of the best so far".to_string(),
            subtitle: subtitle(results),
            validation: points(|b| b.validation),
            test: points(|b| b.test),
            test_band,
            axis_label: GAIN_AXIS.to_string(),
        }),
    })
}

fn learning(results: &RunResults, analysis: &RunAnalysis, units: &MetricUnits) -> Option<Plot> {
    let (learning, points) = (
        analysis.learning.as_ref()?,
        super::learning_points(analysis)?,
    );
    let steps = super::learning_steps(learning);
    Some(Plot {
        stem: "learning",
        caption: format!(
            "The baseline retrained on {} of the training rows: its test {} against the full \
             baseline's (90% interval). A curve still rising at the right says more data would \
             help; a flat one says it would not.{} {}",
            crate::analysis::learning::fractions_in_words(),
            crate::analysis::metric_summary::display_name(&units.metric),
            super::steps_caption(&steps),
            learning.sentence
        ),
        chart: AnyChart::Learning(LearningChart {
            title: "Gain over the baseline trained on all rows, by training rows".to_string(),
            subtitle: subtitle(results),
            points,
            log_rows: true,
            value_label: GAIN_AXIS.to_string(),
            steps,
        }),
    })
}
