//! Demo notices and warnings, published by the demo administrators when the database has
//! none: one for the country, 济宁市, 任城区 and 许庄街道 each. Warnings run a few days
//! from the day the demo is made.

use chrono::{Days, Utc};
use yinong_model::bulletin::BulletinKind;
use yinong_model::region::RegionCode;

use yinong_store::bulletins::{BulletinFilter, NewBulletinRecord};
use yinong_store::{china_time, Store, StoreResult};

/// (publisher, region, kind, title, body, days it shows).
type DemoBulletin = (
    &'static str,
    Option<&'static str>,
    BulletinKind,
    &'static str,
    &'static str,
    Option<u64>,
);

const BULLETINS: [DemoBulletin; 4] = [
    (
        "admin",
        None,
        BulletinKind::Policy,
        "益农信息社：服务不出村",
        "每个行政村的益农信息社提供四类服务：公益服务（12316 专家咨询、农技推广、政策、行情与预警），\
         便民服务（缴费充值、小额取现、预约挂号、快递），电子商务（农产品出村进城、产品供求、农资代购），\
         培训体验（手机应用技能、生产技术）。\n不会用手机的村民，可以请信息员代办。",
        None,
    ),
    (
        "admin",
        Some("3708"),
        BulletinKind::WeatherWarning,
        "寒潮蓝色预警",
        "预计未来三天全市气温下降 8～10℃，最低气温零下 6℃，并伴有 5～6 级偏北风。\n\
         请加固大棚、做好蔬菜保温，畜禽圈舍注意防寒，外出注意交通安全。",
        Some(3),
    ),
    (
        "rencheng-county",
        Some("370811"),
        BulletinKind::PestWarning,
        "小麦蚜虫防治提醒",
        "近期气温回升，部分麦田蚜虫数量增加。百株蚜量超过 500 头的地块，\
         请选用吡虫啉或啶虫脒喷雾防治，注意轮换用药。\n不清楚怎么办的，请到村益农信息社咨询或拨打 12316。",
        Some(10),
    ),
    (
        "rencheng-township",
        Some("370811002"),
        BulletinKind::Notice,
        "冬季农业技术培训通知",
        "街道农技站将于本周五上午 9 点在街道便民服务中心举办冬季大棚管理和小麦越冬管理培训，\
         欢迎各村种植户参加。\n各村信息员请组织本村村民报名。",
        None,
    ),
];

pub async fn ensure_demo_bulletins(store: &dyn Store) -> StoreResult<()> {
    let (_, published) = store
        .bulletins(&BulletinFilter::TargetedWithin(None), 0, 1)
        .await?;
    if published > 0 {
        return Ok(());
    }
    let now = Utc::now();
    let today = china_time(now).date_naive();
    for (publisher, region, kind, title, body, days) in BULLETINS {
        let Some(publisher) = store.user_by_login(publisher).await? else {
            continue;
        };
        let target = region.map(|code| RegionCode::parse(code).expect("a valid code"));
        if let Some(code) = &target {
            if store.region(code).await?.is_none() {
                continue;
            }
        }
        let new = NewBulletinRecord {
            kind,
            target: target.as_ref(),
            title,
            body,
            expires_on: days.map(|days| today + Days::new(days)),
            publisher_id: publisher.id,
            at: now,
        };
        store.publish_bulletin(&new).await?;
    }
    Ok(())
}
