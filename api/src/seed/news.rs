//! Demo news of 张营村's village page, written by its demo informant: two published (the
//! township approved them) and one waiting in the township's review queue.

use chrono::{Duration, Utc};
use yinong_model::news::NewsItem;
use yinong_model::region::RegionCode;
use yinong_model::review::{ReviewDecision, ReviewStatus};
use yinong_model::sync::Capture;

use super::requests::VILLAGE;
use super::{demo_client_id, demo_receipt};
use yinong_store::news::NewNewsRecord;
use yinong_store::sync::Arrival;
use yinong_store::SubmissionFilter;
use yinong_store::{Decision, Store, StoreResult, Submitted};

/// (title, body, published).
const NEWS: [(&str, &str, bool); 3] = [
    (
        "村里的机耕路修好了",
        "张营村通往许庄街道的 2.3 公里机耕路已经硬化完工，收割机、播种机可以直接开到地头。\
         请各户不要在路上晾晒粮食，保持道路畅通。",
        true,
    ),
    (
        "益农信息社开设手机培训班",
        "每周三下午两点，村益农信息社教大家用手机查天气、看价格、网上缴费。带上手机就能来，\
         不收费。",
        true,
    ),
    (
        "冬季防火提醒",
        "天干物燥，请大家不要在田间地头焚烧秸秆，家中取暖注意用电安全。",
        false,
    ),
];

pub async fn ensure_demo_news(store: &dyn Store) -> StoreResult<()> {
    let village = RegionCode::parse(VILLAGE).expect("a valid code");
    let (Some(informant), Some(township)) = (
        store.user_by_login("zhangying-informant").await?,
        store.user_by_login("rencheng-township").await?,
    ) else {
        return Ok(());
    };
    let written_before = SubmissionFilter {
        sender: Some(informant.id),
        ..SubmissionFilter::default()
    };
    if NewsItem::kept_in(store)
        .submissions(&written_before, 0, 1)
        .await?
        .1
        > 0
    {
        return Ok(());
    }
    let approve = ReviewDecision::approval();
    let start = Utc::now() - Duration::days(6);
    for (n, (title, body, published)) in NEWS.into_iter().enumerate() {
        let new = NewNewsRecord {
            region: &village,
            title,
            body,
            photos: &[],
            author_id: informant.id,
            at: start + Duration::days(2 * n as i64),
        };
        let client_id = demo_client_id(new.at, n as u8);
        let receipt = demo_receipt(&client_id, Capture::News, informant.id, new.at);
        let Arrival::First(id) = store.write_news(&new, &receipt).await? else {
            continue;
        };
        if published {
            let decision = Decision::of(ReviewStatus::Pending, &approve, township.id);
            NewsItem::kept_in(store).decide(id, &decision).await?;
        }
    }
    Ok(())
}
