//! 市场价格: the storage interface.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use yinong_model::price::{PriceReport, PublishedPrice, ReviewStatus};
use yinong_model::region::RegionCode;

use super::photos::split_photos;
use super::sync::{Arrival, Receipt};
use super::{place_below_county, StoreError, StoreResult};
use crate::engine::{on_pool, on_tx, SqlStore};
use crate::submissions::{SubmissionTable, Submissions, Submitted};
use crate::Store;

/// A report as the store takes it; it starts [`ReviewStatus::Pending`].
#[derive(Clone, Debug)]
pub struct NewPriceRecord<'a> {
    pub region: &'a RegionCode,
    pub product: &'a str,
    pub grade: &'a str,
    pub unit: &'a str,
    pub price_fen: i64,
    pub market: &'a str,
    pub observed_on: NaiveDate,
    pub photos: &'a [String],
    pub reporter_id: i64,
    pub at: DateTime<Utc>,
}

#[async_trait]
pub trait PriceStore: Send + Sync {
    /// Stores a report that arrived as `receipt`, unless its id arrived before.
    async fn report_price(
        &self,
        new: &NewPriceRecord<'_>,
        receipt: &Receipt<'_>,
    ) -> StoreResult<Arrival>;
    /// Approved reports inside `within` observed on `since` or later, of products whose
    /// name contains `product`.
    async fn published_prices(
        &self,
        within: Option<&RegionCode>,
        since: NaiveDate,
        product: Option<&str>,
    ) -> StoreResult<Vec<PublishedPrice>>;
}

#[derive(sqlx::FromRow)]
pub struct PriceRow {
    id: i64,
    product: String,
    grade: String,
    unit: String,
    price_fen: i64,
    market: String,
    observed_on: NaiveDate,
    region_code: String,
    region_name: String,
    parent_name: String,
    grandparent_name: String,
    reporter_name: String,
    status: String,
    review_note: Option<String>,
    photos: String,
    reporter_id: i64,
}

pub(super) const PRICE_SELECT: &str = "SELECT pr.id, pr.product, pr.grade, pr.unit, \
    pr.price_fen, pr.market, pr.observed_on, pr.region_code, r.name AS region_name, \
    p.name AS parent_name, g.name AS grandparent_name, u.name AS reporter_name, pr.status, \
    pr.review_note, pr.photos, pr.reporter_id \
    FROM price_reports pr JOIN regions r ON r.code = pr.region_code \
    JOIN regions p ON p.code = r.parent_code JOIN regions g ON g.code = p.parent_code \
    JOIN users u ON u.id = pr.reporter_id";

/// A report and its reporter's id.
pub(super) fn price_from_row(row: PriceRow) -> StoreResult<(PriceReport, i64)> {
    let corrupt = |what: String| StoreError::Corrupt(format!("price report {}: {what}", row.id));
    let status = ReviewStatus::from_code(&row.status).ok_or_else(|| corrupt(row.status.clone()))?;
    let region_code = RegionCode::parse(&row.region_code).map_err(|e| corrupt(e.to_string()))?;
    let place = place_below_county(
        &region_code,
        &row.region_name,
        &row.parent_name,
        &row.grandparent_name,
    );
    let report = PriceReport {
        id: row.id,
        product: row.product,
        grade: row.grade,
        unit: row.unit,
        price_fen: row.price_fen,
        market: row.market,
        observed_on: row.observed_on.to_string(),
        region_code,
        place,
        reporter_name: row.reporter_name,
        status,
        review_note: row.review_note,
        photos: split_photos(&row.photos),
    };
    Ok((report, row.reporter_id))
}

#[async_trait::async_trait]
impl crate::PriceStore for SqlStore {
    async fn report_price(
        &self,
        new: &crate::prices::NewPriceRecord<'_>,
        receipt: &crate::sync::Receipt<'_>,
    ) -> crate::StoreResult<crate::sync::Arrival> {
        self.receive(Some(receipt), async |tx| {
            on_tx!(tx, |tx| {
                Ok(sqlx::query_scalar(
                    "INSERT INTO price_reports (region_code, product, grade, unit, price_fen, \
                 market, observed_on, photos, status, reporter_id, reported_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $10) RETURNING id",
                )
                .bind(new.region.as_str())
                .bind(new.product)
                .bind(new.grade)
                .bind(new.unit)
                .bind(new.price_fen)
                .bind(new.market)
                .bind(new.observed_on)
                .bind(crate::photos::join_photos(new.photos))
                .bind(new.reporter_id)
                .bind(new.at)
                .fetch_one(&mut *tx)
                .await?)
            })
        })
        .await
    }

    async fn published_prices(
        &self,
        within: Option<&yinong_model::region::RegionCode>,
        since: chrono::NaiveDate,
        product: Option<&str>,
    ) -> crate::StoreResult<Vec<yinong_model::price::PublishedPrice>> {
        on_pool!(&self.pool, |pool| {
            use crate::prices::*;
            let mut query = sqlx::QueryBuilder::<Db>::new(PRICE_SELECT);
            query.push(" WHERE pr.status = 'approved'");
            crate::sql::push_within(&mut query, " AND", "pr.region_code", within);
            query.push(" AND pr.observed_on >= ").push_bind(since);
            if let Some(product) = product {
                query.push(" AND pr.product LIKE ");
                query.push_bind(crate::listings::contains_pattern(product));
                query.push(" ESCAPE '\\'");
            }
            let rows: Vec<PriceRow> = query.build_query_as().fetch_all(pool).await?;
            rows.into_iter()
                .map(|row| {
                    let (report, _) = price_from_row(row)?;
                    Ok(yinong_model::price::PublishedPrice {
                        product: report.product,
                        grade: report.grade,
                        unit: report.unit,
                        market: report.market,
                        place: report.place,
                        observed_on: report.observed_on,
                        price_fen: report.price_fen,
                    })
                })
                .collect()
        })
    }
}

impl Submitted for PriceReport {
    type Row = PriceRow;
    const TABLE: SubmissionTable = SubmissionTable {
        table: "price_reports",
        alias: "pr",
        sender: "reporter_id",
        sent_at: "reported_at",
        select: PRICE_SELECT,
        counted_as: Some(yinong_model::service::counted_as::PRICE_REPORT),
    };

    fn from_row(row: PriceRow) -> StoreResult<(PriceReport, i64)> {
        price_from_row(row)
    }

    fn kept_in(store: &dyn Store) -> &dyn Submissions<Self> {
        store
    }
}
