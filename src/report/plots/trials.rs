//! Expected best net value against the number of trials: is another trial worth its cost?

use plotters::prelude::*;

use super::canvas::{self, colour, AxisSpec, Canvas, Render, Scale, Swatch};
use super::{clean_band, clean_points, or_default, BandPoint, Chart};
use crate::base::error::Result;

/// Opacity of the band of the trials run (between sweeps) and of the forecast's band beyond.
const OBSERVED_BAND: f64 = 0.22;
const FORECAST_BAND: f64 = 0.10;

/// Expected best net value as the sweep grows, its cost, and where to stop.
#[derive(Debug, Clone, Default)]
pub struct TrialsChart {
    /// Plain-word title, e.g. "More trials pay off until about 14".
    pub title: String,
    /// One line under the title, e.g. the dataset and the date; empty for none.
    pub subtitle: String,
    /// Measured: x is the number of trials, value the expected best net value, low/high where
    /// 90% of sweeps of x of these trials end.
    pub observed: Vec<BandPoint>,
    /// Extrapolated beyond the measured trials, drawn dashed; joined to the last observed point.
    pub extrapolated: Vec<BandPoint>,
    /// Cumulative cost of the sweep after x trials, on the same money axis.
    pub cumulative_cost: Vec<(f64, f64)>,
    /// A vertical marker, e.g. at the break-even point.
    pub stop: Option<StopMarker>,
    /// The forecast made at half the trials, set beside what the full sweep gave.
    pub backtest: Option<BacktestMarker>,
    /// The curve the tuning answer reads, when it reads other rows than the main line's.
    pub validation: Option<ValidationLine>,
    /// The legend's name for the main line; empty for the default, "Expected best net value".
    pub value_label: String,
    /// The money axis' title without the unit; empty for the default, "Net value and cost".
    pub axis_label: String,
}

/// The curve a priced tuning answer reads on the validation rows, drawn beside the test rows'
/// curve so that the chart shows what the answer above it reads.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ValidationLine {
    /// Measured: (trials, expected best gain on the validation rows).
    pub observed: Vec<(f64, f64)>,
    /// The curve fitted to it, from the trials run on, drawn dashed.
    pub fitted: Vec<(f64, f64)>,
    /// Where a *run more* leads on the fitted curve, with the 90% band of the gain it quotes.
    pub run_more: Option<BandPoint>,
    /// The legend's name for `run_more`, e.g. "Run about 90 more trials: expected (90% band)".
    pub run_more_label: String,
}

/// A labelled vertical line on the trials axis.
#[derive(Debug, Clone, PartialEq)]
pub struct StopMarker {
    /// Number of trials where the line stands.
    pub trials: f64,
    /// The label at its top, e.g. "break-even: 14 trials".
    pub label: String,
}

/// The forecast's track record: what a fit to the first trials said the full count would give
/// (x is that count, with the band), and what it gave.
#[derive(Debug, Clone, PartialEq)]
pub struct BacktestMarker {
    /// The forecast at the full count, with its 90% band.
    pub forecast: BandPoint,
    /// What the full sweep gave, on the value axis.
    pub actual: f64,
    /// The label beside the forecast, e.g. "forecast made at 15 trials": it stands at the full count,
    /// so "forecast at 15 trials" read as a forecast for 15.
    pub label: String,
}

impl Chart for TrialsChart {
    fn title(&self) -> &str {
        &self.title
    }
}

impl Render for TrialsChart {
    fn render<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> Result<()> {
        let observed = clean_band(&self.observed);
        let mut extrapolated = clean_band(&self.extrapolated);
        if let (Some(last), Some(first)) = (observed.last(), extrapolated.first()) {
            if first.x > last.x {
                extrapolated.insert(0, *last);
            }
        }
        let cost = clean_points(&self.cumulative_cost);

        let mut legend = vec![(
            or_default(&self.value_label, "Expected best net value"),
            Swatch::Line(colour::BLUE),
        )];
        // The two bands answer different questions: where one sweep of n of these trials would
        // end (the spread between sweeps), and how sure the forecast of the expected best is.
        if observed.iter().any(|p| p.high > p.low) {
            legend.push((
                "Where 90% of sweeps of n trials end".to_string(),
                Swatch::Band(colour::BLUE, OBSERVED_BAND),
            ));
        }
        if extrapolated.iter().any(|p| p.high > p.low) {
            legend.push((
                "Forecast's 90% band".to_string(),
                Swatch::Band(colour::BLUE, FORECAST_BAND),
            ));
        }
        if extrapolated.len() > 1 {
            legend.push(("Extrapolated".to_string(), Swatch::Dashed(colour::BLUE)));
        }
        if !cost.is_empty() {
            legend.push((
                "Cumulative cost of the sweep".to_string(),
                Swatch::Line(colour::VERMILION),
            ));
        }

        let validation = self.validation.as_ref().map(|v| {
            let run_more = v
                .run_more
                .filter(|p| [p.x, p.value, p.low, p.high].iter().all(|v| v.is_finite()));
            (
                clean_points(&v.observed),
                clean_points(&v.fitted),
                run_more,
                v,
            )
        });
        if let Some((observed, fitted, run_more, line)) = &validation {
            if !observed.is_empty() || !fitted.is_empty() {
                legend.push((
                    "Expected gain on the validation rows, what the tuning answer reads"
                        .to_string(),
                    Swatch::Line(colour::PURPLE),
                ));
            }
            if run_more.is_some() {
                legend.push((
                    line.run_more_label.clone(),
                    Swatch::Marker(colour::PURPLE, canvas::Shape::Circle),
                ));
            }
        }

        let backtest = self.backtest.as_ref().filter(|b| {
            [
                b.forecast.x,
                b.forecast.value,
                b.forecast.low,
                b.forecast.high,
                b.actual,
            ]
            .iter()
            .all(|v| v.is_finite())
        });
        if let Some(b) = backtest {
            legend.push((
                format!("{} (90% band)", capitalised(&b.label)),
                Swatch::Marker(colour::GREEN, canvas::Shape::Diamond),
            ));
            legend.push((
                "What the full sweep gave".to_string(),
                Swatch::Marker(colour::INK, canvas::Shape::Square),
            ));
        }

        let mut xs: Vec<f64> = observed.iter().chain(&extrapolated).map(|p| p.x).collect();
        xs.extend(cost.iter().map(|c| c.0));
        if let Some(stop) = &self.stop {
            xs.push(stop.trials);
        }
        let validation_points = validation
            .iter()
            .flat_map(|(observed, fitted, _, _)| observed.iter().chain(fitted).copied())
            .collect::<Vec<_>>();
        let run_more = validation
            .as_ref()
            .and_then(|(_, _, run_more, _)| *run_more);
        // One catastrophic trial can make the band at 1 trial hundreds of times wider than
        // everything else (KDD Cup 99: -2M against a curve within 0.1M of 0) and flatten the
        // curves the chart is for. The axis follows the curves; a band reaching further than
        // their span again is cut there.
        let (floor, ceiling) = band_limits(
            observed
                .iter()
                .chain(&extrapolated)
                .map(|p| p.value)
                .chain(cost.iter().map(|c| c.1))
                .chain(backtest.iter().flat_map(|b| [b.forecast.value, b.actual]))
                .chain(validation_points.iter().map(|p| p.1)),
        );
        let cut = |p: &BandPoint| BandPoint {
            low: p.low.clamp(floor, ceiling),
            high: p.high.clamp(floor, ceiling),
            ..*p
        };
        let observed: Vec<BandPoint> = observed.iter().map(cut).collect();
        let extrapolated: Vec<BandPoint> = extrapolated.iter().map(cut).collect();
        let backtest = backtest.map(|b| BacktestMarker {
            forecast: cut(&b.forecast),
            ..b.clone()
        });
        let backtest = backtest.as_ref();
        let mut ys: Vec<f64> = observed
            .iter()
            .chain(&extrapolated)
            .flat_map(|p| [p.low, p.value, p.high])
            .collect();
        ys.extend(cost.iter().map(|c| c.1));
        xs.extend(validation_points.iter().map(|p| p.0));
        ys.extend(validation_points.iter().map(|p| p.1));
        let run_more = run_more.map(|p| cut(&p));
        if let Some(p) = &run_more {
            xs.push(p.x);
            ys.extend([p.low, p.high]);
        }
        if let Some(b) = backtest {
            xs.push(b.forecast.x);
            ys.extend([b.forecast.low, b.forecast.high, b.actual]);
        }
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
            &or_default(&self.axis_label, "Net value and cost"),
            true,
        )?;

        canvas::band(canvas, &frame, &observed, colour::BLUE, OBSERVED_BAND)?;
        canvas::band(canvas, &frame, &extrapolated, colour::BLUE, FORECAST_BAND)?;
        let points = |band: &[BandPoint]| -> Vec<(f64, f64)> {
            band.iter().map(|p| frame.at(p.x, p.value)).collect()
        };
        canvas.dashed(&points(&extrapolated), colour::BLUE.to_rgba(), 3.0)?;
        let cost_line: Vec<(f64, f64)> = cost.iter().map(|&(x, y)| frame.at(x, y)).collect();
        canvas.line(&cost_line, colour::VERMILION.to_rgba(), 3.5)?;
        let value_line = points(&observed);
        canvas.line(&value_line, colour::BLUE.to_rgba(), 3.5)?;
        if value_line.len() == 1 {
            canvas.marker(
                value_line[0],
                canvas::Shape::Circle,
                10.0,
                colour::BLUE.to_rgba(),
            )?;
        }
        if cost_line.len() == 1 {
            canvas.marker(
                cost_line[0],
                canvas::Shape::Circle,
                10.0,
                colour::VERMILION.to_rgba(),
            )?;
        }
        if observed.is_empty() && extrapolated.is_empty() && cost.is_empty() {
            canvas::no_data(canvas, &frame)?;
        }
        let at = |line: &[(f64, f64)]| -> Vec<(f64, f64)> {
            line.iter().map(|&(x, y)| frame.at(x, y)).collect()
        };
        let (validation_line, validation_fitted) = match &validation {
            Some((observed, fitted, _, _)) => (at(observed), at(fitted)),
            None => (Vec::new(), Vec::new()),
        };
        let purple = colour::PURPLE.to_rgba();
        canvas.dashed(&validation_fitted, purple, 3.0)?;
        canvas.line(&validation_line, purple, 3.0)?;
        let mut taken = Vec::new();
        for line in [
            &value_line,
            &cost_line,
            &points(&extrapolated),
            &validation_line,
            &validation_fitted,
        ] {
            canvas::trace(line, &mut taken);
        }
        if let Some(p) = &run_more {
            let x = frame.x_px(p.x);
            let (low, high) = (frame.y_px(p.low), frame.y_px(p.high));
            canvas.line(&[(x, low), (x, high)], purple, 3.0)?;
            for y in [low, high] {
                canvas.line(&[(x - 6.0, y), (x + 6.0, y)], purple, 3.0)?;
            }
            let centre = (x, frame.y_px(p.value));
            canvas.marker(centre, canvas::Shape::Circle, 12.0, purple)?;
            canvas::trace(&[(x, low), (x, high)], &mut taken);
        }
        if let Some(b) = backtest {
            draw_backtest(canvas, &frame, b, &mut taken)?;
        }
        if let Some(stop) = &self.stop {
            canvas::vertical_marker(
                canvas,
                &frame,
                stop.trials,
                &stop.label,
                colour::INK,
                &mut taken,
            )?;
        }
        Ok(())
    }
}

/// The forecast as a diamond on a vertical band, a little left of the full count, and the actual
/// value as a square a little right of it, so neither hides the other or the curve's end.
fn draw_backtest<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    frame: &canvas::Frame,
    b: &BacktestMarker,
    taken: &mut Vec<canvas::Rect>,
) -> Result<()> {
    let x = frame.x_px(b.forecast.x);
    let (left, right) = (x - 9.0, x + 9.0);
    let (low, high) = (frame.y_px(b.forecast.low), frame.y_px(b.forecast.high));
    let green = colour::GREEN.to_rgba();
    canvas.line(&[(left, low), (left, high)], green, 3.0)?;
    for y in [low, high] {
        canvas.line(&[(left - 6.0, y), (left + 6.0, y)], green, 3.0)?;
    }
    let forecast = (left, frame.y_px(b.forecast.value));
    canvas.marker(forecast, canvas::Shape::Diamond, 14.0, green)?;
    let actual = (right, frame.y_px(b.actual));
    canvas.marker(actual, canvas::Shape::Square, 11.0, colour::INK.to_rgba())?;
    canvas::trace(&[(left, low), (left, high)], taken);
    canvas::trace(&[actual], taken);
    canvas.label_near(
        &b.label,
        forecast,
        canvas::LABEL,
        canvas::ink(colour::GREEN),
        frame.area,
        taken,
    )
}

/// How far a band may reach: the span of `values` again beyond each end (no limit without
/// values, or when they are all equal).
fn band_limits(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (low, high) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    let span = high - low;
    if span.is_finite() && span > 0.0 {
        (low - span, high + span)
    } else {
        (f64::NEG_INFINITY, f64::INFINITY)
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().collect::<String>() + chars.as_str()
    })
}

#[cfg(test)]
mod tests {
    use super::band_limits;

    #[test]
    fn a_band_reaches_the_span_of_the_curves_again_at_most() {
        assert_eq!(band_limits([0.0, -1.0, 2.0].into_iter()), (-4.0, 5.0));
        // Non-finite values do not count; no span, no limit.
        assert_eq!(
            band_limits([f64::NAN, 3.0, 3.0].into_iter()),
            (f64::NEG_INFINITY, f64::INFINITY)
        );
        assert_eq!(
            band_limits(std::iter::empty()),
            (f64::NEG_INFINITY, f64::INFINITY)
        );
    }
}
