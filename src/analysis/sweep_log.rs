//! `worthit analyze`: the diminishing-returns analysis of a sweep run elsewhere, from a CSV log
//! such as Optuna's `study.trials_dataframe()` export or a W&B runs export.
//!
//! Such logs hold one metric per trial, not decisions, so value is metric-based: each trial's
//! metric is priced by the config's `per_point` or `curve`, and the same figure stands for both
//! selection and outcome (there is no separate test score unless `--test-metric` names one).
//! A trial's cost is its `--seconds` column times `core_hour` (one core) plus `trial_cost`, or
//! the `--cost` column as given. Without a config the answers are in the metric's own units, as
//! a run without `[value]` gives them: gains over the first trial, the metric-noise rule
//! deciding, with `--noise` (the metric's standard error on the validation rows) as its
//! yardstick, or a stand-in the sentences name ([`NoiseSource`]).

use std::path::Path;

use polars_core::prelude::*;

use serde::{Deserialize, Serialize};

use super::trials::{analyze_trials, SweepTrials, TrialsAnalysis};
use super::{NoiseSource, StopRule, Trial};
use crate::base::error::{Error, Result};
use crate::base::format::{first_few, parameter};
use crate::value::config::MAX_MAGNITUDE;
use crate::value::{Scenario, ValueConfig, ValueKind};

/// The largest amount (a trial's value counted from the reference) a log may hold: its square,
/// summed over a million trials, stays a number.
const MAX_AMOUNT: f64 = 1e100;

/// The column in which an Optuna export (`study.trials_dataframe()`) keeps each trial's metric:
/// what is read when no metric column is named.
pub const OPTUNA_METRIC: &str = "value";

/// Most columns an error about the metric column lists.
const MAX_LISTED: usize = 8;

/// Which columns of the log hold what.
#[derive(Debug, Clone)]
pub struct LogColumns {
    /// The metric of each trial (validation; also the outcome without `test_metric`); `None`:
    /// [`OPTUNA_METRIC`], unnamed by the user, so its absence is explained rather than guessed at.
    pub metric: Option<String>,
    /// A separate test metric column, if the log has one.
    pub test_metric: Option<String>,
    /// Seconds each trial took (a number, or Optuna's "0 days 00:01:02.5" duration).
    pub seconds: Option<String>,
    /// Cost of each trial in the config's currency.
    pub cost: Option<String>,
}

impl LogColumns {
    /// The metric column read: the one named, else [`OPTUNA_METRIC`].
    pub fn metric(&self) -> &str {
        self.metric.as_deref().unwrap_or(OPTUNA_METRIC)
    }
}

/// How a log's metric becomes the amounts of the analysis.
#[derive(Debug, Clone, Copy)]
pub enum LogPricing<'a> {
    /// A metric-based `[value]` prices each trial's metric (`file` names the config in errors).
    Priced {
        /// The `[value]` section.
        value: &'a ValueConfig,
        /// The config file.
        file: &'a str,
    },
    /// No price: each trial's gain in the metric's own units over the first trial's.
    Unpriced {
        /// Whether the sweep maximised the metric (Optuna's `direction`).
        higher_is_better: bool,
        /// What the metric is (`--metric-name`, e.g. "ROC-AUC"), naming the amounts; `None`:
        /// the column's name, save Optuna's `value`, which names no metric.
        name: Option<&'a str>,
    },
}

impl LogPricing<'_> {
    /// The metric value `metric`, counted from `from`, as an amount of the analysis: money when
    /// priced (the mid scenario, over the horizon), else the gain in the metric's units.
    fn amount(&self, metric: f64, from: f64) -> f64 {
        match *self {
            LogPricing::Priced { value, .. } => {
                let regression =
                    crate::metrics::REGRESSION_METRICS.contains(&value.metric_name(false).as_str());
                let horizon = value.horizon_years.map_or(1.0, |n| n.at(Scenario::Mid));
                value
                    .metric_value(metric, from, regression, Scenario::Mid)
                    .unwrap_or(0.0)
                    * horizon
            }
            LogPricing::Unpriced {
                higher_is_better, ..
            } => {
                if higher_is_better {
                    metric - from
                } else {
                    from - metric
                }
            }
        }
    }

    /// A change of `size` in the metric at `at`, as an amount (its size, whichever the
    /// direction): the metric's own units unpriced, else what the price makes of it there
    /// (`curve` prices are not linear).
    fn change(&self, size: f64, at: f64, reference: f64) -> f64 {
        match self {
            LogPricing::Priced { .. } => {
                (self.amount(at + size, reference) - self.amount(at, reference)).abs()
            }
            LogPricing::Unpriced { .. } => size.abs(),
        }
    }
}

/// The model a log's trials are measured against, when the user names it (`--baseline`): its
/// metric on the validation rows and, for a log with a test column, on the test rows.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LogBaseline {
    /// Its metric on the rows the log's metric column was measured on.
    pub validation: f64,
    /// Its metric on the test column's rows, when the log has one.
    pub test: Option<f64>,
}

/// The analysis of a sweep log.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LogAnalysis {
    /// The log file.
    pub file: String,
    /// Trials analysed (finished, with a metric), and rows skipped.
    pub trials: usize,
    /// Rows left out: not finished (`state` other than COMPLETE) or without a metric.
    pub skipped: usize,
    /// The metric priced, and the currency.
    pub metric: String,
    /// The log's test column, when it has one.
    pub test_metric: Option<String>,
    /// Currency of every amount; without a price, the metric's unit (`value`, `loss
    /// reduction`).
    pub currency: String,
    /// Whether the amounts are money (a config priced the metric) or metric gains.
    pub priced: bool,
    /// The metric value counted as worth 0 (`per_point`): the baseline's when given, else the
    /// first trial's (the test column counts from the same model's test value).
    pub reference: f64,
    /// The baseline the amounts count from, when given.
    pub baseline: Option<LogBaseline>,
    /// The best trial's metric and its value.
    pub best_metric: f64,
    /// Mean cost of a trial.
    pub cost_per_trial: f64,
    /// The noise a gain must clear, in the units of the amounts, and where it comes from.
    pub noise: f64,
    /// `standard_error` (`--noise`), `validation_test_gap` or `trial_spread` (stand-ins).
    pub noise_source: NoiseSource,
    /// What the trials say about more trials.
    #[serde(flatten)]
    pub sweep: TrialsAnalysis,
    /// The analysis in plain words.
    pub sentences: Vec<String>,
}

/// Reads the log at `path` and analyses it as `pricing` says; `noise`, the metric's standard
/// error on the validation rows when the user knows it, is the noise rule's yardstick (else how
/// much the test column disagrees with validation, or the trials' spread, stands in).
pub fn analyze_log(
    path: &Path,
    columns: &LogColumns,
    pricing: LogPricing,
    noise: Option<f64>,
    baseline: Option<LogBaseline>,
) -> Result<LogAnalysis> {
    if let (Some(test), Some(LogBaseline { test: None, .. })) = (&columns.test_metric, baseline) {
        return Err(Error::input(format!(
            "--baseline-test is needed with --test-metric: the baseline's score on the rows of `{test}`, which that column is compared with"
        )));
    }
    if let LogPricing::Priced { value, file } = pricing {
        if value
            .kind()
            .map_err(|err| Error::input(format!("{file}: {err}")))?
            != ValueKind::Metric
        {
            return Err(Error::input(format!(
                "{file}: worthit analyze needs a metric-based [value] (per_point or curve): a sweep log has metrics, not decisions"
            )));
        }
    }
    if let (LogPricing::Priced { value, file }, Some(baseline)) = (pricing, baseline) {
        // The priced metric says what a baseline can score (a ROC-AUC lies between 0 and 1).
        let metric = value.metric_name(false);
        for (flag, score) in [
            ("--baseline", Some(baseline.validation)),
            ("--baseline-test", baseline.test),
        ] {
            if let Some(why) = score.and_then(|score| crate::metrics::outside_range(&metric, score))
            {
                return Err(Error::input(format!(
                    "{flag} {}: {why} (the metric {file} prices)",
                    score.map_or(String::new(), parameter)
                )));
            }
        }
    }
    let file = path.display().to_string();
    let frame = crate::data::read_frame(path)?;
    let numbers = |name: &str| -> Result<Vec<Option<f64>>> {
        let column = frame.column(name).map_err(|_| {
            if columns.metric.is_none() && name == OPTUNA_METRIC {
                let numeric: Vec<String> = frame
                    .columns()
                    .iter()
                    .filter(|c| c.dtype().is_primitive_numeric())
                    .map(|c| format!("`{}`", c.name()))
                    .collect();
                let listed = if numeric.is_empty() {
                    "it has no numeric column".to_string()
                } else {
                    format!("its numeric columns: {}", first_few(&numeric, MAX_LISTED))
                };
                return Error::input(format!(
                    "{file}: no column `{OPTUNA_METRIC}`, where an Optuna export keeps each trial's metric; name the log's metric column with --metric ({listed})"
                ));
            }
            let names: Vec<String> = frame
                .get_column_names()
                .iter()
                .map(|n| n.to_string())
                .collect();
            let hint = crate::base::suggest::nearest(name, &names)
                .map(|near| format!("; did you mean `{near}`?"))
                .unwrap_or_default();
            Error::input(format!("{file}: no column `{name}`{hint}"))
        })?;
        match column.dtype() {
            DataType::String => column
                .str()
                .map_err(|err| Error::internal(err.to_string()))?
                .iter()
                .enumerate()
                .map(|(row, text)| match text {
                    None | Some("") => Ok(None),
                    Some(text) => parse_number_or_duration(text).map(Some).ok_or_else(|| {
                        Error::input(format!(
                            "{file}: column `{name}` line {}: `{text}` is not a number or a duration",
                            row + 2
                        ))
                    }),
                })
                .collect(),
            _ => Ok(column
                .cast(&DataType::Float64)
                .map_err(|_| Error::input(format!("{file}: column `{name}` is not numeric")))?
                .f64()
                .map_err(|err| Error::internal(err.to_string()))?
                .iter()
                .collect()),
        }
    };
    let metric = numbers(columns.metric())?;
    let test_metric = match &columns.test_metric {
        Some(name) => Some(numbers(name)?),
        None => None,
    };
    let seconds = match &columns.seconds {
        Some(name) => Some(numbers(name)?),
        None => None,
    };
    let cost = match &columns.cost {
        Some(name) => Some(numbers(name)?),
        None => None,
    };
    // Optuna marks failed and pruned trials in `state`, W&B crashed and killed runs in `State`;
    // only finished ones count.
    let state = frame
        .get_column_names()
        .into_iter()
        .find(|name| name.eq_ignore_ascii_case("state"))
        .cloned();
    let finished: Vec<bool> = match state
        .and_then(|name| frame.column(&name).ok().cloned())
        .and_then(|c| c.str().ok().cloned())
    {
        Some(states) => states
            .iter()
            .map(|s| {
                s.is_none_or(|s| {
                    s.eq_ignore_ascii_case("complete") || s.eq_ignore_ascii_case("finished")
                })
            })
            .collect(),
        None => vec![true; frame.height()],
    };
    let config = match pricing {
        LogPricing::Priced { value, .. } => Some(value),
        LogPricing::Unpriced { .. } => None,
    };
    let core_hour = config
        .and_then(|c| c.core_hour)
        .map_or(0.0, |n| n.at(Scenario::Mid));
    let trial_cost = config
        .and_then(|c| c.trial_cost)
        .map_or(0.0, |n| n.at(Scenario::Mid));
    let cost_column = Bounded {
        column: columns.cost.as_deref().unwrap_or_default(),
        flag: "--cost",
        what: "a trial's cost (0 to 1e15 in the config's currency)",
        most: MAX_MAGNITUDE,
    };
    let seconds_column = Bounded {
        column: columns.seconds.as_deref().unwrap_or_default(),
        flag: "--seconds",
        what: "a trial's duration (0 seconds to 100 years)",
        most: crate::base::CENTURY_SECONDS as f64,
    };
    // The metric a config prices says what a trial can score, as it does for --baseline: a
    // ROC-AUC of 1.5 is an export's mistake, not a trial (until 2026-12-06 it was priced as the
    // best trial, and the answer asked for 180 more).
    let priced_metric = match pricing {
        LogPricing::Priced { value, file } => Some((value.metric_name(false), file)),
        LogPricing::Unpriced { .. } => None,
    };
    let mut rows = Vec::new();
    // Rows left out, by why: the count sentence says so, since a COMPLETE trial with an empty
    // or infinite metric is more likely an export's mistake than a trial to ignore silently.
    let (mut unfinished, mut no_metric, mut no_test) = (0, 0, 0);
    for i in 0..frame.height() {
        if !finished[i] {
            unfinished += 1;
            continue;
        }
        let Some(m) = metric[i].filter(|m| m.is_finite()) else {
            no_metric += 1;
            continue;
        };
        let t = match &test_metric {
            Some(column) => match column[i].filter(|t| t.is_finite()) {
                Some(t) => t,
                None => {
                    no_test += 1;
                    continue;
                }
            },
            None => m,
        };
        if let Some((metric, config)) = &priced_metric {
            let scores = std::iter::once((columns.metric(), m))
                .chain(columns.test_metric.as_deref().map(|column| (column, t)));
            for (column, score) in scores {
                if let Some(why) = crate::metrics::outside_range(metric, score) {
                    return Err(Error::input(format!(
                        "{file}: column `{column}` line {}: {}, but {why} (the metric {config} prices)",
                        i + 2,
                        parameter(score)
                    )));
                }
            }
        }
        let c = match (&cost, &seconds) {
            (Some(cost), _) => cost[i].map_or(Ok(0.0), |c| cost_column.check(c, i, &file))?,
            (None, Some(seconds)) => {
                seconds[i].map_or(Ok(0.0), |s| seconds_column.check(s, i, &file))? / 3600.0
                    * core_hour
                    + trial_cost
            }
            (None, None) => trial_cost,
        };
        rows.push((m, t, c, i));
    }
    let skipped = frame.height() - rows.len();
    let Some(&(first, first_test, _, _)) = rows.first() else {
        return Err(Error::input(format!(
            "{file}: no finished trial with a value in `{}`",
            columns.metric()
        )));
    };
    // Without a test column a trial's test value is its metric, so the baseline's is too.
    let (reference, test_reference) = match baseline {
        Some(b) => (b.validation, b.test.unwrap_or(b.validation)),
        None => (first, first_test),
    };
    let from = if baseline.is_some() {
        "the baseline"
    } else {
        "the first trial"
    };
    let (metric_name, currency) = match pricing {
        LogPricing::Priced { value: config, .. } => (
            config.metric_name(false),
            config.currency.clone().unwrap_or_default(),
        ),
        // Gains whichever way the sweep optimised, as a run without [value] gives them.
        LogPricing::Unpriced {
            higher_is_better,
            name,
        } => {
            // "+0.0072 value" read as a unit called value: Optuna's column names no metric, so
            // its amounts go without one unless --metric-name gives it.
            let unit = name.unwrap_or(match columns.metric() {
                OPTUNA_METRIC => "",
                column => column,
            });
            (
                name.unwrap_or(columns.metric()).to_string(),
                if higher_is_better || unit.is_empty() {
                    unit.to_string()
                } else {
                    format!("{unit}{}", super::metric_summary::REDUCTION)
                },
            )
        }
    };
    // Each trial's validation and test metric as amounts, each counted from the first trial's
    // own value on the same rows: a test score counted from a validation score would carry the
    // two sets of rows' difference into every amount.
    let trials: Vec<Trial> = rows
        .iter()
        .map(|&(m, t, _, _)| Trial {
            validation: pricing.amount(m, reference),
            test: pricing.amount(t, test_reference),
        })
        .collect();
    // Values a CSV can hold may still be too far apart to subtract (1e308 against -1e308), or
    // too large for the trials' spread, a sum of squares (values near 1e300 stopped the
    // analysis with an internal message until 2026-12-06).
    let usable = |amount: f64| amount.is_finite() && amount.abs() <= MAX_AMOUNT;
    let unusable = rows.iter().zip(&trials).find(|(row, trial)| {
        !(usable(trial.validation) && usable(trial.test) && row.2.is_finite())
    });
    if let Some(((metric, test, cost, row), _)) = unusable {
        // What the amounts count from, when the user gave it: a baseline far from the trials
        // is as much the cause as the trial.
        let from = baseline.map_or(String::new(), |b| {
            let test = b.test.map_or(String::new(), |t| {
                format!(" and --baseline-test {}", parameter(t))
            });
            format!(
                ", counted from --baseline {}{test},",
                parameter(b.validation)
            )
        });
        return Err(Error::input(format!(
            "{file}: line {}: metric {}, test {} and cost {}{from} leave an amount too large to compute with",
            row + 2,
            parameter(*metric),
            parameter(*test),
            parameter(*cost)
        )));
    }
    let n = trials.len();
    let cost_per_trial = rows.iter().map(|r| r.2).sum::<f64>() / n as f64;
    if !cost_per_trial.is_finite() {
        return Err(Error::input(format!(
            "{file}: the trials' costs add up to more than a number can hold"
        )));
    }
    let mut sentences = Vec::new();
    let best = rows
        .iter()
        .zip(&trials)
        .max_by(|a, b| a.1.validation.total_cmp(&b.1.validation))
        .map(|(r, _)| r.0)
        .unwrap_or(reference);
    let count = match n {
        1 => "1 finished trial".to_string(),
        n => format!(
            "{} finished trials",
            crate::base::format::thousands(n as f64)
        ),
    };
    let left_out: Vec<String> = [
        (unfinished, "not finished".to_string()),
        (
            no_metric,
            format!("without a finite `{}`", columns.metric()),
        ),
        (
            no_test,
            format!(
                "without a finite `{}`",
                columns.test_metric.as_deref().unwrap_or_default()
            ),
        ),
    ]
    .into_iter()
    .filter(|(rows, _)| *rows > 0)
    .map(|(rows, why)| format!("{rows} {why}"))
    .collect();
    let left_out = if left_out.is_empty() {
        String::new()
    } else {
        format!(
            " ({skipped} {} left out: {})",
            if skipped == 1 { "row" } else { "rows" },
            left_out.join(", ")
        )
    };
    sentences.push(match pricing {
        LogPricing::Priced { .. } => format!(
            "{count} of {file}{left_out}; the best {metric_name} is {} against {from}'s {}; a trial costs {} on average. Every amount below is {}counted from {from}.",
            crate::base::format::metric(Some(best)),
            crate::base::format::metric(Some(reference)),
            crate::base::format::money(cost_per_trial, &currency),
            if currency.is_empty() {
                String::new()
            } else {
                format!("in {currency}, ")
            }
        ),
        LogPricing::Unpriced {
            higher_is_better, ..
        } => format!(
            "{count} of {file}{left_out}; the best {metric_name} is {} against {from}'s {}. Not priced: every amount below is {}, counted from {from} (--config with a metric-based [value] prices them).",
            crate::base::format::metric(Some(best)),
            crate::base::format::metric(Some(reference)),
            match (currency.is_empty(), higher_is_better) {
                (false, _) => format!("in {currency}"),
                (true, true) => format!("a rise in `{}` (--metric-name names the metric)", columns.metric()),
                (true, false) => format!("a fall in `{}`, which the sweep minimised (--metric-name names the metric)", columns.metric()),
            }
        )
    });
    // Without per-row data the validation noise is unknown unless the user gives it. With a
    // test column, how far each trial's two scores disagree stands in for it (what differs
    // between two sets of rows, trial by trial); else the spread of the trials' values. Every
    // sentence that weighs a stand-in says so.
    let trial_spread = spread(&trials);
    let gap = test_metric
        .is_some()
        .then(|| {
            let gaps: Vec<f64> = trials.iter().map(|t| t.validation - t.test).collect();
            crate::base::stats::sample_deviation(&gaps)
        })
        .flatten()
        // Test scores a constant off validation differ by rounding alone.
        .filter(|gap| gap.is_finite() && *gap > 1e-9 * trial_spread);
    let (noise, noise_source) = match (noise, gap) {
        // The user's standard error is in the metric's units; the amounts may be money.
        (Some(se), _) => (
            pricing.change(se, best, reference),
            NoiseSource::StandardError,
        ),
        (None, Some(gap)) => (gap, NoiseSource::ValidationTestGap),
        (None, None) => (trial_spread, NoiseSource::TrialSpread),
    };
    let sweep = analyze_trials(
        &SweepTrials {
            trials: &trials,
            cost_per_trial,
            noise,
            noise_source,
            seed: StopRule::default().seed,
            currency: &currency,
            // Amounts count from the baseline when there is one, so it stands at 0.
            baseline: baseline.map(|_| 0.0),
            metric: config.is_none(),
            decision: None,
            // A sweep log has no baseline, so no verdict and no "does not pay".
            verdict_ships: false,
            ceiling: None,
            trial_cost_ends: None,
            auto_stopped: false,
        },
        &mut sentences,
    )?;
    if let Some(doubling) = &sweep.doubling {
        sentences.push(format!(
            "Doubling the trials (to {}) is expected to add {}{} (90% band {}).",
            crate::base::format::thousands(doubling.n as f64),
            crate::base::format::signed_money(doubling.mean, &currency),
            if config.is_some() {
                " net of their cost"
            } else {
                ""
            },
            crate::base::format::interval(doubling.low, doubling.high, &currency)
        ));
    }
    Ok(LogAnalysis {
        file,
        trials: n,
        skipped,
        metric: metric_name,
        test_metric: columns.test_metric.clone(),
        currency,
        priced: config.is_some(),
        reference,
        baseline,
        best_metric: best,
        cost_per_trial,
        noise,
        noise_source,
        sweep,
        sentences,
    })
}

/// A log column whose values lie between 0 and a bound (a trial's duration, its cost): a value
/// outside is a unit mistake or damage, which would price every trial wrong without a word.
struct Bounded<'a> {
    /// The column's name.
    column: &'a str,
    /// The flag that names it.
    flag: &'a str,
    /// What its values are, and their bounds, in words.
    what: &'a str,
    /// The largest value it may hold.
    most: f64,
}

impl Bounded<'_> {
    /// `value`, read on data row `row` (from 0) of the log `file`, when within bounds; else the
    /// error naming the file, the line, the column and its flag.
    fn check(&self, value: f64, row: usize, file: &str) -> Result<f64> {
        if (0.0..=self.most).contains(&value) {
            return Ok(value);
        }
        Err(Error::input(format!(
            "{file}: line {}: column `{}` ({}) is {}, not {}",
            row + 2,
            self.column,
            self.flag,
            parameter(value),
            self.what
        )))
    }
}

/// A number, or a duration as Optuna writes it ("0 days 00:01:02.500000") or "01:02.5".
fn parse_number_or_duration(text: &str) -> Option<f64> {
    let text = text.trim();
    if let Ok(number) = text.parse::<f64>() {
        return Some(number);
    }
    let (days, clock) = match text
        .split_once(" days ")
        .or_else(|| text.split_once(" day "))
    {
        Some((days, clock)) => (days.trim().parse::<f64>().ok()?, clock),
        None => (0.0, text),
    };
    let mut seconds = 0.0;
    for part in clock.split(':') {
        seconds = seconds * 60.0 + part.trim().parse::<f64>().ok()?;
    }
    Some(days * 86_400.0 + seconds)
}

/// Standard deviation of the validation values (0 for a single trial).
fn spread(trials: &[Trial]) -> f64 {
    let values: Vec<f64> = trials.iter().map(|t| t.validation).collect();
    crate::base::stats::sample_deviation(&values).unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_numbers_parse() {
        assert_eq!(parse_number_or_duration("12.5"), Some(12.5));
        assert_eq!(
            parse_number_or_duration("0 days 00:01:02.500000"),
            Some(62.5)
        );
        assert_eq!(parse_number_or_duration("1 days 00:00:01"), Some(86_401.0));
        assert_eq!(parse_number_or_duration("01:30"), Some(90.0));
        assert_eq!(parse_number_or_duration("soon"), None);
    }
}
