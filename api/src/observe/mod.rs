//! Every request seen: an id on its answer (`x-request-id`: the proxy's when it sent a
//! sane one, else a new one) and on every log line it causes, one access-log line when it
//! is answered, and its figures in [`Metrics`]. Prometheus reads them from a listener of
//! their own (`--metrics-listen`, [`metrics_app`]) that the proxy never forwards to.

pub mod metrics;

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use tracing::Instrument;

pub use self::metrics::{Metrics, SignInMethod, SyncOutcome};
use yinong_store::Store;

use crate::client::ClientAddr;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The route template an API request matched (`/api/jobs/{id}`), handed out of routing
/// with the answer so the figures are by route, not by every id asked for.
#[derive(Clone)]
struct Route(String);

/// Hands the matched route out with the answer (a route layer on the API).
pub async fn route(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| Route(path.as_str().to_owned()));
    let mut response = next.run(request).await;
    if let Some(route) = route {
        response.extensions_mut().insert(route);
    }
    response
}

/// A request id from the proxy is kept when it is short and plain; anything else is
/// replaced so it cannot forge log lines.
fn sane_id(value: &HeaderValue) -> Option<&str> {
    let id = value.to_str().ok()?;
    (1..=64).contains(&id.len()).then_some(id).filter(|id| {
        id.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
    })
}

/// Ids, the access log and the figures, around everything the server answers.
pub async fn requests(
    State(metrics): State<Arc<Metrics>>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let id = request
        .headers()
        .get(&REQUEST_ID)
        .and_then(sane_id)
        .map_or_else(|| uuid::Uuid::new_v4().simple().to_string(), str::to_owned);
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let client = request
        .extensions()
        .get::<ClientAddr>()
        .map_or_else(|| "unknown".to_owned(), ClientAddr::to_string);
    let span = tracing::info_span!("request", id = %id);
    let mut response = next.run(request).instrument(span.clone()).await;
    let status = response.status().as_u16();
    let route = match response.extensions().get::<Route>() {
        Some(Route(route)) => route.as_str(),
        None if path.starts_with("/api/") => "unmatched",
        None => "app",
    };
    let seconds = started.elapsed().as_secs_f64();
    metrics.answered(method.as_str(), route, status, seconds);
    span.in_scope(|| {
        tracing::info!(
            target: "yinong_api::access",
            %method,
            %path,
            status,
            ms = (seconds * 1e4).round() / 10.0,
            %client,
            "answered"
        );
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}

/// What Prometheus scrapes: `GET /metrics`, the server's figures and its store's pool.
pub fn metrics_app(metrics: Arc<Metrics>, store: Arc<dyn Store>) -> Router {
    Router::new().route(
        "/metrics",
        axum::routing::get(move || {
            let text = metrics.render(store.pool_usage());
            std::future::ready(
                (
                    [(
                        header::CONTENT_TYPE,
                        "application/openmetrics-text; version=1.0.0; charset=utf-8",
                    )],
                    text,
                )
                    .into_response(),
            )
        }),
    )
}
