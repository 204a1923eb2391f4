//! Where the value comes from: payoff by outcome, and how a metric maps to value.

use plotters::prelude::*;

use super::canvas::{
    self, colour, AxisSpec, Canvas, Rect, Render, RowLabel, Scale, Shape, Swatch, NOTE,
};
use super::frontier::capped_whisker;
use super::{clean_points, or_default, Chart};
use super::{usable, usable_interval};
use crate::base::error::Result;
use crate::base::format::money as format_money;

/// Payoff by outcome (true positives, false alarms, ...) for the baseline and a candidate, as
/// grouped horizontal bars.
#[derive(Debug, Clone, Default)]
pub struct PayoffChart {
    /// Plain-word title.
    pub title: String,
    /// One line under the title; empty for none.
    pub subtitle: String,
    /// The baseline's name in the legend.
    pub baseline_name: String,
    /// The candidate's name in the legend.
    pub candidate_name: String,
    /// One row per outcome, top to bottom.
    pub outcomes: Vec<Outcome>,
    /// The money axis' title without the unit; empty for the default, "Amount over the test rows; costs are negative".
    pub axis_label: String,
}

/// The money one kind of outcome brings (positive) or costs (negative) for each model.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outcome {
    /// Plain words, e.g. "Caught fraud (true positives)".
    pub name: String,
    /// Total for the baseline.
    pub baseline: f64,
    /// Total for the candidate.
    pub candidate: f64,
    /// The baseline's 90% interval, drawn as a whisker across its bar's end; `None` for none.
    pub baseline_interval: Option<(f64, f64)>,
    /// The candidate's, the same way.
    pub candidate_interval: Option<(f64, f64)>,
}

/// How a quality metric turns into money: a curve of metric against value, with the baseline
/// and the candidate marked on it.
#[derive(Debug, Clone, Default)]
pub struct MetricValueChart {
    /// Plain-word title.
    pub title: String,
    /// One line under the title; empty for none.
    pub subtitle: String,
    /// The metric's name for the x axis, e.g. "ROC AUC on test rows".
    pub metric: String,
    /// (metric, value) pairs.
    pub curve: Vec<(f64, f64)>,
    /// The baseline on the curve.
    pub baseline: Option<MetricPoint>,
    /// The candidate on the curve.
    pub candidate: Option<MetricPoint>,
}

/// A model placed on the metric-to-value curve.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricPoint {
    /// The model's metric.
    pub metric: f64,
    /// Its value.
    pub value: f64,
    /// The label beside the point.
    pub label: String,
    /// The metric's 90% interval on the test rows, drawn as a level whisker through the point;
    /// `None` for none.
    pub metric_interval: Option<(f64, f64)>,
    /// The value's 90% interval, drawn as an upright whisker through it; `None` for none.
    pub value_interval: Option<(f64, f64)>,
}

impl Chart for PayoffChart {
    fn title(&self) -> &str {
        &self.title
    }
}

impl Chart for MetricValueChart {
    fn title(&self) -> &str {
        &self.title
    }
}

/// Widens a bar chart's values so labels at the bar ends have room: a fifth of the span on each
/// side that has bars.
pub(super) fn with_label_room(values: &[f64]) -> Vec<f64> {
    let lo = values
        .iter()
        .copied()
        .filter(|v| usable(*v))
        .fold(0.0, f64::min);
    let hi = values
        .iter()
        .copied()
        .filter(|v| usable(*v))
        .fold(0.0, f64::max);
    let span = (hi - lo).max(f64::MIN_POSITIVE);
    let mut widened = values.to_vec();
    if hi > 0.0 {
        widened.push(hi + span * 0.22);
    }
    if lo < 0.0 {
        widened.push(lo - span * 0.22);
    }
    widened
}

impl Render for PayoffChart {
    fn render<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> Result<()> {
        let baseline_name = if self.baseline_name.is_empty() {
            "Baseline"
        } else {
            &self.baseline_name
        };
        let candidate_name = if self.candidate_name.is_empty() {
            "Candidate"
        } else {
            &self.candidate_name
        };
        let legend = vec![
            (baseline_name.to_string(), Swatch::Bar(colour::ORANGE)),
            (candidate_name.to_string(), Swatch::Bar(colour::BLUE)),
        ];
        let top = canvas.header(&self.title, Some(self.subtitle.as_str()), &legend)?;
        let rows: Vec<RowLabel> = self
            .outcomes
            .iter()
            .map(|o| (o.name.clone(), None))
            .collect();
        let values: Vec<f64> = self
            .outcomes
            .iter()
            .flat_map(|o| {
                let ends = [o.baseline_interval, o.candidate_interval]
                    .into_iter()
                    .flatten()
                    .flat_map(|(low, high)| [low, high]);
                [o.baseline, o.candidate].into_iter().chain(ends)
            })
            .collect();
        let frame = canvas::rows_frame(
            canvas,
            top,
            &rows,
            AxisSpec {
                values: &with_label_room(&values),
                scale: Scale::Linear,
                zero: true,
                title: canvas.money_title(&or_default(
                    &self.axis_label,
                    "Amount over the test rows; costs are negative",
                )),
                ticks_at: &[],
            },
        )?;
        let count = rows.len() as f64;
        if rows.is_empty() {
            canvas::no_data(canvas, &frame)?;
        }
        let row_height = (frame.area.bottom - frame.area.top) / count.max(1.0);
        let bar = (row_height * 0.34).min(34.0);
        for (i, outcome) in self.outcomes.iter().enumerate() {
            let middle = frame.y_px(count - i as f64 - 0.5);
            for (value, interval, c, centre) in [
                (
                    outcome.baseline,
                    outcome.baseline_interval,
                    colour::ORANGE,
                    middle - bar / 2.0 - 1.0,
                ),
                (
                    outcome.candidate,
                    outcome.candidate_interval,
                    colour::BLUE,
                    middle + bar / 2.0 + 1.0,
                ),
            ] {
                if !usable(value) {
                    canvas::bar_label(canvas, &frame, 0.0, 0.0, centre, "n/a")?;
                    continue;
                }
                let (a, b) = (frame.x_px(0.0), frame.x_px(value));
                canvas.rect(
                    Rect {
                        left: a.min(b),
                        top: centre - bar / 2.0,
                        right: a.max(b).max(a.min(b) + 1.0),
                        bottom: centre + bar / 2.0,
                    },
                    c.to_rgba(),
                )?;
                // The label goes past the whisker's outer end, where the bar's would be.
                let mut outer = value;
                if let Some((low, high)) = usable_interval(interval) {
                    whisker(canvas, &frame, (low, high), centre, bar * 0.6)?;
                    outer = if value >= 0.0 {
                        high.max(value)
                    } else {
                        low.min(value)
                    };
                }
                canvas::bar_label(
                    canvas,
                    &frame,
                    0.0,
                    outer,
                    centre,
                    &format_money(value, canvas.currency),
                )?;
            }
        }
        Ok(())
    }
}

/// A 90% interval across a horizontal bar's end: a line from `low` to `high` at layout height
/// `centre`, capped by ticks `height` tall, in ink.
pub(super) fn whisker<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    frame: &canvas::Frame,
    (low, high): (f64, f64),
    centre: f64,
    height: f64,
) -> Result<()> {
    canvas.whisker(
        (frame.x_px(low), centre),
        (frame.x_px(high), centre),
        height,
        colour::INK.to_rgba(),
    )
}

impl Render for MetricValueChart {
    fn render<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> Result<()> {
        let curve = clean_points(&self.curve);
        let pick =
            |p: &Option<MetricPoint>| p.clone().filter(|p| usable(p.metric) && usable(p.value));
        let marks = [
            (
                pick(&self.baseline),
                colour::ORANGE,
                Shape::Square,
                "Baseline",
            ),
            (
                pick(&self.candidate),
                colour::BLUE,
                Shape::Diamond,
                "Candidate",
            ),
        ];
        let mut legend = vec![(
            "Value at each metric level".to_string(),
            Swatch::Line(colour::MUTED),
        )];
        for (point, c, shape, name) in &marks {
            if point.is_some() {
                legend.push((name.to_string(), Swatch::Marker(*c, *shape)));
            }
        }
        // The axes reach every whisker's ends.
        let placed = || marks.iter().filter_map(|m| m.0.as_ref());
        let ends = |interval: Option<(f64, f64)>| interval.into_iter().flat_map(|(l, h)| [l, h]);
        let xs: Vec<f64> = curve
            .iter()
            .map(|p| p.0)
            .chain(placed().flat_map(|p| {
                std::iter::once(p.metric).chain(ends(usable_interval(p.metric_interval)))
            }))
            .collect();
        let ys: Vec<f64> = curve
            .iter()
            .map(|p| p.1)
            .chain(placed().flat_map(|p| {
                std::iter::once(p.value).chain(ends(usable_interval(p.value_interval)))
            }))
            .collect();
        let metric = if self.metric.is_empty() {
            "Metric"
        } else {
            &self.metric
        };
        let frame = canvas::money_frame(
            canvas,
            &self.title,
            &self.subtitle,
            &legend,
            AxisSpec {
                values: &xs,
                scale: Scale::Linear,
                zero: false,
                title: metric.to_string(),
                ticks_at: &[],
            },
            &ys,
            "Value per year",
            true,
        )?;
        let line: Vec<(f64, f64)> = curve.iter().map(|&(x, y)| frame.at(x, y)).collect();
        canvas.line(&line, colour::MUTED.to_rgba(), 3.0)?;
        let mut taken = Vec::new();
        canvas::trace(&line, &mut taken);
        if xs.is_empty() {
            canvas::no_data(canvas, &frame)?;
        }
        for p in placed() {
            if let Some((low, high)) = usable_interval(p.metric_interval) {
                let y = frame.y_px(p.value);
                capped_whisker(
                    canvas,
                    (frame.x_px(low), y),
                    (frame.x_px(high), y),
                    &mut taken,
                )?;
            }
            if let Some((low, high)) = usable_interval(p.value_interval) {
                let x = frame.x_px(p.metric);
                capped_whisker(
                    canvas,
                    (x, frame.y_px(low)),
                    (x, frame.y_px(high)),
                    &mut taken,
                )?;
            }
        }
        for (point, c, shape, _) in &marks {
            if let Some(p) = point {
                let at = frame.at(p.metric, p.value);
                canvas.marker(at, *shape, 20.0, c.to_rgba())?;
                canvas::keep_clear(&[at], 12.0, &mut taken);
            }
        }
        for (point, c, _, _) in &marks {
            if let Some(p) = point {
                let text = format!("{}: {}", p.label, format_money(p.value, canvas.currency));
                let at = frame.at(p.metric, p.value);
                canvas.label_near(&text, at, NOTE, canvas::ink(*c), frame.area, &mut taken)?;
            }
        }
        Ok(())
    }
}
