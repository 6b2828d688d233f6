//! Uploaded files waiting for their uploader to confirm an import. They live in the database so
//! that any app server behind a load balancer can show the preview.

use super::sessions::new_token;
use super::tx::Statement;
use super::{Db, DbError};

/// Keeps a file for `user_id`; returns its token. Uploads made before `expired_before` go.
pub async fn store(
    db: &Db,
    user_id: i64,
    now: i64,
    expired_before: i64,
    file_name: &str,
    bytes: &[u8],
) -> Result<String, DbError> {
    let token = new_token();
    let mut tx = db.begin().await?;
    tx.execute(
        Statement::new("DELETE FROM import_uploads WHERE created_at < $1").bind(expired_before),
    )
    .await?;
    tx.execute(
        Statement::new(
            "INSERT INTO import_uploads (token, user_id, created_at, file_name, content) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&token)
        .bind(user_id)
        .bind(now)
        .bind(file_name)
        .bind(bytes),
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// The upload `token` of `user_id` (only its owner may see it): (file name, bytes).
pub async fn load(
    db: &Db,
    user_id: i64,
    token: &str,
) -> Result<Option<(String, Vec<u8>)>, DbError> {
    Ok(db
        .fetch_optional(
            Statement::new(
                "SELECT file_name, content FROM import_uploads WHERE token = $1 AND user_id = $2",
            )
            .bind(token)
            .bind(user_id),
        )
        .await?)
}

pub async fn forget(db: &Db, token: &str) -> Result<(), DbError> {
    db.execute(Statement::new("DELETE FROM import_uploads WHERE token = $1").bind(token))
        .await?;
    Ok(())
}
