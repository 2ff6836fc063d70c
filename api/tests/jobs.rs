//! The jobs board: which posts show where and when in the store, and posting and taking
//! down over HTTP, on SQLite and PostgreSQL.

mod support;

on_both_backends!(
    the_board_shows_posts_inside_a_region_on_a_day_until_their_last_day,
    anyone_reads_the_board_and_a_signed_in_poster_posts_and_takes_down,
    an_informant_posts_work_for_someone_from_the_outbox_with_their_number,
);

mod cases {
    use std::sync::Arc;

    use chrono::{Days, Utc};
    use reqwest::{Method, StatusCode};
    use yinong_model::account::Role;
    use yinong_model::jobs::{JobKind, JobPage, JobPost, OPEN_POSTS_PER_ACCOUNT};
    use yinong_store::jobs::{JobFilter, NewJobRecord};
    use yinong_store::sync::Arrival;
    use yinong_store::{china_time, Store, StoreError};

    use crate::support::{
        account, code, date, error_message, farmer_session, staff_session, two_counties, TestServer,
    };

    const JIA: &str = "370811001001";

    pub async fn the_board_shows_posts_inside_a_region_on_a_day_until_their_last_day(
        store: Arc<dyn Store>,
    ) {
        use JobKind::*;
        two_counties(store.as_ref()).await;
        let poster = account(store.as_ref(), Role::Farmer, JIA, "13800138000").await;
        let other = account(store.as_ref(), Role::Farmer, JIA, "13800138001").await;
        let today = date("2026-03-01");
        let post = |kind, place: &'static str, title: &'static str, from: &str, to: &str, by| {
            let store = store.clone();
            let (starts_on, ends_on) = (date(from), date(to));
            async move {
                let region = code(place);
                let new = NewJobRecord {
                    kind,
                    region: &region,
                    title,
                    description: "",
                    starts_on,
                    ends_on,
                    pay: "150 元/天",
                    headcount: Some(3),
                    contact_name: "王师傅",
                    contact_phone: None,
                    poster_id: by,
                    at: Utc::now(),
                };
                store
                    .post_job(&new, 10, today, None)
                    .await
                    .and_then(Arrival::first)
            }
        };
        let picking = post(Hiring, JIA, "摘苹果", "2026-03-02", "2026-03-05", poster)
            .await
            .unwrap();
        let free = post(
            Available,
            "370811001",
            "会开拖拉机",
            "2026-03-01",
            "2026-03-01",
            other,
        )
        .await
        .unwrap();
        let elsewhere = post(
            Hiring,
            "370812001001",
            "装车",
            "2026-03-03",
            "2026-03-03",
            other,
        )
        .await
        .unwrap();
        post(Hiring, JIA, "已结束", "2026-02-20", "2026-02-28", other)
            .await
            .unwrap();
        let gone = post(Hiring, JIA, "撤下的", "2026-03-02", "2026-03-02", other)
            .await
            .unwrap();
        store.withdraw_job(gone, Utc::now()).await.unwrap();
        assert!(matches!(
            store.withdraw_job(gone, Utc::now()).await,
            Err(StoreError::Conflict(_))
        ));

        let board = |within: Option<&str>, kind, on: Option<&str>, today| {
            let store = store.clone();
            let filter = JobFilter {
                within: within.map(code),
                kind,
                on: on.map(date),
                today,
            };
            async move {
                let (posts, total) = store.jobs(&filter, Some(poster), 0, 10).await.unwrap();
                assert_eq!(posts.len() as i64, total);
                posts
            }
        };
        let ids = |posts: &[JobPost]| posts.iter().map(|p| p.id).collect::<Vec<_>>();
        let in_county = board(Some("370811"), None, None, today).await;
        assert_eq!(ids(&in_county), [free, picking], "soonest work first");
        assert_eq!(in_county[0].place, "任城区 古槐街道");
        assert_eq!(in_county[1].place, "任城区 古槐街道 甲村");
        assert_eq!(
            (
                in_county[1].mine,
                in_county[0].mine,
                in_county[1].contact_phone.as_str()
            ),
            (true, false, "13800138000")
        );
        assert_eq!(in_county[1].ends_on, "2026-03-05");
        assert_eq!(
            ids(&board(Some("370811"), Some(Hiring), None, today).await),
            [picking]
        );
        assert_eq!(
            ids(&board(None, None, Some("2026-03-03"), today).await),
            [picking, elsewhere]
        );
        assert!(board(None, None, Some("2026-03-06"), today)
            .await
            .is_empty());
        assert_eq!(
            ids(&board(Some("370811"), None, None, date("2026-03-02")).await),
            [picking],
            "the free day is over"
        );

        let over = post(Hiring, JIA, "第三条", "2026-03-02", "2026-03-02", other).await;
        assert!(over.is_ok(), "{over:?}");
        let region = code(JIA);
        let limited = NewJobRecord {
            kind: Hiring,
            region: &region,
            title: "再一条",
            description: "",
            starts_on: today,
            ends_on: today,
            pay: "面议",
            headcount: None,
            contact_name: "李",
            contact_phone: None,
            poster_id: other,
            at: Utc::now(),
        };
        assert!(
            matches!(
                store.post_job(&limited, 3, today, None).await,
                Err(StoreError::Conflict(_))
            ),
            "three posts showing (the ended and withdrawn ones do not count)"
        );
        assert_eq!(store.job_poster(picking).await.unwrap(), Some(poster));
        assert_eq!(store.job_poster(99_999).await.unwrap(), None);
    }

    pub async fn anyone_reads_the_board_and_a_signed_in_poster_posts_and_takes_down(
        store: Arc<dyn Store>,
    ) {
        two_counties(store.as_ref()).await;
        let server = TestServer::start(store, false).await;
        let today = china_time(Utc::now()).date_naive();
        let in_days = |days| (today + Days::new(days)).to_string();
        let job = |region: &str, starts_on: String, ends_on: Option<String>| {
            serde_json::json!({
                "kind": "hiring", "region_code": region, "title": "收玉米，需要 5 人",
                "description": "自带手套", "starts_on": starts_on, "ends_on": ends_on,
                "pay": "150 元/天", "headcount": 5, "contact_name": "王师傅",
            })
        };
        let publish = |session: Option<&str>, body: serde_json::Value| {
            server
                .request(Method::POST, "/api/jobs", session)
                .json(&body)
                .send()
        };
        assert_eq!(
            publish(None, job(JIA, in_days(1), None))
                .await
                .unwrap()
                .status(),
            StatusCode::UNAUTHORIZED
        );
        let farmer = farmer_session(&server, "13800138000").await;
        for (body, expected) in [
            (
                job("370811", in_days(1), None),
                "请选择到乡镇或村，方便附近的人看到".to_owned(),
            ),
            (
                job(JIA, (today - Days::new(1)).to_string(), None),
                "开始日期不能早于今天".to_owned(),
            ),
            (
                job(JIA, in_days(3), Some(in_days(2))),
                "结束日期不能早于开始日期".to_owned(),
            ),
            (
                job(JIA, in_days(1), Some(in_days(61))),
                format!(
                    "信息最长显示 60 天（到 {} 为止），更远的活到时再发",
                    in_days(60)
                ),
            ),
        ] {
            assert_eq!(
                error_message(publish(Some(&farmer), body).await.unwrap()).await,
                (StatusCode::BAD_REQUEST, expected)
            );
        }
        let posted = publish(Some(&farmer), job(JIA, in_days(1), Some(in_days(3))))
            .await
            .unwrap();
        assert_eq!(posted.status(), StatusCode::CREATED);

        let anyone: JobPage = server.get_json("/api/jobs?within=370811", None).await;
        assert_eq!(anyone.total, 1);
        let post = &anyone.posts[0];
        assert_eq!(
            (post.title.as_str(), post.contact_phone.as_str(), post.mine),
            ("收玉米，需要 5 人", "13800138000", false)
        );
        let own: JobPage = server
            .get_json("/api/jobs?within=370811&kind=hiring", Some(&farmer))
            .await;
        assert!(own.posts[0].mine);
        let on_day: JobPage = server
            .get_json(&format!("/api/jobs?on={}", in_days(4)), None)
            .await;
        assert_eq!(on_day.total, 0, "the work is over by then");
        let bad_kind = server
            .request(Method::GET, "/api/jobs?kind=loans", None)
            .send()
            .await
            .unwrap();
        assert_eq!(
            error_message(bad_kind).await,
            (StatusCode::BAD_REQUEST, "没有“loans”这种信息".to_owned())
        );

        let withdraw = |session: &str| {
            server
                .request(
                    Method::POST,
                    &format!("/api/jobs/{}/withdraw", post.id),
                    Some(session),
                )
                .send()
        };
        let other = farmer_session(&server, "13800138001").await;
        assert_eq!(
            withdraw(&other).await.unwrap().status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            withdraw(&farmer).await.unwrap().status(),
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            error_message(withdraw(&farmer).await.unwrap()).await,
            (StatusCode::CONFLICT, "这条信息已经撤下".to_owned())
        );
        let after: JobPage = server.get_json("/api/jobs?within=370811", None).await;
        assert_eq!(after.total, 0);
    }

    pub async fn an_informant_posts_work_for_someone_from_the_outbox_with_their_number(
        store: Arc<dyn Store>,
    ) {
        two_counties(store.as_ref()).await;
        account(store.as_ref(), Role::Informant, JIA, "13900000001").await;
        let server = TestServer::start(store, false).await;
        let informant = staff_session(&server, "13900000001").await;
        let farmer = farmer_session(&server, "13800138000").await;
        let tomorrow = (china_time(Utc::now()).date_naive() + Days::new(1)).to_string();
        let job = |region: &str, phone: &str, title: &str| {
            serde_json::json!({
                "kind": "hiring", "region_code": region, "title": title, "description": "",
                "starts_on": tomorrow, "ends_on": null, "pay": "150 元/天", "headcount": 5,
                "contact_name": "王师傅", "contact_phone": phone,
            })
        };
        let send = |session: &str, id: &str, body: &serde_json::Value| {
            server
                .request(Method::PUT, &format!("/api/jobs/{id}"), Some(session))
                .json(body)
                .send()
        };
        let id = yinong_model::sync::uuid_v7(1_780_000_000_000, [1; 10]);
        let corn = job("370811001", "13812345678", "收玉米，需要 5 人");
        let first = send(&informant, &id, &corn).await.unwrap();
        assert_eq!(first.status(), StatusCode::CREATED);
        let again = send(&informant, &id, &corn).await.unwrap();
        assert_eq!(
            again.status(),
            StatusCode::OK,
            "a resend is the first result"
        );
        let other = send(&informant, &id, &job(JIA, "13812345678", "摘苹果"))
            .await
            .unwrap();
        assert_eq!(other.status(), StatusCode::CONFLICT);
        let board: JobPage = server.get_json("/api/jobs?within=370811", None).await;
        assert_eq!(board.total, 1, "kept once");
        assert_eq!(
            (
                board.posts[0].contact_name.as_str(),
                board.posts[0].contact_phone.as_str()
            ),
            ("王师傅", "13812345678"),
            "callers reach the employer, not the informant"
        );

        let fresh = yinong_model::sync::uuid_v7(1_780_000_000_001, [2; 10]);
        let mut no_phone = job(JIA, "13812345678", "摘苹果");
        no_phone.as_object_mut().unwrap().remove("contact_phone");
        for (body, expected) in [
            (no_phone, "请填写联系人的手机号码"),
            (
                job("370812001", "13812345678", "摘苹果"),
                "代发的信息只能发在本村或本乡镇",
            ),
            (
                job(JIA, "138", "摘苹果"),
                "请填写联系人正确的 11 位手机号码",
            ),
        ] {
            assert_eq!(
                error_message(send(&informant, &fresh, &body).await.unwrap()).await,
                (StatusCode::BAD_REQUEST, expected.to_owned())
            );
        }
        assert_eq!(
            send(&farmer, &fresh, &job(JIA, "13812345678", "摘苹果"))
                .await
                .unwrap()
                .status(),
            StatusCode::FORBIDDEN
        );
        let own = server
            .request(Method::POST, "/api/jobs", Some(&farmer))
            .json(&job(JIA, "13812345678", "摘苹果"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            own.status(),
            StatusCode::BAD_REQUEST,
            "only informants post for others"
        );

        for n in 1..OPEN_POSTS_PER_ACCOUNT {
            let id = yinong_model::sync::uuid_v7(1_780_000_001_000 + n as u64, [3; 10]);
            let sent = send(&informant, &id, &job(JIA, "13812345678", &format!("活{n}")))
                .await
                .unwrap();
            assert_eq!(sent.status(), StatusCode::CREATED, "post {n}");
        }
        let over = yinong_model::sync::uuid_v7(1_780_000_002_000, [3; 10]);
        let (status, message) = error_message(
            send(&informant, &over, &job(JIA, "13812345678", "再一条"))
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(message.contains("这位联系人"), "{message}");
        assert_eq!(
            send(&informant, &over, &job(JIA, "13812345679", "再一条"))
                .await
                .unwrap()
                .status(),
            StatusCode::CREATED,
            "each one posted for has their own limit"
        );
    }
}
