//! Sign-in, sessions and the security rules of accounts, on both engines. Rules that
//! depend on time are driven through the same functions the handlers call, with the clock
//! moved forward; the rest go over HTTP.

mod support;

on_both_backends!(
    a_farmer_signs_in_with_a_code_and_out_again,
    a_code_works_once,
    a_code_allows_five_tries,
    a_code_expires_after_ten_minutes,
    codes_are_rate_limited_per_phone_and_per_client,
    codes_are_stored_hashed,
    wrong_passwords_stop_one_address_and_never_shut_out_the_owner,
    racing_guesses_from_one_address_are_checked_five_times_only,
    over_http_a_guessed_account_answers_as_an_unknown_one,
    codes_issued_in_a_burst_stay_within_the_limits,
    a_password_change_ends_the_accounts_sessions,
    expired_sessions_codes_and_counts_are_purged,
    state_changes_without_the_app_header_or_from_another_site_are_refused,
    sessions_end_when_idle_or_too_old,
    a_township_administrator_registers_an_informant_in_scope_only,
    a_county_administrator_cannot_see_another_county,
    disabling_an_account_ends_its_sessions,
);

mod cases {
    use std::sync::Arc;

    use chrono::{Duration, Utc};
    use reqwest::header::SET_COOKIE;
    use reqwest::{Method, StatusCode};
    use serde_json::json;
    use yinong_api::auth::hashing::{self, Hasher};
    use yinong_api::auth::otp::{self, OtpError};
    use yinong_api::auth::password::{self, LoginError};
    use yinong_api::auth::sender::{CodeSender, OutboxSender};
    use yinong_api::auth::session;
    use yinong_api::seed::DEMO_PASSWORD;
    use yinong_model::account::{AuditEntry, Me, Role, UserPage, UserSummary};
    use yinong_model::error::ErrorBody;
    use yinong_model::region::RegionCode;
    use yinong_store::{Change, CountKey, NewUserRecord, Store, Window};

    use crate::support::{code_for, demo_session, log_in, log_in_from, session_token, TestServer};

    const PHONE: &str = "13800138000";

    async fn verify(server: &TestServer, phone: &str, code: &str) -> reqwest::Response {
        server
            .request(Method::POST, "/api/auth/otp/verify", None)
            .json(&serde_json::json!({ "phone": phone, "code": code }))
            .send()
            .await
            .unwrap()
    }

    async fn message(response: reqwest::Response) -> String {
        response.json::<ErrorBody>().await.unwrap().error.message
    }

    pub async fn a_farmer_signs_in_with_a_code_and_out_again(store: Arc<dyn Store>) {
        let server = TestServer::start(store, false).await;
        let code = code_for(&server, PHONE).await;
        let response = verify(&server, PHONE, &code).await;
        assert_eq!(response.status(), StatusCode::OK);
        let cookie = response.headers()[SET_COOKIE].to_str().unwrap().to_owned();
        assert!(
            cookie.contains("; HttpOnly") && cookie.contains("; SameSite=Strict"),
            "{cookie}"
        );
        assert!(!cookie.contains("Secure"), "served over plain HTTP here");
        let cookies = |response: &reqwest::Response| -> Vec<String> {
            response
                .headers()
                .get_all(SET_COOKIE)
                .iter()
                .map(|value| {
                    value
                        .to_str()
                        .unwrap()
                        .split(';')
                        .next()
                        .unwrap()
                        .to_owned()
                })
                .collect()
        };
        let set = cookies(&response);
        assert_eq!(set.len(), 2, "the session and the page's marker: {set:?}");
        assert!(set[0].starts_with("yinong_session=") && set[1] == "yinong_signed_in=1");
        let token = session_token(&response);
        let me: Me = response.json().await.unwrap();
        assert_eq!(
            (me.role, me.phone_masked.as_str()),
            (Role::Farmer, "138****8000")
        );

        let me_again: Me = server
            .request(Method::GET, "/api/me", Some(&token))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(me_again, me);
        let out = server
            .request(Method::POST, "/api/auth/logout", Some(&token))
            .send()
            .await
            .unwrap();
        assert_eq!(out.status(), StatusCode::NO_CONTENT);
        assert!(out.headers()[SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("Max-Age=0"));
        assert_eq!(cookies(&out), ["yinong_session=", "yinong_signed_in="]);
        let after = server
            .request(Method::GET, "/api/me", Some(&token))
            .send()
            .await
            .unwrap();
        assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(message(after).await, "请先登录");
    }

    pub async fn a_code_works_once(store: Arc<dyn Store>) {
        let server = TestServer::start(store, false).await;
        let code = code_for(&server, PHONE).await;
        assert_eq!(verify(&server, PHONE, &code).await.status(), StatusCode::OK);
        let reused = verify(&server, PHONE, &code).await;
        assert_eq!(reused.status(), StatusCode::BAD_REQUEST);
        assert_eq!(message(reused).await, "验证码已失效，请重新获取");
    }

    pub async fn a_code_allows_five_tries(store: Arc<dyn Store>) {
        let server = TestServer::start(store, false).await;
        let code = code_for(&server, PHONE).await;
        let wrong = if code == "000000" { "111111" } else { "000000" };
        for left in (1..=4).rev() {
            let response = verify(&server, PHONE, wrong).await;
            assert_eq!(
                message(response).await,
                format!("验证码不正确，还可以再试 {left} 次")
            );
        }
        assert_eq!(
            message(verify(&server, PHONE, wrong).await).await,
            "验证码已失效，请重新获取"
        );
        let too_late = verify(&server, PHONE, &code).await;
        assert_eq!(
            too_late.status(),
            StatusCode::BAD_REQUEST,
            "the right code after five wrong tries"
        );
    }

    pub async fn a_code_expires_after_ten_minutes(store: Arc<dyn Store>) {
        let outbox = OutboxSender::default();
        let start = Utc::now();
        otp::request_code(store.as_ref(), &outbox, PHONE, "10.0.0.1", start)
            .await
            .unwrap();
        let code = outbox.outbox(PHONE).unwrap().pop().unwrap();
        let late = start + Duration::minutes(10) + Duration::seconds(1);
        assert!(matches!(
            otp::verify_code(store.as_ref(), PHONE, &code, late).await,
            Err(OtpError::Expired)
        ));

        let later = start + Duration::minutes(11);
        otp::request_code(store.as_ref(), &outbox, PHONE, "10.0.0.1", later)
            .await
            .unwrap();
        let code = outbox.outbox(PHONE).unwrap().pop().unwrap();
        let in_time = later + Duration::minutes(9) + Duration::seconds(59);
        otp::verify_code(store.as_ref(), PHONE, &code, in_time)
            .await
            .unwrap();
    }

    pub async fn codes_are_rate_limited_per_phone_and_per_client(store: Arc<dyn Store>) {
        let outbox = OutboxSender::default();
        let mut now = Utc::now();
        otp::request_code(store.as_ref(), &outbox, PHONE, "10.0.0.1", now)
            .await
            .unwrap();
        let too_soon = otp::request_code(
            store.as_ref(),
            &outbox,
            PHONE,
            "10.0.0.1",
            now + Duration::seconds(30),
        )
        .await;
        assert!(
            matches!(too_soon, Err(OtpError::TooSoon(30))),
            "{too_soon:?}"
        );
        for _ in 1..otp::PER_PHONE_PER_HOUR {
            now += Duration::seconds(61);
            otp::request_code(store.as_ref(), &outbox, PHONE, "10.0.0.1", now)
                .await
                .unwrap();
        }
        now += Duration::seconds(61);
        let sixth = otp::request_code(store.as_ref(), &outbox, PHONE, "10.0.0.1", now).await;
        assert!(matches!(sixth, Err(OtpError::RateLimited)), "{sixth:?}");
        assert_eq!(outbox.outbox(PHONE).unwrap().len(), 5);

        // One client asking for many phones.
        let client = "10.0.0.2";
        for n in 0..otp::PER_CLIENT_PER_HOUR {
            otp::request_code(
                store.as_ref(),
                &outbox,
                &format!("1390000{n:04}"),
                client,
                now,
            )
            .await
            .unwrap();
        }
        let next = otp::request_code(store.as_ref(), &outbox, "13911112222", client, now).await;
        assert!(matches!(next, Err(OtpError::RateLimited)), "{next:?}");
        // An hour later the limits have passed.
        otp::request_code(
            store.as_ref(),
            &outbox,
            "13911112222",
            client,
            now + Duration::minutes(61),
        )
        .await
        .unwrap();
    }

    pub async fn codes_are_stored_hashed(store: Arc<dyn Store>) {
        let outbox = OutboxSender::default();
        otp::request_code(store.as_ref(), &outbox, PHONE, "10.0.0.1", Utc::now())
            .await
            .unwrap();
        let code = outbox.outbox(PHONE).unwrap().pop().unwrap();
        let stored = store.latest_otp(PHONE).await.unwrap().unwrap();
        assert_eq!(stored.code_hash.len(), 64);
        assert!(!stored.code_hash.contains(&code) && !stored.salt.contains(&code));
        assert!(matches!(
            otp::request_code(store.as_ref(), &outbox, "2380013800", "x", Utc::now()).await,
            Err(OtpError::BadPhone)
        ));
    }

    async fn staff(
        store: &dyn Store,
        role: Role,
        region: Option<&str>,
        phone: &str,
        password: &str,
    ) -> i64 {
        let account = NewUserRecord {
            role,
            region_code: region.map(|c| RegionCode::parse(c).unwrap()),
            name: "测试".into(),
            phone: phone.into(),
            username: None,
            password_hash: Some(hashing::hash(password)),
            id_card: None,
        };
        store
            .create_user(
                &account,
                Change {
                    actor_id: None,
                    action: "test",
                    at: Utc::now(),
                },
            )
            .await
            .unwrap()
    }

    fn attempt<'a>(login: &'a str, password: &'a str, address: &'a str) -> password::Attempt<'a> {
        password::Attempt {
            login,
            password,
            client_addr: address,
            now: Utc::now(),
        }
    }

    pub async fn wrong_passwords_stop_one_address_and_never_shut_out_the_owner(
        store: Arc<dyn Store>,
    ) {
        yinong_api::seed::prepare(store.as_ref(), false)
            .await
            .unwrap();
        let id = staff(
            store.as_ref(),
            Role::CountyAdmin,
            Some("370811"),
            "13700000001",
            "right-password",
        )
        .await;
        let hasher = Hasher::new(1, 64);
        let sign_in = |login: &'static str, password: &'static str, address: &'static str| {
            let (store, hasher) = (Arc::clone(&store), &hasher);
            async move {
                password::sign_in(store.as_ref(), hasher, &attempt(login, password, address)).await
            }
        };
        // A stranger tries the published login from one address, and an unknown one.
        for login in ["13700000001", "13799999999"] {
            for _ in 0..password::TRIES_PER_ADDRESS {
                assert!(matches!(
                    sign_in(login, "guess", "10.0.0.66").await,
                    Err(LoginError::BadCredentials)
                ));
            }
        }
        assert!(
            matches!(
                sign_in("13700000001", "right-password", "10.0.0.66").await,
                Err(LoginError::BadCredentials)
            ),
            "past five tries an address is not checked, and is told nothing new"
        );
        let owner = sign_in("13700000001", "right-password", "10.0.0.7")
            .await
            .unwrap();
        assert_eq!(owner.id, id, "the owner's own address still gets in");

        // Ten strangers at ten addresses: the owner gets in, after a pause.
        for n in 0..password::FAILURES_BEFORE_PACE {
            let address: &'static str = Box::leak(format!("10.0.1.{n}").into_boxed_str());
            assert!(sign_in("13700000001", "guess", address).await.is_err());
        }
        let started = std::time::Instant::now();
        assert_eq!(
            sign_in("13700000001", "right-password", "10.0.0.7")
                .await
                .unwrap()
                .id,
            id
        );
        assert!(
            started.elapsed() >= password::PACE,
            "paced: {:?}",
            started.elapsed()
        );

        // One address guessing across logins is told to wait, whatever the login.
        for n in 0..password::FAILURES_PER_ADDRESS {
            let login: &'static str = Box::leak(format!("1379000{n:04}").into_boxed_str());
            let _ = sign_in(login, "guess", "10.0.0.99").await;
        }
        assert!(matches!(
            sign_in("13700000001", "right-password", "10.0.0.99").await,
            Err(LoginError::AddressThrottled)
        ));
    }

    pub async fn racing_guesses_from_one_address_are_checked_five_times_only(
        store: Arc<dyn Store>,
    ) {
        yinong_api::seed::prepare(store.as_ref(), false)
            .await
            .unwrap();
        staff(
            store.as_ref(),
            Role::CountyAdmin,
            Some("370811"),
            "13700000001",
            "right-password",
        )
        .await;
        let hasher = Arc::new(Hasher::new(4, 64));
        let guesses: Vec<_> = (0..20)
            .map(|_| {
                let (store, hasher) = (Arc::clone(&store), Arc::clone(&hasher));
                tokio::spawn(async move {
                    password::sign_in(
                        store.as_ref(),
                        &hasher,
                        &attempt("13700000001", "guess", "10.0.0.66"),
                    )
                    .await
                })
            })
            .collect();
        for guess in guesses {
            assert!(matches!(
                guess.await.unwrap(),
                Err(LoginError::BadCredentials)
            ));
        }
        let window = Window {
            now: Utc::now(),
            length: password::WINDOW,
        };
        let checked = CountKey {
            login: "13700000001",
            client_addr: "*",
        };
        assert_eq!(
            store.sign_in_count(&checked, &window).await.unwrap(),
            password::TRIES_PER_ADDRESS,
            "each try is counted before it is checked: twenty racing guesses, five checked"
        );
        let from_there = CountKey {
            login: "*",
            client_addr: "10.0.0.66",
        };
        assert_eq!(
            store.sign_in_count(&from_there, &window).await.unwrap(),
            20,
            "every failure from the address counts"
        );
    }

    pub async fn over_http_a_guessed_account_answers_as_an_unknown_one(store: Arc<dyn Store>) {
        yinong_api::seed::prepare(store.as_ref(), false)
            .await
            .unwrap();
        staff(
            store.as_ref(),
            Role::CountyAdmin,
            Some("370811"),
            "13700000001",
            "right-password",
        )
        .await;
        let server = TestServer::start(store, false).await;
        // Sixteen strangers at once, each from its own address.
        let strangers: Vec<_> = (0..16u8)
            .map(|n| log_in_from(&server, [127, 0, 1, n + 1], "13700000001", "guess"))
            .collect();
        for response in futures::future::join_all(strangers).await {
            assert_eq!(response.status(), StatusCode::BAD_REQUEST);
            assert_eq!(message(response).await, "账号或密码不正确");
        }
        for _ in 0..password::TRIES_PER_ADDRESS {
            log_in_from(&server, [127, 0, 0, 9], "13700000001", "guess").await;
            log_in_from(&server, [127, 0, 0, 9], "nobody", "guess").await;
        }
        for login in ["13700000001", "nobody"] {
            let response = log_in_from(&server, [127, 0, 0, 9], login, "right-password").await;
            assert_eq!(
                (response.status(), message(response).await.as_str()),
                (StatusCode::BAD_REQUEST, "账号或密码不正确"),
                "{login}: a stopped address learns nothing about the login"
            );
        }
        let owner = log_in_from(&server, [127, 0, 0, 2], "13700000001", "right-password").await;
        assert_eq!(
            owner.status(),
            StatusCode::OK,
            "the owner gets in from elsewhere"
        );
    }

    pub async fn state_changes_without_the_app_header_or_from_another_site_are_refused(
        store: Arc<dyn Store>,
    ) {
        let server = TestServer::start(store, false).await;
        let bare = reqwest::Client::new()
            .post(server.url("/api/auth/otp"))
            .json(&serde_json::json!({ "phone": PHONE }));
        let refused = bare.send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        assert_eq!(
            refused.json::<ErrorBody>().await.unwrap().error.code,
            "cross_site_refused"
        );
        let cross = server
            .request(Method::POST, "/api/auth/otp", None)
            .header("sec-fetch-site", "cross-site")
            .json(&serde_json::json!({ "phone": PHONE }))
            .send()
            .await
            .unwrap();
        assert_eq!(cross.status(), StatusCode::FORBIDDEN);
        assert!(
            server.outbox.outbox(PHONE).unwrap().is_empty(),
            "no code was sent"
        );
        let same_site = server
            .request(Method::POST, "/api/auth/otp", None)
            .header("sec-fetch-site", "same-origin")
            .json(&serde_json::json!({ "phone": PHONE }))
            .send()
            .await
            .unwrap();
        assert_eq!(same_site.status(), StatusCode::OK);
    }

    pub async fn sessions_end_when_idle_or_too_old(store: Arc<dyn Store>) {
        let id = staff(
            store.as_ref(),
            Role::SystemAdmin,
            None,
            "13700000002",
            "right-password",
        )
        .await;
        let user = store.user(id).await.unwrap().unwrap();
        let start = Utc::now();
        let idle = session::start(store.as_ref(), &user, start).await.unwrap();
        let limit = session::idle_limit(Role::SystemAdmin);
        assert!(
            session::resolve(store.as_ref(), &idle, start + limit - Duration::minutes(1))
                .await
                .unwrap()
                .is_some()
        );
        let later = start + limit - Duration::minutes(1) + limit + Duration::seconds(1);
        assert!(
            session::resolve(store.as_ref(), &idle, later)
                .await
                .unwrap()
                .is_none(),
            "idle too long"
        );

        let busy = session::start(store.as_ref(), &user, start).await.unwrap();
        let mut now = start;
        while now < start + session::absolute_limit(Role::SystemAdmin) - Duration::hours(2) {
            now += Duration::hours(2);
            assert!(session::resolve(store.as_ref(), &busy, now)
                .await
                .unwrap()
                .is_some());
        }
        now += Duration::hours(2);
        assert!(
            session::resolve(store.as_ref(), &busy, now)
                .await
                .unwrap()
                .is_none(),
            "past the absolute limit"
        );
    }

    pub async fn a_township_administrator_registers_an_informant_in_scope_only(
        store: Arc<dyn Store>,
    ) {
        let server = TestServer::start(store, true).await;
        let township = demo_session(&server, "rencheng-township").await;
        let informant = serde_json::json!({
            "role": "informant", "region_code": "370811002001", "name": "王秀英", "phone": "13900000001",
            "password": "informant-pass", "id_card": "11010519491231002X"
        });
        let created = server
            .request(Method::POST, "/api/users", Some(&township))
            .json(&informant)
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), StatusCode::CREATED);
        let created: UserSummary = created.json().await.unwrap();
        assert_eq!(
            created.id_card_masked.as_deref(),
            Some("110105********002X")
        );
        assert_eq!(created.phone_masked, "139****0001");

        let mut elsewhere = informant.clone();
        elsewhere["region_code"] = "370811005001".into();
        elsewhere["phone"] = "13900000002".into();
        let refused = server
            .request(Method::POST, "/api/users", Some(&township))
            .json(&elsewhere)
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        let mut promoted = informant.clone();
        promoted["role"] = "township_admin".into();
        promoted["region_code"] = "370811002".into();
        promoted["phone"] = "13900000003".into();
        let refused = server
            .request(Method::POST, "/api/users", Some(&township))
            .json(&promoted)
            .send()
            .await
            .unwrap();
        assert_eq!(
            refused.status(),
            StatusCode::FORBIDDEN,
            "no granting a role one does not manage"
        );

        let duplicate = server
            .request(Method::POST, "/api/users", Some(&township))
            .json(&informant)
            .send()
            .await
            .unwrap();
        assert_eq!(duplicate.status(), StatusCode::CONFLICT);

        let page: UserPage = server
            .request(Method::GET, "/api/users", Some(&township))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let mut names: Vec<_> = page.users.iter().map(|user| user.name.as_str()).collect();
        names.sort();
        assert_eq!(
            names,
            [
                "张营村信息员（演示）",
                "王秀英",
                "白屯村信息员（演示，培训中）"
            ],
            "the demo informants of 张营村 and 白屯村 and the one just registered"
        );
        assert_eq!(page.total, 3);

        let county = demo_session(&server, "rencheng-county").await;
        let audit: Vec<AuditEntry> = server
            .request(Method::GET, "/api/audit", Some(&county))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let entry = audit
            .iter()
            .find(|e| e.action == "user_created" && e.object_id == created.id.to_string())
            .unwrap();
        assert_eq!(
            entry.region_code.as_ref().map(|c| c.as_str()),
            Some("370811002001")
        );
        assert!(
            entry.before.is_none()
                && entry
                    .after
                    .as_deref()
                    .unwrap()
                    .contains("110105********002X")
        );
        assert!(
            !entry
                .after
                .as_deref()
                .unwrap()
                .contains("11010519491231002X"),
            "the audit log masks too"
        );
    }

    pub async fn a_county_administrator_cannot_see_another_county(store: Arc<dyn Store>) {
        let server = TestServer::start(store, true).await;
        let rencheng = demo_session(&server, "rencheng-county").await;
        let xinping = demo_session(&server, "xinping-county").await;
        let informant = serde_json::json!({
            "role": "informant", "region_code": "370811002001", "name": "李建国", "phone": "13900000011",
            "password": "informant-pass"
        });
        let created: UserSummary = server
            .request(Method::POST, "/api/users", Some(&rencheng))
            .json(&informant)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let theirs = server
            .request(
                Method::GET,
                &format!("/api/users/{}", created.id),
                Some(&xinping),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(theirs.status(), StatusCode::NOT_FOUND);
        let patch = server
            .request(
                Method::PATCH,
                &format!("/api/users/{}", created.id),
                Some(&xinping),
            )
            .json(&serde_json::json!({ "status": "disabled" }))
            .send()
            .await
            .unwrap();
        assert_eq!(patch.status(), StatusCode::NOT_FOUND);
        let page: UserPage = server
            .request(Method::GET, "/api/users", Some(&xinping))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(page.users.iter().all(|u| u
            .region_code
            .as_ref()
            .is_some_and(|c| c.as_str().starts_with("530427"))));
        let audit: Vec<AuditEntry> = server
            .request(Method::GET, "/api/audit", Some(&xinping))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(audit.iter().all(|e| e
            .region_code
            .as_ref()
            .is_some_and(|c| c.as_str().starts_with("530427"))));
        // Moving it into their own county is checked against where it is now: refused too.
        let mine = server
            .request(
                Method::GET,
                &format!("/api/users/{}", created.id),
                Some(&rencheng),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(mine.status(), StatusCode::OK);
    }

    /// The county administrator's change to the demo township administrator's account.
    async fn change_township_account(
        server: &TestServer,
        county: &str,
        change: serde_json::Value,
    ) -> reqwest::Response {
        let page: UserPage = server
            .request(Method::GET, "/api/users", Some(county))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let target = page
            .users
            .iter()
            .find(|u| u.username.as_deref() == Some("rencheng-township"))
            .unwrap();
        server
            .request(
                Method::PATCH,
                &format!("/api/users/{}", target.id),
                Some(county),
            )
            .json(&change)
            .send()
            .await
            .unwrap()
    }

    pub async fn disabling_an_account_ends_its_sessions(store: Arc<dyn Store>) {
        let server = TestServer::start(store, true).await;
        let county = demo_session(&server, "rencheng-county").await;
        let township = demo_session(&server, "rencheng-township").await;
        let patch =
            change_township_account(&server, &county, json!({ "status": "disabled" })).await;
        assert_eq!(patch.status(), StatusCode::OK);
        let gone = server
            .request(Method::GET, "/api/me", Some(&township))
            .send()
            .await
            .unwrap();
        assert_eq!(gone.status(), StatusCode::UNAUTHORIZED);
        let again = log_in(&server, "rencheng-township", DEMO_PASSWORD).await;
        assert_eq!(message(again).await, "账号已停用，请联系管理员");
    }

    pub async fn codes_issued_in_a_burst_stay_within_the_limits(store: Arc<dyn Store>) {
        let outbox = Arc::new(OutboxSender::default());
        let now = Utc::now();
        let ask = |phone: String, client: &'static str| {
            let (store, outbox) = (Arc::clone(&store), Arc::clone(&outbox));
            tokio::spawn(async move {
                otp::request_code(store.as_ref(), outbox.as_ref(), &phone, client, now).await
            })
        };
        let one_phone: Vec<_> = (0..10).map(|_| ask(PHONE.into(), "10.0.0.1")).collect();
        let many_phones: Vec<_> = (0..40)
            .map(|n| ask(format!("1390000{n:04}"), "10.0.0.2"))
            .collect();
        let mut sent = 0;
        for request in one_phone.into_iter().chain(many_phones) {
            match request.await.unwrap() {
                Ok(()) => sent += 1,
                Err(OtpError::TooSoon(_) | OtpError::RateLimited) => {}
                Err(other) => panic!("{other:?}"),
            }
        }
        assert_eq!(outbox.outbox(PHONE).unwrap().len(), 1, "one code a minute");
        assert_eq!(
            sent,
            1 + otp::PER_CLIENT_PER_HOUR,
            "one to the phone, twenty from the client asking for forty phones"
        );
    }

    pub async fn a_password_change_ends_the_accounts_sessions(store: Arc<dyn Store>) {
        let server = TestServer::start(store, true).await;
        let county = demo_session(&server, "rencheng-county").await;
        let on_phone = demo_session(&server, "rencheng-township").await;
        let on_laptop = demo_session(&server, "rencheng-township").await;
        let patch = change_township_account(
            &server,
            &county,
            json!({ "password": "a-new-password-2026" }),
        )
        .await;
        assert_eq!(patch.status(), StatusCode::OK);
        for session in [&on_phone, &on_laptop] {
            let me = server
                .request(Method::GET, "/api/me", Some(session))
                .send()
                .await
                .unwrap();
            assert_eq!(
                me.status(),
                StatusCode::UNAUTHORIZED,
                "signed out by the change"
            );
        }
        let county_me = server
            .request(Method::GET, "/api/me", Some(&county))
            .send()
            .await
            .unwrap();
        assert_eq!(county_me.status(), StatusCode::OK, "others stay signed in");
        let old = log_in(&server, "rencheng-township", DEMO_PASSWORD).await;
        assert_eq!(old.status(), StatusCode::BAD_REQUEST);
        let new = log_in(&server, "rencheng-township", "a-new-password-2026").await;
        assert_eq!(new.status(), StatusCode::OK);
    }

    pub async fn expired_sessions_codes_and_counts_are_purged(store: Arc<dyn Store>) {
        let id = staff(
            store.as_ref(),
            Role::SystemAdmin,
            None,
            "13700000002",
            "right-password",
        )
        .await;
        let user = store.user(id).await.unwrap().unwrap();
        let start = Utc::now();
        let old = session::start(store.as_ref(), &user, start).await.unwrap();
        let outbox = OutboxSender::default();
        otp::request_code(store.as_ref(), &outbox, PHONE, "10.0.0.1", start)
            .await
            .unwrap();
        let _ = password::sign_in(
            store.as_ref(),
            &Hasher::new(1, 8),
            &password::Attempt {
                login: "13700000002",
                password: "guess",
                client_addr: "10.0.0.1",
                now: start,
            },
        )
        .await;
        let later = start + session::absolute_limit(Role::SystemAdmin) + Duration::minutes(1);
        let fresh = session::start(store.as_ref(), &user, later).await.unwrap();
        let purged = yinong_api::auth::purge_expired(store.as_ref(), later)
            .await
            .unwrap();
        assert_eq!(
            (purged.sessions, purged.codes, purged.counts),
            (1, 1, 3),
            "the old session, the old code, the login's three counts"
        );
        assert!(session::resolve(store.as_ref(), &old, later)
            .await
            .unwrap()
            .is_none());
        assert!(session::resolve(store.as_ref(), &fresh, later)
            .await
            .unwrap()
            .is_some());
        let again = yinong_api::auth::purge_expired(store.as_ref(), later)
            .await
            .unwrap();
        assert_eq!(
            again,
            yinong_store::Purged::default(),
            "nothing left to purge"
        );
    }
}
