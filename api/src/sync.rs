//! Records captured offline arrive under the id the phone gave them
//! (`PUT /api/<capture>/{client id}`): the first arrival is stored (201), the same record
//! sent again answers with what it became (200), other content under a used id is a 409
//! the informant sees. The store keeps the receipts (`store::sync`).

use axum::http::StatusCode;
use chrono::{Days, NaiveDate, Utc};
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

/// The day a captured record is for (`YYYY-MM-DD`): today on China's calendar or up to
/// `max_age_days` before it — records of `what` are kept fresh, and a phone's wrong clock
/// cannot date one ahead.
pub fn recent_day(
    text: &str,
    today: NaiveDate,
    max_age_days: u64,
    what: &str,
) -> Result<NaiveDate, ApiError> {
    let text = text.trim();
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| ApiError::BadRequest(format!("日期“{text}”应写成 2026-12-01 的样子")))?;
    if day > today {
        return Err(ApiError::BadRequest("日期不能晚于今天".into()));
    }
    if day < today - Days::new(max_age_days) {
        return Err(ApiError::BadRequest(format!(
            "只能上报最近 {max_age_days} 天的{what}"
        )));
    }
    Ok(day)
}
