//! 产品供求: anyone reads the board of a region; a signed-in account posts what it sells or
//! wants (up to three photos) in a township or village, which shows once a reviewer approved
//! it — `access::authorize(…, ReviewListings, post's region)`: the village's informant or an
//! administrator above — for its days counted from the approval. Reviewers refuse or take
//! down with a reason the poster reads; three neighbours' reports send a post back to review;
//! posters take their own down. The steps are one rule (`yinong_model::listing::review_problem`);
//! financial and insurance products are refused before review (`forbidden_topic`), as the
//! programme forbids them. The village's informant posts for a farmer without a smartphone
//! (代发, `PUT /api/listings/{id}` through `capture::receive`) with the farmer's number,
//! counted against that farmer's limit of open posts; nobody reviews their own post.

use aide::axum::routing::{get, post};
use aide::axum::ApiRouter;
use axum::extract::State;
use axum::Json;
use chrono::{Days, Utc};
use serde::Deserialize;
use yinong_model::listing::{
    report_problem, review_problem, Listing, ListingKind, ListingPage, ListingReport,
    ListingStatus, NewListing, ReviewDecision, LISTINGS_PER_PAGE, LISTING_DEFAULT_DAYS,
    OPEN_LISTINGS_PER_ACCOUNT, REPORTS_TO_HIDE,
};
use yinong_model::paging::PageNumber;
use yinong_model::review::{BulkApproval, BulkApproved};

use crate::access::{authorize, authorize_owner, is_owner, list_scope, may_post_at, Action, Reach};
use crate::answer::Kept;
use crate::auth::SignedIn;
use crate::capture::{once, receive, record_checks, Captured, IdempotencyKey, Sender, Sent};
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery};
use crate::qualification::may_publish;
use crate::regions::parse_code;
use crate::review::approve_each;
use crate::state::AppState;
use axum::response::NoContent;
use yinong_model::sync::Capture;
use yinong_store::listings::{ListingFilter, ListingStep, NewListingRecord};
use yinong_store::sync::{Arrival, Receipt};
use yinong_store::{china_today, StoreError};

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route("/listings", get(board).post(publish))
        .api_route("/listings/mine", get(mine))
        .api_route("/listings/review", get(review_queue))
        .api_route("/listings/{id}", get(read).put(receive::<NewListing>))
        .api_route("/listings/{id}/review", post(review))
        .api_route("/listings/approve", post(approve_many))
        .api_route("/listings/{id}/report", post(report))
        .api_route("/listings/{id}/withdraw", post(withdraw))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct ListQuery {
    within: Option<String>,
    kind: Option<String>,
    product: Option<String>,
    status: Option<String>,
    #[serde(default)]
    page: PageNumber,
}

impl ListQuery {
    fn kind(&self) -> Result<Option<ListingKind>, ApiError> {
        self.kind
            .as_deref()
            .map(|code| {
                ListingKind::from_code(code)
                    .ok_or_else(|| ApiError::BadRequest(format!("没有“{code}”这种信息")))
            })
            .transpose()
    }

    fn status(&self) -> Result<Option<ListingStatus>, ApiError> {
        self.status
            .as_deref()
            .map(|code| {
                ListingStatus::from_code(code)
                    .ok_or_else(|| ApiError::BadRequest(format!("没有“{code}”这种状态")))
            })
            .transpose()
    }

    fn product(&self) -> Option<String> {
        self.product
            .as_deref()
            .map(str::trim)
            .filter(|product| !product.is_empty())
            .map(str::to_owned)
    }
}

async fn page_of(
    state: &AppState,
    filter: ListingFilter,
    viewer: Option<i64>,
    page: PageNumber,
) -> Result<Json<ListingPage>, ApiError> {
    let (listings, total) = state
        .store
        .listings(
            &filter,
            viewer,
            page.offset(LISTINGS_PER_PAGE),
            LISTINGS_PER_PAGE,
        )
        .await?;
    Ok(Json(ListingPage {
        listings,
        total,
        page: page.get(),
        per_page: LISTINGS_PER_PAGE,
    }))
}

/// `GET /api/listings?within=&kind=&product=&page=`: the approved posts showing today,
/// open to everyone.
async fn board(
    State(state): State<AppState>,
    signed_in: Option<SignedIn>,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<ListingPage>, ApiError> {
    let filter = ListingFilter {
        within: query.within.as_deref().map(parse_code).transpose()?,
        kind: query.kind()?,
        product: query.product(),
        showing_on: Some(china_today()),
        ..ListingFilter::default()
    };
    let viewer = signed_in.map(|signed_in| signed_in.user.id);
    page_of(&state, filter, viewer, query.page).await
}

/// `GET /api/listings/mine?page=`: everything the signed-in account posted, with its
/// review status.
async fn mine(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<ListingPage>, ApiError> {
    let filter = ListingFilter {
        poster: Some(signed_in.user.id),
        ..ListingFilter::default()
    };
    page_of(&state, filter, Some(signed_in.user.id), query.page).await
}

/// `GET /api/listings/review?status=&page=`: the posts in the reviewer's region, those
/// waiting for review by default.
async fn review_queue(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<ListingPage>, ApiError> {
    let actor = signed_in.actor();
    let filter = ListingFilter {
        within: list_scope(&actor, Action::ReviewListings)?,
        kind: query.kind()?,
        product: query.product(),
        status: Some(query.status()?.unwrap_or(ListingStatus::Pending)),
        for_reviewer: Some(actor.user_id),
        ..ListingFilter::default()
    };
    page_of(&state, filter, Some(actor.user_id), query.page).await
}

/// A post and its poster, or 404.
async fn stored(
    state: &AppState,
    id: i64,
    viewer: Option<i64>,
) -> Result<(Listing, i64), ApiError> {
    state
        .store
        .listing(id, viewer)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("没有编号为 {id} 的供求信息")))
}

fn showing_today(listing: &Listing) -> bool {
    listing.status == ListingStatus::Approved
        && listing.expires_on.as_str() >= china_today().to_string().as_str()
}

/// `GET /api/listings/{id}`: a post on the board for everyone; any other only for its
/// poster and its reviewers (to anyone else it does not exist).
async fn read(
    State(state): State<AppState>,
    signed_in: Option<SignedIn>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Listing>, ApiError> {
    let viewer = signed_in.as_ref().map(|signed_in| signed_in.user.id);
    let (listing, poster) = stored(&state, id, viewer).await?;
    let may_see = showing_today(&listing)
        || viewer == Some(poster)
        || signed_in.is_some_and(|signed_in| {
            authorize(
                &signed_in.actor(),
                Action::ReviewListings,
                Some(&listing.region_code),
            )
            .is_ok()
        });
    if !may_see {
        return Err(ApiError::NotFound(format!("没有编号为 {id} 的供求信息")));
    }
    Ok(Json(listing))
}

/// A post as the store takes it from `poster`, once its place is right (its own checks and
/// photos are `capture::record_checks`).
async fn checked_record<'a>(
    state: &AppState,
    new: &'a NewListing,
    poster_id: i64,
) -> Result<NewListingRecord<'a>, ApiError> {
    if state.store.region(&new.region_code).await?.is_none() {
        return Err(ApiError::BadRequest(format!(
            "没有代码为 {} 的地区",
            new.region_code
        )));
    }
    let days = new.days.unwrap_or(LISTING_DEFAULT_DAYS);
    Ok(NewListingRecord {
        kind: new.kind,
        region: &new.region_code,
        product: new.product.trim(),
        quantity: new.quantity.trim(),
        unit: new.unit.trim(),
        price: new.price.trim(),
        description: new.description.trim(),
        contact_name: new.contact_name.trim(),
        contact_phone: new.contact_phone.as_deref().map(str::trim),
        photos: &new.photos,
        days,
        expires_on: china_today() + Days::new(u64::from(days)),
        poster_id,
        at: Utc::now(),
    })
}

/// What a post over the limit is told: whose open posts are too many.
fn too_many_open(for_farmer: bool) -> ApiError {
    let whose = if for_farmer { "这位农户" } else { "你" };
    ApiError::Conflict(format!(
        "{whose}已有 {OPEN_LISTINGS_PER_ACCOUNT} 条信息在审核或显示，请撤下不需要的再发"
    ))
}

/// `POST /api/listings`: a signed-in account's own post (once per [`IdempotencyKey`]).
async fn publish(
    State(state): State<AppState>,
    signed_in: SignedIn,
    key: IdempotencyKey,
    sent: Sent<NewListing>,
) -> Result<Kept<Json<Listing>>, ApiError> {
    let poster_id = signed_in.user.id;
    let new = &sent.content;
    let arriving = key.arriving(&sent, Capture::Listing.code(), poster_id);
    let kept = once(&state, arriving.as_ref(), poster_id, async |receipt| {
        if new.contact_phone.is_some() {
            return Err(ApiError::BadRequest(
                "为农户代发的信息请在信息员工作台的“代发供求”里发".into(),
            ));
        }
        record_checks(&state, new).await?;
        let record = checked_record(&state, new, poster_id).await?;
        store_post(&state, &record, receipt, false).await
    })
    .await?;
    kept.answer(async |id| Ok(Json(stored(&state, id, Some(poster_id)).await?.0)))
        .await
}

/// Stores a post, counted against whoever it is for.
async fn store_post(
    state: &AppState,
    record: &NewListingRecord<'_>,
    receipt: Option<&Receipt<'_>>,
    for_farmer: bool,
) -> Result<Arrival, ApiError> {
    match state
        .store
        .post_listing(record, OPEN_LISTINGS_PER_ACCOUNT, china_today(), receipt)
        .await
    {
        Err(StoreError::Conflict(_)) => Err(too_many_open(for_farmer)),
        other => Ok(other?),
    }
}

/// A 供求 post the village's informant makes for a farmer of the village (代发), with the
/// farmer's number, through `capture::receive`; the township or an administrator above
/// reviews it.
impl Captured for NewListing {
    type Stored = Json<Listing>;

    fn sender_problem(&self, sender: &Sender) -> Option<String> {
        if self.contact_phone.is_none() {
            return Some("请填写农户的手机号码".into());
        }
        (!may_post_at(&sender.village, &self.region_code, Reach::Village))
            .then(|| "代发的信息只能发在本村".into())
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

    async fn stored(state: &AppState, id: i64, sender: &Sender) -> Result<Json<Listing>, ApiError> {
        Ok(Json(stored(state, id, Some(sender.user_id)).await?.0))
    }
}

/// Moves a post on, or tells that someone else moved it first.
async fn step(
    state: &AppState,
    id: i64,
    step: &ListingStep<'_>,
) -> Result<Json<Listing>, ApiError> {
    match state.store.move_listing(id, step).await {
        Ok(()) => {}
        Err(StoreError::Conflict(_)) => {
            return Err(ApiError::Conflict(
                "这条信息刚被处理过，请刷新后再看".into(),
            ))
        }
        Err(other) => return Err(other.into()),
    }
    let (listing, _) = stored(state, id, Some(step.by)).await?;
    Ok(Json(listing))
}

/// A reviewer's decision on post `id` — approve a waiting post, or refuse or take down
/// one with a reason — if theirs to make: a reviewer whose region holds the post, not its
/// poster.
async fn decide(
    state: &AppState,
    signed_in: &SignedIn,
    id: i64,
    decision: &ReviewDecision,
) -> Result<Json<Listing>, ApiError> {
    let (listing, poster) = stored(state, id, Some(signed_in.user.id)).await?;
    authorize(
        &signed_in.actor(),
        Action::ReviewListings,
        Some(&listing.region_code),
    )?;
    if is_owner(&signed_in.actor(), poster) {
        return Err(ApiError::BadRequest("自己发的信息由乡镇或上级审核".into()));
    }
    if let Some(problem) = review_problem(listing.status, decision) {
        return Err(ApiError::BadRequest(problem));
    }
    // A village informant publishes posts only once qualified.
    if decision.approve && signed_in.user.role.reports_from_village() {
        may_publish(state, signed_in.user.id).await?;
    }
    let (to, note, expires_on) = if decision.approve {
        let shows_until = china_today() + Days::new(u64::from(listing.days));
        (ListingStatus::Approved, None, Some(shows_until))
    } else {
        (ListingStatus::Rejected, decision.reason(), None)
    };
    let change = ListingStep {
        from: listing.status,
        to,
        note,
        expires_on,
        by: signed_in.user.id,
        at: Utc::now(),
    };
    step(state, id, &change).await
}

/// `POST /api/listings/{id}/review`.
async fn review(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(decision): ApiJson<ReviewDecision>,
) -> Result<Json<Listing>, ApiError> {
    decide(&state, &signed_in, id, &decision).await
}

/// `POST /api/listings/approve`: a page of the queue at once.
async fn approve_many(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(bulk): ApiJson<BulkApproval>,
) -> Result<Json<BulkApproved>, ApiError> {
    let actor = signed_in.actor();
    authorize(&actor, Action::ReviewListings, actor.region.as_ref())?;
    let approval = ReviewDecision::approval();
    let approve = |id| decide(&state, &signed_in, id, &approval);
    Ok(Json(approve_each(bulk, approve).await?))
}

/// `POST /api/listings/{id}/report`: a signed-in neighbour tells what is wrong with a
/// post on the board; enough reports take it off until a reviewer looks again.
async fn report(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(report): ApiJson<ListingReport>,
) -> Result<NoContent, ApiError> {
    let (listing, poster) = stored(&state, id, Some(signed_in.user.id)).await?;
    if !showing_today(&listing) {
        return Err(ApiError::NotFound(format!("没有编号为 {id} 的供求信息")));
    }
    if is_owner(&signed_in.actor(), poster) {
        return Err(ApiError::BadRequest("不能举报自己发布的信息".into()));
    }
    if let Some(problem) = report_problem(&report) {
        return Err(ApiError::BadRequest(problem));
    }
    match state
        .store
        .report_listing(
            id,
            signed_in.user.id,
            report.reason.trim(),
            REPORTS_TO_HIDE,
            Utc::now(),
        )
        .await
    {
        Ok(_) => Ok(NoContent),
        Err(StoreError::Conflict(_)) => Err(ApiError::Conflict(
            "你已经举报过这条信息，我们会尽快处理".into(),
        )),
        Err(other) => Err(other.into()),
    }
}

/// `POST /api/listings/{id}/withdraw`: only its poster, while it waits or shows.
async fn withdraw(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Listing>, ApiError> {
    let (listing, poster) = stored(&state, id, Some(signed_in.user.id)).await?;
    authorize_owner(&signed_in.actor(), poster)?;
    if !listing.status.is_open() {
        return Err(ApiError::Conflict(format!(
            "这条信息{}，不能再撤下",
            listing.status.name_zh()
        )));
    }
    let change = ListingStep {
        from: listing.status,
        to: ListingStatus::Withdrawn,
        note: None,
        expires_on: None,
        by: signed_in.user.id,
        at: Utc::now(),
    };
    step(&state, id, &change).await
}
