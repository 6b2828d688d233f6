//! Server functions of unit reporting: rounds, submissions and their review, notifications.
//! Each is thin: the signed-in user, the service call (which checks who may), and where a plain
//! form post goes next.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{
    MyReporting, NotificationView, RoundDetail, RoundsPage, SubmissionItemForm, SubmissionView,
};

#[cfg(feature = "ssr")]
use super::{reader_context, server_context, signed_in_user};

/// Every server function here that changes data, with what it needs; the role × endpoint test
/// posts to each as every role, and as liaisons of the owning and of another unit.
pub const MUTATING_ENDPOINTS: &[(&str, crate::domain::access::Permission)] = {
    use crate::domain::access::Permission::{Administer, EditContent, Read, ReportForUnit};
    &[
        ("add_channel", Administer),
        ("delete_channel", Administer),
        ("test_channel", Administer),
        ("open_round", EditContent),
        ("close_round", EditContent),
        ("set_round_unit", EditContent),
        ("set_round_item", EditContent),
        ("remind_round", EditContent),
        ("comment_submission_item", EditContent),
        ("return_submission", EditContent),
        ("accept_submission", EditContent),
        ("save_submission_item", ReportForUnit),
        ("save_submission_indicator", ReportForUnit),
        ("submit_submission", ReportForUnit),
        ("mark_notifications_read", Read),
    ]
};

pub const READ_ENDPOINTS: &[&str] = &[
    "rounds",
    "round",
    "submission",
    "my_reporting",
    "notifications",
    "channels",
];

#[cfg(feature = "ssr")]
fn submission_path(round: i64, unit: i64) -> String {
    format!("/rounds/{round}/units/{unit}")
}

#[server(endpoint = "rounds")]
pub async fn get_rounds() -> Result<RoundsPage, AppError> {
    let ctx = reader_context().await?;
    crate::edit::rounds::rounds_page(&ctx.db, signed_in_user().as_ref(), ctx.today()).await
}

#[server(endpoint = "round")]
pub async fn get_round(id: i64) -> Result<RoundDetail, AppError> {
    let ctx = reader_context().await?;
    crate::edit::rounds::round_detail(&ctx.db, signed_in_user().as_ref(), id, ctx.today()).await
}

#[server(endpoint = "submission")]
pub async fn get_submission(round: i64, unit: i64) -> Result<SubmissionView, AppError> {
    let ctx = reader_context().await?;
    let user = signed_in_user();
    crate::edit::rounds::submission(&ctx.db, user.as_ref(), round, unit, ctx.today()).await
}

#[server(endpoint = "my_reporting")]
pub async fn get_my_reporting() -> Result<MyReporting, AppError> {
    let ctx = server_context()?;
    crate::edit::rounds::my_reporting(&ctx.db, signed_in_user().as_ref(), ctx.today()).await
}

#[server(endpoint = "notifications")]
pub async fn get_notifications() -> Result<Vec<NotificationView>, AppError> {
    let ctx = server_context()?;
    crate::edit::rounds::notifications(&ctx.db, signed_in_user().as_ref()).await
}

#[server(endpoint = "open_round")]
pub async fn open_round(
    month: String,
    due_date: String,
    #[server(default)] units: String,
) -> Result<i64, AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    let names = crate::model::split_unit_names(&units);
    let id = crate::edit::rounds::open(
        &ctx.db,
        user.as_ref(),
        &month,
        &due_date,
        &names,
        ctx.clock(),
    )
    .await?;
    leptos_axum::redirect(&format!("/rounds/{id}"));
    Ok(id)
}

#[server(endpoint = "close_round")]
pub async fn close_round(id: i64) -> Result<(), AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    crate::edit::rounds::close(&ctx.db, user.as_ref(), id, ctx.clock()).await
}

/// Adds a unit to a round (`include` set) or takes one out.
#[server(endpoint = "set_round_unit")]
pub async fn set_round_unit(
    round: i64,
    unit: i64,
    #[server(default)] include: Option<String>,
) -> Result<(), AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    let include = include.is_some_and(|v| !v.is_empty());
    crate::edit::rounds::set_unit(&ctx.db, user.as_ref(), round, unit, include, ctx.clock()).await
}

/// Takes one of a unit's items out of a round (`include` empty) or puts it back.
#[server(endpoint = "set_round_item")]
pub async fn set_round_item(
    round: i64,
    unit: i64,
    kind: String,
    target: i64,
    #[server(default)] include: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::rounds::ItemKind;
    let ctx = server_context()?;
    let user = signed_in_user();
    let kind = ItemKind::from_code(&kind).ok_or(AppError::NotFound)?;
    let include = include.is_some_and(|v| !v.is_empty());
    crate::edit::rounds::set_item_scope(
        &ctx.db,
        user.as_ref(),
        round,
        unit,
        kind,
        target,
        include,
        ctx.clock(),
    )
    .await
}

/// 催报: returns how many units were reminded.
#[server(endpoint = "remind_round")]
pub async fn remind_round(id: i64) -> Result<usize, AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    let reminded = crate::edit::rounds::remind(&ctx.db, user.as_ref(), id, ctx.clock()).await?;
    leptos_axum::redirect(&crate::outcome::reminded_url(id, reminded));
    Ok(reminded)
}

#[server(endpoint = "comment_submission_item")]
pub async fn comment_submission_item(
    item: i64,
    #[server(default)] comment: String,
) -> Result<(), AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    crate::edit::rounds::comment_item(&ctx.db, user.as_ref(), item, &comment).await
}

#[server(endpoint = "return_submission")]
pub async fn return_submission(
    round: i64,
    unit: i64,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    crate::edit::rounds::return_submission(&ctx.db, user.as_ref(), round, unit, &note, ctx.clock())
        .await?;
    leptos_axum::redirect(&submission_path(round, unit));
    Ok(())
}

#[server(endpoint = "accept_submission")]
pub async fn accept_submission(round: i64, unit: i64) -> Result<(), AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    crate::edit::rounds::accept(&ctx.db, user.as_ref(), round, unit, ctx.clock()).await?;
    leptos_axum::redirect(&submission_path(round, unit));
    Ok(())
}

/// Saves the unit's entry for one item: `kind` is `milestone`, `project` or `answer`.
#[server(endpoint = "save_submission_item")]
pub async fn save_submission_item(
    round: i64,
    unit: i64,
    kind: String,
    target: i64,
    form: SubmissionItemForm,
) -> Result<i64, AppError> {
    use crate::domain::rounds::ItemKind;
    let ctx = server_context()?;
    let user = signed_in_user();
    let kind = ItemKind::from_code(&kind).ok_or(AppError::NotFound)?;
    crate::edit::rounds::save_item(
        &ctx.db,
        user.as_ref(),
        round,
        unit,
        kind,
        target,
        &form,
        ctx.clock(),
    )
    .await
}

#[server(endpoint = "submit_submission")]
pub async fn submit_submission(round: i64, unit: i64) -> Result<(), AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    crate::edit::rounds::submit(&ctx.db, user.as_ref(), round, unit, ctx.clock()).await?;
    leptos_axum::redirect(&submission_path(round, unit));
    Ok(())
}

#[server(endpoint = "mark_notifications_read")]
pub async fn mark_notifications_read() -> Result<(), AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    crate::edit::rounds::mark_read(&ctx.db, user.as_ref(), ctx.clock()).await
}

/// The admin's channels page: robots per unit, the delivery queue and its problems.
#[server(endpoint = "channels")]
pub async fn get_channels() -> Result<crate::model::ChannelsPage, AppError> {
    let ctx = server_context()?;
    crate::edit::channels::page(&ctx.db, signed_in_user().as_ref(), ctx.mailer.as_ref()).await
}

#[server(endpoint = "add_channel")]
pub async fn add_channel(form: crate::model::ChannelForm) -> Result<i64, AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    crate::edit::channels::add(
        &ctx.db,
        user.as_ref(),
        &form,
        ctx.mailer.as_ref(),
        ctx.clock(),
    )
    .await
}

#[server(endpoint = "delete_channel")]
pub async fn delete_channel(id: i64) -> Result<(), AppError> {
    let ctx = server_context()?;
    crate::edit::channels::delete(&ctx.db, signed_in_user().as_ref(), id).await
}

/// Sends a test message through a channel now; the robot's answer.
#[server(endpoint = "test_channel")]
pub async fn test_channel(id: i64) -> Result<String, AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    let answer =
        crate::edit::channels::test(&ctx.db, user.as_ref(), id, ctx.mailer.as_ref(), ctx.clock())
            .await?;
    leptos_axum::redirect(&crate::outcome::channel_tested_url(id, &answer));
    Ok(answer)
}

/// The unit's value of one of its indicators (指标) in the round.
#[server(endpoint = "save_submission_indicator")]
pub async fn save_submission_indicator(
    round: i64,
    unit: i64,
    indicator: i64,
    form: crate::model::IndicatorValueForm,
) -> Result<(), AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    crate::edit::rounds::save_indicator(
        &ctx.db,
        user.as_ref(),
        round,
        unit,
        indicator,
        &form,
        ctx.clock(),
    )
    .await
}
