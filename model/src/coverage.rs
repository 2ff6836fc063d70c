//! Coverage: how many villages have an operating 益农信息社, against which target.
//! The arithmetic lives here so the dashboard, the exports and the tests agree.

use serde::{Deserialize, Serialize};

use crate::region::{Region, RegionCode};
use crate::service::ServiceKind;
use crate::station::{StationStatus, StationType};
use crate::target::TargetValue;

/// Stations of one type and status inside a region, and how many of them meet 六有.
/// Sent as `[type, status, stations, compliant]`: a nation's answer holds ~1,000 of them,
/// and field names tripled its size.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "StationCountRow", into = "StationCountRow")]
pub struct StationCount {
    pub station_type: StationType,
    pub status: StationStatus,
    pub stations: i64,
    pub compliant: i64,
}

type StationCountRow = (StationType, StationStatus, i64, i64);

/// Described as it is sent: the row.
#[cfg(feature = "openapi")]
impl schemars::JsonSchema for StationCount {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "StationCount".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        StationCountRow::json_schema(generator)
    }
}

impl From<StationCountRow> for StationCount {
    fn from((station_type, status, stations, compliant): StationCountRow) -> Self {
        Self {
            station_type,
            status,
            stations,
            compliant,
        }
    }
}

impl From<StationCount> for StationCountRow {
    fn from(count: StationCount) -> Self {
        (
            count.station_type,
            count.status,
            count.stations,
            count.compliant,
        )
    }
}

/// The figures for one region (or the nation).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct CoverageFigures {
    pub villages: i64,
    pub poverty_villages: i64,
    /// Villages with at least one operating station.
    pub covered_villages: i64,
    pub covered_poverty_villages: i64,
    /// Qualified informants at stations inside the region.
    pub qualified_informants: i64,
    pub stations: Vec<StationCount>,
    /// Farmers registered in the app with a village inside the region (APP 用户数).
    #[serde(default)]
    pub farmers: i64,
    /// Of them, those who used the app in the last 30 days.
    #[serde(default)]
    pub active_farmers: i64,
}

impl CoverageFigures {
    pub fn coverage(&self) -> Option<f64> {
        ratio(self.covered_villages, self.villages)
    }

    pub fn poverty_coverage(&self) -> Option<f64> {
        ratio(self.covered_poverty_villages, self.poverty_villages)
    }

    pub fn other_coverage(&self) -> Option<f64> {
        ratio(
            self.covered_villages - self.covered_poverty_villages,
            self.villages - self.poverty_villages,
        )
    }

    pub fn count(&self, keep: impl Fn(&StationCount) -> bool) -> i64 {
        self.stations
            .iter()
            .filter(|c| keep(c))
            .map(|c| c.stations)
            .sum()
    }

    pub fn operating(&self) -> i64 {
        self.count(|c| c.status.counts_as_coverage())
    }

    pub fn operating_of_type(&self, station_type: StationType) -> i64 {
        self.count(|c| c.status.counts_as_coverage() && c.station_type == station_type)
    }

    pub fn with_status(&self, status: StationStatus) -> i64 {
        self.count(|c| c.status == status)
    }

    /// Operating stations that meet all of 六有.
    pub fn compliant_operating(&self) -> i64 {
        self.stations
            .iter()
            .filter(|c| c.status.counts_as_coverage())
            .map(|c| c.compliant)
            .sum()
    }

    /// Adds another region's figures (the nation is the sum of its provinces).
    pub fn add(&mut self, other: &CoverageFigures) {
        self.villages += other.villages;
        self.poverty_villages += other.poverty_villages;
        self.covered_villages += other.covered_villages;
        self.covered_poverty_villages += other.covered_poverty_villages;
        self.qualified_informants += other.qualified_informants;
        self.farmers += other.farmers;
        self.active_farmers += other.active_farmers;
        for count in &other.stations {
            let same = |c: &&mut StationCount| {
                c.station_type == count.station_type && c.status == count.status
            };
            match self.stations.iter_mut().find(same) {
                Some(mine) => {
                    mine.stations += count.stations;
                    mine.compliant += count.compliant;
                }
                None => self.stations.push(count.clone()),
            }
        }
        self.stations.sort_by_key(|c| (c.station_type, c.status));
    }
}

pub fn ratio(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// One region's coverage for a period: today's figures, the stations in operation at the
/// period's end, and the period's targets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct RegionCoverage {
    /// `None` for the nation.
    pub region: Option<Region>,
    pub figures: CoverageFigures,
    /// Operating stations at the end of the period (today, for a period not yet over).
    pub stations_at_period_end: i64,
    pub stations_due: Option<TargetValue>,
    pub coverage_due: Option<TargetValue>,
    /// When the stations due will be in operation at the recent pace; `None` without a target.
    pub forecast: Option<Forecast>,
    /// App users to reach by the period's end (APP 用户数), when a target says.
    #[serde(default)]
    pub users_due: Option<TargetValue>,
}

impl RegionCoverage {
    /// Registered farmers as a share of the app users due.
    pub fn users_of_target(&self) -> Option<f64> {
        let due = self.users_due.as_ref()?.value;
        (due > 0.0).then(|| self.figures.farmers as f64 / due)
    }

    /// Stations at the period's end as a share of the stations due.
    pub fn of_target(&self) -> Option<f64> {
        let due = self.stations_due.as_ref()?.value;
        (due > 0.0).then(|| self.stations_at_period_end as f64 / due)
    }
}

/// Operating stations and covered villages at the end of a month, counted cumulatively.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct MonthPoint {
    /// `YYYY-MM`.
    pub month: String,
    pub stations: i64,
    pub villages: i64,
}

/// When a region reaches its station target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", tag = "state", content = "month")]
pub enum Forecast {
    /// Reached in this month (`YYYY-MM`).
    Met(String),
    /// Expected in this month at the pace of the last [`PACE_MONTHS`] months.
    Expected(String),
    /// No stations were added lately: at this pace the target is never met.
    Stalled,
}

/// The months over which the recent pace is measured.
pub const PACE_MONTHS: u32 = 6;

/// Forecasts when `series` (cumulative, by month) reaches `due`, judged at month `as_of`:
/// met when it already has; otherwise at the average net openings per month over the
/// [`PACE_MONTHS`] months up to `as_of`.
pub fn forecast(series: &[MonthPoint], due: f64, as_of: &str) -> Forecast {
    let upto: Vec<&MonthPoint> = series
        .iter()
        .take_while(|p| p.month.as_str() <= as_of)
        .collect();
    if let Some(reached) = upto.iter().find(|p| p.stations as f64 >= due) {
        return Forecast::Met(reached.month.clone());
    }
    let stations_at = |month: &str| {
        upto.iter()
            .take_while(|p| p.month.as_str() <= month)
            .last()
            .map_or(0, |p| p.stations)
    };
    let now = stations_at(as_of);
    let pace_start = add_months(as_of, -(PACE_MONTHS as i32));
    let pace = (now - stations_at(&pace_start)) as f64 / f64::from(PACE_MONTHS);
    if pace <= 0.0 {
        return Forecast::Stalled;
    }
    let months = ((due - now as f64) / pace).ceil() as i32;
    Forecast::Expected(add_months(as_of, months))
}

/// `YYYY-MM` moved by `months` (negative goes back).
pub fn add_months(month: &str, months: i32) -> String {
    let year: i32 = month[..4].parse().unwrap_or(0);
    let number: i32 = month[5..7].parse().unwrap_or(1);
    let index = year * 12 + number - 1 + months;
    format!(
        "{:04}-{:02}",
        index.div_euclid(12),
        index.rem_euclid(12) + 1
    )
}

/// Service records by kind and informants by status inside a region.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Activity {
    /// Services recorded this month and the eleven before, by kind (all four, in order).
    pub services: Vec<(ServiceKind, i64)>,
    pub informants: InformantCounts,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct InformantCounts {
    /// Everyone ever registered, whatever their status now.
    pub registered: i64,
    pub in_training: i64,
    pub qualified: i64,
    /// 解聘.
    pub dismissed: i64,
}

/// An uncovered village for the gap planner, with what ranks it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Gap {
    pub village: Region,
    pub township: Region,
    pub poverty: bool,
    /// The township's operating stations as a share of its stations due for the period;
    /// `None` when it has no target.
    pub township_of_target: Option<f64>,
    /// The township's village coverage today.
    pub township_coverage: Option<f64>,
}

/// Orders the gap planner's list: poverty villages first, then villages of townships
/// furthest behind their target (those without a target after those with one, least
/// covered first), then by code.
pub fn rank_gaps(gaps: &mut [Gap]) {
    let behind = |share: Option<f64>| share.unwrap_or(f64::INFINITY);
    gaps.sort_by(|a, b| {
        b.poverty
            .cmp(&a.poverty)
            .then(behind(a.township_of_target).total_cmp(&behind(b.township_of_target)))
            .then(behind(a.township_coverage).total_cmp(&behind(b.township_coverage)))
            .then_with(|| a.village.code.cmp(&b.village.code))
    });
}

/// `GET /api/coverage/{code}/gaps`: one page of the ranked uncovered villages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct GapPage {
    pub total: i64,
    pub offset: i64,
    pub gaps: Vec<Gap>,
}

/// A period's station target, for drawing targets against the cumulative line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PeriodTarget {
    pub period: String,
    pub end_month: String,
    pub stations_due: f64,
}

/// `GET /api/coverage[/{code}]?period=…`: a region, its children for drill-down and its
/// history. Below a township the children are villages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Coverage {
    /// From the province down to this region; empty for the nation.
    pub path: Vec<Region>,
    pub period: String,
    /// Periods that have targets here or below, oldest first.
    pub periods: Vec<String>,
    pub summary: RegionCoverage,
    pub children: Vec<RegionCoverage>,
    pub series: Vec<MonthPoint>,
    pub period_targets: Vec<PeriodTarget>,
    /// The planned station types for the period (empty when the documents set none).
    pub type_plan: Vec<(StationType, f64)>,
    pub activity: Activity,
    /// When these figures were computed (RFC 3339): the nation's and provinces' are kept
    /// for a minute.
    pub computed_at: String,
}

impl Coverage {
    pub fn code(&self) -> Option<&RegionCode> {
        self.path.last().map(|region| &region.code)
    }
}

/// A share as people read it: "45.6%", or "—" where there is none (no villages, no target).
pub fn share_text(share: Option<f64>) -> String {
    share.map_or_else(|| "—".to_owned(), |share| format!("{:.1}%", share * 100.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(station_type: StationType, status: StationStatus, stations: i64) -> StationCount {
        StationCount {
            station_type,
            status,
            stations,
            compliant: stations / 2,
        }
    }

    fn point(month: &str, stations: i64) -> MonthPoint {
        MonthPoint {
            month: month.into(),
            stations,
            villages: stations,
        }
    }

    fn gap(code: &str, poverty: bool, of_target: Option<f64>, coverage: f64) -> Gap {
        let region = |code: &str| Region {
            code: RegionCode::parse(code).unwrap(),
            name: code.into(),
            level: RegionCode::parse(code).unwrap().level(),
            parent_code: RegionCode::parse(code).unwrap().parent(),
        };
        Gap {
            village: region(code),
            township: region(&code[..9]),
            poverty,
            township_of_target: of_target,
            township_coverage: Some(coverage),
        }
    }

    #[test]
    fn gaps_rank_poverty_first_then_townships_furthest_behind() {
        let mut gaps = vec![
            gap("370811001001", false, Some(0.9), 0.2),
            gap("370811002001", false, None, 0.1),
            gap("370811003001", false, Some(0.5), 0.8),
            gap("370811004002", true, Some(0.95), 0.9),
            gap("370811005001", false, None, 0.05),
            gap("370811004001", true, Some(0.95), 0.9),
        ];
        rank_gaps(&mut gaps);
        let order: Vec<&str> = gaps.iter().map(|g| g.village.code.as_str()).collect();
        assert_eq!(
            order,
            [
                "370811004001",
                "370811004002",
                "370811003001",
                "370811001001",
                "370811005001",
                "370811002001"
            ]
        );
    }

    #[test]
    fn months_move_across_years() {
        assert_eq!(add_months("2019-11", 3), "2020-02");
        assert_eq!(add_months("2020-02", -6), "2019-08");
        assert_eq!(add_months("2020-12", 0), "2020-12");
    }

    #[test]
    fn forecasts_follow_the_recent_pace() {
        let series = [
            point("2019-01", 10),
            point("2019-07", 20),
            point("2019-10", 26),
            point("2020-01", 32),
        ];
        // Reached in October 2019.
        assert_eq!(
            forecast(&series, 25.0, "2020-06"),
            Forecast::Met("2019-10".into())
        );
        // From 2019-07 (20) to 2020-01 (32): 2 a month; 8 more take 4 months.
        assert_eq!(
            forecast(&series, 40.0, "2020-01"),
            Forecast::Expected("2020-05".into())
        );
        // Judged in 2021-01, nothing was added since 2020-01.
        assert_eq!(forecast(&series, 40.0, "2021-01"), Forecast::Stalled);
        // Points after the judging month are not known yet.
        assert_eq!(
            forecast(&series, 25.0, "2019-08"),
            Forecast::Expected("2019-11".into())
        );
    }

    #[test]
    fn figures_add_up_by_type_and_status() {
        let mut nation = CoverageFigures::default();
        let province = CoverageFigures {
            villages: 10,
            poverty_villages: 4,
            covered_villages: 6,
            covered_poverty_villages: 3,
            qualified_informants: 7,
            stations: vec![
                count(StationType::Standard, StationStatus::Operating, 4),
                count(StationType::Simple, StationStatus::Operating, 2),
                count(StationType::Simple, StationStatus::Declared, 3),
            ],
            farmers: 50,
            active_farmers: 20,
        };
        nation.add(&province);
        nation.add(&province);
        assert_eq!(nation.villages, 20);
        assert_eq!((nation.farmers, nation.active_farmers), (100, 40));
        assert_eq!(nation.operating(), 12);
        assert_eq!(nation.operating_of_type(StationType::Simple), 4);
        assert_eq!(nation.with_status(StationStatus::Declared), 6);
        assert_eq!(nation.compliant_operating(), 6);
        assert_eq!(nation.coverage(), Some(0.6));
        assert_eq!(nation.poverty_coverage(), Some(0.75));
        assert_eq!(nation.other_coverage(), Some(0.5));
        assert_eq!(CoverageFigures::default().coverage(), None);
    }
}
