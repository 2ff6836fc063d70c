//! The farmer portal's endpoints.

pub mod catalogue;
mod villages;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use yinong_model::service::ServiceType;

use crate::error::ApiError;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/services", get(services))
        .route("/villages/search", get(villages::search))
        .route("/villages/{code}/home", get(villages::home))
}

async fn services(State(state): State<AppState>) -> Result<Json<Vec<ServiceType>>, ApiError> {
    Ok(Json(state.store.service_types().await?))
}
