//! Schedule baselines (计划基线) and slip, as the pages show them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use crate::domain::baseline::SlipBand;

/// An approved baseline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BaselineInfo {
    pub id: i64,
    pub name: String,
    pub approved_on: NaiveDate,
    pub approved_by: String,
    /// How many milestones it kept.
    pub milestones: i64,
}

/// A milestone's slip against a baseline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Slip {
    pub baseline: String,
    pub baseline_start: NaiveDate,
    pub baseline_due: NaiveDate,
    /// Days it is now due after the baseline's date (negative: earlier).
    pub days: i64,
}

/// A milestone that moved since the baseline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlipRow {
    pub id: i64,
    pub code: Option<String>,
    pub title: String,
    pub baseline_due: NaiveDate,
    pub due: NaiveDate,
    pub days: i64,
}

/// A milestone of the baseline or of the plan that the other does not have.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanChange {
    /// Set while the milestone exists.
    pub id: Option<i64>,
    pub code: Option<String>,
    pub title: String,
    pub due: NaiveDate,
}

/// The plan today against a baseline: slip by pillar and band, the furthest moved, and what was
/// added and removed since. Each list shows its first rows and says how many there are.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScheduleComparison {
    pub baselines: Vec<BaselineInfo>,
    pub chosen: Option<BaselineInfo>,
    /// (pillar id, band, milestones).
    pub bands: Vec<(i64, SlipBand, i64)>,
    pub moved: Vec<SlipRow>,
    pub moved_total: i64,
    pub added: Vec<PlanChange>,
    pub added_total: i64,
    pub removed: Vec<PlanChange>,
    pub removed_total: i64,
}

crate::model::query::url_filter! {
    /// `/baselines?baseline=3`: the baseline the plan is compared with (none: the newest).
    #[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub struct BaselineFilter {
        pub baseline: Option<i64>,
    }
}
