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

/// What the bulk-edit form submits: the selection (`12,15` to preview; `12:3,15:7` with the
/// versions the preview read, to confirm) and the change, empty fields meaning "as it is".
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BulkEditForm {
    pub selection: String,
    #[serde(default)]
    pub phase: String,
    #[serde(default)]
    pub pillar: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub shift_days: String,
    #[serde(default)]
    pub weight: String,
    /// The list's query string to go back to.
    #[serde(default)]
    pub back: String,
}

impl BulkEditForm {
    /// The bulk edit's page address read back: the list's ticked rows come as `id=12&id=15`,
    /// the page's own change form as `selection=12,15` with the change.
    pub fn from_query(query: &str) -> BulkEditForm {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(query.trim_start_matches('?')).unwrap_or_default();
        let mut form = BulkEditForm::default();
        let mut ids: Vec<String> = Vec::new();
        for (key, value) in pairs {
            match key.as_str() {
                "id" => ids.push(value),
                "selection" => ids.extend(value.split(',').map(str::to_string)),
                "phase" => form.phase = value,
                "pillar" => form.pillar = value,
                "unit" => form.unit = value,
                "shift_days" => form.shift_days = value,
                "weight" => form.weight = value,
                "back" => form.back = value,
                _ => {}
            }
        }
        ids.retain(|id| !id.trim().is_empty());
        form.selection = ids.join(",");
        form
    }
}

/// One selected milestone in a bulk edit's preview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BulkItem {
    pub id: i64,
    pub label: String,
    /// The version read, which confirming expects still to find.
    pub version: i64,
    /// Its fields that would change, as the journal writes them.
    pub changes: Vec<FieldChange>,
    /// Rules the result would break; any of them stops the whole edit.
    pub problems: Vec<crate::domain::problem::Problem>,
}

/// One field of a record before and after (journal keys and display values).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: String,
    pub new: String,
}

impl From<&crate::domain::journal::Change> for FieldChange {
    fn from(change: &crate::domain::journal::Change) -> Self {
        FieldChange {
            field: change.field.to_string(),
            old: change.old.clone(),
            new: change.new.clone(),
        }
    }
}

/// What a bulk edit would do: each selected milestone's changes or problems. Selected ids that
/// name no milestone (deleted since) are counted, not listed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BulkPreview {
    pub items: Vec<BulkItem>,
    pub missing: usize,
    /// The selection with versions, for the confirm form.
    pub selection: String,
}

impl BulkPreview {
    pub fn changed(&self) -> usize {
        self.items.iter().filter(|i| !i.changes.is_empty()).count()
    }

    pub fn has_problems(&self) -> bool {
        self.items.iter().any(|i| !i.problems.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::BulkEditForm;

    #[test]
    fn the_bulk_page_reads_ticked_rows_and_its_own_form_alike() {
        let ticked = BulkEditForm::from_query("?id=12&id=15&back=unit%3D4");
        assert_eq!(ticked.selection, "12,15");
        assert_eq!(ticked.back, "unit=4");
        let own = BulkEditForm::from_query("selection=12%2C15&phase=&shift_days=7&weight=");
        assert_eq!(
            (own.selection.as_str(), own.shift_days.as_str()),
            ("12,15", "7")
        );
        assert!(own.phase.is_empty() && own.weight.is_empty());
    }
}
