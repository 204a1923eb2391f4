//! Where labels land on a rendered chart: by their own marks, inside the plot.

use super::super::frontier::{FrontierChart, NamedPoint};
use super::super::gain_distribution::GainDistributionChart;
use super::super::threshold::{ReferenceLine, ThresholdChart, ThresholdCurve};
use super::super::tornado::{TornadoBar, TornadoChart};
use super::super::*;

/// What an SVG chart shows where: its labels (`label_near`'s and `vertical_marker`'s white
/// boxes, as left, top, right, bottom, with the text each holds), the centres of its coloured
/// circles (the markers; their white rings left out) and its bars (as left, top, right, bottom),
/// in pixels, and every text with the point it is anchored at.
struct SvgLayout {
    labels: Vec<(String, [f64; 4])>,
    markers: Vec<(f64, f64)>,
    bars: Vec<[f64; 4]>,
    texts: Vec<(String, (f64, f64))>,
}

fn svg_layout(svg: &str) -> SvgLayout {
    use quick_xml::events::{BytesStart, Event};
    let attribute = |tag: &BytesStart<'_>, name: &str| {
        tag.try_get_attribute(name)
            .unwrap()
            .map(|a| a.unescape_value().unwrap().into_owned())
    };
    let number = |tag: &BytesStart<'_>, name: &str| {
        attribute(tag, name)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap()
    };
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut layout = SvgLayout {
        labels: Vec::new(),
        markers: Vec::new(),
        bars: Vec::new(),
        texts: Vec::new(),
    };
    let mut last_box = None;
    let mut text_at = None;
    loop {
        match reader.read_event().expect("SVG is well-formed XML") {
            Event::Empty(tag)
                if tag.name().as_ref() == b"rect"
                    && attribute(&tag, "fill").as_deref() == Some("#FFFFFF")
                    && matches!(attribute(&tag, "opacity").as_deref(), Some("0.85" | "0.9")) =>
            {
                let [x, y, w, h] = ["x", "y", "width", "height"].map(|n| number(&tag, n));
                last_box = Some([x, y, x + w, y + h]);
            }
            Event::Empty(tag)
                if tag.name().as_ref() == b"rect"
                    && attribute(&tag, "opacity").as_deref() == Some("0.8") =>
            {
                let [x, y, w, h] = ["x", "y", "width", "height"].map(|n| number(&tag, n));
                layout.bars.push([x, y, x + w, y + h]);
            }
            Event::Empty(tag)
                if tag.name().as_ref() == b"circle"
                    && attribute(&tag, "fill").as_deref() != Some("#FFFFFF") =>
            {
                layout
                    .markers
                    .push((number(&tag, "cx"), number(&tag, "cy")));
            }
            Event::Start(tag) => {
                text_at = (tag.name().as_ref() == b"text")
                    .then(|| (number(&tag, "x"), number(&tag, "y")));
            }
            Event::Text(t) if text_at.is_some() && !t.decode().unwrap().trim().is_empty() => {
                let text = t.decode().unwrap().trim().to_string();
                if let Some(b) = last_box.take() {
                    layout.labels.push((text.clone(), b));
                }
                layout.texts.extend(text_at.map(|at| (text, at)));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    layout
}

#[test]
fn the_recommendation_is_labelled_by_its_own_marker_not_a_neighbours() {
    // An adult-income run: the recommended trial sits at the left edge, just below the test-best
    // trial at the top of the frontier. The label once sat beside that trial's marker, its leader
    // line hidden along the frontier, so the top point read as the recommendation.
    let models = [
        (5.326e-05, 893831.0),
        (7.403e-05, 862729.0),
        (4.809e-05, 868630.0),
        (5.002e-05, 839428.0),
        (7.405e-06, 892931.0),
        (2.025e-05, 881630.0),
        (4.942e-06, 872330.0),
        (1.194e-05, 889130.0),
        (1.168e-04, 853629.0),
        (1.221e-05, 903331.0),
        (9.376e-06, 894231.0),
        (2.421e-05, 870130.0),
        (6.996e-06, 860429.0),
        (2.928e-05, 845329.0),
        (1.923e-04, 867230.0),
        (1.879e-05, 889230.0),
        (6.438e-06, 875330.0),
        (7.350e-05, 867830.0),
        (7.520e-06, 858629.0),
        (6.066e-05, 867730.0),
        (2.038e-05, 844329.0),
        (5.040e-05, 874230.0),
        (7.475e-06, 893631.0),
        (1.109e-05, 892231.0),
        (2.015e-05, 881330.0),
        (1.026e-04, 871230.0),
        (8.158e-05, 876930.0),
        (1.584e-05, 889730.0),
        (8.074e-06, 882630.0),
    ];
    let chart = FrontierChart {
        title: "Net value against model cost".into(),
        cost_label: "Training and serving compute cost".into(),
        trials: models.map(Into::into).to_vec(),
        baseline: Some(NamedPoint {
            cost: 3.066e-05,
            value: 854335.0,
            interval: None,
            label: "baseline".into(),
        }),
        recommended: Some(NamedPoint {
            cost: 4.884e-06,
            value: 891631.0,
            interval: None,
            label: "recommended: trial-0010".into(),
        }),
        ..Default::default()
    };
    let SvgLayout {
        labels, markers, ..
    } = svg_layout(&svg(&chart, "USD").unwrap());
    // Trials, the legend's and the frontier's 5 (the recommendation's diamond is no circle).
    assert_eq!(markers.len(), models.len() + 1 + 5);
    let label = |start: &str| {
        labels
            .iter()
            .find(|(text, _)| text.starts_with(start))
            .unwrap_or_else(|| panic!("no label {start}: {labels:?}"))
            .1
    };
    for start in ["recommended: trial-0010", "baseline"] {
        let [left, top, right, bottom] = label(start);
        for &(x, y) in &markers {
            let dx = (left - x).max(x - right).max(0.0);
            let dy = (top - y).max(y - bottom).max(0.0);
            assert!(
                dx.hypot(dy) >= 12.0,
                "the label `{start}` ({left}, {top}, {right}, {bottom}) sits {:.1} px from the marker at ({x}, {y})",
                dx.hypot(dy)
            );
        }
    }
}

#[test]
fn a_tornado_far_from_zero_draws_its_bars_and_keeps_its_centre_label_inside() {
    // The adult-income run's ranges: a trial's cost of 2 to 10 USD moves a 37,296 USD difference
    // by 8 USD. With 0 on the axis, both bars were under a pixel wide.
    let chart = TornadoChart {
        title: "What moves the difference to the baseline".into(),
        centre: 37_296.0,
        bars: vec![
            TornadoBar {
                parameter: "Cost of a trial".into(),
                range: "2 to 10".into(),
                at_low: 37_300.0,
                at_high: 37_292.0,
                low_interval: None,
                high_interval: None,
            },
            TornadoBar {
                parameter: "Price of a core-hour".into(),
                range: "0.03 to 0.1".into(),
                at_low: 37_296.0,
                at_high: 37_296.0,
                low_interval: None,
                high_interval: None,
            },
        ],
        ..Default::default()
    };
    let ticks: Vec<String> = svg_layout(&svg(&chart, "USD").unwrap())
        .texts
        .into_iter()
        .map(|(text, _)| text)
        .filter(|text| !text.contains("USD") && text.contains(','))
        .collect();
    assert!(ticks.contains(&"37,290".to_string()), "{ticks:?}");
    assert!(!ticks.contains(&"20,000".to_string()), "{ticks:?}");

    // A difference far from zero keeps 0 off the axis; one whose bars come within their span of
    // zero keeps it on, so the reader sees how far a range is from turning it around.
    let near = TornadoChart {
        centre: 3_000.0,
        bars: vec![TornadoBar {
            parameter: "Cost of a trial".into(),
            range: String::new(),
            at_low: 4_500.0,
            at_high: 1_200.0,
            low_interval: None,
            high_interval: None,
        }],
        ..chart.clone()
    };
    let texts = svg_layout(&svg(&near, "USD").unwrap()).texts;
    assert!(texts.iter().any(|(text, _)| text == "0"), "{texts:?}");

    // Every range lowers the difference, so the centre line is near the plot's right edge; a
    // long amount's label, centred on the line, ran past the chart's edge.
    let lowered = TornadoChart {
        centre: 9_876_543_210.0,
        bars: vec![TornadoBar {
            parameter: "Cost of a trial".into(),
            range: String::new(),
            at_low: 5_000_000_000.0,
            at_high: 9_876_543_210.0,
            low_interval: None,
            high_interval: None,
        }],
        ..chart
    };
    let texts = svg_layout(&svg(&lowered, "USD").unwrap()).texts;
    let (label, (x, _)) = texts
        .iter()
        .find(|(text, _)| text.starts_with("all at central values"))
        .unwrap();
    let font = FontDesc::new(FontFamily::Name(FAMILY), canvas::NOTE.size, FontStyle::Bold);
    let width = f64::from(font.box_size(label).unwrap().0);
    assert!(
        x + width / 2.0 <= f64::from(WIDTH),
        "`{label}` is {width} wide, centred at {x} of {WIDTH}"
    );
}

#[test]
fn a_rule_on_the_plots_foot_is_labelled_above_it_not_over_the_axis_numbers() {
    // The adult-income run's thresholds: every value is at least 0, so the rule to act on no
    // case is the axis' foot, and its label, set below the lower rule, covered "0.9" and "1.0".
    let curve = |peak: f64, height: f64| -> Vec<(f64, f64)> {
        (0..=100)
            .map(|i| {
                let t = f64::from(i) / 100.0;
                (
                    t,
                    (height * (1.0 - (t - peak).abs() / (1.0 - peak))).max(0.0),
                )
            })
            .collect()
    };
    let chart = ThresholdChart {
        title: "Value against decision threshold".into(),
        baseline: ThresholdCurve {
            name: "baseline".into(),
            points: curve(0.16, 840_000.0),
            chosen: Some(0.16),
            band: Vec::new(),
        },
        candidate: ThresholdCurve {
            name: "trial-0010".into(),
            points: curve(0.14, 890_000.0),
            chosen: Some(0.14),
            band: Vec::new(),
        },
        references: vec![
            ReferenceLine {
                name: "rule: act on every case".into(),
                value: 425_000.0,
            },
            ReferenceLine {
                name: "rule: act on no case".into(),
                value: 0.0,
            },
        ],
        ..Default::default()
    };
    let SvgLayout { labels, texts, .. } = svg_layout(&svg(&chart, "USD").unwrap());
    let &(_, [_, _, _, bottom]) = labels
        .iter()
        .find(|(text, _)| text == "rule: act on no case")
        .unwrap();
    let &(_, (_, axis_numbers)) = texts.iter().find(|(text, _)| text == "0.9").unwrap();
    assert!(
        bottom <= axis_numbers,
        "the label ends at {bottom}, the axis' numbers start at {axis_numbers}"
    );
}

#[test]
fn a_value_a_year_far_below_zero_fills_the_plot_instead_of_its_lowest_third() {
    // A Taiwan credit run's value a year (every payoff a loss): -340M to -218M on an axis held
    // to 0 filled its lowest third. The rules of thumb, not zero, are this chart's references.
    let curve = |peak: f64, top: f64| -> Vec<(f64, f64)> {
        (0..=100)
            .map(|i| {
                let t = f64::from(i) / 100.0;
                (t, top - 120e6 * (t - peak).abs() / (1.0 - peak))
            })
            .collect()
    };
    let chart = ThresholdChart {
        title: "Value against decision threshold".into(),
        baseline: ThresholdCurve {
            name: "baseline".into(),
            points: curve(0.21, -226e6),
            chosen: Some(0.21),
            band: Vec::new(),
        },
        candidate: ThresholdCurve {
            name: "trial-0006".into(),
            points: curve(0.15, -218e6),
            chosen: Some(0.15),
            band: Vec::new(),
        },
        references: vec![
            ReferenceLine {
                name: "rule: act on every case".into(),
                value: -297e6,
            },
            ReferenceLine {
                name: "rule: act on no case".into(),
                value: -340e6,
            },
        ],
        ..Default::default()
    };
    let texts: Vec<String> = svg_layout(&svg(&chart, "TWD").unwrap())
        .texts
        .into_iter()
        .map(|(text, _)| text)
        .collect();
    assert!(texts.iter().any(|t| t == "-250M"), "{texts:?}");
    for far in ["-50M", "-100M", "-150M"] {
        assert!(!texts.iter().any(|t| t == far), "{far} in {texts:?}");
    }
}

#[test]
fn the_gain_histogram_draws_its_observed_difference_apart_from_its_zero_line() {
    // Both were black, and the caption's "bars right of the black line at 0" pointed a reader
    // at the observed difference, the more visible of the two.
    let svg = svg(&super::gain_chart(), "EUR").unwrap();
    let texts = svg_layout(&svg).texts;
    assert!(
        texts
            .iter()
            .any(|(text, _)| text == "Difference on the test rows"),
        "{texts:?}"
    );
    let green = format!(
        "stroke=\"#{:02X}{:02X}{:02X}\"",
        canvas::colour::GREEN.0,
        canvas::colour::GREEN.1,
        canvas::colour::GREEN.2
    );
    // The legend's dashes and the marker's, which run the plot's height.
    assert!(svg.matches(&green).count() > 4, "{green}");
}

#[test]
fn the_gain_histograms_labels_hide_none_of_its_bars() {
    // A Taiwan credit run's: the 5% and 95% labels took the top row, and "at central values"
    // went to the plot's foot, over the tallest bars.
    let edges: Vec<f64> = (0..=30).map(|i| -10e6 + 1e6 * f64::from(i)).collect();
    let counts: Vec<u64> = (0..30u64)
        .map(|i| 150u64.saturating_sub((i as i64 - 16).unsigned_abs() * 12))
        .collect();
    let chart = GainDistributionChart {
        edges,
        counts,
        observed: 6_057_200.0,
        low: 303_700.0,
        high: 12_155_075.0,
        ..super::gain_chart()
    };
    let SvgLayout { labels, bars, .. } = svg_layout(&svg(&chart, "TWD").unwrap());
    assert!(bars.len() > 20, "{bars:?}");
    for (text, [left, top, right, bottom]) in &labels {
        for [l, t, r, b] in &bars {
            let overlap = left < r && l < right && top < b && t < bottom;
            assert!(
                !overlap,
                "`{text}` at {left}..{right}, {top}..{bottom} hides a bar"
            );
        }
    }
    assert_eq!(labels.len(), 3, "{labels:?}");
}

#[test]
fn the_trials_chart_draws_the_validation_curve_and_the_run_more_it_leads_to() {
    use super::super::trials::{TrialsChart, ValidationLine};
    use super::{svg_text, trials_chart};
    let purple = "#CC79A7";
    let chart = TrialsChart {
        validation: Some(ValidationLine {
            observed: (1..=30)
                .map(|n| (f64::from(n), 700.0 * f64::from(n)))
                .collect(),
            fitted: vec![(30.0, 21_000.0), (60.0, 26_000.0), (120.0, 30_000.0)],
            run_more: Some(BandPoint {
                x: 120.0,
                value: 30_000.0,
                low: 22_000.0,
                high: 41_000.0,
            }),
            run_more_label: "Run about 90 more trials: where they are expected to lead (90% band)"
                .into(),
        }),
        ..trials_chart()
    };
    let drawn = svg(&chart, "EUR").unwrap();
    let text = svg_text(&drawn);
    assert!(text.contains("what the tuning answer reads"), "{text}");
    assert!(text.contains("Run about 90 more trials"), "{text}");
    assert!(drawn.to_uppercase().contains(purple));
    // The run more's band widens the axis: its top, 41,000, is on the chart.
    assert!(text.contains("40,000"), "{text}");
    let plain = svg(&trials_chart(), "EUR").unwrap();
    assert!(!plain.to_uppercase().contains(purple));
    assert!(!svg_text(&plain).contains("what the tuning answer reads"));
}

/// The learning chart labels the doublings its sentence tells beside their own segments (adult
/// income without `[value]`: the last doubling +0.0017, the one before +0.00026 ROC-AUC; the
/// unit is the axis's), each clear of every point, with the step's own interval; a step whose
/// start is not drawn is left unlabelled, not drawn by the wrong segment.
#[test]
fn the_learning_chart_labels_each_told_doubling_by_its_own_segment() {
    use super::super::learning::{LearningChart, StepNote};
    let point = |x: f64, value: f64, low: f64, high: f64| BandPoint {
        x,
        value,
        low,
        high,
    };
    let points = vec![
        point(2_931.0, -0.0075, -0.0109, -0.0041),
        point(7_327.0, -0.0020, -0.0048, 0.0008),
        point(14_653.0, -0.0017, -0.0041, 0.0006),
        point(29_306.0, 0.0, 0.0, 0.0),
    ];
    let step = |from: f64, to: f64, added: (f64, f64, f64)| StepNote {
        from,
        step: point(to, added.0, added.1, added.2),
    };
    let chart = LearningChart {
        title: "Gain over the baseline trained on all rows, by training rows".into(),
        points,
        log_rows: true,
        value_label: "Gain over the baseline".into(),
        steps: vec![
            step(7_327.0, 14_653.0, (0.00026, -0.0022, 0.0026)),
            step(14_653.0, 29_306.0, (0.0017, -0.0006, 0.0041)),
            step(1_000.0, 2_931.0, (0.1, 0.0, 0.2)),
        ],
        ..Default::default()
    };
    let SvgLayout {
        labels, markers, ..
    } = svg_layout(&svg(&chart, "ROC-AUC").unwrap());
    assert_eq!(labels.len(), 2, "{labels:?}");
    // The four points' markers (the legend's is the fifth, at the top).
    let mut points: Vec<(f64, f64)> = markers.clone();
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    points.retain(|&(_, y)| y > 120.0);
    assert_eq!(points.len(), 4, "{markers:?}");
    for (start, segment) in [
        ("+0.00026 (-0.0022 to +0.0026)", (points[1], points[2])),
        ("+0.0017 (-0.0006 to +0.0041)", (points[2], points[3])),
    ] {
        let [left, top, right, bottom] = labels
            .iter()
            .find(|(shown, _)| shown == start)
            .unwrap_or_else(|| panic!("no label {start}: {labels:?}"))
            .1;
        // Nearer the middle of its own segment than the middle of any other.
        let centre = ((left + right) / 2.0, (top + bottom) / 2.0);
        let distance = |(a, b): ((f64, f64), (f64, f64))| {
            ((a.0 + b.0) / 2.0 - centre.0).hypot((a.1 + b.1) / 2.0 - centre.1)
        };
        for other in points.windows(2).map(|pair| (pair[0], pair[1])) {
            assert!(
                distance(segment) <= distance(other),
                "{start} at {centre:?}"
            );
        }
        for &(x, y) in &markers {
            let dx = (left - x).max(x - right).max(0.0);
            let dy = (top - y).max(y - bottom).max(0.0);
            assert!(
                dx.hypot(dy) >= 7.0,
                "{start} covers the marker at ({x}, {y})"
            );
        }
    }
}
