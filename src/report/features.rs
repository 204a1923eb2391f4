//! The feature table ("what drives it?") and the leakage warnings, for `report.md` and
//! `report.html`.

use std::fmt::Write;

use crate::base::format::{metric, parameter};
use crate::base::text::{html, markdown_cell_code, markdown_code, shortened};
use crate::data::feature_scores::{FeatureScore, FeatureScores, NEAR_FULL_MODEL};

/// How many columns the reports list; the rest add nothing to "what drives it?" and stay in
/// `results.json`.
const SHOWN: usize = 20;

fn label(scores: &FeatureScores) -> &'static str {
    if scores.metric == "r2" {
        "R²"
    } else {
        "ROC-AUC"
    }
}

fn interval(feature: &FeatureScore) -> String {
    match (feature.low, feature.high) {
        (Some(low), Some(high)) => crate::base::format::metric_interval(low, high),
        _ => "-".to_string(),
    }
}

/// A column's score with its interval, as one line of prose gives it: `0.5311 (0.4729 to
/// 0.5851)`, or the score alone where it has none.
pub fn score_with_interval(feature: &FeatureScore) -> String {
    let score = metric(feature.score);
    match (feature.low, feature.high) {
        (Some(_), Some(_)) => format!("{score} ({})", interval(feature)),
        _ => score,
    }
}

fn intro(scores: &FeatureScores) -> String {
    let full = match scores.full_model {
        Some(full) => format!(
            " The full model (the baseline) reaches {}.",
            metric(Some(full))
        ),
        None => String::new(),
    };
    format!(
        "Each column alone, as a one-column model fitted on the train rows and scored on the \
         validation rows ({}, 95% bootstrap interval over {} resamples of those rows).{full} A \
         column that alone reaches {} or comes within {} of the full model is flagged as \
         possible leakage.",
        label(scores),
        scores.resamples,
        metric(Some(scores.leakage_score)),
        parameter(NEAR_FULL_MODEL),
    )
}

/// The leakage warnings as Markdown paragraphs (nothing when no column is flagged).
pub fn markdown_warnings(out: &mut String, scores: &FeatureScores) {
    for leak in &scores.leakage {
        let sentence = FeatureScores::warning(leak, |text| format!("`{}`", markdown_code(text)));
        let _ = writeln!(out, "> **Warning.** {sentence}\n");
    }
}

/// The feature table in Markdown.
pub fn markdown_table(out: &mut String, scores: &FeatureScores) {
    let _ = writeln!(
        out,
        "## What drives it: each column alone\n\n{}\n",
        intro(scores)
    );
    let label = label(scores);
    let _ = writeln!(
        out,
        "| column | {label} alone | interval |\n|---|---:|---:|"
    );
    for feature in scores.features.iter().take(SHOWN) {
        let flag = if scores.leakage.iter().any(|l| l.name == feature.name) {
            " ⚠ possible leakage"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "| `{}`{flag} | {} | {} |",
            markdown_cell_code(&shortened(&feature.name)),
            metric(feature.score),
            interval(feature)
        );
    }
    more(out, scores);
}

fn more(out: &mut String, scores: &FeatureScores) {
    if scores.features.len() > SHOWN {
        let _ = writeln!(
            out,
            "\n{} more columns in `results.json` (`feature_scores`).",
            scores.features.len() - SHOWN
        );
    }
    out.push('\n');
}

/// The leakage warnings as an HTML box (nothing when no column is flagged).
pub fn html_warnings(out: &mut String, scores: &FeatureScores) {
    if scores.leakage.is_empty() {
        return;
    }
    let _ = writeln!(out, "<div class=\"verdict inconclusive\">");
    for leak in &scores.leakage {
        let sentence = FeatureScores::warning(leak, |text| format!("<code>{}</code>", html(text)));
        let _ = writeln!(out, "<p>{sentence}</p>");
    }
    let _ = writeln!(out, "</div>");
}

/// The feature table in HTML.
pub fn html_table(out: &mut String, scores: &FeatureScores) {
    let label = label(scores);
    let _ = writeln!(
        out,
        "<h2>What drives it: each column alone</h2>\n<p>{}</p>\n<table>\n\
         <tr><th>column</th><th>{label} alone</th><th>interval</th></tr>",
        html(&intro(scores))
    );
    for feature in scores.features.iter().take(SHOWN) {
        let flag = if scores.leakage.iter().any(|l| l.name == feature.name) {
            " <strong>⚠ possible leakage</strong>"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code>{flag}</td><td>{}</td><td>{}</td></tr>",
            html(&shortened(&feature.name)),
            metric(feature.score),
            interval(feature)
        );
    }
    let _ = writeln!(out, "</table>");
    if scores.features.len() > SHOWN {
        let _ = writeln!(
            out,
            "<p>{} more columns in <code>results.json</code> (<code>feature_scores</code>).</p>",
            scores.features.len() - SHOWN
        );
    }
}
