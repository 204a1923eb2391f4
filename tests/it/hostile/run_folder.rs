//! Hostile input: the run folder. `--force` replaces only an earlier worthit run, never the data,
//! its config, a folder above them or the working directory, never a plain file; `--out` under a
//! plain file is refused; an input error leaves nothing behind; two runs on one `--out` are
//! locked out from each other (and a dead owner's lock is taken over); `--resume` refuses the
//! flags it would otherwise ignore.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

/// Every file under `dir` (relative paths, sorted), hidden ones included.
fn files_under(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, found);
            } else {
                let relative = path.strip_prefix(root).unwrap();
                found.push(relative.to_string_lossy().to_string());
            }
        }
    }
    let mut found = Vec::new();
    walk(dir, dir, &mut found);
    found.sort();
    found
}

/// A dataset folder `root/ds` (data, config, attribution) and an unrelated file `root/notes.txt`.
fn dataset_folder(root: &Path) -> PathBuf {
    let ds = root.join("ds");
    std::fs::create_dir(&ds).unwrap();
    write(&ds, "data.csv", &small_binary_csv(120));
    write(&ds, "worthit.toml", "[data]\ntarget = \"label\"\n");
    write(&ds, "ATTRIBUTION.md", "Made up for a test.\n");
    write(root, "notes.txt", "unrelated");
    ds
}

fn assert_inputs_intact(root: &Path, what: &str) {
    assert_eq!(
        files_under(root),
        [
            "ds/ATTRIBUTION.md",
            "ds/data.csv",
            "ds/worthit.toml",
            "notes.txt"
        ],
        "after {what}"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("ds/data.csv")).unwrap(),
        small_binary_csv(120),
        "after {what}"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("notes.txt")).unwrap(),
        "unrelated"
    );
}

#[test]
fn force_never_replaces_the_data_its_folder_or_the_working_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("work");
    std::fs::create_dir(&root).unwrap();
    let ds = dataset_folder(&root);
    let root_text = root.to_string_lossy().to_string();
    let ds_text = ds.to_string_lossy().to_string();
    let quick = ["--trials", "1", "--threads", "1", "--quiet", "--force"];
    let cases: Vec<(&Path, Vec<&str>)> = vec![
        // The dataset folder as its own output.
        (root.as_path(), vec!["run", "ds", "--out", "ds"]),
        (
            root.as_path(),
            vec!["run", "ds/data.csv", "--target", "label", "--out", "ds"],
        ),
        // The folder of the data file and the config, spelt another way.
        (
            root.as_path(),
            vec![
                "run",
                "ds/data.csv",
                "--config",
                "ds/worthit.toml",
                "--out",
                "ds/.",
            ],
        ),
        // Folders above the data and the working directory, from inside the data folder.
        (ds.as_path(), vec!["run", ".", "--out", ".."]),
        (ds.as_path(), vec!["run", ".", "--out", &root_text]),
        (
            ds.as_path(),
            vec![
                "run",
                "data.csv",
                "--target",
                "label",
                "--out",
                "../../work",
            ],
        ),
        // The working directory itself, data named by absolute path.
        (ds.as_path(), vec!["run", &ds_text, "--out", "."]),
        (ds.as_path(), vec!["run", &ds_text, "--out", &ds_text]),
    ];
    for (dir, mut args) in cases {
        args.extend_from_slice(&quick);
        let output = worthit_in(dir, &args);
        one_line_error(&output);
        assert_inputs_intact(&root, &format!("{args:?}"));
    }

    // A folder holding the data is refused even when it also looks like a run folder.
    write(&ds, "run.json", "{}");
    let output = worthit_in(
        &root,
        &["run", "ds", "--out", "ds", "--trials", "1", "--force"],
    );
    let err = one_line_error(&output);
    assert!(err.contains("ds"), "{err}");
    assert!(ds.join("data.csv").is_file() && ds.join("run.json").is_file());
    std::fs::remove_file(ds.join("run.json")).unwrap();

    // A folder that is not a worthit run is not replaced either.
    std::fs::create_dir(root.join("photos")).unwrap();
    write(&root.join("photos"), "cat.jpg", "meow");
    let output = worthit_in(
        &root,
        &["run", "ds", "--out", "photos", "--trials", "1", "--force"],
    );
    let err = one_line_error(&output);
    assert!(
        err.contains("photos") && err.contains("not a worthit run"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("photos/cat.jpg")).unwrap(),
        "meow"
    );
    std::fs::remove_dir_all(root.join("photos")).unwrap();
    assert_inputs_intact(&root, "the refused folders");

    // An earlier run is still replaced with --force.
    run_ok(
        &root,
        &["run", "ds", "--out", "r", "--trials", "0", "--quiet"],
    );
    run_ok(
        &root,
        &[
            "run", "ds", "--out", "r", "--trials", "1", "--quiet", "--force",
        ],
    );
    assert_eq!(results(&root.join("r"))["sweep"]["trials_requested"], 1);
    let hidden: Vec<String> = files_under(&root)
        .into_iter()
        .filter(|f| f.starts_with('.') || f.contains("/."))
        .collect();
    assert!(hidden.is_empty(), "nothing hidden left behind: {hidden:?}");
}

#[test]
fn out_naming_a_plain_file_or_a_path_under_one_is_refused_up_front() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    dataset_folder(root);
    for args in [
        vec!["run", "ds", "--out", "notes.txt", "--force"],
        vec!["run", "ds", "--out", "notes.txt"],
        vec!["run", "ds", "--out", "notes.txt/run"],
        vec!["run", "ds", "--out", "notes.txt/run", "--force"],
        vec!["run", "ds", "--out", "notes.txt/deeper/run"],
    ] {
        let mut full = args.clone();
        full.extend_from_slice(&["--trials", "1", "--threads", "1", "--quiet"]);
        let started = Instant::now();
        let output = worthit_in(root, &full);
        let err = one_line_error(&output);
        assert!(err.contains("notes.txt"), "{err}");
        assert!(err.contains("not a folder"), "{err}");
        assert!(started.elapsed() < Duration::from_secs(20));
        assert_inputs_intact(root, &format!("{args:?}"));
    }
}

#[cfg(target_os = "linux")]
#[test]
fn an_out_folder_that_cannot_be_created_is_bad_input_naming_it() {
    // Until 2026-12-06 `--out /proc/x` was exit code 1 (an internal failure), naming the hidden
    // staging folder `/proc/.x.partial`.
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    dataset_folder(root);
    for out in ["/proc/worthit-test", "/proc/worthit-test/deeper/run"] {
        let output = worthit_in(
            root,
            &["run", "ds", "--out", out, "--trials", "1", "--quiet"],
        );
        let err = one_line_error(&output);
        assert!(
            err.contains(&format!("cannot create the run folder {out}: ")),
            "{err}"
        );
        assert!(!err.contains(".partial"), "{err}");
        assert_inputs_intact(root, out);
    }
}

#[test]
fn an_input_error_after_training_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(root, "d.csv", &small_binary_csv(120));
    // Every payoff is infinite: refused row by row, after the models were trained and
    // checkpointed.
    write(
        root,
        "w.toml",
        "[data]\ntarget = \"label\"\n[value]\ntp = \"1 / (x2 - x2)\"\nfp = -1\n",
    );
    let args = [
        "run",
        "d.csv",
        "--config",
        "w.toml",
        "--out",
        "r",
        "--trials",
        "2",
        "--threads",
        "1",
        "--quiet",
    ];
    let output = worthit_in(root, &args);
    let err = one_line_error(&output);
    assert!(err.contains("tp"), "{err}");
    assert_eq!(files_under(root), ["d.csv", "w.toml"], "{err}");

    // So the next run, config fixed, needs neither --resume nor --force.
    write(
        root,
        "w.toml",
        "[data]\ntarget = \"label\"\n[value]\ntp = \"x2\"\nfp = -1\n",
    );
    run_ok(root, &args);
    assert!(root.join("r/results.json").is_file());
}

fn spawn_quiet(dir: &Path, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_worthit"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Waits until `condition` holds while `child` runs.
fn wait_until(child: &mut Child, what: &str, condition: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the run ended ({status}) before {what}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_live_run_locks_its_folder_and_a_dead_ones_lock_is_taken_over() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(root, "d.csv", &small_binary_csv(120));
    let base = [
        "run",
        "d.csv",
        "--target",
        "label",
        "--out",
        "r",
        "--threads",
        "1",
    ];
    let staging = root.join(".r.partial");
    let checkpoint = staging.join("trials.jsonl");

    let mut owner = spawn_quiet(
        root,
        &[&base[..], &["--trials", "5000", "--quiet"]].concat(),
    );
    let pid = owner.id().to_string();
    wait_until(&mut owner, "the first model's checkpoint", || {
        checkpoint.is_file()
    });

    for (what, args) in [
        ("a second run", [&base[..], &["--trials", "1"]].concat()),
        (
            "a forced run",
            [&base[..], &["--trials", "1", "--force"]].concat(),
        ),
        ("--resume", vec!["run", "--resume", "r", "--threads", "1"]),
    ] {
        let output = worthit_within(root, &args, Duration::from_secs(60));
        let err = one_line_error(&output);
        assert!(err.contains(&pid), "{what} names the owner {pid}: {err}");
        assert!(
            owner.try_wait().unwrap().is_none(),
            "the owner still runs after {what}"
        );
        assert!(staging.join("run.json").is_file(), "after {what}");
    }
    owner.kill().unwrap(); // SIGKILL: the lock stays behind, its owner gone
    owner.wait().unwrap();
    let lock = staging.join(".lock");
    assert!(lock.is_file(), "the dead owner's lock is left");

    // --resume recognises the stale lock and takes it over.
    let mut resumed = spawn_quiet(root, &["run", "--resume", "r", "--threads", "1", "--quiet"]);
    let resumed_pid = resumed.id().to_string();
    wait_until(&mut resumed, "--resume taking over the lock", || {
        std::fs::read_to_string(&lock).is_ok_and(|text| text.contains(&resumed_pid))
    });
    resumed.kill().unwrap();
    resumed.wait().unwrap();

    // So does a fresh --force run, which then lands with nothing left behind.
    run_ok(
        root,
        &[&base[..], &["--trials", "1", "--force", "--quiet"]].concat(),
    );
    assert!(root.join("r/results.json").is_file());
    assert!(!staging.exists());
    assert!(!root.join("r/.lock").exists());
    assert_eq!(
        files_under(root)
            .iter()
            .filter(|f| !f.starts_with("r/"))
            .collect::<Vec<_>>(),
        ["d.csv"]
    );
}

#[test]
fn resume_refuses_the_flags_it_would_ignore() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    // --trials and --stop go with it (more trials for a finished run; tests/it/sweep.rs).
    for flag in [
        vec!["--budget", "1m"],
        vec!["--metric", "log_loss"],
        vec!["--seed", "3"],
        vec!["--force"],
    ] {
        let args = [&["run", "--resume", "r"][..], &flag[..]].concat();
        let output = worthit_in(root, &args);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
        let first = err.lines().next().unwrap_or_default();
        assert!(
            first.contains(flag[0]) && first.contains("--resume"),
            "{args:?}: {err}"
        );
    }
    // --compare-to and its gate flags apply to the finished run, resumed or not.
    let output = worthit_in(
        root,
        &[
            "run",
            "--resume",
            "r",
            "--compare-to",
            "base",
            "--max-loss",
            "5",
        ],
    );
    let err = one_line_error(&output);
    assert!(err.contains("base"), "{err}");
    let help = worthit(&["run", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout).to_string();
    let after = help.split("--resume <DIR>").nth(1).unwrap();
    // Up to the next option's line ("  -q, --quiet" or "      --shard <K/N>").
    let end = after
        .lines()
        .skip(1)
        .take_while(|line| !(line.starts_with("  -") || line.starts_with("      -")))
        .collect::<Vec<_>>();
    let resume_help = end
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        resume_help.contains("--compare-to") && resume_help.contains("refused"),
        "{resume_help}"
    );
}
