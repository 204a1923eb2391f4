//! Drawing primitives shared by the charts, in layout pixels of a 1280 x 720 picture.
//!
//! The module is private, so [`Render`] and [`Canvas`] cannot be named outside `plots`: the
//! [`super::Chart`] trait is sealed and the drawing code stays free to change.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;

use super::format::{nice_step, usable, TickFormat};
use super::{FAMILY, HEIGHT, WIDTH};
use crate::base::error::{Error, Result};

/// Draws a chart on a canvas; the half of [`super::Chart`] that stays private.
pub trait Render {
    /// Draws the whole chart, background included.
    fn render<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> Result<()>;
}

/// Okabe-Ito colours: told apart by people with the common colour-vision deficiencies.
pub(super) mod colour {
    use plotters::style::RGBColor;
    /// The candidate, the main series.
    pub const BLUE: RGBColor = RGBColor(0, 114, 178);
    /// The baseline.
    pub const ORANGE: RGBColor = RGBColor(230, 159, 0);
    /// Costs and losses.
    pub const VERMILION: RGBColor = RGBColor(213, 94, 0);
    /// The recommendation.
    pub const GREEN: RGBColor = RGBColor(0, 158, 115);
    /// A second neutral series.
    pub const SKY: RGBColor = RGBColor(86, 180, 233);
    /// Body text.
    pub const INK: RGBColor = RGBColor(34, 34, 34);
    /// Secondary text, tick labels.
    pub const MUTED: RGBColor = RGBColor(90, 90, 90);
    /// Grid lines.
    pub const GRID: RGBColor = RGBColor(225, 225, 225);
    /// Axis lines and the zero line.
    pub const AXIS: RGBColor = RGBColor(120, 120, 120);
    /// Points that are not the focus.
    pub const FAINT: RGBColor = RGBColor(150, 150, 150);
}

/// A darker shade of a series colour for text naming that series: orange and green letters on
/// white are too faint to read at label size.
pub(super) fn ink(series: RGBColor) -> RGBColor {
    let RGBColor(r, g, b) = series;
    let darker = |c: u8| (f64::from(c) * 0.7).round() as u8;
    RGBColor(darker(r), darker(g), darker(b))
}

/// A text size and weight, in layout pixels.
#[derive(Debug, Clone, Copy)]
pub(super) struct Font {
    pub size: f64,
    pub bold: bool,
}

/// The chart title: large enough to read from the back of a room.
pub(super) const TITLE: Font = Font {
    size: 31.0,
    bold: true,
};
/// The line under the title.
pub(super) const SUBTITLE: Font = Font {
    size: 20.0,
    bold: false,
};
/// Axis titles.
pub(super) const AXIS_TITLE: Font = Font {
    size: 21.0,
    bold: false,
};
/// Tick labels, legend entries and annotations.
pub(super) const LABEL: Font = Font {
    size: 19.0,
    bold: false,
};
/// Annotations that name a point.
pub(super) const NOTE: Font = Font {
    size: 19.0,
    bold: true,
};

/// Horizontal alignment of a text against its x.
#[derive(Debug, Clone, Copy)]
pub(super) enum Align {
    Left,
    Centre,
    Right,
}

/// Vertical alignment of a text against its y.
#[derive(Debug, Clone, Copy)]
pub(super) enum Valign {
    Top,
    Middle,
    Bottom,
}

/// Marker shapes, so series differ by more than colour.
#[derive(Debug, Clone, Copy)]
pub(super) enum Shape {
    Circle,
    Square,
    Diamond,
}

/// What a legend entry shows next to its text.
#[derive(Debug, Clone, Copy)]
pub(super) enum Swatch {
    Line(RGBColor),
    Dashed(RGBColor),
    Band(RGBColor),
    Bar(RGBColor),
    Marker(RGBColor, Shape),
}

/// A rectangle in layout pixels: left, top, right, bottom.
#[derive(Debug, Clone, Copy)]
pub(super) struct Rect {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl Rect {
    fn overlaps(&self, other: &Rect) -> bool {
        self.left < other.right
            && other.left < self.right
            && self.top < other.bottom
            && other.top < self.bottom
    }

    fn inside(&self, outer: &Rect) -> bool {
        self.left >= outer.left
            && self.right <= outer.right
            && self.top >= outer.top
            && self.bottom <= outer.bottom
    }
}

/// Outer margin of the picture.
pub(super) const MARGIN: f64 = 28.0;

/// Where a chart draws: the backend's whole area plus what the charts share.
pub struct Canvas<'a, DB: DrawingBackend> {
    root: DrawingArea<DB, Shift>,
    /// Device pixels per layout pixel.
    scale: f64,
    /// The bitmap backend places ab_glyph text higher than the SVG backend does; see [`Canvas::text`].
    bitmap: bool,
    /// Unit for money axes and labels.
    pub currency: &'a str,
}

fn drawing<E: std::fmt::Display>(err: E) -> Error {
    Error::internal(format!("plotters: {err}"))
}

impl<'a, DB: DrawingBackend> Canvas<'a, DB> {
    /// Wraps a fresh drawing area and paints it white.
    pub(super) fn new(
        root: DrawingArea<DB, Shift>,
        scale: f64,
        bitmap: bool,
        currency: &'a str,
    ) -> Self {
        Canvas {
            root,
            scale,
            bitmap,
            currency,
        }
    }

    /// Flushes the drawing to the backend.
    pub(super) fn finish(&self) -> Result<()> {
        self.root.present().map_err(drawing)
    }

    fn px(&self, v: f64) -> i32 {
        (v * self.scale).round() as i32
    }

    fn pt(&self, (x, y): (f64, f64)) -> (i32, i32) {
        (self.px(x), self.px(y))
    }

    fn stroke(&self, width: f64) -> u32 {
        (width * self.scale).round().max(1.0) as u32
    }

    fn font_desc(&self, font: Font, scale: f64) -> FontDesc<'static> {
        let style = if font.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        FontDesc::new(FontFamily::Name(FAMILY), font.size * scale, style)
    }

    /// Width of `text` in layout pixels.
    pub(super) fn text_width(&self, text: &str, font: Font) -> f64 {
        self.font_desc(font, 1.0)
            .box_size(text)
            .map(|(w, _)| f64::from(w))
            .unwrap_or(font.size * 0.6 * text.chars().count() as f64)
    }

    /// `text` cut with an ellipsis so it is at most `max_width` wide.
    pub(super) fn fit(&self, text: &str, font: Font, max_width: f64) -> String {
        if self.text_width(text, font) <= max_width {
            return text.to_string();
        }
        let chars: Vec<char> = text.chars().collect();
        let mut keep = chars.len();
        while keep > 0 {
            keep -= 1;
            let candidate: String = chars[..keep]
                .iter()
                .collect::<String>()
                .trim_end()
                .to_string()
                + "…";
            if self.text_width(&candidate, font) <= max_width {
                return candidate;
            }
        }
        "…".to_string()
    }

    /// Draws `text` aligned at `(x, y)`.
    ///
    /// Alignment is done here rather than by plotters because its ab_glyph path puts the glyphs
    /// of top-anchored text about 0.15 em above where the SVG backend (and a browser) put them;
    /// the bitmap gets that much extra offset so both outputs look the same.
    pub(super) fn text(
        &self,
        text: &str,
        (x, y): (f64, f64),
        align: Align,
        valign: Valign,
        font: Font,
        colour: RGBColor,
    ) -> Result<()> {
        if text.is_empty() {
            return Ok(());
        }
        let height = font.size * 0.8;
        let mut top = match valign {
            Valign::Top => y,
            Valign::Middle => y - height / 2.0,
            Valign::Bottom => y - height,
        };
        if self.bitmap {
            top += font.size * 0.15;
        }
        let h_pos = match align {
            Align::Left => HPos::Left,
            Align::Centre => HPos::Center,
            Align::Right => HPos::Right,
        };
        let style = TextStyle::from(self.font_desc(font, self.scale))
            .color(&colour)
            .pos(Pos::new(h_pos, VPos::Top));
        self.root
            .draw(&Text::new(text.to_string(), self.pt((x, top)), style))
            .map_err(drawing)
    }

    /// The box `text` covers when drawn with [`Canvas::text`].
    pub(super) fn text_box(
        &self,
        text: &str,
        (x, y): (f64, f64),
        align: Align,
        valign: Valign,
        font: Font,
    ) -> Rect {
        let width = self.text_width(text, font);
        let height = font.size * 0.8;
        let left = match align {
            Align::Left => x,
            Align::Centre => x - width / 2.0,
            Align::Right => x - width,
        };
        let top = match valign {
            Valign::Top => y,
            Valign::Middle => y - height / 2.0,
            Valign::Bottom => y - height,
        };
        Rect {
            left,
            top,
            right: left + width,
            bottom: top + height,
        }
    }

    /// A polyline; points that are not finite are skipped.
    pub(super) fn line(&self, points: &[(f64, f64)], colour: RGBAColor, width: f64) -> Result<()> {
        let points: Vec<(i32, i32)> = points
            .iter()
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .map(|&p| self.pt(p))
            .collect();
        if points.len() < 2 {
            return Ok(());
        }
        let style = ShapeStyle {
            color: colour,
            filled: false,
            stroke_width: self.stroke(width),
        };
        self.root
            .draw(&PathElement::new(points, style))
            .map_err(drawing)
    }

    /// A dashed polyline: dashes follow the path across its corners.
    pub(super) fn dashed(
        &self,
        points: &[(f64, f64)],
        colour: RGBAColor,
        width: f64,
    ) -> Result<()> {
        let dash = 4.0 * width.max(2.0);
        let gap = 2.5 * width.max(2.0);
        let mut on = true;
        let mut left = dash;
        let mut current: Vec<(f64, f64)> = Vec::new();
        let finite: Vec<(f64, f64)> = points
            .iter()
            .copied()
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .collect();
        if let Some(&first) = finite.first() {
            current.push(first);
        }
        for pair in finite.windows(2) {
            let (mut a, b) = (pair[0], pair[1]);
            let mut length = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
            while length > 1e-9 {
                let step = left.min(length);
                let t = step / length;
                let next = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
                if on {
                    current.push(next);
                }
                left -= step;
                length -= step;
                a = next;
                if left <= 1e-9 {
                    if on {
                        self.line(&current, colour, width)?;
                        current.clear();
                    } else {
                        current.push(a);
                    }
                    on = !on;
                    left = if on { dash } else { gap };
                }
            }
        }
        if on {
            self.line(&current, colour, width)?;
        }
        Ok(())
    }

    /// A filled polygon.
    pub(super) fn polygon(&self, points: &[(f64, f64)], colour: RGBAColor) -> Result<()> {
        let points: Vec<(i32, i32)> = points.iter().map(|&p| self.pt(p)).collect();
        if points.len() < 3 {
            return Ok(());
        }
        self.root
            .draw(&Polygon::new(points, colour.filled()))
            .map_err(drawing)
    }

    /// A filled rectangle.
    pub(super) fn rect(&self, rect: Rect, colour: RGBAColor) -> Result<()> {
        self.root
            .draw(&Rectangle::new(
                [
                    self.pt((rect.left, rect.top)),
                    self.pt((rect.right, rect.bottom)),
                ],
                colour.filled(),
            ))
            .map_err(drawing)
    }

    /// A marker of `shape` centred on `centre`, `size` layout pixels across, with a white rim
    /// so it stands out from lines beneath it.
    pub(super) fn marker(
        &self,
        centre: (f64, f64),
        shape: Shape,
        size: f64,
        colour: RGBAColor,
    ) -> Result<()> {
        let white = WHITE.to_rgba();
        self.shape(centre, shape, size / 2.0 + 2.0, white)?;
        self.shape(centre, shape, size / 2.0, colour)
    }

    fn shape(&self, (x, y): (f64, f64), shape: Shape, r: f64, colour: RGBAColor) -> Result<()> {
        match shape {
            Shape::Circle => self
                .root
                .draw(&Circle::new(
                    self.pt((x, y)),
                    self.px(r).max(1) as u32,
                    colour.filled(),
                ))
                .map_err(drawing),
            Shape::Square => {
                let r = r * 0.9;
                self.rect(
                    Rect {
                        left: x - r,
                        top: y - r,
                        right: x + r,
                        bottom: y + r,
                    },
                    colour,
                )
            }
            Shape::Diamond => {
                let r = r * 1.25;
                self.polygon(&[(x, y - r), (x + r, y), (x, y + r), (x - r, y)], colour)
            }
        }
    }

    /// Paints the background and draws the title, an optional subtitle and the legend in rows
    /// across the top; returns the y where the plot may start, below all of it.
    pub(super) fn header(
        &self,
        title: &str,
        subtitle: Option<&str>,
        legend: &[(String, Swatch)],
    ) -> Result<f64> {
        self.root.fill(&WHITE).map_err(drawing)?;
        let width = f64::from(WIDTH) - 2.0 * MARGIN;
        let mut y = MARGIN - 4.0;
        let title = self.fit(title, TITLE, width);
        self.text(
            &title,
            (MARGIN, y),
            Align::Left,
            Valign::Top,
            TITLE,
            colour::INK,
        )?;
        y += TITLE.size + 8.0;
        if let Some(subtitle) = subtitle.filter(|s| !s.is_empty()) {
            let subtitle = self.fit(subtitle, SUBTITLE, width);
            self.text(
                &subtitle,
                (MARGIN, y),
                Align::Left,
                Valign::Top,
                SUBTITLE,
                colour::MUTED,
            )?;
            y += SUBTITLE.size + 8.0;
        }
        if !legend.is_empty() {
            y += 6.0;
            y = self.legend(legend, y, width)?;
        }
        Ok(y + 10.0)
    }

    /// Legend entries in rows that wrap at the picture's width; returns the y below the last row.
    fn legend(&self, entries: &[(String, Swatch)], top: f64, width: f64) -> Result<f64> {
        let swatch_width = 34.0;
        let row_height = LABEL.size + 12.0;
        let mut x = MARGIN;
        let mut y = top;
        for (label, swatch) in entries {
            let label = self.fit(label, LABEL, width - swatch_width - 10.0);
            let entry_width = swatch_width + 8.0 + self.text_width(&label, LABEL);
            if x > MARGIN && x + entry_width > MARGIN + width {
                x = MARGIN;
                y += row_height;
            }
            let middle = y + LABEL.size * 0.4;
            self.swatch(*swatch, x, middle, swatch_width)?;
            self.text(
                &label,
                (x + swatch_width + 8.0, middle),
                Align::Left,
                Valign::Middle,
                LABEL,
                colour::INK,
            )?;
            x += entry_width + 30.0;
        }
        Ok(y + row_height)
    }

    fn swatch(&self, swatch: Swatch, x: f64, middle: f64, width: f64) -> Result<()> {
        match swatch {
            Swatch::Line(c) => self.line(&[(x, middle), (x + width, middle)], c.to_rgba(), 3.5),
            Swatch::Dashed(c) => self.dashed(&[(x, middle), (x + width, middle)], c.to_rgba(), 3.0),
            Swatch::Band(c) => self.rect(
                Rect {
                    left: x,
                    top: middle - 9.0,
                    right: x + width,
                    bottom: middle + 9.0,
                },
                c.mix(0.22),
            ),
            Swatch::Bar(c) => self.rect(
                Rect {
                    left: x + 4.0,
                    top: middle - 8.0,
                    right: x + width - 4.0,
                    bottom: middle + 8.0,
                },
                c.to_rgba(),
            ),
            Swatch::Marker(c, shape) => {
                self.marker((x + width / 2.0, middle), shape, 14.0, c.to_rgba())
            }
        }
    }

    /// Draws `text` at the first of `spots` that lies inside `area` and clear of `taken` (the
    /// first spot if none is), on a white box that is then added to `taken`.
    pub(super) fn label_at(
        &self,
        text: &str,
        spots: &[((f64, f64), Align, Valign)],
        font: Font,
        colour: RGBColor,
        area: Rect,
        taken: &mut Vec<Rect>,
    ) -> Result<()> {
        let Some(first) = spots.first() else {
            return Ok(());
        };
        let boxed = |&(at, align, valign): &((f64, f64), Align, Valign)| {
            let b = self.text_box(text, at, align, valign, font);
            let padded = Rect {
                left: b.left - 4.0,
                top: b.top - 3.0,
                right: b.right + 4.0,
                bottom: b.bottom + 3.0,
            };
            (at, align, valign, padded)
        };
        let (at, align, valign, b) = spots
            .iter()
            .map(boxed)
            .find(|(_, _, _, b)| b.inside(&area) && !taken.iter().any(|t| t.overlaps(b)))
            .unwrap_or_else(|| boxed(first));
        self.rect(b, WHITE.mix(0.85))?;
        self.text(text, at, align, valign, font, colour)?;
        taken.push(b);
        Ok(())
    }

    /// Draws `text` near `anchor` on a white box, trying spots around it until one lies inside
    /// `area` and clear of every box in `taken`; the box used is added to `taken`.
    pub(super) fn label_near(
        &self,
        text: &str,
        anchor: (f64, f64),
        font: Font,
        colour: RGBColor,
        area: Rect,
        taken: &mut Vec<Rect>,
    ) -> Result<()> {
        let text = self.fit(text, font, (area.right - area.left) * 0.6);
        let pad = 4.0;
        let gap = 12.0;
        // Nearest spots first, then the same directions further out.
        let mut spots = Vec::new();
        for distance in [1.0, 2.5, 4.5, 7.0, 10.0] {
            let d = gap * distance;
            spots.extend([
                (Align::Left, Valign::Bottom, d, -d),
                (Align::Right, Valign::Bottom, -d, -d),
                (Align::Left, Valign::Top, d, d),
                (Align::Right, Valign::Top, -d, d),
                (Align::Centre, Valign::Bottom, 0.0, -d * 1.5),
                (Align::Centre, Valign::Top, 0.0, d * 1.5),
            ]);
        }
        let placed = |&(align, valign, dx, dy): &(Align, Valign, f64, f64)| {
            let at = (anchor.0 + dx, anchor.1 + dy);
            let b = self.text_box(&text, at, align, valign, font);
            let padded = Rect {
                left: b.left - pad,
                top: b.top - pad,
                right: b.right + pad,
                bottom: b.bottom + pad,
            };
            (at, align, valign, padded)
        };
        let free = |b: &Rect| b.inside(&area) && !taken.iter().any(|t| t.overlaps(b));
        let index = spots
            .iter()
            .position(|spot| free(&placed(spot).3))
            .or_else(|| spots.iter().position(|spot| placed(spot).3.inside(&area)))
            .unwrap_or(0);
        let choice = placed(&spots[index]);
        if index >= 6 {
            // Far from its point: a thin leader line says which point the label belongs to.
            let b = choice.3;
            let end = (
                anchor.0.clamp(b.left, b.right),
                anchor.1.clamp(b.top, b.bottom),
            );
            self.line(&[anchor, end], colour.mix(0.7), 1.5)?;
        }
        let (at, align, valign, b) = choice;
        self.rect(b, WHITE.mix(0.85))?;
        self.text(&text, at, align, valign, font, colour)?;
        taken.push(b);
        Ok(())
    }
}

/// Small boxes along a polyline (layout pixels), so labels placed later keep off the line.
pub(super) fn trace(points: &[(f64, f64)], taken: &mut Vec<Rect>) {
    let r = 3.0;
    let mut dot = |(x, y): (f64, f64)| {
        taken.push(Rect {
            left: x - r,
            top: y - r,
            right: x + r,
            bottom: y + r,
        })
    };
    if let Some(&first) = points.first() {
        dot(first);
    }
    for pair in points.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let length = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        let steps = (length / 4.0).ceil().min(2_000.0) as usize;
        for i in 1..=steps {
            let t = i as f64 / steps as f64;
            dot((a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t));
        }
    }
}

/// Says so in the middle of the plot when a chart has nothing to draw, so an empty chart does
/// not pass for a broken one.
pub(super) fn no_data<DB: DrawingBackend>(canvas: &Canvas<'_, DB>, frame: &Frame) -> Result<()> {
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

/// What an axis counts, which decides its ticks and labels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Scale {
    /// Any number: round steps, a little air beyond the data.
    Linear,
    /// Like `Linear` but ending exactly at round numbers around the data (a threshold's 0..1).
    Exact,
    /// Whole counts (trials): steps of at least 1.
    Count,
    /// Counts spread over decades (training rows): logarithmic.
    Log,
}

/// One axis: its range, ticks and tick labels.
#[derive(Debug, Clone)]
pub(super) struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<(f64, String)>,
    pub scale: Scale,
}

impl Axis {
    /// An axis over `values` (unusable ones skipped) with at most `max_ticks` ticks, widened to
    /// include zero when `zero` is set; an empty or flat set of values still gets a sensible
    /// range.
    pub(super) fn new(values: &[f64], scale: Scale, max_ticks: usize, zero: bool) -> Axis {
        let usable_values: Vec<f64> = values
            .iter()
            .copied()
            .filter(|v| usable(*v) && (scale != Scale::Log || *v > 0.0))
            .collect();
        if scale == Scale::Log {
            return Axis::log(&usable_values, max_ticks);
        }
        let mut lo = usable_values.iter().copied().fold(f64::INFINITY, f64::min);
        let mut hi = usable_values
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        if !(lo.is_finite() && hi.is_finite()) {
            (lo, hi) = (0.0, 1.0);
        }
        if zero {
            lo = lo.min(0.0);
            hi = hi.max(0.0);
        }
        if hi - lo <= 1e-12 * hi.abs().max(lo.abs()).max(1e-300) {
            // A flat series: give it room above and below so the line sits mid-chart.
            let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
            (lo, hi) = (lo - pad, hi + pad);
            if zero && lo >= -1e-300 {
                lo = 0.0;
            }
        }
        if scale == Scale::Linear && hi > lo {
            // A little air so points and lines at the extremes do not sit on the frame; never
            // across zero, where the sign of the axis changes meaning.
            let pad = (hi - lo) * 0.02;
            lo = if lo >= 0.0 {
                (lo - pad).max(0.0)
            } else {
                lo - pad
            };
            hi = if hi <= 0.0 {
                (hi + pad).min(0.0)
            } else {
                hi + pad
            };
        }
        let max_ticks = max_ticks.max(2);
        let mut step = nice_step((hi - lo) / (max_ticks - 1) as f64);
        if scale == Scale::Count {
            step = step.max(1.0).round();
        }
        let mut first = (lo / step).floor();
        let mut last = (hi / step).ceil();
        while last - first + 1.0 > max_ticks as f64 + 0.5 {
            step = nice_step(step * 1.01);
            first = (lo / step).floor();
            last = (hi / step).ceil();
        }
        let (lo, hi) = (first * step, last * step);
        let format = TickFormat::new(step, lo.abs().max(hi.abs()));
        let count = (last - first).round() as i64;
        let ticks = (0..=count)
            .map(|i| {
                let value = (first + i as f64) * step;
                (value, format.label(value))
            })
            .collect();
        Axis {
            lo,
            hi,
            ticks,
            scale,
        }
    }

    /// A log axis with ticks at 1, 2 and 5 times powers of ten, thinned to `max_ticks`.
    fn log(values: &[f64], max_ticks: usize) -> Axis {
        let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (lo, hi) = if lo.is_finite() && hi.is_finite() {
            (lo, hi)
        } else {
            (1.0, 10.0)
        };
        // Pad by a fifth of a decade so end points do not sit on the frame.
        let (lo, hi) = if hi / lo < 1.5 {
            (lo / 2.0, hi * 2.0)
        } else {
            let pad = 10f64.powf(((hi / lo).log10() * 0.08).max(0.05));
            (lo / pad, hi * pad)
        };
        let mut candidates = Vec::new();
        let mut power = 10f64.powf(lo.log10().floor());
        while power <= hi * 10.0 {
            for m in [1.0, 2.0, 5.0] {
                let v = m * power;
                if v >= lo && v <= hi {
                    candidates.push(v);
                }
            }
            power *= 10.0;
        }
        if candidates.len() > max_ticks {
            candidates.retain(|v| {
                let mantissa = v / 10f64.powf(v.log10().floor());
                (mantissa - 1.0).abs() < 1e-6
            });
        }
        let ticks = candidates
            .into_iter()
            .map(|v| (v, super::format_number(v)))
            .collect();
        Axis {
            lo,
            hi,
            ticks,
            scale: Scale::Log,
        }
    }

    /// Where `value` falls on the axis, 0 at `lo` and 1 at `hi`.
    pub(super) fn fraction(&self, value: f64) -> f64 {
        if self.scale == Scale::Log {
            let value = value.max(self.lo * 1e-3);
            (value.ln() - self.lo.ln()) / (self.hi.ln() - self.lo.ln())
        } else {
            (value - self.lo) / (self.hi - self.lo)
        }
    }

    /// The widest tick label in `font`.
    fn widest<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>, font: Font) -> f64 {
        self.ticks
            .iter()
            .map(|(_, label)| canvas.text_width(label, font))
            .fold(0.0, f64::max)
    }
}

/// The plot area of an x-y chart and the two axes that map data into it.
#[derive(Debug, Clone)]
pub(super) struct Frame {
    pub area: Rect,
    pub x: Axis,
    pub y: Axis,
}

impl Frame {
    /// Layout pixels of a data point.
    pub(super) fn at(&self, x: f64, y: f64) -> (f64, f64) {
        (self.x_px(x), self.y_px(y))
    }

    /// Layout x of a data x.
    pub(super) fn x_px(&self, x: f64) -> f64 {
        self.area.left + self.x.fraction(x) * (self.area.right - self.area.left)
    }

    /// Layout y of a data y.
    pub(super) fn y_px(&self, y: f64) -> f64 {
        self.area.bottom - self.y.fraction(y) * (self.area.bottom - self.area.top)
    }
}

/// How to build one axis of an x-y chart.
pub(super) struct AxisSpec<'s> {
    /// Every value the axis must show.
    pub values: &'s [f64],
    pub scale: Scale,
    /// Whether zero must be on the axis (money: a reader needs to see where gains turn to losses).
    pub zero: bool,
    /// Plain-word axis title, unit included.
    pub title: String,
    /// Put the ticks exactly here (e.g. at the measured training sizes) instead of at round
    /// numbers; empty for round numbers.
    pub ticks_at: &'s [f64],
}

impl AxisSpec<'_> {
    /// The axis, with at most `max_ticks` ticks.
    fn axis(&self, max_ticks: usize) -> Axis {
        let mut axis = Axis::new(self.values, self.scale, max_ticks, self.zero);
        let fixed: Vec<f64> = self
            .ticks_at
            .iter()
            .copied()
            .filter(|v| *v >= axis.lo && *v <= axis.hi)
            .collect();
        if !fixed.is_empty() {
            axis.ticks = fixed
                .into_iter()
                .map(|v| (v, super::format_number(v)))
                .collect();
        }
        axis
    }
}

/// Lays out an x-y plot below `top`, draws its grid, axes, tick labels and axis titles, and
/// returns the frame to draw data into.
///
/// The y-axis title sits horizontally above the tick labels (no rotated text to tilt your head
/// at); tick counts shrink until labels no longer touch.
pub(super) fn xy_frame<DB: DrawingBackend>(
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
pub(super) fn band<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    frame: &Frame,
    points: &[super::BandPoint],
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

/// A vertical marker line at data `x` across the plot with `label` at its top, on whichever side
/// has room.
pub(super) fn vertical_marker<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    frame: &Frame,
    x: f64,
    label: &str,
    colour: RGBColor,
    taken: &mut Vec<Rect>,
) -> Result<()> {
    if !usable(x) {
        return Ok(());
    }
    let px = frame.x_px(x);
    let area = frame.area;
    canvas.dashed(&[(px, area.top), (px, area.bottom)], colour.to_rgba(), 2.0)?;
    let label = canvas.fit(label, NOTE, (area.right - area.left) * 0.45);
    let width = canvas.text_width(&label, NOTE);
    let right_fits = px + 10.0 + width <= area.right;
    let left_fits = px - 10.0 - width >= area.left;
    // The top of the plot first; near the x axis when the data is up there.
    let mut spots = Vec::new();
    for y in [area.top + 8.0, area.bottom - 8.0 - NOTE.size * 0.8] {
        if right_fits {
            spots.push(((px + 10.0, y), Align::Left));
        }
        if left_fits {
            spots.push(((px - 10.0, y), Align::Right));
        }
    }
    if spots.is_empty() {
        spots.push(((px + 10.0, area.top + 8.0), Align::Left));
    }
    let boxed = |&((x, y), align): &((f64, f64), Align)| {
        let b = canvas.text_box(&label, (x, y), align, Valign::Top, NOTE);
        let padded = Rect {
            left: b.left - 5.0,
            top: b.top - 4.0,
            right: b.right + 5.0,
            bottom: b.bottom + 4.0,
        };
        ((x, y), align, padded)
    };
    let (at, align, padded) = spots
        .iter()
        .map(boxed)
        .find(|(_, _, b)| !taken.iter().any(|t| t.overlaps(b)))
        .unwrap_or_else(|| boxed(&spots[0]));
    canvas.rect(padded, WHITE.mix(0.9))?;
    canvas.text(&label, at, align, Valign::Top, NOTE, colour)?;
    taken.push(padded);
    Ok(())
}

/// A row label of a bar chart: the name, and an optional grey second line (a range, a unit).
pub(super) type RowLabel = (String, Option<String>);

/// Lays out a horizontal bar chart below `top`: one row per label (first label on top), a
/// money-style x axis with vertical grid lines, and the row labels in a column on the left.
/// The y axis of the returned frame runs from 0 at the bottom to the row count at the top, so
/// row `i` is centred at `rows - i - 0.5`.
pub(super) fn rows_frame<DB: DrawingBackend>(
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

/// Draws a money label at the outer end of a horizontal bar from `from` to `to` (data x) centred
/// at layout `middle`: outside the bar when it fits inside the plot, else inside in white.
pub(super) fn bar_label<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    frame: &Frame,
    from: f64,
    to: f64,
    middle: f64,
    text: &str,
) -> Result<()> {
    let (a, b) = (frame.x_px(from), frame.x_px(to));
    let width = canvas.text_width(text, LABEL);
    let rightwards = to >= from;
    let outside = if rightwards {
        b + 8.0 + width <= frame.area.right
    } else {
        b - 8.0 - width >= frame.area.left
    };
    let inside_fits = (b - a).abs() >= width + 16.0;
    let (x, align, ink) = match (rightwards, outside || !inside_fits) {
        (true, true) => (b + 8.0, Align::Left, colour::INK),
        (false, true) => (b - 8.0, Align::Right, colour::INK),
        (true, false) => (b - 8.0, Align::Right, WHITE),
        (false, false) => (b + 8.0, Align::Left, WHITE),
    };
    if ink != WHITE {
        // Grid and zero lines run under outside labels; a white box keeps the digits clean.
        let b = canvas.text_box(text, (x, middle), align, Valign::Middle, LABEL);
        canvas.rect(
            Rect {
                left: b.left - 3.0,
                top: b.top - 2.0,
                right: b.right + 3.0,
                bottom: b.bottom + 2.0,
            },
            WHITE.to_rgba(),
        )?;
    }
    canvas.text(text, (x, middle), align, Valign::Middle, LABEL, ink)
}
