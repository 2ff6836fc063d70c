//! 集中培训 over HTTP, on SQLite and PostgreSQL: a township schedules a session, its
//! villagers and informants sign up (an informant for a villager too) within the seats;
//! attendance counts a 培训 service at the village's station once, and an informant's passed
//! ability check counts as the required course of its category learnt.

mod support;

on_both_backends!(
    a_township_schedules_a_session_and_its_villages_sign_up_within_the_seats,
    attendance_is_a_training_service_and_a_passed_check_counts_toward_qualification,
);

mod cases {
    use std::sync::Arc;

    use chrono::{Duration, Utc};
    use reqwest::{Method, StatusCode};
    use yinong_model::account::Role;
    use yinong_model::group_training::{NewTrainingSession, SessionDetail, TrainingSession};
    use yinong_model::qualification::Qualification;
    use yinong_model::service::ServiceKind;
    use yinong_model::station::StationStatus;
    use yinong_model::training::CourseCategory;
    use yinong_store::group_training::{local_minute, NewSessionRecord, SignUpRecord};
    use yinong_store::{china_time, Store};

    use crate::support::{
        account, code, error_message, farmer_session, staff_accounts, staff_sessions, station,
        trainee, two_counties, TestServer,
    };

    const JIA: &str = "370811001001";
    const EAST: &str = "370812001001";
    const TOWNSHIP: &str = "13900000001";
    const INFORMANT: &str = "13900000002";
    const EAST_COUNTY: &str = "13900000003";

    fn new_session(region: &str, starts_at: String, seats: u32) -> serde_json::Value {
        serde_json::json!({
            "region_code": region, "topic": "智能手机应用培训", "category": "phone_skills",
            "place": "古槐街道便民服务中心", "starts_at": starts_at, "trainer": "县农业农村局 李老师",
            "seats": seats,
        })
    }

    async fn choose_village(server: &TestServer, farmer: &str, village: &str) {
        let chose = server
            .request(Method::PUT, "/api/me/village", Some(farmer))
            .json(&serde_json::json!({ "village_code": village }))
            .send()
            .await
            .unwrap();
        assert_eq!(chose.status(), StatusCode::OK);
    }

    pub async fn a_township_schedules_a_session_and_its_villages_sign_up_within_the_seats(
        store: Arc<dyn Store>,
    ) {
        two_counties(store.as_ref()).await;
        staff_accounts(
            store.as_ref(),
            &[
                (Role::TownshipAdmin, "370811001", TOWNSHIP),
                (Role::Informant, JIA, INFORMANT),
                (Role::CountyAdmin, "370812", EAST_COUNTY),
            ],
        )
        .await;
        let server = TestServer::start(store.clone(), false).await;
        let [township, informant, east_county] =
            staff_sessions(&server, [TOWNSHIP, INFORMANT, EAST_COUNTY]).await;
        let farmer = farmer_session(&server, "13800138000").await;
        choose_village(&server, &farmer, JIA).await;
        let east_farmer = farmer_session(&server, "13800138001").await;
        choose_village(&server, &east_farmer, EAST).await;

        let tomorrow = local_minute(Utc::now() + Duration::days(1));
        let (status, message) = error_message(
            server
                .post_json(
                    "/api/group-training",
                    &township,
                    new_session(JIA, tomorrow.clone(), 2),
                )
                .await,
        )
        .await;
        assert_eq!(
            (status, message.as_str()),
            (
                StatusCode::BAD_REQUEST,
                "集中培训由县或乡镇组织，请选择县或乡镇"
            )
        );
        let yesterday = local_minute(Utc::now() - Duration::days(1));
        let (status, message) = error_message(
            server
                .post_json(
                    "/api/group-training",
                    &township,
                    new_session("370811001", yesterday, 2),
                )
                .await,
        )
        .await;
        assert_eq!(
            (status, message.as_str()),
            (
                StatusCode::BAD_REQUEST,
                "培训时间已经过了，请填写以后的时间"
            )
        );
        let elsewhere = server
            .post_json(
                "/api/group-training",
                &east_county,
                new_session("370811001", tomorrow.clone(), 2),
            )
            .await;
        assert_eq!(
            elsewhere.status(),
            StatusCode::FORBIDDEN,
            "another county's"
        );
        let scheduled = server
            .post_json(
                "/api/group-training",
                &township,
                new_session("370811001", tomorrow.clone(), 2),
            )
            .await;
        assert_eq!(scheduled.status(), StatusCode::CREATED);
        let session: TrainingSession = scheduled.json().await.unwrap();
        assert_eq!(session.region_name, "任城区 古槐街道");
        assert_eq!(session.starts_at, tomorrow);
        assert_eq!((session.seats, session.signed_up), (2, 0));

        let near: Vec<TrainingSession> = server
            .get_json(&format!("/api/group-training?village={JIA}"), None)
            .await;
        assert_eq!(near.iter().map(|s| s.id).collect::<Vec<_>>(), [session.id]);
        let far: Vec<TrainingSession> = server
            .get_json(&format!("/api/group-training?village={EAST}"), None)
            .await;
        assert!(far.is_empty(), "another county's village");
        let (status, message) = error_message(
            server
                .request(Method::GET, "/api/group-training?village=37", None)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(
            (status, message.as_str()),
            (StatusCode::BAD_REQUEST, "请先选择你的村"),
            "a village's, not a province's"
        );
        let organised: Vec<TrainingSession> = server
            .get_json("/api/group-training/organised", Some(&township))
            .await;
        assert_eq!(organised.len(), 1);

        let sign_ups = format!("/api/group-training/{}/sign-ups", session.id);
        let signed = server
            .post_json(&sign_ups, &farmer, serde_json::json!({}))
            .await;
        assert_eq!(signed.status(), StatusCode::CREATED);
        let seen: SessionDetail = signed.json().await.unwrap();
        assert!(seen.session.mine);
        assert_eq!(seen.attendees.len(), 1);
        let (status, message) = error_message(
            server
                .post_json(&sign_ups, &farmer, serde_json::json!({}))
                .await,
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(message.ends_with("已经报名了"), "{message}");
        let (status, message) = error_message(
            server
                .post_json(&sign_ups, &east_farmer, serde_json::json!({}))
                .await,
        )
        .await;
        assert_eq!(
            (status, message.as_str()),
            (
                StatusCode::CONFLICT,
                "这次培训是任城区 古槐街道组织的，只有本地的村民和信息员可以报名"
            )
        );
        let villager =
            serde_json::json!({ "villager": { "name": "王大娘", "phone": "13812345678" } });
        let for_villager = server.post_json(&sign_ups, &farmer, villager.clone()).await;
        assert_eq!(
            for_villager.status(),
            StatusCode::FORBIDDEN,
            "only informants sign others up"
        );
        let bad = serde_json::json!({ "villager": { "name": "王大娘", "phone": "123" } });
        assert_eq!(
            server.post_json(&sign_ups, &informant, bad).await.status(),
            StatusCode::BAD_REQUEST
        );
        let by_informant = server.post_json(&sign_ups, &informant, villager).await;
        assert_eq!(by_informant.status(), StatusCode::CREATED);
        let theirs: SessionDetail = by_informant.json().await.unwrap();
        assert_eq!(
            theirs
                .attendees
                .iter()
                .map(|a| (a.name.as_str(), a.phone_masked.as_str(), a.informant))
                .collect::<Vec<_>>(),
            [("王大娘", "138****5678", false)],
            "the informant sees whom they signed up"
        );
        let (status, message) = error_message(
            server
                .post_json(&sign_ups, &informant, serde_json::json!({}))
                .await,
        )
        .await;
        assert_eq!(
            (status, message.as_str()),
            (StatusCode::CONFLICT, "名额已满（共 2 人），请等下一期")
        );
        let all: SessionDetail = server
            .get_json(
                &format!("/api/group-training/{}", session.id),
                Some(&township),
            )
            .await;
        assert_eq!(all.attendees.len(), 2);
        assert_eq!(all.session.signed_up, 2);
        assert_eq!(
            all.attendees[1].signed_up_by.as_deref(),
            Some("村级信息员13900000002")
        );
        assert_eq!(all.attendees[0].signed_up_by, None, "signed up themselves");
    }

    /// Services of 培训 this month inside 甲村.
    async fn training_services(store: &dyn Store) -> i64 {
        let month = china_time(Utc::now()).format("%Y-%m").to_string();
        let activity = store
            .activity(Some(&code(JIA)), &month, &month)
            .await
            .unwrap();
        activity
            .services
            .iter()
            .find(|(kind, _)| *kind == ServiceKind::Training)
            .map_or(0, |(_, n)| *n)
    }

    pub async fn attendance_is_a_training_service_and_a_passed_check_counts_toward_qualification(
        store: Arc<dyn Store>,
    ) {
        two_counties(store.as_ref()).await;
        let mut jia = station(JIA, StationStatus::Operating, None, true);
        jia.informants.clear();
        store.insert_demo_stations(&[jia]).await.unwrap();
        staff_accounts(
            store.as_ref(),
            &[(Role::TownshipAdmin, "370811001", TOWNSHIP)],
        )
        .await;
        let learner = trainee(store.as_ref(), JIA, INFORMANT).await;
        let farmer = account(store.as_ref(), Role::Farmer, JIA, "13800138000").await;
        let server = TestServer::start(store.clone(), false).await;
        let [township, informant] = staff_sessions(&server, [TOWNSHIP, INFORMANT]).await;

        // Held a minute ago (scheduled before it started), and one in two days.
        let organiser = store
            .user_by_login(&format!("user-{TOWNSHIP}"))
            .await
            .unwrap()
            .unwrap()
            .id;
        let schedule = |starts_at: chrono::DateTime<Utc>| {
            let store = store.clone();
            async move {
                let session = NewTrainingSession {
                    region_code: code("370811001"),
                    topic: "智能手机应用培训".to_owned(),
                    category: CourseCategory::PhoneSkills,
                    place: "古槐街道便民服务中心".to_owned(),
                    starts_at: local_minute(starts_at),
                    trainer: "李老师".to_owned(),
                    seats: 30,
                };
                let record = NewSessionRecord {
                    session: &session,
                    starts_at,
                    organiser,
                    at: starts_at - Duration::days(3),
                };
                store.schedule_session(&record).await.unwrap()
            }
        };
        let held = schedule(Utc::now() - Duration::minutes(1)).await;
        let later = schedule(Utc::now() + Duration::days(2)).await;
        let village = code(JIA);
        let sign_up = |session: i64, user_id: i64, phone: &'static str, informant: bool| {
            let store = store.clone();
            let village = village.clone();
            async move {
                let record = SignUpRecord {
                    user_id: Some(user_id),
                    name: "报名人",
                    phone,
                    village: &village,
                    informant,
                    by: user_id,
                    at: Utc::now(),
                };
                store.sign_up(session, &record).await.unwrap().unwrap()
            }
        };
        let learner_seat = sign_up(held, learner, INFORMANT, true).await;
        let farmer_seat = sign_up(held, farmer, "13800138000", false).await;
        let early_seat = sign_up(later, farmer, "13800138000", false).await;

        let before: Qualification = server
            .get_json("/api/qualification", Some(&informant))
            .await;
        assert_eq!(
            before.exam_problem.as_deref(),
            Some("请先学完必修课程“用好智能手机”")
        );
        assert_eq!(training_services(store.as_ref()).await, 0);

        let record = |session: i64, seat: i64, body: serde_json::Value| {
            let path = format!("/api/group-training/{session}/attendees/{seat}");
            let server = &server;
            let township = township.clone();
            async move { server.post_json(&path, &township, body).await }
        };
        let (status, message) = error_message(
            record(
                held,
                farmer_seat,
                serde_json::json!({ "attended": true, "check_score": 90 }),
            )
            .await,
        )
        .await;
        assert_eq!(
            (status, message.as_str()),
            (StatusCode::BAD_REQUEST, "能力考核只记信息员的成绩")
        );
        let attended = record(
            held,
            farmer_seat,
            serde_json::json!({ "attended": true, "check_score": null }),
        )
        .await;
        assert_eq!(attended.status(), StatusCode::OK);
        assert_eq!(
            training_services(store.as_ref()).await,
            1,
            "the farmer's attendance"
        );
        let failed = record(
            held,
            learner_seat,
            serde_json::json!({ "attended": true, "check_score": 50 }),
        )
        .await;
        assert_eq!(failed.status(), StatusCode::OK);
        let still: Qualification = server
            .get_json("/api/qualification", Some(&informant))
            .await;
        assert_eq!(
            still.exam_problem.as_deref(),
            Some("请先学完必修课程“用好智能手机”"),
            "a failed check counts for nothing"
        );
        let passed = record(
            held,
            learner_seat,
            serde_json::json!({ "attended": true, "check_score": 85 }),
        )
        .await;
        let detail: SessionDetail = passed.json().await.unwrap();
        assert_eq!(detail.session.attended, 2);
        let learner_row = detail
            .attendees
            .iter()
            .find(|a| a.id == learner_seat)
            .unwrap();
        assert_eq!(
            (learner_row.attended, learner_row.check_score),
            (true, Some(85))
        );
        assert_eq!(
            training_services(store.as_ref()).await,
            2,
            "one service an attendee, however often the record is corrected"
        );
        let after: Qualification = server
            .get_json("/api/qualification", Some(&informant))
            .await;
        assert_eq!(
            after.exam_problem.as_deref(),
            Some("请先学完必修课程“种粮补贴怎么领”"),
            "the phone course is learnt by the passed check; the policy one is still to do"
        );
        let (status, _) = error_message(
            record(
                held,
                farmer_seat,
                serde_json::json!({ "attended": false, "check_score": null }),
            )
            .await,
        )
        .await;
        assert_eq!(
            status,
            StatusCode::CONFLICT,
            "an attendance counted is not taken back"
        );
        let (status, message) = error_message(
            record(
                later,
                early_seat,
                serde_json::json!({ "attended": true, "check_score": null }),
            )
            .await,
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(message.contains("当天起才能记录到场"), "{message}");
        let informant_record = server
            .request(
                Method::POST,
                &format!("/api/group-training/{held}/attendees/{farmer_seat}"),
                Some(&informant),
            )
            .json(&serde_json::json!({ "attended": true, "check_score": null }))
            .send()
            .await
            .unwrap();
        assert_eq!(informant_record.status(), StatusCode::FORBIDDEN);
    }
}
