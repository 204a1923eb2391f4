//! The bands of the threshold and capacity charts' curves, from a real priced run under
//! capacity: in `results.json`, in the captions, and absent from a run folder written before
//! they were kept, which still re-renders and gets them back when repriced.

use crate::common::*;
use crate::value::{priced_run, VALUE};

#[test]
fn the_curves_carry_their_bands_and_an_older_run_renders_without() {
    let temp = tempfile::tempdir().unwrap();
    let data = noisy_binary_csv(1500, 12345, true);
    write(temp.path(), "data.csv", &data);
    let config = format!("{VALUE}capacity_share = 0.05\n");
    write(temp.path(), "worthit.toml", &config);
    let results = priced_run(temp.path(), "run", 2);
    let run = temp.path().join("run");
    // Every point of both charts' curves has its 90% band around it, and both captions say
    // what the shading is.
    for key in ["threshold_curves", "capacity_curves"] {
        for curve in results["value"][key].as_array().unwrap() {
            let points = curve["points"].as_array().unwrap();
            let bands = curve["bands"].as_array().unwrap();
            assert_eq!(points.len(), bands.len(), "{key}");
            for (point, band) in points.iter().zip(bands) {
                let y = point[1].as_f64().unwrap();
                let (low, high) = (band[0].as_f64().unwrap(), band[1].as_f64().unwrap());
                let slack = 1e-9 * y.abs().max(1.0);
                assert!(
                    low <= y + slack && y <= high + slack,
                    "{key}: {y} outside {low} to {high}"
                );
            }
        }
    }
    let html = std::fs::read_to_string(run.join("report.html")).unwrap();
    let threshold_band = "90% interval over resamples of the validation rows";
    assert!(html.contains(threshold_band), "{html}");
    assert!(
        html.contains("90% interval over resamples of the test rows, each resample acting"),
        "{html}"
    );
    // A run folder written before the bands were kept re-renders, its curves without them, and
    // repricing it gives them back.
    let mut older = results.clone();
    for key in ["threshold_curves", "capacity_curves"] {
        for curve in older["value"][key].as_array_mut().unwrap() {
            curve.as_object_mut().unwrap().remove("bands");
        }
    }
    let stored = serde_json::to_string_pretty(&older).unwrap();
    std::fs::write(run.join("results.json"), stored).unwrap();
    std::fs::remove_file(run.join("plots/capacity.png")).unwrap();
    run_ok(temp.path(), &["report", "run"]);
    assert!(run.join("plots/capacity.png").is_file());
    let html = std::fs::read_to_string(run.join("report.html")).unwrap();
    assert!(
        html.contains("threshold on, acting on at most the capacity"),
        "{html}"
    );
    assert!(!html.contains(threshold_band), "{html}");
    assert!(crate::common::results(&run)["value"]["capacity_curves"][0]["bands"].is_null());
    run_ok(temp.path(), &["report", "run", "--reprice"]);
    assert_eq!(crate::common::results(&run)["value"], results["value"]);
}
