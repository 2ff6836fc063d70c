//! `/jobs/new`: a signed-in account posts work offered or that it is free to work; the
//! form keeps everything when sending fails. The fields are [`JobInputs`], which the
//! informant's 代发 form (`for_farmer.rs`) shares.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use yinong_model::jobs::{job_post_problem, JobKind, NewJobPost};
use yinong_model::region::RegionCode;

use crate::account::SignedInForm;
use crate::api;
use crate::i18n::use_i18n;
use crate::portal::{place_label, post_places};
use crate::shell::{labelled_input, RadioChoices, Sending};

/// What a post is typed in: kind, village or township, title, description, days, pay,
/// how many people, and whom to ask for.
#[derive(Clone, Copy)]
pub(super) struct JobInputs {
    kind: RwSignal<JobKind>,
    in_village: RwSignal<bool>,
    title: RwSignal<String>,
    description: RwSignal<String>,
    starts_on: RwSignal<String>,
    ends_on: RwSignal<String>,
    pay: RwSignal<String>,
    headcount: RwSignal<String>,
    contact_name: RwSignal<String>,
}

impl JobInputs {
    pub fn empty() -> Self {
        Self {
            kind: RwSignal::new(JobKind::Hiring),
            in_village: RwSignal::new(true),
            title: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            starts_on: RwSignal::new(String::new()),
            ends_on: RwSignal::new(String::new()),
            pay: RwSignal::new(String::new()),
            headcount: RwSignal::new(String::new()),
            contact_name: RwSignal::new(String::new()),
        }
    }

    /// The post as typed, in `village` or its township as chosen (read tracked: a draft
    /// kept as it is typed).
    pub fn typed(self, village: &RegionCode, contact_phone: Option<String>) -> NewJobPost {
        let ends = self.ends_on.get();
        NewJobPost {
            kind: self.kind.get(),
            region_code: if self.in_village.get() {
                village.clone()
            } else {
                village.parent().unwrap_or_else(|| village.clone())
            },
            title: self.title.get(),
            description: self.description.get(),
            starts_on: self.starts_on.get(),
            ends_on: (!ends.is_empty()).then_some(ends),
            pay: self.pay.get(),
            headcount: self.headcount.get().trim().parse().ok(),
            contact_name: self.contact_name.get(),
            contact_phone,
        }
    }

    /// Puts a post (a kept draft) in the fields.
    pub fn fill(self, post: NewJobPost) {
        self.kind.set(post.kind);
        self.in_village
            .set(post.region_code.level() == yinong_model::region::RegionLevel::Village);
        self.title.set(post.title);
        self.description.set(post.description);
        self.starts_on.set(post.starts_on);
        self.ends_on.set(post.ends_on.unwrap_or_default());
        self.pay.set(post.pay);
        self.headcount
            .set(post.headcount.map(|n| n.to_string()).unwrap_or_default());
        self.contact_name.set(post.contact_name);
    }

    /// Empties the fields for the next post.
    pub fn clear(self) {
        self.kind.set(JobKind::Hiring);
        self.in_village.set(true);
        for text in [
            self.title,
            self.description,
            self.starts_on,
            self.ends_on,
            self.pay,
            self.headcount,
            self.contact_name,
        ] {
            text.set(String::new());
        }
    }

    pub fn view(self) -> impl IntoView {
        let i18n = use_i18n();
        let Self {
            kind,
            in_village,
            title,
            description,
            starts_on,
            ends_on,
            pay,
            headcount,
            contact_name,
        } = self;
        view! {
            <RadioChoices legend=|t| t.job_kind name="kind" choices=JobKind::ALL.to_vec() chosen=kind
                label=|kind, i18n| i18n.lang().pick(kind.name_zh(), kind.name_en())/>
            <RadioChoices legend=|t| t.post_place name="place" choices=vec![true, false] chosen=in_village label=place_label/>
            {labelled_input(|t| t.job_title, "title", title, "text")}
            <label>
                {move || i18n.portal().job_description}
                <textarea name="description" rows="3" maxlength="1000"
                    prop:value=description on:input=move |e| description.set(event_target_value(&e))></textarea>
            </label>
            {labelled_input(|t| t.starts_on, "starts_on", starts_on, "date")}
            {labelled_input(|t| t.ends_on, "ends_on", ends_on, "date")}
            {labelled_input(|t| t.pay, "pay", pay, "text")}
            {labelled_input(|t| t.headcount, "headcount", headcount, "number")}
            {labelled_input(|t| t.contact_name, "contact_name", contact_name, "text")}
        }
    }
}

/// `/jobs/new`.
#[component]
pub fn JobForm() -> impl IntoView {
    view! { <SignedInForm class="jobs" title=|t| t.post_job form=|| view! { <JobFields/> }/> }
}

#[component]
fn JobFields() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let village = match post_places() {
        Ok((village, _)) => village,
        Err(prompt) => return prompt,
    };
    let inputs = JobInputs::empty();
    let sending = Sending::new();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let post = untrack(|| inputs.typed(&village, None));
        let navigate = navigate.clone();
        let key = sending.key_for(&post);
        sending.send(
            job_post_problem(&post),
            async move { api::post_job(&post, &key).await },
            move |()| navigate("/jobs", Default::default()),
        );
    };
    view! {
        <form class="form job-form" on:submit=submit>
            {inputs.view()}
            {sending.message()}
            <button type="submit" class="button" disabled=sending.busy>{move || i18n.portal().post_job}</button>
        </form>
    }
    .into_any()
}
