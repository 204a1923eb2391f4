//! `report.md`: a short human summary of a run, fit for a pull-request comment.

use std::fmt::Write;

use crate::base::format::thousands;
use crate::base::text::{
    markdown_code as code, markdown_code_span, markdown_inline as escape, markdown_prose_naming,
    shortened,
};
use crate::metrics::higher_is_better;
use crate::results::RunResults;

/// Renders the summary of the run in the folder `run_dir`.
pub fn render(results: &RunResults, run_dir: &std::path::Path) -> String {
    let mut out = String::new();
    let dataset = &results.dataset;
    let split = &results.split;
    let _ = writeln!(out, "# worthit run: {}\n", escape(&dataset.name));
    let target = &results.target;
    let task = match (&target.positive_class, &target.classes) {
        (Some(positive), _) => format!("binary, positive class `{}`", code(positive)),
        (None, Some(classes)) => format!("{} classes", classes.len()),
        (None, None) => "regression".to_string(),
    };
    let _ = writeln!(
        out,
        "Target `{}` ({task}); {} rows used of {} in `{}`: {} train / {} validation / {} test, seed {}.\n",
        code(&shortened(&target.column)),
        thousands(dataset.rows_used as f64),
        thousands(dataset.rows_in_file as f64),
        code(&dataset.file),
        thousands(split.train as f64),
        thousands(split.validation as f64),
        thousands(split.test as f64),
        results.seed,
    );
    if let Some(warning) = results.sweep.as_ref().and_then(|s| s.partial_warning()) {
        let _ = writeln!(out, "> **Warning.** {}\n", escape(&warning));
    }
    write_verdict(&mut out, results, results.more_trials_command(run_dir));
    if let Some(scores) = &results.feature_scores {
        super::features::markdown_warnings(&mut out, scores);
    }
    // The candidate the verdict is about: in a priced run the best by validation net value,
    // which the metric's best need not be (bank marketing: trial-0003, not trial-0001).
    let best = results.verdict_candidate();
    let baseline = results.models.first();
    write_validation_pick(&mut out, results);
    if let Some(value) = &results.value {
        write_value(&mut out, value);
    }
    write_plots(&mut out, results);
    if let Some(sweep) = &results.sweep {
        let _ = writeln!(
            out,
            "Sweep: {} of {} trials; stopped because {}.\n",
            sweep.trials_done,
            sweep.trials_requested,
            escape(&sweep.stopped_because)
        );
    }
    write_table(&mut out, &super::models::models_table(results));
    out.push('\n');
    let mut detailed = vec![baseline];
    if best.map(|b| b.name.as_str()) != baseline.map(|b| b.name.as_str()) {
        detailed.push(best);
    }
    for model in detailed.into_iter().flatten() {
        let _ = writeln!(
            out,
            "## {} ({})\n",
            escape(&model.name),
            escape(&model.params.describe())
        );
        let _ = writeln!(
            out,
            "| metric | validation | test | test 90% interval |\n|---|---:|---:|---:|"
        );
        for (name, test_value) in model.test.entries() {
            let direction = if higher_is_better(name) {
                "higher is better"
            } else {
                "lower is better"
            };
            let interval = model
                .test_intervals
                .iter()
                .find(|i| i.metric == name)
                .map_or("—".to_string(), |i| {
                    crate::base::format::metric_interval(i.low, i.high)
                });
            let _ = writeln!(
                out,
                "| {name} ({direction}) | {} | {} | {interval} |",
                crate::base::format::metric(model.validation.get(name)),
                crate::base::format::metric(Some(test_value))
            );
        }
        let _ = writeln!(
            out,
            "\n{}\n",
            super::models::footprint(model, results.value.is_some())
        );
    }
    if let Some(scores) = &results.feature_scores {
        super::features::markdown_table(&mut out, scores);
    }
    if !dataset.columns_dropped.is_empty() {
        let _ = writeln!(out, "Columns not used:\n");
        for column in &dataset.columns_dropped {
            let _ = writeln!(
                out,
                "- `{}`: {}",
                code(&shortened(&column.name)),
                escape(&column.reason)
            );
        }
        out.push('\n');
    }
    if !dataset.notices.is_empty() {
        let _ = writeln!(out, "Noticed in the data:\n");
        let names = results.names_from_data();
        for notice in &dataset.notices {
            let _ = writeln!(out, "- {}", markdown_prose_naming(notice, &names));
        }
        out.push('\n');
    }
    if results.value.is_none() {
        let (prose, command) =
            super::value_summary::unpriced(&dataset.file, dataset.config_file.as_deref());
        let _ = writeln!(out, "{} {}\n", escape(&prose), markdown_code_span(&command));
    }
    let t = &results.timings;
    let _ = writeln!(
        out,
        "Whole run {:.2} s on {} threads (reading and binning {:.2} s; training {:.2} s, of which \
         fitting {:.2} s and predicting {:.2} s; learning curve {:.2} s; pricing {:.2} s; \
         analysis {:.2} s; charts and files {:.2} s); peak memory {:.0} MB. Data BLAKE3 `{}`.",
        t.total_seconds,
        results.threads,
        t.load_seconds + t.bin_seconds,
        t.sweep_seconds,
        t.fit_seconds,
        t.predict_seconds,
        t.learning_seconds,
        t.pricing_seconds,
        t.analysis_seconds,
        t.writing_seconds,
        results.peak_memory_bytes as f64 / 1e6,
        &dataset.blake3[..dataset.blake3.len().min(16)]
    );
    out
}

/// The verdict and the analysis in plain words, first, so a pull-request comment leads with them;
/// `more_trials` (the command that runs the trials the tuning answer asks for) under the answer.
fn write_verdict(out: &mut String, results: &RunResults, more_trials: Option<String>) {
    let Some(analysis) = &results.analysis else {
        return;
    };
    let crate::analysis::run_summary::Answers {
        verdict,
        tuning,
        evidence,
    } = analysis.answers();
    let more_trials = more_trials
        .map(|command| {
            format!(
                ">\n> To run them, added to this run: {}\n",
                markdown_code_span(&command)
            )
        })
        .unwrap_or_default();
    if verdict.is_none() {
        if let Some(tuning) = tuning {
            let _ = writeln!(out, "> **{}**\n{more_trials}", escape(tuning));
        }
    }
    if let Some(first) = verdict {
        let _ = writeln!(out, "> **{}**", escape(first));
        if let Some(tuning) = tuning {
            let _ = write!(out, ">\n> **{}**\n{more_trials}", escape(tuning));
        }
        if let Some(line) = results
            .value
            .as_ref()
            .and_then(super::value_summary::after_sweep)
        {
            let _ = writeln!(out, ">\n> {}", escape(&line));
        }
        out.push('\n');
    }
    for sentence in evidence {
        let _ = writeln!(out, "- {}", escape(sentence));
    }
    out.push('\n');
}

/// Links to the charts, relative to the run folder, where `report.html` shows them inline.
fn write_plots(out: &mut String, results: &RunResults) {
    let plots = super::charts::build(results);
    if plots.is_empty() {
        return;
    }
    let _ = writeln!(out, "Charts (all of them inline in `report.html`):\n");
    for plot in plots {
        let _ = writeln!(
            out,
            "- [{}]({}/{}.png)",
            escape(plot.title()).replace(['[', ']'], ""),
            super::charts::PLOTS_DIR,
            plot.stem
        );
    }
    out.push('\n');
}

/// The candidate the validation rows pick against the baseline, each test value with its 90%
/// interval, or that none beat the baseline there. A priced run picks by validation net value,
/// as its verdict does: a line ranked by the metric could name another model than the one the
/// verdict is about.
fn write_validation_pick(out: &mut String, results: &RunResults) {
    use crate::base::format::{metric, money};
    use crate::results::Scores;
    let baseline = results
        .models
        .first()
        .and_then(|b| results.scores_of(&b.name));
    let (Some(pick), Some(baseline)) = (results.validation_pick(), baseline) else {
        return;
    };
    let value = results.value.as_ref();
    if value.is_some_and(|v| v.best.is_none()) {
        return;
    }
    let by = if value.is_some() {
        "net value"
    } else {
        pick.by
    };
    if pick.name == baseline.name {
        let _ = writeln!(
            out,
            "**No candidate beat the baseline on validation {by}.**\n"
        );
        return;
    }
    let shown = |scores: &Scores| {
        let (test, interval) = match value {
            Some(v) => (
                scores
                    .test
                    .map_or("-".to_string(), |t| money(t, &v.currency)),
                scores.test_interval.map(|(low, high)| {
                    crate::base::format::amount_interval(low, high, &v.currency)
                }),
            ),
            None => (
                metric(scores.test),
                scores
                    .test_interval
                    .map(|(low, high)| crate::base::format::metric_interval(low, high)),
            ),
        };
        let interval = interval.map_or(String::new(), |i| format!(" (90% interval {i})"));
        escape(&format!("{test}{interval}"))
    };
    let params = results
        .models
        .iter()
        .find(|m| m.name == pick.name)
        .map(|m| format!(" ({})", escape(&m.params.describe())))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "**Best by validation {by}: {}**{params}: test {by} {} against the baseline's {}.\n",
        escape(pick.name),
        shown(&pick),
        shown(&baseline),
    );
}

fn write_value(out: &mut String, value: &crate::value::schema::ValueResults) {
    use super::value_summary::{
        ends_intervals_note, scenarios_table, sensitivity_intervals_note, sensitivity_table,
        value_table,
    };
    let _ = writeln!(out, "## Value\n");
    for sentence in super::value_summary::sentences(value) {
        let _ = writeln!(out, "- {}", escape(&sentence));
    }
    out.push('\n');
    let _ = writeln!(
        out,
        "{}\n",
        escape(&super::value_summary::value_table_lead(value))
    );
    write_table(out, &value_table(value));
    if let Some(table) = sensitivity_table(value) {
        let _ = writeln!(
            out,
            "\nSensitivity of the best candidate's difference to the baseline (every other range at its midpoint).{}\n",
            sensitivity_intervals_note(value)
        );
        write_table(out, &table);
    }
    if let Some((evpi, table)) = super::value_summary::information_table(value) {
        let _ = writeln!(
            out,
            "\nValue of information: what knowing each business number exactly before deciding would be worth (EVPPI; every uncertain quantity at once, EVPI: {}):\n",
            escape(&evpi)
        );
        write_table(out, &table);
    }
    if let Some(table) = scenarios_table(value) {
        let _ = writeln!(
            out,
            "\nScenarios: every range at its low end, midpoint or high end at once.{}\n",
            ends_intervals_note(value)
        );
        write_table(out, &table);
    }
    out.push('\n');
}

/// A table shared with `report.html`, every heading and cell escaped. An amount's 90%
/// interval follows it in its cell, "-16,941 (-18,232 to -15,744)", under the heading
/// "validation net value (EUR), 90% interval", as `report.html` sets it under the amount.
fn write_table(out: &mut String, table: &super::value_summary::Table) {
    use super::value_summary::{Align, Emphasis};
    let columns = table.shown();
    let headings: Vec<String> = columns
        .iter()
        .map(|column| match column.interval {
            Some(interval) => escape(&format!("{}, {interval}", column.heading)),
            None => escape(column.heading),
        })
        .collect();
    let rules: Vec<&str> = columns
        .iter()
        .map(|column| match column.align {
            Align::Left => "---",
            Align::Right | Align::Interval => "---:",
        })
        .collect();
    let _ = writeln!(out, "| {} |\n|{}|", headings.join(" | "), rules.join("|"));
    for row in &table.rows {
        let mut cells: Vec<String> = table
            .shown_cells(row)
            .into_iter()
            .map(|(cell, interval)| match interval {
                Some(interval) => escape(&format!("{cell} ({interval})")),
                None => escape(cell),
            })
            .collect();
        if let Some(name) = cells.first_mut() {
            match row.emphasis {
                Emphasis::None => {}
                Emphasis::Chosen => *name = format!("**{name}**"),
                Emphasis::Reference => *name = format!("*{name}*"),
            }
            if let Some(aside) = &row.aside {
                name.push_str(&format!(" *({})*", escape(aside)));
            }
        }
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
}

#[cfg(test)]
mod tests {
    use super::super::value_summary::{Align, Table};
    use super::*;

    #[test]
    fn shared_tables_escape_every_cell_and_align_amounts_right() {
        let table = Table {
            columns: vec![("a|b".into(), Align::Left), ("n".into(), Align::Right)],
            rows: vec![vec!["x_y <i>".into(), "1 *EUR*".into()].into()],
        };
        let mut out = String::new();
        write_table(&mut out, &table);
        assert_eq!(
            out,
            "| a\\|b | n |\n|---|---:|\n| x\\_y &lt;i&gt; | 1 \\*EUR\\* |\n"
        );
    }

    /// An amount's interval follows it in its cell, as in `report.html`'s, one column for both.
    #[test]
    fn an_interval_follows_its_amount_in_one_cell() {
        let table = super::super::value_summary::amount_and_interval();
        let mut out = String::new();
        write_table(&mut out, &table);
        assert_eq!(
            out,
            "| model | net value (EUR), 90% interval |\n|---|---:|\n\
             | a | -16,941 (-18,232 to -15,744) |\n| rule | — |\n"
        );
    }
}
