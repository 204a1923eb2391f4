//! The node layout both engines' trees share, the rule a split applies and the walks from the
//! root to a leaf.
//!
//! A node is 12 bytes (prediction reads every node it passes, so size is speed: a 100-tree forest
//! of a million nodes fits the caches half again as well as at the 20 bytes of a naive layout).
//! Both growers create a split's two children one after the other, so a node keeps only its left
//! child's index (the right child is the next node), and the split's flags share a word with its
//! feature.

use serde::{Deserialize, Serialize};

use crate::engine::binning::MISSING_BIN;

/// Marks a leaf in a node's feature word.
pub const LEAF: u32 = u32::MAX;
const CATEGORICAL: u32 = 1 << 31;
const DEFAULT_LEFT: u32 = 1 << 30;
/// Features a split can name: the 28 feature bits of a forest tree's prediction layout, which
/// keeps two more flags in the word than this layout's 30 bits.
pub const MAX_FEATURES: usize = (1 << 28) - 1;

/// A node of a fitted tree.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
pub struct Node {
    /// The split's feature with its flags, or [`LEAF`].
    word: u32,
    /// Numeric split: highest bin sent left. Categorical split: index of its category set.
    /// Leaf: offset of its prediction in the tree's leaf values.
    split: u32,
    /// Left child; the right child is `left + 1`.
    left: u32,
}

impl Node {
    /// A leaf whose prediction starts at `offset` in its tree's leaf values.
    pub fn leaf(offset: u32) -> Node {
        Node {
            word: LEAF,
            split: offset,
            left: 0,
        }
    }

    /// A split on `feature` (fewer than [`MAX_FEATURES`]) whose children are `left` and
    /// `left + 1`; `split` is a threshold bin or, when `categorical`, a category set's index.
    pub fn branch(
        feature: usize,
        split: u32,
        default_left: bool,
        categorical: bool,
        left: u32,
    ) -> Node {
        debug_assert!(
            feature < MAX_FEATURES,
            "feature {feature} beyond the node layout"
        );
        let mut word = feature as u32;
        if categorical {
            word |= CATEGORICAL;
        }
        if default_left {
            word |= DEFAULT_LEFT;
        }
        Node { word, split, left }
    }

    /// Whether the node is a leaf.
    #[inline]
    pub fn is_leaf(&self) -> bool {
        self.word == LEAF
    }

    /// The feature a split reads (meaningless for a leaf).
    #[inline]
    pub fn feature(&self) -> usize {
        (self.word & !(CATEGORICAL | DEFAULT_LEFT)) as usize
    }

    /// Whether the split sends a set of categories left.
    #[inline]
    pub fn is_categorical(&self) -> bool {
        !self.is_leaf() && self.word & CATEGORICAL != 0
    }

    /// A leaf's offset in its tree's leaf values, or a split's threshold or category set.
    #[inline]
    pub fn split_value(&self) -> u32 {
        self.split
    }

    /// Whether a numeric split sends missing values left.
    #[inline]
    pub fn default_left(&self) -> bool {
        self.word & DEFAULT_LEFT != 0
    }

    /// The two children of a split: `(left, right)`.
    #[inline]
    pub fn children(&self) -> (usize, usize) {
        (self.left as usize, self.left as usize + 1)
    }

    /// Whether a row with `bin` for this node's feature goes left; `category_sets` are the
    /// tree's sets, which categorical nodes index.
    #[inline]
    pub fn goes_left(&self, bin: u8, category_sets: &[[u64; 4]]) -> bool {
        let set = self
            .is_categorical()
            .then(|| &category_sets[self.split as usize]);
        split_sends_left(bin, self.split as u8, self.word & DEFAULT_LEFT != 0, set)
    }

    /// The child a split sends a row with `bin` for its feature to. The numeric rule is
    /// [`split_sends_left`]'s, written without branches: which way a row goes is data, so a
    /// branch on it would be mispredicted half the time.
    #[inline]
    fn child(&self, bin: u8, category_sets: &[[u64; 4]]) -> usize {
        let goes_left = if self.word & CATEGORICAL != 0 {
            let set = &category_sets[self.split as usize];
            set[(bin >> 6) as usize] >> (bin & 63) & 1 == 1
        } else {
            let missing = bin == MISSING_BIN;
            (missing & (self.word & DEFAULT_LEFT != 0))
                | (!missing & (u32::from(bin) <= self.split))
        };
        self.left as usize + usize::from(!goes_left)
    }
}

/// Walks `nodes` from the root to a leaf, reading a row's bin of a feature through `bin_of`,
/// and returns the leaf's offset in the tree's leaf values. Both engines' trees share the node
/// layout, so they share this walk.
#[inline]
pub fn leaf_split(nodes: &[Node], category_sets: &[[u64; 4]], bin_of: impl Fn(usize) -> u8) -> u32 {
    let mut index = 0usize;
    loop {
        let node = &nodes[index];
        if node.is_leaf() {
            return node.split;
        }
        index = node.child(bin_of(node.feature()), category_sets);
    }
}

/// Rows [`leaf_splits`] keeps in flight.
pub const LANES: usize = 16;
/// Trees up to this many nodes (48 KiB) stay in the first-level cache, where walking rows in
/// lockstep only adds work.
const CACHED_TREE_NODES: usize = 4096;
/// Marks a lane with no row left to walk.
const IDLE: usize = usize::MAX;

/// The leaf offsets of every row of `row_bins` (row-major, `n_features` per row), one per slot of
/// `out`. [`LANES`] rows descend at once, one level per pass, and a lane whose row reached its
/// leaf takes the next row: the rows' node reads do not depend on each other, so the processor
/// overlaps their cache misses instead of waiting for each in turn, which is what a deep tree's
/// walk spends its time on (a forest of 3.4 million nodes predicted 3x faster than row by row;
/// 16 lanes beat 8 and 32). Small trees are walked row by row. Gives the same leaves as
/// [`leaf_split`].
#[inline]
pub fn leaf_splits(
    nodes: &[Node],
    category_sets: &[[u64; 4]],
    row_bins: &[u8],
    n_features: usize,
    out: &mut [u32],
) {
    let rows = out.len();
    debug_assert!(row_bins.len() >= rows * n_features);
    if nodes.len() <= CACHED_TREE_NODES {
        for (row, offset) in out.iter_mut().enumerate() {
            let bins = &row_bins[row * n_features..];
            *offset = leaf_split(nodes, category_sets, |feature| bins[feature]);
        }
        return;
    }
    let lanes = LANES.min(rows);
    let mut row_of = [IDLE; LANES];
    let mut at = [0usize; LANES];
    for (lane, row) in row_of.iter_mut().enumerate().take(lanes) {
        *row = lane;
    }
    let (mut next, mut walking) = (lanes, lanes);
    while walking > 0 {
        for lane in 0..lanes {
            let row = row_of[lane];
            if row == IDLE {
                continue;
            }
            let node = &nodes[at[lane]];
            if node.is_leaf() {
                out[row] = node.split;
                at[lane] = 0;
                if next < rows {
                    row_of[lane] = next;
                    next += 1;
                } else {
                    row_of[lane] = IDLE;
                    walking -= 1;
                }
            } else {
                at[lane] = node.child(row_bins[row * n_features + node.feature()], category_sets);
            }
        }
    }
}

/// Depth of the deepest leaf of `nodes` (a lone root has depth 0).
pub fn deepest_leaf(nodes: &[Node]) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(0usize, 0usize)];
    while let Some((node, depth)) = stack.pop() {
        let node = &nodes[node];
        if node.is_leaf() {
            deepest = deepest.max(depth);
        } else {
            let (left, right) = node.children();
            stack.push((left, depth + 1));
            stack.push((right, depth + 1));
        }
    }
    deepest
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A hand-built tree: root splits feature 1 at bin 3 (missing goes right); its left child
    /// splits feature 0 on the category set {2, 5}; offsets 10, 20, 30 mark the three leaves.
    fn small_tree() -> (Vec<Node>, Vec<[u64; 4]>) {
        let mut set = [0u64; 4];
        set[0] = (1 << 2) | (1 << 5);
        let nodes = vec![
            Node::branch(1, 3, false, false, 1),
            Node::branch(0, 0, false, true, 3),
            Node::leaf(30),
            Node::leaf(10),
            Node::leaf(20),
        ];
        (nodes, vec![set])
    }

    #[test]
    fn a_node_is_twelve_bytes() {
        assert_eq!(std::mem::size_of::<Node>(), 12);
    }

    #[test]
    fn flags_and_feature_share_a_word_without_mixing() {
        let node = Node::branch(MAX_FEATURES - 1, 7, true, true, 4);
        assert_eq!(node.feature(), MAX_FEATURES - 1);
        assert!(node.is_categorical() && !node.is_leaf());
        assert_eq!(node.children(), (4, 5));
        let numeric = Node::branch(5, 7, true, false, 4);
        assert!(!numeric.is_categorical());
        assert!(
            numeric.goes_left(MISSING_BIN, &[]),
            "missing follows default_left"
        );
        assert!(!Node::branch(5, 7, false, false, 4).goes_left(MISSING_BIN, &[]));
        assert!(Node::leaf(9).is_leaf() && !Node::leaf(9).is_categorical());
    }

    #[test]
    fn the_walks_reach_the_leaves_the_rules_say() {
        let (nodes, sets) = small_tree();
        // (bins of features 0 and 1, expected leaf offset)
        let cases = [
            ([2u8, 1u8], 10), // feature 1 bin 1 <= 3: left; category 2 in set: left
            ([5, 3], 10),
            ([4, 2], 20), // category 4 not in set: right
            ([2, 4], 30), // feature 1 bin 4 > 3: right
            ([2, MISSING_BIN], 30),
        ];
        for (bins, expected) in cases {
            assert_eq!(leaf_split(&nodes, &sets, |f| bins[f]), expected, "{bins:?}");
        }
        // Any number of rows, fewer or more than the lanes, gives the row-by-row leaves.
        for rows in 1..=3 * LANES + 1 {
            let picked: Vec<_> = (0..rows).map(|i| cases[(i * 3) % cases.len()]).collect();
            let row_bins: Vec<u8> = picked.iter().flat_map(|(bins, _)| *bins).collect();
            let mut out = vec![0u32; rows];
            leaf_splits(&nodes, &sets, &row_bins, 2, &mut out);
            let expected: Vec<u32> = picked.iter().map(|(_, leaf)| *leaf).collect();
            assert_eq!(out, expected);
        }
        assert_eq!(deepest_leaf(&nodes), 2);
    }

    #[test]
    fn rows_walked_in_lockstep_reach_the_leaves_of_row_by_row_walks() {
        // A complete tree of depth 13 (16,383 nodes, beyond the cached size), laid out so node
        // i's children are 2i + 1 and 2i + 2; splits on 3 features with varied thresholds and
        // missing-value sides.
        let depth = 13;
        let n = (1usize << (depth + 1)) - 1;
        let nodes: Vec<Node> = (0..n)
            .map(|i| {
                if i >= (1 << depth) - 1 {
                    Node::leaf(i as u32)
                } else {
                    let threshold = (i * 37 % 250) as u32 + 1;
                    Node::branch(i % 3, threshold, i % 2 == 0, false, 2 * i as u32 + 1)
                }
            })
            .collect();
        assert!(nodes.len() > CACHED_TREE_NODES);
        let mut state = 7u64;
        let mut bin = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 56) as u8
        };
        for rows in [1, LANES - 1, LANES, 100, 257] {
            let row_bins: Vec<u8> = (0..rows * 3).map(|_| bin()).collect();
            let mut out = vec![0u32; rows];
            leaf_splits(&nodes, &[], &row_bins, 3, &mut out);
            let expected: Vec<u32> = row_bins
                .chunks_exact(3)
                .map(|bins| leaf_split(&nodes, &[], |f| bins[f]))
                .collect();
            assert_eq!(out, expected, "{rows} rows");
        }
    }
}
