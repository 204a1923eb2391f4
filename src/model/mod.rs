//! Models of every family behind one type: their parameters, training and measuring one, and
//! what a run records of it.

pub mod params;
pub mod result;
pub mod train;

pub use params::{ExternalParams, FittedModel, ModelParams};
pub use result::{MetricInterval, ModelResult};
