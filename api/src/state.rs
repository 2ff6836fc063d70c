//! What every handler is given: the store, the sign-in settings, the proxies believed and
//! the server's figures.

use std::sync::Arc;

use yinong_store::Store;

use crate::auth::hashing::Hasher;
use crate::auth::sender::CodeSender;
use crate::client::TrustedProxies;
use crate::kept_answers::KeptAnswers;
use crate::observe::Metrics;

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub auth: Arc<AuthConfig>,
    pub proxies: Arc<TrustedProxies>,
    pub metrics: Arc<Metrics>,
    /// The nation's and provinces' coverage answers, kept for a minute.
    pub kept_answers: Arc<KeptAnswers>,
}

impl AppState {
    /// A server believing no proxy, with its figures from zero.
    pub fn new(store: Arc<dyn Store>, auth: AuthConfig) -> Self {
        Self {
            store,
            auth: Arc::new(auth),
            proxies: Arc::default(),
            metrics: Arc::default(),
            kept_answers: Arc::default(),
        }
    }
}

/// How sign-in codes are sent, how the session cookie is marked, and where passwords are
/// hashed.
pub struct AuthConfig {
    pub sender: Arc<dyn CodeSender>,
    /// Mark the cookie `Secure` (the app is served over HTTPS).
    pub secure_cookies: bool,
    pub hasher: Hasher,
}

impl AuthConfig {
    pub fn new(sender: Arc<dyn CodeSender>, secure_cookies: bool) -> Self {
        Self {
            sender,
            secure_cookies,
            hasher: Hasher::for_this_machine(),
        }
    }
}
