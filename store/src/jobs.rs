//! The jobs board: the storage interface.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use yinong_model::jobs::{JobKind, JobPost};
use yinong_model::region::RegionCode;

use super::sync::{Arrival, Receipt};
use super::{place_below_county, StoreError, StoreResult};
use crate::engine::{on_pool, on_tx, SqlStore, Tx};
use crate::sql::{counted_page, push_within};

/// A post as the store takes it.
#[derive(Clone, Debug)]
pub struct NewJobRecord<'a> {
    pub kind: JobKind,
    pub region: &'a RegionCode,
    pub title: &'a str,
    pub description: &'a str,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub pay: &'a str,
    pub headcount: Option<u32>,
    pub contact_name: &'a str,
    /// The number of whom a post made for someone is for; the poster's otherwise.
    pub contact_phone: Option<&'a str>,
    pub poster_id: i64,
    pub at: DateTime<Utc>,
}

/// Which posts the board shows: not taken down, work not over by `today`, inside `within`
/// (the country when `None`), of `kind`, with work on the day `on`; soonest work first.
#[derive(Clone, Debug)]
pub struct JobFilter {
    pub within: Option<RegionCode>,
    pub kind: Option<JobKind>,
    pub on: Option<NaiveDate>,
    pub today: NaiveDate,
}

#[async_trait]
pub trait JobStore: Send + Sync {
    /// Stores a post unless its poster — for a post made for someone, their number — has
    /// `open_limit` posts still showing on `today` (then [`StoreError::Conflict`]). One
    /// that arrived as `receipt` (from an outbox, or under an idempotency key) is stored
    /// unless its id arrived before.
    async fn post_job(
        &self,
        new: &NewJobRecord<'_>,
        open_limit: i64,
        today: NaiveDate,
        receipt: Option<&Receipt<'_>>,
    ) -> StoreResult<Arrival>;
    /// A page of the board and how many posts it holds in all; `viewer`'s own are marked.
    async fn jobs(
        &self,
        filter: &JobFilter,
        viewer: Option<i64>,
        offset: i64,
        limit: i64,
    ) -> StoreResult<(Vec<JobPost>, i64)>;
    /// Who posted it, if it exists.
    async fn job_poster(&self, id: i64) -> StoreResult<Option<i64>>;
    /// Takes a post down; [`StoreError::Conflict`] when it was already.
    async fn withdraw_job(&self, id: i64, at: DateTime<Utc>) -> StoreResult<()>;
}

/// id, kind, title, description, region, region name, parent name, grandparent name,
/// starts, ends, pay, headcount, contact, phone, poster.
pub(super) type JobRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    NaiveDate,
    NaiveDate,
    String,
    Option<i32>,
    String,
    String,
    i64,
);

/// The columns of a [`JobRow`]: a post with its place's two levels above it and the
/// poster's phone.
pub(super) const JOB_SELECT: &str = "SELECT j.id, j.kind, j.title, j.description, \
    j.region_code, r.name, p.name, g.name, j.starts_on, j.ends_on, j.pay, \
    j.headcount, j.contact_name, COALESCE(j.contact_phone, u.phone), j.poster_id \
    FROM job_posts j JOIN regions r ON r.code = j.region_code \
    JOIN regions p ON p.code = r.parent_code JOIN regions g ON g.code = p.parent_code \
    JOIN users u ON u.id = j.poster_id";

pub(super) fn job_from_row(
    (
        id,
        kind,
        title,
        description,
        region,
        name,
        parent,
        grandparent,
        starts_on,
        ends_on,
        pay,
        headcount,
        contact_name,
        contact_phone,
        poster,
    ): JobRow,
    viewer: Option<i64>,
) -> StoreResult<JobPost> {
    let kind = JobKind::from_code(&kind)
        .ok_or_else(|| StoreError::Corrupt(format!("job {id} has kind {kind}")))?;
    let region_code = RegionCode::parse(&region).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let place = place_below_county(&region_code, &name, &parent, &grandparent);
    Ok(JobPost {
        id,
        kind,
        title,
        description,
        region_code,
        place,
        starts_on: starts_on.to_string(),
        ends_on: ends_on.to_string(),
        pay,
        headcount: headcount.map(|n| n as u32),
        contact_name,
        contact_phone,
        mine: viewer == Some(poster),
    })
}

impl SqlStore {
    /// Inserts a post in `tx` unless whoever it counts against — the one whose
    /// number it carries, or else its poster — has `open_limit` posts still
    /// showing on `today`.
    pub(crate) async fn insert_job(
        tx: impl Into<Tx<'_>>,
        new: &crate::jobs::NewJobRecord<'_>,
        open_limit: i64,
        today: chrono::NaiveDate,
    ) -> crate::StoreResult<i64> {
        on_tx!(tx.into(), |tx| {
            crate::engine::WriteLock::JobPosts
                .hold(
                    (&mut *tx).into(),
                    crate::sql::counted_against_key(new.contact_phone, new.poster_id),
                )
                .await?;
            let mut count = sqlx::QueryBuilder::<Db>::new(
                "SELECT COUNT(*) FROM job_posts WHERE withdrawn_at IS NULL AND ends_on >= ",
            );
            count.push_bind(today);
            crate::sql::push_counted_against(&mut count, new.contact_phone, new.poster_id);
            let open: i64 = count.build_query_scalar().fetch_one(&mut *tx).await?;
            if open >= open_limit {
                return Err(crate::StoreError::Conflict(format!(
                    "account {} has {open} open posts",
                    new.poster_id
                )));
            }
            let id = sqlx::query_scalar(
                "INSERT INTO job_posts (kind, region_code, title, description, starts_on, \
                 ends_on, pay, headcount, contact_name, contact_phone, poster_id, posted_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
            )
            .bind(new.kind.code())
            .bind(new.region.as_str())
            .bind(new.title)
            .bind(new.description)
            .bind(new.starts_on)
            .bind(new.ends_on)
            .bind(new.pay)
            .bind(new.headcount.map(|n| n as i32))
            .bind(new.contact_name)
            .bind(new.contact_phone)
            .bind(new.poster_id)
            .bind(new.at)
            .fetch_one(&mut *tx)
            .await?;
            let item = yinong_model::service::counted_as::JOB_FOR_FARMER;
            Self::count_post_for_farmer(&mut *tx, new.contact_phone, new.poster_id, item, new.at)
                .await?;
            Ok(id)
        })
    }
}

#[async_trait::async_trait]
impl crate::JobStore for SqlStore {
    async fn post_job(
        &self,
        new: &crate::jobs::NewJobRecord<'_>,
        open_limit: i64,
        today: chrono::NaiveDate,
        receipt: Option<&crate::sync::Receipt<'_>>,
    ) -> crate::StoreResult<crate::sync::Arrival> {
        self.receive(receipt, async |tx| {
            Self::insert_job(tx, new, open_limit, today).await
        })
        .await
    }

    async fn jobs(
        &self,
        filter: &crate::jobs::JobFilter,
        viewer: Option<i64>,
        offset: i64,
        limit: i64,
    ) -> crate::StoreResult<(Vec<yinong_model::jobs::JobPost>, i64)> {
        on_pool!(&self.pool, |pool| {
            use crate::jobs::*;
            let push_filter = |builder: &mut sqlx::QueryBuilder<'_, Db>| {
                push_within(builder, " WHERE", "j.region_code", filter.within.as_ref());
                builder.push(" AND j.ends_on >= ").push_bind(filter.today);
                builder.push(" AND j.withdrawn_at IS NULL");
                if let Some(kind) = filter.kind {
                    builder.push(" AND j.kind = ").push_bind(kind.code());
                }
                if let Some(day) = filter.on {
                    builder.push(" AND j.starts_on <= ").push_bind(day);
                    builder.push(" AND j.ends_on >= ").push_bind(day);
                }
            };
            counted_page!(
                pool,
                count: "FROM job_posts j",
                select: JOB_SELECT,
                filter: push_filter,
                order: " ORDER BY j.starts_on, j.id",
                page: (offset, limit),
                decode: |row| job_from_row(row, viewer),
            )
        })
    }

    async fn job_poster(&self, id: i64) -> crate::StoreResult<Option<i64>> {
        on_pool!(&self.pool, |pool| {
            Ok(
                sqlx::query_scalar("SELECT poster_id FROM job_posts WHERE id = $1")
                    .bind(id)
                    .fetch_optional(pool)
                    .await?,
            )
        })
    }

    async fn withdraw_job(
        &self,
        id: i64,
        at: chrono::DateTime<chrono::Utc>,
    ) -> crate::StoreResult<()> {
        on_pool!(&self.pool, |pool| {
            let done = sqlx::query(
                "UPDATE job_posts SET withdrawn_at = $1 WHERE id = $2 AND withdrawn_at IS NULL",
            )
            .bind(at)
            .bind(id)
            .execute(pool)
            .await?;
            if done.rows_affected() == 0 {
                return Err(crate::StoreError::Conflict(format!(
                    "job {id} is taken down already or missing"
                )));
            }
            Ok(())
        })
    }
}
