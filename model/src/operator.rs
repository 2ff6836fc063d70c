//! 运营商: a county's contract with an operator (its period, duties and the townships whose
//! stations it serves); the annual assessment of a contract by its own published criteria
//! — stations operating and their 六有, services, qualified informants, farmers' complaints
//! found true, corrections done by their deadline —; a correction notice (整改) with its
//! deadline, answered by the operator and checked by the county; and a replacement
//! recorded with its reason, the stations passing to the successor. "运营商不是终身制，要组织
//! 年度考核，考核不达标又不能及时整改的可以更换。"

use serde::{Deserialize, Serialize};

use crate::assessment::share_ranks;
use crate::import::date;
use crate::region::{RegionCode, RegionLevel};
use crate::review::{ReviewStatus, ReviewedAt};

pub const REASON_MAX_CHARS: usize = 200;
pub const PROBLEM_MAX_CHARS: usize = 500;
pub const DONE_MAX_CHARS: usize = 500;
pub const COMPLAINT_MAX_CHARS: usize = 500;
pub const REPORTS_PER_PAGE: i64 = 20;
pub const COMPLAINTS_PER_PAGE: i64 = 20;

/// Where the county checks the operators' answers to its correction notices.
pub const CORRECTION_REPORTS: ReviewedAt = ReviewedAt("/api/correction-reports");
/// Where the county finds out whether a farmer's complaint is true.
pub const COMPLAINTS: ReviewedAt = ReviewedAt("/api/complaints");

/// Below this an operator fails the year (a case for correction, then replacement).
pub const PASS_SCORE: u32 = 60;
/// Services a year at each operating station that earn the service part in full (10 a
/// month).
pub const SERVICES_FOR_FULL_MARKS: u32 = 120;
/// Points a complaint found true costs.
pub const POINTS_PER_COMPLAINT: u32 = 2;

/// The criteria as published to operators and counties.
pub const FORMULA_ZH: &str = "得分（满分 100）= 站点运营 25 × 运营中的站点 ÷ 合同内的站点 \
    + 六有 15 × 六有齐全的运营站点 ÷ 运营中的站点 \
    + 服务 20 × min(全年服务次数 ÷ 运营中的站点, 120) ÷ 120 \
    + 信息员 15 × 有合格信息员的运营站点 ÷ 运营中的站点 \
    + 投诉 10 − 每件属实的投诉扣 2 分（扣完为止） \
    + 整改 15 × 按期完成的整改 ÷ 当年到期的整改（没有到期的整改得满分）。\
    60 分以下为不合格；不合格又不能按期整改的，可以更换运营商。";
pub const FORMULA_EN: &str = "Score (of 100) = stations 25 × operating ÷ stations under contract \
    + 六有 15 × operating stations meeting all six ÷ operating \
    + services 20 × min(services in the year ÷ operating stations, 120) ÷ 120 \
    + informants 15 × operating stations with a qualified informant ÷ operating \
    + complaints 10 − 2 for each complaint found true (down to 0) \
    + corrections 15 × corrections done by their deadline ÷ corrections due in the year (full marks when none was due). \
    Below 60 fails; an operator that fails and cannot correct in time may be replaced.";

/// What an operator undertakes under a contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Duty {
    /// 建设益农信息社 to the 六有 standard.
    Build,
    /// 运营维护: keeps the stations open, equipped and connected.
    Operate,
    /// 培训信息员.
    TrainInformants,
    /// 接入四类服务: brings the public-welfare, convenience, e-commerce and training
    /// services to the stations.
    ConnectServices,
}

impl Duty {
    pub const ALL: [Duty; 4] = [
        Self::Build,
        Self::Operate,
        Self::TrainInformants,
        Self::ConnectServices,
    ];

    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Build => "建设益农信息社",
            Self::Operate => "运营维护站点",
            Self::TrainInformants => "培训信息员",
            Self::ConnectServices => "接入四类服务",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Self::Build => "Build stations",
            Self::Operate => "Run and maintain stations",
            Self::TrainInformants => "Train informants",
            Self::ConnectServices => "Connect the four services",
        }
    }
}

/// The terms of a contract: whom, for how long, to do what, where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ContractTerms {
    /// The operator's account.
    pub operator_id: i64,
    /// `YYYY-MM-DD`.
    pub starts_on: String,
    /// `YYYY-MM-DD`, the last day it runs.
    pub ends_on: String,
    pub duties: Vec<Duty>,
}

impl ContractTerms {
    /// What is wrong with these terms, in Chinese, if anything.
    pub fn problem(&self) -> Option<String> {
        let starts_on = match date(&self.starts_on) {
            Ok(day) => day,
            Err(problem) => return Some(format!("开始日期：{problem}")),
        };
        match date(&self.ends_on) {
            Ok(day) if day <= starts_on => return Some("结束日期应在开始日期之后".to_owned()),
            Ok(_) => {}
            Err(problem) => return Some(format!("结束日期：{problem}")),
        }
        if self.duties.is_empty() {
            return Some("请至少选择一项运营职责".to_owned());
        }
        None
    }

    /// The terms with their days written `YYYY-MM-DD` (as [`date`] writes them), once
    /// [`Self::problem`] found none.
    pub fn normalized(mut self) -> ContractTerms {
        for day in [&mut self.starts_on, &mut self.ends_on] {
            if let Ok(written) = date(day) {
                *day = written;
            }
        }
        self
    }
}

/// `POST /api/operators/contracts`: the county signs a contract for its townships.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewContract {
    pub county_code: RegionCode,
    #[serde(flatten)]
    pub terms: ContractTerms,
    /// The townships whose stations it serves.
    pub townships: Vec<RegionCode>,
}

impl NewContract {
    pub fn problem(&self) -> Option<String> {
        if self.county_code.level() != RegionLevel::County {
            return Some("运营合同由县签订，请选择县".to_owned());
        }
        if let Some(problem) = self.terms.problem() {
            return Some(problem);
        }
        if self.townships.is_empty() {
            return Some("请选择合同服务的乡镇".to_owned());
        }
        let mut codes: Vec<&RegionCode> = self.townships.iter().collect();
        codes.sort_unstable();
        if let Some(twice) = codes.windows(2).find(|pair| pair[0] == pair[1]) {
            return Some(format!("乡镇 {} 选了两次", twice[0]));
        }
        self.townships
            .iter()
            .find(|township| {
                township.level() != RegionLevel::Township || !self.county_code.contains(township)
            })
            .map(|township| format!("{township} 不是本县的乡镇"))
    }
}

/// `POST /api/operators/contracts/{id}/replace`: the operator is replaced; its stations
/// pass to the successor under a new contract from `terms.starts_on`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Replacement {
    pub reason: String,
    #[serde(flatten)]
    pub terms: ContractTerms,
}

impl Replacement {
    /// What is wrong with replacing a contract that runs from `started_on` to `ends_on`,
    /// if anything: the successor takes over within it.
    pub fn problem(&self, started_on: &str, ends_on: &str) -> Option<String> {
        let reason = self.reason.trim().chars().count();
        if reason == 0 || reason > REASON_MAX_CHARS {
            return Some(format!(
                "请写明更换的原因（不超过 {REASON_MAX_CHARS} 个字），例如：年度考核不合格，整改逾期"
            ));
        }
        if let Some(problem) = self.terms.problem() {
            return Some(problem);
        }
        let takes_over = date(&self.terms.starts_on).ok()?;
        (takes_over.as_str() <= started_on || takes_over.as_str() > ends_on)
            .then(|| format!("接替的日期应在原合同期内（{started_on} 之后，{ends_on} 之前）"))
    }
}

/// Where a contract stands on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContractStanding {
    NotStarted,
    Running,
    Expired,
    /// Ended early: the operator was replaced.
    Replaced,
}

impl ContractStanding {
    pub fn name_zh(self) -> &'static str {
        match self {
            Self::NotStarted => "未开始",
            Self::Running => "履约中",
            Self::Expired => "已到期",
            Self::Replaced => "已更换",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Self::NotStarted => "Not started",
            Self::Running => "Running",
            Self::Expired => "Expired",
            Self::Replaced => "Replaced",
        }
    }
}

/// A township a contract serves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ServedTownship {
    pub code: RegionCode,
    pub name: String,
}

/// A contract as the county and the operator read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Contract {
    pub id: i64,
    pub county_code: RegionCode,
    pub county_name: String,
    pub operator_id: i64,
    pub operator_name: String,
    pub starts_on: String,
    pub ends_on: String,
    pub duties: Vec<Duty>,
    pub townships: Vec<ServedTownship>,
    /// Stations in its townships, declared or beyond (a refused declaration is none).
    pub stations: u32,
    pub signed_by: String,
    /// The day the successor takes over, when it was replaced.
    pub ended_on: Option<String>,
    pub end_reason: Option<String>,
    /// The successor's contract, when it was replaced.
    pub successor_id: Option<i64>,
    pub successor_name: Option<String>,
}

impl Contract {
    /// Where it stands on `today` (`YYYY-MM-DD`).
    pub fn standing(&self, today: &str) -> ContractStanding {
        if self
            .ended_on
            .as_deref()
            .is_some_and(|ended_on| today >= ended_on)
        {
            ContractStanding::Replaced
        } else if today < self.starts_on.as_str() {
            ContractStanding::NotStarted
        } else if today > self.ends_on.as_str() {
            ContractStanding::Expired
        } else {
            ContractStanding::Running
        }
    }

    /// The days of `year` it ran: its first and the day after its last, `None` when it
    /// did not run in that year.
    pub fn days_in(&self, year: i32) -> Option<(String, String)> {
        let starts = self.starts_on.clone().max(format!("{year}-01-01"));
        let ends_before = [format!("{}-01-01", year + 1), day_after(&self.ends_on)]
            .into_iter()
            .chain(self.ended_on.clone())
            .min()?;
        (starts < ends_before).then_some((starts, ends_before))
    }
}

/// The day after `day` (`YYYY-MM-DD`, as [`date`] writes it).
pub fn day_after(day: &str) -> String {
    let number = |range: std::ops::Range<usize>| day.get(range).and_then(|n| n.parse::<u32>().ok());
    let (Some(year), Some(month), Some(today)) = (number(0..4), number(5..7), number(8..10)) else {
        return day.to_owned();
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let last = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    match (today < last, month < 12) {
        (true, _) => format!("{year:04}-{month:02}-{:02}", today + 1),
        (false, true) => format!("{year:04}-{:02}-01", month + 1),
        (false, false) => format!("{:04}-01-01", year + 1),
    }
}

/// A county's townships and who serves each now: what the contract form offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct TownshipServed {
    pub code: RegionCode,
    pub name: String,
    /// The operator of the contract that serves it until its end, if any.
    pub served_by: Option<String>,
}

/// An operator account a county may sign with: one of the county or above it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct OperatorAccount {
    pub id: i64,
    pub name: String,
}

/// `GET /api/operators?county=`: a county's contracts, newest first, and what a new one
/// may name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct CountyOperators {
    pub county_code: RegionCode,
    pub county_name: String,
    pub contracts: Vec<Contract>,
    pub townships: Vec<TownshipServed>,
    pub candidates: Vec<OperatorAccount>,
}

/// A station under a contract, as the contract's page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ContractStation {
    pub code: String,
    pub name: String,
    /// 乡镇 村.
    pub place: String,
    pub status: crate::station::StationStatus,
    pub compliant: bool,
    pub qualified_informants: i64,
}

/// `POST /api/operators/contracts/{id}/notices`: the county tells the operator what to
/// correct, by when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewCorrectionNotice {
    pub problem: String,
    /// `YYYY-MM-DD`.
    pub correct_by: String,
}

impl NewCorrectionNotice {
    /// What is wrong with this notice given `today`, if anything.
    pub fn problem(&self, today: &str) -> Option<String> {
        let problem = self.problem.trim().chars().count();
        if problem == 0 || problem > PROBLEM_MAX_CHARS {
            return Some(format!(
                "请写明要整改的问题（不超过 {PROBLEM_MAX_CHARS} 个字）"
            ));
        }
        match date(&self.correct_by) {
            Ok(day) if day.as_str() <= today => Some("整改期限应在今天之后".to_owned()),
            Ok(_) => None,
            Err(problem) => Some(format!("整改期限：{problem}")),
        }
    }
}

/// Where a correction notice stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CorrectionOutcome {
    /// Waiting for the operator's answer, the deadline not passed.
    Open,
    /// The operator says it is done; the county has not checked yet.
    AwaitingCheck,
    /// Checked done, answered by the deadline.
    OnTime,
    /// Checked done, answered after the deadline.
    Late,
    /// The deadline passed and nothing the county accepted.
    Overdue,
}

impl CorrectionOutcome {
    /// The outcome of a notice due `correct_by`: done `corrected_on` (the day the answer
    /// the county accepted was sent), or an answer `waiting`, seen on `today`.
    pub fn of(
        correct_by: &str,
        corrected_on: Option<&str>,
        waiting: bool,
        today: &str,
    ) -> CorrectionOutcome {
        match corrected_on {
            Some(day) if day <= correct_by => Self::OnTime,
            Some(_) => Self::Late,
            None if today > correct_by => Self::Overdue,
            None if waiting => Self::AwaitingCheck,
            None => Self::Open,
        }
    }

    /// Settled one way or the other (done, or its deadline passed): what the assessment's
    /// correction part counts as due.
    pub fn is_due(self) -> bool {
        matches!(self, Self::OnTime | Self::Late | Self::Overdue)
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Open => "待整改",
            Self::AwaitingCheck => "待县核验",
            Self::OnTime => "按期完成",
            Self::Late => "逾期完成",
            Self::Overdue => "逾期未完成",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Self::Open => "To correct",
            Self::AwaitingCheck => "Awaiting the county's check",
            Self::OnTime => "Done on time",
            Self::Late => "Done late",
            Self::Overdue => "Overdue",
        }
    }
}

/// A correction notice and where it stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct CorrectionNotice {
    pub id: i64,
    pub contract_id: i64,
    pub operator_name: String,
    pub problem: String,
    pub correct_by: String,
    pub issued_by: String,
    /// `YYYY-MM-DD`, China's calendar.
    pub issued_on: String,
    pub outcome: CorrectionOutcome,
    /// The day the accepted answer was sent.
    pub corrected_on: Option<String>,
    /// The operator's latest answer.
    pub latest_report: Option<CorrectionReport>,
}

/// `POST /api/operators/notices/{id}/reports`: the operator says what was done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewCorrectionReport {
    pub done: String,
}

impl NewCorrectionReport {
    pub fn problem(&self) -> Option<String> {
        let done = self.done.trim().chars().count();
        (done == 0 || done > DONE_MAX_CHARS).then(|| {
            format!("请写明整改了什么（不超过 {DONE_MAX_CHARS} 个字），例如：宽带已开通 100M")
        })
    }
}

/// The operator's answer to a notice, checked by the county as every reviewed kind is:
/// approved is done; returned or refused, the notice stays open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct CorrectionReport {
    pub id: i64,
    pub notice_id: i64,
    /// The county that checks it.
    pub region_code: RegionCode,
    pub problem: String,
    pub correct_by: String,
    pub done: String,
    pub status: ReviewStatus,
    pub review_note: Option<String>,
    pub operator_name: String,
    /// RFC 3339.
    pub sent_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct CorrectionReportPage {
    pub reports: Vec<CorrectionReport>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

crate::submission_page!(
    CorrectionReportPage,
    reports,
    CorrectionReport,
    REPORTS_PER_PAGE
);

/// The names a correction report's review statuses go by.
pub fn report_status_zh(status: ReviewStatus) -> &'static str {
    match status {
        ReviewStatus::Pending => "待县核验",
        ReviewStatus::Approved => "整改完成",
        ReviewStatus::Returned => "退回重改",
        ReviewStatus::Rejected => "未通过",
    }
}

pub fn report_status_en(status: ReviewStatus) -> &'static str {
    match status {
        ReviewStatus::Pending => "Awaiting the county",
        ReviewStatus::Approved => "Corrected",
        ReviewStatus::Returned => "Returned",
        ReviewStatus::Rejected => "Not accepted",
    }
}

/// `GET /api/operators/contracts/{id}`: a contract, its stations and its notices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ContractDetail {
    pub contract: Contract,
    pub stations: Vec<ContractStation>,
    /// Newest first.
    pub notices: Vec<CorrectionNotice>,
    /// The contract it took over from, when it is a successor's.
    pub took_over_from: Option<Contract>,
    /// How it stands this year by the published criteria, when it ran this year.
    pub this_year: Option<AssessedContract>,
}

/// `POST /api/complaints`: a farmer complains about a station (closed when it should be
/// open, a service refused, a fee asked for a free service).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewComplaint {
    pub station_code: String,
    pub text: String,
}

impl NewComplaint {
    pub fn problem(&self) -> Option<String> {
        let text = self.text.trim().chars().count();
        (!(5..=COMPLAINT_MAX_CHARS).contains(&text)).then(|| {
            format!("请写清楚遇到了什么问题（5 到 {COMPLAINT_MAX_CHARS} 个字），例如：说好上午开门，去了三次都关着")
        })
    }
}

/// A farmer's complaint, looked into by the county: approved means found true, refused
/// means not (with the reason the farmer reads).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Complaint {
    pub id: i64,
    pub station_code: String,
    pub station_name: String,
    /// The station's village.
    pub region_code: RegionCode,
    pub text: String,
    pub status: ReviewStatus,
    pub review_note: Option<String>,
    /// RFC 3339.
    pub sent_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ComplaintPage {
    pub complaints: Vec<Complaint>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

crate::submission_page!(ComplaintPage, complaints, Complaint, COMPLAINTS_PER_PAGE);

/// The names a complaint's review statuses go by.
pub fn complaint_status_zh(status: ReviewStatus) -> &'static str {
    match status {
        ReviewStatus::Pending => "待县核实",
        ReviewStatus::Approved => "属实",
        ReviewStatus::Returned => "退回补充",
        ReviewStatus::Rejected => "不属实",
    }
}

pub fn complaint_status_en(status: ReviewStatus) -> &'static str {
    match status {
        ReviewStatus::Pending => "Being looked into",
        ReviewStatus::Approved => "Found true",
        ReviewStatus::Returned => "More detail asked",
        ReviewStatus::Rejected => "Not found true",
    }
}

/// What a contract's stations and notices came to over a year: the assessment's inputs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ContractFigures {
    /// Stations under the contract (declared or beyond).
    pub stations: u32,
    pub operating: u32,
    /// Operating stations meeting all of 六有.
    pub compliant: u32,
    /// Operating stations with at least one qualified informant.
    pub with_qualified_informant: u32,
    /// Service records at its stations in the year.
    pub services: u32,
    /// Complaints about its stations sent in the year and found true.
    pub complaints_upheld: u32,
    /// Its notices due in the year, by today.
    pub corrections_due: u32,
    pub corrections_on_time: u32,
}

impl ContractFigures {
    /// The figures of a contract's `stations`, the `services` and `complaints_upheld` at
    /// them over a window of days, and its `notices` due within it (`[from, until)`).
    pub fn of(
        stations: &[ContractStation],
        services: u32,
        complaints_upheld: u32,
        notices: &[CorrectionNotice],
        (from, until): (&str, &str),
    ) -> ContractFigures {
        let operating: Vec<&ContractStation> = stations
            .iter()
            .filter(|station| station.status.counts_as_coverage())
            .collect();
        let count = |keep: &dyn Fn(&ContractStation) -> bool| {
            operating.iter().filter(|station| keep(station)).count() as u32
        };
        let due: Vec<&CorrectionNotice> = notices
            .iter()
            .filter(|notice| {
                notice.outcome.is_due()
                    && notice.correct_by.as_str() >= from
                    && notice.correct_by.as_str() < until
            })
            .collect();
        ContractFigures {
            stations: stations.len() as u32,
            operating: operating.len() as u32,
            compliant: count(&|station| station.compliant),
            with_qualified_informant: count(&|station| station.qualified_informants > 0),
            services,
            complaints_upheld,
            corrections_due: due.len() as u32,
            corrections_on_time: due
                .iter()
                .filter(|notice| notice.outcome == CorrectionOutcome::OnTime)
                .count() as u32,
        }
    }
}

/// The score of `figures` by the published criteria ([`FORMULA_ZH`]), rounded.
pub fn score(figures: &ContractFigures) -> u32 {
    let share = |count: u32, of: u32| {
        if of == 0 {
            0.0
        } else {
            f64::from(count.min(of)) / f64::from(of)
        }
    };
    let services_a_station = if figures.operating == 0 {
        0.0
    } else {
        f64::from(figures.services) / f64::from(figures.operating)
    };
    let corrections = if figures.corrections_due == 0 {
        1.0
    } else {
        share(figures.corrections_on_time, figures.corrections_due)
    };
    let complaints = 10_u32.saturating_sub(POINTS_PER_COMPLAINT * figures.complaints_upheld);
    let points = 25.0 * share(figures.operating, figures.stations)
        + 15.0 * share(figures.compliant, figures.operating)
        + 20.0 * services_a_station.min(f64::from(SERVICES_FOR_FULL_MARKS))
            / f64::from(SERVICES_FOR_FULL_MARKS)
        + 15.0 * share(figures.with_qualified_informant, figures.operating)
        + f64::from(complaints)
        + 15.0 * corrections;
    points.round() as u32
}

/// A contract's assessment for a year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct AssessedContract {
    pub contract: Contract,
    pub figures: ContractFigures,
    pub score: u32,
    pub passed: bool,
    /// 1 for the best; equal scores share a rank.
    pub rank: u32,
}

/// `GET /api/operators/assessment?county=&year=`: the contracts that ran in the year,
/// ranked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct OperatorAssessment {
    pub county_code: RegionCode,
    pub year: String,
    pub contracts: Vec<AssessedContract>,
}

/// Scores each contract's figures and ranks them, best first (ties by contract id).
pub fn assess(contracts: Vec<(Contract, ContractFigures)>) -> Vec<AssessedContract> {
    let mut assessed: Vec<AssessedContract> = contracts
        .into_iter()
        .map(|(contract, figures)| {
            let score = score(&figures);
            AssessedContract {
                contract,
                figures,
                score,
                passed: score >= PASS_SCORE,
                rank: 0,
            }
        })
        .collect();
    assessed.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(a.contract.id.cmp(&b.contract.id))
    });
    share_ranks(&mut assessed, |one| one.score, |one, rank| one.rank = rank);
    assessed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> RegionCode {
        RegionCode::parse(text).unwrap()
    }

    fn terms() -> ContractTerms {
        ContractTerms {
            operator_id: 9,
            starts_on: "2026-01-01".into(),
            ends_on: "2028-12-31".into(),
            duties: vec![Duty::Operate],
        }
    }

    #[test]
    fn a_contract_runs_forward_for_the_county_s_own_townships() {
        let mut contract = NewContract {
            county_code: code("370811"),
            terms: terms(),
            townships: vec![code("370811001")],
        };
        assert_eq!(contract.problem(), None);
        let loose = ContractTerms {
            starts_on: "2026/1/5".into(),
            ..terms()
        };
        assert_eq!(loose.problem(), None);
        assert_eq!(loose.normalized().starts_on, "2026-01-05");
        contract.terms.ends_on = "2025-12-31".into();
        assert_eq!(
            contract.problem().as_deref(),
            Some("结束日期应在开始日期之后")
        );
        contract.terms = ContractTerms {
            duties: vec![],
            ..terms()
        };
        assert_eq!(
            contract.problem().as_deref(),
            Some("请至少选择一项运营职责")
        );
        contract.terms = terms();
        contract.townships = vec![code("370812001")];
        assert_eq!(
            contract.problem().as_deref(),
            Some("370812001 不是本县的乡镇")
        );
        contract.townships = vec![];
        assert!(contract.problem().is_some());
        contract.townships = vec![code("370811001"), code("370811001")];
        assert_eq!(
            contract.problem().as_deref(),
            Some("乡镇 370811001 选了两次")
        );
        contract.townships = vec![code("370811001")];
        contract.county_code = code("3708");
        assert!(contract.problem().is_some(), "a city signs none");
    }

    #[test]
    fn a_replacement_says_why_and_starts_after_the_contract_it_ends() {
        let mut replacement = Replacement {
            reason: "  ".into(),
            terms: ContractTerms {
                starts_on: "2026-12-06".into(),
                ..terms()
            },
        };
        let problem = |replacement: &Replacement| replacement.problem("2026-01-01", "2028-12-31");
        assert!(problem(&replacement).unwrap().contains("原因"));
        replacement.reason = "年度考核不合格，整改逾期".into();
        assert_eq!(problem(&replacement), None);
        assert!(replacement.problem("2026-12-06", "2028-12-31").is_some());
        replacement.terms.starts_on = "2029-01-01".into();
        assert!(problem(&replacement).is_some(), "after it ended");
    }

    #[test]
    fn a_contract_stands_by_its_dates_unless_replaced() {
        let mut contract = Contract {
            id: 1,
            county_code: code("370811"),
            county_name: "任城区".into(),
            operator_id: 9,
            operator_name: "运营商".into(),
            starts_on: "2026-01-01".into(),
            ends_on: "2026-12-31".into(),
            duties: vec![Duty::Operate],
            townships: vec![],
            stations: 0,
            signed_by: "县".into(),
            ended_on: None,
            end_reason: None,
            successor_id: None,
            successor_name: None,
        };
        assert_eq!(
            contract.standing("2025-12-31"),
            ContractStanding::NotStarted
        );
        assert_eq!(contract.standing("2026-12-31"), ContractStanding::Running);
        assert_eq!(contract.standing("2027-01-01"), ContractStanding::Expired);
        assert_eq!(
            contract.days_in(2026),
            Some(("2026-01-01".into(), "2027-01-01".into()))
        );
        assert_eq!(contract.days_in(2027), None);
        contract.ended_on = Some("2026-06-01".into());
        assert_eq!(contract.standing("2026-05-31"), ContractStanding::Running);
        assert_eq!(contract.standing("2026-06-01"), ContractStanding::Replaced);
        assert_eq!(
            contract.days_in(2026),
            Some(("2026-01-01".into(), "2026-06-01".into()))
        );
        assert_eq!(day_after("2028-02-28"), "2028-02-29");
        assert_eq!(day_after("2026-02-28"), "2026-03-01");
        assert_eq!(day_after("2026-12-31"), "2027-01-01");
    }

    #[test]
    fn a_notice_is_done_on_time_late_or_overdue() {
        let due = "2026-12-10";
        use CorrectionOutcome::*;
        assert_eq!(CorrectionOutcome::of(due, None, false, "2026-12-06"), Open);
        assert_eq!(
            CorrectionOutcome::of(due, None, true, "2026-12-06"),
            AwaitingCheck
        );
        assert_eq!(
            CorrectionOutcome::of(due, None, true, "2026-12-11"),
            Overdue
        );
        assert_eq!(
            CorrectionOutcome::of(due, Some("2026-12-10"), false, "2027-01-01"),
            OnTime
        );
        assert_eq!(
            CorrectionOutcome::of(due, Some("2026-12-11"), false, "2027-01-01"),
            Late
        );
        let notice = NewCorrectionNotice {
            problem: "宽带未开通".into(),
            correct_by: "2026-12-06".into(),
        };
        assert_eq!(
            notice.problem("2026-12-06").as_deref(),
            Some("整改期限应在今天之后")
        );
        assert_eq!(notice.problem("2026-12-05"), None);
    }

    #[test]
    fn the_score_follows_the_published_criteria() {
        let full = ContractFigures {
            stations: 10,
            operating: 10,
            compliant: 10,
            with_qualified_informant: 10,
            services: 1_200,
            complaints_upheld: 0,
            corrections_due: 0,
            corrections_on_time: 0,
        };
        assert_eq!(score(&full), 100);
        // 25×8/10 + 15×4/8 + 20×(480/8)/120 + 15×6/8 + (10−2×2) + 15×1/2
        // = 20 + 7.5 + 10 + 11.25 + 6 + 7.5 = 62.25
        let mixed = ContractFigures {
            stations: 10,
            operating: 8,
            compliant: 4,
            with_qualified_informant: 6,
            services: 480,
            complaints_upheld: 2,
            corrections_due: 2,
            corrections_on_time: 1,
        };
        assert_eq!(score(&mixed), 62);
        let many_complaints = ContractFigures {
            complaints_upheld: 9,
            ..full.clone()
        };
        assert_eq!(score(&many_complaints), 90, "complaints cost 10 at most");
        assert_eq!(
            score(&ContractFigures::default()),
            25,
            "nothing run, nothing due"
        );
    }
}
