//! Hostile input: flags, and text from data or config reaching Markdown, SVG and the terminal.

use std::path::Path;
use std::process::Output;

use crate::common::{
    dataset, noisy_binary_csv, one_line_error, root, run_args, stderr, worthit, worthit_in, write,
};

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
    for amount in ["1e300", "0", "-1"] {
        let output = worthit(&[
            "run",
            &data,
            "--target",
            "label",
            "--out",
            &out,
            "--budget-cost",
            amount,
        ]);
        assert_one_line_error(&output, "give a number above 0, up to 1e15");
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
    // Each says what is wrong with the value, and whose help to read.
    for (args, expect) in [
        (
            &["run", "d.csv", "--trials", "-3"][..],
            "'-3' for '--trials <N>': it cannot be negative (see `worthit run --help`)",
        ),
        (
            &["run", "d.csv", "--seed", "2.5"],
            "'2.5' for '--seed <N>': give a whole number, such as 7",
        ),
        (
            &["run", "d.csv", "--budget", "-5m"],
            "'-5m' for '--budget': it cannot be negative (see `worthit run --help`)",
        ),
        (
            &["run", "d.csv", "--shard", "-1/3"],
            "'-1/3' for '--shard': it cannot be negative",
        ),
        (
            &["compare", "a", "b", "--min-gain", "-5x"],
            "'-5x' for '--min-gain': give a number (see `worthit compare --help`)",
        ),
    ] {
        assert_one_line_error(&worthit(args), expect);
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
    // The compare gate's Markdown is a pull-request comment: the same rules hold. (Its baseline
    // against its best candidate: one model against itself is refused.)
    let compare = worthit_in(
        dir.path(),
        &[
            "compare",
            "run",
            "run",
            "--baseline-model",
            "baseline",
            "--format",
            "markdown",
        ],
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

/// Asserts that no line of `text` begins with one of `forged`: a line break in a name, a
/// currency or a file name shows as `\n` in its line instead of starting one that reads as
/// worthit's (until 2026-12-06 it broke the line).
fn no_forged_line(text: &str, forged: &[&str], place: &str) {
    no_escape_character(text, place);
    for line in text.lines() {
        for start in forged {
            assert!(!line.starts_with(start), "a line forged in {place}: {line}");
        }
    }
}

#[test]
fn line_breaks_in_names_currency_and_file_names_cannot_forge_terminal_lines() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A column named over two lines that equals the label: the top of "what drives it" and a
    // leakage warning.
    let mut csv = String::new();
    for (i, line) in noisy_binary_csv(400, 5, false).lines().enumerate() {
        let leak = match i {
            0 => "\"leak\nFORGED\"",
            _ if line.ends_with("yes") => "1",
            _ => "0",
        };
        csv.push_str(&format!("{leak},{line}\n"));
    }
    let data = "ansi\u{1b}[31mred\nnl.csv";
    write(dir.path(), data, &csv);
    write(
        dir.path(),
        "w.toml",
        "[data]\ntarget = \"label\"\npositive_class = \"yes\"\n\n[value]\ncurrency = \"EUR\\nFAKE LINE: Ship the candidate\"\ntp = 5\nfp = -1\n",
    );
    let output = worthit_in(
        dir.path(),
        &[
            "run", data, "--config", "w.toml", "--out", "run", "--trials", "2",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let forged = ["FAKE LINE", "nl.csv", "FORGED"];
    no_forged_line(&stdout, &forged, "stdout");
    no_forged_line(&stderr(&output), &forged, "stderr");
    assert!(stdout.contains("EUR\\nFAKE LINE"), "{stdout}");
    assert!(
        stderr(&output).contains("leak\\nFORGED"),
        "{}",
        stderr(&output)
    );
}

/// `worthit analyze --metric-name` and its Markdown: a name with a line break stays on its line,
/// and one with a backtick cannot pair with worthit's own into a span holding markup.
#[test]
fn analyze_keeps_a_hostile_metric_name_on_its_line_and_escaped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let name = "<img src=x onerror=alert(1)>`";
    let mut csv = format!("number,\"{name}\"\n");
    for i in 0..20 {
        csv.push_str(&format!("{i},0.8{i}\n"));
    }
    write(dir.path(), "bt.csv", &csv);
    let output = worthit_in(
        dir.path(),
        &[
            "analyze",
            "bt.csv",
            "--direction",
            "maximize",
            "--format",
            "markdown",
            "--metric",
            name,
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let markdown = String::from_utf8_lossy(&output.stdout);
    assert!(!markdown.contains("<img"), "{markdown}");
    let output = worthit_in(
        dir.path(),
        &[
            "analyze",
            "bt.csv",
            "--direction",
            "maximize",
            "--metric",
            name,
            "--metric-name",
            "ROC\nFORGED",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = String::from_utf8_lossy(&output.stdout);
    no_forged_line(&text, &["FORGED"], "stdout");
    assert!(text.contains("ROC\\nFORGED"), "{text}");
}

/// The command report.md gives for more trials copies back to the run's own folder: a backtick
/// in its name is quoted for the shell and kept in a code span long enough to hold it (until
/// 2026-12-06 it became `'`, which closed the shell quote and named another folder).
#[test]
fn the_resume_command_in_report_md_names_the_real_folder() {
    let tmp = tempfile::tempdir().unwrap();
    run_args(dataset("german-credit"))
        .stop("never")
        .trials(4)
        .out("sh`ort")
        .quiet()
        .ok_in(tmp.path());
    let markdown = std::fs::read_to_string(tmp.path().join("sh`ort").join("report.md")).unwrap();
    assert!(
        markdown.contains(
            "To run them, added to this run: ``worthit run --resume 'sh`ort' --trials 10``"
        ),
        "{markdown}"
    );
}

/// `worthit value` wrote its currency raw until 2026-12-06: an ESC drove the terminal, and a line
/// break and a fence in it closed the Markdown form's code block and let markup through.
#[test]
fn the_value_calculator_escapes_its_currency() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (currency, format) in [
        ("\\u001b[31mUSD\\u001b]0;pwned\\u0007", "text"),
        ("x\\n```\\n<img src=x onerror=alert(1)>\\n```", "markdown"),
    ] {
        write(
            dir.path(),
            "v.toml",
            &format!(
                "[value]\ncurrency = \"{currency}\"\nmetric = \"roc_auc\"\nper_point = 1000\n"
            ),
        );
        let output = worthit_in(
            dir.path(),
            &[
                "value",
                "--config",
                "v.toml",
                "--metric",
                "roc_auc=0.81",
                "--baseline",
                "roc_auc=0.79",
                "--format",
                format,
            ],
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(!stdout.contains('\u{7}'), "{stdout}");
        no_forged_line(&stdout, &["<img"], "stdout");
        // The opening and closing fences, and no other.
        let fences = stdout.lines().filter(|l| l.starts_with("```")).count();
        assert_eq!(fences, if format == "markdown" { 2 } else { 0 }, "{stdout}");
    }
}

/// `--format json` is JSON whatever text it holds: a currency's DEL, C1 control or U+2028 is
/// written as JSON's `\uXXXX` (until 2026-12-06 as `\u{2028}`, which no JSON reader takes),
/// and an answer that cannot be written (a full disk) is exit code 1 with the reason, not exit
/// code 0 with the answer lost.
#[test]
fn json_output_is_json_whatever_its_text_and_a_lost_answer_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "v.toml",
        "[value]\ncurrency = \"U\\u2028S\\u007fD\\u0085\\u001b[31m\"\nmetric = \"roc_auc\"\nper_point = 1000\n",
    );
    let args = [
        "value",
        "--config",
        "v.toml",
        "--metric",
        "roc_auc=0.81",
        "--baseline",
        "roc_auc=0.79",
        "--format",
        "json",
    ];
    let output = worthit_in(dir.path(), &args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        !stdout
            .chars()
            .any(|c| c != '\n' && c.is_control() || c == '\u{2028}'),
        "{stdout}"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    assert_eq!(json["currency"], "U\u{2028}S\u{7f}D\u{85}\u{1b}[31m");

    let full = std::fs::OpenOptions::new().write(true).open("/dev/full");
    if let Ok(full) = full {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_worthit"))
            .args(args)
            .current_dir(dir.path())
            .stdout(full)
            .output()
            .expect("the worthit binary runs");
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        assert!(
            stderr(&output).contains("could not write to stdout: No space left on device"),
            "{}",
            stderr(&output)
        );
    }
}

/// Two classes that each hold a backtick, named in one notice: paired up, their backticks
/// would turn the sentence's spans inside out, so report.md and report.html write it plain.
#[test]
fn a_notice_naming_two_names_with_a_backtick_each_is_written_plain() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut text = String::from("x1,x2,y\n");
    for i in 0..300 {
        let class = ["ok`", "ok` ", "bad`"][i % 3];
        text.push_str(&format!("{},{},{class}\n", i % 7, i % 11));
    }
    write(dir.path(), "d.csv", &text);
    let output = worthit_in(
        dir.path(),
        &[
            "run", "d.csv", "--target", "y", "--out", "run", "--trials", "2",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let run = dir.path().join("run");
    let markdown = std::fs::read_to_string(run.join("report.md")).expect("report.md");
    let notice = markdown
        .lines()
        .find(|line| line.contains("differ only in case"))
        .expect("the notice in report.md");
    let bare = notice.replace("\\`", "");
    assert!(!bare.contains('`'), "a backtick left to pair: {notice}");
    let html = std::fs::read_to_string(run.join("report.html")).expect("report.html");
    let div = html
        .split("<div class=\"notice\">")
        .find(|part| part.contains("differ only in case"))
        .and_then(|part| part.split("</div>").next())
        .expect("the notice in report.html");
    assert!(!div.contains("<code>"), "{div}");
    assert!(div.contains("`ok``"), "{div}");
}

/// A chart label too wide for its place is cut to its longest start that fits: found in a few
/// measurements, not one per character cut. A 20,000-character `--metric-name` in the trials
/// chart took half a minute until 2026-12-06 (a 10,000-character currency, minutes a chart).
#[test]
fn a_chart_label_thousands_of_characters_long_is_cut_at_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let name = "m".repeat(20_000);
    let log = root().join("examples/sweeps/optuna-telco.csv");
    let args = [
        "analyze",
        log.to_str().unwrap(),
        "--direction",
        "maximize",
        "--metric-name",
        &name,
        "--plots",
        "charts",
    ];
    // Timed here, not by `worthit_within`, which leaves stdout undrained: the 200 kB of
    // sentences that quote the name would fill the pipe.
    let started = std::time::Instant::now();
    let output = worthit_in(dir.path(), &args);
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(seconds < 8.0, "the chart took {seconds:.1} s");
    let svg = std::fs::read_to_string(dir.path().join("charts/trials.svg")).unwrap();
    assert!(svg.contains("mmmm…"), "the label is cut with an ellipsis");
    assert!(!svg.contains(&name), "the whole name is in the chart");
}
