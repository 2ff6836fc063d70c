//! 12316 专家问答: a signed-in farmer asks from their village; an expert whose region
//! holds the village answers (`access::authorize`); the asker rates the answer. Answered
//! questions are open to everyone as the knowledge base; a waiting one only to its asker
//! and the experts who may answer it.

use aide::axum::routing::{get, post};
use aide::axum::ApiRouter;
use axum::extract::State;
use axum::Json;
use chrono::Utc;
use serde::Deserialize;
use yinong_model::expert::{reaches, ESCALATE_AFTER_HOURS};
use yinong_model::paging::PageNumber;
use yinong_model::question::{
    answer_problem, question_problem, rating_problem, NewAnswer, NewQuestion, Question,
    QuestionPage, Rating, Topic, OPEN_QUESTIONS_PER_ACCOUNT, QUESTIONS_PER_PAGE,
};

use crate::access::{authorize, authorize_owner, list_scope, Action};
use crate::answer::Kept;
use crate::auth::SignedIn;
use crate::capture::{once, IdempotencyKey, Sent};
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery};
use crate::experts::reaching;
use crate::photos::photos_present;
use crate::regions::parse_code;
use crate::state::AppState;
use axum::response::NoContent;
use yinong_store::questions::{NewQuestionRecord, QuestionFilter};
use yinong_store::StoreError;

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route("/questions", get(knowledge_base).post(ask))
        .api_route("/questions/mine", get(mine))
        .api_route("/questions/queue", get(queue))
        .api_route("/questions/{id}", get(read))
        .api_route("/questions/{id}/answer", post(answer))
        .api_route("/questions/{id}/rating", post(rate))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct ListQuery {
    within: Option<String>,
    topic: Option<String>,
    q: Option<String>,
    #[serde(default)]
    page: PageNumber,
}

async fn page_of(
    state: &AppState,
    filter: QuestionFilter,
    viewer: Option<i64>,
    page: PageNumber,
) -> Result<Json<QuestionPage>, ApiError> {
    let (questions, total) = state
        .store
        .questions(
            &filter,
            viewer,
            page.offset(QUESTIONS_PER_PAGE),
            QUESTIONS_PER_PAGE,
        )
        .await?;
    Ok(Json(QuestionPage {
        questions,
        total,
        page: page.get(),
        per_page: QUESTIONS_PER_PAGE,
    }))
}

/// `GET /api/questions?within=&topic=&q=&page=`: answered questions, newest first; `q`
/// matches the crop or the question.
async fn knowledge_base(
    State(state): State<AppState>,
    signed_in: Option<SignedIn>,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<QuestionPage>, ApiError> {
    let topic = query
        .topic
        .as_deref()
        .map(|code| {
            Topic::from_code(code)
                .ok_or_else(|| ApiError::BadRequest(format!("没有“{code}”这个类别")))
        })
        .transpose()?;
    let filter = QuestionFilter {
        within: query.within.as_deref().map(parse_code).transpose()?,
        topic,
        search: query
            .q
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_owned),
        answered: Some(true),
        ..QuestionFilter::default()
    };
    let viewer = signed_in.map(|signed_in| signed_in.user.id);
    page_of(&state, filter, viewer, query.page).await
}

/// `GET /api/questions/mine`: the signed-in account's questions, answered or not.
async fn mine(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<QuestionPage>, ApiError> {
    let filter = QuestionFilter {
        asker: Some(signed_in.user.id),
        ..QuestionFilter::default()
    };
    page_of(&state, filter, Some(signed_in.user.id), query.page).await
}

/// `GET /api/questions/queue`: the questions waiting in the expert's region that reach
/// them (`experts::reaching`), oldest first.
async fn queue(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<QuestionPage>, ApiError> {
    let actor = signed_in.actor();
    let filter = QuestionFilter {
        within: list_scope(&actor, Action::AnswerQuestions)?,
        reaching: Some(reaching(&state, &actor).await?),
        answered: Some(false),
        oldest_first: true,
        ..QuestionFilter::default()
    };
    page_of(&state, filter, Some(actor.user_id), query.page).await
}

fn not_found(id: i64) -> ApiError {
    ApiError::NotFound(format!("没有编号为 {id} 的问题"))
}

/// `GET /api/questions/{id}`.
async fn read(
    State(state): State<AppState>,
    signed_in: Option<SignedIn>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Question>, ApiError> {
    let viewer = signed_in.as_ref().map(|signed_in| signed_in.user.id);
    let (question, asker) = state
        .store
        .question(id, viewer)
        .await?
        .ok_or_else(|| not_found(id))?;
    let may_see = question.answer.is_some()
        || viewer == Some(asker)
        || signed_in.is_some_and(|signed_in| {
            authorize(
                &signed_in.actor(),
                Action::AnswerQuestions,
                Some(&question.region_code),
            )
            .is_ok()
        });
    if !may_see {
        return Err(not_found(id));
    }
    Ok(Json(question))
}

/// `POST /api/questions`: a farmer's question (once per [`IdempotencyKey`]).
async fn ask(
    State(state): State<AppState>,
    signed_in: SignedIn,
    key: IdempotencyKey,
    sent: Sent<NewQuestion>,
) -> Result<Kept<Json<Question>>, ApiError> {
    let asker_id = signed_in.user.id;
    let new = &sent.content;
    let arriving = key.arriving(&sent, "question", asker_id);
    let kept = once(&state, arriving.as_ref(), asker_id, async |receipt| {
        if let Some(problem) = question_problem(new) {
            return Err(ApiError::BadRequest(problem));
        }
        if state.store.region(&new.region_code).await?.is_none() {
            return Err(ApiError::BadRequest(format!(
                "没有代码为 {} 的地区",
                new.region_code
            )));
        }
        photos_present(&state, &new.photos).await?;
        let record = NewQuestionRecord {
            region: &new.region_code,
            crop: new.crop.trim(),
            topic: new.topic,
            text: new.text.trim(),
            photos: &new.photos,
            asker_id,
            at: Utc::now(),
        };
        match state
            .store
            .ask_question(&record, OPEN_QUESTIONS_PER_ACCOUNT, receipt)
            .await
        {
            Err(StoreError::Conflict(_)) => Err(ApiError::Conflict(format!(
                "你已有 {OPEN_QUESTIONS_PER_ACCOUNT} 个问题在等专家答复，请等答复后再问"
            ))),
            other => Ok(other?),
        }
    })
    .await?;
    kept.answer(async |id| {
        let (question, _) = state
            .store
            .question(id, Some(asker_id))
            .await?
            .ok_or_else(|| not_found(id))?;
        Ok(Json(question))
    })
    .await
}

/// `POST /api/questions/{id}/answer`: an expert whose region holds the asker's village and
/// whom the question reaches (their specialty, or it has waited long enough).
async fn answer(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(answer): ApiJson<NewAnswer>,
) -> Result<Json<Question>, ApiError> {
    let (question, _) = state
        .store
        .question(id, None)
        .await?
        .ok_or_else(|| not_found(id))?;
    let actor = signed_in.actor();
    authorize(&actor, Action::AnswerQuestions, Some(&question.region_code))?;
    let reaching = reaching(&state, &actor).await?;
    let asked_at = chrono::DateTime::parse_from_rfc3339(&question.asked_at)
        .map_err(|e| ApiError::Internal(format!("question {id} asked at: {e}")))?;
    let waited_hours = (Utc::now() - asked_at.with_timezone(&Utc)).num_seconds() as f64 / 3600.0;
    if !reaches(&reaching.at_once, question.topic, waited_hours) {
        return Err(ApiError::Conflict(format!(
            "这个问题先由本县{}专业的专家答复，{ESCALATE_AFTER_HOURS} 小时内没有答复才转给你",
            question.topic.name_zh()
        )));
    }
    if let Some(problem) = answer_problem(&answer) {
        return Err(ApiError::BadRequest(problem));
    }
    match state
        .store
        .answer_question(id, signed_in.user.id, answer.text.trim(), Utc::now())
        .await
    {
        Ok(()) => {}
        Err(StoreError::Conflict(_)) => {
            return Err(ApiError::Conflict("这个问题已经有专家答复了".into()))
        }
        Err(other) => return Err(other.into()),
    }
    let (answered, _) = state
        .store
        .question(id, None)
        .await?
        .ok_or_else(|| not_found(id))?;
    Ok(Json(answered))
}

/// `POST /api/questions/{id}/rating`: only the asker, once it is answered.
async fn rate(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(rating): ApiJson<Rating>,
) -> Result<NoContent, ApiError> {
    let (_, asker) = state
        .store
        .question(id, None)
        .await?
        .ok_or_else(|| not_found(id))?;
    authorize_owner(&signed_in.actor(), asker)?;
    if let Some(problem) = rating_problem(rating) {
        return Err(ApiError::BadRequest(problem));
    }
    match state.store.rate_answer(id, rating.stars).await {
        Ok(()) => Ok(NoContent),
        Err(StoreError::Conflict(_)) => Err(ApiError::Conflict("专家答复以后才能评价".into())),
        Err(other) => Err(other.into()),
    }
}
