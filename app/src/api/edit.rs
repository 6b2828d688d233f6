//! Server functions that change data. Each one is thin: the signed-in user from the request,
//! the service call (which checks the role and validates), the HTTP status of an error, and
//! where a plain form post goes next.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{
    LedgerForm, MilestoneForm, MilestoneId, NewUserForm, PhaseForm, ProblemForm, ProgressForm,
    ProjectForm, ProjectId, UnitForm,
};

#[cfg(feature = "ssr")]
use super::{server_context, signed_in_user};

/// Every server function that changes data, with what it needs: the role × endpoint test
/// posts to each of them as every role.
pub const MUTATING_ENDPOINTS: &[(&str, crate::domain::access::Permission)] = {
    use crate::domain::access::Permission::{Administer, EditContent, Read};
    &[
        ("create_milestone", EditContent),
        ("update_milestone", EditContent),
        ("delete_milestone", EditContent),
        ("record_progress", EditContent),
        ("add_dependency", EditContent),
        ("remove_dependency", EditContent),
        ("link_project", EditContent),
        ("unlink_project", EditContent),
        ("open_problem", EditContent),
        ("respond_problem", EditContent),
        ("create_project", EditContent),
        ("update_project", EditContent),
        ("set_ledger", EditContent),
        ("archive_project", EditContent),
        ("delete_project", EditContent),
        ("lock_period", EditContent),
        ("commit_import", EditContent),
        ("import_preview", EditContent),
        ("milestone_import_preview", EditContent),
        ("commit_milestone_import", EditContent),
        ("set_anonymous_read", Administer),
        ("save_phases", Administer),
        ("rename_reference", Administer),
        ("save_thresholds", Administer),
        ("add_unit", Administer),
        ("update_unit", Administer),
        ("delete_unit", Administer),
        ("add_user", Administer),
        ("update_user", Administer),
        ("reset_password", Administer),
        // Any signed-in person may change their own password; nobody anonymous.
        ("change_password", Read),
    ]
};

/// Server functions that only read (`journal` is for admins and checks that itself).
pub const READ_ENDPOINTS: &[&str] = &[
    "reference_data",
    "overview",
    "milestones",
    "problems",
    "projects",
    "session",
    "milestone",
    "project",
    "journal",
    "admin_data",
    "reporting",
    "baseline_comparison",
    "search",
];

#[server(endpoint = "create_milestone")]
pub async fn create_milestone(form: MilestoneForm) -> Result<i64, AppError> {
    let ctx = server_context()?;
    let id = crate::edit::milestones::create(&ctx.db, signed_in_user().as_ref(), &form).await?;
    leptos_axum::redirect(&format!("/milestones/{id}"));
    Ok(id)
}

#[server(endpoint = "update_milestone")]
pub async fn update_milestone(id: i64, version: i64, form: MilestoneForm) -> Result<i64, AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    let version =
        crate::edit::milestones::update(&ctx.db, user.as_ref(), id, version, &form).await?;
    leptos_axum::redirect(&format!("/milestones/{id}"));
    Ok(version)
}

#[server(endpoint = "delete_milestone")]
pub async fn delete_milestone(
    id: i64,
    version: i64,
    confirm: Option<String>,
) -> Result<(), AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    let confirmed = confirm.is_some_and(|c| !c.is_empty());
    crate::edit::milestones::delete(&ctx.db, user.as_ref(), id, version, confirmed).await?;
    leptos_axum::redirect("/milestones");
    Ok(())
}

#[server(endpoint = "record_progress")]
pub async fn record_progress(id: i64, form: ProgressForm) -> Result<(), AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    crate::edit::milestones::record_progress(&ctx.db, user.as_ref(), id, &form, ctx.today()).await
}

#[server(endpoint = "add_dependency")]
pub async fn add_dependency(id: i64, depends_on: String) -> Result<(), AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    crate::edit::milestones::add_dependency(&ctx.db, user.as_ref(), id, &depends_on).await
}

#[server(endpoint = "remove_dependency")]
pub async fn remove_dependency(id: i64, depends_on: i64) -> Result<(), AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    crate::edit::milestones::remove_dependency(&ctx.db, user.as_ref(), id, depends_on).await
}

#[server(endpoint = "link_project")]
pub async fn link_project(id: MilestoneId, project: String) -> Result<(), AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    crate::edit::milestones::link_project(&ctx.db, user.as_ref(), id, &project).await
}

#[server(endpoint = "unlink_project")]
pub async fn unlink_project(id: MilestoneId, project: ProjectId) -> Result<(), AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    crate::edit::milestones::unlink_project(&ctx.db, user.as_ref(), id, project).await
}

/// Raises a 存在问题 on a milestone or on a project (exactly one of the two).
#[server(endpoint = "open_problem")]
pub async fn open_problem(
    #[server(default)] milestone: Option<i64>,
    #[server(default)] project: Option<i64>,
    form: ProblemForm,
) -> Result<i64, AppError> {
    use crate::db::problems::ProblemOn;
    let ctx = server_context()?;
    let user = signed_in_user();
    let on = match (milestone, project) {
        (Some(id), None) => ProblemOn::Milestone(id),
        (None, Some(id)) => ProblemOn::Project(id),
        _ => return Err(AppError::NotFound),
    };
    crate::edit::problems::open(&ctx.db, user.as_ref(), on, &form, ctx.today()).await
}

#[server(endpoint = "respond_problem")]
pub async fn respond_problem(
    id: i64,
    answer_text: String,
    close: Option<String>,
) -> Result<(), AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    let close = close.is_some_and(|c| !c.is_empty());
    crate::edit::problems::respond(&ctx.db, user.as_ref(), id, &answer_text, close, ctx.today())
        .await
}

#[server(endpoint = "create_project")]
pub async fn create_project(form: ProjectForm) -> Result<i64, AppError> {
    let ctx = server_context()?;
    let id = crate::edit::projects::create(&ctx.db, signed_in_user().as_ref(), &form).await?;
    leptos_axum::redirect(&format!("/projects/{id}"));
    Ok(id)
}

#[server(endpoint = "update_project")]
pub async fn update_project(id: i64, version: i64, form: ProjectForm) -> Result<i64, AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    let version =
        crate::edit::projects::update(&ctx.db, user.as_ref(), id, version, &form, ctx.today())
            .await?;
    leptos_axum::redirect(&format!("/projects/{id}"));
    Ok(version)
}

#[server(endpoint = "set_ledger")]
pub async fn set_ledger(id: i64, form: LedgerForm) -> Result<(), AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    crate::edit::projects::set_ledger(&ctx.db, user.as_ref(), id, &form).await
}

#[server(endpoint = "set_anonymous_read")]
pub async fn set_anonymous_read(enabled: Option<String>) -> Result<(), AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    let enabled = enabled.is_some_and(|c| !c.is_empty());
    crate::edit::settings::set_anonymous_read(&ctx.db, user.as_ref(), enabled).await
}

#[server(endpoint = "save_phases")]
pub async fn save_phases(phases: Vec<PhaseForm>) -> Result<(), AppError> {
    let ctx = server_context()?;
    crate::edit::admin::save_phases(&ctx.db, signed_in_user().as_ref(), &phases).await
}

#[server(endpoint = "rename_reference")]
pub async fn rename_reference(
    kind: String,
    id: i64,
    name_zh: String,
    name_en: String,
) -> Result<(), AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    crate::edit::admin::rename(&ctx.db, user.as_ref(), &kind, id, &name_zh, &name_en).await
}

#[server(endpoint = "save_thresholds")]
pub async fn save_thresholds(yellow_points: String, red_points: String) -> Result<(), AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    crate::edit::admin::save_thresholds(&ctx.db, user.as_ref(), &yellow_points, &red_points).await
}

#[server(endpoint = "add_unit")]
pub async fn add_unit(form: UnitForm) -> Result<i64, AppError> {
    let ctx = server_context()?;
    crate::edit::admin::add_unit(&ctx.db, signed_in_user().as_ref(), &form).await
}

#[server(endpoint = "update_unit")]
pub async fn update_unit(id: i64, form: UnitForm) -> Result<(), AppError> {
    let ctx = server_context()?;
    crate::edit::admin::update_unit(&ctx.db, signed_in_user().as_ref(), id, &form).await
}

#[server(endpoint = "delete_unit")]
pub async fn delete_unit(id: i64) -> Result<(), AppError> {
    let ctx = server_context()?;
    crate::edit::admin::delete_unit(&ctx.db, signed_in_user().as_ref(), id).await
}

#[server(endpoint = "add_user")]
pub async fn add_user(form: NewUserForm) -> Result<i64, AppError> {
    let ctx = server_context()?;
    crate::edit::admin::add_user(&ctx.db, signed_in_user().as_ref(), &form).await
}

#[server(endpoint = "update_user")]
pub async fn update_user(
    id: i64,
    role: String,
    disabled: Option<String>,
    #[server(default)] units: String,
) -> Result<(), AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    let disabled = disabled.is_some_and(|d| !d.is_empty());
    crate::edit::admin::update_user(&ctx.db, user.as_ref(), id, &role, disabled, &units).await
}

#[server(endpoint = "reset_password")]
pub async fn reset_password(id: i64, password: String) -> Result<(), AppError> {
    let ctx = server_context()?;
    crate::edit::admin::reset_password(&ctx.db, signed_in_user().as_ref(), id, &password).await
}

#[server(endpoint = "change_password")]
pub async fn change_password(
    current: String,
    new: String,
    confirm: String,
) -> Result<(), AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    let token = super::session_token();
    crate::edit::settings::change_password(
        &ctx.db,
        user.as_ref(),
        token.as_deref(),
        &current,
        &new,
        &confirm,
    )
    .await?;
    // The account page again, saying so (and no longer asking for a change that was due).
    leptos_axum::redirect("/account?changed=true");
    Ok(())
}

/// Archives a project (`archived` set) or brings it back.
#[server(endpoint = "archive_project")]
pub async fn archive_project(
    id: i64,
    #[server(default)] archived: Option<String>,
) -> Result<(), AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    let archived = archived.is_some_and(|a| !a.is_empty());
    crate::edit::projects::set_archived(&ctx.db, user.as_ref(), id, archived, ctx.today()).await
}

#[server(endpoint = "delete_project")]
pub async fn delete_project(
    id: i64,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    let confirmed = confirm.is_some_and(|c| !c.is_empty());
    crate::edit::projects::delete(&ctx.db, user.as_ref(), id, confirmed).await?;
    leptos_axum::redirect("/projects");
    Ok(())
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use crate::api::{mutating_endpoints, read_endpoints};

    /// A new server function must be listed as reading or as changing data (with the
    /// permission it needs), so the role × endpoint test cannot miss it.
    #[test]
    fn every_server_function_is_classified() {
        let registered: Vec<String> = leptos::server_fn::axum::server_fn_paths()
            .map(|(path, _)| path.trim_start_matches("/api/").to_string())
            .collect();
        assert!(registered.len() >= read_endpoints().count() + mutating_endpoints().count());
        for path in &registered {
            let known = read_endpoints().any(|name| name == path)
                || mutating_endpoints().any(|(name, _)| name == path);
            assert!(
                known,
                "server function {path} is neither a read nor a listed mutation"
            );
        }
    }
}
