//! Careless and hostile input, one module per area (issue "Nothing lost, nothing crashes"):
//! every case asserts a one-line error with exit code 2 (or a clean run), never a panic, and
//! nothing left behind.

mod cli;
mod data;
mod edited_run;
mod property;
mod run_folder;
mod value;
