//! Property tests over the CSV reader, the config loader and payoff expressions: seeded random
//! inputs, built from the pieces careless exports and hostile users produce (missing markers,
//! huge and non-finite numbers, quotes, control characters, ragged rows, duplicate or empty
//! names, typos, inverted ranges, unbalanced or aggregating expressions). Each must give a
//! result or a one-line input error, never a panic, and a failed run must leave nothing behind.
//!
//! CI runs a bounded number of cases. For many more, set `WORTHIT_PROPERTY_CASES` (library cases
//! per property; the end-to-end runs are a fiftieth of it, at least 10) and, to explore other
//! inputs or replay one, `WORTHIT_PROPERTY_SEED`:
//!
//! ```text
//! WORTHIT_PROPERTY_CASES=100000 WORTHIT_PROPERTY_SEED=7 cargo test --release --test it property
//! ```

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

use worthit::base::error::Error;
use worthit::config::Config;
use worthit::data::prepared::SplitFractions;
use worthit::value::config::Scenario;

use crate::common::*;

/// Cases per library property in a default (CI) run.
const DEFAULT_CASES: usize = 2_000;

fn cases() -> usize {
    std::env::var("WORTHIT_PROPERTY_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES)
}

fn base_seed() -> u64 {
    std::env::var("WORTHIT_PROPERTY_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20261130)
}

/// A small seeded generator (SplitMix64): the same seed, the same inputs.
struct Gen(u64);

impl Gen {
    fn new(property: u64, case: usize) -> Gen {
        Gen(base_seed() ^ property.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (case as u64) << 20)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// A cell as exports write them: numbers of every size, missing markers, text with the
/// characters that break parsers and writers.
fn cell(g: &mut Gen) -> String {
    match g.below(10) {
        0..=3 => format!("{:.3}", g.below(2_000) as f64 / 7.0 - 100.0),
        4 => g.below(50).to_string(),
        5 => g
            .pick(&[
                "NULL", "NA", "?", "", "-", "#N/A", "None", "nan", "NaN", " ", "n/a",
            ])
            .to_string(),
        6 => g
            .pick(&[
                "1e308", "-1e308", "inf", "-inf", "1e3", "0x1F", "1,5", "12kg", "1e-320",
            ])
            .to_string(),
        7 => g
            .pick(&[
                "Oslo",
                "\"a,b\"",
                "\"say \"\"hi\"\"\"",
                "Zürich",
                "\u{1b}[31mred",
                "tab\there",
                "pipe|cell",
                "<script>",
                "\"multi\nline\"",
            ])
            .to_string(),
        8 => g
            .pick(&["yes", "no", "true", "false", "0", "1"])
            .to_string(),
        _ => "x".repeat(g.below(300)),
    }
}

/// A CSV: a header of plausible, duplicate, empty or odd names, then ragged or clean rows.
fn csv(g: &mut Gen) -> (String, Vec<String>) {
    let width = 1 + g.below(5);
    let mut names: Vec<String> = (0..width)
        .map(|i| match g.below(8) {
            0 => String::new(),
            1 => "label".to_string(),
            2 => g
                .pick(&["x1", "x 1", "\"a,b\"", "Zürich", "\u{7}bell"])
                .to_string(),
            _ => format!("c{i}"),
        })
        .collect();
    if !names.contains(&"label".to_string()) && g.chance(0.8) {
        names.push("label".to_string());
    }
    let mut text = String::new();
    if g.chance(0.05) {
        text.push('\u{feff}');
    }
    text.push_str(&names.join(","));
    let newline = if g.chance(0.1) { "\r\n" } else { "\n" };
    text.push_str(newline);
    let rows = g.below(60);
    let label_at = names.iter().position(|n| n == "label");
    for _ in 0..rows {
        let fields = if g.chance(0.03) {
            g.below(names.len() + 2)
        } else {
            names.len()
        };
        let row: Vec<String> = (0..fields)
            .map(|j| {
                if Some(j) == label_at && g.chance(0.9) {
                    g.pick(&["yes", "no"]).to_string()
                } else {
                    cell(g)
                }
            })
            .collect();
        text.push_str(&row.join(","));
        text.push_str(newline);
    }
    if g.chance(0.05) {
        cut_short(&mut text, g);
    }
    (text, names)
}

/// Cuts `text` at a random character boundary, as a file cut short by a full disk.
fn cut_short(text: &mut String, g: &mut Gen) {
    let mut at = g.below(text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    text.truncate(at);
}

/// A payoff expression: mostly well formed over the test frame's columns, sometimes broken,
/// aggregating or very long.
fn expression(g: &mut Gen, depth: usize) -> String {
    if depth > 3 || g.chance(0.3) {
        return g
            .pick(&[
                "x1",
                "x2",
                "amount",
                "1",
                "2.5",
                "1e3",
                "-4",
                "missing_col",
                "'text'",
                "NULL",
            ])
            .to_string();
    }
    let a = expression(g, depth + 1);
    let b = expression(g, depth + 1);
    match g.below(12) {
        0..=3 => format!("{a} {} {b}", g.pick(&["+", "-", "*", "/", "%", ">", "="])),
        4 => format!("({a})"),
        5 => format!(
            "{}({a})",
            g.pick(&["abs", "sum", "avg", "sqrt", "ln", "upper", "nope"])
        ),
        6 => format!("greatest({a}, {b})"),
        7 => format!("CASE WHEN {a} > {b} THEN {a} ELSE {b} END"),
        8 => format!("avg({a}) OVER ()"),
        9 => g
            .pick(&["(", ")", "CASE", "'", "\"", ",", "1 +", "/* x", "--"])
            .to_string(),
        // A long chain, at the top only: nested chains would multiply to gigabytes.
        10 if depth == 0 => vec![a.as_str(); 1 + g.below(400)].join(" + "),
        _ => format!(
            "cast({a} as {})",
            g.pick(&["double", "int", "text", "date"])
        ),
    }
}

/// A config: known sections and keys, typos, values of every type and size.
fn config(g: &mut Gen) -> String {
    let mut text = String::new();
    if g.chance(0.9) {
        text.push_str("[data]\ntarget = \"label\"\n");
        if g.chance(0.3) {
            text.push_str(&format!(
                "positive_class = \"{}\"\n",
                g.pick(&["yes", "no", "maybe"])
            ));
        }
        if g.chance(0.1) {
            text.push_str(&format!(
                "task = \"{}\"\n",
                g.pick(&["binary", "regression", "x"])
            ));
        }
    }
    if g.chance(0.3) {
        let value = g.pick(&["0.2", "0", "1.5", "-0.1", "\"a\"", "0.5"]);
        text.push_str(&format!("[split]\ntest = {value}\n"));
    }
    if g.chance(0.8) {
        text.push_str("[value]\n");
        for key in [
            "tp",
            "fp",
            "fn",
            "tn",
            "decisions_per_year",
            "horizon_years",
            "core_hour",
        ] {
            if g.chance(0.5) {
                text.push_str(&format!("{key} = {}\n", number_or_expression(g)));
            }
        }
        if g.chance(0.1) {
            text.push_str(&format!(
                "{} = 1\n",
                g.pick(&["tpp", "cost_matrix", "per_point"])
            ));
        }
    }
    if g.chance(0.3) {
        text.push_str("[sweep]\n");
        text.push_str(&format!(
            "{} = {}\n",
            g.pick(&["families", "trials", "nope"]),
            g.pick(&["[\"boosting\"]", "3", "[]", "\"x\"", "-1"])
        ));
    }
    if g.chance(0.05) {
        cut_short(&mut text, g);
    }
    text
}

fn number_or_expression(g: &mut Gen) -> String {
    match g.below(6) {
        0 => format!("{}", g.below(1000) as f64 - 500.0),
        1 => g
            .pick(&[
                "1e308", "-1e300", "1e20", "[1, 5]", "[5, 1]", "[1]", "nan", "inf",
            ])
            .to_string(),
        2 => g.pick(&["\"\"", "true", "{}", "[[1]]"]).to_string(),
        _ => {
            let text = expression(g, 0).replace('\\', "").replace('"', "'");
            format!("\"{text}\"")
        }
    }
}

/// How many generated inputs were accepted and refused: a generator that only ever makes
/// one of the two tests half the contract.
#[derive(Default)]
struct Tally {
    ok: usize,
    refused: usize,
}

impl Tally {
    /// Counts an error, asserting it is an input error as the contract wants it: one line,
    /// exit code 2.
    fn error(&mut self, err: &Error, input: &str) {
        let message = err.to_string();
        assert_eq!(
            err.exit_code(),
            2,
            "not an input error: {message}\ninput:\n{input}"
        );
        assert!(
            !message.trim_end().contains('\n'),
            "more than one line: {message}\ninput:\n{input}"
        );
        self.refused += 1;
    }

    fn assert_both(&self, what: &str) {
        let total = self.ok + self.refused;
        assert!(
            self.ok * 20 >= total && self.refused * 20 >= total,
            "{what}: {} accepted and {} refused; the generator should make at least 5% of each",
            self.ok,
            self.refused
        );
    }
}

#[test]
fn the_csv_reader_gives_a_table_or_one_line_for_any_csv() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.csv");
    let mut tally = Tally::default();
    for case in 0..cases() {
        let mut g = Gen::new(1, case);
        let (text, names) = csv(&mut g);
        std::fs::write(&path, &text).unwrap();
        let target = if g.chance(0.9) {
            "label".to_string()
        } else {
            names[g.below(names.len())].clone()
        };
        let spec = Config::default().data_spec(&path, &target);
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            worthit::data::prepared::PreparedData::prepare(
                &spec,
                SplitFractions {
                    validation: 0.2,
                    test: 0.2,
                },
                case as u64,
            )
        }));
        match outcome {
            Err(_) => panic!("panicked on case {case}:\n{text}"),
            Ok(Err(err)) => tally.error(&err, &text),
            Ok(Ok(prepared)) => {
                tally.ok += 1;
                let table = &prepared.table;
                assert!(table.n_rows() <= table.rows_in_file, "case {case}");
                assert_eq!(prepared.binned.n_rows, table.n_rows(), "case {case}");
                assert_eq!(
                    prepared.binned.n_features(),
                    table.features.len(),
                    "case {case}"
                );
            }
        }
    }
    tally.assert_both("CSV files");
}

#[test]
fn the_config_loader_gives_a_config_or_one_line_for_any_text() {
    let columns: Vec<String> = ["x1", "x2", "amount", "label"].map(String::from).to_vec();
    let classes: Vec<String> = ["no", "yes"].map(String::from).to_vec();
    let mut tally = Tally::default();
    for case in 0..cases() {
        let mut g = Gen::new(2, case);
        let text = config(&mut g);
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let config = Config::parse(&text, Path::new("w.toml"))?;
            if let Some(value) = &config.value {
                value.check(&columns, &classes)?;
            }
            Ok::<_, Error>(config)
        }));
        match outcome {
            Err(_) => panic!("panicked on case {case}:\n{text}"),
            Ok(Err(err)) => tally.error(&err, &text),
            Ok(Ok(_)) => tally.ok += 1,
        }
    }
    tally.assert_both("configs");
}

#[test]
fn payoff_expressions_give_finite_payoffs_or_one_line() {
    let text = noisy_binary_csv(40, 5, true);
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "p.csv", &text);
    let frame = worthit::data::read_frame(&path).unwrap();
    let rows: Vec<usize> = (0..frame.height()).collect();
    let mut tally = Tally::default();
    for case in 0..cases() {
        let mut g = Gen::new(3, case);
        let expr = expression(&mut g, 0).replace('\\', "").replace('"', "'");
        let toml = format!("[value]\ntp = \"{expr}\"\nfp = -1\n");
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let config = Config::parse(&toml, Path::new("w.toml"))?;
            let value = config.value.expect("a [value] section");
            worthit::value::payoff::row_payoffs(&value, &frame, &rows, Scenario::Mid)
        }));
        match outcome {
            Err(_) => panic!("panicked on case {case}: {expr}"),
            Ok(Err(err)) => tally.error(&err, &expr),
            Ok(Ok(payoffs)) => {
                tally.ok += 1;
                assert_eq!(payoffs.len(), rows.len(), "{expr}");
                assert!(payoffs.tp.iter().all(|v| v.is_finite()), "{expr}");
            }
        }
    }
    tally.assert_both("expressions");
}

/// Longest an end-to-end case may take: tiny data, one trial.
const RUN_LIMIT: Duration = Duration::from_secs(60);

#[test]
fn runs_on_generated_data_and_configs_finish_or_fail_in_one_line_leaving_nothing() {
    let runs = (cases() / 50).max(10);
    let mut tally = Tally::default();
    for case in 0..runs {
        let mut g = Gen::new(4, case);
        let dir = tempfile::tempdir().unwrap();
        // Half the cases start from learnable data with some cells spoiled, so that runs get
        // past reading and into pricing; the rest are wholly generated.
        let data = if case % 2 == 0 {
            noisy_binary_csv(120, case as u64, true)
                .lines()
                .enumerate()
                .map(|(i, line)| {
                    if i > 0 && g.chance(0.05) {
                        let mut fields: Vec<String> = line.split(',').map(String::from).collect();
                        let at = g.below(fields.len() - 1);
                        fields[at] = cell(&mut g).replace(['\n', ','], " ");
                        fields.join(",")
                    } else {
                        line.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            csv(&mut g).0
        };
        let toml = config(&mut g);
        write(dir.path(), "d.csv", &data);
        write(dir.path(), "w.toml", &toml);
        let started = Instant::now();
        let output = worthit_in(
            dir.path(),
            &[
                "run",
                "d.csv",
                "--config",
                "w.toml",
                "--target",
                "label",
                "--trials",
                "1",
                "--threads",
                "1",
                "--out",
                "r",
                "--quiet",
            ],
        );
        assert!(started.elapsed() < RUN_LIMIT, "case {case} took too long");
        let input = format!("case {case}\n--- w.toml\n{toml}\n--- d.csv\n{data}");
        match output.status.code() {
            Some(0) => {
                tally.ok += 1;
                assert!(dir.path().join("r/results.json").is_file(), "{input}");
            }
            Some(2) => {
                tally.refused += 1;
                let err = stderr(&output);
                assert_eq!(err.trim_end().lines().count(), 1, "{err}\n{input}");
                let left: Vec<String> = std::fs::read_dir(dir.path())
                    .unwrap()
                    .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
                    .filter(|name| name != "d.csv" && name != "w.toml")
                    .collect();
                assert!(left.is_empty(), "left behind {left:?}: {err}\n{input}");
            }
            code => panic!("exit {code:?}: {}\n{input}", stderr(&output)),
        }
    }
    tally.assert_both("runs");
}
