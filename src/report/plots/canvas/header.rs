//! The top of every chart: title, subtitle and a legend that wraps in rows.

use plotters::prelude::*;

use super::super::WIDTH;
use super::primitives::drawing;
use super::{colour, Align, Canvas, Rect, Swatch, Valign, LABEL, MARGIN, SUBTITLE, TITLE};
use crate::base::error::Result;

impl<DB: DrawingBackend> Canvas<'_, DB> {
    /// Paints the background and draws the title, an optional subtitle and the legend in rows
    /// across the top; returns the y where the plot may start, below all of it.
    pub fn header(
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
            Swatch::Band(c, opacity) => self.rect(
                Rect {
                    left: x,
                    top: middle - 9.0,
                    right: x + width,
                    bottom: middle + 9.0,
                },
                c.mix(opacity),
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
}
