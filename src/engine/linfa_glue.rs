//! linfa trait implementations: our forests fit on a linfa `Dataset` of `f64` records with
//! `usize` labels (classification) or `f64` targets (regression), and predict with linfa's
//! `Predict`. All features are treated as numeric here; the CLI path also handles categories.

use linfa::dataset::{AsSingleTargets, DatasetBase};
use linfa::traits::{Fit, PredictInplace};
use ndarray::{Array1, Array2, ArrayBase, Data, Ix2};

use super::binning::{BinMapper, RawColumn};
use super::forest::{CheckedForestParams, RandomForest};
use super::tree::TargetRef;
use crate::base::error::Error;

/// A forest classifier fitted through linfa, with the binning it learned.
#[derive(Debug, Clone)]
pub struct ForestClassifier {
    mapper: BinMapper,
    forest: RandomForest,
}

/// A forest regressor fitted through linfa, with the binning it learned.
#[derive(Debug, Clone)]
pub struct ForestRegressor {
    mapper: BinMapper,
    forest: RandomForest,
}

fn columns_of<D: Data<Elem = f64>>(records: &ArrayBase<D, Ix2>) -> Vec<Vec<f64>> {
    records.columns().into_iter().map(|c| c.to_vec()).collect()
}

fn binned_parts<D: Data<Elem = f64>>(
    records: &ArrayBase<D, Ix2>,
    mapper: Option<&BinMapper>,
) -> (BinMapper, super::binning::BinnedMatrix) {
    let columns = columns_of(records);
    let raw: Vec<RawColumn<'_>> = columns.iter().map(|c| RawColumn::Numeric(c)).collect();
    let mapper = match mapper {
        Some(mapper) => mapper.clone(),
        None => {
            let rows: Vec<u32> = (0..records.nrows() as u32).collect();
            BinMapper::fit(&raw, &rows)
        }
    };
    let binned = mapper.transform(&raw);
    (mapper, binned)
}

impl<D, T> Fit<ArrayBase<D, Ix2>, T, Error> for CheckedForestParams
where
    D: Data<Elem = f64>,
    T: AsSingleTargets<Elem = usize>,
{
    type Object = ForestClassifier;

    fn fit(&self, dataset: &DatasetBase<ArrayBase<D, Ix2>, T>) -> Result<ForestClassifier, Error> {
        let labels = dataset.as_single_targets();
        if labels.len() != dataset.records.nrows() || labels.is_empty() {
            return Err(Error::input(
                "the dataset has no rows or mismatched targets",
            ));
        }
        let y: Vec<u32> = labels.iter().map(|&label| label as u32).collect();
        let n_classes = labels.iter().copied().max().unwrap_or(0) + 1;
        let (mapper, binned) = binned_parts(&dataset.records, None);
        let rows: Vec<u32> = (0..y.len() as u32).collect();
        let forest = self.fit_binned(&binned, TargetRef::Classes { y: &y, n_classes }, &rows);
        Ok(ForestClassifier { mapper, forest })
    }
}

impl ForestClassifier {
    /// Class probabilities, one row per record and one column per class.
    pub fn predict_proba<D: Data<Elem = f64>>(&self, records: &ArrayBase<D, Ix2>) -> Array2<f64> {
        let (_, binned) = binned_parts(records, Some(&self.mapper));
        let rows: Vec<u32> = (0..records.nrows() as u32).collect();
        let width = self.forest.output_width();
        let proba = self.forest.predict(&binned, &rows);
        Array2::from_shape_vec((records.nrows(), width), proba)
            .unwrap_or_else(|_| Array2::zeros((records.nrows(), width)))
    }

    /// The fitted forest.
    pub fn forest(&self) -> &RandomForest {
        &self.forest
    }
}

impl<D: Data<Elem = f64>> PredictInplace<ArrayBase<D, Ix2>, Array1<usize>> for ForestClassifier {
    fn predict_inplace(&self, records: &ArrayBase<D, Ix2>, labels: &mut Array1<usize>) {
        let proba = self.predict_proba(records);
        for (label, row) in labels.iter_mut().zip(proba.rows()) {
            // Ties go to the lowest class index, as in the metrics.
            let mut best = 0;
            for (class, &p) in row.iter().enumerate() {
                if p > row[best] {
                    best = class;
                }
            }
            *label = best;
        }
    }

    fn default_target(&self, records: &ArrayBase<D, Ix2>) -> Array1<usize> {
        Array1::zeros(records.nrows())
    }
}

/// Regression through linfa: `CheckedForestParams` wrapped so its `Fit` impl does not clash
/// with the classifier's.
#[derive(Debug, Clone)]
pub struct RegressionForestParams(pub CheckedForestParams);

impl<D, T> Fit<ArrayBase<D, Ix2>, T, Error> for RegressionForestParams
where
    D: Data<Elem = f64>,
    T: AsSingleTargets<Elem = f64>,
{
    type Object = ForestRegressor;

    fn fit(&self, dataset: &DatasetBase<ArrayBase<D, Ix2>, T>) -> Result<ForestRegressor, Error> {
        let targets = dataset.as_single_targets();
        if targets.len() != dataset.records.nrows() || targets.is_empty() {
            return Err(Error::input(
                "the dataset has no rows or mismatched targets",
            ));
        }
        let y: Vec<f64> = targets.to_vec();
        let (mapper, binned) = binned_parts(&dataset.records, None);
        let rows: Vec<u32> = (0..y.len() as u32).collect();
        let forest = self.0.fit_binned(&binned, TargetRef::Values(&y), &rows);
        Ok(ForestRegressor { mapper, forest })
    }
}

impl<D: Data<Elem = f64>> PredictInplace<ArrayBase<D, Ix2>, Array1<f64>> for ForestRegressor {
    fn predict_inplace(&self, records: &ArrayBase<D, Ix2>, values: &mut Array1<f64>) {
        let (_, binned) = binned_parts(records, Some(&self.mapper));
        let rows: Vec<u32> = (0..records.nrows() as u32).collect();
        for (slot, value) in values.iter_mut().zip(self.forest.predict(&binned, &rows)) {
            *slot = value;
        }
    }

    fn default_target(&self, records: &ArrayBase<D, Ix2>) -> Array1<f64> {
        Array1::zeros(records.nrows())
    }
}
