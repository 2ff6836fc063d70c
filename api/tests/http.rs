//! The HTTP surface over a real socket: the JSON API and its one error shape, and the
//! serving rules for the built app (fallback, MIME types, caching, precompression).

mod support;

on_both_backends!(
    health_reports_version_backend_and_demo_flag,
    services_lists_the_four_kinds_in_order,
    errors_share_one_shape_and_status,
    regions_answer_with_ancestors_children_and_targets,
    app_files_follow_the_serving_rules,
);

mod cases {
    use std::sync::Arc;

    use reqwest::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, VARY};
    use reqwest::StatusCode;
    use yinong_model::error::ErrorBody;
    use yinong_model::region::{Region, RegionDetail};
    use yinong_model::service::{ServiceKind, ServiceType};
    use yinong_model::system::Health;
    use yinong_model::target::Target;
    use yinong_store::Store;

    use crate::support::{TestServer, HOME_INDEX, PORTAL_INDEX, STAFF_INDEX, WASM};

    async fn start(store: Arc<dyn Store>, demo: bool) -> TestServer {
        TestServer::start(store, demo).await
    }

    fn client() -> reqwest::Client {
        reqwest::Client::new()
    }

    async fn error_of(response: reqwest::Response) -> (StatusCode, ErrorBody) {
        let status = response.status();
        assert_eq!(response.headers()[CONTENT_TYPE], "application/json");
        (status, response.json().await.unwrap())
    }

    pub async fn health_reports_version_backend_and_demo_flag(store: Arc<dyn Store>) {
        let backend = store.backend();
        let server = start(store, false).await;
        let health: Health = client()
            .get(format!("{}/api/health", server.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(health.status, "ok");
        assert_eq!(health.version, env!("CARGO_PKG_VERSION"));
        assert_eq!(health.backend, backend);
        assert!(!health.demo_data, "started without --demo");
    }

    pub async fn services_lists_the_four_kinds_in_order(store: Arc<dyn Store>) {
        let server = start(store, false).await;
        let response = client()
            .get(format!("{}/api/services", server.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[CACHE_CONTROL], "private, no-cache");
        let services: Vec<ServiceType> = response.json().await.unwrap();
        let names: Vec<_> = services.iter().map(|s| s.name_zh.as_str()).collect();
        assert_eq!(names, ["公益服务", "便民服务", "电子商务", "培训体验"]);
        assert_eq!(
            services.iter().map(|s| s.kind).collect::<Vec<_>>(),
            ServiceKind::ALL
        );
        assert!(services.iter().all(|s| !s.items.is_empty()));

        let compressed = client()
            .get(format!("{}/api/services", server.base))
            .header(ACCEPT_ENCODING, "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(compressed.headers()[CONTENT_ENCODING], "gzip");
    }

    pub async fn errors_share_one_shape_and_status(store: Arc<dyn Store>) {
        let server = start(store, false).await;
        let (status, body) = error_of(
            client()
                .get(format!("{}/api/nothing/here", server.base))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(
            (status, body.error.code.as_str()),
            (StatusCode::NOT_FOUND, "not_found")
        );
        assert!(
            body.error.message.contains("/api/nothing/here"),
            "{}",
            body.error.message
        );

        let (status, body) = error_of(
            client()
                .post(format!("{}/api/health", server.base))
                .header("x-yinong-app", "1")
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(
            (status, body.error.code.as_str()),
            (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed")
        );

        let (status, body) = error_of(
            client()
                .get(format!("{}/api/regions/37x", server.base))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(
            (status, body.error.code.as_str()),
            (StatusCode::BAD_REQUEST, "bad_request")
        );
        assert!(body.error.message.contains("37x"));

        let (status, body) = error_of(
            client()
                .get(format!("{}/api/regions/3799", server.base))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(
            (status, body.error.code.as_str()),
            (StatusCode::NOT_FOUND, "not_found")
        );
    }

    pub async fn regions_answer_with_ancestors_children_and_targets(store: Arc<dyn Store>) {
        let server = start(store, false).await;
        let get = |path: &str| client().get(format!("{}/api/{path}", server.base)).send();
        let provinces: Vec<Region> = get("regions").await.unwrap().json().await.unwrap();
        assert_eq!(provinces.len(), 31);
        let xinping: RegionDetail = get("regions/530427").await.unwrap().json().await.unwrap();
        assert_eq!(xinping.region.name, "新平彝族傣族自治县");
        let chain: Vec<_> = xinping.ancestors.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(chain, ["云南省", "玉溪市"]);
        assert_eq!(xinping.child_count, 12);
        let townships: Vec<Region> = get("regions/530427/children")
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(townships.iter().any(|t| t.name == "戛洒镇"));
        let targets: Vec<Target> = get("regions/530427/targets")
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(targets.len(), 12 * 7);
    }

    pub async fn app_files_follow_the_serving_rules(store: Arc<dyn Store>) {
        let server = start(store, false).await;
        let get = |path: &str| client().get(format!("{}{path}", server.base)).send();

        // The home page is its own entry point; the other farmer pages are the portal's.
        for (route, page) in [
            ("/", HOME_INDEX),
            ("/services", PORTAL_INDEX),
            ("/some/client/route", PORTAL_INDEX),
            ("/staffing", PORTAL_INDEX),
        ] {
            let response = get(route).await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{route}");
            assert_eq!(response.headers()[CACHE_CONTROL], "no-cache", "{route}");
            assert!(response.headers()[CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/html"));
            assert_eq!(response.text().await.unwrap(), page, "{route}");
        }

        // The staff entry point answers for its own routes, under /staff only.
        for route in ["/staff", "/staff/", "/staff/dashboard"] {
            let response = get(route).await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{route}");
            assert_eq!(response.text().await.unwrap(), STAFF_INDEX, "{route}");
        }

        let wasm = get(&format!("/{WASM}")).await.unwrap();
        assert_eq!(wasm.headers()[CONTENT_TYPE], "application/wasm");
        assert_eq!(
            wasm.headers()[CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(wasm.bytes().await.unwrap().as_ref(), b"\0asm\x01\0\0\0");

        let brotli = client()
            .get(format!("{}/{WASM}", server.base))
            .header(ACCEPT_ENCODING, "gzip, deflate, br")
            .send()
            .await
            .unwrap();
        assert_eq!(brotli.headers()[CONTENT_ENCODING], "br");
        assert_eq!(brotli.headers()[VARY], "accept-encoding");
        assert_eq!(brotli.headers()[CONTENT_TYPE], "application/wasm");
        assert_eq!(brotli.bytes().await.unwrap().as_ref(), b"brotli bytes");

        assert_eq!(
            get("/favicon.svg").await.unwrap().headers()[CACHE_CONTROL],
            "no-cache"
        );
        assert_eq!(
            get("/missing-0123456789abcdef.js").await.unwrap().status(),
            StatusCode::NOT_FOUND
        );
    }
}
