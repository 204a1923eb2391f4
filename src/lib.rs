//! worthit: is more model tuning worth the money?
//!
//! The library behind the `worthit` command: reading tabular data ([`data`]), splitting it
//! ([`split`]), our histogram tree engine ([`engine`]), metrics ([`metrics`]), runs ([`run`]),
//! what they write ([`report`], [`output`]), the CI gate ([`compare`]) and the math of diminishing returns ([`analysis`]).

pub mod analysis;
pub mod cli;
pub mod compare;
pub mod config;
pub mod data;
pub mod engine;
pub mod error;
pub mod metrics;
pub mod model;
pub mod output;
pub mod report;
pub mod run;
pub mod split;
pub mod sweep;
pub mod value;
