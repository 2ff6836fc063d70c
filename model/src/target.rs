use serde::{Deserialize, Serialize};

use crate::region::RegionCode;

/// What a target counts. Targets are kept as their documents state them: a document may give
/// stations to add in a period or the total to reach by its end, and both forms occur.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetMetric {
    /// Stations to build within the period.
    StationsAdded,
    /// Stations in operation by the end of the period.
    StationsTotal,
    /// Of which demonstration (示范社), standard (标准型), simple (简易型).
    StationsDemonstration,
    StationsStandard,
    StationsSimple,
    /// Share of administrative villages covered by the end of the period, 0–1.
    CoverageRatio,
    /// App users by the end of the period (people).
    AppUsers,
    /// App downloads to add within the period.
    AppDownloadsAdded,
}

impl TargetMetric {
    pub const ALL: [TargetMetric; 8] = [
        Self::StationsAdded,
        Self::StationsTotal,
        Self::StationsDemonstration,
        Self::StationsStandard,
        Self::StationsSimple,
        Self::CoverageRatio,
        Self::AppUsers,
        Self::AppDownloadsAdded,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::StationsAdded => "stations_added",
            Self::StationsTotal => "stations_total",
            Self::StationsDemonstration => "stations_demonstration",
            Self::StationsStandard => "stations_standard",
            Self::StationsSimple => "stations_simple",
            Self::CoverageRatio => "coverage_ratio",
            Self::AppUsers => "app_users",
            Self::AppDownloadsAdded => "app_downloads_added",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|metric| metric.code() == code)
    }
}

/// A target for one region, period and metric, with where it came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub region_code: RegionCode,
    /// `2018`, `2019H1`, `2019H2`, …
    pub period: String,
    pub metric: TargetMetric,
    pub value: f64,
    /// The number of villages the target was set against, when the document gives it;
    /// villages merge over time, so this may differ from today's count.
    pub basis_villages: Option<i64>,
    /// The document the figure comes from.
    pub source: String,
}
