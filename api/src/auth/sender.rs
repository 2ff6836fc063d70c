//! Where one-time codes go: the log (development), an in-memory outbox that tests read, or
//! an HTTP SMS gateway (production).

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;

#[derive(Debug, thiserror::Error)]
#[error("the code could not be sent: {0}")]
pub struct SendFailed(pub String);

#[async_trait]
pub trait CodeSender: Send + Sync {
    async fn send(&self, phone: &str, code: &str) -> Result<(), SendFailed>;
    /// The codes sent to `phone`, newest last — only the test outbox keeps them.
    fn outbox(&self, _phone: &str) -> Option<Vec<String>> {
        None
    }
}

/// Writes codes to the server log: for a developer's own machine.
pub struct LogSender;

#[async_trait]
impl CodeSender for LogSender {
    async fn send(&self, phone: &str, code: &str) -> Result<(), SendFailed> {
        tracing::warn!("sign-in code for {phone}: {code} (log sender: development only)");
        Ok(())
    }
}

/// Keeps codes in memory for tests, which read them at `GET /api/test/outbox/{phone}`.
#[derive(Default)]
pub struct OutboxSender {
    sent: Mutex<HashMap<String, Vec<String>>>,
}

#[async_trait]
impl CodeSender for OutboxSender {
    async fn send(&self, phone: &str, code: &str) -> Result<(), SendFailed> {
        self.sent
            .lock()
            .expect("outbox lock")
            .entry(phone.to_owned())
            .or_default()
            .push(code.to_owned());
        Ok(())
    }

    fn outbox(&self, phone: &str) -> Option<Vec<String>> {
        Some(
            self.sent
                .lock()
                .expect("outbox lock")
                .get(phone)
                .cloned()
                .unwrap_or_default(),
        )
    }
}

/// Posts `{"phone": "...", "text": "..."}` to an SMS gateway, with a bearer token.
pub struct HttpSender {
    client: reqwest::Client,
    url: String,
    token: Option<String>,
}

impl HttpSender {
    pub fn new(url: String, token: Option<String>) -> Self {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .expect("an HTTP client with default settings");
        Self { client, url, token }
    }
}

#[async_trait]
impl CodeSender for HttpSender {
    async fn send(&self, phone: &str, code: &str) -> Result<(), SendFailed> {
        let text = format!("【益农信息社】您的登录验证码是 {code}，10 分钟内有效。请勿告诉他人。");
        let mut request = self
            .client
            .post(&self.url)
            .json(&serde_json::json!({ "phone": phone, "text": text }));
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        let response = request
            .send()
            .await
            .map_err(|e| SendFailed(e.to_string()))?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(SendFailed(format!(
                "gateway answered {}",
                response.status()
            )))
        }
    }
}
