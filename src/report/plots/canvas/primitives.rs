//! The canvas and what it draws in layout pixels: text, lines, shapes and markers.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;

use super::super::FAMILY;
use super::{Align, Font, Shape, Valign};
use crate::base::error::{Error, Result};

/// A rectangle in layout pixels: left, top, right, bottom.
#[derive(Debug, Clone, Copy)]
pub struct Rect {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl Rect {
    pub(super) fn overlaps(&self, other: &Rect) -> bool {
        self.left < other.right
            && other.left < self.right
            && self.top < other.bottom
            && other.top < self.bottom
    }

    pub(super) fn inside(&self, outer: &Rect) -> bool {
        self.left >= outer.left
            && self.right <= outer.right
            && self.top >= outer.top
            && self.bottom <= outer.bottom
    }
}

/// Where a chart draws: the backend's whole area plus what the charts share.
pub struct Canvas<'a, DB: DrawingBackend> {
    pub(super) root: DrawingArea<DB, Shift>,
    /// Device pixels per layout pixel.
    scale: f64,
    /// The bitmap backend places ab_glyph text higher than the SVG backend does; see [`Canvas::text`].
    bitmap: bool,
    /// Unit for money axes and labels.
    pub currency: &'a str,
}

/// `label (unit)`, or the label alone without a unit.
pub fn unit_title(label: &str, unit: &str) -> String {
    if unit.is_empty() {
        label.to_string()
    } else {
        format!("{label} ({unit})")
    }
}

pub(super) fn drawing<E: std::fmt::Display>(err: E) -> Error {
    Error::internal(format!("plotters: {err}"))
}

impl<'a, DB: DrawingBackend> Canvas<'a, DB> {
    /// Wraps a fresh drawing area and paints it white.
    pub fn new(root: DrawingArea<DB, Shift>, scale: f64, bitmap: bool, currency: &'a str) -> Self {
        Canvas {
            root,
            scale,
            bitmap,
            currency,
        }
    }

    /// An axis title over amounts: `label (EUR)`, or the label alone where the amounts have no
    /// unit (a config without `currency`, a sweep log's unnamed `value`): "Net value ()" read as
    /// a unit left out by mistake.
    pub fn money_title(&self, label: &str) -> String {
        unit_title(label, self.currency)
    }

    /// Flushes the drawing to the backend.
    pub fn finish(&self) -> Result<()> {
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
    pub fn text_width(&self, text: &str, font: Font) -> f64 {
        self.font_desc(font, 1.0)
            .box_size(text)
            .map(|(w, _)| f64::from(w))
            .unwrap_or(font.size * 0.6 * text.chars().count() as f64)
    }

    /// `text` cut with an ellipsis so it is at most `max_width` wide: its longest start that
    /// fits with the ellipsis. A longer start is never narrower, so a binary search finds it in
    /// a few measurements; cutting one character at a time measured a 10,000-character currency
    /// 10,000 times for each label that quoted it, minutes a chart (until 2026-12-06).
    pub fn fit(&self, text: &str, font: Font, max_width: f64) -> String {
        if self.text_width(text, font) <= max_width {
            return text.to_string();
        }
        let chars: Vec<char> = text.chars().collect();
        let cut = |keep: usize| {
            chars[..keep]
                .iter()
                .collect::<String>()
                .trim_end()
                .to_string()
                + "…"
        };
        // `fits` keeps a start that fits (or none), `too_wide` one that does not (the whole text).
        let (mut fits, mut too_wide) = (0, chars.len());
        while too_wide - fits > 1 {
            let keep = fits + (too_wide - fits) / 2;
            if self.text_width(&cut(keep), font) <= max_width {
                fits = keep;
            } else {
                too_wide = keep;
            }
        }
        cut(fits)
    }

    /// Draws `text` aligned at `(x, y)`.
    ///
    /// Alignment is done here rather than by plotters because its ab_glyph path puts the glyphs
    /// of top-anchored text about 0.15 em above where the SVG backend (and a browser) put them;
    /// the bitmap gets that much extra offset so both outputs look the same.
    pub fn text(
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
    pub fn text_box(
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
    pub fn line(&self, points: &[(f64, f64)], colour: RGBAColor, width: f64) -> Result<()> {
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

    /// A whisker: a level or upright line from `from` to `to`, capped across at both ends by
    /// ticks `cap` long, 1.5 wide.
    pub fn whisker(
        &self,
        from: (f64, f64),
        to: (f64, f64),
        cap: f64,
        colour: RGBAColor,
    ) -> Result<()> {
        self.line(&[from, to], colour, 1.5)?;
        let upright = (to.0 - from.0).abs() < (to.1 - from.1).abs();
        let half = cap / 2.0;
        for (x, y) in [from, to] {
            let tick = if upright {
                [(x - half, y), (x + half, y)]
            } else {
                [(x, y - half), (x, y + half)]
            };
            self.line(&tick, colour, 1.5)?;
        }
        Ok(())
    }

    /// A dashed polyline: dashes follow the path across its corners.
    pub fn dashed(&self, points: &[(f64, f64)], colour: RGBAColor, width: f64) -> Result<()> {
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
    pub fn polygon(&self, points: &[(f64, f64)], colour: RGBAColor) -> Result<()> {
        let points: Vec<(i32, i32)> = points.iter().map(|&p| self.pt(p)).collect();
        if points.len() < 3 {
            return Ok(());
        }
        self.root
            .draw(&Polygon::new(points, colour.filled()))
            .map_err(drawing)
    }

    /// A filled rectangle.
    pub fn rect(&self, rect: Rect, colour: RGBAColor) -> Result<()> {
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
    pub fn marker(
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
}
