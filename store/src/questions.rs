//! 12316 专家问答: the storage interface.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use yinong_model::question::{Answer, Question, Topic};
use yinong_model::region::RegionCode;

use super::photos::split_photos;
use super::{in_china, place_below_county, StoreError, StoreResult};
use crate::engine::{on_pool, on_tx, SqlStore};
use crate::sql::counted_page;

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
/// whose crop or text contains `search`, answered or not, by `asker`, reaching an expert;
/// newest first, or oldest first for an expert's queue.
#[derive(Clone, Debug, Default)]
pub struct QuestionFilter {
    pub within: Option<RegionCode>,
    pub topic: Option<Topic>,
    pub reaching: Option<Reaching>,
    pub search: Option<String>,
    pub answered: Option<bool>,
    pub asker: Option<i64>,
    pub oldest_first: bool,
}

/// The questions that reach an expert (`yinong_model::expert::reaches`): of the topics they
/// see at once, or any asked before `escalated_before`.
#[derive(Clone, Debug)]
pub struct Reaching {
    pub at_once: Vec<Topic>,
    pub escalated_before: DateTime<Utc>,
}

#[async_trait]
pub trait QuestionStore: Send + Sync {
    /// Stores a question unless its asker has `open_limit` waiting for an answer
    /// ([`StoreError::Conflict`]); one that arrived as `receipt` (under an idempotency
    /// key) unless its id arrived before.
    async fn ask_question(
        &self,
        new: &NewQuestionRecord<'_>,
        open_limit: i64,
        receipt: Option<&crate::sync::Receipt<'_>>,
    ) -> StoreResult<crate::sync::Arrival>;
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

#[async_trait::async_trait]
impl crate::QuestionStore for SqlStore {
    async fn ask_question(
        &self,
        new: &crate::questions::NewQuestionRecord<'_>,
        open_limit: i64,
        receipt: Option<&crate::sync::Receipt<'_>>,
    ) -> crate::StoreResult<crate::sync::Arrival> {
        self.receive(receipt, async |tx| {
            on_tx!(tx, |tx| {
                crate::engine::WriteLock::Questions
                    .hold((&mut *tx).into(), new.asker_id)
                    .await?;
                let open: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM questions WHERE asker_id = $1 AND answer IS NULL",
                )
                .bind(new.asker_id)
                .fetch_one(&mut *tx)
                .await?;
                if open >= open_limit {
                    return Err(crate::StoreError::Conflict(format!(
                        "account {} has {open} open questions",
                        new.asker_id
                    )));
                }
                Ok(sqlx::query_scalar(
                    "INSERT INTO questions (region_code, crop, topic, text, photos, asker_id, \
                     asked_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(new.region.as_str())
                .bind(new.crop)
                .bind(new.topic.code())
                .bind(new.text)
                .bind(crate::photos::join_photos(new.photos))
                .bind(new.asker_id)
                .bind(new.at)
                .fetch_one(&mut *tx)
                .await?)
            })
        })
        .await
    }

    async fn questions(
        &self,
        filter: &crate::questions::QuestionFilter,
        viewer: Option<i64>,
        offset: i64,
        limit: i64,
    ) -> crate::StoreResult<(Vec<yinong_model::question::Question>, i64)> {
        on_pool!(&self.pool, |pool| {
            use crate::questions::*;
            let push_filter = |builder: &mut sqlx::QueryBuilder<'_, Db>| {
                crate::sql::push_within(builder, " WHERE", "q.region_code", filter.within.as_ref());
                if let Some(topic) = filter.topic {
                    builder.push(" AND q.topic = ").push_bind(topic.code());
                }
                if let Some(reaching) = &filter.reaching {
                    builder
                        .push(" AND (q.asked_at < ")
                        .push_bind(reaching.escalated_before);
                    if !reaching.at_once.is_empty() {
                        builder.push(" OR q.topic IN (");
                        let mut topics = builder.separated(", ");
                        for topic in &reaching.at_once {
                            topics.push_bind(topic.code());
                        }
                        builder.push(")");
                    }
                    builder.push(")");
                }
                match filter.answered {
                    Some(true) => {
                        builder.push(" AND q.answer IS NOT NULL");
                    }
                    Some(false) => {
                        builder.push(" AND q.answer IS NULL");
                    }
                    None => {}
                }
                if let Some(asker) = filter.asker {
                    builder.push(" AND q.asker_id = ").push_bind(asker);
                }
                if let Some(search) = filter.search.as_deref() {
                    let pattern = crate::listings::contains_pattern(search);
                    builder
                        .push(" AND (q.crop LIKE ")
                        .push_bind(pattern.clone());
                    builder
                        .push(" ESCAPE '\\' OR q.text LIKE ")
                        .push_bind(pattern);
                    builder.push(" ESCAPE '\\')");
                }
            };
            counted_page!(
                pool,
                count: "FROM questions q",
                select: QUESTION_SELECT,
                filter: push_filter,
                order: if filter.oldest_first {
                    " ORDER BY q.asked_at, q.id"
                } else {
                    " ORDER BY q.asked_at DESC, q.id DESC"
                },
                page: (offset, limit),
                decode: |row| question_from_row(row, viewer).map(|(question, _)| question),
            )
        })
    }

    async fn question(
        &self,
        id: i64,
        viewer: Option<i64>,
    ) -> crate::StoreResult<Option<(yinong_model::question::Question, i64)>> {
        on_pool!(&self.pool, |pool| {
            use crate::questions::*;
            let row: Option<QuestionRow> =
                sqlx::query_as(&format!("{QUESTION_SELECT} WHERE q.id = $1"))
                    .bind(id)
                    .fetch_optional(pool)
                    .await?;
            row.map(|row| question_from_row(row, viewer)).transpose()
        })
    }

    async fn answer_question(
        &self,
        id: i64,
        expert_id: i64,
        text: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> crate::StoreResult<()> {
        let mut tx = self.writing().await?;
        let asked_in: Option<String> = on_tx!(tx.tx(), |tx| {
            sqlx::query_scalar(
                "UPDATE questions SET answer = $1, expert_id = $2, answered_at = $3 \
                 WHERE id = $4 AND answer IS NULL RETURNING region_code",
            )
            .bind(text)
            .bind(expert_id)
            .bind(at)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
        });
        let asked_in = asked_in.ok_or_else(|| {
            crate::StoreError::Conflict(format!("question {id} is answered already or missing"))
        })?;
        let day = crate::services::service_day(at);
        Self::count_village_service(
            tx.tx(),
            &asked_in,
            yinong_model::service::counted_as::ANSWER,
            day,
        )
        .await?;
        tx.commit().await
    }

    async fn rate_answer(&self, id: i64, stars: u8) -> crate::StoreResult<()> {
        on_pool!(&self.pool, |pool| {
            let done = sqlx::query(
                "UPDATE questions SET rating = $1 WHERE id = $2 AND answer IS NOT NULL",
            )
            .bind(i32::from(stars))
            .bind(id)
            .execute(pool)
            .await?;
            if done.rows_affected() == 0 {
                return Err(crate::StoreError::Conflict(format!(
                    "question {id} has no answer to rate"
                )));
            }
            Ok(())
        })
    }
}
