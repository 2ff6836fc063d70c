//! Coverage: how many villages have an operating 益农信息社, against which target.
//! The arithmetic lives here so the dashboard, the exports and the tests agree.

use serde::{Deserialize, Serialize};

use crate::region::{Region, RegionCode};
use crate::station::{StationStatus, StationType};
use crate::target::TargetValue;

/// Stations of one type and status inside a region, and how many of them meet 六有.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StationCount {
    pub station_type: StationType,
    pub status: StationStatus,
    pub stations: i64,
    pub compliant: i64,
}

/// The figures for one region (or the nation).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverageFigures {
    pub villages: i64,
    pub poverty_villages: i64,
    /// Villages with at least one operating station.
    pub covered_villages: i64,
    pub covered_poverty_villages: i64,
    /// Qualified informants at stations inside the region.
    pub qualified_informants: i64,
    pub stations: Vec<StationCount>,
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
pub struct RegionCoverage {
    /// `None` for the nation.
    pub region: Option<Region>,
    pub figures: CoverageFigures,
    /// Operating stations at the end of the period (today, for a period not yet over).
    pub stations_at_period_end: i64,
    pub stations_due: Option<TargetValue>,
    pub coverage_due: Option<TargetValue>,
}

impl RegionCoverage {
    /// Stations at the period's end as a share of the stations due.
    pub fn of_target(&self) -> Option<f64> {
        let due = self.stations_due.as_ref()?.value;
        (due > 0.0).then(|| self.stations_at_period_end as f64 / due)
    }
}

/// Operating stations and covered villages at the end of a month, counted cumulatively.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthPoint {
    /// `YYYY-MM`.
    pub month: String,
    pub stations: i64,
    pub villages: i64,
}

/// A period's station target, for drawing targets against the cumulative line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeriodTarget {
    pub period: String,
    pub end_month: String,
    pub stations_due: f64,
}

/// `GET /api/coverage[/{code}]?period=…`: a region, its children for drill-down and its
/// history. Below a township the children are villages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
}

impl Coverage {
    pub fn code(&self) -> Option<&RegionCode> {
        self.path.last().map(|region| &region.code)
    }
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
        };
        nation.add(&province);
        nation.add(&province);
        assert_eq!(nation.villages, 20);
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
