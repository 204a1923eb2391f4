//! What the benchmark examples share: a data path and target from the command line, prepared as
//! `worthit run` prepares them.

use std::path::Path;

use worthit::app::input::resolve_input;
use worthit::data::prepared::PreparedData;

/// The data file or dataset folder `args[0]` with target `args[1]` (or its worthit.toml's),
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
        Some(target) => target.clone(),
        None => input
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
