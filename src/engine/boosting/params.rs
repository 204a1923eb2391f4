//! What a booster is asked for, and the check that admits it to fitting.

use serde::{Deserialize, Serialize};

use crate::base::error::{Error, Result};
use crate::base::task::TaskKind;

/// Gradient-boosting parameters as the user gives them; [`BoostingParams::check`] validates
/// them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoostingParams {
    /// Shrinkage applied to every leaf value.
    pub learning_rate: f64,
    /// Boosting rounds (at most; early stopping may keep fewer).
    pub n_rounds: usize,
    /// Most leaves per tree (leaf-wise growth).
    pub max_leaves: usize,
    /// Deepest level a leaf may sit at (the root is depth 0); `None` for no limit.
    pub max_depth: Option<usize>,
    /// Fewest training rows in a leaf.
    pub min_samples_leaf: usize,
    /// L2 regularisation of leaf values.
    pub l2: f64,
    /// Share of the training rows each round learns from (bagging), in (0, 1].
    pub row_subsample: f64,
    /// Share of the features each tree may split on, in (0, 1].
    pub feature_subsample: f64,
    /// Stop when the held-out loss has not improved for this many rounds; `None` disables
    /// early stopping.
    pub early_stopping_rounds: Option<usize>,
    /// Share of the training rows held out to measure the early-stopping loss, in (0, 1).
    pub early_stopping_fraction: f64,
    /// Seed of the booster's bagging, feature sampling and hold-out.
    pub seed: u64,
}

impl BoostingParams {
    /// LightGBM's defaults (`num_leaves` 31, `learning_rate` 0.1, 100 rounds,
    /// `min_data_in_leaf` 20, `lambda_l2` 0, no bagging or feature sampling), without early
    /// stopping. The defaults are the same for every task; `task` keeps the signature in line
    /// with the forest's.
    pub fn lightgbm_default(task: TaskKind) -> BoostingParams {
        let _ = task;
        BoostingParams {
            learning_rate: 0.1,
            n_rounds: 100,
            max_leaves: 31,
            max_depth: None,
            min_samples_leaf: 20,
            l2: 0.0,
            row_subsample: 1.0,
            feature_subsample: 1.0,
            early_stopping_rounds: None,
            early_stopping_fraction: 0.1,
            seed: 0,
        }
    }

    /// Validates the parameters once; the checked form is what fits.
    pub fn check(&self) -> Result<CheckedBoostingParams> {
        if !(self.learning_rate > 0.0 && self.learning_rate.is_finite()) {
            return Err(Error::input(format!(
                "learning_rate = {}: must be a positive number",
                self.learning_rate
            )));
        }
        if self.n_rounds == 0 {
            return Err(Error::input("n_rounds must be at least 1"));
        }
        if self.max_leaves < 2 {
            return Err(Error::input("max_leaves must be at least 2"));
        }
        if self.max_depth == Some(0) {
            return Err(Error::input("max_depth must be at least 1"));
        }
        if self.min_samples_leaf == 0 {
            return Err(Error::input("min_samples_leaf must be at least 1"));
        }
        if !(self.l2 >= 0.0 && self.l2.is_finite()) {
            return Err(Error::input(format!(
                "l2 = {}: must be a number of at least 0",
                self.l2
            )));
        }
        for (name, value) in [
            ("row_subsample", self.row_subsample),
            ("feature_subsample", self.feature_subsample),
        ] {
            if !(value > 0.0 && value <= 1.0) {
                return Err(Error::input(format!("{name} = {value}: must be in (0, 1]")));
            }
        }
        if let Some(rounds) = self.early_stopping_rounds {
            if rounds == 0 {
                return Err(Error::input("early_stopping_rounds must be at least 1"));
            }
            let fraction = self.early_stopping_fraction;
            if !(fraction > 0.0 && fraction < 1.0) {
                return Err(Error::input(format!(
                    "early_stopping_fraction = {fraction}: must be in (0, 1)"
                )));
            }
        }
        Ok(CheckedBoostingParams {
            params: self.clone(),
            subtraction: true,
        })
    }
}

/// Boosting parameters that passed [`BoostingParams::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedBoostingParams {
    pub(super) params: BoostingParams,
    /// Larger children's histograms by subtraction; off only in tests, which check that both
    /// ways grow the same trees.
    pub(super) subtraction: bool,
}

impl CheckedBoostingParams {
    /// The parameters.
    pub fn params(&self) -> &BoostingParams {
        &self.params
    }

    /// Builds every histogram directly instead of by subtraction (tests compare both).
    #[cfg(test)]
    pub(super) fn without_subtraction(mut self) -> Self {
        self.subtraction = false;
        self
    }
}
