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
//! baseline": the expected best is no gain now nor after the longer sweep, or, at any count of
//! trials, the baseline already scores the metric's best validation value, so that no trial can
//! be chosen over it ([`baseline_at_best_possible`]; `--stop auto` then trains none).

use serde::{Deserialize, Serialize};

use super::agreement::HalvesAgreement;
use super::extrapolate::SaturationFit;
use crate::base::format::{money, signed_money, thousands};

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
    /// A close call's trials, as its sentence quotes them: the *run more* it declined. Kept
    /// apart from `more_trials`, `expected_gain` and `cost`, which stay 0 (`null` in the
    /// files) for a *stop*, so that whatever counts a stop's trials still counts none.
    pub declined: Option<Declined>,
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

/// The trials a close call declines to run (step 4), the numbers its sentence quotes; stored as
/// `declined_trials`, `declined_gain` and `declined_cost`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Declined {
    /// About this many more trials.
    pub trials: usize,
    /// What they are expected to add on the fitted curve, before their cost.
    pub gain: f64,
    /// What they would cost.
    pub cost: f64,
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
        declined: None,
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
mod cost_checks;
mod from_trials;
mod metric;
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
pub use cost_checks::{cost_outweighs_spread, optimistic_net_gain, waiting_costs};
pub use from_trials::{advise_after, advise_read, DecisionTrials, ReadCurve};
pub use metric::{advise_metric, baseline_at_best_possible, MetricTuningInput};
pub use metric_gains::MetricGains;
