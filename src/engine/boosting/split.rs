//! Split search: the best threshold or category set of a leaf over the features in use.

use super::grow::Grower;
use super::histogram::{HistBin, Sums, BINS, HIST_STRIDE};
use super::params::BoostingParams;
use crate::engine::binning::MISSING_BIN;
use crate::engine::tree::split_sends_left;

/// LightGBM's `min_sum_hessian_in_leaf` default.
pub(super) const MIN_SUM_HESSIAN: f64 = 1e-3;
/// LightGBM's `cat_smooth` default: added to a category's hessian when ordering categories.
const CAT_SMOOTH: f64 = 10.0;

/// The best split of a leaf.
#[derive(Debug, Clone, Copy)]
pub(super) struct SplitInfo {
    pub(super) feature: usize,
    pub(super) gain: f64,
    pub(super) threshold: u8,
    pub(super) default_left: bool,
    /// For categorical splits: the bins sent left.
    pub(super) category_set: Option<[u64; 4]>,
    pub(super) left: Sums,
    pub(super) right: Sums,
}

impl SplitInfo {
    #[inline]
    pub(super) fn goes_left(&self, bin: u8) -> bool {
        split_sends_left(
            bin,
            self.threshold,
            self.default_left,
            self.category_set.as_ref(),
        )
    }
}

impl Grower<'_> {
    /// The best split over the features in use; ties go to the lowest feature.
    pub(super) fn best_split(
        &mut self,
        slot: usize,
        sums: Sums,
        features: &[bool],
    ) -> Option<SplitInfo> {
        let mut best: Option<SplitInfo> = None;
        let parent_score = leaf_score(sums, self.params.l2);
        for (feature, &in_use) in features.iter().enumerate() {
            if !in_use || self.x.n_bins[feature] < 2 {
                continue;
            }
            let beat = best.as_ref().map_or(0.0, |s| s.gain);
            let hist = &self.pool[slot][feature * HIST_STRIDE..(feature + 1) * HIST_STRIDE];
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

/// The gain of a split into `left` and `right`, or `None` when a side may not be a leaf. Both
/// scans call it once per candidate, so it must inline to stay as fast as the written-out form.
#[inline]
fn split_gain(left: Sums, right: Sums, parent_score: f64, params: &BoostingParams) -> Option<f64> {
    if !admissible(left, right, params) {
        return None;
    }
    Some(leaf_score(left, params.l2) + leaf_score(right, params.l2) - parent_score)
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
            let Some(gain) = split_gain(left, right, parent_score, params) else {
                continue;
            };
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
        let Some(gain) = split_gain(left, right, parent_score, params) else {
            continue;
        };
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
