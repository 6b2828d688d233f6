//! Account and access settings.

use super::require;
use crate::db::sessions;
use crate::db::sessions::ANONYMOUS_READ;
use crate::db::tx::Tx;
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
    let mut tx = db.begin().await?;
    save_setting(
        &mut tx,
        actor,
        ANONYMOUS_READ,
        "anonymous_read",
        &enabled.to_string(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Stores a setting in `tx` and, when its value changes, journals the change as `field` of
/// the settings record, under `actor`.
pub(crate) async fn save_setting(
    tx: &mut Tx,
    actor: &CurrentUser,
    key: &str,
    field: &'static str,
    value: &str,
) -> Result<(), AppError> {
    let old = reference::set_setting(tx, key, value).await?;
    if old != value {
        let changes = [crate::domain::journal::Change {
            field,
            old,
            new: value.to_string(),
        }];
        journal::record(tx, actor, "settings", 0_i64, 0_i64, "update", &changes).await?;
    }
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
