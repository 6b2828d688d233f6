//! Reading the audit journal: one record's history, changes since a version, the admin's view.

use crate::db::{with_pool, Db, DbError};
use crate::model::{JournalEntry, JournalFilter};

#[derive(sqlx::FromRow)]
struct JournalRecord {
    at: i64,
    username: String,
    entity: String,
    entity_id: i64,
    version: i64,
    action: String,
    field: String,
    old_value: String,
    new_value: String,
}

impl From<JournalRecord> for JournalEntry {
    fn from(r: JournalRecord) -> Self {
        JournalEntry {
            at: r.at,
            username: r.username,
            entity: r.entity,
            entity_id: r.entity_id,
            version: r.version,
            action: r.action,
            field: r.field,
            old_value: r.old_value,
            new_value: r.new_value,
        }
    }
}

const COLUMNS: &str =
    "at, username, entity, entity_id, version, action, field, old_value, new_value FROM audit_log";

/// The history of one record, newest first.
pub async fn history(db: &Db, entity: &str, entity_id: i64) -> Result<Vec<JournalEntry>, DbError> {
    let sql =
        format!("SELECT {COLUMNS} WHERE entity = $1 AND entity_id = $2 ORDER BY id DESC LIMIT 500");
    let rows: Vec<JournalRecord> = with_pool!(db, pool => {
        sqlx::query_as(&sql).bind(entity).bind(entity_id).fetch_all(pool).await?
    });
    Ok(rows.into_iter().map(JournalEntry::from).collect())
}

/// What was saved to a record after `version`, oldest first: shown when a save is refused.
pub async fn changes_since(
    db: &Db,
    entity: &str,
    entity_id: i64,
    version: i64,
) -> Result<Vec<JournalEntry>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} WHERE entity = $1 AND entity_id = $2 AND version > $3 ORDER BY id LIMIT 200"
    );
    let rows: Vec<JournalRecord> = with_pool!(db, pool => {
        sqlx::query_as(&sql).bind(entity).bind(entity_id).bind(version).fetch_all(pool).await?
    });
    Ok(rows.into_iter().map(JournalEntry::from).collect())
}

/// The newest journal rows matching the admin's filter (at most `limit`).
pub async fn search(
    db: &Db,
    filter: &JournalFilter,
    limit: i64,
) -> Result<Vec<JournalEntry>, DbError> {
    let conditions = crate::db::filter::journal(filter, 2);
    let sql = format!(
        "SELECT {COLUMNS} WHERE {} ORDER BY id DESC LIMIT $1",
        conditions.sql()
    );
    let rows: Vec<JournalRecord> = with_pool!(db, pool => {
        conditions.bind(sqlx::query_as(&sql).bind(limit)).fetch_all(pool).await?
    });
    Ok(rows.into_iter().map(JournalEntry::from).collect())
}

/// The refusal of a save that started from `expected_version`: what others saved since.
pub async fn conflict(
    db: &Db,
    entity: &str,
    entity_id: i64,
    expected_version: i64,
) -> crate::error::AppError {
    match changes_since(db, entity, entity_id, expected_version).await {
        Ok(changes) => crate::error::AppError::Conflict(changes),
        Err(e) => e.into(),
    }
}
