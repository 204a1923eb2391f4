//! `report.html`: one self-contained page for leadership and engineers alike. The verdict in
//! plain words comes first, in a coloured box; then the charts (inline SVG), the tables, how the
//! numbers were computed, and where the data came from.
//!
//! No JavaScript, no external fonts, stylesheets or images: the file can be mailed, attached to a
//! ticket or opened offline years later. Every string that comes from the data or the config
//! passes through [`escape`] (or [`html_prose_naming`], which also sets names in backticks as code).

use std::fmt::Write;

use super::charts::Rendered;
use crate::analysis::VerdictKind;
use crate::base::format::thousands;
use crate::base::text::{html_prose_naming, shortened};
use crate::results::RunResults;
use crate::value::schema::ValueResults;

/// Escapes text for HTML element content and double- or single-quoted attribute values.
pub fn escape(text: &str) -> String {
    crate::base::text::html(text)
}

/// Kept short and system-font based so the page looks the same offline; widths follow the
/// charts' 16:9 slides.
const STYLE: &str = "
body{font-family:-apple-system,'Segoe UI',Roboto,'DejaVu Sans',Verdana,sans-serif;color:#1f2328;
 max-width:1100px;margin:2rem auto;padding:0 1.5rem;line-height:1.5;font-size:16px}
h1{font-size:1.7rem;margin-bottom:.2rem}
h2{font-size:1.3rem;margin-top:2.5rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
.sub{color:#59636e;margin-top:0}
.verdict{border-radius:8px;padding:1rem 1.3rem;margin:1.5rem 0;border-left:8px solid}
.verdict p{margin:.3rem 0}
.verdict .headline{font-size:1.35rem;font-weight:600}
.ship-candidate{background:#e6f4ea;border-color:#1a7f37}
.ship-baseline{background:#eef3fa;border-color:#4a6fa5}
.inconclusive{background:#fff4e0;border-color:#bf8700}
.unpriced{background:#f3f4f6;border-color:#8c959f}
figure{margin:1.5rem 0}
figure svg{width:100%;height:auto;border:1px solid #e5e7eb;border-radius:4px}
figcaption{color:#424a53;font-size:.95rem}
table{border-collapse:collapse;margin:1rem 0;font-size:.92rem;display:block;max-width:100%;overflow-x:auto}
th,td{padding:.3rem .7rem;border-bottom:1px solid #e5e7eb;text-align:right}
th{background:#f6f8fa}
th:first-child,td:first-child{text-align:left}
th.text,td.text{text-align:left}
td{white-space:nowrap}
td.text{white-space:normal}
.interval{display:block;white-space:nowrap;font-size:.85em;font-weight:normal;color:#59636e}
code{font-size:.9em;background:#f6f8fa;padding:0 .2em;border-radius:3px;overflow-wrap:anywhere}
pre{background:#f6f8fa;padding:1rem;white-space:pre-wrap;font-size:.85rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
dt{font-weight:600}
dd{margin:0}
.notice+.notice{margin-top:.4rem}
footer{margin-top:3rem;color:#59636e;font-size:.85rem}
";

/// Renders the page of the run in the folder `run_dir`. `charts` are the run's drawn charts
/// (their SVG is inlined).
pub fn render(results: &RunResults, charts: &[Rendered], run_dir: &std::path::Path) -> String {
    let mut out = String::new();
    let name = escape(&results.dataset.name);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>worthit: {name}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    );
    let _ = writeln!(out, "<h1>Is more tuning worth it? {name}</h1>");
    let _ = writeln!(out, "<p class=\"sub\">{}</p>", run_line(results));
    if let Some(warning) = results.sweep.as_ref().and_then(|s| s.partial_warning()) {
        // A run merged from some shards only: said above the answers it qualifies.
        let _ = writeln!(
            out,
            "<div class=\"verdict inconclusive\">\n<p>{}</p>\n</div>",
            escape(&warning)
        );
    }
    verdict_box(&mut out, results, run_dir);
    if let Some(scores) = &results.feature_scores {
        super::features::html_warnings(&mut out, scores);
    }
    if let Some(analysis) = &results.analysis {
        // The verdict and the tuning answer are in the box above.
        let rest = analysis.answers().evidence;
        if !rest.is_empty() {
            let _ = writeln!(out, "<h2>What the sweep shows</h2>\n<ul>");
            for sentence in rest {
                let _ = writeln!(out, "<li>{}</li>", escape(sentence));
            }
            let _ = writeln!(out, "</ul>");
        }
    }
    if !charts.is_empty() {
        let _ = writeln!(out, "<h2>Charts</h2>");
        for chart in charts {
            let _ = writeln!(
                out,
                "<figure id=\"{stem}\">\n{svg}\n<figcaption>{caption} \
                 <a href=\"plots/{stem}.png\">PNG</a> · <a href=\"plots/{stem}.svg\">SVG</a></figcaption>\n</figure>",
                stem = chart.stem,
                svg = strip_prolog(&chart.svg),
                caption = escape(&chart.caption),
            );
        }
    }
    if let Some(value) = &results.value {
        value_tables(&mut out, value);
    }
    metric_table(&mut out, results);
    if let Some(scores) = &results.feature_scores {
        super::features::html_table(&mut out, scores);
    }
    method(&mut out, results);
    provenance(&mut out, results);
    let _ = writeln!(
        out,
        "<footer>Written by worthit {} from results.json of {}. Re-render with <code>worthit report DIR</code>.</footer>\n</body>\n</html>",
        escape(&results.worthit_version),
        escape(&results.created_utc)
    );
    out
}

/// An XML declaration or doctype is not allowed inside HTML; plotters writes none today, but an
/// upgrade that did would break the page silently.
fn strip_prolog(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(start) => &svg[start..],
        None => svg,
    }
}

/// The line under the title, as HTML: the target column set as code, as report.md sets it (a
/// column named `target` read "Target target on 178 rows").
fn run_line(results: &RunResults) -> String {
    let sweep = results.sweep.as_ref().map_or(String::new(), |s| {
        format!(", {} of {} trials", s.trials_done, s.trials_requested)
    });
    format!(
        "Target <code>{}</code> on {} rows{sweep}; run finished {}.",
        escape(&shortened(&results.target.column)),
        thousands(results.dataset.rows_used as f64),
        escape(&results.created_utc)
    )
}

fn verdict_box(out: &mut String, results: &RunResults, run_dir: &std::path::Path) {
    let verdict = results.analysis.as_ref().and_then(|a| a.verdict.as_ref());
    let answers = results.analysis.as_ref().map(|a| a.answers());
    let model_answer = answers.as_ref().and_then(|a| a.verdict);
    let (class, headline) = match (verdict, model_answer) {
        (Some(v), said) => (
            match v.kind {
                VerdictKind::ShipCandidate => "ship-candidate",
                VerdictKind::ShipBaseline => "ship-baseline",
                VerdictKind::Inconclusive => "inconclusive",
            },
            said.unwrap_or(&v.sentence).to_string(),
        ),
        // The baseline alone: nothing to ship instead.
        (None, Some(said)) => ("ship-baseline", said.to_string()),
        (None, None) => ("unpriced", {
            let (prose, command) = super::value_summary::unpriced(
                &results.dataset.file,
                results.dataset.config_file.as_deref(),
            );
            format!("{prose} {command}")
        }),
    };
    let _ = writeln!(
        out,
        "<div class=\"verdict {class}\">\n<p class=\"headline\">{}</p>",
        escape(&headline)
    );
    if let Some(tuning) = answers.as_ref().and_then(|a| a.tuning) {
        let _ = writeln!(out, "<p class=\"headline\">{}</p>", escape(tuning));
    }
    if let Some(command) = results.more_trials_command(run_dir) {
        let _ = writeln!(
            out,
            "<p>To run them, added to this run: <code>{}</code></p>",
            escape(&command)
        );
    }
    if let Some(value) = &results.value {
        if let Some(line) = super::value_summary::after_sweep(value) {
            let _ = writeln!(out, "<p>{}</p>", escape(&line));
        }
        let _ = writeln!(
            out,
            "<p>{}</p>",
            escape(&super::value_summary::basis(value))
        );
    } else if model_answer.is_some() {
        // Answered in metric units: what pricing would add closes the box.
        let (prose, command) = super::value_summary::unpriced(
            &results.dataset.file,
            results.dataset.config_file.as_deref(),
        );
        let _ = writeln!(
            out,
            "<p>{} <code>{}</code></p>",
            escape(&prose),
            escape(&command)
        );
    }
    let _ = writeln!(out, "</div>");
}

fn value_tables(out: &mut String, value: &ValueResults) {
    use super::value_summary::{
        ends_intervals_note, scenarios_table, sensitivity_intervals_note, sensitivity_table,
        value_table,
    };
    let _ = writeln!(out, "<h2>Models</h2>");
    for sentence in super::value_summary::sentences(value).iter().skip(1) {
        let _ = writeln!(out, "<p>{}</p>", escape(sentence));
    }
    let _ = writeln!(
        out,
        "<p>{}</p>",
        escape(&super::value_summary::value_table_lead(value))
    );
    write_table(out, &value_table(value));
    if let Some(table) = sensitivity_table(value) {
        let _ = writeln!(
            out,
            "<h2>Sensitivity</h2>\n<p>The best candidate's difference to the baseline with one \
             range at its low or high end and every other range at its midpoint.{}</p>",
            sensitivity_intervals_note(value)
        );
        write_table(out, &table);
    }
    if let Some((evpi, table)) = super::value_summary::information_table(value) {
        let _ = writeln!(
            out,
            "<h2>Value of information</h2>\n<p>What knowing each business number exactly before \
             deciding to ship the best candidate or keep the baseline would be worth (EVPPI); \
             knowing every uncertain quantity at once (EVPI): {}.</p>",
            escape(&evpi)
        );
        write_table(out, &table);
    }
    if let Some(table) = scenarios_table(value) {
        let _ = writeln!(
            out,
            "<h2>Scenarios</h2>\n<p>Every range at its low end, midpoint or high end at once.{}</p>",
            ends_intervals_note(value)
        );
        write_table(out, &table);
    }
}

/// A table shared with `report.md`, every heading and cell escaped; the first column aligns
/// left by the stylesheet, any other text column by its class. An amount's 90% interval goes
/// under it in its cell, on a line of its own that does not wrap, as the interval's heading
/// goes under the amount's: the value table's twelve columns fit a 1280-pixel window as nine.
fn write_table(out: &mut String, table: &super::value_summary::Table) {
    use super::value_summary::{Align, Emphasis};
    // The stylesheet right-aligns every column but the first; a text column says otherwise, in
    // its heading as in its cells.
    let class = |i: usize, align: Align| match align {
        Align::Left if i > 0 => " class=\"text\"",
        _ => "",
    };
    let under = |interval: Option<&str>| {
        interval
            .map(|i| format!("<span class=\"interval\">{}</span>", escape(i)))
            .unwrap_or_default()
    };
    let columns = table.shown();
    let _ = write!(out, "<table>\n<tr>");
    for (i, column) in columns.iter().enumerate() {
        let _ = write!(
            out,
            "<th{}>{}{}</th>",
            class(i, column.align),
            escape(column.heading),
            under(column.interval)
        );
    }
    let _ = writeln!(out, "</tr>");
    for row in &table.rows {
        let _ = write!(out, "<tr>");
        for (i, ((cell, interval), column)) in
            table.shown_cells(row).into_iter().zip(&columns).enumerate()
        {
            if i > 0 {
                let _ = write!(
                    out,
                    "<td{}>{}{}</td>",
                    class(i, column.align),
                    escape(cell),
                    under(interval)
                );
                continue;
            }
            // A rule's long name wraps; a model's stays on one line.
            let (open, close, class) = match row.emphasis {
                Emphasis::None => ("", "", ""),
                Emphasis::Chosen => ("<strong>", "</strong>", ""),
                Emphasis::Reference => ("<em>", "</em>", " class=\"text\""),
            };
            let aside = row
                .aside
                .as_ref()
                .map(|aside| format!(" <em>({})</em>", escape(aside)))
                .unwrap_or_default();
            let _ = write!(out, "<td{class}>{open}{}{close}{aside}</td>", escape(cell));
        }
        let _ = writeln!(out, "</tr>");
    }
    let _ = writeln!(out, "</table>");
}

fn metric_table(out: &mut String, results: &RunResults) {
    let _ = writeln!(out, "<h2>Metrics</h2>");
    write_table(out, &super::models::models_table(results));
}

fn method(out: &mut String, results: &RunResults) {
    let _ = writeln!(out, "<h2>How the numbers are computed</h2>\n<ul>");
    for method in super::method::methods(results) {
        let _ = writeln!(
            out,
            "<li><b>{}.</b> {}</li>",
            escape(method.title),
            escape(&method.text)
        );
    }
    let _ = writeln!(out, "</ul>");
}

fn provenance(out: &mut String, results: &RunResults) {
    let dataset = &results.dataset;
    let names = results.names_from_data();
    let split = &results.split;
    let target = &results.target;
    let _ = writeln!(out, "<h2>Data</h2>\n<dl>");
    let mut row = |term: &str, text: String| {
        let _ = writeln!(out, "<dt>{term}</dt><dd>{text}</dd>");
    };
    row("Dataset", escape(&dataset.name));
    row("File", format!("<code>{}</code>", escape(&dataset.file)));
    row(
        "BLAKE3",
        format!("<code>{}</code>", escape(&dataset.blake3)),
    );
    row(
        "Rows",
        format!(
            "{} used of {} in the file",
            thousands(dataset.rows_used as f64),
            thousands(dataset.rows_in_file as f64)
        ),
    );
    row(
        "Split",
        format!(
            "{} train / {} validation / {} test, stratified by {}",
            thousands(split.train as f64),
            thousands(split.validation as f64),
            thousands(split.test as f64),
            escape(&split.stratified_by)
        ),
    );
    row("Seed", results.seed.to_string());
    let task = match (&target.positive_class, &target.classes) {
        (Some(positive), _) => format!("binary, positive class <code>{}</code>", escape(positive)),
        (None, Some(classes)) => format!(
            "{} classes: {}",
            classes.len(),
            classes
                .iter()
                .map(|c| format!("<code>{}</code>", escape(c)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        (None, None) => "regression".to_string(),
    };
    row(
        "Target",
        format!(
            "<code>{}</code> ({task})",
            escape(&shortened(&target.column))
        ),
    );
    row(
        "Features",
        dataset
            .columns_used
            .iter()
            .map(|c| format!("<code>{}</code>", escape(&shortened(&c.name))))
            .collect::<Vec<_>>()
            .join(", "),
    );
    if !dataset.columns_dropped.is_empty() {
        row(
            "Dropped",
            dataset
                .columns_dropped
                .iter()
                .map(|c| {
                    let name = shortened(&c.name);
                    format!("<code>{}</code> ({})", escape(&name), escape(&c.reason))
                })
                .collect::<Vec<_>>()
                .join("; "),
        );
    }
    if !dataset.notices.is_empty() {
        row(
            "Noticed",
            dataset
                .notices
                .iter()
                .map(|notice| {
                    let text = html_prose_naming(notice, &names);
                    format!("<div class=\"notice\">{text}</div>")
                })
                .collect::<String>(),
        );
    }
    let _ = writeln!(out, "</dl>");
    if let Some(text) = &dataset.attribution {
        let _ = writeln!(
            out,
            "<h3>Attribution</h3>\n<pre>{}</pre>",
            escape(text.trim())
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert('x\")</script>&"),
            "&lt;script&gt;alert(&#39;x&quot;)&lt;/script&gt;&amp;"
        );
    }

    #[test]
    fn shared_tables_escape_every_cell_and_align_text_left_heading_and_all() {
        use super::super::value_summary::{Align, Table};
        let table = Table {
            columns: vec![
                ("<b>".into(), Align::Left),
                ("text".into(), Align::Left),
                ("n".into(), Align::Right),
            ],
            rows: vec![vec!["a&b".into(), "<i>".into(), "1 <EUR>".into()].into()],
        };
        let mut out = String::new();
        write_table(&mut out, &table);
        assert_eq!(
            out,
            "<table>\n<tr><th>&lt;b&gt;</th><th class=\"text\">text</th><th>n</th></tr>\n\
             <tr><td>a&amp;b</td><td class=\"text\">&lt;i&gt;</td><td>1 &lt;EUR&gt;</td></tr>\n\
             </table>\n"
        );
    }

    /// An amount's interval sits under it in its own cell, as the interval's heading under the
    /// amount's: a run's value table showed twelve columns and wrapped each interval over two
    /// lines at 1280 pixels ("-18,232 to" over "-15,744"); the stylesheet keeps it on one.
    #[test]
    fn an_interval_goes_under_its_amount_in_one_cell() {
        let table = super::super::value_summary::amount_and_interval();
        let mut out = String::new();
        write_table(&mut out, &table);
        assert_eq!(
            out,
            "<table>\n<tr><th>model</th><th>net value (EUR)\
             <span class=\"interval\">90% interval</span></th></tr>\n\
             <tr><td>a</td><td>-16,941<span class=\"interval\">-18,232 to -15,744</span></td></tr>\n\
             <tr><td>rule</td><td>—</td></tr>\n\
             </table>\n"
        );
        assert!(STYLE.contains(".interval{display:block;white-space:nowrap;"));
    }
}
