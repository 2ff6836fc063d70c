//! 培训体验: the courses shipped with the server, open to everyone; a signed-in learner's
//! finished lessons are recorded and shown.

use aide::axum::routing::{get, get_with, put};
use aide::axum::ApiRouter;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use yinong_model::training::{Course, CourseSummary, Lesson};

use crate::auth::SignedIn;
use crate::error::{ApiError, ApiPath};
use crate::openapi;
use crate::state::AppState;
use axum::response::NoContent;
use yinong_store::training::SeedCourse;

/// The courses' text (`api/seed/courses/courses.json`) and pictures, inside the binary.
const COURSES: &str = include_str!("../../seed/courses/courses.json");
const IMAGES: [(&str, &[u8]); 1] = [("wifi.svg", include_bytes!("../../seed/courses/wifi.svg"))];

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route("/courses", get(list))
        .api_route(
            "/courses/images/{name}",
            get_with(image, |op| {
                openapi::file(op, "课程插图", &["image/svg+xml"])
            }),
        )
        .api_route("/courses/{code}", get(course))
        .api_route("/courses/{code}/lessons/{number}", get(lesson))
        .api_route("/courses/{code}/lessons/{number}/finished", put(finish))
}

/// The shipped courses; a broken file is a build mistake, caught by the tests.
pub fn shipped_courses() -> Vec<SeedCourse> {
    serde_json::from_str(COURSES).expect("api/seed/courses/courses.json is valid")
}

fn learner(signed_in: &Option<SignedIn>) -> Option<i64> {
    signed_in.as_ref().map(|signed_in| signed_in.user.id)
}

async fn list(
    State(state): State<AppState>,
    signed_in: Option<SignedIn>,
) -> Result<Json<Vec<CourseSummary>>, ApiError> {
    Ok(Json(state.store.courses(learner(&signed_in)).await?))
}

async fn course(
    State(state): State<AppState>,
    signed_in: Option<SignedIn>,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<Course>, ApiError> {
    state
        .store
        .course(&code, learner(&signed_in))
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("没有“{code}”这门课")))
}

async fn lesson(
    State(state): State<AppState>,
    signed_in: Option<SignedIn>,
    ApiPath((code, number)): ApiPath<(String, u32)>,
) -> Result<Json<Lesson>, ApiError> {
    let mut lesson = state
        .store
        .lesson(&code, number, learner(&signed_in))
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("没有这一课：{code} 第 {number} 课")))?;
    lesson.image_url = lesson
        .image_url
        .map(|name| format!("/api/courses/images/{name}"));
    Ok(Json(lesson))
}

async fn finish(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath((code, number)): ApiPath<(String, u32)>,
) -> Result<NoContent, ApiError> {
    state
        .store
        .finish_lesson(signed_in.user.id, &code, number, Utc::now())
        .await?;
    Ok(NoContent)
}

async fn image(ApiPath(name): ApiPath<String>) -> Result<Response, ApiError> {
    let (_, bytes) = IMAGES
        .iter()
        .find(|(file, _)| *file == name)
        .ok_or_else(|| ApiError::NotFound(format!("没有图片 {name}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        *bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_courses_are_whole_and_their_images_are_shipped_too() {
        let courses = shipped_courses();
        assert!(
            courses
                .iter()
                .any(|c| c.featured
                    && c.category == yinong_model::training::CourseCategory::PhoneSkills),
            "the phone-skills course is featured"
        );
        for course in &courses {
            assert!(!course.lessons.is_empty(), "{}", course.code);
            for lesson in &course.lessons {
                if let Some(image) = &lesson.image {
                    assert!(IMAGES.iter().any(|(file, _)| file == image), "{image}");
                }
            }
        }
    }
}
