//! `worthit analyze`: the diminishing-returns analysis of a sweep log, priced or in metric units.

use crate::common::*;

/// The shipped Optuna log, from the repository's root.
const OPTUNA_LOG: &str = "examples/sweeps/optuna-telco.csv";

/// `worthit analyze` on the shipped Optuna log priced by its config, with the flags after it.
fn priced_optuna(extra: &[&'static str]) -> Vec<&'static str> {
    [
        &[
            "analyze",
            OPTUNA_LOG,
            "--config",
            "examples/sweeps/telco-auc.toml",
        ][..],
        extra,
    ]
    .concat()
}

#[test]
fn analyze_reads_an_optuna_log() {
    let priced = ["--metric", "value", "--seconds", "duration"];
    let stdout = run_ok(
        &root(),
        &priced_optuna(&[&priced[..], &["--format", "json"]].concat()),
    );
    let analysis: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(analysis["trials"], 60);
    assert_eq!(analysis["curve"]["points"].as_array().unwrap().len(), 60);
    // Durations of a second or two at 0.065 USD per core-hour, plus 12.50 USD a trial.
    let cost = analysis["cost_per_trial"].as_f64().unwrap();
    assert!(cost > 12.5 && cost < 12.6, "{cost}");
    let text = run_ok(&root(), &priced_optuna(&priced));
    assert!(text.contains("60 finished trials"), "{text}");
    let output = worthit(&priced_optuna(&["--metric", "valu"]));
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("did you mean `value`?"),
        "{}",
        stderr(&output)
    );
    let output = worthit(&[
        "analyze",
        OPTUNA_LOG,
        "--config",
        "datasets/bank-marketing/worthit.toml",
        "--metric",
        "value",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("metric-based"),
        "{}",
        stderr(&output)
    );
}

/// Without --metric, the column an Optuna export keeps its metric in is read, and a log without
/// it is told which of its columns could be the metric.
#[test]
fn analyze_reads_optunas_value_column_unless_told_another() {
    let named = run_ok(
        &root(),
        &priced_optuna(&["--metric", "value", "--format", "json"]),
    );
    let unnamed = run_ok(&root(), &priced_optuna(&["--format", "json"]));
    assert_eq!(named, unnamed);
    let temp = tempfile::tempdir().unwrap();
    write(
        temp.path(),
        "sweep.csv",
        "trial,val_auc,note\n0,0.81,a\n1,0.83,b\n2,0.82,c\n",
    );
    let output = worthit_in(
        temp.path(),
        &["analyze", "sweep.csv", "--direction", "maximize"],
    );
    assert_eq!(output.status.code(), Some(2));
    let error = stderr(&output);
    assert!(
        error.contains("sweep.csv: no column `value`, where an Optuna export keeps each trial's metric; name the log's metric column with --metric (its numeric columns: `trial`, `val_auc`)"),
        "{error}"
    );
    assert_eq!(error.lines().count(), 1, "{error}");
}

/// A 14-trial log with validation and test columns: the backtest fits the first 7 trials and is
/// checked against the test value of the trial validation picks among all 14, in text and JSON.
#[test]
fn analyze_checks_a_half_sweep_forecast_against_the_full_log() {
    let temp = tempfile::tempdir().unwrap();
    let mut csv = String::from("trial,val_auc,test_auc,cost\n");
    for i in 0..14 {
        // Rising with diminishing returns; trial 13 is the validation-best, at test 0.83.
        let rising = 0.80 + 0.04 * (1.0 - (-(i as f64) / 4.0).exp()) + 0.002 * (i % 3) as f64;
        let (val, test) = if i == 13 {
            (0.85, 0.83)
        } else {
            (rising, rising - 0.004)
        };
        csv.push_str(&format!("{i},{val},{test},10\n"));
    }
    write(temp.path(), "log.csv", &csv);
    write(
        temp.path(),
        "value.toml",
        "[value]\ncurrency = \"USD\"\nmetric = \"roc_auc\"\nper_point = 1000\nhorizon_years = 1\n",
    );
    let args = [
        "analyze",
        "log.csv",
        "--config",
        "value.toml",
        "--metric",
        "val_auc",
        "--test-metric",
        "test_auc",
        "--cost",
        "cost",
    ];
    let json: serde_json::Value = serde_json::from_str(&run_ok(
        temp.path(),
        &[&args[..], &["--format", "json"]].concat(),
    ))
    .unwrap();
    // The test column disagrees with validation by a constant but for the validation-best
    // trial, so that disagreement (in USD) stands in for the noise.
    assert_eq!(json["noise_source"], "validation_test_gap");
    // A standard error given in the metric's units is priced like the metric: 0.002 ROC-AUC is
    // a fifth of a point, 200 USD at 1,000 USD a point.
    let priced: serde_json::Value = serde_json::from_str(&run_ok(
        temp.path(),
        &[&args[..], &["--noise", "0.002", "--format", "json"]].concat(),
    ))
    .unwrap();
    assert_eq!(priced["noise_source"], "standard_error");
    let noise = priced["noise"].as_f64().unwrap();
    assert!((noise - 200.0).abs() < 1e-6, "{noise}");
    let backtest = &json["backtest"];
    assert_eq!(backtest["fitted_on"], 7, "{backtest}");
    assert_eq!(backtest["trials"], 14);
    // 0.83 against the first trial's test value, 0.796: 3.4 points at 1,000 USD a point (each
    // column counts from the first trial's value in it).
    let actual = backtest["actual"].as_f64().unwrap();
    assert!((actual - 3_400.0).abs() < 1e-6, "{actual}");
    let forecast = &backtest["forecast"];
    let (low, mean, high) = (
        forecast["low"].as_f64().unwrap(),
        forecast["mean"].as_f64().unwrap(),
        forecast["high"].as_f64().unwrap(),
    );
    assert!(low <= mean && mean <= high, "{forecast}");
    assert_eq!(backtest["held"], low <= actual && actual <= high);

    let text = run_ok(temp.path(), &args);
    let line = text
        .lines()
        .find(|l| l.starts_with("Track record: "))
        .unwrap_or_else(|| panic!("no track record: {text}"));
    assert!(
        line.starts_with(
            "Track record: a forecast made at 7 trials said the best of 14 would be +"
        ),
        "{line}"
    );
    // Priced or not, a log's amounts are gains counted from its first trial, and say so.
    assert!(
        line.contains(" USD over the first trial (90% band "),
        "{line}"
    );
    assert!(
        text.lines().next().is_some_and(|first| first
            .ends_with("a trial costs 10 USD on average. Every amount below is in USD, counted from the first trial.")),
        "{text}"
    );
    let held = if backtest["held"] == true {
        "inside"
    } else {
        "outside"
    };
    assert!(
        line.ends_with(&format!("the 14 trials gave +3,400 USD, {held} the band.")),
        "{line}"
    );
    assert_eq!(
        json["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| *s == line)
            .count(),
        1
    );
}

/// Without a config a log is answered in the metric's own units, counted from its first trial:
/// the metric-noise rule decides, on the user's `--noise` or, named as such, the trials' spread.
#[test]
fn analyze_answers_in_metric_units_without_a_config() {
    let temp = tempfile::tempdir().unwrap();
    // Thirty losses, most mediocre and a few good (the square root skews them towards 0.5),
    // with a test column; a failed trial and a finished one without its test loss are left
    // out, and the answer says so.
    let mut next = uniform_stream(3);
    let losses: Vec<f64> = (0..30).map(|_| 0.30 + 0.2 * next().sqrt()).collect();
    let mut csv = String::from("trial,val_loss,test_loss,state\n");
    for (i, loss) in losses.iter().enumerate() {
        csv.push_str(&format!("{i},{loss},{},COMPLETE\n", loss + 0.004));
    }
    csv.push_str("30,,,FAIL\n31,0.45,,COMPLETE\n");
    write(temp.path(), "loss.csv", &csv);
    let args = [
        "analyze",
        "loss.csv",
        "--metric",
        "val_loss",
        "--test-metric",
        "test_loss",
        "--direction",
        "minimize",
    ];
    let spread = run_ok(temp.path(), &args);
    let lines: Vec<&str> = spread.lines().collect();
    assert!(
        lines[0].starts_with(
            "30 finished trials of loss.csv (2 rows left out: 1 not finished, 1 without a finite \
             `test_loss`); the best val_loss is "
        ) && lines[0].contains("Not priced: every amount below is in val_loss reduction"),
        "{spread}"
    );
    assert!(lines[1].starts_with("Tuning: stop; "), "{spread}");
    assert!(lines[1].contains("taken as the trials' spread"), "{spread}");
    assert!(
        spread
            .contains("Track record: a forecast made at 15 trials said the best of 30 would be +"),
        "{spread}"
    );
    assert!(
        spread.contains("Doubling the trials (to 60) is expected to add "),
        "{spread}"
    );
    assert!(
        !spread.contains("baseline"),
        "a log has no baseline: {spread}"
    );

    // A standard error well under the spread: the same trials now clear it.
    let json: serde_json::Value = serde_json::from_str(&run_ok(
        temp.path(),
        &[&args[..], &["--noise", "0.002", "--format", "json"]].concat(),
    ))
    .unwrap();
    assert_eq!(json["priced"], false);
    assert_eq!(json["trials"], 30);
    assert_eq!(json["skipped"], 2);
    assert_eq!(json["currency"], "val_loss reduction");
    let tuning = &json["tuning"];
    let sentence = tuning["sentence"].as_str().unwrap();
    assert!(sentence.contains("standard error"), "{sentence}");
    assert!(!sentence.contains("spread"), "{sentence}");
    // Gains whichever way: the validation-best trial's test loss, as a reduction from the first
    // trial's test loss.
    let best = losses.iter().copied().fold(f64::INFINITY, f64::min);
    let actual = json["backtest"]["actual"].as_f64().unwrap();
    assert!((actual - (losses[0] - best)).abs() < 1e-9, "{actual}");
    // These trials' curve clears that yardstick within a sweep ten times longer, not the spread.
    assert_eq!(tuning["kind"], "run_more", "{tuning}");
    let (low, gain, high) = (
        tuning["expected_gain_low"].as_f64().unwrap(),
        tuning["expected_gain"].as_f64().unwrap(),
        tuning["expected_gain_high"].as_f64().unwrap(),
    );
    assert!(gain >= 0.002 && low <= gain && gain <= high, "{tuning}");

    assert_eq!(json["noise"], 0.002);
    assert_eq!(json["noise_source"], "standard_error");

    // Test scores that disagree with validation trial by trial: that disagreement stands in.
    let mut wobble = uniform_stream(8);
    let gaps: Vec<f64> = losses.iter().map(|_| 0.01 * (wobble() - 0.5)).collect();
    let mut gapped = String::from("trial,val_loss,test_loss\n");
    for (i, (loss, gap)) in losses.iter().zip(&gaps).enumerate() {
        gapped.push_str(&format!("{i},{loss},{}\n", loss + gap));
    }
    write(temp.path(), "gapped.csv", &gapped);
    let json: serde_json::Value = serde_json::from_str(&run_ok(
        temp.path(),
        &[
            "analyze",
            "gapped.csv",
            "--metric",
            "val_loss",
            "--test-metric",
            "test_loss",
        ]
        .iter()
        .chain(&["--direction", "minimize", "--format", "json"])
        .copied()
        .collect::<Vec<_>>(),
    ))
    .unwrap();
    assert_eq!(json["noise_source"], "validation_test_gap");
    let mean = gaps.iter().sum::<f64>() / 30.0;
    let deviation = (gaps.iter().map(|g| (g - mean).powi(2)).sum::<f64>() / 29.0).sqrt();
    let noise = json["noise"].as_f64().unwrap();
    assert!(
        (noise - deviation).abs() < 1e-9,
        "{noise} against {deviation}"
    );
    let sentence = json["tuning"]["sentence"].as_str().unwrap();
    assert!(
        sentence.contains("validation and test scores disagree"),
        "{sentence}"
    );

    // Markdown: one escaped item a sentence, so they do not run into one paragraph.
    write(temp.path(), "a*b_[1].csv", &csv);
    let markdown = run_ok(
        temp.path(),
        &[
            "analyze",
            "a*b_[1].csv",
            "--metric",
            "val_loss",
            "--direction",
            "minimize",
            "--format",
            "markdown",
        ],
    );
    let mut lines = markdown.lines();
    assert_eq!(lines.next(), Some("### worthit analyze: `a*b_[1].csv`"));
    assert_eq!(lines.next(), Some(""));
    assert!(lines.all(|l| l.starts_with("- ")), "{markdown}");
    assert!(
        markdown.contains("of a\\*b\\_\\[1\\].csv (1 row left out: 1 not finished);"),
        "{markdown}"
    );
}

/// A W&B runs export names its state column `State`: a crashed run's partial metric is not a
/// trial's.
#[test]
fn analyze_skips_the_runs_a_wandb_export_marks_crashed() {
    let temp = tempfile::tempdir().unwrap();
    write(
        temp.path(),
        "wandb.csv",
        "Name,State,Runtime,val_auc\nrun-0,finished,60,0.80\nrun-1,crashed,5,0.95\nrun-2,finished,70,0.81\n",
    );
    let json: serde_json::Value = serde_json::from_str(&run_ok(
        temp.path(),
        &[
            "analyze",
            "wandb.csv",
            "--metric",
            "val_auc",
            "--direction",
            "maximize",
            "--format",
            "json",
        ],
    ))
    .unwrap();
    assert_eq!(json["trials"], 2);
    assert_eq!(json["skipped"], 1);
    assert_eq!(json["best_metric"], 0.81);
}

/// Trials that all score alike give nothing to run more for, whatever stands in for the noise.
#[test]
fn analyze_stops_a_log_whose_trials_all_score_alike() {
    let temp = tempfile::tempdir().unwrap();
    let csv: String = std::iter::once("number,value\n".to_string())
        .chain((0..12).map(|i| format!("{i},0.8\n")))
        .collect();
    write(temp.path(), "flat.csv", &csv);
    let text = run_ok(
        temp.path(),
        &[
            "analyze",
            "flat.csv",
            "--metric",
            "value",
            "--direction",
            "maximize",
        ],
    );
    assert!(
        text.lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("Tuning: stop;")),
        "{text}"
    );
}

/// Values too large for the trials' spread (a sum of squares) are refused in one line naming
/// the file and line; until 2026-12-06 values near 1e300 stopped the analysis with "the
/// validation standard error must be finite and at least 0, got inf".
#[test]
fn analyze_refuses_values_too_large_to_square_naming_the_line() {
    let temp = tempfile::tempdir().unwrap();
    let csv: String = std::iter::once("number,value\n".to_string())
        .chain((0..12).map(|i| format!("{i},{}e299\n", i + 1)))
        .collect();
    write(temp.path(), "huge.csv", &csv);
    let output = worthit_in(
        temp.path(),
        &["analyze", "huge.csv", "--direction", "maximize"],
    );
    let err = one_line_error(&output);
    assert!(
        err.contains("huge.csv: line 3:") && err.contains("too large to compute with"),
        "{err}"
    );
}

/// Optuna's `value` column names no metric: unpriced, its amounts go without a unit ("+0.0072
/// value" read as a unit called value), on the chart's axis too, until --metric-name names it.
#[test]
fn analyze_names_an_optuna_metric_only_when_told() {
    let temp = tempfile::tempdir().unwrap();
    let log = root().join(OPTUNA_LOG);
    let log = log.to_str().unwrap();
    let unnamed = ["analyze", log, "--direction", "maximize"];
    let text = run_ok(temp.path(), &[&unnamed[..], &["--plots", "plain"]].concat());
    let first = text.lines().next().unwrap_or_default();
    assert!(
        first.contains("the best value is ")
            && first.contains(
                "Not priced: every amount below is a rise in `value` (--metric-name names the metric), counted from the first trial"
            ),
        "{text}"
    );
    assert!(!text.contains(" value ("), "{text}");
    assert!(!text.contains(" value,"), "{text}");
    let svg = std::fs::read_to_string(temp.path().join("plain/trials.svg")).unwrap();
    assert!(svg.contains("Gain over the first trial\n"), "{svg}");
    assert!(!svg.contains("()"), "{svg}");

    let named = run_ok(
        temp.path(),
        &[
            &unnamed[..],
            &[
                "--metric-name",
                "ROC-AUC",
                "--plots",
                "named",
                "--format",
                "json",
            ],
        ]
        .concat(),
    );
    let json: serde_json::Value = serde_json::from_str(&named).unwrap();
    assert_eq!(json["currency"], "ROC-AUC");
    assert_eq!(json["metric"], "ROC-AUC");
    let tuning = json["tuning"]["sentence"].as_str().unwrap();
    assert!(tuning.contains(" ROC-AUC"), "{tuning}");
    let svg = std::fs::read_to_string(temp.path().join("named/trials.svg")).unwrap();
    assert!(svg.contains("Gain over the first trial (ROC-AUC)"), "{svg}");

    // Minimised, an unnamed metric's gains are its falls, and the first sentence says so.
    let text = run_ok(temp.path(), &["analyze", log, "--direction", "minimize"]);
    assert!(
        text.contains("every amount below is a fall in `value`, which the sweep minimised"),
        "{text}"
    );
    let empty = worthit_in(
        temp.path(),
        &[&unnamed[..], &["--metric-name", " "]].concat(),
    );
    let err = one_line_error(&empty);
    assert!(err.contains("--metric-name"), "{err}");
}

/// `--plots` draws the log's trials chart beside the answer, never over a file already there,
/// and nothing when the analysis fails.
#[test]
fn analyze_draws_the_trials_chart_of_a_log() {
    let temp = tempfile::tempdir().unwrap();
    let log = root().join(OPTUNA_LOG);
    let log = log.to_str().unwrap();
    let args = [
        "analyze",
        log,
        "--metric",
        "value",
        "--direction",
        "maximize",
        "--plots",
        "charts",
        "--format",
        "json",
    ];
    let json: serde_json::Value = serde_json::from_str(&run_ok(temp.path(), &args)).unwrap();
    let dir = temp.path().join("charts");
    let png = std::fs::read(dir.join("trials.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    let svg = std::fs::read_to_string(dir.join("trials.svg")).unwrap();
    // The headline follows the tuning answer.
    assert_eq!(json["tuning"]["kind"], "stop");
    assert!(
        svg.contains("More trials would gain less than the noise"),
        "{svg}"
    );
    assert!(svg.contains("forecast made at 30 trials"));

    let again = worthit_in(temp.path(), &args);
    let err = one_line_error(&again);
    assert!(err.contains("trials.png: already exists"), "{err}");
    assert_eq!(std::fs::read(dir.join("trials.png")).unwrap(), png);

    let failed = worthit_in(
        temp.path(),
        &[
            "analyze",
            log,
            "--metric",
            "valu",
            "--direction",
            "maximize",
            "--plots",
            "new",
        ],
    );
    one_line_error(&failed);
    assert!(!temp.path().join("new").exists());
}

/// With the model the sweep would replace named (`--baseline`), a log's amounts count from it
/// and the answer can keep it, priced or not.
#[test]
fn analyze_weighs_a_log_against_a_named_baseline() {
    let temp = tempfile::tempdir().unwrap();
    let log = root().join(OPTUNA_LOG);
    let log = log.to_str().unwrap();
    let answer = |extra: &[&str]| -> serde_json::Value {
        let args = [
            &["analyze", log, "--metric", "value", "--format", "json"][..],
            extra,
        ]
        .concat();
        serde_json::from_str(&run_ok(temp.path(), &args)).unwrap()
    };
    let unpriced = ["--direction", "maximize", "--noise", "0.005"];
    // The best of the 60 trials scores 0.8507: a baseline at 0.86 is not beaten.
    let above = answer(&[&unpriced[..], &["--baseline", "0.86", "--plots", "above"]].concat());
    assert_eq!(
        above["tuning"]["kind"], "does_not_pay",
        "{}",
        above["tuning"]
    );
    assert_eq!(above["baseline"]["validation"], 0.86);
    assert_eq!(above["reference"], 0.86);
    let first = above["sentences"][0].as_str().unwrap();
    assert!(first.contains("against the baseline's 0.8600"), "{first}");
    assert!(
        above["tuning"]["sentence"]
            .as_str()
            .unwrap()
            .contains("keep the baseline"),
        "{}",
        above["tuning"]
    );
    let svg = std::fs::read_to_string(temp.path().join("above/trials.svg")).unwrap();
    assert!(svg.contains("The sweep did not beat the baseline"), "{svg}");
    assert!(svg.contains("over the baseline"));
    // Below the best trial, the trials' gains over it are what the noise rule weighs.
    let below = answer(&[&unpriced[..], &["--baseline", "0.84"]].concat());
    assert_eq!(below["tuning"]["kind"], "stop", "{}", below["tuning"]);
    let gain = below["backtest"]["actual"].as_f64().unwrap();
    assert!((gain - (0.8507 - 0.84)).abs() < 1e-3, "{gain}");
    // Priced, the same baseline makes the sweep not pay for its trials.
    let config = root().join("examples/sweeps/telco-auc.toml");
    let priced = answer(&[
        "--config",
        config.to_str().unwrap(),
        "--seconds",
        "duration",
        "--baseline",
        "0.86",
    ]);
    assert_eq!(
        priced["tuning"]["kind"], "does_not_pay",
        "{}",
        priced["tuning"]
    );
}

/// A trial's duration or cost outside what one can be (negative, or 1e300 seconds) is a unit
/// mistake or damage: refused in one line naming the file, the line, the column and its flag;
/// until 2026-12-06 a duration of -5 or 1e300 seconds was priced as it was, and a negative
/// `--cost` column stopped the analysis with "the cost of a trial must be a finite amount of at
/// least 0, got -1437.03", naming neither.
#[test]
fn analyze_refuses_impossible_durations_and_costs_naming_the_line() {
    let temp = tempfile::tempdir().unwrap();
    let config = root().join("examples/sweeps/telco-auc.toml");
    let config = config.to_str().unwrap();
    let log = |duration: &str, cost: &str| -> String {
        std::iter::once("value,duration,cost\n".to_string())
            .chain((0..12).map(|i| {
                let (d, c) = if i == 4 {
                    (duration, cost)
                } else {
                    ("3.5", "2")
                };
                format!("0.8{i},{d},{c}\n")
            }))
            .collect()
    };
    for (duration, cost, flag, expected) in [
        ("-5", "2", "--seconds", "column `duration` (--seconds) is -5, not a trial's duration (0 seconds to 100 years)"),
        ("1e300", "2", "--seconds", "column `duration` (--seconds) is 1.0e300, not a trial's duration"),
        ("-1 days 00:00:01", "2", "--seconds", "column `duration` (--seconds) is -86,399, not"),
        ("3.5", "-40", "--cost", "column `cost` (--cost) is -40, not a trial's cost (0 to 1e15 in the config's currency)"),
        ("3.5", "1e300", "--cost", "column `cost` (--cost) is 1.0e300, not a trial's cost"),
    ] {
        write(temp.path(), "log.csv", &log(duration, cost));
        let column = if flag == "--cost" { "cost" } else { "duration" };
        let output = worthit_in(
            temp.path(),
            &["analyze", "log.csv", "--config", config, flag, column],
        );
        let err = one_line_error(&output);
        assert!(
            err.contains(&format!("log.csv: line 6: {expected}")),
            "{duration} {cost}: {err}"
        );
    }
    // The same log with possible values is analysed.
    write(temp.path(), "log.csv", &log("0 days 00:00:04", "0"));
    run_ok(
        temp.path(),
        &[
            "analyze",
            "log.csv",
            "--config",
            config,
            "--seconds",
            "duration",
        ],
    );
}

/// `--baseline` is named in its errors: outside the range of the metric the config prices, and
/// when it leaves the trials' amounts too large to compute with (until 2026-12-06 the latter
/// named only the log's line, the former was taken).
#[test]
fn analyze_names_the_baseline_in_its_errors() {
    let temp = tempfile::tempdir().unwrap();
    let err = one_line_error(&worthit_in(
        &root(),
        &priced_optuna(&["--seconds", "duration", "--baseline", "1.5"]),
    ));
    assert!(
        err.contains("--baseline 1.5: roc_auc lies between 0 and 1 (the metric examples/sweeps/telco-auc.toml prices)"),
        "{err}"
    );
    let log = root().join(OPTUNA_LOG);
    let err = one_line_error(&worthit_in(
        temp.path(),
        &[
            "analyze",
            log.to_str().unwrap(),
            "--direction",
            "maximize",
            "--baseline",
            "1e300",
        ],
    ));
    assert!(
        err.contains("optuna-telco.csv: line 2: metric 0.8391, test 0.8391 and cost 0, counted from --baseline 1.0e300, leave an amount too large"),
        "{err}"
    );
}

/// A log's metrics of any size are written as the one number formatter writes them: until
/// 2026-12-06 a metric of 1.9e90 was written with 90 digits and four decimals.
#[test]
fn analyze_writes_huge_metrics_in_scientific_notation() {
    let temp = tempfile::tempdir().unwrap();
    let csv: String = std::iter::once("value\n".to_string())
        .chain((0..12).map(|i| format!("{}.5e90\n", i % 5 + 1)))
        .collect();
    write(temp.path(), "big.csv", &csv);
    let text = run_ok(
        temp.path(),
        &["analyze", "big.csv", "--direction", "maximize"],
    );
    let first = text.lines().next().unwrap_or_default();
    assert!(
        first.contains("the best value is 5.5000e90 against the first trial's 1.5000e90"),
        "{first}"
    );
    assert!(!text.contains("000000000"), "{text}");
}

#[test]
fn analyze_keeps_the_trials_a_close_call_declines_in_its_json() {
    // The Optuna log at 2,000,000 USD a point of ROC-AUC and 30 USD a trial: the fitted curve
    // still pays for about 19 more trials, but they return less than twice their cost.
    let dir = tempfile::tempdir().unwrap();
    let config = std::fs::read_to_string(root().join("examples/sweeps/telco-auc.toml"))
        .unwrap()
        .replace("per_point = [2000, 6000]", "per_point = 2000000")
        .replace("trial_cost = [5, 20]", "trial_cost = 30");
    let config = write(dir.path(), "close.toml", &config);
    let config = config.display().to_string();
    let stdout = run_ok(
        &root(),
        &[
            "analyze", OPTUNA_LOG, "--config", &config, "--metric", "value", "--format", "json",
        ],
    );
    let analysis: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let tuning = &analysis["tuning"];
    assert_eq!(tuning["kind"], "stop", "{tuning}");
    assert_eq!(tuning["close_call"], true, "{tuning}");
    let sentence = tuning["sentence"].as_str().unwrap();
    assert!(sentence.ends_with("too close a call to run."), "{sentence}");
    // The numbers its sentence quotes, as a script reads them; a stop's own stay null.
    let trials = tuning["declined_trials"].as_u64().expect("declined_trials");
    let gain = tuning["declined_gain"].as_f64().expect("declined_gain");
    let cost = tuning["declined_cost"].as_f64().expect("declined_cost");
    use worthit::base::format::{money, signed_money};
    let quoted = format!(
        "but about {trials} more trials are expected to add only {} for {}, ",
        signed_money(gain, "USD"),
        money(cost, "USD")
    );
    assert!(sentence.contains(&quoted), "{quoted}\n{sentence}");
    assert!(trials > 1 && gain > cost && gain < 2.0 * cost, "{tuning}");
    assert_eq!(cost, trials as f64 * 30.0, "{tuning}");
    for key in ["more_trials", "expected_gain", "cost"] {
        assert!(tuning[key].is_null(), "{key}: {tuning}");
    }
}

/// A trial's metric outside the range of the metric the config prices (a ROC-AUC of 1.5, an
/// export's mistake) is refused naming the column and line, as `--baseline` is: until
/// 2026-12-06 it was priced as the best trial, and the answer asked for 180 more.
#[test]
fn analyze_refuses_a_metric_the_priced_metric_cannot_take_naming_the_line() {
    let temp = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(OPTUNA_LOG)).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let (number, rest) = lines[4].split_once(',').unwrap();
    let (_, after) = rest.split_once(',').unwrap();
    lines[4] = format!("{number},1.5,{after}");
    write(temp.path(), "log.csv", &(lines.join("\n") + "\n"));
    let config = root().join("examples/sweeps/telco-auc.toml");
    let args = ["analyze", "log.csv", "--config", config.to_str().unwrap()];
    let err = one_line_error(&worthit_in(temp.path(), &args));
    assert!(
        err.contains(
            "log.csv: column `value` line 5: 1.5, but roc_auc lies between 0 and 1 (the metric"
        ),
        "{err}"
    );
    // Without a config the metric is the user's own, and any number is one.
    run_ok(
        temp.path(),
        &["analyze", "log.csv", "--direction", "maximize"],
    );
}
