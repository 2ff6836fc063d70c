//! The bulletins' SQL that SQLite and PostgreSQL both accept, written once;
//! `impl_shared_bulletin_store!` implements [`BulletinStore`](super::BulletinStore).

macro_rules! impl_shared_bulletin_store {
    ($store:ty, $db:ty) => {
        impl $store {
            fn push_bulletin_filter(
                builder: &mut sqlx::QueryBuilder<'_, $db>,
                filter: &$crate::bulletins::BulletinFilter,
            ) {
                use $crate::bulletins::*;
                use yinong_model::bulletin::BulletinKind;
                match filter {
                    BulletinFilter::For {
                        region,
                        warnings,
                        today,
                    } => {
                        builder.push(" WHERE b.withdrawn_at IS NULL AND b.target_code IN (");
                        let mut codes = builder.separated(", ");
                        for code in audience_codes(region) {
                            codes.push_bind(code);
                        }
                        builder.push(") AND b.kind IN (");
                        let mut kinds = builder.separated(", ");
                        for kind in BulletinKind::ALL {
                            if kind.is_warning() == *warnings {
                                kinds.push_bind(kind.code());
                            }
                        }
                        builder.push(")");
                        if *warnings {
                            builder.push(" AND b.expires_on >= ").push_bind(*today);
                        }
                    }
                    BulletinFilter::TargetedWithin(within) => {
                        let (from, to) = match within {
                            Some(code) => $crate::shared::subtree_range(code),
                            None => (String::new(), ":".to_owned()),
                        };
                        builder.push(" WHERE b.target_code >= ").push_bind(from);
                        builder.push(" AND b.target_code < ").push_bind(to);
                    }
                }
            }

            /// The headlines `filter` holds, newest first.
            async fn bulletin_page(
                &self,
                filter: &$crate::bulletins::BulletinFilter,
                offset: i64,
                limit: i64,
            ) -> $crate::StoreResult<Vec<yinong_model::bulletin::BulletinHeadline>> {
                use $crate::bulletins::*;
                let mut page = sqlx::QueryBuilder::<$db>::new(HEADLINE_SELECT);
                Self::push_bulletin_filter(&mut page, filter);
                page.push(" ORDER BY b.id DESC LIMIT ").push_bind(limit);
                page.push(" OFFSET ").push_bind(offset);
                let rows: Vec<HeadlineRow> = page.build_query_as().fetch_all(&self.pool).await?;
                rows.into_iter().map(headline_from_row).collect()
            }
        }

        #[async_trait::async_trait]
        impl $crate::BulletinStore for $store {
            async fn publish_bulletin(
                &self,
                new: &$crate::bulletins::NewBulletinRecord<'_>,
            ) -> $crate::StoreResult<i64> {
                let target = new.target.map_or("", |code| code.as_str());
                Ok(sqlx::query_scalar(
                    "INSERT INTO bulletins (kind, target_code, title, body, expires_on, \
                     publisher_id, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(new.kind.code())
                .bind(target)
                .bind(new.title)
                .bind(new.body)
                .bind(new.expires_on)
                .bind(new.publisher_id)
                .bind(new.at)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn bulletin(
                &self,
                id: i64,
            ) -> $crate::StoreResult<Option<yinong_model::bulletin::Bulletin>> {
                use $crate::bulletins::*;
                let sql = "SELECT b.id, b.kind, b.title, b.target_code, r.name, b.published_at, \
                     b.expires_on, b.withdrawn_at, b.body, u.name \
                     FROM bulletins b LEFT JOIN regions r ON r.code = b.target_code \
                     JOIN users u ON u.id = b.publisher_id WHERE b.id = $1";
                let row: Option<BulletinRow> = sqlx::query_as(sql).bind(id).fetch_optional(&self.pool).await?;
                row.map(|(id, kind, title, target, name, at, expires, withdrawn, body, publisher)| {
                    let region_code = target_of(&target)?;
                    Ok(yinong_model::bulletin::Bulletin {
                        headline: headline_from_row((
                            id, kind, title, target, name, at, expires, withdrawn,
                        ))?,
                        body,
                        region_code,
                        publisher,
                    })
                })
                .transpose()
            }

            async fn bulletins(
                &self,
                filter: &$crate::bulletins::BulletinFilter,
                offset: i64,
                limit: i64,
            ) -> $crate::StoreResult<(Vec<yinong_model::bulletin::BulletinHeadline>, i64)>
            {
                let mut count = sqlx::QueryBuilder::<$db>::new("SELECT COUNT(*) FROM bulletins b");
                Self::push_bulletin_filter(&mut count, filter);
                let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;
                Ok((self.bulletin_page(filter, offset, limit).await?, total))
            }

            async fn latest_bulletins(
                &self,
                filter: &$crate::bulletins::BulletinFilter,
                limit: i64,
            ) -> $crate::StoreResult<Vec<yinong_model::bulletin::BulletinHeadline>> {
                self.bulletin_page(filter, 0, limit).await
            }

            async fn withdraw_bulletin(
                &self,
                id: i64,
                at: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<()> {
                let done = sqlx::query(
                    "UPDATE bulletins SET withdrawn_at = $1 WHERE id = $2 AND withdrawn_at IS NULL",
                )
                .bind(at)
                .bind(id)
                .execute(&self.pool)
                .await?;
                if done.rows_affected() == 0 {
                    return Err($crate::StoreError::Conflict(format!(
                        "bulletin {id} is withdrawn already or missing"
                    )));
                }
                Ok(())
            }
        }
    };
}

pub(super) use impl_shared_bulletin_store;
