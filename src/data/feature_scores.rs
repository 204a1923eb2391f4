//! What each column predicts alone, and which columns predict too much: a one-feature model per
//! column (a leaf per category, or per run of adjacent bins of a numeric column, fitted on the
//! train rows' bins) scored on validation rows, with a bootstrap interval over those rows.
//!
//! A column that alone nearly matches the target is the commonest reason a model wins on paper
//! and fails in production (the column is written after the outcome, or is the outcome under
//! another name). Bins are all that is left of the values once a run has binned them, and they
//! are enough: leaves of bins are what any tree on that column alone can make, and fitting and
//! scoring them read per-bin counts, not rows, so every column costs a few milliseconds even at
//! 100,000 rows.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::prepared::PreparedData;
use crate::base::format::{metric, parameter};
use crate::base::random::{rng_for, Stream};
use crate::base::special::normal_quantile;
use crate::base::stats::quantile;
use crate::engine::tree::TargetRef;

mod one_column;
use one_column::{evaluate, fit, BinModel};

/// A column that alone reaches this ROC-AUC or R² is flagged unless `[data] leakage_score`
/// says otherwise.
pub const DEFAULT_LEAKAGE_SCORE: f64 = 0.95;

/// A column whose score alone comes this close to the full model's is flagged too: the model
/// then learns next to nothing from the other columns.
pub const NEAR_FULL_MODEL: f64 = 0.02;

/// A column whose value the target's class gives in this share of the validation rows that its
/// commonest value alone misses is flagged: it looks derived from the target (a coarser label, a
/// group of classes), which ROC-AUC alone can miss. KDD Cup 99's `attack_category` (its 23
/// classes in 5 groups) scores 1 and alone an ROC-AUC of 0.89; its `protocol_type`, which
/// most attacks fix but normal traffic does not, scores 0.90.
pub const GIVEN_BY_TARGET: f64 = 0.99;

/// The share of the target's entropy a column's values must carry for [`GIVEN_BY_TARGET`] to be
/// read: a column given by the class that tells next to nothing about it is no leak.
const GIVEN_MIN_ENTROPY: f64 = 0.1;

/// Validation rows off a column's commonest value below which [`GIVEN_BY_TARGET`] is not read:
/// a column nearly constant would be "given" by any target.
const GIVEN_MIN_ROWS: usize = 30;

/// Resamples of the validation rows behind each score's interval. The interval tells a strong
/// column from a lucky one; 200 resamples place its ends to about ±0.005 on an AUC, which is
/// finer than that question needs, and keep scoring well under a second at 100,000 rows.
pub const RESAMPLES: usize = 200;

/// Every column's score alone and the leakage warnings, as `results.json` holds them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureScores {
    /// `roc_auc` (classification, one-vs-rest macro average for multiclass) or `r2`.
    pub metric: String,
    /// Bootstrap resamples of the validation rows behind each interval.
    pub resamples: usize,
    /// The score alone at which a column is flagged (`[data] leakage_score`).
    pub leakage_score: f64,
    /// The full model's (the baseline's) validation score in `metric`, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_model: Option<f64>,
    /// Every feature, best score first.
    pub features: Vec<FeatureScore>,
    /// The features flagged as possible leaks, best score first.
    #[serde(default)]
    pub leakage: Vec<Leak>,
    /// Seconds spent scoring every column with its interval.
    #[serde(default)]
    pub seconds: f64,
}

/// One column's score alone on the validation rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureScore {
    /// Column name.
    pub name: String,
    /// ROC-AUC or R² of the one-column model; `None` where it cannot be computed (a single
    /// class or a constant target among the validation rows).
    pub score: Option<f64>,
    /// 95% bootstrap interval of the score over validation rows.
    pub low: Option<f64>,
    /// Upper end of the interval.
    pub high: Option<f64>,
    /// Classification: how well the target's class alone gives this column's value, where the
    /// column varies enough to tell (see `given_by_target`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_by_target: Option<GivenByTarget>,
}

/// How well a row's class gives a column's value on the validation rows: each class predicts the
/// value most common among its train rows. A column computed from the target is given exactly.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GivenByTarget {
    /// Share of validation rows whose value the class gives.
    pub share: f64,
    /// Share of validation rows holding the column's commonest value (on train rows): what
    /// guessing that value alone gets.
    pub commonest: f64,
}

impl GivenByTarget {
    /// The share of the rows the commonest value misses that the class gives: 0 for a column
    /// independent of the target, 1 for one derived from it.
    pub fn beyond_commonest(self) -> f64 {
        (self.share - self.commonest) / (1.0 - self.commonest)
    }
}

/// A column that predicts the target (nearly) alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Leak {
    /// Column name.
    pub name: String,
    /// Its score alone.
    pub score: f64,
    /// Why it is flagged, in plain words.
    pub reason: String,
}

impl FeatureScores {
    /// The warning sentence for one flagged column. `quote` writes a column name or a key for
    /// the medium (escaping it there, as every writer does with text from data); the rest of
    /// the sentence is plain text that needs no escaping in any medium.
    pub fn warning(leak: &Leak, quote: impl Fn(&str) -> String) -> String {
        format!(
            "Possible leakage: column {} {}. If its value is only known after the outcome, add it to {} in [data] of worthit.toml.",
            quote(&crate::base::text::shortened(&leak.name)),
            leak.reason,
            quote("drop")
        )
    }
}

/// Scores every feature of `prepared` alone, flags leaks against `threshold` and the full
/// model's validation score, and sorts the table best first. Deterministic for `seed`.
pub fn score_features(
    prepared: &PreparedData,
    seed: u64,
    threshold: f64,
    full_model: Option<f64>,
) -> FeatureScores {
    let started = std::time::Instant::now();
    let target = prepared.target_ref();
    let binned = &prepared.binned;
    let validation = &prepared.split.validation;
    let models: Vec<BinModel> = (0..binned.n_features())
        .map(|f| {
            fit(
                binned.column(f),
                binned.n_bins[f],
                binned.categorical[f],
                &target,
                &prepared.split.train,
            )
        })
        .collect();
    let score_all = |weights: Option<&[u32]>| -> Vec<Option<f64>> {
        models
            .iter()
            .enumerate()
            .map(|(f, model)| evaluate(model, binned.column(f), &target, validation, weights))
            .collect()
    };
    let point = score_all(None);
    // Each resample draws the same rows for every column, so the intervals are comparable.
    let resampled: Vec<Vec<Option<f64>>> = (0..RESAMPLES)
        .into_par_iter()
        .map(|b| score_all(Some(&resample_weights(validation.len(), seed, b as u64))))
        .collect();
    let names = prepared.table.features.iter().map(|f| f.name.clone());
    let features = names
        .enumerate()
        .map(|(f, name)| {
            let mut draws: Vec<f64> = resampled.iter().filter_map(|scores| scores[f]).collect();
            draws.sort_by(f64::total_cmp);
            let (low, high) = if draws.is_empty() {
                (None, None)
            } else {
                (Some(quantile(&draws, 0.025)), Some(quantile(&draws, 0.975)))
            };
            FeatureScore {
                name,
                score: point[f],
                low,
                high,
                given_by_target: given_by_target(
                    binned.column(f),
                    binned.n_bins[f],
                    &target,
                    &prepared.split.train,
                    validation,
                ),
            }
        })
        .collect();
    let metric = match target {
        TargetRef::Classes { .. } => "roc_auc",
        TargetRef::Values(_) => "r2",
    };
    let mut scores = finish(metric, features, threshold, full_model);
    scores.seconds = started.elapsed().as_secs_f64();
    scores
}

/// Sorts the table best first and flags the columns that alone reach `threshold` or, predicting
/// clearly better than chance (the low end of their interval above it), come within
/// [`NEAR_FULL_MODEL`] of `full_model`.
pub fn finish(
    metric_name: &str,
    mut features: Vec<FeatureScore>,
    threshold: f64,
    full_model: Option<f64>,
) -> FeatureScores {
    features.sort_by(|a, b| {
        let key = |s: &FeatureScore| s.score.unwrap_or(f64::NEG_INFINITY);
        key(b).total_cmp(&key(a)).then_with(|| a.name.cmp(&b.name))
    });
    // The label and the score of a column that predicts nothing.
    let (label, chance) = if metric_name == "r2" {
        ("R²", 0.0)
    } else {
        ("ROC-AUC", 0.5)
    };
    let scored = features.iter().filter(|f| f.score.is_some()).count();
    let leakage = features
        .iter()
        .filter_map(|feature| {
            let score = feature.score?;
            // Only a column that clearly predicts: on data nothing predicts, a column's chance
            // score came within 0.02 of a full model at chance too (0.52 against 0.48) and was
            // called a possible leak.
            let predicts = clearly_above(feature, chance, scored);
            let near_full =
                full_model.filter(|full| predicts && full - score <= NEAR_FULL_MODEL);
            let given = feature
                .given_by_target
                .filter(|given| given.beyond_commonest() >= GIVEN_BY_TARGET);
            let reason = if score >= threshold {
                format!(
                    "alone reaches {label} {} (warning at {})",
                    metric(Some(score)),
                    metric(Some(threshold))
                )
            } else if let Some(full) = near_full {
                if score > full {
                    // "Within 0.02 of" a model it beats read as if it fell short.
                    format!(
                        "alone reaches {label} {}, more than the full model's {}",
                        metric(Some(score)),
                        metric(Some(full))
                    )
                } else {
                    format!(
                        "alone reaches {label} {}, within {} of the full model's {}",
                        metric(Some(score)),
                        parameter(NEAR_FULL_MODEL),
                        metric(Some(full))
                    )
                }
            } else {
                let given = given?;
                format!(
                    "takes the value its row's class gives in {:.1}% of validation rows (its commonest value alone: {:.1}%), as a column derived from the target does",
                    100.0 * given.share,
                    100.0 * given.commonest
                )
            };
            Some(Leak {
                name: feature.name.clone(),
                score,
                reason,
            })
        })
        .collect();
    FeatureScores {
        metric: metric_name.to_string(),
        resamples: RESAMPLES,
        leakage_score: threshold,
        full_model,
        features,
        leakage,
        seconds: 0.0,
    }
}

/// Whether `feature`'s score is clearly above `chance` when `scored` columns are tested at once:
/// the lower half of its 95% interval is widened so that the chance that any of them passes by
/// luck stays 2.5% (Bonferroni's bound, read on the normal scale). One column is read at the
/// low end of its interval as it is; among 2,000 noise columns scored on 40 validation rows, 50
/// had that low end above chance by luck alone, each then "more than" a full model at chance.
fn clearly_above(feature: &FeatureScore, chance: f64, scored: usize) -> bool {
    let Some(score) = feature.score else {
        return false;
    };
    let Some(low) = feature.low else {
        return score > chance;
    };
    let one = normal_quantile(0.975);
    let all = normal_quantile(1.0 - 0.025 / scored.max(1) as f64);
    score - (score - low) * all / one > chance
}

/// How often each of `n` rows is drawn in bootstrap resample `index`.
fn resample_weights(n: usize, seed: u64, index: u64) -> Vec<u32> {
    use rand::Rng;
    let mut rng = rng_for(seed, Stream::FeatureScore, index);
    let mut weights = vec![0u32; n];
    for _ in 0..n {
        weights[rng.gen_range(0..n)] += 1;
    }
    weights
}

/// How well the class of each of the `validation` rows gives its bin of this column, each class
/// predicting its commonest bin on the `train` rows (a class no train row has, the column's
/// commonest bin). `None` for a numeric target, when fewer than [`GIVEN_MIN_ROWS`] validation
/// rows are off the commonest bin, or when the column's values carry less than
/// [`GIVEN_MIN_ENTROPY`] of the target's entropy: a column derived from the target carries much
/// of it (KDD Cup 99's `attack_category`, half), while a measurement that marks two rare attacks
/// (its `wrong_fragment`, non-zero only for `pod` and `teardrop`, 0.3% of the rows) is given by
/// the class too but carries 2% of it, and is no leak.
fn given_by_target(
    bins: &[u8],
    n_bins: usize,
    target: &TargetRef<'_>,
    train: &[u32],
    validation: &[u32],
) -> Option<GivenByTarget> {
    let TargetRef::Classes { y, n_classes } = target else {
        return None;
    };
    let k = *n_classes;
    let mut counts = vec![0usize; k * n_bins];
    let mut overall = vec![0usize; n_bins];
    for &row in train {
        let (bin, class) = (bins[row as usize] as usize, y[row as usize] as usize);
        counts[class * n_bins + bin] += 1;
        overall[bin] += 1;
    }
    // Ties go to the lower bin, so the result does not depend on the order of the rows.
    let commonest_of = |cells: &[usize]| {
        (0..cells.len())
            .max_by(|&a, &b| cells[a].cmp(&cells[b]).then(b.cmp(&a)))
            .unwrap_or(0)
    };
    let commonest = commonest_of(&overall);
    let per_class: Vec<usize> = (0..k)
        .map(|class| {
            let cells = &counts[class * n_bins..(class + 1) * n_bins];
            if cells.iter().any(|&c| c > 0) {
                commonest_of(cells)
            } else {
                commonest
            }
        })
        .collect();
    let (mut given, mut at_commonest) = (0usize, 0usize);
    for &row in validation {
        let bin = bins[row as usize] as usize;
        given += usize::from(per_class[y[row as usize] as usize] == bin);
        at_commonest += usize::from(bin == commonest);
    }
    let n = validation.len();
    let column_entropy = entropy(
        validation.iter().map(|&row| bins[row as usize] as usize),
        n_bins,
    );
    let target_entropy = entropy(validation.iter().map(|&row| y[row as usize] as usize), k);
    let carries_target = column_entropy >= GIVEN_MIN_ENTROPY * target_entropy;
    (n - at_commonest >= GIVEN_MIN_ROWS && carries_target).then(|| GivenByTarget {
        share: given as f64 / n as f64,
        commonest: at_commonest as f64 / n as f64,
    })
}

/// Shannon entropy (in nats) of `values`, each below `n_values`.
fn entropy(values: impl Iterator<Item = usize>, n_values: usize) -> f64 {
    let mut counts = vec![0usize; n_values];
    for value in values {
        counts[value] += 1;
    }
    let total = counts.iter().sum::<usize>() as f64;
    counts
        .iter()
        .filter(|&&count| count > 0)
        .map(|&count| {
            let p = count as f64 / total;
            -p * p.ln()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::one_column::grouped_auc;
    use super::*;
    use crate::metrics::roc_auc;

    fn classes(y: &[u32], n_classes: usize) -> TargetRef<'_> {
        TargetRef::Classes { y, n_classes }
    }

    fn score(bins: &[u8], n_bins: usize, target: &TargetRef<'_>) -> Option<f64> {
        // Even rows train, odd rows validate.
        let train: Vec<u32> = (0..bins.len() as u32).step_by(2).collect();
        let validation: Vec<u32> = (1..bins.len() as u32).step_by(2).collect();
        let model = fit(bins, n_bins, false, target, &train);
        evaluate(&model, bins, target, &validation, None)
    }

    #[test]
    fn a_column_equal_to_the_target_scores_one_and_a_constant_one_half() {
        let y: Vec<u32> = (0..40).map(|i| u32::from(i % 3 == 0)).collect();
        let same: Vec<u8> = y.iter().map(|&c| c as u8).collect();
        assert_eq!(score(&same, 2, &classes(&y, 2)), Some(1.0));
        assert_eq!(score(&[0; 40], 1, &classes(&y, 2)), Some(0.5));
    }

    #[test]
    fn multiclass_and_regression_hand_cases() {
        let y: Vec<u32> = (0..60).map(|i| (i / 2) % 3).collect();
        let same: Vec<u8> = y.iter().map(|&c| c as u8).collect();
        assert_eq!(score(&same, 3, &classes(&y, 3)), Some(1.0));
        assert_eq!(score(&[0; 60], 1, &classes(&y, 3)), Some(0.5));
        // A value that is a function of the bin is predicted exactly with a few train rows a
        // bin; with one, the train rows cannot tell a function from noise, and leaves of two
        // bins still score above the leakage threshold.
        let values: Vec<f64> = (0..60).map(|i| ((i / 2) % 3) as f64 * 10.0).collect();
        assert_eq!(score(&same, 3, &TargetRef::Values(&values)), Some(1.0));
        let steps: Vec<f64> = (0..20).map(|i| (i / 2) as f64).collect();
        let bins: Vec<u8> = (0..20).map(|i| (i / 2) as u8).collect();
        let one_a_bin = score(&bins, 10, &TargetRef::Values(&steps)).unwrap();
        assert!(one_a_bin > DEFAULT_LEAKAGE_SCORE, "{one_a_bin}");
        let constant = score(&[0; 60], 1, &TargetRef::Values(&values)).unwrap();
        assert!(constant <= 0.0 && constant > -0.1, "{constant}");
    }

    /// A noisy column with one train row per value, as small data bins it: a leaf per bin reads
    /// the noise, leaves of adjacent bins the trend (the signal explains about two thirds of the
    /// variance here).
    #[test]
    fn a_numeric_column_with_a_train_row_per_bin_is_scored_on_leaves_of_adjacent_bins() {
        // Rows 2j and 2j + 1 share bin j + 1: one trains, one validates.
        let bins: Vec<u8> = (0..400).map(|i| (i / 2 % 200 + 1) as u8).collect();
        let noise = |i: u64| ((i * 2_654_435_761) % 1000) as f64 / 1000.0 - 0.5;
        let values: Vec<f64> = (0..400u64)
            .map(|i| f64::from(bins[i as usize]) + 140.0 * noise(i))
            .collect();
        let target = TargetRef::Values(&values);
        let train: Vec<u32> = (0..400).step_by(2).collect();
        let validation: Vec<u32> = (1..400).step_by(2).collect();
        let scored = |categorical| {
            let model = fit(&bins, 201, categorical, &target, &train);
            evaluate(&model, &bins, &target, &validation, None).unwrap()
        };
        // A categorical column keeps a leaf per bin, whose bins have no order.
        let (grouped, per_bin) = (scored(false), scored(true));
        assert!(
            grouped > 0.55 && per_bin < 0.45,
            "{grouped} against {per_bin}"
        );
    }

    #[test]
    fn grouped_auc_matches_the_row_by_row_metric() {
        // Ties across groups and within them, as metrics::roc_auc counts them.
        let groups = vec![
            (0.9, 3.0, 1.0),
            (0.5, 2.0, 2.0),
            (0.5, 1.0, 0.0),
            (0.1, 1.0, 5.0),
        ];
        let mut truth = Vec::new();
        let mut scores = Vec::new();
        for &(s, p, n) in &groups {
            for _ in 0..p as usize {
                truth.push(true);
                scores.push(s);
            }
            for _ in 0..n as usize {
                truth.push(false);
                scores.push(s);
            }
        }
        let expected = roc_auc(&truth, &scores).unwrap();
        assert!((grouped_auc(groups).unwrap() - expected).abs() < 1e-12);
        assert_eq!(grouped_auc(vec![(0.3, 2.0, 0.0)]), None);
    }

    #[test]
    fn flags_by_threshold_and_by_closeness_to_the_full_model() {
        let feature = |name: &str, score: f64| FeatureScore {
            name: name.into(),
            score: Some(score),
            low: None,
            high: None,
            given_by_target: None,
        };
        let features = vec![
            feature("a", 0.6),
            feature("leak", 0.97),
            feature("near", 0.81),
        ];
        let scores = finish("roc_auc", features, 0.95, Some(0.82));
        let names: Vec<&str> = scores.features.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["leak", "near", "a"]);
        let flagged: Vec<&str> = scores.leakage.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(flagged, ["leak", "near"]);
        assert!(scores.leakage[0].reason.contains("0.9700"));
        assert!(scores.leakage[1].reason.contains("full model's 0.8200"));
        assert!(finish("r2", vec![feature("a", 0.6)], 0.95, Some(0.9))
            .leakage
            .is_empty());
        // Noise: a column at chance beside a full model at chance is no leak, however close.
        let chance = FeatureScore {
            low: Some(0.45),
            high: Some(0.6),
            ..feature("b", 0.52)
        };
        assert!(finish("roc_auc", vec![chance.clone()], 0.95, Some(0.48))
            .leakage
            .is_empty());
        let clear = FeatureScore {
            low: Some(0.76),
            high: Some(0.84),
            ..feature("c", 0.8)
        };
        let flagged = finish("roc_auc", vec![clear.clone()], 0.95, Some(0.81)).leakage;
        assert_eq!(flagged.len(), 1);
        assert!(flagged[0]
            .reason
            .contains("within 0.02 of the full model's 0.8100"));
        let above = finish("roc_auc", vec![clear], 0.95, Some(0.7)).leakage;
        assert!(
            above[0]
                .reason
                .contains("0.8000, more than the full model's 0.7000"),
            "{}",
            above[0].reason
        );
    }

    #[test]
    fn noise_columns_are_not_flagged_for_passing_chance_by_luck_among_many() {
        // A column whose interval clears chance, beside a full model at chance: alone it is
        // flagged; as one of 2,000 columns it is what luck gives one column in 40.
        let lucky = |name: String| FeatureScore {
            name,
            score: Some(0.64),
            low: Some(0.51),
            high: Some(0.77),
            given_by_target: None,
        };
        assert_eq!(
            finish("roc_auc", vec![lucky("x".into())], 0.95, Some(0.52))
                .leakage
                .len(),
            1
        );
        let many: Vec<FeatureScore> = (0..2000).map(|i| lucky(format!("x{i}"))).collect();
        assert!(finish("roc_auc", many.clone(), 0.95, Some(0.52))
            .leakage
            .is_empty());
        // A column far clearer than luck among as many is still flagged.
        let mut with_leak = many;
        with_leak.push(FeatureScore {
            low: Some(0.8),
            high: Some(0.9),
            ..lucky("clear".into())
        });
        with_leak.last_mut().unwrap().score = Some(0.85);
        let flagged = finish("roc_auc", with_leak, 0.95, Some(0.86)).leakage;
        let names: Vec<&str> = flagged.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["clear"]);
    }

    #[test]
    fn a_column_derived_from_the_target_is_given_by_it_and_flagged() {
        // Six classes; `group` puts them in three groups, as a coarser label would.
        let y: Vec<u32> = (0..600).map(|i| (i / 2 % 6) as u32).collect();
        let group: Vec<u8> = y.iter().map(|&c| (c / 2) as u8).collect();
        let train: Vec<u32> = (0..600).step_by(2).collect();
        let validation: Vec<u32> = (1..600).step_by(2).collect();
        let target = classes(&y, 6);
        let given = given_by_target(&group, 3, &target, &train, &validation).unwrap();
        assert_eq!(given.share, 1.0);
        assert!((given.commonest - 1.0 / 3.0).abs() < 0.01, "{given:?}");
        assert_eq!(given.beyond_commonest(), 1.0);
        // A column that ignores the class: given no better than its commonest value.
        let noise: Vec<u8> = (0..600).map(|i| (i * 13 % 5 % 3) as u8).collect();
        let unrelated = given_by_target(&noise, 3, &target, &train, &validation).unwrap();
        assert!(unrelated.beyond_commonest() < 0.2, "{unrelated:?}");
        // A mark of one rare class (2% of rows, 60 of them validation rows: enough to read):
        // given by the class, but it carries 6% of the target's entropy.
        let rare: Vec<u32> = (0..6000)
            .map(|i| if i % 100 < 2 { 5 } else { (i / 2 % 5) as u32 })
            .collect();
        let mark: Vec<u8> = rare.iter().map(|&c| u8::from(c == 5)).collect();
        let (rare_train, rare_validation): (Vec<u32>, Vec<u32>) =
            (0..6000).partition(|i| i % 2 == 0);
        let rare_target = classes(&rare, 6);
        assert_eq!(
            given_by_target(&mark, 2, &rare_target, &rare_train, &rare_validation),
            None
        );
        // The same mark read against a target it carries much of (one class in 50): flagged.
        let common: Vec<u32> = (0..6000).map(|i| if i % 100 < 2 { 1 } else { 0 }).collect();
        let marked = given_by_target(
            &mark,
            2,
            &classes(&common, 2),
            &rare_train,
            &rare_validation,
        );
        assert_eq!(marked.map(|given| given.share), Some(1.0));
        // Nothing to read for a numeric target.
        let values: Vec<f64> = y.iter().map(|&c| f64::from(c)).collect();
        assert_eq!(
            given_by_target(&group, 3, &TargetRef::Values(&values), &train, &validation),
            None
        );
        let derived = FeatureScore {
            name: "attack_category".into(),
            score: Some(0.89),
            low: Some(0.87),
            high: Some(0.9),
            given_by_target: Some(given),
        };
        let leaks = finish("roc_auc", vec![derived.clone()], 0.95, Some(0.99)).leakage;
        assert_eq!(leaks.len(), 1);
        assert!(
            leaks[0].reason.contains("in 100.0% of validation rows"),
            "{}",
            leaks[0].reason
        );
        let independent = FeatureScore {
            given_by_target: Some(unrelated),
            ..derived
        };
        assert!(finish("roc_auc", vec![independent], 0.95, Some(0.99))
            .leakage
            .is_empty());
    }

    #[test]
    fn resamples_are_fixed_by_the_seed() {
        let a = resample_weights(50, 7, 3);
        assert_eq!(a, resample_weights(50, 7, 3));
        assert_ne!(a, resample_weights(50, 7, 4));
        assert_eq!(a.iter().sum::<u32>(), 50);
    }
}
