//! 代办 and 代购: what a farmer asks their station to do for them, and the steps the
//! request goes through (submitted → accepted → done, or cancelled with a reason). The
//! station's informant does the work; the app never takes payment itself.

use serde::{Deserialize, Serialize};

use crate::sync::{Capture, CapturedRecord};

/// Longest description a farmer may write, in characters.
pub const DETAILS_MAX_CHARS: usize = 500;
/// Longest cancellation reason, in characters.
pub const REASON_MAX_CHARS: usize = 200;
/// Open requests (not yet done or cancelled) one farmer may have at a time: enough for
/// any household, few enough that a station's queue cannot be flooded.
pub const OPEN_REQUESTS_PER_FARMER: i64 = 10;
/// Requests per page of a list.
pub const REQUESTS_PER_PAGE: i64 = 20;

/// What the station is asked to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestItem {
    UtilityBill,
    PhoneTopUp,
    CashWithdrawal,
    MedicalAppointment,
    Parcel,
    OtherErrand,
    /// 代购农资: seed, fertiliser, pesticide, feed.
    FarmInputs,
    /// 代购日用工业品, delivered home.
    HouseholdGoods,
}

impl RequestItem {
    pub const ALL: [RequestItem; 8] = [
        Self::UtilityBill,
        Self::PhoneTopUp,
        Self::CashWithdrawal,
        Self::MedicalAppointment,
        Self::Parcel,
        Self::OtherErrand,
        Self::FarmInputs,
        Self::HouseholdGoods,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::UtilityBill => "utility_bill",
            Self::PhoneTopUp => "phone_top_up",
            Self::CashWithdrawal => "cash_withdrawal",
            Self::MedicalAppointment => "medical_appointment",
            Self::Parcel => "parcel",
            Self::OtherErrand => "other_errand",
            Self::FarmInputs => "farm_inputs",
            Self::HouseholdGoods => "household_goods",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|item| item.code() == code)
    }

    /// 代购 (agent purchase, e-commerce) rather than 代办 (a convenience errand).
    pub fn is_purchase(self) -> bool {
        matches!(self, Self::FarmInputs | Self::HouseholdGoods)
    }

    /// The service-catalogue item a finished request is counted under in the station's
    /// service records (the dashboard's services by type).
    pub fn service_item(self) -> &'static str {
        match self {
            Self::UtilityBill => "utility_bills",
            Self::PhoneTopUp => "phone_topup",
            Self::CashWithdrawal => "cash_withdrawal",
            Self::MedicalAppointment => "medical_appointment",
            Self::Parcel => "parcels",
            Self::OtherErrand => "other_errands",
            Self::FarmInputs => "agent_purchase",
            Self::HouseholdGoods => "goods_delivery",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Self::UtilityBill => "缴水电费",
            Self::PhoneTopUp => "话费充值",
            Self::CashWithdrawal => "小额取现",
            Self::MedicalAppointment => "预约挂号",
            Self::Parcel => "收寄快递",
            Self::OtherErrand => "其他代办",
            Self::FarmInputs => "代购农资",
            Self::HouseholdGoods => "代购日用品",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Self::UtilityBill => "Pay a utility bill",
            Self::PhoneTopUp => "Phone top-up",
            Self::CashWithdrawal => "Small cash withdrawal",
            Self::MedicalAppointment => "Hospital appointment",
            Self::Parcel => "Collect or send a parcel",
            Self::OtherErrand => "Other errand",
            Self::FarmInputs => "Buy farm inputs",
            Self::HouseholdGoods => "Buy household goods",
        }
    }

    /// What the informant needs to know, shown in the empty description field.
    pub fn hint_zh(self) -> &'static str {
        match self {
            Self::UtilityBill => "户号、户名、缴电费还是水费、金额",
            Self::PhoneTopUp => "充值号码、金额",
            Self::CashWithdrawal => "金额、什么时候来取",
            Self::MedicalAppointment => "医院、科室、想约的日期、就诊人",
            Self::Parcel => "取件码或寄往的地址、物品",
            Self::OtherErrand => "要办的事",
            Self::FarmInputs => "品名、规格、数量，例如：复合肥 50公斤 2袋",
            Self::HouseholdGoods => "品名、数量，送到哪里",
        }
    }

    pub fn hint_en(self) -> &'static str {
        match self {
            Self::UtilityBill => "Account number and name, power or water, amount",
            Self::PhoneTopUp => "Number to top up, amount",
            Self::CashWithdrawal => "Amount, when you will come",
            Self::MedicalAppointment => "Hospital, department, date, patient",
            Self::Parcel => "Pick-up code, or address and what to send",
            Self::OtherErrand => "What needs doing",
            Self::FarmInputs => "Product, grade, quantity, e.g. compound fertiliser 50 kg × 2",
            Self::HouseholdGoods => "Products, quantity, where to deliver",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// 已提交: waiting for the informant.
    Submitted,
    /// 已受理: the informant is on it.
    Accepted,
    /// 已办结.
    Done,
    /// 已撤销, with a reason.
    Cancelled,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 4] =
        [Self::Submitted, Self::Accepted, Self::Done, Self::Cancelled];

    pub fn code(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::Accepted => "accepted",
            Self::Done => "done",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.code() == code)
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Submitted => "待受理",
            Self::Accepted => "办理中",
            Self::Done => "已办结",
            Self::Cancelled => "已撤销",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Self::Submitted => "Waiting",
            Self::Accepted => "In progress",
            Self::Done => "Done",
            Self::Cancelled => "Cancelled",
        }
    }

    /// The step that brought a request into this status, for its history.
    pub fn step_zh(self) -> &'static str {
        match self {
            Self::Submitted => "已提交",
            Self::Accepted => "已受理",
            Self::Done => "已办结",
            Self::Cancelled => "已撤销",
        }
    }

    pub fn step_en(self) -> &'static str {
        match self {
            Self::Submitted => "Sent",
            Self::Accepted => "Accepted",
            Self::Done => "Done",
            Self::Cancelled => "Cancelled",
        }
    }

    /// Still waiting for the station: counts against the farmer's open requests.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Submitted | Self::Accepted)
    }
}

/// Who moves a request on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestParty {
    /// The farmer who asked.
    Farmer,
    /// An informant of the station asked.
    Station,
}

/// Why a step is refused, in words for the person who tried it.
pub fn step_problem(
    party: RequestParty,
    from: RequestStatus,
    to: RequestStatus,
    reason: Option<&str>,
) -> Option<String> {
    use RequestStatus::*;
    let allowed = match (party, from, to) {
        (RequestParty::Station, Submitted, Accepted | Cancelled)
        | (RequestParty::Station, Accepted, Done | Cancelled) => true,
        // Once accepted the informant may have paid or ordered already: the farmer talks
        // to the station instead of cancelling on the phone.
        (RequestParty::Farmer, Submitted, Cancelled) => true,
        _ => false,
    };
    if !allowed {
        return Some(match (party, from) {
            (RequestParty::Farmer, Accepted) => {
                "站点已受理，不能在手机上撤销；如需取消请联系信息员".to_owned()
            }
            _ => format!(
                "该请求当前为“{}”，不能改为“{}”",
                from.name_zh(),
                to.name_zh()
            ),
        });
    }
    let reason = reason.map(str::trim).unwrap_or_default();
    if to == Cancelled && party == RequestParty::Station && reason.is_empty() {
        return Some("撤销请求需要填写原因，农民会看到".to_owned());
    }
    if reason.chars().count() > REASON_MAX_CHARS {
        return Some(format!("原因最多 {REASON_MAX_CHARS} 个字"));
    }
    None
}

/// What is wrong with a request's description, if anything.
pub fn details_problem(details: &str) -> Option<String> {
    let details = details.trim();
    if details.is_empty() {
        Some("请写明要办的事".to_owned())
    } else if details.chars().count() > DETAILS_MAX_CHARS {
        Some(format!("说明最多 {DETAILS_MAX_CHARS} 个字"))
    } else {
        None
    }
}

/// `POST /api/requests`: a farmer asks a station.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewRequest {
    pub station_code: String,
    pub item: RequestItem,
    pub details: String,
}

/// `POST /api/requests/{id}/status`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct RequestChange {
    pub to: RequestStatus,
    pub reason: Option<String>,
}

/// One step of a request's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct RequestStep {
    pub status: RequestStatus,
    pub reason: Option<String>,
    /// RFC 3339, China time (+08:00): what the farmer's clock shows.
    pub at: String,
}

/// A request as the farmer and the station's informants see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ServiceRequest {
    pub id: i64,
    pub item: RequestItem,
    pub details: String,
    pub status: RequestStatus,
    pub station_code: String,
    pub station_name: String,
    pub farmer_name: String,
    /// In full for the station (the informant calls back), the farmer's own for the farmer.
    pub farmer_phone: String,
    /// Oldest first; the first is the submission.
    pub steps: Vec<RequestStep>,
}

/// `GET /api/requests/mine` and `GET /api/requests/queue`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct RequestPage {
    pub requests: Vec<ServiceRequest>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// Services one log entry counts at most: a busy morning of top-ups, not a month's total.
pub const LOGGED_TIMES_MAX: u32 = 50;
/// How many days back a service may be logged: the informant catches up after a day away.
pub const LOG_MAX_AGE_DAYS: u64 = 7;
pub const LOG_NOTE_MAX_CHARS: usize = 200;
pub const LOG_ENTRIES_PER_PAGE: i64 = 20;

/// `PUT /api/service-log/{client id}`: 代办 or 代购 the informant did at the station for
/// farmers who came in (not asked through the app) — what, how many times, which day —
/// logged from the phone's outbox, so the station's service records are complete.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewServiceLog {
    pub item: RequestItem,
    /// As typed: a whole number from 1 to [`LOGGED_TIMES_MAX`].
    pub times: String,
    /// `YYYY-MM-DD`, today or up to [`LOG_MAX_AGE_DAYS`] before (checked by the server,
    /// which knows today).
    pub served_on: String,
    /// Optional: for whom, what exactly.
    pub note: String,
}

/// How many services `text` says, when it is a count one entry may hold.
pub fn logged_times(text: &str) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() || text.len() > 3 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse()
        .ok()
        .filter(|times| (1..=LOGGED_TIMES_MAX).contains(times))
}

impl CapturedRecord for NewServiceLog {
    const KIND: Capture = Capture::ServiceLog;

    fn problem(&self) -> Option<String> {
        service_log_problem(self)
    }
}
/// What is wrong with a log entry's fields, if anything.
pub fn service_log_problem(log: &NewServiceLog) -> Option<String> {
    if logged_times(&log.times).is_none() {
        return Some(format!("次数应是 1 到 {LOGGED_TIMES_MAX} 的整数"));
    }
    if log.served_on.trim().is_empty() {
        return Some("请选择办理的日期".to_owned());
    }
    if log.note.trim().chars().count() > LOG_NOTE_MAX_CHARS {
        return Some(format!("备注最多 {LOG_NOTE_MAX_CHARS} 个字"));
    }
    None
}

/// A logged entry, as the informant reads their log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ServiceLogEntry {
    pub id: i64,
    pub item: RequestItem,
    pub times: u32,
    pub served_on: String,
    pub note: String,
    pub station_name: String,
    /// RFC 3339, China time.
    pub logged_at: String,
}

/// `GET /api/service-log/mine`: newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ServiceLogPage {
    pub entries: Vec<ServiceLogEntry>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// An RFC 3339 time to the minute as people read it: "2026-11-23 09:05".
pub fn to_the_minute(rfc3339: &str) -> String {
    rfc3339.get(..16).unwrap_or(rfc3339).replacen('T', " ", 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use RequestStatus::*;

    #[test]
    fn a_log_entry_counts_one_to_fifty_services() {
        assert_eq!(logged_times("1"), Some(1));
        assert_eq!(logged_times(" 50 "), Some(50));
        assert_eq!(logged_times("0"), None);
        assert_eq!(logged_times("51"), None);
        assert_eq!(logged_times("2.5"), None);
        assert_eq!(logged_times("-3"), None);
        assert_eq!(logged_times(""), None);
        let log = |times: &str, served_on: &str, note: &str| NewServiceLog {
            item: RequestItem::Parcel,
            times: times.into(),
            served_on: served_on.into(),
            note: note.into(),
        };
        assert_eq!(service_log_problem(&log("3", "2026-12-01", "")), None);
        assert!(service_log_problem(&log("", "2026-12-01", "")).is_some());
        assert!(service_log_problem(&log("3", " ", "")).is_some());
        let long = "字".repeat(LOG_NOTE_MAX_CHARS + 1);
        assert!(service_log_problem(&log("3", "2026-12-01", &long)).is_some());
    }

    #[test]
    fn codes_round_trip_and_match_the_wire_form() {
        for item in RequestItem::ALL {
            assert_eq!(RequestItem::from_code(item.code()), Some(item));
            let json = serde_json::to_string(&item).unwrap();
            assert_eq!(json, format!("\"{}\"", item.code()));
        }
        for status in RequestStatus::ALL {
            assert_eq!(RequestStatus::from_code(status.code()), Some(status));
        }
        assert_eq!(RequestItem::from_code("loan"), None);
    }

    #[test]
    fn the_station_works_a_request_through_and_the_farmer_may_only_withdraw_it_early() {
        let station = RequestParty::Station;
        let farmer = RequestParty::Farmer;
        assert_eq!(step_problem(station, Submitted, Accepted, None), None);
        assert_eq!(step_problem(station, Accepted, Done, None), None);
        assert!(
            step_problem(station, Submitted, Done, None).is_some(),
            "accept first"
        );
        assert!(step_problem(station, Done, Cancelled, Some("x")).is_some());
        assert!(step_problem(station, Cancelled, Accepted, None).is_some());
        assert_eq!(
            step_problem(station, Accepted, Cancelled, Some("  ")),
            Some("撤销请求需要填写原因，农民会看到".to_owned())
        );
        assert_eq!(
            step_problem(station, Accepted, Cancelled, Some("缺货")),
            None
        );

        assert_eq!(step_problem(farmer, Submitted, Cancelled, None), None);
        assert!(step_problem(farmer, Submitted, Accepted, None).is_some());
        assert_eq!(
            step_problem(farmer, Accepted, Cancelled, Some("不要了")),
            Some("站点已受理，不能在手机上撤销；如需取消请联系信息员".to_owned())
        );
        let long = "长".repeat(REASON_MAX_CHARS + 1);
        assert!(step_problem(station, Submitted, Cancelled, Some(&long)).is_some());
    }

    #[test]
    fn a_description_is_needed_and_bounded() {
        assert!(details_problem(" \n").is_some());
        assert_eq!(details_problem("电费 120 元"), None);
        assert_eq!(details_problem(&"字".repeat(DETAILS_MAX_CHARS)), None);
        assert!(details_problem(&"字".repeat(DETAILS_MAX_CHARS + 1)).is_some());
    }

    #[test]
    fn purchases_are_told_apart_and_times_read_to_the_minute() {
        assert!(RequestItem::FarmInputs.is_purchase());
        assert!(!RequestItem::Parcel.is_purchase());
        assert_eq!(
            to_the_minute("2026-11-23T09:05:41+08:00"),
            "2026-11-23 09:05"
        );
    }
}
