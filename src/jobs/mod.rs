//! 招聘用工 (portal): the board near my village — my township, my county or the whole
//! country — by kind and by the day of the work (`/jobs`), and posting work offered or
//! my availability (`/jobs/new`).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use yinong_model::jobs::{job_post_problem, JobKind, JobPage, JobPost, NewJobPost};

use crate::account::SignInFirst;
use crate::api;
use crate::i18n::{use_i18n, I18n};
use crate::portal::{
    default_scope, my_village, nearby_scopes, place_label, post_places, ScopeButtons,
};
use crate::shell::{labelled_input, loaded, ChoiceButtons, Link, Pager, RadioChoices};

const KINDS: [Option<JobKind>; 3] = [None, Some(JobKind::Hiring), Some(JobKind::Available)];

fn kind_label(kind: Option<JobKind>, i18n: I18n) -> &'static str {
    match kind {
        None => i18n.portal().all_kinds,
        Some(kind) => i18n.lang().pick(kind.name_zh(), kind.name_en()),
    }
}

#[component]
pub fn JobBoard() -> impl IntoView {
    let i18n = use_i18n();
    let village = my_village();
    let scopes = nearby_scopes(village.as_ref());
    let within = RwSignal::new(default_scope(&scopes));
    let kind = RwSignal::new(None::<JobKind>);
    let on = RwSignal::new(String::new());
    let page = RwSignal::new(0);
    let board = LocalResource::new(move || {
        let (within, kind, on, page) = (within.get(), kind.get(), on.get(), page.get());
        async move {
            api::jobs(
                within.as_ref(),
                kind,
                (!on.is_empty()).then_some(on.as_str()),
                page,
            )
            .await
        }
    });
    let changed = Callback::new(move |()| board.refetch());
    view! {
        <section class="jobs">
            <h1 class="section-title">{move || i18n.portal().jobs_title}</h1>
            <Link href="/jobs/new" class="button">{move || i18n.portal().post_job}</Link>
            <ScopeButtons scopes within page/>
            <ChoiceButtons choices=KINDS.to_vec() chosen=kind page label=kind_label/>
            <div class="form job-day">
                <label>
                    {move || i18n.portal().work_on}
                    <input type="date" name="on" prop:value=on on:change=move |e| { on.set(event_target_value(&e)); page.set(0); }/>
                </label>
            </div>
            {loaded(board, move |shown: JobPage| {
                let JobPage { posts, total, page: current, per_page } = shown;
                if posts.is_empty() {
                    return view! { <p class="note">{move || i18n.portal().no_jobs}</p> }.into_any();
                }
                view! {
                    <ul class="job-list">
                        {posts.into_iter().map(|post| view! { <li><JobCard post changed/></li> }).collect_view()}
                    </ul>
                    <Pager page current total per_page/>
                }.into_any()
            })}
        </section>
    }
}

#[component]
fn JobCard(post: JobPost, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    let JobPost {
        id,
        kind,
        title,
        description,
        place,
        starts_on,
        ends_on,
        pay,
        headcount,
        contact_name,
        contact_phone,
        mine,
        ..
    } = post;
    let days = move || {
        if starts_on == ends_on {
            starts_on.clone()
        } else {
            format!("{starts_on} {} {ends_on}", i18n.portal().date_to)
        }
    };
    let take_down = move |_| {
        spawn_local(async move {
            match api::withdraw_job(id).await {
                Ok(()) => changed.run(()),
                Err(failure) => error.set(Some(failure.message_zh())),
            }
        });
    };
    view! {
        <article class="job-card">
            <header class="request-head">
                <h2 class="request-item">{title}</h2>
                <span class=if kind == JobKind::Hiring { "tag tag-ok" } else { "tag" }>
                    {move || i18n.lang().pick(kind.name_zh(), kind.name_en()).to_owned()}
                </span>
            </header>
            <p class="job-facts">
                <span>{place}</span>
                <span>{days}</span>
                <span class="job-pay">{pay}</span>
                {headcount.map(|n| view! { <span>{n}" "{move || i18n.portal().people}</span> })}
            </p>
            {(!description.is_empty()).then(|| view! { <p class="request-details">{description}</p> })}
            <p class="request-farmer">
                <span>{contact_name}</span>
                <a class="button secondary call" href=format!("tel:{contact_phone}")>{move || i18n.t().call}</a>
            </p>
            {mine.then(|| view! {
                <button type="button" class="button secondary" on:click=take_down>{move || i18n.portal().take_down}</button>
            })}
            {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
        </article>
    }
}

/// `/jobs/new`.
#[component]
pub fn JobForm() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="jobs">
            <h1 class="section-title">{move || i18n.portal().post_job}</h1>
            <SignInFirst signed_in=|| view! { <JobFields/> }/>
        </section>
    }
}

#[component]
fn JobFields() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let (village, township) = match post_places() {
        Ok(places) => places,
        Err(prompt) => return prompt,
    };
    let kind = RwSignal::new(JobKind::Hiring);
    let in_village = RwSignal::new(true);
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let starts_on = RwSignal::new(String::new());
    let ends_on = RwSignal::new(String::new());
    let pay = RwSignal::new(String::new());
    let headcount = RwSignal::new(String::new());
    let contact_name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let ends = ends_on.get_untracked();
        let post = NewJobPost {
            kind: kind.get_untracked(),
            region_code: if in_village.get_untracked() {
                village.clone()
            } else {
                township.clone()
            },
            title: title.get_untracked(),
            description: description.get_untracked(),
            starts_on: starts_on.get_untracked(),
            ends_on: (!ends.is_empty()).then_some(ends),
            pay: pay.get_untracked(),
            headcount: headcount.get_untracked().trim().parse().ok(),
            contact_name: contact_name.get_untracked(),
            contact_phone: None,
        };
        if let Some(problem) = job_post_problem(&post) {
            error.set(Some(problem));
            return;
        }
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            // On failure everything typed stays in the form.
            match api::post_job(&post).await {
                Ok(()) => navigate("/jobs", Default::default()),
                Err(failure) => error.set(Some(failure.message_zh())),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="form job-form" on:submit=submit>
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
            {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <button type="submit" class="button" disabled=busy>{move || i18n.portal().post_job}</button>
        </form>
    }
    .into_any()
}
