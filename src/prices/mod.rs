//! 市场价格 (portal): the latest price of each product at each market near my village,
//! with its change and a small trend line drawn in SVG (no chart library on a farmer's
//! phone) (`/prices`); the informant's reports and the township's review are `report.rs`
//! (staff).

mod report;

pub use report::{PriceReports, PriceReview};

use crate::answer::Answer;
use leptos::prelude::*;
use yinong_model::price::{trend_polyline, yuan, MarketPrice, MarketPrices};

use crate::api;
use crate::i18n::use_i18n;
use crate::portal::{default_scope, my_village, nearby_scopes, ScopeButtons};
use crate::shell::loaded;

/// The trend line's box, in CSS pixels.
const TREND_WIDTH: f64 = 96.0;
const TREND_HEIGHT: f64 = 32.0;

#[component]
pub fn MarketBoard() -> impl IntoView {
    let i18n = use_i18n();
    let scopes = nearby_scopes(my_village().as_ref());
    let within = RwSignal::new(default_scope(&scopes));
    let product = RwSignal::new(String::new());
    // The scope buttons go back to a first page; the market is one page.
    let page = RwSignal::new(0);
    let prices = Answer::new(move || {
        let (within, product) = (within.get(), product.get());
        async move { api::market_prices(within.as_ref(), &product).await }
    });
    view! {
        <section class="prices">
            <h1 class="section-title">{move || i18n.portal().prices_title}</h1>
            <p class="note">{move || i18n.portal().prices_intro}</p>
            <ScopeButtons scopes within page/>
            <div class="form">
                <label>
                    {move || i18n.portal().product_search}
                    <input type="search" name="product" prop:value=product
                        on:change=move |e| product.set(event_target_value(&e))/>
                </label>
            </div>
            {loaded(prices, move |shown: MarketPrices| {
                if shown.prices.is_empty() {
                    return view! { <p class="note">{move || i18n.portal().no_prices}</p> }.into_any();
                }
                view! {
                    <ul class="listing-list">
                        {shown.prices.into_iter().map(|price| view! { <li><PriceCard price/></li> }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </section>
    }
}

#[component]
fn PriceCard(price: MarketPrice) -> impl IntoView {
    let i18n = use_i18n();
    let change = price.change();
    let latest = price.latest().cloned();
    let points = trend_polyline(&price.trend, TREND_WIDTH, TREND_HEIGHT);
    let MarketPrice {
        product,
        grade,
        unit,
        market,
        place,
        ..
    } = price;
    let name = if grade.is_empty() {
        product
    } else {
        format!("{product}（{grade}）")
    };
    let (change_class, change_text) = match change {
        Some(fen) if fen > 0 => ("price-change up", format!("▲ {}", yuan(fen))),
        Some(fen) if fen < 0 => ("price-change down", format!("▼ {}", yuan(-fen))),
        Some(_) => ("price-change", "—".to_owned()),
        None => ("price-change", String::new()),
    };
    view! {
        <article class="listing-card price-card">
            <div class="listing-body">
                <header class="request-head">
                    <h2 class="request-item">{name}</h2>
                    <svg class="trend" role="img" aria-label=move || i18n.portal().price_trend
                        width=TREND_WIDTH height=TREND_HEIGHT
                        viewBox=format!("-2 -2 {} {}", TREND_WIDTH + 4.0, TREND_HEIGHT + 4.0)>
                        <polyline points=points fill="none" stroke="currentColor" stroke-width="2"
                            stroke-linejoin="round" stroke-linecap="round"/>
                    </svg>
                </header>
                {latest.map(|latest| view! {
                    <p class="price-line">
                        <span class="price-now">{yuan(latest.price_fen)}" "{move || i18n.portal().yuan_per}{unit.clone()}</span>
                        <span class=change_class>{change_text}</span>
                    </p>
                    <p class="job-facts">
                        <span>{market}</span>
                        <span>{latest.on}</span>
                        <span>{place}</span>
                    </p>
                })}
            </div>
        </article>
    }
}
