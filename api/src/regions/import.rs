//! Loading divisions from the statistics-code CSV files (`provinces`, `cities`, `areas`,
//! `streets`, `villages`, each `.csv.gz`, as in `shared/data/divisions`). The same reader
//! loads the subset embedded in the server and a full national directory.

use std::io::Read;
use std::path::Path;

use flate2::read::GzDecoder;
use yinong_model::region::{Region, RegionCode, RegionLevel};

use yinong_store::{Store, StoreError};

/// Regions sent to the store per call (one transaction each).
const CHUNK: usize = 5_000;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{file}: {source}")]
    Read {
        file: String,
        source: std::io::Error,
    },
    #[error("{file} line {line}: {message}")]
    Invalid {
        file: String,
        line: u64,
        message: String,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The file of each level and the column that names the parent.
pub const LEVEL_FILES: [(RegionLevel, &str, Option<&str>); 5] = [
    (RegionLevel::Province, "provinces.csv.gz", None),
    (RegionLevel::City, "cities.csv.gz", Some("provinceCode")),
    (RegionLevel::County, "areas.csv.gz", Some("cityCode")),
    (RegionLevel::Township, "streets.csv.gz", Some("areaCode")),
    (RegionLevel::Village, "villages.csv.gz", Some("streetCode")),
];

/// Counts per level of what was loaded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportCounts(pub [u64; 5]);

impl std::fmt::Display for ImportCounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let [p, c, a, s, v] = self.0;
        write!(
            f,
            "{p} provinces, {c} cities, {a} counties, {s} townships, {v} villages"
        )
    }
}

/// Loads all five files of `dir`, top level first, so every parent exists before its
/// children. Idempotent: rows are upserted by code.
pub async fn import_dir(store: &dyn Store, dir: &Path) -> Result<ImportCounts, ImportError> {
    Ok(load_dir(store, dir).await?.0)
}

/// [`import_dir`], also answering the villages the files list (to find those that are no
/// longer listed: merged away).
pub async fn load_dir(
    store: &dyn Store,
    dir: &Path,
) -> Result<(ImportCounts, Vec<Region>), ImportError> {
    let mut counts = ImportCounts::default();
    let mut villages = Vec::new();
    for (index, (level, file, parent_column)) in LEVEL_FILES.into_iter().enumerate() {
        let path = dir.join(file);
        let reader = std::fs::File::open(&path).map_err(|source| ImportError::Read {
            file: path.display().to_string(),
            source,
        })?;
        let regions = import_level(store, reader, level, file, parent_column).await?;
        counts.0[index] = regions.len() as u64;
        if level == RegionLevel::Village {
            villages = regions;
        }
    }
    // Village counts per region changed: the coverage roll-ups follow.
    store.refresh_coverage(None).await?;
    Ok((counts, villages))
}

/// Loads the embedded files (`(file name, gzipped bytes)` in level order).
pub async fn import_embedded(
    store: &dyn Store,
    files: &[(&str, &[u8])],
) -> Result<ImportCounts, ImportError> {
    let mut counts = ImportCounts::default();
    for (index, (level, file, parent_column)) in LEVEL_FILES.into_iter().enumerate() {
        let (_, bytes) = files
            .iter()
            .find(|(name, _)| *name == file)
            .ok_or_else(|| ImportError::Invalid {
                file: file.to_owned(),
                line: 0,
                message: "missing".into(),
            })?;
        counts.0[index] = import_level(store, *bytes, level, file, parent_column)
            .await?
            .len() as u64;
    }
    store.refresh_coverage(None).await?;
    Ok(counts)
}

async fn import_level(
    store: &dyn Store,
    gzipped: impl Read,
    level: RegionLevel,
    file: &str,
    parent_column: Option<&str>,
) -> Result<Vec<Region>, ImportError> {
    let invalid = |line: u64, message: String| ImportError::Invalid {
        file: file.to_owned(),
        line,
        message,
    };
    let mut csv = csv::Reader::from_reader(GzDecoder::new(gzipped));
    let headers = csv
        .headers()
        .map_err(|e| invalid(1, e.to_string()))?
        .clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| invalid(1, format!("no column {name}")))
    };
    let (code_at, name_at) = (column("code")?, column("name")?);
    let parent_at = parent_column.map(column).transpose()?;

    // Read and check the whole file before writing any of it: a bad row stops the import
    // with its line number and leaves the database as it was for this level.
    let mut regions = Vec::new();
    for record in csv.records() {
        let record =
            record.map_err(|e| invalid(e.position().map_or(0, |p| p.line()), e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line());
        let code = RegionCode::parse(&record[code_at]).map_err(|e| invalid(line, e.to_string()))?;
        if code.level() != level {
            return Err(invalid(
                line,
                format!("{code} is not a {} code", level.name_zh()),
            ));
        }
        let parent_code = code.parent();
        if let (Some(at), Some(expected)) = (parent_at, &parent_code) {
            if &record[at] != expected.as_str() {
                return Err(invalid(
                    line,
                    format!("{code} does not lie inside {}", &record[at]),
                ));
            }
        }
        let name = record[name_at].trim().to_owned();
        if name.is_empty() {
            return Err(invalid(line, format!("{code} has no name")));
        }
        regions.push(Region {
            code,
            name,
            level,
            parent_code,
        });
    }
    for chunk in regions.chunks(CHUNK) {
        store.upsert_regions(chunk).await?;
    }
    Ok(regions)
}
