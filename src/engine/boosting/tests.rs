use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::grow::{Grower, ROW_CHUNK};
use super::histogram::Sums;
use super::split::SplitInfo;
use super::BoostingParams;
use crate::base::task::TaskKind;
use crate::engine::binning::{BinMapper, BinnedMatrix, RawColumn, MISSING_CODE};
use crate::engine::tree::TargetRef;
use crate::metrics::roc_auc;

/// Bins `columns` with edges learned from every row.
fn bin(columns: &[RawColumn<'_>]) -> BinnedMatrix {
    let n_rows = columns[0].len() as u32;
    let rows: Vec<u32> = (0..n_rows).collect();
    BinMapper::fit(columns, &rows).transform(columns)
}

fn uniform(rng: &mut Xoshiro256PlusPlus, n: usize) -> Vec<f64> {
    (0..n).map(|_| rng.gen::<f64>()).collect()
}

fn params() -> BoostingParams {
    BoostingParams::lightgbm_default(TaskKind::Binary)
}

/// Probability of class 1 of each row of a binary prediction.
fn positive(predictions: &[f64]) -> Vec<f64> {
    predictions.chunks_exact(2).map(|p| p[1]).collect()
}

fn log_loss(probabilities: &[f64], y: &[u32]) -> f64 {
    let total: f64 = probabilities
        .iter()
        .zip(y)
        .map(|(&p, &label)| {
            let p = p.clamp(1e-15, 1.0 - 1e-15);
            if label == 1 {
                -p.ln()
            } else {
                -(1.0 - p).ln()
            }
        })
        .sum();
    total / y.len() as f64
}

/// A noisy linear boundary in two of four features.
struct BinaryProblem {
    x: BinnedMatrix,
    y: Vec<u32>,
}

fn binary_problem(n: usize, seed: u64) -> BinaryProblem {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let columns: Vec<Vec<f64>> = (0..4).map(|_| uniform(&mut rng, n)).collect();
    let y: Vec<u32> = (0..n)
        .map(|i| {
            let signal = columns[0][i] + 0.5 * columns[1][i] - 0.75;
            u32::from(signal + 0.15 * (rng.gen::<f64>() - 0.5) > 0.0)
        })
        .collect();
    let raw: Vec<RawColumn<'_>> = columns.iter().map(|c| RawColumn::Numeric(c)).collect();
    BinaryProblem { x: bin(&raw), y }
}

fn classes(y: &[u32], n_classes: usize) -> TargetRef<'_> {
    TargetRef::Classes { y, n_classes }
}

#[test]
fn binary_is_learned_and_training_loss_falls_with_rounds() {
    let problem = binary_problem(4000, 1);
    let train: Vec<u32> = (0..3000).collect();
    let test: Vec<u32> = (3000..4000).collect();
    let target = classes(&problem.y, 2);
    let model = params()
        .check()
        .unwrap()
        .fit_binned(&problem.x, target, &train);
    let p = positive(&model.predict(&problem.x, &test));
    let truth: Vec<bool> = test.iter().map(|&r| problem.y[r as usize] == 1).collect();
    let auc = roc_auc(&truth, &p).unwrap();
    assert!(auc > 0.97, "test ROC-AUC {auc}");
    assert_eq!(model.output_width(), 2);
    assert_eq!(model.n_rounds_used(), 100);

    let train_y: Vec<u32> = train.iter().map(|&r| problem.y[r as usize]).collect();
    let mut losses = Vec::new();
    for n_rounds in [1, 5, 20, 100] {
        let model = BoostingParams {
            n_rounds,
            ..params()
        }
        .check()
        .unwrap()
        .fit_binned(&problem.x, target, &train);
        let p = positive(&model.predict(&problem.x, &train));
        losses.push(log_loss(&p, &train_y));
    }
    let base_rate = train_y.iter().sum::<u32>() as f64 / train_y.len() as f64;
    let trivial = log_loss(&vec![base_rate; train_y.len()], &train_y);
    assert!(losses[0] < trivial, "{losses:?} vs trivial {trivial}");
    assert!(
        losses.windows(2).all(|pair| pair[1] < pair[0]),
        "training log loss falls: {losses:?}"
    );
    assert!(losses[3] < 0.25 * trivial, "{losses:?}");
}

#[test]
fn binary_probabilities_are_in_class_order() {
    let problem = binary_problem(2000, 2);
    let rows: Vec<u32> = (0..2000).collect();
    let model = params()
        .check()
        .unwrap()
        .fit_binned(&problem.x, classes(&problem.y, 2), &rows);
    let predictions = model.predict(&problem.x, &rows);
    assert_eq!(predictions.len(), 2 * rows.len());
    for p in predictions.chunks_exact(2) {
        assert!((p[0] + p[1] - 1.0).abs() < 1e-12);
    }
    // Column 1 is class 1's probability: it is the larger one on class-1 rows.
    let correct = predictions
        .chunks_exact(2)
        .zip(&problem.y)
        .filter(|(p, &label)| (p[1] > p[0]) == (label == 1))
        .count();
    assert!(correct as f64 > 0.95 * rows.len() as f64, "{correct}");
}

#[test]
fn regression_fits_a_known_function() {
    let n = 6000;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
    let a = uniform(&mut rng, n);
    let b = uniform(&mut rng, n);
    let noise = uniform(&mut rng, n);
    let y: Vec<f64> = (0..n)
        .map(|i| (6.0 * a[i]).sin() * 2.0 + 3.0 * b[i] + 10.0)
        .collect();
    let x = bin(&[
        RawColumn::Numeric(&a),
        RawColumn::Numeric(&b),
        RawColumn::Numeric(&noise),
    ]);
    let train: Vec<u32> = (0..5000).collect();
    let test: Vec<u32> = (5000..n as u32).collect();
    let params = BoostingParams {
        n_rounds: 300,
        ..BoostingParams::lightgbm_default(TaskKind::Regression)
    };
    let model = params
        .check()
        .unwrap()
        .fit_binned(&x, TargetRef::Values(&y), &train);
    assert_eq!(model.output_width(), 1);
    let predictions = model.predict(&x, &test);
    let mse: f64 = test
        .iter()
        .zip(&predictions)
        .map(|(&r, p)| (p - y[r as usize]).powi(2))
        .sum::<f64>()
        / test.len() as f64;
    let mean = y.iter().sum::<f64>() / n as f64;
    let variance = y.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n as f64;
    // The target's spread is about 1.6; leaves of 20 rows and 255 bins leave a small error.
    assert!(mse < 0.01 * variance, "test MSE {mse}, variance {variance}");
}

#[test]
fn multiclass_separable_classes() {
    let n = 3000;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(4);
    let a = uniform(&mut rng, n);
    let b = uniform(&mut rng, n);
    let y: Vec<u32> = a
        .iter()
        .zip(&b)
        .map(|(&a, &b)| {
            if a < 0.33 {
                0
            } else if b < 0.5 {
                1
            } else {
                2
            }
        })
        .collect();
    let x = bin(&[RawColumn::Numeric(&a), RawColumn::Numeric(&b)]);
    let train: Vec<u32> = (0..2000).collect();
    let test: Vec<u32> = (2000..n as u32).collect();
    let params = BoostingParams::lightgbm_default(TaskKind::Multiclass);
    let model = params
        .check()
        .unwrap()
        .fit_binned(&x, classes(&y, 3), &train);
    assert_eq!(model.output_width(), 3);
    assert_eq!(model.n_rounds_used(), 100);
    let predictions = model.predict(&x, &test);
    let mut correct = 0;
    for (p, &row) in predictions.chunks_exact(3).zip(&test) {
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{p:?}");
        assert!(p.iter().all(|&q| (0.0..=1.0).contains(&q)));
        let argmax = (0..3).max_by(|&i, &j| p[i].total_cmp(&p[j])).unwrap();
        correct += usize::from(argmax as u32 == y[row as usize]);
    }
    let accuracy = correct as f64 / test.len() as f64;
    assert!(accuracy > 0.97, "accuracy {accuracy}");
}

/// A problem with everything a tree can meet: missing values, a categorical feature,
/// informative and noise features.
fn mixed_problem(n: usize, seed: u64) -> (BinnedMatrix, Vec<u32>) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut a = uniform(&mut rng, n);
    let b = uniform(&mut rng, n);
    let noise = uniform(&mut rng, n);
    let codes: Vec<u32> = (0..n)
        .map(|_| {
            let code = rng.gen_range(0..12u32);
            if code == 11 {
                MISSING_CODE
            } else {
                code
            }
        })
        .collect();
    let y: Vec<u32> = (0..n)
        .map(|i| {
            let category = if codes[i] % 3 == 0 { 0.4 } else { -0.2 };
            let signal = a[i] - b[i] + category + 0.5 * (rng.gen::<f64>() - 0.5);
            u32::from(signal > 0.0)
        })
        .collect();
    for value in a.iter_mut().step_by(7) {
        *value = f64::NAN;
    }
    let x = bin(&[
        RawColumn::Numeric(&a),
        RawColumn::Numeric(&b),
        RawColumn::Categorical(&codes),
        RawColumn::Numeric(&noise),
    ]);
    (x, y)
}

#[test]
fn histogram_subtraction_grows_the_same_trees() {
    let (x, y) = mixed_problem(5000, 5);
    let rows: Vec<u32> = (0..5000).collect();
    for params in [
        params(),
        BoostingParams {
            row_subsample: 0.7,
            feature_subsample: 0.75,
            max_depth: Some(5),
            l2: 1.0,
            n_rounds: 40,
            ..params()
        },
    ] {
        let checked = params.check().unwrap();
        let with = checked.fit_binned(&x, classes(&y, 2), &rows);
        let without = checked
            .clone()
            .without_subtraction()
            .fit_binned(&x, classes(&y, 2), &rows);
        assert_eq!(with.trees.len(), without.trees.len());
        for (a, b) in with.trees.iter().zip(&without.trees) {
            assert_eq!(a.nodes, b.nodes);
            assert_eq!(a.category_sets, b.category_sets);
            for (u, v) in a.values.iter().zip(&b.values) {
                assert!((u - v).abs() <= 1e-9 * u.abs().max(1e-3), "{u} vs {v}");
            }
        }
        assert!(with.n_nodes() > 100 * 3);
    }
}

#[test]
fn same_seed_gives_identical_models_on_one_or_two_threads() {
    // Enough rows that histograms are built in parallel.
    let (x, y) = mixed_problem(30_000, 6);
    let rows: Vec<u32> = (0..30_000).collect();
    let params = BoostingParams {
        row_subsample: 0.8,
        feature_subsample: 0.75,
        early_stopping_rounds: Some(10),
        n_rounds: 60,
        seed: 17,
        ..params()
    };
    // Three classes too: softmax keeps its scores and gradients class after class.
    let y3: Vec<u32> = y
        .iter()
        .enumerate()
        .map(|(i, &label)| if label == 0 && i % 3 == 0 { 2 } else { label })
        .collect();
    let fit = |threads: usize, y: &[u32], n_classes: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| {
                let model = params
                    .check()
                    .unwrap()
                    .fit_binned(&x, classes(y, n_classes), &rows);
                (model.predict(&x, &rows), model)
            })
    };
    let (one, model_one) = fit(1, &y, 2);
    let (two, model_two) = fit(2, &y, 2);
    assert_eq!(one, two);
    assert_eq!(model_one, model_two);
    let (one3, model_one3) = fit(1, &y3, 3);
    let (two3, model_two3) = fit(2, &y3, 3);
    assert_eq!(one3, two3);
    assert_eq!(model_one3, model_two3);
    assert_eq!(model_one3.output_width(), 3);
    let other_seed = BoostingParams { seed: 18, ..params }
        .check()
        .unwrap()
        .fit_binned(&x, classes(&y, 2), &rows);
    assert_ne!(
        other_seed, model_one,
        "the seed drives bagging and sampling"
    );
}

#[test]
fn early_stopping_stops_on_noise_and_reads_only_training_rows() {
    let n = 4000;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
    let columns: Vec<Vec<f64>> = (0..3).map(|_| uniform(&mut rng, n)).collect();
    let y: Vec<u32> = (0..n).map(|_| rng.gen_range(0..2)).collect();
    let raw: Vec<RawColumn<'_>> = columns.iter().map(|c| RawColumn::Numeric(c)).collect();
    let x = bin(&raw);
    let train: Vec<u32> = (0..n as u32).filter(|r| r % 4 != 0).collect();
    let params = BoostingParams {
        n_rounds: 300,
        early_stopping_rounds: Some(10),
        early_stopping_fraction: 0.2,
        ..params()
    };
    let checked = params.check().unwrap();
    let model = checked.fit_binned(&x, classes(&y, 2), &train);
    assert!(
        model.n_rounds_used() < 50,
        "stopped after {} rounds",
        model.n_rounds_used()
    );
    // Rows outside `train` (the validation and test rows of a run) may hold anything: the
    // model cannot change.
    let mut y_other = y.clone();
    for row in (0..n).filter(|r| r % 4 == 0) {
        y_other[row] = 1 - y_other[row];
    }
    let again = checked.fit_binned(&x, classes(&y_other, 2), &train);
    assert_eq!(model, again);
    // Without early stopping every round is kept.
    let full = BoostingParams {
        early_stopping_rounds: None,
        ..params
    }
    .check()
    .unwrap()
    .fit_binned(&x, classes(&y, 2), &train);
    assert_eq!(full.n_rounds_used(), 300);
}

#[test]
fn early_stopping_keeps_learning_on_signal() {
    let problem = binary_problem(4000, 8);
    let rows: Vec<u32> = (0..4000).collect();
    let model = BoostingParams {
        n_rounds: 60,
        early_stopping_rounds: Some(10),
        ..params()
    }
    .check()
    .unwrap()
    .fit_binned(&problem.x, classes(&problem.y, 2), &rows);
    assert!(model.n_rounds_used() >= 30, "{}", model.n_rounds_used());
}

#[test]
fn categories_that_encode_the_label_are_learned_perfectly() {
    let n = 3000;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(9);
    // Category codes whose label pattern no threshold on the code could carve out.
    let codes: Vec<u32> = (0..n).map(|_| rng.gen_range(0..20u32)).collect();
    let y: Vec<u32> = codes.iter().map(|&c| u32::from((c * 7) % 5 < 2)).collect();
    let noise = uniform(&mut rng, n);
    let x = bin(&[RawColumn::Numeric(&noise), RawColumn::Categorical(&codes)]);
    let train: Vec<u32> = (0..2000).collect();
    let test: Vec<u32> = (2000..n as u32).collect();
    let model = BoostingParams {
        n_rounds: 30,
        ..params()
    }
    .check()
    .unwrap()
    .fit_binned(&x, classes(&y, 2), &train);
    let p = positive(&model.predict(&x, &test));
    for (&row, &p) in test.iter().zip(&p) {
        assert_eq!(u32::from(p > 0.5), y[row as usize], "row {row}: p = {p}");
    }
    // One category-set split suffices: the first tree's root splits on the category.
    assert_eq!(model.trees[0].nodes[0].feature(), 1);
    assert!(model.trees[0].nodes[0].is_categorical());
}

#[test]
fn missing_values_that_carry_signal_go_the_right_way() {
    let n = 4000;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(10);
    let mut a = uniform(&mut rng, n);
    let missing: Vec<bool> = (0..n).map(|_| rng.gen::<f64>() < 0.2).collect();
    for (value, &gone) in a.iter_mut().zip(&missing) {
        if gone {
            *value = f64::NAN;
        }
    }
    // Missing rows behave like high values in one task and like low values in the other,
    // so each direction must be learned.
    for missing_label in [1u32, 0] {
        let y: Vec<u32> = (0..n)
            .map(|i| {
                if missing[i] {
                    missing_label
                } else {
                    u32::from(a[i] > 0.5)
                }
            })
            .collect();
        let x = bin(&[RawColumn::Numeric(&a)]);
        let train: Vec<u32> = (0..3000).collect();
        let model = BoostingParams {
            n_rounds: 30,
            ..params()
        }
        .check()
        .unwrap()
        .fit_binned(&x, classes(&y, 2), &train);
        let test: Vec<u32> = (3000..n as u32).collect();
        let p = positive(&model.predict(&x, &test));
        for (&row, &p) in test.iter().zip(&p) {
            let expected = y[row as usize];
            assert_eq!(
                u32::from(p > 0.5),
                expected,
                "row {row} (missing {}): p = {p}",
                missing[row as usize]
            );
        }
    }
}

#[test]
fn leaves_and_depth_are_capped() {
    let problem = binary_problem(5000, 11);
    let rows: Vec<u32> = (0..5000).collect();
    let target = classes(&problem.y, 2);
    let model = BoostingParams {
        max_leaves: 8,
        n_rounds: 10,
        min_samples_leaf: 1,
        ..params()
    }
    .check()
    .unwrap()
    .fit_binned(&problem.x, target, &rows);
    for tree in &model.trees {
        let leaves = tree.nodes.iter().filter(|n| n.is_leaf()).count();
        assert!(leaves <= 8);
        assert_eq!(tree.nodes.len(), 2 * leaves - 1);
    }
    assert_eq!(
        model.n_nodes(),
        10 * 15,
        "trees grow to the cap on this data"
    );
    let shallow = BoostingParams {
        max_depth: Some(2),
        n_rounds: 10,
        ..params()
    }
    .check()
    .unwrap()
    .fit_binned(&problem.x, target, &rows);
    assert!(shallow.trees.iter().all(|tree| tree.depth() <= 2));
    assert!(shallow.mean_depth() > 1.0);
    assert!(shallow.bytes() > 0);
}

#[test]
fn leaf_wise_growth_splits_the_best_leaf_first() {
    // All signal sits on one side of the first split, so a 3-leaf tree splits that side
    // again rather than the other one, which depth-first or level-wise growth would do.
    let n = 4000;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(12);
    let a = uniform(&mut rng, n);
    let b = uniform(&mut rng, n);
    let y: Vec<u32> = (0..n)
        .map(|i| u32::from(a[i] > 0.5 && b[i] > 0.5))
        .collect();
    let x = bin(&[RawColumn::Numeric(&a), RawColumn::Numeric(&b)]);
    let rows: Vec<u32> = (0..n as u32).collect();
    let model = BoostingParams {
        max_leaves: 3,
        n_rounds: 1,
        ..params()
    }
    .check()
    .unwrap()
    .fit_binned(&x, classes(&y, 2), &rows);
    let tree = &model.trees[0];
    let root = tree.nodes[0];
    let (left, right) = root.children();
    let split_children = [left, right]
        .iter()
        .filter(|&&child| !tree.nodes[child].is_leaf())
        .count();
    assert_eq!(split_children, 1);
    assert_eq!(tree.depth(), 2);
}

#[test]
fn check_rejects_bad_parameters() {
    let bad = [
        BoostingParams {
            learning_rate: 0.0,
            ..params()
        },
        BoostingParams {
            learning_rate: f64::NAN,
            ..params()
        },
        BoostingParams {
            n_rounds: 0,
            ..params()
        },
        BoostingParams {
            max_leaves: 1,
            ..params()
        },
        BoostingParams {
            max_depth: Some(0),
            ..params()
        },
        BoostingParams {
            min_samples_leaf: 0,
            ..params()
        },
        BoostingParams {
            l2: -1.0,
            ..params()
        },
        BoostingParams {
            row_subsample: 0.0,
            ..params()
        },
        BoostingParams {
            feature_subsample: 1.5,
            ..params()
        },
        BoostingParams {
            early_stopping_rounds: Some(0),
            ..params()
        },
        BoostingParams {
            early_stopping_rounds: Some(5),
            early_stopping_fraction: 1.0,
            ..params()
        },
    ];
    for params in bad {
        assert!(params.check().is_err(), "{params:?}");
    }
    assert!(params().check().is_ok());
    let json = serde_json::to_string(&params()).unwrap();
    let back: BoostingParams = serde_json::from_str(&json).unwrap();
    assert_eq!(back, params());
}

#[test]
fn chunked_parallel_partition_is_the_stable_partition() {
    // Enough rows for the chunked parallel path, on one thread and on two.
    let n = 10 * ROW_CHUNK + 123;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(14);
    let a = uniform(&mut rng, n);
    let x = bin(&[RawColumn::Numeric(&a)]);
    let bins = x.column(0).to_vec();
    let params = params();
    let split = SplitInfo {
        feature: 0,
        gain: 1.0,
        threshold: 100,
        default_left: false,
        category_set: None,
        left: Sums::default(),
        right: Sums::default(),
    };
    // A leaf's rows: every third position, shuffled a little so order matters.
    let mut rows: Vec<u32> = (0..n as u32).filter(|r| r % 3 != 0).collect();
    rows.swap(5, 70_000);
    let (expected_left, expected_right): (Vec<u32>, Vec<u32>) = rows
        .iter()
        .partition(|&&row| split.goes_left(bins[row as usize]));
    for threads in [1, 2] {
        let mut grower = Grower::new(&x, &bins, &params, 10.0, true, n);
        let mut got = rows.clone();
        let n_left = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| grower.partition(&mut got, &split));
        assert_eq!(n_left, expected_left.len());
        assert_eq!(got[..n_left], expected_left[..]);
        assert_eq!(got[n_left..], expected_right[..]);
    }
}

#[test]
fn no_training_rows_predicts_the_prior() {
    let problem = binary_problem(100, 13);
    let model = params()
        .check()
        .unwrap()
        .fit_binned(&problem.x, classes(&problem.y, 2), &[]);
    assert_eq!(model.n_rounds_used(), 0);
    let predictions = model.predict(&problem.x, &[0, 1]);
    assert_eq!(predictions.len(), 4);
    assert!(predictions.iter().all(|p| p.is_finite()));
}

#[test]
fn a_row_far_from_its_class_costs_at_most_what_a_probability_of_1e_15_costs() {
    // Scores 1,000 apart: uncapped, this one row weighed as much as 29 rows at that probability.
    let objective = super::objective::Objective::Softmax { n_classes: 3 };
    let cap = -(1e-15f64).ln();
    let loss = objective.loss(&[0.0, 1000.0, 0.0], &[0.0]);
    assert!((loss - cap).abs() < 1e-9, "{loss}");
    // A row well predicted is not touched by the cap.
    let fine = objective.loss(&[2.0, 0.0, 0.0], &[0.0]);
    let expected = -(2f64.exp() / (2f64.exp() + 2.0)).ln();
    assert!((fine - expected).abs() < 1e-12, "{fine}");
}

/// KDD Cup 99's shape in small: one class holds most rows, a dozen rare ones are told apart by
/// a few bins each. An uncapped Newton step on the rare classes' nearly hessian-free leaves sent
/// the softmax scores back and forth until the model ranked no better than chance; capped, every
/// leaf moves a score by at most 10 x the learning rate and the classes are learned.
#[test]
fn softmax_with_rare_classes_does_not_diverge() {
    let n = 6000;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(21);
    let a = uniform(&mut rng, n);
    let b = uniform(&mut rng, n);
    let n_classes = 13;
    let y: Vec<u32> = a
        .iter()
        .zip(&b)
        .map(|(&a, &b)| {
            // Rows with a above 0.85 belong to one of 12 rare classes by b's band; 5% of the
            // labels are drawn at random.
            let class = if a > 0.85 { 1 + (b * 12.0) as u32 } else { 0 };
            if rng.gen::<f64>() < 0.05 {
                rng.gen_range(0..n_classes as u32)
            } else {
                class
            }
        })
        .collect();
    let x = bin(&[RawColumn::Numeric(&a), RawColumn::Numeric(&b)]);
    let train: Vec<u32> = (0..4000).collect();
    let test: Vec<u32> = (4000..n as u32).collect();
    let mut params = BoostingParams::lightgbm_default(TaskKind::Multiclass);
    params.learning_rate = 0.5;
    let model = params
        .check()
        .unwrap()
        .fit_binned(&x, classes(&y, n_classes), &train);
    let largest_step = model
        .trees
        .iter()
        .flat_map(|tree| tree.values.iter())
        .fold(0.0f64, |most, v| most.max(v.abs()));
    assert!(largest_step <= 10.0 * 0.5 + 1e-12, "{largest_step}");
    let predictions = model.predict(&x, &test);
    let correct = predictions
        .chunks_exact(n_classes)
        .zip(&test)
        .filter(|(p, &row)| {
            let argmax = (0..n_classes)
                .max_by(|&i, &j| p[i].total_cmp(&p[j]))
                .unwrap();
            argmax as u32 == y[row as usize]
        })
        .count();
    let accuracy = correct as f64 / test.len() as f64;
    // 5% of the labels are noise; a diverged model misses far more.
    assert!(accuracy > 0.9, "accuracy {accuracy}");
}

/// A feature whose rows mostly share one bin has that bin filled from the leaf's totals, not
/// summed row by row; every bin still holds what its rows sum to, on the parallel path (a leaf
/// of many rows) and the serial one, where one bin holds every row too.
#[test]
fn histograms_fill_the_commonest_bin_from_the_leafs_totals() {
    use super::grow::NO_SKIPPED_BIN;
    use super::histogram::{Gradients, BINS, HIST_STRIDE};
    let n = 10 * ROW_CHUNK + 77;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(31);
    // Mostly zero (a count of rare events), uniform, and constant.
    let sparse: Vec<f64> = (0..n)
        .map(|_| {
            if rng.gen::<f64>() < 0.9 {
                0.0
            } else {
                f64::from(rng.gen_range(1..20u8))
            }
        })
        .collect();
    let dense = uniform(&mut rng, n);
    let constant = vec![3.0; n];
    // Zero in about seven rows of ten: skipped, but through the spare bins, not a branch.
    let mostly: Vec<f64> = (0..n)
        .map(|_| {
            if rng.gen::<f64>() < 0.7 {
                0.0
            } else {
                f64::from(rng.gen_range(1..5u8))
            }
        })
        .collect();
    let x = bin(&[
        RawColumn::Numeric(&sparse),
        RawColumn::Numeric(&dense),
        RawColumn::Numeric(&constant),
        RawColumn::Numeric(&mostly),
    ]);
    let bins: Vec<u8> = (0..4).flat_map(|f| x.column(f).to_vec()).collect();
    let gh: Vec<[f32; 2]> = (0..n)
        .map(|_| [rng.gen::<f32>() - 0.5, rng.gen::<f32>()])
        .collect();
    let params = params();
    let mut grower = Grower::new(&x, &bins, &params, 10.0, true, n);
    assert_ne!(grower.skipped_bins[0], NO_SKIPPED_BIN);
    assert_eq!(grower.skipped_bins[1], NO_SKIPPED_BIN);
    assert_ne!(grower.skipped_bins[2], NO_SKIPPED_BIN);
    assert_ne!(grower.skipped_bins[3], NO_SKIPPED_BIN);
    assert!(grower.branch_skipped[2]);
    assert!(!grower.branch_skipped[3]);
    for rows in [
        (0..n as u32).filter(|r| r % 4 != 1).collect::<Vec<u32>>(),
        (0..3000).collect(),
    ] {
        let slot = grower.take_slot();
        grower.build(slot, &rows, &Gradients(&gh), &[true; 4]);
        for feature in 0..4 {
            let mut expected = vec![(0.0f64, 0.0f64, 0u32); BINS];
            for &row in &rows {
                let entry = &mut expected[x.column(feature)[row as usize] as usize];
                entry.0 += f64::from(gh[row as usize][0]);
                entry.1 += f64::from(gh[row as usize][1]);
                entry.2 += 1;
            }
            for (bin, &(grad, hess, count)) in expected.iter().enumerate() {
                let got = grower.pool[slot][feature * HIST_STRIDE + bin];
                assert_eq!(got.count, count, "feature {feature} bin {bin}");
                assert!((got.grad - grad).abs() < 1e-6, "{} vs {grad}", got.grad);
                assert!((got.hess - hess).abs() < 1e-6, "{} vs {hess}", got.hess);
            }
        }
        grower.free.push(slot);
    }
}
