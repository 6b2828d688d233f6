//! Server functions of indicators (指标). Each is thin: the signed-in user and the service call,
//! which checks who may.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{DashboardFilter, IndicatorForm, IndicatorValueForm, IndicatorsPage};

#[cfg(feature = "ssr")]
use super::{reader_context, server_context, signed_in_user};

/// Every server function here that changes data, with what it needs.
pub const MUTATING_ENDPOINTS: &[(&str, crate::domain::access::Permission)] = {
    use crate::domain::access::Permission::EditContent;
    &[
        ("create_indicator", EditContent),
        ("update_indicator", EditContent),
        ("record_indicator_value", EditContent),
    ]
};

pub const READ_ENDPOINTS: &[&str] = &["indicators"];

#[server(endpoint = "indicators")]
pub async fn get_indicators(
    #[server(default)] filter: DashboardFilter,
) -> Result<IndicatorsPage, AppError> {
    let ctx = reader_context().await?;
    crate::edit::indicators::page(&ctx.db, signed_in_user().as_ref(), &filter, ctx.clock()).await
}

#[server(endpoint = "create_indicator")]
pub async fn create_indicator(form: IndicatorForm) -> Result<i64, AppError> {
    let ctx = server_context()?;
    crate::edit::indicators::create(&ctx.db, signed_in_user().as_ref(), &form).await
}

#[server(endpoint = "update_indicator")]
pub async fn update_indicator(id: i64, version: i64, form: IndicatorForm) -> Result<i64, AppError> {
    let ctx = server_context()?;
    crate::edit::indicators::update(&ctx.db, signed_in_user().as_ref(), id, version, &form).await
}

#[server(endpoint = "record_indicator_value")]
pub async fn record_indicator_value(id: i64, form: IndicatorValueForm) -> Result<(), AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    crate::edit::indicators::record_value(&ctx.db, user.as_ref(), id, &form, ctx.clock()).await
}
