//! 代办台账: the informant logs the 代办 and 代购 done at the station for farmers who came
//! in rather than asking through the app, from the phone's outbox (`crate::capture`). Each
//! entry's services count as the station's service records, as requests done do, so the
//! dashboard's services are the station's whole work.

use axum::extract::State;
use axum::Json;
use chrono::Utc;
use yinong_model::request::{
    logged_times, NewServiceLog, ServiceLogEntry, ServiceLogPage, LOG_ENTRIES_PER_PAGE,
    LOG_MAX_AGE_DAYS,
};

use super::PageQuery;
use crate::access::Action;
use crate::auth::SignedIn;
use crate::capture::{recent_day, Captured, Sender};
use crate::error::{ApiError, ApiQuery};
use crate::state::AppState;
use yinong_store::requests::NewServiceLogRecord;
use yinong_store::sync::{Arrival, Receipt};
use yinong_store::{china_today, StoreError};

async fn stored(state: &AppState, id: i64) -> Result<ServiceLogEntry, ApiError> {
    state
        .store
        .service_log_entry(id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("没有编号为 {id} 的台账记录")))
}

/// Services an informant logs for their village's station, through `capture::receive`.
impl Captured for NewServiceLog {
    const ACTION: Action = Action::ServeRequests;
    type Stored = Json<ServiceLogEntry>;

    async fn store(
        &self,
        state: &AppState,
        sender: &Sender,
        receipt: &Receipt<'_>,
    ) -> Result<Arrival, ApiError> {
        let record = NewServiceLogRecord {
            village: &sender.village,
            informant_id: sender.user_id,
            item: self.item,
            // Checked by `problem`: a count from 1 to 50.
            times: logged_times(&self.times).unwrap_or(1),
            served_on: recent_day(&self.served_on, china_today(), LOG_MAX_AGE_DAYS, "服务")?,
            note: self.note.trim(),
            at: Utc::now(),
        };
        match state.store.log_services(&record, receipt).await {
            Err(StoreError::Conflict(_)) => Err(ApiError::Conflict(
                "本村还没有运营中的益农信息社，不能登记服务".into(),
            )),
            other => Ok(other?),
        }
    }

    async fn stored(
        state: &AppState,
        id: i64,
        _sender: &Sender,
    ) -> Result<Json<ServiceLogEntry>, ApiError> {
        Ok(Json(stored(state, id).await?))
    }
}

/// `GET /api/service-log/mine`: the informant's log, newest first.
pub(super) async fn mine(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<ServiceLogPage>, ApiError> {
    let page = query.page;
    let (entries, total) = state
        .store
        .service_log(
            signed_in.user.id,
            page.offset(LOG_ENTRIES_PER_PAGE),
            LOG_ENTRIES_PER_PAGE,
        )
        .await?;
    Ok(Json(ServiceLogPage {
        entries,
        total,
        page: page.get(),
        per_page: LOG_ENTRIES_PER_PAGE,
    }))
}
