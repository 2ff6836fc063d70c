//! Choosing one of a few values: a row of toggle buttons over a list (kind, status), and
//! radio choices in a form; the reason given with a refusal, cancellation or report.

use leptos::prelude::*;
use leptos::task::spawn_local;
use yinong_model::review::ReviewDecision;
use yinong_model::sync::Capture;

use crate::api;
use crate::i18n::{use_i18n, I18n, PortalTextOf};

/// What a choice is called in the current language.
pub type ChoiceLabel<T> = fn(T, I18n) -> &'static str;

/// Buttons choosing which of `choices` a list shows (the chosen one is pressed); choosing
/// goes back to the list's first page.
#[component]
pub fn ChoiceButtons<T>(
    choices: Vec<T>,
    chosen: RwSignal<T>,
    page: RwSignal<i64>,
    label: ChoiceLabel<T>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let i18n = use_i18n();
    view! {
        <div class="status-filters">
            {choices.into_iter().map(|choice| view! {
                <button type="button" class="button secondary"
                    aria-pressed=move || (chosen.get() == choice).to_string()
                    on:click=move |_| { chosen.set(choice); page.set(0); }>
                    {move || label(choice, i18n)}
                </button>
            }).collect_view()}
        </div>
    }
}

/// One radio button per choice in a form, under `legend`.
#[component]
pub fn RadioChoices<T>(
    legend: PortalTextOf,
    name: &'static str,
    choices: Vec<T>,
    chosen: RwSignal<T>,
    label: ChoiceLabel<T>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let i18n = use_i18n();
    view! {
        <fieldset class="choices">
            <legend>{move || legend(i18n.portal())}</legend>
            {choices.into_iter().map(|choice| view! {
                <label class="choice">
                    <input type="radio" name=name prop:checked=move || chosen.get() == choice
                        on:change=move |_| chosen.set(choice)/>
                    {move || label(choice, i18n)}
                </label>
            }).collect_view()}
        </fieldset>
    }
}

/// A reason to type (the other side reads it) and the button that sends it.
#[component]
pub fn ReasonForm(
    label: PortalTextOf,
    confirm: PortalTextOf,
    reason: RwSignal<String>,
    busy: RwSignal<bool>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="form cancel-form">
            <label>
                {move || label(i18n.portal())}
                <textarea name="reason" rows="2" maxlength="200"
                    prop:value=reason on:input=move |e| reason.set(event_target_value(&e))></textarea>
            </label>
            <button type="button" class="button" disabled=busy on:click=move |_| on_confirm.run(())>
                {move || confirm(i18n.portal())}
            </button>
        </div>
    }
}

/// A reviewer's buttons: approve (when `can_approve`), refuse (or take down: its
/// `refuse_label`) with a reason — `decide` runs with `true` to approve — and, with
/// `send_back`, send back for correction with what to correct.
#[component]
pub fn ReviewButtons(
    can_approve: bool,
    refuse_label: PortalTextOf,
    reason: RwSignal<String>,
    busy: RwSignal<bool>,
    decide: Callback<bool>,
    #[prop(optional)] send_back: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let refusing = RwSignal::new(false);
    let sending_back = RwSignal::new(false);
    view! {
        <div class="request-actions">
            {can_approve.then(|| view! {
                <button type="button" class="button" disabled=busy on:click=move |_| decide.run(true)>
                    {move || i18n.portal().approve}
                </button>
            })}
            {send_back.is_some().then(|| view! {
                <button type="button" class="button secondary" disabled=busy
                    on:click=move |_| { sending_back.update(|open| *open = !*open); refusing.set(false); }>
                    {move || i18n.portal().send_back}
                </button>
            })}
            <button type="button" class="button secondary" disabled=busy
                on:click=move |_| { refusing.update(|open| *open = !*open); sending_back.set(false); }>
                {move || refuse_label(i18n.portal())}
            </button>
        </div>
        {move || refusing.get().then(|| view! {
            <ReasonForm label=|t| t.refuse_reason confirm=|t| t.confirm_refuse reason busy
                on_confirm=Callback::new(move |()| decide.run(false))/>
        })}
        {move || (sending_back.get()).then(|| send_back.map(|send_back| view! {
            <ReasonForm label=|t| t.send_back_reason confirm=|t| t.confirm_send_back reason busy
                on_confirm=send_back/>
        }))}
    }
}

/// A reviewer's card for something an informant captured: what it is (`children`) and,
/// while it waits, the buttons that approve, refuse or send it back.
#[component]
pub fn CapturedReviewCard(
    kind: Capture,
    id: i64,
    waiting: bool,
    changed: Callback<()>,
    children: Children,
) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let send = move |decision: ReviewDecision| {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::review_captured(kind, id, &decision).await {
                Ok(()) => changed.run(()),
                Err(failure) => error.set(Some(failure.message_zh())),
            }
            busy.set(false);
        });
    };
    view! {
        <article class="request queue-card">
            {children()}
            {waiting.then(|| view! {
                <ReviewButtons can_approve=true refuse_label=|t| t.refuse reason busy
                    decide=Callback::new(move |approve| send(ReviewDecision::of(approve, reason.get_untracked())))
                    send_back=Callback::new(move |()| send(ReviewDecision::send_back(reason.get_untracked())))/>
            })}
            {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
        </article>
    }
}
