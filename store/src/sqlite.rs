//! The embedded default: one SQLite file, nothing to install.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::engine::{Pool, SqlStore};
use crate::{Durability, StoreResult};

/// Opens (creating the file and its folder when missing) and migrates the database.
pub async fn connect(url: &str, durability: Durability) -> StoreResult<SqlStore> {
    let options = options(url, durability)?;
    let file = options.get_filename().to_owned();
    if let Some(folder) = options.get_filename().parent() {
        if !folder.as_os_str().is_empty() {
            std::fs::create_dir_all(folder).map_err(sqlx::Error::Io)?;
        }
    }
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?;
    MIGRATOR.run(&pool).await?;
    let in_use = std::fs::File::open(&file).map_err(sqlx::Error::Io)?;
    in_use.try_lock_shared().map_err(|_| {
        crate::StoreError::Backup("the database is being restored: start again afterwards".into())
    })?;
    Ok(SqlStore {
        pool: Pool::Sqlite(pool),
        _in_use: Some(in_use),
        photos: Default::default(),
    })
}

/// The tables' history, applied in order when the server starts.
pub(crate) static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

/// How every connection to the database at `url` is set up.
pub(crate) fn options(url: &str, durability: Durability) -> StoreResult<SqliteConnectOptions> {
    Ok(SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .foreign_keys(true)
        // WAL lets readers go on while the one writer writes.
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(match durability {
            Durability::Full => SqliteSynchronous::Full,
            Durability::Normal => SqliteSynchronous::Normal,
        })
        .busy_timeout(Duration::from_secs(10)))
}
