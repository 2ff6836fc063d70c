//! Farmers' sign-in codes (OWASP ASVS V2.7): six random digits, valid 10 minutes, single
//! use, stored salted and hashed, at most 5 tries each, and rate-limited per phone number
//! and per client address.

use chrono::{DateTime, Duration, Utc};
use yinong_model::account::is_mobile_phone;

use super::secret::{digest, new_code, new_salt, same};
use super::sender::CodeSender;
use yinong_store::{OtpIssue, OtpLimits, OtpRecord, Store, StoreError};

pub const CODE_VALIDITY: Duration = Duration::minutes(10);
pub const MAX_TRIES: i32 = 5;
pub const RESEND_AFTER: Duration = Duration::seconds(60);
pub const PER_PHONE_PER_HOUR: i64 = 5;
pub const PER_CLIENT_PER_HOUR: i64 = 20;

#[derive(Debug, thiserror::Error)]
pub enum OtpError {
    #[error("请输入正确的 11 位手机号码")]
    BadPhone,
    #[error("验证码已发送，请 {0} 秒后再试")]
    TooSoon(i64),
    #[error("获取验证码太频繁，请一小时后再试")]
    RateLimited,
    #[error("短信发送失败，请稍后重试")]
    SendFailed,
    #[error("验证码不正确，还可以再试 {0} 次")]
    Wrong(i32),
    #[error("验证码已失效，请重新获取")]
    Expired,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Issues a code for `phone` and sends it, unless the limits say no (decided by the store
/// under one lock with the insert, so a burst of requests cannot pass them).
pub async fn request_code(
    store: &dyn Store,
    sender: &dyn CodeSender,
    phone: &str,
    client_addr: &str,
    now: DateTime<Utc>,
) -> Result<(), OtpError> {
    if !is_mobile_phone(phone) {
        return Err(OtpError::BadPhone);
    }
    let code = new_code();
    let salt = new_salt();
    let record = OtpRecord {
        id: 0,
        phone: phone.to_owned(),
        client_addr: client_addr.to_owned(),
        code_hash: digest(&[&salt, phone, &code]),
        salt,
        created_at: now,
        expires_at: now + CODE_VALIDITY,
        attempts: 0,
        used_at: None,
    };
    let limits = OtpLimits {
        resend_after: RESEND_AFTER,
        per_phone: PER_PHONE_PER_HOUR,
        per_client: PER_CLIENT_PER_HOUR,
        counted_since: now - Duration::hours(1),
    };
    match store.issue_otp(&record, &limits).await? {
        OtpIssue::Issued(_) => {}
        // Whole seconds, rounded up: "wait 30 s" must not turn into 29.999.
        OtpIssue::TooSoon(since) => {
            let wait = RESEND_AFTER - since;
            return Err(OtpError::TooSoon((wait.num_milliseconds() + 999) / 1000));
        }
        OtpIssue::RateLimited => return Err(OtpError::RateLimited),
    }
    sender.send(phone, &code).await.map_err(|e| {
        tracing::error!("{e}");
        OtpError::SendFailed
    })
}

/// Checks `code` against the newest code sent to `phone` and uses it up when it matches.
pub async fn verify_code(
    store: &dyn Store,
    phone: &str,
    code: &str,
    now: DateTime<Utc>,
) -> Result<(), OtpError> {
    let latest = store.latest_otp(phone).await?.ok_or(OtpError::Expired)?;
    if latest.used_at.is_some() || latest.expires_at <= now {
        return Err(OtpError::Expired);
    }
    if !store.count_otp_attempt(latest.id, MAX_TRIES).await? {
        return Err(OtpError::Expired);
    }
    if !same(
        &digest(&[&latest.salt, phone, code.trim()]),
        &latest.code_hash,
    ) {
        let left = MAX_TRIES - latest.attempts - 1;
        return Err(if left > 0 {
            OtpError::Wrong(left)
        } else {
            OtpError::Expired
        });
    }
    if store.consume_otp(latest.id, now).await? {
        Ok(())
    } else {
        Err(OtpError::Expired)
    }
}
