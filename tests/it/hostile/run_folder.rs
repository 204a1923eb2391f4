//! Hostile input: run_folder.
