//! Pricing a run's models from their stored predictions, and what pricing feeds: the
//! diminishing-returns analysis and the learning curve (the baseline on shares of the rows).

use std::path::Path;

use super::reopen::RunManifest;
use crate::base::error::{Error, Result};
use crate::data::prepared::PreparedData;
use crate::model::train::train_and_measure_on;
use crate::model::ModelResult;
use crate::results::RunResults;
use crate::store::predictions::{predictions_file, write_predictions};
use crate::store::staging::PendingRun;
use crate::sweep::SweepPlan;
use crate::value::from_run::StoredPredictions;

/// Prices the models of the run folder `dir` again from its stored predictions, reading the
/// data and redoing the split as the run did (a merged run, a re-rendered report). Without
/// `[value]` it redoes the analysis in metric units instead. Either needs the run's data file,
/// unchanged: without it the answers cannot be redone, and a run whose answers were dropped
/// would read as one that has none.
pub fn reprice(dir: &Path, manifest: &RunManifest, results: &mut RunResults) -> Result<()> {
    let (table, split) = manifest
        .reopen_data(&manifest.data_file, results)?
        .map_err(|why| {
            Error::input(format!(
                "{why}, so the predictions in {} cannot be {}",
                dir.display(),
                if manifest.config.value.is_some() {
                    "priced"
                } else {
                    "analysed again"
                }
            ))
        })?;
    let Some(value) = &manifest.config.value else {
        results.value = None;
        let data = crate::value::from_run::RunData {
            table: &table,
            split: &split,
            threads: results.threads,
            seed: results.seed,
            payoff_rows: &Default::default(),
        };
        return analyze_metric(dir, &data, manifest.metric(), results, &Default::default());
    };
    super::input::check_value(
        value,
        &table,
        &manifest.data_file,
        Some(&dir.join("run.json")),
    )?;
    // Read once for the models' pricing and the learning curve's; the [value] priced is
    // run.json's, which a payoff's error names.
    let payoff_rows = crate::value::payoff::PayoffRows::of_config(Some(&dir.join("run.json")));
    let data = crate::value::from_run::RunData {
        table: &table,
        split: &split,
        threads: results.threads,
        seed: results.seed,
        payoff_rows: &payoff_rows,
    };
    price_and_analyze(dir, value, &data, results)?;
    Ok(())
}

/// Prices the models of the run folder `dir` from their stored predictions, then adds what
/// pricing feeds: the analysis, every model's test metric interval and the learning curve. The
/// seconds pricing took and those the rest took, for the run's timings.
pub fn price_and_analyze(
    dir: &Path,
    value: &crate::value::config::ValueConfig,
    data: &crate::value::from_run::RunData,
    results: &mut RunResults,
) -> Result<(f64, f64)> {
    let clock = std::time::Instant::now();
    // Each model's predictions read once, for its pricing and its test metric intervals.
    let stored = StoredPredictions::read(dir, data, &results.models)?;
    let (priced, learning) =
        crate::value::from_run::price_run(dir, value, data, &stored, &results.learning_models)?;
    results.value = Some(priced);
    let pricing_seconds = clock.elapsed().as_secs_f64();
    let clock = std::time::Instant::now();
    analyze(results)?;
    keep_metric_intervals(&stored, data, results)?;
    keep_detail_intervals(&stored, data, results)?;
    let currency = value.currency.clone().unwrap_or_default();
    add_learning_curve(&learning, &currency, data, results);
    Ok((pricing_seconds, clock.elapsed().as_secs_f64()))
}

/// Adds the diminishing-returns analysis of a priced run.
pub fn analyze(results: &mut RunResults) -> Result<()> {
    let analysis = match &results.value {
        Some(value) => Some(crate::analysis::run_summary::analyze(
            value,
            results.split.test,
            results.seed,
            results.sweep.as_ref().is_some_and(|s| s.stopped_by_auto()),
        )?),
        None => None,
    };
    set_analysis(results, analysis);
    Ok(())
}

/// Keeps the 90% interval of every model's test metric (the one the models' tables print) in a
/// priced run, from `stored`, every model's predictions; a run without `[value]` draws them with
/// its analysis (`analyze_metric`).
fn keep_metric_intervals(
    stored: &StoredPredictions,
    data: &crate::value::from_run::RunData,
    results: &mut RunResults,
) -> Result<()> {
    let metric = &results.ranking_metric().to_string();
    let Some(baseline) = results.models.iter().find(|m| m.trial.is_none()) else {
        return Ok(());
    };
    let candidates: Vec<&ModelResult> = results
        .models
        .iter()
        .filter(|m| m.trial.is_some())
        .collect();
    let test = crate::value::from_run::metric_resamples(
        stored,
        data,
        metric,
        (baseline, &candidates),
        &[],
        crate::value::from_run::Rows::Test,
    )?;
    let intervals = metric_intervals(metric, baseline, &candidates, &test);
    set_metric_intervals(results, intervals);
    Ok(())
}

/// Keeps the 90% interval of every test metric of the models report.md details: the baseline
/// and the candidate the verdict is about (one pass over the test resamples for all of them),
/// from `stored`, which holds their predictions.
fn keep_detail_intervals(
    stored: &StoredPredictions,
    data: &crate::value::from_run::RunData,
    results: &mut RunResults,
) -> Result<()> {
    let detailed: Vec<&ModelResult> = results
        .models
        .iter()
        .find(|m| m.trial.is_none())
        .into_iter()
        .chain(results.verdict_candidate())
        .collect();
    let Some(first) = detailed.first() else {
        return Ok(());
    };
    let names: Vec<&str> = first
        .test
        .entries()
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    let levels = crate::value::from_run::metric_levels(
        stored,
        data,
        &names,
        &detailed,
        crate::value::from_run::Rows::Test,
    )?;
    let kept: Vec<(String, Vec<crate::model::MetricInterval>)> = detailed
        .iter()
        .zip(levels)
        .map(|(model, summaries)| {
            let intervals = names
                .iter()
                .zip(summaries)
                .filter_map(|(name, b)| interval_of(name, &b))
                .collect();
            (model.name.clone(), intervals)
        })
        .collect();
    for model in &mut results.models {
        model.test_intervals = kept
            .iter()
            .find(|(name, _)| *name == model.name)
            .map(|(_, intervals)| intervals.clone())
            .unwrap_or_default();
    }
    Ok(())
}

/// The baseline and each of `candidates` with the 90% interval of its test `metric`, and each
/// candidate with that of its paired gain over the baseline, from `test`, one pass over the test
/// resamples in the same order; a metric the resamples leave undefined has none.
fn metric_intervals(
    metric: &str,
    baseline: &ModelResult,
    candidates: &[&ModelResult],
    test: &crate::value::resampled_metric::ResampledModels,
) -> Vec<KeptIntervals> {
    let gains = std::iter::once(None).chain(test.gains.iter().map(Some));
    std::iter::once(baseline)
        .chain(candidates.iter().copied())
        .zip(&test.metrics)
        .zip(gains)
        .map(|((model, level), gain)| KeptIntervals {
            name: model.name.clone(),
            level: interval_of(metric, level),
            gain: gain.and_then(|g| interval_of(metric, g)),
        })
        .collect()
}

/// A model's test interval in the ranking metric and, for a candidate, that of its paired gain
/// over the baseline, as [`set_metric_intervals`] keeps them.
struct KeptIntervals {
    name: String,
    level: Option<crate::model::MetricInterval>,
    gain: Option<crate::model::MetricInterval>,
}

/// `metric`'s 90% interval from its resampled summary; none where the resamples leave it
/// undefined.
fn interval_of(
    metric: &str,
    b: &crate::value::bootstrap::BootstrapSummary,
) -> Option<crate::model::MetricInterval> {
    (b.low.is_finite() && b.high.is_finite()).then(|| crate::model::MetricInterval {
        metric: metric.to_string(),
        low: b.low,
        high: b.high,
    })
}

/// Sets every model's `test_interval` and `test_gain` to its entry in `intervals`, none where
/// it has none.
fn set_metric_intervals(results: &mut RunResults, intervals: Vec<KeptIntervals>) {
    for model in &mut results.models {
        let kept = intervals.iter().find(|kept| kept.name == model.name);
        model.test_interval = kept.and_then(|kept| kept.level.clone());
        model.test_gain = kept.and_then(|kept| kept.gain.clone());
    }
}

/// The one way `analysis` is set, so the `recommendation` read from it never goes stale.
fn set_analysis(
    results: &mut RunResults,
    analysis: Option<crate::analysis::run_summary::RunAnalysis>,
) {
    results.analysis = analysis;
    results.recommendation = results.recommend();
}

/// Adds the analysis of a run without `[value]`, in the units of `metric`
/// ([`crate::analysis::metric_summary`]): the candidates' metrics as stored, the verdict and the
/// learning curve from paired bootstraps of the stored test predictions. `validation_gains` are
/// candidates' validation gains over the baseline already bootstrapped (by `--stop auto`, the
/// same bootstrap), read instead of drawn again.
pub fn analyze_metric(
    dir: &Path,
    data: &crate::value::from_run::RunData,
    metric: &str,
    results: &mut RunResults,
    validation_gains: &std::collections::HashMap<String, crate::value::bootstrap::BootstrapSummary>,
) -> Result<()> {
    use crate::analysis::learning::LearningPoint;
    use crate::analysis::metric_summary::{
        add_learning, analyze, MetricModel, MetricRun, MetricUnits,
    };
    use crate::value::from_run::{metric_gain, metric_resamples, Rows};
    let Some(baseline) = results.models.iter().find(|m| m.trial.is_none()) else {
        set_analysis(results, None);
        return Ok(());
    };
    // The baseline first, then the candidates whose metric is defined.
    let models: Vec<MetricModel> = std::iter::once(baseline)
        .chain(results.models.iter().filter(|m| m.trial.is_some()))
        .filter_map(|m| MetricModel::of(m, metric))
        .collect();
    if models.first().is_none_or(|m| m.trial.is_some()) {
        set_analysis(results, None);
        return Ok(());
    }
    let units = MetricUnits::of(metric);
    let named = |name: &str| {
        results
            .models
            .iter()
            .find(|m| m.name == name)
            .ok_or_else(|| Error::internal(format!("no model {name} to compare")))
    };
    let run = MetricRun {
        units: &units,
        models: &models,
        test_rows: data.split.test.len(),
        bounded_classes: crate::value::from_run::bounded_test_terms(data, metric),
        validation_bounded_classes: crate::value::from_run::bounded_terms_of(
            data,
            metric,
            crate::value::from_run::Rows::Validation,
        ),
        seed: results.seed,
        auto_stopped: results.sweep.as_ref().is_some_and(|s| s.stopped_by_auto()),
    };
    let best = run
        .best_candidate()
        .map(|best| named(&best.name))
        .transpose()?;
    let learning: Vec<(f64, &ModelResult)> = results
        .learning_models
        .iter()
        .filter_map(|model| Some((learning_fraction(model)?, model)))
        .collect();
    // Every statistic on the test rows in one pass over their resamples (on a large test set,
    // drawing them is most of the analysis): the verdict's gain and both test intervals of the
    // candidate the validation rows pick, the learning curve's gains, every model's interval.
    let others = results
        .models
        .iter()
        .filter(|m| m.trial.is_some() && best.is_none_or(|best| best.name != m.name));
    let compared: Vec<&ModelResult> = best
        .into_iter()
        .chain(learning.iter().map(|&(_, model)| model))
        .chain(others)
        .collect();
    // Each model's predictions read once, for every pass below but a gain `compared` lacks.
    let stored = StoredPredictions::read(
        dir,
        data,
        std::iter::once(baseline).chain(compared.iter().copied()),
    )?;
    // Each learning model also against the share before it, paired on the same resamples.
    let learning_at = usize::from(best.is_some());
    let steps: Vec<(usize, usize)> = (learning_at + 1..learning_at + learning.len())
        .map(|later| (later, later - 1))
        .collect();
    let test = metric_resamples(
        &stored,
        data,
        metric,
        (baseline, &compared),
        &steps,
        Rows::Test,
    )?;
    let mut test_gain = |name: &str| match compared.iter().position(|m| m.name == name) {
        Some(at) => Ok(test.gains[at]),
        None => metric_gain(dir, data, metric, baseline, named(name)?, Rows::Test),
    };
    let mut validation_gain = |name: &str| match validation_gains.get(name) {
        Some(&gain) => Ok(gain),
        None => metric_gain(dir, data, metric, baseline, named(name)?, Rows::Validation),
    };
    let mut analysis = analyze(&run, &mut test_gain, &mut validation_gain)?;
    // Each model's test metric interval: the tables print it beside the metric, and `worthit
    // compare` combines the baseline's and the pick's when two such runs cannot be paired (the
    // learning curve's models are not the run's, so none of theirs is kept).
    let intervals = metric_intervals(metric, baseline, &compared, &test);
    if !learning.is_empty() {
        let train_rows = data.split.train.len();
        let gains = &test.gains[learning_at..];
        let over_previous = std::iter::once(None).chain(test.between.iter().copied().map(Some));
        let mut points = Vec::new();
        for ((&(fraction, _), &gain), over_previous) in
            learning.iter().zip(gains).zip(over_previous)
        {
            points.push(LearningPoint {
                fraction,
                rows: (train_rows as f64 * fraction).round() as usize,
                net_value: gain.mean,
                difference: Some(gain),
                over_previous,
            });
        }
        points.push(LearningPoint {
            fraction: 1.0,
            rows: train_rows,
            net_value: 0.0,
            difference: None,
            over_previous: None,
        });
        add_learning(&mut analysis, points);
    }
    set_metric_intervals(results, intervals);
    set_analysis(results, Some(analysis));
    keep_detail_intervals(&stored, data, results)?;
    Ok(())
}

/// The share of the training rows a learning-curve model was fitted on, from its name.
fn learning_fraction(model: &ModelResult) -> Option<f64> {
    crate::analysis::learning::FRACTIONS
        .iter()
        .copied()
        .find(|&f| crate::analysis::learning::model_name(f) == model.name)
}

/// The learning curve's models: those of the finished run a run with more trials continues
/// (the same baseline, rows and seed train the same models, and their predictions came along
/// with the trials'), else trained ([`train_learning_models`]).
pub(crate) fn learning_models(
    prepared: &PreparedData,
    pending: &PendingRun,
    plan: &SweepPlan,
    seed: u64,
) -> Result<Vec<ModelResult>> {
    if pending.extends() {
        if let Ok((finished, _)) = super::reopen::open_finished(pending.target()) {
            let kept = finished.learning_models;
            let names: Vec<String> = learning_shares(prepared.split.train.len())
                .map(|(fraction, _)| crate::analysis::learning::model_name(fraction))
                .collect();
            let same = kept.len() == names.len()
                && kept.iter().zip(&names).all(|(model, name)| {
                    model.name == *name
                        && model.params == plan.baseline
                        && predictions_file(pending.dir(), name).is_file()
                });
            if same {
                return Ok(kept);
            }
        }
    }
    train_learning_models(prepared, pending, plan, seed)
}

/// The learning curve's shares of `train_rows` training rows, each with its number of rows;
/// a share too small to fit anything meaningful (under 20 rows) is left out.
fn learning_shares(train_rows: usize) -> impl Iterator<Item = (f64, usize)> {
    crate::analysis::learning::FRACTIONS
        .into_iter()
        .map(move |fraction| (fraction, (train_rows as f64 * fraction).round() as usize))
        .filter(|&(_, rows)| rows >= 20)
}

/// The baseline's parameters fitted on nested shares of the training rows (drawn once from the
/// run seed), each measured and its predictions written like any model's.
fn train_learning_models(
    prepared: &PreparedData,
    pending: &PendingRun,
    plan: &SweepPlan,
    seed: u64,
) -> Result<Vec<ModelResult>> {
    use rand::seq::SliceRandom;
    let mut rows = prepared.split.train.clone();
    rows.shuffle(&mut crate::base::random::rng_for(
        seed,
        crate::base::random::Stream::LearningCurve,
        0,
    ));
    let mut models = Vec::new();
    for (fraction, n) in learning_shares(rows.len()) {
        let mut subset = rows[..n].to_vec();
        subset.sort_unstable();
        let name = crate::analysis::learning::model_name(fraction);
        let (result, predictions) =
            train_and_measure_on(prepared, &subset, &name, None, &plan.baseline)?;
        write_predictions(pending, prepared, &name, &predictions)?;
        models.push(result);
    }
    Ok(models)
}

/// Adds the learning curve to a priced run's analysis from `priced`, the learning curve's models
/// priced against the full baseline (baseline first, [`crate::value::from_run::price_run`]).
pub fn add_learning_curve(
    priced: &[crate::value::pricing::LearningValue],
    currency: &str,
    data: &crate::value::from_run::RunData,
    results: &mut RunResults,
) {
    use crate::analysis::learning::{curve, LearningPoint};
    if priced.is_empty() {
        return;
    }
    let train_rows = data.split.train.len();
    let mut points: Vec<LearningPoint> = results
        .learning_models
        .iter()
        .filter_map(|model| {
            let fraction = learning_fraction(model)?;
            let priced = priced.iter().find(|m| m.value.name == model.name)?;
            Some(LearningPoint {
                fraction,
                rows: (train_rows as f64 * fraction).round() as usize,
                net_value: priced.value.net_value,
                difference: priced.value.difference,
                over_previous: priced.over_previous,
            })
        })
        .collect();
    if let Some(full) = priced.first() {
        points.push(LearningPoint {
            fraction: 1.0,
            rows: train_rows,
            net_value: full.value.net_value,
            difference: None,
            over_previous: None,
        });
    }
    if let Some(analysis) = results.analysis.as_mut() {
        let learning = curve(points, analysis.doubling_trials_band(), currency, true);
        analysis.sentences.push(learning.sentence.clone());
        analysis.learning = Some(learning);
    }
}
