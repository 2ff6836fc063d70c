//! Signing in and out, who is signed in, and the guard against cross-site requests.

pub mod hashing;
pub mod otp;
pub mod password;
pub mod secret;
pub mod sender;
pub mod session;

use aide::axum::routing::{get, post, post_with, put};
use aide::axum::ApiRouter;
use axum::extract::{FromRequestParts, OptionalFromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{AppendHeaders, IntoResponse, NoContent, Response};
use axum::Json;
use chrono::Utc;
use yinong_model::account::{
    mask_phone, ChooseVillage, Me, OtpRequest, OtpSent, OtpVerify, PasswordLogin, Role, UserStatus,
};
use yinong_model::region::RegionLevel;

use crate::access::{acts_as_farmer, manageable_roles, Actor};
use crate::client::ClientAddr;
use crate::error::{ApiError, ApiJson, ApiPath};
use crate::observe::SignInMethod;
use crate::state::AppState;
pub use crate::state::AuthConfig;
use yinong_store::{Change, NewUserRecord, UserRecord};

/// State-changing requests must carry this header with value `1`. A cross-site form cannot
/// set it, and no CORS is offered that would let another site's script do so.
pub const APP_HEADER: &str = "x-yinong-app";

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route("/auth/otp", post(send_code))
        .api_route(
            "/auth/otp/verify",
            post_with(sign_in_with_code, |op| op.response::<200, Json<Me>>()),
        )
        .api_route(
            "/auth/login",
            post_with(sign_in_with_password, |op| {
                op.input::<ApiJson<PasswordLogin>>()
                    .response::<200, Json<Me>>()
            }),
        )
        .api_route(
            "/auth/logout",
            post_with(sign_out, |op| op.response::<204, NoContent>()),
        )
        .api_route("/me", get(me))
        .api_route("/me/village", put(choose_village))
        // A test hook, not part of the described API.
        .route("/test/outbox/{phone}", axum::routing::get(test_outbox))
}

/// Refuses state-changing requests that lack the app's header or come from another site.
pub async fn refuse_cross_site(request: Request, next: Next) -> Response {
    let reads_only = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !reads_only {
        let headers = request.headers();
        let cross_site = headers
            .get("sec-fetch-site")
            .is_some_and(|v| v == "cross-site");
        let from_app = headers.get(APP_HEADER).is_some_and(|v| v == "1");
        if cross_site || !from_app {
            return ApiError::CrossSite.into_response();
        }
    }
    next.run(request).await
}

/// The signed-in account; requests without a live session are answered 401.
pub struct SignedIn {
    pub user: UserRecord,
}

impl SignedIn {
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.user.id,
            role: self.user.role,
            region: self.user.region_code.clone(),
        }
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = session_token(&parts.headers).ok_or(ApiError::Unauthorized)?;
        let user = session::resolve(state.store.as_ref(), token, Utc::now())
            .await?
            .ok_or(ApiError::Unauthorized)?;
        Ok(SignedIn { user })
    }
}

/// `Option<SignedIn>`: pages open to everyone that show more to a signed-in account.
impl OptionalFromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, ApiError> {
        let Some(token) = session_token(&parts.headers) else {
            return Ok(None);
        };
        let user = session::resolve(state.store.as_ref(), token, Utc::now()).await?;
        Ok(user.map(|user| SignedIn { user }))
    }
}

fn session_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(session::token_from_cookies)
}

/// Deletes sessions, codes and sign-in counts no rule reads any more (run every few
/// minutes by the server).
pub async fn purge_expired(
    store: &dyn yinong_store::Store,
    now: chrono::DateTime<Utc>,
) -> yinong_store::StoreResult<yinong_store::Purged> {
    let expired = yinong_store::Expired {
        now,
        idle_before: now - session::idle_limit(Role::Farmer),
        // Codes count against the hourly limits for an hour; a day is plenty.
        codes_before: now - chrono::Duration::days(1),
        counts_before: now - password::WINDOW,
    };
    store.purge_expired(&expired).await
}

/// The client's address, for rate limits (the farmer's, behind a trusted proxy).
fn client_addr(parts: &axum::http::Extensions) -> String {
    parts
        .get::<ClientAddr>()
        .map_or_else(|| "unknown".to_owned(), ClientAddr::to_string)
}

async fn send_code(
    State(state): State<AppState>,
    request: axum::extract::Request,
) -> Result<Json<OtpSent>, ApiError> {
    let addr = client_addr(request.extensions());
    let ApiJson(OtpRequest { phone }) = ApiJson::from_request(request, &state).await?;
    otp::request_code(
        state.store.as_ref(),
        state.auth.sender.as_ref(),
        phone.trim(),
        &addr,
        Utc::now(),
    )
    .await?;
    Ok(Json(OtpSent {
        resend_after_seconds: otp::RESEND_AFTER.num_seconds() as u32,
        expires_in_seconds: otp::CODE_VALIDITY.num_seconds() as u32,
    }))
}

async fn sign_in_with_code(
    State(state): State<AppState>,
    ApiJson(OtpVerify { phone, code }): ApiJson<OtpVerify>,
) -> Result<Response, ApiError> {
    let store = state.store.as_ref();
    let phone = phone.trim();
    let now = Utc::now();
    otp::verify_code(store, phone, &code, now)
        .await
        .inspect_err(|_| state.metrics.sign_in_refused(SignInMethod::Code))?;
    let user = match store.user_by_login(phone).await? {
        Some(user) if user.role.is_staff() => {
            return Err(ApiError::BadRequest(
                "该号码为工作人员账号，请使用密码登录".into(),
            ))
        }
        Some(user) if user.status == UserStatus::Disabled => {
            return Err(password::LoginError::Disabled.into())
        }
        Some(user) => user,
        None => {
            let farmer = NewUserRecord {
                role: Role::Farmer,
                region_code: None,
                name: format!("用户{}", &phone[phone.len() - 4..]),
                phone: phone.to_owned(),
                username: None,
                password_hash: None,
                id_card: None,
            };
            let id = store
                .create_user(
                    &farmer,
                    Change {
                        actor_id: None,
                        action: "farmer_registered",
                        at: now,
                    },
                )
                .await?;
            store
                .user(id)
                .await?
                .ok_or_else(|| ApiError::Internal("a new farmer vanished".into()))?
        }
    };
    signed_in(&state, user, now).await
}

async fn sign_in_with_password(
    State(state): State<AppState>,
    request: axum::extract::Request,
) -> Result<Response, ApiError> {
    let client_addr = client_addr(request.extensions());
    let ApiJson(PasswordLogin { login, password }) = ApiJson::from_request(request, &state).await?;
    let attempt = password::Attempt {
        login: &login,
        password: &password,
        client_addr: &client_addr,
        now: Utc::now(),
    };
    let user = password::sign_in(state.store.as_ref(), &state.auth.hasher, &attempt)
        .await
        .inspect_err(|_| state.metrics.sign_in_refused(SignInMethod::Password))?;
    signed_in(&state, user, attempt.now).await
}

async fn signed_in(
    state: &AppState,
    user: UserRecord,
    now: chrono::DateTime<Utc>,
) -> Result<Response, ApiError> {
    let token = session::start(state.store.as_ref(), &user, now).await?;
    let secure = state.auth.secure_cookies;
    // Appended, not inserted: a second Set-Cookie must not replace the first.
    let cookies = AppendHeaders([
        (
            header::SET_COOKIE,
            session::set_cookie(&token, user.role, secure),
        ),
        (header::SET_COOKIE, session::set_marker(user.role, secure)),
    ]);
    let me = me_of(state, &user).await?;
    Ok((cookies, Json(me)).into_response())
}

async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    if let Some(token) = session_token(&headers) {
        session::end(state.store.as_ref(), token).await?;
    }
    let secure = state.auth.secure_cookies;
    let cookies = AppendHeaders([
        (header::SET_COOKIE, session::clear_cookie(secure)),
        (header::SET_COOKIE, session::clear_marker(secure)),
    ]);
    Ok((StatusCode::NO_CONTENT, cookies).into_response())
}

async fn me(State(state): State<AppState>, signed_in: SignedIn) -> Result<Json<Me>, ApiError> {
    Ok(Json(me_of(&state, &signed_in.user).await?))
}

pub async fn me_of(state: &AppState, user: &UserRecord) -> Result<Me, ApiError> {
    let region_path = match &user.region_code {
        Some(code) => crate::regions::lookup::path(state, code).await?,
        None => Vec::new(),
    };
    Ok(Me {
        id: user.id,
        name: user.name.clone(),
        role: user.role,
        phone_masked: mask_phone(&user.phone),
        region_path,
        can_manage: manageable_roles(user.role).to_vec(),
    })
}

async fn choose_village(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(ChooseVillage { village_code }): ApiJson<ChooseVillage>,
) -> Result<Json<Me>, ApiError> {
    if !acts_as_farmer(&signed_in.actor()) {
        return Err(ApiError::Forbidden);
    }
    if village_code.level() != RegionLevel::Village
        || state.store.region(&village_code).await?.is_none()
    {
        return Err(ApiError::BadRequest(format!(
            "没有代码为 {village_code} 的村"
        )));
    }
    let mut user = signed_in.user;
    user.region_code = Some(village_code);
    state
        .store
        .save_user(
            &user,
            Change {
                actor_id: Some(user.id),
                action: "village_chosen",
                at: Utc::now(),
            },
        )
        .await?;
    Ok(Json(me_of(&state, &user).await?))
}

/// The codes the test outbox holds for a phone; absent unless the server runs with the
/// outbox sender (tests only).
async fn test_outbox(
    State(state): State<AppState>,
    ApiPath(phone): ApiPath<String>,
    uri: axum::extract::OriginalUri,
) -> Result<Json<Vec<String>>, ApiError> {
    state
        .auth
        .sender
        .outbox(&phone)
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("没有这个接口：{}", uri.path())))
}

use axum::extract::FromRequest;
