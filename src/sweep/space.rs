//! The search space of a sweep and how trials are drawn from it.
//!
//! Trial `i` draws its family and parameters from its own random stream, fixed by the run seed
//! and `i` alone: the same trial in every run with the same seed, whether it runs first, after a
//! resume or on another shard. Trials are independent draws, which the expected-best statistics
//! of the analysis assume.

use rand::Rng;
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

use crate::base::error::{Error, Result};
use crate::base::random::{rng_for, Stream};
use crate::base::task::TaskKind;
use crate::engine::boosting::BoostingParams;
use crate::engine::forest::{ForestParams, MaxFeatures};
use crate::model::ModelParams;

/// An integer parameter: a fixed value or an inclusive `[low, high]` range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum IntDim {
    /// Always this value.
    Fixed(u64),
    /// Drawn from `[low, high]`.
    Range([u64; 2]),
}

/// A real parameter: a fixed value or a `[low, high]` range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FloatDim {
    /// Always this value.
    Fixed(f64),
    /// Drawn from `[low, high]`.
    Range([f64; 2]),
}

/// Model families a sweep may draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// Random forests.
    RandomForest,
    /// Gradient-boosted trees.
    Boosting,
}

/// The `[sweep]` section of `worthit.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SearchSpace {
    /// Families drawn with equal probability.
    pub families: Vec<Family>,
    /// Forest parameters.
    pub random_forest: ForestSpace,
    /// Boosting parameters.
    pub boosting: BoostingSpace,
}

/// `[sweep.random_forest]`: ranges of the forest's parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ForestSpace {
    /// Trees (log-uniform).
    pub n_trees: IntDim,
    /// Depth of depth-limited trials (uniform).
    pub max_depth: IntDim,
    /// Share of trials whose trees grow without a depth limit.
    pub unlimited_depth_share: f64,
    /// Rows per leaf (log-uniform).
    pub min_samples_leaf: IntDim,
    /// Features per split: drawn from these choices.
    pub max_features: Vec<MaxFeatures>,
}

/// `[sweep.boosting]`: ranges of the booster's parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BoostingSpace {
    /// Learning rate (log-uniform).
    pub learning_rate: FloatDim,
    /// Most rounds (log-uniform); early stopping may keep fewer.
    pub n_rounds: IntDim,
    /// Leaves per tree (log-uniform).
    pub max_leaves: IntDim,
    /// Rows per leaf (log-uniform).
    pub min_samples_leaf: IntDim,
    /// L2 regularisation (log-uniform).
    pub l2: FloatDim,
    /// Rows per round (uniform).
    pub row_subsample: FloatDim,
    /// Features per tree (uniform).
    pub feature_subsample: FloatDim,
    /// Early stopping patience in rounds, on a slice of the training rows; 0 turns it off.
    pub early_stopping_rounds: u64,
}

impl Default for SearchSpace {
    fn default() -> Self {
        SearchSpace {
            families: vec![Family::RandomForest, Family::Boosting],
            random_forest: ForestSpace::default(),
            boosting: BoostingSpace::default(),
        }
    }
}

impl Default for ForestSpace {
    fn default() -> Self {
        ForestSpace {
            n_trees: IntDim::Range([50, 1000]),
            max_depth: IntDim::Range([4, 32]),
            unlimited_depth_share: 0.4,
            min_samples_leaf: IntDim::Range([1, 50]),
            max_features: vec![
                MaxFeatures::Sqrt,
                MaxFeatures::Log2,
                MaxFeatures::Fraction(0.33),
                MaxFeatures::Fraction(0.5),
                MaxFeatures::Fraction(0.8),
            ],
        }
    }
}

impl Default for BoostingSpace {
    fn default() -> Self {
        BoostingSpace {
            learning_rate: FloatDim::Range([0.01, 0.3]),
            n_rounds: IntDim::Range([50, 1000]),
            max_leaves: IntDim::Range([8, 256]),
            min_samples_leaf: IntDim::Range([5, 100]),
            l2: FloatDim::Range([0.001, 10.0]),
            row_subsample: FloatDim::Range([0.5, 1.0]),
            feature_subsample: FloatDim::Range([0.5, 1.0]),
            early_stopping_rounds: 30,
        }
    }
}

/// Largest value of an integer dimension: a million trees, rounds or leaves is past any useful
/// model and still fits in memory; beyond it a typo would allocate until the machine gives up.
const MAX_INT_DIM: u64 = 1_000_000;

/// Largest boosting learning rate a sweep may draw.
const MAX_LEARNING_RATE: f64 = 1.0;

impl IntDim {
    fn check(&self, key: &str) -> Result<()> {
        match *self {
            IntDim::Range([low, high]) if low > high || low == 0 => Err(Error::input(format!(
                "[sweep] {key} = [{low}, {high}]: need 1 <= low <= high"
            ))),
            IntDim::Fixed(0) => Err(Error::input(format!("[sweep] {key} must be at least 1"))),
            IntDim::Fixed(value) | IntDim::Range([_, value]) if value > MAX_INT_DIM => {
                Err(Error::input(format!(
                    "[sweep] {key}: at most {MAX_INT_DIM} (got {value})"
                )))
            }
            _ => Ok(()),
        }
    }

    fn draw(&self, rng: &mut Xoshiro256PlusPlus, log_scale: bool) -> usize {
        match *self {
            IntDim::Fixed(value) => value as usize,
            IntDim::Range([low, high]) if log_scale => {
                let (a, b) = ((low as f64).ln(), (high as f64 + 1.0).ln());
                (rng.gen_range(a..b).exp().floor() as u64).clamp(low, high) as usize
            }
            IntDim::Range([low, high]) => rng.gen_range(low..=high) as usize,
        }
    }
}

impl FloatDim {
    /// `log_scale` must be what [`FloatDim::draw`] is called with for this dimension: a range
    /// drawn on a log scale needs a positive low end, or the sampler has no logarithm to take.
    fn check(&self, key: &str, log_scale: bool) -> Result<()> {
        let (low, high) = match *self {
            FloatDim::Fixed(value) => (value, value),
            FloatDim::Range([low, high]) => (low, high),
        };
        let log_range = log_scale && low < high;
        if !(low.is_finite() && high.is_finite())
            || low > high
            || low < 0.0
            || (log_range && low <= 0.0)
        {
            return Err(Error::input(format!(
                "[sweep] {key}: need finite 0 <= low <= high{}",
                if log_scale {
                    " and low > 0 for a range (it is drawn on a log scale)"
                } else {
                    ""
                }
            )));
        }
        Ok(())
    }

    fn draw(&self, rng: &mut Xoshiro256PlusPlus, log_scale: bool) -> f64 {
        match *self {
            FloatDim::Fixed(value) => value,
            FloatDim::Range([low, high]) if low == high => low,
            FloatDim::Range([low, high]) if log_scale => rng.gen_range(low.ln()..high.ln()).exp(),
            FloatDim::Range([low, high]) => rng.gen_range(low..high),
        }
    }
}

impl SearchSpace {
    /// Checks the ranges once, before any training.
    pub fn check(&self) -> Result<()> {
        if self.families.is_empty() {
            return Err(Error::input(
                "[sweep] families is empty: name random_forest and/or boosting",
            ));
        }
        let forest = &self.random_forest;
        forest.n_trees.check("random_forest.n_trees")?;
        forest.max_depth.check("random_forest.max_depth")?;
        forest
            .min_samples_leaf
            .check("random_forest.min_samples_leaf")?;
        if !(0.0..=1.0).contains(&forest.unlimited_depth_share) {
            return Err(Error::input(
                "[sweep] random_forest.unlimited_depth_share must be in [0, 1]",
            ));
        }
        if forest.max_features.is_empty() {
            return Err(Error::input(
                "[sweep] random_forest.max_features needs at least one choice",
            ));
        }
        let boosting = &self.boosting;
        boosting
            .learning_rate
            .check("boosting.learning_rate", true)?;
        // A step above 1 overshoots each tree's own fit; the default range ends at 0.3.
        let (FloatDim::Fixed(high) | FloatDim::Range([_, high])) = boosting.learning_rate;
        if high > MAX_LEARNING_RATE {
            return Err(Error::input(format!(
                "[sweep] boosting.learning_rate: at most {MAX_LEARNING_RATE} (got {})",
                crate::base::format::parameter(high)
            )));
        }
        boosting.n_rounds.check("boosting.n_rounds")?;
        boosting.max_leaves.check("boosting.max_leaves")?;
        boosting
            .min_samples_leaf
            .check("boosting.min_samples_leaf")?;
        boosting.l2.check("boosting.l2", true)?;
        for (key, share) in [
            ("boosting.row_subsample", &boosting.row_subsample),
            ("boosting.feature_subsample", &boosting.feature_subsample),
        ] {
            share.check(key, false)?;
            let (FloatDim::Fixed(low) | FloatDim::Range([low, _])) = *share;
            if low <= 0.0 {
                return Err(Error::input(format!(
                    "[sweep] {key}: a share of rows or features must be above 0"
                )));
            }
        }
        // Draw one trial of each family so a bad combination (a leaf count of 1, a fraction
        // above 1) fails now, naming the parameter, rather than mid-sweep.
        for family in &self.families {
            let mut rng = rng_for(0, Stream::Trial, 0);
            self.draw_family(*family, &mut rng, TaskKind::Binary, 0)
                .check()?;
        }
        Ok(())
    }

    /// The parameters of trial `index` (0-based) for run seed `seed`.
    pub fn trial(&self, seed: u64, index: u64, task: TaskKind) -> ModelParams {
        let mut rng = rng_for(seed, Stream::Trial, index);
        let family = self.families[rng.gen_range(0..self.families.len())];
        let model_seed: u64 = rng.gen();
        self.draw_family(family, &mut rng, task, model_seed)
    }

    fn draw_family(
        &self,
        family: Family,
        rng: &mut Xoshiro256PlusPlus,
        task: TaskKind,
        model_seed: u64,
    ) -> ModelParams {
        match family {
            Family::RandomForest => {
                let space = &self.random_forest;
                let mut params = ForestParams::sklearn_default(task);
                params.n_trees = space.n_trees.draw(rng, true);
                let unlimited = rng.gen_bool(space.unlimited_depth_share);
                let depth = space.max_depth.draw(rng, false);
                params.max_depth = (!unlimited).then_some(depth);
                params.min_samples_leaf = space.min_samples_leaf.draw(rng, true);
                params.max_features =
                    space.max_features[rng.gen_range(0..space.max_features.len())].clone();
                params.seed = model_seed;
                ModelParams::RandomForest(params)
            }
            Family::Boosting => {
                let space = &self.boosting;
                let mut params = BoostingParams::lightgbm_default(task);
                params.learning_rate = space.learning_rate.draw(rng, true);
                params.n_rounds = space.n_rounds.draw(rng, true);
                params.max_leaves = space.max_leaves.draw(rng, true).max(2);
                params.min_samples_leaf = space.min_samples_leaf.draw(rng, true);
                params.l2 = space.l2.draw(rng, true);
                params.row_subsample = space.row_subsample.draw(rng, false);
                params.feature_subsample = space.feature_subsample.draw(rng, false);
                params.early_stopping_rounds = (space.early_stopping_rounds > 0)
                    .then_some(space.early_stopping_rounds as usize);
                params.seed = model_seed;
                ModelParams::Boosting(params)
            }
        }
    }
}

impl ModelParams {
    /// Checks the parameters without fitting.
    pub fn check(&self) -> Result<()> {
        match self {
            ModelParams::RandomForest(params) => params.check().map(|_| ()),
            ModelParams::Boosting(params) => params.check().map(|_| ()),
            ModelParams::External(_) => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trial_i_is_the_same_in_every_run() {
        let space = SearchSpace::default();
        let a: Vec<ModelParams> = (0..20)
            .map(|i| space.trial(7, i, TaskKind::Binary))
            .collect();
        let b: Vec<ModelParams> = (0..20)
            .rev()
            .map(|i| space.trial(7, i, TaskKind::Binary))
            .collect();
        let b: Vec<ModelParams> = b.into_iter().rev().collect();
        assert_eq!(a, b);
        assert_ne!(a[0], space.trial(8, 0, TaskKind::Binary));
    }

    #[test]
    fn draws_stay_in_range_and_cover_both_families() {
        let space = SearchSpace::default();
        let mut families = std::collections::HashSet::new();
        for i in 0..200 {
            let params = space.trial(1, i, TaskKind::Binary);
            params.check().unwrap();
            families.insert(params.family());
            match params {
                ModelParams::RandomForest(p) => {
                    assert!((50..=1000).contains(&p.n_trees));
                    assert!((1..=50).contains(&p.min_samples_leaf));
                    assert!(p.max_depth.is_none_or(|d| (4..=32).contains(&d)));
                }
                ModelParams::Boosting(p) => {
                    assert!((0.01..=0.3).contains(&p.learning_rate));
                    assert!((8..=256).contains(&p.max_leaves));
                    assert!((0.5..=1.0).contains(&p.row_subsample));
                }
                ModelParams::External(_) => panic!("the sweep draws no external model"),
            }
        }
        assert_eq!(families.len(), 2);
    }

    #[test]
    fn bad_ranges_are_rejected() {
        let mut space = SearchSpace::default();
        space.boosting.max_leaves = IntDim::Range([10, 5]);
        assert!(space
            .check()
            .unwrap_err()
            .to_string()
            .contains("boosting.max_leaves"));
        let mut space = SearchSpace::default();
        space.families.clear();
        assert!(space.check().is_err());
    }
}
