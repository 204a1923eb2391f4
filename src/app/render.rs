//! Writing a run's `results.json` and rendering its reports, for a fresh run, a merge, and
//! `worthit report` on a finished run folder.

use std::path::Path;

use super::reopen::open_finished;
use super::reprice::reprice;
use crate::base::error::{Error, Result};
use crate::report::markdown;
use crate::results::RunResults;
use crate::store::staging::{write_atomic, PendingRun};

/// Writes the charts, the text reports and `results.json` of a new run folder.
pub(crate) fn write_reports(pending: &PendingRun, results: &RunResults) -> Result<()> {
    let charts = crate::report::charts::write(results, pending.dir())?;
    write_texts(pending, results, &charts)
}

/// Writes `report.md`, `report.html` (which shows `charts`) and `results.json` into the
/// staging folder of `pending`. Charts come first, apart, so a run can time them before its
/// timings are written.
pub(crate) fn write_texts(
    pending: &PendingRun,
    results: &RunResults,
    charts: &[crate::report::charts::Rendered],
) -> Result<()> {
    write_report_texts(pending.dir(), pending.target(), results, charts)?;
    write_results(pending.dir(), results)
}

/// Writes the text reports into `dir`; they name the run folder as `run_dir` (where `dir`
/// lands), in the command that adds trials to it.
fn write_report_texts(
    dir: &Path,
    run_dir: &Path,
    results: &RunResults,
    charts: &[crate::report::charts::Rendered],
) -> Result<()> {
    write_atomic(
        &dir.join("report.md"),
        markdown::render(results, run_dir).as_bytes(),
    )?;
    write_atomic(
        &dir.join("report.html"),
        crate::report::html::render(results, charts, run_dir).as_bytes(),
    )
}

/// Writes `results.json` into the run folder `dir`.
pub fn write_results(dir: &Path, results: &RunResults) -> Result<()> {
    let json = serde_json::to_vec_pretty(results)
        .map_err(|err| Error::internal(format!("cannot encode results.json: {err}")))?;
    write_atomic(&dir.join("results.json"), &json)
}

/// Writes the charts (`plots/`), `report.md` and `report.html` of `results` into the run folder
/// `dir`, each file through a temporary name, so a failure leaves the older files whole.
pub fn render_reports(dir: &Path, results: &RunResults) -> Result<()> {
    let charts = crate::report::charts::write(results, dir)?;
    write_report_texts(dir, dir, results, &charts)?;
    crate::report::charts::remove_undrawn(dir, &charts)
}

/// The places a re-render writes into, as a run left them: `plots/` a folder, `report.md` and
/// `report.html` files. A folder edited by hand otherwise failed as a write error (exit code 1,
/// "cannot create r/plots: File exists") after the repricing.
fn check_report_places(dir: &Path) -> Result<()> {
    let places = [
        (crate::report::charts::PLOTS_DIR, true),
        ("report.md", false),
        ("report.html", false),
    ];
    for (name, folder) in places {
        let path = dir.join(name);
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() != folder {
            let (is, should) = if meta.is_dir() {
                ("a folder", "a file")
            } else {
                ("not a folder", "a folder")
            };
            return Err(Error::input(format!(
                "{}: {is}, but a run writes {should} there, so the run folder was edited: move it away and run `worthit report` again",
                path.display()
            )));
        }
    }
    Ok(())
}

/// `worthit report`: re-renders the reports of the finished run in `dir` from its
/// `results.json`; with `reprice`, prices its stored predictions again under `run.json`'s
/// `[value]` first and rewrites `results.json`. Returns the results the reports were drawn from.
pub fn rerender(dir: &Path, reprice_first: bool) -> Result<RunResults> {
    let (mut results, manifest) = open_finished(dir)?;
    check_report_places(dir)?;
    if reprice_first {
        super::reopen::check_stored_work(dir, &results, false)?;
        reprice(dir, &manifest, &mut results)?;
        write_results(dir, &results)?;
    }
    render_reports(dir, &results)?;
    Ok(results)
}
