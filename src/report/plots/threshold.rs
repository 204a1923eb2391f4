//! Value against the decision threshold, for the baseline and the best candidate.

use plotters::prelude::*;

use super::canvas::{
    self, colour, Align, AxisSpec, Canvas, Render, Scale, Shape, Swatch, Valign, NOTE,
};
use super::usable;
use super::{clean_band, clean_points, or_default, BandPoint, Chart};
use crate::base::error::Result;
use crate::base::format::number as format_number;

/// Two value-by-threshold curves, each with its chosen threshold marked.
#[derive(Debug, Clone, Default)]
pub struct ThresholdChart {
    /// Plain-word title.
    pub title: String,
    /// One line under the title; empty for none.
    pub subtitle: String,
    /// The baseline model's curve.
    pub baseline: ThresholdCurve,
    /// The best candidate's curve.
    pub candidate: ThresholdCurve,
    /// The money axis' title without the unit; empty for the default, "Net value".
    pub axis_label: String,
    /// Rules of thumb drawn as flat dashed lines: a rule earns the same at every threshold.
    pub references: Vec<ReferenceLine>,
}

/// A rule that needs no model, e.g. "act on every case", and its value.
#[derive(Debug, Clone, Default)]
pub struct ReferenceLine {
    /// Its label on the chart.
    pub name: String,
    /// Its value, in the units of the curves.
    pub value: f64,
}

/// Value at each decision threshold for one model.
#[derive(Debug, Clone, Default)]
pub struct ThresholdCurve {
    /// The model's name in the legend, e.g. "Baseline" or "trial-0017".
    pub name: String,
    /// (threshold in 0..1, value) pairs.
    pub points: Vec<(f64, f64)>,
    /// The threshold the model will use, marked on its curve.
    pub chosen: Option<f64>,
    /// Each point's interval, drawn as a light area behind the curve; empty for none (a run
    /// folder written before the curves had one).
    pub band: Vec<BandPoint>,
}

/// Opacity of a curve's band: light enough that the two models' bands overlapping still show
/// both curves and each other.
pub(super) const CURVE_BAND: f64 = 0.16;

impl Chart for ThresholdChart {
    fn title(&self) -> &str {
        &self.title
    }
}

/// The curve's value at `x`, by straight lines between neighbours; `None` outside the curve.
fn value_at(points: &[(f64, f64)], x: f64) -> Option<f64> {
    if points.len() == 1 {
        return ((points[0].0 - x).abs() < 1e-9).then_some(points[0].1);
    }
    points.windows(2).find_map(|w| {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        if x < x0 || x > x1 {
            return None;
        }
        if x1 - x0 <= f64::EPSILON {
            return Some(y0.max(y1));
        }
        Some(y0 + (y1 - y0) * (x - x0) / (x1 - x0))
    })
}

impl Render for ThresholdChart {
    fn render<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> Result<()> {
        let curves = [
            (
                &self.baseline,
                clean_points(&self.baseline.points),
                colour::ORANGE,
                Shape::Square,
            ),
            (
                &self.candidate,
                clean_points(&self.candidate.points),
                colour::BLUE,
                Shape::Diamond,
            ),
        ];
        let legend: Vec<(String, Swatch)> = curves
            .iter()
            .filter(|(_, points, _, _)| !points.is_empty())
            .map(|(curve, _, c, _)| {
                let name = match curve.chosen.filter(|t| usable(*t)) {
                    Some(t) => format!("{} (acts above {})", curve.name, format_number(t)),
                    None => curve.name.clone(),
                };
                (name, Swatch::Line(*c))
            })
            .collect();
        let top = canvas.header(&self.title, Some(self.subtitle.as_str()), &legend)?;

        let references: Vec<&ReferenceLine> =
            self.references.iter().filter(|r| usable(r.value)).collect();
        let bands = [
            clean_band(&self.baseline.band),
            clean_band(&self.candidate.band),
        ];
        let ys: Vec<f64> = curves
            .iter()
            .flat_map(|(_, points, _, _)| points.iter().map(|p| p.1))
            .chain(bands.iter().flatten().flat_map(|p| [p.low, p.high]))
            .chain(references.iter().map(|r| r.value))
            .collect();
        let frame = canvas::xy_frame(
            canvas,
            top,
            AxisSpec {
                values: &[0.0, 1.0],
                scale: Scale::Exact,
                zero: true,
                title: "Decision threshold (score above which we act)".to_string(),
                ticks_at: &[],
            },
            AxisSpec {
                values: &ys,
                scale: Scale::Linear,
                // A value a year, not a gain: the rules of thumb are its references, not zero.
                zero: canvas::zero_within_reach(&ys),
                title: canvas.money_title(&or_default(&self.axis_label, "Net value")),
                ticks_at: &[],
            },
        )?;

        let mut taken = Vec::new();
        // The rule lines are not traced: their labels sit just off them, on the far side from
        // the other rule, so two close rules each keep their label.
        for reference in &references {
            let line = [
                frame.at(0.0, reference.value),
                frame.at(1.0, reference.value),
            ];
            canvas.dashed(&line, colour::MUTED.mix(0.8), 2.0)?;
        }
        // The bands first, so both curves draw over both bands.
        for (band, (_, _, c, _)) in bands.iter().zip(&curves) {
            canvas::band(canvas, &frame, band, *c, CURVE_BAND)?;
        }
        for (_, points, c, _) in &curves {
            let line: Vec<(f64, f64)> = points.iter().map(|&(x, y)| frame.at(x, y)).collect();
            canvas.line(&line, c.to_rgba(), 3.5)?;
            if line.len() == 1 {
                canvas.marker(line[0], Shape::Circle, 10.0, c.to_rgba())?;
            }
            canvas::trace(&line, &mut taken);
        }
        if curves.iter().all(|(_, points, _, _)| points.is_empty()) {
            canvas::no_data(canvas, &frame)?;
        }
        let mut marks = Vec::new();
        for (curve, points, c, shape) in &curves {
            let Some(chosen) = curve.chosen.filter(|t| usable(*t)) else {
                continue;
            };
            let Some(value) = value_at(points, chosen) else {
                continue;
            };
            let at = frame.at(chosen, value);
            let drop = [(at.0, at.1), (at.0, frame.area.bottom)];
            canvas.dashed(&drop, c.mix(0.9), 2.0)?;
            canvas::trace(&drop, &mut taken);
            canvas.marker(at, *shape, 20.0, c.to_rgba())?;
            canvas::keep_clear(&[at], 12.0, &mut taken);
            marks.push((curve, chosen, at, canvas::ink(*c)));
        }
        // The threshold itself is written at the foot of its drop line, where a reader looks for
        // an x value; the legend says which model acts above it.
        marks.sort_by(|a, b| a.1.total_cmp(&b.1));
        let area = frame.area;
        for (i, (_, chosen, at, c)) in marks.into_iter().enumerate() {
            let foot = area.bottom - 8.0;
            let (first, second) = if i == 0 {
                (Align::Right, Align::Left)
            } else {
                (Align::Left, Align::Right)
            };
            let offset = |align: Align| {
                if matches!(align, Align::Left) {
                    8.0
                } else {
                    -8.0
                }
            };
            let spots = [
                ((at.0 + offset(first), foot), first, Valign::Bottom),
                ((at.0 + offset(second), foot), second, Valign::Bottom),
                ((at.0 + offset(first), foot - 30.0), first, Valign::Bottom),
                ((at.0 + offset(second), foot - 30.0), second, Valign::Bottom),
            ];
            canvas.label_at(&format_number(chosen), &spots, NOTE, c, area, &mut taken)?;
        }
        // Rule labels go on last, so they move off the curves and marks rather than the other way
        // round: the higher rule's label above its line, the lower one's below, at the right end,
        // the left end or the middle, whichever is clear.
        let highest = references
            .iter()
            .map(|r| r.value)
            .fold(f64::NEG_INFINITY, f64::max);
        for reference in &references {
            let y = frame.at(0.0, reference.value).1;
            let (dy, valign) = if reference.value >= highest {
                (-5.0, Valign::Bottom)
            } else {
                (5.0, Valign::Top)
            };
            let area = frame.area;
            let middle = 0.5 * (area.left + area.right);
            // A line on the plot's edge has no room on its own side (the rule to act on no case
            // is often the 0 at the foot, where its label covered the axis' numbers): then the
            // other side.
            let other = match valign {
                Valign::Top => Valign::Bottom,
                _ => Valign::Top,
            };
            let spots = [(dy, valign), (-dy, other)].map(|(dy, valign)| {
                [
                    ((area.right - 8.0, y + dy), Align::Right, valign),
                    ((area.left + 8.0, y + dy), Align::Left, valign),
                    ((middle, y + dy), Align::Centre, valign),
                ]
            });
            canvas.label_at(
                &reference.name,
                spots.as_flattened(),
                NOTE,
                colour::MUTED,
                area,
                &mut taken,
            )?;
        }
        Ok(())
    }
}
