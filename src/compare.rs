//! `worthit compare`: the CI gate. Is the candidate run's model worth at least the baseline
//! run's, net of cost, beyond the noise of a finite test set?
//!
//! Two runs on the same data and split are compared on the same test rows (a paired bootstrap,
//! as within a run), which cancels what the two models share; otherwise each run's own net-value
//! interval is combined under a normal approximation (unpaired, wider). The verdict puts the 90%
//! interval of the difference against one bar, so a CI job can tell a loss from noise.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::data::{self, DataSpec};
use crate::error::{Error, Result};
use crate::report::markdown::thousands;
use crate::report::money::{interval, money, signed_money};
use crate::report::results::{ModelResult, RunResults, SCHEMA_VERSION};
use crate::run::RunManifest;
use crate::split::stratified_split;
use crate::value::bootstrap::LEVEL;
use crate::value::from_run::{price_pair, RunData, StoredModel};
use crate::value::pricing::ModelValue;

/// z of the two-sided 90% normal interval: the reported intervals are 5th to 95th percentiles.
const Z90: f64 = 1.644_853_626_951_472_2;

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
    /// Its net value over the horizon (in paired mode, as priced together with the other side).
    pub net_value: f64,
}

/// The difference candidate - baseline in net value.
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
    /// Currency of every amount.
    pub currency: String,
    /// Years the net values are counted over (the baseline run's).
    pub horizon_years: f64,
    /// Coverage of the interval (0.9).
    pub level: f64,
    /// The run compared against.
    pub baseline: Side,
    /// The run under test.
    pub candidate: Side,
    /// Candidate net value minus baseline net value.
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
    let shown = results_path.display();
    let bytes = std::fs::read(&results_path).map_err(|err| {
        if path.is_dir() {
            Error::input(format!(
                "{label}: not a finished run folder (cannot read results.json: {err})"
            ))
        } else {
            Error::input(format!("cannot read {shown}: {err}"))
        }
    })?;
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
    let results: RunResults =
        serde_json::from_value(value).map_err(|err| not_results(err.to_string()))?;
    let folder = results_path.parent().map(Path::to_path_buf);
    let dir = folder.filter(|f| f.join("run.json").is_file() && f.join("predictions").is_dir());
    Ok(LoadedRun {
        label,
        results_path,
        dir,
        results,
    })
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
    let max_loss = options.max_loss.unwrap_or(0.0);
    if !(max_loss.is_finite() && max_loss >= 0.0) {
        return Err(Error::input(format!(
            "--max-loss {max_loss}: must be an amount of 0 or more"
        )));
    }
    if let Some(gain) = options.min_gain.filter(|g| !g.is_finite()) {
        return Err(Error::input(format!("--min-gain {gain}: must be a number")));
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
    let (b_value, c_value) = match (&base.results.value, &cand.results.value) {
        (Some(b), Some(c)) => (b, c),
        (None, _) => return Err(no_value(base)),
        (_, None) => return Err(no_value(cand)),
    };
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
    let b_model = pick_model(base, options.baseline_model.as_deref())?;
    let c_model = pick_model(cand, options.candidate_model.as_deref())?;
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
                pair.baseline.net_value,
                pair.candidate.net_value,
                Difference {
                    mean: d.mean,
                    low: d.low,
                    high: d.high,
                    p_positive: d.p_positive,
                },
                format!(
                    "paired bootstrap over the same {} test rows, {} resamples",
                    thousands(base.results.split.test as f64),
                    thousands(d.resamples as f64)
                ),
            )
        }
        Err(Unpaired::Because(why)) => {
            notes.push(format!("not paired: {why}"));
            let b = value_of(base, &b_model)?;
            let c = value_of(cand, &c_model)?;
            (
                false,
                b.net_value,
                c.net_value,
                unpaired(base, b, cand, c)?,
                "unpaired: each run's own 90% net-value interval, combined under a normal approximation"
                    .to_string(),
            )
        }
        Err(Unpaired::Failed(err)) => return Err(err),
    };
    let bar = options
        .min_gain
        .map_or(-max_loss, |gain| gain.max(-max_loss));
    let verdict = if difference.low >= bar {
        Verdict::Pass
    } else if difference.high < bar {
        Verdict::Fail
    } else {
        Verdict::Inconclusive
    };
    let exit_code = match verdict {
        Verdict::Pass => 0,
        Verdict::Fail => 1,
        Verdict::Inconclusive if options.inconclusive_ok => 0,
        Verdict::Inconclusive => 3,
    };
    let currency = b_value.currency.clone();
    let reason = reason(verdict, &difference, bar, &currency);
    Ok(Comparison {
        verdict,
        exit_code,
        reason,
        paired,
        method,
        currency,
        horizon_years: b_value.horizon_years,
        level: LEVEL,
        baseline: side(base, &b_model, b_net),
        candidate: side(cand, &c_model, c_net),
        difference,
        bar,
        min_gain: options.min_gain,
        max_loss,
        notes,
    })
}

/// The first 12 hex digits of a BLAKE3 hash: enough to tell two files apart in a message.
fn short_hash(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

fn no_value(run: &LoadedRun) -> Error {
    Error::input(format!(
        "{}: the run has no [value] section; compare needs one in both runs (see the README, \"Business value\")",
        run.label
    ))
}

/// Refuses runs that answer different questions: another target, task or positive class.
fn check_comparable(base: &LoadedRun, cand: &LoadedRun) -> Result<()> {
    let (b, c) = (&base.results.target, &cand.results.target);
    let describe = |t: &crate::report::results::TargetInfo| {
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

/// The model a run would ship: the best candidate by validation net value, else its baseline;
/// or the one named.
fn pick_model(run: &LoadedRun, named: Option<&str>) -> Result<ModelResult> {
    let default = run
        .results
        .value
        .as_ref()
        .and_then(|v| v.best.as_ref())
        .map_or("baseline", |best| best.name.as_str());
    let name = named.unwrap_or(default);
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

fn side(run: &LoadedRun, model: &ModelResult, net_value: f64) -> Side {
    Side {
        file: run.label.clone(),
        dataset: run.results.dataset.name.clone(),
        data_blake3: run.results.dataset.blake3.clone(),
        model: model.name.clone(),
        net_value,
    }
}

/// Why a comparison is not paired: a plain reason (fall back to unpaired) or a real error.
enum Unpaired {
    Because(String),
    Failed(Error),
}

/// Prices both models on the same test rows, when the runs share data, target, seed and split
/// and both folders hold the models' predictions.
fn pairing(
    base: &LoadedRun,
    cand: &LoadedRun,
    b_model: &ModelResult,
    c_model: &ModelResult,
) -> std::result::Result<(crate::value::pricing::PairedComparison, Option<String>), Unpaired> {
    let because = |why: &str| Unpaired::Because(why.to_string());
    let (b, c) = (&base.results, &cand.results);
    if b.dataset.blake3 != c.dataset.blake3 {
        return Err(because(
            "the runs read different data (their hashes differ)",
        ));
    }
    if b.seed != c.seed {
        return Err(Unpaired::Because(format!(
            "the runs have different seeds ({} vs {}), so different splits",
            b.seed, c.seed
        )));
    }
    let sizes = |r: &RunResults| (r.split.train, r.split.validation, r.split.test);
    if sizes(b) != sizes(c) {
        return Err(because("the runs split the data differently"));
    }
    let (Some(b_dir), Some(c_dir)) = (&base.dir, &cand.dir) else {
        return Err(because(
            "a side is a bare results.json (pairing needs run folders with predictions/ and run.json)",
        ));
    };
    for (dir, model) in [(b_dir, b_model), (c_dir, c_model)] {
        let file = dir
            .join("predictions")
            .join(format!("{}.parquet", model.name));
        if !file.is_file() {
            return Err(Unpaired::Because(format!("{} is missing", file.display())));
        }
    }
    let manifest = |dir: &Path| -> std::result::Result<RunManifest, Unpaired> {
        let path = dir.join("run.json");
        let text = std::fs::read_to_string(&path)
            .map_err(|err| Unpaired::Because(format!("cannot read {}: {err}", path.display())))?;
        serde_json::from_str(&text).map_err(|err| {
            Unpaired::Because(format!(
                "{} is not a worthit run.json ({err})",
                path.display()
            ))
        })
    };
    let b_manifest = manifest(b_dir)?;
    let c_manifest = manifest(c_dir)?;
    let Some(value) = &b_manifest.config.value else {
        return Err(because(
            "the baseline run's run.json has no [value] section",
        ));
    };
    // The data file's recorded path is absolute and a committed reference run may come from
    // another machine: any of the two paths holding the same bytes will do.
    let data_file = [&c_manifest.data_file, &b_manifest.data_file]
        .into_iter()
        .find(|path| path.is_file())
        .ok_or_else(|| {
            Unpaired::Because(format!(
                "the data file is not found at {}",
                c_manifest.data_file.display()
            ))
        })?;
    let data_config = &b_manifest.config.data;
    let spec = DataSpec {
        path: data_file.clone(),
        target: b_manifest.target.clone(),
        task: data_config.task,
        positive_class: data_config.positive_class.clone(),
        drop: data_config.drop.clone(),
    };
    let table = data::load(&spec).map_err(Unpaired::Failed)?;
    if table.hash != b.dataset.blake3 {
        return Err(Unpaired::Because(format!(
            "{} changed since the runs were made (its hash differs)",
            data_file.display()
        )));
    }
    let split_config = &b_manifest.config.split;
    let split = stratified_split(
        &table.target,
        split_config.validation,
        split_config.test,
        b.seed,
    )
    .map_err(Unpaired::Failed)?;
    let data = RunData {
        table: &table,
        split: &split,
        threads: b.threads,
        seed: b.seed,
    };
    let baseline = StoredModel {
        dir: b_dir,
        model: b_model,
        threads: b.threads,
    };
    let candidate = StoredModel {
        dir: c_dir,
        model: c_model,
        threads: c.threads,
    };
    // One set of economics for both, or the difference would mix two questions.
    let as_json = |m: &RunManifest| serde_json::to_value(&m.config.value).ok();
    let note = (as_json(&b_manifest) != as_json(&c_manifest)).then(|| {
        "the runs' [value] sections differ; both models are priced under the baseline run's"
            .to_string()
    });
    let pair = price_pair(value, &data, &baseline, &candidate).map_err(Unpaired::Failed)?;
    Ok((pair, note))
}

/// The unpaired interval: each net value's standard error read off its own 90% interval
/// (half-width / z), the two combined as independent, the difference taken as normal.
fn unpaired(
    base: &LoadedRun,
    b: &ModelValue,
    cand: &LoadedRun,
    c: &ModelValue,
) -> Result<Difference> {
    let error = |run: &LoadedRun, m: &ModelValue| -> Result<f64> {
        let interval = m.net_value_interval.ok_or_else(|| {
            Error::input(format!(
                "{}: model `{}` has no net_value_interval (written by an older worthit); run it again, or compare run folders on the same data and seed",
                run.label, m.name
            ))
        })?;
        Ok(((interval.high - interval.low) / (2.0 * Z90)).max(0.0))
    };
    let se = error(base, b)?.hypot(error(cand, c)?);
    let mean = c.net_value - b.net_value;
    let p_positive = if se > 0.0 {
        normal_cdf(mean / se)
    } else if mean > 0.0 {
        1.0
    } else {
        0.0
    };
    Ok(Difference {
        mean,
        low: mean - Z90 * se,
        high: mean + Z90 * se,
        p_positive,
    })
}

/// Standard normal CDF through erf (Abramowitz and Stegun 7.1.26, absolute error < 1.5e-7,
/// ample for a share printed as a whole percent).
fn normal_cdf(x: f64) -> f64 {
    let t_in = x.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * t_in);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-t_in * t_in).exp();
    if x >= 0.0 {
        0.5 * (1.0 + erf)
    } else {
        0.5 * (1.0 - erf)
    }
}

fn reason(verdict: Verdict, d: &Difference, bar: f64, currency: &str) -> String {
    let bar_text = signed_money(bar, currency);
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

impl Comparison {
    fn interval_text(&self) -> String {
        let summary = crate::value::bootstrap::BootstrapSummary {
            mean: self.difference.mean,
            low: self.difference.low,
            high: self.difference.high,
            p_positive: self.difference.p_positive,
            resamples: 0,
        };
        interval(&summary, &self.currency)
    }

    fn bar_text(&self) -> String {
        let mut flags = format!("--max-loss {}", self.max_loss);
        if let Some(gain) = self.min_gain {
            flags.push_str(&format!(", --min-gain {gain}"));
        }
        format!("{} ({flags})", signed_money(self.bar, &self.currency))
    }

    /// The comparison as a plain-text table for a terminal.
    pub fn render_text(&self) -> String {
        let c = &self.currency;
        let mut out = format!(
            "compare: {} (exit {}): {}\n",
            self.verdict.name().to_uppercase(),
            self.exit_code,
            self.reason
        );
        let run_width = self
            .baseline
            .file
            .len()
            .max(self.candidate.file.len())
            .max(3);
        out.push_str(&format!(
            "{:<10} {:<run_width$} {:<12} {:>20}\n",
            "",
            "run",
            "model",
            format!("net / {} y", self.horizon_years)
        ));
        for (name, side) in [("baseline", &self.baseline), ("candidate", &self.candidate)] {
            out.push_str(&format!(
                "{:<10} {:<run_width$} {:<12} {:>20}\n",
                name,
                side.file,
                side.model,
                money(side.net_value, c)
            ));
        }
        out.push_str(&format!(
            "difference {} (90% interval {}; {}; a gain in {:.0}% of them)\n",
            signed_money(self.difference.mean, c),
            self.interval_text(),
            self.method,
            self.difference.p_positive * 100.0
        ));
        out.push_str(&format!("bar        {}\n", self.bar_text()));
        for note in &self.notes {
            out.push_str(&format!("note       {note}\n"));
        }
        out
    }

    /// The comparison as Markdown for a pull-request comment.
    pub fn render_markdown(&self) -> String {
        let c = &self.currency;
        let mut out = format!("### worthit compare: {}\n\n", self.verdict.name());
        out.push_str(&format!(
            "The candidate's net value minus the baseline's is **{}** over {} year(s) \
             (90% interval {}, {}). Verdict: **{}**, because {}.\n\n",
            signed_money(self.difference.mean, c),
            self.horizon_years,
            self.interval_text(),
            if self.paired { "paired" } else { "unpaired" },
            self.verdict.name(),
            self.reason
        ));
        out.push_str("| | run | model | net value |\n|---|---|---|---:|\n");
        for (name, side) in [("baseline", &self.baseline), ("candidate", &self.candidate)] {
            out.push_str(&format!(
                "| {name} | `{}` | `{}` | {} |\n",
                side.file.replace('`', "'"),
                side.model,
                money(side.net_value, c)
            ));
        }
        out.push_str(&format!(
            "| **difference** | | | **{}** |\n\n",
            signed_money(self.difference.mean, c)
        ));
        out.push_str(&format!(
            "Interval: {}; a gain in {:.0}% of them. Bar: {}. Exit code {}.\n",
            self.method,
            self.difference.p_positive * 100.0,
            self.bar_text(),
            self.exit_code
        ));
        for note in &self.notes {
            out.push_str(&format!("\n- Note: {note}"));
        }
        if !self.notes.is_empty() {
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_cdf_matches_known_points() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-7);
        assert!((normal_cdf(Z90) - 0.95).abs() < 1e-6);
        assert!((normal_cdf(-1.959_964) - 0.025).abs() < 1e-6);
    }
}
