use leptos::prelude::*;
use leptos_router::components::A;
use yinong_model::account::Role;

use crate::account::use_session;
use crate::i18n::{use_i18n, TextOf};

/// Which signed-in roles see a tab; `None`: everyone.
type ShownTo = Option<fn(Role) -> bool>;

/// Tabs with their route and an icon path (24×24 viewBox); the router marks the current
/// one with `aria-current="page"`.
const TABS: [(&str, TextOf, &str, ShownTo); 5] = [
    ("/", |t| t.tab_home, "M3 11l9-8 9 8v10h-6v-6H9v6H3z", None),
    (
        "/services",
        |t| t.tab_services,
        "M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z",
        None,
    ),
    (
        "/workbench",
        |t| t.tab_workbench,
        "M4 7h16v12H4zM9 7V4h6v3M4 12h16",
        Some(Role::uses_workbench),
    ),
    (
        "/dashboard",
        |t| t.tab_dashboard,
        "M4 20V10h4v10zM10 20V4h4v16zM16 20v-7h4v7z",
        Some(Role::uses_dashboard),
    ),
    (
        "/me",
        |t| t.tab_me,
        "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21c0-4 4-6 8-6s8 2 8 6",
        None,
    ),
];

#[component]
pub fn TabBar() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let role = move || session.me.get().map(|me| me.role);
    view! {
        <nav class="tab-bar">
            {move || {
                TABS.into_iter()
                    .filter(|(_, _, _, shown_to)| shown_to.is_none_or(|shown| role().is_some_and(shown)))
                    .map(|(href, label, icon, _)| {
                        view! {
                            <A href=href exact=true attr:class="tab">
                                <svg viewBox="0 0 24 24" aria-hidden="true"><path d=icon/></svg>
                                <span>{move || label(i18n.t())}</span>
                            </A>
                        }
                    })
                    .collect_view()
            }}
        </nav>
    }
}
