//! Calibration of the verdict: how often its 90% interval holds the difference it bounds, and
//! how often the inconclusive verdict's "about N test rows (now n) would settle it as often as
//! not" comes true. `bench/calibration/run.sh` calls this on the pools it makes, priced and
//! without `[value]`; README.md's section "How far to trust the forecast: calibration" holds its
//! latest figures.
//!
//!     cargo run --release --example rows_needed -- RUN_DIR...
//!
//! Each RUN_DIR is a finished run. Its test rows stand for the population the rows come from:
//! a test set of `s` rows is `s` rows drawn from them with replacement, so a set of any size can
//! be drawn, and the population's own difference (on all its rows) is known. For each of the
//! run's first `TRIALS` (default 40) trials against the baseline, a set of `s = n / k` rows (for
//! each `k` of `SHARES`, default "1 4": the run's own size and a quarter) gives the verdict as
//! `worthit run` gives it (read by [`verdict`]): with `[value]` on the net values' difference,
//! the pair priced on the drawn rows ([`price_pair_on_test_rows`]: decisions fitted on the
//! validation rows, business numbers drawn as the run draws them, the population's difference at
//! their central values), without it on the paired bootstrap of the run's primary metric
//! ([`paired_gain`]): does its interval hold the population's difference?
//! Without `[value]`, each candidate's own metric interval (the models table's) is checked too,
//! on a set of `s` rows drawn apart from the verdict's, against its metric on all the rows.
//! Where it is inconclusive and names N rows, a fresh set of N rows (and of 2.29 N and 3.16 N) is
//! drawn and judged the same way: does it settle the verdict, and the way the population's
//! difference points? Forecasts of more than `CAP` (default 8) times the run's test rows are
//! counted, not checked. `MISSES=1` prints each interval that misses, to stderr.
//!
//! The forecast keeps the observed difference and shrinks the interval's half-width as
//! 1/sqrt(rows) until its end reaches the bar: were the observed difference the true one, a
//! fresh set of N rows would put that end on either side of the bar about equally often, and
//! 2.29 N (3.16 N) rows on the far side in 80% (90%) of sets.

use std::path::{Path, PathBuf};

#[path = "common/reopened.rs"]
mod reopened;
use reopened::Reopened;

use rand::Rng;
use worthit::analysis::{verdict, Interval, VerdictKind};
use worthit::base::random::{rng_for, Stream};
use worthit::metrics::higher_is_better;
use worthit::model::ModelResult;
use worthit::value::bootstrap::BootstrapSummary;
use worthit::value::from_run::{on_test_rows, price_pair_on_test_rows, StoredPredictions};
use worthit::value::resampled_metric::{paired_gain, resample_models, MetricSampler, Truth};

/// Resamples of each paired bootstrap, as a run's verdict draws.
const RESAMPLES: usize = 2_000;

/// Where each group of counts of rows two models value differently starts.
const DIFFERING: [u64; 5] = [0, 1, 5, 20, 50];

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
    /// Runs priced (their verdict on net value, `[value]`), of those read.
    priced: usize,
    /// Verdicts on `s` rows.
    verdicts: usize,
    /// Of them inconclusive.
    inconclusive: usize,
    /// By dataset (a run folder's name before `-seed`): the verdicts whose 90% interval holds
    /// the population's own difference, and the verdicts.
    held: std::collections::BTreeMap<String, (usize, usize)>,
    /// By the group of [`DIFFERING`] the count of drawn rows the two models value (priced) or
    /// score (metric: `MetricSampler::rows_scored_differently`) differently falls in, the verdicts whose interval holds the population's difference, and
    /// the verdicts.
    held_by_differing: std::collections::BTreeMap<usize, (usize, usize)>,
    /// Of the verdicts, those whose every resample gave the same difference (two models that
    /// score alike on every resample, as two that rank every drawn row correctly do, or decide
    /// every drawn row alike): the intervals that hold the population's difference, and all of
    /// them.
    tied: (usize, usize),
    /// Metric: by dataset, the drawn test sets on which the candidate's own metric interval (each
    /// model's in the models table) holds its value on all the population's rows, and the sets.
    levels: std::collections::BTreeMap<String, (usize, usize)>,
    /// Inconclusive verdicts with no row count ("no realistic number of test rows would settle it").
    no_count: usize,
    /// Forecasts beyond `CAP` times the run's test rows.
    beyond: usize,
    /// Forecasts checked: (forecast's growth N / s, settled, settled the population's way).
    checked: Vec<(f64, bool, bool)>,
    /// The same forecasts, checked at 2.29 and 3.16 times N: (settled, the population's way).
    scaled: [Vec<(bool, bool)>; 2],
}

fn main() {
    let mut dirs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    // A run's test sets are drawn from its place in the list: sorted, the same folders give the
    // same draws in whatever order they are given (bench/calibration/run.sh lists them by
    // dataset, a shell glob by name).
    dirs.sort();
    if dirs.is_empty() {
        eprintln!("usage: rows_needed RUN_DIR...");
        std::process::exit(2);
    }
    let (trials, cap) = (setting("TRIALS", 40), setting("CAP", 8));
    let shares: Vec<usize> = std::env::var("SHARES")
        .unwrap_or_else(|_| "1 4".into())
        .split_whitespace()
        .filter_map(|v| v.parse().ok())
        .filter(|&v| v > 0)
        .collect();
    let mut tallies: Vec<(usize, Tally)> = shares
        .into_iter()
        .map(|share| (share, Tally::default()))
        .collect();
    // Each run is reopened, and each candidate's population difference found, once for every
    // test-set size.
    for (index, dir) in dirs.iter().enumerate() {
        if let Err(e) = check_run(dir, index, (trials, cap), &mut tallies) {
            eprintln!("{}: {e}", dir.display());
            std::process::exit(1);
        }
    }
    summary(&tallies, (trials, cap), dirs.len());
}

/// What a test set's verdict gives: the difference's bootstrap, the verdict, the rows it asks
/// for, and (priced) the drawn rows the two models value differently.
type Judged = (BootstrapSummary, VerdictKind, Option<u64>, Option<u64>);

fn check_run(
    dir: &Path,
    run_index: usize,
    (trials, cap): (usize, usize),
    tallies: &mut [(usize, Tally)],
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
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dataset = name.split("-seed").next().unwrap_or_default().to_string();
    let n = data.split.test.len();
    if manifest.config.value.is_some() {
        for (_, tally) in tallies.iter_mut() {
            tally.priced += 1;
        }
    }
    let shares: Vec<usize> = tallies.iter().map(|(share, _)| *share).collect();
    // Each candidate checked at each test-set size, `n / share` rows.
    let mut check_sizes = |judge: &dyn Fn(&[usize]) -> Option<Judged>, population, who: Who| {
        for (share, tally) in tallies.iter_mut() {
            let s = (n / *share).max(2);
            check_candidate(judge, population, (n, s, cap), who, tally);
        }
    };
    let check_of = |j: usize| (run_index * 100_000 + j) as u64;
    if let Some(value) = &manifest.config.value {
        // The verdict on net value: the pair priced on the drawn rows, as `worthit compare`
        // pairs two models (the difference the run's verdict bounds, up to the fixed costs,
        // which cancel in the check).
        for (j, candidate) in candidates.iter().enumerate() {
            let priced = |rows: &[usize]| {
                price_pair_on_test_rows(value, &data, &stored, (baseline, candidate), rows)
            };
            let all: Vec<usize> = (0..n).collect();
            let population = priced(&all)?.difference.mean;
            let judge = |rows: &[usize]| -> Option<Judged> {
                let pair = priced(rows).ok()?;
                judged(pair.difference, rows.len(), pair.rows_that_differ)
            };
            let who = Who {
                run: &name,
                dataset: &dataset,
                trial: j,
                check: check_of(j),
            };
            check_sizes(&judge, population, who);
        }
        return Ok(());
    }
    let metric = manifest.metric().to_string();
    let mut level_checks: Vec<(usize, bool)> = Vec::new();
    on_test_rows(&stored, &data, &models, |truth, predictions| {
        let width = predictions[0].len() / n.max(1);
        for (j, candidate) in predictions[1..].iter().enumerate() {
            let check = check_of(j);
            let judge = |rows: &[usize]| -> Option<Judged> {
                let (y, values) = truth_of_rows(truth, rows);
                let sub = truth_on(truth, &y, &values);
                let (c, b) = (
                    rows_of(candidate, rows, width),
                    rows_of(predictions[0], rows, width),
                );
                let gain = paired_gain(&metric, sub, &c, &b, RESAMPLES, SEED ^ check)?;
                // The rows that carry the difference, which its interval is expanded on.
                let differ = MetricSampler::new(&metric, sub, &c)
                    .rows_scored_differently(&MetricSampler::new(&metric, sub, &b));
                let (gain, kind, needed, _) = judged(gain, rows.len(), None)?;
                Some((gain, kind, needed, Some(differ as u64)))
            };
            // The population's own difference: the metric on all its rows, each once, oriented
            // as a gain.
            let on_all = |p: &[f64]| MetricSampler::new(&metric, truth, p).evaluate(&vec![1; n]);
            let (c, b) = (on_all(candidate), on_all(predictions[0]));
            let population = if higher_is_better(&metric) {
                c - b
            } else {
                b - c
            };
            let who = Who {
                run: &name,
                dataset: &dataset,
                trial: j,
                check,
            };
            check_sizes(&judge, population, who);
            // The candidate's own metric interval on a set drawn apart from the verdict's.
            for (k, share) in shares.iter().enumerate() {
                let s = (n / *share).max(2);
                let mut rng = rng_for(SEED, Stream::RowsNeededCheck, check + (1 << 40));
                let rows: Vec<usize> = (0..s).map(|_| rng.gen_range(0..n)).collect();
                let (y, values) = truth_of_rows(truth, &rows);
                let sub = truth_on(truth, &y, &values);
                let picked = rows_of(candidate, &rows, width);
                let Some(level) =
                    resample_models(&metric, sub, &[], &picked, RESAMPLES, SEED ^ check)
                        .map(|r| r.metrics[0])
                else {
                    continue;
                };
                level_checks.push((k, level.low <= c && c <= level.high));
            }
        }
    })?;
    for (k, held) in level_checks {
        let entry = tallies[k].1.levels.entry(dataset.clone()).or_default();
        entry.0 += usize::from(held);
        entry.1 += 1;
    }
    Ok(())
}

/// The verdict `worthit run` gives on a difference's bootstrap over `rows` rows, where (priced)
/// the two models value `rows_that_differ` of them differently.
fn judged(
    difference: BootstrapSummary,
    rows: usize,
    rows_that_differ: Option<u64>,
) -> Option<Judged> {
    let v = verdict(
        Interval {
            mean: difference.mean,
            low: difference.low,
            high: difference.high,
        },
        0.0,
        rows as u64,
        "candidate",
        "",
        Some(difference.p_positive),
        // As a run words it: two models that decide every row alike get no row count.
        rows_that_differ,
    )
    .ok()?;
    Some((difference, v.kind, v.rows_needed, rows_that_differ))
}

/// Which candidate a check is of: its run, the run's dataset, its trial, and the stream index
/// its rows are drawn from.
#[derive(Clone, Copy)]
struct Who<'a> {
    run: &'a str,
    dataset: &'a str,
    trial: usize,
    check: u64,
}

/// One candidate's checks: its verdict on a test set of `s` of the `n` rows, and, where that is
/// inconclusive and names a row count within `cap` times `n`, on fresh sets of that count.
fn check_candidate(
    judge: &dyn Fn(&[usize]) -> Option<Judged>,
    population: f64,
    (n, s, cap): (usize, usize, usize),
    who: Who,
    tally: &mut Tally,
) {
    let mut rng = rng_for(SEED, Stream::RowsNeededCheck, who.check);
    let first: Vec<usize> = (0..s).map(|_| rng.gen_range(0..n)).collect();
    let Some((gain, kind, needed, differ)) = judge(&first) else {
        return;
    };
    tally.verdicts += 1;
    let held = gain.low <= population && population <= gain.high;
    if !held && std::env::var_os("MISSES").is_some() {
        eprintln!(
            "{} trial {}: population {:.5}, interval {:.5} to {:.5} (mean {:.5}, {s} rows)",
            who.run, who.trial, population, gain.low, gain.high, gain.mean
        );
    }
    if gain.low == gain.high {
        tally.tied.0 += usize::from(held);
        tally.tied.1 += 1;
    }
    let entry = tally.held.entry(who.dataset.to_string()).or_default();
    entry.0 += usize::from(held);
    entry.1 += 1;
    if let Some(differ) = differ {
        let group = DIFFERING
            .iter()
            .rposition(|&from| differ >= from)
            .unwrap_or(0);
        let entry = tally.held_by_differing.entry(group).or_default();
        entry.0 += usize::from(held);
        entry.1 += 1;
    }
    if kind != VerdictKind::Inconclusive {
        return;
    }
    tally.inconclusive += 1;
    let Some(needed) = needed else {
        tally.no_count += 1;
        return;
    };
    if needed as usize > cap * n {
        tally.beyond += 1;
        return;
    }
    // Also at the counts that would settle it with 80% and 90% chance, were the observed
    // difference the true one: (1 + z_p / z_0.95)^2 times N.
    for (k, factor) in [1.0, 2.2898, 3.1644].into_iter().enumerate() {
        let count = (needed as f64 * factor).ceil() as usize;
        let fresh: Vec<usize> = (0..count).map(|_| rng.gen_range(0..n)).collect();
        let Some((_, kind, _, _)) = judge(&fresh) else {
            continue;
        };
        let settled = kind != VerdictKind::Inconclusive;
        let right = match kind {
            VerdictKind::ShipCandidate => population > 0.0,
            VerdictKind::ShipBaseline => population <= 0.0,
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

/// `truth` with the classes `y` (or values `values`) of drawn rows in place of its own.
fn truth_on<'a>(truth: Truth<'_>, y: &'a [u32], values: &'a [f64]) -> Truth<'a> {
    match truth {
        Truth::Classes {
            n_classes,
            positive,
            ..
        } => Truth::Classes {
            y,
            n_classes,
            positive,
        },
        Truth::Values(_) => Truth::Values(values),
    }
}

/// The predictions (`width` per row, row-major) of `rows`, in their order.
fn rows_of(predictions: &[f64], rows: &[usize], width: usize) -> Vec<f64> {
    rows.iter()
        .flat_map(|&r| predictions[r * width..(r + 1) * width].iter().copied())
        .collect()
}

/// The classes (or values) of `rows`, in their order; the other vector empty.
fn truth_of_rows(truth: Truth<'_>, rows: &[usize]) -> (Vec<u32>, Vec<f64>) {
    match truth {
        Truth::Classes { y, .. } => (rows.iter().map(|&r| y[r]).collect(), Vec::new()),
        Truth::Values(values) => (Vec::new(), rows.iter().map(|&r| values[r]).collect()),
    }
}

fn percent(a: usize, b: usize) -> f64 {
    100.0 * a as f64 / b.max(1) as f64
}

fn share_of(a: usize, b: usize) -> String {
    format!("{a} of {b} ({:.0}%)", percent(a, b))
}

/// Checks that held of all, over every dataset and by dataset.
fn by_dataset(held: &std::collections::BTreeMap<String, (usize, usize)>) -> String {
    let (sum, all) = held
        .values()
        .fold((0, 0), |(h, a), (held, all)| (h + held, a + all));
    let each: Vec<String> = held
        .iter()
        .map(|(dataset, (held, all))| format!("{dataset} {:.0}%", percent(*held, *all)))
        .collect();
    format!("{}: {}", share_of(sum, all), each.join(", "))
}

/// One row a measure, one column a test-set size.
fn summary(tallies: &[(usize, Tally)], (trials, cap): (usize, usize), runs: usize) {
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    let mut row = |label: &str, cell: &dyn Fn(&Tally) -> String| {
        rows.push((
            label.to_string(),
            tallies.iter().map(|(_, t)| cell(t)).collect(),
        ));
    };
    row("verdicts; inconclusive", &|t| {
        format!("{}; {}", t.verdicts, t.inconclusive)
    });
    row(
        "the verdict's 90% interval holds the population's own difference: all, by dataset",
        &|t| by_dataset(&t.held),
    );
    if tallies.iter().any(|(_, t)| !t.held_by_differing.is_empty()) {
        row(
            "the same by the rows of the test set the two models value (priced) or score (metric) differently (0; 1 to 4; 5 to 19; 20 to 49; 50 or more)",
            &|t| {
                let each: Vec<String> = (0..DIFFERING.len())
                    .map(|g| {
                        let (held, all) =
                            t.held_by_differing.get(&g).copied().unwrap_or_default();
                        share_of(held, all)
                    })
                    .collect();
                each.join("; ")
            },
        );
    }
    if tallies.iter().any(|(_, t)| !t.levels.is_empty()) {
        row(
            "metric: the candidate's own metric interval holds its value on all the population's rows: all, by dataset",
            &|t| by_dataset(&t.levels),
        );
    }
    row(
        "intervals of one value (the two models alike on every resample: 0 to 0 on a metric, the cost difference on net value): they hold it; there are",
        &|t| format!("{}; {}", t.tied.0, t.tied.1),
    );
    row(
        &format!("inconclusive without a row count; with one over {cap} times the run's test rows (not checked)"),
        &|t| format!("{}; {}", t.no_count, t.beyond),
    );
    row("**N fresh rows settled it**", &|t| {
        format!(
            "**{}**",
            share_of(t.checked.iter().filter(|c| c.1).count(), t.checked.len())
        )
    });
    row(
        "the same, where N is at most 2 times the rows judged; 2 to 10 times; more",
        &|t| {
            let group = |from: f64, to: f64| {
                let group: Vec<_> = t
                    .checked
                    .iter()
                    .filter(|c| c.0 > from && c.0 <= to)
                    .collect();
                share_of(group.iter().filter(|c| c.1).count(), group.len())
            };
            format!(
                "{}; {}; {}",
                group(0.0, 2.0),
                group(2.0, 10.0),
                group(10.0, f64::INFINITY)
            )
        },
    );
    row(
        "N fresh rows settled it the way the population's own difference points",
        &|t| share_of(t.checked.iter().filter(|c| c.2).count(), t.checked.len()),
    );
    row(
        "2.29 N and 3.16 N fresh rows settled it (80% and 90% were the observed difference the true one)",
        &|t| {
            let settled = |k: usize| t.scaled[k].iter().filter(|c| c.0).count();
            format!(
                "{}; {}",
                share_of(settled(0), t.scaled[0].len()),
                share_of(settled(1), t.scaled[1].len())
            )
        },
    );
    let heads: Vec<String> = tallies
        .iter()
        .map(|(share, _)| match share {
            1 => "a test set of the run's size".to_string(),
            k => format!("a test set of 1/{k} of it"),
        })
        .collect();
    let priced = tallies.first().map_or(0, |(_, t)| t.priced);
    let judged_on = match priced {
        0 => "the verdict on the run's metric (none has `[value]`)".to_string(),
        p if p == runs => "the verdict on net value (each has `[value]`)".to_string(),
        p => format!(
            "the verdict on net value in the {p} with `[value]`, on the run's metric in the others"
        ),
    };
    println!("{runs} runs, each one's first {trials} trials against its baseline; {judged_on}.\n");
    println!("| measure | {} |", heads.join(" | "));
    println!("|---|{}", "---:|".repeat(heads.len()));
    for (label, cells) in rows {
        println!("| {label} | {} |", cells.join(" | "));
    }
}
