//! Search (搜索): the query and filters in the URL, and the results a page shows.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::PageInfo;
pub use crate::domain::search::{QueryProblem, SearchKind};

crate::model::query::url_filter! {
    /// `/search?q=政务&kind=milestone&unit=3&pillar=2&page=2`: a page that works without
    /// JavaScript, like the lists.
    #[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub struct SearchFilter {
        pub q: Option<String>,
        /// One kind only, paged; none: the best of every kind.
        pub kind: Option<SearchKind>,
        pub unit: Option<i64>,
        pub pillar: Option<i64>,
        pub page: Option<u32>,
    }
}

impl SearchFilter {
    /// The URL of this search.
    pub fn href(&self) -> String {
        let query = super::query::to_query(self);
        if query.is_empty() {
            "/search".into()
        } else {
            format!("/search?{query}")
        }
    }
}

/// A text with the runs that match the query marked (true).
pub type Marked = Vec<(String, bool)>;

/// One thing found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub kind: SearchKind,
    pub id: i64,
    /// Where it is shown: the milestone, the project, the ledger on its day …
    pub href: String,
    pub title: Marked,
    /// The matching part of its longer text, when the match is there.
    pub excerpt: Marked,
    pub unit: Option<String>,
    pub day: Option<NaiveDate>,
    /// What a note or problem belongs to (the milestone's or project's title).
    pub parent: Option<String>,
}

/// The hits of one kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchGroup {
    pub kind: SearchKind,
    pub hits: Vec<SearchHit>,
    /// How many there are, counted up to a limit.
    pub count: i64,
    /// More than `count` (the count stopped at its limit).
    pub more: bool,
}

/// What a search found.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    pub query: String,
    /// Why the query was not searched for.
    pub problem: Option<QueryProblem>,
    /// Every kind with hits (the best few each), or the one kind asked for.
    pub groups: Vec<SearchGroup>,
    /// The page of the one kind asked for.
    pub page: Option<PageInfo>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::query;

    #[test]
    fn the_search_lives_in_the_url() {
        let filter = SearchFilter {
            q: Some("政务 云".into()),
            kind: Some(SearchKind::Milestone),
            unit: Some(3),
            pillar: None,
            page: Some(2),
        };
        let href = filter.href();
        assert_eq!(
            href,
            "/search?q=%E6%94%BF%E5%8A%A1+%E4%BA%91&kind=milestone&unit=3&page=2"
        );
        let back: SearchFilter = query::parse(href.trim_start_matches("/search?"));
        assert_eq!(back, filter);
        let typed: SearchFilter = query::parse("q=%E6%94%BF%E5%8A%A1");
        assert_eq!(typed.q.as_deref(), Some("政务"));
    }
}
