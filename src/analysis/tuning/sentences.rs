//! The tuning answer's sentences that more than one step of the rule gives.

use super::{TuningAdvice, BREAK_EVEN_LIMIT, FORECAST_REACH, WAIT_COST_SHARE};
use crate::analysis::agreement::HalvesAgreement;
use crate::base::format::{interval, money, signed_money, thousands};

/// Trials expected to return less than this many times their cost make a *run more* a close
/// call, and its sentence says so: at 79 trials on adult income "run about 9 more trials
/// (expected +36 USD ... for 32 USD)" read as firmly as a run more that returns tenfold.
const CLOSE_CALL: f64 = 2.0;

/// The sentence of a "run more" `advice`, with the band of its expected gain when it has one.
pub(super) fn run_more_sentence(advice: &TuningAdvice, currency: &str) -> String {
    let until = advice.trials + advice.more_trials;
    let more = thousands(advice.more_trials as f64);
    let band = match (advice.expected_gain_low, advice.expected_gain_high) {
        (Some(low), Some(high)) => format!(", 90% band {},", interval(low, high, currency)),
        _ => String::new(),
    };
    let close_call = if advice.cost > 0.0 && advice.expected_gain < CLOSE_CALL * advice.cost {
        format!(
            ": a close call, {:.1} times their cost",
            advice.expected_gain / advice.cost
        )
    } else {
        String::new()
    };
    let expected = format!(
        "expected {}{band} for {}{close_call}",
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
        "Tuning: stop; {}, so more trials would be picked by the noise of those rows{though}.",
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
    fn trials_expected_to_return_less_than_twice_their_cost_are_called_a_close_call() {
        let said = run_more_sentence(&run_more(36.0, 32.0), "USD");
        assert_eq!(
            said,
            "Tuning: run about 9 more trials (expected +36 USD, 90% band +3.42 to +415 USD, for 32 USD: a close call, 1.1 times their cost); past 88 trials one more trial adds less than it costs (3.56 USD)."
        );
        for firm in [run_more(70.0, 32.0), run_more(36.0, 0.0)] {
            let said = run_more_sentence(&firm, "USD");
            assert!(!said.contains("close call"), "{said}");
        }
    }
}
