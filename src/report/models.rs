//! The models as both reports list them (one table of scores, training time and size, and a
//! line on each detailed model's footprint) and as the terminal lists them.

use super::value_summary::{Align, Row, Table};
use crate::analysis::metric_summary::MetricUnits;
use crate::base::format::{amount_interval, interval, metric, metric_interval, money, thousands};
use crate::model::{ModelParams, ModelResult};
use crate::results::RunResults;
use crate::value::schema::ModelValue;

/// Every model of the run, scored in its ranking metric. A model trained elsewhere has no size
/// worthit measured, and no training time but the one `--fit-seconds` gave, so its cells say
/// that instead of a 0 that reads as a measurement.
pub fn models_table(results: &RunResults) -> Table {
    let ranking = results.ranking_metric();
    let intervals = has_intervals(results, ranking);
    let gains = has_gains(results, ranking);
    let rows = results
        .models
        .iter()
        .map(|model| {
            let (fit, nodes) = match &model.params {
                ModelParams::External(external) => (
                    if external.fit_timed {
                        format!("{:.2} core-s, given", model.fit_seconds)
                    } else {
                        "not given".to_string()
                    },
                    "—".to_string(),
                ),
                _ => (
                    format!("{:.2}", model.fit_seconds),
                    thousands(model.nodes as f64),
                ),
            };
            let mut cells = vec![
                model.name.clone(),
                model.params.family().to_string(),
                metric(model.validation.get(ranking)),
                metric(model.test.get(ranking)),
            ];
            if intervals {
                cells.push(test_interval(model, ranking));
            }
            if gains {
                cells.push(test_gain(model, ranking));
            }
            cells.extend([fit, nodes]);
            Row::from(cells)
        })
        .collect();
    let mut columns = vec![
        ("model".into(), Align::Left),
        ("family".into(), Align::Left),
        (format!("validation {ranking}"), Align::Right),
        (format!("test {ranking}"), Align::Right),
    ];
    if intervals {
        columns.push((INTERVAL_HEADER.into(), Align::Right));
    }
    if gains {
        columns.push((gain_header(ranking), Align::Right));
    }
    columns.extend([
        ("fit s".into(), Align::Right),
        ("nodes".into(), Align::Right),
    ]);
    Table { columns, rows }
}

/// The heading of the column of each model's test interval.
const INTERVAL_HEADER: &str = "test 90% interval";

/// Whether the run keeps any model's test interval in `ranking`: a priced run written before
/// 2026-12-06 keeps none, and its tables go without the column.
fn has_intervals(results: &RunResults, ranking: &str) -> bool {
    results.models.iter().any(|model| {
        model
            .test_interval
            .as_ref()
            .is_some_and(|i| i.metric == ranking)
    })
}

/// Whether to show each candidate's paired test gain over the baseline: in a run without
/// `[value]` that keeps them (a priced run's value table gives the difference in money). Two
/// models' intervals overlap where their paired difference is clear, as on Ames housing, whose
/// baseline's test RMSE reads 26,336.6 to 34,298.2 beside the pick's 22,953.0 to 31,007.9 while
/// the pick's reduction is +1,428 to +5,103: the gain is the figure to read.
fn has_gains(results: &RunResults, ranking: &str) -> bool {
    results.value.is_none()
        && results.models.iter().any(|model| {
            model
                .test_gain
                .as_ref()
                .is_some_and(|g| g.metric == ranking)
        })
}

/// The heading of the column of each candidate's test gain over the baseline: "test ROC-AUC
/// gain (90% interval)", and for an error metric the reduction it is, "test RMSE reduction (90%
/// interval)".
fn gain_header(ranking: &str) -> String {
    let units = MetricUnits::of(ranking);
    let gain = if units.higher_is_better {
        format!("{} gain", units.unit)
    } else {
        units.unit
    };
    format!("test {gain} (90% interval)")
}

/// A candidate's paired test gain over the baseline in `ranking`, its 90% interval with both
/// ends signed; a dash for the baseline and any model without one.
fn test_gain(model: &ModelResult, ranking: &str) -> String {
    match model.test_gain.as_ref().filter(|g| g.metric == ranking) {
        Some(gain) => interval(gain.low, gain.high, ""),
        None => "—".to_string(),
    }
}

/// A model's test value's 90% interval in `ranking`, or a dash where it has none.
fn test_interval(model: &ModelResult, ranking: &str) -> String {
    match model.test_interval.as_ref().filter(|i| i.metric == ranking) {
        Some(interval) => metric_interval(interval.low, interval.high),
        None => "—".to_string(),
    }
}

/// The models as the terminal lists them, one line each under a header, in columns as wide as
/// their widest cell: the ranking metric on validation and test rows, the fit time and, in a
/// priced run, each model's validation net value with its 90% interval over the validation rows
/// (a dash for a run written before 2026-12-06, which keeps none). That is what a priced sweep
/// selects by, not the metric: without it a reader finds the shipped candidate below another on
/// the only validation figure (bank-marketing's trial-0001 above the shipped trial-0003 until
/// 2026-12-06).
pub fn terminal_table(results: &RunResults) -> Vec<String> {
    let ranking = results.ranking_metric();
    let left = |header: &str, cells: Vec<String>| Column {
        header: header.to_string(),
        cells,
        left: true,
        gap: 1,
    };
    let right = |header: String, cells: Vec<String>| Column {
        header,
        cells,
        left: false,
        gap: 1,
    };
    let of_each = |cell: &dyn Fn(&ModelResult) -> String| -> Vec<String> {
        results.models.iter().map(cell).collect()
    };
    let mut columns = vec![
        left("model", of_each(&|m| m.name.clone())),
        left("family", of_each(&|m| m.params.family().to_string())),
        right(
            format!("val {ranking}"),
            of_each(&|m| metric(m.validation.get(ranking))),
        ),
        right(
            format!("test {ranking}"),
            of_each(&|m| metric(m.test.get(ranking))),
        ),
    ];
    if has_intervals(results, ranking) {
        // Two spaces from the test value: an interval of large values ("26,336.6 to
        // 34,298.2") would otherwise run into it.
        columns.push(Column {
            gap: 2,
            ..right(
                INTERVAL_HEADER.to_string(),
                of_each(&|m| test_interval(m, ranking)),
            )
        });
    }
    if has_gains(results, ranking) {
        columns.push(Column {
            gap: 2,
            ..right(gain_header(ranking), of_each(&|m| test_gain(m, ranking)))
        });
    }
    columns.push(right(
        "fit s".to_string(),
        of_each(&|m| format!("{:.2}", m.fit_seconds)),
    ));
    if let Some(value) = &results.value {
        columns.push(right(
            NET_HEADER.to_string(),
            of_each(&|m| {
                value
                    .models
                    .iter()
                    .find(|priced| priced.name == m.name)
                    .map(|priced| validation_net_value(priced, &value.currency))
                    .unwrap_or_default()
            }),
        ));
    }
    let widths: Vec<usize> = columns
        .iter()
        .map(|column| {
            column
                .cells
                .iter()
                .map(|cell| cell.chars().count())
                .chain([column.header.chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cell: &dyn Fn(&Column) -> &str| -> String {
        let mut line = String::new();
        for (i, (column, &width)) in columns.iter().zip(&widths).enumerate() {
            if i > 0 {
                line.push_str(&" ".repeat(column.gap));
            }
            let text = cell(column);
            if column.left {
                line.push_str(&format!("{text:<width$}"));
            } else {
                line.push_str(&format!("{text:>width$}"));
            }
        }
        line.trim_end().to_string()
    };
    std::iter::once(line(&|c| &c.header))
        .chain((0..results.models.len()).map(|row| line(&|c| &c.cells[row])))
        .collect()
}

/// The heading of the terminal's column of validation net values.
const NET_HEADER: &str = "val net value (90% interval)";

/// One column of the terminal's table.
struct Column {
    header: String,
    cells: Vec<String>,
    /// Names read from the left; amounts line up on the right.
    left: bool,
    /// Spaces before it.
    gap: usize,
}

/// A priced model's validation net value with its 90% interval, as the terminal shows it:
/// "-16,941 EUR (-18,232 to -15,744)"; a dash in place of an interval the run does not keep.
fn validation_net_value(priced: &ModelValue, currency: &str) -> String {
    let interval = match &priced.validation_net_value_interval {
        Some(i) => amount_interval(i.low, i.high, ""),
        None => "—".to_string(),
    };
    format!(
        "{} ({interval})",
        money(priced.validation_net_value, currency)
    )
}

/// What one model costs to train, predict and keep, as measured; for a model trained elsewhere,
/// what `worthit add-model` was told, that the rest is unknown, and in a `priced` run that a time
/// not given costs nothing there.
pub fn footprint(model: &ModelResult, priced: bool) -> String {
    match &model.params {
        ModelParams::External(external) => {
            let fit = if external.fit_timed {
                format!("training {:.2} core-seconds", model.fit_seconds)
            } else {
                "training time not given".to_string()
            };
            let predict = if external.predict_timed {
                format!(
                    "prediction {:.3} ms per 1,000 rows",
                    model.predict_seconds_per_1000_rows * 1000.0
                )
            } else {
                "prediction time not given".to_string()
            };
            let unpriced = if priced && !(external.fit_timed && external.predict_timed) {
                " A time not given is priced at 0."
            } else {
                ""
            };
            format!(
                "Trained elsewhere; as `worthit add-model` was told: {fit}, {predict}. Its size is not known to worthit.{unpriced}"
            )
        }
        _ => format!(
            "Fit {:.2} s; prediction {:.3} ms per 1,000 rows; {} nodes ({:.1} MB), mean depth {:.1}.",
            model.fit_seconds,
            model.predict_seconds_per_1000_rows * 1000.0,
            thousands(model.nodes as f64),
            model.bytes as f64 / 1e6,
            model.mean_depth
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(params: serde_json::Value) -> ModelResult {
        serde_json::from_value(serde_json::json!({
            "name": "m", "trial": 3, "params": params,
            "validation": {"rmse": 2.0}, "test": {"rmse": 2.5},
            "fit_seconds": 3.0, "fit_cpu_seconds": 3.0, "predict_seconds": 0.0,
            "predict_seconds_per_1000_rows": 0.0, "nodes": 0, "bytes": 0, "mean_depth": 0.0
        }))
        .expect("a model result")
    }

    /// A priced model as a results.json written before 2026-12-06 keeps it: no interval of its
    /// validation net value, which the terminal then shows with a dash.
    #[test]
    fn a_validation_net_value_without_its_interval_shows_a_dash() {
        let mut priced: ModelValue = serde_json::from_value(serde_json::json!({
            "name": "m", "validation_per_year": 1.0, "test_per_year": 1.0,
            "decision_value": 2.0, "training_cost": 0.0, "trial_cost": 0.0,
            "serving_cost": 0.0, "net_value": 2.0, "validation_net_value": -16940.6
        }))
        .expect("a model's value without the interval");
        assert!(priced.validation_net_value_interval.is_none());
        assert_eq!(validation_net_value(&priced, "EUR"), "-16,941 EUR (—)");
        priced.validation_net_value_interval = Some(crate::value::bootstrap::BootstrapSummary {
            mean: -16940.6,
            low: -18232.0,
            high: -15744.0,
            p_positive: 0.0,
            resamples: 2000,
        });
        assert_eq!(
            validation_net_value(&priced, "EUR"),
            "-16,941 EUR (-18,232 to -15,744)"
        );
    }

    #[test]
    fn a_model_trained_elsewhere_shows_what_was_given_and_no_measured_zeros() {
        let given = model(serde_json::json!({
            "family": "external", "predictions": "p.csv", "fit_timed": true, "predict_timed": false
        }));
        assert_eq!(
            footprint(&given, false),
            "Trained elsewhere; as `worthit add-model` was told: training 3.00 core-seconds, \
             prediction time not given. Its size is not known to worthit."
        );
        let untimed = model(serde_json::json!({
            "family": "external", "predictions": "p.csv", "fit_timed": false, "predict_timed": false
        }));
        assert!(footprint(&untimed, false).contains("training time not given"));
        assert!(footprint(&untimed, true).ends_with(" A time not given is priced at 0."));
    }
}
