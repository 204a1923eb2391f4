//! A fitted forest tree and its predictions.

use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

use super::grow::{Builder, TreeLimits};
use super::node::{deepest_leaf, leaf_split, leaf_splits, Node};
use super::target::{Sample, TargetRef};
use crate::engine::binning::BinnedMatrix;

/// A fitted tree.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Tree {
    pub(super) nodes: Vec<Node>,
    pub(super) leaf_values: Vec<f32>,
    pub(super) category_sets: Vec<[u64; 4]>,
    pub(super) output_width: usize,
}

impl Tree {
    /// Number of nodes, leaves included.
    pub fn n_nodes(&self) -> usize {
        self.nodes.len()
    }

    /// Approximate bytes the tree takes in memory.
    pub fn bytes(&self) -> usize {
        self.nodes.len() * std::mem::size_of::<Node>()
            + self.leaf_values.len() * 4
            + self.category_sets.len() * 32
    }

    /// Depth of the deepest leaf (a lone root has depth 0).
    pub fn depth(&self) -> usize {
        deepest_leaf(&self.nodes)
    }

    /// The leaf prediction (class probabilities or a value) for one row, given the row's bins
    /// for every feature.
    #[inline]
    pub fn predict_bins(&self, row_bins: &[u8]) -> &[f32] {
        self.leaf_values(leaf_split(&self.nodes, &self.category_sets, |f| {
            row_bins[f]
        }))
    }

    /// The leaf offsets of the rows of `row_bins` (row-major, `n_features` per row), one per slot
    /// of `out`, walked several at once; [`Tree::leaf_values`] reads them.
    #[inline]
    pub fn leaves(&self, row_bins: &[u8], n_features: usize, out: &mut [u32]) {
        leaf_splits(&self.nodes, &self.category_sets, row_bins, n_features, out);
    }

    /// The prediction stored at a leaf offset.
    #[inline]
    pub fn leaf_values(&self, offset: u32) -> &[f32] {
        let start = offset as usize;
        &self.leaf_values[start..start + self.output_width]
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
        builder.tree
    }
}
