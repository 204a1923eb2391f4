//! Times worthit's gradient-boosted trees on a dataset's training rows (the fastest of three
//! fits) and scores the test rows.
//!
//! Usage: `cargo run --release --example boost_bench -- <data path> [target] [seed] [params]`,
//! where `params` is a JSON object of boosting parameters (a trial's `params` in results.json)
//! in place of LightGBM's defaults. Prints
//! `{"fit_seconds": ..., "predict_seconds": ..., "test_roc_auc": ..., ...}` on one line. The
//! split is the one `worthit run` makes with the same seed, so its `split.parquet` gives a
//! reference library the same rows.

use worthit::base::task::TaskKind;
use worthit::engine::boosting::BoostingParams;

mod common;

/// Fits timed; the fastest counts, as `bench/boosting_vs_lightgbm.py` times LightGBM.
const FITS: usize = 3;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seed: u64 = match args.get(2) {
        Some(seed) => seed.parse()?,
        None => 42,
    };
    let prepared = common::prepare(
        &args,
        "boost_bench <data path> [target] [seed] [params]",
        seed,
    )?;
    let params = match args.get(3) {
        Some(json) => serde_json::from_str(json)?,
        None => BoostingParams {
            seed,
            ..BoostingParams::lightgbm_default(TaskKind::Binary)
        },
    };
    let checked = params.check()?;
    // The same model each time; the fastest fit counts.
    let (fit_seconds, model) = common::fastest_fit(&prepared, FITS, |x, y, train| {
        checked.fit_binned(x, y, train)
    });
    let test = &prepared.split.test;
    let metrics = prepared.metrics(test, &model.predict(&prepared.binned, test));
    // Prediction of the test rows from their bins: the fastest of three calls.
    let (predict_seconds, _) = common::fastest(3, || model.predict(&prepared.binned, test));
    println!(
        "{}",
        serde_json::json!({
            "fit_seconds": fit_seconds,
            "predict_seconds": predict_seconds,
            "bin_seconds": prepared.bin_seconds,
            "test_roc_auc": metrics.roc_auc,
            "test_log_loss": metrics.log_loss,
            "test_rmse": metrics.rmse,
            "rounds": model.n_rounds_used(),
            "nodes": model.n_nodes(),
            "mean_depth": model.mean_depth(),
            "train_rows": prepared.split.train.len(),
            "threads": rayon::current_num_threads(),
        })
    );
    Ok(())
}
