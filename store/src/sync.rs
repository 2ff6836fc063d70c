//! Records sent from phones' outboxes: each arrives under the id the phone gave it, and
//! the first arrival is kept with a digest of its content, in the transaction that stores
//! the record. A resend is recognised by its id (see `yinong_model::sync`).

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreResult;

/// An arriving record's id, kind, sender and content digest.
#[derive(Clone, Debug)]
pub struct Receipt<'a> {
    pub client_id: &'a str,
    /// What the record is: `price`, …
    pub kind: &'a str,
    pub sender_id: i64,
    pub content_digest: &'a str,
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

impl Receipt<'_> {
    /// This record against the one kept under its id: `kind`, `sender_id`, `digest`, `id`.
    pub fn compared_with(&self, kind: &str, sender_id: i64, digest: &str, id: i64) -> Arrival {
        if kind == self.kind && sender_id == self.sender_id && digest == self.content_digest {
            Arrival::Again(id)
        } else {
            Arrival::Differs
        }
    }
}

#[async_trait]
pub trait SyncStore: Send + Sync {
    /// How `receipt`'s id was used before, if it was.
    async fn earlier_arrival(&self, receipt: &Receipt<'_>) -> StoreResult<Option<Arrival>>;
}
