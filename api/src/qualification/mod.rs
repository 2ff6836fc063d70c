//! 上岗资格: an informant finishes the required courses, draws a random paper from the
//! question bank and passes it at the county's pass mark; only then is what they submit
//! published ([`may_publish`]). Administrators above the village suspend, dismiss or send
//! an informant back to qualify; the county sets its pass mark and assesses its informants
//! (`assessment.rs`).

mod assessment;

use aide::axum::routing::{get, post};
use aide::axum::ApiRouter;
use axum::extract::State;
use axum::Json;
use chrono::{Duration, NaiveTime, Utc};
use serde::Deserialize;
use yinong_model::paging::PageNumber;
use yinong_model::qualification::{
    draw_paper, exam_problem, pass_mark_problem, percent, publish_problem, step_problem,
    ExamAnswers, ExamAttempt, ExamPaper, ExamQuestion, ExamResult, InformantStandings, NewPassMark,
    PassMark, Qualification, QualificationChange, QualificationStatus, DEFAULT_PASS_MARK,
    PAPERS_PER_DAY, PAPER_MINUTES, PAPER_QUESTIONS,
};
use yinong_model::region::{RegionCode, RegionLevel};

use crate::access::{authorize, Action};
use crate::auth::SignedIn;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery};
use crate::regions::parse_code;
use crate::state::AppState;
use axum::response::NoContent;
use yinong_store::qualification::{
    pass_mark_for, PaperLimit, PaperRecord, ScoredPaper, SeedQuestion,
};
use yinong_store::{china_time, in_china, Change, StoreError, UserRecord};

/// The question bank (`api/seed/exam/questions.json`), inside the binary.
const QUESTIONS: &str = include_str!("../../seed/exam/questions.json");

/// Administrators' list pages.
const STANDINGS_PER_PAGE: i64 = 50;

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route("/qualification", get(mine))
        .api_route("/exam/papers", post(draw))
        .api_route("/exam/papers/{id}/answers", post(answer))
        .api_route(
            "/exam/pass-marks/{county}",
            get(pass_mark).put(set_pass_mark),
        )
        .api_route("/informants", get(standings))
        .api_route("/informants/{id}/qualification", post(change))
        .api_route("/assessment", get(assessment::assessment))
}

/// The shipped question bank; a broken file is a build mistake, caught by the tests.
pub fn shipped_questions() -> Vec<SeedQuestion> {
    serde_json::from_str(QUESTIONS).expect("api/seed/exam/questions.json is valid")
}

/// Whether what `author` submitted may be published: only once they qualified.
pub async fn may_publish(state: &AppState, author: i64) -> Result<(), ApiError> {
    let standing = state.store.standing(author).await?;
    if standing.status == QualificationStatus::Qualified {
        return Ok(());
    }
    let name = match state.store.user(author).await? {
        Some(user) => user.name,
        None => String::new(),
    };
    match publish_problem(&name, standing.status) {
        Some(problem) => Err(ApiError::BadRequest(problem)),
        None => Ok(()),
    }
}

fn informant_of(signed_in: &SignedIn) -> Result<RegionCode, ApiError> {
    let actor = signed_in.actor();
    authorize(&actor, Action::ReportFromVillage, actor.region.as_ref())?;
    actor.region.ok_or(ApiError::Forbidden)
}

fn attempt_of(paper: &PaperRecord) -> ExamAttempt {
    ExamAttempt {
        id: paper.id,
        started_at: in_china(paper.started_at),
        submitted_at: paper.submitted_at.map(in_china),
        score: paper.score,
        pass_mark: paper.pass_mark,
        passed: paper.passed,
    }
}

/// `GET /api/qualification`: the informant's standing, training, pass mark and attempts.
async fn mine(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<Qualification>, ApiError> {
    Ok(Json(qualification_of(&state, &signed_in).await?.0))
}

/// The informant's qualification, and their papers (newest first) it was read from.
async fn qualification_of(
    state: &AppState,
    signed_in: &SignedIn,
) -> Result<(Qualification, Vec<PaperRecord>), ApiError> {
    let village = informant_of(signed_in)?;
    let id = signed_in.user.id;
    let standing = state.store.standing(id).await?;
    let required_courses: Vec<_> = state
        .store
        .courses(Some(id))
        .await?
        .into_iter()
        .filter(|course| course.required_for_informants)
        .collect();
    let papers = state.store.papers(id).await?;
    let today = china_time(Utc::now()).date_naive();
    let papers_today = papers
        .iter()
        .filter(|paper| china_time(paper.started_at).date_naive() == today)
        .count() as u32;
    let qualification = Qualification {
        exam_problem: exam_problem(standing.status, &required_courses, papers_today),
        status: standing.status,
        since: standing.since.map(in_china),
        reason: standing.reason,
        required_courses,
        pass_mark: pass_mark_for(&*state.store, &village).await?,
        attempts: papers.iter().map(attempt_of).collect(),
    };
    Ok((qualification, papers))
}

async fn paper_of(state: &AppState, paper: &PaperRecord) -> Result<ExamPaper, ApiError> {
    let mut bank = state.store.exam_questions(&paper.questions).await?;
    let questions = paper
        .questions
        .iter()
        .map(|code| {
            let at = bank
                .iter()
                .position(|question| &question.code == code)
                .ok_or_else(|| ApiError::Internal(format!("exam question {code} is gone")))?;
            let question = bank.swap_remove(at);
            Ok(ExamQuestion {
                code: question.code,
                topic: question.topic,
                text: question.text,
                options: question.options,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(ExamPaper {
        id: paper.id,
        questions,
        pass_mark: paper.pass_mark,
        due_at: in_china(paper.due_at),
    })
}

/// `POST /api/exam/papers`: the paper still open for the informant, or a new one drawn
/// at random when they may sit the exam.
async fn draw(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<ExamPaper>, ApiError> {
    let (qualification, papers) = qualification_of(&state, &signed_in).await?;
    let now = Utc::now();
    if let Some(open) = papers
        .iter()
        .find(|paper| paper.submitted_at.is_none() && paper.due_at > now)
    {
        return Ok(Json(paper_of(&state, open).await?));
    }
    if let Some(problem) = qualification.exam_problem {
        return Err(ApiError::BadRequest(problem));
    }
    let mut seed = [0_u8; 8];
    getrandom::fill(&mut seed).expect("the operating system provides randomness");
    let bank = state.store.exam_bank().await?;
    let questions = draw_paper(&bank, PAPER_QUESTIONS, u64::from_le_bytes(seed));
    if questions.is_empty() {
        return Err(ApiError::Internal("the exam question bank is empty".into()));
    }
    let due_at = now + Duration::minutes(PAPER_MINUTES);
    let limit = PaperLimit {
        per_day: PAPERS_PER_DAY,
        day_started_at: now - china_time(now).time().signed_duration_since(NaiveTime::MIN),
    };
    let id = state
        .store
        .draw_paper(
            signed_in.user.id,
            &questions,
            qualification.pass_mark,
            now,
            due_at,
            &limit,
        )
        .await
        .map_err(|error| match error {
            // Racing draws: the others took today's last paper.
            StoreError::Conflict(_) => {
                ApiError::BadRequest(format!("今天已考了 {PAPERS_PER_DAY} 次，请明天再考"))
            }
            other => other.into(),
        })?;
    let paper = state
        .store
        .paper(id)
        .await?
        .ok_or_else(|| ApiError::Internal(format!("exam paper {id} was not kept")))?;
    Ok(Json(paper_of(&state, &paper).await?))
}

/// `POST /api/exam/papers/{id}/answers`: scores the informant's own open paper; passing
/// qualifies them.
async fn answer(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(answers): ApiJson<ExamAnswers>,
) -> Result<Json<ExamResult>, ApiError> {
    informant_of(&signed_in)?;
    let paper = state
        .store
        .paper(id)
        .await?
        .filter(|paper| paper.user_id == signed_in.user.id)
        .ok_or_else(|| ApiError::NotFound(format!("没有编号为 {id} 的试卷")))?;
    if paper.submitted_at.is_some() {
        return Err(ApiError::Conflict("这份试卷已经交过了".into()));
    }
    let now = Utc::now();
    // A little grace for the answers' way over a weak network.
    if now > paper.due_at + Duration::minutes(2) {
        return Err(ApiError::BadRequest(format!(
            "考试时间（{PAPER_MINUTES} 分钟）已过，这份试卷作废，请重新开始考试"
        )));
    }
    if answers.answers.len() != paper.questions.len() {
        return Err(ApiError::BadRequest(format!(
            "这份试卷有 {} 道题，交来的是 {} 个答案",
            paper.questions.len(),
            answers.answers.len()
        )));
    }
    let questions = state.store.exam_questions(&paper.questions).await?;
    let correct = paper
        .questions
        .iter()
        .zip(&answers.answers)
        .filter(|(code, chosen)| {
            questions
                .iter()
                .any(|question| &&question.code == code && Some(question.answer) == **chosen)
        })
        .count();
    let score = percent(correct, paper.questions.len());
    let passed = score >= paper.pass_mark;
    let scored = ScoredPaper {
        answers: &answers.answers,
        score,
        passed,
        at: now,
    };
    match state.store.score_paper(id, &scored).await {
        Ok(()) => {}
        Err(StoreError::Conflict(_)) => {
            return Err(ApiError::Conflict("这份试卷已经交过了".into()))
        }
        Err(other) => return Err(other.into()),
    }
    let paper = state
        .store
        .paper(id)
        .await?
        .ok_or_else(|| ApiError::Internal(format!("exam paper {id} is gone")))?;
    Ok(Json(ExamResult {
        attempt: attempt_of(&paper),
        correct: correct as u32,
        total: paper.questions.len() as u32,
        status: state.store.standing(signed_in.user.id).await?.status,
    }))
}

fn county_of(text: &str) -> Result<RegionCode, ApiError> {
    let county = parse_code(text)?;
    if county.level() != RegionLevel::County {
        return Err(ApiError::BadRequest(format!("{text} 不是县级区划代码")));
    }
    Ok(county)
}

async fn pass_mark_of(state: &AppState, county: RegionCode) -> Result<PassMark, ApiError> {
    let set = state.store.county_pass_mark(&county).await?;
    Ok(PassMark {
        county_code: county,
        pass_mark: set.unwrap_or(DEFAULT_PASS_MARK),
        set_by_county: set.is_some(),
    })
}

/// `GET /api/exam/pass-marks/{county}`: for the administrators who oversee its informants.
async fn pass_mark(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(county): ApiPath<String>,
) -> Result<Json<PassMark>, ApiError> {
    let county = county_of(&county)?;
    authorize(&signed_in.actor(), Action::ManageInformants, Some(&county))?;
    Ok(Json(pass_mark_of(&state, county).await?))
}

/// `PUT /api/exam/pass-marks/{county}`: the county's administrator sets it; papers drawn
/// from then on use it.
async fn set_pass_mark(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(county): ApiPath<String>,
    ApiJson(new): ApiJson<NewPassMark>,
) -> Result<Json<PassMark>, ApiError> {
    let county = county_of(&county)?;
    authorize(&signed_in.actor(), Action::SetPassMark, Some(&county))?;
    if let Some(problem) = pass_mark_problem(new.pass_mark) {
        return Err(ApiError::BadRequest(problem));
    }
    state
        .store
        .set_pass_mark(&county, new.pass_mark, signed_in.user.id, Utc::now())
        .await?;
    Ok(Json(pass_mark_of(&state, county).await?))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct StandingsQuery {
    status: Option<String>,
    #[serde(default)]
    page: PageNumber,
}

/// `GET /api/informants?status=&page=`: the informants of the administrator's villages.
async fn standings(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(query): ApiQuery<StandingsQuery>,
) -> Result<Json<InformantStandings>, ApiError> {
    let actor = signed_in.actor();
    authorize(&actor, Action::ManageInformants, actor.region.as_ref())?;
    let status = query
        .status
        .as_deref()
        .map(|code| {
            QualificationStatus::from_code(code)
                .ok_or_else(|| ApiError::BadRequest(format!("没有“{code}”这种上岗状态")))
        })
        .transpose()?;
    let page = query.page;
    let (informants, total) = state
        .store
        .informant_standings(
            actor.region.as_ref(),
            status,
            page.offset(STANDINGS_PER_PAGE),
            STANDINGS_PER_PAGE,
        )
        .await?;
    Ok(Json(InformantStandings {
        informants,
        total,
        page: page.get(),
        per_page: STANDINGS_PER_PAGE,
    }))
}

async fn informant(state: &AppState, id: i64) -> Result<UserRecord, ApiError> {
    state
        .store
        .user(id)
        .await?
        .filter(|user| user.role.reports_from_village())
        .ok_or_else(|| ApiError::NotFound(format!("没有编号为 {id} 的信息员")))
}

/// `POST /api/informants/{id}/qualification`: suspend, dismiss or send back to qualify.
async fn change(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<QualificationChange>,
) -> Result<NoContent, ApiError> {
    let informant = informant(&state, id).await?;
    authorize(
        &signed_in.actor(),
        Action::ManageInformants,
        informant.region_code.as_ref(),
    )?;
    let from = state.store.standing(id).await?.status;
    if let Some(problem) = step_problem(from, change.step, &change.reason) {
        return Err(ApiError::BadRequest(problem));
    }
    let reason = Some(change.reason.trim()).filter(|reason| !reason.is_empty());
    let audit = Change {
        actor_id: Some(signed_in.user.id),
        action: "qualification.change",
        at: Utc::now(),
    };
    match state
        .store
        .change_standing(&informant, from, change.step.leads_to(), reason, audit)
        .await
    {
        Ok(()) => Ok(NoContent),
        Err(StoreError::Conflict(_)) => Err(ApiError::Conflict(
            "这位信息员的上岗状态刚被改过，请刷新后再看".into(),
        )),
        Err(other) => Err(other.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yinong_model::training::CourseCategory;

    #[test]
    fn the_shipped_bank_asks_every_topic_and_each_answer_is_an_option() {
        let questions = shipped_questions();
        for topic in CourseCategory::ALL {
            assert!(
                questions.iter().filter(|q| q.topic == topic).count() >= 3,
                "{topic:?} has a few questions"
            );
        }
        let mut codes: Vec<_> = questions.iter().map(|q| q.code.as_str()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), questions.len(), "codes are unique");
        for question in &questions {
            assert!(question.options.len() >= 2, "{}", question.code);
            assert!(
                usize::from(question.answer) < question.options.len(),
                "{}",
                question.code
            );
            assert!(
                !question.code.contains(','),
                "codes are stored comma-separated"
            );
        }
    }
}
