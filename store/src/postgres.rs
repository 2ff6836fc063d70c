//! PostgreSQL: the engine for a province or the nation.

use sqlx::migrate::MigrateDatabase;
use sqlx::postgres::PgPoolOptions;
use sqlx::Postgres;

use crate::engine::{Pool, SqlStore};
use crate::StoreResult;

/// Connects (creating the database when the server lacks it) and migrates.
pub async fn connect(url: &str) -> StoreResult<SqlStore> {
    if !Postgres::database_exists(url).await? {
        Postgres::create_database(url).await?;
    }
    let pool = PgPoolOptions::new()
        .max_connections(16)
        .connect(url)
        .await?;
    sqlx::migrate!("migrations/postgres").run(&pool).await?;
    Ok(SqlStore {
        pool: Pool::Postgres(pool),
    })
}
