//! `worthit run`: read the data, split it, bin it once, train the baseline and the sweep's
//! candidates, measure them and write the run folder.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

mod auto_stop;

use self::auto_stop::{auto_stop, noise_stop};
use super::input::{read_attribution, resolve_input, ResolvedInput};
use super::render::write_texts;
use super::reopen::{resumed_manifest, Continues, RunManifest, FINISHED_WORK};
use super::reprice::{analyze_metric, learning_models, price_and_analyze};
use crate::analysis::tuning::AnswerChecks;
use crate::base::error::{Error, Result};
use crate::base::format::thousands;
use crate::base::process::peak_memory_bytes;
use crate::base::task::TaskKind;
use crate::config::Config;
use crate::data::prepared::PreparedData;
use crate::data::TargetValues;
use crate::model::ModelParams;
use crate::model::ModelResult;
use crate::results::*;
use crate::store::checkpoint;
use crate::store::predictions::write_split;
use crate::store::staging::{write_atomic, PendingRun};
use crate::sweep::{self, SweepPlan, SweepSummary};
use crate::value::number::{check_flag_amount, AmountFloor};

/// Most worker threads a run starts: far above any machine's cores, far below what exhausts
/// the process's thread limit.
pub const MAX_THREADS: usize = 1024;

/// Most candidate trials a run accepts; the plan and the checkpoint hold one entry per trial.
pub const MAX_TRIALS: usize = 100_000;

/// Candidate trials of a new run when `--trials` is not given.
pub const DEFAULT_TRIALS: usize = 30;

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
    /// Candidate trials after the baseline (default [`DEFAULT_TRIALS`]); with `resume`, the
    /// sweep's new count: more trials for a run that finished.
    pub trials: Option<usize>,
    /// Wall-time budget for the run.
    pub budget: Option<std::time::Duration>,
    /// Continue the interrupted run that was to land in this folder, or, with more `trials`,
    /// the finished run in it.
    pub resume: Option<PathBuf>,
    /// No progress output.
    pub quiet: bool,
    /// Run one shard of the sweep (from `--shard`, `--shards` or a job array's environment).
    pub shard: Option<crate::sweep::shard::Shard>,
    /// Stop starting models once this much money (the config's currency) is spent.
    pub budget_cost: Option<f64>,
    /// Whether the sweep stops once more trials no longer pay (default: auto; with `resume`, the
    /// run's own unless given).
    pub stop: Option<crate::sweep::StopMode>,
    /// Without `[value]`: the metric the analysis answers in (default: the primary metric).
    pub metric: Option<String>,
    /// Other paths the command reads (e.g. the `--compare-to` run), which `--force` must not
    /// replace either; the data, the config and the working directory are always protected.
    pub protect: Vec<PathBuf>,
    /// The `--compare-to` run's folder and whether it is priced: a run of the other kind
    /// cannot be compared with it, which is refused before any training.
    pub compare_to_priced: Option<(PathBuf, bool)>,
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

/// Runs `worthit run` end to end.
pub fn run(options: &RunOptions) -> Result<RunOutcome> {
    let started = Instant::now();
    let resumed = match &options.resume {
        Some(dir) => Some((
            dir.clone(),
            resumed_manifest(dir, options.trials, options.stop)?,
        )),
        None => None,
    };
    let (input, target, seed, out, protected) = match &resumed {
        Some((dir, (manifest, _))) => (
            ResolvedInput {
                name: manifest.name.clone(),
                data_file: manifest.data_file.clone(),
                config: manifest.config.clone(),
                config_file: manifest.config_file.clone(),
                beside: None,
            },
            manifest.target.clone(),
            manifest.plan.seed,
            dir.clone(),
            Vec::new(),
        ),
        None => {
            let data = options.data.as_deref().ok_or_else(|| {
                Error::input("name a data file or dataset folder, or pass --resume DIR")
            })?;
            let input = resolve_input(data, options.config.as_deref())?;
            input.tell_config(options.quiet);
            let target = options
                .target
                .clone()
                .or_else(|| input.config.data.target.clone())
                .ok_or_else(|| super::input::no_target(&input))?;
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
            // What --force must never replace: the data, its folder, the config (and, always,
            // the working directory).
            let mut protected = vec![data.to_path_buf(), input.data_file.clone()];
            protected.extend(input.config_file.iter().cloned());
            protected.extend(options.protect.iter().cloned());
            (input, target, seed, out, protected)
        }
    };
    if let Some((reference, reference_priced)) = &options.compare_to_priced {
        super::compare::check_same_kind(
            reference,
            *reference_priced,
            input.config.value.is_some(),
        )?;
    }
    let threads = options
        .threads
        .or(resumed.as_ref().map(|(_, (m, _))| m.threads))
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    if threads == 0 || threads > MAX_THREADS {
        return Err(Error::input(format!(
            "--threads {threads}: must be from 1 to {MAX_THREADS}"
        )));
    }
    let trials = options.trials.unwrap_or(DEFAULT_TRIALS);
    if trials > MAX_TRIALS {
        return Err(Error::input(format!(
            "--trials {trials}: at most {} (and the analysis says long before that whether more pay)",
            thousands(MAX_TRIALS as f64)
        )));
    }
    if let Some(amount) = options.budget_cost {
        check_flag_amount("--budget-cost", amount, AmountFloor::Positive)?;
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|err| Error::internal(format!("cannot start {threads} threads: {err}")))?;
    // Take (and lock) the staging folder before any work: a second run on the same --out is
    // refused now, not after reading the data. A failure before training (bad data) leaves
    // nothing of a new run and keeps a resumed run's staging folder as it was.
    let mut pending = match &resumed {
        Some((dir, (manifest, Continues::Finished))) => {
            let reads = [Some(&manifest.data_file), manifest.config_file.as_ref()];
            PendingRun::extend(
                dir,
                &FINISHED_WORK,
                reads.into_iter().flatten().cloned().collect(),
            )?
        }
        Some((dir, (_, Continues::Interrupted))) => PendingRun::resume(dir)?,
        None => PendingRun::create(&out, options.force, protected)?,
    };
    pool.install(|| {
        let spec = input.config.data_spec(&input.data_file, &target);
        let prepared = PreparedData::prepare(&spec, input.config.split_fractions(), seed)?;
        if let Some(value) = &input.config.value {
            super::input::check_value(
                value,
                &prepared.table,
                &input.data_file,
                input.config_file.as_deref(),
            )?;
        }
        // `--metric` cannot come with --resume: a resumed run keeps the one in its run.json.
        let metric = analysis_metric(options.metric.as_deref(), &input.config, prepared.table.task)?;
        if !options.quiet {
            for notice in &prepared.table.terminal_notices() {
                crate::base::console::err_line(&format!(
                    "worthit: {}",
                    crate::base::text::terminal_safe(notice)
                ));
            }
        }
        let (manifest, done) = match resumed {
            Some((dir, (manifest, _))) => {
                if manifest.data_blake3 != prepared.table.hash {
                    return Err(Error::input(format!(
                        "{} changed since the run in {} started (its hash differs); start a new run instead",
                        manifest.data_file.display(),
                        dir.display()
                    )));
                }
                let done = checkpoint::load(&pending, |m| manifest.plan.foreign(m))?;
                let trained = done.iter().filter(|m| m.is_sweep_trial()).count();
                if manifest.plan.trials < trained {
                    return Err(Error::input(format!(
                        "--trials {}: the run in {} has trained {trained} trials already; ask for at least that many",
                        manifest.plan.trials,
                        dir.display()
                    )));
                }
                // Rewrite the checkpoint without a line a kill may have cut short, so appends
                // start on a fresh line.
                let mut text = Vec::new();
                for model in &done {
                    text.extend(serde_json::to_vec(model).map_err(|err| Error::internal(err.to_string()))?);
                    text.push(b'\n');
                }
                write_atomic(&pending.dir().join("trials.jsonl"), &text)?;
                if options.trials.is_some() || options.stop.is_some() {
                    let json = serde_json::to_vec_pretty(&manifest)
                        .map_err(|err| Error::internal(format!("cannot encode run.json: {err}")))?;
                    pending.write("run.json", &json)?;
                }
                (manifest, done)
            }
            None => {
                let mut baseline = input.config.baseline.forest_params(prepared.table.task);
                baseline.seed = seed;
                let plan = SweepPlan {
                    trials,
                    budget_seconds: options.budget.map(|b| b.as_secs_f64()),
                    baseline: ModelParams::RandomForest(baseline),
                    space: input.config.sweep.clone(),
                    seed,
                    task: prepared.table.task,
                    shard: options.shard,
                    budget_cost: cost_budget(options.budget_cost, &input.config)?,
                    stop: options.stop.unwrap_or_default(),
                };
                let manifest = RunManifest {
                    name: input.name.clone(),
                    data_file: std::fs::canonicalize(&input.data_file).unwrap_or(input.data_file.clone()),
                    data_blake3: prepared.table.hash.clone(),
                    target: target.clone(),
                    threads,
                    config: input.config.clone(),
                    config_file: input.config_file.clone(),
                    plan,
                    metric,
                    merged_from: Vec::new(),
                };
                let json = serde_json::to_vec_pretty(&manifest)
                    .map_err(|err| Error::internal(format!("cannot encode run.json: {err}")))?;
                pending.write("run.json", &json)?;
                (manifest, Vec::new())
            }
        };
        // From here on the run executes its config: an input error (a payoff that is not a
        // number for some row) would come back on every --resume, so it leaves nothing behind.
        let results = match measure(
            &mut pending,
            &input,
            &prepared,
            &manifest,
            done,
            (threads, seed),
            options.quiet,
            started,
        ) {
            Ok(results) => results,
            Err(err) => return Err(pending.fail(err)),
        };
        let dir = pending.commit()?;
        Ok(RunOutcome { dir, results, notices: prepared.table.terminal_notices() })
    })
}

/// Trains what is left of the plan, prices and analyses the models and writes the run's files
/// into the staging folder.
#[allow(clippy::too_many_arguments)]
fn measure(
    pending: &mut PendingRun,
    input: &ResolvedInput,
    prepared: &PreparedData,
    manifest: &RunManifest,
    done: Vec<ModelResult>,
    (threads, seed): (usize, u64),
    quiet: bool,
    started: Instant,
) -> Result<RunResults> {
    let staging = pending.dir().to_path_buf();
    // The data rows payoff expressions read: once for every check of `--stop auto` and the
    // pricings after the sweep.
    let payoff_rows = crate::value::payoff::PayoffRows::of_config(input.config_file.as_deref());
    let mut priced = HashMap::new();
    let mut checks = AnswerChecks::default();
    let mut noise = HashMap::new();
    // The columns scored alone as soon as the baseline has trained, so that a leak is told before
    // the sweep spends its time on it (KDD Cup 99's `attack_category`, the class in other words,
    // was told after 7 minutes of trials that all scored a perfect ROC-AUC on it).
    let mut scored_early = None;
    let mut should_stop =
        |finished: &[ModelResult], warn: &dyn Fn(&str)| -> Result<Option<String>> {
            let stop = if manifest.config.value.is_none() {
                noise_stop(
                    &staging,
                    manifest,
                    prepared,
                    (threads, seed),
                    finished,
                    &mut noise,
                )?
            } else {
                auto_stop(
                    &staging,
                    manifest,
                    prepared,
                    (threads, seed),
                    finished,
                    (&mut priced, &mut checks),
                    &payoff_rows,
                )?
            };
            // Told only where a trial follows: a sweep that stops here reaches the answers,
            // under which the run's end tells them, at once.
            if stop.is_none() && scored_early.is_none() {
                if let Some(baseline) = finished.iter().find(|m| m.trial.is_none()) {
                    let clock = Instant::now();
                    let scores = score_features(prepared, &input.config, Some(baseline), seed);
                    warn_of_leaks_before_the_sweep(&scores, warn);
                    scored_early = Some((scores, clock.elapsed().as_secs_f64()));
                }
            }
            Ok(stop)
        };
    let clock = Instant::now();
    let lines = sweep::progress::ProgressLines {
        quiet,
        metric: manifest.metric().to_string(),
        names_best: manifest.config.value.is_none(),
    };
    let (models, summary) = sweep::run(
        prepared,
        &manifest.plan,
        pending,
        done,
        lines,
        &mut should_stop,
    )?;
    let sweep_seconds = clock.elapsed().as_secs_f64();
    let mut results = assemble_results(input, prepared, seed, threads, models, started);
    results.timings.sweep_seconds = sweep_seconds;
    results.timings.fit_seconds = results.models.iter().map(|m| m.fit_seconds).sum();
    results.timings.predict_seconds = results.models.iter().map(|m| m.predict_seconds).sum();
    results.sweep = Some(SweepSummary {
        merged_from: manifest.merged_from.clone(),
        ..summary
    });
    let (scores, scoring_seconds) = match scored_early {
        Some(early) => early,
        None => {
            let clock = Instant::now();
            let baseline = results.models.iter().find(|m| m.trial.is_none());
            let scores = score_features(prepared, &input.config, baseline, seed);
            (scores, clock.elapsed().as_secs_f64())
        }
    };
    results.feature_scores = Some(scores);
    let data = crate::value::from_run::RunData::of(prepared, (threads, seed), &payoff_rows);
    let clock = Instant::now();
    if manifest.plan.shard.is_none() {
        results.learning_models = learning_models(prepared, pending, &manifest.plan, seed)?;
    }
    results.timings.learning_seconds = clock.elapsed().as_secs_f64();
    let clock = Instant::now();
    match &input.config.value {
        Some(value) => {
            let (pricing, analysis) = price_and_analyze(pending.dir(), value, &data, &mut results)?;
            results.timings.pricing_seconds = pricing;
            results.timings.analysis_seconds = analysis;
        }
        None => {
            // The validation gains `--stop auto` bootstrapped are the analysis's, drawn once.
            analyze_metric(
                pending.dir(),
                &data,
                manifest.metric(),
                &mut results,
                &noise,
            )?;
            results.timings.analysis_seconds = clock.elapsed().as_secs_f64();
        }
    }
    results.timings.analysis_seconds += scoring_seconds;
    // The whole run's peak: pricing, the learning curve and the analysis come after the sweep.
    results.peak_memory_bytes = peak_memory_bytes();
    write_run_files(pending, prepared, &mut results, started)?;
    Ok(results)
}

/// Each feature alone against the target, with leaks flagged against `[data] leakage_score` and
/// the baseline's validation score (the full model; a shard without the baseline has none).
fn score_features(
    prepared: &PreparedData,
    config: &Config,
    baseline: Option<&ModelResult>,
    seed: u64,
) -> crate::data::feature_scores::FeatureScores {
    use crate::data::feature_scores::{score_features, DEFAULT_LEAKAGE_SCORE};
    let metric = match prepared.table.task {
        TaskKind::Regression => "r2",
        _ => "roc_auc",
    };
    let full_model = baseline.and_then(|b| b.validation.get(metric));
    let threshold = config.data.leakage_score.unwrap_or(DEFAULT_LEAKAGE_SCORE);
    score_features(prepared, seed, threshold, full_model)
}

/// The leakage warnings of `scores`, told through `warn` before the first trial trains, with
/// what stopping then saves; the run's end repeats the warnings under its answers.
fn warn_of_leaks_before_the_sweep(
    scores: &crate::data::feature_scores::FeatureScores,
    warn: &dyn Fn(&str),
) {
    use crate::data::feature_scores::FeatureScores;
    for leak in &scores.leakage {
        warn(&format!(
            "worthit: warning: {}",
            FeatureScores::warning(leak, |text| format!("`{text}`"))
        ));
    }
    let (one, them) = match scores.leakage.len() {
        0 => return,
        1 => ("this column", "it"),
        _ => ("these columns", "them"),
    };
    warn(&format!(
        "worthit: the sweep goes on with {one}: if it is a leak, stopping now (Ctrl-C) and dropping {them} saves the trials' time"
    ));
}

/// Checks `--metric`: a metric of the task, for a run without `[value]` (a priced run answers in
/// money; its metric-based `[value]` names its own metric).
fn analysis_metric(
    metric: Option<&str>,
    config: &Config,
    task: TaskKind,
) -> Result<Option<String>> {
    let Some(metric) = metric else {
        return Ok(None);
    };
    if config.value.is_some() {
        return Err(Error::input(format!(
            "--metric {metric}: this run is priced by [value], which answers in money; --metric chooses the metric of runs without [value]"
        )));
    }
    let known = crate::metrics::of_task(task);
    if !known.contains(&metric) {
        return Err(Error::input(format!(
            "--metric {metric}: not a metric of a {} task; one of {}",
            task.name(),
            known.join(", ")
        )));
    }
    Ok(Some(metric.to_string()))
}

/// Prices `--budget-cost` from `[value]`: it needs `core_hour` or `trial_cost` to mean anything.
fn cost_budget(amount: Option<f64>, config: &Config) -> Result<Option<sweep::CostBudget>> {
    let Some(amount) = amount else {
        return Ok(None);
    };
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
        currency: value.and_then(|v| v.currency.clone()).unwrap_or_default(),
    }))
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
            notices: table.notices.clone(),
            attribution: read_attribution(&table.path),
            config_file: input
                .config_file
                .as_ref()
                .map(|path| path.display().to_string()),
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
            ..Timings::default()
        },
        peak_memory_bytes: peak_memory_bytes(),
        sweep: None,
        value: None,
        analysis: None,
        recommendation: None,
        learning_models: Vec::new(),
        feature_scores: None,
    }
}

/// Writes `split.parquet` and the charts, closes the timings, then writes the text reports and
/// `results.json`, which show them.
fn write_run_files(
    pending: &PendingRun,
    prepared: &PreparedData,
    results: &mut RunResults,
    started: Instant,
) -> Result<()> {
    let clock = Instant::now();
    write_split(pending, prepared)?;
    let charts = crate::report::charts::write(results, pending.dir())?;
    results.timings.writing_seconds = clock.elapsed().as_secs_f64();
    results.timings.total_seconds = started.elapsed().as_secs_f64();
    write_texts(pending, results, &charts)
}
