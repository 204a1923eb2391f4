//! The model-size frontier: which candidates are worth their cost, and where extra cost stops
//! paying.
//!
//! A point is one model with the cost of running it and the net value it earns, both in the same
//! currency over the same horizon. One point *dominates* another when it costs no more and earns
//! no less, and is strictly better in one of the two; the Pareto frontier is the set of points no
//! other point dominates.
//!
//! **Knee.** Because cost and value share a unit, the knee is the frontier point with the largest
//! `value - cost` (the cheaper one on a tie). Relative to it, every costlier frontier point adds
//! less value than it adds cost; on a concave frontier this is exactly the point after which the
//! value bought by each extra unit of cost falls below 1. No axis normalisation is involved, so
//! the knee does not move when a cheap, useless model is added to the set.

use crate::base::format::money;

/// One model on the cost/value plane.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FrontierPoint {
    /// Name shown to people, e.g. "1,000-tree forest".
    pub label: String,
    /// What the model costs (training, tuning, serving), in money.
    pub cost: f64,
    /// What the model earns, in the same currency and horizon as `cost`.
    pub value: f64,
}

/// The points no other point dominates, in increasing cost (and so increasing value). Points
/// with a non-finite cost or value are ignored; of identical points the first is kept.
pub fn pareto_frontier(points: &[FrontierPoint]) -> Vec<FrontierPoint> {
    let mut order: Vec<&FrontierPoint> = points
        .iter()
        .filter(|p| p.cost.is_finite() && p.value.is_finite())
        .collect();
    // Cheapest first and, at equal cost, most valuable first: a point then belongs to the
    // frontier exactly when it earns more than every point before it.
    order.sort_by(|a, b| a.cost.total_cmp(&b.cost).then(b.value.total_cmp(&a.value)));
    let mut frontier: Vec<FrontierPoint> = Vec::new();
    for point in order {
        if frontier.last().is_none_or(|last| point.value > last.value) {
            frontier.push(point.clone());
        }
    }
    frontier
}

/// Index into `frontier` (as returned by [`pareto_frontier`]) of the knee; `None` if empty.
pub fn knee(frontier: &[FrontierPoint]) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (index, point) in frontier.iter().enumerate() {
        let net = point.value - point.cost;
        if best.is_none_or(|(_, top)| net > top) {
            best = Some((index, net));
        }
    }
    best.map(|(index, _)| index)
}

/// One model against another in plain words, e.g. "the 1,000-tree forest earns 2,100 EUR more
/// than the baseline but costs 3,400 EUR more to run", with the 90% interval of what it earns
/// more, `earns_interval`, when given.
pub fn compare_sentence(
    model: &FrontierPoint,
    reference: &FrontierPoint,
    currency: &str,
    earns_interval: Option<(f64, f64)>,
) -> String {
    let earns = model.value - reference.value;
    let costs = model.cost - reference.cost;
    let earn_part = if earns >= 0.0 {
        format!("earns {} more", money(earns, currency))
    } else {
        format!("earns {} less", money(-earns, currency))
    };
    let earned = match earns_interval {
        Some((low, high)) => format!(
            " (90% interval {})",
            crate::base::format::interval(low, high, currency)
        ),
        None => String::new(),
    };
    let cost_part = if costs >= 0.0 {
        format!("costs {} more to run", money(costs, currency))
    } else {
        format!("costs {} less to run", money(-costs, currency))
    };
    // "but" only when the two halves pull in opposite directions.
    let joint = if (earns >= 0.0) == (costs >= 0.0) {
        "but"
    } else {
        "and"
    };
    let bottom = earns - costs;
    let net = if bottom >= 0.0 {
        format!("{} ahead after costs", money(bottom, currency))
    } else {
        format!("{} behind after costs", money(-bottom, currency))
    };
    format!(
        "the {} {earn_part} than the {}{earned} {joint} {cost_part}: {net}",
        model.label, reference.label
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(label: &str, cost: f64, value: f64) -> FrontierPoint {
        FrontierPoint {
            label: label.to_string(),
            cost,
            value,
        }
    }

    fn labels(points: &[FrontierPoint]) -> Vec<&str> {
        points.iter().map(|p| p.label.as_str()).collect()
    }

    #[test]
    fn frontier_keeps_only_undominated_points() {
        let points = vec![
            point("big", 100.0, 900.0),
            point("baseline", 10.0, 500.0),
            point("wasteful", 120.0, 850.0),
            point("same cost, worse", 10.0, 400.0),
            point("medium", 40.0, 800.0),
            point("cheap junk", 5.0, 100.0),
            point("medium twin", 40.0, 800.0),
            point("pricier equal", 60.0, 800.0),
            point("broken", f64::NAN, 1e9),
            point("huge", 400.0, 950.0),
        ];
        let frontier = pareto_frontier(&points);
        assert_eq!(
            labels(&frontier),
            vec!["cheap junk", "baseline", "medium", "big", "huge"]
        );
        // Knee by value - cost: junk 95, baseline 490, medium 760, big 800, huge 550.
        assert_eq!(knee(&frontier), Some(3));
        // Adding a cheaper useless model does not move it.
        let mut more = points.clone();
        more.push(point("free junk", 0.0, 0.0));
        let frontier = pareto_frontier(&more);
        assert_eq!(frontier[knee(&frontier).unwrap()].label, "big");
        assert_eq!(knee(&[]), None);
    }

    #[test]
    fn compare_sentence_reads_both_directions() {
        let baseline = point("baseline", 1_000.0, 10_000.0);
        let forest = point("1,000-tree forest", 4_400.0, 12_100.0);
        assert_eq!(
            compare_sentence(&forest, &baseline, "EUR", None),
            "the 1,000-tree forest earns 2,100 EUR more than the baseline but costs 3,400 EUR more to run: 1,300 EUR behind after costs"
        );
        let lean = point("small model", 500.0, 10_200.0);
        assert_eq!(
            compare_sentence(&lean, &baseline, "EUR", None),
            "the small model earns 200 EUR more than the baseline and costs 500 EUR less to run: 700 EUR ahead after costs"
        );
        assert_eq!(
            compare_sentence(&forest, &baseline, "EUR", Some((-400.0, 4_500.0))),
            "the 1,000-tree forest earns 2,100 EUR more than the baseline (90% interval -400 to +4,500 EUR) but costs 3,400 EUR more to run: 1,300 EUR behind after costs"
        );
    }
}
