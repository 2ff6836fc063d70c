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

use axum::extract::{FromRequest, FromRequestParts, State};
use axum::http::request::Parts;
use axum::response::IntoResponse;
use axum::Json;
use chrono::{Days, NaiveDate, Utc};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sha2::{Digest, Sha256};
use yinong_model::region::RegionCode;
use yinong_model::sync::{
    is_client_id, BatchAnswer, BatchedRecord, Capture, CapturedRecord, OutboxBatch, RecordAnswer,
    BATCH_MAX_RECORDS,
};

use crate::access::{authorize, Action};
use crate::answer::Kept;
use crate::auth::SignedIn;
use crate::error::{json_content, json_value, ApiError, ApiJson, ApiPath};
use crate::observe::SyncOutcome;
use crate::openapi::{bad_request, parameter};
use crate::photos::photos_present;
use crate::state::AppState;
use aide::generate::GenContext;
use aide::openapi::{HeaderStyle, Operation, Parameter, Response};
use aide::OperationInput;
use schemars::JsonSchema;
use yinong_store::sync::{Arrival, KeptReceipt, Receipt};

pub fn routes() -> aide::axum::ApiRouter<AppState> {
    aide::axum::ApiRouter::new().api_route("/outbox", aide::axum::routing::post(receive_batch))
}

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
    sent: Sent<K>,
) -> Result<Kept<K::Stored>, ApiError> {
    let (kept, sender) = receive_one(&state, &signed_in, client_id, sent, None).await?;
    kept.answer(async |id| K::stored(&state, id, &sender).await)
        .await
}

/// `POST /api/outbox`: several records from an informant's outbox, each stored or refused
/// on its own and answered as its own `PUT` would have been.
async fn receive_batch(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(batch): ApiJson<OutboxBatch>,
) -> Result<Json<BatchAnswer>, ApiError> {
    if batch.records.len() > BATCH_MAX_RECORDS {
        return Err(ApiError::BadRequest(format!(
            "一次最多发送 {BATCH_MAX_RECORDS} 条记录"
        )));
    }
    let ids: Vec<&str> = batch
        .records
        .iter()
        .map(|record| record.id.as_str())
        .collect();
    let mut kept = state.store.kept_receipts(&ids).await?;
    let mut answers = Vec::with_capacity(batch.records.len());
    let state = &state;
    let work = async {
        for BatchedRecord { kind, id, record } in batch.records {
            let looked_up = kept
                .iter()
                .position(|receipt| receipt.client_id == id)
                .map(|at| kept.swap_remove(at));
            let answer = answer_one(state, &signed_in, kind, id, record, looked_up).await;
            answers.push(answer);
        }
    };
    // One commit for the batch; when it fails, no record was stored and the phone sends
    // them all again.
    state.store.in_one_transaction(Box::pin(work)).await?;
    Ok(Json(BatchAnswer { answers }))
}

/// What one record of a batch is answered.
async fn answer_one(
    state: &AppState,
    signed_in: &SignedIn,
    kind: Capture,
    id: String,
    record: serde_json::Value,
    looked_up: Option<KeptReceipt>,
) -> RecordAnswer {
    use yinong_model::{incident::NewIncident, jobs::NewJobPost, listing::NewListing};
    use yinong_model::{news::NewNews, price::NewPriceReport, request::NewServiceLog};
    let kept = match kind {
        Capture::Price => one::<NewPriceReport>(state, signed_in, &id, record, looked_up).await,
        Capture::News => one::<NewNews>(state, signed_in, &id, record, looked_up).await,
        Capture::Incident => one::<NewIncident>(state, signed_in, &id, record, looked_up).await,
        Capture::ServiceLog => one::<NewServiceLog>(state, signed_in, &id, record, looked_up).await,
        Capture::Listing => one::<NewListing>(state, signed_in, &id, record, looked_up).await,
        Capture::Job => one::<NewJobPost>(state, signed_in, &id, record, looked_up).await,
    };
    match kept {
        Ok(Kept::First(_)) => RecordAnswer {
            id,
            status: 201,
            error: None,
        },
        Ok(Kept::Again(_)) => RecordAnswer {
            id,
            status: 200,
            error: None,
        },
        Err(error) => {
            let (status, body) = error.into_parts();
            RecordAnswer {
                id,
                status: status.as_u16(),
                error: Some(body.error),
            }
        }
    }
}

/// One record of a batch, as [`receive_one`] takes it, with the receipt kept under its id
/// (looked up with the batch's).
async fn one<K: Captured>(
    state: &AppState,
    signed_in: &SignedIn,
    client_id: &str,
    record: serde_json::Value,
    looked_up: Option<KeptReceipt>,
) -> Result<Kept<i64>, ApiError> {
    let sent = Sent::<K>::from_value(record)?;
    Ok(receive_one(
        state,
        signed_in,
        client_id.to_owned(),
        sent,
        Some(looked_up),
    )
    .await?
    .0)
}

/// A record of kind `K` from `signed_in`'s outbox under `client_id`: stored once, and who
/// sent it.
async fn receive_one<K: Captured>(
    state: &AppState,
    signed_in: &SignedIn,
    client_id: String,
    sent: Sent<K>,
    looked_up: Option<Option<KeptReceipt>>,
) -> Result<(Kept<i64>, Sender), ApiError> {
    let actor = signed_in.actor();
    authorize(&actor, K::ACTION, actor.region.as_ref())?;
    let sender = Sender {
        user_id: actor.user_id,
        village: actor.region.ok_or(ApiError::Forbidden)?,
    };
    if !is_client_id(&client_id) {
        return Err(ApiError::BadRequest(format!(
            "记录编号“{client_id}”不对：应为手机生成的 UUIDv7"
        )));
    }
    let new = &sent.content;
    let arriving = Arriving {
        looked_up,
        ..sent.arriving(client_id, K::KIND.code())
    };
    let kept = once(state, Some(&arriving), sender.user_id, async |receipt| {
        if let Some(problem) = new.sender_problem(&sender) {
            return Err(ApiError::BadRequest(problem));
        }
        record_checks(state, new).await?;
        new.store(
            state,
            &sender,
            receipt.expect("an outbox record has its receipt"),
        )
        .await
    })
    .await?;
    Ok((kept, sender))
}

/// Stores a record once. One `arriving` under an id (from an outbox, or a farmer's
/// request under an [`IdempotencyKey`]) whose id arrived before is answered as it was then,
/// even once the rules would refuse it now (a price's day past a week, a farmer's limit
/// reached since); else `first` checks and stores it, under its receipt when it has one.
pub async fn once(
    state: &AppState,
    arriving: Option<&Arriving>,
    sender_id: i64,
    first: impl AsyncFnOnce(Option<&Receipt<'_>>) -> Result<Arrival, ApiError>,
) -> Result<Kept<i64>, ApiError> {
    let receipt = arriving.map(|arriving| arriving.receipt(sender_id));
    let earlier = match (
        &receipt,
        arriving.and_then(|arriving| arriving.looked_up.as_ref()),
    ) {
        (Some(receipt), Some(kept)) => kept.as_ref().map(|kept| receipt.compared_with_kept(kept)),
        (Some(receipt), None) => state.store.earlier_arrival(receipt).await?,
        (None, _) => None,
    };
    let arrival = match earlier {
        Some(earlier) => Ok(earlier),
        None => first(receipt.as_ref()).await,
    };
    let (outcome, kept) = match arrival {
        Ok(Arrival::First(id)) => (SyncOutcome::Stored, Ok(Kept::First(id))),
        Ok(Arrival::Again(id)) => (SyncOutcome::Resent, Ok(Kept::Again(id))),
        Ok(Arrival::Differs) => (
            SyncOutcome::Conflict,
            Err(ApiError::Conflict(
                "这条记录的编号已被另一条不同的内容用过：请核对后重新填写一条".into(),
            )),
        ),
        Err(error) => (SyncOutcome::Refused, Err(error)),
    };
    if receipt.is_some() {
        state.metrics.synced(outcome);
    }
    kept
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

/// A JSON body as the API reads it, with digests of its content that a resend of the same
/// record matches.
pub struct Sent<T> {
    pub content: T,
    /// Over the body as sent with its keys in order (`c1:` names this form): what the phone
    /// keeps and resends, whatever struct a later server reads it into.
    digest: String,
    /// Over the server's re-serialisation of what it read, as servers before the `c1` form
    /// took it, so that records they stored are recognised when sent again.
    legacy_digest: String,
}

impl<T: DeserializeOwned + Serialize, S: Send + Sync> FromRequest<S> for Sent<T> {
    type Rejection = ApiError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        Self::from_value(json_value(request, state).await?)
    }
}

impl<T: DeserializeOwned + Serialize> Sent<T> {
    /// A record sent as `value` (the body, or one record of a batch).
    fn from_value(value: serde_json::Value) -> Result<Self, ApiError> {
        let sha256 = |bytes: Result<Vec<u8>, serde_json::Error>| {
            bytes
                .map(|bytes| format!("{:x}", Sha256::digest(&bytes)))
                .map_err(|error| ApiError::Internal(format!("digest of a body: {error}")))
        };
        // A JSON value's object keys are kept sorted, so equal content has equal bytes.
        let digest = format!("c1:{}", sha256(serde_json::to_vec(&value))?);
        let content: T = json_content(value)?;
        let legacy_digest = sha256(serde_json::to_vec(&content))?;
        Ok(Self {
            content,
            digest,
            legacy_digest,
        })
    }
}

impl<T> Sent<T> {
    /// This body arriving under `client_id` as a record of `kind`.
    pub fn arriving(&self, client_id: String, kind: &'static str) -> Arriving {
        Arriving {
            client_id,
            kind,
            digest: self.digest.clone(),
            legacy_digest: self.legacy_digest.clone(),
            looked_up: None,
        }
    }
}

/// A record arriving under an id: its kind and the digests of its content.
pub struct Arriving {
    client_id: String,
    kind: &'static str,
    digest: String,
    legacy_digest: String,
    /// The receipt kept under its id, when it was looked up already (with its batch's).
    looked_up: Option<Option<KeptReceipt>>,
}

impl Arriving {
    fn receipt(&self, sender_id: i64) -> Receipt<'_> {
        Receipt {
            client_id: &self.client_id,
            kind: self.kind,
            sender_id,
            content_digest: &self.digest,
            legacy_digest: Some(&self.legacy_digest),
            at: Utc::now(),
        }
    }
}

/// The `Idempotency-Key` header a farmer's phone puts on a request that creates something
/// (a question, a service request, a 供求 or job post): sent again after a lost answer, the
/// same key and content get what the first one made instead of a second. Keys are the
/// sender's own: the same key from two accounts names two requests.
pub struct IdempotencyKey(pub Option<String>);

pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

impl IdempotencyKey {
    /// The body `sent` under this key as a record of `kind` from `sender_id`, if there is
    /// a key.
    pub fn arriving<T>(
        &self,
        sent: &Sent<T>,
        kind: &'static str,
        sender_id: i64,
    ) -> Option<Arriving> {
        self.0
            .as_ref()
            .map(|key| sent.arriving(format!("key:{sender_id}:{key}"), kind))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let Some(value) = parts.headers.get(IDEMPOTENCY_KEY) else {
            return Ok(Self(None));
        };
        match value.to_str() {
            Ok(key) if is_idempotency_key(key) => Ok(Self(Some(key.to_owned()))),
            _ => Err(ApiError::BadRequest(
                "Idempotency-Key 应为 8 到 64 个字母、数字、“-”或“_”".into(),
            )),
        }
    }
}

fn is_idempotency_key(key: &str) -> bool {
    (8..=64).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
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

// What the API's description says of a body read as `Sent` and of the key header.
impl<T: JsonSchema> OperationInput for Sent<T> {
    fn operation_input(ctx: &mut GenContext, operation: &mut Operation) {
        ApiJson::<T>::operation_input(ctx, operation);
    }

    fn inferred_early_responses(
        ctx: &mut GenContext,
        operation: &mut Operation,
    ) -> Vec<(Option<u16>, Response)> {
        ApiJson::<T>::inferred_early_responses(ctx, operation)
    }
}

impl OperationInput for IdempotencyKey {
    fn operation_input(ctx: &mut GenContext, operation: &mut Operation) {
        let schema = schemars::json_schema!({
            "type": "string", "minLength": 8, "maxLength": 64, "pattern": "^[A-Za-z0-9_-]+$",
        });
        aide::operation::add_parameters(
            ctx,
            operation,
            [Parameter::Header {
                parameter_data: parameter(
                    IDEMPOTENCY_KEY,
                    Some("同一请求重发时带同一个键：只会建一条，重发得到第一次的结果"),
                    false,
                    schema,
                ),
                style: HeaderStyle::Simple,
            }],
        );
    }

    fn inferred_early_responses(
        ctx: &mut GenContext,
        _: &mut Operation,
    ) -> Vec<(Option<u16>, Response)> {
        vec![bad_request(ctx)]
    }
}
