//! 市场价格: reports reviewed and gathered into trends in the store, and reporting,
//! reviewing and reading the market over HTTP, on SQLite and PostgreSQL.

mod support;

on_both_backends!(
    approved_reports_inside_a_region_since_a_day_are_the_published_prices,
    an_informant_reports_a_price_the_township_approves_and_farmers_read_it,
    a_report_sent_again_is_kept_once_and_other_content_under_its_id_conflicts,
    a_resent_report_is_answered_as_first_and_photos_must_arrive_first,
    the_township_approves_a_page_of_reports_at_once,
);

mod cases {
    use std::sync::Arc;

    use chrono::{Days, NaiveDate, Utc};
    use reqwest::{Method, StatusCode};
    use yinong_model::account::Role;
    use yinong_model::portal::VillageHome;
    use yinong_model::price::{
        MarketPrices, PriceHeadline, PriceReport, PriceReportPage, ReviewStatus,
    };
    use yinong_model::review::{BulkApproval, BulkApproved, ReviewDecision};
    use yinong_model::sync::uuid_v7;
    use yinong_store::prices::NewPriceRecord;
    use yinong_store::sync::{Arrival, Receipt};
    use yinong_store::SubmissionFilter;
    use yinong_store::{china_today, Decision, Store, StoreError, Submitted};

    use crate::support::{
        account, code, date, error_message, farmer_session, hash_of, staff_accounts, staff_session,
        staff_sessions, two_counties, TestServer, JPEG,
    };

    const JIA: &str = "370811001001";
    const EAST: &str = "370812001001";

    /// The regions, 甲村's and 东村's informants and 甲村's township administrator.
    async fn people(store: &dyn Store) -> (i64, i64, i64) {
        two_counties(store).await;
        let informant = account(store, Role::Informant, JIA, "13900000001").await;
        let far = account(store, Role::Informant, EAST, "13900000002").await;
        let township = account(store, Role::TownshipAdmin, "370811001", "13900000003").await;
        (informant, far, township)
    }

    /// The `n`-th id a phone gives.
    fn client_id(n: u8) -> String {
        uuid_v7(1_780_000_000_000 + u64::from(n), [n; 10])
    }

    fn receipt<'a>(client_id: &'a str, sender_id: i64, digest: &'a str) -> Receipt<'a> {
        Receipt {
            client_id,
            kind: "price",
            sender_id,
            content_digest: digest,
            legacy_digest: None,
            at: Utc::now(),
        }
    }

    fn cabbage<'a>(
        region: &'a yinong_model::region::RegionCode,
        fen: i64,
        who: i64,
    ) -> NewPriceRecord<'a> {
        NewPriceRecord {
            region,
            product: "大白菜",
            grade: "",
            unit: "斤",
            price_fen: fen,
            market: "集贸市场",
            observed_on: china_today(),
            photos: &[],
            reporter_id: who,
            at: Utc::now(),
        }
    }

    pub async fn approved_reports_inside_a_region_since_a_day_are_the_published_prices(
        store: Arc<dyn Store>,
    ) {
        let (informant, far, township) = people(store.as_ref()).await;
        let sent = std::sync::atomic::AtomicU8::new(0);
        let report = |place: &'static str, who, product: &'static str, on: &str, fen| {
            let store = store.clone();
            let observed_on = date(on);
            let id = client_id(sent.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
            async move {
                let region = code(place);
                let new = NewPriceRecord {
                    product,
                    observed_on,
                    ..cabbage(&region, fen, who)
                };
                match store
                    .report_price(&new, &receipt(&id, who, "d"))
                    .await
                    .unwrap()
                {
                    Arrival::First(id) => id,
                    other => panic!("a new id arrives first: {other:?}"),
                }
            }
        };
        let decide = |id, to| {
            let store = store.clone();
            async move {
                let decision = Decision {
                    from: ReviewStatus::Pending,
                    to,
                    note: (to == ReviewStatus::Rejected).then_some("价格有误"),
                    by: township,
                    at: Utc::now(),
                };
                PriceReport::kept_in(store.as_ref())
                    .decide(id, &decision)
                    .await
            }
        };
        let old = report(JIA, informant, "大白菜", "2026-10-01", 50).await;
        let first = report(JIA, informant, "大白菜", "2026-11-01", 70).await;
        let second = report(JIA, informant, "大白菜", "2026-11-02", 80).await;
        let refused = report(JIA, informant, "大白菜", "2026-11-02", 999).await;
        let waiting = report(JIA, informant, "苹果", "2026-11-02", 250).await;
        let elsewhere = report(EAST, far, "大白菜", "2026-11-02", 60).await;
        for id in [old, first, second, elsewhere] {
            decide(id, ReviewStatus::Approved).await.unwrap();
        }
        decide(refused, ReviewStatus::Rejected).await.unwrap();
        assert!(
            matches!(
                decide(first, ReviewStatus::Rejected).await,
                Err(StoreError::Conflict(_))
            ),
            "decided already"
        );

        let published = store
            .published_prices(Some(&code("370811")), date("2026-10-15"), None)
            .await
            .unwrap();
        let mut seen: Vec<_> = published
            .iter()
            .map(|p| (p.observed_on.as_str(), p.price_fen))
            .collect();
        seen.sort();
        assert_eq!(
            seen,
            [("2026-11-01", 70), ("2026-11-02", 80)],
            "approved, in the county, since the day"
        );
        assert_eq!(published[0].place, "任城区 古槐街道 甲村");
        let everywhere = store
            .published_prices(None, date("2026-10-15"), Some("白菜"))
            .await
            .unwrap();
        assert_eq!(everywhere.len(), 3);
        assert!(store
            .published_prices(None, date("2026-10-15"), Some("苹果"))
            .await
            .unwrap()
            .is_empty());

        let queue = SubmissionFilter {
            within: Some(code("370811001")),
            status: Some(ReviewStatus::Pending),
            ..SubmissionFilter::default()
        };
        let (pending, total) = PriceReport::kept_in(store.as_ref())
            .submissions(&queue, 0, 10)
            .await
            .unwrap();
        assert_eq!((pending[0].id, total), (waiting, 1));
        let (report, by) = PriceReport::kept_in(store.as_ref())
            .submission(refused)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(by, informant);
        assert_eq!(
            (report.status, report.review_note.as_deref()),
            (ReviewStatus::Rejected, Some("价格有误"))
        );
    }

    pub async fn an_informant_reports_a_price_the_township_approves_and_farmers_read_it(
        store: Arc<dyn Store>,
    ) {
        two_counties(store.as_ref()).await;
        staff_accounts(
            store.as_ref(),
            &[
                (Role::Informant, JIA, "13900000001"),
                (Role::TownshipAdmin, "370811001", "13900000003"),
                (Role::TownshipAdmin, "370812001", "13900000004"),
            ],
        )
        .await;
        let server = TestServer::start(store, false).await;
        let [informant, township, other_township] =
            staff_sessions(&server, ["13900000001", "13900000003", "13900000004"]).await;
        let farmer = farmer_session(&server, "13800138000").await;
        let today = china_today();
        let sent = std::sync::atomic::AtomicU8::new(0);
        let report = |session: &str, price: &str, on: NaiveDate| {
            let id = client_id(sent.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
            server
                .request(
                    Method::PUT,
                    &format!("/api/prices/reports/{id}"),
                    Some(session),
                )
                .json(&serde_json::json!({
                    "product": "大白菜", "grade": "", "unit": "斤", "price": price,
                    "market": "古槐集贸市场", "observed_on": on.to_string(),
                }))
                .send()
        };
        assert_eq!(
            report(&farmer, "0.8", today).await.unwrap().status(),
            StatusCode::FORBIDDEN,
            "only informants report"
        );
        for (price, on, expected) in [
            ("八毛", today, "价格请填元数，最多两位小数，例如：1.25"),
            ("0.8", today + Days::new(1), "日期不能晚于今天"),
            ("0.8", today - Days::new(8), "只能上报最近 7 天的价格"),
        ] {
            assert_eq!(
                error_message(report(&informant, price, on).await.unwrap()).await,
                (StatusCode::BAD_REQUEST, expected.to_owned())
            );
        }
        let yesterday = report(&informant, "0.7", today - Days::new(1))
            .await
            .unwrap();
        assert_eq!(yesterday.status(), StatusCode::CREATED);
        let yesterday: PriceReport = yesterday.json().await.unwrap();
        let latest: PriceReport = report(&informant, "0.85", today)
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            (latest.price_fen, latest.status),
            (85, ReviewStatus::Pending)
        );

        let market: MarketPrices = server.get_json("/api/prices?within=370811", None).await;
        assert!(market.prices.is_empty(), "nothing before review");
        let review = |session: &str, id: i64, approve: bool| {
            server
                .request(
                    Method::POST,
                    &format!("/api/prices/reports/{id}/review"),
                    Some(session),
                )
                .json(&serde_json::json!({ "approve": approve, "reason": null }))
                .send()
        };
        for outsider in [&other_township, &informant] {
            assert_eq!(
                review(outsider, latest.id, true).await.unwrap().status(),
                StatusCode::FORBIDDEN
            );
        }
        let queue: PriceReportPage = server
            .get_json("/api/prices/reports/review", Some(&township))
            .await;
        assert_eq!(queue.total, 2);
        assert_eq!(
            error_message(review(&township, latest.id, false).await.unwrap()).await,
            (
                StatusCode::BAD_REQUEST,
                "请写明不通过的原因，发布人会看到".to_owned()
            )
        );
        for id in [yesterday.id, latest.id] {
            assert_eq!(
                review(&township, id, true).await.unwrap().status(),
                StatusCode::OK
            );
        }
        let market: MarketPrices = server
            .get_json("/api/prices?within=370811&product=白菜", None)
            .await;
        let cabbage = &market.prices[0];
        assert_eq!(
            (
                cabbage.market.as_str(),
                cabbage.latest().map(|p| p.price_fen),
                cabbage.change()
            ),
            ("古槐集贸市场", Some(85), Some(15))
        );
        let home: VillageHome = server
            .get_json(&format!("/api/villages/{JIA}/home"), None)
            .await;
        assert_eq!(
            home.prices,
            [PriceHeadline {
                product: "大白菜".to_owned(),
                unit: "斤".to_owned(),
                market: "古槐集贸市场".to_owned(),
                price_fen: 85,
                change: Some(15),
            }],
            "the village's home page shows its county's latest prices"
        );
        let mine: PriceReportPage = server
            .get_json("/api/prices/reports/mine", Some(&informant))
            .await;
        assert!(mine
            .reports
            .iter()
            .all(|r| r.status == ReviewStatus::Approved));
    }

    pub async fn a_report_sent_again_is_kept_once_and_other_content_under_its_id_conflicts(
        store: Arc<dyn Store>,
    ) {
        two_counties(store.as_ref()).await;
        let informant = account(store.as_ref(), Role::Informant, JIA, "13900000001").await;
        let other = account(store.as_ref(), Role::Informant, JIA, "13900000002").await;
        let village = code(JIA);
        let id = client_id(1);
        let first = store
            .report_price(
                &cabbage(&village, 70, informant),
                &receipt(&id, informant, "d1"),
            )
            .await
            .unwrap();
        let Arrival::First(stored) = first else {
            panic!("first arrival: {first:?}")
        };
        let again = store
            .report_price(
                &cabbage(&village, 70, informant),
                &receipt(&id, informant, "d1"),
            )
            .await
            .unwrap();
        assert_eq!(again, Arrival::Again(stored), "the same record sent again");
        assert_eq!(
            store
                .earlier_arrival(&receipt(&id, informant, "d1"))
                .await
                .unwrap(),
            Some(Arrival::Again(stored))
        );
        for (sender, digest) in [(informant, "d2"), (other, "d1")] {
            assert_eq!(
                store
                    .report_price(
                        &cabbage(&village, 99, sender),
                        &receipt(&id, sender, digest)
                    )
                    .await
                    .unwrap(),
                Arrival::Differs,
                "other content, or another sender, under a used id"
            );
        }
        assert_eq!(
            store
                .earlier_arrival(&receipt(&client_id(2), informant, "d1"))
                .await
                .unwrap(),
            None
        );

        // Resends racing each other (a retry while the first answer is still on its way).
        let racing = client_id(3);
        let arrivals = futures::future::join_all((0..8).map(|_| {
            let store = store.clone();
            let racing = racing.clone();
            let village = village.clone();
            async move {
                store
                    .report_price(
                        &cabbage(&village, 80, informant),
                        &receipt(&racing, informant, "d3"),
                    )
                    .await
                    .unwrap()
            }
        }))
        .await;
        let firsts: Vec<i64> = arrivals
            .iter()
            .filter_map(|a| match a {
                Arrival::First(id) => Some(*id),
                _ => None,
            })
            .collect();
        assert_eq!(
            firsts.len(),
            1,
            "one of the racing sends stores it: {arrivals:?}"
        );
        assert!(arrivals
            .iter()
            .all(|a| matches!(a, Arrival::First(id) | Arrival::Again(id) if *id == firsts[0])));

        let mine = SubmissionFilter {
            sender: Some(informant),
            ..SubmissionFilter::default()
        };
        assert_eq!(
            PriceReport::kept_in(store.as_ref())
                .submissions(&mine, 0, 10)
                .await
                .unwrap()
                .1,
            2,
            "each kept once"
        );
    }

    pub async fn a_resent_report_is_answered_as_first_and_photos_must_arrive_first(
        store: Arc<dyn Store>,
    ) {
        two_counties(store.as_ref()).await;
        staff_accounts(
            store.as_ref(),
            &[
                (Role::Informant, JIA, "13900000001"),
                (Role::Informant, JIA, "13900000002"),
            ],
        )
        .await;
        let server = TestServer::start(store, false).await;
        let [informant, neighbour] = staff_sessions(&server, ["13900000001", "13900000002"]).await;
        let send = |session: &str, id: &str, price: &str, photos: Vec<String>| {
            server
                .request(
                    Method::PUT,
                    &format!("/api/prices/reports/{id}"),
                    Some(session),
                )
                .json(&serde_json::json!({
                    "product": "大白菜", "grade": "", "unit": "斤", "price": price,
                    "market": "古槐集贸市场", "observed_on": china_today().to_string(),
                    "photos": photos,
                }))
                .send()
        };
        let hash = hash_of(&JPEG);
        let id = client_id(1);
        assert_eq!(
            error_message(
                send(&informant, &id, "0.8", vec![hash.clone()])
                    .await
                    .unwrap()
            )
            .await,
            (
                StatusCode::BAD_REQUEST,
                "有照片没有上传成功，请重新选择照片".to_owned()
            ),
            "a record is complete only when its photos arrived"
        );
        let uploaded = server
            .request(Method::POST, "/api/photos", Some(&informant))
            .body(JPEG.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(uploaded.status(), StatusCode::CREATED);
        let first = send(&informant, &id, "0.8", vec![hash.clone()])
            .await
            .unwrap();
        assert_eq!(first.status(), StatusCode::CREATED);
        let first: PriceReport = first.json().await.unwrap();
        assert_eq!(first.photos, std::slice::from_ref(&hash));
        let again = send(&informant, &id, "0.8", vec![hash.clone()])
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::OK, "the same record sent again");
        assert_eq!(again.json::<PriceReport>().await.unwrap(), first);
        for (session, price) in [(&informant, "0.9"), (&neighbour, "0.8")] {
            let (status, message) =
                error_message(send(session, &id, price, vec![hash.clone()]).await.unwrap()).await;
            assert_eq!(status, StatusCode::CONFLICT, "{message}");
            assert!(
                message.contains("编号已被另一条不同的内容用过"),
                "{message}"
            );
        }
        let (status, message) =
            error_message(send(&informant, "not-an-id", "0.8", vec![]).await.unwrap()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(message.contains("UUIDv7"), "{message}");
        let mine: PriceReportPage = server
            .get_json("/api/prices/reports/mine", Some(&informant))
            .await;
        assert_eq!(mine.total, 1, "kept once");
    }

    pub async fn the_township_approves_a_page_of_reports_at_once(store: Arc<dyn Store>) {
        let (informant, far, township) = people(store.as_ref()).await;
        let (jia, east) = (code(JIA), code(EAST));
        let mut ids = Vec::new();
        for (n, (region, who)) in [
            (&jia, informant),
            (&jia, informant),
            (&jia, informant),
            (&east, far),
            (&jia, informant),
        ]
        .into_iter()
        .enumerate()
        {
            let id = client_id(n as u8);
            let arrival = store
                .report_price(
                    &cabbage(region, 70 + n as i64, who),
                    &receipt(&id, who, "d"),
                )
                .await
                .unwrap();
            let Arrival::First(stored) = arrival else {
                panic!("{arrival:?}")
            };
            ids.push(stored);
        }
        let refused = Decision {
            from: ReviewStatus::Pending,
            to: ReviewStatus::Rejected,
            note: Some("价格有误"),
            by: township,
            at: Utc::now(),
        };
        PriceReport::kept_in(store.as_ref())
            .decide(ids[2], &refused)
            .await
            .unwrap();

        let server = TestServer::start(store, false).await;
        let reviewer = staff_session(&server, "13900000003").await;
        let approve = |ids: Vec<i64>| {
            server
                .request(Method::POST, "/api/prices/reports/approve", Some(&reviewer))
                .json(&BulkApproval { ids })
                .send()
        };
        // One is sent back for correction, saying what to correct.
        let sent_back: PriceReport = server
            .request(
                Method::POST,
                &format!("/api/prices/reports/{}/review", ids[4]),
                Some(&reviewer),
            )
            .json(&ReviewDecision::send_back("单位应为公斤".to_owned()))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            (sent_back.status, sent_back.review_note.as_deref()),
            (ReviewStatus::Returned, Some("单位应为公斤"))
        );
        let returned: PriceReportPage = server
            .get_json(
                "/api/prices/reports/review?status=returned",
                Some(&reviewer),
            )
            .await;
        assert_eq!(returned.reports, [sent_back]);
        let answer: BulkApproved = approve(vec![ids[0], ids[1], ids[2], ids[3], ids[4], 99_999])
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(answer.approved, [ids[0], ids[1]]);
        let not: Vec<(i64, &str)> = answer
            .not_approved
            .iter()
            .map(|n| (n.id, n.message.as_str()))
            .collect();
        assert_eq!(
            not,
            [
                (ids[2], "这一条未通过，不能再审核"),
                (ids[3], "没有权限执行此操作"),
                (ids[4], "这一条退回修改，不能再审核"),
                (99_999, "没有编号为 99999 的价格"),
            ]
        );
        let market: MarketPrices = server.get_json("/api/prices?within=370811", None).await;
        let cabbage = &market.prices[0];
        assert_eq!(cabbage.trend.len(), 1, "both approved reports are today's");
        assert_eq!(
            cabbage.latest().map(|p| p.price_fen),
            Some(71),
            "(70 + 71) / 2, rounded to the fen"
        );
        let (status, message) = error_message(approve(vec![1; 101]).await.unwrap()).await;
        assert_eq!(
            (status, message.as_str()),
            (StatusCode::BAD_REQUEST, "一次最多通过 100 条")
        );
    }
}
