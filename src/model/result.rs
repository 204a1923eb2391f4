//! What a run records of one trained model: its parameters, metrics, times and size.

use serde::{Deserialize, Serialize};

use super::ModelParams;
use crate::metrics::Metrics;

/// One trained model.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ModelResult {
    /// Name (`baseline`, `trial-0007`, ...).
    pub name: String,
    /// Trial index (0-based) for sweep trials; absent for the baseline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trial: Option<u64>,
    /// Family (`random_forest`, `boosting`) and parameters.
    pub params: ModelParams,
    /// Metrics on validation rows.
    pub validation: Metrics,
    /// Metrics on each half of the validation rows (alternate rows): the metric-unit tuning
    /// answer's evidence, read the way the priced answer reads its halves. Absent in runs
    /// written before 2026-12-02.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation_halves: Option<[Metrics; 2]>,
    /// Metrics on test rows.
    pub test: Metrics,
    /// Wall seconds to fit.
    pub fit_seconds: f64,
    /// CPU seconds (all threads) to fit.
    pub fit_cpu_seconds: f64,
    /// Wall seconds to predict validation and test rows.
    pub predict_seconds: f64,
    /// Wall seconds per 1,000 predicted rows.
    pub predict_seconds_per_1000_rows: f64,
    /// Nodes over all trees.
    pub nodes: usize,
    /// Approximate model size in memory, bytes.
    pub bytes: usize,
    /// Mean tree depth.
    pub mean_depth: f64,
    /// The 90% bootstrap interval of the model's test metric, in the metric the models table
    /// ranks by (what the table prints, and what `worthit compare` combines when two runs cannot
    /// be paired). Kept for every model since 2026-12-06; from 2026-12-04 for the baseline and
    /// the pick of a run without `[value]` only; absent before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_interval: Option<MetricInterval>,
    /// The 90% bootstrap interval of each of `test`'s metrics, for the models report.md details
    /// (the baseline and the candidate the verdict is about); empty for the others and in runs
    /// written before 2026-12-06.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub test_intervals: Vec<MetricInterval>,
    /// A candidate's gain over the baseline in `test_interval`'s metric on the test rows (positive
    /// when better, `baseline RMSE - candidate RMSE`), its 90% paired-bootstrap interval: both
    /// models scored on the same resampled rows. The winner's-curse chart of a run without
    /// `[value]` draws it around the best trial so far. Absent for the baseline and in runs
    /// written before 2026-12-06.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_gain: Option<MetricInterval>,
}

/// A 90% interval of one metric of a model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricInterval {
    /// The metric (`roc_auc`, `rmse`).
    pub metric: String,
    /// Low end.
    pub low: f64,
    /// High end.
    pub high: f64,
}

impl ModelResult {
    /// Whether this model is a trial of the run's sweep: not the baseline, not a model trained
    /// elsewhere (`worthit add-model`, which is a candidate but no trial).
    pub fn is_sweep_trial(&self) -> bool {
        self.trial.is_some() && !self.params.is_external()
    }

    /// The metric `name` on each half of the validation rows, when the model has both.
    pub fn validation_halves_of(&self, name: &str) -> Option<[f64; 2]> {
        let [first, second] = self.validation_halves.as_ref()?;
        Some([first.get(name)?, second.get(name)?])
    }
}
