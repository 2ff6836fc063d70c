//! 产品供求: the storage interface.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use yinong_model::listing::{Listing, ListingKind, ListingStatus};
use yinong_model::region::RegionCode;

use super::sync::{Arrival, Receipt};
use super::{in_china, place_below_county, StoreError, StoreResult};
use crate::engine::{on_pool, on_tx, BeginWriting, SqlStore, Tx};
use crate::sql::{counted_page, push_within};

/// A post as the store takes it; it starts [`ListingStatus::Pending`].
#[derive(Clone, Debug)]
pub struct NewListingRecord<'a> {
    pub kind: ListingKind,
    pub region: &'a RegionCode,
    pub product: &'a str,
    pub quantity: &'a str,
    pub unit: &'a str,
    pub price: &'a str,
    pub description: &'a str,
    pub contact_name: &'a str,
    /// A farmer's number for a post the informant makes for them; the poster's otherwise.
    pub contact_phone: Option<&'a str>,
    pub photos: &'a [String],
    pub days: u32,
    pub expires_on: NaiveDate,
    pub poster_id: i64,
    pub at: DateTime<Utc>,
}

/// Which posts a list shows, newest first: inside `within` (the country when `None`), of
/// `kind`, whose product name contains `product`, in `status`, by `poster` (or, for a
/// reviewer's queue, not by `for_reviewer`: nobody reviews their own), and — with
/// `showing_on` — only those approved and not expired on that day.
#[derive(Clone, Debug, Default)]
pub struct ListingFilter {
    pub within: Option<RegionCode>,
    pub kind: Option<ListingKind>,
    pub product: Option<String>,
    pub status: Option<ListingStatus>,
    pub poster: Option<i64>,
    pub for_reviewer: Option<i64>,
    pub showing_on: Option<NaiveDate>,
}

/// A post's step to another status: a reviewer's decision (with the reason the poster
/// reads; an approval sets the post's last day anew), or its poster taking it down.
#[derive(Clone, Debug)]
pub struct ListingStep<'a> {
    /// The status the actor saw: the step is made only if the post is still in it.
    pub from: ListingStatus,
    pub to: ListingStatus,
    pub note: Option<&'a str>,
    pub expires_on: Option<NaiveDate>,
    pub by: i64,
    pub at: DateTime<Utc>,
}

#[async_trait]
pub trait ListingStore: Send + Sync {
    /// Stores a post unless its poster has `open_limit` posts waiting or showing on
    /// `today` ([`StoreError::Conflict`]) — for a post made for a farmer, unless that
    /// farmer's number has. One that arrived as `receipt` (from an outbox, or under an
    /// idempotency key) is stored unless its id arrived before.
    async fn post_listing(
        &self,
        new: &NewListingRecord<'_>,
        open_limit: i64,
        today: NaiveDate,
        receipt: Option<&Receipt<'_>>,
    ) -> StoreResult<Arrival>;
    /// A page of posts and how many match in all; `viewer`'s own are marked.
    async fn listings(
        &self,
        filter: &ListingFilter,
        viewer: Option<i64>,
        offset: i64,
        limit: i64,
    ) -> StoreResult<(Vec<Listing>, i64)>;
    /// One post, whatever its status, with its poster's id.
    async fn listing(&self, id: i64, viewer: Option<i64>) -> StoreResult<Option<(Listing, i64)>>;
    /// Moves a post on if it is still in `step.from` ([`StoreError::Conflict`] when
    /// someone moved it first).
    async fn move_listing(&self, id: i64, step: &ListingStep<'_>) -> StoreResult<()>;
    /// Records one account's report; once `hide_at` reports arrived since the last
    /// approval, an approved post goes back to step. Returns its status after.
    /// [`StoreError::Conflict`] when this account reported it before.
    async fn report_listing(
        &self,
        id: i64,
        reporter_id: i64,
        reason: &str,
        hide_at: i64,
        at: DateTime<Utc>,
    ) -> StoreResult<ListingStatus>;
}

#[derive(sqlx::FromRow)]
pub(super) struct ListingRow {
    id: i64,
    kind: String,
    status: String,
    product: String,
    quantity: String,
    unit: String,
    price: String,
    description: String,
    region_code: String,
    region_name: String,
    parent_name: String,
    grandparent_name: String,
    contact_name: String,
    contact_phone: String,
    photos: String,
    posted_at: DateTime<Utc>,
    days: i32,
    expires_on: NaiveDate,
    review_note: Option<String>,
    open_reports: i32,
    poster_id: i64,
}

/// The columns of a [`ListingRow`]: a post with its place's two levels above it and the
/// poster's phone.
pub(super) const LISTING_SELECT: &str = "SELECT l.id, l.kind, l.status, l.product, \
    l.quantity, l.unit, l.price, l.description, l.region_code, r.name AS region_name, \
    p.name AS parent_name, g.name AS grandparent_name, l.contact_name, \
    COALESCE(l.contact_phone, u.phone) AS contact_phone, l.photos, l.posted_at, l.days, l.expires_on, l.review_note, \
    l.open_reports, l.poster_id \
    FROM listings l JOIN regions r ON r.code = l.region_code \
    JOIN regions p ON p.code = r.parent_code JOIN regions g ON g.code = p.parent_code \
    JOIN users u ON u.id = l.poster_id";

/// A post and its poster's id.
pub(super) fn listing_from_row(
    row: ListingRow,
    viewer: Option<i64>,
) -> StoreResult<(Listing, i64)> {
    let corrupt = |what: String| StoreError::Corrupt(format!("listing {}: {what}", row.id));
    let kind = ListingKind::from_code(&row.kind).ok_or_else(|| corrupt(row.kind.clone()))?;
    let status =
        ListingStatus::from_code(&row.status).ok_or_else(|| corrupt(row.status.clone()))?;
    let region_code = RegionCode::parse(&row.region_code).map_err(|e| corrupt(e.to_string()))?;
    let place = place_below_county(
        &region_code,
        &row.region_name,
        &row.parent_name,
        &row.grandparent_name,
    );
    let listing = Listing {
        id: row.id,
        kind,
        status,
        product: row.product,
        quantity: row.quantity,
        unit: row.unit,
        price: row.price,
        description: row.description,
        region_code,
        place,
        contact_name: row.contact_name,
        contact_phone: row.contact_phone,
        photos: super::photos::split_photos(&row.photos),
        posted_at: in_china(row.posted_at),
        days: row.days.max(0) as u32,
        expires_on: row.expires_on.to_string(),
        review_note: row.review_note,
        reports: i64::from(row.open_reports),
        mine: viewer == Some(row.poster_id),
    };
    Ok((listing, row.poster_id))
}

/// `text` as a LIKE pattern matching any name that contains it (`\` escapes).
pub(super) fn contains_pattern(text: &str) -> String {
    let mut pattern = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

impl SqlStore {
    /// Inserts a post in `tx` unless whoever it counts against — the farmer whose
    /// number it carries, or else its poster — has `open_limit` posts waiting or
    /// showing on `today`.
    pub(crate) async fn insert_listing(
        tx: impl Into<Tx<'_>>,
        new: &crate::listings::NewListingRecord<'_>,
        open_limit: i64,
        today: chrono::NaiveDate,
    ) -> crate::StoreResult<i64> {
        on_tx!(tx.into(), |tx| {
            crate::engine::WriteLock::Listings
                .hold(
                    (&mut *tx).into(),
                    crate::sql::counted_against_key(new.contact_phone, new.poster_id),
                )
                .await?;
            use crate::StoreError;
            let mut count = sqlx::QueryBuilder::<Db>::new(
                "SELECT COUNT(*) FROM listings WHERE (status = 'pending' \
                 OR (status = 'approved' AND expires_on >= ",
            );
            count.push_bind(today).push("))");
            crate::sql::push_counted_against(&mut count, new.contact_phone, new.poster_id);
            let open: i64 = count.build_query_scalar().fetch_one(&mut *tx).await?;
            if open >= open_limit {
                return Err(StoreError::Conflict(format!(
                    "account {} has {open} open listings",
                    new.poster_id
                )));
            }
            let id = sqlx::query_scalar(
                "INSERT INTO listings (kind, status, region_code, product, quantity, unit, \
                 price, description, contact_name, contact_phone, photos, days, expires_on, \
                 poster_id, posted_at) VALUES ($1, 'pending', $2, $3, $4, $5, $6, $7, $8, \
                 $9, $10, $11, $12, $13, $14) RETURNING id",
            )
            .bind(new.kind.code())
            .bind(new.region.as_str())
            .bind(new.product)
            .bind(new.quantity)
            .bind(new.unit)
            .bind(new.price)
            .bind(new.description)
            .bind(new.contact_name)
            .bind(new.contact_phone)
            .bind(crate::photos::join_photos(new.photos))
            .bind(new.days as i32)
            .bind(new.expires_on)
            .bind(new.poster_id)
            .bind(new.at)
            .fetch_one(&mut *tx)
            .await?;
            let item = yinong_model::service::counted_as::LISTING_FOR_FARMER;
            Self::count_post_for_farmer(&mut *tx, new.contact_phone, new.poster_id, item, new.at)
                .await?;
            Ok(id)
        })
    }
}

#[async_trait::async_trait]
impl crate::ListingStore for SqlStore {
    async fn post_listing(
        &self,
        new: &crate::listings::NewListingRecord<'_>,
        open_limit: i64,
        today: chrono::NaiveDate,
        receipt: Option<&crate::sync::Receipt<'_>>,
    ) -> crate::StoreResult<crate::sync::Arrival> {
        self.receive(receipt, async |tx| {
            Self::insert_listing(tx, new, open_limit, today).await
        })
        .await
    }

    async fn listings(
        &self,
        filter: &crate::listings::ListingFilter,
        viewer: Option<i64>,
        offset: i64,
        limit: i64,
    ) -> crate::StoreResult<(Vec<yinong_model::listing::Listing>, i64)> {
        on_pool!(&self.pool, |pool| {
            use crate::listings::*;
            let push_filter = |builder: &mut sqlx::QueryBuilder<'_, Db>| {
                push_within(builder, " WHERE", "l.region_code", filter.within.as_ref());
                if let Some(kind) = filter.kind {
                    builder.push(" AND l.kind = ").push_bind(kind.code());
                }
                if let Some(status) = filter.status {
                    builder.push(" AND l.status = ").push_bind(status.code());
                }
                if let Some(poster) = filter.poster {
                    builder.push(" AND l.poster_id = ").push_bind(poster);
                }
                if let Some(reviewer) = filter.for_reviewer {
                    builder.push(" AND l.poster_id <> ").push_bind(reviewer);
                }
                if let Some(day) = filter.showing_on {
                    builder.push(" AND l.status = 'approved' AND l.expires_on >= ");
                    builder.push_bind(day);
                }
                if let Some(product) = filter.product.as_deref() {
                    builder.push(" AND l.product LIKE ");
                    builder.push_bind(crate::listings::contains_pattern(product));
                    builder.push(" ESCAPE '\\'");
                }
            };
            counted_page!(
                pool,
                count: "FROM listings l",
                select: LISTING_SELECT,
                filter: push_filter,
                order: " ORDER BY l.posted_at DESC, l.id DESC",
                page: (offset, limit),
                decode: |row| listing_from_row(row, viewer).map(|(listing, _)| listing),
            )
        })
    }

    async fn listing(
        &self,
        id: i64,
        viewer: Option<i64>,
    ) -> crate::StoreResult<Option<(yinong_model::listing::Listing, i64)>> {
        on_pool!(&self.pool, |pool| {
            use crate::listings::*;
            let row: Option<ListingRow> =
                sqlx::query_as(&format!("{LISTING_SELECT} WHERE l.id = $1"))
                    .bind(id)
                    .fetch_optional(pool)
                    .await?;
            row.map(|row| listing_from_row(row, viewer)).transpose()
        })
    }

    async fn move_listing(
        &self,
        id: i64,
        step: &crate::listings::ListingStep<'_>,
    ) -> crate::StoreResult<()> {
        on_pool!(&self.pool, |pool| {
            use yinong_model::listing::ListingStatus;
            let approved = step.to == ListingStatus::Approved;
            let done = sqlx::query(
                "UPDATE listings SET status = $1, review_note = $2, decided_by = $3, \
                 decided_at = $4, expires_on = COALESCE($5, expires_on), \
                 open_reports = CASE WHEN $6 THEN 0 ELSE open_reports END \
                 WHERE id = $7 AND status = $8",
            )
            .bind(step.to.code())
            .bind(step.note)
            .bind(step.by)
            .bind(step.at)
            .bind(step.expires_on)
            .bind(approved)
            .bind(id)
            .bind(step.from.code())
            .execute(pool)
            .await?;
            if done.rows_affected() == 0 {
                return Err(crate::StoreError::Conflict(format!(
                    "listing {id} is no longer {}",
                    step.from.code()
                )));
            }
            Ok(())
        })
    }

    async fn report_listing(
        &self,
        id: i64,
        reporter_id: i64,
        reason: &str,
        hide_at: i64,
        at: chrono::DateTime<chrono::Utc>,
    ) -> crate::StoreResult<yinong_model::listing::ListingStatus> {
        on_pool!(&self.pool, |pool| {
            use crate::StoreError;
            let mut tx = pool.begin_writing().await?;
            let reported = sqlx::query(
                "INSERT INTO listing_reports (listing_id, reporter_id, reason, reported_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (listing_id, reporter_id) DO NOTHING",
            )
            .bind(id)
            .bind(reporter_id)
            .bind(reason)
            .bind(at)
            .execute(&mut *tx)
            .await?;
            if reported.rows_affected() == 0 {
                return Err(StoreError::Conflict(format!(
                    "account {reporter_id} reported listing {id} before"
                )));
            }
            let status: String = sqlx::query_scalar(
                "UPDATE listings SET open_reports = open_reports + 1, status = CASE \
                 WHEN status = 'approved' AND open_reports + 1 >= $1 THEN 'pending' \
                 ELSE status END WHERE id = $2 RETURNING status",
            )
            .bind(hide_at as i32)
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            yinong_model::listing::ListingStatus::from_code(&status)
                .ok_or_else(|| StoreError::Corrupt(format!("listing {id} is {status}")))
        })
    }
}
