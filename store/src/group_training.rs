//! 集中培训: sessions, who signed up, attendance and ability checks. An attendance counts a
//! 培训 service at the attendee's village station in its transaction; an informant's passed
//! check marks the required courses of the session's category learnt.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use yinong_model::account::mask_phone;
use yinong_model::group_training::{
    check_passed, AttendanceRecord, Attendee, NewTrainingSession, TrainingSession,
};
use yinong_model::region::{RegionCode, RegionLevel};
use yinong_model::training::CourseCategory;

use crate::engine::{on_pool, on_tx, SqlStore, WriteLock};
use crate::sql::subtree_range;
use crate::{china_time, StoreError, StoreResult};

#[async_trait]
pub trait GroupTrainingStore: Send + Sync {
    async fn schedule_session(&self, record: &NewSessionRecord<'_>) -> StoreResult<i64>;
    /// Sessions starting at `from` or later, soonest first: those inside `within` (an
    /// organiser's region), or those a `village`'s people may join (held by its township
    /// or county).
    async fn training_sessions(
        &self,
        filter: &SessionFilter,
        viewer: Option<i64>,
    ) -> StoreResult<Vec<TrainingSession>>;
    async fn training_session(
        &self,
        id: i64,
        viewer: Option<i64>,
    ) -> StoreResult<Option<TrainingSession>>;
    /// Signs a person up (their seat's id), or says why not.
    async fn sign_up(
        &self,
        session: i64,
        record: &SignUpRecord<'_>,
    ) -> StoreResult<Result<i64, SignUpRefused>>;
    /// Everyone signed up, in the order they did.
    async fn attendees(&self, session: i64) -> StoreResult<Vec<SignedUp>>;
    /// Records one attendee's attendance and check; the first attendance counts the 培训
    /// service, a passed check of an informant's account marks the category's required
    /// courses learnt. [`StoreError::Conflict`] when an attendance already counted is taken
    /// back; [`StoreError::NotFound`] when the attendee is not the session's.
    async fn record_attendance(
        &self,
        session: i64,
        attendee: i64,
        record: &AttendanceRecord,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
}

pub struct NewSessionRecord<'a> {
    pub session: &'a NewTrainingSession,
    pub starts_at: DateTime<Utc>,
    pub organiser: i64,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, Default)]
pub struct SessionFilter {
    pub within: Option<RegionCode>,
    pub village: Option<RegionCode>,
    pub from: Option<DateTime<Utc>>,
}

pub struct SignUpRecord<'a> {
    /// The account, when the person has one.
    pub user_id: Option<i64>,
    pub name: &'a str,
    pub phone: &'a str,
    pub village: &'a RegionCode,
    pub informant: bool,
    pub by: i64,
    pub at: DateTime<Utc>,
}

/// Why a sign-up was not kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignUpRefused {
    /// The number is signed up already.
    SignedUpAlready,
    SeatsTaken,
}

/// An attendee with the accounts behind them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedUp {
    pub attendee: Attendee,
    pub user_id: Option<i64>,
    pub signed_up_by: i64,
}

type SessionRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    DateTime<Utc>,
    String,
    i32,
    String,
    i64,
    i64,
    i64,
);

const SESSION_SELECT: &str = "SELECT s.id, s.region_code, r.name, p.name, s.topic, s.category, \
    s.place, s.starts_at, s.trainer, s.seats, o.name, \
    (SELECT COUNT(*) FROM training_attendees a WHERE a.session_id = s.id), \
    (SELECT COUNT(*) FROM training_attendees a WHERE a.session_id = s.id \
     AND a.attended_at IS NOT NULL), \
    (SELECT COUNT(*) FROM training_attendees a WHERE a.session_id = s.id \
     AND a.user_id = $1) \
    FROM training_sessions s JOIN regions r ON r.code = s.region_code \
    JOIN regions p ON p.code = r.parent_code JOIN users o ON o.id = s.organiser_id";

fn session_from_row(row: SessionRow) -> StoreResult<TrainingSession> {
    let (
        id,
        code,
        name,
        parent,
        topic,
        category,
        place,
        starts_at,
        trainer,
        seats,
        organiser,
        signed_up,
        attended,
        mine,
    ) = row;
    let corrupt = |what: String| StoreError::Corrupt(format!("training session {id}: {what}"));
    let region_code = RegionCode::parse(&code).map_err(|e| corrupt(e.to_string()))?;
    let category = CourseCategory::from_code(&category).ok_or_else(|| corrupt(category.clone()))?;
    let region_name = if region_code.level() == RegionLevel::Township {
        format!("{parent} {name}")
    } else {
        name
    };
    Ok(TrainingSession {
        id,
        region_code,
        region_name,
        topic,
        category,
        place,
        starts_at: local_minute(starts_at),
        trainer,
        seats: seats.max(0) as u32,
        signed_up: signed_up as u32,
        attended: attended as u32,
        organiser,
        mine: mine > 0,
    })
}

/// China time to the minute, as sessions are written: `2026-12-10T09:00`.
pub fn local_minute(at: DateTime<Utc>) -> String {
    china_time(at).format("%Y-%m-%dT%H:%M").to_string()
}

type AttendeeRow = (
    i64,
    Option<i64>,
    String,
    String,
    String,
    String,
    String,
    i64,
    Option<String>,
    Option<DateTime<Utc>>,
    Option<i32>,
);

#[async_trait]
impl GroupTrainingStore for SqlStore {
    async fn schedule_session(&self, record: &NewSessionRecord<'_>) -> StoreResult<i64> {
        let session = record.session;
        on_pool!(&self.pool, |pool| {
            Ok(sqlx::query_scalar(
                "INSERT INTO training_sessions (region_code, topic, category, place, starts_at, \
                 trainer, seats, organiser_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(session.region_code.as_str())
            .bind(session.topic.trim())
            .bind(session.category.code())
            .bind(session.place.trim())
            .bind(record.starts_at)
            .bind(session.trainer.trim())
            .bind(session.seats as i32)
            .bind(record.organiser)
            .bind(record.at)
            .fetch_one(pool)
            .await?)
        })
    }

    async fn training_sessions(
        &self,
        filter: &SessionFilter,
        viewer: Option<i64>,
    ) -> StoreResult<Vec<TrainingSession>> {
        let rows: Vec<SessionRow> = on_pool!(&self.pool, |pool| {
            // The select counts the viewer's own sign-up: its one placeholder is bound first.
            let (select, rest) = SESSION_SELECT
                .split_once("$1")
                .expect("the select names the viewer");
            let mut query = sqlx::QueryBuilder::<Db>::new(select);
            query.push_bind(viewer).push(rest);
            query.push(" WHERE 1 = 1");
            if let Some(within) = &filter.within {
                let (from, to) = subtree_range(within);
                query
                    .push(" AND s.region_code >= ")
                    .push_bind(from)
                    .push(" AND s.region_code < ")
                    .push_bind(to);
            }
            if let Some(village) = &filter.village {
                // Held by the village's township or county (a code above has neither).
                let township = village.parent();
                let county = township.as_ref().and_then(RegionCode::parent);
                let held_by: Vec<String> = [township, county]
                    .into_iter()
                    .flatten()
                    .map(|code| code.as_str().to_owned())
                    .collect();
                if held_by.is_empty() {
                    query.push(" AND 1 = 0");
                } else {
                    query.push(" AND s.region_code IN (");
                    let mut codes = query.separated(", ");
                    for code in held_by {
                        codes.push_bind(code);
                    }
                    query.push(")");
                }
            }
            if let Some(from) = filter.from {
                query.push(" AND s.starts_at >= ").push_bind(from);
            }
            query.push(" ORDER BY s.starts_at, s.id LIMIT 100");
            query.build_query_as().fetch_all(pool).await?
        });
        rows.into_iter().map(session_from_row).collect()
    }

    async fn training_session(
        &self,
        id: i64,
        viewer: Option<i64>,
    ) -> StoreResult<Option<TrainingSession>> {
        let row: Option<SessionRow> = on_pool!(&self.pool, |pool| {
            sqlx::query_as(&format!("{SESSION_SELECT} WHERE s.id = $2"))
                .bind(viewer)
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        row.map(session_from_row).transpose()
    }

    async fn sign_up(
        &self,
        session: i64,
        record: &SignUpRecord<'_>,
    ) -> StoreResult<Result<i64, SignUpRefused>> {
        let mut tx = self.writing().await?;
        let id =
            on_tx!(tx.tx(), |tx| {
                WriteLock::TrainingSeats
                    .hold((&mut *tx).into(), session)
                    .await?;
                let (seats, taken): (i32, i64) = sqlx::query_as(
                    "SELECT s.seats, (SELECT COUNT(*) FROM training_attendees a \
                 WHERE a.session_id = s.id) FROM training_sessions s WHERE s.id = $1",
                )
                .bind(session)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("training session {session}")))?;
                let already: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM training_attendees WHERE session_id = $1 AND phone = $2",
                )
                .bind(session)
                .bind(record.phone)
                .fetch_one(&mut *tx)
                .await?;
                if already > 0 {
                    return Ok(Err(SignUpRefused::SignedUpAlready));
                }
                if taken >= i64::from(seats) {
                    return Ok(Err(SignUpRefused::SeatsTaken));
                }
                let id: i64 = sqlx::query_scalar(
                "INSERT INTO training_attendees (session_id, user_id, name, phone, village_code, \
                 role, signed_up_by, signed_up_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                 RETURNING id",
            )
            .bind(session)
            .bind(record.user_id)
            .bind(record.name.trim())
            .bind(record.phone)
            .bind(record.village.as_str())
            .bind(if record.informant { "informant" } else { "farmer" })
            .bind(record.by)
            .bind(record.at)
            .fetch_one(&mut *tx)
            .await?;
                Ok(id)
            });
        if id.is_ok() {
            tx.commit().await?;
        }
        Ok(id)
    }

    async fn attendees(&self, session: i64) -> StoreResult<Vec<SignedUp>> {
        let rows: Vec<AttendeeRow> = on_pool!(&self.pool, |pool| {
            sqlx::query_as(
                "SELECT a.id, a.user_id, a.name, a.phone, v.name, t.name, a.role, \
                 a.signed_up_by, CASE WHEN a.signed_up_by = a.user_id THEN NULL ELSE b.name END, \
                 a.attended_at, a.check_score FROM training_attendees a \
                 JOIN regions v ON v.code = a.village_code \
                 JOIN regions t ON t.code = v.parent_code \
                 JOIN users b ON b.id = a.signed_up_by \
                 WHERE a.session_id = $1 ORDER BY a.id",
            )
            .bind(session)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|row| {
                let (
                    id,
                    user_id,
                    name,
                    phone,
                    village,
                    township,
                    role,
                    by,
                    by_name,
                    attended_at,
                    score,
                ) = row;
                SignedUp {
                    attendee: Attendee {
                        id,
                        name,
                        phone_masked: mask_phone(&phone),
                        village: format!("{township} {village}"),
                        informant: role == "informant",
                        signed_up_by: by_name,
                        attended: attended_at.is_some(),
                        check_score: score.map(|score| score.clamp(0, 100) as u8),
                    },
                    user_id,
                    signed_up_by: by,
                }
            })
            .collect())
    }

    async fn record_attendance(
        &self,
        session: i64,
        attendee: i64,
        record: &AttendanceRecord,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.writing().await?;
        type Kept = (
            Option<i64>,
            String,
            String,
            Option<DateTime<Utc>>,
            String,
            DateTime<Utc>,
        );
        let kept: Kept = on_tx!(tx.tx(), |tx| {
            sqlx::query_as(
                "SELECT a.user_id, a.village_code, a.role, a.attended_at, s.category, s.starts_at \
                 FROM training_attendees a JOIN training_sessions s ON s.id = a.session_id \
                 WHERE a.id = $1 AND a.session_id = $2",
            )
            .bind(attendee)
            .bind(session)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| {
                StoreError::NotFound(format!("attendee {attendee} of session {session}"))
            })?
        });
        let (user_id, village, role, attended_at, category, starts_at) = kept;
        if attended_at.is_some() && !record.attended {
            return Err(StoreError::Conflict(format!(
                "attendee {attendee} attended already"
            )));
        }
        let category = CourseCategory::from_code(&category)
            .ok_or_else(|| StoreError::Corrupt(format!("session {session}: {category}")))?;
        on_tx!(tx.tx(), |tx| {
            sqlx::query(
                "UPDATE training_attendees SET attended_at = $1, check_score = $2 WHERE id = $3",
            )
            .bind(record.attended.then(|| attended_at.unwrap_or(at)))
            .bind(record.check_score.map(i32::from))
            .bind(attendee)
            .execute(&mut *tx)
            .await?;
        });
        if record.attended && attended_at.is_none() {
            let day = crate::services::service_day(starts_at);
            Self::count_village_service(tx.tx(), &village, category.service_item(), day).await?;
        }
        let passed = record.check_score.is_some_and(check_passed);
        if let (true, Some(user), "informant") = (passed, user_id, role.as_str()) {
            on_tx!(tx.tx(), |tx| {
                sqlx::query(
                    "INSERT INTO lesson_progress (user_id, course_code, number, finished_at) \
                     SELECT $1, l.course_code, l.number, $2 FROM lessons l \
                     JOIN courses c ON c.code = l.course_code \
                     WHERE c.category = $3 AND c.required_for_informants \
                     ON CONFLICT (user_id, course_code, number) DO NOTHING",
                )
                .bind(user)
                .bind(at)
                .bind(category.code())
                .execute(&mut *tx)
                .await?;
            });
        }
        tx.commit().await
    }
}
