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

/// Where the class a config names (`positive_class`, a `cost_matrix` class) is among the
/// target's `classes`: the class of that name, or else, in any case, the class `true` or `false`
/// of a true/false target. polars reads `True`/`False` (what pandas writes) and `TRUE`/`FALSE`
/// (a spreadsheet's) as booleans, whose classes are `true` and `false`; until 2026-12-06 a config
/// naming the class as the file writes it, `positive_class = "True"`, was refused.
pub fn class_position(classes: &[String], name: &str) -> Option<usize> {
    classes.iter().position(|class| class == name).or_else(|| {
        classes.iter().position(|class| {
            matches!(class.as_str(), "true" | "false") && class.eq_ignore_ascii_case(name)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::class_position;

    #[test]
    fn a_true_false_class_is_named_in_any_case_and_others_exactly() {
        let booleans = ["false".to_string(), "true".to_string()];
        for (name, position) in [("true", 1), ("True", 1), ("TRUE", 1), ("False", 0)] {
            assert_eq!(class_position(&booleans, name), Some(position), "{name}");
        }
        assert_eq!(class_position(&booleans, "yes"), None);
        let words = ["No".to_string(), "Yes".to_string()];
        assert_eq!(class_position(&words, "Yes"), Some(1));
        assert_eq!(class_position(&words, "yes"), None);
        // Text classes `True` and `true` both: the exact name wins.
        let both = ["True".to_string(), "true".to_string()];
        assert_eq!(class_position(&both, "True"), Some(0));
        assert_eq!(class_position(&both, "true"), Some(1));
    }
}
