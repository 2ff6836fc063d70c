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
use crate::engine::{on_pool, BeginWriting, SqlStore};

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

/// How many papers an informant may start in a day, and when (in UTC) today began on
/// China's calendar.
pub struct PaperLimit {
    pub per_day: u32,
    pub day_started_at: DateTime<Utc>,
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

    /// Records a paper drawn for `user_id` and answers its id — or the id of the paper
    /// still open for them at `started_at`, so that racing draws give one paper;
    /// [`StoreError::Conflict`] when `limit` papers were started today already.
    async fn draw_paper(
        &self,
        user_id: i64,
        questions: &[String],
        pass_mark: u8,
        started_at: DateTime<Utc>,
        due_at: DateTime<Utc>,
        limit: &PaperLimit,
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

#[async_trait::async_trait]
impl crate::QualificationStore for SqlStore {
    async fn upsert_exam_questions(
        &self,
        questions: &[crate::qualification::SeedQuestion],
    ) -> crate::StoreResult<()> {
        on_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_writing().await?;
            sqlx::query("UPDATE exam_questions SET in_bank = FALSE")
                .execute(&mut *tx)
                .await?;
            for (order, question) in questions.iter().enumerate() {
                let options = serde_json::to_string(&question.options)
                    .map_err(|e| crate::StoreError::Corrupt(e.to_string()))?;
                sqlx::query(
                    "INSERT INTO exam_questions (code, topic, text, options, answer, \
                     sort_order, in_bank) VALUES ($1, $2, $3, $4, $5, $6, TRUE) \
                     ON CONFLICT (code) DO UPDATE SET topic = excluded.topic, \
                     text = excluded.text, options = excluded.options, \
                     answer = excluded.answer, sort_order = excluded.sort_order, \
                     in_bank = TRUE",
                )
                .bind(&question.code)
                .bind(question.topic.code())
                .bind(&question.text)
                .bind(options)
                .bind(i32::from(question.answer))
                .bind(order as i32)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    async fn exam_bank(
        &self,
    ) -> crate::StoreResult<Vec<(String, yinong_model::training::CourseCategory)>> {
        on_pool!(&self.pool, |pool| {
            let rows: Vec<(String, String)> = sqlx::query_as(
                "SELECT code, topic FROM exam_questions WHERE in_bank ORDER BY sort_order",
            )
            .fetch_all(pool)
            .await?;
            rows.into_iter()
                .map(|(code, topic)| {
                    yinong_model::training::CourseCategory::from_code(&topic)
                        .map(|topic| (code, topic))
                        .ok_or_else(|| crate::StoreError::Corrupt(format!("exam topic {topic}")))
                })
                .collect()
        })
    }

    async fn exam_questions(
        &self,
        codes: &[String],
    ) -> crate::StoreResult<Vec<crate::qualification::SeedQuestion>> {
        on_pool!(&self.pool, |pool| {
            use crate::qualification::*;
            if codes.is_empty() {
                return Ok(Vec::new());
            }
            let mut query = sqlx::QueryBuilder::<Db>::new(
                "SELECT code, topic, text, options, answer FROM exam_questions WHERE code IN (",
            );
            let mut list = query.separated(", ");
            for code in codes {
                list.push_bind(code);
            }
            query.push(")");
            let rows: Vec<QuestionRow> = query.build_query_as().fetch_all(pool).await?;
            rows.into_iter().map(question_from_row).collect()
        })
    }

    async fn standing(
        &self,
        user_id: i64,
    ) -> crate::StoreResult<crate::qualification::StandingRecord> {
        on_pool!(&self.pool, |pool| {
            use crate::qualification::*;
            let row: Option<StandingRow> = sqlx::query_as(
                "SELECT status, reason, changed_at FROM qualifications WHERE user_id = $1",
            )
            .bind(user_id)
            .fetch_optional(pool)
            .await?;
            row.map(standing_from_row)
                .transpose()
                .map(Option::unwrap_or_default)
        })
    }

    async fn change_standing(
        &self,
        informant: &crate::UserRecord,
        from: yinong_model::qualification::QualificationStatus,
        to: yinong_model::qualification::QualificationStatus,
        reason: Option<&str>,
        change: crate::Change<'_>,
    ) -> crate::StoreResult<()> {
        on_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_writing().await?;
            // The upsert changes the row only while it still holds `from` (no row is
            // in training), so two administrators cannot both move one informant.
            let moved = sqlx::query(
                "INSERT INTO qualifications (user_id, status, reason, changed_by, changed_at) \
                 SELECT $1, $2, $3, $4, $5 WHERE $6 = 'training' \
                 OR EXISTS (SELECT 1 FROM qualifications WHERE user_id = $1) \
                 ON CONFLICT (user_id) DO UPDATE SET status = excluded.status, \
                 reason = excluded.reason, changed_by = excluded.changed_by, \
                 changed_at = excluded.changed_at WHERE qualifications.status = $6",
            )
            .bind(informant.id)
            .bind(to.code())
            .bind(reason)
            .bind(change.actor_id)
            .bind(change.at)
            .bind(from.code())
            .execute(&mut *tx)
            .await?;
            if moved.rows_affected() != 1 {
                return Err(crate::StoreError::Conflict(format!(
                    "informant {} is no longer {}",
                    informant.id,
                    from.code()
                )));
            }
            let standing = |status: yinong_model::qualification::QualificationStatus,
                            reason: Option<&str>| {
                serde_json::json!({ "qualification": status.code(), "reason": reason }).to_string()
            };
            Self::append_audit(
                &mut tx,
                change,
                informant,
                Some(standing(from, None)),
                Some(standing(to, reason)),
            )
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    async fn draw_paper(
        &self,
        user_id: i64,
        questions: &[String],
        pass_mark: u8,
        started_at: chrono::DateTime<chrono::Utc>,
        due_at: chrono::DateTime<chrono::Utc>,
        limit: &crate::qualification::PaperLimit,
    ) -> crate::StoreResult<i64> {
        on_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_writing().await?;
            crate::engine::WriteLock::ExamPapers
                .hold((&mut *tx).into(), user_id)
                .await?;
            let open: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM exam_papers WHERE user_id = $1 AND submitted_at IS NULL \
                 AND due_at > $2 ORDER BY id DESC LIMIT 1",
            )
            .bind(user_id)
            .bind(started_at)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(open) = open {
                return Ok(open);
            }
            let today: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM exam_papers WHERE user_id = $1 AND started_at >= $2",
            )
            .bind(user_id)
            .bind(limit.day_started_at)
            .fetch_one(&mut *tx)
            .await?;
            if today >= i64::from(limit.per_day) {
                return Err(crate::StoreError::Conflict(format!(
                    "account {user_id} started {today} papers today"
                )));
            }
            let id = sqlx::query_scalar(
                "INSERT INTO exam_papers (user_id, questions, pass_mark, started_at, due_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(user_id)
            .bind(crate::qualification::join_list(questions))
            .bind(i32::from(pass_mark))
            .bind(started_at)
            .bind(due_at)
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    async fn paper(
        &self,
        id: i64,
    ) -> crate::StoreResult<Option<crate::qualification::PaperRecord>> {
        on_pool!(&self.pool, |pool| {
            use crate::qualification::*;
            let row: Option<PaperRow> = sqlx::query_as(&format!("{PAPER_SELECT} WHERE id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?;
            Ok(row.map(paper_from_row))
        })
    }

    async fn papers(
        &self,
        user_id: i64,
    ) -> crate::StoreResult<Vec<crate::qualification::PaperRecord>> {
        on_pool!(&self.pool, |pool| {
            use crate::qualification::*;
            let rows: Vec<PaperRow> = sqlx::query_as(&format!(
                "{PAPER_SELECT} WHERE user_id = $1 ORDER BY started_at DESC, id DESC"
            ))
            .bind(user_id)
            .fetch_all(pool)
            .await?;
            Ok(rows.into_iter().map(paper_from_row).collect())
        })
    }

    async fn score_paper(
        &self,
        id: i64,
        scored: &crate::qualification::ScoredPaper<'_>,
    ) -> crate::StoreResult<()> {
        on_pool!(&self.pool, |pool| {
            let answers = crate::qualification::join_list(
                scored
                    .answers
                    .iter()
                    .map(|answer| answer.map(|a| a.to_string()).unwrap_or_default()),
            );
            let mut tx = pool.begin_writing().await?;
            let user_id: Option<i64> = sqlx::query_scalar(
                "UPDATE exam_papers SET submitted_at = $1, answers = $2, score = $3, \
                 passed = $4 WHERE id = $5 AND submitted_at IS NULL RETURNING user_id",
            )
            .bind(scored.at)
            .bind(answers)
            .bind(i32::from(scored.score))
            .bind(scored.passed)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(user_id) = user_id else {
                return Err(crate::StoreError::Conflict(format!(
                    "exam paper {id} was answered already"
                )));
            };
            if scored.passed {
                sqlx::query(
                    "INSERT INTO qualifications (user_id, status, reason, changed_by, \
                     changed_at) VALUES ($1, 'qualified', NULL, NULL, $2) \
                     ON CONFLICT (user_id) DO UPDATE SET status = 'qualified', \
                     reason = NULL, changed_by = NULL, changed_at = excluded.changed_at \
                     WHERE qualifications.status = 'training'",
                )
                .bind(user_id)
                .bind(scored.at)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    async fn county_pass_mark(
        &self,
        county: &yinong_model::region::RegionCode,
    ) -> crate::StoreResult<Option<u8>> {
        on_pool!(&self.pool, |pool| {
            let mark: Option<i32> =
                sqlx::query_scalar("SELECT pass_mark FROM pass_marks WHERE county_code = $1")
                    .bind(county.as_str())
                    .fetch_optional(pool)
                    .await?;
            Ok(mark.map(|mark| mark.clamp(0, 100) as u8))
        })
    }

    async fn set_pass_mark(
        &self,
        county: &yinong_model::region::RegionCode,
        pass_mark: u8,
        by: i64,
        at: chrono::DateTime<chrono::Utc>,
    ) -> crate::StoreResult<()> {
        on_pool!(&self.pool, |pool| {
            sqlx::query(
                "INSERT INTO pass_marks (county_code, pass_mark, set_by, set_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (county_code) DO UPDATE SET \
                 pass_mark = excluded.pass_mark, set_by = excluded.set_by, \
                 set_at = excluded.set_at",
            )
            .bind(county.as_str())
            .bind(i32::from(pass_mark))
            .bind(by)
            .bind(at)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    async fn informant_standings(
        &self,
        within: Option<&yinong_model::region::RegionCode>,
        status: Option<yinong_model::qualification::QualificationStatus>,
        offset: i64,
        limit: i64,
    ) -> crate::StoreResult<(Vec<yinong_model::qualification::InformantStanding>, i64)> {
        on_pool!(&self.pool, |pool| {
            use crate::qualification::*;
            let push_filter = |builder: &mut sqlx::QueryBuilder<'_, Db>| {
                crate::sql::push_within(builder, " AND", "u.region_code", within);
                if let Some(status) = status {
                    builder
                        .push(" AND COALESCE(q.status, 'training') = ")
                        .push_bind(status.code());
                }
            };
            let mut count = sqlx::QueryBuilder::<Db>::new(
                "SELECT COUNT(*) FROM users u LEFT JOIN qualifications q \
                 ON q.user_id = u.id WHERE u.role = 'informant'",
            );
            push_filter(&mut count);
            let mut page = sqlx::QueryBuilder::<Db>::new(INFORMANT_SELECT);
            push_filter(&mut page);
            page.push(" ORDER BY u.region_code, u.id LIMIT ")
                .push_bind(limit);
            page.push(" OFFSET ").push_bind(offset);
            let total: i64 = count.build_query_scalar().fetch_one(pool).await?;
            let required: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM lessons l JOIN courses c ON c.code = l.course_code \
                 WHERE c.required_for_informants",
            )
            .fetch_one(pool)
            .await?;
            let rows: Vec<InformantRow> = page.build_query_as().fetch_all(pool).await?;
            let standings = rows
                .into_iter()
                .map(|row| informant_from_row(row, required as u32))
                .collect::<crate::StoreResult<_>>()?;
            Ok((standings, total))
        })
    }

    async fn informant_activity(
        &self,
        within: Option<&yinong_model::region::RegionCode>,
        from: chrono::DateTime<chrono::Utc>,
        to: chrono::DateTime<chrono::Utc>,
    ) -> crate::StoreResult<Vec<yinong_model::assessment::Activity>> {
        on_pool!(&self.pool, |pool| {
            use crate::qualification::*;
            let (first, last) = crate::sql::figures_range(within);
            let mut rows: Vec<ActivityRow> = Vec::new();
            for (table, person, at) in [
                ("price_reports", "reporter_id", "reported_at"),
                ("village_news", "author_id", "written_at"),
                ("incident_reports", "reporter_id", "reported_at"),
            ] {
                let submitted: Vec<ActivityRow> = sqlx::query_as(&format!(
                    "SELECT t.{person}, t.{at}, t.status, CAST(NULL AS TIMESTAMPTZ) FROM {table} t \
                     JOIN users u ON u.id = t.{person} WHERE u.role = 'informant' \
                     AND t.region_code >= $1 AND t.region_code < $2 \
                     AND t.{at} >= $3 AND t.{at} < $4"
                ))
                .bind(&first)
                .bind(&last)
                .bind(from)
                .bind(to)
                .fetch_all(pool)
                .await?;
                rows.extend(submitted);
            }
            let steps: Vec<ActivityRow> = sqlx::query_as(
                "SELECT s.actor_id, s.at, s.status, \
                 (SELECT MIN(f.at) FROM service_request_steps f WHERE f.request_id = s.request_id) \
                 FROM service_request_steps s JOIN users u ON u.id = s.actor_id \
                 WHERE u.role = 'informant' AND u.region_code >= $1 AND u.region_code < $2 \
                 AND s.at >= $3 AND s.at < $4 AND s.status <> 'submitted'",
            )
            .bind(&first)
            .bind(&last)
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await?;
            rows.extend(steps);
            rows.into_iter().map(activity_from_row).collect()
        })
    }
}
