//! 村网页 news: a village's informant writes news for the village page; the township (or an
//! administrator above) approves it; the village page lists the approved news, open to
//! everyone. Who may write or review is `access::authorize`.

use aide::axum::routing::{get, post};
use aide::axum::ApiRouter;
use axum::extract::State;
use axum::Json;
use chrono::Utc;
use yinong_model::news::{NewNews, NewsItem, NewsPage};
use yinong_model::region::RegionLevel;
use yinong_model::review::ReviewStatus;

use crate::access::{authorize, is_owner, Action};
use crate::auth::SignedIn;
use crate::capture::{receive, Captured, Sender};
use crate::error::{ApiError, ApiPath, ApiQuery};
use crate::regions::parse_code;
use crate::review::{
    approve_many, mine, page_of, queue, review, stored, ReviewQueueQuery, Reviewed,
};
use crate::state::AppState;
use yinong_store::news::NewNewsRecord;
use yinong_store::sync::{Arrival, Receipt};
use yinong_store::SubmissionFilter;

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route("/villages/{code}/news", get(village_news))
        .api_route("/news/mine", get(mine::<VillageNews>))
        .api_route("/news/review", get(queue::<VillageNews>))
        .api_route("/news/{id}", get(read).put(receive::<NewNews>))
        .api_route("/news/{id}/review", post(review::<VillageNews>))
        .api_route("/news/approve", post(approve_many::<VillageNews>))
}

/// `GET /api/villages/{code}/news?page=`: the village page's published news, newest first.
async fn village_news(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
    ApiQuery(query): ApiQuery<ReviewQueueQuery>,
) -> Result<Json<NewsPage>, ApiError> {
    let village = parse_code(&code)?;
    if village.level() != RegionLevel::Village {
        return Err(ApiError::BadRequest(format!("{code} 不是村的代码")));
    }
    let filter = SubmissionFilter {
        within: Some(village),
        status: Some(ReviewStatus::Approved),
        ..SubmissionFilter::default()
    };
    Ok(Json(
        page_of::<VillageNews>(&state, &filter, query.page).await?,
    ))
}

/// News the informant writes for their own village, through `capture::receive`.
impl Captured for NewNews {
    type Stored = Json<NewsItem>;

    async fn store(
        &self,
        state: &AppState,
        sender: &Sender,
        receipt: &Receipt<'_>,
    ) -> Result<Arrival, ApiError> {
        let record = NewNewsRecord {
            region: &sender.village,
            title: self.title.trim(),
            body: self.body.trim(),
            photos: &self.photos,
            author_id: sender.user_id,
            at: Utc::now(),
        };
        Ok(state.store.write_news(&record, receipt).await?)
    }

    async fn stored(
        state: &AppState,
        id: i64,
        _sender: &Sender,
    ) -> Result<Json<NewsItem>, ApiError> {
        Ok(Json(stored::<VillageNews>(state, id).await?.0))
    }
}

fn not_found(id: i64) -> ApiError {
    ApiError::NotFound(format!("没有编号为 {id} 的新闻"))
}

/// `GET /api/news/{id}`: published news for everyone; other news only for its author and
/// its reviewers.
async fn read(
    State(state): State<AppState>,
    signed_in: Option<SignedIn>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<NewsItem>, ApiError> {
    let (item, author) = stored::<VillageNews>(&state, id).await?;
    let may_see = item.status == ReviewStatus::Approved
        || signed_in.is_some_and(|signed_in| {
            is_owner(&signed_in.actor(), author)
                || authorize(
                    &signed_in.actor(),
                    Action::ReviewReports,
                    Some(&item.region_code),
                )
                .is_ok()
        });
    if !may_see {
        return Err(not_found(id));
    }
    Ok(Json(item))
}

/// Village news as reviewers decide on them.
pub struct VillageNews;

impl Reviewed for VillageNews {
    type Page = NewsPage;
    const NAME: &'static str = "新闻";
}
