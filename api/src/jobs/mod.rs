//! 招聘用工: anyone reads the board of a region (a code range), by kind and the day of the
//! work; a signed-in account posts work offered (招工) or that it is free to work (找活) in a
//! township or village, with its own phone as contact, and takes its own posts down. A post
//! shows until the work's last day (at most 60 days ahead). The village's informant posts
//! for someone without a smartphone (代发, `PUT /api/jobs/{id}` from the outbox through
//! `capture::receive`) with their number, counted against that person's limit of posts.

use aide::axum::routing::{get, post, put};
use aide::axum::ApiRouter;
use axum::extract::State;
use axum::Json;
use chrono::{Days, NaiveDate, Utc};
use serde::Deserialize;
use yinong_model::jobs::{
    JobKind, JobPage, NewJobPost, JOBS_PER_PAGE, OPEN_POSTS_PER_ACCOUNT, POST_MAX_DAYS,
};
use yinong_model::paging::PageNumber;

use crate::access::{authorize_owner, may_post_at, Reach};
use crate::answer::Kept;
use crate::auth::SignedIn;
use crate::capture::{once, receive, record_checks, Captured, IdempotencyKey, Sender, Sent};
use crate::error::{ApiError, ApiPath, ApiQuery};
use crate::regions::parse_code;
use crate::state::AppState;
use axum::response::NoContent;
use yinong_model::sync::Capture;
use yinong_store::jobs::{JobFilter, NewJobRecord};
use yinong_store::sync::{Arrival, Receipt};
use yinong_store::{china_today, StoreError};

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route("/jobs", get(board).post(publish))
        .api_route("/jobs/{id}", put(receive::<NewJobPost>))
        .api_route("/jobs/{id}/withdraw", post(withdraw))
}

fn day(text: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| ApiError::BadRequest(format!("日期“{text}”应写成 2026-12-01 的样子")))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct BoardQuery {
    within: Option<String>,
    kind: Option<String>,
    on: Option<String>,
    #[serde(default)]
    page: PageNumber,
}

/// `GET /api/jobs?within=&kind=&on=&page=`: open to everyone; a signed-in account's own
/// posts are marked.
async fn board(
    State(state): State<AppState>,
    signed_in: Option<SignedIn>,
    ApiQuery(query): ApiQuery<BoardQuery>,
) -> Result<Json<JobPage>, ApiError> {
    let kind = query
        .kind
        .as_deref()
        .map(|code| {
            JobKind::from_code(code)
                .ok_or_else(|| ApiError::BadRequest(format!("没有“{code}”这种信息")))
        })
        .transpose()?;
    let filter = JobFilter {
        within: query.within.as_deref().map(parse_code).transpose()?,
        kind,
        on: query.on.as_deref().map(day).transpose()?,
        today: china_today(),
    };
    let page = query.page;
    let viewer = signed_in.map(|signed_in| signed_in.user.id);
    let (posts, total) = state
        .store
        .jobs(&filter, viewer, page.offset(JOBS_PER_PAGE), JOBS_PER_PAGE)
        .await?;
    Ok(Json(JobPage {
        posts,
        total,
        page: page.get(),
        per_page: JOBS_PER_PAGE,
    }))
}

/// The work's first and last day, checked against today.
fn work_days(post: &NewJobPost, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), ApiError> {
    let starts_on = day(&post.starts_on)?;
    let ends_on = post
        .ends_on
        .as_deref()
        .map(day)
        .transpose()?
        .unwrap_or(starts_on);
    if starts_on < today {
        return Err(ApiError::BadRequest("开始日期不能早于今天".into()));
    }
    if ends_on < starts_on {
        return Err(ApiError::BadRequest("结束日期不能早于开始日期".into()));
    }
    let latest = today + Days::new(POST_MAX_DAYS as u64);
    if ends_on > latest {
        return Err(ApiError::BadRequest(format!(
            "信息最长显示 {POST_MAX_DAYS} 天（到 {latest} 为止），更远的活到时再发"
        )));
    }
    Ok((starts_on, ends_on))
}

/// A post as the store takes it from `poster`, once its days and place are right (its own
/// checks are `capture::record_checks`).
async fn checked_record<'a>(
    state: &AppState,
    post: &'a NewJobPost,
    poster_id: i64,
) -> Result<NewJobRecord<'a>, ApiError> {
    let (starts_on, ends_on) = work_days(post, china_today())?;
    if state.store.region(&post.region_code).await?.is_none() {
        return Err(ApiError::BadRequest(format!(
            "没有代码为 {} 的地区",
            post.region_code
        )));
    }
    Ok(NewJobRecord {
        kind: post.kind,
        region: &post.region_code,
        title: post.title.trim(),
        description: post.description.trim(),
        starts_on,
        ends_on,
        pay: post.pay.trim(),
        headcount: post.headcount,
        contact_name: post.contact_name.trim(),
        contact_phone: post.contact_phone.as_deref().map(str::trim),
        poster_id,
        at: Utc::now(),
    })
}

/// What a post over the limit is told: whose posts showing are too many.
fn too_many_open(for_someone: bool) -> ApiError {
    let whose = if for_someone {
        "这位联系人"
    } else {
        "你"
    };
    ApiError::Conflict(format!(
        "{whose}已有 {OPEN_POSTS_PER_ACCOUNT} 条信息在显示，请撤下不需要的再发"
    ))
}

/// `POST /api/jobs`: a signed-in account's own post (once per [`IdempotencyKey`]).
async fn publish(
    State(state): State<AppState>,
    signed_in: SignedIn,
    key: IdempotencyKey,
    sent: Sent<NewJobPost>,
) -> Result<Kept<()>, ApiError> {
    let poster_id = signed_in.user.id;
    let new = &sent.content;
    let arriving = key.arriving(&sent, Capture::Job.code(), poster_id);
    let kept = once(&state, arriving.as_ref(), poster_id, async |receipt| {
        if new.contact_phone.is_some() {
            return Err(ApiError::BadRequest(
                "为别人代发的信息请在信息员工作台的“代发招工”里发".into(),
            ));
        }
        record_checks(&state, new).await?;
        let record = checked_record(&state, new, poster_id).await?;
        store_post(&state, &record, receipt, false).await
    })
    .await?;
    kept.answer(async |_| Ok(())).await
}

/// Stores a post, counted against whoever it is for.
async fn store_post(
    state: &AppState,
    record: &NewJobRecord<'_>,
    receipt: Option<&Receipt<'_>>,
    for_someone: bool,
) -> Result<Arrival, ApiError> {
    match state
        .store
        .post_job(record, OPEN_POSTS_PER_ACCOUNT, china_today(), receipt)
        .await
    {
        Err(StoreError::Conflict(_)) => Err(too_many_open(for_someone)),
        other => Ok(other?),
    }
}

/// Work offered or sought, posted by the village's informant for someone of the village or
/// its township without a smartphone (代发), with their number, through
/// `capture::receive`; it shows at once, like any post.
impl Captured for NewJobPost {
    type Stored = ();

    fn sender_problem(&self, sender: &Sender) -> Option<String> {
        if self.contact_phone.is_none() {
            return Some("请填写联系人的手机号码".into());
        }
        (!may_post_at(&sender.village, &self.region_code, Reach::VillageOrTownship))
            .then(|| "代发的信息只能发在本村或本乡镇".into())
    }

    async fn store(
        &self,
        state: &AppState,
        sender: &Sender,
        receipt: &Receipt<'_>,
    ) -> Result<Arrival, ApiError> {
        let record = checked_record(state, self, sender.user_id).await?;
        store_post(state, &record, Some(receipt), true).await
    }

    async fn stored(_state: &AppState, _id: i64, _sender: &Sender) -> Result<(), ApiError> {
        Ok(())
    }
}

/// Only the poster takes a post down.
async fn withdraw(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(id): ApiPath<i64>,
) -> Result<NoContent, ApiError> {
    let poster = state
        .store
        .job_poster(id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("没有编号为 {id} 的信息")))?;
    authorize_owner(&signed_in.actor(), poster)?;
    match state.store.withdraw_job(id, Utc::now()).await {
        Ok(()) => Ok(NoContent),
        Err(StoreError::Conflict(_)) => Err(ApiError::Conflict("这条信息已经撤下".into())),
        Err(other) => Err(other.into()),
    }
}
