//! Milestones as the pages see them: list rows, detail, and the forms planners submit.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::*;
use crate::domain::model::ProblemStatus;
use crate::domain::status::Assessment;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MilestoneRow {
    pub id: i64,
    /// Its stable code, `YW-2025-014` (see `domain::milestone_code`).
    pub code: Option<String>,
    pub title: String,
    pub phase: Named,
    pub pillar: Named,
    pub unit_name: String,
    pub start_date: NaiveDate,
    pub due_date: NaiveDate,
    pub percent: i64,
    pub weight: i64,
    pub assessment: Assessment,
}

/// A milestone as the dashboard rolls it up: its groups, dates, progress and status, without its
/// text. The dashboard reads one for every milestone, and the text only for those it names.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MilestoneFact {
    pub id: i64,
    pub phase_id: i64,
    pub pillar_id: i64,
    pub unit_id: i64,
    pub start_date: NaiveDate,
    pub due_date: NaiveDate,
    pub percent: i64,
    pub weight: i64,
    pub assessment: Assessment,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MilestoneList {
    pub today: NaiveDate,
    /// One page of the milestones matching the filter.
    pub rows: Vec<MilestoneRow>,
    pub page: super::PageInfo,
    /// The page's milestones with dependency warnings, and what they are.
    #[serde(default)]
    pub warnings: Vec<(i64, Vec<crate::domain::dependency_check::DependencyWarning>)>,
    /// The page's milestones' slip against the newest baseline (those it holds).
    #[serde(default)]
    pub slips: Vec<(i64, super::Slip)>,
}

/// What the milestone form submits. Text as typed: the server validates every field.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MilestoneForm {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub phase: String,
    pub pillar: String,
    #[serde(default)]
    pub domain: String,
    pub unit: String,
    pub start_date: String,
    pub due_date: String,
    pub weight: String,
}

/// What the progress form submits: a dated percent with its 进展情况, and optionally a 存在问题.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProgressForm {
    pub percent: String,
    pub reported_on: String,
    pub note: String,
    #[serde(default)]
    pub problem: String,
    #[serde(default)]
    pub problem_unit: String,
    #[serde(default)]
    pub problem_due: String,
}

/// What the problem form submits.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProblemForm {
    pub description: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub due_date: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgressEntry {
    pub id: i64,
    pub reported_on: NaiveDate,
    pub percent: i64,
    pub note: String,
    pub author: Option<String>,
    /// Evidence files (佐证材料) that came with the entry.
    #[serde(default)]
    pub attachments: Vec<super::AttachmentView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProblemEntry {
    pub id: i64,
    pub description: String,
    pub owner_unit: Option<String>,
    pub raised_on: NaiveDate,
    pub due_date: Option<NaiveDate>,
    pub status: ProblemStatus,
    pub answer: String,
    pub closed_on: Option<NaiveDate>,
    /// Open and past its due date.
    pub overdue: bool,
}

/// A milestone as another milestone refers to it (dependencies).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MilestoneRef {
    pub id: i64,
    pub code: Option<String>,
    pub title: String,
    pub percent: i64,
    pub start_date: NaiveDate,
    pub due_date: NaiveDate,
}

impl MilestoneRef {
    /// "YW-2025-014 政务外网 IPv6 改造", or the title alone before it is numbered.
    pub fn label(&self) -> String {
        match &self.code {
            Some(code) => format!("{code} {}", self.title),
            None => self.title.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectRef {
    pub id: i64,
    pub name: String,
    pub code: Option<String>,
}

/// Everything the milestone page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MilestoneDetail {
    pub today: NaiveDate,
    pub row: MilestoneRow,
    pub version: i64,
    pub description: String,
    pub domain: Option<Named>,
    pub unit_id: i64,
    pub completed_on: Option<NaiveDate>,
    pub progress: Vec<ProgressEntry>,
    pub problems: Vec<ProblemEntry>,
    pub depends_on: Vec<MilestoneRef>,
    pub dependents: Vec<MilestoneRef>,
    pub projects: Vec<ProjectRef>,
    pub history: Vec<JournalEntry>,
    /// Its due date against the newest baseline, when that holds it.
    pub slip: Option<super::Slip>,
    /// Its dates against its predecessors' and successors' (see `domain::dependency_check`).
    pub dependency_warnings: Vec<crate::domain::dependency_check::DependencyWarning>,
    /// Milestones and projects that can still be added as dependency / link (no cycles): for
    /// dependencies the nearest few of its pillar; any other is added by its code.
    pub dependency_candidates: Vec<MilestoneRef>,
    pub project_candidates: Vec<ProjectRef>,
}

impl MilestoneDetail {
    /// The form as it stands now, to start editing from.
    pub fn form(&self) -> MilestoneForm {
        MilestoneForm {
            title: self.row.title.clone(),
            description: self.description.clone(),
            phase: self.row.phase.id.to_string(),
            pillar: self.row.pillar.id.to_string(),
            domain: self
                .domain
                .as_ref()
                .map(|d| d.id.to_string())
                .unwrap_or_default(),
            unit: self.unit_id.to_string(),
            start_date: self.row.start_date.to_string(),
            due_date: self.row.due_date.to_string(),
            weight: self.row.weight.to_string(),
        }
    }
}
