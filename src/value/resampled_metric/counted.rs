//! One-pass forms of the classification metrics that are not a mean of a per-row quantity:
//! those made of per-class counts (balanced accuracy, F1) and average precision (PR-AUC). Each
//! gives what `crate::metrics::classification_metrics` gives on the rebuilt resample, bit for
//! bit, from the draw counts alone, so every metric a run reports can carry its interval
//! without building 2,000 resamples.

/// Which metric [`ClassCounts`] gives.
#[derive(Debug, Clone, Copy)]
pub(super) enum Counted {
    /// The mean recall over the classes the resample holds.
    BalancedAccuracy,
    /// F1 of the positive class (binary), or the mean F1 over the classes the resample holds or
    /// the model predicts (multiclass).
    F1 { positive: Option<u32> },
}

/// Each row's predicted class (the largest probability, the first on ties, as the metrics
/// take it), so a resample only counts hits and misses by class.
pub(super) struct ClassCounts {
    predicted: Vec<u32>,
    n_classes: usize,
    metric: Counted,
}

impl ClassCounts {
    pub(super) fn new(predicted: Vec<u32>, n_classes: usize, metric: Counted) -> ClassCounts {
        ClassCounts {
            predicted,
            n_classes,
            metric,
        }
    }

    /// How many rows this model predicts a class other than `y`'s for.
    pub(super) fn rows_predicted_wrong(&self, y: &[u32]) -> usize {
        self.predicted.iter().zip(y).filter(|(p, t)| p != t).count()
    }

    /// How many rows this model and `other` predict different classes for.
    pub(super) fn rows_predicted_differently(&self, other: &ClassCounts) -> usize {
        self.predicted
            .iter()
            .zip(&other.predicted)
            .filter(|(a, b)| a != b)
            .count()
    }

    /// The metric on the resample that drew row `i` `counts[i]` times, against the true
    /// classes `y`; NaN where it is undefined.
    pub(super) fn evaluate(&self, y: &[u32], counts: &[u32]) -> f64 {
        let tally = self.tally(y, counts);
        match self.metric {
            Counted::BalancedAccuracy => mean(
                (0..self.n_classes)
                    .filter(|&c| tally.truth[c] > 0)
                    .map(|c| tally.recall(c)),
            ),
            Counted::F1 { positive: Some(p) } if (p as usize) < self.n_classes => {
                tally.f1(p as usize)
            }
            Counted::F1 { positive: Some(_) } => f64::NAN,
            Counted::F1 { positive: None } => mean(
                (0..self.n_classes)
                    .filter(|&c| tally.truth[c] > 0 || tally.predicted[c] > 0)
                    .map(|c| tally.f1(c)),
            ),
        }
    }

    /// The macro average's ends on the resample when each `scarce` class's own term is only
    /// known to lie between 0 and 1 (see [`super::SCARCE_CLASS_ROWS`]): every scarce class is
    /// averaged in, at 0 for the low end and 1 for the high end; the other classes are averaged
    /// as [`ClassCounts::evaluate`] averages them. A metric that is no macro average (a binary
    /// F1) gives its value at both ends.
    pub(super) fn evaluate_bounds(&self, y: &[u32], counts: &[u32], scarce: &[bool]) -> (f64, f64) {
        let tally = self.tally(y, counts);
        let is_scarce = |c: usize| scarce.get(c).copied().unwrap_or(false);
        let averaged = |held: &dyn Fn(usize) -> bool, term: &dyn Fn(usize) -> f64| {
            bounded_mean(
                (0..self.n_classes)
                    .filter(|&c| !is_scarce(c) && held(c))
                    .map(term),
                scarce.iter().filter(|&&s| s).count(),
            )
        };
        match self.metric {
            Counted::BalancedAccuracy => averaged(&|c| tally.truth[c] > 0, &|c| tally.recall(c)),
            Counted::F1 { positive: None } => {
                averaged(&|c| tally.truth[c] > 0 || tally.predicted[c] > 0, &|c| {
                    tally.f1(c)
                })
            }
            Counted::F1 { positive: Some(_) } => {
                let value = self.evaluate(y, counts);
                (value, value)
            }
        }
    }

    /// Each class's rows, predictions and hits on the resample.
    fn tally(&self, y: &[u32], counts: &[u32]) -> Tally {
        let k = self.n_classes;
        let mut tally = Tally {
            truth: vec![0; k],
            predicted: vec![0; k],
            hits: vec![0; k],
        };
        for ((&t, &p), &c) in y.iter().zip(&self.predicted).zip(counts) {
            let (t, p, c) = (t as usize, p as usize, u64::from(c));
            if c == 0 || t >= k || p >= k {
                continue;
            }
            tally.truth[t] += c;
            tally.predicted[p] += c;
            if t == p {
                tally.hits[t] += c;
            }
        }
        tally
    }
}

/// Per-class counts of one resample.
struct Tally {
    truth: Vec<u64>,
    predicted: Vec<u64>,
    hits: Vec<u64>,
}

impl Tally {
    fn recall(&self, c: usize) -> f64 {
        self.hits[c] as f64 / self.truth[c] as f64
    }

    /// 2tp / (2tp + fp + fn), 0/0 counted as 0, as the metrics count it.
    fn f1(&self, c: usize) -> f64 {
        let denominator = self.truth[c] + self.predicted[c];
        if denominator == 0 {
            0.0
        } else {
            2.0 * self.hits[c] as f64 / denominator as f64
        }
    }
}

/// Rows sorted once by one class's score, highest first, in groups of tied scores (a tie is
/// one threshold), for that class's average precision.
pub(super) struct Ordered {
    /// Rows by descending score.
    rows: Vec<u32>,
    /// Whether each of `rows` is of the class.
    positive: Vec<bool>,
    /// End (in `rows`) of each group of tied scores.
    group_ends: Vec<u32>,
    /// A score is NaN: the metric is undefined on every resample.
    undefined: bool,
}

impl Ordered {
    pub(super) fn new(score: Vec<f64>, positive: Vec<bool>) -> Ordered {
        let undefined = score.iter().any(|s| s.is_nan());
        let mut rows: Vec<u32> = (0..score.len() as u32).collect();
        rows.sort_unstable_by(|&a, &b| score[b as usize].total_cmp(&score[a as usize]));
        let mut group_ends = Vec::new();
        for (at, pair) in rows.windows(2).enumerate() {
            // `==`, not total_cmp: -0.0 and 0.0 are one threshold, as the metrics group them.
            if score[pair[0] as usize] != score[pair[1] as usize] {
                group_ends.push(at as u32 + 1);
            }
        }
        if !rows.is_empty() {
            group_ends.push(rows.len() as u32);
        }
        let mut positive: Vec<bool> = rows.iter().map(|&row| positive[row as usize]).collect();
        // Rows ranked below every positive row move no precision a positive row is found at,
        // whatever a resample draws, so they are never read: for a class the model ranks well
        // that is nearly all of the others, and a multiclass PR-AUC costs about one pass over
        // the rows instead of one a class (KDD Cup 99, 23 classes: the two detailed models' seven
        // intervals took most of a 32 s analysis without this, 4.4 s with it).
        let kept_groups = match positive.iter().rposition(|&p| p) {
            Some(last) => group_ends.partition_point(|&end| end as usize <= last) + 1,
            None => 0,
        };
        group_ends.truncate(kept_groups);
        let kept_rows = group_ends.last().map_or(0, |&end| end as usize);
        rows.truncate(kept_rows);
        positive.truncate(kept_rows);
        Ordered {
            rows,
            positive,
            group_ends,
            undefined,
        }
    }

    /// Average precision on the resample that drew row `i` `counts[i]` times: at each
    /// threshold, highest first, the positives found there times the precision there, over
    /// all positives; NaN without a positive.
    pub(super) fn average_precision(&self, counts: &[u32]) -> f64 {
        if self.undefined {
            return f64::NAN;
        }
        let (mut found, mut passed, mut weighted) = (0u64, 0u64, 0.0);
        let mut start = 0;
        for &end in &self.group_ends {
            let (mut tp, mut fp) = (0u64, 0u64);
            for (&row, &positive) in self.rows[start..end as usize]
                .iter()
                .zip(&self.positive[start..end as usize])
            {
                let c = u64::from(counts[row as usize]);
                if positive {
                    tp += c;
                } else {
                    fp += c;
                }
            }
            found += tp;
            passed += fp;
            if tp > 0 {
                weighted += tp as f64 * (found as f64 / (found + passed) as f64);
            }
            start = end as usize;
        }
        if found == 0 {
            return f64::NAN;
        }
        let ap = (weighted / found as f64).min(1.0);
        if ap.is_finite() {
            ap
        } else {
            f64::NAN
        }
    }
}

/// The mean of `values`, NaN for none (nothing to average is not 0), summed in their order as
/// the metrics sum them.
pub(super) fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (mut sum, mut count) = (0.0, 0usize);
    for value in values {
        sum += value;
        count += 1;
    }
    if count == 0 {
        f64::NAN
    } else {
        sum / count as f64
    }
}

/// The mean of `known` terms and `unknown` more that each lie between 0 and 1: its lowest and
/// highest possible values (NaN for nothing to average).
pub(super) fn bounded_mean(known: impl Iterator<Item = f64>, unknown: usize) -> (f64, f64) {
    let (mut sum, mut count) = (0.0, unknown);
    for value in known {
        sum += value;
        count += 1;
    }
    if count == 0 {
        (f64::NAN, f64::NAN)
    } else {
        (sum / count as f64, (sum + unknown as f64) / count as f64)
    }
}
