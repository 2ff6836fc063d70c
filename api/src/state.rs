//! What every handler is given: the store and the sign-in settings.

use std::sync::Arc;

use crate::auth::AuthConfig;
use crate::store::Store;

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub auth: Arc<AuthConfig>,
}
