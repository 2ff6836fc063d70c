use crate::answer::Answer;
use leptos::prelude::*;
use yinong_model::service::{ServiceKind, ServiceType};

use super::service_mark;
use crate::api;
use crate::i18n::{use_i18n, PortalTextOf};
use crate::shell::{loaded, HotlineCall, Link};

#[component]
pub fn Services() -> impl IntoView {
    let i18n = use_i18n();
    let services = Answer::new(api::services);
    view! {
        <section class="services">
            <h1 class="section-title">{move || i18n.t().services_title}</h1>
            {loaded(services, |services: Vec<ServiceType>| {
                services.into_iter().map(|service| view! { <ServiceSection service/> }).collect_view()
            })}
        </section>
    }
}

#[component]
fn ServiceSection(service: ServiceType) -> impl IntoView {
    let i18n = use_i18n();
    let (mark, mark_class) = service_mark(service.kind);
    let ServiceType {
        kind,
        name_zh,
        name_en,
        items,
        ..
    } = service;
    view! {
        <section class="service-section" id=kind.code()>
            <h2>
                <span class=mark_class aria-hidden="true">{mark}</span>
                {move || i18n.lang().pick(&name_zh, &name_en).to_owned()}
            </h2>
            <ul class="service-items">
                {items
                    .into_iter()
                    .map(|item| {
                        view! {
                            <li>{move || i18n.lang().pick(&item.name_zh, &item.name_en).to_owned()}</li>
                        }
                    })
                    .collect_view()}
            </ul>
            {(kind == ServiceKind::PublicWelfare).then(|| view! { <HotlineCall/> })}
            <p class="service-pages">
                {service_pages(kind).iter().map(|(href, label)| view! {
                    <Link href=*href class="button secondary">{move || label(i18n.portal())}</Link>
                }).collect_view()}
            </p>
        </section>
    }
}

/// Where each kind of service is used in the portal.
fn service_pages(kind: ServiceKind) -> &'static [(&'static str, PortalTextOf)] {
    match kind {
        ServiceKind::PublicWelfare => &[
            ("/questions", |t| t.questions_title),
            ("/prices", |t| t.prices_title),
            ("/notices", |t| t.see_notices),
        ],
        ServiceKind::Convenience => &[
            ("/requests", |t| t.ask_station),
            ("/jobs", |t| t.jobs_title),
        ],
        ServiceKind::ECommerce => &[
            ("/listings", |t| t.listings_title),
            ("/requests", |t| t.ask_station),
        ],
        ServiceKind::Training => &[("/training", |t| t.go_learn)],
    }
}
