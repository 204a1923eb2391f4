//! The best candidate's draws turned into what `results.json` keeps of them: the value of
//! information (EVPI overall, EVPPI per drawn number) and a histogram for the
//! `gain_distribution` chart.

use super::super::bootstrap::BootstrapSummary;
use super::super::config::ValueConfig;
use super::super::information::{bins_for, evpi, evppi};
use super::super::schema::{GainDistribution, Information, ParameterInformation};
use super::draws::Drawn;

/// Bins of the stored histogram.
const HISTOGRAM_BINS: usize = 40;

/// EVPI of the best candidate's `gains` (one per resample) and EVPPI of each drawn number.
pub(super) fn information(
    gains: &[f64],
    drawn: Option<&Drawn>,
    config: &ValueConfig,
) -> Information {
    let bins = bins_for(gains.len());
    let distributions = config.distributions();
    let parameters = drawn
        .map(|drawn| {
            drawn
                .names
                .iter()
                .enumerate()
                .map(|(j, name)| {
                    let theta: Vec<f64> = drawn.values.iter().map(|draw| draw[j]).collect();
                    ParameterInformation {
                        parameter: name.clone(),
                        distribution: distributions
                            .iter()
                            .find(|(n, _)| n == name)
                            .map_or(String::new(), |(_, d)| d.to_string()),
                        evppi: evppi(gains, &theta, bins),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    Information {
        evpi: evpi(gains),
        draws: gains.len(),
        bins,
        parameters,
    }
}

/// A histogram of `gains` (NaN draws left out) in about [`HISTOGRAM_BINS`] equal bins from the
/// least to the largest; when the gains sit on a lattice, in bins a whole number of its steps
/// wide, each centred on its points ([`lattice_step`]).
pub(super) fn histogram(
    name: &str,
    gains: &[f64],
    difference: BootstrapSummary,
    drawn: bool,
) -> GainDistribution {
    let mut kept: Vec<f64> = gains.iter().copied().filter(|g| g.is_finite()).collect();
    kept.sort_by(f64::total_cmp);
    let (edges, counts) = match (kept.first(), kept.last()) {
        (Some(&low), Some(&high)) => {
            let lattice = lattice_step(&kept);
            let (start, width, bins) = match lattice {
                Some(step) => {
                    let points = ((high - low) / step).round() as usize + 1;
                    let per_bin = points.div_ceil(HISTOGRAM_BINS);
                    (
                        low - step / 2.0,
                        step * per_bin as f64,
                        points.div_ceil(per_bin),
                    )
                }
                // One bin around a value all draws share.
                None if high == low => (low - 0.5, 1.0, 1),
                None => (low, (high - low) / HISTOGRAM_BINS as f64, HISTOGRAM_BINS),
            };
            let mut edges: Vec<f64> = (0..=bins).map(|i| start + width * i as f64).collect();
            if let (Some(step), Some(last)) = (lattice, edges.last_mut()) {
                // The last bin may hold fewer points than the others: it ends with its last.
                *last = high + step / 2.0;
            }
            let mut counts = vec![0u64; bins];
            for g in &kept {
                let bin = (((g - start) / width).max(0.0) as usize).min(bins - 1);
                counts[bin] += 1;
            }
            (edges, counts)
        }
        _ => (Vec::new(), Vec::new()),
    };
    GainDistribution {
        name: name.to_string(),
        edges,
        counts,
        difference,
        drawn,
    }
}

/// The step of the lattice the `sorted` gains sit on, if they take values a whole number of
/// steps apart, with at least two steps between the least and the largest. Payoffs per decision
/// and cost matrices without per-row amounts give such gains (each resample's gain is a sum of
/// whole decisions' payoffs, scaled to the year), and bins of another width than a whole number
/// of steps hold one point and two points by turns: a comb that is not in the data (german-credit
/// showed bars of 100 and 170 resamples side by side). `None` for gains that take too many values
/// to be a lattice worth binning on, as drawn business numbers make them.
fn lattice_step(sorted: &[f64]) -> Option<f64> {
    let (&low, &high) = (sorted.first()?, sorted.last()?);
    // Sums of the same payoffs in another order differ in their last bits.
    let tolerance = 1e-9 * low.abs().max(high.abs()).max(f64::MIN_POSITIVE);
    let mut step: Option<f64> = None;
    let mut previous = low;
    for &value in sorted {
        let gap = value - previous;
        if gap <= tolerance {
            continue;
        }
        previous = value;
        step = Some(match step {
            None => gap,
            Some(step) => common_step(step, gap, tolerance)?,
        });
    }
    let step = step?;
    // Past this many points a lattice binned on reads as the equal bins would.
    let points = (high - low) / step;
    (2.0..=100_000.0).contains(&points).then_some(step)
}

/// The largest step of which `a` and `b` are whole multiples, to `tolerance` (Euclid's
/// algorithm); `None` when it falls to the tolerance itself, i.e. they share none.
fn common_step(a: f64, b: f64, tolerance: f64) -> Option<f64> {
    let (mut a, mut b) = (a.max(b), a.min(b));
    loop {
        let remainder = a % b;
        // A remainder a hair under b is a whole multiple with rounding error.
        if remainder <= tolerance || b - remainder <= tolerance {
            return Some(b);
        }
        if remainder <= 10.0 * tolerance {
            return None;
        }
        (a, b) = (b, remainder);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary() -> BootstrapSummary {
        BootstrapSummary {
            mean: 0.0,
            low: 0.0,
            high: 0.0,
            p_positive: 0.5,
            resamples: 0,
        }
    }

    #[test]
    fn gains_on_a_lattice_get_bins_a_whole_number_of_steps_wide() {
        // A resample's gain: 7 decisions' worth of 5.0036 (a year's scale over the test rows)
        // apart, less a compute cost; 137 steps between the least and the largest.
        let step = 5.0036;
        let gains: Vec<f64> = (0..2000u64)
            .map(|i| (i * 7919 % 138) as f64 * step - 12.3456 + (i % 3) as f64 * 1e-12)
            .collect();
        let h = histogram("trial-0001", &gains, summary(), false);
        let width = h.edges[1] - h.edges[0];
        assert!((width / step - 4.0).abs() < 1e-9, "{width}");
        assert_eq!(h.counts.len(), 35);
        // Every edge halfway between two points, so every bin holds 4 of them but the last,
        // which holds 2 and ends with them.
        assert!((h.edges[35] - h.edges[34] - 2.0 * step).abs() < 1e-9);
        for edge in &h.edges {
            let steps = (edge + 12.3456) / step;
            assert!((steps - steps.floor() - 0.5).abs() < 1e-6, "{edge}");
        }
        assert_eq!(h.counts.iter().sum::<u64>(), 2000);
        // Evenly spread over the points, the bins hold as many each: no comb.
        let full = &h.counts[..h.counts.len() - 1];
        let (least, most) = (full.iter().min().unwrap(), full.iter().max().unwrap());
        assert!(most - least <= 8, "{full:?}");
    }

    #[test]
    fn gains_off_a_lattice_get_forty_equal_bins() {
        let gains: Vec<f64> = (0..2000u64)
            .map(|i| ((i * 7919 % 2000) as f64 / 7.0).sqrt() * std::f64::consts::PI)
            .collect();
        let h = histogram("trial-0001", &gains, summary(), true);
        assert_eq!(h.counts.len(), HISTOGRAM_BINS);
        assert_eq!(h.counts.iter().sum::<u64>(), 2000);
        // A few points, one step apart: one bin each.
        let h = histogram(
            "trial-0001",
            &[1.0, 2.0, 3.0, 3.0, f64::NAN],
            summary(),
            false,
        );
        assert_eq!(h.edges, vec![0.5, 1.5, 2.5, 3.5]);
        assert_eq!(h.counts, vec![1, 1, 2]);
        // One value: one bin around it.
        let h = histogram("trial-0001", &[4.0, 4.0], summary(), false);
        assert_eq!(
            (h.edges.clone(), h.counts.clone()),
            (vec![3.5, 4.5], vec![2])
        );
        assert!(histogram("x", &[f64::NAN], summary(), false)
            .edges
            .is_empty());
    }
}
