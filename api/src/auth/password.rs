//! Staff passwords under attack. Argon2id runs on [`Hasher`] threads, a few at once. Failures
//! are counted atomically in the store, in 15-minute windows, three ways:
//! - per login and address: after 5 tries the address's further tries for that login are
//!   answered "wrong" without being checked;
//! - per login from every address: after 10 failures each try waits 2 s first — the owner
//!   from their own address still gets in, only slower, so a stranger who knows a login
//!   (informants' logins are their published phone numbers) cannot lock its owner out;
//! - per address for every login: after 30 failures the address is told to wait.
//!
//! Counts are kept for the login as typed, known or not, and a refused try answers as a
//! wrong password does: nothing tells an outsider which logins exist.

use chrono::{DateTime, Duration, Utc};

use yinong_model::account::UserStatus;
use yinong_store::{CountKey, Store, StoreError, UserRecord, Window};

use super::hashing::{Busy, Hasher};

pub const MIN_LENGTH: usize = 8;
pub const WINDOW: Duration = Duration::minutes(15);
pub const TRIES_PER_ADDRESS: i64 = 5;
pub const FAILURES_BEFORE_PACE: i64 = 10;
pub const PACE: std::time::Duration = std::time::Duration::from_secs(2);
pub const FAILURES_PER_ADDRESS: i64 = 30;
/// Any key counting every login or every address.
const ALL: &str = "*";
/// An argon2id hash of nothing anyone types, checked for unknown logins so that they take
/// as long as known ones.
const NOBODY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$rk7uLwbRA4HoqCoV26X2AQ0r8hQB7LsrWHHFHkk0jEA";

#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("账号或密码不正确")]
    BadCredentials,
    #[error("账号已停用，请联系管理员")]
    Disabled,
    #[error("登录失败次数过多，请 15 分钟后再试")]
    AddressThrottled,
    #[error(transparent)]
    Busy(#[from] Busy),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// One try at signing in with a password.
pub struct Attempt<'a> {
    pub login: &'a str,
    pub password: &'a str,
    pub client_addr: &'a str,
    pub now: DateTime<Utc>,
}

/// Checks a staff sign-in against the counts above.
pub async fn sign_in(
    store: &dyn Store,
    hasher: &Hasher,
    attempt: &Attempt<'_>,
) -> Result<UserRecord, LoginError> {
    let login = attempt.login.trim();
    let window = Window {
        now: attempt.now,
        length: WINDOW,
    };
    let here = CountKey {
        login,
        client_addr: attempt.client_addr,
    };
    let everywhere = CountKey {
        login,
        client_addr: ALL,
    };
    let address = CountKey {
        login: ALL,
        client_addr: attempt.client_addr,
    };
    if store.sign_in_count(&address, &window).await? >= FAILURES_PER_ADDRESS {
        return Err(LoginError::AddressThrottled);
    }
    // Counted before the check, so that racing tries cannot pass the limit.
    if store.add_sign_in_count(&here, &window).await? > TRIES_PER_ADDRESS {
        store.add_sign_in_count(&address, &window).await?;
        return Err(LoginError::BadCredentials);
    }
    if store.sign_in_count(&everywhere, &window).await? >= FAILURES_BEFORE_PACE {
        tokio::time::sleep(PACE).await;
    }
    let user = store
        .user_by_login(login)
        .await?
        .filter(|u| u.role.is_staff() && u.password_hash.is_some());
    let stored = user
        .as_ref()
        .and_then(|u| u.password_hash.as_deref())
        .unwrap_or(NOBODY);
    let right = hasher.verify(attempt.password, stored).await? && user.is_some();
    let Some(user) = user.filter(|_| right) else {
        store.add_sign_in_count(&everywhere, &window).await?;
        store.add_sign_in_count(&address, &window).await?;
        return Err(LoginError::BadCredentials);
    };
    if user.status == UserStatus::Disabled {
        return Err(LoginError::Disabled);
    }
    store.clear_sign_in_count(&here).await?;
    Ok(user)
}
