//! The one answer about tuning: stop, run about K more trials, tuning does not pay here, or not
//! enough trials to tell yet. One rule decides it, from the fitted expected-best curve and the
//! cost of a trial (the same curve the extrapolation and break-even use):
//!
//! 1. Fewer than [`MIN_TRIALS`] trials: not enough to tell, unless the trials' cost settles it.
//!    From [`EARLY_MIN_TRIALS`] trials on, when the trials run so far cost more than the spread
//!    of their values ([`cost_outweighs_spread`]), refit the curve to bootstrap resamples of the
//!    trials and take, in each, the best net gain over the baseline at any sweep size from the
//!    trials so far to [`EARLY_HORIZON`] times as many; when even the 95% quantile of that best
//!    is below zero, tuning does not pay ([`optimistic_net_gain`]). The condition on the cost
//!    keeps the early answer to what a known cost decides: without it, on the calibration pools
//!    it came in 4 of 57, where a few trials' noisy values put the sweep below the baseline, and
//!    the pool disagreed in all 4 (on one it kept the baseline where stopping at 10 trials kept
//!    96% of the best net gain). `bench/calibration` measures it on pools of costly trials.
//!    Else, also from [`EARLY_MIN_TRIALS`] on, stop when the validation halves do not clearly
//!    rank the trials so far alike (step 5's test): each further trial costs, and the rows could
//!    not choose it. Five points rarely settle a correlation, so this comes unless the halves
//!    agree strongly, and only where waiting for [`MIN_TRIALS`] would cost something
//!    ([`waiting_costs`]: the trials still to come cost at least 1% of the trials' spread);
//!    where trials are that cheap, the ones to 10 were better run (README, calibration).
//! 2. `K` is the sweep size up to which one more trial still adds more than it costs on the
//!    fitted curve (searched up to [`BREAK_EVEN_LIMIT`] times the trials so far; `K` = the
//!    trials so far when the next trial already adds less, or when no curve could be fitted).
//! 3. The sweep's net gain at `n` trials is the expected best test value minus the baseline's,
//!    minus the cost of the other `n - 1` trials (the chosen one's cost is in its own value).
//!    When that gain is negative now and at `K`, and even the optimistic end of step 1 is below
//!    zero, tuning does not pay: keep the baseline. Without that last condition the answer said
//!    "does not pay" in 8 of 42 checks on the calibration pools and the pool agreed in none; with
//!    it, 3 (again none), and the answer agreed with the pool in 20 of 42 checks, not 17.
//!    Where the run's verdict ships a candidate anyway, the trials run are paid for whatever
//!    ships, so the answer says to run no more trials rather than to keep the baseline
//!    ([`TuningAdvice::beside_verdict`]).
//! 4. Otherwise, `K` beyond the trials so far: run about `K - n` more trials; else stop. Past
//!    [`FORECAST_REACH`] times the trials so far no forecast has been checked, so `K` stops
//!    there, and the answer says to ask again and where the curve would go
//!    ([`TuningAdvice::pays_until`]). But when those trials are expected to return less than
//!    [`CLOSE_CALL`] times their cost, stop: a close call ([`TuningAdvice::close_call`]).
//! 5. But not "run more" when the validation rows cannot tell the trials apart: when the two
//!    halves of those rows do not clearly rank the trials alike (the 90% interval of their
//!    correlation reaches 0, [`HalvesAgreement::clear`]), the curve's rise may be the noise of
//!    those rows, and a longer sweep would be picked by it: stop, where the trials it would run
//!    (as many again as have run) cost at least 1% of the trials' spread ([`waiting_costs`], as
//!    in step 1). Where they cost less they are better run than saved: if the rows hold no
//!    signal, the validation-best of more trials is a random one, no worse on test rows than the
//!    best of fewer, so their cost is all that is at stake. The answer is then "run about K
//!    more, then ask again", K at most the trials so far ([`TuningAdvice::ask_again`]). On the
//!    calibration pools (README) that raised the answer's agreement with the pool from 42 to 54
//!    of 90 checks, with breast cancer seed 2 (57-row halves, correlation 0.05) back at -236% of
//!    the best net gain, where stopping kept 36%.
//!
//! `--stop auto` ends a priced sweep as soon as this answer is "stop" or "does not pay", asked
//! where [`AnswerChecks`] says (a "run about K more" is followed for up to K trials, at most a
//! doubling, before it is asked again): the sweep stops where the report would tell it to. A
//! run reads the trials on its validation rows only, cross-fitted halves
//! ([`Reading::CrossFitted`], from `run_summary::decision_trials`), so no test row decides.
//!
//! A run without `[value]` has no price for a trial, so [`advise_metric`] reads the same curve in
//! metric units with the metric-noise rule of [`super::stopping`] in the place of the cost: stop
//! once a sweep ten times longer is expected to improve the best by less than the metric's noise;
//! otherwise `K` is where the test rows' fitted curve has gained one standard error of that
//! noise, and *stop* when it does not within the longer sweep (the validation rise is then not
//! borne out by the rows selection does not flatter). "Does not pay" becomes "does not beat the
//! baseline": the expected best is no gain now nor after the longer sweep.

use serde::{Deserialize, Serialize};

use super::agreement::HalvesAgreement;
use super::expected_max::Trial;
use super::extrapolate::{Bootstrap, Reading, Refits, SaturationFit, DEFAULT_RESAMPLES};
use super::stopping::{noise_rise_band, noise_stop, NoiseEvidence, NoiseRule, NoiseSource};
use crate::base::error::Result;
use crate::base::format::{interval, money, signed_money, thousands};
use crate::base::stats::{deviation, quantile};

/// The share of the trials' spread that the trials still to come before [`MIN_TRIALS`] must
/// cost for the early *stop* to come ([`waiting_costs`]). On the 69 stored calibration pools
/// where the early *stop* came (README), those trials cost 0.00% to 0.25% of the spread in 33
/// (Taiwan credit, breast cancer, telco churn), where waiting for 10 kept more of the best net
/// gain in 20 of the 29 with a share, and 2.4% to 1,200% in 36 (german credit at its three
/// prices, bank marketing), where stopping early kept more in all 21 with a share; 1% lies
/// between, and trials that cheap are better run than saved.
const WAIT_COST_SHARE: f64 = 0.01;

/// Fewest trials the answer needs: as many as `--stop auto` waits for.
pub const MIN_TRIALS: usize = 10;

/// Fewest trials an early "does not pay" may come after: the curve needs 3, and its bootstrap
/// needs a few more to resample.
pub const EARLY_MIN_TRIALS: usize = 5;

/// An early "does not pay" looks at sweeps up to this many times the trials so far.
pub const EARLY_HORIZON: usize = 10;

/// The quantile of the bootstrap's best net gain an early "does not pay" needs below zero.
const EARLY_QUANTILE: f64 = 0.95;

/// Bootstrap refits behind an early "does not pay".
const EARLY_RESAMPLES: usize = 200;

/// What a "does not pay" tells the reader to do about the model, unless the verdict ships a
/// candidate ([`TuningAdvice::beside_verdict`]).
const KEEP_BASELINE: &str = "; keep the baseline (";

/// What a "does not pay" says instead when the verdict ships a candidate: the trials already run
/// are paid for whatever is shipped, so only further trials are at stake.
const SHIP_ANYWAY: &str =
    "; run no more trials, but ship the candidate the verdict names: the trials run are paid for either way (";

/// What to do about tuning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TuningKind {
    /// One more trial is expected to add less than it costs.
    Stop,
    /// More trials are expected to pay for themselves.
    RunMore,
    /// The sweep's expected best, net of its cost, is below the baseline: keep the baseline.
    DoesNotPay,
    /// Too few trials to fit the curve with any confidence.
    TooFewTrials,
}

/// The answer about tuning, with the numbers behind it.
/// Stored as [`stored::StoredAdvice`]: what applies to `run_more` only is `null` otherwise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "stored::StoredAdvice", from = "stored::StoredAdvice")]
pub struct TuningAdvice {
    /// What to do.
    pub kind: TuningKind,
    /// Trials so far.
    pub trials: usize,
    /// Run about this many more trials (`run_more` only; 0 otherwise).
    pub more_trials: usize,
    /// Expected gain of those trials on the fitted curve, before their cost (0 otherwise).
    pub expected_gain: f64,
    /// `run_more`: the 90% band of `expected_gain` over smoothed bootstrap refits of the curve,
    /// where the answer was given with it ([`TuningAdvice::with_gain_band`]: a run's reports;
    /// `--stop auto`, which needs only the kind, does not pay for the refits).
    pub expected_gain_low: Option<f64>,
    /// High end of that band.
    pub expected_gain_high: Option<f64>,
    /// Their cost (0 otherwise).
    pub cost: f64,
    /// The sweep's net gain over the baseline now (absent without a baseline, as in a sweep
    /// log).
    pub net_gain_now: Option<f64>,
    /// The answer in one sentence.
    pub sentence: String,
    /// Whether the answer is *stop* because the validation halves cannot tell the trials apart
    /// (steps 1 and 5; the noise rule's halves): the halves' own sentence then says only what
    /// would help, and the trials chart takes it for its headline.
    pub indistinct: bool,
    /// Whether the answer comes from the best trial (or the baseline) already scoring the
    /// metric's best possible value on validation: the trials chart then says so in its
    /// headline, not "less than the noise".
    pub best_possible: bool,
    /// A metric *stop* for the noise: the noise (a standard error, or its stand-in) it fell short of.
    pub noise: Option<f64>,
    /// A *stop* where the fitted curve still pays for more trials, but they are expected to
    /// return less than [`CLOSE_CALL`] times their cost (step 4).
    pub close_call: bool,
    /// A "run more" of at most as many trials again as have run, after which to ask again: the
    /// validation rows cannot yet tell the trials apart, but the trials cost too little to be
    /// saved (step 5).
    pub ask_again: bool,
    /// A "run more" cut at [`FORECAST_REACH`] times the trials so far: the sweep size up to
    /// which the fitted curve would go on paying (at most [`BREAK_EVEN_LIMIT`] times the trials).
    pub pays_until: Option<usize>,
    /// The 90% band of `pays_until` over the curve's bootstrap refits, where the answer was
    /// given with it ([`TuningAdvice::with_pays_until_band`]).
    pub pays_until_low: Option<usize>,
    /// High end of that band.
    pub pays_until_high: Option<usize>,
}

impl TuningAdvice {
    /// The answer beside the verdict on the model: a "does not pay" says to keep the baseline,
    /// but where the verdict ships a candidate, the sweep's cost is spent whatever is shipped (the
    /// verdict already counts the candidate's own), so the answer says only to run no more
    /// trials, and the two sentences do not give opposite instructions.
    pub fn beside_verdict(mut self, ships_candidate: bool) -> TuningAdvice {
        if ships_candidate && self.kind == TuningKind::DoesNotPay {
            self.sentence = self.sentence.replacen(KEEP_BASELINE, SHIP_ANYWAY, 1);
        }
        self
    }

    /// A "run more" with the 90% band of its expected gain (`low` to `high`, in `currency`), in
    /// its numbers and its sentence; any other answer as it is.
    pub fn with_gain_band(mut self, low: f64, high: f64, currency: &str) -> TuningAdvice {
        if self.kind == TuningKind::RunMore {
            self.expected_gain_low = Some(low);
            self.expected_gain_high = Some(high);
            self.sentence = run_more_sentence(&self, currency);
        }
        self
    }

    /// A "run more" cut at [`FORECAST_REACH`] with the 90% band of where the fitted curve stops
    /// paying (`low` to `high` trials, over the refits), in its numbers and its sentence; any
    /// other answer as it is.
    pub fn with_pays_until_band(mut self, low: f64, high: f64, currency: &str) -> TuningAdvice {
        if self.kind == TuningKind::RunMore && self.pays_until.is_some() {
            self.pays_until_low = Some(low.round() as usize);
            self.pays_until_high = Some(high.round() as usize);
            self.sentence = run_more_sentence(&self, currency);
        }
        self
    }

    /// Why `--stop auto` stopped, as the sweep's stop line gives it: the answer as a finding,
    /// without "Tuning: " and without the instruction on the model, which the sweep cannot know
    /// yet (the verdict reads test rows, which never decide when a sweep stops).
    pub fn stop_reason(&self) -> String {
        self.sentence
            .strip_prefix("Tuning: ")
            .unwrap_or(&self.sentence)
            .trim_end_matches('.')
            .replacen(KEEP_BASELINE, " (", 1)
    }
}

/// What the rule reads.
pub struct TuningInput<'a> {
    /// Expected best test value at 1..=n trials (the empirical curve).
    pub expected_best: &'a [f64],
    /// The curve fitted to it, when there were enough trials.
    pub fit: Option<&'a SaturationFit>,
    /// Mean cost of a trial.
    pub cost_per_trial: f64,
    /// The baseline's test value, when there is a baseline.
    pub baseline: Option<f64>,
    /// Currency of the amounts.
    pub currency: &'a str,
    /// [`optimistic_net_gain`] of the trials, when there are at least [`EARLY_MIN_TRIALS`] and
    /// a baseline: what every "does not pay" needs below zero (steps 1 and 3).
    pub optimistic_net_gain: Option<f64>,
    /// How alike the two halves of the validation rows rank the trials, when the answer reads
    /// such halves (module documentation, step 5).
    pub halves: Option<HalvesAgreement>,
    /// [`waiting_costs`] of the trials: whether a *stop* because the validation rows cannot tell
    /// the trials apart may come (steps 1 and 5).
    pub waiting_costs: bool,
}

/// Whether the trials run so far cost more than the spread (standard deviation) of their values:
/// then no difference among them that noise could fake outweighs what they cost, and an early
/// "does not pay" rests on the cost (module documentation, step 1). A trial's value is the mean
/// of its two values (the validation halves, or validation and test).
pub fn cost_outweighs_spread(trials: &[Trial], cost_per_trial: f64) -> bool {
    cost_over_spread(trials, trials.len(), cost_per_trial).is_some_and(|share| share > 1.0)
}

/// The cost of `count` trials at `cost_per_trial` over the spread (standard deviation) of the
/// values of `trials` (as [`cost_outweighs_spread`] reads them); `None` when the spread is not
/// defined (fewer than 2 trials), infinite when it is 0.
fn cost_over_spread(trials: &[Trial], count: usize, cost_per_trial: f64) -> Option<f64> {
    let values: Vec<f64> = trials
        .iter()
        .map(|t| 0.5 * (t.validation + t.test))
        .collect();
    let spread = deviation(&values)?;
    Some(count as f64 * cost_per_trial.max(0.0) / spread)
}

/// Whether the trials the answer would otherwise have run cost enough for a *stop* because the
/// validation rows cannot tell the trials apart (steps 1 and 5) to save them: at least
/// [`WAIT_COST_SHARE`] of the spread of the values of `trials` run so far. Before [`MIN_TRIALS`]
/// they are the trials still to come before then; from it, as many again as have run (as far as
/// `--stop auto` follows a "run more" before asking again, [`next_check`]).
pub fn waiting_costs(trials: &[Trial], cost_per_trial: f64) -> bool {
    let n = trials.len();
    let still = if n < MIN_TRIALS { MIN_TRIALS - n } else { n };
    cost_over_spread(trials, still, cost_per_trial).is_none_or(|share| share >= WAIT_COST_SHARE)
}

/// The optimistic end of what the sweep could still earn over the baseline (module
/// documentation, step 1): the 95% quantile, over bootstrap refits of the curve to `trials`, of
/// the best net gain at any sweep size from `n` to [`EARLY_HORIZON`]` x n` trials, each trial
/// costing `cost_per_trial`. An error for fewer than 3 trials or non-finite values.
pub fn optimistic_net_gain(
    trials: &[Trial],
    reading: Reading,
    baseline: f64,
    cost_per_trial: f64,
    seed: u64,
    refits: Option<&Refits>,
) -> Result<f64> {
    let n = trials.len();
    let cost = cost_per_trial.max(0.0);
    let best_net = |fit: &SaturationFit| fit.best_net(n, EARLY_HORIZON * n, cost) - baseline;
    let kept = refits.and_then(|kept| {
        let fits = kept.first(n, seed, reading, EARLY_RESAMPLES)?;
        Some((kept.point, fits))
    });
    let (point, mut gains): (SaturationFit, Vec<f64>) = match kept {
        Some((point, fits)) => (point, fits.iter().map(best_net).collect()),
        None => {
            let mut bootstrap = Bootstrap::reading(trials, seed, reading)?;
            let fits = bootstrap.next_fits(EARLY_RESAMPLES);
            (bootstrap.point, fits.iter().map(best_net).collect())
        }
    };
    gains.sort_by(f64::total_cmp);
    Ok(quantile(&gains, EARLY_QUANTILE).max(best_net(&point)))
}

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
            fit: if trials.len() >= super::extrapolate::MIN_TRIALS {
                Some(Bootstrap::reading(trials, seed, reading)?.point)
            } else {
                None
            },
        })
    }
}

/// The priced tuning answer after `trials` (in run order): the expected-best curve, its fit and,
/// from [`EARLY_MIN_TRIALS`] trials on with a baseline, the optimistic net
/// gain, through [`advise`]. What a run's report says and what `--stop auto` acts on, so the two
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

/// What the metric rule reads: a run without `[value]`, every amount a gain over the baseline
/// in the metric's units (positive is better).
pub struct MetricTuningInput<'a> {
    /// The trials as gains over the baseline, in the order they ran.
    pub trials: &'a [Trial],
    /// Expected best test gain at 1..=n trials (the empirical curve).
    pub expected_best: &'a [f64],
    /// The curve fitted to it, when there were enough trials.
    pub fit: Option<&'a SaturationFit>,
    /// The curve's bootstrap refits (the extrapolation's, on the same trials): the 90% band of
    /// every gain the answer quotes from `fit`; none, no band.
    pub refits: &'a [SaturationFit],
    /// What the metric-noise rule weighs: the standard error of the best model's gain (the
    /// noise an improvement must clear) and the trials' validation halves when the run has them
    /// (its ceiling is `ceiling`'s validation gain).
    pub evidence: NoiseEvidence<'a>,
    /// The metric's unit in sentences, e.g. `ROC-AUC`.
    pub unit: &'a str,
    /// Seed of the noise rule's bootstrap band.
    pub seed: u64,
    /// The best validation and test gains a trial can reach (the metric's best possible value
    /// over the baseline's): the noise rule stops there, and the curve's gain goes no further.
    pub ceiling: Option<Trial>,
    /// Whether the gains are over a baseline (a run). A sweep log's count from its first trial,
    /// which is no model to keep, so it never hears *does not beat the baseline*.
    pub baseline: bool,
}

impl MetricTuningInput<'_> {
    /// The test curve's gains from the trials run, with their bands: what the answer quotes, and
    /// the doubling of the trials stored beside it.
    pub fn gains(&self) -> MetricGains<'_> {
        MetricGains::new(self.fit, self.refits, self.expected_best, self.ceiling)
    }
}

/// The answer before any trial (a baseline alone): not enough trials to tell yet.
pub fn no_trials() -> TuningAdvice {
    start(0)
}

/// The first answer, the same for both rules: below [`MIN_TRIALS`] there is nothing to fit.
fn start(n: usize) -> TuningAdvice {
    let mut advice = TuningAdvice {
        kind: TuningKind::Stop,
        trials: n,
        more_trials: 0,
        expected_gain: 0.0,
        expected_gain_low: None,
        expected_gain_high: None,
        cost: 0.0,
        net_gain_now: None,
        sentence: String::new(),
        indistinct: false,
        best_possible: false,
        noise: None,
        close_call: false,
        ask_again: false,
        pays_until: None,
        pays_until_low: None,
        pays_until_high: None,
    };
    if n < MIN_TRIALS {
        advice.kind = TuningKind::TooFewTrials;
        advice.sentence = format!(
            "Tuning: not enough trials to tell yet ({n} of at least {MIN_TRIALS}); run {} more before deciding.",
            MIN_TRIALS - n
        );
    }
    advice
}

/// The rule in metric units (module documentation). An error for non-finite trials or noise.
pub fn advise_metric(input: &MetricTuningInput) -> Result<TuningAdvice> {
    let n = input.expected_best.len();
    let mut advice = start(n);
    let rule = NoiseRule::default();
    let ceiling = input.ceiling;
    let noise_se = input.evidence.se.max(0.0);
    let evidence = NoiseEvidence {
        se: noise_se,
        ceiling: ceiling.map(|c| c.validation),
        ..input.evidence
    };
    if advice.kind == TuningKind::TooFewTrials {
        // The early stop, as a priced answer's: from EARLY_MIN_TRIALS on the noise rule reads
        // the validation halves, and where they cannot tell the trials apart the rule below
        // answers as it would from MIN_TRIALS on (does not beat the baseline, else stop); the
        // halves' test comes before any rise is weighed, so it never says "run more".
        if n < EARLY_MIN_TRIALS
            || noise_stop(input.trials, &evidence, &rule)?
                .unclear_halves
                .is_none()
        {
            return Ok(advice);
        }
        advice.kind = TuningKind::Stop;
    }
    let unit = input.unit;
    let noise = noise_stop(input.trials, &evidence, &rule)?;
    let horizon = (n as f64 * rule.horizon_factor).round() as usize;
    let now = input.expected_best[n - 1];
    let gains = input.gains();
    let gain_to = |m: usize| gains.gain(m);
    let quoted = |m: usize, in_parentheses: bool| gains.quoted(m, in_parentheses, unit);
    advice.net_gain_now = Some(now);
    let longer = format!("a sweep {}x longer", rule.horizon_factor);
    if noise.reached_best_possible {
        advice.best_possible = true;
        // Reached by the baseline itself, nothing can be chosen over it; by a trial, nothing
        // over that trial.
        if ceiling.is_some_and(|c| c.validation <= 0.0) {
            advice.kind = TuningKind::DoesNotPay;
            advice.sentence = format!(
                "Tuning: it does not beat the baseline here{KEEP_BASELINE}it already scores the best validation {unit} there is, so no trial can be chosen over it)."
            );
        } else {
            advice.sentence = format!(
                "Tuning: stop; the best trial already reaches the best validation {unit} there is, so no further trial can be chosen over it."
            );
        }
        return Ok(advice);
    }
    if input.baseline && now <= 0.0 && now + gain_to(horizon) <= 0.0 {
        advice.kind = TuningKind::DoesNotPay;
        advice.sentence = format!(
            "Tuning: it does not beat the baseline here{KEEP_BASELINE}the sweep's expected best is {} against it, and {longer} is expected to add {}).",
            signed_money(now, unit),
            quoted(horizon, true)
        );
        return Ok(advice);
    }
    if let Some(halves) = noise.unclear_halves {
        advice.indistinct = true;
        // The doubling of the trials reads the test curve, as `gain_to` does.
        let rises = still_rises(gain_to(2 * n) > 0.0, 0.0, unit);
        advice.sentence = indistinct_sentence(&halves, &rises);
        return Ok(advice);
    }
    // The rise the noise rule weighs, with the band of its bootstrap refits.
    let rise = match noise_rise_band(
        input.trials,
        &evidence,
        &rule,
        (DEFAULT_RESAMPLES, input.seed),
    )? {
        Some((low, high)) => format!(
            "{} (90% band {})",
            money(noise.remaining.unwrap_or(0.0), unit),
            interval(low, high, unit)
        ),
        None => money(noise.remaining.unwrap_or(0.0), unit),
    };
    let noise_now = money(noise_se, unit);
    let yardstick = input.evidence.source.quoted(&noise_now);
    if noise.stop {
        // The doubling beside it reads the test rows' curve: where that gains more than the
        // noise, or than the validation rise, say so, or the two read as opposite instructions.
        let doubling = gain_to(2 * n);
        let clause = if doubling > noise_se {
            Some(", though the test rows' fitted curve still rises by more than that noise")
        } else if doubling > noise.remaining.unwrap_or(0.0) {
            Some("; the test rows' fitted curve rises more, but still less than that noise")
        } else {
            None
        };
        let though = clause.map_or(String::new(), |clause| {
            format!("{clause} (doubling the trials: {})", quoted(2 * n, true))
        });
        advice.sentence = format!(
            "Tuning: stop; {longer} is expected to improve the best validation score by {rise}, less than its noise ({yardstick}){though}."
        );
        advice.noise = Some(noise_se);
        return Ok(advice);
    }
    let reached = (n + 1..=horizon).find(|&m| {
        let gain = gain_to(m);
        gain >= noise_se && gain > 0.0
    });
    let Some(enough) = reached else {
        // The validation rows' best rises with every trial even where the trials differ by
        // noise alone; when the test rows' curve, which selection does not flatter, gains less
        // than the noise within the longer sweep, no trial count would make a difference the
        // test rows can measure (calibration: where the two disagreed, a pool of 160 trials
        // sided with the test curve in 3 of 4 sweeps).
        advice.sentence = format!(
            "Tuning: stop; the test rows' curve expects {longer} to add only {}, less than the metric's noise ({yardstick}). The best validation score would rise by {rise} there, which is why the noise rule (what --stop auto applies) would go on, but selection flatters that rise.",
            quoted(horizon, false)
        );
        advice.noise = Some(noise_se);
        return Ok(advice);
    };
    advice.kind = TuningKind::RunMore;
    advice.more_trials = enough - n;
    advice.expected_gain = gain_to(enough);
    if let Some((low, high)) = gains.band(enough) {
        advice.expected_gain_low = Some(low);
        advice.expected_gain_high = Some(high);
    }
    let more = match advice.more_trials {
        1 => "1 more trial".to_string(),
        k => format!("{} more trials", thousands(k as f64)),
    };
    let about = match input.evidence.source {
        NoiseSource::StandardError => {
            format!("about one standard error of the metric's noise, {noise_now}")
        }
        NoiseSource::ValidationTestGap | NoiseSource::TrialSpread => {
            format!("about the metric's noise, {yardstick}")
        }
    };
    advice.sentence = format!(
        "Tuning: run about {more} (expected {}, {about}); {longer} is expected to improve the best validation score by {rise}, more than that noise.",
        quoted(enough, true)
    );
    Ok(advice)
}

/// How far the fitted curve is searched for its break-even, in multiples of the trials so far.
pub const BREAK_EVEN_LIMIT: usize = 100;

/// The longest sweep a "run more" asks for, in multiples of the trials so far: as far as a
/// forecast is checked against long sweeps (the extrapolation's bands at 2 and 4 times the
/// trials, `bench/calibration`). Where the fitted break-even lies further, the answer asks for
/// that many and to ask again: "run at least 2,970 more trials" rested on a curve extrapolated
/// 100 times past the 30 trials it was fitted to, and nothing had checked such a forecast.
pub const FORECAST_REACH: usize = 4;

/// The sweep size up to which one more trial still adds at least `cost` on `fit`, from `n`
/// trials on (step 2 of the module documentation): `n` when the next trial already adds less,
/// at most [`BREAK_EVEN_LIMIT`]` x n`.
pub fn paying_up_to(fit: &SaturationFit, n: usize, cost: f64) -> usize {
    let pays = |m: usize| fit.gain((m - 1) as f64, m as f64) >= cost;
    if fit.scale > 0.0 && fit.exponent > 0.0 {
        // A rising curve adds less with every trial: the sizes that pay are a prefix, found by
        // bisection (a fitted break-even's band read up to 100,000 sizes in each of 200 refits).
        let (mut paying, mut not_paying) = (n, BREAK_EVEN_LIMIT * n + 1);
        while not_paying - paying > 1 {
            let middle = paying + (not_paying - paying) / 2;
            if pays(middle) {
                paying = middle;
            } else {
                not_paying = middle;
            }
        }
        return paying;
    }
    (n + 1..=BREAK_EVEN_LIMIT * n)
        .take_while(|&m| pays(m))
        .last()
        .unwrap_or(n)
}

/// The rule of the module documentation.
pub fn advise(input: &TuningInput) -> TuningAdvice {
    let n = input.expected_best.len();
    let (cost, currency) = (input.cost_per_trial.max(0.0), input.currency);
    // The sweep's net gain over the baseline now: the best so far, less the other trials' cost.
    let net_now = input
        .expected_best
        .last()
        .zip(input.baseline)
        .map(|(best, b)| best - b - n.saturating_sub(1) as f64 * cost);
    let mut advice = start(n);
    if advice.kind == TuningKind::TooFewTrials {
        if let Some(optimistic) = input
            .optimistic_net_gain
            .filter(|&gain| n >= EARLY_MIN_TRIALS && gain < 0.0)
        {
            advice.kind = TuningKind::DoesNotPay;
            advice.net_gain_now = net_now;
            advice.sentence = format!(
                "Tuning: it does not pay here{KEEP_BASELINE}after {n} trials even an optimistic sweep of up to {} trials is expected to end {} against the baseline, net of its cost).",
                EARLY_HORIZON * n,
                signed_money(optimistic, currency)
            );
        } else if let Some(halves) = input
            .halves
            .filter(|h| n >= EARLY_MIN_TRIALS && !h.clear() && input.waiting_costs)
        {
            // Step 1's early stop: the trials so far cannot be told apart on these rows, so
            // more of them would be picked by noise, and each is paid for.
            advice.kind = TuningKind::Stop;
            advice.net_gain_now = net_now;
            advice.indistinct = true;
            // The doubling of the trials reads the same curve: where it still pays, the answer
            // says why that rise is not to be trusted, as rule 5's does.
            let rises = input.fit.is_some_and(|fit| paying_up_to(fit, n, cost) > n);
            advice.sentence = indistinct_sentence(&halves, &still_rises(rises, cost, currency));
        }
        return advice;
    }
    let paying_up_to = input.fit.map_or(n, |fit| paying_up_to(fit, n, cost));
    let gain_to = |m: usize| input.fit.map_or(0.0, |fit| fit.gain(n as f64, m as f64));
    advice.net_gain_now = net_now;
    let net_then =
        net_now.map(|now| now + gain_to(paying_up_to) - (paying_up_to - n) as f64 * cost);
    if let (Some(now), Some(then)) = (net_now, net_then) {
        let optimistic = input.optimistic_net_gain;
        if now < 0.0 && then < 0.0 && optimistic.is_none_or(|gain| gain < 0.0) {
            advice.kind = TuningKind::DoesNotPay;
            let even = optimistic.map_or(String::new(), |gain| {
                format!(
                    ", and even an optimistic sweep of up to {} trials is expected to end {}",
                    thousands((EARLY_HORIZON * n) as f64),
                    signed_money(gain, currency)
                )
            });
            advice.sentence = format!(
                "Tuning: it does not pay here{KEEP_BASELINE}after the cost of its {n} trials the sweep's expected best is {} against the baseline{even}).",
                signed_money(now, currency)
            );
            return advice;
        }
    }
    let unclear = input.halves.filter(|h| paying_up_to > n && !h.clear());
    if let Some(halves) = unclear.filter(|_| input.waiting_costs) {
        advice.indistinct = true;
        advice.sentence = indistinct_sentence(&halves, &still_rises(true, cost, currency));
        return advice;
    }
    if paying_up_to > n {
        advice.kind = TuningKind::RunMore;
        advice.ask_again = unclear.is_some();
        let paying_up_to = if advice.ask_again {
            paying_up_to.min(n + auto_stop::most_followed(n))
        } else if paying_up_to > FORECAST_REACH * n {
            advice.pays_until = Some(paying_up_to);
            FORECAST_REACH * n
        } else {
            paying_up_to
        };
        advice.more_trials = paying_up_to - n;
        advice.expected_gain = gain_to(paying_up_to);
        advice.cost = advice.more_trials as f64 * cost;
        if is_close_call(advice.expected_gain, advice.cost) {
            return close_call_stop(advice, cost, currency);
        }
        advice.sentence = run_more_sentence(&advice, currency);
    } else {
        advice.sentence = format!(
            "Tuning: stop; one more trial is expected to add less than it costs ({}).",
            money(cost, currency)
        );
    }
    advice
}

mod auto_stop;
mod metric_gains;
mod sentences;
mod stored;
#[cfg(test)]
mod tests;

pub(crate) use sentences::sizes_band;
pub use sentences::CLOSE_CALL;
use sentences::{
    close_call_stop, indistinct_sentence, is_close_call, run_more_sentence, still_rises,
};

pub use auto_stop::{answer_stop_with, next_check, stops, AnswerChecks, AnswerInput};
pub use metric_gains::MetricGains;
