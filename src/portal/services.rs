use leptos::prelude::*;
use yinong_model::service::{ServiceKind, ServiceType};

use super::service_mark;
use crate::api;
use crate::i18n::{use_i18n, I18n};
use crate::shell::{loaded, Link};

#[component]
pub fn Services() -> impl IntoView {
    let i18n = use_i18n();
    let services = LocalResource::new(api::services);
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
            <Link href=service_page(kind) class="button secondary">{move || service_page_label(i18n, kind)}</Link>
        </section>
    }
}

/// Where each kind of service is used in the portal.
fn service_page(kind: ServiceKind) -> &'static str {
    match kind {
        ServiceKind::PublicWelfare => "/notices",
        ServiceKind::Convenience | ServiceKind::ECommerce => "/requests",
        ServiceKind::Training => "/training",
    }
}

fn service_page_label(i18n: I18n, kind: ServiceKind) -> &'static str {
    let t = i18n.portal();
    match kind {
        ServiceKind::PublicWelfare => t.see_notices,
        ServiceKind::Convenience | ServiceKind::ECommerce => t.ask_station,
        ServiceKind::Training => t.go_learn,
    }
}
