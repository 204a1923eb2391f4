//! A model's metric on a bootstrap resample, given as draw counts per row.
//!
//! Metric-based values need the metric of each resample, for the baseline and every candidate.
//! Sorting a resample for ROC-AUC each time would make a 1,000-resample bootstrap of 30 models
//! take minutes; instead the rows are sorted once and a resample only reweights them, so each
//! metric is one pass over the rows. Metrics without such a pass (balanced accuracy, PR-AUC,
//! F1) fall back to building the resample and computing the metric the usual way.

use super::bootstrap::{resample_statistic, summarize, BootstrapSummary};
use crate::metrics::{classification_metrics, higher_is_better, regression_metrics};

/// Paired bootstrap of how much better `candidate` is than `baseline` on metric `name`, in the
/// metric's units and oriented so that a gain is positive whatever the metric's direction
/// (`baseline RMSE - candidate RMSE`, `candidate ROC-AUC - baseline ROC-AUC`). Both models are
/// scored on the same resampled rows, so what the rows do to both cancels. The resamples are
/// those of [`resample_statistic`] with `seed`; `None` for no rows.
pub fn paired_gain(
    name: &str,
    truth: Truth<'_>,
    candidate: &[f64],
    baseline: &[f64],
    resamples: usize,
    seed: u64,
) -> Option<BootstrapSummary> {
    let sign = if higher_is_better(name) { 1.0 } else { -1.0 };
    let (c, b) = (
        MetricSampler::new(name, truth, candidate),
        MetricSampler::new(name, truth, baseline),
    );
    bootstrap_rows(truth, resamples, seed, |counts| {
        sign * (c.evaluate(counts) - b.evaluate(counts))
    })
}

/// Bootstrap of one model's metric `name` on resampled rows, in the metric's own values (not
/// oriented: an RMSE stays an RMSE), with the resamples of [`resample_statistic`] with `seed`;
/// `None` for no rows.
pub fn resampled_metric(
    name: &str,
    truth: Truth<'_>,
    predictions: &[f64],
    resamples: usize,
    seed: u64,
) -> Option<BootstrapSummary> {
    let sampler = MetricSampler::new(name, truth, predictions);
    bootstrap_rows(truth, resamples, seed, |counts| sampler.evaluate(counts))
}

/// `statistic` of the rows `truth` holds, observed on them all and on the resamples of
/// [`resample_statistic`] with `seed` (a resample as each row's count); `None` for no rows.
fn bootstrap_rows(
    truth: Truth<'_>,
    resamples: usize,
    seed: u64,
    statistic: impl Fn(&[u32]) -> f64 + Sync,
) -> Option<BootstrapSummary> {
    let n = match truth {
        Truth::Classes { y, .. } => y.len(),
        Truth::Values(y) => y.len(),
    };
    if n == 0 {
        return None;
    }
    let observed = statistic(&vec![1; n]);
    let draws = resample_statistic(n, resamples, seed, |_, counts| statistic(counts));
    Some(summarize(observed, draws))
}

/// What the truth of the resampled rows is.
#[derive(Debug, Clone, Copy)]
pub enum Truth<'a> {
    /// Class indices, with the number of classes and the positive class (binary tasks).
    Classes {
        /// Class of each row.
        y: &'a [u32],
        /// Number of classes (predictions have this many columns per row).
        n_classes: usize,
        /// Positive class of a binary task.
        positive: Option<u32>,
    },
    /// Numeric targets.
    Values(&'a [f64]),
}

/// The metric `name` of one model's predictions, ready to evaluate on resamples.
pub struct MetricSampler<'a> {
    name: String,
    truth: Truth<'a>,
    predictions: &'a [f64],
    fast: Fast,
}

enum Fast {
    /// Mean of a per-row quantity (accuracy, log loss, Brier, MAE).
    Mean(Vec<f64>),
    /// Square root of the mean of a per-row quantity (RMSE).
    RootMean(Vec<f64>),
    /// R²: squared errors and targets.
    R2 { squared_errors: Vec<f64> },
    /// Binary ROC-AUC.
    RocAuc(Ranked),
    /// Multiclass ROC-AUC: the mean over classes of one class against the rest, leaving out a
    /// class the resample does not hold (as `metrics.rs` leaves out an absent class).
    MacroRocAuc(Vec<Ranked>),
    /// No one-pass form: build the resample.
    Rebuild,
}

impl<'a> MetricSampler<'a> {
    /// Prepares metric `name` (a key of [`crate::metrics::Metrics`]) for `predictions`
    /// (row-major, as the model returns them) against `truth`.
    pub fn new(name: &str, truth: Truth<'a>, predictions: &'a [f64]) -> MetricSampler<'a> {
        let fast = match (name, truth) {
            ("accuracy", Truth::Classes { y, n_classes, .. }) => Fast::Mean(
                rows(predictions, n_classes)
                    .zip(y)
                    .map(|(row, &t)| f64::from(u8::from(argmax(row) == t as usize)))
                    .collect(),
            ),
            ("log_loss", Truth::Classes { y, n_classes, .. }) => Fast::Mean(
                rows(predictions, n_classes)
                    .zip(y)
                    .map(|(row, &t)| -row[t as usize].clamp(f64::EPSILON, 1.0 - f64::EPSILON).ln())
                    .collect(),
            ),
            (
                "brier",
                Truth::Classes {
                    y,
                    n_classes: 2,
                    positive: Some(p),
                },
            ) => Fast::Mean(
                rows(predictions, 2)
                    .zip(y)
                    .map(|(row, &t)| (row[p as usize] - f64::from(u8::from(t == p))).powi(2))
                    .collect(),
            ),
            ("brier", Truth::Classes { y, n_classes, .. }) if n_classes > 2 => Fast::Mean(
                rows(predictions, n_classes)
                    .zip(y)
                    .map(|(row, &t)| {
                        row.iter()
                            .enumerate()
                            .map(|(c, &p)| (p - f64::from(u8::from(c == t as usize))).powi(2))
                            .sum()
                    })
                    .collect(),
            ),
            (
                "roc_auc",
                Truth::Classes {
                    y,
                    n_classes: 2,
                    positive: Some(p),
                },
            ) => Fast::RocAuc(Ranked::new(
                rows(predictions, 2).map(|row| row[p as usize]).collect(),
                y.iter().map(|&t| t == p).collect(),
            )),
            (
                "roc_auc",
                Truth::Classes {
                    y,
                    n_classes,
                    positive: None,
                },
            ) if n_classes > 2 => Fast::MacroRocAuc(
                (0..n_classes)
                    .map(|c| {
                        Ranked::new(
                            rows(predictions, n_classes).map(|row| row[c]).collect(),
                            y.iter().map(|&t| t as usize == c).collect(),
                        )
                    })
                    .collect(),
            ),
            ("mae", Truth::Values(y)) => Fast::Mean(
                predictions
                    .iter()
                    .zip(y)
                    .map(|(p, t)| (p - t).abs())
                    .collect(),
            ),
            ("rmse", Truth::Values(y)) => Fast::RootMean(
                predictions
                    .iter()
                    .zip(y)
                    .map(|(p, t)| (p - t).powi(2))
                    .collect(),
            ),
            ("r2", Truth::Values(y)) => Fast::R2 {
                squared_errors: predictions
                    .iter()
                    .zip(y)
                    .map(|(p, t)| (p - t).powi(2))
                    .collect(),
            },
            _ => Fast::Rebuild,
        };
        MetricSampler {
            name: name.to_string(),
            truth,
            predictions,
            fast,
        }
    }

    /// The metric on the resample that drew row `i` `counts[i]` times (NaN where undefined,
    /// e.g. ROC-AUC of a resample with one class).
    pub fn evaluate(&self, counts: &[u32]) -> f64 {
        let drawn: f64 = counts.iter().map(|&c| f64::from(c)).sum();
        if drawn == 0.0 {
            return f64::NAN;
        }
        let weighted_sum = |values: &[f64]| -> f64 {
            values
                .iter()
                .zip(counts)
                .map(|(v, &c)| v * f64::from(c))
                .sum()
        };
        match &self.fast {
            Fast::Mean(values) => weighted_sum(values) / drawn,
            Fast::RootMean(values) => (weighted_sum(values) / drawn).sqrt(),
            Fast::R2 { squared_errors } => {
                let Truth::Values(y) = self.truth else {
                    return f64::NAN;
                };
                let mean = weighted_sum(y) / drawn;
                let total: f64 = y
                    .iter()
                    .zip(counts)
                    .map(|(t, &c)| f64::from(c) * (t - mean).powi(2))
                    .sum();
                if total > 0.0 {
                    1.0 - weighted_sum(squared_errors) / total
                } else {
                    f64::NAN
                }
            }
            Fast::RocAuc(ranked) => ranked.auc(counts),
            Fast::MacroRocAuc(classes) => {
                let aucs: Vec<f64> = classes
                    .iter()
                    .map(|ranked| ranked.auc(counts))
                    .filter(|auc| !auc.is_nan())
                    .collect();
                if aucs.is_empty() {
                    f64::NAN
                } else {
                    aucs.iter().sum::<f64>() / aucs.len() as f64
                }
            }
            Fast::Rebuild => self.rebuild(counts),
        }
    }

    fn rebuild(&self, counts: &[u32]) -> f64 {
        let repeated = |width: usize| -> (Vec<usize>, Vec<f64>) {
            let mut index = Vec::new();
            let mut values = Vec::new();
            for (i, &c) in counts.iter().enumerate() {
                for _ in 0..c {
                    index.push(i);
                    values.extend_from_slice(&self.predictions[i * width..(i + 1) * width]);
                }
            }
            (index, values)
        };
        let metrics = match self.truth {
            Truth::Classes {
                y,
                n_classes,
                positive,
            } => {
                let (index, proba) = repeated(n_classes);
                let truth: Vec<u32> = index.iter().map(|&i| y[i]).collect();
                classification_metrics(&truth, &proba, n_classes, positive)
            }
            Truth::Values(y) => {
                let (index, predicted) = repeated(1);
                let truth: Vec<f64> = index.iter().map(|&i| y[i]).collect();
                regression_metrics(&truth, &predicted)
            }
        };
        metrics.get(&self.name).unwrap_or(f64::NAN)
    }
}

/// Rows sorted once by score for ROC-AUC: each row's score group (ascending score, ties in one
/// group) and whether it is positive.
struct Ranked {
    group: Vec<u32>,
    groups: usize,
    positive: Vec<bool>,
}

impl Ranked {
    fn new(score: Vec<f64>, positive: Vec<bool>) -> Ranked {
        let mut order: Vec<usize> = (0..score.len()).collect();
        order.sort_by(|&a, &b| score[a].total_cmp(&score[b]));
        let mut group = vec![0u32; score.len()];
        let mut groups = 0usize;
        for (k, &i) in order.iter().enumerate() {
            if k > 0 && score[i] != score[order[k - 1]] {
                groups += 1;
            }
            group[i] = groups as u32;
        }
        Ranked {
            group,
            groups: groups + 1,
            positive,
        }
    }

    /// ROC-AUC of the resample (NaN without both classes): the share of positive-negative
    /// pairs ranked right, ties counting half.
    fn auc(&self, counts: &[u32]) -> f64 {
        let mut positives = vec![0.0f64; self.groups];
        let mut negatives = vec![0.0f64; self.groups];
        for ((&g, &is_positive), &c) in self.group.iter().zip(&self.positive).zip(counts) {
            if is_positive {
                positives[g as usize] += f64::from(c);
            } else {
                negatives[g as usize] += f64::from(c);
            }
        }
        let (mut below, mut area) = (0.0, 0.0);
        for (p, n) in positives.iter().zip(&negatives) {
            area += p * (below + 0.5 * n);
            below += n;
        }
        let total_positive: f64 = positives.iter().sum();
        if total_positive == 0.0 || below == 0.0 {
            f64::NAN
        } else {
            area / (total_positive * below)
        }
    }
}

fn rows(predictions: &[f64], width: usize) -> std::slice::ChunksExact<'_, f64> {
    predictions.chunks_exact(width.max(1))
}

fn argmax(row: &[f64]) -> usize {
    // The first maximum, as metrics.rs picks it, so ties count the same in both.
    let mut best = 0;
    for (i, &p) in row.iter().enumerate() {
        if p > row[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A perfect ranking against a constant score: ROC-AUC 1 against 0.5 on every resample that
    /// holds both classes, so the gain and both ends of its interval are exactly +0.5.
    #[test]
    fn one_models_metric_is_resampled_in_its_own_values() {
        let y: Vec<f64> = (0..200).map(|i| f64::from(i % 7)).collect();
        // Off by 1 in every row, so the RMSE is exactly 1 on any resample.
        let off: Vec<f64> = y.iter().map(|v| v + 1.0).collect();
        let rmse = resampled_metric("rmse", Truth::Values(&y), &off, 500, 5).unwrap();
        assert_eq!((rmse.mean, rmse.low, rmse.high), (1.0, 1.0, 1.0));
        // Off by 0 to 6: the interval holds the observed RMSE and has width.
        let uneven: Vec<f64> = y
            .iter()
            .enumerate()
            .map(|(i, v)| v + (i % 7) as f64)
            .collect();
        let spread = resampled_metric("rmse", Truth::Values(&y), &uneven, 500, 5).unwrap();
        assert!(
            spread.low < spread.mean && spread.mean < spread.high,
            "{spread:?}"
        );
        assert!(resampled_metric("rmse", Truth::Values(&[]), &[], 500, 5).is_none());
    }

    #[test]
    fn paired_gain_of_a_perfect_ranking_over_a_coin_is_half_a_point() {
        let y: Vec<u32> = (0..40).map(|i| u32::from(i % 2 == 0)).collect();
        let perfect: Vec<f64> = y
            .iter()
            .flat_map(|&t| if t == 1 { [0.1, 0.9] } else { [0.8, 0.2] })
            .collect();
        let coin: Vec<f64> = y.iter().flat_map(|_| [0.5, 0.5]).collect();
        let truth = Truth::Classes {
            y: &y,
            n_classes: 2,
            positive: Some(1),
        };
        let gain = paired_gain("roc_auc", truth, &perfect, &coin, 1_000, 3).unwrap();
        assert_eq!((gain.mean, gain.low, gain.high), (0.5, 0.5, 0.5));
        assert_eq!(gain.p_positive, 1.0);
        assert_eq!(gain.resamples, 1_000);
        // The other way round it is a loss, of the same size.
        let loss = paired_gain("roc_auc", truth, &coin, &perfect, 1_000, 3).unwrap();
        assert_eq!((loss.mean, loss.low, loss.high), (-0.5, -0.5, -0.5));
        assert_eq!(loss.p_positive, 0.0);
    }

    /// RMSE is an error: the candidate that misses by 1 where the baseline misses by 2 gains
    /// +1, in every resample (both miss by the same amount on every row).
    #[test]
    fn paired_gain_of_an_error_metric_is_the_reduction() {
        let y: Vec<f64> = (0..30).map(f64::from).collect();
        let close: Vec<f64> = y.iter().map(|v| v + 1.0).collect();
        let far: Vec<f64> = y.iter().map(|v| v - 2.0).collect();
        let gain = paired_gain("rmse", Truth::Values(&y), &close, &far, 1_000, 3).unwrap();
        assert!((gain.mean - 1.0).abs() < 1e-12, "{gain:?}");
        assert!((gain.low - 1.0).abs() < 1e-12 && (gain.high - 1.0).abs() < 1e-12);
        assert_eq!(gain.p_positive, 1.0);
        // R², a score, keeps its sign: the closer model gains.
        let r2 = paired_gain("r2", Truth::Values(&y), &close, &far, 1_000, 3).unwrap();
        assert!(r2.mean > 0.0 && r2.low > 0.0, "{r2:?}");
        assert!(paired_gain("rmse", Truth::Values(&[]), &[], &[], 1_000, 3).is_none());
    }

    /// Every fast path equals the metric computed on the rebuilt resample.
    #[test]
    fn one_pass_metrics_match_rebuilt_resamples() {
        let y: Vec<u32> = vec![0, 1, 1, 0, 1, 0, 0, 1, 1, 0];
        let proba: Vec<f64> = [0.1, 0.8, 0.6, 0.6, 0.9, 0.2, 0.4, 0.3, 0.6, 0.5]
            .iter()
            .flat_map(|&p| [1.0 - p, p])
            .collect();
        let truth = Truth::Classes {
            y: &y,
            n_classes: 2,
            positive: Some(1),
        };
        let counts: Vec<u32> = vec![2, 0, 1, 3, 1, 0, 1, 1, 0, 1];
        for name in ["accuracy", "log_loss", "brier", "roc_auc"] {
            let fast = MetricSampler::new(name, truth, &proba).evaluate(&counts);
            let rebuilt = MetricSampler::new(name, truth, &proba).rebuild(&counts);
            assert!(
                (fast - rebuilt).abs() < 1e-12,
                "{name}: {fast} vs {rebuilt}"
            );
        }
        // Three classes; the last resample draws no row of class 2, which then drops out of the
        // mean, as metrics.rs drops an absent class.
        let y3: Vec<u32> = vec![0, 1, 2, 0, 1, 2, 0, 1, 1, 0];
        let proba3: Vec<f64> = (0..10)
            .flat_map(|i| {
                let a = ((i * 7) % 10) as f64 / 20.0;
                let b = ((i * 3) % 10) as f64 / 25.0;
                [a, b, 1.0 - a - b]
            })
            .collect();
        let truth3 = Truth::Classes {
            y: &y3,
            n_classes: 3,
            positive: None,
        };
        let sampler = MetricSampler::new("roc_auc", truth3, &proba3);
        assert!(matches!(sampler.fast, Fast::MacroRocAuc(_)));
        for counts in [
            counts.clone(),
            vec![1; 10],
            vec![0, 2, 0, 1, 1, 0, 3, 0, 2, 1],
        ] {
            let (fast, rebuilt) = (sampler.evaluate(&counts), sampler.rebuild(&counts));
            assert!(
                (fast - rebuilt).abs() < 1e-12,
                "roc_auc: {fast} vs {rebuilt}"
            );
        }
        let values = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0];
        let predicted = [2.5, 1.5, 4.0, 2.0, 4.0, 7.0, 2.0, 6.5, 5.5, 3.0];
        for name in ["rmse", "mae", "r2"] {
            let sampler = MetricSampler::new(name, Truth::Values(&values), &predicted);
            let (fast, rebuilt) = (sampler.evaluate(&counts), sampler.rebuild(&counts));
            assert!(
                (fast - rebuilt).abs() < 1e-12,
                "{name}: {fast} vs {rebuilt}"
            );
        }
    }
}
