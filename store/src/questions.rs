//! 12316 专家问答: the storage interface.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use yinong_model::question::{Answer, Question, Topic};
use yinong_model::region::RegionCode;

use super::photos::split_photos;
use super::{in_china, place_below_county, StoreError, StoreResult};

#[derive(Clone, Debug)]
pub struct NewQuestionRecord<'a> {
    pub region: &'a RegionCode,
    pub crop: &'a str,
    pub topic: Topic,
    pub text: &'a str,
    pub photos: &'a [String],
    pub asker_id: i64,
    pub at: DateTime<Utc>,
}

/// Which questions a list shows: inside `within` (the country when `None`), of `topic`,
/// whose crop or text contains `search`, answered or not, by `asker`; newest first, or
/// oldest first for an expert's queue.
#[derive(Clone, Debug, Default)]
pub struct QuestionFilter {
    pub within: Option<RegionCode>,
    pub topic: Option<Topic>,
    pub search: Option<String>,
    pub answered: Option<bool>,
    pub asker: Option<i64>,
    pub oldest_first: bool,
}

#[async_trait]
pub trait QuestionStore: Send + Sync {
    /// Stores a question unless its asker has `open_limit` waiting for an answer
    /// ([`StoreError::Conflict`]).
    async fn ask_question(&self, new: &NewQuestionRecord<'_>, open_limit: i64) -> StoreResult<i64>;
    async fn questions(
        &self,
        filter: &QuestionFilter,
        viewer: Option<i64>,
        offset: i64,
        limit: i64,
    ) -> StoreResult<(Vec<Question>, i64)>;
    /// One question with its asker's id.
    async fn question(&self, id: i64, viewer: Option<i64>) -> StoreResult<Option<(Question, i64)>>;
    /// Keeps an expert's answer; [`StoreError::Conflict`] when it was answered first.
    async fn answer_question(
        &self,
        id: i64,
        expert_id: i64,
        text: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// The asker's stars for the answer (given again, they replace the first);
    /// [`StoreError::Conflict`] when it has no answer.
    async fn rate_answer(&self, id: i64, stars: u8) -> StoreResult<()>;
}

#[derive(sqlx::FromRow)]
pub(super) struct QuestionRow {
    id: i64,
    region_code: String,
    region_name: String,
    parent_name: String,
    grandparent_name: String,
    crop: String,
    topic: String,
    text: String,
    photos: String,
    asked_at: DateTime<Utc>,
    answer: Option<String>,
    expert_name: Option<String>,
    answered_at: Option<DateTime<Utc>>,
    rating: Option<i32>,
    asker_id: i64,
}

pub(super) const QUESTION_SELECT: &str = "SELECT q.id, q.region_code, r.name AS region_name, \
    p.name AS parent_name, g.name AS grandparent_name, q.crop, q.topic, q.text, q.photos, \
    q.asked_at, q.answer, e.name AS expert_name, q.answered_at, q.rating, q.asker_id \
    FROM questions q JOIN regions r ON r.code = q.region_code \
    JOIN regions p ON p.code = r.parent_code JOIN regions g ON g.code = p.parent_code \
    LEFT JOIN users e ON e.id = q.expert_id";

/// A question and its asker's id.
pub(super) fn question_from_row(
    row: QuestionRow,
    viewer: Option<i64>,
) -> StoreResult<(Question, i64)> {
    let corrupt = |what: String| StoreError::Corrupt(format!("question {}: {what}", row.id));
    let topic = Topic::from_code(&row.topic).ok_or_else(|| corrupt(row.topic.clone()))?;
    let region_code = RegionCode::parse(&row.region_code).map_err(|e| corrupt(e.to_string()))?;
    let place = place_below_county(
        &region_code,
        &row.region_name,
        &row.parent_name,
        &row.grandparent_name,
    );
    let answer = match (row.answer, row.answered_at) {
        (Some(text), Some(at)) => Some(Answer {
            text,
            expert_name: row.expert_name.unwrap_or_default(),
            answered_at: in_china(at),
            rating: row.rating.map(|stars| stars.clamp(0, 5) as u8),
        }),
        _ => None,
    };
    let question = Question {
        id: row.id,
        crop: row.crop,
        topic,
        text: row.text,
        photos: split_photos(&row.photos),
        region_code,
        place,
        asked_at: in_china(row.asked_at),
        answer,
        mine: viewer == Some(row.asker_id),
    };
    Ok((question, row.asker_id))
}
