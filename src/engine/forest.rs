//! Random forests on binned features: bagged histogram trees with a random feature subset at
//! every node, as in Breiman (2001) and scikit-learn's `RandomForest*`.

use rand::Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::binning::BinnedMatrix;
use super::tree::{GroupScratch, Sample, TargetRef, Tree, TreeLimits, GATHER_SLACK};
use crate::base::error::{Error, Result};
use crate::base::random::{rng_for, Stream};
use crate::base::task::TaskKind;

/// How many features each split may consider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "MaxFeaturesRepr", into = "MaxFeaturesRepr")]
pub enum MaxFeatures {
    /// `max(1, floor(sqrt(p)))`: scikit-learn's classification default.
    Sqrt,
    /// `max(1, floor(log2(p)))`.
    Log2,
    /// Every feature: scikit-learn's regression default.
    All,
    /// `max(1, floor(fraction * p))`, fraction in (0, 1].
    Fraction(f64),
    /// A fixed number of features (capped at p).
    Count(usize),
}

/// How [`MaxFeatures`] is written in TOML and JSON: a name, a fraction or a count.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
enum MaxFeaturesRepr {
    Count(u64),
    Fraction(f64),
    Name(String),
}

impl TryFrom<MaxFeaturesRepr> for MaxFeatures {
    type Error = String;
    fn try_from(repr: MaxFeaturesRepr) -> std::result::Result<Self, String> {
        match repr {
            MaxFeaturesRepr::Count(count) => Ok(MaxFeatures::Count(count as usize)),
            MaxFeaturesRepr::Fraction(fraction) => Ok(MaxFeatures::Fraction(fraction)),
            MaxFeaturesRepr::Name(name) => match name.as_str() {
                "sqrt" => Ok(MaxFeatures::Sqrt),
                "log2" => Ok(MaxFeatures::Log2),
                "all" => Ok(MaxFeatures::All),
                other => Err(format!(
                    "max_features = \"{other}\" is not one of \"sqrt\", \"log2\", \"all\", a fraction or a count"
                )),
            },
        }
    }
}

impl From<MaxFeatures> for MaxFeaturesRepr {
    fn from(value: MaxFeatures) -> Self {
        match value {
            MaxFeatures::Sqrt => MaxFeaturesRepr::Name("sqrt".into()),
            MaxFeatures::Log2 => MaxFeaturesRepr::Name("log2".into()),
            MaxFeatures::All => MaxFeaturesRepr::Name("all".into()),
            MaxFeatures::Fraction(fraction) => MaxFeaturesRepr::Fraction(fraction),
            MaxFeatures::Count(count) => MaxFeaturesRepr::Count(count as u64),
        }
    }
}

impl MaxFeatures {
    /// The number of features per split for `n_features` features.
    pub fn resolve(&self, n_features: usize) -> usize {
        let p = n_features as f64;
        let count = match self {
            MaxFeatures::Sqrt => p.sqrt().floor() as usize,
            MaxFeatures::Log2 => p.log2().floor() as usize,
            MaxFeatures::All => n_features,
            MaxFeatures::Fraction(fraction) => (fraction * p).floor() as usize,
            MaxFeatures::Count(count) => *count,
        };
        count.clamp(1, n_features.max(1))
    }
}

/// Random-forest parameters as the user gives them; [`ForestParams::check`] validates them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForestParams {
    /// Number of trees.
    pub n_trees: usize,
    /// Maximum tree depth; `None` grows until leaves are pure or too small.
    pub max_depth: Option<usize>,
    /// Fewest training rows in a leaf.
    pub min_samples_leaf: usize,
    /// Features considered at each split.
    pub max_features: MaxFeatures,
    /// Each tree learns from a bootstrap sample (true) or from all training rows.
    pub bootstrap: bool,
    /// Seed of the forest; tree `t` uses a stream derived from it and `t`.
    pub seed: u64,
}

impl ForestParams {
    /// scikit-learn's `RandomForestClassifier` / `RandomForestRegressor` defaults.
    pub fn sklearn_default(task: TaskKind) -> ForestParams {
        ForestParams {
            n_trees: 100,
            max_depth: None,
            min_samples_leaf: 1,
            max_features: match task {
                TaskKind::Regression => MaxFeatures::All,
                _ => MaxFeatures::Sqrt,
            },
            bootstrap: true,
            seed: 0,
        }
    }

    /// Validates the parameters once; the checked form is what fits.
    pub fn check(&self) -> Result<CheckedForestParams> {
        if self.n_trees == 0 {
            return Err(Error::input("n_trees must be at least 1"));
        }
        if self.min_samples_leaf == 0 {
            return Err(Error::input("min_samples_leaf must be at least 1"));
        }
        if self.max_depth == Some(0) {
            return Err(Error::input("max_depth must be at least 1"));
        }
        match self.max_features {
            MaxFeatures::Fraction(f) if !(f > 0.0 && f <= 1.0) => {
                return Err(Error::input(format!(
                    "max_features = {f}: a fraction must be in (0, 1]"
                )))
            }
            MaxFeatures::Count(0) => {
                return Err(Error::input("max_features must be at least 1"));
            }
            _ => {}
        }
        Ok(CheckedForestParams(self.clone()))
    }
}

/// Forest parameters that passed [`ForestParams::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedForestParams(ForestParams);

impl CheckedForestParams {
    /// The parameters.
    pub fn params(&self) -> &ForestParams {
        &self.0
    }

    /// Fits a forest on `train_rows` of `x`. Trees are independent, so they are built in
    /// parallel; each tree's randomness comes from its own seeded stream and results are
    /// collected in tree order, which makes the forest identical for any thread count.
    pub fn fit_binned(
        &self,
        x: &BinnedMatrix,
        target: TargetRef<'_>,
        train_rows: &[u32],
    ) -> RandomForest {
        let params = &self.0;
        let limits = TreeLimits {
            max_depth: params.max_depth,
            min_samples_leaf: params.min_samples_leaf,
            max_features: params.max_features.resolve(x.n_features()),
        };
        let trees = (0..params.n_trees)
            .into_par_iter()
            .map(|t| {
                let mut rng = rng_for(params.seed, Stream::ForestTree, t as u64);
                // A bootstrap sample as counts (scikit-learn does the same): a row drawn k
                // times is one sample of weight k, so trees scan about 63% of the rows.
                let mut samples: Vec<Sample> = if params.bootstrap {
                    let mut counts = vec![0u32; train_rows.len()];
                    for _ in 0..train_rows.len() {
                        counts[rng.gen_range(0..train_rows.len())] += 1;
                    }
                    train_rows
                        .iter()
                        .zip(&counts)
                        .filter(|(_, &count)| count > 0)
                        .map(|(&row, &count)| target.sample(row, count as f32))
                        .collect()
                } else {
                    train_rows
                        .iter()
                        .map(|&row| target.sample(row, 1.0))
                        .collect()
                };
                Tree::fit(x, target, &mut samples, &limits, &mut rng)
            })
            .collect();
        RandomForest {
            trees,
            output_width: target.output_width(),
        }
    }
}

/// Rows a thread predicts at once: their bins (15 features: 7.5 KB) stay in the first-level
/// cache while each tree is walked for all of them.
const PREDICT_CHUNK: usize = 512;

/// A tree over this many bytes does not stay in the caches while the chunk's other trees are
/// walked: its rows are grouped by where they go first ([`Tree::add_predictions_grouped`]), in
/// chunks of up to [`GROUPED_CHUNK`] rows, the more rows the more of them share each group's
/// nodes. Prediction of 120,000 rows by trees of 380 KB (`examples/predict_bench.rs`, 300,000
/// synthetic rows) took 0.81 and 0.97 s grouped against 1.61 and 1.50 s, and 1,200,000 rows by
/// trees of 3.9 MB 10.0 s against 29.2 s; bank-marketing's trees of 70 KB, which stay in the
/// second-level cache, predicted slower grouped (0.087 to 0.117 s against 0.063 to 0.082 s).
const GROUPED_TREE_BYTES: usize = 256 << 10;
const GROUPED_CHUNK: usize = 128 * 1024;
/// The most bytes of bins a grouped chunk holds (wide tables get fewer rows a chunk).
const GROUPED_CHUNK_BYTES: usize = 16 << 20;

/// A fitted random forest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RandomForest {
    trees: Vec<Tree>,
    output_width: usize,
}

impl RandomForest {
    /// Predictions for `rows` of `x`, row-major: class probabilities (`n_classes` per row,
    /// averaged over trees as scikit-learn does) or one value per row.
    pub fn predict(&self, x: &BinnedMatrix, rows: &[u32]) -> Vec<f64> {
        let width = self.output_width;
        let n_features = x.n_features();
        let n_trees = self.trees.len() as f64;
        let mut out = vec![0.0f64; rows.len() * width];
        let grouped = |tree: &Tree| tree.bytes() > GROUPED_TREE_BYTES;
        let chunk_rows = if self.trees.iter().any(grouped) {
            // Enough chunks for every thread to take several.
            let per_thread = rows.len().div_ceil(4 * rayon::current_num_threads().max(1));
            GROUPED_CHUNK
                .min(GROUPED_CHUNK_BYTES / n_features.max(1))
                .min(per_thread)
                .max(PREDICT_CHUNK)
        } else {
            PREDICT_CHUNK
        };
        out.par_chunks_mut(chunk_rows * width.max(1))
            .zip(rows.par_chunks(chunk_rows))
            .for_each(|(out, chunk)| {
                let mut row_bins = x.row_major(chunk);
                row_bins.resize(row_bins.len() + GATHER_SLACK, 0);
                let mut scratch = GroupScratch::default();
                // Trees in a fixed order per row: the sum, and so the prediction, is the same
                // whatever thread runs the chunk and however rows are chunked. Each small tree
                // takes the whole chunk while its nodes are in cache.
                for tree in &self.trees {
                    if grouped(tree) {
                        tree.add_predictions_grouped(&row_bins, n_features, out, &mut scratch);
                    } else {
                        tree.add_predictions(&row_bins, n_features, out);
                    }
                }
                out.iter_mut().for_each(|value| *value /= n_trees);
            });
        out
    }

    /// Number of trees.
    pub fn n_trees(&self) -> usize {
        self.trees.len()
    }

    /// Total nodes over all trees.
    pub fn n_nodes(&self) -> usize {
        self.trees.iter().map(Tree::n_nodes).sum()
    }

    /// Approximate bytes the forest takes in memory.
    pub fn bytes(&self) -> usize {
        self.trees.iter().map(Tree::bytes).sum()
    }

    /// Mean depth of the trees.
    pub fn mean_depth(&self) -> f64 {
        if self.trees.is_empty() {
            return 0.0;
        }
        self.trees.iter().map(Tree::depth).sum::<usize>() as f64 / self.trees.len() as f64
    }

    /// Values per prediction row.
    pub fn output_width(&self) -> usize {
        self.output_width
    }
}
