//! Reopening a run folder, the one way every command does it: its `run.json` (what the run was
//! asked to do), its `results.json` (what it measured, at this worthit's layout version), and
//! its data read again and split again exactly as the run did, refused if the file changed.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::base::error::{Error, Result};
use crate::base::task::Label;
use crate::base::text::terminal_safe;
use crate::config::Config;
use crate::data::split::{stratified_split, Split};
use crate::data::{self, Table};
use crate::results::{RunResults, SCHEMA_VERSION};
use crate::sweep::{StopMode, SweepPlan};

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
    /// The config file it was read from, when there was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_file: Option<PathBuf>,
    /// The models to train.
    pub plan: SweepPlan,
    /// `--metric`: what a run without `[value]` answers in (absent: the primary metric).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    /// The shard folders `worthit merge` made this run of: a run given more trials later says so
    /// still (`sweep.merged_from` in `results.json`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged_from: Vec<String>,
}

impl RunManifest {
    /// The metric a run without `[value]` answers in.
    pub fn metric(&self) -> &str {
        self.metric
            .as_deref()
            .unwrap_or_else(|| self.plan.task.primary_metric())
    }
}

impl RunManifest {
    /// Reads the `run.json` at `path`.
    pub fn read(path: &Path) -> Result<RunManifest> {
        let text = std::fs::read_to_string(path)
            .map_err(|err| Error::input(format!("cannot read {}: {err}", path.display())))?;
        let manifest: RunManifest = crate::base::json::parse(text.as_bytes()).map_err(|err| {
            Error::input(format!(
                "{}: not a worthit run.json ({err})",
                path.display()
            ))
        })?;
        // An edited run.json is held to the same rules as a worthit.toml.
        manifest.config.validate(path)?;
        Ok(manifest)
    }

    /// The manifest of the interrupted run that was to land in `dir`, for `--resume`.
    pub fn of_interrupted(dir: &Path) -> Result<RunManifest> {
        let staging = crate::store::staging::staging_path(dir)?;
        let path = staging.join("run.json");
        if !path.is_file() {
            return Err(Error::input(format!(
                "no interrupted run to resume at {} (no {})",
                dir.display(),
                path.display()
            )));
        }
        RunManifest::read(&path)
    }

    /// Refuses `data_file`, the run's recorded data file, when it is gone, saying where it was
    /// recorded and the way out; until 2026-12-06 the error was "data file PATH does not exist",
    /// which left the user to guess where worthit had the path from.
    fn check_data_file(&self, data_file: &Path) -> Result<()> {
        if data_file.exists() || data_file != self.data_file {
            return Ok(());
        }
        Err(Error::input(format!(
            "{}, the run's data file (`data_file` in its run.json), does not exist: moved or deleted since the run? Put it back, or set `data_file` in run.json to where it is now (its bytes are checked against the run's)",
            data_file.display()
        )))
    }

    /// Reads the run's data from `data_file` (the recorded one, or a copy with the same bytes)
    /// and splits it as the run did, with the positive class `results` records (a config
    /// without `positive_class` leaves it to a rule that may have changed since: yes/no labels
    /// took the rarer class until 2026-12-04). `Ok(Err(why))` when the file's bytes are not the
    /// run's.
    pub fn reopen_data(
        &self,
        data_file: &Path,
        results: &RunResults,
    ) -> Result<std::result::Result<(Table, Split), String>> {
        self.check_data_file(data_file)?;
        let mut spec = self.config.data_spec(data_file, &self.target);
        if spec.positive_class.is_none() {
            spec.positive_class = results.target.positive_class.clone().map(Label::Text);
        }
        let table = data::load(&spec)?;
        if table.hash != self.data_blake3 {
            return Ok(Err(format!(
                "{} changed since the run was made (its hash differs)",
                data_file.display()
            )));
        }
        let fractions = self.config.split_fractions();
        let split = stratified_split(
            &table.target,
            fractions.validation,
            fractions.test,
            results.seed,
            &data_file.display().to_string(),
        )?;
        Ok(Ok((table, split)))
    }
}

/// Reads a `results.json`, refusing another layout version. Errors name the file.
pub fn read_results(path: &Path) -> Result<RunResults> {
    let shown = path.display();
    let bytes =
        std::fs::read(path).map_err(|err| Error::input(format!("cannot read {shown}: {err}")))?;
    let not_results =
        |why: String| Error::input(format!("{shown}: not a worthit results.json ({why})"));
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|err| not_results(err.to_string()))?;
    match value
        .get("schema_version")
        .and_then(serde_json::Value::as_u64)
    {
        Some(version) if version == u64::from(SCHEMA_VERSION) => {}
        Some(version) => {
            return Err(Error::input(format!(
            "{shown}: results.json schema_version {version}, this worthit reads {SCHEMA_VERSION}"
        )))
        }
        None => return Err(not_results("no schema_version".to_string())),
    }
    let results = crate::base::json::parse(&bytes).map_err(not_results)?;
    // Read as a run wrote it, but with a value no run writes (a probability of 7.5, a negative
    // time): an edit or damage that the reports would show as it is.
    if let Some(why) = crate::store::check::impossible(&value) {
        return Err(Error::input(format!(
            "{shown}: {why}; a run never writes that, so the file was edited or damaged: restore it from a copy of the run, or run it again"
        )));
    }
    if let Some(why) = misrecorded_model(&results).or_else(|| no_baseline(&results)) {
        return Err(Error::input(format!(
            "{shown}: {why}; a run never writes that, so the file was edited or damaged: restore it from a copy of the run, or run it again"
        )));
    }
    Ok(results)
}

/// The first model of `results` recorded as no run records one ([`crate::sweep::misrecorded`]:
/// a name such as `../../x`, which would name a predictions file outside the run folder), or a
/// name two models share (their predictions would be one file), with its key.
fn misrecorded_model(results: &RunResults) -> Option<String> {
    let models = results.models.iter().map(|m| ("models", m));
    let learning = results
        .learning_models
        .iter()
        .map(|m| ("learning_models", m));
    let all: Vec<_> = models.enumerate().chain(learning.enumerate()).collect();
    all.iter()
        .enumerate()
        .find_map(|(at, (index, (key, model)))| {
            let why = if *key == "models" {
                crate::sweep::misrecorded(model)
            } else {
                crate::store::predictions::unfit_model_name(&model.name)
                    .map(|why| format!("model name `{}`: {why}", terminal_safe(&model.name)))
            };
            let twice = || {
                all[..at]
                    .iter()
                    .any(|(_, (_, m))| m.name.eq_ignore_ascii_case(&model.name))
                    .then(|| format!("a second model named `{}`", model.name))
            };
            why.or_else(twice)
                .map(|why| format!("key `{key}[{index}].name`: {why}"))
        })
}

/// Key `models` without the baseline, which every run and shard trains first and every model
/// is priced against: until 2026-12-06 `worthit report` rendered such a file as a run without
/// models, `--reprice` failed with an internal error, and `compare` listed its models as none.
fn no_baseline(results: &RunResults) -> Option<String> {
    let baseline = crate::sweep::BASELINE;
    (!results
        .models
        .iter()
        .any(|model| model.name == baseline && model.trial.is_none()))
    .then(|| format!("key `models`: no model `{baseline}`, which every run trains first"))
}

/// A finished run folder: its results and its manifest. Errors say why `dir` is not one.
pub fn open_finished(dir: &Path) -> Result<(RunResults, RunManifest)> {
    if !dir.exists() {
        return Err(Error::input(format!(
            "{}: no such run folder",
            dir.display()
        )));
    }
    for name in ["results.json", "run.json"] {
        if !dir.join(name).is_file() {
            return Err(Error::input(format!(
                "{} is not a finished worthit run: it has no {name}",
                dir.display()
            )));
        }
    }
    let results = read_results(&dir.join("results.json"))?;
    // Read even when not needed: a folder without a run.json is not a run, whatever else it has.
    let manifest = RunManifest::read(&dir.join("run.json"))?;
    Ok((results, manifest))
}

/// Refuses a finished run whose stored predictions are missing, before any work that reads them
/// (more trials, a re-pricing): each model's `predictions/<name>.parquet`, and with
/// `checkpoint` the `trials.jsonl` more trials continue. Without this the work ran first and
/// failed at the end, naming the staging folder rather than the run.
pub fn check_stored_work(dir: &Path, results: &RunResults, checkpoint: bool) -> Result<()> {
    let missing = |path: &Path, what: &str| {
        Error::input(format!(
            "{} is missing, so {} cannot be {what}: worthit reads every model from its stored predictions; restore it from a copy of the run, or run it again",
            path.display(),
            dir.display()
        ))
    };
    let checkpoint_file = dir.join(FINISHED_WORK[0]);
    if checkpoint && !checkpoint_file.is_file() {
        return Err(missing(&checkpoint_file, "given more trials"));
    }
    let what = if checkpoint {
        "given more trials"
    } else {
        "priced again"
    };
    let predictions = dir.join(FINISHED_WORK[1]);
    if !predictions.is_dir() {
        return Err(missing(&predictions, what));
    }
    for model in &results.models {
        let file = crate::store::predictions::predictions_file(dir, &model.name);
        if !file.is_file() {
            return Err(missing(&file, what));
        }
    }
    Ok(())
}

/// What a `--resume` continues.
#[derive(Debug, Clone, Copy)]
pub(super) enum Continues {
    /// A run stopped before it landed, from its staging folder.
    Interrupted,
    /// A run that landed, given more trials: it lands again over the folder, with them.
    Finished,
}

/// What a finished run keeps of its work for more trials: its models' checkpoint and their
/// predictions, the learning curve's among them (kept with them, `reprice::learning_models`).
pub(super) const FINISHED_WORK: [&str; 2] = ["trials.jsonl", "predictions"];

/// The run `--resume DIR` continues, with `--trials` and `--stop` in its plan when given: the
/// interrupted run that was to land in `dir`, or, given more trials than it trained, the
/// finished run there.
pub(super) fn resumed_manifest(
    dir: &Path,
    trials: Option<usize>,
    stop: Option<StopMode>,
) -> Result<(RunManifest, Continues)> {
    let interrupted = crate::store::staging::staging_path(dir)?.is_dir();
    let (mut manifest, continues) = match trials {
        Some(trials) if !interrupted && crate::store::staging::is_run_folder(dir) => {
            let (results, manifest) = open_finished(dir)?;
            check_stored_work(dir, &results, true)?;
            let done = results.models.iter().filter(|m| m.is_sweep_trial()).count();
            if trials <= done {
                return Err(Error::input(format!(
                    "--trials {trials}: {} already has {done} trials; ask for more to add any",
                    dir.display()
                )));
            }
            if results.models.iter().any(|m| m.params.is_external()) {
                return Err(Error::input(format!(
                    "{} holds models added with worthit add-model, which more trials would drop; add trials to a copy of the run made before, or add the models again after",
                    dir.display()
                )));
            }
            let mut manifest = manifest;
            // A run merged before its run.json kept the shards' folders has them in its results.
            if manifest.merged_from.is_empty() {
                if let Some(sweep) = &results.sweep {
                    manifest.merged_from = sweep.merged_from.clone();
                }
            }
            (manifest, Continues::Finished)
        }
        None if !interrupted && crate::store::staging::is_run_folder(dir) => {
            return Err(Error::input(format!(
                "{} is a finished run, with nothing to resume; to add trials to it, pass --trials N (more than it has)",
                dir.display()
            )))
        }
        _ => (RunManifest::of_interrupted(dir)?, Continues::Interrupted),
    };
    if let Some(trials) = trials {
        manifest.plan.trials = trials;
    }
    if let Some(stop) = stop {
        manifest.plan.stop = stop;
    }
    manifest.check_data_file(&manifest.data_file)?;
    Ok((manifest, continues))
}
