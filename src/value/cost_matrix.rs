//! The checks of a `[value.cost_matrix]` against the data's classes.

use super::config::CostMatrix;
use crate::base::error::{Error, Result};

impl CostMatrix {
    /// Checks the matrix is square, its classes are exactly the data's classes (in any order)
    /// and named once each.
    pub fn check(&self, classes: &[String]) -> Result<()> {
        let k = self.classes.len();
        for (i, class) in self.classes.iter().enumerate() {
            if self.classes[..i].contains(class) {
                return Err(Error::input(format!(
                    "[value] cost_matrix.classes names `{class}` twice"
                )));
            }
            if !classes.contains(class) {
                return Err(Error::input(format!(
                    "[value] cost_matrix.classes has `{class}`, which is not a class of the target (classes: {})",
                    quoted(classes)
                )));
            }
        }
        if let Some(missing) = classes.iter().find(|c| !self.classes.contains(c)) {
            return Err(Error::input(format!(
                "[value] cost_matrix.classes lacks the target's class `{missing}` (classes: {})",
                quoted(classes)
            )));
        }
        if self.matrix.len() != k {
            return Err(Error::input(format!(
                "[value] cost_matrix.matrix has {} rows; it needs {k}, one per class",
                self.matrix.len()
            )));
        }
        if let Some((row, cells)) = self.matrix.iter().enumerate().find(|(_, r)| r.len() != k) {
            return Err(Error::input(format!(
                "[value] cost_matrix.matrix row {} has {} entries; it needs {k}, one per class",
                row + 1,
                cells.len()
            )));
        }
        if self
            .matrix
            .iter()
            .all(|row| row.iter().all(|n| n.is_zero()))
        {
            return Err(Error::input(
                "[value] cost_matrix.matrix is all 0, so no decision costs anything and every model prices at 0: put in what each wrong call costs",
            ));
        }
        Ok(())
    }
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
