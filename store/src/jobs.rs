//! The jobs board: the storage interface.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use yinong_model::jobs::{JobKind, JobPost};
use yinong_model::region::RegionCode;

use super::sync::{Arrival, Receipt};
use super::{place_below_county, StoreError, StoreResult};

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
    /// `open_limit` posts still showing on `today` (then [`StoreError::Conflict`]).
    async fn post_job(
        &self,
        new: &NewJobRecord<'_>,
        open_limit: i64,
        today: NaiveDate,
    ) -> StoreResult<i64>;
    /// The same for a post an informant made for someone from the phone's outbox, that
    /// arrived as `receipt`, unless its id arrived before.
    async fn post_job_for_farmer(
        &self,
        new: &NewJobRecord<'_>,
        open_limit: i64,
        today: NaiveDate,
        receipt: &Receipt<'_>,
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
