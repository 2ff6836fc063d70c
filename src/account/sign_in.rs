use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use yinong_model::account::Me;
use yinong_model::entry::EntryPoint;

use crate::api;
use crate::context::use_session;
use crate::i18n::use_i18n;
use crate::shell::Link;

/// After signing in: remember who, and go on to `next`. Takes what the component captured:
/// hooks cannot be called after an `await`.
fn signed_in(
    session: crate::context::Session,
    navigate: &impl Fn(&str, leptos_router::NavigateOptions),
    me: Me,
    next: &str,
) {
    session.me.set(Some(me));
    navigate(next, Default::default());
}

/// Where a farmer goes after signing in: back to the page that asked (`?next=`), if it is
/// one of this bundle's pages, else 我的.
fn after_sign_in(next: Option<String>) -> String {
    next.filter(|path| {
        path.starts_with('/')
            && !path.starts_with("//")
            && EntryPoint::of(path) == EntryPoint::Portal
    })
    .unwrap_or_else(|| "/me".to_owned())
}

/// Farmers: phone number and a one-time code, with a countdown before another code.
#[component]
pub fn PhoneSignIn() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let wait = RwSignal::new(0u32);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let tick = move || {
        set_interval(
            move || wait.update(|left| *left = left.saturating_sub(1)),
            std::time::Duration::from_secs(1),
        )
    };
    let ask = move |_: leptos::ev::MouseEvent| {
        error.set(None);
        spawn_local(async move {
            match api::request_code(phone.get_untracked().trim()).await {
                Ok(sent) => {
                    wait.set(sent.resend_after_seconds);
                    tick();
                }
                Err(failure) => error.set(Some(failure.message_zh())),
            }
        });
    };
    let navigate_after = navigate.clone();
    let query = use_query_map();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        busy.set(true);
        error.set(None);
        let navigate = navigate_after.clone();
        let next = after_sign_in(query.read_untracked().get("next"));
        spawn_local(async move {
            match api::verify_code(phone.get_untracked().trim(), code.get_untracked().trim()).await
            {
                Ok(me) => signed_in(session, &navigate, me, &next),
                Err(failure) => error.set(Some(failure.message_zh())),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="sign-in">
            <h1 class="section-title">{move || i18n.t().sign_in_farmer}</h1>
            <form class="form" on:submit=submit>
                <label>
                    {move || i18n.t().phone}
                    <input type="tel" inputmode="numeric" autocomplete="tel" maxlength="11" name="phone"
                        prop:value=phone on:input=move |e| phone.set(event_target_value(&e))/>
                </label>
                <button type="button" class="button secondary" disabled=move || { wait.get() > 0 } on:click=ask>
                    {move || match wait.get() {
                        0 => i18n.t().get_code.to_owned(),
                        left => format!("{left} {}", i18n.t().resend_after),
                    }}
                </button>
                <label>
                    {move || i18n.t().code}
                    <input type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6" name="code"
                        prop:value=code on:input=move |e| code.set(event_target_value(&e))/>
                </label>
                {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
                <button type="submit" class="button" disabled=move || busy.get()>{move || i18n.t().sign_in}</button>
            </form>
            <Link href="/staff/login" class="more-link">{move || i18n.t().staff_sign_in_link}</Link>
        </section>
    }
}

/// Staff: phone number or username, and password.
#[component]
pub fn StaffSignIn() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::log_in(login.get_untracked().trim(), &password.get_untracked()).await {
                Ok(me) => signed_in(session, &navigate, me, "/staff"),
                Err(failure) => error.set(Some(failure.message_zh())),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="sign-in">
            <h1 class="section-title">{move || i18n.t().sign_in_staff}</h1>
            <form class="form" on:submit=submit>
                <label>
                    {move || i18n.t().login_name}
                    <input type="text" autocomplete="username" name="login"
                        prop:value=login on:input=move |e| login.set(event_target_value(&e))/>
                </label>
                <label>
                    {move || i18n.t().password}
                    <input type="password" autocomplete="current-password" name="password"
                        prop:value=password on:input=move |e| password.set(event_target_value(&e))/>
                </label>
                {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
                <button type="submit" class="button" disabled=move || busy.get()>{move || i18n.t().sign_in}</button>
            </form>
            <Link href="/login" class="more-link">{move || i18n.t().farmer_sign_in_link}</Link>
        </section>
    }
}
