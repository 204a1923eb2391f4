//! The run folder on disk: staged and committed atomically, checkpointed per finished model,
//! with the per-row prediction and split files every later step reads instead of training again.

pub mod check;
pub mod checkpoint;
pub mod lock;
pub mod predictions;
pub mod staging;
