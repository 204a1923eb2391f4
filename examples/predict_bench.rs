//! Times worthit's prediction: fits the baseline forest and default boosting on a dataset's
//! training rows, then predicts its validation and test rows several times.
//!
//! Usage: `cargo run --release --example predict_bench -- <data path> [target] [repeats]`.
//! Prints one JSON line per model with the fastest of the repeats (`predict_seconds`), the rows
//! predicted and the model's size. The thread count is rayon's (`RAYON_NUM_THREADS`).

use worthit::engine::boosting::BoostingParams;
use worthit::engine::forest::ForestParams;

mod common;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let repeats: usize = match args.get(2) {
        Some(repeats) => repeats.parse()?,
        None => 5,
    };
    let prepared = common::prepare(&args, "predict_bench <data path> [target] [repeats]", 42)?;
    let task = prepared.table.task;
    let rows: Vec<u32> = prepared
        .split
        .validation
        .iter()
        .chain(&prepared.split.test)
        .copied()
        .collect();
    let (x, y, train) = (
        &prepared.binned,
        prepared.target_ref(),
        &prepared.split.train,
    );
    let forest = ForestParams::sklearn_default(task)
        .check()?
        .fit_binned(x, y, train);
    let boosting = BoostingParams::lightgbm_default(task)
        .check()?
        .fit_binned(x, y, train);
    let (forest_seconds, _) = common::fastest(repeats, || forest.predict(x, &rows));
    let (boosting_seconds, _) = common::fastest(repeats, || boosting.predict(x, &rows));
    for (model, seconds, nodes, bytes) in [
        (
            "random_forest",
            forest_seconds,
            forest.n_nodes(),
            forest.bytes(),
        ),
        (
            "boosting",
            boosting_seconds,
            boosting.n_nodes(),
            boosting.bytes(),
        ),
    ] {
        println!(
            "{}",
            serde_json::json!({
                "model": model,
                "rows": rows.len(),
                "predict_seconds": seconds,
                "nodes": nodes,
                "bytes": bytes,
            })
        );
    }
    Ok(())
}
