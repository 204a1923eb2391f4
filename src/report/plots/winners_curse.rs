//! The winner's curse: the best-so-far model looks better on validation rows than on test rows.

use plotters::prelude::*;

use super::canvas::{self, colour, AxisSpec, Canvas, Render, Scale, Swatch, NOTE};
use super::{clean_band, clean_points, or_default, BandPoint, Chart};
use crate::base::error::Result;
use crate::base::format::{money as format_money, thousands};

/// Validation and test value of the best model so far, after each trial.
#[derive(Debug, Clone, Default)]
pub struct WinnersCurseChart {
    /// Plain-word title.
    pub title: String,
    /// One line under the title; empty for none.
    pub subtitle: String,
    /// (trials, validation value of the best model so far).
    pub validation: Vec<(f64, f64)>,
    /// (trials, test value of that same model).
    pub test: Vec<(f64, f64)>,
    /// The 90% interval of that test value after each trial; empty for none.
    pub test_band: Vec<BandPoint>,
    /// The money axis' title without the unit; empty for the default, "Net value".
    pub axis_label: String,
}

impl Chart for WinnersCurseChart {
    fn title(&self) -> &str {
        &self.title
    }
}

/// A step path: each point's value holds until the next trial changes it. `held` is the
/// earlier point moved to a later point's x (a line's value, or a band's interval).
fn steps<P: Copy>(points: &[P], held: impl Fn(P, &P) -> P) -> Vec<P> {
    let mut path = Vec::with_capacity(points.len() * 2);
    for (i, point) in points.iter().enumerate() {
        if i > 0 {
            path.push(held(points[i - 1], point));
        }
        path.push(*point);
    }
    path
}

/// How strongly the test value's band is tinted.
const TEST_BAND: f64 = 0.18;

impl Render for WinnersCurseChart {
    fn render<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> Result<()> {
        let validation = clean_points(&self.validation);
        let test = clean_points(&self.test);
        let band = clean_band(&self.test_band);
        let mut legend = vec![
            (
                "Best so far, on validation rows".to_string(),
                Swatch::Line(colour::BLUE),
            ),
            (
                "The same model on test rows".to_string(),
                Swatch::Line(colour::VERMILION),
            ),
        ];
        if !band.is_empty() {
            legend.push((
                "Its 90% interval".to_string(),
                Swatch::Band(colour::VERMILION, TEST_BAND),
            ));
        }
        let xs: Vec<f64> = validation.iter().chain(&test).map(|p| p.0).collect();
        let ys: Vec<f64> = validation
            .iter()
            .chain(&test)
            .map(|p| p.1)
            .chain(band.iter().flat_map(|p| [p.low, p.high]))
            .collect();
        let frame = canvas::money_frame(
            canvas,
            &self.title,
            &self.subtitle,
            &legend,
            AxisSpec {
                values: &xs,
                scale: Scale::Count,
                zero: true,
                title: "Number of trials".to_string(),
                ticks_at: &[],
            },
            &ys,
            &or_default(&self.axis_label, "Net value"),
            true,
        )?;
        if xs.is_empty() {
            canvas::no_data(canvas, &frame)?;
        }
        canvas::band(
            canvas,
            &frame,
            &steps(&band, |earlier, at| BandPoint { x: at.x, ..earlier }),
            colour::VERMILION,
            TEST_BAND,
        )?;
        let mut taken = Vec::new();
        for (points, c) in [(&validation, colour::BLUE), (&test, colour::VERMILION)] {
            let path: Vec<(f64, f64)> = steps(points, |earlier, at| (at.0, earlier.1))
                .into_iter()
                .map(|(x, y)| frame.at(x, y))
                .collect();
            canvas.line(&path, c.to_rgba(), 3.5)?;
            canvas::trace(&path, &mut taken);
            if let Some(&last) = path.last() {
                canvas.marker(last, canvas::Shape::Circle, 10.0, c.to_rgba())?;
            }
        }
        if let (Some(v), Some(t)) = (validation.last(), test.last()) {
            if (v.0 - t.0).abs() < 1e-9 {
                let text = gap_label(v.0, v.1 - t.1, canvas.currency);
                let (a, b) = (frame.at(v.0, v.1), frame.at(t.0, t.1));
                taken.push(canvas::Rect {
                    left: a.0 - 8.0,
                    top: a.1.min(b.1) - 8.0,
                    right: a.0 + 8.0,
                    bottom: a.1.max(b.1) + 8.0,
                });
                canvas.label_near(
                    &text,
                    (a.0, (a.1 + b.1) / 2.0),
                    NOTE,
                    colour::INK,
                    frame.area,
                    &mut taken,
                )?;
            }
        }
        Ok(())
    }
}

/// The gap between the best-so-far's validation and test value in words: a signed "gap" of
/// -12,316 USD left the reader to work out which side was higher and whether that is the
/// winner's curse (validation above test) or its absence.
fn gap_label(trials: f64, gap: f64, currency: &str) -> String {
    let after = format!("after {} trials", thousands(trials));
    if gap.abs() < crate::base::format::NEGLIGIBLE {
        format!("validation and test agree {after}")
    } else if gap > 0.0 {
        format!(
            "validation above test by {} {after}",
            format_money(gap, currency)
        )
    } else {
        format!(
            "test above validation by {} {after}",
            format_money(-gap, currency)
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_gap_says_which_side_is_higher() {
        use super::gap_label;
        assert_eq!(
            gap_label(30.0, -12_316.0, "USD"),
            "test above validation by 12,316 USD after 30 trials"
        );
        assert_eq!(
            gap_label(5.0, 0.02, ""),
            "validation above test by 0.02 after 5 trials"
        );
        assert_eq!(
            gap_label(5.0, 0.0, ""),
            "validation and test agree after 5 trials"
        );
    }
}
