//! What the server sends to the pages. Shared by the server and the browser.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::access::Permission;
use crate::domain::model::{ConstructionType, ProblemStatus, ProjectKind, ProjectStatus, Role};
use crate::domain::money::Wan;
use crate::domain::rollup::Rollup;
use crate::domain::status::{Assessment, Status, Thresholds};
use crate::domain::summary::StatusCounts;

/// A reference item named in both languages (pillar, domain, phase).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Named {
    pub id: i64,
    pub name_zh: String,
    pub name_en: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PhaseInfo {
    pub id: i64,
    pub name_zh: String,
    pub name_en: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitInfo {
    pub id: i64,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoadmapInfo {
    pub name: String,
    pub county: String,
    pub start_year: i32,
    pub end_year: i32,
    pub is_sample: bool,
}

/// The vocabulary of filters and labels, loaded once per page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReferenceData {
    pub roadmap: Option<RoadmapInfo>,
    pub phases: Vec<PhaseInfo>,
    pub pillars: Vec<Named>,
    pub domains: Vec<Named>,
    pub units: Vec<UnitInfo>,
}

/// Milestone list filters; every field is optional and they combine with AND.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneFilter {
    pub phase: Option<i64>,
    pub pillar: Option<i64>,
    pub unit: Option<i64>,
    pub status: Option<Status>,
    /// Set by links from the dashboard; the list page has no control for it.
    #[serde(default)]
    pub domain: Option<i64>,
}

impl MilestoneFilter {
    /// Reads `?phase=1&pillar=2&unit=3&status=red`; unknown or malformed values are ignored.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> MilestoneFilter {
        let id = |key: &str| get(key).and_then(|v| v.trim().parse::<i64>().ok());
        MilestoneFilter {
            phase: id("phase"),
            pillar: id("pillar"),
            unit: id("unit"),
            status: get("status").and_then(|v| Status::from_code(v.trim())),
            domain: id("domain"),
        }
    }

    /// The query string (without `?`) that [`MilestoneFilter::from_query`] reads back.
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(v) = self.phase {
            parts.push(format!("phase={v}"));
        }
        if let Some(v) = self.pillar {
            parts.push(format!("pillar={v}"));
        }
        if let Some(v) = self.unit {
            parts.push(format!("unit={v}"));
        }
        if let Some(v) = self.status {
            parts.push(format!("status={}", v.code()));
        }
        if let Some(v) = self.domain {
            parts.push(format!("domain={v}"));
        }
        parts.join("&")
    }

    pub fn is_empty(&self) -> bool {
        *self == MilestoneFilter::default()
    }
}

/// Filters of the dashboard (总览): they apply to every tile and chart and live in the URL,
/// so a leader can bookmark "一张网, 三年突破".
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DashboardFilter {
    pub phase: Option<i64>,
    pub pillar: Option<i64>,
    pub domain: Option<i64>,
    pub unit: Option<i64>,
    /// Show the programme as it stood at the end of this past day (`?as_of=2025-12-31`).
    pub as_of: Option<NaiveDate>,
    /// Stack the investment chart by funding source instead of by pillar (`?invest=source`).
    pub investment_by_source: bool,
}

impl DashboardFilter {
    /// The milestone list showing the same milestones.
    pub fn milestones(&self) -> MilestoneFilter {
        MilestoneFilter {
            phase: self.phase,
            pillar: self.pillar,
            unit: self.unit,
            domain: self.domain,
            status: None,
        }
    }

    pub const KEYS: [&'static str; 4] = ["phase", "pillar", "domain", "unit"];

    /// Reads `?phase=1&pillar=2&domain=3&unit=4&as_of=2025-12-31`; malformed values are ignored.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> DashboardFilter {
        let id = |key: &str| get(key).and_then(|v| v.trim().parse::<i64>().ok());
        DashboardFilter {
            phase: id("phase"),
            pillar: id("pillar"),
            domain: id("domain"),
            unit: id("unit"),
            as_of: get(Self::AS_OF).and_then(|v| v.trim().parse::<NaiveDate>().ok()),
            investment_by_source: get(Self::INVEST).is_some_and(|v| v == Self::BY_SOURCE),
        }
    }

    pub const AS_OF: &'static str = "as_of";
    pub const INVEST: &'static str = "invest";
    pub const BY_SOURCE: &'static str = "source";

    /// The "as of" day if it is in the past: one that is not means today.
    pub fn past_as_of(&self, today: NaiveDate) -> Option<NaiveDate> {
        self.as_of.filter(|d| *d < today)
    }

    /// The day the dashboard shows: the "as of" day when it is before `today`, else today.
    pub fn day(&self, today: NaiveDate) -> NaiveDate {
        self.past_as_of(today).unwrap_or(today)
    }

    /// The last month (as `year * 100 + month`) whose ledger figures were final on `day`: the
    /// month before, unless `day` is its month's last day. `None` when `day` is today (all of it).
    pub fn ledger_until(&self, today: NaiveDate) -> Option<i32> {
        let day = self.past_as_of(today)?;
        let last_day_of_month = day
            .succ_opt()
            .is_none_or(|next| next.month() != day.month());
        let (year, month) = if last_day_of_month {
            (day.year(), day.month())
        } else if day.month() == 1 {
            (day.year() - 1, 12)
        } else {
            (day.year(), day.month() - 1)
        };
        Some(year * 100 + month as i32)
    }

    pub fn get(&self, key: &str) -> Option<i64> {
        match key {
            "phase" => self.phase,
            "pillar" => self.pillar,
            "domain" => self.domain,
            "unit" => self.unit,
            _ => None,
        }
    }

    /// The query string (without `?`) that [`DashboardFilter::from_query`] reads back.
    pub fn to_query(&self) -> String {
        Self::KEYS
            .iter()
            .filter_map(|k| self.get(k).map(|v| format!("{k}={v}")))
            .chain(self.as_of.map(|d| format!("{}={d}", Self::AS_OF)))
            .chain(
                self.investment_by_source
                    .then(|| format!("{}={}", Self::INVEST, Self::BY_SOURCE)),
            )
            .collect::<Vec<_>>()
            .join("&")
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MilestoneRow {
    pub id: i64,
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MilestoneList {
    pub today: NaiveDate,
    pub rows: Vec<MilestoneRow>,
}

/// An open problem past its due date, with the milestone it blocks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttentionProblem {
    pub problem: ProblemEntry,
    pub milestone_id: i64,
    pub milestone_title: String,
}

/// The dashboard's 需关注 lists.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Attention {
    /// 严重滞后 and 滞后 milestones, furthest behind first, with their reasons.
    pub behind: Vec<MilestoneRow>,
    /// Open problems past their due date.
    pub overdue_problems: Vec<AttentionProblem>,
    /// Not complete and due within the next 30 days.
    pub due_soon: Vec<MilestoneRow>,
    /// How many there are in all; the lists show the first few.
    pub behind_total: usize,
    pub overdue_problems_total: usize,
    pub due_soon_total: usize,
}

/// A chart drawn on the server, with the same figures as a table for screen readers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    /// Stable name, used in the download link: `/charts/{key}.svg`.
    pub key: String,
    pub title: String,
    pub svg: String,
    pub table_head: Vec<String>,
    pub table_rows: Vec<Vec<String>>,
}

/// Progress of one pillar or phase.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupProgress {
    pub id: i64,
    pub name_zh: String,
    pub name_en: String,
    pub rollup: Rollup,
    pub counts: StatusCounts,
}

/// The 总览 page's figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    pub today: NaiveDate,
    pub filter: DashboardFilter,
    /// Server-rendered charts (SVG) with their data as a table.
    pub charts: Vec<Chart>,
    pub attention: Attention,
    /// 工作总结: sentences with live figures, ready to paste into a report.
    pub work_summary: Vec<String>,
    pub thresholds: Thresholds,
    pub overall: Rollup,
    pub counts: StatusCounts,
    pub by_pillar: Vec<GroupProgress>,
    pub by_phase: Vec<GroupProgress>,
    pub projects_major: i64,
    pub projects_information: i64,
    pub total_investment: Wan,
    pub completed_investment: Wan,
}

/// Filters of the project registry; they apply to the list and to its exports alike.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectFilter {
    pub kind: Option<ProjectKind>,
    pub pillar: Option<i64>,
    pub unit: Option<i64>,
    pub status: Option<ProjectStatus>,
    /// Projects under construction in this year (建设起止年限 includes it).
    pub year: Option<i32>,
}

impl ProjectFilter {
    /// Reads `?kind=major&pillar=2&unit=3&status=in_progress&year=2026`; malformed values are ignored.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> ProjectFilter {
        let number = |key: &str| get(key).and_then(|v| v.trim().parse::<i64>().ok());
        ProjectFilter {
            kind: get("kind").and_then(|v| ProjectKind::from_code(v.trim())),
            pillar: number("pillar"),
            unit: number("unit"),
            status: get("status").and_then(|v| ProjectStatus::from_code(v.trim())),
            year: number("year")
                .and_then(|y| i32::try_from(y).ok())
                .filter(|y| (1990..=2100).contains(y)),
        }
    }

    /// The query string (without `?`) that [`ProjectFilter::from_query`] reads back.
    pub fn to_query(&self) -> String {
        [
            self.kind.map(|k| format!("kind={}", k.code())),
            self.pillar.map(|v| format!("pillar={v}")),
            self.unit.map(|v| format!("unit={v}")),
            self.status.map(|s| format!("status={}", s.code())),
            self.year.map(|v| format!("year={v}")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("&")
    }
}

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
    pub rows: Vec<ProjectRow>,
    pub total_investment: Wan,
    pub completed_investment: Wan,
}

/// The person signed in, as pages and server functions see them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
}

impl CurrentUser {
    pub fn can(&self, permission: Permission) -> bool {
        self.role.allows(permission)
    }

    /// The display name, or the sign-in name when none is set.
    pub fn label(&self) -> &str {
        if self.display_name.trim().is_empty() {
            &self.username
        } else {
            &self.display_name
        }
    }
}

/// Who is looking at the page; `None` for an anonymous reader (when the admin allows that).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub user: Option<CurrentUser>,
    /// Whether the admin lets people read without signing in.
    pub anonymous_read: bool,
}

impl SessionInfo {
    pub fn can(&self, permission: Permission) -> bool {
        self.user.as_ref().is_some_and(|u| u.can(permission))
    }
}

/// One line of the audit journal: one field of one record changed by one person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// Unix seconds.
    pub at: i64,
    pub username: String,
    pub entity: String,
    pub entity_id: i64,
    pub version: i64,
    pub action: String,
    pub field: String,
    pub old_value: String,
    pub new_value: String,
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
    pub title: String,
    pub percent: i64,
    pub due_date: NaiveDate,
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
    /// Milestones and projects that can still be added as dependency / link (no cycles).
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
    pub problems: Vec<ProblemEntry>,
    pub milestones: Vec<MilestoneRef>,
    pub history: Vec<JournalEntry>,
}

/// One phase as the admin's phase form submits it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PhaseForm {
    pub id: String,
    pub name_zh: String,
    #[serde(default)]
    pub name_en: String,
    pub start_date: String,
    pub end_date: String,
}

/// A unit (单位) as the admin's form submits it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UnitForm {
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub contact_name: String,
    #[serde(default)]
    pub contact_phone: String,
}

/// A new account as the admin's form submits it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewUserForm {
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    pub role: String,
    pub password: String,
}

/// A unit with everything the admin page edits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitRecord {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub contact_name: String,
    pub contact_phone: String,
    /// Milestones and projects that name it: such a unit cannot be deleted.
    pub uses: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserRecord {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub disabled: bool,
}

/// What the admin's reference-data page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminData {
    pub reference: ReferenceData,
    pub units: Vec<UnitRecord>,
    pub users: Vec<UserRecord>,
    pub thresholds: Thresholds,
}

/// Filters of the admin's journal page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalFilter {
    pub user: Option<String>,
    pub entity: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl JournalFilter {
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> JournalFilter {
        let text = |k: &str| {
            get(k)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let date = |k: &str| text(k).and_then(|v| NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok());
        JournalFilter {
            user: text("user"),
            entity: text("entity"),
            from: date("from"),
            to: date("to"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milestone_filter_round_trips_through_the_query_string() {
        let f = MilestoneFilter {
            phase: Some(3),
            pillar: Some(2),
            unit: None,
            status: Some(Status::Critical),
            domain: None,
        };
        let q = f.to_query();
        assert_eq!(q, "phase=3&pillar=2&status=red");
        let parsed = MilestoneFilter::from_query(|k| {
            q.split('&')
                .filter_map(|p| p.split_once('='))
                .find(|(key, _)| *key == k)
                .map(|(_, v)| v.to_string())
        });
        assert_eq!(parsed, f);
    }

    #[test]
    fn malformed_filter_values_are_ignored() {
        let f = MilestoneFilter::from_query(|k| match k {
            "phase" => Some("abc".into()),
            "status" => Some("purple".into()),
            "unit" => Some(" 7 ".into()),
            _ => None,
        });
        assert_eq!(
            f,
            MilestoneFilter {
                unit: Some(7),
                ..Default::default()
            }
        );
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dashboard_filter_keeps_the_as_of_day_in_the_url() {
        let f = DashboardFilter {
            pillar: Some(2),
            as_of: Some(d(2025, 12, 31)),
            investment_by_source: true,
            ..Default::default()
        };
        let q = f.to_query();
        assert_eq!(q, "pillar=2&as_of=2025-12-31&invest=source");
        let parsed = DashboardFilter::from_query(|k| {
            q.split('&')
                .filter_map(|p| p.split_once('='))
                .find(|(key, _)| *key == k)
                .map(|(_, v)| v.to_string())
        });
        assert_eq!(parsed, f);
        let bad = DashboardFilter::from_query(|k| (k == "as_of").then(|| "2025-13-01".into()));
        assert_eq!(bad.as_of, None, "a date that does not exist is ignored");
    }

    #[test]
    fn as_of_today_or_later_means_today() {
        let today = d(2026, 11, 24);
        let at = |day| DashboardFilter {
            as_of: Some(day),
            ..Default::default()
        };
        assert_eq!(at(d(2027, 1, 1)).day(today), today);
        assert_eq!(at(today).day(today), today);
        assert_eq!(at(today).ledger_until(today), None);
        assert_eq!(at(d(2025, 6, 1)).day(today), d(2025, 6, 1));
    }

    #[test]
    fn ledger_counts_only_months_closed_by_the_as_of_day() {
        let today = d(2026, 11, 24);
        let until = |day| {
            DashboardFilter {
                as_of: Some(day),
                ..Default::default()
            }
            .ledger_until(today)
        };
        assert_eq!(
            until(d(2025, 6, 30)),
            Some(202506),
            "the month's last day closes it"
        );
        assert_eq!(until(d(2025, 6, 29)), Some(202505));
        assert_eq!(
            until(d(2025, 1, 15)),
            Some(202412),
            "January goes back a year"
        );
        assert_eq!(until(d(2024, 2, 29)), Some(202402), "leap day");
        assert_eq!(until(d(2025, 12, 31)), Some(202512));
    }

    #[test]
    fn project_filter_round_trips_and_ignores_nonsense() {
        let f = ProjectFilter {
            kind: Some(ProjectKind::Major),
            pillar: Some(2),
            unit: None,
            status: Some(ProjectStatus::InProgress),
            year: Some(2026),
        };
        let q = f.to_query();
        assert_eq!(q, "kind=major&pillar=2&status=in_progress&year=2026");
        let parsed = ProjectFilter::from_query(|k| {
            q.split('&')
                .filter_map(|p| p.split_once('='))
                .find(|(key, _)| *key == k)
                .map(|(_, v)| v.to_string())
        });
        assert_eq!(parsed, f);
        let odd = ProjectFilter::from_query(|k| match k {
            "year" => Some("99999".into()),
            "status" => Some("gone".into()),
            "unit" => Some("x".into()),
            _ => None,
        });
        assert_eq!(odd, ProjectFilter::default());
    }
}

/// What an import would do, shown before anything is written.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub file_name: String,
    /// The year whose 本年 figures the file holds.
    pub year: i32,
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

/// A problem with one cell (or row) of an import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    pub row: usize,
    /// The column heading; empty when the problem is with the whole row.
    pub column: String,
    pub message: String,
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
    /// `2026-10`
    pub code: String,
    /// `2026年10月`
    pub label: String,
    pub locked_at: String,
    pub locked_by: String,
    pub project_count: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BatchInfo {
    pub reported_on: String,
    pub batch: String,
    pub period: String,
    pub file_format: String,
    pub project_count: i64,
    pub total_investment: Wan,
    pub username: String,
}

/// Current figures against a locked period's baseline, per project.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BaselineComparison {
    pub period: String,
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
