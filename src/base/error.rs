//! Errors that reach the user.
//!
//! Every problem with the user's input (data file, config, flags) is an [`Error::Input`]: one line,
//! naming the file, column, line or key, and the process exits with code 2. Anything else is an
//! [`Error::Internal`] (a bug) or an [`Error::Io`] (a file operation that failed for a reason we
//! could not attribute to the input, such as a full disk), exit code 1. An I/O error keeps its
//! cause as [`std::error::Error::source`], for a library user who wants to tell them apart.

use std::path::PathBuf;

/// The error type of the whole library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The user's input is wrong; the message says what and where, in one line.
    #[error("{0}")]
    Input(String),
    /// Something failed that is not the user's fault (a bug).
    #[error("{0}")]
    Internal(String),
    /// A file operation failed: what was being done, to which path, and why.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// What was being done ("write", "rename into").
        action: String,
        /// The file or folder.
        path: PathBuf,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },
}

/// Shorthand used across the crate.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// An input error with the given one-line message.
    pub fn input(message: impl Into<String>) -> Self {
        Error::Input(one_line(message.into()))
    }

    /// An internal error with the given message.
    pub fn internal(message: impl Into<String>) -> Self {
        Error::Internal(one_line(message.into()))
    }

    /// The process exit code for this error: 2 for bad input, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) => 2,
            Error::Internal(_) | Error::Io { .. } => 1,
        }
    }
}

/// Folds a possibly multi-line message (polars and toml write several lines) into one line.
fn one_line(message: String) -> String {
    if !message.contains('\n') {
        return message;
    }
    message
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Adds context to I/O errors: `io_error("write", path, err)` reads "cannot write PATH: reason".
pub fn io_error(action: &str, path: &std::path::Path, err: std::io::Error) -> Error {
    Error::Io {
        action: action.to_string(),
        path: path.to_path_buf(),
        source: err,
    }
}

impl From<linfa::Error> for Error {
    fn from(err: linfa::Error) -> Self {
        Error::input(format!("linfa: {err}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_keep_their_cause_and_read_as_one_line() {
        let cause = std::io::Error::new(std::io::ErrorKind::StorageFull, "no space left");
        let err = io_error("write", std::path::Path::new("run/results.json"), cause);
        assert_eq!(
            err.to_string(),
            "cannot write run/results.json: no space left"
        );
        assert_eq!(err.exit_code(), 1);
        let source = std::error::Error::source(&err).expect("the cause is kept");
        assert_eq!(source.to_string(), "no space left");
        let input = Error::input("data.csv line 3:\n  bad value");
        assert_eq!(input.to_string(), "data.csv line 3:; bad value");
        assert_eq!(input.exit_code(), 2);
    }
}
