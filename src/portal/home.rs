use leptos::prelude::*;
use yinong_model::service::ServiceKind;

use super::service_mark;
use super::station::MyStations;
use super::village::my_village;
use crate::i18n::use_i18n;
use crate::shell::Link;

/// The home page: my village's warnings, station and notices (one request), and the four
/// services. The services are known to the app: they show at once, with no request on a
/// weak network (their items are on the services page).
#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {match my_village() {
            Some(village) => view! { <MyStations village/> }.into_any(),
            None => view! {
                <section class="choose-village">
                    <h1 class="section-title">{move || i18n.t().choose_village}</h1>
                    <p class="hint">{move || i18n.t().choose_village_why}</p>
                    <Link href="/village" class="button">{move || i18n.t().choose_village}</Link>
                </section>
            }.into_any(),
        }}
        <section class="home">
            <h1 class="section-title">{move || i18n.t().home_services}</h1>
            <ul class="service-grid">
                {ServiceKind::ALL.into_iter().map(|kind| view! { <ServiceCard kind/> }).collect_view()}
            </ul>
            <Link href="/services" class="more-link">{move || i18n.t().home_more}</Link>
        </section>
    }
}

#[component]
fn ServiceCard(kind: ServiceKind) -> impl IntoView {
    let i18n = use_i18n();
    let (mark, mark_class) = service_mark(kind);
    let href = format!("/services#{}", kind.code());
    view! {
        <li class="service-card" data-kind=kind.code()>
            <Link href=href>
                <span class=mark_class aria-hidden="true">{mark}</span>
                <span class="service-name">{move || i18n.lang().pick(kind.name_zh(), kind.name_en())}</span>
                <span class="service-summary">{move || i18n.lang().pick(kind.summary_zh(), kind.summary_en())}</span>
            </Link>
        </li>
    }
}
