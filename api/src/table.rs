//! Tables people download and fill in: one table as CSV (UTF-8 with a byte-order mark, so
//! Excel reads the Chinese) or XLSX, with a file name in Chinese.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use rust_xlsxwriter::{Format, Workbook};
use serde::Deserialize;

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

pub(crate) fn to_csv(table: &Table) -> Result<Vec<u8>, ApiError> {
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
