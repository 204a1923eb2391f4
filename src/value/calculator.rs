//! `worthit value`: what a metric gain is worth under a metric-based `[value]` section, without
//! training anything ("what is +0.02 AUC worth to us?").

use serde::Serialize;

use super::config::{Scenario, ValueConfig, ValueKind};
use crate::base::error::{Error, Result};
use crate::base::format::{money, signed_money, years};
use crate::metrics::{CLASSIFICATION_METRICS, REGRESSION_METRICS};

/// A `NAME=VALUE` metric reading from the command line, e.g. `roc_auc=0.81`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricReading {
    /// Metric name.
    pub name: String,
    /// Its value.
    pub value: f64,
}

impl MetricReading {
    /// Parses `NAME=VALUE`.
    pub fn parse(text: &str) -> std::result::Result<MetricReading, String> {
        let (name, value) = text
            .split_once('=')
            .ok_or_else(|| format!("`{text}`: write METRIC=VALUE, e.g. roc_auc=0.81"))?;
        // `=0.9` was taken as a metric named nothing ("--metric is  but --baseline is roc_auc").
        if name.trim().is_empty() {
            return Err(format!(
                "`{text}`: give a metric name before `=` (METRIC=VALUE, e.g. roc_auc=0.81): one of {}",
                known_metrics()
            ));
        }
        let value: f64 = value
            .trim()
            .parse()
            .map_err(|_| format!("`{text}`: `{value}` is not a number"))?;
        if !value.is_finite() {
            return Err(format!("`{text}`: the value must be finite"));
        }
        Ok(MetricReading {
            name: name.trim().to_string(),
            value,
        })
    }
}

/// Every metric `--metric` and `--baseline` may name, as their errors list them.
fn known_metrics() -> String {
    let all: Vec<&str> = CLASSIFICATION_METRICS
        .iter()
        .chain(REGRESSION_METRICS)
        .copied()
        .collect();
    all.join(", ")
}

/// The value of a candidate's metric against a baseline's, under each scenario.
#[derive(Debug, Clone, Serialize)]
pub struct Quote {
    /// The metric.
    pub metric: String,
    /// Candidate metric.
    pub candidate: f64,
    /// Baseline metric.
    pub baseline: f64,
    /// Currency.
    pub currency: String,
    /// Years the gain lasts.
    pub horizon_years: f64,
    /// One row per scenario: low, mid, high.
    pub scenarios: Vec<QuoteRow>,
}

/// The quote under one scenario.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteRow {
    /// Which end of the ranges.
    pub scenario: Scenario,
    /// Candidate value per year.
    pub candidate_per_year: f64,
    /// Baseline value per year.
    pub baseline_per_year: f64,
    /// Difference per year.
    pub difference_per_year: f64,
    /// Difference over the horizon.
    pub difference_over_horizon: f64,
}

/// Prices `candidate` against `baseline` with a metric-based section (`file` names the config in
/// errors).
pub fn quote(
    config: &ValueConfig,
    file: &str,
    candidate: &MetricReading,
    baseline: &MetricReading,
) -> Result<Quote> {
    if config
        .kind()
        .map_err(|err| Error::input(format!("{file}: {err}")))?
        != ValueKind::Metric
    {
        return Err(Error::input(format!(
            "{file}: worthit value prices metric-based [value] sections (per_point or curve); this one prices decisions, so run `worthit run` instead"
        )));
    }
    if candidate.name != baseline.name {
        return Err(Error::input(format!(
            "--metric is {} but --baseline is {}: give the same metric",
            candidate.name, baseline.name
        )));
    }
    let regression = REGRESSION_METRICS.contains(&candidate.name.as_str());
    if !regression && !CLASSIFICATION_METRICS.contains(&candidate.name.as_str()) {
        return Err(Error::input(format!(
            "--metric {}: not a metric worthit knows ({})",
            candidate.name,
            known_metrics()
        )));
    }
    for (flag, reading) in [("--metric", candidate), ("--baseline", baseline)] {
        if let Some(range) = crate::metrics::outside_range(&reading.name, reading.value) {
            return Err(Error::input(format!(
                "{flag} {}={}: {range}",
                reading.name,
                crate::base::format::parameter(reading.value)
            )));
        }
    }
    let priced = config.metric_name(regression);
    if priced != candidate.name {
        return Err(Error::input(format!(
            "{file}: [value] prices {priced}, but --metric gives {}",
            candidate.name
        )));
    }
    config
        .check_metric_based(regression)
        .map_err(|err| Error::input(format!("{file}: {err}")))?;
    let horizon = config.horizon_years.map_or(1.0, |h| h.at(Scenario::Mid));
    let scenarios = Scenario::ALL
        .iter()
        .map(|&scenario| {
            let value = |metric: f64| {
                config
                    .metric_value(metric, baseline.value, regression, scenario)
                    .unwrap_or(0.0)
            };
            let (c, b) = (value(candidate.value), value(baseline.value));
            let horizon = config.horizon_years.map_or(1.0, |h| h.at(scenario));
            QuoteRow {
                scenario,
                candidate_per_year: c,
                baseline_per_year: b,
                difference_per_year: c - b,
                difference_over_horizon: (c - b) * horizon,
            }
        })
        .collect();
    Ok(Quote {
        metric: candidate.name.clone(),
        candidate: candidate.value,
        baseline: baseline.value,
        currency: config.currency.clone().unwrap_or_default(),
        horizon_years: horizon,
        scenarios,
    })
}

impl Quote {
    /// The quote for a terminal: one sentence, then a row per scenario.
    pub fn render(&self) -> String {
        // One line per row whatever the currency holds: the Markdown form fences these lines,
        // and a line break in it could close the fence.
        let currency = &crate::base::text::terminal_safe(&self.currency);
        let mid = self.scenarios.iter().find(|s| s.scenario == Scenario::Mid);
        let mut out = String::new();
        if let Some(mid) = mid {
            out.push_str(&format!(
                "{} {} against {}: {} a year, {} over {} (midpoint of every range).\n",
                self.metric,
                self.candidate,
                self.baseline,
                signed_money(mid.difference_per_year, currency),
                signed_money(mid.difference_over_horizon, currency),
                years(self.horizon_years),
            ));
        }
        out.push_str(&format!(
            "{:<9} {:>18} {:>18} {:>18} {:>18}\n",
            "scenario", "candidate / year", "baseline / year", "gain / year", "gain / horizon"
        ));
        for row in &self.scenarios {
            let name = match row.scenario {
                Scenario::Low => "low",
                Scenario::Mid => "mid",
                Scenario::High => "high",
            };
            out.push_str(&format!(
                "{:<9} {:>18} {:>18} {:>18} {:>18}\n",
                name,
                money(row.candidate_per_year, currency),
                money(row.baseline_per_year, currency),
                signed_money(row.difference_per_year, currency),
                signed_money(row.difference_over_horizon, currency),
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reading_without_a_metric_name_says_so_and_names_the_metrics() {
        for text in ["=0.9", " =0.9"] {
            let err = MetricReading::parse(text).unwrap_err();
            assert!(
                err.starts_with(&format!("`{text}`: give a metric name before `=` (METRIC=VALUE, e.g. roc_auc=0.81): one of accuracy, ")),
                "{err}"
            );
            assert!(err.ends_with(", rmse, mae, r2"), "{err}");
        }
        let reading = MetricReading::parse("roc_auc = 0.9").unwrap();
        assert_eq!((reading.name.as_str(), reading.value), ("roc_auc", 0.9));
    }
}
