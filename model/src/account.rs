//! Accounts: roles, who I am, and the requests and answers of sign-in and user management.

use serde::{Deserialize, Serialize};

use crate::region::{Region, RegionCode, RegionLevel};

/// A cookie the page can read, set beside the (HttpOnly) session: without it nobody is
/// signed in on this browser, and the app need not ask.
pub const SIGNED_IN_COOKIE: &str = "yinong_signed_in";

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 农民: signs in with a phone code; belongs to the village they choose.
    Farmer,
    /// 村级信息员: runs a village station.
    Informant,
    /// 乡镇管理员: registers and reviews the township's informants.
    TownshipAdmin,
    /// 县级管理员: manages the county's township administrators and informants.
    CountyAdmin,
    /// 专家 (12316): answers farmers' questions in their region.
    Expert,
    /// 领导: watches a region from the nation down to a county; creates accounts below.
    Leader,
    /// 运营商: builds and runs stations in a region.
    Operator,
    /// 系统管理员: the whole system.
    SystemAdmin,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Self::Farmer,
        Self::Informant,
        Self::TownshipAdmin,
        Self::CountyAdmin,
        Self::Expert,
        Self::Leader,
        Self::Operator,
        Self::SystemAdmin,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Farmer => "farmer",
            Self::Informant => "informant",
            Self::TownshipAdmin => "township_admin",
            Self::CountyAdmin => "county_admin",
            Self::Expert => "expert",
            Self::Leader => "leader",
            Self::Operator => "operator",
            Self::SystemAdmin => "system_admin",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.code() == code)
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Farmer => "农民",
            Self::Informant => "村级信息员",
            Self::TownshipAdmin => "乡镇管理员",
            Self::CountyAdmin => "县级管理员",
            Self::Expert => "专家",
            Self::Leader => "领导",
            Self::Operator => "运营商",
            Self::SystemAdmin => "系统管理员",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Self::Farmer => "Farmer",
            Self::Informant => "Village informant",
            Self::TownshipAdmin => "Township administrator",
            Self::CountyAdmin => "County administrator",
            Self::Expert => "Expert",
            Self::Leader => "Leader",
            Self::Operator => "Operator",
            Self::SystemAdmin => "System administrator",
        }
    }

    /// Where an account of this role may be bound: `None` in the list is the nation.
    pub fn allowed_levels(self) -> &'static [Option<RegionLevel>] {
        use RegionLevel::*;
        match self {
            Self::Farmer | Self::Informant => &[Some(Village)],
            Self::TownshipAdmin => &[Some(Township)],
            Self::CountyAdmin => &[Some(County)],
            Self::Expert | Self::Operator => &[None, Some(Province), Some(City), Some(County)],
            Self::Leader => &[None, Some(Province), Some(City), Some(County)],
            Self::SystemAdmin => &[None],
        }
    }

    /// Staff sign in with a password; farmers with a one-time code.
    pub fn is_staff(self) -> bool {
        self != Self::Farmer
    }

    /// Shows the 工作台 tab: those who capture, review or answer.
    pub fn uses_workbench(self) -> bool {
        matches!(
            self,
            Self::Informant
                | Self::TownshipAdmin
                | Self::CountyAdmin
                | Self::Expert
                | Self::Operator
                | Self::SystemAdmin
        )
    }

    /// Declares new stations (申报) in their region.
    pub fn declares_stations(self) -> bool {
        matches!(
            self,
            Self::SystemAdmin | Self::CountyAdmin | Self::TownshipAdmin
        )
    }

    /// Decides on stations (approve, suspend, close) and sets targets in their region.
    pub fn manages_stations(self) -> bool {
        matches!(self, Self::SystemAdmin | Self::CountyAdmin)
    }

    /// Files the county's accepted stations to the city (备案): the county.
    pub fn files_stations(self) -> bool {
        matches!(self, Self::SystemAdmin | Self::CountyAdmin)
    }

    /// Confirms or returns a county's filing (备案): the city's leaders, or those above.
    pub fn confirms_filings(self) -> bool {
        matches!(self, Self::SystemAdmin | Self::Leader)
    }

    /// Serves farmers' 代办 and 代购 requests at the stations in their region: the
    /// village's informant.
    pub fn serves_requests(self) -> bool {
        self == Self::Informant
    }

    /// Publishes notices, policies and warnings for their region: the administrators
    /// who run it.
    pub fn publishes_bulletins(self) -> bool {
        matches!(
            self,
            Self::SystemAdmin | Self::CountyAdmin | Self::TownshipAdmin
        )
    }

    /// Reviews what farmers post for the public boards (供求) in their region: the
    /// village's informant, and the administrators above.
    pub fn reviews_listings(self) -> bool {
        matches!(
            self,
            Self::Informant | Self::TownshipAdmin | Self::CountyAdmin | Self::SystemAdmin
        )
    }

    /// Reports from their village (market prices, village news): the informant.
    pub fn reports_from_village(self) -> bool {
        self == Self::Informant
    }

    /// Reviews what informants report (prices) before it is published: the administrators
    /// above the village, never the informant who reported it.
    pub fn reviews_reports(self) -> bool {
        matches!(
            self,
            Self::TownshipAdmin | Self::CountyAdmin | Self::SystemAdmin
        )
    }

    /// Oversees the informants of their region's villages: their qualification (suspend,
    /// dismiss, send back to qualify) — the administrators above the village.
    pub fn manages_informants(self) -> bool {
        matches!(
            self,
            Self::TownshipAdmin | Self::CountyAdmin | Self::SystemAdmin
        )
    }

    /// Answers farmers' 12316 questions from the villages in their region.
    pub fn answers_questions(self) -> bool {
        self == Self::Expert
    }

    /// Oversees a county's work done by others — how fast its experts answer, its
    /// operators' contracts and their assessment: the county, and the leaders above it.
    pub fn oversees_county(self) -> bool {
        matches!(self, Self::SystemAdmin | Self::Leader | Self::CountyAdmin)
    }

    /// Imports a county's registers (stations, accounts, poverty villages) from a file; each
    /// row is still decided as the form would decide it.
    pub fn imports_registers(self) -> bool {
        matches!(self, Self::SystemAdmin | Self::CountyAdmin | Self::Leader)
    }

    /// Shows the 看板 tab: those who watch coverage and service.
    pub fn uses_dashboard(self) -> bool {
        matches!(
            self,
            Self::TownshipAdmin
                | Self::CountyAdmin
                | Self::Leader
                | Self::Operator
                | Self::SystemAdmin
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    Active,
    /// Cannot sign in; kept for the record (e.g. an informant dismissed, 解聘).
    Disabled,
}

impl UserStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Disabled => "disabled",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Active, Self::Disabled]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// `POST /api/auth/otp`: send a sign-in code to this phone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct OtpRequest {
    pub phone: String,
}

/// `POST /api/auth/otp`'s answer: when another code may be asked for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct OtpSent {
    pub resend_after_seconds: u32,
    pub expires_in_seconds: u32,
}

/// `POST /api/auth/otp/verify`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct OtpVerify {
    pub phone: String,
    pub code: String,
}

/// `POST /api/auth/login`: staff sign in with phone or username and password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PasswordLogin {
    pub login: String,
    pub password: String,
}

/// `GET /api/me`: who is signed in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Me {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub phone_masked: String,
    /// The region the account is bound to, with the regions above it (province first);
    /// empty for the nation, or for a farmer who has not chosen a village yet.
    pub region_path: Vec<Region>,
    /// The roles this account may create and manage (empty for most).
    pub can_manage: Vec<Role>,
}

impl Me {
    /// The region the account is bound to; `None` for the nation (or a farmer who has not
    /// chosen a village).
    pub fn region_code(&self) -> Option<RegionCode> {
        self.region_path.last().map(|region| region.code.clone())
    }
}

/// `PUT /api/me/village`: a farmer chooses their village.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ChooseVillage {
    pub village_code: RegionCode,
}

/// `POST /api/users`: register an account (real-name registration for staff).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewUser {
    pub role: Role,
    /// `None` binds the account to the nation.
    pub region_code: Option<RegionCode>,
    pub name: String,
    pub phone: String,
    #[serde(default)]
    pub username: Option<String>,
    /// Staff only; at least 8 characters.
    #[serde(default)]
    pub password: Option<String>,
    /// 居民身份证号码: stored, only ever shown masked.
    #[serde(default)]
    pub id_card: Option<String>,
}

/// `PATCH /api/users/{id}`: only the fields given change.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct UserUpdate {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub role: Option<Role>,
    /// `Some(None)` would move to the nation; absent leaves the region as it is.
    #[serde(default, with = "double_option")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<RegionCode>"))]
    pub region_code: Option<Option<RegionCode>>,
    #[serde(default)]
    pub status: Option<UserStatus>,
    #[serde(default)]
    pub password: Option<String>,
}

/// An account as administrators see it: personal numbers masked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct UserSummary {
    pub id: i64,
    pub role: Role,
    pub region_code: Option<RegionCode>,
    pub region_name: Option<String>,
    pub name: String,
    pub phone_masked: String,
    pub username: Option<String>,
    pub id_card_masked: Option<String>,
    pub status: UserStatus,
}

/// `GET /api/users`: one page of the accounts in my scope that I manage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct UserPage {
    pub users: Vec<UserSummary>,
    pub total: i64,
}

/// One state change, as the audit log keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct AuditEntry {
    pub id: i64,
    /// RFC 3339, UTC.
    pub at: String,
    pub actor_id: Option<i64>,
    pub action: String,
    pub object_kind: String,
    pub object_id: String,
    pub region_code: Option<RegionCode>,
    /// JSON of the object before and after the change.
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A mainland mobile number: 11 digits starting with 1.
pub fn is_mobile_phone(phone: &str) -> bool {
    phone.len() == 11 && phone.starts_with('1') && phone.bytes().all(|b| b.is_ascii_digit())
}

/// 13812345678 → 138****5678.
pub fn mask_phone(phone: &str) -> String {
    mask(phone, 3, 4)
}

/// 530427199001011234 → 530427********1234.
pub fn mask_id_card(id_card: &str) -> String {
    mask(id_card, 6, 4)
}

fn mask(text: &str, keep_start: usize, keep_end: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= keep_start + keep_end {
        return "*".repeat(chars.len());
    }
    let hidden = chars.len() - keep_start - keep_end;
    chars[..keep_start]
        .iter()
        .chain(std::iter::repeat_n(&'*', hidden))
        .chain(&chars[chars.len() - keep_end..])
        .collect()
}

mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(
        value: &Option<Option<T>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(inner) => inner.serialize(s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(d).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_numbers_are_masked() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_id_card("530427199001011234"), "530427********1234");
        assert_eq!(mask_phone("123"), "***");
    }

    #[test]
    fn role_codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
            assert_eq!(
                serde_json::to_string(&role).unwrap(),
                format!("\"{}\"", role.code())
            );
        }
    }

    #[test]
    fn an_update_tells_absent_from_null_region() {
        let absent: UserUpdate = serde_json::from_str("{}").unwrap();
        assert_eq!(absent.region_code, None);
        let nation: UserUpdate = serde_json::from_str(r#"{"region_code": null}"#).unwrap();
        assert_eq!(nation.region_code, Some(None));
        let county: UserUpdate = serde_json::from_str(r#"{"region_code": "370811"}"#).unwrap();
        assert_eq!(
            county.region_code,
            Some(Some(RegionCode::parse("370811").unwrap()))
        );
    }
}
