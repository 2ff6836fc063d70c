//! The baseline the sync benchmark (`cargo xtask bench`) measures against: price reports
//! written with one bare `INSERT` each, straight to the database — no HTTP, session,
//! receipt or answer — for an informant of a village (the demo's 张营村).

use std::time::{Duration, Instant};

use chrono::Utc;

use yinong_model::region::RegionCode;

use crate::{china_today, Durability, StoreError};

const INSERT: &str = "INSERT INTO price_reports (region_code, product, grade, unit, price_fen, \
    market, observed_on, photos, status, reporter_id, reported_at) \
    VALUES ($1, $2, '', '斤', $3, '许庄集贸市场', $4, '', 'pending', $5, $6)";

macro_rules! time_inserts {
    ($pool:expr, $village:expr, $count:expr, $reporter:expr) => {{
        let started = Instant::now();
        for n in 0..$count {
            sqlx::query(INSERT)
                .bind($village)
                .bind(format!("基准{n}"))
                .bind(100 + n as i64)
                .bind(china_today())
                .bind($reporter)
                .bind(Utc::now())
                .execute(&$pool)
                .await?;
        }
        started.elapsed()
    }};
}

/// Times `count` bare inserts, one transaction each (as each synced record is), into the
/// database at `url` (already migrated) at `durability`, reported by `reporter` of
/// `village`.
pub async fn bare_price_inserts(
    url: &str,
    durability: Durability,
    village: &RegionCode,
    count: usize,
    reporter: i64,
) -> Result<Duration, StoreError> {
    let village = village.as_str();
    Ok(if url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect_with(crate::sqlite::options(url, durability)?).await?;
        time_inserts!(pool, village, count, reporter)
    } else {
        let pool = sqlx::PgPool::connect_with(crate::postgres::options(url, durability)?).await?;
        time_inserts!(pool, village, count, reporter)
    })
}

/// How many price reports whose product starts with `prefix` the database at `url` holds,
/// and how many distinct products they have (the burst benchmark's lost and duplicated).
pub async fn count_price_reports(url: &str, prefix: &str) -> Result<(i64, i64), StoreError> {
    const COUNT: &str = "SELECT COUNT(*), COUNT(DISTINCT product) FROM price_reports \
        WHERE product LIKE $1";
    let pattern = format!("{prefix}%");
    Ok(if url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(url).await?;
        sqlx::query_as(COUNT).bind(pattern).fetch_one(&pool).await?
    } else {
        let pool = sqlx::PgPool::connect(url).await?;
        sqlx::query_as(COUNT).bind(pattern).fetch_one(&pool).await?
    })
}
