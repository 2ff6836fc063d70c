//! The yinong API's wire types: every request and response, defined once and used by both
//! the app (compiled to WebAssembly) and the server. Domain rules that both sides need
//! (such as what a region code means) live here too, so they cannot drift apart.

/// An enum of fixed choices with its wire code and Chinese and English names: what the
/// API sends, the database keeps and the app shows, all from one list.
macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal, $zh:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$(Self::$variant),+];
            pub fn code(self) -> &'static str {
                match self { $(Self::$variant => $code),+ }
            }
            pub fn from_code(code: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|value| value.code() == code)
            }
            pub fn name_zh(self) -> &'static str {
                match self { $(Self::$variant => $zh),+ }
            }
            pub fn name_en(self) -> &'static str {
                match self { $(Self::$variant => $en),+ }
            }
        }
    };
}

pub mod acceptance;
pub mod account;
pub mod assessment;
pub mod bulletin;
pub mod coverage;
pub mod entry;
pub mod error;
pub mod expert;
pub mod group_training;
pub mod import;
pub mod incident;
pub mod jobs;
pub mod listing;
pub mod news;
pub mod operator;
pub mod paging;
pub mod portal;
pub mod price;
pub mod progress;
pub mod qualification;
pub mod question;
pub mod random;
pub mod region;
pub mod request;
pub mod review;
pub mod service;
pub mod station;
pub mod sync;
pub mod system;
pub mod target;
pub mod training;
