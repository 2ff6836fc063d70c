//! The yinong server: a thin JSON API under `/api/` over one [`store::Store`], and the
//! built app for every other path.

pub mod acceptance;
pub mod access;
pub mod answer;
pub mod auth;
pub mod bulletins;
pub mod capture;
pub mod client;
pub mod coverage;
pub mod error;
pub mod experts;
pub mod group_training;
pub mod headers;
pub mod imports;
pub mod incidents;
pub mod jobs;
pub mod kept_answers;
pub mod listings;
pub mod news;
pub mod observe;
pub mod openapi;
pub mod operators;
pub mod photos;
pub mod portal;
pub mod prices;
pub mod progress;
pub mod qualification;
pub mod questions;
pub mod regions;
pub mod requests;
pub mod review;
pub mod seed;
pub mod serve;
pub mod state;
pub mod stations;
pub mod system;
pub mod table;
pub mod training;
pub mod users;
pub mod web;

use aide::axum::ApiRouter;
use axum::http::{header, HeaderValue};
use axum::middleware::from_fn_with_state;
use axum::Router;
use std::path::PathBuf;
use std::sync::Arc;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

pub use crate::state::AppState;

/// The whole HTTP surface: `/api/…` answered from the store, everything else from `dist`.
pub fn app(state: AppState, dist: PathBuf) -> Router {
    let security_headers = headers::layers(&dist, state.auth.secure_cookies);
    let (proxies, metrics) = (Arc::clone(&state.proxies), Arc::clone(&state.metrics));
    let (api, description) = openapi::describe(|| {
        ApiRouter::new()
            .merge(system::routes())
            .merge(portal::routes())
            .merge(regions::routes())
            .merge(auth::routes())
            .merge(users::routes())
            .merge(coverage::routes())
            .merge(stations::routes())
            .merge(acceptance::routes())
            .merge(requests::routes())
            .merge(bulletins::routes())
            .merge(training::routes())
            .merge(jobs::routes())
            .merge(listings::routes())
            .merge(questions::routes())
            .merge(experts::routes())
            .merge(group_training::routes())
            .merge(progress::routes())
            .merge(operators::routes())
            .merge(prices::routes())
            .merge(news::routes())
            .merge(qualification::routes())
            .merge(incidents::routes())
            .merge(capture::routes())
            .layer(from_fn_with_state(serve::REQUEST, serve::within))
            // Added after the layer above: uploads have their own, longer deadline.
            .merge(photos::routes().layer(from_fn_with_state(serve::UPLOAD, serve::within)))
            .merge(imports::routes().layer(from_fn_with_state(serve::UPLOAD, serve::within)))
    });
    let api = api
        .route(
            "/openapi.json",
            axum::routing::get(move || std::future::ready(openapi::document(description.clone()))),
        )
        .route_layer(axum::middleware::from_fn(observe::route))
        .fallback(error::unknown_endpoint)
        .method_not_allowed_fallback(error::method_not_allowed)
        .with_state(state)
        .layer(axum::extract::DefaultBodyLimit::max(
            error::JSON_BODY_MAX_BYTES,
        ))
        .layer(axum::middleware::from_fn(auth::refuse_cross_site))
        // Answers are live data: never let a cache serve yesterday's figures as today's,
        // nor a shared one anybody's. (`no-store` would also bar every page that asked
        // from the back/forward cache; the app keeps what it reads offline itself.)
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-cache"),
        ))
        .layer(CompressionLayer::new())
        .layer(CatchPanicLayer::custom(error::panic_response));
    Router::new()
        .nest("/api", api)
        .merge(web::app_files(dist))
        .layer(security_headers)
        .layer(from_fn_with_state(metrics, observe::requests))
        .layer(from_fn_with_state(proxies, client::resolve))
}
