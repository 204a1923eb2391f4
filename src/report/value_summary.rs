//! The value of a run in plain words, shared by the terminal, `report.md` and `report.html`.

use crate::base::format::{interval, money, parameter, signed_money, thousands};
use crate::value::schema::ValueResults;
use crate::value::ValueKind;

/// The closing paragraph of a run without `[value]`: what pricing would add to its answers in
/// metric units, then the command
/// that starts it (`worthit init DATA`), as `(prose, command)` so each writer can set the command
/// as code. Plain text; callers escape both.
pub fn unpriced(data_file: &str) -> (String, String) {
    (
        "Not priced: without a [value] section this run answers in metric units. Pricing turns the answers into money: each model's net value with its 90% interval after training, serving and trial costs, whether the candidate's gain pays for what it costs, and how many more trials pay for themselves. To start, write a commented worthit.toml to fill in with:".to_string(),
        format!("worthit init {data_file}"),
    )
}

/// Sentences about a run's value, most important first, without markup (callers escape and
/// style them). Every difference comes with its 90% interval.
pub fn sentences(value: &ValueResults) -> Vec<String> {
    let currency = value.currency.as_str();
    let mut lines = Vec::new();
    lines.push(basis(value));
    let Some(baseline) = value.models.first() else {
        return lines;
    };
    lines.push(format!(
        "Baseline: net {} over the horizon{}.",
        money(baseline.net_value, currency),
        threshold_note(baseline.threshold)
    ));
    if let Some(best) = &value.best {
        let d = &best.difference;
        lines.push(format!(
            "Best candidate by validation, {}: {} against the baseline on test rows (90% interval {}; a gain in {:.0}% of {} bootstrap resamples).",
            best.name,
            signed_money(d.mean, currency),
            interval(d.low, d.high, currency),
            100.0 * d.p_positive,
            thousands(d.resamples as f64),
        ));
        let after = &best.difference_after_sweep;
        lines.push(format!(
            "After paying for the whole sweep ({}): {} (90% interval {}).",
            money(best.sweep_cost, currency),
            signed_money(after.mean, currency),
            interval(after.low, after.high, currency),
        ));
    } else {
        lines.push(
            "No candidates were trained, so there is nothing to compare with the baseline."
                .to_string(),
        );
    }
    if let (Some(default), ValueKind::Outcomes | ValueKind::CostMatrix) =
        (baseline.test_per_year_default, value.kind)
    {
        let tuned = baseline.test_per_year;
        let rule = match value.kind {
            ValueKind::Outcomes => "the 0.5 cut-off",
            _ => "the most likely class",
        };
        lines.push(format!(
            "Tuning the decision alone: the baseline earns {} a year with decisions tuned to value against {} with {rule} ({} a year).",
            money(tuned, currency),
            money(default, currency),
            signed_money(tuned - default, currency),
        ));
    }
    let (low, high) = (
        value
            .scenarios
            .iter()
            .find(|s| s.scenario == crate::value::Scenario::Low),
        value
            .scenarios
            .iter()
            .find(|s| s.scenario == crate::value::Scenario::High),
    );
    if let (Some(low), Some(high), Some(top)) = (low, high, value.sensitivity.first()) {
        lines.push(format!(
            "With every range at its low end the best candidate's difference is {}; at its high end {}. The most influential range is {} ({} to {}), which moves it from {} to {}.",
            signed_money(low.difference, currency),
            signed_money(high.difference, currency),
            top.parameter,
            parameter(top.low),
            parameter(top.high),
            signed_money(top.difference_at_low, currency),
            signed_money(top.difference_at_high, currency),
        ));
    }
    lines
}

/// What the amounts mean: per year, horizon, and which costs are netted out.
pub fn basis(value: &ValueResults) -> String {
    let volume = match value.kind {
        ValueKind::Metric => format!(
            "value per year from test {}",
            value.metric.as_deref().unwrap_or("metric")
        ),
        _ => format!(
            "{} decisions a year{}",
            thousands(value.decisions_per_year),
            if value.decisions_per_year_assumed {
                " (assumed: one per data row; set decisions_per_year)"
            } else {
                ""
            }
        ),
    };
    format!(
        "Amounts in {} over {} year{}, {volume}, net of training, serving ({} per core-hour) and trial ({} each) costs.",
        if value.currency.is_empty() { "money" } else { &value.currency },
        parameter(value.horizon_years),
        if value.horizon_years == 1.0 { "" } else { "s" },
        money(value.core_hour, &value.currency),
        money(value.trial_cost, &value.currency),
    )
}

fn threshold_note(threshold: Option<f64>) -> String {
    match threshold {
        Some(t) if t.is_finite() => format!(", deciding positive at probability {t:.3} or more"),
        Some(_) => ", deciding nothing positive (no threshold pays)".to_string(),
        None => String::new(),
    }
}
