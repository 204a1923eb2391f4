//! worthit: is more model tuning worth the money?
//!
//! The library behind the `worthit` command. `ARCHITECTURE.md` has the map; the layers, each
//! using only those listed before it:
//! [`base`] (errors, tasks, random streams, formatting, statistics) -> [`metrics`] ->
//! [`engine`] (our histogram trees) -> [`data`] (read, split, prepare) -> [`model`] (train and
//! measure) -> [`store`] (the run folder) -> [`sweep`], [`value`] (the candidates; their worth in
//! money) -> [`config`] (`worthit.toml`) -> [`analysis`] (diminishing returns) -> [`results`]
//! (`results.json`) -> [`report`] (Markdown, HTML, charts) -> [`app`] (run, merge, compare,
//! re-render) -> [`cli`].

#![warn(missing_docs)]

pub mod analysis;
pub mod app;
pub mod base;
pub mod cli;
pub mod config;
pub mod data;
pub mod engine;
pub mod metrics;
pub mod model;
pub mod report;
pub mod results;
pub(crate) mod store;
pub mod sweep;
pub mod value;
