//! The learning curve's models, priced in the pass of a run's pricing
//! ([`PricingContext::price_with_learning`]): each against the baseline, and each against the
//! share before it.

use super::super::bootstrap::BootstrapSummary;
use super::super::schema::ModelValue;
use super::uncertainty::Resampled;
use super::{against_baseline, draws, Batch, Priced, PricingContext};
use crate::base::error::Result;

/// A learning-curve model's pricing.
#[derive(Debug, Clone)]
pub struct LearningValue {
    /// Its value, with its difference to the baseline.
    pub value: ModelValue,
    /// Its net value minus the learning model's before it, paired on the same resamples (`None`
    /// for the baseline and the first).
    pub over_previous: Option<BootstrapSummary>,
}

/// Where the learning curve's statistics sit in a batch: each model's index with its place.
pub(super) struct LearningPlaces {
    differences: Vec<(usize, usize)>,
    steps: Vec<(usize, usize)>,
}

impl PricingContext<'_> {
    /// Adds to `batch` each of `priced`'s candidates (the learning models, by share) against its
    /// baseline, then each against the one before it.
    pub(super) fn add_learning<'s>(
        &'s self,
        priced: &'s Priced<'_>,
        drawn: Option<&'s draws::Drawn>,
        batch: &mut Batch<'s>,
    ) -> Result<LearningPlaces> {
        let (n, baseline) = (priced.decided.len(), priced.baseline_index);
        let shares: Vec<usize> = (0..n).filter(|&i| i != baseline).collect();
        let mut add = |pairs: Vec<(usize, usize)>| {
            self.add_differences(
                priced.basis,
                &priced.mid,
                priced.payoffs.as_ref(),
                (&priced.decided, &priced.values, pairs),
                drawn,
                batch,
            )
        };
        Ok(LearningPlaces {
            differences: add(against_baseline(n, baseline))?,
            steps: add(shares.windows(2).map(|pair| (pair[1], pair[0])).collect())?,
        })
    }
}

impl LearningPlaces {
    /// The learning models' values, baseline first, from the batch's `resampled` statistics.
    pub(super) fn finish(self, priced: Priced<'_>, resampled: &[Resampled]) -> Vec<LearningValue> {
        let Priced {
            baseline_index,
            mut values,
            ..
        } = priced;
        for (i, at) in self.differences {
            values[i].difference = Some(resampled[at].summary());
        }
        let mut steps = vec![None; values.len()];
        for (i, at) in self.steps {
            steps[i] = Some(resampled[at].summary());
        }
        let mut learning: Vec<LearningValue> = values
            .into_iter()
            .zip(steps)
            .map(|(value, over_previous)| LearningValue {
                value,
                over_previous,
            })
            .collect();
        let baseline_value = learning.remove(baseline_index);
        learning.insert(0, baseline_value);
        learning
    }
}
