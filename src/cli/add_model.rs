//! `worthit add-model`: its flags and what the terminal prints.

use std::path::PathBuf;

use crate::app::add_model::{add_model, AddModelOptions};
use crate::app::compare::{compare_paths, GateOptions};
use crate::base::format::{interval, metric, money, signed_money};
use crate::results::RunResults;

/// Flags of `worthit add-model`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  worthit add-model reports/churn --predictions lgbm.parquet --name lightgbm
  worthit add-model reports/churn --predictions prod.csv --name production \\
      --fit-seconds 5400 --predict-seconds-per-1000 0.02 --trial-cost 300
  worthit compare reports/churn reports/churn --baseline-model baseline --candidate-model production

Train on the `train` rows of RUN_DIR/split.parquet with any tool and write one prediction per
validation and test row: `row` plus `p_<class>` per class (probabilities summing to 1), or
`prediction` for a regression; CSV or Parquet. The model is priced like the run's candidates
(no trial of the sweep: it stays out of the diminishing-returns curve) and the run's
results.json, reports and charts are rewritten; on any error nothing in RUN_DIR changes.
Exit codes: 0 done, 2 bad input (the message names the file, row, column or class).")]
pub struct AddModelArgs {
    /// The finished run folder.
    #[arg(value_name = "RUN_DIR")]
    pub dir: PathBuf,
    /// Predictions for every validation and test row (CSV, .csv.gz or Parquet).
    #[arg(long, value_name = "FILE")]
    pub predictions: PathBuf,
    /// The model's name in the run (letters, digits, `.`, `_`, `-`).
    #[arg(long)]
    pub name: String,
    /// Compute its training took, in core-seconds (priced at [value] core_hour; absent: 0).
    #[arg(long, value_name = "S", allow_negative_numbers = true)]
    pub fit_seconds: Option<f64>,
    /// Compute to predict 1,000 rows, in core-seconds (serving cost; absent: 0).
    #[arg(
        long = "predict-seconds-per-1000",
        value_name = "S",
        allow_negative_numbers = true
    )]
    pub predict_seconds_per_1000: Option<f64>,
    /// Its fixed cost besides compute, in the run's currency (absent: 0).
    #[arg(long, value_name = "X", allow_negative_numbers = true)]
    pub trial_cost: Option<f64>,
    /// Replace a model of the same name added earlier with add-model.
    #[arg(long)]
    pub replace: bool,
}

/// Runs `worthit add-model` and gives the exit code.
pub fn command(args: AddModelArgs) -> i32 {
    let options = AddModelOptions {
        dir: args.dir,
        predictions: args.predictions,
        name: args.name,
        fit_seconds: args.fit_seconds,
        predict_seconds_per_1000: args.predict_seconds_per_1000,
        trial_cost: args.trial_cost,
        replace: args.replace,
    };
    let (dir, results) = match add_model(&options) {
        Ok((dir, results, notices)) => {
            for notice in notices {
                warn!("worthit: note: {notice}");
            }
            (dir, results)
        }
        Err(err) => return super::report_error(&err),
    };
    let name = &options.name;
    let ranking = results.ranking_metric();
    let find = |wanted: &str| results.models.iter().find(|m| m.name == wanted);
    let baseline = results.models.iter().find(|m| m.trial.is_none());
    if let (Some(model), Some(baseline)) = (find(name), baseline) {
        say!(
            "added `{name}` (trained elsewhere): test {ranking} {} (baseline {})",
            metric(model.test.get(ranking)),
            metric(baseline.test.get(ranking)),
        );
        if results.value.is_none() {
            say_metric_gain(&dir, &baseline.name, name);
        }
    }
    if let Some(value) = &results.value {
        if let Some(difference) = value
            .models
            .iter()
            .find(|m| &m.name == name)
            .and_then(|m| m.difference)
        {
            say!(
                "net value against the baseline: {} (90% interval {})",
                signed_money(difference.mean, &value.currency),
                interval(difference.low, difference.high, &value.currency)
            );
        }
    }
    let untimed: Vec<&str> = [
        (options.fit_seconds, "training (--fit-seconds)"),
        (
            options.predict_seconds_per_1000,
            "serving (--predict-seconds-per-1000)",
        ),
    ]
    .iter()
    .filter(|(given, _)| given.is_none())
    .map(|(_, what)| *what)
    .collect();
    if !untimed.is_empty() && results.value.is_some() {
        warn!(
            "worthit: note: no timing given for {}: priced at 0",
            untimed.join(" or ")
        );
    }
    say_not_picked(&results, name);
    // The run's two answers as they stand now: the model added may change both (a verdict that
    // ships it, a tuning answer that no longer says to keep the baseline).
    super::say_answers(&results, &dir);
    say!("wrote {}", dir.display());
    0
}

/// Without `[value]`, the added model's gain over the baseline with its 90% interval, paired on
/// the run's test rows as `worthit compare` pairs them: the line a priced run gives in net value.
fn say_metric_gain(dir: &std::path::Path, baseline: &str, name: &str) {
    let options = GateOptions {
        baseline_model: Some(baseline.to_string()),
        candidate_model: Some(name.to_string()),
        ..GateOptions::default()
    };
    match compare_paths(dir, dir, &options) {
        Ok(comparison) => {
            let (d, unit) = (comparison.difference, &comparison.currency);
            say!(
                "gain against the baseline: {} (90% interval {}; {})",
                signed_money(d.mean, unit),
                interval(d.low, d.high, unit),
                comparison.method
            );
        }
        Err(err) => warn!("worthit: note: no interval of its gain over the baseline: {err}"),
    }
}

/// When validation picks another candidate than the model added, says so with the two
/// validation figures it chose on: the answers that follow are about that one, though the model
/// added may score higher on test rows, which never choose.
fn say_not_picked(results: &RunResults, name: &str) {
    let Some(picked) = results
        .recommendation
        .as_ref()
        .and_then(|r| r.model.as_ref())
        .and_then(|m| m.candidate.as_deref())
        .filter(|picked| *picked != name)
    else {
        return;
    };
    // The validation figure each was ranked by, in the verdict's units (`RunResults::scores_of`).
    let currency = results.value.as_ref().map(|v| v.currency.as_str());
    let shown = |wanted: &str| {
        let validation = results.scores_of(wanted)?.validation?;
        Some(match currency {
            Some(currency) => money(validation, currency),
            None => metric(Some(validation)),
        })
    };
    let what = match currency {
        Some(_) => "net value",
        None => results.ranking_metric(),
    };
    let (of_picked, of_added) = (shown(picked), shown(name));
    if let (Some(of_picked), Some(of_added)) = (of_picked, of_added) {
        say!(
            "validation picks {picked}, not `{name}` (validation {what} {of_picked} against {of_added}): the answers below are about {picked}; test rows report, they never choose"
        );
    }
}
