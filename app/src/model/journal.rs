//! The audit journal and its filter.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::paging::JournalSort;
use super::query::list_filter;

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

list_filter! {
    /// Filters of the admin's journal page, with its sort and page.
    #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub struct JournalFilter at "/admin" sorted by JournalSort {
        /// The user name, exactly.
        pub user: Option<String>,
        /// The kind of record: `milestone`, `project`, …
        pub entity: Option<String>,
        pub from: Option<NaiveDate>,
        pub to: Option<NaiveDate>,
    }
}

/// One page of the journal and where it sits in the whole.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JournalPage {
    pub entries: Vec<JournalEntry>,
    pub page: super::PageInfo,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{query, ListFilter};

    #[test]
    fn the_journal_filter_keeps_its_sort_and_text_in_the_url() {
        let filter: JournalFilter =
            query::parse("?user=+planner+&entity=&from=2026-02-30&sort=old&desc=true&page=2");
        assert_eq!(filter.user.as_deref(), Some("planner"), "trimmed");
        assert_eq!(filter.entity, None, "an empty field is no filter");
        assert_eq!(filter.from, None, "a day that does not exist is ignored");
        assert_eq!(
            (filter.sort, filter.desc, filter.page),
            (Some(JournalSort::Old), true, Some(2))
        );
        assert_eq!(
            filter.sorted(JournalSort::Time, false).href(),
            "/admin?user=planner&sort=time",
            "a new order starts from the first page"
        );
    }
}
