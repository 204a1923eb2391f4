//! Run folders, written atomically: files go into a hidden staging folder beside the target,
//! which is renamed into place only when complete. The staging folder is locked by the process
//! writing it ([`super::lock`]), so two runs never write one folder. An existing folder is
//! replaced only with `--force`, and only if it is an earlier worthit run that holds none of the
//! command's inputs and not the working directory. A run that fails on its input leaves nothing
//! behind; an interrupted one (or one that fails otherwise, e.g. on a full disk) keeps the models
//! it checkpointed for `--resume`.

use std::fs;
use std::path::{Path, PathBuf};

use super::lock::{RunLock, LOCK_FILE};
use crate::base::error::{io_error, Error, Result};

/// A run folder being written.
#[derive(Debug)]
pub struct PendingRun {
    staging: PathBuf,
    target: PathBuf,
    force: bool,
    /// What the run reads: `--force` never replaces a folder holding any of it (checked again
    /// at commit, since the target may change while the run works).
    protected: Vec<PathBuf>,
    /// Folders made above the staging folder, removed again when the run leaves nothing.
    created_parents: Vec<PathBuf>,
    finished: bool,
    /// Once a model is checkpointed the staging folder is kept on failure, for `--resume`.
    keep: bool,
    /// The staging folder's lock, held until the run lands or fails.
    lock: Option<RunLock>,
}

/// Marks a staging folder that continues a finished run with more trials: it lands over that
/// run, as under `--force`, also when an interrupted extension is continued with `--resume`.
const EXTENDS_FILE: &str = ".extends";

/// Whether `dir` is a worthit run folder: it holds the `run.json` or `results.json` of a run.
pub fn is_run_folder(dir: &Path) -> bool {
    dir.join("run.json").is_file() || dir.join("results.json").is_file()
}

/// Fails early (before any training) when a run cannot land at `target`: a path above it is a
/// file; it is a file itself; it is a folder holding (or above) one of `protected` or the
/// working directory; it is a folder that is not a worthit run; it is a run and `force` is off.
pub fn check_target(target: &Path, force: bool, protected: &[PathBuf]) -> Result<()> {
    for above in target.ancestors().skip(1) {
        if above.as_os_str().is_empty() {
            break;
        }
        match fs::metadata(above) {
            Ok(meta) if meta.is_dir() => break,
            Ok(_) => {
                return Err(Error::input(format!(
                    "--out {}: {} is a file, not a folder",
                    target.display(),
                    above.display()
                )))
            }
            Err(_) => continue,
        }
    }
    match fs::symlink_metadata(target) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(err) => {
            return Err(Error::input(format!(
                "--out {}: cannot inspect it: {err}",
                target.display()
            )))
        }
        Ok(_) => {}
    }
    if !target.is_dir() {
        return Err(Error::input(format!(
            "--out {} is a file, not a folder: a run writes a folder there and never replaces a file, even with --force; choose another --out",
            target.display()
        )));
    }
    check_not_above(target, "--out", protected)?;
    if !is_run_folder(target) {
        return Err(Error::input(format!(
            "{} already exists and is not a worthit run folder (it has no run.json or results.json); choose another --out (--force replaces only an earlier run)",
            target.display()
        )));
    }
    if !force {
        return Err(Error::input(format!(
            "{} already exists; choose another --out or pass --force to replace it",
            target.display()
        )));
    }
    check_only_run_files(target)
}

/// What a run folder holds at its top level. A folder is known for a run by its name of one
/// file, and a user's folder can hold a `results.json` of its own: `--force` replaces only a
/// folder whose every entry is one of these, with `plots/` and `predictions/` holding only what
/// a run writes there, and whose JSON files are worthit's.
const RUN_ENTRIES: [&str; 10] = [
    "run.json",
    "results.json",
    "report.md",
    "report.html",
    "plots",
    "predictions",
    "split.parquet",
    "trials.jsonl",
    LOCK_FILE,
    EXTENDS_FILE,
];

/// Refuses to let `--force` replace `dir` when it holds anything a run does not write there:
/// an unknown entry, a file of another kind in `plots/` or `predictions/`, or a `run.json` or
/// `results.json` that is not worthit's.
fn check_only_run_files(dir: &Path) -> Result<()> {
    let refuse = |path: &Path, why: &str| {
        Error::input(format!(
            "{} {why}; --force replaces only an earlier worthit run folder as a run wrote it, so nothing else is lost; move it out or choose another --out",
            path.display()
        ))
    };
    let entries = |dir: &Path| -> Result<Vec<fs::DirEntry>> {
        fs::read_dir(dir)
            .and_then(|entries| entries.collect::<std::io::Result<Vec<_>>>())
            .map_err(|err| io_error("read", dir, err))
    };
    for entry in entries(dir)? {
        let name = entry.file_name();
        if !RUN_ENTRIES.iter().any(|known| name == *known) {
            return Err(refuse(
                &entry.path(),
                "is not something a worthit run writes",
            ));
        }
    }
    for (folder, extensions) in [
        ("plots", &["png", "svg"][..]),
        ("predictions", &["parquet"][..]),
    ] {
        let folder = dir.join(folder);
        if fs::symlink_metadata(&folder).is_err() {
            continue;
        }
        if !folder.is_dir() {
            return Err(refuse(&folder, "is not the folder a worthit run writes"));
        }
        for entry in entries(&folder)? {
            let path = entry.path();
            let known = entry.file_type().is_ok_and(|kind| kind.is_file())
                && path
                    .extension()
                    .and_then(|ext| ext.to_str())
                    .is_some_and(|ext| extensions.contains(&ext));
            if !known {
                return Err(refuse(&path, "is not something a worthit run writes"));
            }
        }
    }
    // The key each file of a run carries (see `app::reopen` and `results::RunResults`).
    for (name, key) in [
        ("run.json", "data_file"),
        ("results.json", "worthit_version"),
    ] {
        let path = dir.join(name);
        let Ok(text) = fs::read_to_string(&path) else {
            if fs::symlink_metadata(&path).is_ok() {
                return Err(refuse(&path, "cannot be read as a worthit file"));
            }
            continue;
        };
        let ours = serde_json::from_str::<serde_json::Value>(&text)
            .is_ok_and(|value| value.get(key).is_some());
        if !ours {
            return Err(refuse(&path, &format!("is not worthit's {name}")));
        }
    }
    Ok(())
}

/// Refuses to replace `folder` (`what` says which) when it is, or is above, a path of
/// `protected` or the working directory. Paths are compared canonical, so `..`, `.` and symbolic
/// links cannot hide an input.
fn check_not_above(folder: &Path, what: &str, protected: &[PathBuf]) -> Result<()> {
    let Ok(canonical) = folder.canonicalize() else {
        return Ok(());
    };
    let cwd = std::env::current_dir().ok();
    let inputs = protected
        .iter()
        .map(|path| (absolute(path), "an input of this run"))
        .chain(cwd.map(|cwd| (absolute(&cwd), "the working directory")));
    for (input, role) in inputs {
        if input.starts_with(&canonical) {
            let relation = if input == canonical { "is" } else { "holds" };
            return Err(Error::input(format!(
                "{what} {} {relation} {} ({role}); --force replaces only an earlier worthit run folder, never one holding the data, the config or the working directory; choose another --out",
                folder.display(),
                input.display()
            )));
        }
    }
    Ok(())
}

/// Refuses `target` (`--out`) inside one of `runs`, run folders the command reads: the run
/// would land in it, and a run folder with anything added is no longer one `--force` replaces
/// (until 2026-12-06 `worthit merge --out SHARD/merged` wrote the merged run into a shard).
pub fn check_not_inside(target: &Path, runs: &[PathBuf]) -> Result<()> {
    let target = absolute(target);
    for run in runs {
        let run = absolute(run);
        if target != run && target.starts_with(&run) {
            return Err(Error::input(format!(
                "--out {} is inside {}, a run folder this command reads; choose an --out outside it",
                target.display(),
                run.display()
            )));
        }
    }
    Ok(())
}

/// `path` made absolute and canonical as far as it exists.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(canonical) = path.canonicalize() {
        return canonical;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => absolute(parent).join(name),
        _ => std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf()),
    }
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

/// Why the folder `dir`, made for the run at `target`, could not be created. A place the user
/// cannot write to (`--out /proc/x`, a read-only disk, a file where a folder should be) is bad
/// input, one line naming `target` with exit code 2; a full disk is not. Until 2026-12-06 all
/// were exit code 1, naming the hidden staging folder.
fn cannot_create(target: &Path, dir: &Path, err: std::io::Error) -> Error {
    use std::io::ErrorKind;
    match err.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded | ErrorKind::OutOfMemory => {
            io_error("create", dir, err)
        }
        _ => Error::input(format!(
            "cannot create the run folder {}: {err}; choose a folder you can write to (--out)",
            target.display()
        )),
    }
}

impl PendingRun {
    /// Creates and locks the staging folder for a new run that will land at `target`, after
    /// [`check_target`]. `protected` are the paths the run reads (the working directory is
    /// always protected).
    pub fn create(target: &Path, force: bool, protected: Vec<PathBuf>) -> Result<PendingRun> {
        check_target(target, force, &protected)?;
        let staging = staging_path(target)?;
        let mut created_parents = Vec::new();
        if let Some(parent) = staging.parent() {
            created_parents = parent
                .ancestors()
                .take_while(|dir| !dir.as_os_str().is_empty() && !dir.exists())
                .map(Path::to_path_buf)
                .collect();
            fs::create_dir_all(parent).map_err(|err| cannot_create(target, parent, err))?;
        }
        let lock = match fs::create_dir(&staging) {
            Ok(()) => RunLock::acquire(&staging, target)?,
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
                take_over(&staging, target, force, &protected)?
            }
            Err(err) => return Err(cannot_create(target, &staging, err)),
        };
        Ok(PendingRun {
            staging,
            target: target.to_path_buf(),
            force,
            protected,
            created_parents,
            finished: false,
            keep: false,
            lock: Some(lock),
        })
    }

    /// Opens a staging folder to continue the finished run at `target` with more trials, with
    /// copies of its `entries` (the checkpoint and the stored predictions of its models). The
    /// run lands over `target` once it finishes; until then `target` is untouched, and a run
    /// that fails before it checkpoints a new model leaves nothing behind. `protected` as for
    /// [`PendingRun::create`]: a finished run that has come to hold the data since is not replaced.
    pub fn extend(target: &Path, entries: &[&str], protected: Vec<PathBuf>) -> Result<PendingRun> {
        let run = PendingRun::create(target, true, protected)?;
        for name in entries {
            copy_entry(&target.join(name), &run.staging.join(name))?;
        }
        run.write(EXTENDS_FILE, b"")?;
        Ok(run)
    }

    /// Reopens and locks the staging folder of an interrupted run of `target`.
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
        let lock = RunLock::acquire(&staging, target)?;
        let extends = staging.join(EXTENDS_FILE).is_file();
        Ok(PendingRun {
            staging,
            target: target.to_path_buf(),
            force: extends,
            protected: Vec::new(),
            created_parents: Vec::new(),
            finished: false,
            keep: true,
            lock: Some(lock),
        })
    }

    /// Keeps the staging folder if the run fails from now on (work in it can be resumed).
    pub fn keep_on_failure(&mut self) {
        self.keep = true;
    }

    /// Settles a run that failed with `err` and gives the error back. An input error (bad data
    /// or config, which `--resume` would only replay) leaves nothing behind, checkpointed models
    /// or not; any other failure (a full disk, a bug) keeps checkpointed work for `--resume`.
    pub fn fail(mut self, err: Error) -> Error {
        if matches!(err, Error::Input(_)) {
            self.keep = false;
        }
        err
    }

    /// Where files of this run are written until [`PendingRun::commit`].
    pub fn dir(&self) -> &Path {
        &self.staging
    }

    /// Whether this run continues the finished run in [`PendingRun::target`] with more trials
    /// (and lands over it).
    pub fn extends(&self) -> bool {
        self.staging.join(EXTENDS_FILE).is_file()
    }

    /// The run folder this run lands in: what its reports name (the staging folder is gone by
    /// the time anyone reads them).
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Writes one file into the staging folder (itself atomically, via a temporary name).
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<()> {
        write_atomic(&self.staging.join(name), bytes)
    }

    /// Moves the finished run into place, replacing an older run only under `--force` (and
    /// only what [`check_target`] allows, checked again now).
    pub fn commit(mut self) -> Result<PathBuf> {
        let target = self.target.clone();
        if fs::symlink_metadata(&target).is_ok() {
            if !self.force {
                self.keep = true;
                return Err(Error::input(format!(
                    "{} appeared while this run was working; the run is kept in {}",
                    target.display(),
                    self.staging.display()
                )));
            }
            if let Err(err) = check_target(&target, true, &self.protected) {
                self.keep = true;
                return Err(Error::input(format!(
                    "{err}; the finished run is kept in {}",
                    self.staging.display()
                )));
            }
            let old = self
                .staging
                .with_file_name(format!(".replaced-{}", std::process::id()));
            fs::rename(&target, &old).map_err(|err| io_error("move aside", &target, err))?;
            if let Err(err) = fs::rename(&self.staging, &target) {
                // Put the earlier run back rather than leave neither in place.
                let _ = fs::rename(&old, &target);
                return Err(io_error("rename into", &target, err));
            }
            self.landed();
            fs::remove_dir_all(&old).map_err(|err| io_error("remove", &old, err))?;
        } else {
            fs::rename(&self.staging, &target)
                .map_err(|err| io_error("rename into", &target, err))?;
            self.landed();
        }
        Ok(target)
    }

    /// The staging folder is now the run folder: drop the lock file that came with it.
    fn landed(&mut self) {
        self.finished = true;
        let _ = fs::remove_file(self.target.join(EXTENDS_FILE));
        if let Some(lock) = self.lock.take() {
            lock.remove_from(&self.target);
        }
    }
}

/// The staging folder of `target` when an earlier run of it left work there (anything but a
/// lock): an interrupted run or `--resume`, whose checkpoints only `--resume` or `--force` may
/// clear.
pub fn interrupted_work(target: &Path) -> Result<Option<PathBuf>> {
    let staging = staging_path(target)?;
    let holds_work = work_in(&staging).is_ok_and(|work| !work.is_empty());
    Ok(holds_work.then_some(staging))
}

/// What a staging folder holds besides its lock.
fn work_in(staging: &Path) -> std::io::Result<Vec<PathBuf>> {
    Ok(fs::read_dir(staging)?
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_name() != LOCK_FILE)
        .map(|entry| entry.path())
        .collect())
}

/// Takes over the staging folder an earlier run left at `staging`: refused while that run is
/// alive (it holds the lock). Without `force`, an interrupted run is to be continued with
/// `--resume`; a folder holding nothing but a lock (a run stopped before it wrote anything) is
/// reused. With `force`, its contents are cleared.
fn take_over(staging: &Path, target: &Path, force: bool, protected: &[PathBuf]) -> Result<RunLock> {
    let is_folder = fs::symlink_metadata(staging).is_ok_and(|meta| meta.is_dir());
    if !is_folder {
        return Err(Error::input(format!(
            "{} is in the way of the staging folder of --out {} and is not a folder; move it or choose another --out",
            staging.display(),
            target.display()
        )));
    }
    let lock = RunLock::acquire(staging, target)?;
    let entries = work_in(staging).map_err(|err| io_error("list", staging, err))?;
    if entries.is_empty() {
        return Ok(lock);
    }
    if !force {
        let advice = if staging.join("run.json").is_file() {
            format!(
                "an interrupted run of {} is in {}; continue it with --resume {} or pass --force to start over",
                target.display(),
                staging.display(),
                target.display()
            )
        } else {
            format!(
                "an unfinished run of {} left {} (nothing in it to resume); pass --force to start over",
                target.display(),
                staging.display()
            )
        };
        lock.remove();
        return Err(Error::input(advice));
    }
    if let Err(err) = check_not_above(staging, "the staging folder", protected) {
        lock.remove();
        return Err(err);
    }
    for entry in entries {
        let removed = if entry.is_dir() && !entry.is_symlink() {
            fs::remove_dir_all(&entry)
        } else {
            fs::remove_file(&entry)
        };
        removed.map_err(|err| io_error("clear", &entry, err))?;
    }
    Ok(lock)
}

impl Drop for PendingRun {
    /// A run that failed on its input, or before checkpointing anything, leaves nothing; one
    /// kept for `--resume` leaves its staging folder unlocked.
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        if self.keep {
            if let Some(lock) = self.lock.take() {
                lock.remove();
            }
        } else {
            // Removed while still locked; the lock goes with the folder.
            let _ = fs::remove_dir_all(&self.staging);
            for dir in &self.created_parents {
                if fs::remove_dir(dir).is_err() {
                    break;
                }
            }
        }
    }
}

/// Copies the file or folder (its files, one level) at `from` to `to`; one that is not there is
/// left out.
fn copy_entry(from: &Path, to: &Path) -> Result<()> {
    if from.is_dir() {
        fs::create_dir_all(to).map_err(|err| io_error("create", to, err))?;
        let entries = fs::read_dir(from).map_err(|err| io_error("list", from, err))?;
        for entry in entries {
            let entry = entry.map_err(|err| io_error("list", from, err))?;
            if entry.path().is_file() {
                let copy = to.join(entry.file_name());
                fs::copy(entry.path(), &copy)
                    .map_err(|err| io_error("copy", &entry.path(), err))?;
            }
        }
    } else if from.is_file() {
        fs::copy(from, to).map_err(|err| io_error("copy", from, err))?;
    }
    Ok(())
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
        let run = PendingRun::create(&target, false, Vec::new()).unwrap();
        run.write("run.json", br#"{"data_file": "first"}"#).unwrap();
        run.commit().unwrap();
        assert!(PendingRun::create(&target, false, Vec::new()).is_err());
        let run = PendingRun::create(&target, true, Vec::new()).unwrap();
        run.write("run.json", br#"{"data_file": "second"}"#)
            .unwrap();
        run.commit().unwrap();
        assert_eq!(
            fs::read_to_string(target.join("run.json")).unwrap(),
            r#"{"data_file": "second"}"#
        );
        assert_eq!(
            fs::read_dir(root.path()).unwrap().count(),
            1,
            "no leftovers"
        );
        assert_eq!(fs::read_dir(&target).unwrap().count(), 1, "no lock file");
    }

    #[test]
    fn force_replaces_no_folder_holding_what_a_run_does_not_write() {
        let root = tempfile::tempdir().unwrap();
        let run_json = br#"{"data_file": "d.csv"}"#;
        let results = br#"{"schema_version": 1, "worthit_version": "0.1.0"}"#;
        // A user's folder with a results.json of its own, a run with a file added, a run whose
        // plots folder holds a note, and run files that are not worthit's.
        type Files<'a> = &'a [(&'a str, &'a [u8])];
        let cases: [(&str, Files); 5] = [
            (
                "project",
                &[
                    ("results.json", br#"{"acc": 1}"#),
                    ("thesis.tex", b"precious"),
                ],
            ),
            (
                "run-plus-notes",
                &[("run.json", run_json), ("notes.txt", b"mine")],
            ),
            (
                "run-plots-note",
                &[("run.json", run_json), ("plots/notes.txt", b"mine")],
            ),
            ("not-json", &[("run.json", b"not json")]),
            ("other-results", &[("results.json", br#"{"acc": 1}"#)]),
        ];
        for (name, files) in cases {
            let target = root.path().join(name);
            for (file, bytes) in files {
                let path = target.join(file);
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(&path, bytes).unwrap();
            }
            let err = PendingRun::create(&target, true, Vec::new()).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{name}: {err}");
            assert!(
                err.to_string().contains("--force replaces only"),
                "{name}: {err}"
            );
            for (file, bytes) in files {
                assert_eq!(
                    fs::read(target.join(file)).unwrap(),
                    *bytes,
                    "{name}: {file}"
                );
            }
        }
        // A run as worthit writes it is replaced.
        let target = root.path().join("run");
        fs::create_dir_all(target.join("plots")).unwrap();
        fs::create_dir_all(target.join("predictions")).unwrap();
        fs::write(target.join("run.json"), run_json).unwrap();
        fs::write(target.join("results.json"), results).unwrap();
        fs::write(target.join("report.md"), "# old").unwrap();
        fs::write(target.join("plots/trials.png"), "png").unwrap();
        fs::write(target.join("predictions/baseline.parquet"), "pq").unwrap();
        let run = PendingRun::create(&target, true, Vec::new()).unwrap();
        run.write("run.json", run_json).unwrap();
        run.commit().unwrap();
        assert!(!target.join("report.md").exists());
    }

    #[test]
    fn dropped_run_leaves_nothing() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("run");
        {
            let run = PendingRun::create(&target, false, Vec::new()).unwrap();
            run.write("a.txt", b"partial").unwrap();
        }
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 0);
        // Folders made for the run go too.
        let deep = root.path().join("reports/2026/run");
        drop(PendingRun::create(&deep, false, Vec::new()).unwrap());
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 0);
    }

    #[test]
    fn an_input_error_leaves_nothing_even_after_a_checkpoint_and_others_keep_it() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("run");
        let mut run = PendingRun::create(&target, false, Vec::new()).unwrap();
        run.write("trials.jsonl", b"{}\n").unwrap();
        run.keep_on_failure();
        let staging = run.dir().to_path_buf();
        let err = run.fail(Error::internal("disk full"));
        assert_eq!(err.exit_code(), 1);
        assert!(staging.join("trials.jsonl").is_file(), "kept for --resume");
        assert!(!staging.join(LOCK_FILE).exists(), "and unlocked");
        let mut run = PendingRun::resume(&target).unwrap();
        run.keep_on_failure();
        let err = run.fail(Error::input("[value] tp gives inf for data row 3"));
        assert_eq!(err.exit_code(), 2);
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 0);
    }

    #[test]
    fn force_replaces_only_an_earlier_run_that_holds_no_input() {
        let root = tempfile::tempdir().unwrap();
        let data = root.path().join("ds");
        fs::create_dir(&data).unwrap();
        fs::write(data.join("d.csv"), "x\n").unwrap();
        fs::write(data.join("run.json"), "{}").unwrap();
        let file = root.path().join("notes.txt");
        fs::write(&file, "keep").unwrap();
        let protected = vec![data.join("d.csv")];
        for target in [
            data.clone(),
            root.path().to_path_buf(),
            data.join(".."),
            file.clone(),
            file.join("run"),
        ] {
            let err = PendingRun::create(&target, true, protected.clone()).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{err}");
        }
        assert_eq!(fs::read_to_string(data.join("d.csv")).unwrap(), "x\n");
        assert_eq!(fs::read_to_string(&file).unwrap(), "keep");
        let names: Vec<_> = fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "nothing left: {names:?}");
    }
}
