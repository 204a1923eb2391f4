//! The GitHub Action (`action.yml`) and the example workflow that uses it, run locally: the
//! action's gate step is `scripts/worthit-action.sh` with the action's inputs in environment
//! variables, so these tests run that very script with the inputs the example workflow gives,
//! wired as `action.yml` wires them, and this build of worthit in place of an installed one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common::*;

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|err| panic!("{path}: {err}"))
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// `key: value` of a YAML line, the value unquoted.
fn key_value(line: &str) -> Option<(String, String)> {
    let (key, value) = line.trim().split_once(':')?;
    let value = value.trim().trim_matches('"').to_string();
    Some((key.trim().trim_start_matches("- ").to_string(), value))
}

/// The lines of the block under the first line whose trimmed text is `header`, after `from`.
fn block<'a>(lines: &[&'a str], from: usize, header: &str) -> (usize, Vec<&'a str>) {
    let at = lines[from..]
        .iter()
        .position(|l| l.trim() == header)
        .map(|i| i + from)
        .unwrap_or_else(|| panic!("no `{header}` line"));
    let depth = indent(lines[at]);
    let body = lines[at + 1..]
        .iter()
        .take_while(|l| l.trim().is_empty() || indent(l) > depth)
        .copied()
        .collect();
    (at, body)
}

/// `${{ PREFIX.NAME }}` -> NAME.
fn expression(value: &str, prefix: &str) -> Option<String> {
    let inner = value.strip_prefix("${{")?.strip_suffix("}}")?.trim();
    Some(inner.strip_prefix(prefix)?.to_string())
}

/// What `action.yml` declares and how its gate step is wired.
struct Action {
    /// Input name -> its default ("" when it has none).
    inputs: BTreeMap<String, String>,
    /// Output name -> the gate step's output it reads.
    outputs: BTreeMap<String, String>,
    /// The gate step's environment: variable -> the input it takes.
    env: BTreeMap<String, String>,
}

fn action() -> Action {
    let text = read("action.yml");
    let lines: Vec<&str> = text.lines().collect();
    let mut inputs = BTreeMap::new();
    let (_, body) = block(&lines, 0, "inputs:");
    let mut current = None;
    for line in body.iter().filter(|l| !l.trim().is_empty()) {
        let Some((key, value)) = key_value(line) else {
            continue;
        };
        if indent(line) == 2 {
            inputs.insert(key.clone(), String::new());
            current = Some(key);
        } else if key == "default" {
            let name = current.clone().expect("an input before its default");
            inputs.insert(name, value);
        }
    }
    let mut outputs = BTreeMap::new();
    let (_, body) = block(&lines, 0, "outputs:");
    let mut current = None;
    for line in body.iter().filter(|l| !l.trim().is_empty()) {
        let Some((key, value)) = key_value(line) else {
            continue;
        };
        if indent(line) == 2 {
            current = Some(key);
        } else if key == "value" {
            let name = current.clone().expect("an output before its value");
            let step_output = expression(&value, "steps.gate.outputs.")
                .unwrap_or_else(|| panic!("output {name} reads {value}, not the gate step"));
            outputs.insert(name, step_output);
        }
    }
    let (runs, _) = block(&lines, 0, "runs:");
    let gate = lines[runs..]
        .iter()
        .position(|l| l.trim() == "id: gate")
        .map(|i| i + runs)
        .expect("a step with id: gate");
    let step: Vec<&str> = lines[gate..]
        .iter()
        .take_while(|l| !l.trim_start().starts_with("- ") || l.contains("id: gate"))
        .copied()
        .collect();
    assert!(
        step.iter()
            .any(|l| l.trim() == "run: bash \"$GITHUB_ACTION_PATH/scripts/worthit-action.sh\""),
        "the gate step runs scripts/worthit-action.sh:\n{}",
        step.join("\n")
    );
    let mut env = BTreeMap::new();
    let (_, body) = block(&step, 0, "env:");
    for line in body {
        let (variable, value) = key_value(line).expect("NAME: value");
        let input = expression(&value, "inputs.")
            .unwrap_or_else(|| panic!("{variable} takes {value}, not an input"));
        env.insert(variable, input);
    }
    Action {
        inputs,
        outputs,
        env,
    }
}

/// The `with:` inputs the example workflow gives the action (`uses: ./`).
fn example_inputs() -> BTreeMap<String, String> {
    let text = read("examples/github-actions/worthit-gate.yml");
    let lines: Vec<&str> = text.lines().collect();
    let uses = lines
        .iter()
        .position(|l| l.trim() == "uses: ./")
        .expect("the example workflow uses the action (uses: ./)");
    let (_, body) = block(&lines, uses, "with:");
    body.iter().filter_map(|l| key_value(l)).collect()
}

/// What one run of the gate step left.
struct Gate {
    output: Output,
    /// `$GITHUB_OUTPUT`, parsed.
    outputs: BTreeMap<String, String>,
    /// `$GITHUB_STEP_SUMMARY`.
    summary: String,
    temp: PathBuf,
}

/// Runs the gate step as GitHub would (`bash` with the step's environment), the example's inputs
/// with `changes` applied.
fn run_gate(name: &str, changes: &[(&str, &str)]) -> Gate {
    let action = action();
    let mut given = example_inputs();
    for (input, value) in changes {
        given.insert(input.to_string(), value.to_string());
    }
    for input in given.keys() {
        assert!(action.inputs.contains_key(input), "unknown input {input}");
    }
    let temp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("action-tests-{}", std::process::id()))
        .join(name);
    let _ = std::fs::remove_dir_all(&temp);
    std::fs::create_dir_all(&temp).unwrap();
    let (outputs_file, summary_file) = (temp.join("github-output"), temp.join("step-summary"));
    let mut command = std::process::Command::new("bash");
    command
        .args(["--noprofile", "--norc", "-e", "-o", "pipefail"])
        .arg(root().join("scripts/worthit-action.sh"))
        .current_dir(root())
        .env("WORTHIT", env!("CARGO_BIN_EXE_worthit"))
        .env("GITHUB_ACTION_PATH", root())
        .env("RUNNER_TEMP", &temp)
        .env("GITHUB_OUTPUT", &outputs_file)
        .env("GITHUB_STEP_SUMMARY", &summary_file);
    for (variable, input) in &action.env {
        let value = given.get(input).unwrap_or(&action.inputs[input]);
        command.env(variable, value);
    }
    let output = command.output().expect("bash runs");
    let outputs_text = std::fs::read_to_string(&outputs_file).unwrap_or_default();
    let outputs: BTreeMap<String, String> = outputs_text
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    // Every output the action declares is one the script sets.
    for (name, step_output) in &action.outputs {
        assert!(
            outputs.contains_key(step_output),
            "action output {name} reads {step_output}, which the script did not set: {outputs_text}"
        );
    }
    let summary = std::fs::read_to_string(&summary_file).unwrap_or_default();
    Gate {
        output,
        outputs,
        summary,
        temp,
    }
}

fn code(gate: &Gate) -> Option<i32> {
    gate.output.status.code()
}

fn out_text(gate: &Gate) -> String {
    format!(
        "stdout:\n{}\nstderr:\n{}\noutputs: {:?}",
        String::from_utf8_lossy(&gate.output.stdout),
        stderr(&gate.output),
        gate.outputs
    )
}

#[test]
fn the_example_workflow_passes_its_gate_locally() {
    let inputs = example_inputs();
    assert_eq!(inputs["data"], "datasets/german-credit");
    assert_eq!(inputs["baseline"], "ci/reference/german-credit");
    let gate = run_gate("example", &[]);
    assert_eq!(code(&gate), Some(0), "{}", out_text(&gate));
    assert_eq!(gate.outputs["verdict"], "pass", "{}", out_text(&gate));
    assert_eq!(gate.outputs["exit-code"], "0");
    // The job summary is the comparison in Markdown, and so is the comment file.
    assert!(
        gate.summary.starts_with("### worthit compare: pass\n"),
        "{}",
        gate.summary
    );
    assert!(gate.summary.contains("| candidate |"), "{}", gate.summary);
    let markdown = std::fs::read_to_string(&gate.outputs["markdown"]).unwrap();
    assert_eq!(markdown, gate.summary);
    // The run landed where the run-folder output says: under RUNNER_TEMP by default.
    let run = Path::new(&gate.outputs["run-folder"]);
    assert!(run.starts_with(&gate.temp), "{}", run.display());
    assert!(run.join("results.json").is_file());
}

#[test]
fn a_loss_beyond_the_bar_fails_the_step() {
    // The same model against the reference: a difference of about 0, far below a 1,000 bar.
    let gate = run_gate("fail", &[("args", "--trials 0 --min-gain 1000")]);
    assert_eq!(code(&gate), Some(1), "{}", out_text(&gate));
    assert_eq!(gate.outputs["verdict"], "fail", "{}", out_text(&gate));
    assert_eq!(gate.outputs["exit-code"], "1");
    assert!(
        gate.summary.starts_with("### worthit compare: fail\n"),
        "{}",
        gate.summary
    );
}

#[test]
fn bad_input_fails_the_step_and_the_summary_says_why() {
    let gate = run_gate("error", &[("baseline", "ci/reference/no-such-run")]);
    assert_eq!(code(&gate), Some(1), "{}", out_text(&gate));
    assert_eq!(gate.outputs["verdict"], "error", "{}", out_text(&gate));
    assert_eq!(gate.outputs["exit-code"], "2");
    assert!(
        gate.summary.starts_with("### worthit compare: error\n"),
        "{}",
        gate.summary
    );
    assert!(
        gate.summary.contains("worthit: error:") && gate.summary.contains("no-such-run"),
        "{}",
        gate.summary
    );
    // A baseline that does not exist is refused before any training.
    assert!(!Path::new(&gate.outputs["run-folder"]).exists());
}

#[test]
fn an_inconclusive_comparison_passes_unless_asked_to_fail() {
    // Three trials: the best candidate's interval against the reference straddles 0.
    let gate = run_gate("inconclusive", &[("args", "--trials 3")]);
    assert_eq!(code(&gate), Some(0), "{}", out_text(&gate));
    assert_eq!(
        gate.outputs["verdict"],
        "inconclusive",
        "{}",
        out_text(&gate)
    );
    assert_eq!(gate.outputs["exit-code"], "3");
    let gate = run_gate(
        "inconclusive-fails",
        &[("args", "--trials 3"), ("fail-on-inconclusive", "true")],
    );
    assert_eq!(code(&gate), Some(1), "{}", out_text(&gate));
    assert_eq!(
        gate.outputs["verdict"],
        "inconclusive",
        "{}",
        out_text(&gate)
    );
    assert_eq!(gate.outputs["exit-code"], "3");
}

#[test]
fn flags_in_args_are_not_evaluated_by_the_shell() {
    // A command substitution reaches worthit as text, which it refuses as an unknown argument.
    let gate = run_gate("no-eval", &[("args", "--trials 0 $(touch pwned)")]);
    assert_eq!(code(&gate), Some(1), "{}", out_text(&gate));
    assert_eq!(gate.outputs["exit-code"], "2");
    assert!(!root().join("pwned").exists());
    assert!(gate.summary.contains("'$(touch'"), "{}", gate.summary);
    // So does a glob, instead of the names of the files it would match.
    let gate = run_gate("no-glob", &[("args", "--trials *")]);
    assert_eq!(gate.outputs["exit-code"], "2", "{}", out_text(&gate));
    assert!(gate.summary.contains("'*'"), "{}", gate.summary);
}
