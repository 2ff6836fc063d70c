//! 验收 and 备案: a built station is inspected against the 六有 standard item by item, with
//! photos; a passed inspection accepts it (and only an accepted station opens), a failed one
//! names what to correct and by when. The county then files its accepted stations to the
//! city (备案), which confirms the filing or returns it with a reason.

use serde::{Deserialize, Serialize};

use crate::import::date;
use crate::region::RegionCode;
use crate::review::{ReviewStatus, ReviewedAt};
use crate::station::SixHave;

/// Photos one checklist item may carry.
pub const PHOTOS_PER_ITEM: usize = 3;
pub const INSPECTORS_MAX_CHARS: usize = 60;
pub const NOTE_MAX_CHARS: usize = 200;
pub const PROBLEMS_MAX_CHARS: usize = 500;
/// Stations one filing may hold.
pub const FILING_MAX_STATIONS: usize = 200;

/// One item of the 六有 checklist as the inspectors found it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct CheckedItem {
    pub met: bool,
    #[serde(default)]
    pub note: String,
    /// Names of photos uploaded first.
    #[serde(default)]
    pub photos: Vec<String>,
}

coded_enum! {
    /// What an inspection found.
    InspectionResult {
        Passed = "passed", "验收合格", "Passed";
        Failed = "failed", "需整改", "Needs correction";
    }
}

/// `POST /api/stations/{code}/inspections`: the inspection of a built station. `items`
/// are the six of [`SixHave::ITEMS_ZH`] in order; dates are `YYYY-MM-DD`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewInspection {
    pub inspected_on: String,
    /// Who inspected, as they sign the record: "李明、王芳".
    pub inspectors: String,
    pub items: Vec<CheckedItem>,
    /// What to correct, when an item is not met.
    #[serde(default)]
    pub problems: String,
    /// The deadline for the correction.
    #[serde(default)]
    pub correct_by: Option<String>,
}

impl NewInspection {
    /// Passed only when all six items are met.
    pub fn result(&self) -> InspectionResult {
        if self.items.len() == SixHave::ITEMS_ZH.len() && self.items.iter().all(|item| item.met) {
            InspectionResult::Passed
        } else {
            InspectionResult::Failed
        }
    }

    /// What is wrong with this record made `today` (`YYYY-MM-DD`), in Chinese, if anything.
    pub fn problem(&self, today: &str) -> Option<String> {
        let chars = |text: &str| text.trim().chars().count();
        let inspected_on = match date(&self.inspected_on) {
            Ok(day) if day.as_str() <= today => day,
            Ok(_) => return Some("验收日期不能晚于今天".to_owned()),
            Err(problem) => return Some(problem),
        };
        if chars(&self.inspectors) == 0 || chars(&self.inspectors) > INSPECTORS_MAX_CHARS {
            return Some(format!(
                "请填写验收人员（不超过 {INSPECTORS_MAX_CHARS} 个字），例如：李明、王芳"
            ));
        }
        if self.items.len() != SixHave::ITEMS_ZH.len() {
            return Some("验收记录应逐项填写六有的六项".to_owned());
        }
        for (item, name) in self.items.iter().zip(SixHave::ITEMS_ZH) {
            if chars(&item.note) > NOTE_MAX_CHARS {
                return Some(format!("“{name}”的说明最多 {NOTE_MAX_CHARS} 个字"));
            }
            if item.photos.len() > PHOTOS_PER_ITEM {
                return Some(format!("“{name}”最多 {PHOTOS_PER_ITEM} 张照片"));
            }
        }
        if chars(&self.problems) > PROBLEMS_MAX_CHARS {
            return Some(format!("整改问题最多 {PROBLEMS_MAX_CHARS} 个字"));
        }
        if self.result() == InspectionResult::Passed {
            return None;
        }
        if chars(&self.problems) == 0 {
            return Some("有未达标的项目：请写明需要整改的问题".to_owned());
        }
        match self.correct_by.as_deref().map(date) {
            None => Some("有未达标的项目：请填写整改期限".to_owned()),
            Some(Err(problem)) => Some(problem),
            Some(Ok(deadline)) if deadline <= inspected_on => {
                Some("整改期限应在验收日期之后".to_owned())
            }
            Some(Ok(_)) => None,
        }
    }
}

/// An inspection as the register shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Inspection {
    pub id: i64,
    pub station_code: String,
    pub inspected_on: String,
    pub inspectors: String,
    pub items: Vec<CheckedItem>,
    pub result: InspectionResult,
    pub problems: String,
    pub correct_by: Option<String>,
    /// Who recorded it.
    pub recorded_by: String,
    /// RFC 3339.
    pub recorded_at: String,
}

/// `POST /api/filings`: the county's accepted stations filed to the city (备案).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewFiling {
    pub county_code: RegionCode,
    pub stations: Vec<String>,
}

impl NewFiling {
    /// What is wrong with the list itself (each station is checked by the server).
    pub fn problem(&self) -> Option<String> {
        if self.stations.is_empty() {
            return Some("请选择要备案的站点".to_owned());
        }
        if self.stations.len() > FILING_MAX_STATIONS {
            return Some(format!("一次最多报送 {FILING_MAX_STATIONS} 个站点"));
        }
        let mut codes = self.stations.clone();
        codes.sort();
        codes.dedup();
        (codes.len() != self.stations.len()).then(|| "同一站点只能报送一次".to_owned())
    }
}

/// A station in a filing, with the inspection that accepted it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct FiledStation {
    pub code: String,
    pub name: String,
    /// The village, from the township down.
    pub place: String,
    pub inspected_on: Option<String>,
    pub inspectors: Option<String>,
}

/// A county's filing as the county and the city see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Filing {
    pub id: i64,
    /// The county that filed.
    pub region_code: RegionCode,
    pub county_name: String,
    pub stations: Vec<FiledStation>,
    pub status: ReviewStatus,
    /// Why the city returned it.
    pub review_note: Option<String>,
    pub sent_by: String,
    /// RFC 3339.
    pub sent_at: String,
}

/// The names a filing's review statuses go by (a filing is confirmed, not published).
pub fn filing_status_zh(status: ReviewStatus) -> &'static str {
    match status {
        ReviewStatus::Pending => "待市级确认",
        ReviewStatus::Approved => "已备案",
        ReviewStatus::Returned => "退回",
        ReviewStatus::Rejected => "未通过",
    }
}

pub fn filing_status_en(status: ReviewStatus) -> &'static str {
    match status {
        ReviewStatus::Pending => "Awaiting the city",
        ReviewStatus::Approved => "Filed",
        ReviewStatus::Returned => "Returned",
        ReviewStatus::Rejected => "Not accepted",
    }
}

pub const FILINGS_PER_PAGE: i64 = 20;

/// Where the city decides on filings.
pub const FILINGS: ReviewedAt = ReviewedAt("/api/filings");

/// `GET /api/filings?status=&page=`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct FilingPage {
    pub filings: Vec<Filing>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

crate::submission_page!(FilingPage, filings, Filing, FILINGS_PER_PAGE);

/// Where a station stands in 验收 and 备案: its inspections, newest first, and its latest
/// filing's status.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct StationAcceptance {
    pub inspections: Vec<Inspection>,
    pub filing: Option<ReviewStatus>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inspection(met: [bool; 6]) -> NewInspection {
        NewInspection {
            inspected_on: "2026-12-01".into(),
            inspectors: "李明、王芳".into(),
            items: met
                .into_iter()
                .map(|met| CheckedItem {
                    met,
                    ..CheckedItem::default()
                })
                .collect(),
            problems: String::new(),
            correct_by: None,
        }
    }

    #[test]
    fn an_inspection_passes_only_with_all_six_items_met() {
        let all = inspection([true; 6]);
        assert_eq!(all.result(), InspectionResult::Passed);
        assert_eq!(all.problem("2026-12-04"), None);
        let mut short = all.clone();
        short.items.pop();
        assert_eq!(short.result(), InspectionResult::Failed);
        assert!(short.problem("2026-12-04").unwrap().contains("六项"));
        assert_eq!(
            inspection([true, true, false, true, true, true]).result(),
            InspectionResult::Failed
        );
    }

    #[test]
    fn a_failed_inspection_says_what_to_correct_and_by_when() {
        let mut failed = inspection([true, true, false, true, true, true]);
        assert!(failed.problem("2026-12-04").unwrap().contains("整改的问题"));
        failed.problems = "未配备电脑".into();
        assert!(failed.problem("2026-12-04").unwrap().contains("整改期限"));
        failed.correct_by = Some("2026-11-30".into());
        assert!(failed.problem("2026-12-04").unwrap().contains("之后"));
        failed.correct_by = Some("2026-12-31".into());
        assert_eq!(failed.problem("2026-12-04"), None);
    }

    #[test]
    fn an_inspection_is_dated_no_later_than_today_and_signed() {
        let mut record = inspection([true; 6]);
        assert!(record.problem("2026-11-30").unwrap().contains("晚于今天"));
        record.inspected_on = "12月1日".into();
        assert!(record.problem("2026-12-04").unwrap().contains("2018-06-30"));
        record.inspected_on = "2026/12/01".into();
        record.inspectors = " ".into();
        assert!(record.problem("2026-12-04").unwrap().contains("验收人员"));
        record.inspectors = "李明".into();
        record.items[0].photos = vec!["a".into(); PHOTOS_PER_ITEM + 1];
        assert!(record.problem("2026-12-04").unwrap().contains("有场所"));
    }

    #[test]
    fn a_filing_lists_each_station_once() {
        let county = RegionCode::parse("370811").unwrap();
        let filing = |stations: &[&str]| NewFiling {
            county_code: county.clone(),
            stations: stations.iter().map(|s| (*s).to_owned()).collect(),
        };
        assert!(filing(&[]).problem().is_some());
        assert_eq!(filing(&["37081100221201"]).problem(), None);
        assert!(filing(&["37081100221201", "37081100221201"])
            .problem()
            .unwrap()
            .contains("一次"));
    }
}
