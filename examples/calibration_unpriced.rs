//! Calibration of the tuning answer of runs without `[value]` (issue 14): what `worthit run`
//! said after N trials, in metric units, against what a pool of many trials showed.
//! `bench/calibration/run.sh` (with `UNPRICED=1`) makes the runs and calls this; README.md's
//! section "How far to trust the forecast: calibration" holds its latest table.
//!
//!     cargo run --release --example calibration_unpriced -- POOL_DIR...
//!
//! Each POOL_DIR is a finished run without `[value]` of many trials with `--stop never`, named
//! `...-trialsP`; beside it, `...-trials10` and `...-trials20` are the sweeps of 10 and 20
//! trials of the same seed, run as a user would run them (`SWEEPS=5` reads `...-trials5`
//! instead: the early answer, which `--stop auto` can give from 5 trials on). Trial `i` depends only on the seed and
//! `i`, so those sweeps are the pool's first trials (checked). Unlike the priced calibration,
//! nothing is replayed here: the answers read are the ones those runs wrote.
//!
//! The pool's truth is its unbiased estimate `E(m)` of the expected test gain over the baseline
//! of the validation-best of `m` trials ([`without_replacement`]). The unpriced answer weighs a
//! sweep ten times longer (`NoiseRule::horizon_factor`) against the metric's noise, so with
//! `H = min(10 N, P)` and `se` the standard error of the verdict's test difference at N:
//!
//! - "stop" agrees with the pool when `E(H) - E(N) < se` (a longer sweep adds less than the
//!   test rows can tell), "run more" when it is at least `se`, and "does not beat the baseline"
//!   when `E(H) < se` (no sweep up to `H` beats the baseline by more than that noise);
//! - coverage: the 90% band of "doubling the trials is expected to add" holds `E(2N) - E(N)`,
//!   and the extrapolation's bands at 2N and 4N hold `E(2N)` and `E(4N)` (4N at most P);
//! - the run's own track record (`backtest.held`).
//!
//! Prints Markdown: one row per sweep, then the summary.

use std::path::{Path, PathBuf};

use worthit::analysis::metric_summary::MetricUnits;
use worthit::analysis::run_summary::RunAnalysis;
use worthit::analysis::sweep_log::{analyze_log, LogBaseline, LogColumns, LogPricing};
use worthit::analysis::tuning::TuningKind;
use worthit::analysis::{without_replacement, NoiseRule, Trial};
use worthit::base::format::number;
use worthit::base::stats::Z90;
use worthit::results::RunResults;

/// Sweep sizes the answers are read at, unless `SWEEPS` (e.g. `SWEEPS=5`, the early answer's
/// sweeps) names others.
const SWEEPS: [usize; 2] = [10, 20];

/// The sweep sizes to read: `SWEEPS` from the environment (sizes separated by spaces), else
/// [`SWEEPS`].
fn sweeps() -> Result<Vec<usize>, String> {
    match std::env::var("SWEEPS") {
        Ok(list) => list
            .split_whitespace()
            .map(|n| {
                n.parse()
                    .map_err(|_| format!("SWEEPS: {n:?} is not a sweep size"))
            })
            .collect(),
        Err(_) => Ok(SWEEPS.to_vec()),
    }
}

/// A run folder's results, with its analysis in metric units.
struct Run {
    name: String,
    results: RunResults,
    units: MetricUnits,
}

impl Run {
    fn read(dir: &Path) -> Result<Run, String> {
        let path = dir.join("results.json");
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let results: RunResults =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        if results.value.is_some() {
            return Err(format!("{}: the run is priced", path.display()));
        }
        let units = results
            .analysis
            .as_ref()
            .and_then(|a| a.units.clone())
            .ok_or_else(|| format!("{}: no analysis in metric units", path.display()))?;
        Ok(Run {
            name: dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            results,
            units,
        })
    }

    fn analysis(&self) -> Result<&RunAnalysis, String> {
        self.results
            .analysis
            .as_ref()
            .ok_or_else(|| format!("{}: no analysis", self.name))
    }

    /// The sweep's trials as gains over the baseline in the run's metric, in run order.
    fn trials(&self) -> Result<Vec<Trial>, String> {
        let metric = &self.units.metric;
        let baseline = self
            .results
            .models
            .iter()
            .find(|m| m.trial.is_none())
            .ok_or_else(|| format!("{}: no baseline", self.name))?;
        let reference = |part: &worthit::metrics::Metrics| {
            part.get(metric)
                .ok_or_else(|| format!("{}: the baseline has no {metric}", self.name))
        };
        let (validation, test) = (reference(&baseline.validation)?, reference(&baseline.test)?);
        let mut sweep: Vec<_> = self
            .results
            .models
            .iter()
            .filter(|m| m.is_sweep_trial())
            .collect();
        sweep.sort_by_key(|m| m.trial);
        sweep
            .iter()
            .map(|m| {
                Some(Trial {
                    validation: self.units.gain(m.validation.get(metric)?, validation),
                    test: self.units.gain(m.test.get(metric)?, test),
                })
            })
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| format!("{}: a trial without {metric}", self.name))
    }
}

/// Counts of one check: how often it held, out of how many.
#[derive(Default, Clone, Copy)]
struct Count {
    held: usize,
    checks: usize,
}

impl Count {
    fn add(&mut self, held: bool) {
        self.held += usize::from(held);
        self.checks += 1;
    }

    fn show(self) -> String {
        if self.checks == 0 {
            return "no checks".to_string();
        }
        format!(
            "{} of {} ({:.0}%)",
            self.held,
            self.checks,
            100.0 * self.held as f64 / self.checks as f64
        )
    }
}

#[derive(Default)]
struct Checks {
    stop: Count,
    stop_unclear_halves: Count,
    /// "stop" because the test rows' curve does not bear out the validation rise: until
    /// 2026-12-02 a "run more".
    stop_test_curve: Count,
    run_more: Count,
    /// A "run more"'s 90% band of its expected gain holds the pool's `E(N + K) - E(N)`.
    run_more_band: Count,
    does_not_beat: Count,
    too_few: usize,
    doubling: Count,
    band_2n: Count,
    band_4n: Count,
    backtest: Count,
    /// What a "stop" left on the table, in standard errors: `(E(H) - E(N)) / se`.
    stop_forgone: Vec<f64>,
    /// Width of each extrapolation band at 2N and 4N over its forecast gain over the baseline.
    sharpness: Vec<f64>,
    /// The same first N trials read as a sweep log (`worthit analyze` without a config or
    /// `--noise`, the validation-test gap standing in for the noise): "stop" and "run more"
    /// against the pool as above, and whether the log's answer is the run's.
    log_stop: Count,
    log_run_more: Count,
    log_same_as_run: Count,
    /// The same log with its baseline named (`--baseline`): the answer agrees with the pool, and
    /// is the run's.
    log_baseline_agrees: Count,
    log_baseline_same_as_run: Count,
}

fn main() {
    let dirs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if dirs.is_empty() {
        eprintln!("usage: calibration_unpriced POOL_DIR...");
        std::process::exit(2);
    }
    let mut all = Checks::default();
    println!("| pool | N | metric | se at N | answer at N | E(N) | E(H) - E(N) (H) | pool says | doubling band holds E(2N) - E(N) | band at 2N / 4N holds |");
    println!("|---|---:|---|---:|---|---:|---:|---|---|---|");
    for dir in &dirs {
        if let Err(e) = check_pool(dir, &mut all) {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
    summary(&all);
}

/// The sweep of `n` trials beside a pool folder named `...-trialsP`.
fn sweep_dir(pool: &Path, n: usize) -> Result<PathBuf, String> {
    let name = pool
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (stem, _) = name
        .rsplit_once("-trials")
        .ok_or_else(|| format!("{}: not named ...-trialsP", pool.display()))?;
    Ok(pool.with_file_name(format!("{stem}-trials{n}")))
}

fn check_pool(dir: &Path, all: &mut Checks) -> Result<(), String> {
    let pool = Run::read(dir)?;
    let trials = pool.trials()?;
    let total = trials.len();
    let expected = |m: usize| without_replacement(&trials, m).map_err(|e| e.to_string());
    let horizon_factor = NoiseRule::default().horizon_factor;
    for n in sweeps()? {
        if 2 * n > total {
            continue;
        }
        let sweep = Run::read(&sweep_dir(dir, n)?)?;
        let prefix = sweep.trials()?;
        if prefix.len() != n || prefix[..] != trials[..n] {
            return Err(format!(
                "{}: its trials are not the first {n} of {}",
                sweep.name, pool.name
            ));
        }
        let analysis = sweep.analysis()?;
        let tuning = analysis
            .sweep
            .tuning
            .as_ref()
            .ok_or_else(|| format!("{}: no tuning answer", sweep.name))?;
        let verdict = analysis
            .verdict
            .as_ref()
            .ok_or_else(|| format!("{}: no verdict", sweep.name))?;
        let se = (verdict.difference.high - verdict.difference.low) / (2.0 * Z90);
        let horizon = ((n as f64 * horizon_factor).round() as usize).min(total);
        let now = expected(n)?;
        let rise = expected(horizon)? - now;
        let helps = rise >= se;
        let unit = &sweep.units.unit;
        let unclear = analysis
            .sweep
            .halves_agreement
            .as_ref()
            .is_some_and(|h| !h.clear());
        let (answer, agrees) = match tuning.kind {
            TuningKind::Stop => {
                all.stop.add(!helps);
                // The one stop whose sentence says the noise rule would go on.
                let test_curve = tuning.sentence.contains("would go on");
                if unclear {
                    all.stop_unclear_halves.add(!helps);
                }
                if test_curve {
                    all.stop_test_curve.add(!helps);
                }
                all.stop_forgone.push(rise / se);
                let why = match (unclear, test_curve) {
                    (true, _) => " (halves unclear)",
                    (false, true) => " (test curve below the noise)",
                    (false, false) => "",
                };
                (format!("stop{why}"), Some(!helps))
            }
            TuningKind::RunMore => {
                all.run_more.add(helps);
                let until = n + tuning.more_trials;
                if let (Some(low), Some(high), true) = (
                    tuning.expected_gain_low,
                    tuning.expected_gain_high,
                    until <= total,
                ) {
                    all.run_more_band
                        .add((low..=high).contains(&(expected(until)? - now)));
                }
                (
                    format!(
                        "run {} more (expected {})",
                        tuning.more_trials,
                        number(tuning.expected_gain)
                    ),
                    Some(helps),
                )
            }
            TuningKind::DoesNotPay => {
                let right = now + rise < se;
                all.does_not_beat.add(right);
                ("does not beat the baseline".to_string(), Some(right))
            }
            TuningKind::TooFewTrials => {
                all.too_few += 1;
                ("too few trials".to_string(), None)
            }
        };
        let says = match (tuning.kind, agrees) {
            (_, None) => "-".to_string(),
            (_, Some(true)) => "agrees".to_string(),
            (_, Some(false)) => "disagrees".to_string(),
        };
        let doubled = expected(2 * n)?;
        let doubling = match &analysis.sweep.doubling {
            Some(band) => {
                let held = (band.low..=band.high).contains(&(doubled - now));
                all.doubling.add(held);
                format!(
                    "{} ({} to {}; pool {})",
                    yes(held),
                    number(band.low),
                    number(band.high),
                    number(doubled - now)
                )
            }
            None => "-".to_string(),
        };
        let mut bands = Vec::new();
        if let Some(extrapolation) = &analysis.sweep.extrapolation {
            for (factor, count) in [(2, &mut all.band_2n), (4, &mut all.band_4n)] {
                let at = factor * n;
                let point = extrapolation.points.iter().find(|p| p.n == at);
                if let (Some(point), true) = (point, at <= total) {
                    let held = (point.low..=point.high).contains(&expected(at)?);
                    count.add(held);
                    all.sharpness
                        .push((point.high - point.low) / point.mean.abs());
                    bands.push(format!("{}N {}", factor, yes(held)));
                }
            }
        }
        if let Some(backtest) = &analysis.sweep.backtest {
            all.backtest.add(backtest.held);
        }
        let logged = as_log(&prefix, None)?;
        match logged {
            TuningKind::Stop => all.log_stop.add(!helps),
            TuningKind::RunMore => all.log_run_more.add(helps),
            _ => {}
        }
        all.log_same_as_run.add(logged == tuning.kind);
        let against = as_log(
            &prefix,
            Some(LogBaseline {
                validation: 0.0,
                test: Some(0.0),
            }),
        )?;
        all.log_baseline_agrees.add(match against {
            TuningKind::Stop => !helps,
            TuningKind::RunMore => helps,
            TuningKind::DoesNotPay => now + rise < se,
            TuningKind::TooFewTrials => false,
        });
        all.log_baseline_same_as_run.add(against == tuning.kind);
        println!(
            "| {} | {n} | {unit} | {} | {answer} | {} | {} ({horizon}) | {says} | {doubling} | {} |",
            pool.name,
            number(se),
            number(now),
            number(rise),
            bands.join(", ")
        );
    }
    Ok(())
}

/// The tuning answer `worthit analyze` gives for `trials` written as a sweep log with a
/// validation and a test column (their gains, higher better), without a config or `--noise`,
/// and with `baseline` when given (`--baseline 0 --baseline-test 0`: the gains count from it).
fn as_log(trials: &[Trial], baseline: Option<LogBaseline>) -> Result<TuningKind, String> {
    let mut csv = String::from("number,validation,test\n");
    for (i, trial) in trials.iter().enumerate() {
        csv.push_str(&format!("{i},{},{}\n", trial.validation, trial.test));
    }
    let path = std::env::temp_dir().join(format!(
        "worthit-calibration-log-{}.csv",
        std::process::id()
    ));
    std::fs::write(&path, csv).map_err(|e| format!("{}: {e}", path.display()))?;
    let columns = LogColumns {
        metric: Some("validation".to_string()),
        test_metric: Some("test".to_string()),
        seconds: None,
        cost: None,
    };
    let analysis = analyze_log(
        &path,
        &columns,
        LogPricing::Unpriced {
            higher_is_better: true,
            name: None,
        },
        None,
        baseline,
    );
    let _ = std::fs::remove_file(&path);
    analysis
        .map_err(|e| e.to_string())?
        .sweep
        .tuning
        .map(|t| t.kind)
        .ok_or_else(|| "a log without a tuning answer".to_string())
}

fn yes(held: bool) -> &'static str {
    if held {
        "yes"
    } else {
        "no"
    }
}

fn summary(all: &Checks) {
    println!();
    println!("| check | held |");
    println!("|---|---|");
    println!(
        "| \"stop\": a sweep up to 10x longer adds less than the test noise (se) in the pool | {} |",
        all.stop.show()
    );
    println!(
        "| of which \"stop\" because the validation halves do not rank the trials alike | {} |",
        all.stop_unclear_halves.show()
    );
    println!(
        "| of which \"stop\" because the test rows' curve gains less than the noise within 10x the trials, though the validation rows rise more (until 2026-12-02 08:46 UTC a \"run more\") | {} |",
        all.stop_test_curve.show()
    );
    println!(
        "| \"run more\": a sweep up to 10x longer adds at least se in the pool | {} |",
        all.run_more.show()
    );
    println!(
        "| \"run more\": the 90% band of its expected gain holds the pool's E(N + K) - E(N) | {} |",
        all.run_more_band.show()
    );
    println!(
        "| \"does not beat the baseline\": no sweep up to 10x longer beats it by se in the pool | {} |",
        all.does_not_beat.show()
    );
    println!(
        "| \"doubling the trials is expected to add\": its 90% band holds the pool's E(2N) - E(N) | {} |",
        all.doubling.show()
    );
    println!(
        "| extrapolation band at 2N holds E(2N) | {} |",
        all.band_2n.show()
    );
    println!(
        "| extrapolation band at 4N holds E(4N) | {} |",
        all.band_4n.show()
    );
    println!(
        "| track record: the run's own backtest band held | {} |",
        all.backtest.show()
    );
    let mut sharpness = all.sharpness.clone();
    sharpness.sort_by(f64::total_cmp);
    if let Some(median) = sharpness.get(sharpness.len() / 2) {
        println!(
            "| sharpness: median band width at 2N and 4N over the forecast gain | {} |",
            number(*median)
        );
    }
    let mut forgone = all.stop_forgone.clone();
    forgone.sort_by(f64::total_cmp);
    if let (Some(median), Some(worst)) = (
        forgone.get(forgone.len() / 2).copied(),
        forgone.last().copied(),
    ) {
        println!(
            "| what a \"stop\" left to a 10x longer sweep, in se: median {}, largest {} | |",
            number(median),
            number(worst)
        );
    }
    println!(
        "| the same first N trials as a sweep log (`worthit analyze`, no config, no --noise): \"stop\" agrees | {} |",
        all.log_stop.show()
    );
    println!(
        "| the same, \"run more\" agrees | {} |",
        all.log_run_more.show()
    );
    println!(
        "| the same, the log's answer is the run's | {} |",
        all.log_same_as_run.show()
    );
    println!(
        "| the same log with its baseline (`--baseline`, `--baseline-test`): the answer agrees with the pool | {} |",
        all.log_baseline_agrees.show()
    );
    println!(
        "| the same, the log's answer is the run's | {} |",
        all.log_baseline_same_as_run.show()
    );
    if all.too_few > 0 {
        println!("| sweeps with too few trials to answer | {} |", all.too_few);
    }
}
