//! 12316 expert teams: experts' profiles, and a county's answers by expert and what waits.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use yinong_model::expert::ExpertProfile;
use yinong_model::question::Topic;
use yinong_model::region::RegionCode;

use crate::engine::{on_pool, SqlStore};
use crate::sql::subtree_range;
use crate::{StoreError, StoreResult};

#[async_trait]
pub trait ExpertStore: Send + Sync {
    async fn expert_profile(&self, user_id: i64) -> StoreResult<Option<ExpertProfile>>;
    /// Keeps the profile (checked and trimmed by the caller), replacing the one before.
    async fn set_expert_profile(
        &self,
        user_id: i64,
        profile: &ExpertProfile,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// The active experts of `county` and every expert who answered one of its questions
    /// asked since `since`, each with those answers.
    async fn county_answers(
        &self,
        county: &RegionCode,
        since: DateTime<Utc>,
    ) -> StoreResult<Vec<ExpertAnswers>>;
    /// The questions of `county` waiting for an answer, and how many of them were asked
    /// before `escalated_before`.
    async fn waiting_questions(
        &self,
        county: &RegionCode,
        escalated_before: DateTime<Utc>,
    ) -> StoreResult<(i64, i64)>;
}

/// An expert and their answers to a county's questions: hours from asking to answer, and
/// the asker's stars once given.
#[derive(Clone, Debug, PartialEq)]
pub struct ExpertAnswers {
    pub name: String,
    /// The expert's region's name ("全国" for the nation's).
    pub region_name: String,
    pub profile: Option<ExpertProfile>,
    pub answers: Vec<(f64, Option<u8>)>,
}

fn profile_from(
    title: Option<String>,
    specialties: Option<String>,
) -> StoreResult<Option<ExpertProfile>> {
    let (Some(title), Some(specialties)) = (title, specialties) else {
        return Ok(None);
    };
    let specialties = specialties
        .split(',')
        .filter(|code| !code.is_empty())
        .map(|code| {
            Topic::from_code(code)
                .ok_or_else(|| StoreError::Corrupt(format!("expert specialty {code}")))
        })
        .collect::<StoreResult<_>>()?;
    Ok(Some(ExpertProfile { title, specialties }))
}

type ExpertRow = (i64, String, Option<String>, Option<String>, Option<String>);
type AnswerRow = (i64, DateTime<Utc>, DateTime<Utc>, Option<i32>);

#[async_trait]
impl ExpertStore for SqlStore {
    async fn expert_profile(&self, user_id: i64) -> StoreResult<Option<ExpertProfile>> {
        let row: Option<(String, String)> = on_pool!(&self.pool, |pool| {
            sqlx::query_as("SELECT title, specialties FROM expert_profiles WHERE user_id = $1")
                .bind(user_id)
                .fetch_optional(pool)
                .await?
        });
        match row {
            Some((title, specialties)) => profile_from(Some(title), Some(specialties)),
            None => Ok(None),
        }
    }

    async fn set_expert_profile(
        &self,
        user_id: i64,
        profile: &ExpertProfile,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let specialties = profile
            .specialties
            .iter()
            .map(|topic| topic.code())
            .collect::<Vec<_>>()
            .join(",");
        on_pool!(&self.pool, |pool| {
            sqlx::query(
                "INSERT INTO expert_profiles (user_id, title, specialties, updated_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (user_id) DO UPDATE SET \
                 title = excluded.title, specialties = excluded.specialties, \
                 updated_at = excluded.updated_at",
            )
            .bind(user_id)
            .bind(&profile.title)
            .bind(&specialties)
            .bind(at)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    async fn county_answers(
        &self,
        county: &RegionCode,
        since: DateTime<Utc>,
    ) -> StoreResult<Vec<ExpertAnswers>> {
        let (from, to) = subtree_range(county);
        let (experts, answers): (Vec<ExpertRow>, Vec<AnswerRow>) = on_pool!(&self.pool, |pool| {
            let experts = sqlx::query_as(
                "SELECT u.id, u.name, r.name, p.title, p.specialties FROM users u \
                 LEFT JOIN regions r ON r.code = u.region_code \
                 LEFT JOIN expert_profiles p ON p.user_id = u.id \
                 WHERE (u.role = 'expert' AND u.region_code = $1 AND u.status = 'active') \
                 OR u.id IN (SELECT expert_id FROM questions WHERE region_code >= $2 \
                 AND region_code < $3 AND asked_at >= $4 AND expert_id IS NOT NULL) \
                 ORDER BY u.id",
            )
            .bind(county.as_str())
            .bind(&from)
            .bind(&to)
            .bind(since)
            .fetch_all(pool)
            .await?;
            let answers = sqlx::query_as(
                "SELECT expert_id, asked_at, answered_at, rating FROM questions \
                 WHERE region_code >= $1 AND region_code < $2 AND asked_at >= $3 \
                 AND expert_id IS NOT NULL AND answered_at IS NOT NULL",
            )
            .bind(&from)
            .bind(&to)
            .bind(since)
            .fetch_all(pool)
            .await?;
            (experts, answers)
        });
        experts
            .into_iter()
            .map(|(id, name, region_name, title, specialties)| {
                let answers = answers
                    .iter()
                    .filter(|(expert, ..)| *expert == id)
                    .map(|(_, asked, answered, rating)| {
                        let hours = (*answered - *asked).num_seconds() as f64 / 3600.0;
                        (hours, rating.map(|stars| stars.clamp(0, 5) as u8))
                    })
                    .collect();
                Ok(ExpertAnswers {
                    name,
                    region_name: region_name.unwrap_or_else(|| "全国".to_owned()),
                    profile: profile_from(title, specialties)?,
                    answers,
                })
            })
            .collect()
    }

    async fn waiting_questions(
        &self,
        county: &RegionCode,
        escalated_before: DateTime<Utc>,
    ) -> StoreResult<(i64, i64)> {
        let (from, to) = subtree_range(county);
        let (waiting, escalated): (i64, Option<i64>) = on_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT COUNT(*), SUM(CASE WHEN asked_at < $3 THEN 1 ELSE 0 END) \
                 FROM questions WHERE region_code >= $1 AND region_code < $2 \
                 AND answer IS NULL",
            )
            .bind(&from)
            .bind(&to)
            .bind(escalated_before)
            .fetch_one(pool)
            .await?
        });
        Ok((waiting, escalated.unwrap_or(0)))
    }
}
