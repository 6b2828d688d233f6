//! Saved views (我的视图) in storage: each person's own, never more than a few dozen.

use super::tx::{Statement, Tx};
use super::{Db, DbError};
use crate::model::SavedView;

#[derive(sqlx::FromRow)]
struct ViewRow {
    id: i64,
    name: String,
    query: String,
    is_default: bool,
}

impl From<ViewRow> for SavedView {
    fn from(row: ViewRow) -> Self {
        SavedView {
            id: row.id,
            name: row.name,
            query: row.query,
            is_default: row.is_default,
        }
    }
}

/// Person `user`'s views by name, at most `limit`.
pub async fn list(db: &Db, user: i64, limit: usize) -> Result<Vec<SavedView>, DbError> {
    let rows: Vec<ViewRow> = db
        .fetch_all(
            Statement::new(
                "SELECT id, name, query, is_default FROM saved_views WHERE user_id = $1
                 ORDER BY name LIMIT $2",
            )
            .bind(user)
            .bind(i64::try_from(limit).unwrap_or(i64::MAX)),
        )
        .await?;
    Ok(rows.into_iter().map(SavedView::from).collect())
}

/// The query string of person `user`'s default view, if they chose one.
pub async fn default_query(db: &Db, user: i64) -> Result<Option<String>, DbError> {
    let row: Option<(String,)> = db
        .fetch_optional(
            Statement::new("SELECT query FROM saved_views WHERE user_id = $1 AND is_default")
                .bind(user),
        )
        .await?;
    Ok(row.map(|(query,)| query))
}

/// How many views the person keeps, and the id of the one named `name` if any.
pub async fn count_and_named(
    tx: &mut Tx,
    user: i64,
    name: &str,
) -> Result<(i64, Option<i64>), sqlx::Error> {
    let (count,): (i64,) = tx
        .fetch_one(Statement::new("SELECT COUNT(*) FROM saved_views WHERE user_id = $1").bind(user))
        .await?;
    let named: Option<(i64,)> = tx
        .fetch_optional(
            Statement::new("SELECT id FROM saved_views WHERE user_id = $1 AND name = $2")
                .bind(user)
                .bind(name),
        )
        .await?;
    Ok((count, named.map(|(id,)| id)))
}

pub async fn insert(tx: &mut Tx, user: i64, name: &str, query: &str) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = tx
        .fetch_one(
            Statement::new(
                "INSERT INTO saved_views (user_id, name, query) VALUES ($1, $2, $3) RETURNING id",
            )
            .bind(user)
            .bind(name)
            .bind(query),
        )
        .await?;
    Ok(id)
}

pub async fn set_query(tx: &mut Tx, id: i64, query: &str) -> Result<(), sqlx::Error> {
    tx.execute(
        Statement::new("UPDATE saved_views SET query = $1 WHERE id = $2")
            .bind(query)
            .bind(id),
    )
    .await?;
    Ok(())
}

/// Makes view `id` person `user`'s default (none when `None`); false when it is not theirs.
pub async fn set_default(tx: &mut Tx, user: i64, id: Option<i64>) -> Result<bool, sqlx::Error> {
    // Cleared first: the database allows one default per person at any moment.
    tx.execute(
        Statement::new(
            "UPDATE saved_views SET is_default = FALSE WHERE user_id = $1 AND is_default",
        )
        .bind(user),
    )
    .await?;
    let Some(id) = id else { return Ok(true) };
    let set = tx
        .execute(
            Statement::new(
                "UPDATE saved_views SET is_default = TRUE WHERE id = $1 AND user_id = $2",
            )
            .bind(id)
            .bind(user),
        )
        .await?;
    Ok(set > 0)
}

/// Deletes person `user`'s view `id`; false when it is not theirs.
pub async fn delete(tx: &mut Tx, user: i64, id: i64) -> Result<bool, sqlx::Error> {
    let deleted = tx
        .execute(
            Statement::new("DELETE FROM saved_views WHERE id = $1 AND user_id = $2")
                .bind(id)
                .bind(user),
        )
        .await?;
    Ok(deleted > 0)
}
