//! Ship the baseline, ship the candidate, or measure more.
//!
//! Input: the best candidate's net-value difference to the baseline (candidate - baseline) with
//! its 90% interval `[low, high]` (e.g. from the paired bootstrap of `value::bootstrap`), the
//! smallest gain worth switching for (`min_gain`, 0 if any gain is), and the number of evaluation
//! rows behind the interval.
//!
//! - **ship the candidate** when `low > min_gain`: even the pessimistic end clears the bar;
//! - **keep the baseline** when `high <= min_gain`: even the optimistic end falls short, or only
//!   reaches it (ties go to the model already in place);
//! - **inconclusive** otherwise, with roughly how many test rows would settle it as often as not. An
//!   interval's half-width shrinks as `1/sqrt(rows)`, so for the interval to stop straddling
//!   `min_gain` at an unchanged mean, the half-width `h` on the side facing `min_gain` must shrink
//!   to the distance `d = |mean - min_gain|`: `rows_needed = rows * (h / d)^2`. When `d` is tiny
//!   that number is useless, so more than [`MAX_GROWTH`] times the current rows reports none.

use crate::base::error::{Error, Result};
use crate::base::format::{interval, money, thousands, within_negligible_of};
use crate::base::special::normal_quantile;

/// The share of resamples below a 90% interval's low end.
const LEVEL_TAIL: f64 = 0.05;

/// Largest factor on the current rows the inconclusive case still reports as a row count.
pub const MAX_GROWTH: f64 = 1e4;

/// A difference in net value with its 90% interval.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Interval {
    /// Point estimate of candidate - baseline.
    pub mean: f64,
    /// Lower end of the 90% interval.
    pub low: f64,
    /// Upper end of the 90% interval.
    pub high: f64,
}

/// The three possible verdicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerdictKind {
    /// The baseline is at least as good as the candidate is worth switching for.
    ShipBaseline,
    /// The candidate beats the baseline by more than the minimum gain.
    ShipCandidate,
    /// The interval straddles the minimum gain.
    Inconclusive,
}

/// A verdict with its evidence.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Verdict {
    /// Which of the three.
    pub kind: VerdictKind,
    /// The difference it was based on.
    pub difference: Interval,
    /// Smallest gain worth switching for.
    pub min_gain: f64,
    /// Evaluation rows behind the interval.
    pub rows: u64,
    /// When inconclusive: about how many test rows in total would settle it; `None`
    /// otherwise, or when that is more than [`MAX_GROWTH`] times `rows`.
    pub rows_needed: Option<u64>,
    /// The verdict in one plain sentence.
    pub sentence: String,
}

impl Verdict {
    /// Whether it ships the candidate.
    pub fn ships_candidate(&self) -> bool {
        self.kind == VerdictKind::ShipCandidate
    }
}

/// The verdict on `candidate` (its name in the sentence) against the baseline; amounts in
/// `currency`; `share_above`, where the interval is a bootstrap's, the share of its resamples
/// whose difference is above 0 (which [`rows_to_settle`] reads when the interval's end sits on
/// the bar); `rows_that_differ`, where known (a priced run), the test rows the two models value
/// differently. See the module documentation. An error for non-finite numbers, `low > high` or
/// zero rows.
///
/// Two models that decide every test row alike (`rows_that_differ` of 0) differ by their costs
/// alone, and the interval measures nothing of what their decisions are worth on other rows: the
/// sentence says so, and an inconclusive one names no row count. On the priced calibration pools
/// such intervals held the population's own difference in 4 of 30 test sets of a run's own size
/// (`examples/rows_needed.rs`; README, calibration).
pub fn verdict(
    difference: Interval,
    min_gain: f64,
    rows: u64,
    candidate: &str,
    currency: &str,
    share_above: Option<f64>,
    rows_that_differ: Option<u64>,
) -> Result<Verdict> {
    let decided_alike = rows_that_differ == Some(0);
    let Interval { mean, low, high } = difference;
    if ![mean, low, high, min_gain].iter().all(|v| v.is_finite()) || low > high {
        return Err(Error::input(format!(
            "a verdict needs a finite difference and interval with low <= high, got {mean} [{low}, {high}] and minimum gain {min_gain}"
        )));
    }
    if rows == 0 {
        return Err(Error::input("a verdict needs at least one evaluation row"));
    }
    let interval = format!("90% interval {}", interval(low, high, currency));
    let bar = if min_gain == 0.0 {
        "0".to_string()
    } else {
        money(min_gain, currency)
    };
    let (kind, rows_needed, sentence) = if low > min_gain {
        (
            VerdictKind::ShipCandidate,
            None,
            format!(
                "ship the {candidate}: it earns {} than the baseline ({interval})",
                more_or_less(mean, currency)
            ),
        )
    } else if high <= min_gain || within_negligible_of(low, high, min_gain) {
        // Ties go to the baseline: an interval that only reaches the bar (two models that score
        // the same in every resample, as two perfect ones do), or that stays within what the
        // reports write as 0 of it (two near-perfect ones), shows no gain to switch for, and no
        // number of rows would make one.
        let why = if min_gain > 0.0 && high >= 0.0 {
            format!(", short of the {bar} worth switching for")
        } else {
            String::new()
        };
        (
            VerdictKind::ShipBaseline,
            None,
            format!(
                "keep the baseline: the {candidate} earns {} than it ({interval}){why}",
                more_or_less(mean, currency)
            ),
        )
    } else {
        let needed =
            rows_to_settle(mean, low, high, min_gain, rows, share_above).filter(|_| !decided_alike);
        let settle = match needed {
            Some(total) => settle_clause(total, rows),
            None if decided_alike => String::new(),
            None => format!("; the difference is so close to {bar} that no realistic number of test rows would settle it"),
        };
        (
            VerdictKind::Inconclusive,
            needed,
            format!(
                "inconclusive: the {candidate} earns {} than the baseline, but the {interval} includes {bar}{settle}",
                more_or_less(mean, currency)
            ),
        )
    };
    let sentence = if decided_alike {
        format!(
            "{sentence}; the two decide all {} test rows alike, so the interval holds only their cost difference: these rows cannot tell their decisions apart, and more rows would",
            thousands(rows as f64)
        )
    } else {
        sentence
    };
    Ok(Verdict {
        kind,
        difference,
        min_gain,
        rows,
        rows_needed,
        sentence,
    })
}

/// Total rows at which the half of the interval facing `min_gain` would shrink to the distance
/// between `mean` and `min_gain`; `None` if that is beyond [`MAX_GROWTH`] times `rows`.
///
/// An interval whose low end sits exactly on a bar of 0 is held there by resamples that land on
/// it (ties: two models scoring alike on the rows drawn, as near-perfect ones do on a few dozen
/// rows), not by its width, which then says nothing of the rows needed: "about 37 test rows (now
/// 36)" on scikit-learn's 178 wines. There the share of resamples above the bar (`share_above`)
/// decides: read as a normal's, the end clears the bar once mean / deviation, which grows as
/// `sqrt(rows)`, reaches the 95% quantile.
fn rows_to_settle(
    mean: f64,
    low: f64,
    high: f64,
    min_gain: f64,
    rows: u64,
    share_above: Option<f64>,
) -> Option<u64> {
    let distance = (mean - min_gain).abs();
    let half = if mean >= min_gain {
        mean - low
    } else {
        high - mean
    };
    // Compared as a ratio so a zero distance cannot divide: a mean on the bar stays on it however
    // many rows narrow the interval.
    if distance == 0.0 || distance * MAX_GROWTH.sqrt() < half {
        return None;
    }
    let on_the_bar = min_gain == 0.0 && mean > 0.0 && low == 0.0;
    let growth = match share_above.filter(|_| on_the_bar) {
        Some(share) => {
            let z = normal_quantile(share);
            if z.is_nan() || z <= 0.0 {
                return None;
            }
            (normal_quantile(1.0 - LEVEL_TAIL) / z).powi(2)
        }
        None => (half / distance).powi(2),
    };
    if growth > MAX_GROWTH {
        return None;
    }
    let growth = growth.max(1.0);
    // An interval whose end sits on the bar needs more rows than there are, however few: a
    // growth of 1 read "about 6 test rows (now 6) would settle it" on a 30-row file.
    let total = ((rows as f64 * growth).ceil() as u64).max(rows + 1);
    Some(two_figures_up(total))
}

/// "; about 36,000 test rows (now 9,000) would settle it as often as not": the rows at which
/// the interval's end would reach the bar were the observed difference the true one, so that a
/// fresh test set of that many rows lands on either side about equally often. Measured by
/// `examples/rows_needed.rs` (README, calibration): such sets settled 43% to 48% of inconclusive
/// verdicts; three times as many rows, 63% to 66%, not the 90% the same reckoning gives, since
/// the difference an inconclusive verdict observes is often larger than the true one.
pub fn settle_clause(total: u64, rows: u64) -> String {
    format!(
        "; about {} test rows (now {}) would settle it as often as not",
        thousands(total as f64),
        thousands(rows as f64)
    )
}

/// `count` rounded up to two significant figures. The rows that would settle a verdict are an
/// estimate (the interval's ends are themselves resampled, and it assumes the half-width shrinks
/// as 1/sqrt(rows)); to the row, KDD Cup 99's read "about 98,818 test rows (now 98,804) would
/// settle it", as if 14 rows would.
fn two_figures_up(count: u64) -> u64 {
    let mut scale = 1;
    while count / scale >= 100 {
        scale *= 10;
    }
    count.div_ceil(scale) * scale
}

/// "2,100 EUR more" or "300 EUR less".
fn more_or_less(amount: f64, currency: &str) -> String {
    if amount >= 0.0 {
        format!("{} more", money(amount, currency))
    } else {
        format!("{} less", money(-amount, currency))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The verdict on "forest" in EUR, with no bootstrap share.
    fn forest(difference: Interval, min_gain: f64, rows: u64) -> Verdict {
        verdict(difference, min_gain, rows, "forest", "EUR", None, None).unwrap()
    }

    fn diff(mean: f64, low: f64, high: f64) -> Interval {
        Interval { mean, low, high }
    }

    /// The rows that would settle a verdict are an estimate: two figures, rounded up, never
    /// fewer than the estimate itself.
    #[test]
    fn rows_to_settle_are_given_to_two_figures_rounded_up() {
        assert_eq!(two_figures_up(0), 0);
        assert_eq!(two_figures_up(7), 7);
        assert_eq!(two_figures_up(36), 36);
        assert_eq!(two_figures_up(101), 110);
        assert_eq!(two_figures_up(1_655), 1_700);
        assert_eq!(two_figures_up(36_000), 36_000);
        assert_eq!(two_figures_up(98_818), 99_000);
        // KDD Cup 99's interval, reaching 0 by a hair: a little more than the rows there are,
        // not 14 more.
        let needed = rows_to_settle(0.024, -0.000_001_6, 0.026, 0.0, 98_804, None);
        assert_eq!(needed, Some(99_000));
        // An end exactly on the bar: more rows than there are, not as many.
        assert_eq!(rows_to_settle(0.44, 0.0, 0.83, 0.0, 6, None), Some(7));
        // An end held on the bar by ties: the share of resamples above it decides. Scikit-learn's
        // wines, 36 test rows: +0.0032 ROC-AUC, interval 0 to +0.011, above 0 in a share of the
        // resamples that sets how far the end has to move.
        assert_eq!(
            rows_to_settle(0.0032, 0.0, 0.011, 0.0, 36, Some(0.90)),
            Some(60)
        );
        assert_eq!(
            rows_to_settle(0.0032, 0.0, 0.011, 0.0, 36, Some(0.60)),
            Some(1_600)
        );
        assert_eq!(
            rows_to_settle(0.0032, 0.0, 0.011, 0.0, 36, Some(0.40)),
            None
        );
        // Off the bar the width decides, as before.
        assert_eq!(
            rows_to_settle(0.024, -0.000_001_6, 0.026, 0.0, 98_804, Some(0.9)),
            Some(99_000)
        );
    }

    #[test]
    fn clear_win_ships_the_candidate() {
        let v = verdict(
            diff(2_100.0, 800.0, 3_400.0),
            0.0,
            9_042,
            "boosted model",
            "EUR",
            None,
            None,
        )
        .unwrap();
        assert_eq!(v.kind, VerdictKind::ShipCandidate);
        assert_eq!(v.rows_needed, None);
        assert_eq!(
            v.sentence,
            "ship the boosted model: it earns 2,100 EUR more than the baseline (90% interval +800 to +3,400 EUR)"
        );
    }

    #[test]
    fn a_tie_in_every_resample_keeps_the_baseline() {
        // Two models scoring a perfect ROC-AUC on all 36 test rows: the gain is 0 in every
        // resample. That read "inconclusive ... about 36 test rows (now 36) would settle it".
        let v = verdict(
            diff(0.0, 0.0, 0.0),
            0.0,
            36,
            "trial-0010",
            "ROC-AUC",
            None,
            None,
        )
        .unwrap();
        assert_eq!(v.kind, VerdictKind::ShipBaseline);
        assert_eq!(v.rows_needed, None);
        // A mean on the bar with the interval above it: no number of rows settles it.
        let v = verdict(
            diff(0.0, 0.0, 5.0),
            0.0,
            36,
            "trial-0010",
            "EUR",
            None,
            None,
        )
        .unwrap();
        assert_eq!(v.kind, VerdictKind::Inconclusive);
        assert_eq!(v.rows_needed, None);
        assert!(v.sentence.contains("no realistic number"), "{}", v.sentence);
        // Two near-perfect classifiers on KDD Cup 99's 98,804 test rows: the candidate is never
        // worse, by 0.00000005 ROC-AUC. That read "inconclusive ... 90% interval 0 to 0; about
        // 99,000 test rows (now 98,804) would settle it".
        let v = verdict(
            diff(5.4e-8, 0.0, 1.76e-7),
            0.0,
            98_804,
            "trial-0001",
            "ROC-AUC",
            None,
            None,
        )
        .unwrap();
        assert_eq!(v.kind, VerdictKind::ShipBaseline);
        assert_eq!(v.rows_needed, None);
        assert!(
            v.sentence
                .contains("(90% interval within 0.000001 of 0 ROC-AUC)"),
            "{}",
            v.sentence
        );
        // Just past it, the same shape is a finding to settle.
        let v = verdict(
            diff(5.4e-7, 0.0, 1.76e-6),
            0.0,
            98_804,
            "trial-0001",
            "ROC-AUC",
            None,
            None,
        )
        .unwrap();
        assert_eq!(v.kind, VerdictKind::Inconclusive);
    }

    #[test]
    fn clear_loss_or_too_small_a_gain_keeps_the_baseline() {
        let v = forest(diff(-500.0, -900.0, -100.0), 0.0, 1_000);
        assert_eq!(v.kind, VerdictKind::ShipBaseline);
        assert!(
            v.sentence
                .starts_with("keep the baseline: the forest earns 500 EUR less"),
            "{}",
            v.sentence
        );
        // Positive for sure, but below what switching is worth.
        let v = forest(diff(300.0, 100.0, 450.0), 500.0, 1_000);
        assert_eq!(v.kind, VerdictKind::ShipBaseline);
        assert!(
            v.sentence
                .ends_with("short of the 500 EUR worth switching for"),
            "{}",
            v.sentence
        );
        // The same interval clears a smaller bar.
        let v = forest(diff(300.0, 100.0, 450.0), 50.0, 1_000);
        assert_eq!(v.kind, VerdictKind::ShipCandidate);
    }

    #[test]
    fn straddling_interval_says_how_many_rows_would_settle_it() {
        // Half-width 500 around a mean of 250: rows * (500 / 250)^2 = 4x.
        let v = forest(diff(250.0, -250.0, 750.0), 0.0, 9_000);
        assert_eq!(v.kind, VerdictKind::Inconclusive);
        assert_eq!(v.rows_needed, Some(36_000));
        assert_eq!(
            v.sentence,
            "inconclusive: the forest earns 250 EUR more than the baseline, but the 90% interval -250 to +750 EUR includes 0; about 36,000 test rows (now 9,000) would settle it as often as not"
        );
        // Below the bar, the upper half is the one that has to shrink.
        let v = forest(diff(-100.0, -400.0, 200.0), 0.0, 1_000);
        assert_eq!(v.rows_needed, Some(9_000));
        // A mean of exactly 0 cannot be settled by more rows.
        let v = forest(diff(0.0, -300.0, 300.0), 0.0, 1_000);
        assert_eq!((v.kind, v.rows_needed), (VerdictKind::Inconclusive, None));
        assert!(v.sentence.contains("no realistic number"), "{}", v.sentence);
    }

    /// Two models that decide every test row alike differ by their costs alone: the verdict
    /// stands, says so, and an inconclusive one (costs drawn across 0) names no row count.
    #[test]
    fn models_that_decide_every_row_alike_are_said_to() {
        let alike = "; the two decide all 114 test rows alike, so the interval holds only their cost difference: these rows cannot tell their decisions apart, and more rows would";
        let alike_rows = |difference: Interval| {
            verdict(difference, 0.0, 114, "forest", "EUR", None, Some(0)).unwrap()
        };
        let v = alike_rows(diff(-12.5, -12.5, -12.5));
        assert_eq!(v.kind, VerdictKind::ShipBaseline);
        assert_eq!(
            v.sentence,
            format!("keep the baseline: the forest earns 13 EUR less than it (90% interval exactly -13 EUR){alike}")
        );
        assert_eq!(
            forest(diff(2.0, -4.0, 9.0), 0.0, 114).rows_needed,
            Some(1_100)
        );
        let v = alike_rows(diff(2.0, -4.0, 9.0));
        assert_eq!((v.kind, v.rows_needed), (VerdictKind::Inconclusive, None));
        assert_eq!(
            v.sentence,
            format!("inconclusive: the forest earns 2.00 EUR more than the baseline, but the 90% interval -4.00 to +9.00 EUR includes 0{alike}")
        );
        // A difference on the bar says more rows would tell the two apart, not that no number
        // of rows would settle it.
        let v = alike_rows(diff(0.0, -4.0, 9.0));
        assert_eq!(v.kind, VerdictKind::Inconclusive);
        assert!(forest(diff(0.0, -4.0, 9.0), 0.0, 114)
            .sentence
            .contains("no realistic number"));
        assert!(
            !v.sentence.contains("no realistic number"),
            "{}",
            v.sentence
        );
        assert!(v.sentence.ends_with(alike), "{}", v.sentence);
    }

    #[test]
    fn rejects_malformed_intervals() {
        assert!(verdict(diff(1.0, 2.0, 0.0), 0.0, 10, "m", "EUR", None, None).is_err());
        assert!(verdict(diff(f64::NAN, 0.0, 1.0), 0.0, 10, "m", "EUR", None, None).is_err());
        assert!(verdict(diff(1.0, 0.0, 2.0), 0.0, 0, "m", "EUR", None, None).is_err());
    }
}
