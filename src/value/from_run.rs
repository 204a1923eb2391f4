//! Prices the models of a run folder from what the run stored: each model's validation and test
//! predictions (`predictions/<model>.parquet`), its timings in `results.json`, and the data's
//! truth and columns. Working from stored predictions means a merged or re-rendered run is priced
//! exactly as a fresh one, without training anything again.

use std::path::Path;

use polars_io::prelude::*;

use super::payoff::{PayoffRows, RowPayoffs};
use super::pricing::{ModelInput, PricingContext, SplitTruth};
use super::schema::{PairedComparison, ValueResults};
use super::{Scenario, ValueConfig};
use crate::base::error::{Error, Result};
use crate::data::split::Split;
use crate::data::{Table, TargetValues};
use crate::model::ModelResult;

/// What pricing needs from a run besides its folder.
pub struct RunData<'a> {
    /// The data as the run read it.
    pub table: &'a Table,
    /// The run's split.
    pub split: &'a Split,
    /// Threads the run measured predictions with.
    pub threads: usize,
    /// The run's seed.
    pub seed: u64,
    /// The data rows payoff expressions read, kept from one pricing of the run to the next.
    pub payoff_rows: &'a PayoffRows,
}

impl<'a> RunData<'a> {
    /// A run's data as it prepared them, measured on `threads` with `seed`.
    pub fn of(
        prepared: &'a crate::data::prepared::PreparedData,
        (threads, seed): (usize, u64),
        payoff_rows: &'a PayoffRows,
    ) -> RunData<'a> {
        RunData {
            table: &prepared.table,
            split: &prepared.split,
            threads,
            seed,
            payoff_rows,
        }
    }
}

/// The stored predictions of some models of a run folder, each read (and checked against the
/// split) once for every pass of a pricing that reads them: the models' pricing
/// ([`price_run`]), every model's test metric interval ([`metric_resamples`]) and the detailed
/// models' ([`metric_levels`]).
pub struct StoredPredictions {
    /// In the order they were read.
    models: Vec<ModelInput>,
}

impl StoredPredictions {
    /// Reads the predictions of `models` of the run in `dir`.
    pub fn read<'m>(
        dir: &Path,
        data: &RunData,
        models: impl IntoIterator<Item = &'m ModelResult>,
    ) -> Result<StoredPredictions> {
        let columns = prediction_columns(data.table);
        let models = models
            .into_iter()
            .map(|model| load_model(dir, data, &columns, model, 1.0))
            .collect::<Result<_>>()?;
        Ok(StoredPredictions { models })
    }

    /// `model`'s predictions, as read.
    fn of(&self, model: &ModelResult) -> Result<&ModelInput> {
        self.models
            .iter()
            .find(|input| input.name == model.name)
            .ok_or_else(|| {
                Error::internal(format!("the predictions of `{}` were not read", model.name))
            })
    }

    /// Each of `models`' predictions, as read.
    fn of_each(&self, models: &[&ModelResult]) -> Result<Vec<&ModelInput>> {
        models.iter().map(|model| self.of(model)).collect()
    }
}

/// Prices the `stored` models of the run in `dir` (in the order they were read) with `config`
/// and, in the same pass over the test rows' resamples, the learning curve's `learning` models
/// as candidates of the baseline, without a trial cost (no one tuned them): their values,
/// baseline first, each with its difference to the baseline and to the one before it
/// ([`PricingContext::price_with_learning`]; empty without `learning`).
pub fn price_run(
    dir: &Path,
    config: &ValueConfig,
    data: &RunData,
    stored: &StoredPredictions,
    learning: &[ModelResult],
) -> Result<(ValueResults, Vec<super::pricing::LearningValue>)> {
    with_context(config, data, |context, load| {
        let inputs = &stored.models;
        // The baseline's predictions as read, not read again.
        let baseline = inputs.iter().find(|input| input.trial.is_none());
        let learning_inputs = match (baseline, learning) {
            (Some(baseline), [_, ..]) => std::iter::once(Ok(baseline.clone()))
                .chain(learning.iter().enumerate().map(|(i, model)| {
                    Ok(ModelInput {
                        trial: Some(i as u64),
                        own_trial_cost: Some(0.0),
                        ..load(dir, model, 1.0)?
                    })
                }))
                .collect::<Result<Vec<_>>>()?,
            _ => Vec::new(),
        };
        context.price_with_learning(inputs, &learning_inputs)
    })
}

/// Every model's value without intervals, scenarios or sensitivity: cheap enough to ask after
/// each trial of a running sweep.
pub fn price_points(
    dir: &Path,
    config: &ValueConfig,
    data: &RunData,
    models: &[ModelResult],
) -> Result<Vec<super::schema::ModelValue>> {
    price_stored(dir, config, data, models, |context, inputs| {
        context.price_points(inputs)
    })
}

/// `price` of `models` of the run in `dir`, loaded from their stored predictions.
fn price_stored<T>(
    dir: &Path,
    config: &ValueConfig,
    data: &RunData,
    models: &[ModelResult],
    price: impl FnOnce(&PricingContext, &[ModelInput]) -> Result<T>,
) -> Result<T> {
    with_context(config, data, |context, load| {
        let inputs = models
            .iter()
            .map(|model| load(dir, model, 1.0))
            .collect::<Result<Vec<_>>>()?;
        price(context, &inputs)
    })
}

/// One model of a run folder, as `worthit compare` pairs it with another.
pub struct StoredModel<'a> {
    /// The run folder holding `predictions/<model>.parquet`.
    pub dir: &'a Path,
    /// The model as its run measured it.
    pub model: &'a ModelResult,
    /// Threads its run measured predictions with.
    pub threads: usize,
}

/// Prices two models of runs on the same data and split (`data`) together with `config`, and
/// bootstraps the difference of their net values on the same resampled test rows.
pub fn price_pair(
    config: &ValueConfig,
    data: &RunData,
    baseline: &StoredModel,
    candidate: &StoredModel,
) -> Result<PairedComparison> {
    with_context(config, data, |context, load| {
        // Serving cost is wall time x the context's threads; a model measured with other threads
        // is rescaled so its core time stays what its own run measured.
        let scale = |stored: &StoredModel| stored.threads as f64 / data.threads.max(1) as f64;
        let b = load(baseline.dir, baseline.model, scale(baseline))?;
        let c = load(candidate.dir, candidate.model, scale(candidate))?;
        context.compare_pair(&b, &c)
    })
}

/// Prices `baseline` and `candidate`, two of the `stored` models, as [`price_pair`] pairs two
/// models, on a test set of the split's test rows `rows` (positions among them, repeats
/// allowed) rather than on the split's own; decisions are still fitted on the validation rows.
/// For a check that draws test sets from a run's test rows (`examples/rows_needed.rs`).
pub fn price_pair_on_test_rows(
    config: &ValueConfig,
    data: &RunData,
    stored: &StoredPredictions,
    (baseline, candidate): (&ModelResult, &ModelResult),
    rows: &[usize],
) -> Result<PairedComparison> {
    let n = data.split.test.len();
    if rows.iter().any(|&r| r >= n) {
        return Err(Error::internal(format!(
            "a test set drawn from {n} test rows names a row beyond them"
        )));
    }
    let on_rows = |input: &ModelInput| {
        let width = input.test.len() / n.max(1);
        ModelInput {
            test: rows
                .iter()
                .flat_map(|&r| input.test[r * width..(r + 1) * width].iter().copied())
                .collect(),
            ..input.clone()
        }
    };
    let (b, c) = (
        on_rows(stored.of(baseline)?),
        on_rows(stored.of(candidate)?),
    );
    with_context_on(config, data, Some(rows), |context, _| {
        context.compare_pair(&b, &c)
    })
}

/// Loads a stored model: folder, model, factor on its serving time.
type LoadModel<'a> = dyn Fn(&Path, &ModelResult, f64) -> Result<ModelInput> + 'a;

/// Builds the pricing context of a run (truth, payoffs) and hands it to `work` with a loader of
/// stored predictions checked against the split.
fn with_context<T>(
    config: &ValueConfig,
    data: &RunData,
    work: impl FnOnce(&PricingContext, &LoadModel) -> Result<T>,
) -> Result<T> {
    with_context_on(config, data, None, work)
}

/// [`with_context`] whose test rows are, when `test_rows` names them, those positions among
/// the split's test rows (the truth and payoffs of the test rows only; the loader still reads
/// the split's own).
fn with_context_on<T>(
    config: &ValueConfig,
    data: &RunData,
    test_rows: Option<&[usize]>,
    work: impl FnOnce(&PricingContext, &LoadModel) -> Result<T>,
) -> Result<T> {
    let table = data.table;
    let config = &match &table.target {
        TargetValues::Classes {
            classes, positive, ..
        } => config.for_target(classes, *positive)?,
        TargetValues::Values(_) => config.clone(),
    };
    let (truth, columns) = split_truth(table, data.split);
    let truth = match test_rows {
        Some(picks) => truth_on_test_rows(truth, picks),
        None => truth,
    };
    let file_rows = |rows: &[u32]| -> Vec<usize> {
        rows.iter()
            .map(|&r| table.file_rows[r as usize] as usize)
            .collect()
    };
    let (validation_rows, split_test_rows) = (
        file_rows(&data.split.validation),
        file_rows(&data.split.test),
    );
    // The split's own test rows are read (and kept for the next pricing), then picked from.
    let payoffs = |resolved: &ValueConfig| -> Result<(RowPayoffs, RowPayoffs)> {
        let (validation, test) = data.payoff_rows.payoffs(
            resolved,
            &table.path,
            (&validation_rows, &split_test_rows),
            Scenario::Mid,
        )?;
        Ok(match test_rows {
            Some(picks) => (validation, test.select(picks)),
            None => (validation, test),
        })
    };
    let load = |dir: &Path, model: &ModelResult, serving_scale: f64| {
        load_model(dir, data, &columns, model, serving_scale)
    };
    let context = PricingContext {
        config,
        truth,
        payoffs: &payoffs,
        default_decisions_per_year: table.n_rows() as f64,
        threads: data.threads,
        seed: data.seed,
    };
    work(&context, &load)
}

/// Which rows of the split a comparison reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rows {
    /// Validation rows: what a sweep may decide on.
    Validation,
    /// Test rows: what a run reports.
    Test,
}

/// How much better `candidate` is than `baseline` on `metric`, from their stored predictions:
/// the paired bootstrap of [`super::resampled_metric::paired_gain`] over `rows` of the run's
/// split (positive is better whatever the metric's direction), with the resamples pricing uses.
pub fn metric_gain(
    dir: &Path,
    data: &RunData,
    metric: &str,
    baseline: &ModelResult,
    candidate: &ModelResult,
    rows: Rows,
) -> Result<super::bootstrap::BootstrapSummary> {
    let stored = |model| StoredModel {
        dir,
        model,
        threads: data.threads,
    };
    metric_gain_between(data, metric, &stored(baseline), &stored(candidate), rows)
}

/// [`metric_gain`] of two models that may be stored in two runs on the same data and split.
pub fn metric_gain_between(
    data: &RunData,
    metric: &str,
    baseline: &StoredModel,
    candidate: &StoredModel,
    rows: Rows,
) -> Result<super::bootstrap::BootstrapSummary> {
    metric_resamples_between(data, metric, baseline, candidate, rows)?
        .gains
        .pop()
        .ok_or_else(|| Error::internal("metric gain: no candidate's gain"))
}

/// [`metric_gain_between`] and each model's own `metric` (the baseline's first), from one pass
/// over the resamples (`worthit compare` without `[value]`, which shows each with its interval).
pub fn metric_resamples_between(
    data: &RunData,
    metric: &str,
    baseline: &StoredModel,
    candidate: &StoredModel,
    rows: Rows,
) -> Result<super::resampled_metric::ResampledModels> {
    let (truth, columns) = split_truth(data.table, data.split);
    let (b, c) = (
        load_model(baseline.dir, data, &columns, baseline.model, 1.0)?,
        load_model(candidate.dir, data, &columns, candidate.model, 1.0)?,
    );
    super::resampled_metric::resample_models(
        metric,
        truth_of(&truth, rows),
        &[predictions_of(&c, rows)],
        predictions_of(&b, rows),
        super::pricing::RESAMPLES,
        super::bootstrap::bootstrap_seed(data.seed),
    )
    .ok_or_else(|| Error::internal("metric gain: the split has no rows to compare on"))
}

/// [`metric_gain`] of each of `candidates` and each model's own `metric` (the baseline first),
/// on `rows`, from one pass over the resamples ([`super::resampled_metric::resample_models`]):
/// the same figures as a pass each; in the same pass, the gain of one candidate over another for
/// each of `between` (indices into `candidates`). Every model's predictions are among those
/// `stored`.
pub fn metric_resamples(
    stored: &StoredPredictions,
    data: &RunData,
    metric: &str,
    (baseline, candidates): (&ModelResult, &[&ModelResult]),
    between: &[(usize, usize)],
    rows: Rows,
) -> Result<super::resampled_metric::ResampledModels> {
    let (truth, _) = split_truth(data.table, data.split);
    let b = stored.of(baseline)?;
    let cs = stored.of_each(candidates)?;
    let predictions: Vec<&[f64]> = cs.iter().map(|c| predictions_of(c, rows)).collect();
    super::resampled_metric::resample_models_between(
        metric,
        truth_of(&truth, rows),
        &predictions,
        predictions_of(b, rows),
        between,
        super::pricing::RESAMPLES,
        super::bootstrap::bootstrap_seed(data.seed),
    )
    .ok_or_else(|| Error::internal("metric resamples: the split has no rows to compare on"))
}

/// Each of the metrics `names` of each of `models` on `rows`, with its 90% interval, from one
/// pass over the resamples ([`super::resampled_metric::resample_levels`]): by model, then by
/// metric. Every model's predictions are among those `stored`.
pub fn metric_levels(
    stored: &StoredPredictions,
    data: &RunData,
    names: &[&str],
    models: &[&ModelResult],
    rows: Rows,
) -> Result<Vec<Vec<super::bootstrap::BootstrapSummary>>> {
    let (truth, _) = split_truth(data.table, data.split);
    let loaded = stored.of_each(models)?;
    let predictions: Vec<&[f64]> = loaded.iter().map(|m| predictions_of(m, rows)).collect();
    super::resampled_metric::resample_levels(
        names,
        truth_of(&truth, rows),
        &predictions,
        super::pricing::RESAMPLES,
        super::bootstrap::bootstrap_seed(data.seed),
    )
    .ok_or_else(|| Error::internal("metric levels: the split has no rows to measure on"))
}

/// How many classes the test rows hold too few rows of for metric `name`'s test intervals to
/// resample their part of it ([`super::resampled_metric::bounded_terms`]).
pub fn bounded_test_terms(data: &RunData, name: &str) -> usize {
    bounded_terms_of(data, name, Rows::Test)
}

/// The same for `rows`: the validation rows' count is what makes the noise the tuning answer
/// weighs (read off a validation interval) a bound rather than a standard error.
pub fn bounded_terms_of(data: &RunData, name: &str, rows: Rows) -> usize {
    let (truth, _) = split_truth(data.table, data.split);
    super::resampled_metric::bounded_terms(name, truth_of(&truth, rows))
}

/// The truth of the split's test rows and the test predictions of `models` (each among those
/// `stored`, row-major, one column a class), handed to `check`: for a check that draws rows of
/// its own from a run's test rows (`examples/rows_needed.rs`).
pub fn on_test_rows<T>(
    stored: &StoredPredictions,
    data: &RunData,
    models: &[&ModelResult],
    check: impl FnOnce(super::resampled_metric::Truth<'_>, &[&[f64]]) -> T,
) -> Result<T> {
    let (truth, _) = split_truth(data.table, data.split);
    let inputs = stored.of_each(models)?;
    let predictions: Vec<&[f64]> = inputs
        .iter()
        .map(|m| predictions_of(m, Rows::Test))
        .collect();
    Ok(check(truth_of(&truth, Rows::Test), &predictions))
}

/// The truth of `rows` of the split, as the resampled metrics read it.
fn truth_of(truth: &SplitTruth, rows: Rows) -> super::resampled_metric::Truth<'_> {
    use super::resampled_metric::Truth;
    let test = rows == Rows::Test;
    match truth {
        SplitTruth::Classes {
            validation,
            test: test_rows,
            classes,
            positive,
        } => Truth::Classes {
            y: if test { test_rows } else { validation },
            n_classes: classes.len(),
            positive: *positive,
        },
        SplitTruth::Values {
            validation,
            test: test_rows,
        } => Truth::Values(if test { test_rows } else { validation }),
    }
}

/// A stored model's predictions of `rows` of the split.
fn predictions_of(input: &ModelInput, rows: Rows) -> &[f64] {
    match rows {
        Rows::Test => &input.test,
        Rows::Validation => &input.validation,
    }
}

/// The prediction columns a stored model has for `table`'s target.
fn prediction_columns(table: &Table) -> Vec<String> {
    match &table.target {
        TargetValues::Classes { classes, .. } => classes.iter().map(|c| format!("p_{c}")).collect(),
        TargetValues::Values(_) => vec!["prediction".to_string()],
    }
}

/// The truth of the split's validation and test rows, and the prediction columns a stored
/// model has for it.
fn split_truth(table: &Table, split: &Split) -> (SplitTruth, Vec<String>) {
    let pick =
        |rows: &[u32], y: &[u32]| -> Vec<u32> { rows.iter().map(|&r| y[r as usize]).collect() };
    match &table.target {
        TargetValues::Classes {
            y,
            classes,
            positive,
        } => (
            SplitTruth::Classes {
                validation: pick(&split.validation, y),
                test: pick(&split.test, y),
                classes: classes.clone(),
                positive: *positive,
            },
            prediction_columns(table),
        ),
        TargetValues::Values(values) => (
            SplitTruth::Values {
                validation: split
                    .validation
                    .iter()
                    .map(|&r| values[r as usize])
                    .collect(),
                test: split.test.iter().map(|&r| values[r as usize]).collect(),
            },
            prediction_columns(table),
        ),
    }
}

/// `truth` with its test rows replaced by the positions `picks` among them.
fn truth_on_test_rows(truth: SplitTruth, picks: &[usize]) -> SplitTruth {
    fn pick<T: Copy>(rows: &[T], picks: &[usize]) -> Vec<T> {
        picks.iter().map(|&p| rows[p]).collect()
    }
    match truth {
        SplitTruth::Classes {
            validation,
            test,
            classes,
            positive,
        } => SplitTruth::Classes {
            validation,
            test: pick(&test, picks),
            classes,
            positive,
        },
        SplitTruth::Values { validation, test } => SplitTruth::Values {
            validation,
            test: pick(&test, picks),
        },
    }
}

/// A stored model's predictions, checked against the split; `serving_scale` is a factor on its
/// serving time.
fn load_model(
    dir: &Path,
    data: &RunData,
    columns: &[String],
    model: &ModelResult,
    serving_scale: f64,
) -> Result<ModelInput> {
    let (validation, test) = read_predictions(dir, &model.name, columns)?;
    let width = columns.len();
    if validation.len() != data.split.validation.len() * width
        || test.len() != data.split.test.len() * width
    {
        return Err(Error::input(format!(
            "{}: predictions of `{}` do not match the run's split (the data changed?)",
            dir.display(),
            model.name
        )));
    }
    Ok(ModelInput {
        name: model.name.clone(),
        trial: model.trial,
        external: model.params.is_external(),
        own_trial_cost: match &model.params {
            crate::model::ModelParams::External(params) => Some(params.trial_cost.unwrap_or(0.0)),
            _ => None,
        },
        validation,
        test,
        fit_cpu_seconds: model.fit_cpu_seconds,
        predict_seconds_per_1000_rows: model.predict_seconds_per_1000_rows * serving_scale,
    })
}

/// A model's stored validation and test predictions, row-major over `columns`.
fn read_predictions(dir: &Path, model: &str, columns: &[String]) -> Result<(Vec<f64>, Vec<f64>)> {
    let path = crate::store::predictions::predictions_file(dir, model);
    let file = std::fs::File::open(&path)
        .map_err(|err| crate::base::error::io_error("open", &path, err))?;
    let frame = ParquetReader::new(file).finish().map_err(|err| {
        Error::input(format!(
            "{}: not a predictions file ({err})",
            path.display()
        ))
    })?;
    let broken = |what: String| Error::input(format!("{}: {what}", path.display()));
    let parts = frame
        .column("part")
        .and_then(|c| c.str().cloned())
        .map_err(|err| broken(format!("no `part` column ({err})")))?;
    let values: Vec<Vec<f64>> = columns
        .iter()
        .map(|name| {
            let column = frame
                .column(name)
                .and_then(|c| c.f64().cloned())
                .map_err(|err| broken(format!("no numeric `{name}` column ({err})")))?;
            column
                .iter()
                .map(|v| v.ok_or_else(|| broken(format!("`{name}` has a missing value"))))
                .collect::<Result<Vec<f64>>>()
        })
        .collect::<Result<_>>()?;
    let (mut validation, mut test) = (Vec::new(), Vec::new());
    for (i, part) in parts.iter().enumerate() {
        let target = match part {
            Some("validation") => &mut validation,
            Some("test") => &mut test,
            other => return Err(broken(format!("unknown part {other:?} in row {}", i + 1))),
        };
        target.extend(values.iter().map(|column| column[i]));
    }
    Ok((validation, test))
}
