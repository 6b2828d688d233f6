//! Filters of the lists and the dashboard; each lives in the URL so a view can be bookmarked.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::model::{ProjectKind, ProjectStatus};
use crate::domain::status::Status;

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
