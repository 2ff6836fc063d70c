//! My village's 益农信息社 and the nearest others: who to call, when it is open, how far.

use crate::answer::Answer;
use leptos::prelude::*;
use leptos::task::spawn_local;
use yinong_model::portal::{PublicStation, VillageHome};
use yinong_model::price::{yuan, PriceHeadline};
use yinong_model::region::RegionCode;

use crate::api;
use crate::bulletins::Headline;
use crate::i18n::{use_i18n, Lang};
use crate::portal::village::{my_village, remember_village};
use crate::shell::{loaded, Link};

/// A product's latest price on the home page: price, change, market.
#[component]
fn PriceLine(price: PriceHeadline) -> impl IntoView {
    let i18n = use_i18n();
    let PriceHeadline {
        product,
        unit,
        market,
        price_fen,
        change,
    } = price;
    let (class, mark) = match change {
        Some(fen) if fen > 0 => ("price-change up", format!("▲{}", yuan(fen))),
        Some(fen) if fen < 0 => ("price-change down", format!("▼{}", yuan(-fen))),
        _ => ("price-change", String::new()),
    };
    view! {
        <p class="price-line home-price">
            <span class="bulletin-title">{product}</span>
            <span class="price-now">{yuan(price_fen)}" "{move || i18n.t().yuan_per}{unit.clone()}</span>
            <span class=class>{mark}</span>
            <span class="bulletin-meta">{market}</span>
        </p>
    }
}

#[component]
pub fn MyStations(village: RegionCode) -> impl IntoView {
    let i18n = use_i18n();
    let position = RwSignal::new(None::<(f64, f64)>);
    let locating = RwSignal::new(false);
    let location_failed = RwSignal::new(false);
    let home = Answer::new(move || {
        let village = village.clone();
        let position = position.get();
        async move { api::village_home(&village, position).await }
    });
    let locate = move |_| {
        locating.set(true);
        location_failed.set(false);
        spawn_local(async move {
            match current_position().await {
                Some(found) => position.set(Some(found)),
                None => location_failed.set(true),
            }
            locating.set(false);
        });
    };
    view! {
        {loaded(home, move |home: VillageHome| {
            let t = i18n.t();
            let VillageHome { village, place, stations, nearby, warnings, notices, prices, merged_from } = home;
            // A village merged away (撤并) is its successor now, on this phone too.
            let merged = merged_from.map(|old| {
                if my_village().as_ref() == Some(&old.code) {
                    remember_village(&village.code);
                }
                view! { <p class="note village-merged">{old.name}{t.village_merged}{village.name.clone()}</p> }
            });
            let warnings = (!warnings.is_empty()).then(|| view! {
                <ul class="warnings bulletin-list">
                    {warnings.into_iter().map(|headline| view! { <li><Headline headline/></li> }).collect_view()}
                </ul>
            });
            let none_here = stations.is_empty().then(|| view! { <p class="hint">{t.no_station_here}</p> });
            let ask = (!stations.is_empty()).then(|| view! { <Link href="/requests/new" class="button">{move || i18n.t().ask_station}</Link> });
            view! {
                {warnings}
                {merged}
                <header class="my-village">
                    <div>
                        <h1 class="section-title">{village.name}</h1>
                        <p class="village-place">{place}</p>
                    </div>
                    <Link href="/village" class="link-button">{move || i18n.t().change_village}</Link>
                </header>
                <Link href=format!("/villages/{}", village.code) class="more-link village-page-link">{move || i18n.t().village_page}</Link>
                <section class="my-stations" aria-label=t.my_station>
                    {stations.into_iter().map(|station| view! { <StationCard station/> }).collect_view()}
                    {none_here}
                    {ask}
                </section>
                <section class="village-notices">
                    <h2>{move || i18n.t().notices_title}</h2>
                    <ul class="bulletin-list">
                        {notices.into_iter().map(|headline| view! { <li><Headline headline/></li> }).collect_view()}
                    </ul>
                    <Link href="/notices" class="more-link">{move || i18n.t().all_notices}</Link>
                </section>
                {(!prices.is_empty()).then(|| view! {
                    <section class="home-prices">
                        <h2>{move || i18n.t().county_prices}</h2>
                        <ul class="bulletin-list">
                            {prices.into_iter().map(|price| view! { <li><PriceLine price/></li> }).collect_view()}
                        </ul>
                        <Link href="/prices" class="more-link">{move || i18n.t().all_prices}</Link>
                    </section>
                })}
                <section class="nearby-stations">
                    <h2>{move || i18n.t().nearby_stations}</h2>
                    <ul>
                        {nearby.into_iter().map(|station| view! { <li><StationCard station/></li> }).collect_view()}
                    </ul>
                </section>
            }
        })}
        <button type="button" class="button secondary" on:click=locate disabled=locating>
            {move || i18n.t().use_my_location}
        </button>
        {move || location_failed.get().then(|| view! { <p class="form-error" role="alert">{i18n.t().location_failed}</p> })}
    }
}

#[component]
fn StationCard(station: PublicStation) -> impl IntoView {
    let i18n = use_i18n();
    let PublicStation {
        code,
        name,
        station_type,
        address,
        opening_hours,
        compliant,
        contacts,
        distance_m,
        ..
    } = station;
    let complain_about = code.clone();
    view! {
        <article class="station-card">
            <h3>{name}</h3>
            <p class="station-tags">
                <span class="tag">{move || i18n.lang().pick(station_type.name_zh(), station_type.name_en()).to_owned()}</span>
                {compliant.then(|| view! { <span class="tag tag-ok">{move || i18n.t().six_have_badge}</span> })}
                {distance_m.map(|metres| view! { <span class="distance">{move || distance(metres, i18n.lang())}</span> })}
            </p>
            <dl class="station-facts">
                <dt>{move || i18n.t().station_number}</dt><dd>{code}</dd>
                <dt>{move || i18n.t().address}</dt><dd>{address}</dd>
                <dt>{move || i18n.t().opening_hours}</dt><dd>{opening_hours}</dd>
            </dl>
            <p class="contacts">
                {contacts.into_iter().map(|contact| {
                    let href = format!("tel:{}", contact.phone);
                    view! {
                        <a class="button call" href=href>{move || i18n.t().call}" "{contact.name.clone()}</a>
                    }
                }).collect_view()}
            </p>
            <Link href=format!("/complaints/{complain_about}") class="link-button complain">{move || i18n.t().complain}</Link>
        </article>
    }
}

/// A distance as farmers read it: metres when near, kilometres (one decimal below 10).
/// Integer arithmetic only: float formatting would add kilobytes to the farmer's load.
fn distance(metres: u32, lang: Lang) -> String {
    let t = lang.texts();
    match metres {
        0..=999 => format!("{} {}", (metres + 5) / 10 * 10, t.metres),
        1_000..=9_999 => {
            let tenths = (metres + 50) / 100;
            format!("{}.{} {}", tenths / 10, tenths % 10, t.kilometres)
        }
        _ => format!("{} {}", (metres + 500) / 1_000, t.kilometres),
    }
}

/// Where the phone is, once the farmer allows it; `None` when refused or unavailable.
pub async fn current_position() -> Option<(f64, f64)> {
    let geolocation = window().navigator().geolocation().ok()?;
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        if geolocation
            .get_current_position_with_error_callback(&resolve, Some(&reject))
            .is_err()
        {
            let _ = reject.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let position = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    let coords = js_sys::Reflect::get(&position, &"coords".into()).ok()?;
    let number = |name: &str| js_sys::Reflect::get(&coords, &name.into()).ok()?.as_f64();
    Some((number("latitude")?, number("longitude")?))
}
