//! Server functions: thin wrappers that find the server context and call the service layer.

pub mod activities;
pub mod baselines;
pub mod edit;
pub mod indicators;
pub mod planning;
pub mod region;
pub mod reporting;
pub mod rounds;
pub mod system;
pub mod work_report;

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{
    JournalFilter, JournalPage, MilestoneDetail, MilestoneFilter, MilestoneList, Overview,
    ProblemFilter, ProblemList, ProjectFilter, ProjectList, ReferenceData, SessionInfo,
};

/// Every server function that changes data, with the permission it needs.
pub fn mutating_endpoints(
) -> impl Iterator<Item = (&'static str, crate::domain::access::Permission)> {
    edit::MUTATING_ENDPOINTS
        .iter()
        .chain(rounds::MUTATING_ENDPOINTS)
        .chain(baselines::MUTATING_ENDPOINTS)
        .chain(planning::MUTATING_ENDPOINTS)
        .chain(activities::MUTATING_ENDPOINTS)
        .chain(indicators::MUTATING_ENDPOINTS)
        .chain(work_report::MUTATING_ENDPOINTS)
        .chain(system::MUTATING_ENDPOINTS)
        .chain(region::MUTATING_ENDPOINTS)
        .copied()
}

/// Every server function that only reads.
pub fn read_endpoints() -> impl Iterator<Item = &'static str> {
    edit::READ_ENDPOINTS
        .iter()
        .chain(rounds::READ_ENDPOINTS)
        .chain(baselines::READ_ENDPOINTS)
        .chain(planning::READ_ENDPOINTS)
        .chain(activities::READ_ENDPOINTS)
        .chain(indicators::READ_ENDPOINTS)
        .chain(work_report::READ_ENDPOINTS)
        .chain(system::READ_ENDPOINTS)
        .chain(region::READ_ENDPOINTS)
        .copied()
}

#[cfg(feature = "ssr")]
fn server_context() -> Result<crate::state::ServerContext, AppError> {
    use_context::<crate::state::ServerContext>()
        .ok_or_else(|| AppError::Misconfigured("server context missing".into()))
}

/// The person the session cookie belongs to (the HTTP layer put them on the request).
#[cfg(feature = "ssr")]
pub fn signed_in_user() -> Option<crate::model::CurrentUser> {
    from_request()
}

/// The session cookie's token of this request.
#[cfg(feature = "ssr")]
pub fn session_token() -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    crate::cookies::from_headers(&parts.headers, crate::db::sessions::SESSION_COOKIE)
}

/// What the server's gate put on this request (the signed-in user, the data version, …).
#[cfg(feature = "ssr")]
fn from_request<T: Clone + Send + Sync + 'static>() -> Option<T> {
    use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<T>().cloned())
}

/// The data version this request reads at (the server's gate puts one on each request; without
/// it, each read asks the database).
#[cfg(feature = "ssr")]
fn request_version() -> crate::cache::RequestVersion {
    from_request().unwrap_or_default()
}

/// The data version of this reader's newest write (see [`crate::cache`]).
#[cfg(feature = "ssr")]
fn seen_version() -> Option<i64> {
    let parts = use_context::<http::request::Parts>()?;
    crate::cookies::seen_version(&parts.headers)
}

#[server(endpoint = "session")]
pub async fn get_session() -> Result<SessionInfo, AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    let unread = match from_request::<crate::db::notifications::UnreadNotifications>() {
        Some(read_with_session) => read_with_session.0,
        None => crate::edit::rounds::unread(&ctx.db, user.as_ref()).await?,
    };
    let milestones_href = match &user {
        Some(user) => crate::edit::views::default_href(&ctx.db, user).await?,
        None => None,
    };
    let region = crate::db::region::has_counties(&ctx.db).await?;
    Ok(SessionInfo {
        unread,
        milestones_href,
        region,
        user,
        anonymous_read: ctx
            .cache
            .anonymous_read(&ctx.db, &request_version())
            .await?,
    })
}

#[server(endpoint = "milestone")]
pub async fn get_milestone(id: i64) -> Result<MilestoneDetail, AppError> {
    let ctx = reader_context().await?;
    crate::service::milestone_detail(&ctx.db, id, ctx.today())
        .await
        .map_err(AppError::from)
        .and_then(|d| d.ok_or(AppError::NotFound))
}

/// What a search finds (`/search?q=…`): every kind's best, or one kind a page at a time.
#[server(endpoint = "search")]
pub async fn search(
    #[server(default)] filter: crate::model::SearchFilter,
) -> Result<crate::model::SearchResults, AppError> {
    let ctx = reader_context().await?;
    Ok(crate::search::search(&ctx.db, &filter).await?)
}

#[server(endpoint = "project")]
pub async fn get_project(id: i64) -> Result<crate::model::ProjectDetail, AppError> {
    let ctx = reader_context().await?;
    crate::service::project_detail(&ctx.db, id, ctx.today())
        .await
        .and_then(|d| d.ok_or(AppError::NotFound))
}

/// Reference data and accounts as the admin edits them; admins only.
#[server(endpoint = "admin_data")]
pub async fn get_admin_data() -> Result<crate::model::AdminData, AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    crate::edit::admin::admin_data(&ctx.db, user.as_ref()).await
}

/// The audit journal, newest first; for whoever holds the audit duty.
#[server(endpoint = "journal")]
pub async fn get_journal(
    #[server(default)] filter: JournalFilter,
) -> Result<JournalPage, AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    async {
        crate::edit::require(user.as_ref(), crate::domain::access::Permission::Audit)?;
        Ok(crate::db::journal::search(&ctx.db, &filter).await?)
    }
    .await
}

/// Reads are for signed-in people, or for anyone when the admin allows anonymous reading.
/// The HTTP gate already turns anonymous visitors away; this also covers pages rendered on the
/// server (such as the sign-in page), where server functions run without passing the gate.
#[cfg(feature = "ssr")]
async fn reader_context() -> Result<crate::state::ServerContext, AppError> {
    let ctx = server_context()?;
    if signed_in_user().is_none()
        && !ctx
            .cache
            .anonymous_read(&ctx.db, &request_version())
            .await?
    {
        return Err(AppError::Unauthenticated);
    }
    Ok(ctx)
}

#[server(endpoint = "reference_data")]
pub async fn get_reference_data() -> Result<ReferenceData, AppError> {
    let ctx = reader_context().await?;
    let reference = ctx
        .cache
        .reference_data(&ctx.db, &request_version())
        .await?;
    Ok(ReferenceData::clone(&reference))
}

#[server(endpoint = "overview")]
pub async fn get_overview(
    filter: crate::model::DashboardFilter,
    locale: crate::i18n::Locale,
) -> Result<Overview, AppError> {
    let ctx = reader_context().await?;
    // Only planners may see submissions before they are accepted.
    let can_preview =
        signed_in_user().is_some_and(|u| u.can(crate::domain::access::Permission::EditContent));
    let filter = crate::model::DashboardFilter {
        pending: filter.pending && can_preview,
        ..filter
    };
    let overview = ctx
        .cache
        .overview(
            &ctx.db,
            &request_version(),
            ctx.today(),
            &filter,
            locale,
            seen_version(),
        )
        .await?;
    Ok(Overview {
        can_preview,
        ..Overview::clone(&overview)
    })
}

#[server(endpoint = "milestones")]
pub async fn list_milestones(filter: MilestoneFilter) -> Result<MilestoneList, AppError> {
    let ctx = reader_context().await?;
    Ok(crate::service::milestone_list(&ctx.db, &filter, ctx.today()).await?)
}

/// 存在问题 across the programme, a page at a time.
#[server(endpoint = "problems")]
pub async fn list_problems(filter: ProblemFilter) -> Result<ProblemList, AppError> {
    let ctx = reader_context().await?;
    Ok(crate::db::problems::list(&ctx.db, &filter, ctx.today()).await?)
}

#[server(endpoint = "projects")]
pub async fn list_projects(filter: ProjectFilter) -> Result<ProjectList, AppError> {
    let ctx = reader_context().await?;
    Ok(crate::service::project_list(&ctx.db, &filter).await?)
}
