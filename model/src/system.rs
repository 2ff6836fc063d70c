use serde::{Deserialize, Serialize};

/// Which database engine the server runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// `GET /api/health`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Health {
    pub status: String,
    pub version: String,
    pub backend: Backend,
    /// True when the database holds generated demo records; the app then shows a banner.
    pub demo_data: bool,
}

/// `GET /api/overview`: national counts for the dashboard's first cards.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct Overview {
    pub provinces: i64,
    pub cities: i64,
    pub counties: i64,
    pub townships: i64,
    pub villages: i64,
    pub stations: i64,
    pub informants: i64,
    pub service_records: i64,
    pub demo_data: bool,
}
