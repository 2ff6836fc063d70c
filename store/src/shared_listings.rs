//! 产品供求's SQL that SQLite and PostgreSQL both accept, written once;
//! `impl_shared_listing_store!` implements [`ListingStore`](super::ListingStore).

/// `text` as a LIKE pattern matching any name that contains it (`\` escapes).
pub(super) fn contains_pattern(text: &str) -> String {
    let mut pattern = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

macro_rules! impl_shared_listing_store {
    ($store:ty, $db:ty) => {
        impl $store {
            /// Inserts a post in `tx` unless whoever it counts against — the farmer whose
            /// number it carries, or else its poster — has `open_limit` posts waiting or
            /// showing on `today`.
            async fn insert_listing(
                tx: &mut sqlx::Transaction<'_, $db>,
                new: &$crate::listings::NewListingRecord<'_>,
                open_limit: i64,
                today: chrono::NaiveDate,
            ) -> $crate::StoreResult<i64> {
                use $crate::StoreError;
                let mut count = sqlx::QueryBuilder::<$db>::new(
                    "SELECT COUNT(*) FROM listings WHERE (status = 'pending' \
                     OR (status = 'approved' AND expires_on >= ",
                );
                count.push_bind(today).push("))");
                $crate::shared::push_counted_against(
                    &mut count,
                    new.contact_phone,
                    new.poster_id,
                );
                let open: i64 = count.build_query_scalar().fetch_one(&mut **tx).await?;
                if open >= open_limit {
                    return Err(StoreError::Conflict(format!(
                        "account {} has {open} open listings",
                        new.poster_id
                    )));
                }
                Ok(sqlx::query_scalar(
                    "INSERT INTO listings (kind, status, region_code, product, quantity, unit, \
                     price, description, contact_name, contact_phone, photos, days, expires_on, \
                     poster_id, posted_at) VALUES ($1, 'pending', $2, $3, $4, $5, $6, $7, $8, \
                     $9, $10, $11, $12, $13, $14) RETURNING id",
                )
                .bind(new.kind.code())
                .bind(new.region.as_str())
                .bind(new.product)
                .bind(new.quantity)
                .bind(new.unit)
                .bind(new.price)
                .bind(new.description)
                .bind(new.contact_name)
                .bind(new.contact_phone)
                .bind($crate::photos::join_photos(new.photos))
                .bind(new.days as i32)
                .bind(new.expires_on)
                .bind(new.poster_id)
                .bind(new.at)
                .fetch_one(&mut **tx)
                .await?)
            }
        }

        #[async_trait::async_trait]
        impl $crate::ListingStore for $store {
            async fn post_listing(
                &self,
                new: &$crate::listings::NewListingRecord<'_>,
                open_limit: i64,
                today: chrono::NaiveDate,
            ) -> $crate::StoreResult<i64> {
                let mut tx = self.pool.begin().await?;
                let id = Self::insert_listing(&mut tx, new, open_limit, today).await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn post_listing_for_farmer(
                &self,
                new: &$crate::listings::NewListingRecord<'_>,
                open_limit: i64,
                today: chrono::NaiveDate,
                receipt: &$crate::sync::Receipt<'_>,
            ) -> $crate::StoreResult<$crate::sync::Arrival> {
                self.receive(receipt, async |tx| {
                    Self::insert_listing(tx, new, open_limit, today).await
                })
                .await
            }

            async fn listings(
                &self,
                filter: &$crate::listings::ListingFilter,
                viewer: Option<i64>,
                offset: i64,
                limit: i64,
            ) -> $crate::StoreResult<(Vec<yinong_model::listing::Listing>, i64)> {
                use $crate::listings::*;
                let push_filter = |builder: &mut sqlx::QueryBuilder<'_, $db>| {
                    let (from, to) =
                        $crate::shared_stations::figures_range(filter.within.as_ref());
                    builder.push(" WHERE l.region_code >= ").push_bind(from);
                    builder.push(" AND l.region_code < ").push_bind(to);
                    if let Some(kind) = filter.kind {
                        builder.push(" AND l.kind = ").push_bind(kind.code());
                    }
                    if let Some(status) = filter.status {
                        builder.push(" AND l.status = ").push_bind(status.code());
                    }
                    if let Some(poster) = filter.poster {
                        builder.push(" AND l.poster_id = ").push_bind(poster);
                    }
                    if let Some(reviewer) = filter.for_reviewer {
                        builder.push(" AND l.poster_id <> ").push_bind(reviewer);
                    }
                    if let Some(day) = filter.showing_on {
                        builder.push(" AND l.status = 'approved' AND l.expires_on >= ");
                        builder.push_bind(day);
                    }
                    if let Some(product) = filter.product.as_deref() {
                        builder.push(" AND l.product LIKE ");
                        builder.push_bind(
                            $crate::shared_listings::contains_pattern(product),
                        );
                        builder.push(" ESCAPE '\\'");
                    }
                };
                let mut count =
                    sqlx::QueryBuilder::<$db>::new("SELECT COUNT(*) FROM listings l");
                push_filter(&mut count);
                let mut page = sqlx::QueryBuilder::<$db>::new(LISTING_SELECT);
                push_filter(&mut page);
                page.push(" ORDER BY l.posted_at DESC, l.id DESC LIMIT ")
                    .push_bind(limit);
                page.push(" OFFSET ").push_bind(offset);
                let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;
                let rows: Vec<ListingRow> = page.build_query_as().fetch_all(&self.pool).await?;
                let listings = rows
                    .into_iter()
                    .map(|row| listing_from_row(row, viewer).map(|(listing, _)| listing))
                    .collect::<$crate::StoreResult<_>>()?;
                Ok((listings, total))
            }

            async fn listing(
                &self,
                id: i64,
                viewer: Option<i64>,
            ) -> $crate::StoreResult<Option<(yinong_model::listing::Listing, i64)>> {
                use $crate::listings::*;
                let row: Option<ListingRow> =
                    sqlx::query_as(&format!("{LISTING_SELECT} WHERE l.id = $1"))
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await?;
                row.map(|row| listing_from_row(row, viewer)).transpose()
            }

            async fn move_listing(
                &self,
                id: i64,
                step: &$crate::listings::ListingStep<'_>,
            ) -> $crate::StoreResult<()> {
                use yinong_model::listing::ListingStatus;
                let approved = step.to == ListingStatus::Approved;
                let done = sqlx::query(
                    "UPDATE listings SET status = $1, review_note = $2, decided_by = $3, \
                     decided_at = $4, expires_on = COALESCE($5, expires_on), \
                     open_reports = CASE WHEN $6 THEN 0 ELSE open_reports END \
                     WHERE id = $7 AND status = $8",
                )
                .bind(step.to.code())
                .bind(step.note)
                .bind(step.by)
                .bind(step.at)
                .bind(step.expires_on)
                .bind(approved)
                .bind(id)
                .bind(step.from.code())
                .execute(&self.pool)
                .await?;
                if done.rows_affected() == 0 {
                    return Err($crate::StoreError::Conflict(format!(
                        "listing {id} is no longer {}",
                        step.from.code()
                    )));
                }
                Ok(())
            }

            async fn report_listing(
                &self,
                id: i64,
                reporter_id: i64,
                reason: &str,
                hide_at: i64,
                at: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<yinong_model::listing::ListingStatus> {
                use $crate::StoreError;
                let mut tx = self.pool.begin().await?;
                let reported = sqlx::query(
                    "INSERT INTO listing_reports (listing_id, reporter_id, reason, reported_at) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (listing_id, reporter_id) DO NOTHING",
                )
                .bind(id)
                .bind(reporter_id)
                .bind(reason)
                .bind(at)
                .execute(&mut *tx)
                .await?;
                if reported.rows_affected() == 0 {
                    return Err(StoreError::Conflict(format!(
                        "account {reporter_id} reported listing {id} before"
                    )));
                }
                let status: String = sqlx::query_scalar(
                    "UPDATE listings SET open_reports = open_reports + 1, status = CASE \
                     WHEN status = 'approved' AND open_reports + 1 >= $1 THEN 'pending' \
                     ELSE status END WHERE id = $2 RETURNING status",
                )
                .bind(hide_at as i32)
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
                tx.commit().await?;
                yinong_model::listing::ListingStatus::from_code(&status)
                    .ok_or_else(|| StoreError::Corrupt(format!("listing {id} is {status}")))
            }
        }
    };
}

pub(super) use impl_shared_listing_store;
