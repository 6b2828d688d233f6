//! The 总览 page's figures, charts and attention lists.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::*;
use crate::domain::money::Wan;
use crate::domain::rollup::Rollup;
use crate::domain::status::Thresholds;
use crate::domain::summary::StatusCounts;

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
    /// Open milestones planned to start before a milestone they depend on ends, the longest
    /// overlap first.
    #[serde(default)]
    pub dependency_clashes: Vec<DependencyClash>,
    /// How many there are in all; the lists show the first few.
    pub behind_total: usize,
    pub overdue_problems_total: usize,
    pub due_soon_total: usize,
    #[serde(default)]
    pub dependency_clashes_total: usize,
}

/// A milestone whose dates clash with one it depends on, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DependencyClash {
    pub milestone: MilestoneRow,
    pub warning: crate::domain::dependency_check::DependencyWarning,
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

/// Markup rendered on the server from the figures beside it, once for every reader of them.
/// It is derived, not data: not sent to the browser, and not compared (two dashboards with the
/// same figures are equal whether or not either was rendered yet).
#[derive(Clone, Debug, Default)]
pub struct RenderedMarkup(pub Option<std::sync::Arc<str>>);

impl PartialEq for RenderedMarkup {
    fn eq(&self, _: &RenderedMarkup) -> bool {
        true
    }
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
    /// Server-rendered charts (SVG) with their data as a table; shared, because one computed
    /// dashboard is served to many readers and its charts are most of its size.
    pub charts: std::sync::Arc<[Chart]>,
    /// The charts panel's markup, rendered once per cached dashboard (`crate::cache`).
    #[serde(skip)]
    pub charts_markup: RenderedMarkup,
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
    /// The newest reporting round (填报情况), whatever the filter.
    pub round: Option<super::RoundSummary>,
    /// The pinned indicators of the filter's pillar, domain and unit, on the day shown.
    #[serde(default)]
    pub indicators: Vec<super::IndicatorView>,
    /// The reader may preview pending submissions (a planner); set per request, not cached.
    #[serde(default)]
    pub can_preview: bool,
}
