//! Helpers shared by the integration tests: run the real binary, make small data files.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A shipped dataset folder.
pub fn dataset(name: &str) -> PathBuf {
    root().join("datasets").join(name)
}

/// Is this a CI run? CI sets `CI` (to `true`); there a missing prerequisite fails its test.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// The one gate for tests that need something outside the repository (a shared dataset,
/// Chromium): `Some(thing)` when it is there; when it is not, panics under CI (`CI` set), so CI
/// never passes a test that tested nothing, and otherwise prints a notice and returns `None`
/// for the test to return early. The notice is written to stderr directly, past the test
/// harness's output capture, so a local `cargo test` shows what it skipped.
pub fn require<T>(thing: Option<T>, missing: &str) -> Option<T> {
    if thing.is_some() {
        return thing;
    }
    // libtest names each test's thread after the test.
    let current = std::thread::current();
    let test = current.name().unwrap_or("a test");
    if in_ci() {
        panic!(
            "{test}: {missing}; CI must run this test (CI is set), so it fails instead of skipping"
        );
    }
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED {test}: {missing} (under CI=true this test fails)"
    );
    None
}

/// A file of the shared datasets beside the repository (`../shared/datasets/FILE`), through
/// [`require`]: `None` (with a notice) when it is missing, a panic when it is missing under CI.
pub fn require_shared_dataset(file: &str) -> Option<PathBuf> {
    let path = root().join("..").join("shared").join("datasets").join(file);
    let missing = format!("{} is not present", path.display());
    require(path.is_file().then_some(path), &missing)
}

/// The Chromium binary on PATH (`chromium` or `chromium-browser`, as
/// `scripts/screenshot-report.sh` looks for it), through [`require`].
pub fn require_chromium() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths).find_map(|dir| {
            ["chromium", "chromium-browser"]
                .iter()
                .map(|name| dir.join(name))
                .find(|path| path.is_file())
        })
    });
    require(
        found,
        "chromium is not on PATH (Debian: apt-get install chromium; .ci/run installs it)",
    )
}

/// Runs `worthit` with `args` in `dir`.
pub fn worthit_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_worthit"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the worthit binary runs")
}

/// Runs `worthit` with `args` in the repository root.
pub fn worthit(args: &[&str]) -> Output {
    worthit_in(&root(), args)
}

/// stderr as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write test file");
    path
}

/// A small, learnable binary CSV: `x1` decides the label, `x2` is noise, `city` is categorical.
pub fn small_binary_csv(rows: usize) -> String {
    let mut text = String::from("x1,x2,city,label\n");
    for i in 0..rows {
        let x1 = (i * 37 % 101) as f64 / 10.0;
        let x2 = (i * 53 % 97) as f64;
        let city = ["Oslo", "Lima", "Pune"][i % 3];
        let label = if x1 > 5.0 { "yes" } else { "no" };
        text.push_str(&format!("{x1},{x2},{city},{label}\n"));
    }
    text
}

/// The `results.json` of a run folder.
/// `rows` rows of `x1,x2,kind`, `kind` one of low, mid, high from a noisy `x1`: a small
/// three-class task.
pub fn three_class_csv(rows: u64) -> String {
    let mut text = String::from("x1,x2,kind\n");
    for i in 0..rows {
        let x1 = (i * 37 % 101) as f64 / 10.0;
        let x2 = (i * 53 % 97) as f64 / 9.7;
        let noisy = x1 + ((i * 7919) % 11) as f64 / 5.0 - 1.0;
        let kind = if noisy < 3.3 {
            "low"
        } else if noisy < 6.6 {
            "mid"
        } else {
            "high"
        };
        text.push_str(&format!("{x1},{x2},{kind}\n"));
    }
    text
}

/// Copies `tests/fixtures/NAME` into `dir` as `as_name` and returns its path.
pub fn copy_fixture(name: &str, dir: &Path, as_name: &str) -> PathBuf {
    let to = dir.join(as_name);
    std::fs::copy(root().join("tests/fixtures").join(name), &to)
        .unwrap_or_else(|err| panic!("fixture {name}: {err}"));
    to
}

/// Copies folder `from` with everything under it to `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub fn results(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("results.json")).expect("results.json exists");
    serde_json::from_str(&text).expect("results.json parses")
}

/// The learning curve of the run in `out` as `results.json` stores it, its sentence tells it and
/// its chart labels it: each share's gain over the share before it (paired on the same
/// resamples) is the difference of their gains over the full baseline, within its interval; the
/// last doubling is the full baseline's, the sentence gives the one before it beside it, and the
/// chart writes both beside their segments, each with its interval, in the axis's unit.
pub fn assert_doublings_told(out: &Path) {
    let results = results(out);
    let learning = &results["analysis"]["learning"];
    let points = learning["points"].as_array().expect("learning points");
    assert_eq!(points.len(), 4, "{learning}");
    assert!(points[0]["over_previous"].is_null(), "{learning}");
    let gain = |point: &serde_json::Value| point["difference"]["mean"].as_f64().unwrap_or(0.0);
    for pair in points.windows(2) {
        let step = &pair[1]["over_previous"];
        let [mean, low, high] = ["mean", "low", "high"].map(|k| step[k].as_f64().expect("a step"));
        let expected = gain(&pair[1]) - gain(&pair[0]);
        assert!(
            (mean - expected).abs() <= 1e-9 * (1.0 + expected.abs()),
            "{pair:?}"
        );
        assert!(low <= mean && mean <= high, "{step}");
    }
    assert_eq!(learning["last_doubling"], points[3]["over_previous"]);
    let sentence = learning["sentence"].as_str().unwrap();
    assert!(
        sentence.contains("the last doubling of the training rows added ")
            && sentence.contains(", the one before it "),
        "{sentence}"
    );
    let chart = std::fs::read_to_string(out.join("plots/learning.svg")).expect("learning.svg");
    for point in &points[2..] {
        let step = &point["over_previous"];
        let [mean, low, high] = ["mean", "low", "high"].map(|k| step[k].as_f64().unwrap());
        let label = format!(
            "{} ({})",
            worthit::base::format::signed_money(mean, ""),
            worthit::base::format::interval(low, high, "")
        );
        assert!(
            chart.contains(&label),
            "no label {label} on the learning chart"
        );
    }
}

/// What a run noticed about its data (`dataset.notices` of its results).
pub fn notices(results: &serde_json::Value) -> Vec<&str> {
    results["dataset"]["notices"]
        .as_array()
        .expect("dataset.notices is a list")
        .iter()
        .map(|n| n.as_str().expect("a notice is text"))
        .collect()
}

/// Runs `worthit` in `dir`, asserts it succeeded and returns its stdout.
pub fn run_ok(dir: &Path, args: &[&str]) -> String {
    let output = worthit_in(dir, args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    String::from_utf8_lossy(&output.stdout).to_string()
}

/// Uniform draws in [0, 1) from `seed`: the tests' one random stream for generated data (a
/// 64-bit linear congruential generator, Knuth's MMIX constants; no crate, so a test's data
/// never moves with a dependency).
pub fn uniform_stream(seed: u64) -> impl FnMut() -> f64 {
    let mut state = seed;
    move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A noisy binary CSV (`x1` mostly decides `label`, `x2` is noise), from a fixed seed; with
/// `amount`, also a per-row amount column for payoff expressions.
pub fn noisy_binary_csv(rows: usize, seed: u64, amount: bool) -> String {
    let mut text = String::from(if amount {
        "x1,x2,amount,label\n"
    } else {
        "x1,x2,label\n"
    });
    let mut next = uniform_stream(seed);
    for _ in 0..rows {
        let x1 = next() * 10.0;
        let x2 = next() * 10.0;
        let cost = if amount {
            format!("{},", 10.0 + (next() * 90.0).round())
        } else {
            String::new()
        };
        let label = if x1 + 4.0 * next() > 7.0 { "yes" } else { "no" };
        text.push_str(&format!("{x1:.3},{x2:.3},{cost}{label}\n"));
    }
    text
}

/// `worthit run` arguments, built the one way every test builds them:
/// `run_args(data).trials(6).out("s").quiet().ok_in(dir)`. Flags come out in the order they are
/// added, after `run DATA`.
#[derive(Clone, Debug)]
pub struct RunArgs {
    args: Vec<String>,
}

/// `worthit run DATA` (a file, a dataset folder, or a path relative to the folder it runs in).
pub fn run_args(data: impl AsRef<Path>) -> RunArgs {
    RunArgs {
        args: vec!["run".into(), path_text(data.as_ref())],
    }
}

/// `worthit run --resume DIR`.
pub fn resume_args(dir: impl AsRef<Path>) -> RunArgs {
    RunArgs {
        args: vec!["run".into(), "--resume".into(), path_text(dir.as_ref())],
    }
}

fn path_text(path: &Path) -> String {
    path.to_str().expect("test paths are UTF-8").to_string()
}

impl RunArgs {
    /// `--out DIR`.
    pub fn out(self, dir: impl AsRef<Path>) -> Self {
        let dir = path_text(dir.as_ref());
        self.arg("--out", &dir)
    }

    /// `--trials N`.
    pub fn trials(self, n: usize) -> Self {
        self.arg("--trials", &n.to_string())
    }

    /// `--seed N`.
    pub fn seed(self, seed: u64) -> Self {
        self.arg("--seed", &seed.to_string())
    }

    /// `--threads N`.
    pub fn threads(self, n: usize) -> Self {
        self.arg("--threads", &n.to_string())
    }

    /// `--config FILE`.
    pub fn config(self, file: impl AsRef<Path>) -> Self {
        let file = path_text(file.as_ref());
        self.arg("--config", &file)
    }

    /// `--target COL`.
    pub fn target(self, column: &str) -> Self {
        self.arg("--target", column)
    }

    /// `--stop RULE` (`auto`, `never`).
    pub fn stop(self, rule: &str) -> Self {
        self.arg("--stop", rule)
    }

    /// `--quiet`.
    pub fn quiet(self) -> Self {
        self.flag("--quiet")
    }

    /// `--force`.
    pub fn force(self) -> Self {
        self.flag("--force")
    }

    /// Any other flag with a value, e.g. `.arg("--budget", "2s")`.
    pub fn arg(mut self, flag: &str, value: &str) -> Self {
        self.args.push(flag.to_string());
        self.args.push(value.to_string());
        self
    }

    /// Any other flag without a value, e.g. `.flag("--allow-other-data")`.
    pub fn flag(mut self, flag: &str) -> Self {
        self.args.push(flag.to_string());
        self
    }

    /// The whole argument list, `run` first (for `Command::args`).
    pub fn args(&self) -> &[String] {
        &self.args
    }

    /// Runs it in `dir` and returns the output, whatever the exit code.
    pub fn output_in(&self, dir: &Path) -> Output {
        let args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        worthit_in(dir, &args)
    }

    /// Runs it in `dir`, asserts it succeeded and returns its stdout.
    pub fn ok_in(&self, dir: &Path) -> String {
        let args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        run_ok(dir, &args)
    }

    /// Runs it in `dir` with `--format json`, asserts it succeeded with stdout one JSON object,
    /// and returns that object and stderr.
    pub fn json_in(&self, dir: &Path) -> (serde_json::Value, String) {
        let output = self.clone().arg("--format", "json").output_in(dir);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let text = String::from_utf8_lossy(&output.stdout);
        let json = serde_json::from_str(&text)
            .unwrap_or_else(|err| panic!("stdout is not one JSON object ({err}):\n{text}"));
        (json, stderr(&output))
    }
}

/// Asserts the input-error contract on a finished `worthit` command: exit code 2, exactly one
/// line on stderr starting `worthit: error: `, no panic, nothing on stdout. Returns the line.
pub fn one_line_error(output: &Output) -> String {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(2), "exit code: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    assert!(err.starts_with("worthit: error: "), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        output.stdout.is_empty(),
        "stdout: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    err.trim_end().to_string()
}

/// Runs `worthit args` in `dir` with no stdin, killing it and failing the test if it runs longer
/// than `limit` (a read that blocks or never ends, or a run that should have been refused but
/// started training).
pub fn worthit_within(dir: &Path, args: &[&str], limit: std::time::Duration) -> Output {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_worthit"))
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the worthit binary runs");
    let started = std::time::Instant::now();
    while child.try_wait().expect("wait for worthit").is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            let output = child.wait_with_output().expect("worthit's output");
            panic!(
                "worthit {args:?} was still running after {} s; stderr: {}",
                limit.as_secs(),
                stderr(&output)
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().expect("worthit's output")
}
