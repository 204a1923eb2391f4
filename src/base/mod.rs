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
