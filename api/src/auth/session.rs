//! Server-side sessions behind an HttpOnly, SameSite=Strict cookie (Secure over HTTPS),
//! with an idle and an absolute expiry. The database keeps only the token's digest.

use axum::http::HeaderValue;
use chrono::{DateTime, Duration, Utc};
use yinong_model::account::{Role, UserStatus};

use super::secret::{digest, new_token};
use yinong_store::{SessionRecord, Store, StoreResult, UserRecord};

pub const COOKIE: &str = "yinong_session";
/// The page-readable cookie saying a session was started here ([`set_marker`]).
pub const MARKER: &str = yinong_model::account::SIGNED_IN_COOKIE;

/// Farmers stay signed in on their own phone; staff sessions are shorter.
pub fn idle_limit(role: Role) -> Duration {
    if role.is_staff() {
        Duration::hours(8)
    } else {
        Duration::days(30)
    }
}

pub fn absolute_limit(role: Role) -> Duration {
    if role.is_staff() {
        Duration::days(7)
    } else {
        Duration::days(90)
    }
}

/// Activity refreshes `last_seen_at` at most this often, to spare the database a write per
/// request.
const TOUCH_EVERY: Duration = Duration::minutes(1);

pub fn token_digest(token: &str) -> String {
    digest(&["session", token])
}

/// Starts a session; returns the token for the cookie.
pub async fn start(
    store: &dyn Store,
    user: &UserRecord,
    now: DateTime<Utc>,
) -> StoreResult<String> {
    let token = new_token();
    let record = SessionRecord {
        user_id: user.id,
        created_at: now,
        last_seen_at: now,
        expires_at: now + absolute_limit(user.role),
    };
    store.create_session(&token_digest(&token), &record).await?;
    Ok(token)
}

/// The account behind a session token, if the session is alive; an expired session is
/// deleted.
pub async fn resolve(
    store: &dyn Store,
    token: &str,
    now: DateTime<Utc>,
) -> StoreResult<Option<UserRecord>> {
    let key = token_digest(token);
    let Some(session) = store.session(&key).await? else {
        return Ok(None);
    };
    let Some(user) = store.user(session.user_id).await? else {
        return Ok(None);
    };
    let alive = now < session.expires_at && now - session.last_seen_at < idle_limit(user.role);
    if !alive || user.status == UserStatus::Disabled {
        store.delete_session(&key).await?;
        return Ok(None);
    }
    if now - session.last_seen_at >= TOUCH_EVERY {
        store.touch_session(&key, now).await?;
    }
    Ok(Some(user))
}

pub async fn end(store: &dyn Store, token: &str) -> StoreResult<()> {
    store.delete_session(&token_digest(token)).await
}

pub fn set_cookie(token: &str, role: Role, secure: bool) -> HeaderValue {
    let max_age = absolute_limit(role).num_seconds();
    cookie(&format!("{COOKIE}={token}; Max-Age={max_age}"), secure)
}

pub fn clear_cookie(secure: bool) -> HeaderValue {
    cookie(&format!("{COOKIE}=; Max-Age=0"), secure)
}

/// Set beside the session, readable by the page (never the token): a browser without it
/// has no session, so the app does not ask `/api/me` only to be told 401 — an error in
/// every signed-out farmer's console.
pub fn set_marker(role: Role, secure: bool) -> HeaderValue {
    let max_age = absolute_limit(role).num_seconds();
    marker(&format!("{MARKER}=1; Max-Age={max_age}"), secure)
}

pub fn clear_marker(secure: bool) -> HeaderValue {
    marker(&format!("{MARKER}=; Max-Age=0"), secure)
}

fn marker(start: &str, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{start}; Path=/; SameSite=Strict{secure}"))
        .expect("cookie text is ASCII")
}

fn cookie(start: &str, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{start}; Path=/; HttpOnly; SameSite=Strict{secure}"
    ))
    .expect("cookie text is ASCII")
}

/// The session token in a `Cookie` header, if any.
pub fn token_from_cookies(header: &str) -> Option<&str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value)
        .filter(|value| !value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_http_only_strict_and_secure_over_https() {
        let plain = set_cookie("abc", Role::Farmer, false);
        assert_eq!(
            plain,
            "yinong_session=abc; Max-Age=7776000; Path=/; HttpOnly; SameSite=Strict"
        );
        let secure = set_cookie("abc", Role::CountyAdmin, true);
        assert!(secure
            .to_str()
            .unwrap()
            .ends_with("; HttpOnly; SameSite=Strict; Secure"));
        assert!(clear_cookie(false)
            .to_str()
            .unwrap()
            .starts_with("yinong_session=; Max-Age=0"));
    }

    #[test]
    fn the_marker_is_readable_by_the_page_and_carries_no_token() {
        let marker = set_marker(Role::Farmer, false);
        assert_eq!(
            marker,
            "yinong_signed_in=1; Max-Age=7776000; Path=/; SameSite=Strict"
        );
        assert!(!marker.to_str().unwrap().contains("HttpOnly"));
        assert!(clear_marker(true)
            .to_str()
            .unwrap()
            .starts_with("yinong_signed_in=; Max-Age=0"));
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        assert_eq!(
            token_from_cookies("a=1; yinong_session=tok; b=2"),
            Some("tok")
        );
        assert_eq!(token_from_cookies("a=1"), None);
        assert_eq!(token_from_cookies("yinong_session="), None);
    }
}
