//! The server against hostile traffic over a real socket: security headers everywhere,
//! bodies too large, control characters, absurd page numbers and malformed query strings
//! and paths (each answered in the API's Chinese JSON error), connections that trickle
//! their headers or never send a body, and a shutdown that does not wait forever.

mod support;

on_both_backends!(
    every_response_carries_the_security_headers,
    oversized_bodies_are_refused_with_413,
    control_characters_are_refused_before_they_reach_the_store,
    page_numbers_query_strings_and_paths_are_checked_in_chinese,
    a_connection_trickling_its_headers_is_closed,
    a_request_whose_body_never_comes_is_answered_in_time,
    parallel_uploads_stop_exactly_at_the_daily_quota,
    photos_are_kept_without_their_metadata_and_removed_when_no_record_names_them,
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_waits_for_open_requests_only_so_long() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = axum::Router::new().route(
        "/slow",
        axum::routing::get(|| async {
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
            "never"
        }),
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(yinong_api::serve::serve(listener, app, async {
        stopped.await.ok();
    }));
    let slow = tokio::spawn(reqwest::get(format!("http://{address}/slow")));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let asked = std::time::Instant::now();
    stop.send(()).unwrap();
    tokio::time::timeout(
        yinong_api::serve::SHUTDOWN + std::time::Duration::from_secs(5),
        server,
    )
    .await
    .expect("the server stops within its shutdown deadline")
    .unwrap()
    .unwrap();
    assert!(
        asked.elapsed() >= yinong_api::serve::SHUTDOWN - std::time::Duration::from_secs(1),
        "it gave the open request its time first: {:?}",
        asked.elapsed()
    );
    assert!(slow.await.unwrap().is_err(), "the slow request was cut off");
}

mod cases {
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    use reqwest::header::{CONTENT_TYPE, STRICT_TRANSPORT_SECURITY};
    use reqwest::{Method, StatusCode};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use yinong_model::error::ErrorBody;
    use yinong_store::Store;

    use crate::support::{farmer_session, hash_of, photo, TestServer};

    async fn error_of(response: reqwest::Response) -> (StatusCode, String, String) {
        let status = response.status();
        assert_eq!(response.headers()[CONTENT_TYPE], "application/json");
        let body: ErrorBody = response.json().await.unwrap();
        (status, body.error.code, body.error.message)
    }

    pub async fn every_response_carries_the_security_headers(store: Arc<dyn Store>) {
        let server = TestServer::start(store, false).await;
        let client = reqwest::Client::new();
        for path in [
            "/api/health",
            "/api/nothing",
            "/",
            "/staff/review",
            "/favicon.svg",
        ] {
            let response = client.get(server.url(path)).send().await.unwrap();
            let headers = response.headers();
            let policy = headers["content-security-policy"].to_str().unwrap();
            assert!(policy.contains("'wasm-unsafe-eval'"), "{path}: {policy}");
            assert!(
                policy.contains("frame-ancestors 'none'"),
                "{path}: {policy}"
            );
            assert!(
                !policy.contains("'unsafe-inline' 'self'"),
                "{path}: {policy}"
            );
            // The staff page's inline script is allowed by its digest, not by 'unsafe-inline'.
            assert!(
                policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
                "{policy}"
            );
            assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
            assert_eq!(headers["x-frame-options"], "DENY", "{path}");
            assert_eq!(
                headers["referrer-policy"], "strict-origin-when-cross-origin",
                "{path}"
            );
            assert!(
                headers.get(STRICT_TRANSPORT_SECURITY).is_none(),
                "{path}: no HSTS over plain HTTP"
            );
        }
    }

    pub async fn oversized_bodies_are_refused_with_413(store: Arc<dyn Store>) {
        let server = TestServer::start(store, false).await;
        let huge = serde_json::json!({ "login": "x".repeat(300 * 1024), "password": "p" });
        let response = server
            .request(Method::POST, "/api/auth/login", None)
            .json(&huge)
            .send()
            .await
            .unwrap();
        let (status, code, message) = error_of(response).await;
        assert_eq!(
            (status, code.as_str()),
            (StatusCode::PAYLOAD_TOO_LARGE, "too_large")
        );
        assert!(message.contains("请求内容太大"), "{message}");

        let farmer = farmer_session(&server, "13800138000").await;
        let mut photo = vec![0xFF, 0xD8, 0xFF];
        photo.resize(2_000_000, 0);
        let response = server
            .request(Method::POST, "/api/photos", Some(&farmer))
            .body(photo)
            .send()
            .await
            .unwrap();
        let (status, _, message) = error_of(response).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(message.contains("照片太大"), "{message}");
    }

    pub async fn control_characters_are_refused_before_they_reach_the_store(store: Arc<dyn Store>) {
        let server = TestServer::start(store, false).await;
        for login in ["nul\u{0}here", "bell\u{7}", "escape\u{1b}[31m"] {
            let response = server
                .request(Method::POST, "/api/auth/login", None)
                .json(&serde_json::json!({ "login": login, "password": "whatever" }))
                .send()
                .await
                .unwrap();
            let (status, _, message) = error_of(response).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{login:?}");
            assert!(message.contains("控制字符"), "{message}");
        }
        let farmer = farmer_session(&server, "13800138000").await;
        let question = server
            .request(Method::POST, "/api/questions", Some(&farmer))
            .json(&serde_json::json!({
                "crop": "小麦", "text": "叶子发黄\n怎么办？\u{0}", "photos": []
            }))
            .send()
            .await
            .unwrap();
        let (status, _, message) = error_of(question).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(message.contains("控制字符"), "{message}");
        // Query strings and paths are decoded text too: a NUL there broke PostgreSQL.
        for path in [
            "/api/villages/search?q=%E5%88%98%00%E5%BA%84",
            "/api/villages/search?q=%E5%88%98%E5%BA%84&within=37%00",
            "/api/villages/3701%00/home",
        ] {
            let response = server
                .request(Method::GET, path, None)
                .send()
                .await
                .unwrap();
            let (status, _, message) = error_of(response).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {message}");
            assert!(message.contains("控制字符"), "{path}: {message}");
        }
    }

    pub async fn page_numbers_query_strings_and_paths_are_checked_in_chinese(
        store: Arc<dyn Store>,
    ) {
        let server = TestServer::start(store, false).await;
        let client = reqwest::Client::new();
        for (path, expected) in [
            (
                "/api/jobs?page=922337203685477581",
                "页码应在 0 到 100000 之间",
            ),
            ("/api/jobs?page=-1", "页码应在 0 到 100000 之间"),
            ("/api/jobs?page=abc", "查询参数不正确"),
            ("/api/bulletins?page=99999999999999999999", "查询参数不正确"),
            ("/api/listings/abc", "地址不正确"),
            ("/api/regions/37x", ""),
        ] {
            let response = client.get(server.url(path)).send().await.unwrap();
            let (status, code, message) = error_of(response).await;
            assert_eq!(
                (status, code.as_str()),
                (StatusCode::BAD_REQUEST, "bad_request"),
                "{path}: {message}"
            );
            assert!(message.contains(expected), "{path}: {message}");
        }
        let last = client
            .get(server.url("/api/jobs?page=100000"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            last.status(),
            StatusCode::OK,
            "the last page answers, empty"
        );
    }

    pub async fn a_connection_trickling_its_headers_is_closed(store: Arc<dyn Store>) {
        let server = TestServer::start(store, false).await;
        let address = server.base.trim_start_matches("http://").to_owned();
        let mut slow = tokio::net::TcpStream::connect(&address).await.unwrap();
        slow.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        let started = Instant::now();
        let trickle = async {
            // One header byte every half second, never the blank line that ends them.
            for byte in b"X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                .iter()
                .cycle()
            {
                if slow.write_all(&[*byte]).await.is_err() {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        };
        tokio::time::timeout(
            yinong_api::serve::HEADER_READ + Duration::from_secs(5),
            trickle,
        )
        .await
        .expect("the server closes the connection");
        let mut rest = Vec::new();
        let _ = slow.read_to_end(&mut rest).await;
        let waited = started.elapsed();
        assert!(
            waited >= yinong_api::serve::HEADER_READ - Duration::from_secs(1),
            "closed at its deadline, not before: {waited:?}"
        );
        // Meanwhile everyone else is served.
        let health = reqwest::get(server.url("/api/health")).await.unwrap();
        assert_eq!(health.status(), StatusCode::OK);
    }

    pub async fn a_request_whose_body_never_comes_is_answered_in_time(store: Arc<dyn Store>) {
        let server = TestServer::start(store, false).await;
        let address = server.base.trim_start_matches("http://").to_owned();
        let mut stalled = tokio::net::TcpStream::connect(&address).await.unwrap();
        stalled
            .write_all(
                b"POST /api/auth/login HTTP/1.1\r\nHost: x\r\nx-yinong-app: 1\r\n\
                  content-type: application/json\r\ncontent-length: 100\r\n\r\n{\"login\":",
            )
            .await
            .unwrap();
        let started = Instant::now();
        let mut answer = Vec::new();
        let mut buffer = [0u8; 1024];
        tokio::time::timeout(yinong_api::serve::REQUEST + Duration::from_secs(5), async {
            while !String::from_utf8_lossy(&answer).contains("timed_out") {
                let read = stalled.read(&mut buffer).await.unwrap();
                assert!(read > 0, "answered before the connection closed");
                answer.extend_from_slice(&buffer[..read]);
            }
        })
        .await
        .expect("the server answers the stalled request");
        let answer = String::from_utf8_lossy(&answer);
        assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
        assert!(answer.contains("处理超时"), "{answer}");
        assert!(started.elapsed() >= yinong_api::serve::REQUEST - Duration::from_secs(1));
    }

    pub async fn parallel_uploads_stop_exactly_at_the_daily_quota(store: Arc<dyn Store>) {
        use yinong_model::listing::PHOTO_BYTES_PER_DAY;
        let server = Arc::new(TestServer::start(store, false).await);
        let farmer = farmer_session(&server, "13800138000").await;
        // Every variant is the same picture, so the server keeps the same bytes for each.
        let kept_size = yinong_api::photos::recode::recode(photo(1000, 1000, 0))
            .await
            .unwrap()
            .len();
        let fits = PHOTO_BYTES_PER_DAY as usize / kept_size;
        let uploads: Vec<_> = (0..fits + 4)
            .map(|n| {
                let (server, farmer) = (Arc::clone(&server), farmer.clone());
                tokio::spawn(async move {
                    let photo = photo(1000, 1000, n as u32);
                    server
                        .request(Method::POST, "/api/photos", Some(&farmer))
                        .body(photo)
                        .send()
                        .await
                        .unwrap()
                })
            })
            .collect();
        let mut kept = 0;
        let mut refused = Vec::new();
        for upload in uploads {
            let response = upload.await.unwrap();
            match response.status() {
                StatusCode::CREATED => kept += 1,
                _ => refused.push(error_of(response).await),
            }
        }
        assert_eq!(kept, fits, "{refused:?}");
        assert_eq!(refused.len(), 4);
        for (status, code, message) in refused {
            assert_eq!(
                (status, code.as_str()),
                (StatusCode::TOO_MANY_REQUESTS, "rate_limited")
            );
            assert!(message.contains("今天上传的照片已达 30 MB"), "{message}");
        }
    }

    pub async fn photos_are_kept_without_their_metadata_and_removed_when_no_record_names_them(
        store: Arc<dyn Store>,
    ) {
        let server = TestServer::start(Arc::clone(&store), false).await;
        let farmer = farmer_session(&server, "13800138000").await;
        let upload = |bytes: Vec<u8>| {
            server
                .request(Method::POST, "/api/photos", Some(&farmer))
                .body(bytes)
                .send()
        };
        let server = &server;
        let served = |hash: String| async move {
            let response = server
                .request(Method::GET, &format!("/api/photos/{hash}"), None)
                .send()
                .await
                .unwrap();
            (response.status(), response.bytes().await.unwrap())
        };

        // A camera's JPEG, with its EXIF segment and the place it was taken.
        let plain = photo(320, 240, 0);
        let exif = b"Exif\0\0GPSLatitude 35.41N GPSLongitude 116.59E";
        let mut camera = plain[..2].to_vec();
        camera.extend_from_slice(&[0xFF, 0xE1]);
        camera.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
        camera.extend_from_slice(exif);
        camera.extend_from_slice(&plain[2..]);
        let named = hash_of(&camera);
        assert_eq!(upload(camera).await.unwrap().status(), StatusCode::CREATED);
        let (status, kept) = served(named.clone()).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!kept.windows(11).any(|w| w == b"GPSLatitude"));
        assert!(!kept.windows(4).any(|w| w == b"Exif"));
        assert_eq!(
            image::load_from_memory(&kept)
                .map(|p| (p.width(), p.height()))
                .unwrap(),
            (320, 240)
        );

        // A hundred megapixels of one colour: a small file, refused before it is decoded.
        let mut huge = std::io::Cursor::new(Vec::new());
        image::DynamicImage::new_luma8(10_000, 10_000)
            .write_to(&mut huge, image::ImageFormat::Png)
            .unwrap();
        let (status, _, message) = error_of(upload(huge.into_inner()).await.unwrap()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(message.contains("像素太多"), "{message}");
        let mut broken = photo(64, 64, 1);
        broken.truncate(40);
        let (status, _, message) = error_of(upload(broken).await.unwrap()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(message.contains("无法读取"), "{message}");

        // One photo a record names (checking the record in claims it), one never named.
        let unused = photo(64, 64, 2);
        let unused_name = hash_of(&unused);
        assert_eq!(upload(unused).await.unwrap().status(), StatusCode::CREATED);
        assert_eq!(store.claim_photos(&[named.clone()]).await.unwrap(), None);
        let now = chrono::Utc::now();
        let remove = |at| yinong_api::photos::remove_unused(store.as_ref(), at);
        assert_eq!(remove(now).await.unwrap(), 0, "within the grace period");
        let later = now + chrono::Duration::days(yinong_model::listing::UNUSED_PHOTO_DAYS + 1);
        assert_eq!(remove(later).await.unwrap(), 1);
        assert_eq!(served(named).await.0, StatusCode::OK);
        assert_eq!(served(unused_name.clone()).await.0, StatusCode::NOT_FOUND);
        assert_eq!(
            store.claim_photos(&[unused_name.clone()]).await.unwrap(),
            Some(unused_name),
            "a record naming a removed photo is told it is missing"
        );
    }
}
