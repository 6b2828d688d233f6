//! Sign-in, sign-out and the gate in front of every request: who is asking (session cookie),
//! whether they may see pages at all, and refusal of cross-site writes.

use app::audit::{self, AuditEvent};
use app::cache::RequestVersion;
use app::components::layout::urlencode;
use app::db::notifications::UnreadNotifications;
use app::db::sessions::{self, SignIn, SESSION_COOKIE};
use app::domain::problem::Problem;
use app::error::AppError;
use app::i18n::cli::Say;
use app::state::ServerContext;
use axum::extract::{Form, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use serde::Deserialize;

use crate::audit::{HandlerEvent, SourceAddress};

/// Paths anyone may reach without signing in. A county's push carries its own token instead
/// of a session, and is checked by it.
fn is_public(path: &str) -> bool {
    matches!(path, "/login" | "/logout" | "/healthz" | "/favicon.ico")
        || path == app::region::push::PUSH_PATH
        || path.starts_with("/pkg/")
        || path.starts_with("/lang/")
}

fn changes_data(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// A browser request sent by another site's page: refused for anything that changes data.
/// Browsers always send `Origin` (or at least `Sec-Fetch-Site`) on cross-site POSTs; scripts
/// that send neither are not browsers carrying someone's cookies, so they pass.
pub fn is_cross_site(headers: &HeaderMap) -> bool {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if text("sec-fetch-site") == Some("cross-site") {
        return true;
    }
    let Some(source) = text("origin").or_else(|| text("referer")) else {
        return false;
    };
    let source_host = source
        .split_once("://")
        .map(|(_, rest)| rest.split('/').next().unwrap_or(""))
        .unwrap_or("");
    if source_host.is_empty() {
        return true; // "null" origins (sandboxed frames, file://)
    }
    ![text("host"), text("x-forwarded-host")]
        .into_iter()
        .flatten()
        .any(|host| host.eq_ignore_ascii_case(source_host))
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Runs before every route: refuses cross-site writes, resolves the session into the signed-in
/// user (put on the request for pages and server functions), and sends anonymous visitors to
/// the sign-in page unless the admin allows anonymous reading.
pub async fn gate(
    State(context): State<ServerContext>,
    mut request: Request,
    next: Next,
) -> Response {
    let writes = changes_data(request.method());
    if writes && is_cross_site(request.headers()) {
        tracing::warn!(path = %request.uri().path(), "cross-site write refused");
        let locale = app::cookies::locale(request.headers());
        return (StatusCode::FORBIDDEN, locale.say(&Say::CrossSiteRefused)).into_response();
    }
    let signed_in = match app::cookies::from_headers(request.headers(), SESSION_COOKIE) {
        Some(token) => {
            match sessions::session_user(&context.db, &token, now(), context.session_idle_seconds)
                .await
            {
                Ok(signed_in) => signed_in,
                Err(e) => {
                    tracing::error!(error = %e, "cannot read the session");
                    let locale = app::cookies::locale(request.headers());
                    return (
                        StatusCode::SERVICE_UNAVAILABLE,
                        locale.error(&AppError::Database),
                    )
                        .into_response();
                }
            }
        }
        None => None,
    };
    let path = request.uri().path().to_string();
    // A password an admin set, or one too old, is changed before anything else is done.
    let change_due = signed_in.as_ref().and_then(|s| s.password_change);
    if let Some(due) = change_due {
        if !allowed_before_password_change(&path) {
            if writes || path.starts_with("/api/") {
                let locale = app::cookies::locale(request.headers());
                let message = locale.problem(&Problem::PasswordChangeRequired);
                return (StatusCode::FORBIDDEN, message).into_response();
            }
            return Redirect::to(&format!("/account?change={}", due.code())).into_response();
        }
    }
    let actor = signed_in
        .as_ref()
        .map(|s| crate::audit::Actor(s.user.username.clone()));
    let reads_only = !writes || app::is_read_only_call(&path);
    // A signed-in person's write: their next dashboard must include it (see `app::cache`).
    let marks_seen = !reads_only && signed_in.is_some();
    let secure = over_https(request.headers());
    // The data version the request's pages and server functions read at, shared by all of them.
    // A read takes the one that came with the session; a write reads it when first asked, after
    // its change, so that whatever it reads back includes the change.
    let version = match &signed_in {
        Some(signed_in) if reads_only => RequestVersion::known(signed_in.data_version),
        _ => RequestVersion::default(),
    };
    request.extensions_mut().insert(version.clone());
    match signed_in {
        Some(signed_in) => {
            if reads_only {
                request
                    .extensions_mut()
                    .insert(UnreadNotifications(signed_in.unread_notifications));
            }
            request.extensions_mut().insert(signed_in.user);
        }
        None if !is_public(&path) => {
            let anonymous_read = context
                .cache
                .anonymous_read(&context.db, &version)
                .await
                .unwrap_or(false);
            if !anonymous_read {
                if writes || path.starts_with("/api/") {
                    let locale = app::cookies::locale(request.headers());
                    return (StatusCode::FORBIDDEN, locale.say(&Say::SignInFirst)).into_response();
                }
                let back = request
                    .uri()
                    .path_and_query()
                    .map(|pq| pq.as_str().to_string())
                    .unwrap_or_else(|| "/".into());
                return Redirect::to(&format!("/login?next={}", urlencode(&back))).into_response();
            }
        }
        None => {}
    }
    let mut response = next.run(request).await;
    if let Some(actor) = actor {
        response.extensions_mut().insert(actor);
    }
    let status = response.status();
    if marks_seen && (status.is_success() || status.is_redirection()) {
        match app::db::queries::data_version(&context.db).await {
            Ok(version) => {
                let mut cookie = format!(
                    "{}={version}; Path=/; HttpOnly; SameSite=Lax",
                    app::cache::SEEN_VERSION_COOKIE
                );
                if secure {
                    cookie.push_str("; Secure");
                }
                if let Ok(value) = HeaderValue::from_str(&cookie) {
                    response.headers_mut().append(header::SET_COOKIE, value);
                }
            }
            // The write is done; the next dashboard may only be a moment behind it.
            Err(e) => tracing::warn!(error = %e, "cannot read the data version after a write"),
        }
    }
    response
}

/// What someone who must change their password may still reach: the account page and the
/// change itself, signing out, and what every page needs (the session, the site's files).
fn allowed_before_password_change(path: &str) -> bool {
    matches!(path, "/account" | "/api/change_password" | "/api/session") || is_public(path)
}

/// Missing fields count as empty, so a malformed post gets the usual message, not a raw 422.
#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// Only a local path: a sign-in link must never send people to another site.
fn local_path(next: &str) -> String {
    if next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\") {
        next.to_string()
    } else {
        "/".to_string()
    }
}

fn session_cookie(value: &str, max_age: Option<i64>, secure: bool) -> Option<HeaderValue> {
    let mut cookie = format!("{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(max_age) = max_age {
        cookie.push_str(&format!("; Max-Age={max_age}"));
    }
    if secure {
        cookie.push_str("; Secure");
    }
    HeaderValue::from_str(&cookie).ok()
}

/// Behind a TLS-terminating proxy the cookie is marked Secure.
pub fn over_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// `POST /login`: a plain form post (works before the wasm loads, and from scripts).
/// Answers with a redirect: to `next` with a session cookie, or back to the form with the reason.
pub async fn sign_in(
    State(context): State<ServerContext>,
    address: Option<Extension<SourceAddress>>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    let address = address.map(|Extension(a)| a.0).unwrap_or_default();
    let (mut response, signed_in) = sign_in_response(&context, &address, &headers, &form).await;
    let (action, outcome) = match signed_in {
        true => (audit::action::SIGN_IN, audit::OK),
        false => (audit::action::SIGN_IN_FAILED, audit::DENIED),
    };
    response.extensions_mut().insert(HandlerEvent(AuditEvent {
        username: form.username.trim().to_string(),
        action,
        target: "/login".to_string(),
        outcome,
        address,
        detail: String::new(),
    }));
    response
}

/// The answer to a sign-in, and whether it signed the person in.
async fn sign_in_response(
    context: &ServerContext,
    address: &str,
    headers: &HeaderMap,
    form: &SignInForm,
) -> (Response, bool) {
    let next = local_path(&form.next);
    let back_to_form = |error: &str| format!("/login?error={error}&next={}", urlencode(&next));
    match sessions::sign_in_from(&context.db, &form.username, &form.password, address, now()).await
    {
        Ok(SignIn::Accepted { token, user_id }) => {
            tracing::info!(user_id, "signed in");
            // A unit liaison's home is 我的填报, unless they were on their way somewhere.
            let reports = next == "/"
                && app::db::users::units_of(&context.db, user_id)
                    .await
                    .is_ok_and(|units| !units.is_empty());
            let next = if reports {
                "/my-reporting".to_string()
            } else {
                next
            };
            let mut response = Redirect::to(&next).into_response();
            if let Some(cookie) = session_cookie(&token, None, over_https(headers)) {
                response.headers_mut().insert(header::SET_COOKIE, cookie);
            }
            (response, true)
        }
        Ok(SignIn::Refused) => {
            tracing::warn!(username = %form.username, "sign-in refused");
            (
                Redirect::to(&back_to_form("invalid")).into_response(),
                false,
            )
        }
        Ok(SignIn::SlowedDown { wait_seconds }) => {
            tracing::warn!(username = %form.username, wait_seconds, "sign-in slowed down after repeated failures");
            let to = format!("{}&wait={wait_seconds}", back_to_form("locked"));
            (Redirect::to(&to).into_response(), false)
        }
        Err(e) => {
            tracing::error!(error = %e, "sign-in failed");
            (
                Redirect::to(&back_to_form("unavailable")).into_response(),
                false,
            )
        }
    }
}

/// `POST /logout`: ends this browser's session.
pub async fn sign_out(
    State(context): State<ServerContext>,
    user: Option<Extension<app::model::CurrentUser>>,
    headers: HeaderMap,
) -> Response {
    if let Some(token) = app::cookies::from_headers(&headers, SESSION_COOKIE) {
        if let Err(e) = sessions::delete_session(&context.db, &token).await {
            tracing::error!(error = %e, "sign-out could not delete the session");
        }
    }
    let mut response = Redirect::to("/login?error=signed_out").into_response();
    if let Some(cookie) = session_cookie("", Some(0), over_https(&headers)) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    if let Some(Extension(user)) = user {
        response.extensions_mut().insert(HandlerEvent(AuditEvent {
            username: user.username,
            action: audit::action::SIGN_OUT,
            target: String::new(),
            outcome: audit::OK,
            address: String::new(),
            detail: String::new(),
        }));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn same_origin_posts_and_scripts_pass() {
        assert!(!is_cross_site(&headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3000")
        ])));
        assert!(!is_cross_site(&headers(&[("host", "127.0.0.1:3000")])));
        assert!(!is_cross_site(&headers(&[
            ("host", "127.0.0.1:3000"),
            ("x-forwarded-host", "roadmap.county.gov.cn"),
            ("origin", "https://roadmap.county.gov.cn")
        ])));
    }

    #[test]
    fn other_sites_are_refused() {
        assert!(is_cross_site(&headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://evil.example")
        ])));
        assert!(is_cross_site(&headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "null")
        ])));
        assert!(is_cross_site(&headers(&[
            ("host", "127.0.0.1:3000"),
            ("referer", "http://evil.example/x")
        ])));
        assert!(is_cross_site(&headers(&[
            ("host", "127.0.0.1:3000"),
            ("sec-fetch-site", "cross-site")
        ])));
    }

    #[test]
    fn a_due_password_change_leaves_only_the_account_page_open() {
        for open in [
            "/account",
            "/api/change_password",
            "/logout",
            "/pkg/roadmap.js",
            "/login",
        ] {
            assert!(allowed_before_password_change(open), "{open}");
        }
        for closed in [
            "/",
            "/milestones",
            "/api/update_milestone",
            "/admin/security/export",
        ] {
            assert!(!allowed_before_password_change(closed), "{closed}");
        }
    }

    #[test]
    fn sign_in_only_redirects_to_local_paths() {
        assert_eq!(local_path("/milestones?phase=1"), "/milestones?phase=1");
        assert_eq!(local_path("//evil.example"), "/");
        assert_eq!(local_path("https://evil.example"), "/");
        assert_eq!(local_path("/\\evil.example"), "/");
    }

    #[test]
    fn cookies_are_found_by_name() {
        let h = headers(&[("cookie", "roadmap_lang=en; roadmap_session=abc")]);
        let cookie = app::cookies::from_headers;
        assert_eq!(cookie(&h, "roadmap_session").as_deref(), Some("abc"));
        assert_eq!(cookie(&h, "other"), None);
    }
}
