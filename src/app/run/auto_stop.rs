//! The sweep's `--stop auto` hooks, which `run` passes to the sweep: the tuning answer of a
//! priced run ([`auto_stop`]) and the metric-noise rule without `[value]` ([`noise_stop`]), each
//! asked before the next trial.

use std::collections::HashMap;
use std::path::Path;

use super::RunManifest;
use crate::analysis::tuning::AnswerChecks;
use crate::base::error::Result;
use crate::data::prepared::PreparedData;
use crate::model::ModelResult;
use crate::value::bootstrap::BootstrapSummary;
use crate::value::schema::ModelValue;

/// `--stop auto`: whether the sweep should stop before the next trial because the tuning answer
/// is "stop" or "does not pay" ([`crate::analysis::tuning::advise_after`], the answer the report
/// gives), asked where `checks` says ([`crate::analysis::tuning::AnswerChecks`]: a "run more" is
/// followed before it is asked again), with that answer as the reason. Never for `--stop never`, a sharded sweep (one shard sees a
/// part of the trials) or a config without `[value]` (see [`noise_stop`]).
///
/// `priced` keeps each candidate's value from one call to the next: a model's value does not
/// depend on the others (only on the baseline), so each trial's predictions are read once, not
/// once per later trial. `checks` starts afresh in a resumed run and asks every check up to the
/// trials done, so it stops where an uninterrupted run would have.
pub(super) fn auto_stop(
    dir: &Path,
    manifest: &RunManifest,
    prepared: &PreparedData,
    (threads, seed): (usize, u64),
    finished: &[ModelResult],
    (priced, checks): (&mut HashMap<String, ModelValue>, &mut AnswerChecks),
    payoff_rows: &crate::value::payoff::PayoffRows,
) -> Result<Option<String>> {
    let trials_done = finished.iter().filter(|m| m.trial.is_some()).count();
    let (Some(value), crate::sweep::StopMode::Auto, None) = (
        &manifest.config.value,
        manifest.plan.stop,
        manifest.plan.shard,
    ) else {
        return Ok(None);
    };
    use crate::analysis::tuning::{AnswerInput, EARLY_MIN_TRIALS};
    if trials_done < EARLY_MIN_TRIALS || !finished.iter().any(|m| m.trial.is_none()) {
        return Ok(None);
    }
    let data = crate::value::from_run::RunData::of(prepared, (threads, seed), payoff_rows);
    let unpriced: Vec<ModelResult> = finished
        .iter()
        .filter(|m| m.trial.is_none() || !priced.contains_key(&m.name))
        .cloned()
        .collect();
    let mut baseline = None;
    for model in crate::value::from_run::price_points(dir, value, &data, &unpriced)? {
        if model.trial.is_some() {
            priced.insert(model.name.clone(), model);
        } else {
            baseline = Some(model);
        }
    }
    let candidates: Vec<&ModelValue> = finished
        .iter()
        .filter(|m| m.trial.is_some())
        .filter_map(|m| priced.get(&m.name))
        .collect();
    // The trials and baseline the report's tuning answer reads: validation halves.
    let (trials, reading, baseline) =
        crate::analysis::run_summary::decision_trials(&candidates, baseline.as_ref());
    let cost = candidates
        .iter()
        .map(|m| m.training_cost + m.trial_cost)
        .sum::<f64>()
        / candidates.len().max(1) as f64;
    let currency = value.currency.clone().unwrap_or_default();
    // The tuning answer the report would give (analysis::tuning): the sweep stops where it says
    // "stop" or "does not pay", in its words.
    let stopped = checks.ask(&AnswerInput {
        trials: &trials,
        reading,
        baseline,
        cost_per_trial: cost,
        currency: &currency,
        seed,
    })?;
    Ok(stopped.map(|(at, advice)| {
        format!(
            "the tuning answer after {at} trials {}: {}",
            crate::sweep::PRICED_AUTO_STOP,
            advice.stop_reason()
        )
    }))
}

/// `--stop auto` without `[value]`: the metric-noise rule of [`crate::analysis::stopping`] on the
/// candidates' validation gains over the baseline in the task's primary metric. Its yardstick is
/// the standard error of the validation-best candidate's gain, from a paired bootstrap of the
/// validation rows (validation decides when to stop; test rows only report), kept in `noise` by
/// candidate so each is bootstrapped once.
pub(super) fn noise_stop(
    dir: &Path,
    manifest: &RunManifest,
    prepared: &PreparedData,
    (threads, seed): (usize, u64),
    finished: &[ModelResult],
    noise: &mut HashMap<String, BootstrapSummary>,
) -> Result<Option<String>> {
    use crate::analysis::metric_summary::MetricUnits;
    let rule = crate::analysis::NoiseRule::default();
    let (crate::sweep::StopMode::Auto, None) = (manifest.plan.stop, manifest.plan.shard) else {
        return Ok(None);
    };
    let metric = manifest.metric();
    let units = MetricUnits::of(metric);
    let Some((baseline, reference)) = finished
        .iter()
        .find(|m| m.trial.is_none())
        .and_then(|m| Some((m, m.validation.get(metric)?)))
    else {
        return Ok(None);
    };
    let scored: Vec<(&ModelResult, f64)> = finished
        .iter()
        .filter(|m| m.trial.is_some())
        .filter_map(|m| Some((m, units.gain(m.validation.get(metric)?, reference))))
        .collect();
    // The most a trial can gain on validation. A baseline at the metric's best validation value
    // stops the sweep before any trial, since none can be chosen over it; a trial there stops
    // it, as the report's answer says.
    let ceiling = units.room(reference);
    if crate::analysis::stopping::baseline_at_best(Some(ceiling)) {
        let evidence = crate::analysis::NoiseEvidence {
            se: 0.0,
            ceiling: Some(ceiling),
            halves: None,
            source: crate::analysis::NoiseSource::StandardError,
        };
        let decision = crate::analysis::noise_stop(&[], &evidence, &rule)?;
        let reason = decision.reason.trim_start_matches("stop: ");
        return Ok(decision
            .stop
            .then(|| format!("{reason} ({})", crate::sweep::UNPRICED_AUTO_STOP)));
    }
    // From the early answer's trials on: the rule reads the validation halves before its minimum.
    if scored.len() < crate::analysis::tuning::EARLY_MIN_TRIALS.min(rule.min_trials) {
        return Ok(None);
    }
    let Some(&(best, _)) = scored
        .iter()
        .reduce(|top, next| if next.1 > top.1 { next } else { top })
    else {
        return Ok(None);
    };
    // Before the rule's minimum only the validation halves can stop it (noise_stop reads no
    // standard error there), so the best trial's bootstrap waits until it is read.
    let standard_error =
        |gain: &BootstrapSummary| (gain.high - gain.low) / (2.0 * crate::base::stats::Z90);
    let payoff_rows = Default::default();
    let data = crate::value::from_run::RunData::of(prepared, (threads, seed), &payoff_rows);
    let se = match noise.get(&best.name) {
        _ if scored.len() < rule.min_trials => 0.0,
        Some(gain) => standard_error(gain),
        None => {
            let gain = crate::value::from_run::metric_gain(
                dir,
                &data,
                metric,
                baseline,
                best,
                crate::value::from_run::Rows::Validation,
            )?;
            noise.insert(best.name.clone(), gain);
            standard_error(&gain)
        }
    };
    let trials: Vec<crate::analysis::Trial> = scored
        .iter()
        .map(|&(_, gain)| crate::analysis::Trial {
            validation: gain,
            test: gain,
        })
        .collect();
    // Each trial's gains on the validation halves, as the report's answer reads them.
    let halves = units.halves_gains(
        baseline.validation_halves_of(metric),
        scored.iter().map(|&(m, _)| m.validation_halves_of(metric)),
    );
    // A validation interval that bounds a macro average over scarce classes is no standard
    // error, and the reason says so, as the report's answer does; before the rule's minimum no
    // noise is quoted, so the validation rows' classes are not counted.
    let bounded = se > 0.0
        && crate::value::from_run::bounded_terms_of(
            &data,
            metric,
            crate::value::from_run::Rows::Validation,
        ) > 0;
    let evidence = crate::analysis::NoiseEvidence {
        se,
        ceiling: Some(ceiling),
        halves: halves.as_deref(),
        source: if bounded {
            crate::analysis::NoiseSource::BoundedInterval
        } else {
            crate::analysis::NoiseSource::StandardError
        },
    };
    let decision = crate::analysis::noise_stop(&trials, &evidence, &rule)?;
    let reason = decision.reason.trim_start_matches("stop: ");
    Ok(decision.stop.then(|| {
        if decision.reached_best_possible || decision.unclear_halves.is_some() {
            format!("{reason} ({})", crate::sweep::UNPRICED_AUTO_STOP)
        } else {
            format!(
                "more trials would gain less than the metric's noise (amounts in {}; {}): {reason}",
                units.unit,
                crate::sweep::UNPRICED_AUTO_STOP
            )
        }
    }))
}
