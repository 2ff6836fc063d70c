//! The target tables of the seed documents, kept as the documents state them.

use yinong_model::region::RegionCode;
use yinong_model::target::{Target, TargetMetric};

use crate::regions::import::ImportError;
use yinong_store::Store;

/// One CSV table: which column holds the region code, which the document's village count,
/// and which columns are targets for which period and metric (times a unit factor).
struct TargetTable {
    file: &'static str,
    csv: &'static str,
    source: &'static str,
    region_column: &'static str,
    basis_column: Option<&'static str>,
    columns: &'static [(&'static str, &'static str, TargetMetric, f64)],
}

const TEN_THOUSAND: f64 = 10_000.0;

const TABLES: [TargetTable; 3] = [
    TargetTable {
        file: "provinces-2018.csv",
        csv: include_str!("../../seed/targets/provinces-2018.csv"),
        source: "农业农村部办公厅关于做好2018年信息进村入户工程整省推进示范工作的通知",
        region_column: "province_code",
        basis_column: None,
        columns: &[
            (
                "stations_target_end_2018",
                "2018",
                TargetMetric::StationsTotal,
                1.0,
            ),
            (
                "village_coverage_target_end_2018",
                "2018",
                TargetMetric::CoverageRatio,
                1.0,
            ),
        ],
    },
    TargetTable {
        file: "jining-2019-2020.csv",
        csv: include_str!("../../seed/targets/jining-2019-2020.csv"),
        source: "济农字〔2019〕36号 济宁市信息进村入户工程整市推进实施方案",
        region_column: "county_code",
        basis_column: Some("villages"),
        columns: &[
            (
                "h1_2019_stations",
                "2019H1",
                TargetMetric::StationsAdded,
                1.0,
            ),
            (
                "h1_2019_app_downloads_10k",
                "2019H1",
                TargetMetric::AppDownloadsAdded,
                TEN_THOUSAND,
            ),
            (
                "h2_2019_stations",
                "2019H2",
                TargetMetric::StationsAdded,
                1.0,
            ),
            (
                "h2_2019_new_app_downloads_10k",
                "2019H2",
                TargetMetric::AppDownloadsAdded,
                TEN_THOUSAND,
            ),
            ("y2020_stations", "2020", TargetMetric::StationsAdded, 1.0),
            (
                "y2020_new_app_downloads_10k",
                "2020",
                TargetMetric::AppDownloadsAdded,
                TEN_THOUSAND,
            ),
        ],
    },
    TargetTable {
        file: "xinping-2018-2020.csv",
        csv: include_str!("../../seed/targets/xinping-2018-2020.csv"),
        source: "新农通〔2018〕60号 新平县开展信息进村入户工作实施方案",
        region_column: "township_code",
        basis_column: Some("villages_and_communities"),
        columns: &[
            ("y2018_stations", "2018", TargetMetric::StationsTotal, 1.0),
            (
                "y2018_demonstration",
                "2018",
                TargetMetric::StationsDemonstration,
                1.0,
            ),
            (
                "y2018_standard",
                "2018",
                TargetMetric::StationsStandard,
                1.0,
            ),
            ("y2018_simple", "2018", TargetMetric::StationsSimple, 1.0),
            (
                "y2019_stations_cumulative",
                "2019",
                TargetMetric::StationsTotal,
                1.0,
            ),
            (
                "y2020_stations_cumulative",
                "2020",
                TargetMetric::StationsTotal,
                1.0,
            ),
            (
                "y2020_app_users_10k",
                "2020",
                TargetMetric::AppUsers,
                TEN_THOUSAND,
            ),
        ],
    },
];

/// Every target of the seed tables, validated.
pub fn seed_target_list() -> Result<Vec<Target>, ImportError> {
    let mut targets = Vec::new();
    for table in &TABLES {
        let invalid = |line: u64, message: String| ImportError::Invalid {
            file: table.file.to_owned(),
            line,
            message,
        };
        let mut csv = csv::Reader::from_reader(table.csv.as_bytes());
        let headers = csv
            .headers()
            .map_err(|e| invalid(1, e.to_string()))?
            .clone();
        let column = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .ok_or_else(|| invalid(1, format!("no column {name}")))
        };
        let region_at = column(table.region_column)?;
        let basis_at = table.basis_column.map(column).transpose()?;
        for record in csv.records() {
            let record = record.map_err(|e| invalid(0, e.to_string()))?;
            let line = record.position().map_or(0, |p| p.line());
            let number = |at: usize| {
                record[at]
                    .trim()
                    .parse::<f64>()
                    .map_err(|e| invalid(line, format!("{}: {e}", &record[at])))
            };
            let region_code =
                RegionCode::parse(&record[region_at]).map_err(|e| invalid(line, e.to_string()))?;
            let basis_villages = basis_at.map(number).transpose()?.map(|n| n as i64);
            for (name, period, metric, unit) in table.columns {
                targets.push(Target {
                    region_code: region_code.clone(),
                    period: (*period).to_owned(),
                    metric: *metric,
                    // Round away float noise such as 1.52 × 10 000 = 15199.999….
                    value: (number(column(name)?)? * unit * 1e6).round() / 1e6,
                    basis_villages,
                    source: table.source.to_owned(),
                });
            }
        }
    }
    Ok(targets)
}

/// Upserts the seed targets whose regions exist in the database.
pub async fn seed_targets(store: &dyn Store) -> Result<(), ImportError> {
    let mut present = Vec::new();
    for target in seed_target_list()? {
        if store.region(&target.region_code).await?.is_some() {
            present.push(target);
        }
    }
    store.upsert_targets(&present).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_tables_parse_with_the_documents_figures() {
        let targets = seed_target_list().unwrap();
        let find = |code: &str, period: &str, metric: TargetMetric| {
            targets
                .iter()
                .find(|t| {
                    t.region_code.as_str() == code && t.period == period && t.metric == metric
                })
                .unwrap_or_else(|| panic!("missing {code} {period} {metric:?}"))
        };
        assert_eq!(
            find("37", "2018", TargetMetric::StationsTotal).value,
            29687.0
        );
        assert_eq!(find("37", "2018", TargetMetric::CoverageRatio).value, 0.40);
        let rencheng = find("370811", "2019H1", TargetMetric::StationsAdded);
        assert_eq!(
            (rencheng.value, rencheng.basis_villages),
            (227.0, Some(567))
        );
        assert_eq!(
            find("370811", "2019H1", TargetMetric::AppDownloadsAdded).value,
            15200.0
        );
        assert_eq!(
            find("530427102", "2020", TargetMetric::StationsTotal).value,
            17.0
        );
        // 济宁's plan: 2,492 in 2019 H1 across its 11 counties.
        let h1: f64 = targets
            .iter()
            .filter(|t| t.period == "2019H1" && t.metric == TargetMetric::StationsAdded)
            .map(|t| t.value)
            .sum();
        assert_eq!(h1, 2492.0);
        // 新平's 2018 table: 99 stations, 19 demonstration, 50 standard, 30 simple.
        let xinping_2018 = |metric| -> f64 {
            targets
                .iter()
                .filter(|t| t.region_code.as_str().starts_with("530427") && t.period == "2018")
                .filter(|t| t.metric == metric)
                .map(|t| t.value)
                .sum()
        };
        assert_eq!(xinping_2018(TargetMetric::StationsTotal), 99.0);
        assert_eq!(xinping_2018(TargetMetric::StationsDemonstration), 19.0);
        assert_eq!(xinping_2018(TargetMetric::StationsStandard), 50.0);
        assert_eq!(xinping_2018(TargetMetric::StationsSimple), 30.0);
    }
}
