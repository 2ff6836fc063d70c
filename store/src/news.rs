//! 村网页 news: the storage interface.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use yinong_model::news::NewsItem;
use yinong_model::region::RegionCode;
use yinong_model::review::ReviewStatus;

use super::photos::split_photos;
use super::sync::{Arrival, Receipt};
use super::{in_china, place_below_county, StoreError, StoreResult};
use crate::engine::{on_tx, SqlStore};
use crate::submissions::{SubmissionTable, Submissions, Submitted};
use crate::Store;

#[derive(Clone, Debug)]
pub struct NewNewsRecord<'a> {
    pub region: &'a RegionCode,
    pub title: &'a str,
    pub body: &'a str,
    pub photos: &'a [String],
    pub author_id: i64,
    pub at: DateTime<Utc>,
}

#[async_trait]
pub trait NewsStore: Send + Sync {
    /// Stores news that arrived as `receipt`, unless its id arrived before.
    async fn write_news(
        &self,
        new: &NewNewsRecord<'_>,
        receipt: &Receipt<'_>,
    ) -> StoreResult<Arrival>;
}

#[derive(sqlx::FromRow)]
pub struct NewsRow {
    id: i64,
    title: String,
    body: String,
    photos: String,
    region_code: String,
    region_name: String,
    parent_name: String,
    grandparent_name: String,
    author_name: String,
    written_at: DateTime<Utc>,
    status: String,
    review_note: Option<String>,
    author_id: i64,
}

pub(super) const NEWS_SELECT: &str = "SELECT n.id, n.title, n.body, n.photos, n.region_code, \
    r.name AS region_name, p.name AS parent_name, g.name AS grandparent_name, \
    u.name AS author_name, n.written_at, n.status, n.review_note, n.author_id \
    FROM village_news n JOIN regions r ON r.code = n.region_code \
    JOIN regions p ON p.code = r.parent_code JOIN regions g ON g.code = p.parent_code \
    JOIN users u ON u.id = n.author_id";

pub(super) fn news_from_row(row: NewsRow) -> StoreResult<(NewsItem, i64)> {
    let corrupt = |what: String| StoreError::Corrupt(format!("news {}: {what}", row.id));
    let status = ReviewStatus::from_code(&row.status).ok_or_else(|| corrupt(row.status.clone()))?;
    let region_code = RegionCode::parse(&row.region_code).map_err(|e| corrupt(e.to_string()))?;
    let place = place_below_county(
        &region_code,
        &row.region_name,
        &row.parent_name,
        &row.grandparent_name,
    );
    let item = NewsItem {
        id: row.id,
        title: row.title,
        body: row.body,
        photos: split_photos(&row.photos),
        region_code,
        place,
        author_name: row.author_name,
        written_at: in_china(row.written_at),
        status,
        review_note: row.review_note,
    };
    Ok((item, row.author_id))
}

#[async_trait::async_trait]
impl crate::NewsStore for SqlStore {
    async fn write_news(
        &self,
        new: &crate::news::NewNewsRecord<'_>,
        receipt: &crate::sync::Receipt<'_>,
    ) -> crate::StoreResult<crate::sync::Arrival> {
        self.receive(Some(receipt), async |tx| {
            on_tx!(tx, |tx| {
                Ok(sqlx::query_scalar(
                    "INSERT INTO village_news (region_code, title, body, photos, status, \
                 author_id, written_at) VALUES ($1, $2, $3, $4, 'pending', $5, $6) \
                 RETURNING id",
                )
                .bind(new.region.as_str())
                .bind(new.title)
                .bind(new.body)
                .bind(crate::photos::join_photos(new.photos))
                .bind(new.author_id)
                .bind(new.at)
                .fetch_one(&mut *tx)
                .await?)
            })
        })
        .await
    }
}

impl Submitted for NewsItem {
    type Row = NewsRow;
    const TABLE: SubmissionTable = SubmissionTable {
        table: "village_news",
        alias: "n",
        sender: "author_id",
        sent_at: "written_at",
        select: NEWS_SELECT,
        counted_as: Some(yinong_model::service::counted_as::VILLAGE_NEWS),
    };

    fn from_row(row: NewsRow) -> StoreResult<(NewsItem, i64)> {
        news_from_row(row)
    }

    fn kept_in(store: &dyn Store) -> &dyn Submissions<Self> {
        store
    }
}
