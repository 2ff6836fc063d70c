//! 进度报送 over HTTP, on SQLite and PostgreSQL: the county's monthly report generated from
//! the data, sent once a month, returned and sent again, accepted by the city; the city's and
//! province's sums of what was accepted; the province's 通报 published as a notice.

mod support;

on_both_backends!(
    a_county_reports_its_month_the_city_accepts_and_the_province_publishes_a_circular,
);

mod cases {
    use std::sync::Arc;

    use chrono::Utc;
    use reqwest::{Method, StatusCode};
    use yinong_model::account::Role;
    use yinong_model::progress::{ProgressReport, ProgressReportPage, ReportLine, SummedProgress};
    use yinong_model::review::ReviewStatus;
    use yinong_model::station::StationStatus;
    use yinong_store::{china_time, Store};

    use crate::support::{
        error_message, staff_accounts, staff_sessions, station, two_counties, TestServer,
    };

    const JIA: &str = "370811001001";

    pub async fn a_county_reports_its_month_the_city_accepts_and_the_province_publishes_a_circular(
        store: Arc<dyn Store>,
    ) {
        two_counties(store.as_ref()).await;
        let mut jia = station(JIA, StationStatus::Operating, None, true);
        jia.informants.clear();
        store.insert_demo_stations(&[jia]).await.unwrap();
        store.refresh_coverage(None).await.unwrap();
        staff_accounts(
            store.as_ref(),
            &[
                (Role::CountyAdmin, "370811", "13700000001"),
                (Role::TownshipAdmin, "370811001", "13700000002"),
                (Role::Leader, "3708", "13700000003"),
                (Role::Leader, "37", "13700000004"),
            ],
        )
        .await;
        let server = TestServer::start(store.clone(), false).await;
        let [county, township, city, province] = staff_sessions(
            &server,
            ["13700000001", "13700000002", "13700000003", "13700000004"],
        )
        .await;
        let month = china_time(Utc::now()).format("%Y-%m").to_string();

        // The report as it would be sent now: the township, then the county's total.
        let draft: Vec<ReportLine> = server
            .get_json("/api/progress-reports/draft?county=370811", Some(&county))
            .await;
        let rows: Vec<_> = draft
            .iter()
            .map(|line| {
                (
                    line.name.as_str(),
                    line.figures.villages,
                    line.figures.covered_villages,
                    line.figures.operating(),
                )
            })
            .collect();
        assert_eq!(rows, [("古槐街道", 2, 1, 1), ("任城区", 2, 1, 1)]);
        let refused = server
            .request(
                Method::GET,
                "/api/progress-reports/draft?county=370811",
                Some(&township),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(
            refused.status(),
            StatusCode::FORBIDDEN,
            "the county reports"
        );

        let send = |month: &str, note: &str| {
            server
                .request(Method::POST, "/api/progress-reports", Some(&county))
                .json(&serde_json::json!({ "county_code": "370811", "month": month, "note": note }))
                .send()
        };
        let (status, message) = error_message(send("2026-13", "").await.unwrap()).await;
        assert_eq!(
            (status, message.as_str()),
            (StatusCode::BAD_REQUEST, "请选择月份，例如 2026-11")
        );
        let (status, message) = error_message(send("2999-01", "").await.unwrap()).await;
        assert_eq!(
            (status, message.as_str()),
            (StatusCode::BAD_REQUEST, "还没到这个月，不能报送")
        );
        let sent = send(&month, "乙村站点正在建设，下月可运营").await.unwrap();
        assert_eq!(sent.status(), StatusCode::CREATED);
        let sent: ProgressReport = sent.json().await.unwrap();
        assert_eq!(sent.status, ReviewStatus::Pending);
        assert_eq!(sent.lines, draft);
        let (status, _) = error_message(send(&month, "").await.unwrap()).await;
        assert_eq!(status, StatusCode::CONFLICT, "one waiting report a month");

        // The city returns it with a reason; sent again, it is accepted.
        let queue: ProgressReportPage = server
            .get_json("/api/progress-reports/review", Some(&city))
            .await;
        assert_eq!(
            queue.reports.iter().map(|r| r.id).collect::<Vec<_>>(),
            [sent.id]
        );
        let review = |session: &str, id: i64, body: serde_json::Value| {
            server
                .request(
                    Method::POST,
                    &format!("/api/progress-reports/{id}/review"),
                    Some(session),
                )
                .json(&body)
                .send()
        };
        assert_eq!(
            review(&county, sent.id, serde_json::json!({ "approve": true }))
                .await
                .unwrap()
                .status(),
            StatusCode::FORBIDDEN,
            "not its own"
        );
        let returned = review(
            &city,
            sent.id,
            serde_json::json!({ "approve": false, "send_back": true, "reason": "请说明乙村的建设进度" }),
        )
        .await
        .unwrap();
        assert_eq!(returned.status(), StatusCode::OK);
        let mine: ProgressReportPage = server
            .get_json("/api/progress-reports/mine", Some(&county))
            .await;
        assert_eq!(mine.reports[0].status, ReviewStatus::Returned);
        assert_eq!(
            mine.reports[0].review_note.as_deref(),
            Some("请说明乙村的建设进度")
        );
        let again: ProgressReport = send(&month, "乙村站点已建成，待验收")
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let accepted = review(&city, again.id, serde_json::json!({ "approve": true }))
            .await
            .unwrap();
        assert_eq!(accepted.status(), StatusCode::OK);

        // The city sums its counties' accepted reports; the province its cities'.
        let city_sum: SummedProgress = server
            .get_json(
                &format!("/api/progress-reports/summary?region=3708&month={month}"),
                Some(&city),
            )
            .await;
        let parts: Vec<_> = city_sum
            .parts
            .iter()
            .map(|part| {
                (
                    part.name.as_str(),
                    part.figures.as_ref().map(|f| f.villages),
                )
            })
            .collect();
        assert_eq!(parts, [("任城区", Some(2)), ("兖州区", None)]);
        assert_eq!(
            (city_sum.total.villages, city_sum.total.covered_villages),
            (2, 1)
        );
        let province_sum: SummedProgress = server
            .get_json(
                &format!("/api/progress-reports/summary?region=37&month={month}"),
                Some(&province),
            )
            .await;
        let parts: Vec<_> = province_sum
            .parts
            .iter()
            .map(|part| {
                (
                    part.name.as_str(),
                    part.figures.as_ref().map(|f| f.covered_villages),
                )
            })
            .collect();
        assert_eq!(parts, [("济南市", None), ("济宁市", Some(1))]);
        let elsewhere = server
            .request(
                Method::GET,
                &format!("/api/progress-reports/summary?region=37&month={month}"),
                Some(&city),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(elsewhere.status(), StatusCode::FORBIDDEN, "above the city");

        // The province publishes the 通报; the city may not.
        let circular = |session: &str, month: &str| {
            server
                .request(
                    Method::POST,
                    "/api/progress-reports/circulars",
                    Some(session),
                )
                .json(&serde_json::json!({ "province_code": "37", "month": month }))
                .send()
        };
        assert_eq!(
            circular(&city, &month).await.unwrap().status(),
            StatusCode::FORBIDDEN
        );
        let (status, _) = error_message(circular(&province, "2020-01").await.unwrap()).await;
        assert_eq!(status, StatusCode::CONFLICT, "nothing accepted that month");
        let published = circular(&province, &month).await.unwrap();
        assert_eq!(published.status(), StatusCode::CREATED);
        let published: serde_json::Value = published.json().await.unwrap();
        assert_eq!(published["cities"][0]["name"], "济宁市");
        assert_eq!(published["cities"][0]["rank"], 1);
        assert_eq!(published["cities"][1]["rank"], serde_json::Value::Null);
        assert_eq!(published["counties"][0]["name"], "任城区");
        let notice = store
            .bulletin(published["bulletin_id"].as_i64().unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            notice.headline.title,
            format!("山东省信息进村入户工程进度通报（{month}）")
        );
        assert!(
            notice.body.contains("第 1 名　济宁市　覆盖率 50.0%"),
            "{}",
            notice.body
        );
        assert!(notice.body.contains("—　济南市　未报送"), "{}", notice.body);
    }
}
