//! Photos attached to posts and questions: the storage interface. A photo is named by the
//! SHA-256 of the bytes its phone sent. Once a record names it, it is claimed and never
//! deleted, so a name a record holds stays valid; one never claimed is removed in time.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreResult;
use crate::engine::{on_pool, on_tx, SqlStore, WriteLock};

/// How many photo bytes one account may upload.
#[derive(Clone, Copy, Debug)]
pub struct PhotoQuota {
    /// Since `day_started`.
    pub per_day: i64,
    pub day_started: DateTime<Utc>,
    pub in_all: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoKept {
    New,
    /// Kept already under its hash: nothing changes, nothing counts.
    Already,
    /// The upload would pass the day's quota.
    OverDailyQuota,
    OverQuota,
}

#[async_trait]
pub trait PhotoStore: Send + Sync {
    /// Keeps a photo under its hash unless it would pass the uploader's quota, deciding and
    /// inserting under one lock so that parallel uploads cannot pass it together.
    async fn store_photo(
        &self,
        hash: &str,
        content_type: &str,
        bytes: &[u8],
        uploader_id: i64,
        at: DateTime<Utc>,
        quota: &PhotoQuota,
    ) -> StoreResult<PhotoKept>;
    /// A photo's content type and bytes.
    async fn photo(&self, hash: &str) -> StoreResult<Option<(String, Vec<u8>)>>;
    /// The first of `hashes` that names no kept photo, if any; the others are claimed (a
    /// record names them), so that no purge removes them.
    async fn claim_photos(&self, hashes: &[String]) -> StoreResult<Option<String>>;
    /// Removes the photos uploaded before `uploaded_before` that no record claimed; how many.
    async fn remove_unclaimed_photos(&self, uploaded_before: DateTime<Utc>) -> StoreResult<u64>;
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

impl SqlStore {
    /// Marks `hashes` claimed in `tx`; the first that is not there.
    async fn claim_photos_in(
        tx: crate::engine::Tx<'_>,
        hashes: &[String],
    ) -> crate::StoreResult<Option<String>> {
        on_tx!(tx, |tx| {
            let mut missing = None;
            for hash in hashes {
                let claimed = sqlx::query("UPDATE photos SET claimed = TRUE WHERE hash = $1")
                    .bind(hash)
                    .execute(&mut *tx)
                    .await?;
                if claimed.rows_affected() == 0 && missing.is_none() {
                    missing = Some(hash.clone());
                }
            }
            Ok(missing)
        })
    }
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
        quota: &PhotoQuota,
    ) -> crate::StoreResult<PhotoKept> {
        let mut serialized = self.serialized(WriteLock::Photos, "").await?;
        let kept = on_tx!(serialized.tx(), |tx| {
            let known: Option<i32> = sqlx::query_scalar("SELECT 1 FROM photos WHERE hash = $1")
                .bind(hash)
                .fetch_optional(&mut *tx)
                .await?;
            let (today, in_all): (i64, i64) = sqlx::query_as(
                "SELECT COALESCE(SUM(CASE WHEN uploaded_at >= $2 THEN LENGTH(bytes) ELSE 0 END), 0), \
                 COALESCE(SUM(LENGTH(bytes)), 0) FROM photos WHERE uploader_id = $1",
            )
            .bind(uploader_id)
            .bind(quota.day_started)
            .fetch_one(&mut *tx)
            .await?;
            let size = bytes.len() as i64;
            if known.is_some() {
                PhotoKept::Already
            } else if today + size > quota.per_day {
                PhotoKept::OverDailyQuota
            } else if in_all + size > quota.in_all {
                PhotoKept::OverQuota
            } else {
                sqlx::query(
                    "INSERT INTO photos (hash, content_type, bytes, uploader_id, uploaded_at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(hash)
                .bind(content_type)
                .bind(bytes)
                .bind(uploader_id)
                .bind(at)
                .execute(&mut *tx)
                .await?;
                PhotoKept::New
            }
        });
        serialized.commit().await?;
        Ok(kept)
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

    async fn claim_photos(&self, hashes: &[String]) -> crate::StoreResult<Option<String>> {
        if hashes.is_empty() {
            return Ok(None);
        }
        // Inside a batch the claim is the batch's: on SQLite another connection would wait
        // for the batch's write lock.
        if let Some(shared) = crate::sync::batch() {
            let mut batch = shared.lock().await;
            return Self::claim_photos_in(batch.tx.tx(), hashes).await;
        }
        let mut tx = self.writing().await?;
        let missing = Self::claim_photos_in(tx.tx(), hashes).await?;
        tx.commit().await?;
        Ok(missing)
    }

    async fn remove_unclaimed_photos(
        &self,
        uploaded_before: chrono::DateTime<chrono::Utc>,
    ) -> crate::StoreResult<u64> {
        on_pool!(&self.pool, |pool| {
            Ok(
                sqlx::query("DELETE FROM photos WHERE NOT claimed AND uploaded_at < $1")
                    .bind(uploaded_before)
                    .execute(pool)
                    .await?
                    .rows_affected(),
            )
        })
    }
}
