//! A run without `[value]` answers in metric units: the verdict from the paired bootstrap of the
//! metric on test rows, the tuning answer, the charts that need no money, and `--stop auto` on
//! the metric-noise rule.

use serde_json::Value;

use crate::common::*;

/// The primary metric of the model named `name` on `part` rows.
fn metric_of(results: &Value, name: &str, part: &str, metric: &str) -> f64 {
    let models = results["models"].as_array().unwrap();
    let model = models.iter().find(|m| m["name"] == name).unwrap();
    model[part][metric].as_f64().unwrap()
}

/// The candidate validation picks: the best validation metric, the earlier on ties.
fn validation_best(results: &Value, metric: &str, higher: bool) -> String {
    let mut best: Option<(String, f64)> = None;
    for model in results["models"].as_array().unwrap() {
        if model["trial"].is_null() {
            continue;
        }
        let v = model["validation"][metric].as_f64().unwrap();
        let better = best
            .as_ref()
            .is_none_or(|(_, top)| if higher { v > *top } else { v < *top });
        if better {
            best = Some((model["name"].as_str().unwrap().to_string(), v));
        }
    }
    best.unwrap().0
}

#[test]
fn a_bare_csv_answers_in_metric_units_with_charts_and_a_verdict() {
    let dir = tempfile::tempdir().unwrap();
    // A shipped dataset's data without its worthit.toml.
    std::fs::copy(
        dataset("german-credit").join("german_credit.csv"),
        dir.path().join("credit.csv"),
    )
    .unwrap();
    let stdout = run_args("credit.csv")
        .target("class")
        .trials(12)
        .stop("never")
        .threads(2)
        .out("r")
        .ok_in(dir.path());
    let run = dir.path().join("r");
    let results = results(&run);
    assert!(results.get("value").is_none(), "{results}");
    // No price, no net value column: the table ends with the fit time.
    assert!(
        stdout
            .lines()
            .find(|l| l.starts_with("model "))
            .is_some_and(|l| l.ends_with("fit s")),
        "{stdout}"
    );
    let analysis = &results["analysis"];
    assert_eq!(analysis["units"]["metric"], "roc_auc");
    assert_eq!(analysis["units"]["higher_is_better"], true);
    assert_eq!(analysis["units"]["unit"], "ROC-AUC");

    // Validation picks, test reports: the verdict's gain is the picked candidate's test ROC-AUC
    // minus the baseline's, with a 90% interval around it.
    let best = validation_best(&results, "roc_auc", true);
    let gain = metric_of(&results, &best, "test", "roc_auc")
        - metric_of(&results, "baseline", "test", "roc_auc");
    let verdict = &analysis["verdict"];
    let difference = &verdict["difference"];
    let (mean, low, high) = (
        difference["mean"].as_f64().unwrap(),
        difference["low"].as_f64().unwrap(),
        difference["high"].as_f64().unwrap(),
    );
    assert!((mean - gain).abs() < 1e-9, "{mean} against {gain}");
    assert!(low <= mean && mean <= high && low < high, "{difference}");
    // Every candidate keeps its paired test gain's interval (the winner's-curse chart draws it
    // around the best so far), from the pass the verdict's is drawn in: the pick's is the
    // verdict's; the baseline has none.
    for model in results["models"].as_array().unwrap() {
        let kept = &model["test_gain"];
        if model["trial"].is_null() {
            assert!(kept.is_null(), "{model}");
            continue;
        }
        assert_eq!(kept["metric"], "roc_auc", "{model}");
        let name = model["name"].as_str().unwrap();
        let gain = metric_of(&results, name, "test", "roc_auc")
            - metric_of(&results, "baseline", "test", "roc_auc");
        let (l, h) = (
            kept["low"].as_f64().unwrap(),
            kept["high"].as_f64().unwrap(),
        );
        assert!(l <= gain && gain <= h && l < h, "{model}");
        if name == best {
            assert_eq!((l, h), (low, high), "{model}");
        }
    }
    let html = std::fs::read_to_string(run.join("report.html")).unwrap();
    assert!(
        html.contains("shaded with its 90% interval over resamples of the test rows"),
        "the winner's-curse caption names its band"
    );
    // The frontier draws each candidate's paired gain interval (`test_gain`) as a whisker, and
    // its caption says so.
    assert!(
        html.contains("90% interval over resamples of the test rows, paired with the baseline: one that reaches below 0"),
        "the frontier caption names its whiskers"
    );
    // The verdict leads the analysis's sentences, as the terminal and the reports print them.
    let said = analysis["sentences"][0].as_str().unwrap();
    assert!(verdict["sentence"]
        .as_str()
        .is_some_and(|v| said[1..].starts_with(&v[1..])));
    assert!(
        said.contains(&format!("the candidate {best} "))
            && said.contains("ROC-AUC over the baseline on test rows, 90% interval"),
        "{said}"
    );

    // The trials analysis, in gains over the baseline, and the tuning answer without money.
    let curve = analysis["curve"]["points"].as_array().unwrap();
    assert_eq!(curve.len(), 12);
    assert_eq!(analysis["winners_curse"].as_array().unwrap().len(), 12);
    assert!(analysis["extrapolation"]["points"].is_array(), "{analysis}");
    let tuning = analysis["tuning"]["sentence"].as_str().unwrap();
    assert!(tuning.starts_with("Tuning: "), "{tuning}");
    // results.json's two answers: the candidate validation ROC-AUC picks, and the tuning one.
    let rec = &results["recommendation"];
    assert_eq!(rec["model"]["candidate"], best.as_str(), "{rec}");
    assert_eq!(rec["model"]["unit"], "ROC-AUC");
    assert_eq!(rec["model"]["sentence"], said);
    assert_eq!(rec["tuning"]["sentence"], tuning);
    assert_eq!(rec["tuning"]["kind"], analysis["tuning"]["kind"]);
    assert!(!tuning.contains("cost"), "{tuning}");
    assert!(analysis["stop_replay"]["cost_rule"].is_null());
    assert_doublings_told(&run);
    // Every model's metrics on the two halves of the validation rows (alternate rows, so 100
    // each of 200): their accuracies average to the whole's, and the noise rule reads them.
    for model in results["models"].as_array().unwrap() {
        let halves = model["validation_halves"].as_array().expect("halves");
        let [first, second] = [0, 1].map(|h| halves[h]["accuracy"].as_f64().unwrap());
        let whole = model["validation"]["accuracy"].as_f64().unwrap();
        assert!(
            (0.5 * (first + second) - whole).abs() < 1e-12,
            "{first} {second} {whole}"
        );
    }
    let agreement = &analysis["halves_agreement"];
    assert_eq!(agreement["trials"], 12, "{analysis}");
    assert!(stdout.contains("The two halves of the validation rows "));

    // 12 trials: the forecast made at 6 is on the chart beside what the 12 gave.
    let chart = std::fs::read_to_string(run.join("plots/trials.svg")).unwrap();
    assert!(chart.contains("forecast made at 6 trials"), "{chart}");
    for stem in ["trials", "winners_curse", "learning", "frontier"] {
        for ext in ["png", "svg"] {
            let file = run.join("plots").join(format!("{stem}.{ext}"));
            assert!(file.exists(), "no {}", file.display());
        }
    }
    // Each candidate's paired test gain over the baseline is a column of both models tables,
    // the pick's with the verdict's ends, signed; the baseline's a dash.
    let header = stdout.lines().find(|l| l.starts_with("model ")).unwrap();
    assert!(
        header.contains("test ROC-AUC gain (90% interval)"),
        "{header}"
    );
    let row = |name: &str| {
        stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap()
    };
    assert_eq!(row("baseline").matches(" — ").count(), 1, "{stdout}");
    let gain_cell = |row: &str| {
        row.split("  ")
            .filter(|c| c.contains(" to "))
            .nth(1)
            .map(str::trim)
            .map(String::from)
    };
    let pick = gain_cell(row(&best)).expect(&stdout);
    let signed = |v: f64| if v > 0.0 { '+' } else { '-' };
    assert!(
        pick.starts_with(signed(low)) && pick.contains(&format!(" to {}", signed(high))),
        "{pick}: {low} to {high}"
    );
    let markdown = std::fs::read_to_string(run.join("report.md")).unwrap();
    assert!(
        markdown.contains("| test 90% interval | test ROC-AUC gain (90% interval) | fit s |"),
        "{markdown}"
    );
    assert!(markdown.contains("(plots/trials.png)"), "{markdown}");
    assert!(markdown.contains("ROC-AUC over the baseline"), "{markdown}");
    assert!(markdown.contains("`worthit init credit.csv`"), "{markdown}");
    let html = std::fs::read_to_string(run.join("report.html")).unwrap();
    for stem in ["trials", "winners_curse", "learning", "frontier"] {
        assert!(html.contains(&format!("<figure id=\"{stem}\">")), "{stem}");
    }

    // The terminal: the verdict, one tuning answer, and the way to pricing last.
    let verdict_line = stdout.lines().position(|l| l == said).expect(&stdout);
    let tuning_lines: Vec<usize> = stdout
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("Tuning:"))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(tuning_lines, [verdict_line + 1], "{stdout}");
    let last: Vec<&str> = stdout.lines().rev().take(2).collect();
    assert!(last[1]
        .starts_with("Not priced: without a [value] section this run answers in metric units"));
}

/// RMSE is an error: a gain is a lower RMSE, and the candidate validation picks is the one with
/// the lowest validation RMSE.
#[test]
fn a_regression_run_without_value_gains_when_rmse_falls() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("x1,x2,y\n");
    for i in 0..400u64 {
        let x1 = (i * 37 % 101) as f64 / 10.0;
        let x2 = (i * 53 % 97) as f64 / 9.7;
        let y = 3.0 * x1 + (x2 - 5.0).abs() + ((i * 7919) % 13) as f64 / 6.0;
        text.push_str(&format!("{x1},{x2},{y:.3}\n"));
    }
    write(dir.path(), "reg.csv", &text);
    run_args("reg.csv")
        .target("y")
        .trials(4)
        .threads(2)
        .out("r")
        .quiet()
        .ok_in(dir.path());
    let results = results(&dir.path().join("r"));
    let analysis = &results["analysis"];
    assert_eq!(analysis["units"]["metric"], "rmse");
    assert_eq!(analysis["units"]["higher_is_better"], false);
    assert_eq!(analysis["units"]["unit"], "RMSE reduction");
    let best = validation_best(&results, "rmse", false);
    let reduction = metric_of(&results, "baseline", "test", "rmse")
        - metric_of(&results, &best, "test", "rmse");
    let mean = analysis["verdict"]["difference"]["mean"].as_f64().unwrap();
    assert!(
        (mean - reduction).abs() < 1e-9,
        "{mean} against {reduction}"
    );
    let said = analysis["verdict"]["sentence"].as_str().unwrap();
    assert!(
        said.contains("its test RMSE minus the baseline's is")
            && said.contains("(lower is better)"),
        "{said}"
    );
    // The sentence gives the RMSE change itself: its sign is the reduction's opposite.
    let told = if reduction > 0.0 { "is -" } else { "is +" };
    assert!(said.contains(&format!("the baseline's {told}")), "{said}");
    // Four trials are too few for the noise rule (it reads the validation halves from 5), and the
    // run says it did not get to decide rather than that it "would not have stopped" them.
    let sentences = analysis["sentences"].as_array().unwrap();
    assert!(
        sentences.iter().any(|s| s
            == "The noise rule (what --stop auto applies without [value]) decides only from 5 trials on (4 run)."),
        "{sentences:?}"
    );
    // Each trial's test gain, as the winner's curse records it, is a reduction too.
    let first = &analysis["winners_curse"][0];
    let first_name = results["models"][1]["name"].as_str().unwrap();
    let first_reduction = metric_of(&results, "baseline", "test", "rmse")
        - metric_of(&results, first_name, "test", "rmse");
    assert!((first["test"].as_f64().unwrap() - first_reduction).abs() < 1e-9);
}

/// `--stop auto` (the default) stops an unpriced sweep by the noise rule: a label no feature
/// predicts leaves nothing for more trials to find beyond the noise.
#[test]
fn stop_auto_without_value_stops_on_the_noise_rule() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("x1,x2,label\n");
    for i in 0..600u64 {
        let label = if (i * 2654435761) % 7 < 3 {
            "yes"
        } else {
            "no"
        };
        text.push_str(&format!("{},{},{label}\n", i % 17, (i * 31) % 23));
    }
    write(dir.path(), "coin.csv", &text);
    let stdout = run_args("coin.csv")
        .target("label")
        .trials(60)
        .threads(2)
        .out("r")
        .ok_in(dir.path());
    let stopped = results(&dir.path().join("r"));
    let sweep = &stopped["sweep"];
    let done = sweep["trials_done"].as_u64().unwrap();
    assert!((10..60).contains(&done), "{sweep}");
    let why = sweep["stopped_because"].as_str().unwrap();
    assert!(
        why.starts_with("more trials would gain less than the metric's noise (amounts in ROC-AUC;"),
        "{why}"
    );
    assert!(stdout.contains(why), "{stdout}");
    // The tuning answer weighs the same noise the stop did: one figure, in both.
    let tuning = stopped["analysis"]["tuning"]["sentence"].as_str().unwrap();
    let noise = |text: &str| {
        let after = text.split("standard error ").nth(1).unwrap_or_default();
        after
            .split([')', ' '])
            .next()
            .unwrap_or_default()
            .to_string()
    };
    assert!(!noise(why).is_empty(), "{why}");
    assert_eq!(noise(why), noise(tuning), "{why} / {tuning}");
    // The replay says the rule stopped the sweep, not that it would have.
    let replay = format!(
        "The noise rule (what --stop auto applies without [value]) stopped this sweep at {done} trials."
    );
    let sentences = stopped["analysis"]["sentences"].to_string();
    assert!(sentences.contains(&replay), "{sentences}");
    assert!(!sentences.contains("would have stopped"), "{sentences}");
    // So does the trials chart's caption in report.html.
    let report = std::fs::read_to_string(dir.path().join("r/report.html")).unwrap();
    assert!(
        report.contains("The marker is where the metric-noise rule stopped the sweep."),
        "{report}"
    );
    assert!(!report.contains("would have stopped the sweep"), "{report}");
    // With --stop never every trial runs.
    run_args("coin.csv")
        .target("label")
        .trials(12)
        .stop("never")
        .threads(2)
        .out("n")
        .quiet()
        .ok_in(dir.path());
    assert_eq!(results(&dir.path().join("n"))["sweep"]["trials_done"], 12);
    // The rule did not stop that sweep: its marker is where it would have.
    let report = std::fs::read_to_string(dir.path().join("n/report.html")).unwrap();
    assert!(
        report.contains("The marker is where the metric-noise rule would have stopped the sweep."),
        "{report}"
    );
}

/// `--metric` chooses what an unpriced run answers in, ranks the models by it everywhere, and is
/// refused (one line, exit 2) for a metric of another task or a priced run.
#[test]
fn metric_flag_chooses_the_units() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "plain.csv", &noisy_binary_csv(400, 5, false));
    let output = run_args("plain.csv")
        .target("label")
        .trials(3)
        .arg("--metric", "log_loss")
        .threads(2)
        .out("r")
        .output_in(dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    // The progress lines too (until 2026-12-05 they ranked by ROC-AUC whatever --metric said).
    let progress: Vec<String> = stderr(&output)
        .lines()
        .filter(|l| l.contains(" (random_forest)") || l.contains(" (boosting)"))
        .map(str::to_string)
        .collect();
    assert_eq!(progress.len(), 4, "{progress:?}");
    for line in &progress {
        assert!(line.contains(": validation log_loss "), "{line}");
        assert!(line.contains(", best log_loss "), "{line}");
        assert!(!line.contains("roc_auc"), "{line}");
    }
    let run = dir.path().join("r");
    let results = results(&run);
    let units = &results["analysis"]["units"];
    assert_eq!(units["metric"], "log_loss");
    assert_eq!(units["higher_is_better"], false);
    let best = validation_best(&results, "log_loss", false);
    let reduction = metric_of(&results, "baseline", "test", "log_loss")
        - metric_of(&results, &best, "test", "log_loss");
    let mean = results["analysis"]["verdict"]["difference"]["mean"]
        .as_f64()
        .unwrap();
    assert!(
        (mean - reduction).abs() < 1e-9,
        "{mean} against {reduction}"
    );
    let markdown = std::fs::read_to_string(run.join("report.md")).unwrap();
    assert!(
        markdown.contains("| validation log\\_loss | test log\\_loss |"),
        "{markdown}"
    );
    // Kept in run.json, so re-rendering from the stored predictions answers in the same metric.
    run_ok(dir.path(), &["report", "r", "--reprice"]);
    let repriced = crate::common::results(&run);
    assert_eq!(
        repriced["analysis"]["verdict"],
        results["analysis"]["verdict"]
    );
    // The two answers in the metric's units, written again by the re-pricing.
    let rec = &results["recommendation"];
    assert_eq!(
        rec["model"]["unit"], results["analysis"]["units"]["unit"],
        "{rec}"
    );
    assert_eq!(
        rec["model"]["gain"],
        results["analysis"]["verdict"]["difference"]["mean"]
    );
    assert_eq!(
        rec["tuning"]["sentence"],
        results["analysis"]["tuning"]["sentence"]
    );
    assert_eq!(&repriced["recommendation"], rec);
    // Without its data file the answers cannot be redone: refused, naming the file, and the
    // run keeps them (until 2026-12-05 they were dropped from results.json without a word).
    std::fs::rename(dir.path().join("plain.csv"), dir.path().join("moved.csv")).unwrap();
    let output = worthit_in(dir.path(), &["report", "r", "--reprice"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(one_line_error(&output).contains("plain.csv"));
    assert_eq!(crate::common::results(&run), repriced);
    std::fs::rename(dir.path().join("moved.csv"), dir.path().join("plain.csv")).unwrap();

    let refused = run_args("plain.csv")
        .target("label")
        .arg("--metric", "rmse")
        .out("bad")
        .output_in(dir.path());
    let line = one_line_error(&refused);
    assert!(
        line.contains("--metric rmse: not a metric of a binary task"),
        "{line}"
    );
    write(
        dir.path(),
        "priced.toml",
        "[data]\ntarget = \"label\"\n\n[value]\ntp = 10\nfp = -2\n",
    );
    let refused = run_args("plain.csv")
        .config("priced.toml")
        .arg("--metric", "accuracy")
        .out("bad")
        .output_in(dir.path());
    let line = one_line_error(&refused);
    assert!(
        line.contains("--metric accuracy: this run is priced by [value]"),
        "{line}"
    );
    assert!(!dir.path().join("bad").exists());
}

#[test]
fn a_perfect_score_stops_the_sweep_and_bounds_every_forecast() {
    // `x1` decides the label outright: the baseline scores a ROC-AUC of 1 on validation and
    // test rows. Until 2026-12-02 such a run ran every trial, called the tie "inconclusive ...
    // about 60 test rows (now 60) would settle it", asked for more trials (the paired noise of
    // two perfect models is 0) and forecast gains above a perfect score; until 2026-12-08 it
    // ran 10 trials before stopping, none of which could be chosen over the baseline.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "easy.csv", &small_binary_csv(300));
    let stdout = run_args("easy.csv")
        .target("label")
        .trials(30)
        .threads(2)
        .out("r")
        .ok_in(dir.path());
    let results = results(&dir.path().join("r"));
    assert_eq!(
        metric_of(&results, "baseline", "validation", "roc_auc"),
        1.0
    );
    assert_eq!(metric_of(&results, "baseline", "test", "roc_auc"), 1.0);
    // --stop auto stops before the first trial, and says why.
    let sweep = &results["sweep"];
    assert_eq!(sweep["trials_done"], 0, "{sweep}");
    let why = sweep["stopped_because"].as_str().unwrap();
    assert!(
        why.contains("the baseline already scores the best validation score the metric allows"),
        "{why}"
    );
    let said_alike = |results: &serde_json::Value| {
        let tuning = &results["analysis"]["tuning"];
        assert_eq!(tuning["kind"], "does_not_pay", "{tuning}");
        assert!(
            tuning["sentence"]
                .as_str()
                .unwrap()
                .contains("it already scores the best validation ROC-AUC there is"),
            "{tuning}"
        );
        assert_eq!(tuning["best_possible"], true, "{tuning}");
        assert_eq!(results["recommendation"]["tuning"]["kind"], "does_not_pay");
    };
    said_alike(&results);
    assert!(
        stdout.contains("Keep the baseline: no candidate was trained"),
        "{stdout}"
    );
    // The same answer after 3 trials, before the 10 any other answer waits for, and after 10
    // run with --stop never; ties go to the baseline, and no forecast passes the best possible
    // gain (0 over a perfect baseline).
    for trials in [3, 10] {
        let out = format!("never{trials}");
        run_args("easy.csv")
            .target("label")
            .trials(trials)
            .stop("never")
            .out(&out)
            .ok_in(dir.path());
        let never = crate::common::results(&dir.path().join(&out));
        assert_eq!(never["sweep"]["trials_done"], trials);
        said_alike(&never);
        let analysis = &never["analysis"];
        assert_eq!(analysis["verdict"]["kind"], "ship_baseline", "{analysis}");
        assert!(analysis["verdict"]["rows_needed"].is_null());
        if trials < 10 {
            continue;
        }
        // The noise rule's replay says where --stop auto stopped such a sweep: before its first.
        assert_eq!(analysis["stop_replay"]["noise_rule"], 0, "{analysis}");
        let replayed = "would have stopped this sweep before its first trial (of 10)";
        assert!(
            analysis["sentences"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s.as_str().unwrap().contains(replayed)),
            "{analysis}"
        );
        let points = analysis["extrapolation"]["points"].as_array().unwrap();
        for point in points {
            for end in ["low", "mean", "high"] {
                assert!(point[end].as_f64().unwrap() <= 0.0, "{point}");
            }
        }
        let forecast = &analysis["backtest"]["forecast"];
        assert!(forecast["high"].as_f64().unwrap() <= 0.0, "{forecast}");
        assert_eq!(analysis["backtest"]["held"], true);
    }
}

#[test]
fn a_sweep_whose_validation_halves_cannot_rank_its_trials_stops() {
    // Features and label drawn independently: nothing to learn. The best validation score
    // still rises with more trials (the luckiest of more), and until 2026-12-02 such a run was
    // told to run about a hundred more; picked on one half of the validation rows and measured
    // on the other, the trials are noise: --stop auto ends the sweep after 5 for that reason.
    let mut draw = uniform_stream(1);
    let mut text = String::from("x1,x2,city,label\n");
    for _ in 0..2_000 {
        let (x1, x2) = (draw() * 10.0, (draw() * 97.0) as u32);
        let city = ["Oslo", "Lima", "Pune"][(draw() * 3.0) as usize];
        let label = if draw() < 0.4 { "yes" } else { "no" };
        text.push_str(&format!("{x1:.3},{x2},{city},{label}\n"));
    }
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "noise.csv", &text);
    let stdout = run_args("noise.csv")
        .target("label")
        .trials(30)
        .threads(2)
        .out("r")
        .ok_in(dir.path());
    let results = results(&dir.path().join("r"));
    let sweep = &results["sweep"];
    // From 5 trials on: the halves of 5 such trials are already no evidence of any difference.
    assert_eq!(sweep["trials_done"], 5, "{sweep}");
    let why = sweep["stopped_because"].as_str().unwrap();
    assert!(
        why.starts_with(
            "the validation rows do not clearly tell these trials apart after 5 trials (their two halves rank them with a correlation of "
        ),
        "{why}"
    );
    let analysis = &results["analysis"];
    assert!(analysis["halves_agreement"]["low"].as_f64().unwrap() <= 0.0);
    assert_eq!(analysis["stop_replay"]["noise_rule"], 5);
    // Its five trials' expected best is below the baseline, so the answer, as from 10 trials
    // on, is that tuning does not beat it (the early stop never says "run more"), and the
    // trials chart's headline says the same.
    assert_eq!(analysis["tuning"]["kind"], "does_not_pay", "{analysis}");
    assert!(stdout.contains("Tuning: it does not beat the baseline here; keep the baseline"));
    let markdown = std::fs::read_to_string(dir.path().join("r/report.md")).unwrap();
    assert!(
        markdown.contains("[The sweep did not beat the baseline](plots/trials.png)"),
        "{markdown}"
    );
}

/// Without `[value]`, the validation gain `--stop auto` bootstrapped for its noise rule is the
/// one the analysis reads, not drawn again: the run's analysis is what a re-analysis of the
/// stored predictions, drawing everything afresh, gives.
#[test]
fn the_noise_rules_validation_bootstrap_is_the_analysis_own() {
    // Ames housing, seed 1: its halves rank the trials alike, and the noise rule stops the
    // sweep at 10 trials, bootstrapping the best trial's validation gain to decide.
    let Some(data) = require_shared_dataset("ames_housing.csv") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    run_args(&data)
        .target("Sale_Price")
        .arg("--seed", "1")
        .trials(12)
        .stop("auto")
        .out("r")
        .quiet()
        .ok_in(dir.path());
    let run = dir.path().join("r");
    let results = results(&run);
    assert!(
        results["sweep"]["stopped_because"]
            .as_str()
            .unwrap()
            .starts_with("more trials would gain less than the metric's noise"),
        "the noise rule decided: {}",
        results["sweep"]
    );
    run_ok(dir.path(), &["report", "r", "--reprice"]);
    let repriced = crate::common::results(&run);
    assert_eq!(repriced["analysis"], results["analysis"]);
    assert_eq!(repriced["recommendation"], results["recommendation"]);
}
