//! What the two sides measure, before the bar is applied: both models' net values (priced
//! runs) or test metrics (runs without `[value]`), each side's amount with its interval, and
//! the difference between them, paired on the same test rows or unpaired.

use super::pairing::{metric_pairing, normal_difference, pairing, unpaired, Unpaired};
use super::runs::{check_not_itself, one_priced, pick_model, LoadedRun};
use super::{Difference, GateOptions, Side};
use crate::analysis::metric_summary::{MetricModel, MetricRun, MetricUnits};
use crate::base::error::{Error, Result};
use crate::base::format::thousands;
use crate::model::ModelResult;
use crate::value::schema::{ModelValue, ValueResults};

/// What the two sides measured, in money or in metric units, before the bar is applied.
pub(super) struct Measured {
    pub paired: bool,
    /// The baseline's side, then the candidate's.
    pub sides: [Side; 2],
    pub difference: Difference,
    pub method: String,
    pub currency: String,
    pub horizon_years: Option<f64>,
    pub metric: Option<String>,
    pub notes: Vec<String>,
}

/// What the two runs measure: net values when both are priced, the baseline run's metric when
/// neither is; one priced and the other not is refused.
pub(super) fn measure(
    base: &LoadedRun,
    cand: &LoadedRun,
    options: &GateOptions,
) -> Result<Measured> {
    match (&base.results.value, &cand.results.value) {
        (Some(b_value), Some(c_value)) => net_values(base, cand, b_value, c_value, options),
        (None, None) => metrics(base, cand, options),
        (Some(_), None) => Err(one_priced(base, cand, true)),
        (None, Some(_)) => Err(one_priced(base, cand, false)),
    }
}

/// The paired bootstrap's summary as the gate's difference.
fn difference_of(d: &crate::value::bootstrap::BootstrapSummary) -> Difference {
    Difference {
        mean: d.mean,
        low: d.low,
        high: d.high,
        p_positive: d.p_positive,
    }
}

/// How a paired interval was made, in words.
fn paired_method(base: &LoadedRun, resamples: usize) -> String {
    format!(
        "paired bootstrap over the same {} test rows, {} resamples",
        thousands(base.results.split.test as f64),
        thousands(resamples as f64)
    )
}

/// Two priced runs: the difference of the models' net values.
fn net_values(
    base: &LoadedRun,
    cand: &LoadedRun,
    b_value: &ValueResults,
    c_value: &ValueResults,
    options: &GateOptions,
) -> Result<Measured> {
    let both = format!("{} and {}", base.label, cand.label);
    if b_value.kind != c_value.kind {
        return Err(Error::input(format!(
            "cannot compare {both}: their [value] sections price differently ({:?} vs {:?})",
            b_value.kind, c_value.kind
        )));
    }
    if b_value.currency != c_value.currency {
        return Err(Error::input(format!(
            "cannot compare {both}: their amounts are in different currencies (`{}` vs `{}`)",
            b_value.currency, c_value.currency
        )));
    }
    let shipped = |value: &ValueResults| value.best.as_ref().map(|best| best.name.clone());
    let b_model = pick_model(
        base,
        "--baseline-model",
        options.baseline_model.as_deref(),
        shipped(b_value),
    )?;
    let c_model = pick_model(
        cand,
        "--candidate-model",
        options.candidate_model.as_deref(),
        shipped(c_value),
    )?;
    check_not_itself(base, cand, &b_model, &c_model)?;
    let mut notes = Vec::new();
    if b_value.horizon_years != c_value.horizon_years
        || b_value.decisions_per_year != c_value.decisions_per_year
    {
        notes.push(format!(
            "the runs assume different volumes or horizons ({} vs {} decisions a year, {} vs {} years)",
            b_value.decisions_per_year,
            c_value.decisions_per_year,
            b_value.horizon_years,
            c_value.horizon_years
        ));
    }
    let (paired, b_net, c_net, difference, method) = match pairing(base, cand, &b_model, &c_model) {
        Ok((pair, note)) => {
            notes.extend(note);
            if pair.rows_that_differ == Some(0) {
                notes.push(
                    "the two decide every test row alike, so the difference is their costs' alone: these rows cannot tell their decisions apart"
                        .to_string(),
                );
            }
            let d = pair.difference;
            (
                true,
                Amount::net(&pair.baseline),
                Amount::net(&pair.candidate),
                difference_of(&d),
                paired_method(base, d.resamples),
            )
        }
        Err(Unpaired::Because(why)) => {
            notes.push(format!("not paired: {why}"));
            let b = value_of(base, &b_model)?;
            let c = value_of(cand, &c_model)?;
            (
                false,
                Amount::net(b),
                Amount::net(c),
                unpaired(base, b, cand, c)?,
                "unpaired: each run's own 90% net-value interval, combined under a normal approximation"
                    .to_string(),
            )
        }
        Err(Unpaired::Failed(err)) => return Err(err),
    };
    Ok(Measured {
        paired,
        sides: [side(base, &b_model, b_net), side(cand, &c_model, c_net)],
        difference,
        method,
        currency: b_value.currency.clone(),
        horizon_years: Some(b_value.horizon_years),
        metric: None,
        notes,
    })
}

/// Two runs without `[value]`: the candidate's gain in the baseline run's metric, on the same
/// resampled test rows; runs that cannot be paired through each run's own interval of its
/// models' test metric, where it keeps one.
fn metrics(base: &LoadedRun, cand: &LoadedRun, options: &GateOptions) -> Result<Measured> {
    let metric_of = |run: &LoadedRun| {
        run.results
            .analysis
            .as_ref()
            .and_then(|a| a.units.as_ref())
            .map(|u| u.metric.clone())
    };
    let metric =
        metric_of(base).unwrap_or_else(|| base.results.target.task.primary_metric().to_string());
    let known = crate::metrics::of_task(base.results.target.task);
    if !known.contains(&metric.as_str()) {
        return Err(Error::input(format!(
            "{}: its analysis answers in `{metric}`, which is no {} metric worthit measures ({})",
            base.results_path.display(),
            base.results.target.task.name(),
            known.join(", ")
        )));
    }
    let units = MetricUnits::of(&metric);
    let mut notes = Vec::new();
    if let Some(other) = metric_of(cand).filter(|other| *other != metric) {
        notes.push(format!(
            "the candidate run answered in {other}; both models are scored on the baseline run's {metric}"
        ));
    }
    let b_model = pick_model(
        base,
        "--baseline-model",
        options.baseline_model.as_deref(),
        best_by_metric(base, &units),
    )?;
    let c_model = pick_model(
        cand,
        "--candidate-model",
        options.candidate_model.as_deref(),
        best_by_metric(cand, &units),
    )?;
    check_not_itself(base, cand, &b_model, &c_model)?;
    let test_metric = |model: &ModelResult| model.test.get(&metric);
    let own = |model: &ModelResult, interval: Option<(f64, f64)>| Amount {
        net: false,
        value: test_metric(model),
        interval,
    };
    let (paired, [b_amount, c_amount], difference, method) = match metric_pairing(
        base, cand, &b_model, &c_model, &metric,
    ) {
        Ok((resampled, bounded)) => {
            if bounded > 0 {
                notes.push(format!(
                    "the test rows hold fewer than {} rows of {bounded} of the classes {metric} averages over: its intervals take their part of the average as anywhere from 0 to 1, and the share of resamples with a gain counts those where even the least that allows is one",
                    crate::value::resampled_metric::SCARCE_CLASS_ROWS
                ));
            }
            let gain = resampled
                .gains
                .first()
                .ok_or_else(|| Error::internal("compare: the paired resamples hold no gain"))?;
            let interval = |i: usize| resampled.metrics.get(i).map(|m| (m.low, m.high));
            (
                true,
                [own(&b_model, interval(0)), own(&c_model, interval(1))],
                difference_of(gain),
                paired_method(base, gain.resamples),
            )
        }
        Err(Unpaired::Because(why)) => {
            // Each run keeps the interval of its baseline's and its pick's test metric. Only
            // their widths are read, which a metric's direction does not change.
            let interval = |run: &LoadedRun, model: &ModelResult| {
                let kept = model.test_interval.as_ref().filter(|i| i.metric == metric);
                match (kept, test_metric(model)) {
                        (Some(i), Some(value)) => Ok(((i.low, i.high), value)),
                        _ => Err(Error::input(format!(
                            "cannot compare {} and {} in metric units unpaired ({why}): {} keeps no interval of `{}`'s test {metric} (a run keeps one for every model since 2026-12-06; from 2026-12-04 a run without [value] kept one for its baseline and the candidate it picked); compare run folders on the same data and seed, or run it again",
                            base.label, cand.label, run.label, model.name
                        ))),
                    }
            };
            let (b_interval, b_test) = interval(base, &b_model)?;
            let (c_interval, c_test) = interval(cand, &c_model)?;
            notes.push(format!("not paired: {why}"));
            (
                    false,
                    [own(&b_model, Some(b_interval)), own(&c_model, Some(c_interval))],
                    normal_difference(units.gain(c_test, b_test), b_interval, c_interval),
                    format!("unpaired: each run's own 90% interval of its test {metric}, combined under a normal approximation"),
                )
        }
        Err(Unpaired::Failed(err)) => return Err(err),
    };
    Ok(Measured {
        paired,
        sides: [
            side(base, &b_model, b_amount),
            side(cand, &c_model, c_amount),
        ],
        difference,
        method,
        currency: units.unit,
        horizon_years: None,
        metric: Some(metric),
        notes,
    })
}

/// The candidate an unpriced run would ship: the best validation metric, as its verdict picks
/// it ([`MetricRun::best_candidate`]); `None` without candidates.
fn best_by_metric(run: &LoadedRun, units: &MetricUnits) -> Option<String> {
    let models: Vec<MetricModel> = run
        .results
        .models
        .iter()
        .filter_map(|m| MetricModel::of(m, &units.metric))
        .collect();
    MetricRun {
        units,
        models: &models,
        test_rows: run.results.split.test,
        // Read by the verdict's wording only, which picking the candidate does not reach.
        bounded_classes: 0,
        validation_bounded_classes: 0,
        seed: run.results.seed,
        auto_stopped: run
            .results
            .sweep
            .as_ref()
            .is_some_and(|s| s.stopped_by_auto()),
    }
    .best_candidate()
    .map(|best| best.name.clone())
}

fn value_of<'r>(run: &'r LoadedRun, model: &ModelResult) -> Result<&'r ModelValue> {
    run.results
        .value
        .as_ref()
        .and_then(|v| v.models.iter().find(|m| m.name == model.name))
        .ok_or_else(|| {
            Error::input(format!(
                "{}: model `{}` has no value in its results.json",
                run.label, model.name
            ))
        })
}

/// One side's amount as measured: a net value or a test metric, with its 90% interval.
struct Amount {
    net: bool,
    value: Option<f64>,
    interval: Option<(f64, f64)>,
}

impl Amount {
    fn net(value: &ModelValue) -> Amount {
        Amount {
            net: true,
            value: Some(value.net_value),
            interval: value.net_value_interval.as_ref().map(|i| (i.low, i.high)),
        }
    }
}

fn side(run: &LoadedRun, model: &ModelResult, amount: Amount) -> Side {
    let (low, high) = (
        amount.interval.map(|(low, _)| low),
        amount.interval.map(|(_, high)| high),
    );
    let (net, metric) = (amount.net, !amount.net);
    Side {
        file: run.label.clone(),
        dataset: run.results.dataset.name.clone(),
        data_blake3: run.results.dataset.blake3.clone(),
        model: model.name.clone(),
        net_value: amount.value.filter(|_| net),
        net_value_low: low.filter(|_| net),
        net_value_high: high.filter(|_| net),
        metric_value: amount.value.filter(|_| metric),
        metric_value_low: low.filter(|_| metric),
        metric_value_high: high.filter(|_| metric),
    }
}
