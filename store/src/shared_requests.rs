//! The requests' SQL that SQLite and PostgreSQL both accept, written once;
//! `impl_shared_request_store!` implements [`RequestStore`](super::RequestStore).

macro_rules! impl_shared_request_store {
    ($store:ty, $db:ty) => {
        impl $store {
            /// The requests with these ids, with their steps, in the order given.
            async fn requests_by_id(
                executor: &mut sqlx::pool::PoolConnection<$db>,
                ids: &[i64],
            ) -> $crate::StoreResult<Vec<$crate::requests::StoredRequest>> {
                use $crate::requests::*;
                if ids.is_empty() {
                    return Ok(Vec::new());
                }
                let mut select = sqlx::QueryBuilder::<$db>::new(REQUEST_SELECT);
                select.push(" WHERE r.id IN (");
                let mut list = select.separated(", ");
                for id in ids {
                    list.push_bind(*id);
                }
                select.push(")");
                let rows: Vec<RequestRow> =
                    select.build_query_as().fetch_all(&mut **executor).await?;
                let mut steps_query = sqlx::QueryBuilder::<$db>::new(
                    "SELECT request_id, status, reason, at FROM service_request_steps \
                     WHERE request_id IN (",
                );
                let mut list = steps_query.separated(", ");
                for id in ids {
                    list.push_bind(*id);
                }
                steps_query.push(") ORDER BY id");
                let steps: Vec<(i64, String, Option<String>, chrono::DateTime<chrono::Utc>)> =
                    steps_query.build_query_as().fetch_all(&mut **executor).await?;
                let mut steps_of = std::collections::HashMap::<i64, Vec<_>>::new();
                for step in steps {
                    steps_of.entry(step.0).or_default().push(step);
                }
                let mut by_id = std::collections::HashMap::new();
                for row in rows {
                    let id = row.0;
                    let steps = steps_of.remove(&id).unwrap_or_default();
                    by_id.insert(id, request_from_row(row, steps)?);
                }
                Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
            }

            async fn request_in(
                executor: &mut sqlx::pool::PoolConnection<$db>,
                id: i64,
            ) -> $crate::StoreResult<Option<$crate::requests::StoredRequest>> {
                Ok(Self::requests_by_id(executor, &[id]).await?.pop())
            }
        }

        #[async_trait::async_trait]
        impl $crate::RequestStore for $store {
            async fn create_request(
                &self,
                new: &$crate::requests::NewRequestRecord<'_>,
                open_limit: i64,
            ) -> $crate::StoreResult<$crate::requests::StoredRequest> {
                use yinong_model::request::RequestStatus;
                let mut tx = self.pool.begin().await?;
                let open: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM service_requests WHERE farmer_id = $1 \
                     AND status IN ($2, $3)",
                )
                .bind(new.farmer_id)
                .bind(RequestStatus::Submitted.code())
                .bind(RequestStatus::Accepted.code())
                .fetch_one(&mut *tx)
                .await?;
                if open >= open_limit {
                    return Err($crate::StoreError::Conflict(format!(
                        "farmer {} has {open} open requests",
                        new.farmer_id
                    )));
                }
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO service_requests (station_code, farmer_id, item, details, status) \
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(new.station_code)
                .bind(new.farmer_id)
                .bind(new.item.code())
                .bind(new.details)
                .bind(RequestStatus::Submitted.code())
                .fetch_one(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO service_request_steps (request_id, status, actor_id, at) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(id)
                .bind(RequestStatus::Submitted.code())
                .bind(new.farmer_id)
                .bind(new.at)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                let mut connection = self.pool.acquire().await?;
                Self::request_in(&mut connection, id).await?.ok_or_else(|| {
                    $crate::StoreError::Corrupt(format!("request {id} vanished"))
                })
            }

            async fn request(
                &self,
                id: i64,
            ) -> $crate::StoreResult<Option<$crate::requests::StoredRequest>> {
                let mut connection = self.pool.acquire().await?;
                Self::request_in(&mut connection, id).await
            }

            async fn requests(
                &self,
                filter: &$crate::requests::RequestFilter,
                offset: i64,
                limit: i64,
            ) -> $crate::StoreResult<(Vec<yinong_model::request::ServiceRequest>, i64)> {
                use $crate::requests::RequestFilter;
                let push_filter = |builder: &mut sqlx::QueryBuilder<'_, $db>| match filter {
                    RequestFilter::OfFarmer(farmer) => {
                        builder.push(" WHERE farmer_id = ").push_bind(*farmer);
                    }
                    RequestFilter::AtStations { within, status } => {
                        let (from, to) = $crate::shared::subtree_range(within);
                        builder.push(" WHERE station_code >= ").push_bind(from);
                        builder.push(" AND station_code < ").push_bind(to);
                        builder.push(" AND status = ").push_bind(status.code());
                    }
                };
                let mut count =
                    sqlx::QueryBuilder::<$db>::new("SELECT COUNT(*) FROM service_requests");
                push_filter(&mut count);
                let mut page = sqlx::QueryBuilder::<$db>::new("SELECT id FROM service_requests");
                push_filter(&mut page);
                let oldest_first = matches!(
                    filter,
                    RequestFilter::AtStations { status, .. } if status.is_open()
                );
                page.push(if oldest_first {
                    " ORDER BY id"
                } else {
                    " ORDER BY id DESC"
                });
                page.push(" LIMIT ").push_bind(limit);
                page.push(" OFFSET ").push_bind(offset);
                let mut connection = self.pool.acquire().await?;
                let total: i64 = count
                    .build_query_scalar()
                    .fetch_one(&mut *connection)
                    .await?;
                let ids: Vec<i64> = page.build_query_scalar().fetch_all(&mut *connection).await?;
                let requests = Self::requests_by_id(&mut connection, &ids).await?;
                Ok((requests.into_iter().map(|stored| stored.request).collect(), total))
            }

            async fn change_request_status(
                &self,
                id: i64,
                transition: &$crate::requests::RequestTransition<'_>,
            ) -> $crate::StoreResult<$crate::requests::StoredRequest> {
                use yinong_model::request::RequestStatus;
                let mut tx = self.pool.begin().await?;
                let moved: Option<(String, String)> = sqlx::query_as(
                    "UPDATE service_requests SET status = $1 WHERE id = $2 AND status = $3 \
                     RETURNING station_code, item",
                )
                .bind(transition.to.code())
                .bind(id)
                .bind(transition.from.code())
                .fetch_optional(&mut *tx)
                .await?;
                let (station_code, item) = moved.ok_or_else(|| {
                    $crate::StoreError::Conflict(format!(
                        "request {id} is no longer {}",
                        transition.from.code()
                    ))
                })?;
                sqlx::query(
                    "INSERT INTO service_request_steps (request_id, status, reason, actor_id, at) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(id)
                .bind(transition.to.code())
                .bind(transition.reason)
                .bind(transition.actor_id)
                .bind(transition.at)
                .execute(&mut *tx)
                .await?;
                if transition.to == RequestStatus::Done {
                    Self::count_service_done(&mut tx, &station_code, &item, transition.at).await?;
                }
                tx.commit().await?;
                let mut connection = self.pool.acquire().await?;
                Self::request_in(&mut connection, id).await?.ok_or_else(|| {
                    $crate::StoreError::Corrupt(format!("request {id} vanished"))
                })
            }

            async fn log_services(
                &self,
                new: &$crate::requests::NewServiceLogRecord<'_>,
                receipt: &$crate::sync::Receipt<'_>,
            ) -> $crate::StoreResult<$crate::sync::Arrival> {
                self.receive(receipt, async |tx| {
                    let station: Option<String> = sqlx::query_scalar(
                        "SELECT code FROM stations WHERE region_code = $1 AND status = $2 \
                         ORDER BY code LIMIT 1",
                    )
                    .bind(new.village.as_str())
                    .bind(yinong_model::station::StationStatus::Operating.code())
                    .fetch_optional(&mut **tx)
                    .await?;
                    let station = station.ok_or_else(|| {
                        $crate::StoreError::Conflict(format!(
                            "no operating station in {}",
                            new.village
                        ))
                    })?;
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO service_log (station_code, informant_id, item, times, \
                         served_on, note, logged_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                         RETURNING id",
                    )
                    .bind(&station)
                    .bind(new.informant_id)
                    .bind(new.item.code())
                    .bind(new.times as i32)
                    .bind(new.served_on)
                    .bind(new.note)
                    .bind(new.at)
                    .fetch_one(&mut **tx)
                    .await?;
                    Self::count_services(tx, &station, new.item, new.served_on, new.times).await?;
                    Ok(id)
                })
                .await
            }

            async fn service_log_entry(
                &self,
                id: i64,
            ) -> $crate::StoreResult<Option<yinong_model::request::ServiceLogEntry>> {
                use $crate::requests::*;
                let row: Option<ServiceLogRow> =
                    sqlx::query_as(&format!("{SERVICE_LOG_SELECT} WHERE l.id = $1"))
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await?;
                row.map(log_entry_from_row).transpose()
            }

            async fn service_log(
                &self,
                informant_id: i64,
                offset: i64,
                limit: i64,
            ) -> $crate::StoreResult<(Vec<yinong_model::request::ServiceLogEntry>, i64)>
            {
                use $crate::requests::*;
                let total: i64 =
                    sqlx::query_scalar("SELECT COUNT(*) FROM service_log WHERE informant_id = $1")
                        .bind(informant_id)
                        .fetch_one(&self.pool)
                        .await?;
                let rows: Vec<ServiceLogRow> = sqlx::query_as(&format!(
                    "{SERVICE_LOG_SELECT} WHERE l.informant_id = $1 ORDER BY l.id DESC \
                     LIMIT $2 OFFSET $3"
                ))
                .bind(informant_id)
                .bind(limit)
                .bind(offset)
                .fetch_all(&self.pool)
                .await?;
                let entries = rows
                    .into_iter()
                    .map(log_entry_from_row)
                    .collect::<$crate::StoreResult<_>>()?;
                Ok((entries, total))
            }
        }

        impl $store {
            /// A request done is a service the station delivered: one service record, and
            /// one more in its regions' monthly service roll-ups.
            async fn count_service_done(
                tx: &mut sqlx::Transaction<'_, $db>,
                station_code: &str,
                item: &str,
                at: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<()> {
                let item = yinong_model::request::RequestItem::from_code(item).ok_or_else(|| {
                    $crate::StoreError::Corrupt(format!("request item {item}"))
                })?;
                let day = $crate::requests::service_day(at);
                Self::count_services(tx, station_code, item, day, 1).await
            }

            /// `times` services of `item` the station delivered on `day`: as many service
            /// records, and as many more in its regions' monthly service roll-ups.
            async fn count_services(
                tx: &mut sqlx::Transaction<'_, $db>,
                station_code: &str,
                item: yinong_model::request::RequestItem,
                day: chrono::NaiveDate,
                times: u32,
            ) -> $crate::StoreResult<()> {
                use $crate::shared_stations::{service_rollup_regions, COUNT_SERVICES};
                let kind: String =
                    sqlx::query_scalar("SELECT kind FROM service_items WHERE code = $1")
                        .bind(item.service_item())
                        .fetch_one(&mut **tx)
                        .await?;
                for _ in 0..times {
                    sqlx::query(
                        "INSERT INTO service_records (station_code, kind, item_code, served_on) \
                         VALUES ($1, $2, $3, $4)",
                    )
                    .bind(station_code)
                    .bind(&kind)
                    .bind(item.service_item())
                    .bind(day)
                    .execute(&mut **tx)
                    .await?;
                }
                let region: String =
                    sqlx::query_scalar("SELECT region_code FROM stations WHERE code = $1")
                        .bind(station_code)
                        .fetch_one(&mut **tx)
                        .await?;
                let region = yinong_model::region::RegionCode::parse(&region)
                    .map_err(|e| $crate::StoreError::Corrupt(e.to_string()))?;
                let month = day.format("%Y-%m").to_string();
                for rollup in service_rollup_regions(&region) {
                    sqlx::query(COUNT_SERVICES)
                        .bind(rollup)
                        .bind(&month)
                        .bind(&kind)
                        .bind(i64::from(times))
                        .execute(&mut **tx)
                        .await?;
                }
                Ok(())
            }
        }
    };
}

pub(super) use impl_shared_request_store;
