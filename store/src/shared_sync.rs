//! Receipts of records sent from phones, written once for both engines:
//! `impl_shared_sync_store!` implements [`SyncStore`](super::SyncStore) and gives each
//! store `receive`, which wraps a capture's insert in its receipt.

macro_rules! impl_shared_sync_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::SyncStore for $store {
            async fn earlier_arrival(
                &self,
                receipt: &$crate::sync::Receipt<'_>,
            ) -> $crate::StoreResult<Option<$crate::sync::Arrival>> {
                let kept: Option<(String, i64, String, i64)> = sqlx::query_as(
                    "SELECT kind, sender_id, content_digest, record_id FROM synced_records \
                     WHERE client_id = $1",
                )
                .bind(receipt.client_id)
                .fetch_optional(&self.pool)
                .await?;
                Ok(kept.map(|(kind, sender, digest, id)| {
                    receipt.compared_with(&kind, sender, &digest, id)
                }))
            }
        }

        impl $store {
            /// Stores a record that arrived as `receipt` with `insert` (which answers its
            /// id), unless its id arrived before; the receipt and the record are written
            /// in one transaction.
            async fn receive(
                &self,
                receipt: &$crate::sync::Receipt<'_>,
                insert: impl AsyncFnOnce(
                    &mut sqlx::Transaction<'_, $db>,
                ) -> $crate::StoreResult<i64>,
            ) -> $crate::StoreResult<$crate::sync::Arrival> {
                let mut tx = self.pool.begin().await?;
                if let Some(earlier) = Self::claim_receipt(&mut tx, receipt).await? {
                    return Ok(earlier);
                }
                let id = insert(&mut tx).await?;
                Self::settle_receipt(&mut tx, receipt, id).await?;
                tx.commit().await?;
                Ok($crate::sync::Arrival::First(id))
            }

            /// Takes `receipt`'s id for a record about to be stored in `tx`; when the id
            /// was taken (also by a resend racing this one, which waits for it), what the
            /// earlier arrival was.
            async fn claim_receipt(
                tx: &mut sqlx::Transaction<'_, $db>,
                receipt: &$crate::sync::Receipt<'_>,
            ) -> $crate::StoreResult<Option<$crate::sync::Arrival>> {
                let claimed = sqlx::query(
                    "INSERT INTO synced_records (client_id, kind, sender_id, content_digest, \
                     record_id, received_at) VALUES ($1, $2, $3, $4, 0, $5) \
                     ON CONFLICT (client_id) DO NOTHING",
                )
                .bind(receipt.client_id)
                .bind(receipt.kind)
                .bind(receipt.sender_id)
                .bind(receipt.content_digest)
                .bind(receipt.at)
                .execute(&mut **tx)
                .await?;
                if claimed.rows_affected() == 1 {
                    return Ok(None);
                }
                let (kind, sender, digest, id): (String, i64, String, i64) = sqlx::query_as(
                    "SELECT kind, sender_id, content_digest, record_id FROM synced_records \
                     WHERE client_id = $1",
                )
                .bind(receipt.client_id)
                .fetch_one(&mut **tx)
                .await?;
                Ok(Some(receipt.compared_with(&kind, sender, &digest, id)))
            }

            /// Notes which record `receipt`'s id became.
            async fn settle_receipt(
                tx: &mut sqlx::Transaction<'_, $db>,
                receipt: &$crate::sync::Receipt<'_>,
                record_id: i64,
            ) -> $crate::StoreResult<()> {
                sqlx::query("UPDATE synced_records SET record_id = $1 WHERE client_id = $2")
                    .bind(record_id)
                    .bind(receipt.client_id)
                    .execute(&mut **tx)
                    .await?;
                Ok(())
            }
        }
    };
}

pub(super) use impl_shared_sync_store;
