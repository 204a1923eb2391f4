//! `trials.jsonl`: one line per finished model, appended and flushed to disk as each one ends,
//! so a killed run loses nothing it finished. A run resumes from it.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::staging::PendingRun;
use crate::base::error::{io_error, Error, Result};
use crate::model::ModelResult;

/// The checkpoint's file name in a run folder (and its staging folder).
const FILE: &str = "trials.jsonl";

/// The checkpoint file of a run folder.
#[derive(Debug)]
pub struct Checkpoint {
    path: PathBuf,
    file: File,
}

impl Checkpoint {
    /// Opens (creating if needed) `dir/trials.jsonl` for appending.
    pub fn open(dir: &Path) -> Result<Checkpoint> {
        let path = dir.join(FILE);
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|err| io_error("open", &path, err))?;
        Ok(Checkpoint { path, file })
    }

    /// Appends one finished model and forces it to disk before returning.
    pub fn append(&mut self, model: &ModelResult) -> Result<()> {
        let mut line = serde_json::to_vec(model)
            .map_err(|err| Error::internal(format!("cannot encode a trial: {err}")))?;
        line.push(b'\n');
        self.file
            .write_all(&line)
            .and_then(|()| self.file.sync_data())
            .map_err(|err| io_error("append to", &self.path, err))
    }
}

/// Reads the models `run` finished so far, from its staging folder. A last line cut short by a
/// kill is ignored (that model is trained again); a broken line anywhere else is an error naming
/// the line and the key, in the file the user knows: a finished run's own `trials.jsonl` (its
/// staging folder holds a copy, line for line), or the staging folder's, said to be the
/// checkpoint of the interrupted run of its run folder. So is a line no run writes: a value
/// [`super::check::impossible`] refuses, a model named twice, or one `foreign` says is not the
/// run's (a trial number that is not its name's); until 2026-12-06 these were taken over into
/// the run, which wrote a `results.json` that reopening it then refused.
pub fn load(
    run: &PendingRun,
    foreign: impl Fn(&ModelResult) -> Option<String>,
) -> Result<Vec<ModelResult>> {
    let path = run.dir().join(FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(io_error("read", &path, err)),
    };
    let refused = |number: usize, why: String| {
        let (file, whose) = if run.extends() {
            (run.target().join(FILE), String::new())
        } else {
            (
                path.clone(),
                format!(
                    ", the checkpoint of the interrupted run of {}",
                    run.target().display()
                ),
            )
        };
        Error::input(format!(
            "{} line {}{whose}: {why}",
            file.display(),
            number + 1
        ))
    };
    let edited = "a run never writes that, so the file was edited or damaged: remove the line (its model is trained again) or restore the file from a copy of the run";
    let lines: Vec<&str> = text.lines().collect();
    let complete = text.ends_with('\n');
    let mut models: Vec<ModelResult> = Vec::new();
    for (number, line) in lines.iter().enumerate() {
        let is_last = number + 1 == lines.len();
        let model = match crate::base::json::parse::<ModelResult>(line.as_bytes()) {
            Ok(model) => model,
            Err(_) if is_last && !complete => break,
            Err(err) => return Err(refused(number, format!("not a trial record ({err})"))),
        };
        let value: serde_json::Value = serde_json::from_str(line)
            .map_err(|err| Error::internal(format!("trials.jsonl line {}: {err}", number + 1)))?;
        if let Some(why) = super::check::impossible(&value).or_else(|| foreign(&model)) {
            return Err(refused(number, format!("{why}; {edited}")));
        }
        let same = |m: &ModelResult| m.name.eq_ignore_ascii_case(&model.name);
        if let Some(first) = models.iter().position(same) {
            return Err(refused(
                number,
                format!(
                    "a second record of `{}` (line {} holds the first); {edited}",
                    model.name,
                    first + 1
                ),
            ));
        }
        models.push(model);
    }
    Ok(models)
}
