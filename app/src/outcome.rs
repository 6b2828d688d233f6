//! Saves with something to tell (how many units were reminded, what an import did, what a robot
//! answered): the server function redirects to its page with the outcome in the query, and the
//! page says it. So the outcome shows whether the form was sent in place by the browser or as a
//! plain post, and a reload does not repeat the save.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::model::ImportOutcome;

const REMINDED: &str = "reminded";
const CREATED: &str = "created";
const UPDATED: &str = "updated";
const UNCHANGED: &str = "unchanged";
const ADDED: &str = "added";
const TESTED: &str = "tested";
const ANSWER: &str = "answer";
const BULK_CHANGED: &str = "changed";
const PUSHED: &str = "pushed";

/// A robot's answer is shown, not stored: a long one is cut to keep the address short.
const ANSWER_CHARS: usize = 200;

fn with_query(path: &str, pairs: &[(&str, String)]) -> String {
    let query = serde_urlencoded::to_string(pairs).unwrap_or_default();
    format!("{path}?{query}")
}

/// The round's page after 催报 reminded `units` units.
pub fn reminded_url(round: i64, units: usize) -> String {
    with_query(
        &format!("/rounds/{round}"),
        &[(REMINDED, units.to_string())],
    )
}

/// An import preview's page (`page` is its path, `kind` what new projects become), now saying
/// what the import did.
pub fn import_done_url(page: &str, kind: Option<&str>, outcome: &ImportOutcome) -> String {
    let kind = kind.map(|k| ("kind", k.to_string()));
    with_query(
        page,
        &[
            kind,
            Some((CREATED, outcome.created.to_string())),
            Some((UPDATED, outcome.updated.to_string())),
            Some((UNCHANGED, outcome.unchanged.to_string())),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>(),
    )
}

/// The ledger import's page, now saying how many records went in.
pub fn activities_imported_url(token: &str, added: usize) -> String {
    with_query(
        &format!("/activities/import/{token}"),
        &[(ADDED, added.to_string())],
    )
}

/// The channels page, with channel `id`'s answer to its test message.
pub fn channel_tested_url(id: i64, answer: &str) -> String {
    let answer: String = answer.chars().take(ANSWER_CHARS).collect();
    with_query(
        "/admin/channels",
        &[(TESTED, id.to_string()), (ANSWER, answer)],
    )
}

/// The reporting page, saying what upstream answered to the package pushed to it.
pub fn pushed_url(said: &str) -> String {
    let said: String = said.chars().take(ANSWER_CHARS).collect();
    with_query("/projects/reporting", &[(PUSHED, said)])
}

/// What upstream answered to the package pushed from the page this one came back from.
pub fn use_pushed() -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get(PUSHED)))
}

/// The milestone list at `list_href` (a filter's own link), saying how many milestones a bulk
/// edit changed.
pub fn bulk_done_url(list_href: &str, changed: usize) -> String {
    let separator = if list_href.contains('?') { '&' } else { '?' };
    format!("{list_href}{separator}{BULK_CHANGED}={changed}")
}

/// How many milestones the bulk edit this list came back from changed.
pub fn use_bulk_changed() -> Memo<Option<usize>> {
    query_number(BULK_CHANGED)
}

fn query_number(key: &'static str) -> Memo<Option<usize>> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get(key).and_then(|v| v.parse().ok())))
}

/// How many units the 催报 this page came back from reminded.
pub fn use_reminded() -> Memo<Option<usize>> {
    query_number(REMINDED)
}

/// How many ledger records the import this page came back from added.
pub fn use_activities_imported() -> Memo<Option<usize>> {
    query_number(ADDED)
}

/// What the project import this page came back from did.
pub fn use_import_outcome() -> Memo<Option<ImportOutcome>> {
    let (created, updated, unchanged) = (
        query_number(CREATED),
        query_number(UPDATED),
        query_number(UNCHANGED),
    );
    Memo::new(move |_| {
        Some(ImportOutcome {
            created: created.get()?,
            updated: updated.get()?,
            unchanged: unchanged.get()?,
        })
    })
}

/// The channel tested and its answer, on the page the test came back to.
pub fn use_channel_answer() -> Memo<Option<(i64, String)>> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| {
            let id = q.get(TESTED)?.parse().ok()?;
            Some((id, q.get(ANSWER).unwrap_or_default()))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcome_addresses_carry_their_figures() {
        assert_eq!(reminded_url(7, 3), "/rounds/7?reminded=3");
        let outcome = ImportOutcome {
            created: 2,
            updated: 1,
            unchanged: 0,
        };
        assert_eq!(
            import_done_url("/projects/import/abc", Some("major"), &outcome),
            "/projects/import/abc?kind=major&created=2&updated=1&unchanged=0"
        );
        assert_eq!(
            import_done_url("/milestones/import/abc", None, &outcome),
            "/milestones/import/abc?created=2&updated=1&unchanged=0"
        );
        assert_eq!(
            activities_imported_url("t1", 5),
            "/activities/import/t1?added=5"
        );
        assert_eq!(
            channel_tested_url(4, "ok 成功"),
            "/admin/channels?tested=4&answer=ok+%E6%88%90%E5%8A%9F"
        );
        let long = "字".repeat(500);
        let url = channel_tested_url(4, &long);
        assert_eq!(url.matches("%E5%AD%97").count(), ANSWER_CHARS);
    }
}
