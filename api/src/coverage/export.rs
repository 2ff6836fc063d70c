//! Downloads: the progress statistics table (信息进村入户工程实施进度统计表) of a region's
//! children and the gap planner's list, as CSV (UTF-8 with a byte-order mark, so Excel
//! reads the Chinese) or XLSX.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use rust_xlsxwriter::{Format, Workbook};
use serde::Deserialize;
use yinong_model::coverage::{Coverage, Forecast, Gap, RegionCoverage};
use yinong_model::station::StationType;

use crate::error::ApiError;

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TableFormat {
    #[default]
    Csv,
    Xlsx,
}

impl TableFormat {
    pub const MEDIA_TYPES: [&'static str; 2] = [
        "text/csv; charset=utf-8",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ];

    fn media_type(self) -> &'static str {
        match self {
            Self::Csv => Self::MEDIA_TYPES[0],
            Self::Xlsx => Self::MEDIA_TYPES[1],
        }
    }
}

/// One cell of a table: text, a count, or a share shown as a percentage.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Count(i64),
    Share(Option<f64>),
}

pub struct Table {
    pub title: String,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

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

/// The table as a download named `file_stem.csv` / `.xlsx`.
pub fn download(table: &Table, format: TableFormat, file_stem: &str) -> Result<Response, ApiError> {
    let (bytes, content_type, extension) = match format {
        TableFormat::Csv => (to_csv(table)?, format.media_type(), "csv"),
        TableFormat::Xlsx => (to_xlsx(table)?, format.media_type(), "xlsx"),
    };
    let file = format!("{file_stem}.{extension}");
    // An ASCII fallback name, and the Chinese one for browsers that read RFC 5987.
    let ascii: String = file
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        percent_encode(&file)
    );
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn to_csv(table: &Table) -> Result<Vec<u8>, ApiError> {
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let failed = |e: csv::Error| ApiError::Internal(format!("writing CSV: {e}"));
    writer.write_record(&table.headers).map_err(failed)?;
    for row in &table.rows {
        writer
            .write_record(row.iter().map(|cell| match cell {
                Cell::Text(text) => text.clone(),
                Cell::Count(count) => count.to_string(),
                Cell::Share(share) => {
                    share.map_or_else(String::new, |s| format!("{:.1}%", s * 100.0))
                }
            }))
            .map_err(failed)?;
    }
    writer
        .into_inner()
        .map_err(|e| ApiError::Internal(format!("writing CSV: {e}")))
}

fn to_xlsx(table: &Table) -> Result<Vec<u8>, ApiError> {
    let failed = |e: rust_xlsxwriter::XlsxError| ApiError::Internal(format!("writing XLSX: {e}"));
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0.0%");
    sheet
        .write_string_with_format(0, 0, &table.title, &bold)
        .map_err(failed)?;
    for (column, header) in table.headers.iter().enumerate() {
        sheet
            .write_string_with_format(2, column as u16, *header, &bold)
            .map_err(failed)?;
    }
    for (index, row) in table.rows.iter().enumerate() {
        let line = index as u32 + 3;
        for (column, cell) in row.iter().enumerate() {
            let column = column as u16;
            match cell {
                Cell::Text(text) => sheet.write_string(line, column, text),
                Cell::Count(count) => sheet.write_number(line, column, *count as f64),
                Cell::Share(Some(share)) => {
                    sheet.write_number_with_format(line, column, *share, &percent)
                }
                Cell::Share(None) => continue,
            }
            .map_err(failed)?;
        }
    }
    sheet.set_column_width(0, 18).map_err(failed)?;
    sheet.set_freeze_panes(3, 1).map_err(failed)?;
    workbook.save_to_buffer().map_err(failed)
}
