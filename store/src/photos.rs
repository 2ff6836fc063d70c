//! Photos attached to posts and questions: the storage interface. A photo is named by the
//! SHA-256 of its bytes and never deleted, so a name once found stays valid.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreResult;

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
