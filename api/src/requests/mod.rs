//! 代办 and 代购: farmers ask their station, follow each step and may withdraw a request
//! not yet accepted; the station's informant accepts, finishes or cancels with a reason.
//! Which steps are allowed is `yinong_model::request::step_problem`; who may act on a
//! station's requests is `access::authorize`. The informant also logs what was done for
//! farmers who came in (`log.rs`).

use aide::axum::routing::{get, post, put};
use aide::axum::ApiRouter;
use axum::extract::State;
use axum::Json;
use chrono::Utc;
use serde::Deserialize;
use yinong_model::paging::PageNumber;
use yinong_model::request::NewServiceLog;
use yinong_model::request::{
    details_problem, step_problem, NewRequest, RequestChange, RequestPage, RequestParty,
    RequestStatus, ServiceRequest, OPEN_REQUESTS_PER_FARMER, REQUESTS_PER_PAGE,
};
use yinong_model::station::StationStatus;

use crate::access::{acts_as_farmer, authorize, is_owner, list_scope, Action};
use crate::answer::Kept;
use crate::auth::SignedIn;
use crate::capture::{once, receive, IdempotencyKey, Sent};
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery};
use crate::state::AppState;
use yinong_store::requests::{NewRequestRecord, RequestFilter, RequestTransition, StoredRequest};
use yinong_store::StoreError;

mod log;

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route("/requests", post(submit))
        .api_route("/requests/mine", get(mine))
        .api_route("/requests/queue", get(queue))
        .api_route("/requests/{id}", get(read))
        .api_route("/requests/{id}/status", post(change_status))
        .api_route("/service-log/{client_id}", put(receive::<NewServiceLog>))
        .api_route("/service-log/mine", get(log::mine))
}

/// `POST /api/requests`: a farmer's 代办 or 代购 request (once per [`IdempotencyKey`]).
async fn submit(
    State(state): State<AppState>,
    signed_in: SignedIn,
    key: IdempotencyKey,
    sent: Sent<NewRequest>,
) -> Result<Kept<Json<ServiceRequest>>, ApiError> {
    let farmer_id = signed_in.user.id;
    let new = &sent.content;
    let arriving = key.arriving(&sent, "request", farmer_id);
    let kept = once(&state, arriving.as_ref(), farmer_id, async |receipt| {
        if !acts_as_farmer(&signed_in.actor()) {
            return Err(ApiError::BadRequest(
                "代办和代购请用农民账号（手机验证码登录）提交".into(),
            ));
        }
        if let Some(problem) = details_problem(&new.details) {
            return Err(ApiError::BadRequest(problem));
        }
        let station = state.store.station(&new.station_code).await?;
        if station.is_none_or(|station| station.status != StationStatus::Operating) {
            return Err(ApiError::BadRequest(format!(
                "编号 {} 的站点不在运营，无法接收请求",
                new.station_code
            )));
        }
        let record = NewRequestRecord {
            farmer_id,
            station_code: &new.station_code,
            item: new.item,
            details: new.details.trim(),
            at: Utc::now(),
        };
        match state
            .store
            .create_request(&record, OPEN_REQUESTS_PER_FARMER, receipt)
            .await
        {
            Err(StoreError::Conflict(_)) => Err(ApiError::Conflict(format!(
                "你已有 {OPEN_REQUESTS_PER_FARMER} 件请求尚未办结，请等站点办理后再提交"
            ))),
            other => Ok(other?),
        }
    })
    .await?;
    kept.answer(async |id| {
        let stored = state
            .store
            .request(id)
            .await?
            .ok_or_else(|| ApiError::Internal(format!("request {id} was not kept")))?;
        Ok(Json(stored.request))
    })
    .await
}

#[derive(Deserialize, schemars::JsonSchema)]
struct PageQuery {
    #[serde(default)]
    page: PageNumber,
    status: Option<String>,
}

async fn page_of(
    state: &AppState,
    filter: RequestFilter,
    page: PageNumber,
) -> Result<Json<RequestPage>, ApiError> {
    let (requests, total) = state
        .store
        .requests(&filter, page.offset(REQUESTS_PER_PAGE), REQUESTS_PER_PAGE)
        .await?;
    Ok(Json(RequestPage {
        requests,
        total,
        page: page.get(),
        per_page: REQUESTS_PER_PAGE,
    }))
}

/// `GET /api/requests/mine`: the signed-in farmer's requests, newest first.
async fn mine(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<RequestPage>, ApiError> {
    page_of(
        &state,
        RequestFilter::OfFarmer(signed_in.user.id),
        query.page,
    )
    .await
}

/// `GET /api/requests/queue?status=`: the requests to the stations in the informant's
/// village, waiting ones by default.
async fn queue(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<RequestPage>, ApiError> {
    let actor = signed_in.actor();
    let within = list_scope(&actor, Action::ServeRequests)?.ok_or(ApiError::Forbidden)?;
    let status = match query.status.as_deref() {
        None => RequestStatus::Submitted,
        Some(code) => RequestStatus::from_code(code)
            .ok_or_else(|| ApiError::BadRequest(format!("没有“{code}”这种请求状态")))?,
    };
    page_of(
        &state,
        RequestFilter::AtStations { within, status },
        query.page,
    )
    .await
}

/// The request, and who the signed-in account is to it: the farmer who asked, or the
/// station's informant. Anyone else is refused.
async fn request_for(
    state: &AppState,
    signed_in: &SignedIn,
    id: i64,
) -> Result<(StoredRequest, RequestParty), ApiError> {
    let stored = state
        .store
        .request(id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("没有编号为 {id} 的请求")))?;
    if is_owner(&signed_in.actor(), stored.farmer_id) {
        return Ok((stored, RequestParty::Farmer));
    }
    authorize(
        &signed_in.actor(),
        Action::ServeRequests,
        Some(&stored.region),
    )?;
    Ok((stored, RequestParty::Station))
}

async fn read(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ServiceRequest>, ApiError> {
    let (stored, _) = request_for(&state, &signed_in, id).await?;
    Ok(Json(stored.request))
}

async fn change_status(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<RequestChange>,
) -> Result<Json<ServiceRequest>, ApiError> {
    let (stored, party) = request_for(&state, &signed_in, id).await?;
    let from = stored.request.status;
    if let Some(problem) = step_problem(party, from, change.to, change.reason.as_deref()) {
        return Err(ApiError::BadRequest(problem));
    }
    let transition = RequestTransition {
        from,
        to: change.to,
        reason: change
            .reason
            .as_deref()
            .map(str::trim)
            .filter(|reason| !reason.is_empty()),
        actor_id: signed_in.user.id,
        at: Utc::now(),
    };
    match state.store.change_request_status(id, &transition).await {
        Ok(stored) => Ok(Json(stored.request)),
        Err(StoreError::Conflict(_)) => {
            Err(ApiError::Conflict("该请求刚被更改，请刷新后再操作".into()))
        }
        Err(other) => Err(other.into()),
    }
}
