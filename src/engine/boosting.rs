//! Gradient-boosted trees on binned features, in the manner of LightGBM.
//!
//! Objectives: binary log loss (one tree per round on the log-odds), multiclass softmax (one
//! tree per class per round) and squared error for regression. Each tree fits the gradients
//! and hessians of the loss at the current scores with the second-order gain
//! `G_L^2/(H_L+l2) + G_R^2/(H_R+l2) - G^2/(H+l2)`; a leaf outputs
//! `-G/(H+l2) * learning_rate`.
//!
//! **Growth policy: leaf-wise (best-first), as LightGBM.** The leaf whose best split gains the
//! most is split next, until the tree has `max_leaves` leaves, no leaf has a split with positive
//! gain, or (optionally) every splittable leaf sits at `max_depth`. A leaf must keep
//! `min_samples_leaf` rows and a hessian sum of at least 1e-3 (LightGBM's
//! `min_sum_hessian_in_leaf`).
//!
//! Histograms hold (gradient sum, hessian sum, row count) per bin per feature. The rows of a
//! leaf sit contiguously in one index array, partitioned in place (stably, so reads stay close
//! to memory order) at every split; only the smaller child's histogram is built from its rows,
//! the larger child's is its parent's minus the smaller's. Histograms are built in parallel over
//! features: each feature's histogram is summed by one thread in row order, so the result is the
//! same for any thread count.
//!
//! Missing values (bin 0 of numeric features) go to the side that gains more: the learned
//! default direction. Categorical features split into a category set: the node's categories
//! (bin 0 included, as a category of its own) are ordered by `G / (H + 10)` (LightGBM's
//! `cat_smooth`, which keeps tiny categories from taking extreme places) and the best prefix of
//! that order goes left.
//!
//! Randomness (row bagging per round, feature sampling per tree, the early-stopping hold-out)
//! comes from [`rng_for`] with the forest's tree stream at indices `1 << 32 | round` and
//! `1 << 33`, which no forest reaches, so the booster is fixed by its seed whatever the thread
//! count.

use rand::seq::SliceRandom;
use rand::Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::binning::{BinnedMatrix, MISSING_BIN};
use super::tree::{deepest_leaf, leaf_split, split_sends_left, Node, TargetRef, LEAF};
use crate::base::error::{Error, Result};
use crate::base::random::{rng_for, Stream};
use crate::base::task::TaskKind;

/// LightGBM's `min_sum_hessian_in_leaf` default.
const MIN_SUM_HESSIAN: f64 = 1e-3;
/// LightGBM's `cat_smooth` default: added to a category's hessian when ordering categories.
const CAT_SMOOTH: f64 = 10.0;
/// Stream indices of the booster's randomness within [`Stream::ForestTree`]; forests use
/// indices below the number of trees, far under these.
const ROUND_INDEX: u64 = 1 << 32;
const HOLDOUT_INDEX: u64 = 1 << 33;
/// Histogram slots per feature: every `u8` bin, so indexing by a bin needs no bounds check.
const BINS: usize = 256;
/// Below this many (row, feature) visits a histogram is built on the calling thread: spawning
/// tasks would cost more than the work.
const PARALLEL_MIN_WORK: usize = 64 * 1024;
/// Rows per task when partitioning a leaf or gathering its gradients in parallel; fixed, so the
/// work split (and anything it could touch) does not depend on the thread count.
const ROW_CHUNK: usize = 16 * 1024;

/// Gradient-boosting parameters as the user gives them; [`BoostingParams::check`] validates
/// them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoostingParams {
    /// Shrinkage applied to every leaf value.
    pub learning_rate: f64,
    /// Boosting rounds (at most; early stopping may keep fewer).
    pub n_rounds: usize,
    /// Most leaves per tree (leaf-wise growth).
    pub max_leaves: usize,
    /// Deepest level a leaf may sit at (the root is depth 0); `None` for no limit.
    pub max_depth: Option<usize>,
    /// Fewest training rows in a leaf.
    pub min_samples_leaf: usize,
    /// L2 regularisation of leaf values.
    pub l2: f64,
    /// Share of the training rows each round learns from (bagging), in (0, 1].
    pub row_subsample: f64,
    /// Share of the features each tree may split on, in (0, 1].
    pub feature_subsample: f64,
    /// Stop when the held-out loss has not improved for this many rounds; `None` disables
    /// early stopping.
    pub early_stopping_rounds: Option<usize>,
    /// Share of the training rows held out to measure the early-stopping loss, in (0, 1).
    pub early_stopping_fraction: f64,
    /// Seed of the booster's bagging, feature sampling and hold-out.
    pub seed: u64,
}

impl BoostingParams {
    /// LightGBM's defaults (`num_leaves` 31, `learning_rate` 0.1, 100 rounds,
    /// `min_data_in_leaf` 20, `lambda_l2` 0, no bagging or feature sampling), without early
    /// stopping. The defaults are the same for every task; `task` keeps the signature in line
    /// with the forest's.
    pub fn lightgbm_default(task: TaskKind) -> BoostingParams {
        let _ = task;
        BoostingParams {
            learning_rate: 0.1,
            n_rounds: 100,
            max_leaves: 31,
            max_depth: None,
            min_samples_leaf: 20,
            l2: 0.0,
            row_subsample: 1.0,
            feature_subsample: 1.0,
            early_stopping_rounds: None,
            early_stopping_fraction: 0.1,
            seed: 0,
        }
    }

    /// Validates the parameters once; the checked form is what fits.
    pub fn check(&self) -> Result<CheckedBoostingParams> {
        if !(self.learning_rate > 0.0 && self.learning_rate.is_finite()) {
            return Err(Error::input(format!(
                "learning_rate = {}: must be a positive number",
                self.learning_rate
            )));
        }
        if self.n_rounds == 0 {
            return Err(Error::input("n_rounds must be at least 1"));
        }
        if self.max_leaves < 2 {
            return Err(Error::input("max_leaves must be at least 2"));
        }
        if self.max_depth == Some(0) {
            return Err(Error::input("max_depth must be at least 1"));
        }
        if self.min_samples_leaf == 0 {
            return Err(Error::input("min_samples_leaf must be at least 1"));
        }
        if !(self.l2 >= 0.0 && self.l2.is_finite()) {
            return Err(Error::input(format!(
                "l2 = {}: must be a number of at least 0",
                self.l2
            )));
        }
        for (name, value) in [
            ("row_subsample", self.row_subsample),
            ("feature_subsample", self.feature_subsample),
        ] {
            if !(value > 0.0 && value <= 1.0) {
                return Err(Error::input(format!("{name} = {value}: must be in (0, 1]")));
            }
        }
        if let Some(rounds) = self.early_stopping_rounds {
            if rounds == 0 {
                return Err(Error::input("early_stopping_rounds must be at least 1"));
            }
            let fraction = self.early_stopping_fraction;
            if !(fraction > 0.0 && fraction < 1.0) {
                return Err(Error::input(format!(
                    "early_stopping_fraction = {fraction}: must be in (0, 1)"
                )));
            }
        }
        Ok(CheckedBoostingParams {
            params: self.clone(),
            subtraction: true,
        })
    }
}

/// Boosting parameters that passed [`BoostingParams::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedBoostingParams {
    params: BoostingParams,
    /// Larger children's histograms by subtraction; off only in tests, which check that both
    /// ways grow the same trees.
    subtraction: bool,
}

/// The loss being boosted, fixed by the target.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
enum Objective {
    /// Log loss on the log-odds of class 1.
    Binary,
    /// Softmax cross-entropy, one score per class.
    Softmax { n_classes: usize },
    /// Squared error.
    SquaredError,
}

impl Objective {
    fn of(target: TargetRef<'_>) -> Objective {
        match target {
            TargetRef::Classes { n_classes: 2, .. } => Objective::Binary,
            TargetRef::Classes { n_classes, .. } => Objective::Softmax { n_classes },
            TargetRef::Values(_) => Objective::SquaredError,
        }
    }

    /// Scores per row, which is also trees per round.
    fn n_scores(self) -> usize {
        match self {
            Objective::Softmax { n_classes } => n_classes,
            _ => 1,
        }
    }

    fn output_width(self) -> usize {
        match self {
            Objective::Binary => 2,
            Objective::Softmax { n_classes } => n_classes,
            Objective::SquaredError => 1,
        }
    }

    /// Starting scores: log-odds of the base rate, log class priors, or the mean.
    fn initial_scores(self, labels: &[f64]) -> Vec<f64> {
        let n = labels.len().max(1) as f64;
        match self {
            Objective::Binary => {
                let rate = labels.iter().sum::<f64>() / n;
                let rate = rate.clamp(1e-15, 1.0 - 1e-15);
                vec![(rate / (1.0 - rate)).ln()]
            }
            Objective::Softmax { n_classes } => {
                let mut counts = vec![0.0; n_classes];
                for &label in labels {
                    counts[label as usize] += 1.0;
                }
                counts
                    .iter()
                    .map(|count| (count / n).max(1e-15).ln())
                    .collect()
            }
            Objective::SquaredError => vec![labels.iter().sum::<f64>() / n],
        }
    }

    /// Writes gradient and hessian of every score into `gh` (same layout as `scores`).
    fn gradients(self, scores: &[f64], labels: &[f64], gh: &mut [GradPair]) {
        let k = self.n_scores();
        gh.par_chunks_mut(k * 1024)
            .zip(scores.par_chunks(k * 1024))
            .zip(labels.par_chunks(1024))
            .for_each(|((gh, scores), labels)| {
                for ((gh, scores), &label) in gh
                    .chunks_exact_mut(k)
                    .zip(scores.chunks_exact(k))
                    .zip(labels)
                {
                    match self {
                        Objective::Binary => {
                            let p = sigmoid(scores[0]);
                            gh[0] = [(p - label) as f32, (p * (1.0 - p)) as f32];
                        }
                        Objective::Softmax { n_classes } => {
                            // LightGBM's hessian factor K / (K - 1) for softmax.
                            let factor = n_classes as f64 / (n_classes as f64 - 1.0).max(1.0);
                            let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                            let total: f64 = scores.iter().map(|s| (s - max).exp()).sum();
                            for (c, (slot, s)) in gh.iter_mut().zip(scores).enumerate() {
                                let p = (s - max).exp() / total;
                                let y = if c == label as usize { 1.0 } else { 0.0 };
                                *slot = [(p - y) as f32, (factor * p * (1.0 - p)) as f32];
                            }
                        }
                        Objective::SquaredError => {
                            gh[0] = [(scores[0] - label) as f32, 1.0];
                        }
                    }
                }
            });
    }

    /// Mean loss of `scores` (row-major, `n_scores` per row) against `labels`.
    fn loss(self, scores: &[f64], labels: &[f64]) -> f64 {
        let k = self.n_scores();
        let total: f64 = scores
            .chunks_exact(k)
            .zip(labels)
            .map(|(scores, &label)| match self {
                Objective::Binary => {
                    let p = sigmoid(scores[0]).clamp(1e-15, 1.0 - 1e-15);
                    if label > 0.5 {
                        -p.ln()
                    } else {
                        -(1.0 - p).ln()
                    }
                }
                Objective::Softmax { .. } => {
                    let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    let log_total = scores.iter().map(|s| (s - max).exp()).sum::<f64>().ln();
                    log_total + max - scores[label as usize]
                }
                Objective::SquaredError => (scores[0] - label).powi(2),
            })
            .sum();
        total / labels.len().max(1) as f64
    }

    /// Turns one row's scores into its prediction (probabilities or a value).
    fn transform(self, scores: &[f64], out: &mut [f64]) {
        match self {
            Objective::Binary => {
                let p = sigmoid(scores[0]);
                out[0] = 1.0 - p;
                out[1] = p;
            }
            Objective::Softmax { .. } => {
                let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let mut total = 0.0;
                for (slot, s) in out.iter_mut().zip(scores) {
                    *slot = (s - max).exp();
                    total += *slot;
                }
                out.iter_mut().for_each(|p| *p /= total);
            }
            Objective::SquaredError => out[0] = scores[0],
        }
    }
}

fn sigmoid(score: f64) -> f64 {
    1.0 / (1.0 + (-score).exp())
}

/// Gradient and hessian of one score; `f32` halves the memory traffic of histogram building,
/// and histograms sum in `f64`.
type GradPair = [f32; 2];

/// One histogram bin.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct HistBin {
    grad: f64,
    hess: f64,
    count: u32,
}

/// Gradient, hessian and row sums of a leaf or a side of a split.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Sums {
    grad: f64,
    hess: f64,
    count: u64,
}

impl Sums {
    #[inline]
    fn add(self, bin: &HistBin) -> Sums {
        Sums {
            grad: self.grad + bin.grad,
            hess: self.hess + bin.hess,
            count: self.count + u64::from(bin.count),
        }
    }

    #[inline]
    fn plus(self, other: Sums) -> Sums {
        Sums {
            grad: self.grad + other.grad,
            hess: self.hess + other.hess,
            count: self.count + other.count,
        }
    }

    #[inline]
    fn minus(self, other: Sums) -> Sums {
        Sums {
            grad: self.grad - other.grad,
            hess: self.hess - other.hess,
            count: self.count.saturating_sub(other.count),
        }
    }
}

/// A fitted boosting tree: leaves hold one score increment each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct BoostTree {
    /// Same layout as the forest's trees; a leaf's `split` indexes `values`.
    nodes: Vec<Node>,
    values: Vec<f64>,
    category_sets: Vec<[u64; 4]>,
}

impl BoostTree {
    /// The score increment of a row given its bins for every feature.
    #[inline]
    fn predict_bins(&self, row_bins: &[u8]) -> f64 {
        self.descend(|feature| row_bins[feature])
    }

    /// The score increment of `row`, reading the column-major matrix directly (for the few
    /// rows outside a tree's bag and the early-stopping hold-out).
    #[inline]
    fn predict_row(&self, x: &BinnedMatrix, row: usize) -> f64 {
        self.descend(|feature| x.column(feature)[row])
    }

    #[inline]
    fn descend(&self, bin_of: impl Fn(usize) -> u8) -> f64 {
        self.values[leaf_split(&self.nodes, &self.category_sets, bin_of) as usize]
    }

    fn depth(&self) -> usize {
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
    objective: Objective,
    /// Starting score of each output score.
    initial: Vec<f64>,
    /// Round `r`'s tree for score `c` is `trees[r * n_scores + c]`.
    trees: Vec<BoostTree>,
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
                for (t, tree) in self.trees.iter().enumerate() {
                    let c = t % k;
                    for (i, bins) in row_bins.chunks_exact(n_features.max(1)).enumerate() {
                        scores[i * k + c] += tree.predict_bins(bins);
                    }
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

impl CheckedBoostingParams {
    /// The parameters.
    pub fn params(&self) -> &BoostingParams {
        &self.params
    }

    /// Builds every histogram directly instead of by subtraction (tests compare both).
    #[cfg(test)]
    fn without_subtraction(mut self) -> Self {
        self.subtraction = false;
        self
    }

    /// Fits a boosted model on `train_rows` of `x`. Only these rows are read (early stopping
    /// holds out a share of them), so validation and test rows never shape the model.
    pub fn fit_binned(
        &self,
        x: &BinnedMatrix,
        target: TargetRef<'_>,
        train_rows: &[u32],
    ) -> BoostedTrees {
        let params = &self.params;
        let objective = Objective::of(target);
        let k = objective.n_scores();
        let mut rows = train_rows.to_vec();
        rows.sort_unstable();
        rows.dedup();
        let label = |row: u32| match target {
            TargetRef::Classes { y, .. } => f64::from(y[row as usize]),
            TargetRef::Values(values) => values[row as usize],
        };
        let (fit_rows, holdout_rows) = match params.early_stopping_rounds {
            Some(_) => hold_out(&rows, &label, target, params),
            None => (rows, Vec::new()),
        };
        let fit_labels: Vec<f64> = fit_rows.iter().map(|&row| label(row)).collect();
        let holdout_labels: Vec<f64> = holdout_rows.iter().map(|&row| label(row)).collect();
        let initial = objective.initial_scores(&fit_labels);
        let mut model = BoostedTrees {
            objective,
            initial: initial.clone(),
            trees: Vec::new(),
        };
        if fit_rows.is_empty() {
            return model;
        }

        let mut fit_scores: Vec<f64> = initial.repeat(fit_rows.len());
        let mut holdout_scores: Vec<f64> = initial.repeat(holdout_rows.len());
        // The fit rows' bins, column-major and indexed by position in `fit_rows`: trees grow on
        // positions, so gradients need no row-to-position look-up and columns are dense.
        let n_fit = fit_rows.len();
        let mut fit_bins = vec![0u8; n_fit * x.n_features()];
        fit_bins
            .par_chunks_mut(n_fit)
            .enumerate()
            .for_each(|(feature, out)| {
                let column = x.column(feature);
                for (slot, &row) in out.iter_mut().zip(&fit_rows) {
                    *slot = column[row as usize];
                }
            });
        let mut gh = vec![[0.0f32; 2]; fit_rows.len() * k];
        let mut grower = Grower::new(x, &fit_bins, params, self.subtraction, fit_rows.len());
        let mut in_bag = vec![true; fit_rows.len()];
        let mut bag: Vec<u32> = Vec::with_capacity(fit_rows.len());
        let mut indices: Vec<u32> = Vec::with_capacity(fit_rows.len());
        let mut features = vec![true; x.n_features()];
        let mut feature_order: Vec<usize> = (0..x.n_features()).collect();
        let n_sampled_features = ((params.feature_subsample * x.n_features() as f64).round()
            as usize)
            .clamp(1, x.n_features().max(1));

        let mut best_loss = objective.loss(&holdout_scores, &holdout_labels);
        let mut best_rounds = 0;
        for round in 0..params.n_rounds {
            let mut rng = rng_for(params.seed, Stream::ForestTree, ROUND_INDEX | round as u64);
            objective.gradients(&fit_scores, &fit_labels, &mut gh);
            bag.clear();
            if params.row_subsample < 1.0 {
                for (position, slot) in in_bag.iter_mut().enumerate() {
                    *slot = rng.gen::<f64>() < params.row_subsample;
                    if *slot {
                        bag.push(position as u32);
                    }
                }
            } else {
                bag.extend(0..n_fit as u32);
            }
            for c in 0..k {
                if n_sampled_features < x.n_features() {
                    let (chosen, _) = feature_order.partial_shuffle(&mut rng, n_sampled_features);
                    features.fill(false);
                    for &feature in chosen.iter() {
                        features[feature] = true;
                    }
                }
                indices.clear();
                indices.extend_from_slice(&bag);
                let gradients = Gradients {
                    gh: &gh,
                    stride: k,
                    offset: c,
                };
                let (tree, leaves) = grower.grow(&mut indices, &gradients, &features);
                for &(start, end, value) in &leaves {
                    for &position in &indices[start..end] {
                        fit_scores[position as usize * k + c] += value;
                    }
                }
                if bag.len() < fit_rows.len() {
                    fit_scores
                        .par_chunks_mut(k)
                        .zip(fit_rows.par_iter().zip(in_bag.par_iter()))
                        .for_each(|(scores, (&row, &bagged))| {
                            if !bagged {
                                scores[c] += tree.predict_row(x, row as usize);
                            }
                        });
                }
                holdout_scores
                    .par_chunks_mut(k)
                    .zip(holdout_rows.par_iter())
                    .for_each(|(scores, &row)| scores[c] += tree.predict_row(x, row as usize));
                model.trees.push(tree);
            }
            if let Some(patience) = params.early_stopping_rounds {
                if holdout_rows.is_empty() {
                    continue;
                }
                let loss = objective.loss(&holdout_scores, &holdout_labels);
                if loss < best_loss {
                    best_loss = loss;
                    best_rounds = round + 1;
                } else if round + 1 - best_rounds >= patience {
                    break;
                }
            }
        }
        if params.early_stopping_rounds.is_some() && !holdout_rows.is_empty() {
            model.trees.truncate(best_rounds * k);
        }
        model
    }
}

/// Splits sorted training rows into rows to fit and rows to measure early stopping on (both
/// sorted), stratified by class for classification. Holding out nothing, or everything, leaves
/// all rows to fit and no early stopping.
fn hold_out(
    rows: &[u32],
    label: &impl Fn(u32) -> f64,
    target: TargetRef<'_>,
    params: &BoostingParams,
) -> (Vec<u32>, Vec<u32>) {
    let mut rng = rng_for(params.seed, Stream::ForestTree, HOLDOUT_INDEX);
    let groups: Vec<Vec<u32>> = match target {
        TargetRef::Classes { n_classes, .. } => {
            let mut groups = vec![Vec::new(); n_classes];
            for &row in rows {
                groups[label(row) as usize].push(row);
            }
            groups
        }
        TargetRef::Values(_) => vec![rows.to_vec()],
    };
    let mut fit = Vec::with_capacity(rows.len());
    let mut holdout = Vec::new();
    for mut group in groups {
        group.shuffle(&mut rng);
        let n_held = (params.early_stopping_fraction * group.len() as f64).round() as usize;
        holdout.extend_from_slice(&group[..n_held]);
        fit.extend_from_slice(&group[n_held..]);
    }
    if fit.is_empty() || holdout.is_empty() {
        return (rows.to_vec(), Vec::new());
    }
    fit.sort_unstable();
    holdout.sort_unstable();
    (fit, holdout)
}

/// The gradients a tree fits: score `offset` of every fit row, `gh[position * stride +
/// offset]` for the row at `position` in the fit rows.
struct Gradients<'a> {
    gh: &'a [GradPair],
    stride: usize,
    offset: usize,
}

impl Gradients<'_> {
    #[inline]
    fn of(&self, position: u32) -> GradPair {
        self.gh[position as usize * self.stride + self.offset]
    }
}

/// The best split of a leaf.
#[derive(Debug, Clone, Copy)]
struct SplitInfo {
    feature: usize,
    gain: f64,
    threshold: u8,
    default_left: bool,
    /// For categorical splits: the bins sent left.
    category_set: Option<[u64; 4]>,
    left: Sums,
    right: Sums,
}

impl SplitInfo {
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
struct Grower<'a> {
    x: &'a BinnedMatrix,
    /// The fit rows' bins, `bins[feature * n_fit + position]`.
    bins: &'a [u8],
    n_fit: usize,
    params: &'a BoostingParams,
    subtraction: bool,
    /// Histogram slots, `n_features * BINS` bins each; `free` lists the unused ones.
    pool: Vec<Vec<HistBin>>,
    free: Vec<usize>,
    /// A leaf's gradients in the order of its rows, so each feature's pass reads them
    /// sequentially.
    ordered: Vec<GradPair>,
    /// Right-hand rows during a stable partition.
    scratch: Vec<u32>,
    /// Left-hand counts of the chunks of a parallel partition.
    chunk_lefts: Vec<usize>,
    /// Scratch for categorical splits: (ordering key, bin).
    keyed: Vec<(f64, u8)>,
}

impl<'a> Grower<'a> {
    fn new(
        x: &'a BinnedMatrix,
        bins: &'a [u8],
        params: &'a BoostingParams,
        subtraction: bool,
        n_rows: usize,
    ) -> Self {
        Grower {
            x,
            bins,
            n_fit: n_rows,
            params,
            subtraction,
            pool: Vec::new(),
            free: Vec::new(),
            ordered: vec![[0.0; 2]; n_rows],
            scratch: vec![0; n_rows],
            chunk_lefts: Vec::new(),
            keyed: Vec::with_capacity(BINS),
        }
    }

    /// The bins of `feature`, indexed by position in the fit rows.
    #[inline]
    fn column(&self, feature: usize) -> &'a [u8] {
        &self.bins[feature * self.n_fit..(feature + 1) * self.n_fit]
    }

    fn take_slot(&mut self) -> usize {
        if let Some(slot) = self.free.pop() {
            return slot;
        }
        self.pool
            .push(vec![HistBin::default(); self.x.n_features() * BINS]);
        self.pool.len() - 1
    }

    /// Whether a leaf may still be split (before looking at its histogram).
    fn splittable(&self, leaf: &Leaf) -> bool {
        self.params.max_depth.is_none_or(|max| leaf.depth < max)
            && leaf.sums.count >= 2 * self.params.min_samples_leaf as u64
            && leaf.sums.hess >= 2.0 * MIN_SUM_HESSIAN
    }

    /// Grows one tree on the rows in `indices` (reordered so each leaf's rows are contiguous).
    /// Returns the tree and each leaf's row range and value.
    fn grow(
        &mut self,
        indices: &mut [u32],
        gradients: &Gradients<'_>,
        features: &[bool],
    ) -> (BoostTree, Vec<(usize, usize, f64)>) {
        let mut tree = BoostTree {
            nodes: vec![leaf_node(0)],
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
            tree.nodes.push(leaf_node(0));
            tree.nodes.push(leaf_node(0));
            let (split_value, categorical) = match split.category_set {
                Some(set) => {
                    tree.category_sets.push(set);
                    ((tree.category_sets.len() - 1) as u32, true)
                }
                None => (u32::from(split.threshold), false),
            };
            tree.nodes[node] = Node {
                feature: split.feature as u32,
                split: split_value,
                default_left: split.default_left,
                categorical,
                left: left_node as u32,
                right: left_node as u32 + 1,
            };
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
            let value = -leaf.sums.grad / (leaf.sums.hess + self.params.l2) * scale;
            // A leaf with no hessian (e.g. every row certain) has nothing to correct.
            let value = if value.is_finite() { value } else { 0.0 };
            tree.nodes[leaf.node] = leaf_node(tree.values.len() as u32);
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

    /// Fills histogram `slot` from `rows` for the features in use.
    fn build(&mut self, slot: usize, rows: &[u32], gradients: &Gradients<'_>, features: &[bool]) {
        let ordered = &mut self.ordered[..rows.len()];
        let gather = |(ordered, rows): (&mut [GradPair], &[u32])| {
            for (slot, &row) in ordered.iter_mut().zip(rows) {
                *slot = gradients.of(row);
            }
        };
        if rows.len() >= 4 * ROW_CHUNK {
            ordered
                .par_chunks_mut(ROW_CHUNK)
                .zip(rows.par_chunks(ROW_CHUNK))
                .for_each(gather);
        } else {
            gather((ordered, rows));
        }
        let ordered = &self.ordered[..rows.len()];
        let x = self.x;
        let bins = self.bins;
        let n_fit = self.n_fit;
        let n_features = x.n_features();
        let clear = |feature: usize, hist: &mut [HistBin]| -> Option<&'a [u8]> {
            if feature >= n_features || !features[feature] {
                return None;
            }
            hist[..x.n_bins[feature].min(BINS)].fill(HistBin::default());
            Some(&bins[feature * n_fit..(feature + 1) * n_fit])
        };
        // Two features per pass over the rows: the row and gradient reads are shared and the
        // two histograms' additions overlap. Each feature's bins still sum in row order.
        let fill = |(pair, hist): (usize, &mut [HistBin])| {
            let (first, second) = hist.split_at_mut(BINS.min(hist.len()));
            let Ok(first) = <&mut [HistBin; BINS]>::try_from(first) else {
                return;
            };
            let a = clear(2 * pair, first);
            let b = match <&mut [HistBin; BINS]>::try_from(second) {
                Ok(second) => clear(2 * pair + 1, second).map(|column| (second, column)),
                Err(_) => None,
            };
            #[inline(always)]
            fn add(bin: &mut HistBin, [grad, hess]: GradPair) {
                bin.grad += f64::from(grad);
                bin.hess += f64::from(hess);
                bin.count += 1;
            }
            let single = |hist: &mut [HistBin; BINS], column: &[u8]| {
                for (&row, &gh) in rows.iter().zip(ordered) {
                    add(&mut hist[column[row as usize] as usize], gh);
                }
            };
            match (a, b) {
                (Some(a), Some((second, b))) => {
                    for (&row, &gh) in rows.iter().zip(ordered) {
                        let row = row as usize;
                        add(&mut first[a[row] as usize], gh);
                        add(&mut second[b[row] as usize], gh);
                    }
                }
                (Some(column), None) => single(first, column),
                (None, Some((second, column))) => single(second, column),
                (None, None) => {}
            }
        };
        let hist = &mut self.pool[slot];
        if rows.len() * n_features >= PARALLEL_MIN_WORK {
            hist.par_chunks_mut(2 * BINS).enumerate().for_each(fill);
        } else {
            hist.chunks_mut(2 * BINS).enumerate().for_each(fill);
        }
    }

    /// Histogram `whole` becomes `whole - part`: the larger child's from its parent's.
    fn subtract(&mut self, whole: usize, part: usize, features: &[bool]) {
        let (whole, part) = if whole < part {
            let (low, high) = self.pool.split_at_mut(part);
            (&mut low[whole], &high[0])
        } else {
            let (low, high) = self.pool.split_at_mut(whole);
            (&mut high[0], &low[part])
        };
        for (feature, (whole, part)) in whole.chunks_mut(BINS).zip(part.chunks(BINS)).enumerate() {
            if !features[feature] {
                continue;
            }
            let n_bins = self.x.n_bins[feature].min(BINS);
            for (w, p) in whole[..n_bins].iter_mut().zip(&part[..n_bins]) {
                w.grad -= p.grad;
                w.hess -= p.hess;
                w.count -= p.count;
            }
        }
    }

    /// The best split over the features in use; ties go to the lowest feature.
    fn best_split(&mut self, slot: usize, sums: Sums, features: &[bool]) -> Option<SplitInfo> {
        let mut best: Option<SplitInfo> = None;
        let parent_score = leaf_score(sums, self.params.l2);
        for (feature, &in_use) in features.iter().enumerate() {
            if !in_use || self.x.n_bins[feature] < 2 {
                continue;
            }
            let beat = best.as_ref().map_or(0.0, |s| s.gain);
            let hist = &self.pool[slot][feature * BINS..(feature + 1) * BINS];
            let n_bins = self.x.n_bins[feature].min(BINS);
            let candidate = if self.x.categorical[feature] {
                categorical_split(
                    &mut self.keyed,
                    hist,
                    n_bins,
                    feature,
                    sums,
                    parent_score,
                    beat,
                    self.params,
                )
            } else {
                numeric_split(hist, n_bins, feature, sums, parent_score, beat, self.params)
            };
            if candidate.is_some() {
                best = candidate;
            }
        }
        best
    }

    /// Stable partition of a leaf's rows: those going left first, both sides in their old
    /// order (which keeps later passes close to memory order). Returns the left count. Large
    /// leaves are partitioned in fixed-size chunks in parallel; the result is the same.
    fn partition(&mut self, rows: &mut [u32], split: &SplitInfo) -> usize {
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

fn leaf_node(value_index: u32) -> Node {
    Node {
        feature: LEAF,
        split: value_index,
        default_left: false,
        categorical: false,
        left: 0,
        right: 0,
    }
}

/// `G^2 / (H + l2)`: the loss reduction a leaf achieves, up to constants.
#[inline]
fn leaf_score(sums: Sums, l2: f64) -> f64 {
    sums.grad * sums.grad / (sums.hess + l2)
}

/// Whether both sides keep enough rows and hessian.
#[inline]
fn admissible(left: Sums, right: Sums, params: &BoostingParams) -> bool {
    let min_count = params.min_samples_leaf as u64;
    left.count >= min_count
        && right.count >= min_count
        && left.hess >= MIN_SUM_HESSIAN
        && right.hess >= MIN_SUM_HESSIAN
}

/// The best threshold of a numeric feature that gains more than `beat`, with missing rows
/// (bin 0) tried on both sides.
fn numeric_split(
    hist: &[HistBin],
    n_bins: usize,
    feature: usize,
    sums: Sums,
    parent_score: f64,
    beat: f64,
    params: &BoostingParams,
) -> Option<SplitInfo> {
    let missing = Sums::default().add(&hist[MISSING_BIN as usize]);
    let mut best: Option<SplitInfo> = None;
    let mut best_gain = beat;
    let mut values = Sums::default();
    for (bin, entry) in hist.iter().enumerate().take(n_bins).skip(1) {
        // Empty bins add no row, so their thresholds repeat the previous one's split.
        if entry.count == 0 {
            continue;
        }
        values = values.add(entry);
        for default_left in [false, true] {
            if default_left && missing.count == 0 {
                continue;
            }
            let left = if default_left {
                values.plus(missing)
            } else {
                values
            };
            let right = sums.minus(left);
            if !admissible(left, right, params) {
                continue;
            }
            let gain = leaf_score(left, params.l2) + leaf_score(right, params.l2) - parent_score;
            if gain > best_gain {
                best_gain = gain;
                best = Some(SplitInfo {
                    feature,
                    gain,
                    threshold: bin as u8,
                    default_left,
                    category_set: None,
                    left,
                    right,
                });
            }
        }
    }
    best
}

/// The best category set of a categorical feature that gains more than `beat`: categories
/// ordered by `G / (H + cat_smooth)`, best prefix to the left.
#[allow(clippy::too_many_arguments)]
fn categorical_split(
    keyed: &mut Vec<(f64, u8)>,
    hist: &[HistBin],
    n_bins: usize,
    feature: usize,
    sums: Sums,
    parent_score: f64,
    beat: f64,
    params: &BoostingParams,
) -> Option<SplitInfo> {
    keyed.clear();
    for (bin, entry) in hist.iter().enumerate().take(n_bins) {
        if entry.count > 0 {
            keyed.push((entry.grad / (entry.hess + CAT_SMOOTH), bin as u8));
        }
    }
    if keyed.len() < 2 {
        return None;
    }
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut best: Option<(usize, f64, Sums)> = None;
    let mut best_gain = beat;
    let mut left = Sums::default();
    for (cut, &(_, bin)) in keyed[..keyed.len() - 1].iter().enumerate() {
        left = left.add(&hist[bin as usize]);
        let right = sums.minus(left);
        if !admissible(left, right, params) {
            continue;
        }
        let gain = leaf_score(left, params.l2) + leaf_score(right, params.l2) - parent_score;
        if gain > best_gain {
            best_gain = gain;
            best = Some((cut, gain, left));
        }
    }
    let (cut, gain, left) = best?;
    let mut set = [0u64; 4];
    for &(_, bin) in &keyed[..=cut] {
        set[(bin >> 6) as usize] |= 1 << (bin & 63);
    }
    Some(SplitInfo {
        feature,
        gain,
        threshold: 0,
        default_left: false,
        category_set: Some(set),
        left,
        right: sums.minus(left),
    })
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    use super::*;
    use crate::engine::binning::{BinMapper, RawColumn, MISSING_CODE};
    use crate::metrics::roc_auc;

    /// Bins `columns` with edges learned from every row.
    fn bin(columns: &[RawColumn<'_>]) -> BinnedMatrix {
        let n_rows = columns[0].len() as u32;
        let rows: Vec<u32> = (0..n_rows).collect();
        BinMapper::fit(columns, &rows).transform(columns)
    }

    fn uniform(rng: &mut Xoshiro256PlusPlus, n: usize) -> Vec<f64> {
        (0..n).map(|_| rng.gen::<f64>()).collect()
    }

    fn params() -> BoostingParams {
        BoostingParams::lightgbm_default(TaskKind::Binary)
    }

    /// Probability of class 1 of each row of a binary prediction.
    fn positive(predictions: &[f64]) -> Vec<f64> {
        predictions.chunks_exact(2).map(|p| p[1]).collect()
    }

    fn log_loss(probabilities: &[f64], y: &[u32]) -> f64 {
        let total: f64 = probabilities
            .iter()
            .zip(y)
            .map(|(&p, &label)| {
                let p = p.clamp(1e-15, 1.0 - 1e-15);
                if label == 1 {
                    -p.ln()
                } else {
                    -(1.0 - p).ln()
                }
            })
            .sum();
        total / y.len() as f64
    }

    /// A noisy linear boundary in two of four features.
    struct BinaryProblem {
        x: BinnedMatrix,
        y: Vec<u32>,
    }

    fn binary_problem(n: usize, seed: u64) -> BinaryProblem {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let columns: Vec<Vec<f64>> = (0..4).map(|_| uniform(&mut rng, n)).collect();
        let y: Vec<u32> = (0..n)
            .map(|i| {
                let signal = columns[0][i] + 0.5 * columns[1][i] - 0.75;
                u32::from(signal + 0.15 * (rng.gen::<f64>() - 0.5) > 0.0)
            })
            .collect();
        let raw: Vec<RawColumn<'_>> = columns.iter().map(|c| RawColumn::Numeric(c)).collect();
        BinaryProblem { x: bin(&raw), y }
    }

    fn classes(y: &[u32], n_classes: usize) -> TargetRef<'_> {
        TargetRef::Classes { y, n_classes }
    }

    #[test]
    fn binary_is_learned_and_training_loss_falls_with_rounds() {
        let problem = binary_problem(4000, 1);
        let train: Vec<u32> = (0..3000).collect();
        let test: Vec<u32> = (3000..4000).collect();
        let target = classes(&problem.y, 2);
        let model = params()
            .check()
            .unwrap()
            .fit_binned(&problem.x, target, &train);
        let p = positive(&model.predict(&problem.x, &test));
        let truth: Vec<bool> = test.iter().map(|&r| problem.y[r as usize] == 1).collect();
        let auc = roc_auc(&truth, &p).unwrap();
        assert!(auc > 0.97, "test ROC-AUC {auc}");
        assert_eq!(model.output_width(), 2);
        assert_eq!(model.n_rounds_used(), 100);

        let train_y: Vec<u32> = train.iter().map(|&r| problem.y[r as usize]).collect();
        let mut losses = Vec::new();
        for n_rounds in [1, 5, 20, 100] {
            let model = BoostingParams {
                n_rounds,
                ..params()
            }
            .check()
            .unwrap()
            .fit_binned(&problem.x, target, &train);
            let p = positive(&model.predict(&problem.x, &train));
            losses.push(log_loss(&p, &train_y));
        }
        let base_rate = train_y.iter().sum::<u32>() as f64 / train_y.len() as f64;
        let trivial = log_loss(&vec![base_rate; train_y.len()], &train_y);
        assert!(losses[0] < trivial, "{losses:?} vs trivial {trivial}");
        assert!(
            losses.windows(2).all(|pair| pair[1] < pair[0]),
            "training log loss falls: {losses:?}"
        );
        assert!(losses[3] < 0.25 * trivial, "{losses:?}");
    }

    #[test]
    fn binary_probabilities_are_in_class_order() {
        let problem = binary_problem(2000, 2);
        let rows: Vec<u32> = (0..2000).collect();
        let model = params()
            .check()
            .unwrap()
            .fit_binned(&problem.x, classes(&problem.y, 2), &rows);
        let predictions = model.predict(&problem.x, &rows);
        assert_eq!(predictions.len(), 2 * rows.len());
        for p in predictions.chunks_exact(2) {
            assert!((p[0] + p[1] - 1.0).abs() < 1e-12);
        }
        // Column 1 is class 1's probability: it is the larger one on class-1 rows.
        let correct = predictions
            .chunks_exact(2)
            .zip(&problem.y)
            .filter(|(p, &label)| (p[1] > p[0]) == (label == 1))
            .count();
        assert!(correct as f64 > 0.95 * rows.len() as f64, "{correct}");
    }

    #[test]
    fn regression_fits_a_known_function() {
        let n = 6000;
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        let a = uniform(&mut rng, n);
        let b = uniform(&mut rng, n);
        let noise = uniform(&mut rng, n);
        let y: Vec<f64> = (0..n)
            .map(|i| (6.0 * a[i]).sin() * 2.0 + 3.0 * b[i] + 10.0)
            .collect();
        let x = bin(&[
            RawColumn::Numeric(&a),
            RawColumn::Numeric(&b),
            RawColumn::Numeric(&noise),
        ]);
        let train: Vec<u32> = (0..5000).collect();
        let test: Vec<u32> = (5000..n as u32).collect();
        let params = BoostingParams {
            n_rounds: 300,
            ..BoostingParams::lightgbm_default(TaskKind::Regression)
        };
        let model = params
            .check()
            .unwrap()
            .fit_binned(&x, TargetRef::Values(&y), &train);
        assert_eq!(model.output_width(), 1);
        let predictions = model.predict(&x, &test);
        let mse: f64 = test
            .iter()
            .zip(&predictions)
            .map(|(&r, p)| (p - y[r as usize]).powi(2))
            .sum::<f64>()
            / test.len() as f64;
        let mean = y.iter().sum::<f64>() / n as f64;
        let variance = y.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n as f64;
        // The target's spread is about 1.6; leaves of 20 rows and 255 bins leave a small error.
        assert!(mse < 0.01 * variance, "test MSE {mse}, variance {variance}");
    }

    #[test]
    fn multiclass_separable_classes() {
        let n = 3000;
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(4);
        let a = uniform(&mut rng, n);
        let b = uniform(&mut rng, n);
        let y: Vec<u32> = a
            .iter()
            .zip(&b)
            .map(|(&a, &b)| {
                if a < 0.33 {
                    0
                } else if b < 0.5 {
                    1
                } else {
                    2
                }
            })
            .collect();
        let x = bin(&[RawColumn::Numeric(&a), RawColumn::Numeric(&b)]);
        let train: Vec<u32> = (0..2000).collect();
        let test: Vec<u32> = (2000..n as u32).collect();
        let params = BoostingParams::lightgbm_default(TaskKind::Multiclass);
        let model = params
            .check()
            .unwrap()
            .fit_binned(&x, classes(&y, 3), &train);
        assert_eq!(model.output_width(), 3);
        assert_eq!(model.n_rounds_used(), 100);
        let predictions = model.predict(&x, &test);
        let mut correct = 0;
        for (p, &row) in predictions.chunks_exact(3).zip(&test) {
            assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{p:?}");
            assert!(p.iter().all(|&q| (0.0..=1.0).contains(&q)));
            let argmax = (0..3).max_by(|&i, &j| p[i].total_cmp(&p[j])).unwrap();
            correct += usize::from(argmax as u32 == y[row as usize]);
        }
        let accuracy = correct as f64 / test.len() as f64;
        assert!(accuracy > 0.97, "accuracy {accuracy}");
    }

    /// A problem with everything a tree can meet: missing values, a categorical feature,
    /// informative and noise features.
    fn mixed_problem(n: usize, seed: u64) -> (BinnedMatrix, Vec<u32>) {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        let mut a = uniform(&mut rng, n);
        let b = uniform(&mut rng, n);
        let noise = uniform(&mut rng, n);
        let codes: Vec<u32> = (0..n)
            .map(|_| {
                let code = rng.gen_range(0..12u32);
                if code == 11 {
                    MISSING_CODE
                } else {
                    code
                }
            })
            .collect();
        let y: Vec<u32> = (0..n)
            .map(|i| {
                let category = if codes[i] % 3 == 0 { 0.4 } else { -0.2 };
                let signal = a[i] - b[i] + category + 0.5 * (rng.gen::<f64>() - 0.5);
                u32::from(signal > 0.0)
            })
            .collect();
        for value in a.iter_mut().step_by(7) {
            *value = f64::NAN;
        }
        let x = bin(&[
            RawColumn::Numeric(&a),
            RawColumn::Numeric(&b),
            RawColumn::Categorical(&codes),
            RawColumn::Numeric(&noise),
        ]);
        (x, y)
    }

    #[test]
    fn histogram_subtraction_grows_the_same_trees() {
        let (x, y) = mixed_problem(5000, 5);
        let rows: Vec<u32> = (0..5000).collect();
        for params in [
            params(),
            BoostingParams {
                row_subsample: 0.7,
                feature_subsample: 0.75,
                max_depth: Some(5),
                l2: 1.0,
                n_rounds: 40,
                ..params()
            },
        ] {
            let checked = params.check().unwrap();
            let with = checked.fit_binned(&x, classes(&y, 2), &rows);
            let without =
                checked
                    .clone()
                    .without_subtraction()
                    .fit_binned(&x, classes(&y, 2), &rows);
            assert_eq!(with.trees.len(), without.trees.len());
            for (a, b) in with.trees.iter().zip(&without.trees) {
                assert_eq!(a.nodes, b.nodes);
                assert_eq!(a.category_sets, b.category_sets);
                for (u, v) in a.values.iter().zip(&b.values) {
                    assert!((u - v).abs() <= 1e-9 * u.abs().max(1e-3), "{u} vs {v}");
                }
            }
            assert!(with.n_nodes() > 100 * 3);
        }
    }

    #[test]
    fn same_seed_gives_identical_models_on_one_or_two_threads() {
        // Enough rows that histograms are built in parallel.
        let (x, y) = mixed_problem(30_000, 6);
        let rows: Vec<u32> = (0..30_000).collect();
        let params = BoostingParams {
            row_subsample: 0.8,
            feature_subsample: 0.75,
            early_stopping_rounds: Some(10),
            n_rounds: 60,
            seed: 17,
            ..params()
        };
        let fit = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| {
                    let model = params
                        .check()
                        .unwrap()
                        .fit_binned(&x, classes(&y, 2), &rows);
                    (model.predict(&x, &rows), model)
                })
        };
        let (one, model_one) = fit(1);
        let (two, model_two) = fit(2);
        assert_eq!(one, two);
        assert_eq!(model_one, model_two);
        let other_seed = BoostingParams { seed: 18, ..params }
            .check()
            .unwrap()
            .fit_binned(&x, classes(&y, 2), &rows);
        assert_ne!(
            other_seed, model_one,
            "the seed drives bagging and sampling"
        );
    }

    #[test]
    fn early_stopping_stops_on_noise_and_reads_only_training_rows() {
        let n = 4000;
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let columns: Vec<Vec<f64>> = (0..3).map(|_| uniform(&mut rng, n)).collect();
        let y: Vec<u32> = (0..n).map(|_| rng.gen_range(0..2)).collect();
        let raw: Vec<RawColumn<'_>> = columns.iter().map(|c| RawColumn::Numeric(c)).collect();
        let x = bin(&raw);
        let train: Vec<u32> = (0..n as u32).filter(|r| r % 4 != 0).collect();
        let params = BoostingParams {
            n_rounds: 300,
            early_stopping_rounds: Some(10),
            early_stopping_fraction: 0.2,
            ..params()
        };
        let checked = params.check().unwrap();
        let model = checked.fit_binned(&x, classes(&y, 2), &train);
        assert!(
            model.n_rounds_used() < 50,
            "stopped after {} rounds",
            model.n_rounds_used()
        );
        // Rows outside `train` (the validation and test rows of a run) may hold anything: the
        // model cannot change.
        let mut y_other = y.clone();
        for row in (0..n).filter(|r| r % 4 == 0) {
            y_other[row] = 1 - y_other[row];
        }
        let again = checked.fit_binned(&x, classes(&y_other, 2), &train);
        assert_eq!(model, again);
        // Without early stopping every round is kept.
        let full = BoostingParams {
            early_stopping_rounds: None,
            ..params
        }
        .check()
        .unwrap()
        .fit_binned(&x, classes(&y, 2), &train);
        assert_eq!(full.n_rounds_used(), 300);
    }

    #[test]
    fn early_stopping_keeps_learning_on_signal() {
        let problem = binary_problem(4000, 8);
        let rows: Vec<u32> = (0..4000).collect();
        let model = BoostingParams {
            n_rounds: 60,
            early_stopping_rounds: Some(10),
            ..params()
        }
        .check()
        .unwrap()
        .fit_binned(&problem.x, classes(&problem.y, 2), &rows);
        assert!(model.n_rounds_used() >= 30, "{}", model.n_rounds_used());
    }

    #[test]
    fn categories_that_encode_the_label_are_learned_perfectly() {
        let n = 3000;
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(9);
        // Category codes whose label pattern no threshold on the code could carve out.
        let codes: Vec<u32> = (0..n).map(|_| rng.gen_range(0..20u32)).collect();
        let y: Vec<u32> = codes.iter().map(|&c| u32::from((c * 7) % 5 < 2)).collect();
        let noise = uniform(&mut rng, n);
        let x = bin(&[RawColumn::Numeric(&noise), RawColumn::Categorical(&codes)]);
        let train: Vec<u32> = (0..2000).collect();
        let test: Vec<u32> = (2000..n as u32).collect();
        let model = BoostingParams {
            n_rounds: 30,
            ..params()
        }
        .check()
        .unwrap()
        .fit_binned(&x, classes(&y, 2), &train);
        let p = positive(&model.predict(&x, &test));
        for (&row, &p) in test.iter().zip(&p) {
            assert_eq!(u32::from(p > 0.5), y[row as usize], "row {row}: p = {p}");
        }
        // One category-set split suffices: the first tree's root splits on the category.
        assert_eq!(model.trees[0].nodes[0].feature, 1);
        assert!(model.trees[0].nodes[0].categorical);
    }

    #[test]
    fn missing_values_that_carry_signal_go_the_right_way() {
        let n = 4000;
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(10);
        let mut a = uniform(&mut rng, n);
        let missing: Vec<bool> = (0..n).map(|_| rng.gen::<f64>() < 0.2).collect();
        for (value, &gone) in a.iter_mut().zip(&missing) {
            if gone {
                *value = f64::NAN;
            }
        }
        // Missing rows behave like high values in one task and like low values in the other,
        // so each direction must be learned.
        for missing_label in [1u32, 0] {
            let y: Vec<u32> = (0..n)
                .map(|i| {
                    if missing[i] {
                        missing_label
                    } else {
                        u32::from(a[i] > 0.5)
                    }
                })
                .collect();
            let x = bin(&[RawColumn::Numeric(&a)]);
            let train: Vec<u32> = (0..3000).collect();
            let model = BoostingParams {
                n_rounds: 30,
                ..params()
            }
            .check()
            .unwrap()
            .fit_binned(&x, classes(&y, 2), &train);
            let test: Vec<u32> = (3000..n as u32).collect();
            let p = positive(&model.predict(&x, &test));
            for (&row, &p) in test.iter().zip(&p) {
                let expected = y[row as usize];
                assert_eq!(
                    u32::from(p > 0.5),
                    expected,
                    "row {row} (missing {}): p = {p}",
                    missing[row as usize]
                );
            }
        }
    }

    #[test]
    fn leaves_and_depth_are_capped() {
        let problem = binary_problem(5000, 11);
        let rows: Vec<u32> = (0..5000).collect();
        let target = classes(&problem.y, 2);
        let model = BoostingParams {
            max_leaves: 8,
            n_rounds: 10,
            min_samples_leaf: 1,
            ..params()
        }
        .check()
        .unwrap()
        .fit_binned(&problem.x, target, &rows);
        for tree in &model.trees {
            let leaves = tree.nodes.iter().filter(|n| n.feature == LEAF).count();
            assert!(leaves <= 8);
            assert_eq!(tree.nodes.len(), 2 * leaves - 1);
        }
        assert_eq!(
            model.n_nodes(),
            10 * 15,
            "trees grow to the cap on this data"
        );
        let shallow = BoostingParams {
            max_depth: Some(2),
            n_rounds: 10,
            ..params()
        }
        .check()
        .unwrap()
        .fit_binned(&problem.x, target, &rows);
        assert!(shallow.trees.iter().all(|tree| tree.depth() <= 2));
        assert!(shallow.mean_depth() > 1.0);
        assert!(shallow.bytes() > 0);
    }

    #[test]
    fn leaf_wise_growth_splits_the_best_leaf_first() {
        // All signal sits on one side of the first split, so a 3-leaf tree splits that side
        // again rather than the other one, which depth-first or level-wise growth would do.
        let n = 4000;
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(12);
        let a = uniform(&mut rng, n);
        let b = uniform(&mut rng, n);
        let y: Vec<u32> = (0..n)
            .map(|i| u32::from(a[i] > 0.5 && b[i] > 0.5))
            .collect();
        let x = bin(&[RawColumn::Numeric(&a), RawColumn::Numeric(&b)]);
        let rows: Vec<u32> = (0..n as u32).collect();
        let model = BoostingParams {
            max_leaves: 3,
            n_rounds: 1,
            ..params()
        }
        .check()
        .unwrap()
        .fit_binned(&x, classes(&y, 2), &rows);
        let tree = &model.trees[0];
        let root = tree.nodes[0];
        let split_children = [root.left, root.right]
            .iter()
            .filter(|&&child| tree.nodes[child as usize].feature != LEAF)
            .count();
        assert_eq!(split_children, 1);
        assert_eq!(tree.depth(), 2);
    }

    #[test]
    fn check_rejects_bad_parameters() {
        let bad = [
            BoostingParams {
                learning_rate: 0.0,
                ..params()
            },
            BoostingParams {
                learning_rate: f64::NAN,
                ..params()
            },
            BoostingParams {
                n_rounds: 0,
                ..params()
            },
            BoostingParams {
                max_leaves: 1,
                ..params()
            },
            BoostingParams {
                max_depth: Some(0),
                ..params()
            },
            BoostingParams {
                min_samples_leaf: 0,
                ..params()
            },
            BoostingParams {
                l2: -1.0,
                ..params()
            },
            BoostingParams {
                row_subsample: 0.0,
                ..params()
            },
            BoostingParams {
                feature_subsample: 1.5,
                ..params()
            },
            BoostingParams {
                early_stopping_rounds: Some(0),
                ..params()
            },
            BoostingParams {
                early_stopping_rounds: Some(5),
                early_stopping_fraction: 1.0,
                ..params()
            },
        ];
        for params in bad {
            assert!(params.check().is_err(), "{params:?}");
        }
        assert!(params().check().is_ok());
        let json = serde_json::to_string(&params()).unwrap();
        let back: BoostingParams = serde_json::from_str(&json).unwrap();
        assert_eq!(back, params());
    }

    #[test]
    fn chunked_parallel_partition_is_the_stable_partition() {
        // Enough rows for the chunked parallel path, on one thread and on two.
        let n = 10 * ROW_CHUNK + 123;
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(14);
        let a = uniform(&mut rng, n);
        let x = bin(&[RawColumn::Numeric(&a)]);
        let bins = x.column(0).to_vec();
        let params = params();
        let split = SplitInfo {
            feature: 0,
            gain: 1.0,
            threshold: 100,
            default_left: false,
            category_set: None,
            left: Sums::default(),
            right: Sums::default(),
        };
        // A leaf's rows: every third position, shuffled a little so order matters.
        let mut rows: Vec<u32> = (0..n as u32).filter(|r| r % 3 != 0).collect();
        rows.swap(5, 70_000);
        let (expected_left, expected_right): (Vec<u32>, Vec<u32>) = rows
            .iter()
            .partition(|&&row| split.goes_left(bins[row as usize]));
        for threads in [1, 2] {
            let mut grower = Grower::new(&x, &bins, &params, true, n);
            let mut got = rows.clone();
            let n_left = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| grower.partition(&mut got, &split));
            assert_eq!(n_left, expected_left.len());
            assert_eq!(got[..n_left], expected_left[..]);
            assert_eq!(got[n_left..], expected_right[..]);
        }
    }

    #[test]
    fn no_training_rows_predicts_the_prior() {
        let problem = binary_problem(100, 13);
        let model = params()
            .check()
            .unwrap()
            .fit_binned(&problem.x, classes(&problem.y, 2), &[]);
        assert_eq!(model.n_rounds_used(), 0);
        let predictions = model.predict(&problem.x, &[0, 1]);
        assert_eq!(predictions.len(), 4);
        assert!(predictions.iter().all(|p| p.is_finite()));
    }
}
