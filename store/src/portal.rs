//! What the farmer portal reads: villages by name, and operating stations with their
//! contacts. The storage interface.

use async_trait::async_trait;
use yinong_model::portal::{Contact, PublicStation};
use yinong_model::region::{Region, RegionCode};
use yinong_model::station::StationType;

use super::{StoreError, StoreResult};
use crate::engine::{on_pool, SqlStore};

/// How a village search matches its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameMatch {
    /// The name starts with the text (an index range; fit for the whole country).
    Start,
    /// The text is anywhere in the name (for a county or township's few hundred villages).
    Anywhere,
}

/// A village found by name, with its ancestors' names from the province down.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundVillage {
    pub village: Region,
    pub ancestors: Vec<String>,
}

/// A rectangle of latitude and longitude, in degrees.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    pub south: f64,
    pub north: f64,
    pub west: f64,
    pub east: f64,
}

#[async_trait]
pub trait PortalStore: Send + Sync {
    /// Villages whose name matches `text`, inside `within` (the country when `None`),
    /// ordered by name then code, at most `limit`.
    async fn search_villages(
        &self,
        text: &str,
        matching: NameMatch,
        within: Option<&RegionCode>,
        limit: usize,
    ) -> StoreResult<Vec<FoundVillage>>;
    /// The operating stations of one region (a village's own), ordered by code.
    async fn operating_stations_in(&self, region: &RegionCode) -> StoreResult<Vec<PublicStation>>;
    /// The `limit` operating stations inside `bounds` nearest `origin` (latitude,
    /// longitude), by distance on a plane with longitude shrunk by the latitude's cosine:
    /// near enough to the true distance to pick the nearest few. Without their contacts:
    /// most candidates are not kept.
    async fn nearest_operating_stations(
        &self,
        origin: (f64, f64),
        bounds: Bounds,
        limit: usize,
    ) -> StoreResult<Vec<PublicStation>>;
    /// A station's qualified informants, for farmers to call.
    async fn contacts_of(&self, station_code: &str) -> StoreResult<Vec<Contact>>;
}

pub(super) type PublicStationRow = (
    String,
    String,
    String,
    String,
    String,
    Option<f64>,
    Option<f64>,
    bool,
);

/// The columns of a [`PublicStationRow`], from `stations s`.
pub(super) const PUBLIC_STATION_COLUMNS: &str = "s.code, s.name, s.station_type, \
    s.address, s.opening_hours, s.latitude, s.longitude, s.compliant";

pub(super) fn public_station_from_row(
    (code, name, station_type, address, opening_hours, latitude, longitude, compliant): PublicStationRow,
    contacts: Vec<Contact>,
) -> StoreResult<PublicStation> {
    let station_type = StationType::from_code(&station_type)
        .ok_or_else(|| StoreError::Corrupt(format!("station {code} has type {station_type}")))?;
    Ok(PublicStation {
        code,
        name,
        station_type,
        address,
        opening_hours,
        position: latitude.zip(longitude),
        compliant,
        contacts,
        distance_m: None,
    })
}

/// `text` as a LIKE pattern matching it anywhere, its wildcards taken literally.
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

/// The half-open range of names starting with `text`: no character sorts after U+10FFFF,
/// and names compare bytewise (PostgreSQL's column is `COLLATE "C"`).
pub(super) fn prefix_range(text: &str) -> (String, String) {
    (text.to_owned(), format!("{text}\u{10FFFF}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_in_a_search_are_taken_literally() {
        assert_eq!(contains_pattern("张_庄%"), "%张\\_庄\\%%");
    }

    #[test]
    fn a_prefix_range_holds_longer_names_only() {
        let (from, to) = prefix_range("张庄");
        for inside in ["张庄", "张庄村", "张庄镇东村"] {
            assert!(from.as_str() <= inside && inside < to.as_str(), "{inside}");
        }
        for outside in ["张", "张家庄", "李庄"] {
            assert!(
                !(from.as_str() <= outside && outside < to.as_str()),
                "{outside}"
            );
        }
    }
}

#[async_trait::async_trait]
impl crate::PortalStore for SqlStore {
    async fn search_villages(
        &self,
        text: &str,
        matching: crate::portal::NameMatch,
        within: Option<&yinong_model::region::RegionCode>,
        limit: usize,
    ) -> crate::StoreResult<Vec<crate::portal::FoundVillage>> {
        on_pool!(&self.pool, |pool| {
            use crate::portal::*;
            let (from, to) = crate::sql::figures_range(within);
            // Villages join their four ancestors by parent code: each a key look-up.
            let select = "SELECT v.code, v.name, v.level, v.parent_code, \
                 p.name, c.name, x.name, t.name \
                 FROM regions v JOIN regions t ON t.code = v.parent_code \
                 JOIN regions x ON x.code = t.parent_code \
                 JOIN regions c ON c.code = x.parent_code \
                 JOIN regions p ON p.code = c.parent_code \
                 WHERE v.level = 5 AND v.code >= $1 AND v.code < $2 AND v.merged_into IS NULL";
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
            let rows: Vec<(
                String,
                String,
                i16,
                Option<String>,
                String,
                String,
                String,
                String,
            )> = query.bind(limit as i64).fetch_all(pool).await?;
            rows.into_iter()
                .map(
                    |(code, name, level, parent, province, city, county, township)| {
                        Ok(FoundVillage {
                            village: crate::sql::region_from_row((code, name, level, parent))?,
                            ancestors: vec![province, city, county, township],
                        })
                    },
                )
                .collect()
        })
    }

    async fn operating_stations_in(
        &self,
        region: &yinong_model::region::RegionCode,
    ) -> crate::StoreResult<Vec<yinong_model::portal::PublicStation>> {
        on_pool!(&self.pool, |pool| {
            use crate::portal::*;
            let rows: Vec<PublicStationRow> = sqlx::query_as(&format!(
                "SELECT {PUBLIC_STATION_COLUMNS} FROM stations s \
                 WHERE s.region_code = $1 AND s.status = 'operating' ORDER BY s.code"
            ))
            .bind(region.as_str())
            .fetch_all(pool)
            .await?;
            let mut stations = Vec::with_capacity(rows.len());
            for row in rows {
                let contacts = self.contacts_of(&row.0).await?;
                stations.push(public_station_from_row(row, contacts)?);
            }
            Ok(stations)
        })
    }

    async fn nearest_operating_stations(
        &self,
        origin: (f64, f64),
        bounds: crate::portal::Bounds,
        limit: usize,
    ) -> crate::StoreResult<Vec<yinong_model::portal::PublicStation>> {
        on_pool!(&self.pool, |pool| {
            use crate::portal::*;
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
            .fetch_all(pool)
            .await?;
            rows.into_iter()
                .map(|row| public_station_from_row(row, Vec::new()))
                .collect()
        })
    }

    async fn contacts_of(
        &self,
        station_code: &str,
    ) -> crate::StoreResult<Vec<yinong_model::portal::Contact>> {
        on_pool!(&self.pool, |pool| {
            let contacts: Vec<(String, String)> = sqlx::query_as(
                "SELECT name, phone FROM informants \
                 WHERE station_code = $1 AND status = 'qualified' ORDER BY id",
            )
            .bind(station_code)
            .fetch_all(pool)
            .await?;
            Ok(contacts
                .into_iter()
                .map(|(name, phone)| yinong_model::portal::Contact { name, phone })
                .collect())
        })
    }
}
