//! Foundations every other layer may use and that use nothing of the crate: errors, the task
//! kinds, writing to the terminal, random streams, the one number and money formatter, "did you
//! mean" suggestions, reading worthit's own JSON back with the key an error is about, which
//! paths are readable files, small statistics and what the process has used.

pub mod console;
pub mod error;
pub mod files;
pub mod format;
pub mod json;
pub mod process;
pub mod random;
pub mod special;
pub mod stats;
pub mod suggest;
pub mod task;
pub mod text;

/// A century in seconds: the longest a sweep's `--budget` or a logged trial may last. Longer
/// than any sweep, so a duration beyond it is a unit mistake or damage, and far below where a
/// `Duration` added to an `Instant` overflows.
pub const CENTURY_SECONDS: u64 = 100 * 365 * 24 * 3600;
