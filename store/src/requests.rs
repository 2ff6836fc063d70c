//! 代办 and 代购 requests and their steps: the storage interface.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use yinong_model::region::RegionCode;
use yinong_model::request::{
    RequestItem, RequestStatus, RequestStep, ServiceLogEntry, ServiceRequest,
};

use super::sync::{Arrival, Receipt};
use super::{in_china, StoreError, StoreResult};
use crate::engine::{on_pool, on_tx, BeginWriting, SqlStore, Tx};
use crate::sql::{counted_page, push_within};

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
    /// `open_limit` open requests (then [`StoreError::Conflict`]); one that arrived as
    /// `receipt` (under an idempotency key) unless its id arrived before.
    async fn create_request(
        &self,
        new: &NewRequestRecord<'_>,
        open_limit: i64,
        receipt: Option<&Receipt<'_>>,
    ) -> StoreResult<Arrival>;
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

impl SqlStore {
    /// The requests with these ids, with their steps, in the order given.
    /// Requests `ids` with their steps, in the order asked.
    pub(crate) async fn requests_by_id(
        &self,
        ids: &[i64],
    ) -> crate::StoreResult<Vec<crate::requests::StoredRequest>> {
        on_pool!(&self.pool, |pool| {
            use crate::requests::*;
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            let mut select = sqlx::QueryBuilder::<Db>::new(REQUEST_SELECT);
            select.push(" WHERE r.id IN (");
            let mut list = select.separated(", ");
            for id in ids {
                list.push_bind(*id);
            }
            select.push(")");
            let rows: Vec<RequestRow> = select.build_query_as().fetch_all(pool).await?;
            let mut steps_query = sqlx::QueryBuilder::<Db>::new(
                "SELECT request_id, status, reason, at FROM service_request_steps \
                 WHERE request_id IN (",
            );
            let mut list = steps_query.separated(", ");
            for id in ids {
                list.push_bind(*id);
            }
            steps_query.push(") ORDER BY id");
            let steps: Vec<(i64, String, Option<String>, chrono::DateTime<chrono::Utc>)> =
                steps_query.build_query_as().fetch_all(pool).await?;
            let mut steps_of = std::collections::HashMap::<i64, Vec<_>>::new();
            for step in steps {
                steps_of.entry(step.0).or_default().push(step);
            }
            let mut by_id = std::collections::HashMap::new();
            for row in rows {
                let id = row.0;
                let steps = steps_of.remove(&id).unwrap_or_default();
                by_id.insert(id, request_from_row(row, steps)?);
            }
            Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
        })
    }

    pub(crate) async fn request_in(
        &self,
        id: i64,
    ) -> crate::StoreResult<Option<crate::requests::StoredRequest>> {
        Ok(self.requests_by_id(&[id]).await?.pop())
    }
}

#[async_trait::async_trait]
impl crate::RequestStore for SqlStore {
    async fn create_request(
        &self,
        new: &crate::requests::NewRequestRecord<'_>,
        open_limit: i64,
        receipt: Option<&crate::sync::Receipt<'_>>,
    ) -> crate::StoreResult<crate::sync::Arrival> {
        self.receive(receipt, async |tx| {
            on_tx!(tx, |tx| {
                use yinong_model::request::RequestStatus;
                crate::engine::WriteLock::Requests
                    .hold((&mut *tx).into(), new.farmer_id)
                    .await?;
                let open: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM service_requests WHERE farmer_id = $1 \
                     AND status IN ($2, $3)",
                )
                .bind(new.farmer_id)
                .bind(RequestStatus::Submitted.code())
                .bind(RequestStatus::Accepted.code())
                .fetch_one(&mut *tx)
                .await?;
                if open >= open_limit {
                    return Err(crate::StoreError::Conflict(format!(
                        "farmer {} has {open} open requests",
                        new.farmer_id
                    )));
                }
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO service_requests (station_code, farmer_id, item, details, \
                     status) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(new.station_code)
                .bind(new.farmer_id)
                .bind(new.item.code())
                .bind(new.details)
                .bind(RequestStatus::Submitted.code())
                .fetch_one(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO service_request_steps (request_id, status, actor_id, at) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(id)
                .bind(RequestStatus::Submitted.code())
                .bind(new.farmer_id)
                .bind(new.at)
                .execute(&mut *tx)
                .await?;
                Ok(id)
            })
        })
        .await
    }

    async fn request(&self, id: i64) -> crate::StoreResult<Option<crate::requests::StoredRequest>> {
        self.request_in(id).await
    }

    async fn requests(
        &self,
        filter: &crate::requests::RequestFilter,
        offset: i64,
        limit: i64,
    ) -> crate::StoreResult<(Vec<yinong_model::request::ServiceRequest>, i64)> {
        on_pool!(&self.pool, |pool| {
            use crate::requests::RequestFilter;
            let push_filter = |builder: &mut sqlx::QueryBuilder<'_, Db>| match filter {
                RequestFilter::OfFarmer(farmer) => {
                    builder.push(" WHERE farmer_id = ").push_bind(*farmer);
                }
                RequestFilter::AtStations { within, status } => {
                    push_within(builder, " WHERE", "station_code", Some(within));
                    builder.push(" AND status = ").push_bind(status.code());
                }
            };
            let oldest_first = matches!(
                filter,
                RequestFilter::AtStations { status, .. } if status.is_open()
            );
            let (ids, total) = counted_page!(
                pool,
                count: "FROM service_requests",
                select: "SELECT id FROM service_requests",
                filter: push_filter,
                order: if oldest_first { " ORDER BY id" } else { " ORDER BY id DESC" },
                page: (offset, limit),
                decode: |(id,): (i64,)| Ok(id),
            )?;
            let requests = self.requests_by_id(&ids).await?;
            Ok((
                requests.into_iter().map(|stored| stored.request).collect(),
                total,
            ))
        })
    }

    async fn change_request_status(
        &self,
        id: i64,
        transition: &crate::requests::RequestTransition<'_>,
    ) -> crate::StoreResult<crate::requests::StoredRequest> {
        on_pool!(&self.pool, |pool| {
            use yinong_model::request::RequestStatus;
            let mut tx = pool.begin_writing().await?;
            let moved: Option<(String, String)> = sqlx::query_as(
                "UPDATE service_requests SET status = $1 WHERE id = $2 AND status = $3 \
                 RETURNING station_code, item",
            )
            .bind(transition.to.code())
            .bind(id)
            .bind(transition.from.code())
            .fetch_optional(&mut *tx)
            .await?;
            let (station_code, item) = moved.ok_or_else(|| {
                crate::StoreError::Conflict(format!(
                    "request {id} is no longer {}",
                    transition.from.code()
                ))
            })?;
            sqlx::query(
                "INSERT INTO service_request_steps (request_id, status, reason, actor_id, at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(transition.to.code())
            .bind(transition.reason)
            .bind(transition.actor_id)
            .bind(transition.at)
            .execute(&mut *tx)
            .await?;
            if transition.to == RequestStatus::Done {
                Self::count_service_done(&mut tx, &station_code, &item, transition.at).await?;
            }
            tx.commit().await?;
            self.request_in(id)
                .await?
                .ok_or_else(|| crate::StoreError::Corrupt(format!("request {id} vanished")))
        })
    }

    async fn log_services(
        &self,
        new: &crate::requests::NewServiceLogRecord<'_>,
        receipt: &crate::sync::Receipt<'_>,
    ) -> crate::StoreResult<crate::sync::Arrival> {
        self.receive(Some(receipt), async |tx| {
            on_tx!(tx, |tx| {
                let station = Self::serving_station(&mut *tx, new.village.as_str())
                    .await?
                    .ok_or_else(|| {
                        crate::StoreError::Conflict(format!(
                            "no operating station in {}",
                            new.village
                        ))
                    })?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO service_log (station_code, informant_id, item, times, \
                     served_on, note, logged_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                     RETURNING id",
                )
                .bind(&station)
                .bind(new.informant_id)
                .bind(new.item.code())
                .bind(new.times as i32)
                .bind(new.served_on)
                .bind(new.note)
                .bind(new.at)
                .fetch_one(&mut *tx)
                .await?;
                Self::count_services(
                    &mut *tx,
                    &station,
                    new.item.service_item(),
                    new.served_on,
                    new.times,
                )
                .await?;
                Ok(id)
            })
        })
        .await
    }

    async fn service_log_entry(
        &self,
        id: i64,
    ) -> crate::StoreResult<Option<yinong_model::request::ServiceLogEntry>> {
        on_pool!(&self.pool, |pool| {
            use crate::requests::*;
            let row: Option<ServiceLogRow> =
                sqlx::query_as(&format!("{SERVICE_LOG_SELECT} WHERE l.id = $1"))
                    .bind(id)
                    .fetch_optional(pool)
                    .await?;
            row.map(log_entry_from_row).transpose()
        })
    }

    async fn service_log(
        &self,
        informant_id: i64,
        offset: i64,
        limit: i64,
    ) -> crate::StoreResult<(Vec<yinong_model::request::ServiceLogEntry>, i64)> {
        on_pool!(&self.pool, |pool| {
            use crate::requests::*;
            let total: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM service_log WHERE informant_id = $1")
                    .bind(informant_id)
                    .fetch_one(pool)
                    .await?;
            let rows: Vec<ServiceLogRow> = sqlx::query_as(&format!(
                "{SERVICE_LOG_SELECT} WHERE l.informant_id = $1 ORDER BY l.id DESC \
                 LIMIT $2 OFFSET $3"
            ))
            .bind(informant_id)
            .bind(limit)
            .bind(offset)
            .fetch_all(pool)
            .await?;
            let entries = rows
                .into_iter()
                .map(log_entry_from_row)
                .collect::<crate::StoreResult<_>>()?;
            Ok((entries, total))
        })
    }
}

impl SqlStore {
    /// A request done is a service the station delivered: one service record, and
    /// one more in its regions' monthly service roll-ups.
    pub(crate) async fn count_service_done(
        tx: impl Into<Tx<'_>>,
        station_code: &str,
        item: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> crate::StoreResult<()> {
        on_tx!(tx.into(), |tx| {
            let item = yinong_model::request::RequestItem::from_code(item)
                .ok_or_else(|| crate::StoreError::Corrupt(format!("request item {item}")))?;
            let day = crate::services::service_day(at);
            Self::count_services(tx, station_code, item.service_item(), day, 1).await
        })
    }
}
