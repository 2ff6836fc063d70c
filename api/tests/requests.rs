//! 代办 and 代购 requests: their steps, limits and lists in the store, and who may do what
//! over HTTP, on SQLite and PostgreSQL.

mod support;

on_both_backends!(
    a_request_is_accepted_and_done_once_and_counts_as_a_service_on_chinas_date,
    open_requests_per_farmer_are_limited_and_lists_come_in_serving_order,
    farmers_ask_and_follow_and_only_the_villages_informant_serves,
    walk_in_services_are_logged_once_from_the_outbox_and_count_as_the_stations,
);

mod cases {
    use std::sync::Arc;

    use chrono::{DateTime, TimeZone, Utc};
    use reqwest::{Method, StatusCode};
    use yinong_model::account::Role;
    use yinong_model::request::{
        RequestItem, RequestPage, RequestStatus, ServiceLogEntry, ServiceLogPage, ServiceRequest,
    };
    use yinong_model::service::ServiceKind;
    use yinong_model::station::StationStatus;
    use yinong_store::requests::{NewRequestRecord, RequestFilter, RequestTransition};
    use yinong_store::{Store, StoreError};

    use crate::support::{
        account, code, error_message, farmer_session, small_tree, staff_accounts, staff_sessions,
        station, TestServer,
    };

    const JIA: &str = "370811001001";
    const YI: &str = "370811001002";

    /// The small tree with the catalogue, an operating station in 甲村 and a declared one
    /// in 乙村.
    async fn stations(store: &dyn Store) {
        store.upsert_regions(&small_tree()).await.unwrap();
        store
            .upsert_service_catalogue(&yinong_api::portal::catalogue::catalogue())
            .await
            .unwrap();
        let mut yi = station(YI, StationStatus::Declared, None, false);
        yi.informants.clear();
        store
            .insert_demo_stations(&[station(JIA, StationStatus::Operating, None, true), yi])
            .await
            .unwrap();
        store.refresh_coverage(None).await.unwrap();
    }

    /// A request stored without a receipt, as its farmer sees it.
    async fn create_request(
        store: &dyn Store,
        new: &NewRequestRecord<'_>,
        open_limit: i64,
    ) -> yinong_store::StoreResult<yinong_store::requests::StoredRequest> {
        let id = store.create_request(new, open_limit, None).await?.first()?;
        Ok(store.request(id).await?.expect("the request was kept"))
    }

    fn ask(farmer_id: i64, item: RequestItem, at: DateTime<Utc>) -> NewRequestRecord<'static> {
        NewRequestRecord {
            farmer_id,
            station_code: "37081100100101",
            item,
            details: "话费 50 元，号码 138****8000",
            at,
        }
    }

    fn step(from: RequestStatus, to: RequestStatus, actor_id: i64) -> RequestTransition<'static> {
        RequestTransition {
            from,
            to,
            reason: None,
            actor_id,
            at: Utc::now(),
        }
    }

    pub async fn a_request_is_accepted_and_done_once_and_counts_as_a_service_on_chinas_date(
        store: Arc<dyn Store>,
    ) {
        use RequestStatus::*;
        stations(store.as_ref()).await;
        let farmer = account(store.as_ref(), Role::Farmer, JIA, "13800138000").await;
        let informant = account(store.as_ref(), Role::Informant, JIA, "13900139000").await;
        let submitted = Utc.with_ymd_and_hms(2026, 1, 31, 9, 30, 0).unwrap();
        let made = create_request(
            store.as_ref(),
            &ask(farmer, RequestItem::PhoneTopUp, submitted),
            10,
        )
        .await
        .unwrap();
        assert_eq!(made.farmer_id, farmer);
        assert_eq!(made.region, code(JIA));
        let request = &made.request;
        assert_eq!(
            (
                request.status,
                request.station_name.as_str(),
                request.farmer_phone.as_str()
            ),
            (Submitted, "甲村益农信息社", "13800138000")
        );
        assert_eq!(request.steps.len(), 1);
        assert_eq!(
            request.steps[0].at, "2026-01-31T17:30:00+08:00",
            "steps are told in China's time"
        );
        let id = request.id;

        store
            .change_request_status(id, &step(Submitted, Accepted, informant))
            .await
            .unwrap();
        let stale = store
            .change_request_status(id, &step(Submitted, Cancelled, farmer))
            .await;
        assert!(
            matches!(stale, Err(StoreError::Conflict(_))),
            "the farmer's withdrawal lost the race with the acceptance: {stale:?}"
        );

        // 20:00 UTC on 31 January is 04:00 on 1 February in China.
        let mut finish = step(Accepted, Done, informant);
        finish.at = Utc.with_ymd_and_hms(2026, 1, 31, 20, 0, 0).unwrap();
        let done = store
            .change_request_status(id, &finish)
            .await
            .unwrap()
            .request;
        let steps: Vec<_> = done.steps.iter().map(|s| s.status).collect();
        assert_eq!(steps, [Submitted, Accepted, Done]);
        assert_eq!(store.request(id).await.unwrap().unwrap().request, done);

        let convenience = |activity: yinong_model::coverage::Activity| {
            activity
                .services
                .into_iter()
                .find(|(kind, _)| *kind == ServiceKind::Convenience)
                .map_or(0, |(_, n)| n)
        };
        for within in [None, Some(code("37")), Some(code("370811001"))] {
            let february = store
                .activity(within.as_ref(), "2026-02", "2026-02")
                .await
                .unwrap();
            assert_eq!(convenience(february), 1, "counted in {within:?}");
            let january = store
                .activity(within.as_ref(), "2026-01", "2026-01")
                .await
                .unwrap();
            assert_eq!(
                convenience(january),
                0,
                "not on the UTC date, in {within:?}"
            );
        }
        store.refresh_coverage(None).await.unwrap();
        let rebuilt = store.activity(None, "2026-02", "2026-02").await.unwrap();
        assert_eq!(
            convenience(rebuilt),
            1,
            "a full rebuild counts the same record once"
        );
    }

    pub async fn open_requests_per_farmer_are_limited_and_lists_come_in_serving_order(
        store: Arc<dyn Store>,
    ) {
        use RequestStatus::*;
        stations(store.as_ref()).await;
        let farmer = account(store.as_ref(), Role::Farmer, JIA, "13800138000").await;
        let informant = account(store.as_ref(), Role::Informant, JIA, "13900139000").await;
        let mut ids = Vec::new();
        for _ in 0..3 {
            let made = create_request(
                store.as_ref(),
                &ask(farmer, RequestItem::FarmInputs, Utc::now()),
                3,
            )
            .await
            .unwrap();
            ids.push(made.request.id);
        }
        let over = create_request(
            store.as_ref(),
            &ask(farmer, RequestItem::FarmInputs, Utc::now()),
            3,
        )
        .await;
        assert!(matches!(over, Err(StoreError::Conflict(_))), "{over:?}");
        store
            .change_request_status(ids[0], &step(Submitted, Accepted, informant))
            .await
            .unwrap();
        let still_over = create_request(
            store.as_ref(),
            &ask(farmer, RequestItem::FarmInputs, Utc::now()),
            3,
        )
        .await;
        assert!(
            matches!(still_over, Err(StoreError::Conflict(_))),
            "an accepted request is still open"
        );
        store
            .change_request_status(ids[0], &step(Accepted, Done, informant))
            .await
            .unwrap();
        let fourth = create_request(
            store.as_ref(),
            &ask(farmer, RequestItem::FarmInputs, Utc::now()),
            3,
        )
        .await
        .unwrap();
        ids.push(fourth.request.id);

        let listed =
            |requests: &[ServiceRequest]| -> Vec<i64> { requests.iter().map(|r| r.id).collect() };
        let (mine, total) = store
            .requests(&RequestFilter::OfFarmer(farmer), 0, 2)
            .await
            .unwrap();
        assert_eq!(
            (listed(&mine), total),
            (vec![ids[3], ids[2]], 4),
            "newest first"
        );
        let (rest, _) = store
            .requests(&RequestFilter::OfFarmer(farmer), 2, 2)
            .await
            .unwrap();
        assert_eq!(listed(&rest), [ids[1], ids[0]]);
        assert_eq!(
            rest[1].steps.len(),
            3,
            "each listed request brings its own steps"
        );

        let at_stations = |within: &str, status| RequestFilter::AtStations {
            within: code(within),
            status,
        };
        let (waiting, total) = store
            .requests(&at_stations("370811", Submitted), 0, 10)
            .await
            .unwrap();
        assert_eq!(
            (listed(&waiting), total),
            (vec![ids[1], ids[2], ids[3]], 3),
            "waiting ones oldest first"
        );
        let (done, _) = store
            .requests(&at_stations(JIA, Done), 0, 10)
            .await
            .unwrap();
        assert_eq!(listed(&done), [ids[0]]);
        let (elsewhere, total) = store
            .requests(&at_stations(YI, Submitted), 0, 10)
            .await
            .unwrap();
        assert_eq!((elsewhere.len(), total), (0, 0), "乙村's station has none");
        let (other_farmer, _) = store
            .requests(&RequestFilter::OfFarmer(informant), 0, 10)
            .await
            .unwrap();
        assert!(other_farmer.is_empty());
    }

    pub async fn farmers_ask_and_follow_and_only_the_villages_informant_serves(
        store: Arc<dyn Store>,
    ) {
        stations(store.as_ref()).await;
        staff_accounts(
            store.as_ref(),
            &[
                (Role::Informant, JIA, "13900139000"),
                (Role::Informant, YI, "13900139001"),
                (Role::TownshipAdmin, "370811001", "13900139002"),
            ],
        )
        .await;
        let server = TestServer::start(store, false).await;
        let farmer = farmer_session(&server, "13800138000").await;
        let [jia_informant, yi_informant, township] =
            staff_sessions(&server, ["13900139000", "13900139001", "13900139002"]).await;

        let submit = |session: Option<&str>, station: &str, details: &str| {
            server
                .request(Method::POST, "/api/requests", session)
                .json(&serde_json::json!({
                    "station_code": station, "item": "utility_bill", "details": details,
                }))
                .send()
        };
        assert_eq!(
            submit(None, "37081100100101", "电费")
                .await
                .unwrap()
                .status(),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            error_message(submit(Some(&farmer), "37081100100101", "  ").await.unwrap()).await,
            (StatusCode::BAD_REQUEST, "请写明要办的事".to_owned())
        );
        assert_eq!(
            error_message(
                submit(Some(&farmer), "37081100100201", "电费")
                    .await
                    .unwrap()
            )
            .await,
            (
                StatusCode::BAD_REQUEST,
                "编号 37081100100201 的站点不在运营，无法接收请求".to_owned()
            ),
            "乙村's station is only declared"
        );
        assert_eq!(
            submit(Some(&jia_informant), "37081100100101", "电费")
                .await
                .unwrap()
                .status(),
            StatusCode::BAD_REQUEST,
            "requests come from farmers' accounts"
        );
        let made = submit(Some(&farmer), "37081100100101", "电费 户号 0101 120 元")
            .await
            .unwrap();
        assert_eq!(made.status(), StatusCode::CREATED);
        let made: ServiceRequest = made.json().await.unwrap();
        let path = format!("/api/requests/{}", made.id);

        let mine: RequestPage = server.get_json("/api/requests/mine", Some(&farmer)).await;
        assert_eq!((mine.total, mine.requests[0].id), (1, made.id));
        let queue: RequestPage = server
            .get_json("/api/requests/queue", Some(&jia_informant))
            .await;
        assert_eq!(queue.requests, std::slice::from_ref(&made));
        let other_queue: RequestPage = server
            .get_json("/api/requests/queue", Some(&yi_informant))
            .await;
        assert_eq!(
            other_queue.total, 0,
            "乙村's informant sees only 乙村's stations"
        );
        for (session, status) in [
            (Some(yi_informant.as_str()), StatusCode::FORBIDDEN),
            (Some(township.as_str()), StatusCode::FORBIDDEN),
            (None, StatusCode::UNAUTHORIZED),
        ] {
            let read = server
                .request(Method::GET, &path, session)
                .send()
                .await
                .unwrap();
            assert_eq!(read.status(), status, "{session:?}");
        }
        let township_queue = server
            .request(Method::GET, "/api/requests/queue", Some(&township))
            .send()
            .await
            .unwrap();
        assert_eq!(township_queue.status(), StatusCode::FORBIDDEN);

        let change = |session: &str, to: &str, reason: Option<&str>| {
            server
                .request(Method::POST, &format!("{path}/status"), Some(session))
                .json(&serde_json::json!({ "to": to, "reason": reason }))
                .send()
        };
        assert_eq!(
            change(&yi_informant, "accepted", None)
                .await
                .unwrap()
                .status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            error_message(change(&jia_informant, "done", None).await.unwrap()).await,
            (
                StatusCode::BAD_REQUEST,
                "该请求当前为“待受理”，不能改为“已办结”".to_owned()
            )
        );
        let accepted = change(&jia_informant, "accepted", None).await.unwrap();
        assert_eq!(accepted.status(), StatusCode::OK);
        assert_eq!(
            error_message(change(&farmer, "cancelled", Some("不要了")).await.unwrap()).await,
            (
                StatusCode::BAD_REQUEST,
                "站点已受理，不能在手机上撤销；如需取消请联系信息员".to_owned()
            )
        );
        assert_eq!(
            error_message(
                change(&jia_informant, "cancelled", Some(" "))
                    .await
                    .unwrap()
            )
            .await,
            (
                StatusCode::BAD_REQUEST,
                "撤销请求需要填写原因，农民会看到".to_owned()
            )
        );
        let cancelled = change(&jia_informant, "cancelled", Some("户号不对，请来站点核对"))
            .await
            .unwrap();
        assert_eq!(cancelled.status(), StatusCode::OK);

        let seen: ServiceRequest = server.get_json(&path, Some(&farmer)).await;
        assert_eq!(seen.status, RequestStatus::Cancelled);
        assert_eq!(
            seen.steps.last().unwrap().reason.as_deref(),
            Some("户号不对，请来站点核对"),
            "the farmer sees why"
        );
        let other_farmer = farmer_session(&server, "13800138001").await;
        let read = server
            .request(Method::GET, &path, Some(&other_farmer))
            .send()
            .await
            .unwrap();
        assert_eq!(read.status(), StatusCode::FORBIDDEN);
        let theirs: RequestPage = server
            .get_json("/api/requests/mine", Some(&other_farmer))
            .await;
        assert_eq!(theirs.total, 0);

        // A farmer withdraws a request the station has not taken yet.
        let second: ServiceRequest = submit(Some(&farmer), "37081100100101", "水费 80 元")
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let withdrawn = server
            .request(
                Method::POST,
                &format!("/api/requests/{}/status", second.id),
                Some(&farmer),
            )
            .json(&serde_json::json!({ "to": "cancelled" }))
            .send()
            .await
            .unwrap();
        assert_eq!(withdrawn.status(), StatusCode::OK);
        let bad_status = server
            .request(
                Method::GET,
                "/api/requests/queue?status=lost",
                Some(&jia_informant),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(
            error_message(bad_status).await,
            (StatusCode::BAD_REQUEST, "没有“lost”这种请求状态".to_owned())
        );
    }

    pub async fn walk_in_services_are_logged_once_from_the_outbox_and_count_as_the_stations(
        store: Arc<dyn Store>,
    ) {
        stations(store.as_ref()).await;
        staff_accounts(
            store.as_ref(),
            &[
                (Role::Informant, JIA, "13900139000"),
                (Role::Informant, YI, "13900139001"),
                (Role::Farmer, JIA, "13800138000"),
            ],
        )
        .await;
        let server = TestServer::start(store.clone(), false).await;
        let [informant, without_station] =
            staff_sessions(&server, ["13900139000", "13900139001"]).await;
        let farmer = farmer_session(&server, "13800138000").await;
        let today = yinong_store::china_today();
        let month = today.format("%Y-%m").to_string();
        let day = |days_back: i64| (today - chrono::Duration::days(days_back)).to_string();
        let entry = |times: &str, served_on: &str| {
            serde_json::json!({
                "item": "parcel", "times": times, "served_on": served_on,
                "note": "王大爷家代收快递",
            })
        };
        let send = |session: &str, id: &str, body: &serde_json::Value| {
            server
                .request(
                    Method::PUT,
                    &format!("/api/service-log/{id}"),
                    Some(session),
                )
                .json(body)
                .send()
        };
        let convenience = async || {
            store
                .activity(None, &month, &month)
                .await
                .unwrap()
                .services
                .into_iter()
                .find(|(kind, _)| *kind == ServiceKind::Convenience)
                .map_or(0, |(_, n)| n)
        };
        assert_eq!(convenience().await, 0);

        let id = yinong_model::sync::uuid_v7(1_780_000_000_000, [5; 10]);
        let first = send(&informant, &id, &entry("3", &day(1))).await.unwrap();
        assert_eq!(first.status(), StatusCode::CREATED);
        let logged: ServiceLogEntry = first.json().await.unwrap();
        assert_eq!(
            (logged.item, logged.times, logged.station_name.as_str()),
            (RequestItem::Parcel, 3, "甲村益农信息社")
        );
        assert_eq!(logged.served_on, day(1));
        let again = send(&informant, &id, &entry("3", &day(1))).await.unwrap();
        assert_eq!(
            again.status(),
            StatusCode::OK,
            "a resend gets the first result"
        );
        assert_eq!(again.json::<ServiceLogEntry>().await.unwrap(), logged);
        let other = send(&informant, &id, &entry("4", &day(1))).await.unwrap();
        assert_eq!(other.status(), StatusCode::CONFLICT);
        assert_eq!(
            convenience().await,
            3,
            "three services counted once, however often sent"
        );

        for (body, why) in [
            (entry("0", &day(0)), "no services"),
            (entry("51", &day(0)), "too many for one entry"),
            (entry("2", &day(8)), "older than a week"),
            (entry("2", &day(-1)), "tomorrow"),
            (entry("2", "12/01"), "not a date"),
        ] {
            let fresh = yinong_model::sync::uuid_v7(1_780_000_000_001, [6; 10]);
            let (status, message) =
                error_message(send(&informant, &fresh, &body).await.unwrap()).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{why}: {message}");
        }
        let fresh = yinong_model::sync::uuid_v7(1_780_000_000_002, [7; 10]);
        let (status, message) = error_message(
            send(&without_station, &fresh, &entry("1", &day(0)))
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(message.contains("没有运营中"), "{message}");
        let (status, _) =
            error_message(send(&farmer, &fresh, &entry("1", &day(0))).await.unwrap()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "farmers ask; informants log");
        assert_eq!(convenience().await, 3, "nothing refused was counted");

        let mine: ServiceLogPage = server
            .get_json("/api/service-log/mine", Some(&informant))
            .await;
        assert_eq!((mine.total, mine.entries), (1, vec![logged]));
        let theirs: ServiceLogPage = server
            .get_json("/api/service-log/mine", Some(&without_station))
            .await;
        assert_eq!(theirs.total, 0, "each informant reads their own log");
        store.refresh_coverage(None).await.unwrap();
        assert_eq!(
            convenience().await,
            3,
            "a full rebuild counts them the same"
        );
    }
}
