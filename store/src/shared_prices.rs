//! 市场价格's SQL, written once for both engines; `impl_shared_price_store!` implements
//! [`PriceStore`](super::PriceStore).

macro_rules! impl_shared_price_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::PriceStore for $store {
            async fn report_price(
                &self,
                new: &$crate::prices::NewPriceRecord<'_>,
                receipt: &$crate::sync::Receipt<'_>,
            ) -> $crate::StoreResult<$crate::sync::Arrival> {
                self.receive(receipt, async |tx| {
                    Ok(sqlx::query_scalar(
                    "INSERT INTO price_reports (region_code, product, grade, unit, price_fen, \
                     market, observed_on, photos, status, reporter_id, reported_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $10) RETURNING id",
                )
                .bind(new.region.as_str())
                .bind(new.product)
                .bind(new.grade)
                .bind(new.unit)
                .bind(new.price_fen)
                .bind(new.market)
                .bind(new.observed_on)
                .bind($crate::photos::join_photos(new.photos))
                .bind(new.reporter_id)
                .bind(new.at)
                .fetch_one(&mut **tx)
                .await?)
                })
                .await
            }

            async fn price_reports(
                &self,
                filter: &$crate::prices::PriceReportFilter,
                offset: i64,
                limit: i64,
            ) -> $crate::StoreResult<(Vec<yinong_model::price::PriceReport>, i64)> {
                use $crate::prices::*;
                let push_filter = |builder: &mut sqlx::QueryBuilder<'_, $db>| {
                    let (from, to) =
                        $crate::shared_stations::figures_range(filter.within.as_ref());
                    builder.push(" WHERE pr.region_code >= ").push_bind(from);
                    builder.push(" AND pr.region_code < ").push_bind(to);
                    if let Some(status) = filter.status {
                        builder.push(" AND pr.status = ").push_bind(status.code());
                    }
                    if let Some(reporter) = filter.reporter {
                        builder.push(" AND pr.reporter_id = ").push_bind(reporter);
                    }
                };
                let mut count =
                    sqlx::QueryBuilder::<$db>::new("SELECT COUNT(*) FROM price_reports pr");
                push_filter(&mut count);
                let mut page = sqlx::QueryBuilder::<$db>::new(PRICE_SELECT);
                push_filter(&mut page);
                page.push(" ORDER BY pr.reported_at DESC, pr.id DESC LIMIT ")
                    .push_bind(limit);
                page.push(" OFFSET ").push_bind(offset);
                let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;
                let rows: Vec<PriceRow> = page.build_query_as().fetch_all(&self.pool).await?;
                let reports = rows
                    .into_iter()
                    .map(|row| price_from_row(row).map(|(report, _)| report))
                    .collect::<$crate::StoreResult<_>>()?;
                Ok((reports, total))
            }

            async fn price_report(
                &self,
                id: i64,
            ) -> $crate::StoreResult<Option<(yinong_model::price::PriceReport, i64)>> {
                use $crate::prices::*;
                let row: Option<PriceRow> =
                    sqlx::query_as(&format!("{PRICE_SELECT} WHERE pr.id = $1"))
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await?;
                row.map(price_from_row).transpose()
            }

            async fn decide_price_report(
                &self,
                id: i64,
                decision: &$crate::Decision<'_>,
            ) -> $crate::StoreResult<()> {
                self.decide_in("price_reports", id, decision).await
            }

            async fn published_prices(
                &self,
                within: Option<&yinong_model::region::RegionCode>,
                since: chrono::NaiveDate,
                product: Option<&str>,
            ) -> $crate::StoreResult<Vec<yinong_model::price::PublishedPrice>> {
                use $crate::prices::*;
                let (from, to) = $crate::shared_stations::figures_range(within);
                let mut query = sqlx::QueryBuilder::<$db>::new(PRICE_SELECT);
                query.push(" WHERE pr.status = 'approved' AND pr.region_code >= ");
                query.push_bind(from);
                query.push(" AND pr.region_code < ").push_bind(to);
                query.push(" AND pr.observed_on >= ").push_bind(since);
                if let Some(product) = product {
                    query.push(" AND pr.product LIKE ");
                    query.push_bind($crate::shared_listings::contains_pattern(product));
                    query.push(" ESCAPE '\\'");
                }
                let rows: Vec<PriceRow> = query.build_query_as().fetch_all(&self.pool).await?;
                rows.into_iter()
                    .map(|row| {
                        let (report, _) = price_from_row(row)?;
                        Ok(yinong_model::price::PublishedPrice {
                            product: report.product,
                            grade: report.grade,
                            unit: report.unit,
                            market: report.market,
                            place: report.place,
                            observed_on: report.observed_on,
                            price_fen: report.price_fen,
                        })
                    })
                    .collect()
            }
        }
    };
}

pub(super) use impl_shared_price_store;
