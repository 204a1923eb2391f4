//! [`TuningAdvice`] as `results.json` and `worthit analyze --format json` store it: the numbers
//! of a *run about K more trials* (`more_trials`, `expected_gain`, `cost`) are `null` for any
//! other answer, as in the recommendation's tuning answer. Until 2026-12-06 they were 0, and a
//! *stop* whose sentence said "a sweep 10x longer is expected to improve the best validation
//! score by 0.0018" stood beside `"expected_gain": 0.0`. A file with the 0s reads as before.
//!
//! A close call (a *stop*) keeps the *run more* it declined as `declined_trials`,
//! `declined_gain` and `declined_cost`, the numbers its sentence quotes; until 2026-12-06 a
//! file kept none of them. A file without them reads with none.

use serde::{Deserialize, Serialize};

use super::{Declined, TuningAdvice, TuningKind};

/// The stored form; each field is [`TuningAdvice`]'s.
#[derive(Serialize, Deserialize)]
pub(super) struct StoredAdvice {
    kind: TuningKind,
    trials: usize,
    more_trials: Option<usize>,
    expected_gain: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expected_gain_low: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expected_gain_high: Option<f64>,
    cost: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    net_gain_now: Option<f64>,
    sentence: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    indistinct: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    best_possible: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    noise: Option<f64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    close_call: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    declined_trials: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    declined_gain: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    declined_cost: Option<f64>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    ask_again: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pays_until: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pays_until_low: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pays_until_high: Option<usize>,
}

impl From<TuningAdvice> for StoredAdvice {
    fn from(a: TuningAdvice) -> Self {
        let more = a.kind == TuningKind::RunMore;
        StoredAdvice {
            kind: a.kind,
            trials: a.trials,
            more_trials: more.then_some(a.more_trials),
            expected_gain: more.then_some(a.expected_gain),
            expected_gain_low: a.expected_gain_low,
            expected_gain_high: a.expected_gain_high,
            cost: more.then_some(a.cost),
            net_gain_now: a.net_gain_now,
            sentence: a.sentence,
            indistinct: a.indistinct,
            best_possible: a.best_possible,
            noise: a.noise,
            close_call: a.close_call,
            declined_trials: a.declined.map(|d| d.trials),
            declined_gain: a.declined.map(|d| d.gain),
            declined_cost: a.declined.map(|d| d.cost),
            ask_again: a.ask_again,
            pays_until: a.pays_until,
            pays_until_low: a.pays_until_low,
            pays_until_high: a.pays_until_high,
        }
    }
}

impl From<StoredAdvice> for TuningAdvice {
    fn from(s: StoredAdvice) -> Self {
        TuningAdvice {
            kind: s.kind,
            trials: s.trials,
            more_trials: s.more_trials.unwrap_or(0),
            expected_gain: s.expected_gain.unwrap_or(0.0),
            expected_gain_low: s.expected_gain_low,
            expected_gain_high: s.expected_gain_high,
            cost: s.cost.unwrap_or(0.0),
            net_gain_now: s.net_gain_now,
            sentence: s.sentence,
            indistinct: s.indistinct,
            best_possible: s.best_possible,
            noise: s.noise,
            close_call: s.close_call,
            declined: match (s.declined_trials, s.declined_gain, s.declined_cost) {
                (Some(trials), Some(gain), Some(cost)) => Some(Declined { trials, gain, cost }),
                _ => None,
            },
            ask_again: s.ask_again,
            pays_until: s.pays_until,
            pays_until_low: s.pays_until_low,
            pays_until_high: s.pays_until_high,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn advice(kind: TuningKind) -> TuningAdvice {
        TuningAdvice {
            kind,
            more_trials: 15,
            expected_gain: 900.0,
            cost: 300.0,
            net_gain_now: Some(1_000.0),
            sentence: "Tuning: ...".to_string(),
            ..super::super::start(20)
        }
    }

    #[test]
    fn only_run_more_stores_its_numbers_and_older_zeros_read_back() {
        let run_more = serde_json::to_value(advice(TuningKind::RunMore)).unwrap();
        assert_eq!(run_more["more_trials"], 15);
        assert_eq!(run_more["expected_gain"], 900.0);
        assert_eq!(run_more["cost"], 300.0);
        let stop = TuningAdvice {
            more_trials: 0,
            expected_gain: 0.0,
            cost: 0.0,
            ..advice(TuningKind::Stop)
        };
        let stored = serde_json::to_value(&stop).unwrap();
        for key in ["more_trials", "expected_gain", "cost"] {
            assert!(stored[key].is_null(), "{key}: {stored}");
        }
        let back: TuningAdvice = serde_json::from_value(stored.clone()).unwrap();
        assert_eq!(back, stop);
        // A file written with the 0s reads the same.
        let mut older = stored;
        for key in ["more_trials", "expected_gain", "cost"] {
            older[key] = serde_json::json!(0);
        }
        let back: TuningAdvice = serde_json::from_value(older).unwrap();
        assert_eq!(back, stop);
    }

    #[test]
    fn a_close_call_keeps_the_trials_it_declines_and_older_files_read_without_them() {
        let close =
            super::super::sentences::close_call_stop(advice(TuningKind::RunMore), 20.0, "EUR");
        let stored = serde_json::to_value(&close).unwrap();
        assert_eq!(stored["close_call"], true);
        for key in ["more_trials", "expected_gain", "cost"] {
            assert!(stored[key].is_null(), "{key}: {stored}");
        }
        assert_eq!(stored["declined_trials"], 15);
        assert_eq!(stored["declined_gain"], 900.0);
        assert_eq!(stored["declined_cost"], 300.0);
        let back: TuningAdvice = serde_json::from_value(stored.clone()).unwrap();
        assert_eq!(back, close);
        // Any other answer has none of them.
        let run_more = serde_json::to_value(advice(TuningKind::RunMore)).unwrap();
        for key in ["declined_trials", "declined_gain", "declined_cost"] {
            assert!(run_more.get(key).is_none(), "{key}: {run_more}");
        }
        // A close call written before 2026-12-06 reads, with no trials declined.
        let mut older = stored;
        for key in ["declined_trials", "declined_gain", "declined_cost"] {
            older.as_object_mut().unwrap().remove(key);
        }
        let back: TuningAdvice = serde_json::from_value(older).unwrap();
        assert!(back.close_call && back.declined.is_none());
    }
}
