//! The tables of the ranges of `[value]`: how the best candidate's difference to the baseline
//! moves with each range alone (sensitivity) and with every range at once (scenarios), each
//! amount with its interval over the test rows where the run keeps one.

use super::{in_currency, Align, Row, Table, IN_HEADING};
use crate::base::format::{amount_interval, interval, money, parameter, signed_money};
use crate::value::bootstrap::BootstrapSummary;
use crate::value::schema::ValueResults;
use crate::value::Scenario;

/// How the best candidate's difference to the baseline moves with each range alone at its low
/// or high end (every other at its midpoint); `None` without ranges.
pub fn sensitivity_table(value: &ValueResults) -> Option<Table> {
    if value.sensitivity.is_empty() {
        return None;
    }
    // Intervals are kept since 2026-12-07: an older run's table has no interval columns.
    let intervals = value
        .sensitivity
        .iter()
        .any(|row| row.difference_at_low_interval.is_some());
    let rows = value
        .sensitivity
        .iter()
        .map(|row| {
            let mut cells = vec![
                row.parameter.clone(),
                parameter(row.low),
                parameter(row.high),
            ];
            for (difference, its_interval) in [
                (
                    row.difference_at_low,
                    row.difference_at_low_interval.as_ref(),
                ),
                (
                    row.difference_at_high,
                    row.difference_at_high_interval.as_ref(),
                ),
            ] {
                cells.push(signed_money(difference, IN_HEADING));
                if intervals {
                    cells.push(difference_cell(its_interval));
                }
            }
            cells.push(money(row.swing, IN_HEADING));
            Row::from(cells)
        })
        .collect();
    let mut columns = vec![
        ("range".to_string(), Align::Left),
        ("low".to_string(), Align::Right),
        ("high".to_string(), Align::Right),
    ];
    for heading in ["difference at low", "difference at high"] {
        columns.push((in_currency(heading, value), Align::Right));
        if intervals {
            columns.push(("90% interval".to_string(), Align::Interval));
        }
    }
    columns.push((in_currency("swing", value), Align::Right));
    Some(Table { columns, rows })
}

/// What the scenario table's intervals are, said under its heading; empty for a run folder
/// written before they were kept.
pub fn ends_intervals_note(value: &ValueResults) -> &'static str {
    if value
        .scenarios
        .iter()
        .any(|s| s.difference_interval.is_some())
    {
        INTERVALS_NOTE
    } else {
        ""
    }
}

/// What the sensitivity table's intervals are, said under its heading: which rows have them
/// when only the ranges that move the difference most do
/// (`value::pricing::uncertainty::SENSITIVITY_INTERVALS`); empty for a run folder written before
/// they were kept.
pub fn sensitivity_intervals_note(value: &ValueResults) -> String {
    let rows = &value.sensitivity;
    let with = rows
        .iter()
        .filter(|row| row.difference_at_low_interval.is_some())
        .count();
    match with {
        0 => String::new(),
        all if all == rows.len() => INTERVALS_NOTE.to_string(),
        some => format!(
            " The {some} ranges that move it most have their 90% intervals over resamples of the test rows, every number at those values; the others their amounts alone."
        ),
    }
}

/// The intervals of the sensitivity and scenario tables, said once under each heading.
const INTERVALS_NOTE: &str =
    " Each amount has its 90% interval over resamples of the test rows, every number at those values.";

/// A difference's interval in a table cell; a dash where the run keeps none.
pub(super) fn difference_cell(summary: Option<&BootstrapSummary>) -> String {
    summary.map_or_else(|| "—".to_string(), |s| interval(s.low, s.high, IN_HEADING))
}

/// An amount's interval in a table cell; a dash where the run keeps none.
pub(super) fn amount_cell(summary: Option<&BootstrapSummary>) -> String {
    summary.map_or_else(
        || "—".to_string(),
        |s| amount_interval(s.low, s.high, IN_HEADING),
    )
}

/// The baseline and the best candidate with every range at its low end, midpoint or high end
/// at once; `None` without ranges.
pub fn scenarios_table(value: &ValueResults) -> Option<Table> {
    if value.scenarios.is_empty() {
        return None;
    }
    // Intervals are kept since 2026-12-07: an older run's table has no interval columns.
    let intervals = value
        .scenarios
        .iter()
        .any(|s| s.difference_interval.is_some());
    let rows = value
        .scenarios
        .iter()
        .map(|s| {
            let label = match s.scenario {
                Scenario::Low => "low",
                Scenario::Mid => "mid",
                Scenario::High => "high",
            };
            let mut cells = vec![label.to_string()];
            let amounts = [
                (
                    money(s.baseline_net_value, IN_HEADING),
                    amount_cell(s.baseline_net_value_interval.as_ref()),
                ),
                (
                    money(s.best_net_value, IN_HEADING),
                    amount_cell(s.best_net_value_interval.as_ref()),
                ),
                (
                    signed_money(s.difference, IN_HEADING),
                    difference_cell(s.difference_interval.as_ref()),
                ),
            ];
            for (amount, its_interval) in amounts {
                cells.push(amount);
                if intervals {
                    cells.push(its_interval);
                }
            }
            Row::from(cells)
        })
        .collect();
    let mut columns = vec![("scenario".to_string(), Align::Left)];
    for heading in [
        "baseline net value",
        "best candidate net value",
        "difference",
    ] {
        columns.push((in_currency(heading, value), Align::Right));
        if intervals {
            columns.push(("90% interval".to_string(), Align::Interval));
        }
    }
    Some(Table { columns, rows })
}
