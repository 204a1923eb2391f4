//! What the cost of trials is weighed against where the fitted curve is not enough (steps 1 and 5
//! of the rule in [`super`]): the spread of the trials' values, and the optimistic end of what a
//! longer sweep could still earn.

use super::{EARLY_HORIZON, EARLY_QUANTILE, EARLY_RESAMPLES, MIN_TRIALS, WAIT_COST_SHARE};
use crate::analysis::expected_max::Trial;
use crate::analysis::extrapolate::{Bootstrap, Reading, Refits, SaturationFit};
use crate::base::error::Result;
use crate::base::stats::{deviation, quantile};

/// Whether the trials run so far cost more than the spread (standard deviation) of their values:
/// then no difference among them that noise could fake outweighs what they cost, and an early
/// "does not pay" rests on the cost (module documentation, step 1). A trial's value is the mean
/// of its two values (the validation halves, or validation and test).
pub fn cost_outweighs_spread(trials: &[Trial], cost_per_trial: f64) -> bool {
    cost_over_spread(trials, trials.len(), cost_per_trial).is_some_and(|share| share > 1.0)
}

/// The cost of `count` trials at `cost_per_trial` over the spread (standard deviation) of the
/// values of `trials` (as [`cost_outweighs_spread`] reads them); `None` when the spread is not
/// defined (fewer than 2 trials), infinite when it is 0.
fn cost_over_spread(trials: &[Trial], count: usize, cost_per_trial: f64) -> Option<f64> {
    let values: Vec<f64> = trials
        .iter()
        .map(|t| 0.5 * (t.validation + t.test))
        .collect();
    let spread = deviation(&values)?;
    Some(count as f64 * cost_per_trial.max(0.0) / spread)
}

/// Whether the trials the answer would otherwise have run cost enough for a *stop* because the
/// validation rows cannot tell the trials apart (steps 1 and 5) to save them: at least
/// [`WAIT_COST_SHARE`] of the spread of the values of `trials` run so far. Before [`MIN_TRIALS`]
/// they are the trials still to come before then; from it, as many again as have run (as far as
/// `--stop auto` follows a "run more" before asking again, [`super::next_check`]).
pub fn waiting_costs(trials: &[Trial], cost_per_trial: f64) -> bool {
    let n = trials.len();
    let still = if n < MIN_TRIALS { MIN_TRIALS - n } else { n };
    cost_over_spread(trials, still, cost_per_trial).is_none_or(|share| share >= WAIT_COST_SHARE)
}

/// The optimistic end of what the sweep could still earn over the baseline (module
/// documentation, step 1): the 95% quantile, over bootstrap refits of the curve to `trials`, of
/// the best net gain at any sweep size from `n` to [`EARLY_HORIZON`]` x n` trials, each trial
/// costing `cost_per_trial`. An error for fewer than 3 trials or non-finite values.
pub fn optimistic_net_gain(
    trials: &[Trial],
    reading: Reading,
    baseline: f64,
    cost_per_trial: f64,
    seed: u64,
    refits: Option<&Refits>,
) -> Result<f64> {
    let n = trials.len();
    let cost = cost_per_trial.max(0.0);
    let best_net = |fit: &SaturationFit| fit.best_net(n, EARLY_HORIZON * n, cost) - baseline;
    let kept = refits.and_then(|kept| {
        let fits = kept.first(n, seed, reading, EARLY_RESAMPLES)?;
        Some((kept.point, fits))
    });
    let (point, mut gains): (SaturationFit, Vec<f64>) = match kept {
        Some((point, fits)) => (point, fits.iter().map(best_net).collect()),
        None => {
            let mut bootstrap = Bootstrap::reading(trials, seed, reading)?;
            let fits = bootstrap.next_fits(EARLY_RESAMPLES);
            (bootstrap.point, fits.iter().map(best_net).collect())
        }
    };
    gains.sort_by(f64::total_cmp);
    Ok(quantile(&gains, EARLY_QUANTILE).max(best_net(&point)))
}
