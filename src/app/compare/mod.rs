//! `worthit compare`: the CI gate. Is the candidate run's model worth at least the baseline
//! run's, net of cost (or, for runs without `[value]`, in the baseline run's metric), beyond the
//! noise of a finite test set?
//!
//! Two runs on the same data and split are compared on the same test rows (a paired bootstrap,
//! as within a run), which cancels what the two models share; otherwise each run's own interval
//! (of a net value, or of a test metric) is combined under a normal approximation (unpaired,
//! wider). The verdict puts the 90% interval of the difference against one bar, so a CI job can
//! tell a loss from noise.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::reopen::read_results;
use crate::analysis::metric_summary::{MetricModel, MetricRun, MetricUnits};
use crate::base::error::{Error, Result};
use crate::base::format::{number, signed_money, thousands, within_negligible_of, NEGLIGIBLE};
use crate::model::ModelResult;
use crate::results::RunResults;
use crate::value::bootstrap::LEVEL;
use crate::value::number::{check_flag_amount, AmountFloor};
use crate::value::schema::ModelValue;
use crate::value::schema::ValueResults;
use pairing::{metric_pairing, normal_difference, pairing, unpaired, Unpaired};

/// What the gate asks of the candidate.
#[derive(Debug, Clone, Default)]
pub struct GateOptions {
    /// The difference must be at least this (absent: no gain is required).
    pub min_gain: Option<f64>,
    /// The difference may be as low as minus this (0 when absent).
    pub max_loss: Option<f64>,
    /// An inconclusive verdict exits 0 instead of 3.
    pub inconclusive_ok: bool,
    /// The baseline run's model (default: the model the run would ship).
    pub baseline_model: Option<String>,
    /// The candidate run's model (default: the model the run would ship).
    pub candidate_model: Option<String>,
    /// Compare runs on different data (unpaired) instead of refusing them.
    pub allow_other_data: bool,
}

/// The gate's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The whole interval is at or above the bar.
    Pass,
    /// The whole interval is below the bar.
    Fail,
    /// The interval straddles the bar: the test set cannot tell.
    Inconclusive,
}

impl Verdict {
    /// Lower-case name, as in the JSON.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Inconclusive => "inconclusive",
        }
    }
}

/// One side of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// The run folder or `results.json` as given.
    pub file: String,
    /// Dataset name.
    pub dataset: String,
    /// BLAKE3 of its data file.
    pub data_blake3: String,
    /// The model compared.
    pub model: String,
    /// Its net value over the horizon (in paired mode, as priced together with the other side);
    /// absent when the runs are compared in metric units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net_value: Option<f64>,
    /// Low end of the net value's 90% interval over the test rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net_value_low: Option<f64>,
    /// High end of that interval.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub net_value_high: Option<f64>,
    /// Its metric on its run's test rows, when the runs are compared in metric units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_value: Option<f64>,
    /// Low end of the metric's 90% interval over the test rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_value_low: Option<f64>,
    /// High end of that interval.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric_value_high: Option<f64>,
}

impl Side {
    /// The side's amount (net value or metric) and its 90% interval, when it has one.
    pub fn amount(&self) -> (Option<f64>, Option<(f64, f64)>) {
        match self.net_value {
            Some(net) => (Some(net), self.net_value_low.zip(self.net_value_high)),
            None => (
                self.metric_value,
                self.metric_value_low.zip(self.metric_value_high),
            ),
        }
    }
}

/// The difference candidate - baseline in net value, or in metric units the candidate's gain
/// (positive is better whatever the metric's direction).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Difference {
    /// Observed difference.
    pub mean: f64,
    /// Low end of the 90% interval.
    pub low: f64,
    /// High end of the 90% interval.
    pub high: f64,
    /// Share of resamples (paired) or of the normal approximation (unpaired) above 0.
    pub p_positive: f64,
}

/// Everything `worthit compare` found, as `--format json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// pass, fail or inconclusive.
    pub verdict: Verdict,
    /// The process exit code this comparison gives.
    pub exit_code: i32,
    /// Why, in one sentence.
    pub reason: String,
    /// Whether both models were scored on the same resampled test rows.
    pub paired: bool,
    /// How the interval was made, in words.
    pub method: String,
    /// Currency of every amount; in metric units, the unit (`ROC-AUC`, `RMSE reduction`).
    pub currency: String,
    /// Years the net values are counted over (the baseline run's); absent in metric units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub horizon_years: Option<f64>,
    /// The metric compared when neither run has `[value]` (the baseline run's, e.g. `roc_auc`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    /// Coverage of the interval (0.9).
    pub level: f64,
    /// The run compared against.
    pub baseline: Side,
    /// The run under test.
    pub candidate: Side,
    /// Candidate net value minus baseline net value (in metric units, the candidate's gain).
    pub difference: Difference,
    /// The lowest difference that passes: max(-max_loss, min_gain).
    pub bar: f64,
    /// `--min-gain`, if given.
    pub min_gain: Option<f64>,
    /// `--max-loss` (0 by default).
    pub max_loss: f64,
    /// Things the reader should know (why not paired, differing settings).
    pub notes: Vec<String>,
}

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

/// Compares the run at `candidate` with the one at `baseline`.
pub fn compare_paths(
    baseline: &Path,
    candidate: &Path,
    options: &GateOptions,
) -> Result<Comparison> {
    compare(&load_run(baseline)?, &load_run(candidate)?, options)
}

/// Compares two loaded runs.
pub fn compare(base: &LoadedRun, cand: &LoadedRun, options: &GateOptions) -> Result<Comparison> {
    let max_loss = check_flag_amount(
        "--max-loss",
        options.max_loss.unwrap_or(0.0),
        AmountFloor::Zero,
    )?;
    if let Some(gain) = options.min_gain {
        check_flag_amount("--min-gain", gain, AmountFloor::None)?;
    }
    check_comparable(base, cand)?;
    let (b_hash, c_hash) = (&base.results.dataset.blake3, &cand.results.dataset.blake3);
    if b_hash != c_hash && !options.allow_other_data {
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
    let measured = match (&base.results.value, &cand.results.value) {
        (Some(b_value), Some(c_value)) => net_values(base, cand, b_value, c_value, options)?,
        (None, None) => metrics(base, cand, options)?,
        (Some(_), None) => return Err(one_priced(base, cand, true)),
        (None, Some(_)) => return Err(one_priced(base, cand, false)),
    };
    let Measured {
        paired,
        sides: [b_side, c_side],
        difference,
        method,
        currency,
        horizon_years,
        metric,
        notes,
    } = measured;
    // Adding 0 turns the -0 of `--max-loss 0` into 0, which JSON would print as -0.0.
    let bar = options
        .min_gain
        .map_or(-max_loss, |gain| gain.max(-max_loss))
        + 0.0;
    let verdict = gate(&difference, bar);
    let exit_code = match verdict {
        Verdict::Pass => 0,
        Verdict::Fail => 1,
        Verdict::Inconclusive if options.inconclusive_ok => 0,
        Verdict::Inconclusive => 3,
    };
    let reason = reason(verdict, &difference, bar, &currency);
    Ok(Comparison {
        verdict,
        exit_code,
        reason,
        paired,
        method,
        currency,
        horizon_years,
        metric,
        level: LEVEL,
        baseline: b_side,
        candidate: c_side,
        difference,
        bar,
        min_gain: options.min_gain,
        max_loss,
        notes,
    })
}

/// What the two sides measured, in money or in metric units, before the bar is applied.
struct Measured {
    paired: bool,
    /// The baseline's side, then the candidate's.
    sides: [Side; 2],
    difference: Difference,
    method: String,
    currency: String,
    horizon_years: Option<f64>,
    metric: Option<String>,
    notes: Vec<String>,
}

/// The paired bootstrap's summary as the gate's difference.
fn difference_of(d: &crate::value::bootstrap::BootstrapSummary) -> Difference {
    Difference {
        mean: d.mean,
        low: d.low,
        high: d.high,
        p_positive: d.p_positive,
    }
}

/// How a paired interval was made, in words.
fn paired_method(base: &LoadedRun, resamples: usize) -> String {
    format!(
        "paired bootstrap over the same {} test rows, {} resamples",
        thousands(base.results.split.test as f64),
        thousands(resamples as f64)
    )
}

/// Two priced runs: the difference of the models' net values.
fn net_values(
    base: &LoadedRun,
    cand: &LoadedRun,
    b_value: &ValueResults,
    c_value: &ValueResults,
    options: &GateOptions,
) -> Result<Measured> {
    let both = format!("{} and {}", base.label, cand.label);
    if b_value.kind != c_value.kind {
        return Err(Error::input(format!(
            "cannot compare {both}: their [value] sections price differently ({:?} vs {:?})",
            b_value.kind, c_value.kind
        )));
    }
    if b_value.currency != c_value.currency {
        return Err(Error::input(format!(
            "cannot compare {both}: their amounts are in different currencies (`{}` vs `{}`)",
            b_value.currency, c_value.currency
        )));
    }
    let shipped = |value: &ValueResults| value.best.as_ref().map(|best| best.name.clone());
    let b_model = pick_model(base, options.baseline_model.as_deref(), shipped(b_value))?;
    let c_model = pick_model(cand, options.candidate_model.as_deref(), shipped(c_value))?;
    check_not_itself(base, cand, &b_model, &c_model)?;
    let mut notes = Vec::new();
    if b_value.horizon_years != c_value.horizon_years
        || b_value.decisions_per_year != c_value.decisions_per_year
    {
        notes.push(format!(
            "the runs assume different volumes or horizons ({} vs {} decisions a year, {} vs {} years)",
            b_value.decisions_per_year,
            c_value.decisions_per_year,
            b_value.horizon_years,
            c_value.horizon_years
        ));
    }
    let (paired, b_net, c_net, difference, method) = match pairing(base, cand, &b_model, &c_model) {
        Ok((pair, note)) => {
            notes.extend(note);
            let d = pair.difference;
            (
                true,
                Amount::net(&pair.baseline),
                Amount::net(&pair.candidate),
                difference_of(&d),
                paired_method(base, d.resamples),
            )
        }
        Err(Unpaired::Because(why)) => {
            notes.push(format!("not paired: {why}"));
            let b = value_of(base, &b_model)?;
            let c = value_of(cand, &c_model)?;
            (
                false,
                Amount::net(b),
                Amount::net(c),
                unpaired(base, b, cand, c)?,
                "unpaired: each run's own 90% net-value interval, combined under a normal approximation"
                    .to_string(),
            )
        }
        Err(Unpaired::Failed(err)) => return Err(err),
    };
    Ok(Measured {
        paired,
        sides: [side(base, &b_model, b_net), side(cand, &c_model, c_net)],
        difference,
        method,
        currency: b_value.currency.clone(),
        horizon_years: Some(b_value.horizon_years),
        metric: None,
        notes,
    })
}

/// Two runs without `[value]`: the candidate's gain in the baseline run's metric, on the same
/// resampled test rows; runs that cannot be paired through each run's own interval of its
/// models' test metric, where it keeps one.
fn metrics(base: &LoadedRun, cand: &LoadedRun, options: &GateOptions) -> Result<Measured> {
    let metric_of = |run: &LoadedRun| {
        run.results
            .analysis
            .as_ref()
            .and_then(|a| a.units.as_ref())
            .map(|u| u.metric.clone())
    };
    let metric =
        metric_of(base).unwrap_or_else(|| base.results.target.task.primary_metric().to_string());
    let known = crate::metrics::of_task(base.results.target.task);
    if !known.contains(&metric.as_str()) {
        return Err(Error::input(format!(
            "{}: its analysis answers in `{metric}`, which is no {} metric worthit measures ({})",
            base.results_path.display(),
            base.results.target.task.name(),
            known.join(", ")
        )));
    }
    let units = MetricUnits::of(&metric);
    let mut notes = Vec::new();
    if let Some(other) = metric_of(cand).filter(|other| *other != metric) {
        notes.push(format!(
            "the candidate run answered in {other}; both models are scored on the baseline run's {metric}"
        ));
    }
    let b_model = pick_model(
        base,
        options.baseline_model.as_deref(),
        best_by_metric(base, &units),
    )?;
    let c_model = pick_model(
        cand,
        options.candidate_model.as_deref(),
        best_by_metric(cand, &units),
    )?;
    check_not_itself(base, cand, &b_model, &c_model)?;
    let test_metric = |model: &ModelResult| model.test.get(&metric);
    let own = |model: &ModelResult, interval: Option<(f64, f64)>| Amount {
        net: false,
        value: test_metric(model),
        interval,
    };
    let (paired, [b_amount, c_amount], difference, method) = match metric_pairing(
        base, cand, &b_model, &c_model, &metric,
    ) {
        Ok(resampled) => {
            let gain = resampled
                .gains
                .first()
                .ok_or_else(|| Error::internal("compare: the paired resamples hold no gain"))?;
            let interval = |i: usize| resampled.metrics.get(i).map(|m| (m.low, m.high));
            (
                true,
                [own(&b_model, interval(0)), own(&c_model, interval(1))],
                difference_of(gain),
                paired_method(base, gain.resamples),
            )
        }
        Err(Unpaired::Because(why)) => {
            // Each run keeps the interval of its baseline's and its pick's test metric. Only
            // their widths are read, which a metric's direction does not change.
            let interval = |run: &LoadedRun, model: &ModelResult| {
                let kept = model.test_interval.as_ref().filter(|i| i.metric == metric);
                match (kept, test_metric(model)) {
                        (Some(i), Some(value)) => Ok(((i.low, i.high), value)),
                        _ => Err(Error::input(format!(
                            "cannot compare {} and {} in metric units unpaired ({why}): {} keeps no interval of `{}`'s test {metric} (a run without [value] keeps one for its baseline and the candidate it picks, since 2026-12-04); compare run folders on the same data and seed, or run it again",
                            base.label, cand.label, run.label, model.name
                        ))),
                    }
            };
            let (b_interval, b_test) = interval(base, &b_model)?;
            let (c_interval, c_test) = interval(cand, &c_model)?;
            notes.push(format!("not paired: {why}"));
            (
                    false,
                    [own(&b_model, Some(b_interval)), own(&c_model, Some(c_interval))],
                    normal_difference(units.gain(c_test, b_test), b_interval, c_interval),
                    format!("unpaired: each run's own 90% interval of its test {metric}, combined under a normal approximation"),
                )
        }
        Err(Unpaired::Failed(err)) => return Err(err),
    };
    Ok(Measured {
        paired,
        sides: [
            side(base, &b_model, b_amount),
            side(cand, &c_model, c_amount),
        ],
        difference,
        method,
        currency: units.unit,
        horizon_years: None,
        metric: Some(metric),
        notes,
    })
}

/// The candidate an unpriced run would ship: the best validation metric, as its verdict picks
/// it ([`MetricRun::best_candidate`]); `None` without candidates.
fn best_by_metric(run: &LoadedRun, units: &MetricUnits) -> Option<String> {
    let models: Vec<MetricModel> = run
        .results
        .models
        .iter()
        .filter_map(|m| MetricModel::of(m, &units.metric))
        .collect();
    MetricRun {
        units,
        models: &models,
        test_rows: run.results.split.test,
        seed: run.results.seed,
        auto_stopped: run
            .results
            .sweep
            .as_ref()
            .is_some_and(|s| s.stopped_by_auto()),
    }
    .best_candidate()
    .map(|best| best.name.clone())
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
fn one_priced(base: &LoadedRun, cand: &LoadedRun, base_priced: bool) -> Error {
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

/// Refuses runs that answer different questions: another target, task or positive class.
fn check_comparable(base: &LoadedRun, cand: &LoadedRun) -> Result<()> {
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
    Ok(())
}

/// The model named, else the one the run would ship (`shipped`: its best candidate by
/// validation), else its baseline.
fn pick_model(
    run: &LoadedRun,
    named: Option<&str>,
    shipped: Option<String>,
) -> Result<ModelResult> {
    let shipped = shipped.unwrap_or_else(|| "baseline".to_string());
    let name = named.unwrap_or(&shipped);
    run.results
        .models
        .iter()
        .find(|m| m.name == name)
        .cloned()
        .ok_or_else(|| {
            let names: Vec<&str> = run.results.models.iter().map(|m| m.name.as_str()).collect();
            Error::input(format!(
                "{}: no model `{name}` (the run has {})",
                run.label,
                names.join(", ")
            ))
        })
}

/// Refuses a model compared with itself: both sides one run (one `results.json`, however it was
/// reached: the folder or its file, a symbolic link) and one model, whose difference is
/// exactly 0 whatever the models are worth, so a gate on it passes and says nothing.
fn check_not_itself(
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

fn value_of<'r>(run: &'r LoadedRun, model: &ModelResult) -> Result<&'r ModelValue> {
    run.results
        .value
        .as_ref()
        .and_then(|v| v.models.iter().find(|m| m.name == model.name))
        .ok_or_else(|| {
            Error::input(format!(
                "{}: model `{}` has no value in its results.json",
                run.label, model.name
            ))
        })
}

/// One side's amount as measured: a net value or a test metric, with its 90% interval.
struct Amount {
    net: bool,
    value: Option<f64>,
    interval: Option<(f64, f64)>,
}

impl Amount {
    fn net(value: &ModelValue) -> Amount {
        Amount {
            net: true,
            value: Some(value.net_value),
            interval: value.net_value_interval.as_ref().map(|i| (i.low, i.high)),
        }
    }
}

fn side(run: &LoadedRun, model: &ModelResult, amount: Amount) -> Side {
    let (low, high) = (
        amount.interval.map(|(low, _)| low),
        amount.interval.map(|(_, high)| high),
    );
    let (net, metric) = (amount.net, !amount.net);
    Side {
        file: run.label.clone(),
        dataset: run.results.dataset.name.clone(),
        data_blake3: run.results.dataset.blake3.clone(),
        model: model.name.clone(),
        net_value: amount.value.filter(|_| net),
        net_value_low: low.filter(|_| net),
        net_value_high: high.filter(|_| net),
        metric_value: amount.value.filter(|_| metric),
        metric_value_low: low.filter(|_| metric),
        metric_value_high: high.filter(|_| metric),
    }
}

/// The gate's verdict on the interval of `d` against `bar`. An interval within what every report
/// writes as 0 of the bar (two near-perfect models on one side and the other of it by a
/// hundred-millionth of ROC-AUC) is the bar itself, as a run compared with itself is: it passes.
fn gate(d: &Difference, bar: f64) -> Verdict {
    if d.low >= bar || within_negligible_of(d.low, d.high, bar) {
        Verdict::Pass
    } else if d.high < bar {
        Verdict::Fail
    } else {
        Verdict::Inconclusive
    }
}

fn reason(verdict: Verdict, d: &Difference, bar: f64, currency: &str) -> String {
    let bar_text = signed_money(bar, currency);
    if verdict == Verdict::Pass && d.low < bar {
        return format!(
            "the whole 90% interval lies within {} of the bar of {bar_text}: no difference to tell",
            number(NEGLIGIBLE)
        );
    }
    match verdict {
        Verdict::Pass => format!(
            "the whole 90% interval is at or above the bar of {bar_text} (its low end is {})",
            signed_money(d.low, currency)
        ),
        Verdict::Fail => format!(
            "the whole 90% interval is below the bar of {bar_text} (its high end is {})",
            signed_money(d.high, currency)
        ),
        Verdict::Inconclusive => format!(
            "the 90% interval ({} to {}) straddles the bar of {bar_text}: the test rows cannot tell",
            signed_money(d.low, currency),
            signed_money(d.high, currency)
        ),
    }
}

mod pairing;
mod render;

#[cfg(test)]
mod tests {
    use super::*;

    fn difference(low: f64, high: f64) -> Difference {
        Difference {
            mean: (low + high) / 2.0,
            low,
            high,
            p_positive: 0.5,
        }
    }

    #[test]
    fn an_interval_at_the_bar_passes_and_says_why() {
        // Two near-perfect classifiers: the candidate 0.00000003 ROC-AUC under to 0.0000002 over.
        let d = difference(-3e-8, 2e-7);
        assert_eq!(gate(&d, 0.0), Verdict::Pass);
        assert_eq!(
            reason(Verdict::Pass, &d, 0.0, "ROC-AUC"),
            "the whole 90% interval lies within 0.000001 of the bar of 0 ROC-AUC: no difference to tell"
        );
        // Past it, the same interval straddles the bar, and a clear one passes or fails.
        assert_eq!(gate(&difference(-3e-6, 2e-7), 0.0), Verdict::Inconclusive);
        assert_eq!(gate(&difference(0.0, 2.0), 0.0), Verdict::Pass);
        assert_eq!(gate(&difference(-2.0, -0.5), -0.1), Verdict::Fail);
        assert!(reason(Verdict::Pass, &difference(0.5, 2.0), 0.0, "EUR").starts_with("the whole"));
    }
}
