//! What every handler is given: the store and the sign-in settings.

use std::sync::Arc;

use yinong_store::Store;

use crate::auth::hashing::Hasher;
use crate::auth::sender::CodeSender;

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub auth: Arc<AuthConfig>,
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
