//! Renders every report chart with synthetic but realistic data, to look at them:
//! `cargo run --release --example plots_gallery -- /tmp/gallery`.

use std::path::PathBuf;

use worthit::report::plots::breakdown::{MetricPoint, MetricValueChart, Outcome, PayoffChart};
use worthit::report::plots::frontier::{FrontierChart, ModelPoint, NamedPoint};
use worthit::report::plots::learning::LearningChart;
use worthit::report::plots::threshold::{ThresholdChart, ThresholdCurve};
use worthit::report::plots::tornado::{TornadoBar, TornadoChart};
use worthit::report::plots::trials::{StopMarker, TrialsChart};
use worthit::report::plots::winners_curse::WinnersCurseChart;
use worthit::report::plots::{write, BandPoint};

/// A small deterministic noise source, so the gallery looks the same on every run.
struct Noise(u64);

impl Noise {
    /// Uniform in [-1, 1).
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 11) as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(std::env::args().nth(1).ok_or("usage: plots_gallery DIR")?);
    let currency = "EUR";
    let mut noise = Noise(7);
    let mut written = Vec::new();

    // Expected best net value saturates while the sweep's cost grows linearly.
    let expected = |n: f64| 38_000.0 * (1.0 - (-n / 7.0).exp()) - 2_000.0;
    let band = |n: f64, spread: f64| BandPoint {
        x: n,
        value: expected(n),
        low: expected(n) - spread,
        high: expected(n) + spread * 0.7,
    };
    let trials = TrialsChart {
        title: "More trials pay off until about 14".into(),
        subtitle: "bank-marketing, 30 trials measured, 30 more extrapolated".into(),
        observed: (1..=30)
            .map(|n| band(n as f64, 9_000.0 / (n as f64).sqrt() + 2_500.0))
            .collect(),
        extrapolated: (31..=60)
            .map(|n| band(n as f64, 3_800.0 + (n - 30) as f64 * 150.0))
            .collect(),
        cumulative_cost: (0..=60).map(|n| (n as f64, 620.0 * n as f64)).collect(),
        stop: Some(StopMarker {
            trials: 14.0,
            label: "break-even: 14 trials".into(),
        }),
        ..Default::default()
    };
    written.extend(write(&trials, currency, &dir, "trials")?);

    // Each trial with its 90% interval, as a run's paired differences give them.
    let mut trial_points: Vec<ModelPoint> = (0..29)
        .map(|_| {
            let cost = 400.0 + 5_600.0 * (noise.next() * 0.5 + 0.5).powi(2);
            let value = 14_000.0 * (cost / 6_000.0).powf(0.35) - cost + 2_500.0 * noise.next();
            let half = 1_200.0 + 400.0 * noise.next();
            ModelPoint {
                cost,
                value,
                interval: Some((value - half, value + half)),
            }
        })
        .collect();
    let recommended = ModelPoint {
        cost: 2_300.0,
        value: 10_400.0,
        interval: Some((9_300.0, 11_500.0)),
    };
    trial_points.push(recommended);
    let frontier = FrontierChart {
        title: "Costlier models earn more, up to a point".into(),
        subtitle: "each dot is one trial; the line joins the best value at each cost".into(),
        cost_label: "Training and serving cost per year".into(),
        trials: trial_points,
        baseline: Some(NamedPoint {
            cost: 450.0,
            value: 4_200.0,
            interval: None,
            label: "baseline".into(),
        }),
        recommended: Some(NamedPoint {
            cost: recommended.cost,
            value: recommended.value,
            interval: recommended.interval,
            label: "recommended: trial-0017".into(),
        }),
        ..Default::default()
    };
    written.extend(write(&frontier, currency, &dir, "frontier")?);

    let curve = |peak: f64, height: f64, width: f64| -> Vec<(f64, f64)> {
        (0..=100)
            .map(|i| {
                let t = i as f64 / 100.0;
                (
                    t,
                    height - width * (t - peak).powi(2) - 9_000.0 * (1.0 - t).powi(8),
                )
            })
            .collect()
    };
    let threshold = ThresholdChart {
        title: "Both models earn most when acting above about 0.3".into(),
        subtitle: "net value on test rows at each decision threshold".into(),
        baseline: ThresholdCurve {
            name: "Baseline".into(),
            points: curve(0.34, 6_200.0, 60_000.0),
            chosen: Some(0.34),
            band: Vec::new(),
        },
        candidate: ThresholdCurve {
            name: "trial-0017".into(),
            points: curve(0.29, 10_100.0, 70_000.0),
            chosen: Some(0.29),
            band: Vec::new(),
        },
        ..Default::default()
    };
    written.extend(write(&threshold, currency, &dir, "threshold")?);

    let payoff = PayoffChart {
        title: "The candidate catches more and raises fewer false alarms".into(),
        subtitle: "money by outcome over 9,042 test rows".into(),
        baseline_name: "Baseline".into(),
        candidate_name: "trial-0017".into(),
        outcomes: vec![
            Outcome {
                name: "Subscribers reached (TP)".into(),
                baseline: 52_400.0,
                candidate: 57_150.0,
                ..Default::default()
            },
            Outcome {
                name: "Wasted calls (FP)".into(),
                baseline: -21_300.0,
                candidate: -18_950.0,
                ..Default::default()
            },
            Outcome {
                name: "Subscribers missed (FN)".into(),
                baseline: -24_800.0,
                candidate: -21_600.0,
                ..Default::default()
            },
            Outcome {
                name: "Calls saved (TN)".into(),
                baseline: 0.0,
                candidate: 0.0,
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    written.extend(write(&payoff, currency, &dir, "payoff")?);

    let metric = MetricValueChart {
        title: "Each 0.01 of ROC AUC is worth about 2,400 EUR".into(),
        subtitle: "net value against ROC AUC, same threshold rule".into(),
        metric: "ROC AUC on test rows".into(),
        curve: (0..=30)
            .map(|i| {
                let auc = 0.70 + i as f64 * 0.005;
                (
                    auc,
                    240_000.0 * (auc - 0.75) + 60_000.0 * (auc - 0.75).powi(2),
                )
            })
            .collect(),
        baseline: Some(MetricPoint {
            metric: 0.7768,
            value: 6_475.0,
            label: "baseline".into(),
            metric_interval: Some((0.7631, 0.7911)),
            value_interval: Some((3_200.0, 9_900.0)),
        }),
        candidate: Some(MetricPoint {
            metric: 0.798,
            value: 11_660.0,
            label: "trial-0017".into(),
            metric_interval: Some((0.7850, 0.8115)),
            value_interval: Some((8_300.0, 15_200.0)),
        }),
    };
    written.extend(write(&metric, currency, &dir, "metric_value")?);

    let tornado = TornadoChart {
        title: "The value of a subscriber decides the answer".into(),
        subtitle: "difference to the baseline as each uncertain input moves across its range"
            .into(),
        centre: 5_200.0,
        centre_interval: Some((1_900.0, 8_600.0)),
        bars: vec![
            TornadoBar {
                parameter: "Core hour".into(),
                range: "0.03 to 0.08 EUR".into(),
                at_low: 5_260.0,
                at_high: 5_080.0,
                low_interval: Some((5_260.0 - 3_300.0, 5_260.0 + 3_300.0)),
                high_interval: Some((5_080.0 - 3_300.0, 5_080.0 + 3_300.0)),
            },
            TornadoBar {
                parameter: "Value of a subscriber".into(),
                range: "40 to 160 EUR".into(),
                at_low: -800.0,
                at_high: 13_400.0,
                low_interval: Some((-800.0 - 3_300.0, -800.0 + 3_300.0)),
                high_interval: Some((13_400.0 - 3_300.0, 13_400.0 + 3_300.0)),
            },
            TornadoBar {
                parameter: "Cost of a call".into(),
                range: "2 to 8 EUR".into(),
                at_low: 7_100.0,
                at_high: 2_300.0,
                low_interval: Some((7_100.0 - 3_300.0, 7_100.0 + 3_300.0)),
                high_interval: Some((2_300.0 - 3_300.0, 2_300.0 + 3_300.0)),
            },
            TornadoBar {
                parameter: "Serving cost per 1,000 rows".into(),
                range: "0.10 to 0.40 EUR".into(),
                at_low: 5_900.0,
                at_high: 4_100.0,
                low_interval: Some((5_900.0 - 3_300.0, 5_900.0 + 3_300.0)),
                high_interval: Some((4_100.0 - 3_300.0, 4_100.0 + 3_300.0)),
            },
            TornadoBar {
                parameter: "Look at each trial".into(),
                range: "0 to 20 EUR".into(),
                at_low: 5_500.0,
                at_high: 4_600.0,
                low_interval: Some((5_500.0 - 3_300.0, 5_500.0 + 3_300.0)),
                high_interval: Some((4_600.0 - 3_300.0, 4_600.0 + 3_300.0)),
            },
        ],
    };
    written.extend(write(&tornado, currency, &dir, "tornado")?);

    let mut best = f64::NEG_INFINITY;
    let mut test_of_best = 0.0;
    let (mut validation, mut test) = (Vec::new(), Vec::new());
    for n in 1..=30 {
        let v = 7_000.0 + 3_000.0 * noise.next() + 120.0 * n as f64;
        if v > best {
            best = v;
            test_of_best = v - 900.0 - 1_400.0 * (noise.next() * 0.5 + 0.5);
        }
        validation.push((n as f64, best));
        test.push((n as f64, test_of_best));
    }
    let winners = WinnersCurseChart {
        title: "Validation flatters the winner".into(),
        subtitle: "the best-so-far model on validation rows and on unseen test rows".into(),
        validation,
        test,
        ..Default::default()
    };
    written.extend(write(&winners, currency, &dir, "winners_curse")?);

    let rows = 27_127.0;
    let learning = LearningChart {
        title: "More rows still add value".into(),
        subtitle: "baseline trained on 10%, 25%, 50% and all training rows".into(),
        points: [0.1, 0.25, 0.5, 1.0]
            .iter()
            .map(|f: &f64| {
                let value = 11_000.0 * f.powf(0.45) - 2_500.0;
                BandPoint {
                    x: (rows * f).round(),
                    value,
                    low: value - 3_000.0 * (1.2 - f),
                    high: value + 2_600.0 * (1.2 - f),
                }
            })
            .collect(),
        log_rows: true,
        ..Default::default()
    };
    written.extend(write(&learning, currency, &dir, "learning")?);

    // Awkward data, to check that nothing overlaps or breaks when the input is odd.
    let odd = dir.join("awkward");
    let long = "Expected value of subscribers reached through the outbound call campaign in the next quarter";
    written.extend(write(
        &TrialsChart {
            title: "No trials yet".into(),
            ..Default::default()
        },
        currency,
        &odd,
        "empty",
    )?);
    written.extend(write(
        &TrialsChart {
            title: "Flat value, one cost point".into(),
            observed: (1..=5)
                .map(|n| BandPoint {
                    x: n as f64,
                    value: 1_000.0,
                    low: 1_000.0,
                    high: 1_000.0,
                })
                .collect(),
            cumulative_cost: vec![(1.0, 1_000.0)],
            stop: Some(StopMarker {
                trials: 5.0,
                label: "stop: 5 trials, the last trial on the chart".into(),
            }),
            ..Default::default()
        },
        currency,
        &odd,
        "flat",
    )?);
    written.extend(write(
        &PayoffChart {
            title: long.into(),
            subtitle: long.into(),
            baseline_name: long.into(),
            candidate_name: "c".into(),
            outcomes: vec![
                Outcome {
                    name: long.into(),
                    baseline: 3.2e9,
                    candidate: 4.1e9,
                    ..Default::default()
                },
                Outcome {
                    name: "Losses".into(),
                    baseline: -2.5e9,
                    candidate: f64::NAN,
                    ..Default::default()
                },
            ],
            ..Default::default()
        },
        currency,
        &odd,
        "huge_long",
    )?);
    written.extend(write(
        &FrontierChart {
            title: "Every model loses money".into(),
            trials: [
                (0.02, -0.5),
                (0.03, -0.4),
                (0.05, -0.45),
                (f64::INFINITY, 1.0),
            ]
            .map(Into::into)
            .to_vec(),
            baseline: Some(NamedPoint {
                cost: 0.02,
                value: -0.5,
                interval: None,
                label: "baseline".into(),
            }),
            recommended: Some(NamedPoint {
                cost: 0.03,
                value: -0.4,
                interval: None,
                label: long.into(),
            }),
            ..Default::default()
        },
        currency,
        &odd,
        "tiny_negative",
    )?);
    written.extend(write(
        &TornadoChart {
            title: "Twelve parameters".into(),
            centre: -300.0,
            bars: (0..12)
                .map(|i| TornadoBar {
                    parameter: format!("Parameter number {i} with a long name"),
                    range: format!("{i} to {} EUR", i * 10),
                    at_low: -300.0 - 150.0 * i as f64,
                    at_high: -300.0 + 90.0 * i as f64,
                    low_interval: None,
                    high_interval: None,
                })
                .collect(),
            ..Default::default()
        },
        currency,
        &odd,
        "many_bars",
    )?);
    written.extend(write(
        &LearningChart {
            title: "One training size, plain axis".into(),
            points: vec![BandPoint {
                x: 1_000_000.0,
                value: 2.5e6,
                low: 1.9e6,
                high: 3.1e6,
            }],
            log_rows: false,
            ..Default::default()
        },
        currency,
        &odd,
        "one_point",
    )?);

    for path in written {
        println!("{}", path.display());
    }
    Ok(())
}
