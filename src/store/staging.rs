//! Run folders, written atomically: files go into a hidden temporary folder beside the target,
//! which is renamed into place only when complete. An existing run is never replaced without
//! `--force`, and a failed run leaves nothing behind.

use std::fs;
use std::path::{Path, PathBuf};

use crate::base::error::{io_error, Error, Result};

/// A run folder being written.
#[derive(Debug)]
pub struct PendingRun {
    staging: PathBuf,
    target: PathBuf,
    force: bool,
    finished: bool,
    /// Once a model is checkpointed the staging folder is kept on failure, for `--resume`.
    keep: bool,
}

/// Fails early (before any training) when `target` exists and `force` is off.
pub fn check_target(target: &Path, force: bool) -> Result<()> {
    if target.exists() && !force {
        return Err(Error::input(format!(
            "{} already exists; choose another --out or pass --force to replace it",
            target.display()
        )));
    }
    Ok(())
}

/// The staging folder of a run that lands at `target`: hidden, beside it, and named after it
/// alone, so an interrupted run is found again by `--resume`.
pub fn staging_path(target: &Path) -> Result<PathBuf> {
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .ok_or_else(|| Error::input(format!("--out {} has no folder name", target.display())))?
        .to_string_lossy()
        .to_string();
    Ok(parent.join(format!(".{name}.partial")))
}

impl PendingRun {
    /// Creates the staging folder for a new run that will land at `target`.
    pub fn create(target: &Path, force: bool) -> Result<PendingRun> {
        check_target(target, force)?;
        let staging = staging_path(target)?;
        if staging.exists() {
            if !force {
                return Err(Error::input(format!(
                    "an interrupted run of {} is in {}; continue it with --resume {} or pass --force to start over",
                    target.display(),
                    staging.display(),
                    target.display()
                )));
            }
            fs::remove_dir_all(&staging).map_err(|err| io_error("clear", &staging, err))?;
        }
        if let Some(parent) = staging.parent() {
            fs::create_dir_all(parent).map_err(|err| io_error("create", parent, err))?;
        }
        fs::create_dir(&staging).map_err(|err| io_error("create", &staging, err))?;
        Ok(PendingRun {
            staging,
            target: target.to_path_buf(),
            force,
            finished: false,
            keep: false,
        })
    }

    /// Reopens the staging folder of an interrupted run of `target`.
    pub fn resume(target: &Path) -> Result<PendingRun> {
        let staging = staging_path(target)?;
        if !staging.is_dir() {
            let hint = if target.is_dir() {
                " (that run finished; nothing to resume)"
            } else {
                ""
            };
            return Err(Error::input(format!(
                "no interrupted run to resume at {}{hint}",
                staging.display()
            )));
        }
        Ok(PendingRun {
            staging,
            target: target.to_path_buf(),
            force: false,
            finished: false,
            keep: true,
        })
    }

    /// Keeps the staging folder if the run fails from now on (work in it can be resumed).
    pub fn keep_on_failure(&mut self) {
        self.keep = true;
    }

    /// Where files of this run are written until [`PendingRun::commit`].
    pub fn dir(&self) -> &Path {
        &self.staging
    }

    /// Writes one file into the staging folder (itself atomically, via a temporary name).
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<()> {
        write_atomic(&self.staging.join(name), bytes)
    }

    /// Moves the finished run into place, replacing an older run only under `--force`.
    pub fn commit(mut self) -> Result<PathBuf> {
        let target = self.target.clone();
        if target.exists() {
            if !self.force {
                return Err(Error::input(format!(
                    "{} appeared while this run was working; the run is kept in {}",
                    target.display(),
                    self.staging.display()
                )));
            }
            let old = self
                .staging
                .with_file_name(format!(".replaced-{}", std::process::id()));
            fs::rename(&target, &old).map_err(|err| io_error("move aside", &target, err))?;
            fs::rename(&self.staging, &target)
                .map_err(|err| io_error("rename into", &target, err))?;
            fs::remove_dir_all(&old).map_err(|err| io_error("remove", &old, err))?;
        } else {
            fs::rename(&self.staging, &target)
                .map_err(|err| io_error("rename into", &target, err))?;
        }
        self.finished = true;
        Ok(target)
    }
}

impl Drop for PendingRun {
    /// A run that failed before checkpointing anything leaves no half-written folder.
    fn drop(&mut self) {
        if !self.finished && !self.keep {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// Writes `bytes` to `path` through a temporary file and a rename, so readers never see a
/// partial file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.tmp"));
    let mut file =
        fs::File::create(&temporary).map_err(|err| io_error("create", &temporary, err))?;
    file.write_all(bytes)
        .map_err(|err| io_error("write", &temporary, err))?;
    file.sync_all()
        .map_err(|err| io_error("sync", &temporary, err))?;
    fs::rename(&temporary, path).map_err(|err| io_error("rename into", path, err))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_refuses_existing_without_force_and_replaces_with_force() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("run");
        let run = PendingRun::create(&target, false).unwrap();
        run.write("a.txt", b"first").unwrap();
        run.commit().unwrap();
        assert!(PendingRun::create(&target, false).is_err());
        let run = PendingRun::create(&target, true).unwrap();
        run.write("a.txt", b"second").unwrap();
        run.commit().unwrap();
        assert_eq!(fs::read_to_string(target.join("a.txt")).unwrap(), "second");
        assert_eq!(
            fs::read_dir(root.path()).unwrap().count(),
            1,
            "no leftovers"
        );
    }

    #[test]
    fn dropped_run_leaves_nothing() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("run");
        {
            let run = PendingRun::create(&target, false).unwrap();
            run.write("a.txt", b"partial").unwrap();
        }
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 0);
    }
}
