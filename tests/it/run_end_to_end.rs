//! `worthit run` from the outside: run folders, formats, tasks and determinism.

use crate::common::*;

/// The terminal opens with the two answers, as both reports do, and every output says what is
/// left after paying for the whole sweep once (the reports' value lists said it again, the
/// terminal only after a dozen value sentences, until 2026-12-05).
#[test]
fn the_terminal_opens_with_the_two_answers_and_says_the_sweeps_cost_once() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("german");
    let stdout = run_args(dataset("german-credit"))
        .trials(3)
        .out(&out)
        .ok_in(tmp.path());
    let r = results(&out);
    let recommendation = &r["recommendation"];
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[0].starts_with("german-credit: 1,000 rows"),
        "{stdout}"
    );
    assert_eq!(
        lines[1],
        recommendation["model"]["sentence"].as_str().unwrap(),
        "{stdout}"
    );
    assert_eq!(
        lines[2],
        recommendation["tuning"]["sentence"].as_str().unwrap(),
        "{stdout}"
    );
    let table = lines.iter().position(|l| l.starts_with("model ")).unwrap();
    let paid = |text: &str| text.matches("after paying for all of it").count();
    assert!(
        lines[..table]
            .iter()
            .any(|l| l.starts_with("The whole sweep cost ")),
        "{stdout}"
    );
    assert_eq!(paid(&stdout), 1, "{stdout}");
    assert!(
        !stdout.contains("After paying for the whole sweep"),
        "{stdout}"
    );
    for report in ["report.md", "report.html"] {
        let text = std::fs::read_to_string(out.join(report)).unwrap();
        assert_eq!(paid(&text), 1, "{report}: {text}");
        assert!(
            !text.contains("After paying for the whole sweep"),
            "{report}"
        );
        // The winner's-curse chart shades the best so far's test gain with its paired interval
        // (since 2026-12-06), and its caption, which report.html gives, says what that is.
        assert_eq!(
            text.contains("shaded with its 90% interval over resamples of the test rows"),
            report == "report.html",
            "{report}"
        );
        // The frontier's whiskers too, each candidate's paired interval on its gain axis.
        assert_eq!(
            text.contains("Each whisker is that candidate"),
            report == "report.html",
            "{report}"
        );
    }
    let frontier = std::fs::read_to_string(out.join("plots/frontier.svg")).unwrap();
    assert!(frontier.contains("Gain over the baseline"), "{frontier}");
    // The learning curve's points are gains over the full baseline, and its axis and legend
    // say so (until 2026-12-06 "Net value", under a title saying "Gain").
    let learning = std::fs::read_to_string(out.join("plots/learning.svg")).unwrap();
    assert!(learning.contains("Gain over the baseline"), "{learning}");
    assert!(!learning.contains("Net value"), "{learning}");
    // The last doubling of the rows beside the one before it (since 2026-12-07).
    assert_doublings_told(&out);
}

/// A priced sweep picks by validation net value, not by the metric: the terminal's table and
/// both reports' value tables show that figure for every model, so the chosen candidate is the
/// one at their top (until 2026-12-06 the terminal showed only the metric, and on
/// bank-marketing trial-0001 led it while trial-0003 was shipped). Each model's test metric
/// comes with its 90% interval in every models table (until 2026-12-06, with none), and each
/// validation and test net value with its own, in results.json, the terminal and the reports
/// (until 2026-12-06, none for the validation net value, and the test net value's kept but not
/// shown).
#[test]
fn every_table_shows_the_validation_net_value_a_priced_sweep_selects_by() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("german");
    let stdout = run_args(dataset("german-credit"))
        .trials(8)
        .stop("never")
        .out(&out)
        .ok_in(tmp.path());
    let r = results(&out);
    let models = r["value"]["models"].as_array().unwrap();
    let net_of = |name: &str| {
        models.iter().find(|m| m["name"] == name).unwrap()["validation_net_value"]
            .as_f64()
            .unwrap()
    };
    let amount = |cell: &str| -> f64 {
        cell.trim_end_matches("cost units")
            .trim()
            .replace(',', "")
            .parse()
            .unwrap_or_else(|_| panic!("an amount: {cell:?}"))
    };
    // Every model's validation net value has its interval over the validation rows, around it.
    let own_interval = |name: &str, key: &str| -> String {
        let model = models.iter().find(|m| m["name"] == name).unwrap();
        let kept = &model[key];
        let (low, high) = (
            kept["low"].as_f64().unwrap(),
            kept["high"].as_f64().unwrap(),
        );
        let point = model[key.trim_end_matches("_interval")].as_f64().unwrap();
        // The same amount, summed another way: equal up to rounding.
        let mean = kept["mean"].as_f64().unwrap();
        assert!(
            (mean - point).abs() <= 1e-9 * point.abs().max(1.0),
            "{name} {key}: {kept}"
        );
        assert!(low < point && point < high, "{name} {key}: {model}");
        worthit::base::format::amount_interval(low, high, "")
    };
    let header = stdout
        .lines()
        .position(|l| l.starts_with("model "))
        .unwrap();
    assert!(
        stdout
            .lines()
            .nth(header)
            .unwrap()
            .ends_with("val net value (90% interval)"),
        "{stdout}"
    );
    // Every model's test metric comes with its 90% interval, in the table as in results.json.
    let interval_of = |name: &str| {
        let model = r["models"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == name)
            .unwrap();
        let kept = &model["test_interval"];
        assert_eq!(kept["metric"], "roc_auc", "{name}");
        let test = model["test"]["roc_auc"].as_f64().unwrap();
        let (low, high) = (
            kept["low"].as_f64().unwrap(),
            kept["high"].as_f64().unwrap(),
        );
        assert!(low < test && test < high, "{name}: {model}");
        format!("{low:.4} to {high:.4}")
    };
    let rows: Vec<(&str, f64)> = stdout
        .lines()
        .skip(header + 1)
        .take(models.len())
        .map(|line| {
            let name = line.split_whitespace().next().unwrap();
            // After the test metric, its interval ("0.7631 to 0.7911"), the fit time, and
            // then the amount with its interval: "-1,290 cost units (-1,650 to -940)".
            let cells: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(cells[4..7].join(" "), interval_of(name), "{line}");
            let net = cells[8..].join(" ");
            let (shown, interval) = net.split_once(" (").unwrap();
            assert_eq!(
                interval,
                format!("{})", own_interval(name, "validation_net_value_interval")),
                "{line}"
            );
            (name, amount(shown))
        })
        .collect();
    assert_eq!(rows.len(), models.len(), "{stdout}");
    for (name, shown) in &rows {
        assert!(
            (shown - net_of(name)).abs() <= 1.0,
            "{name}: {shown} against {}",
            net_of(name)
        );
    }
    // The candidate chosen shows the highest validation net value of the candidates; two may
    // show the same rounded amount (trials a compute cost apart), so a tie is no failure.
    let best = r["value"]["best"]["name"].as_str().unwrap();
    let best_shown = rows.iter().find(|(name, _)| *name == best).unwrap().1;
    assert!(
        rows.iter().skip(1).all(|(_, shown)| *shown <= best_shown),
        "{best}: {stdout}"
    );
    let markdown = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        markdown.contains(
            "| validation net value, 90% interval \
             | test net value, 90% interval |"
        ),
        "{markdown}"
    );
    // Each model's row gives both net values, each followed by its interval in its cell.
    for model in models {
        let name = model["name"].as_str().unwrap();
        let cells = format!(
            "| {} ({}) | {} ({}) |",
            worthit::base::format::money(model["validation_net_value"].as_f64().unwrap(), ""),
            own_interval(name, "validation_net_value_interval"),
            worthit::base::format::money(model["net_value"].as_f64().unwrap(), ""),
            own_interval(name, "net_value_interval"),
        );
        assert!(
            markdown
                .lines()
                .any(|l| [format!("| {name} |"), format!("| **{name}** |")]
                    .iter()
                    .any(|start| l.starts_with(start))
                    && l.contains(&cells)),
            "{name}: {cells} in {markdown}"
        );
    }
    assert!(markdown.contains("| model | threshold |"), "{markdown}");
    assert!(
        markdown.contains("| validation roc\\_auc | test roc\\_auc | test 90% interval | fit s |"),
        "{markdown}"
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("<th>validation net value<span class=\"interval\">90% interval</span></th>"),
        "report.html"
    );
    for (name, _) in &rows {
        let cell = format!("| {} |", interval_of(name));
        assert!(
            markdown
                .lines()
                .any(|l| l.starts_with(&format!("| {name} |")) && l.contains(&cell)),
            "{name}: {markdown}"
        );
        let cell = format!("<td>{}</td>", interval_of(name));
        assert!(html.contains(&cell), "{name}: {cell} in report.html");
    }
    // report.md details the baseline and the candidate the verdict is about (the best by
    // validation net value, not by the metric), every test metric with its interval.
    for model in r["models"].as_array().unwrap() {
        let name = model["name"].as_str().unwrap();
        let kept = model["test_intervals"].as_array();
        let heading = format!("## {name} (");
        if name != "baseline" && name != best {
            assert!(kept.is_none(), "{name}: {model}");
            assert!(!markdown.contains(&heading), "{name}");
            continue;
        }
        assert!(markdown.contains(&heading), "{name}: {markdown}");
        let details = &markdown[markdown.find(&heading).unwrap()..];
        let kept = kept.unwrap();
        assert_eq!(
            kept.len(),
            7,
            "{name}: every classification metric: {model}"
        );
        for interval in kept {
            let metric = interval["metric"].as_str().unwrap();
            let test = model["test"][metric].as_f64().unwrap();
            let (low, high) = (
                interval["low"].as_f64().unwrap(),
                interval["high"].as_f64().unwrap(),
            );
            assert!(
                low <= test && test <= high && low < high,
                "{name} {metric}: {interval}"
            );
            let row = details
                .lines()
                .find(|l| l.starts_with(&format!("| {metric} (")))
                .unwrap();
            assert!(
                row.ends_with(&format!("| {low:.4} to {high:.4} |")),
                "{row}"
            );
        }
    }
}

#[test]
fn german_credit_run_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("german");
    let stdout = run_args(dataset("german-credit"))
        .trials(0)
        .out(&out)
        .threads(2)
        .ok_in(tmp.path());
    assert!(stdout.contains("wrote"), "{stdout}");
    let r = results(&out);
    assert_eq!(r["schema_version"], 1);
    assert_eq!(r["dataset"]["rows_in_file"], 1000);
    assert_eq!(r["dataset"]["blake3"].as_str().unwrap().len(), 64);
    assert_eq!(r["split"]["train"], 600);
    assert_eq!(r["split"]["validation"], 200);
    assert_eq!(r["split"]["test"], 200);
    assert_eq!(r["target"]["positive_class"], "bad");
    assert_eq!(r["target"]["class_counts"], serde_json::json!([300, 700]));
    let baseline = &r["models"][0];
    assert_eq!(baseline["name"], "baseline");
    assert_eq!(baseline["params"]["n_trees"], 100);
    assert_eq!(baseline["params"]["max_features"], "sqrt");
    let auc = baseline["test"]["roc_auc"].as_f64().unwrap();
    // Published results for forests on German credit sit around 0.75-0.80 ROC-AUC.
    assert!((0.68..0.9).contains(&auc), "test ROC-AUC {auc}");
    for metric in [
        "accuracy",
        "balanced_accuracy",
        "pr_auc",
        "log_loss",
        "brier",
        "f1",
    ] {
        assert!(baseline["validation"][metric].is_number(), "{metric}");
        assert!(baseline["test"][metric].is_number(), "{metric}");
    }
    assert!(baseline["fit_seconds"].as_f64().unwrap() > 0.0);
    assert!(r["peak_memory_bytes"].as_u64().unwrap() > 0);
    // The stages follow one another: together they are the whole run, less what comes before
    // reading (arguments, the run folder) and between stages.
    let seconds = |stage: &str| {
        r["timings"][stage]
            .as_f64()
            .unwrap_or_else(|| panic!("timings.{stage}"))
    };
    let stages = [
        "load_seconds",
        "bin_seconds",
        "sweep_seconds",
        "learning_seconds",
        "pricing_seconds",
        "analysis_seconds",
        "writing_seconds",
    ];
    for stage in stages {
        assert!(seconds(stage) >= 0.0, "{stage}");
    }
    for stage in [
        "sweep_seconds",
        "learning_seconds",
        "pricing_seconds",
        "writing_seconds",
    ] {
        assert!(seconds(stage) > 0.0, "{stage} did work");
    }
    let (sum, total) = (
        stages.map(seconds).iter().sum::<f64>(),
        seconds("total_seconds"),
    );
    assert!(
        sum <= total && sum >= 0.8 * total,
        "stages {sum} s, whole run {total} s"
    );
    assert!(seconds("fit_seconds") + seconds("predict_seconds") <= seconds("sweep_seconds"));
    let categorical = r["dataset"]["columns_used"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "categorical")
        .count();
    assert_eq!(categorical, 13, "german credit has 13 text features");
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(report.contains("# worthit run: german-credit"));
    assert!(report.contains("| roc_auc (higher is better) |"));
    assert!(out.join("split.parquet").exists());
}

#[test]
fn force_replaces_and_without_force_refuses() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "d.csv", &small_binary_csv(120));
    let run = run_args("d.csv").trials(0).target("label").out("r");
    run.clone().seed(1).ok_in(tmp.path());
    let first = results(&tmp.path().join("r"));
    let refused = run.clone().seed(2).output_in(tmp.path());
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(results(&tmp.path().join("r"))["seed"], first["seed"]);
    run.clone().seed(2).force().ok_in(tmp.path());
    assert_eq!(results(&tmp.path().join("r"))["seed"], 2);
}

#[test]
fn default_run_folder_is_under_reports() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "d.csv", &small_binary_csv(120));
    run_args("d.csv")
        .trials(0)
        .target("label")
        .quiet()
        .ok_in(tmp.path());
    let runs: Vec<String> = std::fs::read_dir(tmp.path().join("reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(runs.len(), 1);
    assert!(
        runs[0].starts_with("d-") && runs[0].ends_with('Z'),
        "{runs:?}"
    );
}

#[test]
fn same_seed_same_results_for_any_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    let baseline = run_args(dataset("telco-churn")).trials(0).quiet();
    baseline.clone().out("one").threads(1).ok_in(tmp.path());
    baseline.clone().out("two").threads(2).ok_in(tmp.path());
    let (one, two) = (
        results(&tmp.path().join("one")),
        results(&tmp.path().join("two")),
    );
    for key in ["validation", "test", "params", "nodes", "mean_depth"] {
        assert_eq!(one["models"][0][key], two["models"][0][key], "{key}");
    }
    baseline.clone().out("other").seed(7).ok_in(tmp.path());
    let other = results(&tmp.path().join("other"));
    assert_ne!(
        one["models"][0]["test"], other["models"][0]["test"],
        "another seed differs"
    );
}

#[test]
fn telco_drops_identifier_and_reads_blank_charges_as_missing() {
    let tmp = tempfile::tempdir().unwrap();
    run_args(dataset("telco-churn"))
        .trials(0)
        .out("t")
        .quiet()
        .ok_in(tmp.path());
    let r = results(&tmp.path().join("t"));
    let used = r["dataset"]["columns_used"].as_array().unwrap();
    let total = used.iter().find(|c| c["name"] == "TotalCharges").unwrap();
    assert_eq!(total["kind"], "numeric");
    assert_eq!(total["missing"], 11);
    assert!(used.iter().all(|c| c["name"] != "customerID"));
    let auc = r["models"][0]["test"]["roc_auc"].as_f64().unwrap();
    assert!(auc > 0.78, "telco churn forests reach about 0.82: {auc}");
}

#[test]
fn id_like_and_constant_columns_are_dropped_with_a_notice() {
    let tmp = tempfile::tempdir().unwrap();
    let mut text = String::from("id,code,same,x,y\n");
    for i in 0..200 {
        text.push_str(&format!(
            "{i},C{i},7,{},{}\n",
            i % 17,
            if i % 17 > 8 { "a" } else { "b" }
        ));
    }
    write(tmp.path(), "d.csv", &text);
    let output = run_args("d.csv")
        .trials(0)
        .target("y")
        .out("r")
        .output_in(tmp.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let notes = stderr(&output);
    assert!(notes.contains("dropped column `id`: ID-like"), "{notes}");
    assert!(notes.contains("dropped column `code`: ID-like"), "{notes}");
    assert!(notes.contains("dropped column `same`: constant"), "{notes}");
    let r = results(&tmp.path().join("r"));
    assert_eq!(r["dataset"]["columns_used"].as_array().unwrap().len(), 1);
    assert_eq!(
        r["models"][0]["test"]["accuracy"], 1.0,
        "x decides y exactly"
    );
}

/// The columns the config's `drop` lists are said in one line, as the user listed them; a
/// column dropped for a reason of its own keeps its line (until 2026-12-06 each listed column
/// had a line, 8 before the first answer on the config `worthit init` writes for KDD). Each
/// stays in `results.json` with its reason.
#[test]
fn the_columns_drop_lists_are_noticed_in_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    let mut text = String::from("id,a,b,c,x,y\n");
    for i in 0..200 {
        text.push_str(&format!(
            "{i},{},{},{},{},{}\n",
            i % 3,
            i % 5,
            i % 7,
            i % 17,
            if i % 17 > 8 { "p" } else { "q" }
        ));
    }
    write(tmp.path(), "d.csv", &text);
    write(
        tmp.path(),
        "w.toml",
        "[data]\ntarget = \"y\"\ndrop = [\"a\", \"b\", \"c\"]\n",
    );
    let output = run_args("d.csv")
        .config("w.toml")
        .trials(0)
        .out("r")
        .output_in(tmp.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let notes = stderr(&output);
    let listed: Vec<&str> = notes
        .lines()
        .filter(|line| line.contains("listed in drop"))
        .collect();
    assert_eq!(
        listed,
        ["worthit: dropped 3 columns listed in drop: `a`, `b`, `c`"],
        "{notes}"
    );
    assert!(notes.contains("dropped column `id`: ID-like"), "{notes}");
    let r = results(&tmp.path().join("r"));
    let dropped = r["dataset"]["columns_dropped"].as_array().unwrap();
    let reasons: Vec<&str> = dropped
        .iter()
        .filter(|c| c["reason"] == "listed in drop")
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(reasons, ["a", "b", "c"], "{dropped:?}");
}

#[test]
fn gzip_and_parquet_read_like_csv() {
    use polars_io::prelude::*;
    let tmp = tempfile::tempdir().unwrap();
    let text = small_binary_csv(300);
    write(tmp.path(), "d.csv", &text);
    let mut encoder = flate2_writer(tmp.path().join("d.csv.gz"));
    std::io::Write::write_all(&mut encoder, text.as_bytes()).unwrap();
    encoder.finish().unwrap();
    let mut frame = CsvReadOptions::default()
        .try_into_reader_with_file_path(Some(tmp.path().join("d.csv")))
        .unwrap()
        .finish()
        .unwrap();
    let file = std::fs::File::create(tmp.path().join("d.parquet")).unwrap();
    ParquetWriter::new(file).finish(&mut frame).unwrap();
    let mut tests = Vec::new();
    for input in ["d.csv", "d.csv.gz", "d.parquet"] {
        let out = format!("out-{input}");
        run_args(input)
            .trials(0)
            .target("label")
            .out(&out)
            .quiet()
            .ok_in(tmp.path());
        tests.push(results(&tmp.path().join(&out))["models"][0]["test"].clone());
    }
    assert_eq!(tests[0], tests[1]);
    assert_eq!(tests[0], tests[2]);
}

fn flate2_writer(path: std::path::PathBuf) -> flate2::write::GzEncoder<std::fs::File> {
    flate2::write::GzEncoder::new(
        std::fs::File::create(path).unwrap(),
        flate2::Compression::default(),
    )
}

#[test]
fn multiclass_and_regression_tasks() {
    let tmp = tempfile::tempdir().unwrap();
    // The data alone: beside the shipped worthit.toml, `run` would read its binary [value].
    let german = tmp.path().join("german_credit.csv");
    std::fs::copy(dataset("german-credit").join("german_credit.csv"), &german).unwrap();
    let baseline = run_args(&german).trials(0).quiet();
    baseline
        .clone()
        .target("purpose")
        .out("multi")
        .ok_in(tmp.path());
    let r = results(&tmp.path().join("multi"));
    assert_eq!(r["target"]["task"], "multiclass");
    assert_eq!(r["target"]["classes"].as_array().unwrap().len(), 10);
    assert!(r["models"][0]["test"]["roc_auc"].is_number());
    assert!(r["target"]["positive_class"].is_null());

    baseline
        .clone()
        .target("credit_amount")
        .out("reg")
        .ok_in(tmp.path());
    let r = results(&tmp.path().join("reg"));
    assert_eq!(r["target"]["task"], "regression");
    assert_eq!(r["models"][0]["params"]["max_features"], "all");
    let test = &r["models"][0]["test"];
    assert!(test["rmse"].as_f64().unwrap() > 0.0);
    // Duration and installment rate explain much of the amount: a forest must beat the mean.
    assert!(test["r2"].as_f64().unwrap() > 0.3, "{test}");
    assert!(test["roc_auc"].is_null());
}

/// The subcommands `worthit --help` lists (clap's own `help` aside).
fn subcommands() -> Vec<String> {
    let output = worthit(&["--help"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = String::from_utf8_lossy(&output.stdout).to_string();
    let listed: Vec<String> = text
        .lines()
        .skip_while(|line| line.trim() != "Commands:")
        .skip(1)
        .take_while(|line| !line.trim().is_empty())
        // A name is indented by two spaces; wrapped descriptions by more.
        .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect();
    assert!(
        listed.iter().any(|name| name == "run") && listed.len() >= 2,
        "no subcommands found in `worthit --help`:\n{text}"
    );
    listed
}

#[test]
fn every_subcommand_help_has_an_example() {
    let subcommands = subcommands();
    let mut without = Vec::new();
    for name in &subcommands {
        let output = worthit(&[name, "--help"]);
        assert_eq!(output.status.code(), Some(0), "{name}: {}", stderr(&output));
        let text = String::from_utf8_lossy(&output.stdout);
        // An example is a command line under "Examples:", as `run`'s are (src/cli.rs).
        let example = format!("worthit {name} ");
        let has_example = text
            .lines()
            .skip_while(|line| line.trim() != "Examples:")
            .skip(1)
            .take_while(|line| !line.trim().is_empty())
            .any(|line| line.trim_start().starts_with(&example));
        if !has_example {
            without.push(name.as_str());
        }
    }
    assert!(
        without.is_empty(),
        "`worthit SUB --help` shows no example (an \"Examples:\" block with a `worthit SUB ...` \
         line, as `run` has in src/cli.rs) for: {without:?} (of {subcommands:?})"
    );
    // The example the README's quick start uses.
    let output = worthit(&["run", "--help"]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("worthit run datasets/bank-marketing"),
        "{text}"
    );
}

/// The paragraphs after a `--help`'s examples read as paragraphs: clap wraps a line over 100
/// columns where it passes them, and the line break written after it then leaves a stub
/// (`compare --help` read "... by the validation metric. Exit codes: 0" / "pass, 1 fail (the
/// 90%" / "interval of ..." until 2026-12-06). A line followed by one whose first word would
/// have fitted well within it is such a stub.
#[test]
fn help_paragraphs_after_the_examples_are_wrapped_evenly() {
    for name in subcommands() {
        let output = worthit(&[&name, "--help"]);
        let text = String::from_utf8_lossy(&output.stdout).to_string();
        let after: Vec<&str> = text
            .lines()
            .skip_while(|line| line.trim() != "Examples:")
            .skip(1)
            .skip_while(|line| !line.trim().is_empty())
            .collect();
        for pair in after.windows(2) {
            let (line, next) = (pair[0], pair[1]);
            let Some(word) = next.split_whitespace().next() else {
                continue;
            };
            if line.trim().is_empty() || next.starts_with(' ') {
                continue;
            }
            assert!(
                line.len() + 1 + word.len() > 80,
                "`worthit {name} --help` breaks a line short: {line:?} then {next:?}"
            );
        }
    }
}

/// Every example in a `--help` is a command line a user can copy: each line of an "Examples:"
/// block starts `worthit ` or continues one that ends in `\\`, and none is long enough for the
/// help to wrap it. The examples of the commands that only read (`value`, `analyze`) run as
/// written wherever every file they name is shipped: an example that no longer works is worse
/// than none.
#[test]
fn help_examples_are_whole_lines_and_those_on_shipped_files_run() {
    let mut ran = 0;
    for name in subcommands() {
        let output = worthit(&[&name, "--help"]);
        let text = String::from_utf8_lossy(&output.stdout).to_string();
        let mut examples: Vec<String> = Vec::new();
        let mut continued = false;
        for line in text
            .lines()
            .skip_while(|line| line.trim() != "Examples:")
            .skip(1)
            .take_while(|line| !line.trim().is_empty())
        {
            // clap wraps help text at 100 columns.
            assert!(line.len() <= 100, "`worthit {name} --help` wraps: {line}");
            let words = line.trim().trim_end_matches('\\').trim_end();
            match examples.last_mut() {
                Some(last) if continued => last.push_str(&format!(" {words}")),
                _ => {
                    assert!(
                        words.starts_with("worthit "),
                        "`worthit {name} --help`: an example line that is no command: {line}"
                    );
                    examples.push(words.to_string());
                }
            }
            continued = line.trim_end().ends_with('\\');
        }
        if !["value", "analyze"].contains(&name.as_str()) {
            continue;
        }
        for example in examples {
            let args: Vec<&str> = example.split_whitespace().skip(1).collect();
            let files_shipped = args
                .iter()
                .filter(|arg| arg.contains('/') || arg.ends_with(".csv") || arg.ends_with(".toml"))
                .all(|file| root().join(file).is_file());
            if !files_shipped {
                continue;
            }
            let output = worthit_in(&root(), &args);
            assert_eq!(
                output.status.code(),
                Some(0),
                "`{example}` failed: {}",
                stderr(&output)
            );
            ran += 1;
        }
    }
    // value's example on the adult config, analyze's on the shipped Optuna log.
    assert!(ran >= 2, "{ran}");
}

#[test]
fn an_unpriced_run_ends_by_saying_what_pricing_adds_and_how_to_start() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "plain.csv", &noisy_binary_csv(200, 3, false));
    let stdout = run_args("plain.csv")
        .target("label")
        .trials(1)
        .out("r")
        .ok_in(dir.path());
    let last_lines: Vec<&str> = stdout.lines().rev().take(2).collect();
    assert!(
        last_lines[1].starts_with("Not priced:")
            && last_lines[1].ends_with("worthit init plain.csv"),
        "{stdout}"
    );
    let markdown = std::fs::read_to_string(dir.path().join("r/report.md")).unwrap();
    assert!(markdown.contains("`worthit init plain.csv`"), "{markdown}");
    let html = std::fs::read_to_string(dir.path().join("r/report.html")).unwrap();
    assert!(html.contains("worthit init plain.csv"), "{html}");
}

#[test]
fn a_reopened_run_keeps_the_positive_class_its_results_record() {
    // yes/no labels with `no` the rarer: the rule gives `yes` (since 2026-12-04; the rarer `no`
    // before). A run recorded under the old rule must reopen with its own positive class, or
    // repricing it would price its stored predictions for the other class.
    let dir = tempfile::tempdir().unwrap();
    let mut next = uniform_stream(5);
    let mut text = String::from("x,y\n");
    for _ in 0..200 {
        let x = next();
        text.push_str(&format!(
            "{x:.4},{}\n",
            if x + 0.3 * next() > 0.45 { "yes" } else { "no" }
        ));
    }
    write(dir.path(), "d.csv", &text);
    run_args("d.csv")
        .target("y")
        .trials(0)
        .out("r")
        .quiet()
        .ok_in(dir.path());
    let folder = dir.path().join("r");
    let (mut results, manifest) = worthit::app::reopen::open_finished(&folder).unwrap();
    assert_eq!(results.target.positive_class.as_deref(), Some("yes"));
    let positive_of = |results: &worthit::results::RunResults| {
        let (table, _) = manifest
            .reopen_data(&manifest.data_file, results)
            .unwrap()
            .unwrap();
        match table.target {
            worthit::data::TargetValues::Classes {
                classes, positive, ..
            } => classes[positive.unwrap() as usize].clone(),
            worthit::data::TargetValues::Values(_) => panic!("a binary target"),
        }
    };
    assert_eq!(positive_of(&results), "yes");
    results.target.positive_class = Some("no".into());
    assert_eq!(positive_of(&results), "no");
}

/// 3 positives in 300 rows put one in the validation rows and one in the test rows: the run
/// goes on, but says that its intervals rest on that one row (until 2026-12-06 the verdict gave
/// "+0.39 ROC-AUC, 90% interval +0.34 to +0.43" without a word). A file with enough of each
/// class is told nothing of the kind.
#[test]
fn a_class_with_a_row_or_two_in_the_validation_or_test_rows_is_noticed() {
    let tmp = tempfile::tempdir().unwrap();
    let mut next = uniform_stream(3);
    let mut text = String::from("a,y\n");
    for i in 0..300 {
        text.push_str(&format!("{},{}\n", next(), if i < 3 { "p" } else { "n" }));
    }
    write(tmp.path(), "rare.csv", &text);
    let output = worthit_in(
        tmp.path(),
        &[
            "run", "rare.csv", "--target", "y", "--trials", "1", "--out", "rare",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let said =
        "the validation rows hold 1 row of class `p`, and the test rows hold 1 row of class `p`";
    assert!(stderr(&output).contains(said), "{}", stderr(&output));
    let r = results(&tmp.path().join("rare"));
    assert!(
        notices(&r).iter().any(|n| n.starts_with(said)),
        "{:?}",
        notices(&r)
    );
    let markdown = std::fs::read_to_string(tmp.path().join("rare/report.md")).unwrap();
    assert!(
        markdown.contains("understates how uncertain it is"),
        "{markdown}"
    );
    write(tmp.path(), "even.csv", &small_binary_csv(300));
    run_args("even.csv")
        .target("label")
        .trials(1)
        .out("even")
        .quiet()
        .ok_in(tmp.path());
    let even = results(&tmp.path().join("even"));
    assert!(
        !notices(&even).iter().any(|n| n.contains("rows hold")),
        "{:?}",
        notices(&even)
    );
}

/// A multiclass target with several rare classes: every class with fewer than 5 rows in the
/// validation or test part is named, and one with no row there is said to go unseen by the
/// metrics, not to rest on few rows (until 2026-12-06 the notice named the rarest class alone:
/// "the test rows hold no row of class `buffer_overflow`: every interval on them rests on so few
/// rows of that class", on 30,000 KDD rows where 4 classes had fewer than 5 test rows).
#[test]
fn every_rare_class_is_named_and_one_with_no_row_is_not_said_to_rest_on_few() {
    let tmp = tempfile::tempdir().unwrap();
    let mut next = uniform_stream(5);
    let mut text = String::from("a,y\n");
    for i in 0..400 {
        let class = match i {
            0 => "solo",
            1..=4 => "four",
            _ if i % 2 == 0 => "n",
            _ => "m",
        };
        text.push_str(&format!("{},{class}\n", next()));
    }
    write(tmp.path(), "rare.csv", &text);
    let output = worthit_in(
        tmp.path(),
        &[
            "run", "rare.csv", "--target", "y", "--trials", "1", "--out", "rare",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let err = stderr(&output);
    let notice = err
        .lines()
        .find(|line| line.contains("rows hold"))
        .unwrap_or_else(|| panic!("no notice of rare classes: {err}"));
    for part in ["the validation rows hold", "the test rows hold"] {
        assert!(notice.contains(part), "{notice}");
    }
    assert!(notice.contains("no row of class `solo`"), "{notice}");
    assert!(notice.contains("of class `four`"), "{notice}");
    assert!(
        notice.contains(
            "the metrics on those rows cannot see how a model does on a class they hold no row of"
        ),
        "{notice}"
    );
    assert!(
        !notice.contains("rests on so few rows of that class"),
        "{notice}"
    );
    // A multiclass macro average bounds such a class's part of its interval, and says so.
    assert!(
        notice.contains("a macro average's interval (roc_auc, pr_auc, balanced_accuracy, f1) takes each of the others' part of the average as anywhere from 0 to 1"),
        "{notice}"
    );
}
