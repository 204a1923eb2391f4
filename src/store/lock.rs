//! The lock of a staging folder: one worthit process writes a run at a time.
//!
//! The lock is the file `.lock` in the staging folder, holding its owner's process id. The owner
//! keeps it open with an exclusive `flock`, which the kernel drops when the process ends however
//! it ends (a kill, a crash), so a lock left by a dead process is recognised exactly and taken
//! over, whatever its file says. Where a file system has no `flock`, the process id decides: a
//! lock whose process is gone is stale.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::MetadataExt;
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::base::error::{io_error, Error, Result};
use crate::base::process::process_alive;

/// The lock file's name inside a staging folder.
pub const LOCK_FILE: &str = ".lock";

/// A held lock; dropping it releases the lock (the file stays unless [`RunLock::remove`]d).
#[derive(Debug)]
pub struct RunLock {
    file: File,
    path: PathBuf,
}

/// What trying to `flock` a file found.
enum Flock {
    Taken,
    HeldByAnother,
    Unsupported,
}

fn try_flock(file: &File) -> Flock {
    // SAFETY: flock on a descriptor this process owns; no memory is passed.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
        return Flock::Taken;
    }
    match std::io::Error::last_os_error().raw_os_error() {
        Some(code) if code == libc::EWOULDBLOCK => Flock::HeldByAnother,
        _ => Flock::Unsupported,
    }
}

/// The process id written in a lock file, if it has one.
fn owner(path: &Path) -> Option<u32> {
    let mut text = String::new();
    File::open(path).ok()?.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

impl RunLock {
    /// Takes the lock of `staging` (a folder that exists), the staging folder of the run that
    /// lands at `target`. Another live process holding it is an input error naming its process
    /// id; a lock left by a dead process is taken over.
    pub fn acquire(staging: &Path, target: &Path) -> Result<RunLock> {
        let path = staging.join(LOCK_FILE);
        // A few rounds: the file can be replaced between opening and locking it.
        for _ in 0..10 {
            let file = match OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
            {
                Ok(file) => file,
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                    return Err(Error::input(format!(
                        "{} went away while this run was starting (another worthit run finished or removed it); try again",
                        staging.display()
                    )))
                }
                Err(err) => return Err(io_error("create", &path, err)),
            };
            match try_flock(&file) {
                Flock::Taken => {
                    // Its owner may have removed the file (and another process made a new one)
                    // between our open and our lock: then this lock guards nothing.
                    let same = match (file.metadata(), fs::metadata(&path)) {
                        (Ok(ours), Ok(now)) => ours.dev() == now.dev() && ours.ino() == now.ino(),
                        _ => false,
                    };
                    if !same {
                        continue;
                    }
                }
                Flock::HeldByAnother => return Err(held(staging, target, &path)),
                Flock::Unsupported => {
                    if let Some(pid) = owner(&path) {
                        if pid != std::process::id() && process_alive(pid) {
                            return Err(held(staging, target, &path));
                        }
                    }
                }
            }
            let mut lock = RunLock { file, path };
            lock.write_owner()?;
            return Ok(lock);
        }
        Err(Error::internal(format!(
            "cannot lock {}: it keeps changing",
            path.display()
        )))
    }

    fn write_owner(&mut self) -> Result<()> {
        let text = format!("{}\n", std::process::id());
        let write = |file: &mut File| -> std::io::Result<()> {
            file.set_len(0)?;
            file.seek(SeekFrom::Start(0))?;
            file.write_all(text.as_bytes())?;
            file.sync_all()
        };
        write(&mut self.file).map_err(|err| io_error("write", &self.path, err))
    }

    /// Removes the lock file (while still holding the lock) and releases the lock.
    pub fn remove(self) {
        let _ = fs::remove_file(&self.path);
    }

    /// Removes the lock file from `dir`, where a committed staging folder (with the lock in it)
    /// was moved, and releases the lock.
    pub fn remove_from(self, dir: &Path) {
        let _ = fs::remove_file(dir.join(LOCK_FILE));
    }
}

/// The error for a lock another live process holds.
fn held(staging: &Path, target: &Path, path: &Path) -> Error {
    // The owner writes its id right after locking: give it a moment.
    let mut pid = owner(path);
    for _ in 0..20 {
        if pid.is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
        pid = owner(path);
    }
    let who = pid.map_or("another worthit process".to_string(), |pid| {
        format!("worthit process {pid}")
    });
    Error::input(format!(
        "{} is being written by {who} (it holds the lock {}); wait for that run to finish or stop it first",
        target.display(),
        staging.join(LOCK_FILE).display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_lock_names_its_owner_and_a_released_one_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("run");
        let lock = RunLock::acquire(dir.path(), &target).unwrap();
        let pid = std::process::id().to_string();
        assert_eq!(
            fs::read_to_string(dir.path().join(LOCK_FILE)).unwrap(),
            format!("{pid}\n")
        );
        // flock locks belong to the open file: a second open in this process is refused too.
        let err = RunLock::acquire(dir.path(), &target).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains(&pid), "{err}");
        drop(lock);
        // A lock file left behind (the owner is gone) is taken over.
        fs::write(dir.path().join(LOCK_FILE), "4194304999\n").unwrap();
        let lock = RunLock::acquire(dir.path(), &target).unwrap();
        lock.remove();
        assert!(!dir.path().join(LOCK_FILE).exists());
    }
}
