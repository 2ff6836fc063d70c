//! Stations, their lifecycle history and the coverage roll-ups.
//!
//! Coverage is read from roll-ups (`coverage_villages`, `coverage_stations`,
//! `coverage_months`, and for the activity charts `coverage_informants` and
//! `coverage_services`) kept for provinces, cities, counties and townships, indexed by level
//! (`length(region_code)`). Each region's `coverage_villages` row also carries its station
//! counts and monthly changes packed into text, so a drill-down reads one row per child
//! region; the nation's services by month are the rows of region `''`, summed from the
//! provinces'. The nation's and provinces' service rows are kept in shards (a service adds to
//! its village's), so that service writes across the country do not queue for one row; a
//! read sums them. They are rebuilt in the same transaction for every region containing a changed
//! station, informant or village flag (one SQL per table serves both a single region's
//! ancestors and the whole country); a whole-country rebuild ends with `ANALYZE`. Region codes
//! compare bytewise (`COLLATE "C"` on PostgreSQL), so a subtree is a half-open code range on
//! the primary-key index.

mod rollups;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use yinong_model::coverage::{Activity, CoverageFigures};
use yinong_model::region::{Region, RegionCode};
use yinong_model::service::ServiceKind;
use yinong_model::station::{
    HostVenue, SixHave, Station, StationDetails, StationEvent, StationStatus, StationType,
};

pub(crate) use self::rollups::*;
use crate::engine::{on_pool, on_tx, BeginWriting, SqlStore, Tx};
use crate::sql::{counted_page, push_within};
use crate::{StoreError, StoreResult};

/// A status change as the store applies it: only from `from`, so two administrators acting
/// at once cannot both succeed.
#[derive(Clone, Debug)]
pub struct Transition<'a> {
    pub from: StationStatus,
    pub to: StationStatus,
    pub reason: Option<&'a str>,
    pub actor_id: Option<i64>,
    pub at: DateTime<Utc>,
}

/// Filters for a list of stations.
#[derive(Clone, Debug, Default)]
pub struct StationFilter {
    pub within: Option<RegionCode>,
    pub status: Option<StationStatus>,
    pub offset: i64,
    pub limit: i64,
}

/// A region's roll-up row: its coverage figures and its monthly changes, by month.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionRollup {
    pub code: RegionCode,
    pub figures: CoverageFigures,
    pub months: Vec<MonthChange>,
}

/// Monthly changes inside a region: stations that started operating, stations closed,
/// villages first covered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthChange {
    pub month: String,
    pub stations_opened: i64,
    pub stations_closed: i64,
    pub villages_covered: i64,
}

#[async_trait]
pub trait StationStore: Send + Sync {
    /// Declares a station in `region` with the next free unified number there.
    async fn declare_station(
        &self,
        region: &RegionCode,
        details: &StationDetails,
        actor_id: Option<i64>,
        at: DateTime<Utc>,
    ) -> StoreResult<Station>;
    async fn station(&self, code: &str) -> StoreResult<Option<Station>>;
    async fn station_history(&self, code: &str) -> StoreResult<Vec<StationEvent>>;
    async fn stations(&self, filter: &StationFilter) -> StoreResult<(Vec<Station>, i64)>;
    /// Replaces a station's details and checklist; the type cannot move it to another level.
    async fn update_station(&self, code: &str, details: &StationDetails) -> StoreResult<Station>;
    /// Moves a station from `transition.from` to `transition.to` and records it. Becoming
    /// operating the first time sets the opening date; closing sets the closing date.
    /// `Conflict` when the station is no longer in `from`.
    async fn change_station_status(
        &self,
        code: &str,
        transition: &Transition<'_>,
    ) -> StoreResult<Station>;

    /// Rebuilds the coverage roll-ups of every region that contains `within` or lies inside
    /// it; the whole country when `None`, and then the query planner's statistics too.
    async fn refresh_coverage(&self, within: Option<&RegionCode>) -> StoreResult<()>;
    /// The roll-up rows of the regions with codes of `code_len` digits inside `within`
    /// (the whole country when `None`), by region code: each region's figures and its
    /// monthly changes in one read. Villages (12 digits) are counted directly: no roll-up
    /// is kept for them, nor monthly changes.
    async fn coverage_rollups(
        &self,
        within: Option<&RegionCode>,
        code_len: usize,
    ) -> StoreResult<Vec<RegionRollup>>;
    /// Services recorded from `from_month` to `to_month` (`YYYY-MM`, inclusive) and
    /// informants by status, inside `within` (the whole country when `None`); read from the
    /// roll-ups above villages.
    async fn activity(
        &self,
        within: Option<&RegionCode>,
        from_month: &str,
        to_month: &str,
    ) -> StoreResult<Activity>;
    /// Farmers' accounts by the region of `code_len` digits their village lies in, inside
    /// `within`: (region code, registered, seen in the app since `active_since`).
    async fn farmer_counts(
        &self,
        within: Option<&RegionCode>,
        code_len: usize,
        active_since: DateTime<Utc>,
    ) -> StoreResult<Vec<(String, i64, i64)>>;
    /// The villages inside `within` without an operating station, with their poverty flag,
    /// by code.
    async fn uncovered_villages(&self, within: &RegionCode) -> StoreResult<Vec<(Region, bool)>>;
}

/// A station as read with [`STATION_COLUMNS`].
#[derive(sqlx::FromRow)]
pub(crate) struct StationRow {
    code: String,
    region_code: String,
    name: String,
    station_type: String,
    status: String,
    host_venue: String,
    address: String,
    opening_hours: String,
    latitude: Option<f64>,
    longitude: Option<f64>,
    opened_on: Option<NaiveDate>,
    venue_area_m2: Option<f64>,
    devices: Option<i32>,
    broadband_mbps: Option<f64>,
    page_url: Option<String>,
    sustainable: bool,
    compliant: bool,
    qualified_informants: i64,
    is_poverty: bool,
}

/// The columns a [`StationRow`] reads, for `FROM stations s JOIN regions r`.
pub(crate) const STATION_COLUMNS: &str = "s.code, s.region_code, s.name, s.station_type, \
     s.status, s.host_venue, s.address, s.opening_hours, s.latitude, s.longitude, s.opened_on, \
     s.venue_area_m2, s.devices, s.broadband_mbps, s.page_url, s.sustainable, s.compliant, \
     (SELECT COUNT(*) FROM informants i WHERE i.station_code = s.code \
      AND i.status = 'qualified') AS qualified_informants, r.is_poverty";

/// The next free two-digit serial of stations in `region`, after the highest in use (a
/// register may have left gaps), or a conflict when all 99 are taken.
pub(crate) async fn next_serial(tx: Tx<'_>, region: &RegionCode) -> StoreResult<u32> {
    on_tx!(tx, |tx| {
        let highest: Option<String> = sqlx::query_scalar(
            "SELECT MAX(code) FROM stations WHERE code >= $1 AND code < $2 AND length(code) = $3",
        )
        .bind(format!("{region}00"))
        .bind(format!("{region}99:"))
        .bind((region.as_str().len() + 2) as i32)
        .fetch_one(&mut *tx)
        .await?;
        let serial = highest.map_or(Ok(0), |code| {
            code[region.as_str().len()..]
                .parse::<u32>()
                .map_err(|_| StoreError::Corrupt(format!("station code {code}")))
        })? + 1;
        if serial > 99 {
            return Err(StoreError::Conflict(format!("{region} has 99 stations")));
        }
        Ok(serial)
    })
}

fn corrupt(what: String) -> StoreError {
    StoreError::Corrupt(what)
}

pub(crate) fn station_from_row(row: StationRow) -> StoreResult<Station> {
    let code = row.code;
    Ok(Station {
        region_code: RegionCode::parse(&row.region_code).map_err(|e| corrupt(e.to_string()))?,
        status: StationStatus::from_code(&row.status)
            .ok_or_else(|| corrupt(format!("station {code} has status {}", row.status)))?,
        details: StationDetails {
            name: row.name,
            station_type: StationType::from_code(&row.station_type)
                .ok_or_else(|| corrupt(format!("station {code} has type {}", row.station_type)))?,
            host_venue: HostVenue::from_code(&row.host_venue).unwrap_or(HostVenue::Other),
            address: row.address,
            opening_hours: row.opening_hours,
            latitude: row.latitude,
            longitude: row.longitude,
            six_have: SixHave {
                venue_area_m2: row.venue_area_m2,
                devices: row.devices,
                broadband_mbps: row.broadband_mbps,
                page_url: row.page_url,
                sustainable: row.sustainable,
            },
        },
        compliant: row.compliant,
        qualified_informants: row.qualified_informants,
        is_poverty_village: row.is_poverty,
        opened_on: row.opened_on.map(|date| date.to_string()),
        code,
    })
}

pub(crate) type EventRow = (
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    DateTime<Utc>,
);

pub(crate) fn event_from_row((from, to, reason, by, at): EventRow) -> StoreResult<StationEvent> {
    let status = |code: &str| {
        StationStatus::from_code(code).ok_or_else(|| corrupt(format!("unknown status {code}")))
    };
    Ok(StationEvent {
        from: from.as_deref().map(status).transpose()?,
        to: status(&to)?,
        reason,
        by,
        at: at.to_rfc3339(),
    })
}

impl SqlStore {
    /// Recomputes a station's 六有 flag from its checklist and qualified informants.
    pub(crate) async fn refresh_compliance(
        tx: impl Into<Tx<'_>>,
        code: &str,
    ) -> crate::StoreResult<()> {
        on_tx!(tx.into(), |tx| {
            let station = Self::station_in(&mut *tx, code)
                .await?
                .ok_or_else(|| crate::StoreError::Corrupt(format!("station {code} vanished")))?;
            let compliant = station
                .details
                .six_have
                .is_compliant(station.qualified_informants);
            sqlx::query("UPDATE stations SET compliant = $1 WHERE code = $2")
                .bind(compliant)
                .bind(code)
                .execute(&mut *tx)
                .await?;
            Ok(())
        })
    }

    pub(crate) async fn station_in(
        tx: impl Into<Tx<'_>>,
        code: &str,
    ) -> crate::StoreResult<Option<yinong_model::station::Station>> {
        on_tx!(tx.into(), |tx| {
            sqlx::query_as(&format!(
                "SELECT {} FROM stations s JOIN regions r ON r.code = s.region_code \
                 WHERE s.code = $1",
                crate::stations::STATION_COLUMNS
            ))
            .bind(code)
            .fetch_optional(&mut *tx)
            .await?
            .map(crate::stations::station_from_row)
            .transpose()
        })
    }

    /// Moves station `code` by `transition` in `tx`, with its history entry and its
    /// regions' roll-ups; [`crate::StoreError::Conflict`] when it is no longer in
    /// `transition.from`.
    pub(crate) async fn transition_in(
        mut tx: Tx<'_>,
        code: &str,
        transition: &crate::Transition<'_>,
    ) -> crate::StoreResult<yinong_model::station::Station> {
        use yinong_model::station::StationStatus;
        let today = transition.at.date_naive();
        let opened_on = (transition.to == StationStatus::Operating).then_some(today);
        let closed_on = (transition.to == StationStatus::Closed).then_some(today);
        let region: Option<String> = on_tx!(tx.reborrow(), |tx| {
            sqlx::query_scalar(
                "UPDATE stations SET status = $1, opened_on = COALESCE(opened_on, $2), \
                 closed_on = COALESCE($3, closed_on) \
                 WHERE code = $4 AND status = $5 RETURNING region_code",
            )
            .bind(transition.to.code())
            .bind(opened_on)
            .bind(closed_on)
            .bind(code)
            .bind(transition.from.code())
            .fetch_optional(&mut *tx)
            .await?
        });
        let Some(region) = region else {
            return Err(crate::StoreError::Conflict(format!(
                "station {code} is no longer {}",
                transition.from.code()
            )));
        };
        on_tx!(tx.reborrow(), |tx| {
            sqlx::query(
                "INSERT INTO station_events (station_code, from_status, to_status, reason, \
                 actor_id, at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(code)
            .bind(transition.from.code())
            .bind(transition.to.code())
            .bind(transition.reason)
            .bind(transition.actor_id)
            .bind(transition.at)
            .execute(&mut *tx)
            .await?;
        });
        let region = yinong_model::region::RegionCode::parse(&region)
            .map_err(|e| crate::StoreError::Corrupt(e.to_string()))?;
        Self::refresh_coverage_in(tx.reborrow(), Some(&region)).await?;
        let station = Self::station_in(tx.reborrow(), code).await?;
        station.ok_or_else(|| crate::StoreError::NotFound(code.to_owned()))
    }

    pub(crate) async fn refresh_coverage_in(
        tx: impl Into<Tx<'_>>,
        within: Option<&yinong_model::region::RegionCode>,
    ) -> crate::StoreResult<()> {
        on_tx!(tx.into(), |tx| {
            use crate::stations::*;
            for code_len in ROLLUP_CODE_LENS {
                let (from, to) = rollup_range(within, code_len);
                for table in [
                    "coverage_villages",
                    "coverage_stations",
                    "coverage_months",
                    "coverage_informants",
                    "coverage_services",
                ] {
                    sqlx::query(&format!(
                        "DELETE FROM {table} WHERE region_code >= $1 AND region_code < $2 \
                         AND length(region_code) = $3"
                    ))
                    .bind(&from)
                    .bind(&to)
                    .bind(code_len as i32)
                    .execute(&mut *tx)
                    .await?;
                }
                for rebuild in [
                    REBUILD_VILLAGES,
                    REBUILD_INFORMANT_STATUSES,
                    REBUILD_INFORMANTS,
                    REBUILD_STATIONS,
                    REBUILD_MONTHS,
                    PACK_STATIONS,
                    PACK_MONTHS,
                    REBUILD_SERVICES,
                ] {
                    sqlx::query(rebuild)
                        .bind(&from)
                        .bind(&to)
                        .bind(code_len as i32)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            for rebuild in REBUILD_NATION_SERVICES {
                sqlx::query(rebuild).execute(&mut *tx).await?;
            }
            Ok(())
        })
    }
}

#[async_trait::async_trait]
impl crate::StationStore for SqlStore {
    async fn declare_station(
        &self,
        region: &yinong_model::region::RegionCode,
        details: &yinong_model::station::StationDetails,
        actor_id: Option<i64>,
        at: chrono::DateTime<chrono::Utc>,
    ) -> crate::StoreResult<yinong_model::station::Station> {
        on_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_writing().await?;
            crate::engine::WriteLock::StationNumbers
                .hold((&mut *tx).into(), region.as_str())
                .await?;
            let serial = next_serial((&mut *tx).into(), region).await?;
            let code = yinong_model::station::unified_number(region, serial);
            let six = &details.six_have;
            sqlx::query(
                "INSERT INTO stations (code, region_code, name, station_type, status, \
                 host_venue, address, opening_hours, latitude, longitude, venue_area_m2, \
                 devices, broadband_mbps, page_url, sustainable, is_demo) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
                 FALSE)",
            )
            .bind(&code)
            .bind(region.as_str())
            .bind(&details.name)
            .bind(details.station_type.code())
            .bind(yinong_model::station::StationStatus::Declared.code())
            .bind(details.host_venue.code())
            .bind(&details.address)
            .bind(&details.opening_hours)
            .bind(details.latitude)
            .bind(details.longitude)
            .bind(six.venue_area_m2)
            .bind(six.devices)
            .bind(six.broadband_mbps)
            .bind(&six.page_url)
            .bind(six.sustainable)
            .execute(&mut *tx)
            .await
            .map_err(crate::sql::conflict_or)?;
            sqlx::query(
                "INSERT INTO station_events (station_code, from_status, to_status, reason, \
                 actor_id, at) VALUES ($1, NULL, $2, NULL, $3, $4)",
            )
            .bind(&code)
            .bind(yinong_model::station::StationStatus::Declared.code())
            .bind(actor_id)
            .bind(at)
            .execute(&mut *tx)
            .await?;
            Self::refresh_compliance(&mut tx, &code).await?;
            Self::refresh_coverage_in(&mut tx, Some(region)).await?;
            let station = Self::station_in(&mut tx, &code).await?;
            tx.commit().await?;
            station.ok_or_else(|| crate::StoreError::Corrupt(code))
        })
    }

    async fn station(
        &self,
        code: &str,
    ) -> crate::StoreResult<Option<yinong_model::station::Station>> {
        on_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_writing().await?;
            let station = Self::station_in(&mut tx, code).await?;
            tx.commit().await?;
            Ok(station)
        })
    }

    async fn station_history(
        &self,
        code: &str,
    ) -> crate::StoreResult<Vec<yinong_model::station::StationEvent>> {
        on_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT e.from_status, e.to_status, e.reason, u.name, e.at \
                 FROM station_events e LEFT JOIN users u ON u.id = e.actor_id \
                 WHERE e.station_code = $1 ORDER BY e.id",
            )
            .bind(code)
            .fetch_all(pool)
            .await?
            .into_iter()
            .map(crate::stations::event_from_row)
            .collect()
        })
    }

    async fn stations(
        &self,
        filter: &crate::StationFilter,
    ) -> crate::StoreResult<(Vec<yinong_model::station::Station>, i64)> {
        on_pool!(&self.pool, |pool| {
            let push_filter = |builder: &mut sqlx::QueryBuilder<'_, Db>| {
                push_within(builder, " WHERE", "s.region_code", filter.within.as_ref());
                if let Some(status) = filter.status {
                    builder.push(" AND s.status = ").push_bind(status.code());
                }
            };
            counted_page!(
                pool,
                count: "FROM stations s",
                select: format!(
                    "SELECT {} FROM stations s JOIN regions r ON r.code = s.region_code",
                    crate::stations::STATION_COLUMNS
                ),
                filter: push_filter,
                order: " ORDER BY s.code",
                page: (filter.offset, filter.limit),
                decode: crate::stations::station_from_row,
            )
        })
    }

    async fn update_station(
        &self,
        code: &str,
        details: &yinong_model::station::StationDetails,
    ) -> crate::StoreResult<yinong_model::station::Station> {
        on_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_writing().await?;
            let six = &details.six_have;
            let region: Option<String> = sqlx::query_scalar(
                "UPDATE stations SET name = $1, station_type = $2, host_venue = $3, \
                 address = $4, opening_hours = $5, latitude = $6, longitude = $7, \
                 venue_area_m2 = $8, devices = $9, broadband_mbps = $10, page_url = $11, \
                 sustainable = $12 WHERE code = $13 RETURNING region_code",
            )
            .bind(&details.name)
            .bind(details.station_type.code())
            .bind(details.host_venue.code())
            .bind(&details.address)
            .bind(&details.opening_hours)
            .bind(details.latitude)
            .bind(details.longitude)
            .bind(six.venue_area_m2)
            .bind(six.devices)
            .bind(six.broadband_mbps)
            .bind(&six.page_url)
            .bind(six.sustainable)
            .bind(code)
            .fetch_optional(&mut *tx)
            .await?;
            let region = region.ok_or_else(|| crate::StoreError::NotFound(code.to_owned()))?;
            let region = yinong_model::region::RegionCode::parse(&region)
                .map_err(|e| crate::StoreError::Corrupt(e.to_string()))?;
            Self::refresh_compliance(&mut tx, code).await?;
            Self::refresh_coverage_in(&mut tx, Some(&region)).await?;
            let station = Self::station_in(&mut tx, code).await?;
            tx.commit().await?;
            station.ok_or_else(|| crate::StoreError::NotFound(code.to_owned()))
        })
    }

    async fn change_station_status(
        &self,
        code: &str,
        transition: &crate::Transition<'_>,
    ) -> crate::StoreResult<yinong_model::station::Station> {
        let mut tx = self.writing().await?;
        let station = Self::transition_in(tx.tx(), code, transition).await?;
        tx.commit().await?;
        Ok(station)
    }

    async fn refresh_coverage(
        &self,
        within: Option<&yinong_model::region::RegionCode>,
    ) -> crate::StoreResult<()> {
        on_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_writing().await?;
            Self::refresh_coverage_in(&mut tx, within).await?;
            tx.commit().await?;
            // The whole country is rebuilt after bulk loads (imports, the bench fixture):
            // the planner's statistics follow, or PostgreSQL plans for tables it still
            // believes empty (a township's answer took 1.5 s).
            if within.is_none() {
                sqlx::query("ANALYZE").execute(pool).await?;
            }
            Ok(())
        })
    }

    async fn coverage_rollups(
        &self,
        within: Option<&yinong_model::region::RegionCode>,
        code_len: usize,
    ) -> crate::StoreResult<Vec<crate::stations::RegionRollup>> {
        on_pool!(&self.pool, |pool| {
            use crate::stations::*;
            let (from, to) = crate::sql::figures_range(within);
            // One row per region, its station counts and months packed: SQLite hands
            // rows over one at a time between threads, and the nation had ~2,500.
            if code_len != village_code_len() {
                let rows = sqlx::query_as(
                    "SELECT region_code, villages, poverty_villages, covered_villages, \
                     covered_poverty_villages, qualified_informants, station_counts, \
                     month_changes FROM coverage_villages \
                     WHERE region_code >= $1 AND region_code < $2 AND length(region_code) = $3",
                )
                .bind(&from)
                .bind(&to)
                .bind(code_len as i32)
                .fetch_all(pool)
                .await?;
                return crate::stations::rollups_from_rows(rows);
            }
            // Villages keep no roll-up: they are counted here.
            let villages = sqlx::query_as(
                "SELECT r.code, CAST(1 AS BIGINT), \
                 CAST(CASE WHEN r.is_poverty THEN 1 ELSE 0 END AS BIGINT), \
                 CAST(CASE WHEN EXISTS (SELECT 1 FROM stations s \
                   WHERE s.region_code = r.code AND s.status = 'operating') \
                   THEN 1 ELSE 0 END AS BIGINT), \
                 CAST(CASE WHEN r.is_poverty AND EXISTS (SELECT 1 FROM stations s \
                   WHERE s.region_code = r.code AND s.status = 'operating') \
                   THEN 1 ELSE 0 END AS BIGINT), \
                 (SELECT COUNT(*) FROM informants i JOIN stations s \
                   ON s.code = i.station_code WHERE s.region_code = r.code \
                   AND i.status = 'qualified'), CAST('' AS TEXT), CAST('' AS TEXT) \
                 FROM regions r WHERE r.level = 5 AND r.code >= $1 AND r.code < $2 \
                 AND r.merged_into IS NULL",
            )
            .bind(&from)
            .bind(&to)
            .fetch_all(pool)
            .await?;
            let stations = sqlx::query_as(&format!(
                "SELECT region_code, {PACKED_STATION_COUNTS} FROM ( \
                   SELECT region_code, station_type, status, COUNT(*) AS stations, \
                   SUM(CASE WHEN compliant THEN 1 ELSE 0 END) AS compliant \
                   FROM stations WHERE region_code >= $1 AND region_code < $2 \
                   AND length(region_code) = 12 GROUP BY 1, 2, 3) AS counts \
                 GROUP BY region_code"
            ))
            .bind(&from)
            .bind(&to)
            .fetch_all(pool)
            .await?;
            crate::stations::rollups_from_rows(crate::stations::with_station_counts(
                villages, stations,
            ))
        })
    }

    async fn activity(
        &self,
        within: Option<&yinong_model::region::RegionCode>,
        from_month: &str,
        to_month: &str,
    ) -> crate::StoreResult<yinong_model::coverage::Activity> {
        on_pool!(&self.pool, |pool| {
            use crate::stations::*;
            let (from, to) = crate::sql::figures_range(within);
            let code_len = within.map_or(ROLLUP_CODE_LENS[0], |code| code.as_str().len());
            let (services, informants): (Vec<(String, i64)>, Vec<(String, i64)>) =
                if code_len == village_code_len() {
                    // No roll-up below townships: a village's few records are counted.
                    let services = sqlx::query_as(
                        "SELECT kind, COUNT(*) FROM service_records \
                         WHERE station_code >= $1 AND station_code < $2 \
                         AND substr(CAST(served_on AS TEXT), 1, 7) >= $3 \
                         AND substr(CAST(served_on AS TEXT), 1, 7) <= $4 GROUP BY kind",
                    )
                    .bind(&from)
                    .bind(&to)
                    .bind(from_month)
                    .bind(to_month)
                    .fetch_all(pool)
                    .await?;
                    let informants = sqlx::query_as(
                        "SELECT status, COUNT(*) FROM informants \
                         WHERE station_code >= $1 AND station_code < $2 GROUP BY status",
                    )
                    .bind(&from)
                    .bind(&to)
                    .fetch_all(pool)
                    .await?;
                    (services, informants)
                } else {
                    // A region reads its own rows by key; the nation's are region ''.
                    // The two reads go out at once.
                    let services = sqlx::query_as(
                        "SELECT kind, CAST(SUM(records) AS BIGINT) \
                         FROM coverage_services WHERE region_code = $1 \
                         AND month >= $2 AND month <= $3 GROUP BY kind",
                    )
                    .bind(within.map_or("", |code| code.as_str()))
                    .bind(from_month)
                    .bind(to_month)
                    .fetch_all(pool);
                    let informants = sqlx::query_as(
                        "SELECT status, CAST(SUM(informants) AS BIGINT) \
                         FROM coverage_informants WHERE region_code >= $1 \
                         AND region_code < $2 AND length(region_code) = $3 GROUP BY status",
                    )
                    .bind(&from)
                    .bind(&to)
                    .bind(code_len as i32)
                    .fetch_all(pool);
                    tokio::try_join!(services, informants)?
                };
            Ok(crate::stations::activity_from_rows(services, informants))
        })
    }

    async fn farmer_counts(
        &self,
        within: Option<&yinong_model::region::RegionCode>,
        code_len: usize,
        active_since: chrono::DateTime<chrono::Utc>,
    ) -> crate::StoreResult<Vec<(String, i64, i64)>> {
        on_pool!(&self.pool, |pool| {
            let (from, to) = crate::sql::figures_range(within);
            Ok(sqlx::query_as(
                "SELECT substr(region_code, 1, $3), COUNT(*), \
                 SUM(CASE WHEN last_seen_at >= $4 THEN 1 ELSE 0 END) \
                 FROM users WHERE role = 'farmer' AND region_code >= $1 AND region_code < $2 \
                 AND length(region_code) = 12 GROUP BY 1",
            )
            .bind(&from)
            .bind(&to)
            .bind(code_len as i32)
            .bind(active_since)
            .fetch_all(pool)
            .await?)
        })
    }

    async fn uncovered_villages(
        &self,
        within: &yinong_model::region::RegionCode,
    ) -> crate::StoreResult<Vec<(yinong_model::region::Region, bool)>> {
        on_pool!(&self.pool, |pool| {
            let (from, to) = crate::sql::subtree_range(within);
            let rows: Vec<(String, String, i16, Option<String>, bool)> = sqlx::query_as(
                "SELECT r.code, r.name, r.level, r.parent_code, r.is_poverty FROM regions r \
                 WHERE r.level = 5 AND r.code >= $1 AND r.code < $2 AND r.merged_into IS NULL \
                 AND NOT EXISTS (SELECT 1 FROM stations s \
                   WHERE s.region_code = r.code AND s.status = 'operating') \
                 ORDER BY r.code",
            )
            .bind(&from)
            .bind(&to)
            .fetch_all(pool)
            .await?;
            rows.into_iter()
                .map(|(code, name, level, parent, poverty)| {
                    let region = crate::sql::region_from_row((code, name, level, parent))?;
                    Ok((region, poverty))
                })
                .collect()
        })
    }
}
