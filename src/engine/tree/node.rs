//! The node layout both engines' trees share, the rule a split applies and the walk from the
//! root to a leaf.

use serde::{Deserialize, Serialize};

use crate::engine::binning::MISSING_BIN;

/// Marks a leaf in [`Node::feature`].
pub const LEAF: u32 = u32::MAX;

/// Walks `nodes` from the root to a leaf, reading a row's bin of a feature through `bin_of`,
/// and returns the leaf's `split` (where its prediction is stored). Both engines' trees share
/// the node layout, so they share this walk.
#[inline]
pub fn leaf_split(nodes: &[Node], category_sets: &[[u64; 4]], bin_of: impl Fn(usize) -> u8) -> u32 {
    let mut index = 0usize;
    loop {
        let node = &nodes[index];
        if node.feature == LEAF {
            return node.split;
        }
        index = if node.goes_left(bin_of(node.feature as usize), category_sets) {
            node.left as usize
        } else {
            node.right as usize
        };
    }
}

/// Depth of the deepest leaf of `nodes` (a lone root has depth 0).
pub fn deepest_leaf(nodes: &[Node]) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(0usize, 0usize)];
    while let Some((node, depth)) = stack.pop() {
        let node = &nodes[node];
        if node.feature == LEAF {
            deepest = deepest.max(depth);
        } else {
            stack.push((node.left as usize, depth + 1));
            stack.push((node.right as usize, depth + 1));
        }
    }
    deepest
}

/// A node of a fitted tree.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
pub struct Node {
    /// Feature split on, or `u32::MAX` for a leaf.
    pub feature: u32,
    /// Numeric split: highest bin sent left. Categorical split: index of its category set.
    /// Leaf: offset of its prediction in the tree's leaf values.
    pub split: u32,
    /// Numeric split: where missing values (bin 0) go.
    pub default_left: bool,
    /// Whether `split` names a category set.
    pub categorical: bool,
    /// Left child.
    pub left: u32,
    /// Right child.
    pub right: u32,
}

/// The rule every split follows, while growing and when predicting: a categorical split sends
/// the bins in its set left; a numeric split sends bins up to `threshold` left and missing values
/// (bin 0) to their learned side.
#[inline]
pub fn split_sends_left(
    bin: u8,
    threshold: u8,
    default_left: bool,
    set: Option<&[u64; 4]>,
) -> bool {
    match set {
        Some(set) => set[(bin >> 6) as usize] >> (bin & 63) & 1 == 1,
        None if bin == MISSING_BIN => default_left,
        None => bin <= threshold,
    }
}

impl Node {
    /// Whether a row with `bin` for this node's feature goes left; `category_sets` are the
    /// tree's sets, which categorical nodes index.
    #[inline]
    pub fn goes_left(&self, bin: u8, category_sets: &[[u64; 4]]) -> bool {
        let set = self
            .categorical
            .then(|| &category_sets[self.split as usize]);
        split_sends_left(bin, self.split as u8, self.default_left, set)
    }
}
