//! Evidence files (佐证材料) over plain HTTP: `POST /evidence/upload` (multipart, so it works
//! without JavaScript) and `GET /files/{id}`, always as an attachment unless it is an image.

use app::db::evidence::{self, Owner};
use app::db::{rounds, users};
use app::domain::access::Permission;
use app::domain::problem::Problem;
use app::error::AppError;
use app::i18n::cli::Say;
use app::model::CurrentUser;
use app::reporting::evidence::inspect;
use app::state::ServerContext;
use axum::extract::{Multipart, Path as UrlPath, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use serde::Deserialize;

/// Where the form sends the person back: only a submission page, the ledger or the indicators
/// page of this site.
fn safe_back(back: &str) -> String {
    let ok = (back.starts_with("/rounds/") || back == "/activities" || back == "/indicators")
        && back
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_'));
    if ok {
        back.to_string()
    } else {
        "/my-reporting".to_string()
    }
}

/// The `?upload=` code the page turns into words (never free text in the URL).
fn refusal_code(problem: &Problem) -> &'static str {
    match problem {
        Problem::EvidenceTooLarge { .. } => "too_large",
        Problem::ZipBomb => "zip_bomb",
        Problem::FileEmpty => "empty",
        Problem::SubmissionStep { .. } => "frozen",
        _ => "type",
    }
}

/// What an evidence file is uploaded for.
#[derive(Clone, Copy)]
enum UploadTarget {
    /// A unit's entry in a round (its liaison, while the submission is open).
    Item(i64),
    /// A ledger record (planners).
    Activity(i64),
    /// An indicator's recorded value (planners).
    IndicatorValue(i64),
}

/// `POST /evidence/upload` (multipart: `item`, `activity` or `indicator_value`; `back`; `file`):
/// attaches a file to a unit's entry (for that unit's liaison, while the submission is open to
/// edits), or to a ledger record or an indicator value (for planners).
pub async fn upload(
    State(context): State<ServerContext>,
    user: Option<Extension<CurrentUser>>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let mut target: Option<UploadTarget> = None;
    let mut back = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut too_large = false;
    let mut failed = false;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                too_large = true;
                break;
            }
            Err(e) => {
                tracing::warn!(error = %e, "evidence upload failed");
                return Redirect::to(&format!("{}?upload=failed", safe_back(&back)))
                    .into_response();
            }
        };
        match field.name() {
            Some(name @ ("item" | "activity" | "indicator_value")) => {
                let make = match name {
                    "item" => UploadTarget::Item,
                    "activity" => UploadTarget::Activity,
                    _ => UploadTarget::IndicatorValue,
                };
                let id = field.text().await.ok().and_then(|t| t.trim().parse().ok());
                target = id.map(make);
            }
            Some("back") => back = field.text().await.unwrap_or_default(),
            Some("file") => {
                let name = field.file_name().unwrap_or("file").to_string();
                match field.bytes().await {
                    Ok(bytes) => file = Some((name, bytes.to_vec())),
                    Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => too_large = true,
                    Err(e) => {
                        tracing::warn!(error = %e, "evidence upload failed");
                        failed = true;
                    }
                }
            }
            _ => {}
        }
    }
    let back = safe_back(&back);
    let answer = |code: &str| Redirect::to(&format!("{back}?upload={code}")).into_response();
    let Some(Extension(user)) = user else {
        return StatusCode::FORBIDDEN.into_response();
    };
    if too_large {
        return answer("too_large");
    }
    if failed {
        return answer("failed");
    }
    let (Some(target), Some((name, bytes))) = (target, file) else {
        return answer("no_file");
    };
    let checked = match inspect(&name, &bytes, context.evidence_max_megabytes) {
        Ok(checked) => checked,
        Err(problem) => return answer(refusal_code(&problem)),
    };
    let (db, files, clock) = (&context.db, &context.files, context.clock());
    let attached = match target {
        UploadTarget::Item(item) => {
            app::edit::rounds::attach_evidence(
                db,
                files,
                Some(&user),
                item,
                &checked,
                &bytes,
                clock,
            )
            .await
        }
        UploadTarget::Activity(id) => {
            app::edit::activities::attach_evidence(
                db,
                files,
                Some(&user),
                id,
                &checked,
                &bytes,
                clock,
            )
            .await
        }
        UploadTarget::IndicatorValue(id) => {
            app::edit::indicators::attach_value_evidence(
                db,
                files,
                Some(&user),
                id,
                &checked,
                &bytes,
                clock,
            )
            .await
        }
    };
    match attached {
        Ok(_) => answer("ok"),
        Err(AppError::Forbidden | AppError::Unauthenticated) => {
            let say = match target {
                UploadTarget::Item(_) => Say::NotYourUnit,
                _ => Say::PlannersOnly,
            };
            (
                StatusCode::FORBIDDEN,
                app::cookies::locale(&headers).say(&say),
            )
                .into_response()
        }
        Err(AppError::Refused(problem)) => answer(refusal_code(&problem)),
        Err(AppError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot keep an evidence file");
            answer("failed")
        }
    }
}

#[derive(Deserialize)]
pub struct DownloadQuery {
    /// `?thumb=1`: a photo's small preview, shown inline.
    #[serde(default)]
    thumb: Option<String>,
}

/// Whether `user` may read what the file is attached to: a draft entry only its unit's
/// liaisons and the reviewers; anything accepted, every signed-in person.
async fn may_read(
    context: &ServerContext,
    user: &CurrentUser,
    owner: Owner,
) -> Result<bool, AppError> {
    match owner {
        Owner::SubmissionItem(item) => {
            if user.can(Permission::EditContent) {
                return Ok(true);
            }
            let Some((_, unit)) = rounds::item_owner(&context.db, item).await? else {
                return Ok(false);
            };
            Ok(users::units_of(&context.db, user.id)
                .await?
                .iter()
                .any(|(id, _)| *id == unit))
        }
        _ => Ok(true),
    }
}

/// `GET /files/{id}`: the file as uploaded, as an attachment never sniffed into something else;
/// `?thumb=1` a photo's preview, inline. Access is checked before any bytes are read.
pub async fn download(
    State(context): State<ServerContext>,
    user: Option<Extension<CurrentUser>>,
    UrlPath(id): UrlPath<i64>,
    Query(query): Query<DownloadQuery>,
) -> Response {
    let Some(Extension(user)) = user else {
        return StatusCode::FORBIDDEN.into_response();
    };
    let failed = |e: &dyn std::fmt::Display| {
        tracing::error!(error = %e, attachment = id, "cannot read an evidence file");
        StatusCode::INTERNAL_SERVER_ERROR.into_response()
    };
    let info = match evidence::describe(&context.db, id).await {
        Ok(Some(info)) => info,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => return failed(&e),
    };
    let Some(owner) = info.owner() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match may_read(&context, &user, owner).await {
        Ok(true) => {}
        Ok(false) => return StatusCode::FORBIDDEN.into_response(),
        Err(e) => return failed(&e),
    }
    let (bytes, content_type, inline) = if query.thumb.is_some() {
        match evidence::thumbnail(&context.db, id).await {
            Ok(Some(bytes)) => (bytes, "image/jpeg".to_string(), true),
            Ok(None) => return StatusCode::NOT_FOUND.into_response(),
            Err(e) => return failed(&e),
        }
    } else {
        match evidence::content(&context.db, &context.files, &info).await {
            Ok(bytes) => (bytes, info.content_type.clone(), false),
            Err(e) => return failed(&e),
        }
    };
    let disposition = content_disposition(&info.file_name, inline);
    let content_type = HeaderValue::from_str(&content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    (
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=3600"),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// `GET /reports/{id}.docx` or `/reports/{id}.pdf`: a generated report as it was made.
pub async fn download_report(
    State(context): State<ServerContext>,
    user: Option<Extension<CurrentUser>>,
    UrlPath(file): UrlPath<String>,
) -> Response {
    let (id, pdf) = match (file.strip_suffix(".docx"), file.strip_suffix(".pdf")) {
        (Some(id), _) => (id, false),
        (_, Some(id)) => (id, true),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let Ok(id) = id.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let user = user.map(|Extension(u)| u);
    match app::edit::work_report::download(&context.db, &context.files, user.as_ref(), id, pdf)
        .await
    {
        Ok((name, content_type, bytes)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_str(&content_disposition(&name, false))
                        .unwrap_or(HeaderValue::from_static("attachment")),
                ),
                (
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(AppError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(AppError::Unauthenticated | AppError::Forbidden) => {
            StatusCode::FORBIDDEN.into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, report = id, "cannot read a generated report");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `attachment; filename="…"; filename*=UTF-8''…`: an ASCII fallback and the real (Chinese)
/// name, percent-encoded as RFC 6266 / 5987 say.
fn content_disposition(name: &str, inline: bool) -> String {
    let fallback: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let kind = if inline { "inline" } else { "attachment" };
    format!("{kind}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

/// `GET /rounds/{round}/units/{unit}/export`: the unit's submission as a zip (XLSX + evidence),
/// for the reviewers and the unit's own liaisons.
pub async fn export_submission(
    State(context): State<ServerContext>,
    user: Option<Extension<CurrentUser>>,
    headers: HeaderMap,
    UrlPath((round, unit)): UrlPath<(i64, i64)>,
) -> Response {
    let locale = app::cookies::locale(&headers);
    let user = user.map(|Extension(u)| u);
    match app::edit::rounds::export_zip(
        &context.db,
        &context.files,
        user.as_ref(),
        round,
        unit,
        context.today(),
        locale,
    )
    .await
    {
        Ok((name, file)) => file_download(file, "application/zip", &name),
        Err(AppError::Forbidden | AppError::Unauthenticated) => {
            (StatusCode::FORBIDDEN, locale.say(&Say::NotYourUnit)).into_response()
        }
        Err(AppError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot export a submission");
            (StatusCode::INTERNAL_SERVER_ERROR, locale.error(&e)).into_response()
        }
    }
}

/// A file written beforehand (and already at its start), streamed as a download named `name`.
pub fn file_download(file: std::fs::File, content_type: &'static str, name: &str) -> Response {
    let length = file.metadata().map(|m| m.len()).unwrap_or_default();
    let body = axum::body::Body::from_stream(tokio_util::io::ReaderStream::new(
        tokio::fs::File::from_std(file),
    ));
    (
        [
            (header::CONTENT_LENGTH, HeaderValue::from(length)),
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&content_disposition(name, false))
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        body,
    )
        .into_response()
}

/// Bytes made in memory (a 上报 package), as a download named `name`.
pub fn bytes_download(bytes: Vec<u8>, content_type: &str, name: &str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_str(content_type)
                    .unwrap_or(HeaderValue::from_static("application/octet-stream")),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&content_disposition(name, false))
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// `GET /admin/security/export?user=&action=&from=&to=`: the security audit log as CSV, for
/// the assessor (admins only; the download is itself an audit record).
pub async fn export_security_log(
    State(context): State<ServerContext>,
    user: Option<Extension<CurrentUser>>,
    headers: HeaderMap,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Response {
    let locale = app::cookies::locale(&headers);
    let filter: app::model::SecurityLogFilter =
        app::model::query::parse(query.as_deref().unwrap_or_default());
    let user = user.map(|Extension(u)| u);
    match app::edit::system::security_log_csv(&context.db, user.as_ref(), &filter, locale).await {
        Ok(file) => {
            let name = format!("security-log-{}.csv", context.today());
            file_download(file, "text/csv; charset=utf-8", &name)
        }
        Err(e @ (AppError::Forbidden | AppError::Unauthenticated)) => {
            (StatusCode::FORBIDDEN, locale.error(&e)).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot export the security audit log");
            (StatusCode::INTERNAL_SERVER_ERROR, locale.error(&e)).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names_are_offered_safely() {
        assert_eq!(
            content_disposition("验收.pdf", false),
            "attachment; filename=\"__.pdf\"; filename*=UTF-8''%E9%AA%8C%E6%94%B6.pdf"
        );
        assert!(content_disposition("a b.png", true).starts_with("inline; filename=\"a b.png\""));
    }

    #[test]
    fn only_submission_pages_are_returned_to() {
        assert_eq!(safe_back("/rounds/3/units/7"), "/rounds/3/units/7");
        assert_eq!(safe_back("https://evil.example/"), "/my-reporting");
        assert_eq!(safe_back("/rounds/3?x=<script>"), "/my-reporting");
    }
}
