//! Server functions of provincial reporting: the reporting page, locking a period, comparing
//! with a baseline, and previewing and confirming an uploaded import. The file download and
//! upload themselves are plain HTTP routes in the server.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{
    BaselineComparison, ImportOutcome, ImportPreview, ProjectFilter, ReportingOverview,
};

#[cfg(feature = "ssr")]
use super::{reader_context, server_context, signed_in_user};

#[server(endpoint = "reporting")]
pub async fn get_reporting_overview() -> Result<ReportingOverview, AppError> {
    let ctx = reader_context().await?;
    crate::reporting::periods::overview(&ctx.db, ctx.today()).await
}

#[server(endpoint = "baseline_comparison")]
pub async fn get_baseline_comparison(
    period: String,
    filter: ProjectFilter,
) -> Result<BaselineComparison, AppError> {
    let ctx = reader_context().await?;
    crate::reporting::periods::comparison(&ctx.db, &period, &filter).await
}

#[server(endpoint = "lock_period")]
pub async fn lock_period(period: String) -> Result<(), AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    crate::reporting::periods::lock(&ctx.db, user.as_ref(), &period, ctx.today()).await
}

#[cfg(feature = "ssr")]
fn import_options(kind: &str, today: chrono::NaiveDate) -> crate::reporting::import::ImportOptions {
    use crate::domain::model::ProjectKind;
    crate::reporting::import::ImportOptions {
        new_project_kind: ProjectKind::from_code(kind).unwrap_or(ProjectKind::Major),
        today,
    }
}

/// What importing the uploaded file `token` would do; only its uploader, a planner, may look.
#[server(endpoint = "import_preview")]
pub async fn get_import_preview(token: String, kind: String) -> Result<ImportPreview, AppError> {
    use crate::domain::access::Permission;
    use crate::reporting::import;
    let ctx = server_context()?;
    let user = signed_in_user();
    let result = async {
        let user = crate::edit::require(user.as_ref(), Permission::EditContent)?;
        let (name, bytes) = import::load_upload(&ctx.db, user, &token).await?;
        let options = import_options(&kind, ctx.today());
        Ok(import::preview(&ctx.db, &name, &bytes, options, &import::quietly).await?)
    };
    result.await
}

/// Imports the uploaded file `token`: every row or none.
#[server(endpoint = "commit_import")]
pub async fn commit_import(token: String, kind: String) -> Result<ImportOutcome, AppError> {
    use crate::domain::access::Permission;
    use crate::reporting::import;
    let ctx = server_context()?;
    let user = signed_in_user();
    let result = async {
        let actor = crate::edit::require(user.as_ref(), Permission::EditContent)?;
        let (name, bytes) = import::load_upload(&ctx.db, actor, &token).await?;
        let options = import_options(&kind, ctx.today());
        let outcome = import::commit(
            &ctx.db,
            Some(actor),
            &name,
            &bytes,
            options,
            &import::quietly,
        )
        .await?;
        import::forget_upload(&ctx.db, &token).await?;
        leptos_axum::redirect(&crate::outcome::import_done_url(
            &format!("/projects/import/{token}"),
            Some(&kind),
            &outcome,
        ));
        Ok(outcome)
    };
    result.await
}

/// What importing the uploaded milestone plan `token` would do; only its uploader may look.
#[server(endpoint = "milestone_import_preview")]
pub async fn get_milestone_import_preview(token: String) -> Result<ImportPreview, AppError> {
    use crate::domain::access::Permission;
    use crate::reporting::{import, plan_file};
    let ctx = server_context()?;
    let user = signed_in_user();
    let result = async {
        let user = crate::edit::require(user.as_ref(), Permission::EditContent)?;
        let (name, bytes) = import::load_upload(&ctx.db, user, &token).await?;
        Ok(plan_file::preview(&ctx.db, &name, &bytes).await?)
    };
    result.await
}

/// Imports the uploaded milestone plan `token`: every row or none.
#[server(endpoint = "commit_milestone_import")]
pub async fn commit_milestone_import(token: String) -> Result<ImportOutcome, AppError> {
    use crate::domain::access::Permission;
    use crate::reporting::{import, plan_file};
    let ctx = server_context()?;
    let user = signed_in_user();
    let result = async {
        let actor = crate::edit::require(user.as_ref(), Permission::EditContent)?;
        let (name, bytes) = import::load_upload(&ctx.db, actor, &token).await?;
        let outcome =
            plan_file::commit(&ctx.db, Some(actor), &name, &bytes, &import::quietly).await?;
        import::forget_upload(&ctx.db, &token).await?;
        leptos_axum::redirect(&crate::outcome::import_done_url(
            &format!("/milestones/import/{token}"),
            None,
            &outcome,
        ));
        Ok(outcome)
    };
    result.await
}
