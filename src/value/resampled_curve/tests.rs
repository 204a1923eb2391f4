//! The resampled curves against the curves' own points: on the rows themselves (every row drawn
//! once) they are the points, and on a resample they are the points of the rows it drew, each
//! repeated as often as it was drawn, computed the slow way.

use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::*;
use crate::value::capacity::capped_value_curve;
use crate::value::decision::value_curve;

const STEPS: usize = 100;

/// Rows to draw curves of: probabilities on the grid and off it, tied ones, a missing one;
/// per-row payoffs (tied gains too, from rows alike); truth drawn from the probability.
struct Rows {
    p: Vec<f64>,
    y: Vec<bool>,
    payoffs: RowPayoffs,
}

fn rows(n: usize, seed: u64) -> Rows {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let p: Vec<f64> = (0..n)
        .map(|i| match i % 7 {
            // On a threshold exactly, and tied with others.
            0 => f64::from(rng.gen_range(0..=20u32)) / 20.0,
            1 if i == 1 => f64::NAN,
            _ => rng.gen::<f64>(),
        })
        .collect();
    let y: Vec<bool> = p.iter().map(|&p| rng.gen::<f64>() < p).collect();
    let amount: Vec<f64> = (0..n).map(|_| f64::from(rng.gen_range(1..=4u32))).collect();
    let payoffs = RowPayoffs {
        tp: amount.iter().map(|a| 10.0 * a - 1.0).collect(),
        fp: vec![-1.0; n],
        fn_: amount.iter().map(|a| -5.0 * a).collect(),
        tn: vec![0.0; n],
    };
    Rows { p, y, payoffs }
}

/// `band`'s values on a resample drawn `counts` times.
fn on(points: usize, values: impl Fn(&[u32], &mut [f64]), counts: &[u32]) -> Vec<f64> {
    let mut out = vec![f64::NAN; points];
    values(counts, &mut out);
    out
}

fn assert_close(fast: &[f64], slow: &[f64], what: &str) {
    assert_eq!(fast.len(), slow.len(), "{what}");
    for (k, (a, b)) in fast.iter().zip(slow).enumerate() {
        assert!(
            (a - b).abs() <= 1e-9 * b.abs().max(1.0),
            "{what}, step {k}: {a} against {b}"
        );
    }
}

/// The rows a resample drew, each as often as it was drawn, in row order.
fn repeated(counts: &[u32]) -> Vec<usize> {
    counts
        .iter()
        .enumerate()
        .flat_map(|(i, &k)| std::iter::repeat_n(i, k as usize))
        .collect()
}

fn pick<T: Copy>(values: &[T], drawn: &[usize]) -> Vec<T> {
    drawn.iter().map(|&i| values[i]).collect()
}

fn pick_payoffs(payoffs: &RowPayoffs, drawn: &[usize]) -> RowPayoffs {
    RowPayoffs {
        tp: pick(&payoffs.tp, drawn),
        fp: pick(&payoffs.fp, drawn),
        fn_: pick(&payoffs.fn_, drawn),
        tn: pick(&payoffs.tn, drawn),
    }
}

/// A resample of `n` rows, drawn with replacement.
fn counts(n: usize, rng: &mut Xoshiro256PlusPlus) -> Vec<u32> {
    let mut counts = vec![0u32; n];
    for _ in 0..n {
        counts[rng.gen_range(0..n)] += 1;
    }
    counts
}

#[test]
fn a_row_acts_up_to_its_last_step_and_no_further() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
    let grid = (0..=STEPS).map(|k| threshold(k, STEPS));
    let near = grid.clone().flat_map(|t| [t, t - 1e-12, t + 1e-12]);
    let drawn = (0..500).map(|_| rng.gen::<f64>());
    for p in grid.chain(near).chain(drawn).chain([1.0, 1.5, 0.0, -0.0]) {
        let last = last_step(p, STEPS);
        for k in 0..=STEPS {
            let acts = last.is_some_and(|last| k <= last);
            assert_eq!(acts, p >= threshold(k, STEPS), "p {p}, step {k}");
        }
    }
    assert_eq!(last_step(f64::NAN, STEPS), None);
    assert_eq!(last_step(-0.1, STEPS), None);
}

/// Every row drawn once: the resampled curves are the curves' points.
#[test]
fn on_the_rows_themselves_the_curves_are_their_points() {
    for (n, seed) in [(1, 1), (2, 2), (9, 3), (300, 4)] {
        let Rows { p, y, payoffs } = rows(n, seed);
        let ones = vec![1u32; n];
        let points = |curve: Vec<(f64, f64)>| curve.into_iter().map(|(_, v)| v).collect::<Vec<_>>();
        let free = ThresholdBand::new(&p, &y, &payoffs, None, STEPS);
        assert_close(
            &on(free.points(), |c, o| free.values(c, o), &ones),
            &points(value_curve(&p, &y, &payoffs, STEPS)),
            &format!("threshold, {n} rows"),
        );
        for allowed in [0, 1, n / 3, n - 1, n] {
            let capped = ThresholdBand::new(&p, &y, &payoffs, Some(allowed), STEPS);
            assert_close(
                &on(capped.points(), |c, o| capped.values(c, o), &ones),
                &points(capped_value_curve(&p, &y, &payoffs, allowed, STEPS)),
                &format!("threshold, {n} rows, {allowed} allowed"),
            );
        }
        let acting: Vec<bool> = p.iter().map(|&p| p >= 0.4).collect();
        let capacity = CapacityRows::binary(acting, gain_of_acting(&p, &payoffs), &y, &payoffs);
        let band = CapacityBand::new(&capacity, STEPS);
        assert_close(
            &on(band.points(), |c, o| band.values(c, o), &ones),
            &points(capacity.curve(STEPS)),
            &format!("capacity, {n} rows"),
        );
    }
}

/// On a resample, each curve is the curve of the rows it drew, each repeated as often as it
/// was drawn (the slow way: the rows written out and the points computed on them), with as
/// many rows allowed as on the set: a capacity is a number of decisions.
#[test]
fn on_a_resample_the_curves_are_those_of_the_rows_drawn() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(17);
    for (n, seed) in [(5, 5), (60, 6), (400, 7)] {
        let Rows { p, y, payoffs } = rows(n, seed);
        let acting: Vec<bool> = p.iter().map(|&p| p >= 0.3).collect();
        let gain = gain_of_acting(&p, &payoffs);
        let capacity = CapacityRows::binary(acting.clone(), gain.clone(), &y, &payoffs);
        let free = ThresholdBand::new(&p, &y, &payoffs, None, STEPS);
        let allowed = n / 4 + 1;
        let capped = ThresholdBand::new(&p, &y, &payoffs, Some(allowed), STEPS);
        let band = CapacityBand::new(&capacity, STEPS);
        for _ in 0..20 {
            let counts = counts(n, &mut rng);
            let drawn = repeated(&counts);
            let (p_drawn, y_drawn) = (pick(&p, &drawn), pick(&y, &drawn));
            let pay_drawn = pick_payoffs(&payoffs, &drawn);
            let values = |curve: Vec<(f64, f64)>| curve.into_iter().map(|(_, v)| v).collect();
            let slow: Vec<f64> = values(value_curve(&p_drawn, &y_drawn, &pay_drawn, STEPS));
            assert_close(
                &on(free.points(), |c, o| free.values(c, o), &counts),
                &slow,
                "free",
            );
            let slow: Vec<f64> = values(capped_value_curve(
                &p_drawn, &y_drawn, &pay_drawn, allowed, STEPS,
            ));
            assert_close(
                &on(capped.points(), |c, o| capped.values(c, o), &counts),
                &slow,
                "capped",
            );
            let slow_rows = CapacityRows::binary(
                pick(&acting, &drawn),
                pick(&gain, &drawn),
                &y_drawn,
                &pay_drawn,
            );
            assert_close(
                &on(band.points(), |c, o| band.values(c, o), &counts),
                &values(slow_rows.curve(STEPS)),
                "capacity",
            );
        }
    }
}

/// A multiclass model's capacity curve on a resample, against the rows drawn written out.
#[test]
fn a_multiclass_capacity_curve_on_a_resample_is_that_of_the_rows_drawn() {
    let costs = vec![
        vec![0.0, 1.0, 1.0],
        vec![10.0, 0.0, 1.0],
        vec![20.0, 5.0, 0.0],
    ];
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(23);
    let n = 150;
    let proba: Vec<f64> = (0..n)
        .flat_map(|_| {
            let (a, b) = (rng.gen::<f64>(), rng.gen::<f64>());
            let total = 1.0 + a + b;
            [1.0 / total, a / total, b / total]
        })
        .collect();
    let y: Vec<u32> = (0..n).map(|_| rng.gen_range(0..3u32)).collect();
    let decisions = crate::value::decision::expected_cost_decisions(&proba, 3, &costs);
    let gain = crate::value::capacity::gain_of_reviewing(&proba, 3, &costs, 0);
    let rows = CapacityRows::classes(&decisions, gain.clone(), 0, &y, &costs);
    let band = CapacityBand::new(&rows, STEPS);
    for _ in 0..10 {
        let counts = counts(n, &mut rng);
        let drawn = repeated(&counts);
        let slow = CapacityRows::classes(
            &pick(&decisions, &drawn),
            pick(&gain, &drawn),
            0,
            &pick(&y, &drawn),
            &costs,
        );
        let slow: Vec<f64> = slow.curve(STEPS).into_iter().map(|(_, v)| v).collect();
        assert_close(
            &on(band.points(), |c, o| band.values(c, o), &counts),
            &slow,
            "classes",
        );
    }
}

#[test]
fn curves_of_no_rows_are_zero() {
    let payoffs = RowPayoffs::constant(0, 1.0, 1.0, 1.0, 1.0);
    let free = ThresholdBand::new(&[], &[], &payoffs, Some(0), 10);
    let values = on(free.points(), |c, o| free.values(c, o), &[]);
    assert_eq!(values, vec![0.0; 11]);
}
