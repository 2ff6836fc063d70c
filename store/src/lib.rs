//! Storage, and the only place that writes SQL: one [`Store`] interface made of one trait
//! per feature, implemented once by [`SqlStore`] for SQLite and PostgreSQL alike.
//!
//! Each feature's file holds its trait, its records and its SQL (`jobs.rs`: `JobStore`,
//! `NewJobRecord`, `impl JobStore for SqlStore`); the SQL is written once for both
//! engines and run on the open one through `engine::on_pool!` / `on_tx!`. `sqlite.rs` and
//! `postgres.rs` open a store (connection set-up and migrations, in
//! `migrations/<engine>/`). The contract tests (`api/tests/store_contract.rs`) and every
//! HTTP test run the same cases on both engines.

pub mod acceptance;
pub mod accounts;
pub mod backup;
pub mod bench;
pub mod bulletins;
mod engine;
pub mod experts;
pub mod group_training;
pub mod imports;
pub mod incidents;
pub mod jobs;
pub mod listings;
pub mod news;
pub mod operators;
pub mod photo_bucket;
pub mod photos;
pub mod portal;
mod postgres;
pub mod prices;
pub mod progress;
pub mod qualification;
pub mod questions;
pub mod requests;
mod services;
mod shared;
mod sql;
mod sqlite;
pub mod stations;
pub mod submissions;
pub mod sync;
pub mod training;

use std::sync::Arc;

use async_trait::async_trait;
use yinong_model::acceptance::Filing;
use yinong_model::incident::Incident;
use yinong_model::news::NewsItem;
use yinong_model::operator::{Complaint, CorrectionReport};
use yinong_model::price::PriceReport;
use yinong_model::progress::ProgressReport;
use yinong_model::region::{Region, RegionCode, RegionLevel};
use yinong_model::service::ServiceType;
use yinong_model::station::{StationDetails, StationStatus};
use yinong_model::system::{Backend, Overview};
use yinong_model::target::Target;

pub use self::acceptance::{AcceptanceStore, InspectionRecord};
pub use self::accounts::{
    AccountStore, Change, CountKey, Expired, NewUserRecord, OtpIssue, OtpLimits, OtpRecord, Purged,
    SessionRecord, UserRecord, Window,
};
pub use self::bulletins::BulletinStore;
pub use self::engine::{PoolUsage, Preparing, SqlStore};
pub use self::experts::ExpertStore;
pub use self::group_training::GroupTrainingStore;
pub use self::imports::{
    AccountImport, ImportStore, InformantImport, KnownRegion, StationImport, VillageMerge,
};
pub use self::incidents::IncidentStore;
pub use self::jobs::JobStore;
pub use self::listings::ListingStore;
pub use self::news::NewsStore;
pub use self::operators::OperatorStore;
pub use self::photo_bucket::{BucketSettings, PhotoBucket, PhotoPlace, PhotoStorage};
pub use self::photos::{PhotoKept, PhotoPlaces, PhotoQuota, PhotoStore};
pub use self::portal::PortalStore;
pub use self::prices::PriceStore;
pub use self::progress::ProgressStore;
pub use self::qualification::QualificationStore;
pub use self::questions::QuestionStore;
pub use self::requests::RequestStore;
pub use self::stations::{MonthChange, RegionRollup, StationFilter, StationStore, Transition};
pub use self::submissions::{Decision, SubmissionFilter, Submissions, Submitted};
pub use self::sync::SyncStore;
pub use self::training::TrainingStore;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("unsupported DATABASE_URL “{0}”: use sqlite://PATH or postgres://…")]
    UnsupportedUrl(String),
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    #[error("backup: {0}")]
    Backup(String),
    #[error("not found: {0}")]
    NotFound(String),
    /// A unique value (phone number, username, …) is taken already, or a row changed
    /// under a conditional update.
    #[error("already exists: {0}")]
    Conflict(String),
    /// The object storage holding photos failed or is set up wrong.
    #[error("object storage: {0}")]
    Bucket(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// China's clock: what farmers read, and the day things count for.
pub fn china_time(at: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::FixedOffset> {
    at.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("a valid offset"))
}

/// The moment a China-time clock reading stands for.
pub fn from_china(local: chrono::NaiveDateTime) -> chrono::DateTime<chrono::Utc> {
    (local - chrono::Duration::hours(8)).and_utc()
}

/// Today on China's calendar: the day posts expire and things count for.
pub fn china_today() -> chrono::NaiveDate {
    china_time(chrono::Utc::now()).date_naive()
}

/// A moment as the API tells it: RFC 3339 in China time, to the second.
pub fn in_china(at: chrono::DateTime<chrono::Utc>) -> String {
    china_time(at).to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// Where a township or village is, from its county down: "任城区 许庄街道 张营村" (a
/// village's county is two levels up, a township's one).
pub fn place_below_county(
    code: &RegionCode,
    name: &str,
    parent: &str,
    grandparent: &str,
) -> String {
    match code.level() {
        RegionLevel::Village => format!("{grandparent} {parent} {name}"),
        _ => format!("{parent} {name}"),
    }
}

/// A generated station (demo data or a benchmark fixture) with its informants and
/// records, stored in bulk. Its 六有 flag is derived on insert.
#[derive(Clone, Debug, PartialEq)]
pub struct DemoStation {
    pub code: String,
    pub region_code: RegionCode,
    pub status: StationStatus,
    pub details: StationDetails,
    pub opened_on: Option<chrono::NaiveDate>,
    pub closed_on: Option<chrono::NaiveDate>,
    pub informants: Vec<DemoInformant>,
    pub service_records: Vec<DemoServiceRecord>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DemoInformant {
    pub name: String,
    pub phone: String,
    pub status: &'static str,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DemoServiceRecord {
    pub kind: &'static str,
    pub item_code: &'static str,
    pub served_on: chrono::NaiveDate,
}

#[async_trait]
pub trait Store:
    AccountStore
    + StationStore
    + PortalStore
    + RequestStore
    + BulletinStore
    + TrainingStore
    + JobStore
    + ListingStore
    + PhotoStore
    + QuestionStore
    + ExpertStore
    + GroupTrainingStore
    + ProgressStore
    + OperatorStore
    + PriceStore
    + NewsStore
    + SyncStore
    + QualificationStore
    + IncidentStore
    + ImportStore
    + AcceptanceStore
    + Submissions<PriceReport>
    + Submissions<NewsItem>
    + Submissions<Incident>
    + Submissions<Filing>
    + Submissions<ProgressReport>
    + Submissions<CorrectionReport>
    + Submissions<Complaint>
    + Send
    + Sync
    + 'static
{
    fn backend(&self) -> Backend;
    /// The connections the pool holds now and how many of them wait unused.
    fn pool_usage(&self) -> PoolUsage;
    /// Waits until no other server is preparing this database, and keeps others waiting
    /// until the answer is dropped.
    async fn preparing(&self) -> StoreResult<Preparing>;

    /// Inserts or updates the service types and their items (matched by code).
    async fn upsert_service_catalogue(&self, catalogue: &[ServiceType]) -> StoreResult<()>;
    /// The service types in display order, each with its items in display order.
    async fn service_types(&self) -> StoreResult<Vec<ServiceType>>;

    /// Inserts or updates regions by code. Parents must already exist or come earlier in
    /// the slice. Idempotent: loading the same regions twice changes nothing.
    async fn upsert_regions(&self, regions: &[Region]) -> StoreResult<()>;
    async fn region(&self, code: &RegionCode) -> StoreResult<Option<Region>>;
    /// The region and the regions above it, province first, in one read (a code begins
    /// with its ancestors' codes); missing ones are left out.
    async fn ancestry(&self, code: &RegionCode) -> StoreResult<Vec<Region>>;
    /// The regions directly below `parent` (the provinces when `None`), ordered by code.
    async fn child_regions(&self, parent: Option<&RegionCode>) -> StoreResult<Vec<Region>>;
    async fn count_child_regions(&self, parent: Option<&RegionCode>) -> StoreResult<i64>;

    /// Stores regions' boundaries (a GeoJSON geometry each), replacing earlier ones.
    async fn upsert_shapes(&self, shapes: &[(RegionCode, String)]) -> StoreResult<()>;
    /// The boundaries of the regions directly below `parent` (the provinces when `None`)
    /// that have one, ordered by code.
    async fn child_shapes(&self, parent: Option<&RegionCode>)
        -> StoreResult<Vec<(Region, String)>>;

    /// Inserts or updates targets, matched by region, period, metric and source.
    async fn upsert_targets(&self, targets: &[Target]) -> StoreResult<()>;
    /// Sets one target (matched by region, period, metric and source) and records the
    /// change with its before/after in the audit log, in one transaction; returns what the
    /// target was before, if it existed.
    async fn set_target(&self, target: &Target, change: Change<'_>) -> StoreResult<Option<Target>>;
    /// Targets set for `region` or any region inside it (all when `None`), ordered by
    /// region, period, metric.
    async fn targets_within(&self, region: Option<&RegionCode>) -> StoreResult<Vec<Target>> {
        self.targets_down_to(region, RegionLevel::Village.code_len())
            .await
    }
    /// What a coverage answer uses of them: the targets of `region` and of the regions
    /// inside it with codes of at most `code_len` digits, and the typed-station targets
    /// (they add up to the type plan) of any region inside it.
    async fn targets_down_to(
        &self,
        region: Option<&RegionCode>,
        code_len: usize,
    ) -> StoreResult<Vec<Target>>;
    /// The periods with a target set for `region` or any region inside it.
    async fn target_periods(&self, region: Option<&RegionCode>) -> StoreResult<Vec<String>>;

    /// Stores generated stations with their informants and records, all marked demo.
    /// Coverage roll-ups are left alone: call `refresh_coverage` once after the last batch.
    async fn insert_demo_stations(&self, stations: &[DemoStation]) -> StoreResult<()>;
    async fn has_demo_data(&self) -> StoreResult<bool>;

    async fn overview(&self) -> StoreResult<Overview>;
}

/// What a write the server acknowledged survives. Phones delete a record from their
/// outbox once it is acknowledged, so losing an acknowledged write loses the record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Durability {
    /// A power cut or an operating-system crash: each commit reaches the disk before it is
    /// acknowledged (SQLite `synchronous=FULL`, PostgreSQL `synchronous_commit=on`).
    #[default]
    Full,
    /// Only the server process crashing: the last commits before a power cut may be lost,
    /// never the database's consistency (SQLite `synchronous=NORMAL` in WAL mode,
    /// PostgreSQL `synchronous_commit=off`). `cargo xtask bench` prints what it saves.
    Normal,
}

impl std::str::FromStr for Durability {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "full" => Ok(Self::Full),
            "normal" => Ok(Self::Normal),
            other => Err(format!("“{other}”不是可选的持久性：应为 full 或 normal")),
        }
    }
}

/// Opens the database named by `url` (`sqlite://…` or `postgres://…`), creating it when it
/// does not exist, and brings its schema up to date; writes are [`Durability::Full`].
pub async fn connect(url: &str) -> StoreResult<Arc<dyn Store>> {
    connect_with(url, Durability::Full, PhotoStorage::default()).await
}

/// [`connect`] with the durability of acknowledged writes and the photos' storage chosen.
pub async fn connect_with(
    url: &str,
    durability: Durability,
    photos: PhotoStorage,
) -> StoreResult<Arc<dyn Store>> {
    let mut store = if url.starts_with("sqlite:") {
        sqlite::connect(url, durability).await?
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        postgres::connect(url, durability).await?
    } else {
        return Err(StoreError::UnsupportedUrl(url.to_owned()));
    };
    store.photos = photos;
    Ok(Arc::new(store))
}
