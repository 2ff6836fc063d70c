//! PostgreSQL: the engine for a province or the nation.

use sqlx::migrate::MigrateDatabase;
use sqlx::postgres::PgPoolOptions;
use sqlx::{PgPool, Postgres};
use yinong_model::system::Backend;

use super::shared::impl_shared_store;
use super::shared_accounts::impl_shared_account_store;
use super::shared_bulletins::impl_shared_bulletin_store;
use super::shared_decisions::impl_shared_decisions;
use super::shared_incidents::impl_shared_incident_store;
use super::shared_jobs::impl_shared_job_store;
use super::shared_listings::impl_shared_listing_store;
use super::shared_news::impl_shared_news_store;
use super::shared_photos::impl_shared_photo_store;
use super::shared_portal::impl_shared_portal_store;
use super::shared_prices::impl_shared_price_store;
use super::shared_qualification::impl_shared_qualification_store;
use super::shared_questions::impl_shared_question_store;
use super::shared_requests::impl_shared_request_store;
use super::shared_stations::impl_shared_station_store;
use super::shared_sync::impl_shared_sync_store;
use super::shared_training::impl_shared_training_store;
use super::StoreResult;

pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects (creating the database when the server lacks it) and migrates.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        if !Postgres::database_exists(url).await? {
            Postgres::create_database(url).await?;
        }
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .connect(url)
            .await?;
        sqlx::migrate!("migrations/postgres").run(&pool).await?;
        Ok(Self { pool })
    }
}

impl_shared_store!(PgStore, sqlx::Postgres, Backend::Postgres);
impl_shared_account_store!(PgStore, sqlx::Postgres);
impl_shared_station_store!(PgStore, sqlx::Postgres);
impl_shared_portal_store!(PgStore, sqlx::Postgres);
impl_shared_request_store!(PgStore, sqlx::Postgres);
impl_shared_bulletin_store!(PgStore, sqlx::Postgres);
impl_shared_training_store!(PgStore, sqlx::Postgres);
impl_shared_job_store!(PgStore, sqlx::Postgres);
impl_shared_listing_store!(PgStore, sqlx::Postgres);
impl_shared_question_store!(PgStore, sqlx::Postgres);
impl_shared_price_store!(PgStore, sqlx::Postgres);
impl_shared_news_store!(PgStore, sqlx::Postgres);
impl_shared_qualification_store!(PgStore, sqlx::Postgres);
impl_shared_incident_store!(PgStore, sqlx::Postgres);
impl_shared_decisions!(PgStore);
impl_shared_sync_store!(PgStore, sqlx::Postgres);
impl_shared_photo_store!(PgStore);
