//! 代办台账: the informant logs the 代办 and 代购 done at the station for farmers who came
//! in rather than asking through the app, from the phone's outbox (`crate::sync`). Each
//! entry's services count as the station's service records, as requests done do, so the
//! dashboard's services are the station's whole work.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::Utc;
use yinong_model::request::{
    logged_times, service_log_problem, NewServiceLog, ServiceLogEntry, ServiceLogPage,
    LOG_ENTRIES_PER_PAGE, LOG_MAX_AGE_DAYS,
};
use yinong_model::sync::Capture;

use super::PageQuery;
use crate::access::{authorize, Action};
use crate::auth::SignedIn;
use crate::error::{ApiError, ApiJson};
use crate::store::requests::NewServiceLogRecord;
use crate::store::{china_today, StoreError};
use crate::sync::{answer, recent_day, Arriving};
use crate::AppState;

async fn stored(state: &AppState, id: i64) -> Result<ServiceLogEntry, ApiError> {
    state
        .store
        .service_log_entry(id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("没有编号为 {id} 的台账记录")))
}

/// `PUT /api/service-log/{client id}`: by an informant, for their village's station.
pub(super) async fn log(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(client_id): Path<String>,
    ApiJson(new): ApiJson<NewServiceLog>,
) -> Result<(StatusCode, Json<ServiceLogEntry>), ApiError> {
    let actor = signed_in.actor();
    authorize(&actor, Action::ServeRequests, actor.region.as_ref())?;
    let village = actor.region.ok_or(ApiError::Forbidden)?;
    let arriving = Arriving::new(client_id, Capture::ServiceLog, &new)?;
    let receipt = arriving.receipt(actor.user_id);
    if let Some(earlier) = state.store.earlier_arrival(&receipt).await? {
        let (status, id) = answer(earlier)?;
        return Ok((status, Json(stored(&state, id).await?)));
    }
    if let Some(problem) = service_log_problem(&new) {
        return Err(ApiError::BadRequest(problem));
    }
    let record = NewServiceLogRecord {
        village: &village,
        informant_id: actor.user_id,
        item: new.item,
        // Checked just above: a count from 1 to 50.
        times: logged_times(&new.times).unwrap_or(1),
        served_on: recent_day(&new.served_on, china_today(), LOG_MAX_AGE_DAYS, "服务")?,
        note: new.note.trim(),
        at: Utc::now(),
    };
    let arrival = match state.store.log_services(&record, &receipt).await {
        Err(StoreError::Conflict(_)) => {
            return Err(ApiError::Conflict(
                "本村还没有运营中的益农信息社，不能登记服务".into(),
            ))
        }
        other => other?,
    };
    let (status, id) = answer(arrival)?;
    Ok((status, Json(stored(&state, id).await?)))
}

/// `GET /api/service-log/mine`: the informant's log, newest first.
pub(super) async fn mine(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<PageQuery>,
) -> Result<Json<ServiceLogPage>, ApiError> {
    let page = query.page.max(0);
    let (entries, total) = state
        .store
        .service_log(
            signed_in.user.id,
            page * LOG_ENTRIES_PER_PAGE,
            LOG_ENTRIES_PER_PAGE,
        )
        .await?;
    Ok(Json(ServiceLogPage {
        entries,
        total,
        page,
        per_page: LOG_ENTRIES_PER_PAGE,
    }))
}
