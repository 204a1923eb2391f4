//! Tests that render every chart kind, on realistic and on awkward data.

use super::breakdown::{MetricValueChart, Outcome, PayoffChart};
use super::capacity::CapacityChart;
use super::frontier::{pareto, FrontierChart, ModelPoint, NamedPoint};
use super::gain_distribution::GainDistributionChart;
use super::learning::LearningChart;
use super::threshold::{ReferenceLine, ThresholdChart, ThresholdCurve};
use super::tornado::{TornadoBar, TornadoChart};
use super::trials::{BacktestMarker, StopMarker, TrialsChart};
use super::winners_curse::WinnersCurseChart;
use super::*;

mod fixtures;
mod layout;
mod whiskers;

use fixtures::{capacity_chart, frontier_chart, metric_chart, payoff_chart};

/// The text content of a well-formed SVG, entity references resolved; panics if the XML is
/// malformed (unbalanced tags, a stray `<` or `&`).
fn svg_text(svg: &str) -> String {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut text = String::new();
    let mut depth = 0i64;
    loop {
        match reader.read_event().expect("SVG is well-formed XML") {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            Event::Text(t) => text.push_str(&t.decode().unwrap()),
            Event::GeneralRef(r) => {
                let name = r.decode().unwrap();
                text.push_str(match name.as_ref() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected entity {other}"),
                });
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "every SVG element is closed");
    text
}

/// Renders `chart` both ways and checks the PNG decodes at full size and the SVG is well-formed
/// XML that shows the title.
fn check<C: Chart>(chart: &C) {
    let bytes = png(chart, "EUR").unwrap();
    let image = image::load_from_memory(&bytes).unwrap();
    assert_eq!((image.width(), image.height()), (WIDTH, HEIGHT));
    let svg = svg(chart, "EUR").unwrap();
    assert!(svg.starts_with("<svg"));
    let text = svg_text(&svg);
    if !chart.title().is_empty() {
        // Long titles are cut with an ellipsis; their start must still be there.
        let start: String = chart.title().chars().take(20).collect();
        assert!(text.contains(&start), "SVG shows the title `{start}`");
    }
}

fn band(x: f64, value: f64, spread: f64) -> BandPoint {
    BandPoint {
        x,
        value,
        low: value - spread,
        high: value + spread,
    }
}

/// A curve's points with a band of `spread` either side.
pub(super) fn banded(points: &[(f64, f64)], spread: f64) -> Vec<BandPoint> {
    points.iter().map(|&(x, y)| band(x, y, spread)).collect()
}

fn trials_chart() -> TrialsChart {
    TrialsChart {
        title: "Expected best net value by number of trials".into(),
        subtitle: "bank-marketing".into(),
        observed: (1..=30)
            .map(|n| {
                band(
                    n as f64,
                    20_000.0 * (1.0 - (-(n as f64) / 6.0).exp()),
                    3_000.0,
                )
            })
            .collect(),
        extrapolated: (31..=60)
            .map(|n| band(n as f64, 20_000.0, 5_000.0))
            .collect(),
        cumulative_cost: (0..=60).map(|n| (n as f64, 300.0 * n as f64)).collect(),
        stop: Some(StopMarker {
            trials: 14.0,
            label: "break-even: 14 trials".into(),
        }),
        ..Default::default()
    }
}

fn threshold_chart() -> ThresholdChart {
    let curve = |peak: f64, height: f64| -> Vec<(f64, f64)> {
        (0..=100)
            .map(|i| {
                let t = i as f64 / 100.0;
                (t, height - 40_000.0 * (t - peak).powi(2))
            })
            .collect()
    };
    ThresholdChart {
        title: "Net value by decision threshold".into(),
        baseline: ThresholdCurve {
            name: "Baseline".into(),
            points: curve(0.4, 6_000.0),
            chosen: Some(0.4),
            band: banded(&curve(0.4, 6_000.0), 800.0),
        },
        candidate: ThresholdCurve {
            name: "trial-0017".into(),
            points: curve(0.35, 9_000.0),
            chosen: Some(0.35),
            band: banded(&curve(0.35, 9_000.0), 600.0),
        },
        references: vec![
            ReferenceLine {
                name: "rule: act on every case".into(),
                value: -1_000.0,
            },
            ReferenceLine {
                name: "rule: act on no case".into(),
                value: 0.0,
            },
        ],
        ..Default::default()
    }
}

fn tornado_chart() -> TornadoChart {
    TornadoChart {
        title: "What moves the answer".into(),
        centre: 4_000.0,
        bars: vec![
            TornadoBar {
                parameter: "Serving cost per 1,000 rows".into(),
                range: "0.10 to 0.40 EUR".into(),
                at_low: 4_800.0,
                at_high: 2_500.0,
                low_interval: None,
                high_interval: None,
            },
            TornadoBar {
                parameter: "Value of a caught case".into(),
                range: "50 to 200 EUR".into(),
                at_low: -1_500.0,
                at_high: 11_000.0,
                low_interval: None,
                high_interval: None,
            },
            TornadoBar {
                parameter: "Core hour".into(),
                range: "0.03 to 0.08 EUR".into(),
                at_low: 4_100.0,
                at_high: 3_850.0,
                low_interval: None,
                high_interval: None,
            },
        ],
        ..Default::default()
    }
}

fn winners_chart() -> WinnersCurseChart {
    let mut best: f64 = f64::NEG_INFINITY;
    let mut validation = Vec::new();
    let mut test = Vec::new();
    let mut test_of_best = 0.0;
    for n in 1..=30 {
        let v = 5_000.0 + 4_000.0 * ((n * 7919) % 31) as f64 / 31.0;
        if v > best {
            best = v;
            test_of_best = v - 400.0 - 40.0 * n as f64;
        }
        validation.push((n as f64, best));
        test.push((n as f64, test_of_best));
    }
    let test_band = test
        .iter()
        .map(|&(x, value)| BandPoint {
            x,
            value,
            low: value - 900.0,
            high: value + 700.0,
        })
        .collect();
    WinnersCurseChart {
        title: "Validation flatters the winner".into(),
        validation,
        test,
        test_band,
        ..Default::default()
    }
}

fn learning_chart(log_rows: bool) -> LearningChart {
    LearningChart {
        title: "Would more data pay?".into(),
        points: [0.1, 0.25, 0.5, 1.0]
            .iter()
            .map(|f| {
                band(
                    27_127.0 * f,
                    9_000.0 * f.powf(0.3),
                    2_000.0 * (1.0 - f * 0.5),
                )
            })
            .collect(),
        log_rows,
        ..Default::default()
    }
}

fn gain_chart() -> GainDistributionChart {
    let edges: Vec<f64> = (0..=40).map(|i| -2_000.0 + 150.0 * f64::from(i)).collect();
    let counts: Vec<u64> = (0..40u64)
        .map(|i| 100 - (i as i64 - 18).unsigned_abs() * 5)
        .collect();
    GainDistributionChart {
        title: "How sure is the gain over the baseline?".into(),
        subtitle: "telco-churn: 1,409 test rows, best candidate trial-0001".into(),
        edges,
        counts,
        observed: 800.0,
        low: -600.0,
        high: 2_300.0,
    }
}

#[test]
fn every_chart_renders_png_and_svg() {
    check(&gain_chart());
    check(&trials_chart());
    check(&frontier_chart());
    check(&threshold_chart());
    check(&payoff_chart());
    check(&metric_chart());
    check(&tornado_chart());
    check(&winners_chart());
    check(&learning_chart(true));
    check(&learning_chart(false));
    check(&capacity_chart());
}

/// Amounts without a unit (a `[value]` without `currency`, a sweep log's unnamed metric) title
/// their axes by the label alone: "Net value ()" read as a unit left out by mistake.
#[test]
fn no_axis_names_an_empty_unit() {
    fn titles<C: Chart>(chart: &C) -> String {
        let empty = svg_text(&svg(chart, "").unwrap());
        assert!(!empty.contains("()"), "{empty}");
        svg_text(&svg(chart, "EUR").unwrap())
    }
    let texts = [
        titles(&gain_chart()),
        titles(&trials_chart()),
        titles(&frontier_chart()),
        titles(&threshold_chart()),
        titles(&payoff_chart()),
        titles(&metric_chart()),
        titles(&tornado_chart()),
        titles(&winners_chart()),
        titles(&learning_chart(false)),
        titles(&capacity_chart()),
    ];
    // With a unit, the axes name it.
    assert!(texts.iter().all(|t| t.contains("(EUR)")), "{texts:?}");
}

#[test]
fn capacity_chart_shows_the_configured_capacity() {
    let text = svg_text(&svg(&capacity_chart(), "EUR").unwrap());
    assert!(text.contains("capacity: 2,000 a year"), "{text}");
    check(&CapacityChart::default());
    // A capacity beyond the curves still fits on the axis.
    check(&CapacityChart {
        capacity: Some(1e6),
        ..capacity_chart()
    });
}

#[test]
fn the_gain_histogram_names_only_the_colours_it_draws() {
    let text = svg_text(&svg(&gain_chart(), "EUR").unwrap());
    assert!(text.contains("Resamples with a gain") && text.contains("Resamples with a loss"));
    // Every resample a gain (Ames housing priced per absolute error): no loss in the legend.
    let gains_only = GainDistributionChart {
        edges: (0..=40).map(|i| 1_000.0 + 150.0 * f64::from(i)).collect(),
        low: 2_000.0,
        observed: 3_000.0,
        ..gain_chart()
    };
    let text = svg_text(&svg(&gains_only, "EUR").unwrap());
    assert!(text.contains("Resamples with a gain"), "{text}");
    assert!(!text.contains("Resamples with a loss"), "{text}");
}

#[test]
fn the_trials_chart_names_its_two_bands_apart() {
    // The trials run have the spread between sweeps of n of them; beyond, the forecast's own
    // band: one legend entry for both read as one quantity with a jump at the last trial.
    let text = svg_text(&svg(&trials_chart(), "EUR").unwrap());
    assert!(
        text.contains("Where 90% of sweeps of n trials end"),
        "{text}"
    );
    assert!(text.contains("Forecast's 90% band"), "{text}");
    let observed_only = TrialsChart {
        extrapolated: Vec::new(),
        ..trials_chart()
    };
    let text = svg_text(&svg(&observed_only, "EUR").unwrap());
    assert!(
        text.contains("Where 90% of sweeps of n trials end"),
        "{text}"
    );
    assert!(!text.contains("Forecast's 90% band"), "{text}");
}

#[test]
fn the_trials_chart_sets_the_half_sweep_forecast_beside_the_full_count() {
    let chart = TrialsChart {
        backtest: Some(BacktestMarker {
            forecast: band(30.0, 17_000.0, 4_000.0),
            actual: 19_500.0,
            label: "forecast made at 15 trials".into(),
        }),
        ..trials_chart()
    };
    check(&chart);
    let text = svg_text(&svg(&chart, "EUR").unwrap());
    assert!(text.contains("forecast made at 15 trials"), "{text}");
    assert!(
        text.contains("Forecast made at 15 trials (90% band)"),
        "{text}"
    );
    assert!(text.contains("What the full sweep gave"), "{text}");
    // Without it, neither the label nor its legend entries.
    let text = svg_text(&svg(&trials_chart(), "EUR").unwrap());
    assert!(!text.contains("orecast at"), "{text}");
    assert!(!text.contains("What the full sweep gave"), "{text}");
    // A band far outside the curve widens the axis rather than leaving the picture.
    let wide = svg(
        &TrialsChart {
            backtest: Some(BacktestMarker {
                forecast: band(30.0, -90_000.0, 50_000.0),
                actual: 60_000.0,
                label: "forecast made at 15 trials".into(),
            }),
            ..trials_chart()
        },
        "EUR",
    )
    .unwrap();
    let wide = svg_text(&wide);
    assert!(
        wide.contains("-150,000"),
        "the axis reaches the band's low end: {wide}"
    );
}

#[test]
fn the_frontier_spans_its_models_not_zero() {
    // Net values around -18,000 (a business that loses money either way): the axis spans the
    // models, so their differences stay readable instead of a sliver under a 0 line.
    let chart = FrontierChart {
        trials: (0..12)
            .map(|i| (1.0 + i as f64, -17_400.0 - 200.0 * ((i * 5) % 12) as f64).into())
            .collect(),
        baseline: Some(NamedPoint {
            cost: 2.5,
            value: -18_000.0,
            interval: None,
            label: "baseline".into(),
        }),
        recommended: Some(NamedPoint {
            cost: 1.0,
            value: -17_400.0,
            interval: None,
            label: "best by validation: trial-0001".into(),
        }),
        ..frontier_chart()
    };
    check(&chart);
    let text = svg_text(&svg(&chart, "EUR").unwrap());
    assert!(text.contains("-18,000"), "{text}");
    assert!(
        !text.contains("-5,000") && !text.contains("-10,000"),
        "{text}"
    );
}

#[test]
fn a_cost_axis_under_a_cent_reads_in_millionths() {
    // Bank marketing's compute: 3.6 to 45 millionths of a EUR a model.
    let scale = |chart: &FrontierChart, by: f64| FrontierChart {
        trials: chart
            .trials
            .iter()
            .map(|p| ModelPoint {
                cost: p.cost * by,
                ..*p
            })
            .collect(),
        baseline: chart.baseline.clone().map(|p| NamedPoint {
            cost: p.cost * by,
            ..p
        }),
        recommended: chart.recommended.clone().map(|p| NamedPoint {
            cost: p.cost * by,
            ..p
        }),
        ..chart.clone()
    };
    let tiny = scale(&frontier_chart(), 1.5e-8);
    check(&tiny);
    let text = svg_text(&svg(&tiny, "EUR").unwrap());
    assert!(text.contains("Yearly cost (EUR, in millionths)"), "{text}");
    assert!(!text.contains("0.0000") && !text.contains("e-"), "{text}");
    let thousandths = svg_text(&svg(&scale(&frontier_chart(), 1.5e-6), "EUR").unwrap());
    assert!(
        thousandths.contains("(EUR, in thousandths)"),
        "{thousandths}"
    );
    // From a hundredth on, the unit itself.
    let plain = svg_text(&svg(&frontier_chart(), "EUR").unwrap());
    assert!(plain.contains("Yearly cost (EUR)"), "{plain}");
}

#[test]
fn write_puts_both_files_in_place_and_no_temporaries() {
    let dir = tempfile::tempdir().unwrap();
    let paths = write(&tornado_chart(), "EUR", dir.path(), "tornado").unwrap();
    assert_eq!(
        paths,
        vec![
            dir.path().join("tornado.png"),
            dir.path().join("tornado.svg")
        ]
    );
    for path in &paths {
        assert!(std::fs::metadata(path).unwrap().len() > 1_000);
    }
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(names.len(), 2, "only the two charts: {names:?}");
    assert!(write(&tornado_chart(), "EUR", dir.path(), "../escape").is_err());
}

#[test]
fn markup_in_labels_stays_text() {
    let mut chart = trials_chart();
    chart.title = "<script>alert(1)</script> a & b".into();
    chart.stop = Some(StopMarker {
        trials: 14.0,
        label: "\"quoted\" & 'single' <b>".into(),
    });
    let svg = svg(&chart, "<EUR>").unwrap();
    assert!(!svg.contains("<script"));
    assert!(!svg.contains("<b>"));
    assert!(!svg.contains("<EUR>"));
    let text = svg_text(&svg);
    assert!(text.contains("<script>alert(1)</script> a & b"));
    assert!(text.contains("\"quoted\" & 'single' <b>"));
    assert!(text.contains("(<EUR>)"));
}

#[test]
fn empty_charts_render() {
    check(&TrialsChart::default());
    check(&FrontierChart::default());
    check(&ThresholdChart::default());
    check(&PayoffChart::default());
    check(&MetricValueChart::default());
    check(&TornadoChart::default());
    check(&GainDistributionChart::default());
    check(&WinnersCurseChart::default());
    check(&LearningChart::default());
    check(&LearningChart {
        log_rows: true,
        ..Default::default()
    });
}

#[test]
fn single_points_and_flat_series_render() {
    let one = TrialsChart {
        title: "One trial".into(),
        observed: vec![band(1.0, 500.0, 0.0)],
        cumulative_cost: vec![(1.0, 500.0)],
        stop: Some(StopMarker {
            trials: 1.0,
            label: "stop: 1 trial".into(),
        }),
        ..Default::default()
    };
    check(&one);
    let flat = TrialsChart {
        title: "Flat".into(),
        observed: (1..=10).map(|n| band(n as f64, 1_000.0, 0.0)).collect(),
        cumulative_cost: (1..=10).map(|n| (n as f64, 1_000.0)).collect(),
        ..Default::default()
    };
    check(&flat);
    let zeros = WinnersCurseChart {
        title: "All zero".into(),
        validation: vec![(1.0, 0.0), (2.0, 0.0)],
        test: vec![(1.0, 0.0), (2.0, 0.0)],
        ..Default::default()
    };
    check(&zeros);
    check(&LearningChart {
        title: "One size".into(),
        points: vec![band(1_000.0, 5.0, 1.0)],
        log_rows: true,
        ..Default::default()
    });
    check(&FrontierChart {
        title: "One trial".into(),
        trials: vec![(10.0, 10.0).into()],
        ..Default::default()
    });
    check(&TornadoChart {
        title: "No swing".into(),
        centre: 0.0,
        bars: vec![TornadoBar {
            parameter: "p".into(),
            range: String::new(),
            at_low: 0.0,
            at_high: 0.0,
            low_interval: None,
            high_interval: None,
        }],
        ..Default::default()
    });
    check(&ThresholdChart {
        title: "One threshold".into(),
        candidate: ThresholdCurve {
            name: "c".into(),
            points: vec![(0.5, 3.0)],
            chosen: Some(0.5),
            band: Vec::new(),
        },
        ..Default::default()
    });
}

#[test]
fn nan_infinite_huge_and_tiny_values_render() {
    let mut chart = trials_chart();
    chart.observed[3].value = f64::NAN;
    chart.observed[4].low = f64::NEG_INFINITY;
    chart.cumulative_cost.push((61.0, f64::INFINITY));
    chart.stop = Some(StopMarker {
        trials: f64::NAN,
        label: "never".into(),
    });
    chart.backtest = Some(BacktestMarker {
        forecast: band(f64::NAN, f64::INFINITY, 1.0),
        actual: f64::NAN,
        label: "forecast made at 15 trials".into(),
    });
    check(&chart);

    let huge = PayoffChart {
        title: "Huge amounts".into(),
        outcomes: vec![
            Outcome {
                name: "a".into(),
                baseline: 3.2e12,
                candidate: -4.5e11,
                ..Default::default()
            },
            Outcome {
                name: "b".into(),
                baseline: f64::NAN,
                candidate: 1e300,
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    check(&huge);
    let tiny = MetricValueChart {
        title: "Tiny amounts".into(),
        curve: vec![(0.5, 0.0001), (0.6, 0.0003), (f64::NAN, 1.0)],
        ..Default::default()
    };
    check(&tiny);
    let mut frontier = frontier_chart();
    frontier.trials.push((f64::INFINITY, 1.0).into());
    frontier.trials.push((1.0, f64::NAN).into());
    frontier.trials.push(ModelPoint {
        cost: 1.0,
        value: 2.0,
        interval: Some((f64::NEG_INFINITY, f64::NAN)),
    });
    frontier.recommended = Some(NamedPoint {
        cost: f64::NAN,
        value: 1.0,
        interval: Some((0.0, 2.0)),
        label: "lost".into(),
    });
    check(&frontier);
    let mut gains = gain_chart();
    gains.edges[3] = f64::NAN;
    gains.low = f64::NEG_INFINITY;
    gains.observed = f64::NAN;
    check(&gains);
    // Every resample alike: one bin around the shared value.
    check(&GainDistributionChart {
        edges: vec![4.5, 5.5],
        counts: vec![2_000],
        observed: 5.0,
        low: 5.0,
        high: 5.0,
        ..gain_chart()
    });
    let mut tornado = tornado_chart();
    tornado.bars[0].at_high = f64::NAN;
    tornado.centre = f64::INFINITY;
    check(&tornado);
    let mut threshold = threshold_chart();
    threshold.baseline.chosen = Some(f64::NAN);
    threshold.candidate.chosen = Some(7.0);
    check(&threshold);
    check(&LearningChart {
        title: "Bad rows".into(),
        points: vec![
            band(0.0, 1.0, 1.0),
            band(-5.0, 1.0, 1.0),
            band(100.0, f64::NAN, 1.0),
        ],
        log_rows: true,
        ..Default::default()
    });
}

/// Amounts around 1e20 (payoffs of 1e15 over a million decisions a year) are drawn, with
/// scientific ticks; until 2026-12-06 every chart of them said "No data to show".
#[test]
fn amounts_of_1e20_are_drawn_with_scientific_ticks() {
    let mut frontier = frontier_chart();
    let scale =
        |interval: Option<(f64, f64)>| interval.map(|(low, high)| (low * 1e16, high * 1e16));
    frontier.trials = frontier
        .trials
        .iter()
        .map(|p| ModelPoint {
            cost: p.cost,
            value: p.value * 1e16,
            interval: scale(p.interval),
        })
        .collect();
    for point in [&mut frontier.baseline, &mut frontier.recommended] {
        if let Some(point) = point.as_mut() {
            point.value *= 1e16;
            point.interval = scale(point.interval);
        }
    }
    let scaled = gain_chart();
    let gains = GainDistributionChart {
        edges: scaled.edges.iter().map(|e| e * 1e16).collect(),
        observed: scaled.observed * 1e16,
        low: scaled.low * 1e16,
        high: scaled.high * 1e16,
        ..scaled
    };
    for text in [
        svg_text(&svg(&frontier, "EUR").unwrap()),
        svg_text(&svg(&gains, "EUR").unwrap()),
    ] {
        assert!(!text.contains("No data"), "{text}");
        assert!(text.contains("e19") || text.contains("e20"), "{text}");
    }
}

#[test]
fn long_labels_are_cut_not_overflowing() {
    let long = "A remarkably long label that nobody would ever fit on one slide line but a config might hold anyway, twice over, really";
    let mut payoff = payoff_chart();
    payoff.title = long.into();
    payoff.subtitle = long.into();
    payoff.outcomes[0].name = long.into();
    payoff.baseline_name = long.into();
    check(&payoff);
    let mut tornado = tornado_chart();
    tornado.bars[1].parameter = long.into();
    tornado.bars[1].range = long.into();
    check(&tornado);
    let mut frontier = frontier_chart();
    frontier.recommended.as_mut().unwrap().label = long.into();
    frontier.cost_label = long.into();
    check(&frontier);
}

#[test]
fn many_rows_render() {
    let mut tornado = tornado_chart();
    tornado.bars = (0..40)
        .map(|i| TornadoBar {
            parameter: format!("parameter {i}"),
            range: "1 to 2".into(),
            at_low: -(i as f64),
            at_high: i as f64 * 2.0,
            low_interval: None,
            high_interval: None,
        })
        .collect();
    check(&tornado);
}

#[test]
fn pareto_keeps_only_undominated_points() {
    let points = [
        (3.0, 5.0),
        (1.0, 2.0),
        (2.0, 1.0),
        (2.0, 4.0),
        (4.0, 4.5),
        (f64::NAN, 9.0),
    ];
    assert_eq!(pareto(&points), vec![(1.0, 2.0), (2.0, 4.0), (3.0, 5.0)]);
    assert!(pareto(&[]).is_empty());
}
