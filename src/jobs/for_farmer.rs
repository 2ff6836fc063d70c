//! 代发招工 (`/staff/jobs/for-farmer`): the village's informant posts work offered or
//! sought for someone without a smartphone, with their name and number as the contact;
//! kept on the phone first and sent when there is a network, it shows on the board at
//! once, like any post.

use leptos::prelude::*;
use yinong_model::jobs::NewJobPost;
use yinong_model::region::RegionCode;
use yinong_model::sync::Capture;

use super::form::JobInputs;
use crate::capture::{keep_draft, Keeping, OutboxList};
use crate::context::use_session;
use crate::i18n::use_i18n;

#[component]
pub fn PostJobForFarmer() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let inputs = JobInputs::empty();
    let phone = RwSignal::new(String::new());
    // The informant's own village: posts go there or to its township.
    let village =
        move || -> Option<RegionCode> { session.me.get().and_then(|me| me.region_code()) };
    let typed = move || village().map(|village| inputs.typed(&village, Some(phone.get())));
    keep_draft(Capture::Job, typed, move |draft: Option<NewJobPost>| {
        if let Some(post) = draft {
            phone.set(post.contact_phone.clone().unwrap_or_default());
            inputs.fill(post);
        }
    });
    let keeping = Keeping::with_outbox();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(post) = untrack(typed) else {
            return;
        };
        let summary = format!(
            "{} {} · {} {}",
            post.kind.name_zh(),
            post.title.trim(),
            post.contact_name.trim(),
            post.contact_phone.as_deref().unwrap_or_default().trim()
        );
        keeping.keep(post, summary, move || {
            inputs.clear();
            phone.set(String::new());
        });
    };
    view! {
        <section class="jobs">
            <h1 class="section-title">{move || i18n.staff().job_for_farmer_title}</h1>
            <form class="form job-form" on:submit=submit novalidate>
                <p class="note">{move || i18n.staff().job_for_farmer_note}</p>
                {inputs.view()}
                <label>
                    {move || i18n.staff().job_for_farmer_phone}
                    <input type="tel" name="contact_phone" inputmode="numeric" maxlength="11"
                        prop:value=phone on:input=move |e| phone.set(event_target_value(&e))/>
                </label>
                {keeping.messages()}
                <button type="submit" class="button" disabled=move || keeping.busy.get() || village().is_none()>
                    {move || i18n.portal().post_job}
                </button>
            </form>
            <OutboxList kind=Capture::Job/>
        </section>
    }
}
