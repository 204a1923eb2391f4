//! What no file of a run folder worthit wrote can hold: a share or probability outside 0 to 1, a
//! negative time or cost, a metric outside the values it can take, an interval or band whose low
//! end is above its high end (a chart would draw it as a stray area, a sentence as "-3 to -9"). A `results.json` or a
//! `trials.jsonl` line edited by hand (or damaged) with such a value is refused when a run folder
//! is reopened or resumed, naming the key, rather than rendered as "a gain in 750% of them" (or,
//! from a checkpoint, written into a `results.json` that reopening then refuses).

use serde_json::Value;

use crate::base::format::parameter;

/// Keys that hold a share or a probability, 0 to 1 wherever they appear.
const SHARES: [&str; 8] = [
    "p_positive",
    "validation_fraction",
    "test_fraction",
    "level",
    "fraction",
    "share",
    "commonest",
    "leakage_score",
];

/// Keys that hold an amount never below 0 wherever they appear: prices, volumes, costs, sizes
/// (and every key ending in `seconds`).
const NON_NEGATIVE: [&str; 9] = [
    "cost",
    "training_cost",
    "serving_cost",
    "trial_cost",
    "sweep_cost",
    "cost_per_trial",
    "core_hour",
    "decisions_per_year",
    "mean_depth",
];

/// The first impossible value in `results` (a `results.json`, or a line of `trials.jsonl`, read
/// as JSON), as "key `PATH` is VALUE, but WHY"; `None` when every value is possible.
pub fn impossible(results: &Value) -> Option<String> {
    let mut path = String::new();
    first_impossible(results, &mut path, "")
}

/// Walks `value`, found at `path` under the key `key` (empty for an array's element, which
/// keeps its array's key), depth first.
fn first_impossible(value: &Value, path: &mut String, key: &str) -> Option<String> {
    match value {
        Value::Number(number) => {
            let n = number.as_f64()?;
            why_impossible(key, n).map(|why| format!("key `{path}` is {}, but {why}", shown(n)))
        }
        Value::Object(entries) => inverted_interval(entries, path).or_else(|| {
            entries.iter().find_map(|(name, entry)| {
                let length = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(name);
                let found = first_impossible(entry, path, name);
                path.truncate(length);
                found
            })
        }),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
            let length = path.len();
            path.push_str(&format!("[{i}]"));
            let found =
                inverted_band(key, item, path).or_else(|| first_impossible(item, path, key));
            path.truncate(length);
            found
        }),
        _ => None,
    }
}

/// The first pair of `entries` (an object at `path`) that holds an interval's ends, `low` and
/// `high` or `X_low` and `X_high`, with the low end above the high end. `X_at_low` and
/// `X_at_high` are not ends of one interval (a sensitivity's difference at each end of a range).
fn inverted_interval(entries: &serde_json::Map<String, Value>, path: &str) -> Option<String> {
    entries.iter().find_map(|(name, low)| {
        let prefix = name.strip_suffix("low")?;
        if !(prefix.is_empty() || prefix.ends_with('_')) || prefix.ends_with("_at_") {
            return None;
        }
        let high_key = format!("{prefix}high");
        let (low, high) = (low.as_f64()?, entries.get(&high_key)?.as_f64()?);
        (low > high).then(|| {
            let at = |key: &str| match path {
                "" => key.to_string(),
                path => format!("{path}.{key}"),
            };
            format!(
                "key `{}` is {}, above `{}` ({}), but an interval's low end is never above its high end",
                at(name),
                shown(low),
                at(&high_key),
                shown(high)
            )
        })
    })
}

/// An element of a `bands` array (each a curve point's `[low, high]`) whose low end is above its
/// high end, found at `path`.
fn inverted_band(key: &str, item: &Value, path: &str) -> Option<String> {
    if key != "bands" {
        return None;
    }
    let [low, high] = item.as_array()?.as_slice() else {
        return None;
    };
    let (low, high) = (low.as_f64()?, high.as_f64()?);
    (low > high).then(|| {
        format!(
            "key `{path}` is [{}, {}], but a band's low end is never above its high end",
            shown(low),
            shown(high)
        )
    })
}

/// Why the number `n` cannot be the value of `key`, if it cannot.
fn why_impossible(key: &str, n: f64) -> Option<String> {
    if SHARES.contains(&key) && !(0.0..=1.0).contains(&n) {
        return Some(format!("`{key}` is a share, between 0 and 1"));
    }
    if (NON_NEGATIVE.contains(&key) || key.ends_with("seconds")) && n < 0.0 {
        return Some(format!("`{key}` is never negative"));
    }
    // A metric past its best possible value by a rounding error (a pr_auc of
    // 1.0000000000000002, which runs before 2026-12-06 wrote for a perfect ranking) is that
    // value: the run folder stays readable.
    if (n - crate::metrics::best_possible(key)).abs() <= ROUNDING {
        return None;
    }
    crate::metrics::outside_range(key, n)
}

/// How far past its best possible value a stored metric may lie and still be read as it.
const ROUNDING: f64 = 1e-9;

/// `n` as the error names it: as a setting is written, unless that rounds it to a number that
/// reads as possible ("pr_auc is 1, but pr_auc lies between 0 and 1"): then every digit.
fn shown(n: f64) -> String {
    let written = parameter(n);
    match written.replace(',', "").parse::<f64>() {
        Ok(read) if read == n => written,
        _ if n.abs() < 1e15 => format!("{n}"),
        _ => written,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_out_of_range_is_named_by_its_path() {
        let results = serde_json::json!({
            "models": [{"test": {"roc_auc": 0.7}}],
            "value": {"best": {"difference": {"mean": -5.0, "p_positive": 7.5}}}
        });
        assert_eq!(
            impossible(&results).as_deref(),
            Some("key `value.best.difference.p_positive` is 7.5, but `p_positive` is a share, between 0 and 1")
        );
    }

    #[test]
    fn metrics_times_and_costs_are_held_to_their_ranges() {
        let metric = serde_json::json!({"models": [{"test": {"roc_auc": 0.7}}, {"validation_halves": [{"log_loss": 0.3}, {"roc_auc": 1.5}]}]});
        assert_eq!(
            impossible(&metric).as_deref(),
            Some("key `models[1].validation_halves[1].roc_auc` is 1.5, but roc_auc lies between 0 and 1")
        );
        let time = serde_json::json!({"timings": {"fit_seconds": -2}});
        assert_eq!(
            impossible(&time).as_deref(),
            Some("key `timings.fit_seconds` is -2, but `fit_seconds` is never negative")
        );
        // Money may be negative, and so may R2.
        let fine =
            serde_json::json!({"value": {"net_value": -1e9}, "models": [{"test": {"r2": -3.0}}]});
        assert_eq!(impossible(&fine), None);
    }

    #[test]
    fn an_interval_or_band_upside_down_is_named_and_a_sensitivity_range_is_not_one() {
        let interval = serde_json::json!({"value": {"best": {"difference": {"mean": 5.0, "low": 9.0, "high": 3.0}}}});
        assert_eq!(
            impossible(&interval).as_deref(),
            Some("key `value.best.difference.low` is 9, above `value.best.difference.high` (3), but an interval's low end is never above its high end")
        );
        let named = serde_json::json!({"analysis": {"break_even": {"next_gain_low": 1.5, "next_gain_high": -2.0}}});
        assert_eq!(
            impossible(&named).as_deref(),
            Some("key `analysis.break_even.next_gain_low` is 1.5, above `analysis.break_even.next_gain_high` (-2), but an interval's low end is never above its high end")
        );
        let band = serde_json::json!({"value": {"threshold_curves": [{"points": [[0.1, 4.0], [0.2, 5.0]], "bands": [[1.0, 6.0], [7.0, 2.0]]}]}});
        assert_eq!(
            impossible(&band).as_deref(),
            Some("key `value.threshold_curves[0].bands[1]` is [7, 2], but a band's low end is never above its high end")
        );
        // A sensitivity's differences at the two ends of a range may fall either way, and a
        // point's own values are no band.
        let fine = serde_json::json!({
            "value": {"sensitivity": [{"low": 1.0, "high": 2.0, "difference_at_low": 9.0, "difference_at_high": -4.0}],
                      "threshold_curves": [{"points": [[0.9, 0.1]], "bands": [[-1.0, -1.0]]}]}
        });
        assert_eq!(impossible(&fine), None);
    }

    #[test]
    fn a_metric_a_rounding_error_past_its_best_is_read_and_one_further_is_named_in_full() {
        // What runs before 2026-12-06 wrote for nine perfectly ranked positives: reopened.
        let rounded = serde_json::json!({"models": [{"validation_halves": [{"pr_auc": 1.0000000000000002}, {"log_loss": 0.0}]}]});
        assert_eq!(impossible(&rounded), None);
        // Past it by more, the error gives the value as it is, not "is 1".
        let past = serde_json::json!({"models": [{"test": {"pr_auc": 1.00001}}]});
        assert_eq!(
            impossible(&past).as_deref(),
            Some("key `models[0].test.pr_auc` is 1.00001, but pr_auc lies between 0 and 1")
        );
        let negative = serde_json::json!({"models": [{"test": {"rmse": -0.00001}}]});
        assert_eq!(
            impossible(&negative).as_deref(),
            Some("key `models[0].test.rmse` is -0.00001, but rmse is 0 or more")
        );
    }
}
