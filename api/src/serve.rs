//! Serving connections with deadlines an outsider cannot stretch: a client has
//! [`HEADER_READ`] to send a request's headers (a connection that trickles them is closed),
//! each API request [`REQUEST`] to be answered (photo uploads, sent over weak networks,
//! [`UPLOAD`]), and on shutdown open connections get [`SHUTDOWN`] to finish before the
//! server exits anyway.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::Service;

use crate::error::ApiError;

pub const HEADER_READ: Duration = Duration::from_secs(10);
pub const REQUEST: Duration = Duration::from_secs(30);
pub const UPLOAD: Duration = Duration::from_secs(300);
pub const SHUTDOWN: Duration = Duration::from_secs(20);

/// Serves `app` on `listener` until `shutdown` resolves, then waits at most [`SHUTDOWN`]
/// for open connections.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ);
    let mut make_service = app.into_make_service_with_connect_info::<SocketAddr>();
    let graceful = GracefulShutdown::new();
    // Connections still open at the deadline are cut when this set is dropped.
    let mut connections = tokio::task::JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        while connections.try_join_next().is_some() {}
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    tracing::warn!("accepting a connection: {error}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = make_service
            .call(remote)
            .await
            .unwrap_or_else(|never| match never {});
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), TowerToHyperService::new(service))
            .into_owned();
        let connection = graceful.watch(connection);
        connections.spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!("connection from {remote}: {error}");
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN) => {
            tracing::warn!(
                "{} connections still open after {SHUTDOWN:?}; closing them",
                connections.len()
            );
        }
    }
    connections.shutdown().await;
    Ok(())
}

/// Answers a request that takes longer than `limit` with the API's error.
pub async fn within(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::TimedOut.into_response(),
    }
}
