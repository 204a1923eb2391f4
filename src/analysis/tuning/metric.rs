//! The tuning answer in metric units, for a run without `[value]` and a sweep log (the last
//! paragraph of [`super`]'s documentation): the metric-noise rule in the place of a trial's cost.

use super::sentences::{indistinct_sentence, still_rises};
use super::{start, MetricGains, TuningAdvice, TuningKind, EARLY_MIN_TRIALS, KEEP_BASELINE};
use crate::analysis::expected_max::Trial;
use crate::analysis::extrapolate::{SaturationFit, DEFAULT_RESAMPLES};
use crate::analysis::stopping::{
    baseline_at_best, noise_rise_band, noise_stop, NoiseEvidence, NoiseRule, NoiseSource,
};
use crate::base::error::Result;
use crate::base::format::{interval, money, signed_money, thousands};

/// What the metric rule reads: a run without `[value]`, every amount a gain over the baseline
/// in the metric's units (positive is better).
pub struct MetricTuningInput<'a> {
    /// The trials as gains over the baseline, in the order they ran.
    pub trials: &'a [Trial],
    /// Expected best test gain at 1..=n trials (the empirical curve).
    pub expected_best: &'a [f64],
    /// The curve fitted to it, when there were enough trials.
    pub fit: Option<&'a SaturationFit>,
    /// The curve's bootstrap refits (the extrapolation's, on the same trials): the 90% band of
    /// every gain the answer quotes from `fit`; none, no band.
    pub refits: &'a [SaturationFit],
    /// What the metric-noise rule weighs: the standard error of the best model's gain (the
    /// noise an improvement must clear) and the trials' validation halves when the run has them
    /// (its ceiling is `ceiling`'s validation gain).
    pub evidence: NoiseEvidence<'a>,
    /// The metric's unit in sentences, e.g. `ROC-AUC`.
    pub unit: &'a str,
    /// Seed of the noise rule's bootstrap band.
    pub seed: u64,
    /// The best validation and test gains a trial can reach (the metric's best possible value
    /// over the baseline's): the noise rule stops there, and the curve's gain goes no further.
    pub ceiling: Option<Trial>,
    /// Whether the gains are over a baseline (a run). A sweep log's count from its first trial,
    /// which is no model to keep, so it never hears *does not beat the baseline*.
    pub baseline: bool,
}

impl MetricTuningInput<'_> {
    /// The test curve's gains from the trials run, with their bands: what the answer quotes, and
    /// the doubling of the trials stored beside it.
    pub fn gains(&self) -> MetricGains<'_> {
        MetricGains::new(self.fit, self.refits, self.expected_best, self.ceiling)
    }
}

/// The answer after `n` trials where the baseline already scores the best validation value of
/// its metric (named `unit`): no trial can be chosen over it (ties go to the baseline), so it is
/// the answer at any count, none included.
pub fn baseline_at_best_possible(n: usize, unit: &str) -> TuningAdvice {
    TuningAdvice {
        kind: TuningKind::DoesNotPay,
        best_possible: true,
        sentence: format!(
            "Tuning: it does not beat the baseline here{KEEP_BASELINE}it already scores the best validation {unit} there is, so no trial can be chosen over it)."
        ),
        ..start(n)
    }
}

/// The rule in metric units (the module documentation of [`super`]). An error for non-finite trials or noise.
pub fn advise_metric(input: &MetricTuningInput) -> Result<TuningAdvice> {
    let n = input.expected_best.len();
    let ceiling = input.ceiling;
    if input.baseline && baseline_at_best(ceiling.map(|c| c.validation)) {
        return Ok(baseline_at_best_possible(n, input.unit));
    }
    let mut advice = start(n);
    let rule = NoiseRule::default();
    let noise_se = input.evidence.se.max(0.0);
    let evidence = NoiseEvidence {
        se: noise_se,
        ceiling: ceiling.map(|c| c.validation),
        ..input.evidence
    };
    if advice.kind == TuningKind::TooFewTrials {
        // The early stop, as a priced answer's: from EARLY_MIN_TRIALS on the noise rule reads
        // the validation halves, and where they cannot tell the trials apart the rule below
        // answers as it would from MIN_TRIALS on (does not beat the baseline, else stop); the
        // halves' test comes before any rise is weighed, so it never says "run more".
        if n < EARLY_MIN_TRIALS
            || noise_stop(input.trials, &evidence, &rule)?
                .unclear_halves
                .is_none()
        {
            return Ok(advice);
        }
        advice.kind = TuningKind::Stop;
    }
    let unit = input.unit;
    let noise = noise_stop(input.trials, &evidence, &rule)?;
    let horizon = (n as f64 * rule.horizon_factor).round() as usize;
    let now = input.expected_best[n - 1];
    let gains = input.gains();
    let gain_to = |m: usize| gains.gain(m);
    let quoted = |m: usize, in_parentheses: bool| gains.quoted(m, in_parentheses, unit);
    advice.net_gain_now = Some(now);
    let longer = format!("a sweep {}x longer", rule.horizon_factor);
    if noise.reached_best_possible {
        // Reached by a trial (the baseline's own is answered above): nothing over that trial.
        advice.best_possible = true;
        advice.sentence = format!(
            "Tuning: stop; the best trial already reaches the best validation {unit} there is, so no further trial can be chosen over it."
        );
        return Ok(advice);
    }
    if input.baseline && now <= 0.0 && now + gain_to(horizon) <= 0.0 {
        advice.kind = TuningKind::DoesNotPay;
        advice.sentence = format!(
            "Tuning: it does not beat the baseline here{KEEP_BASELINE}the sweep's expected best is {} against it, and {longer} is expected to add {}).",
            signed_money(now, unit),
            quoted(horizon, true)
        );
        return Ok(advice);
    }
    if let Some(halves) = noise.unclear_halves {
        advice.indistinct = true;
        // The doubling of the trials reads the test curve, as `gain_to` does.
        let rises = still_rises(gain_to(2 * n) > 0.0, 0.0, unit);
        advice.sentence = indistinct_sentence(&halves, &rises);
        return Ok(advice);
    }
    // The rise the noise rule weighs, with the band of its bootstrap refits.
    let rise = match noise_rise_band(
        input.trials,
        &evidence,
        &rule,
        (DEFAULT_RESAMPLES, input.seed),
    )? {
        Some((low, high)) => format!(
            "{} (90% band {})",
            money(noise.remaining.unwrap_or(0.0), unit),
            interval(low, high, unit)
        ),
        None => money(noise.remaining.unwrap_or(0.0), unit),
    };
    let noise_now = money(noise_se, crate::analysis::metric_summary::level_unit(unit));
    let yardstick = input.evidence.source.quoted(&noise_now);
    if noise.stop {
        // The doubling beside it reads the test rows' curve: where that gains more than the
        // noise, or than the validation rise, say so, or the two read as opposite instructions.
        let doubling = gain_to(2 * n);
        let clause = if doubling > noise_se {
            Some(", though the test rows' fitted curve still rises by more than that noise")
        } else if doubling > noise.remaining.unwrap_or(0.0) {
            Some("; the test rows' fitted curve rises more, but still less than that noise")
        } else {
            None
        };
        let though = clause.map_or(String::new(), |clause| {
            format!("{clause} (doubling the trials: {})", quoted(2 * n, true))
        });
        advice.sentence = format!(
            "Tuning: stop; {longer} is expected to improve the best validation score by {rise}, less than its noise ({yardstick}){though}."
        );
        advice.noise = Some(noise_se);
        return Ok(advice);
    }
    let reached = (n + 1..=horizon).find(|&m| {
        let gain = gain_to(m);
        gain >= noise_se && gain > 0.0
    });
    let Some(enough) = reached else {
        // The validation rows' best rises with every trial even where the trials differ by
        // noise alone; when the test rows' curve, which selection does not flatter, gains less
        // than the noise within the longer sweep, no trial count would make a difference the
        // test rows can measure (calibration: where the two disagreed, a pool of 160 trials
        // sided with the test curve in 3 of 4 sweeps).
        advice.sentence = format!(
            "Tuning: stop; the test rows' curve expects {longer} to add only {}, less than the metric's noise ({yardstick}). The best validation score would rise by {rise} there, which is why the noise rule (what --stop auto applies) would go on, but selection flatters that rise.",
            quoted(horizon, false)
        );
        advice.noise = Some(noise_se);
        return Ok(advice);
    };
    advice.kind = TuningKind::RunMore;
    advice.more_trials = enough - n;
    advice.expected_gain = gain_to(enough);
    if let Some((low, high)) = gains.band(enough) {
        advice.expected_gain_low = Some(low);
        advice.expected_gain_high = Some(high);
    }
    let more = match advice.more_trials {
        1 => "1 more trial".to_string(),
        k => format!("{} more trials", thousands(k as f64)),
    };
    let about = match input.evidence.source {
        NoiseSource::StandardError => {
            format!("about one standard error of the metric's noise, {noise_now}")
        }
        NoiseSource::ValidationTestGap
        | NoiseSource::TrialSpread
        | NoiseSource::BoundedInterval => {
            format!("about the metric's noise, {yardstick}")
        }
    };
    advice.sentence = format!(
        "Tuning: run about {more} (expected {}, {about}); {longer} is expected to improve the best validation score by {rise}, more than that noise.",
        quoted(enough, true)
    );
    Ok(advice)
}

#[cfg(test)]
mod tests;
