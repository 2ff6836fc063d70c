//! Writing checked registers in bulk: stations with their informants, accounts, and poverty
//! flags. Each import is one writing transaction: it compares every row with what is stored
//! (so importing a file again changes nothing), writes what differs with its audit entry, and
//! rebuilds the coverage of the counties it touched. The reads before it let the server check
//! a whole file in a few queries.

use std::collections::{BTreeSet, HashMap, HashSet};

use async_trait::async_trait;
use chrono::NaiveDate;
use yinong_model::account::{Role, UserStatus};
use yinong_model::import::ImportTally;
use yinong_model::region::{Region, RegionCode, RegionLevel};
use yinong_model::station::{Station, StationDetails, StationStatus};

use crate::engine::{on_pool, on_tx, BeginWriting, SqlStore, Tx, WriteLock};
use crate::sql::BATCH_ROWS;
use crate::{Change, StoreError, StoreResult, UserRecord};

/// A station row of a register, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct StationImport {
    /// The unified number, when the register has one; otherwise the station is found by its
    /// region and name, or numbered as a new one.
    pub code: Option<String>,
    pub region: RegionCode,
    pub details: StationDetails,
    pub status: StationStatus,
    pub opened_on: Option<NaiveDate>,
    pub informant: Option<InformantImport>,
}

/// The informant a register names for a station (found again by phone).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InformantImport {
    pub name: String,
    pub phone: String,
    /// `qualified` (持证) or `training`.
    pub status: &'static str,
}

/// An account row, checked; `password_hash` is only used when the account is new.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountImport {
    pub role: Role,
    pub region: RegionCode,
    pub name: String,
    pub phone: String,
    pub id_card: Option<String>,
    pub username: Option<String>,
    pub password_hash: Option<String>,
    pub status: UserStatus,
}

/// A region as an import checks it: its poverty flag and, once merged away, its successor.
#[derive(Clone, Debug, PartialEq)]
pub struct KnownRegion {
    pub region: Region,
    pub poverty: bool,
    pub merged_into: Option<RegionCode>,
}

/// A village merged into another (撤并), as a mapping file or a confirmed suggestion says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VillageMerge {
    pub village: RegionCode,
    pub successor: RegionCode,
    pub merged_on: Option<NaiveDate>,
}

#[async_trait]
pub trait ImportStore: Send + Sync {
    /// The regions among `codes` (merged ones too).
    async fn known_regions(&self, codes: &[RegionCode]) -> StoreResult<Vec<KnownRegion>>;
    /// The villages inside `within` not merged away, by code.
    async fn villages_within(&self, within: &RegionCode) -> StoreResult<Vec<Region>>;
    /// The stations whose code is in `codes` or whose region is in `regions`.
    async fn stations_matching(
        &self,
        codes: &[String],
        regions: &[RegionCode],
    ) -> StoreResult<Vec<Station>>;
    /// The accounts whose phone is in `phones` or whose username is in `usernames`.
    async fn accounts_matching(
        &self,
        phones: &[String],
        usernames: &[String],
    ) -> StoreResult<Vec<UserRecord>>;
    /// Creates or updates the stations (and their informants) of a checked register.
    async fn import_stations(
        &self,
        rows: &[StationImport],
        change: Change<'_>,
    ) -> StoreResult<ImportTally>;
    /// Creates or updates accounts by phone number; passwords of existing accounts stay.
    async fn import_accounts(
        &self,
        rows: &[AccountImport],
        change: Change<'_>,
    ) -> StoreResult<ImportTally>;
    /// Sets or clears the poverty flag of villages and counties.
    async fn set_poverty(
        &self,
        flags: &[(RegionCode, bool)],
        change: Change<'_>,
    ) -> StoreResult<ImportTally>;
    /// Records villages merged away: each stops being counted or offered; its stations and
    /// accounts move to its successor (each station's history says so), its poverty flag
    /// passes on. What was recorded under its code stays there.
    async fn merge_villages(
        &self,
        merges: &[VillageMerge],
        change: Change<'_>,
    ) -> StoreResult<ImportTally>;
}

/// The smallest region holding all of `regions` (`Some(None)`: only the nation does), so
/// one roll-up rebuild covers every change of an import; `None` when nothing changed.
fn enclosing<'a>(regions: impl Iterator<Item = &'a RegionCode>) -> Option<Option<RegionCode>> {
    let mut common: Option<String> = None;
    for region in regions {
        let code = region.as_str();
        common = Some(match common {
            None => code.to_owned(),
            Some(so_far) => so_far
                .chars()
                .zip(code.chars())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect(),
        });
    }
    let common = common?;
    // The longest level's code that the common prefix still begins with.
    Some(
        RegionLevel::ALL
            .iter()
            .rev()
            .map(|level| level.code_len())
            .find(|len| *len <= common.len())
            .and_then(|len| RegionCode::parse(&common[..len]).ok()),
    )
}

fn json<T: serde::Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// A station's audit record: its details and status, as the register set them.
#[derive(serde::Serialize)]
struct StationAudit<'a> {
    #[serde(flatten)]
    details: &'a StationDetails,
    status: StationStatus,
    informant: Option<(&'a str, &'a str)>,
}

impl SqlStore {
    /// Writes one station of a register over the stored one (or as a new one): the
    /// opening date given wins, else the stored one stays; a closing date once set stays.
    async fn upsert_station(
        tx: Tx<'_>,
        code: &str,
        row: &StationImport,
        opened_on: Option<NaiveDate>,
        closed_on: Option<NaiveDate>,
    ) -> StoreResult<()> {
        on_tx!(tx, |tx| {
            let six = &row.details.six_have;
            sqlx::query(
                "INSERT INTO stations (code, region_code, name, station_type, status, \
                 host_venue, address, opening_hours, latitude, longitude, venue_area_m2, \
                 devices, broadband_mbps, page_url, sustainable, opened_on, closed_on) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
                 $16, $17) \
                 ON CONFLICT (code) DO UPDATE SET name = excluded.name, \
                 station_type = excluded.station_type, status = excluded.status, \
                 host_venue = excluded.host_venue, address = excluded.address, \
                 opening_hours = excluded.opening_hours, latitude = excluded.latitude, \
                 longitude = excluded.longitude, venue_area_m2 = excluded.venue_area_m2, \
                 devices = excluded.devices, broadband_mbps = excluded.broadband_mbps, \
                 page_url = excluded.page_url, sustainable = excluded.sustainable, \
                 opened_on = COALESCE($18, stations.opened_on, excluded.opened_on), \
                 closed_on = COALESCE(stations.closed_on, excluded.closed_on)",
            )
            .bind(code)
            .bind(row.region.as_str())
            .bind(&row.details.name)
            .bind(row.details.station_type.code())
            .bind(row.status.code())
            .bind(row.details.host_venue.code())
            .bind(&row.details.address)
            .bind(&row.details.opening_hours)
            .bind(row.details.latitude)
            .bind(row.details.longitude)
            .bind(six.venue_area_m2)
            .bind(six.devices)
            .bind(six.broadband_mbps)
            .bind(&six.page_url)
            .bind(six.sustainable)
            .bind(opened_on)
            .bind(closed_on)
            .bind(row.opened_on)
            .execute(&mut *tx)
            .await?;
            Ok(())
        })
    }

    async fn audit_rows(
        tx: Tx<'_>,
        change: &Change<'_>,
        object_kind: &str,
        rows: &[(String, Option<String>, Option<String>, Option<String>)],
    ) -> StoreResult<()> {
        on_tx!(tx, |tx| {
            for batch in rows.chunks(BATCH_ROWS) {
                sqlx::QueryBuilder::<Db>::new(
                    "INSERT INTO audit_log (at, actor_id, action, object_kind, object_id, \
                     region_code, before, after) ",
                )
                .push_values(batch, |mut row, (id, region, before, after)| {
                    row.push_bind(change.at)
                        .push_bind(change.actor_id)
                        .push_bind(change.action)
                        .push_bind(object_kind)
                        .push_bind(id)
                        .push_bind(region)
                        .push_bind(before)
                        .push_bind(after);
                })
                .build()
                .execute(&mut *tx)
                .await?;
            }
            Ok(())
        })
    }
}

#[async_trait]
impl ImportStore for SqlStore {
    async fn known_regions(&self, codes: &[RegionCode]) -> StoreResult<Vec<KnownRegion>> {
        on_pool!(&self.pool, |pool| {
            let mut found = Vec::with_capacity(codes.len());
            for batch in codes.chunks(BATCH_ROWS) {
                let mut query = sqlx::QueryBuilder::<Db>::new(
                    "SELECT code, name, level, parent_code, is_poverty, merged_into FROM regions \
                     WHERE code IN ",
                );
                crate::sql::push_list(&mut query, batch.iter().map(|code| code.as_str()));
                let rows: Vec<(String, String, i16, Option<String>, bool, Option<String>)> =
                    query.build_query_as().fetch_all(pool).await?;
                for (code, name, level, parent, poverty, merged_into) in rows {
                    found.push(KnownRegion {
                        region: crate::sql::region_from_row((code, name, level, parent))?,
                        poverty,
                        merged_into: merged_into
                            .map(|code| {
                                RegionCode::parse(&code)
                                    .map_err(|e| StoreError::Corrupt(e.to_string()))
                            })
                            .transpose()?,
                    });
                }
            }
            Ok(found)
        })
    }

    async fn villages_within(&self, within: &RegionCode) -> StoreResult<Vec<Region>> {
        on_pool!(&self.pool, |pool| {
            let (from, to) = crate::sql::subtree_range(within);
            let rows: Vec<crate::sql::RegionRow> = sqlx::query_as(
                "SELECT code, name, level, parent_code FROM regions \
                 WHERE level = 5 AND code >= $1 AND code < $2 AND merged_into IS NULL \
                 ORDER BY code",
            )
            .bind(&from)
            .bind(&to)
            .fetch_all(pool)
            .await?;
            rows.into_iter().map(crate::sql::region_from_row).collect()
        })
    }

    async fn stations_matching(
        &self,
        codes: &[String],
        regions: &[RegionCode],
    ) -> StoreResult<Vec<Station>> {
        on_pool!(&self.pool, |pool| {
            let mut found = Vec::new();
            let regions: Vec<&str> = regions.iter().map(RegionCode::as_str).collect();
            let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
            for (column, values) in [("s.code", &codes), ("s.region_code", &regions)] {
                for batch in values.chunks(BATCH_ROWS) {
                    let mut query = sqlx::QueryBuilder::<Db>::new(format!(
                        "SELECT {} FROM stations s JOIN regions r ON r.code = s.region_code \
                         WHERE {column} IN ",
                        crate::stations::STATION_COLUMNS
                    ));
                    crate::sql::push_list(&mut query, batch.iter().copied());
                    let rows: Vec<crate::stations::StationRow> =
                        query.build_query_as().fetch_all(pool).await?;
                    for row in rows {
                        found.push(crate::stations::station_from_row(row)?);
                    }
                }
            }
            found.sort_by(|a, b| a.code.cmp(&b.code));
            found.dedup_by(|a, b| a.code == b.code);
            Ok(found)
        })
    }

    async fn accounts_matching(
        &self,
        phones: &[String],
        usernames: &[String],
    ) -> StoreResult<Vec<UserRecord>> {
        on_pool!(&self.pool, |pool| {
            use crate::accounts::{user_from_row, USER_COLUMNS};
            let mut found = Vec::new();
            for (column, values) in [("phone", phones), ("username", usernames)] {
                for batch in values.chunks(BATCH_ROWS) {
                    let mut query = sqlx::QueryBuilder::<Db>::new(format!(
                        "SELECT {USER_COLUMNS} FROM users WHERE {column} IN "
                    ));
                    crate::sql::push_list(&mut query, batch.iter().map(|value| value.as_str()));
                    let rows: Vec<crate::accounts::UserRow> =
                        query.build_query_as().fetch_all(pool).await?;
                    for row in rows {
                        found.push(user_from_row(row)?);
                    }
                }
            }
            found.sort_by_key(|user| user.id);
            found.dedup_by_key(|user| user.id);
            Ok(found)
        })
    }

    async fn import_stations(
        &self,
        rows: &[StationImport],
        change: Change<'_>,
    ) -> StoreResult<ImportTally> {
        on_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_writing().await?;
            let mut tally = ImportTally::default();
            let (touched, numbered) = Self::station_codes((&mut *tx).into(), rows).await?;
            let mut audits = Vec::new();
            let mut events: Vec<(String, Option<&'static str>, &'static str)> = Vec::new();
            let codes: Vec<&str> = touched.iter().map(|(code, _)| code.as_str()).collect();
            let (stored, mut informants) = Self::stored_stations((&mut *tx).into(), &codes).await?;
            let mut fresh = Vec::new();
            let mut new_informants = Vec::new();
            for (code, row) in &touched {
                let informant_now = row.informant.as_ref().map(|i| {
                    informants
                        .get(&(code.clone(), i.phone.clone()))
                        .is_some_and(|(name, status)| *name == i.name && status == i.status)
                });
                // A station numbered above was inserted bare: it is new, not updated.
                let previous = stored.get(code).filter(|_| !numbered.contains(code));
                let unchanged = previous.is_some_and(|(station, opened)| {
                    station.details == row.details
                        && station.status == row.status
                        && (row.opened_on.is_none() || *opened == row.opened_on)
                }) && informant_now != Some(false);
                if unchanged {
                    tally.unchanged += 1;
                    continue;
                }
                let today = change.at.date_naive();
                let opened_on = row
                    .opened_on
                    .or((row.status == StationStatus::Operating).then_some(today));
                let closed_on = (row.status == StationStatus::Closed).then_some(today);
                let status_before = previous.map(|(station, _)| station.status);
                if stored.contains_key(code) {
                    Self::upsert_station((&mut *tx).into(), code, row, opened_on, closed_on)
                        .await?;
                } else {
                    // Most of a first import: written in batches below.
                    fresh.push((code.as_str(), *row, opened_on, closed_on));
                }
                if status_before != Some(row.status) {
                    events.push((
                        code.clone(),
                        status_before.map(StationStatus::code),
                        row.status.code(),
                    ));
                }
                if let Some(informant) = &row.informant {
                    let key = (code.clone(), informant.phone.clone());
                    if informants.contains_key(&key) {
                        sqlx::query(
                            "UPDATE informants SET name = $1, status = $2 \
                             WHERE station_code = $3 AND phone = $4",
                        )
                        .bind(&informant.name)
                        .bind(informant.status)
                        .bind(code)
                        .bind(&informant.phone)
                        .execute(&mut *tx)
                        .await?;
                    } else {
                        new_informants.push((code.as_str(), informant));
                    }
                    informants.insert(key, (informant.name.clone(), informant.status.to_owned()));
                }
                if previous.is_some() {
                    tally.updated += 1;
                } else {
                    tally.created += 1;
                }
                let before = previous
                    .map(|(station, _)| {
                        json(&StationAudit {
                            details: &station.details,
                            status: station.status,
                            informant: None,
                        })
                    })
                    .transpose()?;
                let after = json(&StationAudit {
                    details: &row.details,
                    status: row.status,
                    informant: row
                        .informant
                        .as_ref()
                        .map(|i| (i.name.as_str(), i.phone.as_str())),
                })?;
                audits.push((
                    code.clone(),
                    Some(row.region.to_string()),
                    before,
                    Some(after),
                ));
            }
            // 17 values a row: a batch stays within both engines' limits on parameters.
            for batch in fresh.chunks(BATCH_ROWS) {
                sqlx::QueryBuilder::<Db>::new(
                    "INSERT INTO stations (code, region_code, name, station_type, status, \
                     host_venue, address, opening_hours, latitude, longitude, venue_area_m2, \
                     devices, broadband_mbps, page_url, sustainable, opened_on, closed_on) ",
                )
                .push_values(batch, |mut values, (code, row, opened_on, closed_on)| {
                    let six = &row.details.six_have;
                    values
                        .push_bind(*code)
                        .push_bind(row.region.as_str())
                        .push_bind(&row.details.name)
                        .push_bind(row.details.station_type.code())
                        .push_bind(row.status.code())
                        .push_bind(row.details.host_venue.code())
                        .push_bind(&row.details.address)
                        .push_bind(&row.details.opening_hours)
                        .push_bind(row.details.latitude)
                        .push_bind(row.details.longitude)
                        .push_bind(six.venue_area_m2)
                        .push_bind(six.devices)
                        .push_bind(six.broadband_mbps)
                        .push_bind(&six.page_url)
                        .push_bind(six.sustainable)
                        .push_bind(*opened_on)
                        .push_bind(*closed_on);
                })
                .build()
                .execute(&mut *tx)
                .await?;
            }
            for batch in new_informants.chunks(BATCH_ROWS) {
                sqlx::QueryBuilder::<Db>::new(
                    "INSERT INTO informants (station_code, name, phone, status) ",
                )
                .push_values(batch, |mut values, (code, informant)| {
                    values
                        .push_bind(*code)
                        .push_bind(&informant.name)
                        .push_bind(&informant.phone)
                        .push_bind(informant.status);
                })
                .build()
                .execute(&mut *tx)
                .await?;
            }
            for batch in events.chunks(BATCH_ROWS) {
                sqlx::QueryBuilder::<Db>::new(
                    "INSERT INTO station_events (station_code, from_status, to_status, reason, \
                     actor_id, at) ",
                )
                .push_values(batch, |mut values, (code, from, to)| {
                    values
                        .push_bind(code.as_str())
                        .push_bind(*from)
                        .push_bind(*to)
                        .push_bind("批量导入")
                        .push_bind(change.actor_id)
                        .push_bind(change.at);
                })
                .build()
                .execute(&mut *tx)
                .await?;
            }
            // 六有 follows the checklist and the qualified informants now stored.
            let written: Vec<&str> = audits.iter().map(|(code, ..)| code.as_str()).collect();
            let rows_by_code: HashMap<&str, &StationImport> = touched
                .iter()
                .map(|(code, row)| (code.as_str(), *row))
                .collect();
            Self::mark_compliance((&mut *tx).into(), &written, &rows_by_code).await?;
            Self::audit_rows((&mut *tx).into(), &change, "station", &audits).await?;
            let written_rows = written.iter().filter_map(|code| rows_by_code.get(code));
            if let Some(within) = enclosing(written_rows.map(|row| &row.region)) {
                Self::refresh_coverage_in(&mut tx, within.as_ref()).await?;
            }
            tx.commit().await?;
            Ok(tally)
        })
    }

    async fn import_accounts(
        &self,
        rows: &[AccountImport],
        change: Change<'_>,
    ) -> StoreResult<ImportTally> {
        on_pool!(&self.pool, |pool| {
            use crate::accounts::{audit_json, user_from_row, USER_COLUMNS};
            let mut tx = pool.begin_writing().await?;
            let mut tally = ImportTally::default();
            let mut audits = Vec::new();
            let select = format!("SELECT {USER_COLUMNS} FROM users WHERE phone = $1");
            for row in rows {
                let existing: Option<crate::accounts::UserRow> = sqlx::query_as(&select)
                    .bind(&row.phone)
                    .fetch_optional(&mut *tx)
                    .await?;
                let existing = existing.map(user_from_row).transpose()?;
                let account = match &existing {
                    Some(before) => {
                        let after = UserRecord {
                            region_code: Some(row.region.clone()),
                            name: row.name.clone(),
                            id_card: row.id_card.clone().or_else(|| before.id_card.clone()),
                            username: row.username.clone().or_else(|| before.username.clone()),
                            status: row.status,
                            ..before.clone()
                        };
                        if after == *before {
                            tally.unchanged += 1;
                            continue;
                        }
                        sqlx::query(
                            "UPDATE users SET region_code = $1, name = $2, username = $3, \
                             id_card = $4, status = $5 WHERE id = $6",
                        )
                        .bind(row.region.as_str())
                        .bind(&after.name)
                        .bind(&after.username)
                        .bind(&after.id_card)
                        .bind(after.status.code())
                        .bind(after.id)
                        .execute(&mut *tx)
                        .await
                        .map_err(crate::sql::conflict_or)?;
                        if after.status != before.status || after.region_code != before.region_code
                        {
                            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                                .bind(after.id)
                                .execute(&mut *tx)
                                .await?;
                        }
                        tally.updated += 1;
                        after
                    }
                    None => {
                        let id: i64 = sqlx::query_scalar(
                            "INSERT INTO users (role, region_code, name, phone, username, \
                             password_hash, id_card, status, created_at) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                        )
                        .bind(row.role.code())
                        .bind(row.region.as_str())
                        .bind(&row.name)
                        .bind(&row.phone)
                        .bind(&row.username)
                        .bind(&row.password_hash)
                        .bind(&row.id_card)
                        .bind(row.status.code())
                        .bind(change.at)
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(crate::sql::conflict_or)?;
                        tally.created += 1;
                        UserRecord {
                            id,
                            role: row.role,
                            region_code: Some(row.region.clone()),
                            name: row.name.clone(),
                            phone: row.phone.clone(),
                            username: row.username.clone(),
                            password_hash: None,
                            id_card: row.id_card.clone(),
                            status: row.status,
                        }
                    }
                };
                audits.push((
                    account.id.to_string(),
                    Some(row.region.to_string()),
                    existing.as_ref().map(audit_json),
                    Some(audit_json(&account)),
                ));
            }
            Self::audit_rows((&mut *tx).into(), &change, "user", &audits).await?;
            tx.commit().await?;
            Ok(tally)
        })
    }

    async fn set_poverty(
        &self,
        flags: &[(RegionCode, bool)],
        change: Change<'_>,
    ) -> StoreResult<ImportTally> {
        on_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_writing().await?;
            let mut tally = ImportTally::default();
            let mut audits = Vec::new();
            let mut changed = Vec::new();
            for batch in flags.chunks(BATCH_ROWS) {
                let mut query = sqlx::QueryBuilder::<Db>::new(
                    "SELECT code, is_poverty FROM regions WHERE code IN ",
                );
                crate::sql::push_list(&mut query, batch.iter().map(|(code, _)| code.as_str()));
                let stored: HashMap<String, bool> = query
                    .build_query_as()
                    .fetch_all(&mut *tx)
                    .await?
                    .into_iter()
                    .collect();
                for (code, poverty) in batch {
                    let before = *stored
                        .get(code.as_str())
                        .ok_or_else(|| StoreError::NotFound(code.to_string()))?;
                    if before == *poverty {
                        tally.unchanged += 1;
                        continue;
                    }
                    tally.updated += 1;
                    changed.push((code, *poverty));
                    audits.push((
                        code.to_string(),
                        Some(code.to_string()),
                        Some(json(&serde_json::json!({ "is_poverty": before }))?),
                        Some(json(&serde_json::json!({ "is_poverty": poverty }))?),
                    ));
                }
            }
            for poverty in [true, false] {
                let codes: Vec<&str> = changed
                    .iter()
                    .filter(|(_, flag)| *flag == poverty)
                    .map(|(code, _)| code.as_str())
                    .collect();
                for batch in codes.chunks(BATCH_ROWS) {
                    let mut update =
                        sqlx::QueryBuilder::<Db>::new("UPDATE regions SET is_poverty = ");
                    update.push_bind(poverty).push(" WHERE code IN ");
                    crate::sql::push_list(&mut update, batch.iter().copied());
                    update.build().execute(&mut *tx).await?;
                }
            }
            Self::audit_rows((&mut *tx).into(), &change, "region", &audits).await?;
            if let Some(within) = enclosing(changed.iter().map(|(code, _)| *code)) {
                Self::refresh_coverage_in(&mut tx, within.as_ref()).await?;
            }
            tx.commit().await?;
            Ok(tally)
        })
    }

    async fn merge_villages(
        &self,
        merges: &[VillageMerge],
        change: Change<'_>,
    ) -> StoreResult<ImportTally> {
        on_pool!(&self.pool, |pool| {
            let mut tx = pool.begin_writing().await?;
            let mut tally = ImportTally::default();
            let mut audits = Vec::new();
            let mut touched = Vec::new();
            for merge in merges {
                let stored: Option<(Option<String>, bool)> = sqlx::query_as(
                    "SELECT merged_into, is_poverty FROM regions WHERE code = $1 AND level = 5",
                )
                .bind(merge.village.as_str())
                .fetch_optional(&mut *tx)
                .await?;
                let (merged_into, poverty) =
                    stored.ok_or_else(|| StoreError::NotFound(merge.village.to_string()))?;
                if merged_into.as_deref() == Some(merge.successor.as_str()) {
                    tally.unchanged += 1;
                    continue;
                }
                if merged_into.is_some() {
                    return Err(StoreError::Conflict(format!(
                        "{} was merged into another village",
                        merge.village
                    )));
                }
                sqlx::query("UPDATE regions SET merged_into = $1, merged_on = $2 WHERE code = $3")
                    .bind(merge.successor.as_str())
                    .bind(merge.merged_on)
                    .bind(merge.village.as_str())
                    .execute(&mut *tx)
                    .await?;
                if poverty {
                    sqlx::query("UPDATE regions SET is_poverty = TRUE WHERE code = $1")
                        .bind(merge.successor.as_str())
                        .execute(&mut *tx)
                        .await?;
                }
                let moved: Vec<(String, String)> = sqlx::query_as(
                    "UPDATE stations SET region_code = $1 WHERE region_code = $2 \
                     RETURNING code, status",
                )
                .bind(merge.successor.as_str())
                .bind(merge.village.as_str())
                .fetch_all(&mut *tx)
                .await?;
                let reason = format!("所在村 {} 撤并，并入 {}", merge.village, merge.successor);
                for (station, status) in &moved {
                    sqlx::query(
                        "INSERT INTO station_events (station_code, from_status, to_status, \
                         reason, actor_id, at) VALUES ($1, $2, $2, $3, $4, $5)",
                    )
                    .bind(station)
                    .bind(status)
                    .bind(&reason)
                    .bind(change.actor_id)
                    .bind(change.at)
                    .execute(&mut *tx)
                    .await?;
                }
                sqlx::query("UPDATE users SET region_code = $1 WHERE region_code = $2")
                    .bind(merge.successor.as_str())
                    .bind(merge.village.as_str())
                    .execute(&mut *tx)
                    .await?;
                audits.push((
                    merge.village.to_string(),
                    Some(merge.village.to_string()),
                    Some(json(&serde_json::json!({ "merged_into": null }))?),
                    Some(json(&serde_json::json!({
                        "merged_into": merge.successor.as_str(),
                        "merged_on": merge.merged_on.map(|date| date.to_string()),
                        "stations_moved": moved.len(),
                    }))?),
                ));
                touched.push(&merge.village);
                touched.push(&merge.successor);
                tally.updated += 1;
            }
            Self::audit_rows((&mut *tx).into(), &change, "region", &audits).await?;
            if let Some(within) = enclosing(touched.into_iter()) {
                Self::refresh_coverage_in(&mut tx, within.as_ref()).await?;
            }
            tx.commit().await?;
            Ok(tally)
        })
    }
}

impl SqlStore {
    /// Each row's station code: its own, or that of the station its village has under its
    /// name, or a new number (reserved at once, so the next row gets the one after) — and
    /// which codes are new.
    async fn station_codes<'r>(
        tx: Tx<'_>,
        rows: &'r [StationImport],
    ) -> StoreResult<(Vec<(String, &'r StationImport)>, HashSet<String>)> {
        on_tx!(tx, |tx| {
            // Stations a row names by region and name only, found or numbered.
            let mut by_name: HashMap<(RegionCode, String), String> = HashMap::new();
            let unnamed: Vec<RegionCode> = rows
                .iter()
                .filter(|row| row.code.is_none())
                .map(|row| row.region.clone())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            for region in &unnamed {
                WriteLock::StationNumbers
                    .hold((&mut *tx).into(), region.as_str())
                    .await?;
                let known: Vec<(String, String)> =
                    sqlx::query_as("SELECT code, name FROM stations WHERE region_code = $1")
                        .bind(region.as_str())
                        .fetch_all(&mut *tx)
                        .await?;
                for (code, name) in known {
                    by_name.insert((region.clone(), name), code);
                }
            }
            let mut numbered = HashSet::new();
            let mut touched: Vec<(String, &StationImport)> = Vec::with_capacity(rows.len());
            for row in rows {
                let code = match &row.code {
                    Some(code) => code.clone(),
                    None => match by_name.get(&(row.region.clone(), row.details.name.clone())) {
                        Some(code) => code.clone(),
                        None => {
                            let serial =
                                crate::stations::next_serial((&mut *tx).into(), &row.region)
                                    .await?;
                            let code = yinong_model::station::unified_number(&row.region, serial);
                            by_name.insert(
                                (row.region.clone(), row.details.name.clone()),
                                code.clone(),
                            );
                            numbered.insert(code.clone());
                            // Reserve the number before the next row asks for one.
                            sqlx::query(
                                "INSERT INTO stations (code, region_code, name, station_type, \
                                 status, host_venue, address, opening_hours) \
                                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                            )
                            .bind(&code)
                            .bind(row.region.as_str())
                            .bind(&row.details.name)
                            .bind(row.details.station_type.code())
                            .bind(row.status.code())
                            .bind(row.details.host_venue.code())
                            .bind(&row.details.address)
                            .bind(&row.details.opening_hours)
                            .execute(&mut *tx)
                            .await?;
                            code
                        }
                    },
                };
                touched.push((code, row));
            }
            Ok((touched, numbered))
        })
    }

    /// The stored stations of `codes` with their opening dates, and their informants'
    /// names and statuses by (station, phone).
    #[allow(clippy::type_complexity)]
    async fn stored_stations(
        tx: Tx<'_>,
        codes: &[&str],
    ) -> StoreResult<(
        HashMap<String, (Station, Option<NaiveDate>)>,
        HashMap<(String, String), (String, String)>,
    )> {
        on_tx!(tx, |tx| {
            let mut stored: HashMap<String, (Station, Option<NaiveDate>)> = HashMap::new();
            let mut informants: HashMap<(String, String), (String, String)> = HashMap::new();
            for batch in codes.chunks(BATCH_ROWS) {
                let mut query = sqlx::QueryBuilder::<Db>::new(format!(
                    "SELECT {} FROM stations s JOIN regions r ON r.code = s.region_code \
                     WHERE s.code IN ",
                    crate::stations::STATION_COLUMNS
                ));
                crate::sql::push_list(&mut query, batch.iter().copied());
                let found: Vec<crate::stations::StationRow> =
                    query.build_query_as().fetch_all(&mut *tx).await?;
                for row in found {
                    let station = crate::stations::station_from_row(row)?;
                    let opened = station
                        .opened_on
                        .as_deref()
                        .and_then(|date| date.parse().ok());
                    stored.insert(station.code.clone(), (station, opened));
                }
                let mut query = sqlx::QueryBuilder::<Db>::new(
                    "SELECT station_code, phone, name, status FROM informants WHERE station_code IN ",
                );
                crate::sql::push_list(&mut query, batch.iter().copied());
                let found: Vec<(String, String, String, String)> =
                    query.build_query_as().fetch_all(&mut *tx).await?;
                for (station, phone, name, status) in found {
                    informants.insert((station, phone), (name, status));
                }
            }
            Ok((stored, informants))
        })
    }

    /// 六有 of the `written` stations, from their rows' checklists and the qualified
    /// informants now stored.
    async fn mark_compliance(
        tx: Tx<'_>,
        written: &[&str],
        rows_by_code: &HashMap<&str, &StationImport>,
    ) -> StoreResult<()> {
        on_tx!(tx, |tx| {
            for batch in written.chunks(BATCH_ROWS) {
                let mut query = sqlx::QueryBuilder::<Db>::new(
                    "SELECT station_code, COUNT(*) FROM informants \
                     WHERE status = 'qualified' AND station_code IN ",
                );
                crate::sql::push_list(&mut query, batch.iter().copied());
                query.push(" GROUP BY station_code");
                let qualified: HashMap<String, i64> = query
                    .build_query_as()
                    .fetch_all(&mut *tx)
                    .await?
                    .into_iter()
                    .collect();
                for compliant in [true, false] {
                    let matching: Vec<&str> = batch
                        .iter()
                        .copied()
                        .filter(|code| {
                            rows_by_code.get(code).is_some_and(|row| {
                                row.details
                                    .six_have
                                    .is_compliant(qualified.get(*code).copied().unwrap_or(0))
                                    == compliant
                            })
                        })
                        .collect();
                    if matching.is_empty() {
                        continue;
                    }
                    let mut update =
                        sqlx::QueryBuilder::<Db>::new("UPDATE stations SET compliant = ");
                    update.push_bind(compliant).push(" WHERE code IN ");
                    crate::sql::push_list(&mut update, matching);
                    update.build().execute(&mut *tx).await?;
                }
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_rebuild_covers_the_smallest_region_holding_every_change() {
        let codes = |list: &[&str]| -> Vec<RegionCode> {
            list.iter().map(|c| RegionCode::parse(c).unwrap()).collect()
        };
        let within =
            |list: &[&str]| enclosing(codes(list).iter()).map(|r| r.map(|c| c.to_string()));
        assert_eq!(within(&[]), None);
        assert_eq!(within(&["370811002001"]), Some(Some("370811002001".into())));
        assert_eq!(
            within(&["370811002001", "370811005003"]),
            Some(Some("370811".into()))
        );
        assert_eq!(
            within(&["370811002001", "370812001002"]),
            Some(Some("3708".into()))
        );
        assert_eq!(within(&["370811002001", "530402001001"]), Some(None));
    }
}
