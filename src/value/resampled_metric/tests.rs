//! The one-pass metrics against rebuilt resamples, and the statistics of one pass against a
//! pass each.

use super::*;
use crate::metrics::CLASSIFICATION_METRICS;
use crate::value::bootstrap::{resample_statistic, summarize_at, TAIL};

/// `statistic` of the rows `truth` holds, observed on them all and on the resamples of
/// [`resample_statistic`] with `seed`, in a pass of its own: what one pass of several
/// statistics must give for each.
fn bootstrap_rows(
    truth: Truth<'_>,
    (resamples, seed): (usize, u64),
    tail: f64,
    statistic: impl Fn(&[u32]) -> f64 + Sync,
) -> Option<BootstrapSummary> {
    let n = rows_of(truth);
    if n == 0 {
        return None;
    }
    let observed = statistic(&vec![1; n]);
    let draws = resample_statistic(n, resamples, seed, |_, counts| statistic(counts));
    Some(summarize_at(observed, draws, tail))
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
/// bit, and so do each model's own metric and a candidate's gain over another: on a large set (resampled afresh, not from a
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
        let one_pass = resample_models("roc_auc", truth, &candidates, &baseline, 1_000, 5).unwrap();
        let together = &one_pass.gains;
        assert_eq!(
            *together,
            paired_gains("roc_auc", truth, &candidates, &baseline, 1_000, 5).unwrap()
        );
        let b = MetricSampler::new("roc_auc", truth, &baseline);
        for (candidate, gain) in candidates.iter().zip(together) {
            let c = MetricSampler::new("roc_auc", truth, candidate);
            // A gain's interval is expanded on the rows the two score differently.
            let differing = c.rows_scored_differently(&b);
            let own = bootstrap_rows(truth, (1_000, 5), expanded_tail(differing), |counts| {
                c.evaluate(counts) - b.evaluate(counts)
            })
            .unwrap();
            assert_eq!(*gain, own, "{n} rows");
        }
        // A candidate's gain over another, from the same pass, is a pass of its own on the pair:
        // the other candidate as the baseline.
        let pairs = [(0, 1), (2, 0)];
        let with_pairs =
            resample_models_between("roc_auc", truth, &candidates, &baseline, &pairs, 1_000, 5)
                .unwrap();
        assert_eq!(
            (&with_pairs.metrics, &with_pairs.gains),
            (&one_pass.metrics, &one_pass.gains)
        );
        let apart: Vec<_> = pairs
            .iter()
            .map(|&(a, b)| paired_gain("roc_auc", truth, candidates[a], candidates[b], 1_000, 5))
            .collect();
        assert_eq!(
            apart,
            with_pairs
                .between
                .iter()
                .copied()
                .map(Some)
                .collect::<Vec<_>>()
        );
        assert!(with_pairs.between[0].mean > 0.0, "{:?}", with_pairs.between);
        assert!(one_pass.between.is_empty());
        let no_such =
            resample_models_between("roc_auc", truth, &candidates, &baseline, &[(0, 3)], 10, 5);
        assert!(no_such.is_none());
        let models = std::iter::once(&baseline[..]).chain(candidates);
        assert_eq!(one_pass.metrics.len(), 4);
        for (predictions, metric) in models.zip(&one_pass.metrics) {
            let sampler = MetricSampler::new("roc_auc", truth, predictions);
            let tail = expanded_tail(sampler.rows_off_the_commonest());
            let own = bootstrap_rows(truth, (1_000, 5), tail, |counts| sampler.evaluate(counts));
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
    // The other metrics that rank or count by class, on the same ties and absent classes.
    for name in ["pr_auc", "f1", "balanced_accuracy"] {
        let sampler = MetricSampler::new(name, multiclass, &proba);
        for counts in &resamples {
            assert_one_pass_matches(&sampler, counts, name);
        }
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
        for name in ["roc_auc", "pr_auc", "f1", "balanced_accuracy"] {
            let sampler = MetricSampler::new(name, truth, &binary);
            for counts in &resamples {
                assert_one_pass_matches(&sampler, counts, &format!("{name}, class {class}"));
            }
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
    for name in CLASSIFICATION_METRICS {
        let sampler = MetricSampler::new(name, truth, &proba);
        assert!(!matches!(sampler.fast, Fast::Rebuild), "{name}");
        assert_one_pass_matches(&sampler, &counts, name);
        // A resample without a positive row: PR-AUC and F1 as the metrics define them.
        assert_one_pass_matches(&sampler, &[1, 0, 0, 1, 0, 1, 1, 0, 0, 1], name);
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
    for name in CLASSIFICATION_METRICS {
        let sampler = MetricSampler::new(name, truth3, &proba3);
        assert!(!matches!(sampler.fast, Fast::Rebuild), "{name}");
        for counts in [
            counts.clone(),
            vec![1; 10],
            vec![0, 2, 0, 1, 1, 0, 3, 0, 2, 1],
        ] {
            assert_one_pass_matches(&sampler, &counts, name);
        }
    }
    let values = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0];
    let predicted = [2.5, 1.5, 4.0, 2.0, 4.0, 7.0, 2.0, 6.5, 5.5, 3.0];
    for name in ["rmse", "mae", "r2"] {
        let sampler = MetricSampler::new(name, Truth::Values(&values), &predicted);
        assert_one_pass_matches(&sampler, &counts, name);
    }
}

/// Rows of three classes of 60 each, which both models rank and classify perfectly, and one
/// row of a fourth class, which `candidate` gets right and `baseline` wrong; as predictions of
/// each, with the truth.
fn three_plain_classes_and_a_scarce_one() -> (Vec<u32>, Vec<f64>, Vec<f64>) {
    let mut y: Vec<u32> = (0..180).map(|i| i % 3).collect();
    y.push(3);
    let confident = |class: u32| -> [f64; 4] {
        let mut row = [0.02; 4];
        row[class as usize] = 0.94;
        row
    };
    let candidate: Vec<f64> = y.iter().flat_map(|&t| confident(t)).collect();
    // The baseline calls the scarce row class 0 and ranks it last for its own class, but below
    // every row of class 0 or 1 for theirs, so their rankings stay perfect.
    let baseline: Vec<f64> = y
        .iter()
        .flat_map(|&t| {
            if t == 3 {
                [0.5, 0.48, 0.01, 0.01]
            } else {
                confident(t)
            }
        })
        .collect();
    (y, candidate, baseline)
}

/// A class of one row tells nothing about its term of a macro average beyond its being 0 to 1:
/// each model's interval spans that term's whole range (the three plain classes are perfect on
/// every resample, so it is exactly a quarter wide), and the gain's interval spans both models'
/// terms moving apart, so a candidate that differs from the baseline on that row alone is not
/// shown to beat it. Resampling the row gave the candidate a zero-width interval at 1.0 and a
/// gain of 0 to +0.25, never below 0.
#[test]
fn a_macro_average_over_a_class_of_one_row_is_bounded_by_that_class_s_range() {
    let (y, candidate, baseline) = three_plain_classes_and_a_scarce_one();
    let truth = Truth::Classes {
        y: &y,
        n_classes: 4,
        positive: None,
    };
    assert_eq!(scarce_classes(truth), vec![(3, 1)]);
    for metric in ["roc_auc", "pr_auc", "balanced_accuracy", "f1"] {
        let both = resample_models(metric, truth, &[&candidate], &baseline, 1_000, 7).unwrap();
        let (base, cand, gain) = (both.metrics[0], both.metrics[1], both.gains[0]);
        assert_eq!(cand.mean, 1.0, "{metric}");
        assert_eq!((cand.low, cand.high), (0.75, 1.0), "{metric}: {cand:?}");
        assert!(
            base.low <= base.mean && base.mean <= base.high,
            "{metric}: {base:?}"
        );
        assert!(gain.mean > 0.0, "{metric}: {gain:?}");
        assert_eq!(gain.low, -0.25, "{metric}: {gain:?}");
        // F1's class 0 loses precision to the baseline's wrong call, so its gain may reach
        // further up; the other three are perfect on the plain classes.
        if metric == "f1" {
            assert!(gain.high >= 0.25, "{gain:?}");
        } else {
            assert_eq!(gain.high, 0.25, "{metric}: {gain:?}");
        }
        assert_eq!(gain.p_positive, 0.0, "{metric}");
    }
}

/// From `SCARCE_CLASS_ROWS` rows on a class is resampled as any other: the same figures as
/// the plain bootstrap of the metric, and so are a binary task's and a row-mean metric's
/// (accuracy) with a class of one row.
#[test]
fn classes_of_five_rows_and_row_means_are_resampled_as_before() {
    let (mut y, mut candidate, mut baseline) = three_plain_classes_and_a_scarce_one();
    let one_row = |p: &[f64]| p[p.len() - 4..].to_vec();
    let (c, b) = (one_row(&candidate), one_row(&baseline));
    y.extend(std::iter::repeat_n(3, SCARCE_CLASS_ROWS - 1));
    for _ in 1..SCARCE_CLASS_ROWS {
        candidate.extend_from_slice(&c);
        baseline.extend_from_slice(&b);
    }
    let five = Truth::Classes {
        y: &y,
        n_classes: 4,
        positive: None,
    };
    assert!(scarce_classes(five).is_empty());
    let (y1, candidate1, baseline1) = three_plain_classes_and_a_scarce_one();
    let one = Truth::Classes {
        y: &y1,
        n_classes: 4,
        positive: None,
    };
    for (metric, truth, candidate, baseline) in [
        ("roc_auc", five, &candidate, &baseline),
        ("balanced_accuracy", five, &candidate, &baseline),
        ("accuracy", one, &candidate1, &baseline1),
    ] {
        let gain = paired_gain(metric, truth, candidate, baseline, 500, 3).unwrap();
        let (c, b) = (
            MetricSampler::new(metric, truth, candidate),
            MetricSampler::new(metric, truth, baseline),
        );
        let tail = expanded_tail(c.rows_scored_differently(&b));
        let plain = bootstrap_rows(truth, (500, 3), tail, |counts| {
            c.evaluate(counts) - b.evaluate(counts)
        })
        .unwrap();
        assert_eq!(gain, plain, "{metric}");
    }
    // With five rows the candidate's gain is clear.
    let gain = paired_gain("balanced_accuracy", five, &candidate, &baseline, 500, 3).unwrap();
    assert!(gain.low > 0.0, "{gain:?}");
}

/// A binary ROC-AUC's doubled placements against the pairs counted one by one, on scores with
/// many ties (a grid of 0.1): a positive's twice the negatives below it plus those tied with
/// it, a negative's twice the positives above it plus those tied with it.
#[test]
fn roc_auc_placements_are_the_pairs_each_row_ranks_right() {
    use crate::base::random::{rng_for, Stream};
    use rand::Rng;
    let mut rng = rng_for(5, Stream::Resample, 0);
    let mut noise = || rng.gen::<f64>();
    for n in [1, 2, 9, 300] {
        let y: Vec<u32> = (0..n).map(|_| u32::from(noise() < 0.4)).collect();
        let score: Vec<f64> = y
            .iter()
            .map(|&t| ((0.3 * f64::from(t) + noise()) * 10.0).round() / 10.0)
            .collect();
        let positive: Vec<bool> = y.iter().map(|&t| t == 1).collect();
        let placements = Ranked::new(score.clone(), positive.clone());
        let placements = placements.doubled_placements();
        for i in 0..n {
            let by_hand: u64 = (0..n)
                .filter(|&j| positive[j] != positive[i])
                .map(|j| {
                    let (p, q) = if positive[i] { (i, j) } else { (j, i) };
                    match score[p].total_cmp(&score[q]) {
                        std::cmp::Ordering::Greater => 2,
                        std::cmp::Ordering::Equal => 1,
                        std::cmp::Ordering::Less => 0,
                    }
                })
                .sum();
            assert_eq!(placements[i], by_hand, "row {i} of {n}");
        }
    }
}

/// The rows that carry a difference of two models' metrics: none for ROC-AUC when one model's
/// scores are a monotone transform of the other's (their areas are equal on every resample),
/// the two rows whose order across the classes a swap changes, and for a mean of per-row
/// values the rows whose value differs; and the gain's interval is read at
/// `expanded_tail` of that count.
#[test]
fn the_rows_two_models_score_differently_are_those_that_move_the_difference() {
    let y: Vec<u32> = (0..40).map(|i| u32::from(i % 3 == 0)).collect();
    let truth = Truth::Classes {
        y: &y,
        n_classes: 2,
        positive: Some(1),
    };
    let p: Vec<f64> = (0..40)
        .map(|i| (f64::from(y[i]) + (i as f64) / 40.0) / 2.0)
        .collect();
    let pairs = |p: &[f64]| -> Vec<f64> { p.iter().flat_map(|&v| [1.0 - v, v]).collect() };
    let baseline = pairs(&p);
    let squeezed = pairs(&p.iter().map(|v| v * v).collect::<Vec<_>>());
    let sampler = |name: &str, predictions| MetricSampler::new(name, truth, predictions);
    let count = |name, a, b| sampler(name, a).rows_scored_differently(&sampler(name, b));
    assert_eq!(count("roc_auc", &squeezed, &baseline), 0);
    // The highest-scored negative (row 38, 0.475) and the lowest positive (row 0, 0.5) swap:
    // each now ranks the other wrong, and no other row's placement moves but theirs.
    let mut swapped = p.clone();
    swapped.swap(0, 38);
    let swapped = pairs(&swapped);
    assert_eq!(count("roc_auc", &swapped, &baseline), 2);
    // Both rows are called class 0 before and after (0.5 is a tie, which goes to the first
    // class), so accuracy sees no row move; log loss sees both.
    assert_eq!(count("accuracy", &swapped, &baseline), 0);
    // Swapping the negative with the second-lowest positive (row 3, 0.5375) turns both calls
    // wrong, and moves three placements: the two rows' and row 0's (0.5, now below row 38).
    let mut crossed = p.clone();
    crossed.swap(3, 38);
    let crossed = pairs(&crossed);
    assert_eq!(count("accuracy", &crossed, &baseline), 2);
    assert_eq!(count("roc_auc", &crossed, &baseline), 3);
    assert_eq!(count("log_loss", &swapped, &baseline), 2);
    // Identical predictions: nothing carries a difference, and the interval is the plain one
    // (every resample gives 0).
    let same = paired_gain("roc_auc", truth, &baseline, &baseline, 500, 1).unwrap();
    assert_eq!((same.low, same.high), (0.0, 0.0));
    // Two rows carry the swap's loss: the interval reaches the resamples' extremes' neighbours,
    // wider than the plain 5th to 95th percentiles.
    let (c, b) = (sampler("roc_auc", &swapped), sampler("roc_auc", &baseline));
    let draws = |tail| {
        bootstrap_rows(truth, (1_000, 2), tail, |counts| {
            c.evaluate(counts) - b.evaluate(counts)
        })
        .unwrap()
    };
    let gain = paired_gain("roc_auc", truth, &swapped, &baseline, 1_000, 2).unwrap();
    assert_eq!(gain, draws(expanded_tail(2)));
    let plain = draws(TAIL);
    assert!(
        gain.low < plain.low && gain.high >= plain.high,
        "{gain:?} {plain:?}"
    );
}

/// The rows that carry one model's own metric: those off its commonest per-row term. Accuracy
/// with 3 errors in 40 rows: the 3; a perfect ranking: none (every positive above every
/// negative), and its interval is exactly 1; one negative scored above two positives: those
/// three; RMSE off by 1 on every row: none, and off by 0 to 6: every row but the commonest's.
#[test]
fn the_rows_that_carry_a_model_s_own_metric_are_those_off_its_commonest_term() {
    let y: Vec<u32> = (0..40).map(|i| u32::from(i % 4 == 0)).collect();
    let truth = Truth::Classes {
        y: &y,
        n_classes: 2,
        positive: Some(1),
    };
    // Positives at 0.6 and up, negatives under 0.4: every row ranked and called right.
    let p: Vec<f64> = (0..40)
        .map(|i| {
            if y[i] == 1 {
                0.6 + i as f64 / 200.0
            } else {
                0.39 - i as f64 / 200.0
            }
        })
        .collect();
    let pairs = |p: &[f64]| -> Vec<f64> { p.iter().flat_map(|&v| [1.0 - v, v]).collect() };
    let off = |name: &str, p: &[f64]| {
        let predictions = pairs(p);
        MetricSampler::new(name, truth, &predictions).rows_off_the_commonest()
    };
    assert_eq!(off("roc_auc", &p), 0);
    assert_eq!(off("accuracy", &p), 0);
    let perfect = resampled_metric("roc_auc", truth, &pairs(&p), 500, 1).unwrap();
    assert_eq!((perfect.low, perfect.high), (1.0, 1.0));
    // Three negatives called positive (0.45 to 0.55): three errors; the two above 0.5 rank
    // above no positive, so the ranking is still perfect.
    let mut wrong = p.clone();
    for (i, v) in [(1, 0.51), (2, 0.52), (3, 0.53)] {
        wrong[i] = v;
    }
    assert_eq!(off("accuracy", &wrong), 3);
    assert_eq!(off("roc_auc", &wrong), 0);
    // A negative above the two lowest positives (rows 0 and 4, 0.6 and 0.62): three rows.
    let mut misranked = p.clone();
    misranked[1] = 0.63;
    assert_eq!(off("roc_auc", &misranked), 3);
    let values: Vec<f64> = (0..35).map(|i| f64::from(i % 7)).collect();
    let rmse_off = |predictions: &[f64]| {
        MetricSampler::new("rmse", Truth::Values(&values), predictions).rows_off_the_commonest()
    };
    let by_one: Vec<f64> = values.iter().map(|v| v + 1.0).collect();
    assert_eq!(rmse_off(&by_one), 0);
    let uneven: Vec<f64> = values
        .iter()
        .enumerate()
        .map(|(i, v)| v + (i % 7) as f64)
        .collect();
    assert_eq!(rmse_off(&uneven), 30);
}
