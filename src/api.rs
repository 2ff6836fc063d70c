//! Every call the app makes to the server, in one place. Types come from `yinong-model`,
//! the same crate the server answers with.

use gloo_net::http::Request;
use serde::de::DeserializeOwned;
use yinong_model::error::ErrorBody;
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

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiFailure> {
    let response = Request::get(path)
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    let status = response.status();
    if response.ok() {
        response.json::<T>().await.map_err(|_| ApiFailure::Server {
            status,
            message: None,
        })
    } else {
        let message = response
            .json::<ErrorBody>()
            .await
            .ok()
            .map(|body| body.error.message);
        Err(ApiFailure::Server { status, message })
    }
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
