//! The command line: argument definitions (clap derive) and dispatch. The work happens in the
//! library modules; this file only translates flags into their options and errors into exit codes.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::error::Error;
use crate::report::markdown::thousands;
use crate::run::{run, RunOptions, RunOutcome};

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
    /// Train the baseline on a dataset and write a run folder (results.json, report.md).
    #[command(after_help = "\
Examples:
  worthit run datasets/bank-marketing
  worthit run data.csv --target churned --seed 7 --out reports/churn-try
  worthit run data.parquet --config worthit.toml --threads 2 --force

DATA is a .csv, .csv.gz or .parquet file, or a dataset folder holding one data file and a
worthit.toml. Exit codes: 0 done, 2 bad input (the message names the file, column or key).")]
    Run(RunArgs),
}

/// Flags of `worthit run`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Data file (.csv, .csv.gz, .parquet) or dataset folder.
    pub data: PathBuf,
    /// Target column (overrides [data] target in the config).
    #[arg(long, value_name = "COL")]
    pub target: Option<String>,
    /// Config file (default: worthit.toml in a dataset folder).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Run folder to write (default: reports/<dataset>-<UTC timestamp>).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Run seed: the split and every model follow from it (default: config `seed`, else 42).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Replace the run folder if it exists.
    #[arg(long)]
    pub force: bool,
    /// Print only errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Parses the process arguments, runs the command and returns the exit code.
pub fn main() -> i32 {
    let cli = Cli::parse();
    match cli.command {
        Command::Run(args) => run_command(args),
    }
}

fn run_command(args: RunArgs) -> i32 {
    let options = RunOptions {
        data: args.data,
        target: args.target,
        config: args.config,
        out: args.out,
        seed: args.seed,
        threads: args.threads,
        force: args.force,
    };
    match run(&options) {
        Ok(outcome) => {
            if !args.quiet {
                print_outcome(&outcome);
            }
            0
        }
        Err(err) => report_error(&err),
    }
}

/// Prints an error as one line and returns its exit code.
pub fn report_error(err: &Error) -> i32 {
    eprintln!("worthit: error: {err}");
    err.exit_code()
}

fn print_outcome(outcome: &RunOutcome) {
    for notice in &outcome.notices {
        eprintln!("worthit: {notice}");
    }
    let results = &outcome.results;
    println!(
        "{}: {} rows ({} train / {} validation / {} test), target `{}` ({})",
        results.dataset.name,
        thousands(results.dataset.rows_used as f64),
        thousands(results.split.train as f64),
        thousands(results.split.validation as f64),
        thousands(results.split.test as f64),
        results.target.column,
        results.target.task.name(),
    );
    for model in &results.models {
        let metrics: Vec<String> = model
            .test
            .entries()
            .into_iter()
            .map(|(name, value)| format!("{name} {value:.4}"))
            .collect();
        println!(
            "{}: fit {:.2} s; test {}",
            model.name,
            model.fit_seconds,
            metrics.join(", ")
        );
    }
    println!("wrote {}", outcome.dir.display());
}
