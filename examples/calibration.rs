//! Calibration of worthit's tuning forecasts against what a long sweep showed (issue 14, item 3).
//! `bench/calibration/run.sh` makes the pools and calls this; README.md's section "How far to
//! trust the forecast: calibration" holds its latest table.
//!
//!     cargo run --release --example calibration -- POOL_DIR...
//!
//! Each POOL_DIR is a finished priced run of many trials with `--stop never`. Trial `i` of a sweep
//! depends only on the seed and `i`, so the pool's first `N` trials are exactly the sweep of `N`
//! trials the same seed would have run. For N = 10 and 20 this replays what worthit said after N
//! trials and checks it against the pool's unbiased estimate of the expected best of `m` trials
//! (without replacement, [`without_replacement`]):
//!
//! - coverage: the extrapolated 90% band at 2N and 4N holds the pool's estimate at that size;
//! - sharpness: band width over the forecast gain over the baseline (median);
//! - the tuning answer at N, read on the trials' validation halves as `worthit run` reads it
//!   (`run_summary::decision_trials`), against the pool's net gain on test rows
//!   `G(m) = E(m) - baseline - (m - 1) x cost` (the cost of the trials other than the shipped
//!   one, as the tuning rule counts it);
//! - stopping: the share of the best achievable `G` kept where `--stop auto` stops (the tuning
//!   answer's first "stop" or "does not pay"; a "does not pay" keeps the baseline, its trials
//!   paid for), and where the cost rule alone would have; the median's 90% interval over the
//!   pools is distribution-free (order statistics), since a few pools decide it.
//!
//! Prints Markdown: one row per pool, then the summary against the targets.

use std::path::Path;

use worthit::analysis::agreement::HalvesAgreement;
use worthit::analysis::distribution_free::CdfBand;
use worthit::analysis::extrapolate::Reading;
use worthit::analysis::run_summary::decision_trials;
use worthit::analysis::trials::{marginal_gain_band, CurveRefits, DecisionTrials};
use worthit::analysis::tuning::{
    advise_after, answer_stop_with, TuningAdvice, TuningKind, EARLY_MIN_TRIALS, MIN_TRIALS,
};
use worthit::analysis::{
    break_even, extrapolate, replay, without_replacement, NoiseEvidence, NoiseRule, StopRule, Trial,
};
use worthit::base::format::number;
use worthit::base::special::beta_cdf;
use worthit::base::stats::{deviation, quantile};
use worthit::results::RunResults;

/// Sweep sizes the forecasts are made at.
const SWEEPS: [usize; 2] = [10, 20];
/// Share of the best achievable net gain below which more trials are not worth a "run more":
/// the slack the stopping target (a median of 95% kept) allows.
const MATERIAL: f64 = 0.05;
/// Level of every band: the bootstrap's 5% to 95%.
const BAND_LEVEL: f64 = 0.9;
/// Bootstrap resamples of the extrapolation band, as `worthit run` draws them.
const RESAMPLES: usize = 200;

/// One pool, read from its `results.json`.
struct Pool {
    name: String,
    trials: Vec<Trial>,
    /// What the tuning answer decides on (`run_summary::decision_trials`): each trial's values
    /// from alternate halves of the validation rows, cross-fitted, and the baseline's mean over
    /// the halves.
    decision: Vec<Trial>,
    reading: Reading,
    decision_baseline: Option<f64>,
    /// Cost of each trial (training plus per-trial cost), in run order.
    costs: Vec<f64>,
    baseline: f64,
    seed: u64,
}

impl Pool {
    fn read(dir: &Path) -> Result<Pool, String> {
        let path = dir.join("results.json");
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let run: RunResults =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let value = run
            .value
            .ok_or_else(|| format!("{}: the run is not priced", path.display()))?;
        let baseline = value
            .models
            .first()
            .map(|m| m.net_value)
            .ok_or_else(|| format!("{}: no models", path.display()))?;
        let candidates: Vec<_> = value.models.iter().filter(|m| m.trial.is_some()).collect();
        let (decision, reading, decision_baseline) =
            decision_trials(&candidates, value.models.first());
        Ok(Pool {
            decision,
            reading,
            decision_baseline,
            name: dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            trials: candidates
                .iter()
                .map(|m| Trial {
                    validation: m.validation_net_value,
                    test: m.net_value,
                })
                .collect(),
            costs: candidates
                .iter()
                .map(|m| m.training_cost + m.trial_cost)
                .collect(),
            baseline,
            seed: run.seed,
        })
    }

    /// The pool's estimate of the median validation value of the best of `m` trials: its
    /// empirical quantile at `0.5^(1/m)`.
    fn median_best_validation(&self, m: usize) -> f64 {
        let mut values: Vec<f64> = self.trials.iter().map(|t| t.validation).collect();
        values.sort_by(f64::total_cmp);
        let level = 0.5_f64.powf(1.0 / m as f64);
        let rank = (level * values.len() as f64).ceil() as usize;
        values[rank.clamp(1, values.len()) - 1]
    }

    fn mean_cost(&self, n: usize) -> f64 {
        self.costs[..n].iter().sum::<f64>() / n as f64
    }

    /// The tuning answer after the first `n` trials, each costing `cost`, as a run gives it.
    fn answer_after(&self, n: usize, cost: f64) -> Result<TuningAdvice, String> {
        advise_after(
            &self.decision[..n],
            self.reading,
            self.decision_baseline,
            cost,
            "",
            self.seed,
        )
        .map_err(|e| e.to_string())
    }

    /// Whether the first `n` trials' validation-best trial, shipped, would have done worse against
    /// the baseline on the test rows, net of the other trials' cost, than keeping the baseline
    /// after paying for all `n`: what a "does not pay" after `n` trials did for that sweep itself,
    /// one outcome rather than the pool's expected value.
    fn shipping_loses(&self, n: usize) -> bool {
        let cost = self.mean_cost(self.trials.len());
        let shipped = self.trials[..n]
            .iter()
            .max_by(|a, b| a.validation.total_cmp(&b.validation))
            .map_or(f64::NAN, |t| t.test);
        shipped - self.baseline - (n - 1) as f64 * cost < -(n as f64) * cost
    }

    /// The pool's net gain over the baseline of a sweep of `m` trials.
    fn net_gain(&self, m: usize) -> f64 {
        let best = without_replacement(&self.trials, m).unwrap_or(f64::NAN);
        best - self.baseline - (m - 1) as f64 * self.mean_cost(self.trials.len())
    }
}

/// An early answer that stops the sweep (before [`MIN_TRIALS`]) in one pool: "does not pay"
/// (the trials cost more than their spread) or "stop" (the validation halves cannot tell the
/// trials apart).
struct Early {
    /// Which of the two it was.
    kind: TuningKind,
    /// The trials it came after.
    after: usize,
    /// Whether the pool agrees, as [`judge`] judges an answer at N: for "does not pay", no sweep
    /// size from there on pays; for "stop", none beats it by more than [`MATERIAL`] of the best.
    agrees: bool,
    /// The share of the best net gain following it keeps (`None` when nothing pays).
    kept: Option<f64>,
    /// Where `--stop auto` would have stopped without it, and what that keeps.
    without: usize,
    kept_without: Option<f64>,
}

/// What one forecast at N trials said and what the pool showed.
#[derive(Default)]
struct Checks {
    /// (held, width over forecast gain) per band.
    bands: Vec<(bool, f64)>,
    /// The distribution-free band on the median best validation value at the same sizes:
    /// (held, bounded above) per band.
    exact_bands: Vec<(bool, bool)>,
    /// The answer at N, whether the pool agrees, the share of the best net gain it keeps, and
    /// whether the pool's validation halves clearly rank all its trials alike.
    answers: Vec<(TuningKind, bool, Option<f64>, Option<bool>)>,
    /// Share of the best achievable net gain kept where `--stop auto` stops (None when tuning
    /// never pays on the pool: nothing to keep).
    stopping: Vec<Option<f64>>,
    /// Per pool: how far stopping where `--stop auto` stops fell short of the best net gain (or
    /// of keeping the baseline, 0, where no sweep size pays), in standard deviations of the
    /// trials' test values, and whether the pool's best is positive. A share of a best near zero
    /// is unbounded; this is not. Its mean over every pool is what stopping there costs on
    /// average, the luck of no single pool deciding it.
    shortfall: Vec<(String, f64, bool)>,
    /// The same share where the cost rule alone would have stopped (what `--stop auto` followed
    /// until 2026-12-01), for comparison.
    cost_rule_stopping: Vec<Option<f64>>,
    /// Per break-even at N that quotes the next trial's gain: whether its 90% band held the
    /// pool's estimate of that trial's gain.
    marginal_bands: Vec<bool>,
    /// Per "run more" at N whose K is at most half the pool: whether the 90% band of its expected
    /// gain held the pool's estimate of that gain.
    gain_bands: Vec<bool>,
    /// Per "does not pay" at N: whether keeping the baseline did better than shipping the sweep's
    /// own validation-best trial would have, on the test rows ([`Pool::shipping_loses`]).
    baseline_kept: Vec<bool>,
    /// Per pool, an early "does not pay", if one came.
    early: Vec<Option<Early>>,
    /// Per pool, the most of the best net gain any stopping point from [`EARLY_MIN_TRIALS`] on
    /// keeps, and from [`MIN_TRIALS`] on: what a rule that has seen that many trials could at
    /// best achieve (an oracle that knows the pool).
    oracle: Vec<Option<[f64; 2]>>,
    /// Per pool, whether the validation halves clearly rank the first [`MIN_TRIALS`] trials
    /// alike ([`HalvesAgreement::clear`]; `None` for a pool without halves, whose answer reads
    /// test values), whether they clearly rank all the pool's trials alike, and the stopping
    /// share of the same pool.
    agreement: Vec<(Option<bool>, Option<bool>, Option<f64>)>,
    /// Per pool longer than [`MIN_TRIALS`]: whether its own two readings agree on whether going
    /// on from [`MIN_TRIALS`] trials to the whole pool pays, net of its cost (the cross-fitted
    /// validation halves, which the answer reads, and the test rows, which judge it), with the
    /// stopping share of the same pool. Where they disagree, an answer read from validation rows
    /// is judged wrong by the test rows whichever it is.
    readings: Vec<(bool, Option<f64>)>,
}

fn main() {
    let dirs: Vec<String> = std::env::args().skip(1).collect();
    if dirs.is_empty() {
        eprintln!("usage: calibration POOL_DIR...");
        std::process::exit(2);
    }
    let mut all = Checks::default();
    println!("| pool | trials | N | band at 2N (pool) | band at 4N (pool) | validation halves agree at N | answer at N | pool says | --stop auto stops at | its share of the best |");
    println!("|---|---:|---:|---|---|---|---|---|---:|---:|");
    for dir in &dirs {
        let pool = match Pool::read(Path::new(dir)) {
            Ok(pool) => pool,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(2);
            }
        };
        if let Err(e) = check_pool(&pool, &mut all) {
            eprintln!("{}: {e}", pool.name);
            std::process::exit(1);
        }
    }
    summary(&all);
}

fn check_pool(pool: &Pool, all: &mut Checks) -> Result<(), String> {
    let total = pool.trials.len();
    let gains: Vec<f64> = (1..=total).map(|m| pool.net_gain(m)).collect();
    let best_gain = gains.iter().copied().fold(0.0, f64::max);
    // The pool's out-of-sample expected-best curve (its cross-fitted halves), what the bands of
    // the answer's gains are checked against.
    let decision_curve = pool
        .reading
        .expected_best(&pool.decision)
        .map_err(|e| e.to_string())?;
    let share = |at: usize| (best_gain > 0.0).then(|| gains[at - 1] / best_gain);
    let cost_rule = replay(
        &pool.trials,
        Some(pool.mean_cost(total)),
        &StopRule {
            seed: pool.seed,
            ..StopRule::default()
        },
        &NoiseEvidence::default(),
        &NoiseRule::default(),
    )
    .map_err(|e| e.to_string())?
    .cost_rule;
    // `--stop auto` stops where the tuning answer first says "stop" or "does not pay", the early
    // "does not pay" (before 10 trials) included; without that early answer, from 10 on.
    let stop_from = |first: usize| {
        answer_stop_with(
            first,
            &pool.decision,
            pool.reading,
            pool.decision_baseline,
            pool.mean_cost(total),
            pool.seed,
        )
        .map(|found| found.map(|(at, _)| at))
        .map(|at| at.unwrap_or(total))
        .map_err(|e| e.to_string())
    };
    // Following the answer where it stops: "stop" ships the best of the trials so far; "does not
    // pay" keeps the baseline, the trials run paid for (as `judge` counts it).
    // The answer there and what following it keeps.
    let kept_at = |stop: usize| -> Result<(TuningKind, Option<f64>), String> {
        let kind = pool.answer_after(stop, pool.mean_cost(total))?.kind;
        Ok((
            kind,
            if kind == TuningKind::DoesNotPay {
                (best_gain > 0.0).then(|| -(stop as f64) * pool.mean_cost(total) / best_gain)
            } else {
                share(stop)
            },
        ))
    };
    let stopped_at = stop_from(EARLY_MIN_TRIALS)?;
    let (kind, stop_share) = kept_at(stopped_at)?;
    all.early.push(if stopped_at < MIN_TRIALS {
        let without = stop_from(MIN_TRIALS)?;
        Some(Early {
            kind,
            after: stopped_at,
            agrees: judge(
                kind,
                stopped_at,
                stopped_at,
                &gains,
                best_gain,
                pool.mean_cost(total),
            )
            .1,
            kept: stop_share,
            without,
            kept_without: kept_at(without)?.1,
        })
    } else {
        None
    });
    all.stopping.push(stop_share);
    if total > MIN_TRIALS {
        let longer_cost = (total - MIN_TRIALS) as f64 * pool.mean_cost(total);
        let validation_pays =
            decision_curve[total - 1] - decision_curve[MIN_TRIALS - 1] > longer_cost;
        let test_pays = gains[total - 1] > gains[MIN_TRIALS - 1];
        all.readings
            .push((validation_pays == test_pays, stop_share));
    }
    let tests: Vec<f64> = pool.trials.iter().map(|t| t.test).collect();
    if let Some(spread) = deviation(&tests).filter(|s| *s > 0.0) {
        // "does not pay" keeps the baseline, the trials run paid for (as `kept_at` counts it).
        let kept = if kind == TuningKind::DoesNotPay {
            -(stopped_at as f64) * pool.mean_cost(total)
        } else {
            gains[stopped_at - 1]
        };
        all.shortfall.push((
            pool.name.clone(),
            (best_gain - kept) / spread,
            best_gain > 0.0,
        ));
    }
    let agreement_at = |n: usize| HalvesAgreement::of(&pool.decision[..n.min(total)], pool.reading);
    let rankable = agreement_at(total).map(|a| a.clear());
    all.agreement.push((
        agreement_at(MIN_TRIALS).map(|a| a.clear()),
        rankable,
        stop_share,
    ));
    let oracle_from = |first: usize| {
        (first..=total)
            .filter_map(share)
            .fold(f64::NEG_INFINITY, f64::max)
    };
    all.oracle
        .push((best_gain > 0.0).then(|| [oracle_from(EARLY_MIN_TRIALS), oracle_from(MIN_TRIALS)]));
    all.cost_rule_stopping
        .push(share(cost_rule.unwrap_or(total)));
    // The pool's estimate at `m` averages over many sweeps of `m` only when `m` is well under the
    // pool: at `m` = the pool it is one sweep's outcome, whose spread a band of the *expected*
    // value is not meant to hold. So 4N is at most half the pool.
    for n in SWEEPS.into_iter().filter(|&n| 8 * n <= total) {
        let prefix = &pool.trials[..n];
        let extrapolation = extrapolate(prefix, &[2 * n, 4 * n], RESAMPLES, pool.seed)
            .map_err(|e| e.to_string())?;
        let mut cells = Vec::new();
        for point in &extrapolation.points {
            let truth = without_replacement(&pool.trials, point.n).map_err(|e| e.to_string())?;
            let held = point.low <= truth && truth <= point.high;
            let width = (point.high - point.low) / (point.mean - pool.baseline).abs().max(1e-12);
            all.bands.push((held, width));
            cells.push(format!(
                "{:.0} to {:.0} ({:.0}){}",
                point.low - pool.baseline,
                point.high - pool.baseline,
                truth - pool.baseline,
                if held { "" } else { " **missed**" }
            ));
        }
        let validation: Vec<f64> = prefix.iter().map(|t| t.validation).collect();
        let band = CdfBand::new(&validation, BAND_LEVEL).map_err(|e| e.to_string())?;
        for m in [2 * n, 4 * n] {
            let exact = band.median_best_of(m);
            let truth = pool.median_best_validation(m);
            let held = exact.low.is_none_or(|low| low <= truth)
                && exact.high.is_none_or(|high| truth <= high);
            all.exact_bands.push((held, exact.high.is_some()));
        }
        let advice = pool.answer_after(n, pool.mean_cost(n))?;
        let (truth, agrees, kept) = judge(
            advice.kind,
            n,
            n + advice.more_trials,
            &gains,
            best_gain,
            pool.mean_cost(total),
        );
        all.answers.push((advice.kind, agrees, kept, rankable));
        // A "run more"'s band of its expected gain, as a run's report gives it, against the
        // pool's out-of-sample estimate of the same gain (the cross-fitted halves of all its
        // trials), where K is at most half the pool, as for the bands above.
        // Break-even's next-trial gain, where it quotes one (the trials stopped paying before N),
        // with its band, against the pool's estimate of the gain of that trial.
        let prefix_curve = pool
            .reading
            .expected_best(&pool.decision[..n])
            .map_err(|e| e.to_string())?;
        let found = break_even(&prefix_curve, pool.mean_cost(n)).map_err(|e| e.to_string())?;
        if found.next_gain.is_some() && found.paid_up_to.is_none_or(|paid| paid < n) {
            let decides = DecisionTrials {
                trials: &pool.decision[..n],
                reading: pool.reading,
                baseline: pool.decision_baseline,
            };
            if let Some((low, high)) = marginal_gain_band(&decides, found.next_trial, pool.seed)
                .map_err(|e| e.to_string())?
            {
                let truth =
                    decision_curve[found.next_trial - 1] - decision_curve[found.next_trial - 2];
                all.marginal_bands.push(low <= truth && truth <= high);
            }
        }
        let until = n + advice.more_trials;
        if advice.kind == TuningKind::RunMore && 2 * until <= total {
            let decides = DecisionTrials {
                trials: &pool.decision[..n],
                reading: pool.reading,
                baseline: pool.decision_baseline,
            };
            let band = CurveRefits::new(&decides, pool.seed, None)
                .map_err(|e| e.to_string())?
                .gain(n, until, 0.0);
            let truth = decision_curve[until - 1] - decision_curve[n - 1];
            all.gain_bands.push(band.low <= truth && truth <= band.high);
        }
        if advice.kind == TuningKind::DoesNotPay {
            all.baseline_kept.push(pool.shipping_loses(n));
        }
        let agreement = agreement_at(n).map_or("n/a".to_string(), |a| {
            format!(
                "{:.2} ({:.2} to {:.2}){}",
                a.correlation,
                a.low,
                a.high,
                if a.clear() { ", clear" } else { "" }
            )
        });
        println!(
            "| {} | {total} | {n} | {} | {} | {agreement} | {} | {truth} | {stopped_at} | {} |",
            pool.name,
            cells[0],
            cells[1],
            answer_words(advice.kind, advice.more_trials),
            stop_share.map_or("n/a (never pays)".to_string(), percent)
        );
    }
    Ok(())
}

/// What the pool says after `n` trials, whether `kind` agrees, and the share of the best
/// achievable net gain that following it keeps. The pool says "does not pay" when no sweep size
/// from `n` on has a positive net gain, "run more" when a longer sweep's net gain beats the one
/// at `n` by more than [`MATERIAL`] of the best achievable, and "stop" otherwise (stopping then
/// keeps what the stopping target asks: 95%). Following "run K more" ends at `until` trials (at most the
/// pool); "stop" ships the best of `n`; "does not pay" keeps the baseline and has paid for `n`
/// trials of `cost` each.
fn judge(
    kind: TuningKind,
    n: usize,
    until: usize,
    gains: &[f64],
    best_gain: f64,
    cost: f64,
) -> (String, bool, Option<f64>) {
    let now = gains[n - 1];
    let later = gains[n..].iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let truth = if now < 0.0 && later < 0.0 {
        TuningKind::DoesNotPay
    } else if later > now + MATERIAL * best_gain.max(0.0) {
        TuningKind::RunMore
    } else {
        TuningKind::Stop
    };
    let achieved = match kind {
        TuningKind::RunMore => gains[until.min(gains.len()) - 1],
        // Keeping the baseline: nothing shipped, the n trials run were paid for.
        TuningKind::DoesNotPay => -(n as f64) * cost,
        _ => now,
    };
    let kept = (best_gain > 0.0).then(|| achieved / best_gain);
    (answer_words(truth, 0), kind == truth, kept)
}

fn answer_words(kind: TuningKind, more: usize) -> String {
    match kind {
        TuningKind::Stop => "stop".into(),
        TuningKind::RunMore if more == 0 => "run more".into(),
        TuningKind::RunMore => format!("run {more} more"),
        TuningKind::DoesNotPay => "does not pay".into(),
        TuningKind::TooFewTrials => "too few trials".into(),
    }
}

/// A share as a whole percentage; one under half a percent with its first significant digits
/// (`-0.01%`), so a small loss does not read as `-0%`.
fn percent(share: f64) -> String {
    let points = 100.0 * share;
    if points.abs() >= 0.5 {
        format!("{points:.0}%")
    } else {
        format!("{}%", number(points))
    }
}

fn summary(all: &Checks) {
    let held = all.bands.iter().filter(|(held, _)| *held).count();
    let mut widths: Vec<f64> = all.bands.iter().map(|(_, width)| *width).collect();
    let agreed = all
        .answers
        .iter()
        .filter(|(_, agrees, _, _)| *agrees)
        .count();
    let stops: Vec<f64> = all.stopping.iter().flatten().copied().collect();
    let never = all.stopping.len() - stops.len();
    println!();
    println!("| measure | measured | target |");
    println!("|---|---:|---|");
    println!(
        "| coverage of the 90% band at 2N and 4N | {held} of {} ({}) | 85% to 95% |",
        all.bands.len(),
        percent(held as f64 / all.bands.len().max(1) as f64)
    );
    println!(
        "| sharpness: median band width over the forecast gain | {:.2} | smaller is sharper |",
        median(&mut widths)
    );
    if !all.marginal_bands.is_empty() {
        let held = all.marginal_bands.iter().filter(|&&held| held).count();
        println!(
            "| break-even: the 90% band of the next trial's gain holds the pool's estimate of it | {held} of {} | 85% to 95% |",
            all.marginal_bands.len()
        );
    }
    if !all.gain_bands.is_empty() {
        let held = all.gain_bands.iter().filter(|&&held| held).count();
        println!(
            "| answer \"run more\": its 90% band of the expected gain of those trials holds the pool's estimate (K at most half the pool) | {held} of {} | 85% to 95% |",
            all.gain_bands.len()
        );
    }
    if !all.baseline_kept.is_empty() {
        println!(
            "| answer \"does not pay\": keeping the baseline did better than shipping that sweep's best trial would have, on its test rows | {} of {} | |",
            all.baseline_kept.iter().filter(|&&kept| kept).count(),
            all.baseline_kept.len()
        );
    }
    let exact_held = all.exact_bands.iter().filter(|(held, _)| *held).count();
    let bounded = all
        .exact_bands
        .iter()
        .filter(|(_, bounded)| *bounded)
        .count();
    println!(
        "| distribution-free 90% band (Lourie et al. 2024) on the median best validation value at 2N and 4N: holds; has an upper end | {exact_held} of {n}; {bounded} of {n} | an upper end, 85% to 95% |",
        n = all.exact_bands.len()
    );
    for kind in [
        TuningKind::Stop,
        TuningKind::RunMore,
        TuningKind::DoesNotPay,
    ] {
        let given: Vec<_> = all
            .answers
            .iter()
            .filter(|(k, _, _, _)| *k == kind)
            .collect();
        let right = given.iter().filter(|(_, agrees, _, _)| *agrees).count();
        println!(
            "| answer \"{}\": the pool agrees | {right} of {} | |",
            answer_words(kind, 0),
            given.len()
        );
    }
    println!(
        "| the tuning answer at N agrees with the pool | {agreed} of {} ({}) | |",
        all.answers.len(),
        percent(agreed as f64 / all.answers.len().max(1) as f64)
    );
    let split = |rankable: Option<bool>| {
        let given: Vec<_> = all.answers.iter().filter(|a| a.3 == rankable).collect();
        let right = given.iter().filter(|a| a.1).count();
        format!("{right} of {}", given.len())
    };
    println!(
        "| the same, in pools whose validation halves clearly rank all their trials alike; in the others | {}; {} | |",
        split(Some(true)),
        split(Some(false))
    );
    let mut kept: Vec<f64> = all.answers.iter().filter_map(|(_, _, k, _)| *k).collect();
    if !kept.is_empty() {
        println!(
            "| following the answer keeps of the best net gain: median, worst | {}, {} | |",
            percent(median(&mut kept)),
            percent(kept.iter().copied().fold(f64::INFINITY, f64::min))
        );
    }
    let mut shares = stops.clone();
    println!(
        "| stopping where --stop auto stops keeps of the best net gain: median (90% interval of the median over such pools), worst | {}, {} | median at least 95%, none under 85% |",
        median_and_interval(&mut shares),
        if stops.is_empty() {
            "n/a".into()
        } else {
            percent(stops.iter().copied().fold(f64::INFINITY, f64::min))
        }
    );
    let paying: Vec<(&String, f64)> = all
        .shortfall
        .iter()
        .filter(|(_, _, pays)| *pays)
        .map(|(name, s, _)| (name, *s))
        .collect();
    if !paying.is_empty() {
        let mut shortfall: Vec<f64> = paying.iter().map(|(_, s)| *s).collect();
        let worst = paying
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map_or(String::new(), |(name, s)| {
                format!("{} ({name})", number(*s))
            });
        let over_half = shortfall.iter().filter(|s| **s > 0.5).count();
        println!(
            "| the same as a shortfall from the best net gain, in standard deviations of the trials' test values (steady where the best is near zero, unlike a share of it): median, worst; pools over half a deviation | {}, {worst}; {over_half} of {} | |",
            number(median(&mut shortfall)),
            shortfall.len()
        );
    }
    if !all.shortfall.is_empty() {
        let mean =
            all.shortfall.iter().map(|(_, s, _)| s).sum::<f64>() / all.shortfall.len() as f64;
        println!(
            "| the same shortfall in every pool, those where no sweep pays included (from keeping the baseline there): mean (what the rule costs on average) over the pools | {} over {} | smaller is better |",
            number(mean),
            all.shortfall.len()
        );
    }
    // Split by the halves' agreement over the first MIN_TRIALS trials (what the answer saw), and
    // over all the pool's trials (whether the pool's own validation rows can tell its trials
    // apart at all, so whether its best stopping point is more than the luck of a few trials).
    let splits = [
        (Some(true), None, format!("where the validation halves clearly rank the first {MIN_TRIALS} trials alike")),
        (Some(false), None, format!("where the validation halves do not clearly rank the first {MIN_TRIALS} trials alike")),
        (None, None, "without validation halves (the answer reads test values)".to_string()),
        (None, Some(true), "where the validation halves clearly rank all the pool's trials alike".to_string()),
        (None, Some(false), "where the validation halves do not clearly rank even all the pool's trials alike".to_string()),
    ];
    for (at_start, over_pool, words) in splits {
        let mut kept: Vec<f64> = all
            .agreement
            .iter()
            .filter(|(start, pool, _)| match over_pool {
                Some(_) => *pool == over_pool,
                None => *start == at_start,
            })
            .filter_map(|(_, _, share)| *share)
            .collect();
        if at_start.is_none() && over_pool.is_none() && kept.is_empty() {
            continue;
        }
        println!(
            "| the same, in pools {words}: median (interval), worst (pools) | {}, {} ({}) | |",
            median_and_interval(&mut kept),
            kept.iter()
                .copied()
                .reduce(f64::min)
                .map_or("n/a".into(), percent),
            kept.len()
        );
    }
    for (which, first) in [EARLY_MIN_TRIALS, MIN_TRIALS].into_iter().enumerate() {
        let mut best: Vec<f64> = all.oracle.iter().flatten().map(|o| o[which]).collect();
        let below = best.iter().filter(|&&share| share < 0.85).count();
        println!(
            "| the most any stopping point from {first} trials on keeps (an oracle that knows the pool): median, worst; pools under 85% | {}, {}; {below} of {} | |",
            if best.is_empty() { "n/a".into() } else { percent(median(&mut best)) },
            best.iter().copied().reduce(f64::min).map_or("n/a".into(), percent),
            best.len()
        );
    }
    let mut cost_rule: Vec<f64> = all.cost_rule_stopping.iter().flatten().copied().collect();
    println!(
        "| the same, had it stopped where the cost rule alone says (before 2026-12-01): median, worst | {}, {} | |",
        if cost_rule.is_empty() { "n/a".into() } else { percent(median(&mut cost_rule)) },
        cost_rule.iter().copied().reduce(f64::min).map_or("n/a".into(), percent)
    );
    let disagree = all.readings.iter().filter(|(agree, _)| !agree).count();
    let under: Vec<bool> = all
        .readings
        .iter()
        .filter(|(_, share)| share.is_some_and(|share| share < 0.85))
        .map(|(agree, _)| *agree)
        .collect();
    println!(
        "| pools whose validation halves (which decide) and test rows (which judge) disagree on whether going on from {MIN_TRIALS} trials to the whole pool pays, net of its cost; the same among the pools where stopping keeps under 85% | {disagree} of {}; {} of {} | |",
        all.readings.len(),
        under.iter().filter(|agree| !**agree).count(),
        under.len()
    );
    println!(
        "| pools where no sweep size pays (stopping share undefined) | {never} of {} | |",
        all.stopping.len()
    );
    for (kind, words, target) in [
        (
            TuningKind::DoesNotPay,
            "\"does not pay\"",
            "no pool where tuning pays",
        ),
        (
            TuningKind::Stop,
            "\"stop\" where the halves cannot tell the trials apart",
            "",
        ),
    ] {
        let fired: Vec<&Early> = all
            .early
            .iter()
            .flatten()
            .filter(|e| e.kind == kind)
            .collect();
        early_rows(&fired, all.early.len(), words, target);
    }
}

/// The rows of one kind of early answer (`words`), `fired` of `pools`.
fn early_rows(fired: &[&Early], pools: usize, words: &str, target: &str) {
    let after: Vec<String> = fired.iter().map(|e| e.after.to_string()).collect();
    println!(
        "| early {words} ({EARLY_MIN_TRIALS} to {} trials): pools where it came; the pool agrees | {} of {pools} (after {}); {} of {} | {target} |",
        MIN_TRIALS - 1,
        fired.len(),
        if after.is_empty() { "-".to_string() } else { after.join(", ") },
        fired.iter().filter(|e| e.agrees).count(),
        fired.len()
    );
    if fired.is_empty() {
        return;
    }
    let shown = |share: Option<f64>| share.map_or("n/a".to_string(), percent);
    println!(
        "| the same: share of the best kept following it; without it (where --stop auto would have stopped) | {} | no less than without it |",
        fired
            .iter()
            .map(|e| format!(
                "{}; {} (at {})",
                shown(e.kept),
                shown(e.kept_without),
                e.without
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut kept: Vec<f64> = fired.iter().filter_map(|e| e.kept).collect();
    let mut without: Vec<f64> = fired.iter().filter_map(|e| e.kept_without).collect();
    if !kept.is_empty() {
        let better = fired
            .iter()
            .filter(|e| matches!((e.kept, e.kept_without), (Some(a), Some(b)) if a > b))
            .count();
        println!(
            "| the same: median kept following it; without it; pools where it kept more | {}; {}; {better} of {} | |",
            percent(median(&mut kept)),
            percent(median(&mut without)),
            kept.len()
        );
    }
}

/// The median of `shares` (sorted in place) as a percentage, with its [`median_interval`] when
/// there are enough of them.
fn median_and_interval(shares: &mut [f64]) -> String {
    if shares.is_empty() {
        return "n/a".into();
    }
    let middle = percent(median(shares));
    match median_interval(shares) {
        Some((low, high)) => format!("{middle} ({} to {})", percent(low), percent(high)),
        None => middle,
    }
}

/// A distribution-free 90% interval of the median of the population `values` (sorted) were
/// drawn from: the order statistics `k` and `n + 1 - k` for the largest `k` at which the chance
/// that `Binomial(n, 1/2)` falls below `k` is at most 5% (coverage at least 90%). `None` for fewer
/// than 5 values, where no such `k` exists.
fn median_interval(sorted: &[f64]) -> Option<(f64, f64)> {
    let n = sorted.len();
    (1..=n / 2)
        .rev()
        .find(|&k| beta_cdf(0.5, (n + 1 - k) as f64, k as f64) <= (1.0 - BAND_LEVEL) / 2.0)
        .map(|k| (sorted[k - 1], sorted[n - k]))
}

/// Median of `values` (sorted in place), by the one quantile of `base::stats`.
fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    quantile(values, 0.5)
}
