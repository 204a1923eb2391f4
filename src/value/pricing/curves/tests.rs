//! The bands of the threshold and capacity curves as a pricing gives them: around their points,
//! as wide as the rows' luck, none where every row earns the same, each the bootstrap of its
//! point computed the slow way over the pricing's own resamples, and the same on any number of
//! threads.

use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::super::super::bootstrap::{
    bootstrap_seed, resample_statistic, summarize, validation_bootstrap_seed,
};
use super::super::super::capacity::{gain_of_acting, rows_allowed};
use super::super::super::config::{Scenario, ValueConfig};
use super::super::super::payoff::{row_payoffs, RowPayoffs};
use super::super::super::schema::{ValueResults, THRESHOLD_STEPS};
use super::super::tests::{model, parse};
use super::super::{ModelInput, PricingContext, SplitTruth, RESAMPLES};
use crate::base::error::Result;

const SEED: u64 = 11;

/// Rows of a binary task, `n` of validation and `n` of test: classes, and an `amount` 1 to 4
/// per row that an expression may read.
struct Task {
    validation: Vec<u32>,
    test: Vec<u32>,
    amount: Vec<f64>,
}

/// Each row's probability of the positive class, a noisy reading of its class.
fn probabilities(y: &[u32], rng: &mut Xoshiro256PlusPlus) -> Vec<f64> {
    y.iter()
        .map(|&c| (0.35 * f64::from(c) + 0.65 * rng.gen::<f64>()).clamp(0.0, 1.0))
        .collect()
}

/// A baseline and two candidates on the task's rows.
fn task(n: usize) -> (Task, Vec<ModelInput>) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
    let mut classes =
        || -> Vec<u32> { (0..n).map(|_| u32::from(rng.gen::<f64>() < 0.3)).collect() };
    let (validation, test) = (classes(), classes());
    let amount: Vec<f64> = (0..n).map(|i| (i % 4 + 1) as f64).collect();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(6);
    let models = ["baseline", "trial-0001", "trial-0002"]
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let (v, t) = (
                probabilities(&validation, &mut rng),
                probabilities(&test, &mut rng),
            );
            model(name, i.checked_sub(1).map(|i| i as u64), &v, &t)
        })
        .collect();
    let task = Task {
        validation,
        test,
        amount,
    };
    (task, models)
}

/// `f` of a pricing context of `task`.
fn with_context<T>(config: &ValueConfig, task: &Task, f: impl FnOnce(&PricingContext) -> T) -> T {
    let payoffs = |resolved: &ValueConfig| -> Result<(RowPayoffs, RowPayoffs)> {
        let frame = polars_core::df!("amount" => task.amount.clone()).unwrap();
        let rows: Vec<usize> = (0..task.amount.len()).collect();
        Ok((
            row_payoffs(resolved, &frame, &rows, Scenario::Mid)?,
            row_payoffs(resolved, &frame, &rows, Scenario::Mid)?,
        ))
    };
    let context = PricingContext {
        config,
        truth: SplitTruth::Classes {
            validation: task.validation.clone(),
            test: task.test.clone(),
            classes: vec!["no".into(), "yes".into()],
            positive: Some(1),
        },
        payoffs: &payoffs,
        default_decisions_per_year: 1000.0,
        threads: 1,
        seed: SEED,
    };
    f(&context)
}

const ECONOMICS: &str =
    "[value]\ntp = \"10 * amount - 1\"\nfp = -1\nfn = \"-5 * amount\"\ntn = 0\ndecisions_per_year = 1000\n";

fn price(extra: &str, task: &Task, models: &[ModelInput]) -> ValueResults {
    let config = parse(&format!("{ECONOMICS}{extra}"));
    with_context(&config, task, |context| context.price(models).unwrap())
}

/// A curve's model, points and bands.
type Banded<'a> = (&'a str, &'a [[f64; 2]], &'a [[f64; 2]]);

/// Each curve's points and bands, both charts.
fn curves(value: &ValueResults) -> Vec<Banded<'_>> {
    let threshold = value.threshold_curves.iter().flatten().map(|c| {
        let bands = c.bands.as_deref().unwrap();
        (c.name.as_str(), c.points.as_slice(), bands)
    });
    let capacity = value.capacity_curves.iter().flatten().map(|c| {
        let bands = c.bands.as_deref().unwrap();
        (c.name.as_str(), c.points.as_slice(), bands)
    });
    threshold.chain(capacity).collect()
}

/// On noisy rows every point has a band around it, wide where the rule acts on rows whose
/// value is luck, for both models the charts compare, with capacity and without.
#[test]
fn each_point_has_a_band_around_it() {
    let (task, models) = task(240);
    for extra in ["", "capacity = 150\n"] {
        let value = price(extra, &task, &models);
        let best = &value.best.as_ref().unwrap().name;
        let curves = curves(&value);
        assert_eq!(
            curves.len(),
            if extra.is_empty() { 2 } else { 4 },
            "{extra}"
        );
        for (name, points, bands) in curves {
            assert!(name == "baseline" || name == best, "{name}");
            assert_eq!(bands.len(), points.len(), "{name}");
            assert_eq!(points.len(), THRESHOLD_STEPS + 1, "{name}");
            for (point, [low, high]) in points.iter().zip(bands) {
                let tolerance = 1e-9 * point[1].abs().max(1.0);
                assert!(
                    *low <= point[1] + tolerance && point[1] <= high + tolerance,
                    "{name} {extra}: {point:?} outside {low} to {high}"
                );
            }
            let widths: Vec<f64> = bands.iter().map(|[low, high]| high - low).collect();
            assert!(
                widths.iter().all(|&w| w > 0.0),
                "{name} {extra}: {widths:?}"
            );
        }
    }
}

/// Where every row earns the same whatever is decided, every resample earns it too: the band
/// is the point, exactly.
#[test]
fn rows_that_all_earn_the_same_leave_no_band() {
    let (task, models) = task(120);
    let config = "[value]\ntp = 3\nfp = 3\nfn = 3\ntn = 3\ndecisions_per_year = 1000\n";
    for extra in ["", "capacity = 300\n"] {
        let config = parse(&format!("{config}{extra}"));
        let value = with_context(&config, &task, |context| context.price(&models).unwrap());
        for (name, points, bands) in curves(&value) {
            for (point, band) in points.iter().zip(bands) {
                assert_eq!(point[1], 3000.0, "{name}");
                assert_eq!(*band, [3000.0, 3000.0], "{name}");
            }
        }
    }
}

/// The value per row of the capped rule at threshold `t` on a resample, the slow way: the
/// rows drawn written out, those at `t` or above taken by expected gain, `allowed` of them.
fn capped_slow(
    p: &[f64],
    y: &[bool],
    payoffs: &RowPayoffs,
    counts: &[u32],
    allowed: usize,
    t: f64,
) -> f64 {
    let gain = gain_of_acting(p, payoffs);
    let mut drawn: Vec<usize> = (0..p.len())
        .flat_map(|i| std::iter::repeat_n(i, counts[i] as usize))
        .collect();
    drawn.sort_by(|&a, &b| gain[b].total_cmp(&gain[a]).then(a.cmp(&b)));
    let mut left = allowed;
    let total: f64 = drawn
        .iter()
        .map(|&i| {
            let act = left > 0 && p[i] >= t;
            if act {
                left -= 1;
            }
            payoffs.payoff(i, y[i], act)
        })
        .sum();
    total / p.len() as f64
}

/// A threshold's band is the bootstrap of that threshold's value computed alone and the slow
/// way, over the pricing's own resamples of the validation rows (the same seed as the
/// validation net value's interval); a capacity's over the test rows', the same as the net
/// values'.
#[test]
fn a_band_is_the_bootstrap_of_its_point_computed_alone() {
    let (task, models) = task(150);
    let per_year = 1000.0;
    let config = parse(&format!("{ECONOMICS}capacity = 200\n"));
    let value = with_context(&config, &task, |context| context.price(&models).unwrap());
    let (validation_payoffs, test_payoffs) = with_context(&config, &task, |context| {
        (context.payoffs)(&config.resolved(Scenario::Mid, &[])).unwrap()
    });
    let n = task.validation.len();
    let allowed = rows_allowed(200.0 / per_year, n);
    let y: Vec<bool> = task.validation.iter().map(|&c| c == 1).collect();
    let baseline = &value.threshold_curves.as_ref().unwrap()[0];
    assert_eq!(baseline.name, "baseline");
    let p: Vec<f64> = models[0]
        .validation
        .iter()
        .skip(1)
        .step_by(2)
        .copied()
        .collect();
    for k in [0, 23, 50, 71] {
        let t = baseline.points[k][0];
        let draws = resample_statistic(
            n,
            RESAMPLES,
            validation_bootstrap_seed(SEED),
            |_, counts| capped_slow(&p, &y, &validation_payoffs, counts, allowed, t) * per_year,
        );
        let slow = summarize(baseline.points[k][1], draws);
        let [low, high] = baseline.bands.as_ref().unwrap()[k];
        assert!(
            (low - slow.low).abs() < 1e-9 * slow.low.abs().max(1.0),
            "threshold {t}: {low} against {}",
            slow.low
        );
        assert!(
            (high - slow.high).abs() < 1e-9 * slow.high.abs().max(1.0),
            "threshold {t}: {high} against {}",
            slow.high
        );
    }
    // The capacity curve: the baseline's test rows flagged at its threshold, as many decisions
    // as a capacity allows on a resample of the test rows, by expected gain.
    let threshold = value.models[0].threshold.unwrap();
    let capacity = &value.capacity_curves.as_ref().unwrap()[0];
    let p: Vec<f64> = models[0].test.iter().skip(1).step_by(2).copied().collect();
    let y: Vec<bool> = task.test.iter().map(|&c| c == 1).collect();
    // Acting on the rows flagged only: a row below the threshold is never taken.
    let flagged: Vec<f64> = p
        .iter()
        .map(|&p| if p >= threshold { p } else { f64::NAN })
        .collect();
    for k in [10, 20, 40, 100] {
        let allowed = rows_allowed(k as f64 / THRESHOLD_STEPS as f64, n);
        let draws = resample_statistic(n, RESAMPLES, bootstrap_seed(SEED), |_, counts| {
            // NaN never reaches threshold 0: the rows not flagged are never acted on.
            let gainless = capped_slow(&flagged, &y, &test_payoffs, counts, allowed, 0.0);
            gainless * per_year
        });
        let slow = summarize(capacity.points[k][1], draws);
        let [low, high] = capacity.bands.as_ref().unwrap()[k];
        assert!(
            (low - slow.low).abs() < 1e-9 * slow.low.abs().max(1.0),
            "capacity step {k}: {low} against {}",
            slow.low
        );
        assert!(
            (high - slow.high).abs() < 1e-9 * slow.high.abs().max(1.0),
            "capacity step {k}: {high} against {}",
            slow.high
        );
    }
}

/// The same seed gives the same bands on one thread and on two.
#[test]
fn bands_are_the_same_on_any_number_of_threads() {
    let (task, models) = task(200);
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| price("capacity = 250\n", &task, &models))
    };
    let (one, two) = (on(1), on(2));
    let bands = |value: &ValueResults| -> Vec<Vec<[f64; 2]>> {
        curves(value)
            .into_iter()
            .map(|(_, _, bands)| bands.to_vec())
            .collect()
    };
    assert_eq!(bands(&one), bands(&two));
    assert_eq!(bands(&one).len(), 4);
}
