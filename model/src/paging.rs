//! Page numbers of the lists, counted from 0. A page number arrives in a query string, so it
//! is bounded where it is read: no list has a hundred thousand pages, and a larger number
//! would only overflow an offset.

use serde::{Deserialize, Deserializer, Serialize};

pub const LAST_PAGE: i64 = 100_000;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct PageNumber(i64);

#[cfg(feature = "openapi")]
impl schemars::JsonSchema for PageNumber {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PageNumber".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "integer",
            "description": "页码，从 0 算起",
            "minimum": 0,
            "maximum": LAST_PAGE
        })
    }
}

impl PageNumber {
    pub fn new(number: i64) -> Option<Self> {
        (0..=LAST_PAGE).contains(&number).then_some(Self(number))
    }

    pub fn get(self) -> i64 {
        self.0
    }

    /// Rows before this page.
    pub fn offset(self, per_page: i64) -> i64 {
        self.0 * per_page
    }
}

impl<'de> Deserialize<'de> for PageNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let number = i64::deserialize(deserializer)?;
        Self::new(number).ok_or_else(|| {
            serde::de::Error::custom(format!("页码应在 0 到 {LAST_PAGE} 之间，收到 {number}"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_outside_the_bounds_are_refused() {
        let read = |json: &str| serde_json::from_str::<PageNumber>(json);
        assert_eq!(read("3").unwrap().offset(20), 60);
        assert!(read("-1").is_err());
        assert!(read("100001").is_err());
        assert!(read("922337203685477581").is_err());
        assert_eq!(read(&LAST_PAGE.to_string()).unwrap().get(), LAST_PAGE);
    }
}
