//! 益农信息社: station types, the lifecycle a station goes through, and the 六有 standard.

use serde::{Deserialize, Serialize};

use crate::region::{Region, RegionCode, RegionLevel};

coded_enum! {
    /// 站点类型. The first four sit in a village; the centres above villages.
    StationType {
        Demonstration = "demonstration", "示范社", "Demonstration";
        Standard = "standard", "标准型", "Standard";
        Simple = "simple", "简易型", "Simple";
        Professional = "professional", "专业型", "Professional";
        TownshipCentre = "township_centre", "乡镇中心站", "Township centre";
        CountyCentre = "county_centre", "县级运营中心", "County operation centre";
    }
}

impl StationType {
    /// The level of region a station of this type belongs to.
    pub fn level(self) -> RegionLevel {
        match self {
            Self::TownshipCentre => RegionLevel::Township,
            Self::CountyCentre => RegionLevel::County,
            _ => RegionLevel::Village,
        }
    }
}

coded_enum! {
    /// Where a station lives: built in existing places, not new buildings.
    HostVenue {
        VillageCommittee = "village_committee", "村委会", "Village committee";
        Shop = "shop", "便利店", "Shop";
        Cooperative = "cooperative", "合作社", "Co-operative";
        InputStore = "input_store", "农资店", "Farm-input store";
        Farm = "farm", "家庭农场", "Family farm";
        Other = "other", "其他", "Other";
    }
}

coded_enum! {
    /// The lifecycle: declared → approved (or rejected) → built → accepted (验收) →
    /// operating → suspended / closed. Only operating stations count as coverage.
    StationStatus {
        Declared = "declared", "已申报", "Declared";
        Rejected = "rejected", "未通过", "Rejected";
        Approved = "approved", "已批准", "Approved";
        Built = "built", "已建成", "Built";
        Accepted = "accepted", "已验收", "Accepted";
        Operating = "operating", "运营中", "Operating";
        Suspended = "suspended", "已暂停", "Suspended";
        Closed = "closed", "已关闭", "Closed";
    }
}

impl StationStatus {
    /// The statuses a station may move to from this one.
    pub fn next(self) -> &'static [StationStatus] {
        use StationStatus::*;
        match self {
            Declared => &[Approved, Rejected],
            Rejected => &[Declared],
            Approved => &[Built, Closed],
            Built => &[Accepted, Closed],
            Accepted => &[Operating, Closed],
            Operating => &[Suspended, Closed],
            Suspended => &[Operating, Closed],
            Closed => &[],
        }
    }

    pub fn can_become(self, to: StationStatus) -> bool {
        self.next().contains(&to)
    }

    /// Rejecting, suspending and closing must say why.
    pub fn needs_reason(self) -> bool {
        matches!(self, Self::Rejected | Self::Suspended | Self::Closed)
    }

    /// Acceptance (验收) is reached only by recording a passed inspection, never by a
    /// status step alone.
    pub fn needs_inspection(self) -> bool {
        self == Self::Accepted
    }

    pub fn counts_as_coverage(self) -> bool {
        self == Self::Operating
    }
}

/// The 六有 checklist with its evidence. The staff item (有人员) is not stored: it is met
/// when the station has at least one qualified informant.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct SixHave {
    /// 有场所: venue area in m².
    pub venue_area_m2: Option<f64>,
    /// 有设备: computers, phones, screens, printers.
    pub devices: Option<i32>,
    /// 有宽带: bandwidth in Mbit/s.
    pub broadband_mbps: Option<f64>,
    /// 有网页: the village page's address.
    pub page_url: Option<String>,
    /// 有持续运营能力: an operating agreement or income that keeps it open.
    pub sustainable: bool,
}

impl SixHave {
    /// The six items in order, each met or not, given the qualified informants.
    pub fn items(&self, qualified_informants: i64) -> [bool; 6] {
        [
            self.venue_area_m2.is_some_and(|area| area > 0.0),
            qualified_informants > 0,
            self.devices.is_some_and(|devices| devices > 0),
            self.broadband_mbps.is_some_and(|mbps| mbps > 0.0),
            self.page_url
                .as_deref()
                .is_some_and(|url| !url.trim().is_empty()),
            self.sustainable,
        ]
    }

    /// Compliant only with all six.
    pub fn is_compliant(&self, qualified_informants: i64) -> bool {
        self.items(qualified_informants).iter().all(|met| *met)
    }

    pub const ITEMS_ZH: [&'static str; 6] = [
        "有场所",
        "有人员",
        "有设备",
        "有宽带",
        "有网页",
        "有持续运营能力",
    ];
    pub const ITEMS_EN: [&'static str; 6] = [
        "Venue",
        "Staff",
        "Equipment",
        "Broadband",
        "Web page",
        "Sustainable operation",
    ];
}

/// The unified number (统一编号): the station's region code and a two-digit serial within
/// that region, so the number alone says where the station is.
pub fn unified_number(region: &RegionCode, serial: u32) -> String {
    format!("{}{:02}", region.as_str(), serial)
}

/// What a county administrator declares, or edits later.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct StationDetails {
    pub name: String,
    pub station_type: StationType,
    pub host_venue: HostVenue,
    pub address: String,
    pub opening_hours: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub six_have: SixHave,
}

impl StationDetails {
    /// What is wrong with these details, in Chinese, or `None` when they can be saved.
    pub fn problem(&self) -> Option<String> {
        let blank = |text: &str| text.trim().is_empty();
        if blank(&self.name) || self.name.chars().count() > 60 {
            return Some("站点名称不能为空，且不超过 60 个字".into());
        }
        if blank(&self.address) {
            return Some("请填写站点地址".into());
        }
        if blank(&self.opening_hours) {
            return Some("请填写开放时间".into());
        }
        match (self.latitude, self.longitude) {
            (None, None) => {}
            (Some(lat), Some(lng))
                if (3.0..=54.0).contains(&lat) && (73.0..=136.0).contains(&lng) => {}
            _ => return Some("位置应为中国境内的经纬度，且经度纬度都要填写".into()),
        }
        let six = &self.six_have;
        if six
            .venue_area_m2
            .is_some_and(|area| !(0.0..=10_000.0).contains(&area))
            || six.devices.is_some_and(|devices| devices < 0)
            || six.broadband_mbps.is_some_and(|mbps| mbps < 0.0)
        {
            return Some("六有信息中的面积、设备数和带宽不能为负数".into());
        }
        None
    }
}

/// `POST /api/stations`: declare a station in a region of the type's level.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewStation {
    pub region_code: RegionCode,
    #[serde(flatten)]
    pub details: StationDetails,
}

/// `POST /api/stations/{code}/status`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct StatusChange {
    pub to: StationStatus,
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Station {
    pub code: String,
    pub region_code: RegionCode,
    pub status: StationStatus,
    #[serde(flatten)]
    pub details: StationDetails,
    pub qualified_informants: i64,
    pub compliant: bool,
    /// When it started operating (YYYY-MM-DD).
    pub opened_on: Option<String>,
    pub is_poverty_village: bool,
}

/// One step of a station's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct StationEvent {
    pub from: Option<StationStatus>,
    pub to: StationStatus,
    pub reason: Option<String>,
    pub by: Option<String>,
    /// RFC 3339.
    pub at: String,
}

/// `GET /api/stations/{code}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct StationDetail {
    pub station: Station,
    pub region_path: Vec<Region>,
    pub history: Vec<StationEvent>,
}

/// `GET /api/stations?region=…&status=…&page=…`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct StationPage {
    pub stations: Vec<Station>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lifecycle_runs_from_declaration_to_operation_and_closure_ends_it() {
        use StationStatus::*;
        let path = [
            Declared, Approved, Built, Accepted, Operating, Suspended, Operating, Closed,
        ];
        for step in path.windows(2) {
            assert!(step[0].can_become(step[1]), "{:?} → {:?}", step[0], step[1]);
        }
        assert!(!Declared.can_become(Operating));
        assert!(!Approved.can_become(Operating));
        assert!(Closed.next().is_empty());
        assert!(Rejected.needs_reason() && !Approved.needs_reason());
        let counted: Vec<_> = StationStatus::ALL
            .iter()
            .filter(|s| s.counts_as_coverage())
            .collect();
        assert_eq!(counted, [&Operating]);
    }

    #[test]
    fn a_station_is_compliant_only_with_all_six() {
        let full = SixHave {
            venue_area_m2: Some(30.0),
            devices: Some(2),
            broadband_mbps: Some(20.0),
            page_url: Some("https://example.org/v".into()),
            sustainable: true,
        };
        assert!(full.is_compliant(1));
        assert!(!full.is_compliant(0), "no qualified informant: no 有人员");
        let blank_page = SixHave {
            page_url: Some("  ".into()),
            ..full.clone()
        };
        assert!(!blank_page.is_compliant(1));
        assert_eq!(
            SixHave::default().items(1),
            [false, true, false, false, false, false]
        );
    }

    #[test]
    fn codes_round_trip_and_types_know_their_level() {
        for status in StationStatus::ALL {
            assert_eq!(StationStatus::from_code(status.code()), Some(*status));
        }
        assert_eq!(StationType::CountyCentre.level(), RegionLevel::County);
        assert_eq!(StationType::Simple.level(), RegionLevel::Village);
        let village = RegionCode::parse("530427001001").unwrap();
        assert_eq!(unified_number(&village, 1), "53042700100101");
    }
}
