//! The audit journal and its filter.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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
