//! What the benchmark examples share: a data path and target from the command line, prepared as
//! `worthit run` prepares them.

use std::path::Path;

use worthit::app::input::resolve_input;
use worthit::data::prepared::PreparedData;
use worthit::engine::binning::BinnedMatrix;
use worthit::engine::tree::TargetRef;

/// The data file or dataset folder `args[0]` with target `args[1]` (absent or empty: its
/// worthit.toml's),
/// read, split and binned with `seed`: the rows `worthit run` with that seed uses.
pub fn prepare(
    args: &[String],
    usage: &str,
    seed: u64,
) -> Result<PreparedData, Box<dyn std::error::Error>> {
    let Some(data) = args.first() else {
        return Err(format!("usage: {usage}").into());
    };
    let input = resolve_input(Path::new(data), None)?;
    let target = match args.get(1) {
        Some(target) if !target.is_empty() => target.clone(),
        _ => input
            .config
            .data
            .target
            .clone()
            .ok_or("no target given and none in worthit.toml")?,
    };
    Ok(PreparedData::prepare(
        &input.config.data_spec(&input.data_file, &target),
        input.config.split_fractions(),
        seed,
    )?)
}

/// Runs `work` `times` times (at least once) and returns the fastest time in seconds with the
/// last result: one fit's or prediction's time moved by 10% between runs on a 2-core machine,
/// more than the gaps the benchmarks judge.
pub fn fastest<T>(times: usize, mut work: impl FnMut() -> T) -> (f64, T) {
    let started = std::time::Instant::now();
    let mut result = std::hint::black_box(work());
    let mut seconds = started.elapsed().as_secs_f64();
    for _ in 1..times {
        let started = std::time::Instant::now();
        result = std::hint::black_box(work());
        seconds = seconds.min(started.elapsed().as_secs_f64());
    }
    (seconds, result)
}

/// [`fastest`] of `fits` fits on the training rows of `prepared`, as `worthit run` fits a model.
#[allow(
    dead_code,
    reason = "predict_bench shares this module and times no fit"
)]
pub fn fastest_fit<T>(
    prepared: &PreparedData,
    fits: usize,
    fit: impl Fn(&BinnedMatrix, TargetRef<'_>, &[u32]) -> T,
) -> (f64, T) {
    fastest(fits, || {
        fit(
            &prepared.binned,
            prepared.target_ref(),
            &prepared.split.train,
        )
    })
}
