//! The seeded, stratified train / validation / test split.
//!
//! Validation chooses (models, thresholds); test only reports the value of what was chosen.
//! Classes are split separately so each part keeps the class balance; regression targets are
//! stratified by deciles of the target for the same reason.

use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

use crate::base::error::{Error, Result};
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

/// Splits rows into train / validation / test with the given fractions, stratified by class
/// (or target decile), reproducible from `seed`.
pub fn stratified_split(
    target: &TargetValues,
    validation_fraction: f64,
    test_fraction: f64,
    seed: u64,
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
    for (part, rows) in [
        ("training", &split.train),
        ("validation", &split.validation),
        ("test", &split.test),
    ] {
        if rows.is_empty() {
            return Err(Error::input(format!(
                "too few rows to split: the {part} part would be empty"
            )));
        }
    }
    Ok(split)
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
        let split = stratified_split(&classes(y.clone(), 2), 0.2, 0.2, 7).unwrap();
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
        let a = stratified_split(&classes(y.clone(), 3), 0.2, 0.2, 1).unwrap();
        let b = stratified_split(&classes(y.clone(), 3), 0.2, 0.2, 1).unwrap();
        let c = stratified_split(&classes(y, 3), 0.2, 0.2, 2).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn regression_is_stratified_by_deciles() {
        let values: Vec<f64> = (0..1000).map(f64::from).collect();
        let split = stratified_split(&TargetValues::Values(values), 0.2, 0.2, 3).unwrap();
        let low_test = split.test.iter().filter(|&&r| r < 100).count();
        assert_eq!(low_test, 20);
    }
}
