//! How two runs' models are weighed against each other (priced, or in the metric without
//! `[value]`): paired on the same test rows when the runs share data, seed and split, otherwise
//! unpaired from each run's own interval.

use std::path::{Path, PathBuf};

use super::{Difference, LoadedRun};
use crate::app::reopen::RunManifest;
use crate::base::error::{Error, Result};
use crate::base::stats::{normal_cdf, Z90};
use crate::data::split::Split;
use crate::data::Table;
use crate::model::ModelResult;
use crate::results::RunResults;
use crate::value::from_run::{
    bounded_test_terms, metric_resamples_between, price_pair, Rows, RunData, StoredModel,
};
use crate::value::schema::ModelValue;

/// Why a comparison is not paired: a plain reason (fall back to unpaired) or a real error.
pub(super) enum Unpaired {
    Because(String),
    Failed(Error),
}

/// Both runs' data and split, read once, when the runs share data, seed and split and both
/// folders hold the models' predictions: what a paired comparison reads.
struct Shared {
    /// The baseline's and the candidate's run folders.
    dirs: [PathBuf; 2],
    b_manifest: RunManifest,
    c_manifest: RunManifest,
    table: Table,
    split: Split,
    /// The data rows payoff expressions read, kept for the pricings of the pair.
    payoff_rows: crate::value::payoff::PayoffRows,
}

impl Shared {
    fn read(
        base: &LoadedRun,
        cand: &LoadedRun,
        b_model: &ModelResult,
        c_model: &ModelResult,
    ) -> std::result::Result<Shared, Unpaired> {
        let because = |why: &str| Unpaired::Because(why.to_string());
        let (b, c) = (&base.results, &cand.results);
        if b.dataset.blake3 != c.dataset.blake3 {
            return Err(because(
                "the runs read different data (their hashes differ)",
            ));
        }
        if b.seed != c.seed {
            return Err(Unpaired::Because(format!(
                "the runs have different seeds ({} vs {}), so different splits",
                b.seed, c.seed
            )));
        }
        let sizes = |r: &RunResults| (r.split.train, r.split.validation, r.split.test);
        if sizes(b) != sizes(c) {
            return Err(because("the runs split the data differently"));
        }
        let (Some(b_dir), Some(c_dir)) = (&base.dir, &cand.dir) else {
            return Err(because(
                "a side is a bare results.json (pairing needs run folders with predictions/ and run.json)",
            ));
        };
        for (dir, model) in [(b_dir, b_model), (c_dir, c_model)] {
            let file = crate::store::predictions::predictions_file(dir, &model.name);
            if !file.is_file() {
                return Err(Unpaired::Because(format!("{} is missing", file.display())));
            }
        }
        let manifest = |dir: &Path| {
            RunManifest::read(&dir.join("run.json"))
                .map_err(|err| Unpaired::Because(err.to_string()))
        };
        let b_manifest = manifest(b_dir)?;
        let c_manifest = manifest(c_dir)?;
        // The data file's recorded path is absolute and a committed reference run may come from
        // another machine: any of the two paths holding the same bytes will do.
        let data_file = [&c_manifest.data_file, &b_manifest.data_file]
            .into_iter()
            .find(|path| path.is_file())
            .ok_or_else(|| {
                Unpaired::Because(format!(
                    "the data file is not found at {}",
                    c_manifest.data_file.display()
                ))
            })?;
        let (table, split) = b_manifest
            .reopen_data(data_file, b)
            .map_err(Unpaired::Failed)?
            .map_err(Unpaired::Because)?;
        Ok(Shared {
            dirs: [b_dir.clone(), c_dir.clone()],
            b_manifest,
            c_manifest,
            table,
            split,
            // Both are priced with the baseline run's [value], which a payoff's error names.
            payoff_rows: crate::value::payoff::PayoffRows::of_config(Some(&b_dir.join("run.json"))),
        })
    }

    /// The two models as stored in their run folders (the baseline's run, then the
    /// candidate's), and the data both were measured on.
    fn stored<'a>(
        &'a self,
        [(base, b_model), (cand, c_model)]: [(&LoadedRun, &'a ModelResult); 2],
    ) -> (RunData<'a>, [StoredModel<'a>; 2]) {
        let [b_dir, c_dir] = &self.dirs;
        let data = RunData {
            table: &self.table,
            split: &self.split,
            threads: base.results.threads,
            seed: base.results.seed,
            payoff_rows: &self.payoff_rows,
        };
        let baseline = StoredModel {
            dir: b_dir,
            model: b_model,
            threads: base.results.threads,
        };
        let candidate = StoredModel {
            dir: c_dir,
            model: c_model,
            threads: cand.results.threads,
        };
        (data, [baseline, candidate])
    }
}

/// Prices both models on the same test rows, when the runs share data, target, seed and split
/// and both folders hold the models' predictions.
pub(super) fn pairing(
    base: &LoadedRun,
    cand: &LoadedRun,
    b_model: &ModelResult,
    c_model: &ModelResult,
) -> std::result::Result<(crate::value::schema::PairedComparison, Option<String>), Unpaired> {
    let shared = Shared::read(base, cand, b_model, c_model)?;
    let Some(value) = &shared.b_manifest.config.value else {
        return Err(Unpaired::Because(
            "the baseline run's run.json has no [value] section".to_string(),
        ));
    };
    let (data, [baseline, candidate]) = shared.stored([(base, b_model), (cand, c_model)]);
    // One set of economics for both, or the difference would mix two questions.
    let as_json = |m: &RunManifest| serde_json::to_value(&m.config.value).ok();
    let note = (as_json(&shared.b_manifest) != as_json(&shared.c_manifest)).then(|| {
        "the runs' [value] sections differ; both models are priced under the baseline run's"
            .to_string()
    });
    let pair = price_pair(value, &data, &baseline, &candidate).map_err(Unpaired::Failed)?;
    Ok((pair, note))
}

/// How much better the candidate scores than the baseline on `metric`, on the same resampled
/// test rows (a gain is positive whatever the metric's direction): the comparison of runs
/// without `[value]`, under the same conditions as [`pairing`]. With it, how many classes the
/// intervals bound rather than resample ([`bounded_test_terms`]).
pub(super) fn metric_pairing(
    base: &LoadedRun,
    cand: &LoadedRun,
    b_model: &ModelResult,
    c_model: &ModelResult,
    metric: &str,
) -> std::result::Result<(crate::value::resampled_metric::ResampledModels, usize), Unpaired> {
    let shared = Shared::read(base, cand, b_model, c_model)?;
    let (data, [baseline, candidate]) = shared.stored([(base, b_model), (cand, c_model)]);
    let resampled = metric_resamples_between(&data, metric, &baseline, &candidate, Rows::Test)
        .map_err(Unpaired::Failed)?;
    Ok((resampled, bounded_test_terms(&data, metric)))
}

/// The unpaired interval: each net value's standard error read off its own 90% interval
/// ([`normal_difference`]).
pub(super) fn unpaired(
    base: &LoadedRun,
    b: &ModelValue,
    cand: &LoadedRun,
    c: &ModelValue,
) -> Result<Difference> {
    let interval = |run: &LoadedRun, m: &ModelValue| -> Result<(f64, f64)> {
        let interval = m.net_value_interval.ok_or_else(|| {
            Error::input(format!(
                "{}: model `{}` has no net_value_interval (written by an older worthit); run it again, or compare run folders on the same data and seed",
                run.label, m.name
            ))
        })?;
        Ok((interval.low, interval.high))
    };
    Ok(normal_difference(
        c.net_value - b.net_value,
        interval(base, b)?,
        interval(cand, c)?,
    ))
}

/// The difference `mean` of two independent estimates whose 90% intervals are `base` and
/// `cand`: each standard error read off its interval (half-width / z), the two combined as
/// independent (the square root of the sum of squares), the difference taken as normal.
pub(super) fn normal_difference(mean: f64, base: (f64, f64), cand: (f64, f64)) -> Difference {
    let error = |(low, high): (f64, f64)| ((high - low) / (2.0 * Z90)).max(0.0);
    let se = error(base).hypot(error(cand));
    let p_positive = if se > 0.0 {
        normal_cdf(mean / se)
    } else if mean > 0.0 {
        1.0
    } else {
        0.0
    };
    Difference {
        mean,
        low: mean - Z90 * se,
        high: mean + Z90 * se,
        p_positive,
    }
}
