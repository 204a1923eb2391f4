//! The checks of a `[value.cost_matrix]` against the data's classes.

use super::config::CostMatrix;
use super::number::{describe_number, Number};
use crate::base::error::{Error, Result};
use crate::base::task::class_position;

impl CostMatrix {
    /// The row (and column) of the matrix for the target's class `classes[class]`: the one its
    /// `classes` name as the data does (a true/false target's class in any case, `True`).
    pub fn row_of(&self, classes: &[String], class: usize) -> Option<usize> {
        self.classes
            .iter()
            .position(|name| class_position(classes, name) == Some(class))
    }

    /// Checks the matrix is square, its classes are exactly the data's classes (in any order)
    /// and named once each.
    pub fn check(&self, classes: &[String]) -> Result<()> {
        let k = self.classes.len();
        let mut named = Vec::with_capacity(k);
        for class in &self.classes {
            let Some(position) = class_position(classes, class) else {
                return Err(Error::input(format!(
                    "[value] cost_matrix.classes has `{class}`, which is not a class of the target (classes: {})",
                    quoted(classes)
                )));
            };
            if named.contains(&position) {
                return Err(Error::input(format!(
                    "[value] cost_matrix.classes names `{}` twice",
                    classes[position]
                )));
            }
            named.push(position);
        }
        if let Some(missing) = (0..classes.len())
            .find(|c| !named.contains(c))
            .map(|c| &classes[c])
        {
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
        // A negative cost is a gain; on a wrong call it would pay a model to be wrong, and is a
        // sign error (`-5` for a loss of 5, as tp/fp/fn/tn write payoffs). Until 2026-12-06 it
        // was priced as written.
        for (actual, row) in self.matrix.iter().enumerate() {
            for (predicted, cell) in row.iter().enumerate() {
                if actual != predicted && cell.least() < 0.0 {
                    let hint = match cell {
                        Number::Dist(_) => " (a distribution here must have low = 0 or more; truncate a normal with low = 0)",
                        _ => "",
                    };
                    return Err(Error::input(format!(
                        "[value] cost_matrix[{}, {}] = {} is negative: the matrix holds costs (a loss is positive), and a wrong call (off the diagonal) cannot gain; put in what it costs, 0 or more{hint}",
                        self.classes[actual],
                        self.classes[predicted],
                        describe_number(*cell)
                    )));
                }
            }
        }
        if self
            .matrix
            .iter()
            .all(|row| row.iter().all(|n| n.is_zero()))
        {
            return Err(Error::input(
                "[value] cost_matrix.matrix is all 0, so no decision costs anything and every model prices at 0: put in what each wrong call costs (the 0s worthit init writes are placeholders)",
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
