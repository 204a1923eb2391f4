//! What a run writes: `results.json` for machines, `report.md` for people.

pub mod markdown;
pub mod money;
pub mod results;
pub mod value_summary;
