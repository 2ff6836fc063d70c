//! 田间上报: a village informant reports from the field — how a crop stands and its work
//! goes (苗情和生产), or a pest, disease or disaster — with photos and where it was seen,
//! through the phone's outbox; the township (or an
//! administrator above) confirms it — only a qualified informant's — or sends it back.
//! Confirmed reports are the county's list to act on. Who may do what is
//! `access::authorize` (`ReportFromVillage`, `ReviewReports`).

use aide::axum::routing::{get, post, put};
use aide::axum::ApiRouter;
use axum::Json;
use chrono::Utc;
use yinong_model::incident::{
    area_in_tenths, Incident, IncidentPage, NewCropCondition, NewIncident,
};

use crate::capture::{receive, Captured, Sender};
use crate::error::ApiError;
use crate::review::{approve_many, mine, queue, review, stored, Reviewed};
use crate::state::AppState;
use yinong_store::incidents::NewIncidentRecord;
use yinong_store::sync::{Arrival, Receipt};

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route("/incidents/{client_id}", put(receive::<NewIncident>))
        .api_route("/incidents/mine", get(mine::<FieldReports>))
        .api_route("/incidents/review", get(queue::<FieldReports>))
        .api_route("/incidents/{id}/review", post(review::<FieldReports>))
        .api_route("/incidents/approve", post(approve_many::<FieldReports>))
}

/// A field report from the informant's own village, through `capture::receive`.
impl Captured for NewIncident {
    type Stored = Json<Incident>;

    async fn store(
        &self,
        state: &AppState,
        sender: &Sender,
        receipt: &Receipt<'_>,
    ) -> Result<Arrival, ApiError> {
        let record = NewIncidentRecord {
            region: &sender.village,
            kind: self.kind,
            crop: self.crop.trim(),
            description: self.description.trim(),
            area_tenths: area_in_tenths(&self.area_mu).flatten(),
            location: self.location,
            photos: &self.photos,
            condition: self
                .condition
                .as_ref()
                .map(NewCropCondition::checked)
                .transpose()
                .map_err(ApiError::BadRequest)?,
            reporter_id: sender.user_id,
            at: Utc::now(),
        };
        Ok(state.store.report_incident(&record, receipt).await?)
    }

    async fn stored(
        state: &AppState,
        id: i64,
        _sender: &Sender,
    ) -> Result<Json<Incident>, ApiError> {
        Ok(Json(stored::<FieldReports>(state, id).await?.0))
    }
}

/// Field reports as reviewers decide on them.
pub struct FieldReports;

impl Reviewed for FieldReports {
    type Page = IncidentPage;
    const NAME: &'static str = "上报";
}
