//! Notices, policies and warnings (pest, disease, weather, disaster), published by county
//! and township administrators for a region and everything inside it. A farmer sees those
//! of their village and every region above it; a warning shows until the day it expires.

use serde::{Deserialize, Serialize};

use crate::region::RegionCode;

pub const TITLE_MAX_CHARS: usize = 60;
pub const BODY_MAX_CHARS: usize = 5_000;
/// Longest a warning stays up: an old warning shown as current does harm.
pub const WARNING_MAX_DAYS: i64 = 30;
/// Notices on a village's home page; the rest are a tap away.
pub const HOME_NOTICES: usize = 3;
pub const BULLETINS_PER_PAGE: i64 = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum BulletinKind {
    /// 通知公告.
    Notice,
    /// 政策.
    Policy,
    /// 虫情预警.
    PestWarning,
    /// 病害预警 (动植物疫病).
    DiseaseWarning,
    /// 气象预警.
    WeatherWarning,
    /// 灾害预警.
    DisasterWarning,
}

impl BulletinKind {
    pub const ALL: [BulletinKind; 6] = [
        Self::Notice,
        Self::Policy,
        Self::PestWarning,
        Self::DiseaseWarning,
        Self::WeatherWarning,
        Self::DisasterWarning,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Notice => "notice",
            Self::Policy => "policy",
            Self::PestWarning => "pest_warning",
            Self::DiseaseWarning => "disease_warning",
            Self::WeatherWarning => "weather_warning",
            Self::DisasterWarning => "disaster_warning",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Notice => "通知公告",
            Self::Policy => "政策",
            Self::PestWarning => "虫情预警",
            Self::DiseaseWarning => "病害预警",
            Self::WeatherWarning => "气象预警",
            Self::DisasterWarning => "灾害预警",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Self::Notice => "Notice",
            Self::Policy => "Policy",
            Self::PestWarning => "Pest warning",
            Self::DiseaseWarning => "Disease warning",
            Self::WeatherWarning => "Weather warning",
            Self::DisasterWarning => "Disaster warning",
        }
    }

    /// Shown at the top of the home page until it expires, and must expire.
    pub fn is_warning(self) -> bool {
        !matches!(self, Self::Notice | Self::Policy)
    }

    /// The catalogue item a warning counts under at every operating station it reaches:
    /// passing it on to the village is the station's 公益 work. Notices and policies are
    /// the administration's, not a station's service.
    pub fn service_item(self) -> Option<&'static str> {
        match self {
            Self::Notice | Self::Policy => None,
            Self::PestWarning | Self::DiseaseWarning => Some("disease_control"),
            Self::WeatherWarning | Self::DisasterWarning => Some("weather_warnings"),
        }
    }
}

/// `POST /api/bulletins`. `region_code` `None` is the whole country.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewBulletin {
    pub kind: BulletinKind,
    pub region_code: Option<RegionCode>,
    pub title: String,
    pub body: String,
    /// `YYYY-MM-DD`, the last day it shows; warnings must have one.
    pub expires_on: Option<String>,
}

/// What is wrong with a bulletin's text, if anything (dates are checked by the server,
/// which knows today).
pub fn bulletin_problem(new: &NewBulletin) -> Option<String> {
    let title = new.title.trim().chars().count();
    let body = new.body.trim().chars().count();
    if title == 0 {
        Some("请填写标题".to_owned())
    } else if title > TITLE_MAX_CHARS {
        Some(format!("标题最多 {TITLE_MAX_CHARS} 个字"))
    } else if body == 0 {
        Some("请填写正文".to_owned())
    } else if body > BODY_MAX_CHARS {
        Some(format!("正文最多 {BODY_MAX_CHARS} 个字"))
    } else if new.kind.is_warning() && new.expires_on.is_none() {
        Some("预警必须填写截止日期，过期后不再显示".to_owned())
    } else {
        None
    }
}

/// A bulletin in a list: enough to choose it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct BulletinHeadline {
    pub id: i64,
    pub kind: BulletinKind,
    pub title: String,
    /// Whom it is for: "全国", "济宁市", "任城区"…
    pub region_name: String,
    /// RFC 3339, China time.
    pub published_at: String,
    pub expires_on: Option<String>,
    /// Withdrawn bulletins are shown only to staff, in their list.
    pub withdrawn: bool,
}

/// `GET /api/bulletins/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Bulletin {
    pub headline: BulletinHeadline,
    pub body: String,
    pub region_code: Option<RegionCode>,
    pub publisher: String,
}

/// `GET /api/bulletins?for=…` (farmers) and `GET /api/bulletins/published` (staff).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct BulletinPage {
    pub bulletins: Vec<BulletinHeadline>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(kind: BulletinKind, title: &str, body: &str, expires_on: Option<&str>) -> NewBulletin {
        NewBulletin {
            kind,
            region_code: None,
            title: title.to_owned(),
            body: body.to_owned(),
            expires_on: expires_on.map(str::to_owned),
        }
    }

    #[test]
    fn warnings_must_expire_and_text_is_needed_and_bounded() {
        use BulletinKind::*;
        assert_eq!(
            bulletin_problem(&new(Notice, "秋播通知", "正文", None)),
            None
        );
        assert!(bulletin_problem(&new(PestWarning, "草地贪夜蛾", "正文", None)).is_some());
        assert_eq!(
            bulletin_problem(&new(PestWarning, "草地贪夜蛾", "正文", Some("2026-12-01"))),
            None
        );
        assert!(bulletin_problem(&new(Policy, " ", "正文", None)).is_some());
        assert!(bulletin_problem(&new(Policy, "标题", "\n", None)).is_some());
        let long_title = "字".repeat(TITLE_MAX_CHARS + 1);
        assert!(bulletin_problem(&new(Policy, &long_title, "正文", None)).is_some());
        for kind in BulletinKind::ALL {
            assert_eq!(BulletinKind::from_code(kind.code()), Some(kind));
        }
    }
}
