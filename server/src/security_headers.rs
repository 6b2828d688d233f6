//! Headers every response carries, whatever answered it (a page, a server function, a file, a
//! refusal): the browser must not guess content types, frame the pages into another site
//! (clickjacking), tell other sites which page a link came from, or give pages the camera,
//! microphone or location. Over HTTPS (as a reverse proxy reports it), browsers are told to keep
//! using HTTPS for a year.

use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000";

/// The headers, added to every response unless the handler set one of them itself.
pub async fn add(request: Request, next: Next) -> Response {
    let https = crate::auth::over_https(request.headers());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    // A page sets its own policy, naming its scripts' nonce (`app::shell`); anything else gets
    // the same policy without one.
    if let Ok(policy) = HeaderValue::from_str(&app::content_security_policy(None)) {
        headers
            .entry(header::CONTENT_SECURITY_POLICY)
            .or_insert(policy);
    }
    let fixed: [(HeaderName, &'static str); 4] = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
        (
            HeaderName::from_static("permissions-policy"),
            PERMISSIONS_POLICY,
        ),
    ];
    for (name, value) in fixed {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    if https {
        headers
            .entry(header::STRICT_TRANSPORT_SECURITY)
            .or_insert(HeaderValue::from_static(STRICT_TRANSPORT_SECURITY));
    }
    response
}
