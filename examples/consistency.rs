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
//! - a *run more* beside break-even's "each after it less" (a dip of the
//!   trials run read as the next trials' gain), or beside a doubling that loses although the
//!   trials it asks for reach that far;
//! - a *stop* for the cost beside a fitted break-even past the trials run;
//! - a *run more* or *not enough trials* beside "auto stop would have stopped at" fewer trials,
//!   unless the replay says why it stopped there and that the trials since changed the answer;
//! - a *run more* beside "the noise rule would have stopped at" no more trials than were run,
//!   unless the replay says that rule weighs the noise, not the price;
//! - a *stop* or *does not pay* beside "auto stop would not have stopped within" the trials run,
//!   unless the replay says when auto stop would next have asked.
//!
//! A pool of a run without `[value]` is cut the same way and analysed again from its stored
//! predictions (its data reopened, as `worthit report --reprice` does), with the checks of
//! `UNPRICED_CHECKS`: there the doubling is a gain on the test curve, at no cost, and the noise
//! rule is what `--stop auto` applies.
//!
//! Prints one Markdown row per check (cases, contradictions) and every contradiction found;
//! exits 1 when there is one. `cargo run --release --example consistency -- bench/out/calibration/*-pool160`.

use std::path::Path;
use std::process::ExitCode;

#[path = "common/reopened.rs"]
mod reopened;
use reopened::Reopened;

use worthit::analysis::run_summary::{analyze, RunAnalysis};
use worthit::analysis::trials::{COST_RULE_CLOSE_CALL, NOISE_RULE_IGNORES_PRICE, NOT_ASKED_SINCE};
use worthit::analysis::tuning::{stops, TuningAdvice, TuningKind};
use worthit::app::reprice::analyze_metric;
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
        .filter(|m| m.is_sweep_trial())
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
        sweep_best: None,
        // Cut from the pool without repricing: the costs of the cut are not resampled here.
        difference_before_costs: None,
        test_rows_that_differ: None,
    });
    Some(ValueResults {
        models: std::iter::once(baseline).chain(trials).collect(),
        best,
        ..value.clone()
    })
}

/// What a *stop* says where the curve the doubling reads still rises.
const STILL_RISES: &str = "the fitted curve still rises";
/// What break-even says beside a close call's *stop*, where its fitted break-even lies past the
/// trials run.
const CLOSE_CALL_DECLINED: &str = "too close a call for the tuning answer";
/// What a metric *stop* for the noise says where the test rows' curve still gains more.
const TEST_STILL_RISES: &str = ", though the test rows' fitted curve still rises";

/// For a *stop* that `threshold` gives a threshold for: whether the doubling beside it gains more
/// than that without the answer saying `clause`; `None` for any other answer.
fn unexplained_stop(
    a: &RunAnalysis,
    threshold: impl Fn(&TuningAdvice) -> Option<f64>,
    clause: &str,
) -> Option<bool> {
    let tuning = a
        .sweep
        .tuning
        .as_ref()
        .filter(|t| t.kind == TuningKind::Stop)?;
    let doubling = a.sweep.doubling.as_ref()?;
    let threshold = threshold(tuning)?;
    Some(doubling.mean > threshold && !tuning.sentence.contains(clause))
}

/// Each check of `checks` on the analysis of `n` trials of the run in `dir`: counted in
/// `counts` where it applies, and each contradiction kept in `found` with the sentences.
fn apply(
    checks: &[Check],
    counts: &mut [(usize, usize)],
    analysis: &RunAnalysis,
    n: usize,
    dir: &str,
    found: &mut Vec<String>,
) {
    for (check, count) in checks.iter().zip(counts.iter_mut()) {
        if let Some(contradicts) = (check.test)(analysis, n) {
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

/// One kind of contradiction: its description and, per analysis, `None` where it does not apply,
/// else whether the sentences contradict the answer.
struct Check {
    what: &'static str,
    test: fn(&RunAnalysis, usize) -> Option<bool>,
}

const CHECKS: [Check; 8] = [
    Check {
        what: "*stop* beside a doubling expected to add a positive amount net of its cost, unexplained",
        test: |a, _| unexplained_stop(a, |_| Some(0.0), STILL_RISES),
    },
    Check {
        what: "*run more* beside break-even's \"each after it less\"",
        test: |a, _| {
            let tuning = a.sweep.tuning.as_ref()?;
            (tuning.kind == TuningKind::RunMore).then(|| {
                a.sentences
                    .iter()
                    .any(|s| s.contains("and each after it less"))
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
        what: "*stop* for the cost beside a fitted break-even past the trials run, unexplained",
        test: |a, n| {
            let tuning = a.sweep.tuning.as_ref()?;
            (tuning.kind == TuningKind::Stop && !tuning.indistinct).then(|| {
                a.sentences.iter().any(|s| {
                    !s.contains(CLOSE_CALL_DECLINED) && s.split("break-even at about ")
                        .nth(1)
                        .and_then(|rest| rest.split(' ').next())
                        .and_then(|at| at.replace(',', "").parse::<usize>().ok())
                        .is_some_and(|at| at > n)
                })
            })
        },
    },
    Check {
        what: "*stop* beside the cost rule's next trials expected to add more than they cost, unexplained",
        test: |a, _| {
            let tuning = a.sweep.tuning.as_ref()?;
            let decision = a.sweep.continue_sweep.as_ref()?;
            let gains = decision.expected_gain? > decision.cost;
            (tuning.kind == TuningKind::Stop && !tuning.indistinct).then(|| {
                gains
                    && !a
                        .sentences
                        .iter()
                        .any(|s| s.starts_with("By the cost rule") && s.contains(COST_RULE_CLOSE_CALL))
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
                    .any(|s| s.contains("and the trials since have changed the answer"))
            })
        },
    },
    Check {
        what: "*run more* beside a stop of the noise rule within the trials run, unexplained",
        test: |a, n| {
            let tuning = a.sweep.tuning.as_ref()?;
            let noise = a.sweep.stop_replay.as_ref()?.noise_rule?;
            (tuning.kind == TuningKind::RunMore && noise <= n).then(|| {
                !a.sentences
                    .iter()
                    .any(|s| s.contains(NOISE_RULE_IGNORES_PRICE))
            })
        },
    },
    Check {
        what: "*stop* or *does not pay* beside an auto stop that would not have stopped, unexplained",
        test: |a, _| {
            let tuning = a.sweep.tuning.as_ref()?;
            let went_on = a.sweep.stop_replay.as_ref()?.auto.is_none();
            (stops(tuning) && went_on).then(|| {
                !a.sentences.iter().any(|s| s.contains(NOT_ASKED_SINCE))
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
    let mut unpriced_counts = [(0_usize, 0_usize); UNPRICED_CHECKS.len()];
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
            match unpriced(Path::new(&dir), &sizes, &mut unpriced_counts, &mut found) {
                Ok(analysed) => answers += analysed,
                Err(e) => {
                    eprintln!("{dir}: {e}");
                    return ExitCode::from(2);
                }
            }
            continue;
        };
        for &n in &sizes {
            let Some(cut) = first_trials(value, n) else {
                continue;
            };
            // A pool cut to its first trials ran on past them: nothing stopped it there.
            let analysis = match analyze(&cut, run.split.test, run.seed, false) {
                Ok(analysis) => analysis,
                Err(e) => {
                    eprintln!("{dir} at {n} trials: {e}");
                    return ExitCode::from(2);
                }
            };
            answers += 1;
            apply(&CHECKS, &mut counts, &analysis, n, &dir, &mut found);
        }
    }
    println!("{answers} answers replayed");
    if counts.iter().any(|&(cases, _)| cases > 0) {
        println!("\n| contradiction | answers it applies to | found |");
        println!("|---|---:|---:|");
        for (check, (cases, bad)) in CHECKS.iter().zip(counts) {
            println!("| {} | {cases} | {bad} |", check.what);
        }
    }
    if unpriced_counts.iter().any(|&(cases, _)| cases > 0) {
        println!("\n| contradiction, runs without [value] | answers it applies to | found |");
        println!("|---|---:|---:|");
        for (check, (cases, bad)) in UNPRICED_CHECKS.iter().zip(unpriced_counts) {
            println!("| {} | {cases} | {bad} |", check.what);
        }
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

/// The pairings checked in a run without `[value]`, whose doubling is a gain on the test curve,
/// with no cost: a *stop* for the metric's noise is consistent with a doubling that gains less
/// than that noise.
const UNPRICED_CHECKS: [Check; 4] = [
    Check {
        what: "*stop* because the validation rows cannot tell the trials apart beside a doubling that gains, unexplained",
        test: |a, _| unexplained_stop(a, |t| t.indistinct.then_some(0.0), STILL_RISES),
    },
    Check {
        what: "*stop* for the noise beside a doubling that gains more than that noise, unexplained",
        test: |a, _| unexplained_stop(a, |t| t.noise, TEST_STILL_RISES),
    },
    Check {
        what: "*run more* beside a doubling that loses",
        test: |a, _| {
            let tuning = a.sweep.tuning.as_ref()?;
            let doubling = a.sweep.doubling.as_ref()?;
            (tuning.kind == TuningKind::RunMore).then_some(doubling.mean < 0.0)
        },
    },
    Check {
        what: "*run more* or *not enough trials* beside an earlier stop of the noise rule (--stop auto), unexplained",
        test: |a, n| {
            let tuning = a.sweep.tuning.as_ref()?;
            let noise = a.sweep.stop_replay.as_ref()?.noise_rule?;
            (!stops(tuning) && noise < n).then(|| {
                !a.sentences
                    .iter()
                    .any(|s| s.contains("and the trials since have changed the answer"))
            })
        },
    },
];

/// The unpriced run in `dir`, cut to its baseline and first `n` trials for each of `sizes` and
/// analysed again from its stored predictions, as `worthit report --reprice` would for a sweep
/// of `n`; each answer goes through [`UNPRICED_CHECKS`]. Returns the answers analysed.
fn unpriced(
    dir: &Path,
    sizes: &[usize],
    counts: &mut [(usize, usize); UNPRICED_CHECKS.len()],
    found: &mut Vec<String>,
) -> Result<usize, String> {
    let mut analysed = 0;
    let run = Reopened::open(dir)?;
    let (results, manifest, data) = (&run.results, &run.manifest, run.data());
    for &n in sizes {
        let trials = results.models.iter().filter(|m| m.trial.is_some()).count();
        if trials < n {
            continue;
        }
        let mut cut = results.clone();
        let mut kept = 0;
        cut.models.retain(|m| {
            m.trial.is_none() || {
                kept += 1;
                kept <= n
            }
        });
        analyze_metric(dir, &data, manifest.metric(), &mut cut, &Default::default())
            .map_err(|e| e.to_string())?;
        let Some(analysis) = &cut.analysis else {
            continue;
        };
        analysed += 1;
        apply(
            &UNPRICED_CHECKS,
            counts,
            analysis,
            n,
            &dir.display().to_string(),
            found,
        );
    }
    Ok(analysed)
}
