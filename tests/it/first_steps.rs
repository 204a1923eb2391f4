//! A newcomer's first commands with a CSV of their own: `worthit init data.csv`, then
//! `worthit run data.csv` in the same folder, which reads the `worthit.toml` init wrote beside
//! the file, as `worthit run .` does, and leaves one written for another file.

use crate::common::*;

#[test]
fn run_on_a_file_reads_the_worthit_toml_init_wrote_beside_it_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "data.csv", &small_binary_csv(120));
    let output = worthit_in(dir.path(), &["init", "data.csv"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    let output = run_args("data.csv")
        .trials(0)
        .out("r")
        .output_in(dir.path());
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{said}");
    let using: Vec<&str> = said.lines().filter(|l| l.contains("using")).collect();
    assert_eq!(
        using,
        ["worthit: using ./worthit.toml beside data.csv (--config FILE reads another)"],
        "{said}"
    );
    let results = results(&dir.path().join("r"));
    assert_eq!(results["dataset"]["config_file"], "./worthit.toml");

    // A config naming no file is read when the file is the folder's only data file, as
    // `worthit run .` would read it; --quiet keeps the line off the terminal.
    write(dir.path(), "worthit.toml", "[data]\ntarget = \"label\"\n");
    let output = run_args("data.csv")
        .trials(0)
        .out("r2")
        .quiet()
        .output_in(dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("using"), "{}", stderr(&output));
    let results = crate::common::results(&dir.path().join("r2"));
    assert_eq!(results["dataset"]["config_file"], "./worthit.toml");

    // Given with a folder, as from another working directory.
    let parent = dir.path().parent().unwrap();
    let name = dir
        .path()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .to_string();
    let data = format!("{name}/data.csv");
    let output = run_args(&data)
        .trials(0)
        .out(format!("{name}/r3"))
        .output_in(parent);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(&format!("using {name}/worthit.toml beside data.csv")),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_worthit_toml_beside_for_another_file_is_not_read_and_the_no_target_error_says_why() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "data.csv", &small_binary_csv(120));
    write(dir.path(), "other.csv", &small_binary_csv(90));
    write(
        dir.path(),
        "worthit.toml",
        "[data]\nfile = \"data.csv\"\ntarget = \"label\"\n",
    );
    let err = one_line_error(&run_args("other.csv").trials(0).output_in(dir.path()));
    assert!(
        err.ends_with(
            "or let `worthit init other.csv --out other.toml` write other.toml with it (./worthit.toml beside it was not read: its [data] file is data.csv; --config ./worthit.toml reads it anyway)"
        ),
        "{err}"
    );
    // With --target it runs without it, and says nothing of it.
    let output = run_args("other.csv")
        .target("label")
        .trials(0)
        .out("r")
        .output_in(dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        !stderr(&output).contains("worthit.toml"),
        "{}",
        stderr(&output)
    );
    assert!(crate::common::results(&dir.path().join("r"))["dataset"]["config_file"].is_null());

    // Naming no file in a folder of several data files, it is no one file's config.
    write(dir.path(), "worthit.toml", "[data]\ntarget = \"label\"\n");
    let err = one_line_error(&run_args("data.csv").trials(0).output_in(dir.path()));
    assert!(
        err.contains("(./worthit.toml beside it was not read: it names no [data] file and its folder holds several data files;"),
        "{err}"
    );
}

#[test]
fn a_broken_worthit_toml_beside_the_file_is_an_error_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "data.csv", &small_binary_csv(120));
    write(
        dir.path(),
        "worthit.toml",
        "[data]\ntarget = \"label\"\nbogus = 1\n",
    );
    let err = one_line_error(
        &run_args("data.csv")
            .target("label")
            .trials(0)
            .output_in(dir.path()),
    );
    assert!(
        err.contains("./worthit.toml line 3 (in [data]): unknown key `bogus`")
            && err.ends_with("(the worthit.toml beside data.csv, read as its config; fix it, or pass --config FILE to read another)"),
        "{err}"
    );
    // --config reads another instead.
    write(dir.path(), "mine.toml", "[data]\ntarget = \"label\"\n");
    run_args("data.csv")
        .config("mine.toml")
        .trials(0)
        .quiet()
        .out("r")
        .ok_in(dir.path());
}

#[test]
fn init_beside_another_files_config_offers_a_name_of_its_own_and_the_command_that_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "data.csv", &small_binary_csv(120));
    write(dir.path(), "other.csv", &small_binary_csv(90));
    let config = write(
        dir.path(),
        "worthit.toml",
        "[data]\nfile = \"data.csv\"\ntarget = \"label\"\n",
    );
    let err = one_line_error(&worthit_in(dir.path(), &["init", "other.csv"]));
    assert!(
        err.ends_with(
            "./worthit.toml already exists; pass --out other.toml to write a config beside it, or --force to replace it"
        ),
        "{err}"
    );
    let output = worthit_in(dir.path(), &["init", "other.csv", "--out", "other.toml"]);
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{said}");
    // Not `worthit run .`, which reads worthit.toml, data.csv's config.
    assert!(
        said.contains("run: worthit run other.csv --config other.toml"),
        "{said}"
    );
    assert!(std::fs::read_to_string(&config)
        .unwrap()
        .contains("data.csv"));
    run_args("other.csv")
        .config("other.toml")
        .trials(0)
        .quiet()
        .out("r")
        .ok_in(dir.path());
}

#[test]
fn init_names_only_the_lines_its_config_has_to_check() {
    let dir = tempfile::tempdir().unwrap();
    let rows: String = (0..200)
        .map(|i| {
            format!(
                "{},{},{}\n",
                i % 17,
                (i * 7) % 23,
                (i % 17) as f64 * 2.5 + (i % 5) as f64
            )
        })
        .collect();
    write(dir.path(), "prices.csv", &format!("a,b,price\n{rows}"));
    let output = worthit_in(dir.path(), &["init", "prices.csv", "--target", "price"]);
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{said}");
    assert!(said.contains("regression task"), "{said}");
    // A regression has no positive class, and its config no such line.
    assert!(
        said.contains("1. check the target, task and drop lines in it;"),
        "{said}"
    );
    let written = std::fs::read_to_string(dir.path().join("worthit.toml")).unwrap();
    assert!(!written.contains("positive_class"), "{written}");

    write(dir.path(), "data.csv", &small_binary_csv(120));
    let output = worthit_in(dir.path(), &["init", "data.csv", "--out", "binary.toml"]);
    let said = stderr(&output);
    assert!(
        said.contains("1. check the target, task, positive_class and drop lines in it;"),
        "{said}"
    );
}

/// A model added that validation does not pick: the terminal says which one it picks and on
/// what, before answers about that other model.
#[test]
fn add_model_says_when_validation_picks_another_candidate() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "data.csv", &small_binary_csv(5000));
    // --stop never: the baseline is perfect on validation, and --stop auto would train no trial.
    run_args("data.csv")
        .target("label")
        .trials(2)
        .stop("never")
        .quiet()
        .out("r")
        .ok_in(dir.path());
    let split = dir.path().join("r/split.parquet");
    let rows = split_rows(&split);
    let scored: Vec<&(u64, String)> = rows.iter().filter(|(_, part)| part != "train").collect();
    // A model that knows nothing: every row at 0.5.
    let text: String = scored
        .iter()
        .map(|(row, _)| format!("{row},0.5,0.5\n"))
        .collect();
    write(dir.path(), "flat.csv", &format!("row,p_no,p_yes\n{text}"));
    let stdout = run_ok(
        dir.path(),
        &[
            "add-model",
            "r",
            "--predictions",
            "flat.csv",
            "--name",
            "flat",
        ],
    );
    let picks: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("validation picks"))
        .collect();
    assert_eq!(picks.len(), 1, "{stdout}");
    assert!(
        picks[0].contains(", not `flat` (validation roc_auc ")
            && picks[0].contains(" against 0.5000): the answers below are about trial-"),
        "{stdout}"
    );

    // Rows missing are counted as every count is written.
    let validation: String = scored
        .iter()
        .filter(|(_, part)| part == "validation")
        .map(|(row, _)| format!("{row},0.5,0.5\n"))
        .collect();
    write(
        dir.path(),
        "half.csv",
        &format!("row,p_no,p_yes\n{validation}"),
    );
    let err = one_line_error(&worthit_in(
        dir.path(),
        &[
            "add-model",
            "r",
            "--predictions",
            "half.csv",
            "--name",
            "half",
        ],
    ));
    assert!(
        err.contains("half.csv: 1,000 of the run's validation and test rows have no prediction"),
        "{err}"
    );
}

/// The rows of a run's `split.parquet`: (row, part).
fn split_rows(path: &std::path::Path) -> Vec<(u64, String)> {
    use polars_core::prelude::*;
    use polars_io::prelude::*;
    let frame = ParquetReader::new(std::fs::File::open(path).unwrap())
        .finish()
        .unwrap();
    let rows: Vec<u64> = frame
        .column("row")
        .unwrap()
        .cast(&DataType::UInt64)
        .unwrap()
        .u64()
        .unwrap()
        .into_no_null_iter()
        .collect();
    let parts = frame.column("part").unwrap().str().unwrap().clone();
    rows.into_iter()
        .enumerate()
        .map(|(i, row)| (row, parts.get(i).unwrap_or_default().to_string()))
        .collect()
}
