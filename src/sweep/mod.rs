//! The sweep: the baseline and then trial after trial, each checkpointed as it ends, until the
//! trial count or the time budget is reached.

pub mod progress;
pub mod shard;
pub mod space;

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::base::error::Result;
use crate::base::format::money;
use crate::base::task::TaskKind;
use crate::data::prepared::PreparedData;
use crate::model::train::train_and_measure;
use crate::model::ModelParams;
use crate::model::ModelResult;
use crate::store::checkpoint::Checkpoint;
use crate::store::predictions::write_predictions;
use crate::store::staging::PendingRun;
use progress::{Progress, ProgressLines};
use space::SearchSpace;

/// Name of the baseline model.
pub const BASELINE: &str = "baseline";

/// What a sweep is asked to do.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SweepPlan {
    /// Candidate trials after the baseline.
    pub trials: usize,
    /// Wall-time budget in seconds for the whole run; no new model starts once it is spent.
    pub budget_seconds: Option<f64>,
    /// The baseline's parameters.
    pub baseline: ModelParams,
    /// Where trials are drawn from.
    pub space: SearchSpace,
    /// Run seed.
    pub seed: u64,
    /// The task (trial parameters depend on it).
    pub task: TaskKind,
    /// The shard of a sweep split across processes; `None` runs every trial.
    #[serde(default)]
    pub shard: Option<shard::Shard>,
    /// Cost budget in the config's currency; no new model starts once it is spent.
    #[serde(default)]
    pub budget_cost: Option<CostBudget>,
    /// Whether to stop once more trials no longer pay (needs `[value]`).
    #[serde(default)]
    pub stop: StopMode,
}

/// `--stop`: whether a sweep may end early because more trials no longer pay.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum StopMode {
    /// Stop where the tuning answer says stop or does not pay (with `[value]`), or when more
    /// trials would improve the metric by less than its noise (without).
    #[default]
    Auto,
    /// Run every trial asked for.
    Never,
}

/// `--budget-cost`: what the sweep may spend, priced from `[value]`'s `core_hour` (per CPU hour
/// of fitting) and `trial_cost` (per model), at the middle of their ranges.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CostBudget {
    /// The budget.
    pub amount: f64,
    /// Price of one CPU core-hour.
    pub core_hour: f64,
    /// Fixed cost of one model.
    pub per_model: f64,
    /// Currency of the amounts, for messages.
    #[serde(default)]
    pub currency: String,
}

impl CostBudget {
    /// What training `model` cost.
    pub fn cost_of(&self, model: &ModelResult) -> f64 {
        self.per_model + model.fit_cpu_seconds / 3600.0 * self.core_hour
    }
}

impl SweepPlan {
    /// Names and parameters of every model the plan asks for, the baseline first.
    pub fn models(&self) -> Vec<(String, Option<u64>, ModelParams)> {
        let mut models = vec![(BASELINE.to_string(), None, self.baseline.clone())];
        for index in 0..self.trials as u64 {
            if self.shard.is_some_and(|shard| !shard.owns(index)) {
                continue;
            }
            models.push((
                trial_name(index),
                Some(index),
                self.space.trial(self.seed, index, self.task),
            ));
        }
        models
    }

    /// Why `model`, read from this run's checkpoint, cannot be one of its models, if it cannot:
    /// [`misrecorded`], or a trial this shard does not train.
    pub fn foreign(&self, model: &ModelResult) -> Option<String> {
        misrecorded(model).or_else(|| {
            let (shard, trial) = self.shard.zip(model.trial)?;
            (!shard.owns(trial)).then(|| {
                format!(
                    "`{}` is trial number {trial}, which shard {}/{} does not train",
                    model.name, shard.index, shard.count
                )
            })
        })
    }
}

/// `trial-0001` for trial index 0: people count from one.
pub fn trial_name(index: u64) -> String {
    format!("trial-{:04}", index.saturating_add(1))
}

/// Why `model` cannot be a model as a run records it (in `results.json` or `trials.jsonl`), if
/// it cannot: a name that cannot name its predictions file, a trial number that is not its
/// name's (`trial-0002` is trial number 1), a model without one that is not the baseline.
/// Models trained elsewhere (`worthit add-model`) carry their own names.
pub fn misrecorded(model: &ModelResult) -> Option<String> {
    let name = crate::base::text::terminal_safe(&model.name);
    if let Some(why) = crate::store::predictions::unfit_model_name(&model.name) {
        return Some(format!("model name `{name}`: {why}"));
    }
    if model.params.is_external() {
        return None;
    }
    match model.trial {
        None if model.name != BASELINE => Some(format!(
            "`{name}` has no trial number, which only the `{BASELINE}` has"
        )),
        Some(trial) if model.name != trial_name(trial) => Some(format!(
            "`{name}` is recorded as trial number {trial}, which is `{}`",
            trial_name(trial)
        )),
        _ => None,
    }
}

/// The sweep's summary in `results.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SweepSummary {
    /// Trials asked for.
    pub trials_requested: usize,
    /// Trials finished (the baseline not counted).
    pub trials_done: usize,
    /// Why the sweep ended, in plain words.
    pub stopped_because: String,
    /// The time budget, if any.
    pub budget_seconds: Option<f64>,
    /// Models taken over from an interrupted run.
    pub resumed_models: usize,
    /// The shard this run was, if the sweep was split.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<shard::Shard>,
    /// Shard folders merged into this run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged_from: Vec<String>,
    /// The shards a merge left out, and their trials (`worthit merge --allow-missing-shards`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing_shards: Option<shard::MissingShards>,
}

/// What every reason `--stop auto` gives for ending a run without `[value]` carries, so the
/// analysis can tell the rule ended the sweep rather than would have.
pub const UNPRICED_AUTO_STOP: &str = "--stop auto without [value]";

/// The same for a priced run, whose `--stop auto` follows the tuning answer.
pub const PRICED_AUTO_STOP: &str = "(--stop auto)";

impl SweepSummary {
    /// Whether `--stop auto` ended this run (the tuning answer when priced, the noise rule
    /// without `[value]`), not the trial count, a budget or a shard.
    pub fn stopped_by_auto(&self) -> bool {
        self.stopped_because.contains(UNPRICED_AUTO_STOP)
            || self.stopped_because.contains(PRICED_AUTO_STOP)
    }

    /// The warning every answer of a run merged from some shards only opens with, since it reads
    /// part of the sweep: "Partial sweep: shard 1/3 was not merged, so 2 of the 6 trials are
    /// missing (trial-0002, trial-0005); ...".
    pub fn partial_warning(&self) -> Option<String> {
        let missing = self.missing_shards.as_ref()?;
        let verb = if missing.shards.len() == 1 {
            "was"
        } else {
            "were"
        };
        let lack = if missing.trials.len() == 1 {
            "is"
        } else {
            "are"
        };
        Some(format!(
            "Partial sweep: {} {verb} not merged, so {} {lack} missing; the answers below read the {} trials merged, not the whole sweep. Merge again with every shard's folder for the sweep's answer.",
            missing.named(),
            missing.trials_of(self.trials_requested),
            self.trials_done
        ))
    }
}

/// What the sweep asks before each trial, given the models finished so far and a way to warn
/// the user while it runs: the reason to stop, if it should.
pub(crate) type BeforeTrial<'a> =
    dyn FnMut(&[ModelResult], &dyn Fn(&str)) -> Result<Option<String>> + 'a;

/// Trains every model of `plan` not in `done`, checkpointing each, and returns all models in
/// plan order with the summary.
pub(crate) fn run(
    prepared: &PreparedData,
    plan: &SweepPlan,
    pending: &mut PendingRun,
    done: Vec<ModelResult>,
    lines: ProgressLines,
    should_stop: &mut BeforeTrial<'_>,
) -> Result<(Vec<ModelResult>, SweepSummary)> {
    let started = Instant::now();
    let budget = plan
        .budget_seconds
        .and_then(|seconds| Duration::try_from_secs_f64(seconds).ok());
    let resumed_models = done.len();
    let mut finished = done;
    let mut checkpoint = Checkpoint::open(pending.dir())?;
    let planned = plan.models();
    let mut progress = Progress::new(planned.len(), lines);
    for model in &finished {
        progress.finished(model, true);
    }
    let mut spent: f64 = plan.budget_cost.as_ref().map_or(0.0, |budget| {
        finished.iter().map(|m| budget.cost_of(m)).sum()
    });
    let mut stopped_because = match plan.shard {
        Some(shard) => format!(
            "all trials of shard {}/{} finished",
            shard.index, shard.count
        ),
        // "all 0 trials finished" read as if a sweep had run.
        None if plan.trials == 0 => "no trials were asked for".to_string(),
        None => format!("all {} trials finished", plan.trials),
    };
    for (name, trial, params) in planned {
        if finished.iter().any(|m| m.name == name) {
            continue;
        }
        // Budgets stop candidates only: the baseline always trains, or there is no answer.
        if let (Some(budget), Some(_)) = (budget, trial) {
            if started.elapsed() >= budget {
                stopped_because = format!(
                    "the time budget of {} was spent",
                    humantime::format_duration(Duration::from_secs(budget.as_secs()))
                );
                break;
            }
        }
        if let (Some(budget), Some(_)) = (&plan.budget_cost, trial) {
            if spent >= budget.amount {
                stopped_because = format!(
                    "the cost budget of {} was spent ({} so far)",
                    money(budget.amount, &budget.currency),
                    money(spent, &budget.currency)
                );
                break;
            }
        }
        if trial.is_some() {
            if let Some(reason) = should_stop(&finished, &|line| progress.warn(line))? {
                stopped_because = reason;
                break;
            }
        }
        progress.starting(&name, &params);
        let (result, predictions) = train_and_measure(prepared, &name, trial, &params)?;
        write_predictions(pending, prepared, &name, &predictions)?;
        checkpoint.append(&result)?;
        pending.keep_on_failure();
        if let Some(budget) = &plan.budget_cost {
            spent += budget.cost_of(&result);
        }
        progress.finished(&result, false);
        finished.push(result);
    }
    progress.done();
    // Plan order (baseline, trial-0001, ...) whatever order a resume finished them in.
    let order: Vec<String> = plan.models().into_iter().map(|(name, _, _)| name).collect();
    finished.sort_by_key(|m| {
        order
            .iter()
            .position(|n| *n == m.name)
            .unwrap_or(usize::MAX)
    });
    let trials_done = finished.iter().filter(|m| m.trial.is_some()).count();
    Ok((
        finished,
        SweepSummary {
            trials_requested: plan.trials,
            trials_done,
            stopped_because,
            budget_seconds: plan.budget_seconds,
            resumed_models,
            shard: plan.shard,
            merged_from: Vec::new(),
            missing_shards: None,
        },
    ))
}
