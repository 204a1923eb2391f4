//! A finished run folder reopened as the calibration examples read it: its results and manifest,
//! and its data re-read and re-split as the run made them, for reading its stored predictions.

use std::path::Path;

use worthit::app::reopen::{open_finished, RunManifest};
use worthit::data::split::Split;
use worthit::data::Table;
use worthit::results::RunResults;
use worthit::value::from_run::RunData;
use worthit::value::payoff::PayoffRows;

pub struct Reopened {
    pub results: RunResults,
    pub manifest: RunManifest,
    table: Table,
    split: Split,
    /// The rows its `[value]`'s payoff expressions read, if it has any.
    payoff_rows: PayoffRows,
}

impl Reopened {
    /// The run in `dir`; an error says why it cannot be reopened.
    pub fn open(dir: &Path) -> Result<Reopened, String> {
        let (results, manifest) = open_finished(dir).map_err(|e| e.to_string())?;
        let (table, split) = manifest
            .reopen_data(&manifest.data_file, &results)
            .map_err(|e| e.to_string())?
            .map_err(|why| format!("cannot reopen its data: {why}"))?;
        Ok(Reopened {
            results,
            manifest,
            table,
            split,
            payoff_rows: PayoffRows::of_config(Some(&dir.join("run.json"))),
        })
    }

    /// The data its stored predictions are read and measured against.
    pub fn data(&self) -> RunData<'_> {
        RunData {
            table: &self.table,
            split: &self.split,
            threads: self.results.threads,
            seed: self.results.seed,
            payoff_rows: &self.payoff_rows,
        }
    }
}
