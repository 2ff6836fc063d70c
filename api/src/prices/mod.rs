//! 市场价格: a village informant reports what a product sold for at a market (in fen, for a
//! day of the last week) from their village, through `capture::receive`; the township or an
//! administrator above approves or refuses it (`review::Reviewed`). The market page reads the
//! approved reports of the last 60 days inside a region and gathers them
//! (`yinong_model::price::market_prices`) into one trend per product, grade, unit and market;
//! a village's home answer carries its county's three latest prices (`for_home`).

use aide::axum::routing::{get, post, put};
use aide::axum::ApiRouter;
use axum::extract::State;
use axum::Json;
use chrono::{Days, Utc};
use serde::Deserialize;
use yinong_model::price::{
    market_prices, price_in_fen, MarketPrice, MarketPrices, NewPriceReport, PriceHeadline,
    PriceReport, PriceReportPage, HOME_PRICES, REPORT_MAX_AGE_DAYS, TREND_DAYS,
};
use yinong_model::region::RegionCode;

use crate::capture::{receive, recent_day, Captured, Sender};
use crate::error::{ApiError, ApiQuery};
use crate::regions::parse_code;
use crate::review::{approve_many, mine, queue, review, stored, Reviewed};
use crate::state::AppState;
use yinong_store::china_today;
use yinong_store::prices::NewPriceRecord;
use yinong_store::sync::{Arrival, Receipt};

pub fn routes() -> ApiRouter<AppState> {
    ApiRouter::new()
        .api_route("/prices", get(market))
        .api_route(
            "/prices/reports/{client_id}",
            put(receive::<NewPriceReport>),
        )
        .api_route("/prices/reports/mine", get(mine::<PriceReports>))
        .api_route("/prices/reports/review", get(queue::<PriceReports>))
        .api_route("/prices/reports/{id}/review", post(review::<PriceReports>))
        .api_route(
            "/prices/reports/approve",
            post(approve_many::<PriceReports>),
        )
}

#[derive(Deserialize, schemars::JsonSchema)]
struct MarketQuery {
    within: Option<String>,
    product: Option<String>,
}

/// `GET /api/prices?within=&product=`: each product at each market with its trend.
async fn market(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<MarketQuery>,
) -> Result<Json<MarketPrices>, ApiError> {
    let within = query.within.as_deref().map(parse_code).transpose()?;
    let since = china_today() - Days::new(TREND_DAYS as u64);
    let product = query
        .product
        .as_deref()
        .map(str::trim)
        .filter(|product| !product.is_empty());
    let reports = state
        .store
        .published_prices(within.as_ref(), since, product)
        .await?;
    Ok(Json(MarketPrices {
        prices: market_prices(&reports),
    }))
}

/// The latest prices of the village's county for its home page.
pub async fn for_home(
    state: &AppState,
    village: &RegionCode,
) -> Result<Vec<PriceHeadline>, ApiError> {
    let county = village.parent().and_then(|township| township.parent());
    let since = china_today() - Days::new(TREND_DAYS as u64);
    let reports = state
        .store
        .published_prices(county.as_ref(), since, None)
        .await?;
    Ok(market_prices(&reports)
        .iter()
        .filter_map(MarketPrice::headline)
        .take(HOME_PRICES)
        .collect())
}

/// A price report from the informant's own village, through `capture::receive`.
impl Captured for NewPriceReport {
    type Stored = Json<PriceReport>;

    async fn store(
        &self,
        state: &AppState,
        sender: &Sender,
        receipt: &Receipt<'_>,
    ) -> Result<Arrival, ApiError> {
        let price_fen = price_in_fen(&self.price)
            .ok_or_else(|| ApiError::BadRequest("价格请填元数，最多两位小数".into()))?;
        let record = NewPriceRecord {
            region: &sender.village,
            product: self.product.trim(),
            grade: self.grade.trim(),
            unit: self.unit.trim(),
            price_fen,
            market: self.market.trim(),
            observed_on: recent_day(
                &self.observed_on,
                china_today(),
                REPORT_MAX_AGE_DAYS as u64,
                "价格",
            )?,
            photos: &self.photos,
            reporter_id: sender.user_id,
            at: Utc::now(),
        };
        Ok(state.store.report_price(&record, receipt).await?)
    }

    async fn stored(
        state: &AppState,
        id: i64,
        _sender: &Sender,
    ) -> Result<Json<PriceReport>, ApiError> {
        Ok(Json(stored::<PriceReports>(state, id).await?.0))
    }
}

/// Price reports as reviewers decide on them.
pub struct PriceReports;

impl Reviewed for PriceReports {
    type Page = PriceReportPage;
    const NAME: &'static str = "价格";
}
