//! Photos' SQL, written once for both engines; `impl_shared_photo_store!` implements
//! [`PhotoStore`](super::PhotoStore).

macro_rules! impl_shared_photo_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::PhotoStore for $store {
            async fn store_photo(
                &self,
                hash: &str,
                content_type: &str,
                bytes: &[u8],
                uploader_id: i64,
                at: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<bool> {
                let done = sqlx::query(
                    "INSERT INTO photos (hash, content_type, bytes, uploader_id, uploaded_at) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (hash) DO NOTHING",
                )
                .bind(hash)
                .bind(content_type)
                .bind(bytes)
                .bind(uploader_id)
                .bind(at)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn photo(&self, hash: &str) -> $crate::StoreResult<Option<(String, Vec<u8>)>> {
                Ok(
                    sqlx::query_as("SELECT content_type, bytes FROM photos WHERE hash = $1")
                        .bind(hash)
                        .fetch_optional(&self.pool)
                        .await?,
                )
            }

            async fn missing_photo(
                &self,
                hashes: &[String],
            ) -> $crate::StoreResult<Option<String>> {
                for hash in hashes {
                    let kept: Option<i32> =
                        sqlx::query_scalar("SELECT 1 FROM photos WHERE hash = $1")
                            .bind(hash)
                            .fetch_optional(&self.pool)
                            .await?;
                    if kept.is_none() {
                        return Ok(Some(hash.clone()));
                    }
                }
                Ok(None)
            }
        }
    };
}

pub(super) use impl_shared_photo_store;
