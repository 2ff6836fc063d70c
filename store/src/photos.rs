//! Photos attached to posts and questions: the storage interface. A photo is named by the
//! SHA-256 of its bytes and never deleted, so a name once found stays valid.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreResult;
use crate::engine::{on_pool, SqlStore};

#[async_trait]
pub trait PhotoStore: Send + Sync {
    /// Keeps a photo under its hash; false when it was kept already (nothing changes).
    async fn store_photo(
        &self,
        hash: &str,
        content_type: &str,
        bytes: &[u8],
        uploader_id: i64,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// A photo's content type and bytes.
    async fn photo(&self, hash: &str) -> StoreResult<Option<(String, Vec<u8>)>>;
    /// The first of `hashes` that names no kept photo, if any.
    async fn missing_photo(&self, hashes: &[String]) -> StoreResult<Option<String>>;
}

/// Photo names as a row keeps them: in order, comma-separated.
pub(super) fn join_photos(photos: &[String]) -> String {
    photos.join(",")
}

pub(super) fn split_photos(text: &str) -> Vec<String> {
    text.split(',')
        .filter(|hash| !hash.is_empty())
        .map(str::to_owned)
        .collect()
}

#[async_trait::async_trait]
impl crate::PhotoStore for SqlStore {
    async fn store_photo(
        &self,
        hash: &str,
        content_type: &str,
        bytes: &[u8],
        uploader_id: i64,
        at: chrono::DateTime<chrono::Utc>,
    ) -> crate::StoreResult<bool> {
        on_pool!(&self.pool, |pool| {
            let done = sqlx::query(
                "INSERT INTO photos (hash, content_type, bytes, uploader_id, uploaded_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (hash) DO NOTHING",
            )
            .bind(hash)
            .bind(content_type)
            .bind(bytes)
            .bind(uploader_id)
            .bind(at)
            .execute(pool)
            .await?;
            Ok(done.rows_affected() == 1)
        })
    }

    async fn photo(&self, hash: &str) -> crate::StoreResult<Option<(String, Vec<u8>)>> {
        on_pool!(&self.pool, |pool| {
            Ok(
                sqlx::query_as("SELECT content_type, bytes FROM photos WHERE hash = $1")
                    .bind(hash)
                    .fetch_optional(pool)
                    .await?,
            )
        })
    }

    async fn missing_photo(&self, hashes: &[String]) -> crate::StoreResult<Option<String>> {
        on_pool!(&self.pool, |pool| {
            for hash in hashes {
                let kept: Option<i32> = sqlx::query_scalar("SELECT 1 FROM photos WHERE hash = $1")
                    .bind(hash)
                    .fetch_optional(pool)
                    .await?;
                if kept.is_none() {
                    return Ok(Some(hash.clone()));
                }
            }
            Ok(None)
        })
    }
}
