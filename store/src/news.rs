//! 村网页 news: the storage interface.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use yinong_model::news::NewsItem;
use yinong_model::region::RegionCode;
use yinong_model::review::ReviewStatus;

use super::photos::split_photos;
use super::sync::{Arrival, Receipt};
use super::{in_china, place_below_county, Decision, StoreError, StoreResult};

#[derive(Clone, Debug)]
pub struct NewNewsRecord<'a> {
    pub region: &'a RegionCode,
    pub title: &'a str,
    pub body: &'a str,
    pub photos: &'a [String],
    pub author_id: i64,
    pub at: DateTime<Utc>,
}

/// Which news a list shows, newest first: inside `within`, in `status`, by `author`.
#[derive(Clone, Debug, Default)]
pub struct NewsFilter {
    pub within: Option<RegionCode>,
    pub status: Option<ReviewStatus>,
    pub author: Option<i64>,
}

#[async_trait]
pub trait NewsStore: Send + Sync {
    /// Stores news that arrived as `receipt`, unless its id arrived before.
    async fn write_news(
        &self,
        new: &NewNewsRecord<'_>,
        receipt: &Receipt<'_>,
    ) -> StoreResult<Arrival>;
    async fn news(
        &self,
        filter: &NewsFilter,
        offset: i64,
        limit: i64,
    ) -> StoreResult<(Vec<NewsItem>, i64)>;
    /// One item with its author's id.
    async fn news_item(&self, id: i64) -> StoreResult<Option<(NewsItem, i64)>>;
    /// [`StoreError::Conflict`] when someone decided first.
    async fn decide_news(&self, id: i64, decision: &Decision<'_>) -> StoreResult<()>;
}

#[derive(sqlx::FromRow)]
pub(super) struct NewsRow {
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
