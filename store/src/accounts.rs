//! Storage of accounts, sessions, one-time codes and the audit log.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use yinong_model::account::{mask_id_card, mask_phone, AuditEntry, Role, UserStatus, UserSummary};
use yinong_model::region::RegionCode;

use super::{StoreError, StoreResult};
use crate::engine::{on_pool, on_tx, BeginWriting, SqlStore, Tx, WriteLock};
use crate::sql::counted_page;

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

/// What a sign-in count is kept under: a login and a client address, either of them `"*"`
/// for all.
#[derive(Clone, Copy, Debug)]
pub struct CountKey<'a> {
    pub login: &'a str,
    pub client_addr: &'a str,
}

/// A count's window: it opened at most `length` before `now`.
#[derive(Clone, Copy, Debug)]
pub struct Window {
    pub now: DateTime<Utc>,
    pub length: chrono::Duration,
}

impl Window {
    fn opened_after(&self) -> DateTime<Utc> {
        self.now - self.length
    }
}

/// The limits a new sign-in code must pass, counted from the codes already made.
#[derive(Clone, Copy, Debug)]
pub struct OtpLimits {
    /// No second code to a phone before this much time has passed.
    pub resend_after: chrono::Duration,
    pub per_phone: i64,
    pub per_client: i64,
    /// Where `per_phone` and `per_client` start counting.
    pub counted_since: DateTime<Utc>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OtpIssue {
    Issued(i64),
    /// A code went to the phone this long ago, less than `resend_after`.
    TooSoon(chrono::Duration),
    RateLimited,
}

/// Where [`AccountStore::purge_expired`] cuts.
#[derive(Clone, Copy, Debug)]
pub struct Expired {
    pub now: DateTime<Utc>,
    pub idle_before: DateTime<Utc>,
    pub codes_before: DateTime<Utc>,
    pub counts_before: DateTime<Utc>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Purged {
    pub sessions: u64,
    pub codes: u64,
    pub counts: u64,
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
    /// Adds one to the sign-in count under `key` and returns it. A count lives for one
    /// window from its first addition; a later addition starts a new one.
    async fn add_sign_in_count(&self, key: &CountKey<'_>, window: &Window) -> StoreResult<i64>;
    /// The sign-in count under `key` in its open window (0 when there is none).
    async fn sign_in_count(&self, key: &CountKey<'_>, window: &Window) -> StoreResult<i64>;
    async fn clear_sign_in_count(&self, key: &CountKey<'_>) -> StoreResult<()>;
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
    /// Ends every session of account `user_id` except the one under `keep`; how many ended.
    async fn end_sessions_of(&self, user_id: i64, keep: Option<&str>) -> StoreResult<u64>;
    /// Deletes what no rule reads any more: sessions past their expiry or idle since
    /// `expired.idle_before`, codes made before `expired.codes_before`, sign-in counts whose
    /// window opened before `expired.counts_before`.
    async fn purge_expired(&self, expired: &Expired) -> StoreResult<Purged>;

    /// Stores a new code (the `id` given is ignored) unless `limits` refuse it, deciding and
    /// inserting under one lock so that a burst cannot pass a limit.
    async fn issue_otp(&self, otp: &OtpRecord, limits: &OtpLimits) -> StoreResult<OtpIssue>;
    /// The newest code sent to `phone`.
    async fn latest_otp(&self, phone: &str) -> StoreResult<Option<OtpRecord>>;
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
);

pub(super) const USER_COLUMNS: &str =
    "id, role, region_code, name, phone, username, password_hash, \
     id_card, status";

pub(super) fn user_from_row(row: UserRow) -> StoreResult<UserRecord> {
    let (id, role, region, name, phone, username, password_hash, id_card, status) = row;
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

impl SqlStore {
    /// `WHERE` clause of an account scope: roles it may show, inside its region.
    pub(crate) fn push_account_scope<'a, DB>(
        builder: &mut sqlx::QueryBuilder<'a, DB>,
        scope: &Scope,
    ) where
        DB: sqlx::Database,
        &'a str: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
        String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    {
        builder.push(" WHERE role IN (");
        let mut roles = builder.separated(", ");
        for role in &scope.roles {
            roles.push_bind(role.code());
        }
        builder.push(")");
        if let Some(region) = &scope.within {
            crate::sql::push_within(builder, " AND", "region_code", Some(region));
        }
    }
}

#[async_trait::async_trait]
impl crate::AccountStore for SqlStore {
    async fn create_user(
        &self,
        user: &crate::NewUserRecord,
        change: crate::Change<'_>,
    ) -> crate::StoreResult<i64> {
        on_pool!(&self.pool, |pool| {
            use crate::accounts::audit_json;
            use crate::sql::conflict_or;
            let mut tx = pool.begin_writing().await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO users (role, region_code, name, phone, username, password_hash, \
                 id_card, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                 RETURNING id",
            )
            .bind(user.role.code())
            .bind(user.region_code.as_ref().map(|c| c.as_str()))
            .bind(&user.name)
            .bind(&user.phone)
            .bind(&user.username)
            .bind(&user.password_hash)
            .bind(&user.id_card)
            .bind(yinong_model::account::UserStatus::Active.code())
            .bind(change.at)
            .fetch_one(&mut *tx)
            .await
            .map_err(conflict_or)?;
            let created = crate::UserRecord {
                id,
                role: user.role,
                region_code: user.region_code.clone(),
                name: user.name.clone(),
                phone: user.phone.clone(),
                username: user.username.clone(),
                password_hash: None,
                id_card: user.id_card.clone(),
                status: yinong_model::account::UserStatus::Active,
            };
            Self::append_audit(&mut tx, change, &created, None, Some(audit_json(&created))).await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    async fn user(&self, id: i64) -> crate::StoreResult<Option<crate::UserRecord>> {
        on_pool!(&self.pool, |pool| {
            let sql = format!(
                "SELECT {} FROM users WHERE id = $1",
                crate::accounts::USER_COLUMNS
            );
            sqlx::query_as(&sql)
                .bind(id)
                .fetch_optional(pool)
                .await?
                .map(crate::accounts::user_from_row)
                .transpose()
        })
    }

    async fn user_by_login(&self, login: &str) -> crate::StoreResult<Option<crate::UserRecord>> {
        on_pool!(&self.pool, |pool| {
            let sql = format!(
                "SELECT {} FROM users WHERE phone = $1 OR username = $1 ORDER BY id LIMIT 1",
                crate::accounts::USER_COLUMNS
            );
            sqlx::query_as(&sql)
                .bind(login)
                .fetch_optional(pool)
                .await?
                .map(crate::accounts::user_from_row)
                .transpose()
        })
    }

    async fn save_user(
        &self,
        user: &crate::UserRecord,
        change: crate::Change<'_>,
    ) -> crate::StoreResult<()> {
        on_pool!(&self.pool, |pool| {
            use crate::accounts::{audit_json, user_from_row, USER_COLUMNS};
            use crate::sql::conflict_or;
            let mut tx = pool.begin_writing().await?;
            let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
            let row = sqlx::query_as(&sql)
                .bind(user.id)
                .fetch_one(&mut *tx)
                .await?;
            let before = user_from_row(row)?;
            sqlx::query(
                "UPDATE users SET role = $1, region_code = $2, name = $3, username = $4, \
                 password_hash = $5, id_card = $6, status = $7 WHERE id = $8",
            )
            .bind(user.role.code())
            .bind(user.region_code.as_ref().map(|c| c.as_str()))
            .bind(&user.name)
            .bind(&user.username)
            .bind(&user.password_hash)
            .bind(&user.id_card)
            .bind(user.status.code())
            .bind(user.id)
            .execute(&mut *tx)
            .await
            .map_err(conflict_or)?;
            // Disabling an account or moving staff elsewhere ends its sessions (what they may
            // do changed); a farmer choosing their village stays signed in.
            if user.status != before.status
                || user.role != before.role
                || (user.region_code != before.region_code && before.role.is_staff())
            {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                    .bind(user.id)
                    .execute(&mut *tx)
                    .await?;
            }
            Self::append_audit(
                &mut tx,
                change,
                user,
                Some(audit_json(&before)),
                Some(audit_json(user)),
            )
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    async fn add_sign_in_count(
        &self,
        key: &crate::accounts::CountKey<'_>,
        window: &crate::accounts::Window,
    ) -> crate::StoreResult<i64> {
        // One statement: racing additions each get their own count.
        on_pool!(&self.pool, |pool| {
            Ok(sqlx::query_scalar(
                "INSERT INTO sign_in_counts (login, client_addr, count, window_start) \
                 VALUES ($1, $2, 1, $3) ON CONFLICT (login, client_addr) DO UPDATE SET \
                 count = CASE WHEN sign_in_counts.window_start < $4 THEN 1 \
                 ELSE sign_in_counts.count + 1 END, \
                 window_start = CASE WHEN sign_in_counts.window_start < $4 THEN $3 \
                 ELSE sign_in_counts.window_start END \
                 RETURNING count",
            )
            .bind(key.login)
            .bind(key.client_addr)
            .bind(window.now)
            .bind(window.opened_after())
            .fetch_one(pool)
            .await?)
        })
    }

    async fn sign_in_count(
        &self,
        key: &crate::accounts::CountKey<'_>,
        window: &crate::accounts::Window,
    ) -> crate::StoreResult<i64> {
        on_pool!(&self.pool, |pool| {
            let count: Option<i64> = sqlx::query_scalar(
                "SELECT count FROM sign_in_counts \
                 WHERE login = $1 AND client_addr = $2 AND window_start >= $3",
            )
            .bind(key.login)
            .bind(key.client_addr)
            .bind(window.opened_after())
            .fetch_optional(pool)
            .await?;
            Ok(count.unwrap_or(0))
        })
    }

    async fn clear_sign_in_count(
        &self,
        key: &crate::accounts::CountKey<'_>,
    ) -> crate::StoreResult<()> {
        on_pool!(&self.pool, |pool| {
            sqlx::query("DELETE FROM sign_in_counts WHERE login = $1 AND client_addr = $2")
                .bind(key.login)
                .bind(key.client_addr)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    async fn users_in_scope(
        &self,
        scope: &crate::accounts::Scope,
        limit: i64,
        offset: i64,
    ) -> crate::StoreResult<(Vec<crate::UserRecord>, i64)> {
        on_pool!(&self.pool, |pool| {
            if scope.roles.is_empty() {
                return Ok((Vec::new(), 0));
            }
            counted_page!(
                pool,
                count: "FROM users",
                select: format!("SELECT {} FROM users", crate::accounts::USER_COLUMNS),
                filter: |builder: &mut sqlx::QueryBuilder<'_, Db>| {
                    Self::push_account_scope(builder, scope)
                },
                order: " ORDER BY id",
                page: (offset, limit),
                decode: crate::accounts::user_from_row,
            )
        })
    }

    async fn create_session(
        &self,
        token_hash: &str,
        session: &crate::SessionRecord,
    ) -> crate::StoreResult<()> {
        on_pool!(&self.pool, |pool| {
            sqlx::query(
                "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(token_hash)
            .bind(session.user_id)
            .bind(session.created_at)
            .bind(session.last_seen_at)
            .bind(session.expires_at)
            .execute(pool)
            .await?;
            sqlx::query("UPDATE users SET last_seen_at = $1 WHERE id = $2")
                .bind(session.last_seen_at)
                .bind(session.user_id)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    async fn session(&self, token_hash: &str) -> crate::StoreResult<Option<crate::SessionRecord>> {
        on_pool!(&self.pool, |pool| {
            let row: Option<(
                i64,
                chrono::DateTime<chrono::Utc>,
                chrono::DateTime<chrono::Utc>,
                chrono::DateTime<chrono::Utc>,
            )> = sqlx::query_as(
                "SELECT user_id, created_at, last_seen_at, expires_at FROM sessions \
                     WHERE token_hash = $1",
            )
            .bind(token_hash)
            .fetch_optional(pool)
            .await?;
            Ok(row.map(
                |(user_id, created_at, last_seen_at, expires_at)| crate::SessionRecord {
                    user_id,
                    created_at,
                    last_seen_at,
                    expires_at,
                },
            ))
        })
    }

    async fn touch_session(
        &self,
        token_hash: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> crate::StoreResult<()> {
        on_pool!(&self.pool, |pool| {
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
                .bind(at)
                .bind(token_hash)
                .execute(pool)
                .await?;
            sqlx::query(
                "UPDATE users SET last_seen_at = $1 \
                 WHERE id = (SELECT user_id FROM sessions WHERE token_hash = $2)",
            )
            .bind(at)
            .bind(token_hash)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    async fn delete_session(&self, token_hash: &str) -> crate::StoreResult<()> {
        on_pool!(&self.pool, |pool| {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(token_hash)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    async fn end_sessions_of(&self, user_id: i64, keep: Option<&str>) -> crate::StoreResult<u64> {
        on_pool!(&self.pool, |pool| {
            let ended = sqlx::query(
                "DELETE FROM sessions WHERE user_id = $1 AND token_hash <> COALESCE($2, '')",
            )
            .bind(user_id)
            .bind(keep)
            .execute(pool)
            .await?;
            Ok(ended.rows_affected())
        })
    }

    async fn purge_expired(
        &self,
        expired: &crate::accounts::Expired,
    ) -> crate::StoreResult<crate::accounts::Purged> {
        on_pool!(&self.pool, |pool| {
            let sessions =
                sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at < $2")
                    .bind(expired.now)
                    .bind(expired.idle_before)
                    .execute(pool)
                    .await?;
            let codes = sqlx::query("DELETE FROM otp_codes WHERE created_at < $1")
                .bind(expired.codes_before)
                .execute(pool)
                .await?;
            let counts = sqlx::query("DELETE FROM sign_in_counts WHERE window_start < $1")
                .bind(expired.counts_before)
                .execute(pool)
                .await?;
            Ok(crate::accounts::Purged {
                sessions: sessions.rows_affected(),
                codes: codes.rows_affected(),
                counts: counts.rows_affected(),
            })
        })
    }

    async fn issue_otp(
        &self,
        otp: &crate::OtpRecord,
        limits: &crate::accounts::OtpLimits,
    ) -> crate::StoreResult<crate::accounts::OtpIssue> {
        use crate::accounts::OtpIssue;
        let mut serialized = self.serialized(WriteLock::SignInCodes, "").await?;
        let issue = on_tx!(serialized.tx(), |tx| {
            let latest: Option<chrono::DateTime<chrono::Utc>> =
                sqlx::query_scalar("SELECT MAX(created_at) FROM otp_codes WHERE phone = $1")
                    .bind(&otp.phone)
                    .fetch_one(&mut *tx)
                    .await?;
            let (to_phone, from_client): (i64, i64) = sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM otp_codes WHERE phone = $1 AND created_at >= $3), \
                 (SELECT COUNT(*) FROM otp_codes WHERE client_addr = $2 AND created_at >= $3)",
            )
            .bind(&otp.phone)
            .bind(&otp.client_addr)
            .bind(limits.counted_since)
            .fetch_one(&mut *tx)
            .await?;
            match latest.map(|at| otp.created_at - at) {
                Some(since) if since < limits.resend_after => OtpIssue::TooSoon(since),
                _ if to_phone >= limits.per_phone || from_client >= limits.per_client => {
                    OtpIssue::RateLimited
                }
                _ => OtpIssue::Issued(
                    sqlx::query_scalar(
                        "INSERT INTO otp_codes (phone, client_addr, salt, code_hash, created_at, \
                         expires_at, attempts, used_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                         RETURNING id",
                    )
                    .bind(&otp.phone)
                    .bind(&otp.client_addr)
                    .bind(&otp.salt)
                    .bind(&otp.code_hash)
                    .bind(otp.created_at)
                    .bind(otp.expires_at)
                    .bind(otp.attempts)
                    .bind(otp.used_at)
                    .fetch_one(&mut *tx)
                    .await?,
                ),
            }
        });
        serialized.commit().await?;
        Ok(issue)
    }

    async fn latest_otp(&self, phone: &str) -> crate::StoreResult<Option<crate::OtpRecord>> {
        on_pool!(&self.pool, |pool| {
            let row: Option<crate::accounts::OtpRow> = sqlx::query_as(
                "SELECT id, phone, client_addr, salt, code_hash, created_at, expires_at, attempts, used_at \
                 FROM otp_codes WHERE phone = $1 ORDER BY created_at DESC, id DESC LIMIT 1",
            )
            .bind(phone)
            .fetch_optional(pool)
            .await?;
            Ok(row.map(crate::accounts::otp_from_row))
        })
    }

    async fn count_otp_attempt(&self, id: i64, max: i32) -> crate::StoreResult<bool> {
        on_pool!(&self.pool, |pool| {
            let counted = sqlx::query(
                "UPDATE otp_codes SET attempts = attempts + 1 WHERE id = $1 AND attempts < $2",
            )
            .bind(id)
            .bind(max)
            .execute(pool)
            .await?;
            Ok(counted.rows_affected() == 1)
        })
    }

    async fn consume_otp(
        &self,
        id: i64,
        at: chrono::DateTime<chrono::Utc>,
    ) -> crate::StoreResult<bool> {
        on_pool!(&self.pool, |pool| {
            let consumed =
                sqlx::query("UPDATE otp_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
                    .bind(at)
                    .bind(id)
                    .execute(pool)
                    .await?;
            Ok(consumed.rows_affected() == 1)
        })
    }

    async fn audit_entries(
        &self,
        within: Option<&yinong_model::region::RegionCode>,
        limit: i64,
    ) -> crate::StoreResult<Vec<yinong_model::account::AuditEntry>> {
        on_pool!(&self.pool, |pool| {
            let mut query = sqlx::QueryBuilder::<Db>::new(
                "SELECT id, at, actor_id, action, object_kind, object_id, region_code, before, after \
                 FROM audit_log",
            );
            if let Some(region) = within {
                crate::sql::push_within(&mut query, " WHERE", "region_code", Some(region));
            }
            query.push(" ORDER BY id DESC LIMIT ").push_bind(limit);
            let rows: Vec<crate::accounts::AuditRow> =
                query.build_query_as().fetch_all(pool).await?;
            rows.into_iter()
                .map(crate::accounts::audit_from_row)
                .collect()
        })
    }
}

impl SqlStore {
    pub(crate) async fn append_audit(
        tx: impl Into<Tx<'_>>,
        change: crate::Change<'_>,
        user: &crate::UserRecord,
        before: Option<String>,
        after: Option<String>,
    ) -> crate::StoreResult<()> {
        on_tx!(tx.into(), |tx| {
            sqlx::query(
                "INSERT INTO audit_log (at, actor_id, action, object_kind, object_id, region_code, \
                 before, after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(change.at)
            .bind(change.actor_id)
            .bind(change.action)
            .bind("user")
            .bind(user.id.to_string())
            .bind(user.region_code.as_ref().map(|c| c.as_str()))
            .bind(before)
            .bind(after)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }
}
