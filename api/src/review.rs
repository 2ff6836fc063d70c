//! What the handlers of informants' submissions (prices, news) share: the query of a
//! reviewer's queue.

use serde::Deserialize;
use yinong_model::review::ReviewStatus;

use crate::error::ApiError;

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
