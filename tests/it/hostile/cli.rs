//! Hostile input: flags, and text from data or config reaching Markdown, SVG and the terminal.

use std::path::Path;
use std::process::Output;

use crate::common::{noisy_binary_csv, one_line_error, stderr, worthit, worthit_in, write};

/// Asserts a usage or input error (see [`one_line_error`]) that mentions `expect`.
fn assert_one_line_error(output: &Output, expect: &str) {
    let err = one_line_error(output);
    assert!(err.contains(expect), "expected `{expect}` in: {err}");
}

fn data_dir() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "d.csv", &noisy_binary_csv(300, 3, false));
    let path = dir.path().join("d.csv").display().to_string();
    (dir, path)
}

#[test]
fn budgets_that_would_panic_or_train_nothing_are_refused() {
    let (dir, data) = data_dir();
    let out = dir.path().join("run").display().to_string();
    for (budget, expect) in [
        ("18446744073709551615s", "100 years"),
        ("0s", "no time"),
        ("soon", "write e.g. 90s"),
    ] {
        let output = worthit(&[
            "run", &data, "--target", "label", "--out", &out, "--budget", budget,
        ]);
        assert_one_line_error(&output, expect);
    }
    assert!(!Path::new(&out).exists());
}

#[test]
fn trials_and_threads_are_capped_before_anything_is_allocated() {
    let (dir, data) = data_dir();
    let out = dir.path().join("run").display().to_string();
    let run = |flag: &str, value: &str| {
        worthit(&[
            "run", &data, "--target", "label", "--out", &out, flag, value,
        ])
    };
    assert_one_line_error(&run("--trials", "4294967296"), "--trials 4294967296");
    assert_one_line_error(&run("--threads", "100000"), "--threads 100000");
    assert_one_line_error(&run("--threads", "0"), "--threads 0");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(leftovers, ["d.csv"], "nothing but the data is left");
}

#[test]
fn usage_errors_are_one_line_with_exit_2() {
    for args in [
        &["run", "data.csv", "--trials", "-1"][..],
        &["run", "data.csv", "--seed", "-5"],
        &["run", "data.csv", "--no-such-flag"],
        &["run"],
        &["no-such-command"],
        &["compare", "only-one"],
        &["run", "data.csv", "--stop", "sometimes"],
    ] {
        let output = worthit(args);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("worthit: error: "), "{args:?}: {err}");
        assert!(!err.contains("-- -1"), "{args:?}: {err}");
    }
    let help = worthit(&["run", "--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).lines().count() > 10);
}

/// A `[value]` whose currency tries to add a heading, an image and a table row to report.md,
/// and carries an escape character into the SVG charts and the terminal.
const HOSTILE_VALUE: &str = "[data]\ntarget = \"label\"\npositive_class = \"yes\"\n\n[value]\ncurrency = \"EUR\\n# Injected\\n![x](http://example.invalid/x.png)\\n| a | b |\\u001b[31m\"\ntp = 5\nfp = -1\nfn = -2\ndecisions_per_year = 1000\nhorizon_years = 1\n";

fn no_escape_character(text: &str, place: &str) {
    assert!(!text.contains('\u{1b}'), "an ESC reached {place}");
}

#[test]
fn config_text_cannot_inject_markdown_break_svg_or_reach_the_terminal_raw() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "d.csv", &noisy_binary_csv(400, 5, false));
    write(dir.path(), "worthit.toml", HOSTILE_VALUE);
    let output = worthit_in(
        dir.path(),
        &["run", ".", "--out", "run", "--trials", "2", "--seed", "1"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    no_escape_character(&String::from_utf8_lossy(&output.stdout), "stdout");
    no_escape_character(&stderr(&output), "stderr");
    let run = dir.path().join("run");
    let markdown = std::fs::read_to_string(run.join("report.md")).expect("report.md");
    no_escape_character(&markdown, "report.md");
    for line in markdown.lines() {
        assert!(!line.starts_with("# Injected"), "heading injected: {line}");
        assert!(!line.starts_with("![x]"), "image injected: {line}");
        assert!(!line.starts_with("| a | b |"), "table row injected: {line}");
    }
    let html = std::fs::read_to_string(run.join("report.html")).expect("report.html");
    no_escape_character(&html, "report.html");
    let mut svgs = 0;
    for entry in std::fs::read_dir(run.join("plots")).expect("plots") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "svg") {
            svgs += 1;
            let text = std::fs::read_to_string(&path).expect("svg");
            let mut reader = quick_xml::Reader::from_str(&text);
            loop {
                match reader.read_event() {
                    Ok(quick_xml::events::Event::Eof) => break,
                    Ok(_) => {}
                    Err(err) => panic!("{} is not well-formed XML: {err}", path.display()),
                }
            }
        }
    }
    assert!(svgs > 0, "the run drew charts");
    // The compare gate's Markdown is a pull-request comment: the same rules hold.
    let compare = worthit_in(
        dir.path(),
        &["compare", "run", "run", "--format", "markdown"],
    );
    let comment = String::from_utf8_lossy(&compare.stdout);
    assert!(
        compare.status.code().is_some_and(|c| c != 2),
        "{}",
        stderr(&compare)
    );
    no_escape_character(&comment, "the compare Markdown");
    for line in comment.lines() {
        assert!(
            !line.starts_with("# Injected") && !line.starts_with("![x]"),
            "{line}"
        );
    }
}

#[test]
fn every_search_space_bound_is_checked_before_sampling() {
    let (dir, data) = data_dir();
    let out = dir.path().join("run").display().to_string();
    for (section, expect) in [
        ("[sweep.boosting]\nl2 = [0.0, 1.0]\n", "boosting.l2"),
        (
            "[sweep.boosting]\nlearning_rate = [-1.0, 0.1]\n",
            "boosting.learning_rate",
        ),
        (
            "[sweep.boosting]\nrow_subsample = [0.0, 1.0]\n",
            "boosting.row_subsample",
        ),
        (
            "[sweep.boosting]\nn_rounds = [1, 1000000000000]\n",
            "boosting.n_rounds",
        ),
        (
            "[sweep.random_forest]\nn_trees = [10, 99999999999]\n",
            "random_forest.n_trees",
        ),
        (
            "[sweep.random_forest]\nmax_depth = [0, 4]\n",
            "random_forest.max_depth",
        ),
    ] {
        let config = write(
            dir.path(),
            "w.toml",
            &format!("[data]\ntarget = \"label\"\n\n{section}"),
        );
        let config = config.display().to_string();
        let output = worthit(&[
            "run", &data, "--config", &config, "--out", &out, "--trials", "3",
        ]);
        assert_one_line_error(&output, expect);
        assert!(!Path::new(&out).exists(), "{section}");
    }
}

/// A reader that goes away (`worthit run ... 2>&1 | head -1`) closes the pipes the terminal text
/// goes to: the run still finishes and writes its folder, and nothing panics (until 2026-12-06
/// the first progress line after it panicked, exit code 101, mid-run).
#[test]
fn a_closed_pipe_neither_panics_nor_stops_the_run() {
    use std::process::{Command, Stdio};
    let (dir, data) = data_dir();
    let out = dir.path().join("run");
    let mut child = Command::new(env!("CARGO_BIN_EXE_worthit"))
        .args(["run", &data, "--target", "label", "--trials", "2", "--out"])
        .arg(&out)
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the worthit binary runs");
    // Closed before the run writes a line: every write to them fails.
    drop(child.stdout.take());
    drop(child.stderr.take());
    let status = child.wait().expect("worthit ends");
    assert_eq!(status.code(), Some(0), "{status:?}");
    assert!(out.join("results.json").is_file());
    assert!(out.join("report.html").is_file());
}
