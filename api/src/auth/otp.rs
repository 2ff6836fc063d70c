//! Farmers' sign-in codes (OWASP ASVS V2.7): six random digits, valid 10 minutes, single
//! use, stored salted and hashed, at most 5 tries each, and rate-limited per phone number
//! and per client address.

use chrono::{DateTime, Duration, Utc};
use yinong_model::account::is_mobile_phone;

use super::secret::{digest, new_code, new_salt, same};
use super::sender::CodeSender;
use yinong_store::{OtpRecord, Store, StoreError};

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

/// Issues a code for `phone` and sends it, unless the limits say no.
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
    if let Some(latest) = store.latest_otp(phone).await? {
        let wait = latest.created_at + RESEND_AFTER - now;
        if wait > Duration::zero() {
            // Whole seconds, rounded up: "wait 30 s" must not turn into 29.999.
            return Err(OtpError::TooSoon((wait.num_milliseconds() + 999) / 1000));
        }
    }
    let (to_phone, from_client) = store
        .count_otps_since(phone, client_addr, now - Duration::hours(1))
        .await?;
    if to_phone >= PER_PHONE_PER_HOUR || from_client >= PER_CLIENT_PER_HOUR {
        return Err(OtpError::RateLimited);
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
    store.insert_otp(&record).await?;
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
