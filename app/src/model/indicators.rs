//! Indicators (指标) and the 工作总结 document as the pages and the command line see them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{ActivityTypeView, Named};

/// An indicator as its form posts it. `source` is `entered`, `ledger:{type id}` or
/// `computed:{key}`; `direction` is `higher` or `lower`; `pinned` is set when ticked.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IndicatorForm {
    #[serde(default)]
    pub name_zh: String,
    #[serde(default)]
    pub name_en: String,
    #[serde(default)]
    pub measure: String,
    #[serde(default)]
    pub direction: String,
    #[serde(default)]
    pub period: String,
    #[serde(default)]
    pub aggregate: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub pillar: String,
    #[serde(default)]
    pub domain: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub target_year: String,
    #[serde(default)]
    pub target: String,
    #[serde(default)]
    pub pinned: String,
}

/// A value of an entered indicator: any day in its period (or `2026-06` for a month).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IndicatorValueForm {
    #[serde(default)]
    pub period_day: String,
    #[serde(default)]
    pub value: String,
    #[serde(default)]
    pub note: String,
}

/// One indicator and where it stands in the year of the day shown. Figures are hundredths of
/// the measure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorView {
    pub id: i64,
    pub version: i64,
    pub name_zh: String,
    pub name_en: String,
    pub measure: String,
    pub higher_is_better: bool,
    /// `month`, `quarter` or `year`.
    pub period: String,
    /// `sum` or `latest`.
    pub aggregate: String,
    /// `entered`, `ledger:{type id}` or `computed:{key}`.
    pub source: String,
    pub pillar_id: Option<i64>,
    pub domain_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub unit_name: Option<String>,
    pub pinned: bool,
    pub year: i32,
    pub value: Option<i64>,
    pub target: Option<i64>,
    pub expected: Option<i64>,
    pub on_track: Option<bool>,
    /// The last periods' values up to the day, oldest first (the sparkline).
    pub trend: Vec<(NaiveDate, i64)>,
    /// An entered indicator's recorded values, newest first, with their evidence (the 指标
    /// page only).
    #[serde(default)]
    pub values: Vec<IndicatorValueView>,
}

/// One recorded value of an entered indicator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorValueView {
    pub id: i64,
    pub starts_on: NaiveDate,
    pub value: i64,
    pub note: String,
    pub attachments: Vec<super::AttachmentView>,
}

/// The 指标 page: the indicators for a pillar / domain / unit, and what its forms may name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorsPage {
    pub day: NaiveDate,
    pub rows: Vec<IndicatorView>,
    pub activity_types: Vec<ActivityTypeView>,
    pub pillars: Vec<Named>,
    pub domains: Vec<Named>,
    pub units: Vec<(i64, String)>,
    pub can_edit: bool,
}

/// A generated 工作总结 or 通报 as the history lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportDocumentView {
    pub id: i64,
    /// `summary` or `ranking`.
    pub kind: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub data_version: i64,
    pub file_name: String,
    pub has_pdf: bool,
    pub generated_by: String,
    /// Unix seconds.
    pub generated_at: i64,
}

/// One section of the report with the planners' text before and after it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportSectionView {
    /// `domain::report_doc::Section::code`.
    pub code: String,
    /// 1 for 一、, 2 for （一）.
    pub level: u8,
    pub heading: String,
    pub before: String,
    pub after: String,
}

/// The 工作总结 page for one period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportPage {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub sections: Vec<ReportSectionView>,
    pub history: Vec<ReportDocumentView>,
    pub pdf_available: bool,
    pub can_edit: bool,
}

super::query::url_filter! {
    /// The report page's period, read from its URL (`?from=2026-01-01&to=2026-06-30`).
    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    pub struct ReportQuery {
        pub from: Option<NaiveDate>,
        pub to: Option<NaiveDate>,
    }
}

/// One of the unit's entered indicators in its monthly submission, with this round's value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubmissionIndicatorView {
    pub id: i64,
    pub name_zh: String,
    pub name_en: String,
    pub measure: String,
    /// `month`, `quarter` or `year`: the value is for the period the round's month falls in.
    pub period: String,
    pub starts_on: NaiveDate,
    /// This round's value (hundredths) and note, when entered and visible.
    pub entry: Option<(i64, String)>,
}
