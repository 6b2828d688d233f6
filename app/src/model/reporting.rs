//! Provincial-sheet reporting: import previews, periods, baselines and drift.

use serde::{Deserialize, Serialize};

use chrono::NaiveDate;

use crate::domain::money::Wan;
use crate::domain::period::Period;
use crate::domain::problem::Problem;

/// What an import would do, shown before anything is written.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub file_name: String,
    /// The year whose 本年 figures the file holds (project lists only).
    pub year: Option<i32>,
    /// Project rows read from the file.
    pub row_count: usize,
    pub creates: Vec<PreviewRow>,
    pub updates: Vec<PreviewRow>,
    pub unchanged: usize,
    pub problems: Vec<RowProblem>,
    /// Headings outside the template, left out of the import.
    pub ignored_columns: Vec<String>,
}

impl ImportPreview {
    /// Something would be written, and nothing stands in the way.
    pub fn can_commit(&self) -> bool {
        self.problems.is_empty() && !(self.creates.is_empty() && self.updates.is_empty())
    }
}

/// One project an import would create or change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewRow {
    /// The spreadsheet's row number.
    pub row: usize,
    pub name: String,
    /// (field, old, new) for updates; the fields set for creates.
    pub changes: Vec<(String, String, String)>,
}

/// The two passes over a large import, for progress reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportStage {
    Checking,
    Writing,
}

/// A problem with one cell (or row) of an import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    pub row: usize,
    /// The column heading; empty when the problem is with the whole row.
    pub column: String,
    pub problem: Problem,
}

/// The outcome of a confirmed import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOutcome {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// The 上报 and 报告期 page: locked periods and recorded batches.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportingOverview {
    pub periods: Vec<LockedPeriodInfo>,
    pub batches: Vec<BatchInfo>,
    /// The month a reporting officer would lock next: last month, as `2026-10`.
    pub suggested_period: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockedPeriodInfo {
    pub period: Period,
    /// Unix seconds.
    pub locked_at: i64,
    pub locked_by: String,
    pub project_count: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BatchInfo {
    pub reported_on: NaiveDate,
    pub batch: String,
    /// The locked period the batch reported from, if any.
    pub period: Option<Period>,
    pub file_format: String,
    pub project_count: i64,
    pub total_investment: Wan,
    pub username: String,
}

/// Current figures against a locked period's baseline, per project.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BaselineComparison {
    pub period: Option<Period>,
    pub rows: Vec<DriftRow>,
    /// Projects whose figures have not moved since the baseline.
    pub unchanged: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DriftRow {
    pub project_id: i64,
    pub name: String,
    pub unit: String,
    /// `None` for a project added since the baseline.
    pub baseline: Option<DriftFigures>,
    /// `None` for a project deleted since the baseline.
    pub current: Option<DriftFigures>,
}

/// The figures a baseline comparison looks at, in 万元.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DriftFigures {
    pub total: Wan,
    pub planned_this_year: Wan,
    pub completed_this_year: Wan,
    /// 累计完成投资: before this year plus this year.
    pub completed_to_date: Wan,
}
