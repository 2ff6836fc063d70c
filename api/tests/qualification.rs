//! 上岗资格: an informant trains, sits random papers at the county's pass mark and, once
//! passed, has what they submit published; administrators suspend, dismiss and send them
//! back to qualify — over HTTP and in the store, on SQLite and PostgreSQL.

mod support;

on_both_backends!(
    a_trainee_is_published_only_after_training_and_a_passed_paper,
    administrators_suspend_dismiss_and_requalify_and_the_informant_reads_why,
    standings_change_once_papers_score_once_and_the_bank_keeps_what_was_asked,
    the_county_assesses_its_informants_by_the_published_formula_and_ranks_them,
);

mod cases {
    use std::sync::Arc;

    use chrono::{Duration, Utc};
    use reqwest::{Method, StatusCode};
    use yinong_model::account::Role;
    use yinong_model::price::PriceReport;
    use yinong_model::qualification::{
        ExamPaper, ExamResult, InformantStandings, PassMark, Qualification, QualificationStatus,
        PAPERS_PER_DAY, PAPER_QUESTIONS,
    };
    use yinong_model::review::ReviewStatus;
    use yinong_store::qualification::{PaperLimit, ScoredPaper};
    use yinong_store::{Change, Store, StoreError};

    use crate::support::{
        account, error_message, farmer_session, region, small_tree, staff_accounts, staff_sessions,
        station, trainee, TestServer,
    };

    const JIA: &str = "370811001001";

    /// The answers to `paper`: right for the first `right` questions, wrong for the rest.
    async fn answers(store: &dyn Store, paper: &ExamPaper, right: usize) -> serde_json::Value {
        let codes: Vec<String> = paper.questions.iter().map(|q| q.code.clone()).collect();
        let bank = store.exam_questions(&codes).await.unwrap();
        let chosen: Vec<u8> = paper
            .questions
            .iter()
            .enumerate()
            .map(|(at, question)| {
                let right_one = bank
                    .iter()
                    .find(|q| q.code == question.code)
                    .unwrap()
                    .answer;
                if at < right {
                    right_one
                } else {
                    (right_one + 1) % question.options.len() as u8
                }
            })
            .collect();
        serde_json::json!({ "answers": chosen })
    }

    async fn finish_required_courses(server: &TestServer, session: &str, q: &Qualification) {
        for course in &q.required_courses {
            for number in 1..=course.lessons {
                let done = server
                    .request(
                        Method::PUT,
                        &format!("/api/courses/{}/lessons/{number}/finished", course.code),
                        Some(session),
                    )
                    .send()
                    .await
                    .unwrap();
                assert_eq!(done.status(), StatusCode::NO_CONTENT);
            }
        }
    }

    pub async fn a_trainee_is_published_only_after_training_and_a_passed_paper(
        store: Arc<dyn Store>,
    ) {
        store.upsert_regions(&small_tree()).await.unwrap();
        trainee(store.as_ref(), JIA, "13900000001").await;
        staff_accounts(
            store.as_ref(),
            &[
                (Role::TownshipAdmin, "370811001", "13900000002"),
                (Role::CountyAdmin, "370811", "13900000003"),
            ],
        )
        .await;
        let server = TestServer::start(store.clone(), false).await;
        let [informant, township, county] =
            staff_sessions(&server, ["13900000001", "13900000002", "13900000003"]).await;

        let fresh: Qualification = server
            .get_json("/api/qualification", Some(&informant))
            .await;
        assert_eq!(fresh.status, QualificationStatus::Training);
        assert!(fresh.attempts.is_empty());
        assert_eq!(fresh.pass_mark, 80, "the default until the county sets one");
        assert!(!fresh.required_courses.is_empty());
        assert!(
            fresh
                .exam_problem
                .as_deref()
                .unwrap()
                .contains("请先学完必修课程"),
            "{:?}",
            fresh.exam_problem
        );
        let too_soon = server
            .post_json("/api/exam/papers", &informant, serde_json::json!({}))
            .await;
        assert_eq!(error_message(too_soon).await.0, StatusCode::BAD_REQUEST);

        // A trainee may report; the report waits and is not published.
        let id = yinong_model::sync::uuid_v7(1_780_000_000_000, [1; 10]);
        let reported: PriceReport = server
            .request(
                Method::PUT,
                &format!("/api/prices/reports/{id}"),
                Some(&informant),
            )
            .json(&serde_json::json!({
                "product": "大白菜", "grade": "", "unit": "斤", "price": "0.80",
                "market": "古槐集贸市场", "observed_on": chrono::Utc::now()
                    .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
                    .date_naive().to_string(),
            }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let review = format!("/api/prices/reports/{}/review", reported.id);
        let refused = server
            .post_json(&review, &township, serde_json::json!({ "approve": true }))
            .await;
        let (status, message) = error_message(refused).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(message.contains("培训中"), "{message}");

        // The county raises its pass mark; the township may not, nor out of range.
        let mark = "/api/exam/pass-marks/370811";
        let set = |session: &str, mark_value: u8| {
            server
                .request(Method::PUT, mark, Some(session))
                .json(&serde_json::json!({ "pass_mark": mark_value }))
                .send()
        };
        assert_eq!(
            set(&township, 90).await.unwrap().status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            set(&county, 59).await.unwrap().status(),
            StatusCode::BAD_REQUEST
        );
        let raised: PassMark = set(&county, 90).await.unwrap().json().await.unwrap();
        assert_eq!((raised.pass_mark, raised.set_by_county), (90, true));

        finish_required_courses(&server, &informant, &fresh).await;
        let trained: Qualification = server
            .get_json("/api/qualification", Some(&informant))
            .await;
        assert_eq!(trained.exam_problem, None);
        assert_eq!(trained.pass_mark, 90);

        let raw = server
            .post_json("/api/exam/papers", &informant, serde_json::json!({}))
            .await;
        assert_eq!(raw.status(), StatusCode::OK);
        let text = raw.text().await.unwrap();
        assert!(
            !text.contains("\"answer"),
            "a paper never carries its answers"
        );
        let paper: ExamPaper = serde_json::from_str(&text).unwrap();
        assert_eq!(paper.questions.len(), PAPER_QUESTIONS);
        assert_eq!(paper.pass_mark, 90);
        let mut codes: Vec<_> = paper.questions.iter().map(|q| q.code.clone()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), PAPER_QUESTIONS, "no question twice");
        for topic in yinong_model::training::CourseCategory::ALL {
            assert!(
                paper.questions.iter().filter(|q| q.topic == topic).count() >= 2,
                "every topic is asked: {topic:?}"
            );
        }
        let again: ExamPaper = server
            .post_json("/api/exam/papers", &informant, serde_json::json!({}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(again, paper, "an open paper is continued, not drawn again");

        let submit = format!("/api/exam/papers/{}/answers", paper.id);
        let short = server
            .post_json(&submit, &informant, serde_json::json!({ "answers": [0] }))
            .await;
        assert_eq!(error_message(short).await.0, StatusCode::BAD_REQUEST);
        let other = server
            .post_json(
                &submit,
                &township,
                answers(store.as_ref(), &paper, 10).await,
            )
            .await;
        assert_eq!(
            other.status(),
            StatusCode::FORBIDDEN,
            "only informants sit papers"
        );
        let failed: ExamResult = server
            .post_json(
                &submit,
                &informant,
                answers(store.as_ref(), &paper, 8).await,
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!((failed.correct, failed.total), (8, 10));
        assert_eq!(failed.attempt.score, Some(80));
        assert!(!failed.attempt.passed, "80 is below the county's 90");
        assert_eq!(failed.status, QualificationStatus::Training);
        let twice = server
            .post_json(
                &submit,
                &informant,
                answers(store.as_ref(), &paper, 10).await,
            )
            .await;
        assert_eq!(
            twice.status(),
            StatusCode::CONFLICT,
            "a paper is answered once"
        );
        let refused = server
            .post_json(&review, &township, serde_json::json!({ "approve": true }))
            .await;
        assert_eq!(
            refused.status(),
            StatusCode::BAD_REQUEST,
            "still not qualified"
        );

        let second: ExamPaper = server
            .post_json("/api/exam/papers", &informant, serde_json::json!({}))
            .await
            .json()
            .await
            .unwrap();
        assert_ne!(second.id, paper.id);
        let passed: ExamResult = server
            .post_json(
                &format!("/api/exam/papers/{}/answers", second.id),
                &informant,
                answers(store.as_ref(), &second, 9).await,
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(passed.attempt.score, Some(90));
        assert!(passed.attempt.passed);
        assert_eq!(passed.status, QualificationStatus::Qualified);

        let qualified: Qualification = server
            .get_json("/api/qualification", Some(&informant))
            .await;
        assert_eq!(qualified.status, QualificationStatus::Qualified);
        assert!(qualified.since.is_some());
        assert_eq!(
            qualified
                .attempts
                .iter()
                .map(|a| (a.score, a.passed))
                .collect::<Vec<_>>(),
            [(Some(90), true), (Some(80), false)],
            "every attempt, newest first"
        );
        assert!(qualified.exam_problem.is_some(), "no exam once qualified");
        let approved: PriceReport = server
            .post_json(&review, &township, serde_json::json!({ "approve": true }))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            approved.status,
            ReviewStatus::Approved,
            "published once qualified"
        );

        let standings: InformantStandings =
            server.get_json("/api/informants", Some(&township)).await;
        assert_eq!(standings.total, 1);
        let standing = &standings.informants[0];
        assert_eq!(standing.status, QualificationStatus::Qualified);
        assert_eq!((standing.attempts, standing.best_score), (2, Some(90)));
        assert!(standing.lessons_required > 0);
        assert_eq!(standing.lessons_finished, standing.lessons_required);
        assert_eq!(standing.place, "任城区 古槐街道 甲村");
    }

    pub async fn administrators_suspend_dismiss_and_requalify_and_the_informant_reads_why(
        store: Arc<dyn Store>,
    ) {
        let mut tree = small_tree();
        tree.extend([region("370812", "兖州区"), region("370812001", "鼓楼街道")]);
        store.upsert_regions(&tree).await.unwrap();
        let informant_id = account(store.as_ref(), Role::Informant, JIA, "13900000001").await;
        staff_accounts(
            store.as_ref(),
            &[
                (Role::TownshipAdmin, "370811001", "13900000002"),
                (Role::CountyAdmin, "370811", "13900000003"),
                (Role::TownshipAdmin, "370812001", "13900000004"),
            ],
        )
        .await;
        let server = TestServer::start(store.clone(), false).await;
        let [informant, township, county, elsewhere] = staff_sessions(
            &server,
            ["13900000001", "13900000002", "13900000003", "13900000004"],
        )
        .await;
        let step = format!("/api/informants/{informant_id}/qualification");
        let take = |session: &str, step_name: &str, reason: &str| {
            server
                .request(Method::POST, &step, Some(session))
                .json(&serde_json::json!({ "step": step_name, "reason": reason }))
                .send()
        };
        let standing = || async {
            let q: Qualification = server
                .get_json("/api/qualification", Some(&informant))
                .await;
            q
        };

        assert_eq!(standing().await.status, QualificationStatus::Qualified);
        assert_eq!(
            take(&elsewhere, "suspend", "x").await.unwrap().status(),
            StatusCode::FORBIDDEN,
            "another township's administrator"
        );
        assert_eq!(
            take(&informant, "suspend", "x").await.unwrap().status(),
            StatusCode::FORBIDDEN
        );
        let (status, message) = error_message(take(&township, "suspend", " ").await.unwrap()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(message.contains("原因"), "{message}");
        assert_eq!(
            take(&township, "requalify", "").await.unwrap().status(),
            StatusCode::BAD_REQUEST,
            "a qualified informant is not sent back without a suspension"
        );
        assert_eq!(
            take(&township, "suspend", "连续两周未上报价格")
                .await
                .unwrap()
                .status(),
            StatusCode::NO_CONTENT
        );
        let suspended = standing().await;
        assert_eq!(suspended.status, QualificationStatus::Suspended);
        assert_eq!(suspended.reason.as_deref(), Some("连续两周未上报价格"));
        assert!(
            suspended.exam_problem.is_some(),
            "no exam until sent back to qualify"
        );

        assert_eq!(
            take(&county, "dismiss", "长期不在岗")
                .await
                .unwrap()
                .status(),
            StatusCode::NO_CONTENT
        );
        assert_eq!(standing().await.status, QualificationStatus::Dismissed);
        let dismissed: InformantStandings = server
            .get_json("/api/informants?status=dismissed", Some(&county))
            .await;
        assert_eq!(dismissed.total, 1);
        assert_eq!(
            dismissed.informants[0].reason.as_deref(),
            Some("长期不在岗")
        );
        let working: InformantStandings = server
            .get_json("/api/informants?status=qualified", Some(&county))
            .await;
        assert_eq!(working.total, 0);
        let unknown = server
            .request(Method::GET, "/api/informants?status=retired", Some(&county))
            .send()
            .await
            .unwrap();
        assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
        let nothing: InformantStandings =
            server.get_json("/api/informants", Some(&elsewhere)).await;
        assert_eq!(
            nothing.total, 0,
            "another township's list does not show them"
        );

        assert_eq!(
            take(&county, "requalify", "").await.unwrap().status(),
            StatusCode::NO_CONTENT
        );
        let back = standing().await;
        assert_eq!(back.status, QualificationStatus::Training);
        assert_eq!(
            back.exam_problem, None,
            "courses done: the exam is open again"
        );
        // A day's papers are limited: the paper passed when the account was made counts.
        for _ in 1..PAPERS_PER_DAY {
            let paper: ExamPaper = server
                .post_json("/api/exam/papers", &informant, serde_json::json!({}))
                .await
                .json()
                .await
                .unwrap();
            let result = server
                .post_json(
                    &format!("/api/exam/papers/{}/answers", paper.id),
                    &informant,
                    answers(store.as_ref(), &paper, 0).await,
                )
                .await;
            assert_eq!(result.status(), StatusCode::OK);
        }
        let (status, message) = error_message(
            server
                .post_json("/api/exam/papers", &informant, serde_json::json!({}))
                .await,
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(message.contains("明天"), "{message}");

        let audit: Vec<yinong_model::account::AuditEntry> =
            server.get_json("/api/audit", Some(&county)).await;
        assert_eq!(
            audit
                .iter()
                .filter(|entry| entry.action == "qualification.change")
                .count(),
            3,
            "each step is in the audit log"
        );
    }

    pub async fn standings_change_once_papers_score_once_and_the_bank_keeps_what_was_asked(
        store: Arc<dyn Store>,
    ) {
        store.upsert_regions(&small_tree()).await.unwrap();
        let id = trainee(store.as_ref(), JIA, "13900000001").await;
        let admin = account(store.as_ref(), Role::CountyAdmin, "370811", "13900000002").await;
        let user = store.user(id).await.unwrap().unwrap();
        let change = Change {
            actor_id: Some(admin),
            action: "qualification.change",
            at: Utc::now(),
        };
        use QualificationStatus::*;
        assert_eq!(store.standing(id).await.unwrap().status, Training);
        assert!(
            matches!(
                store
                    .change_standing(&user, Qualified, Suspended, Some("x"), change)
                    .await,
                Err(StoreError::Conflict(_))
            ),
            "a trainee is not qualified"
        );
        store
            .change_standing(&user, Training, Dismissed, Some("冒名顶替"), change)
            .await
            .unwrap();
        assert!(
            matches!(
                store
                    .change_standing(&user, Training, Dismissed, Some("again"), change)
                    .await,
                Err(StoreError::Conflict(_))
            ),
            "the second of two administrators finds it changed"
        );
        let dismissed = store.standing(id).await.unwrap();
        assert_eq!(
            (dismissed.status, dismissed.reason.as_deref()),
            (Dismissed, Some("冒名顶替"))
        );

        store
            .upsert_exam_questions(&yinong_api::qualification::shipped_questions())
            .await
            .unwrap();
        let bank = store.exam_bank().await.unwrap();
        let asked: Vec<String> = bank.iter().take(2).map(|(code, _)| code.clone()).collect();
        let now = Utc::now();
        let paper = store
            .draw_paper(
                id,
                &asked,
                80,
                now,
                now + Duration::minutes(30),
                &PaperLimit {
                    per_day: 3,
                    day_started_at: now - Duration::hours(1),
                },
            )
            .await
            .unwrap();
        let answers = [Some(0), None];
        let scored = ScoredPaper {
            answers: &answers,
            score: 100,
            passed: true,
            at: now,
        };
        store.score_paper(paper, &scored).await.unwrap();
        assert!(matches!(
            store.score_paper(paper, &scored).await,
            Err(StoreError::Conflict(_))
        ));
        assert_eq!(
            store.standing(id).await.unwrap().status,
            Dismissed,
            "a paper passed qualifies only someone in training"
        );
        let kept = store.paper(paper).await.unwrap().unwrap();
        assert_eq!(kept.questions, asked);
        assert_eq!((kept.score, kept.passed), (Some(100), true));

        // The bank changes: the paper's questions stay readable, out of the bank.
        let rest: Vec<_> = yinong_api::qualification::shipped_questions()
            .into_iter()
            .filter(|question| !asked.contains(&question.code))
            .collect();
        store.upsert_exam_questions(&rest).await.unwrap();
        let bank = store.exam_bank().await.unwrap();
        assert_eq!(bank.len(), rest.len());
        assert!(bank.iter().all(|(code, _)| !asked.contains(code)));
        assert_eq!(store.exam_questions(&asked).await.unwrap().len(), 2);
        assert_eq!(store.papers(id).await.unwrap().len(), 1);
    }

    pub async fn the_county_assesses_its_informants_by_the_published_formula_and_ranks_them(
        store: Arc<dyn Store>,
    ) {
        use yinong_model::assessment::{score, Assessment, Figures};
        use yinong_model::station::StationStatus;
        const YI: &str = "370811001002";
        store.upsert_regions(&small_tree()).await.unwrap();
        let jia_id = account(store.as_ref(), Role::Informant, JIA, "13900000001").await;
        let yi_id = account(store.as_ref(), Role::Informant, YI, "13900000002").await;
        staff_accounts(
            store.as_ref(),
            &[
                (Role::TownshipAdmin, "370811001", "13900000003"),
                (Role::CountyAdmin, "370811", "13900000004"),
            ],
        )
        .await;
        store
            .insert_demo_stations(&[station(JIA, StationStatus::Operating, None, true)])
            .await
            .unwrap();
        let server = TestServer::start(store.clone(), false).await;
        let [jia, township, county] =
            staff_sessions(&server, ["13900000001", "13900000003", "13900000004"]).await;
        let farmer = farmer_session(&server, "13800138000").await;
        let today = chrono::Utc::now()
            .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
            .date_naive();

        // 甲村's informant reports three prices: two approved, one sent back; news; a field
        // report.
        let mut reports = Vec::new();
        for n in 0..3_u8 {
            let id = yinong_model::sync::uuid_v7(1_780_000_000_000 + u64::from(n), [n; 10]);
            let report: PriceReport = server
                .request(
                    Method::PUT,
                    &format!("/api/prices/reports/{id}"),
                    Some(&jia),
                )
                .json(&serde_json::json!({
                    "product": "大白菜", "grade": "", "unit": "斤", "price": "0.80",
                    "market": "古槐集贸市场", "observed_on": today.to_string(),
                }))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            reports.push(report.id);
        }
        for (id, decision) in reports.iter().zip([
            serde_json::json!({ "approve": true }),
            serde_json::json!({ "approve": true }),
            serde_json::json!({ "approve": false, "reason": "单位不对", "send_back": true }),
        ]) {
            let decided = server
                .post_json(
                    &format!("/api/prices/reports/{id}/review"),
                    &township,
                    decision,
                )
                .await;
            assert_eq!(decided.status(), StatusCode::OK);
        }
        let news_id = yinong_model::sync::uuid_v7(1_780_000_000_100, [9; 10]);
        let news = server
            .request(Method::PUT, &format!("/api/news/{news_id}"), Some(&jia))
            .json(&serde_json::json!({
                "title": "机耕路修好了", "body": "村东头的机耕路修好了，收粮车能开进地头。", "photos": [],
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(news.status(), StatusCode::CREATED);
        // A field report is a record submitted too.
        let field_id = yinong_model::sync::uuid_v7(1_780_000_000_200, [7; 10]);
        let field = server
            .request(
                Method::PUT,
                &format!("/api/incidents/{field_id}"),
                Some(&jia),
            )
            .json(&serde_json::json!({
                "kind": "pest", "crop": "小麦", "description": "东片麦田发现麦蚜，叶片背面密集。",
                "area_mu": "", "location": null, "photos": [],
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(field.status(), StatusCode::CREATED);
        // And serves a farmer's request: accepted, then done.
        let asked: yinong_model::request::ServiceRequest = server.post_json("/api/requests",
            &farmer,
            serde_json::json!({ "station_code": format!("{JIA}01"), "item": "utility_bill", "details": "电费 120 元" }),
        )
        .await
        .json()
        .await
        .unwrap();
        for to in ["accepted", "done"] {
            let step = server
                .post_json(
                    &format!("/api/requests/{}/status", asked.id),
                    &jia,
                    serde_json::json!({ "to": to }),
                )
                .await;
            assert_eq!(step.status(), StatusCode::OK, "{to}");
        }

        let month = today.format("%Y-%m").to_string();
        let assessment: Assessment = server
            .get_json(&format!("/api/assessment?period={month}"), Some(&county))
            .await;
        assert_eq!(assessment.period, month);
        let ids: Vec<i64> = assessment
            .informants
            .iter()
            .map(|a| a.informant.account_id)
            .collect();
        assert_eq!(ids, [jia_id, yi_id], "the busier informant first");
        let first = &assessment.informants[0];
        let required = first.figures.lessons_required;
        assert_eq!(
            first.figures,
            Figures {
                submitted: 5,
                approved: 2,
                returned: 1,
                rejected: 0,
                served: 1,
                served_on_time: 1,
                average_service_hours: Some(0.0),
                lessons_finished: required,
                lessons_required: required,
                days_active: 1,
            }
        );
        assert_eq!(first.score, score(&first.figures, 1));
        // 30×5/20 + 25×2/3 + 15×1/10 + 10 + 10 + 10×1/20 = 7.5 + 16.7 + 1.5 + 10 + 10 + 0.5
        assert_eq!(first.score, 46);
        assert_eq!((first.rank, first.passed), (1, false));
        let second = &assessment.informants[1];
        assert_eq!(
            (second.figures.submitted, second.score, second.rank),
            (0, 10, 2)
        );

        let year: Assessment = server
            .get_json(
                &format!("/api/assessment?period={}", today.format("%Y")),
                Some(&county),
            )
            .await;
        assert_eq!(year.informants[0].figures.submitted, 5);
        assert!(
            year.informants[0].score < first.score,
            "a year asks for more"
        );
        let last_year: Assessment = server
            .get_json("/api/assessment?period=2020", Some(&county))
            .await;
        assert!(last_year
            .informants
            .iter()
            .all(|a| a.figures.submitted == 0));
        let township_view: Assessment = server.get_json("/api/assessment", Some(&township)).await;
        assert_eq!(
            township_view.informants.len(),
            2,
            "the township sees its villages too"
        );
        let bad = server
            .request(Method::GET, "/api/assessment?period=2026-13", Some(&county))
            .send()
            .await
            .unwrap();
        assert_eq!(error_message(bad).await.0, StatusCode::BAD_REQUEST);
        let informant_view = server
            .request(Method::GET, "/api/assessment", Some(&jia))
            .send()
            .await
            .unwrap();
        assert_eq!(informant_view.status(), StatusCode::FORBIDDEN);
    }
}
