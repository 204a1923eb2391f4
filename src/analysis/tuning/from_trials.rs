//! The priced answer from the trials themselves: their expected-best curve and its fit, read once
//! ([`ReadCurve`]), what the decision reads ([`DecisionTrials`]), and the answer through
//! [`super::advise`] with what its early steps need ([`advise_after`], [`advise_read`]).

use super::{
    advise, cost_outweighs_spread, optimistic_net_gain, start, waiting_costs, TuningAdvice,
    TuningInput, TuningKind, EARLY_MIN_TRIALS, MIN_TRIALS,
};
use crate::analysis::agreement::HalvesAgreement;
use crate::analysis::expected_max::Trial;
use crate::analysis::extrapolate::{Bootstrap, Reading, Refits, SaturationFit};
use crate::base::error::Result;

/// The trials and baseline a decision reads.
#[derive(Debug, Clone, Copy)]
pub struct DecisionTrials<'a> {
    /// Each trial's two values, in the order they ran.
    pub trials: &'a [Trial],
    /// How they are read: cross-fitted validation halves when the run has them.
    pub reading: Reading,
    /// The baseline's value, read as the trials are.
    pub baseline: Option<f64>,
}

/// The expected-best curve of some trials and its fit (from 3 trials), both read one way: what
/// the priced answer and its evidence (break-even) share, computed once.
pub struct ReadCurve {
    /// The expected best of 1, 2, ... n trials.
    pub expected_best: Vec<f64>,
    /// The saturating curve fitted to it; `None` below 3 trials.
    pub fit: Option<SaturationFit>,
}

impl ReadCurve {
    /// `trials` (at least one) read as `reading`. An error for non-finite values.
    pub fn new(trials: &[Trial], reading: Reading, seed: u64) -> Result<ReadCurve> {
        Ok(ReadCurve {
            expected_best: reading.expected_best(trials)?,
            fit: if trials.len() >= crate::analysis::extrapolate::MIN_TRIALS {
                Some(Bootstrap::reading(trials, seed, reading)?.point)
            } else {
                None
            },
        })
    }
}

/// The priced tuning answer after `trials` (in run order): the expected-best curve, its fit and,
/// from [`EARLY_MIN_TRIALS`] trials on with a baseline, the optimistic net
/// gain, through [`super::advise`]. What a run's report says and what `--stop auto` acts on, so the two
/// cannot differ. An error for non-finite values.
pub fn advise_after(
    trials: &[Trial],
    reading: Reading,
    baseline: Option<f64>,
    cost_per_trial: f64,
    currency: &str,
    seed: u64,
) -> Result<TuningAdvice> {
    if trials.is_empty() {
        return Ok(start(0));
    }
    let curve = ReadCurve::new(trials, reading, seed)?;
    let decides = DecisionTrials {
        trials,
        reading,
        baseline,
    };
    advise_read(&curve, &decides, cost_per_trial, currency, seed, None)
}

/// [`advise_after`] on a curve already read from the trials `decides` reads, reading `refits` of
/// them for the optimistic net gain when they are the ones it would draw ([`Refits::first`]).
pub fn advise_read(
    curve: &ReadCurve,
    decides: &DecisionTrials,
    cost_per_trial: f64,
    currency: &str,
    seed: u64,
    refits: Option<&Refits>,
) -> Result<TuningAdvice> {
    let (trials, reading, baseline) = (decides.trials, decides.reading, decides.baseline);
    let n = trials.len();
    let mut input = TuningInput {
        expected_best: &curve.expected_best,
        fit: curve.fit.as_ref(),
        cost_per_trial,
        baseline,
        currency,
        optimistic_net_gain: None,
        halves: HalvesAgreement::of(trials, reading),
        waiting_costs: waiting_costs(trials, cost_per_trial),
    };
    // The optimistic net gain takes 200 refits, and only a "does not pay" reads it: before
    // MIN_TRIALS when the cost outweighs the trials' spread, after only when the point estimates
    // already say "does not pay" (it can only take that answer back), so `--stop auto`'s check
    // after each trial stays cheap.
    if let Some(baseline) = baseline.filter(|_| n >= EARLY_MIN_TRIALS) {
        let early = n < MIN_TRIALS && cost_outweighs_spread(trials, cost_per_trial);
        if early || (n >= MIN_TRIALS && advise(&input).kind == TuningKind::DoesNotPay) {
            input.optimistic_net_gain = Some(optimistic_net_gain(
                trials,
                reading,
                baseline,
                cost_per_trial,
                seed,
                refits,
            )?);
        }
    }
    Ok(advise(&input))
}
