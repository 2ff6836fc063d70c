//! Service records: one row per service a station delivered, of a catalogue item, and as
//! many more in its regions' monthly roll-ups — written in the transaction of the work
//! itself (a request done, a logged walk-in, an answer, a published price or news, a
//! warning passed on, a 代发 post, a lesson finished), so the dashboard's type mix counts
//! all four kinds of service.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use yinong_model::region::RegionCode;
use yinong_model::station::StationStatus;

use crate::engine::{on_tx, SqlStore, Tx};
use crate::sql::push_within;
use crate::{StoreError, StoreResult};

/// The day a service counts for, on China's calendar.
pub(crate) fn service_day(at: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    crate::china_time(at).date_naive()
}

impl SqlStore {
    /// The station that serves `village`: its operating station (the first by number when
    /// it has more than one), if any.
    pub(crate) async fn serving_station(
        tx: impl Into<Tx<'_>>,
        village: &str,
    ) -> StoreResult<Option<String>> {
        on_tx!(tx.into(), |tx| {
            Ok(sqlx::query_scalar(
                "SELECT code FROM stations WHERE region_code = $1 AND status = $2 \
                 ORDER BY code LIMIT 1",
            )
            .bind(village)
            .bind(StationStatus::Operating.code())
            .fetch_optional(&mut *tx)
            .await?)
        })
    }

    /// One service of `item` on `day` by the station serving `village`, when it has one
    /// (work for a place without an operating station is no station's service).
    pub(crate) async fn count_village_service(
        tx: impl Into<Tx<'_>>,
        village: &str,
        item: &str,
        day: NaiveDate,
    ) -> StoreResult<()> {
        let mut tx = tx.into();
        match Self::serving_station(tx.reborrow(), village).await? {
            Some(station) => Self::count_services(tx, &station, item, day, 1).await,
            None => Ok(()),
        }
    }

    /// One service of `item` on `day` by the station serving the village of account
    /// `user` (an informant's, or a farmer's chosen village).
    pub(crate) async fn count_service_of_account(
        tx: impl Into<Tx<'_>>,
        user: i64,
        item: &str,
        day: NaiveDate,
    ) -> StoreResult<()> {
        let mut tx = tx.into();
        let village: Option<Option<String>> = on_tx!(tx.reborrow(), |tx| {
            sqlx::query_scalar("SELECT region_code FROM users WHERE id = $1")
                .bind(user)
                .fetch_optional(&mut *tx)
                .await?
        });
        match village.flatten() {
            Some(village) => Self::count_village_service(tx, &village, item, day).await,
            None => Ok(()),
        }
    }

    /// A post carrying a farmer's number (`contact_phone`) is one its poster, the village's
    /// informant, made for them (代发): a service of `item` by the informant's station.
    pub(crate) async fn count_post_for_farmer(
        tx: impl Into<Tx<'_>>,
        contact_phone: Option<&str>,
        poster: i64,
        item: &str,
        at: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<()> {
        match contact_phone {
            Some(_) => Self::count_service_of_account(tx, poster, item, service_day(at)).await,
            None => Ok(()),
        }
    }

    /// `times` services of `item` the station delivered on `day`: as many service
    /// records, and as many more in its regions' monthly service roll-ups.
    pub(crate) async fn count_services(
        tx: impl Into<Tx<'_>>,
        station_code: &str,
        item: &str,
        day: NaiveDate,
        times: u32,
    ) -> StoreResult<()> {
        let mut tx = tx.into();
        let kind = Self::item_kind(tx.reborrow(), item).await?;
        let region: String = on_tx!(tx.reborrow(), |tx| {
            for _ in 0..times {
                sqlx::query(
                    "INSERT INTO service_records (station_code, kind, item_code, served_on) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(station_code)
                .bind(&kind)
                .bind(item)
                .bind(day)
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query_scalar("SELECT region_code FROM stations WHERE code = $1")
                .bind(station_code)
                .fetch_one(&mut *tx)
                .await?
        });
        let mut regions = Rollups::new();
        regions.count(&region, i64::from(times))?;
        Self::add_to_rollups(tx, &regions, &kind, day).await
    }

    /// One service of `item` on `day` by every operating station within `within` (the
    /// whole country when `None`), as one statement and one roll-up update per region:
    /// a county's warning reaches hundreds of stations.
    pub(crate) async fn count_services_within(
        tx: impl Into<Tx<'_>>,
        within: Option<&RegionCode>,
        item: &str,
        day: NaiveDate,
    ) -> StoreResult<()> {
        let mut tx = tx.into();
        let villages: Vec<String> = on_tx!(tx.reborrow(), |tx| {
            let mut stations = sqlx::QueryBuilder::<Db>::new(
                "SELECT region_code FROM stations s WHERE s.status = ",
            );
            stations.push_bind(StationStatus::Operating.code());
            push_within(&mut stations, " AND", "s.region_code", within);
            stations.build_query_scalar().fetch_all(&mut *tx).await?
        });
        if villages.is_empty() {
            return Ok(());
        }
        let kind = Self::item_kind(tx.reborrow(), item).await?;
        on_tx!(tx.reborrow(), |tx| {
            let mut records = sqlx::QueryBuilder::<Db>::new(
                "INSERT INTO service_records (station_code, kind, item_code, served_on) \
                 SELECT s.code, ",
            );
            records
                .push_bind(&kind)
                .push(", ")
                .push_bind(item)
                .push(", ")
                .push_bind(day)
                .push(" FROM stations s WHERE s.status = ")
                .push_bind(StationStatus::Operating.code());
            push_within(&mut records, " AND", "s.region_code", within);
            records.build().execute(&mut *tx).await?;
        });
        let mut regions = Rollups::new();
        for village in &villages {
            regions.count(village, 1)?;
        }
        Self::add_to_rollups(tx, &regions, &kind, day).await
    }

    /// The kind (公益, 便民, …) catalogue item `item` belongs to.
    async fn item_kind(tx: Tx<'_>, item: &str) -> StoreResult<String> {
        let kind: Option<String> = on_tx!(tx, |tx| {
            sqlx::query_scalar("SELECT kind FROM service_items WHERE code = $1")
                .bind(item)
                .fetch_optional(&mut *tx)
                .await?
        });
        kind.ok_or_else(|| {
            StoreError::Corrupt(format!("service item {item} is not in the catalogue"))
        })
    }

    /// `regions`' records more in `day`'s month, of `kind`.
    async fn add_to_rollups(
        tx: Tx<'_>,
        regions: &Rollups,
        kind: &str,
        day: NaiveDate,
    ) -> StoreResult<()> {
        let month = day.format("%Y-%m").to_string();
        on_tx!(tx, |tx| {
            for ((region, shard), records) in &regions.0 {
                sqlx::query(crate::stations::COUNT_SERVICES)
                    .bind(region)
                    .bind(&month)
                    .bind(kind)
                    .bind(*shard)
                    .bind(*records)
                    .execute(&mut *tx)
                    .await?;
            }
        });
        Ok(())
    }
}

/// Records to add to each region's service roll-up, by region and shard (in key order, so
/// that concurrent writers take the rows in one order).
struct Rollups(BTreeMap<(String, i32), i64>);

impl Rollups {
    fn new() -> Self {
        Rollups(BTreeMap::new())
    }

    /// `records` more for a station in `village` at each of its roll-up regions.
    fn count(&mut self, village: &str, records: i64) -> StoreResult<()> {
        let village = RegionCode::parse(village).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        for (region, shard) in crate::stations::service_rollup_regions(&village) {
            *self.0.entry((region.to_owned(), shard)).or_default() += records;
        }
        Ok(())
    }
}
