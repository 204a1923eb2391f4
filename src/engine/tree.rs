//! One histogram-based decision tree on binned features.
//!
//! Trees grow depth first. At each node the candidate features are visited in a random order;
//! for each one the rows' bins are gathered into a histogram of per-bin target statistics and
//! every split between bins is scored in one pass. Missing values (bin 0 of numeric features)
//! go to whichever side scores better: the learned default direction. Categorical features split
//! into a set of categories: categories are ordered by their target mean in the node (for each
//! class in multiclass tasks) and the best prefix of that order goes left, which is the optimal
//! partition for binary and regression targets (Breiman et al., 1984, section 9.4).

use rand::Rng;
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

use super::binning::{BinnedMatrix, MISSING_BIN};

/// The target a tree learns, indexed by row of the binned matrix.
#[derive(Debug, Clone, Copy)]
pub enum TargetRef<'a> {
    /// Class index per row, in `0..n_classes`.
    Classes {
        /// Class of each row.
        y: &'a [u32],
        /// Number of classes.
        n_classes: usize,
    },
    /// A numeric value per row.
    Values(&'a [f64]),
}

impl TargetRef<'_> {
    /// Width of a node's statistics: class counts, or (count, sum, sum of squares).
    fn stat_width(&self) -> usize {
        match self {
            TargetRef::Classes { n_classes, .. } => *n_classes,
            TargetRef::Values(_) => 3,
        }
    }

    /// Width of a leaf's prediction: class probabilities or one value.
    pub fn output_width(&self) -> usize {
        match self {
            TargetRef::Classes { n_classes, .. } => *n_classes,
            TargetRef::Values(_) => 1,
        }
    }

    /// The sample a tree works on for `row` with weight `weight` (a bootstrap count): the target
    /// travels with the row so histogram building reads it sequentially.
    pub fn sample(&self, row: u32, weight: f32) -> Sample {
        let target = match self {
            TargetRef::Classes { y, .. } => f64::from(y[row as usize]),
            TargetRef::Values(values) => values[row as usize],
        };
        Sample {
            row,
            weight,
            target,
        }
    }

    #[inline]
    fn accumulate(&self, stats: &mut [f64], sample: &Sample) {
        match self {
            TargetRef::Classes { .. } => stats[sample.target as usize] += f64::from(sample.weight),
            TargetRef::Values(_) => {
                let weight = f64::from(sample.weight);
                let weighted = weight * sample.target;
                stats[0] += weight;
                stats[1] += weighted;
                stats[2] += weighted * sample.target;
            }
        }
    }

    #[inline]
    fn count(&self, stats: &[f64]) -> f64 {
        match self {
            TargetRef::Classes { .. } => stats.iter().sum(),
            TargetRef::Values(_) => stats[0],
        }
    }

    /// The impurity-decrease proxy of a child: larger is better. For Gini it is
    /// sum_c n_c^2 / n, for squared error sum^2 / n; summed over both children these rank splits
    /// exactly as the weighted impurity decrease does.
    #[inline]
    fn proxy(&self, stats: &[f64]) -> f64 {
        match self {
            TargetRef::Classes { .. } => {
                let count: f64 = stats.iter().sum();
                if count == 0.0 {
                    0.0
                } else {
                    stats.iter().map(|c| c * c).sum::<f64>() / count
                }
            }
            TargetRef::Values(_) => {
                if stats[0] == 0.0 {
                    0.0
                } else {
                    stats[1] * stats[1] / stats[0]
                }
            }
        }
    }

    fn is_pure(&self, stats: &[f64]) -> bool {
        match self {
            TargetRef::Classes { .. } => stats.iter().filter(|&&c| c > 0.0).count() <= 1,
            TargetRef::Values(_) => {
                let variance_sum = stats[2] - stats[1] * stats[1] / stats[0];
                variance_sum <= 1e-12 * stats[2].abs().max(1e-300)
            }
        }
    }

    fn leaf_value(&self, stats: &[f64], out: &mut Vec<f32>) {
        match self {
            TargetRef::Classes { .. } => {
                let count: f64 = stats.iter().sum();
                out.extend(stats.iter().map(|&c| (c / count) as f32));
            }
            TargetRef::Values(_) => out.push((stats[1] / stats[0]) as f32),
        }
    }
}

/// A training row as a tree sees it: its index, its weight (how often the bootstrap drew it)
/// and its target (a class index or a value).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    /// Row of the binned matrix.
    pub row: u32,
    /// Weight: the bootstrap count, 1 without bootstrap (f32 keeps a sample at 16 bytes and
    /// holds counts exactly).
    pub weight: f32,
    /// Class index (as a number) or target value.
    pub target: f64,
}

/// Limits on one tree's growth, already checked.
#[derive(Debug, Clone)]
pub struct TreeLimits {
    /// Deepest level a node may sit at (the root is depth 0); `None` for no limit.
    pub max_depth: Option<usize>,
    /// Fewest rows a leaf may hold (counting bootstrap repeats, i.e. weights).
    pub min_samples_leaf: usize,
    /// Features tried at each node (at least 1, at most the number of features).
    pub max_features: usize,
}

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

/// A fitted tree.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Tree {
    nodes: Vec<Node>,
    leaf_values: Vec<f32>,
    category_sets: Vec<[u64; 4]>,
    output_width: usize,
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
        let start = leaf_split(&self.nodes, &self.category_sets, |f| row_bins[f]) as usize;
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

/// A candidate split of one node.
#[derive(Debug, Clone)]
struct Split {
    feature: usize,
    score: f64,
    threshold: u8,
    default_left: bool,
    /// For categorical splits: the bins sent left.
    category_set: Option<[u64; 4]>,
    left_stats: Vec<f64>,
    right_stats: Vec<f64>,
}

impl Split {
    #[inline]
    fn goes_left(&self, bin: u8) -> bool {
        split_sends_left(
            bin,
            self.threshold,
            self.default_left,
            self.category_set.as_ref(),
        )
    }
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

struct PendingNode {
    id: usize,
    start: usize,
    end: usize,
    depth: usize,
    stats: Vec<f64>,
    /// Features (of the first 64) found constant in an ancestor: constant there means constant
    /// here, so they are skipped without gathering (scikit-learn keeps the same list).
    known_constant: u64,
}

struct Builder<'a> {
    x: &'a BinnedMatrix,
    target: TargetRef<'a>,
    limits: &'a TreeLimits,
    width: usize,
    tree: Tree,
    /// Dense per-bin statistics, `256 * width`; all zero between uses.
    dense: Vec<f64>,
    /// Non-empty bins of the current feature, ascending, and their statistics.
    bins: Vec<u8>,
    bin_stats: Vec<f64>,
    /// Statistics of the rows whose value is missing (numeric features).
    missing: Vec<f64>,
    /// Scratch for categorical splits: (key, entry) pairs.
    keyed: Vec<(f64, usize)>,
    feature_order: Vec<usize>,
    /// Scratch for categorical splits.
    order: Vec<usize>,
    left: Vec<f64>,
    right: Vec<f64>,
    candidate: Vec<f64>,
}

impl<'a> Builder<'a> {
    fn new(x: &'a BinnedMatrix, target: TargetRef<'a>, limits: &'a TreeLimits) -> Self {
        let width = target.stat_width();
        Builder {
            x,
            target,
            limits,
            width,
            tree: Tree {
                nodes: Vec::new(),
                leaf_values: Vec::new(),
                category_sets: Vec::new(),
                output_width: target.output_width(),
            },
            dense: vec![0.0; 256 * width],
            bins: Vec::with_capacity(256),
            bin_stats: Vec::with_capacity(256 * width),
            missing: vec![0.0; width],
            keyed: Vec::with_capacity(256),
            feature_order: (0..x.n_features()).collect(),
            order: Vec::with_capacity(256),
            left: vec![0.0; width],
            right: vec![0.0; width],
            candidate: vec![0.0; width],
        }
    }

    fn new_node(&mut self) -> usize {
        self.tree.nodes.push(Node {
            feature: LEAF,
            split: 0,
            default_left: false,
            categorical: false,
            left: 0,
            right: 0,
        });
        self.tree.nodes.len() - 1
    }

    fn make_leaf(&mut self, id: usize, stats: &[f64]) {
        let offset = self.tree.leaf_values.len() as u32;
        self.target.leaf_value(stats, &mut self.tree.leaf_values);
        self.tree.nodes[id] = Node {
            feature: LEAF,
            split: offset,
            default_left: false,
            categorical: false,
            left: 0,
            right: 0,
        };
    }

    fn grow(&mut self, samples: &mut [Sample], rng: &mut Xoshiro256PlusPlus) {
        let mut root_stats = vec![0.0; self.width];
        for sample in samples.iter() {
            self.target.accumulate(&mut root_stats, sample);
        }
        let root = self.new_node();
        let mut stack = vec![PendingNode {
            id: root,
            start: 0,
            end: samples.len(),
            depth: 0,
            stats: root_stats,
            known_constant: 0,
        }];
        while let Some(node) = stack.pop() {
            let node_samples = &mut samples[node.start..node.end];
            let count = self.target.count(&node.stats);
            let at_depth_limit = self.limits.max_depth.is_some_and(|max| node.depth >= max);
            if at_depth_limit
                || count < 2.0 * self.limits.min_samples_leaf as f64
                || node_samples.len() < 2
                || self.target.is_pure(&node.stats)
            {
                self.make_leaf(node.id, &node.stats);
                continue;
            }
            let (best, known_constant) =
                self.best_split(node_samples, &node.stats, node.known_constant, rng);
            let Some(split) = best else {
                self.make_leaf(node.id, &node.stats);
                continue;
            };
            let column = self.x.column(split.feature);
            let n_left = partition(node_samples, |sample| {
                split.goes_left(column[sample.row as usize])
            });
            let left = self.new_node();
            let right = self.new_node();
            let (split_value, categorical) = match split.category_set {
                Some(set) => {
                    self.tree.category_sets.push(set);
                    ((self.tree.category_sets.len() - 1) as u32, true)
                }
                None => (u32::from(split.threshold), false),
            };
            self.tree.nodes[node.id] = Node {
                feature: split.feature as u32,
                split: split_value,
                default_left: split.default_left,
                categorical,
                left: left as u32,
                right: right as u32,
            };
            // Push right first so the left subtree is built first (depth-first, left to right).
            stack.push(PendingNode {
                id: right,
                start: node.start + n_left,
                end: node.end,
                depth: node.depth + 1,
                stats: split.right_stats,
                known_constant,
            });
            stack.push(PendingNode {
                id: left,
                start: node.start,
                end: node.start + n_left,
                depth: node.depth + 1,
                stats: split.left_stats,
                known_constant,
            });
        }
    }

    /// Visits features in random order until `max_features` non-constant ones were scored
    /// (scikit-learn's rule: constant features do not use up the budget).
    fn best_split(
        &mut self,
        samples: &[Sample],
        node_stats: &[f64],
        mut known_constant: u64,
        rng: &mut Xoshiro256PlusPlus,
    ) -> (Option<Split>, u64) {
        let n_features = self.feature_order.len();
        let mut best: Option<Split> = None;
        let mut scored = 0;
        for j in 0..n_features {
            if scored >= self.limits.max_features {
                break;
            }
            let pick = rng.gen_range(j..n_features);
            self.feature_order.swap(j, pick);
            let feature = self.feature_order[j];
            let bit = if feature < 64 { 1u64 << feature } else { 0 };
            if known_constant & bit != 0 {
                continue;
            }
            if !self.gather(feature, samples) {
                known_constant |= bit;
                continue;
            }
            scored += 1;
            let best_score = best.as_ref().map_or(f64::NEG_INFINITY, |s| s.score);
            let candidate = if self.x.categorical[feature] {
                self.categorical_split(feature, node_stats, best_score)
            } else {
                self.numeric_split(feature, node_stats, best_score)
            };
            if candidate.is_some() {
                best = candidate;
            }
        }
        (best, known_constant)
    }

    /// Fills `bins` / `bin_stats` with the node's non-empty bins of `feature`, ascending. Returns
    /// false when the feature takes a single bin in this node (nothing to split). Only the bins
    /// touched are read back and cleared, so small nodes do not pay for all 256 bins.
    fn gather(&mut self, feature: usize, samples: &[Sample]) -> bool {
        let column = self.x.column(feature);
        let width = self.width;
        self.bins.clear();
        self.bin_stats.clear();
        let mut touched = [0u64; 4];
        match self.target {
            TargetRef::Classes { .. } => {
                for sample in samples {
                    let bin = column[sample.row as usize];
                    touched[(bin >> 6) as usize] |= 1 << (bin & 63);
                    self.dense[bin as usize * width + sample.target as usize] +=
                        f64::from(sample.weight);
                }
            }
            TargetRef::Values(_) => {
                for sample in samples {
                    let bin = column[sample.row as usize];
                    touched[(bin >> 6) as usize] |= 1 << (bin & 63);
                    let slot = &mut self.dense[bin as usize * 3..bin as usize * 3 + 3];
                    let weight = f64::from(sample.weight);
                    let weighted = weight * sample.target;
                    slot[0] += weight;
                    slot[1] += weighted;
                    slot[2] += weighted * sample.target;
                }
            }
        }
        for (word_index, mut word) in touched.into_iter().enumerate() {
            while word != 0 {
                let bin = word_index * 64 + word.trailing_zeros() as usize;
                word &= word - 1;
                self.bins.push(bin as u8);
                // Element by element: these slices hold two or three numbers, and a memcpy or
                // memset call per bin costs more than the copy itself.
                for slot in &mut self.dense[bin * width..(bin + 1) * width] {
                    self.bin_stats.push(*slot);
                    *slot = 0.0;
                }
            }
        }
        self.bins.len() > 1
    }

    fn numeric_split(&mut self, feature: usize, node_stats: &[f64], beat: f64) -> Option<Split> {
        let width = self.width;
        let has_missing = self.bins[0] == MISSING_BIN;
        let first_value = usize::from(has_missing);
        if has_missing {
            self.missing.copy_from_slice(&self.bin_stats[..width]);
        } else {
            self.missing.fill(0.0);
        }
        let best = match self.target {
            TargetRef::Classes { n_classes: 2, .. } => {
                self.scan_binary(first_value, node_stats, beat)
            }
            _ => self.scan_any(first_value, node_stats, beat),
        };
        let (score, i, default_left) = best?;
        let threshold = self.bins[i];
        let mut left_stats = vec![0.0; width];
        for entry in first_value..=i {
            add_into(
                &mut left_stats,
                &self.bin_stats[entry * width..(entry + 1) * width],
            );
        }
        if default_left {
            add_into(&mut left_stats, &self.missing);
        }
        let right_stats = difference(node_stats, &left_stats);
        Some(Split {
            feature,
            score,
            threshold,
            default_left,
            category_set: None,
            left_stats,
            right_stats,
        })
    }

    /// Scores every threshold between the gathered bins of a numeric feature, with missing
    /// values on either side; returns the best (score, entry, missing-goes-left) beating `beat`.
    fn scan_any(
        &mut self,
        first_value: usize,
        node_stats: &[f64],
        beat: f64,
    ) -> Option<(f64, usize, bool)> {
        let width = self.width;
        let min_leaf = self.limits.min_samples_leaf as f64;
        let has_missing = first_value == 1;
        let total = self.target.count(node_stats);
        let mut best: Option<(f64, usize, bool)> = None;
        let mut best_score = beat;
        // `left` accumulates the non-missing bins up to and including bin i.
        self.left.fill(0.0);
        let n_entries = self.bins.len();
        for i in first_value..n_entries {
            add_into(&mut self.left, &self.bin_stats[i * width..(i + 1) * width]);
            let is_last = i + 1 == n_entries;
            // The last value bin can only split off the missing rows.
            if is_last && !has_missing {
                break;
            }
            for default_left in [false, true] {
                if default_left && (!has_missing || is_last) {
                    continue;
                }
                let missing_share = if default_left { 1.0 } else { 0.0 };
                for (k, &node) in node_stats.iter().enumerate() {
                    let left = self.left[k] + missing_share * self.missing[k];
                    self.candidate[k] = left;
                    self.right[k] = node - left;
                }
                let right_count = self.target.count(&self.right);
                let left_count = total - right_count;
                if left_count < min_leaf || right_count < min_leaf {
                    continue;
                }
                let score = self.target.proxy(&self.candidate) + self.target.proxy(&self.right);
                if score > best_score {
                    best_score = score;
                    best = Some((score, i, default_left));
                }
            }
        }
        best
    }

    /// [`Builder::scan_any`] for two classes, on plain scalars: this loop runs for every bin of
    /// every candidate feature of every node, and dominates fitting time.
    fn scan_binary(
        &self,
        first_value: usize,
        node_stats: &[f64],
        beat: f64,
    ) -> Option<(f64, usize, bool)> {
        let min_leaf = self.limits.min_samples_leaf as f64;
        let (total0, total1) = (node_stats[0], node_stats[1]);
        let (missing0, missing1) = if first_value == 1 {
            (self.bin_stats[0], self.bin_stats[1])
        } else {
            (0.0, 0.0)
        };
        let has_missing = first_value == 1;
        let mut best = None;
        let mut best_score = beat;
        let (mut left0, mut left1) = (0.0, 0.0);
        let n_entries = self.bins.len();
        for i in first_value..n_entries {
            left0 += self.bin_stats[2 * i];
            left1 += self.bin_stats[2 * i + 1];
            let is_last = i + 1 == n_entries;
            if is_last && !has_missing {
                break;
            }
            for default_left in [false, true] {
                if default_left && (!has_missing || is_last) {
                    continue;
                }
                let (a0, a1) = if default_left {
                    (left0 + missing0, left1 + missing1)
                } else {
                    (left0, left1)
                };
                let (b0, b1) = (total0 - a0, total1 - a1);
                let (count_a, count_b) = (a0 + a1, b0 + b1);
                if count_a < min_leaf || count_b < min_leaf {
                    continue;
                }
                let score = (a0 * a0 + a1 * a1) / count_a + (b0 * b0 + b1 * b1) / count_b;
                if score > best_score {
                    best_score = score;
                    best = Some((score, i, default_left));
                }
            }
        }
        best
    }

    fn categorical_split(
        &mut self,
        feature: usize,
        node_stats: &[f64],
        beat: f64,
    ) -> Option<Split> {
        let width = self.width;
        let min_leaf = self.limits.min_samples_leaf as f64;
        let total = self.target.count(node_stats);
        let n_entries = self.bins.len();
        // One ordering per class for multiclass; binary needs only the positive class's, and
        // regression orders by the mean (stats[1] / count).
        let keys = match self.target {
            TargetRef::Classes { n_classes, .. } if n_classes > 2 => 0..n_classes,
            _ => 1..2,
        };
        let mut best: Option<(f64, usize, usize)> = None;
        let mut best_score = beat;
        for key in keys {
            self.order_entries_by(key);
            self.left.fill(0.0);
            for cut in 0..n_entries - 1 {
                let e = self.order[cut];
                add_into(&mut self.left, &self.bin_stats[e * width..(e + 1) * width]);
                for ((right, node), left) in self.right.iter_mut().zip(node_stats).zip(&self.left) {
                    *right = node - left;
                }
                let left_count = self.target.count(&self.left);
                if left_count < min_leaf || total - left_count < min_leaf {
                    continue;
                }
                let score = self.target.proxy(&self.left) + self.target.proxy(&self.right);
                if score > best_score {
                    best_score = score;
                    best = Some((score, key, cut));
                }
            }
        }
        let (score, key, cut) = best?;
        self.order_entries_by(key);
        let mut set = [0u64; 4];
        let mut left_stats = vec![0.0; width];
        for &e in &self.order[..=cut] {
            let bin = self.bins[e];
            set[(bin >> 6) as usize] |= 1 << (bin & 63);
            add_into(&mut left_stats, &self.bin_stats[e * width..(e + 1) * width]);
        }
        let right_stats = difference(node_stats, &left_stats);
        Some(Split {
            feature,
            score,
            threshold: 0,
            default_left: false,
            category_set: Some(set),
            left_stats,
            right_stats,
        })
    }

    /// Orders the gathered bins by statistic `key` relative to their count (a class share or
    /// the mean), ties by bin, into `order`.
    fn order_entries_by(&mut self, key: usize) {
        let width = self.width;
        self.keyed.clear();
        for e in 0..self.bins.len() {
            let stats = &self.bin_stats[e * width..(e + 1) * width];
            self.keyed.push((stats[key] / self.target.count(stats), e));
        }
        self.keyed
            .sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        self.order.clear();
        self.order.extend(self.keyed.iter().map(|&(_, e)| e));
    }
}

/// Adds statistics `more` into `into`, element by element.
#[inline]
fn add_into(into: &mut [f64], more: &[f64]) {
    for (slot, value) in into.iter_mut().zip(more) {
        *slot += value;
    }
}

/// Statistics of `whole` minus `part`: the other child of a split.
fn difference(whole: &[f64], part: &[f64]) -> Vec<f64> {
    whole.iter().zip(part).map(|(w, p)| w - p).collect()
}

/// Moves the samples for which `goes_left` holds to the front; returns how many there are.
fn partition(samples: &mut [Sample], goes_left: impl Fn(&Sample) -> bool) -> usize {
    let mut next_left = 0;
    for i in 0..samples.len() {
        if goes_left(&samples[i]) {
            samples.swap(i, next_left);
            next_left += 1;
        }
    }
    next_left
}
