//! 进度报送: the county's monthly progress report generated from the data
//! (`GET …/draft`), sent (`POST`), and decided by the city through the review pipeline
//! (`ProgressReports`); the city's and province's sums of accepted reports; the province's
//! 通报, published as a notice to its cities and counties.

use aide::axum::routing::{get, post};
use aide::axum::ApiRouter;
use axum::extract::State;
use axum::Json;
use chrono::Utc;
use serde::Deserialize;
use yinong_model::bulletin::BulletinKind;
use yinong_model::coverage::CoverageFigures;
use yinong_model::progress::{
    circular_body, month_problem, rank_by_coverage, NewCircular, NewProgressReport, ProgressPart,
    ProgressReport, ProgressReportPage, PublishedCircular, ReportLine, SummedProgress,
};
use yinong_model::region::{RegionCode, RegionLevel};
use yinong_store::bulletins::NewBulletinRecord;
use yinong_store::progress::SentReport;
use yinong_store::{china_time, StoreError};

use crate::access::{authorize, Action};
use crate::answer::Created;
use crate::auth::SignedIn;
use crate::coverage::report;
use crate::error::{ApiError, ApiJson, ApiQuery};
use crate::regions::parse_code;
use crate::review::{approve_many, mine, queue, review, Reviewed};
use crate::state::AppState;

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route("/progress-reports", post(send))
        .api_route("/progress-reports/draft", get(draft))
        .api_route("/progress-reports/summary", get(summary))
        .api_route("/progress-reports/circulars", post(publish_circular))
        .api_route("/progress-reports/mine", get(mine::<ProgressReports>))
        .api_route("/progress-reports/review", get(queue::<ProgressReports>))
        .api_route(
            "/progress-reports/{id}/review",
            post(review::<ProgressReports>),
        )
        .api_route(
            "/progress-reports/approve",
            post(approve_many::<ProgressReports>),
        )
}

/// Reports as the city decides on them: accepted (approved) or returned.
pub struct ProgressReports;

impl Reviewed for ProgressReports {
    type Page = ProgressReportPage;
    const NAME: &'static str = "进度报表";
    const ACTION: Action = Action::ConfirmFilings;
    const PUBLISHES: bool = false;
}

fn this_month() -> String {
    china_time(Utc::now()).format("%Y-%m").to_string()
}

/// The county's townships and its total as the data stands now.
async fn lines_of(state: &AppState, county: &RegionCode) -> Result<Vec<ReportLine>, ApiError> {
    let coverage = report(state, Some(county), None).await?;
    let line = |region: Option<yinong_model::region::Region>, figures: CoverageFigures| {
        region.map(|region| ReportLine {
            code: region.code,
            name: region.name,
            figures,
        })
    };
    let mut lines: Vec<ReportLine> = coverage
        .children
        .into_iter()
        .filter_map(|child| line(child.region, child.figures))
        .collect();
    lines.extend(line(coverage.summary.region, coverage.summary.figures));
    Ok(lines)
}

#[derive(Deserialize, schemars::JsonSchema)]
struct DraftQuery {
    county: String,
}

/// `GET /api/progress-reports/draft?county=`: the report the county would send now.
async fn draft(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(query): ApiQuery<DraftQuery>,
) -> Result<Json<Vec<ReportLine>>, ApiError> {
    let county = parse_code(&query.county)?;
    authorize(&signed_in.actor(), Action::ReportProgress, Some(&county))?;
    Ok(Json(lines_of(&state, &county).await?))
}

/// `POST /api/progress-reports`: the county sends the month's report, generated as sent.
async fn send(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(new): ApiJson<NewProgressReport>,
) -> Result<Created<Json<ProgressReport>>, ApiError> {
    authorize(
        &signed_in.actor(),
        Action::ReportProgress,
        Some(&new.county_code),
    )?;
    if let Some(problem) = new.problem(&this_month()) {
        return Err(ApiError::BadRequest(problem));
    }
    let lines = lines_of(&state, &new.county_code).await?;
    let sent = SentReport {
        county: &new.county_code,
        month: &new.month,
        lines: &lines,
        note: &new.note,
        by: signed_in.user.id,
        at: Utc::now(),
    };
    match state.store.send_progress_report(&sent).await {
        Ok(report) => Ok(Created(Json(report))),
        Err(StoreError::Conflict(_)) => Err(ApiError::Conflict(format!(
            "{} 的进度已报送，正在等市级审核或已接收；退回后才能重报",
            new.month
        ))),
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize, schemars::JsonSchema)]
struct SummaryQuery {
    /// A city (its counties' accepted reports) or a province (its cities' sums).
    region: String,
    month: String,
}

/// The sum of `region`'s accepted reports of `month`, a part for each region below it.
async fn summed(
    state: &AppState,
    region: &RegionCode,
    month: &str,
) -> Result<SummedProgress, ApiError> {
    let place = state
        .store
        .region(region)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("没有代码为 {region} 的地区")))?;
    let reports = state.store.accepted_reports(region, month).await?;
    let children = state.store.child_regions(Some(region)).await?;
    let parts = children
        .into_iter()
        .map(|child| {
            let mut figures: Option<CoverageFigures> = None;
            for total in reports
                .iter()
                .filter(|report| child.code.contains(&report.region_code))
                .filter_map(ProgressReport::total)
            {
                figures
                    .get_or_insert_with(CoverageFigures::default)
                    .add(&total.figures);
            }
            ProgressPart {
                code: child.code,
                name: child.name,
                figures,
            }
        })
        .collect();
    Ok(SummedProgress::of(
        region.clone(),
        place.name,
        month.to_owned(),
        parts,
    ))
}

/// `GET /api/progress-reports/summary?region=&month=`: a city's or province's month, summed
/// from the reports accepted.
async fn summary(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(query): ApiQuery<SummaryQuery>,
) -> Result<Json<SummedProgress>, ApiError> {
    let region = parse_code(&query.region)?;
    authorize(&signed_in.actor(), Action::ConfirmFilings, Some(&region))?;
    if !matches!(region.level(), RegionLevel::City | RegionLevel::Province) {
        return Err(ApiError::BadRequest("请选择市或省".into()));
    }
    if let Some(problem) = month_problem(&query.month, &this_month()) {
        return Err(ApiError::BadRequest(problem));
    }
    Ok(Json(summed(&state, &region, &query.month).await?))
}

/// `POST /api/progress-reports/circulars`: the province ranks its cities and the counties
/// that reported, and publishes the 通报 to them as a notice.
async fn publish_circular(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(new): ApiJson<NewCircular>,
) -> Result<Created<Json<PublishedCircular>>, ApiError> {
    authorize(
        &signed_in.actor(),
        Action::PublishCircular,
        Some(&new.province_code),
    )?;
    if let Some(problem) = month_problem(&new.month, &this_month()) {
        return Err(ApiError::BadRequest(problem));
    }
    let province = summed(&state, &new.province_code, &new.month).await?;
    let reports = state
        .store
        .accepted_reports(&new.province_code, &new.month)
        .await?;
    if reports.is_empty() {
        return Err(ApiError::Conflict(format!(
            "{} 还没有市级接收的县级报表，不能通报",
            new.month
        )));
    }
    let county_parts: Vec<ProgressPart> = reports
        .iter()
        .filter_map(|report| {
            report.total().map(|total| ProgressPart {
                code: report.region_code.clone(),
                name: report.county_name.clone(),
                figures: Some(total.figures.clone()),
            })
        })
        .collect();
    let cities = rank_by_coverage(&province.parts);
    let counties = rank_by_coverage(&county_parts);
    let title = format!("{}信息进村入户工程进度通报（{}）", province.name, new.month);
    let body = circular_body(&province.name, &new.month, &cities, &counties);
    let record = NewBulletinRecord {
        kind: BulletinKind::Notice,
        target: Some(&new.province_code),
        title: &title,
        body: &body,
        expires_on: None,
        publisher_id: signed_in.user.id,
        at: Utc::now(),
    };
    let bulletin_id = state.store.publish_bulletin(&record).await?;
    Ok(Created(Json(PublishedCircular {
        bulletin_id,
        title,
        cities,
        counties,
    })))
}
