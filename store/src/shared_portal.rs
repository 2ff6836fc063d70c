//! The portal's SQL that SQLite and PostgreSQL both accept, written once;
//! `impl_shared_portal_store!` implements [`PortalStore`](super::PortalStore).

macro_rules! impl_shared_portal_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::PortalStore for $store {
            async fn search_villages(
                &self,
                text: &str,
                matching: $crate::portal::NameMatch,
                within: Option<&yinong_model::region::RegionCode>,
                limit: usize,
            ) -> $crate::StoreResult<Vec<$crate::portal::FoundVillage>> {
                use $crate::portal::*;
                let (from, to) = $crate::shared_stations::figures_range(within);
                // Villages join their four ancestors by parent code: each a key look-up.
                let select = "SELECT v.code, v.name, v.level, v.parent_code, \
                     p.name, c.name, x.name, t.name \
                     FROM regions v JOIN regions t ON t.code = v.parent_code \
                     JOIN regions x ON x.code = t.parent_code \
                     JOIN regions c ON c.code = x.parent_code \
                     JOIN regions p ON p.code = c.parent_code \
                     WHERE v.level = 5 AND v.code >= $1 AND v.code < $2";
                let sql = match matching {
                    NameMatch::Start => format!(
                        "{select} AND v.name >= $3 AND v.name < $4 \
                         ORDER BY v.name, v.code LIMIT $5"
                    ),
                    NameMatch::Anywhere => format!(
                        "{select} AND v.name LIKE $3 ESCAPE '\\' ORDER BY v.name, v.code LIMIT $4"
                    ),
                };
                let query = sqlx::query_as(&sql).bind(&from).bind(&to);
                let query = match matching {
                    NameMatch::Start => {
                        let (first, past_last) = prefix_range(text);
                        query.bind(first).bind(past_last)
                    }
                    NameMatch::Anywhere => query.bind(contains_pattern(text)),
                };
                let rows: Vec<(String, String, i16, Option<String>, String, String, String, String)> =
                    query.bind(limit as i64).fetch_all(&self.pool).await?;
                rows.into_iter()
                    .map(|(code, name, level, parent, province, city, county, township)| {
                        Ok(FoundVillage {
                            village: $crate::shared::region_from_row((
                                code, name, level, parent,
                            ))?,
                            ancestors: vec![province, city, county, township],
                        })
                    })
                    .collect()
            }

            async fn operating_stations_in(
                &self,
                region: &yinong_model::region::RegionCode,
            ) -> $crate::StoreResult<Vec<yinong_model::portal::PublicStation>> {
                use $crate::portal::*;
                let rows: Vec<PublicStationRow> = sqlx::query_as(&format!(
                    "SELECT {PUBLIC_STATION_COLUMNS} FROM stations s \
                     WHERE s.region_code = $1 AND s.status = 'operating' ORDER BY s.code"
                ))
                .bind(region.as_str())
                .fetch_all(&self.pool)
                .await?;
                let mut stations = Vec::with_capacity(rows.len());
                for row in rows {
                    let contacts = self.contacts_of(&row.0).await?;
                    stations.push(public_station_from_row(row, contacts)?);
                }
                Ok(stations)
            }

            async fn nearest_operating_stations(
                &self,
                origin: (f64, f64),
                bounds: $crate::portal::Bounds,
                limit: usize,
            ) -> $crate::StoreResult<Vec<yinong_model::portal::PublicStation>> {
                use $crate::portal::*;
                // `stations_operating_position` holds only operating stations with a location.
                let rows: Vec<PublicStationRow> = sqlx::query_as(&format!(
                    "SELECT {PUBLIC_STATION_COLUMNS} FROM stations s \
                     WHERE s.status = 'operating' AND s.latitude IS NOT NULL \
                     AND s.latitude >= $1 AND s.latitude <= $2 \
                     AND s.longitude >= $3 AND s.longitude <= $4 \
                     ORDER BY (s.latitude - $5) * (s.latitude - $5) \
                       + (s.longitude - $6) * (s.longitude - $6) * $7, s.code LIMIT $8"
                ))
                .bind(bounds.south)
                .bind(bounds.north)
                .bind(bounds.west)
                .bind(bounds.east)
                .bind(origin.0)
                .bind(origin.1)
                .bind(origin.0.to_radians().cos().powi(2))
                .bind(limit as i64)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map(|row| public_station_from_row(row, Vec::new()))
                    .collect()
            }

            async fn contacts_of(
                &self,
                station_code: &str,
            ) -> $crate::StoreResult<Vec<yinong_model::portal::Contact>> {
                let contacts: Vec<(String, String)> = sqlx::query_as(
                    "SELECT name, phone FROM informants \
                     WHERE station_code = $1 AND status = 'qualified' ORDER BY id",
                )
                .bind(station_code)
                .fetch_all(&self.pool)
                .await?;
                Ok(contacts
                    .into_iter()
                    .map(|(name, phone)| yinong_model::portal::Contact { name, phone })
                    .collect())
            }
        }

    };
}

pub(super) use impl_shared_portal_store;
