//! Whiskers: every 90% interval a chart draws through a point, capped at both ends, and the
//! axes reaching their ends.

use super::super::frontier::WHISKER;
use super::fixtures::{frontier_chart, metric_chart};
use super::{check, svg, svg_text};
use crate::report::plots::Chart;

/// The lines of `chart`'s SVG drawn in `colour`: three a whisker (its line and two caps).
fn lines_in<C: Chart>(chart: &C, colour: plotters::style::RGBColor) -> usize {
    let ink = format!(
        "stroke=\"#{:02X}{:02X}{:02X}\"",
        colour.0, colour.1, colour.2
    );
    svg(chart, "EUR")
        .unwrap()
        .split("<polyline")
        .skip(1)
        .filter(|line| line.split('>').next().unwrap().contains(&ink))
        .count()
}

/// The lines of `chart`'s SVG drawn in the whiskers' colour.
fn polylines<C: Chart>(chart: &C) -> usize {
    lines_in(chart, WHISKER)
}

/// Each model with an interval gets a vertical whisker (a line and two caps) through its
/// marker, and the axis reaches its ends; a model without one (the baseline, a trial of a run
/// folder written before the intervals were kept) or with an end not a number gets none.
#[test]
fn the_frontier_draws_each_interval_as_a_whisker() {
    let chart = frontier_chart();
    let mut bare = chart.clone();
    for point in &mut bare.trials {
        point.interval = None;
    }
    if let Some(point) = bare.recommended.as_mut() {
        point.interval = None;
    }
    // 30 trials, every seventh without (5), and the recommendation.
    assert_eq!(chart.whiskers().len(), 25 + 1);
    assert_eq!(polylines(&chart) - polylines(&bare), 3 * 26);
    // Once each, though the recommendation is also a trial.
    let mut twice = chart.clone();
    twice
        .trials
        .push(twice.recommended.as_ref().unwrap().point());
    assert_eq!(polylines(&twice), polylines(&chart));
    let mut broken = chart.clone();
    broken.trials[1].interval = Some((f64::NAN, 1.0));
    assert_eq!(broken.whiskers().len(), 25);
    assert_eq!(polylines(&broken), polylines(&chart) - 3);
    // The axis reaches the lowest whisker's end, under every model's value.
    let mut deep = chart.clone();
    deep.trials[1].interval = Some((-9_000.0, 2_000.0));
    let text = svg_text(&svg(&deep, "EUR").unwrap());
    assert!(
        text.contains("-8,000") || text.contains("-10,000"),
        "{text}"
    );
    check(&deep);
}

/// The baseline and the best candidate on a metric-based value's chart carry their intervals:
/// across, the test metric's; up and down, the value per year's. A missing interval, or one with
/// an end not a number, draws none, and the axes reach every end drawn.
#[test]
fn the_metric_value_chart_draws_both_intervals_of_each_model() {
    let chart = metric_chart();
    let mut bare = chart.clone();
    for point in [&mut bare.baseline, &mut bare.candidate]
        .into_iter()
        .flatten()
    {
        point.metric_interval = None;
        point.value_interval = None;
    }
    // The baseline's value interval, the candidate's two.
    assert_eq!(polylines(&chart) - polylines(&bare), 3 * 3);
    let mut broken = chart.clone();
    broken.candidate.as_mut().unwrap().metric_interval = Some((0.78, f64::NAN));
    assert_eq!(polylines(&broken), polylines(&chart) - 3);
    check(&broken);
    let mut wide = chart.clone();
    wide.baseline.as_mut().unwrap().value_interval = Some((-30_000.0, 9_000.0));
    wide.candidate.as_mut().unwrap().metric_interval = Some((0.70, 0.97));
    let text = svg_text(&svg(&wide, "EUR").unwrap());
    assert!(
        text.contains("-30,000") || text.contains("-40,000"),
        "{text}"
    );
    assert!(text.contains("0.95") || text.contains("1.00"), "{text}");
    check(&wide);
}

/// The tornado's bar ends carry their intervals, each a whisker in its end's colour (the low
/// end's above its bar, the high end's below), and the centre line's label its own; the axis
/// reaches every end drawn, and a bar without intervals (a run folder written before they were
/// kept) draws none.
#[test]
fn the_tornado_draws_each_ends_interval_and_labels_the_centres() {
    use crate::report::plots::canvas::colour::{BLUE, SKY};
    let bare = super::tornado_chart();
    let mut chart = bare.clone();
    chart.centre_interval = Some((1_000.0, 7_000.0));
    for bar in &mut chart.bars[..2] {
        bar.low_interval = Some((bar.at_low - 3_000.0, bar.at_low + 3_000.0));
        bar.high_interval = Some((bar.at_high - 3_000.0, bar.at_high + 3_000.0));
    }
    assert_eq!(lines_in(&chart, SKY) - lines_in(&bare, SKY), 3 * 2);
    assert_eq!(lines_in(&chart, BLUE) - lines_in(&bare, BLUE), 3 * 2);
    // The first bar's low end's whisker lies above its high end's, the bar between them.
    let heights = |colour: plotters::style::RGBColor| -> Vec<f64> {
        let stroke = format!(
            "stroke=\"#{:02X}{:02X}{:02X}\"",
            colour.0, colour.1, colour.2
        );
        svg(&chart, "EUR")
            .unwrap()
            .split("<polyline")
            .skip(1)
            .filter(|line| line.split('>').next().unwrap().contains(&stroke))
            .filter_map(|line| {
                let points = line.split("points=\"").nth(1)?.split('"').next()?;
                let ys: Vec<f64> = points
                    .split_whitespace()
                    .filter_map(|p| p.split(',').nth(1)?.parse().ok())
                    .collect();
                // A whisker's own line is level: both its ends at one height.
                (ys.len() == 2 && ys[0] == ys[1]).then_some(ys[0])
            })
            .collect()
    };
    let (low_ends, high_ends) = (heights(SKY), heights(BLUE));
    assert!(!low_ends.is_empty() && !high_ends.is_empty());
    assert!(low_ends[0] < high_ends[0], "{low_ends:?} {high_ends:?}");
    let text = svg_text(&svg(&chart, "EUR").unwrap());
    assert!(
        text.contains("all at central values: 4,000 EUR (90% interval +1,000 to +7,000 EUR)"),
        "{text}"
    );
    // The widest whisker, 11,000 + 3,000, is on the axis.
    assert!(text.contains("14,000") || text.contains("15,000"), "{text}");
    check(&chart);
    let mut broken = chart.clone();
    broken.bars[0].low_interval = Some((f64::NAN, 1.0));
    assert_eq!(lines_in(&broken, SKY), lines_in(&chart, SKY) - 3);
    assert_eq!(lines_in(&broken, BLUE), lines_in(&chart, BLUE));
    check(&broken);
}
