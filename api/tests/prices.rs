//! 市场价格: reports reviewed and gathered into trends in the store, and reporting,
//! reviewing and reading the market over HTTP, on SQLite and PostgreSQL.

mod support;

on_both_backends!(
    approved_reports_inside_a_region_since_a_day_are_the_published_prices,
    an_informant_reports_a_price_the_township_approves_and_farmers_read_it,
);

mod cases {
    use std::sync::Arc;

    use chrono::{Days, NaiveDate, Utc};
    use reqwest::{Method, StatusCode};
    use yinong_api::store::prices::{NewPriceRecord, PriceReportFilter};
    use yinong_api::store::{china_today, Decision, Store, StoreError};
    use yinong_model::account::Role;
    use yinong_model::portal::VillageHome;
    use yinong_model::price::{
        MarketPrices, PriceHeadline, PriceReport, PriceReportPage, ReviewStatus,
    };

    use crate::support::{
        account, code, error_message, farmer_session, region, small_tree, staff_session, TestServer,
    };

    const JIA: &str = "370811001001";
    const EAST: &str = "370812001001";

    async fn regions(store: &dyn Store) {
        let mut tree = small_tree();
        tree.extend([
            region("370812", "兖州区"),
            region("370812001", "鼓楼街道"),
            region("370812001001", "东村"),
        ]);
        store.upsert_regions(&tree).await.unwrap();
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    pub async fn approved_reports_inside_a_region_since_a_day_are_the_published_prices(
        store: Arc<dyn Store>,
    ) {
        regions(store.as_ref()).await;
        let informant = account(store.as_ref(), Role::Informant, JIA, "13900000001").await;
        let far = account(store.as_ref(), Role::Informant, EAST, "13900000002").await;
        let township = account(
            store.as_ref(),
            Role::TownshipAdmin,
            "370811001",
            "13900000003",
        )
        .await;
        let report = |place: &'static str, who, product: &'static str, on: &str, fen| {
            let store = store.clone();
            let observed_on = date(on);
            async move {
                let region = code(place);
                let new = NewPriceRecord {
                    region: &region,
                    product,
                    grade: "",
                    unit: "斤",
                    price_fen: fen,
                    market: "集贸市场",
                    observed_on,
                    reporter_id: who,
                    at: Utc::now(),
                };
                store.report_price(&new).await.unwrap()
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
                store.decide_price_report(id, &decision).await
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

        let queue = PriceReportFilter {
            within: Some(code("370811001")),
            status: Some(ReviewStatus::Pending),
            ..PriceReportFilter::default()
        };
        let (pending, total) = store.price_reports(&queue, 0, 10).await.unwrap();
        assert_eq!((pending[0].id, total), (waiting, 1));
        let (report, by) = store.price_report(refused).await.unwrap().unwrap();
        assert_eq!(by, informant);
        assert_eq!(
            (report.status, report.review_note.as_deref()),
            (ReviewStatus::Rejected, Some("价格有误"))
        );
    }

    pub async fn an_informant_reports_a_price_the_township_approves_and_farmers_read_it(
        store: Arc<dyn Store>,
    ) {
        regions(store.as_ref()).await;
        account(store.as_ref(), Role::Informant, JIA, "13900000001").await;
        account(
            store.as_ref(),
            Role::TownshipAdmin,
            "370811001",
            "13900000003",
        )
        .await;
        account(
            store.as_ref(),
            Role::TownshipAdmin,
            "370812001",
            "13900000004",
        )
        .await;
        let server = TestServer::start(store, false).await;
        let informant = staff_session(&server, "13900000001").await;
        let township = staff_session(&server, "13900000003").await;
        let other_township = staff_session(&server, "13900000004").await;
        let farmer = farmer_session(&server, "13800138000").await;
        let today = china_today();
        let report = |session: &str, price: &str, on: NaiveDate| {
            server
                .request(Method::POST, "/api/prices/reports", Some(session))
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
}
