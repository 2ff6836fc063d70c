use serde::{Deserialize, Serialize};

use crate::region::RegionCode;
use crate::station::StationType;

/// What a target counts. Targets are kept as their documents state them: a document may give
/// stations to add in a period or the total to reach by its end, and both forms occur.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
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

/// `PUT /api/regions/{code}/targets`: sets one target of the region (matched by period,
/// metric and source), recorded in the audit log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct TargetChange {
    pub period: String,
    pub metric: TargetMetric,
    pub value: f64,
    pub basis_villages: Option<i64>,
    pub source: String,
}

impl TargetChange {
    /// What is wrong with the change, in Chinese, if anything.
    pub fn problem(&self) -> Option<String> {
        if period_end_month(&self.period).is_none() {
            return Some(format!(
                "“{}”不是有效的期间（应为 2020、2020H1 或 2020H2 这样的形式）",
                self.period
            ));
        }
        if !self.value.is_finite() || self.value < 0.0 {
            return Some("目标值必须是不小于 0 的数".into());
        }
        if self.metric == TargetMetric::CoverageRatio && self.value > 1.0 {
            return Some("覆盖率目标在 0 到 1 之间（例如 0.8 表示 80%）".into());
        }
        if self.basis_villages.is_some_and(|villages| villages < 0) {
            return Some("目标依据的行政村数不能小于 0".into());
        }
        let source = self.source.trim();
        if source.is_empty() || source.chars().count() > 200 {
            return Some("请写明目标的依据（文件名称和日期），不超过 200 字".into());
        }
        None
    }

    pub fn for_region(&self, region_code: RegionCode) -> Target {
        Target {
            region_code,
            period: self.period.clone(),
            metric: self.metric,
            value: self.value,
            basis_villages: self.basis_villages,
            source: self.source.trim().to_owned(),
        }
    }
}

/// The last month of a period (`2018` → 2018-12, `2019H1` → 2019-06, `2019H2` → 2019-12),
/// as `YYYY-MM`; `None` when the period is not of these forms.
pub fn period_end_month(period: &str) -> Option<String> {
    let (year, half) = match period.split_once('H') {
        Some((year, half)) => (year, Some(half)),
        None => (period, None),
    };
    let year: u16 = year.parse().ok().filter(|_| year.len() == 4)?;
    let month = match half {
        None | Some("2") => 12,
        Some("1") => 6,
        Some(_) => return None,
    };
    Some(format!("{year:04}-{month:02}"))
}

/// The targets that plan stations of one type, and that type.
pub const TYPED_METRICS: [(TargetMetric, StationType); 3] = [
    (
        TargetMetric::StationsDemonstration,
        StationType::Demonstration,
    ),
    (TargetMetric::StationsStandard, StationType::Standard),
    (TargetMetric::StationsSimple, StationType::Simple),
];

/// The planned mix of station types inside a region by the end of `period` (新平's plan is
/// 2 示范社 : 5 标准型 : 3 简易型), summed over the region's targets; empty when none is set.
pub fn type_plan(targets: &[Target], period: &str) -> Vec<(StationType, f64)> {
    TYPED_METRICS
        .into_iter()
        .filter_map(|(metric, station_type)| {
            let planned: Vec<f64> = targets
                .iter()
                .filter(|t| t.metric == metric && t.period == period)
                .map(|t| t.value)
                .collect();
            (!planned.is_empty()).then(|| (station_type, planned.iter().sum()))
        })
        .collect()
}

/// A target figure and where it came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct TargetValue {
    pub value: f64,
    pub basis_villages: Option<i64>,
    pub source: String,
}

impl From<&Target> for TargetValue {
    fn from(target: &Target) -> Self {
        Self {
            value: target.value,
            basis_villages: target.basis_villages,
            source: target.source.clone(),
        }
    }
}

/// The stations a region should have in operation by the end of `period`: the stated total
/// when its document gives one; otherwise the stations to add in every period up to and
/// including this one, from the same document (documents of that form count from zero).
pub fn stations_due(targets: &[Target], region: &RegionCode, period: &str) -> Option<TargetValue> {
    let mine = || targets.iter().filter(move |t| &t.region_code == region);
    if let Some(total) =
        mine().find(|t| t.period == period && t.metric == TargetMetric::StationsTotal)
    {
        return Some(total.into());
    }
    let end = period_end_month(period)?;
    let this = mine().find(|t| t.period == period && t.metric == TargetMetric::StationsAdded)?;
    let value = mine()
        .filter(|t| t.metric == TargetMetric::StationsAdded && t.source == this.source)
        .filter(|t| period_end_month(&t.period).is_some_and(|month| month <= end))
        .map(|t| t.value)
        .sum();
    Some(TargetValue {
        value,
        ..this.into()
    })
}

/// The app users a region should have by the end of `period`, when a target says.
pub fn users_due(targets: &[Target], region: &RegionCode, period: &str) -> Option<TargetValue> {
    targets
        .iter()
        .find(|t| {
            &t.region_code == region && t.period == period && t.metric == TargetMetric::AppUsers
        })
        .map(TargetValue::from)
}

/// The coverage ratio a region should reach by the end of `period`, when one is set.
pub fn coverage_due(targets: &[Target], region: &RegionCode, period: &str) -> Option<TargetValue> {
    targets
        .iter()
        .find(|t| {
            &t.region_code == region
                && t.period == period
                && t.metric == TargetMetric::CoverageRatio
        })
        .map(TargetValue::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(code: &str, period: &str, metric: TargetMetric, value: f64) -> Target {
        Target {
            region_code: RegionCode::parse(code).unwrap(),
            period: period.into(),
            metric,
            value,
            basis_villages: Some(567),
            source: "doc".into(),
        }
    }

    #[test]
    fn target_changes_are_checked() {
        let change = TargetChange {
            period: "2021".into(),
            metric: TargetMetric::StationsTotal,
            value: 600.0,
            basis_villages: Some(567),
            source: " 任城区 2021 年工作方案 ".into(),
        };
        assert_eq!(change.problem(), None);
        assert_eq!(
            change
                .for_region(RegionCode::parse("370811").unwrap())
                .source,
            "任城区 2021 年工作方案"
        );
        let wrong = |edit: fn(&mut TargetChange)| {
            let mut changed = change.clone();
            edit(&mut changed);
            changed.problem().is_some()
        };
        assert!(wrong(|c| c.period = "2021H3".into()));
        assert!(wrong(|c| c.value = -1.0));
        assert!(wrong(|c| c.value = f64::NAN));
        assert!(wrong(|c| {
            c.metric = TargetMetric::CoverageRatio;
            c.value = 80.0;
        }));
        assert!(wrong(|c| c.basis_villages = Some(-3)));
        assert!(wrong(|c| c.source = "  ".into()));
    }

    #[test]
    fn the_type_plan_sums_the_typed_targets_of_the_period() {
        let targets = [
            target(
                "530427001",
                "2018",
                TargetMetric::StationsDemonstration,
                1.0,
            ),
            target(
                "530427002",
                "2018",
                TargetMetric::StationsDemonstration,
                1.0,
            ),
            target("530427001", "2018", TargetMetric::StationsStandard, 2.0),
            target("530427001", "2018", TargetMetric::StationsSimple, 1.0),
            target("530427001", "2019", TargetMetric::StationsSimple, 9.0),
        ];
        assert_eq!(
            type_plan(&targets, "2018"),
            [
                (StationType::Demonstration, 2.0),
                (StationType::Standard, 2.0),
                (StationType::Simple, 1.0)
            ]
        );
        assert!(type_plan(&targets, "2020").is_empty());
    }

    #[test]
    fn periods_end_in_june_or_december() {
        assert_eq!(period_end_month("2018").as_deref(), Some("2018-12"));
        assert_eq!(period_end_month("2019H1").as_deref(), Some("2019-06"));
        assert_eq!(period_end_month("2019H2").as_deref(), Some("2019-12"));
        assert_eq!(period_end_month("2019H3"), None);
        assert_eq!(period_end_month("19"), None);
    }

    #[test]
    fn stations_due_add_up_the_periods_so_far_unless_a_total_is_stated() {
        let rencheng = RegionCode::parse("370811").unwrap();
        let targets = [
            target("370811", "2019H1", TargetMetric::StationsAdded, 227.0),
            target("370811", "2019H2", TargetMetric::StationsAdded, 227.0),
            target("370811", "2020", TargetMetric::StationsAdded, 113.0),
            target("370812", "2019H1", TargetMetric::StationsAdded, 199.0),
            target("370811", "2021", TargetMetric::StationsTotal, 600.0),
        ];
        let due = |period| stations_due(&targets, &rencheng, period).map(|t| t.value);
        assert_eq!(due("2019H1"), Some(227.0));
        assert_eq!(due("2019H2"), Some(454.0));
        assert_eq!(due("2020"), Some(567.0));
        assert_eq!(due("2021"), Some(600.0));
        assert_eq!(due("2018"), None);
    }
}
