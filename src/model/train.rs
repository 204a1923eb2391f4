//! Training one model and measuring it: fit on the training rows, predict validation and test
//! rows, record metrics, times and size.

use std::time::Instant;

use super::{ModelParams, ModelResult};
use crate::base::error::{Error, Result};
use crate::base::process::cpu_seconds;
use crate::data::prepared::PreparedData;

/// Validation and test predictions of one model, row-major as the model returns them.
pub struct Predictions {
    /// Predictions for the validation rows, in split order.
    pub validation: Vec<f64>,
    /// Predictions for the test rows, in split order.
    pub test: Vec<f64>,
}

/// Fits one model and measures it on validation and test rows.
pub fn train_and_measure(
    prepared: &PreparedData,
    name: &str,
    trial: Option<u64>,
    params: &ModelParams,
) -> Result<(ModelResult, Predictions)> {
    train_and_measure_on(prepared, &prepared.split.train, name, trial, params)
}

/// [`train_and_measure`] on `train_rows` (a share of the training rows, for the learning curve).
pub fn train_and_measure_on(
    prepared: &PreparedData,
    train_rows: &[u32],
    name: &str,
    trial: Option<u64>,
    params: &ModelParams,
) -> Result<(ModelResult, Predictions)> {
    let cpu_before = cpu_seconds();
    let started = Instant::now();
    let model = params
        .fit(&prepared.binned, prepared.target_ref(), train_rows)
        .map_err(|err| Error::input(format!("model `{name}`: {err}")))?;
    let fit_seconds = started.elapsed().as_secs_f64();
    let fit_cpu_seconds = cpu_seconds() - cpu_before;
    let started = Instant::now();
    let validation = model.predict(&prepared.binned, &prepared.split.validation);
    let test = model.predict(&prepared.binned, &prepared.split.test);
    let predict_seconds = started.elapsed().as_secs_f64();
    let predicted_rows = (prepared.split.validation.len() + prepared.split.test.len()).max(1);
    let result = ModelResult {
        name: name.to_string(),
        trial,
        params: params.clone(),
        validation: prepared.metrics(&prepared.split.validation, &validation),
        validation_halves: Some(
            prepared
                .table
                .metrics_of_halves(&prepared.split.validation, &validation),
        ),
        test: prepared.metrics(&prepared.split.test, &test),
        fit_seconds,
        fit_cpu_seconds,
        predict_seconds,
        predict_seconds_per_1000_rows: predict_seconds / predicted_rows as f64 * 1000.0,
        nodes: model.n_nodes(),
        bytes: model.bytes(),
        mean_depth: model.mean_depth(),
        test_interval: None,
        test_intervals: Vec::new(),
        test_gain: None,
    };
    Ok((result, Predictions { validation, test }))
}
