//! Backups a county can keep, and putting one back.
//!
//! SQLite: `VACUUM INTO` writes a consistent copy while the server serves (one read
//! transaction: every write acknowledged before it began is in the copy); restoring puts a
//! checked copy in the database's place, the old file kept aside, with the server stopped.
//! PostgreSQL: `pg_dump --format=custom` (one snapshot too) and `pg_restore` into an
//! existing database, the tools of the server's own major version.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
use sqlx::{ConnectOptions, Connection};

use crate::{Durability, StoreError, StoreResult};

/// What a restore did besides putting the backup in place.
#[derive(Debug)]
pub struct Restored {
    /// Where the database that was there before now is (SQLite).
    pub kept_aside: Option<PathBuf>,
}

fn refused(message: impl Into<String>) -> StoreError {
    StoreError::Backup(message.into())
}

/// Writes a backup of the database at `url` to `file`, which must not exist yet.
pub async fn backup(url: &str, file: &Path) -> StoreResult<()> {
    if file.exists() {
        return Err(refused(format!(
            "{} exists already: name a new file",
            file.display()
        )));
    }
    // Written beside its final name, then renamed: a file under that name is complete.
    let partial = with_suffix(file, ".partial");
    let _ = std::fs::remove_file(&partial);
    if is_sqlite(url) {
        let mut connection = existing_sqlite(url)?.connect().await?;
        sqlx::query("VACUUM INTO ?")
            .bind(partial.to_string_lossy().into_owned())
            .execute(&mut connection)
            .await?;
        connection.close().await?;
        std::fs::File::open(&partial)
            .and_then(|copy| copy.sync_all())
            .map_err(sqlx::Error::Io)?;
    } else {
        run(Command::new("pg_dump")
            .args(["--format=custom", "--no-owner", "--file"])
            .arg(&partial)
            .arg("--dbname")
            .arg(url))?;
    }
    std::fs::rename(&partial, file).map_err(sqlx::Error::Io)?;
    Ok(())
}

/// Puts the backup in `file` in place of the database at `url`. The server must be
/// stopped; it upgrades an older backup's tables when it starts.
pub async fn restore(url: &str, file: &Path) -> StoreResult<Restored> {
    if !file.is_file() {
        return Err(refused(format!("no backup at {}", file.display())));
    }
    if !is_sqlite(url) {
        run(Command::new("pg_restore")
            .args(["--clean", "--if-exists", "--no-owner", "--no-privileges"])
            .args(["--single-transaction", "--exit-on-error", "--dbname"])
            .arg(url)
            .arg(file))?;
        return Ok(Restored { kept_aside: None });
    }
    check_sqlite_backup(file).await?;
    let target = SqliteConnectOptions::from_str(url)?
        .get_filename()
        .to_owned();
    // Held until the backup is in place: no server can open the database meanwhile.
    let alone = match std::fs::File::open(&target) {
        Ok(current) => {
            current.try_lock().map_err(|_| {
                refused("the database is open in a running server: stop it, then restore")
            })?;
            Some(current)
        }
        Err(_) => None,
    };
    let kept_aside = match &alone {
        Some(_) => Some(set_aside(url, &target).await?),
        None => None,
    };
    let restoring = with_suffix(&target, ".restoring");
    if let Some(folder) = target
        .parent()
        .filter(|folder| !folder.as_os_str().is_empty())
    {
        std::fs::create_dir_all(folder).map_err(sqlx::Error::Io)?;
    }
    std::fs::copy(file, &restoring)
        .and_then(|_| std::fs::File::open(&restoring)?.sync_all())
        .and_then(|()| std::fs::rename(&restoring, &target))
        .map_err(sqlx::Error::Io)?;
    Ok(Restored { kept_aside })
}

/// A backup is whole and from this version of yinong or an older one.
async fn check_sqlite_backup(file: &Path) -> StoreResult<()> {
    let not_ours = || refused(format!("{} is not a yinong SQLite backup", file.display()));
    let mut backup = SqliteConnectOptions::new()
        .filename(file)
        .read_only(true)
        .connect()
        .await
        .map_err(|_| not_ours())?;
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut backup)
        .await
        .map_err(|_| not_ours())?;
    if integrity != "ok" {
        return Err(refused(format!(
            "{} is damaged: {integrity}",
            file.display()
        )));
    }
    let newest: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(&mut backup)
        .await
        .map_err(|_| not_ours())?;
    let known = crate::sqlite::MIGRATOR
        .iter()
        .map(|migration| migration.version)
        .max();
    match newest {
        None => Err(not_ours()),
        Some(newest) if Some(newest) > known => Err(refused(format!(
            "{} was made by a newer yinong (migration {newest}): upgrade this one first",
            file.display()
        ))),
        Some(_) => {
            backup.close().await?;
            Ok(())
        }
    }
}

/// Moves the database at `target` (with its write-ahead log folded in) to a name of its
/// own.
async fn set_aside(url: &str, target: &Path) -> StoreResult<PathBuf> {
    let mut current = existing_sqlite(url)?.connect().await?;
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&mut current)
        .await?;
    current.close().await?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S");
    let aside = with_suffix(target, &format!(".before-restore-{stamp}"));
    std::fs::rename(target, &aside).map_err(sqlx::Error::Io)?;
    for log in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(target, log));
    }
    Ok(aside)
}

fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

/// The SQLite database at `url`, which must exist.
fn existing_sqlite(url: &str) -> StoreResult<SqliteConnectOptions> {
    let options = crate::sqlite::options(url, Durability::Full)?.create_if_missing(false);
    if !options.get_filename().exists() {
        return Err(refused(format!(
            "no database at {}",
            options.get_filename().display()
        )));
    }
    Ok(options.journal_mode(SqliteJournalMode::Wal))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Runs one of PostgreSQL's tools; its own message when it fails.
fn run(command: &mut Command) -> StoreResult<()> {
    let tool = command.get_program().to_string_lossy().into_owned();
    let output = command.output().map_err(|error| {
        refused(format!(
            "{tool} could not be started ({error}): install PostgreSQL's client tools \
             (Debian: postgresql-client) of the server's major version"
        ))
    })?;
    if output.status.success() {
        Ok(())
    } else {
        Err(refused(format!(
            "{tool} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )))
    }
}
