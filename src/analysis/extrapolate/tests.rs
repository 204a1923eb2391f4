use super::*;

fn uniform_trials(count: usize, seed: u64) -> Vec<Trial> {
    crate::analysis::uniform_sweep(count, 1.0, seed)
}

#[test]
fn unbiased_curve_matches_sampling_without_replacement() {
    let trials: Vec<Trial> = uniform_trials(30, 5)
        .into_iter()
        .enumerate()
        .map(|(i, t)| Trial {
            validation: t.validation,
            test: (i % 7) as f64,
        })
        .collect();
    let values = tie_averaged(&trials).unwrap();
    let fitter = Fitter::new(values.len());
    let mut curve = vec![0.0; fitter.sizes.len()];
    fitter.curve(&values, &mut curve);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(6);
    for (&n, &formula) in fitter.sizes.iter().zip(&curve) {
        let draws = 20_000;
        let mut total = 0.0;
        for _ in 0..draws {
            // Partial Fisher-Yates: the first n of a random permutation.
            let mut order: Vec<usize> = (0..trials.len()).collect();
            for k in 0..n {
                let pick = rng.gen_range(k..order.len());
                order.swap(k, pick);
            }
            let best = order[..n]
                .iter()
                .max_by(|&&a, &&b| trials[a].validation.total_cmp(&trials[b].validation))
                .copied()
                .unwrap();
            total += trials[best].test;
        }
        let simulated = total / draws as f64;
        let direct = crate::analysis::without_replacement(&trials, n).unwrap();
        assert!(
            (direct - formula).abs() < 1e-9,
            "n = {n}: {direct} vs {formula}"
        );
        // Test values lie in [0, 6]: the standard error is below 3 / sqrt(draws).
        assert!(
            (formula - simulated).abs() < 0.09,
            "n = {n}: {formula} vs {simulated}"
        );
    }
    // n = N is exactly the test value of the validation-best trial.
    let best = trials
        .iter()
        .max_by(|a, b| a.validation.total_cmp(&b.validation))
        .unwrap();
    assert!((curve[curve.len() - 1] - best.test).abs() < 1e-12);
}

#[test]
fn best_net_is_the_most_of_every_sweep_size() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
    for case in 0..2_000 {
        let fit = SaturationFit {
            asymptote: rng.gen_range(-1_000.0..1_000.0),
            // Rising, flat and falling curves.
            scale: match case % 4 {
                0 => 0.0,
                1 => -rng.gen_range(0.0..5_000.0),
                _ => rng.gen_range(0.0..5_000.0),
            },
            exponent: C_MIN * (C_MAX / C_MIN).powf(rng.gen::<f64>()),
            rmse: 0.0,
        };
        let from = rng.gen_range(1..60);
        let to = from * rng.gen_range(1..=10);
        let cost = match case % 5 {
            0 => 0.0,
            _ => rng.gen_range(0.0..200.0_f64).powi(2) / 100.0,
        };
        let every = (from..=to)
            .map(|m| fit.expected(m as f64) - (m - 1) as f64 * cost)
            .fold(f64::NEG_INFINITY, f64::max);
        let best = fit.best_net(from, to, cost);
        assert!(
            (best - every).abs() <= 1e-9 * every.abs().max(1.0),
            "{fit:?} from {from} to {to} at {cost}: {best} vs {every}"
        );
    }
}

#[test]
fn fit_recovers_an_exact_power_law() {
    let fitter = Fitter::new(500);
    let curve: Vec<f64> = fitter
        .sizes
        .iter()
        .map(|&n| 5.0 - 2.0 * (n as f64 + 1.0).powf(-0.7))
        .collect();
    let fit = fitter.fit(&curve);
    assert!((fit.asymptote - 5.0).abs() < 0.01, "{fit:?}");
    assert!((fit.scale - 2.0).abs() < 0.02, "{fit:?}");
    assert!((fit.exponent - 0.7).abs() < 0.02, "{fit:?}");
    let flat = fitter.fit(&vec![3.0; fitter.sizes.len()]);
    assert_eq!((flat.asymptote, flat.scale), (3.0, 0.0));
}

#[test]
fn extrapolates_uniform_scores_beyond_the_observed_maximum() {
    // E[max of n uniforms] = n / (n + 1).
    let trials = uniform_trials(300, 11);
    let observed_best = trials.iter().map(|t| t.test).fold(f64::MIN, f64::max);
    let result = extrapolate(&trials, &[300, 600, 1200], 200, 3).unwrap();
    for point in &result.points {
        let truth = point.n as f64 / (point.n as f64 + 1.0);
        assert!((point.mean - truth).abs() < 0.004, "{point:?} vs {truth}");
        assert!(
            point.low <= point.mean && point.mean <= point.high,
            "{point:?}"
        );
        assert!(
            point.low - 0.002 <= truth && truth <= point.high + 0.002,
            "{point:?} vs {truth}"
        );
    }
    // Unlike the empirical curve, the extrapolation keeps rising past 300 trials.
    assert!(result.points[2].mean > result.points[0].mean);
    assert!(result.fit.asymptote > observed_best - 0.01);
    let again = extrapolate(&trials, &[300, 600, 1200], 200, 3).unwrap();
    assert_eq!(result, again);
}

#[test]
fn smoothing_keeps_the_trials_mean_and_variance() {
    let values = [1.0, 2.0, 4.0, 8.0, 16.0];
    let kernel = Kernel::new(values.iter().copied());
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(4);
    let draws: Vec<f64> = (0..200_000)
        .map(|_| {
            let drawn = values[rng.gen_range(0..values.len())];
            kernel.smooth(drawn, rng.sample(StandardNormal))
        })
        .collect();
    let mean = draws.iter().sum::<f64>() / draws.len() as f64;
    let variance = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / draws.len() as f64;
    // The resampling distribution's variance is the divide-by-N one, 29.44; the values'
    // mean is 6.2. A draw beyond the observed range is possible, unlike plain resampling.
    assert!((mean - 6.2).abs() < 0.05, "{mean}");
    assert!((variance / 29.44 - 1.0).abs() < 0.03, "{variance}");
    assert!(draws.iter().any(|&x| x > 16.0) && draws.iter().any(|&x| x < 1.0));
    // The bandwidth: the interquartile range (spread 1.34 for a normal) caps the deviation.
    assert!((rule_of_thumb(2.0, 1.34, 32.0) - 0.45).abs() < 1e-12);
    assert!((rule_of_thumb(1.0, 2.68, 32.0) - 0.45).abs() < 1e-12);
    assert!((rule_of_thumb(1.0, 0.0, 32.0) - 0.45).abs() < 1e-12);
    // Values that do not vary, or whose spread overflows, are left as drawn.
    assert_eq!(Kernel::new([3.0; 4].into_iter()).smooth(3.0, 2.5), 3.0);
    assert_eq!(
        Kernel::new([f64::MAX, -f64::MAX].into_iter()).smooth(1.0, 2.5),
        1.0
    );
}

#[test]
fn band_of_ten_uniform_trials_holds_the_truth_near_its_level() {
    // E[max of n uniforms] = n / (n + 1). Sweeps of 10 trials forecast to 20 and 40: the
    // 90% band should hold that truth about 9 times in 10; the plain bootstrap, which never
    // draws a trial above the best seen, held it far less often on real pools (README).
    let sweeps = 200;
    let mut held = 0;
    for seed in 0..sweeps {
        let trials = uniform_trials(10, 1000 + seed);
        let result = extrapolate(&trials, &[20, 40], 200, seed).unwrap();
        held += result
            .points
            .iter()
            .filter(|p| {
                let truth = p.n as f64 / (p.n as f64 + 1.0);
                p.low <= truth && truth <= p.high
            })
            .count();
    }
    let coverage = held as f64 / (2 * sweeps) as f64;
    assert!((0.8..=0.99).contains(&coverage), "{coverage}");
}

#[test]
fn identical_trials_give_a_band_without_width() {
    let trials = vec![
        Trial {
            validation: 0.7,
            test: 0.6,
        };
        8
    ];
    let result = extrapolate(&trials, &[16], 50, 1).unwrap();
    let point = result.points[0];
    assert_eq!((point.low, point.high), (point.mean, point.mean));
}

#[test]
fn rejects_too_few_trials_and_zero_sizes() {
    let trials = uniform_trials(2, 1);
    assert!(extrapolate(&trials, &[4], 10, 0).is_err());
    let trials = uniform_trials(5, 1);
    assert!(extrapolate(&trials, &[0], 10, 0).is_err());
    assert!(extrapolate(&trials, &[10], 0, 0).is_ok());
}

#[test]
fn refits_are_the_same_whatever_the_thread_count() {
    // Enough trials and refits for several parallel batches.
    let trials: Vec<Trial> = uniform_trials(300, 4)
        .into_iter()
        .enumerate()
        .map(|(i, t)| Trial {
            validation: t.validation,
            test: t.test + 0.01 * (i % 5) as f64,
        })
        .collect();
    let refits = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| {
                let mut bootstrap = Bootstrap::reading(&trials, 9, Reading::CrossFitted).unwrap();
                bootstrap.next_fits(150)
            })
    };
    let one = refits(1);
    assert_eq!(one.len(), 150);
    assert_eq!(one, refits(2));
    assert_eq!(one, refits(5));
    // And they are refits, not copies of one fit.
    assert!(one.windows(2).any(|pair| pair[0] != pair[1]));
}
