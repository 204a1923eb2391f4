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
            && err.ends_with("(the worthit.toml beside data.csv, which a run of it reads; fix it, or pass --config FILE to read another)"),
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
