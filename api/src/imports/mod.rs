//! Bulk import of a county's registers (`POST /api/imports/{kind}`, `yinong-api import`):
//! the file is read (`sheet.rs`), every row checked on its own and then against what is
//! stored and whom the importer may act for, and written in one transaction only when the
//! importer asks — the whole file only when it is clean, or just its clean rows, the others
//! returned as a file to correct. What each kind reads, checks and writes is its
//! [`Register`]: `stations.rs`, `accounts.rs`, `poverty.rs`.

mod accounts;
mod merges;
mod poverty;
mod sheet;
mod stations;

use std::collections::HashMap;

use aide::axum::routing::{get_with, post};
use aide::axum::ApiRouter;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use chrono::Utc;
use serde::Deserialize;
use yinong_model::import::{
    Column, ImportKind, ImportReport, ImportTally, ImportWrite, RowProblem,
};

use crate::access::{authorize, Action, Actor};
use crate::auth::SignedIn;
use crate::error::{ApiError, ApiPath, ApiQuery};
use crate::openapi;
use crate::state::AppState;
use crate::table::{self, Cell, Table, TableFormat};
use yinong_store::{Change, KnownRegion};

/// A register of 100,000 rows fits; a larger file is refused before it is read.
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route(
            "/imports/{kind}",
            post(upload).layer(DefaultBodyLimit::max(MAX_FILE_BYTES)),
        )
        .api_route(
            "/imports/{kind}/template",
            get_with(template, |op| {
                openapi::file(op, "导入模板", &TableFormat::MEDIA_TYPES)
            }),
        )
}

/// What one kind of register reads from a row, checks against the store, and writes.
#[async_trait::async_trait]
pub(crate) trait Register: Send + Sync {
    type Line: Send + Sync;
    fn kind(&self) -> ImportKind;
    /// Reads a row on its own, noting each problem on `row`.
    fn read(&self, row: &mut Row<'_>) -> Option<Self::Line>;
    /// What makes two rows the same thing (a second one is a problem).
    fn key(&self, line: &Self::Line) -> String;
    /// The column a duplicate is reported in.
    fn key_column(&self) -> Column;
    /// Checks the lines against what is stored and what `actor` may do.
    async fn check(
        &self,
        state: &AppState,
        actor: &Actor,
        lines: &[(u32, Self::Line)],
        problems: &mut Problems,
    ) -> Result<(), ApiError>;
    async fn write(
        &self,
        state: &AppState,
        lines: Vec<Self::Line>,
        change: Change<'_>,
    ) -> Result<ImportTally, ApiError>;
}

/// Where each of a kind's columns is in the file.
struct ColumnMap {
    at: Vec<Option<usize>>,
}

/// What is wrong with a file, each problem at its spreadsheet row and column.
#[derive(Default)]
pub(crate) struct Problems(Vec<RowProblem>);

impl Problems {
    pub fn at(&mut self, line: u32, column: Column, message: impl Into<String>) {
        self.0.push(RowProblem {
            line,
            column: column.heading.to_owned(),
            message: message.into(),
        });
    }
}

/// One row of the file, read cell by cell; problems are noted as they are found.
pub(crate) struct Row<'a> {
    line: u32,
    cells: &'a [String],
    columns: &'static [Column],
    map: &'a ColumnMap,
    problems: Problems,
}

impl<'a> Row<'a> {
    /// The cell under `column`, trimmed ("" when the file has no such column).
    pub fn text(&self, column: Column) -> &'a str {
        self.columns
            .iter()
            .position(|c| *c == column)
            .and_then(|index| self.map.at[index])
            .and_then(|at| self.cells.get(at))
            .map_or("", |cell| cell.trim())
    }

    pub fn problem(&mut self, column: Column, message: impl Into<String>) {
        self.problems.at(self.line, column, message);
    }

    /// The cell read by `parse`; an empty cell is `None` (a problem when required).
    pub fn read<T>(
        &mut self,
        column: Column,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        let text = self.text(column);
        if text.is_empty() {
            if column.required {
                self.problem(column, format!("“{}”不能为空", column.heading));
            }
            return None;
        }
        parse(text)
            .map_err(|message| self.problem(column, message))
            .ok()
    }

    /// A number in a cell, at least zero.
    pub fn number(&mut self, column: Column) -> Option<f64> {
        self.read(column, |text| {
            text.parse::<f64>()
                .ok()
                .filter(|n| n.is_finite() && *n >= 0.0)
                .ok_or_else(|| format!("“{text}”不是数字"))
        })
    }

    /// A coded value named in Chinese (`name_zh`), from `all`.
    pub fn named<T: Copy>(
        &mut self,
        column: Column,
        all: &[T],
        name: fn(T) -> &'static str,
    ) -> Option<T> {
        self.read(column, |text| {
            all.iter()
                .copied()
                .find(|value| name(*value) == text)
                .ok_or_else(|| {
                    let names: Vec<_> = all.iter().map(|value| name(*value)).collect();
                    format!("“{text}”不是可选值，应为：{}", names.join("、"))
                })
        })
    }

    fn is_clean(&self) -> bool {
        self.problems.0.is_empty()
    }
}

#[derive(Deserialize, schemars::JsonSchema)]
struct UploadQuery {
    #[serde(default)]
    write: ImportWrite,
}

fn kind_of(code: &str) -> Result<ImportKind, ApiError> {
    ImportKind::from_code(code).ok_or_else(|| {
        ApiError::NotFound(format!(
            "没有“{code}”这种名单，可导入：站点、信息员、运营商、贫困村、村庄撤并"
        ))
    })
}

/// `POST /api/imports/{kind}?write=check|all|clean` with the file as the body.
async fn upload(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(kind): ApiPath<String>,
    ApiQuery(query): ApiQuery<UploadQuery>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<ImportReport>, ApiError> {
    let kind = kind_of(&kind)?;
    let actor = signed_in.actor();
    authorize(&actor, Action::ImportRegisters, actor.region.as_ref())?;
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge(format!(
                "文件太大（最大 {} MB），请分成几个文件",
                MAX_FILE_BYTES / 1024 / 1024
            ))
        } else {
            ApiError::BadRequest("文件没有传完整，请重新上传".into())
        }
    })?;
    let report = import(
        &state,
        &actor,
        Some(actor.user_id),
        kind,
        &body,
        query.write,
    )
    .await?;
    Ok(Json(report))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct TemplateQuery {
    #[serde(default)]
    format: TableFormat,
}

/// `GET /api/imports/{kind}/template?format=csv|xlsx`: the empty register to fill in.
async fn template(
    ApiPath(kind): ApiPath<String>,
    ApiQuery(query): ApiQuery<TemplateQuery>,
) -> Result<Response, ApiError> {
    let kind = kind_of(&kind)?;
    let table = Table {
        title: format!("{}（带 * 的列必填）", kind.name_zh()),
        headers: kind.columns().iter().map(|column| column.heading).collect(),
        rows: vec![],
    };
    table::download(&table, query.format, &kind.template_name())
}

/// Reads, checks and (as `write` asks) writes one register.
pub async fn import(
    state: &AppState,
    actor: &Actor,
    actor_id: Option<i64>,
    kind: ImportKind,
    file: &[u8],
    write: ImportWrite,
) -> Result<ImportReport, ApiError> {
    match kind {
        ImportKind::Stations => run(&stations::Stations, state, actor, actor_id, file, write).await,
        ImportKind::Informants => {
            let register = accounts::Accounts::informants();
            run(&register, state, actor, actor_id, file, write).await
        }
        ImportKind::Operators => {
            let register = accounts::Accounts::operators();
            run(&register, state, actor, actor_id, file, write).await
        }
        ImportKind::Poverty => run(&poverty::Poverty, state, actor, actor_id, file, write).await,
        ImportKind::Merges => run(&merges::Merges, state, actor, actor_id, file, write).await,
    }
}

async fn run<R: Register>(
    register: &R,
    state: &AppState,
    actor: &Actor,
    actor_id: Option<i64>,
    file: &[u8],
    write: ImportWrite,
) -> Result<ImportReport, ApiError> {
    let kind = register.kind();
    let columns = kind.columns();
    let sheet = sheet::read(file, columns).map_err(ApiError::BadRequest)?;
    let map = ColumnMap {
        at: columns
            .iter()
            .map(|column| sheet.headings.iter().position(|h| column.named(h)))
            .collect(),
    };
    let mut problems = Problems::default();
    for (column, at) in columns.iter().zip(&map.at) {
        if column.required && at.is_none() {
            let missing = format!("缺少“{}”列", column.heading);
            problems.at(sheet.heading_line, *column, missing);
        }
    }
    let mut lines = Vec::with_capacity(sheet.rows.len());
    let mut first_of: HashMap<String, u32> = HashMap::new();
    if problems.0.is_empty() {
        for (line, cells) in &sheet.rows {
            let mut row = Row {
                line: *line,
                cells,
                columns,
                map: &map,
                problems: Problems::default(),
            };
            let read = register.read(&mut row);
            if let Some(value) = read.filter(|_| row.is_clean()) {
                match first_of.get(&register.key(&value)) {
                    Some(first) => {
                        row.problem(register.key_column(), format!("与第 {first} 行重复"))
                    }
                    None => {
                        first_of.insert(register.key(&value), *line);
                        lines.push((*line, value));
                    }
                }
            }
            problems.0.append(&mut row.problems.0);
        }
        register.check(state, actor, &lines, &mut problems).await?;
    }
    let Problems(mut problems) = problems;
    problems.sort_by_key(|problem| problem.line);
    let rejected_lines: std::collections::BTreeSet<u32> =
        problems.iter().map(|problem| problem.line).collect();
    let clean: Vec<R::Line> = lines
        .into_iter()
        .filter(|(line, _)| !rejected_lines.contains(line))
        .map(|(_, value)| value)
        .collect();
    let clean_rows = clean.len() as u32;
    let writes = match write {
        ImportWrite::Check => false,
        ImportWrite::All => problems.is_empty(),
        ImportWrite::Clean => !clean.is_empty(),
    };
    let written = if writes {
        let change = Change {
            actor_id,
            action: "imported",
            at: Utc::now(),
        };
        let tally = register.write(state, clean, change).await?;
        tracing::info!(
            kind = kind.code(),
            created = tally.created,
            updated = tally.updated,
            unchanged = tally.unchanged,
            "register imported"
        );
        Some(tally)
    } else {
        None
    };
    let rejected_csv = (!problems.is_empty() && sheet.heading_line != problems[0].line)
        .then(|| rejected_file(columns, &map, &sheet, &problems))
        .transpose()?;
    let problem_count = problems.len() as u32;
    problems.truncate(ImportReport::SHOWN_PROBLEMS);
    Ok(ImportReport {
        kind,
        rows: sheet.rows.len() as u32,
        clean_rows,
        problems,
        problem_count,
        written,
        rejected_csv,
    })
}

/// The rows with problems in the template's columns, each with what is wrong with it.
fn rejected_file(
    columns: &[Column],
    map: &ColumnMap,
    sheet: &sheet::Sheet,
    problems: &[RowProblem],
) -> Result<String, ApiError> {
    let mut by_line: HashMap<u32, Vec<String>> = HashMap::new();
    for problem in problems {
        let place = if problem.column.is_empty() {
            String::new()
        } else {
            format!("【{}】", problem.column)
        };
        by_line
            .entry(problem.line)
            .or_default()
            .push(format!("{place}{}", problem.message));
    }
    let mut headers: Vec<&'static str> = columns.iter().map(|column| column.heading).collect();
    headers.push("问题");
    let rows = sheet
        .rows
        .iter()
        .filter_map(|(line, cells)| {
            let messages = by_line.get(line)?;
            let mut row: Vec<Cell> = map
                .at
                .iter()
                .map(|at| Cell::Text(at.and_then(|at| cells.get(at)).cloned().unwrap_or_default()))
                .collect();
            row.push(Cell::Text(format!("第 {line} 行：{}", messages.join("；"))));
            Some(row)
        })
        .collect();
    let table = Table {
        title: String::new(),
        headers,
        rows,
    };
    let bytes = table::to_csv(&table)?;
    String::from_utf8(bytes).map_err(|e| ApiError::Internal(e.to_string()))
}

/// The regions among `codes` as stored (merged ones too), by code.
pub(crate) async fn known_regions(
    state: &AppState,
    mut codes: Vec<yinong_model::region::RegionCode>,
) -> Result<HashMap<yinong_model::region::RegionCode, KnownRegion>, ApiError> {
    codes.sort();
    codes.dedup();
    let known = state.store.known_regions(&codes).await?;
    Ok(known
        .into_iter()
        .map(|known| (known.region.code.clone(), known))
        .collect())
}

/// Why a row may not name `code`: no such region, or a village merged away.
pub(crate) fn region_problem(
    known: &HashMap<yinong_model::region::RegionCode, KnownRegion>,
    code: &yinong_model::region::RegionCode,
) -> Option<String> {
    match known.get(code) {
        None => Some(format!("没有代码为 {code} 的行政区划")),
        Some(KnownRegion {
            region,
            merged_into: Some(successor),
            ..
        }) => Some(format!(
            "{}（{code}）已撤并，并入 {successor}，请改用并入后的村",
            region.name
        )),
        Some(_) => None,
    }
}

/// A region code as the problem it makes when nobody may act there.
pub(crate) fn outside(
    actor: &Actor,
    action: Action,
    region: &yinong_model::region::RegionCode,
) -> Option<String> {
    authorize(actor, action, Some(region))
        .err()
        .map(|_| format!("{region} 不在您可管理的范围内"))
}
