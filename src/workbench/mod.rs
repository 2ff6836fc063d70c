//! The village informant's workbench: for now the farmers' 代办 and 代购 requests to
//! their station; capture and sync come next.

use leptos::prelude::*;

use crate::account::use_session;
use crate::i18n::use_i18n;
use crate::requests::RequestQueue;

#[component]
pub fn Workbench() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let serves = move || session.me.get().is_some_and(|me| me.role.serves_requests());
    view! {
        <section class="workbench">
            <h1 class="section-title">{move || i18n.staff().workbench_title}</h1>
            <p class="note">{move || i18n.staff().workbench_body}</p>
            {move || serves().then(|| view! { <RequestQueue/> })}
        </section>
    }
}
