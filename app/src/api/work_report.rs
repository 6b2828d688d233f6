//! Server functions of the 工作总结 page. Each is thin: the signed-in user and the service call,
//! which checks who may.

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::Locale;
use crate::model::{ReportDocumentView, ReportPage, ReportQuery};

#[cfg(feature = "ssr")]
use super::{reader_context, server_context, signed_in_user};

/// Every server function here that changes data, with what it needs.
pub const MUTATING_ENDPOINTS: &[(&str, crate::domain::access::Permission)] = {
    use crate::domain::access::Permission::EditContent;
    &[
        ("save_report_narrative", EditContent),
        ("generate_report", EditContent),
    ]
};

pub const READ_ENDPOINTS: &[&str] = &["report"];

#[server(endpoint = "report")]
pub async fn get_report(
    #[server(default)] query: ReportQuery,
    locale: Locale,
) -> Result<ReportPage, AppError> {
    let ctx = reader_context().await?;
    let user = signed_in_user();
    crate::edit::work_report::page(&ctx.db, user.as_ref(), &query, ctx.clock(), locale).await
}

#[server(endpoint = "save_report_narrative")]
pub async fn save_report_narrative(
    query: ReportQuery,
    section: String,
    position: String,
    #[server(default)] body: String,
) -> Result<(), AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    crate::edit::work_report::save_narrative(
        &ctx.db,
        user.as_ref(),
        &query,
        &section,
        &position,
        &body,
        ctx.clock(),
    )
    .await
}

/// `kind` is `summary` (the 工作总结) or `ranking` (the unit 通报); `pdf` set asks for a PDF too;
/// `lang` is the language tag the document is written in.
#[server(endpoint = "generate_report")]
pub async fn generate_report(
    query: ReportQuery,
    kind: String,
    #[server(default)] pdf: Option<String>,
    #[server(default)] lang: String,
) -> Result<ReportDocumentView, AppError> {
    let ctx = server_context()?;
    let user = signed_in_user();
    let kind = crate::work_report::DocumentKind::from_code(&kind).ok_or(AppError::NotFound)?;
    crate::edit::work_report::generate(
        &ctx.db,
        &ctx.files,
        user.as_ref(),
        &query,
        kind,
        pdf.is_some_and(|p| !p.is_empty()),
        ctx.clock(),
        Locale::from_tag(&lang),
    )
    .await
}
