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

#[cfg(test)]
mod tests {
    use super::super::no_trials;
    use super::*;

    #[test]
    fn stop_auto_follows_a_run_more_before_asking_again_and_resumes_alike() {
        let run_more = |trials: usize, more: usize| TuningAdvice {
            kind: TuningKind::RunMore,
            trials,
            more_trials: more,
            ..no_trials()
        };
        // A "run about 990 more" at 10 trials is followed to 20, a "run about 3 more" to 13; any
        // other answer is asked again after the next trial.
        assert_eq!(next_check(10, &run_more(10, 990)), 20);
        assert_eq!(next_check(10, &run_more(10, 3)), 13);
        assert_eq!(next_check(7, &no_trials()), 8);
        // Past REPLAY_EVERY_TRIAL_UP_TO trials the replay's own step is the least.
        assert_eq!(next_check(120, &run_more(120, 1)), 130);

        // Trials of a heavy-tailed spread (their expected best keeps rising) at 0.0001 a trial:
        // asked one trial at a time, as a sweep asks, or once on all the trials, as a replay or a
        // resumed sweep asks, --stop auto stops at the same trial, if at all.
        let mut state = 12_345_u64;
        let trials: Vec<Trial> = (0..120)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                let uniform = ((state >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
                let skill = 100.0 - 2.0 / uniform.sqrt();
                Trial {
                    validation: skill,
                    test: skill,
                }
            })
            .collect();
        let input = |n: usize| AnswerInput {
            trials: &trials[..n],
            reading: Reading::Selected,
            baseline: Some(90.0),
            cost_per_trial: 0.0001,
            currency: "EUR",
            seed: 5,
        };
        let mut live = AnswerChecks::default();
        let stopped = (EARLY_MIN_TRIALS..=trials.len()).find_map(|n| live.ask(&input(n)).unwrap());
        let at_once = AnswerChecks::default().ask(&input(trials.len())).unwrap();
        assert_eq!(stopped, at_once);
        let at = stopped.as_ref().map(|(at, _)| *at);
        assert_eq!(
            answer_stop_with(
                EARLY_MIN_TRIALS,
                &trials,
                Reading::Selected,
                Some(90.0),
                0.0001,
                5
            )
            .map(|found| found.map(|(at, _)| at))
            .unwrap(),
            at
        );
        if let Some((at, advice)) = &stopped {
            assert!(stops(advice) && advice.trials == *at);
        }
        // It asked at no size between a "run more" and where that answer said to ask again.
        let end = at.unwrap_or(trials.len() + 1);
        let mut asked = EARLY_MIN_TRIALS;
        let mut followed = false;
        while asked < end && asked <= trials.len() {
            let answer = advise_after(
                &trials[..asked],
                Reading::Selected,
                Some(90.0),
                0.0001,
                "",
                5,
            )
            .unwrap();
            assert!(!stops(&answer), "stopped at {asked} before {end}");
            let next = next_check(asked, &answer);
            followed |= answer.kind == TuningKind::RunMore && next > asked + 1;
            asked = next;
        }
        assert!(at.is_none_or(|at| asked == at), "{asked} {at:?}");
        assert!(followed, "the sweep was told to run more at some check");
    }
}
