//! The farmer portal's endpoints.

pub mod catalogue;
mod villages;

use aide::axum::routing::get;
use aide::axum::ApiRouter;
use axum::extract::State;
use axum::Json;
use yinong_model::service::ServiceType;

use crate::error::ApiError;
use crate::state::AppState;

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route("/services", get(services))
        .api_route("/villages/search", get(villages::search))
        .api_route("/villages/{code}/home", get(villages::home))
}

async fn services(State(state): State<AppState>) -> Result<Json<Vec<ServiceType>>, ApiError> {
    Ok(Json(state.store.service_types().await?))
}
