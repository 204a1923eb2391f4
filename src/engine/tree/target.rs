//! What a tree learns: the target, the samples carrying it, and the per-node statistics
//! (class counts, or count, sum and sum of squares) that splits and leaves are made of.

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
    pub(super) fn stat_width(&self) -> usize {
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
    pub(super) fn accumulate(&self, stats: &mut [f64], sample: &Sample) {
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
    pub(super) fn count(&self, stats: &[f64]) -> f64 {
        match self {
            TargetRef::Classes { .. } => stats.iter().sum(),
            TargetRef::Values(_) => stats[0],
        }
    }

    /// The impurity-decrease proxy of a child: larger is better. For Gini it is
    /// sum_c n_c^2 / n, for squared error sum^2 / n; summed over both children these rank splits
    /// exactly as the weighted impurity decrease does.
    #[inline]
    pub(super) fn proxy(&self, stats: &[f64]) -> f64 {
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

    pub(super) fn is_pure(&self, stats: &[f64]) -> bool {
        match self {
            TargetRef::Classes { .. } => stats.iter().filter(|&&c| c > 0.0).count() <= 1,
            TargetRef::Values(_) => {
                let variance_sum = stats[2] - stats[1] * stats[1] / stats[0];
                variance_sum <= 1e-12 * stats[2].abs().max(1e-300)
            }
        }
    }

    pub(super) fn leaf_value(&self, stats: &[f64], out: &mut Vec<f32>) {
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
