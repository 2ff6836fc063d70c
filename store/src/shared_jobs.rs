//! The jobs board's SQL that SQLite and PostgreSQL both accept, written once;
//! `impl_shared_job_store!` implements [`JobStore`](super::JobStore).

macro_rules! impl_shared_job_store {
    ($store:ty, $db:ty) => {
        impl $store {
            /// Inserts a post in `tx` unless whoever it counts against — the one whose
            /// number it carries, or else its poster — has `open_limit` posts still
            /// showing on `today`.
            async fn insert_job(
                tx: &mut sqlx::Transaction<'_, $db>,
                new: &$crate::jobs::NewJobRecord<'_>,
                open_limit: i64,
                today: chrono::NaiveDate,
            ) -> $crate::StoreResult<i64> {
                let mut count = sqlx::QueryBuilder::<$db>::new(
                    "SELECT COUNT(*) FROM job_posts WHERE withdrawn_at IS NULL AND ends_on >= ",
                );
                count.push_bind(today);
                $crate::shared::push_counted_against(
                    &mut count,
                    new.contact_phone,
                    new.poster_id,
                );
                let open: i64 = count.build_query_scalar().fetch_one(&mut **tx).await?;
                if open >= open_limit {
                    return Err($crate::StoreError::Conflict(format!(
                        "account {} has {open} open posts",
                        new.poster_id
                    )));
                }
                Ok(sqlx::query_scalar(
                    "INSERT INTO job_posts (kind, region_code, title, description, starts_on, \
                     ends_on, pay, headcount, contact_name, contact_phone, poster_id, posted_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
                )
                .bind(new.kind.code())
                .bind(new.region.as_str())
                .bind(new.title)
                .bind(new.description)
                .bind(new.starts_on)
                .bind(new.ends_on)
                .bind(new.pay)
                .bind(new.headcount.map(|n| n as i32))
                .bind(new.contact_name)
                .bind(new.contact_phone)
                .bind(new.poster_id)
                .bind(new.at)
                .fetch_one(&mut **tx)
                .await?)
            }
        }

        #[async_trait::async_trait]
        impl $crate::JobStore for $store {
            async fn post_job(
                &self,
                new: &$crate::jobs::NewJobRecord<'_>,
                open_limit: i64,
                today: chrono::NaiveDate,
            ) -> $crate::StoreResult<i64> {
                let mut tx = self.pool.begin().await?;
                let id = Self::insert_job(&mut tx, new, open_limit, today).await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn post_job_for_farmer(
                &self,
                new: &$crate::jobs::NewJobRecord<'_>,
                open_limit: i64,
                today: chrono::NaiveDate,
                receipt: &$crate::sync::Receipt<'_>,
            ) -> $crate::StoreResult<$crate::sync::Arrival> {
                self.receive(receipt, async |tx| {
                    Self::insert_job(tx, new, open_limit, today).await
                })
                .await
            }

            async fn jobs(
                &self,
                filter: &$crate::jobs::JobFilter,
                viewer: Option<i64>,
                offset: i64,
                limit: i64,
            ) -> $crate::StoreResult<(Vec<yinong_model::jobs::JobPost>, i64)> {
                use $crate::jobs::*;
                let push_filter = |builder: &mut sqlx::QueryBuilder<'_, $db>| {
                    let (from, to) =
                        $crate::shared_stations::figures_range(filter.within.as_ref());
                    builder.push(" WHERE j.region_code >= ").push_bind(from);
                    builder.push(" AND j.region_code < ").push_bind(to);
                    builder.push(" AND j.ends_on >= ").push_bind(filter.today);
                    builder.push(" AND j.withdrawn_at IS NULL");
                    if let Some(kind) = filter.kind {
                        builder.push(" AND j.kind = ").push_bind(kind.code());
                    }
                    if let Some(day) = filter.on {
                        builder.push(" AND j.starts_on <= ").push_bind(day);
                        builder.push(" AND j.ends_on >= ").push_bind(day);
                    }
                };
                let mut count = sqlx::QueryBuilder::<$db>::new("SELECT COUNT(*) FROM job_posts j");
                push_filter(&mut count);
                let mut page = sqlx::QueryBuilder::<$db>::new(JOB_SELECT);
                push_filter(&mut page);
                page.push(" ORDER BY j.starts_on, j.id LIMIT ")
                    .push_bind(limit);
                page.push(" OFFSET ").push_bind(offset);
                let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;
                let rows: Vec<JobRow> = page.build_query_as().fetch_all(&self.pool).await?;
                let posts = rows
                    .into_iter()
                    .map(|row| job_from_row(row, viewer))
                    .collect::<$crate::StoreResult<_>>()?;
                Ok((posts, total))
            }

            async fn job_poster(&self, id: i64) -> $crate::StoreResult<Option<i64>> {
                Ok(
                    sqlx::query_scalar("SELECT poster_id FROM job_posts WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await?,
                )
            }

            async fn withdraw_job(
                &self,
                id: i64,
                at: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<()> {
                let done = sqlx::query(
                    "UPDATE job_posts SET withdrawn_at = $1 WHERE id = $2 AND withdrawn_at IS NULL",
                )
                .bind(at)
                .bind(id)
                .execute(&self.pool)
                .await?;
                if done.rows_affected() == 0 {
                    return Err($crate::StoreError::Conflict(format!(
                        "job {id} is taken down already or missing"
                    )));
                }
                Ok(())
            }
        }
    };
}

pub(super) use impl_shared_job_store;
