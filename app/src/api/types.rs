//! What the server sends to the pages. Shared by the server and the browser.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::model::{ConstructionType, ProjectKind, ProjectStatus};
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
        parts.join("&")
    }

    pub fn is_empty(&self) -> bool {
        *self == MilestoneFilter::default()
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

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectFilter {
    pub kind: Option<ProjectKind>,
}

impl ProjectFilter {
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> ProjectFilter {
        ProjectFilter {
            kind: get("kind").and_then(|v| ProjectKind::from_code(v.trim())),
        }
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
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectList {
    pub rows: Vec<ProjectRow>,
    pub total_investment: Wan,
    pub completed_investment: Wan,
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
}
