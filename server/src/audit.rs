//! Records security events in the audit log (`app::audit`) as requests finish: refused
//! requests, exports, imports, reports, downloads and admin actions (judged from the request and
//! its answer), and whatever a handler put on its response (sign-in, sign-out), each with the
//! source address.

use std::net::SocketAddr;

use app::audit::{request_action, source_address, AuditEvent};
use app::state::ServerContext;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;

/// Who made a request, as the gate found them; put on the response for this layer.
#[derive(Clone, Debug)]
pub struct Actor(pub String);

/// Where a request came from (see [`source_address`]), put on the request for handlers.
#[derive(Clone, Debug)]
pub struct SourceAddress(pub String);

/// An event a handler knows better than the request shows (who tried to sign in, and whether
/// it worked); put on its response.
#[derive(Clone, Debug)]
pub struct HandlerEvent(pub AuditEvent);

pub async fn record(
    State(context): State<ServerContext>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    let forwarded = request
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok());
    let address = source_address(peer, forwarded);
    request
        .extensions_mut()
        .insert(SourceAddress(address.clone()));
    // Cheap copies (shared bytes): most requests record nothing, and pay no text for it.
    let method = request.method().clone();
    let uri = request.uri().clone();
    let response = next.run(request).await;
    let event = match response.extensions().get::<HandlerEvent>() {
        Some(HandlerEvent(event)) => Some(event.clone()),
        None => request_action(
            method.as_str(),
            uri.path(),
            response.status().as_u16(),
            app::is_admin_call,
        )
        .map(|(action, outcome)| AuditEvent {
            username: response
                .extensions()
                .get::<Actor>()
                .map(|a| a.0.clone())
                .unwrap_or_default(),
            action,
            target: String::new(),
            outcome,
            address: String::new(),
            detail: String::new(),
        }),
    };
    if let Some(mut event) = event {
        event.address = address;
        if event.target.is_empty() {
            event.target = uri
                .path_and_query()
                .map(|pq| pq.as_str().to_string())
                .unwrap_or_default();
        }
        let now = chrono::Utc::now().timestamp();
        // The request is done either way; a log that cannot be written is the operator's alarm.
        if let Err(e) = app::db::security_log::append(&context.db, &event, now).await {
            tracing::error!(error = %e, action = event.action, "cannot write the security audit log");
        }
    }
    response
}
