//! 安全与备份: what the admin's security page shows and does: scheduled backups, signed-in
//! sessions (which an admin may end) and the security audit log. Admins only, checked here.

use crate::backup::schedule::BackupSchedule;
use crate::db::{backup, security_log, sessions, Db};
use crate::domain::access::Permission;
use crate::error::AppError;
use crate::model::{
    BackupScheduleView, ChainState, CurrentUser, SecurityLogFilter, SecurityLogPage, SystemStatus,
    SESSIONS_SHOWN,
};

use super::require;

/// The newest scheduled backups the page lists.
const BACKUPS_SHOWN: i64 = 10;

/// Backups and sessions. A session idle longer than `idle_seconds` at `now` is over and not
/// listed; `own_token` marks the asking browser's.
pub async fn status(
    db: &Db,
    actor: Option<&CurrentUser>,
    schedule: Option<&BackupSchedule>,
    now: i64,
    idle_seconds: i64,
    own_token: Option<&str>,
) -> Result<SystemStatus, AppError> {
    require(actor, Permission::Administer)?;
    let backups = backup::recent_backup_runs(db, BACKUPS_SHOWN).await?;
    let (sessions, sessions_total) =
        sessions::active_sessions(db, now - idle_seconds, SESSIONS_SHOWN, own_token).await?;
    let max_age = sessions::password_max_age_days(db).await?;
    Ok(SystemStatus {
        password_max_age_days: max_age,
        schedule: schedule.map(|s| BackupScheduleView {
            dir: s.dir.display().to_string(),
            every_seconds: s.every_seconds,
            keep: s.keep,
        }),
        backups,
        sessions,
        sessions_total,
    })
}

/// The longest a password may be used, in days (0: no limit). At most ten years.
pub async fn set_password_max_age(
    db: &Db,
    actor: Option<&CurrentUser>,
    days: i64,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::Administer)?;
    if !(0..=3650).contains(&days) {
        return Err(crate::domain::validate::FieldErrors::single(
            "days",
            crate::domain::problem::Problem::IntegerRange {
                label: crate::domain::problem::Label::PasswordMaxAge,
                min: 0,
                max: 3650,
            },
        )
        .into());
    }
    let value = days.to_string();
    let mut tx = db.begin().await?;
    let old =
        crate::db::reference::set_setting(&mut tx, sessions::PASSWORD_MAX_AGE_DAYS, &value).await?;
    if old != value {
        let changes = [crate::domain::journal::Change {
            field: "password_max_age_days",
            old,
            new: value,
        }];
        crate::db::journal::record(&mut tx, actor, "settings", 0_i64, 0_i64, "update", &changes)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Signs out the browser whose session `handle` names (the audit log records the call).
pub async fn end_session(
    db: &Db,
    actor: Option<&CurrentUser>,
    handle: &str,
) -> Result<(), AppError> {
    require(actor, Permission::Administer)?;
    match sessions::end_session(db, handle).await? {
        Some(_) => Ok(()),
        None => Err(AppError::NotFound),
    }
}

pub async fn security_log(
    db: &Db,
    actor: Option<&CurrentUser>,
    filter: &SecurityLogFilter,
) -> Result<SecurityLogPage, AppError> {
    require(actor, Permission::Administer)?;
    Ok(security_log::search(db, filter).await?)
}

/// Checks the whole hash chain (it reads every record, so only when asked).
pub async fn verify(db: &Db, actor: Option<&CurrentUser>) -> Result<ChainState, AppError> {
    require(actor, Permission::Administer)?;
    Ok(security_log::chain_state(
        security_log::check_chain(db).await?,
    ))
}

/// The records matching `filter` as CSV in an unnamed temporary file, read from its start: the
/// log can be large, so it is written out and streamed rather than held in memory.
pub async fn security_log_csv(
    db: &Db,
    actor: Option<&CurrentUser>,
    filter: &SecurityLogFilter,
    locale: crate::i18n::Locale,
) -> Result<std::fs::File, AppError> {
    require(actor, Permission::Administer)?;
    let file = tempfile::tempfile().map_err(|_| AppError::Internal)?;
    let mut out = std::io::BufWriter::new(file);
    crate::audit::write_csv(db, filter, locale, &mut out).await?;
    let mut file = out.into_inner().map_err(|_| AppError::Internal)?;
    std::io::Seek::rewind(&mut file).map_err(|_| AppError::Internal)?;
    Ok(file)
}
