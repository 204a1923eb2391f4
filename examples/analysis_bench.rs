//! Times the diminishing-returns analysis of a priced sweep (issue: "1,000 trials in under
//! 50 ms"): `analysis::trials::analyze_trials`, what `worthit run` computes for a sweep (the
//! expected-best curve, its extrapolation, the tuning answer with its bands (and, since
//! 2026-12-06, again at both ends of a `trial_cost` range), break-even, the stop
//! rule, the replay of both stop rules, the doubling, the track record, the winner's curse), and
//! the frontier. It runs on a thread of a pool of all cores, as in `worthit run` (its `--threads`
//! pool), so the thread asking for bootstrap refits fits them too.
//!
//!     cargo run --release --example analysis_bench
//!
//! Prints a Markdown table: trials, median and worst of 15 repetitions, against the 50 ms target,
//! and the same for the analysis of a run without `[value]` (metric units, the noise rule reading
//! two validation halves), which has no target of its own.
//! Trial counts given as arguments replace the default 100, 1,000 and 5,000 (to profile one).

use std::time::Instant;

use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use worthit::analysis::extrapolate::Reading;
use worthit::analysis::trials::{analyze_trials, DecisionTrials, SweepTrials};
use worthit::analysis::{knee, pareto_frontier, FrontierPoint, NoiseSource, Trial};

/// `halves`: the trials' values on the two validation halves, for the analysis of a run without
/// `[value]` (in metric units, the noise rule reading the halves); `None`, a priced run.
fn analyse(trials: &[Trial], points: &[FrontierPoint], halves: Option<&[Trial]>) {
    let sweep = SweepTrials {
        trials,
        cost_per_trial: if halves.is_some() { 0.0 } else { 10.0 },
        noise: 50.0,
        noise_source: NoiseSource::StandardError,
        seed: 7,
        currency: if halves.is_some() { "ROC-AUC" } else { "EUR" },
        baseline: Some(if halves.is_some() { 0.0 } else { 5_000.0 }),
        metric: halves.is_some(),
        decision: halves.map(|halves| DecisionTrials {
            trials: halves,
            reading: Reading::CrossFitted,
            baseline: Some(0.0),
        }),
        verdict_ships: false,
        ceiling: None,
        // A trial_cost range: the answer asked again at its ends, as a priced run does.
        trial_cost_ends: halves.is_none().then_some((5.0, 20.0)),
        auto_stopped: false,
    };
    analyze_trials(&sweep, &mut Vec::new()).expect("analysis");
    let frontier = pareto_frontier(points);
    knee(&frontier);
}

fn main() {
    println!("| trials | priced: median ms | worst ms | target | without [value]: median ms | worst ms |");
    println!("|---:|---:|---:|---|---:|---:|");
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .map(|arg| arg.parse().expect("a trial count"))
        .collect();
    let sizes = if sizes.is_empty() {
        vec![100, 1_000, 5_000]
    } else {
        sizes
    };
    for n in sizes {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(n as u64);
        // A sweep whose quality saturates: skill uniform, value 10,000 x skill, noisy validation.
        let trials: Vec<Trial> = (0..n)
            .map(|_| {
                let skill: f64 = rng.gen();
                Trial {
                    validation: 10_000.0 * skill + 300.0 * rng.gen::<f64>(),
                    test: 10_000.0 * skill,
                }
            })
            .collect();
        let points: Vec<FrontierPoint> = trials
            .iter()
            .enumerate()
            .map(|(i, t)| FrontierPoint {
                label: format!("trial-{i}"),
                cost: rng.gen::<f64>() * 100.0,
                value: t.test,
            })
            .collect();
        // On a thread of a pool, as `worthit run` analyses (its --threads pool): the thread that
        // asks for refits reads them too, rather than waiting for the others.
        let pool = rayon::ThreadPoolBuilder::new()
            .build()
            .expect("a thread pool");
        // The same skills on two validation halves, each with its own noise.
        let halves: Vec<Trial> = trials
            .iter()
            .map(|t| Trial {
                validation: t.test + 300.0 * rng.gen::<f64>(),
                test: t.test + 300.0 * rng.gen::<f64>(),
            })
            .collect();
        let timed = |halves: Option<&[Trial]>| {
            let mut times: Vec<f64> = pool.install(|| {
                (0..15)
                    .map(|_| {
                        let started = Instant::now();
                        analyse(&trials, &points, halves);
                        started.elapsed().as_secs_f64() * 1000.0
                    })
                    .collect()
            });
            times.sort_by(f64::total_cmp);
            (times[times.len() / 2], times[times.len() - 1])
        };
        let (median, worst) = timed(None);
        let (unpriced_median, unpriced_worst) = timed(Some(&halves));
        let target = if n == 1_000 { "under 50 ms" } else { "" };
        println!(
            "| {n} | {median:.1} | {worst:.1} | {target} | {unpriced_median:.1} | {unpriced_worst:.1} |"
        );
    }
}
