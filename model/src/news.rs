//! 村网页 news: the village informant writes news for the village page (with photos); the
//! township (or an administrator above) approves it before it is published there.

use serde::{Deserialize, Serialize};

use crate::sync::{Capture, CapturedRecord};

use crate::listing::{photos_problem, PHOTOS_PER_LISTING};
use crate::region::RegionCode;
use crate::review::ReviewStatus;

pub const TITLE_MAX_CHARS: usize = 40;
pub const BODY_MAX_CHARS: usize = 3_000;
pub const NEWS_PER_PAGE: i64 = 10;
/// Photos a news item may carry (as many as a post).
pub const PHOTOS_PER_NEWS: usize = PHOTOS_PER_LISTING;

/// `POST /api/news`: written for the informant's own village.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewNews {
    pub title: String,
    pub body: String,
    pub photos: Vec<String>,
}

impl CapturedRecord for NewNews {
    const KIND: Capture = Capture::News;

    fn problem(&self) -> Option<String> {
        news_problem(self)
    }

    fn photos(&self) -> &[String] {
        &self.photos
    }
}

pub fn news_problem(news: &NewNews) -> Option<String> {
    let chars = |text: &str| text.trim().chars().count();
    if chars(&news.title) == 0 || chars(&news.title) > TITLE_MAX_CHARS {
        return Some(format!("请填写标题（最多 {TITLE_MAX_CHARS} 个字）"));
    }
    if chars(&news.body) < 10 {
        return Some("正文至少 10 个字，写清楚什么事、什么时间、在哪里".to_owned());
    }
    if chars(&news.body) > BODY_MAX_CHARS {
        return Some(format!("正文最多 {BODY_MAX_CHARS} 个字"));
    }
    if let Some(problem) = photos_problem(&news.photos) {
        return Some(problem);
    }
    None
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewsItem {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub photos: Vec<String>,
    pub region_code: RegionCode,
    /// The village, from the county down.
    pub place: String,
    pub author_name: String,
    /// RFC 3339, China time: when it was written.
    pub written_at: String,
    pub status: ReviewStatus,
    pub review_note: Option<String>,
}

/// `GET /api/villages/{code}/news`, `GET /api/news/…`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewsPage {
    pub news: Vec<NewsItem>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

crate::submission_page!(NewsPage, news, NewsItem, NEWS_PER_PAGE);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_has_a_title_and_says_enough() {
        let news = NewNews {
            title: "村里新修了机耕路".to_owned(),
            body: "张营村到许庄街道的机耕路修好了，农机可以直接开到地头。".to_owned(),
            photos: Vec::new(),
        };
        assert_eq!(news_problem(&news), None);
        let mut untitled = news.clone();
        untitled.title = " ".to_owned();
        assert!(news_problem(&untitled).is_some());
        let mut short = news.clone();
        short.body = "路修好了".to_owned();
        assert!(news_problem(&short).is_some());
    }
}
