//! The four kinds of service (四类服务) and what each covers, as the programme's documents
//! define them. Upserted into the database at every start, so a change here reaches
//! existing installations.

use yinong_model::service::{ServiceItem, ServiceKind, ServiceType};

type Item = (&'static str, &'static str, &'static str);

const PUBLIC_WELFARE: [Item; 11] = [
    ("expert_qa", "12316 专家咨询", "12316 expert advice"),
    ("agri_extension", "农技推广", "Agricultural extension"),
    ("policy_notices", "政策与通知", "Policies and notices"),
    ("market_prices", "市场行情", "Market prices"),
    ("village_page", "村网页信息更新", "Village web page news"),
    (
        "weather_warnings",
        "气象与灾害预警",
        "Weather and disaster warnings",
    ),
    (
        "disease_control",
        "动植物疫病防控",
        "Plant and animal disease control",
    ),
    (
        "traceability",
        "农产品质量安全追溯",
        "Farm-product traceability",
    ),
    (
        "machinery_scheduling",
        "农机作业调度",
        "Farm machinery scheduling",
    ),
    (
        "village_assets",
        "村务三资公开",
        "Village assets disclosure",
    ),
    (
        "one_window",
        "政务一窗口办理",
        "Government services at one window",
    ),
];

const CONVENIENCE: [Item; 7] = [
    ("utility_bills", "水电费缴纳", "Utility bills"),
    ("phone_topup", "话费充值", "Phone top-up"),
    ("cash_withdrawal", "小额取现", "Small cash withdrawal"),
    ("medical_appointment", "预约挂号", "Hospital appointments"),
    ("jobs", "招聘用工", "Jobs and labour"),
    ("parcels", "快递收发", "Parcels"),
    ("other_errands", "其他代办", "Other errands"),
];

const E_COMMERCE: [Item; 5] = [
    (
        "sell_produce",
        "农产品出村进城",
        "Selling farm produce to the city",
    ),
    ("supply_demand", "产品供求", "Supply and demand"),
    (
        "agent_purchase",
        "农资代购",
        "Agent purchase of farm inputs",
    ),
    ("goods_delivery", "工业品下乡到家", "Goods delivered home"),
    ("machinery_sharing", "农机共享", "Farm machinery sharing"),
];

const TRAINING: [Item; 5] = [
    ("phone_skills", "农民手机应用技能", "Mobile phone skills"),
    ("production_technique", "生产技术", "Production technique"),
    ("policy_courses", "政策解读", "Policy courses"),
    ("market_courses", "市场营销", "Market courses"),
    ("new_technology", "新技术体验", "Trying new technology"),
];

pub fn catalogue() -> Vec<ServiceType> {
    let service = |kind: ServiceKind, items: &[Item]| ServiceType {
        kind,
        name_zh: kind.name_zh().into(),
        name_en: kind.name_en().into(),
        summary_zh: kind.summary_zh().into(),
        summary_en: kind.summary_en().into(),
        items: items
            .iter()
            .map(|(code, zh, en)| ServiceItem {
                code: (*code).into(),
                name_zh: (*zh).into(),
                name_en: (*en).into(),
            })
            .collect(),
    };
    vec![
        service(ServiceKind::PublicWelfare, &PUBLIC_WELFARE),
        service(ServiceKind::Convenience, &CONVENIENCE),
        service(ServiceKind::ECommerce, &E_COMMERCE),
        service(ServiceKind::Training, &TRAINING),
    ]
}

#[cfg(test)]
mod tests {
    use yinong_model::bulletin::BulletinKind;
    use yinong_model::request::RequestItem;
    use yinong_model::service::counted_as;
    use yinong_model::training::CourseCategory;

    use super::*;

    fn kind_of(code: &str) -> Option<ServiceKind> {
        catalogue()
            .iter()
            .find(|service| service.items.iter().any(|i| i.code == code))
            .map(|service| service.kind)
    }

    #[test]
    fn every_request_item_is_counted_under_a_catalogue_item_of_its_kind() {
        for item in RequestItem::ALL {
            let kind = kind_of(item.service_item());
            let expected = if item.is_purchase() {
                ServiceKind::ECommerce
            } else {
                ServiceKind::Convenience
            };
            assert_eq!(kind, Some(expected), "{item:?}");
        }
    }

    #[test]
    fn the_work_beyond_requests_is_counted_under_the_kind_it_belongs_to() {
        let public_welfare = [
            counted_as::ANSWER,
            counted_as::PRICE_REPORT,
            counted_as::VILLAGE_NEWS,
        ];
        for code in public_welfare.into_iter().chain(
            BulletinKind::ALL
                .into_iter()
                .filter_map(BulletinKind::service_item),
        ) {
            assert_eq!(kind_of(code), Some(ServiceKind::PublicWelfare), "{code}");
        }
        assert_eq!(
            kind_of(counted_as::LISTING_FOR_FARMER),
            Some(ServiceKind::ECommerce)
        );
        assert_eq!(
            kind_of(counted_as::JOB_FOR_FARMER),
            Some(ServiceKind::Convenience)
        );
        for category in CourseCategory::ALL {
            assert_eq!(
                kind_of(category.service_item()),
                Some(ServiceKind::Training),
                "{category:?}"
            );
        }
        let warnings = BulletinKind::ALL
            .into_iter()
            .filter(|kind| kind.is_warning());
        assert!(warnings
            .into_iter()
            .all(|kind| kind.service_item().is_some()));
    }
}
