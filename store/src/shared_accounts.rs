//! The account SQL that SQLite and PostgreSQL both accept, written once;
//! `impl_shared_account_store!` implements [`AccountStore`](super::AccountStore).

macro_rules! impl_shared_account_store {
    ($store:ty, $db:ty) => {
        impl $store {
            /// `WHERE` clause of an account scope: roles it may show, inside its region.
            fn push_account_scope(builder: &mut sqlx::QueryBuilder<'_, $db>, scope: &$crate::accounts::Scope) {
                builder.push(" WHERE role IN (");
                let mut roles = builder.separated(", ");
                for role in &scope.roles {
                    roles.push_bind(role.code());
                }
                builder.push(")");
                if let Some(region) = &scope.within {
                    let (from, to) = $crate::shared::subtree_range(region);
                    builder.push(" AND region_code >= ").push_bind(from);
                    builder.push(" AND region_code < ").push_bind(to);
                }
            }
        }

        #[async_trait::async_trait]
        impl $crate::AccountStore for $store {
            async fn create_user(
                &self,
                user: &$crate::NewUserRecord,
                change: $crate::Change<'_>,
            ) -> $crate::StoreResult<i64> {
                use $crate::accounts::{audit_json, conflict_or};
                let mut tx = self.pool.begin().await?;
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
                let created = $crate::UserRecord {
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
            }

            async fn user(&self, id: i64) -> $crate::StoreResult<Option<$crate::UserRecord>> {
                let sql = format!("SELECT {} FROM users WHERE id = $1", $crate::accounts::USER_COLUMNS);
                sqlx::query_as(&sql)
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?
                    .map($crate::accounts::user_from_row)
                    .transpose()
            }

            async fn user_by_login(
                &self,
                login: &str,
            ) -> $crate::StoreResult<Option<$crate::UserRecord>> {
                let sql = format!(
                    "SELECT {} FROM users WHERE phone = $1 OR username = $1 ORDER BY id LIMIT 1",
                    $crate::accounts::USER_COLUMNS
                );
                sqlx::query_as(&sql)
                    .bind(login)
                    .fetch_optional(&self.pool)
                    .await?
                    .map($crate::accounts::user_from_row)
                    .transpose()
            }

            async fn save_user(
                &self,
                user: &$crate::UserRecord,
                change: $crate::Change<'_>,
            ) -> $crate::StoreResult<()> {
                use $crate::accounts::{audit_json, conflict_or, user_from_row, USER_COLUMNS};
                let mut tx = self.pool.begin().await?;
                let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
                let row = sqlx::query_as(&sql).bind(user.id).fetch_one(&mut *tx).await?;
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
                if user.status != before.status || user.role != before.role || user.region_code != before.region_code {
                    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user.id).execute(&mut *tx).await?;
                }
                Self::append_audit(&mut tx, change, user, Some(audit_json(&before)), Some(audit_json(user))).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn set_login_failures(
                &self,
                id: i64,
                failed_logins: i32,
                locked_until: Option<chrono::DateTime<chrono::Utc>>,
            ) -> $crate::StoreResult<()> {
                sqlx::query("UPDATE users SET failed_logins = $1, locked_until = $2 WHERE id = $3")
                    .bind(failed_logins)
                    .bind(locked_until)
                    .bind(id)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn users_in_scope(
                &self,
                scope: &$crate::accounts::Scope,
                limit: i64,
                offset: i64,
            ) -> $crate::StoreResult<(Vec<$crate::UserRecord>, i64)> {
                if scope.roles.is_empty() {
                    return Ok((Vec::new(), 0));
                }
                let mut count = sqlx::QueryBuilder::<$db>::new("SELECT COUNT(*) FROM users");
                Self::push_account_scope(&mut count, scope);
                let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;
                let mut page = sqlx::QueryBuilder::<$db>::new(format!(
                    "SELECT {} FROM users",
                    $crate::accounts::USER_COLUMNS
                ));
                Self::push_account_scope(&mut page, scope);
                page.push(" ORDER BY id LIMIT ").push_bind(limit).push(" OFFSET ").push_bind(offset);
                let rows: Vec<$crate::accounts::UserRow> = page.build_query_as().fetch_all(&self.pool).await?;
                let users = rows
                    .into_iter()
                    .map($crate::accounts::user_from_row)
                    .collect::<$crate::StoreResult<Vec<_>>>()?;
                Ok((users, total))
            }

            async fn create_session(
                &self,
                token_hash: &str,
                session: &$crate::SessionRecord,
            ) -> $crate::StoreResult<()> {
                sqlx::query(
                    "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(token_hash)
                .bind(session.user_id)
                .bind(session.created_at)
                .bind(session.last_seen_at)
                .bind(session.expires_at)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn session(
                &self,
                token_hash: &str,
            ) -> $crate::StoreResult<Option<$crate::SessionRecord>> {
                let row: Option<(i64, chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)> =
                    sqlx::query_as(
                        "SELECT user_id, created_at, last_seen_at, expires_at FROM sessions \
                         WHERE token_hash = $1",
                    )
                    .bind(token_hash)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.map(|(user_id, created_at, last_seen_at, expires_at)| $crate::SessionRecord {
                    user_id,
                    created_at,
                    last_seen_at,
                    expires_at,
                }))
            }

            async fn touch_session(
                &self,
                token_hash: &str,
                at: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<()> {
                sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
                    .bind(at)
                    .bind(token_hash)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn delete_session(&self, token_hash: &str) -> $crate::StoreResult<()> {
                sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(&self.pool).await?;
                Ok(())
            }

            async fn insert_otp(&self, otp: &$crate::OtpRecord) -> $crate::StoreResult<i64> {
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
                .fetch_one(&self.pool)
                .await?;
                Ok(id)
            }

            async fn latest_otp(&self, phone: &str) -> $crate::StoreResult<Option<$crate::OtpRecord>> {
                let row: Option<$crate::accounts::OtpRow> = sqlx::query_as(
                    "SELECT id, phone, client_addr, salt, code_hash, created_at, expires_at, attempts, used_at \
                     FROM otp_codes WHERE phone = $1 ORDER BY created_at DESC, id DESC LIMIT 1",
                )
                .bind(phone)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map($crate::accounts::otp_from_row))
            }

            async fn count_otps_since(
                &self,
                phone: &str,
                client_addr: &str,
                since: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<(i64, i64)> {
                Ok(sqlx::query_as(
                    "SELECT (SELECT COUNT(*) FROM otp_codes WHERE phone = $1 AND created_at >= $3), \
                     (SELECT COUNT(*) FROM otp_codes WHERE client_addr = $2 AND created_at >= $3)",
                )
                .bind(phone)
                .bind(client_addr)
                .bind(since)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn count_otp_attempt(&self, id: i64, max: i32) -> $crate::StoreResult<bool> {
                let counted = sqlx::query("UPDATE otp_codes SET attempts = attempts + 1 WHERE id = $1 AND attempts < $2")
                    .bind(id)
                    .bind(max)
                    .execute(&self.pool)
                    .await?;
                Ok(counted.rows_affected() == 1)
            }

            async fn consume_otp(
                &self,
                id: i64,
                at: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<bool> {
                let consumed = sqlx::query("UPDATE otp_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
                    .bind(at)
                    .bind(id)
                    .execute(&self.pool)
                    .await?;
                Ok(consumed.rows_affected() == 1)
            }

            async fn audit_entries(
                &self,
                within: Option<&yinong_model::region::RegionCode>,
                limit: i64,
            ) -> $crate::StoreResult<Vec<yinong_model::account::AuditEntry>> {
                let mut query = sqlx::QueryBuilder::<$db>::new(
                    "SELECT id, at, actor_id, action, object_kind, object_id, region_code, before, after \
                     FROM audit_log",
                );
                if let Some(region) = within {
                    let (from, to) = $crate::shared::subtree_range(region);
                    query.push(" WHERE region_code >= ").push_bind(from);
                    query.push(" AND region_code < ").push_bind(to);
                }
                query.push(" ORDER BY id DESC LIMIT ").push_bind(limit);
                let rows: Vec<$crate::accounts::AuditRow> = query.build_query_as().fetch_all(&self.pool).await?;
                rows.into_iter().map($crate::accounts::audit_from_row).collect()
            }
        }

        impl $store {
            async fn append_audit(
                tx: &mut sqlx::Transaction<'_, $db>,
                change: $crate::Change<'_>,
                user: &$crate::UserRecord,
                before: Option<String>,
                after: Option<String>,
            ) -> $crate::StoreResult<()> {
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
                .execute(&mut **tx)
                .await?;
                Ok(())
            }
        }
    };
}

pub(super) use impl_shared_account_store;
