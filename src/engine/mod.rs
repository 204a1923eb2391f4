//! Our tree engine: features binned once into `u8` histograms, histogram trees, random forests,
//! gradient-boosted trees, and linfa trait implementations so the models plug into linfa's
//! `Dataset`.

pub mod binning;
pub mod boosting;
pub mod forest;
pub mod linfa_glue;
pub mod tree;
