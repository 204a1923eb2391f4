//! The threshold and capacity charts of a priced run: the baseline's and the best candidate's
//! value per year against the decision threshold (validation rows) and against capacity (test
//! rows), each curve with its 90% band where the run kept one.

use super::{baseline, best, AnyChart, Plot};
use crate::report::plots::capacity::{CapacityChart, CapacityCurve};
use crate::report::plots::threshold::{ReferenceLine, ThresholdChart, ThresholdCurve};
use crate::report::plots::BandPoint;
use crate::value::schema::{ModelValue, ValueResults};

/// Validation value per year against the decision threshold (binary outcomes).
pub(super) fn threshold(value: &ValueResults) -> Option<Plot> {
    let curves = value.threshold_curves.as_ref()?;
    let base = baseline(value)?;
    let best = best(value)?;
    let curve = |model: &ModelValue, name: String| -> Option<ThresholdCurve> {
        let stored = curves.iter().find(|c| c.name == model.name)?;
        Some(ThresholdCurve {
            name,
            points: stored.points.iter().map(|p| (p[0], p[1])).collect(),
            chosen: model.threshold.filter(|t| t.is_finite()),
            band: curve_band(&stored.points, stored.bands.as_deref()),
        })
    };
    let banded = curves.iter().any(|c| c.bands.is_some());
    Some(Plot {
        stem: "threshold",
        caption: format!(
            "Value per year on validation rows if positives were predicted from each probability \
             threshold on{}; the marks are the thresholds chosen (the best on validation rows). A \
             flat top means the choice is forgiving.{} The dashed lines are the rules of thumb, \
             acting on every case and on no case; a model whose curve stays under the higher one \
             adds nothing over it.",
            if value.capacity.is_some() {
                ", acting on at most the capacity, the rows with the highest expected gain first"
            } else {
                ""
            },
            if banded {
                " The shading around each curve is its 90% interval over resamples of the \
                 validation rows, at each threshold the rule the curve draws (the threshold \
                 chosen on these rows is not refitted on each resample)."
            } else {
                ""
            }
        ),
        chart: AnyChart::Threshold(ThresholdChart {
            title: "Value against decision threshold".to_string(),
            subtitle: "validation rows, value per year".to_string(),
            baseline: curve(base, "baseline".to_string())?,
            candidate: curve(best, best.name.clone())?,
            axis_label: "Value per year".to_string(),
            references: value
                .references
                .iter()
                .map(|r| ReferenceLine {
                    name: format!(
                        "rule: {}",
                        super::super::value_summary::rule_label(value, r.strategy)
                    ),
                    value: r.validation_per_year,
                })
                .collect(),
        }),
    })
}

/// Test value per year against capacity (classification under `capacity`).
pub(super) fn capacity(value: &ValueResults) -> Option<Plot> {
    let curves = value.capacity_curves.as_ref()?;
    let base = baseline(value)?;
    let best = best(value)?;
    let curve = |model: &ModelValue, name: String| -> Option<CapacityCurve> {
        let stored = curves.iter().find(|c| c.name == model.name)?;
        Some(CapacityCurve {
            name,
            points: stored.points.iter().map(|p| (p[0], p[1])).collect(),
            band: curve_band(&stored.points, stored.bands.as_deref()),
        })
    };
    let banded = curves.iter().any(|c| c.bands.is_some());
    Some(Plot {
        stem: "capacity",
        caption: format!(
            "Value per year on test rows if the team could act on this many decisions a year, \
             {}; the dashed line is the capacity configured. The slope there is what one more \
             decision acted on is worth; where a curve is flat, more capacity adds nothing.{}",
            match &value.capacity_default {
                Some(default) => format!(
                    "each model reviewing the rows where its decision avoids the most expected \
                     cost over {default} first, every other row getting {default}"
                ),
                None => "each model taking the rows it flags in order of expected gain".to_string(),
            },
            if banded {
                " The shading around each curve is its 90% interval over resamples of the test \
                 rows, each resample acting on as many decisions as that capacity allows."
            } else {
                ""
            }
        ),
        chart: AnyChart::Capacity(CapacityChart {
            title: "Value against capacity".to_string(),
            subtitle: "test rows, value per year".to_string(),
            baseline: curve(base, "baseline".to_string())?,
            candidate: curve(best, best.name.clone())?,
            capacity: value.capacity,
        }),
    })
}

/// A stored curve's points with their bands, as the charts draw them; empty for a curve
/// stored without bands (a run folder written before they were kept), or with a band count
/// other than its points', which no run writes.
fn curve_band(points: &[[f64; 2]], bands: Option<&[[f64; 2]]>) -> Vec<BandPoint> {
    match bands {
        Some(bands) if bands.len() == points.len() => points
            .iter()
            .zip(bands)
            .map(|(&[x, value], &[low, high])| BandPoint {
                x,
                value,
                low,
                high,
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::AnyChart;
    use super::{capacity, threshold};
    use crate::value::schema::ValueResults;

    /// A priced run's value under capacity as `results.json` keeps it: the baseline and its best
    /// candidate, each with a threshold and a capacity curve of three points and their bands.
    fn priced() -> serde_json::Value {
        let difference = serde_json::json!({"mean": 5.0, "low": 1.0, "high": 9.0,
            "p_positive": 0.9, "resamples": 2000});
        let model = |name: &str, trial: Option<u64>, threshold: f64| {
            serde_json::json!({"name": name, "trial": trial, "threshold": threshold,
                "validation_per_year": 0.0, "test_per_year": 0.0, "decision_value": 0.0,
                "training_cost": 0.0, "trial_cost": 0.0, "serving_cost": 0.0, "net_value": 0.0,
                "validation_net_value": 0.0, "difference": difference})
        };
        let curve = |name: &str, xs: [f64; 3], top: f64| {
            serde_json::json!({"name": name,
                "points": xs.iter().enumerate().map(|(i, &x)| [x, top + i as f64]).collect::<Vec<_>>(),
                "bands": (0..3).map(|i| [top + i as f64 - 2.0, top + i as f64 + 3.0]).collect::<Vec<_>>()})
        };
        serde_json::json!({
            "kind": "outcomes", "currency": "EUR", "decisions_per_year": 1000.0,
            "decisions_per_year_assumed": false, "horizon_years": 1.0, "core_hour": 0.0,
            "trial_cost": 0.0, "resamples": 2000,
            "models": [model("baseline", None, 0.4), model("trial-0001", Some(1), 0.3)],
            "best": {"name": "trial-0001", "difference": difference, "sweep_cost": 0.0,
                "difference_after_sweep": difference},
            "scenarios": [], "sensitivity": [],
            "threshold_curves": [curve("baseline", [0.0, 0.5, 1.0], 10.0),
                curve("trial-0001", [0.0, 0.5, 1.0], 20.0)],
            "capacity": 200.0,
            "capacity_curves": [curve("baseline", [0.0, 500.0, 1000.0], 30.0),
                curve("trial-0001", [0.0, 500.0, 1000.0], 40.0)]
        })
    }

    fn value(json: serde_json::Value) -> ValueResults {
        serde_json::from_value(json).expect("a priced run's value")
    }

    /// `<polygon` elements in a chart's SVG: the bands are drawn as polygons.
    fn polygons(svg: &str) -> usize {
        svg.matches("<polygon").count()
    }

    /// Each curve's stored bands reach its chart, point by point, and are drawn (two areas
    /// more than without them); the caption says what the shading is. A run folder written
    /// before the bands were kept opens and draws its curves without them, the caption without
    /// the sentence.
    #[test]
    fn each_curve_draws_its_stored_band_and_older_runs_draw_none() {
        let banded = value(priced());
        let mut older = priced();
        for key in ["threshold_curves", "capacity_curves"] {
            for curve in older[key].as_array_mut().unwrap() {
                curve.as_object_mut().unwrap().remove("bands");
            }
        }
        let older = value(older);

        let plot = threshold(&banded).expect("a threshold chart");
        assert!(plot
            .caption
            .contains("90% interval over resamples of the validation rows"));
        let AnyChart::Threshold(chart) = &plot.chart else {
            panic!("not a threshold chart")
        };
        let band: Vec<(f64, f64, f64, f64)> = chart
            .candidate
            .band
            .iter()
            .map(|p| (p.x, p.value, p.low, p.high))
            .collect();
        assert_eq!(
            band,
            [
                (0.0, 20.0, 18.0, 23.0),
                (0.5, 21.0, 19.0, 24.0),
                (1.0, 22.0, 20.0, 25.0)
            ]
        );
        assert_eq!(chart.baseline.band.len(), 3);
        let old_plot = threshold(&older).expect("a threshold chart");
        assert!(
            !old_plot.caption.contains("shading"),
            "{}",
            old_plot.caption
        );
        let AnyChart::Threshold(old_chart) = &old_plot.chart else {
            panic!("not a threshold chart")
        };
        assert!(old_chart.baseline.band.is_empty() && old_chart.candidate.band.is_empty());
        let (svg, old_svg) = (plot.svg("EUR").unwrap(), old_plot.svg("EUR").unwrap());
        assert_eq!(polygons(&svg), polygons(&old_svg) + 2);
        assert!(old_plot.png("EUR").is_ok());

        let plot = capacity(&banded).expect("a capacity chart");
        assert!(plot
            .caption
            .contains("90% interval over resamples of the test rows"));
        let AnyChart::Capacity(chart) = &plot.chart else {
            panic!("not a capacity chart")
        };
        let band: Vec<(f64, f64, f64)> = chart
            .baseline
            .band
            .iter()
            .map(|p| (p.x, p.low, p.high))
            .collect();
        assert_eq!(
            band,
            [(0.0, 28.0, 33.0), (500.0, 29.0, 34.0), (1000.0, 30.0, 35.0)]
        );
        let old_plot = capacity(&older).expect("a capacity chart");
        assert!(
            !old_plot.caption.contains("shading"),
            "{}",
            old_plot.caption
        );
        let (svg, old_svg) = (plot.svg("EUR").unwrap(), old_plot.svg("EUR").unwrap());
        assert_eq!(polygons(&svg), polygons(&old_svg) + 2);
        assert!(old_plot.png("EUR").is_ok());
    }
}
