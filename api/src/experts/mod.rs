//! 12316 expert teams: an expert keeps their profile (title, specialties); which waiting
//! questions reach an expert ([`reaching`], used by the queue and the answer); the county's
//! answer times per expert.

use aide::axum::routing::get;
use aide::axum::ApiRouter;
use axum::extract::State;
use axum::Json;
use chrono::{Duration, Utc};
use serde::Deserialize;
use yinong_model::expert::{
    profile_problem, topics_at_once, CountyAnswerTimes, ExpertAnswerTimes, ExpertProfile,
    ANSWER_TIMES_DAYS, ESCALATE_AFTER_HOURS,
};
use yinong_model::region::RegionCode;
use yinong_store::questions::Reaching;

use crate::access::{authorize, Action, Actor};
use crate::auth::SignedIn;
use crate::error::{ApiError, ApiJson, ApiQuery};
use crate::regions::parse_code;
use crate::state::AppState;

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route("/experts/me", get(own_profile).put(keep_profile))
        .api_route("/experts/answer-times", get(answer_times))
}

/// The waiting questions that reach `actor`, an expert (refused otherwise): the topics of
/// their specialties at once if they are a county's, any question once it has waited
/// [`ESCALATE_AFTER_HOURS`].
pub(crate) async fn reaching(state: &AppState, actor: &Actor) -> Result<Reaching, ApiError> {
    authorize(actor, Action::AnswerQuestions, actor.region.as_ref())?;
    let specialties = state
        .store
        .expert_profile(actor.user_id)
        .await?
        .map(|profile| profile.specialties)
        .unwrap_or_default();
    Ok(Reaching {
        at_once: topics_at_once(actor.region.as_ref().map(RegionCode::level), &specialties),
        escalated_before: Utc::now() - Duration::hours(ESCALATE_AFTER_HOURS),
    })
}

/// `GET /api/experts/me`: the signed-in expert's profile, `null` until they keep one.
async fn own_profile(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<Option<ExpertProfile>>, ApiError> {
    let actor = signed_in.actor();
    authorize(&actor, Action::AnswerQuestions, actor.region.as_ref())?;
    Ok(Json(state.store.expert_profile(actor.user_id).await?))
}

/// `PUT /api/experts/me`: the expert's title and specialties; questions of those topics
/// reach them first.
async fn keep_profile(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(profile): ApiJson<ExpertProfile>,
) -> Result<Json<ExpertProfile>, ApiError> {
    let actor = signed_in.actor();
    authorize(&actor, Action::AnswerQuestions, actor.region.as_ref())?;
    if let Some(problem) = profile_problem(&profile) {
        return Err(ApiError::BadRequest(problem));
    }
    let kept = ExpertProfile {
        title: profile.title.trim().to_owned(),
        specialties: profile.specialties,
    };
    state
        .store
        .set_expert_profile(actor.user_id, &kept, Utc::now())
        .await?;
    Ok(Json(kept))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct CountyQuery {
    county: String,
}

/// `GET /api/experts/answer-times?county=`: the county's questions of the last
/// [`ANSWER_TIMES_DAYS`] days by the expert who answered, its experts without answers, and
/// what waits.
async fn answer_times(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(query): ApiQuery<CountyQuery>,
) -> Result<Json<CountyAnswerTimes>, ApiError> {
    let county = parse_code(&query.county)?;
    authorize(&signed_in.actor(), Action::OverseeExperts, Some(&county))?;
    let region = state
        .store
        .region(&county)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("没有代码为 {county} 的地区")))?;
    let now = Utc::now();
    let answers = state
        .store
        .county_answers(&county, now - Duration::days(ANSWER_TIMES_DAYS))
        .await?;
    let (waiting, waiting_escalated) = state
        .store
        .waiting_questions(&county, now - Duration::hours(ESCALATE_AFTER_HOURS))
        .await?;
    let mut experts: Vec<ExpertAnswerTimes> = answers
        .into_iter()
        .map(|expert| {
            ExpertAnswerTimes::from_answers(
                expert.name,
                expert.profile,
                expert.region_name,
                &expert.answers,
            )
        })
        .collect();
    experts.sort_by_key(|expert| std::cmp::Reverse(expert.answered));
    Ok(Json(CountyAnswerTimes {
        county_name: region.name,
        days: ANSWER_TIMES_DAYS,
        waiting,
        waiting_escalated,
        experts,
    }))
}
