//! `worthit init`: the config it writes parses, runs as written, names the right target, task,
//! positive class and dropped columns, prices models once its `[value]` lines are uncommented,
//! and never replaces a file without `--force`.

use std::path::{Path, PathBuf};

use worthit::config::Config;

use crate::common::*;

/// Runs `worthit init` in `dir` and asserts success.
fn init_ok(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["init"];
    all.extend_from_slice(args);
    let output = worthit_in(dir, &all);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    stderr(&output)
}

fn parse(path: &Path) -> Config {
    let text = std::fs::read_to_string(path).unwrap();
    Config::parse(&text, path).unwrap_or_else(|err| panic!("{err}\n{text}"))
}

/// A run of the config in `dir` whose `[value]` placeholders were uncommented unchanged is
/// refused in one line naming the config and saying `why`, and leaves no run folder.
fn assert_placeholders_refused(dir: &Path, why: &str) {
    let output = run_args(".")
        .trials(0)
        .quiet()
        .out("placeholder")
        .output_in(dir);
    let line = one_line_error(&output);
    assert!(
        line.contains("worthit.toml") && line.contains(why),
        "{line}"
    );
    assert!(!dir.join("placeholder").exists());
}

/// The config as its own instruction says to price it: the leading "# " deleted from the
/// `[value]` line and from every line below it.
fn uncomment(text: &str) -> String {
    let mut in_value = false;
    text.lines()
        .map(|line| {
            in_value |= line == "# [value]";
            match line.strip_prefix("# ") {
                Some(rest) if in_value => rest.to_string(),
                _ => line.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A seeded table: `id` (a different integer in every row), `const` (one value), `x1` (decides
/// the target), `x2` (noise), `city` (categorical) and the target in the last column.
fn synthetic_csv(
    rows: usize,
    target_header: &str,
    target: impl Fn(f64, f64, f64) -> String,
) -> String {
    let mut text = format!("id,const,x1,x2,city,{target_header}\n");
    let mut next = uniform_stream(7);
    for row in 0..rows {
        let (x1, x2, noise) = (next() * 10.0, next() * 10.0, next());
        let city = ["north", "south", "east"][row % 3];
        let label = target(x1, x2, noise);
        text.push_str(&format!(
            "{},k,{x1:.3},{x2:.3},{city},{label}\n",
            1000 + row
        ));
    }
    text
}

fn binary_csv() -> String {
    // Two columns decide it, so neither alone comes near the full model (a leakage flag).
    synthetic_csv(300, "churned", |x1, x2, noise| {
        if x1 + 0.8 * x2 + 4.0 * noise > 11.0 {
            "yes"
        } else {
            "no"
        }
        .to_string()
    })
}

fn multiclass_csv() -> String {
    synthetic_csv(300, "label", |x1, _, noise| {
        let v = x1 + 2.0 * noise;
        if v < 4.0 {
            "low"
        } else if v < 8.0 {
            "mid"
        } else {
            "high"
        }
        .to_string()
    })
}

fn regression_csv() -> String {
    synthetic_csv(300, "target", |x1, _, noise| {
        format!("{:.3}", 3.0 * x1 + noise)
    })
}

fn data_file_of(dataset: &Path) -> PathBuf {
    std::fs::read_dir(dataset)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            let name = p.to_string_lossy();
            name.ends_with(".csv") || name.ends_with(".csv.gz") || name.ends_with(".parquet")
        })
        .unwrap_or_else(|| panic!("no data file in {}", dataset.display()))
}

#[test]
fn init_on_every_shipped_dataset_guesses_its_target_and_runs() {
    let mut seen = 0;
    let mut datasets: Vec<PathBuf> = std::fs::read_dir(root().join("datasets"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("worthit.toml").is_file())
        .collect();
    datasets.sort();
    for dataset in datasets {
        let shipped = Config::load(&dataset.join("worthit.toml")).unwrap();
        let data = data_file_of(&dataset);
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(&data, dir.path().join(data.file_name().unwrap())).unwrap();
        let name = data.file_name().unwrap().to_string_lossy().to_string();
        let said = init_ok(dir.path(), &[&name]);
        assert!(said.contains("worthit run"), "{said}");
        let written = parse(&dir.path().join("worthit.toml"));
        assert_eq!(
            written.data.target,
            shipped.data.target,
            "{}",
            dataset.display()
        );
        assert_eq!(written.data.positive_class, shipped.data.positive_class);
        assert!(written.value.is_none(), "[value] is commented out");
        // Shipped drops that are ID-like are found (telco's customerID); leaks are not.
        for column in &written.data.drop {
            assert!(
                shipped.data.drop.contains(column),
                "{}: dropped {column}",
                dataset.display()
            );
        }
        run_args(dir.path())
            .trials(0)
            .quiet()
            .out("r")
            .ok_in(dir.path());
        assert!(dir.path().join("r").join("results.json").is_file());
        seen += 1;
    }
    assert!(seen >= 3, "only {seen} shipped datasets");
}

#[test]
fn binary_skeleton_prices_a_run_once_uncommented() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "data.csv", &binary_csv());
    init_ok(dir.path(), &["data.csv"]);
    let path = dir.path().join("worthit.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let config = parse(&path);
    assert_eq!(config.data.target.as_deref(), Some("churned"));
    assert!(text.contains("positive_class = \"yes\""), "{text}");
    assert!(
        text.contains("the usual one for 0/1, false/true or no/yes labels"),
        "{text}"
    );
    for key in ["tp", "fp", "fn", "tn"] {
        assert!(text.contains(&format!("\n# {key} = [0, 0]  # ")), "{text}");
    }
    assert!(text.contains("\n# [value]\n"), "{text}");
    run_args(".")
        .trials(0)
        .quiet()
        .out("plain")
        .ok_in(dir.path());
    // Unpriced, it says where to add [value]: the config it read, which `worthit init` (the hint
    // of a run without one) would refuse to replace.
    let plain = dir.path().join("plain");
    assert_eq!(results(&plain)["dataset"]["config_file"], "./worthit.toml");
    let markdown = std::fs::read_to_string(plain.join("report.md")).unwrap();
    assert!(
        markdown.contains("and run again; the config this run read: `./worthit.toml`"),
        "{markdown}"
    );
    assert!(!markdown.contains("`worthit init"), "{markdown}");

    let priced = uncomment(&text)
        .replace("tp = [0, 0]", "tp = [5, 8]")
        .replace("fp = [0, 0]", "fp = -2")
        .replace("fn = [0, 0]", "fn = [-10, -6]");
    std::fs::write(&path, &priced).unwrap();
    let config = parse(&path);
    assert!(config.value.is_some(), "{priced}");
    run_args(".")
        .trials(0)
        .quiet()
        .out("priced")
        .ok_in(dir.path());
    let results = results(&dir.path().join("priced"));
    assert_eq!(results["value"]["currency"], "EUR", "{priced}");
}

#[test]
fn yes_is_the_positive_class_of_yes_no_labels_however_common() {
    // `yes` in about 70% of the rows: the rarer class would be `no`.
    let text = synthetic_csv(300, "Approved", |x1, _, noise| {
        if x1 + 4.0 * noise > 3.5 { "Yes" } else { "No" }.to_string()
    });
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "data.csv", &text);
    let yes = text.lines().filter(|line| line.ends_with(",Yes")).count();
    assert!(yes > 180, "{yes} of 300");
    init_ok(dir.path(), &["data.csv", "--target", "Approved"]);
    let path = dir.path().join("worthit.toml");
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        parse(&path)
            .data
            .positive_class
            .map(|label| label.as_text()),
        Some("Yes".to_string()),
        "{written}"
    );
    assert!(written.contains("no/yes labels"), "{written}");
}

#[test]
fn multiclass_skeleton_has_a_zero_diagonal_cost_matrix_of_the_data_classes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "data.csv", &multiclass_csv());
    init_ok(dir.path(), &["data.csv"]);
    let path = dir.path().join("worthit.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    parse(&path);
    assert!(text.contains("task = \"multiclass\""), "{text}");
    assert!(!text.contains("positive_class"), "{text}");
    assert!(
        text.contains(
            "# [value.cost_matrix]\n# classes = [\"high\", \"low\", \"mid\"]\n# matrix = [\n\
             #   [0, 0, 0],  # actual \"high\"\n#   [0, 0, 0],  # actual \"low\"\n\
             #   [0, 0, 0],  # actual \"mid\"\n# ]\n"
        ),
        "{text}"
    );
    std::fs::write(&path, uncomment(&text)).unwrap();
    let matrix = parse(&path).value.and_then(|value| value.cost_matrix);
    let matrix = matrix.unwrap_or_else(|| panic!("no cost matrix in\n{}", uncomment(&text)));
    assert_eq!(matrix.classes, ["high", "low", "mid"]);
    // Uncommented unchanged, its placeholders are refused, as the other tasks' are (until
    // 2026-12-06 its wrong calls were 1s, and priced the run at a made-up 1 a mistake).
    assert_placeholders_refused(
        dir.path(),
        "[value] cost_matrix.matrix is all 0, so no decision costs anything and every model prices at 0: put in what each wrong call costs (the 0s worthit init writes are placeholders)",
    );
    let priced = uncomment(&text).replace(
        "[0, 0, 0],  # actual \"high\"",
        "[0, 5, 2],  # actual \"high\"",
    );
    std::fs::write(&path, priced).unwrap();
    run_args(".")
        .trials(0)
        .quiet()
        .out("priced")
        .ok_in(dir.path());
    assert!(!results(&dir.path().join("priced"))["value"].is_null());
    // A regression's models decide at no threshold: its value table has no column for one
    // (until 2026-12-06 a column of dashes).
    let markdown = std::fs::read_to_string(dir.path().join("priced/report.md")).unwrap();
    assert!(
        markdown.contains("| model | test value/year, 90% interval |"),
        "{markdown}"
    );
    assert!(!markdown.contains("threshold |"), "{markdown}");
}

/// A rating from 1 to 5 reads as five classes; the task's comment says how to predict it as a
/// number, which text classes are not told.
#[test]
fn classes_that_are_all_numbers_are_told_how_to_be_a_regression() {
    let dir = tempfile::tempdir().unwrap();
    let ratings = synthetic_csv(300, "rating", |x1, _, noise| {
        format!("{}", (x1 / 2.5 + noise).floor().clamp(0.0, 4.0) as u32 + 1)
    });
    write(dir.path(), "data.csv", &ratings);
    init_ok(dir.path(), &["data.csv"]);
    let path = dir.path().join("worthit.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains(
            "task = \"multiclass\"  # detected: 5 classes, all numbers: if they are a scale or an \
             amount (a rating, a count), task = \"regression\" predicts them as numbers\n"
        ),
        "{text}"
    );
    parse(&path);
    write(dir.path(), "words.csv", &multiclass_csv());
    init_ok(dir.path(), &["words.csv", "--force"]);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("# detected: 3 classes\n"), "{text}");
}

#[test]
fn regression_skeleton_values_absolute_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "data.csv", &regression_csv());
    init_ok(dir.path(), &["data.csv"]);
    let path = dir.path().join("worthit.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    parse(&path);
    assert!(text.contains("task = \"regression\""), "{text}");
    assert!(text.contains("\n# per_abs_error = [0, 0]  # "), "{text}");
    assert!(!text.contains("# tp = "), "{text}");
    // Uncommented unchanged, its placeholder is refused as the binary ones are, naming the file
    // and the key (until 2026-12-06 it was [-1, -1], and priced the run with it).
    std::fs::write(&path, uncomment(&text)).unwrap();
    assert!(parse(&path).value.is_some());
    assert_placeholders_refused(
        dir.path(),
        "[value] per_abs_error is 0, so no error costs anything and every model prices at 0: put in what an error costs (the [0, 0] lines worthit init writes are placeholders)",
    );
    let priced = uncomment(&text).replace("per_abs_error = [0, 0]", "per_abs_error = [-3, -1]");
    std::fs::write(&path, priced).unwrap();
    run_args(".")
        .trials(0)
        .quiet()
        .out("priced")
        .ok_in(dir.path());
    assert!(!results(&dir.path().join("priced"))["value"].is_null());
}

#[test]
fn a_sale_price_column_is_taken_for_the_target_wherever_it_stands() {
    // As in Ames housing: the price before the coordinates, which come last; every column has
    // many values.
    let dir = tempfile::tempdir().unwrap();
    let mut next = uniform_stream(11);
    let mut text = String::from("Sale_Price,area,Longitude,Latitude\n");
    for _ in 0..200 {
        let (area, lon, lat) = (500.0 + 2000.0 * next(), -93.6 - next(), 42.0 + next());
        text.push_str(&format!(
            "{:.0},{area:.1},{lon:.5},{lat:.5}\n",
            20_000.0 + 90.0 * area + 5_000.0 * next()
        ));
    }
    write(dir.path(), "houses.csv", &text);
    init_ok(dir.path(), &["houses.csv"]);
    let path = dir.path().join("worthit.toml");
    let written = std::fs::read_to_string(&path).unwrap();
    let config = parse(&path);
    assert_eq!(
        config.data.target.as_deref(),
        Some("Sale_Price"),
        "{written}"
    );
    assert!(written.contains("guessed from its name"), "{written}");
    assert!(written.contains("task = \"regression\""), "{written}");
}

#[test]
fn id_like_and_constant_columns_are_dropped_with_their_reason() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "data.csv", &binary_csv());
    init_ok(dir.path(), &["data.csv"]);
    let path = dir.path().join("worthit.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(parse(&path).data.drop, vec!["id", "const"]);
    assert!(
        text.contains("  \"id\",  # ID-like: a different value in every row\n"),
        "{text}"
    );
    assert!(text.contains("  \"const\",  # constant\n"), "{text}");
}

#[test]
fn a_column_written_from_a_multiclass_target_is_dropped_as_possible_leakage() {
    // Six classes set by x1 with noise; `family` groups them in pairs, as KDD Cup 99's
    // `attack_category` groups its attacks: alone it cannot reach 0.95 ROC-AUC (each of its
    // values holds two classes), but the class gives it in every row.
    let mut text = String::from("x1,x2,family,label\n");
    let mut next = uniform_stream(11);
    for _ in 0..900 {
        let (x1, x2, noise) = (next() * 6.0, next(), next());
        let class = ((x1 + noise * 1.5) as usize).min(5);
        let family = ["ab", "ab", "cd", "cd", "ef", "ef"][class];
        text.push_str(&format!("{x1:.3},{x2:.3},{family},c{class}\n"));
    }
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "data.csv", &text);
    init_ok(dir.path(), &["data.csv", "--target", "label"]);
    let path = dir.path().join("worthit.toml");
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(parse(&path).data.drop, vec!["family"], "{written}");
    assert!(
        written.contains("\"family\",  # possible leakage: takes the value its row's class gives in 100.0% of validation rows"),
        "{written}"
    );
}

#[test]
fn never_overwrites_without_force_and_force_replaces_only_a_config() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "data.csv", &binary_csv());
    let config = write(dir.path(), "worthit.toml", "# mine\n");
    let output = worthit_in(dir.path(), &["init", "data.csv"]);
    let err = one_line_error(&output);
    assert!(
        err.contains("worthit.toml") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&config).unwrap(), "# mine\n");

    init_ok(dir.path(), &["data.csv", "--force"]);
    assert!(parse(&config).data.target.is_some());

    // --force never replaces a data file or a folder.
    let data_before = std::fs::read_to_string(dir.path().join("data.csv")).unwrap();
    let err = one_line_error(&worthit_in(
        dir.path(),
        &["init", "data.csv", "--out", "data.csv", "--force"],
    ));
    assert!(err.contains("data.csv"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("data.csv")).unwrap(),
        data_before
    );
    std::fs::create_dir(dir.path().join("folder.toml")).unwrap();
    let err = one_line_error(&worthit_in(
        dir.path(),
        &["init", "data.csv", "--out", "folder.toml", "--force"],
    ));
    assert!(err.contains("folder.toml"), "{err}");
    assert!(dir.path().join("folder.toml").is_dir());
}

#[test]
fn out_writes_elsewhere_and_a_dataset_folder_works() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    write(&data, "table.csv", &binary_csv());
    let said = init_ok(dir.path(), &["data/table.csv", "--out", "elsewhere.toml"]);
    assert!(!data.join("worthit.toml").exists());
    parse(&dir.path().join("elsewhere.toml"));
    assert!(said.contains("--config elsewhere.toml"), "{said}");
    run_args("data/table.csv")
        .config("elsewhere.toml")
        .trials(0)
        .quiet()
        .out("r")
        .ok_in(dir.path());

    init_ok(dir.path(), &["data"]);
    let config = parse(&data.join("worthit.toml"));
    assert_eq!(config.data.file, Some(PathBuf::from("table.csv")));
    run_args("data")
        .trials(0)
        .quiet()
        .out("r2")
        .ok_in(dir.path());
}

#[test]
fn an_unguessable_target_is_a_one_line_error_listing_candidates() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("a,grp,b\n");
    for row in 0..60 {
        text.push_str(&format!(
            "{}.5,{},{}.25\n",
            row,
            ["red", "green", "blue"][row % 3],
            row * 7 % 13
        ));
    }
    write(dir.path(), "data.csv", &text);
    let err = one_line_error(&worthit_in(dir.path(), &["init", "data.csv"]));
    assert!(err.contains("data.csv"), "{err}");
    assert!(err.contains("`grp`"), "{err}");
    assert!(!err.contains("`a`"), "{err}");
    assert!(err.contains("--target"), "{err}");
    assert!(!dir.path().join("worthit.toml").exists());

    init_ok(dir.path(), &["data.csv", "--target", "grp"]);
    let config = parse(&dir.path().join("worthit.toml"));
    assert_eq!(config.data.target.as_deref(), Some("grp"));
    // A target that is not a column: one line naming it, nothing written.
    std::fs::remove_file(dir.path().join("worthit.toml")).unwrap();
    let err = one_line_error(&worthit_in(
        dir.path(),
        &["init", "data.csv", "--target", "nope"],
    ));
    assert!(err.contains("nope"), "{err}");
    assert!(!dir.path().join("worthit.toml").exists());
}

#[test]
fn hostile_names_and_classes_give_a_valid_config() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("\"we\"\"ird]\nname\",\"tab\tid\",x1,\"a\\b = [1]\"\n");
    let classes = ["say \"\"hi\"\"", "x]y\nz", "plain # not a comment"];
    for row in 0..90 {
        let class = classes[(row / 30) % 3];
        text.push_str(&format!("{},{},{}.5,\"{class}\"\n", row % 4, row, row % 30));
    }
    write(dir.path(), "data.csv", &text);
    init_ok(dir.path(), &["data.csv", "--target", "a\\b = [1]"]);
    let path = dir.path().join("worthit.toml");
    let config = parse(&path);
    assert_eq!(config.data.target.as_deref(), Some("a\\b = [1]"));
    assert_eq!(config.data.drop, vec!["tab\tid"]);
    let written = std::fs::read_to_string(&path).unwrap();
    // The matrix's placeholders filled in: one wrong call costs something.
    let uncommented = uncomment(&written).replacen("[0, 0, 0]", "[0, 1, 1]", 1);
    let priced =
        Config::parse(&uncommented, &path).unwrap_or_else(|err| panic!("{err}\n{uncommented}"));
    let matrix = priced.value.unwrap().cost_matrix.unwrap();
    assert_eq!(matrix.classes.len(), 3);
    assert!(
        matrix.classes.contains(&"x]y\nz".to_string()),
        "{uncommented}"
    );
    run_args(".").trials(0).quiet().out("r").ok_in(dir.path());
}

#[test]
fn hostile_binary_classes_stay_inside_their_strings_and_comments() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("x1,x2,outcome\n");
    for row in 0..80 {
        let class = if row % 4 == 0 {
            "\"yes\"\"]\""
        } else {
            "\"no\nreally\""
        };
        text.push_str(&format!("{}.5,{},{class}\n", row % 17, row % 5));
    }
    write(dir.path(), "data.csv", &text);
    init_ok(dir.path(), &["data.csv"]);
    let path = dir.path().join("worthit.toml");
    let config = parse(&path);
    assert_eq!(config.data.target.as_deref(), Some("outcome"));
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(
        written.contains("positive_class = \"yes\\\"]\""),
        "{written}"
    );
    let priced = uncomment(&written).replace("tp = [0, 0]", "tp = 3");
    std::fs::write(&path, &priced).unwrap();
    assert!(parse(&path).value.is_some(), "{priced}");
    run_args(".").trials(0).quiet().out("r").ok_in(dir.path());
}

#[test]
fn a_column_empty_in_every_row_is_dropped_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("x1,notes,label\n");
    for row in 0..60 {
        text.push_str(&format!("{}.5,,{}\n", row, ["a", "b"][row % 2]));
    }
    write(dir.path(), "data.csv", &text);
    init_ok(dir.path(), &["data.csv"]);
    let path = dir.path().join("worthit.toml");
    assert_eq!(parse(&path).data.drop, vec!["notes"]);
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(
        written.contains("  \"notes\",  # empty in every row\n"),
        "{written}"
    );
    run_args(".").trials(0).quiet().out("r").ok_in(dir.path());
}

#[test]
fn a_file_with_a_header_alone_says_so() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "data.csv", "x1,notes,label\n");
    // Until 2026-12-06 init, guessing the target first, said it could not tell which it was.
    let output = worthit_in(dir.path(), &["init", "data.csv"]);
    assert_eq!(
        one_line_error(&output),
        "worthit: error: data.csv has no data rows"
    );
    assert!(!dir.path().join("worthit.toml").exists());
}

#[test]
fn a_column_that_alone_predicts_the_target_is_listed_in_drop_with_its_score() {
    let dir = tempfile::tempdir().unwrap();
    // `refund` is `churned` with every 50th row flipped: known only after the outcome.
    let mut text = String::new();
    for (i, line) in binary_csv().lines().enumerate() {
        let label = line.rsplit(',').next().unwrap();
        let refund = match (i, i % 50 == 7, label) {
            (0, _, _) => "refund",
            (_, true, "yes") => "no",
            (_, true, _) => "yes",
            (_, false, label) => label,
        };
        text.push_str(&format!("{line},{refund}\n"));
    }
    write(dir.path(), "data.csv", &text);
    init_ok(dir.path(), &["data.csv", "--target", "churned"]);
    let path = dir.path().join("worthit.toml");
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(parse(&path).data.drop, vec!["id", "const", "refund"]);
    assert!(
        written.contains("  \"refund\",  # possible leakage: alone reaches ROC-AUC 0.9"),
        "{written}"
    );
}

/// A Parquet export's nested column (a struct) is no feature: `init` puts it under `drop` with
/// its type, instead of failing as `run` does without the line (fixture made by pyarrow).
#[test]
fn init_drops_a_parquet_struct_column_naming_its_type() {
    let temp = tempfile::tempdir().unwrap();
    copy_fixture("decimal_struct.parquet", temp.path(), "export.parquet");
    init_ok(temp.path(), &["export.parquet"]);
    let text = std::fs::read_to_string(temp.path().join("worthit.toml")).unwrap();
    assert!(
        text.contains("\"address\",  # of type struct[2], which no model can use"),
        "{text}"
    );
    let config = parse(&temp.path().join("worthit.toml"));
    assert!(config.data.drop.contains(&"address".to_string()), "{text}");
}

/// A careless export spells one class several ways (`yes`, `Yes`, ` yes`): each is a class of
/// its own, so a binary target reads as multiclass. `init` says why there are so many classes,
/// and `run` says so on the terminal.
#[test]
fn classes_that_differ_only_in_case_or_spaces_are_pointed_out() {
    let temp = tempfile::tempdir().unwrap();
    let mut text = String::from("x,y\n");
    for i in 0..300 {
        let label = ["yes", "no", "Yes", " no"][i % 4];
        text.push_str(&format!("{},{label}\n", i % 17));
    }
    write(temp.path(), "d.csv", &text);
    init_ok(temp.path(), &["d.csv", "--target", "y"]);
    let written = std::fs::read_to_string(temp.path().join("worthit.toml")).unwrap();
    assert!(
        written.contains(
            "# detected: 4 classes, some differing only in case or spaces (\" no\", \"no\"): if they are one class, clean the column"
        ),
        "{written}"
    );
    let output = run_args("d.csv")
        .target("y")
        .trials(1)
        .out("r")
        .output_in(temp.path());
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(
            "target `y` has classes that differ only in case or spaces (` no`, `no`; `Yes`, `yes`): each is a class of its own here"
        ),
        "{}",
        stderr(&output)
    );
    // The reports keep what the terminal said: a reader of report.html never saw the terminal.
    let run = temp.path().join("r");
    let results = results(&run);
    let notices = notices(&results);
    assert!(
        notices
            .iter()
            .any(|n| n.contains("differ only in case or spaces")),
        "{notices:?}"
    );
    let markdown = std::fs::read_to_string(run.join("report.md")).unwrap();
    assert!(
        markdown.contains(
            "Noticed in the data:\n\n- target `y` has classes that differ only in case or spaces (` no`, `no`; `Yes`, `yes`)"
        ),
        "{markdown}"
    );
    let html = std::fs::read_to_string(run.join("report.html")).unwrap();
    assert!(
        html.contains("<dt>Noticed</dt><dd><div class=\"notice\">target <code>y</code> has classes that differ only in case or spaces (<code> no</code>, <code>no</code>; <code>Yes</code>, <code>yes</code>)"),
        "{html}"
    );
}
