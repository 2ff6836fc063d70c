//! The frame every page sits in, and the states every page that loads data goes through.

mod choices;
mod read_aloud;
mod region_picker;
mod sending;
mod tab_bar;

use crate::answer::Answer;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;
use yinong_model::entry::EntryPoint;
use yinong_model::expert::HOTLINE;

use crate::api::{self, ApiFailure};
use crate::context::use_entry;
use crate::i18n::{use_i18n, Lang, PortalTextOf, StaffTextOf};

pub use choices::{ChoiceButtons, ChoiceLabel, RadioChoices, ReasonForm};
pub use read_aloud::ReadAloud;
pub use region_picker::RegionPicker;
pub use sending::Sending;
pub use tab_bar::{Tab, TabBar, PORTAL_TABS, STAFF_TABS};

#[component]
pub fn Shell(tabs: &'static [Tab], children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="top-bar">
            <div class="brand">
                <span class="brand-name">{move || i18n.t().app_name}</span>
                <span class="brand-tagline">{move || i18n.t().tagline}</span>
            </div>
            <div class="header-actions">
                <LargeTextSwitch/>
                <button class="lang-switch" on:click=move |_| i18n.toggle()>
                    {move || i18n.t().switch_language}
                </button>
            </div>
        </header>
        <DemoBanner/>
        <main class="page">
            <KeptNote/>
            {children()}
        </main>
        <TabBar tabs/>
    }
}

const LARGE_TEXT_KEY: &str = "yinong.large-text";

/// 适老化: larger type on every page, remembered on the phone. The class on `<html>`
/// scales every rem-based size.
#[component]
fn LargeTextSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let storage = crate::local_storage();
    let stored = storage
        .as_ref()
        .and_then(|storage| storage.get_item(LARGE_TEXT_KEY).ok().flatten())
        .is_some();
    let large = RwSignal::new(stored);
    let apply = move |on: bool| {
        if let Some(root) = document().document_element() {
            root.set_class_name(if on { "large-text" } else { "" });
        }
    };
    apply(stored);
    let toggle = move |_| {
        let on = !large.get_untracked();
        large.set(on);
        apply(on);
        if let Some(storage) = &storage {
            let _ = if on {
                storage.set_item(LARGE_TEXT_KEY, "1")
            } else {
                storage.remove_item(LARGE_TEXT_KEY)
            };
        }
    };
    view! {
        <button class="text-size-switch" aria-pressed=move || large.get().to_string() on:click=toggle>
            {move || i18n.t().large_text}
        </button>
    }
}

/// Says so when what the page shows is the phone's kept copy, fetched earlier, because
/// there is no network ("离线：显示 12月3日 18:02 的内容"); a new page, or an answer from the
/// network, ends it.
#[component]
fn KeptNote() -> impl IntoView {
    let i18n = use_i18n();
    let kept = api::kept_since();
    let location = use_location();
    Effect::watch(
        move || (location.pathname.get(), location.search.get()),
        move |_, _, _| kept.set(None),
        false,
    );
    move || {
        kept.get().map(|fetched| {
            // The browser's own words for a date: "12月5日 18:02", "December 5 at 18:02".
            let when = js_sys::Date::new(&(fetched as f64).into()).to_locale_string(
                i18n.lang().code(),
                &js_sys::JSON::parse(
                    r#"{"month":"long","day":"numeric","hour":"2-digit","minute":"2-digit","hourCycle":"h23"}"#,
                )
                .unwrap_or_default(),
            );
            view! {
                <p class="offline-note" role="status">
                    {i18n.t().kept_copy_before}{String::from(when)}{i18n.t().kept_copy_after}
                </p>
            }
        })
    }
}

/// Says so on every page when the database holds generated demo records.
#[component]
fn DemoBanner() -> impl IntoView {
    let i18n = use_i18n();
    let health = Answer::new(api::health);
    move || {
        let demo = matches!(health.get(), Some(Ok(health)) if health.demo_data);
        demo.then(
            || view! { <p class="demo-banner" role="note">{move || i18n.t().demo_banner}</p> },
        )
    }
}

/// Shows what a resource holds once it has loaded, a loading state before, and an error
/// with a retry button when the call failed.
pub fn loaded<T, V>(
    resource: Answer<T>,
    render: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    move || match resource.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Ok(value)) => render(value).into_any(),
        Some(Err(failure)) => {
            view! { <LoadError failure on_retry=move || resource.refetch()/> }.into_any()
        }
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="loading" role="status" aria-busy="true">
            <div class="skeleton"></div>
            <div class="skeleton"></div>
            <span class="loading-text">{move || i18n.t().loading}</span>
        </div>
    }
}

#[component]
pub fn LoadError(failure: ApiFailure, #[prop(into)] on_retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let explanation = move || {
        let t = i18n.t();
        match &failure {
            ApiFailure::Network => t.network_failed.to_owned(),
            ApiFailure::Server {
                message: Some(message),
                ..
            } if i18n.lang() == Lang::Zh => message.clone(),
            ApiFailure::Server { .. } => t.server_failed.to_owned(),
        }
    };
    view! {
        <div class="load-error" role="alert">
            <p class="load-error-title">{move || i18n.t().load_failed}</p>
            <p class="load-error-detail">{explanation}</p>
            <button class="button" on:click=move |_| on_retry.run(())>{move || i18n.t().retry}</button>
        </div>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="not-found">
            <h1>{move || i18n.t().not_found_title}</h1>
            <p>{move || i18n.t().not_found_body}</p>
            <Link href=use_entry().home() class="button">{move || i18n.t().back_home}</Link>
        </section>
    }
}

/// A link inside this entry point navigates in place; a link into another entry point loads
/// that one in full (the router would otherwise look for the page in this bundle).
#[component]
pub fn Link(
    #[prop(into)] href: String,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView {
    if EntryPoint::of(&href) == use_entry() {
        view! { <A href=href exact=true attr:class=class>{children()}</A> }.into_any()
    } else {
        view! { <a href=href class=class rel="external">{children()}</a> }.into_any()
    }
}

/// Previous and next buttons under a list paged on the server, when it has more than one
/// page; `page` is the page to load.
#[component]
pub fn Pager(page: RwSignal<i64>, current: i64, total: i64, per_page: i64) -> impl IntoView {
    let i18n = use_i18n();
    let pages = (total + per_page - 1) / per_page;
    (pages > 1).then(|| {
        view! {
            <nav class="pager">
                <button type="button" class="button secondary" disabled=current == 0
                    on:click=move |_| page.set(current - 1)>{move || i18n.portal().previous_page}</button>
                <span>{current + 1}" / "{pages}</span>
                <button type="button" class="button secondary" disabled=current + 1 >= pages
                    on:click=move |_| page.set(current + 1)>{move || i18n.portal().next_page}</button>
            </nav>
        }
    })
}

/// A route parameter read as a number (0 when missing or not a number: the server then
/// answers "not found", which the page shows).
pub fn number_param<T: std::str::FromStr + Default>(name: &'static str) -> impl Fn() -> T + Copy {
    let params = leptos_router::hooks::use_params_map();
    move || {
        params
            .read()
            .get(name)
            .and_then(|value| value.parse().ok())
            .unwrap_or_default()
    }
}

/// A labelled input of a portal form, bound to `value`.
pub fn labelled_input(
    label: PortalTextOf,
    name: &'static str,
    value: RwSignal<String>,
    input_type: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label>
            {move || label(i18n.portal())}
            <input type=input_type name=name prop:value=value on:input=move |e| value.set(event_target_value(&e))/>
        </label>
    }
}

/// A table's header row of staff words, one column each.
pub fn header_row(columns: &'static [StaffTextOf]) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <tr>{columns.iter().map(|column| view! { <th>{move || column(i18n.staff())}</th> }).collect_view()}</tr>
    }
}

/// The 12316 hotline, one tap to call from the phone (an informant's station phone too).
#[component]
pub fn HotlineCall() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="hotline">
            <a class="button hotline-call" href=format!("tel:{HOTLINE}")>
                <span aria-hidden="true">"☎"</span>{move || i18n.portal().call_hotline}
            </a>
            <span class="note">{move || i18n.portal().hotline_note}</span>
        </p>
    }
}
