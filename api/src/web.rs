//! Serving the built app: hashed assets (`name-<16 hex>.ext`) are cached for a year, HTML
//! is asked again on every visit; `.br` / `.gz` twins written at build time go to clients
//! that accept them; paths without an extension are client routes and get their entry
//! point's page (`yinong_model::entry`): `dist/index.html` for `/`,
//! `dist/staff/index.html` under `/staff`, `dist/portal/index.html` for every other path
//! (each app shows its own not-found page).

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::services::ServeDir;
use yinong_model::entry::EntryPoint;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

pub fn app_files(dist: PathBuf) -> Router {
    let root = dist.clone();
    let client_route = tower::service_fn(move |request: Request| {
        let index = entry_index(&root, request.uri().path());
        async move {
            Ok::<_, std::convert::Infallible>(client_route(&index, request.uri().path()).await)
        }
    });
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(client_route);
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_headers))
}

/// Each entry point's page lies in its folder of `dist` (`yinong_model::entry`): the home
/// page at the root, the other farmer pages in `portal/`, staff pages in `staff/`.
fn entry_index(dist: &Path, path: &str) -> PathBuf {
    dist.join(EntryPoint::of(path).dir()).join("index.html")
}

/// A path without a file extension is a client-side route: the app decides what it shows
/// (including its own not-found page). A missing file with an extension is a real 404.
async fn client_route(index: &Path, path: &str) -> Response {
    let last_segment = path.rsplit('/').next().unwrap_or_default();
    if last_segment.contains('.') {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    match tokio::fs::read(index).await {
        Ok(html) => (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            Body::from(html),
        )
            .into_response(),
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "the app is not built: run `cargo xtask build` (or start with `cargo xtask run`)",
        )
            .into_response(),
    }
}

async fn cache_headers(request: Request, next: Next) -> Response {
    let policy = cache_policy(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    // A page is asked again every time (a new build names new files), but may be kept:
    // `no-store` would bar it from the back/forward cache.
    let policy = if is_html { REVALIDATE } else { policy };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    // The same path is sent brotli, gzip or plain: shared caches must key on the encoding.
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

/// Built files named by their content are kept for a year; the rest are asked again.
fn cache_policy(path: &str) -> &'static str {
    let file = path.rsplit('/').next().unwrap_or_default();
    if yinong_model::entry::is_hashed_file(file) {
        IMMUTABLE
    } else {
        REVALIDATE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hashed_assets_are_immutable() {
        assert_eq!(cache_policy("/yinong-1a2b3c4d5e6f7a8b_bg.wasm"), IMMUTABLE);
        assert_eq!(cache_policy("/yinong-1a2b3c4d5e6f7a8b.js"), IMMUTABLE);
        assert_eq!(cache_policy("/style-0123456789abcdef.css"), IMMUTABLE);
        assert_eq!(cache_policy("/portal-45e1870ee7da12f.js"), IMMUTABLE);
        assert_eq!(cache_policy("/favicon.svg"), REVALIDATE);
        assert_eq!(cache_policy("/yinong-short.js"), REVALIDATE);
        assert_eq!(cache_policy("/"), REVALIDATE);
    }
}
