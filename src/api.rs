//! Every call the app makes to the server, in one place. Types come from `yinong-model`,
//! the same crate the server answers with.

use std::future::Future;
use std::pin::Pin;

use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::{GetUntracked, RwSignal, Set};
use serde::de::DeserializeOwned;
use serde::Serialize;
use yinong_model::account::{
    Me, NewUser, OtpRequest, OtpSent, OtpVerify, PasswordLogin, UserPage, UserSummary,
    SIGNED_IN_COOKIE,
};
use yinong_model::error::ErrorBody;
use yinong_model::region::{Region, RegionCode};
use yinong_model::service::ServiceType;
use yinong_model::system::{Health, Overview};

/// Why a call failed, in the terms the user needs: no connection, or a server answer.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiFailure {
    /// The request never got an answer (offline, server down, connection dropped).
    Network,
    /// The server answered with an error; `message` is its Chinese explanation, if any.
    Server {
        status: u16,
        message: Option<String>,
    },
}

impl ApiFailure {
    /// What to tell the person, in Chinese: the server's own explanation when it gave one.
    pub fn message_zh(&self) -> String {
        match self {
            Self::Network => "网络连接失败，请检查网络后重试。".to_owned(),
            Self::Server {
                message: Some(message),
                ..
            } => message.clone(),
            Self::Server { .. } => "服务暂时不可用，请稍后重试。".to_owned(),
        }
    }
}

/// A server's answer, read whole.
struct Answered {
    status: u16,
    body: String,
}

type Exchanging = Pin<Box<dyn Future<Output = Result<Answered, ApiFailure>>>>;

/// Sends `request` and reads its answer whole; an error status is a failure. Not generic,
/// and boxed: every call awaits this one copy instead of carrying its own (bytes on the
/// farmer's first load).
fn exchange(request: Result<Request, gloo_net::Error>) -> Exchanging {
    Box::pin(async move {
        let network = |_| ApiFailure::Network;
        let response = request.map_err(network)?.send().await.map_err(network)?;
        if response.ok() {
            note_kept(&response);
        }
        let status = response.status();
        // An error answer whose body was lost still tells its status.
        let body = match response.text().await {
            Ok(body) => body,
            Err(_) if !response.ok() => String::new(),
            Err(_) => return Err(ApiFailure::Network),
        };
        checked(Answered { status, body })
    })
}

/// An answer with a success status, or the failure it reports in the API's error shape.
fn checked(answered: Answered) -> Result<Answered, ApiFailure> {
    if (200..300).contains(&answered.status) {
        Ok(answered)
    } else {
        let message = serde_json::from_str::<ErrorBody>(&answered.body)
            .ok()
            .map(|body| body.error.message);
        Err(ApiFailure::Server {
            status: answered.status,
            message,
        })
    }
}

fn json_of<T: DeserializeOwned>(answered: Answered) -> Result<T, ApiFailure> {
    serde_json::from_str(&answered.body).map_err(|_| ApiFailure::Server {
        status: answered.status,
        message: None,
    })
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiFailure> {
    json_of(exchange(Request::get(path).build()).await?)
}

/// The header the service worker (public/sw.js) stamps on an answer it kept, when there
/// was no network to ask: when the kept copy was fetched, in milliseconds since 1970.
const KEPT_AT: &str = "x-yinong-kept-at";

thread_local! {
    static KEPT_SINCE: RwSignal<Option<u64>> = RwSignal::new(None);
}

/// When the oldest answer on this page that came from the phone's kept copies (not the
/// network) was fetched, since the last fresh one; `None` when the last was fresh. The frame
/// shows it and clears it when the page changes.
pub fn kept_since() -> RwSignal<Option<u64>> {
    KEPT_SINCE.with(|kept| *kept)
}

/// A fresh answer means the network is back: what the page shows is no longer only the
/// phone's copy.
fn note_kept(response: &Response) {
    let fetched = response
        .headers()
        .get(KEPT_AT)
        .and_then(|at| at.parse::<u64>().ok());
    let kept = kept_since();
    let since = kept.get_untracked();
    let now = fetched.map(|fetched| since.map_or(fetched, |s| s.min(fetched)));
    if now != since {
        kept.set(now);
    }
}

/// A state-changing call; the server refuses those without the app's header (CSRF).
fn send(method: &str, path: &str, body: Option<&impl Serialize>) -> Exchanging {
    let builder = RequestBuilder::new(path)
        .method(method.parse().expect("a known method"))
        .header("x-yinong-app", "1");
    exchange(match body {
        Some(body) => builder.json(body),
        None => builder.build(),
    })
}

/// `send` for a request that creates something, under `key` (see `shell::sending`).
fn send_once(path: &str, body: &impl Serialize, key: &str) -> Exchanging {
    exchange(
        RequestBuilder::new(path)
            .method(gloo_net::http::Method::POST)
            .header("x-yinong-app", "1")
            .header("idempotency-key", key)
            .json(body),
    )
}

pub async fn health() -> Result<Health, ApiFailure> {
    get("/api/health").await
}

pub async fn services() -> Result<Vec<ServiceType>, ApiFailure> {
    get("/api/services").await
}

pub async fn overview() -> Result<Overview, ApiFailure> {
    get("/api/overview").await
}

/// Who is signed in; `None` when nobody is — known without asking when this browser holds
/// no session (signed out is not an error, not even in the console).
pub async fn me() -> Result<Option<Me>, ApiFailure> {
    if !session_marked() {
        return Ok(None);
    }
    match get("/api/me").await {
        Ok(me) => Ok(Some(me)),
        Err(ApiFailure::Server { status: 401, .. }) => {
            // The session ended on the server: stop asking.
            set_cookie(&format!("{SIGNED_IN_COOKIE}=; Max-Age=0; Path=/"));
            Ok(None)
        }
        Err(failure) => Err(failure),
    }
}

fn html_document() -> Option<web_sys::HtmlDocument> {
    use wasm_bindgen::JsCast;
    leptos::prelude::document().dyn_into().ok()
}

/// Whether the server marked a session started on this browser.
fn session_marked() -> bool {
    let cookies = html_document().and_then(|document| document.cookie().ok());
    cookies.is_some_and(|cookies| {
        cookies
            .split(';')
            .any(|pair| pair.trim() == format!("{SIGNED_IN_COOKIE}=1"))
    })
}

fn set_cookie(cookie: &str) {
    if let Some(document) = html_document() {
        let _ = document.set_cookie(cookie);
    }
}

pub async fn request_code(phone: &str) -> Result<OtpSent, ApiFailure> {
    json_of(
        send(
            "POST",
            "/api/auth/otp",
            Some(&OtpRequest {
                phone: phone.to_owned(),
            }),
        )
        .await?,
    )
}

pub async fn verify_code(phone: &str, code: &str) -> Result<Me, ApiFailure> {
    let body = OtpVerify {
        phone: phone.to_owned(),
        code: code.to_owned(),
    };
    json_of(send("POST", "/api/auth/otp/verify", Some(&body)).await?)
}

pub async fn log_in(login: &str, password: &str) -> Result<Me, ApiFailure> {
    let body = PasswordLogin {
        login: login.to_owned(),
        password: password.to_owned(),
    };
    json_of(send("POST", "/api/auth/login", Some(&body)).await?)
}

pub async fn log_out() -> Result<(), ApiFailure> {
    send("POST", "/api/auth/logout", None::<&()>)
        .await
        .map(drop)
}

pub async fn users() -> Result<UserPage, ApiFailure> {
    get("/api/users?limit=200").await
}

pub async fn create_user(user: &NewUser) -> Result<UserSummary, ApiFailure> {
    json_of(send("POST", "/api/users", Some(user)).await?)
}

/// The regions directly below `parent`; the provinces when `None`.
pub async fn child_regions(parent: Option<&RegionCode>) -> Result<Vec<Region>, ApiFailure> {
    match parent {
        Some(parent) => get(&format!("/api/regions/{parent}/children")).await,
        None => get("/api/regions").await,
    }
}

/// Coverage of a region (the nation when `None`) for a period (the latest with targets
/// when `None`).
pub async fn coverage(
    region: Option<String>,
    period: Option<String>,
) -> Result<yinong_model::coverage::Coverage, ApiFailure> {
    let mut path = match region {
        Some(code) => format!("/api/coverage/{code}"),
        None => "/api/coverage".to_owned(),
    };
    if let Some(period) = period {
        path.push_str(&format!("?period={period}"));
    }
    get(&path).await
}

/// One page of the gap planner for a region and period.
pub async fn gaps(
    region: String,
    period: String,
    limit: i64,
) -> Result<yinong_model::coverage::GapPage, ApiFailure> {
    get(&format!(
        "/api/coverage/{region}/gaps?period={period}&limit={limit}"
    ))
    .await
}

/// Sets one of a region's targets (recorded in the audit log by the server).
pub async fn set_target(
    region: &str,
    change: &yinong_model::target::TargetChange,
) -> Result<yinong_model::target::Target, ApiFailure> {
    json_of(
        send(
            "PUT",
            &format!("/api/regions/{region}/targets"),
            Some(change),
        )
        .await?,
    )
}

/// Marks a village (or county) as a poverty one, or takes the mark away.
pub async fn set_poverty(region: &str, poverty: bool) -> Result<(), ApiFailure> {
    let flag = yinong_model::region::PovertyFlag { poverty };
    send(
        "PUT",
        &format!("/api/regions/{region}/poverty"),
        Some(&flag),
    )
    .await?;
    Ok(())
}

/// A page of the stations in a region (the account's own when `None`), by status.
pub async fn stations(
    region: Option<String>,
    status: Option<String>,
    page: i64,
) -> Result<yinong_model::station::StationPage, ApiFailure> {
    let mut path = format!("/api/stations?page={page}");
    if let Some(region) = region {
        path.push_str(&format!("&region={region}"));
    }
    if let Some(status) = status {
        path.push_str(&format!("&status={status}"));
    }
    get(&path).await
}

pub async fn station(code: String) -> Result<yinong_model::station::StationDetail, ApiFailure> {
    get(&format!("/api/stations/{code}")).await
}

/// A station's inspections (验收) and its latest filing's status.
pub async fn station_acceptance(
    code: String,
) -> Result<yinong_model::acceptance::StationAcceptance, ApiFailure> {
    get(&format!("/api/stations/{code}/inspections")).await
}

/// Records the inspection of a built station; a passed one accepts it.
pub async fn record_inspection(
    code: &str,
    inspection: &yinong_model::acceptance::NewInspection,
) -> Result<yinong_model::acceptance::Inspection, ApiFailure> {
    json_of(
        send(
            "POST",
            &format!("/api/stations/{code}/inspections"),
            Some(inspection),
        )
        .await?,
    )
}

/// The county's stations accepted and not yet filed to the city.
pub async fn stations_to_file(
    county: String,
) -> Result<Vec<yinong_model::acceptance::FiledStation>, ApiFailure> {
    get(&format!("/api/filings/ready?county={county}")).await
}

/// Files stations to the city (备案).
pub async fn file_stations(
    filing: &yinong_model::acceptance::NewFiling,
) -> Result<yinong_model::acceptance::Filing, ApiFailure> {
    json_of(send("POST", "/api/filings", Some(filing)).await?)
}

/// The county's monthly report as it would be sent now.
pub async fn progress_draft(
    county: &RegionCode,
) -> Result<Vec<yinong_model::progress::ReportLine>, ApiFailure> {
    get(&format!("/api/progress-reports/draft?county={county}")).await
}

pub async fn send_progress_report(
    report: &yinong_model::progress::NewProgressReport,
) -> Result<yinong_model::progress::ProgressReport, ApiFailure> {
    json_of(send("POST", "/api/progress-reports", Some(report)).await?)
}

/// The county's reports, newest first.
pub async fn my_progress_reports(
    page: i64,
) -> Result<yinong_model::progress::ProgressReportPage, ApiFailure> {
    get(&format!("/api/progress-reports/mine?page={page}")).await
}

/// The city's reports to decide, in one review status.
pub async fn progress_report_queue(
    status: yinong_model::review::ReviewStatus,
    page: i64,
) -> Result<yinong_model::progress::ProgressReportPage, ApiFailure> {
    get(&format!(
        "/api/progress-reports/review?status={}&page={page}",
        status.code()
    ))
    .await
}

pub async fn progress_summary(
    region: &RegionCode,
    month: &str,
) -> Result<yinong_model::progress::SummedProgress, ApiFailure> {
    get(&format!(
        "/api/progress-reports/summary?region={region}&month={month}"
    ))
    .await
}

pub async fn publish_circular(
    circular: &yinong_model::progress::NewCircular,
) -> Result<yinong_model::progress::PublishedCircular, ApiFailure> {
    json_of(send("POST", "/api/progress-reports/circulars", Some(circular)).await?)
}

/// The county's filings, newest first.
pub async fn my_filings(page: i64) -> Result<yinong_model::acceptance::FilingPage, ApiFailure> {
    get(&format!("/api/filings/mine?page={page}")).await
}

/// The city's filings to confirm, in one review status.
pub async fn filing_queue(
    status: yinong_model::review::ReviewStatus,
    page: i64,
) -> Result<yinong_model::acceptance::FilingPage, ApiFailure> {
    get(&format!(
        "/api/filings/review?status={}&page={page}",
        status.code()
    ))
    .await
}

/// Declares a station (the server numbers it and records the declaration).
pub async fn declare_station(
    new: &yinong_model::station::NewStation,
) -> Result<yinong_model::station::Station, ApiFailure> {
    json_of(send("POST", "/api/stations", Some(new)).await?)
}

/// Replaces a station's details and 六有 evidence.
pub async fn update_station(
    code: &str,
    details: &yinong_model::station::StationDetails,
) -> Result<yinong_model::station::Station, ApiFailure> {
    json_of(send("PUT", &format!("/api/stations/{code}"), Some(details)).await?)
}

/// Moves a station to its next status (the server checks who may, and from where).
pub async fn change_station_status(
    code: &str,
    change: &yinong_model::station::StatusChange,
) -> Result<yinong_model::station::Station, ApiFailure> {
    json_of(
        send(
            "POST",
            &format!("/api/stations/{code}/status"),
            Some(change),
        )
        .await?,
    )
}

/// Villages whose name matches `text`, inside `within` when given (any part of the name
/// inside a county or township, the start of it above).
pub async fn search_villages(
    text: &str,
    within: Option<&RegionCode>,
) -> Result<yinong_model::portal::VillageSearch, ApiFailure> {
    let text = js_sys::encode_uri_component(text);
    let mut path = format!("/api/villages/search?q={text}");
    if let Some(within) = within {
        path.push_str(&format!("&within={within}"));
    }
    get(&path).await
}

/// A village's stations and the nearest others, measured from `position` when the farmer
/// shared it.
pub async fn village_home(
    village: &RegionCode,
    position: Option<(f64, f64)>,
) -> Result<yinong_model::portal::VillageHome, ApiFailure> {
    let mut path = format!("/api/villages/{village}/home");
    if let Some((lat, lng)) = position {
        // JavaScript prints the numbers: Rust's float formatting would add kilobytes.
        let print = |degrees: f64| {
            String::from(
                js_sys::Number::from(degrees)
                    .to_fixed(5)
                    .unwrap_or_default(),
            )
        };
        path.push_str(&format!("?lat={}&lng={}", print(lat), print(lng)));
    }
    get(&path).await
}

/// The signed-in farmer's 代办 and 代购 requests, newest first.
pub async fn my_requests(page: i64) -> Result<yinong_model::request::RequestPage, ApiFailure> {
    get(&format!("/api/requests/mine?page={page}")).await
}

/// The requests in one status to the stations of the informant's village.
pub async fn request_queue(
    status: yinong_model::request::RequestStatus,
    page: i64,
) -> Result<yinong_model::request::RequestPage, ApiFailure> {
    get(&format!(
        "/api/requests/queue?status={}&page={page}",
        status.code()
    ))
    .await
}

pub async fn service_request(id: i64) -> Result<yinong_model::request::ServiceRequest, ApiFailure> {
    get(&format!("/api/requests/{id}")).await
}

pub async fn submit_request(
    request: &yinong_model::request::NewRequest,
    key: &str,
) -> Result<yinong_model::request::ServiceRequest, ApiFailure> {
    json_of(send_once("/api/requests", request, key).await?)
}

pub async fn change_request(
    id: i64,
    change: &yinong_model::request::RequestChange,
) -> Result<yinong_model::request::ServiceRequest, ApiFailure> {
    json_of(send("POST", &format!("/api/requests/{id}/status"), Some(change)).await?)
}

/// Warnings (or else notices and policies) for `region` and the regions above it.
pub async fn bulletins(
    region: &RegionCode,
    warnings: bool,
    page: i64,
) -> Result<yinong_model::bulletin::BulletinPage, ApiFailure> {
    get(&format!(
        "/api/bulletins?for={region}&warnings={warnings}&page={page}"
    ))
    .await
}

pub async fn bulletin(id: i64) -> Result<yinong_model::bulletin::Bulletin, ApiFailure> {
    get(&format!("/api/bulletins/{id}")).await
}

/// What was published for the administrator's region and inside it.
pub async fn published_bulletins(
    page: i64,
) -> Result<yinong_model::bulletin::BulletinPage, ApiFailure> {
    get(&format!("/api/bulletins/published?page={page}")).await
}

pub async fn publish_bulletin(
    bulletin: &yinong_model::bulletin::NewBulletin,
) -> Result<yinong_model::bulletin::Bulletin, ApiFailure> {
    json_of(send("POST", "/api/bulletins", Some(bulletin)).await?)
}

pub async fn withdraw_bulletin(id: i64) -> Result<(), ApiFailure> {
    send(
        "POST",
        &format!("/api/bulletins/{id}/withdraw"),
        None::<&()>,
    )
    .await
    .map(drop)
}

/// The courses, with the signed-in learner's progress.
pub async fn courses() -> Result<Vec<yinong_model::training::CourseSummary>, ApiFailure> {
    get("/api/courses").await
}

pub async fn course(code: String) -> Result<yinong_model::training::Course, ApiFailure> {
    get(&format!("/api/courses/{code}")).await
}

pub async fn lesson(
    code: String,
    number: u32,
) -> Result<yinong_model::training::Lesson, ApiFailure> {
    get(&format!("/api/courses/{code}/lessons/{number}")).await
}

pub async fn finish_lesson(code: &str, number: u32) -> Result<(), ApiFailure> {
    send(
        "PUT",
        &format!("/api/courses/{code}/lessons/{number}/finished"),
        None::<&()>,
    )
    .await
    .map(drop)
}

/// The jobs board inside `within` (the country when `None`), of one kind, with work on `on`.
pub async fn jobs(
    within: Option<&RegionCode>,
    kind: Option<yinong_model::jobs::JobKind>,
    on: Option<&str>,
    page: i64,
) -> Result<yinong_model::jobs::JobPage, ApiFailure> {
    let mut path = format!("/api/jobs?page={page}");
    if let Some(within) = within {
        path.push_str(&format!("&within={within}"));
    }
    if let Some(kind) = kind {
        path.push_str(&format!("&kind={}", kind.code()));
    }
    if let Some(on) = on {
        path.push_str(&format!("&on={on}"));
    }
    get(&path).await
}

pub async fn post_job(post: &yinong_model::jobs::NewJobPost, key: &str) -> Result<(), ApiFailure> {
    send_once("/api/jobs", post, key).await.map(drop)
}

pub async fn withdraw_job(id: i64) -> Result<(), ApiFailure> {
    send("POST", &format!("/api/jobs/{id}/withdraw"), None::<&()>)
        .await
        .map(drop)
}

/// The 供求 board inside `within` (the country when `None`), of one kind, whose product
/// name contains `product`.
pub async fn listings(
    within: Option<&RegionCode>,
    kind: Option<yinong_model::listing::ListingKind>,
    product: &str,
    page: i64,
) -> Result<yinong_model::listing::ListingPage, ApiFailure> {
    let mut path = format!("/api/listings?page={page}");
    if let Some(within) = within {
        path.push_str(&format!("&within={within}"));
    }
    if let Some(kind) = kind {
        path.push_str(&format!("&kind={}", kind.code()));
    }
    if !product.trim().is_empty() {
        path.push_str(&format!(
            "&product={}",
            js_sys::encode_uri_component(product.trim())
        ));
    }
    get(&path).await
}

pub async fn my_listings(page: i64) -> Result<yinong_model::listing::ListingPage, ApiFailure> {
    get(&format!("/api/listings/mine?page={page}")).await
}

/// The posts in the reviewer's region in `status`.
pub async fn listing_queue(
    status: yinong_model::listing::ListingStatus,
    page: i64,
) -> Result<yinong_model::listing::ListingPage, ApiFailure> {
    get(&format!(
        "/api/listings/review?status={}&page={page}",
        status.code()
    ))
    .await
}

pub async fn listing(id: i64) -> Result<yinong_model::listing::Listing, ApiFailure> {
    get(&format!("/api/listings/{id}")).await
}

pub async fn post_listing(
    listing: &yinong_model::listing::NewListing,
    key: &str,
) -> Result<yinong_model::listing::Listing, ApiFailure> {
    json_of(send_once("/api/listings", listing, key).await?)
}

pub async fn review_listing(
    id: i64,
    decision: &yinong_model::listing::ReviewDecision,
) -> Result<yinong_model::listing::Listing, ApiFailure> {
    json_of(
        send(
            "POST",
            &format!("/api/listings/{id}/review"),
            Some(decision),
        )
        .await?,
    )
}

pub async fn report_listing(
    id: i64,
    report: &yinong_model::listing::ListingReport,
) -> Result<(), ApiFailure> {
    send("POST", &format!("/api/listings/{id}/report"), Some(report))
        .await
        .map(drop)
}

pub async fn withdraw_listing(id: i64) -> Result<(), ApiFailure> {
    send("POST", &format!("/api/listings/{id}/withdraw"), None::<&()>)
        .await
        .map(drop)
}

/// Sends one photo (already downscaled on the phone); the server answers its name.
pub async fn upload_photo(
    photo: &web_sys::Blob,
) -> Result<yinong_model::listing::PhotoStored, ApiFailure> {
    let request = RequestBuilder::new("/api/photos")
        .method(gloo_net::http::Method::POST)
        .header("x-yinong-app", "1")
        .header("content-type", &photo.type_())
        .body(photo);
    json_of(exchange(request).await?)
}

/// Where the app shows a photo from.
pub fn photo_url(hash: &str) -> String {
    format!("/api/photos/{hash}")
}

/// Answered 12316 questions (the knowledge base) inside `within`, of `topic`, whose crop or
/// text contains `words`.
pub async fn questions(
    within: Option<&RegionCode>,
    topic: Option<yinong_model::question::Topic>,
    words: &str,
    page: i64,
) -> Result<yinong_model::question::QuestionPage, ApiFailure> {
    let mut path = format!("/api/questions?page={page}");
    if let Some(within) = within {
        path.push_str(&format!("&within={within}"));
    }
    if let Some(topic) = topic {
        path.push_str(&format!("&topic={}", topic.code()));
    }
    if !words.trim().is_empty() {
        path.push_str(&format!(
            "&q={}",
            js_sys::encode_uri_component(words.trim())
        ));
    }
    get(&path).await
}

pub async fn my_questions(page: i64) -> Result<yinong_model::question::QuestionPage, ApiFailure> {
    get(&format!("/api/questions/mine?page={page}")).await
}

pub async fn question_queue(page: i64) -> Result<yinong_model::question::QuestionPage, ApiFailure> {
    get(&format!("/api/questions/queue?page={page}")).await
}

pub async fn question(id: i64) -> Result<yinong_model::question::Question, ApiFailure> {
    get(&format!("/api/questions/{id}")).await
}

pub async fn ask_question(
    question: &yinong_model::question::NewQuestion,
    key: &str,
) -> Result<yinong_model::question::Question, ApiFailure> {
    json_of(send_once("/api/questions", question, key).await?)
}

pub async fn answer_question(
    id: i64,
    answer: &yinong_model::question::NewAnswer,
) -> Result<yinong_model::question::Question, ApiFailure> {
    json_of(send("POST", &format!("/api/questions/{id}/answer"), Some(answer)).await?)
}

/// The group training sessions a village's people may join, from today on.
pub async fn training_sessions_near(
    village: &RegionCode,
) -> Result<Vec<yinong_model::group_training::TrainingSession>, ApiFailure> {
    get(&format!("/api/group-training?village={village}")).await
}

/// The group training the signed-in informant's village may join.
pub async fn training_sessions_of_my_village(
) -> Result<Vec<yinong_model::group_training::TrainingSession>, ApiFailure> {
    get("/api/group-training").await
}

pub async fn organised_training_sessions(
) -> Result<Vec<yinong_model::group_training::TrainingSession>, ApiFailure> {
    get("/api/group-training/organised").await
}

pub async fn training_session(
    id: i64,
) -> Result<yinong_model::group_training::SessionDetail, ApiFailure> {
    get(&format!("/api/group-training/{id}")).await
}

pub async fn schedule_training(
    session: &yinong_model::group_training::NewTrainingSession,
) -> Result<yinong_model::group_training::TrainingSession, ApiFailure> {
    json_of(send("POST", "/api/group-training", Some(session)).await?)
}

pub async fn sign_up_for_training(
    id: i64,
    sign_up: &yinong_model::group_training::NewSignUp,
) -> Result<yinong_model::group_training::SessionDetail, ApiFailure> {
    json_of(
        send(
            "POST",
            &format!("/api/group-training/{id}/sign-ups"),
            Some(sign_up),
        )
        .await?,
    )
}

pub async fn record_attendance(
    id: i64,
    attendee: i64,
    record: &yinong_model::group_training::AttendanceRecord,
) -> Result<yinong_model::group_training::SessionDetail, ApiFailure> {
    json_of(
        send(
            "POST",
            &format!("/api/group-training/{id}/attendees/{attendee}"),
            Some(record),
        )
        .await?,
    )
}

/// The signed-in expert's profile; `None` until they keep one.
pub async fn expert_profile() -> Result<Option<yinong_model::expert::ExpertProfile>, ApiFailure> {
    get("/api/experts/me").await
}

pub async fn keep_expert_profile(
    profile: &yinong_model::expert::ExpertProfile,
) -> Result<yinong_model::expert::ExpertProfile, ApiFailure> {
    json_of(send("PUT", "/api/experts/me", Some(profile)).await?)
}

pub async fn answer_times(
    county: &RegionCode,
) -> Result<yinong_model::expert::CountyAnswerTimes, ApiFailure> {
    get(&format!("/api/experts/answer-times?county={county}")).await
}

/// A county's operator contracts, its townships and whom it may sign with.
pub async fn county_operators(
    county: &RegionCode,
) -> Result<yinong_model::operator::CountyOperators, ApiFailure> {
    get(&format!("/api/operators?county={county}")).await
}

/// The signed-in operator's contracts.
pub async fn my_contracts() -> Result<Vec<yinong_model::operator::Contract>, ApiFailure> {
    get("/api/operators/mine").await
}

pub async fn operator_assessment(
    county: &RegionCode,
    year: &str,
) -> Result<yinong_model::operator::OperatorAssessment, ApiFailure> {
    get(&format!(
        "/api/operators/assessment?county={county}&year={year}"
    ))
    .await
}

pub async fn sign_contract(
    contract: &yinong_model::operator::NewContract,
) -> Result<yinong_model::operator::Contract, ApiFailure> {
    json_of(send("POST", "/api/operators/contracts", Some(contract)).await?)
}

pub async fn contract(id: i64) -> Result<yinong_model::operator::ContractDetail, ApiFailure> {
    get(&format!("/api/operators/contracts/{id}")).await
}

pub async fn replace_operator(
    id: i64,
    replacement: &yinong_model::operator::Replacement,
) -> Result<yinong_model::operator::Contract, ApiFailure> {
    json_of(
        send(
            "POST",
            &format!("/api/operators/contracts/{id}/replace"),
            Some(replacement),
        )
        .await?,
    )
}

pub async fn issue_correction_notice(
    contract: i64,
    notice: &yinong_model::operator::NewCorrectionNotice,
) -> Result<yinong_model::operator::CorrectionNotice, ApiFailure> {
    json_of(
        send(
            "POST",
            &format!("/api/operators/contracts/{contract}/notices"),
            Some(notice),
        )
        .await?,
    )
}

pub async fn answer_correction_notice(
    notice: i64,
    report: &yinong_model::operator::NewCorrectionReport,
) -> Result<yinong_model::operator::CorrectionReport, ApiFailure> {
    json_of(
        send(
            "POST",
            &format!("/api/operators/notices/{notice}/reports"),
            Some(report),
        )
        .await?,
    )
}

/// The operators' answers for the county to check, in one review status.
pub async fn correction_report_queue(
    status: yinong_model::review::ReviewStatus,
    page: i64,
) -> Result<yinong_model::operator::CorrectionReportPage, ApiFailure> {
    get(&format!(
        "/api/correction-reports/review?status={}&page={page}",
        status.code()
    ))
    .await
}

/// Farmers' complaints for the county to look into, in one review status.
pub async fn complaint_queue(
    status: yinong_model::review::ReviewStatus,
    page: i64,
) -> Result<yinong_model::operator::ComplaintPage, ApiFailure> {
    get(&format!(
        "/api/complaints/review?status={}&page={page}",
        status.code()
    ))
    .await
}

pub async fn complain(
    complaint: &yinong_model::operator::NewComplaint,
) -> Result<yinong_model::operator::Complaint, ApiFailure> {
    json_of(send("POST", "/api/complaints", Some(complaint)).await?)
}

/// The signed-in farmer's complaints, newest first.
pub async fn my_complaints(page: i64) -> Result<yinong_model::operator::ComplaintPage, ApiFailure> {
    get(&format!("/api/complaints/mine?page={page}")).await
}

pub async fn rate_answer(
    id: i64,
    rating: yinong_model::question::Rating,
) -> Result<(), ApiFailure> {
    send(
        "POST",
        &format!("/api/questions/{id}/rating"),
        Some(&rating),
    )
    .await
    .map(drop)
}

/// Each product at each market inside `within`, with its trend.
pub async fn market_prices(
    within: Option<&RegionCode>,
    product: &str,
) -> Result<yinong_model::price::MarketPrices, ApiFailure> {
    let mut path = "/api/prices?".to_owned();
    if let Some(within) = within {
        path.push_str(&format!("within={within}&"));
    }
    if !product.trim().is_empty() {
        path.push_str(&format!(
            "product={}",
            js_sys::encode_uri_component(product.trim())
        ));
    }
    get(&path).await
}

/// Sends a record from the outbox to `path` (`yinong_model::sync::Capture::path`).
/// Outbox records in one request; what became of each.
pub async fn send_batch(
    batch: &yinong_model::sync::OutboxBatch,
) -> Result<Vec<yinong_model::sync::RecordAnswer>, ApiFailure> {
    use yinong_model::sync::{BatchAnswer, BATCH_PATH};
    let answer: BatchAnswer = json_of(send("POST", BATCH_PATH, Some(batch)).await?)?;
    Ok(answer.answers)
}

pub async fn my_price_reports(
    page: i64,
) -> Result<yinong_model::price::PriceReportPage, ApiFailure> {
    get(&format!("/api/prices/reports/mine?page={page}")).await
}

pub async fn price_report_queue(
    status: yinong_model::price::ReviewStatus,
    page: i64,
) -> Result<yinong_model::price::PriceReportPage, ApiFailure> {
    get(&format!(
        "/api/prices/reports/review?status={}&page={page}",
        status.code()
    ))
    .await
}

/// A village page's published news.
pub async fn village_news(
    village: &RegionCode,
    page: i64,
) -> Result<yinong_model::news::NewsPage, ApiFailure> {
    get(&format!("/api/villages/{village}/news?page={page}")).await
}

pub async fn news_item(id: i64) -> Result<yinong_model::news::NewsItem, ApiFailure> {
    get(&format!("/api/news/{id}")).await
}

pub async fn my_news(page: i64) -> Result<yinong_model::news::NewsPage, ApiFailure> {
    get(&format!("/api/news/mine?page={page}")).await
}

pub async fn news_queue(
    status: yinong_model::review::ReviewStatus,
    page: i64,
) -> Result<yinong_model::news::NewsPage, ApiFailure> {
    get(&format!(
        "/api/news/review?status={}&page={page}",
        status.code()
    ))
    .await
}

/// The signed-in informant's standing, training and exam attempts.
pub async fn qualification() -> Result<yinong_model::qualification::Qualification, ApiFailure> {
    get("/api/qualification").await
}

/// The exam paper still open, or a new one drawn.
pub async fn exam_paper() -> Result<yinong_model::qualification::ExamPaper, ApiFailure> {
    json_of(send("POST", "/api/exam/papers", None::<&()>).await?)
}

pub async fn hand_in_paper(
    id: i64,
    answers: &yinong_model::qualification::ExamAnswers,
) -> Result<yinong_model::qualification::ExamResult, ApiFailure> {
    json_of(
        send(
            "POST",
            &format!("/api/exam/papers/{id}/answers"),
            Some(answers),
        )
        .await?,
    )
}

/// The informants of the administrator's villages, in `status` if given.
pub async fn informant_standings(
    status: Option<yinong_model::qualification::QualificationStatus>,
    page: i64,
) -> Result<yinong_model::qualification::InformantStandings, ApiFailure> {
    let status = status
        .map(|status| format!("&status={}", status.code()))
        .unwrap_or_default();
    get(&format!("/api/informants?page={page}{status}")).await
}

pub async fn change_qualification(
    informant: i64,
    change: &yinong_model::qualification::QualificationChange,
) -> Result<(), ApiFailure> {
    send(
        "POST",
        &format!("/api/informants/{informant}/qualification"),
        Some(change),
    )
    .await
    .map(drop)
}

pub async fn pass_mark(
    county: &RegionCode,
) -> Result<yinong_model::qualification::PassMark, ApiFailure> {
    get(&format!("/api/exam/pass-marks/{county}")).await
}

pub async fn set_pass_mark(
    county: &RegionCode,
    pass_mark: u8,
) -> Result<yinong_model::qualification::PassMark, ApiFailure> {
    let body = yinong_model::qualification::NewPassMark { pass_mark };
    json_of(
        send(
            "PUT",
            &format!("/api/exam/pass-marks/{county}"),
            Some(&body),
        )
        .await?,
    )
}

/// The informants of the administrator's villages, scored and ranked for `period`
/// (`2026-11` or `2026`).
pub async fn assessment(period: &str) -> Result<yinong_model::assessment::Assessment, ApiFailure> {
    get(&format!("/api/assessment?period={period}")).await
}

pub async fn my_service_log(
    page: i64,
) -> Result<yinong_model::request::ServiceLogPage, ApiFailure> {
    get(&format!("/api/service-log/mine?page={page}")).await
}

pub async fn my_incidents(page: i64) -> Result<yinong_model::incident::IncidentPage, ApiFailure> {
    get(&format!("/api/incidents/mine?page={page}")).await
}

pub async fn incident_queue(
    status: yinong_model::review::ReviewStatus,
    page: i64,
) -> Result<yinong_model::incident::IncidentPage, ApiFailure> {
    get(&format!(
        "/api/incidents/review?status={}&page={page}",
        status.code()
    ))
    .await
}

/// Approves a page of waiting submissions of one reviewed kind at once.
pub async fn approve_page(
    kind: yinong_model::review::ReviewedAt,
    ids: Vec<i64>,
) -> Result<yinong_model::review::BulkApproved, ApiFailure> {
    let bulk = yinong_model::review::BulkApproval { ids };
    json_of(send("POST", &kind.approve_path(), Some(&bulk)).await?)
}

/// A reviewer's decision on a submission of a reviewed kind (a price, news, a field
/// report, a county's filing).
pub async fn review_submission(
    kind: yinong_model::review::ReviewedAt,
    id: i64,
    decision: &yinong_model::review::ReviewDecision,
) -> Result<(), ApiFailure> {
    send("POST", &kind.review_path(id), Some(decision))
        .await
        .map(drop)
}

/// Uploads a register for import (`write` says how far it goes), calling `sent` with the
/// share of the file sent so far: a county's register can be megabytes over a weak line.
pub async fn import_register(
    kind: yinong_model::import::ImportKind,
    write: yinong_model::import::ImportWrite,
    file: web_sys::File,
    sent: impl Fn(f64) + 'static,
) -> Result<yinong_model::import::ImportReport, ApiFailure> {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use yinong_model::import::ImportWrite;
    let write = match write {
        ImportWrite::Check => "check",
        ImportWrite::All => "all",
        ImportWrite::Clean => "clean",
    };
    let network = |_| ApiFailure::Network;
    let xhr = web_sys::XmlHttpRequest::new().map_err(network)?;
    xhr.open(
        "POST",
        &format!("/api/imports/{}?write={write}", kind.code()),
    )
    .map_err(network)?;
    xhr.set_request_header("x-yinong-app", "1")
        .map_err(network)?;
    let on_progress =
        Closure::<dyn Fn(web_sys::ProgressEvent)>::new(move |event: web_sys::ProgressEvent| {
            if event.length_computable() && event.total() > 0.0 {
                sent(event.loaded() / event.total());
            }
        });
    xhr.upload()
        .map_err(network)?
        .set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    let finished = js_sys::Promise::new(&mut |resolve, _| xhr.set_onloadend(Some(&resolve)));
    xhr.send_with_opt_blob(Some(&file)).map_err(network)?;
    let _ = wasm_bindgen_futures::JsFuture::from(finished).await;
    drop(on_progress);
    let status = xhr.status().unwrap_or(0);
    if status == 0 {
        return Err(ApiFailure::Network);
    }
    let body = xhr.response_text().ok().flatten().unwrap_or_default();
    json_of(checked(Answered { status, body })?)
}
