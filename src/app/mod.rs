//! What the commands do, end to end: a run, merging shards, the compare gate, repricing and
//! re-rendering a run folder. Everything below is a library; this layer wires it together.

pub mod compare;
pub mod input;
pub mod merge;
pub mod render;
pub mod reopen;
pub mod reprice;
pub mod run;
