//! What the farmer portal reads without signing in: finding one's village among the
//! country's 620,573, and the 益农信息社 that serves it.

use serde::{Deserialize, Serialize};

use crate::bulletin::BulletinHeadline;
use crate::region::{Region, RegionCode};
use crate::station::StationType;

/// Fewest characters a search anywhere in the country needs: one character matches too
/// many villages to be of use, and the search must stay an index range.
pub const NATIONAL_SEARCH_MIN_CHARS: usize = 2;
/// Most matches a village search returns; the picker narrows further by region.
pub const SEARCH_LIMIT: usize = 20;

/// One village found by name, with the places above it ("济宁市 任城区 长沟镇") so that
/// the many 张庄村 can be told apart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct VillageMatch {
    pub code: RegionCode,
    pub name: String,
    pub place: String,
}

/// `GET /api/villages/search?q=…&within=…`. Inside a county or township any part of the
/// name matches; above that, the start of the name (an index range over the whole
/// country). `more` says that further villages match than were returned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct VillageSearch {
    pub matches: Vec<VillageMatch>,
    pub anywhere_in_name: bool,
    pub more: bool,
}

/// Someone farmers may call about a station: its qualified informants.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Contact {
    pub name: String,
    pub phone: String,
}

/// An operating station as farmers see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PublicStation {
    /// 统一编号.
    pub code: String,
    pub name: String,
    pub station_type: StationType,
    pub address: String,
    pub opening_hours: String,
    /// Where it is, for the server to measure distances; not sent: the phone needs only
    /// the distance, and parsing and printing floating-point numbers would cost the
    /// farmer's first load kilobytes of code.
    #[serde(skip)]
    pub position: Option<(f64, f64)>,
    /// Meets all of 六有.
    pub compliant: bool,
    pub contacts: Vec<Contact>,
    /// Whole metres from the farmer's location when shared, else from their own station.
    pub distance_m: Option<u32>,
}

/// `GET /api/villages/{code}/home?lat=…&lng=…`: the village, the operating stations in it,
/// and the nearest other operating stations.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct VillageHome {
    pub village: Region,
    pub place: String,
    pub stations: Vec<PublicStation>,
    pub nearby: Vec<PublicStation>,
    /// Warnings for the village or a region above it that have not expired, newest first.
    pub warnings: Vec<BulletinHeadline>,
    /// The latest notices and policies for it ([`HOME_NOTICES`](crate::bulletin::HOME_NOTICES)).
    pub notices: Vec<BulletinHeadline>,
    /// The latest market prices of its county, most recently reported first
    /// ([`HOME_PRICES`](crate::price::HOME_PRICES)).
    pub prices: Vec<crate::price::PriceHeadline>,
    /// The village asked for, when it was merged away (撤并): this is its successor's home.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_from: Option<Region>,
}

/// How many nearby stations the home page lists.
pub const NEARBY_LIMIT: usize = 5;

/// Great-circle distance in metres (haversine; the Earth as a sphere is exact enough to
/// say which station is nearer).
pub fn distance_m(from: (f64, f64), to: (f64, f64)) -> f64 {
    const EARTH_RADIUS_M: f64 = 6_371_000.0;
    let (lat1, lng1) = (from.0.to_radians(), from.1.to_radians());
    let (lat2, lng2) = (to.0.to_radians(), to.1.to_radians());
    let half_chord = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lng2 - lng1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * half_chord.sqrt().asin()
}

/// What a village search text is, once trimmed: the text to match, or why it cannot be
/// searched at this scope.
pub fn search_text(raw: &str, anywhere_in_name: bool) -> Result<String, String> {
    let text: String = raw.trim().chars().take(20).collect();
    let needed = if anywhere_in_name {
        1
    } else {
        NATIONAL_SEARCH_MIN_CHARS
    };
    if text.chars().count() < needed {
        return Err(format!("请至少输入 {needed} 个字"));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_match_known_pairs() {
        // 济宁 to 曲阜 is about 39 km as the crow flies.
        let jining = (35.4151, 116.5871);
        let qufu = (35.5810, 116.9866);
        let km = distance_m(jining, qufu) / 1_000.0;
        assert!((38.0..41.0).contains(&km), "{km}");
        assert_eq!(distance_m(jining, jining), 0.0);
    }

    #[test]
    fn national_searches_need_two_characters() {
        assert!(search_text(" 张 ", false).is_err());
        assert_eq!(search_text(" 张庄 ", false).unwrap(), "张庄");
        assert_eq!(search_text("张", true).unwrap(), "张");
        assert!(search_text("   ", true).is_err());
    }
}
