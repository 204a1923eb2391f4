//! Diminishing returns: is another trial, a bigger model or more evaluation data worth its cost?
//!
//! Pure functions over finished trials (no I/O); every result is serialisable so a run can store
//! it and a report can print it.
//!
//! - [`expected_max`]: the expected test value of the validation-best model among `n` trials,
//!   with a 90% band (Dodge et al. 2019, "Show Your Work");
//! - [`extrapolate`]: the same curve beyond the observed trials, from a fitted saturating curve
//!   with a bootstrap band;
//! - [`distribution_free`]: exact bands for the median best of `n` trials (Lourie et al. 2024),
//!   which bound nothing beyond the trials run (measured against the bootstrap by
//!   `bench/calibration`);
//! - [`marginal`]: what one more trial adds against what it costs, and the break-even count;
//! - [`agreement`]: whether the validation rows can tell a sweep's trials apart (the two halves'
//!   correlation across trials), evidence under the tuning answer;
//! - [`stopping`]: when a running sweep should stop (cost rule, metric-noise rule) and where a
//!   finished sweep would have stopped;
//! - [`frontier`]: the cost/value Pareto frontier of model sizes and its knee;
//! - [`winners_curse`]: best-so-far validation against its test value;
//! - [`learning`]: the baseline on a share of the rows: more data or more tuning;
//! - [`verdict`]: ship the baseline, ship the candidate, or collect more test rows;
//! - [`recommendation`]: the verdict and the tuning answer, the two answers a reader acts on;
//! - [`trials`]: the one pipeline from a sweep's trials to all of the above;
//! - [`words`]: sentences as this module writes them;
//! - [`run_summary`]: all of the above applied to one priced run;
//! - [`metric_summary`]: the same for a run without `[value]`, in the units of its metric;
//! - [`sweep_log`]: the same for a sweep run elsewhere, from its CSV log (`worthit analyze`).

pub mod agreement;
pub mod distribution_free;
pub mod expected_max;
pub mod extrapolate;
pub mod frontier;
pub mod learning;
pub mod marginal;
pub mod metric_summary;
pub mod recommendation;
pub mod run_summary;
pub mod stopping;
pub mod sweep_log;
pub mod trials;
pub mod tuning;
pub mod verdict;
pub mod winners_curse;
pub mod words;

pub use expected_max::{
    expected_max_curve, without_replacement, CurvePoint, ExpectedMaxCurve, Trial,
};
pub use extrapolate::{extrapolate, ExtrapolatedPoint, Extrapolation, SaturationFit};
pub use frontier::{compare_sentence, knee, pareto_frontier, FrontierPoint};
pub use marginal::{break_even, break_even_sentence, marginal_gains, BreakEven, MarginalGain};
pub use stopping::{
    noise_stop, replay, replay_sentence, should_stop, NoiseDecision, NoiseEvidence, NoiseRule,
    NoiseSource, StopDecision, StopReplay, StopRule,
};
pub use verdict::{verdict, Interval, Verdict, VerdictKind};
pub use winners_curse::{best_so_far, BestSoFar};

/// Test trials whose validation value is a uniform score and whose test value is `scale` times
/// it, from the stream `seed`: `E(n) = scale * n / (n + 1)`.
#[cfg(test)]
pub(crate) fn uniform_sweep(count: usize, scale: f64, seed: u64) -> Vec<Trial> {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(seed);
    (0..count)
        .map(|_| {
            let score: f64 = rng.gen();
            Trial {
                validation: score,
                test: scale * score,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    /// Everything a report would compute on a 1,000-trial sweep, end to end, including the
    /// slowest case (a replay in which no rule ever stops). Not a timed assert (shared CI machines
    /// vary), but it prints the time so a slow change is visible: about 30 ms on a loaded 2-core
    /// machine.
    #[test]
    fn a_thousand_trials_end_to_end() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(99);
        let trials: Vec<Trial> = (0..1_000)
            .map(|_| {
                let skill: f64 = rng.gen();
                Trial {
                    validation: skill + 0.05 * rng.gen::<f64>(),
                    test: 10_000.0 * skill,
                }
            })
            .collect();
        let started = std::time::Instant::now();
        let curve = expected_max_curve(&trials, 1_000).unwrap();
        let extra = extrapolate(&trials, &[1_000, 2_000, 4_000], 200, 1).unwrap();
        let even = break_even(&curve.means(), 5.0).unwrap();
        let decision = should_stop(&trials, 5.0, &StopRule::default(), "EUR").unwrap();
        let stops = replay(
            &trials,
            Some(5.0),
            &StopRule::default(),
            &NoiseEvidence {
                se: 0.001,
                ..NoiseEvidence::default()
            },
            &NoiseRule::default(),
        )
        .unwrap();
        let never = replay(
            &trials,
            Some(0.0),
            &StopRule::default(),
            &NoiseEvidence::default(),
            &NoiseRule::default(),
        )
        .unwrap();
        let best = best_so_far(&trials);
        eprintln!("1,000 trials analysed in {:?}", started.elapsed());
        assert_eq!(curve.points.len(), 1_000);
        assert!(extra.points[2].mean >= extra.points[0].mean);
        assert!(even.paid_up_to.is_some());
        assert!(decision.stop);
        assert!(stops.cost_rule.is_some());
        // At no cost, a trial that might still help is always worth running.
        assert_eq!(never.cost_rule, None);
        assert_eq!(best.len(), 1_000);
    }
}
