//! The coverage roll-ups: how their rows are read and decoded, and the SQL that rebuilds
//! them for a region's ancestors or the whole country.

use yinong_model::coverage::{Activity, CoverageFigures, InformantCounts, StationCount};
use yinong_model::region::{RegionCode, RegionLevel};

use super::*;

/// A region's roll-up row: villages, poverty villages, covered ones, covered poverty
/// ones, qualified informants, and its station counts packed (see [`unpack`]).
/// A roll-up row: code, villages, poverty villages, covered, covered poverty villages,
/// qualified informants, packed station counts, packed monthly changes.
pub(crate) type RollupRow = (String, i64, i64, i64, i64, i64, String, String);
/// A region's code and its rows packed into one text (see [`unpack`]).
pub(crate) type PackedRow = (String, String);

/// The rows a query packed into one text with `string_agg`: rows joined by commas, fields
/// by colons (none of the packed values holds either); empty when there were none.
pub(crate) fn unpack<const FIELDS: usize>(packed: &str) -> StoreResult<Vec<[&str; FIELDS]>> {
    packed
        .split(',')
        .filter(|row| !row.is_empty())
        .map(|row| {
            let fields: Vec<&str> = row.split(':').collect();
            fields
                .try_into()
                .map_err(|_| corrupt(format!("a packed roll-up row reads {row:?}")))
        })
        .collect()
}

pub(crate) fn number(text: &str) -> StoreResult<i64> {
    text.parse()
        .map_err(|_| corrupt(format!("a roll-up count reads {text:?}")))
}

pub(crate) fn region_code(code: &str) -> StoreResult<RegionCode> {
    RegionCode::parse(code).map_err(|e| corrupt(e.to_string()))
}

/// Puts packed station counts, by region, into rows read without them.
pub(crate) fn with_station_counts(rows: Vec<RollupRow>, counts: Vec<PackedRow>) -> Vec<RollupRow> {
    let mut counts: std::collections::HashMap<String, String> = counts.into_iter().collect();
    rows.into_iter()
        .map(|mut row| {
            row.6 = counts.remove(&row.0).unwrap_or_default();
            row
        })
        .collect()
}

/// Roll-ups from their rows, in code order.
pub(crate) fn rollups_from_rows(rows: Vec<RollupRow>) -> StoreResult<Vec<RegionRollup>> {
    let mut rollups = rows
        .into_iter()
        .map(
            |(code, villages, poverty, covered, covered_poverty, informants, counts, months)| {
                let mut stations = unpack(&counts)?
                    .into_iter()
                    .map(|[station_type, status, stations, compliant]| {
                        Ok(StationCount {
                            station_type: StationType::from_code(station_type).ok_or_else(
                                || corrupt(format!("unknown station type {station_type}")),
                            )?,
                            status: StationStatus::from_code(status)
                                .ok_or_else(|| corrupt(format!("unknown status {status}")))?,
                            stations: number(stations)?,
                            compliant: number(compliant)?,
                        })
                    })
                    .collect::<StoreResult<Vec<_>>>()?;
                stations.sort_by_key(|count| (count.station_type, count.status));
                let mut months = unpack(&months)?
                    .into_iter()
                    .map(|[month, opened, closed, covered]| {
                        Ok(super::MonthChange {
                            month: month.to_owned(),
                            stations_opened: number(opened)?,
                            stations_closed: number(closed)?,
                            villages_covered: number(covered)?,
                        })
                    })
                    .collect::<StoreResult<Vec<_>>>()?;
                months.sort_by(|a, b| a.month.cmp(&b.month));
                Ok(RegionRollup {
                    code: region_code(&code)?,
                    figures: CoverageFigures {
                        villages,
                        poverty_villages: poverty,
                        covered_villages: covered,
                        covered_poverty_villages: covered_poverty,
                        qualified_informants: informants,
                        stations,
                        ..CoverageFigures::default()
                    },
                    months,
                })
            },
        )
        .collect::<StoreResult<Vec<_>>>()?;
    rollups.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(rollups)
}

/// Service counts by kind code and informant counts by status, as the activity queries
/// return them; every kind is listed, in order, with zero when none was recorded.
pub(crate) fn activity_from_rows(
    services: Vec<(String, i64)>,
    informants: Vec<(String, i64)>,
) -> Activity {
    let count = |rows: &[(String, i64)], code: &str| {
        rows.iter()
            .find(|(row_code, _)| row_code == code)
            .map_or(0, |(_, n)| *n)
    };
    Activity {
        services: ServiceKind::ALL
            .into_iter()
            .map(|kind| (kind, count(&services, kind.code())))
            .collect(),
        informants: InformantCounts {
            registered: informants.iter().map(|(_, n)| n).sum(),
            in_training: count(&informants, "training"),
            qualified: count(&informants, "qualified"),
            dismissed: count(&informants, "dismissed"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_rows_unpack_and_damaged_ones_are_reported() {
        assert_eq!(
            unpack::<4>("2019-03:2:0:2,2018-11:1:0:1").unwrap(),
            [["2019-03", "2", "0", "2"], ["2018-11", "1", "0", "1"]]
        );
        assert!(unpack::<4>("2019-03:2:0").is_err());
        assert!(unpack::<4>("").unwrap().is_empty());
        let rollups = rollups_from_rows(vec![
            (
                "3708".into(),
                5,
                0,
                3,
                0,
                0,
                String::new(),
                "2019-03:2:0:2,2018-11:1:0:1".into(),
            ),
            (
                "3701".into(),
                4,
                0,
                1,
                0,
                0,
                String::new(),
                "2020-01:1:1:0".into(),
            ),
        ])
        .unwrap();
        let order: Vec<_> = rollups
            .iter()
            .flat_map(|r| r.months.iter().map(|m| (r.code.as_str(), m.month.as_str())))
            .collect();
        assert_eq!(
            order,
            [
                ("3701", "2020-01"),
                ("3708", "2018-11"),
                ("3708", "2019-03")
            ]
        );
        let damaged = (
            "3708".into(),
            5,
            0,
            3,
            0,
            0,
            String::new(),
            "2019-03:x:0:2".into(),
        );
        assert!(rollups_from_rows(vec![damaged]).is_err());
    }

    #[test]
    fn the_nation_and_provinces_spread_a_villages_services_over_their_shards() {
        let village = RegionCode::parse("370811001001").unwrap();
        let regions = service_rollup_regions(&village);
        let names: Vec<&str> = regions.iter().map(|(region, _)| *region).collect();
        assert_eq!(names, ["", "37", "3708", "370811", "370811001"]);
        assert_eq!(
            regions[0].1, regions[1].1,
            "the nation and province: one shard"
        );
        assert!(regions[2..].iter().all(|(_, shard)| *shard == 0));
        // Villages of one township land in most of the shards.
        let shards: std::collections::BTreeSet<i32> = (1..=40)
            .map(|n| {
                let village = RegionCode::parse(&format!("370811001{n:03}")).unwrap();
                service_rollup_regions(&village)[0].1
            })
            .collect();
        assert!(shards.len() >= 12, "{shards:?}");
        assert!(shards
            .iter()
            .all(|shard| (0..SERVICE_SHARDS as i32).contains(shard)));
        assert!(
            REBUILD_SERVICES.contains(&format!(" % {SERVICE_SHARDS} ")),
            "a rebuild spreads over as many shards as live writes"
        );
    }

    #[test]
    fn packed_station_counts_join_their_region_in_type_and_status_order() {
        let rollups = rollups_from_rows(with_station_counts(
            vec![
                (
                    "370811".into(),
                    10,
                    2,
                    6,
                    1,
                    7,
                    String::new(),
                    String::new(),
                ),
                ("370802".into(), 3, 0, 0, 0, 0, String::new(), String::new()),
            ],
            vec![(
                "370811".into(),
                "standard:operating:5:3,demonstration:declared:1:0".into(),
            )],
        ))
        .unwrap();
        assert_eq!(rollups[0].code.as_str(), "370802");
        assert!(
            rollups[0].figures.stations.is_empty(),
            "no stations: nothing packed"
        );
        let (code, figures) = (&rollups[1].code, &rollups[1].figures);
        assert_eq!(code.as_str(), "370811");
        assert_eq!(figures.covered_villages, 6);
        assert_eq!(
            figures.stations,
            [
                StationCount {
                    station_type: StationType::Demonstration,
                    status: StationStatus::Declared,
                    stations: 1,
                    compliant: 0
                },
                StationCount {
                    station_type: StationType::Standard,
                    status: StationStatus::Operating,
                    stations: 5,
                    compliant: 3
                },
            ]
        );
    }
}

/// The levels that keep roll-ups, by code length. Villages are counted directly.
pub(crate) const ROLLUP_CODE_LENS: [usize; 4] = [2, 4, 6, 9];

/// The code range to rebuild at one roll-up level: the ancestor of `within` at that level,
/// or every region of that level inside `within` (the whole country when `None`).
pub(crate) fn rollup_range(within: Option<&RegionCode>, code_len: usize) -> (String, String) {
    match within {
        Some(code) if code.as_str().len() >= code_len => {
            let ancestor = &code.as_str()[..code_len];
            (ancestor.to_owned(), format!("{ancestor}:"))
        }
        Some(code) => crate::sql::subtree_range(code),
        None => (String::new(), ":".to_owned()),
    }
}

/// Which regions a query for `code_len`-digit regions inside `within` reads.

pub(crate) fn village_code_len() -> usize {
    RegionLevel::Village.code_len()
}

/// A region's station counts as one text, `type:status:stations:compliant` joined by
/// commas, from rows with those columns grouped by region; read by `rollups_from_rows`.
pub(crate) const PACKED_STATION_COUNTS: &str = "string_agg(station_type || ':' || status \
    || ':' || CAST(stations AS TEXT) || ':' || CAST(compliant AS TEXT), ',')";

/// Packs each region's station counts into its roll-up row (after `REBUILD_STATIONS`), so
/// that a drill-down reads one row per child region.
pub(crate) const PACK_STATIONS: &str = "\
    UPDATE coverage_villages SET station_counts = COALESCE((SELECT string_agg( \
        cs.station_type || ':' || cs.status || ':' || CAST(cs.stations AS TEXT) || ':' \
        || CAST(cs.compliant AS TEXT), ',') FROM coverage_stations cs \
        WHERE cs.region_code = coverage_villages.region_code), '') \
    WHERE region_code >= $1 AND region_code < $2 AND length(region_code) = $3";

/// Packs each region's monthly changes (`month:opened:closed:covered`, after
/// `REBUILD_MONTHS`) into its roll-up row.
pub(crate) const PACK_MONTHS: &str = "\
    UPDATE coverage_villages SET month_changes = COALESCE((SELECT string_agg( \
        cm.month || ':' || CAST(cm.stations_opened AS TEXT) || ':' \
        || CAST(cm.stations_closed AS TEXT) || ':' || CAST(cm.villages_covered AS TEXT), ',') \
        FROM coverage_months cm WHERE cm.region_code = coverage_villages.region_code), '') \
    WHERE region_code >= $1 AND region_code < $2 AND length(region_code) = $3";

/// Village roll-up of one level: villages, poverty villages, covered ones, and qualified
/// informants at stations of any type inside each region.
pub(crate) const REBUILD_VILLAGES: &str = "\
    INSERT INTO coverage_villages (region_code, villages, poverty_villages, covered_villages, \
        covered_poverty_villages, qualified_informants) \
    SELECT substr(v.code, 1, $3), COUNT(*), \
        SUM(CASE WHEN v.is_poverty THEN 1 ELSE 0 END), \
        SUM(CASE WHEN v.covered THEN 1 ELSE 0 END), \
        SUM(CASE WHEN v.covered AND v.is_poverty THEN 1 ELSE 0 END), 0 \
    FROM (SELECT r.code, r.is_poverty, EXISTS (SELECT 1 FROM stations s \
            WHERE s.region_code = r.code AND s.status = 'operating') AS covered \
          FROM regions r WHERE r.level = 5 AND r.code >= $1 AND r.code < $2 \
          AND r.merged_into IS NULL) AS v \
    GROUP BY 1";

/// Qualified informants per region, taken from the informant roll-up (rebuilt first): a
/// look-up by key per region, where counting the stations' informants again per region
/// took minutes nationally on PostgreSQL.
pub(crate) const REBUILD_INFORMANTS: &str = "\
    UPDATE coverage_villages SET qualified_informants = COALESCE((SELECT ci.informants \
        FROM coverage_informants ci WHERE ci.region_code = coverage_villages.region_code \
        AND ci.status = 'qualified'), 0) \
    WHERE region_code >= $1 AND region_code < $2 AND length(region_code) = $3";

pub(crate) const REBUILD_STATIONS: &str = "\
    INSERT INTO coverage_stations (region_code, station_type, status, stations, compliant) \
    SELECT substr(s.region_code, 1, $3), s.station_type, s.status, COUNT(*), \
        SUM(CASE WHEN s.compliant THEN 1 ELSE 0 END) \
    FROM stations s WHERE s.region_code >= $1 AND s.region_code < $2 \
        AND length(s.region_code) >= $3 \
    GROUP BY 1, 2, 3";

/// Informants by status at the stations inside each region.
pub(crate) const REBUILD_INFORMANT_STATUSES: &str = "\
    INSERT INTO coverage_informants (region_code, status, informants) \
    SELECT substr(s.region_code, 1, $3), i.status, COUNT(*) \
    FROM informants i JOIN stations s ON s.code = i.station_code \
    WHERE s.region_code >= $1 AND s.region_code < $2 AND length(s.region_code) >= $3 \
    GROUP BY 1, 2";

/// Service records by month and kind. A station's code is its region's code and a
/// two-digit serial, so its first `$3` digits name its region at that level. Provinces'
/// rows are spread over the shards as live writes spread them (by the station's last four
/// digits here, by its village there: a read sums every shard either way), so a rebuilt
/// country is read as one that has been written to for a year.
pub(crate) const REBUILD_SERVICES: &str = "\
    INSERT INTO coverage_services (region_code, month, kind, shard, records) \
    SELECT substr(station_code, 1, $3), substr(CAST(served_on AS TEXT), 1, 7), kind, \
        CASE WHEN $3 <= 2 \
            THEN CAST(substr(station_code, length(station_code) - 3, 4) AS INTEGER) % 16 \
            ELSE 0 END, \
        COUNT(*) \
    FROM service_records \
    WHERE station_code >= $1 AND station_code < $2 AND length(station_code) >= $3 + 2 \
    GROUP BY 1, 2, 3, 4";

/// `$5` service records more in a region's month, in shard `$4`, for a station's every
/// ancestor and the nation (`''`) as one statement per region: a request done or a logged
/// entry adds a few records, and rebuilding the roll-ups for them would recount every record
/// of its county.
pub(crate) const COUNT_SERVICES: &str = "\
    INSERT INTO coverage_services (region_code, month, kind, shard, records) \
    VALUES ($1, $2, $3, $4, $5) \
    ON CONFLICT (region_code, month, kind, shard) \
    DO UPDATE SET records = coverage_services.records + $5";

/// How many rows (shards) the nation's and each province's services of a month and kind
/// are kept in; a read sums them. One row would make every service write of the country
/// (or the province) wait for the one before it to commit.
pub(crate) const SERVICE_SHARDS: u32 = 16;

/// The regions whose service roll-ups count a station in `village`, each with the shard it
/// adds to: its ancestors at each roll-up level (itself included) and the nation, `''`.
/// The nation and provinces add to the village's shard, the others to shard 0.
pub(crate) fn service_rollup_regions(village: &RegionCode) -> Vec<(&str, i32)> {
    let code = village.as_str();
    let spread = code.bytes().fold(0u32, |hash, digit| {
        hash.wrapping_mul(31).wrapping_add(digit.into())
    }) % SERVICE_SHARDS;
    std::iter::once("")
        .chain(
            ROLLUP_CODE_LENS
                .into_iter()
                .filter(|len| *len <= code.len())
                .map(|len| &code[..len]),
        )
        .map(|region| {
            let shard = if region.len() <= 2 { spread } else { 0 };
            (region, shard as i32)
        })
        .collect()
}

/// The nation's services by month and kind, kept as the rows of region '' (the nation) and
/// summed shard by shard from its provinces' rows after they are rebuilt: summing them for
/// every national answer was most of its reading.
pub(crate) const REBUILD_NATION_SERVICES: [&str; 2] = [
    "DELETE FROM coverage_services WHERE region_code = ''",
    "INSERT INTO coverage_services (region_code, month, kind, shard, records) \
     SELECT '', month, kind, shard, SUM(records) FROM coverage_services \
     WHERE length(region_code) = 2 GROUP BY month, kind, shard",
];

/// Opened and closed stations by month, and villages by the month their earliest
/// operating station opened.
pub(crate) const REBUILD_MONTHS: &str = "\
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
