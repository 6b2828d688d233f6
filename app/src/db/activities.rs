//! The activity ledger (工作台账) in storage: its types, its records a page at a time, and the
//! counts per type for a filter.

use super::filter;
use super::tx::{Statement, Tx};
use super::{Db, DbError};
use crate::domain::activities::ActivityDraft;
use crate::model::{ActivityCount, ActivityFilter, ActivityTypeView, ActivityView};

/// Records on one page of the ledger.
pub const PAGE_SIZE: u32 = 50;

#[derive(sqlx::FromRow)]
struct TypeRow {
    id: i64,
    name_zh: String,
    name_en: String,
    measure: String,
}

pub async fn types(db: &Db) -> Result<Vec<ActivityTypeView>, DbError> {
    let rows: Vec<TypeRow> = db
        .fetch_all(Statement::new(
            "SELECT id, name_zh, name_en, measure FROM activity_types ORDER BY sort_order, id",
        ))
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| ActivityTypeView {
            id: r.id,
            name_zh: r.name_zh,
            name_en: r.name_en,
            measure: r.measure,
        })
        .collect())
}

/// Adds a type at the end of the list, told in `measure` (the column's default, 次, when
/// `None`); its id and measure.
pub async fn add_type(
    tx: &mut Tx,
    name_zh: &str,
    name_en: &str,
    measure: Option<&str>,
) -> Result<(i64, String), sqlx::Error> {
    let next_place = "(SELECT COALESCE(MAX(sort_order), 0) + 1 FROM activity_types)";
    let statement = match measure {
        Some(measure) => Statement::new(format!(
            "INSERT INTO activity_types (name_zh, name_en, measure, sort_order)
             VALUES ($1, $2, $3, {next_place}) RETURNING id, measure"
        ))
        .bind(name_zh)
        .bind(name_en)
        .bind(measure),
        None => Statement::new(format!(
            "INSERT INTO activity_types (name_zh, name_en, sort_order)
             VALUES ($1, $2, {next_place}) RETURNING id, measure"
        ))
        .bind(name_zh)
        .bind(name_en),
    };
    tx.fetch_one(statement).await
}

#[derive(sqlx::FromRow)]
struct ActivityRow {
    id: i64,
    version: i64,
    type_id: i64,
    type_name: String,
    held_on: chrono::NaiveDate,
    title: String,
    unit_id: Option<i64>,
    unit_name: Option<String>,
    pillar_id: Option<i64>,
    domain_id: Option<i64>,
    participants: Option<i32>,
    notes: String,
}

impl From<ActivityRow> for ActivityView {
    fn from(r: ActivityRow) -> Self {
        ActivityView {
            id: r.id,
            version: r.version,
            type_id: r.type_id,
            type_name: r.type_name,
            held_on: r.held_on,
            title: r.title,
            unit_id: r.unit_id,
            unit_name: r.unit_name,
            pillar_id: r.pillar_id,
            domain_id: r.domain_id,
            participants: r.participants,
            notes: r.notes,
            attachments: Vec::new(),
        }
    }
}

const ACTIVITY_SELECT: &str =
    "SELECT a.id, a.version, a.type_id, t.name_zh AS type_name, a.held_on, a.title,
            a.unit_id, u.name AS unit_name, a.pillar_id, a.domain_id, a.participants, a.notes
     FROM activities a JOIN activity_types t ON t.id = a.type_id
     LEFT JOIN units u ON u.id = a.unit_id";

/// One page of records matching `filter`, newest first, and how many match in all.
pub async fn page(db: &Db, filter: &ActivityFilter) -> Result<(Vec<ActivityView>, i64), DbError> {
    let conditions = filter::activities(filter, 1);
    let page = filter.page.unwrap_or(1).max(1);
    let offset = i64::from(page - 1) * i64::from(PAGE_SIZE);
    let n = conditions.end();
    let rows: Vec<ActivityRow> = db
        .fetch_all(
            Statement::new(format!(
                "{ACTIVITY_SELECT} WHERE {} ORDER BY a.held_on DESC, a.id DESC LIMIT ${n} OFFSET ${}",
                conditions.sql(),
                n + 1
            ))
            .bind_all(conditions.values())
            .bind(i64::from(PAGE_SIZE))
            .bind(offset),
        )
        .await?;
    let (total,): (i64,) = db
        .fetch_one(
            Statement::new(format!(
                "SELECT COUNT(*) FROM activities a WHERE {}",
                conditions.sql()
            ))
            .bind_all(conditions.values()),
        )
        .await?;
    Ok((rows.into_iter().map(ActivityView::from).collect(), total))
}

pub async fn get(db: &Db, id: i64) -> Result<Option<ActivityView>, DbError> {
    let row: Option<ActivityRow> = db
        .fetch_optional(Statement::new(format!("{ACTIVITY_SELECT} WHERE a.id = $1")).bind(id))
        .await?;
    Ok(row.map(ActivityView::from))
}

#[derive(sqlx::FromRow)]
struct CountRow {
    type_id: i64,
    name_zh: String,
    name_en: String,
    measure: String,
    count: i64,
}

/// Records per type matching `filter` (its page ignored), in the types' order; types with none
/// are left out.
pub async fn counts(db: &Db, filter: &ActivityFilter) -> Result<Vec<ActivityCount>, DbError> {
    let conditions = filter::activities(filter, 1);
    let rows: Vec<CountRow> = db
        .fetch_all(
            Statement::new(format!(
                "SELECT t.id AS type_id, t.name_zh, t.name_en, t.measure, COUNT(*) AS count
                 FROM activities a JOIN activity_types t ON t.id = a.type_id
                 WHERE {}
                 GROUP BY t.id, t.name_zh, t.name_en, t.measure, t.sort_order
                 ORDER BY t.sort_order, t.id",
                conditions.sql()
            ))
            .bind_all(conditions.values()),
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| ActivityCount {
            type_id: r.type_id,
            name_zh: r.name_zh,
            name_en: r.name_en,
            measure: r.measure,
            count: r.count,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct StoredRow {
    type_id: i64,
    held_on: chrono::NaiveDate,
    title: String,
    unit_id: Option<i64>,
    pillar_id: Option<i64>,
    domain_id: Option<i64>,
    participants: Option<i32>,
    notes: String,
    version: i64,
}

/// A record as stored, with its version (to compare an edit with it field by field).
pub async fn stored(db: &Db, id: i64) -> Result<Option<(ActivityDraft, i64)>, DbError> {
    let row: Option<StoredRow> = db
        .fetch_optional(
            Statement::new(
                "SELECT type_id, held_on, title, unit_id, pillar_id, domain_id, participants, notes,
                        version
                 FROM activities WHERE id = $1",
            )
            .bind(id),
        )
        .await?;
    Ok(row.map(|r| {
        (
            ActivityDraft {
                type_id: r.type_id,
                held_on: r.held_on,
                title: r.title,
                unit_id: r.unit_id,
                pillar_id: r.pillar_id,
                domain_id: r.domain_id,
                participants: r.participants,
                notes: r.notes,
            },
            r.version,
        )
    }))
}

/// Binds a record's fields as `$1`..`$8`, in the order insert and update name them.
fn bind_draft(statement: Statement, draft: &ActivityDraft) -> Statement {
    statement
        .bind(draft.type_id)
        .bind(draft.held_on)
        .bind(draft.title.as_str())
        .bind(draft.unit_id)
        .bind(draft.pillar_id)
        .bind(draft.domain_id)
        .bind(draft.participants)
        .bind(draft.notes.as_str())
}

pub async fn insert(
    tx: &mut Tx,
    draft: &ActivityDraft,
    by: &str,
    at: i64,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = tx
        .fetch_one(
            bind_draft(
                Statement::new(
                    "INSERT INTO activities (type_id, held_on, title, unit_id, pillar_id, domain_id,
                                             participants, notes, created_by, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                ),
                draft,
            )
            .bind(by)
            .bind(at),
        )
        .await?;
    Ok(id)
}

/// Replaces a record if it is still at `version`; false when someone changed it meanwhile.
pub async fn update(
    tx: &mut Tx,
    id: i64,
    version: i64,
    draft: &ActivityDraft,
) -> Result<bool, sqlx::Error> {
    let n = tx
        .execute(
            bind_draft(
                Statement::new(
                    "UPDATE activities SET type_id = $1, held_on = $2, title = $3, unit_id = $4,
                            pillar_id = $5, domain_id = $6, participants = $7, notes = $8,
                            version = version + 1
                     WHERE id = $9 AND version = $10",
                ),
                draft,
            )
            .bind(id)
            .bind(version),
        )
        .await?;
    Ok(n == 1)
}

pub async fn delete(tx: &mut Tx, id: i64, version: i64) -> Result<bool, sqlx::Error> {
    let n = tx
        .execute(
            Statement::new("DELETE FROM activities WHERE id = $1 AND version = $2")
                .bind(id)
                .bind(version),
        )
        .await?;
    Ok(n == 1)
}

/// Up to `limit` records matching `filter` (its page ignored) after `after` (day, id), oldest
/// first: an export reads the ledger a batch at a time.
pub async fn export_batch(
    db: &Db,
    filter: &ActivityFilter,
    after: Option<(chrono::NaiveDate, i64)>,
    limit: i64,
) -> Result<Vec<ActivityView>, DbError> {
    let conditions = filter::activities(filter, 4);
    let (day, id) = after.unzip();
    let rows: Vec<ActivityRow> = db
        .fetch_all(
            Statement::new(format!(
                "{ACTIVITY_SELECT}
                 WHERE ($1 IS NULL OR a.held_on > $1 OR (a.held_on = $1 AND a.id > $2)) AND {}
                 ORDER BY a.held_on, a.id LIMIT $3",
                conditions.sql()
            ))
            .bind(day)
            .bind(id)
            .bind(limit)
            .bind_all(conditions.values()),
        )
        .await?;
    Ok(rows.into_iter().map(ActivityView::from).collect())
}

/// What makes two records the same for an import: type, day, title and unit.
pub type RecordKey = (i64, chrono::NaiveDate, String, Option<i64>);

pub fn key_of(draft: &ActivityDraft) -> RecordKey {
    (
        draft.type_id,
        draft.held_on,
        draft.title.clone(),
        draft.unit_id,
    )
}

/// The keys of the records held from `first` to `last` (an import's days), in one query.
pub async fn keys_between(
    db: &Db,
    first: chrono::NaiveDate,
    last: chrono::NaiveDate,
) -> Result<std::collections::HashSet<RecordKey>, DbError> {
    let rows: Vec<RecordKey> = db
        .fetch_all(
            Statement::new(
                "SELECT type_id, held_on, title, unit_id FROM activities
                 WHERE held_on >= $1 AND held_on <= $2",
            )
            .bind(first)
            .bind(last),
        )
        .await?;
    Ok(rows.into_iter().collect())
}
