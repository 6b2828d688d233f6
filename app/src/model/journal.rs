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
    #[serde(
        default,
        deserialize_with = "super::query::text",
        skip_serializing_if = "Option::is_none"
    )]
    pub user: Option<String>,
    #[serde(
        default,
        deserialize_with = "super::query::text",
        skip_serializing_if = "Option::is_none"
    )]
    pub entity: Option<String>,
    #[serde(
        default,
        deserialize_with = "super::query::lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub from: Option<NaiveDate>,
    #[serde(
        default,
        deserialize_with = "super::query::lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub to: Option<NaiveDate>,
    /// The page shown (1-based, `?page=3`), newest entries first.
    #[serde(
        default,
        deserialize_with = "super::query::lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub page: Option<u32>,
}

/// One page of the journal and where it sits in the whole.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JournalPage {
    pub entries: Vec<JournalEntry>,
    pub page: super::PageInfo,
}
