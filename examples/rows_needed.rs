//! Calibration of the inconclusive verdict's forecast, "about N test rows (now n) would settle
//! it": how often N rows do settle it. `bench/calibration/run.sh` calls this on the pools it
//! makes without `[value]`; README.md's section "How far to trust the forecast: calibration"
//! holds its latest figures.
//!
//!     cargo run --release --example rows_needed -- RUN_DIR...
//!
//! Each RUN_DIR is a finished run. Its test rows stand for the population the rows come from:
//! a test set of `s` rows is `s` rows drawn from them with replacement, so a set of any size can
//! be drawn, and the population's own difference (on all its rows) is known. For each of the
//! run's first `TRIALS` (default 40) trials against the baseline, a set of `s = n / SHARE` rows
//! (default 4) gives the verdict as `worthit run` gives it without `[value]` (the paired
//! bootstrap of the run's primary metric, [`paired_gain`], read by [`verdict`]); where it is
//! inconclusive and names N rows, a fresh set of N rows is drawn and judged the same way. It
//! counts how often that set settles the verdict, and how often the way the population's own
//! difference points. Forecasts of more than `CAP` (default 8) times the run's test rows are
//! counted, not checked.
//!
//! The forecast keeps the observed difference and shrinks the interval's half-width as
//! 1/sqrt(rows) until its end reaches the bar: were the observed difference the true one, a
//! fresh set of N rows would put that end on either side of the bar about equally often.

use std::path::{Path, PathBuf};

#[path = "common/reopened.rs"]
mod reopened;
use reopened::Reopened;

use rand::Rng;
use worthit::analysis::{verdict, Interval, VerdictKind};
use worthit::base::random::{rng_for, Stream};
use worthit::model::ModelResult;
use worthit::value::bootstrap::BootstrapSummary;
use worthit::value::from_run::{on_test_rows, StoredPredictions};
use worthit::value::resampled_metric::{paired_gain, Truth};

/// Resamples of each paired bootstrap, as a run's verdict draws.
const RESAMPLES: usize = 2_000;

/// The seed of the row draws; each check draws from its own stream index.
const SEED: u64 = 2026;

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// What the checks found, over every run read.
#[derive(Default)]
struct Tally {
    /// Verdicts on `s` rows.
    verdicts: usize,
    /// Of them inconclusive.
    inconclusive: usize,
    /// Inconclusive with no row count ("no realistic number of test rows would settle it").
    no_count: usize,
    /// Forecasts beyond `CAP` times the run's test rows.
    beyond: usize,
    /// Forecasts checked: (forecast's growth N / s, settled, settled the population's way).
    checked: Vec<(f64, bool, bool)>,
    /// The same forecasts, checked at 2.29 and 3.16 times N: (settled, the population's way).
    scaled: [Vec<(bool, bool)>; 2],
}

fn main() {
    let dirs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if dirs.is_empty() {
        eprintln!("usage: rows_needed RUN_DIR...");
        std::process::exit(2);
    }
    let (trials, share, cap) = (
        setting("TRIALS", 40),
        setting("SHARE", 4).max(1),
        setting("CAP", 8),
    );
    let mut tally = Tally::default();
    for (index, dir) in dirs.iter().enumerate() {
        if let Err(e) = check_run(dir, index, (trials, share, cap), &mut tally) {
            eprintln!("{}: {e}", dir.display());
            std::process::exit(1);
        }
    }
    summary(&tally, (trials, share, cap), dirs.len());
}

fn check_run(
    dir: &Path,
    run_index: usize,
    (trials, share, cap): (usize, usize, usize),
    tally: &mut Tally,
) -> Result<(), Box<dyn std::error::Error>> {
    let run = Reopened::open(dir)?;
    let (results, manifest, data) = (&run.results, &run.manifest, run.data());
    let baseline = results
        .models
        .iter()
        .find(|m| m.trial.is_none())
        .ok_or("no baseline")?;
    let candidates: Vec<&ModelResult> = results
        .models
        .iter()
        .filter(|m| m.trial.is_some_and(|t| (t as usize) < trials))
        .collect();
    let models: Vec<&ModelResult> = std::iter::once(baseline)
        .chain(candidates.iter().copied())
        .collect();
    let stored = StoredPredictions::read(dir, &data, models.iter().copied())?;
    let metric = manifest.metric().to_string();
    on_test_rows(&stored, &data, &models, |truth, predictions| {
        let n = truth_len(truth);
        let width = predictions[0].len() / n.max(1);
        let s = (n / share).max(2);
        for (j, candidate) in predictions[1..].iter().enumerate() {
            let check = (run_index * 100_000 + j) as u64;
            let mut rng = rng_for(SEED, Stream::RowsNeededCheck, check);
            let judge = |rows: &[usize]| -> Option<(BootstrapSummary, VerdictKind, Option<u64>)> {
                let (y, values) = truth_of_rows(truth, rows);
                let pick = |p: &[f64]| -> Vec<f64> {
                    rows.iter()
                        .flat_map(|&r| p[r * width..(r + 1) * width].iter().copied())
                        .collect()
                };
                let sub = match truth {
                    Truth::Classes {
                        n_classes,
                        positive,
                        ..
                    } => Truth::Classes {
                        y: &y,
                        n_classes,
                        positive,
                    },
                    Truth::Values(_) => Truth::Values(&values),
                };
                let gain = paired_gain(
                    &metric,
                    sub,
                    &pick(candidate),
                    &pick(predictions[0]),
                    RESAMPLES,
                    SEED ^ check,
                )?;
                let v = verdict(
                    Interval {
                        mean: gain.mean,
                        low: gain.low,
                        high: gain.high,
                    },
                    0.0,
                    rows.len() as u64,
                    "candidate",
                    "",
                    Some(gain.p_positive),
                )
                .ok()?;
                Some((gain, v.kind, v.rows_needed))
            };
            let everything: Vec<usize> = (0..n).collect();
            let Some((population, _, _)) = judge(&everything) else {
                continue;
            };
            let first: Vec<usize> = (0..s).map(|_| rng.gen_range(0..n)).collect();
            let Some((_, kind, needed)) = judge(&first) else {
                continue;
            };
            tally.verdicts += 1;
            if kind != VerdictKind::Inconclusive {
                continue;
            }
            tally.inconclusive += 1;
            let Some(needed) = needed else {
                tally.no_count += 1;
                continue;
            };
            if needed as usize > cap * n {
                tally.beyond += 1;
                continue;
            }
            // Also at the counts that would settle it with 80% and 90% chance, were the
            // observed difference the true one: (1 + z_p / z_0.95)^2 times N.
            for (k, factor) in [1.0, 2.2898, 3.1644].into_iter().enumerate() {
                let count = (needed as f64 * factor).ceil() as usize;
                let fresh: Vec<usize> = (0..count).map(|_| rng.gen_range(0..n)).collect();
                let Some((_, kind, _)) = judge(&fresh) else {
                    continue;
                };
                let settled = kind != VerdictKind::Inconclusive;
                let right = match kind {
                    VerdictKind::ShipCandidate => population.mean > 0.0,
                    VerdictKind::ShipBaseline => population.mean <= 0.0,
                    VerdictKind::Inconclusive => false,
                };
                if k == 0 {
                    tally
                        .checked
                        .push((needed as f64 / s as f64, settled, right));
                } else {
                    tally.scaled[k - 1].push((settled, right));
                }
            }
        }
    })?;
    Ok(())
}

fn truth_len(truth: Truth<'_>) -> usize {
    match truth {
        Truth::Classes { y, .. } => y.len(),
        Truth::Values(values) => values.len(),
    }
}

/// The classes (or values) of `rows`, in their order; the other vector empty.
fn truth_of_rows(truth: Truth<'_>, rows: &[usize]) -> (Vec<u32>, Vec<f64>) {
    match truth {
        Truth::Classes { y, .. } => (rows.iter().map(|&r| y[r]).collect(), Vec::new()),
        Truth::Values(values) => (Vec::new(), rows.iter().map(|&r| values[r]).collect()),
    }
}

fn summary(tally: &Tally, (trials, share, cap): (usize, usize, usize), runs: usize) {
    let settled = tally.checked.iter().filter(|c| c.1).count();
    let right = tally.checked.iter().filter(|c| c.2).count();
    let percent = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!("| measure | measured |");
    println!("|---|---:|");
    println!(
        "| runs; trials each against the baseline; test set drawn | {runs}; {trials}; a {share}th of each run's test rows |"
    );
    println!(
        "| verdicts; inconclusive | {}; {} |",
        tally.verdicts, tally.inconclusive
    );
    println!(
        "| inconclusive without a row count; with one beyond {cap}x the run's test rows (not checked) | {}; {} |",
        tally.no_count, tally.beyond
    );
    println!(
        "| forecasts checked: N fresh rows settled the verdict | {settled} of {} ({:.0}%) |",
        tally.checked.len(),
        percent(settled, tally.checked.len())
    );
    println!(
        "| settled it the way the run's whole test set points | {right} of {} ({:.0}%) |",
        tally.checked.len(),
        percent(right, tally.checked.len())
    );
    for (label, scaled) in ["2.29", "3.16"].iter().zip(&tally.scaled) {
        let settled = scaled.iter().filter(|c| c.0).count();
        let right = scaled.iter().filter(|c| c.1).count();
        println!(
            "| {label}N fresh rows: settled; the population's way | {settled} of {} ({:.0}%); {right} |",
            scaled.len(),
            percent(settled, scaled.len())
        );
    }
    let mut growths: Vec<f64> = tally.checked.iter().map(|c| c.0).collect();
    growths.sort_by(f64::total_cmp);
    if let (Some(low), Some(high)) = (growths.first(), growths.last()) {
        println!(
            "| forecast N over the rows judged: median, range | {:.1}, {low:.1} to {high:.1} |",
            growths[growths.len() / 2]
        );
    }
    for (label, from, to) in [
        ("N at most 2x the rows judged", 0.0, 2.0),
        ("N from 2x to 10x", 2.0, 10.0),
        ("N over 10x", 10.0, f64::INFINITY),
    ] {
        let group: Vec<_> = tally
            .checked
            .iter()
            .filter(|c| c.0 > from && c.0 <= to)
            .collect();
        let settled = group.iter().filter(|c| c.1).count();
        println!(
            "| {label}: settled | {settled} of {} ({:.0}%) |",
            group.len(),
            percent(settled, group.len())
        );
    }
}
