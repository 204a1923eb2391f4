//! The two answers a leader acts on, each one sentence with its number: which model to ship (the
//! verdict) and what to do about tuning ([`super::tuning`]). `results.json` stores them as
//! `recommendation`, and `run --format json` prints the same object, so both read one source.

use serde::{Deserialize, Serialize};

use super::run_summary::BASELINE_ALONE;
use super::tuning::{TuningAdvice, TuningKind};
use super::verdict::{Verdict, VerdictKind};
use super::words::sentence;
use crate::value::bootstrap::LEVEL;

/// The two answers; either is absent when the run cannot give it (no candidate, no sweep).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    /// Ship the candidate, keep the baseline, or inconclusive.
    pub model: Option<ModelAnswer>,
    /// Stop, run about K more trials, tuning does not pay, or too few trials to tell.
    pub tuning: Option<TuningAnswer>,
}

/// Which model to ship. A run that trained the baseline alone (`--trials 0`) has no candidate
/// and no verdict, but still an answer: `ship_baseline`, with [`BASELINE_ALONE`] for its
/// sentence and `null` for the candidate, its gain and interval (until 2026-12-06 the whole
/// answer was `null` while the terminal said to keep the baseline).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelAnswer {
    /// `ship_candidate`, `ship_baseline` or `inconclusive`.
    pub kind: VerdictKind,
    /// The candidate validation picked (by net value when priced, by the run's metric
    /// otherwise); `None` when no candidate was trained.
    pub candidate: Option<String>,
    /// Its test gain over the baseline, in `unit` (`None` without a candidate).
    pub gain: Option<f64>,
    /// Low end of the gain's interval.
    pub low: Option<f64>,
    /// High end of the gain's interval.
    pub high: Option<f64>,
    /// Coverage of the interval (0.9; `None` without one).
    pub level: Option<f64>,
    /// The currency of a priced run, else the metric's unit (e.g. `ROC-AUC`).
    pub unit: String,
    /// The answer in one sentence.
    pub sentence: String,
}

/// What to do about tuning: [`TuningAdvice`] reduced to what a reader acts on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TuningAnswer {
    /// `stop`, `run_more`, `does_not_pay` or `too_few_trials`.
    pub kind: TuningKind,
    /// Trials so far.
    pub trials: usize,
    /// `run_more`: about this many more trials (`null` otherwise).
    pub more_trials: Option<usize>,
    /// `run_more`: what those trials are expected to add before their cost, in `unit`.
    pub expected_gain: Option<f64>,
    /// `run_more`: the 90% band of `expected_gain`, when the answer was given with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_gain_low: Option<f64>,
    /// High end of that band.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_gain_high: Option<f64>,
    /// `run_more`: what they cost (`null` otherwise, and 0 in metric units).
    pub cost: Option<f64>,
    /// `run_more` of a provisional count, after which to ask again: the validation rows cannot
    /// yet tell the trials apart, or the fitted curve pays past the reach of a checked forecast
    /// ([`crate::analysis::tuning::FORECAST_REACH`]); absent otherwise.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ask_again: bool,
    /// `stop` because the validation rows cannot tell the trials apart, where more validation
    /// rows, not more trials, would help (absent otherwise).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub indistinct: bool,
    /// `stop` because the trials the fitted curve still pays for are expected to return less
    /// than [`crate::analysis::tuning::CLOSE_CALL`] times their cost (absent otherwise).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub close_call: bool,
    /// A close call: the trials it declines to run, the number its sentence quotes (absent
    /// otherwise, and in a file written before 2026-12-06).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declined_trials: Option<usize>,
    /// A close call: what those trials are expected to add before their cost, in `unit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declined_gain: Option<f64>,
    /// A close call: what those trials would cost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declined_cost: Option<f64>,
    /// The answer in one sentence.
    pub sentence: String,
}

/// What the model answer is about: the verdict on a candidate, or a run that trained none.
#[derive(Debug, Clone, Copy)]
pub enum ModelAnswered<'a> {
    /// The verdict on the candidate validation picked, by its name.
    Verdict(&'a Verdict, &'a str),
    /// The baseline alone (`--trials 0`): keep it, [`BASELINE_ALONE`].
    BaselineAlone,
}

/// The two answers from the model answer and the tuning advice; `None` when neither exists.
/// `unit` is the currency or the metric's unit the verdict's amounts are in.
pub fn recommend(
    model: Option<ModelAnswered>,
    tuning: Option<&TuningAdvice>,
    unit: &str,
) -> Option<Recommendation> {
    let model = model.map(|answered| match answered {
        ModelAnswered::Verdict(v, name) => ModelAnswer {
            kind: v.kind,
            candidate: Some(name.to_string()),
            gain: Some(v.difference.mean),
            low: Some(v.difference.low),
            high: Some(v.difference.high),
            level: Some(LEVEL),
            unit: unit.to_string(),
            sentence: sentence(&v.sentence),
        },
        ModelAnswered::BaselineAlone => ModelAnswer {
            kind: VerdictKind::ShipBaseline,
            candidate: None,
            gain: None,
            low: None,
            high: None,
            level: None,
            unit: unit.to_string(),
            sentence: BASELINE_ALONE.to_string(),
        },
    });
    let tuning = tuning.map(|t| {
        let more = t.kind == TuningKind::RunMore;
        TuningAnswer {
            kind: t.kind,
            trials: t.trials,
            more_trials: more.then_some(t.more_trials),
            expected_gain: more.then_some(t.expected_gain),
            expected_gain_low: t.expected_gain_low.filter(|_| more),
            expected_gain_high: t.expected_gain_high.filter(|_| more),
            cost: more.then_some(t.cost),
            ask_again: more && (t.ask_again || t.pays_until.is_some()),
            indistinct: t.indistinct,
            close_call: t.close_call,
            declined_trials: t.declined.map(|d| d.trials),
            declined_gain: t.declined.map(|d| d.gain),
            declined_cost: t.declined.map(|d| d.cost),
            sentence: t.sentence.clone(),
        }
    });
    (model.is_some() || tuning.is_some()).then_some(Recommendation { model, tuning })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{verdict, Interval};

    fn advice(kind: TuningKind) -> TuningAdvice {
        TuningAdvice {
            kind,
            trials: 20,
            more_trials: 15,
            expected_gain: 900.0,
            expected_gain_low: Some(200.0),
            expected_gain_high: Some(1_500.0),
            cost: 300.0,
            net_gain_now: Some(1_000.0),
            sentence: "Tuning: run about 15 more trials.".to_string(),
            indistinct: false,
            close_call: false,
            declined: None,
            best_possible: false,
            noise: None,
            ask_again: false,
            pays_until: None,
            pays_until_low: None,
            pays_until_high: None,
        }
    }

    #[test]
    fn the_model_answer_carries_the_candidate_gain_and_interval_of_the_verdict() {
        let interval = Interval {
            mean: 1_200.0,
            low: 400.0,
            high: 2_000.0,
        };
        let v = verdict(
            interval,
            0.0,
            5_000,
            "candidate trial-0003",
            "EUR",
            None,
            None,
        )
        .unwrap();
        let rec = recommend(Some(ModelAnswered::Verdict(&v, "trial-0003")), None, "EUR").unwrap();
        let model = rec.model.unwrap();
        assert_eq!(model.kind, VerdictKind::ShipCandidate);
        assert_eq!(model.candidate.as_deref(), Some("trial-0003"));
        assert_eq!(
            (model.gain, model.low, model.high),
            (Some(1_200.0), Some(400.0), Some(2_000.0))
        );
        assert_eq!(model.level, Some(0.9));
        assert!(model.sentence.starts_with("Ship the candidate trial-0003"));
        assert!(model.sentence.ends_with('.'));
        assert!(rec.tuning.is_none());
    }

    #[test]
    fn only_run_more_carries_k_and_the_expected_gain() {
        let rec = recommend(None, Some(&advice(TuningKind::RunMore)), "EUR").unwrap();
        let tuning = rec.tuning.unwrap();
        assert_eq!(tuning.more_trials, Some(15));
        assert_eq!(tuning.expected_gain, Some(900.0));
        assert_eq!(
            (tuning.expected_gain_low, tuning.expected_gain_high),
            (Some(200.0), Some(1_500.0))
        );
        assert_eq!(tuning.cost, Some(300.0));
        assert!(!tuning.ask_again);
        // Provisional counts say so: the rows cannot tell the trials apart yet, or the curve
        // pays past the reach of a checked forecast.
        for provisional in [
            TuningAdvice {
                ask_again: true,
                ..advice(TuningKind::RunMore)
            },
            TuningAdvice {
                pays_until: Some(400),
                ..advice(TuningKind::RunMore)
            },
        ] {
            let rec = recommend(None, Some(&provisional), "EUR").unwrap();
            assert!(rec.tuning.unwrap().ask_again);
        }
        let rec = recommend(None, Some(&advice(TuningKind::Stop)), "EUR").unwrap();
        let tuning = rec.tuning.unwrap();
        assert_eq!(tuning.kind, TuningKind::Stop);
        assert_eq!((tuning.more_trials, tuning.expected_gain), (None, None));
        assert_eq!(tuning.expected_gain_low, None);
        assert!(rec.model.is_none());
    }

    #[test]
    fn nothing_to_recommend_without_a_verdict_or_advice() {
        assert_eq!(recommend(None, None, "EUR"), None);
    }

    #[test]
    fn a_baseline_alone_is_answered_keep_the_baseline_with_no_candidate() {
        let rec = recommend(Some(ModelAnswered::BaselineAlone), None, "EUR").unwrap();
        let model = rec.model.unwrap();
        assert_eq!(model.kind, VerdictKind::ShipBaseline);
        assert_eq!(model.sentence, BASELINE_ALONE);
        assert_eq!(model.candidate, None);
        assert_eq!(
            (model.gain, model.low, model.high, model.level),
            (None, None, None, None)
        );
        // As every field is in the file: the candidate and its numbers null.
        let json = serde_json::to_value(&model).unwrap();
        for key in ["candidate", "gain", "low", "high", "level"] {
            assert!(json[key].is_null(), "{key}: {json}");
        }
        assert_eq!(json["kind"], "ship_baseline");
    }
}
