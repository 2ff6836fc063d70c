//! 集中培训: a county or township schedules a session (topic, course category, place, time,
//! trainer, seats); informants and farmers sign up, or an informant signs up villagers
//! without a smartphone; the organiser records who attended and each informant's ability
//! check (能力考核). Each attendance is a 培训 service at the attendee's village station; a
//! passed check counts as the required courses of the session's category learnt (toward
//! the exam and the assessment's training part).

use serde::{Deserialize, Serialize};

use crate::account::is_mobile_phone;
use crate::region::{RegionCode, RegionLevel};
use crate::training::CourseCategory;

pub const TOPIC_MAX_CHARS: usize = 40;
pub const PLACE_MAX_CHARS: usize = 60;
pub const TRAINER_MAX_CHARS: usize = 30;
pub const NAME_MAX_CHARS: usize = 20;
pub const SEATS_MAX: u32 = 500;
/// An ability check at or above this passes.
pub const CHECK_PASS_SCORE: u8 = 60;

/// `POST /api/group-training`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewTrainingSession {
    /// The county or township that holds it: its villages' people may sign up.
    pub region_code: RegionCode,
    pub topic: String,
    pub category: CourseCategory,
    pub place: String,
    /// China time, `2026-12-10T09:00`.
    pub starts_at: String,
    pub trainer: String,
    pub seats: u32,
}

/// Whether `text` is a time written `YYYY-MM-DDTHH:MM`.
pub fn is_local_minute(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 16
        && bytes.iter().enumerate().all(|(at, byte)| match at {
            4 | 7 => *byte == b'-',
            10 => *byte == b'T',
            13 => *byte == b':',
            _ => byte.is_ascii_digit(),
        })
        && matches!(text[5..7].parse::<u8>(), Ok(1..=12))
        && matches!(text[8..10].parse::<u8>(), Ok(1..=31))
        && matches!(text[11..13].parse::<u8>(), Ok(0..=23))
        && matches!(text[14..16].parse::<u8>(), Ok(0..=59))
}

/// What is wrong with a session to schedule, if anything; `now` is China time written as
/// `starts_at` is.
pub fn session_problem(session: &NewTrainingSession, now: &str) -> Option<String> {
    let chars = |text: &str| text.trim().chars().count();
    if !matches!(
        session.region_code.level(),
        RegionLevel::County | RegionLevel::Township
    ) {
        return Some("集中培训由县或乡镇组织，请选择县或乡镇".to_owned());
    }
    if chars(&session.topic) < 2 || chars(&session.topic) > TOPIC_MAX_CHARS {
        return Some(format!(
            "请填写培训主题（2 到 {TOPIC_MAX_CHARS} 个字），例如：小麦春季田间管理"
        ));
    }
    if chars(&session.place) == 0 || chars(&session.place) > PLACE_MAX_CHARS {
        return Some(format!("请填写培训地点（最多 {PLACE_MAX_CHARS} 个字）"));
    }
    if chars(&session.trainer) == 0 || chars(&session.trainer) > TRAINER_MAX_CHARS {
        return Some(format!("请填写授课人（最多 {TRAINER_MAX_CHARS} 个字）"));
    }
    if !is_local_minute(&session.starts_at) {
        return Some("请填写培训时间，例如 2026-12-10T09:00".to_owned());
    }
    if session.starts_at.as_str() < now {
        return Some("培训时间已经过了，请填写以后的时间".to_owned());
    }
    if session.seats == 0 || session.seats > SEATS_MAX {
        return Some(format!("名额请填 1 到 {SEATS_MAX}"));
    }
    None
}

/// `POST /api/group-training/{id}/sign-ups`: without a villager, oneself; an informant
/// signing up a villager gives the villager's name and mobile number.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewSignUp {
    /// A farmer's village as their phone chose it (else their account's); an informant
    /// signs up from their own.
    #[serde(default)]
    pub village: Option<RegionCode>,
    #[serde(default)]
    pub villager: Option<Villager>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Villager {
    pub name: String,
    pub phone: String,
}

pub fn villager_problem(villager: &Villager) -> Option<String> {
    let name = villager.name.trim().chars().count();
    if name == 0 || name > NAME_MAX_CHARS {
        return Some(format!("请填写村民姓名（最多 {NAME_MAX_CHARS} 个字）"));
    }
    (!is_mobile_phone(villager.phone.trim()))
        .then(|| "请填写村民的 11 位手机号码，培训通知发到这个号码".to_owned())
}

/// `POST /api/group-training/{id}/attendees/{attendee}`: the organiser's record of one
/// attendee; the check only for an informant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct AttendanceRecord {
    pub attended: bool,
    /// 0–100.
    pub check_score: Option<u8>,
}

pub fn attendance_problem(record: &AttendanceRecord, informant: bool) -> Option<String> {
    match record.check_score {
        Some(_) if !record.attended => Some("没有到场的人不能考核".to_owned()),
        Some(_) if !informant => Some("能力考核只记信息员的成绩".to_owned()),
        Some(score) if score > 100 => Some("考核成绩请填 0 到 100".to_owned()),
        _ => None,
    }
}

pub fn check_passed(score: u8) -> bool {
    score >= CHECK_PASS_SCORE
}

/// A session as listed: to the people who may sign up, and to its organisers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct TrainingSession {
    pub id: i64,
    pub region_code: RegionCode,
    /// "任城区" or "任城区 许庄街道".
    pub region_name: String,
    pub topic: String,
    pub category: CourseCategory,
    pub place: String,
    /// China time, `2026-12-10T09:00`.
    pub starts_at: String,
    pub trainer: String,
    pub seats: u32,
    pub signed_up: u32,
    pub attended: u32,
    pub organiser: String,
    /// The signed-in account has signed up.
    pub mine: bool,
}

/// One person signed up, as the organiser (and the informant who signed them up) sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Attendee {
    pub id: i64,
    pub name: String,
    pub phone_masked: String,
    /// "许庄街道 张营村".
    pub village: String,
    pub informant: bool,
    /// The informant who signed them up, when they did not themselves.
    pub signed_up_by: Option<String>,
    pub attended: bool,
    pub check_score: Option<u8>,
}

/// `GET /api/group-training/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct SessionDetail {
    pub session: TrainingSession,
    /// Everyone to its organisers; to an informant, those they signed up and themselves.
    pub attendees: Vec<Attendee>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> NewTrainingSession {
        NewTrainingSession {
            region_code: RegionCode::parse("370811002").unwrap(),
            topic: "小麦春季田间管理".to_owned(),
            category: CourseCategory::ProductionTechnique,
            place: "许庄街道农技站会议室".to_owned(),
            starts_at: "2026-12-10T09:00".to_owned(),
            trainer: "县农技站 王站长".to_owned(),
            seats: 40,
        }
    }

    #[test]
    fn a_session_is_held_by_a_county_or_township_later_with_seats() {
        let now = "2026-12-06T20:00";
        assert_eq!(session_problem(&session(), now), None);
        let mut village = session();
        village.region_code = RegionCode::parse("370811002212").unwrap();
        assert!(session_problem(&village, now).is_some());
        let mut past = session();
        past.starts_at = "2026-12-01T09:00".to_owned();
        assert!(session_problem(&past, now).is_some());
        for bad in [
            "2026-12-10 09:00",
            "2026-13-10T09:00",
            "2026-12-10T24:00",
            "明天上午",
        ] {
            let mut time = session();
            time.starts_at = bad.to_owned();
            assert!(session_problem(&time, now).is_some(), "{bad}");
        }
        let mut seats = session();
        seats.seats = 0;
        assert!(session_problem(&seats, now).is_some());
    }

    #[test]
    fn villagers_have_a_name_and_mobile_and_only_informants_attending_are_checked() {
        let villager = |name: &str, phone: &str| Villager {
            name: name.to_owned(),
            phone: phone.to_owned(),
        };
        assert_eq!(villager_problem(&villager("张三", "13812345678")), None);
        assert!(villager_problem(&villager(" ", "13812345678")).is_some());
        assert!(villager_problem(&villager("张三", "12345")).is_some());
        let record = |attended, check_score| AttendanceRecord {
            attended,
            check_score,
        };
        assert_eq!(attendance_problem(&record(true, Some(85)), true), None);
        assert_eq!(attendance_problem(&record(true, None), false), None);
        assert!(attendance_problem(&record(false, Some(85)), true).is_some());
        assert!(attendance_problem(&record(true, Some(85)), false).is_some());
        assert!(attendance_problem(&record(true, Some(101)), true).is_some());
        assert!(check_passed(60) && !check_passed(59));
    }
}
