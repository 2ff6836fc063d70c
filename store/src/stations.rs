//! Stations, their lifecycle history and the coverage roll-ups: the storage interface.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use yinong_model::coverage::{Activity, CoverageFigures, InformantCounts, StationCount};
use yinong_model::region::{Region, RegionCode};
use yinong_model::service::ServiceKind;
use yinong_model::station::{
    HostVenue, SixHave, Station, StationDetails, StationEvent, StationStatus, StationType,
};

use super::{StoreError, StoreResult};

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

    /// Marks villages as poverty-priority (贫困村) or not, and refreshes their roll-ups.
    async fn set_poverty_villages(&self, villages: &[RegionCode], poverty: bool)
        -> StoreResult<()>;

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
    /// The villages inside `within` without an operating station, with their poverty flag,
    /// by code.
    async fn uncovered_villages(&self, within: &RegionCode) -> StoreResult<Vec<(Region, bool)>>;
}

/// A station as read with [`STATION_COLUMNS`].
#[derive(sqlx::FromRow)]
pub(super) struct StationRow {
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
pub(super) const STATION_COLUMNS: &str = "s.code, s.region_code, s.name, s.station_type, \
     s.status, s.host_venue, s.address, s.opening_hours, s.latitude, s.longitude, s.opened_on, \
     s.venue_area_m2, s.devices, s.broadband_mbps, s.page_url, s.sustainable, s.compliant, \
     (SELECT COUNT(*) FROM informants i WHERE i.station_code = s.code \
      AND i.status = 'qualified') AS qualified_informants, r.is_poverty";

fn corrupt(what: String) -> StoreError {
    StoreError::Corrupt(what)
}

pub(super) fn station_from_row(row: StationRow) -> StoreResult<Station> {
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

pub(super) type EventRow = (
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    DateTime<Utc>,
);

pub(super) fn event_from_row((from, to, reason, by, at): EventRow) -> StoreResult<StationEvent> {
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

/// A region's roll-up row: villages, poverty villages, covered ones, covered poverty
/// ones, qualified informants, and its station counts packed (see [`unpack`]).
/// A roll-up row: code, villages, poverty villages, covered, covered poverty villages,
/// qualified informants, packed station counts, packed monthly changes.
pub(super) type RollupRow = (String, i64, i64, i64, i64, i64, String, String);
/// A region's code and its rows packed into one text (see [`unpack`]).
pub(super) type PackedRow = (String, String);

/// The rows a query packed into one text with `string_agg`: rows joined by commas, fields
/// by colons (none of the packed values holds either); empty when there were none.
fn unpack<const FIELDS: usize>(packed: &str) -> StoreResult<Vec<[&str; FIELDS]>> {
    packed
        .split(',')
        .filter(|row| !row.is_empty())
        .map(|row| {
            let fields: Vec<&str> = row.split(':').collect();
            fields
                .try_into()
                .map_err(|_| corrupt(format!("a packed roll-up row reads {row:?}")))
        })
        .collect()
}

fn number(text: &str) -> StoreResult<i64> {
    text.parse()
        .map_err(|_| corrupt(format!("a roll-up count reads {text:?}")))
}

fn region_code(code: &str) -> StoreResult<RegionCode> {
    RegionCode::parse(code).map_err(|e| corrupt(e.to_string()))
}

/// Puts packed station counts, by region, into rows read without them.
pub(super) fn with_station_counts(rows: Vec<RollupRow>, counts: Vec<PackedRow>) -> Vec<RollupRow> {
    let mut counts: std::collections::HashMap<String, String> = counts.into_iter().collect();
    rows.into_iter()
        .map(|mut row| {
            row.6 = counts.remove(&row.0).unwrap_or_default();
            row
        })
        .collect()
}

/// Roll-ups from their rows, in code order.
pub(super) fn rollups_from_rows(rows: Vec<RollupRow>) -> StoreResult<Vec<RegionRollup>> {
    let mut rollups = rows
        .into_iter()
        .map(
            |(code, villages, poverty, covered, covered_poverty, informants, counts, months)| {
                let mut stations = unpack(&counts)?
                    .into_iter()
                    .map(|[station_type, status, stations, compliant]| {
                        Ok(StationCount {
                            station_type: StationType::from_code(station_type).ok_or_else(
                                || corrupt(format!("unknown station type {station_type}")),
                            )?,
                            status: StationStatus::from_code(status)
                                .ok_or_else(|| corrupt(format!("unknown status {status}")))?,
                            stations: number(stations)?,
                            compliant: number(compliant)?,
                        })
                    })
                    .collect::<StoreResult<Vec<_>>>()?;
                stations.sort_by_key(|count| (count.station_type, count.status));
                let mut months = unpack(&months)?
                    .into_iter()
                    .map(|[month, opened, closed, covered]| {
                        Ok(super::MonthChange {
                            month: month.to_owned(),
                            stations_opened: number(opened)?,
                            stations_closed: number(closed)?,
                            villages_covered: number(covered)?,
                        })
                    })
                    .collect::<StoreResult<Vec<_>>>()?;
                months.sort_by(|a, b| a.month.cmp(&b.month));
                Ok(RegionRollup {
                    code: region_code(&code)?,
                    figures: CoverageFigures {
                        villages,
                        poverty_villages: poverty,
                        covered_villages: covered,
                        covered_poverty_villages: covered_poverty,
                        qualified_informants: informants,
                        stations,
                    },
                    months,
                })
            },
        )
        .collect::<StoreResult<Vec<_>>>()?;
    rollups.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(rollups)
}

/// Service counts by kind code and informant counts by status, as the activity queries
/// return them; every kind is listed, in order, with zero when none was recorded.
pub(super) fn activity_from_rows(
    services: Vec<(String, i64)>,
    informants: Vec<(String, i64)>,
) -> Activity {
    let count = |rows: &[(String, i64)], code: &str| {
        rows.iter()
            .find(|(row_code, _)| row_code == code)
            .map_or(0, |(_, n)| *n)
    };
    Activity {
        services: ServiceKind::ALL
            .into_iter()
            .map(|kind| (kind, count(&services, kind.code())))
            .collect(),
        informants: InformantCounts {
            registered: informants.iter().map(|(_, n)| n).sum(),
            in_training: count(&informants, "training"),
            qualified: count(&informants, "qualified"),
            dismissed: count(&informants, "dismissed"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_rows_unpack_and_damaged_ones_are_reported() {
        assert_eq!(
            unpack::<4>("2019-03:2:0:2,2018-11:1:0:1").unwrap(),
            [["2019-03", "2", "0", "2"], ["2018-11", "1", "0", "1"]]
        );
        assert!(unpack::<4>("2019-03:2:0").is_err());
        assert!(unpack::<4>("").unwrap().is_empty());
        let rollups = rollups_from_rows(vec![
            (
                "3708".into(),
                5,
                0,
                3,
                0,
                0,
                String::new(),
                "2019-03:2:0:2,2018-11:1:0:1".into(),
            ),
            (
                "3701".into(),
                4,
                0,
                1,
                0,
                0,
                String::new(),
                "2020-01:1:1:0".into(),
            ),
        ])
        .unwrap();
        let order: Vec<_> = rollups
            .iter()
            .flat_map(|r| r.months.iter().map(|m| (r.code.as_str(), m.month.as_str())))
            .collect();
        assert_eq!(
            order,
            [
                ("3701", "2020-01"),
                ("3708", "2018-11"),
                ("3708", "2019-03")
            ]
        );
        let damaged = (
            "3708".into(),
            5,
            0,
            3,
            0,
            0,
            String::new(),
            "2019-03:x:0:2".into(),
        );
        assert!(rollups_from_rows(vec![damaged]).is_err());
    }

    #[test]
    fn packed_station_counts_join_their_region_in_type_and_status_order() {
        let rollups = rollups_from_rows(with_station_counts(
            vec![
                (
                    "370811".into(),
                    10,
                    2,
                    6,
                    1,
                    7,
                    String::new(),
                    String::new(),
                ),
                ("370802".into(), 3, 0, 0, 0, 0, String::new(), String::new()),
            ],
            vec![(
                "370811".into(),
                "standard:operating:5:3,demonstration:declared:1:0".into(),
            )],
        ))
        .unwrap();
        assert_eq!(rollups[0].code.as_str(), "370802");
        assert!(
            rollups[0].figures.stations.is_empty(),
            "no stations: nothing packed"
        );
        let (code, figures) = (&rollups[1].code, &rollups[1].figures);
        assert_eq!(code.as_str(), "370811");
        assert_eq!(figures.covered_villages, 6);
        assert_eq!(
            figures.stations,
            [
                StationCount {
                    station_type: StationType::Demonstration,
                    status: StationStatus::Declared,
                    stations: 1,
                    compliant: 0
                },
                StationCount {
                    station_type: StationType::Standard,
                    status: StationStatus::Operating,
                    stations: 5,
                    compliant: 3
                },
            ]
        );
    }
}
