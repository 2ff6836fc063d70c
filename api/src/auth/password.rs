//! Staff passwords: argon2id with its default parameters, and lockout with back-off after
//! repeated failures.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Duration, Utc};

use yinong_model::account::UserStatus;
use yinong_store::{Store, StoreError, UserRecord};

pub const MIN_LENGTH: usize = 8;
/// Failures allowed before the account locks; each further failure doubles the lock.
pub const FAILURES_BEFORE_LOCK: i32 = 5;
pub const FIRST_LOCK: Duration = Duration::minutes(15);
pub const LONGEST_LOCK: Duration = Duration::hours(24);

#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("账号或密码不正确")]
    BadCredentials,
    #[error("密码错误次数过多，账号已锁定，请 {0} 分钟后再试")]
    Locked(i64),
    #[error("账号已停用，请联系管理员")]
    Disabled,
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub fn hash(password: &str) -> String {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).expect("the operating system provides randomness");
    let salt = SaltString::encode_b64(&salt).expect("16 bytes make a valid salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters")
        .to_string()
}

fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// How long an account stays locked after `failures` consecutive failures.
pub fn lock_for(failures: i32) -> Option<Duration> {
    let beyond = failures - FAILURES_BEFORE_LOCK;
    (beyond >= 0).then(|| {
        let doubled = FIRST_LOCK * 2i32.saturating_pow(beyond.min(16) as u32);
        doubled.min(LONGEST_LOCK)
    })
}

/// Checks a staff sign-in; counts failures and locks the account after too many.
pub async fn sign_in(
    store: &dyn Store,
    login: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<UserRecord, LoginError> {
    let user = store.user_by_login(login.trim()).await?;
    let Some(user) = user.filter(|u| u.role.is_staff() && u.password_hash.is_some()) else {
        // Spend the same time as a real check, so timing does not tell which logins exist.
        verify(password, "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$rk7uLwbRA4HoqCoV26X2AQ0r8hQB7LsrWHHFHkk0jEA");
        return Err(LoginError::BadCredentials);
    };
    if let Some(until) = user.locked_until.filter(|until| *until > now) {
        return Err(LoginError::Locked((until - now).num_minutes() + 1));
    }
    if !verify(password, user.password_hash.as_deref().unwrap_or_default()) {
        let failures = user.failed_logins + 1;
        let lock = lock_for(failures);
        store
            .set_login_failures(user.id, failures, lock.map(|d| now + d))
            .await?;
        return Err(match lock {
            Some(duration) => LoginError::Locked(duration.num_minutes()),
            None => LoginError::BadCredentials,
        });
    }
    if user.status == UserStatus::Disabled {
        return Err(LoginError::Disabled);
    }
    if user.failed_logins > 0 || user.locked_until.is_some() {
        store.set_login_failures(user.id, 0, None).await?;
    }
    Ok(user)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let stored = hash("correct horse");
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse", &stored));
        assert!(!verify("correct horsf", &stored));
        assert_ne!(stored, hash("correct horse"), "salted");
    }

    #[test]
    fn locks_double_from_the_fifth_failure_up_to_a_day() {
        assert_eq!(lock_for(4), None);
        assert_eq!(lock_for(5), Some(Duration::minutes(15)));
        assert_eq!(lock_for(6), Some(Duration::minutes(30)));
        assert_eq!(lock_for(7), Some(Duration::minutes(60)));
        assert_eq!(lock_for(40), Some(Duration::hours(24)));
    }
}
