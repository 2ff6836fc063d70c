//! 验收 and 备案. The county's inspectors record an inspection of a built station, item by
//! item with photos; a passed one accepts it (the status step cannot be taken otherwise).
//! The county files its accepted stations to the city as one filing, which the city's
//! leaders confirm or return through the review pipeline (`Filings`). Who may do what is
//! `access::authorize` (`ManageStation`, `FileStations`, `ConfirmFilings`).

use aide::axum::routing::{get, post};
use aide::axum::ApiRouter;
use axum::extract::State;
use axum::Json;
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use yinong_model::acceptance::{
    FiledStation, Filing, FilingPage, Inspection, NewFiling, NewInspection, StationAcceptance,
};
use yinong_model::import::date;
use yinong_model::region::RegionCode;

use crate::access::{authorize, Action};
use crate::answer::Created;
use crate::auth::SignedIn;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery};
use crate::photos::photos_present;
use crate::review::{approve_many, mine, queue, review, Reviewed};
use crate::state::AppState;
use crate::stations::station_for;
use yinong_store::{china_today, InspectionRecord, StoreError};

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route(
            "/stations/{code}/inspections",
            get(acceptance).post(inspect),
        )
        .api_route("/filings/ready", get(ready))
        .api_route("/filings", post(file))
        .api_route("/filings/mine", get(mine::<Filings>))
        .api_route("/filings/review", get(queue::<Filings>))
        .api_route("/filings/{id}/review", post(review::<Filings>))
        .api_route("/filings/approve", post(approve_many::<Filings>))
}

/// Filings as the city decides on them: confirmed (approved) or returned.
pub struct Filings;

impl Reviewed for Filings {
    type Page = FilingPage;
    const NAME: &'static str = "备案";
    const ACTION: Action = Action::ConfirmFilings;
    const PUBLISHES: bool = false;
}

/// `GET /api/stations/{code}/inspections`: the station's inspections and filing.
async fn acceptance(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<StationAcceptance>, ApiError> {
    station_for(&state, &signed_in, &code, Action::ViewCoverage).await?;
    let (inspections, filing) = tokio::try_join!(
        state.store.inspections(&code),
        state.store.filing_status(&code)
    )?;
    Ok(Json(StationAcceptance {
        inspections,
        filing,
    }))
}

fn day(text: &str) -> Result<NaiveDate, ApiError> {
    let text = date(text).map_err(ApiError::BadRequest)?;
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map_err(|_| ApiError::BadRequest(format!("日期“{text}”不存在")))
}

/// `POST /api/stations/{code}/inspections`: the county records an inspection of a built
/// station; a passed one accepts it.
async fn inspect(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(code): ApiPath<String>,
    ApiJson(inspection): ApiJson<NewInspection>,
) -> Result<Created<Json<Inspection>>, ApiError> {
    let station = station_for(&state, &signed_in, &code, Action::ManageStation).await?;
    let today = china_today().to_string();
    if let Some(problem) = inspection.problem(&today) {
        return Err(ApiError::BadRequest(problem));
    }
    let not_built = || {
        ApiError::Conflict(format!(
            "站点当前为“{}”，建成后才能验收",
            station.status.name_zh()
        ))
    };
    if station.status != yinong_model::station::StationStatus::Built {
        return Err(not_built());
    }
    let photos: Vec<String> = inspection
        .items
        .iter()
        .flat_map(|item| item.photos.iter().cloned())
        .collect();
    photos_present(&state, &photos).await?;
    let record = InspectionRecord {
        inspection: &inspection,
        inspected_on: day(&inspection.inspected_on)?,
        correct_by: inspection.correct_by.as_deref().map(day).transpose()?,
        by: signed_in.user.id,
        at: Utc::now(),
    };
    match state.store.record_inspection(&code, &record).await {
        Ok(recorded) => Ok(Created(Json(recorded))),
        Err(StoreError::Conflict(_)) => Err(not_built()),
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize, schemars::JsonSchema)]
struct CountyQuery {
    county: String,
}

fn county(code: &str) -> Result<RegionCode, ApiError> {
    RegionCode::parse(code).map_err(|e| ApiError::BadRequest(e.to_string()))
}

/// `GET /api/filings/ready?county=`: the county's stations accepted and not yet filed.
async fn ready(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(query): ApiQuery<CountyQuery>,
) -> Result<Json<Vec<FiledStation>>, ApiError> {
    let county = county(&query.county)?;
    authorize(&signed_in.actor(), Action::FileStations, Some(&county))?;
    Ok(Json(state.store.stations_to_file(&county).await?))
}

/// `POST /api/filings`: the county files stations to the city, all of them or none.
async fn file(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(filing): ApiJson<NewFiling>,
) -> Result<Created<Json<Filing>>, ApiError> {
    authorize(
        &signed_in.actor(),
        Action::FileStations,
        Some(&filing.county_code),
    )?;
    if let Some(problem) = filing.problem() {
        return Err(ApiError::BadRequest(problem));
    }
    let filed = state
        .store
        .file_stations(
            &filing.county_code,
            &filing.stations,
            signed_in.user.id,
            Utc::now(),
        )
        .await;
    match filed {
        Ok(filed) => Ok(Created(Json(filed))),
        Err(StoreError::Conflict(code)) => Err(ApiError::Conflict(format!(
            "站点 {code} 不能报送：须是本县验收合格、且不在待确认或已备案的报送中"
        ))),
        Err(other) => Err(other.into()),
    }
}
