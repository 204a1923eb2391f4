//! The runs compared: each read from its folder or `results.json`, and the refusals of two runs
//! that answer different questions (another target, data, kind of run), of a model a run does
//! not have, and of one model compared with itself.

use std::path::{Path, PathBuf};

use crate::app::reopen::read_results;
use crate::base::error::{Error, Result};
use crate::base::format::first_few;
use crate::base::suggest::nearest;
use crate::model::ModelResult;
use crate::results::RunResults;

/// A run read from a folder or a `results.json`.
pub struct LoadedRun {
    /// As the user named it.
    pub label: String,
    /// The `results.json` read.
    pub results_path: PathBuf,
    /// The run folder, when it holds `run.json` and `predictions/` (needed to pair).
    pub dir: Option<PathBuf>,
    /// Its contents.
    pub results: RunResults,
}

/// Reads a run folder or its `results.json`. Every problem is a one-line input error naming
/// the file.
pub fn load_run(path: &Path) -> Result<LoadedRun> {
    let label = path.display().to_string();
    if !path.exists() {
        return Err(Error::input(format!(
            "{label}: no such run folder or results.json"
        )));
    }
    let results_path = if path.is_dir() {
        path.join("results.json")
    } else {
        path.to_path_buf()
    };
    if path.is_dir() && !results_path.is_file() {
        return Err(Error::input(format!(
            "{label}: not a finished run folder (it has no results.json)"
        )));
    }
    let results = read_results(&results_path)?;
    let folder = results_path.parent().map(Path::to_path_buf);
    let dir = folder.filter(|f| f.join("run.json").is_file() && f.join("predictions").is_dir());
    Ok(LoadedRun {
        label,
        results_path,
        dir,
        results,
    })
}

/// Checks, before a run is made, that `reference` can be compared with it at all: a bare
/// `results.json` of a run without `[value]` written before its metric's intervals were kept
/// can be compared only paired, which needs its run folder, so `run --compare-to` refuses it at
/// once rather than after the run.
pub fn check_reference(reference: &LoadedRun) -> Result<()> {
    let intervals = reference
        .results
        .models
        .iter()
        .any(|m| m.test_interval.is_some());
    if reference.results.value.is_none() && reference.dir.is_none() && !intervals {
        return Err(Error::input(format!(
            "{}: this run without [value] keeps no interval of its test metric (written before 2026-12-04), so it can only be compared paired on the same test rows, which needs its run folder (with predictions/ and run.json), not a bare results.json",
            reference.label
        )));
    }
    Ok(())
}

/// Refuses, before a `run --compare-to` trains, a run of the other kind than its reference:
/// one priced (`priced`) and the other not.
pub fn check_same_kind(reference: &Path, reference_priced: bool, priced: bool) -> Result<()> {
    if priced == reference_priced {
        return Ok(());
    }
    let reference = reference.display().to_string();
    let (with, without) = if priced {
        ("this run", reference.as_str())
    } else {
        (reference.as_str(), "this run")
    };
    Err(Error::input(format!(
        "--compare-to {reference}: {}",
        kinds_differ(with, without)
    )))
}

/// Why a priced run and an unpriced one are not compared.
fn kinds_differ(priced: &str, unpriced: &str) -> String {
    format!("{priced} has a [value] section and {unpriced} has none; compare needs both priced (net value) or neither (metric units)")
}

/// Why `base` and `cand` are not compared when one of them is priced (`base_priced`: the
/// baseline run): the runs named in the order the command line gives them, baseline first
/// (a priced candidate beside an unpriced baseline read "cannot compare <candidate> and
/// <baseline>" until 2026-12-06).
pub(super) fn one_priced(base: &LoadedRun, cand: &LoadedRun, base_priced: bool) -> Error {
    let (priced, unpriced) = if base_priced {
        (base, cand)
    } else {
        (cand, base)
    };
    Error::input(format!(
        "cannot compare {} and {}: {}",
        base.label,
        cand.label,
        kinds_differ(&priced.label, &unpriced.label)
    ))
}

/// The first 12 hex digits of a BLAKE3 hash: enough to tell two files apart in a message.
fn short_hash(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

/// Refuses runs that answer different questions: another target, task or positive class; or
/// other data, unless `allow_other_data` (then they are compared unpaired).
pub(super) fn check_comparable(
    base: &LoadedRun,
    cand: &LoadedRun,
    allow_other_data: bool,
) -> Result<()> {
    let (b, c) = (&base.results.target, &cand.results.target);
    let describe = |t: &crate::results::TargetInfo| {
        let positive = t
            .positive_class
            .as_ref()
            .map(|p| format!(", positive class `{p}`"))
            .unwrap_or_default();
        format!("`{}` ({}{positive})", t.column, t.task.name())
    };
    if b.column != c.column || b.task != c.task || b.positive_class != c.positive_class {
        return Err(Error::input(format!(
            "cannot compare {} and {}: they predict different targets ({} on {} vs {} on {})",
            base.label,
            cand.label,
            describe(b),
            base.results.dataset.name,
            describe(c),
            cand.results.dataset.name
        )));
    }
    let (b_hash, c_hash) = (&base.results.dataset.blake3, &cand.results.dataset.blake3);
    if b_hash != c_hash && !allow_other_data {
        return Err(Error::input(format!(
            "cannot compare {} and {}: they read different data ({} has hash {}, {} has {}); pass --allow-other-data to compare them unpaired, e.g. after a data refresh",
            base.label,
            cand.label,
            base.results.dataset.file,
            short_hash(b_hash),
            cand.results.dataset.file,
            short_hash(c_hash)
        )));
    }
    Ok(())
}

/// Most of a run's models an error about a model it does not have lists.
const MODELS_LISTED: usize = 12;

/// The model named by `flag` (`--baseline-model`, `--candidate-model`), else the one the run
/// would ship (`shipped`: its best candidate by validation), else its baseline. A name the run
/// does not have is refused with the nearest name it has, or else its models listed (until
/// 2026-12-06 a typo got the whole list and no suggestion).
pub(super) fn pick_model(
    run: &LoadedRun,
    flag: &str,
    named: Option<&str>,
    shipped: Option<String>,
) -> Result<ModelResult> {
    let shipped = shipped.unwrap_or_else(|| "baseline".to_string());
    let name = named.unwrap_or(&shipped);
    if let Some(model) = run.results.models.iter().find(|m| m.name == name) {
        return Ok(model.clone());
    }
    let names: Vec<String> = run.results.models.iter().map(|m| m.name.clone()).collect();
    let listed = first_few(&names, MODELS_LISTED);
    if named.is_none() {
        return Err(Error::input(format!(
            "{}: no model `{name}` (the run has {listed})",
            run.label
        )));
    }
    let hint = match nearest(name, &names) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!("its models are {listed}"),
    };
    Err(Error::input(format!(
        "{}: {flag} names model `{name}`, which the run does not have; {hint}",
        run.label
    )))
}

/// Refuses a model compared with itself: both sides one run (one `results.json`, however it was
/// reached: the folder or its file, a symbolic link) and one model, whose difference is
/// exactly 0 whatever the models are worth, so a gate on it passes and says nothing.
pub(super) fn check_not_itself(
    base: &LoadedRun,
    cand: &LoadedRun,
    b_model: &ModelResult,
    c_model: &ModelResult,
) -> Result<()> {
    if b_model.name != c_model.name {
        return Ok(());
    }
    let Some(runs) = same_run(base, cand) else {
        return Ok(());
    };
    // A run of the baseline alone has no second model to offer.
    let or_models = if base.results.models.len() > 1 {
        ", or two models of this run with --baseline-model and --candidate-model"
    } else {
        ""
    };
    Err(Error::input(format!(
        "{runs}: model `{}` on both sides differs from itself by exactly 0; compare it with another run{or_models}",
        crate::base::text::terminal_safe(&b_model.name)
    )))
}

/// How two loaded runs are one, if they are: the same `results.json` after resolving links and
/// `..`. A copy is another run: a CI job comparing a cached run with the same run made again
/// is right to pass with a difference of 0.
fn same_run(base: &LoadedRun, cand: &LoadedRun) -> Option<String> {
    let (b_label, c_label) = (&base.label, &cand.label);
    let b = std::fs::canonicalize(&base.results_path).ok()?;
    let c = std::fs::canonicalize(&cand.results_path).ok()?;
    match (b == c, b_label == c_label) {
        (false, _) => None,
        (true, true) => Some(format!("{b_label} is compared with itself")),
        (true, false) => Some(format!("{b_label} and {c_label} are the same run")),
    }
}
