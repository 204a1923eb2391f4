//! `worthit run`: read the data, split it, bin it once, train the baseline and the sweep's
//! candidates, measure them and write the run folder.

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::config::{Config, TaskKind};
use crate::data::{self, DataSpec, Table, TargetValues};
use crate::engine::binning::{BinMapper, BinnedMatrix};
use crate::engine::tree::TargetRef;
use crate::error::{Error, Result};
use crate::metrics::{classification_metrics, regression_metrics, Metrics};
use crate::model::ModelParams;
use crate::output::{check_target, write_atomic, PendingRun};
use crate::report::markdown;
use crate::report::results::*;
use crate::split::{stratified_split, Split};
use crate::sweep::{self, checkpoint, SweepPlan};

/// Seed used when neither `--seed` nor the config sets one.
pub const DEFAULT_SEED: u64 = 42;

/// What the user asked for on the command line.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// A data file or a dataset folder.
    pub data: Option<PathBuf>,
    /// Target column (overrides the config).
    pub target: Option<String>,
    /// Config file (default: `worthit.toml` in a dataset folder).
    pub config: Option<PathBuf>,
    /// Run folder (default: `reports/<dataset>-<UTC timestamp>`).
    pub out: Option<PathBuf>,
    /// Run seed (overrides the config).
    pub seed: Option<u64>,
    /// Worker threads (default: all cores).
    pub threads: Option<usize>,
    /// Replace an existing run folder.
    pub force: bool,
    /// Candidate trials after the baseline.
    pub trials: usize,
    /// Wall-time budget for the run.
    pub budget: Option<std::time::Duration>,
    /// Continue the interrupted run that was to land in this folder.
    pub resume: Option<PathBuf>,
    /// No progress output.
    pub quiet: bool,
    /// Run one shard of the sweep (from `--shard`, `--shards` or a job array's environment).
    pub shard: Option<crate::sweep::shard::Shard>,
    /// Stop starting models once this much money (the config's currency) is spent.
    pub budget_cost: Option<f64>,
    /// Whether the sweep stops once more trials no longer pay.
    pub stop: crate::sweep::StopMode,
}

/// Where the data and config of a run come from.
#[derive(Debug, Clone)]
pub struct ResolvedInput {
    /// Dataset name for reports and the default run folder.
    pub name: String,
    /// The data file.
    pub data_file: PathBuf,
    /// The parsed config (defaults when there is none).
    pub config: Config,
}

/// Finds the data file and config for `data` (a file or a dataset folder).
pub fn resolve_input(data: &Path, config_path: Option<&Path>) -> Result<ResolvedInput> {
    if !data.exists() {
        return Err(Error::input(format!("{} does not exist", data.display())));
    }
    let folder_config = data.is_dir().then(|| data.join("worthit.toml"));
    let config_path = match (config_path, &folder_config) {
        (Some(path), _) => Some(path.to_path_buf()),
        (None, Some(path)) if path.exists() => Some(path.clone()),
        _ => None,
    };
    let config = match &config_path {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    let data_file = if data.is_dir() {
        match &config.data.file {
            Some(file) => data.join(file),
            None => single_data_file(data)?,
        }
    } else {
        data.to_path_buf()
    };
    let name = if data.is_dir() {
        data.canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
            .unwrap_or_else(|| "dataset".to_string())
    } else {
        let file = data
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        file.trim_end_matches(".gz")
            .trim_end_matches(".csv")
            .trim_end_matches(".parquet")
            .to_string()
    };
    Ok(ResolvedInput {
        name,
        data_file,
        config,
    })
}

fn single_data_file(folder: &Path) -> Result<PathBuf> {
    let entries = std::fs::read_dir(folder)
        .map_err(|err| Error::input(format!("cannot list {}: {err}", folder.display())))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_file() && data::is_data_file(path))
        .collect();
    files.sort();
    match files.len() {
        1 => Ok(files.remove(0)),
        0 => Err(Error::input(format!(
            "{} holds no .csv, .csv.gz or .parquet file",
            folder.display()
        ))),
        _ => Err(Error::input(format!(
            "{} holds several data files ({}); name one with [data] file in worthit.toml",
            folder.display(),
            files
                .iter()
                .filter_map(|f| f.file_name().map(|n| n.to_string_lossy().to_string()))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// A finished run.
#[derive(Debug)]
pub struct RunOutcome {
    /// Where the run folder landed.
    pub dir: PathBuf,
    /// What it measured.
    pub results: RunResults,
    /// Notices for the user.
    pub notices: Vec<String>,
}

/// The data of a run, read, split and binned once for every model.
pub struct PreparedData {
    /// The table.
    pub table: Table,
    /// The split.
    pub split: Split,
    /// Binned features of every row.
    pub binned: BinnedMatrix,
    /// Seconds spent reading.
    pub load_seconds: f64,
    /// Seconds spent binning.
    pub bin_seconds: f64,
}

impl PreparedData {
    /// Reads, splits and bins the data.
    pub fn prepare(input: &ResolvedInput, target: &str, seed: u64) -> Result<PreparedData> {
        let started = Instant::now();
        let spec = DataSpec {
            path: input.data_file.clone(),
            target: target.to_string(),
            task: input.config.data.task,
            positive_class: input.config.data.positive_class.clone(),
            drop: input.config.data.drop.clone(),
        };
        let table = data::load(&spec)?;
        let load_seconds = started.elapsed().as_secs_f64();
        let split_config = &input.config.split;
        let split = stratified_split(
            &table.target,
            split_config.validation,
            split_config.test,
            seed,
        )?;
        let started = Instant::now();
        let raw = table.raw_columns();
        let mapper = BinMapper::fit(&raw, &split.train);
        let binned = mapper.transform(&raw);
        let bin_seconds = started.elapsed().as_secs_f64();
        Ok(PreparedData {
            table,
            split,
            binned,
            load_seconds,
            bin_seconds,
        })
    }

    /// The target in the engine's terms.
    pub fn target_ref(&self) -> TargetRef<'_> {
        match &self.table.target {
            TargetValues::Classes { y, classes, .. } => TargetRef::Classes {
                y,
                n_classes: classes.len(),
            },
            TargetValues::Values(values) => TargetRef::Values(values),
        }
    }

    /// Metrics of predictions (row-major, as the forest returns them) for `rows`.
    pub fn metrics(&self, rows: &[u32], predictions: &[f64]) -> Metrics {
        match &self.table.target {
            TargetValues::Classes {
                y,
                classes,
                positive,
            } => {
                let truth: Vec<u32> = rows.iter().map(|&r| y[r as usize]).collect();
                classification_metrics(&truth, predictions, classes.len(), *positive)
            }
            TargetValues::Values(values) => {
                let truth: Vec<f64> = rows.iter().map(|&r| values[r as usize]).collect();
                regression_metrics(&truth, predictions)
            }
        }
    }
}

/// Validation and test predictions of one model, row-major as the model returns them.
pub struct Predictions {
    /// Predictions for the validation rows, in split order.
    pub validation: Vec<f64>,
    /// Predictions for the test rows, in split order.
    pub test: Vec<f64>,
}

/// Fits one model and measures it on validation and test rows.
pub fn train_and_measure(
    prepared: &PreparedData,
    name: &str,
    trial: Option<u64>,
    params: &ModelParams,
) -> Result<(ModelResult, Predictions)> {
    train_and_measure_on(prepared, &prepared.split.train, name, trial, params)
}

/// [`train_and_measure`] on `train_rows` (a share of the training rows, for the learning curve).
pub fn train_and_measure_on(
    prepared: &PreparedData,
    train_rows: &[u32],
    name: &str,
    trial: Option<u64>,
    params: &ModelParams,
) -> Result<(ModelResult, Predictions)> {
    let cpu_before = process_cpu_seconds();
    let started = Instant::now();
    let model = params
        .fit(&prepared.binned, prepared.target_ref(), train_rows)
        .map_err(|err| Error::input(format!("model `{name}`: {err}")))?;
    let fit_seconds = started.elapsed().as_secs_f64();
    let fit_cpu_seconds = process_cpu_seconds() - cpu_before;
    let started = Instant::now();
    let validation = model.predict(&prepared.binned, &prepared.split.validation);
    let test = model.predict(&prepared.binned, &prepared.split.test);
    let predict_seconds = started.elapsed().as_secs_f64();
    let predicted_rows = (prepared.split.validation.len() + prepared.split.test.len()).max(1);
    let result = ModelResult {
        name: name.to_string(),
        trial,
        params: params.clone(),
        validation: prepared.metrics(&prepared.split.validation, &validation),
        test: prepared.metrics(&prepared.split.test, &test),
        fit_seconds,
        fit_cpu_seconds,
        predict_seconds,
        predict_seconds_per_1000_rows: predict_seconds / predicted_rows as f64 * 1000.0,
        nodes: model.n_nodes(),
        bytes: model.bytes(),
        mean_depth: model.mean_depth(),
    };
    Ok((result, Predictions { validation, test }))
}

/// CPU seconds (user + system, all threads) this process has used.
fn process_cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes the struct we pass; a zeroed rusage is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_SELF with a valid pointer to a live rusage.
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return 0.0;
    }
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// What a run was asked to do, written first as `run.json` in the staging folder so `--resume`
/// continues exactly the same run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunManifest {
    /// Dataset name.
    pub name: String,
    /// Data file (absolute).
    pub data_file: PathBuf,
    /// BLAKE3 of the data file when the run started.
    pub data_blake3: String,
    /// Target column.
    pub target: String,
    /// Worker threads asked for.
    pub threads: usize,
    /// The config in force.
    pub config: Config,
    /// The models to train.
    pub plan: SweepPlan,
}

/// Runs `worthit run` end to end.
pub fn run(options: &RunOptions) -> Result<RunOutcome> {
    let started = Instant::now();
    let resumed = match &options.resume {
        Some(dir) => Some((dir.clone(), load_manifest(dir)?)),
        None => None,
    };
    let (input, target, seed, out) = match &resumed {
        Some((dir, manifest)) => (
            ResolvedInput {
                name: manifest.name.clone(),
                data_file: manifest.data_file.clone(),
                config: manifest.config.clone(),
            },
            manifest.target.clone(),
            manifest.plan.seed,
            dir.clone(),
        ),
        None => {
            let data = options.data.as_deref().ok_or_else(|| {
                Error::input("name a data file or dataset folder, or pass --resume DIR")
            })?;
            let input = resolve_input(data, options.config.as_deref())?;
            let target = options
                .target
                .clone()
                .or_else(|| input.config.data.target.clone())
                .ok_or_else(|| {
                    Error::input(format!(
                        "no target column for {}: pass --target COLUMN or set [data] target in worthit.toml",
                        input.data_file.display()
                    ))
                })?;
            let seed = options.seed.or(input.config.seed).unwrap_or(DEFAULT_SEED);
            let mut out = options
                .out
                .clone()
                .unwrap_or_else(|| default_run_dir(&input.name));
            if let Some(shard) = options.shard {
                // Every task of a job array runs the same command: each shard needs its own folder.
                let mut name = out
                    .file_name()
                    .map(|n| n.to_os_string())
                    .unwrap_or_default();
                name.push(shard.suffix());
                out.set_file_name(name);
            }
            check_target(&out, options.force)?;
            (input, target, seed, out)
        }
    };
    let threads = options
        .threads
        .or(resumed.as_ref().map(|(_, m)| m.threads))
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    if threads == 0 {
        return Err(Error::input("--threads must be at least 1"));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|err| Error::internal(format!("cannot start {threads} threads: {err}")))?;
    pool.install(|| {
        let prepared = PreparedData::prepare(&input, &target, seed)?;
        if let Some(value) = &input.config.value {
            let table = &prepared.table;
            let mut columns: Vec<String> = table.features.iter().map(|f| f.name.clone()).collect();
            columns.extend(table.dropped.iter().map(|d| d.name.clone()));
            columns.push(table.target_name.clone());
            let classes = match &table.target {
                TargetValues::Classes { classes, .. } => classes.clone(),
                TargetValues::Values(_) => Vec::new(),
            };
            value
                .check(&columns, &classes)
                .map_err(|err| Error::input(format!("{}: {err}", input.data_file.display())))?;
        }
        if !options.quiet {
            for notice in &prepared.table.notices {
                eprintln!("worthit: {notice}");
            }
        }
        let (mut pending, manifest, done) = match resumed {
            Some((dir, manifest)) => {
                if manifest.data_blake3 != prepared.table.hash {
                    return Err(Error::input(format!(
                        "{} changed since the run in {} started (its hash differs); start a new run instead",
                        manifest.data_file.display(),
                        dir.display()
                    )));
                }
                let pending = PendingRun::resume(&dir)?;
                let done = checkpoint::load(pending.dir())?;
                // Rewrite the checkpoint without a line a kill may have cut short, so appends
                // start on a fresh line.
                let mut text = Vec::new();
                for model in &done {
                    text.extend(serde_json::to_vec(model).map_err(|err| Error::internal(err.to_string()))?);
                    text.push(b'\n');
                }
                write_atomic(&pending.dir().join("trials.jsonl"), &text)?;
                (pending, manifest, done)
            }
            None => {
                let mut baseline = input.config.baseline.forest_params(prepared.table.task);
                baseline.seed = seed;
                let plan = SweepPlan {
                    trials: options.trials,
                    budget_seconds: options.budget.map(|b| b.as_secs_f64()),
                    baseline: ModelParams::RandomForest(baseline),
                    space: input.config.sweep.clone(),
                    seed,
                    task: prepared.table.task,
                    shard: options.shard,
                    budget_cost: cost_budget(options.budget_cost, &input.config)?,
                    stop: options.stop,
                };
                let manifest = RunManifest {
                    name: input.name.clone(),
                    data_file: std::fs::canonicalize(&input.data_file).unwrap_or(input.data_file.clone()),
                    data_blake3: prepared.table.hash.clone(),
                    target: target.clone(),
                    threads,
                    config: input.config.clone(),
                    plan,
                };
                let pending = PendingRun::create(&out, options.force)?;
                let json = serde_json::to_vec_pretty(&manifest)
                    .map_err(|err| Error::internal(format!("cannot encode run.json: {err}")))?;
                pending.write("run.json", &json)?;
                (pending, manifest, Vec::new())
            }
        };
        let staging = pending.dir().to_path_buf();
        let mut should_stop = |finished: &[ModelResult]| -> Result<Option<String>> {
            auto_stop(&staging, &manifest, &prepared, threads, seed, finished)
        };
        let (models, summary) = sweep::run(
            &prepared,
            &manifest.plan,
            &mut pending,
            done,
            options.quiet,
            &mut should_stop,
        )?;
        let mut results = assemble_results(&input, &prepared, seed, threads, models, started);
        results.sweep = Some(summary);
        if let Some(value) = &input.config.value {
            let data = crate::value::from_run::RunData {
                table: &prepared.table,
                split: &prepared.split,
                threads,
                seed,
            };
            results.value = Some(crate::value::from_run::price_run(
                pending.dir(),
                value,
                &data,
                &results.models,
            )?);
            if manifest.plan.shard.is_none() {
                results.learning_models = train_learning_models(&prepared, &pending, &manifest.plan, seed)?;
            }
            analyze(&mut results)?;
            price_learning(pending.dir(), value, &data, &mut results)?;
        }
        write_run_files(&pending, &prepared, &results)?;
        let dir = pending.commit()?;
        Ok(RunOutcome { dir, results, notices: prepared.table.notices.clone() })
    })
}

/// Prices the models of the run folder `dir` again from its stored predictions, reading the
/// data and redoing the split as the run did (a merged run, a re-rendered report). Does nothing
/// when the run's config has no `[value]`.
pub fn reprice(dir: &Path, manifest: &RunManifest, results: &mut RunResults) -> Result<()> {
    let Some(value) = &manifest.config.value else {
        results.value = None;
        return Ok(());
    };
    let spec = DataSpec {
        path: manifest.data_file.clone(),
        target: manifest.target.clone(),
        task: manifest.config.data.task,
        positive_class: manifest.config.data.positive_class.clone(),
        drop: manifest.config.data.drop.clone(),
    };
    let table = data::load(&spec)?;
    if table.hash != manifest.data_blake3 {
        return Err(Error::input(format!(
            "{} changed since the run in {} was made (its hash differs), so its predictions cannot be priced",
            manifest.data_file.display(),
            dir.display()
        )));
    }
    let split_config = &manifest.config.split;
    let split = stratified_split(
        &table.target,
        split_config.validation,
        split_config.test,
        results.seed,
    )?;
    let data = crate::value::from_run::RunData {
        table: &table,
        split: &split,
        threads: results.threads,
        seed: results.seed,
    };
    results.value = Some(crate::value::from_run::price_run(
        dir,
        value,
        &data,
        &results.models,
    )?);
    analyze(results)?;
    price_learning(dir, value, &data, results)
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
    rows.shuffle(&mut crate::engine::seeds::rng_for(
        seed,
        crate::engine::seeds::Stream::LearningCurve,
        0,
    ));
    let mut models = Vec::new();
    for fraction in crate::analysis::learning::FRACTIONS {
        let n = (rows.len() as f64 * fraction).round() as usize;
        // Too few rows to fit anything meaningful: leave the point out.
        if n < 20 {
            continue;
        }
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

/// Prices the learning curve's models against the full baseline and adds the curve to the
/// analysis.
fn price_learning(
    dir: &Path,
    value: &crate::value::ValueConfig,
    data: &crate::value::from_run::RunData,
    results: &mut RunResults,
) -> Result<()> {
    use crate::analysis::learning::{curve, LearningPoint, FRACTIONS};
    let (Some(baseline), false) = (
        results.models.iter().find(|m| m.trial.is_none()),
        results.learning_models.is_empty(),
    ) else {
        return Ok(());
    };
    // Priced as candidates of the full baseline, without a trial cost: no one tuned them.
    let mut models = vec![baseline.clone()];
    for (i, model) in results.learning_models.iter().enumerate() {
        models.push(ModelResult {
            trial: Some(i as u64),
            ..model.clone()
        });
    }
    let config = crate::value::ValueConfig {
        trial_cost: None,
        ..value.clone()
    };
    let priced = crate::value::from_run::price_run(dir, &config, data, &models)?;
    let train_rows = data.split.train.len();
    let mut points: Vec<LearningPoint> = results
        .learning_models
        .iter()
        .filter_map(|model| {
            let fraction = FRACTIONS
                .iter()
                .copied()
                .find(|&f| crate::analysis::learning::model_name(f) == model.name)?;
            let priced = priced.models.iter().find(|m| m.name == model.name)?;
            Some(LearningPoint {
                fraction,
                rows: (train_rows as f64 * fraction).round() as usize,
                net_value: priced.net_value,
                difference: priced.difference,
            })
        })
        .collect();
    if let Some(full) = priced.models.first() {
        points.push(LearningPoint {
            fraction: 1.0,
            rows: train_rows,
            net_value: full.net_value,
            difference: None,
        });
    }
    if let Some(analysis) = results.analysis.as_mut() {
        let learning = curve(points, analysis.doubling_trials_band(), &priced.currency);
        analysis.sentences.push(learning.sentence.clone());
        analysis.learning = Some(learning);
    }
    Ok(())
}

/// `--stop auto`: whether the sweep should stop before the next trial because the next trials
/// are very likely not to pay for themselves (the cost rule of [`crate::analysis::stopping`]),
/// with the reason in plain words. Never for `--stop never`, a sharded sweep (one shard sees a
/// part of the trials) or a config without `[value]`.
fn auto_stop(
    dir: &Path,
    manifest: &RunManifest,
    prepared: &PreparedData,
    threads: usize,
    seed: u64,
    finished: &[ModelResult],
) -> Result<Option<String>> {
    let rule = crate::analysis::StopRule {
        seed,
        ..Default::default()
    };
    let trials_done = finished.iter().filter(|m| m.trial.is_some()).count();
    let (Some(value), crate::sweep::StopMode::Auto, None) = (
        &manifest.config.value,
        manifest.plan.stop,
        manifest.plan.shard,
    ) else {
        return Ok(None);
    };
    if trials_done < rule.min_trials || !finished.iter().any(|m| m.trial.is_none()) {
        return Ok(None);
    }
    let data = crate::value::from_run::RunData {
        table: &prepared.table,
        split: &prepared.split,
        threads,
        seed,
    };
    let values = crate::value::from_run::price_points(dir, value, &data, finished)?;
    let candidates: Vec<_> = values.iter().filter(|m| m.trial.is_some()).collect();
    let trials: Vec<crate::analysis::Trial> = candidates
        .iter()
        .map(|m| crate::analysis::Trial {
            validation: m.validation_net_value,
            test: m.net_value,
        })
        .collect();
    let cost = candidates
        .iter()
        .map(|m| m.training_cost + m.trial_cost)
        .sum::<f64>()
        / candidates.len().max(1) as f64;
    let currency = value.currency.clone().unwrap_or_default();
    let decision = crate::analysis::should_stop(&trials, cost, &rule, &currency)?;
    Ok(decision.stop.then(|| {
        format!(
            "more trials no longer pay (--stop auto): {}",
            decision.reason
        )
    }))
}

/// Adds the diminishing-returns analysis of a priced run.
fn analyze(results: &mut RunResults) -> Result<()> {
    results.analysis = match &results.value {
        Some(value) => Some(crate::analysis::run_summary::analyze(
            value,
            results.split.test,
            results.seed,
        )?),
        None => None,
    };
    Ok(())
}

/// Prices `--budget-cost` from `[value]`: it needs `core_hour` or `trial_cost` to mean anything.
fn cost_budget(amount: Option<f64>, config: &Config) -> Result<Option<sweep::CostBudget>> {
    let Some(amount) = amount else {
        return Ok(None);
    };
    if !(amount.is_finite() && amount > 0.0) {
        return Err(Error::input(format!(
            "--budget-cost {amount}: must be a positive amount"
        )));
    }
    let mid = crate::value::Scenario::Mid;
    let value = config.value.as_ref();
    let core_hour = value.and_then(|v| v.core_hour).map(|n| n.at(mid));
    let per_model = value.and_then(|v| v.trial_cost).map(|n| n.at(mid));
    if core_hour.is_none() && per_model.is_none() {
        return Err(Error::input(
            "--budget-cost needs prices: set core_hour and/or trial_cost in [value] of worthit.toml",
        ));
    }
    Ok(Some(sweep::CostBudget {
        amount,
        core_hour: core_hour.unwrap_or(0.0),
        per_model: per_model.unwrap_or(0.0),
    }))
}

fn load_manifest(dir: &Path) -> Result<RunManifest> {
    let staging = crate::output::staging_path(dir)?;
    let path = staging.join("run.json");
    let text = std::fs::read_to_string(&path).map_err(|_| {
        Error::input(format!(
            "no interrupted run to resume at {} (no {})",
            dir.display(),
            path.display()
        ))
    })?;
    serde_json::from_str(&text).map_err(|err| {
        Error::input(format!(
            "{}: not a worthit run.json ({err})",
            path.display()
        ))
    })
}

/// `predictions/<model>.parquet`: each validation and test row's file row, part and prediction
/// (`p_<class>` per class, or `prediction` for regression), for the value and bootstrap
/// analyses that need predictions, not only metrics.
pub fn write_predictions(
    pending: &PendingRun,
    prepared: &PreparedData,
    name: &str,
    predictions: &Predictions,
) -> Result<()> {
    use polars::prelude::*;
    let file_rows = &prepared.table.file_rows;
    let split = &prepared.split;
    let mut rows = Vec::new();
    let mut parts = Vec::new();
    for (part, indices) in [("validation", &split.validation), ("test", &split.test)] {
        for &row in indices.iter() {
            rows.push(file_rows[row as usize]);
            parts.push(part);
        }
    }
    let mut columns = vec![
        Column::new("row".into(), rows),
        Column::new("part".into(), parts),
    ];
    let names: Vec<String> = match &prepared.table.target {
        TargetValues::Classes { classes, .. } => classes.iter().map(|c| format!("p_{c}")).collect(),
        TargetValues::Values(_) => vec!["prediction".to_string()],
    };
    let width = names.len();
    for (k, column_name) in names.iter().enumerate() {
        let values: Vec<f64> = predictions
            .validation
            .chunks(width)
            .chain(predictions.test.chunks(width))
            .map(|row| row[k])
            .collect();
        columns.push(Column::new(column_name.as_str().into(), values));
    }
    let mut frame = DataFrame::new_infer_height(columns)
        .map_err(|err| Error::internal(format!("predictions table: {err}")))?;
    let folder = pending.dir().join("predictions");
    std::fs::create_dir_all(&folder)
        .map_err(|err| crate::error::io_error("create", &folder, err))?;
    let path = folder.join(format!("{name}.parquet"));
    let temporary = folder.join(format!(".{name}.parquet.tmp"));
    let file = std::fs::File::create(&temporary)
        .map_err(|err| crate::error::io_error("create", &temporary, err))?;
    ParquetWriter::new(file)
        .finish(&mut frame)
        .map_err(|err| Error::internal(format!("cannot write {}: {err}", path.display())))?;
    std::fs::rename(&temporary, &path)
        .map_err(|err| crate::error::io_error("rename into", &path, err))
}

fn default_run_dir(name: &str) -> PathBuf {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    PathBuf::from("reports").join(format!("{name}-{stamp}"))
}

fn assemble_results(
    input: &ResolvedInput,
    prepared: &PreparedData,
    seed: u64,
    threads: usize,
    models: Vec<ModelResult>,
    started: Instant,
) -> RunResults {
    let table = &prepared.table;
    let (classes, class_counts, positive_class) = match &table.target {
        TargetValues::Classes {
            y,
            classes,
            positive,
        } => {
            let mut counts = vec![0usize; classes.len()];
            for &class in y {
                counts[class as usize] += 1;
            }
            (
                Some(classes.clone()),
                Some(counts),
                positive.map(|p| classes[p as usize].clone()),
            )
        }
        TargetValues::Values(_) => (None, None, None),
    };
    RunResults {
        schema_version: SCHEMA_VERSION,
        worthit_version: env!("CARGO_PKG_VERSION").to_string(),
        created_utc: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        dataset: DatasetInfo {
            name: input.name.clone(),
            file: table.path.display().to_string(),
            blake3: table.hash.clone(),
            rows_in_file: table.rows_in_file,
            rows_used: table.n_rows(),
            columns_used: table
                .features
                .iter()
                .enumerate()
                .map(|(i, f)| ColumnInfo {
                    name: f.name.clone(),
                    kind: f.kind().to_string(),
                    missing: f.missing,
                    bins: prepared.binned.n_bins[i],
                })
                .collect(),
            columns_dropped: table
                .dropped
                .iter()
                .map(|d| DroppedInfo {
                    name: d.name.clone(),
                    reason: d.reason.clone(),
                })
                .collect(),
            attribution: read_attribution(&table.path),
        },
        target: TargetInfo {
            column: table.target_name.clone(),
            task: table.task,
            classes,
            class_counts,
            positive_class,
        },
        split: SplitInfo {
            train: prepared.split.train.len(),
            validation: prepared.split.validation.len(),
            test: prepared.split.test.len(),
            validation_fraction: input.config.split.validation,
            test_fraction: input.config.split.test,
            stratified_by: match table.task {
                TaskKind::Regression => "target decile".to_string(),
                _ => "class".to_string(),
            },
        },
        seed,
        threads,
        models,
        timings: Timings {
            load_seconds: prepared.load_seconds,
            bin_seconds: prepared.bin_seconds,
            total_seconds: started.elapsed().as_secs_f64(),
        },
        peak_memory_bytes: peak_memory_bytes(),
        sweep: None,
        value: None,
        analysis: None,
        learning_models: Vec::new(),
    }
}

fn write_run_files(
    pending: &PendingRun,
    prepared: &PreparedData,
    results: &RunResults,
) -> Result<()> {
    write_reports(pending, results)?;
    write_split(pending, prepared)
}

/// Writes `results.json`, then the reports ([`render_reports`]).
pub fn write_reports(pending: &PendingRun, results: &RunResults) -> Result<()> {
    write_results(pending.dir(), results)?;
    render_reports(pending.dir(), results)
}

/// Writes `results.json` into the run folder `dir`.
pub fn write_results(dir: &Path, results: &RunResults) -> Result<()> {
    let json = serde_json::to_vec_pretty(results)
        .map_err(|err| Error::internal(format!("cannot encode results.json: {err}")))?;
    write_atomic(&dir.join("results.json"), &json)
}

/// Writes the charts (`plots/`), `report.md` and `report.html` of `results` into the run folder
/// `dir`, each file through a temporary name, so a failure leaves the older files whole.
pub fn render_reports(dir: &Path, results: &RunResults) -> Result<()> {
    let charts = crate::report::charts::write(results, dir)?;
    write_atomic(&dir.join("report.md"), markdown::render(results).as_bytes())?;
    write_atomic(
        &dir.join("report.html"),
        crate::report::html::render(results, &charts).as_bytes(),
    )
}

/// `worthit report`: re-renders the reports of the finished run in `dir` from its
/// `results.json`; with `reprice`, prices its stored predictions again under `run.json`'s
/// `[value]` first and rewrites `results.json`.
pub fn rerender(dir: &Path, reprice_first: bool) -> Result<()> {
    let read = |name: &str| -> Result<String> {
        let path = dir.join(name);
        std::fs::read_to_string(&path).map_err(|err| {
            Error::input(format!(
                "{} is not a finished worthit run: cannot read {name} ({err})",
                dir.display()
            ))
        })
    };
    let damaged = |name: &str, err: serde_json::Error| {
        Error::input(format!(
            "{}: {name} is damaged or not from worthit ({err})",
            dir.display()
        ))
    };
    let mut results: RunResults =
        serde_json::from_str(&read("results.json")?).map_err(|e| damaged("results.json", e))?;
    if results.schema_version != SCHEMA_VERSION {
        return Err(Error::input(format!(
            "{}: results.json has layout version {}, this worthit reads {SCHEMA_VERSION}",
            dir.display(),
            results.schema_version
        )));
    }
    // Read even when not repricing: a folder without a run.json is not a run, whatever else it has.
    let manifest: RunManifest =
        serde_json::from_str(&read("run.json")?).map_err(|e| damaged("run.json", e))?;
    if reprice_first {
        reprice(dir, &manifest, &mut results)?;
        write_results(dir, &results)?;
    }
    render_reports(dir, &results)
}

/// The `ATTRIBUTION.md` beside a data file, if there is one (a file that cannot be read counts
/// as none: credit is worth showing, not worth failing a run over).
fn read_attribution(data_file: &Path) -> Option<String> {
    let path = data_file.parent()?.join("ATTRIBUTION.md");
    std::fs::read_to_string(path).ok()
}

/// `split.parquet`: the file row (0-based, header excluded) and part of every row used, so peers
/// (the benchmarks, a notebook) can reproduce the exact split.
fn write_split(pending: &PendingRun, prepared: &PreparedData) -> Result<()> {
    use polars::prelude::*;
    let file_rows = &prepared.table.file_rows;
    let mut rows = Vec::with_capacity(file_rows.len());
    let mut parts = Vec::with_capacity(file_rows.len());
    for (part, indices) in [
        ("train", &prepared.split.train),
        ("validation", &prepared.split.validation),
        ("test", &prepared.split.test),
    ] {
        for &row in indices.iter() {
            rows.push(file_rows[row as usize]);
            parts.push(part);
        }
    }
    let mut frame = DataFrame::new_infer_height(vec![
        Column::new("row".into(), rows),
        Column::new("part".into(), parts),
    ])
    .map_err(|err| Error::internal(format!("split table: {err}")))?;
    let path = pending.dir().join("split.parquet");
    let file =
        std::fs::File::create(&path).map_err(|err| crate::error::io_error("create", &path, err))?;
    ParquetWriter::new(file)
        .finish(&mut frame)
        .map_err(|err| Error::internal(format!("cannot write {}: {err}", path.display())))?;
    Ok(())
}

/// Peak resident memory (VmHWM) of this process in bytes; 0 where /proc is unavailable.
pub fn peak_memory_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmHWM:"))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}
