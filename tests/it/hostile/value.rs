//! Hostile input: value.
