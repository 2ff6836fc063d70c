//! Demo 供求 posts from the demo villagers of 张营村: two on the board (approved by its
//! informant) and one waiting in the informant's review queue, so `cargo xtask run`
//! shows both sides.

use chrono::{Days, Duration, Utc};
use yinong_model::listing::{ListingKind, ListingStatus};
use yinong_model::region::RegionCode;

use super::requests::{demo_villagers, VILLAGE};
use yinong_store::listings::{ListingFilter, ListingStep, NewListingRecord};
use yinong_store::{china_today, Store, StoreResult};

/// (villager, kind, product, quantity, unit, price, description, approved).
type DemoListing = (
    usize,
    ListingKind,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
);

const LISTINGS: [DemoListing; 3] = [
    (
        0,
        ListingKind::Sell,
        "红富士苹果",
        "3000",
        "斤",
        "2.8 元/斤",
        "自家果园，果径 80 以上，可来园采摘，也可送到村口",
        true,
    ),
    (
        1,
        ListingKind::Buy,
        "小麦种子（济麦22）",
        "500",
        "斤",
        "面议",
        "要正规包装、有标签的种子",
        true,
    ),
    (
        1,
        ListingKind::Sell,
        "散养土鸡蛋",
        "300",
        "枚",
        "1.2 元/枚",
        "每天现捡",
        false,
    ),
];

const DAYS: u32 = 30;

/// Creates the demo posts once: nothing when the village's informant is missing or the
/// demo villagers have posted already.
pub async fn ensure_demo_listings(store: &dyn Store) -> StoreResult<()> {
    let village = RegionCode::parse(VILLAGE).expect("a valid code");
    let Some(informant) = store.user_by_login("zhangying-informant").await? else {
        return Ok(());
    };
    if store.region(&village).await?.is_none() {
        return Ok(());
    }
    let villagers = demo_villagers(store, &village).await?;
    let posted_before = ListingFilter {
        poster: Some(villagers[0]),
        ..ListingFilter::default()
    };
    if store.listings(&posted_before, None, 0, 1).await?.1 > 0 {
        return Ok(());
    }
    let today = china_today();
    let shows_until = today + Days::new(u64::from(DAYS));
    let start = Utc::now() - Duration::hours(30);
    for (n, (villager, kind, product, quantity, unit, price, description, approved)) in
        LISTINGS.into_iter().enumerate()
    {
        let at = start + Duration::hours(9 * n as i64);
        let new = NewListingRecord {
            kind,
            region: &village,
            product,
            quantity,
            unit,
            price,
            description,
            contact_name: if villager == 0 {
                "王大姐"
            } else {
                "李师傅"
            },
            contact_phone: None,
            photos: &[],
            days: DAYS,
            expires_on: shows_until,
            poster_id: villagers[villager],
            at,
        };
        let id = store
            .post_listing(&new, i64::MAX, today, None)
            .await?
            .first()?;
        if approved {
            let approval = ListingStep {
                from: ListingStatus::Pending,
                to: ListingStatus::Approved,
                note: None,
                expires_on: Some(shows_until),
                by: informant.id,
                at: at + Duration::minutes(50),
            };
            store.move_listing(id, &approval).await?;
        }
    }
    Ok(())
}
