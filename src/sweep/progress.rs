//! Progress of a sweep: a bar with trials done, best so far and ETA on a terminal; one plain line
//! per model when stderr is not a terminal (CI logs); nothing with `--quiet`.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

use crate::metrics::higher_is_better;
use crate::model::ModelParams;
use crate::model::ModelResult;

/// What the progress lines show.
pub struct ProgressLines {
    /// No progress at all (`--quiet`).
    pub quiet: bool,
    /// The validation metric shown for each model.
    pub metric: String,
    /// Whether that metric picks the candidate, so the lines can name the best so far by it.
    /// Not in a priced run: its validation net value picks, and a "best" by the metric would
    /// name another model than the verdict does.
    pub names_best: bool,
}

/// Reports sweep progress on stderr.
pub struct Progress {
    bar: Option<ProgressBar>,
    plain: bool,
    total: usize,
    done: usize,
    metric: String,
    names_best: bool,
    best: Option<(f64, String)>,
}

impl Progress {
    /// Progress over `total` models, shown as `lines` says.
    pub fn new(total: usize, lines: ProgressLines) -> Progress {
        let ProgressLines {
            quiet,
            metric,
            names_best,
        } = lines;
        let terminal = std::io::stderr().is_terminal();
        let bar = (!quiet && terminal).then(|| {
            let bar = ProgressBar::new(total as u64);
            let style = ProgressStyle::with_template(
                "{bar:30} {pos}/{len} models, {msg} [{elapsed_precise}, ETA {eta}]",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        });
        Progress {
            bar,
            plain: !quiet && !terminal,
            total,
            done: 0,
            metric,
            names_best,
            best: None,
        }
    }

    /// A model is about to train.
    pub fn starting(&mut self, name: &str, params: &ModelParams) {
        if let Some(bar) = &self.bar {
            bar.set_message(format!(
                "training {name} ({}){}",
                params.family(),
                self.best_text()
            ));
        }
    }

    /// A model finished (or was taken over from a checkpoint).
    pub fn finished(&mut self, model: &ModelResult, resumed: bool) {
        self.done += 1;
        if let Some(value) = model
            .validation
            .entries()
            .into_iter()
            .find(|(n, _)| *n == self.metric.as_str())
            .map(|(_, v)| v)
        {
            let better = match &self.best {
                None => true,
                Some((best, _)) if higher_is_better(&self.metric) => value > *best,
                Some((best, _)) => value < *best,
            };
            if better {
                self.best = Some((value, model.name.clone()));
            }
        }
        if let Some(bar) = &self.bar {
            bar.inc(1);
            bar.set_message(self.best_text().trim_start_matches(", ").to_string());
        } else if self.plain {
            let value = model.validation.get(&self.metric);
            let value = crate::base::format::metric(value);
            crate::base::console::err_line(&format!(
                "worthit: {}/{} {} ({}){}: validation {} {value}, fit {:.2} s{}",
                self.done,
                self.total,
                model.name,
                model.params.family(),
                if resumed { " from checkpoint" } else { "" },
                self.metric,
                model.fit_seconds,
                self.best_text()
            ));
        }
    }

    fn best_text(&self) -> String {
        if !self.names_best {
            return String::new();
        }
        self.best.as_ref().map_or(String::new(), |(value, name)| {
            format!(
                ", best {} {} ({name})",
                self.metric,
                crate::base::format::metric(Some(*value))
            )
        })
    }

    /// A warning while the sweep runs, on stderr among the progress lines, or above the bar on a
    /// terminal, which stays whole; nothing with `--quiet`, as the run's own warnings.
    pub fn warn(&self, line: &str) {
        let line = crate::base::text::terminal_safe(line);
        if let Some(bar) = &self.bar {
            bar.suspend(|| crate::base::console::err_line(&line));
        } else if self.plain {
            crate::base::console::err_line(&line);
        }
    }

    /// The sweep ended.
    pub fn done(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
