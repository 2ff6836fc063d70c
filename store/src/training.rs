//! Courses, lessons and learners' progress: the storage interface.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use yinong_model::training::{Course, CourseCategory, CourseSummary, Lesson};

use super::{StoreError, StoreResult};

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
