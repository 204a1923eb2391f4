//! `results.json`: everything a run measured, for machines (the compare gate, re-rendering).
//! Bump [`SCHEMA_VERSION`] whenever a field changes meaning or disappears.

use serde::{Deserialize, Serialize};

use crate::base::task::TaskKind;
use crate::model::ModelResult;
use crate::sweep::SweepSummary;

/// Version of the `results.json` layout.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole `results.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunResults {
    /// Layout version ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// worthit version that wrote the file.
    pub worthit_version: String,
    /// When the run finished (UTC, RFC 3339).
    pub created_utc: String,
    /// The data.
    pub dataset: DatasetInfo,
    /// The target and task.
    pub target: TargetInfo,
    /// The split.
    pub split: SplitInfo,
    /// Run seed.
    pub seed: u64,
    /// Worker threads used.
    pub threads: usize,
    /// Every model trained, the baseline first.
    pub models: Vec<ModelResult>,
    /// Seconds spent per stage.
    pub timings: Timings,
    /// Peak resident memory of the process, bytes (Linux; 0 where unknown).
    pub peak_memory_bytes: u64,
    /// How the sweep went.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sweep: Option<SweepSummary>,
    /// Every model priced by `[value]`, when the config has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<crate::value::schema::ValueResults>,
    /// Diminishing returns of the sweep (needs `value`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analysis: Option<crate::analysis::run_summary::RunAnalysis>,
    /// The two answers: which model to ship and what to do about tuning (needs `analysis`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<crate::analysis::recommendation::Recommendation>,
    /// The baseline retrained on shares of the training rows (the learning curve's models).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub learning_models: Vec<ModelResult>,
    /// Each feature's score alone on validation rows and the columns flagged as possible leaks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature_scores: Option<crate::data::feature_scores::FeatureScores>,
}

impl RunResults {
    /// Every name that comes from the data: columns used and dropped, the target, its classes.
    /// A sentence that names some of them in backticks is written plain where one holds a
    /// backtick (`base::text::markdown_prose_naming`).
    pub fn names_from_data(&self) -> Vec<&str> {
        let dataset = &self.dataset;
        let columns = dataset.columns_used.iter().map(|c| c.name.as_str());
        let dropped = dataset.columns_dropped.iter().map(|c| c.name.as_str());
        let classes = self.target.classes.iter().flatten().map(String::as_str);
        columns
            .chain(dropped)
            .chain(classes)
            .chain([self.target.column.as_str()])
            .collect()
    }

    /// The metric models are ranked by: the one an unpriced run's analysis is in (`--metric`),
    /// else the task's primary metric.
    pub fn ranking_metric(&self) -> &str {
        match self.analysis.as_ref().and_then(|a| a.units.as_ref()) {
            Some(units) => &units.metric,
            None => self.target.task.primary_metric(),
        }
    }

    /// The model with the best validation score on [`Self::ranking_metric`] (ties: the earlier
    /// model). Test scores never choose.
    pub fn best_by_validation(&self) -> Option<&ModelResult> {
        self.best_by_validation_among(|_| true)
    }

    /// The model the validation rows rank first, in the units the verdict is in, as every
    /// output names it: in a priced run by validation net value (the candidate `value.best`
    /// where it beats the baseline there, else the baseline), so it is the model the verdict is
    /// about; otherwise by [`Self::ranking_metric`] ([`Self::best_by_validation`]).
    pub fn validation_pick(&self) -> Option<Scores<'_>> {
        let Some(value) = &self.value else {
            return self.scores_of(&self.best_by_validation()?.name);
        };
        let baseline = value.models.iter().find(|m| m.trial.is_none())?;
        let candidate = value
            .best
            .as_ref()
            .and_then(|best| value.models.iter().find(|m| m.name == best.name))
            .filter(|c| c.validation_net_value > baseline.validation_net_value);
        self.scores_of(&candidate.unwrap_or(baseline).name)
    }

    /// Model `name`'s validation and test values in the units the verdict is in (net value when
    /// priced, else [`Self::ranking_metric`]), the test value with its 90% interval where the
    /// run keeps one (every priced model; without `[value]`, the baseline and the candidate
    /// validation picks).
    pub fn scores_of(&self, name: &str) -> Option<Scores<'_>> {
        if let Some(value) = &self.value {
            let model = value.models.iter().find(|m| m.name == name)?;
            return Some(Scores {
                name: &model.name,
                by: "net_value",
                validation: Some(model.validation_net_value),
                test: Some(model.net_value),
                test_interval: model.net_value_interval.as_ref().map(|i| (i.low, i.high)),
            });
        }
        let metric = self.ranking_metric();
        let model = self.models.iter().find(|m| m.name == name)?;
        Some(Scores {
            name: &model.name,
            by: metric,
            validation: model.validation.get(metric),
            test: model.test.get(metric),
            test_interval: model
                .test_interval
                .as_ref()
                .filter(|i| i.metric == metric)
                .map(|i| (i.low, i.high)),
        })
    }

    /// The candidate the verdict is about, the one validation picks: by net value when priced
    /// (`value.best`), by [`Self::ranking_metric`] otherwise.
    pub fn verdict_candidate(&self) -> Option<&ModelResult> {
        match &self.value {
            Some(value) => {
                let best = value.best.as_ref()?;
                self.models.iter().find(|m| m.name == best.name)
            }
            None => self.best_by_validation_among(|m| m.trial.is_some()),
        }
    }

    /// The two answers from `analysis`: the verdict is on [`Self::verdict_candidate`].
    pub fn recommend(&self) -> Option<crate::analysis::recommendation::Recommendation> {
        let analysis = self.analysis.as_ref()?;
        let candidate = self.verdict_candidate().map(|m| m.name.as_str());
        let unit = match (&self.value, &analysis.units) {
            (Some(value), _) => value.currency.as_str(),
            (None, units) => units.as_ref().map_or("", |u| u.unit.as_str()),
        };
        use crate::analysis::recommendation::{recommend, ModelAnswered};
        let model = match (analysis.verdict.as_ref(), candidate) {
            (Some(verdict), Some(name)) => Some(ModelAnswered::Verdict(verdict, name)),
            _ if analysis.baseline_alone() => Some(ModelAnswered::BaselineAlone),
            _ => None,
        };
        recommend(model, analysis.sweep.tuning.as_ref(), unit)
    }

    /// The command that adds the trials the tuning answer asks for to this run, in the folder
    /// `run_dir`: the rest of "run about K more trials", or up to the trials a tuning answer
    /// needs. None for a shard (its trials are added by running the shard again) or when the
    /// answer asks for no trials.
    pub fn more_trials_command(&self, run_dir: &std::path::Path) -> Option<String> {
        use crate::analysis::tuning::{TuningKind, MIN_TRIALS};
        let sweep = self.sweep.as_ref()?;
        if sweep.shard.is_some() {
            return None;
        }
        let tuning = self.recommendation.as_ref()?.tuning.as_ref()?;
        let total = match tuning.kind {
            TuningKind::RunMore => sweep.trials_done + tuning.more_trials?,
            TuningKind::TooFewTrials => MIN_TRIALS,
            _ => return None,
        };
        (total > sweep.trials_done).then(|| {
            format!(
                "worthit run --resume {} --trials {total}",
                crate::base::text::shell_word(&run_dir.display().to_string())
            )
        })
    }

    fn best_by_validation_among(
        &self,
        keep: impl Fn(&ModelResult) -> bool,
    ) -> Option<&ModelResult> {
        let metric = self.ranking_metric();
        let higher = crate::metrics::higher_is_better(metric);
        let mut best: Option<(&ModelResult, f64)> = None;
        for model in self.models.iter().filter(|m| keep(m)) {
            let Some(value) = model.validation.get(metric) else {
                continue;
            };
            let better = match best {
                None => true,
                Some((_, current)) if higher => value > current,
                Some((_, current)) => value < current,
            };
            if better {
                best = Some((model, value));
            }
        }
        best.map(|(model, _)| model)
    }
}

/// One model's values in the units a run's verdict is in ([`RunResults::scores_of`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores<'a> {
    /// Model name.
    pub name: &'a str,
    /// What the values are: `net_value` in a priced run, else the metric's name (`roc_auc`).
    pub by: &'a str,
    /// On validation rows (what selection sees).
    pub validation: Option<f64>,
    /// On test rows.
    pub test: Option<f64>,
    /// The 90% bootstrap interval of `test` over the test rows: `(low, high)`.
    pub test_interval: Option<(f64, f64)>,
}

/// Where the data came from and what was used.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DatasetInfo {
    /// Dataset name (folder or file stem).
    pub name: String,
    /// Data file path as given.
    pub file: String,
    /// BLAKE3 hash of the data file.
    pub blake3: String,
    /// Data rows in the file.
    pub rows_in_file: usize,
    /// Rows used (target present).
    pub rows_used: usize,
    /// Columns used as features.
    pub columns_used: Vec<ColumnInfo>,
    /// Columns left out, with the reason.
    pub columns_dropped: Vec<DroppedInfo>,
    /// What reading the data noticed, as the terminal printed it: rows dropped for their
    /// target, classes that differ only in case or spaces, numbers read as text, the positive
    /// class chosen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<String>,
    /// Text of the `ATTRIBUTION.md` beside the data file, kept so re-rendered reports credit the
    /// data's source even where the file is no longer at hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<String>,
    /// The config file the run read, as given, when there was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_file: Option<String>,
}

/// A feature column.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ColumnInfo {
    /// Name.
    pub name: String,
    /// `numeric` or `categorical`.
    pub kind: String,
    /// Rows where it is missing.
    pub missing: usize,
    /// Bins used (counting the missing bin).
    pub bins: usize,
}

/// A dropped column.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DroppedInfo {
    /// Name.
    pub name: String,
    /// Why.
    pub reason: String,
}

/// The target.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TargetInfo {
    /// Column name.
    pub column: String,
    /// Task.
    pub task: TaskKind,
    /// Class names (classification).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classes: Option<Vec<String>>,
    /// Rows per class over all rows used (classification).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_counts: Option<Vec<usize>>,
    /// Positive class (binary).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub positive_class: Option<String>,
}

/// Sizes of the split.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SplitInfo {
    /// Training rows.
    pub train: usize,
    /// Validation rows.
    pub validation: usize,
    /// Test rows.
    pub test: usize,
    /// Requested validation fraction.
    pub validation_fraction: f64,
    /// Requested test fraction.
    pub test_fraction: f64,
    /// Stratified by class (classification) or target decile (regression).
    pub stratified_by: String,
}

/// Seconds per stage of a run, wall clock. Stages follow one another, so they add up to about
/// `total_seconds`; runs written before the breakdown existed have zeros for its stages.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Timings {
    /// Reading and checking the data.
    pub load_seconds: f64,
    /// Binning the features.
    pub bin_seconds: f64,
    /// Training and predicting the baseline and the sweep's candidates, with checkpointing and
    /// `--stop auto`'s checks between trials.
    #[serde(default)]
    pub sweep_seconds: f64,
    /// Of `sweep_seconds`: fitting, summed over the models (from `models[].fit_seconds`).
    #[serde(default)]
    pub fit_seconds: f64,
    /// Of `sweep_seconds`: predicting validation and test rows, summed over the models.
    #[serde(default)]
    pub predict_seconds: f64,
    /// Training the learning curve's models (the baseline on shares of the training rows).
    #[serde(default)]
    pub learning_seconds: f64,
    /// Pricing every model from its stored predictions (`[value]` runs), the learning curve's
    /// models included.
    #[serde(default)]
    pub pricing_seconds: f64,
    /// The diminishing-returns analysis (curves, bands, verdict, bootstraps of metric gains) and
    /// the feature scores.
    #[serde(default)]
    pub analysis_seconds: f64,
    /// Writing `split.parquet` and drawing the charts (the text reports and `results.json`
    /// follow; they take milliseconds).
    #[serde(default)]
    pub writing_seconds: f64,
    /// The whole run, up to writing the text reports.
    pub total_seconds: f64,
}
