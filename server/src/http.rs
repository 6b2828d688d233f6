//! The HTTP server: Leptos pages and server functions plus a few plain routes.

use std::net::SocketAddr;

use app::domain::problem::Problem;
use app::error::AppError;
use app::i18n::cli::Say;
use app::i18n::{Locale, LOCALE_COOKIE};
use app::state::ServerContext;
use app::{shell, App};
use std::collections::HashMap;

use app::domain::access::Permission;
use app::domain::period::Period;
use app::domain::report_sheet::Grouping;
use app::model::CurrentUser;
use app::reporting::import;
use app::reporting::{self, Format};
use axum::extract::{DefaultBodyLimit, Form, FromRef, Multipart, Path as UrlPath, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Extension;
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use serde::Deserialize;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};

use crate::site::{Site, VersionedNames};

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub context: ServerContext,
    pub site: Site,
}

/// The names the pages use for the bundle (`/pkg/roadmap.<hash>.js`, `.wasm`; `roadmap.js`
/// without versioned names); the files themselves come from [`Site`], not from Leptos'
/// `site_root`.
pub fn leptos_options(addr: SocketAddr, names: Option<&VersionedNames>) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(names.map_or("roadmap", |n| n.bundle_stem.as_str()))
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build()
}

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    Router::new()
        .route("/healthz", get(healthz))
        .route("/lang/{tag}", get(set_language))
        .route("/charts/{file}", get(download_chart))
        .route(
            "/projects/export",
            get(export_projects).post(report_projects),
        )
        .route(
            "/projects/import/upload",
            post(upload_import).layer(DefaultBodyLimit::max(import::MAX_IMPORT_BYTES + 64 * 1024)),
        )
        .route("/milestones/export", get(export_plan))
        .route(
            "/milestones/import/upload",
            post(upload_plan).layer(DefaultBodyLimit::max(import::MAX_IMPORT_BYTES + 64 * 1024)),
        )
        .route("/activities/export", get(export_activities))
        .route(
            "/activities/import/upload",
            post(upload_activities)
                .layer(DefaultBodyLimit::max(import::MAX_IMPORT_BYTES + 64 * 1024)),
        )
        .route(
            "/evidence/upload",
            post(crate::evidence::upload).layer(DefaultBodyLimit::max(
                state.context.evidence_max_megabytes * 1024 * 1024 + 64 * 1024,
            )),
        )
        .route("/files/{id}", get(crate::evidence::download))
        .route("/reports/{file}", get(crate::evidence::download_report))
        .route(
            "/rounds/{round}/units/{unit}/export",
            get(crate::evidence::export_submission),
        )
        .route(
            "/admin/security/export",
            get(crate::evidence::export_security_log),
        )
        .route("/package/export", get(crate::region::export_package))
        .route(
            "/region/import",
            post(crate::region::import_package).layer(DefaultBodyLimit::max(
                app::region::package::MAX_PACKAGE_BYTES + 64 * 1024,
            )),
        )
        .route("/region/sheet", get(crate::region::merged_sheet))
        .route("/region/token", post(crate::region::issue_token))
        .route("/region/evidence/{id}", get(crate::region::evidence_file))
        .route(
            app::region::push::PUSH_PATH,
            post(crate::region::push_package).layer(DefaultBodyLimit::max(
                app::region::package::MAX_PACKAGE_BYTES,
            )),
        )
        .route("/login", post(crate::auth::sign_in))
        .route("/logout", post(crate::auth::sign_out))
        .leptos_routes_with_context(&state, routes, page_context(&state), move || {
            shell(options.clone())
        })
        .fallback(static_file_or_not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.context.clone(),
            crate::auth::gate,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.context.clone(),
            crate::audit::record,
        ))
        .layer(CompressionLayer::new())
        .layer(RequestBodyTimeoutLayer::new(
            crate::listen::BODY_IDLE_TIMEOUT,
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            crate::listen::REQUEST_TIMEOUT,
        ))
        .layer(axum::middleware::from_fn(crate::security_headers::add))
        .with_state(state)
}

/// What every page and server function finds in its context: the server's and the stylesheet's
/// versioned name for the shell. (What belongs to the request, such as its data version, comes
/// on the request from the gate.)
fn page_context(state: &AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    let context = state.context.clone();
    let stylesheet = state.site.names.as_ref().map(|n| n.stylesheet.clone());
    move || {
        provide_context(context.clone());
        if let Some(href) = &stylesheet {
            provide_context(app::StylesheetHref(href.clone()));
        }
    }
}

/// Any other URL: a file of the site (the hydrate bundle, the stylesheet, `public/`), else the
/// application's own 404 page, in the visitor's language.
async fn static_file_or_not_found(
    State(state): State<AppState>,
    request: axum::extract::Request,
) -> Response {
    if let Some(file) = state
        .site
        .respond(request.method(), request.uri().path(), request.headers())
        .await
    {
        return file;
    }
    let options = state.leptos_options.clone();
    let not_found =
        leptos_axum::render_app_to_stream_with_context(page_context(&state), move || {
            shell(options.clone())
        });
    not_found(request).await
}

/// `GET /projects/export?format=xlsx|csv|csv-gbk&group=construction|pillar&period=2026-10&kind=…`:
/// the registry, with the list's filters, as the provincial sheet.
async fn export_projects(
    State(context): State<ServerContext>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let locale = app::cookies::locale(&headers);
    match export_request(&params, locale) {
        Ok(request) => match reporting::export(&context.db, &request, context.today()).await {
            Ok(file) => download(file, request.format),
            Err(e) => export_failed(e, locale),
        },
        Err(message) => (StatusCode::BAD_REQUEST, message).into_response(),
    }
}

/// `POST /projects/export` with the same fields plus `batch`: exports and records the file as a
/// report upward (上报) under that batch. Recording changes data, so it needs a planner.
async fn report_projects(
    State(context): State<ServerContext>,
    user: Option<Extension<CurrentUser>>,
    headers: HeaderMap,
    Form(params): Form<HashMap<String, String>>,
) -> Response {
    let locale = app::cookies::locale(&headers);
    let Some(Extension(user)) = user.filter(|u| u.can(Permission::EditContent)) else {
        return (StatusCode::FORBIDDEN, locale.say(&Say::PlannersOnly)).into_response();
    };
    let request = match export_request(&params, locale) {
        Ok(request) => request,
        Err(message) => return (StatusCode::BAD_REQUEST, message).into_response(),
    };
    let batch = params.get("batch").map(|b| b.trim()).unwrap_or_default();
    if batch.is_empty() || batch.chars().count() > 60 {
        return (StatusCode::BAD_REQUEST, locale.say(&Say::BatchNameNeeded)).into_response();
    }
    let today = context.today();
    let file = match reporting::export(&context.db, &request, today).await {
        Ok(file) => file,
        Err(e) => return export_failed(e, locale),
    };
    let reporter = (Some(user.id), user.username.as_str());
    match reporting::record_report(&context.db, &request, &file.summary, batch, reporter, today)
        .await
    {
        Ok(_) => download(file, request.format),
        Err(e) => export_failed(e.into(), locale),
    }
}

/// An uploaded file from a multipart form (its `file` field) and the text of its `kind` field;
/// on failure, the code of the reason the import page shows.
pub(crate) async fn read_upload(
    mut multipart: Multipart,
) -> Result<(String, Vec<u8>, String), &'static str> {
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut kind = String::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err("too_large"),
            Err(e) => {
                tracing::warn!(error = %e, "import upload failed");
                return Err("failed");
            }
        };
        match field.name() {
            Some("file") => {
                let name = field.file_name().unwrap_or("upload").to_string();
                match field.bytes().await {
                    Ok(bytes) => file = Some((name, bytes.to_vec())),
                    Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                        return Err("too_large")
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "import upload failed");
                        return Err("failed");
                    }
                }
            }
            Some("kind") => {
                if let Ok(text) = field.text().await {
                    kind = text.trim().to_string();
                }
            }
            _ => {}
        }
    }
    let Some((name, bytes)) = file.filter(|(name, _)| !name.is_empty()) else {
        return Err("no_file");
    };
    if bytes.is_empty() {
        return Err("empty");
    }
    Ok((name, bytes, kind))
}

/// Keeps a planner's upload for the preview at `{page}/{token}`; refusals go back to `page`.
async fn keep_upload(
    context: &ServerContext,
    user: Option<Extension<CurrentUser>>,
    multipart: Multipart,
    page: &str,
    query: impl Fn(&str) -> String,
) -> Response {
    let back = |code: &str| Redirect::to(&format!("{page}?error={code}")).into_response();
    let Some(Extension(user)) = user.filter(|u| u.can(Permission::EditContent)) else {
        return back("forbidden");
    };
    let (name, bytes, kind) = match read_upload(multipart).await {
        Ok(upload) => upload,
        Err(code) => return back(code),
    };
    match import::store_upload(
        &context.db,
        &user,
        &name,
        &bytes,
        chrono::Utc::now().timestamp(),
    )
    .await
    {
        Ok(token) => Redirect::to(&format!("{page}/{token}{}", query(&kind))).into_response(),
        Err(import::ImportError::TooLarge(_)) => back("too_large"),
        Err(e) => {
            tracing::error!(error = %e, "cannot keep an import upload");
            back("failed")
        }
    }
}

/// `POST /projects/import/upload`: a project list to preview; `kind` says what new rows become.
async fn upload_import(
    State(context): State<ServerContext>,
    user: Option<Extension<CurrentUser>>,
    multipart: Multipart,
) -> Response {
    keep_upload(&context, user, multipart, "/projects/import", |kind| {
        let kind = if kind == "information" {
            "information"
        } else {
            "major"
        };
        format!("?kind={kind}")
    })
    .await
}

/// `POST /activities/import/upload`: a ledger file to preview.
async fn upload_activities(
    State(context): State<ServerContext>,
    user: Option<Extension<CurrentUser>>,
    multipart: Multipart,
) -> Response {
    keep_upload(&context, user, multipart, "/activities/import", |_| {
        String::new()
    })
    .await
}

/// `POST /milestones/import/upload`: a milestone plan to preview.
async fn upload_plan(
    State(context): State<ServerContext>,
    user: Option<Extension<CurrentUser>>,
    multipart: Multipart,
) -> Response {
    keep_upload(&context, user, multipart, "/milestones/import", |_| {
        String::new()
    })
    .await
}

/// `GET /milestones/export?format=xlsx|csv|csv-gbk&phase=…`: the milestone plan, with the
/// list's filters, for whoever may read the list.
async fn export_plan(
    State(context): State<ServerContext>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let locale = app::cookies::locale(&headers);
    let format = match params
        .get("format")
        .map(|f| f.trim())
        .filter(|f| !f.is_empty())
    {
        None => Format::Xlsx,
        Some(name) => match Format::parse(name) {
            Some(format) => format,
            None => {
                return (
                    StatusCode::BAD_REQUEST,
                    locale.say(&Say::UnknownExportFormat(name)),
                )
                    .into_response()
            }
        },
    };
    let filter: app::model::MilestoneFilter =
        app::model::query::from_pairs(params.iter().map(|(k, v)| (k.clone(), v.clone())));
    let today = context.today();
    match reporting::plan_file::export(&context.db, &filter, format, today, locale).await {
        Ok((bytes, _)) => {
            let name = format!(
                "{}.{}",
                locale.say(&Say::PlanFileName(today)),
                format.extension()
            );
            download_named(&name, "milestone-plan", bytes, format)
        }
        Err(e) => export_failed(e, locale),
    }
}

/// `GET /activities/export?type_id=…&from=…`: the ledger records the filter matches as XLSX.
async fn export_activities(
    State(context): State<ServerContext>,
    user: Option<Extension<CurrentUser>>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let locale = app::cookies::locale(&headers);
    // The ledger page is for people signed in; so is its export.
    if user.is_none() {
        return (
            StatusCode::FORBIDDEN,
            locale.error(&AppError::Unauthenticated),
        )
            .into_response();
    }
    let filter: app::model::ActivityFilter =
        app::model::query::from_pairs(params.iter().map(|(k, v)| (k.clone(), v.clone())));
    match app::reporting::ledger_file::export_xlsx(&context.db, &filter).await {
        Ok(bytes) => (
            [
                (
                    header::CONTENT_TYPE,
                    Format::Xlsx.content_type().to_string(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"ledger-{}.xlsx\"", context.today()),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => export_failed(e, locale),
    }
}

/// Reads an export's fields; a malformed one gets a message saying which and why.
fn export_request(
    params: &HashMap<String, String>,
    locale: Locale,
) -> Result<reporting::ExportRequest, String> {
    let get = |k: &str| params.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    let format = match get("format") {
        None => Format::Xlsx,
        Some(name) => {
            Format::parse(name).ok_or_else(|| locale.say(&Say::UnknownExportFormat(name)))?
        }
    };
    let grouping = match get("group") {
        Some("pillar") => Grouping::Pillar,
        _ => Grouping::Construction,
    };
    let period = get("period")
        .map(Period::parse)
        .transpose()
        .map_err(|e| locale.period_error(&e))?;
    Ok(reporting::ExportRequest {
        filter: app::model::query::from_pairs(params.iter().map(|(k, v)| (k.clone(), v.clone()))),
        grouping,
        period,
        format,
    })
}

fn download(file: reporting::ExportFile, format: Format) -> Response {
    download_named(&file.name, "projects", file.bytes, format)
}

/// A file offered under `name` (`fallback` for clients that read only ASCII names).
fn download_named(name: &str, fallback: &str, bytes: Vec<u8>, format: Format) -> Response {
    (
        [
            (header::CONTENT_TYPE, format.content_type().to_string()),
            (
                header::CONTENT_DISPOSITION,
                attachment(name, fallback, format.extension()),
            ),
        ],
        bytes,
    )
        .into_response()
}

fn export_failed(e: reporting::ExportError, locale: Locale) -> Response {
    match e {
        reporting::ExportError::PeriodNotLocked(period) => (
            StatusCode::BAD_REQUEST,
            locale.problem(&Problem::PeriodNotLocked(period)),
        )
            .into_response(),
        _ => {
            tracing::error!(error = %e, "export failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                locale.say(&Say::ExportFailed(&e)),
            )
                .into_response()
        }
    }
}

/// `Content-Disposition` for a download named in Chinese: RFC 6266's UTF-8 `filename*`, with a
/// plain ASCII name for clients that do not read it.
fn attachment(name: &str, fallback: &str, extension: &str) -> String {
    let mut encoded = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}.{extension}\"; filename*=UTF-8''{encoded}")
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
    version: Option<axum::Extension<app::cache::RequestVersion>>,
    headers: axum::http::HeaderMap,
) -> Response {
    let locale = app::cookies::locale(&headers);
    let version = version.map(|v| v.0).unwrap_or_default();
    let (key, png) = match (file.strip_suffix(".svg"), file.strip_suffix(".png")) {
        (Some(key), _) => (key, false),
        (_, Some(key)) => (key, true),
        _ => return (StatusCode::NOT_FOUND, locale.say(&Say::NoSuchChart)).into_response(),
    };
    let filter: app::model::DashboardFilter =
        app::model::query::from_pairs(params.iter().map(|(k, v)| (k.clone(), v.clone())));
    let overview = context
        .cache
        .overview(
            &context.db,
            &version,
            context.today(),
            &filter,
            locale,
            app::cookies::seen_version(&headers),
        )
        .await;
    match overview {
        Ok(overview) => match overview.charts.iter().find(|c| c.key == key) {
            Some(chart) if png => chart_png(key, &chart.svg).await,
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
            None => (StatusCode::NOT_FOUND, locale.say(&Say::NoSuchChart)).into_response(),
        },
        Err(e) => {
            tracing::error!(error = %e, "chart download failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                locale.error(&AppError::Database),
            )
                .into_response()
        }
    }
}

/// A chart as PNG, drawn from the same SVG at its own size.
async fn chart_png(key: &str, svg: &str) -> Response {
    let svg = svg.to_string();
    let drawn =
        tokio::task::spawn_blocking(move || app::work_report::png::svg_to_png(&svg, 1.0)).await;
    match drawn {
        Ok(Ok((png, _, _))) => (
            [
                (header::CONTENT_TYPE, "image/png".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{key}.png\""),
                ),
            ],
            png,
        )
            .into_response(),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "a chart could not be drawn as PNG");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "the PNG drawing task failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
