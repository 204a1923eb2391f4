//! Diminishing returns: is another trial, a bigger model or more evaluation data worth its cost?
//!
//! Pure functions over finished trials (no I/O); every result is serialisable so a run can store
//! it and a report can print it.
//!
//! - [`expected_max`]: the expected test value of the validation-best model among `n` trials,
//!   with a 90% band (Dodge et al. 2019, "Show Your Work");
//! - [`extrapolate`]: the same curve beyond the observed trials, from a fitted saturating curve
//!   with a bootstrap band;
//! - [`marginal`]: what one more trial adds against what it costs, and the break-even count;
//! - [`stopping`]: when a running sweep should stop (cost rule, metric-noise rule) and where a
//!   finished sweep would have stopped;
//! - [`words`]: money in plain words.

pub mod expected_max;
pub mod extrapolate;
pub mod marginal;
pub mod stopping;
pub mod words;

pub use expected_max::{expected_max_curve, CurvePoint, ExpectedMaxCurve, Trial};
pub use extrapolate::{extrapolate, ExtrapolatedPoint, Extrapolation, SaturationFit};
pub use marginal::{break_even, break_even_sentence, marginal_gains, BreakEven, MarginalGain};
pub use stopping::{
    noise_stop, replay, replay_sentence, should_stop, NoiseDecision, NoiseRule, StopDecision,
    StopReplay, StopRule,
};
