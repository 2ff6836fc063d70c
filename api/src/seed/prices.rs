//! Demo market prices from the demo informant of 张营村 over the last three weeks, approved
//! by the demo township administrator but for today's 生猪 price, which waits for review:
//! the market page shows trends and the township's queue one report in `cargo xtask run`.

use chrono::{Days, Duration, Utc};
use yinong_model::price::{PriceReport, ReviewStatus};
use yinong_model::region::RegionCode;
use yinong_model::sync::Capture;

use super::requests::VILLAGE;
use super::{demo_client_id, demo_receipt};
use yinong_store::prices::NewPriceRecord;
use yinong_store::sync::Arrival;
use yinong_store::SubmissionFilter;
use yinong_store::{china_today, Decision, Store, StoreResult, Submitted};

/// (product, grade, unit, market, price in fen on the first day, change every report).
const SERIES: [(&str, &str, &str, &str, i64, i64); 4] = [
    ("大白菜", "", "斤", "许庄集贸市场", 60, 3),
    ("红富士苹果", "一级", "斤", "许庄集贸市场", 320, -5),
    ("鸡蛋", "", "斤", "任城区农产品批发市场", 410, 4),
    ("生猪", "外三元", "斤", "任城区农产品批发市场", 780, -8),
];

/// Days of reports, every third day back from today.
const REPORTS: u64 = 7;

pub async fn ensure_demo_prices(store: &dyn Store) -> StoreResult<()> {
    let village = RegionCode::parse(VILLAGE).expect("a valid code");
    let (Some(informant), Some(township)) = (
        store.user_by_login("zhangying-informant").await?,
        store.user_by_login("rencheng-township").await?,
    ) else {
        return Ok(());
    };
    let reported_before = SubmissionFilter {
        sender: Some(informant.id),
        ..SubmissionFilter::default()
    };
    if PriceReport::kept_in(store)
        .submissions(&reported_before, 0, 1)
        .await?
        .1
        > 0
    {
        return Ok(());
    }
    let today = china_today();
    for (series, (product, grade, unit, market, first, step)) in SERIES.into_iter().enumerate() {
        for n in 0..REPORTS {
            let days_back = 3 * (REPORTS - 1 - n);
            let observed_on = today - Days::new(days_back);
            // A wobble on top of the trend, so the lines are not ruler-straight.
            let wobble = [0, 4, -3, 2, -2, 3, 0][n as usize % 7];
            let at = Utc::now() - Duration::days(days_back as i64) - Duration::hours(6);
            let new = NewPriceRecord {
                region: &village,
                product,
                grade,
                unit,
                price_fen: first + step * n as i64 + wobble,
                market,
                observed_on,
                photos: &[],
                reporter_id: informant.id,
                at,
            };
            let client_id = demo_client_id(at, series as u8);
            let receipt = demo_receipt(&client_id, Capture::Price, informant.id, at);
            let Arrival::First(id) = store.report_price(&new, &receipt).await? else {
                continue;
            };
            let latest = n == REPORTS - 1;
            if !(latest && product == "生猪") {
                let approval = Decision {
                    from: ReviewStatus::Pending,
                    to: ReviewStatus::Approved,
                    note: None,
                    by: township.id,
                    at: at + Duration::hours(1),
                };
                PriceReport::kept_in(store).decide(id, &approval).await?;
            }
        }
    }
    Ok(())
}
