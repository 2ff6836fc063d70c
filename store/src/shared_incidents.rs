//! 病虫害和灾情 reports' SQL, written once for both engines;
//! `impl_shared_incident_store!` implements [`IncidentStore`](super::IncidentStore).

macro_rules! impl_shared_incident_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::IncidentStore for $store {
            async fn report_incident(
                &self,
                new: &$crate::incidents::NewIncidentRecord<'_>,
                receipt: &$crate::sync::Receipt<'_>,
            ) -> $crate::StoreResult<$crate::sync::Arrival> {
                self.receive(receipt, async |tx| {
                    Ok(sqlx::query_scalar(
                        "INSERT INTO incident_reports (region_code, kind, crop, description, \
                         area_tenths, latitude_e6, longitude_e6, photos, stage, grade, \
                         progress_percent, yield_jin_per_mu, status, reporter_id, reported_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'pending', \
                         $13, $14) RETURNING id",
                    )
                    .bind(new.region.as_str())
                    .bind(new.kind.code())
                    .bind(new.crop)
                    .bind(new.description)
                    .bind(new.area_tenths.map(|tenths| tenths as i32))
                    .bind(new.location.map(|l| l.latitude_e6))
                    .bind(new.location.map(|l| l.longitude_e6))
                    .bind($crate::photos::join_photos(new.photos))
                    .bind(new.condition.map(|c| c.stage.code()))
                    .bind(new.condition.map(|c| c.grade.code()))
                    .bind(new.condition.and_then(|c| c.progress_percent).map(|n| n as i32))
                    .bind(new.condition.and_then(|c| c.yield_jin_per_mu).map(|n| n as i32))
                    .bind(new.reporter_id)
                    .bind(new.at)
                    .fetch_one(&mut **tx)
                    .await?)
                })
                .await
            }

            async fn incidents(
                &self,
                filter: &$crate::incidents::IncidentFilter,
                offset: i64,
                limit: i64,
            ) -> $crate::StoreResult<(Vec<yinong_model::incident::Incident>, i64)> {
                use $crate::incidents::*;
                let push_filter = |builder: &mut sqlx::QueryBuilder<'_, $db>| {
                    let (from, to) =
                        $crate::shared_stations::figures_range(filter.within.as_ref());
                    builder.push(" WHERE i.region_code >= ").push_bind(from);
                    builder.push(" AND i.region_code < ").push_bind(to);
                    if let Some(status) = filter.status {
                        builder.push(" AND i.status = ").push_bind(status.code());
                    }
                    if let Some(reporter) = filter.reporter {
                        builder.push(" AND i.reporter_id = ").push_bind(reporter);
                    }
                };
                let mut count =
                    sqlx::QueryBuilder::<$db>::new("SELECT COUNT(*) FROM incident_reports i");
                push_filter(&mut count);
                let mut page = sqlx::QueryBuilder::<$db>::new(INCIDENT_SELECT);
                push_filter(&mut page);
                page.push(" ORDER BY i.reported_at DESC, i.id DESC LIMIT ")
                    .push_bind(limit);
                page.push(" OFFSET ").push_bind(offset);
                let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;
                let rows: Vec<IncidentRow> = page.build_query_as().fetch_all(&self.pool).await?;
                let incidents = rows
                    .into_iter()
                    .map(|row| incident_from_row(row).map(|(incident, _)| incident))
                    .collect::<$crate::StoreResult<_>>()?;
                Ok((incidents, total))
            }

            async fn incident(
                &self,
                id: i64,
            ) -> $crate::StoreResult<Option<(yinong_model::incident::Incident, i64)>> {
                use $crate::incidents::*;
                let row: Option<IncidentRow> =
                    sqlx::query_as(&format!("{INCIDENT_SELECT} WHERE i.id = $1"))
                        .bind(id)
                        .fetch_optional(&self.pool)
                        .await?;
                row.map(incident_from_row).transpose()
            }

            async fn decide_incident(
                &self,
                id: i64,
                decision: &$crate::Decision<'_>,
            ) -> $crate::StoreResult<()> {
                self.decide_in("incident_reports", id, decision).await
            }
        }
    };
}

pub(super) use impl_shared_incident_store;
