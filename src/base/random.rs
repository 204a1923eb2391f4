//! Random streams: seeds derived from the run seed, so every random stream (the split, each tree) is fixed by
//! the run seed and its own position, whatever the thread count or the order work finishes in.

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// Named random streams, so two uses of the run seed never share numbers.
#[derive(Debug, Clone, Copy)]
#[repr(u64)]
pub enum Stream {
    /// The train / validation / test split.
    Split = 1,
    /// Trees of a forest: index is the tree number.
    ForestTree = 2,
    /// Sweep trials: index is the trial number.
    Trial = 3,
    /// The shares of training rows of the learning curve.
    LearningCurve = 4,
    /// The rows a rule of thumb acts on under capacity: index 0 validation, 1 test.
    Capacity = 5,
    /// Resamples of the validation rows behind each feature's score alone: index is the
    /// resample.
    FeatureScore = 6,
    /// The business numbers given as distributions, drawn once per bootstrap resample: index is
    /// the resample.
    ValueDraws = 7,
    /// Simulated sorted uniforms that set a distribution-free band's level: the seed is the
    /// number of scores.
    BandCalibration = 8,
    /// Bootstrap resamples of test sets too large for a bank of resamples: index is the
    /// resample (the seed is the bootstrap's own).
    Resample = 9,
    /// The bootstrap of the validation rows behind each model's validation net value interval:
    /// index 0 gives its seed, which then draws its resamples as the test rows' seed draws
    /// theirs (a bank, or [`Stream::Resample`] for sets too large for one).
    ValidationBootstrap = 10,
    /// The test rows `examples/rows_needed.rs` draws to check the rows a verdict says would
    /// settle it: index is the check's number.
    RowsNeededCheck = 11,
}

/// A generator for `(seed, stream, index)`, independent of any other triple.
pub fn rng_for(seed: u64, stream: Stream, index: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(splitmix(
        splitmix(seed ^ (stream as u64).rotate_left(32)) ^ index,
    ))
}

/// SplitMix64's finaliser: spreads nearby inputs over the whole 64-bit range.
pub fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
