use leptos::prelude::*;
use leptos_router::components::A;
use yinong_model::service::ServiceType;

use super::service_mark;
use crate::api;
use crate::i18n::use_i18n;
use crate::shell::loaded;

#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let services = LocalResource::new(api::services);
    view! {
        <section class="home">
            <h1 class="section-title">{move || i18n.t().home_services}</h1>
            {loaded(services, move |services: Vec<ServiceType>| {
                view! {
                    <ul class="service-grid">
                        {services.into_iter().map(|service| view! { <ServiceCard service/> }).collect_view()}
                    </ul>
                    <A href="/services" attr:class="more-link">{move || i18n.t().home_more}</A>
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
            <a href=href>
                <span class=mark_class aria-hidden="true">{mark}</span>
                <span class="service-name">
                    {move || i18n.lang().pick(&service.name_zh, &service.name_en).to_owned()}
                </span>
                <span class="service-summary">
                    {move || i18n.lang().pick(&service.summary_zh, &service.summary_en).to_owned()}
                </span>
            </a>
        </li>
    }
}
