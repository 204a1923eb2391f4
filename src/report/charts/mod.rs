//! The charts of a run, built from `results.json` alone (so `worthit report` can redraw them
//! without the data) and written as `plots/STEM.png` and `plots/STEM.svg`.
//!
//! One builder per chart; each returns `None` when the run lacks what the chart needs (no
//! candidates, not a binary task), so the reports simply show fewer charts. A run without
//! `[value]` has the charts of [`metric`], in metric units.

use std::path::{Path, PathBuf};

mod curves;
mod frontier;
mod metric;
mod trials;

pub use trials::sweep_log;

use super::plots::{
    self,
    breakdown::{MetricPoint, MetricValueChart, Outcome, PayoffChart},
    capacity::CapacityChart,
    frontier::FrontierChart,
    gain_distribution::GainDistributionChart,
    learning::{LearningChart, StepNote},
    threshold::ThresholdChart,
    tornado::{TornadoBar, TornadoChart},
    trials::TrialsChart,
    winners_curse::WinnersCurseChart,
    BandPoint,
};
use crate::analysis::VerdictKind;
use crate::base::error::{io_error, Error, Result};
use crate::results::RunResults;
use crate::value::bootstrap::BootstrapSummary;
use crate::value::schema::{ModelValue, ValueResults};
use crate::value::{Scenario, ValueKind};

/// Folder of the charts inside a run folder.
pub const PLOTS_DIR: &str = "plots";

/// The file stem of every chart a run can draw: re-rendering a run folder removes the files of
/// those it no longer draws, so `plots/` holds what the reports show.
const STEMS: [&str; 10] = [
    "trials",
    "frontier",
    "threshold",
    "capacity",
    "payoff",
    "metric_value",
    "tornado",
    "gain_distribution",
    "winners_curse",
    "learning",
];

/// A chart of the run, not yet drawn.
pub struct Plot {
    /// File stem under `plots/`, e.g. `trials`.
    pub stem: &'static str,
    /// What the chart shows and how to read it, one or two sentences for the reports.
    pub caption: String,
    chart: AnyChart,
}

/// The chart kinds, so a run's charts can sit in one list.
enum AnyChart {
    Trials(TrialsChart),
    Frontier(FrontierChart),
    Threshold(ThresholdChart),
    Capacity(CapacityChart),
    Payoff(PayoffChart),
    MetricValue(MetricValueChart),
    Tornado(TornadoChart),
    GainDistribution(GainDistributionChart),
    WinnersCurse(WinnersCurseChart),
    Learning(LearningChart),
}

impl Plot {
    /// The chart's title.
    pub fn title(&self) -> &str {
        use plots::Chart;
        match &self.chart {
            AnyChart::Trials(c) => c.title(),
            AnyChart::Frontier(c) => c.title(),
            AnyChart::Threshold(c) => c.title(),
            AnyChart::Capacity(c) => c.title(),
            AnyChart::Payoff(c) => c.title(),
            AnyChart::MetricValue(c) => c.title(),
            AnyChart::Tornado(c) => c.title(),
            AnyChart::GainDistribution(c) => c.title(),
            AnyChart::WinnersCurse(c) => c.title(),
            AnyChart::Learning(c) => c.title(),
        }
    }

    /// The chart as an SVG document.
    pub fn svg(&self, currency: &str) -> Result<String> {
        match &self.chart {
            AnyChart::Trials(c) => plots::svg(c, currency),
            AnyChart::Frontier(c) => plots::svg(c, currency),
            AnyChart::Threshold(c) => plots::svg(c, currency),
            AnyChart::Capacity(c) => plots::svg(c, currency),
            AnyChart::Payoff(c) => plots::svg(c, currency),
            AnyChart::MetricValue(c) => plots::svg(c, currency),
            AnyChart::Tornado(c) => plots::svg(c, currency),
            AnyChart::GainDistribution(c) => plots::svg(c, currency),
            AnyChart::WinnersCurse(c) => plots::svg(c, currency),
            AnyChart::Learning(c) => plots::svg(c, currency),
        }
    }

    /// Draws the chart into `DIR/STEM.png` and `DIR/STEM.svg`, each written atomically;
    /// returns their paths and the SVG text.
    pub fn write_into(&self, dir: &Path, currency: &str) -> Result<(Vec<PathBuf>, String)> {
        let svg = self.svg(currency)?;
        let files = plots::write_drawn(dir, self.stem, &self.png(currency)?, &svg)?;
        Ok((files, svg))
    }

    /// The chart as PNG bytes.
    pub fn png(&self, currency: &str) -> Result<Vec<u8>> {
        match &self.chart {
            AnyChart::Trials(c) => plots::png(c, currency),
            AnyChart::Frontier(c) => plots::png(c, currency),
            AnyChart::Threshold(c) => plots::png(c, currency),
            AnyChart::Capacity(c) => plots::png(c, currency),
            AnyChart::Payoff(c) => plots::png(c, currency),
            AnyChart::MetricValue(c) => plots::png(c, currency),
            AnyChart::Tornado(c) => plots::png(c, currency),
            AnyChart::GainDistribution(c) => plots::png(c, currency),
            AnyChart::WinnersCurse(c) => plots::png(c, currency),
            AnyChart::Learning(c) => plots::png(c, currency),
        }
    }
}

/// A chart drawn and written, with its SVG kept for inlining into `report.html`.
pub struct Rendered {
    /// File stem under `plots/`.
    pub stem: &'static str,
    /// The chart's title.
    pub title: String,
    /// What it shows.
    pub caption: String,
    /// The SVG document.
    pub svg: String,
}

/// Every chart the run has data for, in reading order: the decision first, the evidence after.
pub fn build(results: &RunResults) -> Vec<Plot> {
    let Some(value) = &results.value else {
        return metric::build(results);
    };
    [
        trials::priced(results, value),
        frontier::frontier(results, value),
        curves::threshold(value),
        curves::capacity(value),
        payoff(results, value),
        metric_value(results, value),
        tornado(value),
        gain_distribution(results, value),
        winners_curse(results, value),
        learning(results),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Draws every chart of the run into `DIR/plots/` (each file written atomically) and returns
/// them with their SVG text.
pub fn write(results: &RunResults, dir: &Path) -> Result<Vec<Rendered>> {
    let currency = match (&results.value, &results.analysis) {
        (Some(value), _) => value.currency.clone(),
        (None, Some(analysis)) => analysis
            .units
            .as_ref()
            .map_or(String::new(), |u| u.unit.clone()),
        (None, None) => String::new(),
    };
    let built = build(results);
    let folder = dir.join(PLOTS_DIR);
    let mut rendered = Vec::new();
    for plot in built {
        if !STEMS.contains(&plot.stem) {
            return Err(Error::internal(format!(
                "chart `{}` is missing from STEMS",
                plot.stem
            )));
        }
        let (_, svg) = plot.write_into(&folder, &currency)?;
        rendered.push(Rendered {
            stem: plot.stem,
            title: plot.title().to_string(),
            caption: plot.caption,
            svg,
        });
    }
    Ok(rendered)
}

/// Removes from `DIR/plots/` the files of the charts a run can draw but `rendered` does not
/// hold: after a re-render, say, a tornado whose swing became too small to draw. Called once the
/// reports that name the charts are written, so a failure before leaves the older files whole.
pub fn remove_undrawn(dir: &Path, rendered: &[Rendered]) -> Result<()> {
    let folder = dir.join(PLOTS_DIR);
    for stem in STEMS
        .iter()
        .filter(|stem| rendered.iter().all(|r| r.stem != **stem))
    {
        for extension in ["png", "svg"] {
            let stale = folder.join(format!("{stem}.{extension}"));
            match std::fs::remove_file(&stale) {
                Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
                    return Err(io_error("remove", &stale, err));
                }
                _ => {}
            }
        }
    }
    Ok(())
}

fn subtitle(results: &RunResults) -> String {
    format!(
        "{}: {} test rows",
        results.dataset.name,
        crate::base::format::thousands(results.split.test as f64)
    )
}

fn baseline(value: &ValueResults) -> Option<&ModelValue> {
    value.models.iter().find(|m| m.trial.is_none())
}

fn best(value: &ValueResults) -> Option<&ModelValue> {
    let name = &value.best.as_ref()?.name;
    value.models.iter().find(|m| &m.name == name)
}

fn verdict_kind(results: &RunResults) -> Option<VerdictKind> {
    results.analysis.as_ref()?.verdict.as_ref().map(|v| v.kind)
}

/// Test value per year by outcome for the baseline and the best candidate (binary outcomes).
fn payoff(results: &RunResults, value: &ValueResults) -> Option<Plot> {
    if value.kind != ValueKind::Outcomes {
        return None;
    }
    let base = baseline(value)?;
    let best = best(value)?;
    let (b, c) = (base.outcomes?, best.outcomes?);
    let interval = |o: &crate::value::schema::OutcomeValues, slot: usize| {
        o.intervals.map(|ends| (ends[slot][0], ends[slot][1]))
    };
    let positive = results
        .target
        .positive_class
        .as_deref()
        .unwrap_or("positive");
    let outcomes = vec![
        Outcome {
            name: format!("Found {positive} (true positives)"),
            baseline: b.true_positives,
            candidate: c.true_positives,
            baseline_interval: interval(&b, 0),
            candidate_interval: interval(&c, 0),
        },
        Outcome {
            name: "False alarms (false positives)".to_string(),
            baseline: b.false_positives,
            candidate: c.false_positives,
            baseline_interval: interval(&b, 1),
            candidate_interval: interval(&c, 1),
        },
        Outcome {
            name: format!("Missed {positive} (false negatives)"),
            baseline: b.false_negatives,
            candidate: c.false_negatives,
            baseline_interval: interval(&b, 2),
            candidate_interval: interval(&c, 2),
        },
        Outcome {
            name: "Correctly left alone (true negatives)".to_string(),
            baseline: b.true_negatives,
            candidate: c.true_negatives,
            baseline_interval: interval(&b, 3),
            candidate_interval: interval(&c, 3),
        },
    ]
    .into_iter()
    // An outcome the [value] section prices at 0 is an empty row with "0" labels: leave it out.
    .filter(|o| o.baseline != 0.0 || o.candidate != 0.0)
    .collect::<Vec<_>>();
    if outcomes.is_empty() {
        return None;
    }
    Some(Plot {
        stem: "payoff",
        caption: format!(
            "Where the value comes from: each outcome's payoffs per year on test rows, at each \
             model's chosen threshold (outcomes priced at 0 are left out){}.",
            if b.intervals.is_some() && c.intervals.is_some() {
                "; the whiskers, each one's 90% interval over resamples of the test rows, with \
                 the decisions as made"
            } else {
                ""
            }
        ),
        chart: AnyChart::Payoff(PayoffChart {
            title: "Value per year by outcome".to_string(),
            subtitle: subtitle(results),
            baseline_name: "baseline".to_string(),
            candidate_name: best.name.clone(),
            outcomes,
            axis_label: "Value per year; costs are negative".to_string(),
        }),
    })
}

/// How the priced metric turns into value (metric-based values). The map is drawn through the
/// models themselves, so it needs no config: every model sits on it by construction.
fn metric_value(results: &RunResults, value: &ValueResults) -> Option<Plot> {
    if value.kind != ValueKind::Metric {
        return None;
    }
    let metric = value.metric.as_deref()?;
    let result = |m: &ModelValue| results.models.iter().find(|r| r.name == m.name);
    let at = |m: &ModelValue| -> Option<(f64, f64)> {
        Some((result(m)?.test.get(metric)?, m.test_per_year))
    };
    let mut curve: Vec<(f64, f64)> = value.models.iter().filter_map(at).collect();
    curve.sort_by(|a, b| a.0.total_cmp(&b.0));
    curve.dedup_by(|a, b| a.0 == b.0);
    let point = |m: Option<&ModelValue>, label: String| {
        let m = m?;
        let (metric_at, value_at) = at(m)?;
        let metric_interval = result(m)?
            .test_intervals
            .iter()
            .find(|interval| interval.metric == metric)
            .map(|interval| (interval.low, interval.high));
        Some(MetricPoint {
            metric: metric_at,
            value: value_at,
            label,
            metric_interval,
            value_interval: m.test_per_year_interval.map(|i| (i.low, i.high)),
        })
    };
    let best = best(value);
    let baseline = point(baseline(value), "baseline".to_string());
    let candidate = point(best, best.map_or(String::new(), |m| m.name.clone()));
    let whiskers = [&baseline, &candidate]
        .into_iter()
        .flatten()
        .any(|p| p.metric_interval.is_some() || p.value_interval.is_some());
    Some(Plot {
        stem: "metric_value",
        caption: format!(
            "The value per year each model's test {metric} is worth under the [value] section; \
             the line joins the models.{}",
            if whiskers {
                " The whiskers through the baseline and the best candidate are their 90% \
                 intervals over resamples of the test rows: across, the test metric's; up and \
                 down, the value per year's."
            } else {
                ""
            }
        ),
        chart: AnyChart::MetricValue(MetricValueChart {
            title: format!("Value per year against test {metric}"),
            subtitle: subtitle(results),
            metric: format!("{metric} on test rows"),
            curve,
            baseline,
            candidate,
        }),
    })
}

/// The best candidate's resampled difference to the baseline, 0 and the interval marked.
fn gain_distribution(results: &RunResults, value: &ValueResults) -> Option<Plot> {
    let gains = value.gain_distribution.as_ref()?;
    if gains.counts.is_empty() {
        return None;
    }
    let d = gains.difference;
    let what = if gains.drawn {
        "the test rows and the business numbers given as distributions"
    } else {
        "the test rows"
    };
    Some(Plot {
        stem: "gain_distribution",
        caption: format!(
            "The best candidate ({})'s net value minus the baseline's in each of {} bootstrap \
             resamples, each drawing {what}: a gain in {:.0}% of them, the 90% interval from {} \
             to {} (dashed). Bars right of the black line at 0 are gains.",
            gains.name,
            crate::base::format::thousands(d.resamples as f64),
            100.0 * d.p_positive,
            crate::base::format::signed_money(d.low, &value.currency),
            crate::base::format::signed_money(d.high, &value.currency),
        ),
        chart: AnyChart::GainDistribution(GainDistributionChart {
            title: "How sure is the gain over the baseline?".to_string(),
            subtitle: format!("{}, best candidate {}", subtitle(results), gains.name),
            edges: gains.edges.clone(),
            counts: gains.counts.clone(),
            observed: d.mean,
            low: d.low,
            high: d.high,
        }),
    })
}

/// How each uncertain number moves the best candidate's difference to the baseline.
fn tornado(value: &ValueResults) -> Option<Plot> {
    // A swing too small to read is said in words (`value_summary`), not drawn on an axis
    // stretched to fit it.
    if value.sensitivity.is_empty() || !crate::report::value_summary::ranges_move_difference(value)
    {
        return None;
    }
    let best = value.best.as_ref()?;
    let mid = value.scenarios.iter().find(|s| s.scenario == Scenario::Mid);
    let centre = mid.map_or(best.difference.mean, |s| s.difference);
    let ends = |summary: Option<&BootstrapSummary>| summary.map(|s| (s.low, s.high));
    let bars = value
        .sensitivity
        .iter()
        .map(|s| TornadoBar {
            parameter: parameter_words(&s.parameter),
            range: format!(
                "{} to {}",
                crate::base::format::parameter(s.low),
                crate::base::format::parameter(s.high)
            ),
            at_low: s.difference_at_low,
            at_high: s.difference_at_high,
            low_interval: ends(s.difference_at_low_interval.as_ref()),
            high_interval: ends(s.difference_at_high_interval.as_ref()),
        })
        .collect();
    let information = value
        .information
        .as_ref()
        .map(|information| {
            format!(
                " {}",
                crate::report::value_summary::information_sentence(
                    &best.name,
                    information,
                    &crate::report::value_summary::undrawn_ranges(value),
                    &value.currency
                )
            )
        })
        .unwrap_or_default();
    let whiskers = if value
        .sensitivity
        .iter()
        .any(|s| s.difference_at_low_interval.is_some())
    {
        " The whiskers are each end's 90% interval over resamples of the test rows, every number \
         at those values, each in its end's colour: the low end's above the bar, the high end's \
         below it."
    } else {
        ""
    };
    Some(Plot {
        stem: "tornado",
        caption: format!(
            "The best candidate ({})'s difference to the baseline as each uncertain number of the \
             [value] section moves from its low to its high end (a distribution's 5th and 95th \
             percentiles, or the ends of a uniform or triangular), every other number at its \
             central value. The widest bar moves the answer most.{whiskers}{information}",
            best.name
        ),
        chart: AnyChart::Tornado(TornadoChart {
            title: "What moves the difference to the baseline".to_string(),
            subtitle: format!("best candidate {}", best.name),
            centre,
            centre_interval: ends(mid.and_then(|s| s.difference_interval.as_ref())),
            bars,
        }),
    })
}

/// Validation against test net value of the best model so far (the winner's curse).
fn winners_curse(results: &RunResults, value: &ValueResults) -> Option<Plot> {
    let analysis = results.analysis.as_ref()?;
    if analysis.sweep.winners_curse.is_empty() {
        return None;
    }
    // Against the baseline on the same rows, for the reason the trials chart gives.
    let base = baseline(value)?;
    let points = |pick: fn(&crate::analysis::BestSoFar) -> f64, base: f64| {
        analysis
            .sweep
            .winners_curse
            .iter()
            .map(|b| (b.trials as f64, pick(b) - base))
            .collect()
    };
    // The sweep's trials in the order the analysis read them (`run_summary::analyze`), so a
    // best-so-far's trial number finds its paired interval.
    let intervals: Vec<Option<(f64, f64)>> = value
        .models
        .iter()
        .filter(|m| m.is_sweep_trial())
        .map(|m| m.difference.map(|d| (d.low, d.high)))
        .collect();
    let test_band = best_so_far_band(&analysis.sweep.winners_curse, &intervals, base.net_value);
    Some(Plot {
        stem: "winners_curse",
        caption: format!(
            "Gain over the baseline of the best-by-validation candidate so far, on validation \
             rows (what selection saw) and on test rows (what it earns){}. A gap that grows with \
             the trials is the price of picking the luckiest of many.",
            band_caption(&test_band)
        ),
        chart: AnyChart::WinnersCurse(WinnersCurseChart {
            title: "Validation and test value of the best so far".to_string(),
            subtitle: subtitle(results),
            validation: points(|b| b.validation, base.validation_net_value),
            test: points(|b| b.test, base.net_value),
            test_band,
            axis_label: "Gain over the baseline".to_string(),
        }),
    })
}

/// The 90% band of the best-so-far trial's test gain over the baseline after each trial: each
/// of `best`'s trials (1-based in the sweep's order) looked up in `intervals`, its paired
/// interval in the sweep's order, `base` taken off the chosen trial's value as the line does.
/// Empty when any best trial has no interval (a run written before the intervals were kept),
/// so no band has holes.
pub(super) fn best_so_far_band(
    best: &[crate::analysis::BestSoFar],
    intervals: &[Option<(f64, f64)>],
    base: f64,
) -> Vec<BandPoint> {
    best.iter()
        .map(|b| {
            let (low, high) = (*intervals.get(b.best.checked_sub(1)?)?)?;
            Some(BandPoint {
                x: b.trials as f64,
                value: b.test - base,
                low,
                high,
            })
        })
        .collect::<Option<Vec<_>>>()
        .unwrap_or_default()
}

/// What the winner's-curse caption says of the band around the test line, if it has one.
pub(super) fn band_caption(band: &[BandPoint]) -> &'static str {
    if band.is_empty() {
        ""
    } else {
        ", the test line shaded with its 90% interval over resamples of the test rows, paired \
         with the baseline: a gap wider than the shading is more than the test rows' noise"
    }
}

/// The learning curve's points (training rows, gain over the full baseline with its 90%
/// interval), priced or in metric units; `None` under two points.
pub(super) fn learning_points(
    analysis: &crate::analysis::run_summary::RunAnalysis,
) -> Option<Vec<BandPoint>> {
    let learning = analysis.learning.as_ref()?;
    if learning.points.len() < 2 {
        return None;
    }
    let points = learning
        .points
        .iter()
        .map(|p| match &p.difference {
            Some(d) => summary_at(p.rows as f64, d),
            // The full baseline is its own reference: 0, with no width.
            None => BandPoint {
                x: p.rows as f64,
                value: 0.0,
                low: 0.0,
                high: 0.0,
            },
        })
        .collect();
    Some(points)
}

/// A bootstrap summary drawn at `x`: its mean with its 90% interval.
fn summary_at(x: f64, summary: &BootstrapSummary) -> BandPoint {
    BandPoint {
        x,
        value: summary.mean,
        low: summary.low,
        high: summary.high,
    }
}

/// The doublings the learning sentence tells, as labels beside their segments.
pub(super) fn learning_steps(learning: &crate::analysis::learning::LearningCurve) -> Vec<StepNote> {
    use crate::analysis::learning::TOLD_DOUBLINGS;
    TOLD_DOUBLINGS
        .iter()
        .filter_map(|&to| {
            let doubling = learning.doubling_to(to)?;
            Some(StepNote {
                from: doubling.from_rows as f64,
                step: summary_at(doubling.to_rows as f64, &doubling.added),
            })
        })
        .collect()
}

/// What the learning chart's caption says of its step labels, if it has any.
pub(super) fn steps_caption(steps: &[StepNote]) -> &'static str {
    if steps.is_empty() {
        ""
    } else {
        " Beside a segment, what that doubling of the rows added, with its own 90% interval: \
         narrower than the two bars suggest, as both ends are measured on the same test rows."
    }
}

/// Value against training rows (more data or more tuning): the baseline retrained on shares of
/// the training rows, as the gain over the full baseline with its 90% interval.
fn learning(results: &RunResults) -> Option<Plot> {
    let analysis = results.analysis.as_ref()?;
    let (learning, points) = (analysis.learning.as_ref()?, learning_points(analysis)?);
    let steps = learning_steps(learning);
    Some(Plot {
        stem: "learning",
        caption: format!(
            "The baseline retrained on {} of the training rows: its net value against the full \
             baseline's (90% interval). A curve still rising at the right says more data would \
             pay; a flat one says it would not.{} {}",
            crate::analysis::learning::fractions_in_words(),
            steps_caption(&steps),
            learning.sentence
        ),
        chart: AnyChart::Learning(LearningChart {
            title: "Gain over the baseline trained on all rows, by training rows".to_string(),
            subtitle: subtitle(results),
            points,
            log_rows: true,
            // Each point is a difference to the full baseline, not a net value (until
            // 2026-12-06 the axis and legend read "Net value" under a title saying "Gain").
            value_label: metric::GAIN_AXIS.to_string(),
            steps,
        }),
    })
}

/// A `[value]` key in plain words for chart labels.
fn parameter_words(key: &str) -> String {
    if let Some(outcome) = crate::value::config::factor_outcome(key) {
        let words = parameter_words(outcome);
        let mut letters = words.chars();
        let lowered: String = match letters.next() {
            Some(first) => first.to_lowercase().chain(letters).collect(),
            None => words,
        };
        return format!("Factor on the {lowered}");
    }
    match key {
        "decisions_per_year" => "Decisions a year",
        "horizon_years" => "Years in use",
        "core_hour" => "Price of a core-hour",
        "trial_cost" => "Cost of a trial",
        "tp" => "Payoff of a true positive",
        "fp" => "Payoff of a false alarm",
        "fn" => "Payoff of a miss",
        "tn" => "Payoff of a true negative",
        "per_point" => "Value of a metric point",
        "per_abs_error" => "Value of a unit of error",
        "per_squared_error" => "Value of a squared unit of error",
        other => other,
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    /// The band follows the best so far: each step takes the interval of the trial chosen
    /// then; a best trial without an interval leaves no band at all, not one with a hole.
    #[test]
    fn the_winners_curse_band_is_the_best_so_far_trials_interval() {
        use crate::analysis::{best_so_far, Trial};
        let trials = [(1.0, 0.9), (0.5, 0.4), (2.0, 1.5)]
            .map(|(validation, test)| Trial { validation, test });
        let best = best_so_far(&trials);
        let intervals = [Some((0.5, 1.3)), None, Some((1.0, 2.0))];
        let band = super::best_so_far_band(&best, &intervals, 0.25);
        let steps: Vec<(f64, f64, f64, f64)> =
            band.iter().map(|p| (p.x, p.value, p.low, p.high)).collect();
        assert_eq!(
            steps,
            [
                (1.0, 0.65, 0.5, 1.3),
                (2.0, 0.65, 0.5, 1.3),
                (3.0, 1.25, 1.0, 2.0)
            ]
        );
        assert!(super::best_so_far_band(&best, &[Some((0.5, 1.3)), None, None], 0.0).is_empty());
        assert_eq!(super::band_caption(&[]), "");
    }

    /// Every number a `[value]` section may give as a range has a name in plain words on the
    /// tornado, not its key (a regression run's bar read "per_abs_error" under "Years in use").
    #[test]
    fn every_value_key_a_range_may_take_reads_in_plain_words() {
        for key in [
            "decisions_per_year",
            "horizon_years",
            "core_hour",
            "trial_cost",
            "tp",
            "fp",
            "fn",
            "tn",
            "per_point",
            "per_abs_error",
            "per_squared_error",
            "fn.times",
        ] {
            let words = super::parameter_words(key);
            assert_ne!(words, key);
            assert!(!words.contains('_'), "{words}");
        }
    }
}
