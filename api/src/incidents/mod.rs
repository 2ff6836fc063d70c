//! 田间上报: a village informant reports from the field — how a crop stands and its work
//! goes (苗情和生产), or a pest, disease or disaster — with photos and where it was seen,
//! through the phone's outbox; the township (or an
//! administrator above) confirms it — only a qualified informant's — or sends it back.
//! Confirmed reports are the county's list to act on. Who may do what is
//! `access::authorize` (`ReportFromVillage`, `ReviewReports`).

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use chrono::Utc;
use yinong_model::incident::{
    area_in_tenths, incident_problem, Incident, IncidentPage, NewCropCondition, NewIncident,
    INCIDENTS_PER_PAGE,
};
use yinong_model::region::RegionCode;
use yinong_model::review::ReviewStatus;
use yinong_model::sync::Capture;

use crate::access::{authorize, Action};
use crate::auth::SignedIn;
use crate::error::{ApiError, ApiJson};
use crate::photos::missing_photo;
use crate::review::{approve_many, review, ReviewQueueQuery, Reviewed};
use crate::store::incidents::{IncidentFilter, NewIncidentRecord};
use crate::store::{Decision, StoreError};
use crate::sync::{answer, Arriving};
use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/incidents/{client_id}", put(report))
        .route("/incidents/mine", get(mine))
        .route("/incidents/review", get(review_queue))
        .route("/incidents/{id}/review", post(review::<FieldReports>))
        .route("/incidents/approve", post(approve_many::<FieldReports>))
}

async fn page_of(
    state: &AppState,
    filter: IncidentFilter,
    page: i64,
) -> Result<Json<IncidentPage>, ApiError> {
    let page = page.max(0);
    let (incidents, total) = state
        .store
        .incidents(&filter, page * INCIDENTS_PER_PAGE, INCIDENTS_PER_PAGE)
        .await?;
    Ok(Json(IncidentPage {
        incidents,
        total,
        page,
        per_page: INCIDENTS_PER_PAGE,
    }))
}

async fn stored(state: &AppState, id: i64) -> Result<(Incident, i64), ApiError> {
    state
        .store
        .incident(id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("没有编号为 {id} 的上报")))
}

/// `PUT /api/incidents/{client id}`: from the informant's own village, from the phone's
/// outbox (see `crate::sync`).
async fn report(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(client_id): Path<String>,
    ApiJson(new): ApiJson<NewIncident>,
) -> Result<(StatusCode, Json<Incident>), ApiError> {
    let actor = signed_in.actor();
    authorize(&actor, Action::ReportFromVillage, actor.region.as_ref())?;
    let village = actor.region.ok_or(ApiError::Forbidden)?;
    let arriving = Arriving::new(client_id, Capture::Incident, &new)?;
    let receipt = arriving.receipt(actor.user_id);
    if let Some(earlier) = state.store.earlier_arrival(&receipt).await? {
        let (status, id) = answer(earlier)?;
        return Ok((status, Json(stored(&state, id).await?.0)));
    }
    if let Some(problem) = incident_problem(&new) {
        return Err(ApiError::BadRequest(problem));
    }
    if state.store.missing_photo(&new.photos).await?.is_some() {
        return Err(missing_photo());
    }
    let record = NewIncidentRecord {
        region: &village,
        kind: new.kind,
        crop: new.crop.trim(),
        description: new.description.trim(),
        area_tenths: area_in_tenths(&new.area_mu).flatten(),
        location: new.location,
        photos: &new.photos,
        condition: new
            .condition
            .as_ref()
            .map(NewCropCondition::checked)
            .transpose()
            .map_err(ApiError::BadRequest)?,
        reporter_id: actor.user_id,
        at: Utc::now(),
    };
    let (status, id) = answer(state.store.report_incident(&record, &receipt).await?)?;
    Ok((status, Json(stored(&state, id).await?.0)))
}

/// `GET /api/incidents/mine`: what the informant reported, with its review status.
async fn mine(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<ReviewQueueQuery>,
) -> Result<Json<IncidentPage>, ApiError> {
    let filter = IncidentFilter {
        reporter: Some(signed_in.user.id),
        ..IncidentFilter::default()
    };
    page_of(&state, filter, query.page).await
}

/// `GET /api/incidents/review?status=`: the reports of the reviewer's villages, those
/// waiting by default; `approved` is the confirmed list the county acts on.
async fn review_queue(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<ReviewQueueQuery>,
) -> Result<Json<IncidentPage>, ApiError> {
    let actor = signed_in.actor();
    authorize(&actor, Action::ReviewReports, actor.region.as_ref())?;
    let filter = IncidentFilter {
        within: actor.region,
        status: Some(query.status()?),
        ..IncidentFilter::default()
    };
    page_of(&state, filter, query.page).await
}

/// Field reports as reviewers decide on them.
pub struct FieldReports;

impl Reviewed for FieldReports {
    type Item = Incident;
    const WHAT: &'static str = "这条上报";

    async fn stored(state: &AppState, id: i64) -> Result<(Incident, i64), ApiError> {
        stored(state, id).await
    }

    fn region_and_status(item: &Incident) -> (&RegionCode, ReviewStatus) {
        (&item.region_code, item.status)
    }

    async fn record(state: &AppState, id: i64, decision: &Decision<'_>) -> Result<(), StoreError> {
        state.store.decide_incident(id, decision).await
    }
}
