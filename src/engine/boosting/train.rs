//! The boosting loop: hold-out, bagging, feature sampling, one tree per score per round, and
//! early stopping.

use rand::seq::SliceRandom;
use rand::Rng;
use rayon::prelude::*;

use super::grow::Grower;
use super::histogram::Gradients;
use super::model::BoostedTrees;
use super::objective::Objective;
use super::params::{BoostingParams, CheckedBoostingParams};
use crate::base::random::{rng_for, Stream};
use crate::engine::binning::BinnedMatrix;
use crate::engine::tree::TargetRef;

/// Stream indices of the booster's randomness within [`Stream::ForestTree`]; forests use
/// indices below the number of trees, far under these.
const ROUND_INDEX: u64 = 1 << 32;
const HOLDOUT_INDEX: u64 = 1 << 33;

impl CheckedBoostingParams {
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

        // Score after score (all fit rows' score 0, then score 1...), as the gradients are, so
        // a tree's passes over its rows read and write memory in order.
        let n_fit = fit_rows.len();
        let mut fit_scores: Vec<f64> = initial
            .iter()
            .flat_map(|&score| std::iter::repeat_n(score, n_fit))
            .collect();
        let mut holdout_scores: Vec<f64> = initial.repeat(holdout_rows.len());
        // The fit rows' bins, column-major and indexed by position in `fit_rows`: trees grow on
        // positions, so gradients need no row-to-position look-up and columns are dense.
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
        let mut grower = Grower::new(
            x,
            &fit_bins,
            params,
            objective.max_leaf_step(),
            self.subtraction,
            fit_rows.len(),
        );
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
                let gradients = Gradients(&gh[c * n_fit..(c + 1) * n_fit]);
                let (tree, leaves) = grower.grow(&mut indices, &gradients, &features);
                let scores = &mut fit_scores[c * n_fit..(c + 1) * n_fit];
                for &(start, end, value) in &leaves {
                    for &position in &indices[start..end] {
                        scores[position as usize] += value;
                    }
                }
                if bag.len() < fit_rows.len() {
                    scores
                        .par_iter_mut()
                        .zip(fit_rows.par_iter().zip(in_bag.par_iter()))
                        .for_each(|(score, (&row, &bagged))| {
                            if !bagged {
                                *score += tree.predict_row(x, row as usize);
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
