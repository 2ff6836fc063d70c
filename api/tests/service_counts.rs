//! Every kind of service counted where it happens: an answer, a published price and news,
//! a warning passed on, a 代发 post, a lesson finished — each a service record of its
//! village's station, in the roll-ups the dashboard's type mix reads, on SQLite and
//! PostgreSQL.

mod support;

on_both_backends!(each_service_a_station_delivers_counts_under_its_kind_once,);

mod cases {
    use std::sync::Arc;

    use chrono::Utc;
    use reqwest::{Method, StatusCode};
    use yinong_model::account::Role;
    use yinong_model::service::ServiceKind;
    use yinong_model::station::StationStatus;
    use yinong_model::sync::uuid_v7;
    use yinong_store::{china_time, Store};

    use crate::support::{
        code, farmer_session, staff_accounts, staff_sessions, station, two_counties, TestServer,
    };

    const JIA: &str = "370811001001";
    const YI: &str = "370811001002";
    const DONG: &str = "370812001001";

    /// Services this month inside `within`, by kind in the catalogue's order
    /// (公益, 便民, 电商, 培训).
    async fn mix(store: &dyn Store, within: Option<&str>) -> [i64; 4] {
        let month = china_time(Utc::now()).format("%Y-%m").to_string();
        let within = within.map(code);
        let activity = store
            .activity(within.as_ref(), &month, &month)
            .await
            .unwrap();
        ServiceKind::ALL.map(|kind| {
            activity
                .services
                .iter()
                .find(|(counted, _)| *counted == kind)
                .map_or(0, |(_, n)| *n)
        })
    }

    pub async fn each_service_a_station_delivers_counts_under_its_kind_once(store: Arc<dyn Store>) {
        two_counties(store.as_ref()).await;
        store
            .upsert_service_catalogue(&yinong_api::portal::catalogue::catalogue())
            .await
            .unwrap();
        // 甲村 and 东村 (another county) have operating stations; 乙村's is only declared.
        let mut yi = station(YI, StationStatus::Declared, None, false);
        let mut dong = station(DONG, StationStatus::Operating, None, true);
        yi.informants.clear();
        dong.informants.clear();
        store
            .insert_demo_stations(&[station(JIA, StationStatus::Operating, None, true), yi, dong])
            .await
            .unwrap();
        store.refresh_coverage(None).await.unwrap();
        staff_accounts(
            store.as_ref(),
            &[
                (Role::Informant, JIA, "13900000001"),
                (Role::TownshipAdmin, "370811001", "13900000002"),
                (Role::Expert, "370811", "13900000003"),
                (Role::CountyAdmin, "370811", "13900000004"),
            ],
        )
        .await;
        let township_code = Some("370811001");
        assert_eq!(mix(store.as_ref(), None).await, [0; 4]);

        let server = TestServer::start(store.clone(), false).await;
        let [informant, township, expert, county] = staff_sessions(
            &server,
            ["13900000001", "13900000002", "13900000003", "13900000004"],
        )
        .await;
        let farmer = farmer_session(&server, "13800138000").await;
        let chose = server
            .request(Method::PUT, "/api/me/village", Some(&farmer))
            .json(&serde_json::json!({ "village_code": JIA }))
            .send()
            .await
            .unwrap();
        assert_eq!(chose.status(), StatusCode::OK);
        let sent = std::sync::atomic::AtomicU8::new(0);
        let client_id = || {
            let n = sent.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            uuid_v7(1_780_000_000_000 + u64::from(n), [n; 10])
        };
        let send = |method: Method, path: String, session: &str, body: serde_json::Value| {
            let request = server.request(method, &path, Some(session)).json(&body);
            async move {
                let response = request.send().await.unwrap();
                let status = response.status();
                let text = response.text().await.unwrap();
                assert!(status.is_success(), "{path}: {status} {text}");
                serde_json::from_str(&text).unwrap_or(serde_json::Value::Null)
            }
        };
        let approve = |path: String| {
            send(
                Method::POST,
                path,
                &township,
                serde_json::json!({ "approve": true, "reason": null }),
            )
        };

        // 12316: an expert answers the farmer of 甲村.
        let asked = send(
            Method::POST,
            "/api/questions".into(),
            &farmer,
            serde_json::json!({
                "region_code": JIA, "crop": "小麦", "topic": "pests_and_diseases",
                "text": "叶子上有黄色粉末，一抹就掉", "photos": [],
            }),
        )
        .await;
        assert_eq!(
            mix(store.as_ref(), township_code).await,
            [0; 4],
            "asked only"
        );
        send(
            Method::POST,
            format!("/api/questions/{}/answer", asked["id"]),
            &expert,
            serde_json::json!({ "text": "是条锈病，用三唑酮喷雾。" }),
        )
        .await;
        assert_eq!(mix(store.as_ref(), township_code).await, [1, 0, 0, 0]);

        // A price and village news count when published, not when sent.
        let today = china_time(Utc::now()).date_naive().to_string();
        let price = send(
            Method::PUT,
            format!("/api/prices/reports/{}", client_id()),
            &informant,
            serde_json::json!({
                "product": "大白菜", "grade": "", "unit": "斤", "price": "0.85",
                "market": "古槐集贸市场", "observed_on": today,
            }),
        )
        .await;
        let news = send(
            Method::PUT,
            format!("/api/news/{}", client_id()),
            &informant,
            serde_json::json!({
                "title": "机耕路修好了", "photos": [],
                "body": "甲村到古槐街道的机耕路修好了，农机可以开到地头。",
            }),
        )
        .await;
        assert_eq!(mix(store.as_ref(), township_code).await, [1, 0, 0, 0]);
        approve(format!("/api/prices/reports/{}/review", price["id"])).await;
        approve(format!("/api/news/{}/review", news["id"])).await;
        assert_eq!(mix(store.as_ref(), township_code).await, [3, 0, 0, 0]);

        // A county's warning is passed on by each of its operating stations: 甲村's, not
        // 乙村's declared one nor 东村's in the next county. A notice is no station's work.
        let in_a_week = (china_time(Utc::now()).date_naive() + chrono::Days::new(7)).to_string();
        for (kind, expires_on) in [("weather_warning", Some(in_a_week)), ("notice", None)] {
            send(
                Method::POST,
                "/api/bulletins".into(),
                &county,
                serde_json::json!({
                    "kind": kind, "region_code": "370811", "title": "寒潮蓝色预警",
                    "body": "未来三天气温下降 8 到 10 度，请做好大棚保温。",
                    "expires_on": expires_on,
                }),
            )
            .await;
        }
        assert_eq!(mix(store.as_ref(), township_code).await, [4, 0, 0, 0]);
        assert_eq!(mix(store.as_ref(), Some("370812")).await, [0; 4]);

        // 代发: the informant posts for a farmer without a smartphone; the farmer's own
        // post is no station's service.
        let tomorrow = (china_time(Utc::now()).date_naive() + chrono::Days::new(1)).to_string();
        let apples = serde_json::json!({
            "kind": "sell", "region_code": JIA, "product": "红富士苹果", "quantity": "2000",
            "unit": "斤", "price": "2.5 元/斤", "description": "果径 80 以上",
            "contact_name": "王大爷", "photos": [], "days": 20,
        });
        send(
            Method::POST,
            "/api/listings".into(),
            &farmer,
            apples.clone(),
        )
        .await;
        let mut for_farmer = apples;
        for_farmer["contact_phone"] = "13812345678".into();
        let listing_id = client_id();
        for _ in 0..2 {
            // Sent twice from the outbox: one post, one service.
            send(
                Method::PUT,
                format!("/api/listings/{listing_id}"),
                &informant,
                for_farmer.clone(),
            )
            .await;
        }
        send(
            Method::PUT,
            format!("/api/jobs/{}", client_id()),
            &informant,
            serde_json::json!({
                "kind": "hiring", "region_code": JIA, "title": "收玉米，需要 5 人",
                "description": "", "starts_on": tomorrow, "ends_on": null,
                "pay": "150 元/天", "headcount": 5, "contact_name": "王师傅",
                "contact_phone": "13812345679",
            }),
        )
        .await;
        assert_eq!(mix(store.as_ref(), township_code).await, [4, 1, 1, 0]);

        // A lesson finished by 甲村's farmer; reading it again is no second lesson.
        for _ in 0..2 {
            let finished = server
                .request(
                    Method::PUT,
                    "/api/courses/phone-basics/lessons/1/finished",
                    Some(&farmer),
                )
                .send()
                .await
                .unwrap();
            assert!(finished.status().is_success(), "{}", finished.status());
        }
        assert_eq!(mix(store.as_ref(), township_code).await, [4, 1, 1, 1]);
        assert_eq!(
            mix(store.as_ref(), None).await,
            [4, 1, 1, 1],
            "the nation counts the same services"
        );
        assert_eq!(mix(store.as_ref(), Some("37")).await, [4, 1, 1, 1]);
        // Rebuilt from the records, the nation's and the province's totals (kept in shards
        // as services arrive) are the same.
        store.refresh_coverage(None).await.unwrap();
        assert_eq!(mix(store.as_ref(), None).await, [4, 1, 1, 1]);
        assert_eq!(mix(store.as_ref(), Some("37")).await, [4, 1, 1, 1]);
        assert_eq!(mix(store.as_ref(), township_code).await, [4, 1, 1, 1]);
    }
}
