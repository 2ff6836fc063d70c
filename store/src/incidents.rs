//! 病虫害和灾情 reports: the storage interface.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use yinong_model::incident::{
    ConditionGrade, CropCondition, GrowthStage, Incident, IncidentKind, Location,
};
use yinong_model::region::RegionCode;
use yinong_model::review::ReviewStatus;

use super::photos::split_photos;
use super::sync::{Arrival, Receipt};
use super::{in_china, place_below_county, StoreError, StoreResult};
use crate::engine::{on_tx, SqlStore};
use crate::submissions::{SubmissionTable, Submissions, Submitted};
use crate::Store;

#[derive(Clone, Debug)]
pub struct NewIncidentRecord<'a> {
    pub region: &'a RegionCode,
    pub kind: IncidentKind,
    pub crop: &'a str,
    pub description: &'a str,
    pub area_tenths: Option<u32>,
    pub location: Option<Location>,
    pub photos: &'a [String],
    pub condition: Option<CropCondition>,
    pub reporter_id: i64,
    pub at: DateTime<Utc>,
}

#[async_trait]
pub trait IncidentStore: Send + Sync {
    /// Stores a report that arrived as `receipt`, unless its id arrived before.
    async fn report_incident(
        &self,
        new: &NewIncidentRecord<'_>,
        receipt: &Receipt<'_>,
    ) -> StoreResult<Arrival>;
}

#[derive(sqlx::FromRow)]
pub struct IncidentRow {
    id: i64,
    kind: String,
    crop: String,
    description: String,
    area_tenths: Option<i32>,
    latitude_e6: Option<i32>,
    longitude_e6: Option<i32>,
    photos: String,
    stage: Option<String>,
    grade: Option<String>,
    progress_percent: Option<i32>,
    yield_jin_per_mu: Option<i32>,
    region_code: String,
    region_name: String,
    parent_name: String,
    grandparent_name: String,
    reporter_name: String,
    reported_at: DateTime<Utc>,
    status: String,
    review_note: Option<String>,
    reporter_id: i64,
}

pub(super) const INCIDENT_SELECT: &str = "SELECT i.id, i.kind, i.crop, i.description, \
    i.area_tenths, i.latitude_e6, i.longitude_e6, i.photos, i.stage, i.grade, \
    i.progress_percent, i.yield_jin_per_mu, i.region_code, \
    r.name AS region_name, p.name AS parent_name, g.name AS grandparent_name, \
    u.name AS reporter_name, i.reported_at, i.status, i.review_note, i.reporter_id \
    FROM incident_reports i JOIN regions r ON r.code = i.region_code \
    JOIN regions p ON p.code = r.parent_code JOIN regions g ON g.code = p.parent_code \
    JOIN users u ON u.id = i.reporter_id";

pub(super) fn incident_from_row(row: IncidentRow) -> StoreResult<(Incident, i64)> {
    let corrupt = |what: String| StoreError::Corrupt(format!("incident {}: {what}", row.id));
    let status = ReviewStatus::from_code(&row.status).ok_or_else(|| corrupt(row.status.clone()))?;
    let kind = IncidentKind::from_code(&row.kind).ok_or_else(|| corrupt(row.kind.clone()))?;
    let region_code = RegionCode::parse(&row.region_code).map_err(|e| corrupt(e.to_string()))?;
    let place = place_below_county(
        &region_code,
        &row.region_name,
        &row.parent_name,
        &row.grandparent_name,
    );
    let location = match (row.latitude_e6, row.longitude_e6) {
        (Some(latitude_e6), Some(longitude_e6)) => Some(Location {
            latitude_e6,
            longitude_e6,
        }),
        _ => None,
    };
    let condition = match (row.stage.as_deref(), row.grade.as_deref()) {
        (Some(stage), Some(grade)) => Some(CropCondition {
            stage: GrowthStage::from_code(stage).ok_or_else(|| corrupt(stage.to_owned()))?,
            grade: ConditionGrade::from_code(grade).ok_or_else(|| corrupt(grade.to_owned()))?,
            progress_percent: row.progress_percent.map(|n| n as u32),
            yield_jin_per_mu: row.yield_jin_per_mu.map(|n| n as u32),
        }),
        _ => None,
    };
    let incident = Incident {
        id: row.id,
        kind,
        crop: row.crop,
        description: row.description,
        area_mu: row
            .area_tenths
            .map(|tenths| format!("{}.{}", tenths / 10, tenths % 10)),
        location,
        photos: split_photos(&row.photos),
        condition,
        region_code,
        place,
        reporter_name: row.reporter_name,
        reported_at: in_china(row.reported_at),
        status,
        review_note: row.review_note,
    };
    Ok((incident, row.reporter_id))
}

#[async_trait::async_trait]
impl crate::IncidentStore for SqlStore {
    async fn report_incident(
        &self,
        new: &crate::incidents::NewIncidentRecord<'_>,
        receipt: &crate::sync::Receipt<'_>,
    ) -> crate::StoreResult<crate::sync::Arrival> {
        self.receive(Some(receipt), async |tx| {
            on_tx!(tx, |tx| {
                Ok(sqlx::query_scalar(
                    "INSERT INTO incident_reports (region_code, kind, crop, description, \
                     area_tenths, latitude_e6, longitude_e6, photos, stage, grade, \
                     progress_percent, yield_jin_per_mu, status, reporter_id, reported_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'pending', \
                     $13, $14) RETURNING id",
                )
                .bind(new.region.as_str())
                .bind(new.kind.code())
                .bind(new.crop)
                .bind(new.description)
                .bind(new.area_tenths.map(|tenths| tenths as i32))
                .bind(new.location.map(|l| l.latitude_e6))
                .bind(new.location.map(|l| l.longitude_e6))
                .bind(crate::photos::join_photos(new.photos))
                .bind(new.condition.map(|c| c.stage.code()))
                .bind(new.condition.map(|c| c.grade.code()))
                .bind(
                    new.condition
                        .and_then(|c| c.progress_percent)
                        .map(|n| n as i32),
                )
                .bind(
                    new.condition
                        .and_then(|c| c.yield_jin_per_mu)
                        .map(|n| n as i32),
                )
                .bind(new.reporter_id)
                .bind(new.at)
                .fetch_one(&mut *tx)
                .await?)
            })
        })
        .await
    }
}

impl Submitted for Incident {
    type Row = IncidentRow;
    const TABLE: SubmissionTable = SubmissionTable {
        table: "incident_reports",
        alias: "i",
        sender: "reporter_id",
        sent_at: "reported_at",
        select: INCIDENT_SELECT,
        // A field report informs the county; it is no service to a farmer by itself.
        counted_as: None,
    };

    fn from_row(row: IncidentRow) -> StoreResult<(Incident, i64)> {
        incident_from_row(row)
    }

    fn kept_in(store: &dyn Store) -> &dyn Submissions<Self> {
        store
    }
}
