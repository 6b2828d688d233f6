//! Projects as the pages see them: list rows, detail, the project and ledger forms.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::*;
use crate::domain::model::{ConstructionType, ProjectKind, ProjectStatus};
use crate::domain::money::Wan;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectRow {
    pub id: i64,
    pub kind: ProjectKind,
    pub code: Option<String>,
    pub name: String,
    pub unit_name: String,
    pub construction_type: ConstructionType,
    pub pillar: Option<Named>,
    pub start_year: i32,
    pub end_year: i32,
    pub total_investment: Wan,
    pub completed_investment: Wan,
    pub status: ProjectStatus,
    pub visible_progress: String,
    /// The latest report upward that held this project: (报送日期, 批次).
    #[serde(default)]
    pub last_reported: Option<(NaiveDate, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectList {
    /// One page of the projects matching the filter.
    pub rows: Vec<ProjectRow>,
    pub page: super::PageInfo,
    /// Over every page.
    pub total_investment: Wan,
    pub completed_investment: Wan,
}

/// What the project form submits; amounts in 万元 as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProjectForm {
    pub kind: String,
    #[serde(default)]
    pub code: String,
    pub name: String,
    pub unit: String,
    #[serde(default)]
    pub location: String,
    pub construction_type: String,
    #[serde(default)]
    pub pillar: String,
    #[serde(default)]
    pub domain: String,
    #[serde(default)]
    pub content: String,
    pub start_year: String,
    pub end_year: String,
    pub total: String,
    #[serde(default)]
    pub fund_central: String,
    #[serde(default)]
    pub fund_provincial: String,
    #[serde(default)]
    pub fund_city: String,
    #[serde(default)]
    pub fund_county: String,
    #[serde(default)]
    pub fund_social: String,
    pub status: String,
    #[serde(default)]
    pub visible_progress: String,
    #[serde(default)]
    pub contact_name: String,
    #[serde(default)]
    pub contact_phone: String,
}

/// One month of the investment ledger as the form submits it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LedgerForm {
    pub year: String,
    pub month: String,
    #[serde(default)]
    pub planned: String,
    #[serde(default)]
    pub completed: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LedgerRow {
    pub year: i32,
    pub month: u32,
    pub planned: Wan,
    pub completed: Wan,
}

/// Everything the project page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectDetail {
    pub row: ProjectRow,
    pub version: i64,
    /// The stored values, as the edit form starts from them.
    pub form: ProjectForm,
    pub ledger: Vec<LedgerRow>,
    /// Dated 形象进度, newest first.
    pub progress: Vec<super::ProgressEntry>,
    /// When it was archived, if it is.
    pub archived_on: Option<chrono::NaiveDate>,
    /// Never reported upward nor in a locked baseline: it may be deleted.
    pub deletable: bool,
    pub problems: Vec<ProblemEntry>,
    pub milestones: Vec<MilestoneRef>,
    pub history: Vec<JournalEntry>,
}
