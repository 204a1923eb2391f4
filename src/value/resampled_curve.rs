//! The threshold and capacity curves on a bootstrap resample of their rows: every point of a
//! curve from one pass over the rows, so a band of 101 points costs about what one interval
//! does, not 101 of them.
//!
//! Each point keeps the rule the curve's point uses, fixed on the rows the curve is measured on:
//! the rows a threshold acts on, and the order capacity takes rows in (the model's expected
//! gain of acting, or of reviewing). Nothing is refitted per resample, so a point's band is the
//! sampling uncertainty of that rule's value on rows like these. A resample weighs each row by
//! the times it was drawn (`counts`, as [`super::bootstrap::resample_statistic`] gives them).
//!
//! A capacity stays a number of rows acted on: a resample has as many rows as the set, and the
//! team acts on as many of them, the highest in the order first, a row drawn twice being two
//! decisions (the last row taken may be taken for some of its copies only). Weighing the full
//! set's chosen rows instead would let a resample act on more rows than the capacity allows when
//! they happen to be drawn often, and leave it idle when they are not: the band would mix the
//! capacity's own sampling into the rows'.

use super::bootstrap::weighted_sum;
use super::capacity::{by_gain, gain_of_acting, rows_allowed, CapacityRows};
use super::payoff::RowPayoffs;

/// Threshold `k` of a curve of `steps` steps, as the curves' points compute it.
fn threshold(k: usize, steps: usize) -> f64 {
    k as f64 / steps as f64
}

/// The last step of a curve of `steps` whose threshold `p` reaches: a row acts at every step up
/// to it. `None` when it reaches none (no probability, or one below 0). The same comparisons as
/// the points make (`p >= k / steps`), so a probability on a threshold falls on its side.
fn last_step(p: f64, steps: usize) -> Option<usize> {
    if p.is_nan() || p < 0.0 {
        return None;
    }
    let mut k = ((p * steps as f64).floor() as usize).min(steps);
    while k < steps && p >= threshold(k + 1, steps) {
        k += 1;
    }
    while k > 0 && p < threshold(k, steps) {
        k -= 1;
    }
    Some(k)
}

/// A row some step acts on, as the resampled curves read it.
#[derive(Debug, Clone, Copy)]
struct Actionable {
    /// The row's index in the set.
    row: usize,
    /// The last step that acts on it (every step for a capacity curve).
    last: usize,
    /// What acting on it changes: its value acted on minus its value not.
    change: f64,
}

/// The first rows of an order taken until `allowed` decisions are (a row drawn `c` times is `c`
/// decisions), the last one taken in part: what a capacity acts on in a resample. Steps that
/// allow more take further along the same order; a row that stops qualifying leaves what it
/// added, and the next rows make up for it.
#[derive(Debug, Default)]
struct Fill {
    /// How far along the order rows were looked at.
    next: usize,
    /// Decisions taken, the last row's copies all counted.
    decisions: u64,
    /// Their changes summed, the last row's copies all counted.
    sum: f64,
    /// The change of the last row taken, of which the copies past `allowed` come off.
    last_change: f64,
}

impl Fill {
    /// Takes rows along `order` until `allowed` decisions are taken or the order ends;
    /// `qualifies(row)` tells whether a row can be acted on at this step.
    fn take(
        &mut self,
        allowed: u64,
        order: &[Actionable],
        counts: &[u32],
        qualifies: impl Fn(&Actionable) -> bool,
    ) {
        while self.decisions < allowed && self.next < order.len() {
            let row = &order[self.next];
            self.next += 1;
            // Without a branch on the copies, which a resample scatters at random (a third of
            // the rows are not drawn): a row not drawn adds 0. On 9,000 rows that took a
            // threshold curve's pass from 62 to 36 ms (2,000 resamples, 2 threads).
            let copies = if qualifies(row) { counts[row.row] } else { 0 };
            self.decisions += u64::from(copies);
            self.sum += f64::from(copies) * row.change;
            self.last_change = if copies > 0 {
                row.change
            } else {
                self.last_change
            };
        }
    }

    /// Takes back a row that no longer qualifies, if it was taken. Rows are taken until the
    /// allowance is reached, so without the last row (or with any other left out) fewer
    /// decisions than allowed remain and the next [`Fill::take`] goes on from there.
    fn leave(&mut self, position: usize, row: &Actionable, counts: &[u32]) {
        if position < self.next {
            let copies = counts[row.row];
            self.decisions -= u64::from(copies);
            self.sum -= f64::from(copies) * row.change;
        }
    }

    /// The change of the `allowed` decisions taken.
    fn value(&self, allowed: u64) -> f64 {
        self.sum - self.decisions.saturating_sub(allowed) as f64 * self.last_change
    }
}

/// A binary model's value against the decision threshold on a resample of its rows, as
/// [`super::decision::value_curve`] gives it on the rows themselves, or under capacity
/// [`super::capacity::capped_value_curve`].
#[derive(Debug, Clone)]
pub struct ThresholdBand {
    steps: usize,
    /// Each row's value when not acted on.
    idle: Vec<f64>,
    /// The rows some threshold acts on: in row order without capacity, in the order capacity
    /// takes them under it.
    actionable: Vec<Actionable>,
    /// Under capacity, the rows allowed and, for each step, the positions in `actionable` of
    /// the rows whose last step it is.
    capped: Option<(u64, Vec<Vec<usize>>)>,
}

impl ThresholdBand {
    /// The curve of `steps + 1` thresholds from 0 to 1 of probabilities `p` of rows whose
    /// truth is `y`, acting on at most `allowed` rows (`None`: no capacity).
    pub fn new(
        p: &[f64],
        y: &[bool],
        payoffs: &RowPayoffs,
        allowed: Option<usize>,
        steps: usize,
    ) -> Self {
        let steps = steps.max(1);
        let idle: Vec<f64> = (0..p.len())
            .map(|i| payoffs.payoff(i, y[i], false))
            .collect();
        let actionable_row = |row: usize| {
            last_step(p[row], steps).map(|last| Actionable {
                row,
                last,
                change: payoffs.payoff(row, y[row], true) - idle[row],
            })
        };
        let Some(allowed) = allowed else {
            return ThresholdBand {
                steps,
                actionable: (0..p.len()).filter_map(actionable_row).collect(),
                idle,
                capped: None,
            };
        };
        let gain = gain_of_acting(p, payoffs);
        let actionable: Vec<Actionable> = by_gain(&vec![true; p.len()], &gain)
            .into_iter()
            .filter_map(actionable_row)
            .collect();
        let mut leaving = vec![Vec::new(); steps + 1];
        for (position, row) in actionable.iter().enumerate() {
            leaving[row.last].push(position);
        }
        ThresholdBand {
            steps,
            idle,
            actionable,
            capped: Some((allowed as u64, leaving)),
        }
    }

    /// Points on the curve, `steps + 1`.
    pub fn points(&self) -> usize {
        self.steps + 1
    }

    /// The mean value per row at each threshold on the resample whose rows were drawn `counts`
    /// times, into `out` (`points()` values).
    pub fn values(&self, counts: &[u32], out: &mut [f64]) {
        let n = self.idle.len();
        if n == 0 {
            out.fill(0.0);
            return;
        }
        let idle = weighted_sum(counts, &self.idle);
        match &self.capped {
            None => {
                // A row acts at every step up to its last: its change counts at its last step
                // and, summed from the top step down, at every step below.
                let mut at_last = vec![0.0; self.steps + 1];
                for row in &self.actionable {
                    at_last[row.last] += f64::from(counts[row.row]) * row.change;
                }
                let mut change = 0.0;
                for (k, slot) in out.iter_mut().enumerate().rev() {
                    change += at_last[k];
                    *slot = (idle + change) / n as f64;
                }
            }
            Some((allowed, leaving)) => {
                let mut fill = Fill::default();
                for (k, slot) in out.iter_mut().enumerate() {
                    if k > 0 {
                        for &position in &leaving[k - 1] {
                            fill.leave(position, &self.actionable[position], counts);
                        }
                    }
                    fill.take(*allowed, &self.actionable, counts, |row| row.last >= k);
                    *slot = (idle + fill.value(*allowed)) / n as f64;
                }
            }
        }
    }
}

/// A model's value against capacity on a resample of its rows, as [`CapacityRows::curve`] gives
/// it on the rows themselves: at each step as many decisions as that capacity allows on as many
/// rows, the acting rows taken in the model's order.
#[derive(Debug, Clone)]
pub struct CapacityBand {
    steps: usize,
    /// Each row's value when not acted on.
    idle: Vec<f64>,
    /// The rows the model would act on, in the order capacity takes them.
    order: Vec<Actionable>,
}

impl CapacityBand {
    /// The curve of `steps + 1` capacities from no row to every row.
    pub fn new(rows: &CapacityRows, steps: usize) -> Self {
        let steps = steps.max(1);
        let order = rows
            .order()
            .into_iter()
            .map(|row| Actionable {
                row,
                last: steps,
                change: rows.acted[row] - rows.idle[row],
            })
            .collect();
        CapacityBand {
            steps,
            idle: rows.idle.clone(),
            order,
        }
    }

    /// Points on the curve, `steps + 1`.
    pub fn points(&self) -> usize {
        self.steps + 1
    }

    /// The mean value per row at each capacity on the resample whose rows were drawn `counts`
    /// times, into `out` (`points()` values).
    pub fn values(&self, counts: &[u32], out: &mut [f64]) {
        let n = self.idle.len();
        if n == 0 {
            out.fill(0.0);
            return;
        }
        let idle = weighted_sum(counts, &self.idle);
        let mut fill = Fill::default();
        for (k, slot) in out.iter_mut().enumerate() {
            let allowed = rows_allowed(threshold(k, self.steps), n) as u64;
            fill.take(allowed, &self.order, counts, |_| true);
            *slot = (idle + fill.value(allowed)) / n as f64;
        }
    }
}

#[cfg(test)]
mod tests;
