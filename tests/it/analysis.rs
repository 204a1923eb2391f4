//! Diminishing returns in runs (`analysis` in results.json, `--stop auto`); `worthit analyze`
//! has its own file.

use crate::common::*;

fn config(trial_cost: f64, decisions_per_year: f64) -> String {
    format!("[data]\ntarget = \"label\"\npositive_class = \"yes\"\n\n[value]\ncurrency = \"EUR\"\ntp = 4\nfp = -1\nfn = -3\ndecisions_per_year = {decisions_per_year}\ntrial_cost = {trial_cost}\n")
}

fn sweep(dir: &std::path::Path, out: &str, trials: usize, stop: &str) -> serde_json::Value {
    run_args("data.csv")
        .config("worthit.toml")
        .trials(trials)
        .stop(stop)
        .out(out)
        .quiet()
        .ok_in(dir);
    results(&dir.join(out))
}

#[test]
fn runs_record_the_analysis() {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "data.csv", &noisy_binary_csv(800, 99, false));
    write(temp.path(), "worthit.toml", &config(1.0, 1000.0));
    let results = sweep(temp.path(), "run", 6, "never");
    let analysis = &results["analysis"];
    assert_eq!(analysis["trials"], 6);
    let points = analysis["curve"]["points"].as_array().unwrap();
    assert_eq!(points.len(), 6);
    for point in points {
        let (low, mean, high) = (
            point["low"].as_f64().unwrap(),
            point["mean"].as_f64().unwrap(),
            point["high"].as_f64().unwrap(),
        );
        assert!(low <= mean + 1e-9 && mean <= high + 1e-9, "{point}");
    }
    // One trial drawn at random: the expected test value is the mean over the trials.
    let models = results["value"]["models"].as_array().unwrap();
    let mean: f64 = models[1..]
        .iter()
        .map(|m| m["net_value"].as_f64().unwrap())
        .sum::<f64>()
        / 6.0;
    assert!((points[0]["mean"].as_f64().unwrap() - mean).abs() < 1e-6 * mean.abs().max(1.0));
    assert_eq!(analysis["winners_curse"].as_array().unwrap().len(), 6);
    assert_eq!(analysis["models"].as_array().unwrap().len(), 7);
    // The verdict is the one the best candidate's difference interval calls for (no minimum
    // gain configured): above 0 ships it, below 0 keeps the baseline, across 0 is inconclusive.
    let difference = &results["value"]["best"]["difference"];
    let (low, high) = (
        difference["low"].as_f64().unwrap(),
        difference["high"].as_f64().unwrap(),
    );
    let expected = if low > 0.0 {
        "ship_candidate"
    } else if high < 0.0 {
        "ship_baseline"
    } else {
        "inconclusive"
    };
    assert_eq!(analysis["verdict"]["kind"], expected, "{difference}");
    let best = results["value"]["best"]["name"].as_str().unwrap();
    assert!(
        analysis["verdict"]["sentence"]
            .as_str()
            .unwrap()
            .contains(best),
        "{}",
        analysis["verdict"]
    );
    assert!(analysis["sentences"].as_array().unwrap().len() >= 3);
}

#[test]
fn auto_stop_ends_a_sweep_where_the_tuning_answer_says_stop() {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "data.csv", &noisy_binary_csv(800, 99, false));
    write(temp.path(), "worthit.toml", &config(5.0, 1000.0));
    let stopped = sweep(temp.path(), "auto", 30, "auto");
    let summary = &stopped["sweep"];
    let done = summary["trials_done"].as_u64().unwrap();
    // From 5 trials on: the early answers (an early "does not pay", or a stop when the
    // validation halves cannot tell the trials apart) may end it before 10.
    assert!((5..30).contains(&done), "{summary}");
    // What the report says after those trials is what stopped the sweep, word for word, and the
    // replay of the finished sweep puts auto stop at the same trial.
    let tuning = &stopped["analysis"]["tuning"];
    assert_eq!(tuning["kind"], "stop", "{tuning}");
    let answer = tuning["sentence"].as_str().unwrap();
    assert_eq!(
        summary["stopped_because"],
        format!(
            "the tuning answer after {done} trials (--stop auto): {}",
            answer.trim_start_matches("Tuning: ").trim_end_matches('.')
        )
    );
    assert_eq!(stopped["analysis"]["stop_replay"]["auto"], done);
    // The replay says auto stop stopped it there; a sweep of as many trials run to its count
    // under --stop never hears that auto stop would have (both read "would have" until
    // 2026-12-06).
    let replayed = |run: &serde_json::Value| {
        run["analysis"]["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| s.as_str())
            .find(|s| s.starts_with("Auto stop "))
            .map(str::to_string)
    };
    let said = replayed(&stopped).unwrap_or_default();
    assert!(
        said.starts_with(&format!("Auto stop stopped this sweep at {done} trials; ")),
        "{said}"
    );
    let ran_on = sweep(temp.path(), "never-as-many", done as usize, "never");
    let said = replayed(&ran_on).unwrap_or_default();
    assert!(
        said.starts_with(&format!("Auto stop would have stopped at {done} trials")),
        "{said}"
    );
    // It decided on validation rows alone: every model carries its two validation halves, which
    // the answer cross-fits (analysis::run_summary::decision_trials). Each half is decided at the
    // threshold fitted on the other, so they need not average to the validation value, which is
    // taken at the threshold fitted on both; and the run says how alike they rank the trials.
    for model in stopped["value"]["models"].as_array().unwrap() {
        let halves = model["validation_halves"].as_array().unwrap();
        assert!(
            halves.len() == 2
                && halves
                    .iter()
                    .all(|h| h.as_f64().is_some_and(f64::is_finite)),
            "{model}"
        );
    }
    let agreement = &stopped["analysis"]["halves_agreement"];
    assert_eq!(agreement["trials"], done, "{agreement}");
    // The trials chart draws the curve the answer read: at the full count, each half's best
    // trial valued by the other half, over the baseline's mean of its two halves.
    let halves_of = |model: &serde_json::Value| -> [f64; 2] {
        let h = model["validation_halves"].as_array().unwrap();
        [h[0].as_f64().unwrap(), h[1].as_f64().unwrap()]
    };
    let models = stopped["value"]["models"].as_array().unwrap();
    let base = halves_of(&models[0]);
    let trials: Vec<[f64; 2]> = models[1..].iter().map(halves_of).collect();
    let picked_by = |half: usize| {
        let best = trials
            .iter()
            .max_by(|a, b| a[half].total_cmp(&b[half]))
            .unwrap();
        best[1 - half]
    };
    let expected = 0.5 * (picked_by(0) + picked_by(1)) - 0.5 * (base[0] + base[1]);
    let observed = stopped["analysis"]["validation_curve"]["observed"]
        .as_array()
        .unwrap();
    assert_eq!(observed.len(), done as usize);
    let last = observed[done as usize - 1].as_f64().unwrap();
    assert!(
        (last - expected).abs() <= 1e-6 * expected.abs().max(1.0),
        "{last} against {expected}"
    );
    // On these noisy rows the halves cannot rank the trials, which is what stopped the sweep, and
    // the trials chart says so rather than that more trials did not pay (its test curve may
    // still rise).
    assert!(agreement["low"].as_f64().unwrap() <= 0.0, "{agreement}");
    assert!(
        answer.contains("do not clearly tell these trials apart"),
        "{answer}"
    );
    let markdown = std::fs::read_to_string(temp.path().join("auto/report.md")).unwrap();
    assert!(
        markdown.contains(
            "[The validation rows do not clearly tell these trials apart](plots/trials.png)"
        ),
        "{markdown}"
    );
    let sentences = stopped["analysis"]["sentences"].as_array().unwrap();
    // The answer gives the halves' numbers; their sentence below says only what would help.
    assert!(
        sentences.iter().any(|s| {
            s.as_str().unwrap()
            == "More validation rows, not more trials, would let a sweep choose among these trials."
        }),
        "{sentences:?}"
    );
    assert!(
        answer.contains(&format!(
            "after {done} trials (their two halves rank them with a correlation of "
        )),
        "{answer}"
    );
    assert_eq!(stopped["analysis"]["tuning"]["indistinct"], true);
    assert_eq!(stopped["recommendation"]["tuning"]["indistinct"], true);
    // One trial earlier the answer did not yet stop it: the sweep did not stop late.
    let shorter = sweep(temp.path(), "shorter", done as usize - 1, "never");
    let earlier = &shorter["analysis"]["tuning"]["kind"];
    assert!(
        earlier == "run_more" || earlier == "too_few_trials",
        "{earlier}"
    );
}

#[test]
fn auto_stop_ends_a_sweep_whose_trials_cost_more_than_they_earn() {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "data.csv", &noisy_binary_csv(600, 99, false));
    // A trial costs far more than any model could add on 1,000 decisions a year.
    write(temp.path(), "worthit.toml", &config(1_000_000.0, 1000.0));
    let stopped = sweep(temp.path(), "auto", 16, "auto");
    let summary = &stopped["sweep"];
    // Clearly below the baseline: the early "does not pay" stops the sweep after 5 trials,
    // before the cost rule's 10, and the tuning answer after those 5 says the same.
    assert_eq!(summary["trials_done"], 5, "{summary}");
    let because = summary["stopped_because"].as_str().unwrap();
    let early = &stopped["analysis"]["tuning"];
    assert_eq!(early["kind"], "does_not_pay", "{early}");
    // The sweep stops on the tuning answer itself, in its words.
    let answer = early["sentence"].as_str().unwrap();
    assert_eq!(
        because,
        format!(
            "the tuning answer after 5 trials (--stop auto): {}",
            answer
                .trim_start_matches("Tuning: ")
                .trim_end_matches('.')
                .replacen("; keep the baseline (", " (", 1)
        ),
        "{summary}"
    );
    assert!(
        early["sentence"]
            .as_str()
            .unwrap()
            .contains("after 5 trials even an optimistic sweep"),
        "{early}"
    );
    // Before its 10 trials the cost rule has fitted nothing, and says nothing (it read "expected
    // to add 0 EUR ... in 0% of 0 bootstrap refits").
    let by_cost_rule = |run: &serde_json::Value| {
        run["analysis"]["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s.as_str().unwrap().starts_with("By the cost rule"))
            .count()
    };
    assert_eq!(by_cost_rule(&stopped), 0, "{}", stopped["analysis"]);
    let full = sweep(temp.path(), "never", 16, "never");
    assert_eq!(full["sweep"]["trials_done"], 16);
    assert_eq!(by_cost_rule(&full), 1, "{}", full["analysis"]);
    // Trials cost far more than they earn: the one answer about tuning is to keep the baseline,
    // the second sentence after the verdict, in the verdict block of both reports.
    let tuning = &full["analysis"]["tuning"];
    assert_eq!(tuning["kind"], "does_not_pay", "{tuning}");
    let said = tuning["sentence"].as_str().unwrap();
    assert_eq!(full["analysis"]["sentences"][1], said);
    let markdown = std::fs::read_to_string(temp.path().join("never/report.md")).unwrap();
    assert!(markdown.contains(&format!("> **{said}**")), "{markdown}");
    assert!(
        !markdown.contains(&format!("- {said}")),
        "told once: {markdown}"
    );
    let html = std::fs::read_to_string(temp.path().join("never/report.html")).unwrap();
    let verdict_box = &html[html.find("<div class=\"verdict").unwrap()..];
    let verdict_box = &verdict_box[..verdict_box.find("</div>").unwrap()];
    assert!(
        verdict_box.contains("Tuning: it does not pay here"),
        "{verdict_box}"
    );
    assert_eq!(full["analysis"]["backtest"]["fitted_on"], 8);
    // Everything else about tuning is evidence: the tuning answer is the one instruction, and
    // report.md ranks by validation net value, as the verdict does.
    let terminal = run_args("data.csv")
        .config("worthit.toml")
        .trials(16)
        .stop("never")
        .out("told")
        .ok_in(temp.path());
    let imperatives: Vec<&str> = terminal
        .lines()
        .filter(|l| {
            let l = l.to_lowercase();
            [
                "keep going",
                "keep tuning",
                "stop tuning",
                "keep the baseline",
                "run about",
                "more before deciding",
                "extrapolate",
                "should",
                "consider",
            ]
            .iter()
            .any(|w| l.contains(w))
        })
        .filter(|l| !l.starts_with("Keep the baseline:") && !l.starts_with("Inconclusive:"))
        .collect();
    assert_eq!(imperatives, [said], "{terminal}");
    assert!(
        !markdown.contains("on validation roc_auc"),
        "a priced run selects by net value: {markdown}"
    );
    assert!(markdown.contains("validation net value"), "{markdown}");
    let chart = std::fs::read_to_string(temp.path().join("never/plots/trials.svg")).unwrap();
    assert!(chart.contains("forecast made at 8 trials"), "{chart}");
    // A sweep that did not pay says so in its headline, with no break-even marker that would
    // read as the point it began to.
    assert!(
        chart.contains("The sweep did not pay for its cost"),
        "{chart}"
    );
    assert!(!chart.contains("break-even"), "{chart}");
    // The two answers at the top of results.json: the tuning one as the analysis has it, the
    // model one the verdict on the candidate validation net value picks, with its interval.
    let rec = &full["recommendation"];
    assert_eq!(rec["tuning"]["kind"], "does_not_pay", "{rec}");
    assert_eq!(rec["tuning"]["sentence"], said);
    assert_eq!(rec["tuning"]["trials"], 16);
    assert!(rec["tuning"]["more_trials"].is_null(), "{rec}");
    let model = &rec["model"];
    let verdict = &full["analysis"]["verdict"];
    assert_eq!(model["kind"], verdict["kind"]);
    assert_eq!(model["candidate"], full["value"]["best"]["name"]);
    for (field, end) in [("gain", "mean"), ("low", "low"), ("high", "high")] {
        assert_eq!(model[field], verdict["difference"][end], "{field}");
    }
    assert_eq!(model["level"], 0.9);
    assert_eq!(model["unit"], full["value"]["currency"]);
    assert_eq!(model["sentence"], full["analysis"]["sentences"][0]);
    // Nothing stops a sweep before 5 trials, however costly they are.
    let short = sweep(temp.path(), "short", 4, "auto");
    assert_eq!(short["sweep"]["trials_done"], 4);
}

/// With `trial_cost` a range, the sentence beside the tuning answer says what the answer is at
/// each end, and the runs priced at each end, the same trials, give just that.
#[test]
fn the_tuning_answer_is_told_at_both_ends_of_a_trial_cost_range() {
    let temp = tempfile::tempdir().unwrap();
    let shipped = std::fs::read_to_string(dataset("german-credit").join("worthit.toml")).unwrap();
    let data = dataset("german-credit").join("german_credit.csv");
    let kind_at = |name: &str, trial_cost: &str| -> serde_json::Value {
        let config = shipped
            .replace("trial_cost = [1, 3]", &format!("trial_cost = {trial_cost}"))
            .replace("file = \"german_credit.csv\"", "");
        assert!(config.contains(trial_cost), "{config}");
        std::fs::write(temp.path().join(format!("{name}.toml")), config).unwrap();
        run_args(&data)
            .config(format!("{name}.toml"))
            .trials(12)
            .stop("never")
            .out(name)
            .quiet()
            .ok_in(temp.path());
        results(&temp.path().join(name))["analysis"].clone()
    };
    let tuning_kind = |analysis: &serde_json::Value| analysis["tuning"]["kind"].clone();
    // A wide range: the answer differs at its ends, and the sentence names both.
    let range = kind_at("range", "[0, 100]");
    let (low, high) = (kind_at("low", "0"), kind_at("high", "100"));
    let words = |kind: &serde_json::Value| match kind.as_str().unwrap() {
        "stop" => "stop",
        "does_not_pay" => "tuning does not pay",
        "run_more" => "run about",
        other => panic!("{other}"),
    };
    assert_ne!(tuning_kind(&low), tuning_kind(&high));
    let sentences = range["sentences"].as_array().unwrap();
    let told = sentences
        .iter()
        .filter_map(|s| s.as_str())
        .find(|s| s.starts_with("The tuning answer depends on trial_cost"))
        .unwrap_or_else(|| panic!("{sentences:?}"));
    assert!(
        told.contains(&format!(
            "at its low end, 0 cost units a trial, it would be \"{}",
            words(&tuning_kind(&low))
        )) && told.contains(&format!(
            "at its high end, 100 cost units, \"{}",
            words(&tuning_kind(&high))
        )),
        "{told}"
    );
    // The shipped range, 1 to 3: the same answer at both ends, and said so.
    let shipped_range = kind_at("shipped", "[1, 3]");
    let (one, three) = (kind_at("one", "1"), kind_at("three", "3"));
    assert_eq!(tuning_kind(&one), tuning_kind(&shipped_range));
    assert_eq!(tuning_kind(&three), tuning_kind(&shipped_range));
    assert!(
        shipped_range["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "The tuning answer is the same at both ends of trial_cost (1 and 3 cost units a trial)."),
        "{shipped_range}"
    );
}
