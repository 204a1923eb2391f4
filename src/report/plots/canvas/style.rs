//! How the charts look: colours, fonts, alignment and marker shapes.

use plotters::style::RGBColor;

/// Okabe-Ito colours: told apart by people with the common colour-vision deficiencies.
pub mod colour {
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
    /// What a decision reads beside what a chart reports (the validation rows' curve).
    pub const PURPLE: RGBColor = RGBColor(204, 121, 167);
}

/// A darker shade of a series colour for text naming that series: orange and green letters on
/// white are too faint to read at label size.
pub fn ink(series: RGBColor) -> RGBColor {
    let RGBColor(r, g, b) = series;
    let darker = |c: u8| (f64::from(c) * 0.7).round() as u8;
    RGBColor(darker(r), darker(g), darker(b))
}

/// A text size and weight, in layout pixels.
#[derive(Debug, Clone, Copy)]
pub struct Font {
    pub size: f64,
    pub bold: bool,
}

/// The chart title: large enough to read from the back of a room.
pub const TITLE: Font = Font {
    size: 31.0,
    bold: true,
};
/// The line under the title.
pub const SUBTITLE: Font = Font {
    size: 20.0,
    bold: false,
};
/// Axis titles.
pub const AXIS_TITLE: Font = Font {
    size: 21.0,
    bold: false,
};
/// Tick labels, legend entries and annotations.
pub const LABEL: Font = Font {
    size: 19.0,
    bold: false,
};
/// Annotations that name a point.
pub const NOTE: Font = Font {
    size: 19.0,
    bold: true,
};

/// Horizontal alignment of a text against its x.
#[derive(Debug, Clone, Copy)]
pub enum Align {
    Left,
    Centre,
    Right,
}

/// Vertical alignment of a text against its y.
#[derive(Debug, Clone, Copy)]
pub enum Valign {
    Top,
    Middle,
    Bottom,
}

/// Marker shapes, so series differ by more than colour.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    Circle,
    Square,
    Diamond,
}

/// What a legend entry shows next to its text.
#[derive(Debug, Clone, Copy)]
pub enum Swatch {
    Line(RGBColor),
    Dashed(RGBColor),
    /// A band's fill, at the opacity it is drawn with.
    Band(RGBColor, f64),
    Bar(RGBColor),
    Marker(RGBColor, Shape),
}

/// Outer margin of the picture.
pub const MARGIN: f64 = 28.0;
