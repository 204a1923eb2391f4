//! Times worthit's random forest (scikit-learn's defaults: 100 trees, sqrt features, fully
//! grown, bootstrap) on a dataset's training rows, the fastest of the fits asked for, and scores
//! the test rows.
//!
//! Usage: `cargo run --release --example forest_bench -- <data path> [target] [fits]` (an empty
//! target for the dataset folder's own). Prints
//! `{"fit_seconds": ..., "test_roc_auc": ..., "train_rows": ...}` on one line; the thread
//! count is rayon's (`RAYON_NUM_THREADS`).

use worthit::engine::forest::ForestParams;

mod common;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let fits: usize = match args.get(2) {
        Some(fits) => fits.parse()?,
        None => 1,
    };
    let prepared = common::prepare(&args, "forest_bench <data path> [target] [fits]", 42)?;
    let checked = ForestParams::sklearn_default(prepared.table.task).check()?;
    let (fit_seconds, model) = common::fastest_fit(&prepared, fits, |x, y, train| {
        checked.fit_binned(x, y, train)
    });
    let test = &prepared.split.test;
    let metrics = prepared.metrics(test, &model.predict(&prepared.binned, test));
    println!(
        "{}",
        serde_json::json!({
            "fit_seconds": fit_seconds,
            "test_roc_auc": metrics.roc_auc,
            "train_rows": prepared.split.train.len(),
        })
    );
    Ok(())
}
