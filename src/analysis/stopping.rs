//! When to stop a running sweep, and where a finished sweep would have stopped.
//!
//! `--stop auto` ends a priced sweep where the tuning answer says "stop" or "does not pay"
//! ([`super::tuning::answer_stop_with`]); the two rules here are that answer's evidence, and the noise
//! rule is what it applies without `[value]`.
//!
//! **Cost rule** ([`should_stop`]). After `min_trials` trials, fit the saturating curve of
//! [`extrapolate`](super::extrapolate) to the trials so far (`t` of them) and take the expected
//! gain of the next `k` trials, `E(t + k) - E(t)`, in the units of the test value (money). Refit
//! on `resamples` bootstrap resamples of the trials (seeded, so the same trials give the same
//! answer); the *probability* is the share of resamples whose gain is below the cost of those `k`
//! trials, `k * cost_per_trial`. Stop when that probability is at least 0.9: the next trials are
//! very likely not to pay for themselves.
//!
//! **Noise rule** ([`noise_stop`], after the idea of Optuna's Terminator). Fit the same curve to
//! the *validation* scores of the validation-best and take the improvement a sweep
//! `horizon_factor` times longer (default 10) is expected to bring. Stop once that is smaller than
//! the standard error of the best model's validation score: further "improvements" would be
//! indistinguishable from evaluation noise. A metric has a best possible value (a ROC-AUC of 1,
//! an RMSE of 0: [`crate::metrics::best_possible`]); the improvement is at most the room left to
//! it, so a sweep whose best trial has reached it on validation stops (on a small, easy dataset
//! the baseline and the trials can all score a perfect ROC-AUC, and the paired noise of two
//! perfect models is 0, which any fitted improvement, however small, cleared). With validation
//! halves it stops first where they do not clearly rank the trials alike, and from
//! [`super::tuning::EARLY_MIN_TRIALS`] trials on rather than its minimum: no longer sweep gets
//! past the noise of rows that cannot tell its trials apart (the early *stop* of the tuning
//! answer).
//!
//! **Replay** ([`replay`]) applies both rules to growing prefixes of a finished sweep, as a sweep
//! asking them after every trial would have. Each check of the cost rule is a bootstrap, so to
//! keep a replay of 1,000 trials within milliseconds both rules are checked after every trial up
//! to [`REPLAY_EVERY_TRIAL_UP_TO`] trials and then [`REPLAY_CHECKS_PER_DOUBLING`] times per
//! doubling of the trial count (about every 6% of the trials so far): beyond that count the
//! reported trial can be up to that much later than a check after every trial would find.

use super::agreement::HalvesAgreement;
use super::expected_max::{Trial, BAND_HIGH, BAND_LOW};
use super::extrapolate::{Bootstrap, Reading, Refits, SaturationFit, MIN_TRIALS};
use crate::base::error::{Error, Result};
use crate::base::format::{money, number, thousands};
use crate::base::stats::quantile;

/// Replays check the rules after every trial up to this many trials.
pub const REPLAY_EVERY_TRIAL_UP_TO: usize = 60;

/// Beyond [`REPLAY_EVERY_TRIAL_UP_TO`], replays check the rules this many times per doubling of
/// the trial count.
pub const REPLAY_CHECKS_PER_DOUBLING: usize = 12;

/// The cost rule looks at its resamples in batches of this many and stops drawing once they
/// settle the decision (see [`StopRule::resamples`]).
pub const EARLY_BATCH: usize = 50;

/// Settings of the cost rule.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StopRule {
    /// Never stop before this many trials (at least 3 are needed to fit a curve).
    pub min_trials: usize,
    /// `k`: how many further trials the rule prices (0 counts as 1).
    pub lookahead: usize,
    /// Stop when the gain of the next `k` trials is below their cost with at least this
    /// probability.
    pub probability: f64,
    /// Most bootstrap resamples per check. After every [`EARLY_BATCH`] resamples the rule stops
    /// drawing if the share so far is more than three standard errors (of a share equal to
    /// `probability`) away from `probability`: clear cases cost a quarter of the time, and the
    /// decision changes only with a chance well under 1%.
    pub resamples: usize,
    /// Seed of the bootstrap.
    pub seed: u64,
}

impl Default for StopRule {
    /// 10 trials at least, the next 5 priced, 90% probability, 200 resamples, seed 0.
    fn default() -> Self {
        StopRule {
            min_trials: 10,
            lookahead: 5,
            probability: 0.9,
            resamples: 200,
            seed: 0,
        }
    }
}

/// The cost rule's answer after some trials.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StopDecision {
    /// Whether to stop starting trials.
    pub stop: bool,
    /// Trials finished when the rule was asked.
    pub trials: usize,
    /// Share of bootstrap resamples in which the next `lookahead` trials gain less than they
    /// cost; `None` before `min_trials`.
    pub probability: Option<f64>,
    /// Bootstrap resamples drawn (fewer than [`StopRule::resamples`] when the first batches
    /// settled the decision).
    pub resamples: usize,
    /// Expected gain of the next `lookahead` trials from the fit to all trials so far; `None`
    /// before `min_trials`.
    pub expected_gain: Option<f64>,
    /// Cost of the next `lookahead` trials.
    pub cost: f64,
    /// The decision in plain words.
    pub reason: String,
}

/// Settings of the metric-noise rule.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NoiseRule {
    /// Never stop before this many trials (at least 3 are needed to fit a curve).
    pub min_trials: usize,
    /// The remaining improvement is that of a sweep this many times longer than the current one.
    pub horizon_factor: f64,
}

impl Default for NoiseRule {
    /// 10 trials at least, improvement over a sweep 10 times longer.
    fn default() -> Self {
        NoiseRule {
            min_trials: 10,
            horizon_factor: 10.0,
        }
    }
}

/// The noise rule's answer after some trials.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NoiseDecision {
    /// Whether the expected remaining improvement is below the validation noise.
    pub stop: bool,
    /// Trials finished when the rule was asked.
    pub trials: usize,
    /// Expected improvement of the best validation score from a `horizon_factor` times longer
    /// sweep (never negative); `None` before `min_trials`.
    pub remaining: Option<f64>,
    /// The standard error of the best model's validation score it is compared with.
    pub noise: f64,
    /// Whether the best trial already has the best validation value the metric allows: no
    /// further trial can improve on it.
    #[serde(default)]
    pub reached_best_possible: bool,
    /// The halves' agreement where it stopped because the two halves of the validation rows do
    /// not clearly rank the trials alike ([`NoiseEvidence::halves`]); `None` otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unclear_halves: Option<HalvesAgreement>,
    /// The decision in plain words.
    pub reason: String,
}

/// Where each rule would have stopped a finished sweep.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StopReplay {
    /// Trials in the sweep.
    pub trials: usize,
    /// Trial after which `--stop auto` would have stopped a priced sweep: where the tuning
    /// answer first says "stop" or "does not pay" at the checks it makes
    /// ([`super::tuning::answer_stop_with`]; filled by
    /// [`super::trials`], `None` from [`replay`]); `None` if it never would have.
    #[serde(default)]
    pub auto: Option<usize>,
    /// Trial after which the cost rule would have stopped; `None` if it never would have, or
    /// was not replayed (a run's analysis replays it no more since 2026-12-06:
    /// [`super::trials`]).
    pub cost_rule: Option<usize>,
    /// Trial after which the noise rule would have stopped; `None` if it never would have.
    pub noise_rule: Option<usize>,
}

/// The cost rule after `trials` (in run order; only their number and values matter), each
/// further trial costing `cost_per_trial` on average, with amounts in `currency`. See the module
/// documentation. An error for non-finite values, a negative cost or a probability outside
/// (0, 1].
pub fn should_stop(
    trials: &[Trial],
    cost_per_trial: f64,
    rule: &StopRule,
    currency: &str,
) -> Result<StopDecision> {
    should_stop_reading(
        trials,
        Reading::Selected,
        cost_per_trial,
        rule,
        currency,
        None,
    )
}

/// Where the cost rule's refits come from.
enum RefitSource<'a> {
    /// Refits already drawn from the same stream ([`Refits::first`]).
    Kept(&'a [SaturationFit]),
    /// A bootstrap drawing them.
    Drawn(Box<Bootstrap>),
}

/// [`should_stop`] on `trials` read as `reading` (the tuning answer's evidence reads them as
/// the answer does), reading `refits` instead of drawing its own when they are the refits of
/// these trials it would draw ([`Refits::first`]).
pub(crate) fn should_stop_reading(
    trials: &[Trial],
    reading: Reading,
    cost_per_trial: f64,
    rule: &StopRule,
    currency: &str,
    refits: Option<&Refits>,
) -> Result<StopDecision> {
    if !cost_per_trial.is_finite() || cost_per_trial < 0.0 {
        return Err(Error::input(format!(
            "the cost of a trial must be a finite amount of at least 0, got {cost_per_trial}"
        )));
    }
    if !(rule.probability > 0.0 && rule.probability <= 1.0) {
        return Err(Error::input(format!(
            "the stop probability must lie in (0, 1], got {}",
            rule.probability
        )));
    }
    super::expected_max::check_finite(trials)?;
    let done = trials.len();
    let ahead = rule.lookahead.max(1);
    let cost = ahead as f64 * cost_per_trial;
    let needed = rule.min_trials.max(MIN_TRIALS);
    if done < needed {
        return Ok(StopDecision {
            stop: false,
            trials: done,
            probability: None,
            resamples: 0,
            expected_gain: None,
            cost,
            reason: format!(
                "keep going: {done} of at least {needed} trials before the rule applies"
            ),
        });
    }
    let (point, mut source) = match refits.and_then(|kept| {
        Some((
            kept.point,
            kept.first(done, rule.seed, reading, rule.resamples)?,
        ))
    }) {
        Some((point, fits)) => (point, RefitSource::Kept(fits)),
        None => {
            let bootstrap = Bootstrap::reading(trials, rule.seed, reading)?;
            (bootstrap.point, RefitSource::Drawn(Box::new(bootstrap)))
        }
    };
    let (from, to) = (done as f64, (done + ahead) as f64);
    let expected_gain = point.gain(from, to);
    let (mut drawn, mut below) = (0usize, 0usize);
    while drawn < rule.resamples {
        let count = EARLY_BATCH.min(rule.resamples - drawn);
        let short =
            |fits: &[SaturationFit]| fits.iter().filter(|fit| fit.gain(from, to) < cost).count();
        below += match &mut source {
            RefitSource::Kept(fits) => short(&fits[drawn..drawn + count]),
            RefitSource::Drawn(bootstrap) => short(&bootstrap.next_fits(count)),
        };
        drawn += count;
        if drawn % EARLY_BATCH == 0 && settled(below, drawn, rule.probability) {
            break;
        }
    }
    let probability = if drawn == 0 {
        if expected_gain < cost {
            1.0
        } else {
            0.0
        }
    } else {
        below as f64 / drawn as f64
    };
    let stop = probability >= rule.probability;
    let next = if ahead == 1 {
        "the next trial is".to_string()
    } else {
        format!("the next {ahead} trials are")
    };
    let percent = (probability * 100.0).round();
    let reason = if stop {
        format!(
            "stop: {next} expected to add {} and cost {} (gain below cost in {percent}% of {drawn} resamples)",
            money(expected_gain, currency),
            money(cost, currency)
        )
    } else {
        format!(
            "keep going: {next} expected to add {} and cost {} (gain below cost in only {percent}% of {drawn} resamples, {}% needed to stop)",
            money(expected_gain, currency),
            money(cost, currency),
            (rule.probability * 100.0).round()
        )
    };
    Ok(StopDecision {
        stop,
        trials: done,
        probability: Some(probability),
        resamples: drawn,
        expected_gain: Some(expected_gain),
        cost,
        reason,
    })
}

/// Where the noise rule's yardstick comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoiseSource {
    /// The standard error of the best model's validation score: a run measures it on its
    /// validation rows, and a sweep log's user gives it (`worthit analyze --noise`).
    #[default]
    StandardError,
    /// How much a sweep log's trials' validation and test values disagree (the standard
    /// deviation of their difference), standing in for a standard error the log cannot give:
    /// what moves one trial's score against another's on other rows.
    ValidationTestGap,
    /// The spread of the trials' validation values, standing in for a standard error that a
    /// sweep log, which has no rows, cannot give.
    TrialSpread,
    /// Read off the best model's validation interval as a standard error would be, but that
    /// interval bounds a macro average over classes the validation rows hold fewer than
    /// [`crate::data::prepared::FEW_OF_A_CLASS`] rows of (their part anywhere from 0 to 1):
    /// wider than those rows' noise, not a standard error.
    BoundedInterval,
}

impl NoiseSource {
    /// The yardstick `se` (already formatted with its unit) as the sentences quote it inside
    /// parentheses, e.g. "standard error 0.0053 ROC-AUC".
    pub fn quoted(self, se: &str) -> String {
        match self {
            NoiseSource::StandardError => format!("standard error {se}"),
            NoiseSource::ValidationTestGap => format!(
                "taken as how much the trials' validation and test scores disagree, {se}, for want of rows to measure a standard error on; --noise gives it"
            ),
            NoiseSource::TrialSpread => format!(
                "taken as the trials' spread, {se}, for want of rows to measure a standard error on; --noise gives it"
            ),
            NoiseSource::BoundedInterval => format!(
                "read off the best model's validation interval, {se}, an interval that takes the part of classes with under {} validation rows as anywhere from 0 to 1, so wider than those rows' noise",
                crate::data::prepared::FEW_OF_A_CLASS
            ),
        }
    }
}

/// What the noise rule weighs besides the trials.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoiseEvidence<'a> {
    /// The standard error of the best model's validation score (in the units of
    /// `Trial::validation`): the yardstick of an improvement.
    pub se: f64,
    /// Where `se` comes from, for the sentences that quote it.
    pub source: NoiseSource,
    /// The best validation value a trial can reach, when the metric has one.
    pub ceiling: Option<f64>,
    /// The trials' values on the two halves of the validation rows (alternate rows), in the
    /// same order, when the run has them: read cross-fitted, each half picking for the other, so
    /// the improvement is what a pick earns on rows it did not see, not the luck of the rows it
    /// picked on.
    pub halves: Option<&'a [Trial]>,
}

impl NoiseEvidence<'_> {
    /// What the metric leaves to gain over the best validation value of `trials`: unbounded
    /// without a ceiling, never below 0.
    fn room(&self, trials: &[Trial]) -> f64 {
        let best = trials
            .iter()
            .map(|t| t.validation)
            .fold(f64::NEG_INFINITY, f64::max);
        self.ceiling
            .map_or(f64::INFINITY, |ceiling| (ceiling - best).max(0.0))
    }

    /// The same evidence for the first `done` trials.
    pub(crate) fn first(&self, done: usize) -> NoiseEvidence<'_> {
        NoiseEvidence {
            halves: self.halves.map(|halves| &halves[..done.min(halves.len())]),
            ..*self
        }
    }
}

/// The noise rule after `trials` (each trial's `validation` value is read), weighing
/// `evidence`. See the module documentation. An error for non-finite values, a negative
/// standard error or a horizon factor not above 1.
pub fn noise_stop(
    trials: &[Trial],
    evidence: &NoiseEvidence,
    rule: &NoiseRule,
) -> Result<NoiseDecision> {
    let validation_se = evidence.se;
    if !validation_se.is_finite() || validation_se < 0.0 {
        return Err(Error::input(format!(
            "the validation standard error must be finite and at least 0, got {validation_se}"
        )));
    }
    if !(rule.horizon_factor.is_finite() && rule.horizon_factor > 1.0) {
        return Err(Error::input(format!(
            "the noise rule's horizon factor must be above 1, got {}",
            rule.horizon_factor
        )));
    }
    super::expected_max::check_finite(trials)?;
    let done = trials.len();
    let needed = rule.min_trials.max(MIN_TRIALS);
    let decision = |stop: bool, remaining: Option<f64>, reason: String| NoiseDecision {
        stop,
        trials: done,
        remaining,
        noise: validation_se,
        reached_best_possible: false,
        unclear_halves: None,
        reason,
    };
    // The halves' test comes first and from fewer trials: where the validation rows cannot tell
    // the trials apart, no count of trials gets a longer sweep past their noise.
    let unclear = |agreement: HalvesAgreement| {
        Ok(NoiseDecision {
            unclear_halves: Some(agreement),
            ..decision(
                true,
                None,
                format!(
                    "stop: {}, so more trials could be picked by the noise of those rows",
                    agreement.cannot_tell_apart()
                ),
            )
        })
    };
    // A baseline already at the metric's best validation value: no trial can be chosen over it
    // (ties go to the baseline), so no count of trials is worth waiting for.
    if baseline_at_best(evidence.ceiling) {
        return Ok(NoiseDecision {
            reached_best_possible: true,
            ..decision(
                true,
                Some(0.0),
                "stop: the baseline already scores the best validation score the metric allows, so no trial can be chosen over it".to_string(),
            )
        });
    }
    if done < needed {
        if let Some(agreement) = halves_agreement(evidence, done)?.filter(|a| !a.clear()) {
            return unclear(agreement);
        }
        return Ok(decision(
            false,
            None,
            format!("keep going: {done} of at least {needed} trials before the rule applies"),
        ));
    }
    let room = evidence.room(trials);
    if room == 0.0 {
        return Ok(NoiseDecision {
            reached_best_possible: true,
            ..decision(
                true,
                Some(0.0),
                "stop: the best trial already reaches the best validation score the metric allows, so no further trial can improve on it".to_string(),
            )
        });
    }
    if let Some(agreement) = halves_agreement(evidence, done)?.filter(|a| !a.clear()) {
        return unclear(agreement);
    }
    let fit = noise_bootstrap(trials, evidence, 0)?.point;
    let remaining = fit
        .gain(done as f64, done as f64 * rule.horizon_factor)
        .clamp(0.0, room);
    // No rise is more than any noise, even none (trials that all score alike).
    let stop = remaining < validation_se || remaining <= 0.0;
    let horizon = format!("a sweep {}x longer", rule.horizon_factor);
    let (verb, than) = if stop {
        ("stop", "less")
    } else {
        ("keep going", "more")
    };
    Ok(decision(
        stop,
        Some(remaining),
        format!(
            "{verb}: {horizon} is expected to improve the best validation score by {}, {than} than its noise ({})",
            number(remaining),
            evidence.source.quoted(&number(validation_se))
        ),
    ))
}

/// How alike the validation halves in `evidence` rank the `done` trials, when it has halves for
/// each and there are enough of them ([`HalvesAgreement::of`]). An error for non-finite halves.
fn halves_agreement(evidence: &NoiseEvidence, done: usize) -> Result<Option<HalvesAgreement>> {
    let Some(halves) = evidence.halves.filter(|halves| halves.len() == done) else {
        return Ok(None);
    };
    super::expected_max::check_finite(halves)?;
    Ok(HalvesAgreement::of(halves, Reading::CrossFitted))
}

/// The bootstrap of the curve the noise rule fits, seeded by `seed`: the validation halves
/// cross-fitted when `evidence` has them for every trial, else the validation values as their
/// own measure (a run written before the halves).
fn noise_bootstrap(trials: &[Trial], evidence: &NoiseEvidence, seed: u64) -> Result<Bootstrap> {
    match evidence
        .halves
        .filter(|halves| halves.len() == trials.len())
    {
        Some(halves) => Bootstrap::reading(halves, seed, Reading::CrossFitted),
        None => {
            let selection: Vec<Trial> = trials
                .iter()
                .map(|t| Trial {
                    validation: t.validation,
                    test: t.validation,
                })
                .collect();
            Bootstrap::reading(&selection, seed, Reading::Selected)
        }
    }
}

/// The 90% band of the improvement [`noise_stop`] weighs (the best validation score's over a
/// sweep `rule.horizon_factor` times longer, at least 0 and at most what the metric leaves),
/// over `resamples` bootstrap refits of the same curve seeded by `seed`; `None` below the
/// rule's minimum trials.
pub fn noise_rise_band(
    trials: &[Trial],
    evidence: &NoiseEvidence,
    rule: &NoiseRule,
    (resamples, seed): (usize, u64),
) -> Result<Option<(f64, f64)>> {
    let done = trials.len();
    if done < rule.min_trials.max(MIN_TRIALS) {
        return Ok(None);
    }
    let room = evidence.room(trials);
    let mut rises: Vec<f64> = noise_bootstrap(trials, evidence, seed)?
        .next_fits(resamples)
        .iter()
        .map(|fit| {
            fit.gain(done as f64, done as f64 * rule.horizon_factor)
                .clamp(0.0, room)
        })
        .collect();
    rises.sort_by(f64::total_cmp);
    Ok(Some((
        quantile(&rises, BAND_LOW),
        quantile(&rises, BAND_HIGH),
    )))
}

/// Where the cost rule (at `cost_per_trial`; none without a price) and the noise rule would have
/// stopped `trials` (in run order), the noise rule weighing `evidence` as [`noise_stop`] does;
/// see the module documentation for how often each is checked.
pub fn replay(
    trials: &[Trial],
    cost_per_trial: Option<f64>,
    rule: &StopRule,
    evidence: &NoiseEvidence,
    noise: &NoiseRule,
) -> Result<StopReplay> {
    super::expected_max::check_finite(trials)?;
    let mut cost_rule = None;
    let mut noise_rule = None;
    // The noise rule reads validation halves from fewer trials than its minimum.
    let earliest = [
        rule.min_trials,
        noise.min_trials,
        super::tuning::EARLY_MIN_TRIALS,
    ];
    let first = earliest
        .into_iter()
        .min()
        .unwrap_or(MIN_TRIALS)
        .max(MIN_TRIALS);
    let mut done = first;
    // A baseline at the metric's best stops the noise rule before the first trial.
    if noise_stop(&[], &evidence.first(0), noise)?.stop {
        noise_rule = Some(0);
    }
    // Without a price there is no cost rule to replay (it would never stop).
    let cost_pending = |found: Option<usize>| cost_per_trial.is_some() && found.is_none();
    while done <= trials.len() && (cost_pending(cost_rule) || noise_rule.is_none()) {
        let prefix = &trials[..done];
        if noise_rule.is_none() && noise_stop(prefix, &evidence.first(done), noise)?.stop {
            noise_rule = Some(done);
        }
        if let Some(cost) = cost_per_trial.filter(|_| cost_rule.is_none()) {
            if should_stop(prefix, cost, rule, "")?.stop {
                cost_rule = Some(done);
            }
        }
        done += replay_step(done);
    }
    Ok(StopReplay {
        trials: trials.len(),
        auto: None,
        cost_rule,
        noise_rule,
    })
}

/// Whether `below` of `drawn` resamples already decide the comparison with `threshold`: the
/// share is more than three standard errors (of a share equal to the threshold) away from it.
fn settled(below: usize, drawn: usize, threshold: f64) -> bool {
    let share = below as f64 / drawn as f64;
    let error = (threshold * (1.0 - threshold) / drawn as f64).sqrt();
    (share - threshold).abs() > 3.0 * error
}

/// Trials between two checks of a replay after `done` trials.
pub(crate) fn replay_step(done: usize) -> usize {
    if done < REPLAY_EVERY_TRIAL_UP_TO {
        1
    } else {
        // A doubling from `done` spans `done` trials.
        done.div_ceil(REPLAY_CHECKS_PER_DOUBLING)
    }
}

/// Whether a validation `ceiling` (the most a trial can gain over the baseline, where the metric
/// has a best possible value) leaves no room over the baseline: it already scores that value.
pub fn baseline_at_best(ceiling: Option<f64>) -> bool {
    ceiling.is_some_and(|ceiling| ceiling <= 0.0)
}

/// Where a replay says the noise rule stopped or would have stopped a sweep: "at 12 trials", or
/// "before its first trial" for a baseline at the metric's best.
pub fn noise_stopped_at(trials: usize) -> String {
    match trials {
        0 => "before its first trial".to_string(),
        n => format!("at {} trials", thousands(n as f64)),
    }
}

/// The fewest trials the default noise rule can stop a sweep at: its minimum, or, with
/// validation halves to read, [`super::tuning::EARLY_MIN_TRIALS`] (where they cannot tell the
/// trials apart it stops before its minimum).
pub fn noise_decides_from(halves: bool) -> usize {
    let minimum = NoiseRule::default().min_trials.max(MIN_TRIALS);
    if halves {
        minimum.min(super::tuning::EARLY_MIN_TRIALS)
    } else {
        minimum
    }
}

/// A replay in plain words, e.g. "auto stop would have stopped at 18 trials, the noise rule at
/// 12 (of 40)"; `ended`: auto stop ended the sweep at its last trial, which the replay then
/// says happened ("auto stop stopped this sweep at 5 trials"; until 2026-12-06 bank-marketing's
/// quick start, stopped by it at 5, read "auto stop would have stopped at 5 trials").
pub fn replay_sentence(replay: &StopReplay, ended: bool) -> String {
    let count = |trials: usize| thousands(trials as f64);
    let total = count(replay.trials);
    if let Some(auto) = replay.auto.filter(|_| ended).map(count) {
        let stopped = format!("auto stop stopped this sweep at {auto} trials");
        let noise_from = noise_decides_from(false);
        return match replay.noise_rule.map(count) {
            Some(noise) => format!("{stopped}; the noise rule would have stopped it at {noise}"),
            None if replay.trials < noise_from => {
                format!("{stopped}; the noise rule decides only from {noise_from} trials on")
            }
            None => format!("{stopped}; the noise rule would not have stopped it yet"),
        };
    }
    // A sweep shorter than the noise rule's minimum never gave it a chance to stop: saying it
    // "would not have stopped within 5" reads as if it had looked.
    let noise_from = noise_decides_from(false);
    if replay.noise_rule.is_none() && replay.trials < noise_from {
        let not_yet = format!("the noise rule decides only from {noise_from} trials on");
        return match replay.auto.map(count) {
            Some(auto) => {
                format!("auto stop would have stopped at {auto} trials; {not_yet} ({total} run)")
            }
            None => format!("auto stop would not have stopped within {total} trials; {not_yet}"),
        };
    }
    match (replay.auto.map(count), replay.noise_rule.map(count)) {
        (Some(cost), Some(noise)) => {
            format!("auto stop would have stopped at {cost} trials, the noise rule at {noise} (of {total})")
        }
        (Some(cost), None) => format!(
            "auto stop would have stopped at {cost} trials; the noise rule would not have stopped within {total}"
        ),
        (None, Some(noise)) => format!(
            "auto stop would not have stopped within {total} trials; the noise rule would have stopped at {noise}"
        ),
        (None, None) => format!("neither auto stop nor the noise rule would have stopped within {total} trials"),
    }
}

#[cfg(test)]
mod tests;
