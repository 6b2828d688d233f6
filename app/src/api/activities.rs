//! Server functions of the activity ledger (工作台账). Each is thin: the signed-in user and the
//! service call, which checks who may.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{ActivitiesPage, ActivityFilter, ActivityForm, ActivityImportPreview};

#[cfg(feature = "ssr")]
use super::{reader_context, server_context, signed_in_user};

/// Every server function here that changes data, with what it needs (the role × endpoint test
/// posts to each as every role).
pub const MUTATING_ENDPOINTS: &[(&str, crate::domain::access::Permission)] = {
    use crate::domain::access::Permission::{Administer, EditContent};
    &[
        ("create_activity", EditContent),
        ("update_activity", EditContent),
        ("delete_activity", EditContent),
        ("add_activity_type", Administer),
        ("commit_activity_import", EditContent),
        ("activity_import_preview", EditContent),
    ]
};

pub const READ_ENDPOINTS: &[&str] = &["activities"];

#[server(endpoint = "activities")]
pub async fn get_activities(
    #[server(default)] filter: ActivityFilter,
) -> Result<ActivitiesPage, AppError> {
    let ctx = reader_context().await?;
    crate::edit::activities::page(&ctx.db, signed_in_user().as_ref(), &filter).await
}

#[server(endpoint = "create_activity")]
pub async fn create_activity(form: ActivityForm) -> Result<i64, AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    crate::edit::activities::create(&ctx.db, user.as_ref(), &form, ctx.clock()).await
}

#[server(endpoint = "update_activity")]
pub async fn update_activity(id: i64, version: i64, form: ActivityForm) -> Result<i64, AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    crate::edit::activities::update(&ctx.db, user.as_ref(), id, version, &form, ctx.clock()).await
}

#[server(endpoint = "delete_activity")]
pub async fn delete_activity(
    id: i64,
    version: i64,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    let ctx = server_context()?;
    let confirmed = confirm.is_some_and(|c| !c.is_empty());
    crate::edit::activities::delete(&ctx.db, signed_in_user().as_ref(), id, version, confirmed)
        .await
}

#[server(endpoint = "add_activity_type")]
pub async fn add_activity_type(
    name_zh: String,
    #[server(default)] name_en: String,
    #[server(default)] measure: String,
) -> Result<i64, AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    crate::edit::activities::add_type(&ctx.db, user.as_ref(), &name_zh, &name_en, &measure).await
}

/// What importing the uploaded ledger file `token` would do; only its uploader, a planner, may
/// look.
#[server(endpoint = "activity_import_preview")]
pub async fn get_activity_import_preview(token: String) -> Result<ActivityImportPreview, AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    Ok(crate::reporting::ledger_file::preview(&ctx.db, user.as_ref(), &token, ctx.today()).await?)
}

/// Imports the uploaded ledger file `token`: every new record or none; how many were added.
#[server(endpoint = "commit_activity_import")]
pub async fn commit_activity_import(token: String) -> Result<usize, AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    let added =
        crate::reporting::ledger_file::commit(&ctx.db, user.as_ref(), &token, ctx.clock()).await?;
    leptos_axum::redirect(&crate::outcome::activities_imported_url(&token, added));
    Ok(added)
}
