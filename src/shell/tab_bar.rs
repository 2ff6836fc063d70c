use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{use_i18n, TextOf};

/// Tabs with their route and an icon path (24×24 viewBox); the router marks the current
/// one with `aria-current="page"`.
const TABS: [(&str, TextOf, &str); 4] = [
    ("/", |t| t.tab_home, "M3 11l9-8 9 8v10h-6v-6H9v6H3z"),
    (
        "/services",
        |t| t.tab_services,
        "M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z",
    ),
    (
        "/workbench",
        |t| t.tab_workbench,
        "M4 7h16v12H4zM9 7V4h6v3M4 12h16",
    ),
    (
        "/dashboard",
        |t| t.tab_dashboard,
        "M4 20V10h4v10zM10 20V4h4v16zM16 20v-7h4v7z",
    ),
];

#[component]
pub fn TabBar() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="tab-bar">
            {TABS
                .into_iter()
                .map(|(href, label, icon)| {
                    view! {
                        <A href=href exact=true attr:class="tab">
                            <svg viewBox="0 0 24 24" aria-hidden="true"><path d=icon/></svg>
                            <span>{move || label(i18n.t())}</span>
                        </A>
                    }
                })
                .collect_view()}
        </nav>
    }
}
