//! Importing registers over HTTP on both engines: every row checked with its row and
//! column, nothing written from a file with problems unless its clean rows are asked for,
//! a second import changing nothing, the importer's region enforced, and the gap planner and
//! coverage following the poverty villages.

mod support;

on_both_backends!(
    a_station_register_with_problems_writes_nothing_then_its_clean_rows_once,
    an_informant_list_in_xlsx_makes_accounts_that_sign_in,
    a_poverty_list_moves_its_villages_to_the_front_of_the_gap_planner,
    a_merge_moves_stations_and_accounts_and_the_village_leaves_the_counts,
);

mod cases {
    use std::sync::Arc;

    use reqwest::{Method, StatusCode};
    use yinong_model::coverage::{Coverage, GapPage};
    use yinong_model::import::ImportReport;
    use yinong_model::station::{StationPage, StationStatus};
    use yinong_store::Store;

    use crate::support::{demo_session, error_message, farmer_session, log_in, TestServer};

    async fn import(
        server: &TestServer,
        session: &str,
        kind: &str,
        write: &str,
        file: &[u8],
    ) -> ImportReport {
        let response = server
            .request(
                Method::POST,
                &format!("/api/imports/{kind}?write={write}"),
                Some(session),
            )
            .body(file.to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }

    fn problems(report: &ImportReport) -> Vec<(u32, &str)> {
        report
            .problems
            .iter()
            .map(|p| (p.line, p.column.as_str()))
            .collect()
    }

    const STATION_HEADINGS: &str = "统一编号,行政区划代码,站点名称,站点类型,依托场所,地址,经度,纬度,开放时间,场所面积（平方米）,设备数量,宽带（Mbps）,网页地址,持续运营能力,状态,开始运营日期,信息员姓名,信息员手机,信息员持证";

    pub async fn a_station_register_with_problems_writes_nothing_then_its_clean_rows_once(
        store: Arc<dyn Store>,
    ) {
        let server = TestServer::start(store, true).await;
        let county = demo_session(&server, "rencheng-county").await;
        let template = server
            .request(Method::GET, "/api/imports/stations/template", None)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        assert!(
            template.starts_with(format!("\u{feff}{STATION_HEADINGS}").as_bytes()),
            "the CSV template has the register's headings"
        );

        let village = "370811002004";
        let stations_in = |session: String| {
            let server = &server;
            async move {
                let page: StationPage = server
                    .get_json(&format!("/api/stations?region={village}"), Some(&session))
                    .await;
                page.total
            }
        };
        let before = stations_in(county.clone()).await;
        let file = format!(
            "{STATION_HEADINGS}\n\
             ,{village},风韵荷都益农信息社,标准型,村委会,风韵荷都社区,116.59,35.41,8:00-18:00,40,3,100,http://fyhd.example,是,运营中,2018-06-30,赵敏,13700000001,是\n\
             ,{village},风韵荷都二号站,简易型,便利店,风韵荷都,,,8:00-18:00,,,,,,运营,,,,\n\
             ,370812001002,邻区的站,简易型,便利店,某地,,,全天,,,,,,运营中,,,,\n"
        );
        let checked = import(&server, &county, "stations", "all", file.as_bytes()).await;
        assert_eq!((checked.rows, checked.clean_rows), (3, 1));
        assert_eq!(problems(&checked), [(3, "状态"), (4, "行政区划代码")]);
        assert!(checked.problems[0].message.contains("“运营”不是可选值"));
        assert!(checked.problems[1].message.contains("不在您可管理的范围内"));
        assert_eq!(checked.written, None, "a file with problems is not written");
        assert_eq!(stations_in(county.clone()).await, before);
        let rejected = checked.rejected_csv.expect("the rows to correct");
        assert!(rejected.contains("风韵荷都二号站") && rejected.contains("第 3 行"));
        assert!(rejected.contains("邻区的站") && !rejected.contains("赵敏"));

        let written = import(&server, &county, "stations", "clean", file.as_bytes()).await;
        let tally = written.written.expect("clean rows written");
        assert_eq!((tally.created, tally.updated, tally.unchanged), (1, 0, 0));
        assert_eq!(stations_in(county.clone()).await, before + 1);
        let page: StationPage = server
            .get_json(&format!("/api/stations?region={village}"), Some(&county))
            .await;
        let station = page
            .stations
            .iter()
            .find(|s| s.details.name == "风韵荷都益农信息社")
            .unwrap();
        assert_eq!(station.status, StationStatus::Operating);
        assert_eq!(station.opened_on.as_deref(), Some("2018-06-30"));
        assert_eq!(station.qualified_informants, 1);
        assert!(
            station.compliant,
            "all six 六有 items, the informant certified"
        );

        let again = import(&server, &county, "stations", "clean", file.as_bytes()).await;
        let tally = again.written.unwrap();
        assert_eq!((tally.created, tally.updated, tally.unchanged), (0, 0, 1));
        assert_eq!(stations_in(county.clone()).await, before + 1);

        let audit: Vec<serde_json::Value> = server.get_json("/api/audit", Some(&county)).await;
        assert!(audit.iter().any(|entry| entry["action"] == "imported"
            && entry["object_kind"] == "station"
            && entry["object_id"] == station.code.as_str()));

        let township = demo_session(&server, "rencheng-township").await;
        let refused = server
            .request(Method::POST, "/api/imports/stations", Some(&township))
            .body(file)
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        let (status, message) = error_message(
            server
                .request(Method::POST, "/api/imports/stations", Some(&county))
                .body("名字,电话\n张三,1\n")
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(message.contains("找不到表头"), "{message}");
    }

    fn xlsx(rows: &[&[&str]]) -> Vec<u8> {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "信息员名单").unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                sheet.write_string(r as u32 + 2, c as u16, *cell).unwrap();
            }
        }
        workbook.save_to_buffer().unwrap()
    }

    pub async fn an_informant_list_in_xlsx_makes_accounts_that_sign_in(store: Arc<dyn Store>) {
        let server = TestServer::start(store, true).await;
        let county = demo_session(&server, "rencheng-county").await;
        farmer_session(&server, "13900000077").await;
        let headings: &[&str] = &[
            "姓名",
            "手机号码",
            "村代码",
            "身份证号码",
            "用户名",
            "初始密码",
            "状态",
        ];
        let file = xlsx(&[
            headings,
            &[
                "钱进",
                "13700000011",
                "370811002001",
                "",
                "qianjin",
                "qianjin-2026",
                "在岗",
            ],
            &[
                "孙立",
                "13900000077",
                "370811002003",
                "",
                "",
                "sunli-2026",
                "",
            ],
            &["周全", "13700000012", "370811002004", "", "", "", ""],
        ]);
        let first = import(&server, &county, "informants", "clean", &file).await;
        assert_eq!(
            problems(&first),
            [(5, "手机号码"), (6, "初始密码")],
            "rows counted as the spreadsheet shows them, the title above the headings"
        );
        assert!(first.problems[0].message.contains("已登记为农民账号"));
        assert_eq!(first.written.unwrap().created, 1);
        let signed_in = log_in(&server, "13700000011", "qianjin-2026").await;
        assert_eq!(signed_in.status(), StatusCode::OK);
        let me: serde_json::Value = signed_in.json().await.unwrap();
        assert_eq!(me["role"], "informant");

        let again = import(&server, &county, "informants", "clean", &file).await;
        let tally = again.written.unwrap();
        assert_eq!((tally.created, tally.updated, tally.unchanged), (0, 0, 1));
        let still = log_in(&server, "qianjin", "qianjin-2026").await;
        assert_eq!(still.status(), StatusCode::OK, "the password was not reset");
    }

    pub async fn a_poverty_list_moves_its_villages_to_the_front_of_the_gap_planner(
        store: Arc<dyn Store>,
    ) {
        let server = TestServer::start(store, true).await;
        let county = demo_session(&server, "rencheng-county").await;
        let gaps = || async {
            let page: GapPage = server
                .get_json("/api/coverage/370811/gaps?limit=1000", Some(&county))
                .await;
            page.gaps
        };
        let before = gaps().await;
        let poverty_first = before.iter().take_while(|gap| gap.poverty).count();
        let last = before.last().unwrap().clone();
        assert!(!last.poverty);
        let coverage = || async {
            let coverage: Coverage = server.get_json("/api/coverage/370811", Some(&county)).await;
            coverage.summary.figures.poverty_villages
        };
        let poverty_before = coverage().await;

        let file = format!(
            "行政区划代码,名称,是否贫困\n{},{},是\n{},不是这个名字,是\n",
            last.village.code, last.village.name, before[0].village.code
        );
        let report = import(&server, &county, "poverty", "clean", file.as_bytes()).await;
        assert_eq!(problems(&report), [(3, "名称")]);
        assert_eq!(report.written.unwrap().updated, 1);
        let after = gaps().await;
        let moved = after
            .iter()
            .position(|gap| gap.village.code == last.village.code)
            .unwrap();
        assert!(after[moved].poverty);
        assert!(
            moved <= poverty_first,
            "the newly poor village ranks among the poverty villages ({moved} of {poverty_first})"
        );
        assert_eq!(coverage().await, poverty_before + 1);

        // The region page takes the mark away again.
        let cleared = server
            .request(
                Method::PUT,
                &format!("/api/regions/{}/poverty", last.village.code),
                Some(&county),
            )
            .json(&serde_json::json!({ "poverty": false }))
            .send()
            .await
            .unwrap();
        assert_eq!(cleared.status(), StatusCode::OK);
        assert_eq!(coverage().await, poverty_before);
        assert_eq!(gaps().await.last().unwrap().village.code, last.village.code);
        let township = demo_session(&server, "rencheng-township").await;
        let refused = server
            .request(
                Method::PUT,
                &format!("/api/regions/{}/poverty", last.village.code),
                Some(&township),
            )
            .json(&serde_json::json!({ "poverty": true }))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    }

    pub async fn a_merge_moves_stations_and_accounts_and_the_village_leaves_the_counts(
        store: Arc<dyn Store>,
    ) {
        use yinong_model::region::Region;
        use yinong_model::station::StationDetail;
        let server = TestServer::start(store, true).await;
        let county = demo_session(&server, "rencheng-county").await;
        let township = "370811017";
        let stations: StationPage = server
            .get_json(&format!("/api/stations?region={township}"), Some(&county))
            .await;
        let station = stations
            .stations
            .first()
            .expect("the demo has stations there");
        let merged = station.region_code.clone();
        let villages: Vec<Region> = server
            .get_json(&format!("/api/regions/{township}/children"), None)
            .await;
        let successor = villages.iter().find(|v| v.code != merged).unwrap().clone();
        let merged_name = villages
            .iter()
            .find(|v| v.code == merged)
            .unwrap()
            .name
            .clone();
        let villages_of_township = || async {
            let coverage: Coverage = server.get_json("/api/coverage/370811", Some(&county)).await;
            coverage
                .children
                .iter()
                .find(|c| c.region.as_ref().unwrap().code.as_str() == township)
                .unwrap()
                .figures
                .villages
        };
        let before = villages_of_township().await;
        let detail: StationDetail = server
            .get_json(&format!("/api/stations/{}", station.code), Some(&county))
            .await;
        let history_before = detail.history.len();
        let farmer = farmer_session(&server, "13900000088").await;
        let chose = server
            .request(Method::PUT, "/api/me/village", Some(&farmer))
            .json(&serde_json::json!({ "village_code": merged.as_str() }))
            .send()
            .await
            .unwrap();
        assert!(chose.status().is_success());

        let file = format!(
            "原村代码,原村名称,并入村代码,并入村名称,撤并日期\n\
             {merged},{merged_name},{},{},2021-01-01\n\
             {},,370812001002,,\n",
            successor.code, successor.name, successor.code
        );
        let report = import(&server, &county, "merges", "clean", file.as_bytes()).await;
        assert_eq!(problems(&report), [(3, "并入村代码")]);
        assert!(report.problems[0].message.contains("同一个县"));
        assert_eq!(report.written.unwrap().updated, 1);

        assert_eq!(villages_of_township().await, before - 1);
        let now: Vec<Region> = server
            .get_json(&format!("/api/regions/{township}/children"), None)
            .await;
        assert!(now.iter().all(|v| v.code != merged), "no longer offered");
        let moved: StationDetail = server
            .get_json(&format!("/api/stations/{}", station.code), Some(&county))
            .await;
        assert_eq!(moved.station.region_code, successor.code);
        let last = moved.history.last().unwrap();
        assert!(last.reason.as_deref().unwrap().contains("撤并"), "{last:?}");
        assert_eq!(
            moved.history.len(),
            history_before + 1,
            "the history before stays"
        );
        let me: serde_json::Value = server.get_json("/api/me", Some(&farmer)).await;
        let path = me["region_path"].as_array().unwrap();
        assert_eq!(path.last().unwrap()["code"], successor.code.as_str());
        // A phone still remembering the merged village is shown its successor, and told.
        let home: yinong_model::portal::VillageHome = server
            .get_json(&format!("/api/villages/{merged}/home"), None)
            .await;
        assert_eq!(home.village.code, successor.code);
        assert_eq!(home.merged_from.map(|old| old.name), Some(merged_name));
        assert!(home.stations.iter().any(|s| s.code == station.code));

        let again = import(&server, &county, "merges", "clean", file.as_bytes()).await;
        assert_eq!(again.written.unwrap().unchanged, 1);
        let late = format!(
            "行政区划代码,站点名称,站点类型,地址,开放时间,状态\n{merged},迟到的站,简易型,某处,全天,运营中\n"
        );
        let refused = import(&server, &county, "stations", "check", late.as_bytes()).await;
        assert_eq!(problems(&refused), [(2, "行政区划代码")]);
        assert!(refused.problems[0].message.contains("已撤并"));
    }
}
