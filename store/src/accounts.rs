//! Storage of accounts, sessions, one-time codes and the audit log.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use yinong_model::account::{mask_id_card, mask_phone, AuditEntry, Role, UserStatus, UserSummary};
use yinong_model::region::RegionCode;

use super::{StoreError, StoreResult};
use crate::engine::{on_pool, on_tx, SqlStore, Tx};
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
            let mut tx = pool.begin().await?;
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
                failed_logins: 0,
                locked_until: None,
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
            let mut tx = pool.begin().await?;
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
            // Disabling an account or moving it ends its sessions.
            if user.status != before.status
                || user.role != before.role
                || user.region_code != before.region_code
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

    async fn set_login_failures(
        &self,
        id: i64,
        failed_logins: i32,
        locked_until: Option<chrono::DateTime<chrono::Utc>>,
    ) -> crate::StoreResult<()> {
        on_pool!(&self.pool, |pool| {
            sqlx::query("UPDATE users SET failed_logins = $1, locked_until = $2 WHERE id = $3")
                .bind(failed_logins)
                .bind(locked_until)
                .bind(id)
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

    async fn insert_otp(&self, otp: &crate::OtpRecord) -> crate::StoreResult<i64> {
        on_pool!(&self.pool, |pool| {
            let id = sqlx::query_scalar(
                "INSERT INTO otp_codes (phone, client_addr, salt, code_hash, created_at, expires_at, \
                 attempts, used_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(&otp.phone)
            .bind(&otp.client_addr)
            .bind(&otp.salt)
            .bind(&otp.code_hash)
            .bind(otp.created_at)
            .bind(otp.expires_at)
            .bind(otp.attempts)
            .bind(otp.used_at)
            .fetch_one(pool)
            .await?;
            Ok(id)
        })
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

    async fn count_otps_since(
        &self,
        phone: &str,
        client_addr: &str,
        since: chrono::DateTime<chrono::Utc>,
    ) -> crate::StoreResult<(i64, i64)> {
        on_pool!(&self.pool, |pool| {
            Ok(sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM otp_codes WHERE phone = $1 AND created_at >= $3), \
                 (SELECT COUNT(*) FROM otp_codes WHERE client_addr = $2 AND created_at >= $3)",
            )
            .bind(phone)
            .bind(client_addr)
            .bind(since)
            .fetch_one(pool)
            .await?)
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
