//! A model's metric on a bootstrap resample, given as draw counts per row.
//!
//! Metric-based values need the metric of each resample, for the baseline and every candidate.
//! Sorting a resample for ROC-AUC each time would make a 1,000-resample bootstrap of 30 models
//! take minutes; instead the rows are sorted once and a resample only reweights them, so each
//! metric is one pass over the rows (balanced accuracy, F1 and PR-AUC too, since 2026-12-06:
//! [`counted`]). A metric without such a pass falls back to building the resample and computing
//! it the usual way.

mod counted;
mod ranked;

use self::counted::{bounded_mean, ClassCounts, Counted, Ordered};
use self::ranked::Ranked;
use super::bootstrap::{expanded_tail, resample_statistics, summarize_bounds, BootstrapSummary};
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
    /// The paired gain of one candidate over another, for each pair asked for
    /// ([`resample_models_between`]), in their order.
    pub between: Vec<BootstrapSummary>,
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
    resample_models_between(name, truth, candidates, baseline, &[], resamples, seed)
}

/// [`resample_models`], and from the same pass the paired gain of one candidate over another for
/// each of `between`: `(a, b)`, indices into `candidates`, is candidate a's gain over candidate b
/// ([`ResampledModels::between`]; the same as a's gain over the baseline minus b's on every
/// resample, with its interval expanded on the rows the two score differently). `None` for no
/// rows or a pair naming a candidate there is not.
pub fn resample_models_between(
    name: &str,
    truth: Truth<'_>,
    candidates: &[&[f64]],
    baseline: &[f64],
    between: &[(usize, usize)],
    resamples: usize,
    seed: u64,
) -> Option<ResampledModels> {
    let n = rows_of(truth);
    if n == 0 || between.iter().any(|&(a, b)| a.max(b) >= candidates.len()) {
        return None;
    }
    let sign = if higher_is_better(name) { 1.0 } else { -1.0 };
    let samplers: Vec<MetricSampler> = std::iter::once(baseline)
        .chain(candidates.iter().copied())
        .map(|predictions| MetricSampler::new(name, truth, predictions))
        .collect();
    let models = samplers.len();
    // Each gain as (model, over model), indices into `samplers` (the baseline first): every
    // candidate over the baseline, then the pairs asked for.
    let pairs: Vec<(usize, usize)> = (1..models)
        .map(|c| (c, 0))
        .chain(between.iter().map(|&(a, b)| (a + 1, b + 1)))
        .collect();
    // The models' metrics, then the gains, each at both ends of what the resample tells (the
    // same where no class is scarce). A gain's low end pairs the model's low end with the other's
    // high end: a scarce class's term may differ between them by up to 1.
    let statistics = |counts: &[u32], exact: bool, low: &mut [f64], high: &mut [f64]| {
        let drawn = rows_drawn(counts);
        let (metrics_low, gains_low) = low.split_at_mut(models);
        let (metrics_high, gains_high) = high.split_at_mut(models);
        for ((low, high), sampler) in metrics_low
            .iter_mut()
            .zip(metrics_high.iter_mut())
            .zip(&samplers)
        {
            (*low, *high) = sampler.ends(counts, drawn, exact);
        }
        for (&(a, b), (gain_low, gain_high)) in pairs
            .iter()
            .zip(gains_low.iter_mut().zip(gains_high.iter_mut()))
        {
            let one = sign * (metrics_low[a] - metrics_high[b]);
            let other = sign * (metrics_high[a] - metrics_low[b]);
            (*gain_low, *gain_high) = (one.min(other), one.max(other));
        }
    };
    // Each interval is expanded on the rows that carry its statistic (`expanded_tail`): a
    // model's own metric on the rows off its commonest term, a gain on the rows the two models
    // score differently.
    let tails: Vec<f64> = samplers
        .iter()
        .map(|model| expanded_tail(model.rows_off_the_commonest()))
        .chain(
            pairs
                .iter()
                .map(|&(a, b)| expanded_tail(samplers[a].rows_scored_differently(&samplers[b]))),
        )
        .collect();
    let mut summaries = summarized(n, &tails, (resamples, seed), statistics).into_iter();
    Some(ResampledModels {
        metrics: summaries.by_ref().take(models).collect(),
        gains: summaries.by_ref().take(models - 1).collect(),
        between: summaries.collect(),
    })
}

/// Each of the metrics `names` of each of `models` (row-major predictions, as the models
/// return them), observed and on the resamples of
/// [`resample_statistic`](super::bootstrap::resample_statistic) with `seed`, each resample
/// drawn once for all: by model, then in the order of `names`. `None` for no rows.
pub fn resample_levels(
    names: &[&str],
    truth: Truth<'_>,
    models: &[&[f64]],
    resamples: usize,
    seed: u64,
) -> Option<Vec<Vec<BootstrapSummary>>> {
    let n = rows_of(truth);
    if n == 0 || names.is_empty() {
        return None;
    }
    let samplers: Vec<MetricSampler> = models
        .iter()
        .flat_map(|&predictions| {
            names
                .iter()
                .map(move |name| MetricSampler::new(name, truth, predictions))
        })
        .collect();
    let statistics = |counts: &[u32], exact: bool, low: &mut [f64], high: &mut [f64]| {
        let drawn = rows_drawn(counts);
        for ((low, high), sampler) in low.iter_mut().zip(high.iter_mut()).zip(&samplers) {
            (*low, *high) = sampler.ends(counts, drawn, exact);
        }
    };
    let tails: Vec<f64> = samplers
        .iter()
        .map(|sampler| expanded_tail(sampler.rows_off_the_commonest()))
        .collect();
    let summaries = summarized(n, &tails, (resamples, seed), statistics);
    Some(summaries.chunks(names.len()).map(<[_]>::to_vec).collect())
}

/// The statistics `statistics` writes for a resample of `n` rows, one for each of `tails`,
/// observed on them all and summarized over the resamples of
/// [`resample_statistic`](super::bootstrap::resample_statistic) with `seed`, each interval's
/// ends at its tail's quantiles. `statistics` writes each statistic's low and high ends (equal
/// unless the resample only bounds it, [`MetricSampler::ends`]); asked for the `exact` value
/// (the observed one), it writes that as both.
fn summarized(
    n: usize,
    tails: &[f64],
    (resamples, seed): (usize, u64),
    statistics: impl Fn(&[u32], bool, &mut [f64], &mut [f64]) + Sync,
) -> Vec<BootstrapSummary> {
    let k = tails.len();
    let mut observed = vec![0.0; 2 * k];
    let (low, high) = observed.split_at_mut(k);
    statistics(&vec![1; n], true, low, high);
    observed.truncate(k);
    let mut draws = resample_statistics(n, resamples, seed, 2 * k, |_, counts, out| {
        let (low, high) = out.split_at_mut(k);
        statistics(counts, false, low, high)
    });
    let high_draws = draws.split_off(k);
    observed
        .into_iter()
        .zip(draws)
        .zip(high_draws)
        .zip(tails)
        .map(|(((observed, low), high), &tail)| summarize_bounds(observed, (low, high), tail))
        .collect()
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
    /// For a multiclass macro average, which classes are scarce ([`SCARCE_CLASS_ROWS`]); empty
    /// for any other metric and where no class is.
    scarce: Vec<bool>,
}

/// A class that fewer of the measured rows hold than this
/// ([`crate::data::prepared::FEW_OF_A_CLASS`], the count the data's notice names a class below)
/// is too scarce for a resample to say what its term of a multiclass macro average (ROC-AUC,
/// PR-AUC, balanced accuracy, F1) would be on other rows: with one row, every resample that holds
/// it gives the same term (a recall of 0 or 1), and one that does not leaves the class out of the
/// average, lifting it when the scarce class is the hard one (KDD Cup 99, 30,000 rows: a macro
/// ROC-AUC of 0.9231 had the interval 0.9231 to 1.0000). Such a term is only known to lie
/// between 0 and 1, so each resample bounds the average instead ([`MetricSampler::ends`]):
/// partial identification (Manski 2003), which holds whatever those classes' terms are, and is
/// as wide as their share of the average. From 5 rows on, a resample lacks the class in under
/// 1% of draws (about e^-5) and the class is resampled as the others are.
pub const SCARCE_CLASS_ROWS: usize = crate::data::prepared::FEW_OF_A_CLASS;

/// Whether metric `name` on `truth` is a mean over classes, each class's term in 0 to 1: a
/// multiclass ROC-AUC, PR-AUC, balanced accuracy or F1.
pub fn is_macro_average(name: &str, truth: Truth<'_>) -> bool {
    matches!(truth, Truth::Classes { n_classes, .. } if n_classes > 2)
        && matches!(name, "roc_auc" | "pr_auc" | "balanced_accuracy" | "f1")
}

/// How many classes' terms of metric `name` on `truth` its intervals bound rather than resample
/// ([`SCARCE_CLASS_ROWS`]): 0 for a metric that is no macro average.
pub fn bounded_terms(name: &str, truth: Truth<'_>) -> usize {
    if is_macro_average(name, truth) {
        scarce_classes(truth).len()
    } else {
        0
    }
}

/// The classes of `truth` that some but fewer than [`SCARCE_CLASS_ROWS`] rows hold, each with
/// its rows (none for a task that is not multiclass: a binary or numeric metric is no macro
/// average).
pub fn scarce_classes(truth: Truth<'_>) -> Vec<(u32, usize)> {
    let Truth::Classes { y, n_classes, .. } = truth else {
        return Vec::new();
    };
    if n_classes <= 2 {
        return Vec::new();
    }
    let mut rows = vec![0usize; n_classes];
    for &class in y {
        if let Some(count) = rows.get_mut(class as usize) {
            *count += 1;
        }
    }
    (0..n_classes as u32)
        .zip(rows)
        .filter(|&(_, count)| (1..SCARCE_CLASS_ROWS).contains(&count))
        .collect()
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
    /// Balanced accuracy or F1, from per-class counts of hits and misses.
    ClassCounts(ClassCounts),
    /// PR-AUC: one class's average precision (binary), or the mean over the classes the
    /// resample holds (multiclass).
    AveragePrecision(Vec<Ordered>),
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
            ) => {
                let (score, positive) = one_against_rest(predictions, y, 2, p as usize);
                Fast::RocAuc(Ranked::new(score, positive))
            }
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
                        let (score, positive) = one_against_rest(predictions, y, n_classes, c);
                        Ranked::new(score, positive)
                    })
                    .collect(),
            ),
            ("balanced_accuracy", Truth::Classes { n_classes, .. }) => {
                Fast::ClassCounts(ClassCounts::new(
                    predicted_classes(predictions, n_classes),
                    n_classes,
                    Counted::BalancedAccuracy,
                ))
            }
            (
                "f1",
                Truth::Classes {
                    n_classes,
                    positive,
                    ..
                },
            ) if positive.is_none() || n_classes == 2 => Fast::ClassCounts(ClassCounts::new(
                predicted_classes(predictions, n_classes),
                n_classes,
                Counted::F1 { positive },
            )),
            (
                "pr_auc",
                Truth::Classes {
                    y,
                    n_classes: 2,
                    positive: Some(p),
                },
            ) => {
                let (score, positive) = one_against_rest(predictions, y, 2, p as usize);
                Fast::AveragePrecision(vec![Ordered::new(score, positive)])
            }
            (
                "pr_auc",
                Truth::Classes {
                    y,
                    n_classes,
                    positive: None,
                },
            ) if n_classes > 2 => Fast::AveragePrecision(
                (0..n_classes)
                    .map(|c| {
                        let (score, positive) = one_against_rest(predictions, y, n_classes, c);
                        Ordered::new(score, positive)
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
        let scarce = match truth {
            Truth::Classes { n_classes, .. } if is_macro_average(name, truth) => {
                let mut scarce = vec![false; n_classes];
                for (class, _) in scarce_classes(truth) {
                    scarce[class as usize] = true;
                }
                if scarce.contains(&true) {
                    scarce
                } else {
                    Vec::new()
                }
            }
            _ => Vec::new(),
        };
        MetricSampler {
            name: name.to_string(),
            truth,
            predictions,
            fast,
            scarce,
        }
    }

    /// The metric on a resample as its two ends: the value twice, unless the metric is a macro
    /// average over a scarce class ([`SCARCE_CLASS_ROWS`]) and `exact` is false; then the lowest
    /// and highest the average can be with each scarce class's term anywhere from 0 to 1 and
    /// every other class's as the resample gives it.
    pub fn ends(&self, counts: &[u32], drawn: f64, exact: bool) -> (f64, f64) {
        if exact || self.scarce.is_empty() || drawn == 0.0 {
            let value = self.evaluate_drawn(counts, drawn);
            return (value, value);
        }
        let unknown = self.scarce.iter().filter(|&&s| s).count();
        let known = |c: usize| !self.scarce[c];
        match (&self.fast, self.truth) {
            (Fast::MacroRocAuc(classes), _) => bounded_mean(
                (0..classes.len())
                    .filter(|&c| known(c))
                    .map(|c| classes[c].auc(counts, drawn))
                    .filter(|auc| !auc.is_nan()),
                unknown,
            ),
            (Fast::AveragePrecision(classes), _) => bounded_mean(
                (0..classes.len())
                    .filter(|&c| known(c))
                    .map(|c| classes[c].average_precision(counts))
                    .filter(|ap| !ap.is_nan()),
                unknown,
            ),
            (Fast::ClassCounts(classes), Truth::Classes { y, .. }) => {
                classes.evaluate_bounds(y, counts, &self.scarce)
            }
            _ => {
                let value = self.evaluate_drawn(counts, drawn);
                (value, value)
            }
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
            Fast::ClassCounts(classes) => match self.truth {
                Truth::Classes { y, .. } => classes.evaluate(y, counts),
                Truth::Values(_) => f64::NAN,
            },
            Fast::AveragePrecision(classes) => match classes.as_slice() {
                [one] => one.average_precision(counts),
                _ => counted::mean(
                    classes
                        .iter()
                        .map(|class| class.average_precision(counts))
                        .filter(|ap| !ap.is_nan()),
                ),
            },
            Fast::Rebuild => self.rebuild(counts),
        }
    }

    /// How many rows this sampler's model and `other`'s (the same metric on the same rows)
    /// score differently: the rows that carry the difference of their metrics. For a mean of a
    /// per-row quantity (accuracy, log loss, Brier, MAE, RMSE's and R²'s squared errors), the
    /// rows whose quantity differs; for ROC-AUC, the rows whose placement differs (a positive's
    /// share of negatives ranked below it, a negative's of positives ranked above it, ties half;
    /// in any class, for a multiclass one): the area is the mean of either class's placements,
    /// so two models that rank every row against the other class alike have the same area
    /// whatever their scores; for balanced accuracy and F1, the rows whose predicted class
    /// differs; else the rows whose predictions differ at all.
    pub fn rows_scored_differently(&self, other: &MetricSampler) -> usize {
        let differing = |a: &[f64], b: &[f64]| a.iter().zip(b).filter(|(x, y)| x != y).count();
        let n = rows_of(self.truth);
        match (&self.fast, &other.fast) {
            (Fast::Mean(a), Fast::Mean(b)) | (Fast::RootMean(a), Fast::RootMean(b)) => {
                differing(a, b)
            }
            (Fast::R2 { squared_errors: a }, Fast::R2 { squared_errors: b }) => differing(a, b),
            (Fast::RocAuc(a), Fast::RocAuc(b)) => rows_marked_by_any(n, [placed_apart(a, b)]),
            (Fast::MacroRocAuc(a), Fast::MacroRocAuc(b)) if a.len() == b.len() => {
                rows_marked_by_any(n, a.iter().zip(b).map(|(a, b)| placed_apart(a, b)))
            }
            (Fast::ClassCounts(a), Fast::ClassCounts(b)) => a.rows_predicted_differently(b),
            _ => {
                let width = self.predictions.len() / n.max(1);
                rows(self.predictions, width)
                    .zip(rows(other.predictions, width))
                    .filter(|(a, b)| a != b)
                    .count()
            }
        }
    }

    /// How many rows carry this model's own metric: the rows whose per-row term differs from
    /// the commonest one, as a mean is carried by the rows that differ from the value most rows
    /// share (a shift moves every resample's mean alike). For a mean of a per-row quantity, the
    /// rows whose quantity is not the commonest (for accuracy, the errors or the hits, whichever
    /// are fewer); for ROC-AUC, the rows whose placement is not the commonest of their class (for
    /// a model that ranks well, the positives ranked below some negative and the negatives above
    /// some positive; in any class, for a multiclass one); for balanced accuracy and F1, the rows
    /// predicted right or wrong, whichever are fewer; else every row.
    pub fn rows_off_the_commonest(&self) -> usize {
        let n = rows_of(self.truth);
        match (&self.fast, self.truth) {
            (Fast::Mean(values) | Fast::RootMean(values), _) => off_the_commonest(values),
            (Fast::R2 { squared_errors }, _) => off_the_commonest(squared_errors),
            (Fast::RocAuc(ranked), _) => rows_marked_by_any(n, [ranked.off_the_commonest()]),
            (Fast::MacroRocAuc(classes), _) => {
                rows_marked_by_any(n, classes.iter().map(Ranked::off_the_commonest))
            }
            (Fast::ClassCounts(classes), Truth::Classes { y, .. }) => {
                let wrong = classes.rows_predicted_wrong(y);
                wrong.min(n - wrong)
            }
            _ => n,
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

/// Whether each row's placement differs between two rankings of the same rows.
fn placed_apart(a: &Ranked, b: &Ranked) -> Vec<bool> {
    let (a, b) = (a.doubled_placements(), b.doubled_placements());
    a.iter().zip(b).map(|(x, y)| x != y).collect()
}

/// How many of `n` rows any of `marks` (a flag a row each) marks: for a multiclass ROC-AUC, the
/// rows marked in any class.
fn rows_marked_by_any(n: usize, marks: impl IntoIterator<Item = Vec<bool>>) -> usize {
    let mut any = vec![false; n];
    for mark in marks {
        for (any, marked) in any.iter_mut().zip(mark) {
            *any |= marked;
        }
    }
    any.into_iter().filter(|&a| a).count()
}

/// How many of `values` differ from the commonest of them.
fn off_the_commonest(values: &[f64]) -> usize {
    let count = commonest(values.to_vec(), f64::total_cmp).map_or(0, |(_, count)| count);
    values.len() - count
}

/// The commonest of `values` (sorted by `order`) and how many times it occurs; `None` for none.
fn commonest<T: Copy + PartialEq>(
    mut values: Vec<T>,
    order: impl FnMut(&T, &T) -> std::cmp::Ordering,
) -> Option<(T, usize)> {
    values.sort_unstable_by(order);
    values
        .chunk_by(|a, b| a == b)
        .max_by_key(|run| run.len())
        .map(|run| (run[0], run.len()))
}

fn rows(predictions: &[f64], width: usize) -> std::slice::ChunksExact<'_, f64> {
    predictions.chunks_exact(width.max(1))
}

/// Each row's probability of `class` and whether it is of that class: the class against the
/// rest, as the ranking metrics read a multiclass task (and a binary one's positive class).
fn one_against_rest(
    predictions: &[f64],
    y: &[u32],
    n_classes: usize,
    class: usize,
) -> (Vec<f64>, Vec<bool>) {
    (
        rows(predictions, n_classes).map(|row| row[class]).collect(),
        y.iter().map(|&t| t as usize == class).collect(),
    )
}

/// Each row's predicted class: its largest probability's.
fn predicted_classes(predictions: &[f64], n_classes: usize) -> Vec<u32> {
    rows(predictions, n_classes)
        .map(|row| argmax(row) as u32)
        .collect()
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
mod tests;
