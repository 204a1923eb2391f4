//! Whether the last doubling of the training rows reads as a guide to the next, checked one
//! doubling back on stored runs.
//!
//! Every run prices the baseline retrained on 10%, 25% and 50% of its training rows
//! (`analysis.learning`) and says what the last doubling (50% to 100%) added. A reader takes it
//! as a guide to doubling the data again, which no run can measure. One step back it can be
//! checked: the doubling from 25% to 50% is the "last doubling" a run on half the rows would
//! have quoted, and the doubling from 50% to 100% is what doubling its rows then gave. For each
//! run folder given (priced or not, as `bench/calibration` writes them) this counts how often
//! the later doubling added no more than the earlier one (the curve flattened), overall and
//! where the earlier one added something; where it did not, how often the later one gained; and
//! how often the later doubling's 90% interval holds the earlier doubling's amount; and, for runs
//! that measured the earlier doubling's own paired interval (since 2026-12-07, which the sentence
//! gives beside the last doubling), the same where that interval lies above 0.
//!
//! `cargo run --release --example learning_doublings -- bench/out/calibration/*-pool160`

use std::path::PathBuf;

use worthit::analysis::learning::LearningCurve;
use worthit::results::RunResults;

/// One run's two doublings: 25% to 50% of the training rows (with its paired interval, where the
/// run measured it), and 50% to 100% with its interval.
struct Doublings {
    earlier: f64,
    earlier_interval: Option<(f64, f64)>,
    later: f64,
    later_interval: (f64, f64),
}

fn doublings(curve: &LearningCurve) -> Option<Doublings> {
    let point_at = |fraction: f64| {
        curve
            .points
            .iter()
            .find(|p| (p.fraction - fraction).abs() < 1e-9)
    };
    // Each point's difference is its net value minus the full baseline's.
    let (quarter, half) = (point_at(0.25)?, point_at(0.5)?);
    let later = curve.last_doubling?;
    Some(Doublings {
        earlier: half.difference?.mean - quarter.difference?.mean,
        earlier_interval: half.over_previous.map(|step| (step.low, step.high)),
        later: later.mean,
        later_interval: (later.low, later.high),
    })
}

fn main() {
    let dirs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if dirs.is_empty() {
        eprintln!("usage: learning_doublings RUN_DIR...");
        std::process::exit(2);
    }
    let mut runs = Vec::new();
    for dir in &dirs {
        let path = dir.join("results.json");
        let read = std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|text| serde_json::from_str::<RunResults>(&text).map_err(|e| e.to_string()));
        match read {
            Ok(results) => {
                if let Some(d) = results
                    .analysis
                    .as_ref()
                    .and_then(|a| a.learning.as_ref())
                    .and_then(doublings)
                {
                    runs.push(d);
                }
            }
            Err(e) => {
                eprintln!("{}: {e}", path.display());
                std::process::exit(1);
            }
        }
    }
    let count = |keep: &dyn Fn(&Doublings) -> bool| runs.iter().filter(|d| keep(d)).count();
    let flattened = |d: &Doublings| d.later <= d.earlier;
    let gained = |d: &Doublings| d.earlier > 0.0;
    println!(
        "{} runs, each with the baseline retrained on 25% and 50% of its training rows.",
        runs.len()
    );
    println!();
    println!("| measure | runs |");
    println!("|---|---:|");
    println!(
        "| the doubling from 50% to 100% of the training rows added no more than the one from 25% to 50% | {} of {} |",
        count(&flattened),
        runs.len()
    );
    println!(
        "| the same, where the doubling from 25% to 50% added something | {} of {} |",
        count(&|d| gained(d) && flattened(d)),
        count(&gained)
    );
    println!(
        "| where the doubling from 25% to 50% added nothing or lost: the one from 50% to 100% gained; its 90% interval lies above 0 | {}; {} of {} |",
        count(&|d| !gained(d) && d.later > 0.0),
        count(&|d| !gained(d) && d.later_interval.0 > 0.0),
        runs.len() - count(&gained)
    );
    println!(
        "| the 90% interval of the doubling from 50% to 100% holds what the one from 25% to 50% added | {} of {} |",
        count(&|d| d.later_interval.0 <= d.earlier && d.earlier <= d.later_interval.1),
        runs.len()
    );
    let measured = count(&|d| d.earlier_interval.is_some());
    if measured == 0 {
        println!("| runs with the doubling from 25% to 50%'s own interval | none (made before 2026-12-07) |");
        return;
    }
    let clearly = |d: &Doublings| d.earlier_interval.is_some_and(|(low, _)| low > 0.0);
    println!(
        "| runs with the doubling from 25% to 50%'s own paired interval; where it lies above 0 | {measured}; {} |",
        count(&clearly)
    );
    println!(
        "| where it lies above 0: the doubling from 50% to 100% added no more; its interval lies above 0 too | {}; {} of {} |",
        count(&|d| clearly(d) && flattened(d)),
        count(&|d| clearly(d) && d.later_interval.0 > 0.0),
        count(&clearly)
    );
    println!(
        "| the 90% interval of the doubling from 25% to 50% holds what the one from 50% to 100% added | {} of {measured} |",
        count(&|d| d
            .earlier_interval
            .is_some_and(|(low, high)| low <= d.later && d.later <= high))
    );
}
