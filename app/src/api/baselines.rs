//! Server functions of schedule baselines (计划基线).

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::ScheduleComparison;

#[cfg(feature = "ssr")]
use super::{reader_context, server_context, signed_in_user};

/// Every server function here that changes data, with what it needs.
pub const MUTATING_ENDPOINTS: &[(&str, crate::domain::access::Permission)] = {
    use crate::domain::access::Permission::EditContent;
    &[("approve_baseline", EditContent)]
};

pub const READ_ENDPOINTS: &[&str] = &["schedule_comparison"];

/// Approves the plan as it stands as baseline `name`.
#[server(endpoint = "approve_baseline")]
pub async fn approve_baseline(name: String) -> Result<i64, AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    let id = crate::edit::baselines::approve(&ctx.db, user.as_ref(), &name, ctx.today()).await?;
    leptos_axum::redirect(&format!("/baselines?baseline={id}"));
    Ok(id)
}

/// The plan against baseline `baseline` (the newest when none).
#[server(endpoint = "schedule_comparison")]
pub async fn get_schedule_comparison(
    #[server(default)] baseline: Option<i64>,
) -> Result<ScheduleComparison, AppError> {
    let ctx = reader_context().await?;
    Ok(crate::edit::baselines::comparison(&ctx.db, baseline).await?)
}
