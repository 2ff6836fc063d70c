//! PostgreSQL: the engine for a province or the nation.

use sqlx::migrate::MigrateDatabase;
use std::str::FromStr;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::Postgres;

use crate::engine::{Pool, SqlStore};
use crate::{Durability, StoreResult};

/// Connects (creating the database when the server lacks it) and migrates.
pub async fn connect(url: &str, durability: Durability) -> StoreResult<SqlStore> {
    if !Postgres::database_exists(url).await? {
        Postgres::create_database(url).await?;
    }
    let pool = PgPoolOptions::new()
        .max_connections(16)
        // A connection is not pinged each time it is taken: that doubled every query's
        // round trips, and a broken one fails its query and is dropped anyway.
        .test_before_acquire(false)
        .connect_with(options(url, durability)?)
        .await?;
    sqlx::migrate!("migrations/postgres").run(&pool).await?;
    Ok(SqlStore {
        pool: Pool::Postgres(pool),
        _in_use: None,
        photos: Default::default(),
    })
}

/// How every connection to the database at `url` is set up.
pub(crate) fn options(url: &str, durability: Durability) -> StoreResult<PgConnectOptions> {
    let options = PgConnectOptions::from_str(url)?;
    Ok(match durability {
        Durability::Full => options,
        Durability::Normal => options.options([("synchronous_commit", "off")]),
    })
}
