//! 运营商: a county signs contracts with operators for its townships' stations
//! (`POST /api/operators/contracts`), gives them correction notices with a deadline and
//! checks their answers (`CorrectionReports`, through the review pipeline), replaces an
//! operator with its reason, the stations passing to the successor; the operators'
//! annual assessment by the published criteria (`GET /api/operators/assessment`). Farmers'
//! complaints about stations (`Complaints`) are looked into by the county the same way and
//! count against the operator when found true.

use aide::axum::routing::{get, post};
use aide::axum::ApiRouter;
use axum::extract::State;
use axum::Json;
use chrono::{Datelike, NaiveDate, Utc};
use serde::Deserialize;
use yinong_model::assessment::Period;
use yinong_model::import::date;
use yinong_model::operator::{
    assess, AssessedContract, Complaint, ComplaintPage, Contract, ContractDetail, ContractFigures,
    ContractStanding, ContractStation, ContractTerms, CorrectionNotice, CorrectionReport,
    CorrectionReportPage, CountyOperators, NewComplaint, NewContract, NewCorrectionNotice,
    NewCorrectionReport, OperatorAssessment, Replacement,
};
use yinong_model::region::RegionCode;
use yinong_store::operators::{
    ContractRefused, ContractsOf, FiledComplaint, IssuedNotice, SentCorrection, SignedContract,
};
use yinong_store::{china_today, StoreError};

use crate::access::{acts_as_farmer, authorize, is_owner, Action, Actor};
use crate::answer::Created;
use crate::auth::SignedIn;
use crate::error::{ApiError, ApiJson, ApiPath, ApiQuery};
use crate::regions::parse_code;
use crate::review::{approve_many, mine, queue, review, Reviewed};
use crate::state::AppState;

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route("/operators", get(county_operators))
        .api_route("/operators/mine", get(my_contracts))
        .api_route("/operators/assessment", get(assessment))
        .api_route("/operators/contracts", post(sign))
        .api_route("/operators/contracts/{id}", get(contract_detail))
        .api_route("/operators/contracts/{id}/replace", post(replace))
        .api_route("/operators/contracts/{id}/notices", post(issue_notice))
        .api_route("/operators/notices/{id}/reports", post(answer_notice))
        .api_route("/correction-reports/mine", get(mine::<CorrectionReports>))
        .api_route(
            "/correction-reports/review",
            get(queue::<CorrectionReports>),
        )
        .api_route(
            "/correction-reports/{id}/review",
            post(review::<CorrectionReports>),
        )
        .api_route(
            "/correction-reports/approve",
            post(approve_many::<CorrectionReports>),
        )
        .api_route("/complaints", post(complain))
        .api_route("/complaints/mine", get(mine::<Complaints>))
        .api_route("/complaints/review", get(queue::<Complaints>))
        // Each complaint is looked into on its own: no page found true at once.
        .api_route("/complaints/{id}/review", post(review::<Complaints>))
}

/// Operators' answers to correction notices, checked by the county: approved is done.
pub struct CorrectionReports;

impl Reviewed for CorrectionReports {
    type Page = CorrectionReportPage;
    const NAME: &'static str = "整改情况";
    const ACTION: Action = Action::ManageOperators;
    const PUBLISHES: bool = false;
}

/// Farmers' complaints about stations, looked into by the county one by one: approved is
/// found true.
pub struct Complaints;

impl Reviewed for Complaints {
    type Page = ComplaintPage;
    const NAME: &'static str = "投诉";
    const ACTION: Action = Action::ManageStation;
    const PUBLISHES: bool = false;
    const SENDS_BACK: bool = false;
}

#[derive(Deserialize, schemars::JsonSchema)]
struct CountyQuery {
    county: String,
}

/// `GET /api/operators?county=`: the county's contracts, its townships and who serves
/// each, and the operators a new contract may name.
async fn county_operators(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(query): ApiQuery<CountyQuery>,
) -> Result<Json<CountyOperators>, ApiError> {
    let county = parse_code(&query.county)?;
    authorize(&signed_in.actor(), Action::OverseeOperators, Some(&county))?;
    let county_name = state
        .store
        .region(&county)
        .await?
        .map(|region| region.name)
        .ok_or_else(|| ApiError::NotFound(format!("没有代码为 {county} 的地区")))?;
    Ok(Json(CountyOperators {
        contracts: state.store.contracts(ContractsOf::County(&county)).await?,
        townships: state.store.townships_served(&county, china_today()).await?,
        candidates: state.store.operator_candidates(&county).await?,
        county_code: county,
        county_name,
    }))
}

/// `GET /api/operators/mine`: the signed-in operator's contracts, newest first.
async fn my_contracts(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Json<Vec<Contract>>, ApiError> {
    Ok(Json(
        state
            .store
            .contracts(ContractsOf::Operator(signed_in.user.id))
            .await?,
    ))
}

async fn stored_contract(state: &AppState, id: i64) -> Result<Contract, ApiError> {
    state
        .store
        .contract(id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("没有编号为 {id} 的运营合同")))
}

/// Whether `actor` may read `contract`: its operator, or those who oversee its county.
fn may_read(actor: &Actor, contract: &Contract) -> Result<(), ApiError> {
    if is_owner(actor, contract.operator_id) {
        return Ok(());
    }
    Ok(authorize(
        actor,
        Action::OverseeOperators,
        Some(&contract.county_code),
    )?)
}

/// Checks the terms a county offers in `county`: sound, and naming an operator it may sign
/// with.
async fn checked_terms(
    state: &AppState,
    county: &RegionCode,
    terms: &ContractTerms,
) -> Result<(), ApiError> {
    if let Some(problem) = terms.problem() {
        return Err(ApiError::BadRequest(problem));
    }
    let candidates = state.store.operator_candidates(county).await?;
    if !candidates
        .iter()
        .any(|candidate| candidate.id == terms.operator_id)
    {
        return Err(ApiError::BadRequest(
            "请选择本县或上级地区登记的运营商账号".into(),
        ));
    }
    Ok(())
}

fn refused(refused: ContractRefused) -> ApiError {
    match refused {
        ContractRefused::TownshipTaken { township, operator } => ApiError::Conflict(format!(
            "{township}在这段时间由{operator}服务，请换一个乡镇或调整合同期"
        )),
        ContractRefused::AlreadyReplaced => {
            ApiError::Conflict("这份合同的运营商已经更换过了，请刷新后再看".into())
        }
    }
}

/// `POST /api/operators/contracts`: the county signs a contract for some of its townships.
async fn sign(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(new): ApiJson<NewContract>,
) -> Result<Created<Json<Contract>>, ApiError> {
    authorize(
        &signed_in.actor(),
        Action::ManageOperators,
        Some(&new.county_code),
    )?;
    if let Some(problem) = new.problem() {
        return Err(ApiError::BadRequest(problem));
    }
    let townships = state
        .store
        .townships_served(&new.county_code, china_today())
        .await?;
    if let Some(unknown) = new
        .townships
        .iter()
        .find(|code| !townships.iter().any(|township| &township.code == *code))
    {
        return Err(ApiError::BadRequest(format!(
            "本县没有代码为 {unknown} 的乡镇"
        )));
    }
    checked_terms(&state, &new.county_code, &new.terms).await?;
    let terms = new.terms.clone().normalized();
    let signed = SignedContract {
        county: &new.county_code,
        terms: &terms,
        townships: &new.townships,
        by: signed_in.user.id,
        at: Utc::now(),
    };
    match state.store.sign_contract(&signed).await? {
        Ok(contract) => Ok(Created(Json(contract))),
        Err(refusal) => Err(refused(refusal)),
    }
}

/// `POST /api/operators/contracts/{id}/replace`: the operator is replaced for a reason;
/// its townships (and their stations) pass to the successor from the day it takes over.
async fn replace(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(replacement): ApiJson<Replacement>,
) -> Result<Created<Json<Contract>>, ApiError> {
    let contract = stored_contract(&state, id).await?;
    authorize(
        &signed_in.actor(),
        Action::ManageOperators,
        Some(&contract.county_code),
    )?;
    if contract.ended_on.is_some() {
        return Err(refused(ContractRefused::AlreadyReplaced));
    }
    if let Some(problem) = replacement.problem(&contract.starts_on, &contract.ends_on) {
        return Err(ApiError::BadRequest(problem));
    }
    if replacement.terms.operator_id == contract.operator_id {
        return Err(ApiError::BadRequest("接替的应是另一家运营商".into()));
    }
    checked_terms(&state, &contract.county_code, &replacement.terms).await?;
    let terms = replacement.terms.clone().normalized();
    let townships: Vec<RegionCode> = contract
        .townships
        .iter()
        .map(|township| township.code.clone())
        .collect();
    let successor = SignedContract {
        county: &contract.county_code,
        terms: &terms,
        townships: &townships,
        by: signed_in.user.id,
        at: Utc::now(),
    };
    match state
        .store
        .replace_contract(id, &replacement.reason, &successor)
        .await?
    {
        Ok(contract) => Ok(Created(Json(contract))),
        Err(refusal) => Err(refused(refusal)),
    }
}

/// `contract`, with its `stations` and `notices` as they stand today, assessed for `year`,
/// when it ran in that year.
async fn assessed_figures(
    state: &AppState,
    contract: &Contract,
    (stations, notices): (&[ContractStation], &[CorrectionNotice]),
    year: i32,
) -> Result<Option<ContractFigures>, ApiError> {
    let Some((from, until)) = contract.days_in(year) else {
        return Ok(None);
    };
    let day = |text: &str| {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|e| ApiError::Internal(format!("contract {} day {text}: {e}", contract.id)))
    };
    let (services, complaints) = state
        .store
        .contract_activity(contract.id, day(&from)?, day(&until)?)
        .await?;
    Ok(Some(ContractFigures::of(
        stations,
        services,
        complaints,
        notices,
        (&from, &until),
    )))
}

/// `GET /api/operators/contracts/{id}`: the contract, its stations, its notices and how
/// it stands this year.
async fn contract_detail(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ContractDetail>, ApiError> {
    let contract = stored_contract(&state, id).await?;
    may_read(&signed_in.actor(), &contract)?;
    let today = china_today();
    let notices = state.store.correction_notices(id, today).await?;
    let stations = state.store.contract_stations(id).await?;
    let this_year = assessed_figures(&state, &contract, (&stations, &notices), today.year())
        .await?
        .and_then(|figures| assess(vec![(contract.clone(), figures)]).pop());
    let took_over_from = state
        .store
        .contracts(ContractsOf::County(&contract.county_code))
        .await?
        .into_iter()
        .find(|earlier| earlier.successor_id == Some(id));
    Ok(Json(ContractDetail {
        stations,
        notices,
        took_over_from,
        this_year,
        contract,
    }))
}

/// `POST /api/operators/contracts/{id}/notices`: the county gives the operator a
/// correction notice with its deadline.
async fn issue_notice(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(notice): ApiJson<NewCorrectionNotice>,
) -> Result<Created<Json<CorrectionNotice>>, ApiError> {
    let contract = stored_contract(&state, id).await?;
    authorize(
        &signed_in.actor(),
        Action::ManageOperators,
        Some(&contract.county_code),
    )?;
    let today = china_today();
    if let Some(problem) = notice.problem(&today.to_string()) {
        return Err(ApiError::BadRequest(problem));
    }
    if contract.standing(&today.to_string()) != ContractStanding::Running {
        return Err(ApiError::Conflict(
            "这份合同不在履约期内，不能下发整改通知".into(),
        ));
    }
    let correct_by = date(&notice.correct_by)
        .ok()
        .and_then(|day| NaiveDate::parse_from_str(&day, "%Y-%m-%d").ok())
        .ok_or_else(|| ApiError::BadRequest("整改期限应写成 2026-12-31 这样".into()))?;
    let issued = IssuedNotice {
        contract_id: id,
        problem: &notice.problem,
        correct_by,
        by: signed_in.user.id,
        at: Utc::now(),
    };
    let notice_id = state.store.issue_correction_notice(&issued).await?;
    let notices = state.store.correction_notices(id, today).await?;
    notices
        .into_iter()
        .find(|notice| notice.id == notice_id)
        .map(|notice| Created(Json(notice)))
        .ok_or_else(|| ApiError::Internal(format!("notice {notice_id} vanished")))
}

/// `POST /api/operators/notices/{id}/reports`: the operator says what it corrected; the
/// county checks it in its queue.
async fn answer_notice(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiPath(id): ApiPath<i64>,
    ApiJson(report): ApiJson<NewCorrectionReport>,
) -> Result<Created<Json<CorrectionReport>>, ApiError> {
    let (contract_id, _) = state
        .store
        .correction_notice(id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("没有编号为 {id} 的整改通知")))?;
    let contract = stored_contract(&state, contract_id).await?;
    if !is_owner(&signed_in.actor(), contract.operator_id) {
        return Err(ApiError::Forbidden);
    }
    if let Some(problem) = report.problem() {
        return Err(ApiError::BadRequest(problem));
    }
    let sent = SentCorrection {
        notice_id: id,
        county: &contract.county_code,
        done: &report.done,
        by: signed_in.user.id,
        at: Utc::now(),
    };
    match state.store.send_correction_report(&sent).await {
        Ok(report) => Ok(Created(Json(report))),
        Err(StoreError::Conflict(_)) => Err(ApiError::Conflict(
            "这条整改已报县核验或已完成，等县里的结果".into(),
        )),
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize, schemars::JsonSchema)]
struct AssessmentQuery {
    county: String,
    year: Option<String>,
}

/// `GET /api/operators/assessment?county=&year=`: the county's contracts that ran in the
/// year (this year's when none is asked for), assessed and ranked.
async fn assessment(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiQuery(query): ApiQuery<AssessmentQuery>,
) -> Result<Json<OperatorAssessment>, ApiError> {
    let county = parse_code(&query.county)?;
    authorize(&signed_in.actor(), Action::OverseeOperators, Some(&county))?;
    let today = china_today();
    let text = query.year.unwrap_or_else(|| today.year().to_string());
    let Some(Period::Year { year }) = Period::parse(&text) else {
        return Err(ApiError::BadRequest(format!("年度“{text}”应写成 2026")));
    };
    let mut assessed = Vec::new();
    for contract in state.store.contracts(ContractsOf::County(&county)).await? {
        if contract.days_in(year).is_none() {
            continue;
        }
        let notices = state.store.correction_notices(contract.id, today).await?;
        let stations = state.store.contract_stations(contract.id).await?;
        let kept = (stations.as_slice(), notices.as_slice());
        if let Some(figures) = assessed_figures(&state, &contract, kept, year).await? {
            assessed.push((contract, figures));
        }
    }
    let contracts: Vec<AssessedContract> = assess(assessed);
    Ok(Json(OperatorAssessment {
        county_code: county,
        year: year.to_string(),
        contracts,
    }))
}

/// `POST /api/complaints`: a farmer complains about a station they met; the county looks
/// into it.
async fn complain(
    State(state): State<AppState>,
    signed_in: SignedIn,
    ApiJson(new): ApiJson<NewComplaint>,
) -> Result<Created<Json<Complaint>>, ApiError> {
    if !acts_as_farmer(&signed_in.actor()) {
        return Err(ApiError::Forbidden);
    }
    if let Some(problem) = new.problem() {
        return Err(ApiError::BadRequest(problem));
    }
    let station = state
        .store
        .station(new.station_code.trim())
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("没有编号为 {} 的益农社", new.station_code)))?;
    if !station.status.counts_as_coverage()
        && station.status != yinong_model::station::StationStatus::Suspended
    {
        return Err(ApiError::Conflict(
            "这个益农社还没有开门服务，不能投诉".into(),
        ));
    }
    let filed = FiledComplaint {
        station_code: &station.code,
        village: &station.region_code,
        text: &new.text,
        by: signed_in.user.id,
        at: Utc::now(),
    };
    Ok(Created(Json(state.store.file_complaint(&filed).await?)))
}
