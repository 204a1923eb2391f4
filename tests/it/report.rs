//! `report.html`, `report.md`, `plots/` and `worthit report`: from a real priced run.

use std::path::Path;

use crate::common::*;

const EVIL: &str = "<script>alert(1)</script>";

/// A noisy binary table with a per-row amount; `feature` names the first column and `yes` the
/// positive label, so a test can smuggle markup into both.
fn noisy_csv(rows: usize, feature: &str, yes: &str) -> String {
    let mut text = format!("{feature},x2,amount,label\n");
    let mut next = uniform_stream(987);
    for _ in 0..rows {
        let x1 = next() * 10.0;
        let x2 = next() * 10.0;
        let amount = 10.0 + (next() * 90.0).round();
        let label = if x1 + 4.0 * next() > 7.0 { yes } else { "no" };
        text.push_str(&format!("{x1:.3},{x2:.3},{amount},{label}\n"));
    }
    text
}

fn config(positive: &str) -> String {
    format!(
        "[data]\ntarget = \"label\"\npositive_class = \"{positive}\"\n\n[value]\ncurrency = \"EUR\"\n\
         tp = 5\nfp = [-2, -1]\nfn = \"-0.5 * amount\"\ndecisions_per_year = [1000, 3000]\n\
         horizon_years = 2\ncore_hour = 0.05\ntrial_cost = 3\n"
    )
}

/// Runs a small priced run in `dir` into `dir/run` and returns the run folder.
fn priced_run(dir: &Path, feature: &str, yes: &str) -> std::path::PathBuf {
    write(dir, "data.csv", &noisy_csv(1200, feature, yes));
    write(dir, "worthit.toml", &config(yes));
    run_args("data.csv")
        .config("worthit.toml")
        .trials(4)
        .stop("never")
        .out("run")
        .quiet()
        .ok_in(dir);
    dir.join("run")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn pngs(run: &Path) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = std::fs::read_dir(run.join("plots"))
        .expect("plots/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    found.sort();
    found
}

#[test]
fn report_html_is_self_contained_and_leads_with_the_verdict() {
    let temp = tempfile::tempdir().unwrap();
    let run = priced_run(temp.path(), "x1", "yes");
    let html = read(&run.join("report.html"));
    assert!(!html.to_lowercase().contains("<script"), "no JavaScript");
    for external in [
        "src=\"http",
        "href=\"http",
        "src='http",
        "url(http",
        "@import",
    ] {
        assert!(!html.contains(external), "no external asset: {external}");
    }
    assert!(html.contains("<svg"), "charts are inline SVG");
    let results = results(&run);
    let verdict = results["analysis"]["sentences"][0].as_str().unwrap();
    let verdict_at = html.find(&html_escape(verdict)).expect("verdict sentence");
    let first_chart = html.find("<svg").unwrap();
    assert!(
        verdict_at < first_chart,
        "the verdict comes before the charts"
    );
    assert!(results["value"]["threshold_curves"].is_array());

    let images = pngs(&run);
    let stems: Vec<String> = images
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().to_string())
        .collect();
    for stem in [
        "trials",
        "frontier",
        "threshold",
        "payoff",
        "tornado",
        "gain_distribution",
        "winners_curse",
    ] {
        assert!(
            stems.iter().any(|s| s == stem),
            "plots/{stem}.png in {stems:?}"
        );
        assert!(run.join("plots").join(format!("{stem}.svg")).exists());
    }
    for image in &images {
        let decoded = image::open(image).unwrap_or_else(|e| panic!("{}: {e}", image.display()));
        assert!(
            decoded.width() >= 1000,
            "{} is slide-sized",
            image.display()
        );
    }
    let markdown = read(&run.join("report.md"));
    assert!(markdown.contains(verdict), "report.md has the verdict");
    assert!(
        markdown.contains("(plots/trials.png)"),
        "report.md links the charts"
    );
}

#[test]
fn report_command_rerenders_without_retraining() {
    let temp = tempfile::tempdir().unwrap();
    let run = priced_run(temp.path(), "x1", "yes");
    let markdown = read(&run.join("report.md"));
    let html = read(&run.join("report.html"));
    let results_json = read(&run.join("results.json"));
    std::fs::remove_file(run.join("report.html")).unwrap();
    std::fs::remove_dir_all(run.join("plots")).unwrap();
    let rendered = run_ok(temp.path(), &["report", "run"]);
    assert_eq!(
        rendered.trim(),
        "wrote run",
        "a re-rendering changes no answer"
    );
    assert_eq!(read(&run.join("report.md")), markdown);
    assert_eq!(read(&run.join("report.html")), html);
    assert_eq!(read(&run.join("results.json")), results_json);
    assert_eq!(pngs(&run).len(), 8);

    // Repricing from the stored predictions gives the same numbers, and prints the two answers
    // it may have changed, as a run does, before saying what it wrote.
    let repriced = run_ok(temp.path(), &["report", "run", "--reprice"]);
    let before: serde_json::Value = serde_json::from_str(&results_json).unwrap();
    let lines: Vec<&str> = repriced.lines().collect();
    for (line, answer) in lines.iter().zip(["model", "tuning"]) {
        assert_eq!(
            Some(*line),
            before["recommendation"][answer]["sentence"].as_str(),
            "{repriced}"
        );
    }
    assert_eq!(lines.last(), Some(&"wrote run"), "{repriced}");
    assert_eq!(results(&run)["value"], before["value"]);
    assert_eq!(read(&run.join("report.md")), markdown);
}

#[test]
fn report_command_refuses_what_is_not_a_run() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::create_dir(temp.path().join("empty")).unwrap();
    for dir in ["empty", "missing"] {
        let output = worthit_in(temp.path(), &["report", dir]);
        assert_eq!(output.status.code(), Some(2), "{dir}: {}", stderr(&output));
        assert_eq!(
            stderr(&output).trim().lines().count(),
            1,
            "{}",
            stderr(&output)
        );
    }
    let run = priced_run(temp.path(), "x1", "yes");
    let html = read(&run.join("report.html"));
    write(
        &run,
        "results.json",
        "{\"schema_version\": 1, \"models\": [",
    );
    let output = worthit_in(temp.path(), &["report", "run"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_eq!(
        stderr(&output).trim().lines().count(),
        1,
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("results.json"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        read(&run.join("report.html")),
        html,
        "a failed re-render keeps the old report"
    );
}

#[test]
fn markup_in_the_data_shows_as_text() {
    let temp = tempfile::tempdir().unwrap();
    write(
        temp.path(),
        "ATTRIBUTION.md",
        &format!("Made up for a test. {EVIL}\n"),
    );
    let run = priced_run(temp.path(), EVIL, EVIL);
    let html = read(&run.join("report.html"));
    assert!(
        !html.to_lowercase().contains("<script"),
        "markup is escaped"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("Made up for a test."), "attribution is shown");
    for svg in std::fs::read_dir(run.join("plots")).unwrap() {
        let path = svg.unwrap().path();
        if path.extension().is_some_and(|e| e == "svg") {
            assert!(!read(&path).contains("<script"), "{}", path.display());
        }
    }
    // In Markdown, user text is either escaped prose or a code span, which shows it literally.
    let markdown = read(&run.join("report.md"));
    for (at, _) in markdown.match_indices("<script") {
        assert!(
            markdown[..at].ends_with('`') && markdown[at..].starts_with(&format!("{EVIL}`")),
            "markup outside a code span in report.md: {}",
            &markdown[at.saturating_sub(40)..(at + 40).min(markdown.len())]
        );
    }
}

/// A code span shows its backslashes: a pipe is escaped in a table's cell, where GitHub needs
/// it, and nowhere else (the target line read "positive class `yes\\|sure`").
#[test]
fn a_pipe_in_a_name_is_escaped_in_table_cells_only() {
    let temp = tempfile::tempdir().unwrap();
    let run = priced_run(temp.path(), "f|g", "yes|sure");
    let markdown = read(&run.join("report.md"));
    assert!(
        markdown.contains("(binary, positive class `yes|sure`)"),
        "{}",
        markdown.lines().nth(2).unwrap_or_default()
    );
    // (Alone it decides the label, so a leakage flag may follow its name.)
    assert!(markdown.contains("\n| `f\\|g`"), "the feature table's cell");
    assert!(!markdown.contains("`yes\\|sure`"));
}

#[test]
fn screenshot_of_the_report_in_headless_chromium() {
    // Skipped with a notice without Chromium, but a failure under CI (.ci/run installs it).
    if require_chromium().is_none() {
        return;
    }
    let temp = tempfile::tempdir().unwrap();
    let run = priced_run(temp.path(), "x1", "yes");
    let shot = temp.path().join("shot.png");
    let output = std::process::Command::new(root().join("scripts/screenshot-report.sh"))
        .arg(&run)
        .arg(&shot)
        .output()
        .expect("the script runs");
    assert!(
        output.status.success(),
        "screenshot-report.sh: {}\n{}",
        output.status,
        stderr(&output)
    );
    let image = image::open(&shot)
        .expect("the screenshot decodes")
        .to_rgb8();
    assert_eq!((image.width(), image.height()), (1280, 2400));
    // A page that failed to render is one flat colour; the verdict box and charts are not.
    let first = image.get_pixel(0, 0);
    let differing = image.pixels().filter(|p| *p != first).count();
    assert!(differing > 10_000, "the screenshot shows content");
    // Kept beside the build (target/tmp/) to look at after the run.
    let kept = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-screenshot.png");
    std::fs::copy(&shot, &kept).expect("copy the screenshot");
}

/// The page's layout as Chromium lays it out `width` pixels wide: the page's scroll width and
/// its width, how many amounts and intervals in the tables' cells wrap onto a second line (a
/// name may: the first column and text columns are left out), the most lines a table heading's
/// own text takes (not the interval line under it), then each table's scroll width and width,
/// as "page 420/420 wrapped 0 heading 2 tables 1100/1100 ...".
fn layout_at(browser: &std::path::Path, page: &std::path::Path, width: u32) -> String {
    let html = std::fs::read_to_string(page).unwrap();
    let probe = page.with_file_name("probe.html");
    let script = "<script>var w=function(e){return e.scrollWidth+'/'+e.clientWidth;};\
        var t=[].map.call(document.querySelectorAll('table'),w).join(' ');\
        var wrapped=0;\
        [].forEach.call(document.querySelectorAll('td:not(:first-child):not(.text)'),function(c){\
        var n,walk=document.createTreeWalker(c,NodeFilter.SHOW_TEXT);\
        while((n=walk.nextNode())){var r=document.createRange();r.selectNodeContents(n);\
        var tops={};[].forEach.call(r.getClientRects(),function(x){tops[Math.round(x.top)]=1;});\
        if(Object.keys(tops).length>1){wrapped++;}}});\
        var heading=0;\
        [].forEach.call(document.querySelectorAll('th'),function(c){\
        var n=c.firstChild;if(!n||n.nodeType!==3){return;}\
        var r=document.createRange();r.selectNodeContents(n);\
        var tops={};[].forEach.call(r.getClientRects(),function(x){tops[Math.round(x.top)]=1;});\
        heading=Math.max(heading,Object.keys(tops).length);});\
        var d=document.createElement('pre');d.id='layout';\
        d.textContent='page '+w(document.documentElement)+' wrapped '+wrapped+' heading '+heading+' tables '+t;\
        document.body.appendChild(d);</script>";
    std::fs::write(&probe, format!("{html}{script}")).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            &format!("--user-data-dir={}", profile.path().display()),
            &format!("--window-size={width},2000"),
            "--dump-dom",
        ])
        .arg(format!("file://{}", probe.display()))
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&output.stdout);
    let marker = "<pre id=\"layout\">";
    let start = dom.find(marker).expect("the probe ran") + marker.len();
    dom[start..].split('<').next().unwrap().to_string()
}

#[test]
fn the_report_fits_a_phone_and_tables_fit_a_desktop() {
    // Skipped with a notice without Chromium, but a failure under CI (.ci/run installs it).
    let Some(browser) = require_chromium() else {
        return;
    };
    let temp = tempfile::tempdir().unwrap();
    let run = priced_run(temp.path(), "x1", "yes");
    let page = run.join("report.html");
    // On a phone a wide table scrolls inside itself; the page does not scroll sideways (until
    // 2026-12-05 the value table pushed a 420-pixel page to 779).
    let phone = layout_at(&browser, &page, 420);
    let (page_width, _) = phone
        .trim_start_matches("page ")
        .split_once(" wrapped")
        .unwrap();
    let (scroll, width) = page_width.split_once('/').unwrap();
    assert_eq!(scroll, width, "{phone}");
    // On a desktop no table needs to scroll: amounts and their intervals stay on one line,
    // headings wrap instead (until 2026-12-06 the value table's intervals wrapped at 1280
    // pixels, "-18,232 to" over "-15,744", in columns of their own).
    let desktop = layout_at(&browser, &page, 1280);
    let (_, after) = desktop.split_once(" wrapped ").unwrap();
    let (wrapped, after) = after.split_once(" heading ").unwrap();
    let (heading, tables) = after.split_once(" tables ").unwrap();
    assert_eq!(wrapped, "0", "{desktop}");
    // No heading takes more than two lines (until 2026-12-07 the value table's took up to five,
    // "cost: training, trial, serving (EUR)", each heading naming the currency).
    let heading: usize = heading.parse().unwrap();
    assert!((1..=2).contains(&heading), "{desktop}");
    let tables: Vec<&str> = tables.split(' ').collect();
    assert!(tables.len() >= 3, "{desktop}");
    for table in tables {
        let (scroll, width) = table.split_once('/').unwrap();
        assert_eq!(scroll, width, "{desktop}");
    }
}

#[test]
fn the_same_amount_reads_the_same_in_every_output() {
    let temp = tempfile::tempdir().unwrap();
    let run = priced_run(temp.path(), "x1", "yes");
    let results = results(&run);
    let value = &results["value"];
    let currency = value["currency"].as_str().expect("currency");
    let best = &value["best"];
    let difference = best["difference"]["mean"].as_f64().expect("difference");
    let (low, high) = (
        best["difference"]["low"].as_f64().expect("low"),
        best["difference"]["high"].as_f64().expect("high"),
    );
    let amount = worthit::base::format::signed_money(difference, currency);
    let interval = worthit::base::format::interval(low, high, currency);
    // report.md, report.html and the sentences the terminal prints (stored in results.json)
    // all give the best candidate's difference and its interval: each as the same text.
    let markdown = read(&run.join("report.md"));
    let html = read(&run.join("report.html"));
    for (place, text) in [("report.md", &markdown), ("report.html", &html)] {
        assert!(text.contains(&amount), "{place} lacks `{amount}`");
        assert!(text.contains(&interval), "{place} lacks `{interval}`");
    }
    let sentences: Vec<&str> = results["analysis"]["sentences"]
        .as_array()
        .expect("sentences")
        .iter()
        .filter_map(|s| s.as_str())
        .collect();
    assert!(
        sentences.iter().any(|s| s.contains(&interval)),
        "no sentence has `{interval}`: {sentences:?}"
    );
}

/// The methods' list items of `report.html`, by their bold titles.
fn method_titles(html: &str) -> Vec<String> {
    let start = html
        .find("How the numbers are computed")
        .expect("methods section");
    let section = &html[start..start + html[start..].find("</ul>").expect("its list")];
    section
        .split("<li><b>")
        .skip(1)
        .filter_map(|item| item.split(".</b>").next().map(str::to_string))
        .collect()
}

#[test]
fn the_methods_section_names_only_what_the_run_used() {
    let temp = tempfile::tempdir().unwrap();
    let run = priced_run(temp.path(), "x1", "yes");
    let html = read(&run.join("report.html"));
    let titles = method_titles(&html);
    for title in [
        "Values",
        "Intervals",
        "Tuning answer",
        "Track record",
        "Sensitivity and scenarios",
        "Value of information",
        "Rules of thumb",
    ] {
        assert!(titles.iter().any(|t| t == title), "{title} in {titles:?}");
    }
    // No capacity and no business number given as a distribution in this config.
    for title in ["Capacity", "Distributions", "Gains"] {
        assert!(!titles.iter().any(|t| t == title), "{title} in {titles:?}");
    }
    assert!(html.contains("on validation rows only"), "the priced rule");

    // The same data without a config: `run data.csv` would read the worthit.toml beside it.
    std::fs::remove_file(temp.path().join("worthit.toml")).unwrap();
    run_args("data.csv")
        .target("label")
        .trials(4)
        .stop("never")
        .out("unpriced")
        .quiet()
        .ok_in(temp.path());
    let html = read(&temp.path().join("unpriced/report.html"));
    let titles = method_titles(&html);
    for title in ["Gains", "Intervals", "Tuning answer", "Track record"] {
        assert!(titles.iter().any(|t| t == title), "{title} in {titles:?}");
    }
    for title in [
        "Values",
        "Rules of thumb",
        "Sensitivity and scenarios",
        "Capacity",
    ] {
        assert!(!titles.iter().any(|t| t == title), "{title} in {titles:?}");
    }
    let start = html.find("How the numbers are computed").unwrap();
    let methods = &html[start..];
    assert!(
        methods.contains("gain over the baseline in ROC-AUC"),
        "{methods}"
    );
    assert!(!methods.contains("net value"), "{methods}");
    assert!(!methods.contains("cost of a trial"), "{methods}");
}

/// A `[value]` without `core_hour` prices no compute: the amounts say so instead of "serving (0
/// EUR per core-hour)", and the frontier chart, whose money axis would stand every model on 0,
/// plots the compute each model took to train.
#[test]
fn unpriced_compute_is_said_and_the_frontier_plots_core_seconds() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    write(dir, "data.csv", &noisy_csv(1200, "x1", "yes"));
    let config = config("yes").replace("core_hour = 0.05\n", "");
    write(dir, "worthit.toml", &config);
    run_args("data.csv")
        .config("worthit.toml")
        .trials(3)
        .stop("never")
        .out("run")
        .quiet()
        .ok_in(dir);
    let run = dir.join("run");
    let markdown = read(&run.join("report.md"));
    assert!(
        markdown.contains(
            "net of trial costs (3.00 EUR each; compute is not priced: core\\_hour is 0)"
        ),
        "{markdown}"
    );
    assert!(!markdown.contains("per core-hour)"), "{markdown}");
    let html = read(&run.join("report.html"));
    assert!(
        html.contains("against the compute it took to train: compute is not priced here"),
        "{html}"
    );
    let svg = read(&run.join("plots/frontier.svg"));
    assert!(svg.contains("Training compute (core-seconds)"), "{svg}");
}

/// A run of the baseline alone (`--trials 0`), priced or not, still opens with two answers: the
/// model's (there is nothing to ship instead) and the tuning's, in the terminal and both reports.
#[test]
fn a_baseline_alone_opens_with_both_answers() {
    const ALONE: &str =
        "Keep the baseline: no candidate was trained, so there is nothing to ship instead.";
    for priced in [true, false] {
        let temp = tempfile::tempdir().unwrap();
        write(temp.path(), "data.csv", &noisy_csv(600, "x1", "yes"));
        let config = if priced {
            config("yes")
        } else {
            "[data]\ntarget = \"label\"\npositive_class = \"yes\"\n".to_string()
        };
        write(temp.path(), "worthit.toml", &config);
        let stdout = run_args("data.csv")
            .config("worthit.toml")
            .trials(0)
            .out("run")
            .ok_in(temp.path());
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.get(1), Some(&ALONE), "{stdout}");
        assert!(
            lines
                .get(2)
                .is_some_and(|l| l.starts_with("Tuning: not enough trials")),
            "{stdout}"
        );
        assert_eq!(stdout.matches("no candidate").count(), 1, "{stdout}");
        let markdown = read(&temp.path().join("run/report.md"));
        let verdict = markdown.find(ALONE).unwrap_or_else(|| panic!("{markdown}"));
        assert!(verdict < markdown.find("Tuning: not enough trials").unwrap());
        let html = read(&temp.path().join("run/report.html"));
        assert!(html.contains(&html_escape(ALONE)), "{html}");
    }
}

/// Every table of a report as its headings and rows of cells, in plain text: Markdown's escapes
/// and emphasis taken out, or HTML's tags and entities.
fn markdown_tables(text: &str) -> Vec<Vec<Vec<String>>> {
    let plain = |cell: &str| {
        let mut out = String::new();
        let mut chars = cell.trim().chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => out.extend(chars.next()),
                '*' => {}
                _ => out.push(c),
            }
        }
        out
    };
    let cells = |line: &str| -> Vec<String> {
        // Split on the pipes that are not escaped.
        let inner = line.trim().trim_start_matches('|');
        let mut cells = vec![String::new()];
        let mut chars = inner.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    cells.last_mut().unwrap().push(c);
                    cells.last_mut().unwrap().extend(chars.next());
                }
                '|' => cells.push(String::new()),
                _ => cells.last_mut().unwrap().push(c),
            }
        }
        cells.pop();
        cells.iter().map(|cell| plain(cell)).collect()
    };
    let lines: Vec<&str> = text.lines().collect();
    let mut tables = Vec::new();
    let mut i = 0;
    while i + 1 < lines.len() {
        if lines[i].starts_with("| ") && lines[i + 1].starts_with("|---") {
            let mut table = vec![cells(lines[i])];
            i += 2;
            while i < lines.len() && lines[i].starts_with("| ") {
                table.push(cells(lines[i]));
                i += 1;
            }
            tables.push(table);
        } else {
            i += 1;
        }
    }
    tables
}

fn html_tables(text: &str) -> Vec<Vec<Vec<String>>> {
    let plain = |cell: &str| {
        let mut out = String::new();
        let mut in_tag = false;
        for c in cell.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                _ if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    };
    text.split("<table>")
        .skip(1)
        .map(|table| {
            let table = table.split("</table>").next().unwrap();
            table
                .split("<tr>")
                .skip(1)
                .map(|row| {
                    row.split("</tr>")
                        .next()
                        .unwrap()
                        .split("</t")
                        .filter(|cell| cell.contains("<t"))
                        .map(|cell| {
                            // An interval under its amount (or under the amount's heading)
                            // reads as report.md writes it beside: "-16,941 (-18,232 to
                            // -15,744)", "test net value, 90% interval".
                            let cell = &cell[cell.find("<t").unwrap()..];
                            let beside = if cell.starts_with("<th") {
                                (", ", "")
                            } else {
                                (" (", ")")
                            };
                            plain(
                                &cell
                                    .replace("<span class=\"interval\">", beside.0)
                                    .replace("</span>", beside.1),
                            )
                        })
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// The value tables (every model's value, sensitivity, scenarios) were written twice until
/// 2026-12-06, with different columns: report.md had "at default decision" where report.html had
/// the cost, and no scenarios. Now one table model serves both: the same headings and cells, the
/// chosen candidate in bold in each.
#[test]
fn both_reports_show_the_same_value_tables() {
    let temp = tempfile::tempdir().unwrap();
    let run = priced_run(temp.path(), "x1", "yes");
    let markdown = read(&run.join("report.md"));
    let html = read(&run.join("report.html"));
    // The line that names the best candidate gives both test net values with their intervals.
    let best_line = markdown
        .lines()
        .find(|l| l.starts_with("**Best by validation net value: "))
        .expect("a candidate ahead of the baseline on validation");
    assert_eq!(
        best_line.matches(" (90% interval ").count(),
        2,
        "{best_line}"
    );
    let from_markdown = markdown_tables(&markdown);
    let from_html = html_tables(&html);
    let value_tables: Vec<&Vec<Vec<String>>> = from_html
        .iter()
        .filter(|table| {
            let first = &table[0];
            first.len() > 1
                && matches!(
                    (first[0].as_str(), first[1].as_str()),
                    ("model", "threshold") | ("range", "low") | ("scenario", _)
                )
        })
        .collect();
    assert_eq!(value_tables.len(), 3, "{from_html:?}");
    for table in value_tables {
        assert!(table.len() > 1, "{table:?}");
        assert!(
            from_markdown.contains(table),
            "report.md lacks {table:?}: {from_markdown:?}"
        );
    }
    let models = from_html
        .iter()
        .find(|table| table[0][..2] == ["model", "threshold"])
        .unwrap();
    for heading in [
        "test value/year, 90% interval",
        "at default decision, 90% interval",
        "costs",
        "validation net value, 90% interval",
        "test net value, 90% interval",
        "vs baseline, 90% interval",
    ] {
        assert!(models[0].contains(&heading.to_string()), "{:?}", models[0]);
    }
    // The currency and the periods are said once, above the table, in both reports.
    let currency = results(&run)["value"]["currency"]
        .as_str()
        .unwrap()
        .to_string();
    let lead = format!("Amounts in {currency}. Test value and value at the default decision (a 0.5 cut-off, or the likeliest class): a year; costs (training, trials and serving compute) and net values: over ");
    for (place, text) in [("report.md", &markdown), ("report.html", &html)] {
        assert!(text.contains(&lead), "{place} lacks `{lead}`");
    }
    let results = results(&run);
    let best = results["value"]["best"]["name"].as_str().unwrap();
    assert!(markdown.contains(&format!("| **{best}** |")), "{markdown}");
    assert!(html.contains(&format!("<td><strong>{best}</strong></td>")));
    assert_eq!(
        markdown.matches("| **").count(),
        1,
        "one row in bold: {markdown}"
    );
}
