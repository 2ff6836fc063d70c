//! 田间上报: the village informant reports from the field, with photos and where it was
//! seen — how a crop stands and how its work goes (苗情和生产: growth stage, condition
//! grade, share of the area sown or harvested, expected yield), or a pest, a crop disease
//! or a disaster (hail, flood, drought…); the township (or an administrator above)
//! confirms it, and the confirmed reports are what the county's agricultural staff and
//! experts act on.

use serde::{Deserialize, Serialize};

use crate::sync::{Capture, CapturedRecord};

use crate::listing::photos_problem;
use crate::region::RegionCode;
use crate::review::ReviewStatus;

pub const CROP_MAX_CHARS: usize = 20;
pub const DESCRIPTION_MIN_CHARS: usize = 10;
pub const DESCRIPTION_MAX_CHARS: usize = 1_000;
/// The largest area one report covers, in 亩 (a township's farmland is far less).
pub const AREA_MAX_MU: u32 = 100_000;
pub const INCIDENTS_PER_PAGE: i64 = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum IncidentKind {
    /// 苗情和生产: how a crop stands and how its sowing or harvest goes ([`CropCondition`]).
    CropCondition,
    /// 虫害.
    Pest,
    /// 病害.
    Disease,
    /// 灾情: hail, flood, drought, frost, wind.
    Disaster,
}

impl IncidentKind {
    pub const ALL: [IncidentKind; 4] = [
        Self::Pest,
        Self::Disease,
        Self::Disaster,
        Self::CropCondition,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::CropCondition => "crop_condition",
            Self::Pest => "pest",
            Self::Disease => "disease",
            Self::Disaster => "disaster",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Self::CropCondition => "苗情和生产",
            Self::Pest => "虫害",
            Self::Disease => "病害",
            Self::Disaster => "灾情",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Self::CropCondition => "Crop condition",
            Self::Pest => "Pest",
            Self::Disease => "Crop disease",
            Self::Disaster => "Disaster",
        }
    }
}

coded_enum! {
    /// 生育期: where the crop is in its season (the stages every field crop passes).
    GrowthStage {
        Sowing = "sowing", "播种出苗", "Sowing and emergence";
        Seedling = "seedling", "苗期", "Seedling";
        Growing = "growing", "旺长期", "Vigorous growth";
        Flowering = "flowering", "开花结实", "Flowering and fruiting";
        Harvest = "harvest", "成熟收获", "Ripening and harvest";
    }
}

coded_enum! {
    /// 苗情等级 as agricultural offices grade a field: 一类苗 good, 二类苗 fair, 三类苗 poor.
    ConditionGrade {
        First = "first", "一类苗（长势好）", "Grade 1 (good)";
        Second = "second", "二类苗（长势一般）", "Grade 2 (fair)";
        Third = "third", "三类苗（长势差）", "Grade 3 (poor)";
    }
}

/// The largest yield a report may expect, in 斤 per 亩 (well above any field crop's).
pub const YIELD_MAX_JIN_PER_MU: u32 = 20_000;

/// A crop-condition report's own fields, as typed on the phone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewCropCondition {
    pub stage: GrowthStage,
    pub grade: ConditionGrade,
    /// Share of the crop's area sown (at sowing) or harvested (at harvest), in whole per
    /// cent; empty when not counted.
    pub progress_percent: String,
    /// Expected yield in 斤 per 亩, whole; empty when too early to say.
    pub yield_jin_per_mu: String,
}

/// A crop-condition report's own fields, as stored and shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct CropCondition {
    pub stage: GrowthStage,
    pub grade: ConditionGrade,
    pub progress_percent: Option<u32>,
    pub yield_jin_per_mu: Option<u32>,
}

/// A whole number from `low` to `high` typed as `text`; empty is none, anything else is
/// an error (`Err(())`).
fn optional_count(text: &str, low: u32, high: u32) -> Result<Option<u32>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if text.len() > 6 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(());
    }
    let value: u32 = text.parse().map_err(|_| ())?;
    (low..=high)
        .contains(&value)
        .then_some(Some(value))
        .ok_or(())
}

impl NewCropCondition {
    /// The fields as stored, or what is wrong with them.
    pub fn checked(&self) -> Result<CropCondition, String> {
        let progress_percent = optional_count(&self.progress_percent, 0, 100)
            .map_err(|()| "进度请填 0 到 100 的整数（百分之几），没有统计可以不填".to_owned())?;
        let yield_jin_per_mu = optional_count(&self.yield_jin_per_mu, 1, YIELD_MAX_JIN_PER_MU)
            .map_err(|()| {
                format!("预计亩产请填斤数（整数，不超过 {YIELD_MAX_JIN_PER_MU}），还看不出可以不填")
            })?;
        Ok(CropCondition {
            stage: self.stage,
            grade: self.grade,
            progress_percent,
            yield_jin_per_mu,
        })
    }
}

/// Where it was seen, in millionths of a degree (WGS 84, as phones give it): whole numbers
/// keep a record's content, and so its digest, exactly as the phone sent it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Location {
    pub latitude_e6: i32,
    pub longitude_e6: i32,
}

impl Location {
    pub fn from_degrees(latitude: f64, longitude: f64) -> Location {
        Location {
            latitude_e6: (latitude * 1e6).round() as i32,
            longitude_e6: (longitude * 1e6).round() as i32,
        }
    }

    /// Inside China's extent (with its seas), where a village's report comes from.
    pub fn in_china(self) -> bool {
        (3_000_000..=54_000_000).contains(&self.latitude_e6)
            && (73_000_000..=136_000_000).contains(&self.longitude_e6)
    }

    /// "35.412345, 116.587654": degrees with six decimals (integer arithmetic).
    pub fn degrees(self) -> String {
        let one = |e6: i32| {
            let sign = if e6 < 0 { "-" } else { "" };
            let e6 = e6.unsigned_abs();
            format!("{sign}{}.{:06}", e6 / 1_000_000, e6 % 1_000_000)
        };
        format!("{}, {}", one(self.latitude_e6), one(self.longitude_e6))
    }
}

/// `PUT /api/incidents/{client id}`: reported from the informant's own village.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewIncident {
    pub kind: IncidentKind,
    /// The crop hit; may be empty for a disaster.
    pub crop: String,
    pub description: String,
    /// The area hit, in 亩, as typed (whole or one decimal); empty when not known.
    pub area_mu: String,
    pub location: Option<Location>,
    pub photos: Vec<String>,
    /// For a crop-condition report only (left out of the wire form otherwise, so the
    /// other kinds' content, and its digest, is as before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<NewCropCondition>,
}

/// The area in tenths of a 亩, when `text` is one (empty is none).
pub fn area_in_tenths(text: &str) -> Option<Option<u32>> {
    let text = text.trim();
    if text.is_empty() {
        return Some(None);
    }
    let (whole, tenth) = match text.split_once('.') {
        None => (text, "0"),
        Some((whole, tenth)) => (whole, tenth),
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(tenth) || tenth.len() != 1 || whole.len() > 6 {
        return None;
    }
    let tenths = whole.parse::<u32>().ok()? * 10 + tenth.parse::<u32>().ok()?;
    (tenths > 0 && tenths <= AREA_MAX_MU * 10).then_some(Some(tenths))
}

impl CapturedRecord for NewIncident {
    const KIND: Capture = Capture::Incident;

    fn problem(&self) -> Option<String> {
        incident_problem(self)
    }

    fn photos(&self) -> &[String] {
        &self.photos
    }
}

pub fn incident_problem(incident: &NewIncident) -> Option<String> {
    let chars = |text: &str| text.trim().chars().count();
    if incident.kind != IncidentKind::Disaster && chars(&incident.crop) == 0 {
        return Some("请写明是哪种作物".to_owned());
    }
    match (incident.kind, &incident.condition) {
        (IncidentKind::CropCondition, None) => {
            return Some("苗情和生产上报请选择生育期和苗情等级".to_owned())
        }
        (IncidentKind::CropCondition, Some(condition)) => {
            if let Err(problem) = condition.checked() {
                return Some(problem);
            }
        }
        (_, Some(_)) => return Some("只有苗情和生产上报填写生育期和苗情".to_owned()),
        (_, None) => {}
    }
    if chars(&incident.crop) > CROP_MAX_CHARS {
        return Some(format!("作物名称最多 {CROP_MAX_CHARS} 个字"));
    }
    if chars(&incident.description) < DESCRIPTION_MIN_CHARS {
        return Some(format!(
            "情况说明至少 {DESCRIPTION_MIN_CHARS} 个字：看到了什么、从什么时候开始、有多严重"
        ));
    }
    if chars(&incident.description) > DESCRIPTION_MAX_CHARS {
        return Some(format!("情况说明最多 {DESCRIPTION_MAX_CHARS} 个字"));
    }
    if area_in_tenths(&incident.area_mu).is_none() {
        return Some(format!(
            "面积请填亩数（最多一位小数，不超过 {AREA_MAX_MU} 亩），不清楚可以不填"
        ));
    }
    if incident
        .location
        .is_some_and(|location| !location.in_china())
    {
        return Some("位置不在中国境内，请重新获取位置".to_owned());
    }
    photos_problem(&incident.photos)
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Incident {
    pub id: i64,
    pub kind: IncidentKind,
    pub crop: String,
    pub description: String,
    /// 亩, one decimal (`12.5`), when known.
    pub area_mu: Option<String>,
    pub location: Option<Location>,
    pub photos: Vec<String>,
    /// A crop-condition report's stage, grade, progress and expected yield.
    pub condition: Option<CropCondition>,
    pub region_code: RegionCode,
    /// The village, from the county down.
    pub place: String,
    pub reporter_name: String,
    /// RFC 3339, China time.
    pub reported_at: String,
    pub status: ReviewStatus,
    pub review_note: Option<String>,
}

/// `GET /api/incidents/…`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct IncidentPage {
    pub incidents: Vec<Incident>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

crate::submission_page!(IncidentPage, incidents, Incident, INCIDENTS_PER_PAGE);

#[cfg(test)]
mod tests {
    use super::*;

    fn aphids() -> NewIncident {
        NewIncident {
            kind: IncidentKind::Pest,
            crop: "小麦".into(),
            description: "东片麦田发现大量麦蚜，叶片背面密集。".into(),
            area_mu: "35.5".into(),
            location: Some(Location::from_degrees(35.412345, 116.587654)),
            photos: Vec::new(),
            condition: None,
        }
    }

    fn wheat_stand(progress: &str, yield_jin: &str) -> NewIncident {
        NewIncident {
            kind: IncidentKind::CropCondition,
            description: "返青后长势均匀，叶色正常，墒情适宜。".into(),
            condition: Some(NewCropCondition {
                stage: GrowthStage::Growing,
                grade: ConditionGrade::First,
                progress_percent: progress.into(),
                yield_jin_per_mu: yield_jin.into(),
            }),
            ..aphids()
        }
    }

    #[test]
    fn a_crop_condition_report_grades_the_crop_and_counts_in_whole_numbers() {
        assert_eq!(incident_problem(&wheat_stand("", "")), None);
        assert_eq!(incident_problem(&wheat_stand("100", "1100")), None);
        assert_eq!(
            wheat_stand(" 85 ", "1100").condition.unwrap().checked(),
            Ok(CropCondition {
                stage: GrowthStage::Growing,
                grade: ConditionGrade::First,
                progress_percent: Some(85),
                yield_jin_per_mu: Some(1100),
            })
        );
        for (progress, yield_jin) in [
            ("101", ""),
            ("8.5", ""),
            ("-1", ""),
            ("", "0"),
            ("", "20001"),
            ("", "一千"),
        ] {
            assert!(
                incident_problem(&wheat_stand(progress, yield_jin)).is_some(),
                "{progress} / {yield_jin}"
            );
        }
        let ungraded = NewIncident {
            condition: None,
            ..wheat_stand("", "")
        };
        assert!(incident_problem(&ungraded).unwrap().contains("苗情等级"));
        let graded_pest = NewIncident {
            kind: IncidentKind::Pest,
            ..wheat_stand("", "")
        };
        assert!(
            incident_problem(&graded_pest).is_some(),
            "a pest report has no grade"
        );
    }

    #[test]
    fn other_kinds_send_the_same_bytes_as_before_crop_conditions_existed() {
        let wire = serde_json::to_string(&aphids()).unwrap();
        assert!(!wire.contains("condition"), "{wire}");
        let read: NewIncident = serde_json::from_str(&wire).unwrap();
        assert_eq!(read, aphids());
    }

    #[test]
    fn a_report_names_the_crop_says_enough_and_is_where_a_village_can_be() {
        assert_eq!(incident_problem(&aphids()), None);
        let no_crop = NewIncident {
            crop: " ".into(),
            ..aphids()
        };
        assert!(incident_problem(&no_crop).unwrap().contains("作物"));
        let hail = NewIncident {
            kind: IncidentKind::Disaster,
            ..no_crop
        };
        assert_eq!(
            incident_problem(&hail),
            None,
            "a disaster may hit no one crop"
        );
        let short = NewIncident {
            description: "有虫".into(),
            ..aphids()
        };
        assert!(incident_problem(&short).is_some());
        let abroad = NewIncident {
            location: Some(Location::from_degrees(48.85, 2.35)),
            ..aphids()
        };
        assert!(incident_problem(&abroad).unwrap().contains("位置"));
        let unknown_area = NewIncident {
            area_mu: String::new(),
            location: None,
            ..aphids()
        };
        assert_eq!(incident_problem(&unknown_area), None);
    }

    #[test]
    fn areas_are_whole_or_one_decimal_mu() {
        assert_eq!(area_in_tenths(""), Some(None));
        assert_eq!(area_in_tenths("35"), Some(Some(350)));
        assert_eq!(area_in_tenths("35.5"), Some(Some(355)));
        for bad in ["35.55", "-3", "0", "abc", "1e3", ".5", "100000.1"] {
            assert_eq!(area_in_tenths(bad), None, "{bad}");
        }
    }

    #[test]
    fn locations_keep_six_decimals_exactly() {
        let location = Location::from_degrees(35.412345, 116.587654);
        assert_eq!(
            location,
            Location {
                latitude_e6: 35_412_345,
                longitude_e6: 116_587_654
            }
        );
        assert_eq!(location.degrees(), "35.412345, 116.587654");
        assert!(location.in_china());
        assert_eq!(
            Location::from_degrees(-0.5, 2.000001).degrees(),
            "-0.500000, 2.000001"
        );
    }
}
