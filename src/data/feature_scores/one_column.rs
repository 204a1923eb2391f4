//! The one-column model a feature is scored with: its leaves (a category each, or runs of
//! adjacent bins of a numeric column), fitted on the train rows' bins and read on others.

use crate::engine::binning::MISSING_BIN;
use crate::engine::tree::TargetRef;

/// A one-column model: the prediction of each bin (class probabilities, `n_classes` per bin,
/// or the mean value).
pub(super) struct BinModel {
    pub(super) per_bin: Vec<f64>,
    pub(super) width: usize,
}

/// The smallest numbers of train rows a leaf of adjacent bins may hold that [`leaves_of`] weighs
/// for a numeric column; 1 is a leaf per bin.
const LEAF_SIZES: [f64; 9] = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0];

/// The one-column model on the train rows: a leaf of adjacent bins per group [`leaves_of`]
/// makes (a categorical column, whose bins have no order, keeps a leaf per bin). A class leaf
/// with few train rows is pulled toward the overall rates (one pseudo-row of them), so a leaf
/// seen once does not claim certainty; a regression leaf predicts its mean, with no pull toward
/// the overall mean, which would shrink a column that is the target itself.
pub(super) fn fit(
    bins: &[u8],
    n_bins: usize,
    categorical: bool,
    target: &TargetRef<'_>,
    train: &[u32],
) -> BinModel {
    let stats = BinStats::of(bins, n_bins, target, train);
    let leaf_of = if categorical {
        (0..n_bins).collect()
    } else {
        leaves_of(&stats)
    };
    let leaves = stats.merged(&leaf_of);
    let (width, overall) = (stats.width, stats.overall_means());
    let classes = matches!(target, TargetRef::Classes { .. });
    let mut per_bin = vec![0.0; n_bins * width];
    for (bin, &leaf) in leaf_of.iter().enumerate() {
        let rows = leaves.counts[leaf];
        for d in 0..width {
            let sum = leaves.sums[leaf * width + d];
            per_bin[bin * width + d] = if classes {
                (sum + overall[d]) / (rows + 1.0)
            } else if rows > 0.0 {
                sum / rows
            } else {
                overall[d]
            };
        }
    }
    BinModel { per_bin, width }
}

/// Train-row statistics per bin (or per leaf): the rows, and per output (a class's indicator,
/// or the value) their sum and sum of squares.
struct BinStats {
    width: usize,
    counts: Vec<f64>,
    sums: Vec<f64>,
    squares: Vec<f64>,
}

impl BinStats {
    fn of(bins: &[u8], n_bins: usize, target: &TargetRef<'_>, train: &[u32]) -> BinStats {
        let width = match target {
            TargetRef::Classes { n_classes, .. } => *n_classes,
            TargetRef::Values(_) => 1,
        };
        let mut stats = BinStats {
            width,
            counts: vec![0.0; n_bins],
            sums: vec![0.0; n_bins * width],
            squares: vec![0.0; n_bins * width],
        };
        for &row in train {
            let bin = bins[row as usize] as usize;
            stats.counts[bin] += 1.0;
            let (at, value) = match target {
                TargetRef::Classes { y, .. } => (bin * width + y[row as usize] as usize, 1.0),
                TargetRef::Values(values) => (bin, values[row as usize]),
            };
            stats.sums[at] += value;
            stats.squares[at] += value * value;
        }
        stats
    }

    /// Each output's mean over every train row (a class's rate, or the mean value); 0 without
    /// rows.
    fn overall_means(&self) -> Vec<f64> {
        let rows = self.counts.iter().sum::<f64>().max(1.0);
        (0..self.width)
            .map(|d| self.sums.iter().skip(d).step_by(self.width).sum::<f64>() / rows)
            .collect()
    }

    /// The statistics of the leaves `leaf_of` puts the bins in (numbered from 0, in order).
    fn merged(&self, leaf_of: &[usize]) -> BinStats {
        let n_leaves = leaf_of.iter().max().map_or(0, |&last| last + 1);
        let width = self.width;
        let mut leaves = BinStats {
            width,
            counts: vec![0.0; n_leaves],
            sums: vec![0.0; n_leaves * width],
            squares: vec![0.0; n_leaves * width],
        };
        for (bin, &leaf) in leaf_of.iter().enumerate() {
            leaves.counts[leaf] += self.counts[bin];
            for d in 0..width {
                leaves.sums[leaf * width + d] += self.sums[bin * width + d];
                leaves.squares[leaf * width + d] += self.squares[bin * width + d];
            }
        }
        leaves
    }

    /// The squared error of predicting each train row by the mean of the other rows of its leaf
    /// (leave-one-out; a row alone in its leaf, by the overall mean `overall`), summed over the
    /// outputs: for a leaf of `c` rows it is `(c / (c - 1))^2` times the leaf's sum of squares
    /// about its mean.
    fn leave_one_out_error(&self, overall: &[f64]) -> f64 {
        let width = self.width;
        (0..self.counts.len())
            .map(|leaf| {
                let c = self.counts[leaf];
                (0..width)
                    .map(|d| {
                        let (sum, square) =
                            (self.sums[leaf * width + d], self.squares[leaf * width + d]);
                        if c >= 2.0 {
                            (c / (c - 1.0)).powi(2) * (square - sum * sum / c).max(0.0)
                        } else {
                            square - 2.0 * sum * overall[d] + c * overall[d] * overall[d]
                        }
                    })
                    .sum::<f64>()
            })
            .sum()
    }
}

/// Leaves of adjacent bins for a numeric column, as a leaf index per bin: the missing bin alone,
/// then runs of bins holding at least `m` train rows each (a short last run joins the one before
/// it), with `m` from [`LEAF_SIZES`] chosen by the leave-one-out error on the train rows (the
/// smallest on a tie). A leaf per bin would read noise on small data: on scikit-learn's 442
/// diabetes patients, with a bin or two of train rows per value, `bmi` scored an R² of -0.14
/// alone, below `s6` and `s4`, whose values repeat; alone it explains about a third of the
/// target's variance.
fn leaves_of(stats: &BinStats) -> Vec<usize> {
    let n_bins = stats.counts.len();
    let rows: f64 = stats.counts.iter().sum();
    let overall = stats.overall_means();
    let runs = |least: f64| -> Vec<usize> {
        let mut leaf_of = vec![0; n_bins];
        let (mut leaf, mut held) = (1, 0.0);
        let first = MISSING_BIN as usize + 1;
        for (bin, slot) in leaf_of.iter_mut().enumerate().skip(first) {
            *slot = leaf;
            held += stats.counts[bin];
            if held >= least && bin + 1 < n_bins {
                leaf += 1;
                held = 0.0;
            }
        }
        // The last run, short of `least` rows, joins the run before it.
        if held < least && leaf > 1 {
            for l in leaf_of.iter_mut().filter(|l| **l == leaf) {
                *l = leaf - 1;
            }
        }
        leaf_of
    };
    let mut best: Option<(f64, Vec<usize>)> = None;
    for least in LEAF_SIZES
        .into_iter()
        .filter(|&m| m == 1.0 || 2.0 * m <= rows)
    {
        let leaf_of = runs(least);
        let error = stats.merged(&leaf_of).leave_one_out_error(&overall);
        if best.as_ref().is_none_or(|(lowest, _)| error < *lowest) {
            best = Some((error, leaf_of));
        }
    }
    best.map_or_else(|| (0..n_bins).collect(), |(_, leaf_of)| leaf_of)
}

/// ROC-AUC or R² of `model` on `rows`, each counted `weights[i]` times (once without weights).
pub(super) fn evaluate(
    model: &BinModel,
    bins: &[u8],
    target: &TargetRef<'_>,
    rows: &[u32],
    weights: Option<&[u32]>,
) -> Option<f64> {
    let n_bins = model.per_bin.len() / model.width;
    let weight = |i: usize| weights.map_or(1.0, |w| f64::from(w[i]));
    match target {
        TargetRef::Classes { y, n_classes } => {
            let k = *n_classes;
            let mut cells = vec![0.0; n_bins * k];
            for (i, &row) in rows.iter().enumerate() {
                let (bin, class) = (bins[row as usize] as usize, y[row as usize] as usize);
                cells[bin * k + class] += weight(i);
            }
            // Binary: class 1 against class 0 is the same AUC as the reverse.
            let classes: Vec<usize> = if k == 2 { vec![1] } else { (0..k).collect() };
            let aucs: Vec<f64> = classes
                .into_iter()
                .filter_map(|class| {
                    let groups: Vec<(f64, f64, f64)> = (0..n_bins)
                        .map(|bin| {
                            let cell = &cells[bin * k..(bin + 1) * k];
                            let positives = cell[class];
                            let negatives = cell.iter().sum::<f64>() - positives;
                            (model.per_bin[bin * k + class], positives, negatives)
                        })
                        .collect();
                    grouped_auc(groups)
                })
                .collect();
            (!aucs.is_empty()).then(|| aucs.iter().sum::<f64>() / aucs.len() as f64)
        }
        TargetRef::Values(values) => {
            let (mut w, mut sy, mut syy, mut sse) = (0.0, 0.0, 0.0, 0.0);
            for (i, &row) in rows.iter().enumerate() {
                let (weight, value) = (weight(i), values[row as usize]);
                let error = value - model.per_bin[bins[row as usize] as usize];
                w += weight;
                sy += weight * value;
                syy += weight * value * value;
                sse += weight * error * error;
            }
            let total = syy - sy * sy / w;
            (w > 1.0 && total > 1e-12 * syy.abs().max(1.0)).then(|| 1.0 - sse / total)
        }
    }
}

/// ROC-AUC from `(score, positives, negatives)` groups: ties within a score count half, as
/// `metrics::roc_auc` counts them row by row. `None` without a positive or a negative.
pub(super) fn grouped_auc(mut groups: Vec<(f64, f64, f64)>) -> Option<f64> {
    groups.sort_by(|a, b| b.0.total_cmp(&a.0));
    let positives: f64 = groups.iter().map(|g| g.1).sum();
    let negatives: f64 = groups.iter().map(|g| g.2).sum();
    if positives <= 0.0 || negatives <= 0.0 {
        return None;
    }
    let (mut wins, mut above, mut i) = (0.0, 0.0, 0);
    while i < groups.len() {
        let (mut tied_positives, mut tied_negatives) = (0.0, 0.0);
        let score = groups[i].0;
        while i < groups.len() && groups[i].0 == score {
            tied_positives += groups[i].1;
            tied_negatives += groups[i].2;
            i += 1;
        }
        wins += tied_negatives * (above + tied_positives / 2.0);
        above += tied_positives;
    }
    Some(wins / (positives * negatives))
}
