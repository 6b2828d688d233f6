//! Server functions of the security page (安全与备份). Each is thin: the signed-in user and the
//! service call, which checks that they hold the duty it needs.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{ChainState, SecurityLogFilter, SecurityLogPage, SystemStatus};

#[cfg(feature = "ssr")]
use super::{server_context, session_token, signed_in_user};

/// Every server function here that changes data, with what it needs.
pub const MUTATING_ENDPOINTS: &[(&str, crate::domain::access::Permission)] = {
    use crate::domain::access::Permission::AdministerSecurity;
    &[
        ("end_session", AdministerSecurity),
        ("set_password_max_age", AdministerSecurity),
        ("set_separate_duties", AdministerSecurity),
    ]
};

pub const READ_ENDPOINTS: &[&str] = &["system_status", "security_log", "verify_security_log"];

#[server(endpoint = "system_status")]
pub async fn get_system_status() -> Result<SystemStatus, AppError> {
    let ctx = server_context()?;
    crate::edit::system::status(
        &ctx.db,
        signed_in_user().as_ref(),
        ctx.backup_schedule.as_ref(),
        // Sessions keep real time even when "today" is fixed for a demonstration.
        chrono::Utc::now().timestamp(),
        ctx.session_idle_seconds,
        session_token().as_deref(),
    )
    .await
}

#[server(endpoint = "end_session")]
pub async fn end_session(handle: String) -> Result<(), AppError> {
    let ctx = server_context()?;
    crate::edit::system::end_session(&ctx.db, signed_in_user().as_ref(), &handle).await
}

#[server(endpoint = "set_password_max_age")]
pub async fn set_password_max_age(days: i64) -> Result<(), AppError> {
    let ctx = server_context()?;
    crate::edit::system::set_password_max_age(&ctx.db, signed_in_user().as_ref(), days).await
}

/// A checkbox: present (any value) separates the duties, absent combines them.
#[server(endpoint = "set_separate_duties")]
pub async fn set_separate_duties(separate: Option<String>) -> Result<(), AppError> {
    let ctx = server_context()?;
    let separate = separate.is_some_and(|c| !c.is_empty());
    crate::edit::system::set_separate_duties(&ctx.db, signed_in_user().as_ref(), separate).await
}

#[server(endpoint = "security_log")]
pub async fn get_security_log(
    #[server(default)] filter: SecurityLogFilter,
) -> Result<SecurityLogPage, AppError> {
    let ctx = server_context()?;
    crate::edit::system::security_log(&ctx.db, signed_in_user().as_ref(), &filter).await
}

#[server(endpoint = "verify_security_log")]
pub async fn verify_security_log() -> Result<ChainState, AppError> {
    let ctx = server_context()?;
    crate::edit::system::verify(&ctx.db, signed_in_user().as_ref()).await
}
