//! The value of a run in plain words, shared by the terminal, `report.md` and `report.html`,
//! and the tables both reports show.

use crate::base::format::{
    amount_interval, interval, money, parameter, signed_money, thousands, years,
};
use crate::value::bootstrap::BootstrapSummary;
use crate::value::schema::{better_reference, ScenarioResult, Strategy, ValueResults};
use crate::value::Scenario;
use crate::value::ValueKind;

mod ranges;
mod table;
use ranges::amount_cell;
pub use ranges::{
    ends_intervals_note, scenarios_table, sensitivity_intervals_note, sensitivity_table,
};
#[cfg(test)]
pub(super) use table::amount_and_interval;
pub use table::{Align, Column, Emphasis, Row, Table};

/// The closing paragraph of a run without `[value]`: what pricing would add to its answers in
/// metric units, then how to start: the command that writes a commented config
/// (`worthit init DATA`) when the run read none, or the config to add the section to (which
/// `worthit init` would refuse to replace), as `(prose, code)` so each writer can set the code
/// as code. Plain text; callers escape both.
pub fn unpriced(data_file: &str, config_file: Option<&str>) -> (String, String) {
    const WHY: &str = "Not priced: without a [value] section this run answers in metric units. Pricing turns the answers into money: each model's net value with its 90% interval after training, serving and trial costs, whether the candidate's gain pays for what it costs, and how many more trials pay for themselves.";
    match config_file {
        Some(config) => (
            format!("{WHY} To start, put your numbers in a [value] section (in a config that worthit init wrote, uncomment its [value] lines) and run again; the config this run read:"),
            config.to_string(),
        ),
        None => (
            format!("{WHY} To start, write a commented worthit.toml to fill in with:"),
            format!("worthit init {}", crate::base::text::shell_word(data_file)),
        ),
    }
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
    // Under capacity a threshold of 0 only means the ranking alone decides: say that, not
    // "probability 0.000 or more".
    let decides = match (value.capacity.is_some(), baseline.threshold) {
        (true, Some(t)) if t.is_finite() && t <= 0.0 => {
            ", acting on the rows with the highest expected gain, up to capacity".to_string()
        }
        (true, Some(t)) if t.is_finite() => format!(
            ", acting on the rows with the highest expected gain at probability {t:.3} or more, up to capacity"
        ),
        _ => threshold_note(baseline.threshold),
    };
    let own = own_interval(baseline.net_value_interval.as_ref(), currency);
    lines.push(format!(
        "Baseline: net {} over the horizon{own}{decides}.",
        money(baseline.net_value, currency),
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
        // What is left after paying for the whole sweep is said once, beside the two answers
        // ([`after_sweep`]); this list said it again in other words until 2026-12-05. Without a
        // candidate the model answer says so (`RunAnalysis::answers`).
    }
    if let (Some(default), ValueKind::Outcomes | ValueKind::CostMatrix) =
        (baseline.test_per_year_default, value.kind)
    {
        let tuned = baseline.test_per_year;
        let rule = match value.kind {
            ValueKind::Outcomes => "the 0.5 cut-off",
            _ => "the most likely class",
        };
        let gain = match &baseline.decision_tuning {
            Some(gain) => format!(
                "{} a year, 90% interval {}",
                signed_money(gain.mean, currency),
                interval(gain.low, gain.high, currency)
            ),
            None => format!("{} a year", signed_money(tuned - default, currency)),
        };
        // Each figure a year with its own interval where the run keeps one (since 2026-12-07).
        let kept_interval = |kept: Option<&BootstrapSummary>| match kept {
            Some(i) => format!(
                " (90% interval {})",
                amount_interval(i.low, i.high, currency)
            ),
            None => String::new(),
        };
        lines.push(format!(
            "Tuning the decision alone: the baseline earns {} a year{} with decisions tuned to value against {}{} with {rule} ({gain}).",
            money(tuned, currency),
            kept_interval(baseline.test_per_year_interval.as_ref()),
            money(default, currency),
            kept_interval(baseline.test_per_year_default_interval.as_ref()),
        ));
    }
    if let Some(capacity) = value.capacity {
        let share = 100.0 * capacity / value.decisions_per_year.max(f64::MIN_POSITIVE);
        lines.push(match &value.capacity_default {
            Some(default) => format!(
                "Capacity: at most {} decisions reviewed a year ({share:.0}% of {}); each model reviews the rows where its lowest-expected-cost decision avoids the most expected cost over {default}, up to it, and every other row gets {default}.",
                thousands(capacity),
                thousands(value.decisions_per_year),
            ),
            None => format!(
                "Capacity: at most {} positive decisions acted on a year ({share:.0}% of {}); each model acts on the rows it flags with the highest expected gain, up to it.",
                thousands(capacity),
                thousands(value.decisions_per_year),
            ),
        });
    }
    if let Some(margin) = &value.capacity_margin {
        let v = &margin.value_per_decision;
        lines.push(format!(
            "More capacity: each further decision {} a year is worth {} a year to {} (90% interval {}), measured with {} more a year.",
            if value.capacity_default.is_some() {
                "reviewed"
            } else {
                "acted on"
            },
            signed_money(v.mean, currency),
            margin.name,
            interval(v.low, v.high, currency),
            thousands(margin.extra_per_year),
        ));
    }
    lines.extend(reference_sentences(value));
    let (low, high) = (
        scenario(value, Scenario::Low),
        scenario(value, Scenario::High),
    );
    if let (Some(low), Some(high), Some(top)) = (low, high, value.sensitivity.first()) {
        // Each difference with its interval over the test rows' resamples, every number at
        // those values (none in runs written before 2026-12-07).
        let with_interval = |amount: f64, summary: Option<&BootstrapSummary>| {
            let amount = signed_money(amount, currency);
            match summary {
                Some(s) => format!(
                    "{amount} (90% interval {})",
                    interval(s.low, s.high, currency)
                ),
                None => amount,
            }
        };
        lines.push(if ranges_move_difference(value) {
            format!(
                "With every range at its low end the best candidate's difference is {}; at its high end {}. The most influential range is {} ({} to {}), which moves it from {} to {}.",
                with_interval(low.difference, low.difference_interval.as_ref()),
                with_interval(high.difference, high.difference_interval.as_ref()),
                top.parameter,
                parameter(top.low),
                parameter(top.high),
                with_interval(top.difference_at_low, top.difference_at_low_interval.as_ref()),
                with_interval(top.difference_at_high, top.difference_at_high_interval.as_ref()),
            )
        } else {
            // "+40 at its low end; at its high end +40 ... moves it from +40 to +40" reads as a
            // mistake: say that the ranges do not matter, and by how much they move it.
            format!(
                "The ranges hardly move the best candidate's difference: it is {} with every range at its low end or at its high end ({} from {} to {} moves it most, by {}).",
                with_interval(low.difference, low.difference_interval.as_ref()),
                top.parameter,
                parameter(top.low),
                parameter(top.high),
                // Under the negligible, money() writes 0: "moves it most, by 0" reads as a slip.
                if top.swing.abs() < crate::base::format::NEGLIGIBLE {
                    format!(
                        "less than {}",
                        money(crate::base::format::NEGLIGIBLE, currency)
                    )
                } else {
                    money(top.swing, currency)
                },
            )
        });
    }
    lines.extend(information_sentences(value));
    lines
}

/// Whether the uncertain numbers of `[value]` move the best candidate's difference to the
/// baseline by an amount the reports can show: some range, or every range at once, gives ends
/// that read differently. Not so when, say, the only range is the price of compute and the
/// models cost fractions of a cent to run: the tornado would then stretch a swing of 0.0009 over
/// a whole axis, each bar labelled "+40" at both ends.
pub fn ranges_move_difference(value: &ValueResults) -> bool {
    let reads_differently = |a: f64, b: f64| signed_money(a, "") != signed_money(b, "");
    let all_at_once = match (
        scenario(value, Scenario::Low),
        scenario(value, Scenario::High),
    ) {
        (Some(low), Some(high)) => reads_differently(low.difference, high.difference),
        _ => false,
    };
    all_at_once
        || value
            .sensitivity
            .iter()
            .any(|s| reads_differently(s.difference_at_low, s.difference_at_high))
}

/// The best candidate's difference with every range at one end (or at its centre).
fn scenario(value: &ValueResults, which: Scenario) -> Option<&ScenarioResult> {
    value.scenarios.iter().find(|s| s.scenario == which)
}

/// Which business numbers the interval draws, and what knowing the uncertain quantities would
/// be worth before deciding (EVPI, and EVPPI per drawn number). Empty without candidates.
pub fn information_sentences(value: &ValueResults) -> Vec<String> {
    let currency = value.currency.as_str();
    let (Some(best), Some(information)) = (&value.best, &value.information) else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    let names: Vec<&str> = information
        .parameters
        .iter()
        .map(|p| p.parameter.as_str())
        .collect();
    if !names.is_empty() {
        lines.push(format!(
            "The interval and P(gain) carry the test rows' and the business numbers' uncertainty: each resample also draws {} from {} distribution{}; decisions stay tuned at {} mean{}.",
            names.join(", "),
            if names.len() == 1 { "its" } else { "their" },
            if names.len() == 1 { "" } else { "s" },
            if names.len() == 1 { "its" } else { "their" },
            if names.len() == 1 { "" } else { "s" },
        ));
    }
    lines.push(information_sentence(
        &best.name,
        information,
        &undrawn_ranges(value),
        currency,
    ));
    lines
}

/// The business numbers given as a range, which the scenarios and the tornado try at their ends
/// but no resample draws: every number of the sensitivity table that is not a distribution.
pub fn undrawn_ranges(value: &ValueResults) -> Vec<&str> {
    let drawn: Vec<&str> = value
        .information
        .iter()
        .flat_map(|information| &information.parameters)
        .map(|p| p.parameter.as_str())
        .collect();
    value
        .sensitivity
        .iter()
        .map(|s| s.parameter.as_str())
        .filter(|name| !drawn.contains(name))
        .collect()
}

/// "Knowing every uncertain quantity exactly ... would be worth up to X (EVPI); knowing fn
/// exactly would be worth up to Y, decisions_per_year nothing (EVPPI)." Without a distribution, the
/// `ranges` given are named as not drawn: a reader who gave `[-0.02, -0.01]` took it for
/// uncertainty the EVPI weighs.
pub fn information_sentence(
    best: &str,
    information: &crate::value::schema::Information,
    ranges: &[&str],
    currency: &str,
) -> String {
    let draws = thousands(information.draws as f64);
    // EVPI is exactly 0 when one choice comes out ahead in every draw; "worth up to 0 EUR" read
    // as a figure that failed to compute.
    let worth = if information.evpi == 0.0 {
        format!(
            "nothing (EVPI {} over {draws} draws: the same choice comes out ahead in every draw)",
            money(0.0, currency)
        )
    } else {
        format!(
            "up to {} (EVPI over {draws} draws)",
            money(information.evpi, currency)
        )
    };
    let overall = format!(
        "Value of information: knowing every uncertain quantity exactly before choosing between {best} and the baseline would be worth {worth}"
    );
    let mut parts = information
        .parameters
        .iter()
        .map(|p| (p.parameter.as_str(), p.evppi));
    match parts.next() {
        None if ranges.is_empty() => format!(
            "{overall}; with no business number given as a distribution, that is the test rows' sampling error alone."
        ),
        None => {
            let (ranges, are, their, one) = match ranges {
                [one] => (format!("The range {one}"), "is", "its", "it"),
                many => (
                    format!("The ranges {}", many.join(", ")),
                    "are",
                    "their",
                    "one",
                ),
            };
            format!(
                "{overall}. That counts the test rows' sampling error alone: no business number is drawn. {ranges} {are} tried at {their} ends in the scenarios and the sensitivity table; to have {one} drawn here, write it as a distribution, such as {{ dist = \"uniform\", low = ..., high = ... }}."
            )
        }
        Some((first, evppi)) => {
            // An EVPPI is exactly 0 where knowing the number would change no draw's choice.
            let worth = |evppi: f64| {
                if evppi == 0.0 {
                    "nothing".to_string()
                } else {
                    format!("up to {}", money(evppi, currency))
                }
            };
            let first_worth = worth(evppi);
            let rest: Vec<String> = parts
                .map(|(name, evppi)| format!("{name} {}", worth(evppi)))
                .collect();
            let rest = if rest.is_empty() {
                String::new()
            } else {
                format!(", {}", rest.join(", "))
            };
            format!("{overall}; knowing {first} exactly would be worth {first_worth}{rest} (EVPPI).")
        }
    }
}

/// The verdict box's line on the whole sweep: what is left of the gain after paying for every
/// trial. A best candidate trained elsewhere was not found by the sweep, so the line then weighs
/// the sweep's own best trial against its cost. `None` where the sweep cost nothing to the
/// shown digit (no costs priced): the line would repeat the verdict's gain after "cost 0 USD".
pub fn after_sweep(value: &ValueResults) -> Option<String> {
    let best = value.best.as_ref()?;
    if best.sweep_best.is_none() && crate::base::format::reads_as_zero(best.sweep_cost) {
        return None;
    }
    let currency = value.currency.as_str();
    let after = &best.difference_after_sweep;
    let (after_mean, after_interval) = (
        signed_money(after.mean, currency),
        interval(after.low, after.high, currency),
    );
    let cost = money(best.sweep_cost, currency);
    Some(match &best.sweep_best {
        Some(trial) => format!(
            "The best candidate was trained elsewhere; the whole sweep cost {cost}, and after paying for all of it the sweep's best trial, {trial}, is {after_mean} against the baseline (90% interval {after_interval})."
        ),
        None => format!(
            "The whole sweep cost {cost}; after paying for all of it the best candidate is {after_mean} against the baseline (90% interval {after_interval})."
        ),
    })
}

/// The value-of-information table: what knowing each business number given as a distribution
/// would be worth (EVPPI), with the worth of knowing everything at once (EVPI) written for the
/// writer's sentence above it, as `(evpi, table)`; `None` when no number is a distribution.
pub fn information_table(value: &ValueResults) -> Option<(String, Table)> {
    let currency = value.currency.as_str();
    let information = value
        .information
        .as_ref()
        .filter(|i| !i.parameters.is_empty())?;
    let rows = information
        .parameters
        .iter()
        .map(|row| {
            Row::from(vec![
                row.parameter.clone(),
                row.distribution.clone(),
                money(row.evppi, IN_HEADING),
            ])
        })
        .collect();
    let table = Table {
        columns: vec![
            ("number".into(), Align::Left),
            ("distribution".into(), Align::Left),
            (in_currency("EVPPI", value), Align::Right),
        ],
        rows,
    };
    Some((money(information.evpi, currency), table))
}

/// Every model priced, then the rules of thumb under them: what each earns a year on test
/// rows (and, for a binary target, at the default decision: what tuning the threshold earns),
/// each with its 90% interval over those rows, what it costs, its net value on validation rows (which pick the candidate, in bold) and on
/// test rows (which report it), each with its own 90% interval over those rows, and its
/// difference to the baseline with the paired interval.
pub fn value_table(value: &ValueResults) -> Table {
    let at_default = value
        .models
        .iter()
        .any(|model| model.test_per_year_default.is_some());
    let difference = |d: Option<&BootstrapSummary>| match d {
        Some(d) => [
            signed_money(d.mean, IN_HEADING),
            interval(d.low, d.high, IN_HEADING),
            format!("{:.0}%", 100.0 * d.p_positive),
        ],
        None => ["—".to_string(), "—".to_string(), "—".to_string()],
    };
    // Only a binary target's models decide at a threshold: without one (regression, cost
    // matrices) the column would be dashes from top to bottom.
    let thresholds = value.models.iter().any(|model| model.threshold.is_some());
    let dash = || "—".to_string();
    // An amount's own interval, beside it; a dash where the run keeps none (validation net
    // values before 2026-12-06, values a year before 2026-12-07, test net values before their
    // intervals were kept).
    let own = amount_cell;
    let mut rows = Vec::new();
    for model in &value.models {
        let mut cells = vec![model.name.clone()];
        if thresholds {
            cells.push(match model.threshold {
                Some(t) if t.is_finite() => format!("{t:.3}"),
                Some(_) => "never".to_string(),
                None => dash(),
            });
        }
        cells.push(money(model.test_per_year, IN_HEADING));
        cells.push(own(model.test_per_year_interval.as_ref()));
        if at_default {
            cells.push(
                model
                    .test_per_year_default
                    .map_or_else(dash, |v| money(v, IN_HEADING)),
            );
            cells.push(own(model.test_per_year_default_interval.as_ref()));
        }
        cells.extend([
            money(
                model.training_cost + model.trial_cost + model.serving_cost,
                IN_HEADING,
            ),
            money(model.validation_net_value, IN_HEADING),
            own(model.validation_net_value_interval.as_ref()),
            money(model.net_value, IN_HEADING),
            own(model.net_value_interval.as_ref()),
        ]);
        cells.extend(difference(model.difference.as_ref()));
        let chosen = value.best.as_ref().is_some_and(|b| b.name == model.name);
        rows.push(Row {
            cells,
            emphasis: if chosen {
                Emphasis::Chosen
            } else {
                Emphasis::None
            },
            aside: model.external.then(|| "trained elsewhere".to_string()),
        });
    }
    for rule in &value.references {
        let mut cells = vec![format!("rule: {}", rule_label(value, rule.strategy))];
        if thresholds {
            cells.push(dash());
        }
        cells.push(money(rule.test_per_year, IN_HEADING));
        cells.push(own(rule.test_per_year_interval.as_ref()));
        if at_default {
            cells.extend([dash(), dash()]);
        }
        cells.extend([
            money(0.0, IN_HEADING),
            dash(),
            dash(),
            money(rule.value.mean, IN_HEADING),
            own(Some(&rule.value)),
        ]);
        cells.extend(difference(rule.difference.as_ref()));
        rows.push(Row {
            cells,
            emphasis: Emphasis::Reference,
            aside: None,
        });
    }
    let mut columns = vec![("model".to_string(), Align::Left)];
    if thresholds {
        columns.push(("threshold".to_string(), Align::Right));
    }
    // The currency and what each column counts over are said once, above the table
    // (`value_table_lead`): in every heading they wrapped report.html's headings onto 4 and 5
    // lines at 1280 pixels ("cost: training, trial, serving (EUR)").
    // "value/year" unbroken: at "/ " the heading wrapped onto a third line.
    let interval = || ("90% interval".to_string(), Align::Interval);
    columns.extend([("test value/year".to_string(), Align::Right), interval()]);
    if at_default {
        columns.extend([
            ("at default decision".to_string(), Align::Right),
            interval(),
        ]);
    }
    for heading in [
        "costs",
        "validation net value",
        "90% interval",
        "test net value",
        "90% interval",
        "vs baseline",
        "90% interval",
    ] {
        let align = match heading {
            "90% interval" => Align::Interval,
            _ => Align::Right,
        };
        columns.push((heading.to_string(), align));
    }
    columns.push(("P(gain)".to_string(), Align::Right));
    Table { columns, rows }
}

/// What [`value_table`]'s amounts are, said once above it rather than in every heading: the
/// currency, which columns count a year and which the horizon, what the costs are, and the
/// intervals' rows.
pub fn value_table_lead(value: &ValueResults) -> String {
    let currency = if value.currency.is_empty() {
        String::new()
    } else {
        format!("Amounts in {}. ", value.currency)
    };
    let per_year = if value
        .models
        .iter()
        .any(|model| model.test_per_year_default.is_some())
    {
        "Test value and value at the default decision (a 0.5 cut-off, or the likeliest class)"
    } else {
        "Test value"
    };
    format!(
        "{currency}{per_year}: a year; costs (training, trials and serving compute) and net values: over {}. Each value a year, net value and difference has its 90% interval over the rows it is measured on; P(gain) is the share of test resamples in which the model beats the baseline.",
        years(value.horizon_years)
    )
}

/// The currency of a table's amounts, left out of its cells: each heading gives it once
/// ([`in_currency`]), so a table of ten columns fits a page.
const IN_HEADING: &str = "";

/// A heading of a column of amounts, with their currency: "test net value (EUR)".
fn in_currency(heading: &str, value: &ValueResults) -> String {
    if value.currency.is_empty() {
        heading.to_string()
    } else {
        format!("{heading} ({})", value.currency)
    }
}

/// A rule of thumb as the reports name it: under capacity acting on every case means acting on
/// as many as capacity allows, picked at random.
pub fn rule_label(value: &ValueResults, strategy: Strategy) -> String {
    match (strategy, value.capacity) {
        (Strategy::ActOnAll, Some(_)) => "act on random cases up to capacity".to_string(),
        _ => strategy.label().to_string(),
    }
}

/// What the rules of thumb earn, and a warning for each of the baseline and the best candidate
/// that does not beat the better of them (it then adds nothing over the rule).
fn reference_sentences(value: &ValueResults) -> Vec<String> {
    let currency = value.currency.as_str();
    let Some(better) = better_reference(&value.references) else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    let earns: Vec<String> = value
        .references
        .iter()
        .map(|r| {
            format!(
                "{} earns {} (90% interval {})",
                rule_label(value, r.strategy),
                money(r.value.mean, currency),
                amount_interval(r.value.low, r.value.high, currency),
            )
        })
        .collect();
    lines.push(format!(
        "Rules of thumb over the horizon, without a model: {}; the better on validation rows is to {}.",
        earns.join(", "),
        rule_label(value, better.strategy),
    ));
    let best = value.best.as_ref().map(|b| b.name.as_str());
    for model in &value.models {
        let Some(over) = model.over_reference else {
            continue;
        };
        let who = if model.trial.is_none() {
            "the baseline".to_string()
        } else if Some(model.name.as_str()) == best {
            format!("the best candidate, {},", model.name)
        } else {
            model.name.clone()
        };
        let rule = rule_label(value, better.strategy);
        lines.push(against_rule(&who, &rule, &over, currency));
    }
    lines
}

/// A model's own net value's 90% interval, as it follows that value in a sentence
/// (" (90% interval 316,310 to 350,464 EUR)"); empty for a run written without it.
pub fn own_interval(own: Option<&BootstrapSummary>, currency: &str) -> String {
    own.map_or(String::new(), |own| {
        format!(
            " (90% interval {})",
            amount_interval(own.low, own.high, currency)
        )
    })
}

/// How `who` (a model) fares against the rule of thumb `rule`, net of its costs (`over`: its
/// difference with the 90% interval). "Beats" and "does not beat" are the verdict's words for
/// an interval clear of 0 on their side: a leader reads them as settled.
fn against_rule(who: &str, rule: &str, over: &BootstrapSummary, currency: &str) -> String {
    let range = interval(over.low, over.high, currency);
    if over.mean > 0.0 && over.low > 0.0 {
        format!(
            "Net of its costs {who} beats the rule to {rule} by {} (90% interval {range}).",
            money(over.mean, currency),
        )
    } else if over.mean > 0.0 {
        // Ahead at the central values, but the interval reaches below 0.
        format!(
            "Net of its costs {who} is {} against the rule to {rule}, but the 90% interval ({range}) includes no difference: it may or may not beat it.",
            signed_money(over.mean, currency),
        )
    } else if over.high < 0.0 {
        format!(
            "Warning: {who} does not beat the rule to {rule}: {} against it net of its costs (90% interval {range}), so it adds nothing over the rule of thumb.",
            signed_money(over.mean, currency),
        )
    } else {
        // Behind at the central values, but the interval reaches above 0: "does not beat ...
        // so it adds nothing" beside "Ship the candidate" settled what the rows leave open
        // (breast cancer: -81,591 EUR, 90% interval -716,197 to +431,084 EUR).
        format!(
            "Warning: {who} is {} against the rule to {rule} net of its costs, and the 90% interval ({range}) includes no difference: it is not shown to add anything over the rule of thumb.",
            signed_money(over.mean, currency),
        )
    }
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
    let currency = value.currency.as_str();
    // A price left at 0 (or not set) is no cost the amounts are net of: say so, rather than
    // "net of serving (0 USD per core-hour)", which reads as if compute were priced.
    let costs = match (value.core_hour != 0.0, value.trial_cost != 0.0) {
        (true, true) => format!(
            "net of training, serving ({} per core-hour) and trial ({} each) costs",
            money(value.core_hour, currency),
            money(value.trial_cost, currency),
        ),
        (true, false) => format!(
            "net of training and serving costs ({} per core-hour; trials are not priced: \
             trial_cost is 0)",
            money(value.core_hour, currency),
        ),
        (false, true) => format!(
            "net of trial costs ({} each; compute is not priced: core_hour is 0)",
            money(value.trial_cost, currency),
        ),
        (false, false) => {
            "with no costs priced (core_hour and trial_cost are 0: set them in [value])".to_string()
        }
    };
    format!(
        "Amounts in {} over {}, {volume}, {costs}.",
        if currency.is_empty() {
            "money"
        } else {
            currency
        },
        years(value.horizon_years),
    )
}

fn threshold_note(threshold: Option<f64>) -> String {
    match threshold {
        Some(t) if t.is_finite() => format!(", deciding positive at probability {t:.3} or more"),
        Some(_) => ", deciding nothing positive (no threshold pays)".to_string(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests;
