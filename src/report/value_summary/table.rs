//! The table model both reports draw their tables from: plain-text headings and cells, how
//! each column aligns, which row stands out, and which amounts carry their 90% interval.

/// A table both reports show, in plain text: each writer escapes every heading and cell for
/// its medium and sets the alignment and emphasis its own way.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Each column's heading and how its cells align.
    pub columns: Vec<(String, Align)>,
    /// One cell per column in each row.
    pub rows: Vec<Row>,
}

/// One row of a [`Table`]: its cells, and how its first cell, which names the row, stands out.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// One per column, the name first.
    pub cells: Vec<String>,
    /// How the name stands out.
    pub emphasis: Emphasis,
    /// Said after the name, set apart (a model "trained elsewhere").
    pub aside: Option<String>,
}

impl From<Vec<String>> for Row {
    fn from(cells: Vec<String>) -> Row {
        Row {
            cells,
            emphasis: Emphasis::None,
            aside: None,
        }
    }
}

/// How a row's name stands out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Emphasis {
    /// Plain.
    None,
    /// The row the run picks (bold).
    Chosen,
    /// A row to compare with, not to pick: a rule of thumb (italics; its name may wrap).
    Reference,
}

/// How a table column aligns: text reads from the left, amounts line up on the right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Names and descriptions.
    Left,
    /// Amounts.
    Right,
    /// The 90% interval of the amounts in the column before it ("-18,232 to -15,744"): the
    /// writers show it in that column's cell, with the amount ([`Table::shown`]).
    Interval,
}

/// A column as the reports show it: its heading, how it aligns, and the heading of the
/// interval its cells carry with their amounts, if they do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column<'a> {
    /// The heading, e.g. "test net value (EUR)".
    pub heading: &'a str,
    /// How its cells align.
    pub align: Align,
    /// The interval's heading ("90% interval") when the column's amounts carry one.
    pub interval: Option<&'a str>,
}

/// A cell as the reports show it: its text, and the interval of its amount, if it has one.
pub type Cell<'a> = (&'a str, Option<&'a str>);

impl Table {
    /// Each column's place among the columns shown, and whether it is the interval of the
    /// amount column there: an interval column goes with the amount column before it, so each
    /// amount and its interval share one cell and a table of twelve columns shows nine (one
    /// that follows no amount column stays a column of its own).
    fn places(&self) -> Vec<(usize, bool)> {
        let mut places = Vec::with_capacity(self.columns.len());
        let mut shown = 0;
        for (i, (_, align)) in self.columns.iter().enumerate() {
            let joins =
                *align == Align::Interval && i > 0 && self.columns[i - 1].1 != Align::Interval;
            if joins {
                places.push((shown - 1, true));
            } else {
                places.push((shown, false));
                shown += 1;
            }
        }
        places
    }

    /// The columns as the reports show them, each interval column folded into the amount
    /// column before it.
    pub fn shown(&self) -> Vec<Column<'_>> {
        let mut columns: Vec<Column<'_>> = Vec::new();
        for ((heading, align), (place, interval)) in self.columns.iter().zip(self.places()) {
            match columns.get_mut(place) {
                Some(column) if interval => column.interval = Some(heading),
                _ => columns.push(Column {
                    heading,
                    align: *align,
                    interval: None,
                }),
            }
        }
        columns
    }

    /// A row's cells as the reports show them, one per column of [`Table::shown`]: each
    /// amount with its interval, `None` where it has none (a dash).
    pub fn shown_cells<'a>(&self, row: &'a Row) -> Vec<Cell<'a>> {
        let mut cells: Vec<Cell<'a>> = Vec::new();
        for (cell, (place, interval)) in row.cells.iter().zip(self.places()) {
            match cells.get_mut(place) {
                Some(shown) if interval => shown.1 = (cell != "—").then_some(cell.as_str()),
                _ => cells.push((cell, None)),
            }
        }
        cells
    }
}

/// A model's amount and its interval, and a rule's dashes: what each writer's test of an
/// interval in its amount's cell reads.
#[cfg(test)]
pub(in crate::report) fn amount_and_interval() -> Table {
    Table {
        columns: vec![
            ("model".into(), Align::Left),
            ("net value (EUR)".into(), Align::Right),
            ("90% interval".into(), Align::Interval),
        ],
        rows: vec![
            vec!["a".into(), "-16,941".into(), "-18,232 to -15,744".into()].into(),
            vec!["rule".into(), "—".into(), "—".into()].into(),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::{Align, Column, Row, Table};

    /// An interval column goes into the amount's cell before it; one after another interval,
    /// or first, stays a column; a dash is no interval.
    #[test]
    fn each_interval_is_shown_in_its_amounts_cell() {
        let table = Table {
            columns: vec![
                ("model".into(), Align::Left),
                ("net value (EUR)".into(), Align::Right),
                ("90% interval".into(), Align::Interval),
                ("other".into(), Align::Interval),
                ("P(gain)".into(), Align::Right),
            ],
            rows: vec![
                Row::from(
                    ["a", "-16,941", "-18,232 to -15,744", "x", "36%"]
                        .map(String::from)
                        .to_vec(),
                ),
                Row::from(["b", "-43,006", "—", "—", "0%"].map(String::from).to_vec()),
            ],
        };
        assert_eq!(
            table.shown(),
            [
                Column {
                    heading: "model",
                    align: Align::Left,
                    interval: None
                },
                Column {
                    heading: "net value (EUR)",
                    align: Align::Right,
                    interval: Some("90% interval")
                },
                Column {
                    heading: "other",
                    align: Align::Interval,
                    interval: None
                },
                Column {
                    heading: "P(gain)",
                    align: Align::Right,
                    interval: None
                },
            ]
        );
        assert_eq!(
            table.shown_cells(&table.rows[0]),
            [
                ("a", None),
                ("-16,941", Some("-18,232 to -15,744")),
                ("x", None),
                ("36%", None)
            ]
        );
        assert_eq!(
            table.shown_cells(&table.rows[1]),
            [("b", None), ("-43,006", None), ("—", None), ("0%", None)]
        );
    }
}
