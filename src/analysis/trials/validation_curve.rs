//! The curve a priced tuning answer reads, kept for the trials chart: the answer decides on the
//! validation rows, cross-fitted, while the chart's main line is the test rows' curve, which
//! reports what was chosen. Where the two part (adult income, 30 priced trials: the test curve
//! fell from 15 trials on while the validation curve still rose and the answer said to run 90
//! more), a chart without this curve showed a leader the opposite of the answer above it.

use serde::{Deserialize, Serialize};

use super::{extrapolation_sizes, CurveRefits, DecisionTrials};
use crate::analysis::extrapolate::{ExtrapolatedPoint, Reading};
use crate::analysis::tuning::{TuningAdvice, TuningKind};
use crate::base::error::Result;

/// The expected best gain over the baseline on the validation rows, as the priced tuning answer
/// reads them (each half selects the trial the other half values), and the curve fitted to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidationCurve {
    /// The expected best gain of a sweep of 1, 2, ... N trials (N the trials run), the
    /// unbiased (without-replacement) estimate the curve is fitted to.
    pub observed: Vec<f64>,
    /// The fitted curve from N trials to the forecast's reach: each point's `mean` is the fit's
    /// value there, and `low` and `high` its value at N plus the 90% band of the gain from N to
    /// there over the refits, the band a *run more* quotes for its trials.
    pub forecast: Vec<ExtrapolatedPoint>,
    /// Where a *run more* leads on the fitted curve: at the trials run and the more it asks for,
    /// the fit's value and the band of the gain it quotes; `None` for any other answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_more: Option<ExtrapolatedPoint>,
}

/// The validation curve of a priced answer that reads cross-fitted halves against a baseline;
/// `None` otherwise (the answer then reads the test curve the chart already draws). The
/// forecast needs the curve's fit and refits, from 3 trials on, and a *run more* in `tuning`
/// its point where it leads. An error for non-finite values.
pub(super) fn validation_curve(
    decides: &DecisionTrials,
    refits: Option<&CurveRefits>,
    tuning: &TuningAdvice,
) -> Result<Option<ValidationCurve>> {
    let Some(baseline) = decides.baseline.filter(|b| b.is_finite()) else {
        return Ok(None);
    };
    if decides.reading != Reading::CrossFitted || decides.trials.is_empty() {
        return Ok(None);
    }
    let n = decides.trials.len();
    let run_more = (tuning.kind == TuningKind::RunMore).then_some(n + tuning.more_trials);
    let observed = decides
        .reading
        .unbiased_best(decides.trials)?
        .iter()
        .map(|v| v - baseline)
        .collect();
    let Some(refits) = refits else {
        return Ok(Some(ValidationCurve {
            observed,
            forecast: Vec::new(),
            run_more: None,
        }));
    };
    let at_n = refits.refits.point.expected(n as f64) - baseline;
    let at = |m: usize| {
        let gain = refits.gain(n, m, 0.0);
        ExtrapolatedPoint {
            n: m,
            mean: at_n + gain.mean,
            low: at_n + gain.low,
            high: at_n + gain.high,
        }
    };
    let mut sizes = extrapolation_sizes(n);
    sizes.sort_unstable();
    Ok(Some(ValidationCurve {
        observed,
        forecast: sizes.into_iter().map(at).collect(),
        run_more: run_more.filter(|&m| m > n).map(at),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::expected_max::Trial;
    use crate::analysis::tuning::no_trials;

    /// 24 trials whose two validation halves rise together towards 100, with some noise.
    fn halves() -> Vec<Trial> {
        (1..=24)
            .map(|i| {
                let level = 100.0 - 60.0 / f64::from(i);
                let wobble = f64::from((i * 37) % 11) - 5.0;
                Trial {
                    validation: level + wobble,
                    test: level - wobble,
                }
            })
            .collect()
    }

    #[test]
    fn the_curve_is_the_answers_own_and_a_run_more_leads_along_its_fit() {
        let trials = halves();
        let decides = DecisionTrials {
            trials: &trials,
            reading: Reading::CrossFitted,
            baseline: Some(40.0),
        };
        let refits = CurveRefits::new(&decides, 7, None).unwrap();
        let run_more = TuningAdvice {
            kind: TuningKind::RunMore,
            more_trials: 16,
            ..no_trials()
        };
        let curve = validation_curve(&decides, Some(&refits), &run_more)
            .unwrap()
            .unwrap();
        // The unbiased cross-fitted curve, less the baseline: at all 24 trials, the mean of
        // each half's pick valued by the other.
        let unbiased = Reading::CrossFitted.unbiased_best(&trials).unwrap();
        assert_eq!(curve.observed.len(), 24);
        assert_eq!(curve.observed[23], unbiased[23] - 40.0);
        // The forecast starts at the trials run, on the fit, and grows with the sweep.
        let fit_at = |m: f64| refits.refits.point.expected(m) - 40.0;
        let first = curve.forecast[0];
        assert_eq!(first.n, 24);
        assert!((first.mean - fit_at(24.0)).abs() < 1e-9);
        assert!(curve.forecast.windows(2).all(|w| w[0].n < w[1].n));
        // The run more's point: at 40 trials, the fit's value, the band that of its gain.
        let point = curve.run_more.unwrap();
        let gain = refits.gain(24, 40, 0.0);
        assert_eq!(point.n, 40);
        assert!((point.mean - fit_at(40.0)).abs() < 1e-9);
        assert!((point.low - (fit_at(24.0) + gain.low)).abs() < 1e-9);
        assert!((point.high - (fit_at(24.0) + gain.high)).abs() < 1e-9);
        assert!(point.low <= point.mean && point.mean <= point.high);
        // Any other answer has no such point.
        let stop = validation_curve(&decides, Some(&refits), &no_trials())
            .unwrap()
            .unwrap();
        assert_eq!(stop.run_more, None);
    }

    #[test]
    fn there_is_none_where_the_answer_reads_the_test_curve_or_has_no_baseline() {
        let trials = halves();
        let selected = DecisionTrials {
            trials: &trials,
            reading: Reading::Selected,
            baseline: Some(40.0),
        };
        assert_eq!(
            validation_curve(&selected, None, &no_trials()).unwrap(),
            None
        );
        let alone = DecisionTrials {
            reading: Reading::CrossFitted,
            baseline: None,
            ..selected
        };
        assert_eq!(validation_curve(&alone, None, &no_trials()).unwrap(), None);
    }
}
