//! `report.md`: a short human summary of a run, fit for a pull-request comment.

use std::fmt::Write;

use super::results::RunResults;
use crate::metrics::higher_is_better;

/// Renders the summary.
pub fn render(results: &RunResults) -> String {
    let mut out = String::new();
    let dataset = &results.dataset;
    let split = &results.split;
    let _ = writeln!(out, "# worthit run: {}\n", escape(&dataset.name));
    let target = &results.target;
    let task = match (&target.positive_class, &target.classes) {
        (Some(positive), _) => format!("binary, positive class `{}`", escape(positive)),
        (None, Some(classes)) => format!("{} classes", classes.len()),
        (None, None) => "regression".to_string(),
    };
    let _ = writeln!(
        out,
        "Target `{}` ({task}); {} rows used of {} in `{}`: {} train / {} validation / {} test, seed {}.\n",
        escape(&target.column),
        thousands(dataset.rows_used as f64),
        thousands(dataset.rows_in_file as f64),
        escape(&dataset.file),
        thousands(split.train as f64),
        thousands(split.validation as f64),
        thousands(split.test as f64),
        results.seed,
    );
    let metric = target.task.primary_metric();
    let best = results.best_by_validation();
    let baseline = results.models.first();
    if let (Some(best), Some(baseline)) = (best, baseline) {
        if best.name != baseline.name {
            let _ = writeln!(
                out,
                "**Best by validation {metric}: {}** ({}): test {metric} {} against the baseline's {}.\n",
                escape(&best.name),
                escape(&best.params.describe()),
                format_metric(best.test.get(metric)),
                format_metric(baseline.test.get(metric)),
            );
        } else {
            let _ = writeln!(
                out,
                "**No candidate beat the baseline on validation {metric}.**\n"
            );
        }
    }
    if let Some(sweep) = &results.sweep {
        let _ = writeln!(
            out,
            "Sweep: {} of {} trials; stopped because {}.\n",
            sweep.trials_done,
            sweep.trials_requested,
            escape(&sweep.stopped_because)
        );
    }
    let _ = writeln!(
        out,
        "| model | family | validation {metric} | test {metric} | fit s | nodes |\n|---|---|---:|---:|---:|---:|"
    );
    for model in &results.models {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {:.2} | {} |",
            escape(&model.name),
            model.params.family(),
            format_metric(model.validation.get(metric)),
            format_metric(model.test.get(metric)),
            model.fit_seconds,
            thousands(model.nodes as f64)
        );
    }
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
        let _ = writeln!(out, "| metric | validation | test |\n|---|---:|---:|");
        for (name, test_value) in model.test.entries() {
            let direction = if higher_is_better(name) {
                "higher is better"
            } else {
                "lower is better"
            };
            let _ = writeln!(
                out,
                "| {name} ({direction}) | {} | {test_value:.4} |",
                format_metric(model.validation.get(name))
            );
        }
        let _ = writeln!(
            out,
            "\nFit {:.2} s; prediction {:.3} ms per 1,000 rows; {} nodes ({:.1} MB), mean depth {:.1}.\n",
            model.fit_seconds,
            model.predict_seconds_per_1000_rows * 1000.0,
            thousands(model.nodes as f64),
            model.bytes as f64 / 1e6,
            model.mean_depth
        );
    }
    if !dataset.columns_dropped.is_empty() {
        let _ = writeln!(out, "Columns not used:\n");
        for column in &dataset.columns_dropped {
            let _ = writeln!(
                out,
                "- `{}`: {}",
                escape(&column.name),
                escape(&column.reason)
            );
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "Whole run {:.2} s on {} threads; peak memory {:.0} MB. Data BLAKE3 `{}`.",
        results.timings.total_seconds,
        results.threads,
        results.peak_memory_bytes as f64 / 1e6,
        &dataset.blake3[..dataset.blake3.len().min(16)]
    );
    out
}

fn format_metric(value: Option<f64>) -> String {
    value.map_or("-".to_string(), |v| format!("{v:.4}"))
}

/// Formats a number with thousands separators and no decimals: 45211 -> "45,211".
pub fn thousands(value: f64) -> String {
    let rounded = value.round();
    let digits = format!("{}", rounded.abs() as u64);
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if rounded < 0.0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// Keeps user text (column names, labels) from breaking Markdown tables or injecting HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace('`', "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(45211.0), "45,211");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(thousands(-1234567.4), "-1,234,567");
        assert_eq!(thousands(0.0), "0");
    }
}
