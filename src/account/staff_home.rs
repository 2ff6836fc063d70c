use leptos::prelude::*;
use leptos_router::components::Redirect;

use super::use_session;
use crate::shell::Loading;
use crate::workbench::Workbench;

/// `/staff`: sign in first; then those who capture or review land on the workbench and
/// those who only watch go to the dashboard.
#[component]
pub fn StaffHome() -> impl IntoView {
    let session = use_session();
    move || {
        if !session.known.get() {
            return view! { <Loading/> }.into_any();
        }
        match session.me.get().map(|me| me.role) {
            None => view! { <Redirect path="/staff/login"/> }.into_any(),
            Some(role) if role.uses_workbench() => view! { <Workbench/> }.into_any(),
            Some(_) => view! { <Redirect path="/staff/dashboard"/> }.into_any(),
        }
    }
}
