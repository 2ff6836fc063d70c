//! 12316 expert teams over HTTP, on SQLite and PostgreSQL: an expert's profile, a question
//! reaching the county's specialists first and everyone whose region holds it after a day,
//! and the county's answer times per expert.

mod support;

on_both_backends!(
    a_question_reaches_the_county_specialists_first_and_the_city_after_a_day,
    the_county_sees_how_fast_each_expert_answers,
);

mod cases {
    use std::sync::Arc;

    use chrono::{Duration, Utc};
    use reqwest::{Method, StatusCode};
    use yinong_model::account::Role;
    use yinong_model::expert::{CountyAnswerTimes, ExpertProfile};
    use yinong_model::question::{QuestionPage, Topic};
    use yinong_store::questions::NewQuestionRecord;
    use yinong_store::sync::Arrival;
    use yinong_store::Store;

    use crate::support::{
        account, code, error_message, staff_accounts, staff_sessions, two_counties, TestServer,
    };

    const JIA: &str = "370811001001";
    const EAST: &str = "370812001001";
    const PLANTS: &str = "13900000001";
    const UNPROFILED: &str = "13900000002";
    const CITY: &str = "13900000003";
    const EAST_EXPERT: &str = "13900000004";

    /// A question asked in `village` `hours_ago`; the asker may have many waiting.
    async fn asked(
        store: &dyn Store,
        asker: i64,
        village: &str,
        topic: Topic,
        hours_ago: i64,
    ) -> i64 {
        let region = code(village);
        let new = NewQuestionRecord {
            region: &region,
            crop: "作物",
            topic,
            text: "叶子发黄怎么办",
            photos: &[],
            asker_id: asker,
            at: Utc::now() - Duration::hours(hours_ago),
        };
        store
            .ask_question(&new, i64::MAX, None)
            .await
            .and_then(Arrival::first)
            .unwrap()
    }

    async fn keep_profile(
        server: &TestServer,
        session: &str,
        profile: serde_json::Value,
    ) -> reqwest::Response {
        server
            .request(Method::PUT, "/api/experts/me", Some(session))
            .json(&profile)
            .send()
            .await
            .unwrap()
    }

    async fn queue_ids(server: &TestServer, session: &str) -> Vec<i64> {
        let queue: QuestionPage = server.get_json("/api/questions/queue", Some(session)).await;
        queue.questions.iter().map(|question| question.id).collect()
    }

    pub async fn a_question_reaches_the_county_specialists_first_and_the_city_after_a_day(
        store: Arc<dyn Store>,
    ) {
        two_counties(store.as_ref()).await;
        staff_accounts(
            store.as_ref(),
            &[
                (Role::Expert, "370811", PLANTS),
                (Role::Expert, "370811", UNPROFILED),
                (Role::Expert, "3708", CITY),
                (Role::Informant, JIA, "13900000009"),
            ],
        )
        .await;
        let farmer = account(store.as_ref(), Role::Farmer, JIA, "13800138000").await;
        let server = TestServer::start(store.clone(), false).await;
        let [plants, unprofiled, city, informant] =
            staff_sessions(&server, [PLANTS, UNPROFILED, CITY, "13900000009"]).await;

        // The profile: a title and distinct specialties, refused in Chinese otherwise.
        let none: Option<ExpertProfile> = server.get_json("/api/experts/me", Some(&plants)).await;
        assert_eq!(none, None);
        let (status, message) = error_message(
            keep_profile(
                &server,
                &plants,
                serde_json::json!({ "title": "农艺师", "specialties": [] }),
            )
            .await,
        )
        .await;
        assert_eq!(
            (status, message.as_str()),
            (
                StatusCode::BAD_REQUEST,
                "请至少选一个专业方向，问题按专业分给专家"
            )
        );
        let kept = keep_profile(
            &server,
            &plants,
            serde_json::json!({ "title": " 农艺师 ", "specialties": ["growing", "pests_and_diseases"] }),
        )
        .await;
        assert_eq!(kept.status(), StatusCode::OK);
        let profile: Option<ExpertProfile> =
            server.get_json("/api/experts/me", Some(&plants)).await;
        assert_eq!(
            profile,
            Some(ExpertProfile {
                title: "农艺师".to_owned(),
                specialties: vec![Topic::Growing, Topic::PestsAndDiseases],
            })
        );
        let city_profile =
            serde_json::json!({ "title": "高级畜牧师", "specialties": ["livestock"] });
        assert_eq!(
            keep_profile(&server, &city, city_profile).await.status(),
            StatusCode::OK
        );
        let refused = keep_profile(
            &server,
            &informant,
            serde_json::json!({ "title": "农艺师", "specialties": ["growing"] }),
        )
        .await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "experts only");

        // Oldest first: a day-old livestock question, a fresh one, a fresh pest question.
        let old_pigs = asked(store.as_ref(), farmer, JIA, Topic::Livestock, 25).await;
        let pigs = asked(store.as_ref(), farmer, JIA, Topic::Livestock, 1).await;
        let rust = asked(store.as_ref(), farmer, JIA, Topic::PestsAndDiseases, 0).await;
        assert_eq!(
            queue_ids(&server, &plants).await,
            [old_pigs, rust],
            "the specialist sees their topics at once and the rest after a day"
        );
        assert_eq!(
            queue_ids(&server, &unprofiled).await,
            [old_pigs, pigs, rust],
            "a county expert without a profile sees every topic"
        );
        assert_eq!(
            queue_ids(&server, &city).await,
            [old_pigs],
            "the city sees only what waited a day, whatever its specialty"
        );

        let answer = |session: &str, id: i64| {
            server
                .request(
                    Method::POST,
                    &format!("/api/questions/{id}/answer"),
                    Some(session),
                )
                .json(&serde_json::json!({ "text": "隔离观察，补液，请兽医诊断。" }))
                .send()
        };
        let (status, message) = error_message(answer(&plants, pigs).await.unwrap()).await;
        assert_eq!(
            (status, message.as_str()),
            (
                StatusCode::CONFLICT,
                "这个问题先由本县畜禽水产专业的专家答复，24 小时内没有答复才转给你"
            )
        );
        assert_eq!(
            answer(&city, pigs).await.unwrap().status(),
            StatusCode::CONFLICT
        );
        assert_eq!(
            answer(&city, old_pigs).await.unwrap().status(),
            StatusCode::OK
        );
        assert_eq!(
            answer(&unprofiled, pigs).await.unwrap().status(),
            StatusCode::OK
        );
        assert_eq!(queue_ids(&server, &plants).await, [rust]);
        assert_eq!(queue_ids(&server, &city).await, Vec::<i64>::new());
    }

    pub async fn the_county_sees_how_fast_each_expert_answers(store: Arc<dyn Store>) {
        two_counties(store.as_ref()).await;
        staff_accounts(
            store.as_ref(),
            &[
                (Role::Expert, "370811", PLANTS),
                (Role::Expert, "370811", UNPROFILED),
                (Role::Expert, "3708", CITY),
                (Role::Expert, "370812", EAST_EXPERT),
                (Role::CountyAdmin, "370811", "13700000001"),
                (Role::CountyAdmin, "370812", "13700000002"),
                (Role::Leader, "3708", "13700000003"),
                (Role::TownshipAdmin, "370811001", "13700000004"),
            ],
        )
        .await;
        let farmer = account(store.as_ref(), Role::Farmer, JIA, "13800138000").await;
        let server = TestServer::start(store.clone(), false).await;
        let [plants, county, east_county, leader, township] = staff_sessions(
            &server,
            [
                PLANTS,
                "13700000001",
                "13700000002",
                "13700000003",
                "13700000004",
            ],
        )
        .await;
        keep_profile(
            &server,
            &plants,
            serde_json::json!({ "title": "农艺师", "specialties": ["growing"] }),
        )
        .await;
        let id_of = |phone: &str| {
            let store = store.clone();
            let login = format!("user-{phone}");
            async move { store.user_by_login(&login).await.unwrap().unwrap().id }
        };
        let (plants_id, city_id, east_id) = (
            id_of(PLANTS).await,
            id_of(CITY).await,
            id_of(EAST_EXPERT).await,
        );
        // (expert, topic, asked hours ago, answered after hours, stars)
        let answered = [
            (plants_id, Topic::Growing, 10, 2, Some(5)),
            (plants_id, Topic::Growing, 20, 4, Some(4)),
            (city_id, Topic::Livestock, 40, 30, None),
            // Asked before the 90 days: not counted.
            (plants_id, Topic::Growing, 24 * 100, 50, Some(1)),
        ];
        for (expert, topic, ago, after, stars) in answered {
            let id = asked(store.as_ref(), farmer, JIA, topic, ago).await;
            let at = Utc::now() - Duration::hours(ago - after);
            store
                .answer_question(id, expert, "按说明处理", at)
                .await
                .unwrap();
            if let Some(stars) = stars {
                store.rate_answer(id, stars).await.unwrap();
            }
        }
        let east = asked(store.as_ref(), farmer, EAST, Topic::Growing, 5).await;
        store
            .answer_question(east, east_id, "另一个县", Utc::now())
            .await
            .unwrap();
        asked(store.as_ref(), farmer, JIA, Topic::Livestock, 30).await;
        asked(store.as_ref(), farmer, JIA, Topic::Growing, 2).await;

        let path = "/api/experts/answer-times?county=370811";
        let times: CountyAnswerTimes = server.get_json(path, Some(&county)).await;
        assert_eq!(times.county_name, "任城区");
        assert_eq!(times.days, 90);
        assert_eq!((times.waiting, times.waiting_escalated), (2, 1));
        let rows: Vec<_> = times
            .experts
            .iter()
            .map(|expert| {
                (
                    expert.name.as_str(),
                    expert.region_name.as_str(),
                    expert.answered,
                    expert.median_hours,
                    expert.slowest_hours,
                    expert.late,
                    expert.mean_stars,
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("专家13900000001", "任城区", 2, Some(3.0), Some(4.0), 0, Some(4.5)),
                ("专家13900000003", "济宁市", 1, Some(30.0), Some(30.0), 1, None),
                ("专家13900000002", "任城区", 0, None, None, 0, None),
            ],
            "the most answers first; the county's experts without answers too; not another county's"
        );
        assert_eq!(
            times.experts[0].profile.as_ref().map(|p| p.title.as_str()),
            Some("农艺师")
        );
        assert_eq!(times.experts[2].profile, None);

        let led: CountyAnswerTimes = server.get_json(path, Some(&leader)).await;
        assert_eq!(led, times, "the city's leader sees the same");
        for refused in [&township, &east_county, &plants] {
            let response = server
                .request(Method::GET, path, Some(refused))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::FORBIDDEN);
        }
        let city_wide = server
            .request(
                Method::GET,
                "/api/experts/answer-times?county=3708",
                Some(&leader),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(city_wide.status(), StatusCode::FORBIDDEN, "a county's only");
    }
}
