//! 招聘用工: employers post work, villagers post that they are free to work. A post names
//! where and when the work is, the pay, and whom to call (the poster's own phone); it
//! shows until its last day, or until the poster takes it down.

use serde::{Deserialize, Serialize};

use crate::sync::{Capture, CapturedRecord};

use crate::account::is_mobile_phone;
use crate::region::{RegionCode, RegionLevel};

pub const TITLE_MAX_CHARS: usize = 40;
pub const DESCRIPTION_MAX_CHARS: usize = 1_000;
pub const PAY_MAX_CHARS: usize = 30;
pub const CONTACT_MAX_CHARS: usize = 20;
/// Longest a post stays up: old posts would fill the board with work long gone.
pub const POST_MAX_DAYS: i64 = 60;
pub const JOBS_PER_PAGE: i64 = 20;
/// Open posts one account may have: enough for a busy season, too few to flood the board.
pub const OPEN_POSTS_PER_ACCOUNT: i64 = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    /// 招工: work offered.
    Hiring,
    /// 找活: someone free to work.
    Available,
}

impl JobKind {
    pub const ALL: [JobKind; 2] = [Self::Hiring, Self::Available];

    pub fn code(self) -> &'static str {
        match self {
            Self::Hiring => "hiring",
            Self::Available => "available",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Hiring => "招工",
            Self::Available => "找活",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Self::Hiring => "Hiring",
            Self::Available => "Looking for work",
        }
    }
}

/// `POST /api/jobs`. Dates are `YYYY-MM-DD`; without `ends_on` the work is one day; without
/// `expires_on` the post shows until the work's last day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewJobPost {
    pub kind: JobKind,
    pub region_code: RegionCode,
    pub title: String,
    pub description: String,
    pub starts_on: String,
    pub ends_on: Option<String>,
    pub pay: String,
    pub headcount: Option<u32>,
    pub contact_name: String,
    /// Work the village's informant posts for someone without a smartphone (代发): their
    /// mobile number, called instead of the poster's. Left out of the wire form otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_phone: Option<String>,
}

impl CapturedRecord for NewJobPost {
    const KIND: Capture = Capture::Job;

    fn problem(&self) -> Option<String> {
        job_post_problem(self)
    }
}
/// What is wrong with a post's text and place, if anything (dates are checked by the
/// server, which knows today).
pub fn job_post_problem(post: &NewJobPost) -> Option<String> {
    let chars = |text: &str| text.trim().chars().count();
    if post.region_code.level() < RegionLevel::Township {
        return Some("请选择到乡镇或村，方便附近的人看到".to_owned());
    }
    if chars(&post.title) == 0 {
        return Some("请填写标题，例如：摘苹果，需要 5 人".to_owned());
    }
    if chars(&post.title) > TITLE_MAX_CHARS {
        return Some(format!("标题最多 {TITLE_MAX_CHARS} 个字"));
    }
    if chars(&post.description) > DESCRIPTION_MAX_CHARS {
        return Some(format!("说明最多 {DESCRIPTION_MAX_CHARS} 个字"));
    }
    if chars(&post.pay) == 0 {
        return Some("请填写工钱，例如：150 元/天，或“面议”".to_owned());
    }
    if chars(&post.pay) > PAY_MAX_CHARS {
        return Some(format!("工钱最多 {PAY_MAX_CHARS} 个字"));
    }
    if chars(&post.contact_name) == 0 || chars(&post.contact_name) > CONTACT_MAX_CHARS {
        return Some("请填写联系人的称呼，例如：王师傅".to_owned());
    }
    if post.headcount == Some(0) {
        return Some("人数至少 1 人，或者不填".to_owned());
    }
    if post
        .contact_phone
        .as_deref()
        .is_some_and(|phone| !is_mobile_phone(phone.trim()))
    {
        return Some("请填写联系人正确的 11 位手机号码".to_owned());
    }
    None
}

/// A post on the board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct JobPost {
    pub id: i64,
    pub kind: JobKind,
    pub title: String,
    pub description: String,
    pub region_code: RegionCode,
    /// Where, from the county down: "任城区 许庄街道 张营村".
    pub place: String,
    pub starts_on: String,
    pub ends_on: String,
    pub pay: String,
    pub headcount: Option<u32>,
    pub contact_name: String,
    pub contact_phone: String,
    /// The signed-in account posted it (it may take it down).
    pub mine: bool,
}

/// `GET /api/jobs?within=…&kind=…&on=…&page=…`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct JobPage {
    pub posts: Vec<JobPost>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(region: &str) -> NewJobPost {
        NewJobPost {
            kind: JobKind::Hiring,
            region_code: RegionCode::parse(region).unwrap(),
            title: "摘苹果".to_owned(),
            description: String::new(),
            starts_on: "2026-11-25".to_owned(),
            ends_on: None,
            pay: "150 元/天".to_owned(),
            headcount: Some(5),
            contact_name: "王师傅".to_owned(),
            contact_phone: None,
        }
    }

    #[test]
    fn a_post_names_a_township_or_village_a_title_pay_and_contact() {
        assert_eq!(job_post_problem(&post("370811002212")), None);
        assert_eq!(job_post_problem(&post("370811002")), None);
        assert!(
            job_post_problem(&post("370811")).is_some(),
            "a county is too wide"
        );
        let mut no_pay = post("370811002");
        no_pay.pay = " ".to_owned();
        assert!(job_post_problem(&no_pay).is_some());
        let mut nobody = post("370811002");
        nobody.headcount = Some(0);
        assert!(job_post_problem(&nobody).is_some());
        let mut long = post("370811002");
        long.title = "字".repeat(TITLE_MAX_CHARS + 1);
        assert!(job_post_problem(&long).is_some());
        for kind in JobKind::ALL {
            assert_eq!(JobKind::from_code(kind.code()), Some(kind));
        }
    }
}
