//! Account and access settings.

use super::require;
use crate::db::sessions;
use crate::db::sessions::ANONYMOUS_READ;
use crate::db::{journal, reference, Db};
use crate::domain::access::Permission;
use crate::error::AppError;
use crate::model::CurrentUser;

/// Lets people read every page without signing in (or stops that). Admins only.
pub async fn set_anonymous_read(
    db: &Db,
    actor: Option<&CurrentUser>,
    enabled: bool,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::Administer)?;
    let value = if enabled { "true" } else { "false" };
    {
        let mut tx = db.begin().await?;
        let old = reference::set_setting(&mut tx, ANONYMOUS_READ, value).await?;
        if old != value {
            let changes = [crate::domain::journal::Change {
                field: "anonymous_read",
                old,
                new: value.to_string(),
            }];
            journal::record(&mut tx, actor, "settings", 0_i64, 0_i64, "update", &changes).await?;
        }
        tx.commit().await?
    };
    Ok(())
}

/// Changes the signed-in person's own password; their other browsers are signed out.
pub async fn change_password(
    db: &Db,
    actor: Option<&CurrentUser>,
    token: Option<&str>,
    current: &str,
    new: &str,
    confirm: &str,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::Read)?;
    let token = token.ok_or(AppError::Unauthenticated)?;
    Ok(sessions::change_password(db, actor.id, current, new, confirm, token).await?)
}
