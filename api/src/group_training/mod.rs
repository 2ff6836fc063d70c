//! 集中培训: a county or township schedules sessions (`access::Action::OrganiseTraining`);
//! farmers and informants of its villages sign up, an informant signs up villagers; the
//! organiser records attendance and informants' ability checks from the session's day.

use aide::axum::routing::{get, post};
use aide::axum::ApiRouter;
use axum::extract::State;
use axum::Json;
use chrono::{Duration, NaiveDateTime, NaiveTime, Utc};
use serde::Deserialize;
use yinong_model::account::Role;
use yinong_model::group_training::{
    attendance_problem, session_problem, villager_problem, AttendanceRecord, NewSignUp,
    NewTrainingSession, SessionDetail, TrainingSession,
};
use yinong_model::region::{RegionCode, RegionLevel};
use yinong_store::group_training::{
    local_minute, NewSessionRecord, SessionFilter, SignUpRecord, SignUpRefused,
};
use yinong_store::{china_today, from_china, StoreError};

use crate::access::{authorize, list_scope, Action};
use crate::answer::Created;
use crate::auth::SignedIn;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery};
use crate::regions::parse_code;
use crate::state::AppState;

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route("/group-training", get(near_village).post(schedule))
        .api_route("/group-training/organised", get(organised))
        .api_route("/group-training/{id}", get(read))
        .api_route("/group-training/{id}/sign-ups", post(sign_up))
        .api_route(
            "/group-training/{id}/attendees/{attendee}",
            post(record_attendance),
        )
}

/// Sessions an organiser still lists once held: attendance is recorded afterwards.
const ORGANISED_DAYS_BACK: i64 = 60;

fn not_found(id: i64) -> ApiError {
    ApiError::NotFound(format!("没有编号为 {id} 的集中培训"))
}

/// `POST /api/group-training`: a county or township schedules a session for its villages.
async fn schedule(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(new): ApiJson<NewTrainingSession>,
) -> Result<Created<Json<TrainingSession>>, ApiError> {
    authorize(
        &signed_in.actor(),
        Action::OrganiseTraining,
        Some(&new.region_code),
    )?;
    let now = Utc::now();
    if let Some(problem) = session_problem(&new, &local_minute(now)) {
        return Err(ApiError::BadRequest(problem));
    }
    if state.store.region(&new.region_code).await?.is_none() {
        return Err(ApiError::BadRequest(format!(
            "没有代码为 {} 的地区",
            new.region_code
        )));
    }
    let starts_at = NaiveDateTime::parse_from_str(&new.starts_at, "%Y-%m-%dT%H:%M")
        .map(from_china)
        .map_err(|_| ApiError::BadRequest("请填写培训时间，例如 2026-12-10T09:00".into()))?;
    let record = NewSessionRecord {
        session: &new,
        starts_at,
        organiser: signed_in.user.id,
        at: now,
    };
    let id = state.store.schedule_session(&record).await?;
    let session = state
        .store
        .training_session(id, Some(signed_in.user.id))
        .await?
        .ok_or_else(|| not_found(id))?;
    Ok(Created(Json(session)))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct VillageQuery {
    /// The village whose people would attend; a signed-in farmer's or informant's own
    /// when left out.
    village: Option<String>,
}

/// `GET /api/group-training?village=`: the sessions a village's people may join, from
/// today on.
async fn near_village(
    State(state): State<AppState>,
    signed_in: Option<SignedIn>,
    ApiQuery(query): ApiQuery<VillageQuery>,
) -> Result<Json<Vec<TrainingSession>>, ApiError> {
    let village = match query.village.as_deref() {
        Some(code) => Some(parse_code(code)?),
        None => signed_in
            .as_ref()
            .and_then(|signed_in| signed_in.user.region_code.clone()),
    }
    .filter(|village| village.level() == RegionLevel::Village)
    .ok_or_else(|| ApiError::BadRequest("请先选择你的村".into()))?;
    let filter = SessionFilter {
        village: Some(village),
        from: Some(from_china(china_today().and_time(NaiveTime::MIN))),
        ..SessionFilter::default()
    };
    let viewer = signed_in.map(|signed_in| signed_in.user.id);
    Ok(Json(state.store.training_sessions(&filter, viewer).await?))
}

/// `GET /api/group-training/organised`: the sessions inside the organiser's region, from
/// two months back.
async fn organised(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<Vec<TrainingSession>>, ApiError> {
    let actor = signed_in.actor();
    let filter = SessionFilter {
        within: list_scope(&actor, Action::OrganiseTraining)?,
        from: Some(Utc::now() - Duration::days(ORGANISED_DAYS_BACK)),
        ..SessionFilter::default()
    };
    Ok(Json(
        state
            .store
            .training_sessions(&filter, Some(actor.user_id))
            .await?,
    ))
}

/// The session and who the signed-in account may see signed up: everyone to its
/// organisers; to others, themselves and those they signed up.
async fn detail(
    state: &AppState,
    signed_in: &SignedIn,
    id: i64,
) -> Result<SessionDetail, ApiError> {
    let me = signed_in.user.id;
    let session = state
        .store
        .training_session(id, Some(me))
        .await?
        .ok_or_else(|| not_found(id))?;
    let organises = authorize(
        &signed_in.actor(),
        Action::OrganiseTraining,
        Some(&session.region_code),
    )
    .is_ok();
    let attendees = state
        .store
        .attendees(id)
        .await?
        .into_iter()
        .filter(|signed| organises || signed.signed_up_by == me || signed.user_id == Some(me))
        .map(|signed| signed.attendee)
        .collect();
    Ok(SessionDetail { session, attendees })
}

/// `GET /api/group-training/{id}`.
async fn read(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<SessionDetail>, ApiError> {
    Ok(Json(detail(&state, &signed_in, id).await?))
}

/// `POST /api/group-training/{id}/sign-ups`: a farmer or informant of the session's villages
/// signs up; an informant may sign up a villager of their village by name and number.
async fn sign_up(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(new): ApiJson<NewSignUp>,
) -> Result<Created<Json<SessionDetail>>, ApiError> {
    let user = &signed_in.user;
    if !matches!(user.role, Role::Farmer | Role::Informant) {
        return Err(ApiError::Forbidden);
    }
    let chosen = new.village.clone().filter(|_| user.role == Role::Farmer);
    let village: RegionCode = chosen
        .or_else(|| user.region_code.clone())
        .filter(|village| village.level() == RegionLevel::Village)
        .ok_or_else(|| ApiError::BadRequest("请先选择你的村".into()))?;
    if state.store.region(&village).await?.is_none() {
        return Err(ApiError::BadRequest(format!("没有代码为 {village} 的地区")));
    }
    let session = state
        .store
        .training_session(id, Some(user.id))
        .await?
        .ok_or_else(|| not_found(id))?;
    if !session.region_code.contains(&village) {
        return Err(ApiError::Conflict(format!(
            "这次培训是{}组织的，只有本地的村民和信息员可以报名",
            session.region_name
        )));
    }
    if session.starts_at <= local_minute(Utc::now()) {
        return Err(ApiError::Conflict("培训已经开始，不能再报名".into()));
    }
    let (user_id, name, phone, informant) = match &new.villager {
        None => (
            Some(user.id),
            user.name.as_str(),
            user.phone.as_str(),
            user.role == Role::Informant,
        ),
        Some(villager) => {
            if user.role != Role::Informant {
                return Err(ApiError::Forbidden);
            }
            if let Some(problem) = villager_problem(villager) {
                return Err(ApiError::BadRequest(problem));
            }
            let phone = villager.phone.trim();
            let account = state
                .store
                .user_by_login(phone)
                .await?
                .filter(|account| account.role == Role::Farmer);
            (
                account.map(|account| account.id),
                villager.name.as_str(),
                phone,
                false,
            )
        }
    };
    let record = SignUpRecord {
        user_id,
        name,
        phone,
        village: &village,
        informant,
        by: user.id,
        at: Utc::now(),
    };
    match state.store.sign_up(id, &record).await? {
        Ok(_) => {}
        Err(SignUpRefused::SeatsTaken) => {
            return Err(ApiError::Conflict(format!(
                "名额已满（共 {} 人），请等下一期",
                session.seats
            )))
        }
        Err(SignUpRefused::SignedUpAlready) => {
            return Err(ApiError::Conflict(format!("{name}已经报名了")))
        }
    }
    Ok(Created(Json(detail(&state, &signed_in, id).await?)))
}

/// `POST /api/group-training/{id}/attendees/{attendee}`: the organiser records that one
/// attended and, for an informant, the ability check; from the session's day on.
async fn record_attendance(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath((id, attendee)): ApiPath<(i64, i64)>,
    ApiJson(record): ApiJson<AttendanceRecord>,
) -> Result<Json<SessionDetail>, ApiError> {
    let session = state
        .store
        .training_session(id, None)
        .await?
        .ok_or_else(|| not_found(id))?;
    authorize(
        &signed_in.actor(),
        Action::OrganiseTraining,
        Some(&session.region_code),
    )?;
    let today = local_minute(Utc::now());
    if session.starts_at[..10] > today[..10] {
        return Err(ApiError::Conflict(format!(
            "培训在 {} 举行，当天起才能记录到场",
            &session.starts_at[..10]
        )));
    }
    let informant = state
        .store
        .attendees(id)
        .await?
        .into_iter()
        .find(|signed| signed.attendee.id == attendee)
        .ok_or_else(|| ApiError::NotFound(format!("这次培训没有编号为 {attendee} 的报名")))?
        .attendee
        .informant;
    if let Some(problem) = attendance_problem(&record, informant) {
        return Err(ApiError::BadRequest(problem));
    }
    match state
        .store
        .record_attendance(id, attendee, &record, Utc::now())
        .await
    {
        Ok(()) => Ok(Json(detail(&state, &signed_in, id).await?)),
        Err(StoreError::Conflict(_)) => Err(ApiError::Conflict(
            "已记录到场并计入培训服务，不能改为未到".into(),
        )),
        Err(other) => Err(other.into()),
    }
}
