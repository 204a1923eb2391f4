//! `worthit init`: a commented, valid `worthit.toml` for a data file, written beside it.
//!
//! The target is `--target`, else guessed when obvious (a column named like a target, or a last
//! column with few values); the task, positive class and dropped columns are what `data::load`
//! decides, each with a comment saying why; `[value]` is a commented-out skeleton for the task,
//! so the file runs at once in metric units and prices models once its lines are uncommented.

use std::path::{Path, PathBuf};

use polars_core::prelude::*;

use crate::base::error::{Error, Result};
use crate::base::files::{self, PathKind};
use crate::base::format::{first_few, thousands};
use crate::base::task::TaskKind;
use crate::config::Config;
use crate::data::{self, DataSpec, Table, TargetValues};

/// Columns with at most this many distinct values are offered as target candidates.
const CANDIDATE_DISTINCT: usize = 20;
/// A last column with at most this many distinct values is taken as the target.
const LAST_COLUMN_DISTINCT: usize = 10;
/// Candidates listed in the error when the target cannot be guessed.
const MAX_CANDIDATES: usize = 8;

/// What `worthit init` was asked.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// A data file or a dataset folder holding one.
    pub data: PathBuf,
    /// The target column, when given.
    pub target: Option<String>,
    /// Where to write the config (default: `worthit.toml` beside the data).
    pub out: Option<PathBuf>,
    /// Replace an existing config file.
    pub force: bool,
}

/// What `worthit init` wrote.
#[derive(Debug, Clone)]
pub struct InitOutcome {
    /// The config written.
    pub config_path: PathBuf,
    /// The data file it describes.
    pub data_file: PathBuf,
    /// The target column.
    pub target: String,
    /// Why this target (given, or how it was guessed).
    pub target_reason: String,
    /// The task `load` detected.
    pub task: TaskKind,
    /// The command that runs with the new config.
    pub run_command: String,
}

/// Writes the config; nothing is written on error.
pub fn init(options: &InitOptions) -> Result<InitOutcome> {
    let (data_file, data_dir) = match files::file_or_folder(&options.data, "")? {
        PathKind::Folder => (
            super::input::single_data_file(&options.data)?,
            options.data.clone(),
        ),
        PathKind::File => {
            if !data::is_data_file(&options.data) {
                return Err(Error::input(format!(
                    "{} is not a .csv, .csv.gz or .parquet file",
                    options.data.display()
                )));
            }
            let parent = options
                .data
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from("."));
            (options.data.clone(), parent)
        }
    };
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| data_dir.join("worthit.toml"));
    // The default name taken, the error offers one of the data file's own.
    let own_name = options
        .out
        .is_none()
        .then(|| format!("{}.toml", super::input::data_name(&data_file)));
    check_out(&out, options.force, own_name.as_deref())?;
    let beside = same_folder(&out, &data_dir);

    let frame = data::read_frame(&data_file)?;
    data::check_has_rows(&frame, &data_file)?;
    let (target, target_reason) = match &options.target {
        Some(target) => (target.clone(), "given with --target".to_string()),
        None => guess_target(&frame, &data_file)?,
    };
    // A column empty in every row, or of a type no model can use (a Parquet struct or list), is
    // an error for `load`; here it is one more column to drop.
    let features = frame
        .columns()
        .iter()
        .filter(|c| c.name().as_str() != target);
    let empty: Vec<String> = features
        .clone()
        .filter(|c| c.null_count() == c.len())
        .map(|c| c.name().to_string())
        .collect();
    let unusable: Vec<(String, String)> = features
        .filter(|c| c.null_count() < c.len() && !data::usable_as_feature(c.dtype()))
        .map(|c| (c.name().to_string(), c.dtype().to_string()))
        .collect();
    let spec = DataSpec {
        path: data_file.clone(),
        target: target.clone(),
        task: None,
        positive_class: None,
        drop: empty
            .iter()
            .cloned()
            .chain(unusable.iter().map(|(name, _)| name.clone()))
            .collect(),
    };
    let mut table = data::from_frame(frame.clone(), &spec, String::new())?;
    for column in &mut table.dropped {
        if empty.contains(&column.name) {
            column.reason = "empty in every row".into();
        } else if let Some((_, dtype)) = unusable.iter().find(|(name, _)| *name == column.name) {
            column.reason = format!("of type {dtype}, which no model can use");
        }
    }
    table.dropped.extend(leaky_columns(&table));
    let file_name = data_file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let text = render(&table, &file_name, &target_reason, beside);
    // What we write must be what `run` reads: a config that does not parse is our bug.
    Config::parse(&text, &out).map_err(|err| {
        Error::internal(format!(
            "worthit init wrote a config that does not parse: {err}"
        ))
    })?;
    crate::store::staging::write_atomic(&out, text.as_bytes())?;
    // `worthit run FOLDER` reads only the folder's worthit.toml; any other config is named.
    let run_command = if beside && out.file_name() == Some("worthit.toml".as_ref()) {
        format!("worthit run {}", data_dir.display())
    } else {
        format!(
            "worthit run {} --config {}",
            data_file.display(),
            out.display()
        )
    };
    Ok(InitOutcome {
        config_path: out,
        data_file,
        target,
        target_reason,
        task: table.task,
        run_command,
    })
}

/// The seed the written config starts with.
const INIT_SEED: u64 = 42;

/// Columns that alone predict the target as well as `[data] leakage_score`'s default, scored as a
/// run scores them (split and seed as a run of this config would use), so the first run does not
/// learn from them. Data too small to split has none.
fn leaky_columns(table: &Table) -> Vec<data::DroppedColumn> {
    use crate::data::feature_scores::{score_features, DEFAULT_LEAKAGE_SCORE};
    use crate::data::prepared::PreparedData;
    let fractions = Config::default().split_fractions();
    let Ok(prepared) = PreparedData::from_table(table.clone(), fractions, INIT_SEED) else {
        return Vec::new();
    };
    score_features(&prepared, INIT_SEED, DEFAULT_LEAKAGE_SCORE, None)
        .leakage
        .into_iter()
        .map(|leak| data::DroppedColumn {
            name: leak.name,
            reason: format!(
                "possible leakage: {}; delete this line if its value is known before the outcome",
                leak.reason
            ),
        })
        .collect()
}

/// Refuses a config path that exists (without `--force`), that is not a `.toml` name, or that
/// is not a regular file, before any work.
fn check_out(out: &Path, force: bool, own_name: Option<&str>) -> Result<()> {
    let shown = out.display();
    if out.extension().and_then(|e| e.to_str()) != Some("toml") {
        return Err(Error::input(format!(
            "{shown}: the config must be a .toml file"
        )));
    }
    if files::is_present(out) {
        if !force {
            // It may be another data file's config: --force would lose it.
            let another = match own_name {
                Some(name) => format!("--out {name}"),
                None => "another --out FILE".to_string(),
            };
            return Err(Error::input(format!(
                "{shown} already exists; pass {another} to write a config beside it, or --force to replace it"
            )));
        }
        let regular = std::fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_file());
        if !regular {
            return Err(Error::input(format!(
                "{shown} is not a regular file; --force replaces only a config file"
            )));
        }
    }
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !parent.is_dir() {
        return Err(Error::input(format!(
            "{shown}: folder {} does not exist",
            parent.display()
        )));
    }
    Ok(())
}

/// Whether the config goes into the data's folder (then `[data] file` names the data file).
fn same_folder(out: &Path, data_dir: &Path) -> bool {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match (parent.canonicalize(), data_dir.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Distinct non-missing values of a column.
fn distinct_values(column: &Column) -> usize {
    let distinct = column.n_unique().unwrap_or(usize::MAX);
    distinct.saturating_sub(usize::from(column.null_count() > 0))
}

/// A column with few values that could be a class label (not a float measurement).
fn few_values(column: &Column, limit: usize) -> bool {
    !column.dtype().is_float() && (2..=limit).contains(&distinct_values(column))
}

/// How strongly a column's name says "target": 0 a usual target name, 1 `default...` or a usual
/// regression target's name (a house or sale price: Ames housing's `Sale_Price` is not its last
/// column), 2 `is_...`; `None` for other names.
fn name_rank(name: &str) -> Option<u8> {
    const NAMES: [&str; 12] = [
        "target",
        "label",
        "y",
        "class",
        "outcome",
        "churn",
        "churned",
        "response",
        "survived",
        "subscribed",
        "fraud",
        "is_fraud",
    ];
    // Compared without case, spaces, underscores or hyphens: `Sale_Price`, `SalePrice`.
    const PRICES: [&str; 7] = [
        "price",
        "saleprice",
        "salesprice",
        "sellingprice",
        "houseprice",
        "medianhousevalue",
        "medv",
    ];
    let lower = name.trim().to_lowercase();
    let squeezed: String = lower
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .collect();
    if NAMES.contains(&lower.as_str()) {
        Some(0)
    } else if lower.starts_with("default") || PRICES.contains(&squeezed.as_str()) {
        Some(1)
    } else if lower.starts_with("is_") {
        Some(2)
    } else {
        None
    }
}

/// The target `worthit init` would write for `data_file`, with why, when it is obvious: what a
/// run given no target suggests in its error. `None` when the file cannot be read or no column
/// stands out.
pub fn likely_target(data_file: &Path) -> Option<(String, String)> {
    let frame = data::read_frame(data_file).ok()?;
    guess_target(&frame, data_file).ok()
}

/// The target when it is obvious, with why; else an error listing likely candidates.
fn guess_target(frame: &DataFrame, data_file: &Path) -> Result<(String, String)> {
    let columns = frame.columns();
    let best = columns
        .iter()
        .filter_map(|c| name_rank(c.name()).map(|rank| (rank, c)))
        .map(|(rank, _)| rank)
        .min();
    if let Some(best) = best {
        let named: Vec<&Column> = columns
            .iter()
            .filter(|c| name_rank(c.name()) == Some(best))
            .collect();
        if let [only] = named[..] {
            return Ok((only.name().to_string(), "guessed from its name".to_string()));
        }
    }
    if let Some(last) = columns.last() {
        if columns.len() > 1 && few_values(last, LAST_COLUMN_DISTINCT) {
            return Ok((
                last.name().to_string(),
                format!(
                    "guessed: the last column, with {} distinct values",
                    distinct_values(last)
                ),
            ));
        }
    }
    let candidates: Vec<String> = columns
        .iter()
        .filter(|c| few_values(c, CANDIDATE_DISTINCT))
        .map(|c| format!("`{}`", c.name()))
        .collect();
    let listed = if candidates.is_empty() {
        "no column has few enough distinct values to be a class label".to_string()
    } else {
        format!(
            "likely candidates (few distinct values): {}",
            first_few(&candidates, MAX_CANDIDATES)
        )
    };
    Err(Error::input(format!(
        "{}: cannot tell which column is the target; {listed}; pass --target COLUMN",
        data_file.display()
    )))
}

/// A TOML basic string on one line: quotes, backslashes and every control character escaped,
/// so a name from the data can go in a value or, quoted, in a comment.
pub fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The config text.
fn render(table: &Table, file_name: &str, target_reason: &str, beside: bool) -> String {
    let mut lines: Vec<String> = vec![
        format!(
            "# worthit.toml for {}, written by `worthit init`: check it, then run `worthit run`.",
            toml_string(file_name)
        ),
        "# Every key is explained in the README (\"worthit.toml\" and \"Business value: [value]\").".into(),
        format!("seed = {INIT_SEED}"),
        String::new(),
        "[data]".into(),
    ];
    if beside {
        lines.push(format!("file = {}", toml_string(file_name)));
    } else {
        lines.push(format!(
            "# file = {}  # the data file, relative to the folder `worthit run` is given",
            toml_string(file_name)
        ));
    }
    lines.push(format!(
        "target = {}  # {target_reason}",
        toml_string(&table.target_name)
    ));
    lines.push(format!(
        "task = \"{}\"  # {}",
        table.task.name(),
        task_reason(table)
    ));
    if let TargetValues::Classes {
        classes,
        positive: Some(positive),
        y,
    } = &table.target
    {
        lines.push(format!("# {}", positive_reason(classes, *positive, y)));
        lines.push(format!(
            "positive_class = {}",
            toml_string(&classes[*positive as usize])
        ));
    }
    if table.dropped.is_empty() {
        lines.push(
            "# drop = []  # columns never used as features; none looked like an ID or constant"
                .into(),
        );
    } else {
        lines.push("# Columns never used as features; a column known only after the decision leaks the answer: add it too.".into());
        lines.push("drop = [".into());
        for column in &table.dropped {
            lines.push(format!(
                "  {},  # {}",
                toml_string(&column.name),
                column.reason
            ));
        }
        lines.push("]".into());
    }
    lines.push(String::new());
    lines.extend(value_skeleton(table));
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

fn task_reason(table: &Table) -> String {
    match &table.target {
        TargetValues::Classes { classes, .. } if classes.len() == 2 => format!(
            "detected: two classes, {} and {}",
            toml_string(&classes[0]),
            toml_string(&classes[1])
        ),
        TargetValues::Classes { classes, .. } => match crate::data::classes_alike(classes).first() {
            // A binary "yes"/"Yes"/" yes" export reads as four classes: say why there are so many.
            Some(alike) => format!(
                "detected: {} classes, some differing only in case or spaces ({}): if they are one class, clean the column",
                classes.len(),
                alike.iter().map(|c| toml_string(c)).collect::<Vec<_>>().join(", ")
            ),
            // A rating or a count reads as classes: say how to treat it as the numbers it is.
            None if classes.iter().all(|c| c.trim().parse::<f64>().is_ok()) => format!(
                "detected: {} classes, all numbers: if they are a scale or an amount (a rating, a count), task = \"regression\" predicts them as numbers",
                classes.len()
            ),
            None => format!("detected: {} classes", classes.len()),
        },
        TargetValues::Values(_) => "detected: a numeric target with many values".into(),
    }
}

/// Why `load` chose this positive class (the same rule as `data::positive_class`).
fn positive_reason(classes: &[String], positive: u32, y: &[u32]) -> String {
    if data::labels_name_their_positive(classes) {
        return "The positive class is the usual one for 0/1, false/true or no/yes labels; name the other class to change it.".into();
    }
    let count = y.iter().filter(|&&c| c == positive).count();
    let total = y.len();
    if 2 * count == total {
        format!(
            "The classes are equally common ({} rows each); the positive class is the later one in sorted order. Name the other class to change it.",
            thousands(count as f64)
        )
    } else {
        format!(
            "The positive class is the rarer one ({} of {} rows): what the model looks for. Name the other class to change it.",
            thousands(count as f64),
            thousands(total as f64)
        )
    }
}

/// The `[value]` section, commented out so the file runs as written (in metric units). Deleting
/// the leading "# " of the `[value]` line and of every line below it, as the file says, gives a
/// valid section: explanations start with "## " and stay comments.
fn value_skeleton(table: &Table) -> Vec<String> {
    let mut lines = vec![
        "# Business value: uncomment the [value] line and the lines below it (delete the leading \"# \"),".into(),
        "# then put in your numbers. Every number may be a range [low, high]; see \"Business value\" in the README.".into(),
        "# [value]".into(),
        "# currency = \"EUR\"  # printed with every amount".into(),
    ];
    match &table.target {
        TargetValues::Classes {
            classes,
            positive: Some(positive),
            ..
        } => {
            let positive = toml_string(&classes[*positive as usize]);
            lines.push(format!(
                "## Payoff of one decision (positive = a gain, negative = a loss); acting = predicting {positive}."
            ));
            lines.push("# tp = [0, 0]  # a positive case you acted on: what acting earns".into());
            lines.push("# fp = [0, 0]  # a negative case you acted on: what acting in vain costs (negative)".into());
            lines.push(
                "# fn = [0, 0]  # a positive case you missed: what missing it costs (negative)"
                    .into(),
            );
            lines.push("# tn = [0, 0]  # a negative case you left alone: usually 0".into());
            lines.push("## A payoff may also be an SQL expression over the row's columns, e.g. \"-12 * amount\",".into());
            lines.push(
                "## or one times an uncertain factor: { expr = \"-amount\", times = [0.4, 0.7] }."
                    .into(),
            );
        }
        TargetValues::Classes { .. } => {}
        TargetValues::Values(_) => {
            lines.push(format!(
                "# per_abs_error = [0, 0]  # what one unit of absolute error in {} is worth per decision (negative: a loss)",
                toml_string(&table.target_name)
            ));
        }
    }
    lines.push(format!(
        "# decisions_per_year = {}  # decisions the model makes a year (default: the data's row count)",
        table.n_rows()
    ));
    lines.push("# horizon_years = 1  # years the model is used".into());
    lines.push(
        "# core_hour = [0.03, 0.10]  # price of one CPU core-hour (training, tuning, serving)"
            .into(),
    );
    lines.push("# trial_cost = [0, 0]  # fixed cost of one tuning trial (a person's look, a job's overhead)".into());
    if let TargetValues::Classes {
        classes,
        positive: None,
        ..
    } = &table.target
    {
        lines.extend(cost_matrix_skeleton(classes));
    }
    lines
}

/// A multiclass `[value.cost_matrix]`, one row of the matrix per line named by its actual class,
/// so a matrix of many classes can be filled in row by row. It is a table of its own, so it
/// comes last: keys written below it would belong to it. Every cell is a 0, which a matrix left
/// all 0 is refused for, as the other tasks' `[0, 0]` placeholders are: until 2026-12-06 its
/// wrong calls were 1s, and uncommented unchanged they priced the run at a made-up 1 a mistake.
fn cost_matrix_skeleton(classes: &[String]) -> Vec<String> {
    let names: Vec<String> = classes.iter().map(|c| toml_string(c)).collect();
    let mut lines = vec![
        "## Cost of one decision (positive = a loss): rows the actual class, columns the predicted one,".into(),
        "## in the order of classes; right calls cost 0; put each wrong call's cost in place of its 0".into(),
        "## (the 0s off the diagonal are placeholders: a matrix left all 0 is refused).".into(),
        "# [value.cost_matrix]".into(),
        format!("# classes = [{}]", names.join(", ")),
        "# matrix = [".into(),
    ];
    let zeros = vec!["0"; classes.len()].join(", ");
    for name in &names {
        lines.push(format!("#   [{zeros}],  # actual {name}"));
    }
    lines.push("# ]".into());
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings_round_trip_through_the_parser() {
        for text in [
            "plain",
            "a \"quoted\" ]name[",
            "new\nline",
            "tab\t\\back",
            "bell\u{7}",
            "é ü",
        ] {
            let doc = format!("x = {}\n", toml_string(text));
            let value: toml::Table = toml::from_str(&doc).unwrap();
            assert_eq!(value["x"].as_str(), Some(text), "{doc}");
            assert!(!toml_string(text).contains('\n'));
        }
    }

    #[test]
    fn target_names_rank() {
        assert_eq!(name_rank("Churn"), Some(0));
        assert_eq!(name_rank("default_payment"), Some(1));
        assert_eq!(name_rank("is_active"), Some(2));
        assert_eq!(name_rank("age"), None);
        for price in [
            "Sale_Price",
            "SalePrice",
            "price",
            "median_house_value",
            "MEDV",
        ] {
            assert_eq!(name_rank(price), Some(1), "{price}");
        }
        // A price among the features is not taken for the target.
        assert_eq!(name_rank("unit_price"), None);
    }
}
