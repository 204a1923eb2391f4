//! What a run writes: `results.json` for machines, `report.md` for people.

pub mod markdown;
pub mod plots;
pub mod results;
