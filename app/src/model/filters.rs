//! Filters of the lists and the dashboard; each lives in the URL so a view can be bookmarked.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::model::{ProjectKind, ProjectStatus};
use crate::domain::status::Status;

use super::paging::{MilestoneSort, ProjectSort};
use super::query::{list_filter, url_filter};

list_filter! {
    /// Milestone list filters; every field is optional and they combine with AND.
    #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct MilestoneFilter at "/milestones" sorted by MilestoneSort {
        pub phase: Option<i64>,
        pub pillar: Option<i64>,
        pub unit: Option<i64>,
        pub status: Option<Status>,
        /// Set by links from the dashboard; the list page has no control for it.
        pub domain: Option<i64>,
        /// The columns shown (`?cols=phase.unit.status`); none: [`super::ColumnSet::DEFAULT`].
        pub cols: Option<super::ColumnSet>,
    }
}

impl MilestoneFilter {
    pub fn is_empty(&self) -> bool {
        *self == MilestoneFilter::default()
    }
}

url_filter! {
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
        /// How the investment chart stacks its bars: by pillar unless `?invest=source`.
        #[serde(rename = "invest")]
        pub investment: Option<InvestmentSplit>,
        /// Planners only: show submitted, not yet accepted figures as if accepted (`?pending=true`).
        pub pending: bool,
    }
}

/// The investment chart's other stacking: by funding source (`invest=source`) rather than by
/// pillar, which needs no value in the URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InvestmentSplit {
    BySource,
}

impl InvestmentSplit {
    pub const fn code(self) -> &'static str {
        match self {
            InvestmentSplit::BySource => "source",
        }
    }
}

impl fmt::Display for InvestmentSplit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for InvestmentSplit {
    type Err = ();
    fn from_str(code: &str) -> Result<Self, ()> {
        (code == InvestmentSplit::BySource.code())
            .then_some(InvestmentSplit::BySource)
            .ok_or(())
    }
}

impl DashboardFilter {
    /// The milestone list showing the same milestones.
    pub fn milestones(&self) -> MilestoneFilter {
        MilestoneFilter {
            phase: self.phase,
            pillar: self.pillar,
            unit: self.unit,
            domain: self.domain,
            ..MilestoneFilter::default()
        }
    }

    pub const KEYS: [&'static str; 4] = ["phase", "pillar", "domain", "unit"];

    /// The names of its URL fields, for the page's form.
    pub const AS_OF: &'static str = "as_of";
    pub const INVEST: &'static str = "invest";

    /// The investment chart stacks its bars by funding source.
    pub fn investment_by_source(&self) -> bool {
        self.investment == Some(InvestmentSplit::BySource)
    }

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
}

list_filter! {
    /// Filters of the project registry; they apply to the list and to its exports alike.
    #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ProjectFilter at "/projects" sorted by ProjectSort {
        pub kind: Option<ProjectKind>,
        pub pillar: Option<i64>,
        pub unit: Option<i64>,
        pub status: Option<ProjectStatus>,
        /// Projects under construction in this year (建设起止年限 includes it).
        pub year: Option<PlanYear>,
        /// Also list archived projects (`?archived=true`); they are left out otherwise.
        pub archived: bool,
    }
}

/// A year a programme can plausibly have (1990–2100), as a filter reads it from the URL: any
/// other number is no year at all rather than an empty list or a report headed 99999年.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PlanYear(pub i32);

impl PlanYear {
    pub const FIRST: i32 = 1990;
    pub const LAST: i32 = 2100;
}

impl fmt::Display for PlanYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for PlanYear {
    type Err = ();
    fn from_str(text: &str) -> Result<Self, ()> {
        let year: i32 = text.parse().map_err(|_| ())?;
        (PlanYear::FIRST..=PlanYear::LAST)
            .contains(&year)
            .then_some(PlanYear(year))
            .ok_or(())
    }
}

impl ProjectFilter {
    /// The same filter without its page: for exports and totals, which cover every page.
    pub fn all_pages(&self) -> ProjectFilter {
        ProjectFilter {
            page: None,
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::query;

    #[test]
    fn milestone_filter_round_trips_through_the_query_string() {
        let f = MilestoneFilter {
            phase: Some(3),
            pillar: Some(2),
            unit: None,
            status: Some(Status::Critical),
            domain: None,
            cols: None,
            sort: Some(MilestoneSort::Progress),
            desc: true,
            page: Some(4),
        };
        let q = query::to_query(&f);
        assert_eq!(
            q,
            "phase=3&pillar=2&status=red&sort=progress&desc=true&page=4"
        );
        let parsed: MilestoneFilter = query::parse(&q);
        assert_eq!(parsed, f);
    }

    #[test]
    fn malformed_filter_values_are_ignored() {
        let f: MilestoneFilter = query::parse("?phase=abc&status=purple&unit=+7+");
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
            investment: Some(InvestmentSplit::BySource),
            ..Default::default()
        };
        let q = query::to_query(&f);
        assert_eq!(q, "pillar=2&as_of=2025-12-31&invest=source");
        let parsed: DashboardFilter = query::parse(&q);
        assert_eq!(parsed, f);
        let bad: DashboardFilter = query::parse("as_of=2025-13-01");
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
            year: Some(PlanYear(2026)),
            archived: true,
            sort: Some(ProjectSort::Completed),
            desc: false,
            page: Some(2),
        };
        let q = query::to_query(&f);
        assert_eq!(
            q,
            "kind=major&pillar=2&status=in_progress&year=2026&archived=true&sort=completed&page=2"
        );
        let parsed: ProjectFilter = query::parse(&q);
        assert_eq!(parsed, f);
        let odd: ProjectFilter = query::parse("year=99999&status=gone&unit=x&sort=salary&page=-3");
        assert_eq!(odd, ProjectFilter::default());
    }
}
