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
    Upstream(String),
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
            Self::Upstream(_) => (StatusCode::BAD_GATEWAY, "upstream_failed"),
            Self::Busy(_) => (StatusCode::SERVICE_UNAVAILABLE, "busy"),
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

/// A JSON body whose rejection is answered in the API's error shape, in Chinese.
pub struct ApiJson<T>(pub T);

impl<T, S> axum::extract::FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        axum::Json::<T>::from_request(request, state)
            .await
            .map(|axum::Json(value)| ApiJson(value))
            .map_err(|rejection| {
                ApiError::BadRequest(format!("请求内容不正确：{}", rejection.body_text()))
            })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let message = match &self {
            Self::Internal(detail) => {
                tracing::error!("{detail}");
                "服务器内部错误，请稍后重试".to_owned()
            }
            other => other.to_string(),
        };
        (status, Json(ErrorBody::new(code, message))).into_response()
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
