//! Value against capacity, for the baseline and the best candidate, with the capacity the team
//! has marked: how much one more analyst (or call, or review) would be worth.

use plotters::prelude::*;

use super::canvas::{self, colour, Align, AxisSpec, Canvas, Render, Scale, Swatch, Valign, NOTE};
use super::threshold::CURVE_BAND;
use super::usable;
use super::{clean_band, clean_points, BandPoint, Chart};
use crate::base::error::Result;
use crate::base::format::thousands;

/// Two value-by-capacity curves and the configured capacity.
#[derive(Debug, Clone, Default)]
pub struct CapacityChart {
    /// Plain-word title.
    pub title: String,
    /// One line under the title; empty for none.
    pub subtitle: String,
    /// The baseline's curve.
    pub baseline: CapacityCurve,
    /// The best candidate's curve.
    pub candidate: CapacityCurve,
    /// The capacity the team has, marked by a vertical line.
    pub capacity: Option<f64>,
}

/// One model's value against capacity.
#[derive(Debug, Clone, Default)]
pub struct CapacityCurve {
    /// The model's name in the legend.
    pub name: String,
    /// `(decisions acted on a year at most, value per year)` pairs.
    pub points: Vec<(f64, f64)>,
    /// Each point's interval, drawn as a light area behind the curve; empty for none.
    pub band: Vec<BandPoint>,
}

impl Chart for CapacityChart {
    fn title(&self) -> &str {
        &self.title
    }
}

impl Render for CapacityChart {
    fn render<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> Result<()> {
        let curves = [
            (
                &self.baseline.name,
                clean_points(&self.baseline.points),
                colour::ORANGE,
            ),
            (
                &self.candidate.name,
                clean_points(&self.candidate.points),
                colour::BLUE,
            ),
        ];
        let bands = [
            clean_band(&self.baseline.band),
            clean_band(&self.candidate.band),
        ];
        let legend: Vec<(String, Swatch)> = curves
            .iter()
            .filter(|(_, points, _)| !points.is_empty())
            .map(|(name, _, c)| ((*name).clone(), Swatch::Line(*c)))
            .collect();
        let top = canvas.header(&self.title, Some(self.subtitle.as_str()), &legend)?;
        let capacity = self.capacity.filter(|c| usable(*c));
        let xs: Vec<f64> = curves
            .iter()
            .flat_map(|(_, points, _)| points.iter().map(|p| p.0))
            .chain(bands.iter().flatten().map(|p| p.x))
            .chain(capacity)
            .chain([0.0])
            .collect();
        let ys: Vec<f64> = curves
            .iter()
            .flat_map(|(_, points, _)| points.iter().map(|p| p.1))
            .chain(bands.iter().flatten().flat_map(|p| [p.low, p.high]))
            .collect();
        let frame = canvas::xy_frame(
            canvas,
            top,
            AxisSpec {
                values: &xs,
                scale: Scale::Linear,
                zero: true,
                title: "Capacity (decisions acted on a year, at most)".to_string(),
                ticks_at: &[],
            },
            AxisSpec {
                values: &ys,
                scale: Scale::Linear,
                zero: canvas::zero_within_reach(&ys),
                title: canvas.money_title("Value per year"),
                ticks_at: &[],
            },
        )?;
        let mut taken = Vec::new();
        // The bands first, so both curves draw over both bands.
        for (band, (_, _, c)) in bands.iter().zip(&curves) {
            canvas::band(canvas, &frame, band, *c, CURVE_BAND)?;
        }
        for (_, points, c) in &curves {
            let line: Vec<(f64, f64)> = points.iter().map(|&(x, y)| frame.at(x, y)).collect();
            canvas.line(&line, c.to_rgba(), 3.5)?;
            canvas::trace(&line, &mut taken);
        }
        if curves.iter().all(|(_, points, _)| points.is_empty()) {
            canvas::no_data(canvas, &frame)?;
        }
        if let Some(capacity) = capacity {
            let area = frame.area;
            let (x, _) = frame.at(capacity, 0.0);
            let line = [(x, area.top), (x, area.bottom)];
            canvas.dashed(&line, colour::MUTED.mix(0.9), 2.0)?;
            canvas::trace(&line, &mut taken);
            let text = format!("capacity: {} a year", thousands(capacity));
            let spots = [
                ((x + 8.0, area.top + 4.0), Align::Left, Valign::Top),
                ((x - 8.0, area.top + 4.0), Align::Right, Valign::Top),
                ((x + 8.0, area.bottom - 8.0), Align::Left, Valign::Bottom),
                ((x - 8.0, area.bottom - 8.0), Align::Right, Valign::Bottom),
            ];
            canvas.label_at(&text, &spots, NOTE, colour::MUTED, area, &mut taken)?;
        }
        Ok(())
    }
}
