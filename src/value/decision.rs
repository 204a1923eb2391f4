//! Decisions tuned to value.
//!
//! Binary: predict positive when the positive-class probability is at least a threshold, and
//! choose the threshold that maximises value on validation rows (then report it on test rows, so
//! the choice is not graded on the rows it was tuned on). Multiclass: predict the class with the
//! lowest expected cost given the predicted probabilities (Bayes decision), which needs no tuning
//! when probabilities are calibrated.
//!
//! Values are **means per decision** (per row), so validation and test values are comparable
//! whatever their sizes and scale directly by `decisions_per_year`.

use super::payoff::RowPayoffs;

/// A binary threshold and the mean value per decision it earns.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BinaryDecision {
    /// Predict positive when `p_positive >= threshold`. `f64::INFINITY` means "never positive";
    /// otherwise it lies between two observed probabilities (or is the smallest one, meaning
    /// "always positive").
    pub threshold: f64,
    /// Mean payoff per row at that threshold.
    pub value: f64,
}

/// The threshold maximising mean value over the rows, considering every distinct cut point:
/// predicting nothing positive, and each cut between two consecutive distinct probabilities.
///
/// Sorting once and sweeping the cut downwards makes this O(n log n): moving the cut past a row
/// changes the total by that row's `tp - fn` (positive row) or `fp - tn` (negative row). Cuts
/// are placed midway between observed probabilities so that an unseen probability on the test
/// rows is not decided by which side of a tie it happens to fall. Ties in value keep the highest
/// threshold (fewest positive decisions). NaN probabilities are never predicted positive.
///
/// Panics if `p_positive`, `y` and `payoffs` differ in length (a caller bug, not bad input).
pub fn best_threshold(p_positive: &[f64], y: &[bool], payoffs: &RowPayoffs) -> BinaryDecision {
    let n = p_positive.len();
    assert_eq!(n, y.len(), "probabilities and labels differ in length");
    assert_eq!(
        n,
        payoffs.len(),
        "probabilities and payoffs differ in length"
    );
    if n == 0 {
        return BinaryDecision {
            threshold: 0.5,
            value: 0.0,
        };
    }
    let mut order: Vec<usize> = (0..n).filter(|&i| !p_positive[i].is_nan()).collect();
    order.sort_by(|&a, &b| p_positive[b].total_cmp(&p_positive[a]));
    // Start with every row predicted negative.
    let mut total: f64 = (0..n).map(|i| payoffs.payoff(i, y[i], false)).sum();
    let mut best = (f64::INFINITY, total);
    let mut start = 0;
    while start < order.len() {
        let p = p_positive[order[start]];
        let mut end = start;
        // Rows with the same probability cannot be separated by any threshold: move them together.
        while end < order.len() && p_positive[order[end]] == p {
            let i = order[end];
            total += payoffs.payoff(i, y[i], true) - payoffs.payoff(i, y[i], false);
            end += 1;
        }
        let threshold = match order.get(end) {
            Some(&next) => cut_between(p, p_positive[next]),
            None => p,
        };
        if total > best.1 {
            best = (threshold, total);
        }
        start = end;
    }
    BinaryDecision {
        threshold: best.0,
        value: best.1 / n as f64,
    }
}

/// A threshold `t` with `above >= t > below`: their midpoint, unless rounding lands it on `below`.
fn cut_between(above: f64, below: f64) -> f64 {
    let mid = below + 0.5 * (above - below);
    if mid > below && mid <= above {
        mid
    } else {
        above
    }
}

/// Each row's payoff when predicting positive iff `p_positive >= threshold`.
///
/// Panics if the lengths differ (a caller bug).
pub fn row_values(
    threshold: f64,
    p_positive: &[f64],
    y: &[bool],
    payoffs: &RowPayoffs,
) -> Vec<f64> {
    assert_eq!(
        p_positive.len(),
        y.len(),
        "probabilities and labels differ in length"
    );
    assert_eq!(
        p_positive.len(),
        payoffs.len(),
        "probabilities and payoffs differ in length"
    );
    p_positive
        .iter()
        .zip(y)
        .enumerate()
        .map(|(i, (&p, &positive))| payoffs.payoff(i, positive, p >= threshold))
        .collect()
}

/// Mean payoff per row when predicting positive iff `p_positive >= threshold` (0 for no rows).
/// `value_at(0.5, ..)` is the value of the usual cut-off.
pub fn value_at(threshold: f64, p_positive: &[f64], y: &[bool], payoffs: &RowPayoffs) -> f64 {
    mean(&row_values(threshold, p_positive, y, payoffs))
}

/// Mean value per row at `steps + 1` evenly spaced thresholds from 0 to 1, as
/// `(threshold, value)`: the curve a chart draws to show how forgiving the chosen threshold is.
///
/// Sorting once and walking the thresholds upwards keeps this O(n log n + steps) however many
/// rows there are. Panics if the lengths differ (a caller bug).
pub fn value_curve(
    p_positive: &[f64],
    y: &[bool],
    payoffs: &RowPayoffs,
    steps: usize,
) -> Vec<(f64, f64)> {
    let n = p_positive.len();
    assert_eq!(n, y.len(), "probabilities and labels differ in length");
    assert_eq!(
        n,
        payoffs.len(),
        "probabilities and payoffs differ in length"
    );
    let steps = steps.max(1);
    if n == 0 {
        return (0..=steps)
            .map(|k| (k as f64 / steps as f64, 0.0))
            .collect();
    }
    // NaN probabilities are never predicted positive, so they sort first and drop out at once.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        let key = |i: usize| {
            if p_positive[i].is_nan() {
                f64::NEG_INFINITY
            } else {
                p_positive[i]
            }
        };
        key(a).total_cmp(&key(b))
    });
    // At threshold 0 every row with a probability is predicted positive.
    let mut total: f64 = (0..n)
        .map(|i| payoffs.payoff(i, y[i], !p_positive[i].is_nan()))
        .sum();
    let mut next = 0;
    (0..=steps)
        .map(|k| {
            let threshold = k as f64 / steps as f64;
            // A NaN never reaches the threshold, like a probability below it.
            while next < n
                && p_positive[order[next]]
                    .partial_cmp(&threshold)
                    .is_none_or(|o| o.is_lt())
            {
                let i = order[next];
                if !p_positive[i].is_nan() {
                    total += payoffs.payoff(i, y[i], false) - payoffs.payoff(i, y[i], true);
                }
                next += 1;
            }
            (threshold, total / n as f64)
        })
        .collect()
}

/// For each row of `proba` (row-major, `n_classes` probabilities per row, as the models
/// predict), the class with the lowest expected cost `sum_a p[a] * costs[a][p]`, where
/// `costs[actual][predicted]` is in the same class order (see
/// [`super::ValueConfig::costs_for`]). Ties go to the lower class index.
///
/// Panics if `proba.len()` is not a multiple of `n_classes` or `costs` is not
/// `n_classes x n_classes` (caller bugs).
pub fn expected_cost_decisions(proba: &[f64], n_classes: usize, costs: &[Vec<f64>]) -> Vec<u32> {
    assert!(
        n_classes > 0 && proba.len() % n_classes == 0,
        "bad probability shape"
    );
    assert!(
        costs.len() == n_classes && costs.iter().all(|row| row.len() == n_classes),
        "cost matrix does not match the number of classes"
    );
    proba
        .chunks_exact(n_classes)
        .map(|p| {
            let mut best = (0u32, f64::INFINITY);
            for predicted in 0..n_classes {
                let expected: f64 = p.iter().zip(costs).map(|(q, row)| q * row[predicted]).sum();
                if expected < best.1 {
                    best = (predicted as u32, expected);
                }
            }
            best.0
        })
        .collect()
}

/// For each row, the most probable class (ties to the lower index): the decision a model makes
/// when value is ignored, to report what tuning decisions to value gains.
pub fn argmax_decisions(proba: &[f64], n_classes: usize) -> Vec<u32> {
    assert!(
        n_classes > 0 && proba.len() % n_classes == 0,
        "bad probability shape"
    );
    proba
        .chunks_exact(n_classes)
        .map(|p| {
            let mut best = 0;
            for (class, &q) in p.iter().enumerate() {
                if q > p[best] {
                    best = class;
                }
            }
            best as u32
        })
        .collect()
}

/// Each row's payoff (the negated cost `costs[actual][predicted]`) of multiclass decisions.
///
/// Panics if lengths differ or a class index is outside the matrix (caller bugs).
pub fn multiclass_row_values(predicted: &[u32], actual: &[u32], costs: &[Vec<f64>]) -> Vec<f64> {
    assert_eq!(
        predicted.len(),
        actual.len(),
        "decisions and labels differ in length"
    );
    predicted
        .iter()
        .zip(actual)
        .map(|(&p, &a)| -costs[a as usize][p as usize])
        .collect()
}

/// The mean of `values`, 0 for none.
pub fn mean(values: &[f64]) -> f64 {
    if values.is_empty() {
        0.0
    } else {
        values.iter().sum::<f64>() / values.len() as f64
    }
}
