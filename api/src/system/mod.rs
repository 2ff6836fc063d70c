//! Health and national overview.

use aide::axum::routing::get;
use aide::axum::ApiRouter;
use axum::extract::State;
use axum::Json;
use yinong_model::system::{Health, Overview};

use crate::error::ApiError;
use crate::state::AppState;

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route("/health", get(health))
        .api_route("/overview", get(overview))
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
