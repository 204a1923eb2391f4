//! `worthit.toml`: the user's description of the dataset, the split and the baseline.
//!
//! Parsing is strict: an unknown key is an error that suggests the nearest known key, and a value
//! of the wrong type is an error naming the key and its line.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::base::error::{Error, Result};
use crate::base::suggest::nearest;
use crate::base::task::{Label, TaskKind};
use crate::data::prepared::SplitFractions;
use crate::data::split::MAX_HELD_OUT;
use crate::data::DataSpec;
use crate::engine::forest::{ForestParams, MaxFeatures};

/// The whole `worthit.toml`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Run seed: the split and every model derive their randomness from it.
    pub seed: Option<u64>,
    /// Which file and column to learn from.
    #[serde(default)]
    pub data: DataConfig,
    /// Train / validation / test fractions.
    #[serde(default)]
    pub split: SplitConfig,
    /// Parameters of the baseline random forest (scikit-learn's defaults when absent).
    #[serde(default)]
    pub baseline: BaselineConfig,
    /// The sweep's search space.
    #[serde(default)]
    pub sweep: crate::sweep::space::SearchSpace,
    /// What decisions are worth and what compute costs (`[value]`); absent means no value report.
    #[serde(default)]
    pub value: Option<crate::value::ValueConfig>,
}

/// The `[data]` section.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DataConfig {
    /// Data file, relative to the config's folder. Optional in a dataset folder with one data file.
    pub file: Option<PathBuf>,
    /// Target column.
    pub target: Option<String>,
    /// `binary`, `multiclass` or `regression`; detected from the target when absent.
    pub task: Option<TaskKind>,
    /// The class that counts as positive in binary tasks.
    pub positive_class: Option<Label>,
    /// Columns never used as features (identifiers, leakage such as bank marketing's `duration`).
    #[serde(default)]
    pub drop: Vec<String>,
    /// The score alone (ROC-AUC or R²) at which a column is reported as possible leakage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leakage_score: Option<f64>,
}

/// The `[split]` section: fractions of the rows used for validation and test (the rest trains).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SplitConfig {
    /// Fraction of rows for validation (chooses models and thresholds).
    #[serde(default = "default_fraction")]
    pub validation: f64,
    /// Fraction of rows for test (reports the value of what was chosen).
    #[serde(default = "default_fraction")]
    pub test: f64,
}

fn default_fraction() -> f64 {
    0.2
}

impl Default for SplitConfig {
    fn default() -> Self {
        SplitConfig {
            validation: default_fraction(),
            test: default_fraction(),
        }
    }
}

/// Most trees the baseline may have.
const MAX_BASELINE_TREES: usize = 100_000;

/// Most characters of `[value] currency`: as many as a name is shown whole
/// ([`crate::base::text::NAME_SHOWN`]), far more than any unit needs.
const MAX_CURRENCY: usize = crate::base::text::NAME_SHOWN;

/// The `[baseline]` section; every key defaults to scikit-learn's `RandomForest*` default.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineConfig {
    /// Number of trees (100).
    pub n_trees: Option<usize>,
    /// Maximum depth (unlimited).
    pub max_depth: Option<usize>,
    /// Minimum rows in a leaf (1).
    pub min_samples_leaf: Option<usize>,
    /// Features tried per split: `"sqrt"`, `"log2"`, `"all"`, a fraction or a count.
    pub max_features: Option<MaxFeatures>,
    /// Draw a bootstrap sample per tree (true).
    pub bootstrap: Option<bool>,
}

impl BaselineConfig {
    /// Forest parameters for `task`, starting from scikit-learn's defaults.
    pub fn forest_params(&self, task: TaskKind) -> ForestParams {
        let mut params = ForestParams::sklearn_default(task);
        if let Some(n_trees) = self.n_trees {
            params.n_trees = n_trees;
        }
        if self.max_depth.is_some() {
            params.max_depth = self.max_depth;
        }
        if let Some(min_samples_leaf) = self.min_samples_leaf {
            params.min_samples_leaf = min_samples_leaf;
        }
        if let Some(max_features) = &self.max_features {
            params.max_features = max_features.clone();
        }
        if let Some(bootstrap) = self.bootstrap {
            params.bootstrap = bootstrap;
        }
        params
    }
}

impl Config {
    /// What to read from `data_file`: `target` and the `[data]` settings.
    pub fn data_spec(&self, data_file: &Path, target: &str) -> DataSpec {
        DataSpec {
            path: data_file.to_path_buf(),
            target: target.to_string(),
            task: self.data.task,
            positive_class: self.data.positive_class.clone(),
            drop: self.data.drop.clone(),
        }
    }

    /// The `[split]` shares.
    pub fn split_fractions(&self) -> SplitFractions {
        SplitFractions {
            validation: self.split.validation,
            test: self.split.test,
        }
    }

    /// Reads and parses a config file.
    pub fn load(path: &Path) -> Result<Config> {
        crate::base::files::regular_file(path, "config")?;
        let text = std::fs::read_to_string(path)
            .map_err(|err| Error::input(format!("cannot read config {}: {err}", path.display())))?;
        Config::parse(&text, path)
    }

    /// Parses config text; `path` only names the file in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let config: Config =
            toml::from_str(text).map_err(|err| describe_toml_error(&err, text, path))?;
        config.validate(path)?;
        Ok(config)
    }

    /// Checks what does not depend on the data (splits, sweep bounds, ...); `path` names the file
    /// in errors. `parse` calls it; so does reopening a run, whose run.json may have been edited.
    pub fn validate(&self, path: &Path) -> Result<()> {
        if let Some(score) = self.data.leakage_score {
            if !(score > 0.0 && score <= 1.0) {
                return Err(Error::input(format!(
                    "{}: [data] leakage_score = {score} must be a number in (0, 1] (a ROC-AUC or R² a column alone may reach)",
                    path.display()
                )));
            }
        }
        let split = &self.split;
        for (key, value) in [("validation", split.validation), ("test", split.test)] {
            if !(value > 0.0 && value < 1.0) {
                return Err(Error::input(format!(
                    "{}: [split] {key} = {value} must be between 0 and 1 (exclusive)",
                    path.display()
                )));
            }
        }
        if let Some(n_trees) = self.baseline.n_trees.filter(|&n| n > MAX_BASELINE_TREES) {
            return Err(Error::input(format!(
                "{}: [baseline] n_trees = {n_trees} is over {MAX_BASELINE_TREES}; the baseline always trains, and that many trees would run for days",
                path.display()
            )));
        }
        self.baseline
            .forest_params(TaskKind::Binary)
            .check()
            .map_err(|err| Error::input(format!("{}: [baseline] {err}", path.display())))?;
        self.sweep
            .check()
            .map_err(|err| Error::input(format!("{}: {err}", path.display())))?;
        // The currency stands beside every amount in every output: a 10,000-character one made
        // each report a megabyte per sentence and took minutes per chart (until 2026-12-06).
        if let Some(currency) = self.value.as_ref().and_then(|v| v.currency.as_deref()) {
            let length = currency.chars().count();
            if length > MAX_CURRENCY {
                return Err(Error::input(format!(
                    "{}: [value] currency is {} characters long; it is written beside every amount, so keep it to {MAX_CURRENCY} (\"EUR\", \"cost units\")",
                    path.display(),
                    crate::base::format::thousands(length as f64)
                )));
            }
        }
        if split.validation + split.test >= MAX_HELD_OUT {
            return Err(Error::input(format!(
                "{}: [split] validation + test = {} leaves too few training rows (keep it below {MAX_HELD_OUT})",
                path.display(),
                split.validation + split.test
            )));
        }
        Ok(())
    }
}

/// Turns toml's multi-line error into one line: file, line, key, problem, and for an unknown key
/// the nearest known key.
fn describe_toml_error(err: &toml::de::Error, text: &str, path: &Path) -> Error {
    let message = err.message().trim().to_string();
    let location = err.span().map(|span| {
        let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
        let section = section_before(text, span.start);
        (line, section)
    });
    let place = match &location {
        Some((line, Some(section))) => format!("{} line {line} (in [{section}])", path.display()),
        Some((line, None)) => format!("{} line {line}", path.display()),
        None => path.display().to_string(),
    };
    if let Some((unknown, expected)) = parse_unknown_field(&message) {
        let suggestion = nearest(&unknown, &expected)
            .map(|near| format!("; did you mean `{near}`?"))
            .unwrap_or_default();
        let known = expected
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        // TOML gives every key below a `[a.b]` header to that table: a key of `[a]` written
        // after it (at the end of the file, say) lands there.
        let nested = location
            .as_ref()
            .and_then(|(_, section)| section.as_deref())
            .filter(|_| suggestion.is_empty())
            .and_then(|section| Some((section, section.rsplit_once('.')?.0)))
            .map(|(section, parent)| {
                format!("; every key below the [{section}] header belongs to it, so a key of [{parent}] goes above that header")
            })
            .unwrap_or_default();
        return Error::input(format!(
            "{place}: unknown key `{unknown}`{suggestion} (known keys: {known}){nested}"
        ));
    }
    let key = location
        .as_ref()
        .and(err.span())
        .and_then(|span| key_on_line(text, span.start));
    match key {
        Some(key) => Error::input(format!("{place}: key `{key}`: {message}")),
        None => Error::input(format!("{place}: {message}")),
    }
}

/// serde's message for unknown fields reads "unknown field `x`, expected one of `a`, `b`" (or
/// "expected `a`" with one field): the only place the list of known keys is spelled out.
fn parse_unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let end = rest.find('`')?;
    let unknown = rest[..end].to_string();
    let expected = rest[end + 1..]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((unknown, expected))
}

fn section_before(text: &str, offset: usize) -> Option<String> {
    text[..offset.min(text.len())]
        .lines()
        .rev()
        .map(str::trim)
        .find(|line| line.starts_with('[') && line.ends_with(']'))
        .map(|line| {
            line.trim_matches(|c| c == '[' || c == ']')
                .trim()
                .to_string()
        })
}

fn key_on_line(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[start..].lines().next()?;
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty() && !key.starts_with('[')).then(|| key.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_suggests_nearest() {
        let err = Config::parse("[data]\ntagret = \"y\"\n", Path::new("w.toml")).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("w.toml line 2"), "{text}");
        assert!(text.contains("did you mean `target`?"), "{text}");
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn type_error_names_key_and_line() {
        let err = Config::parse("[baseline]\nn_trees = \"many\"\n", Path::new("w.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 2"), "{err}");
        assert!(err.contains("n_trees"), "{err}");
        assert!(!err.contains('\n'));
    }

    #[test]
    fn labels_of_any_toml_type() {
        let config = Config::parse("[data]\npositive_class = 1\n", Path::new("w.toml")).unwrap();
        assert_eq!(config.data.positive_class.unwrap().as_text(), "1");
        let config =
            Config::parse("[data]\npositive_class = \"yes\"\n", Path::new("w.toml")).unwrap();
        assert_eq!(config.data.positive_class.unwrap().as_text(), "yes");
    }

    #[test]
    fn split_fractions_are_checked() {
        let err = Config::parse("[split]\ntest = 1.5\n", Path::new("w.toml")).unwrap_err();
        assert!(err.to_string().contains("[split] test"));
    }
}
