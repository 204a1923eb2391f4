//! One histogram-based decision tree on binned features.
//!
//! Trees grow depth first. At each node the candidate features are visited in a random order;
//! for each one the rows' bins are gathered into a histogram of per-bin target statistics and
//! every split between bins is scored in one pass. Missing values (bin 0 of numeric features)
//! go to whichever side scores better: the learned default direction. Categorical features split
//! into a set of categories: categories are ordered by their target mean in the node (for each
//! class in multiclass tasks) and the best prefix of that order goes left, which is the optimal
//! partition for binary and regression targets (Breiman et al., 1984, section 9.4).

mod grow;
mod model;
mod node;
mod split;
mod target;
mod walk;

pub use grow::TreeLimits;
pub use model::Tree;
pub use node::{
    deepest_leaf, leaf_split, leaf_splits, split_sends_left, Node, LANES, LEAF, MAX_FEATURES,
};
pub use target::{Sample, TargetRef};
pub use walk::{GroupScratch, GATHER_SLACK};
