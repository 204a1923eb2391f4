//! Quantile binning: every feature becomes a column of `u8` bin indices, computed once per
//! dataset and shared by every model of a run.
//!
//! Bin 0 holds missing values (numeric features) or missing and rare categories (categorical
//! features); bins 1..=255 hold values. Bin edges come from the training rows only, so
//! validation and test rows never shape the model.

use serde::{Deserialize, Serialize};

/// The bin of missing values.
pub const MISSING_BIN: u8 = 0;
/// Most value bins a feature gets (bins 1..=255).
pub const MAX_VALUE_BINS: usize = 255;
/// Bins a feature can take, the missing bin included: every `u8`, so histograms indexed by a
/// bin need no bounds check.
pub const BINS: usize = u8::MAX as usize + 1;
/// Features whose bins one pass over a node's (or leaf's) rows gathers, in both engines. A bin's
/// additions wait for each other when row after row falls in it, so more features in flight hide
/// that wait: 100 boosting rounds on bank-marketing (`examples/boost_bench.rs`) fit in 0.137 to
/// 0.150 s with four against 0.153 to 0.173 s with two, and in 0.146 to 0.155 s with eight
/// (2026-12-05). Both engines' passes dispatch on at most four.
pub const FEATURES_PER_PASS: usize = 4;
const _: () = assert!(FEATURES_PER_PASS <= 4);
/// Numeric edges are computed from at most this many training values (evenly strided), which
/// keeps binning fast on millions of rows and changes quantiles by less than a bin's width.
const QUANTILE_SAMPLE: usize = 200_000;

/// One raw feature column, borrowed.
#[derive(Debug, Clone, Copy)]
pub enum RawColumn<'a> {
    /// Numbers; NaN means missing.
    Numeric(&'a [f64]),
    /// Category codes (an index into the column's levels); [`MISSING_CODE`] means missing.
    Categorical(&'a [u32]),
}

/// The category code of a missing value.
pub const MISSING_CODE: u32 = u32::MAX;

impl RawColumn<'_> {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            RawColumn::Numeric(values) => values.len(),
            RawColumn::Categorical(codes) => codes.len(),
        }
    }

    /// True when the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// How one feature maps raw values to bins.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub enum ColumnBins {
    /// Value `v` goes to bin `1 + #{edges < v}`: each edge is the inclusive upper bound of a bin.
    Numeric {
        /// Sorted upper bounds; the last bin is open.
        edges: Vec<f64>,
    },
    /// Category code `c` goes to bin `code_to_bin[c]`; codes beyond the table go to bin 0.
    Categorical {
        /// Bin of each category code.
        code_to_bin: Vec<u8>,
    },
}

impl ColumnBins {
    /// Number of bins in use, counting bin 0.
    pub fn n_bins(&self) -> usize {
        match self {
            ColumnBins::Numeric { edges } => edges.len() + 2,
            ColumnBins::Categorical { code_to_bin } => code_to_bin
                .iter()
                .copied()
                .max()
                .map_or(1, |b| b as usize + 1),
        }
    }

    /// True for categorical features (splits send a set of bins left, not a range).
    pub fn is_categorical(&self) -> bool {
        matches!(self, ColumnBins::Categorical { .. })
    }

    fn bin_numeric(edges: &[f64], value: f64) -> u8 {
        if value.is_nan() {
            MISSING_BIN
        } else {
            // At most 254 edges, so the index fits in u8 after adding 1.
            (1 + edges.partition_point(|&edge| edge < value)) as u8
        }
    }

    fn bin_code(code_to_bin: &[u8], code: u32) -> u8 {
        code_to_bin
            .get(code as usize)
            .copied()
            .unwrap_or(MISSING_BIN)
    }
}

/// The binning of every feature, learned from training rows.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BinMapper {
    /// One entry per feature, in feature order.
    pub columns: Vec<ColumnBins>,
}

/// A column-major matrix of bin indices: `bins[feature * n_rows + row]`.
#[derive(Debug, Clone)]
pub struct BinnedMatrix {
    /// Number of rows.
    pub n_rows: usize,
    /// Bins per feature (counting bin 0).
    pub n_bins: Vec<usize>,
    /// Whether each feature is categorical.
    pub categorical: Vec<bool>,
    data: Vec<u8>,
}

impl BinnedMatrix {
    /// Number of features.
    pub fn n_features(&self) -> usize {
        self.n_bins.len()
    }

    /// The bins of one feature, indexed by row.
    #[inline]
    pub fn column(&self, feature: usize) -> &[u8] {
        &self.data[feature * self.n_rows..(feature + 1) * self.n_rows]
    }

    /// The bins of `rows`, row by row (`out[i * n_features + feature]`): prediction walks every
    /// tree for a chunk of rows, and reading a few kilobytes beats jumping through the
    /// column-major matrix at every node.
    pub fn row_major(&self, rows: &[u32]) -> Vec<u8> {
        let n_features = self.n_features();
        let mut out = vec![0u8; rows.len() * n_features];
        for feature in 0..n_features {
            let column = self.column(feature);
            for (i, &row) in rows.iter().enumerate() {
                out[i * n_features + feature] = column[row as usize];
            }
        }
        out
    }

    /// Bytes held by the matrix.
    pub fn bytes(&self) -> usize {
        self.data.len()
    }
}

impl BinMapper {
    /// Learns bin edges (numeric) and category bins (categorical) from the rows in `train_rows`.
    pub fn fit(columns: &[RawColumn<'_>], train_rows: &[u32]) -> BinMapper {
        use rayon::prelude::*;
        let columns = columns
            .par_iter()
            .map(|column| match column {
                RawColumn::Numeric(values) => ColumnBins::Numeric {
                    edges: numeric_edges(values, train_rows),
                },
                RawColumn::Categorical(codes) => ColumnBins::Categorical {
                    code_to_bin: category_bins(codes, train_rows),
                },
            })
            .collect();
        BinMapper { columns }
    }

    /// Bins every row of `columns` (which must have the features this mapper was fitted on).
    pub fn transform(&self, columns: &[RawColumn<'_>]) -> BinnedMatrix {
        use rayon::prelude::*;
        let n_rows = columns.first().map_or(0, RawColumn::len);
        let mut data = vec![0u8; n_rows * columns.len()];
        if n_rows > 0 {
            data.par_chunks_mut(n_rows)
                .zip(columns.par_iter().zip(self.columns.par_iter()))
                .for_each(|(out, (column, bins))| match (column, bins) {
                    (RawColumn::Numeric(values), ColumnBins::Numeric { edges }) => {
                        for (slot, &value) in out.iter_mut().zip(values.iter()) {
                            *slot = ColumnBins::bin_numeric(edges, value);
                        }
                    }
                    (RawColumn::Categorical(codes), ColumnBins::Categorical { code_to_bin }) => {
                        for (slot, &code) in out.iter_mut().zip(codes.iter()) {
                            *slot = ColumnBins::bin_code(code_to_bin, code);
                        }
                    }
                    // A numeric column under a categorical mapper (or the reverse) cannot come
                    // from our own pipeline; every row then counts as missing.
                    _ => out.fill(MISSING_BIN),
                });
        }
        BinnedMatrix {
            n_rows,
            n_bins: self.columns.iter().map(ColumnBins::n_bins).collect(),
            categorical: self
                .columns
                .iter()
                .map(ColumnBins::is_categorical)
                .collect(),
            data,
        }
    }
}

/// Upper bin edges from the training values: every distinct value gets its own bin when there
/// are at most 255, otherwise edges sit at evenly spaced quantiles.
fn numeric_edges(values: &[f64], train_rows: &[u32]) -> Vec<f64> {
    let stride = train_rows.len().div_ceil(QUANTILE_SAMPLE).max(1);
    let mut sample: Vec<f64> = train_rows
        .iter()
        .step_by(stride)
        .map(|&row| values[row as usize])
        .filter(|value| !value.is_nan())
        .collect();
    if sample.is_empty() {
        return Vec::new();
    }
    sample.sort_unstable_by(f64::total_cmp);
    let mut distinct = sample.clone();
    distinct.dedup();
    if distinct.len() <= MAX_VALUE_BINS {
        // Midpoints keep unseen values between two training values on the nearer side.
        return distinct
            .windows(2)
            .map(|pair| pair[0] + (pair[1] - pair[0]) / 2.0)
            .collect();
    }
    let mut edges: Vec<f64> = (1..MAX_VALUE_BINS)
        .map(|k| sample[k * sample.len() / MAX_VALUE_BINS])
        .collect();
    edges.dedup();
    // The largest value needs no upper bound: the last bin is open.
    if edges.last() == distinct.last() {
        edges.pop();
    }
    edges
}

/// Bins of category codes: the 255 most frequent training categories get bins 1..=255 (most
/// frequent first); missing, rarer and unseen categories share bin 0.
fn category_bins(codes: &[u32], train_rows: &[u32]) -> Vec<u8> {
    let n_codes = codes
        .iter()
        .filter(|&&code| code != MISSING_CODE)
        .map(|&code| code as usize + 1)
        .max()
        .unwrap_or(0);
    let mut counts = vec![0usize; n_codes];
    for &row in train_rows {
        let code = codes[row as usize];
        if code != MISSING_CODE {
            counts[code as usize] += 1;
        }
    }
    let mut order: Vec<usize> = (0..n_codes).filter(|&code| counts[code] > 0).collect();
    order.sort_by(|&a, &b| counts[b].cmp(&counts[a]).then(a.cmp(&b)));
    let mut code_to_bin = vec![MISSING_BIN; n_codes];
    for (rank, &code) in order.iter().take(MAX_VALUE_BINS).enumerate() {
        code_to_bin[code] = (rank + 1) as u8;
    }
    code_to_bin
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_distinct_values_get_one_bin_each() {
        let values = [3.0, 1.0, 2.0, f64::NAN, 2.0];
        let rows: Vec<u32> = (0..5).collect();
        let mapper = BinMapper::fit(&[RawColumn::Numeric(&values)], &rows);
        let binned = mapper.transform(&[RawColumn::Numeric(&values)]);
        assert_eq!(binned.column(0), &[3, 1, 2, 0, 2]);
        // Unseen values fall to the nearer neighbour's bin.
        let unseen = [1.4, 1.6, 10.0, -5.0];
        let binned = mapper.transform(&[RawColumn::Numeric(&unseen)]);
        assert_eq!(binned.column(0), &[1, 2, 3, 1]);
    }

    #[test]
    fn many_values_use_at_most_255_bins_in_order() {
        let values: Vec<f64> = (0..10_000).map(|i| ((i * 7919) % 10_000) as f64).collect();
        let rows: Vec<u32> = (0..10_000).collect();
        let mapper = BinMapper::fit(&[RawColumn::Numeric(&values)], &rows);
        let binned = mapper.transform(&[RawColumn::Numeric(&values)]);
        let column = binned.column(0);
        assert!(binned.n_bins[0] <= 256);
        let max_bin = *column.iter().max().unwrap();
        assert!(max_bin >= 250, "uses nearly all bins: {max_bin}");
        for i in 0..values.len() {
            for j in 0..values.len().min(50) {
                if values[i] < values[j] {
                    assert!(column[i] <= column[j]);
                }
            }
        }
    }

    #[test]
    fn edges_come_from_training_rows_only() {
        let values = [1.0, 2.0, 100.0, 200.0];
        let mapper = BinMapper::fit(&[RawColumn::Numeric(&values)], &[0, 1]);
        let binned = mapper.transform(&[RawColumn::Numeric(&values)]);
        assert_eq!(binned.column(0), &[1, 2, 2, 2]);
    }

    #[test]
    fn categories_binned_by_frequency() {
        let codes = [0, 1, 1, 2, 1, 2, MISSING_CODE, 3];
        let rows: Vec<u32> = (0..7).collect(); // code 3 never seen in training
        let mapper = BinMapper::fit(&[RawColumn::Categorical(&codes)], &rows);
        let binned = mapper.transform(&[RawColumn::Categorical(&codes)]);
        assert_eq!(binned.column(0), &[3, 1, 1, 2, 1, 2, 0, 0]);
        assert!(binned.categorical[0]);
    }
}
