//! What reviewers send about something submitted for publication (a 供求 post, a price
//! report): approve it, or refuse it with the reason its author reads.

use serde::{Deserialize, Serialize};

pub const REASON_MAX_CHARS: usize = 200;

/// `POST /api/…/{id}/review`: approve, or refuse (or take down) with a reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewDecision {
    pub approve: bool,
    pub reason: Option<String>,
}

impl ReviewDecision {
    /// The reason, trimmed, when one was given.
    pub fn reason(&self) -> Option<&str> {
        self.reason
            .as_deref()
            .map(str::trim)
            .filter(|reason| !reason.is_empty())
    }
}

/// What is wrong with the reason given for a refusal, if anything: it must say why, briefly.
pub fn refusal_problem(reason: &str) -> Option<String> {
    let chars = reason.trim().chars().count();
    if chars == 0 {
        Some("请写明不通过的原因，发布人会看到".to_owned())
    } else if chars > REASON_MAX_CHARS {
        Some(format!("原因最多 {REASON_MAX_CHARS} 个字"))
    } else {
        None
    }
}
