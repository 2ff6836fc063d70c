//! Records captured offline arrive under the id the phone gave them
//! (`PUT /api/<capture>/{client id}`): the first arrival is stored (201), the same record
//! sent again answers with what it became (200), other content under a used id is a 409
//! the informant sees. The store keeps the receipts (`store::sync`).

use axum::http::StatusCode;
use chrono::Utc;
use serde::Serialize;
use sha2::{Digest, Sha256};
use yinong_model::sync::{is_client_id, Capture};

use crate::error::ApiError;
use crate::store::sync::{Arrival, Receipt};

/// An arriving record's id (checked) and the digest of its content as sent.
pub struct Arriving {
    client_id: String,
    kind: Capture,
    digest: String,
}

impl Arriving {
    pub fn new<T: Serialize>(
        client_id: String,
        kind: Capture,
        content: &T,
    ) -> Result<Self, ApiError> {
        if !is_client_id(&client_id) {
            return Err(ApiError::BadRequest(format!(
                "记录编号“{client_id}”不对：应为手机生成的 UUIDv7"
            )));
        }
        // Field order is the struct's, so equal content has equal bytes.
        let bytes = serde_json::to_vec(content)
            .map_err(|error| ApiError::Internal(format!("digest of a {kind:?}: {error}")))?;
        let digest = format!("{:x}", Sha256::digest(&bytes));
        Ok(Self {
            client_id,
            kind,
            digest,
        })
    }

    pub fn receipt(&self, sender_id: i64) -> Receipt<'_> {
        Receipt {
            client_id: &self.client_id,
            kind: self.kind.code(),
            sender_id,
            content_digest: &self.digest,
            at: Utc::now(),
        }
    }
}

/// The status an arrival is answered with, and the record it is about.
pub fn answer(arrival: Arrival) -> Result<(StatusCode, i64), ApiError> {
    match arrival {
        Arrival::First(id) => Ok((StatusCode::CREATED, id)),
        Arrival::Again(id) => Ok((StatusCode::OK, id)),
        Arrival::Differs => Err(ApiError::Conflict(
            "这条记录的编号已被另一条不同的内容用过：请核对后重新填写一条".into(),
        )),
    }
}
