//! 运营商 over HTTP, on SQLite and PostgreSQL: the county signs a contract for its
//! townships (one operator a township at a time), gives a correction notice the operator
//! answers and the county checks, looks into a farmer's complaint, assesses the operator by
//! the published criteria, and replaces it with its reason, the stations passing to the
//! successor.

mod support;

on_both_backends!(a_county_signs_corrects_assesses_and_replaces_its_operator,);

mod cases {
    use std::sync::Arc;

    use chrono::{Datelike, Days, NaiveDate};
    use reqwest::{Method, StatusCode};
    use serde_json::json;
    use yinong_model::account::Role;
    use yinong_model::operator::{
        score, Complaint, ComplaintPage, Contract, ContractDetail, ContractFigures,
        CorrectionNotice, CorrectionOutcome, CorrectionReport, CorrectionReportPage,
        CountyOperators, OperatorAssessment,
    };
    use yinong_model::review::ReviewStatus;
    use yinong_model::station::StationStatus;
    use yinong_store::{china_today, DemoServiceRecord, Store};

    use crate::support::{
        account, error_message, farmer_session, staff_sessions, station, two_counties, TestServer,
    };

    const JIA: &str = "370811001001";
    const YI: &str = "370811001002";

    fn served(day: NaiveDate) -> DemoServiceRecord {
        DemoServiceRecord {
            kind: "public_welfare",
            item_code: "market_prices",
            served_on: day,
        }
    }

    pub async fn a_county_signs_corrects_assesses_and_replaces_its_operator(store: Arc<dyn Store>) {
        two_counties(store.as_ref()).await;
        let people = [
            (Role::CountyAdmin, "370811", "13600000001"),
            (Role::Leader, "3708", "13600000002"),
            (Role::TownshipAdmin, "370811001", "13600000003"),
            (Role::Operator, "370811", "13600000004"),
            (Role::Operator, "3708", "13600000005"),
            (Role::Operator, "370812", "13600000006"),
            (Role::CountyAdmin, "370812", "13600000007"),
        ];
        let mut ids = Vec::new();
        for (role, region, phone) in people {
            ids.push(account(store.as_ref(), role, region, phone).await);
        }
        let (county_operator, city_operator, other_operator) = (ids[3], ids[4], ids[5]);
        let server = TestServer::start(store.clone(), false).await;
        let today = china_today();
        // 甲村 meets 六有 and served 12 times this year (and once last year); 乙村 lacks one.
        let mut jia = station(JIA, StationStatus::Operating, None, true);
        let this_year = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap();
        jia.service_records = vec![served(this_year); 12];
        jia.service_records.push(served(this_year - Days::new(1)));
        let mut yi = station(YI, StationStatus::Operating, None, false);
        yi.code = format!("{YI}01");
        yi.informants[0].phone = "10012345679".into();
        store.insert_demo_stations(&[jia, yi]).await.unwrap();
        let [county, city, township, operator, successor, _, other_county] = staff_sessions(
            &server,
            [
                "13600000001",
                "13600000002",
                "13600000003",
                "13600000004",
                "13600000005",
                "13600000006",
                "13600000007",
            ],
        )
        .await;

        // What the form offers: the township, served by nobody; the operators of the county
        // and above it, not another county's.
        let offered: CountyOperators = server
            .get_json("/api/operators?county=370811", Some(&county))
            .await;
        assert_eq!(
            offered
                .townships
                .iter()
                .map(|t| (t.name.as_str(), t.served_by.as_deref()))
                .collect::<Vec<_>>(),
            [("古槐街道", None)]
        );
        assert_eq!(
            offered.candidates.iter().map(|c| c.id).collect::<Vec<_>>(),
            [county_operator, city_operator]
        );
        let _: CountyOperators = server
            .get_json("/api/operators?county=370811", Some(&city))
            .await;
        let township_read = server
            .request(Method::GET, "/api/operators?county=370811", Some(&township))
            .send()
            .await
            .unwrap();
        assert_eq!(township_read.status(), StatusCode::FORBIDDEN);

        // Signing: the terms are checked in Chinese; only the county signs.
        let start = format!("{}-01-01", today.year());
        let end = format!("{}-12-31", today.year() + 1);
        let terms = |operator: i64, duties: serde_json::Value, townships: serde_json::Value| {
            json!({
                "county_code": "370811", "operator_id": operator, "starts_on": start,
                "ends_on": end, "duties": duties, "townships": townships,
            })
        };
        let no_duty = server
            .post_json(
                "/api/operators/contracts",
                &county,
                terms(county_operator, json!([]), json!(["370811001"])),
            )
            .await;
        assert_eq!(
            error_message(no_duty).await,
            (StatusCode::BAD_REQUEST, "请至少选择一项运营职责".into())
        );
        let elsewhere = server
            .post_json(
                "/api/operators/contracts",
                &county,
                terms(county_operator, json!(["operate"]), json!(["370812001"])),
            )
            .await;
        assert_eq!(elsewhere.status(), StatusCode::BAD_REQUEST);
        let not_theirs = server
            .post_json(
                "/api/operators/contracts",
                &county,
                terms(other_operator, json!(["operate"]), json!(["370811001"])),
            )
            .await;
        assert_eq!(
            error_message(not_theirs).await,
            (
                StatusCode::BAD_REQUEST,
                "请选择本县或上级地区登记的运营商账号".into()
            )
        );
        let by_city = server
            .post_json(
                "/api/operators/contracts",
                &city,
                terms(county_operator, json!(["operate"]), json!(["370811001"])),
            )
            .await;
        assert_eq!(by_city.status(), StatusCode::FORBIDDEN);
        let signed = server
            .post_json(
                "/api/operators/contracts",
                &county,
                terms(
                    county_operator,
                    json!(["operate", "train_informants"]),
                    json!(["370811001"]),
                ),
            )
            .await;
        assert_eq!(signed.status(), StatusCode::CREATED);
        let contract: Contract = signed.json().await.unwrap();
        assert_eq!(
            (
                contract.stations,
                contract.townships.len(),
                contract.ends_on.as_str()
            ),
            (2, 1, end.as_str())
        );
        let twice = server
            .post_json(
                "/api/operators/contracts",
                &county,
                terms(city_operator, json!(["operate"]), json!(["370811001"])),
            )
            .await;
        let (status, message) = error_message(twice).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(
            message.starts_with("古槐街道在这段时间由运营商13600000004服务"),
            "{message}"
        );
        let mine: Vec<Contract> = server
            .get_json("/api/operators/mine", Some(&operator))
            .await;
        assert_eq!(mine.iter().map(|c| c.id).collect::<Vec<_>>(), [contract.id]);
        let detail_path = format!("/api/operators/contracts/{}", contract.id);
        let theirs: ContractDetail = server.get_json(&detail_path, Some(&operator)).await;
        assert_eq!(
            theirs
                .stations
                .iter()
                .map(|s| (s.code.as_str(), s.compliant))
                .collect::<Vec<_>>(),
            [("37081100100101", true), ("37081100100201", false)]
        );
        let not_yet_theirs = server
            .request(Method::GET, &detail_path, Some(&successor))
            .send()
            .await
            .unwrap();
        assert_eq!(not_yet_theirs.status(), StatusCode::FORBIDDEN);

        // A correction notice: the deadline after today; the operator answers once at a
        // time; sent back, answered again, accepted — done on time.
        let notices_path = format!("{detail_path}/notices");
        let past = server
            .post_json(
                &notices_path,
                &county,
                json!({ "problem": "乙村益农社没有网页", "correct_by": today.to_string() }),
            )
            .await;
        assert_eq!(
            error_message(past).await,
            (StatusCode::BAD_REQUEST, "整改期限应在今天之后".into())
        );
        let deadline = today + Days::new(1);
        let issued = server
            .post_json(
                &notices_path,
                &county,
                json!({ "problem": "乙村益农社没有网页", "correct_by": deadline.to_string() }),
            )
            .await;
        assert_eq!(issued.status(), StatusCode::CREATED);
        let notice: CorrectionNotice = issued.json().await.unwrap();
        assert_eq!(notice.outcome, CorrectionOutcome::Open);
        let answer_path = format!("/api/operators/notices/{}/reports", notice.id);
        let stranger = server
            .post_json(&answer_path, &successor, json!({ "done": "已建好网页" }))
            .await;
        assert_eq!(stranger.status(), StatusCode::FORBIDDEN);
        let empty = server
            .post_json(&answer_path, &operator, json!({ "done": " " }))
            .await;
        assert_eq!(empty.status(), StatusCode::BAD_REQUEST);
        let answered = server
            .post_json(&answer_path, &operator, json!({ "done": "已建好网页" }))
            .await;
        assert_eq!(answered.status(), StatusCode::CREATED);
        let again = server
            .post_json(&answer_path, &operator, json!({ "done": "已建好网页" }))
            .await;
        assert_eq!(again.status(), StatusCode::CONFLICT);
        let queue: CorrectionReportPage = server
            .get_json("/api/correction-reports/review", Some(&county))
            .await;
        let report: &CorrectionReport = &queue.reports[0];
        assert_eq!(
            (queue.total, report.problem.as_str(), report.done.as_str()),
            (1, "乙村益农社没有网页", "已建好网页")
        );
        let other_queue = server
            .request(
                Method::GET,
                "/api/correction-reports/review",
                Some(&other_county),
            )
            .send()
            .await
            .unwrap();
        let other: CorrectionReportPage = other_queue.json().await.unwrap();
        assert_eq!(other.total, 0, "another county's queue");
        let sent_back = server
            .post_json(
                &format!("/api/correction-reports/{}/review", report.id),
                &county,
                json!({ "approve": false, "send_back": true, "reason": "网页打不开" }),
            )
            .await;
        assert_eq!(sent_back.status(), StatusCode::OK);
        let my_reports: CorrectionReportPage = server
            .get_json("/api/correction-reports/mine", Some(&operator))
            .await;
        assert_eq!(
            (
                my_reports.reports[0].status,
                my_reports.reports[0].review_note.as_deref()
            ),
            (ReviewStatus::Returned, Some("网页打不开"))
        );
        let answered = server
            .post_json(&answer_path, &operator, json!({ "done": "网页已能打开" }))
            .await;
        let second: CorrectionReport = answered.json().await.unwrap();
        let theirs: ContractDetail = server.get_json(&detail_path, Some(&county)).await;
        assert_eq!(theirs.notices[0].outcome, CorrectionOutcome::AwaitingCheck);
        let accepted = server
            .post_json(
                &format!("/api/correction-reports/{}/review", second.id),
                &county,
                json!({ "approve": true }),
            )
            .await;
        assert_eq!(accepted.status(), StatusCode::OK);
        let theirs: ContractDetail = server.get_json(&detail_path, Some(&operator)).await;
        assert_eq!(
            (
                theirs.notices[0].outcome,
                theirs.notices[0].corrected_on.as_deref()
            ),
            (CorrectionOutcome::OnTime, Some(today.to_string().as_str()))
        );

        // A farmer's complaint about 甲村's station, found true by the county.
        let farmer = farmer_session(&server, "13800138000").await;
        let short = server
            .post_json(
                "/api/complaints",
                &farmer,
                json!({ "station_code": "37081100100101", "text": "不好" }),
            )
            .await;
        assert_eq!(short.status(), StatusCode::BAD_REQUEST);
        let by_staff = server
            .post_json(
                "/api/complaints",
                &county,
                json!({ "station_code": "37081100100101", "text": "说好上午开门，去了三次都关着" }),
            )
            .await;
        assert_eq!(by_staff.status(), StatusCode::FORBIDDEN);
        let filed = server
            .post_json(
                "/api/complaints",
                &farmer,
                json!({ "station_code": "37081100100101", "text": "说好上午开门，去了三次都关着" }),
            )
            .await;
        assert_eq!(filed.status(), StatusCode::CREATED);
        let complaint: Complaint = filed.json().await.unwrap();
        assert_eq!(complaint.station_name, "甲村益农信息社");
        let decide = format!("/api/complaints/{}/review", complaint.id);
        let elsewhere = server
            .post_json(&decide, &other_county, json!({ "approve": true }))
            .await;
        assert_eq!(elsewhere.status(), StatusCode::FORBIDDEN);
        let sent_back = server
            .post_json(
                &decide,
                &county,
                json!({ "approve": false, "send_back": true, "reason": "说清楚哪天" }),
            )
            .await;
        assert_eq!(
            error_message(sent_back).await,
            (StatusCode::BAD_REQUEST, "投诉不能退回，请直接决定".into())
        );
        let all_at_once = server
            .post_json(
                "/api/complaints/approve",
                &county,
                json!({ "ids": [complaint.id] }),
            )
            .await;
        assert!(all_at_once.status().is_client_error(), "one by one");
        let upheld = server
            .post_json(&decide, &county, json!({ "approve": true }))
            .await;
        assert_eq!(upheld.status(), StatusCode::OK);
        let my_complaints: ComplaintPage =
            server.get_json("/api/complaints/mine", Some(&farmer)).await;
        assert_eq!(my_complaints.complaints[0].status, ReviewStatus::Approved);

        // The year's assessment by the published criteria.
        let assessed: OperatorAssessment = server
            .get_json("/api/operators/assessment?county=370811", Some(&city))
            .await;
        assert_eq!(assessed.year, today.year().to_string());
        let [one] = &assessed.contracts[..] else {
            panic!("one contract ran this year: {assessed:?}");
        };
        let due = u32::from(deadline.year() == today.year());
        assert_eq!(
            one.figures,
            ContractFigures {
                stations: 2,
                operating: 2,
                compliant: 1,
                with_qualified_informant: 2,
                services: 12,
                complaints_upheld: 1,
                corrections_due: due,
                corrections_on_time: due,
            }
        );
        // 25 + 15×1/2 + 20×(12÷2)/120 + 15 + (10 − 2) + 15 = 71.5
        assert_eq!((one.score, one.passed), (score(&one.figures), true));
        assert_eq!(one.score, 72);
        let month = server
            .request(
                Method::GET,
                "/api/operators/assessment?county=370811&year=2026-11",
                Some(&county),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(month.status(), StatusCode::BAD_REQUEST, "yearly");

        // Replaced for a reason: the township and its stations pass to the successor.
        let replace_path = format!("{detail_path}/replace");
        let takes_over = today + Days::new(1);
        let replacement = |operator: i64, reason: &str, starts_on: &str| {
            json!({
                "reason": reason, "operator_id": operator, "starts_on": starts_on,
                "ends_on": end, "duties": ["operate"],
            })
        };
        let no_reason = server
            .post_json(
                &replace_path,
                &county,
                replacement(city_operator, " ", &takes_over.to_string()),
            )
            .await;
        assert_eq!(no_reason.status(), StatusCode::BAD_REQUEST);
        let same = server
            .post_json(
                &replace_path,
                &county,
                replacement(county_operator, "考核不合格", &takes_over.to_string()),
            )
            .await;
        assert_eq!(
            error_message(same).await,
            (StatusCode::BAD_REQUEST, "接替的应是另一家运营商".into())
        );
        let other = server
            .post_json(
                &replace_path,
                &other_county,
                replacement(city_operator, "考核不合格", &takes_over.to_string()),
            )
            .await;
        assert_eq!(other.status(), StatusCode::FORBIDDEN);
        let replaced = server
            .post_json(
                &replace_path,
                &county,
                replacement(city_operator, "整改逾期两次", &takes_over.to_string()),
            )
            .await;
        assert_eq!(replaced.status(), StatusCode::CREATED);
        let next: Contract = replaced.json().await.unwrap();
        assert_eq!(
            (next.operator_id, next.townships.clone(), next.stations),
            (city_operator, contract.townships.clone(), 2)
        );
        let twice = server
            .post_json(
                &replace_path,
                &county,
                replacement(city_operator, "整改逾期两次", &takes_over.to_string()),
            )
            .await;
        assert_eq!(twice.status(), StatusCode::CONFLICT);
        let ended: ContractDetail = server.get_json(&detail_path, Some(&county)).await;
        assert_eq!(
            (
                ended.contract.ended_on.as_deref(),
                ended.contract.end_reason.as_deref(),
                ended.contract.successor_name.as_deref()
            ),
            (
                Some(takes_over.to_string().as_str()),
                Some("整改逾期两次"),
                Some("运营商13600000005")
            )
        );
        let taken_over: ContractDetail = server
            .get_json(
                &format!("/api/operators/contracts/{}", next.id),
                Some(&successor),
            )
            .await;
        assert_eq!(
            taken_over.took_over_from.map(|earlier| earlier.id),
            Some(contract.id)
        );
        assert_eq!(
            taken_over
                .stations
                .iter()
                .map(|s| s.code.as_str())
                .collect::<Vec<_>>(),
            ["37081100100101", "37081100100201"]
        );
        let now_served: CountyOperators = server
            .get_json("/api/operators?county=370811", Some(&county))
            .await;
        assert_eq!(
            now_served.townships[0].served_by.as_deref(),
            Some("运营商13600000004"),
            "the old operator serves until the successor takes over tomorrow"
        );
    }
}
