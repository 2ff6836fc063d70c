//! Courses, lessons and learners' progress: the storage interface.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use yinong_model::training::{Course, CourseCategory, CourseSummary, Lesson};

use super::{StoreError, StoreResult};
use crate::engine::{on_pool, on_tx, BeginWriting, SqlStore};

/// A course as shipped (`api/seed/courses/courses.json`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct SeedCourse {
    pub code: String,
    pub category: CourseCategory,
    pub title: String,
    pub summary: String,
    pub featured: bool,
    #[serde(default)]
    pub required_for_informants: bool,
    pub lessons: Vec<SeedLesson>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct SeedLesson {
    pub title: String,
    pub body: String,
    /// A file name among the shipped images.
    pub image: Option<String>,
    pub video_url: Option<String>,
}

#[async_trait]
pub trait TrainingStore: Send + Sync {
    /// Inserts or updates courses by code in the order given, and their lessons by number;
    /// lessons past a course's new end go, with the progress recorded on them.
    async fn upsert_courses(&self, courses: &[SeedCourse]) -> StoreResult<()>;
    /// Every course, featured first, then in the order shipped; `finished` counts the
    /// lessons `learner` has finished.
    async fn courses(&self, learner: Option<i64>) -> StoreResult<Vec<CourseSummary>>;
    async fn course(&self, code: &str, learner: Option<i64>) -> StoreResult<Option<Course>>;
    /// The lesson, its `image_url` holding the image's file name.
    async fn lesson(
        &self,
        code: &str,
        number: u32,
        learner: Option<i64>,
    ) -> StoreResult<Option<Lesson>>;
    /// Records the lesson as finished (again is no change); [`StoreError::NotFound`]
    /// when there is no such lesson.
    async fn finish_lesson(
        &self,
        learner: i64,
        code: &str,
        number: u32,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
}

/// course title, lessons in the course, title, body, image, video, finished.
pub(super) type LessonRow = (
    String,
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    bool,
);

/// code, category, title, summary, featured, required for informants, lessons, finished.
pub(super) type CourseRow = (String, String, String, String, bool, bool, i64, i64);

/// The columns of a [`CourseRow`]: each course with its lesson count and how many of them
/// the learner (`$1`, which may be NULL) finished.
pub(super) const COURSE_SELECT: &str = "SELECT c.code, c.category, c.title, c.summary, \
    c.featured, c.required_for_informants, \
    (SELECT COUNT(*) FROM lessons l WHERE l.course_code = c.code), \
    (SELECT COUNT(*) FROM lesson_progress p WHERE p.course_code = c.code AND p.user_id = $1) \
    FROM courses c";

pub(super) fn course_from_row(
    (code, category, title, summary, featured, required_for_informants, lessons, finished): CourseRow,
) -> StoreResult<CourseSummary> {
    let category = CourseCategory::from_code(&category)
        .ok_or_else(|| StoreError::Corrupt(format!("course {code} has category {category}")))?;
    Ok(CourseSummary {
        code,
        category,
        title,
        summary,
        featured,
        required_for_informants,
        lessons: lessons as u32,
        finished: finished as u32,
    })
}

#[async_trait::async_trait]
impl crate::TrainingStore for SqlStore {
    async fn upsert_courses(
        &self,
        courses: &[crate::training::SeedCourse],
    ) -> crate::StoreResult<()> {
        on_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_writing().await?;
            for (order, course) in courses.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO courses (code, category, title, summary, featured, sort_order, \
                     required_for_informants) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (code) DO UPDATE SET \
                     category = excluded.category, title = excluded.title, \
                     summary = excluded.summary, featured = excluded.featured, \
                     sort_order = excluded.sort_order, \
                     required_for_informants = excluded.required_for_informants",
                )
                .bind(&course.code)
                .bind(course.category.code())
                .bind(&course.title)
                .bind(&course.summary)
                .bind(course.featured)
                .bind(order as i32)
                .bind(course.required_for_informants)
                .execute(&mut *tx)
                .await?;
                for (index, lesson) in course.lessons.iter().enumerate() {
                    sqlx::query(
                        "INSERT INTO lessons (course_code, number, title, body, image, video_url) \
                         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (course_code, number) \
                         DO UPDATE SET title = excluded.title, body = excluded.body, \
                         image = excluded.image, video_url = excluded.video_url",
                    )
                    .bind(&course.code)
                    .bind(index as i32 + 1)
                    .bind(&lesson.title)
                    .bind(&lesson.body)
                    .bind(&lesson.image)
                    .bind(&lesson.video_url)
                    .execute(&mut *tx)
                    .await?;
                }
                for table in ["lesson_progress", "lessons"] {
                    sqlx::query(&format!(
                        "DELETE FROM {table} WHERE course_code = $1 AND number > $2"
                    ))
                    .bind(&course.code)
                    .bind(course.lessons.len() as i32)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            tx.commit().await?;
            Ok(())
        })
    }

    async fn courses(
        &self,
        learner: Option<i64>,
    ) -> crate::StoreResult<Vec<yinong_model::training::CourseSummary>> {
        on_pool!(&self.pool, |pool| {
            use crate::training::*;
            let rows: Vec<CourseRow> = sqlx::query_as(&format!(
                "{COURSE_SELECT} ORDER BY c.featured DESC, c.sort_order"
            ))
            .bind(learner)
            .fetch_all(pool)
            .await?;
            rows.into_iter().map(course_from_row).collect()
        })
    }

    async fn course(
        &self,
        code: &str,
        learner: Option<i64>,
    ) -> crate::StoreResult<Option<yinong_model::training::Course>> {
        on_pool!(&self.pool, |pool| {
            use crate::training::*;
            let row: Option<CourseRow> =
                sqlx::query_as(&format!("{COURSE_SELECT} WHERE c.code = $2"))
                    .bind(learner)
                    .bind(code)
                    .fetch_optional(pool)
                    .await?;
            let Some(row) = row else {
                return Ok(None);
            };
            let lessons: Vec<(i32, String, bool)> = sqlx::query_as(
                "SELECT l.number, l.title, EXISTS (SELECT 1 FROM lesson_progress p \
                 WHERE p.user_id = $1 AND p.course_code = l.course_code \
                 AND p.number = l.number) \
                 FROM lessons l WHERE l.course_code = $2 ORDER BY l.number",
            )
            .bind(learner)
            .bind(code)
            .fetch_all(pool)
            .await?;
            Ok(Some(yinong_model::training::Course {
                summary: course_from_row(row)?,
                lessons: lessons
                    .into_iter()
                    .map(
                        |(number, title, finished)| yinong_model::training::LessonSummary {
                            number: number as u32,
                            title,
                            finished,
                        },
                    )
                    .collect(),
            }))
        })
    }

    async fn lesson(
        &self,
        code: &str,
        number: u32,
        learner: Option<i64>,
    ) -> crate::StoreResult<Option<yinong_model::training::Lesson>> {
        on_pool!(&self.pool, |pool| {
            let row: Option<crate::training::LessonRow> = sqlx::query_as(
                "SELECT c.title, \
                     (SELECT COUNT(*) FROM lessons n WHERE n.course_code = c.code), \
                     l.title, l.body, l.image, l.video_url, \
                     EXISTS (SELECT 1 FROM lesson_progress p WHERE p.user_id = $1 \
                     AND p.course_code = l.course_code AND p.number = l.number) \
                     FROM lessons l JOIN courses c ON c.code = l.course_code \
                     WHERE l.course_code = $2 AND l.number = $3",
            )
            .bind(learner)
            .bind(code)
            .bind(number as i32)
            .fetch_optional(pool)
            .await?;
            Ok(row.map(
                |(course_title, of, title, body, image, video_url, finished)| {
                    yinong_model::training::Lesson {
                        course_code: code.to_owned(),
                        course_title,
                        number,
                        of: of as u32,
                        title,
                        body,
                        image_url: image,
                        video_url,
                        finished,
                    }
                },
            ))
        })
    }

    async fn finish_lesson(
        &self,
        learner: i64,
        code: &str,
        number: u32,
        at: chrono::DateTime<chrono::Utc>,
    ) -> crate::StoreResult<()> {
        let mut tx = self.writing().await?;
        let (category, finished, village) = on_tx!(tx.tx(), |tx| {
            let category: Option<String> = sqlx::query_scalar(
                "SELECT c.category FROM lessons l JOIN courses c ON c.code = l.course_code \
                 WHERE l.course_code = $1 AND l.number = $2",
            )
            .bind(code)
            .bind(number as i32)
            .fetch_optional(&mut *tx)
            .await?;
            if category.is_none() {
                return Err(crate::StoreError::NotFound(format!(
                    "没有这一课：{code} 第 {number} 课"
                )));
            }
            let finished = sqlx::query(
                "INSERT INTO lesson_progress (user_id, course_code, number, finished_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, course_code, number) DO NOTHING",
            )
            .bind(learner)
            .bind(code)
            .bind(number as i32)
            .bind(at)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            // Training is a service to farmers: staff learning their trade is not one.
            let village: Option<Option<String>> =
                sqlx::query_scalar("SELECT region_code FROM users WHERE id = $1 AND role = $2")
                    .bind(learner)
                    .bind(yinong_model::account::Role::Farmer.code())
                    .fetch_optional(&mut *tx)
                    .await?;
            (category, finished, village.flatten())
        });
        // A lesson read again is no second service.
        if let (1, Some(village)) = (finished, village) {
            let category = category
                .as_deref()
                .and_then(yinong_model::training::CourseCategory::from_code)
                .ok_or_else(|| crate::StoreError::Corrupt(format!("course {code}'s category")))?;
            let day = crate::services::service_day(at);
            Self::count_village_service(tx.tx(), &village, category.service_item(), day).await?;
        }
        tx.commit().await
    }
}
