//! `worthit analyze`: its flags and what the terminal prints.

use std::path::PathBuf;

use super::{report_error, Format};
use crate::analysis::sweep_log::{analyze_log, LogBaseline, LogColumns, LogPricing, OPTUNA_METRIC};
use crate::base::error::Error;
use crate::value::ValueConfig;

/// Flags of `worthit analyze`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  worthit analyze examples/sweeps/optuna-telco.csv --seconds duration \\
      --config examples/sweeps/telco-auc.toml
  worthit analyze wandb_export.csv --config worthit.toml --metric val_auc --cost cost_usd \\
      --format json
  worthit analyze optuna.csv --direction minimize --noise 0.004 --metric-name log-loss

The config's [value] must be metric-based (per_point or curve). Without --config the answers are
gains in the metric's own units over the first trial, weighed against --noise (else the trials'
spread, which the answer names). Rows whose `state` is not COMPLETE, or without a finite
metric, are left out, and the answer counts them. Exit codes: 0 done, 2 bad input.")]
pub struct AnalyzeArgs {
    /// The sweep log (.csv or .parquet), one row per trial.
    pub log: PathBuf,
    /// Config file with a metric-based [value] section, to answer in money; without it the
    /// answers are gains in the metric's own units, and --direction says which way is better.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Which way the sweep optimised the metric (Optuna's `direction`); needed without --config.
    #[arg(long, value_enum, conflicts_with = "config")]
    pub direction: Option<Direction>,
    /// The metric's standard error on the validation rows, in its own units (e.g. the standard
    /// deviation of cross-validation folds' scores over the square root of their number): what
    /// a gain must clear. A log has no rows to measure it on; without it the trials' spread
    /// stands in, and the answer says so.
    #[arg(long, value_name = "SE")]
    pub noise: Option<f64>,
    /// Column with each trial's (validation) metric (default: `value`, where an Optuna export
    /// keeps it).
    #[arg(long, value_name = "COL")]
    pub metric: Option<String>,
    /// What the metric is, e.g. ROC-AUC: names the amounts ("+0.0072 ROC-AUC") without
    /// --config (default: the metric column's name; Optuna's `value` names none, so its amounts
    /// go without a unit).
    #[arg(long, value_name = "NAME", conflicts_with = "config")]
    pub metric_name: Option<String>,
    /// Column with each trial's test metric, if the log has one.
    #[arg(long, value_name = "COL")]
    pub test_metric: Option<String>,
    /// Column with each trial's duration (seconds, or Optuna's "0 days 00:00:12.3"), priced at
    /// [value] core_hour.
    #[arg(long, value_name = "COL", conflicts_with = "cost")]
    pub seconds: Option<String>,
    /// Column with each trial's cost in the config's currency.
    #[arg(long, value_name = "COL")]
    pub cost: Option<String>,
    /// The metric of the model the sweep would replace, on the same validation rows: amounts
    /// count from it rather than from the first trial, and the answer can be "keep the
    /// baseline".
    #[arg(long, value_name = "VALUE", allow_negative_numbers = true)]
    pub baseline: Option<f64>,
    /// The baseline's metric on the test column's rows (needed with --test-metric and
    /// --baseline).
    #[arg(
        long,
        value_name = "VALUE",
        requires = "baseline",
        allow_negative_numbers = true
    )]
    pub baseline_test: Option<f64>,
    /// Folder to draw the trials chart into (trials.png and trials.svg; created if missing,
    /// and never overwriting a chart already there).
    #[arg(long, value_name = "DIR")]
    pub plots: Option<PathBuf>,
    /// Output: plain sentences (text), JSON, or a Markdown list for a pull-request comment.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Which way a sweep optimised its metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Direction {
    /// Higher is better (ROC-AUC, accuracy).
    Maximize,
    /// Lower is better (a loss, RMSE).
    Minimize,
}

/// What the amounts of the analysis are, once every flag has been checked.
enum Units {
    /// Money, from a config's metric-based `[value]` (the file named in errors).
    Money(Box<ValueConfig>, String),
    /// The metric's own units.
    Metric { higher_is_better: bool },
}

/// The flags of `worthit analyze`, checked together before any work, so a mistake is found
/// before the log is read and nothing is drawn.
struct Resolved {
    columns: LogColumns,
    units: Units,
    noise: Option<f64>,
    baseline: Option<LogBaseline>,
    plots: Option<PathBuf>,
}

impl Resolved {
    fn of(args: &AnalyzeArgs) -> Result<Resolved, Error> {
        if let Some(noise) = args.noise.filter(|se| !(se.is_finite() && *se > 0.0)) {
            return Err(Error::input(format!(
                "--noise is the metric's standard error on the validation rows, a number above 0; got {}",
                crate::base::format::parameter(noise)
            )));
        }
        for (flag, value) in [
            ("--baseline", args.baseline),
            ("--baseline-test", args.baseline_test),
        ] {
            if let Some(value) = value.filter(|v| !v.is_finite()) {
                return Err(Error::input(format!(
                    "{flag} must be a number, got {value}"
                )));
            }
        }
        if args
            .metric_name
            .as_deref()
            .is_some_and(|name| name.trim().is_empty())
        {
            return Err(Error::input(
                "--metric-name names the metric (e.g. ROC-AUC); got an empty name",
            ));
        }
        // The chart never replaces a file the user has.
        if let Some(dir) = &args.plots {
            for existing in ["trials.png", "trials.svg"].map(|name| dir.join(name)) {
                if existing.exists() {
                    return Err(Error::input(format!(
                        "{}: already exists, and --plots never overwrites a file; choose another folder or remove it",
                        existing.display()
                    )));
                }
            }
            if dir.exists() && !dir.is_dir() {
                return Err(Error::input(format!(
                    "--plots {}: not a folder",
                    dir.display()
                )));
            }
        }
        let units = match (&args.config, args.direction) {
            (Some(path), _) => {
                let file = path.display().to_string();
                let value = crate::config::Config::load(path)?
                    .value
                    .ok_or_else(|| Error::input(format!("{file}: no [value] section")))?;
                Units::Money(Box::new(value), file)
            }
            (None, None) => {
                return Err(Error::input(format!(
                    "worthit analyze without --config needs --direction maximize or minimize: which way the sweep optimised `{}` (or --config FILE with a metric-based [value] to answer in money)",
                    args.metric.as_deref().unwrap_or(OPTUNA_METRIC)
                )))
            }
            (None, Some(_)) if args.seconds.is_some() || args.cost.is_some() => {
                return Err(Error::input(
                    "--seconds and --cost price the trials, which needs --config FILE with a metric-based [value]",
                ))
            }
            (None, Some(direction)) => Units::Metric {
                higher_is_better: direction == Direction::Maximize,
            },
        };
        Ok(Resolved {
            columns: LogColumns {
                metric: args.metric.clone(),
                test_metric: args.test_metric.clone(),
                seconds: args.seconds.clone(),
                cost: args.cost.clone(),
            },
            units,
            noise: args.noise,
            baseline: args.baseline.map(|validation| LogBaseline {
                validation,
                test: args.baseline_test,
            }),
            plots: args.plots.clone(),
        })
    }
}

/// Runs `worthit analyze`; the exit code.
pub fn command(args: AnalyzeArgs) -> i32 {
    let result = Resolved::of(&args).and_then(|resolved| {
        let pricing = match &resolved.units {
            Units::Money(value, file) => LogPricing::Priced { value, file },
            Units::Metric { higher_is_better } => LogPricing::Unpriced {
                higher_is_better: *higher_is_better,
                name: args.metric_name.as_deref(),
            },
        };
        let analysis = analyze_log(
            &args.log,
            &resolved.columns,
            pricing,
            resolved.noise,
            resolved.baseline,
        )?;
        Ok((analysis, resolved.plots))
    });
    let drawn = result.and_then(|(analysis, plots)| {
        let written = match (plots, crate::report::charts::sweep_log(&analysis)) {
            (Some(dir), Some(plot)) => plot.write_into(&dir, &analysis.currency)?.0,
            _ => Vec::new(),
        };
        Ok((analysis, written))
    });
    match drawn {
        Ok((analysis, written)) => {
            match args.format {
                Format::Json => {
                    let json = crate::base::json::for_output(&analysis);
                    if let Err(err) = json.and_then(crate::base::console::out_whole) {
                        return report_error(&err);
                    }
                }
                Format::Text => {
                    for sentence in &analysis.sentences {
                        say!("{sentence}");
                    }
                }
                // One item a sentence: consecutive lines would run together into one paragraph.
                Format::Markdown => {
                    let mut names = vec![
                        analysis.file.as_str(),
                        analysis.metric.as_str(),
                        analysis.currency.as_str(),
                    ];
                    names.extend(args.metric_name.as_deref());
                    crate::base::console::out_line(&format!(
                        "### worthit analyze: `{}`\n",
                        crate::base::text::markdown_code(&analysis.file)
                    ));
                    for sentence in &analysis.sentences {
                        crate::base::console::out_line(&format!(
                            "- {}",
                            crate::base::text::markdown_prose_naming(sentence, &names)
                        ));
                    }
                }
            }
            // On stderr, so JSON and Markdown on stdout stay whole.
            for file in &written {
                warn!("wrote {}", file.display());
            }
            0
        }
        Err(err) => report_error(&err),
    }
}
