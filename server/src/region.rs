//! Reporting upward from the command line and over HTTP: `roadmap package …` on the county's
//! side, `roadmap region …` upstream, the package's download, its upload and the merged sheet.

use std::io::{Seek, SeekFrom};

use app::db::Db;
use app::domain::access::Permission;
use app::domain::period::Period;
use app::error::AppError;
use app::i18n::region::RegionSay;
use app::i18n::Locale;
use app::model::{CurrentUser, RegionFilter};
use app::region::{county, package, push, upstream, RegionError};
use axum::extract::{Multipart, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use chrono::NaiveDate;
use std::collections::HashMap;

use crate::cli::{CountyCommand, PackageCommand, RegionCommand};
use crate::reports::{cli_user, ReportCliError};
use app::state::ServerContext;

#[derive(Debug, thiserror::Error)]
pub enum RegionCliError {
    #[error(transparent)]
    Region(#[from] RegionError),
    #[error(transparent)]
    Cli(#[from] ReportCliError),
    #[error(transparent)]
    Period(#[from] app::domain::period::PeriodError),
    #[error(transparent)]
    Db(#[from] app::db::DbError),
    #[error(transparent)]
    Files(#[from] app::files::FileStoreError),
    #[error("{}", app::i18n::cli::Say::FileFailed { path, error: source })]
    File {
        path: String,
        source: std::io::Error,
    },
}

fn file_error(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> RegionCliError + '_ {
    move |source| RegionCliError::File {
        path: path.display().to_string(),
        source,
    }
}

/// `roadmap package key|export`.
pub async fn package(
    db: &Db,
    command: PackageCommand,
    today: NaiveDate,
) -> Result<(), RegionCliError> {
    match command {
        PackageCommand::Key { code } => {
            let info = match code {
                Some(code) => county::set_region_code(db, &code).await?,
                None => county::key_info(db).await?,
            };
            println!(
                "{}",
                RegionSay::Key {
                    county: &info.county,
                    code: info.region_code.as_deref(),
                    key: &info.public_key,
                    fingerprint: &info.fingerprint,
                    signed: info.packages_signed,
                }
            );
        }
        PackageCommand::Export {
            period,
            out,
            with_evidence,
            files,
        } => {
            let period = Period::parse(&period)?;
            let store = evidence_store(with_evidence, &files)?;
            let made = county::export_with(db, period, today, store.as_ref()).await?;
            write_whole(&out, &made.bytes)?;
            println!(
                "{}",
                RegionSay::Exported {
                    path: &out.display(),
                    period,
                    sequence: made.sequence,
                    projects: made.projects,
                }
            );
        }
        PackageCommand::Push {
            period,
            to,
            token,
            with_evidence,
            files,
        } => {
            let period = Period::parse(&period)?;
            let target = to.as_deref().zip(token.as_deref());
            let store = evidence_store(with_evidence, &files)?;
            let pushed =
                push::push(db, period, today, Locale::process(), target, store.as_ref()).await?;
            println!(
                "{}",
                RegionSay::Pushed {
                    period,
                    sequence: pushed.package.sequence,
                    answer: &pushed.answer,
                }
            );
        }
    }
    Ok(())
}

/// Where the evidence files are, when the package is to carry them.
fn evidence_store(
    with_evidence: bool,
    files: &crate::cli::FileArgs,
) -> Result<Option<app::files::FileStore>, RegionCliError> {
    if !with_evidence {
        return Ok(None);
    }
    Ok(Some(files.file_store()?))
}

/// Writes `bytes` to `path` through a `.partial` file renamed once complete, so that a package
/// carried away while it is written is never half of one.
fn write_whole(path: &std::path::Path, bytes: &[u8]) -> Result<(), RegionCliError> {
    let partial = path.with_extension("partial");
    std::fs::write(&partial, bytes).map_err(file_error(path))?;
    std::fs::rename(&partial, path).map_err(file_error(path))
}

/// `roadmap region county add|list`, `roadmap region import`, `roadmap region sheet`.
pub async fn region(
    db: &Db,
    command: RegionCommand,
    today: NaiveDate,
) -> Result<(), RegionCliError> {
    match command {
        RegionCommand::County(CountyCommand::Add { name, code, key }) => {
            upstream::add_county(db, &name, &code, &key).await?;
            println!(
                "{}",
                RegionSay::CountyAdded {
                    name: name.trim(),
                    code: code.trim()
                }
            );
        }
        RegionCommand::County(CountyCommand::Token { code }) => {
            let (county, token) = push::issue_token(db, &code).await?;
            println!(
                "{}",
                RegionSay::TokenIssued {
                    county: &county,
                    code: code.trim(),
                    token: &token,
                }
            );
        }
        RegionCommand::County(CountyCommand::List) => {
            for county in app::db::region::counties(db).await? {
                println!(
                    "{}",
                    RegionSay::CountyLine {
                        name: &county.name,
                        code: &county.region_code,
                        fingerprint: &package::fingerprint(&county.public_key),
                    }
                );
            }
        }
        RegionCommand::Import { file, by } => {
            let actor = cli_user(db, &by).await?;
            let bytes = read_limited(&file)?;
            let imported = upstream::import(db, &bytes, &actor).await?;
            println!(
                "{}",
                RegionSay::Imported {
                    county: &imported.county,
                    period: imported.period,
                    sequence: imported.sequence,
                    projects: imported.projects,
                    superseded: imported.superseded,
                }
            );
        }
        RegionCommand::Synthetic {
            counties,
            projects,
            period,
            out,
        } => {
            let period = Period::parse(&period)?;
            synthetic(counties, projects, period, today, &out)?;
            println!(
                "{}",
                RegionSay::SyntheticWritten {
                    path: &out.display(),
                    counties,
                    projects,
                }
            );
        }
        RegionCommand::Sheet { period, out, name } => {
            let period = Period::parse(&period)?;
            let name = match name {
                Some(name) => name,
                None => region_name(db).await?,
            };
            let partial = out.with_extension("partial");
            let file = std::fs::File::create(&partial).map_err(file_error(&out))?;
            let (written, _) = upstream::write_merged_sheet(
                db,
                period,
                &name,
                today,
                std::io::BufWriter::new(file),
            )
            .await?;
            std::fs::rename(&partial, &out).map_err(file_error(&out))?;
            println!(
                "{}",
                RegionSay::MergedWritten {
                    path: &out.display(),
                    counties: written.counties,
                    projects: written.rows,
                }
            );
        }
    }
    Ok(())
}

/// Writes `counties` synthetic counties' signed packages of `period` into `out`
/// (`<code>.zip`, and `<code>.newer.zip` for the first: its next package) and `counties.tsv`
/// (name, code, public key), for `roadmap region county add` and `import`.
fn synthetic(
    counties: usize,
    projects: usize,
    period: Period,
    today: NaiveDate,
    out: &std::path::Path,
) -> Result<(), RegionCliError> {
    std::fs::create_dir_all(out).map_err(file_error(out))?;
    let as_of = county::as_of_day(period, today)?;
    let mut list = String::new();
    for index in 0..counties {
        let (report, sheet) = app::db::synthetic::county_report(index, projects, period, as_of);
        let key = package::CountyKey::generate();
        let path = out.join(format!("{}.zip", report.region_code));
        write_whole(&path, &county::sign(&report, &sheet, &key, 1)?)?;
        if index == 0 {
            let newer = out.join(format!("{}.newer.zip", report.region_code));
            write_whole(&newer, &county::sign(&report, &sheet, &key, 2)?)?;
        }
        list.push_str(&format!(
            "{}\t{}\t{}\n",
            report.county,
            report.region_code,
            key.public_base64()
        ));
    }
    write_whole(&out.join("counties.tsv"), list.as_bytes())
}

fn read_limited(path: &std::path::Path) -> Result<Vec<u8>, RegionCliError> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(file_error(path))?;
    let mut bytes = Vec::new();
    file.take(package::MAX_PACKAGE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(file_error(path))?;
    Ok(bytes)
}

/// The region's name for the merged sheet's title: the roadmap's own name here.
async fn region_name(db: &Db) -> Result<String, app::db::DbError> {
    Ok(app::db::queries::reference_data(db)
        .await?
        .roadmap
        .map(|r| r.county)
        .unwrap_or_default())
}

/// The person may do `permission`, or the refusal to answer with.
fn allowed(
    user: Option<Extension<CurrentUser>>,
    permission: Permission,
    locale: Locale,
) -> Result<CurrentUser, (StatusCode, String)> {
    match user {
        Some(Extension(user)) if user.can(permission) => Ok(user),
        Some(_) => Err((StatusCode::FORBIDDEN, locale.error(&AppError::Forbidden))),
        None => Err((
            StatusCode::FORBIDDEN,
            locale.error(&AppError::Unauthenticated),
        )),
    }
}

/// A request about one month (`?period=2026-11`) by someone allowed `permission`: the reader's
/// language and the month, or the refusal to answer with.
fn month_request(
    user: Option<Extension<CurrentUser>>,
    headers: &HeaderMap,
    params: &HashMap<String, String>,
    permission: Permission,
) -> Result<(Locale, Period), (StatusCode, String)> {
    let locale = app::cookies::locale(headers);
    allowed(user, permission, locale)?;
    let given = params.get("period").map(String::as_str).unwrap_or_default();
    let period = Period::parse(given).map_err(|_| {
        (
            StatusCode::BAD_REQUEST,
            locale.region_say(&RegionSay::NoPeriod(given)),
        )
    })?;
    Ok((locale, period))
}

fn region_failed(e: RegionError, locale: Locale) -> Response {
    match e {
        RegionError::Db(_) | RegionError::Export(_) | RegionError::Write(_) => {
            tracing::error!(error = %e, "a report package could not be made");
            (StatusCode::INTERNAL_SERVER_ERROR, e.say(locale)).into_response()
        }
        other => (StatusCode::BAD_REQUEST, other.say(locale)).into_response(),
    }
}

/// `GET /package/export?period=2026-11[&evidence=true]`: the county's signed package of the
/// month (with the month's evidence files when asked), for the planners who report upward.
pub async fn export_package(
    State(context): State<ServerContext>,
    user: Option<Extension<CurrentUser>>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let (locale, period) = match month_request(user, &headers, &params, Permission::EditContent) {
        Ok(request) => request,
        Err(refusal) => return refusal.into_response(),
    };
    let evidence = params.get("evidence").is_some_and(|v| v == "true");
    let store = evidence.then_some(&context.files);
    match county::export_with(&context.db, period, context.today(), store).await {
        Ok(made) => {
            let name = locale.package_file_name(&made.county, &made.region_code, period);
            crate::evidence::bytes_download(made.bytes, "application/zip", &name)
        }
        Err(e) => region_failed(e, locale),
    }
}

/// `POST /region/import` (multipart, field `file`): imports a county's package, then back to the
/// region page of its month with what happened.
pub async fn import_package(
    State(context): State<ServerContext>,
    user: Option<Extension<CurrentUser>>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let locale = app::cookies::locale(&headers);
    let user = match allowed(user, Permission::EditContent, locale) {
        Ok(user) => user,
        Err(refusal) => return refusal.into_response(),
    };
    let back = |period: Option<Period>, notice: &str, ok: bool| {
        let page = RegionFilter {
            period,
            notice: Some(notice.to_string()),
            refused: !ok,
            ..RegionFilter::default()
        };
        Redirect::to(&page.href()).into_response()
    };
    let bytes = match crate::http::read_upload(multipart).await {
        Ok((_, bytes, _)) => bytes,
        Err("too_large") => return back(None, &RegionError::TooLarge.say(locale), false),
        Err(_) => return back(None, &RegionError::NotAPackage.say(locale), false),
    };
    match upstream::import(&context.db, &bytes, &user).await {
        Ok(imported) => {
            let notice = locale.region_say(&RegionSay::Imported {
                county: &imported.county,
                period: imported.period,
                sequence: imported.sequence,
                projects: imported.projects,
                superseded: imported.superseded,
            });
            back(Some(imported.period), &notice, true)
        }
        Err(e @ (RegionError::Db(_) | RegionError::Export(_))) => {
            tracing::error!(error = %e, "a report package could not be stored");
            back(None, &e.say(locale), false)
        }
        Err(e) => back(None, &e.say(locale), false),
    }
}

/// `POST /region/push` (the zip as the body, `Authorization: Bearer <token>`): a county's
/// server pushing its package. Imported exactly as an upload, if the token is the county's;
/// the answer is one line of text in the sender's `Accept-Language`.
pub async fn push_package(
    State(context): State<ServerContext>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let locale = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map_or(Locale::default(), Locale::from_tag);
    let bearer = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match push::import_pushed(&context.db, &body, bearer).await {
        Ok(imported) => {
            tracing::info!(county = %imported.county, period = %imported.period.code(),
                sequence = imported.sequence, "a county pushed its package");
            let said = locale.region_say(&RegionSay::Imported {
                county: &imported.county,
                period: imported.period,
                sequence: imported.sequence,
                projects: imported.projects,
                superseded: imported.superseded,
            });
            (StatusCode::OK, said).into_response()
        }
        Err(e) => {
            let status = match &e {
                RegionError::BadPushToken | RegionError::TokenOfOtherCounty { .. } => {
                    StatusCode::UNAUTHORIZED
                }
                RegionError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
                RegionError::NotNewer { .. } => StatusCode::CONFLICT,
                RegionError::Db(_) | RegionError::Export(_) | RegionError::Write(_) => {
                    tracing::error!(error = %e, "a pushed package could not be stored");
                    StatusCode::INTERNAL_SERVER_ERROR
                }
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            (status, e.say(locale)).into_response()
        }
    }
}

/// `GET /region/evidence/{id}`: an evidence file a county's package carried, for anyone who
/// may read the region's pages.
pub async fn evidence_file(
    State(context): State<ServerContext>,
    user: Option<Extension<CurrentUser>>,
    headers: HeaderMap,
    axum::extract::Path(id): axum::extract::Path<i64>,
) -> Response {
    let locale = app::cookies::locale(&headers);
    if let Err(refusal) = allowed(user, Permission::Read, locale) {
        return refusal.into_response();
    }
    match app::db::region::evidence_file(&context.db, id).await {
        Ok(Some((name, content_type, bytes))) => {
            crate::evidence::bytes_download(bytes, &content_type, &name)
        }
        Ok(None) => (StatusCode::NOT_FOUND, locale.error(&AppError::NotFound)).into_response(),
        Err(e) => region_failed(RegionError::Db(e), locale),
    }
}

/// `POST /region/token` (form field `code`, admins): a new push token for the county, as a small
/// text file to hand over. It is shown only this once (only its hash is kept), so it goes to
/// the admin as a download rather than onto a page or into an address.
pub async fn issue_token(
    State(context): State<ServerContext>,
    user: Option<Extension<CurrentUser>>,
    headers: HeaderMap,
    axum::Form(form): axum::Form<HashMap<String, String>>,
) -> Response {
    let locale = app::cookies::locale(&headers);
    if let Err(refusal) = allowed(user, Permission::Administer, locale) {
        return refusal.into_response();
    }
    let code = form.get("code").map(String::as_str).unwrap_or_default();
    match push::issue_token(&context.db, code).await {
        Ok((county, token)) => {
            let code = code.trim();
            let text = locale.region_say(&RegionSay::TokenIssued {
                county: &county,
                code,
                token: &token,
            });
            let name = locale.push_token_file_name(&county, code);
            crate::evidence::bytes_download(
                format!("{text}\n").into_bytes(),
                "text/plain; charset=utf-8",
                &name,
            )
        }
        Err(e) => region_failed(e, locale),
    }
}

/// `GET /region/sheet?period=2026-11`: every county's projects of the month in one provincial
/// sheet, written to a temporary file and streamed from there.
pub async fn merged_sheet(
    State(context): State<ServerContext>,
    user: Option<Extension<CurrentUser>>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let (locale, period) = match month_request(user, &headers, &params, Permission::Read) {
        Ok(request) => request,
        Err(refusal) => return refusal.into_response(),
    };
    let db = &context.db;
    let written = async {
        let name = region_name(db).await.map_err(RegionError::from)?;
        let file = tempfile::tempfile().map_err(|e| RegionError::Write(e.to_string()))?;
        let (_, mut file) =
            upstream::write_merged_sheet(db, period, &name, context.today(), file).await?;
        file.seek(SeekFrom::Start(0))
            .map_err(|e| RegionError::Write(e.to_string()))?;
        Ok::<_, RegionError>((name, file))
    };
    match written.await {
        Ok((name, file)) => {
            let title =
                app::domain::report_sheet::words::merged_title(&name, period.year, period.month);
            crate::evidence::file_download(
                file,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                &format!("{title}.xlsx"),
            )
        }
        Err(e) => region_failed(e, locale),
    }
}
