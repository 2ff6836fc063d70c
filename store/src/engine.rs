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

impl Tx<'_> {
    /// The same connection borrowed again, for one step of several.
    pub(crate) fn reborrow(&mut self) -> Tx<'_> {
        match self {
            Tx::Sqlite(connection) => Tx::Sqlite(connection),
            Tx::Postgres(connection) => Tx::Postgres(connection),
        }
    }
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
    /// SQLite: a shared lock on the database file while the store is open, so a restore
    /// (which needs it alone) cannot swap the file under a running server.
    pub(crate) _in_use: Option<std::fs::File>,
    pub(crate) photos: crate::PhotoStorage,
}

/// A pool's connections at one moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolUsage {
    pub open: u32,
    pub idle: usize,
}

impl SqlStore {
    pub(crate) fn engine(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    pub(crate) fn usage(&self) -> PoolUsage {
        match &self.pool {
            Pool::Sqlite(pool) => PoolUsage {
                open: pool.size(),
                idle: pool.num_idle(),
            },
            Pool::Postgres(pool) => PoolUsage {
                open: pool.size(),
                idle: pool.num_idle(),
            },
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

/// Starting a transaction that will write. On SQLite that is `BEGIN IMMEDIATE`: the
/// database's one write lock is taken (waited for up to the busy timeout) before anything is
/// read, because a deferred transaction that reads and then writes fails at once with
/// `database is locked` when another writer got in between. PostgreSQL begins as usual.
pub(crate) trait BeginWriting {
    type Db: sqlx::Database;
    async fn begin_writing(&self) -> crate::StoreResult<Transaction<'static, Self::Db>>;
}

impl BeginWriting for SqlitePool {
    type Db = Sqlite;
    async fn begin_writing(&self) -> crate::StoreResult<Transaction<'static, Sqlite>> {
        Ok(self.begin_with("BEGIN IMMEDIATE").await?)
    }
}

impl BeginWriting for PgPool {
    type Db = Postgres;
    async fn begin_writing(&self) -> crate::StoreResult<Transaction<'static, Postgres>> {
        Ok(self.begin().await?)
    }
}

/// What a transaction that decides by what it reads (a count against a limit, the next
/// number) locks on PostgreSQL, with a key (the account, the phone number, the county), so
/// that racing writers of the same kind and key wait for each other and others do not.
/// SQLite needs nothing more: its writing transactions hold the one write lock from the
/// start.
#[derive(Clone, Copy)]
#[repr(i32)]
pub(crate) enum WriteLock {
    SignInCodes = 1,
    Photos = 2,
    Listings = 3,
    JobPosts = 4,
    Requests = 5,
    Questions = 6,
    ExamPapers = 7,
    StationNumbers = 8,
    /// Preparing the database at a server's start (seeding): see [`Preparing`].
    Startup = 9,
    /// A county's filings (备案), so one station goes into one waiting filing.
    Filings = 10,
    /// A training session's seats, so two sign-ups cannot take the last one.
    TrainingSeats = 11,
    /// A county's report of a month, so one waits or stands accepted at a time.
    ProgressReports = 12,
    /// A county's contracts (one township, one operator at a time), and a notice's
    /// answers (one waits at a time).
    OperatorContracts = 13,
}

impl WriteLock {
    /// Holds this lock for `key` until the end of `tx`'s transaction.
    pub(crate) async fn hold(
        self,
        tx: Tx<'_>,
        key: impl std::fmt::Display,
    ) -> crate::StoreResult<()> {
        if let Tx::Postgres(tx) = tx {
            sqlx::query("SELECT pg_advisory_xact_lock($1, hashtext($2))")
                .bind(self as i32)
                .bind(key.to_string())
                .execute(&mut *tx)
                .await?;
        }
        Ok(())
    }
}

/// Held while a server prepares the database at its start, so that servers started together
/// against one PostgreSQL database prepare it one after another (the second finds the demo
/// and the reference data there, and adds nothing twice). On PostgreSQL a transaction holding
/// [`WriteLock::Startup`], released when this is dropped (the transaction rolls back; it
/// wrote nothing); on SQLite nothing (one server per database file).
pub struct Preparing {
    _lock: Option<Transaction<'static, Postgres>>,
}

impl SqlStore {
    pub(crate) async fn preparing(&self) -> crate::StoreResult<Preparing> {
        Ok(match &self.pool {
            Pool::Sqlite(_) => Preparing { _lock: None },
            Pool::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                WriteLock::Startup.hold((&mut tx).into(), "").await?;
                Preparing { _lock: Some(tx) }
            }
        })
    }
}

/// A writing transaction holding a [`WriteLock`] from its start, for steps written once for
/// both engines.
pub(crate) enum Serialized {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

impl SqlStore {
    pub(crate) async fn serialized(
        &self,
        lock: WriteLock,
        key: &str,
    ) -> crate::StoreResult<Serialized> {
        let mut serialized = self.writing().await?;
        lock.hold(serialized.tx(), key).await?;
        Ok(serialized)
    }

    /// A writing transaction ([`BeginWriting`]) for steps written once for both engines.
    pub(crate) async fn writing(&self) -> crate::StoreResult<Serialized> {
        Ok(match &self.pool {
            Pool::Sqlite(pool) => Serialized::Sqlite(pool.begin_writing().await?),
            Pool::Postgres(pool) => Serialized::Postgres(pool.begin_writing().await?),
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
