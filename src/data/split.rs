//! The seeded, stratified train / validation / test split.
//!
//! Validation chooses (models, thresholds); test only reports the value of what was chosen.
//! Classes are split separately so each part keeps the class balance; regression targets are
//! stratified by deciles of the target for the same reason.

use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

use crate::base::error::{Error, Result};
use crate::base::format::thousands;
use crate::base::random::{rng_for, Stream};
use crate::data::TargetValues;

/// Row indices of the three parts, each sorted ascending.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Split {
    /// Rows the models learn from.
    pub train: Vec<u32>,
    /// Rows that choose between models and thresholds.
    pub validation: Vec<u32>,
    /// Rows that report the chosen model's value.
    pub test: Vec<u32>,
}

/// The validation and test shares together stay below this, so that rows are left to train on.
pub const MAX_HELD_OUT: f64 = 0.95;

/// Rows the validation and the test part need at the least: every measure compares two classes
/// or two target values.
const LEAST_MEASURED_ROWS: usize = 2;

/// Splits rows into train / validation / test with the given fractions, stratified by class
/// (or target decile), reproducible from `seed`. A part left with too few rows is an error naming
/// the `[split]` key that sets it, the rows it leaves of those of `file` and the least it needs.
pub fn stratified_split(
    target: &TargetValues,
    validation_fraction: f64,
    test_fraction: f64,
    seed: u64,
    file: &str,
) -> Result<Split> {
    let strata = strata(target);
    let mut split = Split {
        train: Vec::new(),
        validation: Vec::new(),
        test: Vec::new(),
    };
    let mut rng = rng_for(seed, Stream::Split, 0);
    // Carried rounding keeps the overall sizes close to the fractions even with many small
    // strata (each stratum alone would round its own way).
    let mut carried_validation = 0.0;
    let mut carried_test = 0.0;
    for mut rows in strata {
        rows.shuffle(&mut rng);
        let n = rows.len() as f64;
        let n_test = (n * test_fraction + carried_test).round().max(0.0);
        carried_test += n * test_fraction - n_test;
        let n_validation = (n * validation_fraction + carried_validation)
            .round()
            .max(0.0);
        carried_validation += n * validation_fraction - n_validation;
        let n_test = (n_test as usize).min(rows.len());
        let n_validation = (n_validation as usize).min(rows.len() - n_test);
        split.test.extend_from_slice(&rows[..n_test]);
        split
            .validation
            .extend_from_slice(&rows[n_test..n_test + n_validation]);
        split
            .train
            .extend_from_slice(&rows[n_test + n_validation..]);
    }
    split.train.sort_unstable();
    split.validation.sort_unstable();
    split.test.sort_unstable();
    let total = split.train.len() + split.validation.len() + split.test.len();
    for (key, fraction, other, rows, least) in [
        (
            "validation + test",
            validation_fraction + test_fraction,
            0.0,
            &split.train,
            1,
        ),
        (
            "validation",
            validation_fraction,
            test_fraction,
            &split.validation,
            LEAST_MEASURED_ROWS,
        ),
        (
            "test",
            test_fraction,
            validation_fraction,
            &split.test,
            LEAST_MEASURED_ROWS,
        ),
    ] {
        if rows.len() < least {
            return Err(too_few_rows(
                key,
                fraction,
                other,
                rows.len(),
                least,
                total,
                file,
            ));
        }
    }
    Ok(split)
}

/// The error for a part that `[split] key = fraction` leaves with `rows` of the `total` rows of
/// `file` with a target, fewer than the `least` it needs: the share that would give it enough
/// (two significant digits, rounded up), or, when that leaves too little to train on (`other`
/// is the other held-out share), that the file is too small. Until 2026-12-06 it read "too few
/// rows to split: the validation part would be empty", naming the data file, not the key.
fn too_few_rows(
    key: &str,
    fraction: f64,
    other: f64,
    rows: usize,
    least: usize,
    total: usize,
    file: &str,
) -> Error {
    let part = match key {
        "validation + test" => "training",
        part => part,
    };
    let leaves = format!(
        "[split] {key} = {fraction} leaves {} of the {} rows of {file} with a target for {part}, which needs at least {least}",
        thousands(rows as f64),
        thousands(total as f64)
    );
    let needed = least as f64 / total.max(1) as f64;
    let scale = 10_f64.powf(1.0 - needed.log10().floor());
    let share = (needed * scale).ceil() / scale;
    let room = total > 2 * LEAST_MEASURED_ROWS;
    if part != "training" && room && share + other < MAX_HELD_OUT {
        Error::input(format!("{leaves}: set {key} to {share} or more"))
    } else {
        Error::input(format!("{leaves}: the file has too few rows to split"))
    }
}

fn strata(target: &TargetValues) -> Vec<Vec<u32>> {
    match target {
        TargetValues::Classes { y, classes, .. } => {
            let mut strata = vec![Vec::new(); classes.len()];
            for (row, &class) in y.iter().enumerate() {
                strata[class as usize].push(row as u32);
            }
            strata
        }
        TargetValues::Values(values) => {
            let mut order: Vec<u32> = (0..values.len() as u32).collect();
            order.sort_by(|&a, &b| {
                values[a as usize]
                    .total_cmp(&values[b as usize])
                    .then(a.cmp(&b))
            });
            let n_strata = 10.min(order.len().max(1));
            let size = order.len().div_ceil(n_strata);
            order.chunks(size.max(1)).map(<[u32]>::to_vec).collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(y: Vec<u32>, n: usize) -> TargetValues {
        TargetValues::Classes {
            y,
            classes: (0..n).map(|c| c.to_string()).collect(),
            positive: None,
        }
    }

    #[test]
    fn sizes_and_stratification() {
        let y: Vec<u32> = (0..1000).map(|i| u32::from(i % 10 == 0)).collect();
        let split = stratified_split(&classes(y.clone(), 2), 0.2, 0.2, 7, "d.csv").unwrap();
        assert_eq!(split.train.len(), 600);
        assert_eq!(split.validation.len(), 200);
        assert_eq!(split.test.len(), 200);
        let positives = |rows: &[u32]| rows.iter().filter(|&&r| y[r as usize] == 1).count();
        assert_eq!(positives(&split.train), 60);
        assert_eq!(positives(&split.validation), 20);
        assert_eq!(positives(&split.test), 20);
        let mut all: Vec<u32> = [split.train, split.validation, split.test].concat();
        all.sort_unstable();
        assert_eq!(all, (0..1000).collect::<Vec<u32>>());
    }

    #[test]
    fn same_seed_same_split_other_seed_differs() {
        let y: Vec<u32> = (0..500).map(|i| i % 3).collect();
        let a = stratified_split(&classes(y.clone(), 3), 0.2, 0.2, 1, "d.csv").unwrap();
        let b = stratified_split(&classes(y.clone(), 3), 0.2, 0.2, 1, "d.csv").unwrap();
        let c = stratified_split(&classes(y, 3), 0.2, 0.2, 2, "d.csv").unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn a_share_too_small_names_its_key_the_rows_it_leaves_and_the_share_needed() {
        let y: Vec<u32> = (0..300).map(|i| u32::from(i % 3 == 0)).collect();
        let err = stratified_split(&classes(y.clone(), 2), 0.001, 0.2, 7, "d.csv")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "[split] validation = 0.001 leaves 0 of the 300 rows of d.csv with a target for validation, which needs at least 2: set validation to 0.0067 or more"
        );
        // One row is too few as well: no measure compares anything on it.
        let err = stratified_split(&classes(y.clone(), 2), 0.2, 0.004, 7, "d.csv")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("[split] test = 0.004 leaves 1 of the 300 rows"),
            "{err}"
        );
        // The share it asks for is enough.
        let split = stratified_split(&classes(y, 2), 0.0067, 0.2, 7, "d.csv").unwrap();
        assert_eq!(split.validation.len(), 2);
        // A file too small for any split says so instead of asking for a share.
        let err = stratified_split(&classes(vec![0, 1, 0, 1], 2), 0.2, 0.2, 7, "t.csv")
            .unwrap_err()
            .to_string();
        assert!(
            err.ends_with("of the 4 rows of t.csv with a target for validation, which needs at least 2: the file has too few rows to split"),
            "{err}"
        );
    }

    #[test]
    fn regression_is_stratified_by_deciles() {
        let values: Vec<f64> = (0..1000).map(f64::from).collect();
        let split = stratified_split(&TargetValues::Values(values), 0.2, 0.2, 3, "d.csv").unwrap();
        let low_test = split.test.iter().filter(|&&r| r < 100).count();
        assert_eq!(low_test, 20);
    }
}
