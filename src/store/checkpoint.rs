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
/// checkpoint of the interrupted run of its run folder.
pub fn load(run: &PendingRun) -> Result<Vec<ModelResult>> {
    let path = run.dir().join(FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(io_error("read", &path, err)),
    };
    let lines: Vec<&str> = text.lines().collect();
    let complete = text.ends_with('\n');
    let mut models = Vec::new();
    for (number, line) in lines.iter().enumerate() {
        let is_last = number + 1 == lines.len();
        match crate::base::json::parse::<ModelResult>(line.as_bytes()) {
            Ok(model) => models.push(model),
            Err(_) if is_last && !complete => break,
            Err(err) => {
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
                return Err(Error::input(format!(
                    "{} line {}{whose}: not a trial record ({err})",
                    file.display(),
                    number + 1
                )));
            }
        }
    }
    Ok(models)
}
