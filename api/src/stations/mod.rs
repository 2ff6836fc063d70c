//! The station registry: list and read within one's scope; townships and counties declare;
//! the county approves or rejects and records each later step (building, opening,
//! suspension, closing; acceptance only by an inspection, `acceptance`), each with its
//! history entry. A station belongs to one village; its 六有 evidence is kept with it and
//! its 六有 flag derived on every write.

use aide::axum::routing::{get, post};
use aide::axum::ApiRouter;
use axum::extract::State;
use axum::Json;
use chrono::Utc;
use serde::Deserialize;
use yinong_model::paging::PageNumber;
use yinong_model::region::RegionCode;
use yinong_model::station::{
    NewStation, Station, StationDetail, StationDetails, StationPage, StationStatus, StatusChange,
};

use crate::access::{authorize, Action};
use crate::answer::Created;
use crate::auth::SignedIn;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery};
use crate::regions::path;
use crate::state::AppState;
use yinong_store::{StationFilter, StoreError, Transition};

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route("/stations", get(list).post(declare))
        .api_route("/stations/{code}", get(read).put(update))
        .api_route("/stations/{code}/status", post(change_status))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct ListQuery {
    region: Option<String>,
    status: Option<String>,
    #[serde(default)]
    page: PageNumber,
}

const PER_PAGE: i64 = 50;

async fn list(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<StationPage>, ApiError> {
    let actor = signed_in.actor();
    let within = match query.region.as_deref() {
        Some(code) => {
            Some(RegionCode::parse(code).map_err(|e| ApiError::BadRequest(e.to_string()))?)
        }
        None => actor.region.clone(),
    };
    authorize(&actor, Action::ViewCoverage, within.as_ref())?;
    let status = query
        .status
        .as_deref()
        .map(|code| {
            StationStatus::from_code(code)
                .ok_or_else(|| ApiError::BadRequest(format!("没有“{code}”这种站点状态")))
        })
        .transpose()?;
    let page = query.page;
    let filter = StationFilter {
        within,
        status,
        offset: page.offset(PER_PAGE),
        limit: PER_PAGE,
    };
    let (stations, total) = state.store.stations(&filter).await?;
    Ok(Json(StationPage {
        stations,
        total,
        page: page.get(),
        per_page: PER_PAGE,
    }))
}

/// The station, if it exists and `action` on it is allowed to the signed-in account.
pub(crate) async fn station_for(
    state: &AppState,
    signed_in: &SignedIn,
    code: &str,
    action: Action,
) -> Result<Station, ApiError> {
    let station = state.store.station(code).await?;
    let station = station.ok_or_else(|| ApiError::NotFound(format!("没有编号为 {code} 的站点")))?;
    authorize(&signed_in.actor(), action, Some(&station.region_code))?;
    Ok(station)
}

async fn read(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<StationDetail>, ApiError> {
    let station = station_for(&state, &signed_in, &code, Action::ViewCoverage).await?;
    Ok(Json(StationDetail {
        region_path: path(&state, &station.region_code).await?,
        history: state.store.station_history(&code).await?,
        station,
    }))
}

fn check_details(details: &StationDetails) -> Result<(), ApiError> {
    details
        .problem()
        .map_or(Ok(()), |problem| Err(ApiError::BadRequest(problem)))
}

async fn declare(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(new): ApiJson<NewStation>,
) -> Result<Created<Json<Station>>, ApiError> {
    authorize(
        &signed_in.actor(),
        Action::DeclareStation,
        Some(&new.region_code),
    )?;
    check_details(&new.details)?;
    let level = new.details.station_type.level();
    if new.region_code.level() != level || state.store.region(&new.region_code).await?.is_none() {
        return Err(ApiError::BadRequest(format!(
            "{}应设在{}一级，请选择一个{}",
            new.details.station_type.name_zh(),
            level.name_zh(),
            level.name_zh()
        )));
    }
    let station = state
        .store
        .declare_station(
            &new.region_code,
            &new.details,
            Some(signed_in.user.id),
            Utc::now(),
        )
        .await?;
    Ok(Created(Json(station)))
}

async fn update(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(code): ApiPath<String>,
    ApiJson(details): ApiJson<StationDetails>,
) -> Result<Json<Station>, ApiError> {
    let station = station_for(&state, &signed_in, &code, Action::ManageStation).await?;
    check_details(&details)?;
    if details.station_type.level() != station.details.station_type.level() {
        return Err(ApiError::BadRequest(
            "站点类型不能改到另一级（村级站点与中心站之间）".into(),
        ));
    }
    Ok(Json(state.store.update_station(&code, &details).await?))
}

async fn change_status(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(code): ApiPath<String>,
    ApiJson(change): ApiJson<StatusChange>,
) -> Result<Json<Station>, ApiError> {
    let action = if change.to == StationStatus::Declared {
        Action::DeclareStation
    } else {
        Action::ManageStation
    };
    let station = station_for(&state, &signed_in, &code, action).await?;
    if change.to.needs_inspection() {
        return Err(ApiError::BadRequest(
            "验收须填写验收记录：逐项检查六有，合格后站点即为已验收".into(),
        ));
    }
    if !station.status.can_become(change.to) {
        return Err(ApiError::BadRequest(format!(
            "站点当前为“{}”，不能改为“{}”",
            station.status.name_zh(),
            change.to.name_zh()
        )));
    }
    let reason = change
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    if change.to.needs_reason() && reason.is_none() {
        return Err(ApiError::BadRequest(format!(
            "{}需要填写原因",
            change.to.name_zh()
        )));
    }
    let transition = Transition {
        from: station.status,
        to: change.to,
        reason,
        actor_id: Some(signed_in.user.id),
        at: Utc::now(),
    };
    match state.store.change_station_status(&code, &transition).await {
        Ok(station) => Ok(Json(station)),
        Err(StoreError::Conflict(_)) => Err(ApiError::Conflict(
            "站点状态刚被他人更改，请刷新后再操作".into(),
        )),
        Err(other) => Err(other.into()),
    }
}
