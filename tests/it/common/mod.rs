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

/// A file from the shared datasets beside the repository, if present.
pub fn shared_dataset(file: &str) -> Option<PathBuf> {
    let path = root().join("..").join("shared").join("datasets").join(file);
    path.exists().then_some(path)
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
pub fn results(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("results.json")).expect("results.json exists");
    serde_json::from_str(&text).expect("results.json parses")
}

/// Runs `worthit` in `dir`, asserts it succeeded and returns its stdout.
pub fn run_ok(dir: &Path, args: &[&str]) -> String {
    let output = worthit_in(dir, args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    String::from_utf8_lossy(&output.stdout).to_string()
}

/// A noisy binary CSV (`x1` mostly decides `label`, `x2` is noise), from a fixed seed; with
/// `amount`, also a per-row amount column for payoff expressions.
pub fn noisy_binary_csv(rows: usize, seed: u64, amount: bool) -> String {
    let mut text = String::from(if amount {
        "x1,x2,amount,label\n"
    } else {
        "x1,x2,label\n"
    });
    let mut state = seed;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
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
