//! When `--stop auto` asks the tuning answer, and where it stops a priced sweep: at the first
//! answer that is "stop" or "does not pay" ([`stops`]).
//!
//! It asks after every trial from [`EARLY_MIN_TRIALS`] on (less often past
//! [`super::super::stopping::REPLAY_EVERY_TRIAL_UP_TO`], as replays check), except that a
//! "run about K more trials" is followed for up to K trials, and at most as many again as the
//! sweep has run, before the answer is asked again ([`next_check`]). The fitted curve moves with
//! every trial, so an answer asked after each one says "stop" at some check by the noise of one
//! trial more, and a sweep that stops at the first such check stops early (the more often it
//! asks, the earlier): told "run about 990 more" at 10 trials, Taiwan credit's sweeps stopped at
//! 16 to 18 as the curve moved. The checks depend only on the trials, so a resumed sweep asks
//! where an uninterrupted one would.

use super::{advise_after, TuningAdvice, TuningKind, EARLY_MIN_TRIALS};
use crate::analysis::expected_max::Trial;
use crate::analysis::extrapolate::Reading;
use crate::analysis::stopping::replay_step;
use crate::base::error::Result;

/// Whether `--stop auto` ends a priced sweep on `advice`: when the answer is "stop" or "does not
/// pay".
pub fn stops(advice: &TuningAdvice) -> bool {
    matches!(advice.kind, TuningKind::Stop | TuningKind::DoesNotPay)
}

/// The most further trials `--stop auto` runs on a "run more" before asking again after `done`
/// trials, and the most a "run more, then ask again" asks for: as many again as have run.
pub(super) fn most_followed(done: usize) -> usize {
    done
}

/// The sweep size at which `--stop auto` asks again after asking at `done` trials and hearing
/// `advice` (module documentation).
pub fn next_check(done: usize, advice: &TuningAdvice) -> usize {
    let step = replay_step(done);
    match advice.kind {
        TuningKind::RunMore => done + advice.more_trials.min(most_followed(done)).max(step),
        _ => done + step,
    }
}

/// What the tuning answer reads at each check: the trials (a prefix of them at each check) and
/// what they are weighed against.
pub struct AnswerInput<'a> {
    /// The trials in run order, as the answer reads them.
    pub trials: &'a [Trial],
    /// How it reads them.
    pub reading: Reading,
    /// The baseline's value on the same reading, when there is a baseline.
    pub baseline: Option<f64>,
    /// Mean cost of a trial.
    pub cost_per_trial: f64,
    /// Currency of the answer's sentences.
    pub currency: &'a str,
    /// Seed of the answer's bootstraps.
    pub seed: u64,
}

/// `--stop auto`'s checks of a sweep as its trials come in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerChecks {
    /// Trials after which the answer is asked next.
    next: usize,
}

impl AnswerChecks {
    /// Checks asked from `first` trials on (`--stop auto`: [`EARLY_MIN_TRIALS`]).
    pub fn from(first: usize) -> AnswerChecks {
        AnswerChecks { next: first.max(1) }
    }

    /// The sweep size at which the answer is asked next.
    pub fn next(&self) -> usize {
        self.next
    }

    /// Asks the answer at every check up to the trials `input` has, not asked before: the first
    /// answer that [`stops`], with the trials it was asked after; `None` while none does. An
    /// error for non-finite values.
    pub fn ask(&mut self, input: &AnswerInput) -> Result<Option<(usize, TuningAdvice)>> {
        while self.next <= input.trials.len() {
            let done = self.next;
            let advice = advise_after(
                &input.trials[..done],
                input.reading,
                input.baseline,
                input.cost_per_trial,
                input.currency,
                input.seed,
            )?;
            if stops(&advice) {
                return Ok(Some((done, advice)));
            }
            self.next = next_check(done, &advice);
        }
        Ok(None)
    }
}

/// Where `--stop auto` would have stopped `trials` (in run order), asked from `first` trials on
/// ([`AnswerChecks`]), with the answer given there, which says why; `None` when it would not
/// have. `--stop auto` asks from [`EARLY_MIN_TRIALS`]; from [`super::MIN_TRIALS`] it is where it
/// would have stopped without the early answers (what `bench/calibration` compares it with). An
/// error for non-finite values.
pub fn answer_stop_with(
    first: usize,
    trials: &[Trial],
    reading: Reading,
    baseline: Option<f64>,
    cost_per_trial: f64,
    seed: u64,
) -> Result<Option<(usize, TuningAdvice)>> {
    AnswerChecks::from(first).ask(&AnswerInput {
        trials,
        reading,
        baseline,
        cost_per_trial,
        currency: "",
        seed,
    })
}

/// The first check `--stop auto` makes: after [`EARLY_MIN_TRIALS`] trials.
impl Default for AnswerChecks {
    fn default() -> Self {
        AnswerChecks::from(EARLY_MIN_TRIALS)
    }
}
