//! Gain distribution: the best candidate's resampled difference to the baseline, with 0 and the
//! 90% interval marked. Each resample draws the test rows (and any business number given as a
//! distribution), so the picture is the uncertainty the verdict rests on.

use plotters::prelude::*;

use super::canvas::{self, colour, AxisSpec, Canvas, Rect, Render, Scale, Swatch};
use super::usable;
use super::Chart;
use crate::base::error::Result;
use crate::base::format::signed_money;

/// A histogram of resampled differences.
#[derive(Debug, Clone, Default)]
pub struct GainDistributionChart {
    /// Plain-word title.
    pub title: String,
    /// One line under the title; empty for none.
    pub subtitle: String,
    /// Bin edges, one more than `counts`.
    pub edges: Vec<f64>,
    /// Resamples in each bin.
    pub counts: Vec<u64>,
    /// The difference at the central values on the test rows.
    pub observed: f64,
    /// The interval's ends (5th and 95th percentiles).
    pub low: f64,
    /// See `low`.
    pub high: f64,
}

impl Chart for GainDistributionChart {
    fn title(&self) -> &str {
        &self.title
    }
}

impl Render for GainDistributionChart {
    fn render<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> Result<()> {
        let bins: Vec<(f64, f64, f64)> = self
            .edges
            .windows(2)
            .zip(&self.counts)
            .map(|(edge, &count)| (edge[0], edge[1], count as f64))
            .filter(|(a, b, _)| usable(*a) && usable(*b))
            .collect();
        // A colour the chart does not draw is not named: with no resample losing, a loss in the
        // legend sends the reader looking for bars that are not there.
        let drawn = |side: fn(f64, f64) -> bool| {
            bins.iter().any(|&(a, b, count)| count > 0.0 && side(a, b))
        };
        let any_loss = drawn(|a, _| a < 0.0);
        let any_gain = drawn(|_, b| b > 0.0) || !any_loss;
        let mut legend = Vec::new();
        if any_gain {
            legend.push((
                "Resamples with a gain".to_string(),
                Swatch::Bar(colour::BLUE),
            ));
        }
        if any_loss {
            legend.push((
                "Resamples with a loss".to_string(),
                Swatch::Bar(colour::VERMILION),
            ));
        }
        legend.extend([
            ("90% interval".to_string(), Swatch::Dashed(colour::MUTED)),
            // Not black: the black line is 0, where gains turn to losses.
            (
                "Difference on the test rows".to_string(),
                Swatch::Dashed(colour::GREEN),
            ),
        ]);
        let top = canvas.header(&self.title, Some(self.subtitle.as_str()), &legend)?;
        let mut xs: Vec<f64> = bins.iter().flat_map(|(a, b, _)| [*a, *b]).collect();
        xs.extend(
            [self.low, self.high, self.observed]
                .into_iter()
                .filter(|v| usable(*v)),
        );
        let ys: Vec<f64> = bins.iter().map(|(_, _, c)| *c * 1.08).collect();
        let frame = canvas::xy_frame(
            canvas,
            top,
            AxisSpec {
                values: &xs,
                scale: Scale::Linear,
                zero: true,
                title: canvas.money_title("Net value over the baseline"),
                ticks_at: &[],
            },
            AxisSpec {
                values: &ys,
                scale: Scale::Linear,
                zero: true,
                title: "Resamples".to_string(),
                ticks_at: &[],
            },
        )?;
        if bins.is_empty() {
            canvas::no_data(canvas, &frame)?;
        }
        // The bars are taken: a marker's label goes where it hides none of them.
        let mut taken = Vec::new();
        for &(a, b, count) in &bins {
            if count <= 0.0 {
                continue;
            }
            // A bin across 0 is split at it, so colour says gain or loss exactly.
            for (from, to, c) in [
                (a, b.min(0.0), colour::VERMILION),
                (a.max(0.0), b, colour::BLUE),
            ] {
                if to > from {
                    let (left, right) = (frame.x_px(from), frame.x_px(to));
                    let bar = Rect {
                        left,
                        top: frame.y_px(count),
                        right: right.max(left + 1.0),
                        bottom: frame.y_px(0.0),
                    };
                    canvas.rect(bar, c.mix(0.8))?;
                    taken.push(bar);
                }
            }
        }
        let currency = canvas.currency;
        let zero = frame.x_px(0.0);
        canvas.line(
            &[(zero, frame.area.top), (zero, frame.area.bottom)],
            colour::INK.to_rgba(),
            2.0,
        )?;
        for (x, label) in [
            (
                self.low,
                format!("5%: {}", signed_money(self.low, currency)),
            ),
            (
                self.high,
                format!("95%: {}", signed_money(self.high, currency)),
            ),
        ] {
            canvas::vertical_marker(canvas, &frame, x, &label, colour::MUTED, &mut taken)?;
        }
        if usable(self.observed) {
            canvas::vertical_marker(
                canvas,
                &frame,
                self.observed,
                &format!(
                    "at central values: {}",
                    signed_money(self.observed, currency)
                ),
                colour::GREEN,
                &mut taken,
            )?;
        }
        Ok(())
    }
}
