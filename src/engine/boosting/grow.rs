//! The leaf-wise grower: picks the leaf to split, partitions its rows and turns the finished
//! leaves into a tree.

use rayon::prelude::*;

use super::histogram::{GradPair, Gradients, HistBin, Sums, BINS};
use super::model::BoostTree;
use super::params::BoostingParams;
use super::split::{SplitInfo, MIN_SUM_HESSIAN};
use crate::engine::binning::BinnedMatrix;
use crate::engine::tree::Node;

/// Rows per task when partitioning a leaf or gathering its gradients in parallel; fixed, so the
/// work split (and anything it could touch) does not depend on the thread count.
pub(super) const ROW_CHUNK: usize = 16 * 1024;

/// A leaf of the tree being grown: its rows are `indices[start..end]`.
struct Leaf {
    node: usize,
    start: usize,
    end: usize,
    depth: usize,
    sums: Sums,
    /// Histogram slot, kept while the leaf has a pending split.
    hist: Option<usize>,
    split: Option<SplitInfo>,
}

/// Grows boosting trees on positions in the fit rows, keeping its buffers from one tree to the
/// next.
pub(super) struct Grower<'a> {
    pub(super) x: &'a BinnedMatrix,
    /// The fit rows' bins, `bins[feature * n_fit + position]`.
    pub(super) bins: &'a [u8],
    pub(super) n_fit: usize,
    pub(super) params: &'a BoostingParams,
    /// The objective's [`Objective::max_leaf_step`](super::objective::Objective::max_leaf_step).
    pub(super) max_leaf_step: f64,
    pub(super) subtraction: bool,
    /// Histogram slots, `n_features * HIST_STRIDE` bins each; `free` lists the unused ones.
    pub(super) pool: Vec<Vec<HistBin>>,
    pub(super) free: Vec<usize>,
    /// A leaf's gradients in the order of its rows, so each feature's pass reads them
    /// sequentially.
    pub(super) ordered: Vec<GradPair>,
    /// Right-hand rows during a stable partition.
    pub(super) scratch: Vec<u32>,
    /// Left-hand counts of the chunks of a parallel partition.
    pub(super) chunk_lefts: Vec<usize>,
    /// Scratch for categorical splits: (ordering key, bin).
    pub(super) keyed: Vec<(f64, u8)>,
    /// Per feature, the bin that most fit rows fall in where they are at least
    /// [`SKIPPED_BIN_SHARE`] of them, else [`NO_SKIPPED_BIN`]: histograms leave it out of their
    /// pass over the rows and fill it from the leaf's totals.
    pub(super) skipped_bins: Vec<u16>,
    /// Per feature, whether its skipped bin holds at least [`BRANCH_SKIPPED_SHARE`] of the fit
    /// rows, so that histograms branch around its rows rather than add them to spare bins.
    pub(super) branch_skipped: Vec<bool>,
}

/// How many of the fit rows a feature's commonest bin must hold for histograms to leave it out
/// of their pass. Adding row after row to one bin makes each addition wait for the one before.
/// The skipped bin's value is the leaf's totals less the other bins, which rounds differently
/// from a sum of its rows, so this share decides the models' last bits. Measured when the skipped
/// rows were taken out with a branch (they now go to spare bins): 100 rounds on KDD Cup 99's 23
/// labels (`examples/boost_bench.rs`) fit in 22.3 s at 0.35, 21.5 and 23.2 s at 0.5, 25.4 s at
/// 0.7, 29.5 s at 0.9 and 36.8 s skipping nothing; bank-marketing's fit moved within its noise.
const SKIPPED_BIN_SHARE: f64 = 0.5;
/// How many of the fit rows a skipped bin must hold for histograms to branch around its rows:
/// the branch then rarely mispredicts and costs less than an addition to a spare bin. Spare bins
/// for every skipped bin took 100 rounds on KDD Cup 99's 23 labels, whose columns are mostly
/// near-constant, from 44.5 s to 57.7 s; with this share, 40.6 s against 33.9 s with a branch
/// for every skipped bin (`examples/boost_bench.rs`, one run each, a busy machine), while
/// bank-marketing's fit kept the spare bins' gain. Not tuned further.
const BRANCH_SKIPPED_SHARE: f64 = 0.9;
/// No bin is skipped (bins are `u8`).
pub(super) const NO_SKIPPED_BIN: u16 = BINS as u16;

/// [`Grower::skipped_bins`] and [`Grower::branch_skipped`] of the fit rows' bins (`n_fit` per
/// feature, column-major).
fn skipped_bins(bins: &[u8], n_fit: usize) -> (Vec<u16>, Vec<bool>) {
    bins.par_chunks(n_fit.max(1))
        .map(|column| {
            let mut counts = [0usize; BINS];
            for &bin in column {
                counts[bin as usize] += 1;
            }
            let (commonest, &count) = counts
                .iter()
                .enumerate()
                .max_by_key(|&(bin, &count)| (count, std::cmp::Reverse(bin)))
                .unwrap_or((0, &0));
            if count as f64 >= SKIPPED_BIN_SHARE * n_fit as f64 && count > 0 {
                (
                    commonest as u16,
                    count as f64 >= BRANCH_SKIPPED_SHARE * n_fit as f64,
                )
            } else {
                (NO_SKIPPED_BIN, false)
            }
        })
        .unzip()
}

impl<'a> Grower<'a> {
    pub(super) fn new(
        x: &'a BinnedMatrix,
        bins: &'a [u8],
        params: &'a BoostingParams,
        max_leaf_step: f64,
        subtraction: bool,
        n_rows: usize,
    ) -> Self {
        let (skipped_bins, branch_skipped) = skipped_bins(bins, n_rows);
        Grower {
            x,
            bins,
            n_fit: n_rows,
            params,
            max_leaf_step,
            subtraction,
            pool: Vec::new(),
            free: Vec::new(),
            ordered: vec![[0.0; 2]; n_rows],
            scratch: vec![0; n_rows],
            chunk_lefts: Vec::new(),
            keyed: Vec::with_capacity(BINS),
            skipped_bins,
            branch_skipped,
        }
    }

    /// The bins of `feature`, indexed by position in the fit rows.
    #[inline]
    fn column(&self, feature: usize) -> &'a [u8] {
        &self.bins[feature * self.n_fit..(feature + 1) * self.n_fit]
    }

    /// Whether a leaf may still be split (before looking at its histogram).
    fn splittable(&self, leaf: &Leaf) -> bool {
        self.params.max_depth.is_none_or(|max| leaf.depth < max)
            && leaf.sums.count >= 2 * self.params.min_samples_leaf as u64
            && leaf.sums.hess >= 2.0 * MIN_SUM_HESSIAN
    }

    /// Grows one tree on the rows in `indices` (reordered so each leaf's rows are contiguous).
    /// Returns the tree and each leaf's row range and value.
    pub(super) fn grow(
        &mut self,
        indices: &mut [u32],
        gradients: &Gradients<'_>,
        features: &[bool],
    ) -> (BoostTree, Vec<(usize, usize, f64)>) {
        let mut tree = BoostTree {
            nodes: vec![Node::leaf(0)],
            values: Vec::new(),
            category_sets: Vec::new(),
        };
        let mut sums = Sums::default();
        for &row in indices.iter() {
            let [grad, hess] = gradients.of(row);
            sums.grad += f64::from(grad);
            sums.hess += f64::from(hess);
        }
        sums.count = indices.len() as u64;
        let mut leaves = vec![Leaf {
            node: 0,
            start: 0,
            end: indices.len(),
            depth: 0,
            sums,
            hist: None,
            split: None,
        }];
        if self.params.max_leaves > 1 && self.splittable(&leaves[0]) {
            let slot = self.take_slot();
            self.build(slot, &indices[..], gradients, features);
            self.attach(&mut leaves[0], slot, features);
        }

        while leaves.len() < self.params.max_leaves {
            // The leaf with the largest gain; ties go to the earliest leaf.
            let mut chosen: Option<(usize, f64)> = None;
            for (i, leaf) in leaves.iter().enumerate() {
                if let Some(split) = &leaf.split {
                    if chosen.is_none_or(|(_, gain)| split.gain > gain) {
                        chosen = Some((i, split.gain));
                    }
                }
            }
            let Some((chosen, _)) = chosen else { break };
            let parent = &mut leaves[chosen];
            let Some(split) = parent.split.take() else {
                break;
            };
            let parent_slot = parent.hist.take();
            let (start, end, depth, node) = (parent.start, parent.end, parent.depth, parent.node);
            let n_left = self.partition(&mut indices[start..end], &split);

            let left_node = tree.nodes.len();
            tree.nodes.push(Node::leaf(0));
            tree.nodes.push(Node::leaf(0));
            let (split_value, categorical) = match split.category_set {
                Some(set) => {
                    tree.category_sets.push(set);
                    ((tree.category_sets.len() - 1) as u32, true)
                }
                None => (u32::from(split.threshold), false),
            };
            tree.nodes[node] = Node::branch(
                split.feature,
                split_value,
                split.default_left,
                categorical,
                left_node as u32,
            );
            let mut left = Leaf {
                node: left_node,
                start,
                end: start + n_left,
                depth: depth + 1,
                sums: split.left,
                hist: None,
                split: None,
            };
            let mut right = Leaf {
                node: left_node + 1,
                start: start + n_left,
                end,
                depth: depth + 1,
                sums: split.right,
                hist: None,
                split: None,
            };
            // After this split the tree has one more leaf; at the cap no child splits again,
            // so their histograms would be wasted.
            let room = leaves.len() + 1 < self.params.max_leaves;
            let left_open = room && self.splittable(&left);
            let right_open = room && self.splittable(&right);
            let left_smaller = n_left <= (end - start) - n_left;
            let (small, small_open, large, large_open) = if left_smaller {
                (&mut left, left_open, &mut right, right_open)
            } else {
                (&mut right, right_open, &mut left, left_open)
            };
            match parent_slot {
                Some(parent_slot) if large_open && self.subtraction => {
                    let small_slot = self.take_slot();
                    self.build(
                        small_slot,
                        &indices[small.start..small.end],
                        gradients,
                        features,
                    );
                    self.subtract(parent_slot, small_slot, features);
                    self.attach(large, parent_slot, features);
                    if small_open {
                        self.attach(small, small_slot, features);
                    } else {
                        self.free.push(small_slot);
                    }
                }
                _ => {
                    if let Some(slot) = parent_slot {
                        self.free.push(slot);
                    }
                    for (child, open) in [(small, small_open), (large, large_open)] {
                        if open {
                            let slot = self.take_slot();
                            self.build(slot, &indices[child.start..child.end], gradients, features);
                            self.attach(child, slot, features);
                        }
                    }
                }
            }
            leaves[chosen] = left;
            leaves.push(right);
        }

        let scale = self.params.learning_rate;
        let mut ranges = Vec::with_capacity(leaves.len());
        for leaf in &leaves {
            if let Some(slot) = leaf.hist {
                self.free.push(slot);
            }
            let step = -leaf.sums.grad / (leaf.sums.hess + self.params.l2);
            let value = step.clamp(-self.max_leaf_step, self.max_leaf_step) * scale;
            // A leaf with no hessian (e.g. every row certain) has nothing to correct.
            let value = if value.is_finite() { value } else { 0.0 };
            tree.nodes[leaf.node] = Node::leaf(tree.values.len() as u32);
            tree.values.push(value);
            ranges.push((leaf.start, leaf.end, value));
        }
        (tree, ranges)
    }

    /// Gives `leaf` the histogram in `slot` and finds its best split; the slot is released at
    /// once when there is none.
    fn attach(&mut self, leaf: &mut Leaf, slot: usize, features: &[bool]) {
        leaf.split = self.best_split(slot, leaf.sums, features);
        if leaf.split.is_some() {
            leaf.hist = Some(slot);
        } else {
            self.free.push(slot);
        }
    }

    /// Stable partition of a leaf's rows: those going left first, both sides in their old
    /// order (which keeps later passes close to memory order). Returns the left count. Large
    /// leaves are partitioned in fixed-size chunks in parallel; the result is the same.
    pub(super) fn partition(&mut self, rows: &mut [u32], split: &SplitInfo) -> usize {
        let column = self.column(split.feature);
        let mut sends_left = [false; BINS];
        for (bin, slot) in sends_left.iter_mut().enumerate() {
            *slot = split.goes_left(bin as u8);
        }
        // Branch-free stable partition of one chunk: left rows to the front of `rows`, right
        // rows to the front of `right`; returns the left count.
        let split_chunk = |rows: &mut [u32], right: &mut [u32]| -> usize {
            let mut n_left = 0;
            let mut n_right = 0;
            for i in 0..rows.len() {
                let row = rows[i];
                let left = sends_left[column[row as usize] as usize];
                rows[n_left] = row;
                right[n_right] = row;
                n_left += usize::from(left);
                n_right += usize::from(!left);
            }
            n_left
        };
        let n = rows.len();
        let scratch = &mut self.scratch[..n];
        if n < 4 * ROW_CHUNK {
            let n_left = split_chunk(rows, scratch);
            rows[n_left..].copy_from_slice(&scratch[..n - n_left]);
            return n_left;
        }
        rows.par_chunks_mut(ROW_CHUNK)
            .zip(scratch.par_chunks_mut(ROW_CHUNK))
            .map(|(rows, right)| split_chunk(rows, right))
            .collect_into_vec(&mut self.chunk_lefts);
        // Left rows move forward chunk by chunk (never past a later chunk's unread rows), then
        // the right rows follow from the scratch, chunk by chunk.
        let mut n_left = 0;
        for (i, &lefts) in self.chunk_lefts.iter().enumerate() {
            let start = i * ROW_CHUNK;
            rows.copy_within(start..start + lefts, n_left);
            n_left += lefts;
        }
        let mut at = n_left;
        for (i, &lefts) in self.chunk_lefts.iter().enumerate() {
            let start = i * ROW_CHUNK;
            let len = ROW_CHUNK.min(n - start);
            let rights = len - lefts;
            rows[at..at + rights].copy_from_slice(&scratch[start..start + rights]);
            at += rights;
        }
        n_left
    }
}
