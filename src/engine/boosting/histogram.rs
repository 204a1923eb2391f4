//! Per-leaf histograms of gradient sums: their bins, the pool of slots, building one from a
//! leaf's rows and deriving a sibling's by subtraction.

use rayon::prelude::*;

use super::grow::{Grower, NO_SKIPPED_BIN, ROW_CHUNK};

pub(super) use crate::engine::binning::BINS;
use crate::engine::binning::FEATURES_PER_PASS;
/// Below this many (row, feature) visits a histogram is built on the calling thread: spawning
/// tasks would cost more than the work.
const PARALLEL_MIN_WORK: usize = 64 * 1024;

/// Bins after a feature's [`BINS`] in a histogram slot: the rows of its skipped bin are added
/// to these in turn and then thrown away. Taking the skipped rows out with a branch mispredicted
/// on every row where a feature's commonest bin holds only half to nine tenths of a leaf's rows;
/// adding them all to one bin would make each addition wait for the one before. With four, each
/// spare bin is added to every fourth row at most. Every other bin sums the same rows in the same
/// order as with the branch, so the models are the same to the bit; 100 rounds on bank-marketing
/// (`examples/boost_bench.rs`, 2 threads, seven runs of each build alternating) fit in 0.120 to
/// 0.142 s (median 0.131 s) against 0.160 to 0.189 s (median 0.176 s) with the branch.
const SPARE_BINS: usize = 4;
/// Bins per feature in a histogram slot: [`BINS`] and the [`SPARE_BINS`].
pub(super) const HIST_STRIDE: usize = BINS + SPARE_BINS;

/// Adds each row's gradients to the bins of the first `N` histograms of `open`; a skipped bin's
/// rows are passed by with a branch (`BRANCH`) or go to the spare bins.
#[inline(always)]
fn pass<const N: usize, const BRANCH: bool>(
    rows: &[u32],
    ordered: &[GradPair],
    open: &mut [OpenHist<'_>],
) {
    let Some(open) = open.get_mut(..N) else {
        return;
    };
    let columns: [(&[u8], u16); N] = std::array::from_fn(|k| (open[k].1, open[k].2));
    for (i, (&row, &[grad, hess])) in rows.iter().zip(ordered).enumerate() {
        let row = row as usize;
        let spare = BINS + (i % SPARE_BINS);
        for k in 0..N {
            let (column, skipped) = columns[k];
            let bin = column[row];
            let skip = u16::from(bin) == skipped;
            if BRANCH && skip {
                continue;
            }
            let at = if skip { spare } else { usize::from(bin) };
            let entry = &mut open[k].0[at];
            entry.grad += f64::from(grad);
            entry.hess += f64::from(hess);
            entry.count += 1;
        }
    }
}

/// A histogram being filled: its bins, the fit rows' bins of its feature, its skipped bin and
/// its feature.
type OpenHist<'a> = (&'a mut [HistBin; HIST_STRIDE], &'a [u8], u16, usize);

/// One pass over `rows` filling every histogram of `open` (at most [`FEATURES_PER_PASS`]).
fn pass_all<const BRANCH: bool>(rows: &[u32], ordered: &[GradPair], open: &mut [OpenHist<'_>]) {
    match open.len() {
        4 => pass::<4, BRANCH>(rows, ordered, open),
        3 => pass::<3, BRANCH>(rows, ordered, open),
        2 => pass::<2, BRANCH>(rows, ordered, open),
        1 => pass::<1, BRANCH>(rows, ordered, open),
        _ => {}
    }
}

/// Gradient and hessian of one score; `f32` halves the memory traffic of histogram building,
/// and histograms sum in `f64`.
pub(super) type GradPair = [f32; 2];

/// One histogram bin.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct HistBin {
    pub(super) grad: f64,
    pub(super) hess: f64,
    pub(super) count: u32,
}

/// Gradient, hessian and row sums of a leaf or a side of a split.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct Sums {
    pub(super) grad: f64,
    pub(super) hess: f64,
    pub(super) count: u64,
}

impl Sums {
    #[inline]
    pub(super) fn add(self, bin: &HistBin) -> Sums {
        Sums {
            grad: self.grad + bin.grad,
            hess: self.hess + bin.hess,
            count: self.count + u64::from(bin.count),
        }
    }

    #[inline]
    pub(super) fn plus(self, other: Sums) -> Sums {
        Sums {
            grad: self.grad + other.grad,
            hess: self.hess + other.hess,
            count: self.count + other.count,
        }
    }

    #[inline]
    pub(super) fn minus(self, other: Sums) -> Sums {
        Sums {
            grad: self.grad - other.grad,
            hess: self.hess - other.hess,
            count: self.count.saturating_sub(other.count),
        }
    }
}

/// The gradients a tree fits: one score's gradient pair of every fit row, indexed by the row's
/// position in the fit rows. Scores are stored one after another (all rows of score 0, then of
/// score 1), so a tree's passes over its rows read memory in order, not one pair in every
/// `n_scores`.
pub(super) struct Gradients<'a>(pub(super) &'a [GradPair]);

impl Gradients<'_> {
    #[inline]
    pub(super) fn of(&self, position: u32) -> GradPair {
        self.0[position as usize]
    }
}

impl<'a> Grower<'a> {
    pub(super) fn take_slot(&mut self) -> usize {
        if let Some(slot) = self.free.pop() {
            return slot;
        }
        self.pool
            .push(vec![HistBin::default(); self.x.n_features() * HIST_STRIDE]);
        self.pool.len() - 1
    }

    /// Fills histogram `slot` from `rows` for the features in use.
    pub(super) fn build(
        &mut self,
        slot: usize,
        rows: &[u32],
        gradients: &Gradients<'_>,
        features: &[bool],
    ) {
        let ordered = &mut self.ordered[..rows.len()];
        // The rows' gradients in their order, and their sums, which fill the skipped bins.
        let gather = |(ordered, rows): (&mut [GradPair], &[u32])| -> (f64, f64) {
            let (mut grad, mut hess) = (0.0, 0.0);
            for (slot, &row) in ordered.iter_mut().zip(rows) {
                *slot = gradients.of(row);
                grad += f64::from(slot[0]);
                hess += f64::from(slot[1]);
            }
            (grad, hess)
        };
        let (grad, hess) = if rows.len() >= 4 * ROW_CHUNK {
            let chunks: Vec<(f64, f64)> = ordered
                .par_chunks_mut(ROW_CHUNK)
                .zip(rows.par_chunks(ROW_CHUNK))
                .map(gather)
                .collect();
            // Summed in chunk order, whatever thread finished first.
            chunks
                .iter()
                .fold((0.0, 0.0), |(g, h), &(cg, ch)| (g + cg, h + ch))
        } else {
            gather((ordered, rows))
        };
        let total = HistBin {
            grad,
            hess,
            count: rows.len() as u32,
        };
        let skipped_bins = &self.skipped_bins;
        let branch_skipped = &self.branch_skipped;
        let ordered = &self.ordered[..rows.len()];
        let x = self.x;
        let bins = self.bins;
        let n_fit = self.n_fit;
        let n_features = x.n_features();
        // A feature of one bin has no split (`best_split` passes it by): nothing to build.
        let clear = |feature: usize, hist: &mut [HistBin]| -> Option<(&'a [u8], u16, bool)> {
            if feature >= n_features || !features[feature] || x.n_bins[feature] < 2 {
                return None;
            }
            hist[..x.n_bins[feature].min(BINS)].fill(HistBin::default());
            // Never read, but cleared so their counts cannot wrap over many builds.
            hist[BINS..].fill(HistBin::default());
            Some((
                &bins[feature * n_fit..(feature + 1) * n_fit],
                skipped_bins[feature],
                branch_skipped[feature],
            ))
        };
        // The skipped bin holds what the leaf's rows leave over from the other bins.
        let fill_skipped = |hist: &mut [HistBin; HIST_STRIDE], skipped: u16, feature: usize| {
            if skipped == NO_SKIPPED_BIN {
                return;
            }
            let mut rest = total;
            for (bin, entry) in hist[..x.n_bins[feature].min(BINS)].iter().enumerate() {
                if bin != usize::from(skipped) {
                    rest.grad -= entry.grad;
                    rest.hess -= entry.hess;
                    rest.count -= entry.count;
                }
            }
            hist[usize::from(skipped)] = rest;
        };
        // FEATURES_PER_PASS features per pass over the rows: the row and gradient reads are
        // shared and the histograms' additions overlap. Each feature's bins still sum in row
        // order.
        let fill = |(group, hist): (usize, &mut [HistBin])| {
            let mut open: Vec<OpenHist<'_>> = Vec::with_capacity(FEATURES_PER_PASS);
            // Features that branch around their skipped bin's rows have a pass of their own.
            let mut branching: Vec<OpenHist<'_>> = Vec::new();
            for (k, hist) in hist.chunks_mut(HIST_STRIDE).enumerate() {
                let feature = FEATURES_PER_PASS * group + k;
                let Ok(hist) = <&mut [HistBin; HIST_STRIDE]>::try_from(hist) else {
                    continue;
                };
                if let Some((column, skipped, branch)) = clear(feature, hist) {
                    let kept = if branch { &mut branching } else { &mut open };
                    kept.push((hist, column, skipped, feature));
                }
            }
            pass_all::<false>(rows, ordered, &mut open);
            pass_all::<true>(rows, ordered, &mut branching);
            for (hist, _, skipped, feature) in open.into_iter().chain(branching) {
                fill_skipped(hist, skipped, feature);
            }
        };
        let hist = &mut self.pool[slot];
        if rows.len() * n_features >= PARALLEL_MIN_WORK {
            hist.par_chunks_mut(FEATURES_PER_PASS * HIST_STRIDE)
                .enumerate()
                .for_each(fill);
        } else {
            hist.chunks_mut(FEATURES_PER_PASS * HIST_STRIDE)
                .enumerate()
                .for_each(fill);
        }
    }

    /// Histogram `whole` becomes `whole - part`: the larger child's from its parent's.
    pub(super) fn subtract(&mut self, whole: usize, part: usize, features: &[bool]) {
        let (whole, part) = if whole < part {
            let (low, high) = self.pool.split_at_mut(part);
            (&mut low[whole], &high[0])
        } else {
            let (low, high) = self.pool.split_at_mut(whole);
            (&mut high[0], &low[part])
        };
        for (feature, (whole, part)) in whole
            .chunks_mut(HIST_STRIDE)
            .zip(part.chunks(HIST_STRIDE))
            .enumerate()
        {
            if !features[feature] {
                continue;
            }
            let n_bins = self.x.n_bins[feature].min(BINS);
            for (w, p) in whole[..n_bins].iter_mut().zip(&part[..n_bins]) {
                w.grad -= p.grad;
                w.hess -= p.hess;
                w.count -= p.count;
            }
        }
    }
}
