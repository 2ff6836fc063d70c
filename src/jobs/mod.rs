//! 招聘用工 (portal): the board near my village — my township, my county or the whole
//! country — by kind and by the day of the work (`/jobs`), and posting work offered or
//! my availability (`/jobs/new`).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use yinong_model::jobs::{job_post_problem, JobKind, JobPage, JobPost, NewJobPost};
use yinong_model::region::RegionCode;

use crate::account::SignInFirst;
use crate::api;
use crate::i18n::{use_i18n, PortalTextOf, PortalTexts};
use crate::portal::my_village;
use crate::shell::{loaded, Link, Pager};

/// The regions the board can show, nearest first: my township, my county, the country.
fn scopes(village: Option<&RegionCode>) -> Vec<(Option<RegionCode>, PortalTextOf)> {
    let mut scopes = Vec::new();
    if let Some(village) = village {
        let township = village.parent();
        let county = township.as_ref().and_then(RegionCode::parent);
        scopes.push((
            township,
            (|t: &PortalTexts| t.scope_township) as PortalTextOf,
        ));
        scopes.push((county, |t: &PortalTexts| t.scope_county));
    }
    scopes.push((None, |t: &PortalTexts| t.scope_country));
    scopes
}

#[component]
pub fn JobBoard() -> impl IntoView {
    let i18n = use_i18n();
    let village = my_village();
    let scopes = scopes(village.as_ref());
    // My county by default: near enough to go to work, wide enough to find some.
    let within = RwSignal::new(
        scopes
            .get(1)
            .or(scopes.first())
            .and_then(|(code, _)| code.clone()),
    );
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
    let kinds = [None, Some(JobKind::Hiring), Some(JobKind::Available)];
    view! {
        <section class="jobs">
            <h1 class="section-title">{move || i18n.portal().jobs_title}</h1>
            <Link href="/jobs/new" class="button">{move || i18n.portal().post_job}</Link>
            <div class="status-filters">
                {scopes.into_iter().map(|(code, label)| {
                    let pressed = code.clone();
                    view! {
                        <button type="button" class="button secondary"
                            aria-pressed=move || (within.get() == pressed).to_string()
                            on:click=move |_| { within.set(code.clone()); page.set(0); }>
                            {move || label(i18n.portal())}
                        </button>
                    }
                }).collect_view()}
            </div>
            <div class="status-filters">
                {kinds.into_iter().map(|shown| view! {
                    <button type="button" class="button secondary"
                        aria-pressed=move || (kind.get() == shown).to_string()
                        on:click=move |_| { kind.set(shown); page.set(0); }>
                        {move || match shown {
                            None => i18n.portal().all_kinds.to_owned(),
                            Some(k) => i18n.lang().pick(k.name_zh(), k.name_en()).to_owned(),
                        }}
                    </button>
                }).collect_view()}
            </div>
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
    let Some(village) = my_village() else {
        return view! {
            <p class="note">{move || i18n.t().choose_village_why}</p>
            <Link href="/village" class="button">{move || i18n.t().choose_village}</Link>
        }
        .into_any();
    };
    let township = village.parent().unwrap_or_else(|| village.clone());
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
    let text_field = move |label: PortalTextOf,
                           name: &'static str,
                           value: RwSignal<String>,
                           kind: &'static str| {
        view! {
            <label>
                {move || label(i18n.portal())}
                <input type=kind name=name prop:value=value on:input=move |e| value.set(event_target_value(&e))/>
            </label>
        }
    };
    view! {
        <form class="form job-form" on:submit=submit>
            <fieldset class="choices">
                <legend>{move || i18n.portal().job_kind}</legend>
                {JobKind::ALL.into_iter().map(|choice| view! {
                    <label class="choice">
                        <input type="radio" name="kind" prop:checked=move || kind.get() == choice
                            on:change=move |_| kind.set(choice)/>
                        {move || i18n.lang().pick(choice.name_zh(), choice.name_en()).to_owned()}
                    </label>
                }).collect_view()}
            </fieldset>
            <fieldset class="choices">
                <legend>{move || i18n.portal().job_place}</legend>
                <label class="choice">
                    <input type="radio" name="place" prop:checked=in_village on:change=move |_| in_village.set(true)/>
                    {move || i18n.portal().my_village_place}
                </label>
                <label class="choice">
                    <input type="radio" name="place" prop:checked=move || !in_village.get() on:change=move |_| in_village.set(false)/>
                    {move || i18n.portal().my_township_place}
                </label>
            </fieldset>
            {text_field(|t| t.job_title, "title", title, "text")}
            <label>
                {move || i18n.portal().job_description}
                <textarea name="description" rows="3" maxlength="1000"
                    prop:value=description on:input=move |e| description.set(event_target_value(&e))></textarea>
            </label>
            {text_field(|t| t.starts_on, "starts_on", starts_on, "date")}
            {text_field(|t| t.ends_on, "ends_on", ends_on, "date")}
            {text_field(|t| t.pay, "pay", pay, "text")}
            {text_field(|t| t.headcount, "headcount", headcount, "number")}
            {text_field(|t| t.contact_name, "contact_name", contact_name, "text")}
            {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <button type="submit" class="button" disabled=busy>{move || i18n.portal().post_job}</button>
        </form>
    }
    .into_any()
}
