//! The `[value]` section checked: its volumes and prices, its metric, and the section against
//! the data (its keys, the target's classes, the columns its expressions read). Every error is
//! one line naming the key, with a `[value]` prefix; the caller adds the file.

use super::{Amount, Scenario, ValueConfig, ValueKind, MAX_HORIZON_YEARS, MAX_MAGNITUDE};
use crate::base::error::{Error, Result};
use crate::value::number::{describe_number, Number};

impl ValueConfig {
    /// Checks the section against the data: `columns` are the data file's columns and
    /// `classes` the target's class names (empty for regression). Errors are one line naming the
    /// key, with a `[value]` prefix; the caller adds the file.
    pub fn check(&self, columns: &[String], classes: &[String]) -> Result<()> {
        self.check_numbers()?;
        crate::value::capacity::check(self, classes)?;
        let regression = classes.len() < 2;
        match self.kind()? {
            ValueKind::Metric => self.check_metric(regression),
            ValueKind::Error if regression => {
                let errors: Vec<(&str, Number)> = [
                    ("per_abs_error", self.per_abs_error),
                    ("per_squared_error", self.per_squared_error),
                ]
                .into_iter()
                .filter_map(|(key, number)| number.map(|number| (key, number)))
                .collect();
                if errors.iter().all(|(_, number)| number.is_zero()) {
                    let keys: Vec<&str> = errors.iter().map(|(key, _)| *key).collect();
                    return Err(placeholders_left(
                        &keys,
                        "no error costs anything",
                        "what an error costs",
                    ));
                }
                Ok(())
            }
            ValueKind::Error => Err(Error::input(
                "[value] per_abs_error and per_squared_error are for regression targets; this target has classes, so use tp/fp/fn/tn or cost_matrix",
            )),
            _ if regression => Err(Error::input(
                "[value] the target is numeric (regression): price errors with per_abs_error or per_squared_error, or the metric with per_point or curve",
            )),
            ValueKind::CostMatrix => match &self.cost_matrix {
                Some(matrix) => matrix.check(classes),
                None => Err(Error::internal("cost matrix kind without a matrix")),
            },
            ValueKind::Outcomes if classes.len() > 2 => Err(Error::input(format!(
                "[value] the target has {} classes: give a cost_matrix (tp/fp/fn/tn are for binary targets)",
                classes.len()
            ))),
            ValueKind::Outcomes => {
                let outcomes = self.outcomes();
                if outcomes
                    .iter()
                    .all(|(_, amount)| matches!(amount, Amount::Number(n) if n.is_zero()))
                {
                    let keys: Vec<&str> = outcomes.iter().map(|(key, _)| *key).collect();
                    return Err(placeholders_left(
                        &keys,
                        "no decision is worth anything",
                        "your payoffs",
                    ));
                }
                for (key, amount) in outcomes {
                    if let Amount::Expr { text, .. } = amount {
                        crate::value::expression::parse_with_columns(key, text, columns)
                            .map(drop)?;
                    }
                }
                Ok(())
            }
        }
    }

    /// The checks a metric-based section needs without data, for `worthit value`, which has
    /// none: the same ones `check` applies to it in a run, so a section `run` refuses is not
    /// priced as fact by `value`. `regression` is the priced metric's task.
    pub fn check_metric_based(&self, regression: bool) -> Result<()> {
        self.check_numbers()?;
        crate::value::capacity::check(self, &[])?;
        self.check_metric(regression)
    }

    /// The volumes and prices every kind of section shares.
    fn check_numbers(&self) -> Result<()> {
        for (key, number) in [
            ("decisions_per_year", self.decisions_per_year),
            ("horizon_years", self.horizon_years),
            ("core_hour", self.core_hour),
            ("trial_cost", self.trial_cost),
        ] {
            if let Some(number) = number {
                // Over 0 years every amount is 0, and a verdict on nothing reads as fact.
                if key == "horizon_years" && number.least() <= 0.0 {
                    return Err(Error::input(format!(
                        "[value] horizon_years = {} must be above 0 (the years the model is used; a range's or distribution's low end too)",
                        describe_number(number)
                    )));
                }
                // Negative volumes or prices are always typos and would flip every verdict.
                if number.least() < 0.0 {
                    let hint = match number {
                        Number::Dist(_) => " (a distribution here must have low = 0 or more; truncate a normal with low = 0)",
                        _ => "",
                    };
                    return Err(Error::input(format!(
                        "[value] {key} = {} must not be negative{hint}",
                        describe_number(number)
                    )));
                }
                if key == "horizon_years" && number.most() > MAX_HORIZON_YEARS {
                    return Err(Error::input(format!(
                        "[value] horizon_years = {} is over {MAX_HORIZON_YEARS} years; a model is not used that long",
                        describe_number(number)
                    )));
                }
            }
        }
        Ok(())
    }

    fn check_metric(&self, regression: bool) -> Result<()> {
        let metric = self.metric_name(regression);
        let known = if regression {
            crate::metrics::REGRESSION_METRICS
        } else {
            crate::metrics::CLASSIFICATION_METRICS
        };
        if !known.contains(&metric.as_str()) {
            let names: Vec<String> = known.iter().map(|m| m.to_string()).collect();
            let hint = crate::base::suggest::nearest(&metric, &names)
                .map(|near| format!("; did you mean `{near}`?"))
                .unwrap_or_default();
            return Err(Error::input(format!(
                "[value] metric = \"{metric}\" is not a metric of this task (known: {}){hint}",
                known.join(", ")
            )));
        }
        if let Some(point) = self.point {
            if !(point.is_finite() && point > 0.0) {
                return Err(Error::input(format!(
                    "[value] point = {point} must be a positive number (the size of one metric point)"
                )));
            }
        }
        // A tiny point makes one unit of the metric worth more than the arithmetic holds
        // (point = 1e-300 priced a gain at 2.5e301).
        if let Some(per_point) = self.per_point {
            let point = self.point.unwrap_or(0.01);
            let per_unit = Scenario::ALL
                .iter()
                .map(|&scenario| (per_point.at(scenario) / point).abs())
                .fold(0.0, f64::max);
            if !per_unit.is_finite() || per_unit > MAX_MAGNITUDE {
                return Err(Error::input(format!(
                    "[value] point = {point} makes per_point worth {per_unit:e} a unit of {metric}, over 1e15: give point as the size of one metric point (default 0.01)"
                )));
            }
        }
        if let Some(curve) = &self.curve {
            if curve.len() < 2 {
                return Err(Error::input(
                    "[value] curve needs at least two [metric, value] points",
                ));
            }
            if let Some(pair) = curve.windows(2).find(|w| w[1].metric <= w[0].metric) {
                return Err(Error::input(format!(
                    "[value] curve metrics must increase: {} follows {}",
                    pair[1].metric, pair[0].metric
                )));
            }
        }
        Ok(())
    }
}

/// The error for a section whose every amount (`keys`) is 0, as `worthit init`'s `[0, 0]`
/// placeholders are when uncommented unchanged: `nothing` says what that means, `put_in` what
/// to give instead.
fn placeholders_left(keys: &[&str], nothing: &str, put_in: &str) -> Error {
    Error::input(format!(
        "[value] {} {} 0, so {nothing} and every model prices at 0: put in {put_in} (the [0, 0] lines worthit init writes are placeholders)",
        keys.join(", "),
        if keys.len() == 1 { "is" } else { "are all" }
    ))
}
