//! Photos attached to posts and questions: the storage interface. A photo is named by the
//! SHA-256 of the bytes its phone sent. Once a record names it, it is claimed and never
//! deleted, so a name a record holds stays valid; one never claimed is removed in time.
//! Its row is always in the database; its bytes are in the row or, with NULL there, in the
//! bucket ([`crate::photo_bucket`]).

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreResult;
use crate::engine::{on_pool, on_tx, SqlStore, WriteLock};
use crate::PhotoPlace;

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

/// How many photos keep their bytes where.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PhotoPlaces {
    pub in_database: u64,
    pub in_bucket: u64,
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
    /// Those kept in the bucket stay while no bucket is set.
    async fn remove_unclaimed_photos(&self, uploaded_before: DateTime<Utc>) -> StoreResult<u64>;
    /// How many photos keep their bytes in the database, and how many in the bucket.
    async fn photo_places(&self) -> StoreResult<PhotoPlaces>;
    /// Moves the bytes of the next photos after `after` (by name) kept elsewhere into `to`;
    /// their names, none when no photo is left to move. Safe while serving and to stop and
    /// start again: a photo is read from wherever its row says.
    async fn move_photos(&self, to: PhotoPlace, after: &str) -> StoreResult<Vec<String>>;
}

/// How many photos one step of [`PhotoStore::move_photos`] moves, holding uploads back
/// meanwhile.
const PHOTOS_MOVED_AT_ONCE: i64 = 20;

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
                "SELECT CAST(COALESCE(SUM(CASE WHEN uploaded_at >= $2 THEN size ELSE 0 END), 0) AS BIGINT), \
                 CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM photos WHERE uploader_id = $1",
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
                // Into the bucket before the row names it there, under the lock: a purge
                // (which takes it too) cannot remove the bytes between the two.
                let bucket = self.photos.new_photos_bucket();
                if let Some(bucket) = bucket {
                    bucket.put(hash, content_type, bytes).await?;
                }
                sqlx::query(
                    "INSERT INTO photos (hash, content_type, bytes, size, uploader_id, uploaded_at) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(hash)
                .bind(content_type)
                .bind(bucket.is_none().then_some(bytes))
                .bind(size)
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
        let row: Option<(String, Option<Vec<u8>>)> = on_pool!(&self.pool, |pool| {
            sqlx::query_as("SELECT content_type, bytes FROM photos WHERE hash = $1")
                .bind(hash)
                .fetch_optional(pool)
                .await?
        });
        let Some((content_type, bytes)) = row else {
            return Ok(None);
        };
        let bytes = match bytes {
            Some(bytes) => bytes,
            None => self.photos.bucket()?.get(hash).await?.ok_or_else(|| {
                crate::StoreError::Bucket(format!("photo {hash} is missing from the bucket"))
            })?,
        };
        Ok(Some((content_type, bytes)))
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
        // Under the uploads' lock: a photo sent again meanwhile is not put into the bucket
        // between this removing its row and its bytes.
        let mut serialized = self.serialized(WriteLock::Photos, "").await?;
        let removed: Vec<(String, bool)> = on_tx!(serialized.tx(), |tx| {
            sqlx::query_as(
                "DELETE FROM photos WHERE NOT claimed AND uploaded_at < $1 \
                 AND (bytes IS NOT NULL OR $2) RETURNING hash, bytes IS NULL",
            )
            .bind(uploaded_before)
            .bind(self.photos.has_bucket())
            .fetch_all(&mut *tx)
            .await?
        });
        for (hash, in_bucket) in &removed {
            if *in_bucket {
                self.photos.bucket()?.delete(hash).await?;
            }
        }
        serialized.commit().await?;
        Ok(removed.len() as u64)
    }

    async fn photo_places(&self) -> crate::StoreResult<PhotoPlaces> {
        let (in_database, in_all): (i64, i64) = on_pool!(&self.pool, |pool| {
            sqlx::query_as("SELECT COUNT(bytes), COUNT(*) FROM photos")
                .fetch_one(pool)
                .await?
        });
        Ok(PhotoPlaces {
            in_database: in_database as u64,
            in_bucket: (in_all - in_database) as u64,
        })
    }

    async fn move_photos(&self, to: PhotoPlace, after: &str) -> crate::StoreResult<Vec<String>> {
        let bucket = self.photos.bucket()?;
        // Under the uploads' lock, so that a purge cannot remove a row while its bytes move.
        let mut serialized = self.serialized(WriteLock::Photos, "").await?;
        let mut moved = Vec::new();
        on_tx!(serialized.tx(), |tx| {
            match to {
                PhotoPlace::Bucket => {
                    let photos: Vec<(String, String, Vec<u8>)> = sqlx::query_as(
                        "SELECT hash, content_type, bytes FROM photos \
                         WHERE hash > $1 AND bytes IS NOT NULL ORDER BY hash LIMIT $2",
                    )
                    .bind(after)
                    .bind(PHOTOS_MOVED_AT_ONCE)
                    .fetch_all(&mut *tx)
                    .await?;
                    for (hash, content_type, bytes) in photos {
                        bucket.put(&hash, &content_type, &bytes).await?;
                        sqlx::query("UPDATE photos SET bytes = NULL WHERE hash = $1")
                            .bind(&hash)
                            .execute(&mut *tx)
                            .await?;
                        moved.push(hash);
                    }
                }
                PhotoPlace::Database => {
                    let hashes: Vec<String> = sqlx::query_scalar(
                        "SELECT hash FROM photos \
                         WHERE hash > $1 AND bytes IS NULL ORDER BY hash LIMIT $2",
                    )
                    .bind(after)
                    .bind(PHOTOS_MOVED_AT_ONCE)
                    .fetch_all(&mut *tx)
                    .await?;
                    for hash in hashes {
                        let bytes = bucket.get(&hash).await?.ok_or_else(|| {
                            crate::StoreError::Bucket(format!(
                                "photo {hash} is missing from the bucket"
                            ))
                        })?;
                        sqlx::query("UPDATE photos SET bytes = $2 WHERE hash = $1")
                            .bind(&hash)
                            .bind(bytes)
                            .execute(&mut *tx)
                            .await?;
                        moved.push(hash);
                    }
                }
            }
        });
        serialized.commit().await?;
        if to == PhotoPlace::Database {
            // Only once the rows hold the bytes again.
            for hash in &moved {
                bucket.delete(hash).await?;
            }
        }
        Ok(moved)
    }
}
