//! Records sent from phones' outboxes: each arrives under the id the phone gave it, and
//! the first arrival is kept with a digest of its content, in the transaction that stores
//! the record. A resend is recognised by its id (see `yinong_model::sync`).

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// The work of a batch, run inside its transaction.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

use super::StoreResult;
use crate::engine::{on_pool, on_tx, BeginWriting, Serialized, SqlStore, Tx};

/// An arriving record's id, kind, sender and content digest.
#[derive(Clone, Debug)]
pub struct Receipt<'a> {
    pub client_id: &'a str,
    /// What the record is: `price`, …
    pub kind: &'a str,
    pub sender_id: i64,
    pub content_digest: &'a str,
    /// The digest an earlier version of the server took of the same content (its own
    /// re-serialisation), so that records it stored are still recognised when resent.
    pub legacy_digest: Option<&'a str>,
    pub at: DateTime<Utc>,
}

/// What became of an arriving record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrival {
    /// Stored now, as record `id`.
    First(i64),
    /// The same record (same kind, sender and content) was stored before, as `id`.
    Again(i64),
    /// The id was used before for something else.
    Differs,
}

impl Arrival {
    /// The id of a record stored now; a record without a receipt always is.
    pub fn first(self) -> StoreResult<i64> {
        match self {
            Arrival::First(id) => Ok(id),
            other => Err(crate::StoreError::Conflict(format!(
                "arrived before: {other:?}"
            ))),
        }
    }
}

impl Receipt<'_> {
    /// This record against `kept`, the receipt under its id.
    pub fn compared_with_kept(&self, kept: &KeptReceipt) -> Arrival {
        self.compared_with(
            &kept.kind,
            kept.sender_id,
            &kept.content_digest,
            kept.record_id,
        )
    }

    /// This record against the one kept under its id: `kind`, `sender_id`, `digest`, `id`.
    pub fn compared_with(&self, kind: &str, sender_id: i64, digest: &str, id: i64) -> Arrival {
        let same_content = digest == self.content_digest || Some(digest) == self.legacy_digest;
        if kind == self.kind && sender_id == self.sender_id && same_content {
            Arrival::Again(id)
        } else {
            Arrival::Differs
        }
    }
}

/// A receipt the store holds: what arrived under `client_id` before, and became `record_id`.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct KeptReceipt {
    pub client_id: String,
    pub kind: String,
    pub sender_id: i64,
    pub content_digest: String,
    pub record_id: i64,
}

#[async_trait]
pub trait SyncStore: Send + Sync {
    /// How `receipt`'s id was used before, if it was.
    async fn earlier_arrival(&self, receipt: &Receipt<'_>) -> StoreResult<Option<Arrival>>;
    /// The receipts kept under any of `client_ids`, in one query (a batch's).
    async fn kept_receipts(&self, client_ids: &[&str]) -> StoreResult<Vec<KeptReceipt>>;
    /// Runs `work` with the records it stores by receipt (and the photos they claim)
    /// written in one transaction, committed when `work` ends: a batch from an outbox costs
    /// one commit, not one a record. Each record is written in a savepoint of its own, so
    /// one refused record leaves the others. When the commit fails, none was stored.
    async fn in_one_transaction<'a>(&self, work: BoxFuture<'a, ()>) -> StoreResult<()>;
}

/// A batch being written (see `SyncStore::in_one_transaction`): its transaction, and which
/// record each receipt became, noted in one statement at its end.
pub(crate) struct Batch {
    pub(crate) tx: Serialized,
    settled: Vec<(String, i64)>,
}

tokio::task_local! {
    static BATCH: Arc<tokio::sync::Mutex<Batch>>;
}

/// The batch this task is writing, if it is writing one.
pub(crate) fn batch() -> Option<Arc<tokio::sync::Mutex<Batch>>> {
    BATCH.try_with(Arc::clone).ok()
}

#[async_trait::async_trait]
impl crate::SyncStore for SqlStore {
    async fn earlier_arrival(
        &self,
        receipt: &crate::sync::Receipt<'_>,
    ) -> crate::StoreResult<Option<crate::sync::Arrival>> {
        on_pool!(&self.pool, |pool| {
            let kept: Option<(String, i64, String, i64)> = sqlx::query_as(
                "SELECT kind, sender_id, content_digest, record_id FROM synced_records \
                 WHERE client_id = $1",
            )
            .bind(receipt.client_id)
            .fetch_optional(pool)
            .await?;
            Ok(kept.map(|(kind, sender, digest, id)| {
                receipt.compared_with(&kind, sender, &digest, id)
            }))
        })
    }

    async fn kept_receipts(
        &self,
        client_ids: &[&str],
    ) -> crate::StoreResult<Vec<crate::sync::KeptReceipt>> {
        if client_ids.is_empty() {
            return Ok(Vec::new());
        }
        on_pool!(&self.pool, |pool| {
            let mut query = sqlx::QueryBuilder::<Db>::new(
                "SELECT client_id, kind, sender_id, content_digest, record_id \
                 FROM synced_records WHERE client_id IN (",
            );
            let mut ids = query.separated(", ");
            for id in client_ids {
                ids.push_bind(*id);
            }
            query.push(")");
            Ok(query.build_query_as().fetch_all(pool).await?)
        })
    }

    async fn in_one_transaction<'a>(&self, work: BoxFuture<'a, ()>) -> StoreResult<()> {
        let batch = Batch {
            tx: self.writing().await?,
            settled: Vec::new(),
        };
        let shared = Arc::new(tokio::sync::Mutex::new(batch));
        BATCH.scope(shared.clone(), work).await;
        let mut batch = Arc::try_unwrap(shared)
            .map_err(|_| crate::StoreError::Corrupt("a batch outlived its work".into()))?
            .into_inner();
        if !batch.settled.is_empty() {
            on_tx!(batch.tx.tx(), |tx| {
                let mut settle = sqlx::QueryBuilder::<Db>::new(
                    "UPDATE synced_records SET record_id = CASE client_id",
                );
                for (client_id, record_id) in &batch.settled {
                    settle.push(" WHEN ").push_bind(client_id.as_str());
                    settle.push(" THEN ").push_bind(*record_id);
                }
                settle.push(" END WHERE client_id IN (");
                let mut ids = settle.separated(", ");
                for (client_id, _) in &batch.settled {
                    ids.push_bind(client_id.as_str());
                }
                settle.push(")");
                settle.build().execute(&mut *tx).await?;
            });
        }
        batch.tx.commit().await
    }
}

impl SqlStore {
    /// Stores a record with `insert` (which answers its id). One that arrived as
    /// `receipt` is stored unless its id arrived before, and the receipt and the record
    /// are written in one transaction; one without a receipt is simply stored.
    pub(crate) async fn receive(
        &self,
        receipt: Option<&crate::sync::Receipt<'_>>,
        insert: impl AsyncFnOnce(Tx<'_>) -> crate::StoreResult<i64>,
    ) -> crate::StoreResult<crate::sync::Arrival> {
        if let (Some(shared), Some(receipt)) = (batch(), receipt) {
            let mut batch = shared.lock().await;
            let arrival = Self::receive_in_savepoint(batch.tx.tx(), receipt, insert).await?;
            if let crate::sync::Arrival::First(id) = arrival {
                batch.settled.push((receipt.client_id.to_owned(), id));
            }
            return Ok(arrival);
        }
        on_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_writing().await?;
            if let Some(receipt) = receipt {
                if let Some(earlier) = Self::claim_receipt(&mut tx, receipt).await? {
                    return Ok(earlier);
                }
            }
            let id = insert((&mut tx).into()).await?;
            if let Some(receipt) = receipt {
                Self::settle_receipt(&mut tx, receipt, id).await?;
            }
            tx.commit().await?;
            Ok(crate::sync::Arrival::First(id))
        })
    }

    /// [`receive`](Self::receive) inside a batch's transaction: what this record wrote is
    /// undone alone when it fails. Its receipt is settled with the batch's.
    async fn receive_in_savepoint(
        tx: Tx<'_>,
        receipt: &crate::sync::Receipt<'_>,
        insert: impl AsyncFnOnce(Tx<'_>) -> crate::StoreResult<i64>,
    ) -> crate::StoreResult<crate::sync::Arrival> {
        on_tx!(tx, |tx| {
            sqlx::query("SAVEPOINT record").execute(&mut *tx).await?;
            let written = async {
                if let Some(earlier) = Self::claim_receipt(&mut *tx, receipt).await? {
                    return Ok(earlier);
                }
                Ok(crate::sync::Arrival::First(
                    insert((&mut *tx).into()).await?,
                ))
            }
            .await;
            if written.is_err() {
                sqlx::query("ROLLBACK TO SAVEPOINT record")
                    .execute(&mut *tx)
                    .await?;
            }
            sqlx::query("RELEASE SAVEPOINT record")
                .execute(&mut *tx)
                .await?;
            written
        })
    }

    /// Takes `receipt`'s id for a record about to be stored in `tx`; when the id
    /// was taken (also by a resend racing this one, which waits for it), what the
    /// earlier arrival was.
    pub(crate) async fn claim_receipt(
        tx: impl Into<Tx<'_>>,
        receipt: &crate::sync::Receipt<'_>,
    ) -> crate::StoreResult<Option<crate::sync::Arrival>> {
        on_tx!(tx.into(), |tx| {
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
            .execute(&mut *tx)
            .await?;
            if claimed.rows_affected() == 1 {
                return Ok(None);
            }
            let (kind, sender, digest, id): (String, i64, String, i64) = sqlx::query_as(
                "SELECT kind, sender_id, content_digest, record_id FROM synced_records \
                 WHERE client_id = $1",
            )
            .bind(receipt.client_id)
            .fetch_one(&mut *tx)
            .await?;
            Ok(Some(receipt.compared_with(&kind, sender, &digest, id)))
        })
    }

    /// Notes which record `receipt`'s id became.
    pub(crate) async fn settle_receipt(
        tx: impl Into<Tx<'_>>,
        receipt: &crate::sync::Receipt<'_>,
        record_id: i64,
    ) -> crate::StoreResult<()> {
        on_tx!(tx.into(), |tx| {
            sqlx::query("UPDATE synced_records SET record_id = $1 WHERE client_id = $2")
                .bind(record_id)
                .bind(receipt.client_id)
                .execute(&mut *tx)
                .await?;
            Ok(())
        })
    }
}
