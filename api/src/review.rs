//! What the handlers of informants' submissions (prices, news, field reports) share: the
//! query of a reviewer's queue, and the one check of a reviewer's decision.

use serde::Deserialize;
use yinong_model::region::RegionCode;
use yinong_model::review::{decision_problem, ReviewDecision, ReviewStatus};

use crate::access::{authorize, Action};
use crate::auth::SignedIn;
use crate::error::ApiError;
use crate::qualification::may_publish;
use crate::store::{Decision, StoreError};
use crate::AppState;

/// `?status=&page=`: a page of a list of submissions in one status.
#[derive(Deserialize)]
pub struct ReviewQueueQuery {
    status: Option<String>,
    #[serde(default)]
    pub page: i64,
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
pub struct Submitted<'a> {
    pub region: &'a RegionCode,
    pub status: ReviewStatus,
    pub author: i64,
}

/// The step a reviewer's `decision` on `submitted` records, once it is theirs to make: in
/// their region, a decision open from its status, and — to publish — from an author who
/// qualified. Every captured kind (prices, news, field reports) decides through here.
pub async fn checked_decision<'d>(
    state: &AppState,
    signed_in: &SignedIn,
    submitted: Submitted<'_>,
    decision: &'d ReviewDecision,
) -> Result<Decision<'d>, ApiError> {
    authorize(
        &signed_in.actor(),
        Action::ReviewReports,
        Some(submitted.region),
    )?;
    if let Some(problem) = decision_problem(submitted.status, decision) {
        return Err(ApiError::BadRequest(problem));
    }
    if decision.approve {
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
