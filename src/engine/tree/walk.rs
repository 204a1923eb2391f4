//! The layout a fitted forest tree predicts from, and the walk that reads it.
//!
//! A grown tree's [`Node`]s are rewritten once, when it is fitted: a leaf holds its prediction
//! (up to two values: a binary classifier's two probabilities or a regression value) instead of
//! an offset into a second array, and a category set whose bins are all below 32 sits in the node
//! as a mask instead of in a 32-byte table (every set of bank-marketing's 100,000 categorical
//! splits does). A walk then reads one 12-byte node per level and nothing else, and numeric and
//! categorical splits are decided by the same branch-free arithmetic: which kind of split a row
//! meets next is data, so a branch on it was mispredicted whenever the kinds alternated.

use serde::{Deserialize, Serialize};

use super::node::Node;
use crate::engine::binning::MISSING_BIN;

const LEAF: u32 = 1 << 31;
const SMALL_SET: u32 = 1 << 30;
const DEFAULT_LEFT: u32 = 1 << 29;
const LARGE_SET: u32 = 1 << 28;
/// The bits of a node's word that name its feature.
pub(super) const FEATURE_BITS: u32 = LARGE_SET - 1;
/// A leaf holds up to this many values itself; wider predictions (multiclass) stay in the
/// tree's leaf values.
const INLINE_VALUES: usize = 2;
/// Rows one walk takes down a tree together. Their node reads do not depend on each other, so
/// the processor overlaps them; a row that reached its leaf stays there until the group's last
/// one does, which costs steps but no mispredicted branch. 4 to 6 rows predicted a forest of
/// 5,800-node trees 1.9x faster than the previous walk (16 rows, each lane refilled when its row
/// reached a leaf); 12 and 16 were slower than 4, their lanes no longer fitting the registers.
const GROUP: usize = 4;

/// Levels a grouped walk ([`WalkTree::add_leaf_values_grouped`]) takes rows down before
/// grouping them: up to 1,024 groups, their nodes (12 KB) held by the first-level cache.
const ROUTE_DEPTH: usize = 10;

/// Buffers of [`WalkTree::add_leaf_values_grouped`], kept from one tree to the next.
#[derive(Debug, Default)]
pub struct GroupScratch {
    keys: Vec<u32>,
    starts: Vec<usize>,
    order: Vec<u32>,
    bins: Vec<u8>,
    values: Vec<f64>,
}

/// Bytes `row_bins` needs after its last row for the wide walk, whose gathers read 4 bytes
/// where they need 1.
pub const GATHER_SLACK: usize = 3;

/// A node of the prediction layout. `repr(C)`: the wide walk reads the fields at byte offsets
/// 0, 4 and 8.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
#[repr(C)]
pub(super) struct WalkNode {
    /// A split's feature and flags. A leaf's is [`LEAF`] alone: its feature bits are 0, so a
    /// walk that reads a leaf's "feature" stays inside the row.
    word: u32,
    /// Numeric split: highest bin sent left. Small set: mask of the bins sent left. Large set:
    /// index of the tree's set. Leaf: its first value's bits, or, for outputs wider than
    /// [`INLINE_VALUES`], the offset of its values.
    a: u32,
    /// Split: left child; the right child is `b + 1`. Leaf: its second value's bits.
    b: u32,
}

impl WalkNode {
    #[inline]
    fn is_leaf(&self) -> bool {
        self.word & LEAF != 0
    }

    #[inline]
    fn feature(&self) -> usize {
        (self.word & FEATURE_BITS) as usize
    }

    /// The child a split sends a row with `bin` for its feature to (meaningless for a leaf).
    /// Gives [`split_sends_left`](super::node::split_sends_left)'s answer.
    #[inline(always)]
    fn child(&self, bin: u8, category_sets: &[[u64; 4]]) -> usize {
        let word = self.word;
        // Sets with a bin of 32 or more are rare (features with that many categories), so this
        // branch is predicted well.
        let goes_left = if word & LARGE_SET != 0 {
            let set = &category_sets[self.a as usize];
            set[usize::from(bin >> 6)] >> (bin & 63) & 1 == 1
        } else {
            let missing = bin == MISSING_BIN;
            let numeric =
                (missing & (word & DEFAULT_LEFT != 0)) | (!missing & (u32::from(bin) <= self.a));
            let in_mask = u64::from(self.a) >> bin.min(63) & 1 == 1;
            if word & SMALL_SET != 0 {
                in_mask
            } else {
                numeric
            }
        };
        self.b as usize + usize::from(!goes_left)
    }
}

/// A fitted tree's prediction layout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct WalkTree {
    pub(super) nodes: Vec<WalkNode>,
    /// Leaves' values, only for outputs wider than [`INLINE_VALUES`].
    pub(super) leaf_values: Vec<f32>,
    /// Category sets too large for a node.
    pub(super) category_sets: Vec<[u64; 4]>,
    pub(super) output_width: usize,
}

impl WalkTree {
    /// Rewrites a grown tree: `nodes` with their leaves' `leaf_values` (`output_width` per leaf)
    /// and the `category_sets` their categorical splits index.
    pub(super) fn new(
        nodes: &[Node],
        leaf_values: Vec<f32>,
        category_sets: &[[u64; 4]],
        output_width: usize,
    ) -> WalkTree {
        let inline = output_width <= INLINE_VALUES;
        let mut large_sets = Vec::new();
        let walk_nodes = nodes
            .iter()
            .map(|node| {
                if node.is_leaf() {
                    let offset = node.split_value();
                    if !inline {
                        return WalkNode {
                            word: LEAF,
                            a: offset,
                            b: 0,
                        };
                    }
                    let start = offset as usize;
                    let values = &leaf_values[start..start + output_width];
                    let bits = |i: usize| values.get(i).map_or(0, |value| value.to_bits());
                    return WalkNode {
                        word: LEAF,
                        a: bits(0),
                        b: bits(1),
                    };
                }
                let feature = node.feature() as u32;
                debug_assert!(
                    feature <= FEATURE_BITS,
                    "feature {feature} beyond the layout"
                );
                let left = node.children().0 as u32;
                if !node.is_categorical() {
                    let default_left = if node.default_left() { DEFAULT_LEFT } else { 0 };
                    return WalkNode {
                        word: feature | default_left,
                        a: node.split_value(),
                        b: left,
                    };
                }
                let set = category_sets[node.split_value() as usize];
                if set[0] >> 32 == 0 && set[1..].iter().all(|&bits| bits == 0) {
                    WalkNode {
                        word: feature | SMALL_SET,
                        a: set[0] as u32,
                        b: left,
                    }
                } else {
                    large_sets.push(set);
                    WalkNode {
                        word: feature | LARGE_SET,
                        a: (large_sets.len() - 1) as u32,
                        b: left,
                    }
                }
            })
            .collect();
        WalkTree {
            nodes: walk_nodes,
            leaf_values: if inline { Vec::new() } else { leaf_values },
            category_sets: large_sets,
            output_width,
        }
    }

    /// Adds each row's leaf values to its `output_width` slots of `out`; `row_bins` holds the
    /// rows' bins row by row, `n_features` per row, for `out.len() / output_width` rows. With
    /// [`GATHER_SLACK`] bytes after the last row, processors with AVX2 walk most rows 8 to a
    /// register.
    pub(super) fn add_leaf_values(&self, row_bins: &[u8], n_features: usize, out: &mut [f64]) {
        let width = self.output_width;
        let Some(root) = self.nodes.first() else {
            return;
        };
        if root.is_leaf() {
            // Also the only case where a row may have no bins to read (no features at all).
            for slots in out.chunks_exact_mut(width) {
                self.add_leaf(root, slots);
            }
            return;
        }
        let rows = out.len() / width;
        let wide = wide::add_leaf_values(self, row_bins, n_features, out);
        let rest = rows - wide;
        let grouped = wide + rest - rest % GROUP;
        let (head, tail) = out[wide * width..].split_at_mut((grouped - wide) * width);
        for (group, slots) in head.chunks_exact_mut(GROUP * width).enumerate() {
            let first = wide + group * GROUP;
            self.walk::<GROUP>(&row_bins[first * n_features..], n_features, slots);
        }
        for (i, slots) in tail.chunks_exact_mut(width).enumerate() {
            let row = grouped + i;
            self.walk::<1>(&row_bins[row * n_features..], n_features, slots);
        }
    }

    /// [`WalkTree::add_leaf_values`] for a tree too big for the caches: rows are first taken
    /// [`ROUTE_DEPTH`] levels down (nodes the caches hold) and grouped by where they arrive, then
    /// walked group after group. The nodes under one of those arrivals lie together (the grower
    /// creates a subtree's nodes one after another), so the rows of a group share their cache
    /// lines instead of each row missing the caches at every level. Each row's values are added
    /// to `out` as the plain walk adds them, so predictions are bitwise the same. `scratch` keeps
    /// its buffers from one call to the next.
    pub(super) fn add_leaf_values_grouped(
        &self,
        row_bins: &[u8],
        n_features: usize,
        out: &mut [f64],
        scratch: &mut GroupScratch,
    ) {
        let width = self.output_width;
        let rows = out.len() / width;
        if self.nodes.first().is_none_or(WalkNode::is_leaf) || n_features == 0 {
            self.add_leaf_values(row_bins, n_features, out);
            return;
        }
        // Where each row arrives, as its path's turns (left 0, right 1), a row that reached a
        // leaf sooner padded with lefts: in the order of the nodes in memory.
        scratch.keys.clear();
        for row in 0..rows {
            let bins = &row_bins[row * n_features..(row + 1) * n_features];
            let mut at = 0usize;
            let mut key = 0usize;
            for level in 0..ROUTE_DEPTH {
                let node = &self.nodes[at];
                if node.is_leaf() {
                    key <<= ROUTE_DEPTH - level;
                    break;
                }
                let next = node.child(bins[node.feature()], &self.category_sets);
                key = key << 1 | (next - node.b as usize);
                at = next;
            }
            scratch.keys.push(key as u32);
        }
        // A counting sort of the rows by arrival.
        scratch.starts.clear();
        scratch.starts.resize((1 << ROUTE_DEPTH) + 1, 0);
        for &key in &scratch.keys {
            scratch.starts[key as usize + 1] += 1;
        }
        for i in 1..scratch.starts.len() {
            scratch.starts[i] += scratch.starts[i - 1];
        }
        scratch.order.clear();
        scratch.order.resize(rows, 0);
        for (row, &key) in scratch.keys.iter().enumerate() {
            let slot = &mut scratch.starts[key as usize];
            scratch.order[*slot] = row as u32;
            *slot += 1;
        }
        scratch.bins.clear();
        for &row in &scratch.order {
            let row = row as usize;
            scratch
                .bins
                .extend_from_slice(&row_bins[row * n_features..(row + 1) * n_features]);
        }
        scratch.bins.resize(scratch.bins.len() + GATHER_SLACK, 0);
        scratch.values.clear();
        scratch.values.resize(rows * width, 0.0);
        self.add_leaf_values(&scratch.bins, n_features, &mut scratch.values);
        // 0 plus a leaf's value is that value, so each row's sum over trees is the plain walk's.
        for (&row, values) in scratch.order.iter().zip(scratch.values.chunks_exact(width)) {
            let slots = &mut out[row as usize * width..(row as usize + 1) * width];
            for (slot, value) in slots.iter_mut().zip(values) {
                *slot += value;
            }
        }
    }

    /// Walks `L` rows (the first `L` of `row_bins`) to their leaves and adds their values to
    /// `out`, `output_width` slots per row.
    #[inline(always)]
    fn walk<const L: usize>(&self, row_bins: &[u8], n_features: usize, out: &mut [f64]) {
        let nodes = &self.nodes;
        // Offsets into one slice rather than a slice per row (a pointer and a length each),
        // which leaves more registers to the lanes.
        let starts: [usize; L] = std::array::from_fn(|lane| lane * n_features);
        let mut at = [0usize; L];
        loop {
            let mut walking = false;
            for lane in 0..L {
                let node = &nodes[at[lane]];
                let leaf = node.is_leaf();
                let bin = row_bins[starts[lane] + node.feature()];
                let next = node.child(bin, &self.category_sets);
                at[lane] = if leaf { at[lane] } else { next };
                walking |= !leaf;
            }
            if !walking {
                break;
            }
        }
        for (lane, slots) in out.chunks_exact_mut(self.output_width).enumerate() {
            self.add_leaf(&nodes[at[lane]], slots);
        }
    }

    #[inline(always)]
    fn add_leaf(&self, leaf: &WalkNode, slots: &mut [f64]) {
        if self.output_width <= INLINE_VALUES {
            slots[0] += f64::from(f32::from_bits(leaf.a));
            if let Some(slot) = slots.get_mut(1) {
                *slot += f64::from(f32::from_bits(leaf.b));
            }
        } else {
            let start = leaf.a as usize;
            let values = &self.leaf_values[start..start + self.output_width];
            for (slot, &value) in slots.iter_mut().zip(values) {
                *slot += f64::from(value);
            }
        }
    }

    /// Depth of the deepest leaf (a lone root has depth 0).
    pub(super) fn depth(&self) -> usize {
        let mut deepest = 0;
        let mut stack = vec![(0usize, 0usize)];
        while let Some((index, depth)) = stack.pop() {
            let Some(node) = self.nodes.get(index) else {
                continue;
            };
            if node.is_leaf() {
                deepest = deepest.max(depth);
            } else {
                stack.push((node.b as usize, depth + 1));
                stack.push((node.b as usize + 1, depth + 1));
            }
        }
        deepest
    }

    /// Bytes the layout takes.
    pub(super) fn bytes(&self) -> usize {
        self.nodes.len() * std::mem::size_of::<WalkNode>()
            + self.leaf_values.len() * 4
            + self.category_sets.len() * 32
    }
}

/// The walk with AVX2: each lane of a 256-bit register carries a row, so one gather reads 8 rows'
/// nodes and one compare decides 8 splits; [`GROUPS`](wide::GROUPS) registers walk at once,
/// their gathers overlapping. On bank-marketing's forest (581,308 nodes, 18,084 rows, 2 threads,
/// busy machine) it predicted in 0.047 to 0.063 s where [`GROUP`] rows walked in scalar
/// registers took 0.20 s; 16 lanes of AVX-512 took 0.045 s, too little more to raise the Rust
/// version its intrinsics need (1.89), and 8 registers of AVX2 0.053 s.
#[cfg(target_arch = "x86_64")]
mod wide {
    use std::arch::x86_64::*;

    use super::{WalkNode, WalkTree, DEFAULT_LEFT, FEATURE_BITS, GATHER_SLACK, LEAF, SMALL_SET};

    /// Registers of 8 rows walked together.
    const GROUPS: usize = 4;
    pub(super) const ROWS: usize = 8 * GROUPS;

    /// Walks the first rows of `out` (a multiple of [`ROWS`]) as
    /// [`WalkTree::add_leaf_values`] does and returns how many; 0 where the processor lacks
    /// AVX2, for trees with category sets of 32 bins or more (kept in a table the gathers do
    /// not read), or when the offsets would not fit the gathers' 32 bits.
    pub(super) fn add_leaf_values(
        tree: &WalkTree,
        row_bins: &[u8],
        n_features: usize,
        out: &mut [f64],
    ) -> usize {
        let width = tree.output_width;
        let rows = out.len() / width;
        let wide = rows - rows % ROWS;
        let fits = row_bins.len() >= rows * n_features + GATHER_SLACK
            && row_bins.len() < i32::MAX as usize
            && tree.nodes.len() < i32::MAX as usize / std::mem::size_of::<WalkNode>();
        if wide == 0
            || n_features == 0
            || !fits
            || !tree.category_sets.is_empty()
            || !std::arch::is_x86_feature_detected!("avx2")
        {
            return 0;
        }
        // SAFETY: the processor has AVX2 (checked above); `walk` keeps every gather inside
        // `tree.nodes` and `row_bins` (see its comments), given the sizes checked above.
        unsafe { walk(tree, row_bins, n_features, &mut out[..wide * width]) };
        wide
    }

    /// # Safety
    /// The processor must have AVX2; `row_bins` must hold `out.len() / output_width` rows of
    /// `n_features` (at least 1) bins, then [`GATHER_SLACK`] bytes, and fewer than `i32::MAX`
    /// bytes in all; `tree.nodes` must be non-empty with fewer than `i32::MAX / 12` nodes.
    #[target_feature(enable = "avx2")]
    unsafe fn walk(tree: &WalkTree, row_bins: &[u8], n_features: usize, out: &mut [f64]) {
        let width = tree.output_width;
        let nodes = tree.nodes.as_ptr().cast::<i32>();
        let bins = row_bins.as_ptr().cast::<i32>();
        let node_bytes = std::mem::size_of::<WalkNode>() as i32;
        // Clamps keep a malformed tree's gathers in bounds: a node's byte offset at most the
        // last node's, a feature at most the last one.
        let last_node = _mm256_set1_epi32((tree.nodes.len() as i32 - 1) * node_bytes);
        let last_feature = _mm256_set1_epi32(n_features as i32 - 1);
        let zero = _mm256_setzero_si256();
        let one = _mm256_set1_epi32(1);
        let all_ones = _mm256_set1_epi32(-1);
        let feature_bits = _mm256_set1_epi32(FEATURE_BITS as i32);
        let low_byte = _mm256_set1_epi32(0xFF);
        let default_left = _mm256_set1_epi32(DEFAULT_LEFT as i32);
        let small_set = _mm256_set1_epi32(SMALL_SET as i32);
        let node_size = _mm256_set1_epi32(node_bytes);
        let lane_rows = _mm256_mullo_epi32(
            _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7),
            _mm256_set1_epi32(n_features as i32),
        );
        for (block, out) in out.chunks_exact_mut(ROWS * width).enumerate() {
            // Each lane's row start in `row_bins`.
            let starts: [__m256i; GROUPS] = std::array::from_fn(|group| {
                let first = (block * ROWS + group * 8) * n_features;
                _mm256_add_epi32(_mm256_set1_epi32(first as i32), lane_rows)
            });
            // Each lane's node as a byte offset into `tree.nodes`, and the last gathered
            // node's value fields.
            let mut at = [zero; GROUPS];
            let mut first_values = [zero; GROUPS];
            let mut second_values = [zero; GROUPS];
            loop {
                let mut walking = false;
                for group in 0..GROUPS {
                    // In bounds: `at` is at most the last node's offset (clamped below), and
                    // the fields end 12 bytes after it.
                    let word = _mm256_i32gather_epi32::<1>(nodes, at[group]);
                    let a = _mm256_i32gather_epi32::<1>(nodes.byte_add(4), at[group]);
                    let b = _mm256_i32gather_epi32::<1>(nodes.byte_add(8), at[group]);
                    // In bounds: a row's start plus a feature below `n_features`, plus the 4
                    // bytes read, ends within the last row and `GATHER_SLACK`.
                    let feature =
                        _mm256_min_epu32(_mm256_and_si256(word, feature_bits), last_feature);
                    let at_bin = _mm256_add_epi32(starts[group], feature);
                    let bin = _mm256_and_si256(_mm256_i32gather_epi32::<1>(bins, at_bin), low_byte);
                    // `WalkNode::child`'s rule, a lane all ones where true.
                    let missing = _mm256_cmpeq_epi32(bin, zero);
                    let missing_left =
                        _mm256_cmpeq_epi32(_mm256_and_si256(word, default_left), default_left);
                    let not_above = _mm256_xor_si256(_mm256_cmpgt_epi32(bin, a), all_ones);
                    let numeric_left = _mm256_blendv_epi8(not_above, missing_left, missing);
                    // A shift by 32 or more gives 0: bins past a small set's mask go right.
                    let shifted = _mm256_and_si256(_mm256_srlv_epi32(a, bin), one);
                    let in_set = _mm256_cmpeq_epi32(shifted, one);
                    let is_set = _mm256_cmpeq_epi32(_mm256_and_si256(word, small_set), small_set);
                    let left = _mm256_blendv_epi8(numeric_left, in_set, is_set);
                    // `left` is -1 where true: the child is b + 1 + left.
                    let child = _mm256_add_epi32(_mm256_add_epi32(b, one), left);
                    let child = _mm256_min_epu32(_mm256_mullo_epi32(child, node_size), last_node);
                    // A leaf's word is negative as an i32 (its top bit); its lane stays.
                    let leaf = _mm256_cmpgt_epi32(zero, word);
                    at[group] = _mm256_blendv_epi8(child, at[group], leaf);
                    first_values[group] = a;
                    second_values[group] = b;
                    walking |= _mm256_movemask_ps(_mm256_castsi256_ps(leaf)) != 0xFF;
                }
                if !walking {
                    break;
                }
            }
            // Every lane's last gathered node is its leaf.
            for (group, out) in out.chunks_exact_mut(8 * width).enumerate() {
                let mut first = [0u32; 8];
                let mut second = [0u32; 8];
                _mm256_storeu_si256(first.as_mut_ptr().cast(), first_values[group]);
                _mm256_storeu_si256(second.as_mut_ptr().cast(), second_values[group]);
                for (lane, slots) in out.chunks_exact_mut(width).enumerate() {
                    let leaf = WalkNode {
                        word: LEAF,
                        a: first[lane],
                        b: second[lane],
                    };
                    tree.add_leaf(&leaf, slots);
                }
            }
        }
    }
}

#[cfg(not(target_arch = "x86_64"))]
mod wide {
    /// No wide walk on this architecture.
    pub(super) fn add_leaf_values(
        _tree: &super::WalkTree,
        _row_bins: &[u8],
        _n_features: usize,
        _out: &mut [f64],
    ) -> usize {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::tree::node::leaf_split;

    /// A complete tree of depth 10 (children of node i at 2i + 1 and 2i + 2) over 3 features:
    /// numeric splits with both missing sides, categorical splits with sets below 32 bins and,
    /// when `large_sets`, sets reaching past bin 63; each leaf has `width` distinct values.
    fn tree(width: usize, large_sets: bool) -> (Vec<Node>, Vec<f32>, Vec<[u64; 4]>) {
        let depth = 10;
        let n = (1usize << (depth + 1)) - 1;
        let first_leaf = (1 << depth) - 1;
        let mut sets = Vec::new();
        let mut leaf_values = Vec::new();
        let nodes = (0..n)
            .map(|i| {
                if i >= first_leaf {
                    let offset = leaf_values.len() as u32;
                    leaf_values.extend((0..width).map(|k| (i * 7 + k) as f32 / 3.0));
                    return Node::leaf(offset);
                }
                let left = 2 * i as u32 + 1;
                let mut set = [0u64; 4];
                match i % 4 {
                    0 | 1 => {
                        let threshold = (i * 37 % 250) as u32 + 1;
                        return Node::branch(i % 3, threshold, i % 8 == 0, false, left);
                    }
                    3 if large_sets => {
                        for (k, bits) in set.iter_mut().enumerate() {
                            *bits = (i as u64 + k as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
                        }
                    }
                    _ => set[0] = (i as u64).wrapping_mul(0x9E37_79B9) & 0xFFFF_FFFF,
                }
                sets.push(set);
                Node::branch(i % 3, (sets.len() - 1) as u32, false, true, left)
            })
            .collect();
        (nodes, leaf_values, sets)
    }

    #[test]
    fn the_walks_add_the_values_of_the_leaves_the_rules_say() {
        let mut state = 11u64;
        let mut bin = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            // Every fourth bin missing (0), the rest over the whole range.
            let value = (state >> 56) as u8;
            if value % 4 == 0 {
                MISSING_BIN
            } else {
                value
            }
        };
        // With and without large sets and the gathers' slack, so both the wide walk (where the
        // processor has it) and the scalar one are checked.
        let mut scratch = GroupScratch::default();
        for (large_sets, slack) in [(true, GATHER_SLACK), (false, GATHER_SLACK), (false, 0)] {
            for width in [1, 2, 3] {
                let (nodes, leaf_values, sets) = tree(width, large_sets);
                let walk = WalkTree::new(&nodes, leaf_values.clone(), &sets, width);
                if large_sets {
                    assert!(
                        !walk.category_sets.is_empty(),
                        "some sets stay in the table"
                    );
                    assert!(
                        walk.category_sets.len() < sets.len(),
                        "some sets sit in nodes"
                    );
                } else {
                    assert!(walk.category_sets.is_empty());
                }
                assert_eq!(walk.depth(), 10);
                for rows in [
                    0,
                    1,
                    GROUP - 1,
                    GROUP,
                    GROUP + 1,
                    2 * GROUP + 3,
                    64,
                    257,
                    515,
                ] {
                    let mut row_bins: Vec<u8> = (0..rows * 3).map(|_| bin()).collect();
                    row_bins.resize(row_bins.len() + slack, 0);
                    // Start from values already there: the walk adds to them.
                    let mut out: Vec<f64> = (0..rows * width).map(|i| i as f64).collect();
                    walk.add_leaf_values(&row_bins, 3, &mut out);
                    #[cfg(target_arch = "x86_64")]
                    if std::arch::is_x86_feature_detected!("avx2") {
                        let wide_rows = if large_sets || slack == 0 {
                            0
                        } else {
                            rows - rows % wide::ROWS
                        };
                        let mut scratch = vec![0.0; rows * width];
                        let walked = wide::add_leaf_values(&walk, &row_bins, 3, &mut scratch);
                        assert_eq!(walked, wide_rows, "rows the wide walk takes");
                    }
                    let mut expected: Vec<f64> = (0..rows * width).map(|i| i as f64).collect();
                    for (row, slots) in expected.chunks_exact_mut(width).enumerate() {
                        let bins = &row_bins[row * 3..];
                        let start = leaf_split(&nodes, &sets, |f| bins[f]) as usize;
                        for (slot, &value) in slots.iter_mut().zip(&leaf_values[start..]) {
                            *slot += f64::from(value);
                        }
                    }
                    assert_eq!(
                        out, expected,
                        "width {width}, {rows} rows, large sets {large_sets}, slack {slack}"
                    );
                    let mut grouped: Vec<f64> = (0..rows * width).map(|i| i as f64).collect();
                    walk.add_leaf_values_grouped(&row_bins, 3, &mut grouped, &mut scratch);
                    assert_eq!(grouped, expected, "grouped, width {width}, {rows} rows");
                }
            }
        }
    }

    /// Grouping rows by where they go first predicts what the plain walk predicts, bit for bit,
    /// on a tree whose leaves lie above and below the depth rows are grouped at (a chain of splits
    /// 16 deep, each sending its right-hand rows to a leaf, as the grower lays nodes out).
    #[test]
    fn grouped_walks_predict_what_the_plain_walk_predicts() {
        let depth = 16;
        for width in [1, 2, 3] {
            let mut nodes = vec![Node::leaf(0)];
            let mut leaf_values = Vec::new();
            let leaf = |values: &mut Vec<f32>, k: usize| {
                let offset = values.len() as u32;
                values.extend((0..width).map(|i| (k * 5 + i) as f32 / 7.0));
                Node::leaf(offset)
            };
            let mut at = 0;
            for level in 0..depth {
                let left = nodes.len();
                nodes.push(Node::leaf(0));
                nodes.push(leaf(&mut leaf_values, level));
                let threshold = 250 - (level as u32 * 7) % 30;
                nodes[at] = Node::branch(level % 3, threshold, level % 2 == 0, false, left as u32);
                at = left;
            }
            nodes[at] = leaf(&mut leaf_values, depth);
            let walk = WalkTree::new(&nodes, leaf_values, &[], width);
            assert_eq!(walk.depth(), depth);
            let mut state = 5u64;
            let mut scratch = GroupScratch::default();
            for rows in [0, 1, 31, 1000] {
                let mut row_bins: Vec<u8> = (0..rows * 3)
                    .map(|_| {
                        state = state
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        // A tenth missing, the rest high bins, so many rows go deep.
                        match (state >> 56) as u8 {
                            0..26 => MISSING_BIN,
                            value => value | 0xC0,
                        }
                    })
                    .collect();
                row_bins.resize(row_bins.len() + GATHER_SLACK, 0);
                let start: Vec<f64> = (0..rows * width).map(|i| i as f64 * 0.5).collect();
                let mut plain = start.clone();
                walk.add_leaf_values(&row_bins, 3, &mut plain);
                let mut grouped = start.clone();
                walk.add_leaf_values_grouped(&row_bins, 3, &mut grouped, &mut scratch);
                assert_eq!(grouped, plain, "width {width}, {rows} rows");
                if rows == 1000 {
                    // Leaf k's values start at k * width: rows end above and below the grouping.
                    let levels: Vec<usize> = (0..rows)
                        .map(|row| {
                            let bins = &row_bins[row * 3..];
                            leaf_split(&nodes, &[], |f| bins[f]) as usize / width
                        })
                        .collect();
                    assert!(levels.iter().any(|&level| level < ROUTE_DEPTH));
                    assert!(levels.iter().any(|&level| level > ROUTE_DEPTH));
                }
            }
        }
    }

    #[test]
    fn a_walk_node_is_twelve_bytes() {
        assert_eq!(std::mem::size_of::<WalkNode>(), 12);
    }

    #[test]
    fn a_lone_leaf_needs_no_features() {
        let walk = WalkTree::new(&[Node::leaf(0)], vec![0.25, 0.75], &[], 2);
        let mut out = vec![0.0; 6];
        walk.add_leaf_values(&[], 0, &mut out);
        assert_eq!(out, [0.25, 0.75, 0.25, 0.75, 0.25, 0.75]);
        assert_eq!(walk.depth(), 0);
        assert!(walk.leaf_values.is_empty(), "two values sit in the leaf");
    }
}
