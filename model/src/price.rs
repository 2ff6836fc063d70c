//! 市场价格: a village informant reports what a product sold for at a market on a day;
//! once the township (or an administrator above) approves the report, it is published on
//! the farmers' market page: the latest price per product and market, with its trend.

use serde::{Deserialize, Serialize};

use crate::sync::{Capture, CapturedRecord};

use crate::listing::{photos_problem, PHOTOS_PER_LISTING};
use crate::region::RegionCode;
pub use crate::review::ReviewStatus;

pub const PRODUCT_MAX_CHARS: usize = 20;
pub const GRADE_MAX_CHARS: usize = 10;
pub const UNIT_MAX_CHARS: usize = 6;
pub const MARKET_MAX_CHARS: usize = 30;
/// Reports older than this are history, not news: an informant reports this week's prices.
pub const REPORT_MAX_AGE_DAYS: i64 = 7;
/// How far back the market page reads, and how many points a trend shows at most.
pub const TREND_DAYS: i64 = 60;
pub const TREND_POINTS: usize = 12;
pub const REPORTS_PER_PAGE: i64 = 20;
/// A price above this (in yuan) is a typing slip, not a farm price.
pub const PRICE_MAX_YUAN: f64 = 1_000_000.0;
/// Photos of the goods (the stall's board, the produce) that back a report.
pub const PHOTOS_PER_REPORT: usize = PHOTOS_PER_LISTING;

/// `PUT /api/prices/reports/{client id}`: what the informant saw. `price` is yuan per
/// `unit` as typed ("2.5"); `observed_on` is `YYYY-MM-DD`; `photos` are the hashes of
/// photos uploaded first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct NewPriceReport {
    pub product: String,
    pub grade: String,
    pub unit: String,
    pub price: String,
    pub market: String,
    pub observed_on: String,
    #[serde(default)]
    pub photos: Vec<String>,
}

/// A price in fen (分) from yuan as typed, to the fen; `None` unless it is a positive
/// amount below [`PRICE_MAX_YUAN`] with at most two decimals.
pub fn price_in_fen(typed: &str) -> Option<i64> {
    let typed = typed.trim();
    let (whole, fraction) = typed.split_once('.').unwrap_or((typed, ""));
    let digits = |text: &str| text.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > 2 {
        return None;
    }
    let yuan: i64 = whole.parse().ok()?;
    let fen: i64 = format!("{fraction:0<2}").parse().ok()?;
    let total = yuan.checked_mul(100)?.checked_add(fen)?;
    (total > 0 && (total as f64) < PRICE_MAX_YUAN * 100.0).then_some(total)
}

/// Fen as yuan for reading: "2.50".
pub fn yuan(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

impl CapturedRecord for NewPriceReport {
    const KIND: Capture = Capture::Price;

    fn problem(&self) -> Option<String> {
        report_problem(self)
    }

    fn photos(&self) -> &[String] {
        &self.photos
    }
}
/// What is wrong with a report's text, if anything (its day is checked by the server,
/// which knows today).
pub fn report_problem(report: &NewPriceReport) -> Option<String> {
    let chars = |text: &str| text.trim().chars().count();
    if chars(&report.product) == 0 || chars(&report.product) > PRODUCT_MAX_CHARS {
        return Some("请填写产品名称，例如：大白菜".to_owned());
    }
    if chars(&report.grade) > GRADE_MAX_CHARS {
        return Some(format!("等级最多 {GRADE_MAX_CHARS} 个字"));
    }
    if chars(&report.unit) == 0 || chars(&report.unit) > UNIT_MAX_CHARS {
        return Some("请填写单位，例如：斤、公斤、头".to_owned());
    }
    if price_in_fen(&report.price).is_none() {
        return Some("价格请填元数，最多两位小数，例如：1.25".to_owned());
    }
    if chars(&report.market) == 0 || chars(&report.market) > MARKET_MAX_CHARS {
        return Some("请填写市场，例如：许庄集贸市场".to_owned());
    }
    if let Some(problem) = photos_problem(&report.photos) {
        return Some(problem);
    }
    None
}

/// A report as its informant and the reviewers see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PriceReport {
    pub id: i64,
    pub product: String,
    pub grade: String,
    pub unit: String,
    pub price_fen: i64,
    pub market: String,
    pub observed_on: String,
    /// The informant's village.
    pub region_code: RegionCode,
    /// The informant's village, from the county down.
    pub place: String,
    pub reporter_name: String,
    pub status: ReviewStatus,
    pub review_note: Option<String>,
    pub photos: Vec<String>,
}

/// `GET /api/prices/reports/…`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PriceReportPage {
    pub reports: Vec<PriceReport>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

crate::submission_page!(PriceReportPage, reports, PriceReport, REPORTS_PER_PAGE);

/// One day's price in a trend.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PricePoint {
    pub on: String,
    pub price_fen: i64,
}

/// A product at a market: its latest published price and the days before it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct MarketPrice {
    pub product: String,
    pub grade: String,
    pub unit: String,
    pub market: String,
    /// Where the market's reports come from, from the county down.
    pub place: String,
    /// Oldest first, the last the latest; at most [`TREND_POINTS`], one per day (a day's
    /// several reports averaged).
    pub trend: Vec<PricePoint>,
}

impl MarketPrice {
    pub fn latest(&self) -> Option<&PricePoint> {
        self.trend.last()
    }

    /// The latest price against the one before it, in fen.
    pub fn change(&self) -> Option<i64> {
        match self.trend.as_slice() {
            [.., before, last] => Some(last.price_fen - before.price_fen),
            _ => None,
        }
    }
}

/// The points of a trend line drawn in a `width`×`height` box (SVG `polyline` points):
/// oldest on the left, the lowest price at the bottom; a flat trend sits in the middle.
pub fn trend_polyline(trend: &[PricePoint], width: f64, height: f64) -> String {
    let low = trend.iter().map(|p| p.price_fen).min().unwrap_or(0);
    let high = trend.iter().map(|p| p.price_fen).max().unwrap_or(0);
    let step = width / (trend.len().max(2) - 1) as f64;
    trend
        .iter()
        .enumerate()
        .map(|(n, point)| {
            let y = if high == low {
                height / 2.0
            } else {
                height - (point.price_fen - low) as f64 / (high - low) as f64 * height
            };
            format!("{:.1},{:.1}", n as f64 * step, y)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// How many prices the home page shows.
pub const HOME_PRICES: usize = 3;

/// A product's latest price at a market, as the home page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct PriceHeadline {
    pub product: String,
    pub unit: String,
    pub market: String,
    pub price_fen: i64,
    /// Against the price before it, in fen.
    pub change: Option<i64>,
}

impl MarketPrice {
    pub fn headline(&self) -> Option<PriceHeadline> {
        let latest = self.latest()?;
        let product = if self.grade.is_empty() {
            self.product.clone()
        } else {
            format!("{}（{}）", self.product, self.grade)
        };
        Some(PriceHeadline {
            product,
            unit: self.unit.clone(),
            market: self.market.clone(),
            price_fen: latest.price_fen,
            change: self.change(),
        })
    }
}

/// `GET /api/prices?within=&product=`: products at markets, most recently reported first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct MarketPrices {
    pub prices: Vec<MarketPrice>,
}

/// An approved report as the market page gathers them.
#[derive(Clone, Debug, PartialEq)]
pub struct PublishedPrice {
    pub product: String,
    pub grade: String,
    pub unit: String,
    pub market: String,
    pub place: String,
    pub observed_on: String,
    pub price_fen: i64,
}

/// Gathers approved reports into one trend per product, grade, unit and market: a day's
/// reports averaged (to the fen), the last [`TREND_POINTS`] days kept; the most recently
/// reported first.
pub fn market_prices(reports: &[PublishedPrice]) -> Vec<MarketPrice> {
    use std::collections::BTreeMap;
    // (product, grade, unit, market) → (place, day → (sum of prices, reports)).
    type Key<'a> = (&'a str, &'a str, &'a str, &'a str);
    type Days<'a> = (String, BTreeMap<&'a str, (i64, i64)>);
    let mut days: BTreeMap<Key, Days> = BTreeMap::new();
    for report in reports {
        let key = (
            report.product.as_str(),
            report.grade.as_str(),
            report.unit.as_str(),
            report.market.as_str(),
        );
        let (place, by_day) = days
            .entry(key)
            .or_insert_with(|| (report.place.clone(), BTreeMap::new()));
        if place.is_empty() {
            place.clone_from(&report.place);
        }
        let day = by_day.entry(report.observed_on.as_str()).or_insert((0, 0));
        day.0 += report.price_fen;
        day.1 += 1;
    }
    let mut prices: Vec<MarketPrice> = days
        .into_iter()
        .map(|((product, grade, unit, market), (place, by_day))| {
            let mut trend: Vec<PricePoint> = by_day
                .into_iter()
                .map(|(on, (sum, count))| PricePoint {
                    on: on.to_owned(),
                    price_fen: (sum + count / 2) / count,
                })
                .collect();
            let skip = trend.len().saturating_sub(TREND_POINTS);
            trend.drain(..skip);
            MarketPrice {
                product: product.to_owned(),
                grade: grade.to_owned(),
                unit: unit.to_owned(),
                market: market.to_owned(),
                place,
                trend,
            }
        })
        .collect();
    prices.sort_by(|a, b| {
        let last = |price: &MarketPrice| price.latest().map(|point| point.on.clone());
        last(b)
            .cmp(&last(a))
            .then_with(|| a.product.cmp(&b.product))
    });
    prices
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trend_is_drawn_left_to_right_low_at_the_bottom() {
        let point = |fen| PricePoint {
            on: String::new(),
            price_fen: fen,
        };
        assert_eq!(
            trend_polyline(&[point(70), point(90), point(80)], 100.0, 20.0),
            "0.0,20.0 50.0,0.0 100.0,10.0"
        );
        assert_eq!(
            trend_polyline(&[point(5), point(5)], 10.0, 20.0),
            "0.0,10.0 10.0,10.0"
        );
        assert_eq!(trend_polyline(&[point(5)], 10.0, 20.0), "0.0,10.0");
        assert_eq!(trend_polyline(&[], 10.0, 20.0), "");
    }

    #[test]
    fn prices_are_read_to_the_fen() {
        assert_eq!(price_in_fen("2.5"), Some(250));
        assert_eq!(price_in_fen(" 12 "), Some(1200));
        assert_eq!(price_in_fen("0.05"), Some(5));
        for bad in [
            "", "0", "0.00", "-1", "1.234", "1,5", "两元", "1e3", ".5", "99999999",
        ] {
            assert_eq!(price_in_fen(bad), None, "{bad:?}");
        }
        assert_eq!(yuan(250), "2.50");
        assert_eq!(yuan(5), "0.05");
    }

    #[test]
    fn a_market_price_is_its_days_averaged_latest_last() {
        let report = |product: &str, market: &str, on: &str, fen| PublishedPrice {
            product: product.to_owned(),
            grade: String::new(),
            unit: "斤".to_owned(),
            market: market.to_owned(),
            place: "任城区 许庄街道 张营村".to_owned(),
            observed_on: on.to_owned(),
            price_fen: fen,
        };
        let prices = market_prices(&[
            report("大白菜", "许庄集贸市场", "2026-11-02", 80),
            report("大白菜", "许庄集贸市场", "2026-11-01", 70),
            report("大白菜", "许庄集贸市场", "2026-11-02", 91),
            report("大白菜", "任城批发市场", "2026-11-03", 60),
            report("苹果", "许庄集贸市场", "2026-10-30", 250),
        ]);
        let names: Vec<_> = prices
            .iter()
            .map(|p| (p.product.as_str(), p.market.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("大白菜", "任城批发市场"),
                ("大白菜", "许庄集贸市场"),
                ("苹果", "许庄集贸市场")
            ],
            "most recently reported first"
        );
        let cabbage = &prices[1];
        assert_eq!(
            cabbage.trend,
            [
                PricePoint {
                    on: "2026-11-01".to_owned(),
                    price_fen: 70
                },
                PricePoint {
                    on: "2026-11-02".to_owned(),
                    price_fen: 86
                },
            ],
            "two reports on the 2nd average to 85.5, rounded"
        );
        assert_eq!(cabbage.change(), Some(16));
        assert_eq!(prices[2].change(), None);
        let many: Vec<_> = (1..=20)
            .map(|day| report("葱", "集", &format!("2026-11-{day:02}"), day))
            .collect();
        let trend = &market_prices(&many)[0].trend;
        assert_eq!(trend.len(), TREND_POINTS);
        assert_eq!(trend.last().unwrap().on, "2026-11-20");
    }
}
