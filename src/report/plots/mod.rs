//! Charts for the reports: plain data in, a PNG and an SVG out.
//!
//! Every chart kind has its own module with a plain data struct (no plotters types), and every
//! struct implements [`Chart`]. [`write`] renders a chart to `STEM.png` and `STEM.svg`; [`svg`]
//! gives the SVG text for inlining into an HTML report; [`png`] gives the PNG bytes.
//!
//! The charts are laid out by hand (not with plotters' chart builder) so that the legend always
//! sits above the plot area instead of over the data, axis ticks land on round numbers, money
//! ticks carry thousands separators, and long labels are cut to fit. PNGs are drawn at twice the
//! size and scaled down, because plotters' bitmap backend draws lines without anti-aliasing.

pub mod breakdown;
pub mod capacity;
pub mod frontier;
pub mod gain_distribution;
pub mod learning;
pub mod threshold;
pub mod tornado;
pub mod trials;
pub mod winners_curse;

mod canvas;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use plotters::prelude::*;
use plotters::style::FontStyle;

use crate::base::error::{Error, Result};
use crate::store::staging::write_atomic;

/// Width of the PNG in pixels (and of the SVG in user units): a 16:9 slide.
pub const WIDTH: u32 = 1280;
/// Height of the PNG in pixels (and of the SVG in user units).
pub const HEIGHT: u32 = 720;

/// How many device pixels a layout pixel gets in the PNG before it is scaled down; 2 is enough to
/// smooth the jagged lines of the bitmap backend.
const SUPERSAMPLE: u32 = 2;

/// The family the embedded font is registered under. plotters writes the family name verbatim
/// into the SVG's `font-family`, so a CSS fallback list here lets browsers without DejaVu Sans
/// pick a font of similar width.
const FAMILY: &str = "DejaVu Sans, Verdana, sans-serif";

static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// A value with its interval, at some position on the x axis (trials, training rows).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BandPoint {
    /// Position on the x axis.
    pub x: f64,
    /// The central estimate (mean or median).
    pub value: f64,
    /// Lower end of the interval.
    pub low: f64,
    /// Upper end of the interval.
    pub high: f64,
}

/// A chart that can be rendered; implemented by the chart structs of the submodules.
pub trait Chart: canvas::Render {
    /// The chart's title, also the text a test looks for in the SVG.
    fn title(&self) -> &str;
}

/// Renders `chart` to `DIR/STEM.png` and `DIR/STEM.svg` and returns both paths.
///
/// Each file is written to a temporary name and renamed, so a crash never leaves half a chart.
/// `currency` is the unit shown on money axes, e.g. `"EUR"`.
pub fn write<C: Chart>(chart: &C, currency: &str, dir: &Path, stem: &str) -> Result<Vec<PathBuf>> {
    write_drawn(dir, stem, &png(chart, currency)?, &svg(chart, currency)?)
}

/// Writes a chart already drawn to `DIR/STEM.png` and `DIR/STEM.svg` (creating `DIR`), each
/// to a temporary name and renamed, and returns both paths.
pub fn write_drawn(dir: &Path, stem: &str, png: &[u8], svg: &str) -> Result<Vec<PathBuf>> {
    if stem.is_empty() || stem.contains(['/', '\\']) {
        return Err(Error::internal(format!(
            "chart file stem `{stem}` must be a plain file name"
        )));
    }
    std::fs::create_dir_all(dir).map_err(|err| crate::base::error::io_error("create", dir, err))?;
    let png_path = dir.join(format!("{stem}.png"));
    let svg_path = dir.join(format!("{stem}.svg"));
    write_atomic(&png_path, png)?;
    write_atomic(&svg_path, svg.as_bytes())?;
    Ok(vec![png_path, svg_path])
}

/// Renders `chart` as an SVG document of [`WIDTH`] x [`HEIGHT`] user units.
///
/// Text is escaped by plotters' SVG backend, so labels from configs or column names cannot
/// inject markup when the SVG is inlined into HTML.
pub fn svg<C: Chart>(chart: &C, currency: &str) -> Result<String> {
    register_fonts()?;
    let mut text = String::new();
    {
        let backend = SVGBackend::with_string(&mut text, (WIDTH, HEIGHT));
        let root = backend.into_drawing_area();
        let canvas = canvas::Canvas::new(root, 1.0, false, currency);
        chart.render(&canvas).map_err(|err| context(chart, err))?;
        canvas.finish().map_err(|err| context(chart, err))?;
    }
    Ok(crate::base::text::xml_safe(text))
}

/// Renders `chart` as PNG bytes, [`WIDTH`] x [`HEIGHT`] pixels, RGB.
pub fn png<C: Chart>(chart: &C, currency: &str) -> Result<Vec<u8>> {
    register_fonts()?;
    let (big_w, big_h) = (WIDTH * SUPERSAMPLE, HEIGHT * SUPERSAMPLE);
    let mut pixels = vec![255u8; (big_w * big_h * 3) as usize];
    {
        let backend = BitMapBackend::with_buffer(&mut pixels, (big_w, big_h));
        let root = backend.into_drawing_area();
        let canvas = canvas::Canvas::new(root, f64::from(SUPERSAMPLE), true, currency);
        chart.render(&canvas).map_err(|err| context(chart, err))?;
        canvas.finish().map_err(|err| context(chart, err))?;
    }
    let big = image::RgbImage::from_raw(big_w, big_h, pixels)
        .ok_or_else(|| Error::internal("chart bitmap has the wrong size"))?;
    let small = image::imageops::resize(&big, WIDTH, HEIGHT, image::imageops::FilterType::Triangle);
    let mut bytes = Vec::new();
    image::ImageEncoder::write_image(
        image::codecs::png::PngEncoder::new(&mut bytes),
        small.as_raw(),
        WIDTH,
        HEIGHT,
        image::ColorType::Rgb8,
    )
    .map_err(|err| Error::internal(format!("cannot encode chart `{}`: {err}", chart.title())))?;
    Ok(bytes)
}

fn context<C: Chart>(chart: &C, err: Error) -> Error {
    Error::internal(format!("cannot draw chart `{}`: {err}", chart.title()))
}

/// Registers the embedded fonts with plotters once per process; plotters keeps them in a global
/// table and has no font of its own without font-kit.
fn register_fonts() -> Result<()> {
    static DONE: OnceLock<std::result::Result<(), String>> = OnceLock::new();
    DONE.get_or_init(|| {
        for (style, bytes) in [(FontStyle::Normal, REGULAR), (FontStyle::Bold, BOLD)] {
            plotters::style::register_font(FAMILY, style, bytes)
                .map_err(|_| "the embedded DejaVu Sans font is invalid".to_string())?;
        }
        Ok(())
    })
    .clone()
    .map_err(Error::internal)
}

/// Values beyond this size are treated like NaN. It is the largest amount `worthit analyze`
/// computes with: until 2026-12-06 it was 1e15, so a run whose amounts reached 1e20 (payoffs of
/// 1e15 over a million decisions a year, or a log of squared errors) drew "No data to show" in
/// every chart of money while its sentences gave the amounts.
const LIMIT: f64 = 1e100;

/// Whether a value can be drawn: finite and of a believable size.
fn usable(value: f64) -> bool {
    value.is_finite() && value.abs() <= LIMIT
}

/// `interval` where both its ends can be drawn.
fn usable_interval(interval: Option<(f64, f64)>) -> Option<(f64, f64)> {
    interval.filter(|&(low, high)| usable(low) && usable(high))
}

/// `label`, or `default` when the caller left it empty.
fn or_default(label: &str, default: &str) -> String {
    if label.is_empty() { default } else { label }.to_string()
}

/// Keeps the points whose coordinates are all finite, sorted by x; NaN and infinities in the
/// input are skipped instead of breaking the axis range.
fn clean_points(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut kept: Vec<(f64, f64)> = points
        .iter()
        .copied()
        .filter(|(x, y)| usable(*x) && usable(*y))
        .collect();
    kept.sort_by(|a, b| a.0.total_cmp(&b.0));
    kept
}

/// Like [`clean_points`] for band points: a point needs a finite x and value; an interval end
/// that is not finite collapses onto the value, so the point still draws.
fn clean_band(points: &[BandPoint]) -> Vec<BandPoint> {
    let mut kept: Vec<BandPoint> = points
        .iter()
        .filter(|p| usable(p.x) && usable(p.value))
        .map(|p| {
            let low = if usable(p.low) { p.low } else { p.value };
            let high = if usable(p.high) { p.high } else { p.value };
            BandPoint {
                x: p.x,
                value: p.value,
                low: low.min(high),
                high: high.max(low),
            }
        })
        .collect();
    kept.sort_by(|a, b| a.x.total_cmp(&b.x));
    kept
}

#[cfg(test)]
mod tests;
