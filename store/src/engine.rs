//! The two engines behind one [`SqlStore`]: SQL that both accept is written once, in each
//! feature's file, inside [`on_pool!`] or [`on_tx!`], which run it on whichever engine the
//! store was opened with and name that engine's sqlx database `Db` for it. Placeholders
//! are `$n`, which both engines understand.

use sqlx::{PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool, Transaction};
use yinong_model::system::Backend;

/// A connection pool of either engine.
pub(crate) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// The connection of a transaction of either engine, borrowed for the steps written once
/// for both.
pub(crate) enum Tx<'a> {
    Sqlite(&'a mut SqliteConnection),
    Postgres(&'a mut PgConnection),
}

impl<'a, 't> From<&'a mut Transaction<'t, Sqlite>> for Tx<'a> {
    fn from(tx: &'a mut Transaction<'t, Sqlite>) -> Self {
        Tx::Sqlite(&mut **tx)
    }
}

impl<'a, 't> From<&'a mut Transaction<'t, Postgres>> for Tx<'a> {
    fn from(tx: &'a mut Transaction<'t, Postgres>) -> Self {
        Tx::Postgres(&mut **tx)
    }
}

impl<'a> From<&'a mut SqliteConnection> for Tx<'a> {
    fn from(connection: &'a mut SqliteConnection) -> Self {
        Tx::Sqlite(connection)
    }
}

impl<'a> From<&'a mut PgConnection> for Tx<'a> {
    fn from(connection: &'a mut PgConnection) -> Self {
        Tx::Postgres(connection)
    }
}

/// The store of every feature, on SQLite or PostgreSQL (`sqlite.rs`, `postgres.rs` open
/// it).
pub struct SqlStore {
    pub(crate) pool: Pool,
}

impl SqlStore {
    pub(crate) fn engine(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }
}

/// `on_pool!(&self.pool, |pool| { … })`: the block on the engine's pool (`&SqlitePool` or
/// `&PgPool`), with `Db` naming its sqlx database.
macro_rules! on_pool {
    ($pool:expr, |$conn:ident| $body:block) => {
        match $pool {
            $crate::engine::Pool::Sqlite($conn) => {
                #[allow(dead_code)]
                type Db = sqlx::Sqlite;
                $body
            }
            $crate::engine::Pool::Postgres($conn) => {
                #[allow(dead_code)]
                type Db = sqlx::Postgres;
                $body
            }
        }
    };
}

/// `on_tx!(tx.into(), |tx| { … })`: the block on the connection of the engine's
/// transaction (`&mut SqliteConnection` or `&mut PgConnection`), with `Db` naming its sqlx
/// database.
macro_rules! on_tx {
    ($tx:expr, |$conn:ident| $body:block) => {
        match $tx {
            $crate::engine::Tx::Sqlite($conn) => {
                #[allow(dead_code)]
                type Db = sqlx::Sqlite;
                $body
            }
            $crate::engine::Tx::Postgres($conn) => {
                #[allow(dead_code)]
                type Db = sqlx::Postgres;
                $body
            }
        }
    };
}

pub(crate) use {on_pool, on_tx};

/// A transaction that writes under a lock taken at its start, so that what it reads to
/// decide (a count against a limit) cannot change before it writes: SQLite's
/// `BEGIN IMMEDIATE` (the database's one write lock, waited for up to the busy timeout) or a
/// PostgreSQL advisory lock on `lock` held to the end of the transaction.
pub(crate) enum Serialized {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// What a [`Serialized`] transaction locks on PostgreSQL: writers of the same kind wait for
/// each other, others do not.
#[derive(Clone, Copy)]
#[repr(i64)]
pub(crate) enum WriteLock {
    SignInCodes = 1,
    Photos = 2,
}

impl SqlStore {
    pub(crate) async fn serialized(&self, lock: WriteLock) -> crate::StoreResult<Serialized> {
        Ok(match &self.pool {
            Pool::Sqlite(pool) => Serialized::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Pool::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind(lock as i64)
                    .execute(&mut *tx)
                    .await?;
                Serialized::Postgres(tx)
            }
        })
    }
}

impl Serialized {
    pub(crate) fn tx(&mut self) -> Tx<'_> {
        match self {
            Serialized::Sqlite(tx) => tx.into(),
            Serialized::Postgres(tx) => tx.into(),
        }
    }

    pub(crate) async fn commit(self) -> crate::StoreResult<()> {
        match self {
            Serialized::Sqlite(tx) => tx.commit().await?,
            Serialized::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }
}
