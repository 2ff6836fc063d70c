//! Runs one test case against a real database of each backend: a new SQLite file in a
//! temporary folder, or a new PostgreSQL database (dropped afterwards, even when the case
//! fails). PostgreSQL is found through `YINONG_TEST_POSTGRES_URL` (an administrative URL),
//! by default the local server; `cargo xtask test` makes sure it is running.

#![allow(dead_code)] // Each test binary uses its own part of this module.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use futures::FutureExt;
use sqlx::Connection;
use yinong_api::auth::sender::OutboxSender;
use yinong_api::auth::AuthConfig;
use yinong_api::client::TrustedProxies;
use yinong_api::{app, seed, AppState};
use yinong_store::{self as store, Store};

pub fn postgres_admin_url() -> String {
    std::env::var("YINONG_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

pub async fn with_sqlite<F, Fut>(case: F)
where
    F: FnOnce(Arc<dyn Store>) -> Fut,
    Fut: Future<Output = ()>,
{
    with_database_urls(Engine::Sqlite, async |[url]| {
        case(store::connect(&url).await.expect("open SQLite")).await
    })
    .await
}

pub async fn with_postgres<F, Fut>(case: F)
where
    F: FnOnce(Arc<dyn Store>) -> Fut,
    Fut: Future<Output = ()>,
{
    with_database_urls(Engine::Postgres, async |[url]| {
        let store = store::connect(&url)
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL at {url} must be reachable: {e}"));
        case(store).await
    })
    .await
}

#[derive(Clone, Copy, Debug)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// Runs `case` with the URLs of `N` new empty databases of `engine`: SQLite files (not yet
/// made) in a temporary folder, or PostgreSQL databases made for it and dropped afterwards,
/// even when the case fails.
pub async fn with_database_urls<const N: usize>(
    engine: Engine,
    case: impl AsyncFnOnce([String; N]),
) {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    match engine {
        Engine::Sqlite => {
            let folder = tempfile::tempdir().expect("temporary folder");
            let urls = std::array::from_fn(|n| {
                format!(
                    "sqlite://{}",
                    folder.path().join(format!("yinong{n}.db")).display()
                )
            });
            case(urls).await;
        }
        Engine::Postgres => {
            let admin_url = postgres_admin_url();
            let (base, _) = admin_url.rsplit_once('/').expect("URL ends with /database");
            let names: [String; N] = std::array::from_fn(|_| {
                format!(
                    "yinong_test_{}_{}_{}",
                    std::process::id(),
                    NEXT.fetch_add(1, Ordering::Relaxed),
                    std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .unwrap()
                        .as_millis()
                )
            });
            let mut admin = sqlx::PgConnection::connect(&admin_url)
                .await
                .unwrap_or_else(|e| panic!("PostgreSQL at {admin_url} must be reachable: {e}"));
            for name in &names {
                sqlx::query(&format!("CREATE DATABASE \"{name}\""))
                    .execute(&mut admin)
                    .await
                    .expect("create a test database");
            }
            let urls = names.clone().map(|name| format!("{base}/{name}"));
            let outcome = AssertUnwindSafe(case(urls)).catch_unwind().await;
            for name in &names {
                sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .execute(&mut admin)
                    .await
                    .expect("drop the test database");
            }
            if let Err(panic) = outcome {
                std::panic::resume_unwind(panic);
            }
        }
    }
}

/// Declares each listed `async fn(Arc<dyn Store>)` of module `cases` as a test on both
/// backends: `sqlite::name` and `postgres::name`.
#[macro_export]
macro_rules! on_both_backends {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $case() {
                $crate::support::with_sqlite(super::cases::$case).await
            })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $case() {
                $crate::support::with_postgres(super::cases::$case).await
            })*
        }
    };
}

/// Declares each listed `async fn(Engine)` of module `cases` (a case that opens its own
/// databases) as a test on both engines: `sqlite::name` and `postgres::name`.
#[macro_export]
macro_rules! on_both_engines {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $case() {
                super::cases::$case($crate::support::Engine::Sqlite).await
            })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $case() {
                super::cases::$case($crate::support::Engine::Postgres).await
            })*
        }
    };
}

pub const HOME_INDEX: &str = "<!DOCTYPE html><title>益农</title>";
pub const PORTAL_INDEX: &str = "<!DOCTYPE html><title>益农 · 服务</title>";
pub const STAFF_INDEX: &str =
    "<!DOCTYPE html><title>益农 · 工作台</title><script>navigator.serviceWorker.register('/staff/sw.js')</script>";
pub const WASM: &str = "yinong-0123456789abcdef_bg.wasm";

/// A built app's folder as the server reads it: the three entry points, a bundle and its
/// brotli copy, the icon.
pub fn app_dist() -> tempfile::TempDir {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), HOME_INDEX).unwrap();
    std::fs::create_dir(dist.path().join("portal")).unwrap();
    std::fs::write(dist.path().join("portal").join("index.html"), PORTAL_INDEX).unwrap();
    std::fs::create_dir(dist.path().join("staff")).unwrap();
    std::fs::write(dist.path().join("staff").join("index.html"), STAFF_INDEX).unwrap();
    std::fs::write(dist.path().join(WASM), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dist.path().join(format!("{WASM}.br")), b"brotli bytes").unwrap();
    std::fs::write(dist.path().join("favicon.svg"), "<svg/>").unwrap();
    dist
}

/// A running server on a free port over `store`, serving a small fake app folder, with
/// sign-in codes going to an outbox the test can read.
pub struct TestServer {
    pub base: String,
    pub outbox: Arc<OutboxSender>,
    /// What the handlers are given (its figures, the proxies it believes).
    pub state: AppState,
    _dist: tempfile::TempDir,
}

impl TestServer {
    pub async fn start(store: Arc<dyn Store>, demo: bool) -> TestServer {
        Self::start_with(store, demo, TrustedProxies::default()).await
    }

    /// [`TestServer::start`] behind the reverse proxies `proxies` (`--trusted-proxies`).
    pub async fn start_with(
        store: Arc<dyn Store>,
        demo: bool,
        proxies: TrustedProxies,
    ) -> TestServer {
        seed::prepare(store.as_ref(), demo).await.unwrap();
        let dist = app_dist();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let outbox = Arc::new(OutboxSender::default());
        let state = AppState {
            proxies: Arc::new(proxies),
            ..AppState::new(store, AuthConfig::new(outbox.clone(), false))
        };
        let router = app(state.clone(), dist.path().to_owned());
        tokio::spawn(async move {
            yinong_api::serve::serve(listener, router, std::future::pending())
                .await
                .unwrap()
        });
        TestServer {
            base,
            outbox,
            state,
            _dist: dist,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A request as the app sends it (with its header), optionally with a session cookie.
    /// GETs `path` (as `session`, if any) and reads the JSON answer, which must be a success.
    pub async fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        session: Option<&str>,
    ) -> T {
        let response = self
            .request(reqwest::Method::GET, path, session)
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_success(),
            "GET {path}: {}",
            response.status()
        );
        response.json().await.unwrap()
    }

    /// POSTs `body` as JSON (as `session`), as the app does.
    pub async fn post_json(
        &self,
        path: &str,
        session: &str,
        body: serde_json::Value,
    ) -> reqwest::Response {
        self.request(reqwest::Method::POST, path, Some(session))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        session: Option<&str>,
    ) -> reqwest::RequestBuilder {
        app_request(&self.base, method, path, session)
    }
}

/// Signs in with a password as the app does.
pub async fn log_in(server: &TestServer, login: &str, password: &str) -> reqwest::Response {
    log_in_from(server, [127, 0, 0, 1], login, password).await
}

/// [`log_in`] from another loopback address, as another client would.
pub async fn log_in_from(
    server: &TestServer,
    address: [u8; 4],
    login: &str,
    password: &str,
) -> reqwest::Response {
    reqwest::Client::builder()
        .local_address(std::net::IpAddr::from(address))
        .build()
        .unwrap()
        .post(server.url("/api/auth/login"))
        .header("x-yinong-app", "1")
        .json(&serde_json::json!({ "login": login, "password": password }))
        .send()
        .await
        .unwrap()
}

/// The session token of a demo account (`cargo xtask run`'s accounts).
pub async fn demo_session(server: &TestServer, login: &str) -> String {
    let response = log_in(server, login, seed::DEMO_PASSWORD).await;
    assert_eq!(
        response.status(),
        reqwest::StatusCode::OK,
        "{login} signs in"
    );
    session_token(&response)
}

/// Asks for a sign-in code for `phone` as the app does and reads it from the test outbox.
pub async fn code_for(server: &TestServer, phone: &str) -> String {
    let asked = server
        .request(reqwest::Method::POST, "/api/auth/otp", None)
        .json(&serde_json::json!({ "phone": phone }));
    assert_eq!(
        asked.send().await.unwrap().status(),
        reqwest::StatusCode::OK
    );
    let codes: Vec<String> = reqwest::get(server.url(&format!("/api/test/outbox/{phone}")))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    codes.last().unwrap().clone()
}

/// The session token of a farmer signed in with a code (the account is made on first
/// sign-in).
pub async fn farmer_session(server: &TestServer, phone: &str) -> String {
    let code = code_for(server, phone).await;
    let response = server
        .request(reqwest::Method::POST, "/api/auth/otp/verify", None)
        .json(&serde_json::json!({ "phone": phone, "code": code }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        reqwest::StatusCode::OK,
        "{phone} signs in"
    );
    session_token(&response)
}

/// A request to the server at `base` as the app sends it (with its header), optionally with a
/// session cookie.
pub fn app_request(
    base: &str,
    method: reqwest::Method,
    path: &str,
    session: Option<&str>,
) -> reqwest::RequestBuilder {
    let mut request = reqwest::Client::new()
        .request(method, format!("{base}{path}"))
        .header("x-yinong-app", "1");
    if let Some(token) = session {
        request = request.header(reqwest::header::COOKIE, format!("yinong_session={token}"));
    }
    request
}

/// The status and Chinese message of an error answer.
pub async fn error_message(response: reqwest::Response) -> (reqwest::StatusCode, String) {
    let status = response.status();
    let body: yinong_model::error::ErrorBody = response.json().await.unwrap();
    (status, body.error.message)
}

/// The session token a sign-in answer set.
pub fn session_token(response: &reqwest::Response) -> String {
    let cookie = response.headers()[reqwest::header::SET_COOKIE]
        .to_str()
        .unwrap();
    cookie
        .split(';')
        .next()
        .unwrap()
        .strip_prefix("yinong_session=")
        .unwrap()
        .to_owned()
}

/// The password of the accounts [`account`] makes.
pub const TEST_PASSWORD: &str = "test-pass-2026";

/// An account of `role` bound to `region`, signing in as `user-{phone}` with
/// [`TEST_PASSWORD`] (staff) or by phone (farmers). An informant has qualified, as one at
/// work has; [`trainee`] makes one who has not.
pub async fn account(
    store: &dyn Store,
    role: yinong_model::account::Role,
    region: &str,
    phone: &str,
) -> i64 {
    let id = registered(store, role, region, phone).await;
    if role.reports_from_village() {
        // The courses and the bank as the server's start would have them.
        store
            .upsert_courses(&yinong_api::training::shipped_courses())
            .await
            .unwrap();
        store
            .upsert_exam_questions(&yinong_api::qualification::shipped_questions())
            .await
            .unwrap();
        yinong_api::seed::pass_the_exam(store, id).await.unwrap();
    }
    id
}

/// A village informant just registered: in training, not yet qualified.
/// Staff accounts made by [`account`], each `(role, region, phone)`.
pub async fn staff_accounts(
    store: &dyn Store,
    people: &[(yinong_model::account::Role, &str, &str)],
) {
    for (role, region, phone) in people {
        account(store, *role, region, phone).await;
    }
}

pub async fn trainee(store: &dyn Store, village: &str, phone: &str) -> i64 {
    registered(
        store,
        yinong_model::account::Role::Informant,
        village,
        phone,
    )
    .await
}

async fn registered(
    store: &dyn Store,
    role: yinong_model::account::Role,
    region: &str,
    phone: &str,
) -> i64 {
    use yinong_model::account::Role;
    let user = store::NewUserRecord {
        role,
        region_code: Some(code(region)),
        name: format!("{}{phone}", role.name_zh()),
        phone: phone.to_owned(),
        username: Some(format!("user-{phone}")),
        password_hash: (role != Role::Farmer)
            .then(|| yinong_api::auth::hashing::hash(TEST_PASSWORD)),
        id_card: None,
    };
    let change = store::Change {
        actor_id: None,
        action: "test",
        at: chrono::Utc::now(),
    };
    store.create_user(&user, change).await.unwrap()
}

/// The session token of an [`account`] made for staff.
pub async fn staff_session(server: &TestServer, phone: &str) -> String {
    let response = log_in(server, &format!("user-{phone}"), TEST_PASSWORD).await;
    assert_eq!(
        response.status(),
        reqwest::StatusCode::OK,
        "{phone} signs in"
    );
    session_token(&response)
}

/// [`staff_session`] of each phone, in order.
pub async fn staff_sessions<const N: usize>(server: &TestServer, phones: [&str; N]) -> [String; N] {
    let mut sessions = Vec::with_capacity(N);
    for phone in phones {
        sessions.push(staff_session(server, phone).await);
    }
    sessions.try_into().expect("one session a phone")
}

pub fn code(code: &str) -> yinong_model::region::RegionCode {
    yinong_model::region::RegionCode::parse(code).unwrap()
}

pub fn region(code_text: &str, name: &str) -> yinong_model::region::Region {
    let code = code(code_text);
    yinong_model::region::Region {
        level: code.level(),
        parent_code: code.parent(),
        name: name.to_owned(),
        code,
    }
}

/// 山东 › 济宁 › 任城区 › 一个街道 › 两个村, plus 济南 and 云南.
pub fn small_tree() -> Vec<yinong_model::region::Region> {
    vec![
        region("37", "山东省"),
        region("53", "云南省"),
        region("3708", "济宁市"),
        region("3701", "济南市"),
        region("370811", "任城区"),
        region("370811001", "古槐街道"),
        region("370811001002", "乙村"),
        region("370811001001", "甲村"),
    ]
}

/// `small_tree` with a second county of 济宁 (兖州区), one of its townships and villages:
/// places outside 任城区 for the scope checks.
pub async fn two_counties(store: &dyn Store) {
    let mut tree = small_tree();
    tree.extend([
        region("370812", "兖州区"),
        region("370812001", "鼓楼街道"),
        region("370812001001", "东村"),
    ]);
    store.upsert_regions(&tree).await.unwrap();
}

/// A day written `YYYY-MM-DD`.
pub fn date(text: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// A generated station in `village` with one informant; `complete` fills all of 六有.
pub fn station(
    village: &str,
    status: yinong_model::station::StationStatus,
    opened_on: Option<chrono::NaiveDate>,
    complete: bool,
) -> store::DemoStation {
    use yinong_model::station::{HostVenue, SixHave, StationDetails, StationType};
    store::DemoStation {
        code: format!("{village}01"),
        region_code: code(village),
        status,
        details: StationDetails {
            name: "甲村益农信息社".to_owned(),
            station_type: StationType::Standard,
            host_venue: HostVenue::VillageCommittee,
            address: "古槐街道甲村".to_owned(),
            opening_hours: "08:00-18:00".to_owned(),
            latitude: Some(35.4),
            longitude: Some(116.6),
            six_have: SixHave {
                venue_area_m2: Some(40.0),
                devices: Some(2),
                broadband_mbps: Some(50.0),
                page_url: Some("https://example.org/v".to_owned()),
                sustainable: complete,
            },
        },
        opened_on,
        closed_on: None,
        informants: vec![store::DemoInformant {
            name: "王芳".into(),
            phone: "10012345678".into(),
            status: "qualified",
        }],
        service_records: Vec::new(),
    }
}

/// A small photo as a phone sends it.
pub static JPEG: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| photo(16, 16, 0));

/// A real JPEG of `width`×`height` noise: the same pixels for every `variant`, its bytes
/// made different by a comment segment (so each variant has its own name).
pub fn photo(width: u32, height: u32, variant: u32) -> Vec<u8> {
    let mut seed: u32 = 0x9E37_79B9;
    let noise = image::RgbImage::from_fn(width, height, |_, _| {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let [r, g, b, _] = seed.to_be_bytes();
        image::Rgb([r, g, b])
    });
    let mut jpeg = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(noise)
        .write_to(&mut jpeg, image::ImageFormat::Jpeg)
        .unwrap();
    let jpeg = jpeg.into_inner();
    let comment = format!("variant {variant}");
    let mut varied = jpeg[..2].to_vec();
    varied.extend_from_slice(&[0xFF, 0xFE]);
    varied.extend_from_slice(&((comment.len() + 2) as u16).to_be_bytes());
    varied.extend_from_slice(comment.as_bytes());
    varied.extend_from_slice(&jpeg[2..]);
    varied
}

/// A photo's name: the hex SHA-256 of its bytes.
pub fn hash_of(bytes: &[u8]) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(bytes))
}
