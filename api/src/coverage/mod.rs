//! `GET /api/coverage[/{code}]`: coverage of a region for a period, with its children for
//! drill-down and its history, for those whose dashboard scope holds the region.

mod report;

use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use yinong_model::coverage::Coverage;
use yinong_model::region::RegionCode;

use crate::access::{authorize, Action};
use crate::auth::SignedIn;
use crate::error::ApiError;
use crate::AppState;

pub use report::report;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/coverage", get(national))
        .route("/coverage/{code}", get(regional))
}

#[derive(Deserialize)]
struct PeriodQuery {
    period: Option<String>,
}

async fn national(
    state: State<AppState>,
    signed_in: SignedIn,
    query: Query<PeriodQuery>,
) -> Result<Json<Coverage>, ApiError> {
    answer(state, signed_in, None, query).await
}

async fn regional(
    state: State<AppState>,
    signed_in: SignedIn,
    Path(code): Path<String>,
    query: Query<PeriodQuery>,
) -> Result<Json<Coverage>, ApiError> {
    let code = RegionCode::parse(&code).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    answer(state, signed_in, Some(code), query).await
}

async fn answer(
    State(state): State<AppState>,
    signed_in: SignedIn,
    region: Option<RegionCode>,
    Query(query): Query<PeriodQuery>,
) -> Result<Json<Coverage>, ApiError> {
    authorize(&signed_in.actor(), Action::ViewCoverage, region.as_ref())?;
    if let Some(period) = &query.period {
        if yinong_model::target::period_end_month(period).is_none() {
            return Err(ApiError::BadRequest(format!(
                "“{period}”不是有效的期间（应为 2020、2020H1 或 2020H2 这样的形式）"
            )));
        }
    }
    Ok(Json(report(&state, region.as_ref(), query.period).await?))
}
