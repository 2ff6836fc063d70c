//! 验收 and 备案 over HTTP on SQLite and PostgreSQL: the county inspects a built station
//! item by item (a failed inspection names what to correct and by when; a passed one
//! accepts it, and no status click can), files it to the city, and the city confirms or
//! returns the filing.

mod support;

on_both_backends!(
    a_built_station_is_accepted_only_by_a_passed_inspection,
    the_county_files_accepted_stations_and_the_city_confirms_or_returns,
);

mod cases {
    use std::sync::Arc;

    use reqwest::{Method, StatusCode};
    use yinong_model::acceptance::{
        FiledStation, Filing, FilingPage, Inspection, InspectionResult, StationAcceptance,
    };
    use yinong_model::account::Role;
    use yinong_model::review::ReviewStatus;
    use yinong_model::station::{StationDetail, StationStatus};
    use yinong_store::Store;

    use crate::support::{
        error_message, hash_of, staff_accounts, staff_sessions, station, two_counties, TestServer,
        JPEG,
    };

    const JIA: &str = "370811001001";
    const YI: &str = "370811001002";

    /// The small tree with a second county, a built station in 甲村 and an accepted one in
    /// 乙村 (accepted before inspections were kept: not ready to file), and the county's,
    /// township's, city's and the other county's administrators signed in.
    async fn county_with_stations(store: Arc<dyn Store>) -> (TestServer, [String; 4]) {
        two_counties(store.as_ref()).await;
        store
            .insert_demo_stations(&[
                station(JIA, StationStatus::Built, None, true),
                station(YI, StationStatus::Accepted, None, true),
            ])
            .await
            .unwrap();
        staff_accounts(
            store.as_ref(),
            &[
                (Role::CountyAdmin, "370811", "13900000001"),
                (Role::TownshipAdmin, "370811001", "13900000002"),
                (Role::Leader, "3708", "13900000003"),
                (Role::CountyAdmin, "370812", "13900000004"),
            ],
        )
        .await;
        let server = TestServer::start(store, false).await;
        let sessions = staff_sessions(
            &server,
            ["13900000001", "13900000002", "13900000003", "13900000004"],
        )
        .await;
        (server, sessions)
    }

    fn inspection(met: [bool; 6], photos: &[String]) -> serde_json::Value {
        let items: Vec<_> = met
            .iter()
            .enumerate()
            .map(|(index, met)| {
                serde_json::json!({
                    "met": met,
                    "note": if *met { "" } else { "未配备电脑" },
                    "photos": if index == 0 { photos.to_vec() } else { Vec::new() },
                })
            })
            .collect();
        serde_json::json!({
            "inspected_on": "2026-11-20",
            "inspectors": "李明、王芳",
            "items": items,
        })
    }

    pub async fn a_built_station_is_accepted_only_by_a_passed_inspection(store: Arc<dyn Store>) {
        let (server, [county, township, _, elsewhere]) = county_with_stations(store).await;
        let code = format!("{JIA}01");
        let path = format!("/api/stations/{code}/inspections");
        let post = |session: &str, body: serde_json::Value| {
            server
                .request(Method::POST, &path, Some(session))
                .json(&body)
                .send()
        };

        let clicked = server
            .request(
                Method::POST,
                &format!("/api/stations/{code}/status"),
                Some(&county),
            )
            .json(&serde_json::json!({ "to": "accepted" }))
            .send()
            .await
            .unwrap();
        assert_eq!(clicked.status(), StatusCode::BAD_REQUEST);
        assert!(error_message(clicked).await.1.contains("验收记录"));

        let photo = server
            .request(Method::POST, "/api/photos", Some(&county))
            .header("content-type", "image/jpeg")
            .body(JPEG.to_vec())
            .send()
            .await
            .unwrap();
        assert!(photo.status().is_success());
        let photos = [hash_of(&JPEG)];

        let mut failing = inspection([true, true, false, true, true, true], &photos);
        let unexplained = post(&county, failing.clone()).await.unwrap();
        assert_eq!(unexplained.status(), StatusCode::BAD_REQUEST);
        assert!(error_message(unexplained).await.1.contains("整改的问题"));
        failing["problems"] = "设备未到位：须配备电脑 1 台".into();
        failing["correct_by"] = "2026-12-20".into();
        assert_eq!(
            post(&township, failing.clone()).await.unwrap().status(),
            StatusCode::FORBIDDEN,
            "the county inspects"
        );
        assert_eq!(
            post(&elsewhere, failing.clone()).await.unwrap().status(),
            StatusCode::FORBIDDEN
        );
        let failed = post(&county, failing).await.unwrap();
        assert_eq!(failed.status(), StatusCode::CREATED);
        let failed: Inspection = failed.json().await.unwrap();
        assert_eq!(failed.result, InspectionResult::Failed);
        assert_eq!(failed.correct_by.as_deref(), Some("2026-12-20"));
        assert_eq!(failed.items[0].photos, photos);
        let detail: StationDetail = server
            .get_json(&format!("/api/stations/{code}"), Some(&county))
            .await;
        assert_eq!(detail.station.status, StationStatus::Built, "still built");

        let unsent = inspection([true; 6], &[hash_of(b"never sent")]);
        let refused = post(&county, unsent).await.unwrap();
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST);

        let passed = post(&county, inspection([true; 6], &photos)).await.unwrap();
        assert_eq!(passed.status(), StatusCode::CREATED);
        let detail: StationDetail = server
            .get_json(&format!("/api/stations/{code}"), Some(&county))
            .await;
        assert_eq!(detail.station.status, StationStatus::Accepted);
        let last = detail.history.last().unwrap();
        assert_eq!(last.to, StationStatus::Accepted);
        assert_eq!(last.reason.as_deref(), Some("验收合格（李明、王芳）"));

        let again = post(&county, inspection([true; 6], &[])).await.unwrap();
        assert_eq!(again.status(), StatusCode::CONFLICT, "only a built station");
        assert!(error_message(again).await.1.contains("已验收"));

        let kept: StationAcceptance = server.get_json(&path, Some(&township)).await;
        let results: Vec<_> = kept.inspections.iter().map(|i| i.result).collect();
        assert_eq!(
            results,
            [InspectionResult::Passed, InspectionResult::Failed],
            "newest first, the failed one kept"
        );
        assert_eq!(kept.inspections[1].problems, "设备未到位：须配备电脑 1 台");
        assert_eq!(kept.filing, None);
        let opened = server
            .request(
                Method::POST,
                &format!("/api/stations/{code}/status"),
                Some(&county),
            )
            .json(&serde_json::json!({ "to": "operating" }))
            .send()
            .await
            .unwrap();
        assert_eq!(opened.status(), StatusCode::OK, "an accepted station opens");
    }

    pub async fn the_county_files_accepted_stations_and_the_city_confirms_or_returns(
        store: Arc<dyn Store>,
    ) {
        let (server, [county, township, city, elsewhere]) = county_with_stations(store).await;
        let code = format!("{JIA}01");
        let inspected = server
            .request(
                Method::POST,
                &format!("/api/stations/{code}/inspections"),
                Some(&county),
            )
            .json(&inspection([true; 6], &[]))
            .send()
            .await
            .unwrap();
        assert_eq!(inspected.status(), StatusCode::CREATED);

        let ready: Vec<FiledStation> = server
            .get_json("/api/filings/ready?county=370811", Some(&county))
            .await;
        let codes: Vec<_> = ready.iter().map(|s| s.code.as_str()).collect();
        assert_eq!(codes, [code.as_str()], "乙村's has no passed inspection");
        assert_eq!(ready[0].place, "任城区 古槐街道 甲村");
        assert_eq!(ready[0].inspected_on.as_deref(), Some("2026-11-20"));
        let not_theirs = server
            .request(
                Method::GET,
                "/api/filings/ready?county=370811",
                Some(&elsewhere),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(not_theirs.status(), StatusCode::FORBIDDEN);

        let file = |session: &str, stations: &[&str]| {
            server
                .request(Method::POST, "/api/filings", Some(session))
                .json(&serde_json::json!({ "county_code": "370811", "stations": stations }))
                .send()
        };
        let with_unready = file(&county, &[&code, &format!("{YI}01")]).await.unwrap();
        assert_eq!(with_unready.status(), StatusCode::CONFLICT);
        assert!(error_message(with_unready)
            .await
            .1
            .contains(&format!("{YI}01")));
        assert_eq!(
            file(&township, &[&code]).await.unwrap().status(),
            StatusCode::FORBIDDEN
        );
        let filed = file(&county, &[&code]).await.unwrap();
        assert_eq!(filed.status(), StatusCode::CREATED);
        let filed: Filing = filed.json().await.unwrap();
        assert_eq!(filed.status, ReviewStatus::Pending);
        assert_eq!(filed.county_name, "任城区");
        assert_eq!(filed.stations.len(), 1);
        assert_eq!(
            file(&county, &[&code]).await.unwrap().status(),
            StatusCode::CONFLICT,
            "one station in one waiting filing"
        );
        let ready: Vec<FiledStation> = server
            .get_json("/api/filings/ready?county=370811", Some(&county))
            .await;
        assert!(ready.is_empty());

        // The city's queue holds it; the county cannot confirm its own.
        let queue: FilingPage = server.get_json("/api/filings/review", Some(&city)).await;
        assert_eq!(queue.total, 1);
        let review = |session: &str, body: serde_json::Value| {
            server
                .request(
                    Method::POST,
                    &format!("/api/filings/{}/review", filed.id),
                    Some(session),
                )
                .json(&body)
                .send()
        };
        assert_eq!(
            review(&county, serde_json::json!({ "approve": true }))
                .await
                .unwrap()
                .status(),
            StatusCode::FORBIDDEN
        );
        let returned = review(
            &city,
            serde_json::json!({ "approve": false, "send_back": true, "reason": "请补充验收照片" }),
        )
        .await
        .unwrap();
        assert_eq!(returned.status(), StatusCode::OK);
        let mine: FilingPage = server.get_json("/api/filings/mine", Some(&county)).await;
        assert_eq!(mine.filings[0].status, ReviewStatus::Returned);
        assert_eq!(
            mine.filings[0].review_note.as_deref(),
            Some("请补充验收照片")
        );

        // Returned: filed again, and this time confirmed.
        let again = file(&county, &[&code]).await.unwrap();
        assert_eq!(again.status(), StatusCode::CREATED);
        let again: Filing = again.json().await.unwrap();
        let approve = server
            .request(Method::POST, "/api/filings/approve", Some(&city))
            .json(&serde_json::json!({ "ids": [again.id] }))
            .send()
            .await
            .unwrap();
        assert_eq!(approve.status(), StatusCode::OK);
        let kept: StationAcceptance = server
            .get_json(&format!("/api/stations/{code}/inspections"), Some(&city))
            .await;
        assert_eq!(kept.filing, Some(ReviewStatus::Approved));
        let confirmed: FilingPage = server
            .get_json("/api/filings/review?status=approved", Some(&city))
            .await;
        assert_eq!(confirmed.total, 1);
        assert_eq!(
            file(&county, &[&code]).await.unwrap().status(),
            StatusCode::CONFLICT,
            "a filed station is not filed again"
        );
    }
}
