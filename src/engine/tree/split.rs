//! Split finding: per-bin statistics of a node's rows for one feature, the best threshold or
//! category set over them, and the choice among the sampled features.

use rand::Rng;
use rand_xoshiro::Xoshiro256PlusPlus;

use super::grow::Builder;
use super::node::split_sends_left;
use super::target::{Sample, TargetRef};
pub(super) use crate::engine::binning::BINS;
use crate::engine::binning::{FEATURES_PER_PASS, MISSING_BIN};

/// A candidate split of one node.
#[derive(Debug, Clone)]
pub(super) struct Split {
    pub(super) feature: usize,
    pub(super) score: f64,
    pub(super) threshold: u8,
    pub(super) default_left: bool,
    /// For categorical splits: the bins sent left.
    pub(super) category_set: Option<[u64; 4]>,
    pub(super) left_stats: Vec<f64>,
    pub(super) right_stats: Vec<f64>,
}

impl Split {
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

/// `feature`'s bit in a set of features known to be constant in a node (only the first 64 are
/// tracked).
fn constant_bit(feature: usize) -> u64 {
    if feature < 64 {
        1u64 << feature
    } else {
        0
    }
}

/// One pass over `samples` for the first `n` features of a batch: each sample's bin of feature
/// `k` (`bin_of`) is marked in `touched[k]`, and `add` puts the sample's statistics into that
/// bin's entry of slot `k` of `dense` (the entry's index, in entries of the target's width).
fn fill(
    samples: &[Sample],
    n: usize,
    bin_of: impl Fn(usize, &Sample, usize) -> u8,
    dense: &mut [f64],
    touched: &mut [[u64; 4]; FEATURES_PER_PASS],
    add: impl Fn(&mut [f64], usize, &Sample),
) {
    macro_rules! pass {
        ($n:literal) => {
            for (i, sample) in samples.iter().enumerate() {
                for k in 0..$n {
                    let bin = bin_of(i, sample, k);
                    touched[k][(bin >> 6) as usize] |= 1 << (bin & 63);
                    add(dense, k * BINS + bin as usize, sample);
                }
            }
        };
    }
    match n {
        4 => pass!(4),
        3 => pass!(3),
        2 => pass!(2),
        1 => pass!(1),
        _ => {}
    }
}

impl Builder<'_> {
    /// Visits features in random order until `max_features` non-constant ones were scored
    /// (scikit-learn's rule: constant features do not use up the budget). The features that
    /// may still be scored are drawn a batch at a time and their bins gathered in one pass over
    /// the samples, then scored in the order drawn: the same draws, statistics and choice as
    /// one feature at a time.
    pub(super) fn best_split(
        &mut self,
        samples: &[Sample],
        sample_bins: Option<&[u8]>,
        node_stats: &[f64],
        mut known_constant: u64,
        rng: &mut Xoshiro256PlusPlus,
    ) -> (Option<Split>, u64) {
        let n_features = self.feature_order.len();
        let mut best: Option<Split> = None;
        let mut scored = 0;
        let mut j = 0;
        while scored < self.limits.max_features && j < n_features {
            // Each feature drawn scores at most once, so the next `wanted` are all drawn as one
            // at a time would draw them.
            let wanted = (self.limits.max_features - scored).min(FEATURES_PER_PASS);
            let mut batch = [0usize; FEATURES_PER_PASS];
            let mut drawn = 0;
            while drawn < wanted && j < n_features {
                let pick = rng.gen_range(j..n_features);
                self.feature_order.swap(j, pick);
                let feature = self.feature_order[j];
                j += 1;
                if known_constant & constant_bit(feature) == 0 {
                    batch[drawn] = feature;
                    drawn += 1;
                }
            }
            let touched = self.accumulate(samples, sample_bins, &batch[..drawn]);
            for (slot, (&feature, touched)) in batch[..drawn].iter().zip(touched).enumerate() {
                if !self.gather(slot, touched) {
                    known_constant |= constant_bit(feature);
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
        }
        (best, known_constant)
    }

    /// Fills `bins` / `bin_stats` with the node's non-empty bins of the feature in batch slot
    /// `slot` of `dense`, ascending, and clears them there. Returns false when the feature
    /// takes a single bin in this node (nothing to split). Only the bins touched are read back
    /// and cleared, so small nodes do not pay for all 256 bins.
    fn gather(&mut self, slot: usize, touched: [u64; 4]) -> bool {
        let width = self.width;
        let dense = &mut self.dense[slot * BINS * width..(slot + 1) * BINS * width];
        self.bins.clear();
        self.bin_stats.clear();
        for (word_index, mut word) in touched.into_iter().enumerate() {
            while word != 0 {
                let bin = word_index * 64 + word.trailing_zeros() as usize;
                word &= word - 1;
                self.bins.push(bin as u8);
                // Element by element: these slices hold two or three numbers, and a memcpy or
                // memset call per bin costs more than the copy itself.
                for entry in &mut dense[bin * width..(bin + 1) * width] {
                    self.bin_stats.push(*entry);
                    *entry = 0.0;
                }
            }
        }
        self.bins.len() > 1
    }

    /// Adds each sample's statistics to its bin of each feature of `features`, feature `k` in
    /// slot `k` of `dense`, reading the samples' bins row by row where the node keeps them
    /// (`sample_bins`), else from the columns; returns each slot's bins touched, as bit sets.
    fn accumulate(
        &mut self,
        samples: &[Sample],
        sample_bins: Option<&[u8]>,
        features: &[usize],
    ) -> [[u64; 4]; FEATURES_PER_PASS] {
        let mut touched = [[0u64; 4]; FEATURES_PER_PASS];
        let n_features = self.x.n_features();
        let columns: [&[u8]; FEATURES_PER_PASS] =
            std::array::from_fn(|k| features.get(k).map_or(&[][..], |&f| self.x.column(f)));
        let (width, target) = (self.width, self.target);
        let dense = &mut self.dense;
        // One sample's bin of the feature in slot `k`.
        let bin_of = |i: usize, sample: &Sample, k: usize| -> u8 {
            match sample_bins {
                Some(sample_bins) => sample_bins[i * n_features + features[k]],
                None => columns[k][sample.row as usize],
            }
        };
        // The target's kind is settled once, not for every sample and feature.
        match target {
            TargetRef::Classes { .. } => {
                fill(
                    samples,
                    features.len(),
                    bin_of,
                    dense,
                    &mut touched,
                    |dense, at, sample| {
                        dense[at * width + sample.target as usize] += f64::from(sample.weight);
                    },
                );
            }
            TargetRef::Values(_) => {
                fill(
                    samples,
                    features.len(),
                    bin_of,
                    dense,
                    &mut touched,
                    |dense, at, sample| {
                        let slot = &mut dense[at * 3..at * 3 + 3];
                        let weight = f64::from(sample.weight);
                        let weighted = weight * sample.target;
                        slot[0] += weight;
                        slot[1] += weighted;
                        slot[2] += weighted * sample.target;
                    },
                );
            }
        }
        touched
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
        let mut left_stats = self.entry_stats(first_value..=i);
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
        for &e in &self.order[..=cut] {
            let bin = self.bins[e];
            set[(bin >> 6) as usize] |= 1 << (bin & 63);
        }
        let left_stats = self.entry_stats(self.order[..=cut].iter().copied());
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

    /// Sums the statistics of gathered `entries`, in their order: the left side of a chosen
    /// split, which the scans only kept as an index.
    fn entry_stats(&self, entries: impl IntoIterator<Item = usize>) -> Vec<f64> {
        let width = self.width;
        let mut stats = vec![0.0; width];
        for e in entries {
            add_into(&mut stats, &self.bin_stats[e * width..(e + 1) * width]);
        }
        stats
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
