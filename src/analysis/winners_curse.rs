//! The winner's curse: the trial that looks best on validation looks better than it is.
//!
//! Selecting the maximum of many noisy validation scores picks trials whose validation score was
//! lucky; their test score, measured on rows selection never saw, is usually lower. Following the
//! best-so-far trial through a sweep shows how that optimism grows with the number of trials.

use super::expected_max::Trial;

/// The validation-best trial after some number of trials.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BestSoFar {
    /// Trials finished (1-based).
    pub trials: usize,
    /// Which trial is the validation-best so far (1-based, in run order).
    pub best: usize,
    /// Its validation value.
    pub validation: f64,
    /// Its test value.
    pub test: f64,
    /// `validation - test`: positive when validation flattered the selected trial.
    pub gap: f64,
}

/// Best-so-far by validation after each trial of `trials` (in run order). For the gap to mean
/// something, `validation` and `test` must be the same quantity on the two row sets (a metric,
/// or net value). A later trial replaces the best only with a strictly higher validation value,
/// so ties keep the earlier trial. Trials with a non-finite validation value are never selected;
/// before any finite one there is no row.
pub fn best_so_far(trials: &[Trial]) -> Vec<BestSoFar> {
    let mut rows = Vec::with_capacity(trials.len());
    let mut best: Option<(usize, Trial)> = None;
    for (index, trial) in trials.iter().enumerate() {
        let better = trial.validation.is_finite()
            && best.is_none_or(|(_, current)| trial.validation > current.validation);
        if better {
            best = Some((index, *trial));
        }
        if let Some((at, chosen)) = best {
            rows.push(BestSoFar {
                trials: index + 1,
                best: at + 1,
                validation: chosen.validation,
                test: chosen.test,
                gap: chosen.validation - chosen.test,
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_the_validation_best_and_its_gap() {
        let trials = [
            Trial {
                validation: 0.70,
                test: 0.69,
            },
            Trial {
                validation: 0.75,
                test: 0.71,
            },
            Trial {
                validation: 0.72,
                test: 0.74,
            },
            Trial {
                validation: 0.75,
                test: 0.60,
            },
            Trial {
                validation: 0.80,
                test: 0.72,
            },
        ];
        let rows = best_so_far(&trials);
        let best: Vec<usize> = rows.iter().map(|r| r.best).collect();
        // Trial 3 is better on test but not on validation; trial 4 only ties trial 2.
        assert_eq!(best, vec![1, 2, 2, 2, 5]);
        assert_eq!(rows[4].trials, 5);
        assert!((rows[0].gap - 0.01).abs() < 1e-12);
        assert!((rows[4].gap - 0.08).abs() < 1e-12);
        assert_eq!(rows[3].test, 0.71);
    }

    #[test]
    fn skips_non_finite_validation() {
        let trials = [
            Trial {
                validation: f64::NAN,
                test: 1.0,
            },
            Trial {
                validation: 0.5,
                test: 0.4,
            },
            Trial {
                validation: f64::INFINITY,
                test: 0.0,
            },
        ];
        let rows = best_so_far(&trials);
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].trials, rows[0].best), (2, 2));
        assert_eq!((rows[1].trials, rows[1].best), (3, 2));
    }
}
