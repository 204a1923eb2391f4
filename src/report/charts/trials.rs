//! The trials chart: the expected best of a sweep against its number of trials, with its band,
//! its extrapolation, where a rule stops and the track record. Drawn for a priced run, a run
//! without `[value]` and a sweep log (`worthit analyze --plots`), from one set of parts, so the
//! three read alike and none contradicts the tuning answer beside it.

use super::super::plots::{
    trials::{BacktestMarker, StopMarker, TrialsChart, ValidationLine},
    BandPoint,
};
use super::metric::{gain_of, GAIN_AXIS};
use super::{baseline, subtitle, AnyChart, Plot};
use crate::analysis::extrapolate::ExtrapolatedPoint;
use crate::analysis::metric_summary::MetricUnits;
use crate::analysis::run_summary::RunAnalysis;
use crate::analysis::sweep_log::LogAnalysis;
use crate::analysis::trials::TrialsAnalysis;
use crate::analysis::tuning::TuningKind;
use crate::base::format::{interval, money, signed_money, thousands, NEGLIGIBLE};
use crate::results::RunResults;
use crate::value::schema::ValueResults;

/// The observed curve and its extrapolation beyond the trials run, each point less `base` (the
/// baseline's net value, for a priced run whose curve is in net values; 0 where the amounts are
/// gains already).
/// A gain as the chart draws it: what every sentence writes as 0 is drawn at 0. Two
/// near-perfect classifiers (KDD Cup 99) differ by 0.00000005 ROC-AUC; drawn as they are, the
/// axis stretched to 6e-8 and showed a rising curve with a forecast band beside sentences that
/// read "0 ROC-AUC".
fn shown(gain: f64) -> f64 {
    if gain.abs() < NEGLIGIBLE {
        0.0
    } else {
        gain
    }
}

fn curve(sweep: &TrialsAnalysis, base: f64) -> Option<(Vec<BandPoint>, Vec<BandPoint>, usize)> {
    let curve = sweep.curve.as_ref()?;
    let gain = |n: usize, mean: f64, low: f64, high: f64| BandPoint {
        x: n as f64,
        value: shown(mean - base),
        low: shown(low - base),
        high: shown(high - base),
    };
    // The line is the unbiased estimate the forecast is fitted to, where the run stored it: the
    // with-replacement mean falls short of the sweep's own best near the trials run (the quick
    // start: 534 EUR at 5 trials against the sweep's 875), so the line stopped far below where
    // the dashed forecast and "what the full sweep gave" begin. The band stays where 90% of
    // sweeps of n trials end.
    let observed = curve
        .points
        .iter()
        .map(|p| gain(p.n, p.unbiased.unwrap_or(p.mean), p.low, p.high))
        .collect();
    // Stored in the order the analysis reads them (2N and 4N first), drawn left to right, from
    // the fitted curve's own value at the trials run: joined to the last observed point instead,
    // the dashed line showed a rise the fit does not forecast wherever the two differ (Ames
    // housing at 5 trials: 422 observed, 902 fitted, 1,310 at 10, so the line rose 888 where the
    // forecast, as "doubling the trials" says, is 408).
    let mut extrapolated: Vec<BandPoint> = sweep
        .extrapolation
        .iter()
        .flat_map(|e| &e.points)
        .filter(|p| p.n >= curve.observed)
        .map(|p| gain(p.n, p.mean, p.low, p.high))
        .collect();
    extrapolated.sort_by(|a, b| a.x.total_cmp(&b.x));
    Some((observed, extrapolated, curve.observed))
}

/// What the sweep has cost after each number of trials, up to the last trial the chart shows
/// (`run` observed, or the extrapolation's end).
fn cumulative_cost(extrapolated: &[BandPoint], run: usize, cost_per_trial: f64) -> Vec<(f64, f64)> {
    let last = extrapolated.last().map_or(run, |p| p.x as usize);
    (0..=last)
        .map(|n| (n as f64, n as f64 * cost_per_trial))
        .collect()
}

/// The forecast made at half the trials, beside what the full count gave: the track record of
/// the curve the tuning answer reads (stored as gains, priced or not).
fn backtest(sweep: &TrialsAnalysis) -> Option<BacktestMarker> {
    let b = sweep.backtest.as_ref()?;
    Some(BacktestMarker {
        forecast: BandPoint {
            x: b.trials as f64,
            value: shown(b.forecast.mean),
            low: shown(b.forecast.low),
            high: shown(b.forecast.high),
        },
        actual: shown(b.actual),
        label: format!("forecast made at {} trials", b.fitted_on),
    })
}

/// The curve a priced answer read on the validation rows, when it read other rows than the
/// test curve drawn, with where its *run more* leads.
fn validation_line(sweep: &TrialsAnalysis) -> Option<ValidationLine> {
    let curve = sweep.validation_curve.as_ref()?;
    let band = |p: &ExtrapolatedPoint| BandPoint {
        x: p.n as f64,
        value: shown(p.mean),
        low: shown(p.low),
        high: shown(p.high),
    };
    Some(ValidationLine {
        observed: (1..)
            .zip(&curve.observed)
            .map(|(n, gain)| (f64::from(n), shown(*gain)))
            .collect(),
        fitted: curve
            .forecast
            .iter()
            .map(|p| (p.n as f64, shown(p.mean)))
            .collect(),
        run_more: curve.run_more.as_ref().map(band),
        run_more_label: match (&sweep.tuning, &curve.run_more) {
            (Some(tuning), Some(_)) => format!(
                "Run about {} more trials: where they are expected to lead (90% band)",
                thousands(tuning.more_trials as f64)
            ),
            _ => String::new(),
        },
    })
}

/// The headline of a sweep stopped because its validation halves cannot rank its trials, priced
/// or not.
const INDISTINCT: &str = "The validation rows do not clearly tell these trials apart";

/// A priced sweep's marker (break-even, else where `--stop auto` stops) and headline; `observed`
/// trials were run.
fn priced_marks(sweep: &TrialsAnalysis, observed: usize) -> (Option<StopMarker>, String) {
    let kind = sweep.tuning.as_ref().map(|t| t.kind);
    let does_not_pay = kind == Some(TuningKind::DoesNotPay);
    // Beside a "run more", where the trials run dipped below the cost, the answer reads the
    // fitted curve past that dip: a break-even marker or headline there would say the opposite.
    let runs_more = kind == Some(TuningKind::RunMore);
    // Where the sweep as a whole never paid, a break-even marker would read as the point it did.
    let stop = match (&sweep.break_even, &sweep.stop_replay) {
        _ if does_not_pay => None,
        (Some(b), _) if !runs_more && b.paid_up_to.is_some_and(|n| n < b.evaluated) => {
            b.paid_up_to.map(|n| StopMarker {
                trials: n as f64,
                label: format!("break-even: {n} trials"),
            })
        }
        (_, Some(replay)) => replay.auto.map(|n| StopMarker {
            trials: n as f64,
            label: format!("auto stop: {n} trials"),
        }),
        _ => None,
    };
    // The headline must not read as the opposite of the tuning answer beside it.
    let indistinct = sweep.tuning.as_ref().is_some_and(|t| t.indistinct);
    let title = match &sweep.break_even {
        _ if does_not_pay => "The sweep did not pay for its cost".to_string(),
        // Stopped because the halves cannot rank the trials: the test curve may still rise,
        // and a break-even headline would leave that rise unexplained.
        _ if indistinct => INDISTINCT.to_string(),
        Some(b) if runs_more && b.paid_up_to != Some(b.evaluated) => {
            "More trials are still expected to pay off".to_string()
        }
        Some(b) if b.paid_up_to.is_some_and(|n| n < b.evaluated) => format!(
            "More trials paid off up to {} trials",
            b.paid_up_to.unwrap_or(0)
        ),
        Some(b) if b.paid_up_to.is_none() => "More trials did not pay off".to_string(),
        // Still paying at the trials run, but a close call: "still paid off" would read as the
        // opposite of the *stop* beside it.
        _ if sweep.tuning.as_ref().is_some_and(|t| t.close_call) => {
            "More trials would barely pay for themselves".to_string()
        }
        // Still paying at the trials run, but the fitted curve the answer reads breaks even
        // there: "still paid off" read as the opposite of the *stop* beside it (breast cancer
        // at 12 trials, its test curve rising 150,000 EUR past them).
        Some(_) if kind == Some(TuningKind::Stop) => {
            format!("More trials paid off up to {observed} trials; more are not expected to")
        }
        Some(_) => format!("More trials still paid off at {observed} trials"),
        None => "Expected gain over the baseline, by number of trials".to_string(),
    };
    (stop, title)
}

/// What every trials chart's caption says of its two bands (the legend names them alike).
const SHADED: &str = "shaded where 90% of sweeps of n of these trials end";

/// The caption's sentences on the marks the chart draws, each only where it is drawn: the
/// fitted curve (`fitted`), the marker of where `rule` would have stopped the sweep (or, where
/// it did, `Stopped::Did`), and the track record's diamond beside what the `full` sweep or log
/// gave. Said whether drawn or not, a run of 3 trials was told of a marker and a diamond it did
/// not have.
fn marks(fitted: bool, rule: Option<(&str, Stopped)>, backtest: bool, full: &str) -> String {
    let mut said = String::new();
    if fitted {
        said.push_str(
            " Dashed, with a lighter band: the curve fitted to the trials, from the trials run on, \
             with the forecast's 90% band.",
        );
    }
    match rule {
        Some((rule, Stopped::Did)) => {
            said.push_str(&format!(" The marker is where {rule} stopped the sweep."))
        }
        Some((rule, Stopped::Would)) => said.push_str(&format!(
            " The marker is where {rule} would have stopped the sweep."
        )),
        None => {}
    }
    if backtest {
        said.push_str(&format!(
            " Diamond: the forecast made at half the trials for the full count (90% band), \
             beside the square of what the full {full} gave."
        ));
    }
    said
}

/// The caption's last sentence for a priced sweep whose answer reads the validation halves: the
/// answer above the chart reads their curve, which can rise where the test rows' forecast drawn
/// is flat (telco-churn: "run about 90 more" over a flat dashed line), so the caption says what
/// that curve expects, or the chart reads as contradicting the answer. Empty otherwise.
fn answer_reads(sweep: &TrialsAnalysis, currency: &str) -> String {
    let mut said = match (&sweep.halves_agreement, &sweep.doubling) {
        (Some(_), Some(doubling)) => format!(
            " The tuning answer reads the two halves of the validation rows, not these test rows: \
             on its curve, doubling the trials is expected to add {} net of their cost (90% band \
             {}).",
            signed_money(doubling.mean, currency),
            interval(doubling.low, doubling.high, currency)
        ),
        _ => String::new(),
    };
    if let Some(curve) = &sweep.validation_curve {
        said.push_str(
            " Purple: the curve the tuning answer reads, the expected gain of the best over the \
             baseline on the validation rows (each half picks the trial the other half values), \
             dashed where fitted beyond the trials run.",
        );
        if let (Some(point), Some(tuning)) = (&curve.run_more, &sweep.tuning) {
            said.push_str(&format!(
                " The circle at {} trials is where the {} more trials the answer asks for are \
                 expected to lead, with the 90% band of the gain it quotes.",
                thousands(point.n as f64),
                thousands(tuning.more_trials as f64)
            ));
        }
    }
    said
}

/// Whether the rule a marker stands for ended the sweep there (`--stop auto`), or only would
/// have: a sweep the noise rule ended at 5 trials read "would have stopped" until 2026-12-06.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Stopped {
    Did,
    Would,
}

/// An unpriced sweep's marker (where the metric-noise rule stops) and headline.
fn unpriced_marks(sweep: &TrialsAnalysis) -> (Option<StopMarker>, String) {
    let stop = sweep
        .stop_replay
        .as_ref()
        .and_then(|r| r.noise_rule)
        // Before the first trial (a baseline at the metric's best) is no place on the axis.
        .filter(|&n| n > 0)
        .map(|n| StopMarker {
            trials: n as f64,
            label: format!("noise rule: {n} trials"),
        });
    let title = match sweep.tuning.as_ref().map(|t| t.kind) {
        Some(TuningKind::DoesNotPay) => "The sweep did not beat the baseline".to_string(),
        // Stopped because the halves cannot rank the trials: their gains may be noise alone.
        Some(TuningKind::Stop) if sweep.tuning.as_ref().is_some_and(|t| t.indistinct) => {
            INDISTINCT.to_string()
        }
        Some(TuningKind::Stop) if sweep.tuning.as_ref().is_some_and(|t| t.best_possible) => {
            "The best trial already scores the best there is".to_string()
        }
        Some(TuningKind::Stop) => "More trials would gain less than the noise".to_string(),
        Some(TuningKind::RunMore) => "More trials are still expected to gain".to_string(),
        _ => "Expected gain by number of trials".to_string(),
    };
    (stop, title)
}

/// Expected gain of the best candidate over the baseline as the sweep grows. Shown as a gain
/// rather than as net value because net values can be large negative numbers (a churn model
/// prices the churn it does not prevent), which hides the part that tuning moves.
pub(super) fn priced(results: &RunResults, value: &ValueResults) -> Option<Plot> {
    let analysis = results.analysis.as_ref()?;
    let base = baseline(value)?.net_value;
    let (observed, extrapolated, run) = curve(&analysis.sweep, base)?;
    let cumulative_cost = cumulative_cost(&extrapolated, run, analysis.cost_per_trial);
    let (stop, title) = priced_marks(&analysis.sweep, run);
    let answer_reads = answer_reads(&analysis.sweep, &value.currency);
    let backtest = backtest(&analysis.sweep);
    let marks = marks(!extrapolated.is_empty(), None, backtest.is_some(), "sweep");
    Some(Plot {
        stem: "trials",
        caption: format!(
            "Expected gain of the best-by-validation candidate over the baseline if the sweep had \
             stopped after n trials (net value on test rows; {SHADED}), against what the sweep costs \
             ({} a trial).{marks}{answer_reads}",
            money(analysis.cost_per_trial, &value.currency)
        ),
        chart: AnyChart::Trials(TrialsChart {
            title,
            subtitle: subtitle(results),
            observed,
            extrapolated,
            cumulative_cost,
            stop,
            backtest,
            validation: validation_line(&analysis.sweep),
            value_label: "Expected gain of the best over the baseline".to_string(),
            axis_label: "Gain and cost".to_string(),
        }),
    })
}

/// The same for a run without `[value]`, in its metric's units (every amount is already a gain
/// over the baseline).
pub(super) fn unpriced(
    results: &RunResults,
    analysis: &RunAnalysis,
    units: &MetricUnits,
) -> Option<Plot> {
    let (observed, extrapolated, _) = curve(&analysis.sweep, 0.0)?;
    let (stop, title) = unpriced_marks(&analysis.sweep);
    let backtest = backtest(&analysis.sweep);
    let trials_run = analysis.sweep.curve.as_ref().map_or(0, |c| c.points.len());
    let ended = results.sweep.as_ref().is_some_and(|s| s.stopped_by_auto());
    let marks = marks(
        !extrapolated.is_empty(),
        stop.as_ref().map(|marker| {
            let did = ended && marker.trials as usize == trials_run;
            let stopped = if did { Stopped::Did } else { Stopped::Would };
            ("the metric-noise rule", stopped)
        }),
        backtest.is_some(),
        "sweep",
    );
    Some(Plot {
        stem: "trials",
        caption: format!(
            "Expected test {} over the baseline of the best-by-validation candidate if the \
             sweep had stopped after n trials ({SHADED}).{marks}",
            gain_of(units)
        ),
        chart: AnyChart::Trials(TrialsChart {
            title,
            subtitle: subtitle(results),
            observed,
            extrapolated,
            cumulative_cost: Vec::new(),
            stop,
            backtest,
            // Without a price the answer's *run more* reads the test curve drawn.
            validation: None,
            value_label: "Expected gain of the best over the baseline".to_string(),
            axis_label: GAIN_AXIS.to_string(),
        }),
    })
}

/// The trials chart of a sweep log (`worthit analyze`): its amounts count from the log's first
/// trial, priced with the cumulative cost of the trials, or in the metric's units; `None` before
/// any trial.
pub fn sweep_log(log: &LogAnalysis) -> Option<Plot> {
    let (observed, extrapolated, run) = curve(&log.sweep, 0.0)?;
    let (stop, title, cumulative_cost) = if log.priced {
        let (stop, title) = priced_marks(&log.sweep, run);
        (
            stop,
            title,
            cumulative_cost(&extrapolated, run, log.cost_per_trial),
        )
    } else {
        let (stop, title) = unpriced_marks(&log.sweep);
        (stop, title, Vec::new())
    };
    let measured = if log.test_metric.is_some() {
        "test column"
    } else {
        "logged metric"
    };
    let over = if log.baseline.is_some() {
        "the baseline"
    } else {
        "the first trial"
    };
    let rule = if log.priced {
        "break-even or --stop auto"
    } else {
        "the metric-noise rule"
    };
    let backtest = backtest(&log.sweep);
    let marks = marks(
        !extrapolated.is_empty(),
        stop.as_ref().map(|_| (rule, Stopped::Would)),
        backtest.is_some(),
        "log",
    );
    Some(Plot {
        stem: "trials",
        caption: format!(
            "Expected gain over {over} of the sweep's best trial if it had stopped \
             after n trials (its {measured}; {SHADED}){}.{marks}",
            if log.priced {
                format!(
                    ", against what the sweep costs ({} a trial)",
                    money(log.cost_per_trial, &log.currency)
                )
            } else {
                String::new()
            },
        ),
        chart: AnyChart::Trials(TrialsChart {
            title,
            subtitle: format!("{}: {} trials", log.file, log.trials),
            observed,
            extrapolated,
            cumulative_cost,
            stop,
            backtest,
            validation: validation_line(&log.sweep),
            value_label: format!("Expected gain of the best over {over}"),
            axis_label: if log.priced {
                "Gain and cost".to_string()
            } else {
                format!("Gain over {over}")
            },
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::agreement::HalvesAgreement;
    use crate::analysis::marginal::BreakEven;
    use crate::analysis::tuning::{no_trials, TuningAdvice};

    /// A sweep of 20 trials whose halves do not clearly rank them alike, none after the first
    /// paying for itself on the trials run, answered `kind`, `indistinct` or not.
    fn sweep(kind: TuningKind, indistinct: bool) -> TrialsAnalysis {
        TrialsAnalysis {
            tuning: Some(TuningAdvice {
                kind,
                indistinct,
                ..no_trials()
            }),
            halves_agreement: Some(HalvesAgreement {
                trials: 20,
                correlation: 0.1,
                low: -0.29,
                high: 0.46,
            }),
            break_even: Some(BreakEven {
                cost_per_trial: 10.0,
                evaluated: 20,
                paid_up_to: None,
                next_trial: 2,
                next_gain: None,
                next_gain_low: None,
                next_gain_high: None,
            }),
            ..TrialsAnalysis::default()
        }
    }

    #[test]
    fn the_caption_names_only_the_marks_the_chart_draws() {
        // Three trials: no stop replayed, no track record yet, only the fitted curve.
        assert_eq!(
            marks(true, None, false, "sweep"),
            " Dashed, with a lighter band: the curve fitted to the trials, from the trials run \
             on, with the forecast's 90% band."
        );
        assert_eq!(marks(false, None, false, "sweep"), "");
        let all = marks(
            true,
            Some(("the metric-noise rule", Stopped::Would)),
            true,
            "log",
        );
        assert!(
            all.contains(" The marker is where the metric-noise rule would have stopped the sweep. Diamond: ")
                && all.ends_with(" beside the square of what the full log gave."),
            "{all}"
        );
        let ended = marks(
            false,
            Some(("the metric-noise rule", Stopped::Did)),
            false,
            "sweep",
        );
        assert_eq!(
            ended,
            " The marker is where the metric-noise rule stopped the sweep."
        );
    }

    #[test]
    fn the_caption_says_what_the_answer_s_curve_expects_where_it_reads_the_halves() {
        use crate::analysis::extrapolate::ExtrapolatedPoint;
        let doubling = ExtrapolatedPoint {
            n: 60,
            mean: 33_955.7,
            low: -374.7,
            high: 39_167.1,
        };
        let halves = TrialsAnalysis {
            doubling: Some(doubling),
            ..sweep(TuningKind::RunMore, false)
        };
        assert_eq!(
            answer_reads(&halves, "USD"),
            " The tuning answer reads the two halves of the validation rows, not these test rows: \
             on its curve, doubling the trials is expected to add +33,956 USD net of their cost \
             (90% band -375 to +39,167 USD)."
        );
        // Without halves (a value per metric point reads test values) or a doubling: nothing.
        let test_rows = TrialsAnalysis {
            halves_agreement: None,
            ..halves.clone()
        };
        assert_eq!(answer_reads(&test_rows, "USD"), "");
        assert_eq!(answer_reads(&sweep(TuningKind::RunMore, false), "USD"), "");
    }

    #[test]
    fn a_priced_chart_draws_the_curve_its_answer_reads_and_where_a_run_more_leads() {
        use crate::analysis::extrapolate::ExtrapolatedPoint;
        use crate::analysis::trials::ValidationCurve;
        let point = |n, mean| ExtrapolatedPoint {
            n,
            mean,
            low: mean - 10.0,
            high: mean + 30.0,
        };
        let runs_more = TrialsAnalysis {
            tuning: Some(TuningAdvice {
                more_trials: 90,
                ..sweep(TuningKind::RunMore, false).tuning.unwrap()
            }),
            validation_curve: Some(ValidationCurve {
                observed: vec![50.0, 80.0, 95.0],
                forecast: vec![point(3, 96.0), point(6, 110.0), point(12, 118.0)],
                run_more: Some(point(93, 140.0)),
            }),
            ..sweep(TuningKind::RunMore, false)
        };
        let line = validation_line(&runs_more).unwrap();
        assert_eq!(line.observed, vec![(1.0, 50.0), (2.0, 80.0), (3.0, 95.0)]);
        assert_eq!(line.fitted, vec![(3.0, 96.0), (6.0, 110.0), (12.0, 118.0)]);
        assert_eq!(
            line.run_more,
            Some(BandPoint {
                x: 93.0,
                value: 140.0,
                low: 130.0,
                high: 170.0
            })
        );
        assert!(line.run_more_label.contains("Run about 90 more trials"));
        let caption = answer_reads(&runs_more, "USD");
        assert!(
            caption.contains("Purple: the curve the tuning answer reads"),
            "{caption}"
        );
        assert!(caption.contains("The circle at 93 trials"), "{caption}");
        // A stop draws the curve without the circle, and says nothing of one.
        let stops = TrialsAnalysis {
            validation_curve: Some(ValidationCurve {
                run_more: None,
                ..runs_more.validation_curve.clone().unwrap()
            }),
            ..sweep(TuningKind::Stop, false)
        };
        assert_eq!(validation_line(&stops).unwrap().run_more, None);
        assert!(!answer_reads(&stops, "USD").contains("circle"));
        // Without the curve (unpriced, or a folder written before it was kept): no line.
        assert_eq!(validation_line(&sweep(TuningKind::Stop, false)), None);
    }

    #[test]
    fn the_dashed_curve_is_the_fit_drawn_left_to_right_from_the_trials_run() {
        use crate::analysis::expected_max::{CurvePoint, ExpectedMaxCurve};
        use crate::analysis::extrapolate::{ExtrapolatedPoint, Extrapolation, SaturationFit};
        // Ames housing at 5 trials: the trials gave 422, the fit puts 902 at 5 and 1,310 at 10.
        let fit = SaturationFit {
            asymptote: 1_667.9,
            scale: 7_199.2,
            exponent: 1.2506,
            rmse: 56.7,
        };
        let at = |n: usize| ExtrapolatedPoint {
            n,
            mean: fit.expected(n as f64),
            low: fit.expected(n as f64) - 1_000.0,
            high: fit.expected(n as f64) + 1_000.0,
        };
        let sweep = TrialsAnalysis {
            curve: Some(ExpectedMaxCurve {
                observed: 5,
                points: (1..=5)
                    .map(|n| CurvePoint {
                        n,
                        mean: 100.0 * n as f64 - 78.0,
                        low: 0.0,
                        high: 900.0,
                        unbiased: None,
                    })
                    .collect(),
            }),
            extrapolation: Some(Extrapolation {
                observed: 5,
                fit,
                resamples: 200,
                seed: 1,
                points: [5, 10, 20, 6, 7, 8, 9, 11, 15, 19].map(at).to_vec(),
            }),
            ..sweep(TuningKind::Stop, false)
        };
        let (observed, extrapolated, run) = curve(&sweep, 0.0).unwrap();
        assert_eq!((observed.len(), run), (5, 5));
        let xs: Vec<f64> = extrapolated.iter().map(|p| p.x).collect();
        assert_eq!(xs, [5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 15.0, 19.0, 20.0]);
        assert_eq!(extrapolated[0].value, fit.expected(5.0));
        assert!(
            (extrapolated[0].value - 902.0).abs() < 1.0,
            "{:?}",
            extrapolated[0]
        );
        assert_eq!(observed[4].value, 422.0);

        // Where the run stored the unbiased estimate, the line is drawn through it, and so ends
        // where the sweep's own best is, not at the with-replacement mean below it.
        let mut unbiased = sweep.clone();
        if let Some(curve) = unbiased.curve.as_mut() {
            for point in &mut curve.points {
                point.unbiased = Some(point.mean + 50.0 * point.n as f64);
            }
        }
        let (observed, _, _) = curve(&unbiased, 100.0).unwrap();
        assert_eq!(observed[4].value, 422.0 + 250.0 - 100.0);
        assert_eq!((observed[4].low, observed[4].high), (-100.0, 800.0));

        // Gains every sentence writes as 0 are drawn at 0, and only those.
        let mut tiny = sweep.clone();
        if let Some(curve) = tiny.curve.as_mut() {
            for point in &mut curve.points {
                (point.mean, point.low, point.high) = (5.2e-8, 4.1e-8, 5.4e-8);
                point.unbiased = Some(5.2e-8 * point.n as f64);
            }
            curve.points[4].high = 2e-6;
        }
        let (observed, _, _) = curve(&tiny, 0.0).unwrap();
        assert!(observed.iter().all(|p| p.value == 0.0 && p.low == 0.0));
        assert_eq!(observed[3].high, 0.0);
        assert_eq!(observed[4].high, 2e-6);
    }

    #[test]
    fn the_headline_gives_the_reason_the_answer_gives() {
        // Stopped because the halves cannot tell the trials apart: the headline says so.
        let (_, title) = priced_marks(&sweep(TuningKind::Stop, true), 20);
        assert_eq!(title, INDISTINCT);
        let (_, title) = unpriced_marks(&sweep(TuningKind::Stop, true));
        assert_eq!(title, INDISTINCT);
        // Stopped by the cost, the same unclear halves beside it: the cost's headline.
        let (_, title) = priced_marks(&sweep(TuningKind::Stop, false), 20);
        assert_eq!(title, "More trials did not pay off");
        let (_, title) = unpriced_marks(&sweep(TuningKind::Stop, false));
        assert_eq!(title, "More trials would gain less than the noise");
        // Stopped because the best trial scores the best there is (KDD Cup 99's ROC-AUC of 1):
        // no noise was weighed, so the headline does not speak of it.
        let mut perfect = sweep(TuningKind::Stop, false);
        if let Some(tuning) = perfect.tuning.as_mut() {
            tuning.best_possible = true;
        }
        let (_, title) = unpriced_marks(&perfect);
        assert_eq!(title, "The best trial already scores the best there is");
        // Stopped as a close call: where the trials run stopped paying, the headline says so;
        // where they still paid at the trials run, that they barely would go on paying.
        let mut close = sweep(TuningKind::Stop, false);
        if let Some(tuning) = close.tuning.as_mut() {
            tuning.close_call = true;
        }
        let (_, title) = priced_marks(&close, 20);
        assert_eq!(title, "More trials did not pay off");
        if let Some(b) = close.break_even.as_mut() {
            b.paid_up_to = Some(20);
        }
        let (_, title) = priced_marks(&close, 20);
        assert_eq!(title, "More trials would barely pay for themselves");
        // Stopped for the cost where the trials run still paid: the fitted curve breaks even at
        // the trials run, and the headline says the paying stops there, not that it goes on.
        let mut even = sweep(TuningKind::Stop, false);
        if let Some(b) = even.break_even.as_mut() {
            b.paid_up_to = Some(20);
        }
        let (_, title) = priced_marks(&even, 20);
        assert_eq!(
            title,
            "More trials paid off up to 20 trials; more are not expected to"
        );
        // Beside a *run more* or *not enough trials yet*, they still paid off.
        for kind in [TuningKind::RunMore, TuningKind::TooFewTrials] {
            let going = TrialsAnalysis {
                tuning: sweep(kind, false).tuning,
                ..even.clone()
            };
            let (_, title) = priced_marks(&going, 20);
            assert_eq!(title, "More trials still paid off at 20 trials");
        }
        // A "run more" where the trials run dipped below the cost at trial 13: neither the
        // headline nor a marker says that trials stopped paying, which the answer contradicts.
        let mut dipped = sweep(TuningKind::RunMore, false);
        if let Some(found) = dipped.break_even.as_mut() {
            found.paid_up_to = Some(12);
        }
        let (marker, title) = priced_marks(&dipped, 20);
        assert_eq!(title, "More trials are still expected to pay off");
        assert!(marker.is_none());
        // A stop beside the same dip keeps the break-even headline and marker.
        let (marker, title) = priced_marks(
            &TrialsAnalysis {
                tuning: sweep(TuningKind::Stop, false).tuning,
                ..dipped
            },
            20,
        );
        assert_eq!(title, "More trials paid off up to 12 trials");
        assert!(marker.is_some_and(|m| m.trials == 12.0));
    }
}
