use serde::{Deserialize, Serialize};

/// The four kinds of service a station offers (四类服务).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    /// 公益服务 — the core: 12316, advice, prices, warnings, notices.
    PublicWelfare,
    /// 便民服务 — bills, top-up, small withdrawals, appointments, jobs, parcels.
    Convenience,
    /// 电子商务 — selling farm products, supply/demand, agent purchase.
    ECommerce,
    /// 培训体验 — phone skills, production technique, policy and market courses.
    Training,
}

impl ServiceKind {
    pub const ALL: [ServiceKind; 4] = [
        Self::PublicWelfare,
        Self::Convenience,
        Self::ECommerce,
        Self::Training,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::PublicWelfare => "public_welfare",
            Self::Convenience => "convenience",
            Self::ECommerce => "e_commerce",
            Self::Training => "training",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Self::PublicWelfare => "公益服务",
            Self::Convenience => "便民服务",
            Self::ECommerce => "电子商务",
            Self::Training => "培训体验",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Self::PublicWelfare => "Public welfare",
            Self::Convenience => "Convenience",
            Self::ECommerce => "E-commerce",
            Self::Training => "Training",
        }
    }

    /// One line on what it covers, for the home page's cards.
    pub fn summary_zh(self) -> &'static str {
        match self {
            Self::PublicWelfare => "12316 专家咨询、农技推广、政策、行情与预警",
            Self::Convenience => "缴费充值、小额取现、预约挂号、招聘用工、快递",
            Self::ECommerce => "农产品出村进城、产品供求、农资代购",
            Self::Training => "手机应用技能、生产技术、政策与市场课程",
        }
    }

    pub fn summary_en(self) -> &'static str {
        match self {
            Self::PublicWelfare => "Expert advice, extension, policy, prices and warnings",
            Self::Convenience => "Bills, top-up, cash, appointments, jobs, parcels",
            Self::ECommerce => "Sell produce, supply and demand, agent purchase",
            Self::Training => "Phone skills, technique, policy and market courses",
        }
    }
}

/// One of the four service types with the things it covers, as `GET /api/services` lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ServiceType {
    pub kind: ServiceKind,
    pub name_zh: String,
    pub name_en: String,
    pub summary_zh: String,
    pub summary_en: String,
    pub items: Vec<ServiceItem>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct ServiceItem {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

/// The catalogue items that a station's work outside requests and the service log counts
/// under, one service record each, so the type mix shows its 公益 and 培训 work too
/// ([`crate::bulletin::BulletinKind::service_item`] and
/// [`crate::training::CourseCategory::service_item`] name the rest).
pub mod counted_as {
    /// An expert's answer to a question the village's farmer asked (12316).
    pub const ANSWER: &str = "expert_qa";
    /// A price report of the village, once approved and published.
    pub const PRICE_REPORT: &str = "market_prices";
    /// Village news, once approved and on the village's page (村网页信息更新).
    pub const VILLAGE_NEWS: &str = "village_page";
    /// A 供求 post the informant made for a farmer without a smartphone (代发).
    pub const LISTING_FOR_FARMER: &str = "supply_demand";
    /// A job post the informant made for someone without a smartphone (代发).
    pub const JOB_FOR_FARMER: &str = "jobs";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_match_the_wire_form() {
        for kind in ServiceKind::ALL {
            assert_eq!(ServiceKind::from_code(kind.code()), Some(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.code()));
        }
        assert_eq!(ServiceKind::from_code("shop"), None);
    }
}
