//! Saved views (我的视图): a person keeps named filters, columns and sort of the milestone list,
//! one of them their default. A view is the person's own preference, not roadmap content, so it
//! is not journalled; every change is still checked to be their own view.

use super::require;
use crate::db::{views, Db};
use crate::domain::access::Permission;
use crate::domain::problem::{Label, Problem};
use crate::domain::validate::FieldErrors;
use crate::error::AppError;
use crate::model::{
    milestone_list_href, query, view_query, CurrentUser, MilestoneFilter, SavedViewForm, SavedViews,
};

/// Views one person may keep.
pub const VIEWS_MAX: usize = 30;
/// A view's name is a few words.
pub const NAME_MAX: usize = 40;

/// The signed-in person's views.
pub async fn list(db: &Db, actor: Option<&CurrentUser>) -> Result<SavedViews, AppError> {
    let actor = require(actor, Permission::Read)?;
    Ok(SavedViews {
        views: views::list(db, actor.id, VIEWS_MAX).await?,
        max: VIEWS_MAX,
    })
}

/// Saves the list as the form's query shows it under the form's name, over the person's view
/// of that name if they have one; returns its id.
pub async fn save(
    db: &Db,
    actor: Option<&CurrentUser>,
    form: &SavedViewForm,
) -> Result<i64, AppError> {
    let actor = require(actor, Permission::Read)?;
    let mut errors = FieldErrors::default();
    let name = errors.required_text("name", Label::ViewName, &form.name, NAME_MAX);
    errors.into_result(())?;
    // Read back through the filter, so only what the list understands is kept.
    let query = view_query(&query::parse::<MilestoneFilter>(&form.query));
    let mut tx = db.begin().await?;
    let id = match views::count_and_named(&mut tx, actor.id, &name).await? {
        (_, Some(id)) => {
            views::set_query(&mut tx, id, &query).await?;
            id
        }
        (count, None) if count >= VIEWS_MAX as i64 => {
            let problem = Problem::TooManyViews { max: VIEWS_MAX };
            return Err(FieldErrors::single("name", problem).into());
        }
        (_, None) => views::insert(&mut tx, actor.id, &name, &query).await?,
    };
    if form.make_default.is_some() {
        views::set_default(&mut tx, actor.id, Some(id)).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Makes view `id` the person's default, or leaves them without one (`None`).
pub async fn make_default(
    db: &Db,
    actor: Option<&CurrentUser>,
    id: Option<i64>,
) -> Result<(), AppError> {
    let actor = require(actor, Permission::Read)?;
    let mut tx = db.begin().await?;
    if !views::set_default(&mut tx, actor.id, id).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

/// Deletes one of the person's views.
pub async fn delete(db: &Db, actor: Option<&CurrentUser>, id: i64) -> Result<(), AppError> {
    let actor = require(actor, Permission::Read)?;
    let mut tx = db.begin().await?;
    if !views::delete(&mut tx, actor.id, id).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

/// The person's default view as a link, if they chose one.
pub async fn default_href(db: &Db, user: &CurrentUser) -> Result<Option<String>, AppError> {
    let default = views::default_query(db, user.id).await?;
    Ok(default.as_deref().map(milestone_list_href))
}
