//! Storage of accounts, sessions, one-time codes and the audit log.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use yinong_model::account::{mask_id_card, mask_phone, AuditEntry, Role, UserStatus, UserSummary};
use yinong_model::region::RegionCode;

use super::{StoreError, StoreResult};

/// The part of the hierarchy a list of accounts may show, and which roles it may include
/// (`access` decides it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    /// `None`: the whole nation.
    pub within: Option<RegionCode>,
    pub roles: Vec<Role>,
}

/// An account as stored (secrets included: never sent to a client as it is).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRecord {
    pub id: i64,
    pub role: Role,
    pub region_code: Option<RegionCode>,
    pub name: String,
    pub phone: String,
    pub username: Option<String>,
    pub password_hash: Option<String>,
    pub id_card: Option<String>,
    pub status: UserStatus,
    pub failed_logins: i32,
    pub locked_until: Option<DateTime<Utc>>,
}

impl UserRecord {
    /// What administrators and the audit log may see.
    pub fn summary(&self, region_name: Option<String>) -> UserSummary {
        UserSummary {
            id: self.id,
            role: self.role,
            region_code: self.region_code.clone(),
            region_name,
            name: self.name.clone(),
            phone_masked: mask_phone(&self.phone),
            username: self.username.clone(),
            id_card_masked: self.id_card.as_deref().map(mask_id_card),
            status: self.status,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewUserRecord {
    pub role: Role,
    pub region_code: Option<RegionCode>,
    pub name: String,
    pub phone: String,
    pub username: Option<String>,
    pub password_hash: Option<String>,
    pub id_card: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRecord {
    pub user_id: i64,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OtpRecord {
    pub id: i64,
    pub phone: String,
    pub client_addr: String,
    pub salt: String,
    pub code_hash: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub attempts: i32,
    pub used_at: Option<DateTime<Utc>>,
}

/// Who makes a change and what it is called in the audit log.
#[derive(Clone, Copy, Debug)]
pub struct Change<'a> {
    pub actor_id: Option<i64>,
    pub action: &'a str,
    pub at: DateTime<Utc>,
}

#[async_trait]
pub trait AccountStore: Send + Sync {
    /// Creates an account and records it in the audit log, in one transaction.
    /// A phone number or username already taken is a [`StoreError::Conflict`].
    async fn create_user(&self, user: &NewUserRecord, change: Change<'_>) -> StoreResult<i64>;
    async fn user(&self, id: i64) -> StoreResult<Option<UserRecord>>;
    /// The account whose phone number or username is `login`.
    async fn user_by_login(&self, login: &str) -> StoreResult<Option<UserRecord>>;
    /// Writes the account's changeable fields and the audit entry (before/after).
    async fn save_user(&self, user: &UserRecord, change: Change<'_>) -> StoreResult<()>;
    /// Password failures and lockout: security counters, not audited changes.
    async fn set_login_failures(
        &self,
        id: i64,
        failed_logins: i32,
        locked_until: Option<DateTime<Utc>>,
    ) -> StoreResult<()>;
    /// One page of the accounts inside `scope`, ordered by id, and how many there are.
    async fn users_in_scope(
        &self,
        scope: &Scope,
        limit: i64,
        offset: i64,
    ) -> StoreResult<(Vec<UserRecord>, i64)>;

    async fn create_session(&self, token_hash: &str, session: &SessionRecord) -> StoreResult<()>;
    async fn session(&self, token_hash: &str) -> StoreResult<Option<SessionRecord>>;
    async fn touch_session(&self, token_hash: &str, at: DateTime<Utc>) -> StoreResult<()>;
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;

    /// Stores a new code (the `id` given is ignored) and returns its id.
    async fn insert_otp(&self, otp: &OtpRecord) -> StoreResult<i64>;
    /// The newest code sent to `phone`.
    async fn latest_otp(&self, phone: &str) -> StoreResult<Option<OtpRecord>>;
    /// Codes sent to `phone`, and codes asked for from `client_addr`, since `since`.
    async fn count_otps_since(
        &self,
        phone: &str,
        client_addr: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<(i64, i64)>;
    /// Counts one try at code `id` unless it has had `max` tries; false when it had.
    async fn count_otp_attempt(&self, id: i64, max: i32) -> StoreResult<bool>;
    /// Marks code `id` used; false when it was used already (it is single-use, even when
    /// two sign-ins race).
    async fn consume_otp(&self, id: i64, at: DateTime<Utc>) -> StoreResult<bool>;

    /// The newest audit entries about objects in `within` (`None`: everything).
    async fn audit_entries(
        &self,
        within: Option<&RegionCode>,
        limit: i64,
    ) -> StoreResult<Vec<AuditEntry>>;
}

pub(super) type UserRow = (
    i64,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    i32,
    Option<DateTime<Utc>>,
);

pub(super) const USER_COLUMNS: &str =
    "id, role, region_code, name, phone, username, password_hash, \
     id_card, status, failed_logins, locked_until";

pub(super) fn user_from_row(row: UserRow) -> StoreResult<UserRecord> {
    let (
        id,
        role,
        region,
        name,
        phone,
        username,
        password_hash,
        id_card,
        status,
        failed_logins,
        locked_until,
    ) = row;
    let corrupt = |what: String| StoreError::Corrupt(what);
    Ok(UserRecord {
        id,
        role: Role::from_code(&role)
            .ok_or_else(|| corrupt(format!("user {id} has role {role}")))?,
        region_code: region
            .map(|code| RegionCode::parse(&code).map_err(|e| corrupt(e.to_string())))
            .transpose()?,
        name,
        phone,
        username,
        password_hash,
        id_card,
        status: UserStatus::from_code(&status)
            .ok_or_else(|| corrupt(format!("user {id} has status {status}")))?,
        failed_logins,
        locked_until,
    })
}

pub(super) type OtpRow = (
    i64,
    String,
    String,
    String,
    String,
    DateTime<Utc>,
    DateTime<Utc>,
    i32,
    Option<DateTime<Utc>>,
);

pub(super) fn otp_from_row(row: OtpRow) -> OtpRecord {
    let (id, phone, client_addr, salt, code_hash, created_at, expires_at, attempts, used_at) = row;
    OtpRecord {
        id,
        phone,
        client_addr,
        salt,
        code_hash,
        created_at,
        expires_at,
        attempts,
        used_at,
    }
}

pub(super) type AuditRow = (
    i64,
    DateTime<Utc>,
    Option<i64>,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

pub(super) fn audit_from_row(row: AuditRow) -> StoreResult<AuditEntry> {
    let (id, at, actor_id, action, object_kind, object_id, region, before, after) = row;
    Ok(AuditEntry {
        id,
        at: at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        actor_id,
        action,
        object_kind,
        object_id,
        region_code: region
            .map(|code| RegionCode::parse(&code).map_err(|e| StoreError::Corrupt(e.to_string())))
            .transpose()?,
        before,
        after,
    })
}

/// The audit log's picture of an account: masked, without secrets.
pub(super) fn audit_json(user: &UserRecord) -> String {
    serde_json::to_string(&user.summary(None)).expect("a summary serialises")
}

/// Maps a unique-constraint violation to a conflict the caller can explain.
pub(super) fn conflict_or(error: sqlx::Error) -> StoreError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(
            db.constraint().unwrap_or_default().to_owned() + " " + db.message(),
        ),
        _ => StoreError::Database(error),
    }
}
