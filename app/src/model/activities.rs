//! The activity ledger (工作台账) as the pages and the command line see it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::query::url_filter;

/// One record as a form posts it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ActivityForm {
    #[serde(default)]
    pub activity_type: String,
    #[serde(default)]
    pub held_on: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub pillar: String,
    #[serde(default)]
    pub domain: String,
    #[serde(default)]
    pub participants: String,
    #[serde(default)]
    pub notes: String,
}

/// A kind of recurring work (集体学习, 数据讲堂 …) and the measure its count is told in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityTypeView {
    pub id: i64,
    pub name_zh: String,
    pub name_en: String,
    pub measure: String,
}

/// One record of the ledger.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityView {
    pub id: i64,
    pub version: i64,
    pub type_id: i64,
    pub type_name: String,
    pub held_on: NaiveDate,
    pub title: String,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    pub pillar_id: Option<i64>,
    pub domain_id: Option<i64>,
    pub participants: Option<i32>,
    pub notes: String,
    /// Evidence files (佐证材料).
    #[serde(default)]
    pub attachments: Vec<super::AttachmentView>,
}

url_filter! {
    /// Which records to list: a type, a date range (inclusive), a unit, pillar or domain, and the
    /// page; read from and written to the page's URL.
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct ActivityFilter {
        pub type_id: Option<i64>,
        pub from: Option<NaiveDate>,
        pub to: Option<NaiveDate>,
        pub unit_id: Option<i64>,
        pub pillar_id: Option<i64>,
        pub domain_id: Option<i64>,
        /// 1-based.
        pub page: Option<u32>,
    }
}

/// How many records of one type a period has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityCount {
    pub type_id: i64,
    pub name_zh: String,
    pub name_en: String,
    pub measure: String,
    pub count: i64,
}

/// One page of the ledger with the counts per type for the same filter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivitiesPage {
    pub rows: Vec<ActivityView>,
    /// Records matching the filter, over all pages.
    pub total: i64,
    pub page: u32,
    pub page_size: u32,
    pub counts: Vec<ActivityCount>,
    pub types: Vec<ActivityTypeView>,
    /// Units, pillars and domains a record may name, for the form.
    pub units: Vec<(i64, String)>,
    pub pillars: Vec<super::Named>,
    pub domains: Vec<super::Named>,
    /// The reader may add, edit and delete records (planners).
    pub can_edit: bool,
    /// The reader may add activity types (admins).
    pub can_administer: bool,
}

/// What importing one line of a ledger file would do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportOutcomeKind {
    New,
    /// The same record is in the ledger (or earlier in the file): skipped.
    Present,
    Problem,
}

/// One line of a ledger file as the preview shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityImportLine {
    /// The spreadsheet's row number.
    pub line: usize,
    pub held_on: String,
    pub type_name: String,
    pub title: String,
    pub outcome: ImportOutcomeKind,
    /// (field, problem) pairs; empty unless the outcome is a problem.
    pub problems: Vec<(String, crate::domain::problem::Problem)>,
}

/// The preview of a ledger file: the counts, every line with a problem (up to a limit) and the
/// first good lines.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityImportPreview {
    pub token: String,
    pub file_name: String,
    pub lines: Vec<ActivityImportLine>,
    pub new: usize,
    pub present: usize,
    pub problems: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::query;

    #[test]
    fn the_ledger_filter_lives_in_the_url() {
        let filter: ActivityFilter =
            query::parse("?type_id=2&from=2026-01-01&to=2026-13-01&page=2");
        assert_eq!(filter.type_id, Some(2));
        assert_eq!(filter.from, NaiveDate::from_ymd_opt(2026, 1, 1));
        assert_eq!(filter.to, None, "a date that cannot be read is left out");
        assert_eq!(filter.page, Some(2));
        assert_eq!(query::to_query(&filter), "type_id=2&from=2026-01-01&page=2");
        assert_eq!(
            query::parse::<ActivityFilter>(&query::to_query(&filter)),
            filter
        );
    }
}
