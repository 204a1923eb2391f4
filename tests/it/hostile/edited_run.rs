//! Hostile input: a run folder edited by hand. A `results.json` with a wrong type, a missing key
//! or a value no run writes is refused when the folder is reopened, naming the file and the key;
//! a damaged `trials.jsonl` is named as the file the user knows, not the staging folder's copy,
//! and a line of it no run writes is refused as `results.json`'s values are; a model name that
//! would reach outside the run folder is refused in both, and a chart folder or report that
//! became something else is refused before a re-render.

use std::path::Path;

use crate::common::*;

/// A finished priced run `root/r` of 3 models on a small binary CSV.
fn finished_run(root: &Path) {
    write(root, "d.csv", &small_binary_csv(120));
    write(
        root,
        "w.toml",
        "[data]\ntarget = \"label\"\n[value]\ntp = 10\nfp = -2\n",
    );
    run_ok(
        root,
        &[
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
        ],
    );
}

/// A hand edit of a `results.json`.
type Edit = fn(&mut serde_json::Value);

#[test]
fn an_edited_results_json_is_refused_naming_the_file_and_the_key() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    finished_run(root);
    let original = results(&root.join("r"));
    let edits: [(&str, Edit, &str); 9] = [
        (
            "a wrong type",
            |r| r["models"][1]["name"] = 3.into(),
            "key `models[1].name`: invalid type",
        ),
        (
            "a missing key",
            |r| {
                r["models"][2].as_object_mut().unwrap().remove("test");
            },
            "key `models[2]`: missing field `test`",
        ),
        (
            "a negative trial count",
            |r| r["sweep"]["trials_done"] = (-3).into(),
            "key `sweep.trials_done`: invalid value: integer `-3`",
        ),
        (
            "a probability of 7.5",
            |r| r["value"]["best"]["difference"]["p_positive"] = 7.5.into(),
            "key `value.best.difference.p_positive` is 7.5, but `p_positive` is a share, between 0 and 1",
        ),
        (
            "a negative time",
            |r| r["timings"]["fit_seconds"] = (-2.5).into(),
            "key `timings.fit_seconds` is -2.5, but `fit_seconds` is never negative",
        ),
        (
            "a ROC-AUC above 1",
            |r| r["models"][0]["test"]["roc_auc"] = 1.5.into(),
            "key `models[0].test.roc_auc` is 1.5, but roc_auc lies between 0 and 1",
        ),
        (
            // Until 2026-12-07 the chart drew it as a stray area across the curve.
            "a curve's band upside down",
            |r| r["value"]["threshold_curves"][0]["bands"][3] = serde_json::json!([5.0, -5.0]),
            "key `value.threshold_curves[0].bands[3]` is [5, -5], but a band's low end is never above its high end",
        ),
        (
            "an interval upside down",
            |r| {
                let interval = &mut r["value"]["models"][0]["net_value_interval"];
                let low = interval["low"].clone();
                interval["low"] = interval["high"].clone();
                interval["high"] = low;
            },
            "key `value.models[0].net_value_interval.low` is ",
        ),
        (
            // Until 2026-12-06 `report` rendered it, `--reprice` failed with an internal error
            // (exit code 1) and `compare` said "the run has " and no model.
            "no baseline",
            |r| {
                r["models"].as_array_mut().unwrap().remove(0);
            },
            "key `models`: no model `baseline`, which every run trains first",
        ),
    ];
    for (what, edit, expected) in edits {
        let mut edited = original.clone();
        edit(&mut edited);
        write(
            &root.join("r"),
            "results.json",
            &serde_json::to_string(&edited).unwrap(),
        );
        let err = one_line_error(&worthit_in(root, &["report", "r"]));
        assert!(err.contains("r/results.json: "), "{what}: {err}");
        assert!(err.contains(expected), "{what}: {err}");
    }
    // The run as it was written reopens.
    write(
        &root.join("r"),
        "results.json",
        &serde_json::to_string_pretty(&original).unwrap(),
    );
    run_ok(root, &["report", "r"]);
}

/// Replaces `fit_seconds` in line `line` (from 1) of the checkpoint at `path` by a string.
fn damage_checkpoint(path: &Path, line: usize) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut record: serde_json::Value = serde_json::from_str(&lines[line - 1]).unwrap();
    record["fit_seconds"] = "soon".into();
    lines[line - 1] = record.to_string();
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

#[test]
fn a_damaged_checkpoint_is_named_as_the_user_knows_it() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    finished_run(root);

    // More trials for a finished run read a copy of its checkpoint in the staging folder: the
    // error names the run's own file, which the copy is line for line.
    copy_tree(&root.join("r"), &root.join(".s.partial"));
    damage_checkpoint(&root.join("r/trials.jsonl"), 2);
    let err = one_line_error(&worthit_in(
        root,
        &["run", "--resume", "r", "--trials", "3", "--quiet"],
    ));
    assert!(
        err.starts_with("worthit: error: r/trials.jsonl line 2: not a trial record (key `fit_seconds`: invalid type: string \"soon\""),
        "{err}"
    );
    assert!(!err.contains(".r.partial"), "{err}");

    // An interrupted run's checkpoint is the staging folder's own file: named, and said whose.
    damage_checkpoint(&root.join(".s.partial/trials.jsonl"), 3);
    let err = one_line_error(&worthit_in(root, &["run", "--resume", "s", "--quiet"]));
    assert!(
        err.contains(".s.partial/trials.jsonl line 3, the checkpoint of the interrupted run of s: not a trial record (key `fit_seconds`"),
        "{err}"
    );
}

/// Edits line `line` (from 1) of the checkpoint at `path` with `edit`, or, given no line, adds a
/// copy of line 3 at the end.
fn edit_checkpoint(path: &Path, line: Option<usize>, edit: Edit) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    match line {
        Some(line) => {
            let mut record: serde_json::Value = serde_json::from_str(&lines[line - 1]).unwrap();
            edit(&mut record);
            lines[line - 1] = record.to_string();
        }
        None => lines.push(lines[2].clone()),
    }
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

#[test]
fn a_checkpoint_line_no_run_writes_is_refused_on_resume() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    finished_run(root);
    let original = std::fs::read_to_string(root.join("r/trials.jsonl")).unwrap();
    let edits: [(&str, Option<usize>, Edit, &str); 5] = [
        (
            "a negative fit time",
            Some(3),
            |m| m["fit_seconds"] = (-5).into(),
            "r/trials.jsonl line 3: key `fit_seconds` is -5, but `fit_seconds` is never negative; a run never writes that",
        ),
        (
            "a ROC-AUC of 7",
            Some(2),
            |m| m["validation"]["roc_auc"] = 7.into(),
            "r/trials.jsonl line 2: key `validation.roc_auc` is 7, but roc_auc lies between 0 and 1",
        ),
        (
            "a trial number not its name's",
            Some(3),
            |m| m["trial"] = 1_000_000_000_000_u64.into(),
            "r/trials.jsonl line 3: `trial-0002` is recorded as trial number 1000000000000, which is `trial-1000000000001`",
        ),
        (
            "a name reaching outside the run folder",
            Some(2),
            |m| m["name"] = "../../x".into(),
            "r/trials.jsonl line 2: model name `../../x`: use 1 to 64 letters",
        ),
        (
            "a model twice",
            None,
            |_| {},
            "r/trials.jsonl line 4: a second record of `trial-0002` (line 3 holds the first)",
        ),
    ];
    for (what, line, edit, expected) in edits {
        std::fs::write(root.join("r/trials.jsonl"), &original).unwrap();
        edit_checkpoint(&root.join("r/trials.jsonl"), line, edit);
        let err = one_line_error(&worthit_in(
            root,
            &["run", "--resume", "r", "--trials", "3", "--quiet"],
        ));
        assert!(err.contains(expected), "{what}: {err}");
        // Nothing was trained or written: the finished run is as it was.
        assert_eq!(
            results(&root.join("r"))["models"].as_array().unwrap().len(),
            3
        );
        assert!(!root.join(".r.partial").exists(), "{what}");
    }
    std::fs::write(root.join("r/trials.jsonl"), &original).unwrap();
    run_ok(root, &["run", "--resume", "r", "--trials", "3", "--quiet"]);
    assert_eq!(
        results(&root.join("r"))["models"].as_array().unwrap().len(),
        4
    );
}

#[test]
fn a_model_name_reaching_outside_the_run_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    finished_run(root);
    let original = results(&root.join("r"));
    // A predictions file where `../../outside` would find it, which merge would have copied
    // onto itself (emptying it) and reprice read.
    let outside = root.join("outside.parquet");
    std::fs::copy(root.join("r/predictions/trial-0001.parquet"), &outside).unwrap();
    let size = std::fs::metadata(&outside).unwrap().len();
    let edits: [(Edit, &str); 3] = [
        (
            |r| r["models"][1]["name"] = "../../outside".into(),
            "r/results.json: key `models[1].name`: model name `../../outside`: use 1 to 64 letters",
        ),
        (
            |r| r["learning_models"][0]["name"] = "/tmp/x".into(),
            "r/results.json: key `learning_models[0].name`: model name `/tmp/x`",
        ),
        (
            |r| r["models"][2]["name"] = "TRIAL-0001".into(),
            "r/results.json: key `models[2].name`: `TRIAL-0001` is recorded as trial number 1, which is `trial-0002`",
        ),
    ];
    for (edit, expected) in edits {
        let mut edited = original.clone();
        edit(&mut edited);
        write(&root.join("r"), "results.json", &edited.to_string());
        for command in [&["report", "r", "--reprice"][..], &["compare", "r", "r"]] {
            let err = one_line_error(&worthit_in(root, command));
            assert!(err.contains(expected), "{command:?}: {err}");
        }
    }
    assert_eq!(std::fs::metadata(&outside).unwrap().len(), size);
}

#[test]
fn a_data_file_moved_since_the_run_is_named_with_the_key_that_records_it() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    finished_run(root);
    std::fs::rename(root.join("d.csv"), root.join("moved.csv")).unwrap();
    for command in [
        &["report", "r", "--reprice"][..],
        &["run", "--resume", "r", "--trials", "3", "--quiet"],
    ] {
        let err = one_line_error(&worthit_in(root, command));
        assert!(
            err.contains("d.csv, the run's data file (`data_file` in its run.json), does not exist: moved or deleted since the run? Put it back, or set `data_file` in run.json"),
            "{command:?}: {err}"
        );
    }
    // Set where it is now, the run reprices.
    let run_json = root.join("r/run.json");
    let mut manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&run_json).unwrap()).unwrap();
    manifest["data_file"] = root.join("moved.csv").display().to_string().into();
    std::fs::write(&run_json, manifest.to_string()).unwrap();
    run_ok(root, &["report", "r", "--reprice"]);
}

/// `worthit report` on a run folder whose `plots/` became a file, or whose `report.md` a folder,
/// is refused naming the path, exit code 2, before any work; until 2026-12-06 it failed as a
/// write error, exit code 1 ("cannot create r/plots: File exists").
#[test]
fn a_report_place_replaced_by_hand_is_refused_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    finished_run(tmp.path());
    let run = tmp.path().join("r");
    std::fs::remove_dir_all(run.join("plots")).unwrap();
    std::fs::write(run.join("plots"), "x").unwrap();
    let error = one_line_error(&worthit_in(tmp.path(), &["report", "r"]));
    assert!(
        error.contains("r/plots: not a folder, but a run writes a folder there"),
        "{error}"
    );
    std::fs::remove_file(run.join("plots")).unwrap();
    std::fs::remove_file(run.join("report.md")).unwrap();
    std::fs::create_dir(run.join("report.md")).unwrap();
    let error = one_line_error(&worthit_in(tmp.path(), &["report", "r", "--reprice"]));
    assert!(
        error.contains("r/report.md: a folder, but a run writes a file there"),
        "{error}"
    );
    std::fs::remove_dir(run.join("report.md")).unwrap();
    run_ok(tmp.path(), &["report", "r"]);
    assert!(run.join("plots").is_dir() && run.join("report.md").is_file());
}
