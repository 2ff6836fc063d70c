//! What reviewers send about something submitted for publication (a 供求 post, a price
//! report): approve it, or refuse it with the reason its author reads.

use serde::{Deserialize, Serialize};

use crate::region::RegionCode;

pub const REASON_MAX_CHARS: usize = 200;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
/// Where something an informant submitted (a price, a news item) stands: it is published
/// only once approved.
pub enum ReviewStatus {
    Pending,
    Approved,
    Rejected,
    /// Sent back for correction: its author sends a corrected one.
    Returned,
}

impl ReviewStatus {
    pub const ALL: [ReviewStatus; 4] = [
        Self::Pending,
        Self::Approved,
        Self::Returned,
        Self::Rejected,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Returned => "returned",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.code() == code)
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Pending => "待审核",
            Self::Approved => "已发布",
            Self::Rejected => "未通过",
            Self::Returned => "退回修改",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Self::Pending => "Awaiting review",
            Self::Approved => "Published",
            Self::Rejected => "Not approved",
            Self::Returned => "Returned for correction",
        }
    }
}

/// `POST /api/…/{id}/review`: approve, or refuse (or take down) with a reason — or, for
/// what informants submit, send it back for correction with the reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ReviewDecision {
    pub approve: bool,
    pub reason: Option<String>,
    #[serde(default)]
    pub send_back: bool,
}

impl ReviewDecision {
    pub fn approval() -> Self {
        Self::of(true, String::new())
    }

    /// An approval, or a refusal for `reason`.
    pub fn of(approve: bool, reason: String) -> Self {
        Self {
            approve,
            reason: (!approve).then_some(reason),
            send_back: false,
        }
    }

    /// Back to its author for correction, saying what to correct.
    pub fn send_back(reason: String) -> Self {
        Self {
            send_back: true,
            ..Self::of(false, reason)
        }
    }

    /// The reason, trimmed, when one was given.
    pub fn reason(&self) -> Option<&str> {
        self.reason
            .as_deref()
            .map(str::trim)
            .filter(|reason| !reason.is_empty())
    }
}

/// Where a reviewed kind lives on the API: a reviewer's decision on one goes to
/// `{base}/{id}/review`, a page approved at once to `{base}/approve`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReviewedAt(pub &'static str);

impl ReviewedAt {
    pub fn review_path(self, id: i64) -> String {
        format!("{}/{id}/review", self.0)
    }

    pub fn approve_path(self) -> String {
        format!("{}/approve", self.0)
    }
}

/// At most this many are approved in one go (a page of a queue).
pub const BULK_MAX: usize = 100;

/// `POST /api/…/approve`: approve these waiting submissions at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct BulkApproval {
    pub ids: Vec<i64>,
}

/// What became of a bulk approval: the ids approved, and why the others were not.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct BulkApproved {
    pub approved: Vec<i64>,
    pub not_approved: Vec<NotApproved>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NotApproved {
    pub id: i64,
    pub message: String,
}

/// A page of one kind of what informants submit for review (price reports, news, field
/// reports), as the API answers it: what the sender's list and the reviewer's queue show.
pub trait SubmissionPage: Sized {
    type Item;
    /// How many make a page.
    const PER_PAGE: i64;
    fn items(&self) -> &[Self::Item];
    /// Its items, how many there are in all, which page it is and how many make one.
    fn into_parts(self) -> (Vec<Self::Item>, i64, i64, i64);
    fn from_parts(items: Vec<Self::Item>, total: i64, page: i64) -> Self;
    fn id_and_status(item: &Self::Item) -> (i64, ReviewStatus);
    /// Where an item is from: whose region reviews it.
    fn region_of(item: &Self::Item) -> &RegionCode;
    fn total(&self) -> i64;

    /// How many there are and the newest one's id: what changes when new ones arrive.
    fn mark(&self) -> (i64, Option<i64>) {
        let newest = self.items().first().map(|item| Self::id_and_status(item).0);
        (self.total(), newest)
    }
}

/// `SubmissionPage` for a page type whose items (with `id`, `status` and `region_code`)
/// are in `$items`, `$per_page` to a page.
#[macro_export]
macro_rules! submission_page {
    ($page:ty, $items:ident, $item:ty, $per_page:expr) => {
        impl $crate::review::SubmissionPage for $page {
            type Item = $item;
            const PER_PAGE: i64 = $per_page;
            fn items(&self) -> &[$item] {
                &self.$items
            }
            fn into_parts(self) -> (Vec<$item>, i64, i64, i64) {
                (self.$items, self.total, self.page, self.per_page)
            }
            fn from_parts($items: Vec<$item>, total: i64, page: i64) -> Self {
                Self {
                    $items,
                    total,
                    page,
                    per_page: $per_page,
                }
            }
            fn id_and_status(item: &$item) -> (i64, $crate::review::ReviewStatus) {
                (item.id, item.status)
            }
            fn region_of(item: &$item) -> &$crate::region::RegionCode {
                &item.region_code
            }
            fn total(&self) -> i64 {
                self.total
            }
        }
    };
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

/// Why a reviewer may not make `decision` on a submission in `status`, if they may not:
/// only waiting ones are decided, and a refusal says why.
pub fn decision_problem(status: ReviewStatus, decision: &ReviewDecision) -> Option<String> {
    match (status, decision.approve) {
        (ReviewStatus::Pending, true) => None,
        (ReviewStatus::Pending, false) => refusal_problem(decision.reason().unwrap_or("")),
        (done, _) => Some(format!("这一条{}，不能再审核", done.name_zh())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_of_submissions_tells_its_newest_and_how_many_wait() {
        use crate::news::{NewsItem, NewsPage, NEWS_PER_PAGE};
        let item = |id: i64, status: ReviewStatus| NewsItem {
            id,
            title: format!("新闻{id}"),
            body: String::new(),
            photos: Vec::new(),
            region_code: RegionCode::parse("370811001001").unwrap(),
            place: "任城区 古槐街道 甲村".into(),
            author_name: "张".into(),
            written_at: "2026-12-04T10:00:00+08:00".into(),
            status,
            review_note: None,
        };
        let page = NewsPage::from_parts(
            vec![
                item(9, ReviewStatus::Pending),
                item(7, ReviewStatus::Returned),
            ],
            12,
            1,
        );
        assert_eq!(page.per_page, NEWS_PER_PAGE);
        assert_eq!(page.mark(), (12, Some(9)));
        assert_eq!(
            NewsPage::id_and_status(&page.news[1]),
            (7, ReviewStatus::Returned)
        );
        assert_eq!(NewsPage::region_of(&page.news[0]).as_str(), "370811001001");
        let (items, total, current, per_page) = page.into_parts();
        assert_eq!(
            (items.len(), total, current, per_page),
            (2, 12, 1, NEWS_PER_PAGE)
        );
        let empty = NewsPage::from_parts(Vec::new(), 0, 0);
        assert_eq!(empty.mark(), (0, None));
    }

    #[test]
    fn only_waiting_submissions_are_decided_and_a_refusal_says_why() {
        let approve = ReviewDecision::approval();
        let refuse = |reason: &str| ReviewDecision::of(false, reason.to_owned());
        assert_eq!(decision_problem(ReviewStatus::Pending, &approve), None);
        assert_eq!(
            decision_problem(ReviewStatus::Pending, &refuse("价格偏高，请核实")),
            None
        );
        assert!(decision_problem(ReviewStatus::Pending, &refuse(" ")).is_some());
        assert!(decision_problem(ReviewStatus::Approved, &approve).is_some());
        assert!(decision_problem(ReviewStatus::Rejected, &refuse("x")).is_some());
        let back = |reason: &str| ReviewDecision::send_back(reason.to_owned());
        assert_eq!(
            decision_problem(ReviewStatus::Pending, &back("单位应为公斤")),
            None
        );
        assert!(
            decision_problem(ReviewStatus::Pending, &back("")).is_some(),
            "says what to correct"
        );
        assert!(decision_problem(ReviewStatus::Returned, &approve).is_some());
    }
}
