//! Whether any sentence of a priced run contradicts its tuning answer, replayed on stored pools.
//!
//! For each pool directory given (a priced `worthit run --stop never`, as `bench/calibration`
//! writes them) and each sweep size in `SIZES` (default 5 to 9, 10, 12, 15, 20, 30, 40), the
//! run's analysis is redone on its baseline and first `n` trials, as `worthit report --reprice`
//! would give it for a sweep of `n`, and each pairing that has read as the opposite instruction
//! is checked on the numbers behind the sentences:
//!
//! - a *stop* beside a doubling of the trials "expected to add" a positive amount net of its
//!   cost, unless the *stop* says the fitted curve still rises and why that rise is not to be
//!   trusted;
//! - a *run more* beside break-even's "each further trial is expected to add" (a dip of the
//!   trials run read as the next trials' gain), or beside a doubling that loses although the
//!   trials it asks for reach that far;
//! - a *stop* for the cost beside a fitted break-even past the trials run;
//! - a *run more* or *not enough trials* beside "auto stop would have stopped at" fewer trials,
//!   unless the replay says why it stopped there and that the trials since changed the answer.
//!
//! Prints one Markdown row per check (cases, contradictions) and every contradiction found;
//! exits 1 when there is one. `cargo run --release --example consistency -- bench/out/calibration/*-pool160`.

use std::path::Path;
use std::process::ExitCode;

use worthit::analysis::run_summary::{analyze, RunAnalysis};
use worthit::analysis::tuning::TuningKind;
use worthit::results::RunResults;
use worthit::value::schema::{BestCandidate, ValueResults};

/// A sweep's value results cut to its baseline and first `n` trials, with the best candidate
/// chosen among those by validation net value, as a sweep of `n` would have stored them; `None`
/// when the pool has fewer trials.
fn first_trials(value: &ValueResults, n: usize) -> Option<ValueResults> {
    let baseline = value.models.first()?.clone();
    let trials: Vec<_> = value
        .models
        .iter()
        .filter(|m| m.trial.is_some() && !m.external)
        .take(n)
        .cloned()
        .collect();
    if trials.len() < n {
        return None;
    }
    let sweep_cost = trials.iter().map(|m| m.training_cost + m.trial_cost).sum();
    let best = trials
        .iter()
        .max_by(|a, b| a.validation_net_value.total_cmp(&b.validation_net_value))?;
    let best = best.difference.map(|difference| BestCandidate {
        name: best.name.clone(),
        difference,
        sweep_cost,
        difference_after_sweep: difference,
    });
    Some(ValueResults {
        models: std::iter::once(baseline).chain(trials).collect(),
        best,
        ..value.clone()
    })
}

/// One kind of contradiction: its description and, per analysis, `None` where it does not apply,
/// else whether the sentences contradict the answer.
struct Check {
    what: &'static str,
    test: fn(&RunAnalysis, usize) -> Option<bool>,
}

const CHECKS: [Check; 5] = [
    Check {
        what: "*stop* beside a doubling expected to add a positive amount net of its cost, unexplained",
        test: |a, _| {
            let tuning = a.sweep.tuning.as_ref()?;
            let doubling = a.sweep.doubling.as_ref()?;
            (tuning.kind == TuningKind::Stop).then(|| {
                doubling.mean > 0.0
                    && !tuning
                        .sentence
                        .contains(", though the fitted curve still rises")
            })
        },
    },
    Check {
        what: "*run more* beside \"each further trial is expected to add\"",
        test: |a, _| {
            let tuning = a.sweep.tuning.as_ref()?;
            (tuning.kind == TuningKind::RunMore).then(|| {
                a.sentences
                    .iter()
                    .any(|s| s.contains("each further trial is expected to add"))
            })
        },
    },
    Check {
        what: "*run more* of at least as many trials as were run beside a doubling that loses",
        test: |a, n| {
            let tuning = a.sweep.tuning.as_ref()?;
            let doubling = a.sweep.doubling.as_ref()?;
            (tuning.kind == TuningKind::RunMore && tuning.more_trials >= n)
                .then_some(doubling.mean < 0.0)
        },
    },
    Check {
        what: "*stop* for the cost beside a fitted break-even past the trials run",
        test: |a, n| {
            let tuning = a.sweep.tuning.as_ref()?;
            (tuning.kind == TuningKind::Stop && !tuning.indistinct).then(|| {
                a.sentences.iter().any(|s| {
                    s.split("break-even at about ")
                        .nth(1)
                        .and_then(|rest| rest.split(' ').next())
                        .and_then(|at| at.replace(',', "").parse::<usize>().ok())
                        .is_some_and(|at| at > n)
                })
            })
        },
    },
    Check {
        what: "*run more* or *not enough trials* beside an earlier auto stop, unexplained",
        test: |a, n| {
            let tuning = a.sweep.tuning.as_ref()?;
            let auto = a.sweep.stop_replay.as_ref()?.auto?;
            let goes_on = matches!(tuning.kind, TuningKind::RunMore | TuningKind::TooFewTrials);
            (goes_on && auto < n).then(|| {
                !a.sentences
                    .iter()
                    .any(|s| s.ends_with("and the trials since have changed the answer."))
            })
        },
    },
];

fn main() -> ExitCode {
    let sizes: Vec<usize> = match std::env::var("SIZES") {
        Ok(text) => text
            .split_whitespace()
            .filter_map(|s| s.parse().ok())
            .collect(),
        Err(_) => vec![5, 6, 7, 8, 9, 10, 12, 15, 20, 30, 40],
    };
    let mut counts = [(0_usize, 0_usize); CHECKS.len()];
    let (mut answers, mut found) = (0, Vec::new());
    for dir in std::env::args().skip(1) {
        let path = Path::new(&dir).join("results.json");
        let run: RunResults = match std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|text| serde_json::from_str(&text).map_err(|e| e.to_string()))
        {
            Ok(run) => run,
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                return ExitCode::from(2);
            }
        };
        let Some(value) = &run.value else {
            eprintln!("{}: not priced, skipped", path.display());
            continue;
        };
        for &n in &sizes {
            let Some(cut) = first_trials(value, n) else {
                continue;
            };
            let analysis = match analyze(&cut, run.split.test, run.seed) {
                Ok(analysis) => analysis,
                Err(e) => {
                    eprintln!("{dir} at {n} trials: {e}");
                    return ExitCode::from(2);
                }
            };
            answers += 1;
            for (check, count) in CHECKS.iter().zip(counts.iter_mut()) {
                if let Some(contradicts) = (check.test)(&analysis, n) {
                    count.0 += 1;
                    if contradicts {
                        count.1 += 1;
                        found.push(format!(
                            "{dir} at {n} trials: {}\n  {}",
                            check.what,
                            analysis.sentences.join("\n  ")
                        ));
                    }
                }
            }
        }
    }
    println!("{answers} answers replayed\n");
    println!("| contradiction | answers it applies to | found |");
    println!("|---|---:|---:|");
    for (check, (cases, bad)) in CHECKS.iter().zip(counts) {
        println!("| {} | {cases} | {bad} |", check.what);
    }
    for text in &found {
        println!("\n{text}");
    }
    if found.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
