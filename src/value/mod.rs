//! Business value: what a model's decisions are worth in money, and whether a candidate's
//! advantage over the baseline survives the uncertainty of a finite test set.
//!
//! - [`config`]: the `[value]` section (payoffs, cost matrix, volumes, prices, ranges);
//! - [`payoff`]: per-row payoffs, with expressions over the row's columns evaluated by polars;
//! - [`decision`]: decisions tuned to value (binary threshold, multiclass expected cost);
//! - [`bootstrap`]: a seeded paired bootstrap of the candidate - baseline difference.

pub mod bootstrap;
pub mod config;
pub mod decision;
pub mod payoff;

pub use config::{Amount, CostMatrix, Number, Scenario, ValueConfig};
pub use payoff::RowPayoffs;

#[cfg(test)]
mod tests;
