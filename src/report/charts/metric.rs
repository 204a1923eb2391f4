//! The charts of a run without `[value]`, in the units of its metric: the ones that need no
//! money (trials, frontier against compute, winner's curse, learning curve). Every amount in
//! the analysis is already a gain over the baseline ([`crate::analysis::metric_summary`]).

use super::super::plots::{
    frontier::{FrontierChart, NamedPoint},
    learning::LearningChart,
    trials::{StopMarker, TrialsChart},
    winners_curse::WinnersCurseChart,
    BandPoint,
};
use super::{backtest, subtitle, AnyChart, Plot};
use crate::analysis::metric_summary::MetricUnits;
use crate::analysis::run_summary::RunAnalysis;
use crate::analysis::tuning::TuningKind;
use crate::analysis::VerdictKind;
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
        trials(results, analysis, units),
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
const GAIN_AXIS: &str = "Gain over the baseline";

/// A gain in words for captions: "ROC-AUC gain", but "RMSE reduction", which is one already.
fn gain_of(units: &MetricUnits) -> String {
    if units.higher_is_better {
        format!("{} gain", units.unit)
    } else {
        units.unit.clone()
    }
}

fn trials(results: &RunResults, analysis: &RunAnalysis, units: &MetricUnits) -> Option<Plot> {
    let curve = analysis.sweep.curve.as_ref()?;
    let band = |n: usize, mean: f64, low: f64, high: f64| BandPoint {
        x: n as f64,
        value: mean,
        low,
        high,
    };
    let observed = curve
        .points
        .iter()
        .map(|p| band(p.n, p.mean, p.low, p.high))
        .collect();
    let extrapolated = analysis
        .sweep
        .extrapolation
        .iter()
        .flat_map(|e| &e.points)
        .filter(|p| p.n > curve.observed)
        .map(|p| band(p.n, p.mean, p.low, p.high))
        .collect();
    let stop = analysis
        .sweep
        .stop_replay
        .as_ref()
        .and_then(|r| r.noise_rule)
        .map(|n| StopMarker {
            trials: n as f64,
            label: format!("noise rule: {n} trials"),
        });
    let title = match analysis.sweep.tuning.as_ref().map(|t| t.kind) {
        Some(TuningKind::DoesNotPay) => "The sweep did not beat the baseline".to_string(),
        // Stopped because the halves cannot rank the trials: their gains may be noise alone.
        Some(TuningKind::Stop)
            if analysis
                .sweep
                .halves_agreement
                .is_some_and(|halves| !halves.clear()) =>
        {
            "The validation rows cannot tell these trials apart".to_string()
        }
        Some(TuningKind::Stop) => "More trials would gain less than the noise".to_string(),
        Some(TuningKind::RunMore) => "More trials are still expected to gain".to_string(),
        _ => "Expected gain over the baseline, by number of trials".to_string(),
    };
    Some(Plot {
        stem: "trials",
        caption: format!(
            "Expected test {} over the baseline of the best-by-validation candidate if the \
             sweep had stopped after n trials (90% band). Dashed: extrapolated beyond the trials \
             run. The marker is where the metric-noise rule would have stopped the sweep. \
             Diamond: the forecast made at half the trials for the full count (90% band), beside \
             the square of what the full sweep gave.",
            gain_of(units)
        ),
        chart: AnyChart::Trials(TrialsChart {
            title,
            subtitle: subtitle(results),
            observed,
            extrapolated,
            cumulative_cost: Vec::new(),
            stop,
            backtest: backtest(analysis),
            value_label: "Expected gain of the best over the baseline".to_string(),
            axis_label: GAIN_AXIS.to_string(),
        }),
    })
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
    let recommended = best.map(|m| NamedPoint {
        cost: m.cost,
        value: m.value,
        label: match shipped {
            Some(true) => format!("beats the baseline: {}", m.label),
            _ => format!("best by validation: {}", m.label),
        },
    });
    Some(Plot {
        stem: "frontier",
        caption: format!(
            "Each candidate's test {} over the baseline against the compute it took to \
             train. The line joins the models no other model beats on both counts.",
            gain_of(units)
        ),
        chart: AnyChart::Frontier(FrontierChart {
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
                .map(|m| (m.cost, m.value))
                .collect(),
            baseline: Some(NamedPoint {
                cost: baseline.cost,
                value: baseline.value,
                label: "baseline".to_string(),
            }),
            recommended,
            external: candidates
                .iter()
                .filter(|m| is_external(&m.label))
                .map(|m| NamedPoint {
                    cost: m.cost,
                    value: m.value,
                    label: format!("{} (trained elsewhere)", m.label),
                })
                .collect(),
        }),
    })
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
    Some(Plot {
        stem: "winners_curse",
        caption: format!(
            "{} over the baseline of the best-by-validation candidate so far, on validation \
             rows (what selection saw) and on test rows (what it delivers). A gap that grows with \
             the trials is the price of picking the luckiest of many.",
            gain_of(units)
        ),
        chart: AnyChart::WinnersCurse(WinnersCurseChart {
            title: "Validation and test gain of the best so far".to_string(),
            subtitle: subtitle(results),
            validation: points(|b| b.validation),
            test: points(|b| b.test),
            axis_label: GAIN_AXIS.to_string(),
        }),
    })
}

fn learning(results: &RunResults, analysis: &RunAnalysis, units: &MetricUnits) -> Option<Plot> {
    let (learning, points) = (
        analysis.learning.as_ref()?,
        super::learning_points(analysis)?,
    );
    Some(Plot {
        stem: "learning",
        caption: format!(
            "The baseline retrained on 10%, 25% and 50% of the training rows: its test {} against \
             the full baseline's (90% interval). A curve still rising at the right says more data \
             would help; a flat one says it would not. {}",
            crate::analysis::metric_summary::display_name(&units.metric),
            learning.sentence
        ),
        chart: AnyChart::Learning(LearningChart {
            title: "Gain over the baseline trained on all rows, by training rows".to_string(),
            subtitle: subtitle(results),
            points,
            log_rows: true,
            value_label: GAIN_AXIS.to_string(),
        }),
    })
}
