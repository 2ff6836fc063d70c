//! The embedded default: one SQLite file, nothing to install.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
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

pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating the file and its folder when missing) and migrates the database.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .foreign_keys(true)
            // WAL lets readers go on while the one writer writes.
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10));
        if let Some(folder) = options.get_filename().parent() {
            if !folder.as_os_str().is_empty() {
                std::fs::create_dir_all(folder).map_err(sqlx::Error::Io)?;
            }
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        sqlx::migrate!("migrations/sqlite").run(&pool).await?;
        Ok(Self { pool })
    }
}

impl_shared_store!(SqliteStore, sqlx::Sqlite, Backend::Sqlite);
impl_shared_account_store!(SqliteStore, sqlx::Sqlite);
impl_shared_station_store!(SqliteStore, sqlx::Sqlite);
impl_shared_portal_store!(SqliteStore, sqlx::Sqlite);
impl_shared_request_store!(SqliteStore, sqlx::Sqlite);
impl_shared_bulletin_store!(SqliteStore, sqlx::Sqlite);
impl_shared_training_store!(SqliteStore, sqlx::Sqlite);
impl_shared_job_store!(SqliteStore, sqlx::Sqlite);
impl_shared_listing_store!(SqliteStore, sqlx::Sqlite);
impl_shared_question_store!(SqliteStore, sqlx::Sqlite);
impl_shared_price_store!(SqliteStore, sqlx::Sqlite);
impl_shared_news_store!(SqliteStore, sqlx::Sqlite);
impl_shared_qualification_store!(SqliteStore, sqlx::Sqlite);
impl_shared_incident_store!(SqliteStore, sqlx::Sqlite);
impl_shared_decisions!(SqliteStore);
impl_shared_sync_store!(SqliteStore, sqlx::Sqlite);
impl_shared_photo_store!(SqliteStore);
