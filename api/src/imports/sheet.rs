//! Reading an uploaded register: XLSX (its first sheet) or CSV (UTF-8, or GB18030 as Excel
//! saves CSV on Chinese Windows), into rows of text with the spreadsheet's row numbers. The
//! heading row is found among the first rows, so a title line above it does no harm.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use yinong_model::import::Column;

/// The most data rows one file may hold.
pub const MAX_ROWS: usize = 100_000;
/// How far down the heading row is looked for.
const HEADING_SEARCH: usize = 10;

#[derive(Debug)]
pub struct Sheet {
    pub heading_line: u32,
    pub headings: Vec<String>,
    /// Non-blank rows below the heading: (row number, cells).
    pub rows: Vec<(u32, Vec<String>)>,
}

/// Reads `bytes` as a sheet whose heading row names at least one of `columns`' required
/// columns; the error says, in Chinese, why the file cannot be read.
pub fn read(bytes: &[u8], columns: &[Column]) -> Result<Sheet, String> {
    let table = if bytes.starts_with(b"PK\x03\x04") {
        xlsx_rows(bytes)?
    } else {
        csv_rows(bytes)?
    };
    let names_a_column = |cells: &[String]| {
        cells.iter().any(|cell| {
            columns
                .iter()
                .any(|column| column.required && column.named(cell))
        })
    };
    let heading_at = table
        .iter()
        .take(HEADING_SEARCH)
        .position(|cells| names_a_column(cells))
        .ok_or_else(|| {
            let example = columns.iter().find(|c| c.required).map_or("", |c| c.heading);
            format!("找不到表头：文件前 {HEADING_SEARCH} 行中应有模板的列名（如“{example}”），请使用下载的模板")
        })?;
    let mut rows = Vec::new();
    for (index, cells) in table.into_iter().enumerate().skip(heading_at) {
        if cells.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        rows.push((index as u32 + 1, cells));
    }
    let (_, headings) = rows.remove(0);
    if rows.len() > MAX_ROWS {
        return Err(format!(
            "文件有 {} 行，一次最多导入 {MAX_ROWS} 行，请分成几个文件",
            rows.len()
        ));
    }
    Ok(Sheet {
        heading_line: heading_at as u32 + 1,
        headings,
        rows,
    })
}

fn csv_rows(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => {
            let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
            if had_errors || text.contains('\0') {
                return Err("无法读取文件：请上传 Excel（.xlsx）或 CSV 文件".into());
            }
            text
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            format!("CSV 文件第 {line} 行无法读取（引号不成对？）")
        })?;
        rows.push(record.iter().map(str::to_owned).collect());
        if rows.len() > MAX_ROWS + HEADING_SEARCH {
            return Err(format!("文件超过 {MAX_ROWS} 行，请分成几个文件"));
        }
    }
    Ok(rows)
}

fn xlsx_rows(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    let unreadable = |_| "无法读取 Excel 文件：文件已损坏或不是 .xlsx 格式".to_owned();
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| "Excel 文件中没有工作表".to_owned())?
        .map_err(unreadable)?;
    if range.height() > MAX_ROWS + HEADING_SEARCH {
        return Err(format!("文件超过 {MAX_ROWS} 行，请分成几个文件"));
    }
    // Rows are numbered as the spreadsheet numbers them, even when the used range starts lower.
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let mut rows = vec![Vec::new(); first_row];
    rows.extend(
        range
            .rows()
            .map(|cells| cells.iter().map(cell_text).collect()),
    );
    Ok(rows)
}

/// A cell as the text a person typed: whole numbers without ".0", dates as YYYY-MM-DD.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::String(text) => text.clone(),
        Data::Int(number) => number.to_string(),
        Data::Float(number) if number.fract() == 0.0 && number.abs() < 1e15 => {
            format!("{number:.0}")
        }
        Data::Float(number) => number.to_string(),
        Data::Bool(true) => "是".into(),
        Data::Bool(false) => "否".into(),
        Data::DateTime(date) => excel_date(date.as_f64()),
        Data::DateTimeIso(text) => text.chars().take(10).collect(),
        Data::DurationIso(text) => text.clone(),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

/// An Excel serial date (days since 1899-12-30) as YYYY-MM-DD.
fn excel_date(serial: f64) -> String {
    let days = serial.floor() as i64 - 25_569; // to days since 1970-01-01
                                               // Civil-from-days (proleptic Gregorian), after Howard Hinnant's algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use yinong_model::import::ImportKind;

    #[test]
    fn excel_serial_dates_read_as_calendar_dates() {
        assert_eq!(excel_date(43_281.0), "2018-06-30");
        assert_eq!(excel_date(43_831.5), "2020-01-01");
        assert_eq!(excel_date(25_569.0), "1970-01-01");
    }

    #[test]
    fn csv_in_gb18030_with_a_title_line_is_read_from_its_heading_row() {
        let text = "名单\n行政区划代码,名称\n370811001001,前营村\n,\n370811001002,后营村\n";
        let (gbk, _, _) = encoding_rs::GB18030.encode(text);
        let sheet = read(&gbk, ImportKind::Poverty.columns()).unwrap();
        assert_eq!(sheet.heading_line, 2);
        assert_eq!(sheet.headings, ["行政区划代码", "名称"]);
        let lines: Vec<u32> = sheet.rows.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [3, 5], "blank rows are skipped, numbers kept");
        assert_eq!(sheet.rows[1].1[1], "后营村");
    }

    #[test]
    fn a_file_without_the_template_headings_is_refused_in_chinese() {
        let error = read(b"a,b\n1,2\n", ImportKind::Stations.columns()).unwrap_err();
        assert!(error.contains("找不到表头"), "{error}");
        let error = read(b"PK\x03\x04garbage", ImportKind::Stations.columns()).unwrap_err();
        assert!(error.contains("Excel"), "{error}");
    }
}
