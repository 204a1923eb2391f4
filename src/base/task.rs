//! What is being learned: the task kind and class labels as the user writes them. Every layer
//! speaks of tasks, so they live at the bottom.

use serde::{Deserialize, Serialize};

/// The learning task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TaskKind {
    /// Two classes.
    Binary,
    /// Three or more classes.
    Multiclass,
    /// A numeric target.
    Regression,
}

impl TaskKind {
    /// The validation metric models are ranked by until a value function is configured:
    /// ROC-AUC for classification, RMSE for regression.
    pub fn primary_metric(self) -> &'static str {
        match self {
            TaskKind::Regression => "rmse",
            _ => "roc_auc",
        }
    }

    /// The lowercase name used in configs and reports.
    pub fn name(self) -> &'static str {
        match self {
            TaskKind::Binary => "binary",
            TaskKind::Multiclass => "multiclass",
            TaskKind::Regression => "regression",
        }
    }
}

/// A class label as written in TOML: `"yes"`, `1` or `true` all name a class.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Label {
    /// An integer label.
    Integer(i64),
    /// A boolean label.
    Boolean(bool),
    /// A text label.
    Text(String),
}

impl Label {
    /// The label as the text worthit uses for class names.
    pub fn as_text(&self) -> String {
        match self {
            Label::Integer(value) => value.to_string(),
            Label::Boolean(value) => value.to_string(),
            Label::Text(value) => value.clone(),
        }
    }
}
