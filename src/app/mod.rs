//! What the commands do, end to end: a run, merging shards, the compare gate, repricing and
//! re-rendering a run folder, adding a model trained elsewhere (`add_model`), a first
//! `worthit.toml` (`init`). Everything below is a library; this layer wires it together.

pub mod add_model;
pub mod compare;
pub mod init;
pub mod input;
pub mod merge;
pub mod render;
pub mod reopen;
pub mod reprice;
pub mod run;
