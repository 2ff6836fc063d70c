//! Records captured offline arrive under the id the phone gave them
//! (`PUT /api/<capture>/{client id}`): the first arrival is stored (201), the same record
//! sent again answers with what it became (200), other content under a used id is a 409
//! the informant sees. The store keeps the receipts (`store::sync`).
//!
//! [`receive::<K>`] is the one handler of every captured kind — price reports, village
//! news, field reports, the service log, and 供求 and jobs posted for a farmer (代发). A
//! kind states only what is its own: its checks and photos in the model
//! (`CapturedRecord`, which the phone applies too), and here ([`Captured`]) who may send it
//! where, its insert, and what a stored record is answered with.

use std::future::Future;

use axum::extract::State;
use axum::response::IntoResponse;
use chrono::{Days, NaiveDate, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use yinong_model::region::RegionCode;
use yinong_model::sync::{is_client_id, Capture, CapturedRecord};

use crate::access::{authorize, Action};
use crate::answer::Kept;
use crate::auth::SignedIn;
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::photos::photos_present;
use crate::state::AppState;
use yinong_store::sync::{Arrival, Receipt};

/// Who sent a captured record: an informant of `village`.
pub struct Sender {
    pub user_id: i64,
    pub village: RegionCode,
}

/// A kind of record captured on a phone and sent from its outbox, beyond what the model
/// says of it (`CapturedRecord`: its kind, checks and photos).
pub trait Captured: CapturedRecord + Send + Sync + 'static {
    /// What the sender must be allowed to do in their own village.
    const ACTION: Action = Action::ReportFromVillage;
    /// What a stored record is answered with, first arrival or resend alike.
    type Stored: IntoResponse + aide::OperationOutput + Send;

    /// What is wrong with it coming from `sender` (a post made for someone placed too far
    /// away), told before the record's own problems.
    fn sender_problem(&self, _sender: &Sender) -> Option<String> {
        None
    }
    /// Its remaining checks and its insert under `receipt`, for a first arrival.
    fn store(
        &self,
        state: &AppState,
        sender: &Sender,
        receipt: &Receipt<'_>,
    ) -> impl Future<Output = Result<Arrival, ApiError>> + Send;
    /// Stored record `id` as its sender reads it.
    fn stored(
        state: &AppState,
        id: i64,
        sender: &Sender,
    ) -> impl Future<Output = Result<Self::Stored, ApiError>> + Send;
}

/// `PUT /api/<kind>/{client id}`: a record of kind `K` from its informant's outbox.
pub async fn receive<K: Captured>(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(client_id): ApiPath<String>,
    ApiJson(new): ApiJson<K>,
) -> Result<Kept<K::Stored>, ApiError> {
    let actor = signed_in.actor();
    authorize(&actor, K::ACTION, actor.region.as_ref())?;
    let sender = Sender {
        user_id: actor.user_id,
        village: actor.region.ok_or(ApiError::Forbidden)?,
    };
    let arriving = Arriving::new(client_id, K::KIND, &new)?;
    let receipt = arriving.receipt(sender.user_id);
    // A resend is answered as the first arrival was, even once the rules would refuse it
    // now (a price's day past a week, a farmer's limit reached since).
    let arrival = match state.store.earlier_arrival(&receipt).await? {
        Some(earlier) => earlier,
        None => {
            if let Some(problem) = new.sender_problem(&sender) {
                return Err(ApiError::BadRequest(problem));
            }
            record_checks(&state, &new).await?;
            new.store(&state, &sender, &receipt).await?
        }
    };
    Ok(match arrival {
        Arrival::First(id) => Kept::First(K::stored(&state, id, &sender).await?),
        Arrival::Again(id) => Kept::Again(K::stored(&state, id, &sender).await?),
        Arrival::Differs => return Err(differs()),
    })
}

/// A captured kind's own checks and its photos present: what a record must pass before it
/// is stored, from the outbox or (供求 and jobs) posted directly.
pub async fn record_checks<T: CapturedRecord>(
    state: &AppState,
    record: &T,
) -> Result<(), ApiError> {
    if let Some(problem) = record.problem() {
        return Err(ApiError::BadRequest(problem));
    }
    photos_present(state, record.photos()).await
}

/// An arriving record's id (checked) and the digest of its content as sent.
struct Arriving {
    client_id: String,
    kind: Capture,
    digest: String,
}

impl Arriving {
    fn new<T: Serialize>(client_id: String, kind: Capture, content: &T) -> Result<Self, ApiError> {
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

    fn receipt(&self, sender_id: i64) -> Receipt<'_> {
        Receipt {
            client_id: &self.client_id,
            kind: self.kind.code(),
            sender_id,
            content_digest: &self.digest,
            at: Utc::now(),
        }
    }
}

/// Another record arrived under this one's id before.
fn differs() -> ApiError {
    ApiError::Conflict("这条记录的编号已被另一条不同的内容用过：请核对后重新填写一条".into())
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
