//! Business value: what a model's decisions are worth in money, and whether a candidate's
//! advantage over the baseline survives the uncertainty of a finite test set.
//!
//! - [`config`]: the `[value]` section (payoffs, cost matrix, volumes, prices, ranges);
//! - [`number`] and [`distribution`]: a number, a range or a distribution, with its central
//!   value, low and high ends, and draws;
//! - [`information`]: the value of information (EVPI, EVPPI) from the bootstrap's draws;
//! - [`expression`]: payoff expressions (SQL, parsed by sqlparser), held to what a per-row payoff
//!   can be, and evaluated;
//! - [`capacity`]: how many positive decisions a team can act on, and which rows it takes;
//! - [`payoff`]: per-row payoffs, with expressions over the row's columns evaluated row by row;
//! - [`decision`]: decisions tuned to value (binary threshold, multiclass expected cost);
//! - [`bootstrap`]: a seeded paired bootstrap of the candidate - baseline difference;
//! - [`resampled_metric`]: a metric on a bootstrap resample, in one pass;
//! - [`pricing`]: every model of a run priced, with intervals, scenarios and sensitivity;
//! - [`schema`]: what pricing writes to `results.json`, which reports and compare read.

pub mod bootstrap;
pub mod calculator;
pub mod capacity;
pub mod config;
mod cost_matrix;
pub mod decision;
pub mod distribution;
pub mod expression;
pub mod from_run;
pub mod information;
pub mod number;
pub mod payoff;
pub mod pricing;
pub mod resampled_curve;
pub mod resampled_metric;
pub mod schema;

pub use config::{Amount, CostMatrix, CurvePoint, Scenario, ValueConfig, ValueKind};
pub use distribution::Distribution;
pub use number::Number;
pub use payoff::RowPayoffs;

#[cfg(test)]
mod tests;
