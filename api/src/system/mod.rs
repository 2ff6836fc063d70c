//! Health and national overview.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use yinong_model::system::{Health, Overview};

use crate::error::ApiError;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/overview", get(overview))
}

async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    Ok(Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        backend: state.store.backend(),
        demo_data: state.store.has_demo_data().await?,
    }))
}

async fn overview(State(state): State<AppState>) -> Result<Json<Overview>, ApiError> {
    Ok(Json(state.store.overview().await?))
}
