//! Annotations placed clear of lines, points and each other.

use plotters::prelude::*;

use super::super::usable;
use super::{colour, Align, Canvas, Font, Frame, Rect, Valign, LABEL, NOTE};
use crate::base::error::Result;

impl<DB: DrawingBackend> Canvas<'_, DB> {
    /// Draws `text` at the first of `spots` that lies inside `area` and clear of `taken` (the
    /// first spot if none is), on a white box that is then added to `taken`.
    pub fn label_at(
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
    pub fn label_near(
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

/// A box reaching `radius` (layout pixels) around each point, so labels placed later keep at
/// least that far off it: a label beside another model's marker would be read as that one's.
pub fn keep_clear(points: &[(f64, f64)], radius: f64, taken: &mut Vec<Rect>) {
    taken.extend(points.iter().map(|&(x, y)| Rect {
        left: x - radius,
        top: y - radius,
        right: x + radius,
        bottom: y + radius,
    }));
}

/// Small boxes along a polyline (layout pixels), so labels placed later keep off the line.
pub fn trace(points: &[(f64, f64)], taken: &mut Vec<Rect>) {
    let mut dot = |point: (f64, f64)| keep_clear(&[point], 3.0, taken);
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

/// A vertical marker line at data `x` across the plot with `label` at its top, on whichever side
/// has room.
pub fn vertical_marker<DB: DrawingBackend>(
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
    // The top of the plot first; near the x axis when the data is up there; then the rows under
    // the top one, when both are taken (a histogram's bars fill its foot, other markers its top).
    let row = NOTE.size + 14.0;
    let mut spots = Vec::new();
    for y in [
        area.top + 8.0,
        area.bottom - 8.0 - NOTE.size * 0.8,
        area.top + 8.0 + row,
        area.top + 8.0 + 2.0 * row,
    ] {
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

/// Draws a money label at the outer end of a horizontal bar from `from` to `to` (data x) centred
/// at layout `middle`: outside the bar when it fits inside the plot, else inside in white.
pub fn bar_label<DB: DrawingBackend>(
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
