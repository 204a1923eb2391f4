//! Where a run's data and config come from: a data file, or a dataset folder holding one data
//! file, its `worthit.toml` and its `ATTRIBUTION.md`.

use std::path::{Path, PathBuf};

use crate::base::error::{Error, Result};
use crate::base::files;
use crate::config::Config;
use crate::data::{self, Table, TargetValues};
use crate::value::ValueConfig;

/// Where the data and config of a run come from.
#[derive(Debug, Clone)]
pub struct ResolvedInput {
    /// Dataset name for reports and the default run folder.
    pub name: String,
    /// The data file.
    pub data_file: PathBuf,
    /// The parsed config (defaults when there is none).
    pub config: Config,
    /// The config file read, when there was one.
    pub config_file: Option<PathBuf>,
}

/// Finds the data file and config for `data` (a file or a dataset folder).
pub fn resolve_input(data: &Path, config_path: Option<&Path>) -> Result<ResolvedInput> {
    files::file_or_folder(data, "")?;
    let folder_config = data.is_dir().then(|| data.join("worthit.toml"));
    let config_path = match (config_path, &folder_config) {
        (Some(path), _) => Some(path.to_path_buf()),
        // Anything named worthit.toml, even a FIFO or a symlink loop, is meant as the config:
        // loading it says why it cannot be read rather than running without it.
        (None, Some(path)) if files::is_present(path) => Some(path.clone()),
        _ => None,
    };
    let config = match &config_path {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    let data_file = if data.is_dir() {
        match &config.data.file {
            Some(file) => data.join(file),
            None => single_data_file(data)?,
        }
    } else {
        data.to_path_buf()
    };
    let name = if data.is_dir() {
        data.canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
            .unwrap_or_else(|| "dataset".to_string())
    } else {
        let file = data
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        file.trim_end_matches(".gz")
            .trim_end_matches(".csv")
            .trim_end_matches(".parquet")
            .to_string()
    };
    Ok(ResolvedInput {
        name,
        data_file,
        config,
        config_file: config_path,
    })
}

/// The one data file of a dataset folder (an error naming the folder when it holds none or several).
pub fn single_data_file(folder: &Path) -> Result<PathBuf> {
    let entries = std::fs::read_dir(folder)
        .map_err(|err| Error::input(format!("cannot list {}: {err}", folder.display())))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_file() && data::is_data_file(path))
        .collect();
    files.sort();
    match files.len() {
        1 => Ok(files.remove(0)),
        0 => Err(Error::input(format!(
            "{} holds no .csv, .csv.gz or .parquet file",
            folder.display()
        ))),
        _ => Err(Error::input(format!(
            "{} holds several data files ({}); name one with [data] file in worthit.toml",
            folder.display(),
            files
                .iter()
                .filter_map(|f| f.file_name().map(|n| n.to_string_lossy().to_string()))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// The `ATTRIBUTION.md` beside a data file, if there is one (a file that cannot be read, or is
/// not a regular file, counts as none: credit is worth showing, not worth failing a run over).
pub fn read_attribution(data_file: &Path) -> Option<String> {
    let path = data_file.parent()?.join("ATTRIBUTION.md");
    // Not a FIFO or a device, which would block or never end.
    files::regular_file(&path, "").ok()?;
    std::fs::read_to_string(path).ok()
}

/// Checks a `[value]` section against the data it prices (columns its expressions name, the
/// target's classes, the kind of value for the task), as a run does before training and as
/// repricing does with a run.json that may have been edited since. An error names `config`, the
/// file the section was read from, and the data file it was checked against.
pub fn check_value(
    value: &ValueConfig,
    table: &Table,
    data_file: &Path,
    config: Option<&Path>,
) -> Result<()> {
    let mut columns: Vec<String> = table.features.iter().map(|f| f.name.clone()).collect();
    columns.extend(table.dropped.iter().map(|d| d.name.clone()));
    columns.push(table.target_name.clone());
    let classes = match &table.target {
        TargetValues::Classes { classes, .. } => classes.clone(),
        TargetValues::Values(_) => Vec::new(),
    };
    value.check(&columns, &classes).map_err(|err| {
        Error::input(match config {
            Some(config) => format!(
                "{} (checked against {}): {err}",
                config.display(),
                data_file.display()
            ),
            None => format!("{}: {err}", data_file.display()),
        })
    })
}

/// The error of a run given no target column: where to set it, and without a config the column
/// `worthit init` would take, with why, so a newcomer with only a file reads it here.
pub fn no_target(input: &ResolvedInput) -> Error {
    let file = input.data_file.display();
    Error::input(match &input.config_file {
        Some(config) => format!(
            "no target column for {file}: pass --target COLUMN or set [data] target in {}",
            config.display()
        ),
        None => match super::init::likely_target(&input.data_file) {
            Some((column, why)) => format!(
                "no target column for {file}: pass --target COLUMN (likely `{column}`, {why}), or let `worthit init {file}` write a worthit.toml with it"
            ),
            None => format!(
                "no target column for {file}: pass --target COLUMN, or let `worthit init {file}` guess it and write a worthit.toml"
            ),
        },
    })
}
