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

/// A histogram of `gains` over [`HISTOGRAM_BINS`] equal bins from the least to the largest
/// (NaN draws left out).
pub(super) fn histogram(
    name: &str,
    gains: &[f64],
    difference: BootstrapSummary,
    drawn: bool,
) -> GainDistribution {
    let kept: Vec<f64> = gains.iter().copied().filter(|g| g.is_finite()).collect();
    let low = kept.iter().copied().fold(f64::INFINITY, f64::min);
    let high = kept.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (edges, counts) = if kept.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        // One bin around a value all draws share.
        let (low, high) = if high > low {
            (low, high)
        } else {
            (low - 0.5, high + 0.5)
        };
        let width = (high - low) / HISTOGRAM_BINS as f64;
        let edges: Vec<f64> = (0..=HISTOGRAM_BINS)
            .map(|i| low + width * i as f64)
            .collect();
        let mut counts = vec![0u64; HISTOGRAM_BINS];
        for g in &kept {
            let bin = (((g - low) / width) as usize).min(HISTOGRAM_BINS - 1);
            counts[bin] += 1;
        }
        (edges, counts)
    };
    GainDistribution {
        name: name.to_string(),
        edges,
        counts,
        difference,
        drawn,
    }
}
