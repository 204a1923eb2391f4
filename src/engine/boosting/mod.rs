//! Gradient-boosted trees on binned features, in the manner of LightGBM.
//!
//! Objectives: binary log loss (one tree per round on the log-odds), multiclass softmax (one
//! tree per class per round) and squared error for regression. Each tree fits the gradients
//! and hessians of the loss at the current scores with the second-order gain
//! `G_L^2/(H_L+l2) + G_R^2/(H_R+l2) - G^2/(H+l2)`; a leaf outputs
//! `-G/(H+l2) * learning_rate`, the step `-G/(H+l2)` held within 10 log-odds units for the log
//! losses (LightGBM's `max_delta_step` of 10; without it softmax can diverge).
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
//! same for any thread count. A feature's commonest bin, where it holds at least half of the fit
//! rows, is left out of that pass and filled with what the leaf's totals leave over: summing row
//! after row into one bin makes each addition wait for the last. Its rows go to a few spare bins
//! in turn, which are thrown away, so the pass does not branch on them. Scores and gradients are
//! stored score after score (all rows of class 0, then class 1), so a multiclass tree reads its
//! class's gradients in order.
//!
//! Missing values (bin 0 of numeric features) go to the side that gains more: the learned
//! default direction. Categorical features split into a category set: the node's categories
//! (bin 0 included, as a category of its own) are ordered by `G / (H + 10)` (LightGBM's
//! `cat_smooth`, which keeps tiny categories from taking extreme places) and the best prefix of
//! that order goes left.
//!
//! Randomness (row bagging per round, feature sampling per tree, the early-stopping hold-out)
//! comes from [`rng_for`](crate::base::random::rng_for) with the forest's tree stream at indices
//! `1 << 32 | round` and `1 << 33`, which no forest reaches, so the booster is fixed by its seed
//! whatever the thread count.

mod grow;
mod histogram;
mod model;
mod objective;
mod params;
mod split;
mod train;

#[cfg(test)]
mod tests;

pub use model::BoostedTrees;
pub use params::{BoostingParams, CheckedBoostingParams};
