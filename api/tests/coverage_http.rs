//! The coverage and station endpoints over real HTTP, on both engines, with the demo.

mod support;

on_both_backends!(
    a_city_leader_reads_coverage_of_their_city_only,
    the_map_has_the_shipped_boundaries_keyed_by_code,
    the_progress_table_and_the_gap_list_download,
    a_county_edits_its_target_with_an_audit_entry_and_others_cannot,
    a_county_declares_and_approves_a_station_and_the_township_cannot_approve,
    farmers_in_the_app_count_against_the_app_user_target,
);

mod cases {
    use std::sync::Arc;

    use reqwest::{Method, StatusCode};
    use yinong_model::coverage::{Coverage, GapPage};
    use yinong_model::error::ErrorBody;
    use yinong_model::station::{Station, StationDetail, StationStatus};
    use yinong_store::Store;

    use crate::support::{demo_session, station, TestServer};

    pub async fn a_county_edits_its_target_with_an_audit_entry_and_others_cannot(
        store: Arc<dyn Store>,
    ) {
        let server = TestServer::start(store, true).await;
        let county = demo_session(&server, "rencheng-county").await;
        let put = |session: &str, code: &str, body: serde_json::Value| {
            server
                .request(
                    Method::PUT,
                    &format!("/api/regions/{code}/targets"),
                    Some(session),
                )
                .json(&body)
                .send()
        };
        let target = serde_json::json!({
            "period": "2021",
            "metric": "stations_total",
            "value": 600.0,
            "basis_villages": 567,
            "source": "任城区 2021 年信息进村入户工作方案",
        });
        let set = put(&county, "370811", target.clone()).await.unwrap();
        assert_eq!(set.status(), StatusCode::OK);
        let coverage: Coverage = server
            .get_json("/api/coverage/370811?period=2021", Some(&county))
            .await;
        assert!(coverage.periods.contains(&"2021".to_owned()));
        let due = coverage.summary.stations_due.unwrap();
        assert_eq!((due.value, due.basis_villages), (600.0, Some(567)));

        // Changing it again records before and after.
        let mut lower = target.clone();
        lower["value"] = 580.0.into();
        assert_eq!(
            put(&county, "370811", lower).await.unwrap().status(),
            StatusCode::OK
        );
        let audit: Vec<serde_json::Value> = server.get_json("/api/audit", Some(&county)).await;
        let changes: Vec<&serde_json::Value> = audit
            .iter()
            .filter(|entry| entry["object_kind"] == "target")
            .collect();
        assert_eq!(changes.len(), 2);
        let newest = changes[0];
        assert_eq!(newest["object_id"], "370811/2021/stations_total");
        assert!(newest["before"].as_str().unwrap().contains("600"));
        assert!(newest["after"].as_str().unwrap().contains("580"));
        assert!(changes[1]["before"].is_null());

        let neighbour = put(&county, "370812", target.clone()).await.unwrap();
        assert_eq!(neighbour.status(), StatusCode::FORBIDDEN);
        let leader = demo_session(&server, "jining-leader").await;
        let by_leader = put(&leader, "370811", target.clone()).await.unwrap();
        assert_eq!(by_leader.status(), StatusCode::FORBIDDEN);
        let township = demo_session(&server, "rencheng-township").await;
        let by_township = put(&township, "370811", target.clone()).await.unwrap();
        assert_eq!(by_township.status(), StatusCode::FORBIDDEN);
        let mut ratio = target.clone();
        ratio["metric"] = "coverage_ratio".into();
        let bad = put(&county, "370811", ratio).await.unwrap();
        assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
        let body: ErrorBody = bad.json().await.unwrap();
        assert!(body.error.message.contains("0 到 1"));
    }

    pub async fn the_map_has_the_shipped_boundaries_keyed_by_code(store: Arc<dyn Store>) {
        let server = TestServer::start(store, false).await;
        let get = |path: &str| server.request(Method::GET, path, None).send();
        let json = |response: reqwest::Response| async move {
            assert_eq!(response.status(), StatusCode::OK);
            assert_eq!(response.headers()["content-type"], "application/geo+json");
            response.json::<serde_json::Value>().await.unwrap()
        };
        let provinces = json(get("/api/shapes").await.unwrap()).await;
        let features = provinces["features"].as_array().unwrap();
        assert_eq!(
            features.len(),
            31 + 3,
            "the divisions' provinces, and outlines"
        );
        // 台湾, 香港 and 澳门 are outside the divisions but on every map of China.
        let outlines: Vec<&str> = features
            .iter()
            .filter(|f| f["properties"]["code"].is_null())
            .map(|f| f["properties"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(outlines, ["台湾", "香港", "澳门"]);
        assert!(features
            .iter()
            .any(|f| f["id"] == "37" && f["properties"]["name"] == "山东省"));

        let jining = json(get("/api/shapes/3708").await.unwrap()).await;
        let names: Vec<&str> = jining["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["properties"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(names.len(), 11);
        assert_eq!(names[0], "任城区");
        // 澄江县 (530422) in the map file is today's 澄江市 (530481): matched by name.
        let yuxi = json(get("/api/shapes/5304").await.unwrap()).await;
        assert!(yuxi["features"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["id"] == "530481" && f["properties"]["name"] == "澄江市"));

        let township_level = get("/api/shapes/370811").await.unwrap();
        assert_eq!(township_level.status(), StatusCode::NOT_FOUND);
        assert_eq!(
            get("/api/shapes/37x").await.unwrap().status(),
            StatusCode::BAD_REQUEST
        );
    }

    pub async fn the_progress_table_and_the_gap_list_download(store: Arc<dyn Store>) {
        let server = TestServer::start(store, true).await;
        let leader = demo_session(&server, "jining-leader").await;
        let get = |path: &str| server.request(Method::GET, path, Some(&leader)).send();

        let csv = get("/api/coverage/3708/table?period=2019H2").await.unwrap();
        assert_eq!(csv.status(), StatusCode::OK);
        assert!(csv.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("filename*=UTF-8''%E8%BF%9B%E5%BA%A6"));
        let text = csv.text().await.unwrap();
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        assert!(lines[0].starts_with("地区,区划代码,行政村,已覆盖行政村,覆盖率"));
        assert_eq!(
            lines.len(),
            1 + 12 + 1,
            "header, 12 children, the city's total"
        );
        let rencheng: Vec<&str> = lines[1].split(',').collect();
        assert_eq!(&rencheng[..2], ["任城区", "370811"]);
        assert_eq!(rencheng[16], "454", "2019H2: 227 + 227 stations due");
        assert!(lines[13].starts_with("济宁市合计,3708,"));

        let xlsx = get("/api/coverage/3708/table?format=xlsx").await.unwrap();
        assert_eq!(xlsx.status(), StatusCode::OK);
        assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"));
        let bad = get("/api/coverage/3708/table?format=pdf").await.unwrap();
        assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
        let elsewhere = get("/api/coverage/5304/table").await.unwrap();
        assert_eq!(elsewhere.status(), StatusCode::FORBIDDEN);
        let unknown = get("/api/coverage/370899").await.unwrap();
        assert_eq!(
            unknown.status(),
            StatusCode::NOT_FOUND,
            "no such county in 济宁"
        );

        // The gap list: every uncovered village once, poverty villages first.
        let page: GapPage = server
            .get_json("/api/coverage/370811/gaps?limit=500", Some(&leader))
            .await;
        let county: Coverage = server.get_json("/api/coverage/370811", Some(&leader)).await;
        let figures = &county.summary.figures;
        assert_eq!(page.total, figures.villages - figures.covered_villages);
        assert_eq!(page.gaps.len() as i64, page.total);
        let uncovered_poverty = figures.poverty_villages - figures.covered_poverty_villages;
        assert!(
            uncovered_poverty > 0,
            "the demo leaves poverty villages uncovered"
        );
        assert!(page.gaps[..uncovered_poverty as usize]
            .iter()
            .all(|g| g.poverty));
        assert!(page.gaps[uncovered_poverty as usize..]
            .iter()
            .all(|g| !g.poverty));
        let second: GapPage = server
            .get_json("/api/coverage/370811/gaps?offset=1&limit=1", Some(&leader))
            .await;
        assert_eq!(second.gaps, page.gaps[1..2]);
        let gap_csv = get("/api/coverage/370811/gaps?format=csv")
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(gap_csv.lines().count() as i64, 1 + page.total);
    }

    pub async fn a_city_leader_reads_coverage_of_their_city_only(store: Arc<dyn Store>) {
        let server = TestServer::start(store, true).await;
        let leader = demo_session(&server, "jining-leader").await;
        let get = |path: &str| server.request(Method::GET, path, Some(&leader)).send();

        let city: Coverage = server.get_json("/api/coverage/3708", Some(&leader)).await;
        // 11 counties and the 高新区, a statistical unit that the target table leaves out.
        assert_eq!(city.children.len(), 12);
        let with_targets = city
            .children
            .iter()
            .filter(|c| c.stations_due.is_some())
            .count();
        assert_eq!(with_targets, 11);
        assert_eq!(city.path.last().unwrap().name, "济宁市");
        let summed: i64 = city
            .children
            .iter()
            .map(|c| c.figures.covered_villages)
            .sum();
        assert_eq!(
            city.summary.figures.covered_villages, summed,
            "the city is the sum of its counties"
        );
        assert!(city.summary.figures.coverage().unwrap() > 0.7);
        assert_eq!(city.period, "2020", "the latest period with targets");
        let due: f64 = city
            .children
            .iter()
            .filter_map(|c| c.stations_due.as_ref())
            .map(|d| d.value)
            .sum();
        assert_eq!(
            city.summary.stations_due.as_ref().unwrap().value,
            due,
            "the counties' targets add up"
        );
        assert!(city.series.windows(2).all(|w| w[0].month < w[1].month));
        let end_of_2020 = city.series.iter().rfind(|p| p.month.as_str() <= "2020-12");
        assert_eq!(
            end_of_2020.unwrap().stations,
            city.summary.stations_at_period_end
        );

        let first_half: Coverage = server
            .get_json("/api/coverage/370811?period=2019H1", Some(&leader))
            .await;
        assert_eq!(
            first_half.summary.stations_due.as_ref().unwrap().value,
            227.0
        );
        assert!(first_half
            .children
            .iter()
            .all(|c| c.region.as_ref().unwrap().code.as_str().len() == 9));

        for outside in ["/api/coverage/37", "/api/coverage/5304", "/api/coverage"] {
            assert_eq!(
                get(outside).await.unwrap().status(),
                StatusCode::FORBIDDEN,
                "{outside}"
            );
        }
        let bad = get("/api/coverage/3708?period=2020H3").await.unwrap();
        assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
        assert!(bad
            .json::<ErrorBody>()
            .await
            .unwrap()
            .error
            .message
            .contains("期间"));
        let anonymous = server
            .request(Method::GET, "/api/coverage/3708", None)
            .send()
            .await
            .unwrap();
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    }

    pub async fn a_county_declares_and_approves_a_station_and_the_township_cannot_approve(
        store: Arc<dyn Store>,
    ) {
        let server = TestServer::start(store, true).await;
        let county = demo_session(&server, "rencheng-county").await;
        let township = demo_session(&server, "rencheng-township").await;
        let mut new = serde_json::to_value(
            station("370811002001", StationStatus::Declared, None, true).details,
        )
        .unwrap();
        new["region_code"] = "370811002001".into();

        let declared = server
            .request(Method::POST, "/api/stations", Some(&township))
            .json(&new)
            .send()
            .await
            .unwrap();
        assert_eq!(declared.status(), StatusCode::CREATED);
        let declared: Station = declared.json().await.unwrap();
        assert_eq!(declared.status, StationStatus::Declared);
        let status_path = format!("/api/stations/{}/status", declared.code);
        let change = |session: &str, body: serde_json::Value| {
            server
                .request(Method::POST, &status_path, Some(session))
                .json(&body)
                .send()
        };

        let by_township = change(&township, serde_json::json!({ "to": "approved" }))
            .await
            .unwrap();
        assert_eq!(
            by_township.status(),
            StatusCode::FORBIDDEN,
            "the county approves"
        );
        let unexplained = change(&county, serde_json::json!({ "to": "rejected" }))
            .await
            .unwrap();
        assert_eq!(
            unexplained.status(),
            StatusCode::BAD_REQUEST,
            "a rejection says why"
        );
        let skipping = change(&county, serde_json::json!({ "to": "operating" }))
            .await
            .unwrap();
        assert_eq!(skipping.status(), StatusCode::BAD_REQUEST);
        assert!(skipping
            .json::<ErrorBody>()
            .await
            .unwrap()
            .error
            .message
            .contains("已申报"));
        let approved = change(&county, serde_json::json!({ "to": "approved" }))
            .await
            .unwrap();
        assert_eq!(approved.status(), StatusCode::OK);

        let detail: StationDetail = server
            .get_json(&format!("/api/stations/{}", declared.code), Some(&county))
            .await;
        assert_eq!(detail.history.len(), 2);
        assert_eq!(
            detail.history[1].by.as_deref(),
            Some("任城区管理员（演示）")
        );
        assert_eq!(detail.region_path.len(), 5);

        // A village outside the county: declaring there is refused.
        new["region_code"] = "370812001001".into();
        let elsewhere = server
            .request(Method::POST, "/api/stations", Some(&county))
            .json(&new)
            .send()
            .await
            .unwrap();
        assert_eq!(elsewhere.status(), StatusCode::FORBIDDEN);
        // A county centre in a village is the wrong level.
        new["region_code"] = "370811002001".into();
        new["station_type"] = "county_centre".into();
        let wrong_level = server
            .request(Method::POST, "/api/stations", Some(&county))
            .json(&new)
            .send()
            .await
            .unwrap();
        assert_eq!(wrong_level.status(), StatusCode::BAD_REQUEST);
    }

    pub async fn farmers_in_the_app_count_against_the_app_user_target(store: Arc<dyn Store>) {
        use crate::support::farmer_session;
        let server = TestServer::start(store, true).await;
        let county = demo_session(&server, "rencheng-county").await;
        let coverage = || async {
            let coverage: Coverage = server
                .get_json("/api/coverage/370811?period=2021", Some(&county))
                .await;
            let township = coverage
                .children
                .iter()
                .find(|c| c.region.as_ref().unwrap().code.as_str() == "370811002")
                .unwrap()
                .figures
                .farmers;
            (
                coverage.summary.figures.farmers,
                coverage.summary.figures.active_farmers,
                township,
                coverage.summary.users_of_target(),
            )
        };
        let (farmers, active, township, _) = coverage().await;
        for phone in ["13900000101", "13900000102"] {
            let farmer = farmer_session(&server, phone).await;
            let chose = server
                .request(Method::PUT, "/api/me/village", Some(&farmer))
                .json(&serde_json::json!({ "village_code": "370811002001" }))
                .send()
                .await
                .unwrap();
            assert_eq!(chose.status(), StatusCode::OK);
        }
        // A farmer who has not chosen a village is counted nowhere.
        farmer_session(&server, "13900000103").await;
        let (now, now_active, now_township, of_target) = coverage().await;
        assert_eq!(
            (now, now_active, now_township),
            (farmers + 2, active + 2, township + 2)
        );
        assert_eq!(of_target, None, "no app-user target yet");

        let target = serde_json::json!({
            "period": "2021",
            "metric": "app_users",
            "value": 50.0,
            "source": "任城区 2021 年信息进村入户工作方案",
        });
        let set = server
            .request(Method::PUT, "/api/regions/370811/targets", Some(&county))
            .json(&target)
            .send()
            .await
            .unwrap();
        assert_eq!(set.status(), StatusCode::OK);
        let (_, _, _, of_target) = coverage().await;
        assert_eq!(of_target, Some(now as f64 / 50.0));
        let table = server
            .request(
                Method::GET,
                "/api/coverage/370811/table?period=2021&format=csv",
                Some(&county),
            )
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let header = table.lines().next().unwrap();
        assert!(
            header.ends_with("APP 注册用户,30 天活跃用户,用户目标,用户完成率"),
            "{header}"
        );
        assert!(table
            .lines()
            .last()
            .unwrap()
            .contains(&format!(",{now},{now_active},50,")));
    }
}
