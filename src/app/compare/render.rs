//! The comparison as text for a terminal, Markdown for a pull request, and JSON.

use super::{Comparison, Side};
use crate::base::format::{
    interval, metric, metric_interval, money, parameter, signed_money, years,
};
use crate::base::text::{markdown_cell_code, markdown_inline, terminal_safe};

impl Comparison {
    /// The heading of the column of each side's amount: `net_value` of the horizon, or the
    /// metric on test rows.
    fn amount_heading(&self, net_value: impl Fn(f64) -> String) -> String {
        match (self.horizon_years, &self.metric) {
            (Some(horizon), _) => net_value(horizon),
            (None, Some(metric)) => format!("test {metric}"),
            (None, None) => String::new(),
        }
    }

    /// One side's amount as the table shows it.
    fn amount_text(side: &Side, currency: &str) -> String {
        match (side.net_value, side.metric_value) {
            (Some(net), _) => money(net, currency),
            (None, value) => metric(value),
        }
    }

    /// One side's 90% interval as the table shows it; `-` for a run that keeps none.
    fn side_interval_text(side: &Side, currency: &str) -> String {
        match side.amount() {
            (_, None) => "-".to_string(),
            (_, Some((low, high))) if side.net_value.is_some() => interval(low, high, currency),
            (_, Some((low, high))) => metric_interval(low, high),
        }
    }

    fn interval_text(&self, currency: &str) -> String {
        interval(self.difference.low, self.difference.high, currency)
    }

    fn bar_text(&self, currency: &str) -> String {
        let mut flags = format!("--max-loss {}", self.max_loss);
        if let Some(gain) = self.min_gain {
            flags.push_str(&format!(", --min-gain {gain}"));
        }
        format!("{} ({flags})", signed_money(self.bar, currency))
    }

    /// The comparison as a plain-text table for a terminal.
    pub fn render_text(&self) -> String {
        let c = &terminal_safe(&self.currency);
        let mut out = format!(
            "compare: {} (exit {}): {}\n",
            self.verdict.name().to_uppercase(),
            self.exit_code,
            terminal_safe(&self.reason)
        );
        let run_width = self
            .baseline
            .file
            .len()
            .max(self.candidate.file.len())
            .max(3);
        out.push_str(&format!(
            "{:<10} {:<run_width$} {:<12} {:>20}  {}\n",
            "",
            "run",
            "model",
            terminal_safe(
                &self.amount_heading(|horizon| format!("net / {} y", parameter(horizon)))
            ),
            "90% interval"
        ));
        for (name, side) in [("baseline", &self.baseline), ("candidate", &self.candidate)] {
            out.push_str(&format!(
                "{:<10} {:<run_width$} {:<12} {:>20}  {}\n",
                name,
                terminal_safe(&side.file),
                terminal_safe(&side.model),
                Self::amount_text(side, c),
                Self::side_interval_text(side, c)
            ));
        }
        out.push_str(&format!(
            "difference {} (90% interval {}; {}; a gain in {:.0}% of them)\n",
            signed_money(self.difference.mean, c),
            self.interval_text(c),
            self.method,
            self.difference.p_positive * 100.0
        ));
        out.push_str(&format!("bar        {}\n", self.bar_text(c)));
        for note in &self.notes {
            out.push_str(&format!("note       {}\n", terminal_safe(note)));
        }
        out
    }

    /// The comparison as Markdown for a pull-request comment.
    pub fn render_markdown(&self) -> String {
        let c = &markdown_inline(&self.currency);
        let mut out = format!("### worthit compare: {}\n\n", self.verdict.name());
        let lead = match self.horizon_years {
            Some(horizon) => format!(
                "The candidate's net value minus the baseline's is **{}** over {}",
                signed_money(self.difference.mean, c),
                years(horizon)
            ),
            None => format!(
                "The candidate's gain over the baseline on test rows is **{}**",
                signed_money(self.difference.mean, c)
            ),
        };
        // The interval is the reason's and the table's: said once more here, it was said thrice.
        out.push_str(&format!(
            "{lead} ({}). Verdict: **{}**, because {}.\n\n",
            if self.paired { "paired" } else { "unpaired" },
            self.verdict.name(),
            markdown_inline(&self.reason)
        ));
        out.push_str(&format!(
            "| | run | model | {} | 90% interval |\n|---|---|---|---:|---:|\n",
            markdown_inline(&self.amount_heading(|_| "net value".to_string()))
        ));
        for (name, side) in [("baseline", &self.baseline), ("candidate", &self.candidate)] {
            out.push_str(&format!(
                "| {name} | `{}` | `{}` | {} | {} |\n",
                markdown_cell_code(&side.file),
                markdown_cell_code(&side.model),
                Self::amount_text(side, c),
                Self::side_interval_text(side, c)
            ));
        }
        out.push_str(&format!(
            "| **difference** | | | **{}** | **{}** |\n\n",
            signed_money(self.difference.mean, c),
            self.interval_text(c)
        ));
        out.push_str(&format!(
            "Interval: {}; a gain in {:.0}% of them. Bar: {}. Exit code {}.\n",
            self.method,
            self.difference.p_positive * 100.0,
            self.bar_text(c),
            self.exit_code
        ));
        for note in &self.notes {
            out.push_str(&format!("\n- Note: {}", markdown_inline(note)));
        }
        if !self.notes.is_empty() {
            out.push('\n');
        }
        out
    }
}
