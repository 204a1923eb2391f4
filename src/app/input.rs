//! Where a run's data and config come from: a data file, or a dataset folder holding one data
//! file, its `worthit.toml` and its `ATTRIBUTION.md`.

use std::path::{Path, PathBuf};

use crate::base::error::{Error, Result};
use crate::base::{console, files, text};
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
    /// The `worthit.toml` beside a data file given alone, and whether it was read.
    pub beside: Option<Beside>,
}

/// The `worthit.toml` in the folder of a data file given without `--config`: read when it is
/// for that file, as `worthit run FOLDER` would read it, and otherwise left, with why.
#[derive(Debug, Clone)]
pub enum Beside {
    /// Read as the run's config.
    Read(PathBuf),
    /// Not read: the config and why it is for another file.
    Skipped(PathBuf, String),
}

impl ResolvedInput {
    /// Tells the terminal (unless `quiet`) which config a data file given alone was run with,
    /// when it is the `worthit.toml` beside it: a config nobody named is read, so it is said.
    pub fn tell_config(&self, quiet: bool) {
        if let (Some(Beside::Read(config)), false) = (&self.beside, quiet) {
            let line = format!(
                "using {} beside {} (--config FILE reads another)",
                config.display(),
                shown_name(&self.data_file)
            );
            console::err_line(&format!("worthit: {}", text::terminal_safe(&line)));
        }
    }
}

/// Finds the data file and config for `data` (a file or a dataset folder).
pub fn resolve_input(data: &Path, config_path: Option<&Path>) -> Result<ResolvedInput> {
    files::file_or_folder(data, "")?;
    let folder_config = data.is_dir().then(|| data.join("worthit.toml"));
    let mut beside = None;
    let (config_path, config) = match (config_path, &folder_config) {
        (Some(path), _) => (Some(path.to_path_buf()), Config::load(path)?),
        // Anything named worthit.toml, even a FIFO or a symlink loop, is meant as the config:
        // loading it says why it cannot be read rather than running without it.
        (None, Some(path)) if files::is_present(path) => (Some(path.clone()), Config::load(path)?),
        (None, Some(_)) => (None, Config::default()),
        (None, None) => match config_beside(data)? {
            Some((found, config)) => {
                let read = matches!(found, Beside::Read(_));
                let path = match &found {
                    Beside::Read(path) | Beside::Skipped(path, _) => path.clone(),
                };
                beside = Some(found);
                if read {
                    (Some(path), config)
                } else {
                    (None, Config::default())
                }
            }
            None => (None, Config::default()),
        },
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
        data_name(data)
    };
    Ok(ResolvedInput {
        name,
        data_file,
        config,
        config_file: config_path,
        beside,
    })
}

/// A data file's name without `.csv`, `.csv.gz` or `.parquet`: the dataset's name in reports.
pub fn data_name(data_file: &Path) -> String {
    let file = data_file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    file.trim_end_matches(".gz")
        .trim_end_matches(".csv")
        .trim_end_matches(".parquet")
        .to_string()
}

/// The `worthit.toml` in the folder of `data_file`, judged as `worthit run FOLDER` would: read
/// when its `[data] file` is `data_file`, or when it names none and `data_file` is the folder's
/// only data file. A config there that cannot be read is an error, as in a dataset folder: it
/// may be this file's, and a run without it would not be the one asked for.
fn config_beside(data_file: &Path) -> Result<Option<(Beside, Config)>> {
    let folder = data_file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let path = folder.join("worthit.toml");
    if !files::is_present(&path) {
        return Ok(None);
    }
    let config = Config::load(&path).map_err(|err| {
        Error::input(format!(
            "{err} (the worthit.toml beside {}, read as its config; fix it, or pass --config FILE to read another)",
            shown_name(data_file)
        ))
    })?;
    let picked = match &config.data.file {
        Some(file) => folder.join(file),
        None => match single_data_file(folder) {
            Ok(file) => file,
            Err(_) => {
                let why = "it names no [data] file and its folder holds several data files".into();
                return Ok(Some((Beside::Skipped(path, why), config)));
            }
        },
    };
    let found = if same_file(&picked, data_file) {
        Beside::Read(path)
    } else {
        let why = format!("its [data] file is {}", shown_name(&picked));
        Beside::Skipped(path, why)
    };
    Ok(Some((found, config)))
}

/// Whether two paths name one file (after resolving `..` and symbolic links when both exist).
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// A file's name as messages show it.
fn shown_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| path.display().to_string())
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
    let skipped = match &input.beside {
        Some(Beside::Skipped(config, why)) => format!(
            " ({} beside it was not read: {why}; --config {} reads it anyway)",
            config.display(),
            config.display()
        ),
        _ => String::new(),
    };
    // `worthit init` would not replace the worthit.toml beside it: it writes its own config.
    let (init, written) = match &input.beside {
        Some(Beside::Skipped(..)) => {
            let own = format!("{}.toml", data_name(&input.data_file));
            (format!("worthit init {file} --out {own}"), own)
        }
        _ => (format!("worthit init {file}"), "a worthit.toml".to_string()),
    };
    let message = match &input.config_file {
        Some(config) => format!(
            "no target column for {file}: pass --target COLUMN or set [data] target in {}",
            config.display()
        ),
        None => match super::init::likely_target(&input.data_file) {
            Some((column, why)) => format!(
                "no target column for {file}: pass --target COLUMN (likely `{column}`, {why}), or let `{init}` write {written} with it"
            ),
            None => format!(
                "no target column for {file}: pass --target COLUMN, or let `{init}` guess it and write {written}"
            ),
        },
    };
    Error::input(format!("{message}{skipped}"))
}
