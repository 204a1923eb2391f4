//! Hostile input: a run folder edited by hand. A `results.json` with a wrong type, a missing key
//! or a value no run writes is refused when the folder is reopened, naming the file and the key;
//! a damaged `trials.jsonl` is named as the file the user knows, not the staging folder's copy.

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
    let edits: [(&str, Edit, &str); 6] = [
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
