//! Server functions: thin wrappers that find the server context and call the service layer.

pub mod types;

use leptos::prelude::*;

use crate::error::AppError;
use types::{MilestoneFilter, MilestoneList, Overview, ProjectFilter, ProjectList, ReferenceData};

#[cfg(feature = "ssr")]
fn server_context() -> Result<crate::state::ServerContext, AppError> {
    use_context::<crate::state::ServerContext>()
        .ok_or_else(|| AppError::Misconfigured("server context missing".into()))
}

#[server(endpoint = "reference_data")]
pub async fn get_reference_data() -> Result<ReferenceData, AppError> {
    let ctx = server_context()?;
    Ok(crate::db::queries::reference_data(&ctx.db).await?)
}

#[server(endpoint = "overview")]
pub async fn get_overview() -> Result<Overview, AppError> {
    let ctx = server_context()?;
    Ok(crate::service::overview(&ctx.db, ctx.today()).await?)
}

#[server(endpoint = "milestones")]
pub async fn list_milestones(filter: MilestoneFilter) -> Result<MilestoneList, AppError> {
    let ctx = server_context()?;
    Ok(crate::service::milestone_list(&ctx.db, &filter, ctx.today()).await?)
}

#[server(endpoint = "projects")]
pub async fn list_projects(filter: ProjectFilter) -> Result<ProjectList, AppError> {
    let ctx = server_context()?;
    Ok(crate::service::project_list(&ctx.db, &filter).await?)
}
