//! Chart fixtures of the value charts, apart so `mod.rs` stays a readable length.

use super::super::breakdown::{MetricPoint, MetricValueChart, Outcome, PayoffChart};

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
        }),
        candidate: Some(MetricPoint {
            metric: 0.798,
            value: 12_000.0,
            label: "trial-0017".into(),
        }),
        ..Default::default()
    }
}
