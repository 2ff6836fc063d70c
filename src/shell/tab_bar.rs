use leptos::prelude::*;
use yinong_model::account::Role;

use super::Link;
use crate::context::use_session;
use crate::i18n::{use_i18n, TextOf};

/// A bottom-bar tab: its route, label, icon path (24×24 viewBox) and which signed-in roles
/// see it (`None`: everyone). The router marks the current one with `aria-current="page"`.
pub struct Tab {
    href: &'static str,
    label: TextOf,
    icon: &'static str,
    shown_to: Option<fn(Role) -> bool>,
}

const HOME_ICON: &str = "M3 11l9-8 9 8v10h-6v-6H9v6H3z";
const WORKBENCH_ICON: &str = "M4 7h16v12H4zM9 7V4h6v3M4 12h16";
const ME: TextOf = |t| t.tab_me;
const ME_ICON: &str = "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21c0-4 4-6 8-6s8 2 8 6";

pub const PORTAL_TABS: [Tab; 4] = [
    Tab {
        href: "/",
        label: |t| t.tab_home,
        icon: HOME_ICON,
        shown_to: None,
    },
    Tab {
        href: "/services",
        label: |t| t.tab_services,
        icon: "M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z",
        shown_to: None,
    },
    Tab {
        href: "/staff",
        label: |t| t.tab_workbench,
        icon: WORKBENCH_ICON,
        shown_to: Some(Role::is_staff),
    },
    Tab {
        href: "/me",
        label: ME,
        icon: ME_ICON,
        shown_to: None,
    },
];

pub const STAFF_TABS: [Tab; 4] = [
    Tab {
        href: "/staff",
        label: |t| t.tab_workbench,
        icon: WORKBENCH_ICON,
        shown_to: Some(Role::uses_workbench),
    },
    Tab {
        href: "/staff/dashboard",
        label: |t| t.tab_dashboard,
        icon: "M4 20V10h4v10zM10 20V4h4v16zM16 20v-7h4v7z",
        shown_to: Some(Role::uses_dashboard),
    },
    Tab {
        href: "/staff/me",
        label: ME,
        icon: ME_ICON,
        shown_to: None,
    },
    Tab {
        href: "/",
        label: |t| t.tab_portal,
        icon: HOME_ICON,
        shown_to: None,
    },
];

#[component]
pub fn TabBar(tabs: &'static [Tab]) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let role = move || session.me.get().map(|me| me.role);
    view! {
        <nav class="tab-bar">
            {move || {
                tabs.iter()
                    .filter(|tab| tab.shown_to.is_none_or(|shown| role().is_some_and(shown)))
                    .map(|tab| {
                        let label = tab.label;
                        view! {
                            <Link href=tab.href class="tab">
                                <svg viewBox="0 0 24 24" aria-hidden="true"><path d=tab.icon/></svg>
                                <span>{move || label(i18n.t())}</span>
                            </Link>
                        }
                    })
                    .collect_view()
            }}
        </nav>
    }
}
