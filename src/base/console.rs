//! Writing to the terminal. What a command prints is for a reader who may have gone away (`worthit
//! run ... 2>&1 | head -1`): a write that fails is dropped, never a panic, and a run goes on to
//! write its folder, which is what it is for. Until 2026-12-06 `println!` and `eprintln!`
//! panicked on the closed pipe (exit code 101), mid-run.

use std::io::Write;

/// Writes `text` and a line break to standard output, ignoring a failed write.
pub fn out_line(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.write_all(b"\n");
}

/// Writes `text` as it is to standard output, ignoring a failed write.
pub fn out(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// Writes `text` and a line break to standard error, ignoring a failed write.
pub fn err_line(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = err.write_all(b"\n");
}

/// Writes `text` to standard output when it is the command's answer (JSON, Markdown, the table a
/// script reads), which must arrive whole: a reader gone away (`worthit man | head`) is no
/// error, but a write that fails otherwise (a full disk) is one, exit code 1. Until 2026-12-06
/// `worthit compare --format json > verdict.json` on a full disk lost the JSON and exited 0.
pub fn out_whole(text: impl AsRef<[u8]>) -> crate::base::error::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_ref()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(err) => Err(crate::base::error::Error::internal(format!(
            "could not write to stdout: {err}"
        ))),
    }
}
