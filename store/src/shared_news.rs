//! 村网页 news's SQL, written once for both engines; `impl_shared_news_store!` implements
//! [`NewsStore`](super::NewsStore).

macro_rules! impl_shared_news_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::NewsStore for $store {
            async fn write_news(
                &self,
                new: &$crate::news::NewNewsRecord<'_>,
                receipt: &$crate::sync::Receipt<'_>,
            ) -> $crate::StoreResult<$crate::sync::Arrival> {
                self.receive(receipt, async |tx| {
                    Ok(sqlx::query_scalar(
                        "INSERT INTO village_news (region_code, title, body, photos, status, \
                     author_id, written_at) VALUES ($1, $2, $3, $4, 'pending', $5, $6) \
                     RETURNING id",
                    )
                    .bind(new.region.as_str())
                    .bind(new.title)
                    .bind(new.body)
                    .bind($crate::photos::join_photos(new.photos))
                    .bind(new.author_id)
                    .bind(new.at)
                    .fetch_one(&mut **tx)
                    .await?)
                })
                .await
            }

            async fn news(
                &self,
                filter: &$crate::news::NewsFilter,
                offset: i64,
                limit: i64,
            ) -> $crate::StoreResult<(Vec<yinong_model::news::NewsItem>, i64)> {
                use $crate::news::*;
                let push_filter = |builder: &mut sqlx::QueryBuilder<'_, $db>| {
                    let (from, to) = $crate::shared_stations::figures_range(filter.within.as_ref());
                    builder.push(" WHERE n.region_code >= ").push_bind(from);
                    builder.push(" AND n.region_code < ").push_bind(to);
                    if let Some(status) = filter.status {
                        builder.push(" AND n.status = ").push_bind(status.code());
                    }
                    if let Some(author) = filter.author {
                        builder.push(" AND n.author_id = ").push_bind(author);
                    }
                };
                let mut count =
                    sqlx::QueryBuilder::<$db>::new("SELECT COUNT(*) FROM village_news n");
                push_filter(&mut count);
                let mut page = sqlx::QueryBuilder::<$db>::new(NEWS_SELECT);
                push_filter(&mut page);
                page.push(" ORDER BY n.written_at DESC, n.id DESC LIMIT ")
                    .push_bind(limit);
                page.push(" OFFSET ").push_bind(offset);
                let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;
                let rows: Vec<NewsRow> = page.build_query_as().fetch_all(&self.pool).await?;
                let news = rows
                    .into_iter()
                    .map(|row| news_from_row(row).map(|(item, _)| item))
                    .collect::<$crate::StoreResult<_>>()?;
                Ok((news, total))
            }

            async fn news_item(
                &self,
                id: i64,
            ) -> $crate::StoreResult<Option<(yinong_model::news::NewsItem, i64)>> {
                use $crate::news::*;
                let row: Option<NewsRow> =
                    sqlx::query_as(&format!("{NEWS_SELECT} WHERE n.id = $1"))
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await?;
                row.map(news_from_row).transpose()
            }

            async fn decide_news(
                &self,
                id: i64,
                decision: &$crate::Decision<'_>,
            ) -> $crate::StoreResult<()> {
                self.decide_in("village_news", id, decision).await
            }
        }
    };
}

pub(super) use impl_shared_news_store;
