//! Plot areas: where the data goes, with grid, axes and titles around it.

use plotters::prelude::*;

use super::super::{BandPoint, HEIGHT, WIDTH};
use super::{
    colour, Align, Axis, AxisSpec, Canvas, Rect, Scale, Swatch, Valign, AXIS_TITLE, LABEL, MARGIN,
};
use crate::base::error::Result;

/// The plot area of an x-y chart and the two axes that map data into it.
#[derive(Debug, Clone)]
pub struct Frame {
    pub area: Rect,
    pub x: Axis,
    pub y: Axis,
}

impl Frame {
    /// Layout pixels of a data point.
    pub fn at(&self, x: f64, y: f64) -> (f64, f64) {
        (self.x_px(x), self.y_px(y))
    }

    /// Layout x of a data x.
    pub fn x_px(&self, x: f64) -> f64 {
        self.area.left + self.x.fraction(x) * (self.area.right - self.area.left)
    }

    /// Layout y of a data y.
    pub fn y_px(&self, y: f64) -> f64 {
        self.area.bottom - self.y.fraction(y) * (self.area.bottom - self.area.top)
    }
}

/// Lays out an x-y plot below `top`, draws its grid, axes, tick labels and axis titles, and
/// returns the frame to draw data into.
///
/// The y-axis title sits horizontally above the tick labels (no rotated text to tilt your head
/// at); tick counts shrink until labels no longer touch.
pub fn xy_frame<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    top: f64,
    x_spec: AxisSpec<'_>,
    y_spec: AxisSpec<'_>,
) -> Result<Frame> {
    let plot_top = top + AXIS_TITLE.size + 14.0;
    let plot_bottom = f64::from(HEIGHT) - MARGIN - AXIS_TITLE.size - LABEL.size - 22.0;
    let y_ticks = (((plot_bottom - plot_top) / 55.0).floor() as usize).clamp(2, 9);
    let y = y_spec.axis(y_ticks);
    let left = MARGIN + y.widest(canvas, LABEL) + 12.0;
    let right = f64::from(WIDTH) - MARGIN - 12.0;
    let mut x_ticks = 11;
    let x = loop {
        let axis = x_spec.axis(x_ticks);
        let room = (right - left) / axis.ticks.len().max(1) as f64;
        if axis.widest(canvas, LABEL) + 24.0 <= room || x_ticks <= 2 {
            break axis;
        }
        x_ticks -= 1;
    };
    let frame = Frame {
        area: Rect {
            left,
            top: plot_top,
            right,
            bottom: plot_bottom,
        },
        x,
        y,
    };
    draw_grid(canvas, &frame)?;
    let y_title = canvas.fit(&y_spec.title, AXIS_TITLE, f64::from(WIDTH) - 2.0 * MARGIN);
    canvas.text(
        &y_title,
        (MARGIN, top + 2.0),
        Align::Left,
        Valign::Top,
        AXIS_TITLE,
        colour::MUTED,
    )?;
    let x_title = canvas.fit(&x_spec.title, AXIS_TITLE, right - left);
    canvas.text(
        &x_title,
        ((left + right) / 2.0, f64::from(HEIGHT) - MARGIN + 4.0),
        Align::Centre,
        Valign::Bottom,
        AXIS_TITLE,
        colour::MUTED,
    )?;
    Ok(frame)
}

/// Grid lines at the y ticks, a zero line when zero is in range, the x axis and all tick labels.
fn draw_grid<DB: DrawingBackend>(canvas: &Canvas<'_, DB>, frame: &Frame) -> Result<()> {
    let area = frame.area;
    for (value, label) in &frame.y.ticks {
        let y = frame.y_px(*value);
        canvas.line(
            &[(area.left, y), (area.right, y)],
            colour::GRID.to_rgba(),
            1.0,
        )?;
        canvas.text(
            label,
            (area.left - 10.0, y),
            Align::Right,
            Valign::Middle,
            LABEL,
            colour::MUTED,
        )?;
    }
    if frame.y.lo < 0.0 && frame.y.hi > 0.0 {
        let y = frame.y_px(0.0);
        canvas.line(
            &[(area.left, y), (area.right, y)],
            colour::AXIS.to_rgba(),
            1.5,
        )?;
    }
    canvas.line(
        &[(area.left, area.bottom), (area.right, area.bottom)],
        colour::AXIS.to_rgba(),
        1.5,
    )?;
    let mut free_from = f64::NEG_INFINITY;
    for (value, label) in &frame.x.ticks {
        let x = frame.x_px(*value);
        canvas.line(
            &[(x, area.bottom), (x, area.bottom + 6.0)],
            colour::AXIS.to_rgba(),
            1.5,
        )?;
        // Fixed ticks can crowd; a label that would touch its left neighbour is left out.
        let b = canvas.text_box(label, (x, 0.0), Align::Centre, Valign::Top, LABEL);
        if b.left < free_from {
            continue;
        }
        free_from = b.right + 12.0;
        canvas.text(
            label,
            (x, area.bottom + 10.0),
            Align::Centre,
            Valign::Top,
            LABEL,
            colour::MUTED,
        )?;
    }
    Ok(())
}

/// A band between `low` and `high` of the points, in a light tint of `colour`.
pub fn band<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    frame: &Frame,
    points: &[BandPoint],
    colour: RGBColor,
    opacity: f64,
) -> Result<()> {
    if points.len() < 2 {
        return Ok(());
    }
    let mut outline: Vec<(f64, f64)> = points.iter().map(|p| frame.at(p.x, p.high)).collect();
    outline.extend(points.iter().rev().map(|p| frame.at(p.x, p.low)));
    canvas.polygon(&outline, colour.mix(opacity))
}

/// A row label of a bar chart: the name, and an optional grey second line (a range, a unit).
pub type RowLabel = (String, Option<String>);

/// Lays out a horizontal bar chart below `top`: one row per label (first label on top), a
/// money-style x axis with vertical grid lines, and the row labels in a column on the left.
/// The y axis of the returned frame runs from 0 at the bottom to the row count at the top, so
/// row `i` is centred at `rows - i - 0.5`.
pub fn rows_frame<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    top: f64,
    rows: &[RowLabel],
    x_spec: AxisSpec<'_>,
) -> Result<Frame> {
    let plot_top = top + 6.0;
    let plot_bottom = f64::from(HEIGHT) - MARGIN - AXIS_TITLE.size - LABEL.size - 22.0;
    let max_label = f64::from(WIDTH) * 0.3;
    let label_width = rows
        .iter()
        .flat_map(|(name, second)| {
            [
                canvas.text_width(name, LABEL),
                second.as_ref().map_or(0.0, |s| canvas.text_width(s, LABEL)),
            ]
        })
        .fold(0.0, f64::max)
        .min(max_label);
    let left = MARGIN + label_width + 18.0;
    let right = f64::from(WIDTH) - MARGIN - 12.0;
    let mut x_ticks = 9;
    let x = loop {
        let axis = x_spec.axis(x_ticks);
        let room = (right - left) / axis.ticks.len().max(1) as f64;
        if axis.widest(canvas, LABEL) + 24.0 <= room || x_ticks <= 2 {
            break axis;
        }
        x_ticks -= 1;
    };
    let count = rows.len().max(1) as f64;
    let frame = Frame {
        area: Rect {
            left,
            top: plot_top,
            right,
            bottom: plot_bottom,
        },
        x,
        y: Axis {
            lo: 0.0,
            hi: count,
            ticks: Vec::new(),
            scale: Scale::Linear,
        },
    };
    let area = frame.area;
    for (value, label) in &frame.x.ticks {
        let x = frame.x_px(*value);
        let (c, width) = if value.abs() < 1e-12 {
            (colour::AXIS, 1.5)
        } else {
            (colour::GRID, 1.0)
        };
        canvas.line(&[(x, area.top), (x, area.bottom)], c.to_rgba(), width)?;
        canvas.text(
            label,
            (x, area.bottom + 10.0),
            Align::Centre,
            Valign::Top,
            LABEL,
            colour::MUTED,
        )?;
    }
    let row_height = (area.bottom - area.top) / count;
    for (i, (name, second)) in rows.iter().enumerate() {
        let middle = frame.y_px(count - i as f64 - 0.5);
        let name = canvas.fit(name, LABEL, label_width);
        match second {
            Some(second) if row_height >= 2.0 * LABEL.size + 6.0 => {
                let second = canvas.fit(second, LABEL, label_width);
                canvas.text(
                    &name,
                    (left - 18.0, middle - 2.0),
                    Align::Right,
                    Valign::Bottom,
                    LABEL,
                    colour::INK,
                )?;
                canvas.text(
                    &second,
                    (left - 18.0, middle + 4.0),
                    Align::Right,
                    Valign::Top,
                    LABEL,
                    colour::MUTED,
                )?;
            }
            _ => {
                canvas.text(
                    &name,
                    (left - 18.0, middle),
                    Align::Right,
                    Valign::Middle,
                    LABEL,
                    colour::INK,
                )?;
            }
        }
    }
    let x_title = canvas.fit(&x_spec.title, AXIS_TITLE, right - left);
    canvas.text(
        &x_title,
        ((left + right) / 2.0, f64::from(HEIGHT) - MARGIN + 4.0),
        Align::Centre,
        Valign::Bottom,
        AXIS_TITLE,
        colour::MUTED,
    )?;
    Ok(frame)
}

/// Says so in the middle of the plot when a chart has nothing to draw, so an empty chart does
/// not pass for a broken one.
pub fn no_data<DB: DrawingBackend>(canvas: &Canvas<'_, DB>, frame: &Frame) -> Result<()> {
    let area = frame.area;
    canvas.text(
        "No data to show",
        (
            (area.left + area.right) / 2.0,
            (area.top + area.bottom) / 2.0,
        ),
        Align::Centre,
        Valign::Middle,
        AXIS_TITLE,
        colour::MUTED,
    )
}

/// The header, then an x-y plot with money up the y axis: charts of net value against something
/// share this layout, and one helper keeps them from drifting apart.
///
/// `money_label` is the y-axis title without the unit; the canvas' currency is added to it.
/// `zero` puts 0 on the money axis: where gains turn to losses, for amounts against a baseline;
/// absolute amounts far from 0 would be squeezed into a sliver by it.
#[allow(clippy::too_many_arguments)]
pub fn money_frame<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    title: &str,
    subtitle: &str,
    legend: &[(String, Swatch)],
    x_spec: AxisSpec<'_>,
    money: &[f64],
    money_label: &str,
    zero: bool,
) -> Result<Frame> {
    let top = canvas.header(title, Some(subtitle), legend)?;
    xy_frame(
        canvas,
        top,
        x_spec,
        AxisSpec {
            values: money,
            scale: Scale::Linear,
            zero,
            title: canvas.money_title(money_label),
            ticks_at: &[],
        },
    )
}
