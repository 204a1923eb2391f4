//! The tuning answer's sentences that more than one step of the rule gives.

use super::{Declined, TuningAdvice, BREAK_EVEN_LIMIT, FORECAST_REACH, WAIT_COST_SHARE};
use crate::analysis::agreement::HalvesAgreement;
use crate::base::format::{interval, money, signed_money, thousands};

/// Trials expected to return less than this many times their cost make a *run more* a close
/// call, and the answer stops instead (step 4 of the rule). Set to 2 for the wording first (at 79
/// trials on adult income "run about 9 more trials (expected +36 USD ... for 32 USD)" read as
/// firmly as a run more that returns tenfold, and each run more there had moved the fitted
/// break-even further out: 79 trials from 30, 88 from 79), then measured as a rule and kept: on the
/// calibration pools of seeds 1 to 9, `--stop auto` kept a median of 96% of the best net gain,
/// not 95%, with 15 pools under 85%, not 16, in 2,297 trials, not 2,668; 1.5 changed almost
/// nothing, and 5 left 17 pools under 85%.
pub const CLOSE_CALL: f64 = 2.0;

/// Whether trials expected to add `gain` for `cost` are a close call.
pub(super) fn is_close_call(gain: f64, cost: f64) -> bool {
    cost > 0.0 && gain < CLOSE_CALL * cost
}

/// The *stop* a close call gives instead of `run_more` (a *run more* whose trials are expected to
/// return less than [`CLOSE_CALL`] times their cost, each costing `cost_per_trial`).
pub(super) fn close_call_stop(
    run_more: TuningAdvice,
    cost_per_trial: f64,
    currency: &str,
) -> TuningAdvice {
    let trials = match run_more.more_trials {
        1 => "1 more trial is".to_string(),
        k => format!("{} more trials are", thousands(k as f64)),
    };
    // "still rises" answers the doubling beside it, which reads the same curve and can gain.
    let sentence = format!(
        "Tuning: stop; the fitted curve still rises by more than a trial costs ({}), but about {trials} expected to add only {} for {}, {:.2} times their cost: too close a call to run.",
        money(cost_per_trial, currency),
        signed_money(run_more.expected_gain, currency),
        money(run_more.cost, currency),
        // Cut, not rounded: 1.996 times reads "1.99", never "2.00" beside "too close a call".
        (100.0 * run_more.expected_gain / run_more.cost).floor() / 100.0,
    );
    TuningAdvice {
        kind: super::TuningKind::Stop,
        more_trials: 0,
        expected_gain: 0.0,
        cost: 0.0,
        ask_again: false,
        pays_until: None,
        close_call: true,
        declined: Some(Declined {
            trials: run_more.more_trials,
            gain: run_more.expected_gain,
            cost: run_more.cost,
        }),
        sentence,
        ..run_more
    }
}

/// The sentence of a "run more" `advice`, with the band of its expected gain when it has one.
pub(super) fn run_more_sentence(advice: &TuningAdvice, currency: &str) -> String {
    let until = advice.trials + advice.more_trials;
    let more = thousands(advice.more_trials as f64);
    let band = match (advice.expected_gain_low, advice.expected_gain_high) {
        (Some(low), Some(high)) => format!(", 90% band {},", interval(low, high, currency)),
        _ => String::new(),
    };
    let expected = format!(
        "expected {}{band} for {}",
        signed_money(advice.expected_gain, currency),
        if advice.cost > 0.0 {
            money(advice.cost, currency)
        } else {
            "nothing".to_string()
        }
    );
    if advice.ask_again {
        return format!(
            "Tuning: run about {more} more trials ({expected}), then ask again; the validation rows do not yet clearly tell these trials apart, but trials this cheap are better run than saved ({} more cost under {}% of the spread of the trials' values).",
            thousands(advice.trials as f64),
            WAIT_COST_SHARE * 100.0
        );
    }
    // Free trials pay for any gain, however small: say why the count is what it is rather than
    // "one more trial adds less than it costs (0 EUR)".
    let free_trials = ": the trials cost nothing here (core_hour and trial_cost in [value] are 0 or unset), so any expected gain pays for them; price them for an answer that weighs the sweep's cost";
    if let Some(pays_until) = advice.pays_until {
        let limit = BREAK_EVEN_LIMIT * advice.trials;
        let band = match (advice.pays_until_low, advice.pays_until_high) {
            (Some(low), Some(high)) => {
                format!(" ({})", sizes_band(low as f64, high as f64, limit))
            }
            _ => String::new(),
        };
        // At the search's limit the curve still pays: "past 3,000 trials" read as "only after".
        let capped = pays_until >= limit;
        let paying = if capped {
            format!(
                "at {} trials, as far as it looks{band}",
                thousands(pays_until as f64)
            )
        } else {
            format!("up to about {} trials{band}", thousands(pays_until as f64))
        };
        let (why, free) = match (advice.cost > 0.0, capped) {
            (true, true) => (format!("trials still pay for themselves {paying}"), ""),
            (true, false) => (format!("trials pay for themselves {paying}"), ""),
            (false, true) => (format!("the sweep still gains {paying}"), free_trials),
            (false, false) => (format!("the sweep gains {paying}"), free_trials),
        };
        return format!(
            "Tuning: run about {more} more trials ({expected}), then ask again; on the fitted curve {why}, but worthit's forecasts are checked only up to {FORECAST_REACH} times the trials run{free}."
        );
    }
    if advice.cost <= 0.0 {
        return format!("Tuning: run about {more} more trials ({expected}){free_trials}.");
    }
    format!(
        "Tuning: run about {more} more trials ({expected}); past {} trials one more trial adds less than it costs ({}).",
        thousands(until as f64),
        money(advice.cost / advice.more_trials.max(1) as f64, currency)
    )
}

/// A *stop* because the validation rows cannot choose between the trials (steps 1 and 5, and the
/// metric answer's noise rule), one wording wherever it comes; `though` adds what the fitted
/// curve would otherwise have said.
pub(super) fn indistinct_sentence(halves: &HalvesAgreement, though: &str) -> String {
    format!(
        "Tuning: stop; {}, so more trials could be picked by the noise of those rows{though}.",
        halves.cannot_tell_apart()
    )
}

/// What a *stop* because the validation rows cannot tell the trials apart adds when the fitted
/// curve still rises by more than a trial costs (`cost`, in `currency`; 0 in metric units, where
/// it says only that it rises), so that it is not read as contradicted by the doubling of the
/// trials, which reads the same curve; nothing when it does not.
pub(super) fn still_rises(rises: bool, cost: f64, currency: &str) -> String {
    match (rises, cost > 0.0) {
        (false, _) => String::new(),
        (true, true) => format!(
            ", though the fitted curve still rises by more than a trial costs ({})",
            money(cost, currency)
        ),
        (true, false) => ", though the fitted curve still rises".to_string(),
    }
}

/// The 90% band of a sweep size, `low` to `high` trials, where sizes are looked for up to `limit`:
/// "90% band 40 to 3,354", "90% band 30 to 3,000 or more".
pub(crate) fn sizes_band(low: f64, high: f64, limit: usize) -> String {
    let size = |trials: f64| {
        let trials = trials.round();
        if trials >= limit as f64 {
            format!("{} or more", thousands(limit as f64))
        } else {
            thousands(trials)
        }
    };
    format!("90% band {} to {}", size(low), size(high))
}

#[cfg(test)]
mod tests {
    use super::super::TuningKind;
    use super::*;

    /// A *run more* of 9 trials after 79, past which one more trial adds less than it costs.
    fn run_more(expected_gain: f64, cost: f64) -> TuningAdvice {
        TuningAdvice {
            kind: TuningKind::RunMore,
            more_trials: 9,
            expected_gain,
            expected_gain_low: Some(3.42),
            expected_gain_high: Some(415.0),
            cost,
            ..super::super::start(79)
        }
    }

    #[test]
    fn trials_expected_to_return_less_than_twice_their_cost_stop_as_a_close_call() {
        let close = close_call_stop(run_more(36.0, 32.0), 3.56, "USD");
        assert_eq!(close.kind, TuningKind::Stop);
        assert!(close.close_call && !close.indistinct);
        assert_eq!(
            (close.more_trials, close.expected_gain, close.cost),
            (0, 0.0, 0.0)
        );
        // The trials it declines keep the numbers its sentence quotes.
        assert_eq!(
            close.declined,
            Some(Declined {
                trials: 9,
                gain: 36.0,
                cost: 32.0
            })
        );
        assert_eq!(
            close.sentence,
            "Tuning: stop; the fitted curve still rises by more than a trial costs (3.56 USD), but about 9 more trials are expected to add only +36 USD for 32 USD, 1.12 times their cost: too close a call to run."
        );
        assert!(is_close_call(36.0, 32.0));
        for (gain, cost) in [(64.0, 32.0), (70.0, 32.0), (36.0, 0.0)] {
            assert!(!is_close_call(gain, cost), "{gain} for {cost}");
        }
        // The run more it replaces no longer carries the words of the old wording.
        let firm = run_more_sentence(&run_more(70.0, 32.0), "USD");
        assert_eq!(
            firm,
            "Tuning: run about 9 more trials (expected +70 USD, 90% band +3.42 to +415 USD, for 32 USD); past 88 trials one more trial adds less than it costs (3.56 USD)."
        );
    }

    #[test]
    fn the_rule_stops_where_the_trials_it_would_run_are_a_close_call() {
        use super::super::{advise, TuningInput};
        use crate::analysis::extrapolate::SaturationFit;
        // Gains about 2000 x 0.5 x (n + 1)^-1.5 from trial n to n + 1: about 10 at 20 trials.
        let rising = SaturationFit {
            asymptote: 1000.0,
            scale: 2000.0,
            exponent: 0.5,
            rmse: 0.0,
        };
        let values: Vec<f64> = (1..=20).map(|k| rising.expected(k as f64)).collect();
        let at = |cost_per_trial: f64| {
            advise(&TuningInput {
                expected_best: &values,
                fit: Some(&rising),
                cost_per_trial,
                baseline: Some(0.0),
                currency: "EUR",
                optimistic_net_gain: None,
                halves: None,
                waiting_costs: true,
            })
        };
        // At 2 a trial, the 42 trials to break-even (62) return about 2.2 times their cost.
        let firm = at(2.0);
        assert_eq!(firm.kind, TuningKind::RunMore, "{firm:?}");
        assert!(!firm.close_call && firm.expected_gain >= CLOSE_CALL * firm.cost);
        assert_eq!(firm.more_trials, 42, "{firm:?}");
        // At 9.5 a trial, the next trial still pays on the curve (about 10), but barely: stop.
        let close = at(9.5);
        assert_eq!(close.kind, TuningKind::Stop, "{close:?}");
        assert!(close.close_call && !close.indistinct, "{close:?}");
        assert_eq!(
            close.sentence,
            "Tuning: stop; the fitted curve still rises by more than a trial costs (9.50 EUR), but about 1 more trial is expected to add only +10 EUR for 9.50 EUR, 1.05 times their cost: too close a call to run."
        );
        // Past break-even it is the plain stop, no close call.
        let past = at(12.0);
        assert_eq!(past.kind, TuningKind::Stop);
        assert!(!past.close_call, "{past:?}");
    }
}
