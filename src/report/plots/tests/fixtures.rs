//! Chart fixtures of the value charts, apart so `mod.rs` stays a readable length.

use super::super::breakdown::{MetricPoint, MetricValueChart, Outcome, PayoffChart};
use super::super::capacity::{CapacityChart, CapacityCurve};
use super::super::frontier::{FrontierChart, ModelPoint, NamedPoint};

pub(super) fn payoff_chart() -> PayoffChart {
    PayoffChart {
        title: "Where the value comes from".into(),
        baseline_name: "Baseline".into(),
        candidate_name: "trial-0017".into(),
        outcomes: vec![
            Outcome {
                name: "Caught (true positives)".into(),
                baseline: 41_000.0,
                candidate: 46_500.0,
                baseline_interval: Some((37_500.0, 44_800.0)),
                candidate_interval: Some((42_000.0, 50_100.0)),
            },
            Outcome {
                name: "False alarms".into(),
                baseline: -12_000.0,
                candidate: -9_800.0,
                baseline_interval: Some((-13_900.0, -10_200.0)),
                candidate_interval: Some((f64::NAN, -8_100.0)),
            },
            Outcome {
                name: "Missed (false negatives)".into(),
                baseline: -30_000.0,
                candidate: -26_000.0,
                ..Default::default()
            },
            Outcome {
                name: "Correctly ignored".into(),
                baseline: 0.0,
                candidate: 0.0,
                ..Default::default()
            },
        ],
        ..Default::default()
    }
}

pub(super) fn metric_chart() -> MetricValueChart {
    MetricValueChart {
        title: "What one point of ROC AUC is worth".into(),
        metric: "ROC AUC on test rows".into(),
        curve: (0..=20)
            .map(|i| {
                let auc = 0.7 + i as f64 * 0.01;
                (auc, 250_000.0 * (auc - 0.75))
            })
            .collect(),
        baseline: Some(MetricPoint {
            metric: 0.777,
            value: 6_750.0,
            label: "baseline".into(),
            metric_interval: None,
            value_interval: Some((4_000.0, 9_500.0)),
        }),
        candidate: Some(MetricPoint {
            metric: 0.798,
            value: 12_000.0,
            label: "trial-0017".into(),
            metric_interval: Some((0.781, 0.815)),
            value_interval: Some((8_000.0, 16_000.0)),
        }),
        ..Default::default()
    }
}

/// Thirty trials, each with its 90% interval but every seventh (a run folder written before
/// the intervals were kept), the recommendation with its own, the baseline without.
pub(super) fn frontier_chart() -> FrontierChart {
    FrontierChart {
        title: "Net value against model cost".into(),
        cost_label: "Yearly cost".into(),
        trials: (0..30)
            .map(|i| {
                let cost = 100.0 + 97.0 * ((i * 37) % 30) as f64;
                let value =
                    8_000.0 * (cost / 3_000.0).sqrt() - cost + ((i * 13) % 7) as f64 * 300.0;
                let half = 400.0 + 150.0 * (i % 4) as f64;
                ModelPoint {
                    cost,
                    value,
                    interval: (i % 7 != 0).then_some((value - half, value + half * 0.8)),
                }
            })
            .collect(),
        baseline: Some(NamedPoint {
            cost: 120.0,
            value: 900.0,
            interval: None,
            label: "baseline".into(),
        }),
        recommended: Some(NamedPoint {
            cost: 1_500.0,
            value: 5_100.0,
            interval: Some((4_300.0, 5_800.0)),
            label: "recommended: trial-0017".into(),
        }),
        ..Default::default()
    }
}

/// Two capacity curves rising to a plateau, each with a band, and the capacity configured.
pub(super) fn capacity_chart() -> CapacityChart {
    let curve = |top: f64| -> Vec<(f64, f64)> {
        (0..=100)
            .map(|i| {
                let x = 175.0 * i as f64;
                (x, top - 20_000.0 * (-x / 1_500.0).exp())
            })
            .collect()
    };
    CapacityChart {
        title: "Value against capacity".into(),
        baseline: CapacityCurve {
            name: "baseline".into(),
            points: curve(-9_000.0),
            band: super::banded(&curve(-9_000.0), 1_500.0),
        },
        candidate: CapacityCurve {
            name: "trial-0006".into(),
            points: curve(-8_000.0),
            band: super::banded(&curve(-8_000.0), 1_200.0),
        },
        capacity: Some(2_000.0),
        ..Default::default()
    }
}
