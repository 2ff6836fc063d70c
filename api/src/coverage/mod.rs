//! `GET /api/coverage[/{code}]`: coverage of a region for a period, with its children for
//! drill-down and its history, for those whose dashboard scope holds the region;
//! `…/table` downloads the progress statistics table, `/api/coverage/{code}/gaps` lists
//! the uncovered villages in planning order (JSON pages, or the whole list as a download).
//!
//! `crate::kept_answers` keeps the nation's and provinces' answers for a minute.
//! `report.rs` assembles a region's figures, its children, its targets for a period (as
//! entered, with their source), its monthly history from the roll-ups, forecasts and recent
//! activity; `gaps.rs` ranks the uncovered villages (poverty villages first, then townships
//! furthest behind their target); `export.rs` writes the table and the gap list as CSV or
//! XLSX. Coverage arithmetic and target rules (`stations_due`) are the model's.

mod export;
mod gaps;
mod report;

use aide::axum::routing::{get, get_with};
use aide::axum::ApiRouter;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use yinong_model::coverage::{Coverage, GapPage};
use yinong_model::region::RegionCode;

use crate::access::{authorize, Action};
use crate::auth::SignedIn;
use crate::error::{ApiError, ApiPath, ApiQuery};
use crate::openapi;
use crate::regions::parse_code;
use crate::state::AppState;
use crate::table::{self, TableFormat};
use aide::transform::TransformOperation;

pub use report::report;

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route("/coverage", get(answer))
        .api_route("/coverage/{code}", get(answer))
        .api_route("/coverage/table", get_with(table, table_file))
        .api_route("/coverage/{code}/table", get_with(table, table_file))
        .api_route(
            "/coverage/{code}/gaps",
            get_with(gaps, |op| table_file(op.response::<200, Json<GapPage>>())),
        )
}

fn table_file(op: TransformOperation<'_>) -> TransformOperation<'_> {
    openapi::file(op, "表格（CSV 或 Excel）", &TableFormat::MEDIA_TYPES)
}

#[derive(Deserialize, schemars::JsonSchema)]
struct PeriodQuery {
    period: Option<String>,
}

#[derive(Deserialize, schemars::JsonSchema)]
struct TableQuery {
    period: Option<String>,
    #[serde(default)]
    format: TableFormat,
}

#[derive(Deserialize, schemars::JsonSchema)]
struct GapQuery {
    period: Option<String>,
    /// Absent: a JSON page; `csv` or `xlsx`: the whole list as a download.
    format: Option<TableFormat>,
    #[serde(default)]
    offset: i64,
    limit: Option<i64>,
}

const GAP_PAGE: i64 = 50;

/// The nation (`/coverage`) or a region (`/coverage/{code}`): one handler for both routes.
async fn answer(
    State(state): State<AppState>,
    signed_in: SignedIn,
    code: Option<ApiPath<String>>,
    ApiQuery(query): ApiQuery<PeriodQuery>,
) -> Result<Json<Coverage>, ApiError> {
    let region = code.map(|ApiPath(code)| parse_code(&code)).transpose()?;
    let period = checked(&signed_in, region.as_ref(), query.period)?;
    let asked = period.clone();
    let computed = report(&state, region.as_ref(), period);
    Ok(Json(
        state
            .kept_answers
            .answer(region.as_ref(), asked.as_deref(), computed)
            .await?,
    ))
}

async fn table(
    State(state): State<AppState>,
    signed_in: SignedIn,
    code: Option<ApiPath<String>>,
    ApiQuery(query): ApiQuery<TableQuery>,
) -> Result<Response, ApiError> {
    let region = code.map(|ApiPath(code)| parse_code(&code)).transpose()?;
    let period = checked(&signed_in, region.as_ref(), query.period)?;
    let coverage = report(&state, region.as_ref(), period).await?;
    let stem = format!(
        "进度统计表-{}-{}",
        coverage.path.last().map_or("全国", |r| r.name.as_str()),
        coverage.period
    );
    table::download(&export::progress_table(&coverage), query.format, &stem)
}

async fn gaps(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(code): ApiPath<String>,
    ApiQuery(query): ApiQuery<GapQuery>,
) -> Result<Response, ApiError> {
    let code = parse_code(&code)?;
    let period = checked(&signed_in, Some(&code), query.period)?;
    let region = state
        .store
        .region(&code)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("没有代码为 {code} 的地区")))?;
    let period = match period {
        Some(period) => period,
        None => report::default_period(&state, Some(&code)).await?,
    };
    let ranked = gaps::ranked_gaps(&state, &code, &period).await?;
    if let Some(format) = query.format {
        let table = export::gap_table(&region.name, &period, &ranked);
        let stem = format!("未覆盖行政村-{}-{period}", region.name);
        return table::download(&table, format, &stem);
    }
    let limit = query.limit.unwrap_or(GAP_PAGE).clamp(1, 500);
    let offset = query.offset.max(0);
    let page = GapPage {
        total: ranked.len() as i64,
        offset,
        gaps: ranked
            .into_iter()
            .skip(offset as usize)
            .take(limit as usize)
            .collect(),
    };
    Ok(Json(page).into_response())
}

/// The access check every coverage answer makes, and the period's form.
fn checked(
    signed_in: &SignedIn,
    region: Option<&RegionCode>,
    period: Option<String>,
) -> Result<Option<String>, ApiError> {
    authorize(&signed_in.actor(), Action::ViewCoverage, region)?;
    if let Some(period) = &period {
        if yinong_model::target::period_end_month(period).is_none() {
            return Err(ApiError::BadRequest(format!(
                "“{period}”不是有效的期间（应为 2020、2020H1 或 2020H2 这样的形式）"
            )));
        }
    }
    Ok(period)
}
