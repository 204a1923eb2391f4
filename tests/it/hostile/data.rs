//! Hostile input: data.
