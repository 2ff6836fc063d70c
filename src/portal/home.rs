use leptos::prelude::*;
use yinong_model::service::ServiceType;

use super::service_mark;
use super::station::MyStations;
use super::village::my_village;
use crate::api;
use crate::i18n::use_i18n;
use crate::shell::{loaded, Link};

#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let services = LocalResource::new(api::services);
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
            {loaded(services, move |services: Vec<ServiceType>| {
                view! {
                    <ul class="service-grid">
                        {services.into_iter().map(|service| view! { <ServiceCard service/> }).collect_view()}
                    </ul>
                    <Link href="/services" class="more-link">{move || i18n.t().home_more}</Link>
                }
            })}
        </section>
    }
}

#[component]
fn ServiceCard(service: ServiceType) -> impl IntoView {
    let i18n = use_i18n();
    let (mark, mark_class) = service_mark(service.kind);
    let href = format!("/services#{}", service.kind.code());
    view! {
        <li class="service-card" data-kind=service.kind.code()>
            <Link href=href>
                <span class=mark_class aria-hidden="true">{mark}</span>
                <span class="service-name">
                    {move || i18n.lang().pick(&service.name_zh, &service.name_en).to_owned()}
                </span>
                <span class="service-summary">
                    {move || i18n.lang().pick(&service.summary_zh, &service.summary_en).to_owned()}
                </span>
            </Link>
        </li>
    }
}
