//! Whether a sweep's validation rows can tell its trials apart: how alike the two halves of
//! those rows rank the trials. Evidence under the tuning answer, and what keeps it from asking
//! for more trials that the validation rows could not choose between.

use serde::{Deserialize, Serialize};

use super::expected_max::Trial;
use super::extrapolate::Reading;
use crate::base::format::number;
use crate::base::stats::{correlation, correlation_interval};

/// How alike the two halves of the validation rows rank a sweep's trials: the correlation,
/// across trials, of each trial's value on one half with its value on the other. What all
/// trials share (a half's rows being easy or hard) cancels out across trials, so what is left is
/// how much of the trials' differences is real rather than the noise of those rows. Near zero,
/// a half's best trial is no better than any on the other half, and the tuning answer's curve
/// is flat for want of evidence, not for want of better trials.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HalvesAgreement {
    /// Trials compared.
    pub trials: usize,
    /// The correlation of their values on the two halves.
    pub correlation: f64,
    /// Its 90% interval (Fisher's transformation).
    pub low: f64,
    /// Upper end of that interval.
    pub high: f64,
}

impl HalvesAgreement {
    /// The agreement of the halves of `trials`: `None` unless they are read as cross-fitted
    /// halves, number at least [`super::tuning::EARLY_MIN_TRIALS`] and vary on both halves.
    pub fn of(trials: &[Trial], reading: Reading) -> Option<HalvesAgreement> {
        let count = trials.len();
        if reading != Reading::CrossFitted || count < super::tuning::EARLY_MIN_TRIALS {
            return None;
        }
        let correlation = correlation(trials.iter().map(|t| (t.validation, t.test)))?;
        let (low, high) = correlation_interval(correlation, count)?;
        Some(HalvesAgreement {
            trials: count,
            correlation,
            low,
            high,
        })
    }

    /// Whether the halves clearly rank the trials alike: the interval's lower end is above 0.
    pub fn clear(&self) -> bool {
        self.low > 0.0
    }

    /// Why the validation rows cannot choose between the trials, as every *stop* for this reason
    /// words it (the tuning answer, priced or not, and the noise rule): "the validation rows
    /// do not clearly tell these trials apart after 6 trials (their two halves rank them with a
    /// correlation of 0.12, 90% interval -0.5 to 0.66)".
    pub fn cannot_tell_apart(&self) -> String {
        format!(
            "the validation rows do not clearly tell these trials apart after {} trials (their two halves rank them with a correlation of {}, 90% interval {} to {})",
            self.trials,
            number(self.correlation),
            number(self.low),
            number(self.high)
        )
    }

    /// The finding in one sentence (evidence under the tuning answer); `answered` when the
    /// answer is *stop* for this very reason and already gives these numbers: the sentence then
    /// says only what would help.
    pub fn sentence(&self, answered: bool) -> String {
        let measured = format!(
            "correlation {} over {} trials, 90% interval {} to {}",
            number(self.correlation),
            self.trials,
            number(self.low),
            number(self.high)
        );
        if self.clear() {
            format!(
                "The two halves of the validation rows rank the trials alike ({measured}): the differences between trials are real, not the noise of those rows"
            )
        } else if answered {
            "More validation rows, not more trials, would let a sweep choose among these trials"
                .to_string()
        } else {
            format!(
                "The two halves of the validation rows do not clearly rank the trials alike ({measured}): on these rows the trials' differences may be noise, so the tuning answer rests on little evidence, and more validation rows would sharpen it"
            )
        }
    }
}
