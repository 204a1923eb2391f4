//! The integration tests, as one test binary: linking a binary per file costs CI minutes, since
//! each one links polars. Each module tests one area from the outside (mostly through the
//! `worthit` binary).

mod action;
mod add_model;
mod analysis;
mod analyze;
mod bad_input;
mod boosting;
mod common;
mod compare;
mod curve_bands;
mod drawn_test_rows;
mod first_steps;
mod hostile;
mod init;
mod install;
mod layers;
mod leakage;
mod linfa_reference;
mod metric_units;
mod metrics;
mod report;
mod run_end_to_end;
mod script_output;
mod sweep;
mod value;
mod value_ranges;
mod value_table;
