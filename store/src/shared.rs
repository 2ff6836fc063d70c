//! The reference data every feature stands on — the service catalogue, regions and their
//! boundaries, targets, the national overview — as [`Store`](super::Store) itself, and the
//! pieces the features' SQL shares: subtree ranges, row decoding, batch sizes, recording a
//! reviewer's decision.

use yinong_model::region::RegionCode;
use yinong_model::service::{ServiceItem, ServiceKind, ServiceType};
use yinong_model::target::{Target, TargetMetric};

use super::{StoreError, StoreResult};
use crate::engine::{on_pool, BeginWriting, SqlStore};

pub(super) type TargetRow = (String, String, String, f64, Option<i64>, String);

pub(super) fn target_from_row(row: TargetRow) -> StoreResult<Target> {
    let (region_code, period, metric, value, basis_villages, source) = row;
    Ok(Target {
        region_code: RegionCode::parse(&region_code)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
        metric: TargetMetric::from_code(&metric)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown target metric {metric}")))?,
        period,
        value,
        basis_villages,
        source,
    })
}

pub(super) type ServiceTypeRow = (String, String, String, String, String);
pub(super) type ServiceItemRow = (String, String, String, String);

pub(super) fn service_types_from_rows(
    types: Vec<ServiceTypeRow>,
    items: Vec<ServiceItemRow>,
) -> StoreResult<Vec<ServiceType>> {
    let mut service_types = types
        .into_iter()
        .map(|(kind, name_zh, name_en, summary_zh, summary_en)| {
            let kind = ServiceKind::from_code(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown service kind {kind}")))?;
            Ok(ServiceType {
                kind,
                name_zh,
                name_en,
                summary_zh,
                summary_en,
                items: Vec::new(),
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    for (kind, code, name_zh, name_en) in items {
        let owner = service_types
            .iter_mut()
            .find(|service_type| service_type.kind.code() == kind)
            .ok_or_else(|| StoreError::Corrupt(format!("item {code} of unknown kind {kind}")))?;
        owner.items.push(ServiceItem {
            code,
            name_zh,
            name_en,
        });
    }
    Ok(service_types)
}

#[async_trait::async_trait]
impl crate::Store for SqlStore {
    fn backend(&self) -> yinong_model::system::Backend {
        self.engine()
    }

    fn pool_usage(&self) -> crate::PoolUsage {
        self.usage()
    }

    async fn preparing(&self) -> crate::StoreResult<crate::Preparing> {
        SqlStore::preparing(self).await
    }

    async fn upsert_service_catalogue(
        &self,
        catalogue: &[yinong_model::service::ServiceType],
    ) -> crate::StoreResult<()> {
        on_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_writing().await?;
            for (type_order, service_type) in catalogue.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO service_types \
                     (kind, name_zh, name_en, summary_zh, summary_en, sort_order) \
                     VALUES ($1, $2, $3, $4, $5, $6) \
                     ON CONFLICT (kind) DO UPDATE SET name_zh = excluded.name_zh, \
                     name_en = excluded.name_en, summary_zh = excluded.summary_zh, \
                     summary_en = excluded.summary_en, sort_order = excluded.sort_order",
                )
                .bind(service_type.kind.code())
                .bind(&service_type.name_zh)
                .bind(&service_type.name_en)
                .bind(&service_type.summary_zh)
                .bind(&service_type.summary_en)
                .bind(type_order as i32)
                .execute(&mut *tx)
                .await?;
                for (item_order, item) in service_type.items.iter().enumerate() {
                    sqlx::query(
                        "INSERT INTO service_items (code, kind, name_zh, name_en, sort_order) \
                         VALUES ($1, $2, $3, $4, $5) \
                         ON CONFLICT (code) DO UPDATE SET kind = excluded.kind, \
                         name_zh = excluded.name_zh, name_en = excluded.name_en, \
                         sort_order = excluded.sort_order",
                    )
                    .bind(&item.code)
                    .bind(service_type.kind.code())
                    .bind(&item.name_zh)
                    .bind(&item.name_en)
                    .bind(item_order as i32)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            tx.commit().await?;
            Ok(())
        })
    }

    async fn service_types(&self) -> crate::StoreResult<Vec<yinong_model::service::ServiceType>> {
        on_pool!(&self.pool, |pool| {
            let types = sqlx::query_as(
                "SELECT kind, name_zh, name_en, summary_zh, summary_en \
                 FROM service_types ORDER BY sort_order, kind",
            )
            .fetch_all(pool)
            .await?;
            let items = sqlx::query_as(
                "SELECT kind, code, name_zh, name_en FROM service_items \
                 ORDER BY sort_order, code",
            )
            .fetch_all(pool)
            .await?;
            crate::shared::service_types_from_rows(types, items)
        })
    }

    async fn upsert_regions(
        &self,
        regions: &[yinong_model::region::Region],
    ) -> crate::StoreResult<()> {
        on_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_writing().await?;
            for batch in regions.chunks(crate::sql::BATCH_ROWS) {
                sqlx::QueryBuilder::<Db>::new(
                    "INSERT INTO regions (code, name, level, parent_code) ",
                )
                .push_values(batch, |mut row, region| {
                    row.push_bind(region.code.as_str())
                        .push_bind(region.name.as_str())
                        .push_bind(region.level.depth())
                        .push_bind(region.parent_code.as_ref().map(|code| code.as_str()));
                })
                .push(
                    " ON CONFLICT (code) DO UPDATE SET name = excluded.name, \
                     level = excluded.level, parent_code = excluded.parent_code",
                )
                .build()
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    async fn region(
        &self,
        code: &yinong_model::region::RegionCode,
    ) -> crate::StoreResult<Option<yinong_model::region::Region>> {
        on_pool!(&self.pool, |pool| {
            sqlx::query_as("SELECT code, name, level, parent_code FROM regions WHERE code = $1")
                .bind(code.as_str())
                .fetch_optional(pool)
                .await?
                .map(crate::sql::region_from_row)
                .transpose()
        })
    }

    async fn ancestry(
        &self,
        code: &yinong_model::region::RegionCode,
    ) -> crate::StoreResult<Vec<yinong_model::region::Region>> {
        on_pool!(&self.pool, |pool| {
            let prefixes: Vec<&str> = yinong_model::region::RegionLevel::ALL
                .into_iter()
                .map(|level| level.code_len())
                .filter(|len| *len <= code.as_str().len())
                .map(|len| &code.as_str()[..len])
                .collect();
            let placeholders: Vec<String> = (1..=prefixes.len()).map(|n| format!("${n}")).collect();
            let sql = format!(
                "SELECT code, name, level, parent_code FROM regions \
                 WHERE code IN ({}) ORDER BY level",
                placeholders.join(", ")
            );
            let mut query = sqlx::query_as(&sql);
            for prefix in prefixes {
                query = query.bind(prefix);
            }
            let rows: Vec<crate::sql::RegionRow> = query.fetch_all(pool).await?;
            rows.into_iter().map(crate::sql::region_from_row).collect()
        })
    }

    async fn child_regions(
        &self,
        parent: Option<&yinong_model::region::RegionCode>,
    ) -> crate::StoreResult<Vec<yinong_model::region::Region>> {
        on_pool!(&self.pool, |pool| {
            let rows: Vec<crate::sql::RegionRow> = match parent {
                Some(parent) => {
                    sqlx::query_as(
                        "SELECT code, name, level, parent_code FROM regions \
                         WHERE parent_code = $1 AND merged_into IS NULL ORDER BY code",
                    )
                    .bind(parent.as_str())
                    .fetch_all(pool)
                    .await?
                }
                None => {
                    sqlx::query_as(
                        "SELECT code, name, level, parent_code FROM regions \
                         WHERE parent_code IS NULL ORDER BY code",
                    )
                    .fetch_all(pool)
                    .await?
                }
            };
            rows.into_iter().map(crate::sql::region_from_row).collect()
        })
    }

    async fn count_child_regions(
        &self,
        parent: Option<&yinong_model::region::RegionCode>,
    ) -> crate::StoreResult<i64> {
        on_pool!(&self.pool, |pool| {
            let count = match parent {
                Some(parent) => sqlx::query_scalar(
                    "SELECT COUNT(*) FROM regions WHERE parent_code = $1 AND merged_into IS NULL",
                )
                .bind(parent.as_str())
                .fetch_one(pool)
                .await?,
                None => {
                    sqlx::query_scalar("SELECT COUNT(*) FROM regions WHERE parent_code IS NULL")
                        .fetch_one(pool)
                        .await?
                }
            };
            Ok(count)
        })
    }

    async fn upsert_shapes(
        &self,
        shapes: &[(yinong_model::region::RegionCode, String)],
    ) -> crate::StoreResult<()> {
        on_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_writing().await?;
            for batch in shapes.chunks(crate::sql::BATCH_ROWS) {
                sqlx::QueryBuilder::<Db>::new("INSERT INTO region_shapes (code, geometry) ")
                    .push_values(batch, |mut row, (code, geometry)| {
                        row.push_bind(code.as_str()).push_bind(geometry.as_str());
                    })
                    .push(" ON CONFLICT (code) DO UPDATE SET geometry = excluded.geometry")
                    .build()
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    async fn child_shapes(
        &self,
        parent: Option<&yinong_model::region::RegionCode>,
    ) -> crate::StoreResult<Vec<(yinong_model::region::Region, String)>> {
        on_pool!(&self.pool, |pool| {
            const SELECT: &str = "SELECT r.code, r.name, r.level, r.parent_code, s.geometry \
                 FROM regions r JOIN region_shapes s ON s.code = r.code WHERE ";
            let rows: Vec<(String, String, i16, Option<String>, String)> = match parent {
                Some(parent) => {
                    sqlx::query_as(&format!("{SELECT} r.parent_code = $1 ORDER BY r.code"))
                        .bind(parent.as_str())
                        .fetch_all(pool)
                        .await?
                }
                None => {
                    sqlx::query_as(&format!("{SELECT} r.parent_code IS NULL ORDER BY r.code"))
                        .fetch_all(pool)
                        .await?
                }
            };
            rows.into_iter()
                .map(|(code, name, level, parent, geometry)| {
                    let region = crate::sql::region_from_row((code, name, level, parent))?;
                    Ok((region, geometry))
                })
                .collect()
        })
    }

    async fn upsert_targets(
        &self,
        targets: &[yinong_model::target::Target],
    ) -> crate::StoreResult<()> {
        on_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_writing().await?;
            for batch in targets.chunks(crate::sql::BATCH_ROWS) {
                sqlx::QueryBuilder::<Db>::new(
                    "INSERT INTO targets \
                     (region_code, period, metric, value, basis_villages, source) ",
                )
                .push_values(batch, |mut row, target| {
                    row.push_bind(target.region_code.as_str())
                        .push_bind(target.period.as_str())
                        .push_bind(target.metric.code())
                        .push_bind(target.value)
                        .push_bind(target.basis_villages)
                        .push_bind(target.source.as_str());
                })
                .push(
                    " ON CONFLICT (region_code, period, metric, source) DO UPDATE SET \
                     value = excluded.value, basis_villages = excluded.basis_villages",
                )
                .build()
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    async fn set_target(
        &self,
        target: &yinong_model::target::Target,
        change: crate::Change<'_>,
    ) -> crate::StoreResult<Option<yinong_model::target::Target>> {
        on_pool!(&self.pool, |pool| {
            let json = |target: &yinong_model::target::Target| {
                serde_json::to_string(target).map_err(|e| crate::StoreError::Corrupt(e.to_string()))
            };
            let mut tx = pool.begin_writing().await?;
            let before: Option<crate::shared::TargetRow> = sqlx::query_as(
                "SELECT region_code, period, metric, value, basis_villages, source \
                 FROM targets WHERE region_code = $1 AND period = $2 AND metric = $3 \
                 AND source = $4",
            )
            .bind(target.region_code.as_str())
            .bind(&target.period)
            .bind(target.metric.code())
            .bind(&target.source)
            .fetch_optional(&mut *tx)
            .await?;
            let before = before.map(crate::shared::target_from_row).transpose()?;
            sqlx::query(
                "INSERT INTO targets \
                 (region_code, period, metric, value, basis_villages, source) \
                 VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (region_code, period, metric, source) DO UPDATE SET \
                 value = excluded.value, basis_villages = excluded.basis_villages",
            )
            .bind(target.region_code.as_str())
            .bind(&target.period)
            .bind(target.metric.code())
            .bind(target.value)
            .bind(target.basis_villages)
            .bind(&target.source)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO audit_log (at, actor_id, action, object_kind, object_id, \
                 region_code, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(change.at)
            .bind(change.actor_id)
            .bind(change.action)
            .bind("target")
            .bind(format!(
                "{}/{}/{}",
                target.region_code,
                target.period,
                target.metric.code()
            ))
            .bind(target.region_code.as_str())
            .bind(before.as_ref().map(json).transpose()?)
            .bind(json(target)?)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(before)
        })
    }

    async fn targets_down_to(
        &self,
        region: Option<&yinong_model::region::RegionCode>,
        code_len: usize,
    ) -> crate::StoreResult<Vec<yinong_model::target::Target>> {
        on_pool!(&self.pool, |pool| {
            let (from, to) = crate::sql::figures_range(region);
            let [demonstration, standard, simple] =
                yinong_model::target::TYPED_METRICS.map(|(metric, _)| metric.code());
            let rows: Vec<crate::shared::TargetRow> = sqlx::query_as(
                "SELECT region_code, period, metric, value, basis_villages, source \
                 FROM targets WHERE region_code >= $1 AND region_code < $2 \
                 AND (length(region_code) <= $3 OR metric IN ($4, $5, $6)) \
                 ORDER BY region_code, period, metric, source",
            )
            .bind(from)
            .bind(to)
            .bind(code_len as i32)
            .bind(demonstration)
            .bind(standard)
            .bind(simple)
            .fetch_all(pool)
            .await?;
            rows.into_iter()
                .map(crate::shared::target_from_row)
                .collect()
        })
    }

    async fn target_periods(
        &self,
        region: Option<&yinong_model::region::RegionCode>,
    ) -> crate::StoreResult<Vec<String>> {
        on_pool!(&self.pool, |pool| {
            let (from, to) = crate::sql::figures_range(region);
            let rows: Vec<(String,)> = sqlx::query_as(
                "SELECT DISTINCT period FROM targets \
                 WHERE region_code >= $1 AND region_code < $2",
            )
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await?;
            Ok(rows.into_iter().map(|(period,)| period).collect())
        })
    }

    async fn insert_demo_stations(
        &self,
        stations: &[crate::DemoStation],
    ) -> crate::StoreResult<()> {
        on_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_writing().await?;
            for batch in stations.chunks(crate::sql::BATCH_ROWS) {
                sqlx::QueryBuilder::<Db>::new(
                    "INSERT INTO stations (code, region_code, name, station_type, status, \
                     host_venue, address, opening_hours, latitude, longitude, opened_on, \
                     closed_on, venue_area_m2, devices, broadband_mbps, page_url, \
                     sustainable, compliant, is_demo) ",
                )
                .push_values(batch, |mut row, station| {
                    let details = &station.details;
                    let six = &details.six_have;
                    let qualified = station
                        .informants
                        .iter()
                        .filter(|i| i.status == "qualified")
                        .count() as i64;
                    row.push_bind(station.code.as_str())
                        .push_bind(station.region_code.as_str())
                        .push_bind(details.name.as_str())
                        .push_bind(details.station_type.code())
                        .push_bind(station.status.code())
                        .push_bind(details.host_venue.code())
                        .push_bind(details.address.as_str())
                        .push_bind(details.opening_hours.as_str())
                        .push_bind(details.latitude)
                        .push_bind(details.longitude)
                        .push_bind(station.opened_on)
                        .push_bind(station.closed_on)
                        .push_bind(six.venue_area_m2)
                        .push_bind(six.devices)
                        .push_bind(six.broadband_mbps)
                        .push_bind(six.page_url.as_deref())
                        .push_bind(six.sustainable)
                        .push_bind(six.is_compliant(qualified))
                        .push_bind(true);
                })
                .build()
                .execute(&mut *tx)
                .await?;
            }
            let informants: Vec<_> = stations
                .iter()
                .flat_map(|s| s.informants.iter().map(move |i| (s.code.as_str(), i)))
                .collect();
            for batch in informants.chunks(crate::sql::BATCH_ROWS) {
                sqlx::QueryBuilder::<Db>::new(
                    "INSERT INTO informants (station_code, name, phone, status, is_demo) ",
                )
                .push_values(batch, |mut row, (station_code, informant)| {
                    row.push_bind(*station_code)
                        .push_bind(informant.name.as_str())
                        .push_bind(informant.phone.as_str())
                        .push_bind(informant.status)
                        .push_bind(true);
                })
                .build()
                .execute(&mut *tx)
                .await?;
            }
            let records: Vec<_> = stations
                .iter()
                .flat_map(|s| s.service_records.iter().map(move |r| (s.code.as_str(), r)))
                .collect();
            for batch in records.chunks(crate::sql::BATCH_ROWS) {
                sqlx::QueryBuilder::<Db>::new(
                    "INSERT INTO service_records \
                     (station_code, kind, item_code, served_on, is_demo) ",
                )
                .push_values(batch, |mut row, (station_code, record)| {
                    row.push_bind(*station_code)
                        .push_bind(record.kind)
                        .push_bind(record.item_code)
                        .push_bind(record.served_on)
                        .push_bind(true);
                })
                .build()
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    async fn has_demo_data(&self) -> crate::StoreResult<bool> {
        on_pool!(&self.pool, |pool| {
            let found: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM \
                 (SELECT 1 AS one FROM stations WHERE is_demo = TRUE LIMIT 1) AS demo",
            )
            .fetch_one(pool)
            .await?;
            Ok(found > 0)
        })
    }

    async fn overview(&self) -> crate::StoreResult<yinong_model::system::Overview> {
        on_pool!(&self.pool, |pool| {
            use yinong_model::region::RegionLevel;
            let per_level: Vec<(i16, i64)> = sqlx::query_as(
                "SELECT level, COUNT(*) FROM regions WHERE merged_into IS NULL GROUP BY level",
            )
            .fetch_all(pool)
            .await?;
            let regions_at = |level: RegionLevel| {
                per_level
                    .iter()
                    .find(|(depth, _)| *depth == level.depth())
                    .map_or(0, |(_, count)| *count)
            };
            let count = |sql: &'static str| {
                let pool = pool;
                async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await }
            };
            Ok(yinong_model::system::Overview {
                provinces: regions_at(RegionLevel::Province),
                cities: regions_at(RegionLevel::City),
                counties: regions_at(RegionLevel::County),
                townships: regions_at(RegionLevel::Township),
                villages: regions_at(RegionLevel::Village),
                stations: count("SELECT COUNT(*) FROM stations").await?,
                informants: count("SELECT COUNT(*) FROM informants").await?,
                service_records: count("SELECT COUNT(*) FROM service_records").await?,
                demo_data: self.has_demo_data().await?,
            })
        })
    }
}
