//! The audit journal: writing a change's rows inside its transaction, and reading one record's
//! history, the changes since a version, and the admin's view.

use super::tx::{Statement, Tx};
use super::{filter, Db, DbError};
use crate::domain::journal::Change;
use crate::model::{CurrentUser, JournalEntry, JournalFilter, JournalPage, JournalSort};

/// Journal rows of one statement; a bulk import writes thousands, several hundred at a time.
const ROWS_PER_STATEMENT: usize = 500;

/// Who a journal row names: a signed-in person, or a sender with no account here (a county
/// pushing its package with its token).
#[derive(Clone, Copy, Debug)]
pub struct Author<'a> {
    pub user_id: Option<i64>,
    pub name: &'a str,
}

impl<'a> From<&'a CurrentUser> for Author<'a> {
    fn from(user: &'a CurrentUser) -> Self {
        Author {
            user_id: Some(user.id),
            name: &user.username,
        }
    }
}

/// Writes journal rows `(entity id, version, action, change)` in `tx`, by `actor`, now.
pub async fn record_rows<'a>(
    tx: &mut Tx,
    actor: impl Into<Author<'a>>,
    entity: &str,
    rows: &[(i64, i64, &str, &Change)],
) -> Result<(), sqlx::Error> {
    let actor: Author = actor.into();
    let at = chrono::Utc::now().timestamp();
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let placeholders: Vec<String> = (0..chunk.len())
            .map(|i| {
                let n = i * 10;
                format!(
                    "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                    n + 1,
                    n + 2,
                    n + 3,
                    n + 4,
                    n + 5,
                    n + 6,
                    n + 7,
                    n + 8,
                    n + 9,
                    n + 10
                )
            })
            .collect();
        let mut insert = Statement::new(format!(
            "INSERT INTO audit_log (at, user_id, username, entity, entity_id, version, action, field, old_value, new_value) VALUES {}",
            placeholders.join(", ")
        ));
        for (entity_id, version, action, change) in chunk {
            insert = insert
                .bind(at)
                .bind(actor.user_id)
                .bind(actor.name)
                .bind(entity)
                .bind(*entity_id)
                .bind(*version)
                .bind(*action)
                .bind(change.field)
                .bind(&change.old)
                .bind(&change.new);
        }
        tx.execute(insert).await?;
    }
    Ok(())
}

/// Writes one journal row per change of one record in `tx`.
pub async fn record<'a>(
    tx: &mut Tx,
    actor: impl Into<Author<'a>>,
    entity: &str,
    entity_id: i64,
    version: i64,
    action: &str,
    changes: &[Change],
) -> Result<(), sqlx::Error> {
    let rows: Vec<(i64, i64, &str, &Change)> = changes
        .iter()
        .map(|change| (entity_id, version, action, change))
        .collect();
    record_rows(tx, actor, entity, &rows).await
}

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
    let rows: Vec<JournalRecord> = db
        .fetch_all(
            Statement::new(format!(
                "SELECT {COLUMNS} WHERE entity = $1 AND entity_id = $2 ORDER BY id DESC LIMIT 500"
            ))
            .bind(entity)
            .bind(entity_id),
        )
        .await?;
    Ok(rows.into_iter().map(JournalEntry::from).collect())
}

/// What was saved to a record after `version`, oldest first: shown when a save is refused.
pub async fn changes_since(
    db: &Db,
    entity: &str,
    entity_id: i64,
    version: i64,
) -> Result<Vec<JournalEntry>, DbError> {
    let rows: Vec<JournalRecord> = db
        .fetch_all(
            Statement::new(format!(
                "SELECT {COLUMNS} WHERE entity = $1 AND entity_id = $2 AND version > $3 ORDER BY id LIMIT 200"
            ))
            .bind(entity)
            .bind(entity_id)
            .bind(version),
        )
        .await?;
    Ok(rows.into_iter().map(JournalEntry::from).collect())
}

/// The journal's `ORDER BY` for a sort chosen in the list; without one, newest first. The
/// row id breaks ties, so pages never overlap.
fn order(filter: &JournalFilter) -> String {
    let keys: &[&str] = match filter.sort {
        None => return "id DESC".to_string(),
        Some(JournalSort::Time) => &["at"],
        Some(JournalSort::User) => &["username"],
        Some(JournalSort::Record) => &["entity", "entity_id", "version"],
        Some(JournalSort::Field) => &["field"],
        Some(JournalSort::Old) => &["old_value"],
        Some(JournalSort::New) => &["new_value"],
    };
    filter::order_by(keys, "id", filter.desc)
}

/// One page of the journal rows matching the admin's filter, in its chosen order.
pub async fn search(db: &Db, filter: &JournalFilter) -> Result<JournalPage, DbError> {
    let conditions = filter::journal(filter, 1);
    let (rows, page) = filter::page_of::<JournalRecord>(
        db,
        "audit_log",
        COLUMNS,
        &conditions,
        &order(filter),
        filter.page,
    )
    .await?;
    Ok(JournalPage {
        entries: rows.into_iter().map(JournalEntry::from).collect(),
        page,
    })
}
