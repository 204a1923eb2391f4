//! The depth-first grower: takes nodes off a stack, splits them or makes them leaves.

use rand_xoshiro::Xoshiro256PlusPlus;

use super::model::Grown;
use super::node::Node;
use super::target::{Sample, TargetRef};
use crate::engine::binning::BinnedMatrix;

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
    /// Dense per-bin statistics, `256 * width`; all zero between uses.
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
        self.tree.nodes.push(Node::leaf(0));
        self.tree.nodes.len() - 1
    }

    fn make_leaf(&mut self, id: usize, stats: &[f64]) {
        let offset = self.tree.leaf_values.len() as u32;
        self.target.leaf_value(stats, &mut self.tree.leaf_values);
        self.tree.nodes[id] = Node::leaf(offset);
    }

    pub(super) fn grow(&mut self, samples: &mut [Sample], rng: &mut Xoshiro256PlusPlus) {
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
