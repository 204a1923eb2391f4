//! The depth-first grower: takes nodes off a stack, splits them or makes them leaves.

use rand_xoshiro::Xoshiro256PlusPlus;

use super::model::Grown;
use super::node::Node;
use super::split::BINS;
use super::target::{Sample, TargetRef};
use crate::engine::binning::{BinnedMatrix, FEATURES_PER_PASS};

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

pub(super) struct Builder<'a> {
    pub(super) x: &'a BinnedMatrix,
    pub(super) target: TargetRef<'a>,
    pub(super) limits: &'a TreeLimits,
    pub(super) width: usize,
    pub(super) tree: Grown,
    /// Dense per-bin statistics of up to [`FEATURES_PER_PASS`] features, `256 * width` each;
    /// all zero between uses.
    pub(super) dense: Vec<f64>,
    /// Non-empty bins of the current feature, ascending, and their statistics.
    pub(super) bins: Vec<u8>,
    pub(super) bin_stats: Vec<f64>,
    /// Statistics of the rows whose value is missing (numeric features).
    pub(super) missing: Vec<f64>,
    /// Scratch for categorical splits: (key, entry) pairs.
    pub(super) keyed: Vec<(f64, usize)>,
    pub(super) feature_order: Vec<usize>,
    /// Scratch for categorical splits.
    pub(super) order: Vec<usize>,
    pub(super) left: Vec<f64>,
    pub(super) right: Vec<f64>,
    pub(super) candidate: Vec<f64>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(x: &'a BinnedMatrix, target: TargetRef<'a>, limits: &'a TreeLimits) -> Self {
        let width = target.stat_width();
        Builder {
            x,
            target,
            limits,
            width,
            tree: Grown {
                nodes: Vec::new(),
                leaf_values: Vec::new(),
                category_sets: Vec::new(),
                output_width: target.output_width(),
            },
            dense: vec![0.0; FEATURES_PER_PASS * BINS * width],
            bins: Vec::with_capacity(BINS),
            bin_stats: Vec::with_capacity(BINS * width),
            missing: vec![0.0; width],
            keyed: Vec::with_capacity(BINS),
            feature_order: (0..x.n_features()).collect(),
            order: Vec::with_capacity(BINS),
            left: vec![0.0; width],
            right: vec![0.0; width],
            candidate: vec![0.0; width],
        }
    }

    fn new_node(&mut self) -> usize {
        self.tree.nodes.push(Node::leaf(0));
        self.tree.nodes.len() - 1
    }

    fn make_leaf(&mut self, id: usize, stats: &[f64]) {
        let offset = self.tree.leaf_values.len() as u32;
        self.target.leaf_value(stats, &mut self.tree.leaf_values);
        self.tree.nodes[id] = Node::leaf(offset);
    }

    pub(super) fn grow(&mut self, samples: &mut [Sample], rng: &mut Xoshiro256PlusPlus) {
        self.grow_within(samples, rng, sample_bins_budget(self.x));
    }

    /// [`Builder::grow`] keeping at most `budget` bytes of the samples' bins row by row.
    pub(super) fn grow_within(
        &mut self,
        samples: &mut [Sample],
        rng: &mut Xoshiro256PlusPlus,
        budget: usize,
    ) {
        // Each sample's bins, row by row, moved with the samples as nodes split: a node's bins
        // then lie together, in the cache its parent's partition just filled, where reading
        // them from the columns would be a cache miss per sample and feature once the columns
        // outgrow the caches. Within a budget; past it, the columns.
        let n_features = self.x.n_features();
        let mut node_bins = (samples.len() * n_features <= budget).then(|| {
            let rows: Vec<u32> = samples.iter().map(|sample| sample.row).collect();
            self.x.row_major(&rows)
        });
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
            let bins = node_bins
                .as_deref_mut()
                .map(|bins| &mut bins[node.start * n_features..node.end * n_features]);
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
            let (best, known_constant) = self.best_split(
                node_samples,
                bins.as_deref(),
                &node.stats,
                node.known_constant,
                rng,
            );
            let Some(split) = best else {
                self.make_leaf(node.id, &node.stats);
                continue;
            };
            let n_left = partition(
                node_samples,
                bins,
                n_features,
                split.feature,
                self.x.column(split.feature),
                |bin| split.goes_left(bin),
            );
            // The node layout keeps only the left child: the right one must be the next node.
            let left = self.new_node();
            let right = self.new_node();
            debug_assert_eq!(right, left + 1);
            let (split_value, categorical) = match split.category_set {
                Some(set) => {
                    self.tree.category_sets.push(set);
                    ((self.tree.category_sets.len() - 1) as u32, true)
                }
                None => (u32::from(split.threshold), false),
            };
            self.tree.nodes[node.id] = Node::branch(
                split.feature,
                split_value,
                split.default_left,
                categorical,
                left as u32,
            );
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
}

/// The most bytes one tree's grower keeps of its samples' bins row by row ([`Builder::grow`]):
/// trees grow in parallel, one per thread, so together they hold at most twice the binned matrix
/// (half the data's size as `f32`), or 4 MiB each on small data.
fn sample_bins_budget(x: &BinnedMatrix) -> usize {
    (2 * x.bytes() / rayon::current_num_threads().max(1)).max(4 << 20)
}

/// Moves the samples whose bin of `feature` `goes_left` to the front, with their rows of `bins`
/// where the node keeps them (`n_features` per sample), else reading `column`; returns how many
/// there are.
fn partition(
    samples: &mut [Sample],
    bins: Option<&mut [u8]>,
    n_features: usize,
    feature: usize,
    column: &[u8],
    goes_left: impl Fn(u8) -> bool,
) -> usize {
    let mut next_left = 0;
    match bins {
        Some(bins) => {
            for i in 0..samples.len() {
                if goes_left(bins[i * n_features + feature]) {
                    if i != next_left {
                        samples.swap(i, next_left);
                        let (front, back) = bins.split_at_mut(i * n_features);
                        front[next_left * n_features..(next_left + 1) * n_features]
                            .swap_with_slice(&mut back[..n_features]);
                    }
                    next_left += 1;
                }
            }
        }
        None => {
            for i in 0..samples.len() {
                if goes_left(column[samples[i].row as usize]) {
                    samples.swap(i, next_left);
                    next_left += 1;
                }
            }
        }
    }
    next_left
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    use super::{Builder, TreeLimits};
    use crate::engine::binning::{BinMapper, RawColumn};
    use crate::engine::tree::TargetRef;

    /// A tree grows the same whether its nodes read the samples' bins row by row or from the
    /// columns (past the memory budget): the same nodes, leaf values and category sets, for two
    /// classes, three and a numeric target, with missing values, categories and constant columns.
    #[test]
    fn the_samples_bins_row_by_row_grow_the_tree_the_columns_grow() {
        let n = 3000;
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
        let numeric: Vec<f64> = (0..n)
            .map(|_| {
                if rng.gen::<f64>() < 0.1 {
                    f64::NAN
                } else {
                    rng.gen()
                }
            })
            .collect();
        let coarse: Vec<f64> = (0..n).map(|_| f64::from(rng.gen_range(0..7u8))).collect();
        let constant = vec![1.0; n];
        let codes: Vec<u32> = (0..n).map(|_| rng.gen_range(0..12)).collect();
        let columns = [
            RawColumn::Numeric(&numeric),
            RawColumn::Numeric(&coarse),
            RawColumn::Numeric(&constant),
            RawColumn::Categorical(&codes),
        ];
        let rows: Vec<u32> = (0..n as u32).collect();
        let x = BinMapper::fit(&columns, &rows).transform(&columns);
        let signal = |i: usize| {
            let value = if numeric[i].is_nan() { 0.3 } else { numeric[i] };
            value + coarse[i] / 7.0 + f64::from(codes[i] % 3) / 3.0 + rng_noise(i)
        };
        let two: Vec<u32> = (0..n).map(|i| u32::from(signal(i) > 1.2)).collect();
        let three: Vec<u32> = (0..n).map(|i| (signal(i) * 1.3) as u32 % 3).collect();
        let values: Vec<f64> = (0..n).map(signal).collect();
        let targets = [
            TargetRef::Classes {
                y: &two,
                n_classes: 2,
            },
            TargetRef::Classes {
                y: &three,
                n_classes: 3,
            },
            TargetRef::Values(&values),
        ];
        let limits = TreeLimits {
            max_depth: None,
            min_samples_leaf: 1,
            max_features: 2,
        };
        for target in targets {
            let grown = |budget: usize| {
                // Bootstrap-like weights, so samples are not all of weight 1.
                let mut weights = Xoshiro256PlusPlus::seed_from_u64(9);
                let mut samples: Vec<_> = rows
                    .iter()
                    .map(|&row| target.sample(row, weights.gen_range(1..4) as f32))
                    .collect();
                let mut builder = Builder::new(&x, target, &limits);
                builder.grow_within(
                    &mut samples,
                    &mut Xoshiro256PlusPlus::seed_from_u64(11),
                    budget,
                );
                builder.tree
            };
            let (by_rows, by_columns) = (grown(usize::MAX), grown(0));
            assert!(by_rows.nodes.len() > 100, "{} nodes", by_rows.nodes.len());
            assert_eq!(by_rows.nodes, by_columns.nodes);
            assert_eq!(by_rows.leaf_values, by_columns.leaf_values);
            assert_eq!(by_rows.category_sets, by_columns.category_sets);
            assert!(!by_rows.category_sets.is_empty());
        }
    }

    /// Noise fixed by the row, so the target does not depend on the order rows are drawn in.
    fn rng_noise(i: usize) -> f64 {
        Xoshiro256PlusPlus::seed_from_u64(i as u64).gen::<f64>() * 0.5
    }
}
