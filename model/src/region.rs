//! China's five-level administrative divisions, keyed by the statistics bureau's codes.
//!
//! A code's length gives its level (2 province, 4 city, 6 county, 9 township, 12 village)
//! and every code begins with its parent's code, so a region's whole subtree is exactly the
//! codes that start with its code. Scope checks and subtree queries rely on this.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum RegionLevel {
    Province,
    City,
    County,
    Township,
    Village,
}

impl RegionLevel {
    pub const ALL: [RegionLevel; 5] = [
        Self::Province,
        Self::City,
        Self::County,
        Self::Township,
        Self::Village,
    ];

    /// Number of digits in a code of this level.
    pub fn code_len(self) -> usize {
        match self {
            Self::Province => 2,
            Self::City => 4,
            Self::County => 6,
            Self::Township => 9,
            Self::Village => 12,
        }
    }

    /// Stored as a small integer, 1 (province) to 5 (village).
    pub fn depth(self) -> i16 {
        self as i16 + 1
    }

    pub fn from_depth(depth: i16) -> Option<Self> {
        Self::ALL.into_iter().find(|level| level.depth() == depth)
    }

    pub fn parent(self) -> Option<Self> {
        Self::from_depth(self.depth() - 1)
    }

    pub fn child(self) -> Option<Self> {
        Self::from_depth(self.depth() + 1)
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Province => "省",
            Self::City => "市",
            Self::County => "县",
            Self::Township => "乡镇",
            Self::Village => "村",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Self::Province => "Province",
            Self::City => "City",
            Self::County => "County",
            Self::Township => "Township",
            Self::Village => "Village",
        }
    }
}

/// A valid region code: digits only, with the length of one of the five levels.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegionCode(String);

#[cfg(feature = "openapi")]
impl schemars::JsonSchema for RegionCode {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RegionCode".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "行政区划代码（统计用区划代码）：2、4、6、9 或 12 位数字",
            "pattern": "^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$"
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidRegionCode(pub String);

impl std::fmt::Display for InvalidRegionCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "“{}”不是有效的行政区划代码（应为 2、4、6、9 或 12 位数字）",
            self.0
        )
    }
}

impl std::error::Error for InvalidRegionCode {}

impl RegionCode {
    pub fn parse(code: &str) -> Result<Self, InvalidRegionCode> {
        let valid = code.bytes().all(|b| b.is_ascii_digit())
            && RegionLevel::ALL
                .iter()
                .any(|level| level.code_len() == code.len());
        if valid {
            Ok(Self(code.to_owned()))
        } else {
            Err(InvalidRegionCode(code.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn level(&self) -> RegionLevel {
        RegionLevel::ALL
            .into_iter()
            .find(|level| level.code_len() == self.0.len())
            .expect("a parsed code has a level's length")
    }

    /// The enclosing region's code; provinces have none (their parent is the nation).
    pub fn parent(&self) -> Option<RegionCode> {
        let parent_level = self.level().parent()?;
        Some(Self(self.0[..parent_level.code_len()].to_owned()))
    }

    /// The region of `level` that contains this one (itself at its own level); `None` when
    /// `level` is below this region's.
    pub fn ancestor(&self, level: RegionLevel) -> Option<RegionCode> {
        (level <= self.level()).then(|| Self(self.0[..level.code_len()].to_owned()))
    }

    /// True when `other` is this region or lies inside it.
    pub fn contains(&self, other: &RegionCode) -> bool {
        other.0.starts_with(&self.0)
    }
}

impl TryFrom<String> for RegionCode {
    type Error = InvalidRegionCode;
    fn try_from(code: String) -> Result<Self, Self::Error> {
        Self::parse(&code)
    }
}

impl From<RegionCode> for String {
    fn from(code: RegionCode) -> Self {
        code.0
    }
}

impl std::fmt::Display for RegionCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One administrative division.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Region {
    pub code: RegionCode,
    pub name: String,
    pub level: RegionLevel,
    pub parent_code: Option<RegionCode>,
}

/// `GET /api/regions/{code}`: a region, the chain of regions above it (province first), and
/// how many regions lie directly below it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct RegionDetail {
    pub region: Region,
    pub ancestors: Vec<Region>,
    pub child_count: i64,
}

/// `PUT /api/regions/{code}/poverty`: a village marked as 脱贫村/原贫困村, or a county as
/// 原国家扶贫开发工作重点县 (or the mark taken away).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PovertyFlag {
    pub poverty: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_follow_code_length() {
        let cases = [
            ("37", RegionLevel::Province, None),
            ("3708", RegionLevel::City, Some("37")),
            ("370811", RegionLevel::County, Some("3708")),
            ("370811001", RegionLevel::Township, Some("370811")),
            ("370811001001", RegionLevel::Village, Some("370811001")),
        ];
        for (code, level, parent) in cases {
            let code = RegionCode::parse(code).unwrap();
            assert_eq!(code.level(), level);
            assert_eq!(code.parent().as_ref().map(RegionCode::as_str), parent);
        }
    }

    #[test]
    fn rejects_malformed_codes() {
        for bad in [
            "",
            "3",
            "370",
            "37081",
            "3708110011",
            "37a8",
            "370811001001001",
            " 37",
        ] {
            assert!(RegionCode::parse(bad).is_err(), "{bad:?} must be rejected");
        }
    }

    #[test]
    fn subtree_is_prefix() {
        let jining = RegionCode::parse("3708").unwrap();
        assert!(jining.contains(&RegionCode::parse("370811001001").unwrap()));
        assert!(jining.contains(&jining));
        assert!(!jining.contains(&RegionCode::parse("3709").unwrap()));
        assert!(!jining.contains(&RegionCode::parse("37").unwrap()));
    }

    #[test]
    fn deserializing_validates() {
        assert!(serde_json::from_str::<RegionCode>("\"530427\"").is_ok());
        assert!(serde_json::from_str::<RegionCode>("\"53042\"").is_err());
    }
}
