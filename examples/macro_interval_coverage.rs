//! How often a multiclass macro ROC-AUC's 90% interval holds the population's macro ROC-AUC,
//! when some classes have only a few test rows: the interval worthit reports (each class with
//! fewer than `SCARCE_CLASS_ROWS` rows bounded between 0 and 1,
//! `value::resampled_metric::resample_models`) against the plain percentile bootstrap of the
//! same rows, which it replaced. README.md's section "Metrics" quotes the result.
//!
//!     cargo run --release --example macro_interval_coverage [SIMULATIONS]
//!
//! Two populations of five classes, two of them rare: 2% and 1% of the rows (about 4 and 2 of a
//! test set of 200 rows), then 4% and 3% (about 8 and 6). Each row's scores are the softmax of a
//! signal on its own class plus normal noise (the rare classes' signal weaker, as a rare class is
//! usually the hard one). The population's macro ROC-AUC is measured on 400,000 rows; each
//! simulation draws a test set of 200 rows, redrawn while a class has none (the macro average of
//! a test set without a class is another quantity), and checks both intervals against it.

use rand::{Rng, SeedableRng};
use rand_distr::StandardNormal;
use rand_xoshiro::Xoshiro256PlusPlus;
use worthit::metrics::classification_metrics;
use worthit::value::bootstrap::{resample_statistic, summarize, LEVEL};
use worthit::value::resampled_metric::{resample_models, scarce_classes, MetricSampler, Truth};

/// Each population's class shares.
const POPULATIONS: [[f64; 5]; 2] = [
    [0.47, 0.30, 0.20, 0.02, 0.01],
    [0.43, 0.30, 0.20, 0.04, 0.03],
];
const SIGNAL: [f64; 5] = [2.0, 2.0, 1.5, 1.0, 0.8];
const TEST_ROWS: usize = 200;
const RESAMPLES: usize = 1_000;

/// `rows` rows of the population: their classes and row-major probabilities.
fn draw(shares: &[f64; 5], rng: &mut Xoshiro256PlusPlus, rows: usize) -> (Vec<u32>, Vec<f64>) {
    let mut y = Vec::with_capacity(rows);
    let mut proba = Vec::with_capacity(rows * shares.len());
    for _ in 0..rows {
        let mut u: f64 = rng.gen();
        let mut class = shares.len() - 1;
        for (c, share) in shares.iter().enumerate() {
            if u < *share {
                class = c;
                break;
            }
            u -= share;
        }
        let logits: Vec<f64> = (0..shares.len())
            .map(|c| {
                let noise: f64 = rng.sample(StandardNormal);
                noise + if c == class { SIGNAL[c] } else { 0.0 }
            })
            .collect();
        let top = logits.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let total: f64 = logits.iter().map(|l| (l - top).exp()).sum();
        proba.extend(logits.iter().map(|l| (l - top).exp() / total));
        y.push(class as u32);
    }
    (y, proba)
}

/// Share of simulations whose interval held the truth, and the intervals' median width.
struct Tally {
    held: usize,
    widths: Vec<f64>,
}

impl Tally {
    fn add(&mut self, low: f64, high: f64, truth: f64) {
        self.held += usize::from(low <= truth && truth <= high);
        self.widths.push(high - low);
    }

    fn line(&mut self, what: &str, runs: usize) -> String {
        self.widths.sort_by(f64::total_cmp);
        let median = self
            .widths
            .get(self.widths.len() / 2)
            .copied()
            .unwrap_or(f64::NAN);
        format!(
            "{what} | {} of {runs} ({:.0}%) | {median:.3} |",
            self.held,
            100.0 * self.held as f64 / runs.max(1) as f64
        )
    }
}

fn main() {
    let simulations: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(300);
    println!("| rare classes' shares | classes with fewer than 5 test rows, a set | interval | held the population's macro ROC-AUC | median width |");
    println!("|---|---:|---|---:|---:|");
    for shares in &POPULATIONS {
        simulate(shares, simulations);
    }
    println!(
        "\n{simulations} test sets of {TEST_ROWS} rows a population, {:.0}% intervals, {RESAMPLES} resamples.",
        LEVEL * 100.0
    );
}

fn simulate(shares: &[f64; 5], simulations: usize) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(20_261_207);
    let k = shares.len();
    let (population_y, population_p) = draw(shares, &mut rng, 400_000);
    let truth = classification_metrics(&population_y, &population_p, k, None)
        .get("roc_auc")
        .expect("the population holds every class");
    let (mut bounded, mut plain) = (
        Tally {
            held: 0,
            widths: Vec::new(),
        },
        Tally {
            held: 0,
            widths: Vec::new(),
        },
    );
    let mut scarce = 0usize;
    for simulation in 0..simulations {
        let (y, proba) = loop {
            let (y, proba) = draw(shares, &mut rng, TEST_ROWS);
            if (0..k as u32).all(|c| y.contains(&c)) {
                break (y, proba);
            }
        };
        let test = Truth::Classes {
            y: &y,
            n_classes: k,
            positive: None,
        };
        scarce += scarce_classes(test).len();
        let seed = simulation as u64;
        let ours = resample_models("roc_auc", test, &[], &proba, RESAMPLES, seed)
            .expect("rows to resample")
            .metrics[0];
        bounded.add(ours.low, ours.high, truth);
        let sampler = MetricSampler::new("roc_auc", test, &proba);
        let draws = resample_statistic(y.len(), RESAMPLES, seed, |_, counts| {
            sampler.evaluate(counts)
        });
        let old = summarize(sampler.evaluate(&vec![1; y.len()]), draws);
        plain.add(old.low, old.high, truth);
    }
    let rare = format!("{}% and {}%", shares[3] * 100.0, shares[4] * 100.0);
    let per_set = format!("{:.1}", scarce as f64 / simulations.max(1) as f64);
    println!(
        "| {rare} | {per_set} | {}",
        bounded.line("bounded (worthit)", simulations)
    );
    println!(
        "| {rare} | {per_set} | {}",
        plain.line("plain bootstrap (before 2026-12-07)", simulations)
    );
}
