//! `trials.jsonl`: one line per finished model, appended and flushed to disk as each one ends,
//! so a killed run loses nothing it finished. A run resumes from it.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::base::error::{io_error, Error, Result};
use crate::model::ModelResult;

/// The checkpoint file of a run folder.
#[derive(Debug)]
pub struct Checkpoint {
    path: PathBuf,
    file: File,
}

impl Checkpoint {
    /// Opens (creating if needed) `dir/trials.jsonl` for appending.
    pub fn open(dir: &Path) -> Result<Checkpoint> {
        let path = dir.join("trials.jsonl");
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

/// Reads the models finished so far. A last line cut short by a kill is ignored (that model is
/// trained again); a broken line anywhere else is an error naming the line.
pub fn load(dir: &Path) -> Result<Vec<ModelResult>> {
    let path = dir.join("trials.jsonl");
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
        match serde_json::from_str::<ModelResult>(line) {
            Ok(model) => models.push(model),
            Err(_) if is_last && !complete => break,
            Err(err) => {
                return Err(Error::input(format!(
                    "{} line {}: not a trial record ({err})",
                    path.display(),
                    number + 1
                )))
            }
        }
    }
    Ok(models)
}
