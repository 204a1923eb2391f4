//! One type for every model family worthit trains, so the run, the sweep and the reports handle
//! forests and boosted trees alike.

use serde::{Deserialize, Serialize};

use crate::base::error::Result;
use crate::engine::binning::BinnedMatrix;
use crate::engine::boosting::{BoostedTrees, BoostingParams};
use crate::engine::forest::{ForestParams, MaxFeatures, RandomForest};
use crate::engine::tree::TargetRef;

/// Parameters of a model of any family. In JSON the family is a `family` field beside the
/// parameters: `{"family": "random_forest", "n_trees": 100, ...}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "family", rename_all = "snake_case")]
pub enum ModelParams {
    /// A random forest.
    RandomForest(ForestParams),
    /// Gradient-boosted trees.
    Boosting(BoostingParams),
    /// A model trained elsewhere, added to a finished run by `worthit add-model` from its
    /// predictions: worthit never fits it.
    External(ExternalParams),
}

/// What worthit knows of a model trained elsewhere: where its predictions came from and what the
/// user said it cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExternalParams {
    /// The predictions file as given to `worthit add-model`.
    pub predictions: String,
    /// Its fixed cost besides compute (`--trial-cost`), charged instead of `[value] trial_cost`
    /// (absent: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trial_cost: Option<f64>,
    /// Whether `--fit-seconds` was given (otherwise training is priced at 0).
    pub fit_timed: bool,
    /// Whether `--predict-seconds-per-1000` was given (otherwise serving is priced at 0).
    pub predict_timed: bool,
}

impl ModelParams {
    /// The family's name as written in JSON and configs.
    pub fn family(&self) -> &'static str {
        match self {
            ModelParams::RandomForest(_) => "random_forest",
            ModelParams::Boosting(_) => "boosting",
            ModelParams::External(_) => "external",
        }
    }

    /// Whether this is a model trained elsewhere (`worthit add-model`).
    pub fn is_external(&self) -> bool {
        matches!(self, ModelParams::External(_))
    }

    /// Fits the model on `train_rows` of `x`; parameters are checked first.
    pub fn fit(
        &self,
        x: &BinnedMatrix,
        target: TargetRef<'_>,
        train_rows: &[u32],
    ) -> Result<FittedModel> {
        Ok(match self {
            ModelParams::RandomForest(params) => {
                FittedModel::RandomForest(params.check()?.fit_binned(x, target, train_rows))
            }
            ModelParams::Boosting(params) => {
                FittedModel::Boosting(params.check()?.fit_binned(x, target, train_rows))
            }
            ModelParams::External(params) => {
                return Err(crate::base::error::Error::input(format!(
                    "a model trained elsewhere (predictions from {}) cannot be fitted by worthit",
                    params.predictions
                )))
            }
        })
    }

    /// A short description for people: "random forest, 100 trees, sqrt features, unlimited depth".
    pub fn describe(&self) -> String {
        match self {
            ModelParams::RandomForest(p) => {
                let features = match &p.max_features {
                    MaxFeatures::Sqrt => "sqrt".to_string(),
                    MaxFeatures::Log2 => "log2".to_string(),
                    MaxFeatures::All => "all".to_string(),
                    MaxFeatures::Fraction(f) => format!("{f:.2} of the"),
                    MaxFeatures::Count(c) => c.to_string(),
                };
                let depth = p
                    .max_depth
                    .map_or("unlimited depth".to_string(), |d| format!("depth {d}"));
                format!(
                    "random forest, {} trees, {features} features per split, {depth}, min leaf {}",
                    p.n_trees, p.min_samples_leaf
                )
            }
            ModelParams::Boosting(p) => {
                let depth = p
                    .max_depth
                    .map_or(String::new(), |d| format!(", depth {d}"));
                format!(
                    "boosted trees, up to {} rounds at learning rate {:.3}, {} leaves{depth}, min leaf {}, L2 {:.3}, row share {:.2}, feature share {:.2}",
                    p.n_rounds, p.learning_rate, p.max_leaves, p.min_samples_leaf, p.l2,
                    p.row_subsample, p.feature_subsample
                )
            }
            ModelParams::External(p) => {
                let timed = match (p.fit_timed, p.predict_timed) {
                    (true, true) => "",
                    (true, false) => ", serving not timed",
                    (false, true) => ", training not timed",
                    (false, false) => ", training and serving not timed",
                };
                format!(
                    "trained elsewhere, predictions from {}{timed}",
                    p.predictions
                )
            }
        }
    }
}

/// A fitted model of any family.
#[derive(Debug, Clone)]
pub enum FittedModel {
    /// A random forest.
    RandomForest(RandomForest),
    /// Gradient-boosted trees.
    Boosting(BoostedTrees),
}

impl FittedModel {
    /// Predictions for `rows` of `x`, row-major: class probabilities or one value per row.
    pub fn predict(&self, x: &BinnedMatrix, rows: &[u32]) -> Vec<f64> {
        match self {
            FittedModel::RandomForest(model) => model.predict(x, rows),
            FittedModel::Boosting(model) => model.predict(x, rows),
        }
    }

    /// Total nodes over all trees.
    pub fn n_nodes(&self) -> usize {
        match self {
            FittedModel::RandomForest(model) => model.n_nodes(),
            FittedModel::Boosting(model) => model.n_nodes(),
        }
    }

    /// Approximate bytes in memory.
    pub fn bytes(&self) -> usize {
        match self {
            FittedModel::RandomForest(model) => model.bytes(),
            FittedModel::Boosting(model) => model.bytes(),
        }
    }

    /// Mean tree depth.
    pub fn mean_depth(&self) -> f64 {
        match self {
            FittedModel::RandomForest(model) => model.mean_depth(),
            FittedModel::Boosting(model) => model.mean_depth(),
        }
    }
}
