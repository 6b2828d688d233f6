//! Server functions of planners' tools over the milestone list: saved views (我的视图) and bulk
//! edits (批量修改).

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{BulkEditForm, BulkPreview, SavedViewForm, SavedViews};

#[cfg(feature = "ssr")]
use super::{server_context, signed_in_user};

/// Every server function here that changes data (or needs a planner), with what it needs.
pub const MUTATING_ENDPOINTS: &[(&str, crate::domain::access::Permission)] = {
    use crate::domain::access::Permission::{EditContent, Read};
    &[
        // Everyone signed in keeps their own views.
        ("save_view", Read),
        ("set_default_view", Read),
        ("delete_view", Read),
        ("bulk_edit_preview", EditContent),
        ("bulk_edit", EditContent),
    ]
};

pub const READ_ENDPOINTS: &[&str] = &["saved_views"];

/// The signed-in person's saved views.
#[server(endpoint = "saved_views")]
pub async fn get_saved_views() -> Result<SavedViews, AppError> {
    let ctx = server_context()?;
    crate::edit::views::list(&ctx.db, signed_in_user().as_ref()).await
}

/// Saves the list as shown under a name; back to the list.
#[server(endpoint = "save_view")]
pub async fn save_view(form: SavedViewForm) -> Result<i64, AppError> {
    let ctx = server_context()?;
    let id = crate::edit::views::save(&ctx.db, signed_in_user().as_ref(), &form).await?;
    leptos_axum::redirect(&crate::model::milestone_list_href(&form.query));
    Ok(id)
}

/// Makes a view the person's default (`id` absent: none); back to the list at `back`.
#[server(endpoint = "set_default_view")]
pub async fn set_default_view(id: Option<i64>, back: String) -> Result<(), AppError> {
    let ctx = server_context()?;
    crate::edit::views::make_default(&ctx.db, signed_in_user().as_ref(), id).await?;
    leptos_axum::redirect(&crate::model::milestone_list_href(&back));
    Ok(())
}

/// Deletes one of the person's views; back to the list at `back`.
#[server(endpoint = "delete_view")]
pub async fn delete_view(id: i64, back: String) -> Result<(), AppError> {
    let ctx = server_context()?;
    crate::edit::views::delete(&ctx.db, signed_in_user().as_ref(), id).await?;
    leptos_axum::redirect(&crate::model::milestone_list_href(&back));
    Ok(())
}

/// What a bulk edit would make of each selected milestone; writes nothing.
#[server(endpoint = "bulk_edit_preview")]
pub async fn bulk_edit_preview(form: BulkEditForm) -> Result<BulkPreview, AppError> {
    let ctx = server_context()?;
    crate::edit::bulk_edit::preview(&ctx.db, signed_in_user().as_ref(), &form).await
}

/// Makes a previewed bulk edit; back to the list it started from, saying how many changed.
#[server(endpoint = "bulk_edit")]
pub async fn bulk_edit(form: BulkEditForm) -> Result<usize, AppError> {
    let ctx = server_context()?;
    let changed = crate::edit::bulk_edit::apply(&ctx.db, signed_in_user().as_ref(), &form).await?;
    leptos_axum::redirect(&crate::outcome::bulk_done_url(
        &crate::model::milestone_list_href(&form.back),
        changed,
    ));
    Ok(changed)
}
