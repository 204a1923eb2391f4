//! Which paths worthit reads: regular files only.
//!
//! A FIFO blocks a reader forever and a device such as `/dev/zero` never ends, so a data file or
//! config must be a regular file (after following symlinks). The errors say what the path is
//! instead: a folder, a FIFO, a device, a symlink loop, a symlink to nothing.

use std::path::Path;

use crate::base::error::{Error, Result};

/// What a path turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    /// A regular file (perhaps through symlinks).
    File,
    /// A folder (perhaps through symlinks).
    Folder,
}

/// Follows `path`'s symlinks and returns whether it is a regular file or a folder; anything
/// else is an input error naming `what` (`"data file"`, `"config"`, or `""` for the path alone)
/// and the path, in one line.
pub fn file_or_folder(path: &Path, what: &str) -> Result<PathKind> {
    let shown = named(what, path);
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(err) => return Err(unreachable_path(path, what, &err)),
    };
    if metadata.is_file() {
        return Ok(PathKind::File);
    }
    if metadata.is_dir() {
        return Ok(PathKind::Folder);
    }
    Err(Error::input(format!(
        "{shown} is {}, not a regular file; worthit reads regular files only",
        special_kind(&metadata)
    )))
}

/// Like [`file_or_folder`], but a folder is an error too.
pub fn regular_file(path: &Path, what: &str) -> Result<()> {
    match file_or_folder(path, what)? {
        PathKind::File => Ok(()),
        PathKind::Folder => Err(Error::input(format!(
            "{} is a folder, not a file",
            named(what, path)
        ))),
    }
}

/// True when something (even a broken symlink) is at `path`: a path that exists only as a
/// symlink loop still counts, so that reading it says why it cannot be read.
pub fn is_present(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// "data file PATH", or the path alone when `what` is empty.
fn named(what: &str, path: &Path) -> String {
    if what.is_empty() {
        path.display().to_string()
    } else {
        format!("{what} {}", path.display())
    }
}

/// The one-line error for a path whose metadata cannot be read.
fn unreachable_path(path: &Path, what: &str, err: &std::io::Error) -> Error {
    let shown = named(what, path);
    if is_symlink_loop(err) {
        return Error::input(format!(
            "{shown} cannot be resolved: it is a symlink loop (too many levels of symbolic links)"
        ));
    }
    if err.kind() == std::io::ErrorKind::NotFound {
        if let Ok(link) = std::fs::symlink_metadata(path) {
            if link.file_type().is_symlink() {
                let target = std::fs::read_link(path)
                    .map(|t| format!(" ({})", t.display()))
                    .unwrap_or_default();
                return Error::input(format!(
                    "{shown} is a symlink to something that does not exist{target}"
                ));
            }
        }
        return Error::input(format!("{shown} does not exist"));
    }
    Error::input(format!("cannot read {shown}: {err}"))
}

fn is_symlink_loop(err: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        err.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        let _ = err;
        false
    }
}

/// "a FIFO (named pipe)", "a character device", ... for a path that is neither file nor folder.
fn special_kind(metadata: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = metadata.file_type();
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    let _ = metadata;
    "a special file"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_folders_and_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.csv");
        std::fs::write(&file, "x\n1\n").unwrap();
        assert_eq!(file_or_folder(&file, "data file").unwrap(), PathKind::File);
        assert_eq!(
            file_or_folder(dir.path(), "data file").unwrap(),
            PathKind::Folder
        );
        assert!(regular_file(dir.path(), "config")
            .unwrap_err()
            .to_string()
            .contains("is a folder"));
        let missing = file_or_folder(&dir.path().join("nope.csv"), "data file").unwrap_err();
        assert!(missing.to_string().contains("does not exist"), "{missing}");
        #[cfg(unix)]
        {
            let zero = regular_file(Path::new("/dev/zero"), "config").unwrap_err();
            assert!(zero.to_string().contains("character device"), "{zero}");
            assert_eq!(zero.exit_code(), 2);
            let a = dir.path().join("loop-a.csv");
            let b = dir.path().join("loop-b.csv");
            std::os::unix::fs::symlink(&b, &a).unwrap();
            std::os::unix::fs::symlink(&a, &b).unwrap();
            let looped = regular_file(&a, "data file").unwrap_err().to_string();
            assert!(looped.contains("symlink loop"), "{looped}");
            assert!(!looped.contains("does not exist"), "{looped}");
            assert!(is_present(&a));
            let dangling = dir.path().join("dangling.csv");
            std::os::unix::fs::symlink(dir.path().join("gone.csv"), &dangling).unwrap();
            let broken = regular_file(&dangling, "data file")
                .unwrap_err()
                .to_string();
            assert!(
                broken.contains("symlink to something that does not exist"),
                "{broken}"
            );
        }
    }
}
