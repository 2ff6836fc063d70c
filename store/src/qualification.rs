//! 上岗资格: the exam's question bank, the papers drawn and answered, each informant's
//! standing and each county's pass mark — the storage interface.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use yinong_model::assessment::{Activity, ActivityKind};
use yinong_model::qualification::{InformantStanding, QualificationStatus, DEFAULT_PASS_MARK};
use yinong_model::region::RegionCode;
use yinong_model::review::ReviewStatus;
use yinong_model::training::CourseCategory;

use super::{
    china_time, in_china, place_below_county, Change, StoreError, StoreResult, UserRecord,
};

/// A question as shipped (`api/seed/exam/questions.json`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct SeedQuestion {
    pub code: String,
    pub topic: CourseCategory,
    pub text: String,
    pub options: Vec<String>,
    /// The index of the right option.
    pub answer: u8,
}

/// An informant's standing as stored; an informant without one is in training.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StandingRecord {
    pub status: QualificationStatus,
    pub reason: Option<String>,
    pub since: Option<DateTime<Utc>>,
}

impl Default for StandingRecord {
    fn default() -> Self {
        Self {
            status: QualificationStatus::Training,
            reason: None,
            since: None,
        }
    }
}

/// A paper drawn for an informant, and once answered, how it went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaperRecord {
    pub id: i64,
    pub user_id: i64,
    /// Question codes in the paper's order.
    pub questions: Vec<String>,
    pub pass_mark: u8,
    pub started_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub score: Option<u8>,
    pub passed: bool,
}

/// A paper answered and scored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScoredPaper<'a> {
    pub answers: &'a [Option<u8>],
    pub score: u8,
    pub passed: bool,
    pub at: DateTime<Utc>,
}

#[async_trait]
pub trait QualificationStore: Send + Sync {
    /// Inserts or updates the shipped questions by code, in the order given; questions
    /// stored before and not shipped now leave the bank (they stay for their papers).
    async fn upsert_exam_questions(&self, questions: &[SeedQuestion]) -> StoreResult<()>;
    /// The bank papers are drawn from: code and topic.
    async fn exam_bank(&self) -> StoreResult<Vec<(String, CourseCategory)>>;
    /// The questions with these codes (in or out of the bank), in no particular order.
    async fn exam_questions(&self, codes: &[String]) -> StoreResult<Vec<SeedQuestion>>;

    /// The informant's standing (in training when nothing was recorded).
    async fn standing(&self, user_id: i64) -> StoreResult<StandingRecord>;
    /// Moves `informant` from `from` to `to` for `reason`, with its audit entry, in one
    /// transaction; [`StoreError::Conflict`] when their standing is no longer `from`.
    async fn change_standing(
        &self,
        informant: &UserRecord,
        from: QualificationStatus,
        to: QualificationStatus,
        reason: Option<&str>,
        change: Change<'_>,
    ) -> StoreResult<()>;

    /// Records a paper drawn for `user_id` and answers its id.
    async fn draw_paper(
        &self,
        user_id: i64,
        questions: &[String],
        pass_mark: u8,
        started_at: DateTime<Utc>,
        due_at: DateTime<Utc>,
    ) -> StoreResult<i64>;
    async fn paper(&self, id: i64) -> StoreResult<Option<PaperRecord>>;
    /// The informant's papers, newest first.
    async fn papers(&self, user_id: i64) -> StoreResult<Vec<PaperRecord>>;
    /// Records the answers and score of paper `id` and, when it passed, qualifies its
    /// informant if they are in training — in one transaction;
    /// [`StoreError::Conflict`] when the paper was answered already.
    async fn score_paper(&self, id: i64, scored: &ScoredPaper<'_>) -> StoreResult<()>;

    /// The pass mark the county set, if it set one.
    async fn county_pass_mark(&self, county: &RegionCode) -> StoreResult<Option<u8>>;
    async fn set_pass_mark(
        &self,
        county: &RegionCode,
        pass_mark: u8,
        by: i64,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// The informants within `within` (by village), in `status` if given, with
    /// `required_lessons` set to how many lessons the required courses have; a page and
    /// how many there are in all.
    async fn informant_standings(
        &self,
        within: Option<&RegionCode>,
        status: Option<QualificationStatus>,
        offset: i64,
        limit: i64,
    ) -> StoreResult<(Vec<InformantStanding>, i64)>;

    /// What the informants of villages within `within` did from `from` until before `to`:
    /// reports and news submitted (with their review status now), and their steps on
    /// farmers' requests (a finished one with how long it took from asking).
    async fn informant_activity(
        &self,
        within: Option<&RegionCode>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<Activity>>;
}

/// informant, at, status (of a submission) — or, for a step on a request, its status and
/// when the request was asked.
pub(super) type ActivityRow = (i64, DateTime<Utc>, String, Option<DateTime<Utc>>);

/// An activity as the assessment counts it, on China's calendar.
pub(super) fn activity_from_row(
    (informant, at, status, asked_at): ActivityRow,
) -> StoreResult<Activity> {
    let kind = match asked_at {
        None => ActivityKind::Submitted(
            ReviewStatus::from_code(&status)
                .ok_or_else(|| StoreError::Corrupt(format!("review status {status}")))?,
        ),
        Some(asked_at) if status == "done" => ActivityKind::Served {
            minutes: (at - asked_at).num_minutes(),
        },
        Some(_) => ActivityKind::RequestStep,
    };
    Ok(Activity {
        informant,
        day: china_time(at).date_naive().to_string(),
        kind,
    })
}

/// The pass mark a paper for an informant of `village` is drawn under.
pub async fn pass_mark_for(
    store: &(impl QualificationStore + ?Sized),
    village: &RegionCode,
) -> StoreResult<u8> {
    let county = village.parent().and_then(|township| township.parent());
    Ok(match county {
        Some(county) => store.county_pass_mark(&county).await?,
        None => None,
    }
    .unwrap_or(DEFAULT_PASS_MARK))
}

/// The stored form of a list of codes or answers: comma-separated.
pub(super) fn join_list<T: ToString>(items: impl IntoIterator<Item = T>) -> String {
    items
        .into_iter()
        .map(|item| item.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// status, reason, changed at.
pub(super) type StandingRow = (String, Option<String>, DateTime<Utc>);

pub(super) fn standing_from_row(
    (status, reason, since): StandingRow,
) -> StoreResult<StandingRecord> {
    Ok(StandingRecord {
        status: QualificationStatus::from_code(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("qualification status {status}")))?,
        reason,
        since: Some(since),
    })
}

/// code, topic, text, options (JSON), answer.
pub(super) type QuestionRow = (String, String, String, String, i32);

pub(super) fn question_from_row(
    (code, topic, text, options, answer): QuestionRow,
) -> StoreResult<SeedQuestion> {
    let corrupt = |what: String| StoreError::Corrupt(format!("exam question {code}: {what}"));
    Ok(SeedQuestion {
        topic: CourseCategory::from_code(&topic).ok_or_else(|| corrupt(topic.clone()))?,
        options: serde_json::from_str(&options).map_err(|e| corrupt(e.to_string()))?,
        answer: u8::try_from(answer).map_err(|e| corrupt(e.to_string()))?,
        text,
        code,
    })
}

#[derive(sqlx::FromRow)]
pub(super) struct PaperRow {
    id: i64,
    user_id: i64,
    questions: String,
    pass_mark: i32,
    started_at: DateTime<Utc>,
    due_at: DateTime<Utc>,
    submitted_at: Option<DateTime<Utc>>,
    score: Option<i32>,
    passed: bool,
}

pub(super) const PAPER_SELECT: &str = "SELECT id, user_id, questions, pass_mark, started_at, \
    due_at, submitted_at, score, passed FROM exam_papers";

pub(super) fn paper_from_row(row: PaperRow) -> PaperRecord {
    PaperRecord {
        id: row.id,
        user_id: row.user_id,
        questions: row
            .questions
            .split(',')
            .filter(|code| !code.is_empty())
            .map(str::to_owned)
            .collect(),
        pass_mark: row.pass_mark.clamp(0, 100) as u8,
        started_at: row.started_at,
        due_at: row.due_at,
        submitted_at: row.submitted_at,
        score: row.score.map(|score| score.clamp(0, 100) as u8),
        passed: row.passed,
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct InformantRow {
    id: i64,
    name: String,
    region_code: String,
    region_name: String,
    parent_name: String,
    grandparent_name: String,
    status: Option<String>,
    reason: Option<String>,
    changed_at: Option<DateTime<Utc>>,
    lessons_finished: i64,
    attempts: i64,
    best_score: Option<i32>,
}

/// Informants with their standing, training and exam figures.
pub(super) const INFORMANT_SELECT: &str = "SELECT u.id, u.name, u.region_code, \
    r.name AS region_name, p.name AS parent_name, g.name AS grandparent_name, \
    q.status, q.reason, q.changed_at, \
    (SELECT COUNT(*) FROM lesson_progress lp JOIN courses c ON c.code = lp.course_code \
     WHERE lp.user_id = u.id AND c.required_for_informants) AS lessons_finished, \
    (SELECT COUNT(*) FROM exam_papers e WHERE e.user_id = u.id) AS attempts, \
    (SELECT MAX(e.score) FROM exam_papers e WHERE e.user_id = u.id) AS best_score \
    FROM users u JOIN regions r ON r.code = u.region_code \
    JOIN regions p ON p.code = r.parent_code JOIN regions g ON g.code = p.parent_code \
    LEFT JOIN qualifications q ON q.user_id = u.id \
    WHERE u.role = 'informant'";

pub(super) fn informant_from_row(
    row: InformantRow,
    lessons_required: u32,
) -> StoreResult<InformantStanding> {
    let corrupt = |what: String| StoreError::Corrupt(format!("informant {}: {what}", row.id));
    let region_code = RegionCode::parse(&row.region_code).map_err(|e| corrupt(e.to_string()))?;
    let status = match row.status {
        None => QualificationStatus::Training,
        Some(code) => QualificationStatus::from_code(&code).ok_or_else(|| corrupt(code))?,
    };
    Ok(InformantStanding {
        account_id: row.id,
        place: place_below_county(
            &region_code,
            &row.region_name,
            &row.parent_name,
            &row.grandparent_name,
        ),
        name: row.name,
        region_code,
        status,
        since: row.changed_at.map(in_china),
        reason: row.reason,
        lessons_finished: row.lessons_finished as u32,
        lessons_required,
        attempts: row.attempts as u32,
        best_score: row.best_score.map(|score| score.clamp(0, 100) as u8),
    })
}
