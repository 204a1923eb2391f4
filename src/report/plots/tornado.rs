//! Tornado chart: which uncertain parameter moves the answer most?

use plotters::prelude::*;

use super::breakdown::with_label_room;
use super::canvas::{self, colour, AxisSpec, Canvas, Rect, Render, RowLabel, Scale, Swatch, NOTE};
use super::Chart;
use super::{usable, usable_interval};
use crate::base::error::Result;
use crate::base::format::money as format_money;

/// One bar per uncertain parameter, widest swing on top.
#[derive(Debug, Clone, Default)]
pub struct TornadoChart {
    /// Plain-word title.
    pub title: String,
    /// One line under the title; empty for none.
    pub subtitle: String,
    /// The difference to the baseline with every parameter at its mid value: the centre line.
    pub centre: f64,
    /// Its 90% interval, given in the centre line's label; `None` for none.
    pub centre_interval: Option<(f64, f64)>,
    /// The parameters, in any order; the chart sorts them by swing.
    pub bars: Vec<TornadoBar>,
}

/// How the difference to the baseline moves as one parameter goes from its low to its high end.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoBar {
    /// The parameter in plain words, e.g. "Cost of a missed fraud".
    pub parameter: String,
    /// Its range as shown under the name, e.g. "50 to 400 EUR".
    pub range: String,
    /// Difference to the baseline with the parameter at its low end.
    pub at_low: f64,
    /// Difference to the baseline with the parameter at its high end.
    pub at_high: f64,
    /// `at_low`'s 90% interval, drawn as a whisker through that end; `None` for none.
    pub low_interval: Option<(f64, f64)>,
    /// `at_high`'s, the same way.
    pub high_interval: Option<(f64, f64)>,
}

impl Chart for TornadoChart {
    fn title(&self) -> &str {
        &self.title
    }
}

impl Render for TornadoChart {
    fn render<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> Result<()> {
        let centre = if usable(self.centre) {
            self.centre
        } else {
            0.0
        };
        let mut bars: Vec<TornadoBar> = self
            .bars
            .iter()
            .cloned()
            .map(|mut bar| {
                // A missing end collapses onto the centre rather than dropping the parameter.
                for end in [&mut bar.at_low, &mut bar.at_high] {
                    if !usable(*end) {
                        *end = centre;
                    }
                }
                bar
            })
            .collect();
        bars.sort_by(|a, b| {
            let swing = |bar: &TornadoBar| (bar.at_high - bar.at_low).abs();
            swing(b).total_cmp(&swing(a))
        });
        let legend = vec![
            (
                "Parameter at its low end".to_string(),
                Swatch::Bar(colour::SKY),
            ),
            (
                "Parameter at its high end".to_string(),
                Swatch::Bar(colour::BLUE),
            ),
        ];
        let top = canvas.header(&self.title, Some(self.subtitle.as_str()), &legend)?;
        let rows: Vec<RowLabel> = bars
            .iter()
            .map(|bar| {
                (
                    bar.parameter.clone(),
                    Some(bar.range.clone()).filter(|r| !r.is_empty()),
                )
            })
            .collect();
        // The axis reaches every whisker's ends.
        let mut values: Vec<f64> = bars
            .iter()
            .flat_map(|b| {
                let ends = [b.low_interval, b.high_interval]
                    .into_iter()
                    .filter_map(usable_interval)
                    .flat_map(|(low, high)| [low, high]);
                [b.at_low, b.at_high].into_iter().chain(ends)
            })
            .collect();
        values.push(centre);
        // Zero on the axis shows how far each range is from turning the difference around, but
        // when the bars end further from zero than they span, it squeezes them into slivers (a
        // swing of 8 USD in 37,000 drew no bar at all): the axis then spans the bars, whose end
        // labels give their distance from zero.
        let zero = canvas::zero_within_reach(&values);
        // Room for the end labels on both sides of the centre, not of zero.
        let shifted: Vec<f64> = values.iter().map(|v| v - centre).collect();
        let values: Vec<f64> = with_label_room(&shifted)
            .into_iter()
            .map(|v| v + centre)
            .collect();
        let frame = canvas::rows_frame(
            canvas,
            top + 30.0,
            &rows,
            AxisSpec {
                values: &values,
                scale: Scale::Linear,
                zero,
                title: canvas.money_title("Net value over the baseline"),
                ticks_at: &[],
            },
        )?;
        let count = rows.len() as f64;
        if rows.is_empty() {
            canvas::no_data(canvas, &frame)?;
        }
        let row_height = (frame.area.bottom - frame.area.top) / count.max(1.0);
        let thickness = (row_height * 0.6).min(44.0);
        let x_centre = frame.x_px(centre);
        for (i, bar) in bars.iter().enumerate() {
            let middle = frame.y_px(count - i as f64 - 0.5);
            for (end, c) in [(bar.at_low, colour::SKY), (bar.at_high, colour::BLUE)] {
                let x_end = frame.x_px(end);
                canvas.rect(
                    Rect {
                        left: x_centre.min(x_end),
                        top: middle - thickness / 2.0,
                        right: x_centre.max(x_end),
                        bottom: middle + thickness / 2.0,
                    },
                    c.to_rgba(),
                )?;
            }
            // Each end's interval a whisker in that end's colour, the low end's just above the
            // bar and the high end's just below it: the two mostly overlap, and a whisker across
            // a bar of its own colour would vanish into it.
            let (cap, gap) = (thickness * 0.25, 2.0 + thickness * 0.15);
            let whiskers = [
                (
                    bar.low_interval,
                    middle - thickness / 2.0 - gap,
                    colour::SKY,
                ),
                (
                    bar.high_interval,
                    middle + thickness / 2.0 + gap,
                    colour::BLUE,
                ),
            ];
            for (interval, at, c) in whiskers {
                if let Some((low, high)) = usable_interval(interval) {
                    canvas.whisker(
                        (frame.x_px(low), at),
                        (frame.x_px(high), at),
                        cap,
                        c.to_rgba(),
                    )?;
                }
            }
            // Both ends on the same side of the centre share it; label each end once, outward,
            // past its whisker.
            let (lo, hi) = (bar.at_low.min(bar.at_high), bar.at_low.max(bar.at_high));
            let (lo_interval, hi_interval) = if bar.at_low <= bar.at_high {
                (bar.low_interval, bar.high_interval)
            } else {
                (bar.high_interval, bar.low_interval)
            };
            if hi > centre || lo >= centre {
                let outer = usable_interval(hi_interval).map_or(hi, |(_, high)| high.max(hi));
                canvas::bar_label(
                    canvas,
                    &frame,
                    centre.min(lo),
                    outer,
                    middle,
                    &format_money(hi, canvas.currency),
                )?;
            }
            if lo < centre {
                let outer = usable_interval(lo_interval).map_or(lo, |(low, _)| low.min(lo));
                canvas::bar_label(
                    canvas,
                    &frame,
                    centre.max(hi),
                    outer,
                    middle,
                    &format_money(lo, canvas.currency),
                )?;
            }
        }
        canvas.line(
            &[
                (x_centre, frame.area.top - 6.0),
                (x_centre, frame.area.bottom),
            ],
            colour::INK.to_rgba(),
            2.0,
        )?;
        let label = match usable_interval(self.centre_interval) {
            Some((low, high)) => format!(
                "all at central values: {} (90% interval {})",
                format_money(centre, canvas.currency),
                crate::base::format::interval(low, high, canvas.currency)
            ),
            None => format!(
                "all at central values: {}",
                format_money(centre, canvas.currency)
            ),
        };
        // Centred over its line, but kept inside the plot's width when the line is near an edge.
        let half = canvas.text_width(&label, NOTE) / 2.0;
        let x_label = x_centre
            .min(frame.area.right - half)
            .max(frame.area.left + half);
        canvas.text(
            &label,
            (x_label, frame.area.top - 12.0),
            canvas::Align::Centre,
            canvas::Valign::Bottom,
            NOTE,
            colour::INK,
        )?;
        Ok(())
    }
}
