//! 病虫害和灾情上报: an informant reports from the field through the outbox; the township
//! confirms (only a qualified informant's), refuses or sends back; the county reads the
//! confirmed ones — over HTTP on SQLite and PostgreSQL.

mod support;

on_both_backends!(a_field_report_with_photo_and_place_is_confirmed_by_the_township_for_the_county,);

mod cases {
    use std::sync::Arc;

    use reqwest::{Method, StatusCode};
    use yinong_model::account::Role;
    use yinong_model::incident::{
        ConditionGrade, CropCondition, GrowthStage, Incident, IncidentKind, IncidentPage, Location,
    };
    use yinong_model::review::{BulkApproved, ReviewStatus};
    use yinong_store::Store;

    use crate::support::{
        account, error_message, hash_of, region, small_tree, staff_accounts, staff_sessions,
        trainee, TestServer, JPEG,
    };

    const JIA: &str = "370811001001";
    const YI: &str = "370811001002";

    pub async fn a_field_report_with_photo_and_place_is_confirmed_by_the_township_for_the_county(
        store: Arc<dyn Store>,
    ) {
        let mut tree = small_tree();
        tree.extend([region("370812", "兖州区"), region("370812001", "鼓楼街道")]);
        store.upsert_regions(&tree).await.unwrap();
        account(store.as_ref(), Role::Informant, JIA, "13900000001").await;
        trainee(store.as_ref(), YI, "13900000002").await;
        staff_accounts(
            store.as_ref(),
            &[
                (Role::TownshipAdmin, "370811001", "13900000003"),
                (Role::CountyAdmin, "370811", "13900000004"),
                (Role::TownshipAdmin, "370812001", "13900000005"),
            ],
        )
        .await;
        let server = TestServer::start(store, false).await;
        let [informant, new_informant, township, county, elsewhere] = staff_sessions(
            &server,
            [
                "13900000001",
                "13900000002",
                "13900000003",
                "13900000004",
                "13900000005",
            ],
        )
        .await;

        let photo = server
            .request(Method::POST, "/api/photos", Some(&informant))
            .header("content-type", "image/jpeg")
            .body(JPEG.to_vec())
            .send()
            .await
            .unwrap();
        assert!(photo.status().is_success());
        let aphids = serde_json::json!({
            "kind": "pest", "crop": "小麦", "description": "东片麦田发现大量麦蚜，叶片背面密集。",
            "area_mu": "35.5", "location": { "latitude_e6": 35_412_345, "longitude_e6": 116_587_654 },
            "photos": [hash_of(&JPEG)],
        });
        let id = yinong_model::sync::uuid_v7(1_780_000_000_000, [3; 10]);
        let send = |session: &str, id: &str, body: &serde_json::Value| {
            server
                .request(Method::PUT, &format!("/api/incidents/{id}"), Some(session))
                .json(body)
                .send()
        };
        let first = send(&informant, &id, &aphids).await.unwrap();
        assert_eq!(first.status(), StatusCode::CREATED);
        let reported: Incident = first.json().await.unwrap();
        assert_eq!(reported.kind, IncidentKind::Pest);
        assert_eq!(reported.area_mu.as_deref(), Some("35.5"));
        assert_eq!(
            reported.location,
            Some(Location {
                latitude_e6: 35_412_345,
                longitude_e6: 116_587_654
            })
        );
        assert_eq!(reported.photos, [hash_of(&JPEG)]);
        assert_eq!(reported.place, "任城区 古槐街道 甲村");
        let again = send(&informant, &id, &aphids).await.unwrap();
        assert_eq!(
            again.status(),
            StatusCode::OK,
            "a resend is the first result"
        );
        assert_eq!(again.json::<Incident>().await.unwrap().id, reported.id);

        let mut abroad = aphids.clone();
        abroad["location"] =
            serde_json::json!({ "latitude_e6": 48_850_000, "longitude_e6": 2_350_000 });
        let other_id = yinong_model::sync::uuid_v7(1_780_000_000_001, [4; 10]);
        let (status, message) =
            error_message(send(&informant, &other_id, &abroad).await.unwrap()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(message.contains("位置"), "{message}");
        let mut unsent_photo = aphids.clone();
        unsent_photo["photos"] = serde_json::json!([hash_of(b"never sent")]);
        let refused = send(&informant, &other_id, &unsent_photo).await.unwrap();
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST, "photos go first");
        assert_eq!(
            send(&township, &other_id, &aphids).await.unwrap().status(),
            StatusCode::FORBIDDEN,
            "reports come from a village's informant"
        );

        // How the wheat stands: graded, with the share harvested and the yield expected.
        let stand = serde_json::json!({
            "kind": "crop_condition", "crop": "小麦", "description": "麦穗整齐，籽粒饱满，已开镰收割。",
            "area_mu": "420", "location": null, "photos": [],
            "condition": { "stage": "harvest", "grade": "first", "progress_percent": "35", "yield_jin_per_mu": "1150" },
        });
        let stand_id = yinong_model::sync::uuid_v7(1_780_000_000_003, [6; 10]);
        let graded: Incident = send(&informant, &stand_id, &stand)
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            graded.condition,
            Some(CropCondition {
                stage: GrowthStage::Harvest,
                grade: ConditionGrade::First,
                progress_percent: Some(35),
                yield_jin_per_mu: Some(1150),
            })
        );
        assert_eq!(graded.area_mu.as_deref(), Some("420.0"));
        assert_eq!(reported.condition, None, "a pest report has no grade");
        let mut overdone = stand.clone();
        overdone["condition"]["progress_percent"] = serde_json::json!("120");
        let (status, message) = error_message(
            send(
                &informant,
                &yinong_model::sync::uuid_v7(1_780_000_000_004, [7; 10]),
                &overdone,
            )
            .await
            .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(message.contains("进度"), "{message}");

        // A hailstorm reported by the informant still in training waits: not confirmed.
        let hail: Incident = send(
            &new_informant,
            &yinong_model::sync::uuid_v7(1_780_000_000_002, [5; 10]),
            &serde_json::json!({
                "kind": "disaster", "crop": "", "description": "昨夜冰雹，大棚薄膜多处破损。",
                "area_mu": "", "location": null, "photos": [],
            }),
        )
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
        let decide = |session: &str, id: i64, decision: serde_json::Value| {
            server
                .request(
                    Method::POST,
                    &format!("/api/incidents/{id}/review"),
                    Some(session),
                )
                .json(&decision)
                .send()
        };
        let (status, message) = error_message(
            decide(&township, hail.id, serde_json::json!({ "approve": true }))
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(message.contains("培训中"), "{message}");

        let queue: IncidentPage = server
            .get_json("/api/incidents/review", Some(&township))
            .await;
        assert_eq!(queue.total, 3);
        let nothing: IncidentPage = server
            .get_json("/api/incidents/review", Some(&elsewhere))
            .await;
        assert_eq!(nothing.total, 0, "another township's queue");
        assert_eq!(
            decide(
                &elsewhere,
                reported.id,
                serde_json::json!({ "approve": true })
            )
            .await
            .unwrap()
            .status(),
            StatusCode::FORBIDDEN
        );
        let confirmed: Incident = decide(
            &township,
            reported.id,
            serde_json::json!({ "approve": true }),
        )
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
        assert_eq!(confirmed.status, ReviewStatus::Approved);
        let back: Incident = decide(
            &township,
            hail.id,
            serde_json::json!({ "approve": false, "reason": "请补一张照片", "send_back": true }),
        )
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
        assert_eq!(back.status, ReviewStatus::Returned);
        assert_eq!(back.review_note.as_deref(), Some("请补一张照片"));

        // A page at once: the graded wheat is confirmed, the returned hail report is not.
        let bulk: BulkApproved = server
            .request(Method::POST, "/api/incidents/approve", Some(&township))
            .json(&serde_json::json!({ "ids": [graded.id, hail.id] }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(bulk.approved, [graded.id]);
        assert_eq!(bulk.not_approved.len(), 1);
        assert_eq!(bulk.not_approved[0].id, hail.id);
        assert_eq!(
            server
                .request(Method::POST, "/api/incidents/approve", Some(&informant))
                .json(&serde_json::json!({ "ids": [reported.id] }))
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::FORBIDDEN,
            "informants do not approve"
        );

        let for_county: IncidentPage = server
            .get_json("/api/incidents/review?status=approved", Some(&county))
            .await;
        assert_eq!(
            for_county
                .incidents
                .iter()
                .map(|i| i.id)
                .collect::<Vec<_>>(),
            [graded.id, reported.id],
            "the county reads the confirmed reports, newest first"
        );
        let mine: IncidentPage = server
            .get_json("/api/incidents/mine", Some(&new_informant))
            .await;
        assert_eq!(mine.incidents[0].status, ReviewStatus::Returned);
    }
}
