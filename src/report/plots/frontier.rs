//! Gain or net value against model cost: which models give the most value for what they cost?

use plotters::prelude::*;

use super::canvas::{self, colour, AxisSpec, Canvas, Render, Scale, Shape, Swatch, NOTE};
use super::{clean_points, or_default, Chart};
use super::{usable, usable_interval};
use crate::base::error::Result;

/// Half the width a label keeps clear around a model's marker (layout pixels): the marker's
/// white ring reaches 7.5.
const MARKER_ROOM: f64 = 14.0;

/// Every trial as a point with its 90% interval as a vertical whisker, the Pareto frontier
/// through them, baseline and recommendation marked.
#[derive(Debug, Clone, Default)]
pub struct FrontierChart {
    /// Plain-word title.
    pub title: String,
    /// One line under the title; empty for none.
    pub subtitle: String,
    /// What the cost axis counts, without the unit, e.g. "Training and serving cost per year".
    pub cost_label: String,
    /// The cost axis' unit; empty for the money unit of the chart.
    pub cost_unit: String,
    /// The value axis' title without the unit; empty for the default, "Net value".
    pub value_label: String,
    /// Every trial.
    pub trials: Vec<ModelPoint>,
    /// The baseline model, drawn as an orange square.
    pub baseline: Option<NamedPoint>,
    /// The best candidate by validation (shipped or refused by the verdict), a green diamond.
    pub recommended: Option<NamedPoint>,
    /// Models trained elsewhere (`worthit add-model`), no trials of the sweep: drawn as
    /// vermilion squares with their names.
    pub external: Vec<NamedPoint>,
}

/// A model on the chart: its cost, its value and the value's 90% interval, drawn as a vertical
/// whisker through the point.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ModelPoint {
    /// Model cost.
    pub cost: f64,
    /// Net value, or gain over the baseline.
    pub value: f64,
    /// The value's 90% interval as (low, high); `None` where the run keeps none (the baseline
    /// against itself, a run folder written before the intervals were kept): no whisker.
    pub interval: Option<(f64, f64)>,
}

impl From<(f64, f64)> for ModelPoint {
    /// A point at (cost, value) without an interval.
    fn from((cost, value): (f64, f64)) -> ModelPoint {
        ModelPoint {
            cost,
            value,
            interval: None,
        }
    }
}

/// A model on the chart with the name written next to it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NamedPoint {
    /// Model cost.
    pub cost: f64,
    /// Net value, or gain over the baseline.
    pub value: f64,
    /// The value's 90% interval, as [`ModelPoint::interval`].
    pub interval: Option<(f64, f64)>,
    /// The label beside the point, e.g. "baseline" or "recommended: trial-0017".
    pub label: String,
}

impl ModelPoint {
    /// The same point with a label beside it.
    pub fn named(self, label: String) -> NamedPoint {
        NamedPoint {
            cost: self.cost,
            value: self.value,
            interval: self.interval,
            label,
        }
    }
}

impl NamedPoint {
    /// Where it stands, with its interval.
    pub fn point(&self) -> ModelPoint {
        ModelPoint {
            cost: self.cost,
            value: self.value,
            interval: self.interval,
        }
    }
}

impl Chart for FrontierChart {
    fn title(&self) -> &str {
        &self.title
    }
}

/// The points no other point beats on both counts (cheaper or equal and worth more), cheapest
/// first.
pub(super) fn pareto(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut sorted = clean_points(points);
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.total_cmp(&a.1)));
    let mut frontier: Vec<(f64, f64)> = Vec::new();
    for point in sorted {
        if frontier.last().is_none_or(|best| point.1 > best.1) {
            frontier.push(point);
        }
    }
    frontier
}

impl FrontierChart {
    /// The models no other model beats on both counts, cheapest first: the line the chart draws
    /// through them, none when it is one model. The baseline is a model too: when nothing beats
    /// it for its cost, the line starts there.
    pub fn best_for_cost(&self) -> Vec<(f64, f64)> {
        pareto(&self.points())
    }

    /// Every model's (cost, value): the trials, then the named points.
    pub fn points(&self) -> Vec<(f64, f64)> {
        self.models().map(|p| (p.cost, p.value)).collect()
    }

    /// Every model: the trials, then the named points.
    pub fn models(&self) -> impl Iterator<Item = ModelPoint> + '_ {
        let named = self
            .baseline
            .iter()
            .chain(&self.recommended)
            .chain(&self.external)
            .map(NamedPoint::point);
        self.trials.iter().copied().chain(named)
    }

    /// The intervals the chart draws as whiskers: the models' whose ends are both usable, each
    /// once (the recommendation is also a trial, at the same place).
    pub fn whiskers(&self) -> Vec<ModelPoint> {
        let mut whiskers: Vec<ModelPoint> = Vec::new();
        for point in self.models() {
            let drawn = usable(point.cost)
                && usable(point.value)
                && usable_interval(point.interval).is_some();
            if drawn && !whiskers.contains(&point) {
                whiskers.push(point);
            }
        }
        whiskers
    }
}

impl FrontierChart {
    /// The chart with its costs in thousandths, millionths or billionths of their unit when the
    /// dearest model costs under a hundredth of it, and the word for that part: ticks of
    /// "0.000005, 0.000010, ..." were rows of zeros to count (bank marketing's compute costs at
    /// most 0.000045 EUR a model) until 2026-12-06; they now read 5, 10, ... in millionths.
    fn in_readable_units(&self) -> (FrontierChart, Option<&'static str>) {
        let dearest = self
            .models()
            .map(|p| p.cost)
            .filter(|c| c.is_finite())
            .fold(0.0, |m: f64, c| m.max(c.abs()));
        if dearest == 0.0 || dearest >= 0.01 {
            return (self.clone(), None);
        }
        let parts = [
            (1e3, "thousandths"),
            (1e6, "millionths"),
            (1e9, "billionths"),
        ];
        let (factor, word) = parts
            .into_iter()
            .find(|(factor, _)| dearest * factor >= 1.0)
            .unwrap_or(parts[2]);
        let scaled = |p: &NamedPoint| NamedPoint {
            cost: p.cost * factor,
            ..p.clone()
        };
        let chart = FrontierChart {
            trials: self
                .trials
                .iter()
                .map(|p| ModelPoint {
                    cost: p.cost * factor,
                    ..*p
                })
                .collect(),
            baseline: self.baseline.as_ref().map(scaled),
            recommended: self.recommended.as_ref().map(scaled),
            external: self.external.iter().map(scaled).collect(),
            ..self.clone()
        };
        (chart, Some(word))
    }
}

impl Render for FrontierChart {
    fn render<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> Result<()> {
        let (chart, part) = self.in_readable_units();
        chart.draw(canvas, part)
    }
}

impl FrontierChart {
    /// Draws the chart, its cost axis in `part` of its unit when given.
    fn draw<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>, part: Option<&str>) -> Result<()> {
        let trials: Vec<(f64, f64)> = self.trials.iter().map(|p| (p.cost, p.value)).collect();
        let trials = clean_points(&trials);
        let whiskers = self.whiskers();
        let named = |point: &Option<NamedPoint>| {
            point.clone().filter(|p| usable(p.cost) && usable(p.value))
        };
        let baseline = named(&self.baseline);
        let recommended = named(&self.recommended);
        let external: Vec<NamedPoint> = self
            .external
            .iter()
            .filter_map(|p| named(&Some(p.clone())))
            .collect();
        let frontier = self.best_for_cost();

        let mut legend = vec![(
            "Trial".to_string(),
            Swatch::Marker(colour::FAINT, Shape::Circle),
        )];
        if frontier.len() > 1 {
            legend.push((
                "Best value for the cost".to_string(),
                Swatch::Line(colour::BLUE),
            ));
        }
        if baseline.is_some() {
            legend.push((
                "Baseline".to_string(),
                Swatch::Marker(colour::ORANGE, Shape::Square),
            ));
        }
        if recommended.is_some() {
            legend.push((
                "Best candidate by validation".to_string(),
                Swatch::Marker(colour::GREEN, Shape::Diamond),
            ));
        }
        if !external.is_empty() {
            legend.push((
                "Trained elsewhere".to_string(),
                Swatch::Marker(colour::VERMILION, Shape::Square),
            ));
        }
        let extra = baseline.iter().chain(&recommended).chain(&external);
        let xs: Vec<f64> = trials
            .iter()
            .map(|p| p.0)
            .chain(extra.clone().map(|p| p.cost))
            .collect();
        // The axis reaches every whisker's ends.
        let ys: Vec<f64> = trials
            .iter()
            .map(|p| p.1)
            .chain(extra.map(|p| p.value))
            .chain(
                whiskers
                    .iter()
                    .filter_map(|p| p.interval)
                    .flat_map(|(low, high)| [low, high]),
            )
            .collect();
        let cost_label = if self.cost_label.is_empty() {
            "Model cost"
        } else {
            &self.cost_label
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
                title: canvas::unit_title(cost_label, &{
                    let unit = or_default(&self.cost_unit, canvas.currency);
                    match part {
                        Some(part) => format!("{unit}, in {part}"),
                        None => unit.to_string(),
                    }
                }),
                ticks_at: &[],
            },
            &ys,
            &or_default(&self.value_label, "Net value"),
            // Absolute net values, often far from 0 (costs): 0 would squeeze the models together.
            false,
        )?;

        let mut taken = Vec::new();
        for point in &whiskers {
            whisker(canvas, &frame, point, &mut taken)?;
        }
        for &(x, y) in &trials {
            canvas.marker(frame.at(x, y), Shape::Circle, 11.0, colour::FAINT.mix(0.8))?;
        }
        let line: Vec<(f64, f64)> = frontier.iter().map(|&(x, y)| frame.at(x, y)).collect();
        canvas.line(&line, colour::BLUE.to_rgba(), 3.0)?;
        for &point in &line {
            canvas.marker(point, Shape::Circle, 11.0, colour::BLUE.to_rgba())?;
        }
        if frontier.is_empty() {
            canvas::no_data(canvas, &frame)?;
        }
        canvas::trace(&line, &mut taken);
        // Every model's marker with room around it, so the baseline's and the recommendation's
        // labels sit clearly by their own markers, never beside another model's.
        let drawn: Vec<(f64, f64)> = trials.iter().map(|&(x, y)| frame.at(x, y)).collect();
        canvas::keep_clear(&drawn, MARKER_ROOM, &mut taken);
        canvas::keep_clear(&line, MARKER_ROOM, &mut taken);
        let marks: Vec<(Option<NamedPoint>, RGBColor, Shape)> = [
            (baseline, colour::ORANGE, Shape::Square),
            (recommended, colour::GREEN, Shape::Diamond),
        ]
        .into_iter()
        .chain(
            external
                .into_iter()
                .map(|p| (Some(p), colour::VERMILION, Shape::Square)),
        )
        .collect();
        for (point, c, shape) in &marks {
            if let Some(p) = point {
                let at = frame.at(p.cost, p.value);
                canvas.marker(at, *shape, 20.0, c.to_rgba())?;
                canvas::keep_clear(&[at], 13.0, &mut taken);
            }
        }
        for (point, c, _) in &marks {
            if let Some(p) = point {
                let at = frame.at(p.cost, p.value);
                canvas.label_near(&p.label, at, NOTE, canvas::ink(*c), frame.area, &mut taken)?;
            }
        }
        Ok(())
    }
}

/// The colour of every whisker, drawn at 70% opacity.
pub(super) const WHISKER: RGBColor = colour::MUTED;

/// Half the width of a whisker's caps (layout pixels).
const CAP: f64 = 5.0;

/// A model's 90% interval as a vertical line from its low to its high end through its marker,
/// capped at both ends, in grey under every marker; labels keep clear of it.
fn whisker<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    frame: &canvas::Frame,
    point: &ModelPoint,
    taken: &mut Vec<canvas::Rect>,
) -> Result<()> {
    let Some((low, high)) = point.interval else {
        return Ok(());
    };
    let x = frame.x_px(point.cost);
    capped_whisker(canvas, (x, frame.y_px(low)), (x, frame.y_px(high)), taken)
}

/// A whisker from `from` to `to` (layout pixels, level or upright), capped across at both ends,
/// in [`WHISKER`] at 70% opacity; labels keep clear of it.
pub(super) fn capped_whisker<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    from: (f64, f64),
    to: (f64, f64),
    taken: &mut Vec<canvas::Rect>,
) -> Result<()> {
    canvas.whisker(from, to, 2.0 * CAP, WHISKER.mix(0.7))?;
    canvas::trace(&[from, to], taken);
    Ok(())
}
