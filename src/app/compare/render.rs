//! The comparison as text for a terminal, Markdown for a pull request, and JSON.

use super::{Comparison, Side};
use crate::base::format::{
    amount_interval, interval, metric, metric_interval, money, parameter, signed_money,
    within_negligible_of, years,
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

    /// One side's 90% interval as the table shows it; `-` for a run that keeps none. A side's
    /// value is a level, unsigned as beside it (`300 to 500 EUR`, as report.md writes an
    /// amount), not a difference: it read `+300 to +500 EUR` beside `400 EUR` until 2026-12-06.
    /// Only the difference's interval is signed.
    fn side_interval_text(side: &Side, currency: &str) -> String {
        match side.amount() {
            (_, None) => "-".to_string(),
            (_, Some((low, high))) if side.net_value.is_some() => {
                amount_interval(low, high, currency)
            }
            (_, Some((low, high))) => metric_interval(low, high),
        }
    }

    fn interval_text(&self, currency: &str) -> String {
        interval(self.difference.low, self.difference.high, currency)
    }

    /// How many resamples the candidate gains in; for a difference that is 0 but for rounding
    /// (the same model's predictions on both sides), that no resample tells them apart: until
    /// 2026-12-06 such a pair read "0 EUR (90% interval exactly 0 EUR; ...; a gain in 100% of
    /// them)", a sum's rounding error of 0.0000006 EUR counted as a gain.
    fn gain_share_text(&self) -> String {
        if within_negligible_of(self.difference.low, self.difference.high, 0.0) {
            "no gain or loss beyond rounding in them".to_string()
        } else {
            format!(
                "a gain in {:.0}% of them",
                self.difference.p_positive * 100.0
            )
        }
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
            "difference {} (90% interval {}; {}; {})\n",
            signed_money(self.difference.mean, c),
            self.interval_text(c),
            self.method,
            self.gain_share_text()
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
            "Interval: {}; {}. Bar: {}. Exit code {}.\n",
            self.method,
            self.gain_share_text(),
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

#[cfg(test)]
mod tests {
    use super::super::{Difference, Verdict};
    use super::*;

    fn side(model: &str, value: f64, low: f64, high: f64, net: bool) -> Side {
        Side {
            file: format!("runs/{model}"),
            dataset: "churn".to_string(),
            data_blake3: "0123456789abcdef".to_string(),
            model: model.to_string(),
            net_value: Some(value).filter(|_| net),
            net_value_low: Some(low).filter(|_| net),
            net_value_high: Some(high).filter(|_| net),
            metric_value: Some(value).filter(|_| !net),
            metric_value_low: Some(low).filter(|_| !net),
            metric_value_high: Some(high).filter(|_| !net),
        }
    }

    /// A comparison whose difference is `scale` times +200 (+100 to +300).
    fn comparison(baseline: Side, candidate: Side, currency: &str, scale: f64) -> Comparison {
        let net = scale == 1.0;
        Comparison {
            verdict: Verdict::Pass,
            exit_code: 0,
            reason: "the whole 90% interval is at or above the bar".to_string(),
            paired: true,
            method: "paired bootstrap".to_string(),
            currency: currency.to_string(),
            horizon_years: Some(1.0).filter(|_| net),
            metric: Some("roc_auc".to_string()).filter(|_| !net),
            level: 0.9,
            baseline,
            candidate,
            difference: Difference {
                mean: 200.0 * scale,
                low: 100.0 * scale,
                high: 300.0 * scale,
                p_positive: 1.0,
            },
            bar: 0.0,
            min_gain: None,
            max_loss: 0.0,
            notes: Vec::new(),
        }
    }

    /// The rows of the baseline and the candidate, and the difference's, of a rendering.
    fn rows(text: &str) -> Vec<&str> {
        text.lines()
            .filter(|l| {
                [
                    "baseline",
                    "| baseline",
                    "candidate",
                    "| candidate",
                    "difference",
                ]
                .iter()
                .any(|start| l.starts_with(start))
                    || l.starts_with("| **difference")
            })
            .collect()
    }

    #[test]
    fn a_sides_net_value_interval_reads_as_a_level_and_the_difference_keeps_its_sign() {
        let c = comparison(
            side("baseline", 400.0, 300.0, 500.0, true),
            side("trial-0002", 600.0, 450.0, 750.0, true),
            "EUR",
            1.0,
        );
        for rendered in [c.render_text(), c.render_markdown()] {
            let rows = rows(&rendered);
            assert_eq!(rows.len(), 3, "{rendered}");
            let (baseline, candidate, difference) = (rows[0], rows[1], rows[2]);
            assert!(
                baseline.contains("400 EUR") && baseline.contains("300 to 500 EUR"),
                "{rendered}"
            );
            assert!(candidate.contains("450 to 750 EUR"), "{rendered}");
            assert!(
                !baseline.contains('+') && !candidate.contains('+'),
                "{rendered}"
            );
            assert!(
                difference.contains("+200 EUR") && difference.contains("+100 to +300 EUR"),
                "{rendered}"
            );
        }
    }

    /// The same model on both sides: its net values differ by a sum's rounding error
    /// (0.0000006 EUR on Ames), which every resample repeats; the share of gains is not quoted.
    #[test]
    fn a_difference_of_rounding_alone_is_no_gain_in_every_resample() {
        let same = side("trial-0008", 400.0, 300.0, 500.0, true);
        let mut c = comparison(same.clone(), same, "EUR", 1.0);
        c.difference = Difference {
            mean: 5.9e-7,
            low: 5.9e-7,
            high: 5.9e-7,
            p_positive: 1.0,
        };
        for rendered in [c.render_text(), c.render_markdown()] {
            assert!(!rendered.contains("a gain in"), "{rendered}");
            assert!(
                rendered.contains("no gain or loss beyond rounding in them"),
                "{rendered}"
            );
        }
        let real = comparison(
            side("baseline", 400.0, 300.0, 500.0, true),
            side("trial-0002", 600.0, 450.0, 750.0, true),
            "EUR",
            1.0,
        );
        assert!(real.render_text().contains("a gain in 100% of them"));
        assert!(real.render_markdown().contains("a gain in 100% of them"));
    }

    #[test]
    fn a_sides_metric_interval_reads_as_a_level() {
        let c = comparison(
            side("baseline", 0.81, 0.78, 0.84, false),
            side("trial-0002", 0.83, 0.8, 0.86, false),
            "ROC-AUC",
            0.0001,
        );
        let text = c.render_text();
        let rows = rows(&text);
        assert!(rows[0].ends_with("0.8100  0.7800 to 0.8400"), "{text}");
        assert!(rows[1].ends_with("0.8300  0.8000 to 0.8600"), "{text}");
        assert!(rows[2].contains("+0.010 to +0.030 ROC-AUC"), "{text}");
    }
}
