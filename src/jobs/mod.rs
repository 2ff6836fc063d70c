//! 招聘用工 (portal): the board near my village — my township, my county or the whole
//! country — by kind and by the day of the work (`/jobs`), and posting work offered or
//! my availability (`form.rs`, `/jobs/new`); the informant posts for someone without a
//! smartphone (`for_farmer.rs`, staff).

mod for_farmer;
mod form;

pub use for_farmer::PostJobForFarmer;
pub use form::JobForm;

use crate::answer::Answer;
use leptos::prelude::*;
use leptos::task::spawn_local;
use yinong_model::jobs::{JobKind, JobPage, JobPost};

use crate::api;
use crate::i18n::{use_i18n, I18n};
use crate::portal::{default_scope, my_village, nearby_scopes, ScopeButtons};
use crate::shell::{loaded, ChoiceButtons, Link, Pager};

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
    let board = Answer::new(move || {
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
