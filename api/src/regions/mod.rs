//! Regions: browsing the five-level hierarchy, and loading it.

pub mod import;
pub mod lookup;
pub mod merges;
pub mod shapes;

pub use self::lookup::{parse_code, path};

use aide::axum::routing::{get, get_with, put};
use aide::axum::ApiRouter;
use axum::extract::State;
use axum::Json;
use chrono::Utc;
use yinong_model::region::{PovertyFlag, Region, RegionDetail, RegionLevel};
use yinong_model::target::{Target, TargetChange};

use crate::access::{authorize, Action};
use crate::auth::SignedIn;
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::openapi;
use crate::state::AppState;
use yinong_store::Change;

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route("/regions", get(provinces))
        .api_route("/regions/{code}", get(detail))
        .api_route("/regions/{code}/children", get(children))
        .api_route("/regions/{code}/targets", get(targets).put(set_target))
        .api_route("/regions/{code}/poverty", put(set_poverty))
        .api_route(
            "/shapes",
            get_with(shapes::national, |op| {
                openapi::file(op, "省界（GeoJSON）", &["application/geo+json"])
            }),
        )
        .api_route(
            "/shapes/{code}",
            get_with(shapes::regional, |op| {
                openapi::file(op, "下级地区的边界（GeoJSON）", &["application/geo+json"])
            }),
        )
}

async fn provinces(State(state): State<AppState>) -> Result<Json<Vec<Region>>, ApiError> {
    Ok(Json(state.store.child_regions(None).await?))
}

async fn detail(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<RegionDetail>, ApiError> {
    let region = existing_region(&state, &code).await?;
    let mut ancestors = path(&state, &region.code).await?;
    ancestors.pop();
    let child_count = state.store.count_child_regions(Some(&region.code)).await?;
    Ok(Json(RegionDetail {
        region,
        ancestors,
        child_count,
    }))
}

async fn children(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<Vec<Region>>, ApiError> {
    let region = existing_region(&state, &code).await?;
    Ok(Json(state.store.child_regions(Some(&region.code)).await?))
}

async fn targets(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<Vec<Target>>, ApiError> {
    let region = existing_region(&state, &code).await?;
    Ok(Json(state.store.targets_within(Some(&region.code)).await?))
}

/// Sets one of the region's targets, for those who may edit targets there.
async fn set_target(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(code): ApiPath<String>,
    ApiJson(change): ApiJson<TargetChange>,
) -> Result<Json<Target>, ApiError> {
    let region = existing_region(&state, &code).await?;
    let actor = signed_in.actor();
    authorize(&actor, Action::EditTarget, Some(&region.code))?;
    if let Some(problem) = change.problem() {
        return Err(ApiError::BadRequest(problem));
    }
    let target = change.for_region(region.code);
    let audit = Change {
        actor_id: Some(actor.user_id),
        action: "target_set",
        at: Utc::now(),
    };
    state.store.set_target(&target, audit).await?;
    Ok(Json(target))
}

/// Marks a village or county as a poverty one, or takes the mark away, for those who decide
/// on stations there; coverage and the gap planner follow at once.
async fn set_poverty(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(code): ApiPath<String>,
    ApiJson(flag): ApiJson<PovertyFlag>,
) -> Result<Json<PovertyFlag>, ApiError> {
    let region = existing_region(&state, &code).await?;
    authorize(
        &signed_in.actor(),
        Action::ManageStation,
        Some(&region.code),
    )?;
    if !matches!(region.level, RegionLevel::Village | RegionLevel::County) {
        return Err(ApiError::BadRequest(
            "只有村（脱贫村）和县（重点县）可以标记为贫困".into(),
        ));
    }
    let change = Change {
        actor_id: Some(signed_in.user.id),
        action: "poverty_set",
        at: Utc::now(),
    };
    state
        .store
        .set_poverty(&[(region.code, flag.poverty)], change)
        .await?;
    Ok(Json(flag))
}

async fn existing_region(state: &AppState, code: &str) -> Result<Region, ApiError> {
    let code = parse_code(code)?;
    state
        .store
        .region(&code)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("没有代码为 {code} 的行政区划")))
}
