//! `worthit merge`: joins the folders of a sharded sweep into one run, refusing folders that
//! are not shards of the same sweep (other data, seed, search space or plan). A model added to
//! a shard with `worthit add-model` comes along (the shards share the split its predictions were
//! checked against); one name added to two shards is refused.

use std::path::{Path, PathBuf};

use super::render::write_reports;
use super::reopen::{open_finished, RunManifest};
use super::reprice::reprice;
use crate::base::error::{io_error, Error, Result};
use crate::results::RunResults;
use crate::store::predictions::predictions_file;
use crate::store::staging::PendingRun;
use crate::sweep::shard::{MissingShards, Shard};

/// One shard folder, read.
struct ShardRun {
    dir: PathBuf,
    manifest: RunManifest,
    results: RunResults,
}

/// Merges `dirs` into `out` (default: the first folder's name without its `-shard-K-of-N`).
/// Shards of the sweep left out are refused, naming them and their trials, unless
/// `allow_missing` (`--allow-missing-shards`): then the merged run records them, and every
/// answer it gives opens with the warning that it reads part of the sweep.
pub fn merge(
    dirs: &[PathBuf],
    out: Option<&Path>,
    force: bool,
    allow_missing: bool,
) -> Result<(PathBuf, RunResults)> {
    if dirs.is_empty() {
        return Err(Error::input("name the shard folders to merge"));
    }
    let mut shards = Vec::new();
    for dir in dirs {
        let (results, manifest) = open_finished(dir)?;
        shards.push(ShardRun {
            dir: dir.clone(),
            manifest,
            results,
        });
    }
    let first = &shards[0];
    let mut seen = Vec::new();
    for shard in &shards {
        let name = shard.dir.display();
        let (a, b) = (&first.manifest, &shard.manifest);
        let differs = |what: &str| {
            Error::input(format!(
                "{name} is not a shard of the same sweep as {}: its {what} differs",
                first.dir.display()
            ))
        };
        if a.data_blake3 != b.data_blake3 {
            return Err(differs("data (file hash)"));
        }
        if a.plan.seed != b.plan.seed {
            return Err(differs("seed"));
        }
        if a.plan.space != b.plan.space {
            return Err(differs("search space"));
        }
        if a.target != b.target
            || a.plan.trials != b.plan.trials
            || a.plan.baseline != b.plan.baseline
        {
            return Err(differs("target, trial count or baseline"));
        }
        let Some(this) = b.plan.shard else {
            return Err(Error::input(format!("{name} is a whole run, not a shard")));
        };
        if first.manifest.plan.shard.map(|s| s.count) != Some(this.count) {
            return Err(differs("shard count"));
        }
        if seen.contains(&this.index) {
            return Err(Error::input(format!(
                "{name}: shard {}/{} is named twice",
                this.index, this.count
            )));
        }
        seen.push(this.index);
    }
    seen.sort_unstable();
    let count = first.manifest.plan.shard.map_or(1, |s| s.count);
    let missing = MissingShards::of(count, &seen, first.manifest.plan.trials);
    if let (Some(missing), false) = (&missing, allow_missing) {
        return Err(Error::input(format!(
            "{} of the sweep {} not given{}, and with {} {}: give every shard's folder, or pass --allow-missing-shards to merge {} of {count} shards into a run whose answers say what it lacks",
            missing.named(),
            if missing.shards.len() == 1 { "is" } else { "are" },
            expected_folders(&first.dir, first.manifest.plan.shard, missing),
            if missing.shards.len() == 1 { "it" } else { "them" },
            missing.trials_of(first.manifest.plan.trials),
            seen.len(),
        )));
    }

    let mut plan = first.manifest.plan.clone();
    plan.shard = None;
    let order: Vec<String> = plan.models().into_iter().map(|(name, _, _)| name).collect();
    let mut models = Vec::new();
    let mut sources = Vec::new();
    for shard in &shards {
        for model in &shard.results.models {
            let same = |m: &crate::model::ModelResult| m.name.eq_ignore_ascii_case(&model.name);
            let Some(at) = models.iter().position(same) else {
                models.push(model.clone());
                sources.push((model.name.clone(), shard.dir.clone()));
                continue;
            };
            // The sweep's own models repeat across shards (the baseline); a model added with
            // `worthit add-model` to two shards under one name may be two different models.
            if model.params.is_external() || models[at].params.is_external() {
                return Err(Error::input(format!(
                    "{} and {} both hold a model `{}` (one added with worthit add-model); merge without one of them, or add it to the merged run with worthit add-model instead",
                    sources[at].1.display(),
                    shard.dir.display(),
                    crate::base::text::terminal_safe(&model.name)
                )));
            }
        }
    }
    models.sort_by_key(|m| {
        order
            .iter()
            .position(|n| *n == m.name)
            .unwrap_or(usize::MAX)
    });
    // Models added with `worthit add-model` come along, after the sweep's models and numbered
    // after every one of them (each shard numbered its own after its own trials only).
    let first_free = models
        .iter()
        .filter(|m| !m.params.is_external())
        .filter_map(|m| m.trial)
        .max()
        .map_or(0, |t| t + 1);
    let added = models.iter_mut().filter(|m| m.params.is_external());
    for (trial, model) in (first_free..).zip(added) {
        model.trial = Some(trial);
    }

    let merged_from: Vec<String> = shards.iter().map(|s| s.dir.display().to_string()).collect();
    let mut results = first.results.clone();
    results.models = models;
    results.timings.total_seconds = shards
        .iter()
        .map(|s| s.results.timings.total_seconds)
        .fold(0.0, f64::max);
    results.peak_memory_bytes = shards
        .iter()
        .map(|s| s.results.peak_memory_bytes)
        .max()
        .unwrap_or(0);
    if let Some(sweep) = results.sweep.as_mut() {
        sweep.trials_done = results.models.iter().filter(|m| m.is_sweep_trial()).count();
        sweep.shard = None;
        sweep.stopped_because = match &missing {
            Some(missing) => format!(
                "{} of {count} shards were merged; {} {} missing",
                seen.len(),
                missing.named(),
                if missing.shards.len() == 1 {
                    "is"
                } else {
                    "are"
                }
            ),
            None => merged_stop(&shards, count),
        };
        sweep.merged_from = merged_from.clone();
        sweep.missing_shards = missing;
    }

    let out = match out {
        Some(out) => out.to_path_buf(),
        None => default_merged_dir(
            &first.dir,
            count,
            first.manifest.plan.shard.map_or(0, |s| s.index),
        ),
    };
    // The shards and the data are inputs: --force never replaces a folder holding one.
    crate::store::staging::check_not_inside(&out, dirs)?;
    let mut protected = dirs.to_vec();
    protected.push(first.manifest.data_file.clone());
    let pending = PendingRun::create(&out, force, protected)?;
    let mut manifest = first.manifest.clone();
    manifest.plan = plan;
    manifest.merged_from = merged_from;
    let json = serde_json::to_vec_pretty(&manifest)
        .map_err(|err| Error::internal(format!("cannot encode run.json: {err}")))?;
    pending.write("run.json", &json)?;
    let mut lines = Vec::new();
    // trials.jsonl is the sweep's checkpoint: models added with add-model stay out of it.
    for model in results.models.iter().filter(|m| !m.params.is_external()) {
        lines.extend(serde_json::to_vec(model).map_err(|err| Error::internal(err.to_string()))?);
        lines.push(b'\n');
    }
    pending.write("trials.jsonl", &lines)?;
    copy(
        &first.dir.join("split.parquet"),
        &pending.dir().join("split.parquet"),
    )?;
    let predictions = pending.dir().join("predictions");
    std::fs::create_dir_all(&predictions).map_err(|err| io_error("create", &predictions, err))?;
    for (name, dir) in &sources {
        copy(
            &predictions_file(dir, name),
            &predictions_file(pending.dir(), name),
        )?;
    }
    reprice(pending.dir(), &manifest, &mut results)?;
    write_reports(&pending, &results)?;
    let dir = pending.commit()?;
    Ok((dir, results))
}

/// Why the sweep of shards all merged ended: each shard's own reason where a shard stopped
/// before its last trial (its budget was spent), which "all finished" would hide.
fn merged_stop(shards: &[ShardRun], count: u64) -> String {
    let early: Vec<String> = shards
        .iter()
        .filter_map(|shard| {
            let sweep = shard.results.sweep.as_ref()?;
            let own = shard.manifest.plan.models().len().saturating_sub(1);
            let done = shard
                .results
                .models
                .iter()
                .filter(|m| m.is_sweep_trial())
                .count();
            let at = shard.manifest.plan.shard?;
            let noun = if own == 1 { "trial" } else { "trials" };
            (done < own).then(|| {
                format!(
                    "shard {}/{} stopped after {done} of its {own} {noun} because {}",
                    at.index, at.count, sweep.stopped_because
                )
            })
        })
        .collect();
    if early.is_empty() {
        format!("all {count} shards finished and were merged")
    } else {
        format!("all {count} shards were merged; {}", early.join("; "))
    }
}

/// " (sweep-shard-1-of-3)": the folders the missing shards would have, beside the first one
/// given, when its name is a shard folder's; else nothing.
fn expected_folders(first: &Path, shard: Option<Shard>, missing: &MissingShards) -> String {
    let Some(shard) = shard else {
        return String::new();
    };
    let name = first
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let Some(base) = name.strip_suffix(&shard.suffix()) else {
        return String::new();
    };
    let folders: Vec<String> = missing
        .shards
        .iter()
        .map(|&index| {
            let suffix = Shard {
                index,
                count: shard.count,
            }
            .suffix();
            first
                .with_file_name(format!("{base}{suffix}"))
                .display()
                .to_string()
        })
        .collect();
    format!(" ({})", crate::base::format::first_few(&folders, 3))
}

fn copy(from: &Path, to: &Path) -> Result<()> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|err| Error::input(format!("cannot copy {}: {err}", from.display())))
}

/// `reports/sweep-shard-0-of-3` merges into `reports/sweep`.
fn default_merged_dir(first: &Path, count: u64, index: u64) -> PathBuf {
    let name = first
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let suffix = format!("-shard-{index}-of-{count}");
    let base = name
        .strip_suffix(&suffix)
        .map_or(format!("{name}-merged"), str::to_string);
    first.with_file_name(base)
}
