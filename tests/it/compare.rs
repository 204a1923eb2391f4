//! `worthit compare` and `worthit run --compare-to`: the CI gate's exit codes, formats,
//! mismatched and broken inputs (the GitHub Action is tested in `action.rs`).

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use crate::common::*;
use serde_json::Value;

/// Runs made once for the whole file: they take seconds each, and tests only read them.
struct Runs {
    /// german-credit, baseline only.
    german: PathBuf,
    /// telco-churn, baseline only.
    telco_base: PathBuf,
    /// telco-churn with 2 trials: its best candidate earns far more than the baseline.
    telco_tuned: PathBuf,
    /// Scratch space for tests.
    scratch: PathBuf,
}

fn runs() -> &'static Runs {
    static RUNS: OnceLock<Runs> = OnceLock::new();
    RUNS.get_or_init(|| {
        // Under cargo's per-target scratch folder, one per test process, so concurrent test runs
        // never share run folders.
        let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("compare-tests-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&scratch);
        std::fs::create_dir_all(&scratch).unwrap();
        let make = |dataset: &str, trials: usize, name: &str| {
            let out = scratch.join(name);
            run_args(crate::common::dataset(dataset))
                .trials(trials)
                .out(&out)
                .quiet()
                .ok_in(&root());
            out
        };
        Runs {
            german: make("german-credit", 0, "german"),
            telco_base: make("telco-churn", 0, "telco-base"),
            telco_tuned: make("telco-churn", 2, "telco-tuned"),
            scratch,
        }
    })
}

/// A fresh empty folder under the scratch space.
fn scratch(name: &str) -> PathBuf {
    let dir = runs().scratch.join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn compare(args: &[&str]) -> Output {
    let mut all = vec!["compare"];
    all.extend_from_slice(args);
    worthit(&all)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).to_string()
}

/// `compare ... --format json`, checking the exit code, and the JSON.
fn compare_json(args: &[&str], code: i32) -> Value {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--format", "json"]);
    let output = compare(&all);
    assert_eq!(output.status.code(), Some(code), "{}", stderr(&output));
    let json: Value = serde_json::from_str(&stdout(&output)).expect("compare prints JSON");
    assert_eq!(json["exit_code"], code);
    json
}

/// A bad input: exit 2, one line on stderr naming `names`, never a panic.
fn assert_refused(output: &Output, names: &[&str]) {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    for name in names {
        assert!(err.contains(name), "`{name}` not in: {err}");
    }
}

fn f(value: &Value) -> f64 {
    value.as_f64().unwrap()
}

/// A run of the baseline alone twice: refused (until 2026-12-06 it passed with a difference of
/// exactly 0), pointing to another run only, as it has no second model.
#[test]
fn the_same_run_twice_is_refused() {
    let r = runs();
    let german = s(&r.german);
    let err = one_line_error(&compare(&[german, german, "--format", "json"]));
    assert!(
        err.ends_with(&format!(
            "{german} is compared with itself: model `baseline` on both sides differs from itself by exactly 0; compare it with another run"
        )),
        "{err}"
    );
}

#[test]
fn a_candidate_that_earns_passes_and_the_swap_fails() {
    let r = runs();
    let gain = compare_json(&[s(&r.telco_base), s(&r.telco_tuned)], 0);
    assert_eq!(gain["verdict"], "pass");
    assert_eq!(gain["paired"], true);
    // The tuned run's best candidate against the other run's (identical) baseline: what the
    // tuned run itself reported for it, up to the baseline's measured serving time.
    let tuned = results(&r.telco_tuned);
    let best = &tuned["value"]["best"];
    assert_eq!(gain["candidate"]["model"], best["name"]);
    assert_eq!(gain["baseline"]["model"], "baseline");
    let reported = f(&best["difference"]["mean"]);
    assert!(
        (f(&gain["difference"]["mean"]) - reported).abs() < 1.0,
        "{gain} vs {reported}"
    );
    assert!(f(&gain["difference"]["low"]) > 0.0);

    let loss = compare_json(&[s(&r.telco_tuned), s(&r.telco_base)], 1);
    assert_eq!(loss["verdict"], "fail");
    assert!(f(&loss["difference"]["high"]) < 0.0);
    // A tolerance wider than the whole loss passes it.
    let tolerance = format!("{}", -f(&loss["difference"]["low"]) + 1.0);
    let tolerated = compare_json(
        &[
            s(&r.telco_tuned),
            s(&r.telco_base),
            "--max-loss",
            &tolerance,
        ],
        0,
    );
    assert_eq!(tolerated["verdict"], "pass");
}

#[test]
fn a_bar_inside_the_interval_is_inconclusive() {
    let r = runs();
    let gain = compare_json(&[s(&r.telco_base), s(&r.telco_tuned)], 0);
    let middle = (f(&gain["difference"]["low"]) + f(&gain["difference"]["high"])) / 2.0;
    let middle = format!("{middle}");
    let args = [
        s(&r.telco_base),
        s(&r.telco_tuned),
        "--min-gain",
        middle.as_str(),
    ];
    let unsure = compare_json(&args, 3);
    assert_eq!(unsure["verdict"], "inconclusive");
    assert_eq!(f(&unsure["bar"]), f(&unsure["min_gain"]));
    let mut ok = args.to_vec();
    ok.push("--inconclusive-ok");
    let allowed = compare_json(&ok, 0);
    assert_eq!(allowed["verdict"], "inconclusive");
    // A bar above the whole interval fails.
    let high = format!("{}", f(&gain["difference"]["high"]) + 1.0);
    compare_json(
        &[s(&r.telco_base), s(&r.telco_tuned), "--min-gain", &high],
        1,
    );
    // Bars no business number reaches, or none at all: refused naming the flag, the value
    // short (until 2026-12-06 -1e300 was written out in 301 digits).
    for (flag, value, range) in [
        ("--max-loss", "-1e300", "from 0 to 1e15"),
        ("--max-loss", "NaN", "from 0 to 1e15"),
        ("--min-gain", "inf", "from -1e15 to 1e15"),
        ("--min-gain", "2e15", "from -1e15 to 1e15"),
    ] {
        let output = compare(&[s(&r.telco_base), s(&r.telco_tuned), flag, value]);
        assert_refused(&output, &[flag, range]);
        assert!(stderr(&output).len() < 120, "{}", stderr(&output));
    }
}

#[test]
fn models_can_be_named() {
    let r = runs();
    // The tuned run against itself: its baseline as the candidate loses to its best.
    let json = compare_json(
        &[
            s(&r.telco_tuned),
            s(&r.telco_tuned),
            "--candidate-model",
            "baseline",
        ],
        1,
    );
    assert_eq!(json["candidate"]["model"], "baseline");
    let output = compare(&[
        s(&r.telco_tuned),
        s(&r.telco_tuned),
        "--baseline-model",
        "trial-9999",
    ]);
    assert_refused(&output, &["trial-9999", "baseline"]);
}

/// A model name the run does not have is refused in one line naming the flag, with the nearest
/// name the run has, or else its models (until 2026-12-06 a typo got the list and no
/// suggestion).
#[test]
fn an_unknown_model_name_suggests_the_nearest_or_lists_the_models() {
    let r = runs();
    let (base, tuned) = (s(&r.telco_base), s(&r.telco_tuned));
    for (flag, typo, meant) in [
        ("--candidate-model", "trial-001", "trial-0001"),
        ("--candidate-model", "trial_0002", "trial-0002"),
        ("--baseline-model", "Baseline", "baseline"),
    ] {
        let (b, c) = if flag == "--baseline-model" {
            (tuned, base)
        } else {
            (base, tuned)
        };
        let output = compare(&[b, c, flag, typo]);
        let run = if flag == "--baseline-model" { b } else { c };
        assert_eq!(
            one_line_error(&output),
            format!(
                "worthit: error: {run}: {flag} names model `{typo}`, which the run does not have; did you mean `{meant}`?"
            )
        );
    }
    // Nothing close: the run's models, listed.
    let output = compare(&[base, tuned, "--candidate-model", "production"]);
    assert_eq!(
        one_line_error(&output),
        format!(
            "worthit: error: {tuned}: --candidate-model names model `production`, which the run does not have; its models are baseline, trial-0001, trial-0002"
        )
    );
}

/// One run's model against itself (difference exactly 0) is refused, however the run is named:
/// twice the same, its folder and its results.json, a symbolic link (until 2026-12-06 it passed
/// without saying so). A copy of the run, and two models of one run, are compared as before.
#[test]
fn a_model_compared_with_itself_is_refused() {
    let r = runs();
    let tuned = s(&r.telco_tuned);
    let dir = scratch("itself");
    let link = dir.join("link");
    std::os::unix::fs::symlink(&r.telco_tuned, &link).unwrap();
    let copy = dir.join("copy");
    copy_tree(&r.telco_tuned, &copy);
    let file = r.telco_tuned.join("results.json");
    let way_out = "differs from itself by exactly 0; compare it with another run, or two models of this run with --baseline-model and --candidate-model";
    for (other, said) in [
        (
            tuned.to_string(),
            format!("{tuned} is compared with itself: model `"),
        ),
        (
            s(&file).to_string(),
            format!("{tuned} and {} are the same run: model `", s(&file)),
        ),
        (
            s(&link).to_string(),
            format!("{tuned} and {} are the same run", s(&link)),
        ),
    ] {
        let err = one_line_error(&compare(&[tuned, &other]));
        assert!(err.contains(&said) && err.contains(way_out), "{err}");
    }
    // A copy is another run, as a cached run and the same run made again are: 0 apart, passed.
    let json = compare_json(&[tuned, s(&copy)], 0);
    assert_eq!(f(&json["difference"]["low"]), 0.0, "{json}");
    assert_eq!(f(&json["difference"]["high"]), 0.0, "{json}");
    // The same model named on one side only is still itself.
    let named = shipped_model(tuned);
    let err = one_line_error(&compare(&[tuned, tuned, "--baseline-model", &named]));
    assert!(
        err.contains(&format!("model `{named}` on both sides")),
        "{err}"
    );
    // Two models of one run: compared, with an interval that is not exactly 0.
    let json = compare_json(&[tuned, s(&link), "--baseline-model", "baseline"], 0);
    assert_eq!(json["baseline"]["model"], "baseline");
    assert_eq!(json["candidate"]["model"], named.as_str());
    assert!(
        f(&json["difference"]["high"]) > f(&json["difference"]["low"]),
        "{json}"
    );
}

/// The model a priced run would ship, as `results.json` of the run folder `dir` names it.
fn shipped_model(dir: &str) -> String {
    results(Path::new(dir))["value"]["best"]["name"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn bare_results_files_are_compared_unpaired() {
    let r = runs();
    let dir = scratch("bare");
    let (base, tuned) = (dir.join("base.json"), dir.join("tuned.json"));
    std::fs::copy(r.telco_base.join("results.json"), &base).unwrap();
    std::fs::copy(r.telco_tuned.join("results.json"), &tuned).unwrap();
    let output = compare(&[s(&base), s(&tuned), "--format", "json"]);
    let code = output.status.code();
    assert!(matches!(code, Some(0) | Some(3)), "{}", stderr(&output));
    let unpaired: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(unpaired["paired"], false);
    assert!(unpaired["notes"][0]
        .as_str()
        .unwrap()
        .contains("not paired"));
    let paired = compare_json(&[s(&r.telco_base), s(&r.telco_tuned)], 0);
    let width = |j: &Value| f(&j["difference"]["high"]) - f(&j["difference"]["low"]);
    assert!(width(&unpaired) > width(&paired), "{unpaired} {paired}");
    // Same point estimate either way: the difference of the two reported net values.
    assert!((f(&unpaired["difference"]["mean"]) - f(&paired["difference"]["mean"])).abs() < 1.0);
}

#[test]
fn different_targets_or_currencies_are_refused() {
    let r = runs();
    let output = compare(&[s(&r.german), s(&r.telco_base)]);
    assert_refused(
        &output,
        &[s(&r.german), s(&r.telco_base), "different targets"],
    );

    let dir = scratch("mismatch");
    let edited = |name: &str, edit: &dyn Fn(&mut Value)| -> PathBuf {
        let mut json = results(&r.telco_base);
        edit(&mut json);
        write(&dir, name, &serde_json::to_string(&json).unwrap())
    };
    let target = edited("target.json", &|j| j["target"]["column"] = "Partner".into());
    assert_refused(
        &compare(&[s(&r.telco_base), s(&target)]),
        &["target.json", "different targets", "Partner"],
    );
    // Other data (another file hash): refused, unless asked for an unpaired comparison.
    let other = edited("other-data.json", &|j| {
        j["dataset"]["blake3"] = "0123456789abcdef".into()
    });
    assert_refused(
        &compare(&[s(&r.telco_base), s(&other)]),
        &["other-data.json", "different data", "--allow-other-data"],
    );
    let allowed = compare(&[
        s(&r.telco_base),
        s(&other),
        "--allow-other-data",
        "--format",
        "json",
    ]);
    assert_ne!(
        allowed.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&allowed.stderr)
    );
    let json: Value = serde_json::from_str(&String::from_utf8_lossy(&allowed.stdout)).unwrap();
    assert_eq!(json["paired"], false);
    let currency = edited("currency.json", &|j| j["value"]["currency"] = "EUR".into());
    assert_refused(
        &compare(&[s(&currency), s(&r.telco_base)]),
        &["currency.json", "currencies"],
    );
    let no_value = edited("no-value.json", &|j| {
        j.as_object_mut().unwrap().remove("value");
    });
    assert_refused(
        &compare(&[s(&r.telco_base), s(&no_value)]),
        &["no-value.json", "[value]"],
    );
}

/// Every refusal of two runs names them as the command line gives them, baseline first, in
/// either order: an unpriced baseline beside a priced candidate read "cannot compare
/// <candidate> and <baseline>" until 2026-12-06.
#[test]
fn every_refusal_names_the_baseline_run_first() {
    let r = runs();
    let dir = scratch("order");
    let edited = |name: &str, edit: &dyn Fn(&mut Value)| -> PathBuf {
        let mut json = results(&r.telco_base);
        edit(&mut json);
        write(&dir, name, &serde_json::to_string(&json).unwrap())
    };
    let variants = [
        edited("target.json", &|j| j["target"]["column"] = "Partner".into()),
        edited("other-data.json", &|j| {
            j["dataset"]["blake3"] = "0123456789abcdef".into()
        }),
        edited("currency.json", &|j| j["value"]["currency"] = "EUR".into()),
        edited("no-value.json", &|j| {
            j.as_object_mut().unwrap().remove("value");
        }),
    ];
    let original = r.telco_base.join("results.json");
    for variant in &variants {
        for (base, cand) in [(&original, variant), (variant, &original)] {
            let output = compare(&[s(base), s(cand)]);
            assert_refused(
                &output,
                &[&format!("cannot compare {} and {}:", s(base), s(cand))],
            );
        }
    }
}

#[test]
fn broken_results_files_are_refused_without_a_panic() {
    let r = runs();
    let dir = scratch("broken");
    let good = std::fs::read_to_string(r.german.join("results.json")).unwrap();
    let cases = [
        ("garbage.json", "\u{1}\u{2}not json at all {{{".to_string()),
        ("truncated.json", good[..good.len() / 2].to_string()),
        ("empty.json", String::new()),
        ("object.json", "{}".to_string()),
        (
            "future.json",
            good.replacen("\"schema_version\": 1", "\"schema_version\": 99", 1),
        ),
        (
            "wrong-shape.json",
            good.replacen("\"seed\": 42", "\"seed\": \"forty-two\"", 1),
        ),
    ];
    for (name, text) in &cases {
        let path = write(&dir, name, text);
        assert_refused(&compare(&[s(&path), s(&r.german)]), &[name]);
        assert_refused(&compare(&[s(&r.german), s(&path)]), &[name]);
    }
    // A run folder whose results.json is cut short is refused the same way.
    let folder = dir.join("cut-run");
    std::fs::create_dir_all(&folder).unwrap();
    write(&folder, "results.json", &good[..good.len() / 3]);
    assert_refused(&compare(&[s(&folder), s(&r.german)]), &["results.json"]);
    let missing = dir.join("no-such-run");
    assert_refused(&compare(&[s(&r.german), s(&missing)]), &["no-such-run"]);
}

#[test]
fn markdown_and_text_name_the_verdict_and_the_runs() {
    let r = runs();
    let output = compare(&[s(&r.telco_base), s(&r.telco_tuned), "--format", "markdown"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let markdown = stdout(&output);
    assert!(
        markdown.starts_with("### worthit compare: pass\n"),
        "{markdown}"
    );
    assert!(markdown.contains("| baseline |"), "{markdown}");
    assert!(markdown.contains("| candidate |"), "{markdown}");
    assert!(markdown.contains("90% interval"), "{markdown}");
    assert!(markdown.contains(s(&r.telco_tuned)), "{markdown}");
    let output = compare(&[s(&r.telco_tuned), s(&r.telco_base)]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.starts_with("compare: FAIL (exit 1)"), "{text}");
    assert!(text.contains("USD"), "{text}");
}

#[test]
fn run_compare_to_gates_a_fresh_run_against_the_committed_reference() {
    let dir = scratch("fresh");
    let out = dir.join("run");
    let reference = root().join("ci/reference/german-credit");
    let output = run_args("datasets/german-credit")
        .trials(0)
        .out(&out)
        .quiet()
        .arg("--compare-to", s(&reference))
        .arg("--max-loss", "5")
        .arg("--format", "json")
        .output_in(&root());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // One object: the run's summary with the comparison under `compare`.
    let json: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["exit_code"], 0, "{json}");
    assert_eq!(json["run_folder"], s(&out), "{json}");
    // A baseline alone still answers about tuning: nothing to tell from yet.
    let tuning = &json["recommendation"]["tuning"];
    assert_eq!(tuning["kind"], "too_few_trials", "{json}");
    assert_eq!(
        tuning["sentence"],
        "Tuning: not enough trials to tell yet (0 of at least 10); run 10 more before deciding.",
        "{json}"
    );
    // report.md leads with it, and lists every other sentence of the analysis.
    let markdown = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        markdown.contains(&format!("> **{}**", tuning["sentence"].as_str().unwrap())),
        "{markdown}"
    );
    assert!(
        markdown.contains("\n- Track record: none yet;") && markdown.contains("\n- More data:"),
        "{markdown}"
    );
    let comparison = &json["compare"];
    assert_eq!(comparison["verdict"], "pass", "{json}");
    assert_eq!(comparison["exit_code"], 0, "{json}");
    assert_eq!(comparison["paired"], true, "{json}");
    // Same decisions on the same rows: only measured costs differ, by far less than a unit.
    assert!(f(&comparison["difference"]["mean"]).abs() < 0.01, "{json}");
    assert!(out.join("results.json").is_file());

    // On a fresh clone the reference's recorded data path does not exist: the new run's own
    // copy of the data (same hash) pairs them all the same.
    let moved = dir.join("moved-reference");
    copy_tree(&reference, &moved);
    let manifest_path = moved.join("run.json");
    let mut manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest_path).unwrap()).unwrap();
    manifest["data_file"] = "/nonexistent/elsewhere/german_credit.csv".into();
    std::fs::write(&manifest_path, manifest.to_string()).unwrap();
    let json = compare_json(&[s(&moved), s(&out), "--max-loss", "5"], 0);
    assert_eq!(json["paired"], true, "{json}");
}

#[test]
fn a_broken_reference_fails_before_the_run_starts() {
    let dir = scratch("early");
    let bad = write(&dir, "bad.json", "{\"schema_version\": 1, \"seed\":");
    let out = dir.join("run");
    let output = run_args("datasets/german-credit")
        .trials(0)
        .out(&out)
        .quiet()
        .arg("--compare-to", s(&bad))
        .output_in(&root());
    assert_refused(&output, &["bad.json"]);
    assert!(!out.exists());
    let output = run_args("datasets/german-credit")
        .arg("--max-loss", "3")
        .output_in(&root());
    assert_refused(&output, &["--compare-to"]);
}

/// A multiclass macro average over a class with 1 to 4 test rows: the gate's interval bounds
/// that class's part of the average, and a note says so and what the share of resamples with a
/// gain then counts.
#[test]
fn a_macro_average_over_a_scarce_class_is_compared_with_a_note() {
    let dir = scratch("scarce-class");
    let mut next = uniform_stream(11);
    let mut text = String::from("x1,x2,label\n");
    for i in 0..600 {
        let (x1, x2) = (next(), next());
        // Ten rows of a rare class put about 2 in the test rows.
        let label = if i % 60 == 0 {
            "rare"
        } else if x1 + 0.3 * x2 < 0.45 {
            "low"
        } else if x1 < 0.75 {
            "mid"
        } else {
            "high"
        };
        text.push_str(&format!("{x1},{x2},{label}\n"));
    }
    write(&dir, "data.csv", &text);
    for (trials, out) in [(0, "plain"), (2, "tuned")] {
        run_args("data.csv")
            .target("label")
            .trials(trials)
            .out(out)
            .quiet()
            .ok_in(&dir);
    }
    let (plain, tuned) = (dir.join("plain"), dir.join("tuned"));
    let output = compare(&[s(&plain), s(&tuned), "--format", "json"]);
    let json: Value = serde_json::from_str(&stdout(&output)).expect("compare prints JSON");
    assert_eq!(json["metric"], "roc_auc", "{json}");
    let notes: Vec<&str> = json["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        notes.iter().any(|n| n.starts_with("the test rows hold fewer than 5 rows of 1 of the classes roc_auc averages over: its intervals take their part of the average as anywhere from 0 to 1")),
        "{notes:?}"
    );
    // Both models' terms for that class may lie anywhere from 0 to 1, so the gain's interval is
    // at least twice its share of the average (a quarter) wide, and holds the gain.
    let d = &json["difference"];
    assert!(f(&d["high"]) - f(&d["low"]) >= 0.5 - 1e-9, "{json}");
    assert!(
        f(&d["low"]) <= f(&d["mean"]) && f(&d["mean"]) <= f(&d["high"]),
        "{json}"
    );
}

/// Runs without `[value]` are compared in the baseline run's metric, paired on the same test
/// rows: the gate's difference is the two models' test metrics apart, and its verdict follows
/// its interval.
#[test]
fn runs_without_value_are_compared_in_their_metric() {
    let dir = scratch("no-value");
    write(&dir, "data.csv", &noisy_binary_csv(600, 5, false));
    for (trials, out) in [(0, "plain"), (3, "tuned")] {
        run_args("data.csv")
            .target("label")
            .trials(trials)
            .out(out)
            .quiet()
            .ok_in(&dir);
    }
    let (plain, tuned) = (dir.join("plain"), dir.join("tuned"));
    // One model against itself is refused in metric units too.
    let err = one_line_error(&compare(&[s(&plain), s(&plain)]));
    assert!(
        err.contains("is compared with itself: model `baseline`"),
        "{err}"
    );
    // Two runs' identical baselines (same data and seed): paired, exactly 0 apart.
    let same = compare_json(&[s(&plain), s(&tuned), "--candidate-model", "baseline"], 0);
    assert_eq!(same["metric"], "roc_auc");
    assert_eq!(same["currency"], "ROC-AUC");
    assert_eq!(same["paired"], true);
    assert_eq!(f(&same["difference"]["mean"]), 0.0);
    assert!(same.get("horizon_years").is_none(), "{same}");
    assert!(same["baseline"].get("net_value").is_none(), "{same}");

    // The tuned run's model is the candidate its validation rows pick, and the difference is
    // its test ROC-AUC less the baseline's, with the verdict its interval gives.
    let output = compare(&[s(&plain), s(&tuned), "--format", "json"]);
    let json: Value = serde_json::from_str(&stdout(&output)).expect("compare prints JSON");
    let tuned_results = results(&tuned);
    let test_auc = |name: &str| {
        tuned_results["models"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == name)
            .map(|m| f(&m["test"]["roc_auc"]))
            .unwrap()
    };
    let picked = json["candidate"]["model"].as_str().unwrap();
    assert!(picked.starts_with("trial-"), "{json}");
    assert_eq!(f(&json["candidate"]["metric_value"]), test_auc(picked));
    assert_eq!(f(&json["baseline"]["metric_value"]), test_auc("baseline"));
    let d = &json["difference"];
    let gain = test_auc(picked) - test_auc("baseline");
    assert!((f(&d["mean"]) - gain).abs() < 1e-12, "{json}");
    assert!(
        f(&d["low"]) <= f(&d["mean"]) && f(&d["mean"]) <= f(&d["high"]),
        "{json}"
    );
    let expected = if f(&d["low"]) >= 0.0 {
        ("pass", 0)
    } else if f(&d["high"]) < 0.0 {
        ("fail", 1)
    } else {
        ("inconclusive", 3)
    };
    assert_eq!(json["verdict"], expected.0, "{json}");
    assert_eq!(output.status.code(), Some(expected.1));
    // A bar in the metric's units: more than the whole interval fails.
    let bar = format!("{}", f(&d["high"]) + 0.01);
    let failed = compare_json(&[s(&plain), s(&tuned), "--min-gain", &bar], 1);
    assert_eq!(failed["verdict"], "fail");

    let markdown = stdout(&compare(&[s(&plain), s(&tuned), "--format", "markdown"]));
    assert!(
        markdown.contains("The candidate's gain over the baseline on test rows is **")
            && markdown.contains("| | run | model | test roc\\_auc |"),
        "{markdown}"
    );
    let text = stdout(&compare(&[s(&plain), s(&tuned)]));
    assert!(
        text.contains("test roc_auc") && text.contains("ROC-AUC"),
        "{text}"
    );

    // One side priced and the other not: two questions, refused.
    write(
        &dir,
        "priced.toml",
        "[data]\ntarget = \"label\"\n\n[value]\ntp = 10\nfp = -2\nfn = 0\ntn = 0\n",
    );
    run_args("data.csv")
        .config("priced.toml")
        .trials(0)
        .out("priced")
        .quiet()
        .ok_in(&dir);
    for (base, cand) in [
        (dir.join("priced"), plain.clone()),
        (plain.clone(), dir.join("priced")),
    ] {
        assert_refused(
            &compare(&[s(&base), s(&cand)]),
            &[
                "plain has none",
                "priced has a [value] section",
                "metric units",
            ],
        );
    }
    // A run of the other kind than its --compare-to reference is refused before it trains.
    let output = run_args("data.csv")
        .target("label")
        .trials(2)
        .out("other-kind")
        .arg("--compare-to", "priced")
        .output_in(&dir);
    assert_refused(
        &output,
        &[
            "--compare-to priced",
            "priced has a [value] section and this run has none",
        ],
    );
    assert!(!dir.join("other-kind").exists());
    assert!(
        !stderr(&output).contains("trial-0001"),
        "{}",
        stderr(&output)
    );
    // Each run keeps the interval of every model's test metric, around it (until 2026-12-06
    // only its baseline's and its pick's).
    for model in tuned_results["models"].as_array().unwrap() {
        let name = model["name"].as_str().unwrap();
        let interval = &model["test_interval"];
        assert_eq!(interval["metric"], "roc_auc", "{name}");
        let value = test_auc(name);
        assert!(
            f(&interval["low"]) < value && value < f(&interval["high"]),
            "{model}"
        );
    }
    // Another seed splits the rows differently: compared unpaired, through those intervals.
    run_args("data.csv")
        .target("label")
        .trials(0)
        .seed(7)
        .out("seed7")
        .quiet()
        .ok_in(&dir);
    let seed7 = dir.join("seed7");
    let output = compare(&[s(&plain), s(&seed7), "--format", "json"]);
    let unpaired: Value = serde_json::from_str(&stdout(&output)).expect("compare prints JSON");
    assert_eq!(unpaired["paired"], false, "{unpaired}");
    assert!(
        unpaired["notes"][0].as_str().unwrap().contains("seeds"),
        "{unpaired}"
    );
    let interval_width = |run: &Path| {
        let baseline = &results(run)["models"][0]["test_interval"];
        f(&baseline["high"]) - f(&baseline["low"])
    };
    let d = &unpaired["difference"];
    let expected =
        f(&unpaired["candidate"]["metric_value"]) - f(&unpaired["baseline"]["metric_value"]);
    assert!((f(&d["mean"]) - expected).abs() < 1e-12, "{unpaired}");
    // Wider than either run's own interval: the two runs' noise adds up.
    let width = f(&d["high"]) - f(&d["low"]);
    assert!(
        width > interval_width(&plain) && width > interval_width(&seed7),
        "{unpaired}"
    );
    // A run written before the intervals were kept can only be compared paired, so a bare
    // results.json of one is refused, and by `run --compare-to` before it trains.
    let mut old = results(&plain);
    for model in old["models"].as_array_mut().unwrap() {
        model.as_object_mut().unwrap().remove("test_interval");
    }
    write(&dir, "old.json", &old.to_string());
    let old_json = dir.join("old.json");
    assert_refused(
        &compare(&[s(&old_json), s(&seed7)]),
        &["old.json", "interval", "metric units"],
    );
    let output = run_args("data.csv")
        .target("label")
        .trials(0)
        .out("never")
        .arg("--compare-to", "old.json")
        .output_in(&dir);
    assert_refused(&output, &["old.json", "run folder"]);
    // A results.json whose analysis names no metric worthit measures (markup and an escape
    // code in it) is refused in one line, never scored or echoed raw.
    let tampered = dir.join("tampered");
    std::fs::create_dir_all(tampered.join("predictions")).unwrap();
    std::fs::copy(plain.join("run.json"), tampered.join("run.json")).unwrap();
    let mut edited = results(&plain);
    edited["analysis"]["units"]["metric"] = Value::from("<b>auc</b>\u{1b}[31m");
    write(&tampered, "results.json", &edited.to_string());
    let output = compare(&[s(&tampered), s(&tampered)]);
    assert_refused(&output, &["results.json", "no binary metric"]);
    assert!(!stderr(&output).contains('\u{1b}'), "{}", stderr(&output));
    assert!(!dir.join("never").exists());
}
