//! A fitted forest tree and its predictions.

use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

use super::grow::{Builder, TreeLimits};
use super::node::Node;
use super::target::{Sample, TargetRef};
use super::walk::{GroupScratch, WalkTree};
use crate::engine::binning::BinnedMatrix;

/// A tree as the grower builds it.
pub(super) struct Grown {
    pub(super) nodes: Vec<Node>,
    pub(super) leaf_values: Vec<f32>,
    pub(super) category_sets: Vec<[u64; 4]>,
    pub(super) output_width: usize,
}

/// A fitted tree, in the layout prediction reads.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Tree {
    walk: WalkTree,
}

impl Tree {
    /// Number of nodes, leaves included.
    pub fn n_nodes(&self) -> usize {
        self.walk.nodes.len()
    }

    /// Approximate bytes the tree takes in memory.
    pub fn bytes(&self) -> usize {
        self.walk.bytes()
    }

    /// Depth of the deepest leaf (a lone root has depth 0).
    pub fn depth(&self) -> usize {
        self.walk.depth()
    }

    /// Adds each row's prediction (class probabilities or a value, `output_width` values) to
    /// its slots of `out`; `row_bins` holds the rows' bins row by row, `n_features` per row, for
    /// `out.len() / output_width` rows.
    #[inline]
    pub fn add_predictions(&self, row_bins: &[u8], n_features: usize, out: &mut [f64]) {
        self.walk.add_leaf_values(row_bins, n_features, out);
    }

    /// [`Tree::add_predictions`] with the rows grouped by where they go first, for a tree too
    /// big for the caches: the same predictions, bit for bit.
    pub fn add_predictions_grouped(
        &self,
        row_bins: &[u8],
        n_features: usize,
        out: &mut [f64],
        scratch: &mut GroupScratch,
    ) {
        self.walk
            .add_leaf_values_grouped(row_bins, n_features, out, scratch);
    }

    /// Grows a tree on `samples` (rows of `x` with weights).
    pub fn fit(
        x: &BinnedMatrix,
        target: TargetRef<'_>,
        samples: &mut [Sample],
        limits: &TreeLimits,
        rng: &mut Xoshiro256PlusPlus,
    ) -> Tree {
        let mut builder = Builder::new(x, target, limits);
        builder.grow(samples, rng);
        let grown = builder.tree;
        Tree {
            walk: WalkTree::new(
                &grown.nodes,
                grown.leaf_values,
                &grown.category_sets,
                grown.output_width,
            ),
        }
    }
}
