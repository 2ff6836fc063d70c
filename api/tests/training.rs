//! Courses and learners' progress on SQLite and PostgreSQL, and their HTTP answers.

mod support;

on_both_backends!(
    courses_are_upserted_in_place_and_each_finished_lesson_counts_once,
    anyone_reads_the_courses_and_a_signed_in_learner_records_lessons,
);

mod cases {
    use std::sync::Arc;

    use chrono::Utc;
    use reqwest::{Method, StatusCode};
    use yinong_model::account::Role;
    use yinong_model::training::{Course, CourseCategory, CourseSummary, Lesson};
    use yinong_store::training::{SeedCourse, SeedLesson};
    use yinong_store::{Store, StoreError};

    use crate::support::{account, farmer_session, small_tree, TestServer};

    fn course(code: &str, featured: bool, lessons: usize) -> SeedCourse {
        SeedCourse {
            code: code.to_owned(),
            category: CourseCategory::ProductionTechnique,
            title: format!("{code} 课程"),
            summary: "简介".to_owned(),
            featured,
            required_for_informants: !featured,
            lessons: (1..=lessons)
                .map(|n| SeedLesson {
                    title: format!("第 {n} 课"),
                    body: "第一段\n第二段".to_owned(),
                    image: None,
                    video_url: Some("https://example.org/video".to_owned()),
                })
                .collect(),
        }
    }

    pub async fn courses_are_upserted_in_place_and_each_finished_lesson_counts_once(
        store: Arc<dyn Store>,
    ) {
        store.upsert_regions(&small_tree()).await.unwrap();
        store
            .upsert_courses(&[course("wheat", false, 3), course("phone", true, 2)])
            .await
            .unwrap();
        let learner = account(store.as_ref(), Role::Farmer, "370811001001", "13800138000").await;
        let summary = |courses: Vec<CourseSummary>| -> Vec<(String, u32, u32)> {
            courses
                .into_iter()
                .map(|c| (c.code, c.lessons, c.finished))
                .collect()
        };
        assert_eq!(
            summary(store.courses(None).await.unwrap()),
            [("phone".to_owned(), 2, 0), ("wheat".to_owned(), 3, 0)],
            "the featured course first"
        );
        let required: Vec<(String, bool)> = store
            .courses(None)
            .await
            .unwrap()
            .into_iter()
            .map(|c| (c.code, c.required_for_informants))
            .collect();
        assert_eq!(
            required,
            [("phone".to_owned(), false), ("wheat".to_owned(), true)],
            "which courses informants must complete is kept"
        );
        for _ in 0..2 {
            store
                .finish_lesson(learner, "wheat", 3, Utc::now())
                .await
                .unwrap();
        }
        store
            .finish_lesson(learner, "wheat", 1, Utc::now())
            .await
            .unwrap();
        let missing = store.finish_lesson(learner, "wheat", 4, Utc::now()).await;
        assert!(
            matches!(missing, Err(StoreError::NotFound(_))),
            "{missing:?}"
        );
        assert_eq!(
            summary(store.courses(Some(learner)).await.unwrap())[1],
            ("wheat".to_owned(), 3, 2)
        );
        let wheat = store.course("wheat", Some(learner)).await.unwrap().unwrap();
        let finished: Vec<_> = wheat
            .lessons
            .iter()
            .map(|l| (l.number, l.finished))
            .collect();
        assert_eq!(finished, [(1, true), (2, false), (3, true)]);
        let lesson = store
            .lesson("wheat", 3, Some(learner))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (lesson.of, lesson.finished, lesson.title.as_str()),
            (3, true, "第 3 课")
        );
        assert!(
            !store
                .lesson("wheat", 3, None)
                .await
                .unwrap()
                .unwrap()
                .finished
        );
        assert!(store.lesson("wheat", 9, None).await.unwrap().is_none());

        // A new release drops the third lesson and renames the course.
        let mut shorter = course("wheat", false, 2);
        shorter.title = "小麦冬季管理".to_owned();
        store.upsert_courses(&[shorter]).await.unwrap();
        let wheat = store.course("wheat", Some(learner)).await.unwrap().unwrap();
        assert_eq!(
            (
                wheat.summary.title.as_str(),
                wheat.summary.lessons,
                wheat.summary.finished
            ),
            ("小麦冬季管理", 2, 1),
            "progress on the dropped lesson goes with it"
        );
        assert!(store.course("nope", None).await.unwrap().is_none());
    }

    pub async fn anyone_reads_the_courses_and_a_signed_in_learner_records_lessons(
        store: Arc<dyn Store>,
    ) {
        let server = TestServer::start(store, false).await;
        let courses: Vec<CourseSummary> = server.get_json("/api/courses", None).await;
        assert_eq!(
            (
                courses[0].code.as_str(),
                courses[0].category,
                courses[0].featured
            ),
            ("phone-basics", CourseCategory::PhoneSkills, true)
        );
        assert!(courses.iter().all(|c| c.finished == 0));
        let first: Lesson = server
            .get_json("/api/courses/phone-basics/lessons/1", None)
            .await;
        assert_eq!(
            first.image_url.as_deref(),
            Some("/api/courses/images/wifi.svg")
        );
        let image = server
            .request(Method::GET, "/api/courses/images/wifi.svg", None)
            .send()
            .await
            .unwrap();
        assert_eq!(image.status(), StatusCode::OK);
        assert_eq!(image.headers()["content-type"], "image/svg+xml");
        assert!(image.text().await.unwrap().starts_with("<svg"));

        let finish = |session: Option<&str>, path: &str| {
            server
                .request(
                    Method::PUT,
                    &format!("/api/courses/{path}/finished"),
                    session,
                )
                .send()
        };
        assert_eq!(
            finish(None, "phone-basics/lessons/1")
                .await
                .unwrap()
                .status(),
            StatusCode::UNAUTHORIZED
        );
        let farmer = farmer_session(&server, "13800138000").await;
        assert_eq!(
            finish(Some(&farmer), "phone-basics/lessons/1")
                .await
                .unwrap()
                .status(),
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            finish(Some(&farmer), "phone-basics/lessons/99")
                .await
                .unwrap()
                .status(),
            StatusCode::NOT_FOUND
        );
        let mine: Vec<CourseSummary> = server.get_json("/api/courses", Some(&farmer)).await;
        assert_eq!(mine[0].finished, 1);
        let course: Course = server
            .get_json("/api/courses/phone-basics", Some(&farmer))
            .await;
        assert!(course.lessons[0].finished && !course.lessons[1].finished);
        let theirs: Vec<CourseSummary> = server.get_json("/api/courses", None).await;
        assert_eq!(theirs[0].finished, 0, "anonymous readers have no progress");
        let missing = server
            .request(Method::GET, "/api/courses/nope", None)
            .send()
            .await
            .unwrap();
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    }
}
