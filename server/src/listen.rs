//! Accepting connections, with limits so that a slow or oversized request cannot tie the server
//! up: the request head must arrive within [`HEADER_READ_TIMEOUT`] and fit in [`MAX_HEAD_BYTES`],
//! a body may not stall for longer than [`BODY_IDLE_TIMEOUT`] between pieces, and no request is
//! handled for longer than [`REQUEST_TIMEOUT`] (bodies are capped per route in `http`).
//! `axum::serve` sets none of these (hyper's header time-out needs a timer it does not give).
//! With a TLS acceptor (`--tls-cert`) every connection is HTTPS: the handshake must also finish
//! within [`HEADER_READ_TIMEOUT`], and requests are marked `X-Forwarded-Proto: https` as a
//! reverse proxy would mark them, so cookies are `Secure` and HSTS is sent.

use std::future::Future;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request};
use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt;

/// From the connection's start (or the previous request's end) to the request head's last byte.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// The request line and headers together.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;
/// The longest pause while a request body arrives.
pub const BODY_IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// The longest a request is handled: a report's PDF from LibreOffice takes up to three minutes.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(300);
/// How long requests in flight may finish after a shutdown signal.
const DRAIN: Duration = Duration::from_secs(20);

/// Serves `router` on `listener` (over TLS with `tls`) until `shutdown` resolves, then lets
/// requests in flight finish.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    tls: Option<TlsAcceptor>,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT)
        .max_buf_size(MAX_HEAD_BYTES);
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_header_list_size(MAX_HEAD_BYTES as u32);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors, most likely: wait a moment rather than spin.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let connection = Connection {
            builder: builder.clone(),
            router: router.clone(),
            peer,
            watcher: graceful.watcher(),
        };
        match tls.clone() {
            None => {
                tokio::spawn(connection.serve(TokioIo::new(stream), false));
            }
            Some(acceptor) => {
                // The handshake runs in the connection's own task, so a slow one holds up nobody.
                tokio::spawn(async move {
                    match tokio::time::timeout(HEADER_READ_TIMEOUT, acceptor.accept(stream)).await {
                        Ok(Ok(stream)) => connection.serve(TokioIo::new(stream), true).await,
                        Ok(Err(e)) => tracing::debug!(error = %e, %peer, "TLS handshake failed"),
                        Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
                    }
                });
            }
        }
    }
    drop(listener);
    if tokio::time::timeout(DRAIN, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            "requests still running after {} s were cut off",
            DRAIN.as_secs()
        );
    }
    Ok(())
}

/// One accepted connection, before its first request.
struct Connection {
    builder: Builder<TokioExecutor>,
    router: Router,
    peer: std::net::SocketAddr,
    watcher: Watcher,
}

impl Connection {
    /// Answers the connection's requests until it closes (or the server drains it).
    async fn serve<I>(self, io: I, https: bool)
    where
        I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
    {
        let Connection {
            builder,
            router,
            peer,
            watcher,
        } = self;
        let service =
            hyper::service::service_fn(move |mut request: Request<hyper::body::Incoming>| {
                // Where the request came from, as `ConnectInfo` (the audit log's source address).
                request.extensions_mut().insert(ConnectInfo(peer));
                if https {
                    request.headers_mut().insert(
                        "x-forwarded-proto",
                        axum::http::HeaderValue::from_static("https"),
                    );
                }
                router.clone().oneshot(request.map(axum::body::Body::new))
            });
        let connection = builder.serve_connection_with_upgrades(io, service);
        if let Err(e) = watcher.watch(connection.into_owned()).await {
            tracing::debug!(error = %e, %peer, "connection closed with an error");
        }
    }
}
