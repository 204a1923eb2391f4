//! Learning curve: would more training rows (rather than more tuning) pay?

use plotters::prelude::*;

use super::canvas::{
    self, colour, Align, AxisSpec, Canvas, Render, Scale, Shape, Swatch, Valign, LABEL,
};
use super::{clean_band, or_default, BandPoint, Chart};
use crate::base::error::Result;
use crate::base::format::{interval, signed_money};

/// Value against the number of training rows, with an interval at each size.
#[derive(Debug, Clone, Default)]
pub struct LearningChart {
    /// Plain-word title.
    pub title: String,
    /// One line under the title; empty for none.
    pub subtitle: String,
    /// x is the number of training rows; value with its interval (low, high).
    pub points: Vec<BandPoint>,
    /// Log-scaled rows axis, for sizes spread over decades.
    pub log_rows: bool,
    /// What a point's value is, for the legend and the axis title (without the unit); empty for
    /// the default, "Net value".
    pub value_label: String,
    /// Steps between two points labelled beside their segment, with their own interval.
    pub steps: Vec<StepNote>,
}

/// What going from the point at `from` training rows to the one at `step.x` added, with its own
/// paired 90% interval, which is narrower than the two points' bars suggest: both points are
/// measured on the same test rows.
#[derive(Debug, Clone, PartialEq)]
pub struct StepNote {
    /// Training rows the step starts from.
    pub from: f64,
    /// `x`: training rows the step goes to; what it added with its interval.
    pub step: BandPoint,
}

impl StepNote {
    /// The label; its unit is the axis's, its interval the legend's: "+120 (-40 to +250)".
    fn text(&self) -> String {
        format!(
            "{} ({})",
            signed_money(self.step.value, ""),
            interval(self.step.low, self.step.high, "")
        )
    }
}

impl Chart for LearningChart {
    fn title(&self) -> &str {
        &self.title
    }
}

impl Render for LearningChart {
    fn render<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> Result<()> {
        let mut points = clean_band(&self.points);
        if self.log_rows {
            points.retain(|p| p.x > 0.0);
        }
        let mut legend = vec![(
            or_default(&self.value_label, "Net value"),
            Swatch::Marker(colour::BLUE, Shape::Circle),
        )];
        if points.iter().any(|p| p.high > p.low) {
            legend.push(("90% interval".to_string(), Swatch::Line(colour::SKY)));
        }
        let top = canvas.header(&self.title, Some(self.subtitle.as_str()), &legend)?;
        let xs: Vec<f64> = points.iter().map(|p| p.x).collect();
        let ys: Vec<f64> = points
            .iter()
            .flat_map(|p| [p.low, p.value, p.high])
            .collect();
        let (scale, zero) = if self.log_rows {
            (Scale::Log, false)
        } else {
            (Scale::Linear, true)
        };
        let frame = canvas::xy_frame(
            canvas,
            top,
            AxisSpec {
                values: &xs,
                scale,
                zero,
                title: "Training rows".to_string(),
                ticks_at: &xs,
            },
            AxisSpec {
                values: &ys,
                scale: Scale::Linear,
                zero: true,
                title: canvas.money_title(&or_default(&self.value_label, "Net value")),
                ticks_at: &[],
            },
        )?;
        if points.is_empty() {
            canvas::no_data(canvas, &frame)?;
        }
        let line: Vec<(f64, f64)> = points.iter().map(|p| frame.at(p.x, p.value)).collect();
        canvas.line(&line, colour::BLUE.mix(0.7), 2.5)?;
        let mut taken = Vec::new();
        canvas::trace(&line, &mut taken);
        canvas::keep_clear(&line, 12.0, &mut taken);
        for p in &points {
            let (x, lo, hi) = (frame.x_px(p.x), frame.y_px(p.low), frame.y_px(p.high));
            if hi < lo {
                canvas.line(&[(x, lo), (x, hi)], colour::SKY.to_rgba(), 3.5)?;
                for y in [lo, hi] {
                    canvas.line(&[(x - 9.0, y), (x + 9.0, y)], colour::SKY.to_rgba(), 3.5)?;
                    canvas::trace(&[(x - 9.0, y), (x + 9.0, y)], &mut taken);
                }
                canvas::trace(&[(x, lo), (x, hi)], &mut taken);
            }
            canvas.marker(
                (x, frame.y_px(p.value)),
                Shape::Circle,
                14.0,
                colour::BLUE.to_rgba(),
            )?;
        }
        // Each step above or below the middle of its segment, where both of its points are drawn.
        let drawn_at = |x: f64| {
            points
                .iter()
                .find(|p| (p.x - x).abs() <= 1e-9 * x.abs().max(1.0))
                .map(|p| frame.at(p.x, p.value))
        };
        for note in &self.steps {
            if let (Some(from), Some(to)) = (drawn_at(note.from), drawn_at(note.step.x)) {
                let (x, y) = ((from.0 + to.0) / 2.0, (from.1 + to.1) / 2.0);
                let spots: Vec<_> = [12.0, 36.0, 60.0, 90.0, 120.0]
                    .iter()
                    .flat_map(|&gap| {
                        [
                            ((x, y - gap), Align::Centre, Valign::Bottom),
                            ((x, y + gap), Align::Centre, Valign::Top),
                        ]
                    })
                    .collect();
                canvas.label_at(
                    &note.text(),
                    &spots,
                    LABEL,
                    canvas::ink(colour::BLUE),
                    frame.area,
                    &mut taken,
                )?;
            }
        }
        Ok(())
    }
}
