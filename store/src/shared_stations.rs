//! The station and coverage SQL that SQLite and PostgreSQL both accept, written once;
//! `impl_shared_station_store!` implements [`StationStore`](super::StationStore).

use yinong_model::region::{RegionCode, RegionLevel};

/// The levels that keep roll-ups, by code length. Villages are counted directly.
pub(super) const ROLLUP_CODE_LENS: [usize; 4] = [2, 4, 6, 9];

/// The code range to rebuild at one roll-up level: the ancestor of `within` at that level,
/// or every region of that level inside `within` (the whole country when `None`).
pub(super) fn rollup_range(within: Option<&RegionCode>, code_len: usize) -> (String, String) {
    match within {
        Some(code) if code.as_str().len() >= code_len => {
            let ancestor = &code.as_str()[..code_len];
            (ancestor.to_owned(), format!("{ancestor}:"))
        }
        Some(code) => super::shared::subtree_range(code),
        None => (String::new(), ":".to_owned()),
    }
}

/// Which regions a query for `code_len`-digit regions inside `within` reads.
pub(super) fn figures_range(within: Option<&RegionCode>) -> (String, String) {
    within.map_or_else(
        || (String::new(), ":".to_owned()),
        super::shared::subtree_range,
    )
}

pub(super) fn village_code_len() -> usize {
    RegionLevel::Village.code_len()
}

/// A region's station counts as one text, `type:status:stations:compliant` joined by
/// commas, from rows with those columns grouped by region; read by `rollups_from_rows`.
pub(super) const PACKED_STATION_COUNTS: &str = "string_agg(station_type || ':' || status \
    || ':' || CAST(stations AS TEXT) || ':' || CAST(compliant AS TEXT), ',')";

/// Packs each region's station counts into its roll-up row (after `REBUILD_STATIONS`), so
/// that a drill-down reads one row per child region.
pub(super) const PACK_STATIONS: &str = "\
    UPDATE coverage_villages SET station_counts = COALESCE((SELECT string_agg( \
        cs.station_type || ':' || cs.status || ':' || CAST(cs.stations AS TEXT) || ':' \
        || CAST(cs.compliant AS TEXT), ',') FROM coverage_stations cs \
        WHERE cs.region_code = coverage_villages.region_code), '') \
    WHERE region_code >= $1 AND region_code < $2 AND length(region_code) = $3";

/// Packs each region's monthly changes (`month:opened:closed:covered`, after
/// `REBUILD_MONTHS`) into its roll-up row.
pub(super) const PACK_MONTHS: &str = "\
    UPDATE coverage_villages SET month_changes = COALESCE((SELECT string_agg( \
        cm.month || ':' || CAST(cm.stations_opened AS TEXT) || ':' \
        || CAST(cm.stations_closed AS TEXT) || ':' || CAST(cm.villages_covered AS TEXT), ',') \
        FROM coverage_months cm WHERE cm.region_code = coverage_villages.region_code), '') \
    WHERE region_code >= $1 AND region_code < $2 AND length(region_code) = $3";

/// Village roll-up of one level: villages, poverty villages, covered ones, and qualified
/// informants at stations of any type inside each region.
pub(super) const REBUILD_VILLAGES: &str = "\
    INSERT INTO coverage_villages (region_code, villages, poverty_villages, covered_villages, \
        covered_poverty_villages, qualified_informants) \
    SELECT substr(v.code, 1, $3), COUNT(*), \
        SUM(CASE WHEN v.is_poverty THEN 1 ELSE 0 END), \
        SUM(CASE WHEN v.covered THEN 1 ELSE 0 END), \
        SUM(CASE WHEN v.covered AND v.is_poverty THEN 1 ELSE 0 END), 0 \
    FROM (SELECT r.code, r.is_poverty, EXISTS (SELECT 1 FROM stations s \
            WHERE s.region_code = r.code AND s.status = 'operating') AS covered \
          FROM regions r WHERE r.level = 5 AND r.code >= $1 AND r.code < $2) AS v \
    GROUP BY 1";

/// Qualified informants per region, taken from the informant roll-up (rebuilt first): a
/// look-up by key per region, where counting the stations' informants again per region
/// took minutes nationally on PostgreSQL.
pub(super) const REBUILD_INFORMANTS: &str = "\
    UPDATE coverage_villages SET qualified_informants = COALESCE((SELECT ci.informants \
        FROM coverage_informants ci WHERE ci.region_code = coverage_villages.region_code \
        AND ci.status = 'qualified'), 0) \
    WHERE region_code >= $1 AND region_code < $2 AND length(region_code) = $3";

pub(super) const REBUILD_STATIONS: &str = "\
    INSERT INTO coverage_stations (region_code, station_type, status, stations, compliant) \
    SELECT substr(s.region_code, 1, $3), s.station_type, s.status, COUNT(*), \
        SUM(CASE WHEN s.compliant THEN 1 ELSE 0 END) \
    FROM stations s WHERE s.region_code >= $1 AND s.region_code < $2 \
        AND length(s.region_code) >= $3 \
    GROUP BY 1, 2, 3";

/// Informants by status at the stations inside each region.
pub(super) const REBUILD_INFORMANT_STATUSES: &str = "\
    INSERT INTO coverage_informants (region_code, status, informants) \
    SELECT substr(s.region_code, 1, $3), i.status, COUNT(*) \
    FROM informants i JOIN stations s ON s.code = i.station_code \
    WHERE s.region_code >= $1 AND s.region_code < $2 AND length(s.region_code) >= $3 \
    GROUP BY 1, 2";

/// Service records by month and kind. A station's code is its region's code and a
/// two-digit serial, so its first `$3` digits name its region at that level.
pub(super) const REBUILD_SERVICES: &str = "\
    INSERT INTO coverage_services (region_code, month, kind, records) \
    SELECT substr(station_code, 1, $3), substr(CAST(served_on AS TEXT), 1, 7), kind, COUNT(*) \
    FROM service_records \
    WHERE station_code >= $1 AND station_code < $2 AND length(station_code) >= $3 + 2 \
    GROUP BY 1, 2, 3";

/// `$4` service records more in a region's month, for a station's every ancestor and the
/// nation (`''`) as one statement per region: a request done or a logged entry adds a few
/// records, and rebuilding the roll-ups for them would recount every record of its county.
pub(super) const COUNT_SERVICES: &str = "\
    INSERT INTO coverage_services (region_code, month, kind, records) VALUES ($1, $2, $3, $4) \
    ON CONFLICT (region_code, month, kind) \
    DO UPDATE SET records = coverage_services.records + $4";

/// The regions whose service roll-ups count a station in `region`: its ancestors at each
/// roll-up level (itself included) and the nation, `''`.
pub(super) fn service_rollup_regions(region: &RegionCode) -> Vec<&str> {
    let code = region.as_str();
    std::iter::once("")
        .chain(
            ROLLUP_CODE_LENS
                .into_iter()
                .filter(|len| *len <= code.len())
                .map(|len| &code[..len]),
        )
        .collect()
}

/// The nation's services by month and kind, kept as the row of region '' (the nation) and
/// summed from its provinces' rows after they are rebuilt: summing them for every national
/// answer was most of its reading.
pub(super) const REBUILD_NATION_SERVICES: [&str; 2] = [
    "DELETE FROM coverage_services WHERE region_code = ''",
    "INSERT INTO coverage_services (region_code, month, kind, records) \
     SELECT '', month, kind, SUM(records) FROM coverage_services \
     WHERE length(region_code) = 2 GROUP BY month, kind",
];

/// Opened and closed stations by month, and villages by the month their earliest
/// operating station opened.
pub(super) const REBUILD_MONTHS: &str = "\
    INSERT INTO coverage_months (region_code, month, stations_opened, stations_closed, \
        villages_covered) \
    SELECT region, month, SUM(opened), SUM(closed), SUM(covered) FROM ( \
        SELECT substr(region_code, 1, $3) AS region, \
            substr(CAST(opened_on AS TEXT), 1, 7) AS month, 1 AS opened, 0 AS closed, \
            0 AS covered \
        FROM stations WHERE opened_on IS NOT NULL AND region_code >= $1 AND region_code < $2 \
            AND length(region_code) >= $3 \
        UNION ALL \
        SELECT substr(region_code, 1, $3), substr(CAST(closed_on AS TEXT), 1, 7), 0, 1, 0 \
        FROM stations WHERE closed_on IS NOT NULL AND region_code >= $1 AND region_code < $2 \
            AND length(region_code) >= $3 \
        UNION ALL \
        SELECT substr(region_code, 1, $3), substr(CAST(MIN(opened_on) AS TEXT), 1, 7), 0, 0, 1 \
        FROM stations WHERE status = 'operating' AND opened_on IS NOT NULL \
            AND region_code >= $1 AND region_code < $2 AND length(region_code) = 12 \
        GROUP BY region_code \
    ) AS changes GROUP BY region, month";

macro_rules! impl_shared_station_store {
    ($store:ty, $db:ty) => {
        impl $store {
            /// Recomputes a station's 六有 flag from its checklist and qualified informants.
            async fn refresh_compliance(
                tx: &mut sqlx::Transaction<'_, $db>,
                code: &str,
            ) -> $crate::StoreResult<()> {
                let station = Self::station_in(tx, code).await?.ok_or_else(|| {
                    $crate::StoreError::Corrupt(format!("station {code} vanished"))
                })?;
                let compliant = station
                    .details
                    .six_have
                    .is_compliant(station.qualified_informants);
                sqlx::query("UPDATE stations SET compliant = $1 WHERE code = $2")
                    .bind(compliant)
                    .bind(code)
                    .execute(&mut **tx)
                    .await?;
                Ok(())
            }

            async fn station_in(
                tx: &mut sqlx::Transaction<'_, $db>,
                code: &str,
            ) -> $crate::StoreResult<Option<yinong_model::station::Station>> {
                sqlx::query_as(&format!(
                    "SELECT {} FROM stations s JOIN regions r ON r.code = s.region_code \
                     WHERE s.code = $1",
                    $crate::stations::STATION_COLUMNS
                ))
                .bind(code)
                .fetch_optional(&mut **tx)
                .await?
                .map($crate::stations::station_from_row)
                .transpose()
            }

            async fn refresh_coverage_in(
                tx: &mut sqlx::Transaction<'_, $db>,
                within: Option<&yinong_model::region::RegionCode>,
            ) -> $crate::StoreResult<()> {
                use $crate::shared_stations::*;
                for code_len in ROLLUP_CODE_LENS {
                    let (from, to) = rollup_range(within, code_len);
                    for table in [
                        "coverage_villages",
                        "coverage_stations",
                        "coverage_months",
                        "coverage_informants",
                        "coverage_services",
                    ] {
                        sqlx::query(&format!(
                            "DELETE FROM {table} WHERE region_code >= $1 AND region_code < $2 \
                             AND length(region_code) = $3"
                        ))
                        .bind(&from)
                        .bind(&to)
                        .bind(code_len as i32)
                        .execute(&mut **tx)
                        .await?;
                    }
                    for rebuild in [
                        REBUILD_VILLAGES,
                        REBUILD_INFORMANT_STATUSES,
                        REBUILD_INFORMANTS,
                        REBUILD_STATIONS,
                        REBUILD_MONTHS,
                        PACK_STATIONS,
                        PACK_MONTHS,
                        REBUILD_SERVICES,
                    ] {
                        sqlx::query(rebuild)
                            .bind(&from)
                            .bind(&to)
                            .bind(code_len as i32)
                            .execute(&mut **tx)
                            .await?;
                    }
                }
                for rebuild in REBUILD_NATION_SERVICES {
                    sqlx::query(rebuild).execute(&mut **tx).await?;
                }
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl $crate::StationStore for $store {
            async fn declare_station(
                &self,
                region: &yinong_model::region::RegionCode,
                details: &yinong_model::station::StationDetails,
                actor_id: Option<i64>,
                at: chrono::DateTime<chrono::Utc>,
            ) -> $crate::StoreResult<yinong_model::station::Station> {
                let mut tx = self.pool.begin().await?;
                let (from, to) = (format!("{region}00"), format!("{region}99:"));
                let taken: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM stations WHERE code >= $1 AND code < $2 \
                     AND length(code) = $3",
                )
                .bind(&from)
                .bind(&to)
                .bind((region.as_str().len() + 2) as i32)
                .fetch_one(&mut *tx)
                .await?;
                let code = yinong_model::station::unified_number(region, taken as u32 + 1);
                let six = &details.six_have;
                sqlx::query(
                    "INSERT INTO stations (code, region_code, name, station_type, status, \
                     host_venue, address, opening_hours, latitude, longitude, venue_area_m2, \
                     devices, broadband_mbps, page_url, sustainable, is_demo) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
                     FALSE)",
                )
                .bind(&code)
                .bind(region.as_str())
                .bind(&details.name)
                .bind(details.station_type.code())
                .bind(yinong_model::station::StationStatus::Declared.code())
                .bind(details.host_venue.code())
                .bind(&details.address)
                .bind(&details.opening_hours)
                .bind(details.latitude)
                .bind(details.longitude)
                .bind(six.venue_area_m2)
                .bind(six.devices)
                .bind(six.broadband_mbps)
                .bind(&six.page_url)
                .bind(six.sustainable)
                .execute(&mut *tx)
                .await
                .map_err($crate::accounts::conflict_or)?;
                sqlx::query(
                    "INSERT INTO station_events (station_code, from_status, to_status, reason, \
                     actor_id, at) VALUES ($1, NULL, $2, NULL, $3, $4)",
                )
                .bind(&code)
                .bind(yinong_model::station::StationStatus::Declared.code())
                .bind(actor_id)
                .bind(at)
                .execute(&mut *tx)
                .await?;
                Self::refresh_compliance(&mut tx, &code).await?;
                Self::refresh_coverage_in(&mut tx, Some(region)).await?;
                let station = Self::station_in(&mut tx, &code).await?;
                tx.commit().await?;
                station.ok_or_else(|| $crate::StoreError::Corrupt(code))
            }

            async fn station(
                &self,
                code: &str,
            ) -> $crate::StoreResult<Option<yinong_model::station::Station>> {
                let mut tx = self.pool.begin().await?;
                let station = Self::station_in(&mut tx, code).await?;
                tx.commit().await?;
                Ok(station)
            }

            async fn station_history(
                &self,
                code: &str,
            ) -> $crate::StoreResult<Vec<yinong_model::station::StationEvent>> {
                sqlx::query_as(
                    "SELECT e.from_status, e.to_status, e.reason, u.name, e.at \
                     FROM station_events e LEFT JOIN users u ON u.id = e.actor_id \
                     WHERE e.station_code = $1 ORDER BY e.id",
                )
                .bind(code)
                .fetch_all(&self.pool)
                .await?
                .into_iter()
                .map($crate::stations::event_from_row)
                .collect()
            }

            async fn stations(
                &self,
                filter: &$crate::StationFilter,
            ) -> $crate::StoreResult<(Vec<yinong_model::station::Station>, i64)> {
                let push_filter = |builder: &mut sqlx::QueryBuilder<'_, $db>| {
                    let (from, to) =
                        $crate::shared_stations::figures_range(filter.within.as_ref());
                    builder.push(" WHERE s.region_code >= ").push_bind(from);
                    builder.push(" AND s.region_code < ").push_bind(to);
                    if let Some(status) = filter.status {
                        builder.push(" AND s.status = ").push_bind(status.code());
                    }
                };
                let mut count = sqlx::QueryBuilder::<$db>::new(
                    "SELECT COUNT(*) FROM stations s",
                );
                push_filter(&mut count);
                let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;
                let mut page = sqlx::QueryBuilder::<$db>::new(format!(
                    "SELECT {} FROM stations s JOIN regions r ON r.code = s.region_code",
                    $crate::stations::STATION_COLUMNS
                ));
                push_filter(&mut page);
                page.push(" ORDER BY s.code LIMIT ").push_bind(filter.limit);
                page.push(" OFFSET ").push_bind(filter.offset);
                let stations = page
                    .build_query_as()
                    .fetch_all(&self.pool)
                    .await?
                    .into_iter()
                    .map($crate::stations::station_from_row)
                    .collect::<$crate::StoreResult<_>>()?;
                Ok((stations, total))
            }

            async fn update_station(
                &self,
                code: &str,
                details: &yinong_model::station::StationDetails,
            ) -> $crate::StoreResult<yinong_model::station::Station> {
                let mut tx = self.pool.begin().await?;
                let six = &details.six_have;
                let region: Option<String> = sqlx::query_scalar(
                    "UPDATE stations SET name = $1, station_type = $2, host_venue = $3, \
                     address = $4, opening_hours = $5, latitude = $6, longitude = $7, \
                     venue_area_m2 = $8, devices = $9, broadband_mbps = $10, page_url = $11, \
                     sustainable = $12 WHERE code = $13 RETURNING region_code",
                )
                .bind(&details.name)
                .bind(details.station_type.code())
                .bind(details.host_venue.code())
                .bind(&details.address)
                .bind(&details.opening_hours)
                .bind(details.latitude)
                .bind(details.longitude)
                .bind(six.venue_area_m2)
                .bind(six.devices)
                .bind(six.broadband_mbps)
                .bind(&six.page_url)
                .bind(six.sustainable)
                .bind(code)
                .fetch_optional(&mut *tx)
                .await?;
                let region = region
                    .ok_or_else(|| $crate::StoreError::NotFound(code.to_owned()))?;
                let region = yinong_model::region::RegionCode::parse(&region)
                    .map_err(|e| $crate::StoreError::Corrupt(e.to_string()))?;
                Self::refresh_compliance(&mut tx, code).await?;
                Self::refresh_coverage_in(&mut tx, Some(&region)).await?;
                let station = Self::station_in(&mut tx, code).await?;
                tx.commit().await?;
                station.ok_or_else(|| $crate::StoreError::NotFound(code.to_owned()))
            }

            async fn change_station_status(
                &self,
                code: &str,
                transition: &$crate::Transition<'_>,
            ) -> $crate::StoreResult<yinong_model::station::Station> {
                use yinong_model::station::StationStatus;
                let mut tx = self.pool.begin().await?;
                let today = transition.at.date_naive();
                let opened_on = (transition.to == StationStatus::Operating).then_some(today);
                let closed_on = (transition.to == StationStatus::Closed).then_some(today);
                let region: Option<String> = sqlx::query_scalar(
                    "UPDATE stations SET status = $1, opened_on = COALESCE(opened_on, $2), \
                     closed_on = COALESCE($3, closed_on) \
                     WHERE code = $4 AND status = $5 RETURNING region_code",
                )
                .bind(transition.to.code())
                .bind(opened_on)
                .bind(closed_on)
                .bind(code)
                .bind(transition.from.code())
                .fetch_optional(&mut *tx)
                .await?;
                let Some(region) = region else {
                    return Err($crate::StoreError::Conflict(format!(
                        "station {code} is no longer {}",
                        transition.from.code()
                    )));
                };
                sqlx::query(
                    "INSERT INTO station_events (station_code, from_status, to_status, reason, \
                     actor_id, at) VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(code)
                .bind(transition.from.code())
                .bind(transition.to.code())
                .bind(transition.reason)
                .bind(transition.actor_id)
                .bind(transition.at)
                .execute(&mut *tx)
                .await?;
                let region = yinong_model::region::RegionCode::parse(&region)
                    .map_err(|e| $crate::StoreError::Corrupt(e.to_string()))?;
                Self::refresh_coverage_in(&mut tx, Some(&region)).await?;
                let station = Self::station_in(&mut tx, code).await?;
                tx.commit().await?;
                station.ok_or_else(|| $crate::StoreError::NotFound(code.to_owned()))
            }

            async fn set_poverty_villages(
                &self,
                villages: &[yinong_model::region::RegionCode],
                poverty: bool,
            ) -> $crate::StoreResult<()> {
                let mut tx = self.pool.begin().await?;
                for batch in villages.chunks($crate::shared::BATCH_ROWS) {
                    let mut update = sqlx::QueryBuilder::<$db>::new("UPDATE regions SET is_poverty = ");
                    update.push_bind(poverty).push(" WHERE level = 5 AND code IN (");
                    let mut codes = update.separated(", ");
                    for village in batch {
                        codes.push_bind(village.as_str());
                    }
                    update.push(")").build().execute(&mut *tx).await?;
                }
                let mut counties: Vec<_> = villages
                    .iter()
                    .filter_map(|village| village.ancestor(yinong_model::region::RegionLevel::County))
                    .collect();
                counties.sort();
                counties.dedup();
                for county in &counties {
                    Self::refresh_coverage_in(&mut tx, Some(county)).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn refresh_coverage(
                &self,
                within: Option<&yinong_model::region::RegionCode>,
            ) -> $crate::StoreResult<()> {
                let mut tx = self.pool.begin().await?;
                Self::refresh_coverage_in(&mut tx, within).await?;
                tx.commit().await?;
                // The whole country is rebuilt after bulk loads (imports, the bench fixture):
                // the planner's statistics follow, or PostgreSQL plans for tables it still
                // believes empty (a township's answer took 1.5 s).
                if within.is_none() {
                    sqlx::query("ANALYZE").execute(&self.pool).await?;
                }
                Ok(())
            }

            async fn coverage_rollups(
                &self,
                within: Option<&yinong_model::region::RegionCode>,
                code_len: usize,
            ) -> $crate::StoreResult<Vec<$crate::stations::RegionRollup>> {
                use $crate::shared_stations::*;
                let (from, to) = figures_range(within);
                // One row per region, its station counts and months packed: SQLite hands
                // rows over one at a time between threads, and the nation had ~2,500.
                if code_len != village_code_len() {
                    let rows = sqlx::query_as(
                        "SELECT region_code, villages, poverty_villages, covered_villages, \
                         covered_poverty_villages, qualified_informants, station_counts, \
                         month_changes FROM coverage_villages \
                         WHERE region_code >= $1 AND region_code < $2 AND length(region_code) = $3",
                    )
                    .bind(&from)
                    .bind(&to)
                    .bind(code_len as i32)
                    .fetch_all(&self.pool)
                    .await?;
                    return $crate::stations::rollups_from_rows(rows);
                }
                // Villages keep no roll-up: they are counted here.
                let villages = sqlx::query_as(
                    "SELECT r.code, CAST(1 AS BIGINT), \
                     CAST(CASE WHEN r.is_poverty THEN 1 ELSE 0 END AS BIGINT), \
                     CAST(CASE WHEN EXISTS (SELECT 1 FROM stations s \
                       WHERE s.region_code = r.code AND s.status = 'operating') \
                       THEN 1 ELSE 0 END AS BIGINT), \
                     CAST(CASE WHEN r.is_poverty AND EXISTS (SELECT 1 FROM stations s \
                       WHERE s.region_code = r.code AND s.status = 'operating') \
                       THEN 1 ELSE 0 END AS BIGINT), \
                     (SELECT COUNT(*) FROM informants i JOIN stations s \
                       ON s.code = i.station_code WHERE s.region_code = r.code \
                       AND i.status = 'qualified'), CAST('' AS TEXT), CAST('' AS TEXT) \
                     FROM regions r WHERE r.level = 5 AND r.code >= $1 AND r.code < $2",
                )
                .bind(&from)
                .bind(&to)
                .fetch_all(&self.pool)
                .await?;
                let stations = sqlx::query_as(&format!(
                    "SELECT region_code, {PACKED_STATION_COUNTS} FROM ( \
                       SELECT region_code, station_type, status, COUNT(*) AS stations, \
                       SUM(CASE WHEN compliant THEN 1 ELSE 0 END) AS compliant \
                       FROM stations WHERE region_code >= $1 AND region_code < $2 \
                       AND length(region_code) = 12 GROUP BY 1, 2, 3) AS counts \
                     GROUP BY region_code"
                ))
                .bind(&from)
                .bind(&to)
                .fetch_all(&self.pool)
                .await?;
                $crate::stations::rollups_from_rows(
                    $crate::stations::with_station_counts(villages, stations),
                )
            }

            async fn activity(
                &self,
                within: Option<&yinong_model::region::RegionCode>,
                from_month: &str,
                to_month: &str,
            ) -> $crate::StoreResult<yinong_model::coverage::Activity> {
                use $crate::shared_stations::*;
                let (from, to) = figures_range(within);
                let code_len = within.map_or(ROLLUP_CODE_LENS[0], |code| code.as_str().len());
                let (services, informants): (Vec<(String, i64)>, Vec<(String, i64)>) =
                    if code_len == village_code_len() {
                        // No roll-up below townships: a village's few records are counted.
                        let services = sqlx::query_as(
                            "SELECT kind, COUNT(*) FROM service_records \
                             WHERE station_code >= $1 AND station_code < $2 \
                             AND substr(CAST(served_on AS TEXT), 1, 7) >= $3 \
                             AND substr(CAST(served_on AS TEXT), 1, 7) <= $4 GROUP BY kind",
                        )
                        .bind(&from)
                        .bind(&to)
                        .bind(from_month)
                        .bind(to_month)
                        .fetch_all(&self.pool)
                        .await?;
                        let informants = sqlx::query_as(
                            "SELECT status, COUNT(*) FROM informants \
                             WHERE station_code >= $1 AND station_code < $2 GROUP BY status",
                        )
                        .bind(&from)
                        .bind(&to)
                        .fetch_all(&self.pool)
                        .await?;
                        (services, informants)
                    } else {
                        // A region reads its own rows by key; the nation's are region ''.
                        // The two reads go out at once.
                        let services = sqlx::query_as(
                            "SELECT kind, CAST(SUM(records) AS BIGINT) \
                             FROM coverage_services WHERE region_code = $1 \
                             AND month >= $2 AND month <= $3 GROUP BY kind",
                        )
                        .bind(within.map_or("", |code| code.as_str()))
                        .bind(from_month)
                        .bind(to_month)
                        .fetch_all(&self.pool);
                        let informants = sqlx::query_as(
                            "SELECT status, CAST(SUM(informants) AS BIGINT) \
                             FROM coverage_informants WHERE region_code >= $1 \
                             AND region_code < $2 AND length(region_code) = $3 GROUP BY status",
                        )
                        .bind(&from)
                        .bind(&to)
                        .bind(code_len as i32)
                        .fetch_all(&self.pool);
                        tokio::try_join!(services, informants)?
                    };
                Ok($crate::stations::activity_from_rows(services, informants))
            }

            async fn uncovered_villages(
                &self,
                within: &yinong_model::region::RegionCode,
            ) -> $crate::StoreResult<Vec<(yinong_model::region::Region, bool)>> {
                let (from, to) = $crate::shared::subtree_range(within);
                let rows: Vec<(String, String, i16, Option<String>, bool)> = sqlx::query_as(
                    "SELECT r.code, r.name, r.level, r.parent_code, r.is_poverty FROM regions r \
                     WHERE r.level = 5 AND r.code >= $1 AND r.code < $2 \
                     AND NOT EXISTS (SELECT 1 FROM stations s \
                       WHERE s.region_code = r.code AND s.status = 'operating') \
                     ORDER BY r.code",
                )
                .bind(&from)
                .bind(&to)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map(|(code, name, level, parent, poverty)| {
                        let region =
                            $crate::shared::region_from_row((code, name, level, parent))?;
                        Ok((region, poverty))
                    })
                    .collect()
            }
        }
    };
}

pub(super) use impl_shared_station_store;
