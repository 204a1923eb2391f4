//! A model's metric on a bootstrap resample, given as draw counts per row.
//!
//! Metric-based values need the metric of each resample, for the baseline and every candidate.
//! Sorting a resample for ROC-AUC each time would make a 1,000-resample bootstrap of 30 models
//! take minutes; instead the rows are sorted once and a resample only reweights them, so each
//! metric is one pass over the rows. Metrics without such a pass (balanced accuracy, PR-AUC,
//! F1) fall back to building the resample and computing the metric the usual way.

use super::bootstrap::{resample_statistics, summarize, BootstrapSummary};
use crate::metrics::{classification_metrics, higher_is_better, regression_metrics};

/// Paired bootstrap of how much better `candidate` is than `baseline` on metric `name`, in the
/// metric's units and oriented so that a gain is positive whatever the metric's direction
/// (`baseline RMSE - candidate RMSE`, `candidate ROC-AUC - baseline ROC-AUC`). Both models are
/// scored on the same resampled rows, so what the rows do to both cancels. The resamples are
/// those of [`resample_statistic`](super::bootstrap::resample_statistic) with `seed`; `None` for no rows.
pub fn paired_gain(
    name: &str,
    truth: Truth<'_>,
    candidate: &[f64],
    baseline: &[f64],
    resamples: usize,
    seed: u64,
) -> Option<BootstrapSummary> {
    paired_gains(name, truth, &[candidate], baseline, resamples, seed)?.pop()
}

/// [`paired_gain`] of each of `candidates` against one baseline, every resample drawn once for
/// all of them and the baseline scored once on it: the same figures as one call per candidate.
pub fn paired_gains(
    name: &str,
    truth: Truth<'_>,
    candidates: &[&[f64]],
    baseline: &[f64],
    resamples: usize,
    seed: u64,
) -> Option<Vec<BootstrapSummary>> {
    resample_models(name, truth, candidates, baseline, resamples, seed).map(|r| r.gains)
}

/// What one pass over the resamples gives about a baseline and candidates scored on the same
/// rows.
#[derive(Debug, Clone, PartialEq)]
pub struct ResampledModels {
    /// Each model's own metric, the baseline first, then the candidates in their order: in the
    /// metric's own values, not oriented (an RMSE stays an RMSE).
    pub metrics: Vec<BootstrapSummary>,
    /// Each candidate's [`paired_gain`] over the baseline, in the candidates' order.
    pub gains: Vec<BootstrapSummary>,
}

/// Every statistic of [`ResampledModels`] from one pass over the resamples of
/// [`resample_statistic`](super::bootstrap::resample_statistic) with `seed`: each resample is drawn once (on a large set, drawing is
/// most of the work) and each model scored once on it, giving the figures a pass of their own
/// gives. `None` for no rows.
pub fn resample_models(
    name: &str,
    truth: Truth<'_>,
    candidates: &[&[f64]],
    baseline: &[f64],
    resamples: usize,
    seed: u64,
) -> Option<ResampledModels> {
    let n = rows_of(truth);
    if n == 0 {
        return None;
    }
    let sign = if higher_is_better(name) { 1.0 } else { -1.0 };
    let samplers: Vec<MetricSampler> = std::iter::once(baseline)
        .chain(candidates.iter().copied())
        .map(|predictions| MetricSampler::new(name, truth, predictions))
        .collect();
    let models = samplers.len();
    // The models' metrics, then the candidates' gains.
    let statistics = |counts: &[u32], out: &mut [f64]| {
        let drawn = rows_drawn(counts);
        let (metrics, gains) = out.split_at_mut(models);
        for (slot, sampler) in metrics.iter_mut().zip(&samplers) {
            *slot = sampler.evaluate_drawn(counts, drawn);
        }
        for (gain, metric) in gains.iter_mut().zip(&metrics[1..]) {
            *gain = sign * (metric - metrics[0]);
        }
    };
    let k = 2 * models - 1;
    let mut observed = vec![0.0; k];
    statistics(&vec![1; n], &mut observed);
    let draws = resample_statistics(n, resamples, seed, k, |_, counts, out| {
        statistics(counts, out)
    });
    let mut summaries = observed
        .into_iter()
        .zip(draws)
        .map(|(observed, draws)| summarize(observed, draws));
    Some(ResampledModels {
        metrics: summaries.by_ref().take(models).collect(),
        gains: summaries.collect(),
    })
}

/// How many rows a resample drew in all (the sum of its counts).
pub fn rows_drawn(counts: &[u32]) -> f64 {
    counts.iter().map(|&c| f64::from(c)).sum()
}

/// How many rows `truth` holds.
fn rows_of(truth: Truth<'_>) -> usize {
    match truth {
        Truth::Classes { y, .. } => y.len(),
        Truth::Values(y) => y.len(),
    }
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
        self.evaluate_drawn(counts, rows_drawn(counts))
    }

    /// [`MetricSampler::evaluate`] given the resample's [`rows_drawn`]: callers that score
    /// several models on one resample count its rows once, not once a model (on a large set,
    /// counting them costs as much as a ROC-AUC's pass).
    pub fn evaluate_drawn(&self, counts: &[u32], drawn: f64) -> f64 {
        debug_assert_eq!(drawn, rows_drawn(counts), "drawn is not the resample's");
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
            Fast::RocAuc(ranked) => ranked.auc(counts, drawn),
            Fast::MacroRocAuc(classes) => {
                let aucs: Vec<f64> = classes
                    .iter()
                    .map(|ranked| ranked.auc(counts, drawn))
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

/// Rows sorted once by score for ROC-AUC, arranged so that a resample visits as few rows as it
/// can: every positive row, and the negative rows in runs between and within the score groups
/// that hold positives (ties in one group), except the largest run, whose weight is what the
/// resample's negatives leave over. For a class that few rows hold and the model ranks well, the
/// negatives below every positive are that run, so a resample reads little more than the class's
/// own rows; a multiclass ROC-AUC then costs about one pass over the rows, not one per class.
struct Ranked {
    /// Positive rows, by ascending score group.
    positive_rows: Vec<u32>,
    /// End (in `positive_rows`) of each score group that holds positives, ascending.
    positive_group_ends: Vec<u32>,
    /// Negative rows in ascending score, in the runs `2k` (strictly between the positive groups
    /// `k - 1` and `k`) and `2k + 1` (tied with positive group `k`); run `2K` is above them all.
    negative_rows: Vec<u32>,
    /// End (in `negative_rows`) of each run.
    negative_run_ends: Vec<u32>,
    /// The largest run, left unread.
    skipped_run: usize,
}

impl Ranked {
    fn new(score: Vec<f64>, positive: Vec<bool>) -> Ranked {
        let mut order: Vec<u32> = (0..score.len() as u32).collect();
        order.sort_by(|&a, &b| score[a as usize].total_cmp(&score[b as usize]));
        let mut ranked = Ranked {
            positive_rows: Vec::new(),
            positive_group_ends: Vec::new(),
            negative_rows: Vec::with_capacity(order.len()),
            negative_run_ends: Vec::new(),
            skipped_run: 0,
        };
        let mut start = 0;
        while start < order.len() {
            let tied = score[order[start] as usize];
            let end = start
                + order[start..]
                    .iter()
                    .take_while(|&&i| score[i as usize] == tied)
                    .count();
            let group = &order[start..end];
            if group.iter().any(|&i| positive[i as usize]) {
                ranked.close_negative_run();
                ranked
                    .positive_rows
                    .extend(group.iter().filter(|&&i| positive[i as usize]));
                ranked
                    .positive_group_ends
                    .push(ranked.positive_rows.len() as u32);
                ranked
                    .negative_rows
                    .extend(group.iter().filter(|&&i| !positive[i as usize]));
                ranked.close_negative_run();
            } else {
                ranked.negative_rows.extend_from_slice(group);
            }
            start = end.max(start + 1);
        }
        ranked.close_negative_run();
        let mut run_start = 0;
        let mut largest = 0;
        for (run, &end) in ranked.negative_run_ends.iter().enumerate() {
            if end - run_start > largest {
                (largest, ranked.skipped_run) = (end - run_start, run);
            }
            run_start = end;
        }
        ranked
    }

    fn close_negative_run(&mut self) {
        self.negative_run_ends.push(self.negative_rows.len() as u32);
    }

    /// ROC-AUC of the resample that drew `drawn` rows in all (NaN without both classes): the
    /// share of positive-negative pairs ranked right, ties counting half. The area is linear in
    /// each negative run's weight, with the weight of the positives at or above it as its
    /// coefficient (half for the group it is tied with), so the unread run is added at the end.
    fn auc(&self, counts: &[u32], drawn: f64) -> f64 {
        let weight =
            |rows: &[u32]| -> f64 { rows.iter().map(|&i| f64::from(counts[i as usize])).sum() };
        let total_positive = weight(&self.positive_rows);
        let total_negative = drawn - total_positive;
        if total_positive == 0.0 || total_negative <= 0.0 {
            return f64::NAN;
        }
        let (mut area, mut read_negative, mut skipped_coefficient) = (0.0, 0.0, 0.0);
        let mut positive_below = 0.0;
        let (mut run_start, mut group_start) = (0usize, 0usize);
        for (run, &run_end) in self.negative_run_ends.iter().enumerate() {
            let mut coefficient = total_positive - positive_below;
            let tied_group = (run % 2 == 1).then_some(run / 2);
            if let Some(k) = tied_group {
                let group_end = self.positive_group_ends[k] as usize;
                let group = weight(&self.positive_rows[group_start..group_end]);
                group_start = group_end;
                coefficient -= 0.5 * group;
                positive_below += group;
            }
            if run == self.skipped_run {
                skipped_coefficient = coefficient;
            } else {
                let negatives = weight(&self.negative_rows[run_start..run_end as usize]);
                area += coefficient * negatives;
                read_negative += negatives;
            }
            run_start = run_end as usize;
        }
        area += skipped_coefficient * (total_negative - read_negative);
        area / (total_positive * total_negative)
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
    use crate::value::bootstrap::resample_statistic;

    /// `statistic` of the rows `truth` holds, observed on them all and on the resamples of
    /// [`resample_statistic`] with `seed`, in a pass of its own: what one pass of several
    /// statistics must give for each.
    fn bootstrap_rows(
        truth: Truth<'_>,
        resamples: usize,
        seed: u64,
        statistic: impl Fn(&[u32]) -> f64 + Sync,
    ) -> Option<BootstrapSummary> {
        let n = rows_of(truth);
        if n == 0 {
            return None;
        }
        let observed = statistic(&vec![1; n]);
        let draws = resample_statistic(n, resamples, seed, |_, counts| statistic(counts));
        Some(summarize(observed, draws))
    }

    /// One model's own metric, resampled (no candidates).
    fn resampled_metric(
        name: &str,
        truth: Truth<'_>,
        predictions: &[f64],
        resamples: usize,
        seed: u64,
    ) -> Option<BootstrapSummary> {
        resample_models(name, truth, &[], predictions, resamples, seed).map(|r| r.metrics[0])
    }

    /// The one-pass metric of `sampler` on `counts` equals the rebuilt resample's (both NaN
    /// where the metric is undefined).
    fn assert_one_pass_matches(sampler: &MetricSampler<'_>, counts: &[u32], what: &str) {
        let (fast, rebuilt) = (sampler.evaluate(counts), sampler.rebuild(counts));
        assert!(
            (fast - rebuilt).abs() < 1e-12 || (fast.is_nan() && rebuilt.is_nan()),
            "{what}: {fast} vs {rebuilt}"
        );
    }

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

    /// Several candidates against one baseline in one pass over the resamples give, for each,
    /// what a pass of its own gives (its own resamples, both models scored on each), bit for
    /// bit, and so does each model's own metric: on a large set (resampled afresh, not from a
    /// bank) and a small one, with a candidate better than the baseline, one worse and the
    /// baseline itself.
    #[test]
    fn statistics_of_several_models_in_one_pass_are_each_ones_own() {
        for n in [400, 70_000] {
            let mut state = 17u64;
            let mut noise = || {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (state >> 11) as f64 / (1u64 << 53) as f64
            };
            let y: Vec<u32> = (0..n).map(|_| u32::from(noise() < 0.3)).collect();
            let scored = |signal: f64, noise: &mut dyn FnMut() -> f64| -> Vec<f64> {
                y.iter()
                    .flat_map(|&t| {
                        let p = (signal * f64::from(t) + noise()).min(1.0) / (1.0 + signal);
                        [1.0 - p, p]
                    })
                    .collect()
            };
            let baseline = scored(0.5, &mut noise);
            let better = scored(1.0, &mut noise);
            let worse = scored(0.1, &mut noise);
            let truth = Truth::Classes {
                y: &y,
                n_classes: 2,
                positive: Some(1),
            };
            let candidates: [&[f64]; 3] = [&better, &worse, &baseline];
            let one_pass =
                resample_models("roc_auc", truth, &candidates, &baseline, 1_000, 5).unwrap();
            let together = &one_pass.gains;
            assert_eq!(
                *together,
                paired_gains("roc_auc", truth, &candidates, &baseline, 1_000, 5).unwrap()
            );
            let b = MetricSampler::new("roc_auc", truth, &baseline);
            for (candidate, gain) in candidates.iter().zip(together) {
                let c = MetricSampler::new("roc_auc", truth, candidate);
                let own = bootstrap_rows(truth, 1_000, 5, |counts| {
                    c.evaluate(counts) - b.evaluate(counts)
                })
                .unwrap();
                assert_eq!(*gain, own, "{n} rows");
            }
            let models = std::iter::once(&baseline[..]).chain(candidates);
            assert_eq!(one_pass.metrics.len(), 4);
            for (predictions, metric) in models.zip(&one_pass.metrics) {
                let sampler = MetricSampler::new("roc_auc", truth, predictions);
                let own = bootstrap_rows(truth, 1_000, 5, |counts| sampler.evaluate(counts));
                assert_eq!(Some(*metric), own, "{n} rows");
            }
            assert!(one_pass.metrics[1].mean > one_pass.metrics[0].mean);
            assert!(
                together[0].low > 0.0 && together[1].high < 0.0,
                "{together:?}"
            );
            assert_eq!((together[2].low, together[2].high), (0.0, 0.0));
        }
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

    /// The ROC-AUC that leaves the largest run of negatives unread equals the rebuilt
    /// resample's wherever that run lies: below every positive (a rare class ranked well), tied
    /// with positives (a score most rows share), above them (a class ranked backwards) or
    /// between them; and with resamples that draw no positive or no negative.
    #[test]
    fn roc_auc_reading_part_of_the_rows_matches_rebuilt_resamples() {
        use crate::base::random::{rng_for, Stream};
        use rand::Rng;
        let n = 400;
        let mut rng = rng_for(7, Stream::Resample, 0);
        // Class 0 is rare and ranked high, class 1 sits mostly on one shared score (0.0), class
        // 2 is ranked backwards, class 3 is common and mixed; scores come in few levels, so
        // groups tie.
        let y: Vec<u32> = (0..n)
            .map(|i| match i % 20 {
                0 => 0,
                1 | 2 => 1,
                3..=6 => 2,
                _ => 3,
            })
            .collect();
        let proba: Vec<f64> = y
            .iter()
            .flat_map(|&t| {
                let level =
                    |r: &mut rand_xoshiro::Xoshiro256PlusPlus| f64::from(r.gen_range(0..8u8)) / 8.0;
                let rare = if t == 0 {
                    0.9 + level(&mut rng) / 10.0
                } else {
                    level(&mut rng) / 2.0
                };
                let tied = if rng.gen_bool(0.7) {
                    0.0
                } else {
                    level(&mut rng)
                };
                let backwards = if t == 2 {
                    level(&mut rng) / 4.0
                } else {
                    0.5 + level(&mut rng) / 2.0
                };
                let mixed = level(&mut rng);
                [rare, tied, backwards, mixed]
            })
            .collect();
        let multiclass = Truth::Classes {
            y: &y,
            n_classes: 4,
            positive: None,
        };
        let sampler = MetricSampler::new("roc_auc", multiclass, &proba);
        let Fast::MacroRocAuc(classes) = &sampler.fast else {
            panic!("macro ROC-AUC has a one-pass form");
        };
        let runs = |c: usize| classes[c].negative_run_ends.len();
        assert_eq!(classes[0].skipped_run, 0, "below every positive");
        assert_eq!(classes[1].skipped_run, 1, "tied with the lowest positives");
        assert_eq!(classes[2].skipped_run, runs(2) - 1, "above every positive");
        assert!(
            (1..runs(3) - 1).contains(&classes[3].skipped_run),
            "between positives"
        );
        let mut resamples: Vec<Vec<u32>> = (0..30)
            .map(|r| {
                let mut counts = vec![0u32; n];
                let mut draw = rng_for(11, Stream::Resample, r);
                for _ in 0..n {
                    counts[draw.gen_range(0..n)] += 1;
                }
                counts
            })
            .collect();
        // A resample without class 0, and one of class 0 alone.
        resamples.push((0..n).map(|i| u32::from(y[i] != 0)).collect());
        resamples.push((0..n).map(|i| u32::from(y[i] == 0)).collect());
        for counts in &resamples {
            assert_one_pass_matches(&sampler, counts, "macro roc_auc");
        }
        // Each column as a binary task of its own, whichever class is the positive one.
        for class in 0..4u32 {
            let binary_y: Vec<u32> = y.iter().map(|&t| u32::from(t == class)).collect();
            let binary: Vec<f64> = proba
                .chunks_exact(4)
                .flat_map(|row| [1.0 - row[class as usize], row[class as usize]])
                .collect();
            let truth = Truth::Classes {
                y: &binary_y,
                n_classes: 2,
                positive: Some(1),
            };
            let sampler = MetricSampler::new("roc_auc", truth, &binary);
            for counts in &resamples {
                assert_one_pass_matches(&sampler, counts, &format!("class {class}"));
            }
        }
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
            assert_one_pass_matches(&MetricSampler::new(name, truth, &proba), &counts, name);
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
            assert_one_pass_matches(&sampler, &counts, "roc_auc");
        }
        let values = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0];
        let predicted = [2.5, 1.5, 4.0, 2.0, 4.0, 7.0, 2.0, 6.5, 5.5, 3.0];
        for name in ["rmse", "mae", "r2"] {
            let sampler = MetricSampler::new(name, Truth::Values(&values), &predicted);
            assert_one_pass_matches(&sampler, &counts, name);
        }
    }
}
