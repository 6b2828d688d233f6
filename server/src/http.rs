//! The HTTP server: Leptos pages and server functions plus a few plain routes.

use std::net::SocketAddr;
use std::path::Path;

use app::i18n::{Locale, LOCALE_COOKIE};
use app::state::ServerContext;
use app::{shell, App};
use axum::extract::{FromRef, Path as UrlPath, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use serde::Deserialize;
use tower_http::compression::CompressionLayer;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub context: ServerContext,
}

pub fn leptos_options(addr: SocketAddr, site_root: &Path) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("roadmap")
        .site_root(site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build()
}

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let context = state.context.clone();
    let options = state.leptos_options.clone();
    Router::new()
        .route("/healthz", get(healthz))
        .route("/lang/{tag}", get(set_language))
        .route("/charts/{file}", get(download_chart))
        .route("/projects/export", get(export_projects))
        .route("/login", post(crate::auth::sign_in))
        .route("/logout", post(crate::auth::sign_out))
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context.clone()),
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn_with_state(
            state.context.clone(),
            crate::auth::gate,
        ))
        .layer(CompressionLayer::new())
        .with_state(state)
}

/// `GET /projects/export?format=xlsx|csv&encoding=gbk&group=construction|pillar&kind=…`: the
/// registry, with the list's filters, as the provincial sheet.
async fn export_projects(
    State(context): State<ServerContext>,
    Query(params): Query<std::collections::HashMap<String, String>>,
) -> Response {
    use app::reporting::{self, CsvEncoding, Format};
    let get = |k: &str| params.get(k).map(|v| v.trim().to_string());
    let filter = app::api::types::ProjectFilter::from_query(|k| params.get(k).cloned());
    let format = match (get("format").as_deref(), get("encoding").as_deref()) {
        (Some("xlsx") | None, _) => Format::Xlsx,
        (Some("csv"), Some("gbk")) => Format::Csv(CsvEncoding::Gbk),
        (Some("csv"), _) => Format::Csv(CsvEncoding::Utf8Bom),
        (Some(other), _) => {
            return (StatusCode::BAD_REQUEST, format!("不支持的导出格式“{other}”，请选 xlsx 或 csv"))
                .into_response()
        }
    };
    let grouping = match get("group").as_deref() {
        Some("pillar") => app::domain::report_sheet::Grouping::Pillar,
        _ => app::domain::report_sheet::Grouping::Construction,
    };
    let file = match reporting::sheet(&context.db, &filter, grouping, context.today()).await {
        Ok(sheet) => {
            let bytes = match format {
                Format::Xlsx => reporting::to_xlsx(&sheet),
                Format::Csv(encoding) => reporting::to_csv(&sheet, encoding),
            };
            bytes.map(|b| (reporting::file_name(&sheet, format), b))
        }
        Err(e) => Err(e.into()),
    };
    match file {
        Ok((name, bytes)) => (
            [
                (header::CONTENT_TYPE, format.content_type().to_string()),
                (header::CONTENT_DISPOSITION, attachment(&name, format.extension())),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "export failed");
            (StatusCode::INTERNAL_SERVER_ERROR, format!("导出失败：{e}")).into_response()
        }
    }
}

/// `Content-Disposition` for a download named in Chinese: RFC 6266's UTF-8 `filename*`, with a
/// plain ASCII name for clients that do not read it.
fn attachment(name: &str, extension: &str) -> String {
    let mut encoded = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename=\"projects.{extension}\"; filename*=UTF-8''{encoded}")
}

/// 200 once the database answers; 503 otherwise, so a load balancer takes the server out.
async fn healthz(State(context): State<ServerContext>) -> Response {
    match context.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

#[derive(Deserialize)]
struct Back {
    back: Option<String>,
}

/// Remembers the chosen language in a cookie and returns to the page the user was on.
async fn set_language(UrlPath(tag): UrlPath<String>, Query(back): Query<Back>) -> Response {
    let locale = Locale::from_tag(&tag);
    // Only local paths: never redirect to another site.
    let target = back
        .back
        .filter(|b| b.starts_with('/') && !b.starts_with("//"))
        .unwrap_or_else(|| "/".into());
    let cookie = format!(
        "{LOCALE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        locale.tag()
    );
    let mut response = Redirect::to(&target).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// `GET /charts/{key}.svg?phase=…`: one dashboard chart as a standalone SVG file, drawn for the
/// same filters and language as the page it was downloaded from.
async fn download_chart(
    State(context): State<ServerContext>,
    UrlPath(file): UrlPath<String>,
    Query(params): Query<std::collections::HashMap<String, String>>,
    headers: axum::http::HeaderMap,
) -> Response {
    let Some(key) = file.strip_suffix(".svg") else {
        return (StatusCode::NOT_FOUND, "没有这个图表").into_response();
    };
    let filter = app::api::types::DashboardFilter::from_query(|k| params.get(k).cloned());
    let locale = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .map(Locale::from_cookie_header)
        .unwrap_or_default();
    let overview = context
        .cache
        .overview(&context.db, context.today(), &filter, locale)
        .await;
    match overview {
        Ok(overview) => match overview.charts.iter().find(|c| c.key == key) {
            Some(chart) => (
                [
                    (
                        header::CONTENT_TYPE,
                        "image/svg+xml; charset=utf-8".to_string(),
                    ),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{key}.svg\""),
                    ),
                ],
                chart.svg.clone(),
            )
                .into_response(),
            None => (StatusCode::NOT_FOUND, "没有这个图表").into_response(),
        },
        Err(e) => {
            tracing::error!(error = %e, "chart download failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "数据库暂时不可用，请稍后重试",
            )
                .into_response()
        }
    }
}
