//! The sweep from the outside: trials, checkpoints, resume after SIGKILL, budgets, determinism.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;
use serde_json::Value;

/// Everything a model's result says except how long things took.
fn without_timings(models: &Value) -> Vec<Value> {
    models
        .as_array()
        .unwrap()
        .iter()
        .map(|model| {
            let mut model = model.clone();
            let object = model.as_object_mut().unwrap();
            for key in [
                "fit_seconds",
                "fit_cpu_seconds",
                "predict_seconds",
                "predict_seconds_per_1000_rows",
                // Kept for the candidate the verdict is about, which in a priced run the
                // compute cost, and so these timings, can move between two close trials.
                "test_intervals",
            ] {
                object.remove(key);
            }
            model
        })
        .collect()
}

#[test]
fn sweep_trains_both_families_and_checkpoints_each_model() {
    let tmp = tempfile::tempdir().unwrap();
    // --stop never: on this seed the early "does not pay" would stop the sweep after 5 trials.
    run_args(dataset("german-credit"))
        .trials(6)
        .stop("never")
        .out("s")
        .quiet()
        .ok_in(tmp.path());
    let dir = tmp.path().join("s");
    let r = results(&dir);
    let models = r["models"].as_array().unwrap();
    assert_eq!(models.len(), 7);
    assert_eq!(models[0]["name"], "baseline");
    assert_eq!(models[1]["name"], "trial-0001");
    assert_eq!(r["sweep"]["trials_done"], 6);
    let families: std::collections::HashSet<&str> = models
        .iter()
        .map(|m| m["params"]["family"].as_str().unwrap())
        .collect();
    assert!(
        families.contains("random_forest") && families.contains("boosting"),
        "{families:?}"
    );
    let lines = std::fs::read_to_string(dir.join("trials.jsonl")).unwrap();
    assert_eq!(lines.lines().count(), 7);
    for model in models {
        let name = model["name"].as_str().unwrap();
        assert!(
            dir.join("predictions")
                .join(format!("{name}.parquet"))
                .exists(),
            "{name}"
        );
        assert!(model["fit_cpu_seconds"].as_f64().unwrap() >= 0.0);
        assert!(model["test"]["roc_auc"].as_f64().unwrap() > 0.6, "{name}");
    }
    assert!(dir.join("run.json").exists());
}

#[test]
fn same_seed_same_sweep_with_one_or_two_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let sweep = run_args(dataset("german-credit")).trials(5).quiet();
    sweep.clone().out("one").threads(1).ok_in(tmp.path());
    sweep.clone().out("two").threads(2).ok_in(tmp.path());
    let one = results(&tmp.path().join("one"));
    let two = results(&tmp.path().join("two"));
    assert_eq!(
        without_timings(&one["models"]),
        without_timings(&two["models"])
    );
}

/// Starts `worthit` with `args` in `dir` and kills it (SIGKILL on Unix: no chance to clean up)
/// once its staging folder `staging`'s checkpoint holds `models` lines; fails if it finishes
/// first or never gets there.
fn kill_at_checkpoint(args: RunArgs, dir: &std::path::Path, staging: &str, models: usize) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_worthit"))
        .args(args.args())
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let checkpoint = dir.join(staging).join("trials.jsonl");
    let deadline = Instant::now() + Duration::from_secs(120);
    while std::fs::read_to_string(&checkpoint).map_or(0, |t| t.lines().count()) < models {
        assert!(
            Instant::now() < deadline,
            "the run never checkpointed {models} models"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run finished before it could be killed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn killed_run_resumes_to_the_same_results() {
    let tmp = tempfile::tempdir().unwrap();
    let sweep = run_args(dataset("telco-churn")).trials(8).quiet();
    sweep.clone().out("whole").ok_in(tmp.path());

    kill_at_checkpoint(
        sweep.clone().out("killed"),
        tmp.path(),
        ".killed.partial",
        3,
    );
    assert!(
        !tmp.path().join("killed").exists(),
        "an interrupted run has not landed"
    );

    let resumed = resume_args("killed").quiet().output_in(tmp.path());
    assert_eq!(resumed.status.code(), Some(0), "{}", stderr(&resumed));
    let whole = results(&tmp.path().join("whole"));
    let killed = results(&tmp.path().join("killed"));
    assert_eq!(
        without_timings(&whole["models"]),
        without_timings(&killed["models"])
    );
    assert!(killed["sweep"]["resumed_models"].as_u64().unwrap() >= 3);
    assert!(!tmp.path().join(".killed.partial").exists());
}

#[test]
fn budget_stops_the_sweep_and_says_why() {
    let tmp = tempfile::tempdir().unwrap();
    run_args(dataset("german-credit"))
        .trials(500)
        .arg("--budget", "2s")
        // german-credit has [value]: keep the cost rule from ending the sweep first.
        .stop("never")
        .out("b")
        .quiet()
        .ok_in(tmp.path());
    let r = results(&tmp.path().join("b"));
    let done = r["sweep"]["trials_done"].as_u64().unwrap();
    assert!(done < 500, "{done}");
    assert!(r["sweep"]["stopped_because"]
        .as_str()
        .unwrap()
        .contains("time budget"));
}

#[test]
fn a_run_without_trials_says_none_were_asked_for() {
    let tmp = tempfile::tempdir().unwrap();
    run_args(dataset("german-credit"))
        .trials(0)
        .out("b")
        .quiet()
        .ok_in(tmp.path());
    let r = results(&tmp.path().join("b"));
    assert_eq!(r["sweep"]["trials_done"], 0);
    assert_eq!(r["sweep"]["stopped_because"], "no trials were asked for");
    let report = std::fs::read_to_string(tmp.path().join("b").join("report.md")).unwrap();
    assert!(
        report.contains("Sweep: 0 of 0 trials; stopped because no trials were asked for."),
        "{report}"
    );
}

#[test]
fn resume_refuses_what_it_cannot_continue() {
    let tmp = tempfile::tempdir().unwrap();
    let output = resume_args("nothing-here").output_in(tmp.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no interrupted run"),
        "{}",
        stderr(&output)
    );
    let output = run_args("x.csv")
        .arg("--budget", "ten minutes")
        .output_in(tmp.path());
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn sweep_section_is_checked_before_training() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "d.csv", &small_binary_csv(60));
    write(
        tmp.path(),
        "w.toml",
        "[data]\ntarget = \"label\"\n[sweep.boosting]\nmax_leafs = [8, 64]\n",
    );
    let output = run_args("d.csv")
        .config("w.toml")
        .out("r")
        .output_in(tmp.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("did you mean `max_leaves`?"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn three_shards_merge_into_the_single_process_run() {
    let tmp = tempfile::tempdir().unwrap();
    // Shards never stop early; --stop never keeps the single process to all 7 trials as well.
    let sweep = run_args(dataset("german-credit"))
        .trials(7)
        .stop("never")
        .quiet();
    sweep.clone().out("single").ok_in(tmp.path());
    let children: Vec<_> = (0..3)
        .map(|k| {
            Command::new(env!("CARGO_BIN_EXE_worthit"))
                .args(
                    sweep
                        .clone()
                        .out("sweep")
                        .arg("--shard", &format!("{k}/3"))
                        .args(),
                )
                .current_dir(tmp.path())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let shard_one = results(&tmp.path().join("sweep-shard-1-of-3"));
    let names: Vec<&str> = shard_one["models"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["baseline", "trial-0002", "trial-0005"]);
    run_ok(
        tmp.path(),
        &[
            "merge",
            "sweep-shard-0-of-3",
            "sweep-shard-1-of-3",
            "sweep-shard-2-of-3",
        ],
    );
    let merged = results(&tmp.path().join("sweep"));
    let single = results(&tmp.path().join("single"));
    assert_eq!(
        without_timings(&merged["models"]),
        without_timings(&single["models"])
    );
    assert_eq!(merged["sweep"]["trials_done"], 7);
    // merge prices and analyses the whole sweep again: the two answers of the single run (the
    // amounts differ by the compute each process measured).
    // The candidate is the best by validation net value, which includes the measured compute
    // cost: trials that make the same validation decisions differ only by that measurement
    // (millionths of a cost unit here), so either may win in either process. The merged one must
    // be as good as the single run's on the single run's own figures.
    let validation_net = |name: &serde_json::Value| {
        single["value"]["models"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| &m["name"] == name)
            .and_then(|m| m["validation_net_value"].as_f64())
            .unwrap()
    };
    let (merged, single_answer) = (&merged["recommendation"], &single["recommendation"]);
    let (chosen, expected) = (
        validation_net(&merged["model"]["candidate"]),
        validation_net(&single_answer["model"]["candidate"]),
    );
    assert!(
        (chosen - expected).abs() < 1e-3,
        "merged {merged}\nsingle {single_answer}"
    );
    assert!(merged["model"]["sentence"].is_string(), "{merged}");
    assert!(merged["tuning"]["sentence"].is_string(), "{merged}");
    assert!(tmp
        .path()
        .join("sweep/predictions/trial-0007.parquet")
        .exists());
    let shards = results(&tmp.path().join("sweep"))["sweep"]["merged_from"].clone();
    assert_eq!(shards.as_array().map(Vec::len), Some(3), "{shards}");
    // A merged run given more trials is still made of its shards.
    run_ok(
        tmp.path(),
        &["run", "--resume", "sweep", "--trials", "8", "--quiet"],
    );
    let longer = results(&tmp.path().join("sweep"));
    assert_eq!(longer["sweep"]["trials_done"], 8);
    assert_eq!(longer["sweep"]["merged_from"], shards);
}

/// Shards missing from a merge are refused, naming them and their trials; merged anyway with
/// --allow-missing-shards, every answer opens with what the run lacks (until 2026-12-06 the
/// merge was exit 0 and said so only in results.json's `stopped_because`). A shard stopped
/// early by its budget is named in the full merge's `stopped_because`.
#[test]
fn merge_of_some_shards_says_which_are_missing() {
    let tmp = tempfile::tempdir().unwrap();
    let sweep = run_args(dataset("german-credit"))
        .trials(4)
        .out("s")
        .quiet();
    for shard in ["0/3", "2/3"] {
        sweep.clone().arg("--shard", shard).ok_in(tmp.path());
    }
    let given = ["merge", "s-shard-0-of-3", "s-shard-2-of-3"];
    let err = one_line_error(&worthit_in(tmp.path(), &given));
    assert!(
        err.contains("shard 1/3 of the sweep is not given (s-shard-1-of-3), and with it 1 of the 4 trials (trial-0002): give every shard's folder, or pass --allow-missing-shards"),
        "{err}"
    );
    assert!(!tmp.path().join("s").exists());

    let output = worthit_in(
        tmp.path(),
        &[&given[..], &["--allow-missing-shards"]].concat(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let warning = "Partial sweep: shard 1/3 was not merged, so 1 of the 4 trials (trial-0002) is missing; the answers below read the 3 trials merged, not the whole sweep.";
    assert!(stderr(&output).contains(warning), "{}", stderr(&output));
    // Above the tuning answer, in the terminal and in both reports.
    let markdown = std::fs::read_to_string(tmp.path().join("s/report.md")).unwrap();
    let html = std::fs::read_to_string(tmp.path().join("s/report.html")).unwrap();
    for report in [&markdown, &html] {
        let (at, tuning) = (
            report.find("Partial sweep: shard 1/3"),
            report.find("Tuning:"),
        );
        assert!(at.is_some() && tuning.is_some() && at < tuning, "{report}");
    }
    let merged = results(&tmp.path().join("s"));
    assert_eq!(merged["sweep"]["missing_shards"]["trials"][0], "trial-0002");
    assert_eq!(
        merged["sweep"]["stopped_because"],
        "2 of 3 shards were merged; shard 1/3 is missing"
    );

    // All shards, one stopped by its budget after the baseline: merged without a warning, and
    // its reason named.
    sweep
        .clone()
        .arg("--shard", "1/3")
        .arg("--budget", "1ms")
        .ok_in(tmp.path());
    let output = worthit_in(
        tmp.path(),
        &[&given[..], &["s-shard-1-of-3", "--out", "all"]].concat(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        !stderr(&output).contains("Partial sweep"),
        "{}",
        stderr(&output)
    );
    let all = results(&tmp.path().join("all"));
    assert!(all["sweep"].get("missing_shards").is_none(), "{all}");
    assert_eq!(
        all["sweep"]["stopped_because"],
        "all 3 shards were merged; shard 1/3 stopped after 0 of its 1 trial because the time budget of 0s was spent"
    );
}

#[test]
fn merge_refuses_shards_of_different_sweeps() {
    let tmp = tempfile::tempdir().unwrap();
    let sweep = run_args(dataset("german-credit")).trials(2).out("a");
    sweep
        .clone()
        .arg("--shard", "0/2")
        .quiet()
        .ok_in(tmp.path());
    sweep
        .clone()
        .arg("--shard", "1/2")
        .seed(9)
        .quiet()
        .ok_in(tmp.path());
    let output = worthit_in(tmp.path(), &["merge", "a-shard-0-of-2", "a-shard-1-of-2"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("seed differs"),
        "{}",
        stderr(&output)
    );
    let output = worthit_in(tmp.path(), &["merge", "a-shard-0-of-2", "nowhere"]);
    assert_eq!(output.status.code(), Some(2));
}

/// A merged run never lands inside a shard it reads: the shard would hold a folder no run writes.
#[test]
fn merge_refuses_an_out_inside_a_shard() {
    let tmp = tempfile::tempdir().unwrap();
    let sweep = run_args(dataset("german-credit")).trials(2).out("a");
    for shard in ["0/2", "1/2"] {
        sweep
            .clone()
            .arg("--shard", shard)
            .quiet()
            .ok_in(tmp.path());
    }
    let before = std::fs::read_dir(tmp.path().join("a-shard-0-of-2"))
        .unwrap()
        .count();
    for out in [
        "a-shard-0-of-2/merged",
        "a-shard-1-of-2/../a-shard-0-of-2/x/y",
    ] {
        let err = one_line_error(&worthit_in(
            tmp.path(),
            &["merge", "a-shard-0-of-2", "a-shard-1-of-2", "--out", out],
        ));
        assert!(
            err.contains(
                "a-shard-0-of-2, a run folder this command reads; choose an --out outside it"
            ),
            "{err}"
        );
    }
    let after = std::fs::read_dir(tmp.path().join("a-shard-0-of-2"))
        .unwrap()
        .count();
    assert_eq!(before, after);
    worthit_in(
        tmp.path(),
        &["merge", "a-shard-0-of-2", "a-shard-1-of-2", "--out", "m"],
    );
    assert!(tmp.path().join("m/results.json").is_file());
}

#[test]
fn cost_budget_stops_the_sweep_and_needs_prices() {
    let tmp = tempfile::tempdir().unwrap();
    // The data alone: beside the shipped worthit.toml, `run` would read its prices.
    let data = tmp.path().join("german_credit.csv");
    std::fs::copy(dataset("german-credit").join("german_credit.csv"), &data).unwrap();
    write(
        tmp.path(),
        "w.toml",
        "[data]\ntarget = \"class\"\n[value]\ntrial_cost = 10\nfp = -1\n",
    );
    // Baseline 10, then trials at 20, 30, 40: the fourth trial would start at 40 >= 35.
    run_args(&data)
        .config("w.toml")
        .trials(20)
        .arg("--budget-cost", "35")
        .out("c")
        .quiet()
        .ok_in(tmp.path());
    let r = results(&tmp.path().join("c"));
    assert_eq!(r["sweep"]["trials_done"], 3);
    assert!(r["sweep"]["stopped_because"]
        .as_str()
        .unwrap()
        .contains("cost budget"));
    let output = run_args(&data)
        .target("class")
        .arg("--budget-cost", "5")
        .out("d")
        .output_in(tmp.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("core_hour"), "{}", stderr(&output));
}

#[test]
fn a_finished_run_takes_more_trials_as_a_longer_run_would_have_run_them() {
    let tmp = tempfile::tempdir().unwrap();
    let sweep = run_args(dataset("german-credit")).stop("never").quiet();
    sweep.clone().trials(7).out("long").ok_in(tmp.path());
    // Not quiet: the answer after 4 trials is "not enough trials to tell yet", and the run
    // prints the command that adds them.
    let printed = run_args(dataset("german-credit"))
        .stop("never")
        .trials(4)
        .out("short")
        .ok_in(tmp.path());
    assert!(
        printed.contains("To run them, added to this run: worthit run --resume short --trials 10"),
        "{printed}"
    );
    // And for scripts, in --format json.
    let json: Value = serde_json::from_str(
        &run_args(dataset("german-credit"))
            .stop("never")
            .trials(4)
            .out("scripted")
            .arg("--format", "json")
            .quiet()
            .ok_in(tmp.path()),
    )
    .unwrap();
    assert_eq!(
        json["more_trials_command"],
        "worthit run --resume scripted --trials 10"
    );
    // And in both reports, where a reader of the run folder finds it.
    let short = tmp.path().join("short");
    let markdown = std::fs::read_to_string(short.join("report.md")).unwrap();
    assert!(
        markdown
            .contains("To run them, added to this run: `worthit run --resume short --trials 10`"),
        "{markdown}"
    );
    let html = std::fs::read_to_string(short.join("report.html")).unwrap();
    assert!(
        html.contains("<code>worthit run --resume short --trials 10</code>"),
        "{html}"
    );
    let before = std::fs::read(tmp.path().join("short").join("results.json")).unwrap();

    // Fewer trials than it has, or none asked for: nothing to add, and the run stays as it was.
    let fewer = resume_args("short").trials(4).output_in(tmp.path());
    assert!(one_line_error(&fewer).contains("already has 4 trials"));
    let none = resume_args("short").output_in(tmp.path());
    assert!(one_line_error(&none).contains("is a finished run, with nothing to resume"));
    assert_eq!(
        std::fs::read(tmp.path().join("short").join("results.json")).unwrap(),
        before
    );

    let learning_before = results(&tmp.path().join("short"))["learning_models"].clone();
    resume_args("short").trials(7).quiet().ok_in(tmp.path());
    let long = results(&tmp.path().join("long"));
    let extended = results(&tmp.path().join("short"));
    assert_eq!(
        without_timings(&long["models"]),
        without_timings(&extended["models"])
    );
    // The learning curve's models are the longer run's, kept from the run extended (their fit
    // times too: they were not trained again).
    assert_eq!(
        without_timings(&long["learning_models"]),
        without_timings(&extended["learning_models"])
    );
    assert_eq!(extended["learning_models"], learning_before);
    assert_eq!(extended["sweep"]["trials_requested"], 7);
    assert_eq!(
        extended["sweep"]["resumed_models"], 5,
        "the baseline and 4 trials"
    );
    let lines = std::fs::read_to_string(tmp.path().join("short").join("trials.jsonl")).unwrap();
    assert_eq!(lines.lines().count(), 8);
    let run: Value = serde_json::from_str(
        &std::fs::read_to_string(tmp.path().join("short").join("run.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        run["plan"]["trials"], 7,
        "a later --resume continues the new plan"
    );
    let mut left: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        ["long", "scripted", "short"],
        "no staging folder left"
    );
    assert!(!tmp.path().join("short").join(".extends").exists());
}

/// A folder holding `d.csv` (300 rows of [`small_binary_csv`]) and `r`, a finished run of 2
/// trials on it.
fn small_finished_run() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "d.csv", &small_binary_csv(300));
    run_args("d.csv")
        .target("label")
        .trials(2)
        .stop("never")
        .out("r")
        .quiet()
        .ok_in(tmp.path());
    tmp
}

#[test]
fn more_trials_on_changed_data_leave_the_finished_run_as_it_was() {
    let tmp = small_finished_run();
    let before = std::fs::read(tmp.path().join("r").join("results.json")).unwrap();
    write(tmp.path(), "d.csv", &small_binary_csv(301));
    let output = resume_args("r").trials(4).quiet().output_in(tmp.path());
    assert!(one_line_error(&output).contains("changed since the run"));
    assert_eq!(
        std::fs::read(tmp.path().join("r").join("results.json")).unwrap(),
        before
    );
    assert!(
        !tmp.path().join(".r.partial").exists(),
        "nothing left behind"
    );
}

#[test]
fn more_trials_killed_midway_resume_and_land_over_the_finished_run() {
    let tmp = tempfile::tempdir().unwrap();
    let sweep = run_args(dataset("telco-churn")).stop("never").quiet();
    sweep.clone().trials(8).out("whole").ok_in(tmp.path());
    sweep.clone().trials(2).out("grown").ok_in(tmp.path());
    let before = std::fs::read(tmp.path().join("grown").join("results.json")).unwrap();

    // The staging folder starts with the baseline's and the 2 trials' lines; wait for a new one.
    kill_at_checkpoint(
        resume_args("grown").trials(8).quiet(),
        tmp.path(),
        ".grown.partial",
        4,
    );
    assert_eq!(
        std::fs::read(tmp.path().join("grown").join("results.json")).unwrap(),
        before,
        "the finished run stays as it was until the longer one lands"
    );

    // Fewer trials than the interrupted run has trained cannot be its plan; it stays resumable.
    let fewer = resume_args("grown").trials(2).quiet().output_in(tmp.path());
    assert!(one_line_error(&fewer).contains("trials already"));
    assert!(tmp
        .path()
        .join(".grown.partial")
        .join("trials.jsonl")
        .is_file());

    resume_args("grown").quiet().ok_in(tmp.path());
    let whole = results(&tmp.path().join("whole"));
    let grown = results(&tmp.path().join("grown"));
    assert_eq!(
        without_timings(&whole["models"]),
        without_timings(&grown["models"])
    );
    assert!(!tmp.path().join(".grown.partial").exists());
    assert!(!tmp.path().join("grown").join(".extends").exists());
}

#[test]
fn more_trials_never_replace_a_run_folder_that_has_come_to_hold_the_data() {
    let tmp = small_finished_run();
    // Someone keeps the data in the run folder now, and points run.json at it.
    let data = tmp.path().join("r").join("d.csv");
    std::fs::copy(tmp.path().join("d.csv"), &data).unwrap();
    let manifest = tmp.path().join("r").join("run.json");
    let mut run: Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    run["data_file"] = Value::String(data.display().to_string());
    std::fs::write(&manifest, serde_json::to_vec_pretty(&run).unwrap()).unwrap();

    let output = resume_args("r").trials(4).quiet().output_in(tmp.path());
    let error = one_line_error(&output);
    assert!(error.contains("d.csv"), "{error}");
    assert!(data.is_file());
    assert!(
        !tmp.path().join(".r.partial").exists(),
        "nothing left behind"
    );
}
