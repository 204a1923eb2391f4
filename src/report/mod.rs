//! What a run writes: `results.json` for machines, `report.md` for people, charts for both.

pub mod charts;
pub mod features;
pub mod html;
pub mod markdown;
pub mod method;
pub mod models;
pub mod plots;
pub mod value_summary;
