//! Evaluation metrics for classification and regression, matching scikit-learn 1.9.
//!
//! Every number here is checked against scikit-learn by `tests/it/metrics.rs`, using fixtures
//! made by `tests/fixtures/make_sklearn_metrics.py`, so that a score reported by `worthit`
//! means the same thing as the score a data scientist would get in Python.
//!
//! Conventions shared by all functions:
//! - Invalid or empty input never panics: a metric that cannot be computed is `None`, never
//!   NaN. Where scikit-learn would return NaN (or raise), we return `None`.
//! - The predicted class of a row is the argmax of its probabilities, with ties going to
//!   the lowest class index. This is the same rule for binary and multiclass tasks (and the
//!   same as `numpy.argmax`), so a binary row of `[0.5, 0.5]` predicts class 0 whichever
//!   class is the positive one.

use serde::{Deserialize, Serialize};

/// Metrics of one model on one split. Fields that do not apply to the task are None and are
/// left out of JSON.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Share of rows whose argmax class is the true class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accuracy: Option<f64>,
    /// Mean recall over the classes present in `y_true` (classes absent from `y_true` are
    /// skipped, as in scikit-learn, because their recall is 0/0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub balanced_accuracy: Option<f64>,
    /// ROC-AUC: binary on the positive class, multiclass one-vs-rest macro average.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roc_auc: Option<f64>,
    /// Average precision (scikit-learn's `average_precision_score`): binary on the positive
    /// class, multiclass one-vs-rest macro average.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pr_auc: Option<f64>,
    /// Mean negative log-likelihood of the true class, probabilities clipped to
    /// `[EPSILON, 1 - EPSILON]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_loss: Option<f64>,
    /// Brier score; binary in `[0, 1]`, multiclass in `[0, 2]` (see
    /// [`classification_metrics`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brier: Option<f64>,
    /// F1: binary on the positive class, multiclass macro average.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub f1: Option<f64>,
    /// Root mean squared error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rmse: Option<f64>,
    /// Mean absolute error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mae: Option<f64>,
    /// Coefficient of determination (scikit-learn's `r2_score`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r2: Option<f64>,
}

impl Metrics {
    /// The value of the metric called `name` (a JSON key), if present.
    pub fn get(&self, name: &str) -> Option<f64> {
        self.entries()
            .into_iter()
            .find(|(entry, _)| *entry == name)
            .map(|(_, value)| value)
    }

    /// The metrics that are present, as `(name, value)` in field order, so reports can
    /// iterate without knowing the task. Names equal the JSON keys.
    pub fn entries(&self) -> Vec<(&'static str, f64)> {
        let all = [
            ("accuracy", self.accuracy),
            ("balanced_accuracy", self.balanced_accuracy),
            ("roc_auc", self.roc_auc),
            ("pr_auc", self.pr_auc),
            ("log_loss", self.log_loss),
            ("brier", self.brier),
            ("f1", self.f1),
            ("rmse", self.rmse),
            ("mae", self.mae),
            ("r2", self.r2),
        ];
        all.into_iter()
            .filter_map(|(name, value)| value.map(|v| (name, v)))
            .collect()
    }
}

/// Names of the classification metrics (some are binary only: roc_auc, pr_auc, f1).
pub const CLASSIFICATION_METRICS: &[&str] = &[
    "accuracy",
    "balanced_accuracy",
    "roc_auc",
    "pr_auc",
    "log_loss",
    "brier",
    "f1",
];

/// Names of the regression metrics.
pub const REGRESSION_METRICS: &[&str] = &["rmse", "mae", "r2"];

/// The metrics worthit measures for a task.
pub fn of_task(task: crate::base::task::TaskKind) -> &'static [&'static str] {
    match task {
        crate::base::task::TaskKind::Regression => REGRESSION_METRICS,
        _ => CLASSIFICATION_METRICS,
    }
}

/// Whether a larger value of the metric `name` (a name from [`Metrics::entries`]) is better.
///
/// True for accuracy, balanced_accuracy, roc_auc, pr_auc, f1 and r2; false for the losses
/// (log_loss, brier, rmse, mae). An unknown name gives false, so that a typo can never make
/// a loss look like a score to maximise.
pub fn higher_is_better(name: &str) -> bool {
    matches!(
        name,
        "accuracy" | "balanced_accuracy" | "roc_auc" | "pr_auc" | "f1" | "r2"
    )
}

/// The best value the metric `name` can take: 1 for the scores (a perfect ROC-AUC, accuracy,
/// F1 or R2), 0 for the losses (a perfect log loss, Brier score, RMSE or MAE). No model can do
/// better, so a forecast of more tuning never goes past it, and once a model reaches it on
/// validation rows no further trial can be chosen over it. An unknown name, read as a loss
/// ([`higher_is_better`]), gives 0.
pub fn best_possible(name: &str) -> f64 {
    if higher_is_better(name) {
        1.0
    } else {
        0.0
    }
}

/// The values the metric `name` can take, in words for an error when `value` lies outside them
/// (`None` when it lies inside, or the name is unknown): the scores lie between 0 and 1 but R2,
/// which has no floor (a model worse than the mean scores below 0); the losses are 0 or more,
/// and the Brier score at most 2 (a multiclass task's).
pub fn outside_range(name: &str, value: f64) -> Option<String> {
    if !CLASSIFICATION_METRICS.contains(&name) && !REGRESSION_METRICS.contains(&name) {
        return None;
    }
    // The best possible value is one end; the other is 0 for a score, none for R2 and a loss,
    // 2 for the Brier score.
    let best = best_possible(name);
    let (low, high) = match (higher_is_better(name), name) {
        (true, "r2") => (f64::NEG_INFINITY, best),
        (true, _) => (0.0, best),
        (false, "brier") => (best, 2.0),
        (false, _) => (best, f64::INFINITY),
    };
    if (low..=high).contains(&value) {
        return None;
    }
    Some(match (low.is_finite(), high.is_finite()) {
        (true, true) => format!("{name} lies between {low} and {high}"),
        (false, _) => format!("{name} is at most {high}"),
        (_, false) => format!("{name} is {low} or more"),
    })
}

/// Keeps a computed value only if it is a real number, so overflow or 0/0 surfaces as
/// `None` instead of leaking NaN or infinity into reports.
fn finite(value: f64) -> Option<f64> {
    value.is_finite().then_some(value)
}

/// Classification metrics from class probabilities.
///
/// `y_true`: class index per row in `0..n_classes`. `proba`: row-major `n_rows x n_classes`
/// class probabilities (rows sum to 1). `positive`: `Some(index of the positive class)` for
/// binary tasks (`n_classes == 2`), `None` for multiclass.
///
/// Every field that applies is filled: accuracy, balanced_accuracy, roc_auc, pr_auc,
/// log_loss, brier, f1; the regression fields are `None`. Semantics follow scikit-learn 1.9:
/// - Predicted class = argmax of the row, ties to the lowest index, for every task.
/// - `roc_auc`, `pr_auc`: binary on `proba[:, positive]`; otherwise one-vs-rest macro
///   average over the classes that can be scored. scikit-learn returns NaN (ROC-AUC) or
///   raises (average precision) when a class is absent from `y_true`; we instead average over
///   the classes present (ROC-AUC also needs at least one negative), and give `None` only if
///   none can be scored.
/// - `log_loss`: probabilities clipped to `[f64::EPSILON, 1 - f64::EPSILON]` as scikit-learn
///   does (it no longer renormalises rows), so probabilities of exactly 0 and 1 give a
///   finite loss (at most `-ln(EPSILON)` ≈ 36.04 per row).
/// - `brier`: binary is `mean((p_positive - y)^2)`, in `[0, 1]`. Multiclass is
///   `mean(sum over classes (p_c - onehot_c)^2)`, in `[0, 2]` — scikit-learn's
///   `brier_score_loss` with `scale_by_half="auto"` halves the score only when there are
///   fewer than 3 columns, so multiclass scores are NOT comparable to binary ones. With
///   `n_classes == 2` and `positive == None` the two-column sum is halved, as there.
/// - `f1`: binary is F1 of the positive class; multiclass is the macro F1 over the classes
///   that appear in `y_true` or in the predictions (scikit-learn's default label set), with
///   0/0 counted as 0.
///
/// Invalid input gives all-`None` metrics rather than a panic: no rows, `n_classes == 0`,
/// `proba.len() != y_true.len() * n_classes`, a label `>= n_classes`, a probability outside
/// `[0, 1]` or NaN, or `positive` set when `n_classes != 2` or out of range (a caller that
/// mixes up binary and multiclass must not get quietly wrong numbers).
pub fn classification_metrics(
    y_true: &[u32],
    proba: &[f64],
    n_classes: usize,
    positive: Option<u32>,
) -> Metrics {
    let n = y_true.len();
    let shape_ok = n > 0 && n_classes > 0 && n.checked_mul(n_classes) == Some(proba.len());
    let labels_ok = y_true.iter().all(|&y| (y as usize) < n_classes);
    let proba_ok = proba.iter().all(|p| (0.0..=1.0).contains(p));
    let positive_ok = match positive {
        Some(p) => n_classes == 2 && (p as usize) < n_classes,
        None => true,
    };
    if !(shape_ok && labels_ok && proba_ok && positive_ok) {
        return Metrics::default();
    }

    let rows: Vec<&[f64]> = proba.chunks_exact(n_classes).collect();
    let predicted: Vec<usize> = rows.iter().map(|row| argmax(row)).collect();
    let truth: Vec<usize> = y_true.iter().map(|&y| y as usize).collect();

    // Per-class counts are all that accuracy, balanced accuracy and F1 need, so a full
    // k x k confusion matrix is never built.
    let mut true_count = vec![0u64; n_classes];
    let mut pred_count = vec![0u64; n_classes];
    let mut hits = vec![0u64; n_classes];
    for (&t, &p) in truth.iter().zip(&predicted) {
        true_count[t] += 1;
        pred_count[p] += 1;
        if t == p {
            hits[t] += 1;
        }
    }

    let correct: u64 = hits.iter().sum();
    let accuracy = correct as f64 / n as f64;

    let recalls: Vec<f64> = (0..n_classes)
        .filter(|&c| true_count[c] > 0)
        .map(|c| hits[c] as f64 / true_count[c] as f64)
        .collect();
    let balanced_accuracy = mean(&recalls);

    let f1_of = |c: usize| -> f64 {
        // 2tp / (2tp + fp + fn) == 2tp / (true_count + pred_count); 0/0 counts as 0, as
        // scikit-learn's zero_division=0.
        let denom = true_count[c] + pred_count[c];
        if denom == 0 {
            0.0
        } else {
            2.0 * hits[c] as f64 / denom as f64
        }
    };

    let log_loss = {
        let lo = f64::EPSILON;
        let hi = 1.0 - f64::EPSILON;
        let total: f64 = rows
            .iter()
            .zip(&truth)
            .map(|(row, &t)| -row[t].clamp(lo, hi).ln())
            .sum();
        total / n as f64
    };

    let (roc_auc, pr_auc, brier, f1) = match positive {
        Some(pos) => {
            let pos = pos as usize;
            let is_pos: Vec<bool> = truth.iter().map(|&t| t == pos).collect();
            let score: Vec<f64> = rows.iter().map(|row| row[pos]).collect();
            let brier = is_pos
                .iter()
                .zip(&score)
                .map(|(&y, &p)| {
                    let d = p - if y { 1.0 } else { 0.0 };
                    d * d
                })
                .sum::<f64>()
                / n as f64;
            (
                roc_auc(&is_pos, &score),
                average_precision(&is_pos, &score),
                Some(brier),
                Some(f1_of(pos)),
            )
        }
        None => {
            let mut aucs = Vec::with_capacity(n_classes);
            let mut aps = Vec::with_capacity(n_classes);
            for c in 0..n_classes {
                let is_pos: Vec<bool> = truth.iter().map(|&t| t == c).collect();
                let score: Vec<f64> = rows.iter().map(|row| row[c]).collect();
                aucs.extend(roc_auc(&is_pos, &score));
                aps.extend(average_precision(&is_pos, &score));
            }
            let squared: f64 = rows
                .iter()
                .zip(&truth)
                .map(|(row, &t)| {
                    row.iter()
                        .enumerate()
                        .map(|(c, &p)| {
                            let d = p - if c == t { 1.0 } else { 0.0 };
                            d * d
                        })
                        .sum::<f64>()
                })
                .sum();
            // scikit-learn's scale_by_half="auto": halve only for fewer than 3 columns.
            let scale = if n_classes < 3 { 0.5 } else { 1.0 };
            let brier = scale * squared / n as f64;
            let f1s: Vec<f64> = (0..n_classes)
                .filter(|&c| true_count[c] > 0 || pred_count[c] > 0)
                .map(f1_of)
                .collect();
            (mean(&aucs), mean(&aps), Some(brier), mean(&f1s))
        }
    };

    Metrics {
        accuracy: finite(accuracy),
        balanced_accuracy: balanced_accuracy.and_then(finite),
        roc_auc: roc_auc.and_then(finite),
        pr_auc: pr_auc.and_then(finite),
        log_loss: finite(log_loss),
        brier: brier.and_then(finite),
        f1: f1.and_then(finite),
        ..Metrics::default()
    }
}

/// Regression metrics: rmse, mae and r2 (scikit-learn's `root_mean_squared_error`,
/// `mean_absolute_error` and `r2_score`); the classification fields are `None`.
///
/// `r2` follows scikit-learn's `force_finite=True` convention when `y_true` is constant
/// (zero variance): 1.0 if the predictions are exact, else 0.0. Constancy is tested as "all
/// values equal" rather than "computed variance is 0.0", so rounding in the mean cannot turn
/// a constant target into a huge negative R². With fewer than 2 rows `r2` is `None`
/// (scikit-learn returns NaN there).
///
/// Empty input, different lengths, or NaN in either slice give all-`None` metrics.
pub fn regression_metrics(y_true: &[f64], predicted: &[f64]) -> Metrics {
    let n = y_true.len();
    if n == 0 || predicted.len() != n || y_true.iter().chain(predicted).any(|v| v.is_nan()) {
        return Metrics::default();
    }
    let nf = n as f64;

    let mut squared = 0.0;
    let mut absolute = 0.0;
    for (&t, &p) in y_true.iter().zip(predicted) {
        let d = t - p;
        squared += d * d;
        absolute += d.abs();
    }
    let rmse = (squared / nf).sqrt();
    let mae = absolute / nf;

    let r2 = if n < 2 {
        None
    } else if y_true.iter().all(|&t| t == y_true[0]) {
        Some(if squared == 0.0 { 1.0 } else { 0.0 })
    } else {
        let mean_true = y_true.iter().sum::<f64>() / nf;
        let total: f64 = y_true
            .iter()
            .map(|&t| (t - mean_true) * (t - mean_true))
            .sum();
        Some(1.0 - squared / total)
    };

    Metrics {
        rmse: finite(rmse),
        mae: finite(mae),
        r2: r2.and_then(finite),
        ..Metrics::default()
    }
}

/// Binary ROC-AUC of `score` against `y_is_positive`, with tied scores counted as half a
/// correct ordering — the trapezoid under the ROC curve, as scikit-learn's `roc_auc_score`.
///
/// `None` if only one class is present (the curve is undefined; scikit-learn gives NaN), or
/// if the input is empty, of different lengths, or has a NaN score. O(n log n).
pub fn roc_auc(y_is_positive: &[bool], score: &[f64]) -> Option<f64> {
    let groups = tie_groups(y_is_positive, score)?;
    let positives: u64 = groups.iter().map(|g| g.0).sum();
    let negatives: u64 = groups.iter().map(|g| g.1).sum();
    if positives == 0 || negatives == 0 {
        return None;
    }
    // Twice the trapezoid area in units of (one positive) x (one negative): each negative
    // counts the positives ranked strictly above it as wins and those tied with it as half
    // a win. Integers keep this exact until the final division; u128 rules out overflow.
    let mut doubled: u128 = 0;
    let mut positives_above: u64 = 0;
    for &(tp, fp) in &groups {
        doubled += u128::from(fp) * (2 * u128::from(positives_above) + u128::from(tp));
        positives_above += tp;
    }
    finite(doubled as f64 / (2.0 * positives as f64 * negatives as f64))
}

/// Average precision, as scikit-learn's `average_precision_score` for a binary target: the
/// sum over distinct score thresholds (highest first) of the recall gained at that threshold
/// times the precision there. No interpolation, and tied scores form one threshold.
///
/// `None` if no row is positive (recall is 0/0; scikit-learn returns 0.0 with a warning),
/// or if the input is empty, of different lengths, or has a NaN score. With positives only,
/// it is 1.0, as in scikit-learn.
pub fn average_precision(y_is_positive: &[bool], score: &[f64]) -> Option<f64> {
    let groups = tie_groups(y_is_positive, score)?;
    let positives: u64 = groups.iter().map(|g| g.0).sum();
    if positives == 0 {
        return None;
    }
    let mut tp_cum: u64 = 0;
    let mut fp_cum: u64 = 0;
    // The positives found at each threshold times the precision there, divided by the
    // positives once at the end: adding `tp / positives` threshold by threshold summed nine
    // perfectly ranked positives to 1.0000000000000002, a pr_auc above 1 that reopening the run
    // (`worthit report`, `--resume`, `compare`) then refused as a value no run writes.
    let mut weighted = 0.0;
    for &(tp, fp) in &groups {
        tp_cum += tp;
        fp_cum += fp;
        if tp > 0 {
            let precision = tp_cum as f64 / (tp_cum + fp_cum) as f64;
            weighted += tp as f64 * precision;
        }
    }
    finite((weighted / positives as f64).min(1.0))
}

/// Sorts by score, highest first, and collapses equal scores into `(positives, negatives)`
/// per distinct score: both ranking metrics treat a tie as one threshold, so working on
/// groups is what makes ties exact.
fn tie_groups(y_is_positive: &[bool], score: &[f64]) -> Option<Vec<(u64, u64)>> {
    if y_is_positive.is_empty()
        || y_is_positive.len() != score.len()
        || score.iter().any(|s| s.is_nan())
    {
        return None;
    }
    let mut pairs: Vec<(f64, bool)> = score
        .iter()
        .copied()
        .zip(y_is_positive.iter().copied())
        .collect();
    // total_cmp never panics; NaN is excluded above, and -0.0/0.0 end up adjacent and are
    // merged by the `==` below.
    pairs.sort_unstable_by(|a, b| b.0.total_cmp(&a.0));

    let mut groups: Vec<(u64, u64)> = Vec::new();
    let mut last: Option<f64> = None;
    for (s, positive) in pairs {
        if last != Some(s) {
            groups.push((0, 0));
            last = Some(s);
        }
        if let Some(group) = groups.last_mut() {
            if positive {
                group.0 += 1;
            } else {
                group.1 += 1;
            }
        }
    }
    Some(groups)
}

/// Index of the largest value, the first one on ties: the same rule as `numpy.argmax`, so
/// predicted labels agree with scikit-learn's when computed from the same probabilities.
fn argmax(row: &[f64]) -> usize {
    let mut best = 0;
    for (i, &v) in row.iter().enumerate() {
        if v > row[best] {
            best = i;
        }
    }
    best
}

/// Plain mean, `None` for an empty slice so "nothing to average" is not mistaken for 0.
fn mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        None
    } else {
        Some(values.iter().sum::<f64>() / values.len() as f64)
    }
}
