//! Errors that reach the user.
//!
//! Every problem with the user's input (data file, config, flags) is an [`Error::Input`]: one line,
//! naming the file, column, line or key, and the process exits with code 2. Anything else is an
//! [`Error::Internal`] (a bug or an I/O failure we could not attribute to the input), exit code 1.

use std::fmt;

/// The error type of the whole library.
#[derive(Debug)]
pub enum Error {
    /// The user's input is wrong; the message says what and where, in one line.
    Input(String),
    /// Something failed that is not the user's fault (disk full, a bug).
    Internal(String),
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
            Error::Internal(_) => 1,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input(message) | Error::Internal(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

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

/// Adds context to I/O errors: `io_context(path, "write")` gives "cannot write PATH: reason".
pub fn io_error(action: &str, path: &std::path::Path, err: std::io::Error) -> Error {
    Error::internal(format!("cannot {action} {}: {err}", path.display()))
}

impl From<linfa::Error> for Error {
    fn from(err: linfa::Error) -> Self {
        Error::input(format!("linfa: {err}"))
    }
}
