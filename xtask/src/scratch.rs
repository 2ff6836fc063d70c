//! Scratch databases, made fresh and removed after.

use crate::process::{self, command};
use crate::tools;
use crate::Result;

/// A new SQLite file and a new PostgreSQL database for one run (a benchmark, the fuzzing).
pub struct Scratch {
    folder: std::path::PathBuf,
    pub sqlite: String,
    postgres_admin: String,
    postgres_db: String,
    pub postgres: String,
}

impl Scratch {
    pub fn new(name: &str) -> Result<Self> {
        let pid = std::process::id();
        let folder = std::env::temp_dir().join(format!("yinong-{name}-{pid}"));
        let sqlite = format!("sqlite://{}", folder.join(format!("{name}.db")).display());
        let postgres_admin = tools::ensure_postgres()?;
        let (base, _) = postgres_admin
            .rsplit_once('/')
            .ok_or("PostgreSQL URL without database")?;
        let postgres_db = format!("yinong_{name}_{pid}");
        let postgres = format!("{base}/{postgres_db}");
        Ok(Self {
            folder,
            sqlite,
            postgres_admin,
            postgres_db,
            postgres,
        })
    }

    pub fn engines(&self) -> [(&'static str, &str); 2] {
        [("SQLite", &self.sqlite), ("PostgreSQL", &self.postgres)]
    }

    /// A path for a file of the run's own (a generated input), in its folder.
    pub fn file(&self, name: &str) -> Result<std::path::PathBuf> {
        std::fs::create_dir_all(&self.folder)
            .map_err(|e| format!("{}: {e}", self.folder.display()))?;
        Ok(self.folder.join(name))
    }

    pub fn remove(self) -> Result {
        let _ = std::fs::remove_dir_all(&self.folder);
        process::run(
            command("psql")
                .arg(&self.postgres_admin)
                .args(["-q", "-c"])
                .arg(format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    self.postgres_db
                )),
        )
    }
}
