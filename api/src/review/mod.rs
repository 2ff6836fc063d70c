//! The review pipeline of what is submitted for review (informants' prices, news, field
//! reports; a county's filing of stations): a kind states only its page type, its name
//! and who reviews it ([`Reviewed`]); the store keeps every kind one
//! way (`Submissions<T>`). Its sender's list (`mine::<K>`), the reviewer's queue
//! (`queue::<K>`), a decision with its checks (`review::<K>`) and approving a page at once
//! (`approve_many::<K>`) are written here once. 供求 posts decide through the same
//! `approve_each`.

use std::future::Future;
use yinong_model::paging::PageNumber;

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use yinong_model::region::RegionCode;
use yinong_model::review::{
    decision_problem, BulkApproval, BulkApproved, NotApproved, ReviewDecision, ReviewStatus,
    SubmissionPage, BULK_MAX,
};

use crate::access::{authorize, list_scope, Action};
use crate::auth::SignedIn;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery};
use crate::qualification::may_publish;
use crate::state::AppState;
use yinong_store::{Decision, StoreError, SubmissionFilter, Submitted};

/// `?status=&page=`: a page of a list of submissions in one status.
#[derive(Deserialize, schemars::JsonSchema)]
pub struct ReviewQueueQuery {
    status: Option<String>,
    #[serde(default)]
    pub page: PageNumber,
}

impl ReviewQueueQuery {
    /// The status asked for; the waiting ones when none is.
    pub fn status(&self) -> Result<ReviewStatus, ApiError> {
        match self.status.as_deref() {
            None => Ok(ReviewStatus::Pending),
            Some(code) => ReviewStatus::from_code(code)
                .ok_or_else(|| ApiError::BadRequest(format!("没有“{code}”这种状态"))),
        }
    }
}

/// A submission as a reviewer's decision needs it: where it is from, where it stands and
/// who sent it.
pub struct UnderReview<'a> {
    pub region: &'a RegionCode,
    pub status: ReviewStatus,
    pub author: i64,
}

/// The step a reviewer's `decision` on `submitted` of kind `K` records, once it is theirs
/// to make: in their region, a decision open from its status, and — to publish — from an
/// author who qualified. Every reviewed kind decides through here.
async fn checked_decision<'d, K: Reviewed>(
    state: &AppState,
    signed_in: &SignedIn,
    submitted: UnderReview<'_>,
    decision: &'d ReviewDecision,
) -> Result<Decision<'d>, ApiError> {
    authorize(&signed_in.actor(), K::ACTION, Some(submitted.region))?;
    if decision.send_back && !decision.approve && !K::SENDS_BACK {
        return Err(ApiError::BadRequest(format!(
            "{}不能退回，请直接决定",
            K::NAME
        )));
    }
    if let Some(problem) = decision_problem(submitted.status, decision) {
        return Err(ApiError::BadRequest(problem));
    }
    if decision.approve && K::PUBLISHES {
        may_publish(state, submitted.author).await?;
    }
    Ok(Decision::of(submitted.status, decision, signed_in.user.id))
}

/// What a store's answer to recording a decision means to the reviewer: someone else
/// decided first (`what`: "这条价格").
pub fn decided(result: Result<(), StoreError>, what: &str) -> Result<(), ApiError> {
    match result {
        Ok(()) => Ok(()),
        Err(StoreError::Conflict(_)) => Err(ApiError::Conflict(format!(
            "{what}刚被处理过，请刷新后再看"
        ))),
        Err(other) => Err(other.into()),
    }
}

/// A kind of submission reviewers decide on (prices, news, field reports): what it is
/// called and how a page of them is answered; the store keeps every kind the same way
/// (`Submitted`). Its handlers are written once: `mine::<K>`, `queue::<K>`,
/// `review::<K>` and `approve_many::<K>`.
pub trait Reviewed: Send + Sync + 'static {
    type Page: SubmissionPage<Item: Submitted + Serialize> + Serialize + Send;
    /// What one is called: "价格" (这条价格, 没有编号为 3 的价格).
    const NAME: &'static str;
    /// What a reviewer must be allowed to do where one is from.
    const ACTION: Action = Action::ReviewReports;
    /// Approving one publishes what an informant wrote, so its author must have qualified.
    const PUBLISHES: bool = true;
    /// Its sender can correct one sent back and send it again (a farmer's complaint is
    /// found true or not, never sent back).
    const SENDS_BACK: bool = true;
}

/// What a kind's pages hold.
pub type Item<K> = <<K as Reviewed>::Page as SubmissionPage>::Item;

/// Submission `id` of kind `K` with its sender's id; [`ApiError::NotFound`] when there is
/// none.
pub async fn stored<K: Reviewed>(state: &AppState, id: i64) -> Result<(Item<K>, i64), ApiError> {
    Item::<K>::kept_in(state.store.as_ref())
        .submission(id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("没有编号为 {id} 的{}", K::NAME)))
}

/// Page `page` (counted from 0) of the submissions of kind `K` that `filter` holds,
/// newest first.
pub async fn page_of<K: Reviewed>(
    state: &AppState,
    filter: &SubmissionFilter,
    page: PageNumber,
) -> Result<K::Page, ApiError> {
    let per_page = K::Page::PER_PAGE;
    let (items, total) = Item::<K>::kept_in(state.store.as_ref())
        .submissions(filter, page.offset(per_page), per_page)
        .await?;
    Ok(K::Page::from_parts(items, total, page.get()))
}

/// `GET /api/…/mine?page=`: what the signed-in informant sent, with its review status.
pub async fn mine<K: Reviewed>(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(query): ApiQuery<ReviewQueueQuery>,
) -> Result<Json<K::Page>, ApiError> {
    let filter = SubmissionFilter {
        sender: Some(signed_in.user.id),
        ..SubmissionFilter::default()
    };
    Ok(Json(page_of::<K>(&state, &filter, query.page).await?))
}

/// `GET /api/…/review?status=&page=`: those in the reviewer's region, waiting by default;
/// `approved` is what was published (for field reports, the county's list to act on).
pub async fn queue<K: Reviewed>(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(query): ApiQuery<ReviewQueueQuery>,
) -> Result<Json<K::Page>, ApiError> {
    let filter = SubmissionFilter {
        within: list_scope(&signed_in.actor(), K::ACTION)?,
        status: Some(query.status()?),
        ..SubmissionFilter::default()
    };
    Ok(Json(page_of::<K>(&state, &filter, query.page).await?))
}

/// A reviewer's decision on submission `id` of kind `K`, if theirs to make.
async fn decide<K: Reviewed>(
    state: &AppState,
    signed_in: &SignedIn,
    id: i64,
    decision: &ReviewDecision,
) -> Result<Item<K>, ApiError> {
    let (item, author) = stored::<K>(state, id).await?;
    let region = K::Page::region_of(&item);
    let status = K::Page::id_and_status(&item).1;
    let submitted = UnderReview {
        region,
        status,
        author,
    };
    let change = checked_decision::<K>(state, signed_in, submitted, decision).await?;
    let kept = Item::<K>::kept_in(state.store.as_ref());
    decided(kept.decide(id, &change).await, &format!("这条{}", K::NAME))?;
    Ok(stored::<K>(state, id).await?.0)
}

/// `POST /api/…/{id}/review`: approve, refuse with a reason, or send back.
pub async fn review<K: Reviewed>(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(decision): ApiJson<ReviewDecision>,
) -> Result<Json<Item<K>>, ApiError> {
    Ok(Json(decide::<K>(&state, &signed_in, id, &decision).await?))
}

/// `POST /api/…/approve`: approves each of a page of waiting submissions, each checked as
/// one alone would be; those the reviewer may not approve, or someone decided first, are
/// told apart.
pub async fn approve_many<K: Reviewed>(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(bulk): ApiJson<BulkApproval>,
) -> Result<Json<BulkApproved>, ApiError> {
    let actor = signed_in.actor();
    authorize(&actor, K::ACTION, actor.region.as_ref())?;
    let approval = ReviewDecision::approval();
    let approve = |id| decide::<K>(&state, &signed_in, id, &approval);
    Ok(Json(approve_each(bulk, approve).await?))
}

/// Approves each of `bulk`'s ids with `approve` (one decision, checked as one alone would
/// be), telling apart those refused and why; stops only at an internal failure.
pub async fn approve_each<T, Decided>(
    bulk: BulkApproval,
    approve: impl Fn(i64) -> Decided,
) -> Result<BulkApproved, ApiError>
where
    Decided: Future<Output = Result<T, ApiError>>,
{
    if bulk.ids.len() > BULK_MAX {
        return Err(ApiError::BadRequest(format!("一次最多通过 {BULK_MAX} 条")));
    }
    let mut answer = BulkApproved::default();
    for id in bulk.ids {
        match approve(id).await {
            Ok(_) => answer.approved.push(id),
            Err(ApiError::Internal(detail)) => return Err(ApiError::Internal(detail)),
            Err(refused) => answer.not_approved.push(NotApproved {
                id,
                message: refused.to_string(),
            }),
        }
    }
    Ok(answer)
}
