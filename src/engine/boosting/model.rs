//! The fitted booster and its predictions.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::objective::Objective;
use crate::engine::binning::BinnedMatrix;
use crate::engine::tree::{deepest_leaf, leaf_split, leaf_splits, Node};

/// A fitted boosting tree: leaves hold one score increment each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct BoostTree {
    /// Same layout as the forest's trees; a leaf's `split` indexes `values`.
    pub(super) nodes: Vec<Node>,
    pub(super) values: Vec<f64>,
    pub(super) category_sets: Vec<[u64; 4]>,
}

impl BoostTree {
    /// Adds the score increments of the rows of `row_bins` (row-major, `n_features` per row),
    /// walked several at once, to `scores[i * stride]` for row `i`; `leaves` is scratch with a
    /// slot per row.
    #[inline]
    fn add_scores(
        &self,
        row_bins: &[u8],
        n_features: usize,
        leaves: &mut [u32],
        scores: &mut [f64],
        stride: usize,
    ) {
        leaf_splits(
            &self.nodes,
            &self.category_sets,
            row_bins,
            n_features,
            leaves,
        );
        for (i, &leaf) in leaves.iter().enumerate() {
            scores[i * stride] += self.values[leaf as usize];
        }
    }

    /// The score increment of `row`, reading the column-major matrix directly (for the few
    /// rows outside a tree's bag and the early-stopping hold-out).
    #[inline]
    pub(super) fn predict_row(&self, x: &BinnedMatrix, row: usize) -> f64 {
        self.descend(|feature| x.column(feature)[row])
    }

    #[inline]
    fn descend(&self, bin_of: impl Fn(usize) -> u8) -> f64 {
        self.values[leaf_split(&self.nodes, &self.category_sets, bin_of) as usize]
    }

    pub(super) fn depth(&self) -> usize {
        deepest_leaf(&self.nodes)
    }

    fn bytes(&self) -> usize {
        self.nodes.len() * std::mem::size_of::<Node>()
            + self.values.len() * 8
            + self.category_sets.len() * 32
    }
}

/// A fitted gradient-boosted model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoostedTrees {
    pub(super) objective: Objective,
    /// Starting score of each output score.
    pub(super) initial: Vec<f64>,
    /// Round `r`'s tree for score `c` is `trees[r * n_scores + c]`.
    pub(super) trees: Vec<BoostTree>,
}

impl BoostedTrees {
    /// Predictions for `rows` of `x`, row-major, in the layout of the forest's: class
    /// probabilities in class-index order (binary: `[1 - p, p]`) or one value per row.
    pub fn predict(&self, x: &BinnedMatrix, rows: &[u32]) -> Vec<f64> {
        let width = self.objective.output_width();
        let k = self.objective.n_scores();
        let n_features = x.n_features();
        let chunks: Vec<Vec<f64>> = rows
            .par_chunks(256)
            .map(|chunk| {
                let row_bins = x.row_major(chunk);
                let mut scores: Vec<f64> = (0..chunk.len())
                    .flat_map(|_| self.initial.iter().copied())
                    .collect();
                // Trees in a fixed order per row: sums are the same on any thread.
                let mut leaves = vec![0u32; chunk.len()];
                for (t, tree) in self.trees.iter().enumerate() {
                    let c = t % k;
                    tree.add_scores(&row_bins, n_features, &mut leaves, &mut scores[c..], k);
                }
                let mut out = vec![0.0; chunk.len() * width];
                for (out, scores) in out.chunks_exact_mut(width).zip(scores.chunks_exact(k)) {
                    self.objective.transform(scores, out);
                }
                out
            })
            .collect();
        chunks.concat()
    }

    /// Rounds kept (after early stopping, the best round's count).
    pub fn n_rounds_used(&self) -> usize {
        self.trees.len() / self.objective.n_scores()
    }

    /// Total nodes over all trees.
    pub fn n_nodes(&self) -> usize {
        self.trees.iter().map(|tree| tree.nodes.len()).sum()
    }

    /// Approximate bytes the model takes in memory.
    pub fn bytes(&self) -> usize {
        self.trees.iter().map(BoostTree::bytes).sum::<usize>() + self.initial.len() * 8
    }

    /// Mean depth of the trees (0 without trees).
    pub fn mean_depth(&self) -> f64 {
        if self.trees.is_empty() {
            return 0.0;
        }
        self.trees.iter().map(BoostTree::depth).sum::<usize>() as f64 / self.trees.len() as f64
    }

    /// Values per prediction row.
    pub fn output_width(&self) -> usize {
        self.objective.output_width()
    }
}
