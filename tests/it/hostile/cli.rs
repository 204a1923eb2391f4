//! Hostile input: cli.
