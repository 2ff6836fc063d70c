//! Notices, policies and warnings: county and township administrators (and the system
//! administrator) publish them for their region or one inside it and may withdraw them; a
//! village reads those targeted at it or at any region above it (a look-up per ancestor
//! code), warnings only until their last day on China's calendar (at most 30 days ahead). A
//! village's home answer carries its current warnings and latest notices.

use aide::axum::routing::{get, post};
use aide::axum::ApiRouter;
use axum::extract::State;
use axum::Json;
use chrono::{Days, NaiveDate, Utc};
use serde::Deserialize;
use yinong_model::bulletin::{
    bulletin_problem, Bulletin, BulletinHeadline, BulletinPage, NewBulletin, BULLETINS_PER_PAGE,
    HOME_NOTICES, WARNING_MAX_DAYS,
};
use yinong_model::paging::PageNumber;
use yinong_model::region::RegionCode;

use crate::access::{authorize, list_scope, Action};
use crate::answer::Created;
use crate::auth::SignedIn;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery};
use crate::regions::parse_code;
use crate::state::AppState;
use axum::response::NoContent;
use yinong_store::bulletins::{BulletinFilter, NewBulletinRecord};
use yinong_store::{china_today, StoreError};

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route("/bulletins", get(list).post(publish))
        .api_route("/bulletins/published", get(published))
        .api_route("/bulletins/{id}", get(read))
        .api_route("/bulletins/{id}/withdraw", post(withdraw))
}

/// Today on China's calendar: a warning shows through the day it expires there.
/// Current warnings and the latest notices of a village, for its home page.
pub async fn for_home(
    state: &AppState,
    village: &RegionCode,
) -> Result<(Vec<BulletinHeadline>, Vec<BulletinHeadline>), ApiError> {
    let filter = |warnings| BulletinFilter::For {
        region: village.clone(),
        warnings,
        today: china_today(),
    };
    let (current, latest) = (filter(true), filter(false));
    Ok(tokio::try_join!(
        state.store.latest_bulletins(&current, BULLETINS_PER_PAGE),
        state.store.latest_bulletins(&latest, HOME_NOTICES as i64),
    )?)
}

#[derive(Deserialize, schemars::JsonSchema)]
struct ListQuery {
    #[serde(rename = "for")]
    region: String,
    #[serde(default)]
    warnings: bool,
    #[serde(default)]
    page: PageNumber,
}

fn page_of(headlines: (Vec<BulletinHeadline>, i64), page: PageNumber) -> Json<BulletinPage> {
    Json(BulletinPage {
        bulletins: headlines.0,
        total: headlines.1,
        page: page.get(),
        per_page: BULLETINS_PER_PAGE,
    })
}

/// `GET /api/bulletins?for=CODE&warnings=true|false&page=`: open to everyone.
async fn list(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<BulletinPage>, ApiError> {
    let filter = BulletinFilter::For {
        region: parse_code(&query.region)?,
        warnings: query.warnings,
        today: china_today(),
    };
    let page = query.page;
    let found = state
        .store
        .bulletins(&filter, page.offset(BULLETINS_PER_PAGE), BULLETINS_PER_PAGE)
        .await?;
    Ok(page_of(found, page))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct PageQuery {
    #[serde(default)]
    page: PageNumber,
}

/// `GET /api/bulletins/published`: what was published for the administrator's region and
/// the regions inside it, withdrawn ones too.
async fn published(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<BulletinPage>, ApiError> {
    let actor = signed_in.actor();
    let within = list_scope(&actor, Action::PublishBulletin)?;
    let page = query.page;
    let found = state
        .store
        .bulletins(
            &BulletinFilter::TargetedWithin(within),
            page.offset(BULLETINS_PER_PAGE),
            BULLETINS_PER_PAGE,
        )
        .await?;
    Ok(page_of(found, page))
}

async fn read(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Bulletin>, ApiError> {
    state
        .store
        .bulletin(id)
        .await?
        .filter(|bulletin| !bulletin.headline.withdrawn)
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("没有编号为 {id} 的信息，或已撤下")))
}

/// The last day a bulletin shows, checked against today: warnings must end within
/// [`WARNING_MAX_DAYS`].
fn expiry(new: &NewBulletin, today: NaiveDate) -> Result<Option<NaiveDate>, ApiError> {
    let Some(text) = new.expires_on.as_deref() else {
        return Ok(None);
    };
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| ApiError::BadRequest(format!("截止日期“{text}”应写成 2026-12-01 的样子")))?;
    if day < today {
        return Err(ApiError::BadRequest("截止日期不能早于今天".into()));
    }
    let latest = today + Days::new(WARNING_MAX_DAYS as u64);
    if new.kind.is_warning() && day > latest {
        return Err(ApiError::BadRequest(format!(
            "预警最长显示 {WARNING_MAX_DAYS} 天（到 {latest} 为止），情况持续请到期后重新发布"
        )));
    }
    Ok(Some(day))
}

async fn publish(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(new): ApiJson<NewBulletin>,
) -> Result<Created<Json<Bulletin>>, ApiError> {
    authorize(
        &signed_in.actor(),
        Action::PublishBulletin,
        new.region_code.as_ref(),
    )?;
    if let Some(problem) = bulletin_problem(&new) {
        return Err(ApiError::BadRequest(problem));
    }
    let expires_on = expiry(&new, china_today())?;
    if let Some(code) = &new.region_code {
        if state.store.region(code).await?.is_none() {
            return Err(ApiError::BadRequest(format!("没有代码为 {code} 的地区")));
        }
    }
    let record = NewBulletinRecord {
        kind: new.kind,
        target: new.region_code.as_ref(),
        title: new.title.trim(),
        body: new.body.trim(),
        expires_on,
        publisher_id: signed_in.user.id,
        at: Utc::now(),
    };
    let id = state.store.publish_bulletin(&record).await?;
    let bulletin = state
        .store
        .bulletin(id)
        .await?
        .ok_or_else(|| ApiError::Internal(format!("bulletin {id} vanished")))?;
    Ok(Created(Json(bulletin)))
}

async fn withdraw(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(id): ApiPath<i64>,
) -> Result<NoContent, ApiError> {
    let bulletin = state
        .store
        .bulletin(id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("没有编号为 {id} 的信息")))?;
    authorize(
        &signed_in.actor(),
        Action::PublishBulletin,
        bulletin.region_code.as_ref(),
    )?;
    match state.store.withdraw_bulletin(id, Utc::now()).await {
        Ok(()) => Ok(NoContent),
        Err(StoreError::Conflict(_)) => Err(ApiError::Conflict("这条信息已经撤下".into())),
        Err(other) => Err(other.into()),
    }
}
