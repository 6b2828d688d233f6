//! The figures a 工作总结 (work report) needs, gathered from live data, so the sentences the
//! county's report left as `*` come from the tracker. The sentences are written by the locale.

use chrono::NaiveDate;

use super::money::Wan;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorkFigures {
    pub today: NaiveDate,
    pub milestones: usize,
    pub done: usize,
    pub actual: f64,
    pub expected: f64,
    pub behind: usize,
    /// Milestones completed since 1 January of this year, per pillar (in pillar order).
    pub completed_this_year: Vec<(String, usize)>,
    pub projects_major: i64,
    pub projects_information: i64,
    pub total_investment: Wan,
    pub completed_investment: Wan,
    /// Units whose information projects were surveyed.
    pub units_surveyed: i64,
    pub open_problems: i64,
    pub overdue_problems: usize,
    /// The activity ledger since 1 January: (type in the reader's language, measure, count).
    pub activities: Vec<(String, String, i64)>,
}
