//! "How the numbers are computed": the methods behind a run's figures, only those the run used,
//! in the run's own units, as plain text for each writer to mark up.

use crate::analysis::metric_summary::MetricUnits;
use crate::analysis::tuning::{EARLY_MIN_TRIALS, FORECAST_REACH, MIN_TRIALS};
use crate::results::RunResults;
use crate::value::config::ValueKind;
use crate::value::schema::ValueResults;

/// One method: a short title and what it does.
pub struct Method {
    /// What the method computes, e.g. "Intervals".
    pub title: &'static str,
    /// How, in a few sentences.
    pub text: String,
}

/// The methods behind `results`: a priced run's money figures, or a run without `[value]`'s
/// metric gains; a method the run did not use (capacity, distributions) is left out.
pub fn methods(results: &RunResults) -> Vec<Method> {
    let mut out = Vec::new();
    let mut add = |title, text: String| out.push(Method { title, text });
    let units = MetricUnits::of(results.ranking_metric());
    let refits = crate::analysis::extrapolate::DEFAULT_RESAMPLES;
    let shares = crate::analysis::learning::fractions_in_words();
    match &results.value {
        Some(value) => {
            add("Values", values(value));
            add(
                "Intervals",
                format!(
                    "Each candidate's difference in net value to the baseline is resampled with a \
                     paired bootstrap over the test rows ({} resamples, both models scored on the \
                     same resampled rows); the interval runs from its 5th to its 95th percentile.",
                    crate::base::format::thousands(value.resamples as f64)
                ),
            );
            add(
                "Selection",
                "The candidate is the trial with the highest validation net value; the test rows \
                 only report it, so a lucky test score never chooses."
                    .to_string(),
            );
        }
        None => {
            add(
                "Gains",
                format!(
                    "Without a [value] section every amount is a candidate's gain over the \
                     baseline in {}, positive when better; it has no values, costs or \
                     sensitivity. The candidate is the trial with the best validation {}.",
                    units.unit,
                    crate::analysis::metric_summary::display_name(&units.metric)
                ),
            );
            add(
                "Intervals",
                "Each gain is resampled with a paired bootstrap over the test rows (both models \
                 scored on the same resampled rows); the interval runs from its 5th to its 95th \
                 percentile."
                    .to_string(),
            );
        }
    }
    let amount = if results.value.is_some() {
        "net value"
    } else {
        "gain"
    };
    add(
        "Trials curve",
        format!(
            "For a sweep of n trials drawn from those run, the expected test {amount} of the \
             trial that validation would pick (Dodge et al. 2019); the band is where 90% of such sweeps \
             end."
        ),
    );
    add(
        "Extrapolation",
        format!(
            "A saturating power law fitted to the unbiased estimate of that curve, read at 2 and \
             4 times the trials run, with a 90% band from {refits} smoothed bootstrap resamples \
             of the trials, each refitted. It assumes the search keeps drawing from the same \
             space."
        ),
    );
    add("Tuning answer", tuning_rule(results.value.as_ref()));
    add(
        "Track record",
        "The extrapolation fitted on the first half of the trials, read at the full count, \
         against the estimate the full set of trials gives."
            .to_string(),
    );
    add(
        "More data or more tuning",
        format!(
            "The baseline's parameters fitted again on {shares} of the training rows, each \
             compared on the same test resamples with the full baseline and with the share \
             before it: the last doubling of the rows (50% to 100%) beside the one before it."
        ),
    );
    if let Some(value) = &results.value {
        optional_value_methods(value, &mut add);
    }
    out
}

fn values(value: &ValueResults) -> String {
    let decisions = match value.kind {
        ValueKind::Metric => "Each model's test metric is turned into value a year by the \
                              [value] section's per_point or curve, times the horizon."
            .to_string(),
        ValueKind::Error => "Each model's test predictions are valued by their error (value per \
                             unit of error per decision, under the midpoint of every range), \
                             scaled to decisions a year and the horizon."
            .to_string(),
        ValueKind::Outcomes | ValueKind::CostMatrix => format!(
            "Each model's decisions are fixed on validation rows under the midpoint of every \
             range ({}), then valued on test rows and scaled to decisions a year and the horizon.",
            if value.kind == ValueKind::Outcomes {
                "the probability threshold with the highest value"
            } else {
                "the class with the lowest expected cost"
            }
        ),
    };
    format!(
        "{decisions} Net value subtracts training compute, serving compute and, for candidates, \
         the fixed cost of a trial."
    )
}

fn tuning_rule(value: Option<&ValueResults>) -> String {
    if let Some(value) = value {
        let rows = if value.kind == ValueKind::Metric {
            "on the trials' test values (a value from the metric has no rows of its own to halve)"
        } else {
            "on validation rows only (their two alternate halves, each picking the best trial \
             for the other to measure)"
        };
        return format!(
            "One rule gives the tuning answer, from the expected-best curve fitted to the trials \
             and the mean cost of a trial, {rows}: not enough trials to tell \
             before {MIN_TRIALS} (from {EARLY_MIN_TRIALS} on, stop when the halves do not \
             clearly tell the trials apart, and tuning does not pay when the trials' cost outweighs even an \
             optimistic sweep); run about K more trials when, on the fitted curve, trials past \
             those run still add more than they cost (up to {FORECAST_REACH} times the \
             trials run in all, as far as the forecast is checked); tuning does not pay when \
             the sweep's expected best, net of its cost, stays below the baseline; stop otherwise. --stop auto asks it before each \
             trial and stops at stop or does not pay. Break-even, the cost rule and the noise \
             rule are evidence beside it."
        );
    }
    format!(
        "The metric-noise rule, on the two alternate halves of the validation rows: not enough \
         trials to tell before {MIN_TRIALS} (from {EARLY_MIN_TRIALS} on, stop when the halves \
         do not clearly tell the trials apart); stop when they do not clearly rank the trials alike, or \
         when a sweep ten times longer is expected to raise the best validation score, picked on \
         one half and measured on the other, by less than its noise (the paired-bootstrap \
         standard error of the best candidate's gain on validation rows); tuning does not beat \
         the baseline when the expected best gain is not above 0 now nor after a sweep ten times \
         longer; otherwise run about K more, K where the test rows' fitted curve has gained one \
         standard error. --stop auto applies it before each trial."
    )
}

fn optional_value_methods(value: &ValueResults, add: &mut impl FnMut(&'static str, String)) {
    if !value.sensitivity.is_empty() {
        add(
            "Sensitivity and scenarios",
            "The same decisions valued again with one range (or all ranges) at its low or high \
             end; a distribution's ends are its given low and high (uniform, triangular) or its \
             5th and 95th percentiles (normal, lognormal, beta)."
                .to_string(),
        );
    }
    let information = value.information.as_ref();
    if let Some(information) = information.filter(|i| !i.parameters.is_empty()) {
        let mut text = "A business number given as a distribution is drawn once per bootstrap \
                        resample, the same draw for both models, so the interval and P(gain) \
                        carry its uncertainty with the test rows'; decisions are tuned at its mean."
            .to_string();
        let factors: Vec<&str> = information
            .parameters
            .iter()
            .map(|p| p.parameter.as_str())
            .filter(|name| crate::value::config::factor_outcome(name).is_some())
            .collect();
        if !factors.is_empty() {
            text.push_str(&format!(
                " A factor on a per-row payoff ({}) multiplies its expression's value on every \
                 row, so each draw moves every row's payoff in proportion.",
                factors.join(", ")
            ));
        }
        add("Distributions", text);
    }
    if information.is_some() {
        add(
            "Value of information",
            "EVPI = E[max(gain, 0)] - max(E[gain], 0) over the resamples: what deciding after \
             learning every uncertain quantity would add. EVPPI of one number: the resamples \
             sorted by its draw into about the square root of their count bins of equal size, \
             E[gain | number] the bin's mean gain."
                .to_string(),
        );
    }
    if !value.references.is_empty() {
        add(
            "Rules of thumb",
            "Acting on every case and on no case, valued like a model without its costs; the \
             better on validation rows is what a model has to beat, with a paired interval on \
             test rows."
                .to_string(),
        );
    }
    if value.capacity.is_some() {
        let rows = if value.kind == ValueKind::CostMatrix {
            "reviews at most capacity's rows, those where the class with the lowest expected \
             cost avoids the most expected cost over the default class, which every other row \
             gets"
        } else {
            "acts on at most capacity's share of the rows it flags, those with the highest \
             expected gain of acting; acting on every case then means acting on random cases up \
             to capacity"
        };
        add("Capacity", format!("Each model {rows}."));
    }
}
