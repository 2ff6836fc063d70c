//! Downloads: the progress statistics table (信息进村入户工程实施进度统计表) of a region's
//! children and the gap planner's list, as CSV (UTF-8 with a byte-order mark, so Excel
//! reads the Chinese) or XLSX.

use yinong_model::coverage::{Coverage, Forecast, Gap, RegionCoverage};
use yinong_model::station::StationType;

use crate::table::{Cell, Table};

const TYPES: [StationType; 4] = [
    StationType::Demonstration,
    StationType::Standard,
    StationType::Simple,
    StationType::Professional,
];

/// The progress table: one row per child region, then the region's own total.
pub fn progress_table(coverage: &Coverage) -> Table {
    let place = coverage
        .path
        .last()
        .map_or_else(|| "全国".to_owned(), |region| region.name.clone());
    let mut headers = vec![
        "地区",
        "区划代码",
        "行政村",
        "已覆盖行政村",
        "覆盖率",
        "贫困村",
        "已覆盖贫困村",
        "贫困村覆盖率",
        "运营益农社",
    ];
    headers.extend(TYPES.iter().map(|t| t.name_zh()));
    headers.extend([
        "六有达标",
        "合格信息员",
        "期末运营",
        "目标",
        "完成率",
        "预计达标",
        "APP 注册用户",
        "30 天活跃用户",
        "用户目标",
        "用户完成率",
    ]);
    let mut rows: Vec<Vec<Cell>> = coverage.children.iter().map(progress_row).collect();
    let mut total = progress_row(&coverage.summary);
    total[0] = Cell::Text(format!("{place}合计"));
    rows.push(total);
    Table {
        title: format!(
            "信息进村入户工程实施进度统计表（{place}，{}）",
            coverage.period
        ),
        headers,
        rows,
    }
}

fn progress_row(region: &RegionCoverage) -> Vec<Cell> {
    let figures = &region.figures;
    let (name, code) = region.region.as_ref().map_or_else(
        || ("全国".to_owned(), String::new()),
        |r| (r.name.clone(), r.code.as_str().to_owned()),
    );
    let mut row = vec![
        Cell::Text(name),
        Cell::Text(code),
        Cell::Count(figures.villages),
        Cell::Count(figures.covered_villages),
        Cell::Share(figures.coverage()),
        Cell::Count(figures.poverty_villages),
        Cell::Count(figures.covered_poverty_villages),
        Cell::Share(figures.poverty_coverage()),
        Cell::Count(figures.operating()),
    ];
    row.extend(
        TYPES
            .iter()
            .map(|t| Cell::Count(figures.operating_of_type(*t))),
    );
    row.extend([
        Cell::Count(figures.compliant_operating()),
        Cell::Count(figures.qualified_informants),
        Cell::Count(region.stations_at_period_end),
        region
            .stations_due
            .as_ref()
            .map_or(Cell::Text(String::new()), |due| {
                Cell::Count(due.value.round() as i64)
            }),
        Cell::Share(region.of_target()),
        Cell::Text(forecast_text(region.forecast.as_ref())),
        Cell::Count(figures.farmers),
        Cell::Count(figures.active_farmers),
        region
            .users_due
            .as_ref()
            .map_or(Cell::Text(String::new()), |due| {
                Cell::Count(due.value.round() as i64)
            }),
        Cell::Share(region.users_of_target()),
    ]);
    row
}

/// How a forecast reads in a table cell.
pub fn forecast_text(forecast: Option<&Forecast>) -> String {
    match forecast {
        None => String::new(),
        Some(Forecast::Met(month)) => format!("已达标（{month}）"),
        Some(Forecast::Expected(month)) => format!("预计 {month}"),
        Some(Forecast::Stalled) => "按近期进度无法达标".to_owned(),
    }
}

/// The gap planner's list as a table.
pub fn gap_table(place: &str, period: &str, gaps: &[Gap]) -> Table {
    let rows = gaps
        .iter()
        .enumerate()
        .map(|(rank, gap)| {
            vec![
                Cell::Count(rank as i64 + 1),
                Cell::Text(gap.village.name.clone()),
                Cell::Text(gap.village.code.as_str().to_owned()),
                Cell::Text(gap.township.name.clone()),
                Cell::Text(if gap.poverty { "是" } else { "" }.to_owned()),
                Cell::Share(gap.township_of_target),
                Cell::Share(gap.township_coverage),
            ]
        })
        .collect();
    Table {
        title: format!("未覆盖行政村建设计划（{place}，{period}）"),
        headers: vec![
            "序号",
            "行政村",
            "区划代码",
            "乡镇",
            "贫困村",
            "乡镇目标完成率",
            "乡镇覆盖率",
        ],
        rows,
    }
}
