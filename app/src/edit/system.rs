//! 安全与备份: what the admin's security page shows and does: scheduled backups (the system
//! administrator's), password policy, signed-in sessions and the separation of duties (the
//! security administrator's), and the security audit log (the audit administrator's). When
//! duties are combined the admin holds all three. Checked here.

use crate::backup::schedule::BackupSchedule;
use crate::db::{backup, security_log, sessions, users, Db};
use crate::domain::access::{Duties, Permission, ADMIN_DUTIES};
use crate::domain::model::Role;
use crate::domain::problem::Problem;
use crate::domain::validate::FieldErrors;
use crate::error::AppError;
use crate::model::{
    BackupScheduleView, BackupsStatus, ChainState, CurrentUser, SecurityLogFilter, SecurityLogPage,
    SecurityStatus, SystemStatus, SESSIONS_SHOWN,
};

use super::settings::save_setting;
use super::{require, require_any};

/// The newest scheduled backups the page lists.
const BACKUPS_SHOWN: i64 = 10;

/// Backups, and sessions with the password and duties settings, as far as they are the
/// actor's to see. A session idle longer than `idle_seconds` at `now` is over and not listed;
/// `own_token` marks the asking browser's.
pub async fn status(
    db: &Db,
    actor: Option<&CurrentUser>,
    schedule: Option<&BackupSchedule>,
    now: i64,
    idle_seconds: i64,
    own_token: Option<&str>,
) -> Result<SystemStatus, AppError> {
    let actor = require_any(actor, &ADMIN_DUTIES)?;
    let backups = match actor.can(Permission::Administer) {
        true => Some(BackupsStatus {
            schedule: schedule.map(|s| BackupScheduleView {
                dir: s.dir.display().to_string(),
                every_seconds: s.every_seconds,
                keep: s.keep,
            }),
            runs: backup::recent_backup_runs(db, BACKUPS_SHOWN).await?,
        }),
        false => None,
    };
    let security = match actor.can(Permission::AdministerSecurity) {
        true => {
            let (sessions, sessions_total) =
                sessions::active_sessions(db, now - idle_seconds, SESSIONS_SHOWN, own_token)
                    .await?;
            Some(SecurityStatus {
                sessions,
                sessions_total,
                password_max_age_days: sessions::password_max_age_days(db).await?,
                separate_duties: sessions::duties(db).await? == Duties::Separated,
            })
        }
        false => None,
    };
    Ok(SystemStatus { backups, security })
}

/// Separates the three administrators' duties (三员分立) or combines them again; it takes
/// effect at everyone's next request. Separating needs an enabled security administrator and
/// audit administrator, or nobody could do their part.
pub async fn set_separate_duties(
    db: &Db,
    actor: Option<&CurrentUser>,
    separate: bool,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::AdministerSecurity)?;
    let value = separate.to_string();
    let mut tx = db.begin().await?;
    let needed = [Role::SecurityAdmin, Role::AuditAdmin];
    if separate
        && users::first_without_enabled_account(&mut tx, &needed)
            .await?
            .is_some()
    {
        let problem = Problem::SeparationNeedsAdministrators;
        return Err(FieldErrors::single("separate", problem).into());
    }
    save_setting(
        &mut tx,
        actor,
        sessions::SEPARATE_DUTIES,
        "separate_duties",
        &value,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The longest a password may be used, in days (0: no limit). At most ten years.
pub async fn set_password_max_age(
    db: &Db,
    actor: Option<&CurrentUser>,
    days: i64,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::AdministerSecurity)?;
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
    let mut tx = db.begin().await?;
    let (key, field) = (sessions::PASSWORD_MAX_AGE_DAYS, "password_max_age_days");
    save_setting(&mut tx, actor, key, field, &days.to_string()).await?;
    tx.commit().await?;
    Ok(())
}

/// Signs out the browser whose session `handle` names (the audit log records the call).
pub async fn end_session(
    db: &Db,
    actor: Option<&CurrentUser>,
    handle: &str,
) -> Result<(), AppError> {
    require(actor, Permission::AdministerSecurity)?;
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
    require(actor, Permission::Audit)?;
    Ok(security_log::search(db, filter).await?)
}

/// Checks the whole hash chain (it reads every record, so only when asked).
pub async fn verify(db: &Db, actor: Option<&CurrentUser>) -> Result<ChainState, AppError> {
    require(actor, Permission::Audit)?;
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
    require(actor, Permission::Audit)?;
    let file = tempfile::tempfile().map_err(|_| AppError::Internal)?;
    let mut out = std::io::BufWriter::new(file);
    crate::audit::write_csv(db, filter, locale, &mut out).await?;
    let mut file = out.into_inner().map_err(|_| AppError::Internal)?;
    std::io::Seek::rewind(&mut file).map_err(|_| AppError::Internal)?;
    Ok(file)
}
