//! 代办 and 代购 requests and their steps: the storage interface.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use yinong_model::region::RegionCode;
use yinong_model::request::{
    RequestItem, RequestStatus, RequestStep, ServiceLogEntry, ServiceRequest,
};

use super::sync::{Arrival, Receipt};
use super::{china_time, in_china, StoreError, StoreResult};

/// A new request as the store takes it.
#[derive(Clone, Debug)]
pub struct NewRequestRecord<'a> {
    pub farmer_id: i64,
    pub station_code: &'a str,
    pub item: RequestItem,
    pub details: &'a str,
    pub at: DateTime<Utc>,
}

/// A step as the store applies it: only from `from`, so a farmer withdrawing and an
/// informant accepting at the same moment cannot both succeed.
#[derive(Clone, Debug)]
pub struct RequestTransition<'a> {
    pub from: RequestStatus,
    pub to: RequestStatus,
    pub reason: Option<&'a str>,
    pub actor_id: i64,
    pub at: DateTime<Utc>,
}

/// Which requests a list holds.
#[derive(Clone, Debug)]
pub enum RequestFilter {
    /// One farmer's own, newest first.
    OfFarmer(i64),
    /// Those of the stations inside a region in one status: open ones oldest first (the
    /// order to serve them), finished ones newest first.
    AtStations {
        within: RegionCode,
        status: RequestStatus,
    },
}

/// A stored request with what access decisions need.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredRequest {
    pub request: ServiceRequest,
    pub farmer_id: i64,
    /// The station's region.
    pub region: RegionCode,
}

/// 代办 done at the station, as the store takes a log entry.
#[derive(Clone, Debug)]
pub struct NewServiceLogRecord<'a> {
    /// The informant's village: the entry is the village's operating station's.
    pub village: &'a RegionCode,
    pub informant_id: i64,
    pub item: RequestItem,
    pub times: u32,
    pub served_on: NaiveDate,
    pub note: &'a str,
    pub at: DateTime<Utc>,
}

#[async_trait]
pub trait RequestStore: Send + Sync {
    /// Stores a new request with its submission step, unless the farmer already has
    /// `open_limit` open requests (then [`StoreError::Conflict`]).
    async fn create_request(
        &self,
        new: &NewRequestRecord<'_>,
        open_limit: i64,
    ) -> StoreResult<StoredRequest>;
    async fn request(&self, id: i64) -> StoreResult<Option<StoredRequest>>;
    /// A page of requests and how many the filter holds in all.
    async fn requests(
        &self,
        filter: &RequestFilter,
        offset: i64,
        limit: i64,
    ) -> StoreResult<(Vec<ServiceRequest>, i64)>;
    /// Moves a request on and records the step, in one transaction; a request done is
    /// also counted as a service record of its station (the dashboard's services), on
    /// China's date. [`StoreError::Conflict`] when it is no longer in `from`.
    async fn change_request_status(
        &self,
        id: i64,
        transition: &RequestTransition<'_>,
    ) -> StoreResult<StoredRequest>;
    /// Stores a log entry that arrived as `receipt` (unless its id arrived before) and
    /// counts its services as the station's service records, like requests done, in one
    /// transaction. [`StoreError::Conflict`] when the village has no operating station.
    async fn log_services(
        &self,
        new: &NewServiceLogRecord<'_>,
        receipt: &Receipt<'_>,
    ) -> StoreResult<Arrival>;
    async fn service_log_entry(&self, id: i64) -> StoreResult<Option<ServiceLogEntry>>;
    /// An informant's log, newest first, and how many entries it holds.
    async fn service_log(
        &self,
        informant_id: i64,
        offset: i64,
        limit: i64,
    ) -> StoreResult<(Vec<ServiceLogEntry>, i64)>;
}

/// id, item, times, served on, note, station name, logged at.
pub(super) type ServiceLogRow = (i64, String, i32, NaiveDate, String, String, DateTime<Utc>);

pub(super) const SERVICE_LOG_SELECT: &str = "SELECT l.id, l.item, l.times, l.served_on, \
    l.note, s.name, l.logged_at FROM service_log l JOIN stations s ON s.code = l.station_code";

pub(super) fn log_entry_from_row(
    (id, item, times, served_on, note, station_name, logged_at): ServiceLogRow,
) -> StoreResult<ServiceLogEntry> {
    Ok(ServiceLogEntry {
        id,
        item: RequestItem::from_code(&item)
            .ok_or_else(|| StoreError::Corrupt(format!("service log {id} has item {item}")))?,
        times: u32::try_from(times)
            .map_err(|_| StoreError::Corrupt(format!("service log {id} has {times} times")))?,
        served_on: served_on.to_string(),
        note,
        station_name,
        logged_at: in_china(logged_at),
    })
}

/// id, item, details, status, station code, station name, station region, farmer id,
/// farmer name, farmer phone.
pub(super) type RequestRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
    String,
    String,
);

/// The columns of a [`RequestRow`], from `service_requests r` with its station and farmer.
pub(super) const REQUEST_SELECT: &str = "SELECT r.id, r.item, r.details, r.status, \
    r.station_code, s.name, s.region_code, r.farmer_id, u.name, u.phone \
    FROM service_requests r JOIN stations s ON s.code = r.station_code \
    JOIN users u ON u.id = r.farmer_id";

pub(super) fn status_of(code: &str) -> StoreResult<RequestStatus> {
    RequestStatus::from_code(code)
        .ok_or_else(|| StoreError::Corrupt(format!("request status {code}")))
}

/// A request from its row and its steps (request id, status, reason, time).
pub(super) fn request_from_row(
    (
        id,
        item,
        details,
        status,
        station_code,
        station_name,
        region,
        farmer_id,
        farmer_name,
        farmer_phone,
    ): RequestRow,
    steps: Vec<(i64, String, Option<String>, DateTime<Utc>)>,
) -> StoreResult<StoredRequest> {
    let item = RequestItem::from_code(&item)
        .ok_or_else(|| StoreError::Corrupt(format!("request {id} has item {item}")))?;
    let region = RegionCode::parse(&region).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let steps = steps
        .into_iter()
        .map(|(_, status, reason, at)| {
            Ok(RequestStep {
                status: status_of(&status)?,
                reason,
                at: in_china(at),
            })
        })
        .collect::<StoreResult<_>>()?;
    Ok(StoredRequest {
        request: ServiceRequest {
            id,
            item,
            details,
            status: status_of(&status)?,
            station_code,
            station_name,
            farmer_name,
            farmer_phone,
            steps,
        },
        farmer_id,
        region,
    })
}

/// The day a request done counts for, on China's calendar.
pub(super) fn service_day(at: DateTime<Utc>) -> NaiveDate {
    china_time(at).date_naive()
}
