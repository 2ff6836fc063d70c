//! 验收 and 备案: a station's inspections (a passed one accepts it, in the same
//! transaction), the county's stations ready to file, and filings — a filing is kept as it
//! was sent and reviewed as every submission is (`Submitted`), by the city.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use yinong_model::acceptance::{
    CheckedItem, FiledStation, Filing, Inspection, InspectionResult, NewInspection,
};
use yinong_model::region::RegionCode;
use yinong_model::review::ReviewStatus;
use yinong_model::station::StationStatus;

use crate::engine::{on_pool, on_tx, SqlStore, WriteLock};
use crate::sql::subtree_range;
use crate::submissions::{SubmissionTable, Submissions, Submitted};
use crate::{in_china, place_below_county, Store, StoreError, StoreResult, Transition};

#[async_trait]
pub trait AcceptanceStore: Send + Sync {
    /// Records an inspection of built station `code` (checked by the caller); a passed one
    /// accepts the station in the same transaction. [`StoreError::Conflict`] when the
    /// station is no longer built.
    async fn record_inspection(
        &self,
        code: &str,
        record: &InspectionRecord<'_>,
    ) -> StoreResult<Inspection>;
    /// A station's inspections, newest first.
    async fn inspections(&self, code: &str) -> StoreResult<Vec<Inspection>>;
    /// The status of the latest filing that holds station `code`, if any.
    async fn filing_status(&self, code: &str) -> StoreResult<Option<ReviewStatus>>;
    /// The stations of `county` ready to file: accepted by a passed inspection (or open
    /// since), in no filing the city has confirmed or still has to decide.
    async fn stations_to_file(&self, county: &RegionCode) -> StoreResult<Vec<FiledStation>>;
    /// Files `stations` of `county` to its city as one filing, in one transaction;
    /// [`StoreError::Conflict`] naming the first station not ready to file.
    async fn file_stations(
        &self,
        county: &RegionCode,
        stations: &[String],
        by: i64,
        at: DateTime<Utc>,
    ) -> StoreResult<Filing>;
}

/// An inspection to record: as sent, with its dates read, who recorded it and when.
pub struct InspectionRecord<'a> {
    pub inspection: &'a NewInspection,
    pub inspected_on: NaiveDate,
    /// The correction's deadline, for a failed inspection.
    pub correct_by: Option<NaiveDate>,
    pub by: i64,
    pub at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
pub struct InspectionRow {
    id: i64,
    station_code: String,
    inspected_on: NaiveDate,
    inspectors: String,
    items: String,
    result: String,
    problems: String,
    correct_by: Option<NaiveDate>,
    recorded_by: String,
    recorded_at: DateTime<Utc>,
}

const INSPECTION_SELECT: &str = "SELECT i.id, i.station_code, i.inspected_on, i.inspectors, \
    i.items, i.result, i.problems, i.correct_by, u.name AS recorded_by, i.recorded_at \
    FROM station_inspections i JOIN users u ON u.id = i.recorded_by";

fn inspection_from_row(row: InspectionRow) -> StoreResult<Inspection> {
    let corrupt = |what: String| StoreError::Corrupt(format!("inspection {}: {what}", row.id));
    let result =
        InspectionResult::from_code(&row.result).ok_or_else(|| corrupt(row.result.clone()))?;
    let items: Vec<CheckedItem> =
        serde_json::from_str(&row.items).map_err(|e| corrupt(e.to_string()))?;
    Ok(Inspection {
        id: row.id,
        station_code: row.station_code,
        inspected_on: row.inspected_on.to_string(),
        inspectors: row.inspectors,
        items,
        result,
        problems: row.problems,
        correct_by: row.correct_by.map(|day| day.to_string()),
        recorded_by: row.recorded_by,
        recorded_at: in_china(row.recorded_at),
    })
}

#[derive(sqlx::FromRow)]
pub struct FilingRow {
    id: i64,
    region_code: String,
    county_name: String,
    stations: String,
    status: String,
    review_note: Option<String>,
    sent_by_name: String,
    sent_at: DateTime<Utc>,
    sent_by: i64,
}

const FILING_SELECT: &str = "SELECT f.id, f.region_code, r.name AS county_name, f.stations, \
    f.status, f.review_note, u.name AS sent_by_name, f.sent_at, f.sent_by \
    FROM station_filings f JOIN regions r ON r.code = f.region_code \
    JOIN users u ON u.id = f.sent_by";

fn filing_from_row(row: FilingRow) -> StoreResult<(Filing, i64)> {
    let corrupt = |what: String| StoreError::Corrupt(format!("filing {}: {what}", row.id));
    let status = ReviewStatus::from_code(&row.status).ok_or_else(|| corrupt(row.status.clone()))?;
    let region_code = RegionCode::parse(&row.region_code).map_err(|e| corrupt(e.to_string()))?;
    let stations = serde_json::from_str(&row.stations).map_err(|e| corrupt(e.to_string()))?;
    Ok((
        Filing {
            id: row.id,
            region_code,
            county_name: row.county_name,
            stations,
            status,
            review_note: row.review_note,
            sent_by: row.sent_by_name,
            sent_at: in_china(row.sent_at),
        },
        row.sent_by,
    ))
}

impl Submitted for Filing {
    type Row = FilingRow;
    const TABLE: SubmissionTable = SubmissionTable {
        table: "station_filings",
        alias: "f",
        sender: "sent_by",
        sent_at: "sent_at",
        select: FILING_SELECT,
        counted_as: None,
    };

    fn from_row(row: FilingRow) -> StoreResult<(Filing, i64)> {
        filing_from_row(row)
    }

    fn kept_in(store: &dyn Store) -> &dyn Submissions<Self> {
        store
    }
}

/// A station ready to file, as a filing lists it: code, name, village and township (or
/// township and county), and the passed inspection.
type ReadyRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    NaiveDate,
    String,
);

/// Stations inside `$1`..`$2` ready to file (see [`AcceptanceStore::stations_to_file`]).
const READY_TO_FILE: &str = "SELECT s.code, s.name, s.region_code, r.name, p.name, g.name, \
    i.inspected_on, i.inspectors \
    FROM stations s JOIN regions r ON r.code = s.region_code \
    JOIN regions p ON p.code = r.parent_code JOIN regions g ON g.code = p.parent_code \
    JOIN station_inspections i ON i.id = (SELECT MAX(id) FROM station_inspections \
        WHERE station_code = s.code AND result = 'passed') \
    WHERE s.region_code >= $1 AND s.region_code < $2 \
    AND s.status IN ('accepted', 'operating') \
    AND NOT EXISTS (SELECT 1 FROM station_filing_items fi \
        JOIN station_filings f ON f.id = fi.filing_id \
        WHERE fi.station_code = s.code AND f.status IN ('pending', 'approved'))";

fn ready_from_row(
    (code, name, region, village, parent, grandparent, inspected_on, inspectors): ReadyRow,
) -> StoreResult<FiledStation> {
    let region = RegionCode::parse(&region).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(FiledStation {
        code,
        name,
        place: place_below_county(&region, &village, &parent, &grandparent),
        inspected_on: Some(inspected_on.to_string()),
        inspectors: Some(inspectors),
    })
}

/// What a filing or an inspection keeps as JSON.
fn packed(value: &impl serde::Serialize) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

#[async_trait]
impl AcceptanceStore for SqlStore {
    async fn record_inspection(
        &self,
        code: &str,
        record: &InspectionRecord<'_>,
    ) -> StoreResult<Inspection> {
        let inspection = record.inspection;
        let result = inspection.result();
        let items = packed(&inspection.items)?;
        let correct_by = record
            .correct_by
            .filter(|_| result == InspectionResult::Failed);
        let mut tx = self.writing().await?;
        let status: Option<String> = on_tx!(tx.tx(), |tx| {
            sqlx::query_scalar("SELECT status FROM stations WHERE code = $1")
                .bind(code)
                .fetch_optional(&mut *tx)
                .await?
        });
        if status.as_deref() != Some(StationStatus::Built.code()) {
            return Err(StoreError::Conflict(format!("station {code} is not built")));
        }
        let id: i64 = on_tx!(tx.tx(), |tx| {
            sqlx::query_scalar(
                "INSERT INTO station_inspections (station_code, inspected_on, inspectors, \
                 items, result, problems, correct_by, recorded_by, recorded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(code)
            .bind(record.inspected_on)
            .bind(inspection.inspectors.trim())
            .bind(&items)
            .bind(result.code())
            .bind(inspection.problems.trim())
            .bind(correct_by)
            .bind(record.by)
            .bind(record.at)
            .fetch_one(&mut *tx)
            .await?
        });
        if result == InspectionResult::Passed {
            let reason = format!("验收合格（{}）", inspection.inspectors.trim());
            let transition = Transition {
                from: StationStatus::Built,
                to: StationStatus::Accepted,
                reason: Some(&reason),
                actor_id: Some(record.by),
                at: record.at,
            };
            SqlStore::transition_in(tx.tx(), code, &transition).await?;
        }
        let row: InspectionRow = on_tx!(tx.tx(), |tx| {
            sqlx::query_as(&format!("{INSPECTION_SELECT} WHERE i.id = $1"))
                .bind(id)
                .fetch_one(&mut *tx)
                .await?
        });
        tx.commit().await?;
        inspection_from_row(row)
    }

    async fn inspections(&self, code: &str) -> StoreResult<Vec<Inspection>> {
        let sql = format!("{INSPECTION_SELECT} WHERE i.station_code = $1 ORDER BY i.id DESC");
        let rows: Vec<InspectionRow> = on_pool!(&self.pool, |pool| {
            sqlx::query_as(&sql).bind(code).fetch_all(pool).await?
        });
        rows.into_iter().map(inspection_from_row).collect()
    }

    async fn filing_status(&self, code: &str) -> StoreResult<Option<ReviewStatus>> {
        let status: Option<String> = on_pool!(&self.pool, |pool| {
            sqlx::query_scalar(
                "SELECT f.status FROM station_filing_items fi \
                 JOIN station_filings f ON f.id = fi.filing_id \
                 WHERE fi.station_code = $1 ORDER BY f.id DESC LIMIT 1",
            )
            .bind(code)
            .fetch_optional(pool)
            .await?
        });
        status
            .map(|code| {
                ReviewStatus::from_code(&code)
                    .ok_or_else(|| StoreError::Corrupt(format!("filing status {code}")))
            })
            .transpose()
    }

    async fn stations_to_file(&self, county: &RegionCode) -> StoreResult<Vec<FiledStation>> {
        let (from, to) = subtree_range(county);
        let sql = format!("{READY_TO_FILE} ORDER BY s.code");
        let rows: Vec<ReadyRow> = on_pool!(&self.pool, |pool| {
            sqlx::query_as(&sql)
                .bind(&from)
                .bind(&to)
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(ready_from_row).collect()
    }

    async fn file_stations(
        &self,
        county: &RegionCode,
        stations: &[String],
        by: i64,
        at: DateTime<Utc>,
    ) -> StoreResult<Filing> {
        let (from, to) = subtree_range(county);
        let mut tx = self.writing().await?;
        // Two filings sent at once must not both take a station.
        WriteLock::Filings.hold(tx.tx(), county.as_str()).await?;
        let mut filed = Vec::with_capacity(stations.len());
        for code in stations {
            let row: Option<ReadyRow> = on_tx!(tx.tx(), |tx| {
                sqlx::query_as(&format!("{READY_TO_FILE} AND s.code = $3"))
                    .bind(&from)
                    .bind(&to)
                    .bind(code)
                    .fetch_optional(&mut *tx)
                    .await?
            });
            let row = row.ok_or_else(|| StoreError::Conflict(code.clone()))?;
            filed.push(ready_from_row(row)?);
        }
        let packed = packed(&filed)?;
        let id: i64 = on_tx!(tx.tx(), |tx| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO station_filings (region_code, stations, status, sent_by, sent_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(county.as_str())
            .bind(&packed)
            .bind(ReviewStatus::Pending.code())
            .bind(by)
            .bind(at)
            .fetch_one(&mut *tx)
            .await?;
            for station in &filed {
                sqlx::query(
                    "INSERT INTO station_filing_items (filing_id, station_code) VALUES ($1, $2)",
                )
                .bind(id)
                .bind(&station.code)
                .execute(&mut *tx)
                .await?;
            }
            id
        });
        let row: FilingRow = on_tx!(tx.tx(), |tx| {
            sqlx::query_as(&format!("{FILING_SELECT} WHERE f.id = $1"))
                .bind(id)
                .fetch_one(&mut *tx)
                .await?
        });
        tx.commit().await?;
        Ok(filing_from_row(row)?.0)
    }
}
