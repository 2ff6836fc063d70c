//! The village informant's workbench. Capture and sync arrive with sign-in; until then the
//! tab explains what it is for.

use leptos::prelude::*;

use crate::i18n::use_i18n;

#[component]
pub fn Workbench() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="workbench">
            <h1 class="section-title">{move || i18n.staff().workbench_title}</h1>
            <p class="note">{move || i18n.staff().workbench_body}</p>
        </section>
    }
}
