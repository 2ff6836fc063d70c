//! 产品供求 and photos: what the board shows after review, reports and expiry in the store,
//! and posting, reviewing, reporting and taking down over HTTP, on SQLite and PostgreSQL.

mod support;

on_both_backends!(
    the_board_shows_approved_posts_until_they_expire_or_enough_neighbours_report_them,
    a_photo_is_kept_once_under_its_hash,
    a_post_shows_after_its_village_reviewer_approves_it,
    reviewers_refuse_with_a_reason_and_neighbours_report_bad_posts,
    an_informant_posts_for_a_farmer_from_the_outbox_and_the_township_approves_it,
);

mod cases {
    use std::sync::Arc;

    use chrono::{Days, Utc};
    use reqwest::{Method, StatusCode};
    use yinong_model::account::Role;
    use yinong_model::listing::{
        Listing, ListingKind, ListingPage, ListingStatus, PhotoStored, OPEN_LISTINGS_PER_ACCOUNT,
        REPORTS_TO_HIDE,
    };
    use yinong_store::listings::{ListingFilter, ListingStep, NewListingRecord};
    use yinong_store::sync::Arrival;
    use yinong_store::{china_today, Store, StoreError};

    use crate::support::{
        account, code, date, error_message, farmer_session, hash_of, staff_accounts, staff_session,
        staff_sessions, two_counties, TestServer, JPEG,
    };

    const JIA: &str = "370811001001";
    const YI: &str = "370811001002";

    pub async fn the_board_shows_approved_posts_until_they_expire_or_enough_neighbours_report_them(
        store: Arc<dyn Store>,
    ) {
        use ListingKind::*;
        two_counties(store.as_ref()).await;
        let poster = account(store.as_ref(), Role::Farmer, JIA, "13800138000").await;
        let reviewer = account(store.as_ref(), Role::Informant, JIA, "13800138009").await;
        let today = date("2026-03-01");
        let photo = hash_of(&JPEG);
        store
            .store_photo(
                &photo,
                "image/jpeg",
                &JPEG,
                poster,
                Utc::now(),
                &yinong_store::PhotoQuota {
                    per_day: i64::MAX,
                    day_started: Utc::now(),
                    in_all: i64::MAX,
                },
            )
            .await
            .unwrap();
        let post = |kind, place: &'static str, product: &'static str, photos: Vec<String>| {
            let store = store.clone();
            async move {
                let region = code(place);
                let new = NewListingRecord {
                    kind,
                    region: &region,
                    product,
                    quantity: "2000",
                    unit: "斤",
                    price: "2.5 元/斤",
                    description: "",
                    contact_name: "李大姐",
                    contact_phone: None,
                    photos: &photos,
                    days: 30,
                    expires_on: date("2026-03-31"),
                    poster_id: poster,
                    at: Utc::now(),
                };
                store
                    .post_listing(&new, 4, today, None)
                    .await
                    .and_then(Arrival::first)
            }
        };
        let step = |from, to, expires_on: Option<&str>| ListingStep {
            from,
            to,
            note: None,
            expires_on: expires_on.map(date),
            by: reviewer,
            at: Utc::now(),
        };
        let approve = |id| {
            let store = store.clone();
            async move {
                let approval = step(
                    ListingStatus::Pending,
                    ListingStatus::Approved,
                    Some("2026-03-31"),
                );
                store.move_listing(id, &approval).await
            }
        };
        let apples = post(Sell, JIA, "红富士苹果", vec![photo.clone()])
            .await
            .unwrap();
        let wheat = post(Buy, "370811001", "小麦种子", Vec::new())
            .await
            .unwrap();
        let far = post(Sell, "370812001001", "苹果干", Vec::new())
            .await
            .unwrap();
        let waiting = post(Sell, JIA, "花生", Vec::new()).await.unwrap();
        assert!(
            matches!(
                post(Sell, JIA, "一个太多", Vec::new()).await,
                Err(StoreError::Conflict(_))
            ),
            "four open posts is the limit here"
        );
        for id in [apples, wheat, far] {
            approve(id).await.unwrap();
        }
        assert!(
            matches!(approve(apples).await, Err(StoreError::Conflict(_))),
            "approved already: the step finds it moved"
        );

        let board = |within: Option<&str>, kind, product: Option<&str>, on| {
            let store = store.clone();
            let filter = ListingFilter {
                within: within.map(code),
                kind,
                product: product.map(str::to_owned),
                showing_on: Some(date(on)),
                ..ListingFilter::default()
            };
            async move {
                let (listings, total) = store.listings(&filter, Some(poster), 0, 10).await.unwrap();
                assert_eq!(listings.len() as i64, total);
                listings.into_iter().map(|l| l.id).collect::<Vec<_>>()
            }
        };
        assert_eq!(
            board(Some("370811"), None, None, "2026-03-01").await,
            [wheat, apples],
            "newest first, the waiting post and the other county left out"
        );
        assert_eq!(
            board(None, Some(Sell), Some("苹果"), "2026-03-01").await,
            [far, apples]
        );
        assert_eq!(
            board(None, None, Some("%"), "2026-03-01").await,
            Vec::<i64>::new()
        );
        assert_eq!(
            board(None, Some(Buy), None, "2026-04-01").await,
            Vec::<i64>::new(),
            "expired"
        );

        let (shown, by) = store.listing(apples, Some(poster)).await.unwrap().unwrap();
        assert_eq!(by, poster);
        assert_eq!(
            (
                shown.place.as_str(),
                shown.photos.clone(),
                shown.mine,
                shown.expires_on.as_str(),
                shown.days
            ),
            (
                "任城区 古槐街道 甲村",
                vec![photo.clone()],
                true,
                "2026-03-31",
                30
            )
        );
        let mine = ListingFilter {
            poster: Some(poster),
            status: Some(ListingStatus::Pending),
            ..ListingFilter::default()
        };
        let (pending, _) = store.listings(&mine, Some(poster), 0, 10).await.unwrap();
        assert_eq!(pending.iter().map(|l| l.id).collect::<Vec<_>>(), [waiting]);

        let mut neighbours = Vec::new();
        for n in 0..REPORTS_TO_HIDE {
            let phone = format!("1380013810{n}");
            neighbours.push(account(store.as_ref(), Role::Farmer, YI, &phone).await);
        }
        let report = |who| {
            let store = store.clone();
            async move {
                store
                    .report_listing(apples, who, "虚假信息", REPORTS_TO_HIDE, Utc::now())
                    .await
            }
        };
        assert_eq!(
            report(neighbours[0]).await.unwrap(),
            ListingStatus::Approved
        );
        assert!(matches!(
            report(neighbours[0]).await,
            Err(StoreError::Conflict(_))
        ));
        for who in &neighbours[1..] {
            report(*who).await.unwrap();
        }
        let (hidden, _) = store.listing(apples, None).await.unwrap().unwrap();
        assert_eq!(
            (hidden.status, hidden.reports),
            (ListingStatus::Pending, REPORTS_TO_HIDE)
        );
        assert_eq!(
            board(Some(JIA), None, None, "2026-03-01").await,
            Vec::<i64>::new()
        );
        approve(apples).await.unwrap();
        let (again, _) = store.listing(apples, None).await.unwrap().unwrap();
        assert_eq!((again.status, again.reports), (ListingStatus::Approved, 0));

        store
            .move_listing(
                waiting,
                &step(ListingStatus::Pending, ListingStatus::Withdrawn, None),
            )
            .await
            .unwrap();
        let unknown = "0".repeat(64);
        assert_eq!(
            store
                .claim_photos(&[photo.clone(), unknown.clone()])
                .await
                .unwrap(),
            Some(unknown)
        );
        assert_eq!(
            store
                .claim_photos(std::slice::from_ref(&photo))
                .await
                .unwrap(),
            None
        );
        assert!(store.listing(99_999, None).await.unwrap().is_none());
    }

    pub async fn a_photo_is_kept_once_under_its_hash(store: Arc<dyn Store>) {
        two_counties(store.as_ref()).await;
        let server = TestServer::start(store, false).await;
        let upload = |session: Option<&str>, bytes: &'static [u8]| {
            server
                .request(Method::POST, "/api/photos", session)
                .header("content-type", "image/jpeg")
                .body(bytes)
                .send()
        };
        assert_eq!(
            upload(None, JPEG.as_slice()).await.unwrap().status(),
            StatusCode::UNAUTHORIZED
        );
        let farmer = farmer_session(&server, "13800138000").await;
        let first = upload(Some(&farmer), JPEG.as_slice()).await.unwrap();
        assert_eq!(first.status(), StatusCode::CREATED);
        let stored: PhotoStored = first.json().await.unwrap();
        assert_eq!(stored.hash, hash_of(&JPEG));
        let again = upload(Some(&farmer), JPEG.as_slice()).await.unwrap();
        assert_eq!(again.status(), StatusCode::OK, "sent twice, kept once");
        assert_eq!(again.json::<PhotoStored>().await.unwrap(), stored);
        assert_eq!(
            error_message(
                upload(Some(&farmer), b"<svg onload=alert(1)>")
                    .await
                    .unwrap()
            )
            .await,
            (
                StatusCode::BAD_REQUEST,
                "只能上传 JPEG、PNG 或 WebP 格式的照片".to_owned()
            )
        );

        let served = server
            .request(Method::GET, &format!("/api/photos/{}", stored.hash), None)
            .send()
            .await
            .unwrap();
        assert_eq!(served.status(), StatusCode::OK);
        assert_eq!(served.headers()["content-type"], "image/jpeg");
        assert!(served.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable"));
        // Kept as the server's own JPEG of what was sent: the same picture.
        let served = served.bytes().await.unwrap();
        assert_ne!(served.as_ref(), JPEG.as_slice());
        let picture = image::load_from_memory_with_format(&served, image::ImageFormat::Jpeg);
        assert_eq!(picture.map(|p| (p.width(), p.height())).unwrap(), (16, 16));
        for missing in ["0".repeat(64), "../etc/passwd".to_owned()] {
            let response = server
                .request(Method::GET, &format!("/api/photos/{missing}"), None)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{missing}");
        }
    }

    fn apples(photos: &[String]) -> serde_json::Value {
        serde_json::json!({
            "kind": "sell", "region_code": JIA, "product": "红富士苹果", "quantity": "2000",
            "unit": "斤", "price": "2.5 元/斤", "description": "果径 80 以上",
            "contact_name": "李大姐", "photos": photos, "days": 20,
        })
    }

    async fn publish(
        server: &TestServer,
        session: &str,
        body: serde_json::Value,
    ) -> reqwest::Response {
        server
            .request(Method::POST, "/api/listings", Some(session))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    async fn decide(
        server: &TestServer,
        session: &str,
        id: i64,
        approve: bool,
        reason: Option<&str>,
    ) -> reqwest::Response {
        server
            .request(
                Method::POST,
                &format!("/api/listings/{id}/review"),
                Some(session),
            )
            .json(&serde_json::json!({ "approve": approve, "reason": reason }))
            .send()
            .await
            .unwrap()
    }

    pub async fn a_post_shows_after_its_village_reviewer_approves_it(store: Arc<dyn Store>) {
        two_counties(store.as_ref()).await;
        staff_accounts(
            store.as_ref(),
            &[
                (Role::Informant, JIA, "13900000001"),
                (Role::Informant, YI, "13900000002"),
                (Role::TownshipAdmin, "370812001", "13900000003"),
            ],
        )
        .await;
        let server = TestServer::start(store, false).await;
        let farmer = farmer_session(&server, "13800138000").await;
        let photo: PhotoStored = server
            .request(Method::POST, "/api/photos", Some(&farmer))
            .body(JPEG.clone())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();

        let mut loan = apples(&[]);
        loan["description"] = "另有低息贷款".into();
        assert_eq!(
            error_message(publish(&server, &farmer, loan).await).await,
            (
                StatusCode::BAD_REQUEST,
                "益农信息社只为农产品买卖牵线，不能发布贷款等金融、保险类信息".to_owned()
            )
        );
        assert_eq!(
            error_message(publish(&server, &farmer, apples(&["f".repeat(64)])).await).await,
            (
                StatusCode::BAD_REQUEST,
                "有照片没有上传成功，请重新选择照片".to_owned()
            )
        );
        let posted = publish(&server, &farmer, apples(std::slice::from_ref(&photo.hash))).await;
        assert_eq!(posted.status(), StatusCode::CREATED);
        let posted: Listing = posted.json().await.unwrap();
        assert_eq!(
            (posted.status, posted.photos.clone(), posted.mine),
            (ListingStatus::Pending, vec![photo.hash.clone()], true)
        );

        let board: ListingPage = server.get_json("/api/listings?within=370811", None).await;
        assert_eq!(board.total, 0, "not before review");
        let one = format!("/api/listings/{}", posted.id);
        let hidden = server
            .request(Method::GET, &one, None)
            .send()
            .await
            .unwrap();
        assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
        let mine: ListingPage = server.get_json("/api/listings/mine", Some(&farmer)).await;
        assert_eq!(mine.listings[0].status, ListingStatus::Pending);

        let [other_village, other_county, own_village] =
            staff_sessions(&server, ["13900000002", "13900000003", "13900000001"]).await;
        for outsider in [&other_village, &other_county, &farmer] {
            assert_eq!(
                decide(&server, outsider, posted.id, true, None)
                    .await
                    .status(),
                StatusCode::FORBIDDEN
            );
        }
        let queue: ListingPage = server
            .get_json("/api/listings/review", Some(&other_village))
            .await;
        assert_eq!(queue.total, 0, "another village's queue");
        let queue: ListingPage = server
            .get_json("/api/listings/review", Some(&own_village))
            .await;
        assert_eq!(
            queue.listings.iter().map(|l| l.id).collect::<Vec<_>>(),
            [posted.id]
        );
        let refused_queue = server
            .request(Method::GET, "/api/listings/review", Some(&farmer))
            .send()
            .await
            .unwrap();
        assert_eq!(refused_queue.status(), StatusCode::FORBIDDEN);

        let approved = decide(&server, &own_village, posted.id, true, None).await;
        assert_eq!(approved.status(), StatusCode::OK);
        let approved: Listing = approved.json().await.unwrap();
        let shows_until = (china_today() + Days::new(20)).to_string();
        assert_eq!(
            (approved.status, approved.expires_on.as_str()),
            (ListingStatus::Approved, shows_until.as_str())
        );
        assert_eq!(
            error_message(decide(&server, &own_village, posted.id, true, None).await).await,
            (StatusCode::BAD_REQUEST, "这条信息已经发布了".to_owned())
        );

        let board: ListingPage = server
            .get_json("/api/listings?within=370811&kind=sell&product=苹果", None)
            .await;
        assert_eq!(board.total, 1);
        let shown = &board.listings[0];
        assert_eq!(
            (
                shown.place.as_str(),
                shown.contact_phone.as_str(),
                shown.quantity.as_str(),
                shown.mine
            ),
            ("任城区 古槐街道 甲村", "13800138000", "2000", false)
        );
        let read: Listing = server.get_json(&one, None).await;
        assert_eq!(read.id, posted.id);
        let buying: ListingPage = server.get_json("/api/listings?kind=buy", None).await;
        assert_eq!(buying.total, 0);

        let withdraw = |session: String| {
            let path = format!("/api/listings/{}/withdraw", posted.id);
            let request = server.request(Method::POST, &path, Some(&session));
            async move { request.send().await.unwrap() }
        };
        let neighbour = farmer_session(&server, "13800138001").await;
        assert_eq!(withdraw(neighbour).await.status(), StatusCode::FORBIDDEN);
        let taken_down = withdraw(farmer.clone()).await;
        assert_eq!(
            taken_down.json::<Listing>().await.unwrap().status,
            ListingStatus::Withdrawn
        );
        assert_eq!(
            error_message(withdraw(farmer.clone()).await).await,
            (
                StatusCode::CONFLICT,
                "这条信息已撤下，不能再撤下".to_owned()
            )
        );
        let board: ListingPage = server.get_json("/api/listings", None).await;
        assert_eq!(board.total, 0);
    }

    pub async fn reviewers_refuse_with_a_reason_and_neighbours_report_bad_posts(
        store: Arc<dyn Store>,
    ) {
        two_counties(store.as_ref()).await;
        account(
            store.as_ref(),
            Role::TownshipAdmin,
            "370811001",
            "13900000004",
        )
        .await;
        let server = TestServer::start(store, false).await;
        let farmer = farmer_session(&server, "13800138000").await;
        let township = staff_session(&server, "13900000004").await;
        let post = |body| async {
            let response = publish(&server, &farmer, body).await;
            assert_eq!(response.status(), StatusCode::CREATED);
            response.json::<Listing>().await.unwrap().id
        };
        let advert = post(apples(&[])).await;
        assert_eq!(
            error_message(decide(&server, &township, advert, false, Some(" ")).await).await,
            (
                StatusCode::BAD_REQUEST,
                "请写明不通过的原因，发布人会看到".to_owned()
            )
        );
        let refused = decide(&server, &township, advert, false, Some("内容是广告")).await;
        let refused: Listing = refused.json().await.unwrap();
        assert_eq!(
            (refused.status, refused.review_note.as_deref()),
            (ListingStatus::Rejected, Some("内容是广告"))
        );
        let mine: ListingPage = server.get_json("/api/listings/mine", Some(&farmer)).await;
        assert_eq!(
            mine.listings[0].review_note.as_deref(),
            Some("内容是广告"),
            "the poster reads why"
        );

        let good = post(apples(&[])).await;
        decide(&server, &township, good, true, None).await;
        let report = |session: String, reason: &'static str| {
            let path = format!("/api/listings/{good}/report");
            let request = server
                .request(Method::POST, &path, Some(&session))
                .json(&serde_json::json!({ "reason": reason }));
            async move { request.send().await.unwrap() }
        };
        assert_eq!(
            error_message(report(farmer.clone(), "自己举报自己").await).await,
            (StatusCode::BAD_REQUEST, "不能举报自己发布的信息".to_owned())
        );
        let mut neighbours = Vec::new();
        for n in 0..REPORTS_TO_HIDE {
            neighbours.push(farmer_session(&server, &format!("1380013810{n}")).await);
        }
        assert_eq!(
            error_message(report(neighbours[0].clone(), "").await).await,
            (
                StatusCode::BAD_REQUEST,
                "请说明这条信息有什么问题".to_owned()
            )
        );
        assert_eq!(
            report(neighbours[0].clone(), "价格是假的").await.status(),
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            error_message(report(neighbours[0].clone(), "价格是假的").await).await,
            (
                StatusCode::CONFLICT,
                "你已经举报过这条信息，我们会尽快处理".to_owned()
            )
        );
        let board: ListingPage = server.get_json("/api/listings", None).await;
        assert_eq!(board.total, 1, "one report does not hide a post");
        for neighbour in &neighbours[1..] {
            report(neighbour.clone(), "联系不上").await;
        }
        let board: ListingPage = server.get_json("/api/listings", None).await;
        assert_eq!(board.total, 0, "enough reports take it off the board");
        let queue: ListingPage = server
            .get_json("/api/listings/review?status=pending", Some(&township))
            .await;
        assert_eq!(
            queue
                .listings
                .iter()
                .map(|l| (l.id, l.reports))
                .collect::<Vec<_>>(),
            [(good, REPORTS_TO_HIDE)],
            "back in the queue, with its reports"
        );
        let taken_down = decide(&server, &township, good, false, Some("经核实为虚假信息")).await;
        assert_eq!(
            taken_down.json::<Listing>().await.unwrap().status,
            ListingStatus::Rejected
        );
        let gone = report(neighbours[1].clone(), "还在").await;
        assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    }

    pub async fn an_informant_posts_for_a_farmer_from_the_outbox_and_the_township_approves_it(
        store: Arc<dyn Store>,
    ) {
        two_counties(store.as_ref()).await;
        staff_accounts(
            store.as_ref(),
            &[
                (Role::Informant, JIA, "13900000001"),
                (Role::TownshipAdmin, "370811001", "13900000003"),
            ],
        )
        .await;
        let server = TestServer::start(store, false).await;
        let [informant, township] = staff_sessions(&server, ["13900000001", "13900000003"]).await;
        let farmer = farmer_session(&server, "13800138000").await;
        let for_farmer = |phone: &str, product: &str| {
            let mut body = apples(&[]);
            body["contact_name"] = "王大爷".into();
            body["contact_phone"] = phone.into();
            body["product"] = product.into();
            body
        };
        let send = |session: &str, id: &str, body: &serde_json::Value| {
            server
                .request(Method::PUT, &format!("/api/listings/{id}"), Some(session))
                .json(body)
                .send()
        };
        let id = yinong_model::sync::uuid_v7(1_780_000_000_000, [8; 10]);
        let first = send(&informant, &id, &for_farmer("13812345678", "红富士苹果"))
            .await
            .unwrap();
        assert_eq!(first.status(), StatusCode::CREATED);
        let posted: Listing = first.json().await.unwrap();
        assert_eq!(
            (
                posted.status,
                posted.contact_name.as_str(),
                posted.contact_phone.as_str()
            ),
            (ListingStatus::Pending, "王大爷", "13812345678"),
            "the farmer is called, not the informant"
        );
        let again = send(&informant, &id, &for_farmer("13812345678", "红富士苹果"))
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::OK);
        assert_eq!(again.json::<Listing>().await.unwrap().id, posted.id);
        let other = send(&informant, &id, &for_farmer("13812345678", "嘎啦苹果"))
            .await
            .unwrap();
        assert_eq!(other.status(), StatusCode::CONFLICT);

        let fresh = yinong_model::sync::uuid_v7(1_780_000_000_001, [9; 10]);
        let mut no_phone = for_farmer("13812345678", "梨");
        no_phone.as_object_mut().unwrap().remove("contact_phone");
        let mut elsewhere = for_farmer("13812345678", "梨");
        elsewhere["region_code"] = YI.into();
        for (body, expected) in [
            (no_phone, "请填写农户的手机号码"),
            (elsewhere, "代发的信息只能发在本村"),
            (
                for_farmer("1381234567", "梨"),
                "请填写农户正确的 11 位手机号码",
            ),
        ] {
            assert_eq!(
                error_message(send(&informant, &fresh, &body).await.unwrap()).await,
                (StatusCode::BAD_REQUEST, expected.to_owned())
            );
        }
        assert_eq!(
            send(&farmer, &fresh, &for_farmer("13812345678", "梨"))
                .await
                .unwrap()
                .status(),
            StatusCode::FORBIDDEN,
            "farmers post their own"
        );
        assert_eq!(
            publish(&server, &farmer, for_farmer("13812345678", "梨"))
                .await
                .status(),
            StatusCode::BAD_REQUEST,
            "only an informant posts with someone else's number"
        );

        let own_queue: ListingPage = server
            .get_json("/api/listings/review", Some(&informant))
            .await;
        assert_eq!(
            own_queue.total, 0,
            "an informant's own posts are not in their queue"
        );
        let queue: ListingPage = server
            .get_json("/api/listings/review", Some(&township))
            .await;
        assert_eq!(queue.listings[0].id, posted.id);
        let (status, message) =
            error_message(decide(&server, &informant, posted.id, true, None).await).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{message}");
        assert!(message.contains("自己发的信息"), "{message}");
        let approved: Listing = decide(&server, &township, posted.id, true, None)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(approved.status, ListingStatus::Approved);
        let board: ListingPage = server.get_json("/api/listings?within=370811", None).await;
        assert_eq!(board.listings[0].contact_phone, "13812345678");

        // Each farmer has their own limit of open posts, whoever posts for them.
        for n in 1..OPEN_LISTINGS_PER_ACCOUNT {
            let id = yinong_model::sync::uuid_v7(1_780_000_001_000 + n as u64, [9; 10]);
            let sent = send(
                &informant,
                &id,
                &for_farmer("13812345678", &format!("苹果{n}")),
            )
            .await
            .unwrap();
            assert_eq!(sent.status(), StatusCode::CREATED, "post {n}");
        }
        let over = yinong_model::sync::uuid_v7(1_780_000_002_000, [9; 10]);
        let (status, message) = error_message(
            send(&informant, &over, &for_farmer("13812345678", "再一条"))
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(message.contains("这位农户"), "{message}");
        let neighbour = send(&informant, &over, &for_farmer("13812345679", "再一条"))
            .await
            .unwrap();
        assert_eq!(
            neighbour.status(),
            StatusCode::CREATED,
            "another farmer's first"
        );

        // The township approves its page of waiting posts at once; the one already on
        // the board is told apart.
        let queue: ListingPage = server
            .get_json("/api/listings/review", Some(&township))
            .await;
        assert_eq!(queue.total, OPEN_LISTINGS_PER_ACCOUNT);
        let ids: Vec<i64> = queue
            .listings
            .iter()
            .map(|l| l.id)
            .chain([posted.id])
            .collect();
        let bulk: yinong_model::review::BulkApproved = server
            .request(Method::POST, "/api/listings/approve", Some(&township))
            .json(&serde_json::json!({ "ids": ids }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(bulk.approved.len(), queue.listings.len());
        assert_eq!(bulk.not_approved.len(), 1);
        assert_eq!(bulk.not_approved[0].id, posted.id);
        assert_eq!(
            server
                .request(Method::POST, "/api/listings/approve", Some(&farmer))
                .json(&serde_json::json!({ "ids": [posted.id] }))
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::FORBIDDEN
        );
    }
}
