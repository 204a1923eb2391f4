//! Drawing primitives shared by the charts, in layout pixels of a 1280 x 720 picture.
//!
//! The module is private, so [`Render`] and [`Canvas`] cannot be named outside `plots`: the
//! [`super::Chart`] trait is sealed and the drawing code stays free to change.
//!
//! The submodules are private too and everything is re-exported here, so the charts (and the
//! submodules among themselves) name things as `canvas::X` whichever file they live in.

mod axes;
mod frame;
mod header;
mod labels;
mod primitives;
mod style;

use plotters::prelude::*;

use crate::base::error::Result;

pub use primitives::{unit_title, Canvas};

pub(super) use axes::{zero_within_reach, Axis, AxisSpec, Scale};
pub(super) use frame::{band, money_frame, no_data, rows_frame, xy_frame, Frame, RowLabel};
pub(super) use labels::{bar_label, keep_clear, trace, vertical_marker};
pub(super) use primitives::Rect;
pub(super) use style::{
    colour, ink, Align, Font, Shape, Swatch, Valign, AXIS_TITLE, LABEL, MARGIN, NOTE, SUBTITLE,
    TITLE,
};

/// Draws a chart on a canvas; the half of [`super::Chart`] that stays private.
pub trait Render {
    /// Draws the whole chart, background included.
    fn render<DB: DrawingBackend>(&self, canvas: &Canvas<'_, DB>) -> Result<()>;
}
