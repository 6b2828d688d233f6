//! Search (搜索) for the results page: the best few of every kind, or one kind a page at a time,
//! each hit with its matches marked. The index and its queries are in `db::search`; what a query
//! may be and how a match is marked are in `domain::search`.

use crate::db::search::{self, Found, Scope};
use crate::db::{Db, DbError};
use crate::domain::search::{clean_query, excerpt, marked, SearchKind};
use crate::model::{PageInfo, SearchFilter, SearchGroup, SearchHit, SearchResults, PAGE_SIZE};

/// Hits of each kind shown when every kind is searched.
pub const BEST_OF_EACH: usize = 5;
/// Counting stops here when every kind is searched …
const COUNT_EACH: i64 = 100;
/// … and here for one kind (20 pages).
const COUNT_ONE: i64 = 1000;
/// Characters of a long text shown around its match.
const EXCERPT_CHARS: usize = 80;

/// What `filter` finds.
pub async fn search(db: &Db, filter: &SearchFilter) -> Result<SearchResults, DbError> {
    let asked = filter.q.clone().unwrap_or_default();
    let query = match clean_query(&asked) {
        Ok(query) => query,
        Err(problem) => {
            // An empty box is a page to type into, not a mistake.
            let problem = (!asked.trim().is_empty()).then_some(problem);
            return Ok(SearchResults {
                query: asked,
                problem,
                ..Default::default()
            });
        }
    };
    let scope = |kind| Scope {
        kind,
        unit: filter.unit,
        pillar: filter.pillar,
    };
    let mut results = SearchResults {
        query: query.clone(),
        ..Default::default()
    };
    let estimates = search::estimates(db, &query).await?;
    let count = |kind: SearchKind, limit: i64| {
        let estimate = estimates.iter().find(|e| e.kind == kind).copied();
        search::count(db, &query, scope(kind), limit, estimate)
    };
    match filter.kind {
        Some(kind) => {
            let counted = count(kind, COUNT_ONE + 1).await?;
            let page = PageInfo::new(filter.page, counted.min(COUNT_ONE));
            let skip = usize::try_from(page.offset()).unwrap_or(0);
            let common = counted > COUNT_ONE;
            let ids =
                search::ranked(db, &query, scope(kind), skip, PAGE_SIZE as usize, common).await?;
            let hits = hits(db, kind, &ids, &query).await?;
            results.groups.push(SearchGroup {
                kind,
                hits,
                count: counted.min(COUNT_ONE),
                more: counted > COUNT_ONE,
            });
            results.page = Some(page);
        }
        None => {
            for kind in SearchKind::ALL {
                let counted = count(kind, COUNT_EACH + 1).await?;
                if counted == 0 {
                    continue;
                }
                let common = counted > COUNT_EACH;
                let ids = search::ranked(db, &query, scope(kind), 0, BEST_OF_EACH, common).await?;
                results.groups.push(SearchGroup {
                    kind,
                    hits: hits(db, kind, &ids, &query).await?,
                    count: counted.min(COUNT_EACH),
                    more: counted > COUNT_EACH,
                });
            }
        }
    }
    Ok(results)
}

async fn hits(
    db: &Db,
    kind: SearchKind,
    ids: &[i64],
    query: &str,
) -> Result<Vec<SearchHit>, DbError> {
    let found = search::details(db, kind, ids).await?;
    Ok(found.into_iter().map(|f| hit(kind, f, query)).collect())
}

/// Where a hit is shown.
fn href(kind: SearchKind, found: &Found) -> String {
    let milestone = found.milestone_id.map(|id| format!("/milestones/{id}"));
    let project = found.project_id.map(|id| format!("/projects/{id}"));
    match kind {
        SearchKind::Unit => format!("/milestones?unit={}", found.id),
        SearchKind::Activity => found
            .day
            .map(|d| format!("/activities?from={d}&to={d}"))
            .unwrap_or_else(|| "/activities".into()),
        _ => milestone.or(project).unwrap_or_else(|| "/".into()),
    }
}

fn hit(kind: SearchKind, found: Found, query: &str) -> SearchHit {
    // Notes have no title of their own: they are shown under what they belong to.
    let title = if found.title.is_empty() {
        found.parent.clone().unwrap_or_default()
    } else {
        found.title.clone()
    };
    let text = found.text.trim();
    let in_text = marked(text, query).iter().any(|(_, hit)| *hit);
    let excerpt = if in_text {
        marked(&excerpt(text, query, EXCERPT_CHARS), query)
    } else {
        Vec::new()
    };
    let parent = match kind {
        SearchKind::MilestoneProgress | SearchKind::ProjectProgress => None,
        _ => found.parent.clone(),
    };
    SearchHit {
        kind,
        id: found.id,
        href: href(kind, &found),
        title: marked(&title, query),
        excerpt,
        unit: found.unit,
        day: found.day,
        parent,
    }
}
