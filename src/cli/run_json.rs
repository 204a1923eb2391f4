//! `worthit run --format json`: one JSON object on stdout for scripts, with the run's verdict,
//! its recommendation, the run folder and, with `--compare-to`, the comparison. Every field is
//! present; one that does not apply to the run (no `[value]`, no candidates) is `null`.

use serde::Serialize;

use crate::analysis::recommendation::{ModelAnswer, TuningAnswer};
use crate::analysis::VerdictKind;
use crate::app::compare::Comparison;
use crate::app::run::RunOutcome;
use crate::value::bootstrap::{BootstrapSummary, LEVEL};

/// The object `worthit run --format json` prints.
#[derive(Debug, Serialize)]
pub struct RunSummary<'a> {
    /// worthit version that ran.
    pub worthit_version: &'static str,
    /// The run folder written.
    pub run_folder: String,
    /// Its `results.json`.
    pub results: String,
    /// Dataset name.
    pub dataset: &'a str,
    /// `binary`, `multiclass` or `regression`.
    pub task: &'static str,
    /// The metric models are ranked by on validation rows: the primary one, or `--metric`.
    pub metric: &'a str,
    /// Candidate trials trained (`null` for a run without a sweep).
    pub trials_done: Option<usize>,
    /// `ship_candidate`, `ship_baseline` or `inconclusive` (needs a candidate; in metric units
    /// without `[value]`).
    pub verdict: Option<VerdictKind>,
    /// Columns that alone predict the target about as well as the model (possible leakage), as
    /// `results.json`'s `feature_scores.leakage`, each score with its interval from
    /// `feature_scores.features`; empty when none is flagged.
    pub leakage: Vec<Leak<'a>>,
    /// What to do, and why.
    pub recommendation: Recommendation<'a>,
    /// The command that adds the trials the tuning answer asks for (*run about K more* or *not
    /// enough trials to tell yet*) to this run, as the terminal prints it; `null` otherwise.
    pub more_trials_command: Option<String>,
    /// The `--compare-to` comparison, as `worthit compare --format json` prints it.
    pub compare: Option<&'a Comparison>,
    /// The process's exit code: the comparison's with `--compare-to`, else 0.
    pub exit_code: i32,
}

/// The run's decision in data and words: `model` and `tuning` are `results.json`'s
/// `recommendation`, the rest the detail behind them.
#[derive(Debug, Serialize)]
pub struct Recommendation<'a> {
    /// Which model to ship, as `results.json`'s `recommendation.model`.
    pub model: Option<&'a ModelAnswer>,
    /// What to do about tuning, as `results.json`'s `recommendation.tuning`.
    pub tuning: Option<&'a TuningAnswer>,
    /// The best candidate by validation net value, or without `[value]` by validation `metric`:
    /// the candidate the verdict is about.
    pub best_candidate: Option<&'a str>,
    /// Currency of every amount.
    pub currency: Option<&'a str>,
    /// Years the amounts are counted over.
    pub horizon_years: Option<f64>,
    /// Best candidate - baseline in net value on test rows, with its 90% interval.
    pub difference: Option<Difference>,
    /// The same after paying for the whole sweep.
    pub difference_after_sweep: Option<Difference>,
    /// That in one sentence, as the terminal prints it under the two answers.
    pub after_sweep_sentence: Option<String>,
    /// When inconclusive: about how many test rows would settle it as often as not.
    pub rows_needed: Option<u64>,
    /// The model the validation rows rank first (the baseline included), in the verdict's
    /// units: by net value when priced, else by `metric`; its test value with its interval.
    pub best_by_validation: Option<BestModel<'a>>,
    /// The value of the run in sentences, as the terminal prints them.
    pub value_sentences: Option<Vec<String>>,
    /// The sentences behind the two answers, most important first, as the terminal prints them
    /// under the models' table: the answers themselves are `model.sentence` and
    /// `tuning.sentence`, said once.
    pub sentences: Option<Vec<&'a str>>,
    /// A run without `[value]`: the metric its verdict and sentences are in, as gains over the
    /// baseline (`null` for a priced run, whose amounts are in `currency`).
    pub units: Option<&'a crate::analysis::metric_summary::MetricUnits>,
}

/// A column flagged as possible leakage: its score alone with its 95% bootstrap interval over the
/// validation rows, as the feature table gives it.
#[derive(Debug, Serialize)]
pub struct Leak<'a> {
    /// Column name.
    pub name: &'a str,
    /// Its score alone (`metric`: ROC-AUC or R²).
    pub score: f64,
    /// Low end of the score's interval.
    pub low: Option<f64>,
    /// High end of the score's interval.
    pub high: Option<f64>,
    /// Coverage of that interval (0.95, as the feature table's).
    pub level: f64,
    /// Why it is flagged, in plain words.
    pub reason: &'a str,
}

/// The flagged columns of `scores`, each with its interval.
fn leaks(scores: &crate::data::feature_scores::FeatureScores) -> Vec<Leak<'_>> {
    scores
        .leakage
        .iter()
        .map(|leak| {
            let feature = scores.features.iter().find(|f| f.name == leak.name);
            Leak {
                name: &leak.name,
                score: leak.score,
                low: feature.and_then(|f| f.low),
                high: feature.and_then(|f| f.high),
                level: 0.95,
                reason: &leak.reason,
            }
        })
        .collect()
}

/// A difference in net value with its interval.
#[derive(Debug, Serialize)]
pub struct Difference {
    /// Observed difference.
    pub mean: f64,
    /// Low end of the interval.
    pub low: f64,
    /// High end of the interval.
    pub high: f64,
    /// Coverage of the interval (0.9).
    pub level: f64,
    /// Share of bootstrap resamples in which the candidate gained.
    pub p_positive: f64,
}

impl From<&BootstrapSummary> for Difference {
    fn from(summary: &BootstrapSummary) -> Self {
        Difference {
            mean: summary.mean,
            low: summary.low,
            high: summary.high,
            level: LEVEL,
            p_positive: summary.p_positive,
        }
    }
}

/// A model with its validation and test values in the verdict's units.
#[derive(Debug, Serialize)]
pub struct BestModel<'a> {
    /// Model name (`baseline`, `trial-0007`).
    pub name: &'a str,
    /// What ranks the models: `net_value` (in `currency`) when priced, else `metric`'s name.
    pub by: &'a str,
    /// Its validation value (what selection sees).
    pub validation: Option<f64>,
    /// Its test value.
    pub test: Option<f64>,
    /// Low end of the test value's interval.
    pub test_low: Option<f64>,
    /// High end of the test value's interval.
    pub test_high: Option<f64>,
    /// Coverage of that interval (0.9).
    pub level: f64,
}

impl<'a> From<crate::results::Scores<'a>> for BestModel<'a> {
    fn from(scores: crate::results::Scores<'a>) -> Self {
        BestModel {
            name: scores.name,
            by: scores.by,
            validation: scores.validation,
            test: scores.test,
            test_low: scores.test_interval.map(|(low, _)| low),
            test_high: scores.test_interval.map(|(_, high)| high),
            level: LEVEL,
        }
    }
}

/// The summary of a finished run, with the comparison when there is one.
pub fn summary<'a>(outcome: &'a RunOutcome, comparison: Option<&'a Comparison>) -> RunSummary<'a> {
    let results = &outcome.results;
    let metric = results.ranking_metric();
    let analysis = results.analysis.as_ref();
    let verdict = analysis.and_then(|a| a.verdict.as_ref());
    let value = results.value.as_ref();
    let best = value.and_then(|v| v.best.as_ref());
    let answers = results.recommendation.as_ref();
    RunSummary {
        worthit_version: env!("CARGO_PKG_VERSION"),
        run_folder: outcome.dir.display().to_string(),
        results: outcome.dir.join("results.json").display().to_string(),
        dataset: &results.dataset.name,
        task: results.target.task.name(),
        metric,
        trials_done: results.sweep.as_ref().map(|s| s.trials_done),
        verdict: verdict.map(|v| v.kind),
        leakage: results.feature_scores.as_ref().map_or(Vec::new(), leaks),
        recommendation: Recommendation {
            model: answers.and_then(|r| r.model.as_ref()),
            tuning: answers.and_then(|r| r.tuning.as_ref()),
            best_candidate: best
                .map(|b| b.name.as_str())
                .or_else(|| answers?.model.as_ref()?.candidate.as_deref()),
            currency: value.map(|v| v.currency.as_str()),
            horizon_years: value.map(|v| v.horizon_years),
            difference: best.map(|b| Difference::from(&b.difference)),
            difference_after_sweep: best.map(|b| Difference::from(&b.difference_after_sweep)),
            after_sweep_sentence: value.and_then(crate::report::value_summary::after_sweep),
            rows_needed: verdict.and_then(|v| v.rows_needed),
            best_by_validation: results.validation_pick().map(BestModel::from),
            value_sentences: value.map(crate::report::value_summary::sentences),
            sentences: analysis.map(|a| a.answers().evidence),
            units: analysis.and_then(|a| a.units.as_ref()),
        },
        more_trials_command: results.more_trials_command(&outcome.dir),
        compare: comparison,
        exit_code: comparison.map_or(0, |c| c.exit_code),
    }
}
