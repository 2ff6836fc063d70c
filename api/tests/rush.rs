//! A morning rush: many requests at once against every limit and counter, over a real
//! socket on SQLite and PostgreSQL. A limit lets exactly its number through, no request
//! answers 5xx (SQLite's one writer is waited for, not reported as locked), a farmer's
//! request resent under its `Idempotency-Key` makes one record, and a record stored by an
//! older server is still recognised when its phone sends it again.

mod support;

on_both_backends!(
    racing_posts_for_one_farmer_stop_exactly_at_the_limit,
    racing_questions_and_requests_stop_exactly_at_the_limit,
    a_farmers_request_resent_under_its_key_makes_one_record,
    racing_exam_draws_give_one_paper_and_the_daily_limit_holds,
    racing_station_declarations_get_distinct_numbers,
    a_record_stored_by_an_older_server_is_recognised_when_resent,
    a_batch_from_the_outbox_is_answered_record_by_record,
    a_record_over_its_limit_inside_a_batch_is_undone_alone,
);

mod cases {
    use std::sync::Arc;

    use chrono::{Duration, Utc};
    use reqwest::{Method, StatusCode};
    use yinong_model::account::Role;
    use yinong_model::station::StationStatus;
    use yinong_model::sync::uuid_v7;
    use yinong_store::qualification::PaperLimit;
    use yinong_store::{Store, StoreError};

    use crate::support::{
        account, farmer_session, small_tree, staff_accounts, staff_sessions, station, trainee,
        TestServer,
    };

    const JIA: &str = "370811001001";
    const JIA_STATION: &str = "37081100100101";

    /// Sends all `requests` at once and answers their statuses, in order.
    async fn all_at_once(requests: Vec<reqwest::RequestBuilder>) -> Vec<StatusCode> {
        let sent: Vec<_> = requests
            .into_iter()
            .map(|request| tokio::spawn(request.send()))
            .collect();
        let mut statuses = Vec::with_capacity(sent.len());
        for response in sent {
            statuses.push(response.await.unwrap().unwrap().status());
        }
        statuses
    }

    fn count(statuses: &[StatusCode], status: StatusCode) -> usize {
        statuses.iter().filter(|&&s| s == status).count()
    }

    fn assert_no_server_error(statuses: &[StatusCode]) {
        assert!(
            statuses.iter().all(|status| !status.is_server_error()),
            "{statuses:?}"
        );
    }

    pub async fn racing_posts_for_one_farmer_stop_exactly_at_the_limit(store: Arc<dyn Store>) {
        use yinong_model::jobs::OPEN_POSTS_PER_ACCOUNT;
        use yinong_model::listing::OPEN_LISTINGS_PER_ACCOUNT;
        store.upsert_regions(&small_tree()).await.unwrap();
        staff_accounts(store.as_ref(), &[(Role::Informant, JIA, "13900000001")]).await;
        let server = TestServer::start(store.clone(), false).await;
        let [informant] = staff_sessions(&server, ["13900000001"]).await;
        let listing = |n: usize| {
            serde_json::json!({
                "kind": "sell", "region_code": JIA, "product": format!("苹果{n}"),
                "quantity": "2000", "unit": "斤", "price": "2.5 元/斤", "description": "",
                "contact_name": "王大爷", "contact_phone": "13812345678", "photos": [],
                "days": 20,
            })
        };
        let tomorrow = (yinong_store::china_today() + chrono::Days::new(1)).to_string();
        let job = |n: usize| {
            serde_json::json!({
                "kind": "hiring", "region_code": JIA, "title": format!("收玉米{n}"),
                "description": "", "starts_on": tomorrow, "ends_on": null,
                "pay": "150 元/天", "headcount": 5, "contact_name": "王师傅",
                "contact_phone": "13812345678",
            })
        };
        let sends = |path: &str, body: &dyn Fn(usize) -> serde_json::Value, seed: u8| {
            (0..30)
                .map(|n| {
                    let id = uuid_v7(1_780_000_000_000 + n as u64, [seed; 10]);
                    server
                        .request(Method::PUT, &format!("{path}/{id}"), Some(&informant))
                        .json(&body(n))
                })
                .collect::<Vec<_>>()
        };
        for (path, body, seed, limit) in [
            (
                "/api/listings",
                &listing as &dyn Fn(usize) -> serde_json::Value,
                1,
                OPEN_LISTINGS_PER_ACCOUNT,
            ),
            ("/api/jobs", &job, 2, OPEN_POSTS_PER_ACCOUNT),
        ] {
            let statuses = all_at_once(sends(path, body, seed)).await;
            assert_no_server_error(&statuses);
            assert_eq!(
                count(&statuses, StatusCode::CREATED),
                limit as usize,
                "{path}: {statuses:?}"
            );
            assert_eq!(
                count(&statuses, StatusCode::CONFLICT),
                30 - limit as usize,
                "{path}"
            );
        }
    }

    pub async fn racing_questions_and_requests_stop_exactly_at_the_limit(store: Arc<dyn Store>) {
        use yinong_model::question::OPEN_QUESTIONS_PER_ACCOUNT;
        use yinong_model::request::OPEN_REQUESTS_PER_FARMER;
        store.upsert_regions(&small_tree()).await.unwrap();
        store
            .upsert_service_catalogue(&yinong_api::portal::catalogue::catalogue())
            .await
            .unwrap();
        store
            .insert_demo_stations(&[station(JIA, StationStatus::Operating, None, true)])
            .await
            .unwrap();
        let server = TestServer::start(store, false).await;
        let farmer = farmer_session(&server, "13800138000").await;
        let questions = (0..20)
            .map(|n| {
                server
                    .request(Method::POST, "/api/questions", Some(&farmer))
                    .json(&serde_json::json!({
                        "region_code": JIA, "crop": "小麦", "topic": "pests_and_diseases",
                        "text": format!("叶子发黄第{n}块地"), "photos": [],
                    }))
            })
            .collect();
        let statuses = all_at_once(questions).await;
        assert_no_server_error(&statuses);
        assert_eq!(
            count(&statuses, StatusCode::CREATED),
            OPEN_QUESTIONS_PER_ACCOUNT as usize,
            "{statuses:?}"
        );
        let requests = (0..25)
            .map(|n| {
                server
                    .request(Method::POST, "/api/requests", Some(&farmer))
                    .json(&serde_json::json!({
                        "station_code": JIA_STATION, "item": "utility_bill",
                        "details": format!("电费第{n}户"),
                    }))
            })
            .collect();
        let statuses = all_at_once(requests).await;
        assert_no_server_error(&statuses);
        assert_eq!(
            count(&statuses, StatusCode::CREATED),
            OPEN_REQUESTS_PER_FARMER as usize,
            "{statuses:?}"
        );
    }

    pub async fn a_farmers_request_resent_under_its_key_makes_one_record(store: Arc<dyn Store>) {
        use yinong_model::question::QuestionPage;
        store.upsert_regions(&small_tree()).await.unwrap();
        let server = TestServer::start(store, false).await;
        let farmer = farmer_session(&server, "13800138000").await;
        let neighbour = farmer_session(&server, "13800138001").await;
        let question = |text: &str| {
            serde_json::json!({
                "region_code": JIA, "crop": "小麦", "topic": "pests_and_diseases",
                "text": text, "photos": [],
            })
        };
        let ask = |session: &str, key: &str, body: &serde_json::Value| {
            server
                .request(Method::POST, "/api/questions", Some(session))
                .header("Idempotency-Key", key)
                .json(body)
        };
        let key = "0193a1b2-weak-network-retry";
        // The answer is lost on the way back, so the phone sends again, several times.
        let statuses = all_at_once(
            (0..6)
                .map(|_| ask(&farmer, key, &question("叶子发黄怎么办")))
                .collect(),
        )
        .await;
        assert_eq!(count(&statuses, StatusCode::CREATED), 1, "{statuses:?}");
        assert_eq!(count(&statuses, StatusCode::OK), 5, "{statuses:?}");
        let again = ask(&farmer, key, &question("叶子发黄怎么办"))
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::OK);
        let first: yinong_model::question::Question = again.json().await.unwrap();
        assert_eq!(first.text, "叶子发黄怎么办");
        let mine: QuestionPage = server.get_json("/api/questions/mine", Some(&farmer)).await;
        assert_eq!(mine.total, 1, "one question for six sends");

        let changed = ask(&farmer, key, &question("麦苗发黄怎么办"))
            .send()
            .await
            .unwrap();
        assert_eq!(changed.status(), StatusCode::CONFLICT);
        // Another account's key is its own.
        let theirs = ask(&neighbour, key, &question("叶子发黄怎么办"))
            .send()
            .await
            .unwrap();
        assert_eq!(theirs.status(), StatusCode::CREATED);
        // Without a key every send is a new question.
        for _ in 0..2 {
            let plain = server
                .request(Method::POST, "/api/questions", Some(&farmer))
                .json(&question("玉米倒伏怎么办"))
                .send()
                .await
                .unwrap();
            assert_eq!(plain.status(), StatusCode::CREATED);
        }
        let mine: QuestionPage = server.get_json("/api/questions/mine", Some(&farmer)).await;
        assert_eq!(mine.total, 3);
        let bad_key = ask(&farmer, "短", &question("叶子发黄怎么办"))
            .send()
            .await
            .unwrap();
        assert_eq!(bad_key.status(), StatusCode::BAD_REQUEST);
    }

    pub async fn racing_exam_draws_give_one_paper_and_the_daily_limit_holds(store: Arc<dyn Store>) {
        store.upsert_regions(&small_tree()).await.unwrap();
        let informant = trainee(store.as_ref(), JIA, "13900000001").await;
        let questions = vec!["q1".to_owned(), "q2".to_owned()];
        let now = Utc::now();
        let draw = |started_at: chrono::DateTime<Utc>, due_at: chrono::DateTime<Utc>| {
            let (store, questions) = (store.clone(), questions.clone());
            let limit = PaperLimit {
                per_day: 3,
                day_started_at: now - Duration::hours(1),
            };
            async move {
                store
                    .draw_paper(informant, &questions, 80, started_at, due_at, &limit)
                    .await
            }
        };
        let open: Vec<_> =
            futures::future::join_all((0..10).map(|_| draw(now, now + Duration::minutes(30))))
                .await
                .into_iter()
                .map(Result::unwrap)
                .collect();
        assert!(
            open.iter().all(|&id| id == open[0]),
            "one open paper for ten racing draws: {open:?}"
        );
        // Once it is due, papers due at once are never open: the day's count alone stops
        // them.
        let later = now + Duration::minutes(31);
        let results = futures::future::join_all((0..10).map(|_| draw(later, later))).await;
        let drawn = results.iter().filter(|result| result.is_ok()).count();
        assert_eq!(drawn, 2, "three a day, one drawn before: {results:?}");
        assert!(results
            .iter()
            .all(|result| matches!(result, Ok(_) | Err(StoreError::Conflict(_)))));
    }

    pub async fn racing_station_declarations_get_distinct_numbers(store: Arc<dyn Store>) {
        store.upsert_regions(&small_tree()).await.unwrap();
        let village = crate::support::code(JIA);
        let details = station(JIA, StationStatus::Declared, None, true).details;
        let declared = futures::future::join_all(
            (0..12).map(|_| store.declare_station(&village, &details, None, Utc::now())),
        )
        .await;
        let mut codes: Vec<String> = declared
            .into_iter()
            .map(|station| station.unwrap().code)
            .collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 12, "{codes:?}");
    }

    pub async fn a_record_stored_by_an_older_server_is_recognised_when_resent(
        store: Arc<dyn Store>,
    ) {
        use sha2::{Digest, Sha256};
        use yinong_model::price::NewPriceReport;
        use yinong_store::prices::NewPriceRecord;
        use yinong_store::sync::Receipt;
        store.upsert_regions(&small_tree()).await.unwrap();
        let informant_id = account(store.as_ref(), Role::Informant, JIA, "13900000001").await;
        let server = TestServer::start(store.clone(), false).await;
        let [informant] = staff_sessions(&server, ["13900000001"]).await;
        let today = yinong_store::china_today();
        // As the phone keeps it in its outbox.
        let body = serde_json::json!({
            "product": "大白菜", "grade": "", "unit": "斤", "price": "0.80",
            "market": "古槐农贸市场", "observed_on": today.to_string(), "photos": [],
        });
        let id = uuid_v7(1_780_000_000_000, [7; 10]);
        // An older server stored it with the digest of its own re-serialisation.
        let report: NewPriceReport = serde_json::from_value(body.clone()).unwrap();
        let old_digest = format!("{:x}", Sha256::digest(serde_json::to_vec(&report).unwrap()));
        let village = crate::support::code(JIA);
        let record = NewPriceRecord {
            region: &village,
            product: "大白菜",
            grade: "",
            unit: "斤",
            price_fen: 80,
            market: "古槐农贸市场",
            observed_on: today,
            photos: &[],
            reporter_id: informant_id,
            at: Utc::now(),
        };
        let receipt = Receipt {
            client_id: &id,
            kind: "price",
            sender_id: informant_id,
            content_digest: &old_digest,
            legacy_digest: None,
            at: Utc::now(),
        };
        store.report_price(&record, &receipt).await.unwrap();
        let send = |body: String| {
            server
                .request(
                    Method::PUT,
                    &format!("/api/prices/reports/{id}"),
                    Some(&informant),
                )
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body)
                .send()
        };
        let resent = send(body.to_string()).await.unwrap();
        assert_eq!(
            resent.status(),
            StatusCode::OK,
            "recognised by the older server's digest"
        );
        // From now on the digest is of the content as sent: key order and spacing do not
        // matter, the content does.
        let fresh = uuid_v7(1_780_000_000_001, [7; 10]);
        let send_fresh = |body: String| {
            server
                .request(
                    Method::PUT,
                    &format!("/api/prices/reports/{fresh}"),
                    Some(&informant),
                )
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body)
                .send()
        };
        let reordered = format!(
            r#"{{ "photos": [], "observed_on": "{today}", "market": "古槐农贸市场",
                "price": "0.80", "unit": "斤", "grade": "", "product": "大白菜" }}"#
        );
        let mut dearer = body.clone();
        dearer["price"] = "0.90".into();
        let statuses = (
            send_fresh(body.to_string()).await.unwrap().status(),
            send_fresh(reordered).await.unwrap().status(),
            send_fresh(dearer.to_string()).await.unwrap().status(),
        );
        assert_eq!(
            statuses,
            (StatusCode::CREATED, StatusCode::OK, StatusCode::CONFLICT)
        );
    }

    pub async fn a_batch_from_the_outbox_is_answered_record_by_record(store: Arc<dyn Store>) {
        use yinong_model::price::PriceReportPage;
        use yinong_model::sync::{BatchAnswer, BATCH_MAX_RECORDS, BATCH_PATH};
        store.upsert_regions(&small_tree()).await.unwrap();
        staff_accounts(store.as_ref(), &[(Role::Informant, JIA, "13900000001")]).await;
        let server = TestServer::start(store.clone(), false).await;
        let [informant] = staff_sessions(&server, ["13900000001"]).await;
        let today = yinong_store::china_today().to_string();
        let report = |product: &str, price: &str| {
            serde_json::json!({
                "product": product, "grade": "", "unit": "斤", "price": price,
                "market": "古槐农贸市场", "observed_on": today, "photos": [],
            })
        };
        let id = |n: u64| uuid_v7(1_780_000_000_000 + n, [5; 10]);
        let item = |n: u64, record: serde_json::Value| serde_json::json!({ "kind": "price", "id": id(n), "record": record });
        let send = |records: Vec<serde_json::Value>| {
            server
                .request(Method::POST, BATCH_PATH, Some(&informant))
                .json(&serde_json::json!({ "records": records }))
                .send()
        };
        let first = send(vec![
            item(1, report("白菜", "0.80")),
            item(2, report("萝卜", "一块")),
            item(3, report("土豆", "1.20")),
            serde_json::json!({ "kind": "price", "id": "not-a-uuid", "record": report("葱", "2") }),
            serde_json::json!({ "kind": "news", "id": id(4), "record": report("蒜", "3") }),
        ])
        .await
        .unwrap();
        assert_eq!(first.status(), StatusCode::OK);
        let answers = first.json::<BatchAnswer>().await.unwrap().answers;
        let statuses: Vec<u16> = answers.iter().map(|answer| answer.status).collect();
        assert_eq!(statuses, [201, 400, 201, 400, 400]);
        assert_eq!(answers[1].id, id(2));
        let refused = answers[1].error.as_ref().unwrap();
        assert_eq!(refused.code, "bad_request");
        assert!(refused.message.contains("价格"), "{}", refused.message);
        assert!(answers[0].error.is_none());
        // Sent alone afterwards, a batched record is answered with what it became.
        let alone = server
            .request(
                Method::PUT,
                &format!("/api/prices/reports/{}", id(1)),
                Some(&informant),
            )
            .json(&report("白菜", "0.80"))
            .send()
            .await
            .unwrap();
        assert_eq!(alone.status(), StatusCode::OK);
        let kept: yinong_model::price::PriceReport = alone.json().await.unwrap();
        assert_eq!(kept.product, "白菜");

        // Resent after a lost answer, with the one corrected: each gets its own answer.
        let again = send(vec![
            item(1, report("白菜", "0.80")),
            item(2, report("萝卜", "1.00")),
            item(3, report("土豆", "9.99")),
        ])
        .await
        .unwrap();
        let statuses: Vec<u16> = again
            .json::<BatchAnswer>()
            .await
            .unwrap()
            .answers
            .iter()
            .map(|answer| answer.status)
            .collect();
        assert_eq!(statuses, [200, 201, 409]);
        let mine: PriceReportPage = server
            .get_json("/api/prices/reports/mine", Some(&informant))
            .await;
        assert_eq!(
            mine.total, 3,
            "白菜, 土豆 and the corrected 萝卜, once each"
        );

        let too_many = (0..=BATCH_MAX_RECORDS as u64)
            .map(|n| item(100 + n, report("葱", "2.00")))
            .collect();
        let refused = send(too_many).await.unwrap();
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
        let signed_out = server
            .request(Method::POST, BATCH_PATH, None)
            .json(&serde_json::json!({ "records": [] }))
            .send()
            .await
            .unwrap();
        assert_eq!(signed_out.status(), StatusCode::UNAUTHORIZED);
    }

    pub async fn a_record_over_its_limit_inside_a_batch_is_undone_alone(store: Arc<dyn Store>) {
        use yinong_model::listing::OPEN_LISTINGS_PER_ACCOUNT;
        use yinong_model::sync::{BatchAnswer, BATCH_PATH};
        store.upsert_regions(&small_tree()).await.unwrap();
        staff_accounts(store.as_ref(), &[(Role::Informant, JIA, "13900000001")]).await;
        let server = TestServer::start(store.clone(), false).await;
        let [informant] = staff_sessions(&server, ["13900000001"]).await;
        let over = OPEN_LISTINGS_PER_ACCOUNT as u64 + 2;
        let item = |n: u64| {
            serde_json::json!({
                "kind": "listing", "id": uuid_v7(1_780_000_000_000 + n, [6; 10]),
                "record": {
                    "kind": "sell", "region_code": JIA, "product": format!("苹果{n}"),
                    "quantity": "2000", "unit": "斤", "price": "2.5 元/斤", "description": "",
                    "contact_name": "王大爷", "contact_phone": "13812345678", "photos": [],
                    "days": 20,
                },
            })
        };
        let send = |records: Vec<serde_json::Value>| {
            server
                .request(Method::POST, BATCH_PATH, Some(&informant))
                .json(&serde_json::json!({ "records": records }))
                .send()
        };
        let statuses =
            |answer: BatchAnswer| -> Vec<u16> { answer.answers.iter().map(|a| a.status).collect() };
        let first = send((0..over).map(item).collect()).await.unwrap();
        let mut expected = vec![201; OPEN_LISTINGS_PER_ACCOUNT as usize];
        expected.extend([409, 409]);
        assert_eq!(statuses(first.json().await.unwrap()), expected);
        // The refused ones left no receipt: sent again they are refused for the limit
        // again, not recognised as stored; the stored ones are.
        let again = send(vec![item(0), item(over - 1)]).await.unwrap();
        let answer: BatchAnswer = again.json().await.unwrap();
        assert_eq!(statuses(answer.clone()), [200, 409]);
        assert!(
            answer.answers[1]
                .error
                .as_ref()
                .unwrap()
                .message
                .contains("已有"),
            "{:?}",
            answer.answers[1]
        );
    }
}
