//! The search index (migration 0016) read: which documents of a kind match a query, newest
//! first, those matching in their title before those matching only in their text; how many
//! match, counted up to a limit; and what a page shows of each. Every query stops after what it
//! needs, so a two-character query that matches half the county costs what its first page does.

use chrono::NaiveDate;

use super::filter::id_list;
use super::tx::Statement;
use super::{Db, DbError};
use crate::domain::milestone_code;
use crate::domain::search::{fts_phrase, SearchKind};

/// Which documents to look among.
#[derive(Clone, Copy, Debug)]
pub struct Scope {
    pub kind: SearchKind,
    pub unit: Option<i64>,
    pub pillar: Option<i64>,
}

/// Where the query must match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Title,
    /// In the text and not in the title (those came first).
    TextOnly,
    Anywhere,
}

/// SQLite: the FTS5 query of `part` within `scope`. The index's pairs carry their kind and
/// part (`1t`: a milestone's title, `4b`: a progress note's text), so each phrase reads only the
/// documents it can match.
fn fts_query(query: &str, scope: Scope, part: Part) -> String {
    let (title_prefix, text_prefix) = prefixes(scope);
    let title = fts_phrase(query, &title_prefix);
    let text = fts_phrase(query, &text_prefix);
    let matched = match part {
        Part::Title => title,
        Part::TextOnly => format!("({text} NOT {title})"),
        Part::Anywhere => format!("({title} OR {text})"),
    };
    let facets: Vec<String> = scope
        .unit
        .map(|u| format!("u{u}"))
        .into_iter()
        .chain(scope.pillar.map(|p| format!("p{p}")))
        .collect();
    if facets.is_empty() {
        matched
    } else {
        format!("{matched} AND facets : ({})", facets.join(" AND "))
    }
}

/// PostgreSQL: the conditions of `part` within `scope`, with the query bound as `$1`, the kind
/// as `$2`, unit and pillar as `$3` and `$4` (NULL: any), the title's and the text's prefixes
/// (`1t`, `1b`) as `$6` and `$7`.
fn pg_conditions(part: Part) -> String {
    let matched = match part {
        Part::Title => "words @@ q.title",
        Part::TextOnly => "words @@ q.text AND NOT words @@ q.title",
        Part::Anywhere => "words @@ (q.title || q.text)",
    };
    format!(
        "kind = $2 AND ($3 IS NULL OR unit_id = $3) AND ($4 IS NULL OR pillar_id = $4) AND {matched}"
    )
}

const PG_QUERY: &str = "(SELECT phraseto_tsquery('simple', search_grams($1, $6)) AS title,
                                phraseto_tsquery('simple', search_grams($1, $7)) AS text) q";

/// The index's prefixes of a kind's title and text pairs.
fn prefixes(scope: Scope) -> (String, String) {
    let kind = scope.kind.number();
    (format!("{kind}t"), format!("{kind}b"))
}

/// A statement over the index in `part` of `scope`, with the query and `limit` bound: on SQLite
/// `sql` has the FTS5 query as `$1` and the limit as `$2`; on PostgreSQL the parameters of
/// [`pg_conditions`] and the limit as `$5`.
fn statement(db: &Db, sql: String, query: &str, scope: Scope, part: Part, limit: i64) -> Statement {
    match db {
        Db::Sqlite(_) => Statement::new(sql)
            .bind(fts_query(query, scope, part))
            .bind(limit),
        Db::Postgres(_) => {
            let (title, text) = prefixes(scope);
            Statement::new(sql)
                .bind(query)
                .bind(kind_number(scope))
                .bind(scope.unit)
                .bind(scope.pillar)
                .bind(limit)
                .bind(title)
                .bind(text)
        }
    }
}

fn kind_number(scope: Scope) -> i32 {
    i32::try_from(scope.kind.number()).unwrap_or(0)
}

/// Up to `limit` ids of documents matching in `part`, newest first. `common`: the query matches
/// many documents of the kind, so on PostgreSQL walking the kind's documents newest first stops
/// soonest; its planner cannot tell that from a prepared statement's parameters and would
/// gather every match through the text index and sort them (seconds for a pair in most notes).
async fn ids(
    db: &Db,
    query: &str,
    scope: Scope,
    part: Part,
    limit: i64,
    common: bool,
) -> Result<Vec<i64>, DbError> {
    if limit <= 0 {
        return Ok(Vec::new());
    }
    let rows: Vec<(i64,)> = match db {
        Db::Sqlite(_) => {
            let sql = "SELECT rowid / 8 FROM search_index WHERE search_index MATCH $1
                       ORDER BY rowid DESC LIMIT $2";
            db.fetch_all(statement(db, sql.into(), query, scope, part, limit))
                .await?
        }
        Db::Postgres(_) => {
            // The walk is a prepared statement of its own: SET does not replan a cached plan, so
            // one text for both would serve the walk a plan made with bitmap scans (seconds).
            let walk = if common { "/* newest first */ " } else { "" };
            let sql = format!(
                "{walk}SELECT doc_id FROM search_index, {PG_QUERY} WHERE {}
                 ORDER BY doc_id DESC LIMIT $5",
                pg_conditions(part)
            );
            let statement = statement(db, sql, query, scope, part, limit);
            let mut tx = db.begin().await?;
            if common {
                tx.execute(Statement::new("SET LOCAL enable_bitmapscan = off"))
                    .await?;
            }
            let rows = tx.fetch_all(statement).await?;
            tx.commit().await?;
            rows
        }
    };
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// The ids of the documents `skip..skip + take` in the order a page shows them: title matches
/// first, then text matches, each newest first. `common`: [`count`] reached its limit.
pub async fn ranked(
    db: &Db,
    query: &str,
    scope: Scope,
    skip: usize,
    take: usize,
    common: bool,
) -> Result<Vec<i64>, DbError> {
    let wanted = i64::try_from(skip + take).unwrap_or(i64::MAX);
    let mut found = ids(db, query, scope, Part::Title, wanted, false).await?;
    let rest = wanted - i64::try_from(found.len()).unwrap_or(0);
    found.extend(ids(db, query, scope, Part::TextOnly, rest, common).await?);
    Ok(found.into_iter().skip(skip).take(take).collect())
}

/// What PostgreSQL's statistics of the index say of a query in one kind: the share of the kind's
/// documents it matches (at most; its rarest pair's), and how many documents the kind has.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub kind: SearchKind,
    pub share: f64,
    pub documents: f64,
}

/// Rows [`count`] on PostgreSQL may walk at the most.
const PG_WALK_MAX: f64 = 5000.0;
/// What a row costs to walk (its words read and matched) against a posting the text index
/// gathers, measured on the synthetic county: about 17 µs against 0.25 µs.
const PG_WALK_ROW_COST: f64 = 68.0;

impl Estimate {
    /// Whether counting to `limit` by walking the newest documents (about `limit / share`
    /// rows) costs less than the text index gathering every match (`share × documents`).
    pub fn walk_pays(&self, limit: i64) -> bool {
        if self.share <= 0.0 {
            return false;
        }
        let walked = limit as f64 / self.share;
        walked <= PG_WALK_MAX && walked * PG_WALK_ROW_COST < self.share * self.documents
    }
}

/// The statistics of the query in each kind, by PostgreSQL's statistics of the index (each
/// pair's share of rows, kept by ANALYZE): one small query a search. None on SQLite, whose FTS5
/// index counts even a common pair quickly.
pub async fn estimates(db: &Db, query: &str) -> Result<Vec<Estimate>, DbError> {
    if let Db::Sqlite(_) = db {
        return Ok(Vec::new());
    }
    // A phrase matches no more rows than its rarest pair; a pair the statistics do not list
    // among the commonest is rare.
    let sql = "WITH elems AS (
            SELECT e.elem, e.freq FROM pg_stats s,
                unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(elem, freq)
            WHERE s.schemaname = current_schema() AND s.tablename = 'search_index'
              AND s.attname = 'words'),
        kinds AS (
            SELECT v.kind, v.freq FROM pg_stats s,
                unnest(s.most_common_vals::text::int[], s.most_common_freqs) AS v(kind, freq)
            WHERE s.schemaname = current_schema() AND s.tablename = 'search_index'
              AND s.attname = 'kind'),
        parts AS (
            SELECT k.kind, k.freq AS kind_freq, p.part,
                   tsvector_to_array(to_tsvector('simple', search_grams($1, k.kind || p.part))) AS grams
            FROM kinds k, (VALUES ('t'), ('b')) AS p(part)),
        part_freqs AS (
            SELECT parts.kind, parts.kind_freq, MIN(COALESCE(e.freq, 0)) AS freq
            FROM parts, unnest(parts.grams) AS g(gram) LEFT JOIN elems e ON e.elem = g.gram
            GROUP BY parts.kind, parts.kind_freq, parts.part)
        SELECT kind, LEAST(MAX(freq) / NULLIF(kind_freq, 0), 1)::FLOAT8,
               (kind_freq * (SELECT GREATEST(reltuples, 0) FROM pg_class
                             WHERE oid = 'search_index'::regclass))::FLOAT8
        FROM part_freqs GROUP BY kind, kind_freq";
    let rows: Vec<(i32, Option<f64>, Option<f64>)> =
        db.fetch_all(Statement::new(sql).bind(query)).await?;
    Ok(rows
        .into_iter()
        .filter_map(|(number, share, documents)| {
            let kind = SearchKind::ALL
                .into_iter()
                .find(|k| k.number() == i64::from(number))?;
            Some(Estimate {
                kind,
                share: share.unwrap_or(0.0),
                documents: documents.unwrap_or(0.0),
            })
        })
        .collect())
}

/// How many documents match, counting no further than `limit`. `estimate`: what the
/// statistics say of the query in this kind (PostgreSQL).
pub async fn count(
    db: &Db,
    query: &str,
    scope: Scope,
    limit: i64,
    estimate: Option<Estimate>,
) -> Result<i64, DbError> {
    // A pair in most of a kind's documents (完成 is in three of every four progress notes)
    // would have the text index gather every posting; walking the kind's key newest first
    // reaches `limit` matches after a few hundred rows. With a unit or pillar the walk could
    // read the whole kind, so the index counts.
    let walk = estimate.filter(|e| e.walk_pays(limit));
    if let (Db::Postgres(_), Some(estimate), None, None) = (db, walk, scope.unit, scope.pillar) {
        let rows = ((limit as f64 / estimate.share) * 2.0).min(PG_WALK_MAX) as i64;
        let sql = format!(
            "SELECT COUNT(*) FROM (
                 SELECT 1 FROM (SELECT words FROM search_index WHERE kind = $2
                                ORDER BY doc_id DESC LIMIT $8) newest, {PG_QUERY}
                 WHERE newest.words @@ (q.title || q.text) AND $3::BIGINT IS NULL
                       AND $4::BIGINT IS NULL
                 LIMIT $5) found"
        );
        let statement = statement(db, sql, query, scope, Part::Anywhere, limit).bind(rows);
        let (n,): (i64,) = db.fetch_one(statement).await?;
        if n >= limit {
            return Ok(n);
        }
    }
    let sql = match db {
        Db::Sqlite(_) => "SELECT COUNT(*) FROM (SELECT rowid FROM search_index
                          WHERE search_index MATCH $1 LIMIT $2)"
            .to_string(),
        Db::Postgres(_) => format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM search_index, {PG_QUERY} WHERE {}
             LIMIT $5) found",
            pg_conditions(Part::Anywhere)
        ),
    };
    let (n,): (i64,) = db
        .fetch_one(statement(db, sql, query, scope, Part::Anywhere, limit))
        .await?;
    Ok(n)
}

/// What a results page shows of one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub id: i64,
    pub title: String,
    pub text: String,
    pub unit: Option<String>,
    pub day: Option<NaiveDate>,
    pub milestone_id: Option<i64>,
    pub project_id: Option<i64>,
    /// The title of the milestone or project it belongs to.
    pub parent: Option<String>,
}

type FoundRow = (
    i64,
    String,
    String,
    Option<String>,
    Option<NaiveDate>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<i64>,
);

/// The columns of each kind as one shape: id, title, text, unit, day, milestone, project,
/// parent title, and a milestone's code (stem, number).
fn details_sql(kind: SearchKind, ids: &str) -> String {
    const NO_DAY: &str = "CAST(NULL AS DATE)";
    const NO_ID: &str = "CAST(NULL AS BIGINT)";
    const NO_TEXT: &str = "CAST(NULL AS TEXT)";
    match kind {
        SearchKind::Unit => format!(
            "SELECT id, name, '', {NO_TEXT}, {NO_DAY}, {NO_ID}, {NO_ID}, {NO_TEXT}, {NO_TEXT}, {NO_ID}
             FROM units WHERE id IN ({ids})"
        ),
        SearchKind::Milestone => format!(
            "SELECT m.id, m.title, m.description, u.name, m.due_date, m.id, {NO_ID}, {NO_TEXT},
                    m.code_stem, m.code_number
             FROM milestones m JOIN units u ON u.id = m.unit_id WHERE m.id IN ({ids})"
        ),
        SearchKind::Project => format!(
            "SELECT p.id, p.name || CASE WHEN p.code IS NULL THEN '' ELSE ' ' || p.code END,
                    p.content || ' ' || p.location, u.name, {NO_DAY}, {NO_ID}, p.id, {NO_TEXT},
                    {NO_TEXT}, {NO_ID}
             FROM projects p JOIN units u ON u.id = p.unit_id WHERE p.id IN ({ids})"
        ),
        SearchKind::Problem => format!(
            "SELECT pr.id, pr.description, pr.answer, u.name, pr.raised_on, pr.milestone_id,
                    pr.project_id, COALESCE(m.title, p.name), {NO_TEXT}, {NO_ID}
             FROM problems pr
             LEFT JOIN units u ON u.id = pr.owner_unit_id
             LEFT JOIN milestones m ON m.id = pr.milestone_id
             LEFT JOIN projects p ON p.id = pr.project_id
             WHERE pr.id IN ({ids})"
        ),
        SearchKind::Activity => format!(
            "SELECT a.id, a.title, a.notes, u.name, a.held_on, {NO_ID}, {NO_ID}, {NO_TEXT},
                    {NO_TEXT}, {NO_ID}
             FROM activities a LEFT JOIN units u ON u.id = a.unit_id WHERE a.id IN ({ids})"
        ),
        SearchKind::MilestoneProgress => format!(
            "SELECT p.id, '', p.note, u.name, p.reported_on, m.id, {NO_ID}, m.title, {NO_TEXT},
                    {NO_ID}
             FROM milestone_progress p JOIN milestones m ON m.id = p.milestone_id
             JOIN units u ON u.id = m.unit_id WHERE p.id IN ({ids})"
        ),
        SearchKind::ProjectProgress => format!(
            "SELECT pp.id, '', pp.visible_progress, u.name, pp.reported_on, {NO_ID}, p.id, p.name,
                    {NO_TEXT}, {NO_ID}
             FROM project_progress pp JOIN projects p ON p.id = pp.project_id
             JOIN units u ON u.id = p.unit_id WHERE pp.id IN ({ids})"
        ),
    }
}

/// What a page shows of documents `ids` of `kind` (ids read from the index), in their order.
pub async fn details(db: &Db, kind: SearchKind, ids: &[i64]) -> Result<Vec<Found>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<FoundRow> = db
        .fetch_all(Statement::new(details_sql(kind, &id_list(ids))))
        .await?;
    let mut found: Vec<Found> = rows
        .into_iter()
        .map(
            |(id, title, text, unit, day, milestone_id, project_id, parent, stem, number)| {
                let title = match milestone_code::stored(stem.as_deref(), number) {
                    Some(code) => format!("{code} {title}"),
                    None => title,
                };
                Found {
                    id,
                    title,
                    text,
                    unit,
                    day,
                    milestone_id,
                    project_id,
                    parent,
                }
            },
        )
        .collect();
    found.sort_by_key(|f| ids.iter().position(|id| *id == f.id));
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn estimate(share: f64, documents: f64) -> Estimate {
        Estimate {
            kind: SearchKind::MilestoneProgress,
            share,
            documents,
        }
    }

    #[test]
    fn walking_pays_only_for_a_pair_common_in_a_large_kind() {
        // 完成 among 500,000 notes: 135 rows walked against 375,000 postings.
        assert!(estimate(0.75, 500_000.0).walk_pays(101));
        assert!(estimate(0.75, 500_000.0).walk_pays(1001));
        // A pair in one of ten of 50,000 milestones: the index gathers 5,000 postings quickly.
        assert!(!estimate(0.1, 50_000.0).walk_pays(101));
        // Rare, or unknown to the statistics: the index.
        assert!(!estimate(0.01, 500_000.0).walk_pays(101));
        assert!(!estimate(0.0, 500_000.0).walk_pays(101));
    }
}
