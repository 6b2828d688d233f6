//! 存在问题 across the whole programme: the problems list, its filter, sort and page.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::model::ProblemStatus;

use super::paging::{PageInfo, ProblemSort};
use super::query::list_filter;

list_filter! {
    /// Filters of the problems list; they combine with AND and live in the URL.
    #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct ProblemFilter at "/problems" sorted by ProblemSort {
        pub status: Option<ProblemStatus>,
        /// Not closed and past its due date (`?overdue=true`), whatever its status.
        pub overdue: bool,
        /// The unit that owns the problem.
        pub unit: Option<i64>,
    }
}

/// What a problem was raised on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ProblemSubject {
    Milestone { id: i64, title: String },
    Project { id: i64, name: String },
}

impl ProblemSubject {
    pub fn href(&self) -> String {
        match self {
            ProblemSubject::Milestone { id, .. } => format!("/milestones/{id}"),
            ProblemSubject::Project { id, .. } => format!("/projects/{id}"),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            ProblemSubject::Milestone { title, .. } => title,
            ProblemSubject::Project { name, .. } => name,
        }
    }
}

/// One row of the problems list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProblemListRow {
    pub id: i64,
    pub description: String,
    pub subject: ProblemSubject,
    pub unit_name: Option<String>,
    pub raised_on: NaiveDate,
    pub due_date: Option<NaiveDate>,
    pub status: ProblemStatus,
    pub answer: String,
    /// Not closed and past its due date.
    pub overdue: bool,
}

/// One page of the problems list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProblemList {
    pub rows: Vec<ProblemListRow>,
    pub page: PageInfo,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{query, ListFilter};

    #[test]
    fn the_filter_lives_in_the_url() {
        let filter = ProblemFilter {
            status: Some(ProblemStatus::Answered),
            overdue: true,
            unit: Some(3),
            sort: Some(ProblemSort::Due),
            desc: true,
            page: Some(2),
        };
        let href = filter.href();
        assert_eq!(
            href,
            "/problems?status=answered&overdue=true&unit=3&sort=due&desc=true&page=2"
        );
        let back: ProblemFilter = query::parse(href.trim_start_matches("/problems"));
        assert_eq!(back, filter);
        let odd: ProblemFilter = query::parse("status=gone&unit=x&sort=salary&page=-1");
        assert_eq!(odd, ProblemFilter::default());
    }
}
