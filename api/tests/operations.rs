//! Running it for real: behind a reverse proxy the limits key on the farmer's address (and
//! a client cannot name another by sending the proxy's header itself), every answer
//! carries a request id, the figures Prometheus reads count what happened, and a backup
//! taken while phones send records holds every record acknowledged before it began, once
//! restored into a new database — on SQLite and PostgreSQL.

mod support;

on_both_backends!(
    limits_behind_a_proxy_count_the_farmers_address_not_the_proxys,
    every_answer_carries_a_request_id,
    the_figures_count_requests_outbox_outcomes_and_refused_sign_ins,
);

mod backup {
    use crate::support::Engine;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        crate::cases::a_backup_under_writes_holds_every_acknowledged_record(Engine::Sqlite).await
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        crate::cases::a_backup_under_writes_holds_every_acknowledged_record(Engine::Postgres).await
    }
}

mod cases {
    use std::sync::Arc;

    use reqwest::{Method, StatusCode};
    use yinong_api::client::TrustedProxies;
    use yinong_model::account::Role;
    use yinong_store::Store;

    use crate::support::{
        log_in, small_tree, staff_accounts, staff_sessions, with_database_urls, Engine, TestServer,
    };

    const JIA: &str = "370811001001";

    fn client_at(address: [u8; 4]) -> reqwest::Client {
        reqwest::Client::builder()
            .local_address(std::net::IpAddr::from(address))
            .build()
            .unwrap()
    }

    /// Asks a sign-in code for `phone` from `address`, as forwarded by the proxy.
    async fn ask_code(
        server: &TestServer,
        address: [u8; 4],
        forwarded: &str,
        phone: &str,
    ) -> StatusCode {
        client_at(address)
            .post(server.url("/api/auth/otp"))
            .header("x-yinong-app", "1")
            .header("x-forwarded-for", forwarded)
            .json(&serde_json::json!({ "phone": phone }))
            .send()
            .await
            .unwrap()
            .status()
    }

    pub async fn limits_behind_a_proxy_count_the_farmers_address_not_the_proxys(
        store: Arc<dyn Store>,
    ) {
        let proxy: TrustedProxies = "127.0.0.1".parse().unwrap();
        let server = TestServer::start_with(store, false, proxy).await;
        let limit = yinong_api::auth::otp::PER_CLIENT_PER_HOUR as usize;
        let phone = |n: usize| format!("139{n:08}");
        // One farmer's phone through the proxy (a client's own entry before it is ignored).
        for n in 0..limit {
            let forwarded = format!("10.9.9.{n}, 198.51.100.7");
            assert_eq!(
                ask_code(&server, [127, 0, 0, 1], &forwarded, &phone(n)).await,
                StatusCode::OK
            );
        }
        assert_eq!(
            ask_code(&server, [127, 0, 0, 1], "198.51.100.7", &phone(limit)).await,
            StatusCode::TOO_MANY_REQUESTS
        );
        // Another farmer behind the same proxy is not held back by the first.
        assert_eq!(
            ask_code(&server, [127, 0, 0, 1], "198.51.100.8", &phone(limit + 1)).await,
            StatusCode::OK
        );
        // A client that is not the proxy cannot spread its requests over invented addresses.
        for n in 0..limit {
            let forwarded = format!("203.0.113.{n}");
            assert_eq!(
                ask_code(&server, [127, 0, 0, 2], &forwarded, &phone(100 + n)).await,
                StatusCode::OK
            );
        }
        assert_eq!(
            ask_code(&server, [127, 0, 0, 2], "203.0.113.250", &phone(200)).await,
            StatusCode::TOO_MANY_REQUESTS
        );
    }

    pub async fn every_answer_carries_a_request_id(store: Arc<dyn Store>) {
        let server = TestServer::start(store, false).await;
        let id_of = |path: &'static str, sent: Option<&'static str>| {
            let mut request = reqwest::Client::new().get(server.url(path));
            if let Some(sent) = sent {
                request = request.header("x-request-id", sent);
            }
            async move {
                let response = request.send().await.unwrap();
                response.headers()["x-request-id"]
                    .to_str()
                    .unwrap()
                    .to_owned()
            }
        };
        let first = id_of("/api/health", None).await;
        let second = id_of("/api/health", None).await;
        assert_eq!(first.len(), 32, "{first}");
        assert_ne!(first, second);
        for path in [
            "/api/no-such-thing",
            "/",
            "/favicon.svg",
            "/no-such-file.js",
        ] {
            assert_eq!(id_of(path, None).await.len(), 32, "{path}");
        }
        // The proxy's id is kept; one that could forge a log line is replaced.
        assert_eq!(
            id_of("/api/health", Some("caddy-7f3a.42")).await,
            "caddy-7f3a.42"
        );
        let forged = id_of("/api/health", Some("x\" level=ERROR msg=\"forged")).await;
        assert_eq!(forged.len(), 32, "{forged}");
    }

    pub async fn the_figures_count_requests_outbox_outcomes_and_refused_sign_ins(
        store: Arc<dyn Store>,
    ) {
        store.upsert_regions(&small_tree()).await.unwrap();
        staff_accounts(store.as_ref(), &[(Role::Informant, JIA, "13900000001")]).await;
        let server = TestServer::start(store, false).await;
        let [informant] = staff_sessions(&server, ["13900000001"]).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let metrics_url = format!("http://{}/metrics", listener.local_addr().unwrap());
        let metrics = yinong_api::observe::metrics_app(
            server.state.metrics.clone(),
            server.state.store.clone(),
        );
        tokio::spawn(async move { axum::serve(listener, metrics).await });

        let wrong = log_in(&server, "13900000001", "not-the-password").await;
        assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);
        let today = yinong_store::china_today().to_string();
        let id = yinong_model::sync::uuid_v7(1_780_000_000_000, [3; 10]);
        let send = |price: &str| {
            server
                .request(
                    Method::PUT,
                    &format!("/api/prices/reports/{id}"),
                    Some(&informant),
                )
                .json(&serde_json::json!({
                    "product": "大白菜", "grade": "", "unit": "斤", "price": price,
                    "market": "古槐农贸市场", "observed_on": today, "photos": [],
                }))
                .send()
        };
        assert_eq!(send("0.80").await.unwrap().status(), StatusCode::CREATED);
        assert_eq!(send("0.80").await.unwrap().status(), StatusCode::OK);
        assert_eq!(send("0.90").await.unwrap().status(), StatusCode::CONFLICT);

        let response = reqwest::get(&metrics_url).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert!(response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text"));
        let text = response.text().await.unwrap();
        let value = |line: &str| -> f64 {
            text.lines()
                .find_map(|l| l.strip_prefix(line)?.trim().parse().ok())
                .unwrap_or_else(|| panic!("no {line} in\n{text}"))
        };
        let report = r#"route="/api/prices/reports/{client_id}""#;
        for (status, count) in [(201, 1.0), (200, 1.0), (409, 1.0)] {
            assert_eq!(
                value(&format!(
                    r#"yinong_http_requests_total{{method="PUT",{report},status="{status}"}}"#
                )),
                count
            );
        }
        assert_eq!(
            value(&format!(
                r#"yinong_http_request_duration_seconds_count{{method="PUT",{report}}}"#
            )),
            3.0
        );
        assert_eq!(value(r#"yinong_sync_records_total{outcome="Stored"}"#), 1.0);
        assert_eq!(value(r#"yinong_sync_records_total{outcome="Resent"}"#), 1.0);
        assert_eq!(
            value(r#"yinong_sync_records_total{outcome="Conflict"}"#),
            1.0
        );
        assert_eq!(
            value(r#"yinong_sign_ins_refused_total{method="Password"}"#),
            1.0
        );
        let pool = value(r#"yinong_database_connections{state="idle"}"#)
            + value(r#"yinong_database_connections{state="in_use"}"#);
        assert!(pool >= 1.0, "{text}");
    }

    /// Runs `yinong-api` on the database at `url`; its output when it succeeds, else the
    /// message it failed with.
    async fn yinong_api(url: &str, args: &[&str]) -> Result<String, String> {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_yinong-api"));
        command.arg("--database-url").arg(url).args(args);
        let output = tokio::task::spawn_blocking(move || command.output())
            .await
            .unwrap()
            .unwrap();
        let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
        if output.status.success() {
            Ok(text(&output.stdout))
        } else {
            Err(text(&output.stderr))
        }
    }

    pub async fn a_backup_under_writes_holds_every_acknowledged_record(engine: Engine) {
        with_database_urls(engine, async |[live, restored]| {
            let store = yinong_store::connect(&live).await.unwrap();
            store.upsert_regions(&small_tree()).await.unwrap();
            staff_accounts(store.as_ref(), &[(Role::Informant, JIA, "13900000001")]).await;
            let server = Arc::new(TestServer::start(store, false).await);
            let [informant] = staff_sessions(&server, ["13900000001"]).await;
            let today = yinong_store::china_today().to_string();
            let report = move |n: u64| {
                serde_json::json!({
                    "product": format!("白菜{n}"), "grade": "", "unit": "斤", "price": "0.80",
                    "market": "古槐农贸市场", "observed_on": today, "photos": [],
                })
            };
            let put = {
                let (server, informant) = (Arc::clone(&server), informant.clone());
                let report = report.clone();
                move |n: u64| {
                    let id = yinong_model::sync::uuid_v7(1_780_000_000_000 + n, [9; 10]);
                    server
                        .request(
                            Method::PUT,
                            &format!("/api/prices/reports/{id}"),
                            Some(&informant),
                        )
                        .json(&report(n))
                        .send()
                }
            };
            // Three phones send records one after another until told to stop; each record
            // acknowledged is noted with the moment its answer came.
            let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
            let phones: Vec<_> = (0..3u64)
                .map(|phone| {
                    let (put, stop) = (put.clone(), Arc::clone(&stop));
                    tokio::spawn(async move {
                        let mut acknowledged = Vec::new();
                        let mut n = phone * 1_000_000;
                        while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                            let response = put(n).await.unwrap();
                            assert_eq!(response.status(), StatusCode::CREATED);
                            acknowledged.push((n, std::time::Instant::now()));
                            n += 1;
                        }
                        acknowledged
                    })
                })
                .collect();
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            let folder = tempfile::tempdir().unwrap();
            let file = folder.path().join("yinong.backup");
            let file = file.to_str().unwrap();
            let began = std::time::Instant::now();
            yinong_api(&live, &["backup", file]).await.unwrap();
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
            let mut before = Vec::new();
            let mut after = 0;
            for phone in phones {
                for (n, at) in phone.await.unwrap() {
                    if at < began {
                        before.push(n);
                    } else {
                        after += 1;
                    }
                }
            }
            assert!(
                before.len() >= 10 && after >= 5,
                "{} then {after}",
                before.len()
            );
            assert!(
                yinong_api(&live, &["backup", file])
                    .await
                    .unwrap_err()
                    .contains("exists"),
                "a backup is never written over"
            );
            if let Engine::Sqlite = engine {
                let refused = yinong_api(&live, &["restore", file]).await.unwrap_err();
                assert!(refused.contains("running server"), "{refused}");
                let copied = yinong_api(&restored, &["restore", &live[9..]]).await;
                assert!(copied.is_ok(), "a copy of a database is a backup too");
                std::fs::remove_file(&restored[9..]).unwrap();
            }
            yinong_api(&restored, &["restore", file]).await.unwrap();

            // The restored database, served anew: every record acknowledged before the
            // backup began is there (sent again, it is answered as kept: 200, not 201).
            let store = yinong_store::connect(&restored).await.unwrap();
            let server = TestServer::start(store, false).await;
            let [informant] = staff_sessions(&server, ["13900000001"]).await;
            for n in before {
                let id = yinong_model::sync::uuid_v7(1_780_000_000_000 + n, [9; 10]);
                let response = server
                    .request(
                        Method::PUT,
                        &format!("/api/prices/reports/{id}"),
                        Some(&informant),
                    )
                    .json(&report(n))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), StatusCode::OK, "record {n} is missing");
            }
        })
        .await
    }
}
