//! The command line: argument definitions (clap derive) and dispatch. The work happens in the
//! library modules; this file only translates flags into their options and errors into exit codes.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

mod docs;
pub mod run_json;

/// A line to standard output for text that may hold the user's strings (column names, labels,
/// currencies): one line whatever they hold (a line break in a name shows as `\n`, so it cannot
/// forge a line of worthit's), no control character reaches the terminal, and a reader gone
/// away is no panic.
macro_rules! say {
    ($($arg:tt)*) => {
        crate::base::console::out_line(&crate::base::text::terminal_safe(&format!($($arg)*)))
    };
}

/// A line to standard error with the same care as [`say!`].
macro_rules! warn {
    ($($arg:tt)*) => {
        crate::base::console::err_line(&crate::base::text::terminal_safe(&format!($($arg)*)))
    };
}

mod add_model;
mod analyze;
mod usage;

use crate::app::compare::{Comparison, GateOptions};
use crate::app::run::{run, RunOptions, RunOutcome};
use crate::base::console::out_whole;
use crate::base::error::Error;
use crate::base::format::thousands;
use crate::base::text::shortened;
use crate::sweep::shard::Shard;
use usage::{parse_budget, usage_error, whole_count, whole_number};

/// Is more model tuning worth the money? Train a random-forest baseline and larger candidates on
/// a table, price their gains in your currency, and see where tuning stops paying.
#[derive(Debug, Parser)]
#[command(name = "worthit", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a commented worthit.toml for a data file: target, task, drops and a [value] skeleton.
    #[command(after_help = "\
Examples:
  worthit init data.csv                     # writes worthit.toml beside data.csv
  worthit init data.parquet --target churned
  worthit init datasets/my-data --out my-data.toml --force

The target is --target, else guessed when obvious (a column named like target, label, y, class,
churn..., or a last column with few values); the [value] lines are commented out, so the file
runs at once in metric units. Never replaces an existing file without --force. Exit codes: 0
done, 2 bad input or an existing file.")]
    Init(InitArgs),
    /// Train the baseline and a sweep of candidates on a dataset; write a run folder.
    #[command(after_help = "\
Examples:
  worthit run datasets/bank-marketing
  worthit run data.csv --target churned --seed 7 --out reports/churn-try
  worthit run data.parquet --config worthit.toml --trials 60 --budget 10m
  worthit run --resume reports/churn-try        # continue a run that was stopped
  worthit run --resume reports/churn-try --trials 60   # add trials to a finished run

DATA is a .csv, .csv.gz or .parquet file, or a dataset folder holding one data file and a
worthit.toml. Exit codes: 0 done, 2 bad input (the message names the file, column or key).")]
    Run(RunArgs),
    /// Join the folders of a sharded sweep into one run.
    #[command(after_help = "\
Examples:
  worthit merge reports/sweep-shard-0-of-3 reports/sweep-shard-1-of-3 reports/sweep-shard-2-of-3
  worthit merge reports/sweep-shard-* --out reports/sweep-all

Refuses folders that are not shards of the same sweep (other data, seed or search space),
and a sweep with shards missing unless --allow-missing-shards (its answers then say which).
The merged run lands in --out, by default the shard folders' name without -shard-K-of-N.")]
    Merge(MergeArgs),
    /// Add a model trained elsewhere to a finished run, from its predictions, and price it.
    AddModel(add_model::AddModelArgs),
    /// Price a metric gain with a metric-based [value] section, without training.
    #[command(after_help = "\
Examples:
  worthit value --config worthit.toml --metric roc_auc=0.81 --baseline roc_auc=0.79
  worthit value --config examples/value/adult.toml --metric roc_auc=0.93 \\
      --baseline roc_auc=0.91 --format json

The config's [value] section needs per_point or curve (see the README). Exit codes: 0 done,
2 bad input.")]
    Value(ValueArgs),
    /// Diminishing returns of a sweep run elsewhere, from its CSV log (Optuna, W&B).
    Analyze(analyze::AnalyzeArgs),
    /// CI gate: is the candidate run's model worth at least the baseline run's (net of cost, or in
    /// its metric without [value])?
    #[command(after_help = "\
Examples:
  worthit compare ci/reference/german-credit reports/german-credit-20261127T184500Z
  worthit compare base/results.json new/results.json --max-loss 50 --format markdown
  worthit compare main-run pr-run --min-gain 1000 --inconclusive-ok

Each side is a run folder or its results.json. Compared: each run's best candidate by
validation net value, else its baseline (--baseline-model / --candidate-model choose).
Runs on the same data, seed and split are compared on the same test rows (paired bootstrap);
others through each run's own interval (unpaired). Runs without [value] are compared in the
baseline run's metric, each run's model its best candidate by the validation metric. Exit
codes: 0 pass, 1 fail (the 90% interval of candidate - baseline is below the bar
max(-max-loss, min-gain)), 3 inconclusive (the interval straddles the bar; 0 with
--inconclusive-ok), 2 bad usage or input.")]
    Compare(CompareArgs),
    /// Re-render the reports and charts of a finished run without retraining.
    #[command(after_help = "\
Examples:
  worthit report reports/churn-try
  worthit report reports/churn-try --reprice    # after editing [value] in its run.json

Rewrites report.md, report.html and plots/ from results.json; with --reprice, prices the stored
predictions again under run.json's [value] (needs the data file) and rewrites results.json too.
Exit codes: 0 done, 2 not a run folder or a damaged results.json.")]
    Report(ReportArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish) to stdout.
    #[command(after_help = "\
Examples:
  worthit completions bash > ~/.local/share/bash-completion/completions/worthit
  worthit completions zsh > ~/.zfunc/_worthit       # with fpath+=~/.zfunc before compinit
  worthit completions fish > ~/.config/fish/completions/worthit.fish
  worthit completions powershell >> $PROFILE

Exit codes: 0 done, 2 an unknown shell.")]
    Completions(CompletionsArgs),
    /// Print the manual page (roff) to stdout: every command, flag and example.
    #[command(after_help = "\
Examples:
  worthit man | man -l -                              # read it now
  worthit man > ~/.local/share/man/man1/worthit.1     # then: man worthit

Exit codes: 0 done.")]
    Man,
}

/// Flags of `worthit completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Flags of `worthit compare`.
#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// The run compared against: a run folder or its results.json.
    pub baseline: PathBuf,
    /// The run under test: a run folder or its results.json.
    pub candidate: PathBuf,
    /// Model of the baseline run to compare (default: its best candidate, else `baseline`).
    #[arg(long, value_name = "NAME")]
    pub baseline_model: Option<String>,
    /// Model of the candidate run to compare (default: its best candidate, else `baseline`).
    #[arg(long, value_name = "NAME")]
    pub candidate_model: Option<String>,
    /// What the gate asks.
    #[command(flatten)]
    pub gate: GateArgs,
    /// Output: a table (text), JSON, or Markdown for a pull-request comment.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

/// The gate's bar and output, shared by `worthit compare` and `worthit run --compare-to`.
#[derive(Debug, Clone, clap::Args)]
pub struct GateArgs {
    /// Pass only if the candidate gains at least AMOUNT (the config's currency; without [value],
    /// the metric's units) across the 90% interval.
    #[arg(long, value_name = "AMOUNT", allow_negative_numbers = true)]
    pub min_gain: Option<f64>,
    /// Tolerate a loss of up to AMOUNT (default 0): fail only when the whole 90% interval is
    /// below -AMOUNT.
    #[arg(long, allow_negative_numbers = true, value_name = "AMOUNT")]
    pub max_loss: Option<f64>,
    /// Exit 0 instead of 3 when the interval straddles the bar.
    #[arg(long)]
    pub inconclusive_ok: bool,
    /// Compare runs on different data (by file hash) through their own intervals, unpaired,
    /// instead of refusing them (e.g. after a data refresh).
    #[arg(long)]
    pub allow_other_data: bool,
}

impl GateArgs {
    fn is_set(&self) -> bool {
        self.min_gain.is_some()
            || self.max_loss.is_some()
            || self.inconclusive_ok
            || self.allow_other_data
    }
}

/// Flags of `worthit init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// A .csv, .csv.gz or .parquet file, or a dataset folder holding one.
    pub data: PathBuf,
    /// The column to predict (guessed when absent and obvious).
    #[arg(long, value_name = "COLUMN")]
    pub target: Option<String>,
    /// Where to write the config [default: worthit.toml beside the data].
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace an existing config file (only a .toml file).
    #[arg(long)]
    pub force: bool,
}

/// Flags of `worthit report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// A finished run folder.
    pub dir: PathBuf,
    /// Price the stored predictions again from run.json's [value] (reads the data file).
    #[arg(long)]
    pub reprice: bool,
}

/// Flags of `worthit value`.
#[derive(Debug, clap::Args)]
pub struct ValueArgs {
    /// Config file with a metric-based [value] section.
    #[arg(long, value_name = "FILE")]
    pub config: PathBuf,
    /// The candidate's metric, e.g. roc_auc=0.81.
    #[arg(long, value_name = "METRIC=VALUE", value_parser = crate::value::calculator::MetricReading::parse)]
    pub metric: crate::value::calculator::MetricReading,
    /// The baseline's metric, e.g. roc_auc=0.79.
    #[arg(long, value_name = "METRIC=VALUE", value_parser = crate::value::calculator::MetricReading::parse)]
    pub baseline: crate::value::calculator::MetricReading,
    /// Output: a table (text), JSON, or the table in a Markdown code block.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Plain text for a terminal.
    Text,
    /// JSON for machines.
    Json,
    /// Markdown for a pull-request comment.
    Markdown,
}

/// Flags of `worthit merge`.
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// Shard run folders.
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    /// Folder of the merged run.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Replace the merged folder if it exists.
    #[arg(long)]
    pub force: bool,
    /// Merge even though shards of the sweep are missing; every answer then says which.
    #[arg(long)]
    pub allow_missing_shards: bool,
}

/// Flags of `worthit run`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Data file (.csv, .csv.gz, .parquet) or dataset folder.
    #[arg(required_unless_present = "resume")]
    pub data: Option<PathBuf>,
    /// Target column (overrides [data] target in the config).
    #[arg(long, value_name = "COL")]
    pub target: Option<String>,
    /// Config file (default: worthit.toml in a dataset folder, or beside a data file whose
    /// config it is: its [data] file, or the folder's only data file).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Run folder to write (default: reports/<dataset>-<UTC timestamp>).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Run seed: the split and every model follow from it (default: config `seed`, else 42).
    #[arg(long, allow_negative_numbers = true, value_name = "N", value_parser = whole_number)]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, allow_negative_numbers = true, value_name = "N", value_parser = whole_count)]
    pub threads: Option<usize>,
    /// Replace the run folder if it exists.
    #[arg(long)]
    pub force: bool,
    /// Candidate models to train after the baseline (random search over forests and boosting;
    /// default 30). With --resume, the sweep's new count: more trials for a finished run.
    #[arg(long, allow_negative_numbers = true, value_name = "N", value_parser = whole_count)]
    pub trials: Option<usize>,
    /// Stop starting new trials once this much wall time is spent, e.g. 90s, 10m, 2h.
    #[arg(long, value_name = "TIME", value_parser = parse_budget)]
    pub budget: Option<std::time::Duration>,
    /// Stop starting new models once this much is spent, in the config's currency: each model
    /// costs [value] trial_cost plus its fit CPU hours times [value] core_hour.
    #[arg(long, allow_negative_numbers = true, value_name = "AMOUNT")]
    pub budget_cost: Option<f64>,
    /// Continue the stopped run that was to land in DIR (its --out), as it was started (data,
    /// config, seed, trials, budgets, --stop); with --trials N above the trials it trained, add
    /// trials to the finished run in DIR. Only --trials, --stop, --threads, --quiet, --format and
    /// --compare-to (with its gate flags) go with it; any other run flag is refused.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["data", "target", "config", "out", "seed", "force", "budget", "budget_cost", "shard", "shards", "metric"])]
    pub resume: Option<PathBuf>,
    /// Train only shard K of N: the baseline and trials whose index is K modulo N, into
    /// <out>-shard-K-of-N. Read from SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT when set.
    #[arg(long, value_name = "K/N", value_parser = Shard::parse)]
    pub shard: Option<Shard>,
    /// Shard count for a Kubernetes Indexed Job (the shard is JOB_COMPLETION_INDEX).
    #[arg(long, allow_negative_numbers = true, value_name = "N", value_parser = whole_number)]
    pub shards: Option<u64>,
    /// Stop the sweep where the tuning answer says so (with [value]: stop, or tuning does not
    /// pay), or once a sweep ten times longer is expected to improve the best validation metric
    /// by less than its noise (without [value]). Asked from 5 trials on; before 10 only when the
    /// validation rows cannot tell the trials apart or, priced, the trials cost more than they
    /// differ. Or never. Default auto; with --resume, the run's own.
    #[arg(long, value_enum)]
    pub stop: Option<crate::sweep::StopMode>,
    /// Without [value]: the metric the analysis answers in (default: roc_auc for classification,
    /// rmse for regression), e.g. log_loss, pr_auc, accuracy, mae, r2.
    #[arg(long, value_name = "NAME")]
    pub metric: Option<String>,
    /// Print only errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// When the run is done, compare it with this baseline run (folder or results.json) as
    /// `worthit compare FILE NEW-RUN` does, print the comparison (even with --quiet) and exit
    /// with its code.
    #[arg(long, value_name = "FILE")]
    pub compare_to: Option<PathBuf>,
    /// The gate's bar, with --compare-to.
    #[command(flatten)]
    pub gate: GateArgs,
    /// Output on stdout (progress stays on stderr): text; json, one object with the verdict, the
    /// recommendation, the run folder and, with --compare-to, the comparison; markdown, the
    /// comparison as a pull-request comment (needs --compare-to).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

/// Parses the process arguments, runs the command and returns the exit code.
pub fn main() -> i32 {
    let argv: Vec<String> = std::env::args_os()
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    let cli = match Cli::try_parse_from(&argv) {
        Ok(cli) => cli,
        Err(err) => return usage_error(&err, &argv),
    };
    match cli.command {
        Command::Init(args) => init_command(args),
        Command::Run(args) => run_command(args),
        Command::Merge(args) => merge_command(args),
        Command::AddModel(args) => add_model::command(args),
        Command::Value(args) => value_command(args),
        Command::Analyze(args) => analyze::command(args),
        Command::Compare(args) => compare_command(args),
        Command::Report(args) => report_command(args),
        Command::Completions(args) => finish(out_whole(docs::completions(args.shell))),
        Command::Man => finish(docs::man_page().and_then(out_whole)),
    }
}

/// The exit code of a command that prints nothing on success.
fn finish(result: Result<(), Error>) -> i32 {
    match result {
        Ok(()) => 0,
        Err(err) => report_error(&err),
    }
}

fn init_command(args: InitArgs) -> i32 {
    let options = crate::app::init::InitOptions {
        data: args.data,
        target: args.target,
        out: args.out,
        force: args.force,
    };
    match crate::app::init::init(&options) {
        Ok(outcome) => {
            warn!(
                "wrote {} for {}: target `{}` ({}), {} task",
                outcome.config_path.display(),
                outcome.data_file.display(),
                shortened(&outcome.target),
                outcome.target_reason,
                outcome.task.name()
            );
            warn!("Next:");
            // A positive class is written for a binary target only.
            let lines = match outcome.task {
                crate::base::task::TaskKind::Binary => "target, task, positive_class and drop",
                _ => "target, task and drop",
            };
            warn!("  1. check the {lines} lines in it;");
            warn!(
                "  2. to price models in money, uncomment the [value] line and the lines under it"
            );
            warn!(
                "     (delete the leading \"# \") and put in your numbers; without them models are"
            );
            warn!("     compared in metric units;");
            warn!("  3. run: {}", outcome.run_command);
            0
        }
        Err(err) => report_error(&err),
    }
}

fn report_command(args: ReportArgs) -> i32 {
    match crate::app::render::rerender(&args.dir, args.reprice) {
        Ok(results) => {
            // New prices may change both answers; a re-rendering alone changes neither.
            if args.reprice {
                say_answers(&results, &args.dir);
            }
            say!("wrote {}", args.dir.display());
            0
        }
        Err(err) => report_error(&err),
    }
}

fn gate_options(gate: &GateArgs) -> GateOptions {
    GateOptions {
        min_gain: gate.min_gain,
        max_loss: gate.max_loss,
        inconclusive_ok: gate.inconclusive_ok,
        baseline_model: None,
        candidate_model: None,
        allow_other_data: gate.allow_other_data,
    }
}

fn compare_command(args: CompareArgs) -> i32 {
    let options = GateOptions {
        baseline_model: args.baseline_model,
        candidate_model: args.candidate_model,
        ..gate_options(&args.gate)
    };
    match crate::app::compare::compare_paths(&args.baseline, &args.candidate, &options) {
        Ok(comparison) => print_comparison(&comparison, args.format),
        Err(err) => report_error(&err),
    }
}

/// Prints a comparison in the chosen format and returns its exit code.
fn print_comparison(comparison: &Comparison, format: Option<Format>) -> i32 {
    let printed = match format.unwrap_or(Format::Text) {
        Format::Json => crate::base::json::for_output(comparison).and_then(out_whole),
        Format::Markdown => out_whole(comparison.render_markdown()),
        Format::Text => out_whole(comparison.render_text()),
    };
    printed.map_or_else(|err| report_error(&err), |()| comparison.exit_code)
}

fn value_command(args: ValueArgs) -> i32 {
    let result = crate::config::Config::load(&args.config).and_then(|config| {
        let file = args.config.display().to_string();
        let value = config
            .value
            .ok_or_else(|| Error::input(format!("{file}: no [value] section")))?;
        crate::value::calculator::quote(&value, &file, &args.metric, &args.baseline)
    });
    match result {
        Ok(quote) => match args.format {
            Format::Json => finish(crate::base::json::for_output(&quote).and_then(out_whole)),
            Format::Markdown => finish(out_whole(format!("```\n{}```\n", quote.render()))),
            Format::Text => finish(out_whole(quote.render())),
        },
        Err(err) => report_error(&err),
    }
}

fn merge_command(args: MergeArgs) -> i32 {
    match crate::app::merge::merge(
        &args.dirs,
        args.out.as_deref(),
        args.force,
        args.allow_missing_shards,
    ) {
        Ok((dir, results)) => {
            let outcome = RunOutcome {
                dir,
                results,
                notices: Vec::new(),
            };
            print_outcome(&outcome);
            0
        }
        Err(err) => report_error(&err),
    }
}

fn run_command(args: RunArgs) -> i32 {
    let shard = match Shard::resolve(args.shard, args.shards, |name| std::env::var(name).ok()) {
        Ok(shard) if args.resume.is_none() => shard,
        Ok(_) => None,
        Err(err) => return report_error(&err),
    };
    if args.compare_to.is_none() && args.gate.is_set() {
        return report_error(&Error::input(
            "--min-gain, --max-loss, --inconclusive-ok and --allow-other-data go with --compare-to FILE",
        ));
    }
    if args.compare_to.is_none() && args.format == Some(Format::Markdown) {
        return report_error(&Error::input(
            "--format markdown prints the comparison, so it goes with --compare-to FILE (a run alone prints text or json)",
        ));
    }
    let json = args.format == Some(Format::Json);
    // A mistyped or broken reference should fail now, not after the whole run.
    let reference = match args.compare_to.as_deref().map(|path| {
        let loaded = crate::app::compare::load_run(path)?;
        crate::app::compare::check_reference(&loaded)?;
        Ok(loaded)
    }) {
        Some(Ok(loaded)) => Some(loaded),
        Some(Err(err)) => return report_error(&err),
        None => None,
    };
    let options = RunOptions {
        data: args.data,
        target: args.target,
        config: args.config,
        out: args.out,
        seed: args.seed,
        threads: args.threads,
        force: args.force,
        trials: args.trials,
        budget: args.budget,
        resume: args.resume,
        quiet: args.quiet,
        shard,
        budget_cost: args.budget_cost,
        stop: args.stop,
        metric: args.metric,
        protect: args.compare_to.iter().cloned().collect(),
        compare_to_priced: reference
            .as_ref()
            .zip(args.compare_to.as_ref())
            .map(|(loaded, path)| (path.clone(), loaded.results.value.is_some())),
    };
    let outcome = match run(&options) {
        Ok(outcome) => outcome,
        Err(err) => return report_error(&err),
    };
    if !args.quiet && !json {
        print_outcome(&outcome);
    }
    if !args.quiet {
        print_leakage(&outcome.results);
    }
    let comparison = match reference {
        None => None,
        Some(reference) => {
            let compared = crate::app::compare::load_run(&outcome.dir).and_then(|new_run| {
                crate::app::compare::compare(&reference, &new_run, &gate_options(&args.gate))
            });
            match compared {
                Ok(comparison) => Some(comparison),
                Err(err) => return report_error(&err),
            }
        }
    };
    match (comparison, json) {
        (comparison, true) => {
            let summary = run_json::summary(&outcome, comparison.as_ref());
            match crate::base::json::for_output(&summary).and_then(out_whole) {
                Ok(()) => summary.exit_code,
                Err(err) => report_error(&err),
            }
        }
        (Some(comparison), false) => print_comparison(&comparison, args.format),
        (None, false) => 0,
    }
}

/// Prints an error as one line and returns its exit code.
pub fn report_error(err: &Error) -> i32 {
    warn!("worthit: error: {err}");
    err.exit_code()
}

/// The leakage warnings, on stderr so that they reach the user whatever `--format` prints.
fn print_leakage(results: &crate::results::RunResults) {
    use crate::data::feature_scores::FeatureScores;
    for leak in results.feature_scores.iter().flat_map(|s| &s.leakage) {
        warn!(
            "worthit: warning: {}",
            FeatureScores::warning(leak, |text| format!("`{text}`"))
        );
    }
}

/// The run's two answers, the command that runs the trials a *run more* asks for, and what is
/// left after paying for the whole sweep: what every command that changes a run's answers
/// prints first (`run`, `merge`, `add-model`, `report --reprice`). Returns the sentences split
/// into answers and evidence, for a caller that prints the evidence too.
pub fn say_answers<'a>(
    results: &'a crate::results::RunResults,
    dir: &std::path::Path,
) -> Option<crate::analysis::run_summary::Answers<'a>> {
    // A run merged from some shards only reads part of the sweep: said before its answers.
    if let Some(warning) = results.sweep.as_ref().and_then(|s| s.partial_warning()) {
        warn!("worthit: warning: {warning}");
    }
    let answers = results.analysis.as_ref().map(|a| a.answers());
    for answer in answers
        .iter()
        .flat_map(|a| a.verdict.iter().chain(&a.tuning))
    {
        say!("{answer}");
    }
    if let Some(command) = results.more_trials_command(dir) {
        say!("To run them, added to this run: {command}");
    }
    if let Some(line) = results
        .value
        .as_ref()
        .and_then(crate::report::value_summary::after_sweep)
    {
        say!("{line}");
    }
    answers
}

fn print_outcome(outcome: &RunOutcome) {
    let results = &outcome.results;
    say!(
        "{}: {} rows ({} train / {} validation / {} test), target `{}` ({})",
        results.dataset.name,
        thousands(results.dataset.rows_used as f64),
        thousands(results.split.train as f64),
        thousands(results.split.validation as f64),
        thousands(results.split.test as f64),
        shortened(&results.target.column),
        results.target.task.name(),
    );
    // The two answers first, as both reports open with them; what supports them follows the
    // models.
    let answers = say_answers(results, &outcome.dir);
    for line in crate::report::models::terminal_table(results) {
        say!("{line}");
    }
    if let Some(sweep) = &results.sweep {
        say!(
            "sweep: {} of {} trials; stopped because {}",
            sweep.trials_done,
            sweep.trials_requested,
            sweep.stopped_because
        );
    }
    if let Some(scores) = &results.feature_scores {
        let top: Vec<String> = scores
            .features
            .iter()
            .take(3)
            .map(|f| {
                format!(
                    "{} {}",
                    shortened(&f.name),
                    crate::report::features::score_with_interval(f)
                )
            })
            .collect();
        say!(
            "what drives it ({} of each column alone, 95% interval; table in report.md): {}",
            scores.metric,
            top.join(", ")
        );
    }
    if let Some(value) = &results.value {
        for sentence in crate::report::value_summary::sentences(value) {
            say!("{sentence}");
        }
    }
    for sentence in answers.iter().flat_map(|a| &a.evidence) {
        say!("{sentence}");
    }
    if results.value.is_none() {
        let (prose, command) = crate::report::value_summary::unpriced(
            &results.dataset.file,
            results.dataset.config_file.as_deref(),
        );
        say!("{prose} {command}");
    }
    say!("wrote {}", outcome.dir.display());
}
