//! The API's one error type and its one JSON shape.

use axum::extract::OriginalUri;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use yinong_model::error::ErrorBody;

use crate::auth::hashing::Busy;
use crate::auth::otp::OtpError;
use crate::auth::password::LoginError;
use yinong_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    MethodNotAllowed(String),
    #[error("请先登录")]
    Unauthorized,
    #[error("没有权限执行此操作")]
    Forbidden,
    #[error("请求被拒绝：请从益农应用内操作")]
    CrossSite,
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    TooManyRequests(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    Upstream(String),
    #[error("处理超时，请稍后重试")]
    TimedOut,
    /// More work waiting than the server takes on (sign-ins queued for hashing).
    #[error("{0}")]
    Busy(String),
    /// Details go to the log, never to the client.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            Self::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            Self::MethodNotAllowed(_) => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            Self::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
            Self::CrossSite => (StatusCode::FORBIDDEN, "cross_site_refused"),
            Self::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            Self::TooManyRequests(_) => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            Self::PayloadTooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
            Self::Upstream(_) => (StatusCode::BAD_GATEWAY, "upstream_failed"),
            Self::Busy(_) => (StatusCode::SERVICE_UNAVAILABLE, "busy"),
            Self::TimedOut => (StatusCode::SERVICE_UNAVAILABLE, "timed_out"),
            Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Conflict(_) => Self::Conflict("该手机号或用户名已被使用".into()),
            StoreError::NotFound(what) => Self::NotFound(what),
            other => Self::Internal(other.to_string()),
        }
    }
}

impl From<Busy> for ApiError {
    fn from(busy: Busy) -> Self {
        Self::Busy(busy.to_string())
    }
}

impl From<crate::access::Denied> for ApiError {
    fn from(_: crate::access::Denied) -> Self {
        Self::Forbidden
    }
}

impl From<OtpError> for ApiError {
    fn from(error: OtpError) -> Self {
        match error {
            OtpError::Store(store) => store.into(),
            OtpError::TooSoon(_) | OtpError::RateLimited => {
                Self::TooManyRequests(error.to_string())
            }
            OtpError::SendFailed => Self::Upstream(error.to_string()),
            OtpError::BadPhone | OtpError::Wrong(_) | OtpError::Expired => {
                Self::BadRequest(error.to_string())
            }
        }
    }
}

impl From<LoginError> for ApiError {
    fn from(error: LoginError) -> Self {
        match error {
            LoginError::Store(store) => store.into(),
            LoginError::Busy(busy) => busy.into(),
            LoginError::AddressThrottled => Self::TooManyRequests(error.to_string()),
            LoginError::BadCredentials | LoginError::Disabled => {
                Self::BadRequest(error.to_string())
            }
        }
    }
}

/// Bodies of JSON requests may be this large (photos have their own limit).
pub const JSON_BODY_MAX_BYTES: usize = 256 * 1024;

/// A JSON body whose rejection is answered in the API's error shape, in Chinese. Control
/// characters other than line breaks and tabs are refused in every string: nothing a
/// person types contains them, and some engines cannot store them (PostgreSQL and NUL).
pub struct ApiJson<T>(pub T);

impl<T, S> axum::extract::FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        json_content(json_value(request, state).await?).map(ApiJson)
    }
}

/// A JSON body as a value, refused as [`ApiJson`] refuses it.
pub async fn json_value<S: Send + Sync>(
    request: axum::extract::Request,
    state: &S,
) -> Result<serde_json::Value, ApiError> {
    let axum::Json(value) =
        <axum::Json<serde_json::Value> as axum::extract::FromRequest<S>>::from_request(
            request, state,
        )
        .await
        .map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                too_large(JSON_BODY_MAX_BYTES)
            } else {
                rejected("请求内容不正确", rejection.status(), rejection.body_text())
            }
        })?;
    if let Some(text) = with_control_character(&value) {
        return Err(control_character_refused(text));
    }
    Ok(value)
}

/// What a JSON body says, as a `T`.
pub fn json_content<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, ApiError> {
    serde_json::from_value(value)
        .map_err(|error| ApiError::BadRequest(format!("请求内容不正确：{error}")))
}

pub fn too_large(limit: usize) -> ApiError {
    ApiError::PayloadTooLarge(format!("请求内容太大（最多 {} KB）", limit / 1024))
}

/// Whether `text` holds a control character other than `\n`, `\r` and `\t`.
fn has_control_character(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

fn control_character_refused(text: &str) -> ApiError {
    ApiError::BadRequest(format!(
        "内容含有不可见的控制字符，请删除后重试：“{}”",
        text.chars()
            .filter(|c| !c.is_control())
            .take(20)
            .collect::<String>()
    ))
}

/// The first string (or key) in `value` holding a control character other than `\n`, `\r`
/// and `\t`.
fn with_control_character(value: &serde_json::Value) -> Option<&str> {
    let bad = has_control_character;
    match value {
        serde_json::Value::String(text) => bad(text).then_some(text.as_str()),
        serde_json::Value::Array(items) => items.iter().find_map(with_control_character),
        serde_json::Value::Object(fields) => fields.iter().find_map(|(key, value)| {
            if bad(key) {
                Some(key.as_str())
            } else {
                with_control_character(value)
            }
        }),
        _ => None,
    }
}

impl ApiError {
    /// The status and body it is answered with (an internal error's detail goes to the log,
    /// not to the client).
    pub fn into_parts(self) -> (StatusCode, ErrorBody) {
        let (status, code) = self.status_and_code();
        let message = match &self {
            Self::Internal(detail) => {
                tracing::error!("{detail}");
                "服务器内部错误，请稍后重试".to_owned()
            }
            other => other.to_string(),
        };
        (status, ErrorBody::new(code, message))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = self.into_parts();
        (status, Json(body)).into_response()
    }
}

/// Answers requests for `/api/…` paths that name no endpoint.
pub async fn unknown_endpoint(OriginalUri(uri): OriginalUri) -> ApiError {
    ApiError::NotFound(format!("没有这个接口：{}", uri.path()))
}

pub async fn method_not_allowed(
    method: axum::http::Method,
    OriginalUri(uri): OriginalUri,
) -> ApiError {
    ApiError::MethodNotAllowed(format!("接口 {} 不支持 {method} 请求", uri.path()))
}

/// A handler that panicked still answers in the API's shape.
pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::Internal("a request handler panicked".into()).into_response()
}

/// An extractor's rejection as the API's error: a fault of the server's own (a route
/// without the parameter a handler reads) stays internal; the rest is the client's, led by
/// `lead` in Chinese.
fn rejected(lead: &str, status: StatusCode, detail: String) -> ApiError {
    if status.is_server_error() {
        ApiError::Internal(detail)
    } else {
        ApiError::BadRequest(format!("{lead}：{detail}"))
    }
}

/// A query string whose rejection is answered in the API's error shape, in Chinese.
pub struct ApiQuery<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for ApiQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, ApiError> {
        // Decoded values are checked as the JSON body's strings are.
        if let Ok(axum::extract::Query(pairs)) =
            axum::extract::Query::<Vec<(String, String)>>::from_request_parts(parts, state).await
        {
            if let Some((_, text)) = pairs
                .iter()
                .find(|(key, value)| has_control_character(key) || has_control_character(value))
            {
                return Err(control_character_refused(text));
            }
        }
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| ApiQuery(value))
            .map_err(|rejection| {
                rejected("查询参数不正确", rejection.status(), rejection.body_text())
            })
    }
}

/// Decoded path parameters are checked as the JSON body's strings are.
async fn refuse_control_characters_in_path<S: Send + Sync>(
    parts: &mut axum::http::request::Parts,
    state: &S,
) -> Result<(), ApiError> {
    if let Ok(params) =
        <axum::extract::RawPathParams as axum::extract::FromRequestParts<S>>::from_request_parts(
            parts, state,
        )
        .await
    {
        if let Some((_, text)) = params.iter().find(|(_, text)| has_control_character(text)) {
            return Err(control_character_refused(text));
        }
    }
    Ok(())
}

/// Parameters in the path whose rejection is answered in the API's error shape, in Chinese.
pub struct ApiPath<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for ApiPath<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, ApiError> {
        refuse_control_characters_in_path(parts, state).await?;
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| ApiPath(value))
            .map_err(|rejection| rejected("地址不正确", rejection.status(), rejection.body_text()))
    }
}

/// `Option<ApiPath<T>>`: routes with and without the parameter share a handler.
impl<T, S> axum::extract::OptionalFromRequestParts<S> for ApiPath<T>
where
    T: serde::de::DeserializeOwned + Send + 'static,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Option<Self>, ApiError> {
        refuse_control_characters_in_path(parts, state).await?;
        <axum::extract::Path<T> as axum::extract::OptionalFromRequestParts<S>>::from_request_parts(
            parts, state,
        )
        .await
        .map(|path| path.map(|axum::extract::Path(value)| ApiPath(value)))
        .map_err(|rejection| rejected("地址不正确", rejection.status(), rejection.body_text()))
    }
}
